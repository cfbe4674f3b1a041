"""Adversarial review of the foundation (issue 2): errors, _checks, _kernels, _dask, the six
binary/categorical scores of rules, model, scoring and strategies.

Each test asserts the behaviour DESIGN.md and the docstrings promise. Expected values come from
hand calculations (shown in comments) or from an independent method (``fractions``,
``decimal`` at 60 digits, ``math.log1p``), never from the code under test. The second half
holds the bugs the review found, each fixed since and kept as a regression test.

Order: what already holds (dtypes, NaN policies, broadcasting, positions, time rules), then the
bugs, grouped by module.
"""

import datetime as dt
import functools
import math
from decimal import Decimal, localcontext
from fractions import Fraction

import dask.array as da  # in the test extra, as in tests/test_dask.py
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore import strategies as fst
from forecastscore.errors import ForecastScoreError
from forecastscore.model import lead_time_days, made_before

UTC = dt.timezone.utc
PLUS5 = dt.timezone(dt.timedelta(hours=5))
MINUS5 = dt.timezone(dt.timedelta(hours=-5))
D1, D2 = dt.date(2022, 1, 8), dt.date(2022, 2, 24)


def exact_brier(p: Fraction, y: int) -> float:
    return float((p - y) ** 2)


def decimal_log_loss(p_outcome: float) -> float:
    """-ln(p) at 60 significant digits, p taken as the exact binary value of the float."""
    with localcontext() as ctx:
        ctx.prec = 60
        return float(-Decimal(p_outcome).ln())


def decimal_spherical_binary(p: float, y: int) -> float:
    """1 - p_y / sqrt(p**2 + (1 - p)**2) at 60 digits, p exact as given."""
    with localcontext() as ctx:
        ctx.prec = 60
        dp = Decimal(p)
        q = 1 - dp
        py = dp if y else q
        return float(1 - py / (dp * dp + q * q).sqrt())


# === what already holds: dtypes =================================================================


@pytest.mark.parametrize(
    "forecast",
    [
        np.float32(0.3),
        np.array([0.3], dtype=np.float32),
        np.array([0.3], dtype=np.float16),
        np.longdouble(0.3),
    ],
)
def test_narrow_and_wide_floats_are_scored_exactly_as_stored(forecast):
    # The score is that of the stored binary value: (p - 1)**2 with p exact as a Fraction.
    stored = float(np.asarray(forecast, dtype=np.float64).reshape(-1)[0])
    expected = exact_brier(Fraction(stored), 1)
    out = fs.brier_score(forecast, 1)
    assert float(np.asarray(out).reshape(-1)[0]) == pytest.approx(expected, rel=1e-15, abs=0)


def test_integer_dtypes_as_forecasts_and_outcomes():
    # int8 forecasts 0/1 against int8 outcomes 0/1: (0-0)**2 = (1-1)**2 = 0
    out = fs.brier_score(np.array([0, 1], np.int8), np.array([0, 1], np.int8))
    np.testing.assert_array_equal(out, [0.0, 0.0])
    # uint8 outcomes: (0.3-0)**2 = 0.09, (0.2-1)**2 = 0.64
    out = fs.brier_score([0.3, 0.2], np.array([0, 1], np.uint8))
    np.testing.assert_allclose(out, [0.09, 0.64], rtol=0, atol=1e-15)


def test_object_array_of_fractions_and_numpy_scalars():
    # (1/2 - 1)**2 = 1/4 and (np.float16(0.25) - 0)**2 = 1/16, both exact in binary
    out = fs.brier_score(np.array([Fraction(1, 2), np.float16(0.25)], dtype=object), [1, 0])
    np.testing.assert_array_equal(out, [0.25, 0.0625])
    # (1/3 - 1)**2 = 4/9, within one rounding of float(Fraction(1, 3))
    assert float(fs.brier_score(Fraction(1, 3), 1)) == pytest.approx(4 / 9, rel=1e-15, abs=0)


def test_zero_d_and_empty_inputs():
    out = fs.brier_score(np.array(0.25), np.array(1))  # (0.25 - 1)**2 = 0.5625
    assert isinstance(out, np.float64) and out == 0.5625
    for f, y in [([], []), (np.array([]), 1), (np.zeros((0, 3)), np.zeros((0, 3), bool))]:
        out = fs.brier_score(f, y)
        assert out.size == 0 and out.dtype == np.float64
    out = fs.categorical_brier_score(np.zeros((0, 3)), np.zeros(0, int))
    assert out.shape == (0,)


@pytest.mark.parametrize(
    ("forecast", "match"),
    [
        (True, "not booleans"),
        ([0.3, np.bool_(True)], "not booleans"),
        ([np.array([True, False])], "not booleans"),
        ("0.3", "dtype"),
        (0.3 + 0j, "complex"),
        (None, "None"),
        (np.array(["2020-01-01"], dtype="datetime64[D]"), "datetime64"),
    ],
)
def test_non_probability_types_are_refused(forecast, match):
    with pytest.raises(fs.ForecastTypeError, match=match):
        fs.brier_score(forecast, 1)


