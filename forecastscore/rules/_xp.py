r"""The scores on arrays of any Array API library (JAX, PyTorch, CuPy, array-api-strict):
computed where the arrays live, in their namespace, differentiable where the library is.

What lives here: one implementation per score, named like the public function and called by
the ``accepts_dask`` decorator (``forecastscore._dask``) when an argument is a foreign
array; each takes the public function's arguments and returns an array of the same library
(or a 0-d array with ``reduce``). The formulas are the standard's elementwise functions,
written as in ``_kernels``: the same algebra (the same stable rearrangements), in another
namespace.

Validation with ``check=True`` (the default) runs on the device as reductions to one boolean
per check (``xp.all(...)``), each brought to the host (a synchronisation, not a copy of the
data); only when one is false is the input copied to the host and handed to the numpy
function, whose error names the argument, the value and its position. ``check=False`` skips
them, for training loops and ``jax.jit`` (where values cannot be brought to the host at all).

What does not live here: the numpy path (the other ``rules`` modules), and options whose
work has no Array API form (``probability_outcome``, ``member_weights``, a ``clip``,
distributions from ``scipy.stats``): for those :class:`Unsupported` sends the call to the
decorator's host path (copy to numpy, score, copy back), which is correct but neither on the
device nor differentiable.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import _checks
from .._namespace import array_namespace, host_bool, is_foreign, to_numpy
from ..errors import InvalidOptionError
from . import _reduce
from ._ensemble import check_engine
from ._xp_erf import _erf


class Unsupported(Exception):
    """This call needs the host path (an option without an Array API form)."""


# --- plumbing -----------------------------------------------------------------------------


def _float_dtype(xp: Any, *arrays: Any) -> Any:
    """The floating dtype of the result: the widest floating dtype among the arrays, else
    the namespace's default (float64, or float32 where the library defaults to it)."""
    found = [
        a.dtype for a in arrays if hasattr(a, "dtype") and xp.isdtype(a.dtype, "real floating")
    ]
    if not found:
        return xp.asarray(0.0).dtype
    out = found[0]
    for d in found[1:]:
        out = xp.result_type(out, d)
    return out


def _device(*arrays: Any) -> Any:
    for a in arrays:
        dev = getattr(a, "device", None)
        if dev is not None and not callable(dev):
            return dev
    return None


def _as(xp: Any, x: Any, dtype: Any, device: Any) -> Any:
    """``x`` (a foreign array, a numpy array, a list or a number) as an array of ``xp``."""
    if hasattr(x, "__array_namespace__") and x.__array_namespace__() is xp:
        return x if dtype is None or x.dtype == dtype else xp.astype(x, dtype)
    host = np.asarray(x)
    arr = xp.asarray(host) if device is None else _with_device(xp, host, device)
    return arr if dtype is None else xp.astype(arr, dtype)


def _with_device(xp: Any, host: Any, device: Any) -> Any:
    try:
        return xp.asarray(host, device=device)
    except (TypeError, ValueError):
        return xp.asarray(host)


def _ok(check: bool, flag: Any) -> bool:
    """With ``check``, whether the device's ``flag`` holds (one boolean to the host)."""
    return not check or host_bool(flag)


def _host_check(numpy_func: Any, *args: Any, **kwargs: Any) -> None:
    """A check failed on the device: run the numpy function on host copies, so that its
    error names the argument, the value and the position. If it finds nothing wrong (a
    tolerance decided differently in another precision), the device result stands."""
    numpy_func(*(to_numpy(a) for a in args), **kwargs)


def _policy(nan_policy: Any) -> _checks.NanPolicy:
    return _checks.check_nan_policy(nan_policy)


def _missing(xp: Any, policy: str, *arrays: Any) -> Any:
    """The mask of NaN inputs (``None`` under ``'raise'``, where NaN was refused)."""
    if policy == "raise":
        return None
    m = None
    for a in arrays:
        if xp.isdtype(a.dtype, "real floating"):
            nan = xp.isnan(a)
            m = nan if m is None else (m | nan)
    return m


