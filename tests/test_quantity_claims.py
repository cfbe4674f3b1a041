"""Claims of quantities: questions of kind numeric and date, predictions by quantiles,
distributions and samples, numeric, dated and censored outcomes, and their scores one claim at
a time."""

from __future__ import annotations

import datetime as dt
import math

import mpmath
import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore.model import days_since_epoch, describe_distribution, parse_distribution

D = dt.date
MADE = D(2022, 1, 8)
KNOWN = D(2022, 3, 1)


def _normal_crps(mu: float, sigma: float, y: float) -> float:
    """Gneiting and Raftery (2007), eq. (21), in mpmath at 30 digits."""
    mpmath.mp.dps = 30
    z = (mpmath.mpf(y) - mu) / sigma
    cdf = mpmath.ncdf(z)
    pdf = mpmath.npdf(z)
    return float(sigma * (z * (2 * cdf - 1) + 2 * pdf - 1 / mpmath.sqrt(mpmath.pi)))


# --- the claim model -------------------------------------------------------------------------


def test_question_kind_is_inferred_from_the_options_as_before() -> None:
    assert fs.Question("q").kind == "binary"
    assert fs.Question("q", options=("a", "b", "c")).kind == "categorical"
    q = fs.Question("n", kind="numeric", bounds=(0, 100), open_upper=True)
    assert (q.kind, q.bounds, q.open_lower, q.open_upper) == ("numeric", (0.0, 100.0), False, True)
    assert q.is_quantity and not q.is_binary


def test_question_kind_errors() -> None:
    with pytest.raises(fs.InvalidOutcomeError, match=r"'kind' must be one of .*\(got 'count'"):
        fs.Question("q", kind="count")
    with pytest.raises(fs.InvalidOutcomeError, match="'kind' 'binary' needs exactly two options"):
        fs.Question("q", options=("a", "b", "c"), kind="binary")
    with pytest.raises(fs.InvalidOutcomeError, match="'bounds' are for numeric and date"):
        fs.Question("q", bounds=(0, 1))
    with pytest.raises(fs.InvalidOutcomeError, match=r"'bounds' low must be below high"):
        fs.Question("q", kind="numeric", bounds=(5, 5))
    with pytest.raises(fs.InvalidOutcomeError, match=r"'bounds'\[0\] \(0\.0\) must be a date"):
        fs.Question("q", kind="date", bounds=(0, None))
    with pytest.raises(fs.ForecastTypeError, match="'open_upper' must be True or False"):
        fs.Question("q", kind="numeric", open_upper="no")


def test_prediction_holds_exactly_one_forecast_field() -> None:
    with pytest.raises(fs.InvalidForecastError, match=r"exactly one of .*\(got none; question 'q'"):
        fs.Prediction("q", "a", MADE)
    with pytest.raises(
        fs.InvalidForecastError, match=r"exactly one of .*\(got probability and samples;"
    ):
        fs.Prediction("q", "a", MADE, 0.3, samples=[1.0])
    with pytest.raises(fs.InvalidForecastError, match=r"\(got quantiles and distribution;"):
        fs.Prediction("q", "a", MADE, quantiles={0.5: 1.0}, distribution="norm(loc=0)")


def test_prediction_must_fit_its_question_kind() -> None:
    numeric = fs.Question("n", kind="numeric")
    dated = fs.Question("d", kind="date")
    with pytest.raises(fs.InvalidForecastError, match=r"'n' is 'numeric'.*not a probability"):
        fs.Prediction(numeric, "a", MADE, 0.3)
    with pytest.raises(fs.InvalidForecastError, match=r"'q' is 'binary'.*not samples="):
        fs.Prediction(fs.Question("q"), "a", MADE, samples=[1.0])
    with pytest.raises(fs.InvalidForecastError, match=r"'d' is 'date'.*must be dates \(got 3"):
        fs.Prediction(dated, "a", MADE, quantiles={0.5: 3})
    with pytest.raises(fs.InvalidForecastError, match=r"'n' is 'numeric'.*must be numbers"):
        fs.Prediction(numeric, "a", MADE, samples=[D(2022, 2, 1)])


