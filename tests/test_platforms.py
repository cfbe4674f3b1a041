"""Tests of forecastscore.platforms: Metaculus Baseline/Peer and Good Judgment Open Brier.

Metaculus scores are positively oriented (higher is better), as Metaculus publishes them;
GJ Open Brier scores are losses on a 0..2 scale.
"""

import datetime as dt
import json
import math
import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore import platforms as pf
from forecastscore.strategies import probabilities, probability_vectors


def day(d):
    """Day d after 2020-01-01, as numpy.datetime64 (the convention of Metaculus's tests)."""
    return np.datetime64("2020-01-01") + np.timedelta64(d, "D")


def days(*ds):
    return np.array([day(d) for d in ds])


def ten_day(forecasters, starts, forecasts, outcome=True, actual_close=10):
    return pf.metaculus_time_averaged_scores(
        forecasters,
        days(*starts),
        forecasts,
        outcome,
        opens=day(0),
        scheduled_close=day(10),
        actual_close=day(actual_close),
    )


# --- Metaculus: published worked examples -------------------------------------------------
# Source: Metaculus/metaculus, tests/unit/test_scoring/test_score_math.py,
# test_evaluate_forecasts_baseline_accuracy, a binary question open from day 0 to day 10
# resolving to bucket 1 ("yes"), expected scores rounded to 8 decimals:
#   ([f(v=0.9)], {}, [s(v=84.79969066)])
#   ([f(v=0.1)], {}, [s(v=-232.19280949)])
#   ([f(v=0.9)], {"resolution_bucket": 0}, [s(v=-232.19280949)])
#   ([f(v=0.9, s=5)], {}, [s(v=84.79969066 / 2, c=0.5)])  # half coverage
#   ([f(v=2 ** (-1 / 2))], {}, [s(v=50)])
#   ([f(v=2 ** (-3 / 2))], {}, [s(v=-50)])
# Hand check: 100 (log2 0.9 + 1) = 100 (1 - 0.15200309) = 84.79969066.


@pytest.mark.parametrize(
    ("p", "y", "expected"),
    [
        (0.9, 1, 84.79969066),
        (0.1, 1, -232.19280949),
        (0.9, 0, -232.19280949),
        (2 ** (-1 / 2), 1, 50.0),
        (2 ** (-3 / 2), 1, -50.0),
        (0.5, 1, 0.0),
        (1.0, 1, 100.0),
    ],
)
def test_metaculus_baseline_published_values(p, y, expected):
    assert pf.metaculus_baseline_score(p, y) == pytest.approx(expected, abs=5e-9)
    # the same forecast held over the whole ten-day life scores the same, coverage 1
    s = ten_day(["u"], [0], [p], y)
    assert s.baseline[0] == pytest.approx(expected, abs=5e-9) and s.coverage[0] == 1.0


def test_metaculus_baseline_half_coverage():
    # f(v=0.9, s=5): 84.79969066 / 2 with coverage 0.5
    s = ten_day(["u"], [5], [0.9])
    assert s.baseline[0] == pytest.approx(84.79969066 / 2, abs=5e-9)
    assert s.coverage[0] == 0.5


@pytest.mark.parametrize(
    ("starts", "coverages"),
    # ([f(s=3)], ..., [s(c=0.7)]), ([f(s=5)], [s(c=0.5)]), ([f(s=7)], [s(c=0.3)]),
    # ([f(s=1), f(s=7)], [s(c=0.9), s(c=0.3)])  (two forecasters)
    [([3], [0.7]), ([5], [0.5]), ([7], [0.3]), ([1, 7], [0.9, 0.3])],
)
def test_metaculus_coverage_published_values(starts, coverages):
    who = [f"u{i}" for i in range(len(starts))]
    s = ten_day(who, starts, [0.5] * len(starts))
    np.testing.assert_allclose(s.coverage, coverages)
    np.testing.assert_allclose(s.baseline, 0.0)


