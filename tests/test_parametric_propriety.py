"""Propriety of the parametric scores: the expected score under the true distribution G is
least when the forecast is G itself.

For the CRPS the gap is known exactly: E_G CRPS(F, Y) - E_G CRPS(G, Y) = integral of
(F(x) - G(x))**2 dx (Gneiting and Raftery 2007), so each test checks the gap against that
integral as well as its sign. Expectations are taken by quadrature written out here: Gauss-
Hermite for a normal truth (exact for the log score, whose loss is quadratic in y), and
scipy.integrate.quad against the true density for the logistic and Laplace families.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from forecastscore import crps_laplace, crps_logistic, crps_normal, log_score_normal

LOCS = st.floats(-3.0, 3.0)
SCALES = st.floats(0.2, 5.0)
GH_NODES, GH_WEIGHTS = np.polynomial.hermite_e.hermegauss(100)
GH_W = GH_WEIGHTS / GH_WEIGHTS.sum()

FAMILIES = {
    "normal": (crps_normal, stats.norm),
    "logistic": (crps_logistic, stats.logistic),
    "laplace": (crps_laplace, stats.laplace),
}


def _expected(score, mu, sigma, truth):
    """E over Y ~ truth of score(mu, sigma, Y), by adaptive quadrature on the density."""

    def f(y):
        return float(score(mu, sigma, y)) * truth.pdf(y)

    lo, hi = truth.ppf(1e-15), truth.ppf(1 - 1e-15)
    centre = float(truth.median())
    left, _ = integrate.quad(f, lo, centre, epsabs=1e-13, epsrel=1e-12, limit=200)
    right, _ = integrate.quad(f, centre, hi, epsabs=1e-13, epsrel=1e-12, limit=200)
    return left + right


def _divergence(forecast, truth):
    """The integral of (F - G)**2 over the real line."""

    def f(x):
        return (forecast.cdf(x) - truth.cdf(x)) ** 2

    pts = sorted({float(forecast.median()), float(truth.median())})
    total = 0.0
    for a, b in [(-np.inf, pts[0]), *itertools.pairwise(pts), (pts[-1], np.inf)]:
        part, _ = integrate.quad(f, a, b, epsabs=1e-13, epsrel=1e-11, limit=200)
        total += part
    return total


@settings(deadline=None, max_examples=25)
@given(st.sampled_from(sorted(FAMILIES)), LOCS, SCALES)
def test_crps_of_a_family_is_proper_with_the_cramer_gap(family, mu, sigma):
    score, dist = FAMILIES[family]
    truth = dist(0.0, 1.0)
    honest = _expected(score, 0.0, 1.0, truth)
    other = _expected(score, mu, sigma, truth)
    gap = _divergence(dist(mu, sigma), truth)
    assert honest <= other + 1e-10
    assert other - honest == pytest.approx(gap, rel=1e-7, abs=1e-10)


@given(LOCS, SCALES)
def test_crps_normal_is_proper_by_gauss_hermite(mu, sigma):
    honest = GH_W @ crps_normal(0.0, 1.0, GH_NODES)
    other = GH_W @ crps_normal(mu, sigma, GH_NODES)
    assert honest <= other + 1e-12


@given(LOCS, SCALES, st.sampled_from([None, 2.0, 10.0]))
def test_log_score_normal_is_proper_with_the_kullback_leibler_gap(mu, sigma, base):
    # E over Y ~ N(0, 1) of -log f(Y) for f = N(mu, sigma): Gauss-Hermite is exact here
    # (the loss is quadratic in y). The gap to the honest forecast is KL(N(0,1) || N(mu,
    # sigma)) = log sigma + (1 + mu**2) / (2 sigma**2) - 1/2, in nats.
    honest = GH_W @ log_score_normal(0.0, 1.0, GH_NODES, base=base)
    other = GH_W @ log_score_normal(mu, sigma, GH_NODES, base=base)
    kl = math.log(sigma) + (1.0 + mu * mu) / (2.0 * sigma * sigma) - 0.5
    unit = 1.0 if base is None else math.log(base)
    assert honest <= other + 1e-12
    assert other - honest == pytest.approx(kl / unit, rel=1e-9, abs=1e-12)
