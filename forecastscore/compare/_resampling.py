"""The resampling tests of a mean score difference: the cluster bootstrap and the sign-flip
permutation test, with the differences scaled by a power of two so that huge scores do
not overflow, and ties counted whatever the summation order.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._blas import one_blas_thread
from ._common import _CHUNK, _MAX_EXACT, _SCALE_RANGE, Comparison, FloatArray, IntArray, _count


def _scaled_differences(a: FloatArray, b: FloatArray) -> tuple[FloatArray, int]:
    """``d`` and ``shift`` with ``a - b == d * 2**shift``, ``d`` of a size near 1.

    Finite scores can have a difference beyond the largest float (``1e308 - (-1e308)``), and
    differences near ``1e300`` overflow when squared, near ``1e-300`` underflow. Halving
    (when the plain difference overflows) and scaling by a power of two are exact, except
    for values below ``2**-1074`` of the largest difference, which no sum that holds it can
    see; so every sum, square and product below is formed on numbers near 1 and the result
    is scaled back.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        d = a - b
    shift = 0
    if not np.isfinite(d).all():
        d = 0.5 * a - 0.5 * b
        shift = 1
    top = float(np.abs(d).max())
    if top > 0 and not 2.0**-_SCALE_RANGE <= top <= 2.0**_SCALE_RANGE:
        k = math.frexp(top)[1]
        d = np.ldexp(d, -k)
        shift += k
    return d, shift


def _scaled_sizes(a: FloatArray, b: FloatArray, shift: int) -> FloatArray:
    """``(|a| + |b|) / 2**shift``, the size of each pair of scores in the units of ``d``
    (``inf`` where it is beyond the float range: the difference is then all rounding)."""
    with np.errstate(over="ignore"):
        return np.ldexp(np.abs(a), -shift) + np.ldexp(np.abs(b), -shift)


def _mean(x: FloatArray) -> float:
    """Mean of finite floats, without overflow in the sum (scaled by 2**-64 when needed)."""
    top = float(np.abs(x).max())
    if top <= 2.0**960:
        return float(x.mean())
    scaled_top = math.ldexp(top, -64)
    m = float(np.ldexp(x, -64).mean())
    m = max(-scaled_top, min(scaled_top, m))  # rounding may not take it beyond its largest term
    return math.ldexp(m, 64)


def _unscale_interval(lo: float, hi: float, shift: int) -> tuple[tuple[float, float], str]:
    """Interval ends in the units of the scores, and a note when one is beyond the floats."""
    ends = []
    for v in (lo, hi):
        try:
            ends.append(math.ldexp(v, shift))
        except OverflowError:
            ends.append(math.copysign(math.inf, v))
    beyond = (
        "; an interval end lies beyond the largest float and is given as inf"
        if any(math.isinf(v) for v in ends)
        else ""
    )
    return (ends[0], ends[1]), beyond


def _format_scaled(x: float, shift: int) -> str:
    """``f"{x * 2**shift:.3g}"``, also when the product is beyond the float range."""
    try:
        return f"{math.ldexp(x, shift):.3g}"
    except OverflowError:
        pass
    exponent10 = math.log10(abs(x)) + shift * math.log10(2.0)
    e = math.floor(exponent10)
    mantissa = 10.0 ** (exponent10 - e)
    return f"{'-' if x < 0 else ''}{mantissa:.3g}e+{e}"


def _tie_tolerance(d: FloatArray, codes: IntArray | None, sizes: FloatArray) -> float:
    """How far apart two resampled or sign-flipped means may be and still be a tie.

    Every such mean is a sum of at most ``n`` case differences (or ``g`` cluster sums of
    them) divided by a count, and so is the observed mean, but in another order. Two means
    that are equal in exact arithmetic (ties are common: scores take few distinct values)
    differ after rounding by at most about ``(n + g) eps`` times the largest mean of the
    absolute differences over any set of clusters, which is the largest cluster mean of
    ``|d|``. Four times that (and never less than ``1e-12`` of it) is counted as a tie, so
    the p-value does not depend on the summation order.
    """
    eps = float(np.finfo(np.float64).eps)
    size = np.abs(d)
    if codes is None:
        top = float(size.max())
    else:
        top = float((np.bincount(codes, weights=size) / sizes).max())
    g = sizes.size
    return max(1e-12, 4.0 * (d.size + g + 2) * eps) * max(top, 1e-300)


