r"""Simultaneous consistency bands around the isotonic (CORP) reliability curve
(:func:`calibration_band`, :class:`CalibrationBand`): where the whole curve would lie, at a
stated family-wise level, if the forecasts were calibrated.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .. import _checks
from .._records import frame, short_float
from ._binning import FloatArray, IntArray, _pairs
from ._consistency import _check_resampling, _draw_events, _Groups, _groups, _pav

# The band is given at no more than this many forecast values (all distinct forecasts when
# there are no more), and the resampled curves at them take at most _MAX_CELLS floats.
_MAX_POINTS = 1000
_MAX_CELLS = 10_000_000


@attrs.frozen(eq=False)
class CalibrationBand:
    r"""A simultaneous band around the CORP reliability curve, and where it shows
    miscalibration.

    Attributes
    ----------
    forecast : ndarray of float, shape (k,)
        The forecast values at which the curve and the band are given (increasing): every
        distinct forecast, or ``k`` of them spread by quantiles when there are more.
    curve : ndarray of float, shape (k,)
        The isotonic (PAV) recalibration of the forecasts at those values: the CORP
        reliability curve (observed frequency, in [0, 1]).
    low, high : ndarray of float, shape (k,)
        The band's ends at each value.
    miscalibrated : ndarray of bool, shape (k,)
        Where the curve lies outside the band: miscalibration at family-wise level
        ``1 - confidence``.
    confidence : float
        The family-wise level: the probability, were the forecasts calibrated, that the
        whole curve lies inside the band.
    n_resamples : int
        Resamples it was made from.
    n : int
        Number of forecasts.
    n_clusters : int or None
        Number of clusters (questions) with ``cluster=``, else None.
    note : str
        How the band was made and what was assumed.

    Examples
    --------
    >>> from forecastscore.calibration import calibration_band
    >>> b = calibration_band([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1], n_resamples=200)
    >>> b.forecast.tolist(), b.curve.tolist()   # the CORP curve: frequencies 1/2 and 1
    ([0.2, 0.8], [0.5, 1.0])
    >>> bool(b.low[0] <= 0.2 <= b.high[0]), b.confidence
    (True, 0.95)
    """

    forecast: FloatArray
    curve: FloatArray
    low: FloatArray
    high: FloatArray
    miscalibrated: npt.NDArray[np.bool_]
    confidence: float
    n_resamples: int
    n: int
    n_clusters: int | None
    note: str

    _COLUMNS = ("forecast", "curve", "low", "high", "miscalibrated")

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per forecast value: ``forecast``, ``curve``, ``low``, ``high``,
        ``miscalibrated``."""
        columns = [
            self.forecast.tolist(),
            self.curve.tolist(),
            self.low.tolist(),
            self.high.tolist(),
            self.miscalibrated.tolist(),
        ]
        return [dict(zip(self._COLUMNS, row, strict=True)) for row in zip(*columns, strict=True)]

    def to_pandas(self) -> Any:
        """A :class:`pandas.DataFrame` of :meth:`to_records` (one row per forecast value).

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return frame(self.to_records(), list(self._COLUMNS), "CalibrationBand")

    def __repr__(self) -> str:
        nc = "" if self.n_clusters is None else f", n_clusters={self.n_clusters}"
        return (
            f"CalibrationBand(confidence={short_float(self.confidence)}, "
            f"points={self.forecast.size}, miscalibrated={int(self.miscalibrated.sum())}, "
            f"n={self.n}{nc})"
        )


def _grid(g: _Groups, p: FloatArray, points: int) -> IntArray:
    """Indices of the distinct forecasts where the band is given: all of them, or ``points``
    of them at evenly spaced quantiles of the forecasts."""
    m = g.u.size
    if m <= points:
        return np.arange(m, dtype=np.intp)
    at = np.quantile(p, np.linspace(0.0, 1.0, points), method="inverted_cdf")
    return np.unique(np.searchsorted(g.u, at)).astype(np.intp)


def _simultaneous(draws: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray]:
    """The sup-t band of the resampled curves (rows of ``draws``): centre ``c`` (their mean
    at each point), scale ``s`` (their standard deviation there), and ``c -/+ q s`` with
    ``q`` the ``ceil(confidence (B + 1))``-th smallest of the curves' largest standardised
    distance from the centre, ``T_b = max_j |draws[b, j] - c_j| / s_j``.

    A point where every resampled curve is equal (``s_j = 0``) is a band of width 0 there.
    """
    b = draws.shape[0]
    centre = draws.mean(axis=0)
    scale = draws.std(axis=0)
    dev = np.abs(draws - centre)
    flat = scale <= 4.0 * np.finfo(np.float64).eps * np.maximum(np.abs(centre), 1.0)
    t = np.where(flat, 0.0, dev / np.where(flat, 1.0, scale)).max(axis=1)
    rank = math.ceil(confidence * (b + 1))
    q = float(np.inf) if rank > b else float(np.sort(t)[rank - 1])
    # (q is inf when ceil(confidence (B + 1)) > B: no finite width; inf * 0 is kept out.)
    width = np.where(flat, 0.0, q * np.where(flat, 1.0, scale))
    return centre - width, centre + width


def _kept_clusters(forecast: Any, outcome: Any, cluster: Any) -> Any:
    """The cluster labels of the pairs ``nan_policy='omit'`` keeps (no NaN in either)."""
    try:
        f = np.asarray(forecast, dtype=np.float64)
        o = np.asarray(outcome, dtype=np.float64)
        missing = np.broadcast_to(np.isnan(f) | np.isnan(o), np.broadcast_shapes(f.shape, o.shape))
    except (TypeError, ValueError):
        return cluster  # not numbers: the checks that follow say so
    labels = np.asarray(cluster)
    if labels.size != missing.size:
        return cluster  # the shape error comes from the checks that follow
    return labels.reshape(-1)[~missing.reshape(-1)]


def calibration_band(
    forecast: Any,
    outcome: Any,
    *,
    confidence: float = 0.95,
    cluster: Any = None,
    n_resamples: int = 1000,
    seed: int | None = 0,
    nan_policy: str = "raise",
) -> CalibrationBand:
    r"""A simultaneous consistency band around the isotonic (CORP) reliability curve.

    The CORP reliability curve is the isotonic (PAV) recalibration :math:`\hat p` of binary
    forecasts, read at each distinct forecast value (Dimitriadis, Gneiting and Jordan 2021;
    the points of ``reliability_table(..., bins="isotonic")``). The band says where the
    whole curve would lie if the forecasts were calibrated, at family-wise level
    ``confidence``: the forecast values where the curve leaves it are places of
    miscalibration at level ``1 - confidence`` for the curve as a whole, not one chance
    excursion among many pointwise ones (``miscalibrated`` marks them). It is the
    simultaneous counterpart of the per-bin consistency band of :func:`reliability_table`.

    Outcomes are drawn from the forecasts, :math:`y^*_i \sim \mathrm{Bernoulli}(p_i)` (the
    null hypothesis of calibration, as in :func:`corp_test`), ``n_resamples`` times, and
    the PAV fit of each draw is a resampled curve :math:`\hat p^*_b`. With :math:`c_j` and
    :math:`s_j` their mean and standard deviation at forecast value :math:`x_j`, the band is

    .. math::

        c_j \pm q\, s_j, \qquad q = \text{the } \lceil \gamma (B + 1) \rceil\text{-th
        smallest of } T_b = \max_j \frac{|\hat p^*_b(x_j) - c_j|}{s_j},

    clipped to [0, 1], with :math:`\gamma` = ``confidence`` (a sup-t band: the largest
    standardised distance of each resampled curve from the centre, anywhere). A value where
    every resampled curve agrees has a band of width 0. Under the null hypothesis the
    observed curve is one more such curve, so it leaves the band somewhere with probability
    about ``1 - confidence`` (up to the Monte Carlo error of ``n_resamples``; use a thousand
    or more).

    Only a consistency band is offered: a bootstrap *confidence* band for the true curve,
    drawing outcomes from the recalibrated forecasts, undercovers badly because the
    bootstrap of an isotonic fit is inconsistent (Kosorok 2008).

    The band is given at every distinct forecast value when there are at most 1000 of them,
    else at 1000 values spread by quantiles of the forecasts (fewer when ``n_resamples``
    times the number of values would pass 10**7); the family-wise statement is about those
    values. Resampling costs what :func:`corp_test` costs.

    Without ``cluster`` the outcomes are assumed independent given the forecasts; with it,
    each resample draws one uniform number per cluster and every forecast of that cluster
    takes its outcome from it (:func:`corp_test` says why), and the note says so.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.
    confidence : float, default 0.95
        The family-wise level, in (0, 1).
    cluster : array_like, optional
        One label per forecast (e.g. question ids).
    n_resamples : int, default 1000
        Number of resamples, 1 to 1,000,000 (a band needs a few hundred at least).
    seed : int or None, default 0
        Seed of the resampling (``None``: fresh entropy).
    nan_policy : {'raise', 'omit'}, default 'raise'
        Refuse NaN, or leave out the pairs that hold one (and their cluster labels).

    Returns
    -------
    CalibrationBand

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        Bad forecasts or outcomes, shapes that do not match, or no pairs.
    InvalidOptionError
        A bad ``confidence``, ``n_resamples`` or ``seed``, or a missing
        cluster label.

    References
    ----------
    .. [1] Dimitriadis, T., Gneiting, T. and Jordan, A. I. (2021). Stable reliability
       diagrams for probabilistic classifiers. PNAS, 118(8), e2016191118.
    .. [2] Montiel Olea, J. L. and Plagborg-Møller, M. (2019). Simultaneous confidence
       bands: theory, implementation, and an application to SVARs. Journal of Applied
       Econometrics, 34(1), 1-17.
    .. [3] Kosorok, M. R. (2008). Bootstrapping the Grenander estimator. In Beyond
       Parametrics in Interdisciplinary Research, IMS Collections 1, 282-292.

    Examples
    --------
    >>> import numpy as np
    >>> from forecastscore.calibration import calibration_band
    >>> rng = np.random.default_rng(1)
    >>> p = rng.uniform(0.05, 0.95, size=2000).round(2)
    >>> y = rng.uniform(size=2000) < p                # calibrated by construction
    >>> b = calibration_band(p, y, n_resamples=400)
    >>> b.forecast.size, int(b.miscalibrated.sum())   # 91 distinct values, none flagged
    (91, 0)
    >>> too_sure = np.clip(0.5 + 1.6 * (p - 0.5), 0, 1)
    >>> bool(calibration_band(too_sure, y, n_resamples=400).miscalibrated.any())
    True
    """
    level = _checks.check_confidence(confidence)
    resamples, seed_ = _check_resampling(n_resamples, seed)
    if cluster is not None and nan_policy == "omit":
        cluster = _kept_clusters(forecast, outcome, cluster)
    p, y = _pairs(forecast, outcome, nan_policy)
    g = _groups(p, y, cluster)
    fit, _ = _pav(g, g.events)
    points = max(2, min(_MAX_POINTS, _MAX_CELLS // resamples))
    idx = _grid(g, p, points)
    x, curve = g.u[idx], fit[idx]
    rng = np.random.default_rng(seed_)
    draws = np.empty((resamples, idx.size))
    for i in range(resamples):  # one draw and one PAV fit per resample, never per forecast
        draws[i] = _pav(g, _draw_events(g, g.u, rng))[0][idx]
    lower, upper = _simultaneous(draws, level)
    low, high = np.clip(lower, 0.0, 1.0), np.clip(upper, 0.0, 1.0)
    outside = (curve < low) | (curve > high)
    note = (
        "consistency band: where the CORP curve would lie if the forecasts were calibrated "
        f"(outcomes drawn from the forecasts); sup-t band of {resamples} resampled PAV curves "
        f"at {idx.size} forecast values, family-wise level {level:.4g}"
    )
    if g.codes is None:
        note += "; outcomes assumed independent (pass cluster= question ids when several "
        note += "forecasts share a question)"
    else:
        note += f"; one uniform per cluster over {g.n_clusters} clusters (assumed coupling)"
    return CalibrationBand(
        forecast=x,
        curve=curve,
        low=low,
        high=high,
        miscalibrated=outside,
        confidence=level,
        n_resamples=resamples,
        n=g.n,
        n_clusters=g.n_clusters,
        note=note,
    )


__all__ = ["CalibrationBand", "calibration_band"]
