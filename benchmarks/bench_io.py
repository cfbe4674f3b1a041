"""Speed of the CSV reader against pandas (issue 12's row), as a ratio from one run.

Run: ``python benchmarks/bench_io.py [--quick] [--rounds 5]``

A predictions file of about 10**6 rows (``question,forecaster,made_at,probability``; dates,
probabilities with at most three decimals, as bench_ledger.py writes it) is read by
:func:`forecastscore.io.read_predictions_csv` and by ``pandas.read_csv`` followed by
``pandas.to_datetime`` of the ``made_at`` column (``format="%Y-%m-%d"`` or ``"ISO8601"``,
whichever is faster), in interleaved rounds (each round reads
with both, in turn), best of ``--rounds``. forecastscore checks every field (a bad one is
an error naming its line) and builds the ledger's codes; pandas checks nothing of the
meaning. Also timed, for the notes: 17-digit floats, and datetimes with offsets.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from forecastscore import io as fio
from forecastscore.ledger import Ledger


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


def pandas_read(path: str, *, iso8601: bool = False) -> Any:
    """What a pandas user writes: read the file, parse the times."""
    import pandas as pd

    df = pd.read_csv(path)
    fmt = "ISO8601" if iso8601 else "%Y-%m-%d"
    df["made_at"] = pd.to_datetime(df["made_at"], format=fmt, utc=iso8601)
    return df


def issue12_rows(*, quick: bool = False, rounds: int = 5) -> list[list[str]]:
    """The CSV row of issue 12's table (dates, three-decimal probabilities), with the
    17-digit and datetime files in the notes."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import bench_ledger

    n = 10**5 if quick else 10**6
    ledger, _ = bench_ledger.synthetic(decimals=3, n=n)
    rows = []
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "p3.csv")
        fio.write_predictions_csv(ledger, path)
        assert fio.read_predictions_csv(path) == ledger
        t = interleaved(
            {
                "fs": lambda: fio.read_predictions_csv(path),
                "pd": lambda: pandas_read(path),
                "pd iso": lambda: pandas_read(path, iso8601=True),
            },
            rounds,
        )
        # The yardstick: the faster of the two ways to parse the dates.
        ratio = t["fs"] / min(t["pd"], t["pd iso"])
        notes = [f"{t['fs'] * 1e3:.0f} ms ({len(ledger) / t['fs']:,.0f} rows/s)"]
        # Full 17-digit floats, and datetimes with offsets (half UTC, half +05:30).
        rng = np.random.default_rng(1)
        full = Ledger.from_arrays(
            ledger.question,
            ledger.forecaster,
            ledger.made_at.astype("datetime64[D]"),
            rng.random(len(ledger)),
        )
        path17 = os.path.join(d, "p17.csv")
        fio.write_predictions_csv(full, path17)
        t17 = interleaved(
            {"fs": lambda: fio.read_predictions_csv(path17), "pd": lambda: pandas_read(path17)},
            max(1, rounds // 2),
        )
        notes.append(f"17-digit floats {t17['fs'] / t17['pd']:.2f}x")
        seconds = ledger.made_at.astype("datetime64[s]") + rng.integers(
            0, 86_400, len(ledger)
        ).astype("timedelta64[s]")
        ist = dt.timezone(dt.timedelta(hours=5, minutes=30))
        made = [
            t.replace(tzinfo=dt.timezone.utc).astimezone(ist if i % 2 else dt.timezone.utc)
            for i, t in enumerate(seconds.astype(dt.datetime).tolist())
        ]
        timed = Ledger.from_arrays(ledger.question, ledger.forecaster, made, ledger.low)
        path_dt = os.path.join(d, "pdt.csv")
        fio.write_predictions_csv(timed, path_dt)
        tdt = interleaved(
            {
                "fs": lambda: fio.read_predictions_csv(path_dt),
                "pd": lambda: pandas_read(path_dt, iso8601=True),
            },
            max(1, rounds // 2),
        )
        notes.append(f"datetimes with offsets {tdt['fs'] / tdt['pd']:.2f}x")
    rows.append(
        [
            "CSV read (`read_predictions_csv`)",
            f"{len(ledger):.2e} rows",
            "`pandas.read_csv` + `to_datetime`",
            f"{ratio:.2f}x",
            "<= 1.2",
            "yes" if ratio <= 1.2 else "no",
            "; ".join(notes),
        ]
    )
    return rows


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    for line in issue12_rows(quick=quick, rounds=rounds):
        print(" | ".join(line))
