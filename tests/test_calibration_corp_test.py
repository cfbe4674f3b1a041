"""The CORP calibration test: its statistic against a hand calculation and against
scikit-learn's isotonic regression as the oracle, its p-value against the exact null
distribution enumerated over every outcome vector, and its errors."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from sklearn.isotonic import IsotonicRegression

from forecastscore.calibration import CalibrationTest, corp_decomposition, corp_test
from forecastscore.errors import InvalidOptionError, ShapeError


def _oracle_mcb(p, y, rule="brier"):
    """MCB from scikit-learn's PAV fit (ties pooled by averaging, as CORP does)."""
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=float)
    fit = IsotonicRegression(y_min=0.0, y_max=1.0).fit(p, y).predict(p)

    def mean_score(q):
        if rule == "brier":
            return np.mean((q - y) ** 2)
        with np.errstate(divide="ignore"):
            return np.mean(np.where(y == 1, -np.log(q), -np.log1p(-q)))

    return mean_score(p) - mean_score(fit)


def test_corp_test_statistic_by_hand():
    # recalibrated 0.5, 0.5, 1, 1: Brier (0.04 + 0.64 + 0.04 + 0.04) / 4 - (0.25 + 0.25) / 4
    t = corp_test([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1], n_resamples=99)
    assert t.statistic == pytest.approx(0.19 - 0.125, abs=1e-15)
    assert (t.test, t.df, t.n, t.n_clusters) == ("corp", None, 4, None)
    assert isinstance(t, CalibrationTest)
    assert "consistency resampling: 99 draws" in t.note
    assert "outcomes assumed independent" in t.note


@pytest.mark.parametrize("rule", ["brier", "log"])
def test_corp_test_statistic_matches_sklearn_isotonic(rule):
    rng = np.random.default_rng(11)
    p = rng.uniform(0.01, 0.99, size=500).round(2)
    y = rng.uniform(size=500) < p**1.3
    t = corp_test(p, y, rule=rule, n_resamples=10)
    assert t.statistic == pytest.approx(_oracle_mcb(p, y, rule), abs=1e-12)
    assert t.statistic == pytest.approx(
        corp_decomposition(p, y, rule=rule).miscalibration, abs=1e-12
    )


def test_corp_test_spherical_and_base_match_the_decomposition():
    rng = np.random.default_rng(3)
    p = rng.uniform(size=300)
    y = rng.uniform(size=300) < p
    sph = corp_test(p, y, rule="spherical", n_resamples=5)
    assert sph.statistic == pytest.approx(
        corp_decomposition(p, y, rule="spherical").miscalibration, abs=1e-12
    )
    nats = corp_test(p, y, rule="log", n_resamples=200)
    bits = corp_test(p, y, rule="log", base=2, n_resamples=200)
    assert bits.statistic == pytest.approx(nats.statistic / math.log(2), rel=1e-12)
    assert bits.p_value == nats.p_value  # the unit does not change the evidence


def _exact_null_p_value(p, y_obs):
    """P(MCB* >= MCB) under y*_i ~ Bernoulli(p_i) independent, by enumerating all 2^n."""
    p = np.asarray(p, dtype=float)
    observed = _oracle_mcb(p, y_obs)
    total = 0.0
    for ys in itertools.product([0, 1], repeat=p.size):
        ys = np.array(ys, dtype=float)
        prob = float(np.prod(np.where(ys == 1, p, 1 - p)))
        if _oracle_mcb(p, ys) >= observed - 1e-12:
            total += prob
    return total


@pytest.mark.parametrize(
    ("p", "y"),
    [
        ([0.1, 0.3, 0.6, 0.9, 0.5, 0.2, 0.8], [1, 0, 0, 1, 1, 0, 0]),
        ([0.25, 0.25, 0.75, 0.75, 0.5, 0.9], [0, 0, 0, 1, 1, 0]),
    ],
)
def test_corp_test_p_value_matches_the_enumerated_null(p, y):
    exact = _exact_null_p_value(p, y)
    b = 20000
    t = corp_test(p, y, n_resamples=b, seed=7)
    # Monte Carlo p-value (1 + k) / (1 + B): within 4 standard errors of the exact one
    se = math.sqrt(exact * (1 - exact) / b)
    assert abs(t.p_value - exact) < 4 * se + 2 / b, (t.p_value, exact)


def test_corp_test_p_value_is_one_plus_count_over_one_plus_resamples():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=50)
    y = rng.uniform(size=50) < p
    t = corp_test(p, y, n_resamples=37)
    k = t.p_value * 38
    assert abs(k - round(k)) < 1e-9 and 1 <= round(k) <= 38


def test_corp_test_calibrated_in_sample_has_p_value_one():
    # each forecast equals the frequency of its events: MCB is 0, and every resample ties
    t = corp_test([0.5, 0.5, 1.0, 1.0, 0.0], [0, 1, 1, 1, 0], n_resamples=50)
    assert t.statistic == 0.0
    assert t.p_value == 1.0


