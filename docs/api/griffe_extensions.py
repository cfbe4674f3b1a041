"""Griffe extensions for the handbook (``mkdocs.yml`` loads them; nothing else imports them).

The docstrings are numpydoc with reStructuredText inline markup, as Sphinx reads them;
mkdocstrings renders Markdown. Two extensions bridge the gap without changing a docstring:

- :class:`AttrsInit` gives each ``attrs`` class the ``__init__`` that attrs writes at import
  time. Griffe reads the source, where such a class has no ``__init__``, so the
  ``Parameters`` section of its docstring would name parameters that "do not appear in the
  function signature"; with the real signature griffe still checks every documented one.
- :class:`RestMarkup` rewrites reST markup into Markdown: a cross-reference role
  (``:func:`score```) becomes a link the build must resolve (a broken one fails
  ``mkdocs build --strict``), a name outside the package (``:class:`ValueError```) becomes
  code, ``:math:`` becomes code, a ``.. math::`` block becomes a preformatted block,
  ``.. warning::`` becomes an admonition and ``[1]_`` a plain ``[1]``. A role whose name is
  neither in the package nor importable is reported as a warning, which fails the build.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import re
import sys
from typing import Any

import griffe

_ATTRS_DECORATORS = {"attrs.frozen", "attrs.define", "attrs.mutable", "attr.s", "attr.attrs"}

_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: griffe.ParameterKind.positional_only,
    inspect.Parameter.POSITIONAL_OR_KEYWORD: griffe.ParameterKind.positional_or_keyword,
    inspect.Parameter.VAR_POSITIONAL: griffe.ParameterKind.var_positional,
    inspect.Parameter.KEYWORD_ONLY: griffe.ParameterKind.keyword_only,
    inspect.Parameter.VAR_KEYWORD: griffe.ParameterKind.var_keyword,
}


class AttrsInit(griffe.Extension):
    """Add the attrs-generated ``__init__`` to every attrs class griffe loads."""

    def on_class_members(
        self, *, node: ast.AST | griffe.ObjectNode, cls: griffe.Class, **kwargs: Any
    ) -> None:
        if "__init__" in cls.members:
            return
        if not {decorator.callable_path for decorator in cls.decorators} & _ATTRS_DECORATORS:
            return
        signature = inspect.signature(griffe.dynamic_import(cls.path).__init__)
        parameters = [
            griffe.Parameter(
                p.name,
                annotation=None if p.annotation is p.empty else str(p.annotation),
                kind=_KINDS[p.kind],
                default=None if p.default is p.empty else repr(p.default),
            )
            for p in signature.parameters.values()
        ]
        init = griffe.Function(
            "__init__",
            lineno=cls.lineno,
            endlineno=cls.lineno,
            parameters=griffe.Parameters(*parameters),
            returns="None",
        )
        cls.set_member("__init__", init)


_ROLE = re.compile(r":(?:py:)?(func|class|meth|mod|data|attr|exc|obj):`([^`]+)`")
_MATH_ROLE = re.compile(r":math:`([^`]+)`")
_FOOTNOTE_REF = re.compile(r"\[(\d+)\]_")
_FOOTNOTE = re.compile(r"^(\s*)\.\. \[(\d+)\]", re.MULTILINE)
_DIRECTIVE = re.compile(r"^( *)\.\. (math|warning|note)::[ \t]*$")


def _external(name: str, package: str) -> bool:
    """Whether ``name`` names something outside this package: a builtin (``ValueError``), a
    standard module (``json``) or a dotted path into another package (``pandas.DataFrame``).
    Any other undotted name can only be meant for this package, so it is a typo if it
    resolves to nothing there."""
    first = name.split(".")[0]
    if hasattr(builtins, first) or first in sys.stdlib_module_names:
        return True
    return "." in name and first != package


def _blocks(text: str) -> str:
    """``.. math::`` as a preformatted block, ``.. warning::`` and ``.. note::`` as admonitions."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _DIRECTIVE.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        indent, kind = len(match.group(1)), match.group(2)
        body: list[str] = []
        i += 1
        while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > indent):
            body.append(lines[i])
            i += 1
        while body and not body[-1].strip():
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        depth = min(_indent(line) for line in body if line.strip()) if body else 0
        pad = " " * indent
        if kind == "math":
            out += [f"{pad}```text", *(pad + line[depth:] for line in body), f"{pad}```"]
        else:
            out += [f"{pad}!!! {kind}", ""]
            out += [(pad + "    " + line[depth:]) if line.strip() else "" for line in body]
        out.append("")
    return "\n".join(out)


