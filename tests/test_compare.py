"""Tests of forecastscore.compare: hand-computed values, errors, then properties."""

import itertools
import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import forecastscore as fs
from forecastscore.compare import compare, pairwise_relative_skill

# --- hand-computed values: compare --------------------------------------------------------


def test_permutation_exact_p_value_all_one_sign():
    # differences -0.21, -0.27, -0.08, -0.09, -0.12, -0.24: all negative, mean -1.01 / 6.
    # Of the 2**6 = 64 sign patterns only "all as observed" and "all flipped" reach |mean|:
    # p = 2 / 64 = 0.03125
    a = [0.04, 0.09, 0.01, 0.16, 0.04, 0.25]
    b = [0.25, 0.36, 0.09, 0.25, 0.16, 0.49]
    c = compare(a, b, method="permutation")
    assert c.mean_difference == pytest.approx(-1.01 / 6, abs=1e-15)
    assert c.mean_a == pytest.approx(0.59 / 6) and c.mean_b == pytest.approx(1.6 / 6)
    assert c.p_value == 0.03125
    assert (c.n, c.n_clusters, c.confidence) == (6, 6, 0.95)
    assert "exact: all 64 sign patterns" in c.method


def test_permutation_three_cases_gives_no_bounded_interval():
    # d = 1, -1, 2 (mean 2/3). Signed sums over the 8 patterns: 2, -2, 4, 0, 0, -4, 2, -2;
    # |sum| >= 2 in 6 of 8: p = 0.75. The smallest possible p is 2/8 = 0.25 > 0.05, so no
    # bounded 95% interval exists.
    c = compare([1.0, 0.0, 2.0], [0.0, 1.0, 0.0], method="permutation")
    assert c.p_value == 0.75
    assert c.ci_low is None and c.ci_high is None
    assert "cannot reject any difference" in c.note and "0.25" in c.note


def test_permutation_constant_differences_interval_is_a_point():
    # d = 1 seven times: for any delta != 1 only the two constant sign patterns reach
    # |1 - delta|, p = 2/128 = 0.015625 < 0.05, so the interval shrinks to {1}
    c = compare([2.0] * 7, [1.0] * 7, method="permutation")
    assert c.p_value == 2 / 128
    assert c.ci_low == pytest.approx(1.0, abs=1e-9) and c.ci_high == pytest.approx(1.0, abs=1e-9)


def test_permutation_interval_inverts_the_test():
    # Oracle: a brute-force sign-flip p-value written here, over all 2**8 patterns.
    a = np.array([0.3, 0.5, 0.1, 0.9, 0.4, 0.6, 0.2, 0.8])
    b = np.array([0.2, 0.6, 0.3, 0.4, 0.1, 0.3, 0.2, 0.5])
    d = a - b

    def p_brute(delta):
        obs = abs(np.mean(d - delta))
        hits = sum(
            abs(np.mean(np.array(s) * (d - delta))) >= obs - 1e-12
            for s in itertools.product((1, -1), repeat=d.size)
        )
        return hits / 2**d.size

    c = compare(a, b, method="permutation")
    assert c.p_value == pytest.approx(p_brute(0.0), abs=1e-15)
    eps = 1e-6
    assert p_brute(c.ci_low + eps) > 0.05 >= p_brute(c.ci_low - eps)
    assert p_brute(c.ci_high - eps) > 0.05 >= p_brute(c.ci_high + eps)


def test_bootstrap_constant_differences():
    # every resample of twelve equal differences 0.1 has mean 0.1: interval [0.1, 0.1];
    # no centred resample reaches |0.1|, so p = 1 / (2000 + 1)
    c = compare([0.3] * 12, [0.2] * 12, seed=0)
    assert c.ci_low == pytest.approx(0.1, abs=1e-12) and c.ci_high == pytest.approx(0.1, abs=1e-12)
    assert c.p_value == 1 / 2001
    assert c.method.startswith("bootstrap over 12 cases (2000 resamples")


def test_cluster_bootstrap_of_duplicates_equals_plain_bootstrap_of_originals():
    # 15 questions, each scored 4 times with the same difference. Resampling the 15 clusters
    # draws the same indices (same seed) as resampling the 15 distinct cases, and each
    # resample's mean is the same: sum(4 d) / sum(4) = mean(d).
    rng = np.random.default_rng(3)
    a, b = rng.uniform(size=15), rng.uniform(size=15)
    q = np.repeat(np.arange(15), 4)
    clustered = compare(np.repeat(a, 4), np.repeat(b, 4), cluster=q, seed=11)
    plain = compare(a, b, seed=11)
    assert clustered.ci_low == pytest.approx(plain.ci_low, abs=1e-12)
    assert clustered.ci_high == pytest.approx(plain.ci_high, abs=1e-12)
    assert clustered.p_value == plain.p_value
    assert (clustered.n, clustered.n_clusters) == (60, 15)
    assert clustered.method.startswith("cluster bootstrap over 15 clusters")
    # Ignoring the clusters would pretend to have 60 independent cases: a narrower interval.
    naive = compare(np.repeat(a, 4), np.repeat(b, 4), seed=11)
    assert naive.ci_high - naive.ci_low < clustered.ci_high - clustered.ci_low


