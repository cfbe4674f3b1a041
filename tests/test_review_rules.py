"""Adversarial review of the rules room's reductions, parametric scores, ensemble engines and
arrays from other libraries: each test guards a bug found in review (named after it), or
differential-tests two paths that must agree (fused blocks against the plain path, the
Array API path against numpy, the numba engine against numpy).

Expected values are written out by hand (the computation shown), or come from the other
path of a differential test, whose own values are tested against oracles elsewhere
(test_rules*.py, test_parametric.py, test_crps_engines.py).
"""

import contextlib
import math
import tracemalloc

import array_api_strict as xps
import dask.array as da
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore import rules
from forecastscore.errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
)
from forecastscore.rules import _reduce

EPS = np.finfo(float).eps


@pytest.fixture(autouse=True, scope="module")
def _jax_float64():
    """JAX in float64 for this module (its default is float32), restored afterwards."""
    before = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", before)


@contextlib.contextmanager
def _fused(block):
    """Every input takes the fused path, in blocks of ``block`` values (so that small
    inputs cross many block boundaries)."""
    names = ("BLOCK", "FUSE_MIN", "FUSE_MIN_LOG", "FUSE_MIN_QUANTITY")
    before = [getattr(_reduce, n) for n in names]
    for n, v in zip(names, (block, 1, 1, 1), strict=True):
        setattr(_reduce, n, v)
    try:
        yield
    finally:
        for n, v in zip(names, before, strict=True):
            setattr(_reduce, n, v)


@contextlib.contextmanager
def _plain():
    """No input takes the fused path."""
    names = ("FUSE_MIN", "FUSE_MIN_LOG", "FUSE_MIN_QUANTITY")
    before = [getattr(_reduce, n) for n in names]
    for n in names:
        setattr(_reduce, n, 1 << 62)
    try:
        yield
    finally:
        for n, v in zip(names, before, strict=True):
            setattr(_reduce, n, v)


def _outcome_of(call):
    """The result of ``call()``, or the error it raised (type and message)."""
    try:
        return call()
    except (ValueError, TypeError) as exc:
        return (type(exc), str(exc))


def _same(a, b):
    if isinstance(a, tuple) or isinstance(b, tuple):
        return a == b
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)


def _pairwise_bound(s):
    s = np.asarray(s, dtype=float).reshape(-1)
    return (128 + math.log2(max(s.size, 1))) * EPS * math.fsum(np.abs(s))


# --- fused blocks against the plain path ----------------------------------------------------

_VIEWS = {
    "plain": lambda a: a,
    "reversed": lambda a: a[::-1],
    "strided": lambda a: np.repeat(a, 2)[::2],
    "fortran": lambda a: np.asfortranarray(a.reshape(-1, 1) if a.size % 2 else a.reshape(2, -1)),
}


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 200),
    block=st.integers(1, 17),
    seed=st.integers(0, 2**32 - 1),
    score=st.sampled_from(["brier", "log", "spherical"]),
    p_dtype=st.sampled_from([np.float64, np.float32, np.float16]),
    y_dtype=st.sampled_from([bool, np.int8, np.int64, np.uint8, np.float64, np.float32]),
    view=st.sampled_from(sorted(_VIEWS)),
    weighted=st.booleans(),
    bad_at=st.one_of(st.none(), st.floats(0.0, 1.0)),
    bad=st.sampled_from([1.5, -0.25, math.nan, math.inf, -0.0]),
)
def test_fused_binary_blocks_agree_with_the_plain_path(
    n, block, seed, score, p_dtype, y_dtype, view, weighted, bad_at, bad
):
    # Any block size, dtype, memory layout, weights, and one bad (or -0.0) forecast anywhere:
    # the elementwise scores are bit-identical, errors name the same value and position,
    # and a reduction is within numpy's pairwise bound of math.fsum of the scores.
    rng = np.random.default_rng(seed)
    p = rng.uniform(size=n)
    p[rng.uniform(size=n) < 0.1] = 0.0
    p[rng.uniform(size=n) < 0.1] = 1.0
    p[rng.uniform(size=n) < 0.05] = 1e-12  # the log score's log1p branch
    if bad_at is not None:
        p[int(bad_at * (n - 1))] = bad
    p = _VIEWS[view](p.astype(p_dtype))
    y = _VIEWS[view]((rng.uniform(size=n) < 0.5).astype(y_dtype))
    w = _VIEWS[view](rng.uniform(0.0, 3.0, size=n)) if weighted else None
    func = {"brier": fs.brier_score, "log": fs.log_score, "spherical": fs.spherical_score}[score]
    with _fused(block):
        fused = _outcome_of(lambda: func(p, y))
    with _plain():
        plain = _outcome_of(lambda: func(p, y))
    assert _same(fused, plain), (fused, plain)
    if isinstance(plain, tuple):
        return
    s = plain.reshape(-1)
    ws = np.ones(s.size) if w is None else w.reshape(-1)
    ws_s = np.where(ws != 0.0, ws * s, 0.0)
    for how in ("sum", "mean"):
        with _fused(block):
            got = func(p, y, reduce=how, weights=w)
        if math.isinf(math.fsum(ws_s)) or np.isinf(ws_s).any():
            assert got == math.inf
            continue
        want = math.fsum(ws_s) if how == "sum" else math.fsum(ws_s) / math.fsum(ws)
        scale = 1.0 if how == "sum" else math.fsum(ws)
        assert abs(got - want) <= _pairwise_bound(ws_s) / scale + 4 * EPS * abs(want)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 120),
    block=st.integers(1, 13),
    seed=st.integers(0, 2**32 - 1),
    func=st.sampled_from(["quantile", "interval"]),
    dtype=st.sampled_from([np.float64, np.float32, np.int64, np.int16]),
    check=st.booleans(),
    huge=st.booleans(),
)
def test_fused_quantity_blocks_agree_with_the_plain_path(n, block, seed, func, dtype, check, huge):
    # Values near the float range (whose differences overflow) and integer or float32 inputs,
    # checked or not: the fused blocks give the plain path's scores bit for bit.
    rng = np.random.default_rng(seed)
    scale = 1e308 if huge and np.dtype(dtype).kind == "f" and dtype == np.float64 else 100.0
    q = (rng.uniform(-1.0, 1.0, size=n) * scale).astype(dtype)
    y = (rng.uniform(-1.0, 1.0, size=n) * scale).astype(dtype)
    if func == "quantile":

        def call():
            return fs.quantile_score(q, y, level=0.3, check=check)
    else:
        lo, hi = np.minimum(q, y), np.maximum(q, y)
        out = (rng.uniform(-1.0, 1.0, size=n) * scale).astype(dtype)

        def call():
            return fs.interval_score(lo, hi, out, alpha=0.2, check=check)

    with _fused(block):
        fused = _outcome_of(call)
    with _plain():
        plain = _outcome_of(call)
    assert _same(fused, plain), (fused, plain)


