"""Tests of forecastscore.strategies: valid draws, eager argument checks, from_type."""

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore import strategies as fst
from forecastscore.model import made_before


@given(fst.probabilities(allow_endpoints=False))
def test_open_probabilities(p):
    assert 0.0 < p < 1.0


@given(fst.probability_vectors(5))
def test_vectors_sum_to_one(v):
    assert v.shape == (5,) and (v >= 0).all()
    assert math.fsum(v) == pytest.approx(1.0, abs=1e-12)


@given(fst.prediction_outcome_pairs(max_options=3))
def test_pairs_are_scoreable(triple):
    q, p, o = triple
    assert made_before(p.made_at, o.resolved_at)
    fs.score(p, o, question=q)


@given(st.from_type(fs.Prediction), st.from_type(fs.Outcome), st.from_type(fs.Question))
def test_from_type_is_registered(p, o, q):
    assert isinstance(p, fs.Prediction) and isinstance(o, fs.Outcome) and isinstance(q, fs.Question)


def test_arguments_checked_when_built():
    with pytest.raises(fs.InvalidOptionError, match="min_value"):
        fst.probabilities(min_value=1.5)
    with pytest.raises(fs.InvalidOptionError, match="below"):
        fst.probabilities(min_value=0.8, max_value=0.2)
    with pytest.raises(fs.InvalidOptionError, match="k must be"):
        fst.probability_vectors(1)
    with pytest.raises(fs.InvalidOptionError, match="max_options"):
        fst.questions(max_options=1)
    with pytest.raises(fs.InvalidOptionError, match="strategy"):
        fst.predictions(questions=[fs.Question("q")])  # type: ignore[arg-type]


def test_importing_strategies_first_works():
    # Importing forecastscore.strategies imports hypothesis, which runs our entry point while
    # forecastscore.strategies is still half-imported: the hook must not need it yet.
    import subprocess
    import sys

    code = (
        "from forecastscore.strategies import probabilities\n"
        "import hypothesis.strategies as st, forecastscore as fs\n"
        "p = st.from_type(fs.Prediction).example()\n"
        "print(type(p).__name__, 0.0 <= probabilities().example() <= 1.0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["Prediction", "True"]


@given(st.from_type(fs.ScoreRange))
def test_score_ranges_from_type_are_valid(r):
    assert 0.0 <= r.best <= r.worst <= 2.0


@given(fst.probability_ranges(max_width=0.3))
def test_probability_ranges_keep_their_width(r):
    assert 0.0 <= r.low <= r.high <= 1.0 and r.width <= 0.3


@settings(max_examples=40)
@given(fst.quantity_predictions() | fst.quantity_predictions(dates=True))
def test_quantity_predictions_hold_one_quantity_forecast(p):
    assert p.probability is None
    assert p.forecast_kind in ("quantiles", "distribution", "samples")
    if p.distribution is not None:
        # of a family the grammar writes, so that files can carry it
        assert p.distribution_text is not None
    if p.quantiles is not None:
        levels = [lv for lv, _ in p.quantiles]
        assert levels == sorted(levels) and all(0 < lv < 1 for lv in levels)


@settings(max_examples=40)
@given(fst.quantity_outcomes(dates=True))
def test_dated_quantity_outcomes_are_dates(o):
    assert isinstance(o.value, dt.date)
    assert o.is_quantity


def test_quantity_strategies_check_their_arguments():
    with pytest.raises(fs.InvalidOptionError, match=r"dates must be True or False \(got 1\)"):
        fst.quantity_predictions(dates=1)
    with pytest.raises(fs.InvalidOptionError, match=r"dates must be True or False \(got 'y'\)"):
        fst.quantity_outcomes(dates="y")