def test_bootstrap_says_when_there_are_too_few_clusters():
    c = compare([0.1, 0.2, 0.3, 0.4], [0.2, 0.2, 0.2, 0.2], cluster=["q1", "q1", "q2", "q3"])
    assert (c.ci_low, c.ci_high, c.p_value) == (None, None, None)
    assert c.n_clusters == 3
    assert "needs at least 10 clusters" in c.note and "(got 3)" in c.note
    assert c.mean_difference == pytest.approx(0.05, abs=1e-15)  # (-0.1 + 0 + 0.1 + 0.2) / 4


def test_diebold_mariano_by_hand():
    # d = 0.1, -0.1, 0.3, 0.1, 0.1; mean 0.1; deviations 0, -0.2, 0.2, 0, 0
    # gamma0 = 0.08 / 5 = 0.016; se = sqrt(0.016 / 5) = sqrt(0.0032)
    # HLN factor (n + 1 - 2h + h(h-1)/n) / n = 4 / 5 = 0.8
    # statistic = 0.1 / sqrt(0.0032) * sqrt(0.8) = sqrt(2.5); t with 4 df
    # half-width = t_{4, 0.975} * sqrt(0.0032) / sqrt(0.8) = t_{4, 0.975} * sqrt(0.004)
    a = [0.3, 0.1, 0.5, 0.2, 0.4]
    b = [0.2, 0.2, 0.2, 0.1, 0.3]
    c = compare(a, b, method="diebold-mariano", min_questions=5)
    assert c.mean_difference == pytest.approx(0.1, abs=1e-15)
    assert c.p_value == pytest.approx(2 * stats.t.sf(math.sqrt(2.5), 4), rel=1e-12)
    half = stats.t.ppf(0.975, 4) * math.sqrt(0.004)
    assert c.ci_low == pytest.approx(0.1 - half, rel=1e-12)
    assert c.ci_high == pytest.approx(0.1 + half, rel=1e-12)
    assert "horizon 1" in c.method and "4 df" in c.method


def test_diebold_mariano_nonpositive_long_run_variance():
    # horizon 2 adds 2 * gamma1, gamma1 = (0.2 * -0.2) / 5 = -0.008: 0.016 - 0.016 = 0
    a = [0.3, 0.1, 0.5, 0.2, 0.4]
    b = [0.2, 0.2, 0.2, 0.1, 0.3]
    c = compare(a, b, method="diebold-mariano", min_questions=5, horizon=2)
    assert c.p_value is None and c.ci_low is None
    assert "long-run variance" in c.note


def test_diebold_mariano_too_few_cases():
    c = compare([0.1] * 6, [0.2] * 6, method="diebold-mariano")
    assert c.p_value is None and "needs at least 10 cases" in c.note


def test_mappings_pair_by_key_and_nan_omit():
    a = {"q1": 0.1, "q2": 0.4, "q3": 0.2}
    b = {"q3": 0.3, "q1": 0.2, "q2": 0.2}
    by_key = compare(a, b, method="permutation")
    by_position = compare([0.1, 0.4, 0.2], [0.2, 0.2, 0.3], method="permutation")
    assert by_key == by_position
    c = compare(
        [0.1, np.nan, 0.4, 0.2], [0.2, 0.3, 0.2, np.nan], method="permutation", nan_policy="omit"
    )
    assert c.n == 2 and c.mean_difference == pytest.approx(0.05)
    assert "2 case(s) with a NaN score left out" in c.note


def test_mapping_clusters():
    a = {"c1": 0.1, "c2": 0.4, "c3": 0.2}
    b = {"c1": 0.2, "c2": 0.2, "c3": 0.3}
    c = compare(a, b, cluster={"c1": "q", "c2": "q", "c3": "r"}, method="permutation")
    assert c.n_clusters == 2


# --- hand-computed values: relative skill -------------------------------------------------


