"""Metaculus's Baseline and Peer scores, one forecast at a time (binary, multiple-choice and
continuous). Positively oriented, as Metaculus publishes them. What does not live here:
the averages over a question's life (``_metaculus_time``), Good Judgment Open (``_gjopen``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import _checks
from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOutcomeError,
    ShapeError,
)
from ..rules import Scores
from ._common import FloatArray, _finish, _flag

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
    InvalidOptionError
        ``open_lower`` or ``open_upper`` that is not True or False (a truthy ``"no"`` is
        refused, never read as True).

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
    open_lower, open_upper = _flag(open_lower, "open_lower"), _flag(open_upper, "open_upper")
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
