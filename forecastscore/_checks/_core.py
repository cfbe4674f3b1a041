"""Input validation for arrays: fast, vectorised, and precise about where the problem is.

What lives here: conversion of array-like inputs to clean numpy arrays, range and type
checks, broadcasting checks, and the messages that name the argument, the bad value and its
index. What does not: any formula (that is ``_kernels``) or any knowledge of the claim model.

The checks on the default path are reductions (``min``/``max``/``sum``) run block by block, so
that the data are read from cache rather than from memory once per check; the position of a
bad value is only searched for once a block is known to hold one.

Masked arrays are read with their masked entries as missing values (NaN), so that
``nan_policy`` decides what happens to them; nothing masked is scored as if it were data.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    QuestionMismatchError,
    ShapeError,
)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]
NanPolicy = Literal["raise", "omit", "propagate"]

#: Tolerance on the sum of a categorical forecast: ``abs(sum(p) - 1) <= SUM_ATOL`` plus the
#: rounding error of the sum (see :func:`row_sum_tolerance`).
SUM_ATOL = 1e-6

_EPS = float(np.finfo(np.float64).eps)

_BLOCK = 1 << 16
_ONE_BITS = int(np.float64(1.0).view(np.uint64))
_NAN_POLICIES = ("raise", "omit", "propagate")


# --- messages -----------------------------------------------------------------------------


def position(shape: tuple[int, ...], flat_index: int) -> str:
    """Return ``"[i]"`` or ``"[i, j]"`` for a flat index into an array of ``shape``."""
    if not shape:
        return ""
    idx = np.unravel_index(flat_index, shape)
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def _fmt(value: Any) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --- options ------------------------------------------------------------------------------


def check_nan_policy(nan_policy: str) -> NanPolicy:
    """Validate ``nan_policy``."""
    if not isinstance(nan_policy, str) or nan_policy not in _NAN_POLICIES:
        raise InvalidOptionError(
            f"nan_policy must be one of 'raise', 'omit', 'propagate' (got {nan_policy!r})"
        )
    return nan_policy  # type: ignore[return-value]


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """Validate a keyword that takes one of a few names."""
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise InvalidOptionError(f"{name} must be one of {allowed} (got {value!r})")
    return value


def check_axis(axis: Any, ndim: int, name: str) -> int:
    """Validate an ``axis`` keyword against an array of ``ndim`` dimensions."""
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise InvalidOptionError(f"axis must be an integer (got {axis!r})")
    if not -ndim <= axis < ndim:
        raise ShapeError(f"axis {axis} is out of range for {name} with {ndim} dimension(s)")
    return int(axis)


# --- conversion ---------------------------------------------------------------------------


def _first_bool(x: Any) -> tuple[int, ...] | None:
    """The position of the first Python or numpy bool in a (nested) list or tuple."""
    if isinstance(x, (bool, np.bool_)):
        return ()
    if not isinstance(x, (list, tuple)):
        return None
    types = set(map(type, x))
    if not types & {bool, np.bool_, list, tuple}:
        return None  # the common case: a flat list of numbers, checked at C speed
    for i, v in enumerate(x):
        inner = _first_bool(v)
        if inner is not None:
            return (i, *inner)
    return None


def _unmask(x: Any) -> Any:
    if isinstance(x, np.ma.MaskedArray):
        if x.dtype.kind in "biuf":
            return np.ma.filled(x.astype(np.float64), np.nan)
        return np.ma.filled(x)
    return x


def asarray(x: Any, name: str) -> npt.NDArray[Any]:
    """``np.asarray`` with a library error for ragged or unreadable input."""
    if isinstance(x, np.ndarray) and not isinstance(x, np.ma.MaskedArray):
        return x
    x = _unmask(x)
    try:
        return np.asarray(x)
    except ValueError as exc:
        raise ShapeError(f"{name} is ragged or not array-like ({exc})") from None
    except TypeError as exc:
        raise ForecastTypeError(f"{name} could not be read as an array ({exc})") from None


def _pandas_index(x: Any) -> Any:
    """The index of a pandas Series or DataFrame, else ``None`` (no pandas import)."""
    if type(x).__module__.split(".")[0] != "pandas" or type(x).__name__ not in (
        "Series",
        "DataFrame",
    ):
        return None
    return x.index


def check_aligned(*named: tuple[str, Any]) -> None:
    """Refuse pandas inputs whose indexes differ, rather than pair them by position.

    The scores pair values by position, as numpy does. Two pandas objects (Series or
    DataFrame rows) with different indexes would be paired silently by position, not by
    label, so this raises :class:`QuestionMismatchError` naming both arguments and the first
    position where the labels differ. Inputs that are not pandas objects, or just one pandas
    object, are not checked.
    """
    first: tuple[str, Any] | None = None
    for name, x in named:
        index = _pandas_index(x)
        if index is None:
            continue
        if first is None:
            first = (name, index)
            continue
        name0, index0 = first
        if index0.equals(index):
            continue
        if len(index0) != len(index):
            where = f"{name0} has {len(index0)} labels and {name} {len(index)}"
        else:
            found = (j for j, (u, v) in enumerate(zip(index0, index, strict=True)) if u != v)
            i = next(found, None)
            where = (
                f"{name0}.index is {index0!r} and {name}.index is {index!r}"
                if i is None
                else f"at position {i} {name0}.index[{i}] = {_fmt(index0[i])} but "
                f"{name}.index[{i}] = {_fmt(index[i])}"
            )
        raise QuestionMismatchError(
            f"{name0} and {name} are pandas objects with different indexes ({where}); "
            "forecastscore pairs values by position, so it refuses to pair them silently: "
            f"align them first (e.g. {name}.reindex({name0}.index)) or pass .to_numpy() to "
            "pair by position"
        )


def _bool_message(name: str, where: tuple[int, ...] | None, value: Any = None) -> str:
    at = "" if not where else "[" + ", ".join(str(i) for i in where) + "]"
    val = "" if value is None else f" = {_fmt(value)}"
    return (
        f"{name}{at}{val} is a boolean; {name} must hold probabilities (real numbers in "
        "[0, 1]), not booleans: True/False are outcomes"
    )


def _item(x: Any, where: tuple[int, ...]) -> Any:
    for i in where:
        x = x[i]
    return x


def as_float_array(x: Any, name: str) -> FloatArray:
    """Convert probabilities to a float64 array, refusing booleans, strings and complex.

    ``True``/``False`` are outcomes, not probabilities, so a boolean array (or a list holding
    a bool) is a :class:`ForecastTypeError` rather than a silent 1.0/0.0.
    """
    if not isinstance(x, np.ndarray):
        where = _first_bool(x)
        if where is not None:
            raise ForecastTypeError(_bool_message(name, where, _item(x, where)))
    elif x.dtype.kind == "b":
        raise ForecastTypeError(_bool_message(name, None))
    arr = asarray(x, name)
    kind = arr.dtype.kind
    if kind == "f":
        return arr.astype(np.float64, copy=False)
    if kind in "iu":
        return arr.astype(np.float64)
    if kind == "b":
        raise ForecastTypeError(_bool_message(name, None))
    if kind == "O":
        return _object_to_float(arr, name)
    raise ForecastTypeError(
        f"{name} must hold real numbers, got an array of dtype {arr.dtype.name!r}"
        + _first_example(arr, name)
    )


def _first_example(arr: npt.NDArray[Any], name: str) -> str:
    if arr.size == 0:
        return ""
    return f" ({name}{position(arr.shape, 0)} = {_fmt(arr.reshape(-1)[0])})"


def _object_to_float(arr: npt.NDArray[Any], name: str) -> FloatArray:
    out = np.empty(arr.shape, dtype=np.float64)
    for i, v in enumerate(arr.flat):
        where = f"{name}{position(arr.shape, i)}"
        if isinstance(v, (bool, np.bool_)):
            raise ForecastTypeError(
                _bool_message(name, tuple(int(j) for j in np.unravel_index(i, arr.shape)), v)
            )
        if not isinstance(v, numbers.Real):
            hint = "; use NaN for a missing value" if v is None else ""
            raise ForecastTypeError(f"{where} = {_fmt(v)} is not a real number{hint}")
        try:
            out.flat[i] = float(v)
        except OverflowError:
            raise InvalidForecastError(
                f"{where} = {_fmt(v)} is not a probability in [0, 1]"
            ) from None
    return out


def _blocks(n: int) -> Iterator[slice]:
    for start in range(0, n, _BLOCK):
        yield slice(start, min(start + _BLOCK, n))


# --- probabilities ------------------------------------------------------------------------


def check_probabilities(p: FloatArray, name: str, nan_policy: NanPolicy) -> None:
    """Raise :class:`InvalidForecastError` unless every value of ``p`` lies in [0, 1].

    NaN (a missing value: also a masked entry, or ``None`` in a list) is refused under
    ``nan_policy="raise"`` and let through otherwise.
    """
    flat = p.reshape(-1)
    if nan_policy == "raise":
        bits = flat.view(np.uint64) if flat.dtype == np.float64 else None
        for sl in _blocks(flat.size):
            block = flat[sl]
            # A float64 is in [0, 1] (not NaN, not -0.0) when its bits read as an unsigned
            # integer are at most those of 1.0: one reduction. Else min/max, which propagate
            # NaN, so one comparison catches NaN, inf and out-of-range (and accepts -0.0).
            if bits is not None and bits[sl].max() <= _ONE_BITS:
                continue
            if not (block.min() >= 0.0 and block.max() <= 1.0):
                _raise_bad_probability(p, name, sl.start + _first_bad(block, True))
    else:
        bad = (flat < 0.0) | (flat > 1.0)
        if bad.any():
            _raise_bad_probability(p, name, int(np.flatnonzero(bad)[0]))


def _first_bad(block: FloatArray, nan_is_bad: bool) -> int:
    ok = (block >= 0.0) & (block <= 1.0)
    if not nan_is_bad:
        ok |= np.isnan(block)
    return int(np.flatnonzero(~ok)[0])


def _raise_bad_probability(p: FloatArray, name: str, flat: int) -> None:
    v = float(p.reshape(-1)[flat])
    where = f"{name}{position(p.shape, flat)}"
    if math.isnan(v):
        raise InvalidForecastError(
            f"{where} is NaN (missing); pass nan_policy='omit' or 'propagate' to allow "
            "missing forecasts"
        )
    raise InvalidForecastError(f"{where} = {v!r} is not a probability in [0, 1]")


# --- binary outcomes ----------------------------------------------------------------------


def as_binary_outcome(y: Any, name: str, nan_policy: NanPolicy) -> npt.NDArray[Any]:
    """Validate binary outcomes: bool, or numbers that are exactly 0 or 1.

    Returns the outcomes as bool or 0/1 integers, or (only when NaN is allowed and present)
    as a float array.
    """
    arr = asarray(y, name)
    kind = arr.dtype.kind
    if kind == "b":
        return arr
    if kind in "iu":
        flat = arr.reshape(-1)
        for sl in _blocks(flat.size):
            block = flat[sl]
            if not (block.min() >= 0 and block.max() <= 1):
                i = sl.start + int(np.flatnonzero((block < 0) | (block > 1))[0])
                _raise_bad_outcome(arr, name, i)
        # Validated 0/1 integers go to the kernels as they are: a bool copy costs a pass.
        return arr
    if kind == "f":
        flat = arr.reshape(-1)
        has_nan = False
        for sl in _blocks(flat.size):
            block = flat[sl]
            bad = (block != 0.0) & (block != 1.0)
            if bad.any():
                nan = np.isnan(block)
                if nan_policy == "raise" or (bad & ~nan).any():
                    i = sl.start + int(
                        np.flatnonzero(bad if nan_policy == "raise" else bad & ~nan)[0]
                    )
                    _raise_bad_outcome(arr, name, i)
                has_nan = True
        return arr.astype(np.float64, copy=False) if has_nan else arr.astype(bool)
    if kind in "US":
        raise ForecastTypeError(
            f"{name} must be bool or 0/1 for binary scores, got strings"
            + _first_example(arr, name)
            + "; option names are resolved by forecastscore.score with a Question, not by "
            "the array functions"
        )
    if kind == "O":
        return as_binary_outcome(_object_outcomes(arr, name, "a bool or 0/1"), name, nan_policy)
    raise ForecastTypeError(
        f"{name} must be bool or 0/1, got dtype {arr.dtype.name!r}" + _first_example(arr, name)
    )


def _object_outcomes(arr: npt.NDArray[Any], name: str, expected: str) -> FloatArray:
    out = np.empty(arr.shape, dtype=np.float64)
    for i, v in enumerate(arr.flat):
        where = f"{name}{position(arr.shape, i)}"
        if not isinstance(v, (numbers.Real, np.bool_)):
            hint = "; use NaN for a missing value" if v is None else ""
            raise ForecastTypeError(f"{where} = {_fmt(v)} is not {expected}{hint}")
        try:
            out.flat[i] = float(v)
        except OverflowError:
            raise InvalidOutcomeError(f"{where} = {_fmt(v)} is not {expected}") from None
    return out


def _raise_bad_outcome(arr: npt.NDArray[Any], name: str, flat: int) -> None:
    v = arr.reshape(-1)[flat]
    where = f"{name}{position(arr.shape, flat)}"
    if isinstance(v, np.floating) and np.isnan(v):
        raise InvalidOutcomeError(
            f"{where} is NaN (missing); pass nan_policy='omit' or 'propagate' to allow "
            "missing outcomes"
        )
    raise InvalidOutcomeError(f"{where} = {_fmt(v)} is not a binary outcome (0, 1, False or True)")


# --- shapes -------------------------------------------------------------------------------


def broadcast_shape(
    a: tuple[int, ...], b: tuple[int, ...], names: tuple[str, str]
) -> tuple[int, ...]:
    """Broadcast two shapes, or raise :class:`ShapeError` naming both arguments.

    Computed here rather than by ``np.broadcast_shapes``, which refuses more than 32
    dimensions although numpy arrays may have up to 64.
    """
    n = max(len(a), len(b))
    pa, pb = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
    out = []
    for da, db in zip(pa, pb, strict=True):
        if da != db and da != 1 and db != 1:
            raise ShapeError(
                f"{names[0]} of shape {a} and {names[1]} of shape {b} do not broadcast together"
            )
        out.append(db if da == 1 else da)
    return tuple(out)


# --- categorical --------------------------------------------------------------------------


def check_atol(atol: Any) -> float:
    """Validate the tolerance on a categorical row's sum."""
    if isinstance(atol, (bool, np.bool_)) or not isinstance(atol, numbers.Real):
        raise InvalidOptionError(f"atol must be a finite number >= 0 (got {atol!r})")
    try:
        a = float(atol)
    except OverflowError:
        a = math.inf
    if not (a >= 0 and math.isfinite(a)):
        raise InvalidOptionError(f"atol must be a finite number >= 0 (got {_fmt(atol)})")
    return a


