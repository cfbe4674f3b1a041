"""Ledgers of forecasts of quantities: quantiles, distributions and samples held in a
ledger, kept through take/filter/concat/iteration, and scored by group with the rules
'crps', 'log', 'quantile', 'interval' and 'wis', as forecastscore.score scores each claim."""

from __future__ import annotations

import datetime as dt
import math
import pickle

import numpy as np
import pytest
import scipy.stats

import forecastscore as fs
from forecastscore.errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
)
from forecastscore.ledger import Ledger, compare_to_reference, time_averaged
from forecastscore.model import days_since_epoch

D = dt.date(2022, 1, 8)
R = dt.date(2022, 2, 1)


def _claims() -> list[fs.Prediction]:
    return [
        fs.Prediction("n1", "a", D, quantiles={0.1: 10.0, 0.5: 30.0, 0.9: 50.0}),
        fs.Prediction("n1", "b", D, quantiles={0.1: 20.0, 0.5: 32.0, 0.9: 40.0}),
        fs.Prediction("n1", "c", D, samples=[20.0, 40.0, 33.0]),
        fs.Prediction("n1", "d", D, distribution="norm(loc=30, scale=10)"),
        fs.Prediction("n2", "d", D, distribution=scipy.stats.norm(2.0, 1.0)),
        fs.Prediction("n2", "a", D, quantiles={0.1: 1.0, 0.5: 3.0, 0.9: 5.0}),
        fs.Prediction("n2", "c", D, samples=[1.0, 2.0, 6.0]),
    ]


OUTCOMES = [fs.Outcome("n1", R, 35.0), fs.Outcome("n2", R, 4.0)]


def _normal_crps(mu: float, sigma: float, y: float) -> float:
    # Gneiting and Raftery (2007), eq. 21
    z = (y - mu) / sigma
    cdf = 0.5 * (1 + math.erf(z / math.sqrt(2)))
    pdf = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    return sigma * (z * (2 * cdf - 1) + 2 * pdf - 1 / math.sqrt(math.pi))


# --- hand-computed values ---------------------------------------------------------------


def test_crps_of_a_small_ledger_by_hand() -> None:
    claims = _claims()[:4]
    table = Ledger.from_predictions(claims).score(OUTCOMES, rule="crps")
    # Quantiles 10, 30, 50 at levels 0.1, 0.5, 0.9 against 35: the CDF jumps to 0.1 at 10,
    # rises by 0.02 a unit to 0.9 at 50, then jumps to 1. Below 35 the integral of F^2 is
    # (0.6^3 - 0.1^3) / (3 * 0.02); above it the integral of (1 - F)^2 is
    # (0.4^3 - 0.1^3) / (3 * 0.02).
    a = (0.216 - 0.001) / 0.06 + (0.064 - 0.001) / 0.06
    # Quantiles 20, 32, 40: F rises by 0.4/12 a unit to 0.5 at 32, then by 0.05 a unit to
    # 0.9 at 40. Below 32: (0.5^3 - 0.1^3) / (3 * 0.4 / 12); from 32 to 35, F from 0.5 to
    # 0.65: (0.65^3 - 0.5^3) / (3 * 0.05); above 35, 1 - F from 0.35 to 0.1:
    # (0.35^3 - 0.1^3) / (3 * 0.05).
    b = (0.125 - 0.001) / 0.1 + (0.65**3 - 0.125) / 0.15 + (0.35**3 - 0.001) / 0.15
    # Samples 20, 40, 33: E|X - y| = (15 + 5 + 2) / 3, E|X - X'| / 2 = (20 + 13 + 7) / 9.
    c = 22 / 3 - 40 / 9
    d = _normal_crps(30.0, 10.0, 35.0)
    np.testing.assert_allclose(table.score, [a, b, c, d], rtol=1e-12)
    np.testing.assert_allclose(table.lead_time_days, [24.0] * 4)
    np.testing.assert_allclose(table.outcome, [35.0] * 4)
    one_at_a_time = [fs.score(p, OUTCOMES[0], rule="crps") for p in claims]
    np.testing.assert_allclose(table.score, one_at_a_time, rtol=1e-12)


