"""Accuracy of every score in forecastscore.rules against a high-precision oracle (mpmath).

Each expected value here is computed by mpmath at 30 to 400 significant digits from the
score's definition (for the CRPS: the integral of ``(F(x) - 1[y <= x])**2`` with the family's
cdf written out, or the published closed form evaluated in high precision), never by the code
under test. The points are the extremes a float implementation gets wrong: tiny and huge scales
and shapes, outcomes at the median, at the edge of the support and in the far tails, heavy
tails, and probabilities within an ulp of 0 or 1. Tolerances are the accuracies the library
states: a few ulps for the elementwise scores, ``1e-13`` relative for the CRPS closed forms and
``CRPS_RTOL`` (``1e-10``) for the CRPS quadrature.
"""

import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from scipy import stats

import forecastscore as fs
from forecastscore.rules import CRPS_ATOL, CRPS_RTOL, crps

EPS = np.finfo(float).eps
CLOSED_FORM_RTOL = 1e-13


TINY = 5e-324  # below this a result underflows: the error allowed is absolute there


def rel_err(got, exact):
    """Relative error of ``got``; a result that underflows (|exact| below the subnormal
    range's resolution) counts the absolute error in units of the smallest subnormal."""
    exact = mp.mpf(exact)
    diff = abs(mp.mpf(float(got)) - exact)
    if diff <= TINY:
        return 0.0
    return float(diff / abs(exact))


# =========================================================================================
# binary and categorical scores: within a few ulps
# =========================================================================================


@pytest.mark.parametrize("p", [5e-324, 1e-300, 1e-17, 0.3, 0.5, 1 - 2**-53, 1.0 - 1e-10, 1.0])
@pytest.mark.parametrize("y", [0, 1])
def test_brier_score_is_exact_to_rounding(p, y):
    exact = (Fraction(p) - y) ** 2  # the float p as an exact rational
    got = fs.brier_score(p, y)
    assert rel_err(got, mp.mpf(exact.numerator) / exact.denominator) <= 2 * EPS


@pytest.mark.parametrize(
    "p, y",
    [
        (5e-324, 1),  # the smallest subnormal: -ln(5e-324) = 744.44
        (1e-300, 1),
        (1e-300, 0),  # -ln(1 - 1e-300): the tiny-probability branch, 1e-300 nats
        (1e-17, 0),
        (2**-27, 0),
        (0.3, 1),
        (0.3, 0),
        (1 - 2**-53, 1),
        (1 - 2**-53, 0),
        (0.5, 1),
    ],
)
@pytest.mark.parametrize("base", [None, 2.0, 10.0, 3.0, 7.5, 1.0001])
def test_log_score_within_a_few_ulps_in_every_base(p, y, base):
    with mp.workdps(40):
        # -ln q for q = p, or q = 1 - p by log1p (1 - 1e-300 is 1 at any modest precision)
        nats = -mp.log(mp.mpf(p)) if y else -mp.log1p(-mp.mpf(p))
        exact = nats if base is None else nats / mp.log(base)
    got = fs.log_score(p, y, base=base)
    assert rel_err(got, exact) <= 4 * EPS


@pytest.mark.parametrize("p", [5e-324, 1e-300, 1e-9, 0.3, 0.5, 1 - 2**-53, 1.0])
@pytest.mark.parametrize("y", [0, 1])
def test_spherical_score_within_a_few_ulps(p, y):
    with mp.workdps(40):
        pm = mp.mpf(p)
        py = pm if y else 1 - pm
        exact = 1 - py / mp.sqrt(pm**2 + (1 - pm) ** 2)
    got = fs.spherical_score(p, y)
    if exact < mp.mpf(10) ** -300:  # a score below the normal range: absolute error
        assert abs(float(got) - float(exact)) <= 1e-300
    else:
        assert rel_err(got, exact) <= 4 * EPS


CATEGORICAL_ROWS = [
    [1e-300, 1 - 1e-300 - 2**-60, 2**-60],
    [0.2, 0.5, 0.3],
    [1 - 2**-52, 2**-53, 2**-53],
    [0.1] * 10,
]


