"""Hypothesis strategies for valid forecasts, questions, predictions and outcomes.

For users' test suites (the optional extra ``strategies`` installs Hypothesis) and for this
project's own property tests. Nothing in the package imports this module; Hypothesis finds it
through its entry point, which registers the claim classes so that
``st.from_type(forecastscore.Prediction)`` just works (the hook itself lives in
``forecastscore._hypothesis``, so that importing this module first works too).

Every strategy's arguments are checked when the strategy is built, not when it is drawn.

Examples
--------
>>> from hypothesis import given
>>> import forecastscore as fs
>>> from forecastscore.strategies import probabilities
>>> @given(probabilities())
... def test_brier_bounds(p):
...     assert 0.0 <= fs.brier_score(p, 1) <= 1.0
>>> test_brier_bounds()
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

from .errors import InvalidOptionError
from .model import Outcome, Prediction, ProbabilityRange, Question, ScoreRange, Time

__all__ = [
    "outcomes",
    "prediction_outcome_pairs",
    "predictions",
    "probabilities",
    "probability_ranges",
    "probability_vectors",
    "quantity_outcomes",
    "quantity_predictions",
    "question_ids",
    "questions",
    "score_ranges",
    "times",
]

# UTC, fixed offsets on both sides of it, and a zone with daylight-saving changes when the
# machine has the time-zone database.
_ZONES: list[dt.tzinfo] = [
    dt.timezone.utc,
    dt.timezone(dt.timedelta(hours=5, minutes=30)),
    dt.timezone(dt.timedelta(hours=-5)),
]
try:
    import zoneinfo

    _ZONES.append(zoneinfo.ZoneInfo("America/New_York"))
except (ImportError, KeyError, OSError):  # pragma: no cover - depends on the machine
    pass

_MIN_DAY = dt.date(2000, 1, 1)
_MAX_DAY = dt.date(2035, 12, 31)


def _check_flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidOptionError(f"{name} must be True or False (got {value!r})")
    return value


def _check_unit(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidOptionError(f"{name} must be a number in [0, 1] (got {value!r})")
    v = float(value)
    if math.isnan(v) or not 0.0 <= v <= 1.0:
        raise InvalidOptionError(f"{name} must be a number in [0, 1] (got {value!r})")
    return v


def probabilities(
    *, min_value: float = 0.0, max_value: float = 1.0, allow_endpoints: bool = True
) -> st.SearchStrategy[float]:
    """Probabilities: floats in ``[min_value, max_value]``, never NaN.

    Parameters
    ----------
    min_value, max_value : float, default 0.0 and 1.0
        The bounds, within [0, 1].
    allow_endpoints : bool, default True
        Whether the bounds themselves may be drawn. ``False`` gives the open interval, which
        is what a log score that must stay finite needs.

    Examples
    --------
    >>> import math
    >>> from hypothesis import given
    >>> import forecastscore as fs
    >>> from forecastscore.strategies import probabilities
    >>> @given(probabilities(allow_endpoints=False))
    ... def test_log_score_is_finite_inside(p):
    ...     assert 0.0 < p < 1.0
    ...     assert math.isfinite(fs.log_score(p, 0)) and math.isfinite(fs.log_score(p, 1))
    >>> test_log_score_is_finite_inside()

    Bad options fail when the strategy is built, not when it is drawn:

    >>> probabilities(min_value=0.8, max_value=0.2)
    Traceback (most recent call last):
    ...
    forecastscore.errors.InvalidOptionError: min_value must be below max_value (got 0.8 and 0.2)
    """
    lo = _check_unit("min_value", min_value)
    hi = _check_unit("max_value", max_value)
    _check_flag("allow_endpoints", allow_endpoints)
    if lo > hi or (not allow_endpoints and math.nextafter(lo, 2.0) >= hi):
        raise InvalidOptionError(
            f"min_value must be below max_value (got {min_value!r} and {max_value!r})"
        )
    return st.floats(
        min_value=lo,
        max_value=hi,
        exclude_min=not allow_endpoints,
        exclude_max=not allow_endpoints,
        allow_nan=False,
        allow_subnormal=False,
    )


def probability_vectors(
    k: int, *, allow_zero: bool = True
) -> st.SearchStrategy[np.ndarray[Any, np.dtype[np.float64]]]:
    """Probability vectors of length ``k`` that sum to 1 (within 1e-12).

    Parameters
    ----------
    k : int
        The number of categories, at least 2.
    allow_zero : bool, default True
        Whether entries may be exactly 0. ``False`` keeps every entry positive (above 9e-7:
        a floor of 1e-6 before the vector is renormalised to sum to 1).

    Examples
    --------
    >>> import math
    >>> from hypothesis import given
    >>> import forecastscore as fs
    >>> from forecastscore.strategies import probability_vectors
    >>> @given(probability_vectors(3, allow_zero=False))
    ... def test_vectors(v):
    ...     assert v.shape == (3,) and (v > 0).all() and abs(v.sum() - 1.0) <= 1e-12
    ...     assert math.isfinite(fs.categorical_log_score(v, 0))
    >>> test_vectors()
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 2:
        raise InvalidOptionError(f"k must be an integer >= 2 (got {k!r})")
    _check_flag("allow_zero", allow_zero)
    floor = 0.0 if allow_zero else 1e-6
    weights = st.lists(
        st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_subnormal=False),
        min_size=k,
        max_size=k,
    ).filter(lambda w: math.fsum(w) > 1e-3)

    def normalise(w: list[float]) -> np.ndarray[Any, np.dtype[np.float64]]:
        a = np.asarray(w, dtype=np.float64)
        a = a / a.sum()
        if floor:
            a = (a + floor) / (1.0 + k * floor)
        a[-1] = max(0.0, 1.0 - math.fsum(a[:-1]))
        out: np.ndarray[Any, np.dtype[np.float64]] = a / math.fsum(a)
        return out

    return weights.map(normalise)