def test_fused_quantile_check_false_keeps_the_finite_score_of_an_overflowing_difference():
    # Bug found in review: with check=False the fused blocks returned inf where y - q
    # overflows although both are finite; the score is finite: at level 0.5 it is
    # |y - q| / 2 = (1e308 + 1e308) / 2 = 1e308 (the kernel computes it from the halves).
    n = _reduce.FUSE_MIN_QUANTITY + 5  # the fused path, unpatched
    q = np.full(n, -1e308)
    y = np.full(n, 1e308)
    q[:3] = 0.0  # ordinary values in the same block
    y[:3] = 2.0  # |2 - 0| / 2 = 1
    for check in (True, False):
        got = fs.quantile_score(q, y, level=0.5, check=check)
        assert got[0] == 1.0
        assert np.all(got[3:] == 1e308), (check, got[3:][np.isinf(got[3:])][:3])


def test_fused_binary_float32_memmap_is_read_in_blocks_not_copied(tmp_path):
    # Bug found in review: a float32 forecast (or the float32 / integer values of the
    # quantile and interval scores) was converted to float64 whole before the blocks, so a
    # memory-mapped float32 file of 4e6 values (16 MB) cost a 32 MB copy; now each block is
    # converted in turn, and the peak stays at a few blocks (1 MB each).
    n = 4_000_000
    rng = np.random.default_rng(3)
    p_arr = rng.uniform(size=n).astype(np.float32)
    y_arr = (rng.uniform(size=n) < 0.5).astype(np.uint8)
    q_arr = rng.integers(-1000, 1000, size=n).astype(np.int32)
    p_arr.tofile(tmp_path / "p.f32")
    y_arr.tofile(tmp_path / "y.u8")
    q_arr.tofile(tmp_path / "q.i32")
    p = np.memmap(tmp_path / "p.f32", dtype=np.float32, mode="r", shape=(n,))
    y = np.memmap(tmp_path / "y.u8", dtype=np.uint8, mode="r", shape=(n,))
    q = np.memmap(tmp_path / "q.i32", dtype=np.int32, mode="r", shape=(n,))
    peaks = []
    for call in (
        lambda: fs.brier_score(p, y, reduce="mean"),
        lambda: fs.quantile_score(q, p, level=0.25, reduce="sum"),
        lambda: fs.interval_score(q, q + 10, p, alpha=0.1, reduce="sum"),
    ):
        tracemalloc.start()
        try:
            call()
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    # the interval score's ``q + 10`` is an int32 array of the data's size (16 MB) made by
    # the test itself, before the call
    assert peaks[0] < 8 * 2**20, peaks
    assert peaks[1] < 8 * 2**20, peaks
    assert peaks[2] < 16 * 2**20 + 8 * 2**20, peaks
    # and the numbers: (p - y)**2 in float64 of the float32 values
    s = (p_arr.astype(np.float64) - y_arr) ** 2
    assert abs(fs.brier_score(p, y, reduce="mean") - math.fsum(s) / n) <= _pairwise_bound(s) / n