def _nan_ok(xp: Any, x: Any, ok: Any, policy: str) -> Any:
    """``ok``, with NaN let through when the policy allows missing values."""
    return ok if policy == "raise" else (ok | xp.isnan(x))


def _finish(
    xp: Any,
    s: Any,
    missing: Any,
    policy: str,
    reduce: Any,
    weights: Any,
    check: bool,
) -> Any:
    """Missing pairs as NaN or dropped; then the (weighted) mean or sum, as ``_reduce``."""
    how = _reduce.check_reduce(reduce, weights)
    w = None
    if weights is not None:
        w = _weights(xp, weights, s, check)
    if missing is not None:
        missing = xp.broadcast_to(missing, s.shape)
        if policy == "omit" and how is not None:
            # The missing pairs weigh 0 (no boolean indexing, which jax.jit cannot trace).
            zero = xp.zeros_like(s)
            s = xp.where(missing, zero, s)
            w = xp.where(missing, zero, xp.ones_like(s) if w is None else w)
        elif policy == "omit":
            s = _kept(s, xp.logical_not(missing))
        else:
            s = xp.where(missing, xp.asarray(math.nan, dtype=s.dtype), s)
    elif policy == "omit":
        s = xp.reshape(s, (-1,))
        if w is not None:
            w = xp.reshape(w, (-1,))
    if how is None:
        return s
    if w is None:
        if how == "sum":
            return xp.sum(s)
        if s.size == 0:
            raise _reduce._no_scores(how, "no scores")
        return xp.mean(s)
    zero = xp.asarray(0.0, dtype=s.dtype)
    total = xp.sum(xp.where(w != 0.0, w * s, zero))
    if how == "sum":
        return total
    weight = xp.sum(w)
    if check and not host_bool(weight > 0.0):
        none_left = missing is not None and policy == "omit" and host_bool(xp.all(missing))
        raise _reduce._no_scores(
            how, "no scores" if none_left or weights is None else "scores whose weights sum to 0"
        )
    return total / weight


def _kept(s: Any, keep: Any) -> Any:
    """The scores ``s[keep]``; under a tracing compiler, whose arrays cannot have a length
    that depends on the data, an error that says what to pass instead."""
    try:
        return s[keep]
    except Exception as exc:  # jax's NonConcreteBooleanIndexError
        if "Concrete" in type(exc).__name__ or "Tracer" in type(exc).__name__:
            raise InvalidOptionError(
                "nan_policy='omit' without reduce= returns the scores of the pairs without "
                "a NaN, whose number depends on the data, which a traced function (inside "
                "jax.jit) cannot return; pass reduce='mean' or reduce='sum', or "
                "nan_policy='propagate'"
            ) from None
        raise


def _weights(xp: Any, weights: Any, s: Any, check: bool) -> Any:
    """Weights as the numpy path takes them: weights on the host (a list, a numpy array)
    are checked there in full, as ``_reduce.as_weights`` does for numpy scores whatever
    ``check`` says; device weights are checked on the device (one boolean to the host), and
    booleans are refused either way (a type, not a value)."""
    if not is_foreign(weights):
        weights = _reduce.as_weights(weights, tuple(s.shape))
    elif xp.isdtype(weights.dtype, "bool"):
        _reduce.as_weights(to_numpy(weights), tuple(s.shape))  # raises: booleans
    w = _as(xp, weights, s.dtype, _device(s))
    _checks.check_within_shape(tuple(s.shape), tuple(w.shape), ("the scores", "weights"))
    if check and not host_bool(xp.all((w >= 0.0) & (w < math.inf))):
        _reduce.as_weights(to_numpy(weights), tuple(s.shape))  # raises, naming the position
        # Good weights in float64 that overflow the scores' dtype (1e300 in float32).
        host = np.asarray(to_numpy(weights), dtype=np.float64).reshape(-1)
        i = int(np.flatnonzero(~np.isfinite(np.asarray(to_numpy(w))).reshape(-1))[0])
        at = _checks.position(tuple(w.shape), i)
        raise InvalidOptionError(
            f"weights{at} = {float(host[i])!r} is beyond the range of the "
            f"scores' dtype ({s.dtype}); rescale the weights (a mean does not change)"
        )
    return xp.broadcast_to(w, s.shape)