@pytest.mark.parametrize("row", CATEGORICAL_ROWS)
def test_categorical_scores_within_a_few_ulps(row):
    with mp.workdps(40):
        p = [mp.mpf(v) for v in row]
        norm = mp.sqrt(sum(v * v for v in p))
        for k in range(len(row)):
            brier = sum((v - (1 if j == k else 0)) ** 2 for j, v in enumerate(p))
            assert rel_err(fs.categorical_brier_score(row, k), brier) <= 8 * EPS
            assert rel_err(fs.categorical_log_score(row, k), -mp.log(p[k])) <= 4 * EPS
            assert rel_err(fs.categorical_log_score(row, k, base=3), -mp.log(p[k], 3)) <= 4 * EPS
            spherical = 1 - p[k] / norm
            assert rel_err(fs.categorical_spherical_score(row, k), spherical) <= 8 * EPS
            cum = [sum(p[: j + 1]) for j in range(len(p) - 1)]
            rps = sum((c - (1 if k <= j else 0)) ** 2 for j, c in enumerate(cum))
            got = fs.ranked_probability_score(row, k)
            # the cumulative sums round once per category: the error is absolute
            assert abs(float(got) - float(rps)) <= 4 * len(row) * EPS


@pytest.mark.parametrize(
    "q, y, level",
    [(1e300, -1e300, 0.3), (1e-300, 2e-300, 0.9), (1.0, 1.0 + 2**-52, 0.5), (-7.5, 1e15, 0.01)],
)
def test_quantile_and_interval_scores_are_exact_to_rounding(q, y, level):
    d = Fraction(y) - Fraction(q)
    lv = Fraction(level)
    exact = max(lv * d, (lv - 1) * d)
    assert (
        rel_err(fs.quantile_score(q, y, level=level), mp.mpf(exact.numerator) / exact.denominator)
        <= 4 * EPS
    )
    lo, hi = min(q, y / 2), max(q, y / 2)
    a = Fraction(level)
    width = Fraction(hi) - Fraction(lo)
    pen = max(Fraction(lo) - Fraction(y), 0) + max(Fraction(y) - Fraction(hi), 0)
    exact_is = width + 2 / a * pen
    got = fs.interval_score(lo, hi, y, alpha=level)
    assert rel_err(got, mp.mpf(exact_is.numerator) / exact_is.denominator) <= 8 * EPS


