"""The fast paths of the ledger (issue 12) give what the plain computations give.

``Ledger.score`` skips its per-row masks when every question is resolved and every row is a
plain probability; ``time_averaged`` orders rows by radix sorts instead of a lexsort. Each is
checked here against an independent computation written out in the test (numpy one-liners, a
pandas recipe, ``np.lexsort``), and against its own slow path.
"""

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import pytest

import forecastscore as fs
from forecastscore.ledger import Ledger, time_averaged
from forecastscore.ledger._columns import radix_order, unique_keys


def _random_ledger(seed, n=3000, n_q=40, n_f=25, datetimes=False):
    rng = np.random.default_rng(seed)
    resolved = np.datetime64("2024-01-01") + rng.integers(0, 400, n_q)
    truth = rng.random(n_q) < 0.5
    q = rng.integers(0, n_q, n)
    f = rng.integers(0, n_f, n)
    made = resolved[q] - rng.integers(1, 200, n)
    p = rng.random(n).round(3)
    if datetimes:
        made_us = made.astype("datetime64[us]") + rng.integers(0, 86_400 * 10**6, n).astype(
            "timedelta64[us]"
        )
        times = [t.replace(tzinfo=dt.timezone.utc) for t in made_us.astype(dt.datetime).tolist()]
        key = made_us.astype(np.int64)
    else:
        times = made.astype("datetime64[D]")
        key = made.astype(np.int64)
    # one forecast per forecaster, question and instant
    _, first = np.unique((q * n_f + f) * 10**13 + key, return_index=True)
    keep = np.sort(first)
    # names whose order differs from their codes' (q7 < q10 as codes, not as text)
    qn = np.array([f"q{i}" for i in range(n_q)], dtype=object)
    fn = np.array([f"f{(i * 7) % n_f}" for i in range(n_f)], dtype=object)
    times = times[keep] if not datetimes else [times[i] for i in keep.tolist()]
    ledger = Ledger.from_arrays(qn[q[keep]], fn[f[keep]], times, p[keep])
    epoch = dt.date(1970, 1, 1)
    outcomes = [
        fs.Outcome(f"q{i}", epoch + dt.timedelta(days=int(d)), bool(y))
        for i, (d, y) in enumerate(zip(resolved.astype(np.int64), truth, strict=True))
    ]
    return ledger, outcomes


@pytest.mark.parametrize("n", [0, 1, 7, 5000])
def test_radix_order_is_the_lexsort_order(n):
    rng = np.random.default_rng(n)
    wide = rng.integers(-(10**15), 10**15, n)  # microseconds: three 16-bit digits
    few = rng.integers(0, 4, n)  # many ties: the row order must break them
    big = rng.integers(0, 70_000, n)  # just over one digit
    for keys in ([few, wide, few], [big, few, few], [few, few, few], [wide]):
        expected = np.lexsort((np.arange(n), *reversed(keys)))
        np.testing.assert_array_equal(radix_order(keys), expected)


@pytest.mark.parametrize("datetimes", [False, True])
def test_time_averaged_equals_a_pandas_recipe(datetimes):
    # The recipe: merge the outcomes, sort by question, forecaster and time, each forecast
    # stands until the next one by the same forecaster or the resolution, weighted mean.
    ledger, outcomes = _random_ledger(1, datetimes=datetimes)
    got = time_averaged(ledger, outcomes)
    made = pd.to_datetime(ledger.made_at, utc=True)  # UTC instants (a date: its 00:00)
    df = pd.DataFrame({"q": ledger.question, "f": ledger.forecaster, "t": made, "p": ledger.low})
    out = pd.DataFrame(
        {
            "q": [o.question for o in outcomes],
            "r": pd.to_datetime([o.resolved_at.isoformat() for o in outcomes], utc=True),
            "y": [float(o.value) for o in outcomes],
        }
    )
    m = df.merge(out, on="q").sort_values(["q", "f", "t"])
    nxt = m.groupby(["q", "f"]).t.shift(-1)
    m["w"] = (nxt.fillna(m.r) - m.t).dt.total_seconds()
    m["ws"] = m.w * (m.p - m.y) ** 2
    g = m.groupby(["q", "f"])[["ws", "w"]].sum()
    expected = (g.ws / g.w).sort_index()
    assert list(got.question) == [k[0] for k in expected.index]
    assert list(got.forecaster) == [k[1] for k in expected.index]
    np.testing.assert_allclose(got.score, expected.to_numpy(), rtol=1e-12, atol=0)
    np.testing.assert_array_equal(got.n_forecasts, m.groupby(["q", "f"]).size().to_numpy())


