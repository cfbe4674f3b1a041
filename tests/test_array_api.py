"""The scores on arrays of other Array API libraries: array-api-strict (the standard and
nothing more) and JAX on the CPU. Results equal numpy's and come back as the same kind of
array; errors name the position; gradients are the analytic ones; jax.jit runs with
check=False."""

import math
import subprocess
import sys

import array_api_strict as xps
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import forecastscore.rules as R
from forecastscore import _namespace
from forecastscore.errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
)


@pytest.fixture(autouse=True, scope="module")
def _jax_float64():
    """JAX in float64 for this module (its default is float32), restored afterwards."""
    before = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", before)


RNG = np.random.default_rng(21)
N = 64
P = RNG.uniform(0.01, 0.99, size=N)
YB = RNG.uniform(size=N) < P
PK = RNG.dirichlet(np.ones(4), size=N)
K = RNG.integers(0, 4, size=N)
X = RNG.normal(size=(N, 9))
Y = RNG.normal(size=N)
MU = RNG.normal(size=N)
SIGMA = RNG.uniform(0.5, 2.0, size=N)
W = RNG.uniform(size=N)

CASES = [
    ("brier_score", (P, YB), {}),
    ("brier_score", (P, YB.astype(np.int64)), {}),
    ("log_score", (P, YB), {}),
    ("log_score", (P, YB), {"base": 2}),
    ("spherical_score", (P, YB), {}),
    ("categorical_brier_score", (PK, K), {}),
    ("categorical_log_score", (PK, K), {}),
    ("categorical_spherical_score", (PK, K), {}),
    ("categorical_brier_score", (PK.T, K), {"axis": 0}),
    ("ranked_probability_score", (PK, K), {}),
    ("ranked_probability_score", (PK, K), {"normalize": True}),
    ("quantile_score", (MU, Y), {"level": 0.3}),
    ("interval_score", (MU - SIGMA, MU + SIGMA, Y), {"alpha": 0.2}),
    ("crps_ensemble", (X, Y), {}),
    ("crps_ensemble", (X, Y), {"fair": True}),
    ("crps_normal", (MU, SIGMA, Y), {}),
    ("crps_logistic", (MU, SIGMA, Y), {}),
    ("crps_laplace", (MU, SIGMA, Y), {}),
    ("log_score_normal", (MU, SIGMA, Y), {}),
    ("brier_score", (P, YB), {"reduce": "mean"}),
    ("log_score", (P, YB), {"reduce": "sum", "weights": W}),
    ("crps_normal", (MU, SIGMA, Y), {"reduce": "mean", "weights": W}),
    # no device implementation: the host path, with the result copied back
    ("crps_quantile", (np.sort(X, axis=1), Y), {"levels": np.linspace(0.1, 0.9, 9)}),
    ("brier_score", (P, P), {"probability_outcome": True}),
]
STRICT_ARRAY = type(xps.asarray(0.0))
LIBS = {"strict": (xps, STRICT_ARRAY), "jax": (jnp, jax.Array)}


def _host(a):
    return np.from_dlpack(a) if isinstance(a, STRICT_ARRAY) else np.asarray(a)


