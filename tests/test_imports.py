"""The architecture: one-way imports between rooms, no optional extra on import."""

import ast
import pathlib
import subprocess
import sys

import forecastscore

PKG = pathlib.Path(forecastscore.__file__).parent

# What each room may import from the package (DESIGN.md, "Rooms"). A room not listed here
# fails the test until it is placed in the order.
ALLOWED = {
    "errors": set(),
    "_checks": {"errors"},
    "_kernels": set(),
    "_dask": {"errors"},
    "rules": {"errors", "_checks", "_kernels", "_dask"},
    "model": {"errors", "_checks"},
    "scoring": {"errors", "_checks", "_kernels", "_dask", "rules", "model"},
    "ledger": {"errors", "_checks", "_kernels", "rules", "model", "scoring"},
    "calibration": {"errors", "_checks", "_kernels", "rules", "model", "scoring", "ledger"},
    "compare": {
        "errors",
        "_checks",
        "_kernels",
        "rules",
        "model",
        "scoring",
        "ledger",
        "calibration",
    },
    "verbal": {"errors", "_checks", "_kernels", "rules", "model", "scoring", "ledger"},
    "platforms": {"errors", "_checks", "_kernels", "rules", "model", "scoring", "ledger"},
    "io": {"errors", "_checks", "model", "ledger"},
    "__main__": {
        "errors",
        "_checks",
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
THIRD_PARTY_ONLY_IN = {"_kernels": {"numpy", "__future__", "typing"}}


def _package_imports(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level >= 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(alias.name for alias in node.names)
            elif node.module and node.module.startswith("forecastscore"):
                parts = node.module.split(".")
                if len(parts) > 1:
                    found.add(parts[1])
                else:
                    found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "forecastscore" and len(parts) > 1:
                    found.add(parts[1])
    return found


def test_imports_flow_one_way():
    rooms = sorted(p.stem for p in PKG.glob("*.py"))
    unplaced = [r for r in rooms if r not in ALLOWED]
    assert not unplaced, f"rooms missing from the import order: {unplaced}"
    wrong = {}
    for room in rooms:
        bad = _package_imports(PKG / f"{room}.py") - ALLOWED[room] - {room}
        if bad:
            wrong[room] = sorted(bad)
    assert not wrong, f"imports against the one-way order: {wrong}"


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
        "bad = [m for m in ('hypothesis', 'matplotlib', 'pandas', 'dask', 'sklearn') "
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
