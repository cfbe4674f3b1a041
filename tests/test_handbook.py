"""The handbook: every public name has its reference, every relative link resolves.

The site itself is built by ``mkdocs build --strict`` in ``.ci/run`` (a broken cross-reference
or a docstring griffe cannot read fails it); these tests need no docs extra.
"""

from __future__ import annotations

import importlib
import pathlib
import pkgutil
import re
import types
import unicodedata

import pytest
import yaml

import forecastscore

ROOT = pathlib.Path(__file__).resolve().parent.parent
API = ROOT / "docs" / "api"

# The public rooms, each with its page docs/api/<room>.md.
ROOMS = [
    "rules",
    "model",
    "scoring",
    "ledger",
    "distributed",
    "io",
    "calibration",
    "compare",
    "verbal",
    "platforms",
    "plot",
    "strategies",
    "errors",
]
DIRECTIVE = re.compile(r"^::: (\S+)\s*$", re.MULTILINE)


def documented(page: pathlib.Path) -> list[str]:
    """The objects a page renders with a ``::: path`` directive, in order."""
    return DIRECTIVE.findall(page.read_text(encoding="utf-8"))


def test_every_public_module_is_a_room_with_a_page():
    public = {
        m.name for m in pkgutil.iter_modules(forecastscore.__path__) if not m.name.startswith("_")
    }
    assert public == set(ROOMS)
    for room in ROOMS:
        assert (API / f"{room}.md").is_file(), room


@pytest.mark.parametrize("room", ROOMS)
def test_every_name_of_a_room_has_its_reference(room):
    module = importlib.import_module(f"forecastscore.{room}")
    paths = documented(API / f"{room}.md")
    # The room itself (its docstring), then each public name exactly once.
    assert paths[0] == f"forecastscore.{room}"
    names = [p.removeprefix(f"forecastscore.{room}.") for p in paths[1:]]
    assert all(p.startswith(f"forecastscore.{room}.") for p in paths[1:]), paths
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    missing = sorted(set(module.__all__) - set(names))
    assert not missing, f"docs/api/{room}.md lacks ::: forecastscore.{room}.<name> for {missing}"
    extra = sorted(set(names) - set(module.__all__))
    assert not extra, f"docs/api/{room}.md documents names not in {room}.__all__: {extra}"


def _own_doc(obj: object) -> str:
    doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    return (doc or "").strip()


@pytest.mark.parametrize("room", ROOMS)
def test_every_public_name_has_a_docstring(room):
    # mkdocs renders an undocumented name as a bare heading without a warning, so the
    # docstrings are checked here: functions, classes and their public methods and
    # properties by their own __doc__, constants by the #: comment above their assignment.
    module = importlib.import_module(f"forecastscore.{room}")
    source = "\n".join(
        p.read_text(encoding="utf-8")
        for p in pathlib.Path(forecastscore.__file__).parent.rglob("*.py")
    )
    missing = []
    for name in module.__all__:
        obj = getattr(module, name)
        if isinstance(obj, type) or callable(obj):
            if not _own_doc(obj):
                missing.append(name)
            if isinstance(obj, type) and not issubclass(obj, BaseException):
                for attr, value in vars(obj).items():
                    if isinstance(value, (classmethod, staticmethod)):
                        value = value.__func__
                    if attr.startswith("_") or (
                        not callable(value) and not isinstance(value, property)
                    ):
                        continue
                    if not (getattr(value, "__doc__", None) or "").strip():
                        missing.append(f"{name}.{attr}")
        elif not re.search(rf"^#: .+\n(?:#:.*\n)*{name}\b *[:=]", source, re.MULTILINE):
            missing.append(name)
    assert not missing, f"forecastscore.{room}: no docstring for {missing}"


def test_every_top_level_name_points_to_its_reference():
    text = (API / "index.md").read_text(encoding="utf-8")
    # Rows of the table: | [`name`][forecastscore.room.name] | ... or | [`room`](room.md) | ...
    refs = dict(re.findall(r"^\| \[`(\w+)`\]\[(forecastscore\.[\w.]+)\]", text, re.MULTILINE))
    pages = dict(re.findall(r"^\| \[`(\w+)`\]\((\w+)\.md\)", text, re.MULTILINE))
    assert not set(refs) & set(pages)
    assert sorted([*refs, *pages]) == sorted(forecastscore.__all__)
    everything = {p for room in ROOMS for p in documented(API / f"{room}.md")}
    for name, path in refs.items():
        assert path in everything, f"{name} points to {path}, which no API page renders"
        room = path.split(".")[1]
        assert getattr(importlib.import_module(f"forecastscore.{room}"), name) is getattr(
            forecastscore, name
        ), f"forecastscore.{name} is not {path}"
    for name, page in pages.items():
        assert isinstance(getattr(forecastscore, name), types.ModuleType)
        assert name == page and page in ROOMS


