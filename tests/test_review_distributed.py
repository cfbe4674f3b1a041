"""Adversarial review of forecastscore.distributed's exact sums (``_exact``): the sums and
means against exact rational arithmetic (``fractions.Fraction``), the oracle, over signs,
subnormals, the largest exponents, infinities and NaN, in any grouping.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from forecastscore.distributed._exact import SCALE, exact_mean, exact_sums

_ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
_EXTREME = st.sampled_from(
    [
        5e-324,
        -5e-324,
        2.2250738585072014e-308,
        -2.225073858507201e-308,
        1.7976931348623157e308,
        -1.7976931348623157e308,
        1.0,
        -0.0,
        2.0**-1022,
        2.0**1023,
        1e16,
        -1e16,
    ]
)


def _oracle(values: list[float]) -> tuple[Fraction, int, int, int]:
    finite = [Fraction(v) for v in values if math.isfinite(v)]
    return (
        sum(finite, Fraction(0)),
        sum(math.isnan(v) for v in values),
        sum(v == math.inf for v in values),
        sum(v == -math.inf for v in values),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.one_of(_ANY_FLOAT, _EXTREME)), max_size=60))
def test_exact_sums_equal_fraction_sums_for_any_doubles(rows: list[tuple[int, float]]) -> None:
    group = np.array([g for g, _ in rows], dtype=np.intp)
    values = np.array([v for _, v in rows], dtype=np.float64)
    s = exact_sums(group, values, 4)
    for g in range(4):
        members = [v for h, v in rows if h == g]
        total, n_nan, n_pinf, n_ninf = _oracle(members)
        assert Fraction(s.total[g], 2**SCALE) == total
        assert (int(s.n_nan[g]), int(s.n_pinf[g]), int(s.n_ninf[g])) == (n_nan, n_pinf, n_ninf)
        mean = exact_mean(s.total[g], len(members), n_nan, n_pinf, n_ninf)
        if not members or n_nan or (n_pinf and n_ninf):
            assert math.isnan(mean)
        elif n_pinf or n_ninf:
            assert mean == (math.inf if n_pinf else -math.inf)
        else:
            exact = total / len(members)
            # Fraction -> float rounds once to nearest (overflowing to an infinity).
            try:
                want = float(exact)
            except OverflowError:
                want = math.copysign(math.inf, exact)
            assert mean == want or (mean == 0.0 and want == 0.0)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=40))
def test_exact_sums_do_not_depend_on_the_split_into_partitions(values: list[float]) -> None:
    # Partial sums of any split add up to the sum of the whole, as the driver adds them.
    arr = np.array(values)
    whole = exact_sums(np.zeros(arr.size, dtype=np.intp), arr, 1).total[0]
    for cut in {0, len(values) // 3, len(values) // 2, len(values)}:
        left = exact_sums(np.zeros(cut, dtype=np.intp), arr[:cut], 1).total[0]
        right = exact_sums(np.zeros(arr.size - cut, dtype=np.intp), arr[cut:][::-1], 1).total[0]
        assert left + right == whole


def test_exact_mean_of_subnormals_rounds_once() -> None:
    # Three copies of the smallest subnormal 2**-1074, over 2: exactly 1.5 * 2**-1074, which
    # rounds (ties to even) to 2 * 2**-1074 = 1e-323; float division of the float sum gives
    # the same here, so also check 5 copies over 4: 1.25 * 2**-1074 -> 2**-1074.
    tiny = 5e-324
    s = exact_sums(np.zeros(5, dtype=np.intp), np.full(5, tiny), 1)
    assert Fraction(s.total[0], 2**SCALE) == 5 * Fraction(tiny)
    assert exact_mean(s.total[0], 4) == tiny
    s3 = exact_sums(np.zeros(3, dtype=np.intp), np.full(3, tiny), 1)
    assert exact_mean(s3.total[0], 2) == 2 * tiny


def test_exact_mean_of_two_largest_doubles_is_the_largest_not_inf() -> None:
    # (max + max) / 2 = max exactly, although max + max overflows in floats.
    big = 1.7976931348623157e308
    s = exact_sums(np.zeros(2, dtype=np.intp), np.array([big, big]), 1)
    assert exact_mean(s.total[0], 2) == big


def test_exact_mean_beyond_the_float_range_is_a_signed_infinity_not_an_error() -> None:
    # -2 max / 1 is beyond the range: -inf (the overflow branch once raised OverflowError,
    # math.copysign converting the huge integer to a float).
    big = 1.7976931348623157e308
    s = exact_sums(np.zeros(2, dtype=np.intp), np.array([-big, -big]), 1)
    assert exact_mean(s.total[0], 1) == -math.inf
    assert exact_mean(-s.total[0], 1) == math.inf


# --- partitions: empty, only hindsight rows, outcomes of absent questions -------------------


def test_empty_and_hindsight_only_partitions_give_the_one_machine_result() -> None:
    import datetime as dt

    import dask
    import dask.dataframe as dd
    import pandas as pd

    import forecastscore as fs
    from forecastscore.distributed import DaskLedger
    from forecastscore.ledger import Ledger

    utc = pd.to_datetime(["2022-01-01", "2022-01-02", "2022-01-03"]).tz_localize("UTC")
    kept = pd.DataFrame(
        {"question": ["a", "a", "b"], "forecaster": ["x", "y", "x"], "made_at": utc}
    )
    kept["probability"] = [0.2, 0.6, 0.7]
    late = pd.DataFrame(
        {
            "question": ["c", "c"],
            "forecaster": ["x", "y"],
            "made_at": pd.to_datetime(["2022-09-01", "2022-09-02"]).tz_localize("UTC"),
            "probability": [0.2, 0.6],
        }
    )
    # "z" has an outcome but no forecast anywhere; every question happened on 2022-08-01.
    outs = [fs.Outcome(q, dt.date(2022, 8, 1), True) for q in "abcz"]
    parts = [kept.iloc[:0], kept, late, kept.iloc[:0]]
    frame = dd.from_delayed([dask.delayed(p) for p in parts], meta=kept.iloc[:0])
    with dask.config.set(scheduler="synchronous"):
        table = DaskLedger(frame).score(outs, hindsight="drop")
        s = table.by_forecaster()
    # x: a 0.2 -> 0.64, b 0.7 -> 0.09: mean 0.365; y: a 0.6 -> 0.16; c's rows are dropped
    assert table.counts["scored"] == 3 and table.counts["hindsight"] == 2
    assert s.key.tolist() == ["x", "y"]
    assert s.n.tolist() == [2, 1]
    # the exact mean of the two float scores, rounded once (fractions as the oracle)
    x_mean = float((Fraction((0.2 - 1.0) ** 2) + Fraction((0.7 - 1.0) ** 2)) / 2)
    assert s.mean_score.tolist() == [x_mean, (0.6 - 1.0) ** 2]
    whole = pd.concat([kept, late])
    here = (
        Ledger.from_arrays(
            whole["question"].to_numpy(object),
            whole["forecaster"].to_numpy(object),
            whole["made_at"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(),
            whole["probability"].to_numpy(),
        )
        .score(outs, hindsight="drop")
        .by_forecaster()
    )
    np.testing.assert_array_equal(s.n, here.n)
    np.testing.assert_array_equal(s.mean_score, here.mean_score)