def test_pairwise_relative_skill_by_hand():
    # A: q1 0.1, q2 0.2;  B: q1 0.2, q2 0.2, q3 0.4;  C: q2 0.4, q3 0.2
    # A/B on q1, q2: 0.15 / 0.2 = 0.75;  A/C on q2: 0.2 / 0.4 = 0.5;  B/C on q2, q3: 0.3/0.3 = 1
    # theta_A = (1 * 0.75 * 0.5)^(1/3) = 0.375^(1/3); theta_B = (4/3)^(1/3); theta_C = 2^(1/3)
    # relative to B: A = 0.28125^(1/3) = 0.655185, C = 1.5^(1/3) = 1.144714
    who = ["A", "A", "B", "B", "B", "C", "C", "A"]
    what = ["q1", "q2", "q1", "q2", "q3", "q2", "q3", "q1"]  # A's second 0.1 on q1 averages in
    score = [0.1, 0.2, 0.2, 0.2, 0.4, 0.4, 0.2, 0.1]
    s = pairwise_relative_skill(who, what, score)
    assert s.forecasters.tolist() == ["A", "B", "C"]
    np.testing.assert_allclose(
        s.relative_skill, [0.375 ** (1 / 3), (4 / 3) ** (1 / 3), 2 ** (1 / 3)], rtol=1e-12
    )
    np.testing.assert_allclose(s.ratio, [[1, 0.75, 0.5], [4 / 3, 1, 1], [2, 1, 1]], rtol=1e-12)
    np.testing.assert_array_equal(s.overlap, [[2, 2, 1], [2, 3, 2], [1, 2, 2]])
    np.testing.assert_array_equal(s.n_compared, [2, 2, 2])
    np.testing.assert_array_equal(s.n_questions, [2, 3, 2])
    rel = pairwise_relative_skill(who, what, score, baseline="B")
    np.testing.assert_allclose(rel.relative_skill, [0.655185, 1.0, 1.144714], atol=1e-6)
    assert rel.baseline == "B"


def test_relative_skill_two_forecasters_is_the_plain_ratio():
    # ann 0.2 and bob 0.4 on the shared q1, q2 (bob's q3 does not count): 0.5
    s = pairwise_relative_skill(
        ["ann", "ann", "bob", "bob", "bob"],
        ["q1", "q2", "q1", "q2", "q3"],
        [0.1, 0.3, 0.2, 0.6, 0.9],
        baseline="bob",
    )
    np.testing.assert_allclose(s.relative_skill, [0.5, 1.0], rtol=1e-12)


def test_relative_skill_min_questions_and_isolated_forecaster():
    who = ["A", "A", "B", "B", "C"]
    what = ["q1", "q2", "q1", "q2", "q9"]
    s = pairwise_relative_skill(who, what, [0.1, 0.1, 0.2, 0.2, 0.3])
    assert s.n_compared.tolist() == [1, 1, 0]
    assert math.isnan(s.relative_skill[2]) and math.isnan(s.ratio[0, 2])
    # requiring 3 shared questions leaves nobody compared
    s3 = pairwise_relative_skill(who, what, [0.1, 0.1, 0.2, 0.2, 0.3], min_questions=3)
    assert s3.n_compared.tolist() == [0, 0, 0]


def test_relative_skill_on_object_arrays_skips_and_counts_undefined_pairs():
    # Regression (issue 8, row 15): object arrays (what ScoreTable hands over) crashed with
    # AttributeError in the error path for a pair whose ratio is undefined. a scores 0 on
    # both shared questions, so a/b = 0 / 0.15 is undefined: the pair is skipped and counted.
    s = pairwise_relative_skill(
        np.array(["a", "a", "b", "b"], dtype=object), ["q1", "q2", "q1", "q2"], [0, 0, 0.1, 0.2]
    )
    assert s.forecasters.tolist() == ["a", "b"]
    assert s.n_skipped.tolist() == [1, 1] and s.n_compared.tolist() == [0, 0]
    assert np.isnan(s.ratio[0, 1]) and np.isnan(s.ratio[1, 0])
    assert np.isnan(s.relative_skill).all()
    # With a third forecaster c (0.3 on q1, 0.1 on q2: mean 0.2) the other pair still counts:
    # b/c = 0.15 / 0.2 = 0.75, theta_b = (1 * 0.75) ** (1/2), theta_c = (1 / 0.75) ** (1/2).
    who = np.array(["a", "a", "b", "b", "c", "c"], dtype=object)
    what = np.array(["q1", "q2", "q1", "q2", "q1", "q2"], dtype=object)
    t = pairwise_relative_skill(who, what, [0, 0, 0.1, 0.2, 0.3, 0.1], baseline="c")
    assert t.n_skipped.tolist() == [2, 1, 1] and t.n_compared.tolist() == [0, 1, 1]
    np.testing.assert_allclose(t.ratio[1, 2], 0.75, rtol=1e-12)
    np.testing.assert_allclose(t.relative_skill[1:], [0.75, 1.0], rtol=1e-12)
    # A baseline whose every pair was skipped is still refused, by name.
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"baseline 'a' is compared with no other forecaster .*2 pair\(s\) sharing enough were skipped",
    ):
        pairwise_relative_skill(who, what, [0, 0, 0.1, 0.2, 0.3, 0.1], baseline="a")