def probability_ranges(*, max_width: float = 1.0) -> st.SearchStrategy[ProbabilityRange]:
    """:class:`~forecastscore.ProbabilityRange` values of width at most ``max_width``.

    Examples
    --------
    >>> from hypothesis import given
    >>> from forecastscore.strategies import probability_ranges
    >>> @given(probability_ranges(max_width=0.2))
    ... def test_ranges(r):
    ...     assert 0.0 <= r.low <= r.high <= 1.0
    ...     assert r.width <= 0.2
    ...     assert r.contains(r.low) and r.contains(r.high)
    >>> test_ranges()
    """
    w = _check_unit("max_width", max_width)

    def make(t: tuple[float, float]) -> ProbabilityRange:
        low = min(t[0], 1.0 - t[1])
        high = min(1.0, low + t[1])
        while high - low > t[1]:  # low + width rounded up: step back by an ulp
            high = math.nextafter(high, 0.0)
        return ProbabilityRange(low, high)

    return st.tuples(probabilities(), probabilities(max_value=w)).map(make)


def question_ids() -> st.SearchStrategy[str]:
    """Non-empty identifiers such as ``"q-3f"``.

    Examples
    --------
    >>> from hypothesis import given
    >>> import forecastscore as fs
    >>> from forecastscore.strategies import question_ids
    >>> @given(question_ids())
    ... def test_ids_make_questions(qid):
    ...     assert fs.Question(qid).id == qid
    >>> test_ids_make_questions()
    """
    return st.from_regex(r"q-[a-z0-9]{1,8}", fullmatch=True)