def test_ragged_forecast_is_a_shape_error():
    with pytest.raises(fs.ShapeError, match="forecast is ragged"):
        fs.brier_score([[0.3, 0.4], [0.1]], 1)


# === what already holds: NaN, inf and positions ==================================================


def test_nan_policies_binary():
    # propagate: (0.2-1)**2 = 0.64, then NaN; omit drops the NaN pair
    f, y = [0.2, np.nan], [1, 1]
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1\] is NaN"):
        fs.brier_score(f, y)
    np.testing.assert_allclose(fs.brier_score(f, y, nan_policy="omit"), [0.64], atol=1e-15)
    out = fs.brier_score(f, y, nan_policy="propagate")
    assert out[0] == pytest.approx(0.64, abs=1e-15) and np.isnan(out[1])
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome\[1, 0\] is NaN"):
        fs.brier_score(0.5, [[1, 0], [np.nan, 1]])


@pytest.mark.parametrize("policy", ["raise", "omit", "propagate"])
def test_infinity_is_never_missing(policy):
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[0\] = -inf"):
        fs.brier_score([-np.inf, 0.2], [1, 1], nan_policy=policy)
    with pytest.raises(fs.InvalidOutcomeError, match="inf"):
        fs.brier_score(0.2, np.inf, nan_policy=policy)
    with pytest.raises(fs.InvalidOutcomeError, match="inf"):
        fs.categorical_brier_score([[0.5, 0.5]], [np.inf], nan_policy=policy)


