"""Adversarial review of the calibration tests (issue 13): regressions found in review, each
with its expected value worked out by hand (or from the test's definition, written out here
as an explicit loop), never taken from the code under test.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

import forecastscore as fs
from forecastscore.calibration import (
    by_forecaster,
    calibration_band,
    corp_test,
    discrimination,
    hosmer_lemeshow_test,
    spiegelhalter_test,
)
from forecastscore.errors import ForecastTypeError, InvalidOptionError
from forecastscore.ledger import Ledger

# --- Hosmer-Lemeshow: groups of certain forecasts ------------------------------------------


def test_hosmer_lemeshow_certain_group_takes_no_degree_of_freedom():
    # n_groups=2 over 8 forecasts: the first cut is the 4th smallest forecast, 0, so the
    # group {0, 0, 0, 0} (events certain under the null: it adds exactly 0 there) and the
    # group {0.2, 0.4, 0.6, 0.8}: O = 3, E = 2, n = 4, H = 1 / (2 (1 - 2/4)) = 1.
    # H ~ chi2(1) under the null, so p = P(chi2_1 >= 1) = erfc(1 / sqrt 2) = 0.3173...
    # (a df of 2 gave exp(-1/2) = 0.6065, too large: a conservative, less powerful test).
    t = hosmer_lemeshow_test([0, 0, 0, 0, 0.2, 0.4, 0.6, 0.8], [0, 0, 0, 0, 0, 1, 1, 1], n_groups=2)
    assert t.statistic == pytest.approx(1.0, rel=1e-15)
    assert t.df == 1
    assert t.p_value == pytest.approx(math.erfc(1 / math.sqrt(2)), rel=1e-12)
    assert "1 of them all 0 or 1" in t.note


def test_hosmer_lemeshow_failed_certain_forecasts_do_not_cancel_in_a_group():
    # [0, 1, 1] with n_groups=2: the cut is the 2nd smallest, 1, so one group {0, 1, 1};
    # outcomes [1, 0, 1]: O = 2 = E, so (O - E)^2 = 0 although a forecast of 0 saw the event
    # and a forecast of 1 did not: two certain forecasts failed, infinitely miscalibrated.
    t = hosmer_lemeshow_test([0, 1, 1], [1, 0, 1], n_groups=2)
    assert t.statistic == math.inf
    assert t.p_value == 0.0


def test_hosmer_lemeshow_all_groups_certain_has_zero_df_and_p_value_one_or_zero():
    right = hosmer_lemeshow_test([0, 1, 0, 1], [0, 1, 0, 1], n_groups=2)
    assert (right.statistic, right.df, right.p_value) == (0.0, 0, 1.0)
    wrong = hosmer_lemeshow_test([0, 1, 0, 1], [0, 1, 1, 1], n_groups=2)
    assert (wrong.statistic, wrong.df, wrong.p_value) == (math.inf, 0, 0.0)
    clustered = hosmer_lemeshow_test(
        [0, 1, 0, 1], [0, 1, 0, 1], n_groups=2, cluster=["a", "b", "c", "d"]
    )
    assert (clustered.statistic, clustered.df, clustered.p_value) == (0.0, 0, 1.0)


def test_hosmer_lemeshow_clustered_covariance_equals_its_pairwise_definition():
    # 8 distinct forecasts in 2 groups (the 4 smallest, the 4 largest), clusters crossing
    # the groups. V[g, h] = sum over ordered pairs (i, j) of one cluster, i in g and j in h,
    # of min(p_i, p_j) - p_i p_j (one uniform per cluster); H = d' V^-1 d, d = O - E.
    p = np.array([0.15, 0.8, 0.3, 0.55, 0.4, 0.7, 0.25, 0.9])
    y = np.array([0, 1, 1, 0, 0, 1, 0, 1], dtype=float)
    c = np.array([0, 1, 2, 0, 1, 2, 0, 1])
    group = (p > np.sort(p)[3]).astype(int)
    v = np.zeros((2, 2))
    for i in range(8):
        for j in range(8):
            if c[i] == c[j]:
                v[group[i], group[j]] += min(p[i], p[j]) - p[i] * p[j]
    d = np.array([(y - p)[group == k].sum() for k in (0, 1)])
    want = float(d @ np.linalg.solve(v, d))
    t = hosmer_lemeshow_test(p, y, n_groups=2, cluster=c)
    assert t.statistic == pytest.approx(want, rel=1e-12)
    assert t.df == 2 and t.n_clusters == 3


# --- Spiegelhalter: a single cluster --------------------------------------------------------


def test_spiegelhalter_single_cluster_refused_not_z_of_one():
    # One cluster: the robust variance is the squared sum itself, so Z = sum / |sum| = +-1
    # whatever happened (it was returned with p = 0.3173 as if it meant something).
    with pytest.raises(InvalidOptionError, match=r"at least 2 clusters \(got 1\)"):
        spiegelhalter_test([0.2, 0.7, 0.9], [0, 0, 1], cluster=[1, 1, 1])
    # two clusters are taken: sums -0.2*0.6 + -0.7*-0.4 = 0.16 and 0.1*-0.8 = -0.08,
    # Z = 0.08 / sqrt(0.16^2 + 0.08^2)
    t = spiegelhalter_test([0.2, 0.7, 0.9], [0, 0, 1], cluster=[1, 1, 2])
    assert t.statistic == pytest.approx(0.08 / math.sqrt(0.16**2 + 0.08**2), rel=1e-12)


def test_by_forecaster_skips_a_forecaster_whose_forecasts_share_one_question():
    d0, d1, d2 = dt.date(2024, 1, 1), dt.date(2024, 1, 2), dt.date(2024, 6, 1)
    preds = [fs.Prediction("q1", "ann", d0, 0.2), fs.Prediction("q1", "ann", d1, 0.7)]
    preds += [fs.Prediction(f"q{i}", "bob", d0, p) for i, p in enumerate([0.2, 0.7, 0.9, 0.4])]
    happened = ["no", "no", "yes", "yes"]
    table = Ledger.from_predictions(preds).score(
        [fs.Outcome(f"q{i}", d2, v) for i, v in enumerate(happened)]
    )
    r = by_forecaster(table, "spiegelhalter_test", on_error="skip")
    assert r.forecasters == ("bob",)
    assert "at least 2 clusters (got 1)" in r.skipped["ann"]
    # bob: (-0.2)(0.6) + (-0.7)(-0.4) + (0.1)(-0.8) + (0.6)(0.2) = 0.2 over
    # sqrt(0.36*0.16 + 0.16*0.21 + 0.64*0.09 + 0.04*0.24) = sqrt(0.1584)
    assert r["bob"].statistic == pytest.approx(0.2 / math.sqrt(0.1584), rel=1e-12)
    with pytest.raises(InvalidOptionError, match=r"forecaster 'ann': .*at least 2 clusters"):
        by_forecaster(table, "spiegelhalter_test")


# --- CORP test: the p-value as documented ---------------------------------------------------


def test_corp_test_p_value_matches_the_null_probability_by_enumeration():
    # Four forecasts of 1/2, four events: the recalibration is the frequency k/4, so
    # MCB = (1/2 - k/4)^2; observed k = 4 gives 1/4, and under the null k ~ Bin(4, 1/2)
    # MCB* >= 1/4 only for k in {0, 4}: probability 2/16 = 0.125. The Monte Carlo p-value
    # (1 + #)/(1 + B) with B = 4000 has standard error sqrt(0.125 * 0.875 / 4000) = 0.0052.
    t = corp_test([0.5] * 4, [1] * 4, n_resamples=4000)
    assert t.statistic == pytest.approx(0.25, rel=1e-15)
    assert abs(t.p_value - 0.125) < 0.03
    # one of the 4 events missing: MCB = 1/16, reached by every k but 2 (prob. 10/16)
    t = corp_test([0.5] * 4, [1, 1, 1, 0], n_resamples=4000)
    assert abs(t.p_value - 10 / 16) < 0.04


def test_corp_test_single_cluster_all_forecasts_share_one_draw():
    # One cluster, forecasts all 1/2: one uniform decides every outcome, so each resample
    # has k = 0 or 4 events and MCB* = 1/4 each time: the observed 1/4 is never exceeded
    # in rank, p = (1 + B) / (1 + B) = 1 (four events on one question are no evidence).
    t = corp_test([0.5] * 4, [1] * 4, cluster=["q"] * 4, n_resamples=200)
    assert t.p_value == 1.0
    assert t.n_clusters == 1


def test_corp_test_seed_none_runs_and_the_result_serialises():
    t = corp_test([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1], n_resamples=50, seed=None)
    (row,) = t.to_records()
    assert row["test"] == "corp" and row["df"] is None and row["n"] == 4
    assert 1 / 51 <= row["p_value"] <= 1.0
    assert repr(t).startswith("CalibrationTest(test='corp', statistic=0.065")


def test_corp_test_refuses_too_many_resamples_naming_the_bound():
    with pytest.raises(InvalidOptionError, match=r"n_resamples must be at most 1000000 \(got"):
        corp_test([0.2, 0.8], [0, 1], n_resamples=10**6 + 1)


# --- discrimination: cluster labels ---------------------------------------------------------


def test_discrimination_missing_cluster_label_refused_not_merged():
    # NaN labels were silently one cluster (np.unique merges NaNs) and None raised a bare
    # TypeError; the other calibration functions refuse both, naming the position.
    p, y = [0.1, 0.4, 0.6, 0.8, 0.3, 0.7], [0, 0, 1, 1, 1, 0]
    with pytest.raises(InvalidOptionError, match=r"cluster\[1\] = .*nan.* is missing"):
        discrimination(p, y, cluster=[1.0, np.nan, 2.0, np.nan, 3.0, 4.0])
    with pytest.raises(InvalidOptionError, match=r"cluster\[0\] = None is missing"):
        discrimination(p, y, cluster=[None, "a", "b", "c", "d", "e"])
    with pytest.raises(ForecastTypeError, match=r"cluster labels must be of one sortable type"):
        discrimination(p, y, cluster=[object(), "a", "b", "c", "d", "e"])


# --- calibration band: too few resamples for a finite band ----------------------------------


def test_calibration_band_too_few_resamples_no_warning_and_full_band():
    # 10 resamples at 95 %: the ceil(0.95 * 11) = 11th largest of 10 distances does not
    # exist, so q is infinite: the band is [0, 1] where the curves vary, and a point where
    # every resample agrees (forecast 0: never an event, nor pooled with an event below it)
    # has width 0; inf * 0 used to raise a RuntimeWarning (an error under pytest).
    b = calibration_band([0.0, 0.4, 0.5], [0, 1, 1], n_resamples=10)
    assert b.forecast.tolist() == [0.0, 0.4, 0.5]
    assert b.curve.tolist() == [0.0, 1.0, 1.0]
    assert (b.low[0], b.high[0]) == (0.0, 0.0)
    assert b.low[1:].tolist() == [0.0, 0.0] and b.high[1:].tolist() == [1.0, 1.0]
    assert not b.miscalibrated.any()


# --- by_forecaster: a bad option is not a forecaster's failure ------------------------------


def _one_forecaster_table():
    d0, d1 = dt.date(2024, 1, 1), dt.date(2024, 6, 1)
    ledger = Ledger.from_predictions(
        [fs.Prediction(f"q{i}", "ann", d0, p) for i, p in enumerate([0.2, 0.7, 0.9, 0.4])]
    )
    happened = ["no", "yes", "yes", "yes"]
    return ledger.score([fs.Outcome(f"q{i}", d1, v) for i, v in enumerate(happened)])


def test_by_forecaster_skip_still_raises_a_refused_option():
    # on_error="skip" used to skip every forecaster for n_groups=1 and return no result.
    table = _one_forecaster_table()
    with pytest.raises(
        InvalidOptionError, match=r"hosmer_lemeshow_test: n_groups must be an integer >= 2"
    ):
        by_forecaster(table, "hosmer_lemeshow_test", n_groups=1, on_error="skip")
    with pytest.raises(InvalidOptionError, match=r"corp_test: n_resamples must be an integer"):
        by_forecaster(table, "corp_test", n_resamples=0, on_error="skip")
    with pytest.raises(InvalidOptionError, match=r"elementary_scores: thresholds\[0\] = 2\.0"):
        by_forecaster(table, "elementary_scores", thresholds=[2.0], on_error="skip")
    # a failure of the forecaster's data is still skipped: 4 distinct forecasts in 4 groups,
    # clustered by their 4 questions, and a clustered test needs more clusters than groups
    r = by_forecaster(
        table, "hosmer_lemeshow_test", n_groups=4, cluster_by_question=True, on_error="skip"
    )
    assert r.forecasters == () and "more clusters than groups" in r.skipped["ann"]
