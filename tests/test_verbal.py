"""Tests of forecastscore.verbal: lexicons, interpret, revision scores and summaries."""

import datetime as dt
import json
import math
import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore import verbal
from forecastscore.strategies import probabilities, probability_ranges

Q = "russia-ukraine-campaign-2022q1"
MADE = dt.date(2022, 1, 8)
INVASION = fs.Outcome(Q, dt.date(2022, 2, 24), "yes")


def claim(probability):
    return fs.Prediction(Q, "opinion piece on the Kazakhstan crisis", MADE, probability)


# --- published figures --------------------------------------------------------------------

# ICD 203 (2015), D.6.e(2)(a), both rows of terms, percentages as printed in the directive.
ICD203_TABLE = [
    ("almost no chance", "remote", 1, 5),
    ("very unlikely", "highly improbable", 5, 20),
    ("unlikely", "improbable", 20, 45),
    ("roughly even chance", "roughly even odds", 45, 55),
    ("likely", "probable", 55, 80),
    ("very likely", "highly probable", 80, 95),
    ("almost certain", "nearly certain", 95, 99),
]


@pytest.mark.parametrize(("term", "alternate", "low", "high"), ICD203_TABLE)
def test_icd203_published_ranges(term, alternate, low, high):
    expected = fs.ProbabilityRange(low / 100, high / 100)
    assert verbal.interpret(term) == expected
    assert verbal.interpret(alternate) == expected


def test_icd203_parenthesised_forms():
    # "almost certain(ly)", "improbable (improbably)", "probable (probably)" in the directive
    assert verbal.interpret("almost certainly") == fs.ProbabilityRange(0.95, 0.99)
    assert verbal.interpret("improbably") == fs.ProbabilityRange(0.20, 0.45)
    assert verbal.interpret("probably") == fs.ProbabilityRange(0.55, 0.80)


# PHIA Probability Yardstick, 2019 edition: remote chance <=5 %, highly unlikely 10-20 %,
# unlikely 25-35 %, realistic possibility 40-<50 %, likely or probably 55-75 %, highly likely
# 80-90 %, almost certain >=95 %.
PHIA_TABLE = [
    ("remote chance", 0, 5),
    ("highly unlikely", 10, 20),
    ("unlikely", 25, 35),
    ("realistic possibility", 40, 50),
    ("likely", 55, 75),
    ("probably", 55, 75),
    ("highly likely", 80, 90),
    ("almost certain", 95, 100),
]


@pytest.mark.parametrize(("term", "low", "high"), PHIA_TABLE)
def test_phia_published_ranges(term, low, high):
    assert verbal.interpret(term, lexicon="phia") == fs.ProbabilityRange(low / 100, high / 100)


def test_phia_gaps_are_deliberate_and_kept():
    # The six gaps between the seven PHIA ranges.
    assert verbal.LEXICONS["phia"].gaps == (
        (0.05, 0.10),
        (0.20, 0.25),
        (0.35, 0.40),
        (0.50, 0.55),
        (0.75, 0.80),
        (0.90, 0.95),
    )
    for p in (0.07, 0.22, 0.37, 0.52, 0.77, 0.93):
        assert verbal.terms_for(p, lexicon="phia") == ()
    # ICD 203 covers 1-99 % without gaps inside; only its two ends are uncovered.
    assert verbal.LEXICONS["icd203"].gaps == ((0.0, 0.01), (0.99, 1.0))


# Kent (1964): centre "give or take about" margin. 93+-6, 75+-12, 50+-10, 30+-10, 7+-5.
KENT_TABLE = [
    ("certain", 1.00, 1.00),
    ("almost certain", 0.87, 0.99),
    ("probable", 0.63, 0.87),
    ("chances about even", 0.40, 0.60),
    ("probably not", 0.20, 0.40),
    ("almost certainly not", 0.02, 0.12),
    ("impossible", 0.00, 0.00),
]


@pytest.mark.parametrize(("term", "low", "high"), KENT_TABLE)
def test_kent_published_ranges(term, low, high):
    assert verbal.interpret(term, lexicon="kent") == fs.ProbabilityRange(low, high)


# IPCC AR5 guidance note (Mastrandrea et al. 2010), Table 1 and footnote.
IPCC_TABLE = [
    ("virtually certain", 99, 100),
    ("extremely likely", 95, 100),
    ("very likely", 90, 100),
    ("likely", 66, 100),
    ("more likely than not", 50, 100),
    ("about as likely as not", 33, 66),
    ("unlikely", 0, 33),
    ("very unlikely", 0, 10),
    ("extremely unlikely", 0, 5),
    ("exceptionally unlikely", 0, 1),
]


