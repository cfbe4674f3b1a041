r"""The published scoring conventions of two forecasting platforms, reproduced exactly.

What lives here: Metaculus's Baseline and Peer scores (binary, multiple-choice and continuous),
one forecast at a time and averaged over a question's life as Metaculus averages them; and
Good Judgment Open's Brier score (the 0..2 form, plain and ordinal) with its daily
carry-forward average. What does not: the library's own proper scores (``forecastscore.rules``)
and its own time averaging (``forecastscore.ledger``), whose conventions differ.

.. warning::

   **Metaculus scores are positively oriented: higher is better.** They are reproduced as
   Metaculus publishes them, so they are *rewards*, unlike every other score in this library,
   which is a loss. A Baseline score of 0 is what a uniform forecast earns; positive beats it.
   **Good Judgment Open's Brier scores are losses** (lower is better) on a 0..2 scale.

Sources: the Metaculus scores FAQ (metaculus.com/help/scores-faq) and the open-source code
that computes the scores on the site (``scoring/score_math.py`` in the ``Metaculus/metaculus``
repository), whose unit tests supply the worked examples used in this library's tests; Good
Judgment Open's FAQ (Brier scores on a 0 to 2 scale) and the scoring guides of Cultivate Labs,
which runs the platform ("What is a Brier Score", "What is the Ordinal Scoring System").
Not implemented: Metaculus's legacy scores (Relative score, points), withdrawn forecasts and
tournaments' hidden periods.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from . import _checks
from .errors import (
    ForecastTypeError,
    HindsightError,
    InvalidForecastError,
    InvalidOutcomeError,
    InvalidTimeError,
    ShapeError,
)
from .rules import Scores

__all__ = [
    "MetaculusScores",
    "gjopen_brier_score",
    "gjopen_time_averaged_brier_score",
    "metaculus_baseline_score",
    "metaculus_categorical_baseline_score",
    "metaculus_categorical_peer_score",
    "metaculus_continuous_baseline_score",
    "metaculus_continuous_peer_score",
    "metaculus_peer_score",
    "metaculus_time_averaged_scores",
]

FloatArray = npt.NDArray[np.float64]
_US_PER_DAY = 86_400_000_000


def _finish(x: FloatArray) -> Scores:
    return np.float64(x) if np.ndim(x) == 0 else x


# --- Metaculus, one forecast at a time -----------------------------------------------------


def _binary_p_outcome(forecast: Any, outcome: Any) -> FloatArray:
    p = _checks.as_float_array(forecast, "forecast")
    _checks.check_probabilities(p, "forecast", "raise")
    y = _checks.as_binary_outcome(outcome, "outcome", "raise")
    _checks.broadcast_shape(p.shape, y.shape, ("forecast", "outcome"))
    return np.asarray(np.where(y, p, 1.0 - p), dtype=np.float64)


def _categorical_p_outcome(
    forecast: Any, outcome: Any, axis: int
) -> tuple[FloatArray, int, npt.NDArray[np.intp]]:
    p = _checks.as_categorical_forecast(forecast, "forecast", axis, "raise", _checks.SUM_ATOL)
    k, _ = _checks.as_category_index(outcome, "outcome", p.shape[-1], "raise")
    shape = _checks.broadcast_shape(p.shape[:-1], k.shape, ("forecast rows", "outcome"))
    p = np.broadcast_to(p, (*shape, p.shape[-1]))
    k = np.broadcast_to(k, shape)
    return np.take_along_axis(p, k[..., np.newaxis], axis=-1)[..., 0], p.shape[-1], k


def _continuous_baseline(
    p_outcome: FloatArray,
    k: npt.NDArray[np.intp],
    n_buckets: int,
    open_lower: bool,
    open_upper: bool,
) -> FloatArray:
    """Metaculus's continuous Baseline: ``100 ln(pmf[k] / baseline[k]) / 2``."""
    if n_buckets < 3:
        raise ShapeError(
            f"a continuous forecast needs at least 3 buckets (two tails and an inside), got "
            f"{n_buckets}"
        )
    for flag, name in ((open_lower, "open_lower"), (open_upper, "open_upper")):
        if not isinstance(flag, (bool, np.bool_)):
            raise ForecastTypeError(f"{name} must be a bool (got {flag!r})")
    closed_tail = ((k == 0) & (not open_lower)) | ((k == n_buckets - 1) & (not open_upper))
    if np.any(closed_tail):
        i = int(np.flatnonzero(np.broadcast_to(closed_tail, k.shape).reshape(-1))[0])
        raise InvalidOutcomeError(
            f"outcome{_checks.position(k.shape, i)} = {int(k.reshape(-1)[i])} is an "
            "out-of-bounds bucket of a question whose bound there is closed"
        )
    inside = (1.0 - 0.05 * (int(open_lower) + int(open_upper))) / (n_buckets - 2)
    baseline = np.where((k == 0) | (k == n_buckets - 1), 0.05, inside)
    with np.errstate(divide="ignore"):
        return np.asarray(100.0 * np.log(p_outcome / baseline) / 2.0, dtype=np.float64)


