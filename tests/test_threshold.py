"""Threshold-weighted CRPS of ensembles and of the normal family (issue 11, item 8)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scoringrules as sr
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from forecastscore.errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    ShapeError,
)
from forecastscore.rules import crps, crps_ensemble, twcrps, twcrps_ensemble


def test_twcrps_ensemble_by_hand():
    # members 0, 1, 4 and outcome 2 with weight 1[z >= 1.5]: F = 2/3 on [1.5, 4), so
    # (2/3)**2 * (2 - 1.5) + (1 - 2/3)**2 * (4 - 2) = 2/9 + 2/9 = 4/9
    got = twcrps_ensemble([0.0, 1.0, 4.0], 2.0, lower=1.5)
    assert float(got) == pytest.approx(4 / 9, rel=1e-15)
    # weight 1[z <= 1.5]: F = 1/3 on [0, 1), 2/3 on [1, 1.5], outcome above: (1/3)**2 + (2/3)**2 / 2
    got = twcrps_ensemble([0.0, 1.0, 4.0], 2.0, upper=1.5)
    assert float(got) == pytest.approx(1 / 9 + 2 / 9, rel=1e-15)


def test_twcrps_ensemble_without_thresholds_is_the_crps():
    x = np.random.default_rng(1).normal(size=(50, 7))
    y = np.random.default_rng(2).normal(size=50)
    np.testing.assert_allclose(twcrps_ensemble(x, y), crps_ensemble(x, y), rtol=1e-15)
    np.testing.assert_allclose(
        twcrps_ensemble(x, y, fair=True), crps_ensemble(x, y, fair=True), rtol=1e-15
    )


@pytest.mark.parametrize("a, b", [(-np.inf, np.inf), (0.5, np.inf), (-np.inf, -0.3), (-1.0, 1.0)])
def test_twcrps_ensemble_agrees_with_scoringrules(a, b):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(200, 15))
    y = 2.0 * rng.normal(size=200)
    want = sr.twcrps_ensemble(y, x, a, b, backend="numpy")
    np.testing.assert_allclose(twcrps_ensemble(x, y, lower=a, upper=b), want, atol=1e-12)


def test_twcrps_ensemble_axis_and_errors():
    x = np.array([[0.0, 1.0, 4.0]]).T  # members on axis 0
    assert float(twcrps_ensemble(x, 2.0, lower=1.5, axis=0)[0]) == pytest.approx(4 / 9)
    with pytest.raises(InvalidOptionError, match=r"lower = 2.0 is not below upper = 1.0"):
        twcrps_ensemble([0.0, 1.0], 0.5, lower=2.0, upper=1.0)
    with pytest.raises(InvalidOptionError, match="lower is NaN"):
        twcrps_ensemble([0.0, 1.0], 0.5, lower=np.nan)
    with pytest.raises(InvalidOptionError, match="upper must be a real number"):
        twcrps_ensemble([0.0, 1.0], 0.5, upper="high")
    with pytest.raises(InvalidForecastError, match=r"members\[1\] = inf"):
        twcrps_ensemble([0.0, np.inf], 0.5, upper=1.0)  # refused before clipping hides it
    with pytest.raises(ShapeError, match=r"twcrps_ensemble\(members, outcome\)"):
        twcrps_ensemble(np.zeros(3), np.zeros((3, 4)), lower=0.0)
    with pytest.raises(ShapeError, match="axis 3 is out of range"):
        twcrps_ensemble([0.0, 1.0], 0.5, axis=3)


def test_twcrps_normal_by_hand_and_halves():
    # the plain CRPS of N(0, 1) at 0 is (sqrt 2 - 1) / sqrt(pi); by symmetry each half
    # (weight above 0, weight below 0) holds half of it
    full = (math.sqrt(2.0) - 1.0) / math.sqrt(math.pi)
    assert float(twcrps(stats.norm(), 0.0)) == pytest.approx(full, rel=1e-14)
    assert float(twcrps(stats.norm(), 0.0, lower=0.0)) == pytest.approx(full / 2, rel=1e-14)
    assert float(twcrps(stats.norm(), 0.0, upper=0.0)) == pytest.approx(full / 2, rel=1e-14)


def test_twcrps_normal_matches_quadrature_and_the_plain_crps():
    mu, sigma = 1.0, 2.0
    d = stats.norm(mu, sigma)
    for y, a, b in [(0.0, -1.0, 3.0), (5.0, 2.0, np.inf), (-4.0, -np.inf, 0.5), (1.0, 1.5, 2.5)]:
        lo, hi = max(a, mu - 20 * sigma), min(b, mu + 20 * sigma)
        pts = [p for p in (y,) if lo < p < hi]
        want = integrate.quad(
            lambda z, y=y: (d.cdf(z) - (z >= y)) ** 2, lo, hi, points=pts or None, epsabs=1e-13
        )[0]
        assert float(twcrps(d, y, lower=a, upper=b)) == pytest.approx(want, rel=1e-9, abs=1e-13)
    y = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(twcrps(d, y), crps(d, y), rtol=1e-12)


@pytest.mark.parametrize("a, b", [(-np.inf, np.inf), (0.5, np.inf), (-np.inf, -0.3), (-1.0, 1.0)])
def test_twcrps_normal_agrees_with_scoringrules_censored_normal(a, b):
    # twCRPS with weight 1[a <= z <= b] is the CRPS of the normal censored to [a, b] at the
    # outcome moved into [a, b]
    rng = np.random.default_rng(4)
    mu, sigma, y = rng.normal(size=300), rng.uniform(0.3, 3.0, 300), 2.0 * rng.normal(size=300)
    with np.errstate(invalid="ignore", divide="ignore"):  # scoringrules' own 0/0 branches
        want = sr.crps_cnormal(np.clip(y, a, b), mu, sigma, a, b, backend="numpy")
    ours = twcrps(stats.norm(mu, sigma), y, lower=a, upper=b)
    ok = np.isfinite(want)
    np.testing.assert_allclose(ours[ok], want[ok], atol=1e-9)
    # scoringrules gives NaN where the mass inside [a, b] underflows (row 29 for a = 0.5:
    # (0.5 + 2.118) / 0.312 = 8.4 standard deviations); the integral there is below 1e-30
    assert np.flatnonzero(~ok).tolist() == ([29] if (a, b) == (0.5, np.inf) else [])
    for i in np.flatnonzero(~ok):
        d = stats.norm(mu[i], sigma[i])
        want_i = integrate.quad(lambda z, d=d: d.sf(z) ** 2, a, np.inf)[0]
        assert 0.0 <= ours[i] < 1e-30 and ours[i] == pytest.approx(want_i, rel=1e-6, abs=1e-300)


def test_twcrps_normal_errors_and_nan():
    with pytest.raises(ForecastTypeError, match="frozen scipy.stats.norm.*got gamma"):
        twcrps(stats.gamma(2.0), 1.0)
    with pytest.raises(ForecastTypeError, match="frozen scipy.stats.norm"):
        twcrps([0.0, 1.0], 1.0)
    with pytest.raises(
        InvalidForecastError, match=r"forecast\[1\] \(scipy.stats.norm\).*scale=0.0"
    ):
        twcrps(stats.norm(0.0, [1.0, 0.0]), 1.0)
    with pytest.raises(InvalidOptionError, match=r"lower\[1\] = 3.0 is not below upper = 2.0"):
        twcrps(stats.norm(), 0.0, lower=[0.0, 3.0], upper=2.0)
    got = twcrps(stats.norm(), [0.0, np.nan], lower=0.0, nan_policy="propagate")
    assert got[0] > 0 and math.isnan(got[1])


@settings(max_examples=25)
@given(mu=st.floats(-2.0, 2.0), sigma=st.floats(0.3, 3.0), a=st.floats(-2.0, 2.0))
def test_twcrps_normal_is_proper(mu, sigma, a):
    # E_{Y ~ N(0, 1)} twCRPS(N(mu, sigma), Y) >= E twCRPS(N(0, 1), Y), by Gauss-Hermite
    # quadrature on 200 nodes (the integrand is smooth but for a kink at the threshold)
    nodes, weights = np.polynomial.hermite_e.hermegauss(200)
    w = weights / math.sqrt(2 * math.pi)

    def expected(m: float, s: float) -> float:
        return float(w @ twcrps(stats.norm(m, s), nodes, lower=a))

    assert expected(0.0, 1.0) <= expected(mu, sigma) + 1e-6