def _row_position(shape: tuple[int, ...], axis: int, row_flat: int) -> str:
    """``[i, :, j]``: the row ``row_flat`` of the rows of an array whose categories are on
    ``axis`` (``[:]`` for a one-dimensional forecast, which is a single row)."""
    if len(shape) == 1:
        return "[:]"
    rows = shape[:axis] + shape[axis + 1 :]
    idx = [str(int(i)) for i in np.unravel_index(row_flat, rows)]
    idx.insert(axis, ":")
    return "[" + ", ".join(idx) + "]"


def row_sum_tolerance(atol: float, k: int, sums: FloatArray) -> FloatArray:
    """How far a row's computed sum may be from 1: ``atol`` plus its rounding error.

    A row of ``k`` probabilities ``p_j >= 0`` summed in any order (numpy's pairwise sum,
    a BLAS kernel, ``math.fsum``) differs from the exact sum of the stored values by at most
    ``(k - 1) eps sum_j p_j``; the stored values themselves are rounded, and a row made as
    ``w / w.sum()`` sums exactly to 1 only up to the rounding of ``w.sum()``, another
    ``(k - 1) eps`` and ``eps / 2`` per value. ``2 k eps sum`` covers both, so a row is
    refused or accepted the same whatever the summation order, even with ``atol=0`` (then:
    "1 up to rounding").
    """
    return atol + (2 * k * _EPS) * np.abs(sums)