def times(
    *, min_value: dt.date = _MIN_DAY, max_value: dt.date = _MAX_DAY, dates_only: bool = False
) -> st.SearchStrategy[Time]:
    """Times the library accepts: dates, or timezone-aware datetimes (whole seconds).

    The datetimes are in UTC, in fixed offsets on both sides of it (+05:30 and -05:00), or
    in America/New_York (daylight-saving changes) when the machine has the time-zone
    database.

    Parameters
    ----------
    min_value, max_value : datetime.date
        The range of days (for a datetime, of its local date).
    dates_only : bool, default False
        Draw only ``datetime.date`` values.

    Examples
    --------
    >>> import datetime as dt
    >>> from hypothesis import given
    >>> from forecastscore.strategies import times
    >>> @given(times(min_value=dt.date(2022, 1, 1), max_value=dt.date(2022, 12, 31)))
    ... def test_times(t):
    ...     if isinstance(t, dt.datetime):      # aware, whole seconds
    ...         assert t.utcoffset() is not None and t.microsecond == 0
    ...     else:
    ...         assert dt.date(2022, 1, 1) <= t <= dt.date(2022, 12, 31)
    >>> test_times()
    """
    for label, v in (("min_value", min_value), ("max_value", max_value)):
        if not isinstance(v, dt.date) or isinstance(v, dt.datetime):
            raise InvalidOptionError(f"{label} must be a datetime.date (got {v!r})")
    _check_flag("dates_only", dates_only)
    if min_value > max_value:
        raise InvalidOptionError(f"min_value {min_value} is after max_value {max_value}")
    days = st.dates(min_value=min_value, max_value=max_value)
    if dates_only:
        return days
    stamps = st.datetimes(
        min_value=dt.datetime.combine(min_value, dt.time()),
        max_value=dt.datetime.combine(max_value, dt.time(23, 59, 59)),
        timezones=st.sampled_from(_ZONES),
    ).map(lambda t: t.replace(microsecond=0))
    return st.one_of(days, stamps)


@st.composite
def _questions(draw: st.DrawFn, max_options: int) -> Question:
    qid = draw(question_ids())
    k = draw(st.integers(min_value=2, max_value=max_options))
    options = ("no", "yes") if k == 2 else tuple(f"option-{i}" for i in range(k))
    return Question(qid, options=options)


def questions(*, max_options: int = 2) -> st.SearchStrategy[Question]:
    """Questions with 2 to ``max_options`` options (yes/no questions by default).

    Examples
    --------
    >>> from hypothesis import given
    >>> from forecastscore.strategies import questions
    >>> @given(questions(max_options=4))
    ... def test_questions(q):
    ...     assert 2 <= len(q.options) <= 4
    ...     assert q.is_binary == (q.options == ("no", "yes"))
    >>> test_questions()
    """
    if isinstance(max_options, bool) or not isinstance(max_options, int) or max_options < 2:
        raise InvalidOptionError(f"max_options must be an integer >= 2 (got {max_options!r})")
    return _questions(max_options)


def _probability_for(question: Question, ranges: bool) -> st.SearchStrategy[Any]:
    if not question.is_binary:
        return probability_vectors(len(question.options)).map(
            lambda v: dict(zip(question.options, (float(x) for x in v), strict=False))
        )
    if ranges:
        return st.one_of(probabilities(), probability_ranges())
    return probabilities()


@st.composite
def _predictions(
    draw: st.DrawFn, questions_: st.SearchStrategy[Question] | None, ranges: bool
) -> Prediction:
    q = draw(questions_ if questions_ is not None else questions())
    return Prediction(
        question=q.id,
        forecaster=draw(st.sampled_from(["alice", "bob", "carol", "a pundit"])),
        made_at=draw(times()),
        probability=draw(_probability_for(q, ranges)),
    )


def predictions(
    *, questions: st.SearchStrategy[Question] | None = None, ranges: bool = False
) -> st.SearchStrategy[Prediction]:
    """Valid :class:`~forecastscore.Prediction` objects.

    Parameters
    ----------
    questions : strategy of Question, optional
        Where the questions come from; a categorical question gets a mapping over its options.
    ranges : bool, default False
        Also draw :class:`~forecastscore.ProbabilityRange` probabilities on binary questions.

    Examples
    --------
    On a fixed three-option question, every prediction is a mapping over its options:

    >>> import math
    >>> from hypothesis import given, strategies as st
    >>> import forecastscore as fs
    >>> from forecastscore.strategies import predictions
    >>> colour = fs.Question("q-colour", options=("red", "green", "blue"))
    >>> @given(predictions(questions=st.just(colour)))
    ... def test_mapping_over_options(p):
    ...     assert p.question == "q-colour"
    ...     assert set(p.probability) == {"red", "green", "blue"}
    ...     assert math.isclose(math.fsum(p.probability.values()), 1.0)
    >>> test_mapping_over_options()
    """
    if questions is not None and not isinstance(questions, st.SearchStrategy):
        raise InvalidOptionError(f"questions must be a Hypothesis strategy (got {questions!r})")
    _check_flag("ranges", ranges)
    return _predictions(questions, ranges)