def test_quantile_interval_wis_by_hand() -> None:
    ledger = Ledger.from_predictions(_claims()[:2])
    quantile = ledger.score(OUTCOMES, rule="quantile").score
    # a: (0.1 * 25 + 0.5 * 5 + (1 - 0.9) * 15) / 3; b: (0.1 * 15 + 0.5 * 3 + 0.1 * 5) / 3
    np.testing.assert_allclose(quantile, [6.5 / 3, 3.5 / 3], rtol=1e-12)
    interval = ledger.score(OUTCOMES, rule="interval").score
    # the 80% intervals [10, 50] and [20, 40] hold 35: their widths
    np.testing.assert_allclose(interval, [40.0, 20.0], rtol=1e-12)
    wis = ledger.score(OUTCOMES, rule="wis").score
    # Bracher et al. (2021): (|y - m| / 2 + (0.2 / 2) * IS_0.2) / (1 + 1/2)
    np.testing.assert_allclose(wis, [(2.5 + 4.0) / 1.5, (1.5 + 2.0) / 1.5], rtol=1e-12)


@pytest.mark.parametrize("rule", ["crps", "quantile", "interval", "wis"])
def test_quantile_groups_match_score_one_at_a_time(rule: str) -> None:
    # Two level sets in one ledger: two groups.
    claims = [
        *(p for p in _claims() if p.forecast_kind == "quantiles"),
        fs.Prediction("n2", "e", D, quantiles={0.25: 2.0, 0.5: 3.5, 0.75: 4.5}),
        fs.Prediction("n1", "e", D, quantiles={0.25: 36.0, 0.5: 40.0, 0.75: 41.0}),
    ]
    table = Ledger.from_predictions(claims).score(OUTCOMES, rule=rule)
    by_question = {o.question: o for o in OUTCOMES}
    expected = [fs.score(p, by_question[p.question], rule=rule) for p in claims]
    np.testing.assert_allclose(table.score, expected, rtol=1e-12)


def test_distribution_log_score_is_the_scipy_density_per_row() -> None:
    claims = [p for p in _claims() if p.forecast_kind == "distribution"]
    table = Ledger.from_predictions(claims).score(OUTCOMES, rule="log")
    expected = [
        -scipy.stats.norm(30, 10).logpdf(35.0),
        -scipy.stats.norm(2, 1).logpdf(4.0),
    ]
    np.testing.assert_allclose(table.score, expected, rtol=1e-12)
    # by hand: z^2 / 2 + ln(sigma) + ln(2 pi) / 2
    assert math.isclose(table.score[0], 0.125 + math.log(10) + math.log(2 * math.pi) / 2)


def test_mixed_probabilities_and_quantities_under_log() -> None:
    claims = [
        fs.Prediction("b1", "a", D, 0.3),
        fs.Prediction("n1", "d", D, distribution="norm(loc=30, scale=10)"),
    ]
    outcomes = [*OUTCOMES, fs.Outcome("b1", R, "yes")]
    table = Ledger.from_predictions(claims).score(outcomes, rule="log")
    np.testing.assert_allclose(
        table.score, [-math.log(0.3), -scipy.stats.norm(30, 10).logpdf(35.0)], rtol=1e-12
    )
    summary = table.by_forecaster()
    assert list(summary.key) == ["a", "d"]
    np.testing.assert_allclose(summary.mean_score, table.score, rtol=1e-12)


def test_dates_are_scored_in_days() -> None:
    question = fs.Question("start", kind="date", opens=dt.date(2022, 1, 1))
    claims = [
        fs.Prediction(
            question,
            "analyst",
            D,
            quantiles={
                0.1: dt.date(2022, 2, 10),
                0.5: dt.date(2022, 2, 25),
                0.9: dt.date(2022, 3, 20),
            },
        ),
        fs.Prediction(
            question,
            "pundit",
            D,
            distribution=scipy.stats.norm(days_since_epoch(dt.date(2022, 3, 15)), 20),
        ),
        fs.Prediction(question, "crowd", D, samples=[dt.date(2022, 2, 20), dt.date(2022, 3, 2)]),
    ]
    started = fs.Outcome("start", dt.date(2022, 2, 25), dt.date(2022, 2, 24))
    ledger = Ledger.from_predictions(claims)
    quantile = ledger[:1].score([started], rule="quantile", questions=[question])
    # pinball losses in days: 0.1 * 14, 0.5 * 1, (1 - 0.9) * 24
    assert math.isclose(quantile.score[0], (1.4 + 0.5 + 2.4) / 3)
    crps = ledger.score([started], rule="crps", questions=[question])
    # samples 4 days before and 6 after: (4 + 6) / 2 - (10 + 10) / (2 * 4)
    assert math.isclose(crps.score[1], _normal_crps(0.0, 20.0, -19.0), rel_tol=1e-9)
    assert math.isclose(crps.score[2], 5.0 - 2.5)
    assert crps.outcome[0] == days_since_epoch(dt.date(2022, 2, 24))
    expected = [fs.score(p, started, rule="crps", question=question) for p in claims]
    np.testing.assert_allclose(crps.score, expected, rtol=1e-12)