def row_sums(p: FloatArray) -> FloatArray:
    """``p.sum(axis=-1)``, faster: column by column for up to 4 categories, else a product
    with a vector of ones (numpy's reduction over a short last axis is slow). Other
    summation orders than ``sum``; the tolerance of :func:`row_sum_tolerance` covers every
    order."""
    k = p.shape[-1]
    if k > 4:
        out: FloatArray = np.dot(p, np.ones(k))  # a matrix-vector product: BLAS, fast
        return out
    s = np.add(p[..., 0], p[..., 1], out=np.empty(p.shape[:-1]))
    for j in range(2, k):
        np.add(s, p[..., j], out=s)
    return s


def rows_sum_to_one(sums: FloatArray, atol: float, k: int) -> bool:
    """True when every ``|s - 1| <= row_sum_tolerance(atol, k, s)`` (for sums >= 0),
    decided from the least and the largest sum: ``s - 1 <= atol + c s`` is
    ``s (1 - c) <= 1 + atol`` and ``1 - s <= atol + c s`` is ``s (1 + c) >= 1 - atol``. A NaN
    sum gives False: the caller then looks at each row (and lets missing rows through)."""
    if sums.size == 0:
        return True
    c = 2 * k * _EPS
    hi, lo = sums.max(), sums.min()
    return bool(hi * (1.0 - c) <= 1.0 + atol and lo * (1.0 + c) >= 1.0 - atol)