@st.composite
def _outcomes(draw: st.DrawFn, questions_: st.SearchStrategy[Question] | None) -> Outcome:
    q = draw(questions_ if questions_ is not None else questions())
    value: bool | str = draw(st.booleans()) if q.is_binary else draw(st.sampled_from(q.options))
    return Outcome(q.id, draw(times()), value)


def outcomes(*, questions: st.SearchStrategy[Question] | None = None) -> st.SearchStrategy[Outcome]:
    """Valid, resolved (not annulled) :class:`~forecastscore.Outcome` objects.

    Examples
    --------
    >>> from hypothesis import given, strategies as st
    >>> import forecastscore as fs
    >>> from forecastscore.strategies import outcomes
    >>> colour = fs.Question("q-colour", options=("red", "green", "blue"))
    >>> @given(outcomes(questions=st.just(colour)))
    ... def test_outcomes(o):
    ...     assert o.question == "q-colour" and not o.annulled
    ...     assert o.value in colour.options
    >>> test_outcomes()
    """
    if questions is not None and not isinstance(questions, st.SearchStrategy):
        raise InvalidOptionError(f"questions must be a Hypothesis strategy (got {questions!r})")
    return _outcomes(questions)


@st.composite
def _pairs(draw: st.DrawFn, max_options: int, ranges: bool) -> tuple[Question, Prediction, Outcome]:
    q = draw(questions(max_options=max_options))
    made = draw(times(max_value=dt.date(2034, 12, 1)))
    # The outcome becomes known strictly after the whole UTC day (or instant) of the
    # prediction: two days after its UTC date, since a resolution drawn in a zone ahead of
    # UTC can begin up to 14 hours before its own date does in UTC.
    made_day = made.astimezone(dt.timezone.utc).date() if isinstance(made, dt.datetime) else made
    resolved = draw(times(min_value=made_day + dt.timedelta(days=2), max_value=_MAX_DAY))
    pred = Prediction(
        question=q.id,
        forecaster=draw(st.sampled_from(["alice", "bob", "carol"])),
        made_at=made,
        probability=draw(_probability_for(q, ranges)),
    )
    value: bool | str = draw(st.booleans()) if q.is_binary else draw(st.sampled_from(q.options))
    return q, pred, Outcome(q.id, resolved, value)


def prediction_outcome_pairs(
    *, max_options: int = 2, ranges: bool = False
) -> st.SearchStrategy[tuple[Question, Prediction, Outcome]]:
    """``(question, prediction, outcome)`` triples that :func:`forecastscore.score` accepts.

    The prediction is made strictly before the outcome becomes known.

    Parameters
    ----------
    max_options : int, default 2
        Questions have 2 to ``max_options`` options; a question with more than two gets a
        mapping over its options.
    ranges : bool, default False
        Also draw :class:`~forecastscore.ProbabilityRange` probabilities on binary questions
        (:func:`forecastscore.score` then returns a :class:`~forecastscore.ScoreRange`).

    Examples
    --------
    The Brier score of any such triple is a loss in [0, 2] (0..1 binary, 0..2 categorical):

    >>> from hypothesis import given
    >>> import forecastscore as fs
    >>> from forecastscore.model import made_before
    >>> from forecastscore.strategies import prediction_outcome_pairs
    >>> @given(prediction_outcome_pairs(max_options=3))
    ... def test_brier_bounds(triple):
    ...     question, prediction, outcome = triple
    ...     assert made_before(prediction.made_at, outcome.resolved_at)
    ...     assert 0.0 <= fs.score(prediction, outcome, question=question) <= 2.0
    >>> test_brier_bounds()
    """
    if isinstance(max_options, bool) or not isinstance(max_options, int) or max_options < 2:
        raise InvalidOptionError(f"max_options must be an integer >= 2 (got {max_options!r})")
    _check_flag("ranges", ranges)
    return _pairs(max_options, ranges)


def score_ranges() -> st.SearchStrategy[ScoreRange]:
    """:class:`~forecastscore.ScoreRange` values with ``0 <= best <= worst <= 2``.

    Examples
    --------
    >>> from hypothesis import given
    >>> from forecastscore.strategies import score_ranges
    >>> @given(score_ranges())
    ... def test_score_ranges(r):
    ...     assert 0.0 <= r.best <= r.worst <= 2.0
    >>> test_score_ranges()
    """
    ends = st.floats(0.0, 2.0, allow_nan=False)
    return st.tuples(ends, ends).map(lambda t: ScoreRange(best=min(t), worst=max(t)))