def test_bad_value_in_the_last_block_of_a_huge_array():
    n = (1 << 16) * 3 + 5  # three full validation blocks and a short one
    p = np.full(n, 0.5)
    p[-1] = 1.0000001
    with pytest.raises(fs.InvalidForecastError, match=rf"forecast\[{n - 1}\] = 1.0000001"):
        fs.brier_score(p, np.ones(n, bool))
    y = np.ones(n)
    y[5] = np.nan
    y[-1] = 0.5
    with pytest.raises(fs.InvalidOutcomeError, match=rf"outcome\[{n - 1}\] = 0.5"):
        fs.brier_score(0.5, y, nan_policy="omit")
    q = np.full((n // 5, 5), 0.5)
    q[-1, -1] = -1e-300
    with pytest.raises(fs.InvalidForecastError, match=rf"forecast\[{n // 5 - 1}, 4\]"):
        fs.brier_score(q, 1)


def test_positions_in_non_contiguous_views():
    q = np.full((10, 10), 0.5)
    q[3, 4] = 2.0
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[3, 2\] = 2.0"):
        fs.brier_score(q[:, ::2], 1)  # column 4 is column 2 of the view
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[4, 3\] = 2.0"):
        fs.brier_score(q.T, 1)


# === what already holds: broadcasting and categorical axes =======================================


def test_broadcasting_binary():
    # (n,1) against (m,): rows 0.1 and 0.2 against outcomes 1, 0, 1
    out = fs.brier_score([[0.1], [0.2]], [1, 0, 1])
    np.testing.assert_allclose(out, [[0.81, 0.01, 0.81], [0.64, 0.04, 0.64]], atol=1e-15)
    with pytest.raises(fs.ShapeError, match=r"\(2,\).*\(3,\)"):
        fs.brier_score([0.1, 0.2], [1, 0, 1])


P2 = [[0.7, 0.2, 0.1], [0.5, 0.5, 0.0]]
# Hand values: row 0, k=0: 0.3**2 + 0.2**2 + 0.1**2 = 0.14; row 0, k=1: 0.49 + 0.64 + 0.01 = 1.14
# row 1, k=2: 0.25 + 0.25 + 1 = 1.5; row 1, k=1: 0.25 + 0.25 + 0 = 0.5


def test_categorical_axes_and_three_dimensions():
    a = np.array(P2)
    np.testing.assert_allclose(fs.categorical_brier_score(a.T, [0, 2], axis=0), [0.14, 1.5])
    np.testing.assert_allclose(fs.categorical_brier_score(a.T, [0, 2], axis=-2), [0.14, 1.5])
    cube = np.array([P2, P2])  # (2, 2, 3)
    want = [[0.14, 1.5], [1.14, 0.5]]
    np.testing.assert_allclose(fs.categorical_brier_score(cube, [[0, 2], [1, 1]]), want)
    moved = np.moveaxis(cube, -1, 0)
    np.testing.assert_allclose(fs.categorical_brier_score(moved, [[0, 2], [1, 1]], axis=0), want)
    # One row against three outcomes: 0.14, 1.14, and k=2: 0.49 + 0.04 + 0.81 = 1.34
    out = fs.categorical_brier_score([0.7, 0.2, 0.1], [0, 1, 2])
    np.testing.assert_allclose(out, [0.14, 1.14, 1.34])


def test_categorical_sum_tolerance_boundary():
    # 0.5 + 0.5000009 = 1.0000009: within 1e-6, scored as given (not renormalised):
    # (0.5 - 1)**2 + 0.5000009**2 = 0.25 + 0.25000090000081
    out = fs.categorical_brier_score([0.5, 0.5 + 9e-7], 0)
    assert out == pytest.approx(0.50000090000081, rel=1e-13)
    for row in ([0.5, 0.5 + 2e-6], [0.5, 0.5 - 2e-6]):
        with pytest.raises(fs.InvalidForecastError, match="sums to"):
            fs.categorical_brier_score(row, 0)


def test_category_indices_as_floats_are_whole_numbers_only():
    np.testing.assert_allclose(fs.categorical_brier_score(P2, [0.0, 2.0]), [0.14, 1.5])
    np.testing.assert_allclose(fs.categorical_brier_score(P2, [-0.0, 2]), [0.14, 1.5])
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome\[0\] = 0.5"):
        fs.categorical_brier_score(P2, [0.5, 2.0])
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome\[0\] = -1"):
        fs.categorical_brier_score(P2, [-1, 2])
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome\[0\] = 9223372036854775808"):
        fs.categorical_brier_score(P2, np.array([2**63, 2], np.uint64))
    with pytest.raises(fs.ForecastTypeError, match="not booleans"):
        fs.categorical_brier_score(P2, [True, False])


# === what already holds: the log score near 0 and 1 ==============================================


@pytest.mark.parametrize("p", [0.5, 0.3, 1e-3, 1e-300, 5e-324, 1 - 2**-53])
def test_log_score_of_what_happened_matches_decimal(p):
    # -ln p for outcome 1, against Decimal's ln at 60 digits
    assert float(fs.log_score(p, 1)) == pytest.approx(decimal_log_loss(p), rel=4e-16, abs=0)


def test_log_score_zero_is_inf_and_clip_bounds_it():
    assert fs.log_score(0.0, 1) == math.inf
    assert fs.log_score(1.0, 0) == math.inf
    # clip=1e-3: p=0 moves to 1e-3, score -ln(1e-3) = 3 ln 10
    assert float(fs.log_score(0.0, 1, clip=1e-3)) == pytest.approx(3 * math.log(10), rel=1e-15)


# === what already holds: the claim model and the hindsight rule ==================================


@pytest.mark.parametrize(
    ("made", "resolved", "counts"),
    [
        # 2022-02-24 01:00+05:00 is 2022-02-23 20:00Z: on the UTC day before, so it counts.
        (dt.datetime(2022, 2, 24, 1, 0, tzinfo=PLUS5), dt.date(2022, 2, 24), True),
        # 2022-02-23 20:00-05:00 is 2022-02-24 01:00Z: on the resolution day, hindsight.
        (dt.datetime(2022, 2, 23, 20, 0, tzinfo=MINUS5), dt.date(2022, 2, 24), False),
        # The day 2022-02-23 lasts until 24 00:00Z; 24 00:30+05:00 is 23 19:30Z: too early.
        (dt.date(2022, 2, 23), dt.datetime(2022, 2, 24, 0, 30, tzinfo=PLUS5), False),
        # 23 20:00-05:00 is 24 01:00Z, after the whole UTC day 23.
        (dt.date(2022, 2, 23), dt.datetime(2022, 2, 23, 20, 0, tzinfo=MINUS5), True),
        # The same instant written in two offsets is not "strictly before".
        (
            dt.datetime(2022, 2, 23, 20, 0, tzinfo=MINUS5),
            dt.datetime(2022, 2, 24, 1, 0, tzinfo=UTC),
            False,
        ),
    ],
)
def test_hindsight_rule_with_offsets_around_midnight(made, resolved, counts):
    assert made_before(made, resolved) is counts


def test_lead_time_with_an_offset():
    # 2022-02-23 20:00Z to 2022-02-24 00:00Z: 4 hours = 1/6 day
    got = lead_time_days(dt.datetime(2022, 2, 24, 1, 0, tzinfo=PLUS5), dt.date(2022, 2, 24))
    assert got == pytest.approx(1 / 6, rel=1e-15, abs=0)


def test_outcome_values_of_numpy_types():
    assert fs.Outcome("q", D2, np.bool_(True)).value is True
    assert fs.Outcome("q", D2, np.int64(1)).option_index(("no", "yes")) == 1
    assert fs.Outcome("q", D2, np.uint8(2)).option_index(("a", "b", "c")) == 2
    assert fs.Outcome("q", D2, "YES ").option_index(("no", "yes")) == 1
    assert fs.Outcome("q", D2, " Up").option_index(("down", "up")) == 1
    with pytest.raises(fs.InvalidOutcomeError, match="'YES' is not an option"):
        fs.Outcome("q", D2, "YES").option_index(("Yes", "yes", "no"))  # ambiguous


@pytest.mark.parametrize("rule", ["brier", "log", "spherical"])
def test_score_every_rule_on_a_float_a_mapping_and_a_range(rule):
    claim = fs.Prediction("q", "a", D1, 0.3)
    mapping = fs.Prediction("q", "a", D1, {"no": 0.7, "yes": 0.3})
    rng = fs.Prediction("q", "a", D1, fs.ProbabilityRange(0.2, 0.4))
    yes = fs.Outcome("q", D2, "yes")
    # brier: 0.7**2 = 0.49 (mapping 2 * 0.49); log: -ln 0.3; spherical: 1 - 0.3/sqrt(0.58)
    binary = {"brier": 0.49, "log": -math.log(0.3), "spherical": 1 - 0.3 / math.sqrt(0.58)}[rule]
    assert fs.score(claim, yes, rule=rule) == pytest.approx(binary, rel=1e-14)
    factor = 2 if rule == "brier" else 1
    assert fs.score(mapping, yes, rule=rule) == pytest.approx(factor * binary, rel=1e-14)
    r = fs.score(rng, yes, rule=rule)
    # best at p = 0.4, worst at p = 0.2 (each rule is monotone in p when y = 1)
    ends = {
        "brier": (0.36, 0.64),
        "log": (-math.log(0.4), -math.log(0.2)),
        "spherical": (1 - 0.4 / math.sqrt(0.52), 1 - 0.2 / math.sqrt(0.68)),
    }[rule]
    assert (r.best, r.worst) == pytest.approx(ends, rel=1e-14)


def test_score_with_a_partial_rule_and_custom_options():
    claim = fs.Prediction("q", "a", D1, 0.5)
    yes = fs.Outcome("q", D2, True)
    assert fs.score(claim, yes, rule=functools.partial(fs.log_score, base=2)) == 1.0  # 1 bit
    q = fs.Question("q", options=("a", "b", "c"))
    three = fs.Prediction("q", "a", D1, {"a": 0.2, "b": 0.3, "c": 0.5})
    # outcome c: 0.2**2 + 0.3**2 + 0.5**2 = 0.04 + 0.09 + 0.25 = 0.38
    assert fs.score(three, fs.Outcome("q", D2, "c"), question=q) == pytest.approx(0.38)
    assert fs.score(three, fs.Outcome("q", D2, 2), question=q) == pytest.approx(0.38)


# =================================================================================================
# BUGS found by the review, fixed; each test keeps its fix.
# =================================================================================================

# --- _checks: masked arrays are validated with their mask but scored without it -----------------


def test_masked_forecast_is_not_scored_silently():
    f = np.ma.masked_array([0.3, 2.0], mask=[False, True])
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1\] is NaN \(missing\)"):
        fs.brier_score(f, [1, 0])


def test_masked_outcome_is_not_scored_silently():
    y = np.ma.masked_array([1, 5], mask=[False, True])
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome\[1\] is NaN \(missing\)"):
        fs.brier_score([0.3, 0.4], y)


def test_masked_categorical_row_is_not_scored_silently():
    f = np.ma.masked_array([[0.5, 0.5], [0.9, 0.9]], mask=[[0, 0], [1, 1]])
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1, 0\] is NaN \(missing\)"):
        fs.categorical_brier_score(f, [0, 1])