# --- errors -------------------------------------------------------------------------------


def test_compare_errors():
    with pytest.raises(
        fs.ShapeError, match=r"scores_a of shape \(3,\) and scores_b of shape \(2,\)"
    ):
        compare([0.1, 0.2, 0.3], [0.1, 0.2])
    with pytest.raises(
        fs.QuestionMismatchError, match=r"1 only in scores_a \(e.g. 'q3'\), 0 only in scores_b"
    ):
        compare({"q1": 0.1, "q2": 0.2, "q3": 0.3}, {"q1": 0.1, "q2": 0.2})
    with pytest.raises(fs.ForecastTypeError, match=r"both be mappings .* \(got dict and list\)"):
        compare({"q1": 0.1}, [0.1])
    with pytest.raises(
        fs.InvalidForecastError, match=r"scores_b\[2\] is NaN; pass nan_policy='omit'"
    ):
        compare([0.1, 0.2, 0.3], [0.1, 0.2, np.nan])
    with pytest.raises(fs.InvalidForecastError, match=r"scores_a\[1\] = inf is not a finite score"):
        compare([0.1, np.inf], [0.1, 0.2], nan_policy="omit")
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"method must be one of 'bootstrap', 'permutation', 'diebold-mariano' \(got 't-test'\)",
    ):
        compare([0.1], [0.2], method="t-test")
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"method='diebold-mariano' treats the scores as one time series and takes no cluster",
    ):
        compare([0.1], [0.2], method="diebold-mariano", cluster=["q"])
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"horizon applies to method='diebold-mariano' only \(got horizon=3 with method='bootstrap'\)",
    ):
        compare([0.1], [0.2], horizon=3)
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"seed must be an integer >= 0 \(reproducible results\) or None \(fresh entropy\) "
        r"\(got 'seed'\)",
    ):
        compare([0.1], [0.2], seed="seed")
    with pytest.raises(
        fs.InvalidOptionError, match=r"confidence must be a number in \(0, 1\) \(got 0\)"
    ):
        compare([0.1], [0.2], confidence=0)
    with pytest.raises(
        fs.ShapeError, match=r"cluster of shape \(1,\) must have the shape of the scores \(2,\)"
    ):
        compare([0.1, 0.2], [0.2, 0.3], cluster=["q"])
    with pytest.raises(
        fs.QuestionMismatchError, match=r"cluster has no label for 1 case\(s\) \(e.g. 'b'\)"
    ):
        compare({"a": 0.1, "b": 0.2}, {"a": 0.1, "b": 0.3}, cluster={"a": "q"})
    with pytest.raises(fs.ShapeError, match=r"hold no paired cases"):
        compare([np.nan], [0.1], nan_policy="omit")


def test_relative_skill_errors():
    with pytest.raises(
        fs.ShapeError, match=r"1-D arrays of one length \(got shapes \(2,\), \(1,\) and \(2,\)\)"
    ):
        pairwise_relative_skill(["a", "b"], ["q"], [0.1, 0.2])
    with pytest.raises(
        fs.InvalidForecastError, match=r"score\[1\] = -0.2 is not a finite score >= 0"
    ):
        pairwise_relative_skill(["a", "b"], ["q", "q"], [0.1, -0.2])
    with pytest.raises(fs.InvalidOptionError, match=r"baseline 'zed' is not among the forecasters"):
        pairwise_relative_skill(["a", "b"], ["q", "q"], [0.1, 0.2], baseline="zed")
    with pytest.raises(
        fs.InvalidOptionError, match=r"min_questions must be an integer >= 1 \(got 0\)"
    ):
        pairwise_relative_skill(["a", "b"], ["q", "q"], [0.1, 0.2], min_questions=0)


