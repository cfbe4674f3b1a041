r"""Threshold-weighted CRPS (Gneiting and Ranjan 2011): the CRPS restricted to the outcomes
between two thresholds, for users who care about one tail or a range, for ensembles and for
the normal family.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import _checks, _kernels
from .._dask import accepts_foreign
from ..errors import ForecastTypeError, InvalidOptionError
from . import _reduce
from ._inputs import Scores, _finish
from ._quantities import _any_missing, _check_forecast_first, _real, crps_ensemble

_Float = npt.NDArray[np.float64]


def _thresholds(lower: Any, upper: Any) -> tuple[_Float, _Float]:
    """Validate the weight's thresholds: real numbers (``-inf``/``inf`` allowed, not NaN)
    with ``lower < upper`` everywhere."""
    out = []
    for name, value in (("lower", lower), ("upper", upper)):
        if isinstance(value, (bool, np.bool_)):
            raise InvalidOptionError(f"{name} must be a real number or an infinity (got {value!r})")
        try:
            arr = _checks.as_float_array(value, name)
        except ForecastTypeError:
            raise InvalidOptionError(
                f"{name} must be a real number or an infinity (got {value!r})"
            ) from None
        if np.isnan(arr).any():
            i = int(np.flatnonzero(np.isnan(arr).reshape(-1))[0])
            raise InvalidOptionError(f"{name}{_checks.position(arr.shape, i)} is NaN")
        out.append(arr)
    lo, hi = out
    bad = ~(lo < hi)
    if bad.any():
        i = int(np.flatnonzero(bad.reshape(-1))[0])
        shape = bad.shape
        a = float(np.broadcast_to(lo, shape).reshape(-1)[i])
        b = float(np.broadcast_to(hi, shape).reshape(-1)[i])
        raise InvalidOptionError(
            f"lower{_checks.position(shape, i)} = {a!r} is not below upper = {b!r}; the weight "
            "1[lower <= z <= upper] needs lower < upper"
        )
    return lo, hi


@accepts_foreign(n_arrays=2)
def twcrps_ensemble(
    members: Any,
    outcome: Any,
    *,
    lower: Any = -math.inf,
    upper: Any = math.inf,
    axis: int = -1,
    fair: bool = False,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Threshold-weighted CRPS of ensemble forecasts (a loss: lower is better).

    Signature order: the forecast first, as in :func:`crps_ensemble` (whose swapped-argument
    check applies).

    The CRPS with the weight :math:`w(z) = \mathbb{1}[a \le z \le b]` on the thresholds
    (Gneiting and Ranjan 2011 [1]_), which counts only the errors of the forecast CDF
    between ``lower`` :math:`a` and ``upper`` :math:`b`:

    .. math::

        \mathrm{twCRPS}(F, y) = \int_{-\infty}^{\infty}
            \bigl(F(z) - \mathbb{1}[y \le z]\bigr)^2 w(z)\,dz
        = \mathrm{CRPS}\bigl(F \circ v^{-1}, v(y)\bigr),
        \qquad v(z) = \min(\max(z, a), b),

    the CRPS after moving every member and the outcome into :math:`[a, b]` (the chaining
    function :math:`v` of Allen, Ginsbourger and Ziegel 2023 [2]_). ``lower=t`` alone
    scores the upper tail above :math:`t` (heavy rain, high case counts); ``upper=t``
    alone the lower tail. It is proper, not strictly: forecasts that agree on
    :math:`[a, b]` score alike. In the units of the outcome.

    Parameters
    ----------
    members : array_like of float, shape (..., m)
        The ensemble members on ``axis``.
    outcome : array_like of float, shape (...)
        What happened.
    lower, upper : float or array_like of float, default -inf and inf
        The thresholds :math:`a < b` of the weight (infinities allowed; arrays must
        broadcast with the scores). With both infinite, the plain CRPS.
    axis, fair, nan_policy
        As in :func:`crps_ensemble` (``fair=True`` applies Ferro's correction to the moved
        members).
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
    InvalidOptionError
        Thresholds that are NaN, not numbers, or with ``lower >= upper`` (with the position);
        and as in :func:`crps_ensemble`.
    InvalidForecastError, InvalidOutcomeError, ShapeError, ForecastTypeError
        As in :func:`crps_ensemble`.

    Notes
    -----
    Agrees with ``scoringrules.twcrps_ensemble(obs, fct, a, b)`` to rounding (its default
    chaining function is this :math:`v`).

    References
    ----------
    .. [1] Gneiting, T. and Ranjan, R. (2011). Comparing density forecasts using threshold-
       and quantile-weighted scoring rules. Journal of Business & Economic Statistics,
       29(3), 411-422.
    .. [2] Allen, S., Ginsbourger, D. and Ziegel, J. (2023). Evaluating forecasts for high-
       impact events using transformed kernel scores. SIAM/ASA Journal on Uncertainty
       Quantification, 11(3), 906-940.

    Examples
    --------
    >>> from forecastscore.rules import twcrps_ensemble
    >>> round(float(twcrps_ensemble([0.0, 1.0, 4.0], 2.0, lower=1.5)), 12)
    0.444444444444

    By hand: members and outcome move to ``max(z, 1.5)``: 1.5, 1.5, 4 against 2. Mean
    distance ``(0.5 + 0.5 + 2) / 3 = 1``; pairwise sum ``2 * (2.5 + 2.5) = 10`` over
    ``2 * 9``: ``1 - 10/18 = 4/9``. As an integral: ``F = 2/3`` on [1.5, 4), so
    ``(2/3)**2 * 0.5 + (1/3)**2 * 2 = 4/9``.
    """
    policy = _checks.check_nan_policy(nan_policy)
    lo, hi = _thresholds(lower, upper)
    _checks.check_aligned(("members", members), ("outcome", outcome))
    chk = _reduce.check_check(check)
    _reduce.check_reduce(reduce, weights, ("members", members), ("outcome", outcome))
    x = _checks.as_real_array(members, "members")
    if chk:
        _checks.check_finite(x, "members", policy)  # before clipping moves an infinity
    y, _ = _real(outcome, "outcome", policy, outcome=True, check=chk)
    _check_forecast_first("twcrps_ensemble", "members", x.shape, y.shape)
    x = _checks.move_axis_last(x, "members", axis, "a member")
    moved_x = np.clip(x, lo[..., np.newaxis], hi[..., np.newaxis])
    moved_y = np.clip(y, lo, hi)
    # NaN stays NaN through clip; crps_ensemble applies the NaN policy to it
    return crps_ensemble(
        moved_x,
        moved_y,
        axis=-1,
        fair=fair,
        nan_policy=nan_policy,
        reduce=reduce,
        weights=weights,
        check=chk,
    )