def _baseline(p_outcome: FloatArray, n_options: int) -> FloatArray:
    with np.errstate(divide="ignore"):
        return np.asarray(
            100.0 * np.log(p_outcome * n_options) / math.log(n_options), dtype=np.float64
        )


def metaculus_baseline_score(forecast: Any, outcome: Any) -> Scores:
    r"""Metaculus Baseline score of binary forecasts. **POSITIVELY ORIENTED: higher is better.**

    .. math::

        \mathrm{Baseline}(p, y) = 100\,\bigl(\log_2 p_y + 1\bigr)
        = 100\,\frac{\ln p_y - \ln \tfrac12}{\ln 2}

    where :math:`p_y` is the probability given to what happened. It is the log score measured
    against a 50 % forecast and scaled so that 50 % scores 0 and certainty on the right answer
    scores +100; a wrong certainty scores :math:`-\infty`. This is a **reward**, as Metaculus
    publishes it, not a loss like the rest of the library; it is a positive affine transform
    of the log score, so it is proper. Units: Metaculus points (hundredths of a bit above the
    uniform forecast).

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of "yes", in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The elementwise score (higher is better).

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As :func:`forecastscore.brier_score`.

    References
    ----------
    .. [1] Metaculus, Scores FAQ, "What is the Baseline score?" (metaculus.com/help/scores-faq).

    Examples
    --------
    >>> float(metaculus_baseline_score(0.9, True))     # 100 (log2 0.9 + 1)
    84.7996...
    >>> metaculus_baseline_score([0.5, 0.1], [1, 1])
    array([   0.        , -232.19280949])
    """
    return _finish(_baseline(_binary_p_outcome(forecast, outcome), 2))


def metaculus_categorical_baseline_score(forecast: Any, outcome: Any, *, axis: int = -1) -> Scores:
    r"""Metaculus Baseline score of multiple-choice forecasts. **POSITIVELY ORIENTED.**

    Higher is better, as Metaculus publishes it.

    .. math::

        \mathrm{Baseline}(p, k) = 100\,\frac{\ln p_k - \ln \tfrac1N}{\ln N}

    for :math:`N` options, where :math:`p_k` is the probability of the option that happened:
    0 for the uniform forecast, +100 for certainty on the right option. With :math:`N = 2` it
    equals :func:`metaculus_baseline_score`.

    Parameters
    ----------
    forecast : array_like of float, shape (..., N)
        Probabilities over the options on ``axis``; rows sum to 1.
    outcome : array_like of int, shape (...)
        Index of the option that happened.
    axis : int, default -1
        The option axis of ``forecast``.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        One score per row (higher is better).

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As :func:`forecastscore.categorical_brier_score`.

    References
    ----------
    .. [1] Metaculus, Scores FAQ, "Baseline score math" (metaculus.com/help/scores-faq).

    Examples
    --------
    >>> float(metaculus_categorical_baseline_score([0.5, 0.3, 0.2], 0))  # 100 ln 1.5 / ln 3
    36.9070...
    """
    pk, n, _ = _categorical_p_outcome(forecast, outcome, axis)
    return _finish(_baseline(pk, n))


def _peer(p_outcome: FloatArray, name: str, axis: int = -1) -> FloatArray:
    """Peer scores with forecasters on the last axis; ``axis`` is where the forecaster axis
    sits in the caller's array, so that an error names the caller's position."""
    zero = p_outcome == 0.0
    if zero.any():
        where = np.moveaxis(zero, -1, axis)
        i = int(np.flatnonzero(where.reshape(-1))[0])
        raise InvalidForecastError(
            f"{name}{_checks.position(where.shape, i)} gives probability 0 to what "
            "happened: its log score is -inf and the Peer scores of the others are undefined"
        )
    n = p_outcome.shape[-1]
    if n < 2:
        return np.zeros(p_outcome.shape)
    lnp = np.log(p_outcome)
    return np.asarray(
        100.0 * n / (n - 1) * (lnp - lnp.mean(axis=-1, keepdims=True)), dtype=np.float64
    )


