"""Sample weights in the ledger's summaries: ``ScoreTable.summarise(weights=)`` and
``ScoreTable.by_forecaster(weights=)``.

Every expected value is worked out by hand below (or by an explicit loop written here), never
taken from the code under test.
"""

from __future__ import annotations

import io
import math
import statistics

import numpy as np
import pytest

from forecastscore.errors import ForecastTypeError, InvalidOptionError, ShapeError
from forecastscore.io import read_outcomes_csv, read_predictions_csv
from forecastscore.ledger import time_averaged

# Outcomes: q0, q2, q4 happened (yes), q1, q3, q5 did not. Brier score of each row in the
# comment: (p - y)**2.
PRED = """question,forecaster,made_at,probability,w,kind
q0,alice,2024-01-01,0.9,1,dataset
q0,alice,2024-01-05,0.7,3,dataset
q1,alice,2024-01-01,0.2,2,dataset
q2,alice,2024-01-01,0.6,0.5,dataset
q3,alice,2024-01-01,0.5,1,market
q4,alice,2024-01-01,0.8,4,market
q5,alice,2024-01-01,0.3,2,market
q0,bob,2024-01-01,0.6,2,dataset
q2,bob,2024-01-01,0.9,1,dataset
q3,bob,2024-01-01,0.1,0,market
q4,bob,2024-01-01,0.4,1,market
q5,bob,2024-01-01,0.2,3,market
"""
# alice: 0.01 (w 1), 0.09 (w 3), 0.04 (w 2), 0.16 (w 0.5), 0.25 (w 1), 0.04 (w 4), 0.09 (w 2)
# bob:   0.16 (w 2), 0.01 (w 1), 0.01 (w 0), 0.36 (w 1), 0.04 (w 3)
W = [1, 3, 2, 0.5, 1, 4, 2, 2, 1, 0, 1, 3]
OUT = "question,resolved_at,outcome\n" + "".join(
    f"q{j},2024-02-01,{'yes' if j % 2 == 0 else 'no'}\n" for j in range(6)
)


def _table(pred: str = PRED):
    ledger = read_predictions_csv(io.StringIO(pred))
    return ledger.score(read_outcomes_csv(io.StringIO(OUT)))


TABLE = _table()

# alice: sum w s = 0.01 + 0.27 + 0.08 + 0.08 + 0.25 + 0.16 + 0.18 = 1.03 over weight 13.5
ALICE = 1.03 / 13.5
# bob: 0.32 + 0.01 + 0 + 0.36 + 0.12 = 0.81 over weight 7 (the weight-0 row left out)
BOB = 0.81 / 7


def test_weighted_means_by_forecaster_by_hand():
    s = TABLE.by_forecaster(weights="w")
    assert s.key.tolist() == ["alice", "bob"]
    assert s.n.tolist() == [7, 5]  # n stays the number of rows
    assert s.n_questions.tolist() == [6, 5]
    assert s.total_weight.tolist() == [13.5, 7.0]
    assert s.mean_score == pytest.approx([ALICE, BOB], rel=1e-14)
    assert s.mean_best == pytest.approx([ALICE, BOB], rel=1e-14)
    assert s.weights == "w"


def test_weights_as_array_equal_weights_from_column():
    by_column = TABLE.by_forecaster(weights="w", min_questions=2)
    by_array = TABLE.by_forecaster(weights=np.array(W), min_questions=2)
    assert by_array.weights == "<array>"
    for field in ("mean_score", "ci_low", "ci_high", "total_weight"):
        np.testing.assert_array_equal(getattr(by_column, field), getattr(by_array, field))


def test_weighted_means_with_strata_by_hand():
    s = TABLE.summarise("forecaster", strata="kind", weights="w")
    # alice: dataset (0.01 + 0.27 + 0.08 + 0.08) / 6.5, market (0.25 + 0.16 + 0.18) / 7
    alice = (0.44 / 6.5 + 0.59 / 7) / 2
    # bob: dataset (0.32 + 0.01) / 3 = 0.11, market (0 + 0.36 + 0.12) / 4 = 0.12
    bob = (0.11 + 0.12) / 2
    assert s.mean_score == pytest.approx([alice, bob], rel=1e-14)
    assert s.total_weight.tolist() == [13.5, 7.0]


