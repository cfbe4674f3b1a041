"""The score functions on Dask arrays: lazy, blockwise, and equal to the numpy path."""

import math

import dask.array as da  # in the test extra; the core never imports it
import numpy as np
import pytest

import forecastscore as fs
from forecastscore.errors import InvalidOptionError

RNG = np.random.default_rng(7)
P = RNG.uniform(size=1_000)
Y = RNG.uniform(size=1_000) < P
PK = RNG.dirichlet(np.ones(4), 500)
K = RNG.integers(0, 4, 500)


@pytest.mark.parametrize("rule", [fs.brier_score, fs.log_score, fs.spherical_score])
def test_binary_rules_match_numpy(rule):
    lazy = rule(da.from_array(P, chunks=128), da.from_array(Y, chunks=300))
    assert isinstance(lazy, da.Array)
    np.testing.assert_array_equal(lazy.compute(), rule(P, Y))


@pytest.mark.parametrize(
    "rule",
    [fs.categorical_brier_score, fs.categorical_log_score, fs.categorical_spherical_score],
)
def test_categorical_rules_match_numpy(rule):
    lazy = rule(da.from_array(PK, chunks=(64, 2)), K)  # categories split across chunks
    np.testing.assert_array_equal(lazy.compute(), rule(PK, K))
    by_column = rule(da.from_array(PK.T, chunks=(2, 64)), da.from_array(K, chunks=100), axis=0)
    np.testing.assert_array_equal(by_column.compute(), rule(PK, K))


def test_broadcasting_and_keywords():
    lazy = fs.log_score(da.from_array(P, chunks=100), 1, base=2)
    np.testing.assert_array_equal(lazy.compute(), fs.log_score(P, 1, base=2))
    with_nan = P.copy()
    with_nan[3] = np.nan
    out = fs.brier_score(da.from_array(with_nan, chunks=100), Y, nan_policy="propagate").compute()
    assert np.isnan(out[3]) and np.isfinite(np.delete(out, 3)).all()


def test_errors_name_the_block():
    bad = P.copy()
    bad[250] = 1.5
    lazy = fs.brier_score(da.from_array(bad, chunks=100), Y)  # nothing computed yet
    with pytest.raises(
        fs.InvalidForecastError,
        match=r"forecast\[50\] = 1\.5 is not a probability .*block starting at index \(200,\)",
    ):
        lazy.compute()


def test_omit_is_refused_on_dask():
    with pytest.raises(fs.InvalidOptionError, match="nan_policy='omit' is not supported"):
        fs.brier_score(da.from_array(P, chunks=100), Y, nan_policy="omit")


def test_shape_error_is_eager():
    with pytest.raises(fs.ShapeError, match="do not broadcast"):
        fs.brier_score(da.from_array(P, chunks=100), np.ones(3, dtype=bool))


# --- reductions, parametric scores (issue 12) ----------------------------------------------


def test_parametric_scores_are_lazy_and_match_numpy():
    mu = RNG.normal(size=300)
    sigma = RNG.uniform(0.5, 2.0, size=300)
    y = RNG.normal(size=300)
    for rule in (fs.rules.crps_normal, fs.rules.log_score_normal, fs.rules.crps_laplace):
        lazy = rule(da.from_array(mu, chunks=70), sigma, da.from_array(y, chunks=70))
        assert isinstance(lazy, da.Array)
        np.testing.assert_array_equal(lazy.compute(), rule(mu, sigma, y))


def test_reduce_is_lazy_and_equals_the_numpy_mean_and_sum():
    dp, dy = da.from_array(P, chunks=128), da.from_array(Y, chunks=128)
    w = RNG.uniform(size=P.size)
    scores = fs.brier_score(P, Y)
    mean = fs.brier_score(dp, dy, reduce="mean")
    assert isinstance(mean, da.Array) and mean.shape == ()
    assert float(mean.compute()) == pytest.approx(math.fsum(scores) / scores.size, rel=1e-13)
    total = fs.brier_score(dp, dy, reduce="sum", weights=w).compute()
    assert float(total) == pytest.approx(math.fsum(w * scores), rel=1e-13)
    wmean = fs.crps_ensemble(da.from_array(PK, chunks=(64, 4)), K, reduce="mean", weights=w[:500])
    expected = fs.crps_ensemble(PK, K, reduce="mean", weights=w[:500])
    assert float(wmean.compute()) == pytest.approx(float(expected), rel=1e-13)


def test_bad_weights_are_found_when_computed_with_their_position():
    w = np.ones(P.size)
    w[300] = -1.0
    lazy = fs.brier_score(da.from_array(P, chunks=128), Y, reduce="sum", weights=w)
    with pytest.raises(InvalidOptionError, match=r"weights\[300\] = -1.0 is not a weight"):
        lazy.compute()
    with pytest.raises(InvalidOptionError, match=r"weights apply to a reduction"):
        fs.brier_score(da.from_array(P, chunks=128), Y, weights=w)
    with pytest.raises(InvalidOptionError, match=r"reduce must be None, 'mean' or 'sum'"):
        fs.brier_score(da.from_array(P, chunks=128), Y, reduce="max")
