"""CRPS of normal forecasts and of ensembles, validated, against plain numpy and peer libraries.

Run: python benchmarks/bench_family.py [--n 1000000] [--members 10 20] [--repeat 5]

Prints the best time of ``--repeat`` runs for each and the ratios measured in the same run.
The plain-numpy baselines compute the same formulas with no validation at all;
forecastscore's times include its checks (finite real numbers, valid parameters, shapes).
``scoringrules`` and ``properscoring`` are timed when installed (their numpy back ends; neither
validates). The numerical-integration path of ``crps`` is timed on ``--n-quadrature``
outcomes of a Gumbel forecast, a family without a closed form here. The weighted interval
score is timed on the forecast hubs' 23 quantile levels (``--n`` forecasts) against a numpy
one-liner and ``scoringrules.weighted_interval_score`` (given ``|y - median|`` for its median
argument, see docs/distributional-scores.md, so that the numbers agree). The log score of
normal forecasts (``log_score(scipy.stats.norm(mu, sigma), y)``) is timed on ``--n-log``
outcomes against a numpy one-liner and ``scoringrules.logs_normal``.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

import numpy as np

# the shared timing loop; `python benchmarks/bench_family.py` puts its folder on sys.path
from _timing import best_of
from scipy import special, stats

from forecastscore.rules import crps, crps_ensemble, log_score, weighted_interval_score


def optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
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


HUB_LEVELS = np.array([0.01, 0.025, *np.round(np.arange(0.05, 0.951, 0.05), 2), 0.975, 0.99])


def numpy_wis(q: Any, y: Any, tau: Any) -> Any:
    d = q - y[:, None]
    return (np.maximum(d, 0.0) - tau * d).sum(axis=-1) * (2.0 / tau.size)


def numpy_log_normal(y: Any, mu: Any, sigma: Any) -> Any:
    return 0.5 * ((y - mu) / sigma) ** 2 + np.log(sigma) + 0.5 * np.log(2 * np.pi)


def report(name: str, n: int, base: float, rows: dict[str, float | None]) -> None:
    line = f"{name:<24} {n:>9} {base:>9.4f}"
    for t in rows.values():
        line += f" {t:>9.4f} {t / base:>6.2f}" if t is not None else f" {'-':>9} {'-':>6}"
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10**6)
    # scoringrules' "nrg" estimator builds all m*m member pairs: 10**6 x 50 x 50 floats would
    # not fit in memory, so the defaults stay small.
    parser.add_argument("--members", type=int, nargs="+", default=[10, 20])
    parser.add_argument("--n-quadrature", type=int, default=10**4)
    parser.add_argument("--n-log", type=int, default=10**7)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sr = optional("scoringrules")
    ps = optional("properscoring")
    rng = np.random.default_rng(0)
    n = args.n
    y = rng.normal(size=n)
    mu = rng.normal(size=n)
    sigma = rng.uniform(0.5, 2.0, size=n)

    print(
        f"{'case':<24} {'n':>9} {'numpy s':>9} {'fs s':>9} {'fs/np':>6} {'sr s':>9} "
        f"{'sr/np':>6} {'ps s':>9} {'ps/np':>6}"
    )
    ours = crps(stats.norm(mu, sigma), y)
    assert np.allclose(ours, numpy_crps_normal(y, mu, sigma))
    report(
        "crps normal",
        n,
        best_of(lambda: numpy_crps_normal(y, mu, sigma), args.repeat),
        {
            "fs": best_of(lambda: crps(stats.norm(mu, sigma), y), args.repeat),
            "sr": best_of(lambda: sr.crps_normal(y, mu, sigma), args.repeat) if sr else None,
            "ps": best_of(lambda: ps.crps_gaussian(y, mu, sigma), args.repeat) if ps else None,
        },
    )
    for m in args.members:
        x = rng.normal(size=(n, m))
        assert np.allclose(crps_ensemble(x, y), numpy_crps_ensemble(x, y))
        report(
            f"crps_ensemble m={m}",
            n,
            best_of(lambda x=x: numpy_crps_ensemble(x, y), args.repeat),
            {
                "fs": best_of(lambda x=x: crps_ensemble(x, y), args.repeat),
                "sr": (
                    best_of(lambda x=x: sr.crps_ensemble(y, x, estimator="nrg"), args.repeat)
                    if sr
                    else None
                ),
                "ps": best_of(lambda x=x: ps.crps_ensemble(y, x), args.repeat) if ps else None,
            },
        )
        report(
            f"crps_ensemble fair m={m}",
            n,
            best_of(lambda x=x: numpy_crps_ensemble(x, y), args.repeat),
            {
                "fs": best_of(lambda x=x: crps_ensemble(x, y, fair=True), args.repeat),
                "sr": (
                    best_of(lambda x=x: sr.crps_ensemble(y, x, estimator="fair"), args.repeat)
                    if sr
                    else None
                ),
                "ps": None,
            },
        )
        del x

    q = stats.norm.ppf(HUB_LEVELS, loc=mu[:, None], scale=sigma[:, None])
    k = HUB_LEVELS.size // 2
    assert np.allclose(
        weighted_interval_score(q, y, levels=HUB_LEVELS), numpy_wis(q, y, HUB_LEVELS)
    )

    def sr_wis() -> Any:
        med = q[:, k]
        return sr.weighted_interval_score(
            y, np.abs(y - med), q[:, :k], q[:, :k:-1], 2.0 * HUB_LEVELS[:k]
        )

    if sr:
        assert np.allclose(sr_wis(), numpy_wis(q, y, HUB_LEVELS))
    report(
        f"wis {HUB_LEVELS.size} quantiles",
        n,
        best_of(lambda: numpy_wis(q, y, HUB_LEVELS), args.repeat),
        {
            "fs": best_of(lambda: weighted_interval_score(q, y, levels=HUB_LEVELS), args.repeat),
            "sr": best_of(sr_wis, args.repeat) if sr else None,
            "ps": None,
        },
    )

    nl = args.n_log
    yl, mul, sl = rng.normal(size=nl), rng.normal(size=nl), rng.uniform(0.5, 2.0, size=nl)
    assert np.allclose(log_score(stats.norm(mul, sl), yl), numpy_log_normal(yl, mul, sl))
    report(
        "log_score normal",
        nl,
        best_of(lambda: numpy_log_normal(yl, mul, sl), args.repeat),
        {
            "fs": best_of(lambda: log_score(stats.norm(mul, sl), yl), args.repeat),
            "sr": best_of(lambda: sr.logs_normal(yl, mul, sl), args.repeat) if sr else None,
            "ps": None,
        },
    )

    nq = args.n_quadrature
    yq = y[:nq]
    t_q = best_of(lambda: crps(stats.gumbel_r(mu[:nq], sigma[:nq]), yq), max(1, args.repeat // 2))
    t_c = best_of(lambda: crps(stats.norm(mu[:nq], sigma[:nq]), yq), args.repeat)
    print(
        f"\ncrps by quadrature (gumbel_r), n={nq}: {t_q:.3f} s, {t_q / nq * 1e6:.1f} us per "
        f"outcome; closed form (norm) on the same n: {t_c:.5f} s"
    )


if __name__ == "__main__":
    main()