def test_fused_paths_leave_read_only_inputs_untouched():
    # The blocks write into their own buffers: read-only inputs (a memory-mapped file
    # opened "r" is one) are scored, and no input is modified.
    n = _reduce.FUSE_MIN + 3
    rng = np.random.default_rng(4)
    p, y = rng.uniform(size=n), rng.uniform(size=n) < 0.5
    lo, hi = -rng.uniform(size=n), rng.uniform(size=n)
    k = rng.integers(0, 3, size=n // 3 + 1)
    pk = rng.dirichlet(np.ones(3), size=k.size)
    arrays = [p, y, lo, hi, k, pk]
    copies = [a.copy() for a in arrays]
    for a in arrays:
        a.flags.writeable = False
    for how in (None, "mean"):
        fs.brier_score(p, y, reduce=how)
        fs.log_score(p, y, reduce=how)
        fs.spherical_score(p, y, reduce=how)
        fs.quantile_score(lo, hi, level=0.3, reduce=how)
        fs.interval_score(lo, hi, p, alpha=0.3, reduce=how)
        fs.categorical_brier_score(pk, k, reduce=how)
        fs.categorical_log_score(pk, k, reduce=how)
    x = rng.normal(size=(50, 9))
    x.flags.writeable = False
    xc = x.copy()
    for engine in ("numpy", "numba"):
        rules.crps_ensemble(x, np.zeros(50), engine=engine)
        rules.crps_ensemble(x.T, np.zeros(50), axis=0, engine=engine)
    assert np.array_equal(x, xc)
    for a, c in zip(arrays, copies, strict=True):
        assert np.array_equal(a, c)


# --- the parametric scores ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["crps_normal", "crps_logistic", "crps_laplace"])
def test_parametric_check_false_scores_a_point_mass_as_checked(name):
    # Bug found in review: a scale so small that (y - loc) / scale overflows is a valid
    # forecast (a point mass at loc to working precision), whose CRPS is |y - loc|; checked it
    # scored 1.0 below, unchecked it scored inf (or NaN for the logistic below its loc).
    func = getattr(rules, name)
    loc = [0.0, 0.0, -1e308]
    scale = [1e-320, 1e-320, 1.0]
    y = [1.0, -1.0, 0.0]  # |1 - 0| = 1, |-1 - 0| = 1, |0 + 1e308| = 1e308
    for check in (True, False):
        got = func(loc, scale, y, check=check)
        assert got.tolist() == [1.0, 1.0, 1e308], (check, got)
    # a NaN input stays NaN (missing) beside a point mass, unchecked or checked
    for check in (True, False):
        got = func([0.0, np.nan], [1e-320, 1.0], [1.0, 0.0], check=check, nan_policy="propagate")
        assert got[0] == 1.0 and math.isnan(got[1])
        got = func([0.0, np.nan], [1e-320, 1.0], [1.0, 0.0], check=check, nan_policy="omit")
        assert got.tolist() == [1.0]


@pytest.mark.parametrize("name", ["crps_normal", "crps_logistic", "crps_laplace"])
@pytest.mark.parametrize("lib", ["array_api_strict", "jax"])
def test_array_api_parametric_point_mass_scores_the_absolute_error(name, lib):
    # Bug found in review: on other libraries the point mass scored inf (and array-api-strict
    # warned of an overflow); the numpy path scores |y - loc|.
    mod = xps if lib == "array_api_strict" else jnp
    func = getattr(rules, name)
    got = func(
        mod.asarray([0.0, 0.0, -1e308]),
        mod.asarray([1e-320, 1e-320, 1.0]),
        mod.asarray([1.0, -1.0, 0.0]),
    )
    assert np.asarray(got).tolist() == [1.0, 1.0, 1e308]


@pytest.mark.parametrize("base", [None, 2.0, 10.0, math.e])
def test_log_score_normal_base_is_the_nats_divided_by_log_base(base):
    # By hand at z = (3 - 1) / 2 = 1: 1/2 + log 2 + log(2 pi)/2 nats.
    nats = 0.5 + math.log(2.0) + 0.5 * math.log(2.0 * math.pi)
    want = nats if base is None else nats / math.log(base)
    got = float(rules.log_score_normal(1.0, 2.0, 3.0, base=base))
    assert got == pytest.approx(want, rel=4 * EPS)
    # weights and omit with a base: (2 * want + 0 * ...) / 2, the NaN pair left out
    got = rules.log_score_normal(
        [1.0, np.nan],
        [2.0, 1.0],
        [3.0, 0.0],
        base=base,
        nan_policy="omit",
        reduce="mean",
        weights=[2.0, 5.0],
    )
    assert float(got) == pytest.approx(want, rel=4 * EPS)


# --- arrays from other libraries --------------------------------------------------------------


@pytest.mark.parametrize("lib", ["array_api_strict", "jax"])
def test_array_api_log_scores_of_sure_and_right_forecasts_are_positive_zero(lib):
    # Bug found in review: array-api-strict warned "divide by zero" (where() computes both
    # branches: log(0) beside log1p(-0)), failing a score of valid forecasts; JAX gave -0.0
    # for a sure and right forecast, where the numpy path gives +0.0 (0 - log 1).
    mod = xps if lib == "array_api_strict" else jnp
    got = np.asarray(fs.log_score(mod.asarray([0.0, 1.0, 0.0, 1.0]), mod.asarray([0, 1, 1, 0])))
    assert got.tolist() == [0.0, 0.0, math.inf, math.inf]
    assert not np.signbit(got[:2]).any()
    got = np.asarray(
        fs.categorical_log_score(mod.asarray([[1.0, 0.0], [0.0, 1.0]]), mod.asarray([0, 0]))
    )
    assert got.tolist() == [0.0, math.inf]
    assert not np.signbit(got[0])
    # the same as numpy's, sign included
    want = fs.log_score(np.array([0.0, 1.0, 0.0, 1.0]), np.array([0, 1, 1, 0]))
    assert np.array_equal(np.signbit(want[:2]), np.signbit(got[:1].repeat(2)))


@pytest.mark.parametrize("lib", ["array_api_strict", "jax"])
@pytest.mark.parametrize(
    "weights",
    [
        [True, False, True],
        np.array([True, False, True]),
        "device",
    ],
)
def test_array_api_boolean_weights_are_refused_as_on_numpy(lib, weights):
    # Bug found in review: boolean weights were taken as 0/1 on other libraries; the numpy
    # path refuses them (a mask is not a weight), whatever check says.
    mod = xps if lib == "array_api_strict" else jnp
    if isinstance(weights, str):
        weights = mod.asarray([True, False, True])
    p, y = mod.asarray([0.1, 0.5, 0.9]), mod.asarray([0, 1, 1])
    for check in (True, False):
        with pytest.raises(ForecastTypeError, match=r"weights.* is a boolean; weights must be"):
            fs.brier_score(p, y, reduce="mean", weights=weights, check=check)


@pytest.mark.parametrize("lib", ["array_api_strict", "jax"])
def test_array_api_host_weights_are_checked_as_on_numpy(lib):
    # weights given as a list beside device arrays: a negative weight is named by position
    mod = xps if lib == "array_api_strict" else jnp
    p, y = mod.asarray([0.1, 0.5, 0.9]), mod.asarray([0, 1, 1])
    with pytest.raises(InvalidOptionError, match=r"weights\[2\] = -1.0 is not a weight"):
        fs.brier_score(p, y, reduce="sum", weights=[1.0, 2.0, -1.0])
    # and good ones weigh as on numpy: (1 * 0.01 + 2 * 0.25 + 3 * 0.01) / 6 = 0.09
    got = fs.brier_score(p, y, reduce="mean", weights=[1.0, 2.0, 3.0])
    assert float(got) == pytest.approx(0.09, rel=4 * EPS)


def test_jit_with_device_weights_and_check_false():
    # Under jax.jit the weights are traced: check=False needs no value on the host.
    f = jax.jit(lambda p, y, w: fs.brier_score(p, y, reduce="mean", weights=w, check=False))
    got = f(jnp.array([0.1, 0.7]), jnp.array([0, 1]), jnp.array([1.0, 3.0]))
    assert float(got) == pytest.approx((1 * 0.01 + 3 * 0.09) / 4, rel=4 * EPS)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 30),
    name=st.sampled_from(
        [
            "brier_score",
            "log_score",
            "spherical_score",
            "quantile_score",
            "crps_normal",
            "crps_logistic",
            "crps_laplace",
            "log_score_normal",
        ]
    ),
    how=st.sampled_from([None, "mean", "sum"]),
    weighted=st.booleans(),
)
def test_array_api_strict_agrees_with_numpy(seed, n, name, how, weighted):
    # Random valid inputs (with 0 and 1 probabilities, tiny scales): array-api-strict and
    # numpy give the same numbers to a few ulps, of the same dtype, without warnings.
    rng = np.random.default_rng(seed)
    if name in ("brier_score", "log_score", "spherical_score"):
        p = rng.choice([0.0, 1.0, 0.3, 1e-9, 0.999], size=n)
        y = (rng.uniform(size=n) < 0.5).astype(np.int64)
        args = (p, y)
        kw = {}
    elif name == "quantile_score":
        args = (rng.normal(size=n), rng.normal(size=n))
        kw = {"level": 0.3}
    else:
        scale = rng.choice([1e-320, 1e-3, 1.0, 1e5], size=n)
        args = (rng.normal(size=n), scale, rng.normal(size=n))
        kw = {}
    if how is not None:
        kw["reduce"] = how
        if weighted:
            kw["weights"] = rng.uniform(0.1, 2.0, size=n)
    func = getattr(rules, name)
    want = func(*args, **kw)
    got = func(*(xps.asarray(a) for a in args), **kw)
    assert type(got).__module__.startswith("array_api_strict") and got.dtype == xps.float64
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape
    assert np.array_equal(np.isinf(got), np.isinf(want))
    fin = np.isfinite(want)
    assert np.allclose(got[fin], want[fin], rtol=64 * EPS, atol=1e-300)


