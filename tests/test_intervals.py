"""Weighted interval score, its parts, interval coverage and the CRPS of quantile forecasts
(issue 11, item 5), and the refusal of swapped arguments (item 10)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import scoringrules as sr
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy import integrate, stats

from forecastscore.errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    ShapeError,
)
from forecastscore.rules import (
    crps_ensemble,
    crps_quantile,
    interval_coverage,
    quantile_score,
    weighted_interval_score,
    weighted_interval_score_parts,
)

#: The 23 levels of the US COVID-19 and FluSight forecast hubs.
HUB_LEVELS = np.array(
    [0.01, 0.025, *[round(0.05 * i, 2) for i in range(1, 20)], 0.975, 0.99], dtype=np.float64
)


# --- weighted interval score: by hand --------------------------------------------------------


def test_wis_one_interval_by_hand():
    # K = 1: the 80% interval [2, 10] (alpha = 0.2) and the median 5; outcome 12.
    # IS = 8 + (2 / 0.2) * (12 - 10) = 28; WIS = (0.5 * 7 + 0.1 * 28) / 1.5 = 6.3 / 1.5 = 4.2
    got = weighted_interval_score([2.0, 5.0, 10.0], 12.0, levels=[0.1, 0.5, 0.9])
    assert float(got) == pytest.approx(4.2, rel=1e-15)


def test_wis_two_intervals_by_hand():
    # K = 2: 50% interval [4, 6] (alpha 0.5), 90% interval [1, 9] (alpha 0.1), median 5.
    # Outcome 0: IS_0.5 = 2 + 4 * 4 = 18; IS_0.1 = 8 + 20 * 1 = 28; |y - m| = 5.
    # WIS = (0.5 * 5 + 0.25 * 18 + 0.05 * 28) / 2.5 = (2.5 + 4.5 + 1.4) / 2.5 = 3.36
    q = [1.0, 4.0, 5.0, 6.0, 9.0]
    levels = [0.05, 0.25, 0.5, 0.75, 0.95]
    assert float(weighted_interval_score(q, 0.0, levels=levels)) == pytest.approx(3.36, rel=1e-14)
    # Outcome inside both intervals at 5.5: dispersion only plus half the median's error:
    # (0.5 * 0.5 + 0.25 * 2 + 0.05 * 8) / 2.5 = 1.15 / 2.5 = 0.46
    assert float(weighted_interval_score(q, 5.5, levels=levels)) == pytest.approx(0.46, rel=1e-14)


def test_wis_median_alone_is_absolute_error():
    # K = 0: WIS = 0.5 |y - m| / 0.5 = |y - m|
    assert weighted_interval_score([[3.0], [1.0]], [5.0, -2.0], levels=[0.5]).tolist() == [2.0, 3.0]


def test_wis_parts_by_hand_and_sum():
    q = [1.0, 4.0, 5.0, 6.0, 9.0]
    levels = [0.05, 0.25, 0.5, 0.75, 0.95]
    # outcome 0: dispersion (0.25 * 2 + 0.05 * 8) / 2.5 = 0.36; overprediction
    # ((4 - 0) + (1 - 0) + 0.5 * 5) / 2.5 = 3.0; underprediction 0.
    parts = weighted_interval_score_parts(q, 0.0, levels=levels)
    assert float(parts.dispersion) == pytest.approx(0.36, rel=1e-14)
    assert float(parts.overprediction) == pytest.approx(3.0, rel=1e-15)
    assert float(parts.underprediction) == 0.0
    assert float(parts.total) == pytest.approx(3.36, rel=1e-14)
    # outcome 12: underprediction ((12 - 6) + (12 - 9) + 0.5 * 7) / 2.5 = 5.0
    up = weighted_interval_score_parts(q, 12.0, levels=levels)
    assert float(up.underprediction) == pytest.approx(5.0, rel=1e-15)
    assert float(up.overprediction) == 0.0


def test_wis_parts_sum_to_score_on_hub_forecasts():
    rng = np.random.default_rng(3)
    mu = rng.normal(size=200)
    q = stats.norm.ppf(HUB_LEVELS, loc=mu[:, None], scale=2.0)
    y = rng.normal(scale=3.0, size=200)
    parts = weighted_interval_score_parts(q, y, levels=HUB_LEVELS)
    total = weighted_interval_score(q, y, levels=HUB_LEVELS)
    np.testing.assert_allclose(parts.total, total, rtol=1e-13, atol=1e-15)


def test_wis_levels_in_any_order_and_axis():
    q = np.array([[1.0, 4.0, 5.0, 6.0, 9.0], [0.0, 1.0, 2.0, 3.0, 4.0]])
    levels = np.array([0.05, 0.25, 0.5, 0.75, 0.95])
    y = np.array([0.0, 3.5])
    want = weighted_interval_score(q, y, levels=levels)
    order = np.array([4, 0, 2, 1, 3])
    got = weighted_interval_score(q[:, order], y, levels=levels[order])
    np.testing.assert_allclose(got, want, rtol=1e-15)
    np.testing.assert_allclose(
        weighted_interval_score(q.T, y, levels=levels, axis=0), want, rtol=1e-15
    )


def test_wis_nan_policy():
    q = [[1.0, 2.0, 3.0], [1.0, np.nan, 3.0]]
    got = weighted_interval_score(q, 2.0, levels=[0.1, 0.5, 0.9], nan_policy="propagate")
    # row 0: 0.1 * 2 / 1.5 (dispersion only; the median is right)
    assert got[0] == pytest.approx(0.2 / 1.5, rel=1e-15)
    assert math.isnan(got[1])
    omit = weighted_interval_score(q, 2.0, levels=[0.1, 0.5, 0.9], nan_policy="omit")
    assert omit.shape == (1,)
    with pytest.raises(InvalidForecastError, match=r"quantiles\[1, 1\] is NaN"):
        weighted_interval_score(q, 2.0, levels=[0.1, 0.5, 0.9])


# --- weighted interval score: errors ---------------------------------------------------------


def test_wis_errors():
    with pytest.raises(InvalidOptionError, match=r"median 0.5.*got \[0.1, 0.9\]"):
        weighted_interval_score([1.0, 2.0], 1.0, levels=[0.1, 0.9])
    with pytest.raises(InvalidOptionError, match=r"0.1 is paired with 0.8"):
        weighted_interval_score([1.0, 2.0, 3.0], 1.0, levels=[0.1, 0.5, 0.8])
    with pytest.raises(
        InvalidOptionError, match=r"levels\[0\] must be strictly between 0 and 1 \(got 0.0\)"
    ):
        weighted_interval_score([1.0, 2.0, 3.0], 1.0, levels=[0.0, 0.5, 1.0])
    with pytest.raises(InvalidOptionError, match=r"levels holds 0.5 twice"):
        weighted_interval_score([1.0, 2.0, 3.0], 1.0, levels=[0.5, 0.1, 0.5])
    with pytest.raises(ShapeError, match=r"levels holds 2 level\(s\) but the quantiles hold 3"):
        weighted_interval_score([1.0, 2.0, 3.0], 1.0, levels=[0.1, 0.9])
    with pytest.raises(ShapeError, match=r"levels must be a 1-d array.*shape \(1, 3\)"):
        weighted_interval_score([1.0, 2.0, 3.0], 1.0, levels=[[0.1, 0.5, 0.9]])
    with pytest.raises(
        InvalidForecastError,
        match=r"quantiles\[1\] decrease.*2.0 at level 0.5 is below 3.0 at level 0.1",
    ):
        weighted_interval_score([[1.0, 2.0, 3.0], [3.0, 2.0, 4.0]], 1.0, levels=[0.1, 0.5, 0.9])
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[1\] = inf"):
        weighted_interval_score([[1.0, 2.0, 3.0]] * 2, [1.0, np.inf], levels=[0.1, 0.5, 0.9])
    with pytest.raises(ForecastTypeError, match="quantiles must hold real numbers"):
        weighted_interval_score([True, False, True], 1.0, levels=[0.1, 0.5, 0.9])
    with pytest.raises(ShapeError, match="must have a quantile axis; got a scalar 1.0"):
        weighted_interval_score(1.0, 1.0, levels=[0.5])


def test_wis_levels_sum_to_one_within_rounding():
    # 1 - 0.975 is 0.025000000000000022, not 0.025: still one interval
    levels = [0.025, 0.5, 1 - 0.025]
    assert float(weighted_interval_score([0.0, 1.0, 2.0], 1.0, levels=levels)) == pytest.approx(
        0.025 * 2.0 / 1.5, rel=1e-12
    )


# --- weighted interval score: properties and oracles -----------------------------------------


@given(
    support=st.lists(st.floats(-50, 50), min_size=1, max_size=6, unique=True),
    weights=st.lists(st.floats(0.05, 1.0), min_size=6, max_size=6),
    shift=st.lists(st.floats(-3.0, 3.0), min_size=5, max_size=5),
)
def test_wis_is_proper_for_the_quantiles(support, weights, shift):
    # Under a discrete G the expected WIS is least at G's quantiles (each expected pinball
    # loss is least at a tau-quantile); any other non-decreasing quantiles do no better.
    levels = np.array([0.05, 0.25, 0.5, 0.75, 0.95])
    x = np.sort(np.array(support))
    p = np.array(weights[: x.size]) / sum(weights[: x.size])
    cdf = np.cumsum(p)
    true_q = x[np.minimum(np.searchsorted(cdf, levels - 1e-12), x.size - 1)]
    other_q = np.sort(true_q + np.array(shift))

    def expected(q: np.ndarray) -> float:
        return float(p @ weighted_interval_score(np.tile(q, (x.size, 1)), x, levels=levels))

    assert expected(true_q) <= expected(other_q) + 1e-9 * (1.0 + np.abs(x).max())


def test_wis_equals_scoringrules_crps_quantile_on_central_levels():
    # scoringrules.crps_quantile is 2/n sum_k QS_tau_k: the WIS for the 2K + 1 central levels
    rng = np.random.default_rng(7)
    mu = rng.normal(scale=10.0, size=500)
    q = stats.norm.ppf(HUB_LEVELS, loc=mu[:, None], scale=rng.uniform(0.5, 5.0, 500)[:, None])
    y = rng.normal(scale=12.0, size=500)
    want = sr.crps_quantile(y, q, HUB_LEVELS, backend="numpy")
    got = weighted_interval_score(q, y, levels=HUB_LEVELS)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


def test_wis_against_scoringrules_weighted_interval_score():
    # scoringrules 0.10's weighted_interval_score adds w_0 * median, not w_0 * |y - median|
    # (its source: ``WIS += w_median * median``). Passing |y - m| as its "median" gives the
    # WIS of Bracher et al.; the raw call differs by 0.5 (m - |y - m|) / (K + 1/2).
    rng = np.random.default_rng(8)
    mu = rng.normal(scale=10.0, size=300)
    q = stats.norm.ppf(HUB_LEVELS, loc=mu[:, None], scale=3.0)
    y = rng.normal(scale=12.0, size=300)
    k = 11
    m, lower, upper, alpha = q[:, k], q[:, :k], q[:, :k:-1], 2.0 * HUB_LEVELS[:k]
    ours = weighted_interval_score(q, y, levels=HUB_LEVELS)
    fixed = sr.weighted_interval_score(y, np.abs(y - m), lower, upper, alpha, backend="numpy")
    np.testing.assert_allclose(ours, fixed, rtol=1e-9, atol=1e-12)
    raw = sr.weighted_interval_score(y, m, lower, upper, alpha, backend="numpy")
    np.testing.assert_allclose(raw - ours, 0.5 * (m - np.abs(y - m)) / (k + 0.5), atol=1e-9)


def test_wis_parts_dispersion_matches_scoringrules_interval_scores():
    # alpha_k / 2 * IS_alpha_k summed with the median term, from scoringrules.interval_score
    rng = np.random.default_rng(9)
    q = np.sort(rng.normal(size=(100, 5)), axis=-1)
    y = rng.normal(size=100)
    levels = np.array([0.05, 0.25, 0.5, 0.75, 0.95])
    alpha = np.array([0.1, 0.5])
    is_ = sr.interval_score(y, q[:, :2], q[:, :2:-1], alpha, backend="numpy")
    want = (0.5 * np.abs(y - q[:, 2]) + (is_ * alpha / 2).sum(axis=-1)) / 2.5
    np.testing.assert_allclose(
        weighted_interval_score_parts(q, y, levels=levels).total, want, rtol=1e-12, atol=1e-14
    )


# --- interval coverage -----------------------------------------------------------------------


def test_interval_coverage_by_hand():
    got = interval_coverage([0.0, 0.0, 0.0, 0.0], [10.0, 10.0, 10.0, 10.0], [4.0, 0.0, 10.0, -1.0])
    assert got.tolist() == [1.0, 1.0, 1.0, 0.0]  # both ends count as inside


def test_interval_coverage_of_true_intervals_is_nominal():
    # 10^5 outcomes from N(0, 1) against the central 80% interval: binomial sd 0.0013
    y = np.random.default_rng(11).normal(size=100_000)
    lo, hi = stats.norm.ppf([0.1, 0.9])
    assert abs(float(interval_coverage(lo, hi, y).mean()) - 0.8) < 0.006


def test_interval_coverage_errors_and_nan():
    with pytest.raises(InvalidForecastError, match=r"lower\[1\] = 3.0 is above upper\[1\] = 2.0"):
        interval_coverage([0.0, 3.0], [1.0, 2.0], 1.0)
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[0\] is NaN"):
        interval_coverage(0.0, 1.0, [np.nan])
    got = interval_coverage(0.0, 1.0, [np.nan, 0.5], nan_policy="propagate")
    assert math.isnan(got[0]) and got[1] == 1.0


# --- CRPS of quantiles -----------------------------------------------------------------------


def test_crps_quantile_by_hand():
    # F: atom 1/4 at 0, linear to 3/4 at 1, atom 1/4 at 1. At y = 0.5 each half contributes
    # 0.5 * (1/16 + 1/8 + 1/4) / 3 = 7/96, total 7/48.
    assert float(crps_quantile([0.0, 1.0], 0.5, levels=[0.25, 0.75])) == pytest.approx(
        7 / 48, rel=1e-15
    )
    # At y = -1: the tail contributes 1 (from -1 to 0) and the segment, where (1 - F)**2
    # falls from 9/16 to 1/16, (9/16 + 3/16 + 1/16) / 3 = 13/48: total 61/48.
    assert float(crps_quantile([0.0, 1.0], -1.0, levels=[0.25, 0.75])) == pytest.approx(
        61 / 48, rel=1e-15
    )


def test_crps_quantile_one_quantile_is_absolute_error():
    assert crps_quantile([[2.0], [5.0]], [3.5, 1.0], levels=[0.3]).tolist() == [1.5, 4.0]


def test_crps_quantile_matches_quadrature():
    # Independent: integrate (F(x) - 1{x >= y})**2 with scipy.integrate.quad, F by np.interp
    q = np.array([-1.0, 0.0, 0.5, 3.0])
    tau = np.array([0.1, 0.3, 0.6, 0.95])

    def cdf(x: float) -> float:
        if x < q[0]:
            return 0.0
        if x >= q[-1]:
            return 1.0
        return float(np.interp(x, q, tau))

    for y in [-2.0, -0.5, 0.25, 1.0, 4.0]:
        pts = sorted({*q.tolist(), y})
        lo, hi = pts[0] - 1.0, pts[-1] + 1.0
        want = integrate.quad(
            lambda x, y=y: (cdf(x) - (x >= y)) ** 2, lo, hi, points=pts, limit=200, epsabs=1e-13
        )[0]
        assert float(crps_quantile(q, y, levels=tau)) == pytest.approx(want, rel=1e-9)


def test_crps_quantile_zero_width_segments():
    # Two quantiles equal: the CDF jumps there. Levels 0.2, 0.5, 0.8 at 0, 1, 1; y = 2:
    # segment [0, 1] F from 0.2 to 0.5: (0.04 + 0.1 + 0.25) / 3 = 0.13; tail (2 - 1) = 1.
    got = crps_quantile([0.0, 1.0, 1.0], 2.0, levels=[0.2, 0.5, 0.8])
    assert float(got) == pytest.approx(1.13, rel=1e-14)


def test_crps_quantile_differs_from_scoringrules_pinball_average():
    # scoringrules.crps_quantile is the mean pinball loss; ours the CRPS of the piecewise-linear
    # CDF. For the levels [0.25, 0.75] at [0, 1] and y = 0.5: pinball 2/2 * (0.125 + 0.125)
    # = 0.25, against 7/48.
    pin = sr.crps_quantile(np.array(0.5), np.array([0.0, 1.0]), np.array([0.25, 0.75]))
    assert float(pin) == pytest.approx(0.25, rel=1e-15)
    assert float(crps_quantile([0.0, 1.0], 0.5, levels=[0.25, 0.75])) == pytest.approx(7 / 48)


@pytest.mark.parametrize("n, tol", [(11, 0.04), (101, 3e-3), (1001, 3e-4)])
def test_wis_and_crps_quantile_converge_to_normal_crps(n, tol):
    # Levels (i - 1/2) / n; quantiles of N(mu, 1); the CRPS of the normal from scoringrules.
    rng = np.random.default_rng(n)
    mu = rng.normal(size=400)
    y = rng.normal(size=400)
    tau = (np.arange(1, n + 1) - 0.5) / n
    q = stats.norm.ppf(tau, loc=mu[:, None])
    want = sr.crps_normal(y, mu, 1.0, backend="numpy")
    assert np.abs(crps_quantile(q, y, levels=tau) - want).max() < tol
    assert np.abs(weighted_interval_score(q, y, levels=tau) - want).max() < tol


def test_wis_error_shrinks_with_more_intervals():
    rng = np.random.default_rng(5)
    mu, y = rng.normal(size=300), rng.normal(size=300)
    want = sr.crps_normal(y, mu, 1.0, backend="numpy")
    errors = []
    for n in (5, 23, 99, 399):
        tau = (np.arange(1, n + 1) - 0.5) / n
        q = stats.norm.ppf(tau, loc=mu[:, None])
        errors.append(float(np.abs(weighted_interval_score(q, y, levels=tau) - want).mean()))
    assert errors == sorted(errors, reverse=True)
    assert errors[-1] < errors[0] / 50


def _expected_crps_under_piecewise(q_true, tau, q_fc):
    """E_{Y ~ F} CRPS(F', Y) exactly: F has atoms tau_1 at q_1 and 1 - tau_n at q_n and a
    uniform density on each segment; CRPS(F', y) is piecewise quadratic in y with breaks at
    the knots of F', so 2-point Gauss-Legendre on each piece is exact."""
    total = tau[0] * float(crps_quantile(q_fc, q_true[0], levels=tau))
    total += (1.0 - tau[-1]) * float(crps_quantile(q_fc, q_true[-1], levels=tau))
    nodes, wts = np.polynomial.legendre.leggauss(2)
    for a, b, u, v in zip(q_true[:-1], q_true[1:], tau[:-1], tau[1:], strict=True):
        if b <= a:
            continue
        dens = (v - u) / (b - a)
        cuts = sorted({a, b, *[c for c in q_fc if a < c < b]})
        for lo, hi in itertools.pairwise(cuts):
            ys = 0.5 * (hi - lo) * nodes + 0.5 * (hi + lo)
            vals = crps_quantile(np.tile(q_fc, (2, 1)), ys, levels=tau)
            total += dens * 0.5 * (hi - lo) * float(wts @ vals)
    return total


@given(
    gaps=st.lists(st.floats(0.1, 5.0), min_size=3, max_size=3),
    start=st.floats(-10, 10),
    shift=st.lists(st.floats(-2.0, 2.0), min_size=4, max_size=4),
)
def test_crps_quantile_is_proper(gaps, start, shift):
    # Outcomes drawn from the piecewise-linear F itself: no other quantile vector scores less
    tau = np.array([0.1, 0.4, 0.7, 0.9])
    q_true = start + np.concatenate([[0.0], np.cumsum(gaps)])
    q_other = np.sort(q_true + np.array(shift))
    assume(np.abs(q_other - q_true).max() > 1e-6)
    best = _expected_crps_under_piecewise(q_true, tau, q_true)
    other = _expected_crps_under_piecewise(q_true, tau, q_other)
    assert best <= other + 1e-12 * (1.0 + abs(start))


def test_crps_quantile_levels_need_not_be_symmetric_but_must_rise():
    assert float(crps_quantile([0.0, 1.0, 2.0], 1.0, levels=[0.1, 0.2, 0.9])) > 0.0
    with pytest.raises(InvalidForecastError, match=r"quantiles decrease.*0.0 at level 0.9"):
        crps_quantile([1.0, 0.0], 1.0, levels=[0.1, 0.9])


# --- swapped arguments (item 10) -------------------------------------------------------------


def test_crps_ensemble_refuses_outcome_first_order():
    obs = np.zeros(4)
    members = np.zeros((4, 10))
    with pytest.raises(ShapeError, match=r"crps_ensemble\(members, outcome\).*shape \(4, 10\)"):
        crps_ensemble(obs, members)
    # the right order still works, and one ensemble against several outcomes too
    assert crps_ensemble(members, obs).shape == (4,)
    assert crps_ensemble([0.0, 1.0, 4.0], [2.0, 3.0]).shape == (2,)


def test_quantile_score_refuses_outcome_first_order():
    fct = np.array([[1.0, 2.0, 3.0]])
    obs = np.array([[2.0]])
    with pytest.raises(ShapeError, match=r"quantile_score\(forecast, outcome, level=\.\.\.\)"):
        quantile_score(obs, fct, level=[0.1, 0.5, 0.9])
    with pytest.raises(ShapeError, match=r"takes the forecast first.*shape \(2, 3\)"):
        quantile_score(np.array([1.0, 2.0]), np.ones((2, 3)), level=0.5)
    # forecast first: 0.1 * 1 + 0 + 0.1 * 1 = [0.1, 0, 0.1]
    np.testing.assert_allclose(quantile_score(fct, obs, level=[0.1, 0.5, 0.9]), [[0.1, 0.0, 0.1]])


def test_quantile_forecasts_refuse_outcome_first_order():
    obs = np.zeros(3)
    q = np.tile([-1.0, 0.0, 1.0], (3, 1))
    for func in (weighted_interval_score, crps_quantile):
        with pytest.raises(ShapeError, match=rf"{func.__name__}\(quantiles, outcome\)"):
            func(obs, q, levels=[0.1, 0.5, 0.9])


def test_crps_quantile_near_the_float_range_is_finite_and_right():
    # CRPS is positively homogeneous: the 7/96 + 7/96 example scaled by 2e308 (levels 0.1
    # and 0.9 here: (0.01 + 0.05 + 0.25) / 3 on each half of the width 2e308)
    got = float(crps_quantile([-1e308, 1e308], 0.0, levels=[0.1, 0.9]))
    assert got == pytest.approx(2 * (1e308 * 0.31 / 3), rel=1e-14)
    # the true score beyond the float range is inf, without a warning
    assert float(crps_quantile([1e308, 1e308], -1e308, levels=[0.1, 0.9])) == math.inf


def test_wis_and_parts_near_the_float_range_are_finite_and_right():
    # dispersion 0.1 * 2e308 / 1.5, nothing else: the outcome is the median
    levels = [0.1, 0.5, 0.9]
    parts = weighted_interval_score_parts([-1e308, 0.0, 1e308], 0.0, levels=levels)
    assert float(parts.dispersion) == pytest.approx(0.1 * (2 * (1e308 / 1.5)), rel=1e-14)
    wis = float(weighted_interval_score([-1e308, 0.0, 1e308], 0.0, levels=levels))
    assert wis == pytest.approx(float(parts.dispersion), rel=1e-14)