def _log(xp: Any, q: Any, base: float | None) -> Any:
    out = xp.log(q)
    return out if base is None else out / math.log(base)


def _binary(
    xp: Any, forecast: Any, outcome: Any, policy: str, check: bool, numpy_func: Any
) -> tuple[Any, Any]:
    """Probabilities and outcomes (as booleans), checked on the device."""
    dtype = _float_dtype(xp, forecast)
    dev = _device(forecast, outcome)
    p = _as(xp, forecast, dtype, dev)
    y = _as(xp, outcome, None, dev)
    if check:
        good = _nan_ok(xp, p, (p >= 0.0) & (p <= 1.0), policy)
        if xp.isdtype(y.dtype, "bool"):
            good_y = xp.asarray(True)
        else:
            good_y = _nan_ok(xp, y, (y == 0) | (y == 1), policy)
        if not host_bool(xp.all(good) & xp.all(good_y)):
            _host_check(numpy_func, forecast, outcome, nan_policy=policy)
    return p, y


def _outcome_bool(xp: Any, y: Any) -> Any:
    if xp.isdtype(y.dtype, "bool"):
        return y
    return y == 1


def _no_extras(probability_outcome: Any = False, clip: Any = None) -> None:
    if probability_outcome is not False or clip is not None:
        raise Unsupported


# --- binary -------------------------------------------------------------------------------


