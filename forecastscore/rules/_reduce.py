"""Reductions of scores: ``reduce="mean" | "sum"`` and ``weights=``, and the fused paths.

What lives here: the checks of ``reduce`` and ``weights``, the reduction of elementwise
scores that every score function ends with (:func:`reduce_scores`), and the fused paths of
the cheap scores (binary Brier, log and spherical; categorical Brier and log; quantile and
interval scores): on large inputs they validate and score in blocks of :data:`BLOCK`
elements into one reused buffer, reduce each block with numpy's pairwise sum and combine
the block sums exactly (``math.fsum``), so the job is about one pass over memory and peaks
at a few blocks of memory, not at the size of the data. The elementwise Brier score has a
lean loop of its own (:func:`_brier_elementwise`) that writes the scores into the result
block by block, each block checked while it is in cache. What does not: the formulas (in
``_kernels``, which the blocks call) and the messages of bad values: a block that fails its
check hands the whole input back to the plain path, which finds the first bad value and
names it.

Accuracy of a reduction: the plain path sums with ``numpy.sum`` (pairwise), the fused path
sums each block pairwise and adds the block sums exactly, so either is within about
``(128 + log2 n) * eps * sum(|w s|)`` of the exact sum of the elementwise scores.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from .. import _checks, _kernels
from .._checks import NanPolicy
from ..errors import ForecastTypeError, InvalidOptionError

FloatArray = npt.NDArray[np.float64]
How = Literal["mean", "sum"]

#: Elements per block of the fused paths (1 MiB of float64): long enough that numpy's
#: per-call overhead is small, short enough that a block and its buffers stay in cache.
BLOCK = 1 << 17
#: Below this many scores the plain path (numpy on whole arrays) is as fast: no blocks.
#: The Brier and spherical scores (whose plain path is a few passes) fuse from 2**18 values,
#: the binary log score (whose plain path chooses with np.where) from 2**16, the quantile
#: and interval scores (whose plain path checks for overflow apart) from 2**14.
FUSE_MIN = 1 << 18
FUSE_MIN_LOG = 1 << 16
FUSE_MIN_QUANTITY = 1 << 14

_REDUCE_CHOICES = ("mean", "sum")


# --- options ------------------------------------------------------------------------------


def check_reduce(reduce: Any, weights: Any, *named: tuple[str, Any]) -> How | None:
    """Validate ``reduce`` (None, "mean" or "sum"); ``weights`` need a reduction, and
    pandas weights must carry the index of the pandas inputs ``named`` (pairs of name and
    value), as the inputs must carry each other's."""
    if weights is not None and named:
        _checks.check_aligned(*named, ("weights", weights))
    if reduce is None:
        if weights is not None:
            raise InvalidOptionError(
                "weights apply to a reduction: pass reduce='mean' or reduce='sum' with "
                "weights= (got reduce=None, which returns the elementwise scores)"
            )
        return None
    if not isinstance(reduce, str) or reduce not in _REDUCE_CHOICES:
        raise InvalidOptionError(f"reduce must be None, 'mean' or 'sum' (got {reduce!r})")
    return reduce  # type: ignore[return-value]


def check_check(check: Any) -> bool:
    """Validate ``check`` (True or False)."""
    return _checks.check_flag(check, "check")