def metaculus_peer_score(forecast: Any, outcome: Any, *, axis: int = -1) -> Scores:
    r"""Metaculus Peer score of binary forecasts at one moment. **POSITIVELY ORIENTED.**

    Higher is better, as Metaculus publishes it. Each forecaster's log score minus the mean
    of the others', times 100:

    .. math::

        \mathrm{Peer}_i = \frac{100}{N-1} \sum_{j \ne i} \bigl(\ln p_{i,y} - \ln p_{j,y}\bigr)
        = 100\,\frac{N}{N-1}\,\ln\frac{p_{i,y}}{\mathrm{GM}(p_{1,y}, \dots, p_{N,y})}

    the second form being the one Metaculus computes, with :math:`\mathrm{GM}` the geometric
    mean over all :math:`N` forecasters including :math:`i`. The scores of one question sum
    to 0. A lone forecaster scores 0. Units: hundredths of a nat.

    Parameters
    ----------
    forecast : array_like of float, shape (..., N)
        Each forecaster's probability of "yes", forecasters along ``axis``.
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened; broadcasts with ``forecast`` without its forecaster axis.
    axis : int, default -1
        The forecaster axis of ``forecast``.

    Returns
    -------
    numpy.ndarray of float64
        The Peer score of every forecaster, shaped like ``forecast`` (higher is better).

    Raises
    ------
    InvalidForecastError
        A probability outside [0, 1], or a forecast that gives 0 to what happened (the
        Peer score is then undefined); the message gives its index.
    InvalidOutcomeError, ForecastTypeError, ShapeError
        Bad outcomes, wrong types, shapes that do not broadcast.

    References
    ----------
    .. [1] Metaculus, Scores FAQ, "What is the Peer score?" and "Peer score math"
       (metaculus.com/help/scores-faq).

    Examples
    --------
    >>> metaculus_peer_score([0.7, 0.8, 0.9], True)
    array([-19.24...,   0.787...,  18.45...])
    """
    p = _checks.as_float_array(forecast, "forecast")
    _checks.check_probabilities(p, "forecast", "raise")
    if p.ndim == 0:
        raise ShapeError("forecast must have a forecaster axis (got a scalar)")
    _check_axis(axis, p.ndim, "axis")
    pm = np.moveaxis(p, axis, -1)
    y = _checks.as_binary_outcome(outcome, "outcome", "raise")
    shape = _checks.broadcast_shape(pm.shape[:-1], y.shape, ("forecast rows", "outcome"))
    pm = np.broadcast_to(pm, (*shape, pm.shape[-1]))
    py = np.where(np.asarray(y)[..., np.newaxis], pm, 1.0 - pm)
    return np.moveaxis(_peer(np.asarray(py, dtype=np.float64), "forecast", axis), -1, axis)


def _check_axis(axis: Any, ndim: int, name: str) -> None:
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise ForecastTypeError(f"{name} must be an integer (got {axis!r})")
    if not -ndim <= axis < ndim:
        raise ShapeError(f"{name} {axis} is out of range for an array of {ndim} dimension(s)")


def metaculus_categorical_peer_score(
    forecast: Any, outcome: Any, *, forecaster_axis: int = -2, axis: int = -1
) -> Scores:
    r"""Metaculus Peer score of multiple-choice forecasts at one moment. **POSITIVELY ORIENTED.**

    Higher is better, as Metaculus publishes it.

    .. math::

        \mathrm{Peer}_i = 100\,\frac{N}{N-1}\,\ln\frac{p_{i,k}}{\mathrm{GM}_j(p_{j,k})}

    as :func:`metaculus_peer_score`, with :math:`p_{i,k}` the probability forecaster :math:`i`
    gave to the option :math:`k` that happened.

    Parameters
    ----------
    forecast : array_like of float, shape (..., N, K)
        Each forecaster's probabilities over the options.
    outcome : array_like of int, shape (...)
        Index of the option that happened.
    forecaster_axis : int, default -2
        The forecaster axis of ``forecast``.
    axis : int, default -1
        The option axis of ``forecast``.

    Returns
    -------
    numpy.ndarray of float64, shape (..., N)
        The Peer score of every forecaster (higher is better).

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As :func:`metaculus_peer_score` and :func:`metaculus_categorical_baseline_score`.

    Examples
    --------
    >>> metaculus_categorical_peer_score([[0.5, 0.5, 0.0], [0.25, 0.25, 0.5]], 0)
    array([ 69.31...,  -69.31...])
    """
    p = _checks.as_float_array(forecast, "forecast")
    if p.ndim < 2:
        raise ShapeError(f"forecast must have a forecaster and an option axis (got {p.ndim} axes)")
    _check_axis(forecaster_axis, p.ndim, "forecaster_axis")
    _check_axis(axis, p.ndim, "axis")
    if forecaster_axis % p.ndim == axis % p.ndim:
        raise ShapeError("forecaster_axis and axis must be different axes")
    pm = np.moveaxis(p, (forecaster_axis, axis), (-2, -1))
    pm = _checks.as_categorical_forecast(pm, "forecast", -1, "raise", _checks.SUM_ATOL)
    k, _ = _checks.as_category_index(outcome, "outcome", pm.shape[-1], "raise")
    shape = _checks.broadcast_shape(pm.shape[:-2], k.shape, ("forecast rows", "outcome"))
    pm = np.broadcast_to(pm, (*shape, *pm.shape[-2:]))
    kk = np.broadcast_to(k, shape)[..., np.newaxis, np.newaxis]
    pk = np.take_along_axis(pm, np.broadcast_to(kk, (*shape, pm.shape[-2], 1)), axis=-1)[..., 0]
    return _peer(np.asarray(pk, dtype=np.float64), "forecast")


