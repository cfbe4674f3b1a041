"""Tests of Ledger.concat, Ledger.aggregate and Ledger.complete (issue 10, items 4 and 5)."""

import datetime as dt
import math
import pickle

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore.errors import ForecastTypeError, InvalidForecastError, InvalidOptionError
from forecastscore.io import read_predictions_jsonl, write_predictions_jsonl
from forecastscore.ledger import Ledger, _aggregate

D = dt.date
UTC = dt.timezone.utc
P = fs.Prediction
O = fs.Outcome  # noqa: E741


def dtu(*args):
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def four():
    """One question; a at day 1 (0.2), b day 2 (0.6), c day 3 (0.7), a again day 4 (0.9)."""
    return Ledger.from_predictions(
        [
            P("q", "a", D(2024, 7, 1), 0.2),
            P("q", "b", D(2024, 7, 2), 0.6),
            P("q", "c", D(2024, 7, 3), 0.7),
            P("q", "a", D(2024, 7, 4), 0.9),
        ]
    )


# --- hand-computed vectors ------------------------------------------------------------------
# Standing sets: {0.2}, {0.2, 0.6}, {0.2, 0.6, 0.7}, {0.9, 0.6, 0.7} (a's 0.9 replaces 0.2).


def test_mean_by_hand(four):
    crowd = four.aggregate("mean")
    np.testing.assert_allclose(crowd.probability, [0.2, 0.4, 1.5 / 3, 2.2 / 3], rtol=1e-15)
    assert crowd.made_at_iso() == ["2024-07-01", "2024-07-02", "2024-07-03", "2024-07-04"]
    assert crowd.forecasters == ["crowd (mean)"]
    assert not crowd.imputed.any()


def test_median_by_hand(four):
    np.testing.assert_allclose(four.aggregate("median").probability, [0.2, 0.4, 0.6, 0.7])


def test_trimmed_mean_by_hand(four):
    # trim 0.34: k = floor(0.34 n) = 0, 0, 1, 1: the middle of three values once n = 3.
    crowd = four.aggregate("trimmed_mean", trim=0.34)
    np.testing.assert_allclose(crowd.probability, [0.2, 0.4, 0.6, 0.7])
    # trim 0.1 (default): nothing cut below n = 10, so the mean.
    np.testing.assert_allclose(
        four.aggregate("trimmed_mean").probability, [0.2, 0.4, 1.5 / 3, 2.2 / 3]
    )


def test_geometric_mean_odds_by_hand(four):
    # odds: 0.2 -> 1/4, 0.6 -> 3/2, 0.7 -> 7/3, 0.9 -> 9; p = o / (1 + o).
    o = np.array(
        [0.25, (0.25 * 1.5) ** 0.5, (0.25 * 1.5 * 7 / 3) ** (1 / 3), (9 * 1.5 * 7 / 3) ** (1 / 3)]
    )
    np.testing.assert_allclose(
        four.aggregate("geometric_mean_odds").probability, o / (1 + o), rtol=1e-13
    )
    o2 = o**2  # extremize 2: the geometric mean of the odds, squared
    np.testing.assert_allclose(
        four.aggregate("geometric_mean_odds", extremize=2).probability, o2 / (1 + o2), rtol=1e-13
    )


def test_recency_weighted_median_by_hand():
    # Four forecasters, oldest to newest 0.1, 0.2, 0.8, 0.9. Weights e^(sqrt(j) - sqrt(n)):
    # n = 2: unweighted, (0.1 + 0.2) / 2.
    # n = 3: w = e^(1-1.732) = 0.4810, e^(1.414-1.732) = 0.7277, 1; normalised cumulative
    #   0.2178, 0.5472, 1: the first >= 1/2 and the first > 1/2 are both 0.2.
    # n = 4: w = e^-1 = 0.3679, e^(1.414-2) = 0.5567, e^(1.732-2) = 0.7650, 1; cumulative
    #   0.1368, 0.3438, 0.6282, 1: both are 0.8 (the plain median would be 0.5).
    ledger = Ledger.from_predictions(
        [
            P("q", "a", dtu(2024, 7, 1, 9), 0.1),
            P("q", "b", dtu(2024, 7, 1, 10), 0.2),
            P("q", "c", dtu(2024, 7, 1, 11), 0.8),
            P("q", "d", dtu(2024, 7, 1, 12), 0.9),
        ]
    )
    crowd = ledger.aggregate("recency_weighted_median")
    np.testing.assert_allclose(crowd.probability, [0.1, 0.15, 0.2, 0.8], rtol=1e-15)
    assert crowd.made_at_iso()[3] == "2024-07-01T12:00:00+00:00"


