r"""Scores of quantile forecasts as the forecast hubs submit them: the weighted interval score
(with its three parts), interval coverage and the CRPS of the quantiles.

A quantile forecast is an array whose ``axis`` (the last by default) holds the values of the
quantiles at ``levels`` (a 1-d array of levels strictly between 0 and 1, one per entry on
that axis, in any order). The quantiles must not decrease as the level grows.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .. import _checks, _kernels
from .._checks import NanPolicy
from .._dask import accepts_dask
from ..errors import InvalidForecastError, InvalidOptionError, ShapeError
from . import _reduce
from ._inputs import Scores, _finish
from ._quantities import _any_missing, _check_forecast_first, _real

#: How far two levels may be from summing to 1 and still be the two ends of one central
#: interval (levels are at most 1, so this is a few thousand units in the last place).
SYMMETRY_ATOL = 1e-12

_Float = npt.NDArray[np.float64]


def _levels(levels: Any, n: int, axis: Any) -> tuple[_Float, npt.NDArray[np.intp] | None]:
    """Validate ``levels`` against an axis of ``n`` quantiles: return them sorted, and the
    order that sorts them (``None`` when they already are)."""
    tau = _checks.check_level(levels, "levels")
    if tau.ndim != 1:
        raise ShapeError(
            f"levels must be a 1-d array of quantile levels (got shape {tau.shape}); one "
            "level per entry on the quantiles' axis"
        )
    if tau.size != n:
        raise ShapeError(
            f"levels holds {tau.size} level(s) but the quantiles hold {n} on axis {axis}; "
            "give one level per quantile"
        )
    order: npt.NDArray[np.intp] | None = None
    if np.any(tau[1:] <= tau[:-1]):
        order = np.argsort(tau, kind="stable")
        tau = tau[order]
        same = np.flatnonzero(tau[1:] == tau[:-1])
        if same.size:
            raise InvalidOptionError(
                f"levels holds {float(tau[same[0]])!r} twice; each quantile level may appear once"
            )
    return tau, order


def _quantile_inputs(
    quantiles: Any,
    outcome: Any,
    levels: Any,
    axis: Any,
    nan_policy: str,
    func: str,
    check: bool = True,
) -> tuple[_Float, _Float, _Float, tuple[int, ...], npt.NDArray[np.bool_] | None, NanPolicy]:
    """Validate quantiles (moved to the last axis and sorted by level), outcomes and levels;
    ``check=False`` skips the checks of the values (finite, increasing)."""
    policy = _checks.check_nan_policy(nan_policy)
    _checks.check_aligned(("quantiles", quantiles), ("outcome", outcome))
    x, x_nan = _real(quantiles, "quantiles", policy, check=check)
    y, y_nan = _real(outcome, "outcome", policy, outcome=True, check=check)
    _check_forecast_first(func, "quantiles", x.shape, y.shape)
    x = _checks.move_axis_last(x, "quantiles", axis, "a quantile")
    tau, order = _levels(levels, x.shape[-1], axis)
    if order is not None:
        x = np.take(x, order, axis=-1)
    if check:
        _check_increasing(x, tau, axis)
    shape = _checks.broadcast_shape(x.shape[:-1], y.shape, ("quantiles rows", "outcome"))
    row_nan = None if x_nan is None else np.asarray(np.moveaxis(x_nan, axis, -1).any(axis=-1))
    missing = _any_missing(shape, row_nan, y_nan)
    if shape != x.shape[:-1]:
        x = np.broadcast_to(x, (*shape, x.shape[-1]))
    return x, np.broadcast_to(y, shape), tau, shape, missing, policy


def _check_increasing(x: _Float, tau: _Float, axis: Any) -> None:
    """Refuse quantiles that decrease as the level grows (NaNs are let through)."""
    if x.shape[-1] < 2:
        return
    bad = x[..., 1:] < x[..., :-1]
    if bad.any():
        flat = int(np.flatnonzero(bad.reshape(-1))[0])
        row, k = divmod(flat, x.shape[-1] - 1)
        rows = x.shape[:-1]
        where = _checks.position(rows, row) if rows else ""
        lo = float(x.reshape(-1, x.shape[-1])[row, k])
        hi = float(x.reshape(-1, x.shape[-1])[row, k + 1])
        raise InvalidForecastError(
            f"quantiles{where} decrease with the level on axis {axis}: {hi!r} at level "
            f"{float(tau[k + 1])!r} is below {lo!r} at level {float(tau[k])!r}; quantiles must not "
            "decrease as the level grows"
        )


def _central(tau: _Float) -> int:
    """Check that ``tau`` (sorted) are the median and the ends of K central intervals;
    return K."""
    n = tau.size
    k = n // 2
    if n % 2 == 0 or tau[k] != 0.5:
        raise InvalidOptionError(
            "levels must be the median 0.5 and the two ends of each central interval "
            f"(alpha/2 and 1 - alpha/2), an odd number in all (got {tau.tolist()!r})"
        )
    gap = np.abs(tau[:k] + tau[::-1][:k] - 1.0)
    if np.any(gap > SYMMETRY_ATOL):
        i = int(np.flatnonzero(gap > SYMMETRY_ATOL)[0])
        raise InvalidOptionError(
            f"levels must come in pairs alpha/2 and 1 - alpha/2 around the median: "
            f"{float(tau[i])!r} is paired with {float(tau[n - 1 - i])!r}, which do not sum to 1 "
            f"(got {tau.tolist()!r})"
        )
    return k


@accepts_dask(n_arrays=2, category_axis=True)
def weighted_interval_score(
    quantiles: Any,
    outcome: Any,
    *,
    levels: Any,
    axis: int = -1,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Weighted interval score of quantile forecasts (a loss: lower is better).

    Signature order: the forecast first, ``weighted_interval_score(quantiles, outcome)``,
    unlike scoringrules (outcome first). A ``ShapeError`` says so when the outcome has more
    axes than the quantiles (a swapped call); with one forecast and one outcome the shapes
    cannot tell, so mind the order.

    The weighted interval score of Bracher et al. (2021) [1]_, as the COVID-19 and influenza
    forecast hubs compute it, for a forecast of the median :math:`m` and of the ends
    :math:`l_k, u_k` of :math:`K` central prediction intervals of levels
    :math:`1 - \alpha_k`:

    .. math::

        \mathrm{WIS}(y) = \frac{1}{K + 1/2}\Bigl(\tfrac12 |y - m|
            + \sum_{k=1}^K \tfrac{\alpha_k}{2}\,\mathrm{IS}_{\alpha_k}(l_k, u_k; y)\Bigr)

    with the interval score :math:`\mathrm{IS}_\alpha` of :func:`interval_score`. It equals
    :math:`\frac{2}{2K + 1}\sum_{\tau} \mathrm{QS}_\tau(q_\tau, y)`, twice the mean
    :func:`quantile_score` over the :math:`2K + 1` levels, which is how it is computed here.
    As the levels fill (0, 1) it tends to the CRPS of the forecast distribution (see
    :func:`crps_quantile`). It is proper for the quantiles at ``levels``. In the units of
    the outcome. :func:`weighted_interval_score_parts` gives its three parts (dispersion,
    overprediction, underprediction).

    Parameters
    ----------
    quantiles : array_like of float, shape (..., 2K + 1)
        The forecast quantiles on ``axis``, one per level, not decreasing with the level.
    outcome : array_like of float, shape (...)
        What happened; must broadcast with the rows of ``quantiles``.
    levels : array_like of float, shape (2K + 1,)
        The quantile levels, in any order: 0.5 and, for each interval, :math:`\alpha_k/2` and
        :math:`1 - \alpha_k/2` (the hubs' 23 levels are 0.01, 0.025, 0.05, 0.1, 0.15, ...,
        0.9, 0.95, 0.975, 0.99). Two levels pair up when they sum to 1 within
        :data:`SYMMETRY_ATOL`.
    axis : int, default -1
        The axis of ``quantiles`` that holds the quantiles.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a row with any NaN quantile counts as missing. Infinite
        values are always refused.
    reduce : {None, 'mean', 'sum'}, default None
        The elementwise scores (None), or their mean or sum as a numpy float64; as in
        :func:`brier_score`.
    weights : array_like of float, optional
        Sample weights (finite, >= 0) for ``reduce``; as in :func:`brier_score`.
    check : bool, default True
        ``False`` skips the checks of the values; as in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        One score per row, with the broadcast shape of the rows and ``outcome``.

    Raises
    ------
    InvalidForecastError
        Quantiles that decrease with the level (the message gives the row, both values and
        levels), or that are infinite or NaN under ``nan_policy='raise'``.
    InvalidOutcomeError
        An infinite outcome, or NaN under ``nan_policy='raise'``.
    InvalidOptionError
        Levels outside (0, 1), repeated, without the median or not in symmetric pairs.
    ShapeError
        A number of levels other than the length of ``axis``; shapes that do not broadcast;
        an outcome with more axes than ``quantiles`` (arguments swapped).

    Notes
    -----
    Accuracy: the sum of :math:`2K + 1` terms of the size of the score, each rounded once,
    so a relative error of a few :math:`(2K + 1)\epsilon`. Agrees with
    ``scoringrules.weighted_interval_score(y, m, lower, upper, alpha)`` to rounding (its
    default weights :math:`w_0 = 1/2`, :math:`w_k = \alpha_k/2` are these); see the
    handbook's page on distributional scores.

    References
    ----------
    .. [1] Bracher, J., Ray, E. L., Gneiting, T. and Reich, N. G. (2021). Evaluating epidemic
       forecasts in an interval format. PLOS Computational Biology, 17(2), e1008618.

    Examples
    --------
    >>> from forecastscore.rules import weighted_interval_score
    >>> round(float(weighted_interval_score([2.0, 5.0, 10.0], 12.0, levels=[0.1, 0.5, 0.9])), 12)
    4.2

    By hand: K = 1 interval [2, 10] with alpha = 0.2 and the median 5. The interval score is
    ``8 + (2 / 0.2) * (12 - 10) = 28``, so ``(0.5 * |12 - 5| + 0.1 * 28) / 1.5 = 6.3 / 1.5 = 4.2``.
    """
    how = _reduce.check_reduce(reduce, weights, ("quantiles", quantiles), ("outcome", outcome))
    chk = _reduce.check_check(check)
    x, y, tau, _, missing, policy = _quantile_inputs(
        quantiles, outcome, levels, axis, nan_policy, "weighted_interval_score", chk
    )
    _central(tau)
    return _finish(_kernels.wis(x, y, tau), missing, policy, how, weights)