def test_masked_forecast_log_score_raises_our_error():
    f = np.ma.masked_array([0.5, -3.0], mask=[False, True])
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1\] is NaN \(missing\)"):
        fs.log_score(f, [1, 1])


# --- _checks: positions with a category axis other than the last --------------------------------


def test_categorical_bad_value_position_with_axis_0():
    f = np.array([[0.7, 0.5], [0.2, 0.5], [0.1, 1.5]])  # categories down the columns
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[2, 1\] = 1.5"):
        fs.categorical_brier_score(f, [0, 1], axis=0)


def test_categorical_row_sum_position_with_axis_0():
    f = np.array([[0.7, 0.5], [0.2, 0.5], [0.2, 0.0]])  # column 0 sums to 1.1
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[:, 0\] sums to"):
        fs.categorical_brier_score(f, [0, 1], axis=0)


def test_one_dimensional_row_sum_message():
    with pytest.raises(fs.InvalidForecastError, match=r"^forecast\[:\] sums to 1\.1"):
        fs.categorical_brier_score([0.6, 0.5], 0)


def test_bool_in_a_forecast_list_is_located():
    with pytest.raises(fs.ForecastTypeError, match=r"forecast\[2\] = True"):
        fs.brier_score([0.3, 0.5, True], 1)


def test_outcome_dtype_error_names_a_value():
    # numpy makes [1, 1+0j] a complex array: its first value is the first example of the dtype
    with pytest.raises(fs.ForecastTypeError, match=r"complex128.*outcome\[0\] = \(1\+0j\)"):
        fs.brier_score(0.3, [1, 1 + 0j])


# --- _checks: builtin exceptions where a forecastscore error is promised -------------------------


def test_ragged_binary_outcome():
    with pytest.raises(fs.ShapeError, match="outcome is ragged"):
        fs.brier_score(0.3, [[1, 0], [1]])


def test_ragged_category_outcome():
    with pytest.raises(fs.ShapeError, match="outcome is ragged"):
        fs.categorical_brier_score([[0.5, 0.5]], [[0], [0, 1]])


@pytest.mark.parametrize("atol", ["x", None])
def test_atol_of_the_wrong_type(atol):
    with pytest.raises(fs.InvalidOptionError, match="atol"):
        fs.categorical_brier_score([0.5, 0.5], 0, atol=atol)