def test_recency_weighted_median_newest_forecast_counts_most():
    # The same values, newest first: 0.9 oldest ... 0.1 newest. n = 4 weights by value
    # order 0.1 (newest, 1), 0.2 (0.7650), 0.8 (0.5567), 0.9 (0.3679): cumulative
    # 0.3718, 0.6562, ... -> 0.2.
    ledger = Ledger.from_predictions(
        [
            P("q", "a", dtu(2024, 7, 1, 9), 0.9),
            P("q", "b", dtu(2024, 7, 1, 10), 0.8),
            P("q", "c", dtu(2024, 7, 1, 11), 0.2),
            P("q", "d", dtu(2024, 7, 1, 12), 0.1),
        ]
    )
    assert ledger.aggregate("recency_weighted_median").probability[-1] == 0.2


def test_at_last_and_at_a_time(four):
    assert four.aggregate("mean", at="last").probability.tolist() == [2.2 / 3]
    at2 = four.aggregate("median", at=D(2024, 7, 2))
    np.testing.assert_allclose(at2.probability, [0.4])
    assert at2.made_at_iso() == ["2024-07-02"]
    assert len(four.aggregate(at=D(2024, 6, 30))) == 0


def test_single_date_ledger_one_forecast_per_question_with_constant_columns():
    records = [
        {
            "question": "m1",
            "forecaster": f,
            "made_at": "2024-07-21",
            "probability": p,
            "source": "manifold",
            "kind": "market",
            "note": f,
        }
        for f, p in (("a", 0.1), ("b", 0.4), ("c", 0.5))
    ] + [
        {
            "question": "d1",
            "forecaster": "a",
            "made_at": "2024-07-21",
            "probability": 0.7,
            "source": "fred",
            "kind": "dataset",
            "note": "x",
        },
    ]
    ledger = Ledger.from_records(records, extra=["kind", "note"])
    crowd = ledger.aggregate("median", name="median")
    assert crowd.to_records() == [
        {"question": "m1", "forecaster": "median", "made_at": "2024-07-21",
         "probability": 0.4, "source": "manifold", "kind": "market"},
        {"question": "d1", "forecaster": "median", "made_at": "2024-07-21",
         "probability": 0.7, "source": "fred", "kind": "dataset"},
    ]  # fmt: skip


def test_date_forecast_stands_only_from_the_end_of_its_day():
    # b's date forecast on July 1 may have been made at 23:00: a's 12:00 aggregate must not
    # use it, and the aggregate that does is dated July 1 (a whole day).
    ledger = Ledger.from_predictions(
        [P("q", "a", dtu(2024, 7, 1, 12), 0.2), P("q", "b", D(2024, 7, 1), 0.8)]
    )
    crowd = ledger.aggregate("mean")
    assert crowd.probability.tolist() == [0.2, 0.5]
    assert crowd.made_at_iso() == ["2024-07-01T12:00:00+00:00", "2024-07-01"]


def test_same_forecaster_twice_at_one_instant_the_later_row_counts():
    ledger = Ledger.from_predictions(
        [P("q", "a", D(2024, 7, 1), 0.2), P("q", "a", D(2024, 7, 1), 0.4)]
    )
    assert ledger.aggregate("mean").probability.tolist() == [0.4]


def test_aggregate_chunks_carry_the_standing_forecasts(monkeypatch):
    rng = np.random.default_rng(3)
    n = 400
    ledger = Ledger.from_arrays(
        np.array([f"q{i}" for i in rng.integers(0, 5, n)], dtype=object),
        np.array([f"f{i}" for i in rng.integers(0, 9, n)], dtype=object),
        np.datetime64("2024-01-01") + rng.integers(0, 60, n).astype("timedelta64[D]"),
        rng.random(n).round(2),
    )
    for method in _aggregate.METHODS:
        whole = ledger.aggregate(method, **({"clip": 0.01} if "odds" in method else {}))
        monkeypatch.setattr(_aggregate, "CELL_BUDGET", 3)
        small = ledger.aggregate(method, **({"clip": 0.01} if "odds" in method else {}))
        monkeypatch.undo()
        assert small == whole


# --- the oracle and hindsight: random dated ledgers -------------------------------------------