def test_censored_outcomes_match_score_one_at_a_time() -> None:
    question = fs.Question("n1", kind="numeric", bounds=(0.0, 45.0))
    claims = [
        *(p for p in _claims() if p.question == "n1"),
        fs.Prediction("n1", "e", D, samples=[40.0, 50.0, 60.0, 44.0]),
    ]
    ledger = Ledger.from_predictions(claims)
    for outcome in (fs.Outcome("n1", R, 35.0), fs.Outcome("n1", R, 45.0, censored="above")):
        table = ledger.score([outcome], rule="crps", questions=[question])
        expected = [fs.score(p, outcome, rule="crps", question=question) for p in claims]
        np.testing.assert_allclose(table.score, expected, rtol=1e-9)
    # samples 40, 50, 60, 44 censored to [0, 45] against "45 or more": 40, 45, 45, 44
    # against 45: E|X - y| = (5 + 0 + 0 + 1) / 4; E|X - X'| / 2 = (5+5+4+0+1+1) * 2 / 32
    assert math.isclose(table.score[-1], 6 / 4 - 32 / 32)


# --- kept through take, filter, concat, iteration ----------------------------------------


def test_round_trips_keep_the_forecasts() -> None:
    claims = [*_claims(), fs.Prediction("b1", "a", D, 0.3)]
    ledger = Ledger.from_predictions(claims)
    assert list(ledger) == claims
    assert list(ledger.forecast_kind) == [p.forecast_kind for p in claims]
    assert ledger[0] == claims[0] and ledger[-1] == claims[-1]
    assert list(ledger.take([6, 0, 7])) == [claims[6], claims[0], claims[7]]
    assert ledger.take([6, 0]) == Ledger.from_predictions([claims[6], claims[0]])
    assert list(ledger.filter(forecaster="d")) == [claims[3], claims[4]]
    assert Ledger.concat(ledger[:3], ledger[3:]) == ledger
    assert list(Ledger.concat(ledger[5:], ledger[:5])) == claims[5:] + claims[:5]
    assert pickle.loads(pickle.dumps(ledger)) == ledger
    assert ledger.quantity[0] == ((0.1, 10.0), (0.5, 30.0), (0.9, 50.0))
    assert ledger.quantity[-1] is None
    assert math.isnan(ledger.probability[0]) and ledger.probability[-1] == 0.3


def test_ledgers_differing_in_a_quantity_are_not_equal() -> None:
    a = Ledger.from_predictions([fs.Prediction("n", "a", D, samples=[1.0, 2.0])])
    b = Ledger.from_predictions([fs.Prediction("n", "a", D, samples=[1.0, 3.0])])
    c = Ledger.from_predictions([fs.Prediction("n", "a", D, distribution="norm(loc=1, scale=2)")])
    d = Ledger.from_predictions([fs.Prediction("n", "a", D, distribution="norm(loc=1, scale=3)")])
    assert a != b and a != c and c != d
    assert c == Ledger.from_predictions(
        [fs.Prediction("n", "a", D, distribution=scipy.stats.norm(loc=1, scale=2))]
    )


# --- clear errors -------------------------------------------------------------------------