def metaculus_continuous_baseline_score(
    forecast: Any,
    outcome: Any,
    *,
    open_lower: bool = False,
    open_upper: bool = False,
    axis: int = -1,
) -> Scores:
    r"""Metaculus Baseline score of a continuous (numeric or date) forecast. **HIGHER IS BETTER.**

    **Positively oriented**, as Metaculus publishes it. The forecast is Metaculus's
    probability mass over its buckets: the mass below the range, the buckets inside it, and
    the mass above it (``np.diff([0, *cdf, 1])`` of a Metaculus CDF, 202 buckets for the
    usual 201-point CDF). With :math:`k` the bucket that contains the outcome,

    .. math::

        \mathrm{Baseline}(p, k) = 100\,\frac{\ln p_k - \ln b_k}{2},\qquad
        b_k = \begin{cases} 0.05 & k \text{ an out-of-bounds bucket} \\
        \dfrac{1 - 0.05\,n_{\mathrm{open}}}{B - 2} & \text{otherwise} \end{cases}

    where :math:`n_{\mathrm{open}}` is the number of open bounds and :math:`B` the number of
    buckets: the baseline puts 5 % beyond each open bound and spreads the rest evenly, so it
    scores 0. This is the bucketed form of the FAQ's
    :math:`100\,(\ln \mathrm{pdf}(x) - \ln \mathrm{baseline}) / 2` that Metaculus computes.

    Parameters
    ----------
    forecast : array_like of float, shape (..., B)
        Probability mass over the buckets on ``axis``, summing to 1.
    outcome : array_like of int, shape (...)
        Index of the bucket that contains the outcome (0 below the range, ``B - 1`` above).
    open_lower, open_upper : bool, default False
        Whether the question's lower and upper bounds are open.
    axis : int, default -1
        The bucket axis.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The score per row (higher is better).

    Raises
    ------
    InvalidOutcomeError
        An out-of-bounds bucket beyond a closed bound, or an index outside ``0 .. B-1``.
    InvalidForecastError, ForecastTypeError, ShapeError
        Bad masses, fewer than 3 buckets, wrong types.

    References
    ----------
    .. [1] Metaculus, Scores FAQ, "Baseline score math"; ``scoring/score_math.py``,
       ``evaluate_forecasts_baseline_accuracy`` (github.com/Metaculus/metaculus).

    Examples
    --------
    Four buckets inside a closed range, all the mass on the right one:

    >>> float(metaculus_continuous_baseline_score([0, 1, 0, 0, 0, 0], 1))   # 50 ln 4
    69.3147...
    """
    pk, n, k = _categorical_p_outcome(forecast, outcome, axis)
    return _finish(_continuous_baseline(pk, k, n, open_lower, open_upper))


def metaculus_continuous_peer_score(
    forecast: Any, outcome: Any, *, forecaster_axis: int = -2, axis: int = -1
) -> Scores:
    r"""Metaculus Peer score of continuous forecasts at one moment. **HIGHER IS BETTER.**

    **Positively oriented**, as Metaculus publishes it: half the multiple-choice Peer score of
    the bucket masses (:func:`metaculus_categorical_peer_score`), as Metaculus halves the
    continuous log score,

    .. math::

        \mathrm{Peer}_i = 50\,\frac{N}{N-1}\,\ln\frac{p_{i,k}}{\mathrm{GM}_j(p_{j,k})}

    Parameters
    ----------
    forecast : array_like of float, shape (..., N, B)
        Each forecaster's bucket masses.
    outcome : array_like of int, shape (...)
        Index of the bucket that contains the outcome.
    forecaster_axis, axis : int, default -2 and -1
        The forecaster and bucket axes.

    Returns
    -------
    numpy.ndarray of float64, shape (..., N)
        The Peer score of every forecaster (higher is better).

    Examples
    --------
    >>> metaculus_continuous_peer_score([[0, 0.5, 0.5, 0], [0, 0.25, 0.75, 0]], 1)
    array([ 34.65...,  -34.65...])
    """
    full = metaculus_categorical_peer_score(
        forecast, outcome, forecaster_axis=forecaster_axis, axis=axis
    )
    return np.asarray(full, dtype=np.float64) / 2.0


# --- times ---------------------------------------------------------------------------------


def _instant_us(value: Any, name: str) -> int:
    """A time as microseconds since the epoch (UTC)."""
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            raise InvalidTimeError(f"{name!r} is NaT")
        return int(value.astype("datetime64[us]").astype(np.int64))
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidTimeError(
                f"{name!r} is a naive datetime ({value.isoformat()}); give it a timezone"
            )
        utc = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return int(np.datetime64(utc, "us").astype(np.int64))
    if isinstance(value, dt.date):
        return int(np.datetime64(value, "D").astype("datetime64[us]").astype(np.int64))
    raise ForecastTypeError(
        f"{name!r} must be a numpy.datetime64, a datetime.date or an aware datetime (got {value!r})"
    )