@pytest.mark.parametrize(("term", "low", "high"), IPCC_TABLE)
def test_ipcc_published_ranges(term, low, high):
    assert verbal.interpret(term, lexicon="ipcc") == fs.ProbabilityRange(low / 100, high / 100)


def test_lexicons_carry_citation_version_and_year():
    years = {name: lex.year for name, lex in verbal.LEXICONS.items()}
    assert years == {"icd203": 2015, "phia": 2019, "kent": 1964, "ipcc": 2010}
    for lex in verbal.LEXICONS.values():
        assert lex.citation and lex.version and lex.title
        assert not lex.empirical


def test_terms_for_boundaries_have_two_terms():
    assert verbal.terms_for(0.45) == ("unlikely", "roughly even chance")
    assert verbal.terms_for(0.3) == ("unlikely",)
    assert verbal.terms_for(0.995) == ()  # ICD 203 has no word above 99 %


# --- the founding example -----------------------------------------------------------------


def test_founding_example_as_icd203_range():
    # "less likely" read as ICD 203 "unlikely", 20-45 %; Russia invaded (outcome yes).
    # Brier best (0.45 - 1)**2 = 0.3025, worst (0.2 - 1)**2 = 0.64.
    r = fs.score(claim(verbal.interpret("unlikely")), INVASION)
    assert r.best == pytest.approx(0.3025, abs=1e-15)
    assert r.worst == pytest.approx(0.64, abs=1e-15)
    # Log best -ln 0.45 = 0.7985076962, worst -ln 0.2 = 1.6094379124 nats.
    r = fs.score(claim(verbal.interpret("unlikely")), INVASION, rule="log")
    assert r.best == pytest.approx(0.7985076962177716, rel=1e-12)
    assert r.worst == pytest.approx(1.6094379124341003, rel=1e-12)


def test_founding_example_under_other_lexicons():
    # PHIA "unlikely" 25-35 %: Brier best 0.65**2 = 0.4225, worst 0.75**2 = 0.5625.
    r = fs.score(claim(verbal.interpret("unlikely", lexicon="phia")), INVASION)
    assert (r.best, r.worst) == (pytest.approx(0.4225), pytest.approx(0.5625))
    # IPCC "unlikely" 0-33 %: Brier best 0.67**2 = 0.4489, worst 1; log worst is infinite.
    r = fs.score(claim(verbal.interpret("unlikely", lexicon="ipcc")), INVASION)
    assert (r.best, r.worst) == (pytest.approx(0.4489), 1.0)
    r = fs.score(claim(verbal.interpret("unlikely", lexicon="ipcc")), INVASION, rule="log")
    assert r.best == pytest.approx(-math.log(0.33)) and r.worst == math.inf


def test_founding_example_as_revision():
    # By sign only: "less likely", and it happened: +1, a move away from the truth.
    assert verbal.revision_direction_score("less likely", True) == 1
    # With two assumed probabilities, 0.5 before and 0.3 after:
    # log: ln(0.5/0.3) = ln(5/3) = 0.5108256238 nats = 0.7369655942 bits
    assert verbal.revision_score(0.5, 0.3, True) == pytest.approx(0.5108256237659907)
    assert verbal.revision_score(0.5, 0.3, True, base=2) == pytest.approx(0.7369655941662062)
    # Brier: (0.3 - 1)**2 - (0.5 - 1)**2 = 0.49 - 0.25 = 0.24
    assert verbal.revision_score(0.5, 0.3, True, rule="brier") == pytest.approx(0.24)


def test_revision_with_a_range():
    # 0.5 before, ICD 203 "unlikely" (20-45 %) after, outcome yes, log:
    # best ln(0.5/0.45) = 0.1053605157, worst ln(0.5/0.2) = 0.9162907319
    r = verbal.revision_score(0.5, verbal.interpret("unlikely"), True)
    assert r.best == pytest.approx(0.10536051565782628)
    assert r.worst == pytest.approx(0.9162907318741551)


def test_revision_score_arrays_and_directions():
    # [0.5 -> 0.3, 0.2 -> 0.6] both outcome yes: ln(5/3) = 0.5108, ln(0.2/0.6) = -1.0986
    got = verbal.revision_score([0.5, 0.2], [0.3, 0.6], [1, 1])
    np.testing.assert_allclose(got, [0.5108256237659907, -1.0986122886681098])
    # Outcome no: 0.5 -> 0.3 moved toward "no": ln(0.7/0.5)... loss -ln(1-p): -ln .7 + ln .5
    assert verbal.revision_score(0.5, 0.3, 0) == pytest.approx(math.log(0.5 / 0.7))
    np.testing.assert_array_equal(
        verbal.revision_direction_score(["Less likely", "more  likely", "unchanged"], [0, 0, 1]),
        [-1, 1, 0],
    )