def as_categorical_forecast(
    forecast: Any, name: str, axis: Any, nan_policy: NanPolicy, atol: Any, check: bool = True
) -> FloatArray:
    """Validate a categorical forecast and return it with categories on the last axis.

    Every value must lie in [0, 1] and every row must sum to 1 within ``atol`` plus the
    rounding error of the sum (:func:`row_sum_tolerance`). Positions in messages refer to the
    array as given, before its category axis is moved. ``check=False`` skips both (types
    and shapes are still checked).
    """
    p = as_float_array(forecast, name)
    if p.ndim == 0:
        raise ShapeError(f"{name} must have a category axis; got a scalar {_fmt(p[()])}")
    ax = check_axis(axis, p.ndim, name) % p.ndim
    k = p.shape[ax]
    if k < 2:
        raise ShapeError(f"{name} must have at least 2 categories on axis {axis} (got {k})")
    tol = check_atol(atol)
    if not check:
        return np.moveaxis(p, ax, -1)
    check_probabilities(p, name, nan_policy)
    p = np.moveaxis(p, ax, -1)
    sums = row_sums(p)
    if rows_sum_to_one(sums, tol, k):
        return p
    bad = np.abs(sums - 1.0) > row_sum_tolerance(tol, k, sums)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        where = _row_position(tuple(np.moveaxis(np.empty(p.shape, bool), -1, ax).shape), ax, i)
        raise InvalidForecastError(
            f"{name}{where} sums to {float(sums.reshape(-1)[i])!r}, not 1 "
            f"(tolerance {tol:g} plus rounding); categorical forecasts must sum to 1 along "
            f"axis {axis}"
        )
    return p


