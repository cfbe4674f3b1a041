"""``reduce="mean" | "sum"``, ``weights=`` and ``check=`` on every score on arrays, and the
fused block path behind them (forecastscore/rules/_reduce.py).

Expected values are written out by hand, or are ``math.fsum`` of the elementwise scores
(tested against their own oracles in test_rules*.py): what is under test here is the
reduction, its weights and its refusals.
"""

import math

import numpy as np
import pytest
from scipy import stats

import forecastscore as fs
from forecastscore import rules
from forecastscore.errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    ShapeError,
)
from forecastscore.rules import _reduce

EPS = np.finfo(float).eps
BIG = _reduce.FUSE_MIN + 12_345  # above the fused path's threshold, not a multiple of a block

# --- hand values --------------------------------------------------------------------------


def test_brier_mean_sum_and_weighted_mean_by_hand():
    # (0.3 - 1)**2 = 0.49 and (0.8 - 0)**2 = 0.64
    assert fs.brier_score([0.3, 0.8], [1, 0], reduce="mean") == pytest.approx(0.565, abs=1e-15)
    assert fs.brier_score([0.3, 0.8], [1, 0], reduce="sum") == pytest.approx(1.13, abs=1e-15)
    # (1 * 0.49 + 3 * 0.64) / 4 = 2.41 / 4
    got = fs.brier_score([0.3, 0.8], [1, 0], reduce="mean", weights=[1, 3])
    assert got == pytest.approx(0.6025, abs=1e-15)
    assert fs.brier_score([0.3, 0.8], [1, 0], reduce="sum", weights=[1, 3]) == pytest.approx(
        2.41, abs=1e-15
    )


def test_reduction_returns_a_numpy_float64():
    out = fs.log_score([0.5, 0.25], [1, 1], reduce="mean")
    assert type(out) is np.float64
    # (ln 2 + ln 4) / 2 = 1.5 ln 2
    assert out == pytest.approx(1.5 * math.log(2.0), rel=1e-15)


def test_weights_broadcast_to_the_scores():
    # One weight per row of a (2, 2) table: rows weighted 1 and 0, so only row 0 counts.
    p = np.array([[0.1, 0.2], [0.9, 0.9]])
    y = np.array([[0, 0], [0, 0]])
    got = fs.brier_score(p, y, reduce="mean", weights=[[1.0], [0.0]])
    assert got == pytest.approx((0.01 + 0.04) / 2, abs=1e-17)


def test_categorical_and_ranked_reductions_by_hand():
    # Rows score 0.14 and 1.5 (see categorical_brier_score's docstring).
    p = [[0.7, 0.2, 0.1], [0.5, 0.5, 0.0]]
    assert fs.categorical_brier_score(p, [0, 2], reduce="sum") == pytest.approx(1.64, abs=1e-15)
    # RPS of (0.2, 0.5, 0.3) at 0 and 2: 0.73 and 0.53; weights 1 and 4: (0.73 + 2.12) / 5
    rps = fs.ranked_probability_score([[0.2, 0.5, 0.3]] * 2, [0, 2], reduce="mean", weights=[1, 4])
    assert rps == pytest.approx(0.57, abs=1e-15)


def test_quantity_scores_reduce_by_hand():
    # 0.9 * 2 and 0.1 * 3
    assert fs.quantile_score([10.0, 10.0], [12.0, 7.0], level=0.9, reduce="sum") == (
        pytest.approx(2.1, abs=1e-15)
    )
    # widths 10 and 10 + 10 * 3: mean 25
    got = fs.interval_score([0.0, 0.0], [10.0, 10.0], [5.0, 13.0], alpha=0.2, reduce="mean")
    assert got == pytest.approx(25.0, abs=1e-13)
    assert rules.interval_coverage([0, 0, 0], [10, 10, 10], [4, 10, 13], reduce="mean") == (
        pytest.approx(2 / 3, abs=1e-16)
    )


def test_wis_parts_are_reduced_part_by_part():
    # Two copies of the docstring example: parts (0.8/1.5, 0, 5.5/1.5), weighted 1 and 2.
    q = [[2.0, 5.0, 10.0]] * 2
    parts = rules.weighted_interval_score_parts(
        q, [12.0, 12.0], levels=[0.1, 0.5, 0.9], reduce="mean", weights=[1, 2]
    )
    assert [float(x) for x in parts] == pytest.approx([0.8 / 1.5, 0.0, 5.5 / 1.5], abs=1e-15)
    assert float(parts.total) == pytest.approx(4.2, abs=1e-14)