def test_two_impossible_forecasts_change_nothing():
    # Both gave 0 to what happened: infinite losses, and no change between them.
    assert verbal.revision_score(0.0, 0.0, True) == 0.0
    assert verbal.revision_score(0.0, 0.5, True) == -math.inf


def test_revision_summary_by_hand():
    # a on q1: 0.5 -> 0.3 -> 0.6 (yes): +ln(5/3) = +0.5108 (away), ln(0.3/0.6) = -0.6931 (toward)
    # a on q2: 0.8 -> 0.9 (no): -ln 0.1 + ln 0.2 = ln 2 = +0.6931 (away)
    # b on q1: 0.4 -> 0.4: unchanged; b on q2: one forecast, no revision; c: one forecast.
    s = verbal.revision_summary(
        forecaster=["a", "b", "a", "a", "b", "a", "b", "c", "a"],
        question=["q1", "q1", "q1", "q2", "q1", "q1", "q2", "q1", "q2"],
        made_at=np.array(
            [
                "2022-01-03",
                "2022-01-01",
                "2022-01-01",
                "2022-01-01",
                "2022-01-05",
                "2022-01-02",
                "2022-01-01",
                "2022-01-01",
                "2022-01-04",
            ],
            dtype="datetime64[D]",
        ),
        forecast=[0.6, 0.4, 0.5, 0.8, 0.4, 0.3, 0.7, 0.5, 0.9],
        outcome=[1, 1, 1, 0, 1, 1, 0, 1, 0],
    )
    assert s.forecaster.tolist() == ["a", "b", "c"]
    assert s.revisions.tolist() == [3, 1, 0]
    assert s.toward.tolist() == [1, 0, 0]
    assert s.away.tolist() == [2, 0, 0]
    assert s.unchanged.tolist() == [0, 1, 0]
    # a: ln(5/3) + ln(1/2) + ln 2 = ln(5/3) = 0.5108256238
    assert s.total_change[0] == pytest.approx(0.5108256237659907)
    assert s.mean_change[0] == pytest.approx(0.5108256237659907 / 3)
    assert s.fraction_toward[0] == pytest.approx(1 / 3)
    assert s.total_change[1] == 0.0 and math.isnan(s.mean_change[2])


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase", ["not unlikely", "quite likely", "realistic possibility", "un likely", "", "likelyy"]
)
def test_interpret_refuses_what_the_lexicon_does_not_define(phrase):
    with pytest.raises(
        fs.UnknownTermError,
        match=r"is not a term of lexicon 'icd203'.*"
        r"'almost no chance'.*'nearly certain'",
    ):
        verbal.interpret(phrase)


def test_interpret_errors():
    # Review finding: "nato" is a lexicon name DESIGN.md lists; it was refused as an unknown
    # name. Its figures could not be verified, so the error now says plainly why it is absent.
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"lexicon 'nato': NATO's probability scale "
        r"\(AJP-2.1\) is not included: its exact figures could not be checked.*"
        r"the lexicons included are 'icd203', 'phia', 'kent', 'ipcc'",
    ):
        verbal.interpret("likely", lexicon="nato")
    with pytest.raises(fs.InvalidOptionError, match=r"Mauboussin and Mauboussin \(2018"):
        verbal.interpret("likely", lexicon="Mauboussin")
    with pytest.raises(fs.InvalidOptionError, match=r"lexicon must be one of 'icd203'"):
        verbal.interpret("likely", lexicon="cia")
    with pytest.raises(fs.ForecastTypeError, match=r"phrase must be a string \(got 0\.3\)"):
        verbal.interpret(0.3)
    with pytest.raises(
        fs.InvalidForecastError, match=r"probability must be in \[0, 1\] \(got 1\.5\)"
    ):
        verbal.terms_for(1.5)


def test_lexicon_alternates_must_name_terms():
    with pytest.raises(fs.InvalidOptionError, match=r"alternate 'iffy' of lexicon 'mine' names"):
        verbal.Lexicon(
            "mine",
            "t",
            "c",
            "v",
            2024,
            {"likely": fs.ProbabilityRange(0.6, 0.8)},
            alternates={"iffy": "possible"},
        )


