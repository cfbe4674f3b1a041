"""The architecture: one-way imports between rooms, no optional extra on import."""

import ast
import pathlib
import subprocess
import sys

import pytest

import forecastscore

PKG = pathlib.Path(forecastscore.__file__).parent

# What each room may import from the package (DESIGN.md, "Rooms"). A room not listed here
# fails the test until it is placed in the order.
ALLOWED = {
    "errors": set(),
    "_text": set(),
    "_records": set(),
    "_blas": set(),
    "_checks": {"errors"},
    "_kernels": set(),
    "_dask": {"errors", "_namespace"},
    "_namespace": {"errors"},
    "rules": {"errors", "_checks", "_kernels", "_dask", "_namespace"},
    "model": {"errors", "_checks"},
    "scoring": {"errors", "_checks", "_kernels", "_dask", "_namespace", "rules", "model"},
    "ledger": {
        "_text",
        "_records",
        "_blas",
        "errors",
        "_checks",
        "_namespace",
        "_kernels",
        "rules",
        "model",
        "scoring",
    },
    "calibration": {
        "_text",
        "_records",
        "_blas",
        "errors",
        "_checks",
        "_namespace",
        "_kernels",
        "rules",
        "model",
        "scoring",
        "ledger",
    },
    "compare": {
        "_text",
        "_records",
        "_blas",
        "errors",
        "_checks",
        "_namespace",
        "_kernels",
        "rules",
        "model",
        "scoring",
        "ledger",
        "calibration",
    },
    "verbal": {
        "_text",
        "_records",
        "errors",
        "_checks",
        "_namespace",
        "_kernels",
        "rules",
        "model",
        "scoring",
        "ledger",
    },
    "platforms": {
        "_text",
        "_records",
        "errors",
        "_checks",
        "_namespace",
        "_kernels",
        "rules",
        "model",
        "scoring",
        "ledger",
    },
    "io": {"_text", "_records", "errors", "_checks", "model", "ledger"},
    # Track records on Dask (needs dask[dataframe]): the ledger per partition.
    "distributed": {"_text", "_records", "_blas", "errors", "_checks", "model", "ledger"},
    "__main__": {
        "_text",
        "_records",
        "errors",
        "_checks",
        "_namespace",
        "_kernels",
        "rules",
        "model",
        "scoring",
        "ledger",
        "calibration",
        "compare",
        "verbal",
        "platforms",
        "io",
    },
    "strategies": {"errors", "_checks", "model"},
    "_hypothesis": {"model", "strategies"},
}
# plot sits on everything but the files and the command line.
ALLOWED["plot"] = ALLOWED["__main__"] - {"io"}
# __init__ re-exports from every room except plot and strategies, which nothing imports.
ALLOWED["__init__"] = set(ALLOWED) - {"plot", "strategies", "_hypothesis", "__main__", "__init__"}
# Doors: imports inside a function that reach a room above, the way pandas reaches its
# plotting. Each is listed here, so that a door is a decision, not an accident.
DOORS: dict[str, set[str]] = {}
THIRD_PARTY_ONLY_IN = {"_kernels": {"numpy", "__future__", "typing"}}


def _rooms() -> dict[str, list[pathlib.Path]]:
    """Each room (a top-level module, or a package of modules) and the files it is made of."""
    rooms = {p.stem: [p] for p in PKG.glob("*.py")}
    for init in PKG.glob("*/__init__.py"):
        rooms[init.parent.name] = sorted(init.parent.rglob("*.py"))
    return rooms


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    rel = pathlib.Path(*name.split(".")[1:]) if "." in name else pathlib.Path()
    return (PKG / rel).with_suffix(".py").exists() or (PKG / rel / "__init__.py").exists()


