"""The formulas, on clean arrays and nothing else.

Every function here assumes its inputs were validated (probabilities in [0, 1], outcomes
0/1 or valid indices, shapes that broadcast) and returns losses: lower is better. Each body is
meant to be checked against its formula by eye. This module imports only numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# Below this, 1 - p drops bits of p, so -log(1 - p) is recomputed as -log1p(-p).
_TINY = 2.0**-26


def brier(p: FloatArray, y: npt.NDArray[Any]) -> FloatArray:
    """Binary Brier score ``(p - y)**2``."""
    d: FloatArray = np.asarray(np.subtract(p, y, dtype=np.float64))
    return np.square(d, out=d)


def prob_of_outcome(p: FloatArray, y: npt.NDArray[Any]) -> FloatArray:
    """The probability given to what happened: ``p`` if ``y`` else ``1 - p``."""
    return np.where(y, p, 1.0 - p)


def log_of(q: FloatArray, base: float | None) -> FloatArray:
    """``log_base(q)``, exact to rounding for bases 2 and 10; ``-inf`` (no warning) at 0."""
    with np.errstate(divide="ignore"):
        if base is None:
            out = np.log(q)
        elif base == 2.0:
            out = np.log2(q)
        elif base == 10.0:
            out = np.log10(q)
        else:
            out = np.log(q) / np.log(base)
    return np.asarray(out, dtype=np.float64)


def log_loss(p_outcome: FloatArray, base: float | None) -> FloatArray:
    """Log score ``-log(p_outcome)`` in nats, or in units of ``base``; ``inf`` where 0.

    ``0 - log`` rather than ``-log`` so that a sure and right forecast scores ``+0.0``.
    """
    s = log_of(p_outcome, base)
    return np.subtract(0.0, s, out=s)


def binary_log_loss(
    p: FloatArray, y: npt.NDArray[Any], base: float | None, clip: float | None
) -> FloatArray:
    """Binary log score ``-log(p)`` if ``y`` else ``-log(1 - p)``, optionally clipped.

    With ``clip`` the probability of what happened is moved into ``[clip, 1 - clip]``. Where
    ``y`` is 0 and ``p`` is tiny, ``-log1p(-p)`` replaces ``-log(1 - p)``, which would lose
    the low bits of ``p`` in forming ``1 - p``.
    """
    q = prob_of_outcome(p, y)
    if clip is not None:
        q = np.clip(q, clip, 1.0 - clip)
    s = log_loss(q, base)
    tiny = p < _TINY
    if clip is not None:
        tiny &= p >= clip
    if tiny.any():
        fix = np.broadcast_to(tiny, s.shape) & ~np.broadcast_to(np.asarray(y, dtype=bool), s.shape)
        if fix.any():
            pf = np.broadcast_to(p, s.shape)[fix]
            s[fix] = 0.0 - np.log1p(-pf) / (1.0 if base is None else np.log(base))
    return s


def spherical(p: FloatArray, y: npt.NDArray[Any]) -> FloatArray:
    """Binary spherical loss ``1 - p_y / ||(p, 1 - p)||``.

    Computed as ``p_o**2 / (n (n + p_y))`` with ``p_o`` the probability of what did not
    happen and ``n = sqrt(p**2 + (1 - p)**2)``: the same value, without the cancellation of
    ``1 - p_y / n`` when the forecast is nearly sure and right.
    """
    q = 1.0 - p
    n = np.sqrt(p * p + q * q)
    p_y = np.where(y, p, q)
    p_o = np.where(y, q, p)
    return np.asarray(p_o * p_o / (n * (n + p_y)), dtype=np.float64)


def take_outcome(p: FloatArray, k: npt.NDArray[np.intp]) -> FloatArray:
    """``p[..., k]`` row by row: the probability of the category that happened."""
    return np.take_along_axis(p, k[..., np.newaxis], axis=-1)[..., 0]


def rowdot(a: FloatArray, b: FloatArray) -> FloatArray:
    """``sum_j a[..., j] * b[..., j]``: the dot product of matching rows."""
    out: FloatArray = np.einsum("...j,...j->...", a, b)
    return out


def categorical_brier(p: FloatArray, k: npt.NDArray[np.intp]) -> FloatArray:
    """Categorical Brier ``sum_j (p_j - [j == k])**2``, in 0..2."""
    onehot = np.arange(p.shape[-1]) == k[..., np.newaxis]
    d = p - onehot
    return rowdot(d, d)


def categorical_spherical(p: FloatArray, k: npt.NDArray[np.intp]) -> FloatArray:
    """Categorical spherical loss ``1 - p_k / ||p||_2``.

    Computed as ``sum_{j != k} p_j**2 / (n (n + p_k))`` with ``n = ||p||_2``, which equals
    it without cancelling when ``p_k`` is close to 1.
    """
    onehot = np.arange(p.shape[-1]) == k[..., np.newaxis]
    others = np.where(onehot, 0.0, p)
    n = np.sqrt(rowdot(p, p))
    return np.asarray(rowdot(others, others) / (n * (n + take_outcome(p, k))), dtype=np.float64)


# --- ordered categories, quantiles, ensembles and distributions ---------------------------
# The CRPS closed forms below take the values of special functions (normal cdf, incomplete
# gamma and beta functions, beta function) as arguments: this module imports only numpy, and
# ``rules`` computes those values with scipy. Each is for a standardised outcome
# ``z = (y - loc) / scale``; the CRPS in the outcome's units is ``scale * kernel(z)``.


def ranked_probability(p: FloatArray, k: npt.NDArray[np.intp]) -> FloatArray:
    """RPS ``sum_{j<K-1} (P_j - [k <= j])**2`` with ``P_j = p_0 + ... + p_j``, in 0..K-1."""
    cum = np.cumsum(p[..., :-1], axis=-1)
    step = np.arange(p.shape[-1] - 1) >= k[..., np.newaxis]
    d = cum - step
    out: FloatArray = np.einsum("...j,...j->...", d, d)
    return out


def pinball(q: FloatArray, y: FloatArray, level: FloatArray) -> FloatArray:
    """Quantile score ``(1{y < q} - level) * (q - y)``, written as a maximum of two lines
    (the one through ``level * (y - q)`` second, so that a tie at ``y == q`` gives +0.0).

    Where ``y - q`` overflows although both are finite, the score is computed from the halves
    (exact: halving a normal float loses nothing), so that ``level * (y - q)`` is finite
    whenever the true score is; beyond the float range it is ``inf``, as it should be.
    """
    with np.errstate(over="ignore"):
        d = np.subtract(y, q)
        out: FloatArray = np.maximum((level - 1.0) * d, level * d)
        wide = np.isinf(d) & np.isfinite(y) & np.isfinite(q)
        if np.any(wide):
            h = np.subtract(0.5 * y, 0.5 * q)
            out = np.where(wide, 2.0 * np.maximum((level - 1.0) * h, level * h), out)
    return out


def interval(lower: FloatArray, upper: FloatArray, y: FloatArray, alpha: FloatArray) -> FloatArray:
    """Interval score ``(u - l) + 2/alpha * ((l - y)_+ + (y - u)_+)``."""
    with np.errstate(over="ignore"):  # a width beyond the float range is inf, as it should be
        below = np.maximum(np.subtract(lower, y), 0.0)
        above = np.maximum(np.subtract(y, upper), 0.0)
        out: FloatArray = np.subtract(upper, lower) + (2.0 / alpha) * (below + above)
    return out


def crps_sorted_ensemble(x: FloatArray, y: FloatArray, fair: bool) -> FloatArray:
    """CRPS of the ensemble ``x`` (sorted on the last axis, ``m`` members) at ``y``.

    ``mean|x_i - y| - sum_i (2i - m - 1) x_(i) / D`` with ``D = m**2`` (the empirical
    distribution) or ``D = m (m - 1)`` (the fair estimator); the sum is half the sum of all
    pairwise distances ``sum_ij |x_i - x_j|``.

    Computed in place: ``x`` is overwritten (pass a sorted copy you own), so that scoring
    takes no temporary of the members' size.
    """
    m = x.shape[-1]
    rows = np.broadcast_shapes(x.shape[:-1], np.shape(y))
    if rows != x.shape[:-1]:  # one ensemble against many outcomes: a row for each
        x = np.array(np.broadcast_to(x, (*rows, m)))
    # Values near the top of the float range would overflow the sums below. The CRPS is
    # positively homogeneous, so such rows are scaled by a power of two (exactly) and the
    # result scaled back; an ordinary array takes one max() and nothing else.
    # The rows are sorted: their largest magnitudes are in the first and last columns.
    scale: FloatArray | None = None
    if x.size:
        ends = np.maximum(-x[..., 0], x[..., -1])
        if max(float(ends.max()), float(np.abs(y).max(initial=0.0))) > _HUGE:
            big = np.maximum(ends, np.abs(y))
            scale = np.ldexp(1.0, np.frexp(big)[1] - 1)  # |x / scale| < 2, no overflow
            x /= scale[..., np.newaxis]
            y = y / scale
    # The CRPS is shift-invariant; measuring from each row's middle member keeps the weighted
    # sum from cancelling catastrophically when the members sit far from 0 (1e9 + small).
    centre = x[..., m // 2].copy()
    x -= centre[..., np.newaxis]
    y = y - centre
    spread = x @ (2.0 * np.arange(1, m + 1) - m - 1.0)
    x -= y[..., np.newaxis]
    np.abs(x, out=x)
    mae = x @ np.full(m, 1.0 / m)
    out: FloatArray = mae - spread / (m * (m - 1.0) if fair else float(m * m))
    if scale is not None:
        with np.errstate(over="ignore"):  # a CRPS beyond the float range is inf
            out = out * scale
    return out


_HUGE = 2.0**1000


def crps_normal(z: FloatArray, erf: FloatArray) -> FloatArray:
    """Standard normal: ``z (2 Phi(z) - 1) + 2 phi(z) - 1/sqrt(pi)``, with
    ``2 Phi(z) - 1 = erf(z / sqrt 2)`` passed as ``erf``.

    Computed in place: both arguments are overwritten (the result is ``erf``'s buffer), so
    that scoring ``n`` forecasts takes two arrays of ``n`` floats and no more.
    """
    erf *= z
    with np.errstate(over="ignore", under="ignore"):  # exp(-z*z/2) of |z| > 1e154 is 0
        np.multiply(z, z, out=z)
        z *= -0.5
        np.exp(z, out=z)
    z *= 2.0 / np.sqrt(2.0 * np.pi)
    erf += z
    erf -= 1.0 / np.sqrt(np.pi)
    return erf


def crps_logistic(z: FloatArray) -> FloatArray:
    """Standard logistic: ``z - 2 log F(z) - 1``, with ``-log F(z) = log(1 + exp(-z))``."""
    return z + 2.0 * np.logaddexp(0.0, -z) - 1.0


def crps_laplace(z: FloatArray) -> FloatArray:
    """Standard Laplace: ``|z| + exp(-|z|) - 3/4``."""
    a = np.abs(z)
    return a + np.exp(-a) - 0.75


def crps_exponential(z: FloatArray) -> FloatArray:
    """Standard exponential on [0, inf): ``|z| - 2 F(z) + 1/2``, ``F(z) = 1 - exp(-max(z, 0))``."""
    cdf = -np.expm1(-np.maximum(z, 0.0))
    return np.abs(z) - 2.0 * cdf + 0.5


def crps_uniform(z: FloatArray) -> FloatArray:
    """Standard uniform on [0, 1]: ``|z - c| + c**2 - c + 1/3`` with ``c = clip(z, 0, 1)``."""
    c = np.clip(z, 0.0, 1.0)
    return np.abs(z - c) + c * c - c + 1.0 / 3.0


def crps_gamma(
    z: FloatArray, a: FloatArray, cdf_a: FloatArray, z_pdf: FloatArray, half_spread: FloatArray
) -> FloatArray:
    """Gamma with shape ``a`` and unit scale: ``(z - a) (2 F_a(z) - 1) + 2 z f_a(z)
    - Gamma(a + 1/2) / (sqrt(pi) Gamma(a))``.

    ``F_a`` is the regularised lower incomplete gamma function and ``f_a`` the density; the
    product ``z f_a(z) = z**a exp(-z) / Gamma(a)`` is passed as ``z_pdf`` and the last term,
    ``1 / B(1/2, a)`` (half the mean distance of two draws), as ``half_spread``. This is the
    usual form ``z (2 F_a - 1) - a (2 F_{a+1} - 1) - 1 / B(1/2, a)`` rewritten with
    ``F_{a+1}(z) = F_a(z) - z**a exp(-z) / Gamma(a + 1)``, so that the terms of size ``a``
    no longer cancel when ``a`` is large.
    """
    out: FloatArray = (z - a) * (2.0 * cdf_a - 1.0) + 2.0 * z_pdf - half_spread
    return out


def crps_lognormal(z: FloatArray, erf_w: FloatArray, gap: FloatArray) -> FloatArray:
    """Lognormal with ``log X ~ N(0, s**2)``: ``z (2 Phi(w) - 1) - 2 exp(s**2 / 2)
    (Phi(w - s) - Phi(-s / sqrt 2))``, ``w = log(z) / s``.

    ``2 Phi(w) - 1`` is passed as ``erf_w`` and the whole product ``exp(s**2 / 2) (Phi(w - s)
    - Phi(-s / sqrt 2))`` as ``gap`` (the caller forms it without cancellation or overflow).
    """
    out: FloatArray = z * erf_w - 2.0 * gap
    return out


def crps_lognormal_narrow(
    z_minus_1: FloatArray,
    cdf_w: FloatArray,
    em1: FloatArray,
    band: FloatArray,
    erf_half_s: FloatArray,
) -> FloatArray:
    """The lognormal kernel of :func:`crps_lognormal` rearranged for a small ``s``, where
    its terms are of size 1 and the CRPS of size ``s``:

    ``2 Phi(w) (z - 1 - em1) + 2 (1 + em1) band + em1 - (1 + em1) erf(s/2) - (z - 1)``

    with ``em1 = exp(s**2 / 2) - 1`` and ``band = Phi(w) - Phi(w - s)``; every term is then
    of the size of the result (``z - 1`` is exact for ``z`` near 1).
    """
    e = 1.0 + em1
    out: FloatArray = (
        2.0 * cdf_w * (z_minus_1 - em1) + 2.0 * e * band + em1 - e * erf_half_s - z_minus_1
    )
    return out


def crps_beta(
    z: FloatArray,
    mean: FloatArray,
    cdf_ab: FloatArray,
    density_term: FloatArray,
    half_spread: FloatArray,
) -> FloatArray:
    """Beta(a, b) on [0, 1]: ``(z - mean) (2 F_{a,b}(z) - 1) + density_term - half_spread``.

    ``mean = a / (a + b)``, ``density_term = 2 c**a (1 - c)**b / ((a + b) B(a, b))`` with
    ``c = clip(z, 0, 1)`` and ``half_spread = 2 B(2a, 2b) / ((a + b) B(a, b)**2)``. This is
    the usual ``z (2 F_{a,b} - 1) + a/(a+b) (1 - 2 F_{a+1,b} - 2 B(2a, 2b) / (a B(a, b)**2))``
    rewritten with ``F_{a+1,b}(c) = F_{a,b}(c) - c**a (1 - c)**b / (a B(a, b))``.
    """
    out: FloatArray = (z - mean) * (2.0 * cdf_ab - 1.0) + density_term - half_spread
    return out


def crps_t(
    z: FloatArray, df: FloatArray, cdf: FloatArray, pdf_df_z2: FloatArray, spread: FloatArray
) -> FloatArray:
    """Student t with ``df > 1``: ``z (2 F(z) - 1) + 2 f(z) (df + z**2) / (df - 1) - spread``
    with ``spread = 2 sqrt(df) / (df - 1) * B(1/2, df - 1/2) / B(1/2, df/2)**2``; the
    product ``f(z) (df + z**2)`` is passed as ``pdf_df_z2``."""
    return z * (2.0 * cdf - 1.0) + 2.0 * pdf_df_z2 / (df - 1.0) - spread


# --- quantile forecasts: weighted interval score and CRPS of the quantiles ----------------
# Added for ``rules._intervals``. ``q`` holds the quantiles on the last axis, in increasing
# order of their levels ``tau`` (a 1-d array), and ``y`` the outcomes (the rows' shape).


def wis(q: FloatArray, y: FloatArray, tau: FloatArray) -> FloatArray:
    """Weighted interval score from the quantile form: ``2/n * sum_k QS_tau_k(q_k, y)``.

    With ``d = q - y`` the pinball loss is ``max(d, 0) - tau * d``; for the ``n = 2K + 1``
    levels of K central intervals and the median this is Bracher et al.'s WIS exactly.
    """
    n = q.shape[-1]
    with np.errstate(over="ignore", invalid="ignore"):
        d = q - y[..., np.newaxis]
        tilt = d @ tau
        np.maximum(d, 0.0, out=d)
        out: FloatArray = np.asarray((d.sum(axis=-1) - tilt) * (2.0 / n), dtype=np.float64)
    if not np.isfinite(out).all():  # q - y overflowed: redo from the halves (exact)
        with np.errstate(over="ignore", invalid="ignore"):
            h = 0.5 * q - 0.5 * y[..., np.newaxis]
            half = (np.maximum(h, 0.0).sum(axis=-1) - h @ tau) * (2.0 / n)
            out = np.asarray(2.0 * half, dtype=np.float64)
    return out


def wis_parts(
    lower: FloatArray, upper: FloatArray, median: FloatArray, y: FloatArray, half_alpha: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Dispersion, overprediction and underprediction of the WIS, each divided by K + 1/2.

    ``lower[..., k]`` and ``upper[..., k]`` are the ends of the central interval of level
    ``1 - alpha_k`` (``half_alpha = alpha / 2``):
    dispersion ``sum_k alpha_k/2 (u_k - l_k)``, overprediction ``sum_k (l_k - y)_+ + (m - y)_+ / 2``
    and underprediction ``sum_k (y - u_k)_+ + (y - m)_+ / 2``.
    """
    scale = _row_scale(np.concatenate([lower, upper, median[..., np.newaxis]], axis=-1), y)
    if scale is not None:  # homogeneous: the parts of the scaled rows, scaled back
        s = scale[..., np.newaxis]
        parts = wis_parts(lower / s, upper / s, median / scale, y / scale, half_alpha)
        with np.errstate(over="ignore"):
            d, o, u = (np.asarray(p * scale, dtype=np.float64) for p in parts)
        return d, o, u
    norm = lower.shape[-1] + 0.5
    yy = y[..., np.newaxis]
    with np.errstate(over="ignore"):
        dispersion = ((upper - lower) @ half_alpha) / norm
        over = (np.maximum(lower - yy, 0.0).sum(axis=-1) + 0.5 * np.maximum(median - y, 0.0)) / norm
        under = (
            np.maximum(yy - upper, 0.0).sum(axis=-1) + 0.5 * np.maximum(y - median, 0.0)
        ) / norm
    return (
        np.asarray(dispersion, dtype=np.float64),
        np.asarray(over, dtype=np.float64),
        np.asarray(under, dtype=np.float64),
    )


def _row_scale(q: FloatArray, y: FloatArray) -> FloatArray | None:
    """A power of two per row that brings the row's quantiles and outcome below 2 in
    magnitude, when any value nears the top of the float range (else ``None``): scores that
    are positively homogeneous are computed on the scaled rows and scaled back."""
    if not q.size or max(float(np.abs(q).max()), float(np.abs(y).max(initial=0.0))) <= _HUGE:
        return None
    big = np.maximum(np.abs(q).max(axis=-1), np.abs(y))
    out: FloatArray = np.ldexp(1.0, np.frexp(big)[1] - 1)
    return out


def crps_piecewise_linear(q: FloatArray, y: FloatArray, tau: FloatArray) -> FloatArray:
    """CRPS ``int (F(x) - 1{x >= y})**2 dx`` of the CDF through the points ``(q_k, tau_k)``,
    linear between them, with atoms ``tau_1`` at ``q_1`` and ``1 - tau_n`` at ``q_n``.

    Outside ``[q_1, q_n]`` the integrand is 1 between ``y`` and the nearest end. On a segment
    ``[a, b]`` where ``F`` rises linearly from ``u`` to ``v``, split at ``c = clip(y, a, b)``
    with ``F(c) = w``: ``(c - a)(u**2 + u w + w**2)/3 + (b - c)(u'**2 + u' v' + v'**2)/3``
    with ``u' = 1 - w``, ``v' = 1 - v`` (the integral of a square of a linear function).
    """
    yy = y[..., np.newaxis]
    a = q[..., :-1]
    b = q[..., 1:]
    u = tau[:-1]
    v = tau[1:]
    scale = _row_scale(q, y)
    if scale is not None:  # homogeneous: score the scaled rows, then scale back
        with np.errstate(over="ignore"):
            return np.asarray(
                crps_piecewise_linear(q / scale[..., np.newaxis], y / scale, tau) * scale,
                dtype=np.float64,
            )
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        c = np.clip(yy, a, b)
        width = b - a
        frac = np.where(width > 0.0, (c - a) / np.where(width > 0.0, width, 1.0), 0.0)
        w = u + (v - u) * frac
        left = (c - a) * (u * u + u * w + w * w)
        w1 = 1.0 - w
        v1 = 1.0 - v
        right = (b - c) * (w1 * w1 + w1 * v1 + v1 * v1)
        inner = (left + right).sum(axis=-1) / 3.0
        tails = np.maximum(q[..., 0] - y, 0.0) + np.maximum(y - q[..., -1], 0.0)
        out: FloatArray = np.asarray(inner + tails, dtype=np.float64)
    return out


def log_score_normal(y: FloatArray, loc: FloatArray, scale: FloatArray) -> FloatArray:
    """Normal negative log density ``z**2 / 2 + log(scale) + log(2 pi) / 2`` with
    ``z = (y - loc) / scale`` (in place on one temporary)."""
    with np.errstate(over="ignore"):  # z**2 beyond the float range: the score is inf
        z: FloatArray = np.empty(np.broadcast_shapes(y.shape, loc.shape, scale.shape))
        np.subtract(y, loc, out=z)
        z /= scale
        z *= z
        z *= 0.5
        z += np.log(scale)
        z += 0.5 * np.log(2.0 * np.pi)
    return z


def phi2_antiderivative(
    z: FloatArray, cdf: FloatArray, pdf: FloatArray, cdf_r2: FloatArray
) -> FloatArray:
    """``G(z) = z Phi(z)**2 + 2 Phi(z) phi(z) - Phi(z sqrt 2) / sqrt(pi)``, whose derivative is
    ``Phi(z)**2`` and whose limit at ``-inf`` is 0; ``cdf_r2`` is ``Phi(z sqrt 2)``."""
    zz = np.where(np.isinf(z), 0.0, z)  # G(-inf) = 0: every term vanishes
    out: FloatArray = zz * cdf * cdf + 2.0 * cdf * pdf - cdf_r2 / np.sqrt(np.pi)
    return out


def twcrps_normal(
    g_c: FloatArray, g_minus_c: FloatArray, g_lower: FloatArray, g_minus_upper: FloatArray
) -> FloatArray:
    """Threshold-weighted CRPS of the standard normal with weight ``1[lower <= z <= upper]``,
    from the antiderivative ``G`` of ``Phi**2``: with ``c = clip(z, lower, upper)``,
    ``int_lower^c Phi**2 + int_c^upper (1 - Phi)**2 = G(c) - G(lower) + G(-c) - G(-upper)``
    (using ``1 - Phi(z) = Phi(-z)``)."""
    out: FloatArray = (g_c - g_lower) + (g_minus_c - g_minus_upper)
    return out


def crps_weighted_ensemble(x: FloatArray, w: FloatArray, y: FloatArray) -> FloatArray:
    """CRPS of the weighted ensemble ``x`` (sorted on the last axis, weights ``w`` in the same
    order, each row summing to 1) at ``y``.

    ``sum_i w_i |x_i - y| - sum_i w_i x_(i) (C_(i-1) + C_i - 1)`` with ``C_i`` the cumulative
    weight up to member ``i``: the second sum is half of ``sum_ij w_i w_j |x_i - x_j|``.
    The coefficients ``w_i (C_(i-1) + C_i - 1)`` sum to 0 (``w_i (C_(i-1) + C_i)`` telescopes
    to ``C_m**2 = 1``), so the score is shift-invariant and is computed from each row's
    middle member, as in :func:`crps_sorted_ensemble`.
    """
    m = x.shape[-1]
    centre = x[..., m // 2 : m // 2 + 1]
    x = x - centre
    y = y - centre[..., 0]
    c = np.cumsum(w, axis=-1)
    coef = w * (2.0 * c - w - 1.0)  # C_(i-1) + C_i - 1 = 2 C_i - w_i - 1
    spread = np.einsum("...j,...j->...", x, coef)
    mae = np.einsum("...j,...j->...", np.abs(x - y[..., np.newaxis]), w)
    out: FloatArray = mae - spread
    return out
