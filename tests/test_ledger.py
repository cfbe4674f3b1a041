"""Tests of forecastscore.ledger: the columnar Ledger, its scores, summaries, time-averaged
scores and the date-aligned reference."""

import datetime as dt
import io
import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore.ledger import Ledger, compare_to_reference, time_averaged
from forecastscore.model import made_before
from forecastscore.strategies import prediction_outcome_pairs, predictions, questions, times

D = dt.date
UTC = dt.timezone.utc
P = fs.Prediction
O = fs.Outcome  # noqa: E741
# The counts added in issue 10 (leakage, probability outcomes), 0 where neither is used.
NO_NEW = {"leakage": 0, "probability_outcomes": 0}


def dtu(*args):
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def small():
    return Ledger.from_predictions(
        [
            P("q1", "alice", D(2022, 1, 8), 0.3),
            P("q1", "bob", D(2022, 1, 9), 0.8),
            P("q2", "bob", D(2022, 2, 1), 0.4, source="s", quote="it may"),
            P("q3", "alice", dtu(2022, 2, 23, 12), {"a": 0.2, "b": 0.5, "c": 0.3}),
            P("q1", "carol", D(2022, 1, 8), fs.ProbabilityRange(0.2, 0.45)),
        ]
    )


# --- the ledger: hand-built values --------------------------------------------------------


def test_columns(small):
    assert len(small) == 5
    assert small.question.tolist() == ["q1", "q1", "q2", "q3", "q1"]
    assert small.forecaster.tolist() == ["alice", "bob", "bob", "alice", "carol"]
    assert small.forecasters == ["alice", "bob", "carol"]
    assert small.questions == ["q1", "q2", "q3"]
    # A date is stored as its earliest instant, 00:00 UTC.
    assert small.made_at[0] == np.datetime64("2022-01-08T00:00:00", "us")
    assert small.made_at[3] == np.datetime64("2022-02-23T12:00:00", "us")
    assert small.is_date.tolist() == [True, True, True, False, True]
    assert small.is_range.tolist() == [False, False, False, False, True]
    assert small.is_categorical.tolist() == [False, False, False, True, False]
    np.testing.assert_array_equal(small.low[[0, 1, 2, 4]], [0.3, 0.8, 0.4, 0.2])
    np.testing.assert_array_equal(small.high[[0, 1, 2, 4]], [0.3, 0.8, 0.4, 0.45])
    assert math.isnan(small.low[3])
    assert small.source.tolist() == [None, None, "s", None, None]
    assert small.made_at_iso()[3] == "2022-02-23T12:00:00+00:00"


def test_iterates_back_to_equal_predictions(small):
    back = list(small)
    assert back[2] == P("q2", "bob", D(2022, 2, 1), 0.4, source="s", quote="it may")
    assert back[3].probability == {"a": 0.2, "b": 0.5, "c": 0.3}
    assert back[4].probability == fs.ProbabilityRange(0.2, 0.45)
    assert Ledger.from_predictions(back) == small


def test_keeps_the_offset_of_a_datetime():
    plus2 = dt.timezone(dt.timedelta(hours=2))
    t = dt.datetime(2022, 2, 24, 1, 30, tzinfo=plus2)
    back = Ledger.from_predictions([P("q", "a", t, 0.5)])[0].made_at
    assert back == t and back.utcoffset() == dt.timedelta(hours=2)
    assert back.isoformat() == "2022-02-24T01:30:00+02:00"


def test_keeps_a_named_zone_even_in_a_fold():
    zoneinfo = pytest.importorskip("zoneinfo")
    ny = zoneinfo.ZoneInfo("America/New_York")
    # 01:30 on 2016-11-06 happens twice in New York (EDT, then EST after the fold).
    first = dt.datetime(2016, 11, 6, 1, 30, tzinfo=ny)
    second = first.replace(fold=1)
    gap = dt.datetime(2016, 3, 13, 2, 30, tzinfo=ny)  # a wall time that never happened
    preds = [P("q", "a", t, 0.5) for t in (first, second, gap)]
    lg = Ledger.from_predictions(preds)
    assert list(lg) == preds
    assert [p.made_at.fold for p in lg] == [0, 1, 0]
    # 01:30 EDT is 05:30Z and 01:30 EST is 06:30Z.
    assert lg.made_at[:2].tolist() == [
        dt.datetime(2016, 11, 6, 5, 30),
        dt.datetime(2016, 11, 6, 6, 30),
    ]
    assert lg[1:][0].made_at.fold == 1


def test_indexing_and_take(small):
    assert small[-1] == small[4]
    sub = small[1:3]
    assert isinstance(sub, Ledger) and sub.question.tolist() == ["q1", "q2"]
    picked = small[np.array([3, 0])]
    assert picked[0].probability == {"a": 0.2, "b": 0.5, "c": 0.3}
    assert small[small.is_range].forecaster.tolist() == ["carol"]
    with pytest.raises(fs.ShapeError, match="^index 5 is out of range for a ledger of 5 pred"):
        small[5]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # Bug: take([3]) on a 3-row ledger reported "index 4 is out of bounds for axis 0 with
        # size 4" from an internal array, and take([-5]) a numpy IndexError.
        (lambda lg: lg.take([3]), r"^rows\[0\] = 3 is out of range for a ledger of 3 "),
        (lambda lg: lg.take([0, -4]), r"^rows\[1\] = -4 is out of range for a ledger of 3 "),
        (lambda lg: lg[[1, 3]], r"^index\[1\] = 3 is out of range for a ledger of 3 "),
        (lambda lg: lg[np.array([-4])], r"^index\[0\] = -4 is out of range for a ledger of 3 "),
        (lambda lg: lg[-4], r"^index -4 is out of range for a ledger of 3 predictions"),
        (lambda lg: lg.take(np.array([2**64 - 1], dtype=np.uint64)), r"rows\[0\] = 18446744"),
        (lambda lg: lg[[True, False]], r"one entry per prediction: 3 \(got shape \(2,\)\)"),
    ],
)
def test_ledger_index_out_of_range_names_the_index_and_length(call, message):
    lg = Ledger.from_predictions([P("q", f, D(2022, 1, 8), 0.5) for f in ("a", "b", "c")])
    with pytest.raises(fs.ShapeError, match=message):
        call(lg)


def test_ledger_take_counts_negative_indices_from_the_end():
    lg = Ledger.from_predictions([P("q", f, D(2022, 1, 8), 0.5) for f in ("a", "b", "c")])
    assert lg.take([-1, 0, -3]).forecaster.tolist() == ["c", "a", "a"]
    assert lg[[-2]].forecaster.tolist() == ["b"]
    assert len(lg.take([])) == 0
    with pytest.raises(fs.ForecastTypeError, match=r"rows must be integers \(got \[0\.5\]\)"):
        lg.take([0.5])
    with pytest.raises(fs.ForecastTypeError, match="rows must be integer indices .* booleans"):
        lg.take([True, False, True])


def test_filter(small):
    assert small.filter(forecaster="bob").question.tolist() == ["q1", "q2"]
    assert small.filter(forecaster=["alice", "carol"], question="q1").forecaster.tolist() == [
        "alice",
        "carol",
    ]
    # since is inclusive; a date until includes its whole day (the 12:00 datetime on 02-23).
    assert len(small.filter(since=D(2022, 1, 9), until=D(2022, 2, 23))) == 3
    assert len(small.filter(until=dtu(2022, 2, 23, 11))) == 4
    assert len(small.filter(forecaster="nobody")) == 0


def test_from_arrays():
    made = np.array(["2022-01-08", "2022-01-09"], dtype="datetime64[D]")
    lg = Ledger.from_arrays(["q", "q"], ["a", "b"], made, [0.3, 0.8])
    assert list(lg) == [P("q", "a", D(2022, 1, 8), 0.3), P("q", "b", D(2022, 1, 9), 0.8)]
    secs = np.array(["2022-01-08T06:00:00"], dtype="datetime64[s]")
    assert Ledger.from_arrays(["q"], ["a"], secs, [0.5])[0].made_at == dtu(2022, 1, 8, 6)
    cat = Ledger.from_arrays(["q"], ["a"], [D(2022, 1, 8)], [[0.2, 0.8]], options=["no", "yes"])
    assert cat[0].probability == {"no": 0.2, "yes": 0.8}
    rng = Ledger.from_arrays(["q"], ["a"], made[:1], low=[0.2], high=[0.45])
    assert rng[0].probability == fs.ProbabilityRange(0.2, 0.45)
    assert rng == Ledger.from_predictions(
        [P("q", "a", D(2022, 1, 8), fs.ProbabilityRange(0.2, 0.45))]
    )


# --- scoring: hand-computed values --------------------------------------------------------


def test_score_hand_computed(small):
    outcomes = [
        O("q1", D(2022, 2, 24), "yes"),
        O("q2", D(2022, 3, 1), False),
        O("q3", D(2022, 3, 1), "c"),
    ]
    t = small.score(outcomes)
    assert t.rows.tolist() == [0, 1, 2, 3, 4]
    # (0.3-1)^2 = 0.49; (0.8-1)^2 = 0.04; (0.4-0)^2 = 0.16;
    # categorical: 0.2^2 + 0.5^2 + (0.3-1)^2 = 0.04 + 0.25 + 0.49 = 0.78
    np.testing.assert_allclose(t.score[:4], [0.49, 0.04, 0.16, 0.78], rtol=1e-14)
    # The range [0.2, 0.45] on yes: best (0.45-1)^2 = 0.3025, worst (0.2-1)^2 = 0.64.
    assert math.isnan(t.score[4])
    assert t.best[4] == pytest.approx(0.3025) and t.worst[4] == pytest.approx(0.64)
    np.testing.assert_allclose(t.best[:4], t.score[:4])
    # Lead times: 2022-01-08 -> 2022-02-24 is 23 + 24 = 47 days; 01-09 -> 46;
    # 02-01 -> 03-01 is 28; 02-23 12:00 -> 03-01 00:00 is 5.5.
    np.testing.assert_allclose(t.lead_time_days, [47, 46, 28, 5.5, 47])
    assert t.counts == {"scored": 5, "unresolved": 0, "annulled": 0, "hindsight": 0, **NO_NEW}
    log = small.score(outcomes, rule="log")
    assert log.score[0] == pytest.approx(-math.log(0.3))  # 1.2039728 nats
    assert log.score[3] == pytest.approx(-math.log(0.3))  # the categorical's 0.3 on c


