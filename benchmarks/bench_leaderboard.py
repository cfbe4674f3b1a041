"""Speed of the leaderboard: forecastscore.ledger.ScoreTable.leaderboard.

Run ``python benchmarks/bench_leaderboard.py``. A synthetic table of 10**6 Brier scores by
10**3 forecasters on 10**4 questions (each forecaster scores about 1,000 questions at random,
so the table is incomplete and every question has about 100 forecasters). Prints the best of
a few runs. Target (issue 10, on a 2-core machine): the leaderboard with the fixed-effects
adjustment and 1,000 bootstrap resamples under 5 s. The bootstrap runs on scipy's sparse
loops, not on BLAS, so its time does not depend on BLAS threads or on how busy the other
core is: the script times it with the default threads and again while another process keeps
one core busy. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import multiprocessing
import time

import _timing as timing
import numpy as np

import forecastscore as fs
from forecastscore.ledger import Ledger, ScoreTable, fixed_effects

N, N_FORECASTERS, N_QUESTIONS = 10**6, 10**3, 10**4
REPEATS = 3


def report(name: str, seconds: float) -> None:
    print(f"{name:<64} {seconds:8.3f} s")


def synthetic(*, strata: bool = False) -> ScoreTable:
    """Scores of forecasters of different skill on questions of different difficulty."""
    rng = np.random.default_rng(0)
    truth = rng.random(N_QUESTIONS) < 0.4
    # One forecast per (forecaster, question) cell: 10**6 distinct cells out of 10**7.
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
    outcomes = [
        fs.Outcome(str(qnames[i]), np.datetime64("2024-06-01").item(), bool(truth[i]))
        for i in range(N_QUESTIONS)
    ]
    return ledger.score(outcomes)


def _busy(stop: float) -> None:
    x = 0
    while time.perf_counter() < stop:
        x += 1


def main() -> None:
    table = synthetic()
    print(f"{len(table)} scores, {N_FORECASTERS} forecasters, {N_QUESTIONS} questions")
    report(
        "fixed_effects (sparse LSMR)",
        timing.best_of(lambda: fixed_effects(table.forecaster, table.question, table.score), 2),
    )
    report(
        "leaderboard, 1000 resamples",
        timing.best_of(lambda: table.leaderboard(), REPEATS),
    )
    report(
        "leaderboard, adjust=True, 1000 resamples (target < 5 s)",
        timing.best_of(lambda: table.leaderboard(adjust=True), REPEATS),
    )
    # The same while another process keeps a core busy.
    busy = multiprocessing.Process(target=_busy, args=(time.perf_counter() + 60.0,))
    busy.start()
    try:
        report(
            "leaderboard, adjust=True, 1000 resamples, other core busy",
            timing.best_of(lambda: table.leaderboard(adjust=True), REPEATS),
        )
    finally:
        busy.terminate()
        busy.join()


if __name__ == "__main__":
    main()