def test_metaculus_early_resolution():
    # "early resolver": ([f()], {"actual_close_time": dts(5)}, [s(c=0.5)]) and
    # ([f(s=5)], {"actual_close_time": dts(5)}, [s(c=0)])  # forecasted too late
    assert ten_day(["u"], [0], [0.5], actual_close=5).coverage[0] == 0.5
    assert ten_day(["u"], [5], [0.5], actual_close=5).coverage[0] == 0.0
    # So after an early close the rest of the scheduled life counts as 0:
    # 0.9 held from day 0, question closes at day 5 of 10: 84.79969066 * 0.5
    s = ten_day(["u"], [0], [0.9], actual_close=5)
    assert s.baseline[0] == pytest.approx(84.79969066 / 2, abs=5e-9)


def test_metaculus_peer_geometric_mean_example():
    # test_get_geometric_means: forecasts 0.7, 0.8, 0.9 give the geometric-mean pmf
    # [0.18171206, 0.79581144]. The Peer score of the 0.9 forecaster on "yes" is then
    # 100 * N/(N-1) * ln(p / GM) = 150 * ln(0.9 / 0.79581144) = 18.4548...
    # By hand from the other form: ln 0.9 - (ln 0.7 + ln 0.8)/2
    #   = -0.1053605 - (-0.3566749 - 0.2231436)/2 = -0.1053605 + 0.2899092 = 0.1845487
    got = pf.metaculus_peer_score([0.7, 0.8, 0.9], True)
    assert got[2] == pytest.approx(150 * math.log(0.9 / 0.79581144), abs=1e-5)
    assert got[2] == pytest.approx(18.454873, abs=1e-5)
    assert got.sum() == pytest.approx(0.0, abs=1e-12)


def test_metaculus_peer_alone_scores_zero():
    assert pf.metaculus_peer_score([0.9], True)[0] == 0.0


def test_metaculus_time_averaged_peer_by_hand():
    # a: 0.8 from day 0, 0.9 from day 8; b: 0.6 from day 5; yes; ten-day question.
    # [0, 5): a alone, peer 0.
    # [5, 8): 100 * 2/1 * (ln .8 - (ln .8 + ln .6)/2) = 100 ln(4/3) = 28.768207 for a, 3/10
    # [8, 10): 100 ln(.9/.6) = 100 ln 1.5 = 40.546511 for a, 2/10
    # a = 0.3 * 28.768207 + 0.2 * 40.546511 = 8.630462 + 8.109302 = 16.739764; b = -16.739764
    s = ten_day(["a", "b", "a"], [0, 5, 8], [0.8, 0.6, 0.9])
    assert s.forecaster.tolist() == ["a", "b"]
    np.testing.assert_allclose(s.peer, [16.739764, -16.739764], atol=1e-6)
    # Baseline: a = 0.8 * 67.807191 + 0.2 * 84.799691 = 54.245752 + 16.959938 = 71.205690
    #           b = 0.5 * 26.303441 = 13.151720
    np.testing.assert_allclose(s.baseline, [71.205690, 13.151720], atol=1e-5)
    np.testing.assert_allclose(s.coverage, [1.0, 0.5])


def test_metaculus_multiple_choice():
    # 100 ln(3 * 0.5) / ln 3 = 100 * 0.4054651 / 1.0986123 = 36.907024
    assert pf.metaculus_categorical_baseline_score([0.5, 0.3, 0.2], 0) == pytest.approx(
        36.907024, abs=1e-6
    )
    # two forecasters on option 0: 0.5 and 0.25 -> 100 * 2 * (ln .5 - (ln .5 + ln .25)/2)
    # = 100 ln 2 = 69.314718 and -69.314718
    got = pf.metaculus_categorical_peer_score([[0.5, 0.5, 0.0], [0.25, 0.25, 0.5]], 0)
    np.testing.assert_allclose(got, [69.314718, -69.314718], atol=1e-6)
    s = pf.metaculus_time_averaged_scores(
        ["a", "b"],
        days(0, 0),
        [[0.5, 0.5, 0.0], [0.25, 0.25, 0.5]],
        0,
        opens=day(0),
        scheduled_close=day(10),
    )
    np.testing.assert_allclose(s.peer, [69.314718, -69.314718], atol=1e-6)
    # baseline of a: 100 ln(1.5)/ln 3 = 36.907024; of b: 100 ln(0.75)/ln 3 = -26.185951
    np.testing.assert_allclose(s.baseline, [36.907024, -26.185951], atol=1e-6)


