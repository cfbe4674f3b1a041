"""Tests of forecastscore.score: one claim at a time."""

import datetime as dt
import functools
import math

import pytest
from hypothesis import given

import forecastscore as fs
from forecastscore.scoring import Rule, get_rule
from forecastscore.strategies import prediction_outcome_pairs

D = dt.date
Q = "russia-ukraine-campaign-2022q1"


@pytest.fixture
def claim():
    return fs.Prediction(
        question=Q,
        forecaster="opinion piece, January 2022",
        made_at=D(2022, 1, 8),
        probability=0.3,
        quote="Russia's military campaign on Ukrainian territory is now less likely to happen.",
    )


@pytest.fixture
def invasion():
    return fs.Outcome(question=Q, resolved_at=D(2022, 2, 24), value="yes")


# --- values -------------------------------------------------------------------------------


def test_founding_example(claim, invasion):
    # Brier (0.3 - 1)**2 = 0.49; log -ln 0.3 = 1.2039728043259361 nats
    assert fs.score(claim, invasion) == pytest.approx(0.49, abs=1e-15)
    assert fs.score(claim, invasion, rule="log") == pytest.approx(-math.log(0.3), rel=1e-15)
    # spherical 1 - 0.3/sqrt(0.09 + 0.49) = 1 - 0.3/0.7615773106 = 1 - 0.3939192986 = 0.6060807014
    assert fs.score(claim, invasion, rule="spherical") == pytest.approx(0.6060807014, rel=1e-9)


def test_rule_function(claim, invasion):
    bits = fs.score(claim, invasion, rule=functools.partial(fs.log_score, base=2))
    assert bits == pytest.approx(-math.log2(0.3), rel=1e-15)  # 1.7369655941662063 bits


def test_categorical_prediction():
    q = fs.Question("colour", options=("red", "green", "blue"))
    p = fs.Prediction(q, "a", D(2022, 1, 1), {"red": 0.7, "green": 0.2, "blue": 0.1})
    o = fs.Outcome(q, D(2022, 2, 1), "red")
    # 0.09 + 0.04 + 0.01 = 0.14
    assert fs.score(p, o, question=q) == pytest.approx(0.14, abs=1e-15)
    # options missing from the mapping count as 0: {"red": 1.0} and "green" -> 0 + 1 + 1 = 2
    p2 = fs.Prediction(q, "a", D(2022, 1, 1), {"red": 1.0})
    assert fs.score(p2, fs.Outcome(q, D(2022, 2, 1), "green"), question=q) == 2.0


def test_two_option_mapping_scores_twice_the_plain_probability(claim, invasion):
    as_mapping = fs.Prediction(Q, "x", D(2022, 1, 8), {"no": 0.7, "yes": 0.3})
    assert fs.score(as_mapping, invasion) == pytest.approx(2 * fs.score(claim, invasion))


def test_range_gives_best_and_worst(invasion):
    p = fs.Prediction(Q, "x", D(2022, 1, 8), fs.ProbabilityRange(0.20, 0.45))
    r = fs.score(p, invasion)
    # best at 0.45: (1 - 0.45)**2 = 0.3025; worst at 0.20: 0.8**2 = 0.64
    assert isinstance(r, fs.ScoreRange)
    assert r.best == pytest.approx(0.3025) and r.worst == pytest.approx(0.64)


def test_custom_options_plain_probability_is_second_option():
    q = fs.Question("election", options=("A", "B"))
    p = fs.Prediction(q, "x", D(2024, 1, 1), 0.8)  # P(B) = 0.8
    assert fs.score(p, fs.Outcome(q, D(2024, 11, 6), "B"), question=q) == pytest.approx(0.04)
    assert fs.score(p, fs.Outcome(q, D(2024, 11, 6), "A"), question=q) == pytest.approx(0.64)


# --- errors -------------------------------------------------------------------------------


def test_hindsight_same_day(claim):
    late = fs.Prediction(Q, "late", D(2022, 2, 24), 0.99)
    with pytest.raises(
        fs.HindsightError,
        match="made at 2022-02-24, not before its outcome was known at 2022-02-24",
    ):
        fs.score(late, fs.Outcome(Q, D(2022, 2, 24), True))


