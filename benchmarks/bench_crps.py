"""CRPS of normal forecasts and of ensembles: forecastscore against the numpy one-liner and
the peers, as ratios measured in one run (interleaved rounds, best of ``--repeat``).

Run: python benchmarks/bench_crps.py [--sizes 10000 1000000 10000000] [--repeat 7]
     [--ensembles 100000x50 10000x1000]

Normal forecasts: ``numpy`` is the unvalidated closed form
``sigma * (z * (2 * ndtr(z) - 1) + 2 * pdf(z) - 1 / sqrt(pi))``; ``crps_normal`` and
``crps(norm)`` validate (every input finite, every scale positive). Ensembles: ``numpy`` is
the sort-based one-liner; forecastscore validates and runs with ``engine="numpy"`` (the
default) and ``engine="numba"``; properscoring uses numba when it is installed (it is, in
the ``bench`` extra); scoringrules runs with its numba backend. ``peak/input`` is the peak
of memory allocated during the call (tracemalloc) over the size of the members.

Each round times every contender once, in turn, so that a busy neighbour slows them alike;
the table gives the best round of each and its ratio to the numpy one-liner. On a shared
machine the absolute times are upper bounds; the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import special, stats

from forecastscore.rules import crps, crps_ensemble, crps_normal


def _peer(name: str) -> Any:
    try:
        return __import__(name)
    except ImportError:
        return None


def numpy_crps_normal(y: Any, mu: Any, sigma: Any) -> Any:
    z = (y - mu) / sigma
    pdf = np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)
    return sigma * (z * (2 * special.ndtr(z) - 1) + 2 * pdf - 1 / np.sqrt(np.pi))


def numpy_crps_ensemble(x: Any, y: Any) -> Any:
    m = x.shape[-1]
    xs = np.sort(x, axis=-1)
    w = 2.0 * np.arange(1, m + 1) - m - 1
    return np.abs(x - y[:, None]).mean(axis=-1) - xs @ w / m**2


def interleaved(fns: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Best wall time of each function over ``repeat`` rounds, each round running every
    function once in turn (after one untimed call each: compilation, caches)."""
    for fn in fns.values():
        fn()
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def peak_ratio(fn: Callable[[], Any], nbytes: int) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / nbytes


def report(title: str, times: dict[str, float], extra: dict[str, str] | None = None) -> None:
    base = times["numpy"]
    print(title)
    for name, t in times.items():
        note = f"  {extra[name]}" if extra and name in extra else ""
        print(f"  {name:<22} {t * 1e3:>10.2f} ms {t / base:>7.2f}x{note}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**4, 10**6, 10**7])
    parser.add_argument("--ensembles", nargs="+", default=["100000x50", "10000x1000"])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sr, ps = _peer("scoringrules"), _peer("properscoring")
    rng = np.random.default_rng(0)

    for n in args.sizes:
        y, mu = rng.normal(size=n), rng.normal(size=n)
        sigma = rng.uniform(0.5, 2.0, size=n)
        assert np.allclose(crps_normal(mu, sigma, y), numpy_crps_normal(y, mu, sigma))
        fns: dict[str, Callable[[], Any]] = {
            "numpy": lambda y=y, mu=mu, s=sigma: numpy_crps_normal(y, mu, s),
            "crps_normal": lambda y=y, mu=mu, s=sigma: crps_normal(mu, s, y),
            "crps(norm)": lambda y=y, mu=mu, s=sigma: crps(stats.norm(mu, s), y),
        }
        if sr is not None:
            fns["scoringrules"] = lambda y=y, mu=mu, s=sigma: sr.crps_normal(y, mu, s)
        if ps is not None:
            fns["properscoring"] = lambda y=y, mu=mu, s=sigma: ps.crps_gaussian(y, mu, s)
        report(f"CRPS of normal forecasts, n = {n}", interleaved(fns, args.repeat))

    for spec in args.ensembles:
        n, m = (int(v) for v in spec.split("x"))
        x, y = rng.normal(size=(n, m)), rng.normal(size=n)
        assert np.allclose(crps_ensemble(x, y), numpy_crps_ensemble(x, y))
        fns = {
            "numpy": lambda x=x, y=y: numpy_crps_ensemble(x, y),
            "fs engine=numpy": lambda x=x, y=y: crps_ensemble(x, y),
            "fs engine=numba": lambda x=x, y=y: crps_ensemble(x, y, engine="numba"),
        }
        if ps is not None:
            fns["properscoring (numba)"] = lambda x=x, y=y: ps.crps_ensemble(y, x)
        if sr is not None:
            fns["scoringrules (numba)"] = lambda x=x, y=y: sr.crps_ensemble(y, x, backend="numba")
        times = interleaved(fns, args.repeat)
        memory = {
            name: f"peak/input {peak_ratio(fn, x.nbytes):.2f}"
            for name, fn in fns.items()
            if not name.startswith("scoringrules")
        }
        report(f"CRPS of ensembles, {n} x {m}", times, memory)


if __name__ == "__main__":
    main()
