"""The elementwise fused Brier path (``_reduce._brier_elementwise``): differential tests
against the plain formula ``(p - y)**2`` of numpy on float64 forecasts.

The fused path writes the scores into the result block by block and checks each block in
cache; a block with a bad value hands the whole input back to the plain path, which names
the first bad value. What is asserted: the scores are bit-identical to numpy's
``(p - y)**2`` (the outcome converted as numpy's mixed arithmetic converts it) for every
outcome dtype and layout, and a bad value raises the same error, naming the same position,
as the plain path (the position is also found independently here, as the first bad value
in C order). The block size and the threshold are made small so that a few dozen values
cross several blocks (``small_blocks``); one test runs at the real sizes.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore.errors import InvalidForecastError, InvalidOutcomeError
from forecastscore.rules import _reduce

OUTCOME_DTYPES = ["bool", "int8", "uint8", "int64", "uint64", "float64", "float32"]
FORECAST_DTYPES = ["float64", "float32", "float16"]
LAYOUTS = ["contiguous", "strided", "reversed", "fortran"]


@contextlib.contextmanager
def small_blocks(block: int = 4) -> Iterator[None]:
    """Blocks of ``block`` values, the fused path from one value on."""
    with (
        mock.patch.object(_reduce, "BLOCK", block),
        mock.patch.object(_reduce, "FUSE_MIN", 1),
    ):
        yield


@contextlib.contextmanager
def plain_only() -> Iterator[None]:
    """No fused path at all: the reference for the messages."""
    with mock.patch.object(_reduce, "FUSE_MIN", 1 << 62):
        yield


def as_numbers(y: np.ndarray) -> np.ndarray:
    """The outcomes as the float64 numbers numpy's arithmetic uses (independent of the
    library: ``astype``)."""
    return y.astype(np.float64)


def lay_out(a: np.ndarray, layout: str) -> np.ndarray:
    """The same values, C order, in another memory layout."""
    if layout == "contiguous":
        return a
    if layout == "strided":
        wide = np.zeros(a.size * 2, dtype=a.dtype)
        wide[::2] = a.reshape(-1)
        return wide[::2].reshape(a.shape)
    if layout == "reversed":
        return a.reshape(-1)[::-1].copy()[::-1].reshape(a.shape)
    rows = 2 if a.size % 2 == 0 else 1
    return np.asfortranarray(a.reshape(rows, -1))


def first_bad(values: np.ndarray, ok: np.ndarray) -> tuple[int, ...]:
    """The position of the first value in C order that is not ``ok``."""
    return tuple(int(i) for i in np.argwhere(~ok)[0])


def pos_text(shape: tuple[int, ...], where: tuple[int, ...]) -> str:
    return "" if not shape else "[" + ", ".join(map(str, where)) + "]"


def bits(a: Any) -> np.ndarray:
    return np.asarray(a, dtype=np.float64).view(np.uint64)


forecast_values = st.sampled_from([0.0, 1.0, 0.5, 0.25, 1e-300, 5e-324, 1 - 2**-53, 0.3, 0.7])
bad_forecasts = st.sampled_from([-0.1, 1.5, np.nan, np.inf, -np.inf, -(2.0**-60), 1 + 2**-52])
bad_outcomes = st.sampled_from([2, -1, 0.5, np.nan, np.inf, 1 + 2**-52, 5e-324])


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 40))
    p = np.array(draw(st.lists(forecast_values, min_size=n, max_size=n)))
    y = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    return {
        "p": p,
        "y": y,
        "pdtype": draw(st.sampled_from(FORECAST_DTYPES)),
        "ydtype": draw(st.sampled_from(OUTCOME_DTYPES)),
        "layout": draw(st.sampled_from(LAYOUTS)),
        "block": draw(st.sampled_from([1, 3, 4, 64])),
        "bad_p": draw(st.none() | st.tuples(st.integers(0, n - 1), bad_forecasts)),
        "bad_y": draw(st.none() | st.tuples(st.integers(0, n - 1), bad_outcomes)),
    }


def build(case: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    p = case["p"].copy()
    y: np.ndarray = case["y"].astype(case["ydtype"])
    if case["bad_p"] is not None:
        p[case["bad_p"][0]] = case["bad_p"][1]
    if case["bad_y"] is not None:
        i, v = case["bad_y"]
        kind = y.dtype.kind
        fits = (
            kind in "iu" and float(v).is_integer() and np.can_cast(np.min_scalar_type(v), y.dtype)
        )
        if not (fits or y.dtype == np.float64):
            y = y.astype(np.float64)  # a value the dtype cannot hold: a float outcome
        y[i] = v
    with np.errstate(over="ignore"):
        p = p.astype(case["pdtype"])
    return lay_out(p, case["layout"]), lay_out(y, case["layout"])


@settings(max_examples=400, deadline=None)
@given(cases())
def test_fused_elementwise_brier_bit_identical_or_same_error_as_plain(case: dict[str, Any]):
    p, y = build(case)
    p64 = p.astype(np.float64)
    y_num = as_numbers(y)
    p_ok = (p64 >= 0.0) & (p64 <= 1.0)
    y_ok = (y_num == 0.0) | (y_num == 1.0)
    with small_blocks(case["block"]):
        if p_ok.all() and y_ok.all():
            got = fs.brier_score(p, y)
            want = (p64 - y_num) ** 2  # numpy's formula on the float64 forecasts
            assert got.shape == want.shape
            assert np.array_equal(bits(got), bits(want))
            got_unchecked = fs.brier_score(p, y, check=False)
            assert np.array_equal(bits(got_unchecked), bits(want))
            return
        # A bad value: the error of the plain path, naming the first bad value's position
        # (forecasts are checked before outcomes).
        if not p_ok.all():
            cls, name, where = InvalidForecastError, "forecast", first_bad(p64, p_ok)
        else:
            cls, name, where = InvalidOutcomeError, "outcome", first_bad(y_num, y_ok)
        expected = re.escape(f"{name}{pos_text(p.shape, where)}")
        with pytest.raises(cls, match=expected + r" (=|is NaN)") as fused_err:
            fs.brier_score(p, y)
    with plain_only(), pytest.raises(cls, match=expected) as plain_err:
        fs.brier_score(p, y)
    assert str(fused_err.value) == str(plain_err.value)


@settings(max_examples=100, deadline=None)
@given(
    n=st.integers(1, 30),
    ydtype=st.sampled_from(OUTCOME_DTYPES),
    policy=st.sampled_from(["raise", "omit", "propagate"]),
    data=st.data(),
)
def test_fused_elementwise_brier_nan_policies_match_formula(n, ydtype, policy, data):
    p = np.array(data.draw(st.lists(forecast_values, min_size=n, max_size=n)))
    y = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n))).astype(ydtype)
    missing = np.zeros(n, dtype=bool)
    if policy != "raise" and data.draw(st.booleans()):
        i = data.draw(st.integers(0, n - 1))
        p[i] = np.nan
        missing[i] = True
    want = (p - y.astype(np.float64)) ** 2
    with small_blocks(3):
        got = fs.brier_score(p, y, nan_policy=policy)
    if policy == "omit":
        want = want[~missing]
    elif policy == "propagate":
        want = np.where(missing, np.nan, want)
    assert np.array_equal(bits(got), bits(want))


@pytest.mark.parametrize("ydtype", OUTCOME_DTYPES)
def test_fused_elementwise_brier_zero_d_empty_and_broadcast(ydtype):
    with small_blocks(2):
        # 0-d: a numpy float64, (0.3 - 1)**2 = 0.49 as numpy rounds it
        got0 = fs.brier_score(np.array(0.3), np.array(1).astype(ydtype))
        assert isinstance(got0, np.float64)
        assert bits(got0) == bits((0.3 - 1.0) ** 2)
        empty = fs.brier_score(np.zeros(0), np.zeros(0, dtype=ydtype))
        assert empty.shape == (0,)
        # forecasts (3, 1) against outcomes (4,): the broadcast (3, 4) of the formula
        p = np.array([[0.1], [0.5], [0.9]])
        y = np.array([1, 0, 0, 1]).astype(ydtype)
        got = fs.brier_score(p, y)
        assert np.array_equal(bits(got), bits((p - y.astype(np.float64)) ** 2))
        with pytest.raises(InvalidForecastError, match=re.escape("forecast[2, 0] = 1.5")):
            fs.brier_score(np.array([[0.1], [0.5], [1.5]]), y)


@pytest.mark.parametrize("ydtype", ["bool", "int64", "uint8", "float64"])
def test_fused_elementwise_brier_real_blocks_bit_identical(ydtype):
    n = _reduce.FUSE_MIN + 3 * _reduce.BLOCK // 2 + 5  # several blocks, the last one partial
    rng = np.random.default_rng(12)
    p = rng.uniform(size=n)
    p[:3] = [0.0, 1.0, 5e-324]
    y = (rng.uniform(size=n) < p).astype(ydtype)
    want = (p - y.astype(np.float64)) ** 2
    assert np.array_equal(bits(fs.brier_score(p, y)), bits(want))
    assert np.array_equal(bits(fs.brier_score(p[::-1], y[::-1])), bits(want[::-1]))
    two_d = fs.brier_score(np.asfortranarray(p[:-1].reshape(2, -1)), y[:-1].reshape(2, -1))
    assert np.array_equal(bits(two_d), bits(want[:-1].reshape(2, -1)))


@pytest.mark.parametrize("ydtype", ["int64", "uint8", "float64"])
@pytest.mark.parametrize("where", ["first", "last"])
def test_fused_elementwise_brier_real_blocks_name_first_bad_outcome(ydtype, where):
    n = _reduce.FUSE_MIN + _reduce.BLOCK + 7
    p = np.full(n, 0.5)
    y = np.zeros(n, dtype=ydtype)
    i = 0 if where == "first" else n - 1
    y[i] = 2
    if where == "last":
        y[n - 2] = 1  # a valid 1 just before: not named
    with pytest.raises(InvalidOutcomeError, match=re.escape(f"outcome[{i}] = 2")):
        fs.brier_score(p, y)
    y[i] = 0
    q = p.copy()
    q[i] = -0.25
    with pytest.raises(InvalidForecastError, match=re.escape(f"forecast[{i}] = -0.25 is not")):
        fs.brier_score(q, y)


def test_fused_elementwise_brier_negative_zero_forecast_accepted_as_plain():
    # -0.0 is in [0, 1] for the plain check; the fused check's bit test refuses its block,
    # and the plain path scores it: (-0.0 - 1)**2 = 1.0 and (-0.0 - 0)**2 = 0.0.
    n = _reduce.FUSE_MIN + 1
    p = np.full(n, 0.5)
    p[7] = -0.0
    y = np.zeros(n, dtype=bool)
    y[7] = True
    got = fs.brier_score(p, y)
    assert got[7] == 1.0
    assert got[0] == 0.25