def as_weights(weights: Any, shape: tuple[int, ...]) -> FloatArray:
    """Validate sample weights: finite reals >= 0 that broadcast to the scores' ``shape``
    without enlarging it. Returned as float64 of their own shape (not broadcast)."""
    if isinstance(weights, (bool, np.bool_)):
        raise ForecastTypeError(_bool_weights(None, weights))
    if isinstance(weights, (list, tuple)):
        where = _checks._first_bool(weights)
        if where is not None:
            raise ForecastTypeError(_bool_weights(where, _checks._item(weights, where)))
    arr = _checks.asarray(weights, "weights")
    kind = arr.dtype.kind
    if kind == "b":
        raise ForecastTypeError(_bool_weights(None, None))
    if kind == "O":
        w = np.empty(arr.shape, dtype=np.float64)
        for i, v in enumerate(arr.flat):  # object arrays only: a loop over Python objects
            at = f"weights{_checks.position(arr.shape, i)}"
            if isinstance(v, (bool, np.bool_)):
                where = tuple(int(j) for j in np.unravel_index(i, arr.shape))
                raise ForecastTypeError(_bool_weights(where, v))
            if not isinstance(v, numbers.Real):
                raise ForecastTypeError(f"{at} = {_checks._fmt(v)} is not a real number")
            try:
                w.flat[i] = float(v)
            except OverflowError:
                w.flat[i] = math.inf
    elif kind in "iuf":
        w = arr.astype(np.float64, copy=False)
    else:
        raise ForecastTypeError(
            f"weights must hold real numbers >= 0, got an array of dtype {arr.dtype.name!r}"
            + _checks._first_example(arr, "weights")
        )
    flat = w.reshape(-1)
    if flat.size and not (flat.min() >= 0.0 and flat.max() < math.inf):
        i = int(np.flatnonzero(~((flat >= 0.0) & (flat < math.inf)))[0])
        raise InvalidOptionError(
            f"weights{_checks.position(w.shape, i)} = {float(flat[i])!r} is not a weight "
            "(a finite real number >= 0)"
        )
    _checks.check_within_shape(shape, w.shape, ("the scores", "weights"))
    return w


def _bool_weights(where: tuple[int, ...] | None, value: Any) -> str:
    at = "" if not where else "[" + ", ".join(str(i) for i in where) + "]"
    val = "" if value is None else f" = {value!r}"
    return (
        f"weights{at}{val} is a boolean; weights must be real numbers >= 0 (to keep some "
        "scores, pass mask.astype(float) or index the inputs)"
    )


# --- the plain path -----------------------------------------------------------------------


def _f64(x: float) -> np.float64:
    out: np.float64 = np.float64(x)
    return out


def _total(x: FloatArray) -> float:
    """``numpy.sum`` of every element, pairwise (a contiguous one-dimensional view); a sum
    beyond the float range is infinite, without a warning."""
    flat = np.ascontiguousarray(x).reshape(-1)
    with np.errstate(over="ignore", invalid="ignore"):
        return float(flat.sum())


def _exact_sum(parts: list[float]) -> float:
    """The block sums added exactly (``math.fsum``), or numpy's sum where that overflows."""
    try:
        return math.fsum(parts)
    except (OverflowError, ValueError):  # beyond the float range, or inf + -inf
        return _total(np.asarray(parts, dtype=np.float64))


def _weighted(s: FloatArray, w: FloatArray) -> FloatArray:
    """``w * s`` with ``0 * s = 0`` even where ``s`` is infinite or NaN: a score whose
    weight is 0 does not count."""
    out = np.zeros(np.broadcast_shapes(s.shape, w.shape))
    with np.errstate(over="ignore"):
        np.multiply(w, s, out=out, where=w != 0.0)
    return out


def _no_scores(how: How, what: str) -> InvalidOptionError:
    return InvalidOptionError(
        f"reduce={how!r} of {what}: the mean is undefined (use reduce='sum', whose value "
        "for no scores is 0.0)"
    )


def reduce_scores(
    scores: Any,
    missing: npt.NDArray[np.bool_] | None,
    policy: NanPolicy,
    how: How,
    weights: Any,
) -> np.float64:
    """The mean or sum of elementwise ``scores`` (weighted if ``weights`` is not None).

    ``missing`` marks the pairs with a missing value: under ``nan_policy='omit'`` they and
    their weights are left out, under ``'propagate'`` they make the result NaN (unless their
    weight is 0).
    """
    s = np.asarray(scores, dtype=np.float64)
    w = None if weights is None else as_weights(weights, s.shape)
    if missing is not None:
        if policy == "omit":
            keep = ~np.broadcast_to(missing, s.shape)
            s = s[keep]
            if w is not None:
                w = np.broadcast_to(w, keep.shape)[keep]
        else:
            s = np.where(missing, np.nan, s)
    if w is None:
        total = _total(s)
        if how == "sum":
            return _f64(total)
        if s.size == 0:
            raise _no_scores(how, "no scores")
        return _f64(total / s.size)
    total = _total(_weighted(s, w))
    if how == "sum":
        return _f64(total)
    weight = _total(np.broadcast_to(w, s.shape))
    if not weight > 0.0:
        raise _no_scores(how, "scores whose weights sum to 0" if s.size else "no scores")
    return _f64(total / weight)