# --- every score takes the keywords ---------------------------------------------------------

_RNG = np.random.default_rng(7)
_P = _RNG.uniform(0.01, 0.99, size=40)
_Y = (_RNG.uniform(size=40) < 0.5).astype(int)
_CAT = _RNG.dirichlet([1.0, 1.0, 1.0], size=40)
_K = _RNG.integers(0, 3, size=40)
_X = _RNG.normal(size=(40, 7))
_Z = _RNG.normal(size=40)
_LEVELS = [0.1, 0.25, 0.5, 0.75, 0.9]
_QS = np.sort(_RNG.normal(size=(40, 5)), axis=-1)

SCORES = {
    "brier_score": (fs.brier_score, (_P, _Y), {}),
    "brier_score_soft": (fs.brier_score, (_P, _P[::-1]), {"probability_outcome": True}),
    "log_score": (fs.log_score, (_P, _Y), {"base": 2}),
    "spherical_score": (fs.spherical_score, (_P, _Y), {}),
    "categorical_brier_score": (fs.categorical_brier_score, (_CAT, _K), {}),
    "categorical_log_score": (fs.categorical_log_score, (_CAT, _K), {}),
    "categorical_spherical_score": (fs.categorical_spherical_score, (_CAT, _K), {}),
    "ranked_probability_score": (fs.ranked_probability_score, (_CAT, _K), {}),
    "crps": (fs.crps, (stats.norm(_Z[::-1], 2.0), _Z), {}),
    "crps_gamma": (fs.crps, (stats.gamma(2.0), np.abs(_Z)), {}),
    "log_score_distribution": (fs.log_score, (stats.norm(0.0, 1.5), _Z), {}),
    "crps_ensemble": (fs.crps_ensemble, (_X, _Z), {}),
    "log_score_ensemble": (rules.log_score_ensemble, (_X, _Z), {}),
    "quantile_score": (fs.quantile_score, (_Z[::-1], _Z), {"level": 0.3}),
    "interval_score": (fs.interval_score, (_Z - 1, _Z + 1, _Z[::-1]), {"alpha": 0.2}),
    "interval_coverage": (rules.interval_coverage, (_Z - 1, _Z + 1, _Z[::-1]), {}),
    "weighted_interval_score": (rules.weighted_interval_score, (_QS, _Z), {"levels": _LEVELS}),
    "crps_quantile": (rules.crps_quantile, (_QS, _Z), {"levels": _LEVELS}),
    "twcrps": (rules.twcrps, (stats.norm(0.0, 1.0), _Z), {"lower": 0.5}),
    "twcrps_ensemble": (rules.twcrps_ensemble, (_X, _Z), {"upper": 0.0}),
    "crps_normal": (rules.crps_normal, (_Z[::-1], 2.0, _Z), {}),
    "crps_logistic": (rules.crps_logistic, (_Z[::-1], 2.0, _Z), {}),
    "crps_laplace": (rules.crps_laplace, (_Z[::-1], 2.0, _Z), {}),
    "log_score_normal": (rules.log_score_normal, (_Z[::-1], 2.0, _Z), {}),
}


def test_every_score_of_the_rules_room_is_in_the_table():
    not_scores = {
        "SUM_ATOL",
        "SYMMETRY_ATOL",
        "pit",
        "pit_uniformity",
        "weighted_interval_score_parts",
    }
    names = {v[0].__name__ for v in SCORES.values()}
    missing = set(rules.__all__) - not_scores - names
    assert not missing, missing


@pytest.mark.parametrize("name", sorted(SCORES))
def test_mean_and_sum_are_fsum_of_the_elementwise_scores(name):
    func, args, kwargs = SCORES[name]
    s = np.asarray(func(*args, **kwargs), dtype=float).reshape(-1)
    exact = math.fsum(s)
    bound = (128 + math.log2(s.size)) * EPS * math.fsum(np.abs(s))
    assert abs(func(*args, **kwargs, reduce="sum") - exact) <= bound
    assert abs(func(*args, **kwargs, reduce="mean") - exact / s.size) <= bound / s.size
    w = np.arange(s.size, dtype=float) % 3  # 0, 1, 2, 0, ...
    w_exact = math.fsum(w * s)
    got = func(*args, **kwargs, reduce="mean", weights=w)
    assert abs(got - w_exact / math.fsum(w)) <= 2 * bound / math.fsum(w)
    assert func(*args, **kwargs, check=False) == pytest.approx(s.reshape(np.shape(s)))