def test_metaculus_continuous_by_hand():
    # Bucket masses: [below the range, 200 inside, above]; the baseline puts 5 % beyond each
    # open bound and spreads the rest evenly, and scores 0 (Metaculus's tests leave numeric
    # baseline values as a TODO, so these are hand calculations).
    closed = np.array([0.0] + [1 / 200] * 200 + [0.0])
    assert pf.metaculus_continuous_baseline_score(closed, 57) == pytest.approx(0.0, abs=1e-9)
    both_open = np.array([0.05] + [0.9 / 200] * 200 + [0.05])
    for k in (0, 100, 201):
        assert pf.metaculus_continuous_baseline_score(
            both_open, k, open_lower=True, open_upper=True
        ) == pytest.approx(0.0, abs=1e-9)
    # four inside buckets, closed: baseline 1/4; all mass on the right one: 50 ln 4 = 69.3147
    assert pf.metaculus_continuous_baseline_score([0, 1, 0, 0, 0, 0], 1) == pytest.approx(
        50 * math.log(4)
    )
    # open upper only: inside baseline (1 - 0.05)/4 = 0.2375; mass 0.5 there:
    # 50 ln(0.5 / 0.2375) = 50 ln 2.1052632 = 50 * 0.74444047 = 37.222024
    assert pf.metaculus_continuous_baseline_score(
        [0, 0.5, 0.2, 0.1, 0.1, 0.1], 1, open_upper=True
    ) == pytest.approx(37.222024, abs=1e-6)
    # Peer: half the multiple-choice Peer score: 50 ln(0.5/0.25) = 34.657359
    pmfs = [[0, 0.5, 0.5, 0], [0, 0.25, 0.75, 0]]
    np.testing.assert_allclose(
        pf.metaculus_continuous_peer_score(pmfs, 1), [34.657359, -34.657359], atol=1e-6
    )
    s = pf.metaculus_time_averaged_scores(
        ["a", "b"], days(0, 5), pmfs, 1, opens=day(0), scheduled_close=day(10), continuous=True
    )
    # a alone days 0-5; then +-34.657359 for half the life. Baseline a: 50 ln(0.5/0.5) = 0;
    # b: 50 ln(0.25/0.5) = -34.657359 over half the life = -17.328680
    np.testing.assert_allclose(s.peer, [17.328680, -17.328680], atol=1e-6)
    np.testing.assert_allclose(s.baseline, [0.0, -17.328680], atol=1e-6)


def test_metaculus_accepts_dates_and_aware_datetimes():
    utc = dt.timezone.utc
    s = pf.metaculus_time_averaged_scores(
        ["u"],
        days(5),
        [0.9],
        True,
        opens=dt.date(2020, 1, 1),
        scheduled_close=dt.datetime(2020, 1, 11, tzinfo=utc),
    )
    assert s.coverage[0] == 0.5


# --- Good Judgment Open -------------------------------------------------------------------


def test_gjopen_brier_cultivate_example():
    # Cultivate Labs, "What is the Ordinal Scoring System and How is it Calculated?":
    # forecast 15 % / 45 % / 25 % / 15 % on "Less than 50 / 50-75 / 76-100 / More than 100",
    # the Cubs win 80 games ("76-100"); "Using a standard Brier score ... the daily score for
    # my forecast would be: (0.15 - 0)^2 = 0.0225, (0.45 - 0)^2 = 0.2025,
    # (0.25 - 1)^2 = 0.5625, (0.15 - 0)^2 = 0.0225 ... 0.81".
    assert pf.gjopen_brier_score([0.15, 0.45, 0.25, 0.15], 2) == pytest.approx(0.81)


def test_gjopen_ordinal_by_hand():
    # The same forecast scored ordinally (our hand calculation of the cumulative cuts;
    # the page's own final figure could not be read when this was written):
    # cuts "<=1 | rest": P = 0.15, happened no -> 2 * 0.15^2 = 0.045
    #      "<=2 | rest": P = 0.60, no               -> 2 * 0.60^2 = 0.72
    #      "<=3 | rest": P = 0.85, yes              -> 2 * 0.15^2 = 0.045
    # mean = 0.81 / 3 = 0.27
    got = pf.gjopen_brier_score([0.15, 0.45, 0.25, 0.15], 2, ordered=True)
    assert got == pytest.approx(0.27)