def test_two_option_mapping_scores_twice_the_binary():
    lg = Ledger.from_predictions(
        [P("q", "a", D(2022, 1, 1), 0.7), P("q", "b", D(2022, 1, 1), {"no": 0.3, "yes": 0.7})]
    )
    t = lg.score([O("q", D(2022, 2, 1), "no")])
    # binary (0.7 - 0)^2 = 0.49; categorical 0.7^2 + 0.7^2 = 0.98
    np.testing.assert_allclose(t.score, [0.49, 0.98])


def test_left_out_rows_are_counted(small):
    outcomes = [O("q1", D(2022, 1, 9), "yes"), O("q3", D(2022, 3, 1), None, annulled=True)]
    t = small.score(outcomes, hindsight="drop")
    # q1 resolved 01-09: alice and carol (01-08) count, bob (01-09, the same day) is
    # hindsight; q2 has no outcome; q3 is annulled.
    assert t.rows.tolist() == [0, 4]
    assert t.hindsight.tolist() == [1]
    assert t.unresolved.tolist() == [2]
    assert t.annulled.tolist() == [3]
    assert t.counts == {"scored": 2, "unresolved": 1, "annulled": 1, "hindsight": 1, **NO_NEW}


@pytest.mark.parametrize(
    ("made", "resolved", "counts"),
    [
        (D(2022, 2, 24), D(2022, 2, 24), False),  # same day: not before
        (D(2022, 2, 23), D(2022, 2, 24), True),
        (dtu(2022, 2, 23, 23, 59), D(2022, 2, 24), True),
        (D(2022, 2, 23), dtu(2022, 2, 24, 0, 0), True),  # D counts against D+1 00:00Z
        (D(2022, 2, 23), dtu(2022, 2, 23, 23, 0), False),  # the date's day is not over
        (dtu(2022, 2, 24, 0, 0), D(2022, 2, 24), False),  # a datetime on the day
        # 01:00+02:00 on the 24th is 23:00Z on the 23rd: before the 24th begins.
        (
            dt.datetime(2022, 2, 24, 1, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            D(2022, 2, 24),
            True,
        ),
        (dtu(2022, 2, 24, 9, 0, 0), dtu(2022, 2, 24, 9, 0, 0, 1), True),  # one microsecond
        (dtu(2022, 2, 24, 9, 0, 0), dtu(2022, 2, 24, 9, 0, 0), False),
    ],
)
def test_hindsight_rule_matches_made_before(made, resolved, counts):
    assert made_before(made, resolved) is counts
    t = Ledger.from_predictions([P("q", "a", made, 0.5)]).score(
        [O("q", resolved, "yes")], hindsight="drop"
    )
    assert len(t) == int(counts) and len(t.hindsight) == int(not counts)


# --- summaries: hand-computed values ------------------------------------------------------


def _six_questions():
    preds = [P(f"q{i}", "alice", D(2022, 1, 1), 0.8) for i in range(6)]
    preds += [P("q0", "bob", D(2022, 1, 1), 0.5), P("q0", "bob", D(2022, 1, 2), 0.6)]
    outcomes = [O(f"q{i}", D(2022, 2, 1), i % 2 == 0) for i in range(6)]
    return Ledger.from_predictions(preds).score(outcomes)


def test_by_forecaster_hand_computed():
    s = _six_questions().by_forecaster()
    assert s.key.tolist() == ["alice", "bob"]
    assert s.n.tolist() == [6, 2] and s.n_questions.tolist() == [6, 1]
    # alice: three 0.04 and three 0.64, mean 0.34; bob: (0.25 + 0.16) / 2 = 0.205.
    np.testing.assert_allclose(s.mean_score, [0.34, 0.205])
    # alice's question means are 0.04 and 0.64, so any resample's mean lies between.
    assert 0.04 <= s.ci_low[0] < 0.34 < s.ci_high[0] <= 0.64
    # bob has one question: no interval.
    assert math.isnan(s.ci_low[1]) and math.isnan(s.ci_high[1])
    rec = s.to_records()[1]
    assert (
        rec["forecaster"] == "bob"
        and rec["ci_low"] is None
        and rec["mean_score"] == pytest.approx(0.205)
    )


def test_bootstrap_is_reproducible_and_collapses_on_equal_questions():
    table = _six_questions()
    a, b = table.by_forecaster(seed=7), table.by_forecaster(seed=7)
    np.testing.assert_array_equal(a.ci_low, b.ci_low)
    lg = Ledger.from_predictions([P(f"q{i}", "x", D(2022, 1, 1), 0.9) for i in range(5)])
    s = lg.score([O(f"q{i}", D(2022, 2, 1), True) for i in range(5)]).by_forecaster()
    # every question scores (0.9 - 1)^2 = 0.01, so every resample's mean is 0.01.
    assert s.ci_low[0] == pytest.approx(0.01) and s.ci_high[0] == pytest.approx(0.01)


def test_normal_interval_hand_computed():
    # Scores 0.04, 0.64, 0.04, 0.64, 0.04 on five questions: mean 1.4 / 5 = 0.28; residuals
    # -0.24 (x3) and 0.36 (x2), squares 3 * 0.0576 + 2 * 0.1296 = 0.432; times 5/4 = 0.54;
    # se = sqrt(0.54) / 5 = 0.1469694; z = 1.959964: 0.28 -+ 0.2880550.
    lg = Ledger.from_predictions([P(f"q{i}", "x", D(2022, 1, 1), 0.8) for i in range(5)])
    t = lg.score([O(f"q{i}", D(2022, 2, 1), i % 2 == 0) for i in range(5)])
    s = t.by_forecaster(interval="normal")
    assert s.mean_score[0] == pytest.approx(0.28)
    assert s.ci_low[0] == pytest.approx(0.28 - 0.2880550, abs=1e-6)
    assert s.ci_high[0] == pytest.approx(0.28 + 0.2880550, abs=1e-6)
    assert s.interval == "normal"
    with pytest.raises(
        fs.InvalidOptionError, match=r"interval must be one of 'bootstrap', 'normal' \(got 't'\)"
    ):
        t.by_forecaster(interval="t")


def test_summary_of_ranges_is_bounded(small):
    t = small.score([O("q1", D(2022, 2, 24), "yes")])
    s = t.by_forecaster()
    carol = s.to_records()[s.key.tolist().index("carol")]
    assert carol["mean_score"] is None and carol["n_ranges"] == 1
    assert carol["mean_best"] == pytest.approx(0.3025) and carol["mean_worst"] == pytest.approx(
        0.64
    )


def test_by_question_and_lead_time(small):
    t = small.score([O("q1", D(2022, 2, 24), "yes"), O("q2", D(2022, 3, 1), False)])
    q = t.by_question()
    assert q.key.tolist() == ["q1", "q2"] and q.n.tolist() == [3, 1]
    lt = t.by_lead_time([0, 30, 60])
    # lead times 47, 46, 28 (q2), 47: one in [0, 30), three in [30, 60).
    assert lt.key.tolist() == ["[0, 30)", "[30, 60)"]
    assert lt.n.tolist() == [1, 3]
    assert lt.mean_score[0] == pytest.approx(0.16)


# --- time-averaged: hand-computed values --------------------------------------------------


def _gjo(prob_a, prob_b):
    return Ledger.from_predictions(
        [P("q", "me", D(2022, 3, 1), prob_a), P("q", "me", D(2022, 3, 4), prob_b)]
    )


def test_good_judgment_open_published_example():
    # 0.9 on days 1-3, 0.95 on days 4-7, outcome yes (known on day 8). Daily two-option
    # Brier: 0.1^2 + 0.1^2 = 0.02 and 0.05^2 + 0.05^2 = 0.005; question score
    # (3 * 0.02 + 4 * 0.005) / 7 = 0.08 / 7 = 0.0114...
    lg = _gjo({"no": 0.1, "yes": 0.9}, {"no": 0.05, "yes": 0.95})
    out = [O("q", D(2022, 3, 8), "yes")]
    t = time_averaged(lg, out, granularity="day")
    assert t.score[0] == pytest.approx(0.08 / 7, rel=1e-12)
    assert round(float(t.score[0]), 4) == 0.0114
    assert t.span_days[0] == 7 and t.coverage[0] == 1 and t.n_forecasts[0] == 2
    # The binary Brier is half: 0.04 / 7.
    binary = time_averaged(_gjo(0.9, 0.95), out, granularity="day")
    assert binary.score[0] == pytest.approx(0.04 / 7, rel=1e-12)
    # With dates only, exact durations give the same.
    assert time_averaged(_gjo(0.9, 0.95), out).score[0] == pytest.approx(0.04 / 7, rel=1e-12)


def test_exact_durations_with_datetimes():
    # 0.5 stands 6 hours, then 1.0 stands 18 hours; yes: (6 * 0.25 + 18 * 0) / 24 = 0.0625.
    lg = Ledger.from_predictions(
        [P("q", "a", dtu(2022, 3, 1, 0), 0.5), P("q", "a", dtu(2022, 3, 1, 6), 1.0)]
    )
    t = time_averaged(lg, [O("q", dtu(2022, 3, 2, 0), True)])
    assert t.score[0] == pytest.approx(0.0625) and t.span_days[0] == 1.0


def test_day_granularity_takes_the_last_forecast_of_each_day():
    # On 03-01 the forecaster says 0.2 then 0.9; the day is scored by 0.9. Resolved 03-03
    # (yes): days 03-01 and 03-02 at 0.9: Brier 0.01.
    lg = Ledger.from_predictions(
        [P("q", "a", dtu(2022, 3, 1, 8), 0.2), P("q", "a", dtu(2022, 3, 1, 20), 0.9)]
    )
    t = time_averaged(lg, [O("q", D(2022, 3, 3), True)], granularity="day")
    assert t.score[0] == pytest.approx(0.01) and t.span_days[0] == 2


def test_start_at_opens_with_uniform_fill():
    # Opens 02-26; forecasts from 03-01; resolved 03-08 (10 days). Fill 0.5 for 3 days
    # (Brier 0.25), then 0.9 for 3 days (0.01), then 0.95 for 4 days (0.0025):
    # (0.75 + 0.03 + 0.01) / 10 = 0.079. Coverage 7 / 10.
    q = fs.Question("q", opens=D(2022, 2, 26))
    t = time_averaged(_gjo(0.9, 0.95), [O("q", D(2022, 3, 8), "yes")], questions=[q], start="opens")
    assert t.score[0] == pytest.approx(0.079) and t.span_days[0] == 10
    assert t.coverage[0] == pytest.approx(0.7)
    # The default start (first forecast) reports the same coverage.
    first = time_averaged(_gjo(0.9, 0.95), [O("q", D(2022, 3, 8), "yes")], questions=[q])
    assert first.coverage[0] == pytest.approx(0.7) and first.span_days[0] == 7
    # A numeric fill: P(yes) = 0.8 for 3 days scores 0.04: (0.12 + 0.03 + 0.01) / 10.
    t8 = time_averaged(
        _gjo(0.9, 0.95), [O("q", D(2022, 3, 8), "yes")], questions=[q], start="opens", fill=0.8
    )
    assert t8.score[0] == pytest.approx(0.016)


def test_uniform_fill_of_a_categorical_forecast():
    # Opens 01-01, forecast {x: .5, y: .3, z: .2} from 01-05, x happens, known 01-09.
    # Fill 1/3 each for 4 days: (2/3)^2 + 2 (1/3)^2 = 6/9; then 0.5^2 + 0.3^2 + 0.2^2 = 0.38
    # for 4 days: (4 * 6/9 + 4 * 0.38) / 8 = 0.523333...
    lg = Ledger.from_predictions([P("c", "a", D(2022, 1, 5), {"x": 0.5, "y": 0.3, "z": 0.2})])
    q = fs.Question("c", options=("x", "y", "z"), opens=D(2022, 1, 1))
    t = time_averaged(lg, [O("c", D(2022, 1, 9), "x")], questions=[q], start="opens")
    assert t.score[0] == pytest.approx((4 * 6 / 9 + 4 * 0.38) / 8)
    assert t.coverage[0] == 0.5
    with pytest.raises(fs.InvalidOptionError, match="use fill='uniform' for categorical"):
        time_averaged(lg, [O("c", D(2022, 1, 9), "x")], questions=[q], start="opens", fill=0.3)


def test_coverage_without_opens_uses_the_first_forecast_by_anyone():
    lg = Ledger.from_predictions([P("q", "a", D(2022, 3, 1), 0.9), P("q", "b", D(2022, 3, 2), 0.9)])
    t = time_averaged(lg, [O("q", D(2022, 3, 8), True)])
    assert t.forecaster.tolist() == ["a", "b"]
    np.testing.assert_allclose(t.coverage, [1.0, 6 / 7])


def test_time_averaged_range_and_counts(small):
    t = time_averaged(small, [O("q1", D(2022, 2, 24), "yes")])
    carol = t.forecaster.tolist().index("carol")
    assert math.isnan(t.score[carol])
    assert t.best[carol] == pytest.approx(0.3025) and t.worst[carol] == pytest.approx(0.64)
    assert t.counts["unresolved"] == 2
    s = t.by_forecaster()
    assert s.key.tolist() == ["alice", "bob", "carol"]


# --- reference: hand-computed values ------------------------------------------------------


def test_compare_to_reference():
    crowd = Ledger.from_predictions(
        [
            P("q", "crowd", D(2022, 1, 1), 0.4),
            P("q", "crowd", D(2022, 1, 8), 0.5),  # same day as the pundit: standing
            P("q", "crowd", D(2022, 1, 20), 0.7),
        ]
    )
    pundit = Ledger.from_predictions(
        [
            P("q", "pundit", D(2021, 12, 1), 0.6),  # before any crowd forecast
            P("q", "pundit", D(2022, 1, 8), 0.3),
            P("q", "pundit", D(2022, 2, 1), 0.9),
        ]
    )
    cmp = compare_to_reference(pundit, crowd, [O("q", D(2022, 2, 24), "yes")])
    # Claim 01-08 (0.49) against the crowd's 0.5 (0.25): +0.24; claim 02-01 (0.01) against
    # 0.7 (0.09): -0.08.
    np.testing.assert_allclose(cmp.reference_score, [0.25, 0.09])
    np.testing.assert_allclose(cmp.difference, [0.24, -0.08])
    assert cmp.reference_row.tolist() == [1, 2]
    assert cmp.no_reference.tolist() == [0]
    assert cmp.counts["no_reference"] == 1
    s = cmp.by_forecaster()
    assert s.mean_score[0] == pytest.approx(0.08)


# --- errors -------------------------------------------------------------------------------


def test_errors_building_ledgers():
    with pytest.raises(fs.ForecastTypeError, match=r"predictions\[1\] must be a Prediction"):
        Ledger.from_predictions([P("q", "a", D(2022, 1, 1), 0.5), 0.5])
    made = np.array(["2022-01-08", "2022-01-09"], dtype="datetime64[D]")
    with pytest.raises(fs.InvalidForecastError, match=r"probability\[1\] = 1.3"):
        Ledger.from_arrays(["q", "q"], ["a", "b"], made, [0.3, 1.3])
    with pytest.raises(fs.ForecastTypeError, match=r"probability\[0\] = True is a boolean"):
        Ledger.from_arrays(["q", "q"], ["a", "b"], made, [True, False])
    with pytest.raises(fs.ShapeError, match="probability has 3 entries but question has 2"):
        Ledger.from_arrays(["q", "q"], ["a", "b"], made, [0.3, 0.4, 0.5])
    with pytest.raises(fs.InvalidTimeError, match=r"made_at\[1\] is NaT"):
        Ledger.from_arrays(
            ["q", "q"], ["a", "b"], np.array(["2022-01-08", "NaT"], "datetime64[D]"), [0.3, 0.4]
        )
    with pytest.raises(fs.InvalidTimeError, match=r"made_at\[0\].*naive"):
        Ledger.from_arrays(["q"], ["a"], [dt.datetime(2022, 1, 8)], [0.3])
    with pytest.raises(fs.ForecastTypeError, match=r"forecaster\[1\] must be a non-empty string"):
        Ledger.from_arrays(["q", "q"], ["a", " "], made, [0.3, 0.4])
    with pytest.raises(fs.InvalidForecastError, match=r"low\[0\] = 0.5 exceeds high\[0\] = 0.4"):
        Ledger.from_arrays(["q"], ["a"], made[:1], low=[0.5], high=[0.4])
    with pytest.raises(fs.InvalidForecastError, match=r"probability\[0, :\] sums to 0\.9, not 1"):
        Ledger.from_arrays(["q"], ["a"], made[:1], [[0.5, 0.4]], options=["no", "yes"])
    with pytest.raises(
        fs.ShapeError, match=r"a two-dimensional probability \(n, k\) needs options="
    ):
        Ledger.from_arrays(["q"], ["a"], made[:1], [[0.5, 0.5]])


def test_errors_scoring(small):
    out = [O("q1", D(2022, 1, 9), "yes")]
    with pytest.raises(
        fs.HindsightError,
        match=r"^row 1: the prediction by 'bob' on question 'q1' was made at 2022-01-09, "
        r"not before its outcome was known at 2022-01-09 \(1 such row\(s\)",
    ):
        small.score(out)
    with pytest.raises(
        fs.InvalidOptionError, match=r"hindsight must be one of 'raise', 'drop' \(got 'ignore'\)"
    ):
        small.score(out, hindsight="ignore")
    with pytest.raises(fs.UnknownRuleError, match="rule 'brie' is not known"):
        small.score(out, rule="brie")
    with pytest.raises(
        fs.InvalidOutcomeError, match=r"outcomes\[1\]: a second outcome for question 'q1'"
    ):
        small.score([*out, O("q1", D(2022, 2, 1), "no")])
    with pytest.raises(
        fs.InvalidOutcomeError,
        match=r"^outcomes\[0\]: 'value' 'maybe' is not an option of question 'q2' \(options: no, yes\)",
    ):
        small.score([O("q2", D(2022, 3, 1), "maybe")])
    with pytest.raises(
        fs.InvalidOutcomeError,
        match=r"^outcomes\[0\]: 'value' 'd' is not an option of question 'q3' \(options: a, b, c\)",
    ):
        small.score([O("q3", D(2022, 3, 1), "d")])
    three = fs.Question("q2", options=("a", "b", "c"))
    with pytest.raises(
        fs.InvalidForecastError,
        match=r"^row 2: a single probability needs a two-option question, but question 'q2' has 3",
    ):
        small.score([O("q2", D(2022, 3, 1), "a")], questions=[three])
    q3 = fs.Question("q3", options=("a", "b"))
    with pytest.raises(
        fs.InvalidForecastError,
        match=r"^row 3: 'probability' names option 'c' that question 'q3' does not have",
    ):
        small.score([O("q3", D(2022, 3, 1), "a")], questions=[q3])
    with pytest.raises(
        fs.ForecastTypeError, match="^outcomes must be an iterable of Outcome, not one Outcome"
    ):
        small.score(out[0])


def test_errors_summaries_and_time_averages(small):
    t = small.score([O("q1", D(2022, 2, 24), "yes")])
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"^row 0: lead time 47\.0 days is outside the bins \[0\.0, 10\.0\]",
    ):
        t.by_lead_time([0, 10])
    with pytest.raises(
        fs.InvalidOptionError, match=r"bins must be .* strictly increasing .* \(got \[0, 10, 5\]\)"
    ):
        t.by_lead_time([0, 10, 5])
    with pytest.raises(
        fs.InvalidOptionError, match=r"n_resamples must be an integer >= 1 \(got 0\)"
    ):
        t.by_forecaster(n_resamples=0)
    with pytest.raises(
        fs.InvalidOptionError, match=r"confidence must be a number in \(0, 1\) \(got 95\)"
    ):
        t.by_forecaster(confidence=95)
    out = [O("q1", D(2022, 2, 24), "yes")]
    with pytest.raises(fs.InvalidOptionError, match="start='opens' needs questions="):
        time_averaged(small, out, start="opens")
    with pytest.raises(fs.InvalidTimeError, match="question 'q1' has no 'opens'"):
        time_averaged(small, out, start="opens", questions=[fs.Question("q1")])
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"fill must be 'uniform' or a probability in \[0, 1\] \(got 1\.5\)",
    ):
        time_averaged(small, out, fill=1.5)
    with pytest.raises(
        fs.InvalidOptionError, match=r"granularity must be one of 'exact', 'day' \(got 'hour'\)"
    ):
        time_averaged(small, out, granularity="hour")


