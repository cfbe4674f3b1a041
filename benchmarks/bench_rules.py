"""Mean Brier and log score, validated, against the plain numpy one-liners and scikit-learn.

Run: python benchmarks/bench_rules.py [--sizes 10000 1000000 10000000] [--repeat 7]

Prints the best time of ``--repeat`` runs for each and the ratios measured in the same run.
The numpy one-liners do no validation at all; forecastscore's times include its checks
(probabilities in [0, 1] and not NaN, outcomes exactly 0/1, shapes that broadcast).
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np
from _timing import best_of

import forecastscore as fs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**4, 10**6, 10**7])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-sklearn", action="store_true")
    args = parser.parse_args()
    metrics: Any = None
    if not args.no_sklearn:
        try:
            from sklearn import metrics
        except ImportError:
            metrics = None
    rng = np.random.default_rng(0)
    header = f"{'n':>10} {'outcome':>7} {'score':>6} {'numpy s':>10} {'fs s':>10} {'fs/np':>6}"
    header += f" {'sklearn s':>10} {'sk/np':>6}"
    print(header)
    for n in args.sizes:
        p = rng.uniform(size=n)
        y_bool = rng.uniform(size=n) < p
        for y_name, y in (("bool", y_bool), ("int64", y_bool.astype(np.int64))):
            cases = {
                "brier": (
                    lambda y=y, p=p: np.mean((p - y) ** 2),
                    lambda y=y, p=p: fs.brier_score(p, y).mean(),
                    (lambda y=y, p=p: metrics.brier_score_loss(y, p)) if metrics else None,
                ),
                "log": (
                    lambda y=y, p=p: -np.mean(np.log(np.where(y, p, 1 - p))),
                    lambda y=y, p=p: fs.log_score(p, y).mean(),
                    (lambda y=y, p=p: metrics.log_loss(y, p)) if metrics else None,
                ),
            }
            for name, (base, ours, sk) in cases.items():
                assert np.isclose(base(), ours())
                t_np = best_of(base, args.repeat)
                t_fs = best_of(ours, args.repeat)
                line = (
                    f"{n:>10} {y_name:>7} {name:>6} {t_np:>10.5f} {t_fs:>10.5f} {t_fs / t_np:>6.2f}"
                )
                if sk is not None and y_name == "bool":
                    t_sk = best_of(sk, max(1, args.repeat // 3))
                    line += f" {t_sk:>10.5f} {t_sk / t_np:>6.1f}"
                print(line, flush=True)


if __name__ == "__main__":
    main()