# --- Dask -----------------------------------------------------------------------------------


def test_dask_boolean_weights_are_refused_as_on_numpy():
    # Bug found in review: a boolean mask as weights was taken as 0/1 on Dask arrays.
    p = da.from_array(np.array([0.1, 0.7, 0.3, 0.9]), chunks=2)
    y = da.from_array(np.array([0, 1, 1, 0]), chunks=2)
    for w in ([True, False, True, True], da.from_array(np.array([True, False, True, True]))):
        with pytest.raises(ForecastTypeError, match="weights is a boolean; weights must be"):
            fs.brier_score(p, y, reduce="mean", weights=w)


def test_dask_weighted_mean_of_total_weight_zero_is_an_error_not_nan():
    # Bug found in review: the lazy weighted mean of total weight 0 computed 0/0 (a NaN and a
    # RuntimeWarning); the numpy path refuses it. The result stays lazy until computed.
    p = da.from_array(np.array([0.1, 0.7, 0.3, 0.9]), chunks=2)
    y = da.from_array(np.array([0, 1, 1, 0]), chunks=2)
    lazy = fs.brier_score(p, y, reduce="mean", weights=np.zeros(4))
    assert isinstance(lazy, da.Array) and lazy.shape == ()
    with pytest.raises(InvalidOptionError, match=r"reduce='mean' of scores whose weights sum to 0"):
        lazy.compute()
    # and a good one: (1 * 0.01 + 2 * 0.09 + 3 * 0.49 + 4 * 0.81) / 10 = 0.49
    got = fs.brier_score(p, y, reduce="mean", weights=[1, 2, 3, 4]).compute()
    assert got == pytest.approx(0.49, rel=4 * EPS)
    # the sum of no weight is 0.0, not an error
    assert fs.brier_score(p, y, reduce="sum", weights=np.zeros(4)).compute() == 0.0


