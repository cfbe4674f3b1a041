"""Exact sums per group, vectorised: what lets partial sums from many partitions combine into
the correctly rounded total, whatever the partitioning and the order of the rows.

What lives here: :func:`exact_sums` (per group, the exact sum of the finite values as a Python
integer in units of :math:`2^{-1126}`, and the counts of NaN and infinities) and
:func:`exact_mean` (such a sum divided by a count, rounded once). What does not: anything of
Dask, ledgers or partitions. This module imports numpy only.

Every finite double is :math:`x = M \\cdot 2^{s - 1126}` with an integer mantissa
:math:`|M| < 2^{53}` and a shift :math:`0 \\le s \\le 2150` (``numpy.frexp``). The mantissas are
split into a high part of at most 27 bits and a low part of 26 bits, and each part is summed
per (group, shift) with ``numpy.bincount``: float64 sums of at most :data:`_CHUNK` integers of
27 bits are integers below :math:`2^{53}`, so they are exact. The few non-zero
(group, shift) sums are then shifted and added as Python integers.
"""

from __future__ import annotations

import math

import attrs
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
I64Array = npt.NDArray[np.int64]

#: A finite double is an integer multiple of 2**-1126 once its mantissa is an integer.
SCALE = 1126
#: Rows summed per pass: 2**26 terms of at most 2**27 stay below 2**53, exact in float64.
_CHUNK = 1 << 26
_LOW_BITS = 26


@attrs.frozen(eq=False)
class ExactSums:
    """Per group: the exact sum of the finite values times ``2**SCALE`` (Python integers),
    and how many values were NaN, +inf and -inf."""

    total: list[int]
    n_nan: I64Array
    n_pinf: I64Array
    n_ninf: I64Array


def exact_sums(group: IntArray, values: FloatArray, n_groups: int) -> ExactSums:
    """The exact sum of ``values`` per ``group`` code (``0 <= group < n_groups``).

    Examples
    --------
    >>> import numpy as np
    >>> s = exact_sums(np.array([0, 0, 0, 1]), np.array([1e16, 1.0, -1e16, np.inf]), 2)
    >>> s.total[0] == 1 << SCALE, s.n_pinf.tolist()
    (True, [0, 1])
    """
    values = np.asarray(values, dtype=np.float64)
    group = np.asarray(group, dtype=np.intp)
    total = [0] * n_groups
    finite = np.isfinite(values)
    n_nan = np.bincount(group[np.isnan(values)], minlength=n_groups).astype(np.int64)
    n_pinf = np.bincount(group[values == math.inf], minlength=n_groups).astype(np.int64)
    n_ninf = np.bincount(group[values == -math.inf], minlength=n_groups).astype(np.int64)
    g_all = group if finite.all() else group[finite]
    v_all = values if finite.all() else values[finite]
    for start in range(0, len(v_all), _CHUNK):
        g = g_all[start : start + _CHUNK]
        v = v_all[start : start + _CHUNK]
        m, e = np.frexp(v)
        mantissa = np.ldexp(m, 53).astype(np.int64)  # exact: |mantissa| < 2**53
        shift = e.astype(np.int64) + (SCALE - 53)
        low_shift = int(shift.min())
        span = int(shift.max()) - low_shift + 1
        key = g.astype(np.int64) * span + (shift - low_shift)
        high = (mantissa >> _LOW_BITS).astype(np.float64)
        low = (mantissa & ((1 << _LOW_BITS) - 1)).astype(np.float64)
        if n_groups * span <= 4 * len(v) + 4096:
            keys = np.arange(n_groups * span, dtype=np.int64)
            code = key
        else:
            keys, code = np.unique(key, return_inverse=True)
            code = code.reshape(-1)
        hs = np.bincount(code, weights=high, minlength=len(keys))
        ls = np.bincount(code, weights=low, minlength=len(keys))
        nz = np.flatnonzero((hs != 0) | (ls != 0))
        # One Python step per non-zero (group, exponent): a few dozen per group.
        for k, h, lo in zip(
            keys[nz].tolist(),
            hs[nz].astype(np.int64).tolist(),
            ls[nz].astype(np.int64).tolist(),
            strict=True,
        ):
            gi, s = divmod(k, span)
            total[gi] += ((h << _LOW_BITS) + lo) << (s + low_shift)
    return ExactSums(total, n_nan, n_pinf, n_ninf)


def exact_mean(total: int, n: int, n_nan: int = 0, n_pinf: int = 0, n_ninf: int = 0) -> float:
    """``total * 2**-SCALE / n`` rounded once to the nearest double (NaN for a NaN among the
    values or for both infinities, an infinity for one of them; NaN for ``n == 0``).

    Examples
    --------
    >>> exact_mean(3 << SCALE, 10)      # 3 / 10, rounded once
    0.3
    """
    if n_nan or (n_pinf and n_ninf) or n == 0:
        return math.nan
    if n_pinf:
        return math.inf
    if n_ninf:
        return -math.inf
    try:
        return total / (n << SCALE)  # int / int is correctly rounded in Python
    except OverflowError:  # (math.copysign would itself overflow on so large an int)
        return math.inf if total > 0 else -math.inf