def test_review_regressions_relative_skill_and_scores():
    # Review finding: a baseline sharing no question with anyone made every skill NaN
    # (theta / NaN), silently. a and c share q1; b answered only q3.
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"baseline 'b' is compared with no other forecaster \(none shares at least 1 question\(s\)",
    ):
        pairwise_relative_skill(
            ["a", "a", "b", "c"], ["q1", "q2", "q3", "q1"], [0.1, 0.2, 0.3, 0.4], baseline="b"
        )
    # Review finding: a forecaster scoring 0 everywhere but sharing nothing was refused with
    # "'a' ... shared with 'a'" (its own diagonal); now it is simply not compared (NaN, 0).
    # By hand: b vs c on q2: 0.2 / 0.4 = 0.5, geometric mean with 1: sqrt(0.5) = 0.7071.
    r = pairwise_relative_skill(["a", "b", "c"], ["q1", "q2", "q2"], [0.0, 0.2, 0.4])
    assert math.isnan(r.relative_skill[0]) and r.n_compared[0] == 0
    assert r.relative_skill[1] == pytest.approx(math.sqrt(0.5))
    # Review finding: boolean scores were refused as "probabilities"; scores are real numbers.
    with pytest.raises(
        fs.ForecastTypeError, match=r"scores_a must hold real numbers, not booleans"
    ):
        compare([True, False], [0.1, 0.2])


def test_nan_cluster_labels_are_refused():
    # Review finding: NaN labels were silently pooled into one cluster by np.unique.
    with pytest.raises(fs.InvalidOptionError, match=r"cluster\[1\] = .*nan.* is missing"):
        compare(
            [0.1, 0.2, 0.3], [0.2, 0.1, 0.3], cluster=[1.0, np.nan, np.nan], method="permutation"
        )


def test_diebold_mariano_rounding_noise_is_not_variation():
    # Review finding: b = a + 0.1 gives differences equal to -0.1 up to rounding; the
    # long-run variance was ~1e-34 > 0, so the test reported p = 0.0. It is now "not run",
    # like exactly equal differences.
    a = np.linspace(0.05, 0.9, 30)
    c = compare(a, a + 0.1, method="diebold-mariano")
    assert c.p_value is None and "long-run variance" in c.note


# --- properties ---------------------------------------------------------------------------

paired = st.integers(min_value=1, max_value=10).flatmap(  # up to 2**10 patterns: exact
    lambda n: st.tuples(
        st.lists(st.floats(0, 2, allow_subnormal=False), min_size=n, max_size=n),
        st.lists(st.floats(0, 2, allow_subnormal=False), min_size=n, max_size=n),
    )
)


@given(paired)
def test_swapping_the_forecasters_mirrors_the_result(data):
    a, b = data
    ab = compare(a, b, method="permutation")
    ba = compare(b, a, method="permutation")
    assert ab.mean_difference == pytest.approx(-ba.mean_difference, abs=1e-12)
    assert ab.p_value == pytest.approx(ba.p_value, abs=1e-12)
    assert 0 < ab.p_value <= 1
    if ab.ci_low is not None:
        assert ab.ci_low == pytest.approx(-ba.ci_high, abs=1e-9)
        assert ab.ci_low <= ab.mean_difference + 1e-12 <= ab.ci_high + 2e-12


@given(paired, st.integers(0, 2**32 - 1))
def test_bootstrap_is_reproducible_and_ordered(data, seed):
    a, b = data
    c1 = compare(a, b, seed=seed, min_questions=2, n_resamples=200)
    c2 = compare(a, b, seed=seed, min_questions=2, n_resamples=200)
    assert c1 == c2
    assert c1.mean_difference == pytest.approx(c1.mean_a - c1.mean_b, abs=1e-12)
    if c1.ci_low is not None:
        assert c1.ci_low <= c1.ci_high and 0 < c1.p_value <= 1


@given(
    st.lists(
        st.tuples(st.sampled_from("abcd"), st.sampled_from("pqrstu"), st.floats(0.01, 2)),
        min_size=1,
        max_size=40,
    ),
    st.floats(0.1, 10),
)
def test_relative_skill_ignores_the_unit_of_the_score(rows, factor):
    who, what, score = (list(col) for col in zip(*rows, strict=True))
    plain = pairwise_relative_skill(who, what, score)
    if plain.n_compared[plain.forecasters.tolist().index(who[0])] == 0:
        with pytest.raises(fs.InvalidOptionError, match="is compared with no other forecaster"):
            pairwise_relative_skill(who, what, score, baseline=who[0])
        return
    s1 = pairwise_relative_skill(who, what, score, baseline=who[0])
    s2 = pairwise_relative_skill(who, what, np.array(score) * factor, baseline=who[0])
    np.testing.assert_allclose(s1.relative_skill, s2.relative_skill, rtol=1e-9)
    np.testing.assert_array_equal(s1.n_compared, s2.n_compared)
    ok = ~np.isnan(s1.ratio)
    np.testing.assert_allclose((s1.ratio * s1.ratio.T)[ok], 1.0, rtol=1e-12)