def test_quantiles_are_held_in_level_order_and_must_not_decrease() -> None:
    p = fs.Prediction("q", "a", MADE, quantiles={0.9: 80, 0.1: 12, 0.5: 30.0})
    assert p.quantiles == ((0.1, 12.0), (0.5, 30.0), (0.9, 80.0))
    assert p.forecast_kind == "quantiles" and p.is_quantity
    with pytest.raises(fs.InvalidForecastError, match=r"level 0\.9 has 20\.0, below 30\.0"):
        fs.Prediction("q", "a", MADE, quantiles={0.5: 30.0, 0.9: 20.0})
    with pytest.raises(fs.InvalidForecastError, match=r"'quantiles' level 1\.0 must be in"):
        fs.Prediction("q", "a", MADE, quantiles={1.0: 3.0})
    with pytest.raises(fs.ForecastTypeError, match=r"'quantiles' level True must be a real"):
        fs.Prediction("q", "a", MADE, quantiles={True: 3.0})
    with pytest.raises(fs.InvalidForecastError, match="'quantiles' mixes numbers and dates"):
        fs.Prediction("q", "a", MADE, quantiles={0.1: 3.0, 0.9: D(2022, 1, 1)})


def test_distribution_grammar_round_trips_and_refuses_what_is_not_it() -> None:
    for text, frozen in [
        ("norm(loc=30.0, scale=10.0)", scipy.stats.norm(30, 10)),
        ("lognorm(s=0.5, loc=0.0, scale=20.0)", scipy.stats.lognorm(0.5, scale=20)),
        ("gamma(a=2.5, loc=0.0, scale=3.0)", scipy.stats.gamma(2.5, scale=3)),
        ("beta(a=2.0, b=3.0, loc=0.0, scale=100.0)", scipy.stats.beta(2, 3, scale=100)),
        ("t(df=4.0, loc=1.0, scale=2.0)", scipy.stats.t(df=4, loc=1, scale=2)),
        ("logistic(loc=0.1, scale=0.3)", scipy.stats.logistic(0.1, 0.3)),
        ("laplace(loc=-2.0, scale=1e-05)", scipy.stats.laplace(-2, 1e-5)),
        ("expon(loc=0.0, scale=7.0)", scipy.stats.expon(scale=7)),
        ("uniform(loc=3.0, scale=4.0)", scipy.stats.uniform(3, 4)),
    ]:
        assert describe_distribution(frozen) == text
        parsed = parse_distribution(text)
        assert describe_distribution(parsed) == text
        # Same distribution: the cdf agrees with scipy's own at three points.
        xs = frozen.ppf([0.1, 0.5, 0.9])
        np.testing.assert_array_equal(parsed.cdf(xs), frozen.cdf(xs))
    assert describe_distribution(parse_distribution("norm( loc = 3 )")) == (
        "norm(loc=3.0, scale=1.0)"
    )
    with pytest.raises(fs.InvalidForecastError, match="family 'weibull' is not known"):
        parse_distribution("weibull(c=1)")
    with pytest.raises(fs.InvalidForecastError, match="gamma needs parameter 'a'"):
        parse_distribution("gamma(scale=2)")
    with pytest.raises(fs.InvalidForecastError, match="norm has no parameter 'df'"):
        parse_distribution("norm(df=2)")
    with pytest.raises(fs.InvalidForecastError, match="parameter 'loc' is given twice"):
        parse_distribution("norm(loc=1, loc=2)")
    with pytest.raises(
        fs.InvalidForecastError, match=r"parameter 'scale' must be positive \(got -1"
    ):
        parse_distribution("norm(scale=-1)")
    with pytest.raises(fs.InvalidForecastError, match=r"must be written name\(key=value"):
        parse_distribution("norm")
    with pytest.raises(fs.ForecastTypeError, match="'distribution' must be a frozen scipy"):
        fs.Prediction("q", "a", MADE, distribution=scipy.stats.norm)