def test_revision_errors():
    with pytest.raises(fs.InvalidOptionError, match=r"base applies only to rule='log'"):
        verbal.revision_score(0.5, 0.3, True, rule="brier", base=2)
    with pytest.raises(fs.InvalidForecastError, match=r"after\[1\] = 1\.3 is not a probability"):
        verbal.revision_score([0.5, 0.5], [0.3, 1.3], [1, 1])
    with pytest.raises(fs.ShapeError, match=r"do not broadcast"):
        verbal.revision_score([0.5, 0.5], [0.3, 0.2, 0.1], 1)
    with pytest.raises(fs.InvalidForecastError, match=r"direction\[1\] = 'sideways' is not"):
        verbal.revision_direction_score(["up", "sideways"], [1, 1])
    with pytest.raises(fs.InvalidForecastError, match=r"direction\[0\] = 2 is not -1"):
        verbal.revision_direction_score([2], [1])
    with pytest.raises(fs.ForecastTypeError, match=r"not booleans"):
        verbal.revision_direction_score([True], [1])
    with pytest.raises(fs.ShapeError, match=r"outcome must be a single outcome"):
        verbal.revision_score(0.5, verbal.interpret("likely"), [1, 0])


def test_revision_summary_errors():
    with pytest.raises(fs.ShapeError, match=r"question must be one-dimensional"):
        verbal.revision_summary(["a", "a"], ["q"], [1, 2], [0.5, 0.4], [1, 1])
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1\] is NaN"):
        verbal.revision_summary(["a", "a"], ["q", "q"], [1, 2], [0.5, np.nan], [1, 1])
    # Review findings: two rows of one question with different outcomes were scored silently;
    # made_at of None raised a builtin TypeError, and mixed numbers and strings were sorted
    # as strings; a NaT sorted last instead of being refused.
    with pytest.raises(
        fs.InvalidOutcomeError,
        match=r"outcome\[0\] = 1 and outcome\[1\] = 0 "
        r"differ, but rows 0 and 1 are about the same question",
    ):
        verbal.revision_summary(["a", "b"], ["q", "q"], [1, 2], [0.5, 0.4], [1, 0])
    with pytest.raises(
        fs.ForecastTypeError,
        match=r"made_at must hold numpy.datetime64 values "
        r"or numbers \(got dtype 'object', e.g. None\)",
    ):
        verbal.revision_summary(["a", "a"], ["q", "q"], [None, 1], [0.5, 0.4], [1, 1])
    with pytest.raises(fs.ForecastTypeError, match=r"made_at must hold"):
        verbal.revision_summary(["a", "a"], ["q", "q"], [1, "x"], [0.5, 0.4], [1, 1])
    nat = np.array(["2022-01-01", "NaT"], dtype="datetime64[D]")
    with pytest.raises(fs.InvalidForecastError, match=r"made_at\[1\] = .*NaT.* is missing"):
        verbal.revision_summary(["a", "a"], ["q", "q"], nat, [0.5, 0.4], [1, 1])


def test_revision_summary_total_through_zero_probability_is_defined():
    # Review finding: 0.5 -> 0 -> 0.5 on an event that happened gives log-loss changes
    # +inf and -inf, whose plain sum was NaN. The total telescopes to last minus first,
    # -ln 0.5 - (-ln 0.5) = 0, and the mean is 0 / 2 revisions = 0.
    s = verbal.revision_summary(["a"] * 3, ["q"] * 3, [1, 2, 3], [0.5, 0.0, 0.5], [1, 1, 1])
    assert s.total_change.tolist() == [0.0] and s.mean_change.tolist() == [0.0]
    assert (s.revisions[0], s.toward[0], s.away[0]) == (2, 1, 1)
    # and an empty ledger of revisions is an empty summary, not an IndexError
    assert verbal.revision_summary([], [], [], [], []).revisions.size == 0


def test_direction_phrases_are_looked_up_once_per_distinct_value():
    # Vectorised lookup: 10**5 claims with two phrases; by hand "less likely" against an
    # event that happened is +1 (away), "more likely" is -1 (toward).
    d = np.array(["less likely", "More  Likely"] * 50_000)
    out = verbal.revision_direction_score(d, np.ones(d.size, dtype=bool))
    assert out[:2].tolist() == [1, -1] and int(out.sum()) == 0
    with pytest.raises(fs.InvalidForecastError, match=r"direction\[3\] = 'sideways'"):
        verbal.revision_direction_score(["up", "down", "up", "sideways"], [1, 1, 1, 1])


# --- properties ---------------------------------------------------------------------------

RULES = ["brier", "log", "spherical"]


@given(p=probabilities(), y=st.booleans(), rule=st.sampled_from(RULES))
def test_zero_width_range_scores_like_the_probability(p, y, rule):
    outcome = fs.Outcome(Q, dt.date(2022, 2, 24), y)
    r = fs.score(claim(fs.ProbabilityRange(p, p)), outcome, rule=rule)
    point = fs.score(claim(p), outcome, rule=rule)
    assert r.best == r.worst == point


