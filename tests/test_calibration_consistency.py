"""Consistency of the calibration tests and of the clustered AUC interval (review of issue 13).

Four inconsistencies, each guarded with values worked out by hand (or, for the bootstrap,
from its definition written out here as an explicit loop), never taken from the code under
test:

1. a certain forecast (0 or 1) that failed is proof of miscalibration for Spiegelhalter's
   test as for Hosmer-Lemeshow's (statistic inf, p-value 0), also among uncertain forecasts;
   "no information" is left only for data where nothing can be tested;
2. the cluster bootstrap of the AUC says how many resamples it left out, and gives no
   interval when more than 1 - confidence of them had no AUC;
3. a clustered Hosmer-Lemeshow test needs more clusters than the groups that count toward
   its degrees of freedom, not than all groups.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from forecastscore.calibration import discrimination, hosmer_lemeshow_test, spiegelhalter_test
from forecastscore.errors import InvalidForecastError, InvalidOptionError

# --- 1. certain forecasts: Spiegelhalter and Hosmer-Lemeshow alike ------------------------


def test_spiegelhalter_failed_certain_forecast_gives_infinite_z_and_p_value_zero():
    # A forecast of 1 on a non-event has probability 0 under the null hypothesis. Its term
    # (y - p)(1 - 2p) = (0 - 1)(1 - 2) = +1 adds to the numerator, its p(1 - p) = 0 nothing
    # to the variance: the Brier score is infinitely many standard deviations above its
    # expectation, Z = +inf, p = 0 (a finite Z would understate proof as evidence).
    t = spiegelhalter_test([0.2, 0.7, 1.0, 0.4], [0, 1, 0, 1])
    assert t.statistic == math.inf
    assert t.p_value == 0.0
    assert t.df is None and t.n == 4
    assert "1 certain forecast (0 or 1) failed, the first at flat position 2" in t.note
    assert "(forecast 1.0, outcome 0)" in t.note


def test_spiegelhalter_all_certain_with_a_failure_is_inf_not_no_information():
    # Every forecast 0 or 1, so the variance is 0; a forecast of 0 saw the event (index 2)
    # and one of 1 did not (index 3): was refused as "no information", now proof.
    t = spiegelhalter_test([0, 1, 0, 1], [0, 1, 1, 0])
    assert (t.statistic, t.p_value) == (math.inf, 0.0)
    assert "2 certain forecasts (0 or 1) failed, the first at flat position 2" in t.note


def test_spiegelhalter_failed_certain_forecast_with_clusters_is_inf():
    # Clustering changes the variance, not the fact that the outcome was impossible.
    t = spiegelhalter_test([0.2, 0.7, 0.0, 0.4], [0, 1, 1, 1], cluster=["q1", "q1", "q2", "q3"])
    assert (t.statistic, t.p_value, t.n_clusters) == (math.inf, 0.0, 3)
    # The options are checked first: one cluster is still refused.
    with pytest.raises(InvalidOptionError, match=r"at least 2 clusters \(got 1\)"):
        spiegelhalter_test([0.2, 0.0], [0, 1], cluster=["q", "q"])


def test_spiegelhalter_all_certain_and_right_still_has_no_information():
    # Every forecast 0 or 1 and right (and 1/2, which has weight 1 - 2p = 0): Z = 0 / 0.
    with pytest.raises(
        InvalidForecastError,
        match=r"variance is 0 for these 5 forecasts \(every forecast is 0, 1/2 or 1, and "
        r"every 0 or 1 came true\), so the test has no information",
    ):
        spiegelhalter_test([0, 1, 0.5, 1, 0], [0, 1, 1, 1, 0])
    with pytest.raises(InvalidForecastError, match=r"every 0 or 1 came true"):
        spiegelhalter_test([0, 1, 1, 0], [0, 1, 1, 0], cluster=[1, 2, 3, 4])
    # Hosmer-Lemeshow on the same data: H = 0 on 0 df, whose chi-square is the point mass
    # at 0, so P(H >= 0) = 1 (documented in both Notes).
    h = hosmer_lemeshow_test([0, 1, 1, 0], [0, 1, 1, 0], n_groups=2)
    assert (h.statistic, h.df, h.p_value) == (0.0, 0, 1.0)


def test_spiegelhalter_clustered_zero_variance_still_names_the_cluster_sums():
    # Uncertain forecasts whose cluster sums vanish: p = 1/4, weight 1 - 2p = 1/2; an event
    # adds (3/4)(1/2) = 0.375, a non-event (-1/4)(1/2) = -0.125, so one event and three
    # non-events per cluster sum to 0 exactly (binary fractions, in any order). The
    # forecasts are informative, so the message names the cluster sums, not certainty.
    p = [0.25] * 8
    y = [1, 0, 0, 0, 1, 0, 0, 0]
    with pytest.raises(InvalidForecastError, match=r"every cluster's sum of \(y - p\)"):
        spiegelhalter_test(p, y, cluster=[1, 1, 1, 1, 2, 2, 2, 2])


def test_spiegelhalter_certain_and_right_forecasts_leave_z_unchanged():
    # [0.2, 0.7, 0.9, 0.4] on [0, 1, 1, 1]: numerator -0.2 * 0.6 + 0.3 * -0.4 + 0.1 * -0.8
    # + 0.6 * 0.2 = -0.2, variance 0.36 * 0.16 + 0.16 * 0.21 + 0.64 * 0.09 + 0.04 * 0.24 =
    # 0.1584. A 0 that stayed 0 and a 1 that happened add 0 to both.
    want = -0.2 / math.sqrt(0.1584)
    t = spiegelhalter_test([0.2, 0.0, 0.7, 0.9, 1.0, 0.4], [0, 0, 1, 1, 1, 1])
    assert t.statistic == pytest.approx(want, rel=1e-12)
    assert t.p_value == pytest.approx(math.erfc(abs(want) / math.sqrt(2)), rel=1e-12)


@pytest.mark.parametrize(
    ("forecast", "outcome", "cluster"),
    [
        ([0, 1, 0, 1], [0, 1, 1, 1], None),  # all certain, one failed
        ([0, 1, 1], [1, 0, 1], None),  # two failures cancel in a group's O - E
        ([0.0, 0.3, 0.6, 0.8], [1, 1, 0, 1], None),  # a failed 0 among uncertain forecasts
        ([0.1, 0.3, 0.6, 1.0], [0, 1, 1, 0], None),  # a failed 1 among uncertain forecasts
        ([0.0, 0.3, 0.6, 0.8, 0.2, 0.5], [1, 1, 0, 1, 0, 0], [1, 2, 3, 4, 5, 6]),
    ],
    ids=["all-certain", "cancelling", "failed-0-mixed", "failed-1-mixed", "clustered"],
)
def test_spiegelhalter_and_hosmer_lemeshow_agree_on_failed_certain_forecasts(
    forecast, outcome, cluster
):
    s = spiegelhalter_test(forecast, outcome, cluster=cluster)
    h = hosmer_lemeshow_test(forecast, outcome, n_groups=2, cluster=cluster)
    assert (s.statistic, s.p_value) == (math.inf, 0.0)
    assert (h.statistic, h.p_value) == (math.inf, 0.0)
    assert "certain forecast" in s.note and "certain forecast" in h.note


def test_hosmer_lemeshow_failed_certain_forecast_among_uncertain_is_infinite():
    # n_groups=2 over [0, 0.3, 0.6, 0.8]: groups {0, 0.3} and {0.6, 0.8}, both holding an
    # uncertain forecast, so df = 2. The forecast 0 saw the event: the grouped statistic
    # would be finite, (2 - 0.3)^2 / (0.3 (1 - 0.15)) + (1 - 1.4)^2 / (1.4 (1 - 0.7)) =
    # 11.33 + 0.38, p = exp(-11.71 / 2) = 0.0029, but the data are impossible under the null: H = inf, p = 0.
    t = hosmer_lemeshow_test([0.0, 0.3, 0.6, 0.8], [1, 1, 0, 1], n_groups=2)
    assert (t.statistic, t.df, t.p_value) == (math.inf, 2, 0.0)
    assert "1 certain forecast (0 or 1) failed, the first at flat position 0" in t.note
    # the same forecasts with the 0 right: H = (1 - 0.3)^2 / (0.3 * 0.85) + 0.16 / 0.42
    t = hosmer_lemeshow_test([0.0, 0.3, 0.6, 0.8], [0, 1, 0, 1], n_groups=2)
    assert t.statistic == pytest.approx(0.49 / 0.255 + 0.16 / 0.42, rel=1e-12)
    assert "failed" not in t.note


# --- 3. clustered Hosmer-Lemeshow: clusters against the groups that have df ---------------


def test_clustered_hosmer_lemeshow_needs_more_clusters_than_groups_counting_toward_df():
    # n_groups=2 over 8 forecasts: groups {0, 0, 0, 0} (certain, no df) and
    # {0.2, 0.4, 0.6, 0.8} (df 1). Two clusters were refused (2 <= 2 groups); they are more
    # than the one group with df. The uncertain group's variance under the one-uniform
    # coupling, V = sum over ordered pairs (i, j) of a cluster of min(p_i, p_j) - p_i p_j:
    #   cluster a {0.2, 0.4}: (0.2 - 0.04) + (0.4 - 0.16) + 2 (0.2 - 0.08) = 0.64
    #   cluster b {0.6, 0.8}: (0.6 - 0.36) + (0.8 - 0.64) + 2 (0.6 - 0.48) = 0.64
    # d = O - E = 3 - 2 = 1, H = 1 / 1.28 = 0.78125 on 1 df: p = erfc(sqrt(H / 2)).
    p = [0, 0, 0, 0, 0.2, 0.4, 0.6, 0.8]
    y = [0, 0, 0, 0, 0, 1, 1, 1]
    t = hosmer_lemeshow_test(p, y, n_groups=2, cluster=list("aabbaabb"))
    assert t.statistic == pytest.approx(1 / 1.28, rel=1e-12)
    assert (t.df, t.n_clusters) == (1, 2)
    assert t.p_value == pytest.approx(math.erfc(math.sqrt(0.78125 / 2)), rel=1e-12)
    # one cluster is not more than the one group with df: refused, naming both counts
    with pytest.raises(
        InvalidOptionError,
        match=r"1 of the 2 groups count toward df \(a group of only 0s and 1s has none\), "
        r"and a clustered Hosmer-Lemeshow test needs more clusters than groups \(got 1 "
        r"clusters\); use fewer groups \(n_groups=2\)",
    ):
        hosmer_lemeshow_test(p, y, n_groups=2, cluster=["a"] * 8)


def test_clustered_hosmer_lemeshow_all_certain_needs_no_second_cluster():
    # Every group certain: df = 0, and one cluster is more than 0 groups with df. Right
    # forecasts give H = 0 (p = 1), a failed one H = inf (p = 0); both were refused before.
    right = hosmer_lemeshow_test([0, 1, 0, 1], [0, 1, 0, 1], n_groups=2, cluster=["q"] * 4)
    assert (right.statistic, right.df, right.p_value, right.n_clusters) == (0.0, 0, 1.0, 1)
    wrong = hosmer_lemeshow_test([0, 1, 0, 1], [0, 1, 1, 1], n_groups=2, cluster=["q"] * 4)
    assert (wrong.statistic, wrong.df, wrong.p_value) == (math.inf, 0, 0.0)


def test_clustered_hosmer_lemeshow_still_refuses_too_few_clusters_for_uncertain_groups():
    # [0.2, 0.7, 0.9, 0.4] in 2 groups, both uncertain (df 2): 2 clusters are not enough.
    with pytest.raises(InvalidOptionError, match=r"2 of the 2 groups count toward df.*got 2"):
        hosmer_lemeshow_test([0.2, 0.7, 0.9, 0.4], [0, 1, 1, 1], n_groups=2, cluster=[1, 1, 2, 2])


# --- 2. discrimination: resamples left out by the cluster bootstrap -----------------------


def _dropped_by_definition(has_event, has_non_event, n_resamples, seed):
    """Resamples without an event or without a non-event, from the bootstrap's definition:
    resample b draws n_clusters cluster indices uniformly with replacement, in turn, from
    ``numpy.random.default_rng(seed)``."""
    rng = np.random.default_rng(seed)
    n = len(has_event)
    dropped = 0
    for _ in range(n_resamples):
        drawn = rng.integers(0, n, n)
        if not any(has_event[c] for c in drawn) or not any(has_non_event[c] for c in drawn):
            dropped += 1
    return dropped


def test_discrimination_cluster_bootstrap_note_counts_resamples_left_out():
    # 6 clusters: 0-2 hold only events, 3-5 only non-events. A resample misses every event
    # cluster with probability (1/2)^6 and every non-event cluster with (1/2)^6: 1/32 of
    # 2000 = 62.5 expected (sd 7.8), below 1 - 0.95 = 5% (100): the interval is given.
    p = [0.9, 0.6, 0.7, 0.3, 0.8, 0.1, 0.2, 0.65, 0.4, 0.5, 0.15, 0.35]
    y = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    c = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    want = _dropped_by_definition([1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1], 2000, 3)
    assert 20 < want < 100  # the definition's count is in the binomial range
    d = discrimination(p, y, cluster=c, n_resamples=2000, seed=3)
    assert d.ci_low is not None and d.ci_high is not None
    assert d.ci_low <= d.auc <= d.ci_high
    assert (
        f"{want} of 2000 cluster-bootstrap resamples over 6 clusters held no event or no "
        "non-event and were left out (the interval is conditional on both being present)"
    ) in d.note
    assert f"percentile interval of the {2000 - want} AUCs" in d.note


def test_discrimination_cluster_bootstrap_no_interval_when_too_many_left_out():
    # All events on question 0 of 4: a resample misses it with probability (3/4)^4 =
    # 81/256, misses every non-event question with (1/4)^4 = 1/256: 82/256 = 32% of the
    # resamples have no AUC, more than 1 - 0.95 = 5%, so no 95% interval exists. The AUC
    # itself (events 0.9, 0.8 above non-events 0.3, 0.2, 0.1: 6 of 6 pairs) and the slope
    # (0.85 - 0.2 = 0.65) are still reported.
    p, y, c = [0.9, 0.8, 0.3, 0.2, 0.1], [1, 1, 0, 0, 0], [0, 0, 1, 2, 3]
    want = _dropped_by_definition([1, 0, 0, 0], [0, 1, 1, 1], 1000, 0)
    assert 250 < want < 390  # 320 expected, sd 15
    d = discrimination(p, y, cluster=c)
    assert (d.auc, d.ci_low, d.ci_high) == (1.0, None, None)
    assert d.discrimination_slope == pytest.approx(0.65, rel=1e-14)
    assert d.note.startswith(
        f"no interval: {want} of 1000 cluster-bootstrap resamples over 4 clusters held no "
        "event or no non-event, more than 1 - confidence = 0.05 of them"
    )
    assert "(events in 1 and non-events in 3 of the 4 clusters" in d.note
    (row,) = d.to_records()
    assert row["ci_low"] is None and row["ci_high"] is None and row["note"] == d.note
    assert repr(d) == "Discrimination(auc=1, ci=None, interval='cluster bootstrap', n=5)"


def test_discrimination_cluster_bootstrap_threshold_is_one_minus_confidence_exactly():
    # With k resamples left out of 1000, confidence = 1 - k/1000 allows exactly k (the
    # product (1 - confidence) * 1000 may round just below k), and 1 - (k - 1)/1000 does not.
    p, y, c = [0.9, 0.8, 0.3, 0.2, 0.1], [1, 1, 0, 0, 0], [0, 0, 1, 2, 3]
    k = _dropped_by_definition([1, 0, 0, 0], [0, 1, 1, 1], 1000, 0)
    levels = (1 - k / 1000, 1 - k * 0.001, (1000 - k) / 1000, math.fsum([1, -k / 1000]))
    # at least one of them rounds (1 - level) * 1000 below k (for k = 320: 0.68 does)
    assert any((1 - level) * 1000 < k for level in levels)
    for level in levels:
        d = discrimination(p, y, cluster=c, confidence=level)
        assert d.ci_low is not None, level
        assert f"{k} of 1000 cluster-bootstrap resamples" in d.note
    d = discrimination(p, y, cluster=c, confidence=1 - (k - 1) / 1000)
    assert d.ci_low is None and d.note.startswith("no interval")


def test_discrimination_delong_note_states_independence():
    d = discrimination([0.9, 0.4, 0.6, 0.1], [1, 1, 0, 0])
    assert d.ci_low is not None and d.ci_high is not None
    assert d.note.startswith("DeLong interval (normal, clipped to [0, 1]); forecasts assumed")
    assert "independent" in d.note


def test_corp_test_failed_certain_forecast_is_impossible_under_the_null():
    # The forecast 1.0 at position 2 came out 0: no draw y* ~ Bernoulli(p) can do that, so
    # the p-value is 0 for every rule (the resampled p-value could only reach 1 / (B + 1)).
    from forecastscore.calibration import corp_test

    for rule in ("brier", "log", "spherical"):
        t = corp_test([0.2, 0.7, 1.0, 0.4], [0, 1, 0, 1], rule=rule, n_resamples=99)
        assert t.p_value == 0.0 and t.statistic == math.inf
        assert "1 certain forecast (0 or 1) failed, the first at flat position 2" in t.note
    clustered = corp_test([0.2, 0.7, 1.0, 0.4], [0, 1, 0, 1], cluster=[1, 1, 2, 2])
    assert clustered.p_value == 0.0 and clustered.n_clusters == 2
