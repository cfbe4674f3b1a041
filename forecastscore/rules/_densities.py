r"""Log scores of quantities: the negative log density (or mass) of a ``scipy.stats``
distribution at the outcome, and of an ensemble read as a Gaussian kernel density.

:func:`forecastscore.rules.log_score` hands a frozen ``scipy.stats`` distribution to
:func:`distribution_log_score` here; :func:`log_score_ensemble` is public on its own.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import _checks, _kernels
from .._dask import accepts_dask
from ..errors import ForecastTypeError, InvalidForecastError, InvalidOptionError
from . import _reduce
from ._inputs import Scores, _finish
from ._quantities import _any_missing, _check_forecast_first, _real

_Float = npt.NDArray[np.float64]


def is_frozen_distribution(forecast: Any) -> bool:
    """True for a frozen ``scipy.stats`` distribution, continuous or discrete."""
    family = getattr(forecast, "dist", None)
    if family is None or not hasattr(forecast, "kwds"):
        return False
    from scipy import stats

    return isinstance(family, (stats.rv_continuous, stats.rv_discrete))


def _scipy_norm() -> Any:
    from scipy import stats

    return stats.norm


def _plainly_valid_normal(params: dict[str, _Float]) -> bool:
    """True when the normal's parameters are all finite with a positive scale, proved by two
    sums and a minimum (an overflowing sum only sends the caller to the full check)."""
    loc, scale = params["loc"], params["scale"]
    with np.errstate(over="ignore", invalid="ignore"):
        finite = bool(np.isfinite(loc.sum()) and np.isfinite(scale.sum()))
    return finite and bool(scale.size == 0 or scale.min() > 0.0)


def _parameters(forecast: Any) -> tuple[Any, dict[str, _Float], bool]:
    """The family, its parameters by name (shapes, then ``loc`` and, if continuous,
    ``scale``) and whether it is discrete."""
    from scipy import stats

    family = forecast.dist
    discrete = isinstance(family, stats.rv_discrete)
    shapes = [s.strip() for s in family.shapes.split(",")] if family.shapes else []
    names = [*shapes, "loc"] if discrete else [*shapes, "loc", "scale"]
    values: dict[str, Any] = {"loc": 0.0, "scale": 1.0}
    values.update(zip(names, forecast.args, strict=False))
    values.update(forecast.kwds)
    try:
        params = {k: _checks.as_float_array(values[k], f"forecast parameter {k!r}") for k in names}
    except KeyError as exc:  # pragma: no cover - scipy itself refuses a missing shape
        raise ForecastTypeError(f"forecast lacks the parameter {exc.args[0]!r}") from None
    return family, params, discrete


def distribution_log_score(
    forecast: Any,
    outcome: Any,
    *,
    base: float | None,
    nan_policy: str,
    how: _reduce.How | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    """The negative log density (continuous) or log mass (discrete) at the outcome; the
    work of :func:`forecastscore.rules.log_score` for a distribution forecast (``check``
    skips the outcome's check; the parameters are always checked)."""
    policy = _checks.check_nan_policy(nan_policy)
    family, params, discrete = _parameters(forecast)
    y, y_nan = _real(outcome, "outcome", policy, outcome=True, check=check)
    normal = family.name == "norm" and type(family) is type(_scipy_norm())
    plain = normal and _plainly_valid_normal(params)
    valid: Any
    if normal:  # scipy's rule for the normal, without building its support
        valid = np.ones((), dtype=bool) if plain else params["scale"] > 0
    else:
        with np.errstate(all="ignore"):  # invalid parameters give NaN, reported below
            lo, _ = forecast.support()
        valid = ~np.isnan(np.asarray(lo, dtype=np.float64))
    p_shape = tuple(np.broadcast_shapes(*(v.shape for v in params.values())))
    if plain:
        p_nan = None  # finite parameters with a positive scale: nothing to report
    else:
        p_nan = _checks.check_distribution_parameters(
            params, valid, family.name, "forecast", policy
        )
    shape = _checks.broadcast_shape(p_shape, y.shape, ("forecast parameters", "outcome"))
    missing = _any_missing(shape, p_nan, y_nan)
    with np.errstate(all="ignore"):  # a density of 0 is a log of -inf: the score is inf
        if normal:
            scores = _kernels.log_score_normal(y, params["loc"], params["scale"])
        else:
            logf = forecast.logpmf(y) if discrete else forecast.logpdf(y)
            scores = 0.0 - np.asarray(logf, dtype=np.float64)
        if base is not None:
            scores = scores / math.log(base)
    return _finish(np.broadcast_to(scores, shape), missing, policy, how, weights)


def silverman_bandwidth(x: _Float) -> _Float:
    """``1.06 min(sd, IQR / 1.34) m**(-1/5)`` per row of ``x`` (members on the last axis,
    ``sd`` with divisor ``m - 1``); where the IQR is 0 the standard deviation alone."""
    m = x.shape[-1]
    sd = x.std(axis=-1, ddof=1)
    q25, q75 = np.quantile(x, [0.25, 0.75], axis=-1)
    spread = (q75 - q25) / 1.34
    s = np.where(spread > 0.0, np.minimum(sd, spread), sd)
    out: _Float = np.asarray(1.06 * s * m ** (-0.2), dtype=np.float64)
    return out


@accepts_dask(n_arrays=2, category_axis=True)
def log_score_ensemble(
    members: Any,
    outcome: Any,
    *,
    axis: int = -1,
    bandwidth: Any = None,
    base: float | None = None,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Log score of an ensemble read as a Gaussian kernel density (a loss: lower is better).

    Signature order: the forecast first, ``log_score_ensemble(members, outcome)``; an outcome
    with more axes than ``members`` is refused as a swapped call (scoringrules'
    ``logs_ensemble`` puts the outcome first).

    The ensemble :math:`x_1, \dots, x_m` becomes the mixture of normals centred on the
    members with a common standard deviation, the bandwidth :math:`h`, and the score is its
    negative log density at the outcome:

    .. math::

        \mathrm{LS}(x, y) = -\log \frac{1}{m h}\sum_{i=1}^m \varphi\Bigl(\frac{y - x_i}{h}
            \Bigr)

    computed with a log-sum-exp, so an outcome far from every member gives a large finite
    score, not ``inf``. **Bandwidth rule** (``bandwidth=None``): the normal-reference rule
    of thumb as in Silverman (1986) [1]_ and scoringrules,
    :math:`h = 1.06 \min(\hat\sigma, \mathrm{IQR}/1.34)\, m^{-1/5}` per ensemble, with
    :math:`\hat\sigma` the standard deviation (divisor :math:`m - 1`) and the IQR from numpy's
    linear quantiles; where the IQR is 0 (many tied members) :math:`\hat\sigma` alone
    (scoringrules then gives :math:`h = 0`). It is proper for the mixture it states (the log
    score is strictly proper [2]_), in nats or units of ``base``, not in the outcome's units
    (a density's log depends on the units: rescaling the outcome by :math:`c` adds
    :math:`\log c`).

    Parameters
    ----------
    members : array_like of float, shape (..., m)
        The ensemble members on ``axis``; at least two, not all equal (unless ``bandwidth``
        is given).
    outcome : array_like of float, shape (...)
        What happened; must broadcast with the rows of ``members``.
    axis : int, default -1
        The axis of ``members`` that holds the members.
    bandwidth : float or array_like of float, optional
        A positive bandwidth (one for all, or one per row) instead of the rule of thumb.
    base : float, optional
        Base of the logarithm, as in :func:`log_score`.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a row with any NaN member counts as missing.
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
        An ensemble whose members are all equal (no bandwidth from the rule), or a member
        that is infinite or NaN under ``nan_policy='raise'``.
    InvalidOptionError
        A ``bandwidth`` that is not a positive finite number, or a bad ``base``.
    ShapeError
        Fewer than two members, shapes that do not broadcast, or swapped arguments.

    References
    ----------
    .. [1] Silverman, B. W. (1986). Density Estimation for Statistics and Data Analysis.
       Chapman and Hall, London (section 3.4.2).
    .. [2] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction,
       and estimation. JASA, 102(477), 359-378.

    Examples
    --------
    >>> from forecastscore.rules import log_score_ensemble
    >>> round(float(log_score_ensemble([-1.0, 1.0], 1.0, bandwidth=1.0)), 12)
    1.485157702722

    By hand: ``-log((phi(2) + phi(0)) / 2) = -log((0.053991 + 0.398942) / 2) = 1.48516``.
    """
    policy = _checks.check_nan_policy(nan_policy)
    b = _checks.check_positive_base(base)
    how = _reduce.check_reduce(reduce, weights, ("members", members), ("outcome", outcome))
    chk = _reduce.check_check(check)
    _checks.check_aligned(("members", members), ("outcome", outcome))
    x, x_nan = _real(members, "members", policy, check=chk)
    y, y_nan = _real(outcome, "outcome", policy, outcome=True, check=chk)
    _check_forecast_first("log_score_ensemble", "members", x.shape, y.shape)
    x = _checks.move_axis_last(x, "members", axis, "a member")
    _checks.check_axis_length(x.shape[-1], 2, "members", axis, "")
    shape = _checks.broadcast_shape(x.shape[:-1], y.shape, ("members rows", "outcome"))
    row_nan = None if x_nan is None else np.asarray(np.moveaxis(x_nan, axis, -1).any(axis=-1))
    missing = _any_missing(shape, row_nan, y_nan)
    unit = _unit(x)
    if bandwidth is None:
        with np.errstate(invalid="ignore"):  # a NaN row's bandwidth is NaN: it is missing
            h = silverman_bandwidth(x if unit is None else x / unit[..., np.newaxis])
        flat = np.flatnonzero(~(h > 0.0) & ~np.isnan(h))
        if flat.size:
            where = _checks.position(h.shape, int(flat[0]))
            raise InvalidForecastError(
                f"members{where} are all equal ({float(x.reshape(-1, x.shape[-1])[flat[0], 0])!r}"
                "): the rule of thumb gives bandwidth 0 and no density; pass bandwidth="
            )
    else:
        h = _bandwidth(bandwidth)
        _checks.check_within_shape(shape, h.shape, ("the scores", "bandwidth"))
        if unit is not None:
            h = h / unit
    if unit is not None:
        # The density of c x at c y with bandwidth c h is that of x at y with h, over c:
        # scored in units of a power of two (exact), the score shifts by log c.
        x = x / unit[..., np.newaxis]
        y = y / unit
    with np.errstate(all="ignore"):
        z = (y[..., np.newaxis] - x) / h[..., np.newaxis]
        e = -0.5 * z * z
        top = e.max(axis=-1)
        lse = top + np.log(np.exp(e - top[..., np.newaxis]).sum(axis=-1))
        m = x.shape[-1]
        scores = 0.0 - (lse - math.log(m) - np.log(h) - 0.5 * math.log(2.0 * math.pi))
        if unit is not None:
            scores = scores + np.log(unit)
        if b is not None:
            scores = scores / math.log(b)
    scores = np.broadcast_to(np.asarray(scores, dtype=np.float64), shape)
    return _finish(scores, missing, policy, how, weights)


def _unit(x: _Float) -> _Float | None:
    """A power of two per row of members ``x`` (members last) whose values are so large that
    their differences or squares overflow (1e300), or so small that their squares underflow
    (1e-200, which the rule of thumb would read as all equal): ``2**(e - 1)`` for the row's
    largest magnitude ``f 2**e``, 1 for the other rows; ``None`` when no row needs one."""
    if not x.size:
        return None
    with np.errstate(invalid="ignore"):
        mag = np.abs(x).max(axis=-1)
        odd = (mag > 2.0**500) | ((mag < 2.0**-500) & (mag > 0.0))
    if not odd.any():
        return None
    out: _Float = np.where(odd, np.ldexp(1.0, np.frexp(np.where(odd, mag, 1.0))[1] - 1), 1.0)
    return out


def _bandwidth(value: Any) -> _Float:
    if isinstance(value, (bool, np.bool_)):
        raise InvalidOptionError(f"bandwidth must be a positive number (got {value!r})")
    try:
        h = _checks.as_float_array(value, "bandwidth")
    except ForecastTypeError:
        raise InvalidOptionError(f"bandwidth must be a positive number (got {value!r})") from None
    bad = ~(np.isfinite(h) & (h > 0.0))
    if bad.any():
        i = int(np.flatnonzero(bad.reshape(-1))[0])
        raise InvalidOptionError(
            f"bandwidth{_checks.position(h.shape, i)} must be a positive finite number "
            f"(got {float(h.reshape(-1)[i])!r})"
        )
    return h
