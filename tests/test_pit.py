"""PIT values of distributions and ensembles, randomised where the forecast CDF jumps, and the
uniformity test (issue 11, item 7)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import forecastscore as fs
from forecastscore.errors import (
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    ShapeError,
)
from forecastscore.rules import pit, pit_uniformity

# --- distributions ---------------------------------------------------------------------------


def test_pit_of_a_continuous_distribution_is_its_cdf():
    # Phi(0) = 1/2, Phi(1.959963984540054) = 0.975; gamma(2) at 1: 1 - 2/e
    np.testing.assert_allclose(pit(stats.norm(), [0.0, 1.959963984540054]), [0.5, 0.975])
    assert float(pit(stats.gamma(2.0), 1.0)) == pytest.approx(1.0 - 2.0 / math.e, rel=1e-14)
    d = stats.norm(loc=[0.0, 1.0], scale=[1.0, 2.0])
    np.testing.assert_allclose(pit(d, [[0.3], [2.0]]), d.cdf([[0.3], [2.0]]), rtol=1e-15)


def test_pit_of_a_discrete_distribution_is_drawn_between_the_limits():
    # Poisson(1): F(0-) = 0, F(0) = e^-1; F(1) = 2 e^-1. The draws are V from default_rng(0).
    e1 = math.exp(-1.0)
    v = np.random.default_rng(0).random(3)
    want = [0.0 + v[0] * e1, 0.0 + v[1] * e1, e1 + v[2] * e1]
    np.testing.assert_allclose(pit(stats.poisson(1.0), [0, 0, 1]), want, rtol=1e-14)
    # reproducible by default, and another seed draws other values
    assert (
        pit(stats.poisson(1.0), [0, 0, 1]).tolist() == pit(stats.poisson(1.0), [0, 0, 1]).tolist()
    )
    assert pit(stats.poisson(1.0), 0, seed=1) != pit(stats.poisson(1.0), 0, seed=0)


def test_randomised_pit_of_calibrated_counts_is_uniform_and_plain_cdf_is_not():
    y = stats.poisson(3.0).rvs(size=20_000, random_state=5)
    assert pit_uniformity(pit(stats.poisson(3.0), y)).pvalue > 0.01
    # without the randomisation the values pile on the CDF's steps: far from uniform
    assert pit_uniformity(stats.poisson(3.0).cdf(y)).pvalue < 1e-10


def test_pit_of_miscalibrated_forecasts_fails_the_test():
    y = stats.norm(scale=2.0).rvs(size=5_000, random_state=6)
    assert pit_uniformity(pit(stats.norm(), y)).pvalue < 1e-10  # too narrow: U-shaped


# --- ensembles -------------------------------------------------------------------------------


def test_pit_of_an_ensemble_by_hand():
    v = np.random.default_rng(0).random(2)
    # members 1, 2, 3, 4 and outcome 3.5: 3 below, no tie: (3 + V) / 5
    # members 1, 2, 2, 3 and outcome 2: 1 below, 2 ties: (1 + 3 V) / 5
    got = pit([[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 2.0, 3.0]], [3.5, 2.0])
    np.testing.assert_allclose(got, [(3 + v[0]) / 5, (1 + 3 * v[1]) / 5], rtol=1e-15)


def test_pit_of_an_ensemble_axis_and_outside():
    v = np.random.default_rng(0).random(2)
    members = np.array([[0.0, 5.0], [1.0, 6.0], [2.0, 7.0]])  # members on axis 0
    # outcome below all: V / 4; above all: (3 + V) / 4
    np.testing.assert_allclose(pit(members, [-1.0, 10.0], axis=0), [v[0] / 4, (3 + v[1]) / 4])


def test_pit_of_exchangeable_ensembles_is_uniform():
    rng = np.random.default_rng(8)
    x = rng.normal(size=(20_000, 9))
    y = rng.normal(size=20_000)
    assert pit_uniformity(pit(x, y)).pvalue > 0.01
    # integer members with many ties: still uniform thanks to the randomisation
    xi = rng.poisson(2.0, size=(20_000, 9)).astype(float)
    yi = rng.poisson(2.0, size=20_000).astype(float)
    assert pit_uniformity(pit(xi, yi)).pvalue > 0.01


@given(
    members=st.lists(st.integers(-3, 3), min_size=1, max_size=6),
    y=st.integers(-4, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_pit_of_an_ensemble_lies_in_its_rank_bin(members, y, seed):
    # the value lies between (#below) / (m + 1) and (#below + #ties + 1) / (m + 1)
    x = np.array(members, dtype=float)
    u = float(pit(x, float(y), seed=seed))
    m = x.size
    below = int((x < y).sum())
    ties = int((x == y).sum())
    assert below / (m + 1) <= u <= (below + ties + 1) / (m + 1)


# --- errors ----------------------------------------------------------------------------------


def test_pit_errors_and_nan():
    with pytest.raises(ShapeError, match=r"pit\(forecast, outcome\)"):
        pit(np.zeros(3), np.zeros((3, 4)))
    with pytest.raises(InvalidForecastError, match=r"scipy.stats.norm.*scale=-1.0"):
        pit(stats.norm(0.0, -1.0), 0.0)
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[0\] = inf"):
        pit(stats.norm(), [np.inf])
    with pytest.raises(InvalidForecastError, match=r"forecast\[1\] = inf"):
        pit([0.0, np.inf], 1.0)
    with pytest.raises(InvalidOptionError, match=r"seed must be an integer >= 0 \(got -1\)"):
        pit([0.0, 1.0], 0.5, seed=-1)
    got = pit([[0.0, 1.0], [np.nan, 1.0]], 0.5, nan_policy="propagate")
    assert 1 / 3 <= got[0] <= 2 / 3 and math.isnan(got[1])


# --- uniformity test -------------------------------------------------------------------------


def test_pit_uniformity_by_hand_and_against_scipy():
    # ECDF of 0.1, 0.3, 0.5, 0.7, 0.9 is 0.1 away from u just before and after each value
    r = pit_uniformity([0.1, 0.3, 0.5, 0.7, 0.9])
    assert r.statistic == pytest.approx(0.1, rel=1e-12) and r.n == 5
    u = np.random.default_rng(2).beta(2.0, 2.0, size=(30, 10))
    ks = stats.kstest(u.reshape(-1), "uniform")
    got = pit_uniformity(u)
    assert (got.statistic, got.pvalue, got.n) == (ks.statistic, ks.pvalue, 300)


def test_pit_uniformity_errors():
    with pytest.raises(InvalidForecastError, match=r"pit_values\[0, 1\] = -0.5 is not"):
        pit_uniformity([[0.5, -0.5]])
    with pytest.raises(InvalidForecastError, match=r"pit_values\[1\] = nan is not"):
        pit_uniformity([0.5, np.nan])
    with pytest.raises(InvalidForecastError, match="pit_values is empty"):
        pit_uniformity([])


def test_top_level_pit():
    assert float(fs.pit(stats.norm(), 0.0)) == 0.5