# --- the fused paths ----------------------------------------------------------------------


class _Refused(Exception):
    """A block failed its check: the plain path will find and name the bad value."""


#: Array types read as they are (a memory-mapped file is read block by block, never whole);
#: subclasses with other meanings (masked arrays, matrices) take the plain path.
_PLAIN = (np.ndarray, np.memmap)


def _fusable(*arrays: Any, minimum: int = FUSE_MIN) -> bool:
    """Numpy arrays of one shape, large enough for blocks to pay."""
    first = arrays[0]
    if not isinstance(first, np.ndarray) or first.size < minimum:
        return False
    return all(
        type(a) in _PLAIN and a.shape == first.shape and a.dtype.kind in "biuf" for a in arrays
    )


def _flat(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    return a.reshape(-1) if a.flags.c_contiguous else np.ravel(a)


def _drive(
    n: int,
    block: Callable[[int, int, FloatArray], FloatArray],
    how: How | None,
    weights: FloatArray | None,
    out: FloatArray | None,
    *,
    step: int | None = None,
) -> Any:
    """Run ``block(start, stop, buffer)`` over ``[0, n)`` in steps of ``step``: each call
    fills (a view of) ``buffer`` or ``out[start:stop]`` with the scores of its elements and
    returns it (or returns other values whose sum is the sum of its scores, when reducing
    without weights). With ``how`` set, returns the reduction; else ``out``."""
    step = BLOCK if step is None else step
    buf = np.empty(min(step, n)) if out is None else None
    parts: list[float] = []
    wparts: list[float] = []
    with np.errstate(over="ignore", invalid="ignore"):  # a sum beyond the float range is inf
        _blocks(n, step, block, how, weights, out, buf, parts, wparts)
    if how is None:
        return out
    total = _exact_sum(parts)
    if how == "sum":
        return _f64(total)
    weight = float(n) if weights is None else _exact_sum(wparts)
    if not weight > 0.0:
        raise _no_scores(how, "scores whose weights sum to 0")
    return _f64(total / weight)


def _blocks(
    n: int,
    step: int,
    block: Callable[[int, int, FloatArray], FloatArray],
    how: How | None,
    weights: FloatArray | None,
    out: FloatArray | None,
    buf: FloatArray | None,
    parts: list[float],
    wparts: list[float],
) -> None:
    """The loop of :func:`_drive`: the block sums go to ``parts`` (the weights' to
    ``wparts``)."""
    for start in range(0, n, step):
        stop = min(start + step, n)
        target = out[start:stop] if out is not None else buf[: stop - start]  # type: ignore[index]
        s = block(start, stop, target)
        if how is None:
            if s is not target:
                target[...] = s
            continue
        if weights is None:
            parts.append(float(np.sum(s)))  # s is one-dimensional: numpy's pairwise sum
        else:
            wb = weights[start:stop]
            parts.append(float(np.sum(_weighted(s, wb))))
            wparts.append(float(np.sum(wb)))


def _fused_weights(weights: Any, shape: tuple[int, ...]) -> FloatArray | None:
    if weights is None:
        return None
    w = as_weights(weights, shape)
    return _flat(np.broadcast_to(w, shape)) if w.shape == shape else None


#: The bits of 1.0: a float64 is in [0, 1] (and not -0.0 or NaN) exactly when its bits, read
#: as an unsigned integer, are at most these (negative floats have the sign bit set).
ONE_BITS = int(np.float64(1.0).view(np.uint64))


def _check_unit(pb: FloatArray) -> None:
    """Refuse a block of float64 probabilities unless every value is in [0, 1]: one
    reduction (the largest bit pattern) instead of a minimum and a maximum. A -0.0 is
    refused here and accepted by the plain path."""
    if pb.view(np.uint64).max() > ONE_BITS:
        raise _Refused


def _outcomes_as_numbers(
    y: npt.NDArray[Any], check: bool
) -> Callable[[int, int], npt.NDArray[Any]]:
    """A function giving the outcomes ``y[a:b]`` of a block as numbers 0/1 (booleans viewed
    as uint8, without a copy; integers as float64 in a reused buffer), checked when
    ``check``: :class:`_Refused` for a value other than 0 or 1 (the plain path then names
    it). The numbers are those numpy's arithmetic would use, so the scores are the same to
    the bit."""
    kind = y.dtype.kind
    n = min(BLOCK, y.size) if kind in "fiu" else 0
    ones, zeros = np.empty(n if kind == "f" else 0, dtype=bool), np.empty(0, dtype=bool)
    if kind == "f":
        zeros = np.empty(n, dtype=bool)
    floats = np.empty(n if kind in "iu" else 0)

    def block(a: int, b: int) -> npt.NDArray[Any]:
        yb = y[a:b]
        if kind == "f":
            if not check:
                return yb
            # 0/1 floats: every value is 1 or 0 (or -0); NaN is neither.
            one, zero = ones[: b - a], zeros[: b - a]
            n1 = np.count_nonzero(np.equal(yb, 1.0, out=one))
            if n1 + np.count_nonzero(np.equal(yb, 0.0, out=zero)) != b - a:
                raise _Refused
            return yb
        if kind == "b":
            return yb.view(np.uint8)  # numbers 0/1 for the arithmetic, without a copy
        # Integers: converted to float64 once, in cache (the conversion numpy's mixed
        # arithmetic would make, chunk by chunk, inside every operation), and checked on
        # the floats: an integer is 0 or 1 exactly when its float is in [0, 1] (negative
        # integers become negative floats, large ones large floats).
        t = floats[: b - a]
        np.copyto(t, yb, casting="unsafe")
        if check:
            _check_unit(t)
        return t

    return block


def _brier_elementwise(p: npt.NDArray[Any], y: npt.NDArray[Any], check: bool) -> Any:
    """Elementwise Brier scores ``(p - y)**2`` of flat forecasts and outcomes, written into
    the result block by block, each block checked while it is in cache; ``None`` when a
    block holds a bad value (the plain path then names it).

    The lean form of :func:`fused_binary`'s blocks for the score whose whole cost is a
    subtraction and a square: one loop without per-block closures, booleans viewed as
    uint8, integers converted once into a reused float64 buffer and checked there, the
    forecast checked by one reduction of its bits. The numbers are those of numpy's
    ``(p - y)**2`` on float64 forecasts, to the bit.
    """
    n = p.size
    out = np.empty(n)
    step = max(min(BLOCK, n), 1)
    kind = y.dtype.kind
    yv = y.view(np.uint8) if kind == "b" else y
    wide = p.dtype != np.float64
    p64 = np.empty(step if wide else 0)
    y64 = np.empty(step if kind in "iu" else 0)
    one = np.empty(step if kind == "f" and check else 0, dtype=bool)
    zero = np.empty(one.size, dtype=bool)
    top = np.maximum.reduce
    sub, square, equal, copyto = np.subtract, np.square, np.equal, np.copyto
    count = np.count_nonzero
    with np.errstate(over="ignore", invalid="ignore"):  # only reached with check=False
        for a in range(0, n, step):
            o = out[a : a + step]
            m = o.size
            pb = p[a : a + step]
            if wide:
                pb = p64[:m]
                copyto(pb, p[a : a + step])
            yb = yv[a : a + step]
            if kind in "iu":
                # The float64 numpy's mixed arithmetic would make, made once in cache and
                # checked there: an integer is 0 or 1 exactly when its float is in [0, 1].
                t = y64[:m]
                copyto(t, yb, casting="unsafe")
                yb = t
            # The difference first: it reads the forecasts and outcomes from memory together
            # (as the one-liner does); the checks then read them from cache, and a block
            # that fails discards the result.
            sub(pb, yb, out=o)
            if check:
                # In [0, 1], not NaN and not -0.0: the bits, read unsigned, at most 1.0's.
                if top(pb.view(np.uint64)) > ONE_BITS:
                    return None
                if kind in "iu" and top(yb.view(np.uint64)) > ONE_BITS:
                    return None
                if kind == "f":
                    is1, is0 = one[:m], zero[:m]
                    # Every value 1 or 0 (or -0; NaN is neither): counted, not or-ed.
                    if count(equal(yb, 1.0, out=is1)) + count(equal(yb, 0.0, out=is0)) != m:
                        return None
            square(o, out=o)
    return out


def _negative_log(buf: FloatArray, base: float | None, log_base: float) -> FloatArray:
    """``0 - log_base(buf)`` in place (``inf`` at 0, as the kernels), in the block's buffer."""
    with np.errstate(divide="ignore"):
        if base is None:
            np.log(buf, out=buf)
        elif base == 2.0:
            np.log2(buf, out=buf)
        elif base == 10.0:
            np.log10(buf, out=buf)
        else:
            np.log(buf, out=buf)
            np.divide(buf, log_base, out=buf)
    return np.subtract(0.0, buf, out=buf)


def fused_binary(
    score: str,
    forecast: Any,
    outcome: Any,
    how: How | None,
    weights: Any,
    *,
    base: float | None = None,
    check: bool = True,
) -> Any:
    """Brier, log or spherical scores of binary forecasts in blocks, or ``None`` when the
    inputs are not for the fused path (small, broadcast, not numpy, weights that broadcast)
    or a block holds a bad value (then the plain path names it)."""
    minimum = FUSE_MIN_LOG if score == "log" else FUSE_MIN
    if not _fusable(forecast, outcome, minimum=minimum) or forecast.dtype.kind != "f":
        return None
    shape = forecast.shape
    w = _fused_weights(weights, shape)
    if weights is not None and w is None:
        return None
    # Other float dtypes (float32, float16) become float64 block by block, not as a whole
    # copy: a float32 memory-mapped file is read once and never held whole.
    p = _flat(forecast)
    y = _flat(outcome)
    if score == "brier" and how is None:
        scores = _brier_elementwise(p, y, check)
        if scores is None or not shape:
            return None if scores is None else scores[0]  # a numpy float64, as the plain path
        return scores.reshape(shape)
    outcomes = _outcomes_as_numbers(y, check)
    log_base = np.log(1.0 if base is None else base)
    n = min(BLOCK, p.size)
    t_buf = np.empty(n)

    def block(a: int, b: int, buf: FloatArray) -> FloatArray:
        pb = p[a:b].astype(np.float64, copy=False)
        if check:
            _check_unit(pb)
        yb = outcomes(a, b)
        if score == "brier":
            np.subtract(pb, yb, out=buf)
            return np.square(buf, out=buf)
        if score == "spherical":
            buf[...] = _kernels.spherical(pb, yb)
            return buf
        if pb.min() < _kernels._TINY:
            # Forecasts near 0: the kernel's log1p branch, on this block only.
            return np.asarray(_kernels.binary_log_loss(pb, yb, base, None))
        # The probability of what happened, y p + (1 - y)(1 - p): exactly p or 1 - p for
        # y in {0, 1}, as np.where(y, p, 1 - p) in the kernel, at a fraction of its cost.
        t = t_buf[: b - a]
        np.subtract(1.0, pb, out=buf)
        np.subtract(1.0, yb, out=t)
        np.multiply(buf, t, out=buf)
        np.multiply(yb, pb, out=t)
        np.add(buf, t, out=buf)
        return _negative_log(buf, base, log_base)

    out = None if how is not None else np.empty(p.size)
    try:
        result = _drive(p.size, block, how, w, out)
    except _Refused:
        return None
    if how is None:
        return result.reshape(shape)
    return result


def fused_categorical(
    score: str,
    forecast: Any,
    outcome: Any,
    axis: Any,
    atol: Any,
    how: How | None,
    weights: Any,
    *,
    base: float | None = None,
    check: bool = True,
) -> Any:
    """Brier or log scores of categorical forecasts (categories on the last axis, one
    outcome per row, no broadcasting) in blocks of rows, or ``None`` when the inputs are not
    for the fused path or a block holds a bad value (then the plain path names it)."""
    if (
        type(forecast) not in _PLAIN
        or forecast.dtype.kind != "f"
        or forecast.ndim < 2
        or forecast.size < FUSE_MIN
        or type(outcome) not in _PLAIN
        or outcome.dtype.kind not in "iu"
        or outcome.shape != forecast.shape[:-1]
        or isinstance(axis, (bool, np.bool_))
        or not isinstance(axis, (int, np.integer))
        or axis not in (-1, forecast.ndim - 1)
    ):
        return None
    tol = _checks.check_atol(atol)
    shape = outcome.shape
    if weights is not None:
        return None  # weighted categorical scores take the plain path
    k = forecast.shape[-1]
    # float32 / float16 rows become float64 block by block (see fused_binary)
    p = np.ascontiguousarray(forecast).reshape(-1, k)
    kk = _flat(outcome)
    rows = max(1, BLOCK // k)
    log_base = np.log(
        1.0 if base is None else base
    )  # rows of few values: a longer block pays its overhead
    starts = np.arange(min(rows, p.shape[0]), dtype=np.intp) * k
    cells = np.empty(min(rows, p.shape[0]) * k) if how is not None else None

    def block(a: int, b: int, buf: FloatArray) -> FloatArray:
        pb, kb = p[a:b].astype(np.float64, copy=False), kk[a:b]
        m = b - a
        if not (kb.min() >= 0 and kb.max() < k):
            raise _Refused
        if check:
            _check_unit(pb)
            if not _checks.rows_sum_to_one(_checks.row_sums(pb), tol, k):
                raise _Refused
        at = starts[:m] + kb
        if score == "log":
            # As _kernels.log_loss, into the buffer: 0 - log_base(p_k).
            np.take(pb.reshape(-1), at, out=buf)
            return _negative_log(buf, base, log_base)
        if how is None:
            buf[...] = _kernels.categorical_brier(pb, kb.astype(np.intp, copy=False))
            return buf
        # The mean or sum needs no row sums: the sum of every (p_j - [j = k])**2 of the block.
        d = cells[: m * k]  # type: ignore[index]
        np.copyto(d, pb.reshape(-1))
        d[at] -= 1.0
        np.square(d, out=d)
        return d

    out = None if how is not None else np.empty(p.shape[0])
    try:
        result = _drive(p.shape[0], block, how, None, out, step=rows)
    except _Refused:
        return None
    if how is None:
        return result.reshape(shape)
    return result


def _real_fusable(*arrays: Any) -> bool:
    return _fusable(*arrays, minimum=FUSE_MIN_QUANTITY) and all(
        a.dtype.kind in "iuf" for a in arrays
    )


def fused_quantile(
    forecast: Any, outcome: Any, level: FloatArray, how: How | None, weights: Any, *, check: bool
) -> Any:
    """Quantile scores in blocks (one level for all), or ``None`` when the inputs are not for
    the fused path or a block holds a value the plain path must look at (not finite, or a
    difference that overflows)."""
    if level.ndim != 0 or not _real_fusable(forecast, outcome):
        return None
    shape = forecast.shape
    w = _fused_weights(weights, shape)
    if weights is not None and w is None:
        return None
    q, y = _flat(forecast), _flat(outcome)  # as float64 block by block (see fused_binary)
    tau = float(level)
    low = np.empty(min(BLOCK, q.size))

    def block(a: int, b: int, buf: FloatArray) -> FloatArray:
        # As _kernels.pinball: max(tau d, (tau - 1) d) with d = y - q.
        t = low[: b - a]
        qb, yb = q[a:b].astype(np.float64, copy=False), y[a:b].astype(np.float64, copy=False)
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
            np.subtract(yb, qb, out=buf)
            np.multiply(buf, tau, out=t)
            np.multiply(buf, tau - 1.0, out=buf)
            np.maximum(buf, t, out=buf)  # (at d = 0 the tie gives t's +0.0, not -0.0)
        # Scores are >= 0: a finite maximum proves every value of the block finite (an
        # infinite or NaN input makes its score infinite or NaN). Otherwise, checked, the
        # plain path names the bad value; unchecked, the kernel scores the block, since an
        # infinite score may come from finite values whose difference overflows (the
        # kernel's halves give the finite score), which ``check=False`` must not change.
        if not buf.max() < math.inf:
            if check:
                raise _Refused
            buf[...] = _kernels.pinball(qb, yb, level)
        return buf

    return _run(q.size, block, how, w, shape)


def fused_interval(
    lower: Any,
    upper: Any,
    outcome: Any,
    alpha: FloatArray,
    how: How | None,
    weights: Any,
    *,
    check: bool,
) -> Any:
    """Interval scores in blocks (one alpha for all), or ``None`` as :func:`fused_quantile`;
    a block whose lower end is above its upper end is refused (the plain path names it)."""
    if alpha.ndim != 0 or not _real_fusable(lower, upper, outcome):
        return None
    shape = lower.shape
    w = _fused_weights(weights, shape)
    if weights is not None and w is None:
        return None
    lo, hi, y = _flat(lower), _flat(upper), _flat(outcome)  # as float64 block by block
    factor = 2.0 / alpha  # a 0-d array, as the kernel computes it
    n = min(BLOCK, lo.size)
    below_buf, above_buf = np.empty(n), np.empty(n)

    def block(a: int, b: int, buf: FloatArray) -> FloatArray:
        # As _kernels.interval: (u - l) + 2/alpha ((l - y)_+ + (y - u)_+).
        lb, hb, yb = (v[a:b].astype(np.float64, copy=False) for v in (lo, hi, y))
        below, above = below_buf[: b - a], above_buf[: b - a]
        with np.errstate(over="ignore", invalid="ignore"):
            np.subtract(hb, lb, out=buf)
            if check and not buf.min() >= 0.0:
                raise _Refused  # lower > upper, or NaN
            np.subtract(lb, yb, out=below)
            np.maximum(below, 0.0, out=below)
            np.subtract(yb, hb, out=above)
            np.maximum(above, 0.0, out=above)
            np.add(below, above, out=below)
            np.multiply(factor, below, out=below)
            np.add(buf, below, out=buf)
        if check and not buf.max() < math.inf:
            raise _Refused
        return buf

    return _run(lo.size, block, how, w, shape)


def _run(
    n: int,
    block: Callable[[int, int, FloatArray], FloatArray],
    how: How | None,
    w: FloatArray | None,
    shape: tuple[int, ...],
) -> Any:
    out = None if how is not None else np.empty(n)
    try:
        result = _drive(n, block, how, w, out)
    except _Refused:
        return None
    return result.reshape(shape) if how is None else result


def reduce_propagated(scores: Any, policy: NanPolicy, how: How, weights: Any) -> np.float64:
    """Reduce elementwise scores computed with ``nan_policy='propagate'`` (missing pairs are
    NaN; a valid pair never scores NaN): under ``'omit'`` the NaN scores and their weights
    are left out."""
    s = np.asarray(scores, dtype=np.float64)
    missing = np.isnan(s) if policy == "omit" else None
    return reduce_scores(s, missing, policy, how, weights)