def test_hindsight_datetime_on_resolution_day():
    p = fs.Prediction(Q, "x", dt.datetime(2022, 2, 24, 3, tzinfo=dt.timezone.utc), 0.9)
    with pytest.raises(fs.HindsightError, match=r"made at 2022-02-24T03:00:00\+00:00, not before"):
        fs.score(p, fs.Outcome(Q, D(2022, 2, 24), True))


def test_question_mismatch(claim):
    with pytest.raises(fs.QuestionMismatchError, match="'other'"):
        fs.score(claim, fs.Outcome("other", D(2022, 2, 24), True))
    with pytest.raises(fs.QuestionMismatchError, match="question 'x' was given"):
        fs.score(claim, fs.Outcome(Q, D(2022, 2, 24), True), question=fs.Question("x"))


def test_annulled(claim):
    with pytest.raises(fs.AnnulledOutcomeError, match="annulled"):
        fs.score(claim, fs.Outcome(Q, D(2022, 2, 24), annulled=True))


def test_outcome_not_an_option(claim):
    with pytest.raises(fs.InvalidOutcomeError, match="'maybe' is not an option"):
        fs.score(claim, fs.Outcome(Q, D(2022, 2, 24), "maybe"))


def test_mapping_with_unknown_option():
    q = fs.Question("c", options=("red", "green", "blue"))
    # caught when the claim is made from the Question ...
    with pytest.raises(fs.InvalidForecastError, match="purple"):
        fs.Prediction(q, "a", D(2022, 1, 1), {"red": 0.5, "purple": 0.5})
    # ... and when it is made from the id and scored against the question
    p = fs.Prediction("c", "a", D(2022, 1, 1), {"red": 0.5, "purple": 0.5})
    with pytest.raises(fs.InvalidForecastError, match="purple"):
        fs.score(p, fs.Outcome(q, D(2022, 2, 1), "red"), question=q)


def test_plain_probability_on_many_options():
    q = fs.Question("c", options=("red", "green", "blue"))
    with pytest.raises(fs.InvalidForecastError, match="two-option question"):
        fs.Prediction(q, "a", D(2022, 1, 1), 0.5)
    p = fs.Prediction("c", "a", D(2022, 1, 1), 0.5)
    with pytest.raises(fs.InvalidForecastError, match="two-option question"):
        fs.score(p, fs.Outcome(q, D(2022, 2, 1), "red"), question=q)


def test_unknown_rule(claim, invasion):
    with pytest.raises(fs.UnknownRuleError, match="'brierr' is not known.*'brier'"):
        fs.score(claim, invasion, rule="brierr")


def test_wrong_types(claim, invasion):
    with pytest.raises(fs.ForecastTypeError, match="prediction must be a Prediction"):
        fs.score(0.3, invasion)  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------


@given(prediction_outcome_pairs(max_options=4, ranges=True))
def test_score_agrees_with_the_array_functions(triple):
    q, p, o = triple
    got = fs.score(p, o, question=q)
    k = o.option_index(q.options)
    if isinstance(p.probability, fs.ProbabilityRange):
        assert got.best <= got.worst
        ends = sorted(float(fs.brier_score(x, k)) for x in (p.probability.low, p.probability.high))
        assert (got.best, got.worst) == (ends[0], ends[1])
    elif q.is_binary:
        assert got == float(fs.brier_score(p.probability, k))
        assert 0.0 <= got <= 1.0
    else:
        vec = [p.probability.get(opt, 0.0) for opt in q.options]
        assert got == float(fs.categorical_brier_score(vec, k))
        assert 0.0 <= got <= 2.0