@pytest.mark.parametrize("name", sorted(SCORES))
def test_every_score_refuses_weights_without_reduce(name):
    func, args, kwargs = SCORES[name]
    with pytest.raises(InvalidOptionError, match=r"weights apply to a reduction.*reduce=None"):
        func(*args, **kwargs, weights=np.ones(40))
    with pytest.raises(
        InvalidOptionError, match=r"reduce must be None, 'mean' or 'sum' \(got 'median'\)"
    ):
        func(*args, **kwargs, reduce="median")
    with pytest.raises(InvalidOptionError, match=r"check must be True or False \(got 'no'\)"):
        func(*args, **kwargs, check="no")


@pytest.mark.parametrize("name", sorted(SCORES))
def test_every_score_names_a_bad_weight_and_its_index(name):
    func, args, kwargs = SCORES[name]
    w = np.ones(40)
    w[17] = -0.5
    with pytest.raises(InvalidOptionError, match=r"weights\[17\] = -0.5 is not a weight"):
        func(*args, **kwargs, reduce="mean", weights=w)
    with pytest.raises(ShapeError, match=r"weights of shape \(41,\)"):
        func(*args, **kwargs, reduce="sum", weights=np.ones(41))


# --- weights refused ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "error", "message"),
    [
        ([1.0, -1.0], InvalidOptionError, r"weights\[1\] = -1.0 is not a weight"),
        ([1.0, math.nan], InvalidOptionError, r"weights\[1\] = nan is not a weight"),
        ([math.inf, 1.0], InvalidOptionError, r"weights\[0\] = inf is not a weight"),
        (
            [[1.0, 2.0], [3.0, 4.0]],
            ShapeError,
            r"weights of shape \(2, 2\) must broadcast to the shape \(2,\) of the scores",
        ),
        (
            [1.0, 2.0, 3.0],
            ShapeError,
            r"weights of shape \(3,\) and the scores of shape \(2,\) do not broadcast",
        ),
        ([True, False], ForecastTypeError, r"weights\[0\] = True is a boolean"),
        (np.array([True, False]), ForecastTypeError, r"weights is a boolean|weights must be"),
        ([1.0 + 0j, 1.0], ForecastTypeError, r"dtype 'complex128'"),
        (["1", "2"], ForecastTypeError, r"dtype 'str"),
        (
            np.array([1.0, None], dtype=object),
            ForecastTypeError,
            r"weights\[1\] = None is not a real",
        ),
        (np.array([1.0, 10**400], dtype=object), InvalidOptionError, r"weights\[1\] = inf"),
    ],
)
def test_bad_weights_are_refused_by_name_value_and_index(weights, error, message):
    with pytest.raises(error, match=message):
        fs.brier_score([0.3, 0.8], [1, 0], reduce="mean", weights=weights)


def test_integer_weights_are_counts():
    # weights 2 and 1 give the mean of (0.49, 0.49, 0.64)
    got = fs.brier_score([0.3, 0.8], [1, 0], reduce="mean", weights=np.array([2, 1]))
    assert got == pytest.approx(1.62 / 3, abs=1e-15)


def test_mean_of_total_weight_zero_is_an_error_not_nan():
    with pytest.raises(InvalidOptionError, match=r"reduce='mean' of scores whose weights sum to 0"):
        fs.brier_score([0.3, 0.8], [1, 0], reduce="mean", weights=[0, 0])
    # the sum is well defined: 0.0
    assert fs.brier_score([0.3, 0.8], [1, 0], reduce="sum", weights=[0, 0]) == 0.0


def test_mean_of_no_scores_is_an_error_and_sum_is_zero():
    with pytest.raises(InvalidOptionError, match=r"reduce='mean' of no scores"):
        fs.brier_score([], [], reduce="mean")
    with pytest.raises(InvalidOptionError, match=r"reduce='mean' of no scores"):
        fs.brier_score([math.nan], [1], reduce="mean", nan_policy="omit")
    assert fs.brier_score([], [], reduce="sum") == 0.0
    assert fs.brier_score([math.nan], [1], reduce="sum", nan_policy="omit") == 0.0