def as_category_index(
    outcome: Any, name: str, k: int, nan_policy: NanPolicy, check: bool = True
) -> tuple[IntArray, BoolArray | None]:
    """Validate outcomes given as category indices ``0..k-1``.

    Returns the indices and, when NaN is allowed and present, the mask of missing outcomes
    (whose index is set to 0 so that the kernels can run).
    """
    if not isinstance(outcome, np.ndarray):
        where = _first_bool(outcome)
        if where is not None:
            at = "[" + ", ".join(str(i) for i in where) + "]" if where else ""
            raise ForecastTypeError(
                f"{name}{at} is a boolean; {name} must be category indices "
                f"(integers 0..{k - 1}), not booleans"
            )
    arr = asarray(outcome, name)
    kind = arr.dtype.kind
    missing: BoolArray | None = None
    if kind == "b":
        raise ForecastTypeError(
            f"{name} must be category indices (integers 0..{k - 1}), not booleans"
        )
    if kind == "O":
        for i, v in enumerate(arr.flat):
            if isinstance(v, (bool, np.bool_)):
                raise ForecastTypeError(
                    f"{name}{position(arr.shape, i)} = {v!r} is a boolean, not a category "
                    f"index (an integer 0..{k - 1})"
                )
        arr = _object_outcomes(arr, name, f"a category index (an integer 0..{k - 1})")
        kind = "f"
    if kind == "f":
        nan = np.isnan(arr)
        if nan.any():
            if nan_policy == "raise":
                i = int(np.flatnonzero(nan.reshape(-1))[0])
                raise InvalidOutcomeError(
                    f"{name}{position(arr.shape, i)} is NaN (missing); pass nan_policy='omit' "
                    "or 'propagate' to allow missing outcomes"
                )
            missing = nan
            arr = np.where(nan, 0.0, arr)
        frac = (~np.isfinite(arr) | (arr != np.floor(arr))) if check else np.isinf(arr)
        if frac.any():
            i = int(np.flatnonzero(frac.reshape(-1))[0])
            raise InvalidOutcomeError(
                f"{name}{position(arr.shape, i)} = {_fmt(arr.reshape(-1)[i])} is not a "
                f"category index (an integer 0..{k - 1})"
            )
    elif kind not in "iu":
        raise ForecastTypeError(
            f"{name} must be category indices (integers 0..{k - 1}), got dtype "
            f"{arr.dtype.name!r}" + _first_example(arr, name)
        )
    # The range is checked even with check=False: an index outside 0..k-1 would read
    # outside the row.
    if arr.size and not (arr.min() >= 0 and arr.max() < k):
        bad = (arr < 0) | (arr >= k)
        i = int(np.flatnonzero(bad.reshape(-1))[0])
        raise InvalidOutcomeError(
            f"{name}{position(arr.shape, i)} = {_fmt(arr.reshape(-1)[i])} is not a "
            f"category index in 0..{k - 1}"
        )
    return arr.astype(np.intp, copy=False), missing