def test_errors_reference(small):
    out = [O("q1", D(2022, 2, 24), "yes")]
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"reference must hold one forecaster's forecasts \(got \['alice', 'bob', 'carol'\]\)",
    ):
        compare_to_reference(small, small, out)
    with pytest.raises(fs.InvalidForecastError, match="^reference row 0 is a probability range"):
        compare_to_reference(small, small.filter(forecaster="carol"), out)
    cat = Ledger.from_predictions([P("q1", "crowd", D(2022, 1, 1), {"no": 0.5, "yes": 0.5})])
    with pytest.raises(
        fs.InvalidForecastError,
        match=r"^row 0: a binary claim cannot be compared with a reference .* \(row 0 of the reference\)",
    ):
        compare_to_reference(small.filter(forecaster="alice"), cat, out)


# --- properties ---------------------------------------------------------------------------


mixed_predictions = predictions(questions=questions(max_options=4), ranges=True)


@given(st.lists(mixed_predictions, max_size=12))
def test_round_trip_through_columns(preds):
    lg = Ledger.from_predictions(preds)
    assert list(lg) == preds
    assert len(lg) == len(preds)
    assert Ledger.from_predictions(list(lg)) == lg


@given(st.lists(prediction_outcome_pairs(max_options=4, ranges=True), min_size=1, max_size=10))
def test_agrees_with_score_one_claim_at_a_time(triples):
    # One outcome per question: keep the first triple of each question id.
    seen = {}
    for q, p, o in triples:
        seen.setdefault(q.id, (q, p, o))
    qs, preds, outs = zip(*seen.values(), strict=True)
    for rule in ("brier", "log", "spherical"):
        t = Ledger.from_predictions(preds).score(outs, rule=rule, questions=qs)
        for j, (p, o, q) in enumerate(zip(preds, outs, qs, strict=True)):
            expected = fs.score(p, o, rule=rule, question=q)
            if isinstance(expected, fs.ScoreRange):
                assert t.best[j] == pytest.approx(expected.best)
                assert t.worst[j] == pytest.approx(expected.worst)
            else:
                assert t.score[j] == pytest.approx(expected, rel=1e-12, abs=1e-15)


