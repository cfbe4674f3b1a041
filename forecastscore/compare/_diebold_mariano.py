"""The Diebold-Mariano test with the Harvey-Leybourne-Newbold correction: the long-run
variance of the score differences, decided against its rounding-error bound.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._common import Comparison, FloatArray
from ._resampling import _format_scaled, _unscale_interval


def _banded(x: FloatArray, y: FloatArray, h: int) -> float:
    """``sum_{|i - j| < h} x_i y_j / n`` for vectors of length ``n``: the long-run sum.

    Vectorised for any ``h``: each ``x_i`` meets the sum of the ``y_j`` in its window
    ``|i - j| < h`` (a sliding window over ``y`` padded with zeros, summed without copying the
    windows), then one dot product. Each product ``x_i y_j`` so goes through at most
    ``2h - 2`` additions in its window, one multiplication and ``n - 1`` additions in the dot
    product: at most ``n + 2h - 2`` roundings, within the bound of
    :func:`_long_run_variance`.
    """
    from numpy.lib.stride_tricks import sliding_window_view

    n = x.size
    if h == 1:
        return float(np.dot(x, y)) / n
    padded = np.zeros(n + 2 * (h - 1))
    padded[h - 1 : h - 1 + n] = y
    window = sliding_window_view(padded, 2 * h - 1).sum(axis=1)
    return float(np.dot(x, window)) / n


def _long_run_variance(d: FloatArray, scale: FloatArray, h: int) -> tuple[float, float]:
    r"""The long-run variance of ``d`` up to lag ``h - 1``, and a bound on its rounding error.

    ``scale[i]`` is the size of the scores whose difference is ``d[i]`` (``|a_i| + |b_i|``,
    in the units of ``d``): each score carries a few ulps of rounding from its own
    computation, so a difference is only known to about ``eps * scale[i]``. The variance is
    :math:`\hat\sigma^2 = \frac1n \sum_{|i-j|<h} e_i e_j` with :math:`e = d - \bar d`; the
    bound adds (a) what the uncertainty :math:`\eta_i` of each :math:`e_i` (the scores'
    rounding, the subtraction, the mean's summation in any order) can change in it,
    :math:`\frac1n\sum_{|i-j|<h} (|e_i|+\eta_i)(|e_j|+\eta_j) - |e_i||e_j|`, and (b) the
    worst-case error of summing the :math:`m \le n(2h-1)` products in any order,
    :math:`(n + 2h + 2)\,\varepsilon` times the sum of their absolute values (each product
    passes through at most :math:`n + 2h - 2` roundings, see :func:`_banded`). A variance that
    is 0 in exact arithmetic therefore always comes out at most ``bound``, whatever the
    summation order or BLAS kernel, and is reported as "not positive".

    ``d`` should be of a size near 1 (as :func:`compare` scales it): the padded sum is formed
    on numbers scaled by a power of two, and a bound beyond the float range is ``inf``.
    """
    n = d.size
    eps = float(np.finfo(np.float64).eps)
    e = d - float(d.mean())
    lrv = _banded(e, e, h)
    mean_error = (n + 2) * eps * float(np.abs(d).mean())
    size = np.abs(e)
    with np.errstate(over="ignore", invalid="ignore"):
        noise = eps * (4.0 * scale + size) + mean_error
    if not np.isfinite(noise).all():
        return lrv, math.inf
    # scale the padded sizes by a power of two so that their products cannot overflow
    k = math.frexp(float((size + noise).max()))[1]
    plain_unit = _banded(np.ldexp(size, -k), np.ldexp(size, -k), h)
    padded_unit = _banded(np.ldexp(size + noise, -k), np.ldexp(size + noise, -k), h)
    try:
        plain, padded = math.ldexp(plain_unit, 2 * k), math.ldexp(padded_unit, 2 * k)
    except OverflowError:
        return lrv, math.inf
    bound = (padded - plain) + (n + 2 * h + 2) * eps * padded
    return lrv, bound


def _diebold_mariano(
    d: FloatArray,
    scale: FloatArray,
    shift: int,
    h: int,
    confidence: float,
    min_n: int,
    base: dict[str, Any],
    omitted: str,
) -> Comparison:
    from scipy import special

    n = d.size
    method = (
        f"Diebold-Mariano test over {n} cases in the given order (horizon {h}; Harvey-"
        f"Leybourne-Newbold correction, Student t with {n - 1} df)"
    )
    # (n + 1 - 2h + h(h - 1)/n) / n = (n - h)(n - h + 1) / n**2: positive, as h < n
    factor = (n - h) * (n - h + 1) / (n * n)
    if n < min_n:
        return Comparison(
            **base,
            ci_low=None,
            ci_high=None,
            p_value=None,
            method=method + ": not run",
            note=f"the Diebold-Mariano test needs at least {min_n} cases (got {n}){omitted}",
        )
    mean_d = float(d.mean())
    lrv, bound = _long_run_variance(d, scale, h)
    if not lrv > bound:
        return Comparison(
            **base,
            ci_low=None,
            ci_high=None,
            p_value=None,
            method=method + ": not run",
            note=f"the long-run variance of the score differences "
            f"({_format_scaled(lrv, 2 * shift)}) is not positive beyond the rounding error of "
            f"its computation ({_format_scaled(bound, 2 * shift)}): the differences do not "
            f"vary enough for a test{omitted}",
        )
    se = math.sqrt(lrv / n)
    stat = mean_d / se * math.sqrt(factor)
    p = float(2.0 * special.stdtr(n - 1, -abs(stat)))
    half = float(special.stdtrit(n - 1, 1.0 - (1.0 - confidence) / 2.0)) * se / math.sqrt(factor)
    (lo, hi), beyond = _unscale_interval(mean_d - half, mean_d + half, shift)
    return Comparison(
        **base,
        ci_low=lo,
        ci_high=hi,
        p_value=p,
        method=method,
        note=(beyond + omitted).lstrip("; "),
    )