def test_gjopen_binary_is_twice_the_binary_brier():
    # 0..2 scale: a yes/no forecast of 0.7 on "yes" that did not happen: 0.49 + 0.49 = 0.98
    assert pf.gjopen_brier_score([0.3, 0.7], 0) == pytest.approx(0.98)


def test_gjopen_daily_carry_forward_by_hand():
    # Opens 2022-01-01, closes 2022-01-10 00:00 UTC: nine full days (1st to 9th).
    # 0.8 made on the 1st stands six days; 0.4 made on the 7th stands three. It did not happen.
    # (6 * 2 * 0.8^2 + 3 * 2 * 0.4^2) / 9 = (7.68 + 0.96) / 9 = 0.96
    got = pf.gjopen_time_averaged_brier_score(
        np.array(["2022-01-01T09:00", "2022-01-07T23:00"], dtype="datetime64[m]"),
        [0.8, 0.4],
        False,
        opens=np.datetime64("2022-01-01"),
        closes=np.datetime64("2022-01-10"),
    )
    assert got == pytest.approx(0.96)


def test_gjopen_only_full_days_and_last_forecast_of_a_day():
    # Cultivate Labs, "Why didn't I receive a score ...": a question from April 1 to April 12
    # 06:00; days up to April 11 are scored; a forecast made on April 12 counts for nothing.
    # 0.5 on Apr 1, 0.9 and then 0.7 on Apr 11 (0.7 stands at the end of the day), 0.99 on
    # Apr 12; yes. Days Apr 1-10: 2 * 0.25 = 0.5; Apr 11: 2 * 0.09 = 0.18.
    # (10 * 0.5 + 0.18) / 11 = 5.18 / 11 = 0.470909...
    t = np.array(
        ["2021-04-01T12:00", "2021-04-11T08:00", "2021-04-11T20:00", "2021-04-12T01:00"],
        dtype="datetime64[m]",
    )
    got = pf.gjopen_time_averaged_brier_score(
        t,
        [0.5, 0.9, 0.7, 0.99],
        True,
        opens=np.datetime64("2021-04-01"),
        closes=np.datetime64("2021-04-12T06:00"),
    )
    assert got == pytest.approx(5.18 / 11)
    with pytest.raises(fs.HindsightError, match=r"no forecast was standing"):
        pf.gjopen_time_averaged_brier_score(
            t[3:],
            [0.99],
            True,
            opens=np.datetime64("2021-04-01"),
            closes=np.datetime64("2021-04-12T06:00"),
        )


# --- errors -------------------------------------------------------------------------------


def test_metaculus_errors():
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1\] gives probability 0"):
        pf.metaculus_peer_score([0.5, 0.0], True)
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1\] = 1\.2 is not a probability"):
        pf.metaculus_baseline_score([0.5, 1.2], [1, 1])
    with pytest.raises(fs.ShapeError, match=r"forecaster axis"):
        pf.metaculus_peer_score(0.5, True)
    with pytest.raises(fs.InvalidTimeError, match=r"'actual_close' must be after 'opens' and not"):
        ten_day(["u"], [0], [0.5], actual_close=11)
    with pytest.raises(fs.InvalidTimeError, match=r"'opens' is a naive datetime"):
        pf.metaculus_time_averaged_scores(
            ["u"], days(0), [0.5], True, opens=dt.datetime(2020, 1, 1), scheduled_close=day(9)
        )
    with pytest.raises(fs.ForecastTypeError, match=r"made_at must be an array of numpy.datetime64"):
        pf.metaculus_time_averaged_scores(
            ["u"], [0], [0.5], True, opens=day(0), scheduled_close=day(9)
        )
    with pytest.raises(fs.ShapeError, match=r"forecaster must have shape \(2,\)"):
        pf.metaculus_time_averaged_scores(
            ["u"], days(0, 1), [0.5, 0.6], True, opens=day(0), scheduled_close=day(9)
        )
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1\] gives probability 0 to"):
        ten_day(["a", "b"], [0, 1], [0.5, 0.0])