@given(st.lists(st.tuples(times(), times()), min_size=1, max_size=20))
def test_vectorised_hindsight_is_made_before(pairs):
    preds = [P(f"q{i}", "a", m, 0.5) for i, (m, _) in enumerate(pairs)]
    outs = [O(f"q{i}", r, True) for i, (_, r) in enumerate(pairs)]
    t = Ledger.from_predictions(preds).score(outs, hindsight="drop")
    expected = [i for i, (m, r) in enumerate(pairs) if made_before(m, r)]
    assert t.rows.tolist() == expected


@st.composite
def histories(draw):
    """One forecaster's dated forecasts on a yes/no question, and its outcome (one forecast a
    day: two at the same instant are refused)."""
    days = sorted(draw(st.lists(st.integers(0, 60), min_size=1, max_size=6, unique=True)))
    probs = draw(st.lists(st.floats(0, 1), min_size=len(days), max_size=len(days)))
    start = D(2022, 1, 1)
    preds = [P("q", "a", start + dt.timedelta(days=d), p) for d, p in zip(days, probs, strict=True)]
    resolved = start + dt.timedelta(days=days[-1] + draw(st.integers(1, 30)))
    return preds, O("q", resolved, draw(st.booleans()))


def _ta(preds, outcome, **kw):
    return float(time_averaged(Ledger.from_predictions(preds), [outcome], **kw).score[0])


@given(histories(), st.data())
def test_repeating_a_forecast_unchanged_changes_nothing(history, data):
    preds, outcome = history
    last = preds[-1]
    gap = (outcome.resolved_at - last.made_at).days
    assume(gap >= 2)
    later = last.made_at + dt.timedelta(days=data.draw(st.integers(1, gap - 1)))
    repeated = [*preds, P("q", "a", later, last.probability)]
    for granularity in ("exact", "day"):
        assert _ta(repeated, outcome, granularity=granularity) == pytest.approx(
            _ta(preds, outcome, granularity=granularity), rel=1e-12, abs=1e-15
        )


@given(histories(), st.data())
def test_splitting_a_standing_forecast_changes_nothing(history, data):
    preds, outcome = history
    i = data.draw(st.integers(0, len(preds) - 1))
    end = preds[i + 1].made_at if i + 1 < len(preds) else outcome.resolved_at
    span = (end - preds[i].made_at).days
    assume(span >= 2)
    at = preds[i].made_at + dt.timedelta(days=data.draw(st.integers(1, span - 1)))
    split = [*preds[: i + 1], P("q", "a", at, preds[i].probability), *preds[i + 1 :]]
    assert _ta(split, outcome) == pytest.approx(_ta(preds, outcome), rel=1e-12, abs=1e-15)


@given(histories(), st.randoms())
def test_time_average_lies_between_the_scores_and_ignores_row_order(history, rnd):
    preds, outcome = history
    scores = [fs.score(p, outcome) for p in preds]
    avg = _ta(preds, outcome)
    assert min(scores) - 1e-12 <= avg <= max(scores) + 1e-12
    shuffled = list(preds)
    rnd.shuffle(shuffled)
    for granularity in ("exact", "day"):
        assert _ta(shuffled, outcome, granularity=granularity) == pytest.approx(
            _ta(preds, outcome, granularity=granularity), rel=1e-12, abs=1e-15
        )


@given(st.lists(prediction_outcome_pairs(), min_size=1, max_size=15), st.integers(0, 2**32 - 1))
def test_summary_mean_is_the_plain_mean(triples, seed):
    seen = {}
    for q, p, o in triples:
        seen.setdefault(q.id, (p, o))
    preds = [p for p, _ in seen.values()]
    outs = [o for _, o in seen.values()]
    t = Ledger.from_predictions(preds).score(outs)
    s = t.by_forecaster(seed=seed, n_resamples=50)
    for k, m in zip(s.key.tolist(), s.mean_score.tolist(), strict=True):
        mine = [fs.score(p, o) for p, o in zip(preds, outs, strict=True) if p.forecaster == k]
        assert m == pytest.approx(sum(mine) / len(mine), rel=1e-12, abs=1e-15)
    again = t.by_forecaster(seed=seed, n_resamples=50)
    np.testing.assert_array_equal(s.ci_low, again.ci_low)


@given(histories())
def test_day_granularity_agrees_with_the_platforms_module(history):
    # An independent implementation of Good Judgment Open's daily carry-forward Brier score
    # (forecastscore.platforms) as an oracle, on the 0..2 two-option form.
    from forecastscore import platforms

    preds, outcome = history
    two = [
        P(p.question, p.forecaster, p.made_at, {"no": 1 - p.probability, "yes": p.probability})
        for p in preds
    ]
    mine = time_averaged(Ledger.from_predictions(two), [outcome], granularity="day").score[0]
    made = np.array([p.made_at for p in preds], dtype="datetime64[D]")
    theirs = platforms.gjopen_time_averaged_brier_score(
        made,
        [p.probability for p in preds],
        outcome.value,
        opens=preds[0].made_at,
        closes=outcome.resolved_at,
    )
    assert mine == pytest.approx(theirs, rel=1e-9, abs=1e-12)


@st.composite
def score_tables(draw):
    """Two forecasters' yes/no forecasts on up to 12 questions, with outcomes."""
    n_q = draw(st.integers(5, 12))
    preds = []
    for f in ("alice", "bob"):
        for i in draw(st.sets(st.integers(0, n_q - 1), min_size=1)):
            for d in range(draw(st.integers(1, 2))):
                preds.append(P(f"q{i}", f, D(2022, 1, 1 + d), draw(st.floats(0, 1))))
    outs = [O(f"q{i}", D(2022, 2, 1), draw(st.booleans())) for i in range(n_q)]
    return Ledger.from_predictions(preds), outs


@given(score_tables(), st.integers(0, 2**32 - 1))
def test_a_forecasters_interval_depends_only_on_their_own_scores(data, seed):
    lg, outs = data
    both = lg.score(outs).by_forecaster(seed=seed, n_resamples=200)
    alone = lg.filter(forecaster="alice").score(outs).by_forecaster(seed=seed, n_resamples=200)
    i = both.key.tolist().index("alice")
    # Equal up to the rounding of a matrix product with one column or with two.
    np.testing.assert_allclose(both.ci_low[i], alone.ci_low[0], rtol=1e-12)
    np.testing.assert_allclose(both.ci_high[i], alone.ci_high[0], rtol=1e-12)
    # Every resample's mean lies between the lowest and highest per-question mean.
    t = lg.filter(forecaster="alice").score(outs)
    per_q = t.by_question()
    if not math.isnan(alone.ci_low[0]):
        assert per_q.mean_score.min() - 1e-12 <= alone.ci_low[0] <= alone.mean_score[0] + 1e-12
        assert alone.mean_score[0] - 1e-12 <= alone.ci_high[0] <= per_q.mean_score.max() + 1e-12


def test_printed_tables_read_well():
    import datetime as dt

    import forecastscore as fs

    q = "russia-ukraine-campaign-2022q1"
    ledger = fs.Ledger.from_predictions(
        [
            fs.Prediction(q, "pundit", dt.date(2022, 1, 8), 0.3),
            fs.Prediction(q, "reader", dt.date(2022, 1, 8), fs.ProbabilityRange(0.2, 0.45)),
        ]
    )
    table = ledger.score([fs.Outcome(q, dt.date(2022, 2, 24), "yes")])
    text = str(table)
    # (0.3 - 1)**2 = 0.49 over 47 days; the range scores 0.55**2 = 0.3025 to 0.8**2 = 0.64
    pundit = next(line for line in text.splitlines() if "pundit" in line)
    assert pundit.split()[-5:] == ["2022-01-08", "0.3", "yes", "47", "0.49"]
    reader = next(line for line in text.splitlines() if "reader" in line)
    assert reader.split()[-4:] == ["0.2..0.45", "yes", "47", "0.3025..0.64"]
    assert "lower is better" in text and "scored 2" in text
    summary = str(table.by_forecaster())
    assert summary.splitlines()[0].split() == [
        "forecaster",
        "n",
        "questions",
        "mean",
        "score",
        "95%",
        "interval",
    ]
    assert "pundit" in summary and "0.49" in summary