TIMES = [D(2024, 7, 1), dtu(2024, 7, 1, 6), D(2024, 7, 2), dtu(2024, 7, 2, 23, 59), D(2024, 7, 3)]


def _avail(t):
    if isinstance(t, dt.datetime):
        return t
    return dt.datetime(t.year, t.month, t.day, tzinfo=UTC) + dt.timedelta(days=1, microseconds=-1)


def _weighted_median(values, weights):
    """Metaculus's weighted_percentile_2d at 50, written out."""
    order = np.argsort(values, kind="stable")
    v, w = np.asarray(values)[order], np.asarray(weights)[order]
    c = np.cumsum(w) / np.sum(w)
    return 0.5 * (v[np.argmax(c >= 0.5)] + v[np.argmax(c > 0.5)])


def _oracle(preds, method, trim=0.1):
    """Per question and event time, the aggregate from a plain loop over the predictions."""
    out = {}
    for q in dict.fromkeys(p.question for p in preds):
        mine = [(i, p) for i, p in enumerate(preds) if p.question == q]
        for e in sorted({_avail(p.made_at) for _, p in mine}):
            standing = {}
            for i, p in sorted(mine, key=lambda ip: (_avail(ip[1].made_at), ip[0])):
                if _avail(p.made_at) <= e:
                    standing[p.forecaster] = (_avail(p.made_at), i, p.probability)
            vals = np.array([v for *_, v in standing.values()])
            if method == "mean":
                agg = vals.mean()
            elif method == "median":
                agg = np.median(vals)
            elif method == "trimmed_mean":
                agg = scipy.stats.trim_mean(vals, trim)
            elif method == "geometric_mean_odds":
                odds = scipy.stats.gmean(vals / (1 - vals))
                agg = odds / (1 + odds)
            else:
                by_recency = sorted(standing.values())
                n = len(by_recency)
                w = [1.0] * n if n <= 2 else [math.exp(math.sqrt(j) - math.sqrt(n))
                                             for j in range(1, n + 1)]  # fmt: skip
                agg = _weighted_median([v for *_, v in by_recency], w)
            out[q, e] = agg
    return out