def test_diebold_mariano_zero_long_run_variance_whatever_the_blas_kernel():
    # Regression (issue 8, row 5): the long-run variance of the by-hand example at horizon 2
    # is exactly 0 (0.016 - 2 * 0.008), but its rounded value depended on the BLAS kernel
    # (3.5e-18 with the SkylakeX kernel), which gave p = 1.25e-31. Reversing the series leaves
    # the exact variance unchanged (the sum over |i - j| < h is symmetric) but sums the
    # products in another order; scaling by 3 changes every rounding.
    a = np.array([0.3, 0.1, 0.5, 0.2, 0.4])
    b = np.array([0.2, 0.2, 0.2, 0.1, 0.3])
    for x, y in ((a, b), (a[::-1], b[::-1]), (3 * a, 3 * b), (a[::-1] * 3, b[::-1] * 3)):
        c = compare(x, y, method="diebold-mariano", min_questions=5, horizon=2)
        assert c.p_value is None and c.ci_low is None and c.ci_high is None
        assert "rounding error of its computation" in c.note


def test_pandas_scores_with_different_indexes_are_refused_not_paired_by_position():
    import pandas as pd  # in the test extra; the library itself never imports it

    a = pd.Series([0.1, 0.4, 0.2], index=["q1", "q2", "q3"])
    b = pd.Series([0.3, 0.2, 0.2], index=["q3", "q1", "q2"])
    with pytest.raises(
        fs.QuestionMismatchError,
        match=r"scores_a and scores_b are pandas objects with different indexes \(at position 0 "
        r"scores_a.index\[0\] = 'q1' but scores_b.index\[0\] = 'q3'\)",
    ):
        compare(a, b, method="permutation")
    # aligned by the caller: the same as the mappings paired by key
    by_label = compare(a, b.reindex(a.index), method="permutation")
    by_key = compare(a.to_dict(), b.to_dict(), method="permutation")
    assert by_label == by_key
    with pytest.raises(fs.QuestionMismatchError, match=r"forecaster and score are pandas objects"):
        pairwise_relative_skill(
            pd.Series(["x", "y"], index=[0, 1]), ["q", "q"], pd.Series([0.1, 0.2], index=[1, 0])
        )


# --- regressions: options, huge scores, results as records (issues 8 and 9) --------------

A12 = np.linspace(0.1, 0.9, 12)
B12 = A12[::-1] + np.arange(12) * 0.01


def _dm_oracle(a, b, h, confidence=0.95):
    """Diebold-Mariano with the HLN correction, written out with explicit loops."""
    d = [x - y for x, y in zip(a, b, strict=True)]
    n = len(d)
    mean = math.fsum(d) / n
    e = [v - mean for v in d]
    lrv = math.fsum(e[i] * e[j] for i in range(n) for j in range(n) if abs(i - j) < h) / n
    factor = (n + 1 - 2 * h + h * (h - 1) / n) / n
    if lrv <= 0:
        return mean, None, None, None
    se = math.sqrt(lrv / n)
    stat = mean / se * math.sqrt(factor)
    half = stats.t.ppf(1 - (1 - confidence) / 2, n - 1) * se / math.sqrt(factor)
    return mean, 2 * stats.t.sf(abs(stat), n - 1), mean - half, mean + half


def test_seed_makes_resampling_reproducible_by_default():
    # Regression (issue 9): compare took rng=None and was not reproducible by default.
    a, b = np.linspace(0.0, 1.0, 15), np.linspace(0.3, 0.5, 15) ** 2
    first, second = compare(a, b), compare(a, b)
    assert first == second == compare(a, b, seed=0)
    assert compare(a, b, method="permutation", n_resamples=300) == compare(
        a, b, method="permutation", n_resamples=300, seed=0
    )
    # another seed draws other resamples (an interval end moves), None draws fresh entropy
    assert compare(a, b, seed=1).ci_low != first.ci_low
    assert compare(a, b, seed=None).mean_difference == first.mean_difference


@pytest.mark.parametrize("seed", [-1, True, "a", 1.5, np.random.default_rng(0)])
def test_bad_seed_is_refused_naming_the_value(seed):
    # Regression (hostile-input battery): rng=-1 raised numpy's bare ValueError.
    with pytest.raises(
        fs.InvalidOptionError,
        match=rf"seed must be an integer >= 0 .*\(got {re.escape(repr(seed))}\)",
    ):
        compare(A12, B12, seed=seed)


def test_n_resamples_above_the_cap_is_refused():
    # Regression (hostile-input battery): n_resamples=10**12 with >= 12 cases: MemoryError.
    for method in ("bootstrap", "permutation"):
        with pytest.raises(
            fs.InvalidOptionError,
            match=r"n_resamples = 1000000000000 is more than the 1,000,000 resamples allowed",
        ):
            compare(A12, B12, method=method, n_resamples=10**12)
    with pytest.raises(fs.InvalidOptionError, match=r"n_resamples = 1000001 is more than"):
        compare(A12, B12, n_resamples=10**6 + 1)