def test_every_api_page_is_in_the_site_nav():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def leaves(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [leaf for value in node.values() for leaf in leaves(value)]
        if isinstance(node, list):
            return [leaf for item in node for leaf in leaves(item)]
        return []

    nav = set(leaves(config["nav"]))
    pages = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")}
    assert pages == nav


# Relative links --------------------------------------------------------------------------

FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def prose(text: str) -> str:
    """The text without fenced code blocks and code spans, where a link is not a link."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def anchors(path: pathlib.Path) -> set[str]:
    """The ids a heading of a Markdown file gets: MkDocs's (Python-Markdown) and GitHub's."""
    ids = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
        ascii_ = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
        ids.add(re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_).strip().lower()))
        ids.add(re.sub(r"[^\w\- ]", "", plain.strip().lower()).replace(" ", "-"))
    return ids


def broken_links(path: pathlib.Path) -> list[str]:
    """Each relative link of a Markdown file that names no file, or no heading in one."""
    text = prose(path.read_text(encoding="utf-8"))
    broken = []
    for target in [*INLINE_LINK.findall(text), *REFERENCE_DEF.findall(text)]:
        if SCHEME.match(target) or target.startswith("//"):
            continue  # a URL: not this test's business
        file_part, _, anchor = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        if not resolved.exists():
            broken.append(f"{target}: no file {resolved}")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target}: no heading #{anchor} in {resolved.name}")
    return broken


MARKDOWN = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").rglob("*.md")),
    ROOT / "forecastscore" / "data" / "README.md",
]


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path):
    assert broken_links(path) == []


MENTION = re.compile(r"(?<![\w./:-])((?:[\w.-]+/)*[\w.-]+\.md)\b")


def broken_mentions(path: pathlib.Path, root: pathlib.Path = ROOT) -> list[str]:
    """Each Markdown file a text names outside a link (``DESIGN.md``, `` `docs/x.md` ``)
    that exists neither beside the text nor from the repository's root."""
    text = re.sub(r"\]\([^)]*\)", "]", path.read_text(encoding="utf-8"))
    text = re.sub(r"[a-z]+://\S+", "", text)
    return [
        name
        for name in MENTION.findall(text)
        if not (path.parent / name).exists() and not (root / name).exists()
    ]


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_files_named_in_the_text_exist(path):
    # A file named in code or prose, not linked, must exist too (the bundled data's README
    # once sent readers to a `docs/formats.md` that did not exist).
    assert broken_mentions(path) == []


def test_mention_check_finds_what_is_missing(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "here.md").write_text("")
    page = tmp_path / "docs" / "page.md"
    page.write_text(
        "See `here.md`, `docs/here.md` and [a link](here.md), https://example.org/x.md,\n"
        "but not DESIGN.md, `docs/formats.md` or (../nowhere/else.md).\n"
    )
    assert broken_mentions(page, tmp_path) == ["DESIGN.md", "docs/formats.md", "../nowhere/else.md"]


def test_link_check_finds_what_is_broken(tmp_path):
    # The checker itself, on a file whose good and bad links are known.
    (tmp_path / "other.md").write_text("# Other page\n\n## A `code` heading: yes\n")
    (tmp_path / "figure.png").write_bytes(b"")
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\n"
        "[ok](other.md) [ok](other.md#other-page) [ok](other.md#a-code-heading-yes) "
        "![ok](figure.png) [ok](#title) [ok](https://example.org/missing.md)\n"
        "[bad](missing.md) [bad](other.md#nowhere) ![bad](figure.svg) [bad](#untitled)\n"
        "[ref]: ../nothing-here.md\n\n"
        "`[code](not-a-link.md)`\n\n```md\n[code](not-a-link-either.md)\n```\n"
    )
    found = broken_links(page)
    assert [f.split(":")[0] for f in found] == [
        "missing.md",
        "other.md#nowhere",
        "figure.svg",
        "#untitled",
        "../nothing-here.md",
    ]


# CITATION.cff -----------------------------------------------------------------------------


def test_citation_file_matches_the_project():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = dict(re.findall(r'^(name|version|license) = "([^"]*)"$', pyproject, re.MULTILINE))
    authors = re.findall(r'\{ name = "([^"]+)" \}', pyproject)
    assert cff["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(cff)
    assert cff["title"] == project["name"]
    assert cff["version"] == project["version"]
    assert cff["license"] == project["license"] == "MIT"
    assert authors == ["The forecastscore developers"]
    assert cff["authors"] == [{"name": name} for name in authors]
    assert "doi" not in cff
