"""forecastscore.distributed on a local Dask cluster, against the one-machine ledger.

The one-machine result is the oracle for what is computed inside a question (scores, time
averages, the bootstrap's cells and hence its interval: equal to the last bit); the means are
checked against exact rational arithmetic (``fractions.Fraction``), which is what they
promise, and against one machine within the bound of its sequential summation.
"""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import forecastscore as fs
from forecastscore.distributed import DaskLedger, time_averaged
from forecastscore.errors import (
    FileSchemaError,
    ForecastTypeError,
    HindsightError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    InvalidTimeError,
    UnknownRuleError,
)
from forecastscore.ledger import Ledger
from forecastscore.ledger import time_averaged as time_averaged_here


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def _simulated(seed: int = 1, n: int = 3000, n_q: int = 60, n_f: int = 7) -> pd.DataFrame:
    """Predictions on ``n_q`` questions by ``n_f`` forecasters at distinct instants, sorted by
    question (so that cutting it at question boundaries gives partitions by question)."""
    rng = np.random.default_rng(seed)
    q = rng.integers(0, n_q, n)
    f = rng.integers(0, n_f, n)
    # Distinct seconds per (question, forecaster): no two forecasts at one instant.
    seconds = rng.choice(86400 * 200, size=n, replace=False)
    made = np.datetime64("2022-01-01T00:00:00", "s") + seconds.astype("timedelta64[s]")
    frame = pd.DataFrame(
        {
            "question": [f"q{i:03d}" for i in q],
            "forecaster": [f"f{i}" for i in f],
            "made_at": pd.to_datetime(made).tz_localize("UTC"),
            "probability": rng.random(n),
        }
    )
    return frame.sort_values("question", kind="stable").reset_index(drop=True)


def _outcomes(n_q: int = 60) -> list[fs.Outcome]:
    # q000 unresolved (no outcome), q001 annulled, the rest resolved on 2022-08-01.
    out = [fs.Outcome("q001", dt.date(2022, 8, 1), annulled=True)]
    out += [fs.Outcome(f"q{i:03d}", dt.date(2022, 8, 1), i % 3 == 0) for i in range(2, n_q)]
    return out


def _by_question_parts(frame: pd.DataFrame, k: int) -> list[pd.DataFrame]:
    """``frame`` cut into ``k`` pieces at question boundaries (rows keep their order)."""
    questions = frame["question"].unique()
    cuts = np.array_split(questions, k)
    return [frame[frame["question"].isin(c)] for c in cuts]


def _dask(parts: list[pd.DataFrame]) -> Any:
    return dd.from_delayed([dask.delayed(p) for p in parts], meta=parts[0].iloc[:0])


def _here(parts: list[pd.DataFrame]) -> Ledger:
    """The one-machine ledger: the partitions' rows, concatenated in order."""
    whole = pd.concat(parts)
    column = whole["made_at"]
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        made: Any = column.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    else:
        made = column.tolist()  # datetime.date objects
    return Ledger.from_arrays(
        whole["question"].to_numpy(object),
        whole["forecaster"].to_numpy(object),
        made,
        whole["probability"].to_numpy(),
    )


def _exact_means(keys: Any, forecaster: Any, score: Any) -> list[float]:
    """The mean of each forecaster's scores in exact rational arithmetic, rounded once."""
    out = []
    for k in keys:
        values = score[forecaster == k]
        out.append(float(sum((Fraction(v) for v in values.tolist()), Fraction(0)) / len(values)))
    return out


