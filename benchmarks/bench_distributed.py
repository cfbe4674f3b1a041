"""A track record beyond one machine: forecastscore.distributed on simulated predictions.

Run ``python benchmarks/bench_distributed.py`` (10**8 predictions; ``--rows`` for another
size, ``--check`` to also compare with one machine, which needs the whole ledger in memory:
use it at 10**6 or 10**7). The predictions are made inside the workers, partition by
partition (``dask.dataframe.from_map``), never on the driver: each partition holds
``--questions-per-partition`` questions, each question 20 forecasters (of 1,000) who forecast
it ``rows / (20 * questions)`` times each at distinct instants through 2022; every question
resolves on 2023-01-01.

It times, on a ``distributed.LocalCluster`` of ``--workers`` worker processes with one thread
each: making the predictions alone (a count of the rows), then scoring with the
per-forecaster summary (Brier, 1,000 bootstrap resamples), and the time averages with their
per-forecaster summary (each pass makes the predictions again, as reading them would); then
prints the peak resident memory of each worker process and of the driver
(``resource.getrusage``: the high-water mark of the whole process, including Python, numpy,
pandas and dask themselves). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
from typing import Any

import numpy as np
import pandas as pd

N_FORECASTERS = 1000
PER_QUESTION = 20  # forecasters per question
FORECASTERS = np.array([f"f{i:04d}" for i in range(N_FORECASTERS)], dtype=object)


def make_partition(k: int, rows: int, questions: int) -> pd.DataFrame:
    """Partition ``k``: ``questions`` questions, ``rows`` predictions, from seed ``k``."""
    rng = np.random.default_rng(k)
    each = rows // (questions * PER_QUESTION)  # forecasts per (question, forecaster)
    q_names = np.array([f"q{k:05d}-{j:04d}" for j in range(questions)], dtype=object)
    # 20 distinct forecasters per question.
    who = np.argsort(rng.random((questions, N_FORECASTERS)), axis=1)[:, :PER_QUESTION]
    q = np.repeat(np.arange(questions), PER_QUESTION * each)
    f = np.repeat(who.reshape(-1), each)
    # Distinct instants per (question, forecaster): a random start, then every ~6 days.
    start = rng.integers(0, 86400 * 60, questions * PER_QUESTION)
    step = (86400 * 300) // max(each, 1)
    seconds = np.repeat(start, each) + np.tile(np.arange(each) * step, questions * PER_QUESTION)
    made = np.datetime64("2022-01-01T00:00:00", "s") + seconds.astype("timedelta64[s]")
    return pd.DataFrame(
        {
            "question": q_names[q],
            "forecaster": FORECASTERS[f],
            "made_at": pd.DatetimeIndex(made).tz_localize("UTC"),
            "probability": rng.random(len(q)),
        }
    )


def outcomes_for(partitions: int, questions: int) -> list[Any]:
    import forecastscore as fs

    rng = np.random.default_rng(10**6)
    out = []
    for k in range(partitions):
        happened = rng.random(questions) < 0.5
        out += [
            fs.Outcome(f"q{k:05d}-{j:04d}", dt.date(2023, 1, 1), bool(happened[j]))
            for j in range(questions)
        ]
    return out


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10**8)
    parser.add_argument("--partitions", type=int, default=100)
    parser.add_argument("--questions-per-partition", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--check", action="store_true", help="compare with one machine")
    parser.add_argument(
        "--one-machine",
        action="store_true",
        help="only the one-machine run of the same predictions (its time and peak memory)",
    )
    args = parser.parse_args()
    if args.one_machine:
        one_machine(args.rows, args.partitions, args.questions_per_partition)
        return

    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from forecastscore.distributed import DaskLedger, time_averaged

    per = args.rows // args.partitions
    qpp = args.questions_per_partition
    n = args.partitions * qpp * PER_QUESTION * (per // (qpp * PER_QUESTION))
    print(
        f"{n:,} predictions in {args.partitions} partitions, {args.partitions * qpp:,} "
        f"questions, {N_FORECASTERS} forecasters; {args.workers} workers x 1 thread",
        flush=True,
    )
    t0 = time.perf_counter()
    outcomes = outcomes_for(args.partitions, qpp)
    print(f"outcomes built on the driver: {time.perf_counter() - t0:.1f} s", flush=True)
    with (
        LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as client,
    ):
        frame = dd.from_map(
            make_partition, range(args.partitions), rows=per, questions=qpp, enforce_metadata=False
        )
        ledger = DaskLedger(frame)
        t0 = time.perf_counter()
        made = int(frame.map_partitions(len).sum().compute())
        t_make = time.perf_counter() - t0
        print(f"making the {made:,} predictions alone: {t_make:.1f} s (in each pass below)")
        t0 = time.perf_counter()
        table = ledger.score(outcomes)
        summary = table.by_forecaster()
        t_score = time.perf_counter() - t0
        print(f"score + by_forecaster: {t_score:.1f} s ({summary.n.sum():,} scored)", flush=True)
        t0 = time.perf_counter()
        averaged = time_averaged(ledger, outcomes)
        ta_summary = averaged.by_forecaster()
        t_ta = time.perf_counter() - t0
        print(
            f"time_averaged + by_forecaster: {t_ta:.1f} s ({ta_summary.n.sum():,} averages)",
            flush=True,
        )
        peaks = client.run(peak_rss_mib)
        for address, mib in sorted(peaks.items()):
            print(f"peak memory of worker {address}: {mib:,.0f} MiB")
        print(f"peak memory of the driver: {peak_rss_mib():,.0f} MiB")
        print(summary.to_pandas().head(3).to_string())
        if args.check:
            check(frame, outcomes, summary, ta_summary)


def one_machine(rows: int, partitions: int, questions: int) -> None:
    """The same predictions in one ledger in this process: time and peak memory."""
    from forecastscore.ledger import Ledger, time_averaged

    t0 = time.perf_counter()
    whole = pd.concat([make_partition(k, rows // partitions, questions) for k in range(partitions)])
    made = whole["made_at"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    ledger = Ledger.from_arrays(
        whole["question"].to_numpy(object),
        whole["forecaster"].to_numpy(object),
        made,
        whole["probability"].to_numpy(),
    )
    del whole, made
    outcomes = outcomes_for(partitions, questions)
    print(
        f"one machine: {len(ledger):,} predictions made and read: {time.perf_counter() - t0:.1f} s"
    )
    t0 = time.perf_counter()
    ledger.score(outcomes).by_forecaster()
    print(f"one machine, score + by_forecaster: {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    time_averaged(ledger, outcomes).by_forecaster()
    print(f"one machine, time_averaged + by_forecaster: {time.perf_counter() - t0:.1f} s")
    print(f"peak memory of the one process: {peak_rss_mib():,.0f} MiB")


def check(frame: Any, outcomes: list[Any], summary: Any, ta_summary: Any) -> None:
    """The same summaries on one machine (the whole ledger in memory)."""
    from forecastscore.ledger import Ledger, time_averaged

    whole = frame.compute()
    made = whole["made_at"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    ledger = Ledger.from_arrays(
        whole["question"].to_numpy(object),
        whole["forecaster"].to_numpy(object),
        made,
        whole["probability"].to_numpy(),
    )
    t0 = time.perf_counter()
    here = ledger.score(outcomes).by_forecaster()
    print(f"one machine, score + by_forecaster: {time.perf_counter() - t0:.1f} s")
    ta_here = time_averaged(ledger, outcomes).by_forecaster()
    for name, a, b in (("scores", summary, here), ("time averages", ta_summary, ta_here)):
        same_ci = np.array_equal(a.ci_low, b.ci_low) and np.array_equal(a.ci_high, b.ci_high)
        ulps = np.abs(a.mean_score - b.mean_score) / np.spacing(b.mean_score)
        print(
            f"{name}: n equal {np.array_equal(a.n, b.n)}, intervals bitwise equal {same_ci}, "
            f"means differ by at most {ulps.max():.0f} ulp"
        )


if __name__ == "__main__":
    main()