def test_probability_rule_on_quantiles_names_the_row() -> None:
    ledger = Ledger.from_predictions([fs.Prediction("b1", "a", D, 0.3), *_claims()[:2]])
    outcomes = [*OUTCOMES, fs.Outcome("b1", R, "yes")]
    with pytest.raises(
        InvalidOptionError,
        match=r"row 1: rule 'brier' does not score a forecast of a quantity \(the prediction "
        r"by 'a' on question 'n1' holds quantiles; 2 such row\(s\)\)",
    ):
        ledger.score(outcomes, rule="brier")
    with pytest.raises(
        InvalidOptionError,
        match=r"row 0: rule 'crps' scores forecasts of quantities, but the prediction by 'a' "
        r"on question 'b1' is a probability",
    ):
        ledger.score(outcomes, rule="crps")


def test_rule_that_does_not_fit_the_kind_names_the_row() -> None:
    ledger = Ledger.from_predictions(_claims())
    with pytest.raises(
        InvalidOptionError,
        match=r"row 0: rule 'log' does not score quantiles \(prediction by 'a' on question "
        r"'n1'\)",
    ):
        ledger.score(OUTCOMES, rule="log")
    with pytest.raises(
        InvalidOptionError,
        match=r"row 0: rule 'quantile' does not score samples \(prediction by 'c'",
    ):
        ledger[2:3].score(OUTCOMES, rule="quantile")


def test_interval_without_a_central_pair_names_the_row() -> None:
    ledger = Ledger.from_predictions([fs.Prediction("n1", "z", D, quantiles={0.2: 1.0, 0.5: 2.0})])
    with pytest.raises(
        InvalidForecastError,
        match=r"row 0: the quantiles of 'z' on question 'n1' \(levels \[0.2, 0.5\]\) hold no "
        r"central interval",
    ):
        ledger.score(OUTCOMES, rule="interval")


def test_censored_outcome_under_another_rule_names_the_row() -> None:
    ledger = Ledger.from_predictions(_claims()[:1])
    with pytest.raises(
        InvalidOutcomeError,
        match=r"row 0: rule 'quantile' does not score a censored outcome \(question 'n1', "
        r"outcomes\[0\]: censored 'above' at 45, or a question with closed bounds\)",
    ):
        ledger.score([fs.Outcome("n1", R, 45.0, censored="above")], rule="quantile")


def test_outcome_that_is_no_number_names_the_outcome() -> None:
    ledger = Ledger.from_predictions(_claims()[:1])
    with pytest.raises(
        InvalidOutcomeError,
        match=r"outcomes\[0\]: the outcome of question 'n1' \('yes'\) is not a number or a date",
    ):
        ledger.score([fs.Outcome("n1", R, "yes")], rule="crps")


def test_binary_question_for_quantiles_names_the_row() -> None:
    ledger = Ledger.from_predictions(_claims()[:1])
    question = fs.Question("n1", options=("no", "yes"))
    with pytest.raises(
        InvalidForecastError,
        match=r"row 0: question 'n1' is 'binary' but the prediction holds quantiles",
    ):
        ledger.score(OUTCOMES, rule="crps", questions=[question])


def test_probability_only_methods_refuse_quantities() -> None:
    ledger = Ledger.from_predictions([fs.Prediction("n1", "p", D, 0.3), *_claims()[:1]])
    message = r"row 1: the prediction by 'a' on question 'n1' holds quantiles \(1 such row\(s\)\); "
    with pytest.raises(InvalidForecastError, match=message + "aggregate takes"):
        ledger.aggregate("mean")
    with pytest.raises(InvalidForecastError, match=message + "complete takes"):
        ledger.complete()
    with pytest.raises(InvalidForecastError, match=message + "to_records"):
        ledger.to_records()


def test_distribution_groups_by_family_match_score_one_at_a_time() -> None:
    # gamma given positionally and by keyword, several rows per family: one call per group
    claims = [
        fs.Prediction("n2", "a", D, distribution=scipy.stats.gamma(2.0, scale=3.0)),
        fs.Prediction("n2", "b", D, distribution=scipy.stats.gamma(a=3.0, loc=1.0)),
        fs.Prediction("n2", "c", D, distribution=scipy.stats.gamma(5.0, scale=0.5)),
        fs.Prediction("n2", "d", D, distribution=scipy.stats.logistic(3.0, 2.0)),
        fs.Prediction("n2", "e", D, distribution="norm(loc=1, scale=2)"),
        fs.Prediction("n2", "f", D, distribution=scipy.stats.norm(5.0, 0.5)),
    ]
    ledger = Ledger.from_predictions(claims)
    for rule in ("crps", "log"):
        table = ledger.score(OUTCOMES, rule=rule)
        expected = [fs.score(p, OUTCOMES[1], rule=rule) for p in claims]
        np.testing.assert_allclose(table.score, expected, rtol=1e-12)
    # the normal rows by hand (Gneiting and Raftery 2007)
    crps = ledger.score(OUTCOMES, rule="crps").score
    np.testing.assert_allclose(
        crps[4:], [_normal_crps(1.0, 2.0, 4.0), _normal_crps(5.0, 0.5, 4.0)], rtol=1e-12
    )