# --- regressions: empty tables ------------------------------------------------------------


def _one_unresolved():
    return Ledger.from_predictions([P("q", "a", D(2022, 1, 8), 0.3)])


@pytest.mark.parametrize(
    "ledger", [_one_unresolved(), Ledger.from_predictions([])], ids=["unresolved", "empty"]
)
def test_time_averaged_with_nothing_scored_is_an_empty_table(ledger):
    # Bug: numpy's UFuncTypeError (bincount gave integers for no groups) whenever nothing
    # was scored. One prediction without an outcome: 0 rows, 1 counted as unresolved.
    t = time_averaged(ledger, [])
    assert len(t) == 0 and t.to_records() == []
    assert t.score.dtype == np.float64 and t.coverage.dtype == np.float64
    unresolved = len(ledger)
    assert t.counts == {
        "scored": 0,
        "unresolved": unresolved,
        "annulled": 0,
        "hindsight": 0,
        **NO_NEW,
    }
    s = t.by_forecaster()
    assert len(s) == 0 and s.to_records() == [] and s.n.tolist() == []


def test_every_summary_of_nothing_scored_is_empty_with_its_counts():
    # Nothing scored for every reason at once: q1 unresolved, q2 annulled, q3 hindsight.
    lg = Ledger.from_predictions(
        [
            P("q1", "a", D(2022, 1, 8), 0.3),
            P("q2", "a", D(2022, 1, 8), 0.3),
            P("q3", "a", D(2022, 3, 1), 0.3),
        ]
    )
    outs = [O("q2", D(2022, 2, 1), None, annulled=True), O("q3", D(2022, 2, 1), "yes")]
    counts = {"scored": 0, "unresolved": 1, "annulled": 1, "hindsight": 1, **NO_NEW}
    table = lg.score(outs, hindsight="drop")
    assert len(table) == 0 and table.counts == counts
    for s in (table.by_forecaster(), table.by_question(), table.by_lead_time()):
        assert len(s) == 0 and s.key.tolist() == [] and s.mean_score.tolist() == []
    ta = time_averaged(lg, outs, hindsight="drop", granularity="day")
    assert len(ta) == 0 and ta.counts == counts and len(ta.by_forecaster()) == 0
    crowd = Ledger.from_predictions([P("q1", "crowd", D(2022, 1, 1), 0.5)])
    ref = compare_to_reference(lg, crowd, outs, hindsight="drop")
    assert len(ref) == 0 and ref.counts == {**counts, "no_reference": 0}
    assert len(ref.by_forecaster()) == 0


def test_cli_time_averaged_with_nothing_scored_exits_0(tmp_path, capsys):
    from forecastscore.__main__ import main

    p, o = tmp_path / "p.csv", tmp_path / "o.csv"
    p.write_text("question,forecaster,made_at,probability\nq,a,2022-01-08,0.3\n")
    o.write_text("question,resolved_at,outcome\n")
    assert main(["score", str(p), str(o), "--time-averaged"]) == 0
    out = capsys.readouterr().out
    assert "scored 0; not scored: 1 without an outcome" in out
    assert main(["score", str(p), str(o), "--time-averaged", "--format", "csv"]) == 0
    assert capsys.readouterr().out == ("question,forecaster,score,best,worst,coverage,span_days\n")


# --- regressions: custom rules ------------------------------------------------------------


def _nan_at_03(p, y):
    p = np.asarray(p, dtype=float)
    return np.where(p == 0.3, np.nan, (p - y) ** 2)


def _strings(p, y):
    return np.full(len(p), "low")


def _one_number(p, y):
    return 0.5


@pytest.mark.parametrize(
    ("rule", "error", "message"),
    [
        # Bug: NaN scores came out silently; strings raised a bare ValueError from numpy.
        (_nan_at_03, fs.InvalidOptionError, r"^row 1: rule '_nan_at_03' returned NaN for a valid"),
        (
            _strings,
            fs.ForecastTypeError,
            r"^rule '_strings' returned array\(\['low', 'low', 'low'\].* one number per forecast",
        ),
        (
            lambda p, y: "bad",
            fs.ForecastTypeError,
            r"^rule '<lambda>' returned 'bad'; a rule must return one number per forecast",
        ),
        (
            lambda p, y: [[1.0], [1.0, 2.0], []],
            fs.ForecastTypeError,
            r"returned \[\[1\.0\], \[1\.0, 2\.0\], \[\]\]; a rule must return one number",
        ),
        (
            _one_number,
            fs.ShapeError,
            r"^rule '_one_number' returned shape \(\) for 3 forecasts; a rule must return one",
        ),
        (
            lambda p, y: np.asarray(p) > 0.5,
            fs.ForecastTypeError,
            r"returned array\(\[False, False,  True\]\); a rule must return one number",
        ),
    ],
)
def test_ledger_score_refuses_a_custom_rule_returning_nan_text_or_wrong_shape(rule, error, message):
    lg = Ledger.from_predictions(
        [
            P("q", "a", D(2022, 1, 8), 0.1),
            P("q", "b", D(2022, 1, 8), 0.3),
            P("q", "c", D(2022, 1, 8), 0.9),
        ]
    )
    with pytest.raises(error, match=message):
        lg.score([O("q", D(2022, 2, 1), "yes")], rule=rule)


def test_custom_rule_nan_names_the_range_end_and_the_file_line():
    # The range 0.3..0.6 is scored at both ends; the rule gives NaN at its low end 0.3. The
    # range is on line 3 of the file (line 1 is the header).
    text = "question,forecaster,made_at,probability\nq,a,2022-01-08,0.2\nq,b,2022-01-08,0.3..0.6\n"
    lg = fio_read(text, "claims.csv")
    with pytest.raises(
        fs.InvalidOptionError,
        match=r"^claims\.csv:3: rule '_nan_at_03' returned NaN for a valid forecast \(a range's "
        r"low end\) \(1 of 1 such\)",
    ):
        lg.score([O("q", D(2022, 2, 1), "yes")], rule=_nan_at_03)


def test_custom_rule_values_are_used_as_given():
    # |p - y| as a loss: 0.9 -> 0.1, 0.3 -> 0.7 (outcome yes); an integer result is fine.
    lg = Ledger.from_predictions([P("q", "a", D(2022, 1, 8), 0.9), P("q", "b", D(2022, 1, 8), 0.3)])
    t = lg.score([O("q", D(2022, 2, 1), "yes")], rule=lambda p, y: np.abs(np.asarray(p) - y))
    np.testing.assert_allclose(t.score, [0.1, 0.7], rtol=1e-15)
    t = lg.score([O("q", D(2022, 2, 1), "yes")], rule=lambda p, y: np.ones(len(p), dtype=int))
    assert t.score.tolist() == [1.0, 1.0] and t.score.dtype == np.float64


# --- regressions: binary and categorical scales -------------------------------------------


def _mixed():
    # The example: alice's plain 0.7 and her {"no": 0.3, "yes": 0.7}, both on
    # questions resolved 'no'. Binary Brier (0.7 - 0)**2 = 0.49 (0..1); categorical
    # (0.3 - 1)**2 + (0.7 - 0)**2 = 0.98 (0..2). Their mean, 0.735, means nothing.
    lg = Ledger.from_predictions(
        [
            P("q1", "alice", D(2022, 1, 8), 0.7),
            P("q2", "alice", D(2022, 1, 9), {"no": 0.3, "yes": 0.7}),
        ]
    )
    return lg, [O("q1", D(2022, 2, 1), "no"), O("q2", D(2022, 2, 1), "no")]


def test_by_forecaster_refuses_to_average_binary_and_categorical_scales():
    lg, outs = _mixed()
    t = lg.score(outs)
    np.testing.assert_allclose(t.score, [0.49, 0.98], rtol=1e-15)
    mixed = (
        r"^forecaster 'alice' has scores of a plain probability \(row 0\) and of a mapping over "
        r"options \(row 1\): they are on different scales"
    )
    with pytest.raises(fs.InvalidForecastError, match=mixed):
        t.by_forecaster()
    with pytest.raises(fs.InvalidForecastError, match=r"^lead-time bin '\[7, 30\)' has scores"):
        t.by_lead_time()
    # Per question each group is on one scale: 0.49 and 0.98, as scored.
    s = t.by_question()
    assert s.key.tolist() == ["q1", "q2"]
    np.testing.assert_allclose(s.mean_score, [0.49, 0.98], rtol=1e-15)
    # Time-averaged question scores, and differences from a reference, are refused alike.
    with pytest.raises(fs.InvalidForecastError, match=mixed):
        time_averaged(lg, outs).by_forecaster()
    crowd = Ledger.from_predictions(
        [
            P("q1", "crowd", D(2022, 1, 1), 0.5),
            P("q2", "crowd", D(2022, 1, 1), {"no": 0.5, "yes": 0.5}),
        ]
    )
    with pytest.raises(fs.InvalidForecastError, match=mixed):
        compare_to_reference(lg, crowd, outs).by_forecaster()
    # Kept apart, each summary is the plain mean on its own scale.
    plain = lg[~lg.is_categorical].score(outs).by_forecaster().mean_score
    np.testing.assert_allclose(plain, [0.49], rtol=1e-15)
    cat = lg[lg.is_categorical].score(outs).by_forecaster().mean_score
    np.testing.assert_allclose(cat, [0.98], rtol=1e-15)


def test_mixed_scales_error_names_the_file_lines():
    # Categorical forecasts span one line per option: alice's mapping starts on line 3.
    text = (
        "question,forecaster,made_at,probability,option\n"
        "q1,alice,2022-01-08,0.7,\n"
        "q2,alice,2022-01-09,0.3,no\n"
        "q2,alice,2022-01-09,0.7,yes\n"
    )
    lg = fio_read(text, "mix.csv")
    outs = [O("q1", D(2022, 2, 1), "no"), O("q2", D(2022, 2, 1), "no")]
    with pytest.raises(
        fs.InvalidForecastError,
        match=r"^forecaster 'alice' has scores of a plain probability \(mix\.csv:2\) and of a "
        r"mapping over options \(mix\.csv:3\)",
    ):
        lg.score(outs).by_forecaster()


# --- regressions: forecasts at the same instant -------------------------------------------


