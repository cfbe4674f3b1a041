"""Every public function and class has a docstring with a doctest example.

The project standard asks for numpydoc docstrings with the formula, the orientation, the units
and an example; only the example can be checked mechanically, so this test checks that every
name in each room's ``__all__`` that is a function or a class has its own docstring holding a
``>>>`` prompt. ``pytest --doctest-modules`` then runs those examples.

Exempt:

- the exceptions of ``forecastscore.errors``: they need a docstring (saying when they are
  raised) but no example, since every function's example shows the errors it raises;
- names in ``__all__`` that are data, not functions or classes (``forecastscore.model.Time``,
  ``forecastscore.rules.SUM_ATOL``, ``forecastscore.scoring.RULES``,
  ``forecastscore.verbal.LEXICONS`` and ``NOT_INCLUDED``): they have no docstring of their own.
"""

import importlib
import importlib.util
import inspect
import pkgutil

import pytest

import forecastscore

# Every public room of the package. A new room fails test_every_room_is_listed until it is
# added here, so that its names are checked too.
ROOMS = [
    "calibration",
    "compare",
    "distributed",
    "errors",
    "io",
    "ledger",
    "model",
    "platforms",
    "plot",
    "rules",
    "scoring",
    "strategies",
    "verbal",
]

# Rooms that need an optional extra: without it they cannot be imported, and are skipped.
EXTRAS = {"plot": "matplotlib", "strategies": "hypothesis", "distributed": "dask"}

# Rooms whose classes need a docstring but no example.
EXAMPLE_EXEMPT = {"errors"}


def _public(room):
    """(room, name) pairs for the functions and classes in ``forecastscore.<room>.__all__``."""
    extra = EXTRAS.get(room)
    if extra is not None and importlib.util.find_spec(extra) is None:
        return [pytest.param(room, None, marks=pytest.mark.skip(reason=f"needs {extra}"))]
    module = importlib.import_module(f"forecastscore.{room}")
    return [
        (room, name)
        for name in module.__all__
        if inspect.isclass(getattr(module, name)) or inspect.isroutine(getattr(module, name))
    ]


PUBLIC = [pair for room in ROOMS for pair in _public(room)]


def _id(value):
    return str(value)


def test_every_room_is_listed():
    found = {m.name for m in pkgutil.iter_modules(forecastscore.__path__)}
    public = {name for name in found if not name.startswith("_")}
    assert public == set(ROOMS)


@pytest.mark.parametrize(
    "room", [r for r in ROOMS if r not in EXTRAS or importlib.util.find_spec(EXTRAS[r]) is not None]
)
def test_room_has_all(room):
    module = importlib.import_module(f"forecastscore.{room}")
    assert module.__all__, f"forecastscore.{room} has an empty __all__"
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, f"forecastscore.{room}.__all__ names what it does not define: {missing}"


@pytest.mark.parametrize(("room", "name"), PUBLIC, ids=_id)
def test_public_name_has_docstring_with_example(room, name):
    obj = getattr(importlib.import_module(f"forecastscore.{room}"), name)
    # The object's own docstring: a class without one would otherwise be excused by a parent's.
    doc = obj.__doc__
    assert doc and doc.strip(), f"forecastscore.{room}.{name} has no docstring"
    if room in EXAMPLE_EXEMPT:
        return
    assert ">>>" in doc, (
        f"forecastscore.{room}.{name} has no doctest example: add an Examples section with "
        "a '>>>' example that runs"
    )


def test_the_check_sees_the_examples_added_for_result_classes():
    # A few names that once lacked an example: the walk over __all__ must reach them.
    names = {f"{room}.{name}" for room, name in (p for p in PUBLIC if not hasattr(p, "marks"))}
    assert {"ledger.ScoreTable", "calibration.MurphyDecomposition", "scoring.get_rule"} <= names
