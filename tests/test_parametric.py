"""crps_normal, crps_logistic, crps_laplace and log_score_normal: scores of parametric
forecasts given by their parameters, without a scipy.stats object."""

import math

import mpmath as mp
import numpy as np
import properscoring as ps
import pytest
import scoringrules as sr
from scipy import stats

from forecastscore.errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    ShapeError,
)
from forecastscore.rules import (
    crps,
    crps_laplace,
    crps_logistic,
    crps_normal,
    log_score,
    log_score_normal,
)

RNG = np.random.default_rng(12)
MU = RNG.normal(size=200)
SIGMA = RNG.uniform(0.1, 3.0, size=200)
Y = RNG.normal(size=200) * 2.0

# --- hand values ---------------------------------------------------------------------------


def test_crps_normal_at_the_mean_by_hand():
    # z = 0: 0 * erf(0) + 2 phi(0) - 1/sqrt(pi) = 2/sqrt(2 pi) - 1/sqrt(pi) = (sqrt2 - 1)/sqrt(pi)
    expected = (math.sqrt(2.0) - 1.0) / math.sqrt(math.pi)
    assert float(crps_normal(0.0, 1.0, 0.0)) == pytest.approx(expected, rel=1e-15)
    # sigma = 3, y one sigma above: 3 (erf(1/sqrt2) + 2 phi(1) - 1/sqrt(pi))
    one = math.erf(1 / math.sqrt(2)) + 2 * math.exp(-0.5) / math.sqrt(2 * math.pi)
    assert float(crps_normal(1.0, 3.0, 4.0)) == pytest.approx(
        3 * (one - 1 / math.sqrt(math.pi)), rel=1e-14
    )


def test_crps_logistic_and_laplace_by_hand():
    assert float(crps_logistic(0.0, 1.0, 0.0)) == pytest.approx(2 * math.log(2) - 1, rel=1e-15)
    # z = 1: 1 + 2 log(1 + e^-1) - 1, times scale 2
    assert float(crps_logistic(1.0, 2.0, 3.0)) == pytest.approx(
        2 * 2 * math.log1p(math.exp(-1.0)), rel=1e-15
    )
    assert float(crps_laplace(0.0, 1.0, 0.0)) == 0.25  # 0 + 1 - 3/4
    assert float(crps_laplace(5.0, 2.0, 3.0)) == pytest.approx(2 * (1 + math.exp(-1) - 0.75))


def test_log_score_normal_by_hand():
    # z = 1, sigma = 2: 1/2 + log 2 + log(2 pi)/2; in bits, divided by log 2
    nats = 0.5 + math.log(2.0) + 0.5 * math.log(2 * math.pi)
    assert float(log_score_normal(1.0, 2.0, 3.0)) == pytest.approx(nats, rel=1e-15)
    assert float(log_score_normal(1.0, 2.0, 3.0, base=2)) == pytest.approx(
        nats / math.log(2), rel=1e-15
    )


# --- oracles -------------------------------------------------------------------------------


def _mp_crps_normal(mu, sigma, y):
    mp.mp.dps = 40
    z = (mp.mpf(y) - mp.mpf(mu)) / mp.mpf(sigma)
    cdf = mp.ncdf(z)
    pdf = mp.npdf(z)
    return float(mp.mpf(sigma) * (z * (2 * cdf - 1) + 2 * pdf - 1 / mp.sqrt(mp.pi)))


@pytest.mark.parametrize(
    ("mu", "sigma", "y"),
    [(0.0, 1.0, 0.0), (0.0, 1.0, 1e-8), (3.0, 0.5, -7.0), (0.0, 1.0, 30.0), (0.0, 1e-200, 1e-199),
     (1e9, 1.0, 1e9 + 0.5), (0.0, 1e5, 1.0)],
)  # fmt: skip
def test_crps_normal_against_mpmath(mu, sigma, y):
    exact = _mp_crps_normal(mu, sigma, y)
    assert float(crps_normal(mu, sigma, y)) == pytest.approx(exact, rel=1e-13)


def _mp_crps_logistic(mu, s, y):
    # the CRPS integral int (F(x) - 1[x >= y])**2 dx, by quadrature at 30 digits
    mp.mp.dps = 30
    mu, s, y = mp.mpf(mu), mp.mpf(s), mp.mpf(y)

    def cdf(x):
        return 1 / (1 + mp.exp(-(x - mu) / s))

    below = mp.quad(lambda x: cdf(x) ** 2, [-mp.inf, y])
    above = mp.quad(lambda x: (1 - cdf(x)) ** 2, [y, mp.inf])
    return float(below + above)


