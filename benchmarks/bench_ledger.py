"""Speed of the track-record layer: forecastscore.ledger and forecastscore.io.

Run ``python benchmarks/bench_ledger.py`` (``--issue12 [--quick]`` for issue 12's rows only:
ratios to the pandas recipes, and the bootstrap beside a busy neighbour). A synthetic ledger
of 10**6 dated predictions by 10**3 forecasters on 10**4 questions (each forecast made 1 to
365 days before its question resolves). Prints the best of several runs for each operation.
Targets (issue 3, on a 2-core machine): ``Ledger.score``, ``time_averaged`` and the per-
forecaster summary under 2 s each; the CSV reader at least 500,000 rows per second. Issue
10: ``Ledger.aggregate`` of the 10**6 dated forecasts under 2 s (one aggregate forecast at
each instant a member forecasts: about 870,000 here, each from some 50 standing forecasts on
average). The bootstrap's cost grows with the number of distinct question counts among
forecasters, so a skewed ledger (Zipf activity) is timed too.

The CSV reader is timed twice: with probabilities as people and platforms give them (at most
three decimals, ``0.35``) and with full 17-digit floats (``0.32432774550556687``), which
take the slower general float parser for most rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
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


def synthetic(
    decimals: int | None, *, skewed: bool = False, n: int = N
) -> tuple[Ledger, list[fs.Outcome]]:
    """Forecasters equally active, or (``skewed``) with Zipf-distributed activity; about
    ``n`` predictions."""
    N = n  # the module's size, or the one asked for
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


# --- issue 12: ratios to the pandas recipes, and the bootstrap beside a busy neighbour -----


def interleaved(fns: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    """Best time of each callable over ``rounds`` rounds of one call each, in turn."""
    best = dict.fromkeys(fns, float("inf"))
    names = list(fns)
    for r in range(rounds):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            start = time.perf_counter()
            fns[name]()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def pandas_frames(ledger: Ledger, outcomes: list[fs.Outcome]) -> tuple[Any, Any]:
    """The ledger and the outcomes as a user holds them in pandas (string ids)."""
    import pandas as pd

    df = pd.DataFrame(
        {
            "question": ledger.question,
            "forecaster": ledger.forecaster,
            "made_at": ledger.made_at,
            "p": ledger.low,
        }
    )
    out = pd.DataFrame(
        {
            "question": [o.question for o in outcomes],
            "resolved_at": np.array([o.resolved_at for o in outcomes], "datetime64[D]").astype(
                df["made_at"].dtype
            ),
            "outcome": [float(o.value is True) for o in outcomes],
        }
    )
    return df, out


def pandas_score(df: Any, out: Any) -> Any:
    """The merge with a hindsight mask: Brier score and lead time of each prediction."""
    import pandas as pd

    m = df.merge(out, on="question")
    m = m[m["made_at"] < m["resolved_at"]]
    return (m["p"] - m["outcome"]) ** 2, (m["resolved_at"] - m["made_at"]) / pd.Timedelta(days=1)


def pandas_time_averaged(df: Any, out: Any) -> Any:
    """The recipe: each forecast stands until the same forecaster's next on the question, or
    the resolution; the average weighted by how long each stood."""
    m = df.merge(out, on="question")
    m = m[m["made_at"] < m["resolved_at"]].sort_values(["question", "forecaster", "made_at"])
    keys = ["question", "forecaster"]
    nxt = m.groupby(keys, sort=False, observed=True)["made_at"].shift(-1)
    stood = (nxt.fillna(m["resolved_at"]) - m["made_at"]).dt.total_seconds()
    m = m.assign(w=stood, ws=stood * (m["p"] - m["outcome"]) ** 2)
    g = m.groupby(keys, sort=False, observed=True)[["ws", "w"]].sum()
    return g["ws"] / g["w"]


@contextlib.contextmanager
def busy_neighbour() -> Iterator[None]:
    """A busy loop in another process (on the other core of a 2-core machine), stopped after."""
    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        yield
    finally:
        proc.kill()
        proc.wait()


def issue12_rows(*, quick: bool = False, rounds: int = 5) -> list[list[str]]:
    """Rows of issue 12's table: ``Ledger.score`` and ``time_averaged`` as ratios to the
    pandas recipes, ``by_forecaster`` (1,000 resamples) quiet and beside a busy loop."""
    import pandas as pd

    n = 10**5 if quick else N
    ledger, outcomes = synthetic(decimals=3, n=n)
    df, out = pandas_frames(ledger, outcomes)
    cats = pd.CategoricalDtype(sorted(set(out["question"])))
    dfc = df.astype({"question": cats, "forecaster": "category"})
    outc = out.astype({"question": cats})
    size = f"{len(ledger):.2e}"
    rows = []
    t = interleaved(
        {
            "fs": lambda: ledger.score(outcomes),
            "pd": lambda: pandas_score(df, out),
            "pd cat": lambda: pandas_score(dfc, outc),
        },
        rounds,
    )
    r = t["fs"] / t["pd"]
    rows.append(
        [
            "`Ledger.score` (Brier)",
            size,
            "pandas merge + hindsight mask",
            f"{r:.2f}x",
            "<= 1",
            "yes" if r <= 1 else "no",
            f"{t['fs'] * 1e3:.0f} ms; {t['fs'] / t['pd cat']:.2f}x the merge on categorical ids",
        ]
    )
    t = interleaved(
        {
            "fs": lambda: time_averaged(ledger, outcomes),
            "pd": lambda: pandas_time_averaged(df, out),
            "pd cat": lambda: pandas_time_averaged(dfc, outc),
        },
        rounds,
    )
    r = t["fs"] / t["pd"]
    rows.append(
        [
            "`time_averaged` (Brier)",
            size,
            "the pandas recipe",
            f"{r:.2f}x",
            "<= 0.5",
            "yes" if r <= 0.5 else "no",
            f"{t['fs'] * 1e3:.0f} ms; {t['fs'] / t['pd cat']:.2f}x the recipe on categorical ids",
        ]
    )
    table = ledger.score(outcomes)
    table.by_forecaster()  # warm

    def wall_and_cpu() -> tuple[float, float]:
        """Best wall time of 3 calls, and the process's CPU time of that call: equal on
        one thread; a wall time above the CPU time is time spent waiting for a core."""
        runs = []
        for _ in range(3):
            w, c = time.perf_counter(), time.process_time()
            table.by_forecaster()
            runs.append((time.perf_counter() - w, time.process_time() - c))
        return min(runs)

    quiet, quiet_cpu = wall_and_cpu()
    with busy_neighbour():
        busy, busy_cpu = wall_and_cpu()
    worst = max(quiet, busy)
    rows.append(
        [
            "`by_forecaster`, 1,000 resamples",
            size,
            "seconds",
            f"{quiet:.2f} s alone, {busy:.2f} s beside a busy loop",
            "<= 0.6 s",
            "yes" if worst <= 0.6 else "no",
            f"{N_FORECASTERS:,} forecasters; CPU time {quiet_cpu:.2f} s alone, "
            f"{busy_cpu:.2f} s beside the busy loop (another process)",
        ]
    )
    return rows


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
    if "--issue12" in sys.argv:
        for line in issue12_rows(quick="--quick" in sys.argv):
            print(" | ".join(line))
    else:
        main()
