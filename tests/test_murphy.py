"""Murphy diagrams: elementary scores (Ehm, Gneiting, Jordan and Krüger 2016) and dominance."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecastscore.calibration import elementary_scores, murphy_dominance
from forecastscore.errors import InvalidForecastError, InvalidOptionError, ShapeError


def _definition(p: float, y: int, theta: float) -> float:
    """S_theta(p, y) = theta 1{y = 0, p > theta} + (1 - theta) 1{y = 1, p <= theta}."""
    return theta * (y == 0 and p > theta) + (1 - theta) * (y == 1 and p <= theta)


def test_elementary_scores_hand_computed_small_case() -> None:
    # p = 0.3, 0.7, 0.5 with y = 1, 0, 1.
    # theta 0.2: every p > 0.2; y=0 at 0.7 acts in vain: 0.2        -> 0.2 / 3
    # theta 0.5: 0.7 in vain 0.5; y=1 at 0.3 missed 0.5; 0.5 <= 0.5 missed 0.5 -> 1.5 / 3
    # theta 0.8: nobody acts; y=1 at 0.3 and 0.5 missed 0.2 each      -> 0.4 / 3
    r = elementary_scores([0.3, 0.7, 0.5], [1, 0, 1], thresholds=[0.2, 0.5, 0.8])
    assert r.thresholds.tolist() == [0.2, 0.5, 0.8]
    np.testing.assert_allclose(r.mean_score, [0.2 / 3, 1.5 / 3, 0.4 / 3], rtol=1e-15)
    assert r.n == 3


def test_elementary_scores_equal_definition_on_grid() -> None:
    rng = np.random.default_rng(7)
    p = np.round(rng.uniform(size=40), 2)  # rounded, so that grid points hit forecasts
    y = (rng.uniform(size=40) < p).astype(int)
    grid = np.linspace(0.0, 1.0, 101)
    r = elementary_scores(p, y, thresholds=grid)
    want = [
        math.fsum(_definition(pi, yi, t) for pi, yi in zip(p, y, strict=True)) / 40 for t in grid
    ]
    np.testing.assert_allclose(r.mean_score, want, rtol=1e-13, atol=1e-16)


def test_default_thresholds_are_the_distinct_forecasts() -> None:
    r = elementary_scores([0.6, 0.2, 0.6, 0.9], [1, 0, 0, 1])
    assert r.thresholds.tolist() == [0.2, 0.6, 0.9]


def _integral(p: np.ndarray, y: np.ndarray) -> float:
    """Integral over [0, 1] of the mean elementary score: it is linear between breakpoints
    (the distinct forecasts), so each piece is its width times its value at the midpoint."""
    knots = np.unique(np.concatenate([p, [0.0, 1.0]]))
    mids = (knots[:-1] + knots[1:]) / 2
    r = elementary_scores(p, y, thresholds=mids)
    return math.fsum(np.diff(knots) * r.mean_score)


def test_elementary_scores_integrate_to_half_the_brier_score() -> None:
    # Schervish (1989): int_0^1 S_theta(p, y) dtheta = p^2 / 2 (y = 0) or (1 - p)^2 / 2 (y = 1).
    rng = np.random.default_rng(3)
    p = rng.uniform(size=500)
    y = (rng.uniform(size=500) < p).astype(float)
    half_brier = math.fsum((p - y) ** 2) / 500 / 2
    assert abs(_integral(p, y) - half_brier) < 1e-12


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0.0, 1.0), st.booleans()),
        min_size=1,
        max_size=30,
    )
)
def test_integral_is_half_brier_property(pairs: list[tuple[float, bool]]) -> None:
    p = np.array([a for a, _ in pairs])
    y = np.array([float(b) for _, b in pairs])
    assert abs(_integral(p, y) - math.fsum((p - y) ** 2) / len(p) / 2) < 1e-12


def test_dominance_sharp_calibrated_beats_vague() -> None:
    y = [1, 0, 1, 0]
    d = murphy_dominance([0.9, 0.1, 0.8, 0.2], [0.6, 0.4, 0.6, 0.4], y)
    assert d.dominant == "a"
    assert d.max_a_minus_b <= 0.0
    # Largest gap: at theta = 0.6 the vague forecaster misses both events (0.6 <= theta),
    # 2 * (1 - 0.6) / 4 = 0.2, while the sharp one (0.9, 0.8 act; 0.1, 0.2 do not) loses 0;
    # likewise just below 0.4 it acts in vain twice, 2 * 0.4 / 4 -> 0.2.
    assert d.max_b_minus_a == pytest.approx(0.2, rel=1e-12)
    swapped = murphy_dominance([0.6, 0.4, 0.6, 0.4], [0.9, 0.1, 0.8, 0.2], y)
    assert swapped.dominant == "b"


def test_dominance_neither_when_curves_cross() -> None:
    # a acts in vain at 0.4 (y=0) for theta < 0.4: b misses at 0.6 (y=1) for theta >= 0.6.
    y = [1, 0, 1, 0]
    d = murphy_dominance([0.9, 0.4, 0.8, 0.2], [0.6, 0.1, 0.6, 0.1], y)
    assert d.dominant == "neither"


def test_dominance_equal_under_permutation_despite_rounding() -> None:
    # The same forecasts in another order give the same diagram: 'equal', not a rounding win.
    rng = np.random.default_rng(11)
    p = rng.uniform(size=1000)
    y = (rng.uniform(size=1000) < p).astype(int)
    perm = rng.permutation(1000)
    d = murphy_dominance(p, p, y)
    assert d.dominant == "equal" and d.max_a_minus_b == 0.0
    # Means are counted, not summed: another order of the same pairs gives the same numbers.
    r = elementary_scores(p, y, thresholds=[0.3, 0.5])
    rp = elementary_scores(p[perm], y[perm], thresholds=[0.3, 0.5])
    rr = elementary_scores(p[::-1], y[::-1], thresholds=[0.3, 0.5])
    assert r.mean_score.tolist() == rp.mean_score.tolist() == rr.mean_score.tolist()
    # ... and agree with math.fsum of the definition.
    want = [
        math.fsum(_definition(a, b, t) for a, b in zip(p, y, strict=True)) / 1000
        for t in (0.3, 0.5)
    ]
    np.testing.assert_allclose(r.mean_score, want, rtol=1e-14)


def test_dominance_jump_only_visible_from_below() -> None:
    # a = 0.5 and b = 0.5 + 1e-9 on y = 0: b acts in vain on (0.5, 0.5 + 1e-9) only.
    d = murphy_dominance([0.5], [0.5 + 1e-9], [0])
    assert d.dominant == "a"


def test_thresholds_refused_outside_unit_interval() -> None:
    with pytest.raises(InvalidOptionError, match=r"thresholds\[1\] = 1\.5"):
        elementary_scores([0.3], [1], thresholds=[0.2, 1.5])


def test_thresholds_refused_empty_or_two_dimensional() -> None:
    with pytest.raises(InvalidOptionError, match=r"thresholds must be .*shape \(0,\)"):
        elementary_scores([0.3], [1], thresholds=[])
    with pytest.raises(InvalidOptionError, match=r"thresholds must be .*shape \(1, 2\)"):
        elementary_scores([0.3], [1], thresholds=[[0.2, 0.3]])


def test_bad_forecast_named() -> None:
    with pytest.raises(InvalidForecastError, match="forecast"):
        elementary_scores([0.3, 1.2], [1, 0])
    with pytest.raises(InvalidForecastError, match="forecast_b"):
        murphy_dominance([0.3, 0.2], [0.3, -0.2], [1, 0])


def test_dominance_shapes_must_match() -> None:
    with pytest.raises(ShapeError, match=r"forecast_a has shape \(2,\) and forecast_b"):
        murphy_dominance([0.3, 0.2], [0.3, 0.2, 0.1], [1, 0])


def test_dominance_omits_nan_from_both() -> None:
    # Without the NaN event a = (0.9, 0.1) beats b = (0.6, 0.4) on y = (1, 0).
    d = murphy_dominance([0.9, 0.1, np.nan], [0.6, 0.4, 0.99], [1, 0, 0], nan_policy="omit")
    assert d.dominant == "a" and d.n == 2


def test_records_one_row_per_threshold() -> None:
    r = elementary_scores([0.2, 0.8], [1, 0], thresholds=[0.1, 0.5])
    # theta 0.1: y=0 at 0.8 in vain 0.1 -> 0.05; theta 0.5: in vain 0.5 + missed 0.5 -> 0.5
    assert r.to_records() == [
        {"threshold": 0.1, "mean_score": 0.05},
        {"threshold": 0.5, "mean_score": 0.5},
    ]
    df = r.to_pandas()
    assert list(df.columns) == ["threshold", "mean_score"] and len(df) == 2
    rec = murphy_dominance([0.9], [0.6], [1]).to_records()
    assert rec[0]["dominant"] == "a" and rec[0]["n"] == 1