@given(r=probability_ranges(), y=st.booleans(), rule=st.sampled_from(RULES))
def test_best_never_worse_than_worst(r, y, rule):
    s = fs.score(claim(r), fs.Outcome(Q, dt.date(2022, 2, 24), y), rule=rule)
    assert s.best <= s.worst
    # and every probability inside the range scores between them
    mid = fs.score(claim((r.low + r.high) / 2), fs.Outcome(Q, dt.date(2022, 2, 24), y), rule=rule)
    assert s.best <= mid <= s.worst


@given(
    chain=st.lists(probabilities(allow_endpoints=False), min_size=2, max_size=12),
    y=st.booleans(),
    rule=st.sampled_from(RULES),
)
def test_revision_scores_telescope(chain, y, rule):
    steps = verbal.revision_score(chain[:-1], chain[1:], y, rule=rule)
    direct = verbal.revision_score(chain[0], chain[-1], y, rule=rule)
    assert math.fsum(steps) == pytest.approx(float(direct), abs=1e-9)


@given(
    p0=probabilities(allow_endpoints=False),
    p1=probabilities(allow_endpoints=False),
    y=st.booleans(),
    rule=st.sampled_from(RULES),
)
def test_direction_score_is_the_sign_of_every_proper_revision_score(p0, p1, y, rule):
    assume(p0 != p1)
    d = 1 if p1 > p0 else -1
    change = float(verbal.revision_score(p0, p1, y, rule=rule))
    assume(change != 0.0)  # rounding can erase a tiny step
    assert verbal.revision_direction_score(d, y) == np.sign(change)


def _spellings(phrase):
    # The same phrase in another case and with other whitespace.
    return st.tuples(
        st.sampled_from([str.upper, str.lower, str.title, str.capitalize]),
        st.sampled_from([" ", "  ", "\t", " \n "]),
    ).map(lambda t: "  " + t[1].join(t[0](phrase).split(" ")) + " ")


@given(data=st.data(), name=st.sampled_from(sorted(verbal.LEXICONS)))
def test_interpret_accepts_every_term_and_alternate(data, name):
    lex = verbal.LEXICONS[name]
    phrase = data.draw(st.sampled_from(lex.phrases))
    spelled = data.draw(_spellings(phrase))
    term, rng = lex.lookup(phrase)
    assert verbal.interpret(spelled, lexicon=name) == rng == lex.ranges[term]


@given(text=st.text(max_size=30), name=st.sampled_from(sorted(verbal.LEXICONS)))
def test_interpret_rejects_everything_else(text, name):
    lex = verbal.LEXICONS[name]
    known = {verbal.normalise_phrase(p) for p in lex.phrases}
    assume(verbal.normalise_phrase(text) not in known)
    with pytest.raises(fs.UnknownTermError, match="is not a term of lexicon"):
        verbal.interpret(text, lexicon=name)


@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from("abc"),
            st.sampled_from(["q1", "q2"]),
            st.integers(0, 5),
            probabilities(allow_endpoints=False),
        ),
        min_size=1,
        max_size=30,
        # one forecaster's forecasts on one question at one instant are refused (row order
        # would decide which came first): each (forecaster, question, time) once
        unique_by=lambda r: r[:3],
    ),
    outcomes=st.fixed_dictionaries({"q1": st.booleans(), "q2": st.booleans()}),
)
def test_summary_total_is_last_minus_first(rows, outcomes):
    f, q, t, p = (list(c) for c in zip(*rows, strict=True))
    y = [outcomes[x] for x in q]
    s = verbal.revision_summary(f, q, t, p, y, rule="brier")
    for i, who in enumerate(s.forecaster.tolist()):
        expected = 0.0
        for question in ("q1", "q2"):
            mine = sorted((r[2], k) for k, r in enumerate(rows) if r[0] == who and r[1] == question)
            if mine:
                first, last = p[mine[0][1]], p[mine[-1][1]]
                yy = outcomes[question]
                expected += (last - yy) ** 2 - (first - yy) ** 2
        assert s.total_change[i] == pytest.approx(expected, abs=1e-9)
        assert s.toward[i] + s.away[i] + s.unchanged[i] == s.revisions[i]


# --- issue 8: hostile inputs, as classes ----------------------------------------------------

LEX = {"name": "mine", "title": "t", "citation": "c", "version": "v", "year": 2024}