@accepts_foreign(n_arrays=2)
def twcrps(
    forecast: Any,
    outcome: Any,
    *,
    lower: Any = -math.inf,
    upper: Any = math.inf,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Threshold-weighted CRPS of normal forecasts (a loss: lower is better).

    Signature order: the forecast first, ``twcrps(scipy.stats.norm(mu, sigma), outcome)``.

    The CRPS with the weight :math:`w(z) = \mathbb{1}[a \le z \le b]` of Gneiting and
    Ranjan (2011) [1]_, for a normal forecast :math:`N(\mu, \sigma^2)`, in closed form:
    with :math:`\alpha, \beta, z` the standardised ``lower``, ``upper`` and outcome and
    :math:`c = \min(\max(z, \alpha), \beta)`,

    .. math::

        \frac{\mathrm{twCRPS}}{\sigma} = \int_\alpha^c \Phi^2 + \int_c^\beta (1 - \Phi)^2
            = G(c) - G(\alpha) + G(-c) - G(-\beta),

    where :math:`G(z) = z\Phi(z)^2 + 2\Phi(z)\varphi(z) - \Phi(z\sqrt2)/\sqrt\pi` is an
    antiderivative of :math:`\Phi^2` with :math:`G(-\infty) = 0`. It equals the CRPS of the
    normal censored to :math:`[a, b]` at the outcome moved into :math:`[a, b]`. Proper (not
    strictly), in the units of the outcome; with both thresholds infinite, :func:`crps` of
    the normal. Only the normal family is supported here; for other distributions, draw an
    ensemble and use :func:`twcrps_ensemble`.

    Parameters
    ----------
    forecast : frozen scipy.stats.norm
        The forecast distributions (``loc`` and ``scale`` may be arrays).
    outcome : array_like of float, shape (...)
        What happened.
    lower, upper : float or array_like of float, default -inf and inf
        The thresholds :math:`a < b` of the weight.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`crps`.
    reduce : {None, 'mean', 'sum'}, default None
        The elementwise scores (None), or their mean or sum as a numpy float64; as in
        :func:`brier_score`.
    weights : array_like of float, optional
        Sample weights (finite, >= 0) for ``reduce``; as in :func:`brier_score`.
    check : bool, default True
        ``False`` skips the check of the outcome (the distribution's parameters are
        always checked); as in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The elementwise score, with the broadcast shape of the parameters, outcome and
        thresholds.

    Raises
    ------
    ForecastTypeError
        A forecast that is not a frozen ``scipy.stats.norm``.
    InvalidForecastError, InvalidOutcomeError
        A scale that is not positive, infinite parameters (with the position), an infinite
        outcome or NaN under ``nan_policy='raise'``.
    InvalidOptionError
        Thresholds that are NaN or with ``lower >= upper``.

    Notes
    -----
    Accuracy: the four terms are of the size of the score except when both thresholds lie
    far in one tail (:math:`\alpha, \beta \gg 1`), where :math:`G(c) - G(\alpha)` loses about
    :math:`\log_{10}(\alpha / \text{score})` digits. Agrees with
    ``scoringrules.crps_cnormal(clip(y, a, b), mu, sigma, a, b)`` to 1e-9 (tested).

    References
    ----------
    .. [1] Gneiting, T. and Ranjan, R. (2011). Comparing density forecasts using threshold-
       and quantile-weighted scoring rules. Journal of Business & Economic Statistics,
       29(3), 411-422.

    Examples
    --------
    >>> from scipy import stats
    >>> from forecastscore.rules import twcrps
    >>> round(float(twcrps(stats.norm(), 0.0)), 12)  # the plain CRPS: (sqrt 2 - 1) / sqrt pi
    0.233694977255
    >>> round(float(twcrps(stats.norm(), 0.0, lower=0.0)), 12)  # the upper half only
    0.116847488628

    The standard normal is symmetric about the outcome 0, so each half holds half the CRPS.
    """
    from scipy import special, stats

    policy = _checks.check_nan_policy(nan_policy)
    lo, hi = _thresholds(lower, upper)
    family = getattr(forecast, "dist", None)
    if not (
        isinstance(family, stats.rv_continuous)
        and family.name == "norm"
        and type(family) is type(stats.norm)
        and hasattr(forecast, "kwds")
    ):
        raise ForecastTypeError(
            "forecast must be a frozen scipy.stats.norm (got "
            f"{getattr(family, 'name', type(forecast).__name__)!s}); for other distributions "
            "draw an ensemble and use twcrps_ensemble"
        )
    how = _reduce.check_reduce(reduce, weights, ("forecast", forecast), ("outcome", outcome))
    chk = _reduce.check_check(check)
    _, params = _checks.as_frozen_distribution(forecast, "forecast")
    y, y_nan = _real(outcome, "outcome", policy, outcome=True, check=chk)
    mu, sigma = params["loc"], params["scale"]
    p_nan = _checks.check_distribution_parameters(
        params, np.asarray(sigma > 0.0), "norm", "forecast", policy
    )
    p_shape = tuple(np.broadcast_shapes(mu.shape, sigma.shape))
    shape = _checks.broadcast_shape(p_shape, y.shape, ("forecast parameters", "outcome"))
    shape = _checks.broadcast_shape(
        shape, np.broadcast_shapes(lo.shape, hi.shape), ("the scores", "lower and upper")
    )
    missing = _any_missing(shape, None if p_nan is None else np.broadcast_to(p_nan, shape), y_nan)

    def g(z: _Float) -> _Float:
        return _kernels.phi2_antiderivative(
            z, special.ndtr(z), stats.norm.pdf(z), special.ndtr(z * math.sqrt(2.0))
        )

    with np.errstate(all="ignore"):
        alpha = (lo - mu) / sigma
        beta = (hi - mu) / sigma
        z = (y - mu) / sigma
        c = np.minimum(np.maximum(z, alpha), beta)
        k = _kernels.twcrps_normal(g(c), g(-c), g(alpha), g(-beta))
        scores = np.broadcast_to(sigma * k, shape)
    return _finish(np.asarray(scores, dtype=np.float64), missing, policy, how, weights)
