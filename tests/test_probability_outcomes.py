"""Probability outcomes (soft labels) and knowledge cutoffs (issue 10, items 2 and 8).

Expected values are written out by hand (the arithmetic is in the comments) or come from
mpmath; properties are Hypothesis tests.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore.io import (
    read_outcomes_csv,
    read_outcomes_jsonl,
    read_predictions_csv,
    write_outcomes_csv,
    write_outcomes_jsonl,
)
from forecastscore.ledger import Ledger, time_averaged
from forecastscore.scoring import Rule

D = dt.date
UTC = dt.timezone.utc
P = fs.Prediction
O = fs.Outcome  # noqa: E741

probs = st.floats(0.0, 1.0, allow_nan=False)
inner = st.floats(1e-6, 1 - 1e-6, allow_nan=False)


# --- Outcome -------------------------------------------------------------------------------


def test_outcome_holds_a_probability():
    o = O("q", D(2024, 7, 28), probability=0.73)
    assert o.probability == 0.73 and o.value is None and not o.annulled and o.is_probability
    assert not O("q", D(2024, 7, 28), "yes").is_probability
    assert repr(o) == (
        "Outcome(question='q', resolved_at=datetime.date(2024, 7, 28), probability=0.73, "
        "annulled=False)"
    )
    assert O("q", D(2024, 7, 28), probability=np.float32(0.5)).probability == 0.5
    assert O("q", D(2024, 7, 28), probability=0).probability == 0.0  # a market at 0%
    assert eval(repr(o), {"Outcome": O, "datetime": dt}) == o


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"value": "yes", "probability": 0.5}, fs.InvalidOutcomeError, "got value and probability"),
        ({"probability": 0.5, "annulled": True}, fs.InvalidOutcomeError, "probability and annul"),
        ({"value": "yes", "annulled": True}, fs.InvalidOutcomeError, "got value and annulled"),
        ({}, fs.InvalidOutcomeError, r"'value' is required unless .*\(probability=\)"),
        (
            {"probability": 1.3},
            fs.InvalidOutcomeError,
            r"'probability' must be in \[0, 1\] \(got 1.3",
        ),
        ({"probability": -0.0001}, fs.InvalidOutcomeError, r"got -0.0001\)"),
        ({"probability": math.nan}, fs.InvalidOutcomeError, r"got nan\)"),
        ({"probability": True}, fs.ForecastTypeError, "True/False are hard outcomes"),
        ({"probability": "0.7"}, fs.ForecastTypeError, r"real number in \[0, 1\] \(got '0.7'\)"),
        ({"probability": 10**400}, fs.InvalidOutcomeError, "must be in"),
    ],
)
def test_outcome_probability_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        O("q", D(2024, 7, 28), **kwargs)


def test_outcome_probability_is_no_option():
    with pytest.raises(fs.InvalidOutcomeError, match=r"is a probability \(0.73\), not one of"):
        O("q", D(2024, 7, 28), probability=0.73).option_index(("no", "yes"))


# --- the rules against q -------------------------------------------------------------------


def test_brier_against_a_probability_hand_computed():
    # (0.6 - 0.73)**2 = 0.0169; (0.2 - 0.5)**2 = 0.09; (1 - 0)**2 = 1
    got = fs.brier_score([0.6, 0.2, 1.0], [0.73, 0.5, 0.0], probability_outcome=True)
    np.testing.assert_allclose(got, [0.0169, 0.09, 1.0], rtol=1e-14)


def test_brier_against_q_is_expected_brier_minus_q_one_minus_q():
    # E_{Y~q} (p - Y)^2 = q (1 - p)^2 + (1 - q) p^2; with p = 0.6, q = 0.73:
    # 0.73 * 0.16 + 0.27 * 0.36 = 0.1168 + 0.0972 = 0.214 = 0.0169 + 0.73 * 0.27 (0.1971)
    got = float(fs.brier_score(0.6, 0.73, probability_outcome=True))
    assert got + 0.73 * 0.27 == pytest.approx(0.214, abs=1e-15)


def test_log_against_a_probability_hand_computed_and_mpmath():
    # q = 0.75, p = 0.5: -(0.75 ln 0.5 + 0.25 ln 0.5) = ln 2
    assert float(fs.log_score(0.5, 0.75, probability_outcome=True)) == pytest.approx(
        math.log(2), rel=1e-15
    )
    # in bits: log2(2) = 1
    assert float(fs.log_score(0.5, 0.75, base=2, probability_outcome=True)) == pytest.approx(1.0)
    mpmath.mp.dps = 40
    for p, q in [(0.8, 0.3), (0.01, 0.99), (1e-12, 1e-9), (0.999999, 0.5)]:
        mp, mq = mpmath.mpf(p), mpmath.mpf(q)
        want = -(mq * mpmath.log(mp) + (1 - mq) * mpmath.log(1 - mp))
        got = float(fs.log_score(p, q, probability_outcome=True))
        assert got == pytest.approx(float(want), rel=1e-13)


def test_log_against_a_probability_zero_weight_terms_are_left_out():
    # q = 0 and p = 0: -(0 ln 0 + 1 ln 1) = 0, not NaN; q = 0.5, p = 0: infinite
    got = fs.log_score([0.0, 1.0, 0.0], [0.0, 1.0, 0.5], probability_outcome=True)
    assert got.tolist() == [0.0, 0.0, math.inf]


def test_log_against_a_probability_clip():
    # clip=0.01 moves p = 0 to 0.01: -(0.5 ln 0.01 + 0.5 ln 0.99)
    want = -(0.5 * math.log(0.01) + 0.5 * math.log(0.99))
    got = float(fs.log_score(0.0, 0.5, clip=0.01, probability_outcome=True))
    assert got == pytest.approx(want, rel=1e-14)


def test_spherical_against_a_probability_hand_computed():
    # p = 0.8, q = 0.8: 1 - (0.64 + 0.04) / sqrt(0.68) = 1 - sqrt(0.68)
    # p = 0.5, q = 0.2: 1 - (0.1 + 0.4) / sqrt(0.5) = 1 - 0.5 / 0.70710678 = 0.29289322
    got = fs.spherical_score([0.8, 0.5], [0.8, 0.2], probability_outcome=True)
    np.testing.assert_allclose(got, [1 - math.sqrt(0.68), 1 - 0.5 / math.sqrt(0.5)], rtol=1e-13)


@pytest.mark.parametrize("fn", [fs.brier_score, fs.log_score, fs.spherical_score])
def test_probability_outcome_of_zero_or_one_is_the_hard_score_exactly(fn):
    p = np.array([0.0, 0.1, 0.5, 0.9, 1.0])
    for y in (0, 1):
        hard = fn(p, np.full(5, y))
        soft = fn(p, np.full(5, float(y)), probability_outcome=True)
        assert soft.tolist() == hard.tolist()


@pytest.mark.parametrize("fn", [fs.brier_score, fs.log_score, fs.spherical_score])
def test_probability_where_an_outcome_was_expected_names_the_keyword(fn):
    with pytest.raises(
        fs.InvalidOutcomeError, match=r"outcome\[1\] = 0.73 is not a binary .*probability_outcome"
    ):
        fn([0.6, 0.3], [1, 0.73])


@pytest.mark.parametrize("fn", [fs.brier_score, fs.log_score, fs.spherical_score])
def test_probability_outcome_errors(fn):
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome\[1\] = 1.2 is not a probability"):
        fn([0.6, 0.3], [0.5, 1.2], probability_outcome=True)
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome\[0\] is NaN"):
        fn([0.6], [math.nan], probability_outcome=True)
    with pytest.raises(fs.ForecastTypeError, match=r"outcome\[1\] = 'x' is not a probability"):
        fn([0.6, 0.3], np.array([0.5, "x"], dtype=object), probability_outcome=True)
    with pytest.raises(fs.ForecastTypeError, match=r"got strings \(outcome\[0\] = '0.5'\)"):
        fn([0.6, 0.3], [0.5, "x"], probability_outcome=True)
    with pytest.raises(fs.ForecastTypeError, match="got dtype 'complex128'"):
        fn([0.6], np.array([0.5 + 0j]), probability_outcome=True)
    with pytest.raises(fs.InvalidOptionError, match=r"probability_outcome must be True .*'yes'"):
        fn(0.6, 0.5, probability_outcome="yes")
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[0\] = 1.5"):
        fn([1.5], [0.5], probability_outcome=True)


def test_probability_outcomes_nan_policy_and_broadcast():
    got = fs.brier_score(
        [0.5, math.nan, 0.1], [0.5, 0.2, math.nan], probability_outcome=True, nan_policy="propagate"
    )
    assert got[0] == 0.0 and math.isnan(got[1]) and math.isnan(got[2])
    got = fs.brier_score(
        [0.5, math.nan, 0.1], [0.25, 0.2, 0.4], probability_outcome=True, nan_policy="omit"
    )
    np.testing.assert_allclose(got, [0.0625, 0.09])  # 0.25**2, 0.3**2
    got = fs.brier_score([[0.5], [0.1]], [0.5, 0.3], probability_outcome=True)
    np.testing.assert_allclose(got, [[0.0, 0.04], [0.16, 0.04]])
    # bools are hard outcomes among probabilities: (0.3 - 1)**2
    assert float(fs.brier_score(0.3, True, probability_outcome=True)) == pytest.approx(0.49)


@given(p=probs, q=probs)
def test_soft_brier_propriety(p, q):
    f = functools.partial(fs.brier_score, probability_outcome=True)
    assert float(f(p, q)) >= float(f(q, q)) == 0.0


@given(p=probs, q=inner)
def test_soft_log_propriety(p, q):
    # the cross-entropy is least at p = q, where it is the entropy; the log score's
    # documented accuracy is an absolute error of about 1.1e-16 nats per term (forming 1 - p)
    f = functools.partial(fs.log_score, probability_outcome=True)
    at_q = float(f(q, q))
    entropy = -math.fsum([q * math.log(q), (1 - q) * math.log1p(-q)])
    assert at_q == pytest.approx(entropy, rel=1e-12, abs=4e-16)
    assert float(f(p, q)) >= at_q - 4e-16


@given(p=probs, q=probs)
def test_soft_spherical_propriety(p, q):
    f = functools.partial(fs.spherical_score, probability_outcome=True)
    at_q = float(f(q, q))
    assert at_q == pytest.approx(1 - math.hypot(q, 1 - q), abs=1e-15)
    assert float(f(p, q)) >= at_q - 1e-15


@given(p=probs, q=probs)
def test_soft_scores_are_expected_hard_scores(p, q):
    # log and spherical against q are the expected hard scores under q; Brier is that
    # minus q (1 - q).
    for fn, const in ((fs.log_score, 0.0), (fs.spherical_score, 0.0), (fs.brier_score, q - q * q)):
        hard1, hard0 = float(fn(p, 1)), float(fn(p, 0))
        parts = [t for w, t in ((q, hard1), (1 - q, hard0)) if w > 0]
        weights = [w for w in (q, 1 - q) if w > 0]
        want = math.fsum(w * t for w, t in zip(weights, parts, strict=True)) - const
        got = float(fn(p, q, probability_outcome=True))
        if math.isinf(want):
            assert got == want
        else:
            assert got == pytest.approx(want, rel=1e-12, abs=1e-15)


# --- one claim -----------------------------------------------------------------------------


def test_score_one_claim_against_a_probability():
    claim = P("q", "llm", D(2024, 7, 21), 0.3)
    o = O("q", D(2024, 7, 28), probability=0.73)
    assert fs.score(claim, o) == pytest.approx(0.1849)  # 0.43**2
    # -(0.73 ln 0.3 + 0.27 ln 0.7)
    want = -(0.73 * math.log(0.3) + 0.27 * math.log(0.7))
    assert fs.score(claim, o, rule="log") == pytest.approx(want, rel=1e-14)
    # On a question whose positive option is first: q is still about "yes".
    qu = fs.Question("q", options=("yes", "no"))
    assert fs.score(claim, o, question=qu) == pytest.approx(0.1849)


def test_score_range_against_a_probability():
    o = O("q", D(2024, 7, 28), probability=0.3)
    # q inside 0.2..0.5: best 0 (at 0.3), worst max(0.1**2, 0.2**2) = 0.04
    r = fs.score(P("q", "a", D(2024, 7, 1), fs.ProbabilityRange(0.2, 0.5)), o)
    assert r.best == 0.0 and r.worst == pytest.approx(0.04)
    # q below 0.4..0.6: best at 0.4: 0.1**2, worst at 0.6: 0.3**2
    r = fs.score(P("q", "a", D(2024, 7, 1), fs.ProbabilityRange(0.4, 0.6)), o)
    assert r.best == pytest.approx(0.01) and r.worst == pytest.approx(0.09)


def test_score_one_claim_against_a_probability_errors():
    o = O("q", D(2024, 7, 28), probability=0.73)
    three = fs.Question("q", options=("a", "b", "c"))
    with pytest.raises(fs.InvalidOutcomeError, match=r"probability \(0.73\).*has 3 options"):
        fs.score(P("q", "x", D(2024, 7, 1), {"a": 0.2, "b": 0.3, "c": 0.5}), o, question=three)
    with pytest.raises(fs.InvalidOutcomeError, match="not a mapping over options"):
        fs.score(P("q", "x", D(2024, 7, 1), {"no": 0.2, "yes": 0.8}), o)
    with pytest.raises(fs.InvalidOptionError, match="rule 'absolute' does not score probability"):
        fs.score(P("q", "x", D(2024, 7, 1), 0.5), o, rule=Rule("absolute", abs, abs, "units"))
    with pytest.raises(fs.HindsightError, match="not before its outcome"):
        fs.score(P("q", "x", D(2024, 7, 28), 0.5), o)
    # A Rule with soft= scores it: |0.5 - 0.73|
    absolute = Rule("absolute", abs, abs, "units", soft=lambda p, q: np.abs(np.subtract(p, q)))
    assert fs.score(P("q", "x", D(2024, 7, 1), 0.5), o, rule=absolute) == pytest.approx(0.23)
    with pytest.raises(fs.ForecastTypeError, match="Rule 'soft' must be a callable"):
        Rule("r", abs, abs, "u", soft=3)


# --- ledgers -------------------------------------------------------------------------------


def _ledger() -> Ledger:
    return Ledger.from_predictions(
        [
            P("d1", "alice", D(2024, 7, 21), 0.7),
            P("m1", "alice", D(2024, 7, 21), 0.6),
            P("m1", "bob", D(2024, 7, 21), 0.9),
            P("m2", "bob", D(2024, 7, 21), fs.ProbabilityRange(0.1, 0.3)),
        ]
    )


def _outcomes() -> list[fs.Outcome]:
    return [
        O("d1", D(2024, 7, 28), "yes"),
        O("m1", D(2024, 7, 28), probability=0.75),
        O("m2", D(2024, 7, 28), probability=0.2),
    ]


def test_ledger_scores_probability_outcomes():
    t = _ledger().score(_outcomes())
    # (0.7 - 1)**2 = 0.09; (0.6 - 0.75)**2 = 0.0225; (0.9 - 0.75)**2 = 0.0225;
    # range 0.1..0.3 against 0.2: best 0, worst 0.1**2 = 0.01
    np.testing.assert_allclose(t.score[:3], [0.09, 0.0225, 0.0225])
    assert math.isnan(t.score[3]) and t.best[3] == 0.0 and t.worst[3] == pytest.approx(0.01)
    assert t.soft.tolist() == [False, True, True, True]
    assert t.outcome.dtype == np.float64 and t.outcome.tolist() == [1.0, 0.75, 0.75, 0.2]
    assert t.counts["probability_outcomes"] == 3 and t.counts["scored"] == 4
    assert [r["soft"] for r in t.to_records()] == [False, True, True, True]
    text = str(t)
    assert "q=0.75" in text and "q=...: a probability outcome, scored against q (3" in text
    # the soft flag follows a subset of rows
    s = t.by_forecaster()
    assert s.key.tolist() == ["alice", "bob"]


def test_ledger_log_against_probability_outcome():
    t = _ledger().score(_outcomes()[:2], rule="log")
    # -ln 0.7; -(0.75 ln 0.6 + 0.25 ln 0.4); -(0.75 ln 0.9 + 0.25 ln 0.1)
    want = [
        -math.log(0.7),
        -(0.75 * math.log(0.6) + 0.25 * math.log(0.4)),
        -(0.75 * math.log(0.9) + 0.25 * math.log(0.1)),
    ]
    np.testing.assert_allclose(t.score, want, rtol=1e-14)


def test_ledger_hard_outcomes_keep_integer_outcome_column():
    t = _ledger().score([O("d1", D(2024, 7, 28), "yes")])
    assert t.outcome.dtype.kind == "i" and t.soft.tolist() == [False]
    assert t.counts["probability_outcomes"] == 0


def test_ledger_probability_outcome_against_mapping_is_refused():
    lg = Ledger.from_predictions([P("m1", "a", D(2024, 7, 21), {"no": 0.4, "yes": 0.6})])
    with pytest.raises(
        fs.InvalidOutcomeError, match=r"outcomes\[0\]: the outcome of question 'm1' is a prob"
    ):
        lg.score([O("m1", D(2024, 7, 28), probability=0.75)])


def test_ledger_probability_outcome_with_a_rule_without_soft_form():
    rule = Rule("absolute", abs, abs, "units")
    with pytest.raises(
        fs.InvalidOptionError, match=r"outcomes\[1\]: rule 'absolute' does not score probab"
    ):
        _ledger().score(_outcomes(), rule=rule)


def test_time_averaged_against_a_probability_outcome():
    lg = Ledger.from_predictions([P("m", "a", D(2024, 7, 1), 0.5), P("m", "a", D(2024, 7, 7), 0.9)])
    t = time_averaged(lg, [O("m", D(2024, 7, 11), probability=0.8)])
    # 6 days at (0.5 - 0.8)**2 = 0.09, 4 days at (0.9 - 0.8)**2 = 0.01: (0.54 + 0.04) / 10
    assert t.score.tolist() == pytest.approx([0.058])
    qs = [fs.Question("m", opens=D(2024, 6, 27))]
    t = time_averaged(lg, [O("m", D(2024, 7, 11), probability=0.8)], questions=qs, start="opens")
    # plus 4 days of the uniform fill 0.5 before: (4 * 0.09 + 0.58) / 14
    assert t.score.tolist() == pytest.approx([(0.36 + 0.58) / 14])


def test_score_table_carries_extra_columns_and_imputed():
    text = (
        "question,forecaster,made_at,probability,source_kind\n"
        "d1,alice,2024-07-21,0.7,dataset\n"
        "m1,alice,2024-07-21,0.6,market\n"
        "m9,bob,2024-07-21,0.6,market\n"
        "m1,bob,2024-07-21,0.9,market\n"
    )
    lg = read_predictions_csv(io.StringIO(text))
    t = lg.score(_outcomes()[:2])
    assert t.rows.tolist() == [0, 1, 3]
    assert t.extra["source_kind"].tolist() == ["dataset", "market", "market"]
    assert t.column("source_kind").tolist() == ["dataset", "market", "market"]
    assert t.column("forecaster").tolist() == ["alice", "alice", "bob"]
    assert t.column("soft").tolist() == [False, True, True]
    assert t.imputed.tolist() == [False, False, False]
    assert t.column("imputed").dtype == bool
    with pytest.raises(fs.InvalidOptionError, match=r"column 'kind' is not a column.*'source_k"):
        t.column("kind")


# --- knowledge cutoffs ---------------------------------------------------------------------


def _llm_ledger() -> Ledger:
    return Ledger.from_predictions(
        [
            P("q1", "gpt", D(2024, 7, 21), 0.7),  # q1 resolved 2024-07-01: before the cutoff
            P("q2", "gpt", D(2024, 7, 21), 0.4),  # q2 resolved 2024-07-28: after it
            P("q3", "gpt", D(2024, 7, 21), 0.2),  # q3 resolved on the cutoff day
            P("q1", "human", D(2024, 6, 1), 0.6),
        ]
    )


def _llm_outcomes() -> list[fs.Outcome]:
    return [
        O("q1", D(2024, 7, 1), "yes"),
        O("q2", D(2024, 7, 28), "no"),
        O("q3", D(2024, 7, 25), probability=0.5),
    ]


def test_knowledge_cutoff_raises_leakage_error():
    lg = _llm_ledger()
    # gpt's forecast on q1 is also hindsight (made after q1 resolved): hindsight first.
    with pytest.raises(fs.HindsightError) as err:
        lg.score(_llm_outcomes(), knowledge_cutoffs={"gpt": D(2024, 7, 25)})
    assert not isinstance(err.value, fs.LeakageError)
    lg = Ledger.from_predictions([p for p in _llm_ledger() if p.question != "q1"])
    with pytest.raises(
        fs.LeakageError,
        match=r"row 1: forecaster 'gpt' has a knowledge cutoff of 2024-07-25, on or after the "
        r"resolution of question 'q3' at 2024-07-25 \(outcomes\[2\]\).*1 such row.*leakage='drop'",
    ):
        lg.score(_llm_outcomes(), knowledge_cutoffs={"gpt": D(2024, 7, 25)})


def test_knowledge_cutoff_drop_counts():
    lg = _llm_ledger()
    t = lg.score(
        _llm_outcomes(),
        hindsight="drop",
        knowledge_cutoffs={"gpt": D(2024, 7, 25), "nobody": D(2030, 1, 1)},
        leakage="drop",
    )
    # row 0 hindsight; row 2 (q3, resolved on the cutoff day) leakage; rows 1, 3 scored
    assert t.rows.tolist() == [1, 3]
    assert t.hindsight.tolist() == [0] and t.leakage.tolist() == [2]
    assert t.counts["leakage"] == 1 and t.counts["hindsight"] == 1
    assert "1 left out for leakage" in str(t)
    # A cutoff the day before the resolution leaks nothing.
    t = lg.score(_llm_outcomes(), hindsight="drop", knowledge_cutoffs={"gpt": D(2024, 7, 24)})
    assert t.counts["leakage"] == 0 and t.rows.tolist() == [1, 2, 3]


def test_knowledge_cutoff_datetime():
    lg = Ledger.from_predictions([P("q", "m", D(2024, 1, 1), 0.5)])
    noon = dt.datetime(2024, 7, 25, 12, tzinfo=UTC)
    outs = [O("q", noon, "yes")]
    just_before = dt.datetime(2024, 7, 25, 11, 59, 59, 999999, tzinfo=UTC)
    assert lg.score(outs, knowledge_cutoffs={"m": just_before}).counts["leakage"] == 0
    t = lg.score(outs, knowledge_cutoffs={"m": noon}, leakage="drop")
    assert t.counts["leakage"] == 1
    # A date cutoff is its whole UTC day: it covers noon of that day.
    assert (
        lg.score(outs, knowledge_cutoffs={"m": D(2024, 7, 25)}, leakage="drop").counts["leakage"]
        == 1
    )


def test_knowledge_cutoff_names_file_and_line():
    text = "question,forecaster,made_at,probability\nq,m,2024-01-01,0.5\n"
    lg = read_predictions_csv(io.StringIO(text))
    with pytest.raises(fs.LeakageError, match=r"^<stream>:2: forecaster 'm'"):
        lg.score([O("q", D(2024, 2, 1), "yes")], knowledge_cutoffs={"m": D(2024, 3, 1)})


def test_knowledge_cutoff_errors():
    lg = _llm_ledger()
    with pytest.raises(fs.InvalidOptionError, match="leakage"):
        lg.score(_llm_outcomes(), leakage="ignore")
    with pytest.raises(fs.ForecastTypeError, match="knowledge_cutoffs must be a mapping"):
        lg.score(_llm_outcomes(), knowledge_cutoffs=[("gpt", D(2024, 1, 1))])
    with pytest.raises(fs.ForecastTypeError, match=r"a forecaster must be a string \(got 3\)"):
        lg.score(_llm_outcomes(), knowledge_cutoffs={3: D(2024, 1, 1)})
    with pytest.raises(fs.ForecastTypeError, match=r"knowledge_cutoffs\['gpt'\].*'2024-01-01'"):
        lg.score(_llm_outcomes(), knowledge_cutoffs={"gpt": "2024-01-01"})
    with pytest.raises(fs.InvalidTimeError, match=r"knowledge_cutoffs\['gpt'\].*naive"):
        lg.score(_llm_outcomes(), knowledge_cutoffs={"gpt": dt.datetime(2024, 1, 1)})


def test_time_averaged_knowledge_cutoffs():
    lg = Ledger.from_predictions([P("q", "m", D(2024, 7, 1), 0.5), P("q", "h", D(2024, 7, 1), 0.5)])
    outs = [O("q", D(2024, 7, 11), "yes")]
    with pytest.raises(fs.LeakageError, match="forecaster 'm'"):
        time_averaged(lg, outs, knowledge_cutoffs={"m": D(2024, 8, 1)})
    t = time_averaged(lg, outs, knowledge_cutoffs={"m": D(2024, 8, 1)}, leakage="drop")
    assert t.forecaster.tolist() == ["h"] and t.counts["leakage"] == 1


@given(cut=st.integers(-5, 5), res=st.integers(-5, 5))
def test_leakage_iff_resolved_on_or_before_the_cutoff(cut, res):
    base = D(2024, 7, 1)
    lg = Ledger.from_predictions([P("q", "m", D(2024, 1, 1), 0.5)])
    t = lg.score(
        [O("q", base + dt.timedelta(days=res), "yes")],
        knowledge_cutoffs={"m": base + dt.timedelta(days=cut)},
        leakage="drop",
    )
    assert t.counts["leakage"] == int(res <= cut)


# --- files ---------------------------------------------------------------------------------


def test_csv_reads_probability_outcomes():
    text = (
        "question,resolved_at,outcome\n"
        "a,2024-07-28,0.73\n"
        "b,2024-07-28,0\n"
        "c,2024-07-28,1\n"
        "d,2024-07-28,0.0\n"
        "e,2024-07-28,1e-05\n"
        "f,2024-07-28,.5\n"
        "g,2024-07-28,1.5\n"
        "h,2024-07-28,yes\n"
    )
    outs = read_outcomes_csv(io.StringIO(text))
    assert [o.probability for o in outs] == [0.73, None, None, 0.0, 1e-05, 0.5, None, None]
    assert [o.value for o in outs] == [None, "0", "1", None, None, None, "1.5", "yes"]


def test_jsonl_reads_probability_outcomes():
    text = "\n".join(
        f'{{"question": "{q}", "resolved_at": "2024-07-28", "outcome": {v}}}'
        for q, v in [("a", "0.73"), ("b", "0"), ("c", "1.0"), ("d", '"0.5"'), ("e", "2e-3")]
    )
    outs = read_outcomes_jsonl(io.StringIO(text))
    assert [o.probability for o in outs] == [0.73, None, 1.0, None, 0.002]
    assert [o.value for o in outs] == [None, 0, None, "0.5", None]


def test_jsonl_number_outside_unit_interval_is_refused():
    text = '{"question": "q", "resolved_at": "2024-07-28", "outcome": 1}\n' + (
        '{"question": "r", "resolved_at": "2024-07-28", "outcome": 1.5}'
    )
    with pytest.raises(
        fs.FileSchemaError, match=r"<stream>:2: column 'outcome': 1.5 is not an outcome.*\[0, 1\]"
    ):
        read_outcomes_jsonl(io.StringIO(text))


def test_outcome_files_write_probabilities():
    outs = [
        O("a", D(2024, 7, 28), probability=0.73),
        O("b", D(2024, 7, 28), probability=0.0),
        O("c", D(2024, 7, 28), probability=1.0),
        O("d", D(2024, 7, 28), 1),
    ]
    out = io.StringIO()
    write_outcomes_csv(outs, out)
    assert out.getvalue() == (
        "question,resolved_at,outcome\n"
        "a,2024-07-28,0.73\nb,2024-07-28,0.0\nc,2024-07-28,1.0\nd,2024-07-28,1\n"
    )
    out = io.StringIO()
    write_outcomes_jsonl(outs, out)
    assert out.getvalue().splitlines()[1] == (
        '{"question": "b", "resolved_at": "2024-07-28", "outcome": 0.0}'
    )
    assert read_outcomes_jsonl(io.StringIO(out.getvalue())) == outs
    assert (
        read_outcomes_csv(io.StringIO("question,resolved_at,outcome\na,2024-07-28,0.73\n"))[0]
        == outs[0]
    )


def test_csv_refuses_an_option_name_that_reads_back_as_a_probability():
    outs = [O("a", D(2024, 7, 28), "yes"), O("b", D(2024, 7, 28), "0.5")]
    with pytest.raises(
        fs.FileSchemaError, match=r"<stream>:3: column 'outcome': the option name '0.5'"
    ):
        write_outcomes_csv(outs, io.StringIO())
    out = io.StringIO()
    write_outcomes_jsonl(outs, out)  # JSON Lines keeps it as text
    assert read_outcomes_jsonl(io.StringIO(out.getvalue()))[1].value == "0.5"


@given(q=probs)
def test_probability_outcomes_round_trip(q):
    outs = [O("q", D(2024, 7, 28), probability=q)]
    for write, read in (
        (write_outcomes_csv, read_outcomes_csv),
        (write_outcomes_jsonl, read_outcomes_jsonl),
    ):
        out = io.StringIO()
        write(outs, out)
        back = read(io.StringIO(out.getvalue()))
        assert back == outs and back[0].probability == q
        again = io.StringIO()
        write(back, again)
        assert again.getvalue() == out.getvalue()


def test_probability_outcome_records():
    outs = read_outcomes_csv(io.StringIO("question,resolved_at,outcome\na,2024-07-28,0.25\n"))
    assert outs.to_records() == [{"question": "a", "resolved_at": "2024-07-28", "outcome": 0.25}]


def test_scored_from_files_names_the_line_for_a_mapping():
    outs = read_outcomes_csv(io.StringIO("question,resolved_at,outcome\nm,2024-07-28,0.25\n"))
    lg = Ledger.from_predictions([P("m", "a", D(2024, 7, 21), {"no": 0.4, "yes": 0.6})])
    with pytest.raises(fs.InvalidOutcomeError, match=r"^<stream>:2: .*is a probability \(0.25\)"):
        lg.score(outs)


def test_score_table_imputed_follows_the_ledger_column():
    lg = Ledger.from_predictions(
        [P("q1", "a", D(2024, 7, 1), 0.3), P("q3", "b", D(2024, 7, 1), 0.3)]
    )
    full = lg.complete(questions=["q1", "q3"], fill=0.5)  # rows 2, 3: a on q3, b on q1, filled
    t = full.score([O("q1", D(2024, 8, 1), "yes"), O("q3", D(2024, 8, 1), probability=0.2)])
    assert t.forecaster.tolist() == ["a", "b", "a", "b"]
    assert t.imputed.tolist() == t.column("imputed").tolist() == [False, False, True, True]
    assert t.soft.tolist() == [False, True, True, False]
    # (0.3 - 1)**2, (0.3 - 0.2)**2, (0.5 - 0.2)**2, (0.5 - 1)**2
    np.testing.assert_allclose(t.score, [0.49, 0.01, 0.09, 0.25])