def brier_score(
    forecast: Any,
    outcome: Any,
    *,
    nan_policy: str = "raise",
    probability_outcome: bool = False,
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``(p - y)**2`` on the device."""
    from ._binary import brier_score as numpy_func

    _no_extras(probability_outcome)
    xp = array_namespace(forecast, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    p, y = _binary(xp, forecast, outcome, policy, chk, numpy_func)
    d = p - xp.astype(y, p.dtype)
    return _finish(xp, d * d, _missing(xp, policy, p, y), policy, reduce, weights, chk)


def log_score(
    forecast: Any,
    outcome: Any,
    *,
    base: float | None = None,
    clip: float | None = None,
    nan_policy: str = "raise",
    probability_outcome: bool = False,
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``-log p`` if the event happened, else ``-log1p(-p)`` (exact for a tiny ``p``)."""
    from ._binary import log_score as numpy_func

    if hasattr(forecast, "dist"):
        raise Unsupported
    _no_extras(probability_outcome, clip)
    b = _checks.check_positive_base(base)
    xp = array_namespace(forecast, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    p, y = _binary(xp, forecast, outcome, policy, chk, numpy_func)
    # where() picks a branch, but autograd differentiates both: the branch not taken sees
    # 0.5, so that a sure forecast (p = 0 or 1, as a saturated float32 sigmoid gives) has a
    # finite gradient instead of 0 * inf = NaN. 0 - log, as _kernels.log_loss: a sure and
    # right forecast scores +0.0, not -0.0.
    yes = _outcome_bool(xp, y)
    half = xp.full_like(p, 0.5)
    s = xp.where(yes, 0.0 - xp.log(xp.where(yes, p, half)), 0.0 - xp.log1p(-xp.where(yes, half, p)))
    if b is not None:
        s = s / math.log(b)
    return _finish(xp, s, _missing(xp, policy, p, y), policy, reduce, weights, chk)


def spherical_score(
    forecast: Any,
    outcome: Any,
    *,
    nan_policy: str = "raise",
    probability_outcome: bool = False,
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``p_o**2 / (n (n + p_y))`` with ``n = sqrt(p**2 + (1 - p)**2)``, as ``_kernels``."""
    from ._binary import spherical_score as numpy_func

    _no_extras(probability_outcome)
    xp = array_namespace(forecast, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    p, y = _binary(xp, forecast, outcome, policy, chk, numpy_func)
    q = 1.0 - p
    n = xp.sqrt(p * p + q * q)
    yes = _outcome_bool(xp, y)
    p_y, p_o = xp.where(yes, p, q), xp.where(yes, q, p)
    s = p_o * p_o / (n * (n + p_y))
    return _finish(xp, s, _missing(xp, policy, p, y), policy, reduce, weights, chk)


# --- categorical and ordered --------------------------------------------------------------


def _categorical(
    xp: Any,
    forecast: Any,
    outcome: Any,
    axis: Any,
    policy: str,
    atol: Any,
    check: bool,
    numpy_func: Any,
) -> tuple[Any, Any, Any, Any]:
    """Forecast rows (categories last), outcomes broadcast to the rows, the one-hot mask of
    what happened and the mask of missing rows; checked on the device."""
    dtype = _float_dtype(xp, forecast)
    dev = _device(forecast, outcome)
    p = _as(xp, forecast, dtype, dev)
    if p.ndim == 0:
        raise Unsupported  # the numpy path words the error
    ax = _checks.check_axis(axis, p.ndim, "forecast") % p.ndim
    tol = _checks.check_atol(atol)
    k = _as(xp, outcome, None, dev)
    if xp.isdtype(k.dtype, "bool"):
        raise Unsupported
    kk = p.shape[ax]
    p = xp.moveaxis(p, ax, -1)
    if check:
        sums = xp.sum(p, axis=-1)
        eps = float(np.finfo(np.float64).eps)
        row_ok = xp.abs(sums - 1.0) <= tol + 2 * kk * eps * xp.abs(sums)
        good = xp.all(_nan_ok(xp, p, (p >= 0.0) & (p <= 1.0), policy))
        good = good & xp.all(_nan_ok(xp, sums, row_ok, policy))
        in_range = (k >= 0) & (k < kk)
        if xp.isdtype(k.dtype, "real floating"):
            in_range = in_range & (k == xp.round(k))
        good = good & xp.all(_nan_ok(xp, k, in_range, policy))
        if not host_bool(good):
            _host_check(numpy_func, forecast, outcome, axis=axis, nan_policy=policy, atol=atol)
    missing = None
    if policy != "raise":
        missing = xp.any(xp.isnan(p), axis=-1)
        if xp.isdtype(k.dtype, "real floating"):
            nan_k = xp.isnan(k)
            missing = missing | nan_k
            k = xp.where(nan_k, xp.asarray(0.0, dtype=k.dtype), k)
    shape = _checks.broadcast_shape(
        tuple(p.shape[:-1]), tuple(k.shape), ("forecast rows", "outcome")
    )
    p = xp.broadcast_to(p, (*shape, kk))
    k = xp.broadcast_to(k, shape)
    onehot = xp.arange(kk, dtype=k.dtype, device=_device(p)) == k[..., None]
    return p, onehot, missing, shape


def _take(xp: Any, p: Any, onehot: Any) -> Any:
    return xp.sum(xp.where(onehot, p, xp.zeros_like(p)), axis=-1)


def categorical_brier_score(
    forecast: Any,
    outcome: Any,
    *,
    axis: int = -1,
    nan_policy: str = "raise",
    atol: float = _checks.SUM_ATOL,
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``sum_j (p_j - [j == k])**2``."""
    from ._binary import categorical_brier_score as numpy_func

    xp = array_namespace(forecast, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    p, onehot, missing, _ = _categorical(xp, forecast, outcome, axis, policy, atol, chk, numpy_func)
    d = p - xp.astype(onehot, p.dtype)
    s = xp.sum(d * d, axis=-1)
    return _finish(xp, s, missing, policy, reduce, weights, chk)


def categorical_log_score(
    forecast: Any,
    outcome: Any,
    *,
    axis: int = -1,
    base: float | None = None,
    nan_policy: str = "raise",
    atol: float = _checks.SUM_ATOL,
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``-log p_k``."""
    from ._binary import categorical_log_score as numpy_func

    b = _checks.check_positive_base(base)
    xp = array_namespace(forecast, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    p, onehot, missing, _ = _categorical(xp, forecast, outcome, axis, policy, atol, chk, numpy_func)
    s = 0.0 - _log(xp, _take(xp, p, onehot), b)  # +0.0 for a sure and right forecast
    return _finish(xp, s, missing, policy, reduce, weights, chk)


def categorical_spherical_score(
    forecast: Any,
    outcome: Any,
    *,
    axis: int = -1,
    nan_policy: str = "raise",
    atol: float = _checks.SUM_ATOL,
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``sum_{j != k} p_j**2 / (n (n + p_k))`` with ``n = ||p||_2``, as ``_kernels``."""
    from ._binary import categorical_spherical_score as numpy_func

    xp = array_namespace(forecast, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    p, onehot, missing, _ = _categorical(xp, forecast, outcome, axis, policy, atol, chk, numpy_func)
    others = xp.where(onehot, xp.zeros_like(p), p)
    n = xp.sqrt(xp.sum(p * p, axis=-1))
    s = xp.sum(others * others, axis=-1) / (n * (n + _take(xp, p, onehot)))
    return _finish(xp, s, missing, policy, reduce, weights, chk)


def ranked_probability_score(
    forecast: Any,
    outcome: Any,
    *,
    axis: int = -1,
    normalize: bool = False,
    nan_policy: str = "raise",
    atol: float = _checks.SUM_ATOL,
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``sum_{j < K-1} (P_j - [k <= j])**2`` with the cumulative forecast ``P``."""
    from ._ordered import ranked_probability_score as numpy_func

    norm = _checks.check_flag(normalize, "normalize")
    xp = array_namespace(forecast, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    p, onehot, missing, _ = _categorical(xp, forecast, outcome, axis, policy, atol, chk, numpy_func)
    kk = p.shape[-1]
    cum = xp.cumulative_sum(p[..., :-1], axis=-1)
    step = xp.cumulative_sum(xp.astype(onehot[..., :-1], p.dtype), axis=-1)  # [k <= j]
    d = cum - step
    s = xp.sum(d * d, axis=-1)
    if norm:
        s = s / (kk - 1)
    return _finish(xp, s, missing, policy, reduce, weights, chk)


# --- quantities ---------------------------------------------------------------------------


def _reals(
    xp: Any, named: list[tuple[str, Any]], policy: str, check: bool
) -> tuple[list[Any], bool]:
    """Real arrays of one float dtype, and whether they are all finite (NaN allowed when
    the policy lets missing values through); one boolean to the host."""
    values = [v for _, v in named]
    dtype = _float_dtype(xp, *values)
    dev = _device(*values)
    arrs = [_as(xp, v, dtype, dev) for v in values]
    if not check:
        return arrs, True
    good = xp.asarray(True)
    for a in arrs:
        good = good & xp.all(_nan_ok(xp, a, xp.isfinite(a), policy))
    return arrs, host_bool(good)


def _level(xp: Any, value: Any, name: str, like: Any) -> Any:
    if hasattr(value, "__array_namespace__"):
        value = to_numpy(value)
    return _as(xp, _checks.check_level(value, name), like.dtype, _device(like))


def quantile_score(
    forecast: Any,
    outcome: Any,
    *,
    level: Any,
    nan_policy: str = "raise",
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``max(level * (y - q), (level - 1) * (y - q))``."""
    from ._quantities import quantile_score as numpy_func

    xp = array_namespace(forecast, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    (q, y), good = _reals(xp, [("forecast", forecast), ("outcome", outcome)], policy, chk)
    tau = _level(xp, level, "level", q)
    if not good:
        _host_check(numpy_func, forecast, outcome, level=level, nan_policy=policy)
    d = y - q
    s = xp.maximum((tau - 1.0) * d, tau * d)
    # As _kernels.pinball: where y - q overflows although both are finite, the score from
    # the halves (exact for normal floats), finite whenever the true score is.
    h = 0.5 * y - 0.5 * q
    wide = xp.isinf(d) & xp.isfinite(h)
    s = xp.where(wide, 2.0 * xp.maximum((tau - 1.0) * h, tau * h), s)
    return _finish(xp, s, _missing(xp, policy, q, y), policy, reduce, weights, chk)


def interval_score(
    lower: Any,
    upper: Any,
    outcome: Any,
    *,
    alpha: Any,
    nan_policy: str = "raise",
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``(u - l) + 2/alpha ((l - y)_+ + (y - u)_+)``."""
    from ._quantities import interval_score as numpy_func

    xp = array_namespace(lower, upper, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    named = [("lower", lower), ("upper", upper), ("outcome", outcome)]
    (lo, hi, y), good = _reals(xp, named, policy, chk)
    a = _level(xp, alpha, "alpha", lo)
    if chk and good:
        good = host_bool(xp.logical_not(xp.any(lo > hi)))
    if not good:
        _host_check(numpy_func, lower, upper, outcome, alpha=alpha, nan_policy=policy)
    zero = xp.zeros_like(lo)
    s = (hi - lo) + (2.0 / a) * (xp.maximum(lo - y, zero) + xp.maximum(y - hi, zero))
    return _finish(xp, s, _missing(xp, policy, lo, hi, y), policy, reduce, weights, chk)


def crps_ensemble(
    members: Any,
    outcome: Any,
    *,
    axis: int = -1,
    fair: bool = False,
    member_weights: Any = None,
    engine: str = "numpy",
    nan_policy: str = "raise",
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``mean |x_i - y| - sum_i (2i - m - 1) x_(i) / D`` from the sorted members, measured
    from each row's middle member, as ``_kernels.crps_sorted_ensemble``."""
    from ._quantities import crps_ensemble as numpy_func

    if member_weights is not None:
        raise Unsupported
    is_fair = _checks.check_flag(fair, "fair")
    check_engine(engine)  # the device's own sort and sums, whichever engine is named
    xp = array_namespace(members, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    (x, y), good = _reals(xp, [("members", members), ("outcome", outcome)], policy, chk)
    if x.ndim == 0:
        raise Unsupported  # the numpy path words the error
    ax = _checks.check_axis(axis, x.ndim, "members") % x.ndim
    m = x.shape[ax]
    if m < (2 if is_fair else 1):
        raise Unsupported
    if not good:
        _host_check(numpy_func, members, outcome, axis=axis, fair=fair, nan_policy=policy)
    x = xp.moveaxis(x, ax, -1)
    if y.ndim > x.ndim - 1 and x.ndim >= 2:
        raise Unsupported  # swapped arguments: the numpy path words the error
    xs = xp.sort(x, axis=-1)
    centre = xs[..., m // 2 : m // 2 + 1]
    xs = xs - centre
    yc = y - centre[..., 0]
    w = 2.0 * xp.arange(1, m + 1, dtype=xs.dtype, device=_device(xs)) - (m + 1.0)
    spread = xp.sum(xs * w, axis=-1)
    mae = xp.mean(xp.abs(xs - yc[..., None]), axis=-1)
    s = mae - spread / (m * (m - 1.0) if is_fair else float(m * m))
    missing = None
    if policy != "raise":
        missing = xp.any(xp.isnan(x), axis=-1) | xp.isnan(y)
    return _finish(xp, s, missing, policy, reduce, weights, chk)


# --- parametric ---------------------------------------------------------------------------


def _loc_scale(
    xp: Any,
    loc: Any,
    scale: Any,
    outcome: Any,
    policy: str,
    check: bool,
    numpy_func: Any,
    **options: Any,
) -> tuple[Any, Any, Any]:
    named = [("loc", loc), ("scale", scale), ("outcome", outcome)]
    (mu, s, y), good = _reals(xp, named, policy, check)
    if check and good:
        good = host_bool(xp.all(_nan_ok(xp, s, s > 0.0, policy)))
    if not good:
        _host_check(numpy_func, loc, scale, outcome, nan_policy=policy, **options)
    return mu, s, y


def _point_mass(xp: Any, out: Any, z: Any, mu: Any, y: Any) -> Any:
    """The CRPS ``out``, with ``|y - loc|`` where the standardised outcome ``z`` or the score
    overflows (a scale so small next to ``|y - loc|`` that the forecast is a point mass at
    ``loc`` to working precision), as the numpy path scores it; NaN stays NaN."""
    return xp.where(xp.isinf(z) | xp.isinf(out), xp.abs(y - mu), out)


def crps_normal(
    loc: Any,
    scale: Any,
    outcome: Any,
    *,
    nan_policy: str = "raise",
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``sigma (z erf(z / sqrt 2) + 2 phi(z) - 1/sqrt(pi))``, as ``_kernels.crps_normal``."""
    from ._parametric import crps_normal as numpy_func

    xp = array_namespace(loc, scale, outcome)
    erf = _erf(xp)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    mu, s, y = _loc_scale(xp, loc, scale, outcome, policy, chk, numpy_func)
    z = (y - mu) / s
    k = z * erf(z / math.sqrt(2.0)) + math.sqrt(2.0 / math.pi) * xp.exp(-0.5 * z * z)
    out = _point_mass(xp, s * (k - 1.0 / math.sqrt(math.pi)), z, mu, y)
    return _finish(xp, out, _missing(xp, policy, mu, s, y), policy, reduce, weights, chk)


def log_score_normal(
    loc: Any,
    scale: Any,
    outcome: Any,
    *,
    base: float | None = None,
    nan_policy: str = "raise",
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``z**2 / 2 + log(sigma) + log(2 pi) / 2``, as ``_kernels.log_score_normal``."""
    from ._parametric import log_score_normal as numpy_func

    b = _checks.check_positive_base(base)
    xp = array_namespace(loc, scale, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    mu, s, y = _loc_scale(xp, loc, scale, outcome, policy, chk, numpy_func, base=base)
    z = (y - mu) / s
    out = 0.5 * z * z + xp.log(s) + 0.5 * math.log(2.0 * math.pi)
    if b is not None:
        out = out / math.log(b)
    return _finish(xp, out, _missing(xp, policy, mu, s, y), policy, reduce, weights, chk)


def crps_logistic(
    loc: Any,
    scale: Any,
    outcome: Any,
    *,
    nan_policy: str = "raise",
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``s (z + 2 log(1 + e^-z) - 1)``, as ``_kernels.crps_logistic``."""
    from ._parametric import crps_logistic as numpy_func

    xp = array_namespace(loc, scale, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    mu, s, y = _loc_scale(xp, loc, scale, outcome, policy, chk, numpy_func)
    z = (y - mu) / s
    out = _point_mass(xp, s * (z + 2.0 * xp.logaddexp(xp.zeros_like(z), -z) - 1.0), z, mu, y)
    return _finish(xp, out, _missing(xp, policy, mu, s, y), policy, reduce, weights, chk)


def crps_laplace(
    loc: Any,
    scale: Any,
    outcome: Any,
    *,
    nan_policy: str = "raise",
    reduce: Any = None,
    weights: Any = None,
    check: bool = True,
) -> Any:
    """``b (|z| + e^-|z| - 3/4)``, as ``_kernels.crps_laplace``."""
    from ._parametric import crps_laplace as numpy_func

    xp = array_namespace(loc, scale, outcome)
    policy, chk = _policy(nan_policy), _reduce.check_check(check)
    mu, s, y = _loc_scale(xp, loc, scale, outcome, policy, chk, numpy_func)
    a = xp.abs((y - mu) / s)
    out = _point_mass(xp, s * (a + xp.exp(-a) - 0.75), a, mu, y)
    return _finish(xp, out, _missing(xp, policy, mu, s, y), policy, reduce, weights, chk)