def test_a_zero_weight_leaves_an_infinite_score_out():
    # log score of 0.0 on a yes is inf; with weight 0 it does not count: mean of -ln 0.5
    got = fs.log_score([0.0, 0.5], [1, 1], reduce="mean", weights=[0.0, 1.0])
    assert got == pytest.approx(math.log(2.0), rel=1e-15)
    assert fs.log_score([0.0, 0.5], [1, 1], reduce="mean") == math.inf


# --- nan_policy -------------------------------------------------------------------------------


def test_omit_drops_missing_pairs_and_their_weights():
    # Pair 1 is missing; the others score 0.49 and 0.64 with weights 1 and 3.
    p, y, w = [0.3, math.nan, 0.8], [1, 1, 0], [1.0, 100.0, 3.0]
    got = fs.brier_score(p, y, reduce="mean", weights=w, nan_policy="omit")
    assert got == pytest.approx(0.6025, abs=1e-15)
    assert fs.brier_score(p, y, reduce="mean", nan_policy="omit") == pytest.approx(0.565)
    got = fs.quantile_score([1.0, 2.0], [math.nan, 4.0], level=0.5, reduce="sum", nan_policy="omit")
    assert got == pytest.approx(1.0, abs=1e-15)


def test_propagate_gives_nan():
    got = fs.brier_score([0.3, math.nan], [1, 1], reduce="mean", nan_policy="propagate")
    assert math.isnan(got)
    got = fs.crps(stats.norm(0, 1), [0.0, math.nan], reduce="sum", nan_policy="propagate")
    assert math.isnan(got)


def test_omit_in_a_distribution_score():
    # crps of N(0, 1) at 0 is (sqrt 2 - 1) / sqrt pi; the NaN outcome is left out
    got = fs.crps(stats.norm(0, 1), [0.0, math.nan], reduce="mean", nan_policy="omit")
    assert got == pytest.approx((math.sqrt(2) - 1) / math.sqrt(math.pi), rel=1e-14)


def test_raise_still_raises_under_reduce():
    with pytest.raises(InvalidForecastError, match=r"forecast\[1\] is NaN"):
        fs.brier_score([0.3, math.nan], [1, 1], reduce="mean")


# --- accuracy on adversarial sums -------------------------------------------------------------


def _pairwise_bound(s):
    s = np.asarray(s, dtype=float).reshape(-1)
    return (128 + math.log2(s.size)) * EPS * math.fsum(np.abs(s))


@pytest.mark.parametrize("n", [1000, BIG])
def test_one_huge_score_among_many_ones(n):
    # quantile scores at level 0.5 are |y - q| / 2: 1e16 once, then 1.0 n - 1 times
    q = np.zeros(n)
    y = np.full(n, 2.0)
    y[0] = 2e16
    s = fs.quantile_score(q, y, level=0.5)
    exact = math.fsum(s)
    assert exact == 1e16 + (n - 1)
    got = fs.quantile_score(q, y, level=0.5, reduce="sum")
    bound = _pairwise_bound(s)
    assert abs(got - exact) <= bound
    # A left-to-right sum loses every 1.0 (1e16 + 1 == 1e16): the bound can fail.
    naive = 0.0
    for v in s:
        naive += v
    assert abs(naive - exact) > 0.5 * (n - 1)
    assert abs(naive - exact) > bound or n < 2000


@pytest.mark.parametrize("n", [1000, BIG])
def test_many_tiny_scores_with_large_ones(n):
    # Brier scores spanning 1e-300 (subnormal-adjacent) to 1: p = 1e-150 scores 1e-300 on a no.
    rng = np.random.default_rng(3)
    p = np.where(rng.uniform(size=n) < 0.5, 1e-150, rng.uniform(size=n))
    y = np.zeros(n, dtype=bool)
    s = fs.brier_score(p, y)
    for how in ("sum", "mean"):
        got = fs.brier_score(p, y, reduce=how)
        exact = math.fsum(s) / (1 if how == "sum" else n)
        assert abs(got - exact) <= _pairwise_bound(s) / (1 if how == "sum" else n)


def test_weighted_sum_with_weights_of_many_magnitudes():
    rng = np.random.default_rng(5)
    n = BIG
    p = rng.uniform(size=n)
    y = rng.uniform(size=n) < 0.5
    w = 10.0 ** rng.uniform(-200, 200, size=n)
    s = fs.brier_score(p, y)
    exact = math.fsum(w * s) / math.fsum(w)
    got = fs.brier_score(p, y, reduce="mean", weights=w)
    assert abs(got - exact) <= 2 * _pairwise_bound(w * s) / math.fsum(w)


