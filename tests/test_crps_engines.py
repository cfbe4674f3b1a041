"""crps_ensemble's engines: the numpy path (in blocks of rows) and the optional numba loop
give the same numbers, and both agree with the exact double sum and with properscoring."""

import math
import sys

import numpy as np
import properscoring as ps
import pytest

from forecastscore.errors import InvalidOptionError
from forecastscore.rules import _ensemble, crps_ensemble

RNG = np.random.default_rng(2026)


def _double_sum(x, y, fair=False):
    """``mean |x_i - y| - sum_ij |x_i - x_j| / (2 m^2)`` (or ``2 m (m - 1)``), by fsum."""
    m = len(x)
    mae = math.fsum(abs(float(v) - y) for v in x) / m
    pairs = math.fsum(abs(float(a) - float(b)) for a in x for b in x)
    return mae - pairs / (2 * m * (m - 1) if fair else 2 * m * m)


@pytest.mark.parametrize("engine", ["numpy", "numba"])
@pytest.mark.parametrize("fair", [False, True])
def test_engines_match_the_exact_double_sum(engine, fair):
    x = RNG.normal(size=(40, 9)) * 3.0 + 1e6  # far from 0: centring matters
    y = RNG.normal(size=40) + 1e6
    got = crps_ensemble(x, y, fair=fair, engine=engine)
    expected = [_double_sum(row, float(v), fair) for row, v in zip(x, y, strict=True)]
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9)


def test_engines_agree_across_block_boundaries(monkeypatch):
    monkeypatch.setattr(_ensemble, "_BLOCK_MEMBERS", 64)  # many small blocks
    x = RNG.normal(size=(1001, 13))
    y = RNG.normal(size=1001)
    a = crps_ensemble(x, y)
    b = crps_ensemble(x, y, engine="numba")
    np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(a, ps.crps_ensemble(y, x), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("n", "m"), [(2000, 50), (50, 1000)])
def test_engines_against_properscoring(n, m):
    x = RNG.gamma(2.0, size=(n, m))
    y = RNG.gamma(2.0, size=n)
    expected = ps.crps_ensemble(y, x)
    for engine in ("numpy", "numba"):
        np.testing.assert_allclose(
            crps_ensemble(x, y, engine=engine), expected, rtol=1e-12, atol=1e-14
        )


def test_engines_with_another_axis_and_broadcast_rows():
    x = RNG.normal(size=(7, 5, 3))
    y = RNG.normal(size=(5, 3))
    for engine in ("numpy", "numba"):
        got = crps_ensemble(x, y, axis=0, engine=engine)
        np.testing.assert_allclose(got, ps.crps_ensemble(y, np.moveaxis(x, 0, -1)), rtol=1e-12)
    # one ensemble scored against many outcomes (rows broadcast)
    ens = RNG.normal(size=11)
    ys = RNG.normal(size=4)
    for engine in ("numpy", "numba"):
        got = crps_ensemble(ens, ys, engine=engine)
        expected = [_double_sum(ens, float(v)) for v in ys]
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_numba_engine_hands_huge_values_to_the_rescaling_kernel():
    x = np.array([[1e307, -1e307, 5e306]])
    y = np.array([0.0])
    a = crps_ensemble(x, y)
    b = crps_ensemble(x, y, engine="numba")
    # by hand: mean |x - 0| = 2.5e307 / 1.5 ... = (1e307 + 1e307 + 5e306) / 3; pairs 2e307,
    # 5e306, 1.5e307 (each twice) -> sum_ij = 8e307; CRPS = 2.5e307 / 3 - 8e307 / 18
    expected = 2.5e307 / 3 - 8e307 / 18
    assert float(a[0]) == pytest.approx(expected, rel=1e-14)
    assert float(b[0]) == pytest.approx(expected, rel=1e-14)


def test_nan_rows_under_propagate_and_omit_with_either_engine():
    x = RNG.normal(size=(4, 6))
    x[2, 3] = np.nan
    y = RNG.normal(size=4)
    for engine in ("numpy", "numba"):
        out = crps_ensemble(x, y, nan_policy="propagate", engine=engine)
        assert np.isnan(out[2]) and np.isfinite(np.delete(out, 2)).all()
        kept = crps_ensemble(x, y, nan_policy="omit", engine=engine)
        np.testing.assert_allclose(kept, np.delete(out, 2), rtol=1e-13)


def test_engine_is_validated():
    with pytest.raises(InvalidOptionError, match=r"engine must be 'numpy' or 'numba' \(got 'c'\)"):
        crps_ensemble([0.0, 1.0], 0.5, engine="c")


def test_engine_numba_without_numba_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)  # import numba now raises ImportError
    with pytest.raises(InvalidOptionError, match=r"pip install forecastscore\[numba\]"):
        crps_ensemble([0.0, 1.0], 0.5, engine="numba")


def test_numpy_engine_memory_is_bounded_by_the_input():
    import tracemalloc

    x = RNG.normal(size=(20_000, 50))
    y = RNG.normal(size=20_000)
    tracemalloc.start()
    crps_ensemble(x, y)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # the old path sorted a copy of the input and made two more (4x); now blocks
    assert peak <= 0.5 * x.nbytes