def _instants_us(values: Any, name: str, n: int) -> npt.NDArray[np.int64]:
    arr = np.asarray(values)
    if arr.dtype.kind != "M":
        raise ForecastTypeError(
            f"{name} must be an array of numpy.datetime64 (got dtype {arr.dtype.name!r})"
        )
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ShapeError(f"{name} must have shape ({n},) like forecast (got {arr.shape})")
    nat = np.isnat(arr)
    if nat.any():
        raise InvalidTimeError(f"{name}[{int(np.flatnonzero(nat)[0])}] is NaT")
    return arr.astype("datetime64[us]").astype(np.int64)


def _p_outcome_rows(forecast: Any, outcome: Any) -> tuple[FloatArray, int]:
    """P(what happened) per row, and the number of options, for one question's forecasts."""
    p = _checks.as_float_array(forecast, "forecast")
    if p.ndim == 1:
        return _binary_p_outcome(p, outcome), 2
    if p.ndim == 2:
        if np.ndim(outcome) != 0:
            raise ShapeError("outcome must be a single option index for one question")
        pk, n_options, _ = _categorical_p_outcome(p, outcome, -1)
        return pk, n_options
    raise ShapeError(f"forecast must have shape (n,) or (n, K) (got {p.shape})")


# --- Metaculus, over a question's life -----------------------------------------------------


@attrs.frozen(eq=False)
class MetaculusScores:
    """Time-averaged Metaculus scores of one question, one entry per forecaster.

    **POSITIVELY ORIENTED: higher is better**, as Metaculus publishes them.

    Attributes
    ----------
    forecaster : numpy.ndarray
        The forecasters, sorted.
    baseline, peer : numpy.ndarray of float64
        Each forecaster's time-averaged Baseline and Peer score.
    coverage : numpy.ndarray of float64
        The fraction of the question's scheduled life that the forecaster had a standing
        forecast, in [0, 1].

    Examples
    --------
    A ten-day question that resolves yes: ``a`` says 0.9 from the first day, ``b`` says 0.5
    from the sixth:

    >>> import numpy as np
    >>> from forecastscore.platforms import metaculus_time_averaged_scores
    >>> s = metaculus_time_averaged_scores(
    ...     ["a", "b"], np.array(["2020-01-01", "2020-01-06"], dtype="datetime64[D]"),
    ...     [0.9, 0.5], True,
    ...     opens=np.datetime64("2020-01-01"), scheduled_close=np.datetime64("2020-01-11"))
    >>> s.forecaster.tolist(), s.coverage
    (['a', 'b'], array([1. , 0.5]))
    >>> s.baseline          # 100 (log2 0.9 + 1) all along; 100 (log2 0.5 + 1) = 0
    array([84.79969066,  0.        ])
    >>> s.peer              # 100 ln(0.9 / 0.5) = 58.78 over the shared half; 0 while alone
    array([ 29.38933325, -29.38933325])
    """

    forecaster: npt.NDArray[Any]
    baseline: FloatArray
    peer: FloatArray
    coverage: FloatArray