def test_by_forecaster_matches_one_machine(client: Client) -> None:
    parts = _by_question_parts(_simulated(), 4)
    ledger = _here(parts)
    here_table = ledger.score(_outcomes())
    here = here_table.by_forecaster()
    there = DaskLedger(_dask(parts)).score(_outcomes()).by_forecaster()
    assert there.key.tolist() == here.key.tolist()
    np.testing.assert_array_equal(there.n, here.n)
    np.testing.assert_array_equal(there.n_questions, here.n_questions)
    np.testing.assert_array_equal(there.n_ranges, here.n_ranges)
    # The bootstrap runs on the same cells in the same order with the same seed: bitwise.
    assert np.array_equal(there.ci_low, here.ci_low) and np.array_equal(there.ci_high, here.ci_high)
    assert not np.isnan(there.ci_low).any()
    # The means: exact, rounded once (fractions.Fraction as the oracle) ...
    forecaster = here_table.ledger.forecaster[here_table.rows]
    want = _exact_means(here.key, forecaster, here_table.score)
    assert there.mean_score.tolist() == want
    # ... and within one machine's sequential-summation bound (n - 1) u sum|s| / n.
    u = 2.0**-53
    bound = (here.n - 1) * u * here.mean_score
    assert (np.abs(there.mean_score - here.mean_score) <= bound).all()


def test_counts_and_rows_match_one_machine(client: Client) -> None:
    parts = _by_question_parts(_simulated(), 3)
    here = _here(parts).score(_outcomes())
    table = DaskLedger(_dask(parts)).score(_outcomes())
    assert table.counts == here.counts
    # q000 has no outcome, q001 is annulled: counted, not scored.
    assert table.counts["unresolved"] == int((parts[0]["question"] == "q000").sum())
    rows = table.to_dask().compute()
    np.testing.assert_array_equal(rows["score"].to_numpy(), here.score)
    np.testing.assert_array_equal(rows["lead_time_days"].to_numpy(), here.lead_time_days)
    # partition + row is the one-machine row once the partitions' lengths are added.
    offsets = np.cumsum([0] + [len(p) for p in parts])
    one_machine_row = offsets[rows["partition"].to_numpy()] + rows["row"].to_numpy()
    np.testing.assert_array_equal(one_machine_row, here.rows)


def test_normal_interval_matches_one_machine(client: Client) -> None:
    parts = _by_question_parts(_simulated(seed=2), 5)
    here = _here(parts).score(_outcomes()).by_forecaster(interval="normal", confidence=0.9)
    there = (
        DaskLedger(_dask(parts)).score(_outcomes()).by_forecaster(interval="normal", confidence=0.9)
    )
    assert np.array_equal(there.ci_low, here.ci_low)
    assert np.array_equal(there.ci_high, here.ci_high)


def test_time_averaged_matches_one_machine(client: Client) -> None:
    parts = _by_question_parts(_simulated(seed=3), 4)
    here = time_averaged_here(_here(parts), _outcomes(), rule="log")
    there = time_averaged(DaskLedger(_dask(parts)), _outcomes(), rule="log")
    cols = there.columns()
    assert cols["question"].tolist() == here.question.tolist()
    assert cols["forecaster"].tolist() == here.forecaster.tolist()
    for name in ("score", "best", "worst", "coverage", "span_days", "n_forecasts"):
        assert np.array_equal(cols[name], getattr(here, name)), name
    assert there.counts == here.counts
    s_here, s_there = here.by_forecaster(), there.by_forecaster()
    assert np.array_equal(s_there.n, s_here.n)
    assert np.array_equal(s_there.ci_low, s_here.ci_low)
    assert np.array_equal(s_there.ci_high, s_here.ci_high)
    want = _exact_means(s_here.key, here.forecaster, here.score)
    assert s_there.mean_score.tolist() == want


_LOSSES = {0.0: 1e16, 0.1: 1.0, 0.2: -1e16, 0.3: 0.5}


def _lookup(forecast: Any, outcome: Any) -> Any:
    """A rule whose loss is fixed by the forecast (a module-level function: it is pickled)."""
    f = np.atleast_1d(np.asarray(forecast, dtype=float))
    return np.array([_LOSSES[round(x, 1)] for x in f.tolist()])