# --- scalars ------------------------------------------------------------------------------


def _real_option(value: Any, name: str, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InvalidOptionError(f"{name} must be {what} (got {_fmt(value)})")
    try:
        return float(value)
    except OverflowError:
        raise InvalidOptionError(f"{name} must be {what} (got {_fmt(value)})") from None


def check_positive_base(base: Any) -> float | None:
    """Validate the ``base`` of a logarithm: ``None`` (natural) or a real number > 1."""
    if base is None:
        return None
    what = "a real number greater than 1"
    b = _real_option(base, "base", what)
    if not (b > 1 and math.isfinite(b)):
        # A base in (0, 1) makes every logarithm change sign: the loss would become a reward.
        raise InvalidOptionError(f"base must be {what} (got {base!r})")
    return b


def check_clip(clip: Any) -> float | None:
    """Validate ``clip``: ``None`` or a number in (0, 0.5)."""
    if clip is None:
        return None
    what = "None or a number in (0, 0.5)"
    c = _real_option(clip, "clip", what)
    if not 0.0 < c < 0.5:
        raise InvalidOptionError(f"clip must be {what} (got {clip!r})")
    return c


# --- options shared by calibration and compare ----------------------------------------------
# Added for ``calibration`` and ``compare``: a confidence level and an integer option.


def check_confidence(value: Any, name: str = "confidence") -> float:
    """Validate a confidence level: a real number strictly between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidOptionError(f"{name} must be a number in (0, 1) (got {value!r})")
    c = float(value)
    if not 0.0 < c < 1.0:
        raise InvalidOptionError(f"{name} must be a number in (0, 1) (got {value!r})")
    return c


def check_integer(name: str, value: Any, minimum: int) -> int:
    """Validate an integer option that must be at least ``minimum`` (booleans refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise InvalidOptionError(f"{name} must be an integer >= {minimum} (got {value!r})")
    return int(value)


def check_within_shape(
    shape: tuple[int, ...], extra: tuple[int, ...], names: tuple[str, str]
) -> None:
    """Raise :class:`ShapeError` unless ``extra`` broadcasts to ``shape`` without enlarging it
    (a keyword array such as a quantile level describes the forecasts: it adds no axis)."""
    full = broadcast_shape(extra, shape, (names[1], names[0]))
    if full != tuple(shape):
        raise ShapeError(
            f"{names[1]} of shape {extra} must broadcast to the shape {tuple(shape)} of "
            f"{names[0]} without enlarging it (it would give {full})"
        )