def metaculus_time_averaged_scores(
    forecaster: Any,
    made_at: Any,
    forecast: Any,
    outcome: Any,
    *,
    opens: Any,
    scheduled_close: Any,
    actual_close: Any | None = None,
    continuous: bool = False,
    open_lower: bool = False,
    open_upper: bool = False,
) -> MetaculusScores:
    r"""Metaculus Baseline and Peer scores averaged over a question's life. **HIGHER IS BETTER.**

    Both are **positively oriented**, as Metaculus publishes them. Each forecast stands from
    when it was made (or the question's opening, if earlier) until the same forecaster's next
    forecast, or until the question actually closed. A forecaster's score is the integral of
    their instantaneous score over the times they had a standing forecast, divided by the
    question's *scheduled* life:

    .. math::

        \bar S_i = \frac{1}{T_{\mathrm{sched}} - T_{\mathrm{open}}}
        \int_{T_{\mathrm{open}}}^{T_{\mathrm{close}}} S_i(t)\,\mathbb{1}[i \text{ has a
        forecast at } t]\,dt

    So the time before a first forecast counts as 0 (it lowers a positive score and raises a
    negative one), and when a question closes early the time after the actual close counts as
    0 too: the denominator stays the scheduled life. The instantaneous Peer score uses the
    forecasters standing at that moment (:func:`metaculus_peer_score`), and is 0 while a
    forecaster stands alone. This follows ``evaluate_forecasts_baseline_accuracy`` and
    ``evaluate_forecasts_peer_accuracy`` in Metaculus's ``scoring/score_math.py``; withdrawn
    forecasts and tournaments' hidden periods are not modelled. With ``continuous=True`` the
    instantaneous scores are :func:`metaculus_continuous_baseline_score` and
    :func:`metaculus_continuous_peer_score`.

    The work is one sort, ``searchsorted``, prefix sums and ``bincount``: no loop per forecast.

    Parameters
    ----------
    forecaster : array_like, shape (n,)
        Who made each forecast.
    made_at : array_like of numpy.datetime64, shape (n,)
        When (UTC).
    forecast : array_like of float, shape (n,) or (n, K)
        P(yes) for a binary question, probabilities over K options, or (with
        ``continuous=True``) masses over the buckets of a continuous question.
    outcome : bool, {0, 1} or int
        What happened: yes/no, or the index of the option or bucket.
    opens, scheduled_close : numpy.datetime64, datetime.date or aware datetime.datetime
        The question's opening and its scheduled closing time.
    actual_close : same, optional
        When the question actually closed (the default: ``scheduled_close``). Forecasts made
        at or after it do not count.
    continuous : bool, default False
        Score a continuous question from bucket masses.
    open_lower, open_upper : bool, default False
        For a continuous question, whether its bounds are open.

    Returns
    -------
    MetaculusScores
        ``forecaster``, ``baseline``, ``peer`` and ``coverage``, one entry per forecaster.

    Raises
    ------
    InvalidTimeError
        ``scheduled_close`` not after ``opens``, ``actual_close`` outside
        ``(opens, scheduled_close]``, NaT or naive datetimes.
    InvalidForecastError
        A bad probability, or one of 0 on what happened while it stood (Peer undefined).
    ShapeError, ForecastTypeError, InvalidOutcomeError
        Columns of different lengths, times that are not datetime64, bad outcomes.

    References
    ----------
    .. [1] Metaculus, Scores FAQ, "Do all my predictions on a question count toward my
       score?" (metaculus.com/help/scores-faq).
    .. [2] Metaculus, ``scoring/score_math.py`` and ``tests/unit/test_scoring/
       test_score_math.py`` (github.com/Metaculus/metaculus).

    Examples
    --------
    A ten-day question; one forecaster says 0.9 from day 5, and it resolves yes:

    >>> import numpy as np
    >>> s = metaculus_time_averaged_scores(
    ...     ["a"], np.array(["2020-01-06"], dtype="datetime64[D]"), [0.9], True,
    ...     opens=np.datetime64("2020-01-01"), scheduled_close=np.datetime64("2020-01-11"))
    >>> float(s.baseline[0]), float(s.coverage[0])      # 84.80 over half the life
    (42.3998..., 0.5)
    """
    if continuous:
        pc = _checks.as_float_array(forecast, "forecast")
        if pc.ndim != 2 or np.ndim(outcome) != 0:
            raise ShapeError(
                "a continuous question needs forecast of shape (n, buckets) and one outcome "
                f"bucket (got forecast shape {pc.shape})"
            )
        py, n_buckets, kb = _categorical_p_outcome(pc, outcome, -1)
        base_rows = _continuous_baseline(py, kb, n_buckets, open_lower, open_upper)
        peer_unit = 50.0
    else:
        py, n_options = _p_outcome_rows(forecast, outcome)
        base_rows = _baseline(py, n_options)
        peer_unit = 100.0
    n = py.shape[0]
    who = np.asarray(forecaster)
    if who.ndim != 1 or who.shape[0] != n:
        raise ShapeError(f"forecaster must have shape ({n},) like forecast (got {who.shape})")
    t = _instants_us(made_at, "made_at", n)
    t_open = _instant_us(opens, "opens")
    t_sched = _instant_us(scheduled_close, "scheduled_close")
    t_close = t_sched if actual_close is None else _instant_us(actual_close, "actual_close")
    if t_sched <= t_open:
        raise InvalidTimeError("'scheduled_close' must be after 'opens'")
    if not t_open < t_close <= t_sched:
        raise InvalidTimeError(
            "'actual_close' must be after 'opens' and not after 'scheduled_close'"
        )
    total = float(t_sched - t_open)

    try:
        names, f_idx = np.unique(who, return_inverse=True)
    except TypeError:
        raise ForecastTypeError(
            "forecaster labels must be of one sortable type (e.g. all strings)"
        ) from None
    f_idx = f_idx.reshape(-1)
    order = np.lexsort((np.arange(n), t, f_idx))
    f_s, t_s, p_s = f_idx[order], t[order], py[order]
    nxt = np.empty(n, dtype=np.int64)
    nxt[:-1] = t_s[1:]
    last = np.ones(n, dtype=bool)
    last[:-1] = f_s[1:] != f_s[:-1]
    nxt[last] = t_close
    start = np.clip(t_s, t_open, t_close)
    end = np.clip(nxt, t_open, t_close)
    active = end > start
    dur = np.where(active, end - start, 0).astype(np.float64)
    k = names.shape[0]

    base = base_rows[order]
    # A forecast that never stood (superseded at once, or made after the close) adds nothing,
    # even with a Baseline of -inf (0 * -inf would be NaN).
    contrib = np.where(active, base, 0.0) * dur
    baseline = np.bincount(f_s, weights=contrib, minlength=k) / total
    coverage = np.bincount(f_s, weights=dur, minlength=k) / total

    zero = active & (p_s == 0.0)
    if zero.any():
        i = int(order[np.flatnonzero(zero)[0]])
        raise InvalidForecastError(
            f"forecast[{i}] gives probability 0 to what happened while it stands: the Peer "
            "scores of this question are undefined"
        )
    lnp = np.log(np.where(active, p_s, 1.0))
    bounds = np.unique(np.concatenate([start[active], end[active]]))
    i_s = np.searchsorted(bounds, start[active])
    i_e = np.searchsorted(bounds, end[active])
    m = bounds.shape[0]
    s_ln = np.zeros(m)
    cnt = np.zeros(m)
    np.add.at(s_ln, i_s, lnp[active])
    np.add.at(s_ln, i_e, -lnp[active])
    np.add.at(cnt, i_s, 1.0)
    np.add.at(cnt, i_e, -1.0)
    s_ln, cnt = np.cumsum(s_ln)[:-1], np.rint(np.cumsum(cnt)[:-1])
    w = np.diff(bounds).astype(np.float64) / total
    factor = np.where(cnt > 1, peer_unit * cnt / np.maximum(cnt - 1, 1), 0.0)
    mean = s_ln / np.maximum(cnt, 1)
    c1 = np.concatenate([[0.0], np.cumsum(w * factor)])
    c2 = np.concatenate([[0.0], np.cumsum(w * factor * mean)])
    peer_rows = lnp[active] * (c1[i_e] - c1[i_s]) - (c2[i_e] - c2[i_s])
    peer = np.bincount(f_s[active], weights=peer_rows, minlength=k).astype(np.float64)
    return MetaculusScores(
        forecaster=names,
        baseline=baseline.astype(np.float64),
        peer=peer,
        coverage=coverage.astype(np.float64),
    )