@pytest.mark.parametrize(
    "call",
    [
        lambda: fs.brier_score([10**400], 1),
        lambda: fs.brier_score(0.3, 10**400),
        lambda: fs.categorical_brier_score([0.5, 0.5], 10**400),
        lambda: fs.log_score(0.5, 1, base=10**400),
        lambda: fs.log_score(0.5, 1, clip=10**400),
        lambda: fs.categorical_brier_score([0.5, 0.5], 0, atol=10**400),
        lambda: fs.Prediction("q", "a", D1, 10**400),
        lambda: fs.Prediction("q", "a", D1, Fraction(10**400, 3)),
        lambda: fs.ProbabilityRange(0, 10**400),
    ],
    ids=["forecast", "outcome", "index", "base", "clip", "atol", "prob", "fraction", "range"],
)
def test_huge_python_ints_raise_our_errors(call, request):
    # Each message names the argument and shows the start of the offending 401-digit number.
    name = {
        "forecast": r"forecast",
        "outcome": r"outcome = 10000",
        "index": r"outcome = 10000.* is not a category index",
        "base": r"base must be .* \(got 10000",
        "clip": r"clip must be .* \(got 10000",
        "atol": r"atol must be .* \(got 10000",
        "prob": r"'probability' must be in \[0, 1\] \(got 10000",
        "fraction": r"'probability' must be in \[0, 1\] \(got Fraction\(10000",
        "range": r"'high' must be in \[0, 1\] \(got 10000",
    }[request.node.callspec.id]
    with pytest.raises(ForecastScoreError, match=name):
        call()


# --- _checks: booleans as category indices --------------------------------------------------------


@pytest.mark.parametrize(
    "outcome", [[0, True], np.array([0, True], dtype=object)], ids=["list", "object"]
)
def test_bool_category_index_in_a_mixed_list(outcome):
    with pytest.raises(fs.ForecastTypeError, match=r"outcome\[1\].*(is a boolean|not booleans)"):
        fs.categorical_brier_score(P2, outcome)


def test_none_category_index_message():
    with pytest.raises(fs.ForecastTypeError, match=r"outcome\[1\] = None is not a category index"):
        fs.categorical_brier_score(P2, [0, None])


# --- rules: nan_policy='omit' returns a data-dependent shape --------------------------------------


def test_omit_result_is_always_one_dimensional():
    clean = fs.brier_score([[0.1, 0.2], [0.3, 0.4]], 1, nan_policy="omit")
    # (0.9**2, 0.8**2, 0.7**2, 0.6**2) in row-major order
    np.testing.assert_allclose(clean, [0.81, 0.64, 0.49, 0.36])
    assert clean.ndim == 1


# --- _kernels / rules: precision near 0 and 1 -----------------------------------------------------


@pytest.mark.parametrize("p", [1e-12, 1e-16, 1e-17, 1e-300])
def test_log_score_of_a_tiny_probability_on_what_did_not_happen(p):
    # -ln(1 - p) = p + p**2/2 + ... : math.log1p is accurate to an ulp
    assert float(fs.log_score(p, 0)) == pytest.approx(-math.log1p(-p), rel=1e-14, abs=0)


def test_log_score_orders_tiny_probabilities():
    assert fs.log_score(1e-17, 0) > fs.log_score(1e-18, 0) > 0.0


@pytest.mark.parametrize("p", [1e-4, 1e-9])
def test_spherical_loss_near_certainty(p):
    want = decimal_spherical_binary(p, 0)  # ~p**2/2 for small p
    assert float(fs.spherical_score(p, 0)) == pytest.approx(want, rel=1e-12, abs=0)
    cat = fs.categorical_spherical_score([1 - p, p], 0)
    assert float(cat) == pytest.approx(decimal_spherical_binary(p, 0), rel=1e-6, abs=0)


def test_log_score_of_a_sure_right_forecast_is_plus_zero():
    for value in (
        fs.log_score(0.0, 0),
        fs.log_score(1.0, 1),
        fs.categorical_log_score([0.0, 1.0], 1),
        fs.log_score([1.0], 1)[0],
    ):
        assert math.copysign(1.0, float(value)) == 1.0


def test_log_score_in_bits_and_bans_is_exact_on_powers():
    assert fs.log_score(0.1, 1, base=10) == -math.log10(0.1)  # 1.0
    assert fs.log_score(2.0**-29, 1, base=2) == 29.0


def test_tiny_clip_still_bounds_the_log_score():
    # the bound: -ln(1e-20) = 20 ln 10 = 46.0517...
    assert float(fs.log_score(1.0, 0, clip=1e-20)) <= 20 * math.log(10) * (1 + 1e-15)


def test_clip_agrees_between_binary_and_two_option_log_scores():
    binary = float(fs.log_score(1.0, 1, clip=0.01))
    categorical = float(fs.categorical_log_score([0.0, 1.0], 1, clip=0.01))
    assert binary == pytest.approx(categorical, abs=1e-15)


# --- _dask -----------------------------------------------------------------------------------------


def test_dask_outcome_by_keyword():
    x = da.from_array(np.array([0.3, 0.8, 0.5, 0.2]), chunks=2)
    y = np.array([1, 0, 1, 1])
    # 0.7**2, 0.8**2, 0.5**2, 0.8**2
    out = fs.brier_score(x, outcome=y).compute()
    np.testing.assert_allclose(out, [0.49, 0.64, 0.25, 0.64])