def test_time_averaged_refuses_two_forecasts_at_the_same_instant_in_any_row_order():
    # Bug: the later row won, so the average depended on row order: 0.9 then 0.1 at the same
    # instant gave 0.81 or 0.01 (outcome no).
    a = P("q", "me", D(2022, 3, 1), 0.9)
    b = P("q", "me", dtu(2022, 3, 1), 0.1)  # 00:00Z: the date's first instant
    other = P("q", "you", D(2022, 3, 1), 0.5)
    out = [O("q", D(2022, 3, 8), "no")]
    for rows, first, second in (([a, other, b], 0, 2), ([b, a, other], 0, 1)):
        for granularity in ("exact", "day"):
            with pytest.raises(
                fs.InvalidForecastError,
                match=rf"^row {first} and row {second}: forecaster 'me' made two forecasts on "
                r"question 'q' at the same instant \(2022-03-01.*\); time_averaged cannot tell "
                r"which of them stood",
            ):
                time_averaged(Ledger.from_predictions(rows), out, granularity=granularity)


def test_same_day_forecasts_by_day_take_the_later_instant_whatever_the_row_order():
    # By whole days the forecast standing at the end of 1 March is the later one, 0.1 at
    # 18:00Z, not the later row. Outcome no, known 3 March: days 1 and 2 score 0.1**2 = 0.01.
    late = P("q", "me", dtu(2022, 3, 1, 18), 0.1)
    early = P("q", "me", dtu(2022, 3, 1, 6), 0.9)
    out = [O("q", D(2022, 3, 3), "no")]
    for rows in ([early, late], [late, early]):
        t = time_averaged(Ledger.from_predictions(rows), out, granularity="day")
        assert t.score[0] == pytest.approx(0.01, rel=1e-14)
        assert t.n_forecasts.tolist() == [2]


def test_same_instant_error_names_the_file_lines():
    text = (
        "question,forecaster,made_at,probability\n"
        "q,me,2022-03-01T12:00:00+00:00,0.9\n"
        "q,you,2022-03-01,0.5\n"
        "q,me,2022-03-01T13:00:00+01:00,0.1\n"
    )
    with pytest.raises(
        fs.InvalidForecastError,
        match=r"^same\.csv:2 and same\.csv:4: forecaster 'me' made two forecasts on question 'q' "
        r"at the same instant \(2022-03-01T12:00:00\+00:00\)",
    ):
        time_averaged(fio_read(text, "same.csv"), [O("q", D(2022, 3, 8), "no")])


def test_compare_to_reference_refuses_two_reference_forecasts_at_the_same_instant():
    # Which of the crowd's 0.2 and 0.8 stood at the claim would depend on row order.
    crowd = Ledger.from_predictions(
        [
            P("q", "crowd", D(2022, 1, 1), 0.2),
            P("other", "crowd", D(2022, 1, 1), 0.3),
            P("q", "crowd", D(2022, 1, 1), 0.8),
        ]
    )
    pundit = Ledger.from_predictions([P("q", "pundit", D(2022, 1, 5), 0.6)])
    with pytest.raises(
        fs.InvalidForecastError,
        match=r"^row 0 and row 2: forecaster 'crowd' made two forecasts on question 'q' at the "
        r"same instant \(2022-01-01\); compare_to_reference cannot tell",
    ):
        compare_to_reference(pundit, crowd, [O("q", D(2022, 2, 1), True)])
    # Same-instant pairs on questions no claim is about change nothing, and are let be.
    dup_elsewhere = crowd.take([0, 1, 1])
    t = compare_to_reference(pundit, dup_elsewhere, [O("q", D(2022, 2, 1), True)])
    assert t.reference_score.tolist() == pytest.approx([0.64])  # (0.2 - 1)**2


# --- regressions: time averages, hand-computed --------------------------------------------


def test_day_granularity_with_a_datetime_resolution_and_opens():
    # 0.5 from 1 Jan (a date), 0.9 from 4 Jan 18:00Z; yes known 6 Jan 06:00Z; the question
    # opens 30 Dec 20:00Z. By whole UTC days the span runs through the last day that begins
    # before the resolution, 6 Jan: days 1..6 Jan, 6 days. 0.5 stands 1-3 Jan (Brier 0.25),
    # 0.9 stands 4-6 Jan (0.01): (3 * 0.25 + 3 * 0.01) / 6 = 0.78 / 6 = 0.13.
    preds = [P("q", "me", D(2022, 1, 1), 0.5), P("q", "me", dtu(2022, 1, 4, 18), 0.9)]
    lg = Ledger.from_predictions(preds)
    out = [O("q", dtu(2022, 1, 6, 6), "yes")]
    t = time_averaged(lg, out, granularity="day")
    assert t.score[0] == pytest.approx(0.78 / 6, rel=1e-14)
    assert t.span_days.tolist() == [6.0]
    # Exactly: 0.5 for 3.75 days (1 Jan 00:00 to 4 Jan 18:00), 0.9 for 1.5 days, over 5.25:
    # (3.75 * 0.25 + 1.5 * 0.01) / 5.25 = 0.9525 / 5.25.
    t = time_averaged(lg, out)
    assert t.score[0] == pytest.approx(0.9525 / 5.25, rel=1e-14)
    assert t.span_days[0] == pytest.approx(5.25, rel=1e-15)
    # From opens (30 Dec 20:00Z counts from the start of 30 Dec): the uniform 0.5 fills
    # 30-31 Dec, 2 days at 0.25: (2 * 0.25 + 3 * 0.25 + 3 * 0.01) / 8 = 1.28 / 8 = 0.16.
    # Coverage: the forecaster stood 6 of the question's 8 days.
    qs = [fs.Question("q", opens=dtu(2021, 12, 30, 20))]
    t = time_averaged(lg, out, granularity="day", start="opens", questions=qs)
    assert t.score[0] == pytest.approx(0.16, rel=1e-14)
    assert t.span_days.tolist() == [8.0] and t.coverage.tolist() == [0.75]
    # A resolution at 00:00Z exactly: 6 Jan does not begin before it, so days 1..5 Jan:
    # (3 * 0.25 + 2 * 0.01) / 5 = 0.77 / 5 = 0.154.
    t = time_averaged(lg, [O("q", dtu(2022, 1, 6), "yes")], granularity="day")
    assert t.score[0] == pytest.approx(0.154, rel=1e-14)


def test_a_range_that_stood_for_no_time_leaves_a_number_not_nan():
    # The range 0.2..0.45 at 1 Jan 09:00Z is replaced at 15:00Z by 0.9; yes known 3 Jan.
    # By whole days the range stood no time: days 1 and 2 Jan both score 0.1**2 = 0.01, a
    # number (best = worst = score), not the NaN of a range.
    preds = [
        P("q", "me", dtu(2022, 1, 1, 9), fs.ProbabilityRange(0.2, 0.45)),
        P("q", "me", dtu(2022, 1, 1, 15), 0.9),
    ]
    out = [O("q", D(2022, 1, 3), "yes")]
    t = time_averaged(Ledger.from_predictions(preds), out, granularity="day")
    assert t.score[0] == pytest.approx(0.01, rel=1e-14)
    assert t.best[0] == pytest.approx(0.01, rel=1e-14)
    assert t.worst[0] == pytest.approx(0.01, rel=1e-14)
    s = t.by_forecaster()
    assert s.n_ranges.tolist() == [0] and s.mean_score[0] == pytest.approx(0.01, rel=1e-14)
    # Exactly, the range stood 6 hours (0.25 day) of 1.625 days: the score is a range,
    # best (0.25 * 0.55**2 + 1.375 * 0.01) / 1.625 = 0.089375 / 1.625 = 0.055,
    # worst (0.25 * 0.8**2 + 1.375 * 0.01) / 1.625 = 0.17375 / 1.625.
    t = time_averaged(Ledger.from_predictions(preds), out)
    assert math.isnan(t.score[0])
    assert t.best[0] == pytest.approx(0.055, rel=1e-14)
    assert t.worst[0] == pytest.approx(0.17375 / 1.625, rel=1e-14)


# --- regressions: where an error comes from -----------------------------------------------


def fio_read(text, name):
    from forecastscore import io as fio

    stream = io.StringIO(text)
    stream.name = name
    return fio.read_predictions_csv(stream)


def test_hindsight_error_from_python_names_the_ledger_row():
    lg = Ledger.from_predictions(
        [
            P("q", "a", D(2022, 1, 8), 0.3),
            P("q2", "b", D(2022, 1, 8), 0.3),
            P("q", "c", D(2022, 2, 1), 0.3),
        ]
    )
    with pytest.raises(
        fs.HindsightError,
        match=r"^row 2: the prediction by 'c' on question 'q' was made at 2022-02-01, not before "
        r"its outcome was known at 2022-02-01 \(1 such row\(s\)",
    ):
        lg.score([O("q", D(2022, 2, 1), "yes")])


def test_hindsight_error_from_a_file_names_the_file_and_line():
    # Bug: it said "row 2" (the ledger's 0-based row). The hindsight claim is on line 5:
    # line 1 is the header and the categorical forecast takes lines 2 and 3.
    text = (
        "question,forecaster,made_at,probability,option\n"
        "q2,a,2022-01-08,0.4,x\n"
        "q2,a,2022-01-08,0.6,y\n"
        "q,b,2022-01-09,0.3,\n"
        "q,c,2022-02-02,0.3,\n"
    )
    lg = fio_read(text, "claims.csv")
    message = (
        r"^claims\.csv:5: the prediction by 'c' on question 'q' was made at 2022-02-02, not "
        r"before its outcome was known at 2022-02-01"
    )
    outs = [O("q", D(2022, 2, 1), "yes")]
    with pytest.raises(fs.HindsightError, match=message):
        lg.score(outs)
    # A ledger taken from it remembers where its rows came from.
    with pytest.raises(fs.HindsightError, match=message):
        lg[1:].score(outs)
    with pytest.raises(fs.HindsightError, match=message):
        time_averaged(lg.filter(forecaster="c"), outs)