# --- the ensemble engines -------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    rows=st.integers(1, 8),
    m=st.integers(1, 12),
    fair=st.booleans(),
    ties=st.booleans(),
    axis=st.sampled_from([-1, 0]),
    offset=st.sampled_from([0.0, 1e9, -1e300]),
)
def test_numba_engine_agrees_with_numpy(seed, rows, m, fair, ties, axis, offset):
    # Ties, a far offset (1e9, and -1e300, where the numba loop hands rows to the numpy
    # kernel), either member axis: the engines agree to rounding of the inputs' magnitude.
    if fair and m < 2:
        m = 2
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, m))
    if ties:
        x = np.round(x)
    x = x + offset
    y = rng.normal(size=rows) + offset
    xa = x if axis == -1 else x.T
    a = rules.crps_ensemble(xa, y, fair=fair, axis=axis)
    b = rules.crps_ensemble(xa, y, fair=fair, axis=axis, engine="numba")
    tol = 64 * EPS * (np.abs(x).max() + np.abs(y).max())
    assert np.all(np.abs(a - b) <= tol), (a, b)


def test_numba_engine_with_missing_members_agrees_with_numpy():
    x = np.array([[0.0, 1.0, 4.0], [0.0, np.nan, 1.0], [2.0, 2.0, 2.0]])
    y = np.array([2.0, 0.0, 2.0])
    for policy in ("propagate", "omit"):
        a = rules.crps_ensemble(x, y, nan_policy=policy)
        b = rules.crps_ensemble(x, y, nan_policy=policy, engine="numba")
        assert np.array_equal(a, b, equal_nan=True)
    # by hand, row 0: 5/3 - 16/18 = 7/9; row 2: a point at the outcome, 0
    got = rules.crps_ensemble(x, y, nan_policy="omit", engine="numba")
    assert got.tolist() == pytest.approx([7 / 9, 0.0], abs=4 * EPS)
    with pytest.raises(InvalidForecastError, match=r"members\[1, 1\] is NaN"):
        rules.crps_ensemble(x, y, engine="numba")


def test_check_false_still_refuses_an_out_of_range_category_on_the_fused_path():
    # check=False must not read out of bounds: an index beyond the categories in a late
    # block is still refused, by position.
    n = _reduce.FUSE_MIN // 3 + 100
    p = np.full((n, 3), 1.0 / 3.0)
    k = np.zeros(n, dtype=np.int64)
    k[n - 2] = 3
    for func in (fs.categorical_brier_score, fs.categorical_log_score):
        for how in (None, "mean"):
            with pytest.raises(
                InvalidOutcomeError, match=rf"outcome\[{n - 2}\] = 3 is not a category index"
            ):
                func(p, k, check=False, reduce=how)