def test_n_resamples_at_the_cap_runs():
    # twelve equal differences 0.1: every resample's mean is 0.1, none reaches |0.1| once
    # centred, so p = 1 / (10**6 + 1) and the interval is the point 0.1
    c = compare([0.3] * 12, [0.2] * 12, n_resamples=10**6)
    assert c.p_value == 1 / (10**6 + 1)
    assert c.ci_low == pytest.approx(0.1, abs=1e-12) and c.ci_high == pytest.approx(0.1, abs=1e-12)


@pytest.mark.parametrize("horizon", [12, 13, 14, 10**12])
def test_diebold_mariano_horizon_not_below_the_cases_is_refused(horizon):
    # Regression (hostile-input battery): horizon=10**12 looped 10**12 times; the HLN factor
    # (n - h)(n - h + 1) / n**2 is 0 at h = n, n + 1 and positive again from h = n + 2, so a
    # horizon beyond the sample was tested.
    with pytest.raises(
        fs.InvalidOptionError,
        match=rf"horizon = {horizon} is not below the number of cases \(12\)",
    ):
        compare(A12, B12, method="diebold-mariano", horizon=horizon)


@pytest.mark.parametrize("h", [1, 2, 3, 7, 11])
def test_diebold_mariano_vectorised_long_run_sum_agrees_with_explicit_loops(h):
    # Regression: the banded sum looped once per lag in Python; it is now one sliding window.
    # Oracle: the statistic written with explicit double loops and math.fsum.
    rng = np.random.default_rng(h)
    a, b = rng.uniform(size=12), rng.uniform(size=12)
    mean, p, lo, hi = _dm_oracle(a.tolist(), b.tolist(), h)
    c = compare(a, b, method="diebold-mariano", horizon=h)
    assert c.mean_difference == pytest.approx(mean, abs=1e-15)
    if p is None:
        assert c.p_value is None
    else:
        assert c.p_value == pytest.approx(p, rel=1e-9)
        assert c.ci_low == pytest.approx(lo, rel=1e-9) and c.ci_high == pytest.approx(hi, rel=1e-9)


def test_huge_scores_give_finite_correct_means():
    # Regression (hostile-input battery): 1e308 - (-1e308) overflowed (RuntimeWarning, an
    # infinite mean) although the mean difference 2 * (1e308 / 3) = 6.67e307 is finite.
    c = compare([1e308, 1e308, -1e308], [-1e308, -1e308, 1e308])
    assert c.mean_difference == pytest.approx(2 * (1e308 / 3), rel=1e-15)
    assert c.mean_a == pytest.approx(1e308 / 3, rel=1e-15)
    assert c.mean_b == pytest.approx(-1e308 / 3, rel=1e-15)
    # d = 2e308 * (1, 1, -1): |signed sum| >= 1 for all 8 sign patterns, so p = 1
    assert (
        compare([1e308, 1e308, -1e308], [-1e308, -1e308, 1e308], method="permutation").p_value
        == 1.0
    )


def test_mean_difference_beyond_the_largest_float_is_refused():
    with pytest.raises(
        fs.InvalidForecastError,
        match=r"the mean difference of scores_a and scores_b, 2e\+308, is beyond the largest float",
    ):
        compare([1e308] * 3, [-1e308] * 3)


@pytest.mark.parametrize("factor", [2.0**1000, 2.0**-1000, 2.0**600])
@pytest.mark.parametrize("method", ["bootstrap", "permutation", "diebold-mariano"])
def test_scores_of_any_size_give_the_scaled_result(factor, method):
    # Regression (hostile-input battery): Diebold-Mariano on scores near 1e300 overflowed in
    # the dot product. Scaling every score by a power of two scales the mean, the interval and
    # the rounding bounds exactly and leaves the p-value as it is.
    kwargs = {"horizon": 2} if method == "diebold-mariano" else {}
    plain = compare(A12, B12, method=method, **kwargs)
    big = compare(A12 * factor, B12 * factor, method=method, **kwargs)
    assert big.p_value == plain.p_value
    assert big.mean_difference == plain.mean_difference * factor
    assert big.ci_low == plain.ci_low * factor and big.ci_high == plain.ci_high * factor
    assert big.mean_a == plain.mean_a * factor and big.mean_b == plain.mean_b * factor


