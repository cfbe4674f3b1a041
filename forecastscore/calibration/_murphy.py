r"""Murphy diagrams: mean elementary scores of binary forecasts over all thresholds
(:func:`elementary_scores`), and whether one forecaster dominates another
(:func:`murphy_dominance`).
"""

from __future__ import annotations

from typing import Any, Literal

import attrs
import numpy as np

from .. import _checks
from .._records import OneRow, frame, short_float
from ..errors import InvalidOptionError, ShapeError
from ._binning import FloatArray, IntArray, _pairs

_EPS = float(np.finfo(np.float64).eps)


def _means(
    p: FloatArray, y: FloatArray, theta: FloatArray, sides: tuple[Literal["left", "right"], ...]
) -> FloatArray:
    """Mean elementary score at each ``theta``, once per side: ``'right'`` is the value (a
    forecast equal to theta counts as ``p <= theta``), ``'left'`` the limit from below."""
    p0 = np.sort(p[y == 0.0])
    p1 = np.sort(p[y == 1.0])
    parts = []
    for side in sides:
        above0 = p0.size - np.searchsorted(p0, theta, side=side)  # y = 0 and p > theta
        below1 = np.searchsorted(p1, theta, side=side)  # y = 1 and p <= theta
        parts.append((theta * above0 + (1.0 - theta) * below1) / p.size)
    out: FloatArray = np.concatenate(parts)
    return out


