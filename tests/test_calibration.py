"""Tests of forecastscore.calibration: hand-computed values, errors, then properties."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import forecastscore as fs
from forecastscore import calibration as cal
from forecastscore.strategies import probabilities, probability_vectors

Z95 = 1.959963984540054  # the 0.975 quantile of the standard normal

# --- hand-computed values: reliability table ---------------------------------------------

P5 = [0.1, 0.2, 0.8, 0.9, 0.7]
Y5 = [0, 0, 1, 1, 0]


def test_reliability_two_bins_by_hand():
    # bins [0, 0.5) and [0.5, 1]: {0.1, 0.2} with outcomes {0, 0}; {0.8, 0.9, 0.7} with {1, 1, 0}
    # mean forecasts 0.15 and 0.8; observed frequencies 0 and 2/3
    t = cal.reliability_table(P5, Y5, bins=2)
    np.testing.assert_array_equal(t.edges, [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(t.count, [2, 3])
    np.testing.assert_allclose(t.mean_forecast, [0.15, 0.8], rtol=1e-15)
    np.testing.assert_allclose(t.observed_frequency, [0.0, 2 / 3], rtol=1e-15)
    assert (t.n, t.n_bins, t.binning, t.interval, t.confidence) == (5, 2, "uniform", "wilson", 0.95)


def test_wilson_interval_by_hand():
    # Wilson, k = 2 of n = 3, z = 1.959964, z**2 = 3.841459:
    #   centre = (k + z²/2) / (n + z²) = 3.9207295 / 6.841459 = 0.5730838
    #   half   = z / (n + z²) * sqrt(k(n-k)/n + z²/4) = 0.2864833 * sqrt(1.6270314)
    #          = 0.2864833 * 1.2755514 = 0.3654243
    #   -> [0.2076595, 0.9385081]
    # k = 0 of n = 2: the lower end is 0 and the upper end z² / (n + z²) = 3.841459 / 5.841459
    t = cal.reliability_table(P5, Y5, bins=2)
    z2 = Z95**2
    np.testing.assert_allclose(t.ci_low, [0.0, 0.2076595], atol=3e-7)
    np.testing.assert_allclose(t.ci_high, [z2 / (2 + z2), 0.9385081], atol=3e-7)


def test_jeffreys_interval_against_scipy_beta():
    # Jeffreys: quantiles of Beta(k + 1/2, n - k + 1/2); lower end 0 when k = 0 (Brown et al.)
    t = cal.reliability_table(P5, Y5, bins=2, interval="jeffreys", confidence=0.9)
    assert t.ci_low[0] == 0.0
    assert t.ci_high[0] == pytest.approx(stats.beta.ppf(0.95, 0.5, 2.5), rel=1e-10)
    assert t.ci_low[1] == pytest.approx(stats.beta.ppf(0.05, 2.5, 1.5), rel=1e-10)
    assert t.ci_high[1] == pytest.approx(stats.beta.ppf(0.95, 2.5, 1.5), rel=1e-10)


def test_intervals_at_k_equal_n():
    # All three events in the bin happened (k = n = 3). Wilson: centre (n + z²/2)/(n + z²),
    # half z²/2/(n + z²), so [n/(n + z²), 1] = [3/6.841459, 1] = [0.4385, 1]. Jeffreys: the
    # upper end is 1 (Brown et al. 2001) and the lower the alpha/2 quantile of Beta(3.5, 0.5).
    w = cal.reliability_table([0.9, 0.9, 0.8], [1, 1, 1], bins=1)
    z2 = Z95**2
    np.testing.assert_allclose([w.ci_low[0], w.ci_high[0]], [3 / (3 + z2), 1.0], rtol=1e-12)
    j = cal.reliability_table([0.9, 0.9, 0.8], [1, 1, 1], bins=1, interval="jeffreys")
    assert j.ci_high[0] == 1.0
    assert j.ci_low[0] == pytest.approx(stats.beta.ppf(0.025, 3.5, 0.5), rel=1e-10)


def test_consistency_band_by_hand():
    # bin [0.5, 1]: n = 3, mean forecast 0.8. Binomial(3, 0.8): P(X<=0) = 0.008,
    # P(X<=1) = 0.008 + 3*0.8*0.2**2 = 0.104, P(X<=2) = 1 - 0.8**3 = 0.488.
    # 2.5% quantile: 1 (first CDF >= 0.025); 97.5% quantile: 3.  Band [1/3, 1].
    t = cal.reliability_table(P5, Y5, bins=2)
    assert t.consistency_low[1] == pytest.approx(1 / 3)
    assert t.consistency_high[1] == 1.0


def test_empty_bins_are_kept():
    # four bins: [0, .25) holds 0.1, 0.2; [.25, .5) is empty; [.5, .75) holds 0.7; [.75, 1] 0.8, 0.9
    t = cal.reliability_table(P5, Y5, bins=4)
    np.testing.assert_array_equal(t.count, [2, 0, 1, 2])
    for field in ("mean_forecast", "observed_frequency", "ci_low", "ci_high"):
        values = getattr(t, field)
        assert values.shape == (4,)
        assert math.isnan(values[1]) and not np.isnan(values[[0, 2, 3]]).any()


def test_bins_closed_left_and_last_bin_closed():
    # 0.3 is exactly the edge 3/10 and goes to [0.3, 0.4); 1.0 goes to the last bin
    t = cal.reliability_table([0.0, 0.3, 0.5, 1.0], [0, 0, 1, 1], bins=10)
    np.testing.assert_array_equal(t.count, [1, 0, 0, 1, 0, 1, 0, 0, 0, 1])
    assert t.edges[3] == 0.3 and t.edges[7] == 0.7


def test_custom_edges_quantile_unique_isotonic():
    t = cal.reliability_table(P5, Y5, bins=[0.0, 0.15, 0.75, 1.0])
    np.testing.assert_array_equal(t.count, [1, 2, 2])  # {0.1}, {0.2, 0.7}, {0.8, 0.9}
    assert t.binning == "edges"
    # quantiles of [0.1, 0.2, 0.3, 0.4] at 0, 0.5, 1: 0.1, 0.25, 0.4
    q = cal.reliability_table([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1], bins="quantile", n_bins=2)
    np.testing.assert_allclose(q.edges, [0.1, 0.25, 0.4])
    np.testing.assert_array_equal(q.count, [2, 2])
    # one bin per distinct value, edges at the midpoints
    u = cal.reliability_table([0.3, 0.3, 0.6], [0, 1, 1], bins="unique")
    np.testing.assert_allclose(u.edges, [0.0, 0.45, 1.0])
    np.testing.assert_allclose(u.observed_frequency, [0.5, 1.0])
    # PAV on outcomes ordered by forecast 0, 1, 0, 1 pools the middle two: blocks
    # {0.1} -> 0, {0.3, 0.6} -> 0.5, {0.9} -> 1; edges at midpoints 0.2 and 0.75
    i = cal.reliability_table([0.1, 0.3, 0.6, 0.9], [0, 1, 0, 1], bins="isotonic")
    np.testing.assert_allclose(i.edges, [0.0, 0.2, 0.75, 1.0])
    np.testing.assert_array_equal(i.count, [1, 2, 1])
    np.testing.assert_allclose(i.observed_frequency, [0.0, 0.5, 1.0])


def test_quantile_with_all_forecasts_tied():
    t = cal.reliability_table([0.4, 0.4, 0.4], [0, 1, 1], bins="quantile")
    np.testing.assert_array_equal(t.edges, [0.4, 0.4])
    np.testing.assert_array_equal(t.count, [3])


def test_expected_calibration_error_by_hand():
    # (2 * |0 - 0.15| + 3 * |2/3 - 0.8|) / 5 = (0.3 + 0.4) / 5 = 0.14
    assert cal.expected_calibration_error(P5, Y5, bins=2) == pytest.approx(0.14, abs=1e-15)
    # one bin: |2/5 - 2.7/5| = 0.14 as well
    assert cal.expected_calibration_error(P5, Y5, bins=1) == pytest.approx(0.14, abs=1e-15)


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_agrees_with_scikit_learn_calibration_curve(strategy):
    # Where the definitions coincide: forecasts that never sit on an edge (continuous draws;
    # with 1000 forecasts the 8-bin quantiles fall between data points, as 999 * k / 8 is
    # never whole), and only non-empty bins (scikit-learn drops the empty ones). On an edge
    # scikit-learn puts a forecast in the bin below, this library in the bin above.
    sklearn_calibration = pytest.importorskip("sklearn.calibration")
    rng = np.random.default_rng(7)
    p = rng.uniform(size=1000)
    y = rng.uniform(size=1000) < p**1.5
    frac, mean = sklearn_calibration.calibration_curve(y, p, n_bins=8, strategy=strategy)
    binning = {"bins": 8} if strategy == "uniform" else {"bins": "quantile", "n_bins": 8}
    t = cal.reliability_table(p, y, **binning)
    keep = t.count > 0
    np.testing.assert_allclose(t.observed_frequency[keep], frac, rtol=1e-12)
    np.testing.assert_allclose(t.mean_forecast[keep], mean, rtol=1e-12)


# --- hand-computed values: decompositions ------------------------------------------------


def test_murphy_exact_when_each_bin_holds_one_value():
    # p = 0.2, 0.2, 0.7, 0.7; y = 0, 1, 1, 1.  Brier: (0.04 + 0.64 + 0.09 + 0.09) / 4 = 0.215
    # bins 0.2 -> frequency 0.5; 0.7 -> 1.  Base rate 0.75.
    # REL = (2 * 0.3**2 + 2 * 0.3**2) / 4 = 0.09
    # RES = (2 * 0.25**2 + 2 * 0.25**2) / 4 = 0.0625
    # UNC = 0.75 * 0.25 = 0.1875;  0.09 - 0.0625 + 0.1875 = 0.215
    d = cal.murphy_decomposition([0.2, 0.2, 0.7, 0.7], [0, 1, 1, 1], bins="unique")
    assert d.brier == pytest.approx(0.215, abs=1e-15)
    assert d.reliability == pytest.approx(0.09, abs=1e-15)
    assert d.resolution == pytest.approx(0.0625, abs=1e-15)
    assert d.uncertainty == pytest.approx(0.1875, abs=1e-15)
    assert d.within_bin_variance == 0.0 and d.within_bin_covariance == 0.0
    assert (d.n, d.n_bins) == (4, 2)


def test_murphy_binning_breaks_plain_identity_and_extra_terms_restore_it():
    # p = 0.1, 0.3, 0.6, 0.8; y = 0, 1, 0, 1; two bins [0, .5) and [.5, 1].
    # Brier: (0.01 + 0.49 + 0.36 + 0.04) / 4 = 0.225
    # bin 0: mean forecast 0.2, frequency 0.5; bin 1: mean forecast 0.7, frequency 0.5
    # REL = (2 * 0.3**2 + 2 * 0.2**2) / 4 = 0.065;  RES = 0 (both bins at the base rate 0.5)
    # UNC = 0.25;  REL - RES + UNC = 0.315 != 0.225
    # WBV = 4 * 0.1**2 / 4 = 0.01
    # WBC = [(-0.1)(-0.5) + (0.1)(0.5) + (-0.1)(-0.5) + (0.1)(0.5)] / 4 = 0.05
    # 0.315 + 0.01 - 2 * 0.05 = 0.225
    d = cal.murphy_decomposition([0.1, 0.3, 0.6, 0.8], [0, 1, 0, 1], bins=2)
    assert d.brier == pytest.approx(0.225, abs=1e-15)
    assert d.reliability == pytest.approx(0.065, abs=1e-15)
    assert d.resolution == pytest.approx(0.0, abs=1e-15)
    assert d.uncertainty == pytest.approx(0.25, abs=1e-15)
    assert d.reliability - d.resolution + d.uncertainty == pytest.approx(0.315, abs=1e-15)
    assert d.within_bin_variance == pytest.approx(0.01, abs=1e-15)
    assert d.within_bin_covariance == pytest.approx(0.05, abs=1e-15)
    parts = (
        d.reliability
        - d.resolution
        + d.uncertainty
        + d.within_bin_variance
        - 2 * d.within_bin_covariance
    )
    assert parts == pytest.approx(d.brier, abs=1e-15)


def test_categorical_murphy_by_hand():
    # rows (0.5, 0.5, 0) with outcomes 0 and 1: each row scores 0.25 + 0.25 + 0 = 0.5.
    # categories 0 and 1: one bin at 0.5 with frequency 0.5: REL = RES = 0, UNC = 0.25 each;
    # category 2: forecast 0, never happens: all 0.  Sum: UNC = 0.5 = 1 - (1/4 + 1/4 + 0).
    d = cal.categorical_murphy_decomposition(
        [[0.5, 0.5, 0.0], [0.5, 0.5, 0.0]], [0, 1], bins="unique"
    )
    assert (d.brier, d.reliability, d.resolution, d.uncertainty) == (0.5, 0.0, 0.0, 0.5)
    # rows (0.8, 0.2) -> 0 and (0.8, 0.2) -> 1, (0.1, 0.9) -> 1; categorical Brier:
    # 2*0.04, 2*0.64, 2*0.01 -> mean (0.08 + 1.28 + 0.02) / 3 = 0.46
    # binary parts on category 1 (p = 0.2, 0.2, 0.9; y = 0, 1, 1): base rate 2/3;
    # REL = (2 * (0.2 - 0.5)**2 + (0.9 - 1)**2) / 3 = 0.19 / 3
    # RES = (2 * (0.5 - 2/3)**2 + (1 - 2/3)**2) / 3 = (1/18 + 1/9) / 3 = 1/18
    # UNC = 2/9; categorical parts are twice these.
    d2 = cal.categorical_murphy_decomposition(
        [[0.8, 0.2], [0.8, 0.2], [0.1, 0.9]], [0, 1, 1], bins="unique"
    )
    assert d2.brier == pytest.approx(0.46, abs=1e-14)
    assert d2.reliability == pytest.approx(2 * 0.19 / 3, abs=1e-14)
    assert d2.resolution == pytest.approx(2 / 18, abs=1e-14)
    assert d2.uncertainty == pytest.approx(4 / 9, abs=1e-14)


def test_corp_brier_by_hand():
    # p = 0.1, 0.3, 0.6, 0.9; y = 0, 1, 0, 1.  Brier (0.01 + 0.49 + 0.36 + 0.01)/4 = 0.2175
    # PAV: 0, 1, 0, 1 -> pool the middle pair -> 0, 0.5, 0.5, 1; Brier (0 + .25 + .25 + 0)/4
    # = 0.125. Base rate 0.5 scores 0.25.  MCB = 0.0925, DSC = 0.125, UNC = 0.25
    d = cal.corp_decomposition([0.1, 0.3, 0.6, 0.9], [0, 1, 0, 1])
    assert d.score == pytest.approx(0.2175, abs=1e-15)
    assert d.miscalibration == pytest.approx(0.0925, abs=1e-15)
    assert d.discrimination == pytest.approx(0.125, abs=1e-15)
    assert d.uncertainty == pytest.approx(0.25, abs=1e-15)
    assert (d.rule, d.n) == ("brier", 4)


def test_corp_log_by_hand():
    # log score of p: -ln .9 - ln .3 - ln .4 - ln .9 = 0.105361 + 1.203973 + 0.916291 + 0.105361
    #   = 2.330985, mean 0.582746
    # recalibrated 0, .5, .5, 1: 0 + ln 2 + ln 2 + 0, mean ln(2)/2 = 0.346574
    # base rate 0.5: ln 2 = 0.693147
    d = cal.corp_decomposition([0.1, 0.3, 0.6, 0.9], [0, 1, 0, 1], rule="log")
    assert d.score == pytest.approx(0.582746, abs=1e-6)
    assert d.miscalibration == pytest.approx(0.582746 - 0.346574, abs=1e-6)
    assert d.discrimination == pytest.approx(math.log(2) / 2, abs=1e-12)
    assert d.uncertainty == pytest.approx(math.log(2), abs=1e-12)
    bits = cal.corp_decomposition([0.1, 0.3, 0.6, 0.9], [0, 1, 0, 1], rule="log", base=2)
    assert bits.uncertainty == pytest.approx(1.0, abs=1e-12)  # one bit


def test_corp_log_with_zero_on_what_happened_is_infinite():
    d = cal.corp_decomposition([0.0, 0.5, 0.9], [1, 0, 1], rule="log")
    assert d.score == math.inf and d.miscalibration == math.inf


def test_corp_calibrated_constant_forecast():
    # forecast 0.25 on four events, one happened: PAV gives 0.25 again, so MCB = 0 and the
    # forecast is the base rate, so DSC = 0
    d = cal.corp_decomposition([0.25] * 4, [1, 0, 0, 0])
    assert d.miscalibration == 0.0 and d.discrimination == 0.0
    assert d.uncertainty == pytest.approx(0.1875, abs=1e-15)


def test_skill_score_by_hand():
    # Brier: (0.01 + 0.04 + 0.09 + 0.01) / 4 = 0.0375; base rate 0.5 scores 0.25
    # skill = 1 - 0.0375 / 0.25 = 0.85
    s = cal.skill_score([0.9, 0.2, 0.7, 0.1], [1, 0, 1, 0])
    assert s.skill == pytest.approx(0.85, abs=1e-14)
    assert float(s) == s.skill
    assert s.reference == "climatology 0.5 (in-sample base rate)"
    assert (s.score, s.reference_score, s.rule, s.n) == (pytest.approx(0.0375), 0.25, "brier", 4)
    c = cal.skill_score([0.9, 0.2, 0.7, 0.1], [1, 0, 1, 0], reference=0.5)
    assert c.reference == "constant 0.5" and c.skill == pytest.approx(0.85, abs=1e-14)
    # another forecast (0.6, 0.5): (0.16 + 0.25) / 2 = 0.205; ours (0.01 + 0.04) / 2 = 0.025
    # skill = 1 - 0.025 / 0.205 = 0.878049
    a = cal.skill_score([0.9, 0.2], [1, 0], reference=[0.6, 0.5])
    assert a.skill == pytest.approx(1 - 0.025 / 0.205, abs=1e-14)
    assert a.reference == "another forecast"


def test_skill_score_log_and_bss():
    # log: ours -ln 0.8 * 2 / 2 = 0.223144; climatology 0.5 scores ln 2 = 0.693147
    s = cal.skill_score([0.8, 0.2], [1, 0], rule="log")
    assert s.skill == pytest.approx(1 - math.log(1 / 0.8) / math.log(2), abs=1e-14)
    assert cal.brier_skill_score([0.9, 0.2, 0.7, 0.1], [1, 0, 1, 0]).skill == pytest.approx(0.85)


def test_skill_score_omit_with_reference_array():
    s = cal.skill_score(
        [0.9, np.nan, 0.2], [1, 1, 0], reference=[0.6, 0.5, np.nan], nan_policy="omit"
    )
    # only the first pair survives: 1 - 0.01 / 0.16
    assert s.n == 1 and s.skill == pytest.approx(1 - 0.01 / 0.16)


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bins", "error", "match"),
    [
        (0, fs.InvalidOptionError, r"bins must be an integer >= 1 \(got 0\)"),
        (True, fs.InvalidOptionError, r"bins must be an integer, an array .* \(got True\)"),
        ("deciles", fs.InvalidOptionError, r"bins must be one of 'quantile'.*'deciles'"),
        ([0.0, 0.5, 0.5, 1.0], fs.InvalidOptionError, r"bins\[2\] = 0.5 follows bins\[1\]"),
        ([0.0, np.inf], fs.InvalidOptionError, r"bins\[1\] = inf is not a finite edge"),
        ([0.5], fs.ShapeError, r"at least 2 values \(got shape \(1,\)\)"),
        ([0.0, 0.5, 0.85], fs.InvalidForecastError, r"forecast\[3\] = 0.9 lies outside"),
    ],
)
def test_bad_bins(bins, error, match):
    with pytest.raises(error, match=match):
        cal.reliability_table(P5, Y5, bins=bins)


def test_bad_options():
    with pytest.raises(
        fs.InvalidOptionError, match=r"interval must be one of 'wilson', 'jeffreys' \(got 'wald'\)"
    ):
        cal.reliability_table(P5, Y5, interval="wald")
    with pytest.raises(
        fs.InvalidOptionError, match=r"confidence must be a number in \(0, 1\) \(got 95\)"
    ):
        cal.reliability_table(P5, Y5, confidence=95)
    with pytest.raises(fs.InvalidOptionError, match=r"n_bins must be an integer >= 1 \(got 0\)"):
        cal.reliability_table(P5, Y5, bins="quantile", n_bins=0)
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"nan_policy must be one of 'raise', 'omit' \(got 'propagate'\)",
    ):
        cal.murphy_decomposition(P5, Y5, nan_policy="propagate")
    with pytest.raises(
        fs.InvalidOptionError, match=r"rule must be one of 'brier', 'log', 'spherical'"
    ):
        cal.corp_decomposition(P5, Y5, rule="crps")
    with pytest.raises(fs.InvalidOptionError, match=r"base applies to rule='log' only"):
        cal.corp_decomposition(P5, Y5, base=2)
    with pytest.raises(fs.UnknownRuleError, match=r"rule 'quadratic' is not known"):
        cal.skill_score(P5, Y5, rule="quadratic")
    with pytest.raises(fs.InvalidOptionError, match=r"reference must be one of 'climatology'"):
        cal.skill_score(P5, Y5, reference="persistence")


def test_bad_inputs_name_their_position():
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1\] = 1.2 is not a probability"):
        cal.reliability_table([0.1, 1.2], [0, 1])
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1\] is NaN"):
        cal.murphy_decomposition([0.1, np.nan], [0, 1])
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome\[0\] = 2 is not a binary outcome"):
        cal.corp_decomposition([0.1, 0.4], [2, 1])
    with pytest.raises(
        fs.ForecastTypeError,
        match=r"forecast\[0\] = True is a boolean; forecast must hold probabilities",
    ):
        cal.expected_calibration_error([True, False], [1, 0])
    with pytest.raises(fs.ShapeError, match=r"no pairs once NaN pairs are omitted"):
        cal.reliability_table([np.nan], [1], nan_policy="omit")
    with pytest.raises(
        fs.InvalidForecastError,
        match=r"forecast\[0, :\] sums to 1.1, not 1 \(tolerance 1e-06 plus rounding\)",
    ):
        cal.categorical_murphy_decomposition([[0.5, 0.6]], [0])


def test_skill_score_undefined_references():
    with pytest.raises(
        fs.InvalidOutcomeError, match=r"all 3 outcomes are 1, so the in-sample climatology"
    ):
        cal.skill_score([0.5, 0.6, 0.7], [1, 1, 1])
    with pytest.raises(
        fs.InvalidForecastError, match=r"reference \(constant 1\) scores 0 on these 2 outcomes"
    ):
        cal.skill_score([0.5, 0.6], [1, 1], reference=1.0)
    with pytest.raises(fs.InvalidForecastError, match=r"reference = 1.5 is not a probability"):
        cal.skill_score([0.5, 0.6], [1, 0], reference=1.5)
    with pytest.raises(
        fs.InvalidForecastError, match=r"reference\[1\] = -0.1 is not a probability"
    ):
        cal.skill_score([0.5, 0.6], [1, 0], reference=[0.5, -0.1])
    with pytest.raises(
        fs.ShapeError, match=r"reference of shape \(3,\) must have the shape of forecast \(2,\)"
    ):
        cal.skill_score([0.5, 0.6], [1, 0], reference=[0.5, 0.5, 0.5])


def test_skill_score_infinite_scores_are_never_nan():
    # Review finding: a log-score reference of 0 on an event that happened scores inf; with
    # forecasts that also score inf the skill was inf / inf = NaN, silently, and with finite
    # forecasts it was 1 - finite / inf = 1 ("perfect"). Both are now a clear error.
    with pytest.raises(
        fs.InvalidForecastError, match=r"reference \(constant 0\) scores inf under rule='log'"
    ):
        cal.skill_score([0.0, 1.0], [1, 0], rule="log", reference=0.0)
    with pytest.raises(fs.InvalidForecastError, match=r"reference \(another forecast\) scores inf"):
        cal.skill_score([0.5, 0.5], [1, 0], rule="log", reference=[0.0, 0.5])
    # Forecasts that score inf against a finite reference: skill -inf, as documented.
    # By hand: log score of p=0 on an event that happened is inf; reference 0.5 scores log 2.
    s = cal.skill_score([0.0, 0.5], [1, 0], rule="log", reference=0.5)
    assert s.score == math.inf and s.reference_score == pytest.approx(math.log(2))
    assert s.skill == -math.inf


# --- properties ---------------------------------------------------------------------------

pairs = st.integers(min_value=1, max_value=40).flatmap(
    lambda n: st.tuples(
        st.lists(probabilities(), min_size=n, max_size=n),
        st.lists(st.booleans(), min_size=n, max_size=n),
    )
)
binnings = st.one_of(
    st.integers(min_value=1, max_value=25),
    st.sampled_from(["quantile", "unique", "isotonic"]),
    st.just([0.0, 0.05, 0.5, 0.95, 1.0]),
)


def _parts(d):
    return (
        d.reliability
        - d.resolution
        + d.uncertainty
        + d.within_bin_variance
        - 2 * d.within_bin_covariance
    )


@given(pairs, binnings)
def test_murphy_parts_add_up_to_the_brier_score(data, bins):
    p, y = data
    d = cal.murphy_decomposition(p, y, bins=bins)
    assert d.brier == pytest.approx(float(np.mean(fs.brier_score(p, y))), abs=1e-12)
    assert _parts(d) == pytest.approx(d.brier, abs=1e-12)
    assert d.reliability >= 0 and d.resolution >= 0 and d.within_bin_variance >= 0


@given(pairs)
def test_unique_bins_need_no_extra_terms(data):
    p, y = data
    d = cal.murphy_decomposition(p, y, bins="unique")
    assert d.within_bin_variance == 0.0 and d.within_bin_covariance == 0.0
    assert d.reliability - d.resolution + d.uncertainty == pytest.approx(d.brier, abs=1e-12)


@given(
    st.integers(min_value=1, max_value=15).flatmap(
        lambda n: st.tuples(
            st.lists(probability_vectors(3), min_size=n, max_size=n),
            st.lists(st.integers(0, 2), min_size=n, max_size=n),
        )
    ),
    binnings,
)
def test_categorical_parts_add_up(data, bins):
    rows, k = data
    d = cal.categorical_murphy_decomposition(np.array(rows), k, bins=bins)
    expected = float(np.mean(fs.categorical_brier_score(np.array(rows), k)))
    assert d.brier == pytest.approx(expected, abs=1e-12)
    assert _parts(d) == pytest.approx(d.brier, abs=1e-12)


@given(
    st.integers(min_value=1, max_value=30).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, 64).map(lambda i: i / 64), min_size=n, max_size=n),
            st.lists(st.booleans(), min_size=n, max_size=n),
        )
    )
)
def test_two_option_categorical_is_twice_binary(data):
    # multiples of 1/64, so that 1 - p is exact and p and 1 - p pool the same forecasts
    p, y = data
    rows = np.column_stack([1 - np.array(p), p])
    c = cal.categorical_murphy_decomposition(rows, np.array(y, dtype=int), bins="unique")
    b = cal.murphy_decomposition(p, y, bins="unique")
    for field in ("brier", "reliability", "resolution", "uncertainty"):
        assert getattr(c, field) == pytest.approx(2 * getattr(b, field), abs=1e-12)


@given(pairs, st.sampled_from(["brier", "log", "spherical"]))
def test_corp_parts_add_up_and_are_nonnegative(data, rule):
    p, y = data
    p = np.clip(p, 1e-9, 1 - 1e-9)  # keep the log score finite
    d = cal.corp_decomposition(p, y, rule=rule)
    assert d.miscalibration - d.discrimination + d.uncertainty == pytest.approx(d.score, abs=1e-12)
    assert d.miscalibration >= -1e-12 and d.discrimination >= -1e-12


@given(pairs, st.sampled_from(["brier", "log", "spherical"]))
def test_recalibration_never_raises_the_score(data, rule):
    p, y = data
    t = cal.reliability_table(p, y, bins="isotonic")
    idx = np.clip(np.searchsorted(t.edges, p, side="right") - 1, 0, t.n_bins - 1)
    recal = t.observed_frequency[idx]
    score = fs.scoring.get_rule(rule).binary
    assert np.mean(score(recal, y)) <= np.mean(score(p, y)) + 1e-12


@given(pairs)
def test_calibrated_forecasts_have_zero_miscalibration(data):
    # the isotonic recalibration of any forecasts is calibrated in sample
    p, y = data
    t = cal.reliability_table(p, y, bins="isotonic")
    idx = np.clip(np.searchsorted(t.edges, p, side="right") - 1, 0, t.n_bins - 1)
    recal = t.observed_frequency[idx]
    assert cal.corp_decomposition(recal, y).miscalibration == pytest.approx(0.0, abs=1e-12)
    assert cal.murphy_decomposition(recal, y, bins="unique").reliability == pytest.approx(
        0.0, abs=1e-12
    )
    assert cal.expected_calibration_error(recal, y, bins="unique") == pytest.approx(0.0, abs=1e-12)


@given(pairs, binnings)
def test_reliability_table_is_consistent(data, bins):
    p, y = data
    t = cal.reliability_table(p, y, bins=bins)
    assert t.n == len(p)
    assert t.edges.size == t.count.size + 1
    full = t.count > 0
    lo, hi = t.edges[:-1][full], t.edges[1:][full]
    assert np.all(t.mean_forecast[full] >= lo - 1e-12) and np.all(
        t.mean_forecast[full] <= hi + 1e-12
    )
    freq = t.observed_frequency[full]
    assert np.all(t.ci_low[full] <= freq + 1e-12) and np.all(freq <= t.ci_high[full] + 1e-12)
    assert np.all(t.consistency_low[full] <= t.consistency_high[full])
    ece = cal.expected_calibration_error(p, y, bins=bins)
    assert 0.0 <= ece <= 1.0


@given(pairs, st.sampled_from(["brier", "log", "spherical"]))
def test_skill_against_itself_is_zero(data, rule):
    p, y = data
    p = np.clip(p, 0.01, 0.99)
    s = cal.skill_score(p, y, rule=rule, reference=p)
    assert s.skill == pytest.approx(0.0, abs=1e-12)


def test_murphy_n_bins_counts_empty_bins():
    # DESIGN: one entry per bin, empty bins included. Ten uniform bins, forecasts 0.05, 0.15
    # and 0.95 fall in bins 0, 1 and 9; bins 2..8 are empty but are bins all the same.
    # Each forecast is alone in its bin, so bin means are the forecasts, frequencies the
    # outcomes 0, 1, 1; base rate 2/3.
    # REL = (0.05**2 + 0.85**2 + 0.05**2) / 3 = 0.7275 / 3 = 0.2425
    # RES = ((0 - 2/3)**2 + (1/3)**2 + (1/3)**2) / 3 = (6/9) / 3 = 2/9;  UNC = 2/9
    p, y = [0.05, 0.15, 0.95], [0, 1, 1]
    d = cal.murphy_decomposition(p, y, bins=10)
    assert (d.n, d.n_bins) == (3, 10)
    assert d.reliability == pytest.approx(0.2425, abs=1e-15)
    assert d.resolution == pytest.approx(2 / 9, abs=1e-15)
    assert d.uncertainty == pytest.approx(2 / 9, abs=1e-15)
    assert d.brier == pytest.approx(0.2425, abs=1e-15)
    t = cal.reliability_table(p, y, bins=10)
    assert t.n_bins == 10 and t.count.tolist() == [1, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    # categorical: each of the two categories is binned into the same ten bins
    c = cal.categorical_murphy_decomposition([[0.95, 0.05], [0.85, 0.15], [0.05, 0.95]], y, bins=10)
    assert c.n_bins == 10


def test_pandas_series_with_different_indexes_are_refused_not_paired_by_position():
    import pandas as pd  # in the test extra; the library itself never imports it

    forecast = pd.Series([0.2, 0.9], index=["q1", "q2"])
    outcome = pd.Series([1, 0], index=["q2", "q1"])  # same events, other order
    with pytest.raises(
        fs.QuestionMismatchError,
        match=r"forecast and outcome are pandas objects with different indexes \(at position 0 "
        r"forecast.index\[0\] = 'q1' but outcome.index\[0\] = 'q2'\)",
    ):
        cal.murphy_decomposition(forecast, outcome)
    with pytest.raises(fs.QuestionMismatchError, match=r"forecast has 2 labels and outcome 3"):
        cal.reliability_table(forecast, pd.Series([1, 0, 1]))
    with pytest.raises(
        fs.QuestionMismatchError, match=r"forecast and reference are pandas objects"
    ):
        cal.skill_score(forecast, [0, 1], reference=pd.Series([0.5, 0.5], index=["a", "b"]))
    with pytest.raises(fs.QuestionMismatchError, match=r"forecast and outcome are pandas"):
        cal.categorical_murphy_decomposition(
            pd.DataFrame([[0.8, 0.2], [0.1, 0.9]], index=["q1", "q2"]),
            pd.Series([0, 1], index=["q1", "q3"]),
        )
    # Aligned: the same result as the reindexed outcome, and as plain arrays.
    # Brier by hand: forecast 0.2 on q1 (outcome 0), 0.9 on q2 (outcome 1): (0.04 + 0.01) / 2
    aligned = cal.murphy_decomposition(forecast, outcome.reindex(forecast.index), bins="unique")
    assert aligned.brier == pytest.approx(0.025, abs=1e-15)
    # One pandas object and a plain list: nothing to compare, paired by position as documented.
    assert cal.murphy_decomposition(forecast, [0, 1]).brier == pytest.approx(0.025, abs=1e-15)


# --- regressions: bin counts, one way to say a binning, results as records (issue 8, 9) ---


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"bins": 2**62}, r"bins = 4611686018427387904 asks for more than 1,000,000 bins"),
        ({"bins": 2**70}, r"bins = 1180591620717411303424 asks for more than 1,000,000 bins"),
        ({"bins": 10**6 + 1}, r"bins = 1000001 asks for more than 1,000,000 bins"),
        ({"bins": 10**9}, r"bins = 1000000000 asks for more than 1,000,000 bins"),
        (
            {"bins": "quantile", "n_bins": 2**62},
            r"n_bins = 4611686018427387904 asks for more than 1,000,000 bins",
        ),
        (
            {"bins": np.linspace(0.0, 1.0, 10**6 + 2)},
            r"bins holds 1,000,002 edges, more than the 1,000,001",
        ),
    ],
)
def test_bin_counts_above_the_cap_are_refused_naming_the_value(options, match):
    # Regression (hostile-input battery): 2**62 and 2**70 bins gave a bare numpy ValueError
    # (array too big), 10**9 bins ran for minutes and took gigabytes.
    for fn in (cal.reliability_table, cal.expected_calibration_error, cal.murphy_decomposition):
        with pytest.raises(fs.InvalidOptionError, match=match):
            fn(P5, Y5, **options)
    with pytest.raises(fs.InvalidOptionError, match=match):
        cal.categorical_murphy_decomposition([[0.2, 0.8], [0.6, 0.4]], [1, 0], **options)


def test_bin_count_at_the_cap_is_accepted():
    # 1,000,000 equal-width bins of width 1e-6: 0.1 falls in bin 100000 (edge i / m is exact
    # for i = 100000), 0.9 in bin 900000; every bin is kept.
    t = cal.reliability_table([0.1, 0.9], [0, 1], bins=10**6)
    assert t.n_bins == 10**6 and t.n == 2
    assert np.flatnonzero(t.count).tolist() == [100000, 900000]


@pytest.mark.parametrize(
    ("options", "match"),
    [
        # the default bins=10 used to win silently: ten bins for n_bins=5
        ({"n_bins": 5}, r"n_bins applies to bins='quantile' only \(got n_bins=5 with bins=10\)"),
        ({"bins": 4, "n_bins": 4}, r"\(got n_bins=4 with bins=4\).*pass bins=4"),
        ({"bins": "unique", "n_bins": 3}, r"bins='unique' chooses its own bins"),
        ({"bins": "isotonic", "n_bins": 3}, r"bins='isotonic' chooses its own bins"),
        ({"bins": [0.0, 0.5, 1.0], "n_bins": 2}, r"with bins given as edges\): edges fix the bins"),
        # a bad n_bins is refused even where it would not be used
        ({"n_bins": -1}, r"n_bins must be an integer >= 1 \(got -1\)"),
        ({"n_bins": 2.5}, r"n_bins must be an integer >= 1 \(got 2.5\)"),
        ({"n_bins": True}, r"n_bins must be an integer >= 1 \(got True\)"),
        ({"bins": "quantile", "n_bins": 0}, r"n_bins must be an integer >= 1 \(got 0\)"),
        ({"bins": 2.5}, r"bins must be an integer, an array of edges or one of .* \(got 2.5\)"),
        ({"bins": None}, r"bins must be an integer, an array of edges or one of .* \(got None\)"),
    ],
)
def test_n_bins_goes_with_quantile_bins_only(options, match):
    # Regression (hostile-input battery): n_bins=-1 or 2.5 was silently ignored when bins was
    # an integer, in every function of the room; categorical_murphy_decomposition(n_bins=0)
    # passed.
    for fn in (cal.reliability_table, cal.expected_calibration_error, cal.murphy_decomposition):
        with pytest.raises(fs.InvalidOptionError, match=match):
            fn(P5, Y5, **options)
    with pytest.raises(fs.InvalidOptionError, match=match):
        cal.categorical_murphy_decomposition([[0.2, 0.8], [0.6, 0.4]], [1, 0], **options)


def test_quantile_bins_count_comes_from_n_bins_default_ten():
    # P5 sorted: 0.1, 0.2, 0.7, 0.8, 0.9. Two quantile bins: edges at the 0, 0.5, 1 quantiles
    # 0.1, 0.7, 0.9, so {0.1, 0.2} and {0.7, 0.8, 0.9}.
    two = cal.reliability_table(P5, Y5, bins="quantile", n_bins=2)
    np.testing.assert_allclose(two.edges, [0.1, 0.7, 0.9], rtol=1e-15)
    assert two.count.tolist() == [2, 3]
    # default ten: the 11 quantiles k/10 of five distinct values are distinct (linear
    # interpolation between neighbours), so ten bins.
    ten = cal.reliability_table(P5, Y5, bins="quantile")
    assert ten.n_bins == 10 and ten.n == 5


def test_result_reprs_are_one_line_without_arrays():
    rng = np.random.default_rng(1)
    p = rng.uniform(size=1000)
    y = rng.uniform(size=1000) < p
    t = cal.reliability_table(p, y)
    assert (
        repr(t) == "ReliabilityTable(10 uniform bins, n=1000, interval='wilson', confidence=0.95)"
    )
    one = cal.reliability_table([0.3], [1], bins=1, interval="jeffreys", confidence=0.9)
    assert repr(one) == "ReliabilityTable(1 uniform bin, n=1, interval='jeffreys', confidence=0.9)"
    # the by-hand example of MurphyDecomposition's docstring, to six digits
    d = cal.murphy_decomposition([0.1, 0.3, 0.6, 0.8], [0, 1, 1, 1], bins=2)
    assert repr(d) == (
        "MurphyDecomposition(brier=0.175, reliability=0.09, resolution=0.0625, "
        "uncertainty=0.1875, within_bin_variance=0.01, within_bin_covariance=0.025, n=4, "
        "n_bins=2)"
    )
    # CORP of 0.2, 0.2, 0.8, 0.8 against 0, 1, 1, 1: score 0.19, MCB 0.065, DSC 0.0625, UNC 0.1875
    c = cal.corp_decomposition([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1])
    assert repr(c) == (
        "CorpDecomposition(rule='brier', score=0.19, miscalibration=0.065, "
        "discrimination=0.0625, uncertainty=0.1875, n=4)"
    )
    # 1 - 0.1 / 0.25 = 0.6
    s = cal.skill_score([0.8, 0.6, 0.4, 0.2], [1, 1, 0, 0])
    assert repr(s) == (
        "SkillScore(skill=0.6, rule='brier', reference='climatology 0.5 (in-sample base rate)', "
        "n=4)"
    )
    for r in (t, d, c, s):
        assert "\n" not in repr(r) and "array" not in repr(r)


def test_reliability_table_to_records_and_to_pandas():
    pd = pytest.importorskip("pandas")
    # bins [0, .25), [.25, .5), [.5, .75), [.75, 1]: {0.1, 0.2} with 0, 0; none; {0.7} with 0;
    # {0.8, 0.9} with 1, 1
    t = cal.reliability_table(P5, Y5, bins=4)
    rows = t.to_records()
    assert [(r["bin_low"], r["bin_high"], r["count"]) for r in rows] == [
        (0.0, 0.25, 2),
        (0.25, 0.5, 0),
        (0.5, 0.75, 1),
        (0.75, 1.0, 2),
    ]
    assert rows[0]["observed_frequency"] == 0.0 and rows[3]["observed_frequency"] == 1.0
    assert rows[0]["mean_forecast"] == pytest.approx(0.15, abs=1e-15)
    assert all(rows[1][k] is None for k in list(rows[1])[3:])  # the empty bin: no statistics
    assert all(type(v) in (float, int) for v in rows[0].values())  # plain Python values
    frame = t.to_pandas()
    assert isinstance(frame, pd.DataFrame) and frame.shape == (4, 9)
    assert list(frame.columns) == list(rows[0])
    assert frame["count"].tolist() == [2, 0, 1, 2]
    assert np.isnan(frame.loc[1, "mean_forecast"]) and frame.loc[2, "mean_forecast"] == 0.7


def test_decomposition_and_skill_results_to_records_and_to_pandas():
    pd = pytest.importorskip("pandas")
    d = cal.murphy_decomposition([0.1, 0.3, 0.6, 0.8], [0, 1, 1, 1], bins=2)
    (row,) = d.to_records()
    assert list(row) == [
        "brier",
        "reliability",
        "resolution",
        "uncertainty",
        "within_bin_variance",
        "within_bin_covariance",
        "n",
        "n_bins",
    ]
    assert row["brier"] == pytest.approx(0.175, abs=1e-15) and (row["n"], row["n_bins"]) == (4, 2)
    c = cal.corp_decomposition([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1], rule="log", base=2)
    (crow,) = c.to_records()
    # bits: -(0.75 log2 0.75 + 0.25 log2 0.25) = 0.811278
    assert crow["rule"] == "log" and crow["uncertainty"] == pytest.approx(0.8112781244591328)
    s = cal.skill_score([0.8, 0.6, 0.4, 0.2], [1, 1, 0, 0], reference=0.5)
    (srow,) = s.to_records()
    assert srow == {
        "skill": pytest.approx(0.6),
        "score": pytest.approx(0.1),
        "reference_score": 0.25,
        "reference": "constant 0.5",
        "rule": "brier",
        "n": 4,
    }
    for result in (d, c, s):
        frame = result.to_pandas()
        (record,) = result.to_records()
        assert isinstance(frame, pd.DataFrame) and len(frame) == 1
        assert frame.columns.tolist() == list(record)
        assert frame.iloc[0].tolist() == list(record.values())