# --- the fused path ----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [bool, np.int64, np.uint8, np.int8, np.float64, np.float32])
@pytest.mark.parametrize("func", [fs.brier_score, fs.log_score, fs.spherical_score])
def test_fused_binary_scores_match_the_plain_path_bit_for_bit(func, dtype):
    rng = np.random.default_rng(11)
    p = rng.uniform(size=BIG)
    p[:50] = rng.uniform(size=50) * 1e-12  # the log score's log1p branch, in block 0
    y = (rng.uniform(size=BIG) < 0.5).astype(dtype)
    whole = func(p, y)
    # slices below the threshold take the plain path
    for sl in (slice(0, 1000), slice(70_000, 71_000), slice(BIG - 1000, BIG)):
        assert np.array_equal(whole[sl], func(p[sl], y[sl]))
    s = whole.reshape(-1)
    assert abs(func(p, y, reduce="sum") - math.fsum(s)) <= _pairwise_bound(s)
    assert abs(func(p, y, reduce="mean") - math.fsum(s) / BIG) <= _pairwise_bound(s) / BIG


@pytest.mark.parametrize("n", [_reduce.FUSE_MIN_LOG + 3, BIG])
def test_fused_log_score_in_bits_matches_the_plain_path(n):
    rng = np.random.default_rng(12)
    p = rng.uniform(size=n)
    y = rng.uniform(size=n) < p
    for base in (2, 10, 3.5):
        whole = fs.log_score(p, y, base=base)
        assert np.array_equal(whole[-999:], fs.log_score(p[-999:], y[-999:], base=base))


@pytest.mark.parametrize("k", [3, 10])
@pytest.mark.parametrize("func", [fs.categorical_brier_score, fs.categorical_log_score])
def test_fused_categorical_scores_match_the_plain_path(func, k):
    rng = np.random.default_rng(13)
    n = BIG // k + 1000
    p = rng.dirichlet(np.ones(k), size=n)
    c = rng.integers(0, k, size=n)
    whole = func(p, c)
    assert np.array_equal(whole[-999:], func(p[-999:], c[-999:]))
    assert np.array_equal(whole[:999], func(p[:999], c[:999]))
    s = whole
    assert abs(func(p, c, reduce="sum") - math.fsum(s)) <= _pairwise_bound(s)


@pytest.mark.parametrize("n", [_reduce.FUSE_MIN_QUANTITY + 7, BIG])
@pytest.mark.parametrize("func", ["quantile", "interval"])
def test_fused_quantity_scores_match_the_plain_path(func, n):
    rng = np.random.default_rng(14)
    q, y = rng.normal(size=n), rng.normal(size=n)
    if func == "quantile":
        whole = fs.quantile_score(q, y, level=0.3)
        part = fs.quantile_score(q[-999:], y[-999:], level=0.3)
        total = fs.quantile_score(q, y, level=0.3, reduce="sum")
    else:
        hi = q + rng.uniform(size=n)
        whole = fs.interval_score(q, hi, y, alpha=0.1)
        part = fs.interval_score(q[-999:], hi[-999:], y[-999:], alpha=0.1)
        total = fs.interval_score(q, hi, y, alpha=0.1, reduce="sum")
    assert np.array_equal(whole[-999:], part)
    assert abs(total - math.fsum(whole)) <= _pairwise_bound(whole)


def test_fused_path_names_a_bad_forecast_deep_in_the_array():
    p = np.full(BIG, 0.5)
    y = np.ones(BIG, dtype=np.int64)
    p[BIG - 7] = 1.25
    with pytest.raises(InvalidForecastError, match=rf"forecast\[{BIG - 7}\] = 1.25 is not a"):
        fs.brier_score(p, y, reduce="mean")
    p[BIG - 7] = 0.5
    y[200_001] = -1  # negative integers are caught (as huge unsigned values)
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[200001\] = -1 is not a binary"):
        fs.log_score(p, y)
    y[200_001] = 2
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[200001\] = 2 is not a binary"):
        fs.brier_score(p, y, reduce="sum")
    yf = np.ones(BIG)
    yf[99_999] = 0.5
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[99999\] = 0.5 is not a binary"):
        fs.spherical_score(p, yf, reduce="mean")
    yf[99_999] = math.nan
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[99999\] is NaN"):
        fs.brier_score(p, yf)
    yf[99_999] = -0.0  # a zero: accepted
    assert fs.brier_score(p, yf)[99_999] == 0.25