def _means_at_knots(
    y: FloatArray, index: IntArray, theta: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Mean elementary score at each ``theta`` (the value, and the limit from below) when
    every forecast is one of the thresholds, ``index`` saying which: the same integer counts
    as :func:`_means` from one pass of counting, with no search."""
    m, n = theta.size, y.size
    event = y == 1.0
    c1 = np.bincount(index[event], minlength=m)
    c0 = np.bincount(index[~event], minlength=m)
    below1 = np.cumsum(c1)  # y = 1 and p <= theta
    above0 = (n - int(c1.sum())) - np.cumsum(c0)  # y = 0 and p > theta
    value = (theta * above0 + (1.0 - theta) * below1) / n
    left = (theta * (above0 + c0) + (1.0 - theta) * (below1 - c1)) / n
    return value, left


@attrs.frozen(eq=False)
class ElementaryScores:
    r"""Mean elementary scores of binary forecasts at each threshold (a Murphy diagram).

    Attributes
    ----------
    thresholds : ndarray of float, shape (m,)
        The thresholds :math:`\theta` (cost-loss ratios).
    mean_score : ndarray of float, shape (m,)
        :math:`\bar S_\theta` at each threshold (a loss: lower is better).
    n : int
        Number of forecasts.

    Examples
    --------
    >>> from forecastscore.calibration import elementary_scores
    >>> r = elementary_scores([0.2, 0.8], [1, 0], thresholds=[0.5])
    >>> r.mean_score.tolist()   # each forecast is on the wrong side: (0.5 + 0.5) / 2
    [0.5]
    >>> r.to_records()
    [{'threshold': 0.5, 'mean_score': 0.5}]
    """

    thresholds: FloatArray
    mean_score: FloatArray
    n: int

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per threshold: ``threshold`` and ``mean_score``."""
        return [
            {"threshold": t, "mean_score": s}
            for t, s in zip(self.thresholds.tolist(), self.mean_score.tolist(), strict=True)
        ]

    def to_pandas(self) -> Any:
        """A :class:`pandas.DataFrame` of :meth:`to_records` (one row per threshold).

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return frame(self.to_records(), ["threshold", "mean_score"], "ElementaryScores")

    def __repr__(self) -> str:
        return f"ElementaryScores(n={self.n}, thresholds={self.thresholds.size})"


def elementary_scores(
    forecast: Any,
    outcome: Any,
    *,
    thresholds: Any = None,
    nan_policy: str = "raise",
) -> ElementaryScores:
    r"""Mean elementary scores of binary forecasts over thresholds: the Murphy diagram.

    For a probability forecast :math:`p`, an outcome :math:`y \in \{0, 1\}` and a threshold
    :math:`\theta \in [0, 1]`,

    .. math::

        S_\theta(p, y) = \theta \, \mathbf{1}\{y = 0,\ p > \theta\}
                       + (1 - \theta) \, \mathbf{1}\{y = 1,\ p \le \theta\},

    the loss of a decision maker with cost-loss ratio :math:`\theta` who acts when
    :math:`p > \theta`: acting in vain costs :math:`\theta`, failing to act when the event
    happens loses :math:`1 - \theta`. This is the elementary score of Ehm, Gneiting, Jordan
    and Krüger (2016) for the mean functional on binary outcomes, with their tie convention
    (a forecast equal to :math:`\theta` counts as not acting), without their factor
    :math:`|\mathbf{1}\{y < \theta\} - \tfrac12| = \tfrac12`. Scaled so, it integrates to
    half the Brier score (Schervish 1989):
    :math:`\int_0^1 S_\theta(p, y)\,d\theta = \tfrac12 (p - y)^2`.

    The mean score over the forecasts is linear in :math:`\theta` between distinct forecast
    values and jumps at them, so by default it is evaluated at the distinct forecast values
    (every threshold that matters). **Lower is better** at every threshold.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.
    thresholds : array_like of float, shape (m,), optional
        Thresholds in [0, 1], in the order wanted; default the sorted distinct forecasts.
    nan_policy : {'raise', 'omit'}, default 'raise'
        Refuse NaN, or leave out the pairs where the forecast or the outcome is NaN.

    Returns
    -------
    ElementaryScores
        Thresholds and the mean elementary score at each.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ShapeError
        Bad forecasts or outcomes, shapes that do not match, or no pairs.
    InvalidOptionError
        ``thresholds`` not a non-empty 1-D array of numbers in [0, 1].

    References
    ----------
    .. [1] Ehm, W., Gneiting, T., Jordan, A. and Krüger, F. (2016). Of quantiles and
       expectiles: consistent scoring functions, Choquet representations and forecast
       rankings. Journal of the Royal Statistical Society B, 78(3), 505-562.
    .. [2] Schervish, M. J. (1989). A general method for comparing probability assessors.
       The Annals of Statistics, 17(4), 1856-1879.

    Examples
    --------
    >>> from forecastscore.calibration import elementary_scores
    >>> r = elementary_scores([0.2, 0.6, 0.9], [0, 1, 0], thresholds=[0.1, 0.5, 0.7])
    >>> # 0.1: two in vain (0.1 each); 0.5: one in vain (0.5); 0.7: in vain 0.7, missed 0.3
    >>> [round(s, 12) for s in r.mean_score.tolist()]
    [0.066666666667, 0.166666666667, 0.333333333333]
    >>> elementary_scores([0.2, 0.6, 0.9], [0, 1, 0]).thresholds.tolist()
    [0.2, 0.6, 0.9]
    """
    p, y = _pairs(forecast, outcome, nan_policy)
    if thresholds is None:  # the distinct forecasts: count at each, no search needed
        theta, index = np.unique(p, return_inverse=True)
        value, _ = _means_at_knots(y, index.reshape(-1).astype(np.intp), theta)
        return ElementaryScores(thresholds=theta, mean_score=value, n=p.size)
    theta = _thresholds(thresholds, p)
    return ElementaryScores(thresholds=theta, mean_score=_means(p, y, theta, ("right",)), n=p.size)


def _thresholds(thresholds: Any, p: FloatArray) -> FloatArray:
    if thresholds is None:
        out: FloatArray = np.unique(p)
        return out
    t = _checks.as_float_array(thresholds, "thresholds")
    if t.ndim != 1 or t.size == 0:
        raise InvalidOptionError(
            f"thresholds must be a non-empty 1-D array of numbers in [0, 1], got shape {t.shape}"
        )
    bad = np.flatnonzero(~((t >= 0.0) & (t <= 1.0)))
    if bad.size:
        i = int(bad[0])
        raise InvalidOptionError(f"thresholds[{i}] = {float(t[i])!r} is not a number in [0, 1]")
    return np.ascontiguousarray(t, dtype=np.float64)


@attrs.frozen
class MurphyDominance(OneRow):
    r"""Whether one forecaster's Murphy diagram lies below another's everywhere.

    Attributes
    ----------
    dominant : {'a', 'b', 'equal', 'neither'}
        ``'a'``: a's mean elementary score is at most b's at every threshold (a is at least
        as good for every cost-loss ratio) and below it somewhere; ``'b'`` likewise;
        ``'equal'``: the diagrams coincide (within the tolerance); ``'neither'``: each is
        better somewhere.
    max_a_minus_b : float
        Largest :math:`\bar S_\theta(a) - \bar S_\theta(b)` over the thresholds (and limits
        from below at the jumps); at most the tolerance when a dominates.
    max_b_minus_a : float
        Largest :math:`\bar S_\theta(b) - \bar S_\theta(a)`.
    n : int
        Number of forecasts of each.

    Examples
    --------
    >>> from forecastscore.calibration import murphy_dominance
    >>> d = murphy_dominance([0.9, 0.1], [0.6, 0.4], [1, 0])
    >>> d.dominant, d.max_a_minus_b, round(d.max_b_minus_a, 12)  # b: 0.6 misses at 0.6, 0.4 / 2
    ('a', 0.0, 0.2)
    """

    dominant: str
    max_a_minus_b: float
    max_b_minus_a: float
    n: int

    def __repr__(self) -> str:
        return (
            f"MurphyDominance(dominant={self.dominant!r}, "
            f"max_a_minus_b={short_float(self.max_a_minus_b)}, "
            f"max_b_minus_a={short_float(self.max_b_minus_a)}, n={self.n})"
        )


def murphy_dominance(
    forecast_a: Any, forecast_b: Any, outcome: Any, *, nan_policy: str = "raise"
) -> MurphyDominance:
    r"""Whether forecaster a dominates b in the Murphy diagram (for every cost-loss ratio).

    a dominates b when :math:`\bar S_\theta(a) \le \bar S_\theta(b)` for every
    :math:`\theta \in [0, 1]` (:func:`elementary_scores`; lower is better), which by Ehm et
    al. (2016) means a's mean score is at most b's under every consistent scoring function
    for the mean (Brier, log, spherical ...) on these outcomes. Between the distinct
    forecasts of either the difference is linear in :math:`\theta`, so it is checked exactly
    at each distinct forecast value and at the limit from below there (and at 0 and 1).

    A difference counts as zero when it is within :math:`64\,\varepsilon\,(\bar S_\theta(a)
    + \bar S_\theta(b))` (float64 :math:`\varepsilon`): the mean scores are computed from
    integer counts with a few roundings each, so a tie is not broken by rounding.

    Parameters
    ----------
    forecast_a, forecast_b : array_like of float, shape (...)
        Two forecasters' probabilities of the same events, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.
    nan_policy : {'raise', 'omit'}, default 'raise'
        Refuse NaN, or leave out the events where either forecast or the outcome is NaN.

    Returns
    -------
    MurphyDominance

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ShapeError
        Bad forecasts or outcomes, shapes that do not match, or no pairs.

    References
    ----------
    .. [1] Ehm, W., Gneiting, T., Jordan, A. and Krüger, F. (2016). Of quantiles and
       expectiles: consistent scoring functions, Choquet representations and forecast
       rankings. Journal of the Royal Statistical Society B, 78(3), 505-562.

    Examples
    --------
    >>> from forecastscore.calibration import murphy_dominance
    >>> y = [1, 0, 1, 0]
    >>> murphy_dominance([0.9, 0.1, 0.8, 0.2], [0.6, 0.4, 0.6, 0.4], y).dominant
    'a'
    >>> murphy_dominance([0.9, 0.1, 0.8, 0.2], [0.9, 0.1, 0.8, 0.2], y).dominant
    'equal'
    >>> murphy_dominance([0.9, 0.4, 0.8, 0.2], [0.6, 0.1, 0.6, 0.1], y).dominant
    'neither'
    """
    policy = _checks.check_choice("nan_policy", nan_policy, ("raise", "omit"))
    _checks.check_aligned(
        ("forecast_a", forecast_a), ("forecast_b", forecast_b), ("outcome", outcome)
    )
    a = _checks.as_float_array(forecast_a, "forecast_a")
    b = _checks.as_float_array(forecast_b, "forecast_b")
    _checks.check_probabilities(a, "forecast_a", _checks.check_nan_policy(policy))
    _checks.check_probabilities(b, "forecast_b", _checks.check_nan_policy(policy))
    if a.shape != b.shape:
        raise ShapeError(
            f"forecast_a has shape {a.shape} and forecast_b has shape {b.shape}; "
            "they must forecast the same events"
        )
    if policy == "omit":  # leave out an event where either forecast is NaN, from both
        either = np.isnan(a) | np.isnan(b)
        a = np.where(either, np.nan, a)
        b = np.where(either, np.nan, b)
    pa, ya = _pairs(a, outcome, policy)
    pb, yb = _pairs(b, outcome, policy)
    if pa.size != pb.size:  # an outcome NaN is omitted from both alike
        raise ShapeError("forecast_a and forecast_b kept different numbers of pairs")
    theta, index = np.unique(np.concatenate([pa, pb, [0.0, 1.0]]), return_inverse=True)
    index = index.reshape(-1).astype(np.intp)
    sa = np.concatenate(_means_at_knots(ya, index[: pa.size], theta))
    sb = np.concatenate(_means_at_knots(yb, index[pa.size : pa.size + pb.size], theta))
    tol = 64.0 * _EPS * (sa + sb)
    diff = sa - sb
    a_better = bool(np.all(diff <= tol))
    b_better = bool(np.all(-diff <= tol))
    dominant = {
        (True, True): "equal",
        (True, False): "a",
        (False, True): "b",
        (False, False): "neither",
    }[(a_better, b_better)]
    return MurphyDominance(
        dominant=dominant,
        max_a_minus_b=float(diff.max()),
        max_b_minus_a=float((-diff).max()),
        n=pa.size,
    )