def test_time_averaged_does_not_depend_on_the_row_order():
    ledger, outcomes = _random_ledger(2)
    perm = np.random.default_rng(3).permutation(len(ledger))
    shuffled = Ledger.from_arrays(
        ledger.question[perm],
        ledger.forecaster[perm],
        ledger.made_at[perm],
        ledger.low[perm],
    )
    a, b = time_averaged(ledger, outcomes), time_averaged(shuffled, outcomes)
    np.testing.assert_array_equal(a.question, b.question)
    np.testing.assert_array_equal(a.forecaster, b.forecaster)
    np.testing.assert_array_equal(a.score, b.score)  # bit for bit
    np.testing.assert_array_equal(a.coverage, b.coverage)


def test_time_averaged_same_instant_is_refused_naming_the_first_rows_after_the_radix_sort():
    # Three forecasts by f1 on q1 on one day: the error names the first two rows.
    ledger = Ledger.from_arrays(
        ["q1", "q0", "q1", "q1"],
        ["f1", "f1", "f1", "f1"],
        np.array(["2024-01-02", "2024-01-01", "2024-01-02", "2024-01-02"], "datetime64[D]"),
        [0.2, 0.3, 0.4, 0.5],
    )
    outcomes = [
        fs.Outcome("q0", dt.date(2024, 2, 1), True),
        fs.Outcome("q1", dt.date(2024, 2, 1), False),
    ]
    with pytest.raises(
        fs.InvalidForecastError,
        match=r"row 0 and row 2: forecaster 'f1' made two forecasts on question 'q1' "
        r"at the same instant \(2024-01-02\).*\(2 such pair\(s\)\)",
    ):
        time_averaged(ledger, outcomes)


def test_ledger_score_fast_path_equals_the_masked_path_and_the_formula():
    ledger, outcomes = _random_ledger(4)
    fast = ledger.score(outcomes)  # every question resolved: no per-row masks
    # One more question in the ledger without an outcome sends it down the masked path.
    extra = Ledger.from_arrays(["zz"], ["f0"], np.array(["2024-01-01"], "datetime64[D]"), [0.5])
    slow = (ledger | extra).score(outcomes)
    assert slow.counts["unresolved"] == 1 and fast.counts["unresolved"] == 0
    np.testing.assert_array_equal(fast.score, slow.score)
    np.testing.assert_array_equal(fast.lead_time_days, slow.lead_time_days)
    # The formula, by hand: (p - y)**2 with y the outcome of the row's question.
    y = {o.question: float(o.value) for o in outcomes}
    expected = (ledger.low - np.array([y[q] for q in ledger.question])) ** 2
    np.testing.assert_array_equal(fast.score, expected)
    assert fast.score is not fast.best and fast.best is not fast.worst
    np.testing.assert_array_equal(fast.best, expected)


def test_a_rule_returning_its_input_does_not_share_memory_with_the_ledger():
    ledger, outcomes = _random_ledger(5, n=50)
    table = ledger.score(outcomes, rule=lambda p, y: p)
    assert not np.shares_memory(table.score, ledger.low)
    np.testing.assert_array_equal(table.score, ledger.low)


# --- the CSV reader's array paths (issue 12) ---------------------------------------------