def test_mean_is_exact_whatever_the_partitioning_and_order() -> None:
    from forecastscore.scoring import Rule

    # Losses 1e16, 1, -1e16, 0.5 (one per question). Left to right in float64: 1e16 + 1
    # rounds to 1e16 (the spacing there is 2), so the sum is 0.5 and the mean 0.125;
    # exactly, the sum is 1.5 and the mean 0.375.
    rule = Rule("lookup", _lookup, _lookup, "units")
    frame = pd.DataFrame(
        {
            "question": ["q0", "q1", "q2", "q3"],
            "forecaster": ["a"] * 4,
            "made_at": [dt.date(2022, 1, 1)] * 4,
            "probability": [0.0, 0.1, 0.2, 0.3],
        }
    )
    outs = [fs.Outcome(q, dt.date(2022, 2, 1), "yes") for q in ("q0", "q1", "q2", "q3")]
    exact = float((Fraction(1e16) + 1 - Fraction(1e16) + Fraction(1, 2)) / 4)
    assert exact == 0.375
    here = _here([frame]).score(outs, rule=rule).by_forecaster()
    assert here.mean_score.tolist() == [0.125]  # one machine adds row after row
    for k in (1, 2, 4):
        parts = _by_question_parts(frame, k)
        for order in (parts, parts[::-1]):
            with dask.config.set(scheduler="synchronous"):
                s = DaskLedger(_dask(order)).score(outs, rule=rule).by_forecaster()
            assert s.mean_score.tolist() == [exact], (k, order)


def test_hindsight_names_partition_and_row_and_counts_all(client: Client) -> None:
    parts = _by_question_parts(_simulated(seed=4, n=400, n_q=20), 3)
    late = []
    for k in (1, 2):  # one hindsight row in partition 1 (row 4) and one in partition 2 (row 0)
        p = parts[k].copy()
        row = 4 if k == 1 else 0
        p.iloc[row, p.columns.get_loc("made_at")] = pd.Timestamp("2022-09-01", tz="UTC")
        parts[k] = p
        late.append((k, row, p.iloc[row]["question"], p.iloc[row]["forecaster"]))
    outs = [fs.Outcome(f"q{i:03d}", dt.date(2022, 8, 1), True) for i in range(20)]
    k, row, q, f = late[0]
    with pytest.raises(
        HindsightError,
        match=rf"^partition 1, row 4: the prediction by '{f}' on question '{q}' was made at "
        r"2022-09-01T00:00:00\+00:00, not before its outcome was known at 2022-08-01 "
        r"\(2 such row\(s\)",
    ):
        DaskLedger(_dask(parts)).score(outs).by_forecaster()
    dropped = DaskLedger(_dask(parts)).score(outs, hindsight="drop").counts
    assert dropped["hindsight"] == 2
    assert dropped == _here(parts).score(outs, hindsight="drop").counts


def test_question_in_two_partitions_is_refused() -> None:
    frame = _simulated(seed=5, n=200, n_q=10)
    split = [frame.iloc[:101], frame.iloc[101:]]
    shared = frame.iloc[100]["question"]
    assert frame.iloc[101]["question"] == shared  # the cut falls inside a question
    with pytest.raises(
        FileSchemaError,
        match=rf"question '{shared}' is in partition 0 and partition 1 \(1 such question",
    ):
        DaskLedger(_dask(split)).score(_outcomes(10)).counts  # noqa: B018


def test_bad_value_names_partition_and_index() -> None:
    parts = _by_question_parts(_simulated(seed=6, n=200, n_q=10), 2)
    bad = parts[1].copy()
    bad.iloc[3, bad.columns.get_loc("probability")] = 1.5
    parts[1] = bad
    with pytest.raises(
        InvalidForecastError, match=r"^partition 1: probability\[3\] = 1\.5 is not a probability"
    ):
        DaskLedger(_dask(parts)).score(_outcomes(10)).counts  # noqa: B018


def test_naive_made_at_is_refused_naming_the_partition() -> None:
    frame = _simulated(seed=7, n=50, n_q=5)
    frame["made_at"] = frame["made_at"].dt.tz_localize(None)
    with pytest.raises(
        InvalidTimeError, match=r"^partition 0: column 'made_at' holds naive datetimes"
    ):
        DaskLedger(_dask([frame])).score(_outcomes(5)).counts  # noqa: B018