def test_predictions_with_the_same_distribution_text_are_equal() -> None:
    a = fs.Prediction("q", "a", MADE, distribution=scipy.stats.norm(30, 10))
    b = fs.Prediction("q", "a", MADE, distribution="norm(loc=30, scale=10)")
    c = fs.Prediction("q", "a", MADE, distribution="norm(loc=30, scale=11)")
    assert a == b and hash(a) == hash(b) and a != c
    assert a.distribution_text == "norm(loc=30.0, scale=10.0)"
    assert "distribution='norm(loc=30.0, scale=10.0)'" in repr(a)


def test_outcomes_of_quantities() -> None:
    assert fs.Outcome("q", KNOWN, 3.4).value == 3.4
    assert fs.Outcome("q", KNOWN, -3.0).value == -3.0  # a negative is never an option index
    day = fs.Outcome("q", KNOWN, D(2022, 2, 24))
    assert day.value == D(2022, 2, 24) and day.is_quantity
    late = fs.Outcome("q", KNOWN, D(2022, 3, 31), censored="above")
    assert late.censored == "above" and "censored='above'" in repr(late)
    with pytest.raises(fs.InvalidOutcomeError, match=r"'censored' must be 'above', 'below'"):
        fs.Outcome("q", KNOWN, 3.0, censored="after")
    with pytest.raises(fs.InvalidOutcomeError, match=r"'censored' \('below'\) needs a number"):
        fs.Outcome("q", KNOWN, True, censored="below")
    with pytest.raises(fs.ForecastTypeError, match="'value' is a naive datetime"):
        fs.Outcome("q", KNOWN, dt.datetime(2022, 2, 24, 4))


