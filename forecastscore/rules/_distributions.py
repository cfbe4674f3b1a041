"""The CRPS of a forecast given as a frozen :mod:`scipy.stats` distribution: closed forms for
the common families, adaptive quadrature otherwise, each with its stated accuracy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from .. import _checks, _kernels
from .._dask import accepts_foreign
from . import _parametric
from ._inputs import Scores, _finish
from ._quantities import _any_missing, _real
from ._reduce import check_check, check_reduce, reduce_propagated

#: Relative tolerance of the numerical integration in :func:`crps`.
CRPS_RTOL = 1e-10


#: Absolute tolerance of the numerical integration in :func:`crps`, in units of ``scale``.
CRPS_ATOL = 1e-13


_QUADRATURE_BLOCK = 1 << 13


@accepts_foreign(n_arrays=2)
def crps(
    forecast: Any,
    outcome: Any,
    *,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Continuous ranked probability score of a distribution forecast (a loss).

    Lower is better. For a forecast distribution with cdf :math:`F` and the outcome
    :math:`y`,

    .. math::

        \mathrm{CRPS}(F, y) = \int_{-\infty}^{\infty}
            \bigl(F(x) - \mathbb{1}[y \le x]\bigr)^2\,dx
            = \mathbb{E}|X - y| - \tfrac{1}{2}\mathbb{E}|X - X'|

    with :math:`X, X'` independent draws from :math:`F` (Matheson and Winkler 1976 [1]_;
    Gneiting and Raftery 2007 [2]_). It is in the units of the outcome, reduces to the
    absolute error for a point mass, and is strictly proper among distributions with a
    finite mean.

    The forecast is a frozen ``scipy.stats`` continuous distribution, whose parameters may be
    arrays (one distribution per element): ``scipy.stats.norm(loc=mu, scale=sigma)``.
    Closed forms are used for these families, each written for the standardised outcome
    :math:`z = (y - \mathrm{loc}) / \mathrm{scale}` and multiplied by ``scale``:

    ============  ==============================================================  ==========
    family        CRPS at ``loc=0, scale=1``                                      source
    ============  ==============================================================  ==========
    ``norm``      :math:`z(2\Phi(z) - 1) + 2\varphi(z) - 1/\sqrt\pi`               [3]_
    ``logistic``  :math:`z - 2\log F(z) - 1`                                       [4]_
    ``laplace``   :math:`|z| + e^{-|z|} - 3/4`                                     [4]_
    ``expon``     :math:`|z| - 2F(z) + 1/2`                                        [4]_
    ``uniform``   :math:`|z - c| + c^2 - c + 1/3`, :math:`c = \min(\max(z, 0), 1)`  [4]_
    ``gamma``     :math:`z(2F_a(z) - 1) - a(2F_{a+1}(z) - 1) - 1/B(\tfrac12, a)`  [4]_
    ``lognorm``   :math:`z(2\Phi(w) - 1) - 2e^{s^2/2}(\Phi(w - s) + \Phi(s/\sqrt2)
                  - 1)`, :math:`w = \log(z)/s`                                     [4]_
    ``beta``      :math:`z(2F_{a,b}(z) - 1) + \frac{a}{a+b}\bigl(1 - 2F_{a+1,b}(z)
                  - \frac{2B(2a, 2b)}{aB(a,b)^2}\bigr)`                            [4]_
    ``t``         :math:`z(2F_\nu(z) - 1) + 2f_\nu(z)\frac{\nu + z^2}{\nu - 1}
                  - \frac{2\sqrt\nu\,B(\frac12, \nu - \frac12)}{(\nu - 1)
                  B(\frac12, \frac\nu2)^2}`, for :math:`1 < \nu < \infty`        [4]_
    ============  ==============================================================  ==========

    where :math:`F` is the family's standard cdf (for ``gamma`` with shape :math:`a`,
    ``beta`` with :math:`a, b`, Student ``t`` with :math:`\nu` degrees of freedom).

    A scale so small next to :math:`|y - \mathrm{loc}|` that :math:`z` overflows is a point
    mass at ``loc`` to working precision, and scores :math:`|y - \mathrm{loc}|`. The ``t``
    form is evaluated through ratios of gamma functions (``scipy.special.poch``) so that it
    stays accurate for any finite :math:`\nu` (it tends to the normal's); an infinite
    parameter is refused (for :math:`\nu = \infty` pass ``norm``).

    Every other continuous family (and ``t`` with :math:`\nu \le 1 + 10^{-4}`, where the closed
    form's two large terms cancel) is integrated numerically, vectorised over all elements:
    measured from the median :math:`m`, each half-line contributes
    :math:`t_y - \int_0^{t_y} T(2 - T)\,dt + \int_{t_y}^\infty T^2\,dt` (:math:`T` the
    tail probability beyond :math:`m \pm t`, :math:`t_y` the outcome's distance on that side),
    so that every integrand decays away from the median; each half-line is mapped by
    :math:`t = L(e^v - 1)` (:math:`L` the interquartile range, which turns algebraic tails into
    exponential ones) and integrated by adaptive Gauss-Kronrod (7-15) rules, each element
    bisected on its own until its error estimate is within tolerance. This path is some
    hundreds of times slower than a closed form (some 25 to 80 µs per element).

    **Accuracy.** The closed forms are within a relative ``1e-13`` of the exact CRPS of the
    given floats (checked against mpmath at 30 to 400 digits in ``tests/test_accuracy.py``)
    for any scale, outcomes from far below to far above the support and at the median, and
    shapes over their whole range: ``lognorm`` with ``s`` from 1e-8 to 40 (stable forms for a
    small and a large ``s``), ``gamma`` with shape 0.01 to 1e16 and ``beta`` with shapes up to
    1e12 (both rewritten so that no terms of size ``a`` cancel, with Stirling's series for
    the densities), ``t`` with ``df`` from 1.01 to infinity (from ``1 + 1e-4`` to 1.01 its two
    large terms cancel, and the error grows to about ``2e-16 / (df - 1)``, at most 2e-12).
    Two exceptions, each inherent in the floats: a forecast much narrower than its distance
    from 0 (``beta(1e12, 1e12)``, standard deviation 3.5e-7 around 0.5) is accurate to a few
    ulps of that distance relative to its spread; and a forecast that is nearly a point mass
    (``gamma`` or ``beta`` with a shape below 0.01) to about ``1e-16 * scale`` absolute.
    The numerical path is within
    ``CRPS_RTOL`` (1e-10) relative or ``CRPS_ATOL`` (1e-13) times ``scale`` absolute of the
    exact CRPS, whichever is larger, for heavy tails (Cauchy, half-Cauchy, Pareto with shape
    above 1/2), kinks in the density, outcomes an ulp from the median, in the far tails or
    outside the support, and any scale. Where the CRPS is infinite (a tail :math:`T` that
    decays like :math:`|x|^{-1/2}` or more slowly: Student t with :math:`\nu \le 1/2`,
    ``pareto(0.5)``, ``levy``), or so heavy-tailed that the integral cannot be finished
    within the float range, an error is raised rather than a wrong number returned.

    Parameters
    ----------
    forecast : frozen scipy.stats continuous distribution
        For example ``scipy.stats.norm(loc=[0, 1], scale=2)``; its parameters broadcast with
        ``outcome``. Discrete distributions are not supported.
    outcome : array_like of float, shape (...)
        What happened, as real numbers.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a NaN parameter or outcome counts as missing. Infinite
        values are always refused.
    reduce : {None, 'mean', 'sum'}, default None
        The elementwise scores (None), or their mean or sum as a numpy float64; as in
        :func:`brier_score`.
    weights : array_like of float, optional
        Sample weights (finite, >= 0) for ``reduce``; as in :func:`brier_score`.
    check : bool, default True
        Accepted for a uniform signature; the CRPS of a distribution always checks its
        parameters and outcomes (the checks cost little next to the special functions).

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The elementwise score, with the broadcast shape of the parameters and ``outcome``.

    Raises
    ------
    ForecastTypeError
        ``forecast`` is not a frozen continuous ``scipy.stats`` distribution (for an
        ensemble use :func:`crps_ensemble`), or the outcome is not numeric.
    InvalidForecastError
        Parameters that scipy finds invalid (``scale <= 0``, a shape out of range), infinite
        or NaN under ``nan_policy='raise'``, or an integral that does not converge; the
        message gives the position and the parameters there.
    InvalidOutcomeError
        An infinite outcome, or NaN under ``nan_policy='raise'``.
    ShapeError
        Parameters and outcome that do not broadcast.

    References
    ----------
    .. [1] Matheson, J. E. and Winkler, R. L. (1976). Scoring rules for continuous
       probability distributions. Management Science, 22(10), 1087-1096.
    .. [2] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction,
       and estimation. JASA, 102(477), 359-378.
    .. [3] Gneiting, T., Raftery, A. E., Westveld, A. H. and Goldman, T. (2005). Calibrated
       probabilistic forecasting using ensemble model output statistics and minimum CRPS
       estimation. Monthly Weather Review, 133(5), 1098-1118.
    .. [4] Jordan, A., Krüger, F. and Lerch, S. (2019). Evaluating probabilistic forecasts
       with scoringRules. Journal of Statistical Software, 90(12), 1-37 (closed forms
       collected in its appendix, with their original sources).

    Examples
    --------
    >>> from scipy import stats
    >>> from forecastscore.rules import crps
    >>> float(crps(stats.norm(0, 1), 0.0))   # 2 phi(0) - 1/sqrt(pi) = (sqrt 2 - 1)/sqrt(pi)
    0.2336...
    >>> crps(stats.uniform(loc=0, scale=[1, 2]), 0.5)
    array([0.0833..., 0.2916...])

    On [0, 1] the outcome 0.5 scores ``1/4 - 1/2 + 1/3 = 1/12``; on [0, 2] it is at
    ``z = 1/4`` and scores ``2 * (1/16 - 1/4 + 1/3) = 7/24``.
    """
    policy = _checks.check_nan_policy(nan_policy)
    how = check_reduce(reduce, weights, ("forecast", forecast), ("outcome", outcome))
    check_check(check)
    if how is not None:  # the elementwise scores (missing ones NaN), then reduced
        inner = "propagate" if policy == "omit" else policy
        return reduce_propagated(crps(forecast, outcome, nan_policy=inner), policy, how, weights)
    family, params = _checks.as_frozen_distribution(forecast, "forecast")
    y, y_nan = _real(outcome, "outcome", policy, outcome=True)
    p_shape = _parameter_shape(params, family.name)
    if policy == "raise" and family.name in _parametric.FAMILIES and _has_closed_form(family):
        # the shortcut of crps_normal: two reductions prove the inputs clean
        _checks.broadcast_shape(p_shape, y.shape, ("forecast parameters", "outcome"))
        fast = _parametric.optimistic_crps(family.name, params["loc"], params["scale"], y)
        if fast is not None:
            return _finish(fast, None, policy)
    support = None
    if _has_closed_form(family):
        # scipy's own rule for each of these families: every parameter but loc is > 0
        valid = np.ones((), dtype=bool)
        for key, value in params.items():
            if key != "loc":
                valid = valid & (value > 0)
    else:
        support = _support(forecast)
        valid = ~(np.isnan(support[0]) | np.isnan(support[1]))
    p_nan = _checks.check_distribution_parameters(params, valid, family.name, "forecast", policy)
    shape = _checks.broadcast_shape(p_shape, y.shape, ("forecast parameters", "outcome"))
    missing = _any_missing(shape, p_nan, y_nan)
    scores = _crps_closed_form(family, params, y) if support is None else None
    if scores is None:
        support = _support(forecast) if support is None else support
        scores = _crps_quadrature(family, params, support, y, shape, missing)
    return _finish(np.broadcast_to(scores, shape), missing, policy)