def test_dask_forecast_by_keyword_stays_lazy():
    x = da.from_array(np.array([0.3, 0.8]), chunks=1)
    out = fs.brier_score(forecast=x, outcome=[1, 0])
    assert type(out).__module__.split(".")[0] == "dask"


def test_dask_numpy_integer_axis():
    p = da.from_array(np.array([[0.7, 0.5], [0.2, 0.5], [0.1, 0.0]]), chunks=1)
    out = fs.categorical_brier_score(p, [0, 2], axis=np.int64(0)).compute()
    np.testing.assert_allclose(out, [0.14, 1.5])


def test_dask_unknown_chunk_sizes():
    x = da.from_array(np.array([0.3, 0.8, 0.5, 0.2]), chunks=2)
    kept = x[x > 0.25]  # 0.3, 0.8, 0.5 with chunk sizes unknown until computed
    try:
        out = fs.brier_score(kept, 1).compute()
    except ForecastScoreError:
        return  # a clear refusal (e.g. 'call compute_chunk_sizes() first') is acceptable
    np.testing.assert_allclose(out, [0.49, 0.04, 0.25])


# --- model ------------------------------------------------------------------------------------------


def test_equal_predictions_hash_equal():
    a = fs.Prediction("q", "a", D1, {"a": 0.5, "b": 0.5})
    b = fs.Prediction("q", "a", D1, {"b": 0.5, "a": 0.5})
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1


@pytest.mark.parametrize(
    "call",
    [
        lambda: fs.Question("q", text=None),
        lambda: fs.Question("q", ordered=1),
        lambda: fs.Outcome("q", D2, "yes", annulled="no"),
    ],
    ids=["text", "ordered", "annulled"],
)
def test_attrs_validators_raise_our_errors(call):
    with pytest.raises(fs.ForecastTypeError, match="'(text|ordered|annulled)' must be"):
        call()


def test_question_closing_on_the_day_it_opened():
    q = fs.Question("q", opens=dt.datetime(2022, 1, 1, 12, tzinfo=UTC), closes=dt.date(2022, 1, 1))
    assert q.closes == dt.date(2022, 1, 1)


def test_yes_and_true_agree_on_a_yes_no_question():
    opts = ("yes", "no")
    assert fs.Outcome("q", D2, "yes").option_index(opts) == 0
    assert fs.Outcome("q", D2, "true").option_index(opts) == 0
    assert fs.Outcome("q", D2, "false").option_index(opts) == 1


def _new_york():
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        return zoneinfo.ZoneInfo("America/New_York")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time zone database")


def test_hindsight_across_a_daylight_saving_fold():
    ny = _new_york()
    made = dt.datetime(2022, 11, 6, 1, 30, tzinfo=ny, fold=1)  # second 01:30, EST = 06:30Z
    resolved = dt.datetime(2022, 11, 6, 1, 45, tzinfo=ny, fold=0)  # first 01:45, EDT = 05:45Z
    assert made_before(made, resolved) is False
    # 05:45Z - 06:30Z = -45 minutes = -0.03125 day (today: +15 minutes of wall time)
    assert lead_time_days(made, resolved) == pytest.approx(-45 / 1440, rel=1e-12, abs=0)
    with pytest.raises(
        fs.HindsightError, match="was made at 2022-11-06T01:30:00-05:00, not before"
    ):
        fs.score(fs.Prediction("q", "a", made, 0.3), fs.Outcome("q", resolved, "yes"))


def test_question_window_across_a_daylight_saving_fold():
    ny = _new_york()
    opens = dt.datetime(2022, 11, 6, 1, 45, tzinfo=ny, fold=0)
    closes = dt.datetime(2022, 11, 6, 1, 30, tzinfo=ny, fold=1)
    assert fs.Question("q", opens=opens, closes=closes).closes == closes


_offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
_instants = st.builds(
    lambda t, tz: t.replace(tzinfo=UTC).astimezone(tz),
    st.datetimes(min_value=dt.datetime(2000, 1, 2), max_value=dt.datetime(2035, 12, 30)),
    _offsets,
)


@given(_instants, _instants)
def test_made_before_is_utc_order_for_fixed_offsets(a, b):
    # Independent: compare the POSIX timestamps.
    assert made_before(a, b) is (a.timestamp() < b.timestamp())
    want = (b.timestamp() - a.timestamp()) / 86400
    assert lead_time_days(a, b) == pytest.approx(want, rel=1e-9, abs=1e-9)


@given(st.dates(dt.date(2000, 1, 2), dt.date(2035, 12, 30)), _instants)
def test_made_before_for_a_date_and_an_offset_datetime(day, resolved):
    # The day lasts until the next UTC midnight.
    end_of_day = dt.datetime(day.year, day.month, day.day, tzinfo=UTC) + dt.timedelta(days=1)
    assert made_before(day, resolved) is (end_of_day.timestamp() <= resolved.timestamp())


