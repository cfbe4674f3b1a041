"""Calibration tests with p-values: Spiegelhalter's Z and Hosmer-Lemeshow.

Expected statistics are computed by hand in each test; p-values come from scipy.stats as the
oracle for the reference distributions. Size and power are checked by seeded simulation.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from forecastscore.calibration import CalibrationTest, hosmer_lemeshow_test, spiegelhalter_test
from forecastscore.errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    ShapeError,
)

P4 = [0.2, 0.7, 0.9, 0.4]
Y4 = [0, 1, 1, 1]


# --- Spiegelhalter -------------------------------------------------------------------------


def test_spiegelhalter_hand_computed():
    # (y - p)(1 - 2p): -0.2 * 0.6, 0.3 * -0.4, 0.1 * -0.8, 0.6 * 0.2 -> -0.12 - 0.12 - 0.08 + 0.12
    num = -0.2
    # (1 - 2p)^2 p (1 - p): 0.36 * 0.16, 0.16 * 0.21, 0.64 * 0.09, 0.04 * 0.24
    var = 0.0576 + 0.0336 + 0.0576 + 0.0096
    t = spiegelhalter_test(P4, Y4)
    z = num / math.sqrt(var)
    assert t.statistic == pytest.approx(z, rel=1e-13)
    assert t.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)
    assert (t.test, t.df, t.n, t.n_clusters) == ("spiegelhalter", None, 4, None)
    assert "assumed independent" in t.note


def test_spiegelhalter_clustered_hand_computed():
    # cluster a: -0.12 - 0.12 = -0.24; cluster b: -0.08 + 0.12 = 0.04
    var = 0.24**2 + 0.04**2
    t = spiegelhalter_test(P4, Y4, cluster=["a", "a", "b", "b"])
    assert t.statistic == pytest.approx(-0.2 / math.sqrt(var), rel=1e-13)
    assert t.n_clusters == 2
    assert "cluster-robust" in t.note and "2 clusters" in t.note


def test_spiegelhalter_one_cluster_per_forecast_is_the_robust_variance():
    # singleton clusters: the variance is sum((y - p)^2 (1 - 2p)^2) = 0.0144 * 3 + 0.0064
    t = spiegelhalter_test(P4, Y4, cluster=[1, 2, 3, 4])
    assert t.statistic == pytest.approx(-0.2 / math.sqrt(3 * 0.0144 + 0.0064), rel=1e-13)


def test_spiegelhalter_does_not_depend_on_order():
    rng = np.random.default_rng(5)
    p = rng.uniform(size=101)
    y = rng.uniform(size=101) < p
    c = rng.integers(0, 20, size=101)
    order = rng.permutation(101)
    a = spiegelhalter_test(p, y, cluster=c)
    b = spiegelhalter_test(p[order], y[order], cluster=c[order])
    assert a.statistic == pytest.approx(b.statistic, rel=1e-12)


def test_spiegelhalter_result_records():
    t = spiegelhalter_test(P4, Y4)
    (row,) = t.to_records()
    assert set(row) == {"test", "statistic", "p_value", "df", "n", "n_clusters", "note"}
    assert row["statistic"] == t.statistic
    assert isinstance(t, CalibrationTest)
    assert repr(t).startswith("CalibrationTest(test='spiegelhalter', statistic=-0.502519")


def test_spiegelhalter_zero_variance_refused():
    with pytest.raises(InvalidForecastError, match="variance is 0 .*every forecast is 0, 1/2 or 1"):
        spiegelhalter_test([0.5, 0.0, 1.0], [1, 0, 1])


def test_spiegelhalter_errors():
    with pytest.raises(InvalidForecastError, match=r"forecast\[1\]"):
        spiegelhalter_test([0.2, 1.5], [0, 1])
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[0\]"):
        spiegelhalter_test([0.2, 0.5], [2, 1])
    with pytest.raises(ShapeError, match="no pairs"):
        spiegelhalter_test([], [])
    with pytest.raises(ShapeError, match=r"cluster of shape \(3,\).*4 forecasts"):
        spiegelhalter_test(P4, Y4, cluster=["a", "b", "c"])
    with pytest.raises(InvalidOptionError, match=r"cluster\[2\] = .*nan.* is missing"):
        spiegelhalter_test(P4, Y4, cluster=[1.0, 2.0, np.nan, 1.0])
    with pytest.raises(InvalidOptionError, match=r"cluster\[1\] = None is missing"):
        spiegelhalter_test(P4, Y4, cluster=["a", None, "b", "b"])
    with pytest.raises(ForecastTypeError, match="cluster labels must be of one sortable type"):
        spiegelhalter_test(P4, Y4, cluster=np.array(["a", 1, "b", 2], dtype=object))


# --- Hosmer-Lemeshow -------------------------------------------------------------------------


def test_hosmer_lemeshow_hand_computed_two_groups():
    # groups {0.2, 0.3} and {0.6, 0.8}
    # g1: O = 1, E = 0.5, n = 2: (0.5)^2 / (0.5 * (1 - 0.25)) = 0.25 / 0.375
    # g2: O = 1, E = 1.4, n = 2: (0.4)^2 / (1.4 * (1 - 0.7)) = 0.16 / 0.42
    h = 0.25 / 0.375 + 0.16 / 0.42
    t = hosmer_lemeshow_test([0.2, 0.3, 0.6, 0.8], [0, 1, 0, 1], n_groups=2)
    assert t.statistic == pytest.approx(h, rel=1e-13)
    assert t.df == 2
    assert t.p_value == pytest.approx(stats.chi2.sf(h, 2), rel=1e-12)
    assert (t.test, t.n, t.n_clusters) == ("hosmer-lemeshow", 4, None)
    assert "out of sample" in t.note and "assumed independent" in t.note


def test_hosmer_lemeshow_hand_computed_three_groups():
    # thirds of six sorted forecasts: {0.1, 0.1, 0.1}, {0.5, 0.5}, {0.9}
    # g1: O = 1, E = 0.3, n = 3: 0.49 / (0.3 * 0.9); g2: O = 1, E = 1: 0; g3: 0.01 / (0.9 * 0.1)
    h = 0.49 / 0.27 + 0.0 + 0.01 / 0.09
    t = hosmer_lemeshow_test([0.1, 0.5, 0.1, 0.9, 0.1, 0.5], [0, 1, 1, 1, 0, 0], n_groups=3)
    assert t.statistic == pytest.approx(h, rel=1e-13)
    assert h == pytest.approx(52 / 27, rel=1e-13)
    assert t.df == 3


def test_hosmer_lemeshow_ties_share_a_group():
    # four forecasts of 0.3 and two of 0.7 in 4 asked groups: the ties make 2 groups
    # g1: O = 2, E = 1.2, n = 4: 0.64 / (1.2 * 0.7); g2: O = 1, E = 1.4, n = 2: 0.16 / (1.4 * 0.3)
    t = hosmer_lemeshow_test([0.3, 0.3, 0.7, 0.3, 0.3, 0.7], [1, 0, 1, 1, 0, 0], n_groups=4)
    assert t.df == 2
    assert t.statistic == pytest.approx(0.64 / 0.84 + 0.16 / 0.42, rel=1e-13)
    assert "2 groups" in t.note and "4 asked" in t.note


def test_hosmer_lemeshow_certain_forecasts():
    # the group of zeros has no variance: it adds 0 when nothing happened ...
    # second group {0.5, 0.5}: O = 1, E = 1: adds 0
    t = hosmer_lemeshow_test([0.0, 0.0, 0.5, 0.5], [0, 0, 1, 0], n_groups=2)
    assert t.statistic == 0.0 and t.p_value == 1.0
    # ... and infinity when a forecast of 0 saw the event
    t = hosmer_lemeshow_test([0.0, 0.0, 0.5, 0.5], [1, 0, 1, 0], n_groups=2)
    assert t.statistic == math.inf and t.p_value == 0.0


def test_hosmer_lemeshow_clustered_hand_computed():
    p = [0.2, 0.6, 0.3, 0.8, 0.2, 0.6]
    y = [0, 1, 1, 0, 1, 1]
    # groups by halves: {0.2, 0.3, 0.2} (rows 0, 2, 4) and {0.6, 0.8, 0.6} (rows 1, 3, 5)
    # d = (O - E) = (2 - 0.7, 2 - 2.0) = (1.3, 0.0)
    # one uniform per cluster: Cov(y_i, y_j) = min(p_i, p_j) - p_i p_j within a cluster
    # cluster a (0.2 | 0.6): V00 += 0.16, V11 += 0.24, V01 += 0.2 - 0.12 = 0.08
    # cluster b (0.3 | 0.8): V00 += 0.21, V11 += 0.16, V01 += 0.3 - 0.24 = 0.06
    # cluster c (0.2 | 0.6): as a
    v00, v01, v11 = 0.53, 0.22, 0.64
    det = v00 * v11 - v01 * v01
    stat = 1.3**2 * v11 / det
    t = hosmer_lemeshow_test(p, y, n_groups=2, cluster=["a", "a", "b", "b", "c", "c"])
    assert t.statistic == pytest.approx(stat, rel=1e-12)
    assert t.p_value == pytest.approx(stats.chi2.sf(stat, 2), rel=1e-12)
    assert t.n_clusters == 3 and "3 clusters" in t.note
    assert "one uniform number (assumed coupling" in t.note


def test_hosmer_lemeshow_clustered_covariance_matches_the_pairwise_sum():
    # the covariance of the group sums, by the explicit double sum over pairs of forecasts
    # of one cluster (an O(n^2) oracle), recovers the statistic
    rng = np.random.default_rng(21)
    p = rng.uniform(size=240).round(2)
    y = (rng.uniform(size=240) < p).astype(int)
    c = rng.integers(0, 60, size=240)
    t = hosmer_lemeshow_test(p, y, n_groups=4, cluster=c)
    cuts = np.unique(np.sort(p)[[-(-k * 240 // 4) - 1 for k in (1, 2, 3)]])
    group = np.searchsorted(cuts, p, side="left")
    onehot = np.eye(group.max() + 1)[group]
    same = c[:, None] == c[None, :]
    cov = np.where(same, np.minimum.outer(p, p) - np.outer(p, p), 0.0)
    v = onehot.T @ cov @ onehot
    d = onehot.T @ (y - p)
    assert t.df == onehot.shape[1]
    assert t.statistic == pytest.approx(float(d @ np.linalg.solve(v, d)), rel=1e-10)


def test_hosmer_lemeshow_errors():
    with pytest.raises(InvalidOptionError, match="n_groups must be an integer >= 2 .got 1."):
        hosmer_lemeshow_test(P4, Y4, n_groups=1)
    with pytest.raises(InvalidOptionError, match="n_groups must be an integer >= 2 .got 2.5."):
        hosmer_lemeshow_test(P4, Y4, n_groups=2.5)
    with pytest.raises(InvalidOptionError, match="n_groups must be an integer >= 2 .got True."):
        hosmer_lemeshow_test(P4, Y4, n_groups=True)
    with pytest.raises(InvalidOptionError, match=r"more clusters than groups \(got 2 clusters\)"):
        hosmer_lemeshow_test(P4, Y4, n_groups=2, cluster=["a", "a", "b", "b"])
    with pytest.raises(InvalidForecastError, match=r"forecast\[0\] = -0.1"):
        hosmer_lemeshow_test([-0.1, 0.5], [0, 1])
    with pytest.raises(ShapeError, match=r"cluster of shape \(\).*4 forecasts"):
        hosmer_lemeshow_test(P4, Y4, cluster="a")


def test_hosmer_lemeshow_clustered_certain_group_adds_zero_or_infinity():
    # group 2 holds forecasts of 1 that happened: no variance, and it adds 0, as without
    # clusters; group 1 {0.2, 0.3, 0.4}, one per cluster: V = 0.16 + 0.21 + 0.24, d = 1 - 0.9
    p = [0.2, 1.0, 0.3, 1.0, 0.4, 1.0]
    y = [0, 1, 1, 1, 0, 1]
    t = hosmer_lemeshow_test(p, y, n_groups=2, cluster=[1, 1, 2, 2, 3, 3])
    assert t.statistic == pytest.approx(0.1**2 / 0.61, rel=1e-12)
    assert t.df == 1  # the certain group adds exactly 0 under the null: no df (review R2)
    # a certain forecast that failed: infinitely miscalibrated
    t = hosmer_lemeshow_test(p, [0, 1, 1, 0, 0, 1], n_groups=2, cluster=[1, 1, 2, 2, 3, 3])
    assert t.statistic == math.inf and t.p_value == 0.0


# --- size and power by simulation ----------------------------------------------------------


def _calibrated(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    p = rng.beta(2.0, 2.0, size=n)
    return p, (rng.uniform(size=n) < p).astype(int)


@pytest.mark.parametrize("test", [spiegelhalter_test, hosmer_lemeshow_test])
def test_p_values_uniform_under_calibrated_null(test):
    rng = np.random.default_rng(20261129)
    pv = [test(*_calibrated(rng, 400)).p_value for _ in range(200)]
    assert stats.kstest(pv, "uniform").pvalue > 0.01


@pytest.mark.parametrize("test", [spiegelhalter_test, hosmer_lemeshow_test])
@pytest.mark.parametrize(
    "truth",
    [
        # outcomes drawn from p**2: the forecasts (mostly below 1/2) are too high
        pytest.param(lambda p: p**2, id="too-high"),
        # outcomes drawn from (1 + p) / 3 on the same forecasts: too extreme (overconfident)
        pytest.param(lambda p: (1.0 + p) / 3.0, id="overconfident"),
    ],
)
def test_rejects_miscalibrated_alternative(test, truth):
    rng = np.random.default_rng(7)
    rejected = 0
    for _ in range(100):
        p = rng.beta(2.0, 5.0, size=400)
        y = (rng.uniform(size=400) < truth(p)).astype(int)
        rejected += test(p, y).p_value < 0.05
    assert rejected >= 90


def test_spiegelhalter_blind_to_errors_that_cancel_about_one_half():
    # outcomes from p**2 with forecasts symmetric about 1/2: E[(y - p)(1 - 2p)] is
    # -p(1 - p)(1 - 2p), odd about 1/2, so Z has mean 0 (documented weakness); HL sees it
    rng = np.random.default_rng(7)
    z_rejects = hl_rejects = 0
    for _ in range(100):
        p = rng.beta(2.0, 2.0, size=400)
        y = (rng.uniform(size=400) < p**2).astype(int)
        z_rejects += spiegelhalter_test(p, y).p_value < 0.05
        hl_rejects += hosmer_lemeshow_test(p, y).p_value < 0.05
    assert z_rejects <= 15
    assert hl_rejects >= 90


def _clustered(rng: np.random.Generator, n_q: int, k: int):
    # k forecasts per question, all equal to the question's probability, one shared outcome
    q = rng.beta(2.0, 2.0, size=n_q)
    happened = rng.uniform(size=n_q) < q
    return np.repeat(q, k), np.repeat(happened, k).astype(int), np.repeat(np.arange(n_q), k)


def test_spiegelhalter_clustered_p_values_uniform_where_independent_ones_are_not():
    rng = np.random.default_rng(11)
    robust, naive = [], []
    for _ in range(200):
        p, y, c = _clustered(rng, 200, 5)
        robust.append(spiegelhalter_test(p, y, cluster=c).p_value)
        naive.append(spiegelhalter_test(p, y).p_value)
    assert stats.kstest(robust, "uniform").pvalue > 0.01
    # assuming independence, the variance is 5 times too small: far more than 5 % rejected
    assert np.mean(np.array(naive) < 0.05) > 0.2


def test_hosmer_lemeshow_clustered_p_values_uniform():
    rng = np.random.default_rng(13)
    pv = []
    for _ in range(200):
        p, y, c = _clustered(rng, 400, 3)
        pv.append(hosmer_lemeshow_test(p, y, n_groups=5, cluster=c).p_value)
    assert stats.kstest(pv, "uniform").pvalue > 0.01


def test_hosmer_lemeshow_clustered_certain_group_decision_does_not_depend_on_order():
    # many forecasts of 0 that did not happen (a certain group that matches) beside uncertain
    # ones: in any order of the rows the certain group adds exactly 0 and the rest is tested
    rng = np.random.default_rng(6)
    p = np.concatenate([np.zeros(300), rng.uniform(0.05, 0.95, size=700).round(2)])
    y = np.concatenate([np.zeros(300), rng.uniform(size=700) < p[300:]]).astype(int)
    c = rng.integers(0, 150, size=1000)
    first = hosmer_lemeshow_test(p, y, cluster=c)
    assert math.isfinite(first.statistic)
    for order in (np.arange(1000)[::-1], rng.permutation(1000), np.argsort(-p, kind="stable")):
        again = hosmer_lemeshow_test(p[order], y[order], cluster=c[order])
        assert again.statistic == pytest.approx(first.statistic, rel=1e-10)
        assert again.df == first.df
