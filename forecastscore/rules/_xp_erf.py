"""The error function in any Array API namespace: the library's own where it has one (JAX,
PyTorch, CuPy), else one written with the standard's elementwise functions alone.

What lives here: :func:`_erf` (which error function to use) and :func:`_erf_standard` (the
portable one, with its coefficients). What does not: any score; the Array API scores that need
an error function (the normal CRPS) are in :mod:`forecastscore.rules._xp`.
"""

from __future__ import annotations

from typing import Any


def _erf(xp: Any) -> Any:
    """The error function of the namespace's library, else :func:`_erf_standard` (the
    standard has none)."""
    import importlib

    name = getattr(xp, "__name__", "")
    for lib, module in (
        ("jax", "jax.scipy.special"),
        ("torch", "torch.special"),
        ("cupy", "cupyx.scipy.special"),
    ):
        if lib in name:
            try:
                return importlib.import_module(module).erf
            except ImportError:  # pragma: no cover - the library's own part is missing
                break
    return lambda x: _erf_standard(xp, x)


# The error function from the standard's elementwise functions alone, for libraries without
# one (array-api-strict, ...): for |x| < 1 its Taylor series (22 terms, the last below 1e-21),
# else 1 - erfc(|x|) with erfc(a) = exp(-a**2) h(t) / a, where h(t) = a erfcx(a) is smooth in
# t = (a - 3) / (a + 3) on [-1, 1) and given by its Chebyshev series (28 terms, computed with
# mpmath at 40 digits; within 2e-15 relative of scipy's erfcx for every a >= 1/2).
_ERFCX_CHEBYSHEV = (  # of h(t) = a erfcx(a)
    0.4238498997217616,
    0.22950771253870889,
    -0.12708692212220252,
    0.049637323354283024,
    -0.014309012679270452,
    0.0029479670696035535,
    -0.0003672737692045569,
    2.7883474943581456e-06,
    8.233476733405213e-06,
    -1.0395483366653778e-06,
    -1.3494731882023294e-07,
    4.145992503160527e-08,
    2.1375025470522402e-09,
    -1.5028713016736782e-09,
    -4.624512254045097e-11,
    5.729491014447024e-11,
    2.2836183539076204e-12,
    -2.3149417262846685e-12,
    -1.7391350732884061e-13,
    9.47955287546892e-14,
    1.3187108588576783e-14,
    -3.604080123921633e-15,
    -9.10856031010914e-16,
    1.0240979654267723e-16,
    5.612183662669228e-17,
    3.7582263641762543e-19,
    -2.9625009020343603e-18,
    -4.0805419601380313e-19,
)
#: 2/sqrt(pi) (-1)**n / (n! (2n + 1)): erf(x) = x sum_n c_n x**(2n)
_ERF_TAYLOR = (
    1.1283791670955126,
    -0.37612638903183754,
    0.11283791670955126,
    -0.026866170645131252,
    0.005223977625442188,
    -0.0008548327023450853,
    0.00012055332981789664,
    -1.492565035840625e-05,
    1.6462114365889248e-06,
    -1.6365844691234924e-07,
    1.4807192815879218e-08,
    -1.2290555301717928e-09,
    9.422759064650411e-11,
    -6.7113668551641105e-12,
    4.4632242632864775e-13,
    -2.7835162072109215e-14,
    1.6342614095367152e-15,
    -9.063970842808673e-17,
    4.763348040515068e-18,
    -2.3784598852774293e-19,
    1.131218725924631e-20,
    -5.136209054585811e-22,
)


def _erf_standard(xp: Any, x: Any) -> Any:
    """``erf(x)`` in any Array API namespace, within a few ulps (see the coefficients)."""
    a = xp.abs(x)
    small = a < 1.0
    xs = xp.where(small, x, xp.zeros_like(x))  # no overflow in the series for large |x|
    u = xs * xs
    series = xp.zeros_like(x)
    for c in _ERF_TAYLOR[::-1]:
        series = series * u + c
    near = xs * series
    # beyond 1e150 erfc is 0 (and big**2 stays finite)
    big = xp.minimum(xp.where(small, xp.ones_like(a), a), xp.asarray(1e150, dtype=a.dtype))
    t = (big - 3.0) / (big + 3.0)
    b1, b2 = xp.zeros_like(t), xp.zeros_like(t)
    for c in _ERFCX_CHEBYSHEV[:0:-1]:
        b1, b2 = 2.0 * t * b1 - b2 + c, b1
    h = t * b1 - b2 + _ERFCX_CHEBYSHEV[0]
    erfc = xp.exp(-(big * big)) * h / big
    far = xp.where(x < 0.0, erfc - 1.0, 1.0 - erfc)
    return xp.where(small, near, far)