def test_diebold_mariano_near_1e300_matches_the_oracle():
    # the hostile row: scores A12 * 1e300 (not a power of two), oracle on the unscaled
    # scores times 1e300
    mean, p, lo, hi = _dm_oracle(A12.tolist(), B12.tolist(), 1)
    c = compare(A12 * 1e300, B12 * 1e300, method="diebold-mariano")
    assert c.mean_difference == pytest.approx(mean * 1e300, rel=1e-12)
    assert c.p_value == pytest.approx(p, rel=1e-9)
    assert c.ci_low == pytest.approx(lo * 1e300, rel=1e-9)
    assert c.ci_high == pytest.approx(hi * 1e300, rel=1e-9)


def test_interval_end_beyond_the_largest_float_is_inf_with_a_note():
    # six differences 3.4e308 (1.7e308 against -1.7e308) and six of 0: the mean 1.7e308 is a
    # float, but resamples with more than six large differences average above 1.8e308
    big = [1.7e308] * 6 + [0.0] * 6
    c = compare(big, [-v for v in big])
    assert c.mean_difference == pytest.approx(1.7e308, rel=1e-15)
    assert c.ci_high == math.inf and math.isfinite(c.ci_low)
    assert "an interval end lies beyond the largest float and is given as inf" in c.note


def test_min_questions_replaces_min_clusters():
    # the bootstrap wants min_questions clusters: 12 cases pass at 12, not at 13
    assert compare(A12, B12, min_questions=12).p_value is not None
    c = compare(A12, B12, min_questions=13)
    assert c.p_value is None and "needs at least 13 cases" in c.note
    with pytest.raises(
        fs.InvalidOptionError, match=r"min_questions must be an integer >= 2 \(got 1\)"
    ):
        compare(A12, B12, min_questions=1)


def test_comparison_repr_records_and_pandas():
    pd = pytest.importorskip("pandas")
    c = compare([0.04, 0.09, 0.01], [0.25, 0.36, 0.09], method="permutation")
    # mean difference -0.56 / 3 = -0.186667; 2 of 8 sign patterns as extreme: p = 0.25
    assert repr(c) == (
        "Comparison(mean_difference=-0.186667, ci=None, p_value=0.25, n=3, n_clusters=3, "
        "method='paired sign-flip permutation test over 3 cases')"
    )
    (row,) = c.to_records()
    assert row["p_value"] == 0.25 and row["ci_low"] is None and row["ci_high"] is None
    assert row["mean_difference"] == pytest.approx(-0.56 / 3, abs=1e-15)
    assert (row["n"], row["n_clusters"], row["confidence"]) == (3, 3, 0.95)
    frame = c.to_pandas()
    assert isinstance(frame, pd.DataFrame) and frame.shape == (1, 11)
    assert frame.columns.tolist() == list(row)
    few = compare([0.1] * 6, [0.2] * 6, method="diebold-mariano")
    assert repr(few).endswith(
        "method='Diebold-Mariano test over 6 cases in the given order: not run')"
    )
    d = compare([0.3] * 12, [0.2] * 12)
    assert repr(d).startswith("Comparison(mean_difference=0.1, ci=[0.1, 0.1], p_value=0.00049975")
    assert repr(d).endswith("method='bootstrap over 12 cases')")


def test_relative_skill_repr_records_and_pandas():
    pd = pytest.importorskip("pandas")
    # ann 0.2, bob 0.4 on q1, q2 (bob's q3 does not count); cat shares nothing: NaN
    s = pairwise_relative_skill(
        ["ann", "ann", "bob", "bob", "bob", "cat"],
        ["q1", "q2", "q1", "q2", "q3", "q9"],
        [0.1, 0.3, 0.2, 0.6, 0.9, 0.5],
        baseline="bob",
    )
    assert repr(s) == "RelativeSkill(3 forecasters, baseline='bob')"
    assert (
        repr(pairwise_relative_skill(["a"], ["q"], [0.1]))
        == "RelativeSkill(1 forecaster, no baseline)"
    )
    rows = s.to_records()
    assert [r["forecaster"] for r in rows] == ["ann", "bob", "cat"]
    assert rows[0]["relative_skill"] == pytest.approx(0.5, rel=1e-12)
    assert rows[1]["relative_skill"] == pytest.approx(1.0, rel=1e-12)
    assert rows[2]["relative_skill"] is None and rows[2]["n_compared"] == 0
    assert [r["n_questions"] for r in rows] == [2, 3, 1]
    frame = s.to_pandas()
    assert isinstance(frame, pd.DataFrame) and frame.shape == (3, 5)
    assert np.isnan(frame.loc[2, "relative_skill"]) and frame["forecaster"].tolist() == [
        "ann",
        "bob",
        "cat",
    ]
