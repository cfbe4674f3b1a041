"""Revision scores, revision summaries and the platforms' scores on large synthetic inputs.

Run: python benchmarks/bench_verbal_platforms.py

Prints the best time of a few runs for each, and for revision_score the plain numpy
one-liner that computes the same change in log loss without validation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from _timing import best_of

from forecastscore import platforms as pf
from forecastscore import verbal


def best(fn: Callable[[], Any], repeat: int = 5) -> float:
    return best_of(fn, repeat)


def main() -> None:
    rng = np.random.default_rng(0)
    n = 1_000_000
    p0, p1 = rng.uniform(0.01, 0.99, n), rng.uniform(0.01, 0.99, n)
    y = rng.integers(0, 2, n)

    def plain() -> Any:
        return -(np.log(np.where(y, p1, 1 - p1)) - np.log(np.where(y, p0, 1 - p0)))

    print(f"revision_score (log), n={n:,}: {best(lambda: verbal.revision_score(p0, p1, y)):.4f} s")
    print(f"  plain numpy, no validation:        {best(plain):.4f} s")
    forecaster = rng.integers(0, 10_000, n)
    question = rng.integers(0, 1_000, n)
    made = rng.integers(0, 10**6, n)
    outcome = rng.integers(0, 2, 1_000)[question]
    t = best(lambda: verbal.revision_summary(forecaster, question, made, p0, outcome), 3)
    print(f"revision_summary, n={n:,}, 10k forecasters, 1k questions: {t:.3f} s")

    m = 200_000
    who = rng.integers(0, 5_000, m)
    start = np.datetime64("2020-01-01")
    times = start + rng.integers(0, 365 * 86400, m).astype("timedelta64[s]")
    end = np.datetime64("2021-01-01")
    t = best(
        lambda: pf.metaculus_time_averaged_scores(
            who, times, p0[:m], True, opens=start, scheduled_close=end
        ),
        3,
    )
    print(f"metaculus_time_averaged_scores, {m:,} forecasts, 5k forecasters: {t:.3f} s")
    t = best(lambda: pf.metaculus_peer_score(p0.reshape(1000, 1000), y[:1000]))
    print(f"metaculus_peer_score, 1000 questions x 1000 forecasters: {t:.4f} s")
    t = best(
        lambda: pf.gjopen_time_averaged_brier_score(times, p0[:m], True, opens=start, closes=end),
        3,
    )
    print(f"gjopen_time_averaged_brier_score, {m:,} forecasts: {t:.3f} s")
    probs = rng.dirichlet(np.ones(5), n)
    k = rng.integers(0, 5, n)
    t = best(lambda: pf.gjopen_brier_score(probs, k, ordered=True), 3)
    print(f"gjopen_brier_score (ordered), n={n:,}, K=5: {t:.3f} s")


if __name__ == "__main__":
    main()