def test_metaculus_continuous_errors():
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome = 0 is an out-of-bounds bucket"):
        pf.metaculus_continuous_baseline_score([0, 0.5, 0.5, 0], 0)
    with pytest.raises(fs.ShapeError, match=r"at least 3 buckets"):
        pf.metaculus_continuous_baseline_score([0.5, 0.5], 1)
    with pytest.raises(fs.ShapeError, match=r"continuous question needs forecast of shape"):
        pf.metaculus_time_averaged_scores(
            ["a"], days(0), [0.5], 1, opens=day(0), scheduled_close=day(10), continuous=True
        )


def test_gjopen_errors():
    with pytest.raises(fs.InvalidForecastError, match=r"sums to 0\.9"):
        pf.gjopen_brier_score([0.5, 0.4], 0)
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome = 3 is not a category index"):
        pf.gjopen_brier_score([0.5, 0.5], 3)
    with pytest.raises(fs.InvalidTimeError, match=r"'closes' must be after 'opens'"):
        pf.gjopen_time_averaged_brier_score(days(0), [0.5], True, opens=day(3), closes=day(2))


def test_review_regressions_platforms():
    # Review finding: a forecast that never stood (superseded before the question opened,
    # or made after the close) with probability 0 on what happened made 0 * -inf = NaN
    # inside the Baseline average (a RuntimeWarning). It now adds nothing. By hand: 'a'
    # says 0 on day -2, 0.9 on day -1, so 0.9 stands over the whole life (day 0 to 10):
    # Baseline 100 (log2 0.9 + 1) = 84.7997; 'b' says 0.5 (Baseline 0) from day 2.
    s = ten_day(["a", "a", "b"], [-2, -1, 2], [0.0, 0.9, 0.5])
    assert s.baseline[0] == pytest.approx(100 * (math.log2(0.9) + 1), rel=1e-14)
    assert s.baseline[1] == 0.0 and s.coverage.tolist() == [1.0, 0.8]
    late = ten_day(["a", "b"], [1, 12], [0.9, 0.0])
    assert late.baseline[1] == 0.0 and late.coverage[1] == 0.0
    # Review finding: forecaster labels of mixed types raised a builtin TypeError.
    with pytest.raises(
        fs.ForecastTypeError, match=r"forecaster labels must be of one sortable type"
    ):
        ten_day(["a", None], [1, 2], [0.9, 0.5])
    # Review finding: with forecasters on axis 0 the error named the moved array's position
    # ([2, 1]) instead of the caller's ([1, 2]).
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1, 2\] gives probability 0"):
        pf.metaculus_peer_score(np.array([[0.5, 0.5, 0.5], [0.5, 0.5, 0.0]]), [1, 1, 1], axis=0)
    # Review finding: no forecasts at all raised IndexError; GJ Open gives no score then.
    with pytest.raises(fs.HindsightError, match=r"no forecast was given"):
        pf.gjopen_time_averaged_brier_score(days(), np.zeros(0), True, opens=day(0), closes=day(9))
    # Review finding: one outcome per row was accepted for a categorical question.
    with pytest.raises(fs.ShapeError, match=r"outcome must be a single option index"):
        pf.gjopen_time_averaged_brier_score(
            days(0, 1), [[0.5, 0.5], [0.2, 0.8]], [0, 1], opens=day(0), closes=day(9)
        )


# --- properties ---------------------------------------------------------------------------


@given(p=probabilities(), y=st.booleans())
def test_baseline_is_an_affine_transform_of_the_log_score(p, y):
    # 100 (1 - LS_bits): positive, higher is better
    assert pf.metaculus_baseline_score(p, y) == pytest.approx(
        100.0 * (1.0 - fs.log_score(p, y, base=2)), abs=1e-9
    )
    assert pf.metaculus_categorical_baseline_score([1 - p, p], int(y)) == pytest.approx(
        pf.metaculus_baseline_score(p, y), abs=1e-9
    )


@given(ps=st.lists(probabilities(allow_endpoints=False), min_size=1, max_size=8), y=st.booleans())
def test_peer_scores_sum_to_zero(ps, y):
    assert math.fsum(pf.metaculus_peer_score(ps, y)) == pytest.approx(0.0, abs=1e-8)