ledgers = st.lists(
    st.tuples(
        st.sampled_from(["q1", "q2", "q3"]),
        st.sampled_from(["a", "b", "c", "d", "e"]),
        st.sampled_from(TIMES),
        st.integers(1, 99).map(lambda k: k / 100),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(rows=ledgers, method=st.sampled_from(_aggregate.METHODS))
def test_aggregate_matches_a_loop_over_standing_forecasts(rows, method):
    preds = [P(q, f, t, p) for q, f, t, p in rows]
    crowd = Ledger.from_predictions(preds).aggregate(method)
    expected = _oracle(preds, method)
    got = {(c.question, _avail(c.made_at)): c.probability for c in crowd}
    assert set(got) == set(expected)
    for k, v in expected.items():
        assert got[k] == pytest.approx(v, rel=1e-12, abs=1e-15)


@settings(max_examples=60, deadline=None)
@given(
    rows=ledgers,
    method=st.sampled_from(_aggregate.METHODS),
    cut=st.sampled_from(TIMES),
    new=st.lists(st.integers(1, 99), min_size=25, max_size=25),
)
def test_aggregate_never_uses_a_forecast_made_after_its_time(rows, method, cut, new):
    # Change every forecast that becomes available after `cut`: no aggregate dated at or
    # before `cut` may change.
    preds = [P(q, f, t, p) for q, f, t, p in rows]
    later = [
        P(p.question, p.forecaster, p.made_at, k / 100) if _avail(p.made_at) > _avail(cut) else p
        for p, k in zip(preds, new, strict=False)
    ]

    def early(ps):
        crowd = Ledger.from_predictions(ps).aggregate(method)
        return [
            (c.question, c.made_at, c.probability)
            for c in crowd
            if _avail(c.made_at) <= _avail(cut)
        ]

    assert early(preds) == early(later)


# --- refusals ---------------------------------------------------------------------------------


def test_aggregate_refuses_ranges_and_categorical(four):
    ranged = four | Ledger.from_predictions(
        [P("q", "z", D(2024, 7, 5), fs.ProbabilityRange(0.2, 0.4))]
    )
    with pytest.raises(InvalidForecastError, match=r"row 4: only point probabilities .*range"):
        ranged.aggregate()
    cat = Ledger.from_predictions([P("r", "z", D(2024, 7, 5), {"x": 0.3, "y": 0.7})])
    with pytest.raises(InvalidForecastError, match=r"mapping over options on question 'r'"):
        cat.aggregate()


def test_aggregate_refuses_bad_options(four):
    with pytest.raises(InvalidOptionError, match=r"method must be one of .*'mode'"):
        four.aggregate("mode")
    with pytest.raises(InvalidOptionError, match=r"trim= is for method='trimmed_mean'"):
        four.aggregate("median", trim=0.2)
    with pytest.raises(InvalidOptionError, match=r"trim must be in \[0, 0.5\) \(got 0.5\)"):
        four.aggregate("trimmed_mean", trim=0.5)
    with pytest.raises(InvalidOptionError, match=r"extremize must be a positive .*got -1"):
        four.aggregate("geometric_mean_odds", extremize=-1)
    with pytest.raises(InvalidOptionError, match=r"name 'a' is a member's name"):
        four.aggregate(name="a")
    with pytest.raises(InvalidOptionError, match=r"at must be one of 'changes', 'last'"):
        four.aggregate(at="first")


def test_geometric_mean_odds_zero_and_one_refused_unless_clipped():
    ledger = Ledger.from_predictions(
        [P("q", "a", D(2024, 7, 1), 0.0), P("q", "b", D(2024, 7, 2), 1.0)]
    )
    with pytest.raises(
        InvalidForecastError, match=r"question 'q' \(forecasts standing on 2024-07-02\).*clip="
    ):
        ledger.aggregate("geometric_mean_odds")
    # Clipped to [0.1, 0.9]: odds 1/9 and 9, geometric mean 1: p = 1/2.
    np.testing.assert_allclose(
        ledger.aggregate("geometric_mean_odds", clip=0.1).probability, [0.1, 0.5]
    )
    # A 0 alone makes the pool 0.
    assert ledger[:1].aggregate("geometric_mean_odds").probability.tolist() == [0.0]


# --- concat -----------------------------------------------------------------------------------


def test_concat_keeps_every_column_and_fills_missing_extra_with_none(tmp_path):
    a = Ledger.from_records(
        [{"question": "q", "forecaster": "a", "made_at": "2024-07-01", "probability": 0.3,
          "kind": "market"}],
        extra=["kind"],
    )  # fmt: skip
    b = Ledger.from_predictions(
        [
            P("r", "b", dtu(2024, 7, 1, 5), {"x": 0.25, "y": 0.75}, quote="maybe"),
            P("q", "b", D(2024, 7, 2), fs.ProbabilityRange(0.1, 0.2), source="s"),
        ]
    )
    ab = Ledger.concat(a, b)
    assert ab == a | b
    assert list(ab) == list(a) + list(b)
    assert ab.extra["kind"].tolist() == ["market", None, None]
    assert ab[:1] == a
    path = tmp_path / "ab.jsonl"
    write_predictions_jsonl(ab, path)
    assert read_predictions_jsonl(path).to_records() == ab.to_records()


@settings(max_examples=40, deadline=None)
@given(rows=ledgers, k=st.integers(0, 25), j=st.integers(0, 25))
def test_concat_is_associative_and_splits_back(rows, k, j):
    ledger = Ledger.from_predictions([P(q, f, t, p) for q, f, t, p in rows])
    n = len(ledger)
    k, j = min(k, n), min(max(k, j), n)
    a, b, c = ledger[:k], ledger[k:j], ledger[j:]
    assert (a | b) | c == a | (b | c) == Ledger.concat(a, b, c) == ledger
    assert len(a | b) == len(a) + len(b)


def test_concat_names_the_row_it_came_from_in_errors(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"question": "q", "forecaster": "a", "made_at": "2024-07-05", '
                    '"probability": 0.3}\n')  # fmt: skip
    read = read_predictions_jsonl(path)
    joined = Ledger.from_predictions([P("q", "b", D(2024, 7, 1), 0.2)]) | read
    with pytest.raises(fs.HindsightError, match=r"p\.jsonl:1"):
        joined.score([O("q", D(2024, 7, 3), "yes")])
    assert pickle.loads(pickle.dumps(joined)) == joined


def test_concat_refuses_what_is_not_a_ledger(four):
    with pytest.raises(ForecastTypeError, match=r"ledgers\[1\] must be a Ledger \(got list"):
        Ledger.concat(four, [1])
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \|"):
        four | 3


# --- complete ---------------------------------------------------------------------------------


@pytest.fixture
def gappy():
    return Ledger.from_records(
        [
            {"question": "q1", "forecaster": "a", "made_at": "2024-07-21", "probability": 0.3,
             "source": "fred", "kind": "dataset"},
            {"question": "q2", "forecaster": "a", "made_at": "2024-07-22", "probability": 0.6,
             "source": "manifold", "kind": "market"},
            {"question": "q1", "forecaster": "b", "made_at": "2024-07-20", "probability": 0.9,
             "source": "fred", "kind": "dataset"},
        ],
        extra=["kind"],
    )  # fmt: skip


def test_complete_with_a_number(gappy):
    full = gappy.complete(fill=0.5)
    assert full[:3] == gappy
    assert full.to_records()[3] == {
        "question": "q2", "forecaster": "b", "made_at": "2024-07-22", "probability": 0.5,
        "source": "manifold", "imputed": True, "kind": "market",
    }  # fmt: skip
    assert full.imputed.tolist() == [False, False, False, True]
    # q1's earliest forecast is b's, on July 20: a filled forecast there is dated then.
    only_q1 = Ledger.from_predictions([P("q1", "b", D(2024, 7, 20), 0.9),
                                       P("q2", "a", D(2024, 7, 22), 0.6)])  # fmt: skip
    assert only_q1.complete(fill=0.5).made_at_iso()[2:] == ["2024-07-22", "2024-07-20"]


def test_complete_round_trips(gappy, tmp_path):
    full = gappy.complete(fill=0.5, made_at=D(2024, 7, 1))
    assert full.made_at_iso()[3] == "2024-07-01"
    assert full.complete(fill=0.5) == full  # nothing missing any more
    assert full.take([3]).imputed.tolist() == [True]
    assert full.filter(forecaster="b").imputed.tolist() == [False, True]
    assert (full | gappy).imputed.tolist() == [False, False, False, True, False, False, False]
    assert pickle.loads(pickle.dumps(full)) == full
    assert Ledger.from_records(full.to_records(), extra=["kind"]) == full
    path = tmp_path / "full.jsonl"
    write_predictions_jsonl(full, path)
    assert read_predictions_jsonl(path) == full
    # Equality sees the flag.
    assert full != gappy | Ledger.from_records(
        [{**full.to_records()[3], "imputed": False}], extra=["kind"]
    )


def test_complete_from_a_reference_forecaster(gappy):
    crowd = gappy.aggregate("mean", name="crowd")
    full = (gappy | crowd).complete(fill="crowd")
    filled = full[full.imputed]
    assert [(p.forecaster, p.question, p.probability) for p in filled] == [("b", "q2", 0.6)]
    assert filled.made_at_iso() == ["2024-07-22"]


def test_complete_worst(gappy):
    outcomes = [O("q1", D(2024, 8, 1), "yes"), O("q2", D(2024, 8, 1), probability=0.3)]
    full = gappy.complete(fill="worst", outcomes=outcomes)
    # b missed q2, a probability outcome 0.3 < 1/2: the worst forecast is 1.
    assert full.probability[3] == 1.0
    outcomes = [O("q1", D(2024, 8, 1), "no"), O("q2", D(2024, 8, 1), True)]
    assert gappy.complete(fill="worst", outcomes=outcomes).probability[3] == 0.0


def test_complete_refusals(gappy):
    with pytest.raises(InvalidOptionError, match=r"fill must be a probability.*got 'nobody'"):
        gappy.complete(fill="nobody")
    with pytest.raises(InvalidOptionError, match=r"fill must be a probability in \[0, 1\].*1.5"):
        gappy.complete(fill=1.5)
    with pytest.raises(InvalidOptionError, match=r"fill='worst' needs outcomes="):
        gappy.complete(fill="worst")
    with pytest.raises(InvalidOptionError, match=r"question 'q2' has no outcome"):
        gappy.complete(fill="worst", outcomes=[O("q1", D(2024, 8, 1), "yes")])
    with pytest.raises(InvalidOptionError, match=r"nobody forecast 'q9'.*made_at="):
        gappy.complete(questions=["q1", "q9"])
    with pytest.raises(InvalidOptionError, match=r"forecasters: 'zed' is not a forecaster"):
        gappy.complete(forecasters=["zed"])
    three = Ledger.from_predictions(
        [P(q, f, D(2024, 7, 1), 0.5) for q, f in (("q1", "a"), ("q2", "b"), ("q3", "c"))]
    )
    with pytest.raises(
        InvalidOptionError, match=r"fill='a' has no forecast on question 'q3', which 'b' missed"
    ):
        three.complete(fill="a")