@pytest.mark.parametrize(
    ("rng", "error", "message"),
    [
        ((0.8, 0.6), fs.InvalidForecastError, r"'low' must not exceed 'high'"),
        ((np.nan, 0.6), fs.InvalidForecastError, r"'low' must be in \[0, 1\] \(got nan\)"),
        ((0.6, np.nan), fs.InvalidForecastError, r"'high' must be in \[0, 1\] \(got nan\)"),
        ((0.6, 1.5), fs.InvalidForecastError, r"'high' must be in \[0, 1\] \(got 1\.5\)"),
        ((-0.1, 0.6), fs.InvalidForecastError, r"'low' must be in \[0, 1\] \(got -0\.1\)"),
        ((0.6, np.inf), fs.InvalidForecastError, r"'high' must be in \[0, 1\] \(got inf\)"),
        (("a", 0.6), fs.ForecastTypeError, r"'low' must be a real number"),
        ((True, 0.6), fs.ForecastTypeError, r"'low' must be a real number .*True"),
        ((None, 0.6), fs.ForecastTypeError, r"'low' must be a real number .*None"),
    ],
)
def test_lexicon_refuses_bad_range_naming_term_and_value(rng, error, message):
    # Issue 8: a reversed, NaN, out-of-[0, 1] or non-numeric range was accepted and only
    # misbehaved later (interpret returned the raw tuple, gaps came out wrong).
    with pytest.raises(error, match=rf"ranges\['likely'\] = {re.escape(repr(rng))}: {message}"):
        verbal.Lexicon(**LEX, ranges={"likely": rng})
    # the same, given as a ProbabilityRange-shaped list
    with pytest.raises(error, match=rf"ranges\['likely'\] = {re.escape(repr(list(rng)))}"):
        verbal.Lexicon(**LEX, ranges={"likely": list(rng)})


@pytest.mark.parametrize("rng", ["a", "0.6-0.8", (0.6,), (0.6, 0.7, 0.8), 0.7, None, b"ab"])
def test_lexicon_refuses_range_that_is_not_a_pair(rng):
    with pytest.raises(
        fs.ForecastTypeError,
        match=rf"ranges\['likely'\] must be a ProbabilityRange or a \(low, high\) pair "
        rf"\(got {re.escape(repr(rng))}\)",
    ):
        verbal.Lexicon(**LEX, ranges={"likely": rng})


@pytest.mark.parametrize("ranges", [None, [("likely", (0.6, 0.8))], "likely", 3])
def test_lexicon_refuses_ranges_that_are_not_a_mapping(ranges):
    # Issue 8: ranges=None raised a bare TypeError from dict(None).
    with pytest.raises(
        fs.ForecastTypeError, match=rf"ranges must be a mapping .*\(got {re.escape(repr(ranges))}\)"
    ):
        verbal.Lexicon(**LEX, ranges=ranges)


@pytest.mark.parametrize("term", [3, None, b"likely", 0.5])
def test_lexicon_refuses_terms_that_are_not_strings(term):
    with pytest.raises(
        fs.ForecastTypeError,
        match=rf"ranges must have string keys \(got the key {re.escape(repr(term))}\)",
    ):
        verbal.Lexicon(**LEX, ranges={term: (0.6, 0.8)})


def test_lexicon_refuses_phrases_that_read_alike_with_two_ranges():
    # interpret compares case-folded, whitespace-collapsed phrases: two that read alike but
    # carry different ranges would make the answer depend on the order of the mapping.
    with pytest.raises(fs.InvalidOptionError, match=r"ranges has the terms 'likely' and ' LIKELY'"):
        verbal.Lexicon(**LEX, ranges={"likely": (0.6, 0.8), " LIKELY": (0.1, 0.2)})
    two = {"likely": (0.6, 0.8), "unlikely": (0.1, 0.2)}
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"alternate 'Likely' of lexicon 'mine' reads as its term 'likely'",
    ):
        verbal.Lexicon(**LEX, ranges=two, alternates={"Likely": "unlikely"})
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"alternates 'prob' and 'PROB' of lexicon 'mine' read as the same",
    ):
        verbal.Lexicon(**LEX, ranges=two, alternates={"prob": "likely", "PROB": "unlikely"})
    with pytest.raises(fs.InvalidOptionError, match=r"ranges has an empty phrase as a key \(' '\)"):
        verbal.Lexicon(**LEX, ranges={" ": (0.6, 0.8)})
    with pytest.raises(
        fs.ForecastTypeError, match=r"alternates\['prob'\] must be a term .*\(got 1\)"
    ):
        verbal.Lexicon(**LEX, ranges=two, alternates={"prob": 1})
    with pytest.raises(fs.ForecastTypeError, match=r"alternates must be a mapping .*\(got None\)"):
        verbal.Lexicon(**LEX, ranges=two, alternates=None)
    # an alternate that reads as its own term is harmless and accepted
    lex = verbal.Lexicon(**LEX, ranges=two, alternates={"LIKELY": "likely"})
    assert verbal.interpret("likely", lexicon=lex) == fs.ProbabilityRange(0.6, 0.8)