def test_days_since_epoch() -> None:
    assert days_since_epoch(D(1970, 1, 1)) == 0.0
    assert days_since_epoch(D(2022, 2, 24)) == 19047.0  # 52 years of 365 days + 13 leap days
    assert 52 * 365 + 13 + 31 + 23 == 19047
    noon = dt.datetime(1970, 1, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert days_since_epoch(noon) == 10 / 24  # 10:00 UTC


# --- scores, one claim at a time --------------------------------------------------------------


def test_crps_and_log_score_of_a_normal_distribution() -> None:
    p = fs.Prediction("q", "a", MADE, distribution="norm(loc=30, scale=10)")
    o = fs.Outcome("q", KNOWN, 35.5)
    assert fs.score(p, o, rule="crps") == pytest.approx(_normal_crps(30, 10, 35.5), rel=1e-12)
    # -log of the normal density: z^2 / 2 + log(sigma) + log(2 pi) / 2, z = 0.55
    want = 0.55**2 / 2 + math.log(10) + math.log(2 * math.pi) / 2
    assert fs.score(p, o, rule="log") == pytest.approx(want, rel=1e-14)


def test_log_score_of_a_discrete_distribution_is_its_log_mass() -> None:
    p = fs.Prediction("q", "a", MADE, distribution=scipy.stats.poisson(3.0))
    # P(X = 2) = e^-3 3^2 / 2!
    want = -math.log(math.exp(-3) * 9 / 2)
    assert fs.score(p, fs.Outcome("q", KNOWN, 2), rule="log") == pytest.approx(want, rel=1e-14)


def test_quantile_and_interval_scores_of_quantiles() -> None:
    p = fs.Prediction("q", "a", MADE, quantiles={0.1: 10.0, 0.5: 30.0, 0.9: 50.0})
    o = fs.Outcome("q", KNOWN, 35.0)
    # pinball at 0.1, 0.5, 0.9: 0.1 * 25, 0.5 * 5, (1 - 0.9) * 15
    assert fs.score(p, o, rule="quantile") == pytest.approx((2.5 + 2.5 + 1.5) / 3, rel=1e-14)
    # the 80% interval [10, 50]: width 40, the outcome inside
    assert fs.score(p, o, rule="interval") == pytest.approx(40.0, rel=1e-14)
    # above it by 10: 40 + (2 / 0.2) * 10
    far = fs.Outcome("q", KNOWN, 60.0)
    assert fs.score(p, far, rule="interval") == pytest.approx(140.0, rel=1e-14)
    # 0.1 + 0.9 is 1 only within rounding; levels read from text in other spellings pair up
    # too, summed in either order
    for low, high in [(0.1, 0.9), (1 - 0.9, 0.9), (0.1, 1 - 0.1), (0.05, 0.95)]:
        pair = fs.Prediction("q", "a", MADE, quantiles={low: 10.0, high: 50.0})
        assert math.fsum([low, high]) == pytest.approx(1.0, abs=1e-15)
        assert fs.score(pair, o, rule="interval") == pytest.approx(40.0, rel=1e-14)
    lone = fs.Prediction("q", "a", MADE, quantiles={0.1: 10.0, 0.5: 30.0})
    with pytest.raises(fs.InvalidForecastError, match=r"levels \[0\.1, 0\.5\]\) hold no central"):
        fs.score(lone, o, rule="interval")


def test_crps_and_wis_of_quantiles() -> None:
    p = fs.Prediction("q", "a", MADE, quantiles={0.1: 10.0, 0.5: 30.0, 0.9: 50.0})
    o = fs.Outcome("q", KNOWN, 35.0)
    # (1 / (K + 1/2)) (|y - m| / 2 + (alpha / 2) IS) with K = 1, alpha = 0.2, IS = 40
    assert fs.score(p, o, rule="wis") == pytest.approx((2.5 + 0.1 * 40) / 1.5, rel=1e-12)
    # F: 0.1 at 10 (a point mass), linear to 0.5 at 30 and 0.9 at 50, then 1 (mass 0.1).
    # The integral of F^2 on [10, 35] and of (1 - F)^2 on [35, 50], by mpmath:
    f = lambda x: 0.1 + 0.02 * (x - 10)  # noqa: E731
    want = float(mpmath.quad(lambda x: f(x) ** 2, [10, 35])) + float(
        mpmath.quad(lambda x: (1 - f(x)) ** 2, [35, 50])
    )
    assert fs.score(p, o, rule="crps") == pytest.approx(want, rel=1e-12)


def test_crps_of_samples_by_hand() -> None:
    p = fs.Prediction("q", "a", MADE, samples=[20, 30, 40])
    # E|X - y| = (15.5 + 5.5 + 4.5) / 3; E|X - X'| / 2 = (80 / 9) / 2
    want = 25.5 / 3 - 40 / 9
    assert fs.score(p, fs.Outcome("q", KNOWN, 35.5), rule="crps") == pytest.approx(want)


def test_dates_are_scored_in_days() -> None:
    q = fs.Question("start", kind="date")
    outcome = fs.Outcome("start", KNOWN, D(2022, 2, 24))
    by_dates = fs.Prediction(
        q, "a", MADE, quantiles={0.1: D(2022, 1, 11), 0.5: D(2022, 1, 21), 0.9: D(2022, 2, 10)}
    )
    # In days after 31 Dec: quantiles 11, 21, 41 against 55 (31 + 24), all below it; the
    # pinball losses 0.1 * 44, 0.5 * 34, 0.9 * 14
    assert fs.score(by_dates, outcome, rule="quantile", question=q) == pytest.approx(
        (4.4 + 17 + 12.6) / 3, rel=1e-12
    )
    centre = days_since_epoch(D(2022, 2, 15))
    dist = fs.Prediction(q, "a", MADE, distribution=scipy.stats.norm(centre, 10))
    assert fs.score(dist, outcome, rule="crps") == pytest.approx(_normal_crps(0, 10, 9), rel=1e-12)
    with pytest.raises(fs.InvalidOutcomeError, match="'start' is a date question but its outcome"):
        fs.score(dist, fs.Outcome("start", KNOWN, 3.5), rule="crps", question=q)


def test_quantity_score_errors() -> None:
    dist = fs.Prediction("q", "a", MADE, distribution="norm(loc=0)")
    o = fs.Outcome("q", KNOWN, 1.5)
    with pytest.raises(fs.UnknownRuleError, match=r"rule 'brier' does not score a forecast of a"):
        fs.score(dist, o)
    with pytest.raises(fs.InvalidOptionError, match=r"rule 'quantile' does not score a distrib"):
        fs.score(dist, o, rule="quantile")
    samples = fs.Prediction("q", "a", MADE, samples=[1.0, 2.0])
    with pytest.raises(fs.InvalidOptionError, match=r"rule 'log' does not score samples"):
        fs.score(samples, o, rule="log")
    prob = fs.Prediction("q", "a", MADE, 0.3)
    with pytest.raises(fs.InvalidForecastError, match=r"is a probability \(0\.3\) but the outc"):
        fs.score(prob, o, rule="crps")
    with pytest.raises(fs.InvalidOutcomeError, match=r"\('yes'\) is not a number or a date"):
        fs.score(dist, fs.Outcome("q", KNOWN, "yes"), rule="crps")
    late = fs.Outcome("q", KNOWN, 1.5, censored="above")
    with pytest.raises(fs.InvalidOutcomeError, match=r"rule 'log' does not score a censored"):
        fs.score(dist, late, rule="log")
    with pytest.raises(fs.HindsightError, match="not before its outcome was known"):
        fs.score(dist, fs.Outcome("q", MADE, 1.5), rule="crps")


# --- the censored CRPS ----------------------------------------------------------------------


def test_censored_crps_of_a_normal_against_an_outcome_above_the_close() -> None:
    """Not happened by day c: the integral of F(x)^2 for x below c, by mpmath."""
    p = fs.Prediction("q", "a", MADE, distribution="norm(loc=30, scale=10)")
    for c in (25.0, 30.0, 48.0):
        mpmath.mp.dps = 30
        want = float(mpmath.quad(lambda x: mpmath.ncdf((x - 30) / 10) ** 2, [-mpmath.inf, 30, c]))
        got = fs.score(p, fs.Outcome("q", KNOWN, c, censored="above"), rule="crps")
        assert got == pytest.approx(want, rel=1e-9)
    # below: the integral of (1 - F)^2 above c
    want = float(mpmath.quad(lambda x: (1 - mpmath.ncdf((x - 30) / 10)) ** 2, [20, 30, mpmath.inf]))
    got = fs.score(p, fs.Outcome("q", KNOWN, 20.0, censored="below"), rule="crps")
    assert got == pytest.approx(want, rel=1e-9)


def test_censored_crps_equals_the_plain_crps_for_a_forecast_inside_the_bounds() -> None:
    q = fs.Question("q", kind="numeric", bounds=(0, 60))
    inside = fs.Prediction(q, "a", MADE, distribution="uniform(loc=0, scale=60)")
    o = fs.Outcome("q", KNOWN, 35.5)
    plain = fs.rules.crps(scipy.stats.uniform(0, 60), 35.5)
    assert fs.score(inside, o, rule="crps", question=q) == pytest.approx(float(plain), rel=1e-9)
    # and with bounds far out, a normal's censored CRPS is its plain (closed-form) CRPS
    wide = fs.Question("q", kind="numeric", bounds=(-1e9, 1e9))
    normal = fs.Prediction("q", "a", MADE, distribution="norm(loc=30, scale=10)")
    assert fs.score(normal, o, rule="crps", question=wide) == pytest.approx(
        _normal_crps(30, 10, 35.5), rel=1e-9
    )


def test_censored_crps_of_samples_censors_the_members() -> None:
    p = fs.Prediction("q", "a", MADE, samples=[20.0, 30.0, 40.0])
    late = fs.Outcome("q", KNOWN, 35.0, censored="above")
    # members censored at 35: 20, 30, 35 against 35: E|X - y| = (15 + 5 + 0) / 3,
    # E|X - X'| / 2 = 2 (10 + 15 + 5) / 9 / 2
    assert fs.score(p, late, rule="crps") == pytest.approx(20 / 3 - 30 / 9, rel=1e-12)


def test_censored_crps_of_quantiles_integrates_their_cdf_below_the_close() -> None:
    p = fs.Prediction("q", "a", MADE, quantiles={0.1: 10.0, 0.5: 30.0, 0.9: 50.0})
    # F: 0.1 at 10, linear to 0.5 at 30 (slope 0.02), on to 0.7 at 40. Not before 40:
    # the integral of F^2 on [10, 40] = (0.5^3 - 0.1^3) / 0.06 + (0.7^3 - 0.5^3) / 0.06
    late = fs.Outcome("q", KNOWN, 40.0, censored="above")
    want = (0.5**3 - 0.1**3) / 0.06 + (0.7**3 - 0.5**3) / 0.06
    assert fs.score(p, late, rule="crps") == pytest.approx(want, rel=1e-12)
    # With bounds far outside the quantiles it is crps_quantile (computed another way).
    wide = fs.Question("q", kind="numeric", bounds=(-1e6, 1e6))
    for y in (5.0, 10.0, 22.0, 35.0, 50.0, 70.0):
        o = fs.Outcome("q", KNOWN, y)
        plain = fs.rules.crps_quantile([10.0, 30.0, 50.0], y, levels=[0.1, 0.5, 0.9])
        assert fs.score(p, o, rule="crps", question=wide) == pytest.approx(float(plain), rel=1e-12)


@settings(max_examples=8, deadline=None)
@given(
    mu=st.floats(-3, 3),
    sigma=st.floats(0.3, 3),
    shift=st.floats(-2, 2),
    stretch=st.floats(0.5, 2),
    a=st.floats(-4, -0.5),
    b=st.floats(0.5, 4),
)
def test_censored_crps_is_proper(
    mu: float, sigma: float, shift: float, stretch: float, a: float, b: float
) -> None:
    """Outcomes from G = N(mu, sigma) censored to [a, b]: the expected score of G is not
    above that of another normal. The expectation: the masses at a and b, and Gauss-Legendre
    quadrature (24 nodes) of the density inside."""
    truth = scipy.stats.norm(mu, sigma)
    q = fs.Question("q", kind="numeric", bounds=(a, b))
    nodes, w = np.polynomial.legendre.leggauss(24)
    ys = (b - a) / 2 * nodes + (a + b) / 2
    weights = (b - a) / 2 * w * truth.pdf(ys)

    def expected(dist: object) -> float:
        p = fs.Prediction(q, "f", MADE, distribution=dist)

        def s(y: float) -> float:
            return fs.score(p, fs.Outcome("q", KNOWN, float(y)), rule="crps", question=q)

        inner = sum(wi * s(y) for wi, y in zip(weights, ys, strict=True))
        return float(truth.cdf(a) * s(a) + truth.sf(b) * s(b) + inner)

    other = scipy.stats.norm(mu + shift, sigma * stretch)
    assert expected(truth) <= expected(other) + 1e-9


# --- files ------------------------------------------------------------------------------------

import io  # noqa: E402

from forecastscore import io as fio  # noqa: E402
from forecastscore.strategies import quantity_outcomes, quantity_predictions  # noqa: E402


def _key(p: fs.Prediction) -> tuple[str, str, float]:
    return (p.question, p.forecaster, days_since_epoch(p.made_at))


def _fixed(v: object) -> object:
    """A datetime in its fixed UTC offset, as a file holds it (the zone's name is not kept,
    and Python never calls two datetimes in different zones equal inside a DST gap)."""
    if isinstance(v, dt.datetime):
        offset = v.utcoffset()
        assert offset is not None
        return (v.replace(tzinfo=dt.timezone(offset)), type(v))
    return (v, type(v))


def _canonical(p: fs.Prediction) -> tuple[object, ...]:
    quantiles = None if p.quantiles is None else [(lv, _fixed(v)) for lv, v in p.quantiles]
    samples = None if p.samples is None else [_fixed(v) for v in p.samples]
    return (
        p.question,
        p.forecaster,
        _fixed(p.made_at),
        quantiles,
        p.distribution_text,
        samples,
        p.source,
        p.quote,
    )


def _canonical_outcome(o: fs.Outcome) -> tuple[object, ...]:
    return (o.question, _fixed(o.resolved_at), _fixed(o.value), o.censored, o.annulled)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(quantity_predictions(), max_size=5, unique_by=_key)
    | st.lists(quantity_predictions(dates=True), max_size=5, unique_by=_key)
)
def test_quantity_predictions_round_trip_through_both_formats(
    predictions: list[fs.Prediction],
) -> None:
    for write, read in [
        (fio.write_quantity_predictions_csv, fio.read_quantity_predictions_csv),
        (fio.write_quantity_predictions_jsonl, fio.read_quantity_predictions_jsonl),
    ]:
        out = io.StringIO()
        write(predictions, out)
        back = read(io.StringIO(out.getvalue()))
        assert [_canonical(p) for p in back] == [_canonical(p) for p in predictions]
        again = io.StringIO()
        write(back, again)
        assert again.getvalue() == out.getvalue()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(quantity_outcomes(), max_size=5) | st.lists(quantity_outcomes(dates=True), max_size=5)
)
def test_quantity_outcomes_round_trip_through_both_formats(outcomes: list[fs.Outcome]) -> None:
    for write, read in [
        (fio.write_quantity_outcomes_csv, fio.read_quantity_outcomes_csv),
        (fio.write_quantity_outcomes_jsonl, fio.read_quantity_outcomes_jsonl),
    ]:
        out = io.StringIO()
        write(outcomes, out)
        back = read(io.StringIO(out.getvalue()))
        assert [_canonical_outcome(o) for o in back] == [_canonical_outcome(o) for o in outcomes]