@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from("abcd"), st.integers(-2, 12), probabilities(allow_endpoints=False)
        ),
        min_size=1,
        max_size=15,
        unique_by=lambda r: r[:2],  # one forecaster at one instant once (else refused)
    ),
    y=st.booleans(),
    close=st.integers(1, 10),
)
def test_time_averaged_peer_sums_to_zero_and_coverage_is_a_fraction(rows, y, close):
    who, start, p = (list(c) for c in zip(*rows, strict=True))
    s = ten_day(who, start, p, y, actual_close=close)
    assert math.fsum(s.peer) == pytest.approx(0.0, abs=1e-7)
    assert np.all((s.coverage >= 0) & (s.coverage <= close / 10 + 1e-12))


@given(p=probability_vectors(4), k=st.integers(0, 3))
def test_gjopen_scores_lie_in_0_2(p, k):
    for ordered in (False, True):
        assert 0.0 <= pf.gjopen_brier_score(p, k, ordered=ordered) <= 2.0 + 1e-12


@given(p=probabilities(), y=st.booleans())
def test_gjopen_two_options_ordered_or_not_is_twice_brier(p, y):
    rows = [1 - p, p]
    plain = pf.gjopen_brier_score(rows, int(y))
    assert plain == pytest.approx(2 * fs.brier_score(p, y), abs=1e-12)
    assert pf.gjopen_brier_score(rows, int(y), ordered=True) == pytest.approx(plain, abs=1e-12)


@given(
    made=st.lists(
        st.tuples(st.integers(0, 20), st.integers(0, 23), probabilities()),
        min_size=1,
        max_size=10,
        unique_by=lambda r: r[:2],  # two forecasts at one instant are refused
    ),
    y=st.booleans(),
)
def test_gjopen_daily_average_equals_a_day_by_day_loop(made, y):
    # Oracle: walk the days one at a time, carrying the last forecast forward.
    made = sorted(made, key=lambda r: r[:2])
    opens, closes = 0, 15  # days 0..14 are full
    by_day = {}
    for d, _, p in made:
        by_day[d] = p  # the last forecast of a day (the latest hour) stands
    scores, standing = [], None
    for d in range(opens, closes):
        standing = by_day.get(d, standing)
        if standing is not None:
            scores.append(2 * (standing - y) ** 2)
    rng = np.random.default_rng(len(made))
    shuffled = rng.permutation(len(made))  # row order must not matter
    made = [made[i] for i in shuffled]
    t = np.array([day(d) + np.timedelta64(h, "h") for d, h, _ in made])
    p = [p for _, _, p in made]
    if not scores:
        with pytest.raises(fs.HindsightError, match="so GJ Open gives no score"):
            pf.gjopen_time_averaged_brier_score(t, p, y, opens=day(opens), closes=day(closes))
        return
    got = pf.gjopen_time_averaged_brier_score(t, p, y, opens=day(opens), closes=day(closes))
    assert got == pytest.approx(math.fsum(scores) / len(scores), abs=1e-12)


# --- issue 8: hostile inputs, as classes ----------------------------------------------------

_FLAG_CALLS = {
    "gjopen_brier_score/ordered": (lambda v: pf.gjopen_brier_score([0.3, 0.7], 1, ordered=v)),
    "gjopen_time_averaged_brier_score/ordered": (
        lambda v: pf.gjopen_time_averaged_brier_score(
            days(0), [0.7], 1, opens=day(0), closes=day(10), ordered=v
        )
    ),
    "metaculus_time_averaged_scores/continuous": (lambda v: _mta(continuous=v)),
    "metaculus_time_averaged_scores/open_lower": (
        lambda v: _mta(continuous=True, open_lower=v, forecast=[[0.1, 0.4, 0.4, 0.1]], outcome=1)
    ),
    "metaculus_time_averaged_scores/open_upper": (
        lambda v: _mta(continuous=True, open_upper=v, forecast=[[0.1, 0.4, 0.4, 0.1]], outcome=1)
    ),
    "metaculus_continuous_baseline_score/open_lower": (
        lambda v: pf.metaculus_continuous_baseline_score([0.1, 0.4, 0.4, 0.1], 1, open_lower=v)
    ),
    "metaculus_continuous_baseline_score/open_upper": (
        lambda v: pf.metaculus_continuous_baseline_score([0.1, 0.4, 0.4, 0.1], 1, open_upper=v)
    ),
}