@pytest.mark.parametrize(("mu", "s", "y"), [(0.0, 1.0, 0.3), (2.0, 0.5, -1.0), (0.0, 3.0, 9.0)])
def test_crps_logistic_against_the_integral(mu, s, y):
    assert float(crps_logistic(mu, s, y)) == pytest.approx(_mp_crps_logistic(mu, s, y), rel=1e-13)


def test_crps_laplace_against_the_integral():
    mp.mp.dps = 30
    mu, b, y = mp.mpf(1), mp.mpf(2), mp.mpf("3.5")

    def cdf(x):
        return mp.exp((x - mu) / b) / 2 if x < mu else 1 - mp.exp(-(x - mu) / b) / 2

    exact = mp.quad(lambda x: cdf(x) ** 2, [-mp.inf, mu, y]) + mp.quad(
        lambda x: (1 - cdf(x)) ** 2, [y, mp.inf]
    )
    assert float(crps_laplace(1.0, 2.0, 3.5)) == pytest.approx(float(exact), rel=1e-13)


def test_crps_normal_against_scoringrules_and_properscoring():
    ours = crps_normal(MU, SIGMA, Y)
    np.testing.assert_allclose(ours, sr.crps_normal(Y, MU, SIGMA), rtol=1e-12)
    np.testing.assert_allclose(ours, ps.crps_gaussian(Y, MU, SIGMA), rtol=1e-12)


def test_crps_logistic_and_laplace_against_scoringrules():
    np.testing.assert_allclose(
        crps_logistic(MU, SIGMA, Y), sr.crps_logistic(Y, MU, SIGMA), rtol=1e-12
    )
    np.testing.assert_allclose(
        crps_laplace(MU, SIGMA, Y), sr.crps_laplace(Y, MU, SIGMA), rtol=1e-12
    )


def test_log_score_normal_against_scipy_logpdf():
    expected = -stats.norm(MU, SIGMA).logpdf(Y)
    np.testing.assert_allclose(log_score_normal(MU, SIGMA, Y), expected, rtol=1e-14)


@pytest.mark.parametrize(
    ("ours", "family"),
    [(crps_normal, stats.norm), (crps_logistic, stats.logistic), (crps_laplace, stats.laplace)],
)
def test_same_kernel_as_crps_of_a_frozen_distribution(ours, family):
    # one formula for both doors: the numbers agree to the last bit
    np.testing.assert_array_equal(ours(MU, SIGMA, Y), crps(family(MU, SIGMA), Y))


def test_log_score_normal_same_kernel_as_log_score_of_norm():
    np.testing.assert_array_equal(
        log_score_normal(MU, SIGMA, Y), log_score(stats.norm(MU, SIGMA), Y)
    )


# --- shapes, point masses, missing values, reductions --------------------------------------


def test_broadcasting():
    out = crps_normal(np.array([[0.0], [1.0]]), np.array([1.0, 2.0, 3.0]), 0.5)
    assert out.shape == (2, 3)
    assert out[1, 2] == pytest.approx(float(crps_normal(1.0, 3.0, 0.5)), rel=0)
    assert isinstance(crps_normal(0.0, 1.0, 0.0), np.float64)


def test_crps_normal_point_mass_scores_the_absolute_error():
    # (y - loc) / scale overflows: a point mass at loc to working precision
    assert float(crps_normal(0.0, 1e-320, 2.0)) == 2.0
    assert float(crps_laplace(1.0, 5e-324, -3.0)) == 4.0
    np.testing.assert_array_equal(
        crps_normal([0.0, 0.0], [5e-324, 1.0], [1.0, 0.0]),
        [1.0, float(crps_normal(0.0, 1.0, 0.0))],
    )


def test_log_score_normal_underflowing_density_is_inf():
    assert float(log_score_normal(0.0, 1e-300, 1e10)) == math.inf


def test_nan_policies():
    out = crps_normal([0.0, np.nan, 0.0], 1.0, [0.0, 0.0, 1.0], nan_policy="propagate")
    assert np.isnan(out[1]) and np.isfinite(out[[0, 2]]).all()
    kept = crps_normal([0.0, np.nan, 0.0], 1.0, [0.0, 0.0, 1.0], nan_policy="omit")
    np.testing.assert_array_equal(kept, out[[0, 2]])
    kept = log_score_normal(0.0, [1.0, 1.0], [np.nan, 0.0], nan_policy="omit")
    assert kept.shape == (1,) and kept[0] == pytest.approx(0.5 * math.log(2 * math.pi))


