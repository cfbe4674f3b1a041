"""Speed of the track-record layer: forecastscore.ledger and forecastscore.io.

Run ``python benchmarks/bench_ledger.py``. A synthetic ledger of 10**6 dated predictions by
10**3 forecasters on 10**4 questions (each forecast made 1 to 365 days before its question
resolves). Prints the best of several runs for each operation. Targets (issue 3, on a
2-core machine): ``Ledger.score``, ``time_averaged`` and the per-forecaster summary under
2 s each; the CSV reader at least 500,000 rows per second. Issue 10: ``Ledger.aggregate`` of
the 10**6 dated forecasts under 2 s (one aggregate forecast at each instant a member
forecasts: about 870,000 here, each from some 50 standing forecasts on average). The
bootstrap's cost grows with the number of distinct question counts among forecasters, so a
skewed ledger (Zipf activity) is timed too.

The CSV reader is timed twice: with probabilities as people and platforms give them (at most
three decimals, ``0.35``) and with full 17-digit floats (``0.32432774550556687``), which
take the slower general float parser for most rows.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from typing import Any

import _timing as timing
import numpy as np

import forecastscore as fs
from forecastscore import io as fio
from forecastscore.ledger import Ledger, time_averaged

N, N_FORECASTERS, N_QUESTIONS = 10**6, 10**3, 10**4
REPEATS = 3


def best_of(fn: Callable[[], Any], repeats: int = REPEATS) -> float:
    return timing.best_of(fn, repeats)


def report(name: str, seconds: float, extra: str = "") -> None:
    print(f"{name:<58} {seconds:8.3f} s  {extra}")


def synthetic(decimals: int | None, *, skewed: bool = False) -> tuple[Ledger, list[fs.Outcome]]:
    """Forecasters equally active, or (``skewed``) with Zipf-distributed activity."""
    rng = np.random.default_rng(0)
    resolved = np.datetime64("2024-01-01") + rng.integers(0, 730, N_QUESTIONS)
    truth = rng.random(N_QUESTIONS) < 0.4
    q = rng.integers(0, N_QUESTIONS, N)
    if skewed:
        w = 1.0 / np.arange(1, N_FORECASTERS + 1)
        f = rng.choice(N_FORECASTERS, size=N, p=w / w.sum())
    else:
        f = rng.integers(0, N_FORECASTERS, N)
    made = resolved[q] - rng.integers(1, 366, N)
    p = np.clip(np.where(truth[q], 0.65, 0.35) + rng.normal(0, 0.2, N), 0, 1)
    if decimals is not None:
        p = p.round(decimals)
    # One forecast per forecaster, question and day: two at one instant are refused by the
    # time averages (which of them stood is not defined). Drops about 0.05 % of the rows.
    day = made.astype("datetime64[D]").astype(np.int64)
    key = (q.astype(np.int64) * N_FORECASTERS + f) * 100_000 + day
    _, first = np.unique(key, return_index=True)
    keep = np.sort(first)
    q, f, made, p = q[keep], f[keep], made[keep], p[keep]
    qnames = np.array([f"q{i}" for i in range(N_QUESTIONS)], dtype=object)
    fnames = np.array([f"f{i}" for i in range(N_FORECASTERS)], dtype=object)
    ledger = Ledger.from_arrays(qnames[q], fnames[f], made.astype("datetime64[D]"), p)
    epoch = dt.date(1970, 1, 1)
    outcomes = [
        fs.Outcome(f"q{i}", epoch + dt.timedelta(days=int(d)), bool(y))
        for i, (d, y) in enumerate(zip(resolved.astype(np.int64), truth, strict=True))
    ]
    return ledger, outcomes


def main() -> None:
    print(
        f"ledger: about {N:,} predictions, {N_FORECASTERS:,} forecasters, "
        f"{N_QUESTIONS:,} questions; "
        f"best of {REPEATS}; os.cpu_count() = {os.cpu_count()}"
    )
    ledger, outcomes = synthetic(decimals=3)
    table = ledger.score(outcomes)
    report("ledger.score(outcomes)  (Brier)", best_of(lambda: ledger.score(outcomes)))
    report(
        "ledger.score(outcomes, rule='log')",
        best_of(lambda: ledger.score(outcomes, rule="log")),
    )
    report(
        "table.by_forecaster()  (1000 question-bootstrap resamples)",
        best_of(table.by_forecaster),
        f"{len(table):,} scores in {N_FORECASTERS:,} groups",
    )
    report(
        "table.by_forecaster(n_resamples=200)",
        best_of(lambda: table.by_forecaster(n_resamples=200)),
    )
    skewed, _ = synthetic(decimals=3, skewed=True)
    skewed_table = skewed.score(outcomes)
    sizes = skewed_table.by_forecaster(interval="normal").n_questions
    report(
        "table.by_forecaster(), Zipf-skewed forecasters",
        best_of(skewed_table.by_forecaster, 1),
        f"{len(np.unique(sizes))} distinct question counts (the bootstrap's unit of work)",
    )
    report(
        "table.by_forecaster(interval='normal')  (clustered se)",
        best_of(lambda: table.by_forecaster(interval="normal")),
    )
    report("table.by_lead_time()", best_of(table.by_lead_time))
    for method in ("median", "mean", "recency_weighted_median"):
        crowd = ledger.aggregate(method)
        report(
            f"ledger.aggregate({method!r})",
            best_of(lambda method=method: ledger.aggregate(method), 1),
            f"{len(crowd):,} aggregate forecasts",
        )
    report(
        "ledger.aggregate('median', at='last')",
        best_of(lambda: ledger.aggregate("median", at="last")),
        f"{len(ledger.questions):,} questions",
    )
    report("time_averaged(ledger, outcomes)", best_of(lambda: time_averaged(ledger, outcomes)))
    report(
        "time_averaged(..., granularity='day')",
        best_of(lambda: time_averaged(ledger, outcomes, granularity="day")),
    )
    ta = time_averaged(ledger, outcomes)
    report(
        "time-averaged table.by_forecaster()",
        best_of(ta.by_forecaster),
        f"{len(ta):,} (question, forecaster) scores",
    )
    report(
        "time-averaged table.by_forecaster(interval='normal')",
        best_of(lambda: ta.by_forecaster(interval="normal")),
    )
    with tempfile.TemporaryDirectory() as d:
        for decimals, label in ((3, "3 decimals"), (None, "17-digit floats")):
            lg = ledger if decimals == 3 else synthetic(decimals=None)[0]
            path = os.path.join(d, f"p{decimals}.csv")
            t_write = best_of(lambda lg=lg, path=path: fio.write_predictions_csv(lg, path), 1)
            size = os.path.getsize(path) / 2**20
            report(f"write_predictions_csv ({label}, {size:.0f} MiB)", t_write)
            t_read = best_of(lambda path=path: fio.read_predictions_csv(path))
            assert fio.read_predictions_csv(path) == lg
            report(f"read_predictions_csv ({label})", t_read, f"{len(lg) / t_read:,.0f} rows/s")
        # Datetimes with offsets (to the second, half UTC and half +05:30) take the array
        # parser of the writer's shapes.
        rng = np.random.default_rng(1)
        offsets = rng.integers(0, 86_400, len(ledger)).astype("timedelta64[s]")
        seconds = ledger.made_at.astype("datetime64[s]") + offsets
        times = seconds.astype(dt.datetime).tolist()
        ist = dt.timezone(dt.timedelta(hours=5, minutes=30))
        made = [
            t.replace(tzinfo=dt.timezone.utc).astimezone(ist if i % 2 else dt.timezone.utc)
            for i, t in enumerate(times)
        ]
        timed = Ledger.from_arrays(ledger.question, ledger.forecaster, made, ledger.low)
        path = os.path.join(d, "datetimes.csv")
        t_write = best_of(lambda: fio.write_predictions_csv(timed, path), 1)
        report("write_predictions_csv (datetimes with offsets)", t_write)
        t_read = best_of(lambda: fio.read_predictions_csv(path))
        assert fio.read_predictions_csv(path) == timed
        report(
            "read_predictions_csv (datetimes with offsets)",
            t_read,
            f"{len(ledger) / t_read:,.0f} rows/s",
        )


if __name__ == "__main__":
    main()