@pytest.mark.parametrize("lib", ["array_api_strict", "jax"])
def test_array_api_float32_weights_beyond_float32_are_refused_by_position(lib):
    # Bug found in review: a weight of 1e300 (finite, accepted in float64) became inf in the
    # float32 scores' dtype, and the weighted mean came out NaN without a word.
    mod = xps if lib == "array_api_strict" else jnp
    p = mod.asarray([0.1, 0.7, 1.0], dtype=mod.float32)
    y = mod.asarray([0, 1, 1])
    with pytest.raises(
        InvalidOptionError, match=r"weights\[2\] = 1e\+300 is beyond the range of the scores"
    ):
        fs.brier_score(p, y, reduce="mean", weights=np.array([1.0, 2.0, 1e300]))
    # and in range: (1 * 0.01 + 2 * 0.09 + 3 * 0) / 6, in float32
    got = fs.brier_score(p, y, reduce="mean", weights=np.array([1.0, 2.0, 3.0]))
    assert got.dtype == mod.float32
    assert float(got) == pytest.approx(0.19 / 6, rel=1e-6)


@pytest.mark.parametrize("lib", ["array_api_strict", "jax"])
def test_array_api_quantile_score_where_the_difference_overflows(lib):
    # Bug found in review: y - q overflowing although both are finite gave inf on other
    # libraries, where numpy gives the finite score: at level 0.5, |y - q| / 2 =
    # (1e308 + 1e308) / 2 = 1e308, and in float32 (3e38 + 3e38) / 2 = 3e38.
    mod = xps if lib == "array_api_strict" else jnp
    got = fs.quantile_score(mod.asarray([-1e308, 0.0]), mod.asarray([1e308, 2.0]), level=0.5)
    assert np.asarray(got).tolist() == [1e308, 1.0]
    q32 = mod.asarray([-3e38, 0.0], dtype=mod.float32)
    y32 = mod.asarray([3e38, 2.0], dtype=mod.float32)
    got = np.asarray(fs.quantile_score(q32, y32, level=0.5))
    assert got.dtype == np.float32
    assert got.tolist() == [float(np.float32(3e38)), 1.0]


def test_fused_categorical_float32_memmap_is_read_in_blocks_not_copied(tmp_path):
    # As the binary scores: float32 rows were converted to float64 whole (a copy twice the
    # file's size); now block by block. 1.2e6 rows of 3 (14 MB of float32).
    n, k = 1_200_000, 3
    rng = np.random.default_rng(5)
    pk = rng.dirichlet(np.ones(k), size=n).astype(np.float32)
    pk /= pk.sum(axis=1, keepdims=True)
    c = rng.integers(0, k, size=n).astype(np.int8)
    pk.tofile(tmp_path / "p.f32")
    c.tofile(tmp_path / "c.i8")
    p = np.memmap(tmp_path / "p.f32", dtype=np.float32, mode="r", shape=(n, k))
    y = np.memmap(tmp_path / "c.i8", dtype=np.int8, mode="r", shape=(n,))
    for func in (fs.categorical_brier_score, fs.categorical_log_score):
        tracemalloc.start()
        try:
            got = func(p, y, reduce="sum")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 8 * 2**20, (func.__name__, peak)
        # the same as the plain path's scores of the float64 values, to the pairwise bound
        with _plain():
            s = func(pk[:1000].astype(np.float64), c[:1000])
        assert np.array_equal(func(p, y)[:1000], s)
        assert math.isfinite(got)


@settings(max_examples=40, deadline=None)
@given(
    rows=st.integers(1, 60),
    k=st.integers(2, 6),
    block=st.integers(1, 40),
    seed=st.integers(0, 2**32 - 1),
    score=st.sampled_from(["brier", "log"]),
    dtype=st.sampled_from([np.float64, np.float32]),
    layout=st.sampled_from(["c", "fortran", "reversed"]),
    bad=st.sampled_from([None, "sum", "range", "nan"]),
    how=st.sampled_from([None, "sum"]),
)
def test_fused_categorical_blocks_agree_with_the_plain_path(
    rows, k, block, seed, score, dtype, layout, bad, how
):
    # Blocks of any number of values, float32 rows, any layout, one bad row anywhere: the
    # scores are the plain path's bit for bit, and errors name the same row and value.
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(k), size=rows)
    p[rng.uniform(size=rows) < 0.2] = np.eye(k)[0]
    c = rng.integers(0, k, size=rows)
    at = int(rng.integers(0, rows))
    if bad == "sum":
        p[at] *= 1.01
    elif bad == "range":
        c[at] = k
    elif bad == "nan":
        p[at, 0] = np.nan
    p = p.astype(dtype)
    if layout == "fortran":
        p = np.asfortranarray(p)
    elif layout == "reversed":
        p, c = p[::-1], c[::-1]
    func = fs.categorical_brier_score if score == "brier" else fs.categorical_log_score
    with _fused(block):
        fused = _outcome_of(lambda: func(p, c, reduce=how))
    with _plain():
        plain = _outcome_of(lambda: func(p, c, reduce=how))
    if how is None or isinstance(plain, tuple):
        assert _same(fused, plain), (fused, plain)
    else:
        s = func(p, c)
        if np.isinf(s).any():  # a probability 0 on what happened
            assert fused == math.inf
        else:
            assert abs(fused - math.fsum(s)) <= _pairwise_bound(s)


def _reduce_table():
    import test_reduce  # the table of every score of rules.__all__ (tests/test_reduce.py)

    return test_reduce.SCORES


