"""Reductions and the fused block path against the plain numpy one-liners (issue 12's rows).

The first rows compare ``reduce="mean"`` with forecastscore's own ``score(...).mean()``
below the fused path's threshold; the others compare with numpy one-liners.

Run: python benchmarks/bench_reduce.py [--rounds 7] [--quick]

For each row, the numpy one-liner (no validation at all) and forecastscore (validated) are
timed in interleaved rounds (one call of each per round, the order alternating), and the
best of ``--rounds`` rounds is kept for each; the ratio ``fs / numpy`` is from the same run.
On a shared machine the absolute times are upper bounds; the ratios are the figure to read.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import forecastscore as fs


def interleaved(pair: tuple[Callable[[], Any], Callable[[], Any]], rounds: int) -> list[float]:
    """Best time of each of the two callables over ``rounds`` interleaved rounds."""
    best = [float("inf"), float("inf")]
    for r in range(rounds):
        order = (0, 1) if r % 2 == 0 else (1, 0)
        for i in order:
            start = time.perf_counter()
            pair[i]()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def binary_rows(n: int, rng: np.random.Generator) -> list[tuple[str, Any, Any]]:
    p = rng.uniform(size=n)
    y_bool = rng.uniform(size=n) < p
    rows: list[tuple[str, Any, Any]] = []
    rows.append(
        (
            f"mean Brier n={n:.0e} bool",
            lambda: ((p - y_bool) ** 2).mean(),
            lambda: fs.brier_score(p, y_bool, reduce="mean"),
        )
    )
    rows.append(
        (
            f"mean log n={n:.0e} bool",
            lambda: -np.log(np.where(y_bool, p, 1 - p)).mean(),
            lambda: fs.log_score(p, y_bool, reduce="mean"),
        )
    )
    if n < 10**6:
        return rows
    for dtype in (bool, np.int64, np.uint8, np.float64):
        y = y_bool.astype(dtype)
        name = np.dtype(dtype).name
        rows.append(
            (
                f"Brier elementwise n={n:.0e} {name}",
                lambda y=y: (p - y) ** 2,
                lambda y=y: fs.brier_score(p, y),
            )
        )
        rows.append(
            (
                f"log elementwise n={n:.0e} {name}",
                lambda y=y: -np.log(np.where(y, p, 1 - p)),
                lambda y=y: fs.log_score(p, y),
            )
        )
    rows.append(
        (
            f"spherical elementwise n={n:.0e} bool",
            lambda: 1 - np.where(y_bool, p, 1 - p) / np.sqrt(p * p + (1 - p) ** 2),
            lambda: fs.spherical_score(p, y_bool),
        )
    )
    rows.append(
        (
            f"mean Brier n={n:.0e} int64",
            lambda: ((p - y_bool.astype(np.int64)) ** 2).mean(),
            lambda: fs.brier_score(p, y_bool.astype(np.int64), reduce="mean"),
        )
    )
    return rows


def threshold_rows(rng: np.random.Generator) -> list[tuple[str, Any, Any]]:
    """Below the fused path's threshold: ``reduce="mean"`` against forecastscore's own
    elementwise scores and ``.mean()`` (the claim: no slower at small sizes)."""
    rows: list[tuple[str, Any, Any]] = []
    for n in (10, 10**3, 10**4, 10**5, 2**18 - 1):
        p = rng.uniform(size=n)
        y = rng.uniform(size=n) < p
        rows.append(
            (
                f"reduce vs fs .mean() n={n}",
                lambda p=p, y=y: fs.brier_score(p, y).mean(),
                lambda p=p, y=y: fs.brier_score(p, y, reduce="mean"),
            )
        )
    return rows


def categorical_rows(n: int, rng: np.random.Generator) -> list[tuple[str, Any, Any]]:
    rows: list[tuple[str, Any, Any]] = []
    for k in (3, 10):
        p = rng.dirichlet(np.ones(k), size=n)
        c = rng.integers(0, k, size=n)
        idx = np.arange(n)
        eye = np.eye(k)
        rows += [
            (
                f"categorical log K={k} n={n:.0e} elementwise",
                lambda p=p, c=c, idx=idx: -np.log(p[idx, c]),
                lambda p=p, c=c: fs.categorical_log_score(p, c),
            ),
            (
                f"categorical log K={k} n={n:.0e} mean",
                lambda p=p, c=c, idx=idx: -np.log(p[idx, c]).mean(),
                lambda p=p, c=c: fs.categorical_log_score(p, c, reduce="mean"),
            ),
            (
                f"categorical Brier K={k} n={n:.0e} elementwise",
                lambda p=p, c=c, eye=eye: ((p - eye[c]) ** 2).sum(axis=1),
                lambda p=p, c=c: fs.categorical_brier_score(p, c),
            ),
            (
                f"categorical Brier K={k} n={n:.0e} mean",
                lambda p=p, c=c, eye=eye: ((p - eye[c]) ** 2).sum(axis=1).mean(),
                lambda p=p, c=c: fs.categorical_brier_score(p, c, reduce="mean"),
            ),
        ]
    return rows


def quantity_rows(n: int, rng: np.random.Generator) -> list[tuple[str, Any, Any]]:
    q = rng.normal(size=n)
    y = rng.normal(size=n)
    hi = q + rng.uniform(0.5, 2.0, size=n)
    tau, alpha = 0.3, 0.2

    def pinball() -> Any:
        d = y - q
        return np.maximum(tau * d, (tau - 1) * d)

    def interval() -> Any:
        return (hi - q) + 2 / alpha * (np.maximum(q - y, 0) + np.maximum(y - hi, 0))

    return [
        (
            f"quantile elementwise n={n:.0e}",
            pinball,
            lambda: fs.quantile_score(q, y, level=tau),
        ),
        (
            f"quantile mean n={n:.0e}",
            lambda: pinball().mean(),
            lambda: fs.quantile_score(q, y, level=tau, reduce="mean"),
        ),
        (
            f"interval elementwise n={n:.0e}",
            interval,
            lambda: fs.interval_score(q, hi, y, alpha=alpha),
        ),
        (
            f"interval mean n={n:.0e}",
            lambda: interval().mean(),
            lambda: fs.interval_score(q, hi, y, alpha=alpha, reduce="mean"),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="sizes up to 10**6 only")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    big = 10**6 if args.quick else 10**7
    rows: list[tuple[str, Any, Any]] = threshold_rows(rng)
    for n in (10**3, 10**4, 10**5):
        rows += binary_rows(n, rng)[:2]
    rows += binary_rows(10**6, rng)
    if big > 10**6:
        rows += binary_rows(big, rng)
    rows += categorical_rows(10**6, rng)
    rows += quantity_rows(10**6, rng)
    if big > 10**6:
        rows += quantity_rows(big, rng)
    print(f"{'row':<44} {'numpy s':>10} {'fs s':>10} {'fs/np':>6}")
    for name, base, ours in rows:
        b, o = np.asarray(base()), np.asarray(ours())
        assert np.allclose(b, o, rtol=1e-9, atol=1e-12), name
        t_np, t_fs = interleaved((base, ours), args.rounds)
        print(f"{name:<44} {t_np:>10.5f} {t_fs:>10.5f} {t_fs / t_np:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