def test_discrete_distribution_log_score_is_the_log_mass() -> None:
    claims = [
        fs.Prediction("n2", "a", D, distribution=scipy.stats.poisson(3.0)),
        fs.Prediction("n2", "b", D, distribution=scipy.stats.poisson(5.0)),
    ]
    table = Ledger.from_predictions(claims).score(OUTCOMES, rule="log")
    # -ln(e^-mu mu^4 / 4!)
    expected = [mu - 4 * math.log(mu) + math.log(24) for mu in (3.0, 5.0)]
    np.testing.assert_allclose(table.score, expected, rtol=1e-12)


def test_crps_of_a_discrete_distribution_names_the_row() -> None:
    ledger = Ledger.from_predictions(
        [
            fs.Prediction("n2", "a", D, distribution="norm(loc=1, scale=2)"),
            fs.Prediction("n2", "b", D, distribution=scipy.stats.poisson(3.0)),
        ]
    )
    with pytest.raises(
        ForecastTypeError,
        match=r"row 1: forecast must be a frozen continuous scipy.stats distribution .* "
        r"\(got rv_discrete_frozen\)",
    ):
        ledger.score(OUTCOMES, rule="crps")


# --- time averages and references ---------------------------------------------------------


def test_time_average_of_two_crps_scores_weighted_by_days_stood() -> None:
    ledger = Ledger.from_predictions(
        [
            fs.Prediction("n1", "a", D, quantiles={0.1: 10.0, 0.5: 30.0, 0.9: 50.0}),
            fs.Prediction("n1", "a", dt.date(2022, 1, 18), samples=[20.0, 40.0, 33.0]),
            fs.Prediction("n1", "b", dt.date(2022, 1, 22), distribution="norm(loc=30, scale=10)"),
        ]
    )
    table = time_averaged(ledger, OUTCOMES[:1], rule="crps")
    # The quantiles stood from 8 to 18 January (10 days), the samples from 18 January to
    # 1 February (14 days). CRPS of the quantiles against 35 (the piecewise-linear CDF, as
    # in test_crps_of_a_small_ledger_by_hand): (0.6^3 - 0.1^3 + 0.4^3 - 0.1^3) / 0.06;
    # of the samples 20, 40, 33: (15 + 5 + 2) / 3 - (20 + 13 + 7) / 9 = 26 / 9.
    quantiles = (0.216 - 0.001 + 0.064 - 0.001) / 0.06
    samples = 26 / 9
    # b's one forecast stood 10 of the question's 24 days.
    b = _normal_crps(30.0, 10.0, 35.0)
    assert table.forecaster.tolist() == ["a", "b"]
    np.testing.assert_allclose(table.score, [(10 * quantiles + 14 * samples) / 24, b], rtol=1e-12)
    np.testing.assert_allclose(table.span_days, [24.0, 10.0])
    np.testing.assert_allclose(table.coverage, [1.0, 10 / 24])
    assert table.n_forecasts.tolist() == [2, 1]
    np.testing.assert_allclose(table.scores.score, [quantiles, samples, b], rtol=1e-12)


def test_time_average_of_quantiles_by_day_under_the_pinball_loss() -> None:
    ledger = Ledger.from_predictions(
        [
            fs.Prediction("n1", "a", dt.date(2022, 1, 1), quantiles={0.1: 10.0, 0.9: 50.0}),
            fs.Prediction("n1", "a", dt.date(2022, 1, 21), quantiles={0.1: 25.0, 0.9: 45.0}),
        ]
    )
    outcome = [fs.Outcome("n1", dt.date(2022, 1, 31), 35.0)]
    table = time_averaged(ledger, outcome, rule="quantile", granularity="day")
    # Mean pinball losses: (0.1 * 25 + 0.1 * 15) / 2 = 2 for 20 days, then
    # (0.1 * 10 + 0.1 * 10) / 2 = 1 for 10 days: (20 * 2 + 10 * 1) / 30 = 5 / 3.
    np.testing.assert_allclose(table.score, [5 / 3], rtol=1e-12)


