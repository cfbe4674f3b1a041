r"""Probability integral transform (PIT) values of distribution and ensemble forecasts, and
a test of their uniformity: the calibration check of forecasts of quantities.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .. import _checks
from .._dask import accepts_foreign
from ..errors import InvalidForecastError
from ._inputs import Scores, _finish
from ._quantities import _any_missing, _check_forecast_first, _real

_Float = npt.NDArray[np.float64]


def _seed(seed: Any) -> int | None:
    if seed is None:
        return None
    return _checks.check_integer("seed", seed, 0)


@accepts_foreign(n_arrays=2)
def pit(
    forecast: Any, outcome: Any, *, axis: int = -1, seed: int | None = 0, nan_policy: str = "raise"
) -> Scores:
    r"""Probability integral transform values of forecasts of quantities (not a loss).

    Signature order: the forecast first, ``pit(forecast, outcome)``; for an ensemble, an
    outcome with more axes than the members is refused as a swapped call.

    For a continuous forecast distribution :math:`F` the PIT value of the outcome
    :math:`y` is :math:`F(y)`; if the forecasts are calibrated, the values are uniform on
    [0, 1] (Dawid 1984 [1]_). Where :math:`F` jumps at :math:`y` (a discrete distribution),
    the value is drawn uniformly between the limits, the randomised PIT of Czado, Gneiting
    and Held (2009) [2]_:

    .. math::

        u = F(y^-) + V\,\bigl(F(y) - F(y^-)\bigr), \qquad V \sim \mathcal{U}(0, 1),

    which is exactly uniform under calibration. For an ensemble of :math:`m` members the
    forecast is their empirical distribution with the outcome as one more exchangeable draw
    (the rank histogram of Anderson 1996 and Hamill 2001 [3]_):

    .. math::

        u = \frac{\#\{i : x_i < y\} + V\,(\#\{i : x_i = y\} + 1)}{m + 1},

    uniform on [0, 1] when the outcome is exchangeable with the members, ties included.
    Unitless, in [0, 1]. A histogram of PIT values (:func:`forecastscore.plot.pit_histogram`)
    is U-shaped for overconfident forecasts, hump-shaped for underconfident ones and sloped
    for biased ones; :func:`pit_uniformity` tests it.

    Parameters
    ----------
    forecast : frozen scipy.stats distribution, or array_like of float, shape (..., m)
        A continuous or discrete distribution (parameters may be arrays, one per outcome),
        or ensemble members on ``axis``.
    outcome : array_like of float, shape (...)
        What happened.
    axis : int, default -1
        The members' axis of an ensemble (ignored for a distribution).
    seed : int or None, default 0
        Seed of the draws :math:`V` (used only for discrete distributions and ties);
        ``None`` draws fresh entropy.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The PIT values, with the broadcast shape of the forecasts and outcomes.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError
        Invalid distribution parameters or members (with their position); an infinite
        outcome, or NaN under ``nan_policy='raise'``.
    InvalidOptionError
        A bad ``seed`` or ``nan_policy``.
    ShapeError, ForecastTypeError
        Shapes that do not broadcast, swapped arguments; booleans or non-numbers.

    References
    ----------
    .. [1] Dawid, A. P. (1984). Statistical theory: the prequential approach. JRSS A,
       147(2), 278-292.
    .. [2] Czado, C., Gneiting, T. and Held, L. (2009). Predictive model assessment for
       count data. Biometrics, 65(4), 1254-1261.
    .. [3] Hamill, T. M. (2001). Interpretation of rank histograms for verifying ensemble
       forecasts. Monthly Weather Review, 129(3), 550-560.

    Examples
    --------
    >>> from scipy import stats
    >>> from forecastscore.rules import pit
    >>> pit(stats.norm(), [0.0, 1.959963984540054])
    array([0.5  , 0.975])
    >>> float(pit([1.0, 2.0, 3.0, 4.0], 3.5))  # 3 members below, no tie: (3 + V) / 5
    0.727...

    For a discrete forecast, the draw lies between the CDF's two limits at the outcome,
    here Poisson(1) at 0: between 0 and ``exp(-1) = 0.3679``.
    """
    policy = _checks.check_nan_policy(nan_policy)
    rng = np.random.default_rng(_seed(seed))
    from ._densities import is_frozen_distribution

    if is_frozen_distribution(forecast):
        return _pit_distribution(forecast, outcome, rng, policy)
    _checks.check_aligned(("forecast", forecast), ("outcome", outcome))
    x = _checks.as_real_array(forecast, "forecast")
    x_nan = _checks.check_finite(x, "forecast", policy)
    y, y_nan = _real(outcome, "outcome", policy, outcome=True)
    _check_forecast_first("pit", "forecast", x.shape, y.shape)
    x = _checks.move_axis_last(x, "forecast", axis, "a member")
    m = x.shape[-1]
    _checks.check_axis_length(m, 1, "forecast", axis, "")
    shape = _checks.broadcast_shape(x.shape[:-1], y.shape, ("forecast rows", "outcome"))
    row_nan = None if x_nan is None else np.asarray(np.moveaxis(x_nan, axis, -1).any(axis=-1))
    missing = _any_missing(shape, row_nan, y_nan)
    yy = np.broadcast_to(y, shape)[..., np.newaxis]
    below = (x < yy).sum(axis=-1)
    ties = (x == yy).sum(axis=-1)
    v = rng.random(shape)
    u = (below + v * (ties + 1)) / (m + 1.0)
    return _finish(np.asarray(u, dtype=np.float64), missing, policy)


def _pit_distribution(forecast: Any, outcome: Any, rng: np.random.Generator, policy: Any) -> Scores:
    from ._densities import _parameters

    family, params, discrete = _parameters(forecast)
    y, y_nan = _real(outcome, "outcome", policy, outcome=True)
    with np.errstate(all="ignore"):  # invalid parameters give NaN, reported below
        lo, _ = forecast.support()
    valid = ~np.isnan(np.asarray(lo, dtype=np.float64))
    p_shape = tuple(np.broadcast_shapes(*(v.shape for v in params.values())))
    p_nan = _checks.check_distribution_parameters(params, valid, family.name, "forecast", policy)
    shape = _checks.broadcast_shape(p_shape, y.shape, ("forecast parameters", "outcome"))
    missing = _any_missing(shape, p_nan, y_nan)
    with np.errstate(all="ignore"):
        upper = np.broadcast_to(np.asarray(forecast.cdf(y), dtype=np.float64), shape)
        if discrete:
            # F(y-) = F(y) - P(Y = y), clipped against rounding below 0
            mass = np.broadcast_to(np.asarray(forecast.pmf(y), dtype=np.float64), shape)
            lower = np.maximum(upper - mass, 0.0)
            u = lower + rng.random(shape) * (upper - lower)
        else:
            u = upper
    return _finish(np.asarray(u, dtype=np.float64), missing, policy)


def _pit_values(pit_values: Any) -> _Float:
    """PIT values as a flat float array, refusing values outside [0, 1], NaN and none."""
    u = _checks.as_real_array(pit_values, "pit_values")
    bad = ~((u >= 0.0) & (u <= 1.0))
    if bad.any():
        i = int(np.flatnonzero(bad.reshape(-1))[0])
        raise InvalidForecastError(
            f"pit_values{_checks.position(u.shape, i)} = {float(u.reshape(-1)[i])!r} is not "
            "a PIT value in [0, 1]"
        )
    if u.size == 0:
        raise InvalidForecastError("pit_values is empty: at least one value is needed")
    flat: _Float = u.reshape(-1)
    return flat


class UniformityTest(NamedTuple):
    """The result of :func:`pit_uniformity`."""

    statistic: float
    """The Kolmogorov-Smirnov distance between the PIT values' ECDF and the uniform CDF."""
    pvalue: float
    """The p-value of uniformity (small: the forecasts are not calibrated)."""
    n: int
    """How many PIT values were tested."""


def pit_uniformity(pit_values: Any) -> UniformityTest:
    r"""Kolmogorov-Smirnov test that PIT values are uniform on [0, 1] (not a loss).

    .. math::

        D_n = \sup_{u \in [0, 1]} \bigl|\hat G_n(u) - u\bigr|

    where :math:`\hat G_n` is the empirical CDF of the :math:`n` PIT values; the p-value is
    scipy's exact (small :math:`n`) or asymptotic Kolmogorov distribution
    (``scipy.stats.kstest(pit_values, "uniform")``). Calibrated forecasts give uniform PIT
    values, so a small p-value is evidence of miscalibration; a large one is no proof of
    calibration (Gneiting, Balabdaoui and Raftery 2007 [1]_). The test assumes independent
    values: PIT values of overlapping forecasts (several lead times of one event) are
    dependent and make the p-value too small. Use the randomised values of :func:`pit` for
    discrete forecasts and ensembles, since unrandomised ones are not uniform even when
    calibrated.

    Parameters
    ----------
    pit_values : array_like of float
        PIT values in [0, 1], any shape (flattened); at least one, no NaN.

    Returns
    -------
    UniformityTest
        ``(statistic, pvalue, n)``.

    Raises
    ------
    InvalidForecastError
        A value outside [0, 1] or NaN (with its position), or no values at all.
    ForecastTypeError
        Booleans or non-numbers.

    References
    ----------
    .. [1] Gneiting, T., Balabdaoui, F. and Raftery, A. E. (2007). Probabilistic forecasts,
       calibration and sharpness. JRSS B, 69(2), 243-268.

    Examples
    --------
    >>> from forecastscore.rules import pit_uniformity
    >>> result = pit_uniformity([0.1, 0.3, 0.5, 0.7, 0.9])
    >>> round(result.statistic, 12), result.n
    (0.1, 5)
    """
    from scipy import stats

    u = _pit_values(pit_values)
    result = stats.kstest(u, "uniform")
    return UniformityTest(float(result.statistic), float(result.pvalue), int(u.size))