@pytest.mark.parametrize("lib", sorted(LIBS))
@pytest.mark.parametrize(("name", "args", "kwargs"), CASES, ids=lambda v: str(v)[:30])
def test_equal_to_numpy_and_the_same_kind_of_array(lib, name, args, kwargs):
    xp, kind = LIBS[lib]
    func = getattr(R, name)
    expected = func(*args, **kwargs)
    got = func(*(xp.asarray(a) for a in args), **kwargs)
    assert isinstance(got, kind)
    assert got.shape == np.shape(expected)
    np.testing.assert_allclose(_host(got), expected, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("lib", sorted(LIBS))
def test_float32_stays_float32(lib):
    xp, _ = LIBS[lib]
    got = R.brier_score(xp.asarray(P, dtype=xp.float32), xp.asarray(YB))
    assert got.dtype == xp.float32
    p32 = P.astype(np.float32).astype(np.float64)  # the forecasts as float32 holds them
    np.testing.assert_allclose(_host(got), (p32 - YB) ** 2, rtol=1e-6)


@pytest.mark.parametrize("lib", sorted(LIBS))
def test_missing_values(lib):
    xp, _ = LIBS[lib]
    p = P[:5].copy()
    p[1] = np.nan
    out = R.brier_score(xp.asarray(p), xp.asarray(YB[:5]), nan_policy="propagate")
    host = _host(out)
    assert np.isnan(host[1]) and np.isfinite(np.delete(host, 1)).all()
    kept = R.brier_score(xp.asarray(p), xp.asarray(YB[:5]), nan_policy="omit")
    np.testing.assert_array_equal(_host(kept), np.delete(host, 1))


# --- errors: found on the device, located on the host --------------------------------------


@pytest.mark.parametrize("lib", sorted(LIBS))
def test_errors_name_the_position(lib):
    xp, _ = LIBS[lib]
    with pytest.raises(InvalidForecastError, match=r"forecast\[1\] = 1.5 is not a probability"):
        R.brier_score(xp.asarray([0.2, 1.5]), xp.asarray([1, 0]))
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[0\] = 2"):
        R.log_score(xp.asarray([0.2, 0.5]), xp.asarray([2, 0]))
    with pytest.raises(InvalidForecastError, match=r"forecast\[1, :\] sums to 1.2"):
        R.categorical_log_score(xp.asarray([[0.5, 0.5], [0.6, 0.6]]), xp.asarray([0, 1]))
    with pytest.raises(InvalidOutcomeError, match=r"outcome\[1\] = 5"):
        R.ranked_probability_score(xp.asarray([[0.5, 0.5], [0.4, 0.6]]), xp.asarray([0, 5]))
    with pytest.raises(InvalidForecastError, match=r"scale\[2\] = -1.0 is not positive"):
        R.crps_normal(xp.asarray([0.0] * 3), xp.asarray([1.0, 1.0, -1.0]), xp.asarray([0.0] * 3))
    with pytest.raises(InvalidForecastError, match=r"members\[0, 1\] is NaN"):
        R.crps_ensemble(xp.asarray([[0.0, math.nan]]), xp.asarray([0.0]))
    with pytest.raises(InvalidForecastError, match=r"lower\[0\] = 2.0 is above upper\[0\]"):
        R.interval_score(xp.asarray([2.0]), xp.asarray([1.0]), xp.asarray([0.0]), alpha=0.1)
    with pytest.raises(InvalidOptionError, match=r"weights\[1\] = -1.0 is not a weight"):
        R.brier_score(xp.asarray([0.2, 0.5]), xp.asarray([1, 0]), reduce="mean", weights=[1, -1])
    with pytest.raises(InvalidOptionError, match=r"weights apply to a reduction"):
        R.brier_score(xp.asarray([0.2]), xp.asarray([1]), weights=[1.0])


def test_check_false_skips_validation_on_the_device():
    # a probability of 1.5 is not refused: the number is the formula's, (1.5 - 0)**2
    got = R.brier_score(jnp.asarray([1.5]), jnp.asarray([0]), check=False)
    assert float(got[0]) == 2.25


def test_arrays_of_two_libraries_are_refused():
    with pytest.raises(ForecastTypeError, match=r"different libraries"):
        R.brier_score(jnp.asarray([0.2]), xps.asarray([1]))


class _Foreign:
    """An array-like of an unknown library: a shape, a dtype and DLPack, no namespace."""

    shape = (1,)
    dtype = "float64"

    def __dlpack__(self, **kwargs):  # pragma: no cover - never called
        raise NotImplementedError


def test_without_array_api_compat_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "array_api_compat", None)
    with pytest.raises(ForecastTypeError, match=r"pip install forecastscore\[array\]"):
        _namespace.array_namespace(_Foreign())