def _parameter_shape(params: dict[str, npt.NDArray[np.float64]], family: str) -> tuple[int, ...]:
    """The broadcast shape of a forecast's parameters, or :class:`ShapeError` naming the
    distribution and the two parameters that do not broadcast together."""
    shape: tuple[int, ...] = ()
    seen: list[str] = []
    for key, value in params.items():
        if value.shape:
            names = (
                f"forecast (scipy.stats.{family}) parameters {', '.join(seen)}"
                if len(seen) > 1
                else f"forecast (scipy.stats.{family}) parameter {seen[0] if seen else key}",
                f"parameter {key!r}",
            )
            shape = _checks.broadcast_shape(shape, value.shape, names)
            seen.append(repr(key))
    return shape


_CLOSED_FORMS = ("norm", "logistic", "laplace", "expon", "uniform", "gamma", "lognorm", "beta", "t")


def _has_closed_form(family: Any) -> bool:
    """True for scipy's own families listed in ``_CLOSED_FORMS`` (not for a subclass)."""
    from scipy import stats

    name = getattr(family, "name", None)
    return name in _CLOSED_FORMS and type(family) is type(getattr(stats, name))


def _support(forecast: Any) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    with np.errstate(all="ignore"):  # invalid parameters give NaN, reported by the caller
        lo, hi = forecast.support()
    return np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)


