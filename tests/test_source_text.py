"""The project's text files hold no control characters.

A LaTeX formula in a docstring that is not a raw string turns ``\\frac`` into a form feed and
``rac``, ``\\begin`` into a backspace and ``\\text`` into a tab, and ``help()`` then prints
garbage. Checking the files (and the docstrings as Python sees them) catches every such slip,
whichever escape it was.
"""

import importlib
import inspect
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Any C0 control character but the newline (and the DEL character). A tab is refused too:
# the project indents with spaces, and a tab in a docstring is how ``\t`` shows up.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
TEXT_FILES = sorted(
    p
    for folder in ("forecastscore", "tests", "docs", "benchmarks", ".ci")
    for p in (ROOT / folder).rglob("*")
    if p.is_file() and p.suffix in {".py", ".md", ".csv", ".txt", ".toml", ".cfg", ".yml", ""}
) + [ROOT / name for name in ("README.md", "CHANGELOG.md", "pyproject.toml")]


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_control_characters_in_text_files(path):
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), start=1):
        found = CONTROL.search(line)
        assert found is None, f"{path.relative_to(ROOT)}:{number}: {found.group()!r} in {line!r}"


ROOMS = ("calibration", "compare", "errors", "io", "ledger", "model", "platforms", "rules")
ROOMS += ("scoring", "verbal")


def _public_docstrings():
    import forecastscore

    rooms = [forecastscore] + [importlib.import_module(f"forecastscore.{name}") for name in ROOMS]
    for room in rooms:
        yield room.__name__, room.__doc__ or ""
        for name in getattr(room, "__all__", []):
            obj = getattr(room, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield f"{room.__name__}.{name}", inspect.getdoc(obj) or ""


def test_no_control_characters_in_docstrings():
    bad = [name for name, doc in _public_docstrings() if CONTROL.search(doc)]
    assert bad == []


def test_the_metaculus_continuous_formula_reads_as_latex():
    from forecastscore import platforms

    doc = platforms.metaculus_continuous_baseline_score.__doc__
    assert r"100\,\frac{\ln p_k - \ln b_k}{2}" in doc
    assert r"b_k = \begin{cases} 0.05 & k \text{ an out-of-bounds bucket} \\" in doc