def test_array_api_compat_is_not_imported_by_forecastscore():
    code = (
        "import sys, numpy as np, forecastscore as fs\n"
        "fs.brier_score(np.array([0.2]), np.array([1]))\n"
        "fs.rules.crps_normal(0.0, 1.0, np.array([0.5]))\n"
        "bad = [m for m in ('array_api_compat', 'jax', 'numba', 'dask') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- gradients and jit ---------------------------------------------------------------------


def test_gradient_of_the_brier_score():
    p, y = np.array([0.2, 0.5, 0.9]), np.array([1, 0, 1])
    grad = jax.grad(lambda q: R.brier_score(q, jnp.asarray(y), reduce="sum"))(jnp.asarray(p))
    np.testing.assert_allclose(np.asarray(grad), 2.0 * (p - y), rtol=1e-15)  # d/dp (p - y)^2


def test_gradient_of_the_log_score():
    p, y = np.array([0.2, 0.5, 1e-9]), np.array([1, 0, 0])
    grad = jax.grad(lambda q: R.log_score(q, jnp.asarray(y), reduce="sum"))(jnp.asarray(p))
    # d/dp of -log p is -1/p; of -log(1 - p) is 1/(1 - p)
    expected = np.where(y == 1, -1.0 / p, 1.0 / (1.0 - p))
    np.testing.assert_allclose(np.asarray(grad), expected, rtol=1e-14)


def test_gradient_of_the_normal_crps():
    mu, sigma, y = np.array([0.0, 1.0, -2.0]), np.array([1.0, 0.5, 3.0]), np.array([0.3, 2.0, 4.0])

    def total(m, s):
        return R.crps_normal(m, s, jnp.asarray(y), reduce="sum")

    d_mu, d_sigma = jax.grad(total, argnums=(0, 1))(jnp.asarray(mu), jnp.asarray(sigma))
    z = (y - mu) / sigma
    # dCRPS/dmu = -(2 Phi(z) - 1) = -erf(z / sqrt 2); dCRPS/dsigma = 2 phi(z) - 1/sqrt(pi)
    erf = np.array([math.erf(v / math.sqrt(2.0)) for v in z])
    phi = np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
    np.testing.assert_allclose(np.asarray(d_mu), -erf, rtol=1e-13)
    np.testing.assert_allclose(
        np.asarray(d_sigma), 2.0 * phi - 1.0 / math.sqrt(math.pi), rtol=1e-13
    )


def test_jit_with_check_false():
    @jax.jit
    def loss(m, s, y):
        return R.crps_normal(m, s, y, reduce="mean", check=False)

    got = loss(jnp.asarray(MU), jnp.asarray(SIGMA), jnp.asarray(Y))
    assert float(got) == pytest.approx(float(R.crps_normal(MU, SIGMA, Y, reduce="mean")), rel=1e-14)
    brier = jax.jit(lambda p, y: R.brier_score(p, y, check=False))(jnp.asarray(P), jnp.asarray(YB))
    np.testing.assert_allclose(np.asarray(brier), (P - YB) ** 2, rtol=1e-15)


def test_jit_with_check_true_says_to_pass_check_false():
    with pytest.raises(InvalidOptionError, match=r"pass check=False"):
        jax.jit(lambda p, y: R.brier_score(p, y))(jnp.asarray(P), jnp.asarray(YB))


@pytest.mark.parametrize("lib", sorted(LIBS))
def test_scores_of_scipy_distributions_take_a_foreign_outcome(lib):
    from scipy import stats

    xp, kind = LIBS[lib]
    dist = stats.norm(MU, SIGMA)
    for func, kwargs in ((R.crps, {}), (R.twcrps, {"lower": 0.0}), (R.pit, {})):
        got = func(dist, xp.asarray(Y), **kwargs)
        assert isinstance(got, kind)
        np.testing.assert_array_equal(_host(got), func(dist, Y, **kwargs))
    got = R.twcrps_ensemble(xp.asarray(X), xp.asarray(Y), lower=0.0)
    assert isinstance(got, kind)
    np.testing.assert_array_equal(_host(got), R.twcrps_ensemble(X, Y, lower=0.0))


DEVICE_CASES = [
    c for c in CASES if c[0] not in ("crps_quantile",) and "probability_outcome" not in c[2]
]


@pytest.mark.parametrize("lib", sorted(LIBS))
@pytest.mark.parametrize(("name", "args", "kwargs"), DEVICE_CASES, ids=lambda v: str(v)[:30])
def test_valid_input_is_never_copied_to_the_host(lib, name, args, kwargs, monkeypatch):
    # the checks bring one boolean each to the host; a copy of the data (to_numpy) is made
    # only to locate a bad value, so on valid input it must not happen
    from forecastscore import _dask
    from forecastscore.rules import _xp

    def refuse(x):
        raise AssertionError("a device array was copied to the host")

    monkeypatch.setattr(_xp, "to_numpy", refuse)
    monkeypatch.setattr(_dask, "to_numpy", refuse)
    xp, kind = LIBS[lib]
    func = getattr(R, name)
    got = func(*(xp.asarray(a) for a in args), **kwargs)
    assert isinstance(got, kind)


def test_the_standard_only_error_function_against_scipy_and_mpmath():
    # for libraries without an erf (array-api-strict): a series and a Chebyshev fit
    import mpmath as mp
    from scipy import special

    from forecastscore.rules._xp_erf import _erf_standard

    x = np.concatenate(
        [np.linspace(-7.0, 7.0, 20001), np.geomspace(1e-300, 1e300, 2001), [0.0, np.inf]]
    )
    x = np.concatenate([x, -x])
    got = np.from_dlpack(_erf_standard(xps, xps.asarray(x)))
    expected = special.erf(x)
    np.testing.assert_allclose(got, expected, rtol=2e-15, atol=0.0)
    mp.mp.dps = 30
    for v in (0.3, 0.99999, 1.0, 1.7, 4.2, -2.5):
        exact = float(mp.erf(mp.mpf(v)))
        assert float(_erf_standard(xps, xps.asarray(v))) == pytest.approx(exact, rel=1e-15)
    assert math.isnan(float(_erf_standard(xps, xps.asarray(math.nan))))


def test_reduce_with_weights_and_omitted_pairs_on_the_device():
    p = P[:6].copy()
    p[2] = np.nan
    w = W[:6]
    expected = R.brier_score(p, YB[:6], nan_policy="omit", reduce="mean", weights=w)
    got = R.brier_score(
        jnp.asarray(p), jnp.asarray(YB[:6]), nan_policy="omit", reduce="mean", weights=w
    )
    assert isinstance(got, jax.Array) and got.shape == ()
    # by hand: the weighted mean of the five pairs left
    keep = ~np.isnan(p)
    by_hand = math.fsum(w[keep] * (p[keep] - YB[:6][keep]) ** 2) / math.fsum(w[keep])
    assert float(got) == pytest.approx(by_hand, rel=1e-14)
    assert float(expected) == pytest.approx(by_hand, rel=1e-14)