# --- Good Judgment Open --------------------------------------------------------------------


def gjopen_brier_score(
    forecast: Any, outcome: Any, *, axis: int = -1, ordered: bool = False
) -> Scores:
    r"""Good Judgment Open's Brier score of one forecast (a loss: lower is better, 0..2).

    GJ Open reports the original Brier score, summed over the answer options, from 0 (all
    probability on what happened) to 2 (all on one wrong answer):

    .. math::

        \mathrm{BS}(p, k) = \sum_{j=1}^{K} \bigl(p_j - \mathbb{1}[j = k]\bigr)^2

    For a yes/no question pass both options, ``[1 - p, p]``; the score is then
    :math:`2 (p - y)^2`. With ``ordered=True`` (questions whose answers are ordered bins) it
    is the ordinal score: the mean, over the :math:`K - 1` ways of cutting the ordered options
    into "up to :math:`j`" and "above :math:`j`", of the two-option Brier score of that cut,

    .. math::

        \mathrm{OBS}(p, k) = \frac{1}{K-1} \sum_{j=1}^{K-1}
        2\,\Bigl(\sum_{i \le j} p_i - \mathbb{1}[k \le j]\Bigr)^2

    so probability placed near the right answer costs less than probability far from it.
    With two options both forms agree. Unitless.

    Parameters
    ----------
    forecast : array_like of float, shape (..., K)
        Probabilities over the answer options on ``axis`` (rows sum to 1).
    outcome : array_like of int, shape (...)
        Index of the option that happened.
    axis : int, default -1
        The option axis.
    ordered : bool, default False
        Use the ordinal score for ordered options.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        One score per row, in [0, 2] (lower is better).

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As :func:`forecastscore.categorical_brier_score`.

    References
    ----------
    .. [1] Good Judgment Open, FAQ, "How are my forecasts scored for accuracy?"
       (gjopen.com/faq).
    .. [2] Cultivate Labs, "What is the Ordinal Scoring System and How is it Calculated?"
       (cultivatelabs.com, crowdsourced forecasting guide).

    Examples
    --------
    The Cultivate Labs example: 15/45/25/15 % on four ordered bins, the third happened.

    >>> float(gjopen_brier_score([0.15, 0.45, 0.25, 0.15], 2))    # 0.0225+0.2025+0.5625+0.0225
    0.8099999999999999
    >>> float(gjopen_brier_score([0.15, 0.45, 0.25, 0.15], 2, ordered=True))
    0.27
    """
    p = _checks.as_categorical_forecast(forecast, "forecast", axis, "raise", _checks.SUM_ATOL)
    k, _ = _checks.as_category_index(outcome, "outcome", p.shape[-1], "raise")
    shape = _checks.broadcast_shape(p.shape[:-1], k.shape, ("forecast rows", "outcome"))
    p = np.broadcast_to(p, (*shape, p.shape[-1]))
    k = np.broadcast_to(k, shape)
    cats = np.arange(p.shape[-1])
    if not ordered:
        d = p - (cats == k[..., np.newaxis])
        return _finish(np.asarray(np.einsum("...j,...j->...", d, d), dtype=np.float64))
    cum = np.cumsum(p, axis=-1)[..., :-1]
    below = cats[:-1] >= k[..., np.newaxis]
    d = cum - below
    return _finish(np.asarray(2.0 * np.mean(d * d, axis=-1), dtype=np.float64))