@pytest.mark.parametrize("name", sorted(_reduce_table()))
def test_every_score_omit_and_zero_weighted_propagate_give_the_same_weighted_mean(name):
    # One missing outcome: nan_policy='omit' leaves it and its weight out; 'propagate' with
    # that pair's weight 0 gives the same mean; with its weight > 0, NaN. Expected: fsum of
    # w * s over the other pairs / fsum of their weights.
    func, args, kwargs = _reduce_table()[name]
    y = np.asarray(args[-1], dtype=float).copy()
    y[5] = np.nan
    a = (*args[:-1], y)
    s = np.asarray(func(*a, **kwargs, nan_policy="propagate"), dtype=float).reshape(-1)
    keep = ~np.isnan(s)
    assert keep.sum() == s.size - 1 and not keep[5]
    w = np.arange(s.size) % 3 + 0.5
    want = math.fsum(w[keep] * s[keep]) / math.fsum(w[keep])
    bound = 2 * _pairwise_bound(w[keep] * s[keep]) / math.fsum(w[keep])
    got = func(*a, **kwargs, nan_policy="omit", reduce="mean", weights=w)
    assert abs(got - want) <= bound
    w0 = np.where(keep, w, 0.0)
    got = func(*a, **kwargs, nan_policy="propagate", reduce="mean", weights=w0)
    assert abs(got - want) <= bound
    assert math.isnan(func(*a, **kwargs, nan_policy="propagate", reduce="mean", weights=w))


@pytest.mark.parametrize("engine", ["numpy", "numba"])
@pytest.mark.parametrize("m", [20_000, 100_000])
def test_crps_ensemble_of_many_huge_members_does_not_overflow(engine, m):
    # Bug found in review: the members' weighted sum reaches about max|x| m**2 / 2, which
    # overflows for 1e300-sized members once m is in the tens of thousands (numpy warned of
    # an overflow in matmul; numba returned -inf). The CRPS is positively homogeneous, so
    # scaling by 2**996 (exact; below the numpy kernel's own rescaling at 2**1000) must scale
    # the score by 2**996.
    rng = np.random.default_rng(6)
    x = rng.normal(size=(2, m))
    y = np.array([0.0, 0.5])
    c = 2.0**996
    for fair in (False, True):
        want = rules.crps_ensemble(x, y, fair=fair, engine=engine) * c
        got = rules.crps_ensemble(x * c, y * c, fair=fair, engine=engine)
        assert np.all(np.isfinite(got))
        assert got == pytest.approx(want, rel=1e-12)
        # one ensemble against several outcomes (the rows broadcast)
        got = rules.crps_ensemble(x[0] * c, y * c, fair=fair, engine=engine)
        want = np.array([rules.crps_ensemble(x[0], v, fair=fair) for v in y]) * c
        assert got == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("c", [2.0**-700, 2.0**-1040, 2.0**990])
def test_log_score_ensemble_of_huge_or_tiny_members_is_the_shifted_score(c):
    # Bug found in review: the rule-of-thumb bandwidth squared the members, so 1e300-sized
    # members warned of an overflow and 1e-200-sized ones (whose squares underflow) were
    # refused as "all equal". The density of c x at c y is the density of x at y over c:
    # the score shifts by log c (exactly, for a power of two c; to rounding of the
    # subnormal members for 2**-1040).
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3, 40))
    y = np.array([0.0, 0.3, -1.0])
    want = rules.log_score_ensemble(x, y) + math.log(c)
    got = rules.log_score_ensemble(x * c, y * c)
    tol = 1e-12 * np.abs(want) if c > 2.0**-1022 else 1e-9 * np.abs(want)
    assert np.all(np.abs(got - want) <= tol), (got, want)
    # and with a bandwidth given (scaled with the members): the same shift
    want = rules.log_score_ensemble(x, y, bandwidth=0.75) + math.log(c)
    got = rules.log_score_ensemble(x * c, y * c, bandwidth=0.75 * c)
    assert np.all(np.abs(got - want) <= tol), (got, want)
    # rows of different magnitudes side by side keep their own scores
    mixed = x.copy()
    mixed[1] *= c
    got = rules.log_score_ensemble(mixed, y * np.array([1.0, c, 1.0]))
    base = rules.log_score_ensemble(x, y)
    assert got[0] == base[0] and got[2] == base[2]
    assert abs(got[1] - (base[1] + math.log(c))) <= tol[1]


def test_log_score_ensemble_of_members_at_the_top_of_the_float_range():
    # Members up to 1.7e308 (their power-of-two unit must itself be finite): the score is
    # the score of x / 2**1000 at y / 2**1000, shifted by log 2**1000.
    x = np.array([[1.7e308, -1.7e308, 1.0e308, 0.0]])
    y = np.array([5e307])
    c = 2.0**1000
    want = rules.log_score_ensemble(x / c, y / c) + 1000 * math.log(2.0)
    got = rules.log_score_ensemble(x, y)
    assert got == pytest.approx(want, rel=1e-13)


