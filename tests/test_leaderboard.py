"""Tests of summaries by any column with strata, the fixed-effects fit, peer scores and the
leaderboard (forecastscore.ledger: ScoreTable.summarise, by_forecaster(strata=),
fixed_effects, peer_scores, ScoreTable.leaderboard, Leaderboard).

Expected values are written out by hand (the arithmetic is in the comments), or come from an
independent oracle: a dense least-squares fit with dummy columns (numpy.linalg.lstsq),
scipy.stats.rankdata, numpy.nanquantile, or a bootstrap whose every replicate is known.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore.errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    ShapeError,
)
from forecastscore.ledger import (
    FixedEffects,
    Leaderboard,
    Ledger,
    fixed_effects,
    peer_scores,
    time_averaged,
)
from forecastscore.ledger._leaderboard import FIELDS, _competition_ranks, _row_quantiles

MADE = dt.date(2024, 1, 1)
RESOLVED = dt.date(2024, 6, 1)


def _ledger(rows, extra=()):
    """A ledger from (question, forecaster, probability, *extra values) tuples."""
    names = list(extra)
    records = [
        {"question": q, "forecaster": f, "made_at": "2024-01-01", "probability": p}
        | dict(zip(names, rest, strict=True))
        for q, f, p, *rest in rows
    ]
    return Ledger.from_records(records, extra=names)


def _yes(questions):
    return [fs.Outcome(q, RESOLVED, "yes") for q in questions]


# --- summarise: by any column, several, and strata -----------------------------------------


@pytest.fixture
def kinds():
    """alice and bob on two dataset questions and one market question (all resolved yes).

    Brier scores: alice 0.01, 0.01 (dataset), 0.25 (market); bob 0.04, 0.16, 0.01.
    """
    rows = [
        ("d1", "alice", 0.9, "dataset", "acled"),
        ("d2", "alice", 0.9, "dataset", "fred"),
        ("m1", "alice", 0.5, "market", "manifold"),
        ("d1", "bob", 0.8, "dataset", "acled"),
        ("d2", "bob", 0.6, "dataset", "fred"),
        ("m1", "bob", 0.9, "market", "manifold"),
    ]
    return _ledger(rows, extra=("kind", "site")).score(_yes(["d1", "d2", "m1"]))


def test_summarise_by_extra_column_hand_computed(kinds):
    s = kinds.summarise("kind")
    assert s.by == "kind"
    assert s.key.tolist() == ["dataset", "market"]
    assert s.n.tolist() == [4, 2]
    # dataset: (0.01 + 0.01 + 0.04 + 0.16) / 4 = 0.055; market: (0.25 + 0.01) / 2 = 0.13
    assert s.mean_score == pytest.approx([0.055, 0.13], abs=1e-15)
    assert s.to_records()[0]["kind"] == "dataset"


def test_summarise_by_two_columns_hand_computed(kinds):
    s = kinds.summarise(["forecaster", "kind"])
    assert s.by == ("forecaster", "kind")
    assert s.key.tolist() == [
        ("alice", "dataset"),
        ("alice", "market"),
        ("bob", "dataset"),
        ("bob", "market"),
    ]
    # alice dataset (0.01 + 0.01) / 2; bob dataset (0.04 + 0.16) / 2 = 0.1
    assert s.mean_score == pytest.approx([0.01, 0.25, 0.1, 0.01], abs=1e-15)
    records = s.to_records()
    assert records[2]["forecaster"] == "bob" and records[2]["kind"] == "dataset"
    assert list(records[0])[:3] == ["forecaster", "kind", "n"]
    text = str(s)
    assert text.splitlines()[0].split()[:3] == ["forecaster", "kind", "n"]
    assert max(len(line) for line in text.splitlines()) <= 100


def test_summarise_forecaster_is_by_forecaster(kinds):
    a = kinds.summarise("forecaster").to_records()
    b = kinds.by_forecaster().to_records()
    assert a == b


def test_by_forecaster_strata_is_mean_of_stratum_means(kinds):
    s = kinds.by_forecaster(strata="kind")
    # alice: (0.01 + 0.25) / 2 = 0.13 (plain mean 0.09); bob: (0.1 + 0.01) / 2 = 0.055
    assert s.mean_score == pytest.approx([0.13, 0.055], abs=1e-15)
    assert s.strata == "kind"
    assert "strata='kind'" in repr(s)
    assert "per-kind means" in str(s)
    assert kinds.summarise("forecaster", strata="kind").to_records() == s.to_records()


def test_summarise_strata_normal_interval_hand_computed():
    # One forecaster; stratum A: scores 0.0, 0.2 (questions a1, a2); stratum B: 0.1, 0.3.
    # Per stratum, m = 2, r = mean, se^2 = m/(m-1) * sum((s - r)^2) / m^2
    #   A: r = 0.1, se^2 = 2 * (0.01 + 0.01) / 4 = 0.01; B: r = 0.2, se^2 likewise 0.01.
    # Stratified: mean (0.1 + 0.2) / 2 = 0.15, se^2 = (0.01 + 0.01) / 4 = 0.005.
    p = {"a1": 1.0, "a2": 1 - math.sqrt(0.2), "b1": 1 - math.sqrt(0.1), "b2": 1 - math.sqrt(0.3)}
    rows = [(q, "x", v, q[0]) for q, v in p.items()]
    t = _ledger(rows, extra=("kind",)).score(_yes(p))
    s = t.by_forecaster(strata="kind", interval="normal", min_questions=2)
    z = scipy.stats.norm.ppf(0.975)
    assert s.mean_score[0] == pytest.approx(0.15, abs=1e-12)
    assert s.ci_low[0] == pytest.approx(0.15 - z * math.sqrt(0.005), abs=1e-12)
    assert s.ci_high[0] == pytest.approx(0.15 + z * math.sqrt(0.005), abs=1e-12)


def test_stratified_bootstrap_keeps_stratum_sizes():
    # Scores 1 on every question of stratum A and 0 on every one of B: resampling within
    # strata keeps the stratified mean at exactly (1 + 0) / 2 in every replicate, where
    # resampling all questions together would move the plain mean.
    n = 12
    rows = [(f"a{i}", "x", 0.0, "A") for i in range(n)] + [
        (f"b{i}", "x", 1.0, "B") for i in range(n)
    ]
    t = _ledger(rows, extra=("kind",)).score(_yes([r[0] for r in rows]))
    s = t.by_forecaster(strata="kind")
    assert (s.mean_score[0], s.ci_low[0], s.ci_high[0]) == (0.5, 0.5, 0.5)
    plain = t.by_forecaster()
    assert plain.ci_high[0] - plain.ci_low[0] > 0.2


def test_stratified_bootstrap_draws_strata_independently():
    # The same 20 scores in two strata of the same size: drawn independently the stratified
    # mean's spread is that of one stratum over sqrt(2); drawn with the same counts (the
    # coupling the unstratified bootstrap uses between groups of one size) it would be
    # that of one stratum.
    rng = np.random.default_rng(3)
    p = rng.uniform(0, 1, 20)
    rows = [(f"a{i}", "x", p[i], "A") for i in range(20)] + [
        (f"b{i}", "x", p[i], "B") for i in range(20)
    ]
    t = _ledger(rows, extra=("kind",)).score(_yes([r[0] for r in rows]))
    both = t.by_forecaster(strata="kind", n_resamples=4000)
    one = t._subset(np.arange(20)).by_forecaster(n_resamples=4000)
    ratio = (both.ci_high[0] - both.ci_low[0]) / (one.ci_high[0] - one.ci_low[0])
    assert ratio == pytest.approx(1 / math.sqrt(2), abs=0.08)


def test_summarise_strata_on_time_averaged_table():
    rows = [("d1", "a", 0.9, "dataset"), ("m1", "a", 0.5, "market")]
    ledger = _ledger(rows, extra=("kind",))
    ta = time_averaged(ledger, _yes(["d1", "m1"]))
    s = ta.by_forecaster(strata="kind")
    assert s.mean_score[0] == pytest.approx((0.01 + 0.25) / 2, abs=1e-15)


def test_summarise_errors(kinds):
    with pytest.raises(InvalidOptionError, match=r"by: column 'nope' is not a column"):
        kinds.summarise("nope")
    with pytest.raises(InvalidOptionError, match=r"strata: column 'nope'"):
        kinds.by_forecaster(strata="nope")
    with pytest.raises(InvalidOptionError, match=r"by must be a column name or a non-empty"):
        kinds.summarise([])
    with pytest.raises(InvalidOptionError, match=r"by\[1\] names column 'kind' a second time"):
        kinds.summarise(["kind", "kind"])
    with pytest.raises(InvalidOptionError, match=r"by\[0\] must be a column name \(got 3\)"):
        kinds.summarise([3])
    with pytest.raises(InvalidOptionError, match=r"strata must name a column as a string"):
        kinds.by_forecaster(strata=1)


def test_strata_must_be_constant_within_a_question():
    rows = [("q1", "a", 0.9, "x"), ("q1", "b", 0.8, "y"), ("q2", "a", 0.8, "x")]
    t = _ledger(rows, extra=("kind",)).score(_yes(["q1", "q2"]))
    with pytest.raises(
        InvalidOptionError,
        match=r"strata: column 'kind' must be constant within a question .* question 'q1' "
        r"has 'x' \(records\[0\]\) and 'y' \(records\[1\]\)",
    ):
        t.by_forecaster(strata="kind")


# --- fixed effects --------------------------------------------------------------------------


def _dense_fit(f, q, y, nf, nq):
    """Least squares with dummy columns, normalised as fixed_effects is (one component:
    forecaster effects averaging 0)."""
    x = np.zeros((len(y), nf + nq))
    x[np.arange(len(y)), f] = 1.0
    x[np.arange(len(y)), nf + q] = 1.0
    theta = np.linalg.lstsq(x, y, rcond=None)[0]
    a, b = theta[:nf], theta[nf:]
    c = a.mean()
    return a - c, b + c


def _random_table(rng, nf, nq, density):
    """A connected unbalanced table with missing cells and some repeated cells."""
    while True:
        mask = rng.random((nf, nq)) < density
        f, q = np.nonzero(mask)
        if not len(f):
            continue
        extra = rng.integers(0, len(f), rng.integers(0, 4))
        f, q = np.concatenate((f, f[extra])), np.concatenate((q, q[extra]))
        if len(np.unique(f)) < nf or len(np.unique(q)) < nq:
            continue
        fe = fixed_effects(f, q, np.zeros(len(f)))
        if fe.n_components == 1:
            return f, q


def test_fixed_effects_agree_with_dense_least_squares():
    rng = np.random.default_rng(12)
    for _ in range(60):
        nf, nq = int(rng.integers(2, 9)), int(rng.integers(2, 14))
        f, q = _random_table(rng, nf, nq, rng.uniform(0.3, 0.9))
        scale = float(rng.choice([1e-3, 1.0, 1e3]))
        y = scale * (rng.normal(size=len(f)) + rng.choice([0.0, 7.0]))
        # labels in the code order, so effects line up with the dense fit's columns
        fl = np.array([f"f{i:02d}" for i in f], dtype=object)
        ql = np.array([f"q{i:02d}" for i in q], dtype=object)
        fe = fixed_effects(fl, ql, y)
        a, b = _dense_fit(f, q, y, nf, nq)
        assert fe.converged
        np.testing.assert_allclose(fe.forecaster_effect, a, rtol=0, atol=1e-9 * scale)
        np.testing.assert_allclose(fe.question_effect, b, rtol=0, atol=1e-9 * scale)
        np.testing.assert_allclose(fe.adjusted, y - b[q], rtol=0, atol=1e-9 * scale)


def test_fixed_effects_hand_computed_chain():
    # alice: easy 0.05; bob: easy 0.10, hard 0.40; carol: hard 0.30. Four scores, four free
    # parameters: an exact fit. hard - easy = 0.40 - 0.10 = 0.30; with the forecaster
    # effects averaging 0: (0.05 - e) + (0.10 - e) + (0.30 - (e + 0.30)) = 0, e = 0.05,
    # hard 0.35; alice 0, bob 0.05, carol -0.05.
    fe = fixed_effects(
        ["alice", "bob", "bob", "carol"], ["easy", "easy", "hard", "hard"], [0.05, 0.1, 0.4, 0.3]
    )
    assert isinstance(fe, FixedEffects)
    assert fe.forecaster.tolist() == ["alice", "bob", "carol"]
    np.testing.assert_allclose(fe.question_effect, [0.05, 0.35], atol=1e-13)
    np.testing.assert_allclose(fe.forecaster_effect, [0.0, 0.05, -0.05], atol=1e-13)
    np.testing.assert_allclose(fe.adjusted, [0.0, 0.05, 0.05, -0.05], atol=1e-13)
    assert fe.n_components == 1
    assert fe.to_records()[2] == {"forecaster": "carol", "effect": pytest.approx(-0.05)}
    assert repr(fe) == "FixedEffects(3 forecasters, 2 questions, 1 component(s), converged=True)"


def test_fixed_effects_complete_table_effects_are_means():
    # complete table: question effect = column mean, forecaster effect = row mean - grand mean
    rng = np.random.default_rng(5)
    s = rng.random((4, 6))
    f, q = np.divmod(np.arange(24), 6)
    fe = fixed_effects(f, q, s.reshape(-1))
    np.testing.assert_allclose(fe.question_effect, s.mean(axis=0), atol=1e-13)
    np.testing.assert_allclose(fe.forecaster_effect, s.mean(axis=1) - s.mean(), atol=1e-13)


def test_fixed_effects_components_normalised_apart():
    # {a: q1, q2} and {b: q3}: two groups; in each the forecaster effects average 0, so
    # with one forecaster each, every effect is 0 and each question's effect its score.
    fe = fixed_effects(["a", "a", "b"], ["q1", "q2", "q3"], [0.1, 0.3, 0.5])
    assert fe.n_components == 2
    assert fe.component.tolist() == [0, 0, 1]
    np.testing.assert_allclose(fe.question_effect, [0.1, 0.3, 0.5], atol=1e-13)
    np.testing.assert_allclose(fe.forecaster_effect, [0.0, 0.0], atol=1e-13)
    # {a: q1}, {b: q2, c: q2}: group 0 is a's, group 1 b and c's: b 0.1, c 0.3 on q2
    fe = fixed_effects(["a", "b", "c"], ["q1", "q2", "q2"], [0.2, 0.1, 0.3])
    assert fe.component.tolist() == [0, 1]
    np.testing.assert_allclose(fe.question_effect, [0.2, 0.2], atol=1e-13)
    np.testing.assert_allclose(fe.forecaster_effect, [0.0, -0.1, 0.1], atol=1e-13)


@given(
    st.integers(0, 2**32 - 1),
    st.integers(2, 6),
    st.integers(2, 8),
    st.floats(-1e3, 1e3, allow_nan=False),
)
def test_adjusted_scores_invariant_to_shifting_one_question(seed, nf, nq, shift):
    rng = np.random.default_rng(seed)
    mask = rng.random((nf, nq)) < 0.7
    mask[:, 0] = True  # everyone on question 0: one connected group
    f, q = np.nonzero(mask)
    y = rng.random(len(f))
    j = int(rng.integers(0, nq))
    if not (q == j).any():
        return
    base = fixed_effects(f, q, y)
    moved = fixed_effects(f, q, np.where(q == j, y + shift, y))
    np.testing.assert_allclose(moved.adjusted, base.adjusted, rtol=0, atol=1e-9)
    np.testing.assert_allclose(moved.forecaster_effect, base.forecaster_effect, atol=1e-9)


def test_fixed_effects_errors():
    with pytest.raises(ShapeError, match=r"same length \(got 2 and 1\)"):
        fixed_effects(["a", "b"], ["q"], [0.1, 0.2])
    with pytest.raises(ShapeError, match=r"at least one score \(got 0 entries\)"):
        fixed_effects([], [], [])
    with pytest.raises(InvalidForecastError, match=r"score\[1\] is NaN"):
        fixed_effects(["a", "b"], ["q", "q"], [0.1, math.nan])
    with pytest.raises(InvalidForecastError, match=r"score\[0\] = inf is not a finite number"):
        fixed_effects(["a", "b"], ["q", "q"], [math.inf, 0.1])
    with pytest.raises(ShapeError, match=r"score must be one-dimensional with one entry"):
        fixed_effects(["a", "b"], ["q", "q"], [0.1])
    with pytest.raises(ForecastTypeError, match=r"score must hold real numbers, not booleans"):
        fixed_effects(["a"], ["q"], [True])
    with pytest.raises(ShapeError, match=r"forecaster must be a one-dimensional array"):
        fixed_effects("ab", ["q", "q"], [0.1, 0.2])


# --- peer scores ----------------------------------------------------------------------------


def test_peer_scores_hand_computed():
    # q1: mean (0.1 + 0.3) / 2 = 0.2 -> a +0.1, b -0.1; q2: both 0.2 -> 0.
    out = peer_scores(["a", "b", "a", "b"], ["q1", "q1", "q2", "q2"], [0.1, 0.3, 0.2, 0.2])
    np.testing.assert_allclose(out, [0.1, -0.1, 0.0, 0.0], atol=1e-15)


def test_peer_scores_pool_and_repeated_forecasts():
    # pool {b, c}: mean 0.4 -> a 0.3, b 0.1, c -0.1
    out = peer_scores(["a", "b", "c"], ["q1", "q1", "q1"], [0.1, 0.3, 0.5], pool=["b", "c"])
    np.testing.assert_allclose(out, [0.3, 0.1, -0.1], atol=1e-15)
    # b scored q1 twice (0.2, 0.4: mean 0.3) and counts once: pool mean (0.1 + 0.3) / 2
    out = peer_scores(["a", "b", "b"], ["q1", "q1", "q1"], [0.1, 0.2, 0.4])
    np.testing.assert_allclose(out, [0.1, 0.0, -0.2], atol=1e-15)
    # a question the pool did not score has no peer score
    out = peer_scores(["a", "b"], ["q1", "q2"], [0.1, 0.3], pool=["a"])
    assert out[0] == 0.0 and math.isnan(out[1])


@given(st.integers(0, 2**32 - 1))
def test_peer_scores_average_zero_over_the_pool(seed):
    rng = np.random.default_rng(seed)
    f = rng.integers(0, 4, 30)
    q = rng.integers(0, 5, 30)
    s = rng.random(30)
    # one forecast per cell: then the pool's peer scores on a question sum to 0
    _, first = np.unique(f * 5 + q, return_index=True)
    f, q, s = f[first], q[first], s[first]
    out = peer_scores(f, q, s)
    sums = np.bincount(q, weights=out, minlength=5)
    np.testing.assert_allclose(sums, 0.0, atol=1e-12)


def test_peer_scores_errors():
    with pytest.raises(InvalidOptionError, match=r"pool\[1\] = 'zed' is not a forecaster"):
        peer_scores(["a", "b"], ["q", "q"], [0.1, 0.2], pool=["a", "zed"])
    with pytest.raises(InvalidOptionError, match=r"pool must name at least one forecaster"):
        peer_scores(["a", "b"], ["q", "q"], [0.1, 0.2], pool=[])
    with pytest.raises(
        InvalidOptionError, match=r"pool must be an iterable of forecasters, not 'a'"
    ):
        peer_scores(["a", "b"], ["q", "q"], [0.1, 0.2], pool="a")
    with pytest.raises(InvalidForecastError, match=r"score\[0\] is NaN"):
        peer_scores(["a"], ["q"], [math.nan])


# --- the leaderboard: hand-computed ---------------------------------------------------------


def _table(scores, extra=None):
    """A score table from {forecaster: {question: probability}}, everything resolved yes
    (so the Brier score of p is (1 - p)**2)."""
    rows = []
    for f, by_q in scores.items():
        for q, p in by_q.items():
            rows.append((q, f, p, *(() if extra is None else (extra[q],))))
    questions = sorted({r[0] for r in rows})
    return _ledger(rows, extra=() if extra is None else ("kind",)).score(_yes(questions))


def test_leaderboard_hand_computed_complete_table():
    # Six questions. alice 0.9 everywhere (Brier 0.01), bob 0.8 (0.04), carol 0.7 on q0-q2
    # (0.09) and 0.9 on q3-q5 (0.01): means 0.01, 0.04, 0.05.
    qs = [f"q{j}" for j in range(6)]
    t = _table(
        {
            "alice": dict.fromkeys(qs, 0.9),
            "bob": dict.fromkeys(qs, 0.8),
            "carol": {q: 0.7 if j < 3 else 0.9 for j, q in enumerate(qs)},
        }
    )
    lb = t.leaderboard()
    assert isinstance(lb, Leaderboard)
    assert lb.forecaster.tolist() == ["alice", "bob", "carol"]
    np.testing.assert_allclose(lb.mean, [0.01, 0.04, 0.05], atol=1e-15)
    assert lb.rank.tolist() == [1, 2, 3]
    assert lb.n_questions.tolist() == [6, 6, 6]
    assert lb.imputed.tolist() == [0.0, 0.0, 0.0]
    assert np.isnan(lb.adjusted_mean).all()
    # pool mean: q0-q2 (0.01 + 0.04 + 0.09) / 3 = 0.14 / 3; q3-q5 (0.01 + 0.04 + 0.01) / 3
    # = 0.02. alice: ((0.14/3 - 0.01) + (0.02 - 0.01)) / 2; bob: ((0.14/3 - 0.04) + (0.02 -
    # 0.04)) / 2; carol: ((0.14/3 - 0.09) + (0.02 - 0.01)) / 2
    m = 0.14 / 3
    expected = [((m - 0.01) + 0.01) / 2, ((m - 0.04) - 0.02) / 2, ((m - 0.09) + 0.01) / 2]
    np.testing.assert_allclose(lb.peer, expected, atol=1e-15)
    # alice and bob score the same on every question: every replicate's mean is theirs
    np.testing.assert_allclose(lb.ci_low[:2], [0.01, 0.04], atol=1e-15)
    np.testing.assert_allclose(lb.ci_high[:2], [0.01, 0.04], atol=1e-15)
    # alice is never beaten: rank 1 in every replicate (carol ties her on replicates
    # drawing only q3-q5)
    assert lb.p_first[0] == 1.0 and lb.rank_low[0] == lb.rank_high[0] == 1
    assert lb.p_first[1] == 0.0 and lb.rank_low[1] == 2 and lb.rank_high[1] == 3
    # bob - alice is 0.03 in every replicate: |d* - 0.03| >= 0.03 never, p = 1 / 1001
    assert lb.p_vs_leader[1] == pytest.approx(1 / 1001, abs=1e-15)
    assert math.isnan(lb.p_vs_leader[0])


def test_leaderboard_p_first_of_a_sometimes_tied_forecaster():
    # carol ties alice exactly on q3..q5 and is worse on q0..q2: she ranks first (tied) in
    # a replicate iff it draws none of q0..q2, probability (1/2)**6 = 1/64. Over 20000
    # replicates the share has standard error sqrt(1/64 * 63/64 / 20000) = 0.00088.
    qs = [f"q{j}" for j in range(6)]
    t = _table(
        {
            "alice": dict.fromkeys(qs, 0.9),
            "carol": {q: 0.7 if j < 3 else 0.9 for j, q in enumerate(qs)},
        }
    )
    lb = t.leaderboard(n_resamples=20000)
    assert lb.p_first[1] == pytest.approx(1 / 64, abs=4 * 0.00088)


def test_leaderboard_ties_share_the_best_rank():
    qs = [f"q{j}" for j in range(5)]
    t = _table(
        {"a": dict.fromkeys(qs, 0.7), "b": dict.fromkeys(qs, 0.7), "c": dict.fromkeys(qs, 0.6)}
    )
    lb = t.leaderboard()
    assert lb.forecaster.tolist() == ["a", "b", "c"]
    assert lb.rank.tolist() == [1, 1, 3]
    assert lb.p_first.tolist() == [1.0, 1.0, 0.0]
    assert lb.p_vs_leader[1] == 1.0  # no difference at all from the leader


def test_leaderboard_strata_weigh_equally_and_resample_within():
    # x: 0.01 on the two dataset questions, 0.25 on the market one: (0.01 + 0.25) / 2 =
    # 0.13; y: 0.04 everywhere: 0.04. Plain means: x 0.09, y 0.04.
    kind = {"d1": "dataset", "d2": "dataset", "m1": "market"}
    t = _table({"x": {"d1": 0.9, "d2": 0.9, "m1": 0.5}, "y": dict.fromkeys(kind, 0.8)}, kind)
    lb = t.leaderboard(strata="kind", min_questions=2)
    assert lb.forecaster.tolist() == ["y", "x"]
    np.testing.assert_allclose(lb.mean, [0.04, 0.13], atol=1e-15)
    # within strata, every replicate draws both dataset questions' kind twice and the
    # market question once: x's stratified mean never moves
    assert lb.ci_low[1] == pytest.approx(0.13, abs=1e-15)
    assert lb.ci_high[1] == pytest.approx(0.13, abs=1e-15)
    assert lb.strata == "kind"
    assert "per-kind means" in str(lb)


def test_leaderboard_adjust_rewards_hard_questions():
    # easy question e, hard question h. weak answered only e (0.04); strong answered e
    # (0.01) and h (0.25); mid answered only h (0.16). Plain means: weak 0.04, strong 0.13,
    # mid 0.16. Exact fit (4 scores, 4 free parameters): h = e + 0.24 from strong; the
    # forecaster effects average 0: (0.04 - e) + (0.01 - e) + (0.16 - e - 0.24) = 0, so
    # e = -0.01, h = 0.23; adjusted: weak 0.04 + 0.01 = 0.05, strong (0.02 + 0.02) / 2 =
    # 0.02, mid 0.16 - 0.23 = -0.07.
    t = _table({"weak": {"e": 0.8}, "strong": {"e": 0.9, "h": 0.5}, "mid": {"h": 0.6}})
    plain = t.leaderboard()
    assert plain.forecaster.tolist() == ["weak", "strong", "mid"]
    lb = t.leaderboard(adjust=True)
    assert lb.ranked_by == "adjusted_mean"
    assert lb.forecaster.tolist() == ["mid", "strong", "weak"]
    np.testing.assert_allclose(lb.adjusted_mean, [-0.07, 0.02, 0.05], atol=1e-12)
    np.testing.assert_allclose(lb.mean, [0.16, 0.13, 0.04], atol=1e-15)
    assert lb.rank.tolist() == [1, 2, 3]
    assert "difficulty-adjusted" in str(lb)


def test_leaderboard_adjusted_equals_plain_on_complete_table():
    rng = np.random.default_rng(8)
    p = rng.uniform(0.3, 1.0, (4, 12))
    t = _table({f"f{i}": {f"q{j:02d}": p[i, j] for j in range(12)} for i in range(4)})
    plain = t.leaderboard(seed=3)
    adjusted = t.leaderboard(seed=3, adjust=True)
    assert adjusted.forecaster.tolist() == plain.forecaster.tolist()
    # each question's effect is its mean score: adjusted = plain - the table's mean, and
    # every replicate's too (the same questions drawn for everyone)
    grand = ((1 - p) ** 2).mean()
    np.testing.assert_allclose(adjusted.adjusted_mean, plain.mean - grand, atol=1e-12)
    np.testing.assert_allclose(adjusted.mean, plain.mean, atol=1e-15)
    np.testing.assert_array_equal(adjusted.rank_high, plain.rank_high)
    np.testing.assert_array_equal(adjusted.p_first, plain.p_first)


def test_leaderboard_mean_of_repeated_forecasts_counts_a_question_once():
    # a forecasts q1 twice (0.9 then 0.7: 0.01, 0.09 -> 0.05 on q1) and q2 once (0.6: 0.16)
    ledger = Ledger.from_predictions(
        [
            fs.Prediction("q1", "a", dt.date(2024, 1, 1), 0.9),
            fs.Prediction("q1", "a", dt.date(2024, 1, 2), 0.7),
            fs.Prediction("q2", "a", dt.date(2024, 1, 1), 0.6),
        ]
    )
    lb = ledger.score(_yes(["q1", "q2"])).leaderboard()
    assert lb.n_questions.tolist() == [2]
    assert lb.mean[0] == pytest.approx((0.05 + 0.16) / 2, abs=1e-15)


def test_leaderboard_imputed_share_and_max_imputed():
    # b skipped q2 and q3 of q1..q4; completed with 0.5 its share imputed is 2 / 4.
    rows = [(f"q{j}", "a", 0.9) for j in range(1, 5)] + [("q1", "b", 0.9), ("q4", "b", 0.9)]
    full = _ledger(rows).complete(fill=0.5)
    t = full.score(_yes([f"q{j}" for j in range(1, 5)]))
    lb = t.leaderboard()
    shares = dict(zip(lb.forecaster.tolist(), lb.imputed.tolist(), strict=True))
    assert shares == {"a": 0.0, "b": 0.5}
    # b: (0.01 + 0.25 + 0.25 + 0.01) / 4 = 0.13
    assert dict(zip(lb.forecaster.tolist(), lb.mean.tolist(), strict=True))["b"] == (
        pytest.approx(0.13, abs=1e-15)
    )
    assert "imputed" in str(lb)
    kept = t.leaderboard(max_imputed=0.25)
    assert kept.forecaster.tolist() == ["a"]
    assert kept.dropped == ("b",)
    assert "Left out for more than 25% imputed: b." in str(kept)
    assert t.leaderboard(max_imputed=0.5).forecaster.tolist() == ["a", "b"]


def test_leaderboard_small_forecaster_gets_no_interval_and_ranks_last_when_undrawn():
    qs = [f"q{j:02d}" for j in range(30)]
    t = _table({"many": dict.fromkeys(qs, 0.7), "one": {"q00": 0.9}})
    lb = t.leaderboard()
    one = lb.forecaster.tolist().index("one")
    assert lb.rank[one] == 1 and math.isnan(lb.ci_low[one])
    # in replicates that do not draw q00 (probability (29/30)**30 = 0.36) "one" has no mean
    # and ranks last
    assert lb.rank_high[one] == 2
    assert lb.p_first[one] == pytest.approx(1 - (29 / 30) ** 30, abs=0.05)


def test_leaderboard_is_reproducible_by_default_and_seeded():
    rng = np.random.default_rng(1)
    p = rng.uniform(0.3, 1.0, (5, 8))
    t = _table({f"f{i}": {f"q{j}": p[i, j] for j in range(8)} for i in range(5)})
    a, b = t.leaderboard(), t.leaderboard()
    assert a.to_records() == b.to_records()
    assert a.seed == 0
    c = t.leaderboard(seed=1)
    assert c.ci_low.tolist() != a.ci_low.tolist()


def test_leaderboard_pool():
    qs = [f"q{j}" for j in range(5)]
    t = _table(
        {"a": dict.fromkeys(qs, 0.9), "b": dict.fromkeys(qs, 0.8), "c": dict.fromkeys(qs, 0.7)}
    )
    lb = t.leaderboard(pool=["b"])
    # pool mean 0.04: a 0.03, b 0, c -0.05
    np.testing.assert_allclose(lb.peer, [0.03, 0.0, -0.05], atol=1e-15)


# --- oracles for the pieces -----------------------------------------------------------------


def test_competition_ranks_match_scipy_rankdata_min():
    rng = np.random.default_rng(2)
    values = rng.integers(0, 4, (7, 50)).astype(float)
    ranks = _competition_ranks(values)
    expected = scipy.stats.rankdata(values, method="min", axis=0)
    np.testing.assert_array_equal(ranks, expected)


def test_row_quantiles_match_nanquantile():
    rng = np.random.default_rng(4)
    values = rng.random((6, 40))
    values[rng.random((6, 40)) < 0.2] = math.nan
    got = _row_quantiles(values, (0.025, 0.975))
    np.testing.assert_allclose(got, np.nanquantile(values, [0.025, 0.975], axis=1), atol=1e-15)
    all_nan = np.full((1, 5), math.nan)
    assert np.isnan(_row_quantiles(all_nan, (0.1, 0.9))).all()


# --- outputs ---------------------------------------------------------------------------------


@pytest.fixture
def board():
    rng = np.random.default_rng(6)
    p = rng.uniform(0.3, 1.0, (4, 8))
    names = ["alice", "bob", "a forecaster with a very long name indeed, cut to fit", "dan"]
    t = _table({names[i]: {f"q{j}": p[i, j] for j in range(8)} for i in range(4)})
    return t.leaderboard(adjust=True)


def test_leaderboard_records_have_exactly_the_fields(board):
    records = board.to_records()
    assert [list(r) for r in records] == [list(FIELDS)] * 4
    assert list(FIELDS) == [
        "forecaster",
        "n_questions",
        "imputed",
        "mean",
        "adjusted_mean",
        "peer",
        "ci_low",
        "ci_high",
        "rank",
        "rank_low",
        "rank_high",
        "p_first",
        "p_vs_leader",
    ]
    assert records[0]["p_vs_leader"] is None
    assert [r["rank"] for r in records] == board.rank.tolist()


def test_leaderboard_to_pandas(board):
    pd = pytest.importorskip("pandas")
    df = board.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == list(FIELDS)
    assert df["forecaster"].tolist() == board.forecaster.tolist()


def test_leaderboard_json_and_csv(board, tmp_path):
    doc = json.loads(board.to_json())
    assert doc["forecasters"] == board.to_records()
    assert doc["ranked_by"] == "adjusted_mean" and doc["seed"] == 0
    path = tmp_path / "lb.json"
    assert board.to_json(path) == path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(board.to_csv())))
    assert list(rows[0]) == list(FIELDS)
    assert rows[0]["p_vs_leader"] == ""
    assert float(rows[1]["mean"]) == board.mean[1]
    path = tmp_path / "lb.csv"
    assert board.to_csv(path) == path.read_text(encoding="utf-8")


def test_leaderboard_str_fits_in_100_columns(board):
    text = str(board)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert text.splitlines()[0].split()[:4] == ["rank", "forecaster", "n", "adjusted"]
    assert "\u2026" in text  # the long name was cut
    assert repr(board).startswith("Leaderboard(rule='brier', 4 forecasters")


# --- errors ---------------------------------------------------------------------------------


def test_leaderboard_refuses_ranges_and_infinite_scores():
    ledger = Ledger.from_predictions(
        [fs.Prediction("q1", "a", MADE, fs.ProbabilityRange(0.2, 0.4))]
    )
    with pytest.raises(InvalidForecastError, match=r"row 0: a probability range has no single"):
        ledger.score(_yes(["q1"])).leaderboard()
    ledger = Ledger.from_predictions([fs.Prediction("q1", "a", MADE, 0.0)])
    with pytest.raises(InvalidForecastError, match=r"row 0: score inf is not finite"):
        ledger.score(_yes(["q1"]), rule="log").leaderboard()


def test_leaderboard_option_errors():
    qs = [f"q{j}" for j in range(5)]
    t = _table({"a": dict.fromkeys(qs, 0.9), "b": dict.fromkeys(qs, 0.8)})
    with pytest.raises(
        InvalidOptionError, match=r"confidence must be a number in \(0, 1\) \(got 1\)"
    ):
        t.leaderboard(confidence=1)
    with pytest.raises(InvalidOptionError, match=r"n_resamples must be an integer >= 1 \(got 0\)"):
        t.leaderboard(n_resamples=0)
    with pytest.raises(InvalidOptionError, match=r"seed must be an integer >= 0 \(got -1\)"):
        t.leaderboard(seed=-1)
    with pytest.raises(InvalidOptionError, match=r"max_imputed must be a share from 0 to 1"):
        t.leaderboard(max_imputed=1.5)
    with pytest.raises(InvalidOptionError, match=r"max_imputed must be a share .* \(got 'x'\)"):
        t.leaderboard(max_imputed="x")
    with pytest.raises(InvalidOptionError, match=r"adjust"):
        t.leaderboard(adjust="yes")
    with pytest.raises(InvalidOptionError, match=r"pool\[0\] = 'zed' is not a forecaster"):
        t.leaderboard(pool=["zed"])
    with pytest.raises(InvalidOptionError, match=r"strata: column 'nope'"):
        t.leaderboard(strata="nope")
    with pytest.raises(InvalidOptionError, match=r"min_questions must be an integer >= 2"):
        t.leaderboard(min_questions=1)


def test_leaderboard_max_imputed_leaving_nobody():
    rows = [("q1", "a", 0.9), ("q2", "b", 0.9)]
    t = _ledger(rows).complete(fill=0.5).score(_yes(["q1", "q2"]))
    with pytest.raises(InvalidOptionError, match=r"max_imputed=0.0 leaves no forecaster"):
        t.leaderboard(max_imputed=0.0)


def test_leaderboard_of_an_empty_table():
    t = _ledger([("q1", "a", 0.9)]).score([])
    with pytest.raises(ShapeError, match=r"a leaderboard needs at least one score"):
        t.leaderboard()