def _imports(path: pathlib.Path) -> list[tuple[str, bool]]:
    """The package modules a file imports, each with whether the import is at module level
    (a door, an import inside a function, is not: it runs when called, not when imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    in_function = set()  # and under `if TYPE_CHECKING:`, which never runs
    for node in ast.walk(tree):
        deferred = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or (
            isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        )
        if deferred:
            in_function.update(id(n) for n in ast.walk(node) if n is not node)
    found = []
    for node in ast.walk(tree):
        top = id(node) not in in_function
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if not module.startswith("forecastscore"):
                continue
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.append((sub if _is_module(sub) else module, top))
        elif isinstance(node, ast.Import):
            found += [(a.name, top) for a in node.names if a.name.startswith("forecastscore.")]
    return found


def _room_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_room_is_placed_in_the_import_order():
    unplaced = sorted(set(_rooms()) - set(ALLOWED))
    assert not unplaced, f"rooms missing from the import order: {unplaced}"


def test_imports_flow_one_way():
    wrong = {}
    for room, files in _rooms().items():
        for path in files:
            for module, top in _imports(path):
                target = _room_of(module)
                allowed = ALLOWED[room] | {room} | (DOORS.get(room, set()) if not top else set())
                if target not in allowed:
                    where = f"{path.relative_to(PKG.parent)} imports {module}"
                    wrong.setdefault(room, []).append(where + ("" if top else " (in a function)"))
    assert not wrong, f"imports against the one-way order: {wrong}"


def test_no_import_circle_between_modules():
    # Module-level imports only: a door (an import inside a function) runs once everything is
    # imported. (A package's own __init__ is started before its modules, but that is no
    # edge: its modules may not import names from it, which the explicit edges would show.)
    graph: dict[str, set[str]] = {}
    for files in _rooms().values():
        for path in files:
            name = _module_name(path)
            graph[name] = {m for m, top in _imports(path) if top and m != name}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circle = [*path[path.index(nxt) :], nxt]
                raise AssertionError("import circle: " + " -> ".join(circle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_the_circle_check_sees_a_circle(tmp_path, monkeypatch):
    # The check above must be able to fail: two modules that import each other.
    pkg = tmp_path / "forecastscore"
    (pkg / "room").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "room" / "__init__.py").write_text("from . import _a\n")
    (pkg / "room" / "_a.py").write_text("from ._b import x\n")
    (pkg / "room" / "_b.py").write_text("from ._a import y\n")
    monkeypatch.setattr(sys.modules[__name__], "PKG", pkg)
    try:
        test_no_import_circle_between_modules()
    except AssertionError as err:
        assert "forecastscore.room._a -> forecastscore.room._b -> forecastscore.room._a" in str(err)
    else:
        raise AssertionError("a circle of two modules was not seen")


def test_kernels_import_only_numpy():
    tree = ast.parse((PKG / "_kernels.py").read_text(encoding="utf-8"))
    mods = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            mods.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            mods.add(node.module.split(".")[0])
    assert mods <= THIRD_PARTY_ONLY_IN["_kernels"], mods


def test_import_loads_no_optional_extra():
    code = (
        "import sys, forecastscore, forecastscore.rules, forecastscore.scoring\n"
        "bad = [m for m in ('hypothesis', 'matplotlib', 'pandas', 'dask', 'sklearn', 'scipy', 'mpmath') "
        "if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_star_import_gives_the_public_names():
    ns: dict[str, object] = {}
    exec("from forecastscore import *", ns)
    for name in forecastscore.__all__:
        assert name in ns, name
        assert not name.startswith("_")
    for name in ("brier_score", "log_score", "score", "Prediction", "Outcome", "Question"):
        assert name in ns


# What `import forecastscore` loads: the package's __init__ only (PEP 562 lazy rooms), and each
# room on first use, with no more than the rooms below it.
_LOADED_ROOMS = (
    "import sys, forecastscore\n"
    "{access}\n"
    "mods = [m for m in sys.modules if m == 'forecastscore' or m.startswith('forecastscore.')]\n"
    "rooms = {{m.split('.')[1] if '.' in m else '__init__' for m in mods}}\n"
    "print(','.join(sorted(rooms)))\n"
    "print('numpy' in sys.modules)\n"
)


def _rooms_loaded_by(access: str) -> tuple[set[str], bool]:
    code = _LOADED_ROOMS.format(access=access)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rooms, numpy_loaded = out.stdout.split()
    return set(rooms.split(",")), numpy_loaded == "True"


def test_bare_import_loads_only_the_package_init_and_not_numpy():
    rooms, numpy_loaded = _rooms_loaded_by("")
    assert rooms == {"__init__"}
    assert not numpy_loaded


def test_a_score_at_the_top_level_loads_the_scores_and_what_they_stand_on_only():
    rooms, numpy_loaded = _rooms_loaded_by("forecastscore.brier_score([0.25], [1])")
    assert {"__init__", "rules", "_checks", "_kernels"} <= rooms
    # and nothing above the scores: no claim model, ledger, files or calibration
    assert rooms <= {"__init__", "rules"} | _below("rules"), rooms - _below("rules")
    assert numpy_loaded


def _below(room: str) -> set[str]:
    """The rooms a room may import, directly or through each other."""
    seen: set[str] = set()
    todo = [room]
    while todo:
        for r in ALLOWED[todo.pop()] - seen:
            seen.add(r)
            todo.append(r)
    return seen


@pytest.mark.parametrize("room", sorted(forecastscore._ROOMS))
def test_each_room_loads_on_first_use_with_only_the_rooms_below_it(room):
    # In a fresh process: `forecastscore.<room>` is the room's module, and loads it with the
    # rooms it may import (directly or through each other), never a room above it.
    access = f"assert forecastscore.{room} is sys.modules['forecastscore.{room}']"
    rooms, _ = _rooms_loaded_by(access)
    assert room in rooms
    assert rooms - {"__init__", room} <= _below(room), rooms - _below(room)


def test_every_public_name_resolves_to_its_room_object():
    import importlib

    for name in forecastscore.__all__:
        value = getattr(forecastscore, name)
        if name in forecastscore._ROOMS:
            assert value is importlib.import_module(f"forecastscore.{name}")
        else:
            room = importlib.import_module(
                f"forecastscore.{forecastscore._ROOM_OF.get(name, 'rules')}"
            )
            assert value is getattr(room, name), name
            assert name in room.__all__, name
    assert set(forecastscore.__all__) <= set(dir(forecastscore))


def test_an_unknown_top_level_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="module 'forecastscore' has no attribute 'brier'"):
        forecastscore.brier  # noqa: B018
    # a name of a room that is not re-exported at the top level stays in its room
    with pytest.raises(AttributeError, match="has no attribute 'SUM_ATOL'"):
        forecastscore.SUM_ATOL  # noqa: B018


def test_type_checkers_see_exactly_the_public_names():
    # The `if TYPE_CHECKING:` imports of __init__.py are what mypy and editors see; they must
    # name exactly __all__ (a score added to __all__ without its import would be invisible
    # to them, and one imported but not in __all__ would look public).
    tree = ast.parse((PKG / "__init__.py").read_text(encoding="utf-8"))
    block = next(
        n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"
    )
    seen = {
        alias.asname or alias.name
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }
    assert seen == set(forecastscore.__all__)