@pytest.mark.parametrize(
    ("field", "value", "error", "message"),
    [
        ("name", None, fs.ForecastTypeError, "name must be a string"),
        ("title", 3, fs.ForecastTypeError, "title must be a string"),
        ("notes", None, fs.ForecastTypeError, "notes must be a string"),
        ("year", "2024", fs.ForecastTypeError, "year must be an integer"),
        ("year", True, fs.ForecastTypeError, "year must be an integer"),
        ("year", 2024.0, fs.ForecastTypeError, "year must be an integer"),
        ("empirical", "no", fs.InvalidOptionError, "empirical must be True or False"),
        ("empirical", 1, fs.InvalidOptionError, "empirical must be True or False"),
    ],
)
def test_lexicon_refuses_fields_of_the_wrong_type(field, value, error, message):
    with pytest.raises(error, match=rf"{message} \(got {re.escape(repr(value))}\)"):
        verbal.Lexicon(**{**LEX, field: value}, ranges={"likely": (0.6, 0.8)})


def test_interpret_with_custom_lexicon_returns_probability_range():
    # Issue 8: the (low, high) pairs of a user's Lexicon were stored as given, so interpret
    # returned a plain tuple. Pairs are read as ProbabilityRange at construction.
    lex = verbal.Lexicon(
        **LEX, ranges={"likely": (0.6, 0.8), "unlikely": [0.1, 0.3]}, alternates={"prob": "likely"}
    )
    got = verbal.interpret("prob", lexicon=lex)
    assert type(got) is fs.ProbabilityRange and (got.low, got.high) == (0.6, 0.8)
    assert all(type(r) is fs.ProbabilityRange for r in lex.ranges.values())
    assert verbal.terms_for(0.7, lexicon=lex) == ("likely",)
    # gaps by hand: [0, 0.1), (0.3, 0.6), (0.8, 1]
    assert lex.gaps == ((0.0, 0.1), (0.3, 0.6), (0.8, 1.0))
    # a range is scored like one from a built-in lexicon: Brier of 0.6..0.8 against "yes"
    # is best (1 - 0.8)**2 = 0.04, worst (1 - 0.6)**2 = 0.16
    r = fs.score(claim(got), INVASION)
    assert (r.best, r.worst) == (pytest.approx(0.04, abs=1e-15), pytest.approx(0.16, abs=1e-15))


@pytest.mark.parametrize(
    ("base", "shown"),
    [
        *((b, repr(b)) for b in (0.5, 0.1, 1e-300, 0, 0.0, 1, 1.0, -2, np.nan, np.inf, -np.inf)),
        (True, "True"),
        (np.True_, "True"),
        ("2", "'2'"),
    ],
)
def test_revision_base_must_be_above_one(base, shown):
    # Issue 8: base=0.5 has ln b < 0, which turned the loss upside down: the revision
    # 0.3 -> 0.6 toward what happened scored +1.0 (away). Every base that is not a real
    # number above 1 is refused, naming base and the value, in both functions.
    pattern = rf"base must be a .*\(got {re.escape(shown)}\)"
    with pytest.raises(fs.InvalidOptionError, match=pattern):
        verbal.revision_score(0.3, 0.6, 1, base=base)
    with pytest.raises(fs.InvalidOptionError, match=pattern):
        verbal.revision_score(fs.ProbabilityRange(0.2, 0.3), 0.6, 1, base=base)
    with pytest.raises(fs.InvalidOptionError, match=pattern):
        verbal.revision_summary(["a", "a"], ["q", "q"], [1, 2], [0.3, 0.6], [1, 1], base=base)


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        (2, -1.0),  # log2(0.3 / 0.6) = -1 bit
        (np.float64(2.0), -1.0),
        (3, -math.log(2) / math.log(3)),  # log3(1/2) = -0.6309...
        (10, -math.log10(2)),  # -0.30103 decimal digits
        (1.5, -math.log(2) / math.log(1.5)),  # just above 1: still the right sign
    ],
)
def test_revision_base_above_one_keeps_the_sign(base, expected):
    assert verbal.revision_score(0.3, 0.6, 1, base=base) == pytest.approx(expected, rel=1e-14)