def _crps_closed_form(
    family: Any, params: dict[str, npt.NDArray[np.float64]], y: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64] | None:
    """The CRPS by a closed form, or ``None`` if this parameter range has none (Student t
    with ``df <= 1``); only called when :func:`_has_closed_form` is true."""
    from scipy import special

    name = family.name
    loc, scale = params["loc"], params["scale"]
    with np.errstate(over="ignore"):
        z_all = (y - loc) / scale
    # A scale so small next to |y - loc| that z overflows: the distribution is a point mass
    # at loc to working precision, and the CRPS is the absolute error.
    point_mass = np.isinf(z_all)
    z = np.where(point_mass, 0.0, z_all)
    k: npt.NDArray[np.float64]
    if name in _parametric.FAMILIES:  # norm, logistic, laplace: the kernels crps_normal uses
        k = _parametric.standard_crps(name, z)
    elif name == "expon":
        k = _kernels.crps_exponential(z)
    elif name == "uniform":
        k = _kernels.crps_uniform(z)
    elif name == "gamma":
        a = params["a"]
        zp = np.maximum(z, 0.0)
        half_spread = _half_ratio(a) / np.sqrt(np.pi)  # 1 / B(1/2, a)
        # (scipy's gammainc can exceed 1 by 2e-14 for a tiny shape)
        cdf = np.clip(special.gammainc(a, zp), 0.0, 1.0)
        k = _kernels.crps_gamma(z, a, cdf, _gamma_z_pdf(a, zp), half_spread)
    elif name == "lognorm":
        s = params["s"]
        with np.errstate(divide="ignore"):
            w = np.log(np.maximum(z, 0.0)) / s
        narrow = s <= _LOGNORMAL_NARROW
        k = np.where(
            narrow,
            _crps_lognormal_narrow(z, np.where(narrow, s, _LOGNORMAL_NARROW), w),
            _kernels.crps_lognormal(z, special.erf(w / np.sqrt(2.0)), _lognormal_gap(s, w)),
        )
    elif name == "beta":
        a, b = params["a"], params["b"]
        c = np.clip(z, 0.0, 1.0)
        # 2 B(2a, 2b) / ((a + b) B(a, b)**2), by the duplication formula
        # Gamma(2x) = 2**(2x - 1) Gamma(x) Gamma(x + 1/2) / sqrt(pi), as ratios poch(x, 1/2)
        # (grouped so that nothing underflows for tiny a and b)
        half_spread = (
            (_half_ratio(a) / (a + b)) * (_half_ratio(b) / _half_ratio(a + b)) / np.sqrt(np.pi)
        )
        k = _kernels.crps_beta(
            z, a / (a + b), special.betainc(a, b, c), _beta_density_term(a, b, c), half_spread
        )
    elif name == "t":
        df = params["df"]
        # Near df = 1 the two terms of the closed form each grow like 1 / (df - 1) and
        # cancel (relative error ~ 1e-16 / (df - 1)); there, and for df <= 1, integrate.
        if not np.all((df > 1.0 + _T_CLOSED_FORM_MARGIN) & np.isfinite(df) | np.isnan(df)):
            return None
        k = _crps_t_kernel(z, df)
    else:
        return None
    with np.errstate(over="ignore"):
        out = np.where(point_mass, np.abs(y - loc), scale * k)
    return np.asarray(out, dtype=np.float64)


