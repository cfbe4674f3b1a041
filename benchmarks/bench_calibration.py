"""Speed of forecastscore.calibration and forecastscore.compare.

Run ``python benchmarks/bench_calibration.py``. Prints the best of several runs for each
operation, with its size, beside a plain-numpy or peer-library baseline where one exists.
Targets (issue 4, on a 2-core machine): decompositions and a reliability table over 10**6
forecasts under 1 s each, isotonic regression included; a bootstrap comparison over 10**4
claims with 2,000 resamples under 2 s. Issue 13: each calibration test, the band,
discrimination and the Murphy diagram and dominance on 10**6 forecasts under 1 s each. The
resampling ones (corp_test, calibration_band) cost n_resamples times one isotonic fit over the
distinct forecasts: under 1 s with 1000 resamples for forecasts in whole percentages (what
people give), about 10-20 ms per resample for 10**6 distinct forecasts or with clusters (their
rows give the per-resample time; run them with more resamples at that rate).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import _timing as timing
import numpy as np

from forecastscore import calibration, compare

REPEATS = 5


def row(name: str, size: str, seconds: float, baseline: str = "") -> None:
    print(f"{name:<52} {size:>22} {seconds * 1000:9.1f} ms  {baseline}")


def best_of(fn: Callable[[], Any], repeats: int = REPEATS) -> float:
    return timing.best_of(fn, repeats, warmup=True)


def main() -> None:
    rng = np.random.default_rng(0)
    n = 10**6
    p = rng.uniform(size=n)
    y = rng.uniform(size=n) < p**1.2
    p_rounded = p.round(2)  # what human forecasters give: whole percentages
    print(f"{'operation':<52} {'size':>22} {'best':>12}  baseline")

    plain = best_of(lambda: np.mean((p - y) ** 2))
    row("plain numpy mean Brier score (reference point)", "10^6 forecasts", plain)
    try:
        from sklearn.calibration import calibration_curve

        sk = best_of(lambda: calibration_curve(y, p, n_bins=10))
        sk_text = f"scikit-learn calibration_curve: {sk * 1000:.1f} ms"
    except ImportError:  # pragma: no cover
        sk_text = "(scikit-learn not installed)"
    row(
        "reliability_table(bins=10) with intervals, band",
        "10^6 forecasts",
        best_of(lambda: calibration.reliability_table(p, y, bins=10)),
        sk_text,
    )
    row(
        "reliability_table(bins='quantile')",
        "10^6 forecasts",
        best_of(lambda: calibration.reliability_table(p, y, bins="quantile")),
    )
    row(
        "reliability_table(bins='isotonic')",
        "10^6 forecasts",
        best_of(lambda: calibration.reliability_table(p, y, bins="isotonic")),
    )
    row(
        "expected_calibration_error(bins=10)",
        "10^6 forecasts",
        best_of(lambda: calibration.expected_calibration_error(p, y)),
    )
    row(
        "murphy_decomposition(bins=10)",
        "10^6 forecasts",
        best_of(lambda: calibration.murphy_decomposition(p, y)),
    )
    row(
        "murphy_decomposition(bins='unique'), 2-decimal",
        "10^6 forecasts",
        best_of(lambda: calibration.murphy_decomposition(p_rounded, y, bins="unique")),
    )
    rows3 = rng.dirichlet(np.ones(3), size=n)
    k3 = rng.integers(0, 3, size=n)
    row(
        "categorical_murphy_decomposition(bins=10), K=3",
        "10^6 rows",
        best_of(lambda: calibration.categorical_murphy_decomposition(rows3, k3)),
    )
    row(
        "corp_decomposition(rule='brier') (isotonic)",
        "10^6 forecasts",
        best_of(lambda: calibration.corp_decomposition(p, y)),
    )
    row(
        "corp_decomposition(rule='log') (isotonic)",
        "10^6 forecasts",
        best_of(lambda: calibration.corp_decomposition(p, y, rule="log")),
    )
    row(
        "skill_score(rule='brier', climatology)",
        "10^6 forecasts",
        best_of(lambda: calibration.skill_score(p, y)),
    )

    issue_13(rng, p, y, p_rounded)

    m = 10**4
    a = rng.uniform(size=m) ** 2
    b = a + rng.normal(0.0, 0.05, size=m)
    q = rng.integers(0, 2000, size=m)
    row(
        "compare(method='bootstrap'), 2000 resamples",
        "10^4 claims",
        best_of(lambda: compare.compare(a, b, seed=1)),
    )
    row(
        "compare(bootstrap, cluster=question), 2000",
        "10^4 claims, 2000 q",
        best_of(lambda: compare.compare(a, b, cluster=q, seed=1)),
    )
    row(
        "compare(method='permutation'), 2000 patterns",
        "10^4 claims",
        best_of(lambda: compare.compare(a, b, method="permutation", seed=1)),
    )
    row(
        "compare(method='diebold-mariano', horizon=5)",
        "10^4 claims",
        best_of(lambda: compare.compare(a, b, method="diebold-mariano", horizon=5)),
    )
    row(
        "compare(method='diebold-mariano', horizon=1000)",
        "10^4 claims",
        best_of(lambda: compare.compare(a, b, method="diebold-mariano", horizon=1000)),
    )
    who = rng.integers(0, 100, size=n).astype(str)
    what = rng.integers(0, 10**4, size=n)
    score = rng.uniform(0.01, 1.0, size=n)
    row(
        "pairwise_relative_skill, 100 forecasters",
        "10^6 scores, 10^4 q",
        best_of(lambda: compare.pairwise_relative_skill(who, what, score), repeats=3),
    )


def issue_13(rng: np.random.Generator, p: Any, y: Any, p_rounded: Any) -> None:
    """Calibration tests, bands, discrimination and Murphy diagrams on 10**6 forecasts."""
    n = p.size
    question = rng.integers(0, 10**4, size=n)
    y_rounded = rng.uniform(size=n) < p_rounded
    row(
        "spiegelhalter_test",
        "10^6 forecasts",
        best_of(lambda: calibration.spiegelhalter_test(p, y)),
    )
    row(
        "spiegelhalter_test(cluster=question)",
        "10^6 forecasts, 10^4 q",
        best_of(lambda: calibration.spiegelhalter_test(p, y, cluster=question)),
    )
    row(
        "hosmer_lemeshow_test (10 groups)",
        "10^6 forecasts",
        best_of(lambda: calibration.hosmer_lemeshow_test(p, y)),
    )
    row(
        "hosmer_lemeshow_test(cluster=question)",
        "10^6 forecasts, 10^4 q",
        best_of(lambda: calibration.hosmer_lemeshow_test(p, y, cluster=question)),
    )
    row(
        "corp_test, 1000 resamples, 2-decimal",
        "10^6 forecasts",
        best_of(lambda: calibration.corp_test(p_rounded, y_rounded), repeats=3),
    )
    row(
        "calibration_band, 1000 resamples, 2-decimal",
        "10^6 forecasts",
        best_of(lambda: calibration.calibration_band(p_rounded, y_rounded), repeats=3),
    )
    one = best_of(lambda: calibration.corp_test(p, y, n_resamples=1), repeats=3)
    twenty = best_of(lambda: calibration.corp_test(p, y, n_resamples=21), repeats=3)
    row(
        "corp_test, 10^6 distinct: per resample",
        "10^6 forecasts",
        (twenty - one) / 20,
        f"fixed part (validation, sort, one fit) {one * 1000:.0f} ms",
    )
    one = best_of(
        lambda: calibration.corp_test(p_rounded, y_rounded, cluster=question, n_resamples=1),
        repeats=3,
    )
    twenty = best_of(
        lambda: calibration.corp_test(p_rounded, y_rounded, cluster=question, n_resamples=21),
        repeats=3,
    )
    row(
        "corp_test(cluster=question): per resample",
        "10^6 forecasts, 10^4 q",
        (twenty - one) / 20,
        f"fixed part {one * 1000:.0f} ms",
    )
    try:
        from sklearn.metrics import roc_auc_score

        sk = best_of(lambda: roc_auc_score(y, p))
        sk_text = f"scikit-learn roc_auc_score: {sk * 1000:.1f} ms"
    except ImportError:  # pragma: no cover
        sk_text = "(scikit-learn not installed)"
    row(
        "discrimination (AUC, DeLong, slope, sharpness)",
        "10^6 forecasts",
        best_of(lambda: calibration.discrimination(p, y)),
        sk_text,
    )
    row(
        "elementary_scores (Murphy diagram), 2-decimal",
        "10^6 forecasts",
        best_of(lambda: calibration.elementary_scores(p_rounded, y_rounded)),
    )
    row(
        "elementary_scores, 10^6 distinct thresholds",
        "10^6 forecasts",
        best_of(lambda: calibration.elementary_scores(p, y)),
    )
    other = np.clip(p + rng.normal(0.0, 0.05, size=n), 0.0, 1.0)
    row(
        "murphy_dominance",
        "2 x 10^6 forecasts",
        best_of(lambda: calibration.murphy_dominance(p, other, y)),
    )


if __name__ == "__main__":
    main()