def test_fused_path_names_a_bad_categorical_row():
    n = BIG // 3 + 5
    p = np.full((n, 3), 1 / 3)
    k = np.zeros(n, dtype=np.int64)
    p[n - 2, 0] = 0.5
    with pytest.raises(InvalidForecastError, match=rf"forecast\[{n - 2}, :\] sums to"):
        fs.categorical_log_score(p, k, reduce="mean")
    p[n - 2, 0] = 1 / 3
    k[n - 3] = 3
    with pytest.raises(InvalidOutcomeError, match=rf"outcome\[{n - 3}\] = 3 is not a category"):
        fs.categorical_brier_score(p, k, reduce="sum")


def test_fused_path_names_bad_quantities():
    q = np.zeros(BIG)
    y = np.zeros(BIG)
    y[BIG - 1] = math.inf
    with pytest.raises(InvalidOutcomeError, match=rf"outcome\[{BIG - 1}\] = inf is not a finite"):
        fs.quantile_score(q, y, level=0.5, reduce="mean")
    lo, hi = np.zeros(BIG), np.ones(BIG)
    lo[123_456] = 2.0
    with pytest.raises(InvalidForecastError, match=r"lower\[123456\] = 2.0 is above upper"):
        fs.interval_score(lo, hi, np.zeros(BIG), alpha=0.5, reduce="sum")


def test_fused_quantile_score_where_the_difference_overflows():
    # y - q overflows although the score 0.5 * (1.5e308 + 1.5e308) does too: inf, as plain
    q = np.full(BIG, -1.5e308)
    y = np.full(BIG, 1.5e308)
    assert fs.quantile_score(q, y, level=0.5, reduce="sum") == math.inf
    s = fs.quantile_score(q, y, level=1e-10)
    assert np.array_equal(s[:5], fs.quantile_score(q[:5], y[:5], level=1e-10))


def test_fused_weighted_mean():
    rng = np.random.default_rng(15)
    p = rng.uniform(size=BIG)
    y = rng.uniform(size=BIG) < p
    w = rng.uniform(size=BIG)
    w[::7] = 0.0
    s = fs.brier_score(p, y)
    got = fs.brier_score(p, y, reduce="mean", weights=w)
    assert abs(got - math.fsum(w * s) / math.fsum(w)) <= 2 * _pairwise_bound(w * s) / math.fsum(w)
    with pytest.raises(InvalidOptionError, match=r"reduce='mean' of scores whose weights sum to 0"):
        fs.brier_score(p, y, reduce="mean", weights=np.zeros(BIG))


# --- check=False --------------------------------------------------------------------------------


def test_check_false_skips_the_value_checks():
    # A forecast of 1.5 is refused when checked; unchecked, the formula runs: (1.5 - 1)**2.
    with pytest.raises(InvalidForecastError, match=r"forecast\[0\] = 1.5"):
        fs.brier_score([1.5], [1])
    assert fs.brier_score([1.5], [1], check=False)[0] == 0.25
    big = np.full(BIG, 1.5)
    assert fs.brier_score(big, np.ones(BIG, bool), reduce="mean", check=False) == 0.25
    # A row summing to 1.2 is scored as given.
    assert float(fs.categorical_brier_score([0.6, 0.6], 0, check=False)) == pytest.approx(0.52)
    # Decreasing quantiles are not refused.
    got = rules.weighted_interval_score([3.0, 2.0, 1.0], 2.0, levels=[0.1, 0.5, 0.9], check=False)
    assert math.isfinite(float(got))


def test_check_false_still_refuses_types_and_shapes():
    with pytest.raises(ForecastTypeError, match="not booleans"):
        fs.brier_score([True], [1], check=False)
    with pytest.raises(ShapeError, match="do not broadcast"):
        fs.brier_score([0.1, 0.2], [1, 0, 1], check=False)
    with pytest.raises(InvalidOutcomeError, match=r"outcome = 5 is not a category index in 0..1"):
        fs.categorical_log_score([0.5, 0.5], 5, check=False)


