"""Speed of the leaderboard: forecastscore.ledger.ScoreTable.leaderboard.

Run ``python benchmarks/bench_leaderboard.py``. A synthetic table of 10**6 Brier scores by
10**3 forecasters on 10**4 questions (each forecaster scores 1,000 questions on average, one
forecast per (forecaster, question) at random, so the table is incomplete and every question
has about 100 forecasters). Prints the best of a few runs. Target (issue 10, on a 2-core
machine): the leaderboard with the fixed-effects adjustment and 1,000 bootstrap resamples
under 5 s.

The bootstrap runs on scipy's sparse loops and ``bincount``, and the fixed-effects fit on
``bincount`` and short vectors, so nothing heavy goes through BLAS: the script times the
leaderboard again in a child process with one BLAS thread (``OPENBLAS_NUM_THREADS=1`` and
friends, set before numpy is imported); the two times should agree. A bootstrap made of many
small BLAS matrix products is several times slower on a busy machine with a multithreaded
BLAS. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import os
import subprocess
import sys

import _timing as timing
import numpy as np

import forecastscore as fs
from forecastscore.ledger import Ledger, ScoreTable, fixed_effects

N, N_FORECASTERS, N_QUESTIONS = 10**6, 10**3, 10**4
REPEATS = 3
ONE_THREAD = {
    k: "1"
    for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")
}


def report(name: str, seconds: float) -> None:
    print(f"{name:<70} {seconds:8.3f} s", flush=True)


def synthetic() -> ScoreTable:
    """Scores of forecasters of different skill on questions of different difficulty."""
    rng = np.random.default_rng(0)
    truth = rng.random(N_QUESTIONS) < 0.4
    cells = rng.choice(N_FORECASTERS * N_QUESTIONS, size=N, replace=False)
    f, q = cells // N_QUESTIONS, cells % N_QUESTIONS
    skill = rng.uniform(0.1, 0.3, N_FORECASTERS)
    hard = rng.uniform(0.0, 0.2, N_QUESTIONS)
    p = np.where(truth[q], 0.7, 0.3) + rng.normal(0, 1, N) * (skill[f] + hard[q])
    p = np.clip(p, 0, 1).round(3)
    qnames = np.array([f"q{i}" for i in range(N_QUESTIONS)], dtype=object)
    fnames = np.array([f"f{i}" for i in range(N_FORECASTERS)], dtype=object)
    made = np.full(N, np.datetime64("2024-01-01"))
    ledger = Ledger.from_arrays(qnames[q], fnames[f], made, p)
    resolved = np.datetime64("2024-06-01").item()
    outcomes = [fs.Outcome(str(qnames[i]), resolved, bool(truth[i])) for i in range(N_QUESTIONS)]
    return ledger.score(outcomes)


def main(label: str = "") -> None:
    table = synthetic()
    if not label:
        print(f"{len(table)} scores, {N_FORECASTERS} forecasters, {N_QUESTIONS} questions")
        report(
            "fixed_effects on the labels (factorising 10**6 ids included)",
            timing.best_of(lambda: fixed_effects(table.forecaster, table.question, table.score), 2),
        )
        report("leaderboard, 1000 resamples", timing.best_of(table.leaderboard, REPEATS))
    report(
        f"leaderboard, adjust=True, 1000 resamples{label} (target < 5 s)",
        timing.best_of(lambda: table.leaderboard(adjust=True), REPEATS),
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        main(", 1 BLAS thread")
    else:
        main()
        subprocess.run(
            [sys.executable, __file__, "--child"], env={**os.environ, **ONE_THREAD}, check=True
        )