def _mta(forecast=(0.9,), outcome=True, **kw):
    return pf.metaculus_time_averaged_scores(
        ["a"], days(0), list(forecast), outcome, opens=day(0), scheduled_close=day(10), **kw
    )


@pytest.mark.parametrize("call", sorted(_FLAG_CALLS))
@pytest.mark.parametrize(
    ("value", "shown"),
    [("yes", "'yes'"), ("no", "'no'"), (1, "1"), (0, "0"), (0.0, "0.0"), ("", "''")],
)
def test_platform_flags_refuse_anything_but_true_or_false(call, value, shown):
    # Issue 8: ordered="yes", ordered="no" and continuous="yes" were taken as truthy, so
    # "no" meant yes. Every True/False option of the platforms refuses anything else,
    # naming the option and the value (as _checks.check_flag does across the library).
    name = call.split("/")[1]
    with pytest.raises(
        fs.InvalidOptionError, match=rf"^{name} must be True or False \(got {re.escape(shown)}\)$"
    ):
        _FLAG_CALLS[call](value)


def test_platform_flags_take_numpy_bools():
    # np.bool_ is a bool: ordered=np.True_ is the ordinal score. By hand, 0.15/0.45/0.25/0.15
    # with the third option: cuts after 1, 2, 3 give 2 (0.15)^2, 2 (0.6)^2, 2 (0.15)^2 (the
    # last cut: 0.85 - 1); mean (0.045 + 0.72 + 0.045) / 3 = 0.27.
    got = pf.gjopen_brier_score([0.15, 0.45, 0.25, 0.15], 2, ordered=np.True_)
    assert got == pytest.approx(0.27, abs=1e-15)
    # open_lower=np.True_: baseline 0.05 below, (1 - 0.05) / 2 inside; p = 0.4 inside:
    # 50 ln(0.4 / 0.475)
    got = pf.metaculus_continuous_baseline_score([0.1, 0.4, 0.4, 0.1], 1, open_lower=np.True_)
    assert got == pytest.approx(50 * math.log(0.4 / 0.475), rel=1e-14)


def test_metaculus_open_bounds_need_a_continuous_question():
    # open_lower=True with continuous=False was ignored silently: a binary question has no
    # bounds. Refused, naming both.
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"open_lower and open_upper apply only to continuous=True \(got open_lower=True, "
        r"open_upper=False with continuous=False\)",
    ):
        _mta(open_lower=True)


def test_gjopen_time_average_refuses_two_forecasts_at_one_instant():
    # Issue 8: two forecasts on one day (given as dates) were taken in row order: 0.7 then
    # 0.2 gave 1.28, 0.2 then 0.7 gave 0.18. Refused, naming both rows, as the ledger's
    # time_averaged refuses it.
    for p in ([0.7, 0.2], [0.2, 0.7]):
        with pytest.raises(
            fs.InvalidForecastError,
            match=r"^row 0 and row 1: two forecasts were made at the same instant "
            r"\(made_at\[0\] = made_at\[1\] = 2020-01-01\); gjopen_time_averaged_brier_score "
            r"cannot tell which of them stood: keep one, or give each its own time "
            r"\(1 such pair\(s\)\)$",
        ):
            pf.gjopen_time_averaged_brier_score(days(0, 0), p, True, opens=day(0), closes=day(10))
    # not next to each other in the rows: still found, rows named in order
    with pytest.raises(fs.InvalidForecastError, match=r"^row 0 and row 2: .*made_at\[2\]"):
        pf.gjopen_time_averaged_brier_score(
            days(3, 1, 3), [0.7, 0.2, 0.4], True, opens=day(0), closes=day(10)
        )


def test_gjopen_two_forecasts_on_one_day_at_different_times_the_later_stands():
    # Not ambiguous: 0.2 at 00:00 and 0.7 at 12:00 on day 0; the forecast standing at the
    # end of every day 0..9 is 0.7, and it happened: 2 (0.3)^2 = 0.18 each day, in either
    # row order.
    t = np.array([day(0), day(0) + np.timedelta64(12, "h")])
    for rows in ([0, 1], [1, 0]):
        got = pf.gjopen_time_averaged_brier_score(
            t[rows], np.array([0.2, 0.7])[rows], True, opens=day(0), closes=day(10)
        )
        assert got == pytest.approx(0.18, abs=1e-15)