class WISParts(NamedTuple):
    """The three parts of the weighted interval score; they sum to it.

    Each has the shape of the scores (or is 1-d under ``nan_policy='omit'``).

    Examples
    --------
    >>> from forecastscore.rules import weighted_interval_score_parts
    >>> parts = weighted_interval_score_parts([2.0, 5.0, 10.0], 1.0, levels=[0.1, 0.5, 0.9])
    >>> round(float(parts.overprediction), 12), round(float(parts.total), 12)
    (2.0, 2.533333333333)

    Overprediction ``((2 - 1) + 0.5 * (5 - 1)) / 1.5 = 2``; dispersion ``0.1 * 8 / 1.5``.
    """

    dispersion: Scores
    """The width of the intervals, :math:`\\sum_k (\\alpha_k/2)(u_k - l_k) / (K + 1/2)`."""
    overprediction: Scores
    """The penalty for outcomes below the intervals and the median."""
    underprediction: Scores
    """The penalty for outcomes above the intervals and the median."""

    @property
    def total(self) -> Scores:
        """The weighted interval score: the sum of the three parts."""
        out: Scores = self.dispersion + self.overprediction + self.underprediction
        return out


def weighted_interval_score_parts(
    quantiles: Any,
    outcome: Any,
    *,
    levels: Any,
    axis: int = -1,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> WISParts:
    r"""The weighted interval score (a loss) split into dispersion, over- and underprediction.

    Signature order: the forecast first, as in :func:`weighted_interval_score`.

    The decomposition the forecast hubs report (Bracher et al. 2021 [1]_), each part divided
    by :math:`K + 1/2` like the score:

    .. math::

        \text{dispersion} &= \textstyle\sum_k \frac{\alpha_k}{2}(u_k - l_k), \\
        \text{overprediction} &= \textstyle\sum_k (l_k - y)_+ + \frac12 (m - y)_+, \\
        \text{underprediction} &= \textstyle\sum_k (y - u_k)_+ + \frac12 (y - m)_+.

    The median's absolute error goes to over- or underprediction, none of it to dispersion
    (as in the hubs' scoringutils). In the units of the outcome.

    Parameters
    ----------
    quantiles, outcome, levels, axis, nan_policy, check
        As in :func:`weighted_interval_score` (numpy arrays only, not Dask).
    reduce, weights
        As in :func:`weighted_interval_score`: with ``reduce``, each part is reduced (the
        parts of a mean are the means of the parts).

    Returns
    -------
    WISParts
        A named tuple ``(dispersion, overprediction, underprediction)`` of arrays (or
        numpy floats) shaped like the scores, or of numpy floats with ``reduce``; its
        property ``total`` is their sum, the weighted interval score.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, InvalidOptionError, ShapeError
        As in :func:`weighted_interval_score`.

    References
    ----------
    .. [1] Bracher, J., Ray, E. L., Gneiting, T. and Reich, N. G. (2021). Evaluating epidemic
       forecasts in an interval format. PLOS Computational Biology, 17(2), e1008618.

    Examples
    --------
    >>> from forecastscore.rules import weighted_interval_score_parts
    >>> parts = weighted_interval_score_parts([2.0, 5.0, 10.0], 12.0, levels=[0.1, 0.5, 0.9])
    >>> [round(float(p), 12) for p in parts]
    [0.533333333333, 0.0, 3.666666666667]

    Dispersion ``0.1 * 8 / 1.5``; underprediction ``(12 - 10 + 0.5 * 7) / 1.5``; the sum is
    the score 4.2.
    """
    how = _reduce.check_reduce(reduce, weights, ("quantiles", quantiles), ("outcome", outcome))
    chk = _reduce.check_check(check)
    x, y, tau, _, missing, policy = _quantile_inputs(
        quantiles, outcome, levels, axis, nan_policy, "weighted_interval_score_parts", chk
    )
    k = _central(tau)
    lower = x[..., :k]
    upper = x[..., :k:-1]  # upper[..., j] pairs with lower[..., j]
    parts = _kernels.wis_parts(lower, upper, x[..., k], y, tau[:k])
    return WISParts(*(_finish(p, missing, policy, how, weights) for p in parts))


@accepts_dask(n_arrays=3)
def interval_coverage(
    lower: Any,
    upper: Any,
    outcome: Any,
    *,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Interval coverage: 1.0 where the outcome fell inside the interval (not a loss).

    .. math::

        \mathrm{cov}(l, u; y) = \mathbb{1}[l \le y \le u]

    Both ends count as inside. The mean over many forecasts is the empirical coverage, to be
    compared with the nominal level :math:`1 - \alpha`; it is a diagnostic of calibration
    [1]_, neither a loss nor a proper score (an interval from minus to plus infinity always
    covers): score intervals with :func:`interval_score`. Unitless.

    Parameters
    ----------
    lower, upper : array_like of float, shape (...)
        The ends of the interval, ``lower <= upper`` everywhere.
    outcome : array_like of float, shape (...)
        What happened; all three broadcast together.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`. Infinite values are always refused.
    reduce : {None, 'mean', 'sum'}, default None
        The elementwise scores (None), or their mean or sum as a numpy float64; as in
        :func:`brier_score`.
    weights : array_like of float, optional
        Sample weights (finite, >= 0) for ``reduce``; as in :func:`brier_score`.
    check : bool, default True
        ``False`` skips the checks of the values; as in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        1.0 where the outcome is covered, 0.0 where not (NaN where missing under
        ``nan_policy='propagate'``), with the broadcast shape of the inputs.

    Raises
    ------
    InvalidForecastError
        ``lower > upper`` (with the index), or an end that is infinite or NaN under
        ``nan_policy='raise'``.
    InvalidOutcomeError
        An infinite outcome, or NaN under ``nan_policy='raise'``.
    ForecastTypeError, ShapeError
        Booleans or non-numbers; shapes that do not broadcast.

    References
    ----------
    .. [1] Gneiting, T., Balabdaoui, F. and Raftery, A. E. (2007). Probabilistic forecasts,
       calibration and sharpness. JRSS B, 69(2), 243-268.

    Examples
    --------
    >>> from forecastscore.rules import interval_coverage
    >>> interval_coverage([0.0, 0.0, 0.0], [10.0, 10.0, 10.0], [4.0, 10.0, 13.0])
    array([1., 1., 0.])
    """
    policy = _checks.check_nan_policy(nan_policy)
    how = _reduce.check_reduce(
        reduce, weights, ("lower", lower), ("upper", upper), ("outcome", outcome)
    )
    chk = _reduce.check_check(check)
    _checks.check_aligned(("lower", lower), ("upper", upper), ("outcome", outcome))
    lo, lo_nan = _real(lower, "lower", policy, check=chk)
    hi, hi_nan = _real(upper, "upper", policy, check=chk)
    y, y_nan = _real(outcome, "outcome", policy, outcome=True, check=chk)
    shape = _checks.broadcast_shape(lo.shape, hi.shape, ("lower", "upper"))
    shape = _checks.broadcast_shape(shape, y.shape, ("lower and upper", "outcome"))
    if chk:
        _checks.check_ordered(lo, hi)
    missing = _any_missing(shape, lo_nan, hi_nan, y_nan)
    inside = np.broadcast_to((lo <= y) & (y <= hi), shape).astype(np.float64)
    return _finish(inside, missing, policy, how, weights)


@accepts_dask(n_arrays=2, category_axis=True)
def crps_quantile(
    quantiles: Any,
    outcome: Any,
    *,
    levels: Any,
    axis: int = -1,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""CRPS of a quantile forecast, read as a piecewise-linear CDF (a loss: lower is better).

    Signature order: the forecast first, ``crps_quantile(quantiles, outcome)``, unlike
    scoringrules (outcome first). A ``ShapeError`` says so when the outcome has more axes
    than the quantiles (a swapped call); with one forecast and one outcome the shapes cannot
    tell, so mind the order.

    The forecast distribution :math:`F` is the one whose CDF passes through the points
    :math:`(q_k, \tau_k)` of the quantiles and their levels, linear in between. **Tail
    convention**: below the lowest quantile and above the highest there is no mass spread
    out; the levels left over sit as point masses on the outermost quantiles (:math:`F` jumps
    from 0 to :math:`\tau_1` at :math:`q_1` and from :math:`\tau_n` to 1 at :math:`q_n`).
    The score is the CRPS of that distribution, computed exactly, segment by segment:

    .. math::

        \mathrm{CRPS}(F, y) = \int_{-\infty}^{\infty}
            \bigl(F(x) - \mathbb{1}[x \ge y]\bigr)^2 \, dx .

    It is proper (the CRPS of a distribution), in the units of the outcome, and tends to the
    CRPS of the true distribution as the levels fill (0, 1). One quantile gives the absolute
    error. The :func:`weighted_interval_score` of the same quantiles is a coarser quadrature
    of the same integral over levels (:math:`\mathrm{CRPS} = 2\int_0^1 \mathrm{QS}_\tau\,
    d\tau`); both converge to the CRPS of a normal as the number of levels grows.

    Parameters
    ----------
    quantiles : array_like of float, shape (..., n)
        The forecast quantiles on ``axis``, one per level, not decreasing with the level.
    outcome : array_like of float, shape (...)
        What happened; must broadcast with the rows of ``quantiles``.
    levels : array_like of float, shape (n,)
        The quantile levels, strictly between 0 and 1, in any order, each once.
    axis : int, default -1
        The axis of ``quantiles`` that holds the quantiles.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a row with any NaN quantile counts as missing.
    reduce : {None, 'mean', 'sum'}, default None
        The elementwise scores (None), or their mean or sum as a numpy float64; as in
        :func:`brier_score`.
    weights : array_like of float, optional
        Sample weights (finite, >= 0) for ``reduce``; as in :func:`brier_score`.
    check : bool, default True
        ``False`` skips the checks of the values; as in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        One score per row, with the broadcast shape of the rows and ``outcome``.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, InvalidOptionError, ShapeError
        As in :func:`weighted_interval_score`, except that the levels need not be symmetric.

    Notes
    -----
    ``scoringrules.crps_quantile`` is a different quantity: the mean pinball loss
    :math:`\frac{2}{n}\sum_k \mathrm{QS}_{\tau_k}` (Berrisch and Ziel 2023), which for the
    2K + 1 levels of K central intervals is the :func:`weighted_interval_score`; it
    approximates the CRPS, while this function gives the CRPS of a stated distribution.
    Accuracy: a sum of :math:`O(n)` nonnegative terms, each rounded a few times, so a
    relative error of a few :math:`n\epsilon`.

    References
    ----------
    .. [1] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction,
       and estimation. JASA, 102(477), 359-378.
    .. [2] Bracher, J., Ray, E. L., Gneiting, T. and Reich, N. G. (2021). Evaluating epidemic
       forecasts in an interval format. PLOS Computational Biology, 17(2), e1008618.

    Examples
    --------
    >>> from forecastscore.rules import crps_quantile
    >>> float(crps_quantile([0.0, 1.0], 0.5, levels=[0.25, 0.75]))
    0.1458...

    By hand: F jumps to 1/4 at 0, rises linearly to 3/4 at 1 and jumps to 1. From 0 to 0.5
    the integrand is F(x)**2 with F from 1/4 to 1/2: ``0.5 * (1/16 + 1/8 + 1/4) / 3 =
    7/96``; from 0.5 to 1 it is (1 - F)**2 from 1/2 to 1/4: again ``7/96``. Total 7/48.
    """
    how = _reduce.check_reduce(reduce, weights, ("quantiles", quantiles), ("outcome", outcome))
    chk = _reduce.check_check(check)
    x, y, tau, _, missing, policy = _quantile_inputs(
        quantiles, outcome, levels, axis, nan_policy, "crps_quantile", chk
    )
    return _finish(_kernels.crps_piecewise_linear(x, y, tau), missing, policy, how, weights)