def test_weighted_means_by_several_columns_by_hand():
    s = TABLE.summarise(["forecaster", "kind"], weights="w")
    assert s.key.tolist() == [
        ("alice", "dataset"),
        ("alice", "market"),
        ("bob", "dataset"),
        ("bob", "market"),
    ]
    assert s.mean_score == pytest.approx([0.44 / 6.5, 0.59 / 7, 0.11, 0.12], rel=1e-14)
    assert s.total_weight.tolist() == [6.5, 7.0, 3.0, 4.0]
    assert s.n.tolist() == [4, 3, 2, 3]


def test_weighted_bootstrap_interval_reproduced_by_an_explicit_loop():
    n_resamples, seed = 300, 3
    s = TABLE.by_forecaster(weights="w", n_resamples=n_resamples, seed=seed)
    # alice's questions in label order q0..q5: weighted score sums S_j and weight sums N_j.
    S = [1 * 0.01 + 3 * 0.09, 2 * 0.04, 0.5 * 0.16, 1 * 0.25, 4 * 0.04, 2 * 0.09]
    N = [4.0, 2.0, 0.5, 1.0, 4.0, 2.0]
    m = len(S)
    # The documented draws for a group of m < 32 questions: replicates in chunks of 250;
    # chunk c draws m question indices per replicate from the stream seeded by
    # (entropy of the seed, c, 1, m).
    entropy = np.random.SeedSequence(seed).entropy
    means = []
    for c0 in range(0, n_resamples, 250):
        n_rep = min(250, n_resamples - c0)
        rng = np.random.default_rng(np.random.SeedSequence([entropy, c0 // 250, 1, m]))
        draws = rng.integers(0, m, size=(m, n_rep), dtype=np.int32)
        for r in range(n_rep):
            num = den = 0.0
            for j in draws[:, r].tolist():
                num += S[j]
                den += N[j]
            means.append(num / den)
    lo, hi = np.quantile(means, [0.025, 0.975])
    assert s.ci_low[0] == pytest.approx(lo, rel=1e-12)
    assert s.ci_high[0] == pytest.approx(hi, rel=1e-12)
    assert lo < ALICE < hi
    # bob has 5 questions, but one of weight 0: only 4 are resampled, fewer than 5.
    assert math.isnan(s.ci_low[1]) and math.isnan(s.ci_high[1])
    assert s.n_questions[1] == 5


def test_weighted_normal_interval_is_the_clustered_ratio_variance_by_hand():
    s = TABLE.by_forecaster(weights="w", interval="normal", confidence=0.9)
    S = [0.28, 0.08, 0.08, 0.25, 0.16, 0.18]
    N = [4.0, 2.0, 0.5, 1.0, 4.0, 2.0]
    m = len(S)
    r = sum(S) / sum(N)
    ss = sum((a - r * b) ** 2 for a, b in zip(S, N, strict=True))
    se = math.sqrt(m / (m - 1) * ss) / sum(N)
    z = statistics.NormalDist().inv_cdf(0.95)
    assert s.ci_low[0] == pytest.approx(r - z * se, rel=1e-12)
    assert s.ci_high[0] == pytest.approx(r + z * se, rel=1e-12)


def test_weights_all_ones_give_the_unweighted_summary_bit_for_bit():
    ones = np.ones(len(TABLE))
    for kwargs in (
        {"min_questions": 2},
        {"min_questions": 2, "interval": "normal"},
        {"min_questions": 2, "strata": "kind"},
        {"min_questions": 2, "strata": "kind", "interval": "normal"},
    ):
        plain = TABLE.summarise("forecaster", **kwargs)
        weighted = TABLE.summarise("forecaster", weights=ones, **kwargs)
        for field in ("mean_score", "ci_low", "ci_high", "mean_best", "mean_worst"):
            np.testing.assert_array_equal(getattr(plain, field), getattr(weighted, field))
        np.testing.assert_array_equal(weighted.total_weight, plain.n.astype(float))
    plain = TABLE.summarise(["forecaster", "kind"], min_questions=2)
    weighted = TABLE.summarise(["forecaster", "kind"], min_questions=2, weights=ones)
    np.testing.assert_array_equal(plain.ci_low, weighted.ci_low)
    np.testing.assert_array_equal(plain.mean_score, weighted.mean_score)


def test_integer_weights_equal_repeating_rows():
    lines = PRED.splitlines()
    counts = [2, 1, 3, 1, 1, 2, 1, 1, 2, 1, 3, 1]
    repeated = "\n".join(
        [lines[0]] + [ln for ln, k in zip(lines[1:], counts, strict=True) for _ in range(k)]
    )
    big = _table(repeated + "\n")
    for kwargs in ({}, {"interval": "normal"}, {"strata": "kind"}):
        weighted = TABLE.by_forecaster(weights=counts, min_questions=2, **kwargs)
        plain = big.by_forecaster(min_questions=2, **kwargs)
        assert weighted.n.tolist() == [7, 5]
        assert weighted.total_weight.tolist() == plain.n.astype(float).tolist()
        for field in ("mean_score", "ci_low", "ci_high"):
            np.testing.assert_allclose(
                getattr(weighted, field), getattr(plain, field), rtol=1e-13, atol=0
            )


def test_weight_zero_leaves_an_infinite_score_out():
    pred = (
        "question,forecaster,made_at,probability,w\n"
        "q0,alice,2024-01-01,0.0,0\n"  # log score of 0 on what happened: infinite
        "q1,alice,2024-01-01,0.5,1\n"
        "q2,alice,2024-01-01,0.5,1\n"
    )
    t = read_predictions_csv(io.StringIO(pred)).score(
        read_outcomes_csv(io.StringIO(OUT)), rule="log"
    )
    assert math.isinf(t.by_forecaster().mean_score[0])
    s = t.by_forecaster(weights="w")
    assert s.mean_score[0] == pytest.approx(math.log(2), rel=1e-15)  # -log(0.5) twice


def test_summary_with_weights_prints_records_and_frames_the_total_weight():
    s = TABLE.by_forecaster(weights="w")
    assert repr(s) == (
        "Summary(by='forecaster', 2 groups, weights='w', confidence=0.95, interval='bootstrap')"
    )
    text = str(s)
    assert "weight" in text.splitlines()[0]
    assert "13.5" in text and "mean weighted by the weights (column 'w')" in text
    rec = s.to_records()
    assert list(rec[0])[:3] == ["forecaster", "n", "total_weight"]
    assert rec[1]["total_weight"] == 7.0
    assert list(s.to_pandas().columns) == list(rec[0])
    plain = TABLE.by_forecaster()
    assert "total_weight" not in plain.to_records()[0]
    assert plain.total_weight is None and plain.weights is None


def test_weights_none_gives_the_plain_means_and_clustered_interval_by_hand():
    # Without weights a group's mean is the plain mean of its rows, and the normal interval
    # the clustered ratio formula with N_j the rows per question (alice answered q0 twice).
    s = TABLE.by_forecaster(min_questions=2, interval="normal", confidence=0.9)
    z = statistics.NormalDist().inv_cdf(0.95)
    for i, (S, N) in enumerate(
        [
            ([0.01 + 0.09, 0.04, 0.16, 0.25, 0.04, 0.09], [2.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
            ([0.16, 0.01, 0.01, 0.36, 0.04], [1.0] * 5),
        ]
    ):
        m = len(S)
        r = sum(S) / sum(N)
        ss = sum((a - r * b) ** 2 for a, b in zip(S, N, strict=True))
        se = math.sqrt(m / (m - 1) * ss) / sum(N)
        assert s.mean_score[i] == pytest.approx(r, rel=1e-14)
        assert s.ci_low[i] == pytest.approx(r - z * se, rel=1e-12)
        assert s.ci_high[i] == pytest.approx(r + z * se, rel=1e-12)
    assert s.total_weight is None and s.weights is None


# --- errors ---------------------------------------------------------------------------------


def test_negative_weight_refused_with_its_index():
    w = list(W)
    w[4] = -1.5
    with pytest.raises(InvalidOptionError, match=r"weights\[4\] = -1\.5 is not a weight"):
        TABLE.by_forecaster(weights=w)


def test_nan_weight_refused_with_its_index():
    w = np.array(W, dtype=float)
    w[7] = np.nan
    with pytest.raises(InvalidOptionError, match=r"weights\[7\] = nan is not a weight"):
        TABLE.summarise("forecaster", weights=w)


def test_infinite_weight_in_a_column_refused_with_its_line():
    pred = PRED.replace("q4,bob,2024-01-01,0.4,1,", "q4,bob,2024-01-01,0.4,inf,")
    with pytest.raises(
        InvalidOptionError,
        match=r"weights: column 'w' \(<stream>:12\): weights\[10\] = inf is not a weight",
    ):
        _table(pred).by_forecaster(weights="w")


def test_negative_weight_in_a_column_refused_with_its_line():
    pred = PRED.replace("q1,alice,2024-01-01,0.2,2,", "q1,alice,2024-01-01,0.2,-2,")
    with pytest.raises(InvalidOptionError, match=r"column 'w' \(<stream>:4\).*= -2\.0 is not"):
        _table(pred).by_forecaster(weights="w")


def test_text_weight_in_a_column_refused_with_its_line():
    pred = PRED.replace("q2,alice,2024-01-01,0.6,0.5,", "q2,alice,2024-01-01,0.6,half,")
    with pytest.raises(
        InvalidOptionError,
        match=r"weights: column 'w' holds 'half' \(<stream>:5\), which is not a number",
    ):
        _table(pred).summarise("forecaster", weights="w")


def test_wrong_length_weights_refused():
    with pytest.raises(
        ShapeError, match=r"one weight per row of the table \(12 rows\).*got shape \(11,\)"
    ):
        TABLE.by_forecaster(weights=W[:-1])


def test_scalar_weight_refused():
    with pytest.raises(ShapeError, match=r"\(12 rows\).*got shape \(\)"):
        TABLE.by_forecaster(weights=2.0)


def test_boolean_weights_refused_with_the_index():
    with pytest.raises(ForecastTypeError, match=r"weights\[0\] = True is a boolean"):
        TABLE.by_forecaster(weights=[True] * 12)


def test_unknown_weight_column_refused_naming_the_columns():
    with pytest.raises(
        InvalidOptionError, match=r"weights: column 'nope' is not a column.*'w', 'kind'"
    ):
        TABLE.by_forecaster(weights="nope")


def test_group_of_total_weight_zero_refused_naming_it_and_its_row():
    w = [1.0] * 7 + [0.0] * 5
    with pytest.raises(
        InvalidOptionError,
        match=r"weights: forecaster 'bob' has total weight 0 over its 5 rows "
        r"\(first <stream>:9\)",
    ):
        TABLE.by_forecaster(weights=w)


def test_stratum_of_total_weight_zero_refused_naming_it():
    # bob's market rows (q3, q4, q5: lines 11-13) weigh 0; his dataset rows do not.
    w = [1.0] * 9 + [0.0] * 3
    with pytest.raises(
        InvalidOptionError,
        match=r"forecaster 'bob' in kind 'market' has total weight 0 over its 3 rows "
        r"\(first <stream>:11\)",
    ):
        TABLE.summarise("forecaster", strata="kind", weights=w)


def test_several_columns_group_of_total_weight_zero_refused():
    w = [1.0] * 4 + [0.0] * 3 + [1.0] * 5  # alice's market rows
    with pytest.raises(
        InvalidOptionError,
        match=r"weights: forecaster, kind \('alice', 'market'\) has total weight 0",
    ):
        TABLE.summarise(["forecaster", "kind"], weights=w)


def test_weights_whose_sum_overflows_refused():
    w = [1e308] * 12
    with pytest.raises(
        InvalidOptionError,
        match=r"weights of forecaster 'alice' \(7 rows, first <stream>:2\) sum beyond the "
        r"float range \(largest 1e\+308\)",
    ):
        TABLE.by_forecaster(weights=w)


def test_time_averaged_table_takes_weights_too():
    ledger = read_predictions_csv(io.StringIO(PRED))
    t = time_averaged(ledger, read_outcomes_csv(io.StringIO(OUT)))
    # One time-averaged score per (forecaster, question); a weight constant within each
    # forecaster leaves its mean as it is.
    plain = t.by_forecaster()
    w = np.where(t.forecaster == "alice", 2.0, 1.0)
    same = t.by_forecaster(weights=w)
    np.testing.assert_allclose(same.mean_score, plain.mean_score, rtol=1e-15, atol=0)
    assert same.total_weight.tolist() == [12.0, 5.0]


def test_weighted_means_by_question_by_hand():
    s = TABLE.by_question(weights="w")
    # q0: alice 0.01 (w 1), 0.09 (w 3), bob 0.16 (w 2) -> (0.01 + 0.27 + 0.32) / 6 = 0.1
    # q3: alice 0.25 (w 1), bob 0.01 (w 0) -> 0.25 / 1
    means = dict(zip(s.key.tolist(), s.mean_score.tolist(), strict=True))
    assert means["q0"] == pytest.approx(0.6 / 6, rel=1e-14)
    assert means["q3"] == pytest.approx(0.25, rel=1e-14)
    assert s.total_weight.tolist()[:1] == [6.0]


def test_weighted_means_by_lead_time_by_hand():
    # Every forecast is made 27 to 31 days before 2024-02-01: all in one bin [0, 365).
    s = TABLE.by_lead_time([0, 365], weights="w")
    assert s.mean_score == pytest.approx([(1.03 + 0.81) / 20.5], rel=1e-14)
    assert s.total_weight.tolist() == [20.5]


def test_time_averaged_weights_column_must_be_constant_within_a_pair():
    # alice's two forecasts on q0 carry weights 1 and 3: a time average is one entry made of
    # both, so the column cannot say which weight it has.
    t = time_averaged(read_predictions_csv(io.StringIO(PRED)), read_outcomes_csv(io.StringIO(OUT)))
    with pytest.raises(
        InvalidOptionError,
        match=r"column 'w' holds '1' \(<stream>:2\) and '3' \(<stream>:3\) for forecaster "
        r"'alice' on question 'q0'; a time average has one weight per \(question, forecaster\)",
    ):
        t.by_forecaster(weights="w")


def test_time_averaged_weights_column_constant_within_pairs_by_hand():
    pred = PRED.replace("q0,alice,2024-01-01,0.9,1,", "q0,alice,2024-01-01,0.9,3,")
    t = time_averaged(read_predictions_csv(io.StringIO(pred)), read_outcomes_csv(io.StringIO(OUT)))
    s = t.by_forecaster(weights="w")
    # alice on q0: 0.9 stood 4 days (Brier 0.01), 0.7 stood 27 days (0.09) until 1 February:
    # (4 * 0.01 + 27 * 0.09) / 31 = 2.47 / 31, weight 3. Her other questions: 0.04 (w 2),
    # 0.16 (w 0.5), 0.25 (w 1), 0.04 (w 4), 0.09 (w 2); total weight 12.5.
    alice = (3 * 2.47 / 31 + 0.08 + 0.08 + 0.25 + 0.16 + 0.18) / 12.5
    assert s.key.tolist()[0] == "alice"
    assert s.mean_score[0] == pytest.approx(alice, rel=1e-14)
    assert s.total_weight.tolist()[0] == 12.5