# --- scoring ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "want"),
    # 'a' happened: (0.9 - 1)**2 + (0.1 - 0)**2 = 0.01 + 0.01 = 0.02
    # 'b' happened: (0.9 - 0)**2 + (0.1 - 1)**2 = 0.81 + 0.81 = 1.62
    [("a", 0.02), ("b", 1.62)],
)
def test_equal_mapping_predictions_score_equal(value, want):
    a = fs.Prediction("q", "x", D1, {"a": 0.9, "b": 0.1})
    b = fs.Prediction("q", "x", D1, {"b": 0.1, "a": 0.9})
    o = fs.Outcome("q", D2, value)
    assert a == b
    assert fs.score(a, o) == pytest.approx(want, abs=1e-15)
    assert fs.score(b, o) == pytest.approx(want, abs=1e-15)


@pytest.mark.parametrize("value", ["yes", True, 1])
def test_yes_is_no_option_of_an_a_b_question(value):
    # 'yes' (or True, or 1) names no option of a question whose options are a and b: refused,
    # whichever order the mapping lists them in.
    o = fs.Outcome("q", D2, value)
    for mapping in ({"a": 0.9, "b": 0.1}, {"b": 0.1, "a": 0.9}):
        with pytest.raises(fs.InvalidOutcomeError, match=repr(value)):
            fs.score(fs.Prediction("q", "x", D1, mapping), o)


def test_prediction_built_from_a_question_checks_its_options():
    q3 = fs.Question("q", options=("a", "b", "c"))
    with pytest.raises(fs.InvalidForecastError, match="'d'"):
        fs.Prediction(q3, "x", D1, {"a": 0.5, "d": 0.5})


def test_scoring_without_question_explains_the_default_options():
    q = fs.Question("q", options=("down", "up"))
    claim = fs.Prediction(q, "x", D1, 0.3)
    up = fs.Outcome(q, D2, "up")
    assert fs.score(claim, up, question=q) == pytest.approx(0.49, abs=1e-15)  # (0.3 - 1)**2
    with pytest.raises(fs.InvalidOutcomeError, match="question="):
        fs.score(claim, up)


_EDGE_ROW = [
    0.01146788179872045,
    0.050327771008846243,
    0.2715653539739193,
    0.2620755298316437,
    0.24919652784492308,
    0.15536793554194717,
]  # exact sum 1 + 9.99999999952e-07 (Fraction), within SUM_ATOL = 1e-6


def test_a_prediction_the_model_accepts_can_be_scored():
    # The exact sum is 1 + 9.99999999952e-7, inside SUM_ATOL. The model's check is stricter
    # than the array check by the rounding of a floating sum, so that it never accepts what
    # score() then refuses: this row is refused where the claim is made, with the sum shown.
    assert abs(float(sum(Fraction(x) for x in _EDGE_ROW) - 1)) <= fs.rules.SUM_ATOL
    options = tuple(f"o{j}" for j in range(len(_EDGE_ROW)))
    with pytest.raises(fs.InvalidForecastError, match="must sum to 1"):
        fs.Prediction("q", "a", D1, dict(zip(options, _EDGE_ROW, strict=True)))
    # a row comfortably inside the tolerance is accepted and scored exactly
    row = [0.5, 0.25, 0.25 + 5e-7]
    claim = fs.Prediction("q", "a", D1, {"o0": row[0], "o1": row[1], "o2": row[2]})
    fr = [Fraction(x) for x in row]
    want = float((fr[0] - 1) ** 2 + sum(x * x for x in fr[1:]))
    assert fs.score(claim, fs.Outcome("q", D2, "o0")) == pytest.approx(want, rel=1e-14)


@pytest.mark.parametrize(
    "value",
    [
        True,
        1,
        "true",
        "yes",
    ],
)
def test_true_means_yes_for_a_yes_no_mapping_in_any_order(value):
    claim = fs.Prediction("q", "a", D1, {"yes": 0.3, "no": 0.7})
    # 'yes' happened: (0.3 - 1)**2 + (0.7 - 0)**2 = 0.49 + 0.49 = 0.98
    assert fs.score(claim, fs.Outcome("q", D2, value)) == pytest.approx(0.98, abs=1e-15)


@pytest.mark.parametrize(
    "returned",
    [np.array([1.0, 2.0]), "x", None, float("nan")],
    ids=["array", "str", "none", "nan"],
)
def test_rule_function_returning_garbage(returned):
    claim = fs.Prediction("q", "a", D1, 0.5)

    def bad_rule(p, y):
        return returned

    with pytest.raises(ForecastScoreError, match="bad_rule"):
        fs.score(claim, fs.Outcome("q", D2, True), rule=bad_rule)


# --- strategies -----------------------------------------------------------------------------------


@settings(max_examples=500, deadline=None, derandomize=True)
@given(fst.probability_vectors(2, allow_zero=False))
def test_probability_vectors_without_zero_stay_above_1e_6(v):
    # the docstring now promises entries above 9e-7 (a 1e-6 floor, then renormalised)
    assert (v > 9e-7).all()