@pytest.mark.parametrize(
    "members, y",
    [
        ([1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.7], 1e9 + 0.3),  # far from 0
        ([1e-300, 3e-300, 2e-300], 0.0),  # tiny
        ([1e300, -1e300, 5e299], 1e299),  # huge
        (list(np.linspace(-1.0, 1.0, 101)), 0.013),
    ],
)
@pytest.mark.parametrize("fair", [False, True])
def test_crps_ensemble_against_exact_double_sum(members, y, fair):
    x = [Fraction(v) for v in members]
    m = len(x)
    mae = sum(abs(v - Fraction(y)) for v in x) / m
    pairs = sum(abs(a - b) for a in x for b in x)
    exact = mae - pairs / (2 * m * (m - 1) if fair else 2 * m * m)
    got = fs.crps_ensemble(members, y, fair=fair)
    # the spread is a weighted sum of m members: its rounding error is bounded by
    # m * eps * max|x - centre|, relative to the typical size of the score
    scale = max(abs(v) for v in members) if abs(y) < 1e299 else 1e300
    spread = max(members) - min(members)
    bound = 4 * m * EPS * min(scale, spread + abs(y - sorted(members)[m // 2]))
    assert abs(mp.mpf(float(got)) - mp.mpf(exact.numerator) / exact.denominator) <= bound


# =========================================================================================
# crps closed forms: 1e-13 relative, at the extremes
# =========================================================================================


def lognormal_oracle(s, z):
    s, z = mp.mpf(s), mp.mpf(z)
    # exp(s**2/2) times a difference of Phi values that cancel: digits to spare for both
    with mp.workdps(40 + int(float(s) ** 2 / 4.6) + 20):
        w = mp.log(z) / s
        return z * (2 * mp.ncdf(w) - 1) - 2 * mp.exp(s**2 / 2) * (
            mp.ncdf(w - s) - mp.ncdf(-s / mp.sqrt(2))
        )


@pytest.mark.parametrize(
    "s, z",
    [
        (1e-8, 1.0),  # narrow: terms of size 1, CRPS of size 1e-8
        (1e-8, 1.00000002),
        (1e-3, 0.997),
        (0.1, 1.0),
        (0.5, 1.5),
        (1.0, 0.3),
        (3.0, 1e-5),
        (2.0, 1e6),
        (10.0, 1.0),  # issue 8 row 2: relative error 1.5e-5
        (12.0, 1.0),  # issue 8 row 2: was 0.0
        (40.0, 1.0),  # issue 8 row 2: was NaN with warnings
        (25.0, 1e300),
    ],
)
def test_crps_lognormal_large_shape_no_cancellation(s, z):
    assert rel_err(crps(stats.lognorm(s), z), lognormal_oracle(s, z)) <= CLOSED_FORM_RTOL


def test_crps_lognormal_issue_figures():
    # the figures of issue 8, rounded as the issue gives them
    assert float(crps(stats.lognorm(12.0), 1.0)) == pytest.approx(3.99981e14, rel=1e-5)
    assert float(crps(stats.lognorm(40.0), 1.0)) == pytest.approx(1.471e172, rel=1e-3)
    assert float(crps(stats.lognorm(10.0), 1.0)) == pytest.approx(7.971276296e9, rel=1e-9)


def gamma_oracle(a, z):
    with mp.workdps(50):
        a, z = mp.mpf(a), mp.mpf(z)
        p = mp.gammainc(a, 0, z, regularized=True)
        p1 = mp.gammainc(a + 1, 0, z, regularized=True)
        return z * (2 * p - 1) - a * (2 * p1 - 1) - 1 / mp.beta(mp.mpf(1) / 2, a)


def gamma_at_shape(a):
    # at z = a the terms (z - a)(2F - 1) vanish: 2 a**a e**-a / Gamma(a) - 1 / B(1/2, a),
    # in logs so that mpmath needs no incomplete gamma function of a huge shape
    with mp.workdps(50):
        a = mp.mpf(a)
        half = mp.exp(mp.loggamma(a + mp.mpf(1) / 2) - mp.loggamma(a)) / mp.sqrt(mp.pi)
        return 2 * mp.exp(a * mp.log(a) - a - mp.loggamma(a)) - half


@pytest.mark.parametrize(
    "a, z",
    [
        (1e-3, 0.5),
        (0.1, 1e-5),
        (0.5, 0.1),
        (3.0, 1e-8),
        (3.0, 3.0),
        (20.0, 20.0),
        (200.0, 230.0),
        (2.0, 50.0),
        (5e3, 5.1e3),
    ],
)
def test_crps_gamma_against_mpmath(a, z):
    assert rel_err(crps(stats.gamma(a), z), gamma_oracle(a, z)) <= CLOSED_FORM_RTOL


@pytest.mark.parametrize("a", [1e6, 1e10, 1e16])
def test_crps_gamma_huge_shape_is_positive_and_accurate(a):
    # issue 8 row 7: gamma(1e16) at 1e16 gave -5.64e7, a negative loss; the normal limit
    # is sqrt(a) (sqrt 2 - 1) / sqrt(pi) = 2.337e7
    got = crps(stats.gamma(a), a)
    assert rel_err(got, gamma_at_shape(a)) <= CLOSED_FORM_RTOL
    assert float(got) == pytest.approx(
        math.sqrt(a) * (math.sqrt(2) - 1) / math.sqrt(math.pi), rel=1e-5
    )


def beta_oracle(a, b, z):
    with mp.workdps(50):
        a, b, z = mp.mpf(a), mp.mpf(b), mp.mpf(z)
        i = mp.betainc(a, b, 0, z, regularized=True)
        i1 = mp.betainc(a + 1, b, 0, z, regularized=True)
        spread = 2 * mp.beta(2 * a, 2 * b) / (a * mp.beta(a, b) ** 2)
        return z * (2 * i - 1) + a / (a + b) * (1 - 2 * i1 - spread)


def beta_at_mean(a, b):
    # at z = a / (a + b): 2 z**a (1 - z)**b / ((a + b) B(a, b)) - 2 B(2a, 2b) / ((a + b) B(a, b)**2)
    with mp.workdps(50):
        a, b = mp.mpf(a), mp.mpf(b)
        n = a + b
        m = a / n
        lb = mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(n)
        density = 2 * mp.exp(a * mp.log(m) + b * mp.log(1 - m) - lb) / n
        lb2 = mp.loggamma(2 * a) + mp.loggamma(2 * b) - mp.loggamma(2 * n)
        return density - 2 * mp.exp(lb2 - 2 * lb) / n


@pytest.mark.parametrize(
    "a, b, z", [(0.01, 0.01, 0.5), (2.0, 3.0, 0.4), (0.5, 0.5, 0.999), (300.0, 200.0, 0.6)]
)
def test_crps_beta_against_mpmath(a, b, z):
    assert rel_err(crps(stats.beta(a, b), z), beta_oracle(a, b, z)) <= CLOSED_FORM_RTOL


@pytest.mark.parametrize("a, b", [(1e6, 1e6), (1e12, 1e12), (3e8, 1e8)])
def test_crps_beta_huge_shapes_no_cancellation(a, b):
    # issue 8 row 7: beta(1e12, 1e12) at 0.5 gave 7.6e-8, 7.6% below the true 8.262e-8
    got = crps(stats.beta(a, b), a / (a + b))
    assert rel_err(got, beta_at_mean(a, b)) <= CLOSED_FORM_RTOL
    if a == b == 1e12:
        assert float(got) == pytest.approx(8.262e-8, rel=1e-4)


def t_oracle(df, z):
    with mp.workdps(40):
        df, z = mp.mpf(df), mp.mpf(z)
        tail = mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + z * z), regularized=True) / 2
        cdf = 1 - tail if z > 0 else tail
        pdf = mp.gamma((df + 1) / 2) / (mp.sqrt(df * mp.pi) * mp.gamma(df / 2))
        pdf *= (1 + z * z / df) ** (-(df + 1) / 2)
        half = mp.beta(mp.mpf(1) / 2, df - mp.mpf(1) / 2) / mp.beta(mp.mpf(1) / 2, df / 2) ** 2
        return (
            z * (2 * cdf - 1)
            + 2 * pdf * (df + z * z) / (df - 1)
            - 2 * mp.sqrt(df) * half / (df - 1)
        )


@pytest.mark.parametrize(
    "df, z", [(1.5, 0.0), (2.0, 3.0), (30.0, 0.5), (1000.0, 0.5), (1e6, 2.0), (5.0, -40.0)]
)
def test_crps_t_against_mpmath(df, z):
    assert rel_err(crps(stats.t(df), z), t_oracle(df, z)) <= CLOSED_FORM_RTOL


@pytest.mark.parametrize("z", [0.0, 1e-9, 1.0, -5.0, 38.0, -1e10])
def test_crps_simple_closed_forms_against_mpmath(z):
    with mp.workdps(40):
        zm = mp.mpf(z)
        normal = zm * (2 * mp.ncdf(zm) - 1) + 2 * mp.npdf(zm) - 1 / mp.sqrt(mp.pi)
        logistic = zm + 2 * mp.log1p(mp.exp(-zm)) - 1  # z - 2 log F(z) - 1
        laplace = abs(zm) + mp.exp(-abs(zm)) - mp.mpf(3) / 4
        expon = abs(zm) - 2 * (1 - mp.exp(-max(zm, 0))) + mp.mpf(1) / 2
        c = min(max(zm, 0), 1)
        uniform = abs(zm - c) + c * c - c + mp.mpf(1) / 3
    assert rel_err(crps(stats.norm(), z), normal) <= CLOSED_FORM_RTOL
    assert rel_err(crps(stats.logistic(), z), logistic) <= CLOSED_FORM_RTOL
    assert rel_err(crps(stats.laplace(), z), laplace) <= CLOSED_FORM_RTOL
    assert rel_err(crps(stats.expon(), z), expon) <= CLOSED_FORM_RTOL
    assert rel_err(crps(stats.uniform(), z), uniform) <= CLOSED_FORM_RTOL


@pytest.mark.parametrize("loc, scale", [(0.0, 1e-300), (1e6, 1e-6), (-3.0, 1e300), (1e300, 1e290)])
def test_crps_closed_forms_at_tiny_and_huge_scales(loc, scale):
    # the outcome one scale above loc, as a float; the exact z of that float is used
    y = loc + scale
    with mp.workdps(60):
        z = (mp.mpf(y) - mp.mpf(loc)) / mp.mpf(scale)
        exact = mp.mpf(scale) * (z * (2 * mp.ncdf(z) - 1) + 2 * mp.npdf(z) - 1 / mp.sqrt(mp.pi))
    assert rel_err(crps(stats.norm(loc, scale), y), exact) <= CLOSED_FORM_RTOL


# =========================================================================================
# crps quadrature: CRPS_RTOL, against the integral in high precision
# =========================================================================================


def integral_oracle(cdf, y, lo, hi, breaks):
    """int F**2 below y plus int (1 - F)**2 above, by mpmath.quad, split at ``breaks``
    (the median, kinks of the density, and points that spread a tail over several pieces)."""
    y, lo, hi = mp.mpf(y), mp.mpf(lo), mp.mpf(hi)
    pts = sorted({mp.mpf(b) for b in breaks if lo < b < hi})
    cut = min(max(y, lo), hi)
    out = mp.mpf(0)
    if cut > lo:
        out += mp.quad(lambda x: cdf(x) ** 2, [lo, *[p for p in pts if p < cut], cut])
    if hi > cut:
        out += mp.quad(lambda x: (1 - cdf(x)) ** 2, [cut, *[p for p in pts if p > cut], hi])
    return out + max(lo - y, 0) + max(y - hi, 0)


def gumbel_cdf(x):
    return mp.exp(-mp.exp(-x))


def gev_cdf(c):
    # scipy's genextreme: F(x) = exp(-(1 - c x)**(1/c)), written with log1p so that a shape
    # near 0 keeps its digits
    def cdf(x):
        if c * x >= 1:
            return mp.mpf(1) if c > 0 else mp.mpf(0)
        return mp.exp(-mp.exp(mp.log1p(-c * x) / c))

    return cdf


GUMBEL_BREAKS = [-4, -2, -1, 0, 1, 3, 8, 20, 40]
# Below -7 the Gumbel-like cdf is under exp(-e**7) = 1e-477: the oracle treats [-7, inf) as
# the support, exact to far more digits than a double holds.
QUADRATURE_CASES = [
    # (family, shape args, outcome, cdf, lo, hi, breaks)
    ("gumbel_r", (), -0.08, gumbel_cdf, -7, mp.inf, GUMBEL_BREAKS),  # issue 8 row 6
    ("gumbel_r", (), -6.0, gumbel_cdf, -7, mp.inf, GUMBEL_BREAKS),
    ("gumbel_r", (), 1e6, gumbel_cdf, -7, mp.inf, GUMBEL_BREAKS),
    ("weibull_min", (2.0,), 0.92, lambda x: -mp.expm1(-(x**2)), 0, mp.inf, [0.83, 1, 3]),  # row 6
    ("weibull_min", (2.0,), 0.0, lambda x: -mp.expm1(-(x**2)), 0, mp.inf, [0.83, 1, 3]),
    ("weibull_min", (0.5,), 0.3, lambda x: -mp.expm1(-mp.sqrt(x)), 0, mp.inf, [0.48, 1, 10, 100]),
    ("weibull_min", (0.5,), 200.0, lambda x: -mp.expm1(-mp.sqrt(x)), 0, mp.inf, [0.48, 10, 100]),
    # a kink in the density at c = 0.9 (issue 8 row 6: relative error 4e-5)
    (
        "triang",
        (0.9,),
        0.96,
        lambda x: x * x / 0.9 if x <= 0.9 else 1 - (1 - x) ** 2 / 0.1,
        0,
        1,
        [0.9],
    ),
    (
        "triang",
        (0.9,),
        0.5,
        lambda x: x * x / 0.9 if x <= 0.9 else 1 - (1 - x) ** 2 / 0.1,
        0,
        1,
        [0.9],
    ),
    # heavy tails (issue 8 row 1: the half-Cauchy at 1 did not converge)
    ("halfcauchy", (), 1.0, lambda x: 2 * mp.atan(x) / mp.pi, 0, mp.inf, [1, 10, 100]),
    ("halfcauchy", (), 1e6, lambda x: 2 * mp.atan(x) / mp.pi, 0, mp.inf, [1, 10, 100]),
    (
        "cauchy",
        (),
        0.5,
        lambda x: mp.mpf(1) / 2 + mp.atan(x) / mp.pi,
        -mp.inf,
        mp.inf,
        [-100, -10, -1, 0, 1, 10, 100],
    ),
    (
        "cauchy",
        (),
        -1e4,
        lambda x: mp.mpf(1) / 2 + mp.atan(x) / mp.pi,
        -mp.inf,
        mp.inf,
        [-100, -10, -1, 0, 1, 10, 100],
    ),
    ("pareto", (1.5,), 1.5, lambda x: 1 - x ** (-1.5), 1, mp.inf, [2, 10, 100]),
    # shapes near 0, where the old test's own quad oracle was wrong
    ("genextreme", (1e-9,), 0.0, gev_cdf(mp.mpf(1e-9)), -7, 1e9, GUMBEL_BREAKS),
    ("genextreme", (-1e-9,), 10.0, gev_cdf(mp.mpf(-1e-9)), -7, mp.inf, GUMBEL_BREAKS),
    ("genextreme", (-0.3,), 2.0, gev_cdf(mp.mpf(-0.3)), 1 / mp.mpf(-0.3), mp.inf, GUMBEL_BREAKS),
    ("genextreme", (0.5,), -5.0, gev_cdf(mp.mpf(0.5)), -40, 2, [-20, -10, *GUMBEL_BREAKS[:5]]),
    # an integrable singularity of the density at 0
    ("powerlaw", (0.1,), 0.5, lambda x: x ** mp.mpf(0.1), 0, 1, [2**-10]),
]


@pytest.mark.parametrize("case", QUADRATURE_CASES, ids=lambda c: f"{c[0]}{c[1]}@{c[2]}")
def test_crps_quadrature_meets_its_tolerance(case):
    name, args, y, cdf, lo, hi, breaks = case
    with mp.workdps(25):
        exact = integral_oracle(cdf, y, lo, hi, breaks)
    got = crps(getattr(stats, name)(*args), y)
    assert abs(mp.mpf(float(got)) - exact) <= CRPS_RTOL * abs(exact) + CRPS_ATOL


@pytest.mark.parametrize("loc, scale", [(0.0, 1e-300), (1e6, 1e-6), (-3.0, 1e300)])
def test_crps_quadrature_at_tiny_and_huge_scales(loc, scale):
    y = loc + scale * 2.0  # exact in each case: 2 * scale is a power-of-two multiple
    with mp.workdps(25):
        z = (mp.mpf(y) - mp.mpf(loc)) / mp.mpf(scale)
        exact = mp.mpf(scale) * integral_oracle(gumbel_cdf, z, -7, mp.inf, GUMBEL_BREAKS)
    got = crps(stats.gumbel_r(loc, scale), y)
    assert abs(mp.mpf(float(got)) - exact) <= CRPS_RTOL * abs(exact) + CRPS_ATOL * scale


def test_crps_quadrature_outcome_within_an_ulp_of_the_median():
    # issue 8 row 1: an outcome an ulp from the median left an integration piece of
    # zero-ish width, and "did not converge" refused the whole array
    d = stats.gumbel_r(0.3, 2.0)
    med = float(d.median())
    ys = [np.nextafter(med, -np.inf), med, np.nextafter(med, np.inf), 0.0]
    got = crps(d, ys)
    with mp.workdps(25):
        for y, g in zip(ys, got, strict=True):
            z = (mp.mpf(y) - mp.mpf(0.3)) / 2
            exact = 2 * integral_oracle(gumbel_cdf, z, -7, mp.inf, GUMBEL_BREAKS)
            assert abs(mp.mpf(float(g)) - exact) <= CRPS_RTOL * exact