def test_revision_summary_refuses_two_forecasts_at_one_instant():
    # Issue 8: two forecasts by one forecaster on one question at the same instant were
    # taken in row order: 0.3 then 0.6 counted a revision of -ln 2, 0.6 then 0.3 one of
    # +ln 2. Refused, naming both rows, whatever their order and wherever they are.
    day = np.array(["2022-01-08", "2022-01-08"], dtype="datetime64[D]")
    for p in ([0.3, 0.6], [0.6, 0.3]):
        with pytest.raises(
            fs.InvalidForecastError,
            match=r"row 0 and row 1: forecaster 'a' made two forecasts on question 'q' at the "
            r"same instant \(made_at\[0\] = made_at\[1\] = 2022-01-08\); revision_summary "
            r"cannot tell which of them came first",
        ):
            verbal.revision_summary(["a", "a"], ["q", "q"], day, p, [1, 1])
    with pytest.raises(
        fs.InvalidForecastError,
        match=r"row 1 and row 3: forecaster 'a' .* question 'q2' .*made_at\[1\] = made_at\[3\] "
        r"= 1\.5\).*\(2 such pair\(s\)\)",
    ):
        verbal.revision_summary(
            ["b", "a", "a", "a", "b", "b"],
            ["q1", "q2", "q2", "q2", "q1", "q1"],
            [1.0, 1.5, 2.0, 1.5, 3.0, 3.0],
            [0.5] * 6,
            [1] * 6,
        )


def test_revision_summary_same_instant_by_others_is_no_revision():
    # One instant shared by two forecasters, or by one forecaster on two questions, is not
    # ambiguous. By hand (log, nats): 'a' on q moves 0.3 -> 0.6 (yes): ln 0.3 - ln 0.6 =
    # -ln 2; 'b' on q and 'a' on r made one forecast each at the same instant: no revision.
    s = verbal.revision_summary(
        ["a", "b", "a", "a"], ["q", "q", "r", "q"], [1, 1, 1, 2], [0.3, 0.9, 0.4, 0.6], [1] * 4
    )
    assert s.forecaster.tolist() == ["a", "b"] and s.revisions.tolist() == [1, 0]
    assert s.total_change[0] == pytest.approx(-math.log(2), rel=1e-15)


# --- issue 9: result classes ----------------------------------------------------------------


def _summary():
    # Brier: ann 0.5 -> 0.8 (yes): 0.04 - 0.25 = -0.21, then 0.8 -> 0.8: 0 (unchanged);
    # bob 0.5 -> 0.7 (no): 0.49 - 0.25 = +0.24; cy made one forecast (no revision).
    return verbal.revision_summary(
        ["ann", "ann", "ann", "bob", "bob", "cy"],
        ["q1", "q1", "q1", "q2", "q2", "q2"],
        [1, 2, 3, 1, 2, 1],
        [0.5, 0.8, 0.8, 0.5, 0.7, 0.4],
        [1, 1, 1, 0, 0, 0],
        rule="brier",
    )


def test_revision_summary_to_records_one_dict_per_forecaster_nan_as_none():
    records = _summary().to_records()
    assert [r["forecaster"] for r in records] == ["ann", "bob", "cy"]
    ann, bob, cy = records
    assert list(ann) == [
        "forecaster",
        "revisions",
        "toward",
        "away",
        "unchanged",
        "fraction_toward",
        "mean_change",
        "total_change",
    ]
    assert (ann["revisions"], ann["toward"], ann["away"], ann["unchanged"]) == (2, 1, 0, 1)
    assert ann["fraction_toward"] == 0.5
    assert ann["total_change"] == pytest.approx(-0.21, abs=1e-15)
    assert ann["mean_change"] == pytest.approx(-0.105, abs=1e-15)
    assert bob["total_change"] == pytest.approx(0.24, abs=1e-15) and bob["away"] == 1
    # no revision: fraction and mean are undefined (None, as JSON's null), total 0
    assert cy["fraction_toward"] is None and cy["mean_change"] is None
    assert cy["total_change"] == 0.0 and cy["revisions"] == 0
    # plain Python values, so json.dumps works
    assert all(type(v) in (str, int, float, type(None)) for r in records for v in r.values())
    json.dumps(records)


def test_revision_summary_to_pandas_keeps_columns_and_nan():
    frame = _summary().to_pandas()
    assert list(frame.columns) == list(_summary().to_records()[0])
    assert frame["forecaster"].tolist() == ["ann", "bob", "cy"]
    assert frame["revisions"].tolist() == [2, 1, 0]
    assert frame["mean_change"].dtype == np.float64
    assert math.isnan(frame["mean_change"].iloc[2])


def test_revision_summary_repr_is_short_without_arrays():
    text = repr(_summary())
    # 3 revisions: ann's toward and unchanged, bob's away
    assert text == (
        "<RevisionSummary: 3 forecasters, 3 revisions (1 toward what happened, 1 away, "
        "1 unchanged)>"
    )
    assert len(_summary()) == 3


def test_verbal_results_do_not_import_pandas_until_asked():
    code = (
        "import sys; from forecastscore import verbal; "
        "s = verbal.revision_summary(['a', 'a'], ['q', 'q'], [1, 2], [0.5, 0.6], [1, 1]); "
        "s.to_records(); repr(s); assert 'pandas' not in sys.modules; "
        "s.to_pandas(); assert 'pandas' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