def test_hindsight_error_from_a_quoted_csv_and_json_lines_names_the_line():
    # A quoted field with a line break moves the next row down a line: the claim is line 4.
    text = (
        "question,forecaster,made_at,probability,quote\n"
        'q,a,2022-01-08,0.3,"two\nlines"\n'
        "q,late,2022-03-01,0.3,\n"
    )
    with pytest.raises(fs.HindsightError, match=r"^q\.csv:4: the prediction by 'late'"):
        fio_read(text, "q.csv").score([O("q", D(2022, 2, 1), "yes")])
    from forecastscore import io as fio

    lines = (
        '{"question": "q", "forecaster": "a", "made_at": "2022-01-08", "probability": 0.3}\n'
        "\n"
        '{"question": "q", "forecaster": "late", "made_at": "2022-03-01", "probability": 0.3}\n'
    )
    stream = io.StringIO(lines)
    stream.name = "p.jsonl"
    with pytest.raises(fs.HindsightError, match=r"^p\.jsonl:3: the prediction by 'late'"):
        fio.read_predictions_jsonl(stream).score([O("q", D(2022, 2, 1), "yes")])


def test_errors_from_a_file_name_the_line_for_options_and_two_option_questions():
    text = (
        "question,forecaster,made_at,probability,option\n"
        "q3,a,2022-01-08,0.5,x\n"
        "q3,a,2022-01-08,0.5,z\n"
        "q2,b,2022-01-08,0.4,\n"
    )
    lg = fio_read(text, "f.csv")
    q3 = fs.Question("q3", options=("x", "y"))
    with pytest.raises(fs.InvalidForecastError, match=r"^f\.csv:2: 'probability' names option 'z'"):
        lg.score([O("q3", D(2022, 3, 1), "x")], questions=[q3])
    q2 = fs.Question("q2", options=("a", "b", "c"))
    with pytest.raises(fs.InvalidForecastError, match=r"^f\.csv:4: a single probability needs"):
        lg.score([O("q2", D(2022, 3, 1), "a")], questions=[q2])


def test_an_outcome_that_is_no_option_names_its_index():
    lg = Ledger.from_predictions([P("q", "a", D(2022, 1, 8), 0.3)])
    outs = [O("other", D(2022, 2, 1), "yes"), O("q", D(2022, 2, 1), "maybe")]
    with pytest.raises(
        fs.InvalidOutcomeError,
        match=r"^outcomes\[1\]: 'value' 'maybe' is not an option of question 'q' \(options: no, "
        r"yes\)",
    ):
        lg.score(outs)


def test_errors_from_pandas_name_the_frame_row():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "question": ["q", "q", "q"],
            "forecaster": ["a", "b", "c"],
            "made_at": [D(2022, 1, 8), D(2022, 1, 9), D(2022, 3, 1)],
            "probability": [0.3, 0.4, 0.5],
        }
    )
    with pytest.raises(fs.HindsightError, match=r"^row 2: the prediction by 'c'"):
        Ledger.from_pandas(frame).score([O("q", D(2022, 2, 1), "yes")])


@st.composite
def dated_claims(draw):
    """Up to three forecasters' forecasts on two questions, at dates and hourly datetimes
    (several a day), at most one per forecaster, question and instant."""
    preds = []
    for f in ("a", "b", "c"):
        for q in ("q1", "q2"):
            hours = draw(st.lists(st.integers(0, 10 * 24 - 1), max_size=5, unique=True))
            for h in hours:
                t = dtu(2022, 1, 1) + dt.timedelta(hours=h)
                made = t.date() if h % 24 == 0 and draw(st.booleans()) else t
                preds.append(P(q, f, made, draw(st.floats(0, 1))))
    assume(preds)
    outs = [O("q1", D(2022, 1, 11), draw(st.booleans())), O("q2", dtu(2022, 1, 9, 7), "no")]
    return preds, outs


@given(dated_claims(), st.randoms(), st.sampled_from(["exact", "day"]))
def test_time_averaged_never_depends_on_row_order(claims, rnd, granularity):
    preds, outs = claims
    shuffled = list(preds)
    rnd.shuffle(shuffled)
    a = time_averaged(
        Ledger.from_predictions(preds), outs, granularity=granularity, hindsight="drop"
    )
    b = time_averaged(
        Ledger.from_predictions(shuffled), outs, granularity=granularity, hindsight="drop"
    )
    assert a.to_records() == b.to_records()
    assert a.counts == b.counts


def test_an_outcome_that_is_no_option_names_the_outcomes_file_line():
    # Bug: it said "'value' 'maybe'" with neither file nor line; the file's column is
    # 'outcome', and 'maybe' is on line 3 of the outcomes file.
    from forecastscore import io as fio

    stream = io.StringIO("question,resolved_at,outcome\nq1,2022-02-24,yes\nq2,2022-02-24,maybe\n")
    stream.name = "o.csv"
    outs = fio.read_outcomes_csv(stream)
    lg = Ledger.from_predictions(
        [P("q1", "a", D(2022, 1, 8), 0.3), P("q2", "a", D(2022, 1, 8), 0.3)]
    )
    message = (
        r"^o\.csv:3: column 'outcome': 'maybe' is not an option of question 'q2' \(options: "
        r"no, yes\)"
    )
    with pytest.raises(fs.InvalidOutcomeError, match=message):
        lg.score(outs)
    with pytest.raises(fs.InvalidOutcomeError, match=message):
        time_averaged(lg, outs)
    crowd = Ledger.from_predictions([P("q2", "crowd", D(2022, 1, 1), 0.5)])
    with pytest.raises(fs.InvalidOutcomeError, match=message):
        compare_to_reference(lg, crowd, outs)


def test_questions_and_forecasters_are_in_order_of_first_appearance():
    # Bug: they came in the order the names were held (sorted by a reader, or the order of
    # the ledger a subset was taken from), not the rows' order as documented.
    text = "question,forecaster,made_at,probability\nzq,zed,2022-01-08,0.3\naq,amy,2022-01-08,0.4\n"
    lg = fio_read(text, "p.csv")
    assert lg.questions == ["zq", "aq"] and lg.forecasters == ["zed", "amy"]
    back = lg[[1, 0]]
    assert back.questions == ["aq", "zq"] and back.forecasters == ["amy", "zed"]
    assert lg[:0].questions == [] and lg[:0].forecasters == []


# --- one vocabulary: probability and outcome columns, records, frames, reprs -------------


def test_ledger_probability_is_the_point_forecast_and_nan_otherwise(small):
    # rows: 0.3, 0.8, 0.4 (points), a mapping over a, b, c, and the range 0.2..0.45
    p = small.probability
    np.testing.assert_array_equal(p[[0, 1, 2]], [0.3, 0.8, 0.4])
    assert np.isnan(p[3]) and np.isnan(p[4])


def test_score_table_carries_probability_and_outcome():
    lg = Ledger.from_predictions(
        [
            P("q1", "a", D(2022, 1, 8), 0.3),
            P("q2", "a", D(2022, 1, 8), 0.8),
            P("q1", "b", D(2022, 1, 8), fs.ProbabilityRange(0.2, 0.45)),
            P("qc", "a", D(2022, 1, 8), {"b": 0.2, "c": 0.5, "a": 0.3}),
        ]
    )
    outs = [
        O("q1", D(2022, 2, 1), "yes"),
        O("q2", D(2022, 2, 1), "no"),
        O("qc", D(2022, 2, 1), "c"),
    ]
    t = lg.score(outs)
    np.testing.assert_array_equal(t.probability[:2], [0.3, 0.8])
    assert np.isnan(t.probability[2:]).all()  # a range and a mapping have no single one
    # yes -> 1, no -> 0, the range on q1 -> 1; "c" is option 1 of ("b", "c", "a"), the
    # options in the order the question's forecasts name them
    assert t.outcome.tolist() == [1, 0, 1, 1]
    # with the question's own options, the index among them: "c" of ("a", "b", "c") is 2
    qs = [fs.Question("qc", options=("a", "b", "c"))]
    assert lg.score(outs, questions=qs).outcome.tolist() == [1, 0, 1, 2]
    recs = t.to_records()
    assert [r["probability"] for r in recs] == [0.3, 0.8, None, None]
    assert [r["outcome"] for r in recs] == [1, 0, 1, 1]


def test_ledger_plain_probability_is_about_the_positive_option_as_score_is():
    # Bug: Ledger.score took a plain probability to be about the second option whatever the
    # options, while forecastscore.score takes it to be about "yes"/"true"/"1" wherever it
    # stands: on options ("Yes", "No"), 0.8 and "Yes" scored (0.8 - 0)**2 = 0.64 in a ledger
    # and (0.8 - 1)**2 = 0.04 alone.
    q = fs.Question("q", options=("Yes", "No"))
    claim, happened = P("q", "a", D(2022, 1, 8), 0.8), O("q", D(2022, 2, 1), "Yes")
    t = Ledger.from_predictions([claim]).score([happened], questions=[q])
    assert t.score[0] == pytest.approx(0.04, abs=1e-15) == fs.score(claim, happened, question=q)
    assert t.outcome.tolist() == [1]


def test_calibration_runs_straight_from_a_score_table():
    from forecastscore import calibration

    ps = [0.2, 0.3, 0.7, 0.8, 0.9]
    ys = ["no", "yes", "yes", "yes", "no"]
    lg = Ledger.from_predictions(
        [P(f"q{i}", "a", D(2022, 1, 8), p) for i, p in enumerate(ps)]
        + [
            P("q0", "b", D(2022, 1, 8), fs.ProbabilityRange(0.1, 0.3)),
            P("qc", "a", D(2022, 1, 8), {"x": 0.4, "y": 0.6}),
        ]
    )
    outs = [O(f"q{i}", D(2022, 2, 1), y) for i, y in enumerate(ys)] + [O("qc", D(2022, 2, 1), "x")]
    t = lg.score(outs)
    point = ~np.isnan(t.probability)
    r = calibration.reliability_table(t.probability[point], t.outcome[point], bins=2)
    # [0, 0.5): 0.2 (no), 0.3 (yes): mean 0.25, observed 1/2; [0.5, 1]: 0.7, 0.8 (yes), 0.9
    # (no): mean 0.8, observed 2/3. The range and the mapping are not in it.
    assert r.count.tolist() == [2, 3]
    np.testing.assert_allclose(r.mean_forecast, [0.25, 0.8], rtol=1e-15)
    np.testing.assert_allclose(r.observed_frequency, [0.5, 2 / 3], rtol=1e-15)


def _every_result():
    lg = Ledger.from_predictions(
        [P(f"q{i}", f, D(2022, 1, 8), 0.3 if f == "a" else 0.6) for i in range(6) for f in "ab"]
        + [P("q0", "a", D(2022, 1, 20), 0.9)]
    )
    outs = [O(f"q{i}", D(2022, 2, 1), i % 2 == 0) for i in range(6)]
    t = lg.score(outs)
    return {
        "ScoreTable": t,
        "TimeAveragedTable": time_averaged(lg, outs),
        "ReferenceTable": compare_to_reference(
            lg.filter(forecaster="a"), lg.filter(forecaster="b"), outs
        ),
        "Summary": t.by_forecaster(),
    }