def test_a_hand_written_quantity_file_scores() -> None:
    predictions = fio.read_quantity_predictions_csv(
        io.StringIO(
            "question,forecaster,made_at,quantile,value,distribution,samples\n"
            "start,hub,2022-01-08,0.1,2022-02-10,,\n"
            "start,hub,2022-01-08,0.5,2022-02-25,,\n"
            "start,hub,2022-01-08,0.9,2022-03-20,,\n"
            'start,ens,2022-01-08,,,,"[""2022-02-20"", ""2022-03-01""]"\n'
            'start,model,2022-01-08,,,"norm(loc=19047, scale=7)",\n'
        )
    )
    outcomes = fio.read_quantity_outcomes_csv(
        io.StringIO("question,resolved_at,value\nstart,2022-02-25,2022-02-24\n")
    )
    hub, ens, model = predictions
    assert hub.quantiles == (
        (0.1, D(2022, 2, 10)),
        (0.5, D(2022, 2, 25)),
        (0.9, D(2022, 3, 20)),
    )
    # pinball in days: 0.1 * 14, 0.5 * 1, (1 - 0.9) * 24
    assert fs.score(hub, outcomes[0], rule="quantile") == pytest.approx((1.4 + 0.5 + 2.4) / 3)
    # samples 4 days early and 5 days late: E|X - y| = 4.5, E|X - X'| / 2 = 9 / 4
    assert fs.score(ens, outcomes[0], rule="crps") == pytest.approx(4.5 - 2.25)
    # centred on the day itself: 7 (sqrt 2 - 1) / sqrt pi
    assert fs.score(model, outcomes[0], rule="crps") == pytest.approx(
        7 * (math.sqrt(2) - 1) / math.sqrt(math.pi), rel=1e-12
    )