def test_metaculus_time_average_refuses_two_forecasts_by_one_forecaster_at_one_instant():
    # Issue 8: 'a' at 0.9 and 0.5 on day 0: the Baseline was 0 or 25.44 by row order.
    for p in ([0.9, 0.5], [0.5, 0.9]):
        with pytest.raises(
            fs.InvalidForecastError,
            match=r"^row 1 and row 2: forecaster 'a' made two forecasts at the same instant "
            r"\(made_at\[1\] = made_at\[2\] = 2020-01-01\); metaculus_time_averaged_scores "
            r"cannot tell which of them stood",
        ):
            ten_day(["b", "a", "a"], [3, 0, 0], [0.6, *p])


def test_metaculus_time_average_one_instant_shared_by_two_forecasters():
    # Not ambiguous: 'a' 0.9 and 'b' 0.5 from day 0 over the whole ten days, yes.
    # Baseline a = 100 (log2 0.9 + 1) = 84.7997, b = 100 (log2 0.5 + 1) = 0;
    # Peer = 100 * 2/1 * (ln p_i - (ln 0.9 + ln 0.5) / 2) = +-100 ln(0.9 / 0.5) = +-58.7787.
    s = ten_day(["a", "b"], [0, 0], [0.9, 0.5])
    assert s.baseline[0] == pytest.approx(100 * (math.log2(0.9) + 1), rel=1e-14)
    assert s.baseline[1] == 0.0
    peer = 100 * math.log(0.9 / 0.5)
    assert s.peer.tolist() == [pytest.approx(peer, rel=1e-13), pytest.approx(-peer, rel=1e-13)]


# --- issue 9: result classes ----------------------------------------------------------------


def _scores():
    # A ten-day question that resolves yes: 'a' 0.9 from day 0; 'b' 0.5 from day 5.
    return ten_day(["a", "b"], [0, 5], [0.9, 0.5])


def test_metaculus_scores_to_records_one_dict_per_forecaster():
    records = _scores().to_records()
    assert [list(r) for r in records] == [["forecaster", "baseline", "peer", "coverage"]] * 2
    a, b = records
    # a: Baseline 84.7997 all along; b: 0 over half. Peer: 100 ln(0.9 / 0.5) = 58.78 over
    # the shared half, 0 while alone: +-29.39.
    assert a["forecaster"] == "a" and b["forecaster"] == "b"
    assert a["baseline"] == pytest.approx(100 * (math.log2(0.9) + 1), rel=1e-14)
    assert b["baseline"] == 0.0
    assert a["peer"] == pytest.approx(50 * math.log(0.9 / 0.5), rel=1e-13)
    assert b["peer"] == pytest.approx(-50 * math.log(0.9 / 0.5), rel=1e-13)
    assert (a["coverage"], b["coverage"]) == (1.0, 0.5)
    assert all(type(v) in (str, float) for r in records for v in r.values())
    json.dumps(records)


def test_metaculus_scores_to_pandas_one_row_per_forecaster():
    frame = _scores().to_pandas()
    assert list(frame.columns) == ["forecaster", "baseline", "peer", "coverage"]
    assert frame["forecaster"].tolist() == ["a", "b"]
    assert frame["coverage"].tolist() == [1.0, 0.5]
    assert frame["baseline"].dtype == np.float64


def test_metaculus_scores_repr_is_short_without_arrays():
    s = _scores()
    assert repr(s) == "<MetaculusScores: Baseline and Peer of 2 forecasters, higher is better>"
    assert len(s) == 2


def test_platform_results_do_not_import_pandas_until_asked():
    code = (
        "import sys, numpy as np; from forecastscore import platforms as pf; "
        "d = np.array(['2020-01-01'], dtype='datetime64[D]'); "
        "s = pf.metaculus_time_averaged_scores(['a'], d, [0.9], True, opens=d[0], "
        "scheduled_close=d[0] + np.timedelta64(10, 'D')); "
        "s.to_records(); repr(s); assert 'pandas' not in sys.modules; "
        "s.to_pandas(); assert 'pandas' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