def test_reprs_are_short_and_say_what_the_result_holds():
    r = _every_result()
    # 13 scored; 6 (question, forecaster) averages; a's 7 claims each against b's 0.6
    assert repr(r["ScoreTable"]) == (
        "ScoreTable(rule='brier', 13 scored; not scored: 0 unresolved, 0 annulled, 0 hindsight)"
    )
    assert repr(r["TimeAveragedTable"]) == (
        "TimeAveragedTable(rule='brier', 12 averages of 13 scored; not scored: 0 unresolved, "
        "0 annulled, 0 hindsight)"
    )
    assert repr(r["ReferenceTable"]) == (
        "ReferenceTable(rule='brier', 7 compared, 0 without a reference; 7 scored; not "
        "scored: 0 unresolved, 0 annulled, 0 hindsight)"
    )
    assert repr(r["Summary"]) == (
        "Summary(by='forecaster', 2 groups, confidence=0.95, interval='bootstrap')"
    )


@pytest.mark.parametrize("name", ["ScoreTable", "TimeAveragedTable", "ReferenceTable", "Summary"])
def test_every_result_has_records_and_a_pandas_frame_of_the_same_columns(name):
    pd = pytest.importorskip("pandas")
    result = _every_result()[name]
    records = result.to_records()
    frame = result.to_pandas()
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(records) == len(result)
    assert list(frame.columns) == list(records[0])
    for rec, (_, row) in zip(records, frame.iterrows(), strict=True):
        for k, v in rec.items():
            assert (v is None and math.isnan(row[k])) or row[k] == v, (k, v, row[k])


# --- tables a person reads ----------------------------------------------------------------


def _wide_tables(long):
    """Every printable result of a ledger with ids of ``long`` characters, a range, a
    mapping, a datetime with microseconds and an offset, and a tiny score."""
    tz = dt.timezone(dt.timedelta(hours=5, minutes=30))
    q, f = "q" * long, "f" * long
    lg = Ledger.from_predictions(
        [P(f"{q}{i}", f"{f}{i % 2}", D(2022, 1, 8), 0.0001) for i in range(6)]
        + [
            P(f"{q}0", "r" * long, dt.datetime(2022, 1, 9, 9, 30, 0, 123456, tzinfo=tz), 0.5),
            P(f"{q}1", "g" * long, D(2022, 1, 9), fs.ProbabilityRange(0.2, 0.45)),
            P(f"{q}c", "m" * long, D(2022, 1, 9), {"o" * long: 0.25, "p" * long: 0.75}),
        ]
    )
    outs = [O(f"{q}{i}", D(2022, 2, 1), "no") for i in range(6)]
    outs.append(O(f"{q}c", D(2022, 2, 1), "p" * long))
    binary = lg[~lg.is_categorical]  # a summary refuses to mix the two scales
    ref = compare_to_reference(binary, lg.filter(forecaster=f"{f}0"), outs)
    return {
        "ScoreTable": str(lg.score(outs)),
        "TimeAveragedTable": str(time_averaged(binary, outs)),
        "ReferenceTable": str(ref),
        "Summary": str(binary.score(outs).by_forecaster()),
        "by_question": str(binary.score(outs).by_question()),
        "by_lead_time": str(binary.score(outs).by_lead_time()),
    }


@pytest.mark.parametrize("long", [1, 40, 300])
def test_text_tables_fit_in_100_columns_with_wide_ids(long):
    for name, text in _wide_tables(long).items():
        widths = [len(line) for line in text.splitlines()]
        assert max(widths) <= 100, (name, max(widths))
        if long == 300 and name != "by_lead_time":  # the others show ids
            # long ids are cut with an ellipsis, the same way in every table
            assert "q" * 300 not in text and "f" * 300 not in text, name
            assert "\u2026" in text, name


def test_tiny_scores_print_with_four_significant_digits_not_zero():
    text = _wide_tables(5)["ScoreTable"]
    # 0.0001 on what did not happen: (0.0001 - 0)**2 = 1e-08 (0.0000 to four decimals)
    rows = [line for line in text.splitlines() if line.startswith("qqqqq0") and "ff" in line]
    assert rows[0].split()[-1] == "1e-08" and "0.0000" not in text
    summary = _wide_tables(5)["Summary"]
    assert "1e-08" in summary and "0.0000" not in summary


def test_dates_print_as_dates_and_datetimes_in_full():
    text = _wide_tables(5)["ScoreTable"]
    made = {line.split()[1][:5]: line.split()[2] for line in text.splitlines()[2:8]}
    # a date is its whole day: printed as the date, not as its first instant
    assert made["fffff"] == "2022-01-08" and "2022-01-08T" not in text
    assert "2022-01-09T09:30:00.123456+05:30" in text  # a datetime keeps time and offset
    assert "2022-01-09T09:30:00.123456+05:30" in _wide_tables(5)["ReferenceTable"]


def test_a_dash_in_an_interval_column_is_explained():
    summary = _wide_tables(5)["Summary"]  # 3 questions each at most: no interval
    rows = summary.splitlines()[2:5]
    assert all(line.split()[-1] == "-" for line in rows)
    assert (
        "-: no interval (fewer than 5 questions, probability ranges, or an infinite mean)."
        in summary
    )
    # with an interval everywhere there is no dash, and no note of one
    lg = Ledger.from_predictions([P(f"q{i}", "a", D(2022, 1, 8), 0.3) for i in range(6)])
    full = str(lg.score([O(f"q{i}", D(2022, 2, 1), "yes") for i in range(6)]).by_forecaster())
    assert "no interval" not in full and full.splitlines()[2].split()[-1].endswith("]")


# --- absurd resample counts ----------------------------------------------------------------


def test_resample_counts_beyond_the_documented_cap_are_refused_before_any_memory_is_used():
    # Bug: by_forecaster(n_boot=10**12) asked numpy for 8 TB and escaped as a MemoryError.
    lg = Ledger.from_predictions([P(f"q{i}", "a", D(2022, 1, 8), 0.3) for i in range(6)])
    t = lg.score([O(f"q{i}", D(2022, 2, 1), i % 2 == 0) for i in range(6)])
    for summarise in (t.by_forecaster, t.by_question, t.by_lead_time):
        with pytest.raises(
            fs.InvalidOptionError,
            match=r"^n_resamples must be at most 1000000 \(got 1000000000000\)",
        ):
            summarise(n_resamples=10**12)
    # the cap itself is accepted: (0.3 - 1)**2 = 0.49 and 0.3**2 = 0.09, three each
    s = t.by_forecaster(n_resamples=10**6)
    assert s.n_resamples == 10**6 and s.ci_low[0] < 0.29 < s.ci_high[0]


# --- pandas' missing times ----------------------------------------------------------------


@pytest.mark.parametrize("missing", ["NaT", None, math.nan])
def test_from_pandas_missing_made_at_names_the_row(missing):
    # Bug: a NaT in made_at escaped as a bare ValueError ("NaTType does not support utcoffset").
    pd = pytest.importorskip("pandas")
    value = pd.NaT if missing == "NaT" else missing
    frame = pd.DataFrame(
        {
            "question": ["q", "r"],
            "forecaster": ["a", "a"],
            "made_at": [D(2022, 1, 8), value],
            "probability": [0.3, 0.4],
        }
    )
    with pytest.raises(
        fs.FileSchemaError,
        match=r"^row 1: column 'made_at': a missing time \(None, NaN or NaT\) is not a date",
    ):
        Ledger.from_pandas(frame)
    aware = pd.DataFrame(
        {
            "question": ["q", "r"],
            "forecaster": ["a", "a"],
            "made_at": pd.to_datetime(["2022-01-08T12:00:00+00:00", None], utc=True),
            "probability": [0.3, 0.4],
        }
    )
    with pytest.raises(fs.FileSchemaError, match=r"^row 1: column 'made_at': a missing time"):
        Ledger.from_pandas(aware)


# --- files and arrays accept the same categorical rows -----------------------------------


def _row_off_by(extra_ulps):
    """Three probabilities whose exact sum is 1 + 1e-6 + ``extra_ulps`` * 2**-52 (checked
    with fractions), and that exact sum."""
    from fractions import Fraction

    a, b = 0.25, 0.25
    target = Fraction(1) + Fraction(1e-6) + extra_ulps * Fraction(2) ** -52
    c = float(target - Fraction(a) - Fraction(b))
    exact = Fraction(a) + Fraction(b) + Fraction(c)
    return [a, b, c], exact


@pytest.mark.parametrize(
    ("extra_ulps", "accepted"),
    # A row of k = 3 may be 1e-6 + 2 * 3 * eps * sum = 1e-6 + about 6 ulps off 1: 2 ulps over
    # 1e-6 is accepted (a fixed 1e-6 refused it in a file), 40 ulps over is refused.
    [(2, True), (40, False)],
)
def test_files_and_arrays_accept_the_same_categorical_rows(extra_ulps, accepted):
    from fractions import Fraction

    probs, exact = _row_off_by(extra_ulps)
    eps = Fraction(2) ** -52
    assert (abs(exact - 1) <= Fraction(1e-6) + 6 * eps * exact) == accepted  # the oracle

    def from_file(order):
        rows = "".join(f"q,a,2022-01-08,{probs[i]!r},o{i}\n" for i in order)
        return fio_read("question,forecaster,made_at,probability,option\n" + rows, "p.csv")

    def from_arrays(order):
        return Ledger.from_arrays(
            ["q"],
            ["a"],
            np.array(["2022-01-08"], dtype="datetime64[D]"),
            np.array([[probs[i] for i in order]]),
            options=[f"o{i}" for i in order],
        )

    for order in ([0, 1, 2], [2, 1, 0], [1, 2, 0]):
        if accepted:
            assert len(from_file(order)) == 1 and len(from_arrays(order)) == 1
        else:
            with pytest.raises(fs.FileSchemaError, match=r"^p\.csv:2: column 'probability': "):
                from_file(order)
            with pytest.raises(fs.InvalidForecastError, match=r"probability\[0, :\] sums to"):
                from_arrays(order)
