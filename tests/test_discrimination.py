"""Discrimination: ROC curve, AUC (oracle: scikit-learn) with DeLong and cluster-bootstrap
intervals, the discrimination slope and sharpness."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm
from sklearn import metrics

from forecastscore.calibration import discrimination, roc_curve
from forecastscore.errors import InvalidOptionError, InvalidOutcomeError, ShapeError


def _data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = np.round(rng.uniform(size=n), 2)  # whole percentages: many ties
    y = (rng.uniform(size=n) < p).astype(int)
    return p, y


def test_auc_equals_sklearn_with_ties() -> None:
    p, y = _data(2000, 1)
    assert abs(discrimination(p, y).auc - metrics.roc_auc_score(y, p)) < 1e-12


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0.0, 0.1, 0.5, 0.7, 1.0]), st.booleans()), min_size=2))
def test_auc_equals_sklearn_property(pairs: list[tuple[float, bool]]) -> None:
    p = np.array([a for a, _ in pairs])
    y = np.array([int(b) for _, b in pairs])
    if y.min() == y.max():
        with pytest.raises(InvalidOutcomeError, match="outcomes are"):
            discrimination(p, y)
        return
    assert abs(discrimination(p, y).auc - metrics.roc_auc_score(y, p)) < 1e-12


def test_roc_curve_equals_sklearn() -> None:
    p, y = _data(500, 2)
    r = roc_curve(p, y)
    fpr, tpr, thr = metrics.roc_curve(y, p, drop_intermediate=False)
    np.testing.assert_allclose(r.false_positive_rate, fpr, rtol=0, atol=1e-15)
    np.testing.assert_allclose(r.true_positive_rate, tpr, rtol=0, atol=1e-15)
    assert r.thresholds[0] == np.inf and r.thresholds[1:].tolist() == thr[1:].tolist()
    # the trapezoidal area under the points is the AUC
    assert (
        abs(np.trapezoid(r.true_positive_rate, r.false_positive_rate) - discrimination(p, y).auc)
        < 1e-12
    )


def test_delong_hand_computed() -> None:
    # events 0.9, 0.4; non-events 0.6, 0.1. Structural components:
    # V10(0.9) = 2/2 = 1, V10(0.4) = 1/2; V01(0.6) = 1/2 (only 0.9 above), V01(0.1) = 1.
    # s10 = s01 = var([1, 0.5], ddof=1) = 0.125; se^2 = 0.125/2 + 0.125/2 = 0.125.
    d = discrimination([0.9, 0.4, 0.6, 0.1], [1, 1, 0, 0])
    assert d.auc == 0.75
    half = norm.ppf(0.975) * math.sqrt(0.125)
    assert d.ci_low == pytest.approx(0.75 - half, rel=1e-12)
    assert d.ci_high == 1.0  # 0.75 + 0.693 clipped
    assert d.interval == "delong" and d.n_clusters is None


def _delong_naive(p: np.ndarray, y: np.ndarray) -> float:
    """DeLong's standard error by explicit pairs (O(n1 n0))."""
    x, z = p[y == 1], p[y == 0]
    psi = (x[:, None] > z[None, :]) + 0.5 * (x[:, None] == z[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    return math.sqrt(v10.var(ddof=1) / x.size + v01.var(ddof=1) / z.size)


def test_delong_interval_equals_pairwise_definition() -> None:
    p, y = _data(300, 3)
    d = discrimination(p, y, confidence=0.9)
    half = norm.ppf(0.95) * _delong_naive(p, y)
    assert d.ci_low == pytest.approx(d.auc - half, rel=1e-12)
    assert d.ci_high == pytest.approx(d.auc + half, rel=1e-12)


def test_cluster_bootstrap_equals_resampled_sklearn() -> None:
    # Oracle: resample whole questions with the same draws, stack their rows, sklearn's AUC.
    p, y = _data(120, 4)
    question = np.repeat(np.arange(30), 4)
    d = discrimination(p, y, cluster=question, seed=5, n_resamples=200)
    rng = np.random.default_rng(5)
    aucs = []
    for _ in range(200):
        pick = rng.integers(0, 30, 30)
        rows = np.concatenate([np.flatnonzero(question == q) for q in pick])
        if y[rows].min() < y[rows].max():
            aucs.append(metrics.roc_auc_score(y[rows], p[rows]))
    low, high = np.quantile(aucs, [0.025, 0.975])
    assert d.ci_low == pytest.approx(low, abs=1e-12)
    assert d.ci_high == pytest.approx(high, abs=1e-12)
    assert d.interval == "cluster bootstrap" and d.n_clusters == 30
    assert abs(d.auc - metrics.roc_auc_score(y, p)) < 1e-12


def test_slope_and_sharpness_hand_computed() -> None:
    d = discrimination([0.9, 0.4, 0.6, 0.1], [1, 1, 0, 0])
    assert d.discrimination_slope == pytest.approx((0.9 + 0.4) / 2 - (0.6 + 0.1) / 2, rel=1e-14)
    assert d.mean_distance_from_half == pytest.approx(0.25, rel=1e-14)
    h = lambda q: -q * math.log(q) - (1 - q) * math.log(1 - q)  # noqa: E731
    assert d.mean_entropy == pytest.approx((h(0.9) + h(0.4) + h(0.6) + h(0.1)) / 4, rel=1e-14)
    # 0 and 1 have entropy 0 (0 ln 0 = 0), not NaN
    e = discrimination([0.0, 1.0], [0, 1])
    assert e.mean_entropy == 0.0 and e.auc == 1.0 and e.mean_distance_from_half == 0.5


def test_records_and_repr() -> None:
    d = discrimination([0.9, 0.4, 0.6, 0.1], [1, 1, 0, 0])
    rec = d.to_records()
    assert rec[0]["auc"] == 0.75 and rec[0]["n"] == 4 and rec[0]["n_events"] == 2
    assert repr(d).startswith("Discrimination(auc=0.75, ci=(")
    r = roc_curve([0.8, 0.3], [1, 0])
    assert r.to_records()[1] == {
        "threshold": 0.8,
        "false_positive_rate": 0.0,
        "true_positive_rate": 1.0,
    }
    assert list(r.to_pandas().columns) == ["threshold", "false_positive_rate", "true_positive_rate"]


def test_all_outcomes_equal_refused() -> None:
    with pytest.raises(InvalidOutcomeError, match="all 2 outcomes are 1"):
        discrimination([0.3, 0.8], [1, 1])
    with pytest.raises(InvalidOutcomeError, match="all 2 outcomes are 0"):
        roc_curve([0.3, 0.8], [0, 0])


def test_cluster_errors() -> None:
    with pytest.raises(ShapeError, match="cluster has 3 labels for 2 forecasts"):
        discrimination([0.3, 0.8], [0, 1], cluster=["a", "b", "c"])
    with pytest.raises(InvalidOptionError, match="cluster holds 1 distinct label"):
        discrimination([0.3, 0.8], [0, 1], cluster=["a", "a"])


def test_option_errors() -> None:
    with pytest.raises(
        InvalidOptionError, match=r"confidence must be a number in \(0, 1\) \(got 1.5\)"
    ):
        discrimination([0.3, 0.8], [0, 1], confidence=1.5)
    with pytest.raises(InvalidOptionError, match=r"n_resamples must be an integer >= 1 \(got 0\)"):
        discrimination([0.3, 0.8], [0, 1], n_resamples=0)
    with pytest.raises(InvalidOptionError, match=r"seed must be an integer >= 0 \(got -1\)"):
        discrimination([0.3, 0.8], [0, 1], seed=-1)