def test_corp_test_tie_decision_does_not_depend_on_order():
    # the same pairs in other orders: the draws are made per distinct value, so the
    # statistic and the p-value are the same, whatever order the sums ran in
    rng = np.random.default_rng(4)
    p = rng.uniform(size=400).round(1)
    y = rng.uniform(size=400) < p
    a = corp_test(p, y, n_resamples=300)
    for order in (np.argsort(-p, kind="stable"), rng.permutation(400), np.arange(400)[::-1]):
        b = corp_test(p[order], y[order], n_resamples=300)
        assert b.statistic == pytest.approx(a.statistic, abs=1e-15)
        assert b.p_value == a.p_value


def test_corp_test_is_reproducible_and_seeded():
    rng = np.random.default_rng(9)
    p = rng.uniform(size=200)
    y = rng.uniform(size=200) < p
    assert corp_test(p, y, n_resamples=100).p_value == corp_test(p, y, n_resamples=100).p_value
    fresh = corp_test(p, y, n_resamples=100, seed=None)
    assert 0 < fresh.p_value <= 1


def test_corp_test_rejects_overconfidence():
    rng = np.random.default_rng(2)
    truth = rng.uniform(0.05, 0.95, size=3000)
    y = rng.uniform(size=3000) < truth
    # (kept off 0 and 1: a failed certain forecast would decide the test without resampling)
    too_sure = np.clip(0.5 + 1.8 * (truth - 0.5), 0.01, 0.99)
    t = corp_test(too_sure, y, n_resamples=199)
    assert t.p_value == 1 / 200  # no resample comes near
    # the calibrated truth on a fresh draw of outcomes is not rejected: one seeded draw (its
    # p-value is uniform over draws, 0.035 for seed 20, 0.99 for 21: the size over many
    # draws is the slow test's job, tests/test_calibration_null.py)
    y_fresh = np.random.default_rng(21).uniform(size=3000) < truth
    honest = corp_test(truth, y_fresh, n_resamples=199)
    assert honest.p_value > 0.05


def test_corp_test_clustered_note_and_counts():
    p = [0.2, 0.2, 0.7, 0.7, 0.4, 0.9]
    y = [0, 0, 1, 1, 0, 1]
    t = corp_test(p, y, cluster=["a", "a", "b", "b", "c", "d"], n_resamples=99)
    assert t.n_clusters == 4
    assert "one uniform per cluster over 4 clusters" in t.note
    assert "assumed coupling" in t.note


def test_corp_test_clustered_duplicates_equal_the_unclustered_originals_in_distribution():
    # every question forecast three times at one value, and so with one shared outcome:
    # MCB of the copies equals MCB of the originals, and with cluster= the resampled
    # outcome is shared too, so the two p-values estimate one number
    rng = np.random.default_rng(5)
    p = rng.uniform(size=60).round(2)
    y = rng.uniform(size=60) < p**1.2
    t1 = corp_test(p, y, n_resamples=4000, seed=1)
    t3 = corp_test(
        np.repeat(p, 3), np.repeat(y, 3), cluster=np.repeat(np.arange(60), 3), n_resamples=4000
    )
    assert t3.statistic == pytest.approx(t1.statistic, abs=1e-14)
    se = math.sqrt(t1.p_value * (1 - t1.p_value) / 4000)
    assert abs(t3.p_value - t1.p_value) < 6 * se + 2 / 4000
    # without cluster= the copies look like three times the evidence (p 0.26 -> 0.0005)
    t3_naive = corp_test(np.repeat(p, 3), np.repeat(y, 3), n_resamples=4000)
    assert t3_naive.p_value < t1.p_value / 10


def test_corp_test_infinite_log_miscalibration():
    # a forecast of 0 on something that happened: infinitely miscalibrated under the log score,
    # and impossible under the null (no draw y* ~ Bernoulli(0) is 1), so the p-value is 0,
    # not the smallest resampled value 1 / 50
    t = corp_test([0.0, 0.3, 0.8], [1, 0, 1], rule="log", n_resamples=49)
    assert t.statistic == math.inf
    assert t.p_value == 0.0


def test_corp_test_errors():
    with pytest.raises(InvalidOptionError, match=r"base applies to rule='log' only \(got base=2"):
        corp_test([0.2], [1], base=2)
    with pytest.raises(InvalidOptionError, match="n_resamples must be at most 1000000 .*1000001"):
        corp_test([0.2], [1], n_resamples=1_000_001)
    with pytest.raises(InvalidOptionError, match="seed"):
        corp_test([0.2], [1], seed=1.5)
    with pytest.raises(ShapeError, match="no pairs"):
        corp_test([], [])
    with pytest.raises(InvalidOptionError, match=r"cluster\[1\] = .*nan.* is missing"):
        corp_test([0.2, 0.4], [1, 0], cluster=[1.0, np.nan])


def test_corp_test_repr_and_records():
    t = corp_test([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1], n_resamples=99)
    assert repr(t).startswith("CalibrationTest(test='corp', statistic=0.065, p_value=")
    (row,) = t.to_records()
    assert row["test"] == "corp" and row["df"] is None