def test_quantity_file_errors_name_the_file_and_line() -> None:
    head = "question,forecaster,made_at,quantile,value,distribution,samples\n"
    bad = [
        (head + "q,a,2022-01-08,0.5,,,\n", r"<stream>:2: column 'value': a quantile row needs"),
        (head + "q,a,2022-01-08,,,,\n", r"<stream>:2: a row holds exactly one of .*\(got none\)"),
        (
            head + 'q,a,2022-01-08,,,"norm(loc=1)","[1]"\n',
            r"<stream>:2: a row holds exactly one .*\(got distribution and samples\)",
        ),
        (
            head + "q,a,2022-01-08,,,weibull(c=1),\n",
            r"<stream>:2: 'distribution' family 'weibull' is not known",
        ),
        (head + "q,a,2022-01-08,,,,[1\n", r"<stream>:2: column 'samples': '\[1' is not a JSON"),
        (
            head + "q,a,2022-01-08,0.5,3,,\nq,a,2022-01-08,0.5,4,,\n",
            r"<stream>:3: column 'quantile': level 0\.5 is given twice",
        ),
        (
            head + "q,a,2022-01-08,0.5,3,,\nq,a,2022-01-08,0.9,2,,\n",
            r"<stream>:2: 'quantiles' must not decrease with the level",
        ),
        (head + "q,a,2022-01-08,0.5,many,,\n", r"<stream>:2: column 'value': 'many' is not a"),
        ("question,forecaster,made_at,extra\n", r"<stream>:1: unknown column 'extra'"),
    ]
    for text, match in bad:
        with pytest.raises(fs.FileSchemaError, match=match):
            fio.read_quantity_predictions_csv(io.StringIO(text))
    with pytest.raises(fs.FileSchemaError, match=r"<stream>:2: 'censored' must be 'above'"):
        fio.read_quantity_outcomes_csv(
            io.StringIO("question,resolved_at,value,censored\nq,2022-03-01,3.5,later\n")
        )
    with pytest.raises(fs.FileSchemaError, match=r"<stream>:1: unknown key 'outcome'"):
        fio.read_quantity_outcomes_jsonl(
            io.StringIO('{"question": "q", "resolved_at": "2022-03-01", "outcome": 3}\n')
        )
    with pytest.raises(fs.FileSchemaError, match=r"<stream>:1: column 'quantiles': 3 is not"):
        fio.read_quantity_predictions_jsonl(
            io.StringIO(
                '{"question": "q", "forecaster": "a", "made_at": "2022-01-08", "quantiles": 3}\n'
            )
        )