def test_dates_as_text_and_date_objects_score_as_dates() -> None:
    # Dask turns a column of datetime.date into text; both are whole UTC days.
    base = pd.DataFrame(
        {
            "question": ["q", "q"],
            "forecaster": ["a", "b"],
            "made_at": [dt.date(2022, 1, 31), dt.date(2022, 2, 1)],
            "probability": [0.75, 0.5],
        }
    )
    outs = [fs.Outcome("q", dt.date(2022, 2, 1), "yes")]
    for frame in (dd.from_pandas(base, npartitions=1), _dask([base])):
        table = DaskLedger(frame).score(outs, hindsight="drop")
        # Made on 2022-02-01, the day it resolved: hindsight; 2022-01-31: scored, 1 day ahead.
        assert table.counts["hindsight"] == 1
        rows = table.to_dask().compute()
        assert rows["score"].tolist() == [0.0625] and rows["lead_time_days"].tolist() == [1.0]


def test_bad_arguments() -> None:
    frame = _dask([_simulated(seed=8, n=20, n_q=4)])
    with pytest.raises(ForecastTypeError, match=r"frame must be a dask.dataframe.DataFrame"):
        DaskLedger(pd.DataFrame({"question": []}))
    with pytest.raises(FileSchemaError, match=r"frame: no column 'made_at' \(columns: question"):
        DaskLedger(frame[["question", "forecaster", "probability"]])
    with pytest.raises(FileSchemaError, match=r"frame: no column 'probability'"):
        DaskLedger(frame[["question", "forecaster", "made_at"]])
    with pytest.raises(ForecastTypeError, match=r"ledger must be a DaskLedger"):
        time_averaged(frame, _outcomes(4))  # type: ignore[arg-type]
    with pytest.raises(InvalidOptionError, match=r"hindsight"):
        DaskLedger(frame).score(_outcomes(4), hindsight="ignore")
    with pytest.raises(ForecastTypeError, match=r"outcomes must be an iterable of Outcome"):
        DaskLedger(frame).score(fs.Outcome("q000", dt.date(2022, 8, 1), True))  # type: ignore[arg-type]
    # Outcomes and options are checked at once, on the driver, with one machine's messages.
    twice = [fs.Outcome("q002", dt.date(2022, 8, 1), True)] * 2
    with pytest.raises(InvalidOutcomeError, match=r"^outcomes\[1\]: a second outcome for"):
        DaskLedger(frame).score(twice)
    with pytest.raises(UnknownRuleError, match=r"rule 'nope' is not known"):
        time_averaged(DaskLedger(frame), _outcomes(4), rule="nope")
    with pytest.raises(InvalidOptionError, match=r"fill must be 'uniform' or a probability"):
        time_averaged(DaskLedger(frame), _outcomes(4), fill=3)
    table = DaskLedger(frame).score(_outcomes(4))
    with pytest.raises(InvalidOptionError, match=r"n_resamples must be at most 1000000"):
        table.by_forecaster(n_resamples=10**7)