def test_reduce_and_weights():
    scores = crps_normal(MU, SIGMA, Y)
    w = RNG.uniform(size=MU.size)
    assert float(crps_normal(MU, SIGMA, Y, reduce="mean")) == pytest.approx(
        math.fsum(scores) / scores.size, rel=1e-13
    )
    assert float(crps_normal(MU, SIGMA, Y, reduce="sum", weights=w)) == pytest.approx(
        math.fsum(w * scores), rel=1e-13
    )
    assert float(log_score_normal(MU, SIGMA, Y, reduce="mean", weights=w)) == pytest.approx(
        math.fsum(w * log_score_normal(MU, SIGMA, Y)) / math.fsum(w), rel=1e-13
    )


def test_check_false_gives_the_same_numbers_on_clean_input():
    np.testing.assert_array_equal(crps_normal(MU, SIGMA, Y, check=False), crps_normal(MU, SIGMA, Y))
    np.testing.assert_array_equal(
        log_score_normal(MU, SIGMA, Y, check=False), log_score_normal(MU, SIGMA, Y)
    )
    # no validation: a negative scale is not refused (its number means nothing)
    assert np.isfinite(crps_laplace(0.0, -1.0, 0.0, check=False))


def test_large_arrays_match_the_closed_form_one_liner():
    from scipy import special

    n = 300_000  # past any block size
    mu, s, y = RNG.normal(size=n), RNG.uniform(0.5, 2.0, size=n), RNG.normal(size=n)
    z = (y - mu) / s
    expected = s * (z * (2 * special.ndtr(z) - 1) + 2 * stats.norm.pdf(z) - 1 / np.sqrt(np.pi))
    np.testing.assert_allclose(crps_normal(mu, s, y), expected, rtol=1e-13, atol=1e-15)


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("func", [crps_normal, crps_logistic, crps_laplace, log_score_normal])
def test_errors_name_the_argument_value_and_position(func):
    with pytest.raises(InvalidForecastError, match=r"scale\[1\] = -2.0 is not positive"):
        func(0.0, [1.0, -2.0], 0.0)
    with pytest.raises(InvalidForecastError, match=r"scale\[0\] = 0.0 is not positive"):
        func(0.0, [0.0], 0.0)
    with pytest.raises(InvalidForecastError, match=r"loc\[2\] = inf is not a finite number"):
        func([0.0, 1.0, np.inf], 1.0, 0.0)
    with pytest.raises(InvalidForecastError, match=r"scale\[0, 1\] is NaN"):
        func(0.0, [[1.0, np.nan]], 0.0)
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[1\] is NaN"):
        func(0.0, 1.0, [0.0, np.nan])
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[0\] = -inf is not a finite"):
        func(0.0, 1.0, [-np.inf])
    with pytest.raises(ForecastTypeError, match=r"scale must hold real numbers, not booleans"):
        func(0.0, [True], 0.0)
    with pytest.raises(ForecastTypeError, match=r"loc"):
        func(["a"], 1.0, 0.0)
    with pytest.raises(ShapeError, match=r"loc of shape \(2,\) and scale of shape \(3,\)"):
        func([0.0, 1.0], [1.0, 2.0, 3.0], 0.0)
    with pytest.raises(InvalidOptionError, match=r"reduce must be None, 'mean' or 'sum'"):
        func(0.0, 1.0, 0.0, reduce="median")
    with pytest.raises(InvalidOptionError, match=r"check must be True or False \(got 1\)"):
        func(0.0, 1.0, 0.0, check=1)
    with pytest.raises(InvalidOptionError, match=r"weights apply to a reduction"):
        func(0.0, 1.0, 0.0, weights=[1.0])
    with pytest.raises(InvalidOptionError, match=r"nan_policy"):
        func(0.0, 1.0, 0.0, nan_policy="ignore")


def test_log_score_normal_refuses_a_bad_base():
    with pytest.raises(InvalidOptionError, match=r"base"):
        log_score_normal(0.0, 1.0, 0.0, base=1.0)


def test_a_point_mass_is_not_an_error_under_omit():
    out = crps_normal([0.0, np.nan], [1e-320, 1.0], [3.0, 0.0], nan_policy="omit")
    np.testing.assert_array_equal(out, [3.0])