def test_quantity_writers_refuse_what_cannot_be_read_back() -> None:
    weibull = fs.Prediction("q", "a", MADE, distribution=scipy.stats.weibull_min(1.5))
    with pytest.raises(fs.FileSchemaError, match=r"<stream>:2: column 'distribution': pred"):
        fio.write_quantity_predictions_csv([weibull], io.StringIO())
    twice = [
        fs.Prediction("q", "a", MADE, quantiles={0.5: 1.0}),
        fs.Prediction("q", "a", MADE, quantiles={0.9: 2.0}),
    ]
    with pytest.raises(fs.FileSchemaError, match=r"predictions\[0\] and predictions\[1\] are"):
        fio.write_quantity_predictions_csv(twice, io.StringIO())
    with pytest.raises(fs.ForecastTypeError, match=r"predictions\[0\] must be a Prediction of a"):
        fio.write_quantity_predictions_jsonl([fs.Prediction("q", "a", MADE, 0.3)], io.StringIO())
    with pytest.raises(fs.ForecastTypeError, match=r"outcomes\[0\] must be an Outcome of a q"):
        fio.write_quantity_outcomes_csv([fs.Outcome("q", KNOWN, "yes")], io.StringIO())


def test_files_of_probabilities_refuse_outcomes_of_quantities() -> None:
    """0.5 in an outcomes file is a probability outcome: a numeric 0.5 written there would
    read back as one."""
    half = [fs.Outcome("q", KNOWN, 0.5)]
    with pytest.raises(fs.ForecastTypeError, match=r"outcomes\[0\] is an outcome of a quantity"):
        fio.write_outcomes_csv(half, io.StringIO())
    with pytest.raises(fs.ForecastTypeError, match="write it with write_quantity_outcomes_jsonl"):
        fio.write_outcomes_jsonl([fs.Outcome("q", KNOWN, D(2022, 2, 24))], io.StringIO())