#: From this shape on, the gamma and beta densities are taken by Stirling's series.
_STIRLING_FROM = 10.0


def _log1pmx(t: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """``log(1 + t) - t`` for ``t >= -1``, without cancellation near ``t = 0``.

    For ``|t| <= 1/4``: with ``u = t / (2 + t)``, ``log(1 + t) = 2 atanh(u)`` and
    ``t = 2u + 2u**2 / (1 - u)``, so the difference is ``-2u**2 / (1 - u) + 2 (u**3/3 +
    u**5/5 + ...)``, a series in ``u**2 <= 1/81`` (twelve terms reach 1e-23).
    """
    t = np.asarray(t, dtype=np.float64)
    small = np.abs(t) <= 0.25
    ts = np.where(small, t, 0.0)
    u = ts / (2.0 + ts)
    u2 = u * u
    series = np.zeros_like(u)
    for k in range(25, 1, -2):
        series = u2 * (1.0 / k + series)
    near = -2.0 * u2 / (1.0 - u) + 2.0 * u * series
    with np.errstate(divide="ignore"):  # t = -1 gives -inf, as it should
        far = np.log1p(np.where(small, 0.0, t)) - t
    return np.asarray(np.where(small, near, far), dtype=np.float64)


def _stirling_error(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """``log Gamma(x) - ((x - 1/2) log x - x + log(2 pi) / 2)`` for ``x >= 10``: Stirling's
    series ``sum_k B_2k / (2k (2k - 1) x**(2k - 1))`` to ``k = 7``, whose next term is below
    3e-17 there."""
    r = 1.0 / x
    r2 = r * r
    coef = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156)
    poly = np.zeros_like(r)
    for c in reversed(coef):
        poly = c + r2 * poly
    return np.asarray(r * poly, dtype=np.float64)


def _half_ratio(x: npt.NDArray[np.float64]) -> Any:
    """``Gamma(x + 1/2) / Gamma(x)`` for ``x > 0``, to a few ulps.

    For ``x >= 10`` by Stirling's formula: ``sqrt(x) exp(x log1pmx(1/(2x))
    + stirling_error(x + 1/2) - stirling_error(x))``; below, ``gamma(x + 1/2) * rgamma(x)``.
    """
    from scipy import special

    x = np.asarray(x, dtype=np.float64)
    big = x >= _STIRLING_FROM
    xb = np.where(big, x, _STIRLING_FROM)
    xs = np.where(big, 1.0, x)
    with np.errstate(under="ignore"):
        stirling = np.sqrt(xb) * np.exp(
            xb * _log1pmx(0.5 / xb) + _stirling_error(xb + 0.5) - _stirling_error(xb)
        )
        direct = special.gamma(xs + 0.5) * special.rgamma(xs)
    return np.where(big, stirling, direct)


def _gamma_z_pdf(a: npt.NDArray[np.float64], z: npt.NDArray[np.float64]) -> Any:
    """``z**a exp(-z) / Gamma(a)`` for ``z >= 0`` (``z`` times the gamma density).

    For ``a >= 10`` its logarithm is written as ``a log1pmx((z - a) / a) + log(a / (2 pi)) / 2
    - stirling_error(a)``, in which nothing of size ``a`` cancels; below, directly.
    """
    from scipy import special

    big = a >= _STIRLING_FROM
    ab = np.where(big, a, _STIRLING_FROM)
    with np.errstate(divide="ignore", over="ignore", under="ignore"):
        stirling = np.exp(
            ab * _log1pmx((z - ab) / ab) + 0.5 * np.log(ab / (2 * np.pi)) - _stirling_error(ab)
        )
        direct = np.exp(special.xlogy(a, z) - z - special.gammaln(a))
    return np.where(big, stirling, direct)


def _beta_density_term(
    a: npt.NDArray[np.float64], b: npt.NDArray[np.float64], c: npt.NDArray[np.float64]
) -> Any:
    """``2 c**a (1 - c)**b / ((a + b) B(a, b))`` for ``0 <= c <= 1``.

    For ``a, b >= 10`` the logarithm of ``c**a (1 - c)**b / B(a, b)`` is written with the
    mean ``m = a / (a + b)`` as ``a log1pmx(c/m - 1) + b log1pmx((1 - c)/(1 - m) - 1)
    + log(ab / (2 pi (a + b))) / 2`` plus the Stirling errors (Stirling's formula for each
    gamma function; the first-order terms ``a (c/m - 1) + b ((1-c)/(1-m) - 1)`` are exactly
    0), so that no term of size ``a`` or ``b`` cancels; otherwise directly.
    """
    from scipy import special

    big = (a >= _STIRLING_FROM) & (b >= _STIRLING_FROM)
    ab_ = np.where(big, a, _STIRLING_FROM)
    bb = np.where(big, b, _STIRLING_FROM)
    n = ab_ + bb
    m = ab_ / n
    with np.errstate(divide="ignore", over="ignore", under="ignore"):
        log_stirling = (
            ab_ * _log1pmx((c - m) / m)
            + bb * _log1pmx((m - c) / (1.0 - m))
            + 0.5 * np.log(ab_ / (2 * np.pi) * (bb / n))
            + _stirling_error(n)
            - _stirling_error(ab_)
            - _stirling_error(bb)
        )
        log_direct = special.xlogy(a, c) + special.xlog1py(b, -c) - special.betaln(a, b)
        out = 2.0 * np.exp(np.where(big, log_stirling, log_direct) - np.log(a + b))
    return out


#: Lognormal shapes up to this one use :func:`_kernels.crps_lognormal_narrow`.
_LOGNORMAL_NARROW = 0.25
# Gauss-Legendre rule with 8 nodes on [0, 1], for Phi(w) - Phi(w - s) with s <= 1/4
_GL8_NODES, _GL8_WEIGHTS = (
    0.5 * (np.polynomial.legendre.leggauss(8)[0] + 1.0),
    0.5 * np.polynomial.legendre.leggauss(8)[1],
)


def _crps_lognormal_narrow(z: Any, s: Any, w: Any) -> Any:
    """The lognormal kernel for ``s <= 1/4`` (see :func:`_kernels.crps_lognormal_narrow`).

    ``Phi(w) - Phi(w - s)`` is the integral of the normal density over ``[w - s, w]``, taken
    by an 8-node Gauss-Legendre rule: its error is below 1e-17 relative for ``s <= 1/4``,
    where a difference of two cdf values would lose ``log10(1/s)`` digits.
    """
    from scipy import special

    t = (w - s)[..., np.newaxis] + s[..., np.newaxis] * _GL8_NODES
    with np.errstate(under="ignore", invalid="ignore"):
        dens = np.exp(-0.5 * t * t) / np.sqrt(2 * np.pi)
        band = s * np.where(np.isneginf(w), 0.0, dens @ _GL8_WEIGHTS)
    em1 = np.expm1(0.5 * s * s)
    return _kernels.crps_lognormal_narrow(z - 1.0, special.ndtr(w), em1, band, special.erf(0.5 * s))


def _lognormal_gap(s: npt.NDArray[np.float64], w: npt.NDArray[np.float64]) -> Any:
    """``exp(s**2 / 2) (Phi(w - s) - Phi(-s / sqrt 2))`` without cancellation or overflow.

    Where both arguments are at most -1 each term is taken as ``erfcx(x) exp(...)`` with the
    exponents combined (``exp(s**2/2) Phi(-s/sqrt 2) = erfcx(s/2) exp(s**2/4) / 2``), so that
    ``exp(s**2 / 2)`` is never formed for a large ``s``; elsewhere the difference of normal
    cdfs is a difference of ``erf`` values, exact to rounding near 0 (small ``s``).
    """
    from scipy import special

    p, q = w - s, -s / np.sqrt(2.0)
    tails = (p <= -1.0) & (q <= -1.0)
    r2 = np.sqrt(2.0)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        # exp(s**2/2) Phi(p) = erfcx(-p/sqrt2) exp(s**2/2 - p**2/2) / 2, exponent w (2s - w) / 2
        expo = np.where(np.isneginf(w), -np.inf, 0.5 * w * (2.0 * s - w))
        far = 0.5 * (
            special.erfcx(-p / r2) * np.exp(expo) - special.erfcx(s / 2.0) * np.exp(s * s / 4.0)
        )
        near = 0.5 * np.exp(0.5 * s * s) * (special.erf(p / r2) - special.erf(q / r2))
    return np.where(tails, far, near)


#: Student t forecasts with ``1 < df <= 1 + _T_CLOSED_FORM_MARGIN`` go to the quadrature.
_T_CLOSED_FORM_MARGIN = 1e-4


def _crps_t_kernel(z: npt.NDArray[np.float64], df: npt.NDArray[np.float64]) -> Any:
    """The Student t kernel, written to stay accurate for large ``df`` and ``|z|``.

    Gamma-function ratios are taken by :func:`_half_ratio`, without the cancellation of a
    difference of two ``gammaln`` values near ``log Gamma(df)`` (that difference loses all
    digits by ``df = 1e15``; ``scipy.special.poch(x, 1/2)`` is off by 2e-12 at ``x = 1e4``), and
    ``f(z) (df + z**2)`` is taken in logs so that ``z**2`` never overflows.
    """
    from scipy import special

    log_df = np.log(df)
    with np.errstate(over="ignore"):
        u = (z / np.sqrt(df)) ** 2
    with np.errstate(divide="ignore"):  # only where u overflowed, so z != 0
        log1p_u = np.where(np.isinf(u), 2.0 * np.log(np.abs(z)) - log_df, np.log1p(u))
    ratio = _half_ratio(0.5 * df)  # Gamma((df+1)/2) / Gamma(df/2)
    # f(z) (df + z**2) = ratio / sqrt(df pi) (1 + u)**(-(df+1)/2) df (1 + u)
    with np.errstate(under="ignore"):
        pdf_df_z2 = np.exp(
            np.log(ratio) + 0.5 * (log_df - np.log(np.pi)) - 0.5 * (df - 1.0) * log1p_u
        )
    # B(1/2, df - 1/2) / B(1/2, df/2)**2 = poch(df/2, 1/2)**2 / (sqrt(pi) poch(df - 1/2, 1/2))
    spread = 2.0 * np.sqrt(df) / (df - 1.0) * ratio**2 / (np.sqrt(np.pi) * _half_ratio(df - 0.5))
    return _kernels.crps_t(z, df, special.stdtr(df, z), pdf_df_z2, spread)


def _crps_quadrature(
    family: Any,
    params: dict[str, npt.NDArray[np.float64]],
    support: tuple[Any, Any],
    y: npt.NDArray[np.float64],
    shape: tuple[int, ...],
    missing: npt.NDArray[np.bool_] | None,
) -> npt.NDArray[np.float64]:
    """The CRPS by adaptive Gauss-Kronrod quadrature, vectorised over the elements in
    blocks (see :func:`_crps_integral`); ``check_converged`` refuses what did not converge."""
    # Integrate in standard units u = (x - loc) / scale, where the tolerances mean the same
    # thing for every element, and scale back.
    shapes = [k for k in params if k not in ("loc", "scale")]
    loc, scale = params["loc"], params["scale"]
    with np.errstate(over="ignore", invalid="ignore"):
        z = (y - loc) / scale
        lo, hi = ((s - loc) / scale for s in support)
    # As in the closed forms: a scale so small that z overflows is a point mass at loc.
    point_mass = np.broadcast_to(np.isinf(z), shape)
    z = np.where(point_mass, 0.0, z)
    full = [np.broadcast_to(a, shape) for a in (z, lo, hi, *(params[k] for k in shapes))]
    active = (np.ones(shape, dtype=bool) if missing is None else ~missing) & ~point_mass
    flat = [a[active] for a in full]
    out = np.full(shape, np.nan)
    done = np.empty(flat[0].size)
    ok = np.empty(flat[0].size, dtype=bool)
    for start in range(0, done.size, _QUADRATURE_BLOCK):
        sl = slice(start, start + _QUADRATURE_BLOCK)
        zz, a, b, *args = (arr[sl] for arr in flat)
        done[sl], ok[sl] = _crps_integral(family, zz, a, b, args)
    converged = np.ones(shape, dtype=bool)
    converged[active] = ok
    _checks.check_converged(converged, params, y, family.name, "forecast")
    out[active] = done
    with np.errstate(over="ignore"):
        result = np.where(point_mass, np.abs(y - loc), np.broadcast_to(scale, shape) * out)
    return np.asarray(result, dtype=np.float64)


# Gauss-Kronrod 7-15 rule on [-1, 1] (Piessens et al., QUADPACK qk15): Kronrod nodes for
# x >= 0 (the Gauss nodes are every other one, from the second) and their weights.
_GK_X = np.array(
    [
        0.991455371120812639206854697526329,
        0.949107912342758524526189684047851,
        0.864864423359769072789712788640926,
        0.741531185599394439863864773280788,
        0.586087235467691130294144845693013,
        0.405845151377397166906606412076961,
        0.207784955007898467600689403773245,
        0.0,
    ]
)
_GK_WK = np.array(
    [
        0.022935322010529224963732008058970,
        0.063092092629978553290700663189204,
        0.104790010322250183839876322541518,
        0.140653259715525918745189590510238,
        0.169004726639267902826583426598550,
        0.190350578064785409913256402421014,
        0.204432940075298892414161999234649,
        0.209482141084727828012999174891714,
    ]
)
_GK_WG = np.array(
    [
        0.129484966168869693270611432679082,
        0.279705391489276667901467771423780,
        0.381830050505118944950369775488975,
        0.417959183673469387755102040816327,
    ]
)
#: The 15 nodes on [-1, 1], and the Kronrod and Gauss weights of each (Gauss: 0 off its nodes)
_NODES = np.concatenate([-_GK_X[:-1], _GK_X[::-1]])
_W_KRONROD = np.concatenate([_GK_WK[:-1], _GK_WK[::-1]])
_W_GAUSS = np.zeros(15)
_W_GAUSS[[1, 3, 5]] = _GK_WG[:3]
_W_GAUSS[[13, 11, 9]] = _GK_WG[:3]
_W_GAUSS[7] = _GK_WG[3]

#: Where the integration in :func:`_crps_integral` stops, in standard units from the median;
#: what lies beyond must be negligible (else the integral is refused).
_FAR = 1e300
#: Initial breakpoints of each half-line in the variable ``v = log1p(t / L)``.
_GRID = np.concatenate([[0.0], np.ldexp(1.0, np.arange(-4, 10))])
#: Most rounds of bisection in :func:`_crps_integral`.
_MAX_ROUNDS = 60


def _crps_integral(
    family: Any,
    z: npt.NDArray[np.float64],
    lo: npt.NDArray[np.float64],
    hi: npt.NDArray[np.float64],
    args: list[npt.NDArray[np.float64]],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """The CRPS in standard units, ``int (F(x) - 1[x >= z])**2 dx``, and whether it converged.

    Measured from the median ``m``, with ``T = 1 - F`` above it and ``T = F`` below it and
    ``t = |x - m|``, each half-line contributes (``t_z`` the distance of the outcome on that
    side, else 0)

        ``t_z - int_0^t_z T (2 - T) dt + int_t_z^inf T**2 dt``,

    (``F**2 = 1 - T (2 - T)`` between the median and the outcome), so that every integrand
    decays away from the median and the pieces never run from a flat stretch into a tail.
    Each half-line is mapped by ``t = L expm1(v)`` (``L`` the interquartile range), which
    turns algebraic tails into exponential ones, cut at ``t = 1e300`` (where the rest must be
    negligible: it is not when the tail of ``T**2`` is as heavy as ``1/t``, and the CRPS is
    infinite), split at the outcome, the support's end and ``v = 0, 1/16, 1/8, ..., 512``,
    and integrated by Gauss-Kronrod 7-15 rules. An element is done when the sum of its
    pieces' error estimates ``|K15 - G7|`` is at most a quarter of ``CRPS_RTOL`` times its
    value (or of ``CRPS_ATOL``); until then its pieces whose error exceeds their share are
    bisected. Every element is bisected separately, so a kink or a difficult outcome in
    one element costs nothing to the others.
    """
    n = z.size
    with np.errstate(all="ignore"):  # invalid parameters were refused; rounding is harmless
        m = np.asarray(family.median(*args), dtype=np.float64)
        q1 = np.asarray(family.ppf(0.25, *args), dtype=np.float64)
        q3 = np.asarray(family.ppf(0.75, *args), dtype=np.float64)
    m = np.broadcast_to(m, z.shape)
    m = np.where(np.isfinite(m), np.clip(m, lo, hi), np.clip(z, lo, hi))
    m = np.where(np.isfinite(m), m, 0.0)
    iqr = np.broadcast_to(q3 - q1, z.shape)
    ell = np.where(np.isfinite(iqr) & (iqr > 0), iqr, 1.0)
    ell = np.maximum(ell, 64.0 * np.spacing(np.abs(m)))
    total = np.zeros(n)
    err = np.zeros(n)
    ok = np.ones(n, dtype=bool)
    owners, lefts, rights, uppers, nears = [], [], [], [], []
    for upper in (True, False):
        sign = 1.0 if upper else -1.0
        with np.errstate(invalid="ignore", over="ignore"):
            edge = np.maximum(sign * ((hi if upper else lo) - m), 0.0)
            t_z = np.maximum(sign * (z - m), 0.0)
        total += t_z
        v_far = np.log1p(_FAR / ell)
        v_edge = np.minimum(np.log1p(edge / ell), v_far)
        v_z = np.minimum(np.log1p(np.minimum(t_z, edge) / ell), v_edge)
        # Beyond t = 1e300 (when the support reaches that far) the rest of the integral is
        # about T**2 t there, plus T (2 - T) times the distance the outcome lies beyond:
        # both must be negligible. And T**2 t must visibly decay between t = 1e50 and 1e100
        # (or be negligible already), so that a tail that scipy rounds to 0 far out (its
        # Student t with df < 1 has sf = 0 beyond 1e200) cannot pass for a light one.
        beyond = edge > _FAR
        if beyond.any():
            g50, g100, g_far = (
                _tail(family, m + sign * far, upper, args) ** 2 * far for far in (1e50, 1e100, _FAR)
            )
            t_far = _tail(family, m + sign * _FAR, upper, args)
            rest = g_far + 2.0 * t_far * np.maximum(t_z - _FAR, 0.0)
            negligible = 1e-3 * CRPS_ATOL
            decays = (g50 <= negligible) | (g100 <= 1e-3 * g50)
            ok &= ~beyond | ((rest <= negligible) & decays)
        pts = np.sort(
            np.concatenate(
                [np.minimum(_GRID, v_edge[:, None]), v_z[:, None], v_edge[:, None]], axis=1
            ),
            axis=1,
        )
        a, b = pts[:, :-1], pts[:, 1:]
        keep = b > a
        owner = np.broadcast_to(np.arange(n)[:, None], a.shape)[keep]
        owners.append(owner)
        lefts.append(a[keep])
        rights.append(b[keep])
        uppers.append(np.full(owner.size, upper))
        nears.append(b[keep] <= v_z[owner])
    owner = np.concatenate(owners)
    left, right = np.concatenate(lefts), np.concatenate(rights)
    upper_, near = np.concatenate(uppers), np.concatenate(nears)
    value, error = _gauss_kronrod(family, left, right, upper_, near, owner, m, ell, args)
    settled = np.zeros(n, dtype=bool)
    for _ in range(_MAX_ROUNDS):
        signed = np.where(near, -value, value)
        est = total + np.bincount(owner, signed, minlength=n)
        err_sum = err + np.bincount(owner, error, minlength=n)
        count = np.bincount(owner, minlength=n)
        tol = 0.25 * np.maximum(CRPS_RTOL * np.abs(est), CRPS_ATOL)
        bad = ~np.isfinite(est) | ~np.isfinite(err_sum)
        finished = (err_sum <= tol) | bad
        ok &= ~bad
        new = finished & ~settled
        settled |= finished
        total = np.where(new, est, total)
        drop = finished[owner]
        owner, left, right = owner[~drop], left[~drop], right[~drop]
        upper_, near, value, error = upper_[~drop], near[~drop], value[~drop], error[~drop]
        if owner.size == 0:
            break
        share = tol[owner] / (2.0 * count[owner])
        mid = 0.5 * (left + right)
        split = (error > share) & (mid > left) & (mid < right)
        if not split.any():
            break
        # the pieces that stay are folded into the running totals of their elements
        stay = ~split
        np.add.at(total, owner[stay], np.where(near[stay], -value[stay], value[stay]))
        np.add.at(err, owner[stay], error[stay])
        o2 = np.concatenate([owner[split], owner[split]])
        l2 = np.concatenate([left[split], mid[split]])
        r2 = np.concatenate([mid[split], right[split]])
        u2 = np.concatenate([upper_[split], upper_[split]])
        n2 = np.concatenate([near[split], near[split]])
        v2, e2 = _gauss_kronrod(family, l2, r2, u2, n2, o2, m, ell, args)
        owner, left, right, upper_, near, value, error = o2, l2, r2, u2, n2, v2, e2
    ok &= settled
    return total, ok & np.isfinite(total)


def _tail(family: Any, x: Any, upper: bool, args: list[Any]) -> Any:
    """``1 - F(x)`` (upper) or ``F(x)``, with scipy's warnings of over- and underflow off."""
    with np.errstate(all="ignore"):
        return np.asarray(family.sf(x, *args) if upper else family.cdf(x, *args))


def _gauss_kronrod(
    family: Any,
    left: npt.NDArray[np.float64],
    right: npt.NDArray[np.float64],
    upper: npt.NDArray[np.bool_],
    near: npt.NDArray[np.bool_],
    owner: npt.NDArray[np.intp],
    m: npt.NDArray[np.float64],
    ell: npt.NDArray[np.float64],
    args: list[npt.NDArray[np.float64]],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Integrals over ``[left, right]`` in ``v`` of ``T (2 - T)`` (``near``) or ``T**2`` times
    ``dt/dv = L e**v``, by the 15-point Kronrod rule, and ``|K15 - G7|``."""
    half = 0.5 * (right - left)
    v = (0.5 * (left + right))[:, None] + half[:, None] * _NODES
    log_ell = np.log(ell[owner])[:, None]
    with np.errstate(over="ignore"):
        # L expm1(v), written so that it cannot overflow while the result is below 1e300
        t = np.where(v < 50.0, ell[owner][:, None] * np.expm1(v), np.exp(v + log_ell))
        dt = t + ell[owner][:, None]
    x = m[owner][:, None] + np.where(upper, 1.0, -1.0)[:, None] * t
    tt = np.zeros_like(x)
    for side in (True, False):
        sel = upper == side
        if sel.any():
            tt[sel] = _tail(family, x[sel], side, [a[owner[sel]][:, None] for a in args])
    f = np.where(near[:, None], tt * (2.0 - tt), tt * tt)
    with np.errstate(invalid="ignore", over="ignore"):
        f = np.where(f == 0.0, 0.0, f * dt)
    kronrod = half * (f @ _W_KRONROD)
    gauss = half * (f @ _W_GAUSS)
    return kronrod, np.abs(kronrod - gauss)