def gjopen_time_averaged_brier_score(
    made_at: Any,
    forecast: Any,
    outcome: Any,
    *,
    opens: Any,
    closes: Any,
    ordered: bool = False,
) -> float:
    r"""Good Judgment Open's daily Brier score with carry-forward (a loss: lower is better).

    One forecaster on one question. Each full UTC day the question is open gets the Brier
    score (:func:`gjopen_brier_score`, 0..2) of the forecast standing at the end of that day
    (the last one made on or before it, carried forward until it is updated), and the
    question's score is the mean over the days:

    .. math::

        \bar B = \frac{1}{D}\sum_{d=d_0}^{d_0 + D - 1} \mathrm{BS}(p_{(d)}, k)

    The days run from the later of the opening day (which counts) and the day of the first
    forecast, to the last full day before ``closes`` (a day on which the question closes is
    not a full day and is not scored; neither is a forecast made on it). Days before the
    first forecast are not part of this score. Vectorised: one sort and a weighted mean.

    Parameters
    ----------
    made_at : array_like of numpy.datetime64, shape (n,)
        When each forecast was made (UTC).
    forecast : array_like of float, shape (n,) or (n, K)
        P(yes) for a yes/no question, or probabilities over K options.
    outcome : bool, {0, 1} or int
        What happened: yes/no, or the index of the option.
    opens, closes : numpy.datetime64, datetime.date or aware datetime.datetime
        When the question opened and when it closed (resolved).
    ordered : bool, default False
        Ordinal scoring for ordered options.

    Returns
    -------
    float
        The mean daily Brier score, in [0, 2].

    Raises
    ------
    HindsightError
        No forecast at all, or none made before the last full day ended: GJ Open gives no
        score.
    InvalidTimeError
        ``closes`` not after ``opens``, NaT or naive datetimes.
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        Bad forecasts, outcomes or shapes.

    References
    ----------
    .. [1] Good Judgment Open, FAQ, "How are my forecasts scored for accuracy?"
    .. [2] Cultivate Labs, "Why didn't I receive a score in a question I forecasted?" (a
       daily Brier score for each full day the question was open).

    Examples
    --------
    Nine full days; 80 % for six days, then 40 % for three; it did not happen:

    >>> import numpy as np
    >>> gjopen_time_averaged_brier_score(
    ...     np.array(["2022-01-01", "2022-01-07"], dtype="datetime64[D]"), [0.8, 0.4], False,
    ...     opens=np.datetime64("2022-01-01"), closes=np.datetime64("2022-01-10"))
    0.9600000000000003
    """
    p = _checks.as_float_array(forecast, "forecast")
    if p.ndim == 1:
        _checks.check_probabilities(p, "forecast", "raise")
        y = _checks.as_binary_outcome(outcome, "outcome", "raise")
        if y.ndim != 0:
            raise ShapeError("outcome must be a single outcome for one question")
        rows = np.stack([1.0 - p, p], axis=-1)
        k_index: Any = int(bool(y))
    elif p.ndim == 2:
        if np.ndim(outcome) != 0:
            raise ShapeError(
                "outcome must be a single option index for one question (got shape "
                f"{np.shape(outcome)})"
            )
        rows, k_index = p, outcome
    else:
        raise ShapeError(f"forecast must have shape (n,) or (n, K) (got {p.shape})")
    if p.shape[0] == 0:
        raise HindsightError("no forecast was given, so GJ Open gives no score")
    daily = np.asarray(gjopen_brier_score(rows, k_index, ordered=ordered), dtype=np.float64)
    n = daily.shape[0]
    t = _instants_us(made_at, "made_at", n)
    t_open = _instant_us(opens, "opens")
    t_close = _instant_us(closes, "closes")
    if t_close <= t_open:
        raise InvalidTimeError("'closes' must be after 'opens'")
    day = np.floor_divide(t, _US_PER_DAY)
    first_open_day = t_open // _US_PER_DAY
    last_day = t_close // _US_PER_DAY - 1  # the last full day before the close
    order = np.lexsort((np.arange(n), t))
    day_s, score_s = day[order], daily[order]
    nxt = np.empty(n, dtype=np.int64)
    nxt[:-1] = day_s[1:]
    nxt[-1] = last_day + 1
    start = np.maximum(day_s, first_open_day)
    end = np.minimum(nxt, last_day + 1)
    days = np.maximum(end - start, 0)
    total = int(days.sum())
    if total == 0:
        raise HindsightError(
            "no forecast was standing at the end of a full day before the question closed, "
            "so GJ Open gives no score"
        )
    return float(np.dot(days, score_s) / total)
