"""Log score of distributions (negative log density or mass) and of ensembles read as a
Gaussian kernel density (issue 11, item 6)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scoringrules as sr
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

import forecastscore as fs
from forecastscore.errors import (
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    ShapeError,
)
from forecastscore.rules import log_score, log_score_ensemble

# --- distributions: by hand ------------------------------------------------------------------


def test_log_score_normal_by_hand():
    # N(1, 2) at 3: z = 1; -log f = log(2) + log(2 pi) / 2 + 1/2
    want = math.log(2.0) + 0.5 * math.log(2.0 * math.pi) + 0.5
    assert float(log_score(stats.norm(1.0, 2.0), 3.0)) == pytest.approx(want, rel=1e-15)
    # in bits: divided by ln 2
    got = float(log_score(stats.norm(1.0, 2.0), 3.0, base=2))
    assert got == pytest.approx(want / math.log(2.0), rel=1e-15)


def test_log_score_poisson_and_binomial_by_hand():
    # Poisson(3) at 2: p = 9/2 e^-3, -log p = 3 - log(4.5)
    assert float(log_score(stats.poisson(3.0), 2)) == pytest.approx(3.0 - math.log(4.5), 1e-15)
    # Binomial(4, 1/2) at 1: p = 4/16 = 1/4, -log p = log 4
    assert float(log_score(stats.binom(4, 0.5), 1.0)) == pytest.approx(math.log(4.0), 1e-15)


def test_log_score_outside_the_support_is_inf():
    got = log_score(stats.expon(), [-1.0, 1.0])
    assert got[0] == math.inf and got[1] == pytest.approx(1.0, rel=1e-15)  # -log e^-1
    # a count distribution gives no mass to 2.5
    assert float(log_score(stats.poisson(3.0), 2.5)) == math.inf


def test_log_score_far_tail_is_finite_and_large():
    # computed in the log domain: -log f(40) = log(2 pi)/2 + 800, not inf
    got = float(log_score(stats.norm(), 40.0))
    assert got == pytest.approx(0.5 * math.log(2.0 * math.pi) + 800.0, rel=1e-15)


def test_log_score_broadcasts_parameters_and_outcomes():
    d = stats.norm(loc=[[0.0], [1.0]], scale=[1.0, 2.0, 4.0])
    got = log_score(d, 0.0)
    assert got.shape == (2, 3)
    np.testing.assert_allclose(got, -d.logpdf(0.0), rtol=1e-15)


# --- distributions: oracles ------------------------------------------------------------------


@pytest.mark.parametrize(
    "dist",
    [
        stats.norm(loc=[0.0, 3.0], scale=[1.0, 0.5]),
        stats.gamma(a=[0.5, 4.0], scale=2.0),
        stats.t(df=[1.5, 30.0], loc=1.0, scale=2.0),
        stats.beta(2.0, [3.0, 0.7]),
        stats.lognorm(s=[0.3, 1.2]),
        stats.weibull_min(c=[0.8, 2.0]),
        stats.poisson(mu=[0.5, 12.0]),
        stats.nbinom(n=[3, 8], p=0.4),
        stats.binom(n=10, p=[0.2, 0.9]),
    ],
    ids=lambda d: d.dist.name,
)
def test_log_score_is_minus_scipy_logpdf_or_logpmf(dist):
    y = np.array([[0.3], [1.0], [2.0], [5.0]])
    discrete = isinstance(dist.dist, stats.rv_discrete)
    want = -(dist.logpmf(np.round(y)) if discrete else dist.logpdf(y))
    got = log_score(dist, np.round(y) if discrete else y)
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_log_score_agrees_with_scoringrules_families():
    rng = np.random.default_rng(4)
    y = rng.gamma(2.0, size=200)
    mu, sigma = rng.normal(size=200), rng.uniform(0.5, 3.0, 200)
    a, scale = rng.uniform(0.5, 5.0, 200), rng.uniform(0.5, 2.0, 200)
    k = rng.poisson(3.0, size=200).astype(float)
    lam = rng.uniform(0.5, 8.0, 200)
    pairs = [
        (log_score(stats.norm(mu, sigma), y), sr.logs_normal(y, mu, sigma, backend="numpy")),
        (log_score(stats.logistic(mu, sigma), y), sr.logs_logistic(y, mu, sigma, backend="numpy")),
        (
            log_score(stats.gamma(a, scale=scale), y),
            sr.logs_gamma(y, a, scale=scale, backend="numpy"),
        ),
        (log_score(stats.expon(scale=1 / lam), y), sr.logs_exponential(y, lam, backend="numpy")),
        (log_score(stats.poisson(lam), k), sr.logs_poisson(k, lam, backend="numpy")),
        (log_score(stats.t(a + 1, mu, sigma), y), sr.logs_t(y, a + 1, mu, sigma, backend="numpy")),
    ]
    for ours, theirs in pairs:
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


# --- distributions: errors -------------------------------------------------------------------


def test_log_score_distribution_errors():
    with pytest.raises(
        InvalidForecastError, match=r"forecast\[1\] \(scipy.stats.norm\).*scale=-1.0"
    ):
        log_score(stats.norm(0.0, [1.0, -1.0]), 0.0)
    with pytest.raises(InvalidForecastError, match=r"scipy.stats.poisson.*mu=-2.0"):
        log_score(stats.poisson(-2.0), 1)
    with pytest.raises(InvalidForecastError, match=r"scipy.stats.norm.*loc=inf"):
        log_score(stats.norm(np.inf, 1.0), 0.0)
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[1\] = inf"):
        log_score(stats.norm(), [0.0, np.inf])
    with pytest.raises(InvalidOptionError, match=r"clip and probability_outcome.*clip=0.01"):
        log_score(stats.norm(), 0.0, clip=0.01)
    with pytest.raises(InvalidOptionError, match=r"probability_outcome=True"):
        log_score(stats.norm(), 0.5, probability_outcome=True)
    with pytest.raises(InvalidOptionError, match=r"base must be a real number greater than 1"):
        log_score(stats.norm(), 0.0, base=0.5)
    with pytest.raises(ShapeError, match="forecast parameters"):
        log_score(stats.norm([0.0, 1.0], 1.0), [1.0, 2.0, 3.0])


def test_log_score_distribution_nan_policy():
    d = stats.norm([0.0, np.nan], 1.0)
    with pytest.raises(InvalidForecastError, match=r"forecast\[1\].*NaN parameter"):
        log_score(d, 0.0)
    got = log_score(d, 0.0, nan_policy="propagate")
    assert got[0] == pytest.approx(0.5 * math.log(2 * math.pi)) and math.isnan(got[1])
    assert log_score(d, 0.0, nan_policy="omit").shape == (1,)


# --- distributions: propriety ----------------------------------------------------------------


@given(lam=st.floats(0.2, 20.0), mu=st.floats(0.2, 20.0))
def test_log_score_poisson_is_proper(lam, mu):
    # E_{Y ~ Poisson(lam)} [-log p_mu(Y)] is least at mu = lam (Gibbs' inequality); the sum
    # over k = 0..199 leaves out less than 1e-60 of the mass.
    k = np.arange(200.0)
    w = stats.poisson(lam).pmf(k)
    true = float(w @ log_score(stats.poisson(lam), k))
    other = float(w @ log_score(stats.poisson(mu), k))
    assert true <= other + 1e-12


@given(mu=st.floats(-3.0, 3.0), sigma=st.floats(0.3, 3.0))
def test_log_score_normal_is_proper(mu, sigma):
    # E_{Y ~ N(0, 1)} [-log f(Y)] = log(sigma) + log(2 pi)/2 + (1 + mu**2) / (2 sigma**2),
    # least at mu = 0, sigma = 1; the score is quadratic in y, so Gauss-Hermite (probabilists')
    # quadrature with 10 nodes is exact
    nodes, weights = np.polynomial.hermite_e.hermegauss(10)

    def expected(m: float, s: float) -> float:
        return float(weights @ log_score(stats.norm(m, s), nodes)) / math.sqrt(2 * math.pi)

    closed = math.log(sigma) + 0.5 * math.log(2 * math.pi) + (1 + mu**2) / (2 * sigma**2)
    assert expected(mu, sigma) == pytest.approx(closed, rel=1e-8)
    assert expected(0.0, 1.0) <= expected(mu, sigma) + 1e-10


# --- ensembles -------------------------------------------------------------------------------


def test_log_score_ensemble_by_hand():
    # members -1, 1, bandwidth 1, outcome 1: -log((phi(2) + phi(0)) / 2)
    phi = stats.norm.pdf
    want = -math.log((phi(2.0) + phi(0.0)) / 2.0)
    assert float(log_score_ensemble([-1.0, 1.0], 1.0, bandwidth=1.0)) == pytest.approx(want, 1e-15)
    # bandwidth 2: each component is N(x_i, 4): -log((phi(1)/2 + phi(0)/2) / 2)
    want2 = -math.log((phi(1.0) / 2 + phi(0.0) / 2) / 2.0)
    got = log_score_ensemble([-1.0, 1.0], 1.0, bandwidth=2.0, base=2)
    assert float(got) == pytest.approx(want2 / math.log(2.0), rel=1e-15)


def test_log_score_ensemble_rule_of_thumb_by_hand():
    # members 0, 1, 2, 3: sd (ddof 1) = sqrt(5/3) = 1.29099; IQR (linear) = 2.25 - 0.75 = 1.5,
    # / 1.34 = 1.11940; h = 1.06 * 1.11940 * 4**-0.2 = 0.90268
    h = 1.06 * (1.5 / 1.34) * 4**-0.2
    x = np.array([0.0, 1.0, 2.0, 3.0])
    want = -math.log(stats.norm.pdf(1.5, loc=x, scale=h).mean())
    assert float(log_score_ensemble(x, 1.5)) == pytest.approx(want, rel=1e-14)


def test_log_score_ensemble_agrees_with_scoringrules():
    rng = np.random.default_rng(12)
    x = rng.normal(loc=rng.normal(size=(300, 1)), scale=2.0, size=(300, 25))
    y = rng.normal(size=300)
    np.testing.assert_allclose(
        log_score_ensemble(x, y), sr.logs_ensemble(y, x, backend="numpy"), rtol=1e-9
    )
    h = rng.uniform(0.2, 2.0, 300)
    np.testing.assert_allclose(
        log_score_ensemble(x, y, bandwidth=h),
        sr.logs_ensemble(y, x, bw=h, backend="numpy"),
        rtol=1e-9,
    )


def test_log_score_ensemble_zero_iqr_uses_the_standard_deviation():
    # members 0, 0, 0, 0, 10: IQR 0, sd (ddof 1) = sqrt(20) (scoringrules would take h = 0)
    x = np.array([0.0, 0.0, 0.0, 0.0, 10.0])
    h = 1.06 * math.sqrt(20.0) * 5**-0.2
    want = -math.log(stats.norm.pdf(1.0, loc=x, scale=h).mean())
    assert float(log_score_ensemble(x, 1.0)) == pytest.approx(want, rel=1e-14)


def test_log_score_ensemble_far_outcome_is_finite():
    # every phi underflows; the log-sum-exp does not: -log phi(100 / 1) + 0 = 5000 + log(2pi)/2
    got = float(log_score_ensemble([0.0, 0.0], 100.0, bandwidth=1.0))
    assert got == pytest.approx(5000.0 + 0.5 * math.log(2 * math.pi), rel=1e-15)


def test_log_score_ensemble_errors_and_nan():
    with pytest.raises(InvalidForecastError, match=r"members\[1\] are all equal \(2.0\)"):
        log_score_ensemble([[0.0, 1.0], [2.0, 2.0]], 0.0)
    with pytest.raises(InvalidOptionError, match=r"bandwidth\[1\] must be a positive.*-1.0"):
        log_score_ensemble([[0.0, 1.0], [2.0, 3.0]], 0.0, bandwidth=[1.0, -1.0])
    with pytest.raises(InvalidOptionError, match="bandwidth must be a positive number"):
        log_score_ensemble([0.0, 1.0], 0.0, bandwidth="wide")
    with pytest.raises(ShapeError, match="at least 2 entries"):
        log_score_ensemble([0.0], 0.0)
    with pytest.raises(ShapeError, match=r"log_score_ensemble\(members, outcome\)"):
        log_score_ensemble(np.zeros(3), np.zeros((3, 5)))
    got = log_score_ensemble([[0.0, 1.0], [np.nan, 1.0]], 0.5, nan_policy="propagate")
    assert np.isfinite(got[0]) and math.isnan(got[1])


@settings(max_examples=25)
@given(
    members=st.lists(st.floats(-5.0, 5.0), min_size=2, max_size=4),
    shift=st.floats(-2.0, 2.0),
    h=st.floats(0.3, 2.0),
)
def test_log_score_ensemble_is_proper_for_its_mixture(members, shift, h):
    # Outcomes drawn from the stated mixture: moving the members does no better
    x = np.array(members)
    moved = x + shift * np.linspace(-1.0, 1.0, x.size)

    def expected(m: np.ndarray) -> float:
        def f(y: float) -> float:
            dens = float(stats.norm.pdf(y, loc=x, scale=h).mean())
            return dens * float(log_score_ensemble(m, y, bandwidth=h))

        return integrate.quad(f, x.min() - 12 * h, x.max() + 12 * h, epsabs=1e-12, limit=200)[0]

    assert expected(x) <= expected(moved) + 1e-9


def test_top_level_log_score_takes_a_distribution():
    assert float(fs.log_score(stats.norm(), 0.0)) == pytest.approx(0.5 * math.log(2 * math.pi))