def test_reference_of_quantities_is_the_one_standing_at_the_claim() -> None:
    crowd = Ledger.from_predictions(
        [
            fs.Prediction("n1", "crowd", dt.date(2022, 1, 1), samples=[20.0, 40.0, 33.0]),
            # made after the claim: it does not stand at the claim
            fs.Prediction("n1", "crowd", dt.date(2022, 1, 20), samples=[35.0, 35.0]),
        ]
    )
    claims = Ledger.from_predictions(
        [
            fs.Prediction("n1", "p", dt.date(2021, 12, 20), quantiles={0.1: 0.0, 0.9: 1.0}),
            fs.Prediction("n1", "p", D, distribution="norm(loc=30, scale=10)"),
        ]
    )
    table = compare_to_reference(claims, crowd, OUTCOMES[:1], rule="crps")
    # The 20 December claim came before any crowd forecast; the 8 January one meets the
    # crowd's samples of 1 January, whose CRPS is 26 / 9 (as above).
    assert table.no_reference.tolist() == [0]
    assert table.scores.rows.tolist() == [1]
    assert table.reference_row.tolist() == [0]
    np.testing.assert_allclose(table.reference_score, [26 / 9], rtol=1e-12)
    np.testing.assert_allclose(
        table.difference, [_normal_crps(30.0, 10.0, 35.0) - 26 / 9], rtol=1e-12
    )


def test_time_average_rule_that_does_not_fit_names_the_row() -> None:
    ledger = Ledger.from_predictions(
        [
            fs.Prediction("n1", "a", D, quantiles={0.1: 10.0, 0.9: 50.0}),
            fs.Prediction("n1", "a", dt.date(2022, 1, 18), samples=[20.0, 40.0, 33.0]),
        ]
    )
    with pytest.raises(
        InvalidOptionError,
        match=r"^row 0: rule 'brier' does not score a forecast of a quantity \(the prediction "
        r"by 'a' on question 'n1' holds quantiles; 2 such row",
    ):
        time_averaged(ledger, OUTCOMES, rule="brier")
    with pytest.raises(
        InvalidOptionError,
        match=r"^row 1: rule 'interval' does not score samples \(prediction by 'a' on "
        r"question 'n1'\)",
    ):
        time_averaged(ledger, OUTCOMES, rule="interval")
    opens = [fs.Question("n1", kind="numeric", opens=dt.date(2022, 1, 1))]
    with pytest.raises(
        InvalidOptionError,
        match=r"^row 0: start='opens' fills .* on question 'n1' holds quantiles, for which "
        r"there is no fill forecast; use start='first'",
    ):
        time_averaged(ledger, OUTCOMES, rule="crps", start="opens", questions=opens)


def test_reference_rule_that_does_not_fit_names_the_row() -> None:
    claims = Ledger.from_predictions([fs.Prediction("n1", "p", D, samples=[1.0, 2.0])])
    crowd = Ledger.from_predictions(
        [fs.Prediction("n1", "crowd", dt.date(2022, 1, 1), quantiles={0.1: 0.0, 0.9: 1.0})]
    )
    with pytest.raises(
        InvalidOptionError,
        match=r"^row 0: rule 'quantile' does not score samples \(prediction by 'p' on "
        r"question 'n1'\)",
    ):
        compare_to_reference(claims, crowd, OUTCOMES, rule="quantile")
    normal = Ledger.from_predictions(
        [fs.Prediction("n1", "p", D, distribution="norm(loc=30, scale=10)")]
    )
    with pytest.raises(
        InvalidOptionError,
        match=r"^row 0: rule 'log' does not score quantiles \(prediction by 'crowd' on "
        r"question 'n1'\)",
    ):
        compare_to_reference(normal, crowd, OUTCOMES, rule="log")