# --- the row-sum decision ---------------------------------------------------------------------


@pytest.mark.parametrize("k", [2, 3, 4, 5, 10, 50])
def test_row_sum_shortcut_decides_as_the_tolerance_in_every_summation_order(k):
    # rows normalised as w / w.sum(): accepted with atol=0 whatever the order of summation
    from forecastscore import _checks

    rng = np.random.default_rng(k)
    w = rng.uniform(size=(2000, k)) * 10.0 ** rng.uniform(-5, 5, size=(2000, 1))
    p = w / w.sum(axis=1, keepdims=True)
    for sums in (
        _checks.row_sums(p),
        p.sum(axis=1),
        p[:, ::-1].sum(axis=1),
        np.array([math.fsum(r) for r in p]),
    ):
        assert _checks.rows_sum_to_one(sums, 0.0, k)
        assert not (np.abs(sums - 1.0) > _checks.row_sum_tolerance(0.0, k, sums)).any()
    # one row off by 3 tolerances: refused by both, whatever the order
    bad = p.copy()
    bad[1234] *= 1.0 + 3 * 2 * k * EPS + 1e-9
    for sums in (_checks.row_sums(bad), bad.sum(axis=1), np.array([math.fsum(r) for r in bad])):
        assert not _checks.rows_sum_to_one(sums, 1e-9, k)
        assert (np.abs(sums - 1.0) > _checks.row_sum_tolerance(1e-9, k, sums)).any()


def test_memmap_mean_peaks_at_a_few_blocks_not_the_data(tmp_path):
    # 4e6 forecasts (32 MB) from a memory-mapped file: the fused path allocates a few blocks
    # (of 2**17 values, 1 MB each), never an array of the data's size.
    import tracemalloc

    n = 4_000_000
    rng = np.random.default_rng(21)
    p_arr = rng.uniform(size=n)
    y_arr = (rng.uniform(size=n) < p_arr).astype(np.uint8)
    p_arr.tofile(tmp_path / "p.f64")
    y_arr.tofile(tmp_path / "y.u8")
    p = np.memmap(tmp_path / "p.f64", dtype=np.float64, mode="r", shape=(n,))
    y = np.memmap(tmp_path / "y.u8", dtype=np.uint8, mode="r", shape=(n,))
    tracemalloc.start()
    try:
        got = fs.brier_score(p, y, reduce="mean")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, peak
    s = (p_arr - y_arr) ** 2
    assert abs(got - math.fsum(s) / n) <= _pairwise_bound(s) / n


def test_negative_zero_forecasts_are_accepted_on_every_path():
    # -0.0 is a probability of 0; the one-reduction check of the fused path (the largest
    # bit pattern) refuses it, and the plain path accepts and scores it.
    p = np.full(BIG, 0.25)
    p[BIG // 2] = -0.0
    y = np.zeros(BIG, dtype=bool)
    s = fs.brier_score(p, y)
    assert s[BIG // 2] == 0.0 and s[0] == 0.0625
    assert fs.log_score(p, y, reduce="sum") == pytest.approx((BIG - 1) * math.log(4 / 3), rel=1e-12)
    assert float(fs.brier_score(-0.0, 0)) == 0.0
    cat = np.tile([0.5, 0.5, -0.0], (BIG // 3 + 1, 1))
    assert fs.categorical_brier_score(cat, np.zeros(len(cat), dtype=int), reduce="mean") == 0.5


def test_pandas_weights_must_carry_the_inputs_index():
    import pandas as pd

    from forecastscore.errors import QuestionMismatchError

    p = pd.Series([0.3, 0.8], index=["q1", "q2"])
    y = pd.Series([1, 0], index=["q1", "q2"])
    w = pd.Series([3.0, 1.0], index=["q2", "q1"])  # the same labels, another order
    with pytest.raises(QuestionMismatchError, match=r"forecast\.index\[0\] = 'q1' but weights"):
        fs.brier_score(p, y, reduce="mean", weights=w)
    with pytest.raises(QuestionMismatchError, match=r"lower and weights are pandas objects"):
        fs.interval_score(p, p + 1, y, alpha=0.5, reduce="sum", weights=w)
    # aligned first, they weigh by label: (1 * 0.49 + 3 * 0.64) / 4
    got = fs.brier_score(p, y, reduce="mean", weights=w.reindex(p.index))
    assert got == pytest.approx(0.6025, abs=1e-15)