def _quantity_values(dates: bool) -> st.SearchStrategy[Any]:
    if dates:
        return times(min_value=dt.date(2020, 1, 1), max_value=dt.date(2025, 12, 31))
    return st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False)


_FAMILY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "norm": (),
    "lognorm": ("s",),
    "gamma": ("a",),
    "beta": ("a", "b"),
    "t": ("df",),
    "logistic": (),
    "laplace": (),
    "expon": (),
    "uniform": (),
}


@st.composite
def _distribution_texts(draw: st.DrawFn, dates: bool) -> str:
    name = draw(st.sampled_from(sorted(_FAMILY_PARAMETERS)))
    positive = st.floats(1e-3, 1e3, allow_nan=False)
    parts = [f"{k}={draw(positive)!r}" for k in _FAMILY_PARAMETERS[name]]
    loc = draw(st.floats(17000.0, 21000.0) if dates else st.floats(-1e6, 1e6))
    parts += [f"loc={loc!r}", f"scale={draw(positive)!r}"]
    return f"{name}({', '.join(parts)})"


@st.composite
def _quantity_predictions(draw: st.DrawFn, dates: bool) -> Prediction:
    values = _quantity_values(dates)
    kind = draw(st.sampled_from(["quantiles", "distribution", "samples"]))
    forecast: dict[str, Any]
    if kind == "quantiles":
        levels = draw(st.lists(st.floats(1e-6, 1 - 1e-6), min_size=1, max_size=7, unique=True))
        drawn = draw(st.lists(values, min_size=len(levels), max_size=len(levels)))
        days = [_days(v) for v in drawn]
        order = sorted(range(len(drawn)), key=lambda i: days[i])
        forecast = {"quantiles": dict(zip(sorted(levels), [drawn[i] for i in order], strict=True))}
    elif kind == "samples":
        forecast = {"samples": draw(st.lists(values, min_size=1, max_size=12))}
    else:
        forecast = {"distribution": draw(_distribution_texts(dates))}
    return Prediction(
        draw(question_ids()),
        draw(st.sampled_from(["hub", "ensemble", 'a, "quoted" model'])),
        draw(times()),
        source=draw(st.none() | st.text(min_size=1, max_size=20)),
        **forecast,
    )


def _days(value: Any) -> float:
    from .model import days_since_epoch

    return days_since_epoch(value) if isinstance(value, dt.date) else float(value)


def quantity_predictions(*, dates: bool = False) -> st.SearchStrategy[Prediction]:
    """Valid :class:`~forecastscore.Prediction` objects of quantities: quantiles (levels in
    (0, 1), values not decreasing), a distribution of one of the grammar's families, or
    samples; of numbers, or with ``dates=True`` of dates and datetimes (a distribution then
    over days since 1970-01-01).

    Examples
    --------
    >>> from hypothesis import given
    >>> from forecastscore.strategies import quantity_predictions
    >>> @given(quantity_predictions())
    ... def test_one_forecast_field(p):
    ...     assert p.is_quantity and p.probability is None
    >>> test_one_forecast_field()
    """
    _check_flag("dates", dates)
    return _quantity_predictions(dates)


@st.composite
def _quantity_outcomes(draw: st.DrawFn, dates: bool) -> Outcome:
    value = draw(_quantity_values(dates))
    censored = draw(st.sampled_from([None, None, "above", "below"]))
    return Outcome(draw(question_ids()), draw(times()), value, censored=censored)


def quantity_outcomes(*, dates: bool = False) -> st.SearchStrategy[Outcome]:
    """Valid :class:`~forecastscore.Outcome` objects of quantities: numbers (or with
    ``dates=True`` dates and datetimes), some censored above or below.

    Examples
    --------
    >>> from hypothesis import given
    >>> from forecastscore.strategies import quantity_outcomes
    >>> @given(quantity_outcomes(dates=True))
    ... def test_dated(o):
    ...     assert o.censored in (None, "above", "below")
    >>> test_dated()
    """
    _check_flag("dates", dates)
    return _quantity_outcomes(dates)
