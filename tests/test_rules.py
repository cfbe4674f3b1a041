"""Tests of forecastscore.rules: hand-computed values, errors, then properties."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import forecastscore as fs
from forecastscore.strategies import probabilities, probability_vectors

# --- hand-computed values -----------------------------------------------------------------


def test_brier_issue_example():
    # (0.3 - 1)**2 = 0.49 and (0.8 - 0)**2 = 0.64
    out = fs.brier_score([0.3, 0.8], [1, 0])
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [0.49, 0.64], rtol=0, atol=1e-15)


def test_brier_scalar_in_scalar_out():
    out = fs.brier_score(0.25, True)  # (0.25 - 1)**2 = 0.5625, exact in binary
    assert isinstance(out, np.float64)
    assert out == 0.5625


def test_brier_bool_and_int_outcomes_agree():
    p = [0.1, 0.5, 0.75]
    np.testing.assert_array_equal(
        fs.brier_score(p, [True, False, True]), fs.brier_score(p, [1, 0, 1])
    )
    np.testing.assert_array_equal(fs.brier_score(p, [1.0, 0.0, 1.0]), fs.brier_score(p, [1, 0, 1]))


def test_brier_broadcasts():
    # one forecaster's 0.5 against three outcomes: 0.25 each
    np.testing.assert_array_equal(fs.brier_score(0.5, [0, 1, 1]), [0.25, 0.25, 0.25])
    out = fs.brier_score([[0.0], [1.0]], [0, 1])  # shape (2, 1) with (2,) -> (2, 2)
    np.testing.assert_array_equal(out, [[0.0, 1.0], [1.0, 0.0]])


def test_log_score_values():
    # -ln 0.3 = 1.2039728043259361 (ln 0.3 = -1.2039728...), -ln(1 - 0.8) = -ln 0.2 = 1.6094379
    np.testing.assert_allclose(
        fs.log_score([0.3, 0.8], [1, 0]), [1.2039728043259361, 1.6094379124341003], rtol=1e-15
    )


def test_log_score_bits():
    # log2(1/0.25) = 2 bits; log2(1/0.5) = 1 bit
    np.testing.assert_allclose(fs.log_score([0.25, 0.5], [1, 0], base=2), [2.0, 1.0], rtol=1e-15)


def test_log_score_in_a_base_other_than_e_2_or_10():
    # log_b(x) = ln(x) / ln(b); with b = 3 and ln 3 = 1.0986122886681098:
    # -log3(0.25) = ln 4 / ln 3 = 1.3862943611198906 / 1.0986122886681098 = 1.2618595071429148
    # -log3(1 - 0.2) = -ln 0.8 / ln 3 = 0.2231435513142097 / 1.0986... = 0.20311401357501224
    # the tiny-probability branch, -log3(1 - 1e-20) = 1e-20 / ln 3 = 9.102392266268373e-21
    # (a factor (ln 3)**2 = 1.2069 too many or too few in either branch fails here)
    np.testing.assert_allclose(
        fs.log_score([0.25, 0.2, 1e-20], [1, 0, 0], base=3),
        [1.2618595071429148, 0.20311401357501224, 9.102392266268373e-21],
        rtol=4e-16,
    )
    # the same in a non-integer base, 7.5: ln 7.5 = 2.0149030205422647
    # -log7.5(0.25) = 1.3862943611198906 / 2.0149030205422647 = 0.6880203895603876
    # 1e-20 / ln 7.5 = 4.963018020246319e-21
    np.testing.assert_allclose(
        fs.log_score([0.25, 1e-20], [1, 0], base=7.5),
        [0.6880203895603876, 4.963018020246319e-21],
        rtol=4e-16,
    )
    np.testing.assert_allclose(
        fs.categorical_log_score([[0.25, 0.75]], [0], base=3), [1.2618595071429148], rtol=4e-16
    )


def test_log_score_zero_probability_is_inf_not_nan():
    out = fs.log_score([0.0, 1.0, 1.0], [1, 0, 1])
    assert out[0] == math.inf and out[1] == math.inf and out[2] == 0.0


def test_log_score_clip_only_when_asked():
    # clip=0.01 moves 0 to 0.01: -ln 0.01 = 4.605170185988091
    assert fs.log_score(0.0, 1, clip=0.01) == pytest.approx(4.605170185988091, rel=1e-15)
    assert fs.log_score(0.0, 1) == math.inf


def test_spherical_values():
    # p=0.8, y=1: 1 - 0.8/sqrt(0.64 + 0.04) = 1 - 0.8/0.824621125 = 0.029857499854668
    # p=0.8, y=0: 1 - 0.2/0.824621125 = 0.757464374963667
    np.testing.assert_allclose(
        fs.spherical_score([0.8, 0.8], [1, 0]), [0.029857499854668, 0.757464374963667], rtol=1e-12
    )


def test_categorical_brier_values():
    # [0.7, 0.2, 0.1] outcome 0: 0.09 + 0.04 + 0.01 = 0.14
    # [0.5, 0.5, 0.0] outcome 2: 0.25 + 0.25 + 1.00 = 1.50
    np.testing.assert_allclose(
        fs.categorical_brier_score([[0.7, 0.2, 0.1], [0.5, 0.5, 0.0]], [0, 2]),
        [0.14, 1.5],
        rtol=0,
        atol=1e-15,
    )


def test_categorical_brier_range_is_0_to_2():
    assert fs.categorical_brier_score([1.0, 0.0, 0.0], 0) == 0.0
    assert fs.categorical_brier_score([1.0, 0.0, 0.0], 1) == 2.0


def test_categorical_brier_is_twice_binary_on_two_options():
    # Good Judgment Open's 0..2 form: [0.3, 0.7] with "no" (index 0) happening:
    # (0.3 - 1)**2 + (0.7 - 0)**2 = 0.49 + 0.49 = 0.98 = 2 * (0.7 - 0)**2
    assert fs.categorical_brier_score([0.3, 0.7], 0) == pytest.approx(0.98, abs=1e-15)
    assert fs.brier_score(0.7, 0) == pytest.approx(0.49, abs=1e-15)


def test_categorical_axis():
    # the same two rows stored column-wise
    cols = np.array([[0.7, 0.5], [0.2, 0.5], [0.1, 0.0]])
    np.testing.assert_allclose(fs.categorical_brier_score(cols, [0, 2], axis=0), [0.14, 1.5])


def test_categorical_log_and_spherical_values():
    # -log2 0.25 = 2 bits; -ln 0.5 = 0.6931471805599453
    np.testing.assert_allclose(
        fs.categorical_log_score([[0.25, 0.25, 0.5], [0.5, 0.25, 0.25]], [0, 0], base=2), [2.0, 1.0]
    )
    assert fs.categorical_log_score([0.5, 0.5], 1) == pytest.approx(0.6931471805599453)
    assert fs.categorical_log_score([1.0, 0.0], 1) == math.inf
    # [0.6, 0, 0.4], outcome 0: 1 - 0.6/sqrt(0.36 + 0.16) = 1 - 0.6/0.7211102550927979
    assert fs.categorical_spherical_score([0.6, 0.0, 0.4], 0) == pytest.approx(
        1 - 0.6 / 0.7211102550927979, rel=1e-14
    )


def test_sum_tolerance_documented_value():
    # 1e-7 off is within the default tolerance of 1e-6; 1e-5 off is not
    fs.categorical_brier_score([0.5, 0.5 + 1e-7], 0)
    with pytest.raises(fs.InvalidForecastError, match="sums to"):
        fs.categorical_brier_score([0.5, 0.5 + 1e-5], 0)
    fs.categorical_brier_score([0.5, 0.5 + 1e-5], 0, atol=1e-4)


# --- nan_policy ---------------------------------------------------------------------------


def test_nan_raise_by_default_names_position():
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[2\] is NaN"):
        fs.brier_score([0.1, 0.2, np.nan], [0, 1, 1])


def test_nan_propagate_and_omit():
    p = [0.1, np.nan, 0.5]
    y = [0.0, 1.0, np.nan]
    out = fs.brier_score(p, y, nan_policy="propagate")
    assert out[0] == pytest.approx(0.01) and np.isnan(out[1]) and np.isnan(out[2])
    np.testing.assert_allclose(fs.brier_score(p, y, nan_policy="omit"), [0.01])
    # log score must not pick p for a NaN outcome (NaN is truthy)
    assert np.isnan(fs.log_score([0.5], [np.nan], nan_policy="propagate")[0])
    out = fs.categorical_log_score([[0.5, 0.5], [np.nan, np.nan]], [0, 1], nan_policy="omit")
    np.testing.assert_allclose(out, [math.log(2)])


# --- errors -------------------------------------------------------------------------------


def test_out_of_range_forecast_names_index():
    with pytest.raises(
        fs.InvalidForecastError, match=r"forecast\[1\] = 1\.5 is not a probability in \[0, 1\]"
    ):
        fs.brier_score([0.3, 1.5], [1, 0])
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1, 0\] = -0\.1"):
        fs.log_score([[0.3, 0.2], [-0.1, 0.5]], [[1, 0], [1, 0]])


@pytest.mark.parametrize("policy", ["omit", "propagate"])
def test_forecast_above_one_refused_under_omit_and_propagate(policy):
    # NaN is let through under these policies; a probability above 1 never is
    for rule in (fs.brier_score, fs.log_score, fs.spherical_score):
        with pytest.raises(
            fs.InvalidForecastError, match=r"forecast\[2\] = 1\.25 is not a probability in \[0, 1\]"
        ):
            rule([0.3, np.nan, 1.25], [1, 0, 1], nan_policy=policy)
        with pytest.raises(
            fs.InvalidForecastError, match=r"forecast\[1, 0\] = 1\.0000000000000002"
        ):
            rule([[0.3, np.nan], [np.nextafter(1.0, 2.0), 0.5]], [1, 0], nan_policy=policy)
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1, 0\] = 1\.5"):
        fs.categorical_log_score(
            [[0.5, 0.5], [1.5, -0.5], [np.nan, np.nan]], [0, 1, 0], nan_policy=policy
        )


def test_error_found_deep_in_a_large_array():
    p = np.full(300_000, 0.5)
    p[212_345] = 2.0
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[212345\] = 2\.0"):
        fs.brier_score(p, np.ones(300_000, dtype=bool))


def test_bool_forecast_is_a_type_error():
    with pytest.raises(fs.ForecastTypeError, match="not booleans"):
        fs.brier_score([True, False], [1, 0])
    with pytest.raises(TypeError):
        fs.log_score(np.array([True]), [1])
    with pytest.raises(fs.ForecastTypeError, match="not booleans"):
        fs.brier_score([0.3, True], [1, 0])


def test_string_forecast_is_a_type_error():
    with pytest.raises(fs.ForecastTypeError, match="forecast"):
        fs.brier_score(["0.3"], [1])


def test_bad_binary_outcome_names_index():
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome\[1\] = 2 is not a binary outcome"):
        fs.brier_score([0.3, 0.4], [1, 2])
    with pytest.raises(fs.InvalidOutcomeError, match=r"outcome\[0\] = 0\.5"):
        fs.brier_score([0.3], [0.5])
    with pytest.raises(fs.ForecastTypeError, match="option names"):
        fs.brier_score([0.3], ["yes"])


def test_shape_mismatch():
    with pytest.raises(
        fs.ShapeError, match=r"forecast of shape \(3,\) and outcome of shape \(2,\)"
    ):
        fs.brier_score([0.1, 0.2, 0.3], [1, 0])


def test_categorical_errors():
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1, :\] sums to"):
        fs.categorical_brier_score([[0.5, 0.5], [0.6, 0.6]], [0, 0])
    with pytest.raises(
        fs.InvalidOutcomeError, match=r"outcome\[1\] = 3 is not a category index in 0\.\.2"
    ):
        fs.categorical_brier_score([[0.2, 0.3, 0.5]] * 2, [0, 3])
    with pytest.raises(fs.InvalidOutcomeError, match="category index"):
        fs.categorical_log_score([0.5, 0.5], -1)
    with pytest.raises(fs.ForecastTypeError, match="not booleans"):
        fs.categorical_brier_score([0.5, 0.5], True)
    with pytest.raises(fs.ShapeError, match="at least 2 categories"):
        fs.categorical_brier_score([[1.0], [1.0]], [0, 0])
    with pytest.raises(fs.ShapeError, match="category axis"):
        fs.categorical_brier_score(0.5, 0)


def test_option_errors():
    with pytest.raises(fs.InvalidOptionError, match="nan_policy"):
        fs.brier_score(0.5, 1, nan_policy="ignore")
    with pytest.raises(fs.InvalidOptionError, match="base"):
        fs.log_score(0.5, 1, base=1)
    with pytest.raises(fs.InvalidOptionError, match="clip"):
        fs.log_score(0.5, 1, clip=0.7)


def test_errors_are_builtin_subclasses():
    assert issubclass(fs.InvalidForecastError, ValueError)
    assert issubclass(fs.ForecastTypeError, TypeError)
    assert issubclass(fs.ShapeError, fs.ForecastScoreError)


# --- properties ---------------------------------------------------------------------------

_GRID = np.linspace(0.0, 1.0, 2001)


def _expected_binary(rule, q, grid):
    # expected loss under q when forecasting each p in grid
    with np.errstate(invalid="ignore"):
        s1 = rule(grid, np.ones_like(grid, dtype=bool))
        s0 = rule(grid, np.zeros_like(grid, dtype=bool))
    e = q * s1 + (1 - q) * s0
    return np.where(np.isnan(e), np.inf, e)


@pytest.mark.parametrize("rule", [fs.brier_score, fs.log_score, fs.spherical_score])
@given(q=probabilities(min_value=0.01, max_value=0.99))
def test_binary_rules_are_proper(rule, q):
    # the expected score under q is no lower anywhere on a fine grid than at p = q
    at_q = _expected_binary(rule, q, np.array([q]))[0]
    assert np.all(_expected_binary(rule, q, _GRID) >= at_q - 1e-12)


@pytest.mark.parametrize(
    "rule",
    [fs.categorical_brier_score, fs.categorical_log_score, fs.categorical_spherical_score],
)
@given(q=probability_vectors(3, allow_zero=False), p=probability_vectors(3))
def test_categorical_rules_are_proper(rule, q, p):
    def expected(f):
        rows = np.broadcast_to(f, (3, 3))
        return float(np.dot(q, rule(rows, np.arange(3))))

    assert expected(q) <= expected(p) + 1e-12


@given(p=hnp.arrays(np.float64, st.integers(1, 50), elements=probabilities()), data=st.data())
def test_bounds(p, data):
    y = data.draw(hnp.arrays(np.bool_, p.shape))
    b = fs.brier_score(p, y)
    s = fs.spherical_score(p, y)
    assert np.all((b >= 0) & (b <= 1))
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(fs.log_score(p, y) >= 0)


@given(p=hnp.arrays(np.float64, st.integers(1, 30), elements=probabilities()), data=st.data())
def test_scalar_and_vector_paths_agree(p, data):
    y = data.draw(hnp.arrays(np.bool_, p.shape))
    for rule in (fs.brier_score, fs.log_score, fs.spherical_score):
        vec = rule(p, y)
        one = [rule(float(pi), bool(yi)) for pi, yi in zip(p, y, strict=False)]
        np.testing.assert_array_equal(vec, one)


@given(p=probabilities(), y=st.booleans())
def test_binary_brier_is_half_the_two_option_categorical(p, y):
    cat = fs.categorical_brier_score([1 - p, p], int(y))
    assert fs.brier_score(p, y) == pytest.approx(cat / 2, abs=1e-15)


@given(p=probabilities(), y=st.booleans())
def test_two_option_log_and_spherical_match_binary(p, y):
    assert fs.categorical_log_score([1 - p, p], int(y)) == pytest.approx(
        fs.log_score(p, y), rel=1e-9, abs=1e-12
    )
    assert fs.categorical_spherical_score([1 - p, p], int(y)) == pytest.approx(
        fs.spherical_score(p, y), abs=1e-12
    )


# --- oracle: scikit-learn -----------------------------------------------------------------


def test_agrees_with_sklearn_on_random_data():
    from sklearn import metrics  # the test extra installs scikit-learn as an oracle

    rng = np.random.default_rng(20220224)
    p = rng.uniform(0.001, 0.999, 5_000)
    y = rng.random(5_000) < p
    assert fs.brier_score(p, y).mean() == pytest.approx(metrics.brier_score_loss(y, p), rel=1e-12)
    assert fs.log_score(p, y).mean() == pytest.approx(metrics.log_loss(y, p), rel=1e-12)
    probs = rng.dirichlet(np.ones(4), 2_000)
    k = np.array([rng.choice(4, p=row) for row in probs])
    assert fs.categorical_log_score(probs, k).mean() == pytest.approx(
        metrics.log_loss(k, probs, labels=[0, 1, 2, 3]), rel=1e-12
    )


# --- documentation standard -----------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in fs.rules.__all__ if callable(getattr(fs.rules, n))])
def test_every_score_documents_formula_orientation_and_example(name):
    import inspect

    doc = inspect.getdoc(getattr(fs.rules, name)) or ""
    assert "loss" in doc.splitlines()[0], "the summary line states the orientation"
    assert ".. math::" in doc and "References" in doc and ">>>" in doc
