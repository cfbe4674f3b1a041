"""Checks of real-valued forecasts and outcomes (quantiles, ensembles, frozen scipy.stats
distributions): real numbers rather than probabilities, finite unless missing, parameters
named when they are wrong. Probabilities and outcomes of events are checked in ``_core``.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    ShapeError,
)
from ._core import (
    BoolArray,
    FloatArray,
    NanPolicy,
    _blocks,
    _first_bool,
    _fmt,
    as_float_array,
    position,
)

# --- real-valued forecasts (quantiles, ensembles, distributions) --------------------------
# Added for the ranked-probability and CRPS family in ``rules``: forecasts and outcomes that
# are real numbers rather than probabilities.


def as_real_array(x: Any, name: str) -> FloatArray:
    """Convert real numbers (quantities, not probabilities) to float64, refusing booleans."""
    is_bool = (isinstance(x, np.ndarray) and x.dtype.kind == "b") or (
        not isinstance(x, np.ndarray) and _first_bool(x) is not None
    )
    if is_bool:
        arr = np.asarray(x)
        got = _fmt(arr.flat[0]) if arr.size else "an empty array of booleans"
        raise ForecastTypeError(f"{name} must hold real numbers, not booleans (got {got})")
    return as_float_array(x, name)


def check_finite(
    x: FloatArray, name: str, nan_policy: NanPolicy, *, outcome: bool = False
) -> BoolArray | None:
    """Raise at the first infinite value of ``x``, or at the first NaN under
    ``nan_policy='raise'``; otherwise return the mask of NaNs (``None`` if there are none).

    The error is :class:`InvalidOutcomeError` if ``outcome`` else :class:`InvalidForecastError`.
    """
    error = InvalidOutcomeError if outcome else InvalidForecastError
    flat = x.reshape(-1)
    has_nan = False
    for sl in _blocks(flat.size):
        block = flat[sl]
        # A finite sum proves the block finite in one pass; an overflowing one is rechecked
        # (huge finite values may overflow the sum: that is no error of theirs).
        with np.errstate(over="ignore", invalid="ignore"):  # inf + -inf is NaN, not an error
            total = block.sum()
        if np.isfinite(total) or np.isfinite(block).all():
            continue
        bad = np.isinf(block)
        if nan_policy == "raise":
            bad |= np.isnan(block)
        if bad.any():
            i = sl.start + int(np.flatnonzero(bad)[0])
            v = float(flat[i])
            where = f"{name}{position(x.shape, i)}"
            if math.isnan(v):
                raise error(
                    f"{where} is NaN; pass nan_policy='omit' or 'propagate' to allow missing values"
                )
            raise error(f"{where} = {v!r} is not a finite number")
        has_nan = True
    return np.isnan(x) if has_nan else None


def check_level(value: Any, name: str) -> FloatArray:
    """Validate a probability level (a quantile level, an interval's alpha): real numbers
    strictly between 0 and 1, scalar or array; the message gives the position."""
    if isinstance(value, (bool, np.bool_)):
        raise InvalidOptionError(
            f"{name} must be a number strictly between 0 and 1 (got {value!r})"
        )
    try:
        arr = as_float_array(value, name)
    except ForecastTypeError:
        raise InvalidOptionError(
            f"{name} must be a number strictly between 0 and 1 (got {value!r})"
        ) from None
    ok = (arr > 0.0) & (arr < 1.0)
    if not ok.all():
        i = int(np.flatnonzero(~ok.reshape(-1))[0])
        where = f"{name}{position(arr.shape, i)}"
        raise InvalidOptionError(
            f"{where} must be strictly between 0 and 1 (got {_fmt(arr.reshape(-1)[i])})"
        )
    return arr


def move_axis_last(x: FloatArray, name: str, axis: Any, what: str) -> FloatArray:
    """Check ``axis`` against ``x`` and move it last; ``what`` names the axis in messages."""
    if x.ndim == 0:
        raise ShapeError(f"{name} must have {what} axis; got a scalar {_fmt(x[()])}")
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise InvalidOptionError(f"axis must be an integer (got {axis!r})")
    if not -x.ndim <= axis < x.ndim:
        raise ShapeError(f"axis {axis} is out of range for {name} with {x.ndim} dimension(s)")
    return np.moveaxis(x, axis, -1)


def check_flag(value: Any, name: str) -> bool:
    """Validate a True/False keyword."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidOptionError(f"{name} must be True or False (got {value!r})")
    return bool(value)


def check_ordered(lower: FloatArray, upper: FloatArray) -> None:
    """Raise :class:`InvalidForecastError` where ``lower > upper`` (NaNs are let through)."""
    bad = np.greater(lower, upper)
    if bad.any():
        shape = bad.shape
        i = int(np.flatnonzero(bad.reshape(-1))[0])
        lo = np.broadcast_to(lower, shape).reshape(-1)[i]
        hi = np.broadcast_to(upper, shape).reshape(-1)[i]
        where = position(shape, i)
        raise InvalidForecastError(
            f"lower{where} = {_fmt(lo)} is above upper{where} = {_fmt(hi)}; an interval "
            "needs lower <= upper"
        )


def as_frozen_distribution(forecast: Any, name: str) -> tuple[Any, dict[str, FloatArray]]:
    """Take apart a frozen continuous ``scipy.stats`` distribution.

    Returns the distribution family (the ``rv_continuous`` instance) and its parameters by
    name (shape parameters in the family's order, then ``loc`` and ``scale``) as float
    arrays. Raises :class:`ForecastTypeError` for anything else.
    """
    from scipy import stats

    family = getattr(forecast, "dist", None)
    if not isinstance(family, stats.rv_continuous) or not hasattr(forecast, "kwds"):
        hint = ""
        if isinstance(family, stats.rv_discrete):
            hint = "; discrete distributions are not supported"
        elif isinstance(forecast, (list, tuple, np.ndarray, numbers.Real)):
            hint = "; for an ensemble of values use crps_ensemble"
        raise ForecastTypeError(
            f"{name} must be a frozen continuous scipy.stats distribution such as "
            f"scipy.stats.norm(loc=0, scale=1) (got {type(forecast).__name__}){hint}"
        )
    shapes = [s.strip() for s in family.shapes.split(",")] if family.shapes else []
    names = [*shapes, "loc", "scale"]
    values: dict[str, Any] = {"loc": 0.0, "scale": 1.0}
    args, kwds = tuple(forecast.args), dict(forecast.kwds)
    what = f"{name} (scipy.stats.{family.name})"
    if len(args) > len(names):
        raise ForecastTypeError(
            f"{what} has {len(args)} positional parameters; the family takes at most "
            f"{len(names)} ({', '.join(names)})"
        )
    values.update(zip(names, args, strict=False))
    unknown = sorted(set(kwds) - set(names))
    if unknown:
        raise ForecastTypeError(
            f"{what} has the parameter {unknown[0]!r}, which the family does not take "
            f"(it takes {', '.join(names)})"
        )
    values.update(kwds)
    missing = [key for key in names if key not in values]
    if missing:
        raise ForecastTypeError(
            f"{what} lacks the shape parameter {missing[0]!r} (it takes {', '.join(names)})"
        )
    params = {}
    for key in names:
        params[key] = as_float_array(values[key], f"{name} parameter {key!r}")
    return family, params


def check_distribution_parameters(
    params: dict[str, FloatArray],
    valid: BoolArray,
    family: str,
    name: str,
    nan_policy: NanPolicy,
) -> BoolArray | None:
    """Refuse parameters that ``scipy.stats`` finds invalid (``valid`` is False there) or that
    are infinite, naming the family, the position and every parameter's value there. A NaN
    parameter is an error under ``nan_policy='raise'``, else a missing forecast (the returned
    mask, or ``None``)."""
    shape = tuple(np.broadcast_shapes(*(v.shape for v in params.values())))
    nan = np.zeros(shape, dtype=bool)
    inf = np.zeros(shape, dtype=bool)
    for v in params.values():
        nan |= np.isnan(v)
        inf |= np.isinf(v)
    bad = inf | (~np.broadcast_to(valid, shape) & ~nan)
    if nan_policy == "raise":
        bad |= nan
    if bad.any():
        i = int(np.flatnonzero(bad.reshape(-1))[0])
        values = _parameters_at(params, shape, i)
        where = position(shape, i)
        what = "has a NaN parameter" if nan.reshape(-1)[i] else "has invalid parameters"
        hint = (
            "; pass nan_policy='omit' or 'propagate' to allow missing forecasts"
            if nan.reshape(-1)[i]
            else ""
        )
        raise InvalidForecastError(f"{name}{where} (scipy.stats.{family}) {what}: {values}{hint}")
    return nan if nan.any() else None


def _parameters_at(params: dict[str, FloatArray], shape: tuple[int, ...], flat: int) -> str:
    return ", ".join(
        f"{k}={_fmt(np.broadcast_to(v, shape).reshape(-1)[flat])}" for k, v in params.items()
    )


def check_converged(
    ok: BoolArray, params: dict[str, FloatArray], outcome: FloatArray, family: str, name: str
) -> None:
    """Raise :class:`InvalidForecastError` where a numerical integral did not converge,
    naming the position, the distribution's parameters and the outcome there."""
    if ok.all():
        return
    shape = ok.shape
    i = int(np.flatnonzero(~ok.reshape(-1))[0])
    y = _fmt(np.broadcast_to(outcome, shape).reshape(-1)[i])
    raise InvalidForecastError(
        f"{name}{position(shape, i)} (scipy.stats.{family}: "
        f"{_parameters_at(params, shape, i)}) at outcome {y}: the CRPS integral did not "
        "converge: it is infinite when a tail of the distribution is as heavy as "
        "|x|**-0.5 or heavier, and a tail just short of that cannot be integrated within "
        "the float range"
    )


def check_axis_length(n: int, minimum: int, name: str, axis: Any, why: str) -> None:
    """Raise :class:`ShapeError` unless the axis holds at least ``minimum`` entries."""
    if n < minimum:
        reason = f" with {why}" if why else ""
        raise ShapeError(
            f"{name} needs at least {minimum} entries on axis {axis}{reason} (got {n})"
        )