def _csv(tmp_path, rows, header="question,forecaster,made_at,probability"):
    path = tmp_path / "p.csv"
    path.write_text(header + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_csv_dates_by_arithmetic_equal_the_calendar(tmp_path):
    # Random days over all of datetime.date's range, leap days and the ends included; the
    # oracle is datetime.date.fromisoformat.
    rng = np.random.default_rng(6)
    first = dt.date(1, 1, 1).toordinal()
    ordinals = rng.integers(first, dt.date(9999, 12, 31).toordinal() + 1, 2000).tolist()
    days = [dt.date.fromordinal(o) for o in ordinals]
    days += [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2000, 2, 29), dt.date(1900, 3, 1)]
    days += [dt.date(2024, 2, 29), dt.date(1600, 2, 29), dt.date(1970, 1, 1)]
    path = _csv(tmp_path, [f"q,f,{d.isoformat()},0.5" for d in days])
    ledger = fs.read_predictions_csv(path)
    assert [p.made_at for p in ledger] == days


@pytest.mark.parametrize(
    "bad", ["2023-02-29", "1900-02-29", "0000-01-01", "2024-13-01", "2024-00-10", "2024-04-31"]
)
def test_csv_impossible_dates_name_their_line(tmp_path, bad):
    path = _csv(tmp_path, ["q,f,2024-01-01,0.5", "q,g,2024-01-02,0.5", f"q,h,{bad},0.5"])
    with pytest.raises(fs.FileSchemaError, match=rf"p\.csv:4: column 'made_at': '{bad}'"):
        fs.read_predictions_csv(path)


def test_csv_short_decimals_equal_float_of_their_text(tmp_path):
    # Up to 8 characters (the word path): float(text) is the oracle, bit for bit.
    rng = np.random.default_rng(7)
    texts = [f"{x:.{k}f}" for x, k in zip(rng.random(3000), rng.integers(0, 7, 3000), strict=True)]
    texts += ["0", "1", ".5", "1.", "0.000001", "1.000000", "00.5", "0.1", "0.2", "0.3"]
    path = _csv(tmp_path, [f"q,f{i},2024-01-01,{t}" for i, t in enumerate(texts)])
    ledger = fs.read_predictions_csv(path)
    expected = np.array([float(t) for t in texts])
    np.testing.assert_array_equal(ledger.low, expected)


@pytest.mark.parametrize(
    ("text", "shown"), [("1.5", "'1.5'"), ("0.5.1", "'0.5.1'"), ("abc", "'abc'")]
)
def test_csv_short_non_probabilities_name_their_line(tmp_path, text, shown):
    path = _csv(tmp_path, ["q,f,2024-01-01,0.5", f"q,g,2024-01-01,{text}"])
    with pytest.raises(fs.FileSchemaError, match=rf"p\.csv:3: column 'probability': {shown}"):
        fs.read_predictions_csv(path)


def test_radix_unique_equals_numpy_unique():
    rng = np.random.default_rng(8)
    cases = [(1, 1), (5, 0), (1000, 3), (20_000, 2**20), (20_000, 2**64 - 1), (0, 7)]
    for (n, high), dtype in itertools.product(cases, (np.uint64, np.int64)):
        high = min(high, np.iinfo(dtype).max)
        keys = rng.integers(0, high, n, dtype=dtype, endpoint=True)
        for got, want in zip(
            unique_keys(keys),
            np.unique(keys, return_index=True, return_inverse=True),
            strict=True,
        ):
            np.testing.assert_array_equal(got, want.reshape(got.shape))


def test_csv_ids_of_up_to_eight_bytes_come_back_as_written(tmp_path):
    names = ["q", "q1", "q10", "Q1", "qé", "abcdefgh", "abcdefg", "日本"]
    path = _csv(tmp_path, [f"{a},{b},2024-01-01,0.5" for a in names for b in names])
    ledger = fs.read_predictions_csv(path)
    assert list(ledger.question) == [a for a in names for _ in names]
    assert list(ledger.forecaster) == [b for _ in names for b in names]


def test_csv_a_line_with_a_field_too_many_is_named(tmp_path):
    path = _csv(tmp_path, ["q,f,2024-01-01,0.5", "q,f,2024-01-02,0.5,x", "q,f,2024-01-03,0.5"])
    with pytest.raises(fs.FileSchemaError, match=r"p\.csv:3: expected 4 fields"):
        fs.read_predictions_csv(path)