@pytest.mark.parametrize("how", ["mean", "sum"])
def test_jit_with_nan_policy_omit_and_reduce(how):
    # Bug found in review: nan_policy='omit' dropped the missing pairs by boolean indexing,
    # which jax.jit cannot trace (a bare jax NonConcreteBooleanIndexError), although a mean
    # or sum has a fixed size. Now the missing pairs weigh 0. By hand: pairs (0.1, 0) and
    # (0.5, 1) score 0.01 and 0.25; weighted 1 and 3: sum 0.76, mean 0.76 / 4 = 0.19;
    # unweighted: sum 0.26, mean 0.13.
    p, y = jnp.array([0.1, jnp.nan, 0.5]), jnp.array([0, 1, 1])
    w = jnp.array([1.0, 5.0, 3.0])
    f = jax.jit(
        lambda p, y, w: fs.brier_score(p, y, nan_policy="omit", check=False, reduce=how, weights=w)
    )
    assert float(f(p, y, w)) == pytest.approx(0.19 if how == "mean" else 0.76, rel=4 * EPS)
    g = jax.jit(lambda p, y: fs.brier_score(p, y, nan_policy="omit", check=False, reduce=how))
    assert float(g(p, y)) == pytest.approx(0.13 if how == "mean" else 0.26, rel=4 * EPS)
    # outside jit, on both libraries, the same numbers as numpy
    for mod in (jnp, xps):
        got = fs.brier_score(
            mod.asarray([0.1, math.nan, 0.5]), mod.asarray([0, 1, 1]), nan_policy="omit", reduce=how
        )
        assert float(got) == pytest.approx(0.13 if how == "mean" else 0.26, rel=4 * EPS)


def test_jit_with_nan_policy_omit_without_reduce_says_what_to_pass():
    f = jax.jit(lambda p, y: fs.brier_score(p, y, nan_policy="omit", check=False))
    with pytest.raises(InvalidOptionError, match=r"nan_policy='omit' without reduce=.*jax.jit"):
        f(jnp.array([0.1, jnp.nan]), jnp.array([0, 1]))


@pytest.mark.parametrize("lib", ["array_api_strict", "jax"])
def test_array_api_mean_of_nothing_left_after_omit_names_the_reason_as_numpy(lib):
    mod = xps if lib == "array_api_strict" else jnp
    p, y = mod.asarray([math.nan, 0.5]), mod.asarray([0, 1])
    with pytest.raises(InvalidOptionError, match=r"reduce='mean' of scores whose weights sum"):
        fs.brier_score(p, y, nan_policy="omit", reduce="mean", weights=[1.0, 0.0])
    p = mod.asarray([math.nan, math.nan])
    for w in (None, [1.0, 2.0]):
        with pytest.raises(InvalidOptionError, match=r"reduce='mean' of no scores"):
            fs.brier_score(p, y, nan_policy="omit", reduce="mean", weights=w)


def test_crps_ensemble_of_one_ensemble_against_no_outcomes_is_empty():
    # Found by the hostile-input fuzzer while fixing the overflow above: one ensemble (shape
    # (m,)) against an empty array of outcomes scores no rows, on either engine.
    for engine in ("numpy", "numba"):
        got = rules.crps_ensemble(np.array([0.0, 1.0]), np.array([]), engine=engine)
        assert got.shape == (0,)


def test_jax_gradient_of_the_log_score_at_sure_forecasts_is_finite():
    # Bug found in review: where() chose the branch, but autograd differentiates both, so a
    # sure forecast (p = 0 for an event that did not happen, p = 1 for one that did: what a
    # saturated float32 sigmoid gives) had gradient 0 * inf = NaN. By hand: d/dp -log(1 - p)
    # = 1 / (1 - p), which is 1 at p = 0 and 2 at p = 1/2; d/dp -log p = -1/p, which is -1
    # at p = 1 and -4 at p = 1/4.
    y = jnp.array([0, 1, 0, 1])
    for dtype in (jnp.float32, jnp.float64):
        p = jnp.array([0.0, 1.0, 0.5, 0.25], dtype=dtype)
        g = jax.grad(lambda p: fs.log_score(p, y, reduce="sum", check=False))(p)
        assert np.asarray(g).tolist() == [1.0, -1.0, 2.0, -4.0]


def test_quantile_score_of_an_exact_hit_is_plus_zero_on_every_path():
    # (1{y < q} - level) * (q - y) = 0 at y == q: +0.0, not -0.0 (a tie of the two lines
    # tau * d and (tau - 1) * d, whose zeros have opposite signs).
    one = fs.quantile_score(1.0, 1.0, level=0.3)
    assert one == 0.0 and not np.signbit(one)
    big = np.ones(2**20)  # the fused path (from 2**14 values)
    plain = fs.quantile_score(big, big, level=0.3)
    assert not np.signbit(plain).any()
    total = fs.quantile_score(big, big, level=0.3, reduce="sum")
    assert total == 0.0 and not np.signbit(total)
    on_device = fs.quantile_score(xps.asarray([1.0, 2.0]), xps.asarray([1.0, 2.0]), level=0.3)
    assert not np.signbit(np.asarray(on_device)).any()