@given(prediction_outcome_pairs(ranges=True))
def test_zero_width_range_scores_like_the_probability(triple):
    _q, p, o = triple
    x = p.probability.low if isinstance(p.probability, fs.ProbabilityRange) else p.probability
    point = fs.Prediction(p.question, p.forecaster, p.made_at, x)
    pinned = fs.Prediction(p.question, p.forecaster, p.made_at, fs.ProbabilityRange(x, x))
    r = fs.score(pinned, o, rule="log")
    assert r.best == r.worst == fs.score(point, o, rule="log")


def test_hindsight_at_the_end_of_the_calendar_is_hindsight_not_overflow():
    # A date stands for its whole day: the day after 9999-12-31 is not a datetime, so the rule
    # must be decided without computing it.
    last = D(9999, 12, 31)
    with pytest.raises(fs.HindsightError, match=r"made at 9999-12-31, not before .* 9999-12-31"):
        fs.score(fs.Prediction("q", "a", last, 0.3), fs.Outcome("q", last, "yes"))
    # (0.3 - 1)**2 = 0.49 for the day before
    on_time = fs.Prediction("q", "a", D(9999, 12, 30), 0.3)
    assert fs.score(on_time, fs.Outcome("q", last, "yes")) == pytest.approx(0.49, abs=1e-15)
    # 9999-12-31T23:00-05:00 is 10000-01-01T04:00Z, which datetime cannot hold
    late = dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    with pytest.raises(fs.HindsightError, match="made at 9999-12-31T23:00:00-05:00"):
        fs.score(fs.Prediction("q", "a", late, 0.3), fs.Outcome("q", last, "yes"))
    # and at the other end: 0001-01-01 counts against 0001-01-02
    first = fs.Prediction("q", "a", D(1, 1, 1), 0.3)
    assert fs.score(first, fs.Outcome("q", D(1, 1, 2), "yes")) == pytest.approx(0.49, abs=1e-15)


def test_question_closing_on_the_last_day_of_the_calendar():
    last = D(9999, 12, 31)
    assert fs.Question("q", opens=last, closes=last).closes == last
    with pytest.raises(fs.InvalidTimeError, match=r"'closes' \(9999-12-30\) is before 'opens'"):
        fs.Question("q", opens=last, closes=D(9999, 12, 30))


# --- Rule: its fields are checked when it is made (issue 8) --------------------------------


def test_rule_validates_its_fields():
    brier, cat = fs.brier_score, fs.categorical_brier_score
    for args, pattern in [
        ((3, brier, cat, "u"), r"^Rule 'name' must be a non-empty string \(got 3\)$"),
        (("  ", brier, cat, "u"), r"^Rule 'name' must be a non-empty string \(got '  '\)$"),
        (("x", None, cat, "u"), r"^Rule 'binary' must be a callable.*\(got None\)$"),
        (("x", brier, "brier", "u"), r"^Rule 'categorical' must be a callable.*\(got 'brier'\)$"),
        (("x", brier, cat, None), r"^Rule 'units' must be a string \(got None\)$"),
    ]:
        with pytest.raises(fs.ForecastTypeError, match=pattern):
            Rule(*args)


def test_score_refuses_a_rule_without_functions(claim, invasion):
    with pytest.raises(fs.ForecastTypeError, match=r"^Rule 'binary' must be a callable"):
        fs.score(claim, invasion, rule=Rule("none", None, None, "u"))  # type: ignore[arg-type]


def test_a_callable_without_a_name_is_a_rule_named_by_its_repr(claim, invasion):
    # log base 2 of 0.3 when yes happened: -log2(0.3) = -ln(0.3) / ln(2) = 1.7369655941662063
    rule = get_rule(functools.partial(fs.log_score, base=2))
    assert rule.name.startswith("functools.partial(<function log_score")
    assert fs.score(claim, invasion, rule=rule) == pytest.approx(-math.log2(0.3), rel=1e-15)

    class Absolute:
        __name__ = ""  # a name that names nothing

        def __call__(self, forecast, outcome):
            return abs(forecast - outcome)

    named = get_rule(Absolute())
    assert named.name.startswith("<") and "Absolute object" in named.name
    # |0.3 - 1| = 0.7
    assert fs.score(claim, invasion, rule=named) == pytest.approx(0.7, rel=1e-15)