@pytest.mark.parametrize(
    "build",
    [
        lambda: fst.probabilities(allow_endpoints="no"),
        lambda: fst.probability_vectors(3, allow_zero="no"),
        lambda: fst.times(dates_only="yes"),
        lambda: fst.predictions(ranges="yes"),
    ],
    ids=["allow_endpoints", "allow_zero", "dates_only", "ranges"],
)
def test_strategy_flags_are_checked(build, request):
    flag = request.node.callspec.id
    with pytest.raises(fs.InvalidOptionError, match=rf"{flag} must be True or False \(got '"):
        build()


def test_times_refuses_datetime_bounds_clearly():
    with pytest.raises(fs.InvalidOptionError, match="min_value"):
        fst.times(min_value=dt.datetime(2020, 1, 1, tzinfo=UTC))


def test_probabilities_refuses_an_empty_open_interval_at_build():
    with pytest.raises(fs.InvalidOptionError, match=r"min_value must be below max_value"):
        fst.probabilities(min_value=0.0, max_value=5e-324, allow_endpoints=False)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_strategy_objects_are_valid_and_scorable(data):
    q, p, o = data.draw(fst.prediction_outcome_pairs(max_options=4, ranges=True))
    assert made_before(p.made_at, o.resolved_at)
    for rule in ("brier", "log", "spherical"):
        fs.score(p, o, rule=rule, question=q)
    r = data.draw(fst.probability_ranges(max_width=0.1))
    assert 0.0 <= r.low <= r.high <= 1.0 and r.width <= 0.1 + 1e-15


@pytest.mark.parametrize("base", [0.5, 1e-300, 1.0, 0.0, -2.0])
def test_log_base_not_above_one_is_refused(base):
    # log_b p = ln p / ln b: for 0 < b < 1, ln b < 0 and every loss would change sign
    # (-log_0.5 0.3 = -1.737, a "reward" for a bad forecast); b = 1 divides by zero.
    with pytest.raises(
        fs.InvalidOptionError, match=rf"base must be a real number greater than 1 \(got {base!r}\)"
    ):
        fs.log_score(0.3, 1, base=base)
    with pytest.raises(fs.InvalidOptionError, match="base must be a real number greater than 1"):
        fs.categorical_log_score([0.3, 0.7], 0, base=base)


def test_forty_dimensions_broadcast_like_numpy_arrays():
    # numpy arrays hold up to 64 dimensions; np.broadcast_shapes stops at 32.
    # (0.5 - 1)**2 = 0.25 in every one of the 1 x 1 x ... cells
    got = fs.brier_score(np.full((1,) * 40, 0.5), 1)
    assert got.shape == (1,) * 40 and float(got.reshape(-1)[0]) == 0.25
    with pytest.raises(fs.ShapeError, match=r"do not broadcast together"):
        fs.brier_score(np.full((2,) + (1,) * 39, 0.5), np.ones((3,) + (1,) * 39, dtype=int))


def test_outcomes_with_both_infinities_are_named_without_a_warning():
    # inf + -inf summed is NaN: the finiteness check must still name the first infinity.
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome\[0\] = inf"):
        fs.crps_ensemble([0.0], [np.inf, -np.inf])


def test_an_empty_boolean_array_is_refused_by_its_dtype():
    with pytest.raises(fs.ForecastTypeError, match="members must hold real numbers, not booleans"):
        fs.crps_ensemble(np.array([], dtype=bool), [])


def test_pandas_series_with_different_indexes_are_not_paired_by_position():
    pd = pytest.importorskip("pandas")
    f = pd.Series([0.3, 0.4], index=["q2", "q1"])
    y = pd.Series([1, 0], index=["q1", "q2"])
    for call in (
        lambda: fs.brier_score(f, y),
        lambda: fs.log_score(f, y),
        lambda: fs.quantile_score(f, y, level=0.5),
        lambda: fs.crps_ensemble(pd.DataFrame([[0.1], [0.2]], index=["q2", "q1"]), y),
    ):
        with pytest.raises(fs.QuestionMismatchError, match=r"index\[0\] = 'q2' but outcome"):
            call()
    # the same labels in the same order are paired, and scored as numpy would:
    # (0.3 - 1)**2 = 0.49, (0.4 - 0)**2 = 0.16
    same = pd.Series([0.3, 0.4], index=["q1", "q2"])
    np.testing.assert_array_equal(fs.brier_score(same, y), [(0.3 - 1) ** 2, (0.4 - 0) ** 2])


@pytest.mark.parametrize(
    ("args", "kwds", "match"),
    [
        ((), {}, r"forecast \(scipy.stats.gamma\) lacks the shape parameter 'a'"),
        ((2.0, 0.0, 1.0, 7.0), {}, r"has 4 positional parameters; the family takes at most 3"),
        ((2.0,), {"shape": 3.0}, r"has the parameter 'shape', which the family does not take"),
    ],
    ids=["missing", "too-many", "unknown"],
)
def test_crps_of_a_distribution_with_the_wrong_parameters(args, kwds, match):
    # scipy refuses stats.gamma() itself; a frozen object whose parameters were changed
    # afterwards reaches crps, which must name what is wrong (it raised a bare KeyError, or
    # silently ignored the extra parameter).
    from scipy import stats

    d = stats.gamma(2.0)
    d.args, d.kwds = args, kwds
    with pytest.raises(fs.ForecastTypeError, match=match):
        fs.crps(d, 1.0)