def _bootstrap(
    sums: FloatArray,
    sizes: FloatArray,
    clustered: bool,
    mean_d: float,
    n_resamples: int,
    confidence: float,
    rng: np.random.Generator,
    tie: float,
) -> tuple[float, float, float]:
    g = sums.size
    means = np.empty(n_resamples)
    rows = max(1, _CHUNK // g)
    for start in range(0, n_resamples, rows):  # chunks of resamples, not one per resample
        r = min(rows, n_resamples - start)
        idx = rng.integers(0, g, size=(r, g))
        total = sums[idx].sum(axis=1)
        count = sizes[idx].sum(axis=1) if clustered else float(g)
        means[start : start + r] = total / count
    alpha = 1.0 - confidence
    lo, hi = np.quantile(means, [alpha / 2.0, 1.0 - alpha / 2.0])
    # A resample whose centred mean ties |mean_d| in exact arithmetic counts as extreme.
    extreme = int(np.count_nonzero(np.abs(means - mean_d) >= abs(mean_d) - tie))
    return float(lo), float(hi), (1 + extreme) / (n_resamples + 1)


def _sign_patterns(g: int, n_resamples: int) -> tuple[bool, int]:
    """Whether to enumerate all sign patterns exactly, and how many patterns there are."""
    if g <= _MAX_EXACT and 2**g <= max(n_resamples, 2):
        return True, 2**g
    return False, n_resamples + 1  # the observed pattern counts as one draw


def _flip_statistics(
    sums: FloatArray, sizes: FloatArray, n_resamples: int, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray, bool]:
    """For each sign pattern e: sum(e * sums) / N and sum(e * sizes) / N."""
    g = sums.size
    total = float(sizes.sum())
    exact, count = _sign_patterns(g, n_resamples)
    stat_a = np.empty(count)
    stat_b = np.empty(count)
    rows = max(1, _CHUNK // g)
    # Many matrix-vector products: on one BLAS thread, so that their time does not depend on
    # how busy the other cores are (each output is one row's dot product: the same numbers).
    with one_blas_thread():
        if exact:
            bits = np.arange(g)
            for start in range(0, count, rows):
                codes = np.arange(start, min(start + rows, count))
                signs = 1.0 - 2.0 * ((codes[:, np.newaxis] >> bits) & 1).astype(np.float64)
                stat_a[start : start + codes.size] = signs @ sums / total
                stat_b[start : start + codes.size] = signs @ sizes / total
            return stat_a, stat_b, True
        stat_a[0], stat_b[0] = sums.sum() / total, 1.0
        for start in range(1, count, rows):
            r = min(rows, count - start)
            signs = 1.0 - 2.0 * rng.integers(0, 2, size=(r, g)).astype(np.float64)
            stat_a[start : start + r] = signs @ sums / total
            stat_b[start : start + r] = signs @ sizes / total
    return stat_a, stat_b, False


def _permutation(
    sums: FloatArray,
    sizes: FloatArray,
    mean_d: float,
    shift: int,
    n_resamples: int,
    confidence: float,
    rng: np.random.Generator,
    base: dict[str, Any],
    unit: str,
    omitted: str,
    tie: float,
) -> Comparison:
    g = sums.size
    stat_a, stat_b, exact = _flip_statistics(sums, sizes, n_resamples, rng)
    scale = float(np.abs(sums).sum() / sizes.sum())
    alpha = 1.0 - confidence
    eps = float(np.finfo(np.float64).eps)

    def p_at(delta: float) -> float:
        # p-value of the hypothesis "the mean difference is delta"; patterns whose statistic
        # ties the observed one in exact arithmetic count (see _tie_tolerance), and the shift
        # delta adds a few roundings of its own size
        observed = abs(mean_d - delta)
        tol = tie + 4.0 * eps * abs(delta)
        return float(np.mean(np.abs(stat_a - delta * stat_b) >= observed - tol))

    p_value = p_at(0.0)
    kind = (
        f"exact: all {stat_a.size} sign patterns"
        if exact
        else f"Monte Carlo: {n_resamples} random sign patterns"
    )
    method = (
        f"paired sign-flip permutation test over {_count(g, unit)} ({kind}); interval by inverting "
        "the test"
    )
    p_far = float(np.mean(np.abs(stat_b) >= 1.0 - 1e-12))
    if p_far > alpha:
        return Comparison(
            **base,
            ci_low=None,
            ci_high=None,
            p_value=p_value,
            method=method,
            note=f"with {_count(g, unit)} the sign-flip test cannot reject any difference at level "
            f"{alpha:.3g} (smallest possible p-value {p_far:.3g}), so no bounded "
            f"{confidence:.0%} interval exists; the p-value is exact{omitted}",
        )
    step = max(scale, float(np.sqrt(np.square(sums).sum()) / sizes.sum()), 1e-12)
    ends = []
    for sign in (-1.0, 1.0):
        inside, outside = mean_d, mean_d + sign * step
        for _ in range(200):
            if p_at(outside) <= alpha:
                break
            inside, outside = outside, mean_d + 2.0 * (outside - mean_d)
        for _ in range(100):
            mid = (inside + outside) / 2.0
            if mid in (inside, outside):
                break
            if p_at(mid) > alpha:
                inside = mid
            else:
                outside = mid
        ends.append(inside)
    (lo, hi), beyond = _unscale_interval(float(ends[0]), float(ends[1]), shift)
    return Comparison(
        **base,
        ci_low=lo,
        ci_high=hi,
        p_value=p_value,
        method=method,
        note=(beyond + omitted).lstrip("; "),
    )