def test_room_refuses_to_import_without_dask() -> None:
    code = (
        "import sys; sys.modules['dask'] = None; sys.modules['dask.dataframe'] = None\n"
        "import forecastscore\n"
        "try:\n"
        "    import forecastscore.distributed\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "forecastscore.distributed needs dask's DataFrame" in out.stdout
    assert "pip install 'forecastscore[dask]'" in out.stdout


def test_import_forecastscore_does_not_import_dask() -> None:
    code = "import sys, forecastscore; print('dask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_exact_sums_against_fractions() -> None:
    from forecastscore.distributed._exact import SCALE, exact_mean, exact_sums

    rng = np.random.default_rng(9)
    # Adversarial: huge and tiny magnitudes of both signs, subnormals, exact cancellation.
    v = np.concatenate(
        [
            rng.standard_normal(500) * 10.0 ** rng.integers(-300, 300, 500),
            [5e-324, -5e-324, 1e308, -1e308, 2.0**-1074 * 3, 0.0, -0.0],
        ]
    )
    g = rng.integers(0, 3, len(v))
    s = exact_sums(g, v, 3)
    for k in range(3):
        want = sum((Fraction(x) for x in v[g == k].tolist()), Fraction(0))
        assert Fraction(s.total[k], 2**SCALE) == want
        n = int((g == k).sum())
        assert exact_mean(s.total[k], n) == float(want / n)
    assert math.isnan(exact_mean(0, 1, n_pinf=1, n_ninf=1))
    assert exact_mean(0, 2, n_pinf=1) == math.inf


def test_probability_ranges_give_best_and_worst_means() -> None:
    # Ranges [0.25, 0.75] on "yes": best (0.75 - 1)**2 = 0.0625, worst (0.25 - 1)**2 = 0.5625.
    frame = pd.DataFrame(
        {
            "question": ["q0", "q1", "q2"],
            "forecaster": ["a", "a", "b"],
            "made_at": [dt.date(2022, 1, 1)] * 3,
            "low": [0.25, 0.5, 0.25],
            "high": [0.75, 0.5, 0.75],
        }
    )
    outs = [fs.Outcome(q, dt.date(2022, 2, 1), "yes") for q in ("q0", "q1", "q2")]
    s = DaskLedger(_dask(_by_question_parts(frame, 2))).score(outs).by_forecaster()
    assert s.key.tolist() == ["a", "b"] and s.n_ranges.tolist() == [2, 1]
    assert s.mean_best.tolist() == [(0.0625 + 0.25) / 2, 0.0625]
    assert s.mean_worst.tolist() == [(0.5625 + 0.25) / 2, 0.5625]
    assert np.isnan(s.mean_score).all() and np.isnan(s.ci_low).all()


def test_a_frame_indexed_by_question_is_read(client: Client) -> None:
    frame = _simulated(seed=10, n=600, n_q=12)
    indexed = dd.from_pandas(frame.set_index("question"), npartitions=3)
    assert indexed.npartitions == 3
    there = DaskLedger(indexed).score(_outcomes(12)).by_forecaster()
    whole = indexed.reset_index().compute()
    here = _here([whole]).score(_outcomes(12)).by_forecaster()
    assert there.n.tolist() == here.n.tolist()
    assert np.array_equal(there.ci_low, here.ci_low)


def test_outcome_errors_name_the_outcome_in_the_whole_list() -> None:
    # Each partition receives only its questions' outcomes; an error still names the
    # outcome's place in the list given (or its file and line), as one machine does.
    import io

    from forecastscore.io import read_outcomes_csv

    frame = pd.DataFrame(
        {
            "question": ["a", "b", "c", "d"],
            "forecaster": ["x"] * 4,
            "made_at": [dt.date(2022, 1, 1)] * 4,
            "probability": [0.2] * 4,
        }
    )
    parts = _by_question_parts(frame, 2)
    outs = [fs.Outcome(q, dt.date(2022, 2, 1), "yes") for q in "abc"]
    outs.append(fs.Outcome("d", dt.date(2022, 2, 1), "maybe"))
    with pytest.raises(
        InvalidOutcomeError, match=r"^partition 1: outcomes\[3\]: 'value' 'maybe' is not an option"
    ):
        DaskLedger(_dask(parts)).score(outs).counts  # noqa: B018
    text = "question,resolved_at,outcome\na,2022-02-01,yes\nd,2022-02-01,maybe\nb,2022-02-01,no\n"
    read = read_outcomes_csv(io.StringIO(text))
    with pytest.raises(InvalidOutcomeError, match=r"^partition 1: <stream>:3: column 'outcome'"):
        DaskLedger(_dask(parts)).score(read).counts  # noqa: B018


def test_time_averaged_from_opens_with_questions_matches_one_machine() -> None:
    # start="opens": each question's Question (with its opens) reaches its partition.
    parts = _by_question_parts(_simulated(seed=11, n=500, n_q=12), 3)
    opens = [fs.Question(f"q{i:03d}", opens=dt.date(2021, 12, 1)) for i in range(12)]
    outs = _outcomes(12)
    here = time_averaged_here(_here(parts), outs, questions=opens, start="opens", fill=0.5)
    there = time_averaged(
        DaskLedger(_dask(parts)), outs, questions=opens, start="opens", fill=0.5
    ).columns()
    assert np.array_equal(there["score"], here.score)
    assert np.array_equal(there["span_days"], here.span_days)
    # The span starts at opens (2021-12-01), before any forecast in 2022.
    assert (there["span_days"] == (dt.date(2022, 8, 1) - dt.date(2021, 12, 1)).days).all()