def _lookup(obj: griffe.Object, name: str) -> str | None:
    """Python's scoping seen from ``obj``, with a class's inherited members in its scope."""
    scope: griffe.Object | None = obj
    while scope is not None:
        members = scope.all_members if scope.is_class else scope.members
        if name in members:
            member = members[name]
            if member.is_alias and not member.inherited:
                return str(member.target_path)
            return f"{scope.path}.{name}"
        if scope.parent is not None and name == scope.parent.name and not scope.parent.is_module:
            return scope.parent.path
        scope = scope.parent
    return None


def _public_paths(pkg: griffe.Module) -> set[str]:
    """The paths the API reference renders: every public module, each name in the
    ``__all__`` of one, and what that name is imported from (its canonical path, one hop)."""
    public: set[str] = set()
    todo = [pkg]
    while todo:
        module = todo.pop()
        public.add(module.path)
        for name in module.exports or ():
            member = module.members.get(str(name))
            if member is None:
                continue
            public.add(f"{module.path}.{name}")
            if member.is_alias:
                public.add(str(member.target_path))
        todo += [
            m for m in module.modules.values() if not m.is_alias and not m.name.startswith("_")
        ]
    return public


def _published(path: str, root: griffe.Module, public: set[str]) -> bool:
    """Whether ``path`` is rendered: published itself, or a public member of a published
    class (``Ledger.to_pandas``)."""
    if path in public:
        return True
    parts = path.split(".")
    for cut in range(len(parts) - 1, 1, -1):
        owner = ".".join(parts[:cut])
        if owner in public:
            obj = root[owner.removeprefix(f"{root.name}.")]
            rest = parts[cut:]
            return obj.is_class and not any(p.startswith("_") for p in rest)
    return False


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class RestMarkup(griffe.Extension):
    """Rewrite the reST inline markup of every docstring into Markdown and cross-references."""

    def __init__(self) -> None:
        super().__init__()
        self._public: set[str] = set()

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self._public = _public_paths(pkg)
        self._walk(pkg)

    def _walk(self, obj: griffe.Object) -> None:
        if obj.docstring is not None:
            obj.docstring.value = self._convert(obj, obj.docstring.value)
        for member in obj.members.values():
            if not member.is_alias and isinstance(member, griffe.Object):
                self._walk(member)

    def _convert(self, obj: griffe.Object, text: str) -> str:
        text = _blocks(text)
        text = _MATH_ROLE.sub(lambda m: f"`{m.group(1)}`", text)
        text = _ROLE.sub(lambda m: self._role(obj, m.group(1), m.group(2)), text)
        text = _FOOTNOTE_REF.sub(r"\\[\1\\]", text)
        return _FOOTNOTE.sub(r"\1\\[\2\\]", text)

    def _role(self, obj: griffe.Object, kind: str, target: str) -> str:
        explicit = re.fullmatch(r"(.*?)\s*<(.+)>", target)
        if explicit:
            title, name = explicit.group(1), explicit.group(2)
        else:
            name = target.lstrip("~")
            title = name.rsplit(".", 1)[-1] if target.startswith("~") else name
        found, path = self._resolve(obj, name)
        if path is not None:
            return f"[`{title}`][{path}]"
        if not found and not _external(name, obj.package.name):
            where = f"{obj.relative_filepath}:{obj.lineno or 1}"
            griffe.logger.warning("%s: %s: :%s:`%s` names nothing", where, obj.path, kind, target)
        return f"`{title}`"

    def _resolve(self, obj: griffe.Object, name: str) -> tuple[bool, str | None]:
        """Whether ``name``, seen from ``obj``, is in this package, and its page anchor if any.

        What the API reference does not render stays as code: a private helper, a name
        that no public room exports, an attrs field documented in its class's table. A
        published name links, and the build fails if no page renders it.
        """
        root = obj.package
        first, _, rest = name.partition(".")
        if first == root.name:
            base = name
        else:
            base = _lookup(obj, first)
            if base is None:
                return False, None
            base += f".{rest}" if rest else ""
        if not base.startswith(f"{root.name}."):
            return False, None
        try:
            target = root[base.removeprefix(f"{root.name}.")]
        except (KeyError, griffe.AliasResolutionError):
            return False, None
        if target.is_attribute and not target.docstring:
            return True, None
        if not _published(base, root, self._public):
            return True, None
        return True, base
