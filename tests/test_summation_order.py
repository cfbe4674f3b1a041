"""Decisions taken from rounded sums do not depend on the order the terms are summed in.

Wherever forecastscore decides something from a difference of rounded quantities (a
variance that should be 0, a row that should sum to 1, two pooled frequencies or two
resampled means that should tie), the tolerance scales with the size of the terms summed.
Each test here checks one such decision against an exact oracle (``fractions.Fraction``) and
under other summation orders: ``math.fsum``, reversed, pairwise, strided, or the input
permuted (which makes numpy and BLAS sum in another order).
"""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore import _checks, calibration
from forecastscore.compare import compare, pairwise_relative_skill
from forecastscore.compare._diebold_mariano import _banded, _long_run_variance

# --- other summation orders ---------------------------------------------------------------


def _pairwise(x):
    x = list(x)
    if len(x) <= 2:
        return sum(x, 0.0)
    mid = len(x) // 2
    return _pairwise(x[:mid]) + _pairwise(x[mid:])


def _sums(terms):
    """The sum of ``terms`` in five orders: fsum, forward, reversed, pairwise, strided."""
    terms = np.asarray(terms, dtype=np.float64)
    forward = 0.0
    for t in terms:
        forward += float(t)
    return [
        math.fsum(terms),
        forward,
        float(np.add.reduce(terms[::-1].copy())),
        _pairwise(terms),
        float(np.add.reduce(terms[::2])) + float(np.add.reduce(terms[1::2])),
    ]


def _banded_terms(e, h):
    """The products e_i e_j with |i - j| < h whose sum is n times the long-run variance."""
    n = len(e)
    return [e[i] * e[j] for i in range(n) for j in range(n) if abs(i - j) < h]


def _exact_lrv(d, h):
    d = [Fraction(float(v)) for v in d]
    mean = sum(d) / len(d)
    e = [v - mean for v in d]
    return sum(_banded_terms(e, h)) / len(d)


# --- Diebold-Mariano: a long-run variance of 0 ------------------------------------------


@st.composite
def zero_variance_series(draw):
    """Scores a, b on a 1/64 grid (so a - b is exact) whose differences have a long-run
    variance of exactly 0: a constant plus blocks (x, -x) at least h apart (each block adds
    x**2 + x**2 - 2 x**2 = 0 and no cross term)."""
    h = draw(st.integers(1, 4))
    pattern = []
    for _ in range(draw(st.integers(0, 5)) if h > 1 else 0):
        pattern += [0] * draw(st.integers(h, h + 2))
        x = draw(st.integers(1, 64))
        pattern += [x, -x]
    pattern += [0] * draw(st.integers(max(0, 2 * h + 1 - len(pattern)), 2 * h + 6))
    c = draw(st.integers(-64, 64))
    b = [draw(st.integers(0, 64)) for _ in pattern]
    a = [bi + c + xi for bi, xi in zip(b, pattern, strict=True)]
    return np.array(a) / 64.0, np.array(b) / 64.0, h


@given(zero_variance_series())
def test_diebold_mariano_zero_long_run_variance_in_every_summation_order(data):
    a, b, h = data
    d = a - b
    assert _exact_lrv(d, h) == 0  # the construction is right
    lrv, bound = _long_run_variance(d, np.abs(a) + np.abs(b), h)
    assert lrv <= bound
    # the same variance summed in other orders, from e computed two ways, stays within it
    n = d.size
    for mean in (float(d.mean()), math.fsum(d) / n, float(np.add.reduce(d[::-1].copy()) / n)):
        for total in _sums(_banded_terms(d - mean, h)):
            assert total / n <= bound
    # end to end: no test, in the given order and reversed (same exact variance)
    for x, y in ((a, b), (a[::-1], b[::-1])):
        c = compare(x, y, method="diebold-mariano", horizon=h, min_questions=2)
        assert c.p_value is None and "rounding error" in c.note


@given(
    st.integers(2, 40).flatmap(
        lambda n: st.tuples(
            st.lists(st.floats(-2, 2, allow_subnormal=False), min_size=n, max_size=n),
            st.integers(1, n - 1),
        )
    )
)
def test_vectorised_banded_sum_is_within_its_rounding_bound_of_every_order(data):
    # The long-run sum is now one sliding window and one dot product (not one dot product
    # per lag): each product passes through at most n + 2h - 2 roundings, so it stays within
    # (n + 2h + 2) eps times the sum of |products| of the exact sum, as every other order does.
    e, h = data
    e = np.array(e)
    n = e.size
    terms = _banded_terms(e, h)
    exact = float(sum(Fraction(t) for t in terms))  # the products are rounded once, as in any order
    size = math.fsum(abs(t) for t in terms)
    eps = float(np.finfo(np.float64).eps)
    for total in [_banded(e, e, h) * n, *_sums(terms)]:
        assert abs(total - exact) <= (n + 2 * h + 2) * eps * size + 4 * eps * abs(exact)


@given(zero_variance_series(), st.sampled_from([2.0**700, 2.0**-700, 2.0**300]))
def test_diebold_mariano_zero_variance_decision_holds_at_any_scale(data, factor):
    # Scores near 1e210 or 1e-210 are scaled by a power of two before any product is formed,
    # so the decision "no test: the variance is 0 up to rounding" is the same at every size
    # (and nothing overflows or underflows on the way).
    a, b, h = data
    c = compare(a * factor, b * factor, method="diebold-mariano", horizon=h, min_questions=2)
    assert c.p_value is None and "rounding error" in c.note


@given(
    st.lists(st.floats(0, 1, allow_subnormal=False), min_size=4, max_size=30),
    st.floats(0.001, 2, allow_subnormal=False),
    st.integers(1, 3),
)
def test_diebold_mariano_differences_constant_up_to_rounding_are_not_tested(a, shift, h):
    # b = a + shift differs from a by shift up to the rounding of each b_i: no variation a
    # test could detect, whatever order the products are summed in.
    a = np.array(a)
    b = a + shift
    if a.size < 2 * h:
        return
    for x, y in ((a, b), (b[::-1], a[::-1])):
        c = compare(x, y, method="diebold-mariano", horizon=h, min_questions=2)
        assert c.p_value is None


@given(
    st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=4, max_size=25).map(
        lambda rows: (np.array(rows, dtype=float) / 100.0).T
    ),
    st.integers(1, 3),
)
def test_diebold_mariano_decision_agrees_with_exact_variance_in_every_order(ab, h):
    a, b = ab
    if a.size < 2 * h:
        return
    d = a - b
    lrv, bound = _long_run_variance(d, np.abs(a) + np.abs(b), h)
    exact = _exact_lrv(d, h)
    n = d.size
    orders = [t / n for t in _sums(_banded_terms(d - float(d.mean()), h))] + [lrv]
    c = compare(a, b, method="diebold-mariano", horizon=h, min_questions=2)
    if exact <= 0:
        assert all(v <= bound for v in orders) and c.p_value is None
    elif exact > 2 * Fraction(bound):
        assert all(v > bound for v in orders) and c.p_value is not None
    # in between (a variance within twice its rounding bound) either decision is honest


# --- categorical rows that sum to 1 -------------------------------------------------------


@given(
    st.lists(st.floats(1e-6, 1, allow_subnormal=False), min_size=2, max_size=60),
    st.randoms(use_true_random=False),
)
def test_normalised_rows_sum_to_one_in_every_order(weights, rnd):
    w = np.array(weights)
    p = w / w.sum()
    k = p.size
    tol = _checks.row_sum_tolerance(0.0, k, np.array(p.sum()))
    for total in _sums(p):
        assert abs(total - 1.0) <= tol
    perm = list(range(k))
    rnd.shuffle(perm)
    # accepted with atol=0 whatever the order of the categories (numpy sums in that order)
    for row in (p, p[::-1].copy(), p[perm]):
        assert fs.categorical_brier_score(row, 0, atol=0.0) >= 0.0


@given(st.lists(st.floats(1e-3, 1, allow_subnormal=False), min_size=2, max_size=60))
def test_rows_off_by_more_than_rounding_are_refused_in_every_order(weights):
    w = np.array(weights)
    p = w / w.sum()
    p[0] += 1e-9  # 1e-9 off: far beyond 2 k eps (2.7e-14 for 60 categories)
    for row in (p, p[::-1].copy()):
        for atol in (0.0, 1e-10):
            with pytest.raises(
                fs.InvalidForecastError,
                match=r"forecast\[:\] sums to 1\.00000000\d*, not 1 \(tolerance ",
            ):
                fs.categorical_brier_score(row, 0, atol=atol)


# --- isotonic pools -----------------------------------------------------------------------


def _exact_pav_pools(p, y):
    """Pool-adjacent-violators on exact fractions, pools of equal frequency merged."""
    pools = []  # [k, n]
    for v in sorted(set(p)):
        k = sum(1 for pi, yi in zip(p, y, strict=True) if pi == v and yi)
        n = sum(1 for pi in p if pi == v)
        pools.append([k, n])
        while len(pools) > 1 and Fraction(*pools[-2]) >= Fraction(*pools[-1]):
            k1, n1 = pools.pop()
            pools[-1][0] += k1
            pools[-1][1] += n1
    return pools


ties = st.lists(
    st.tuples(st.integers(0, 12).map(lambda i: i / 12), st.booleans()), min_size=1, max_size=60
)


@given(ties, st.randoms(use_true_random=False))
def test_isotonic_pools_match_exact_pav_in_any_input_order(rows, rnd):
    p = [r[0] for r in rows]
    y = [int(r[1]) for r in rows]
    pools = _exact_pav_pools(p, y)
    perm = list(range(len(p)))
    rnd.shuffle(perm)
    for order in (perm, perm[::-1]):
        pp, yy = np.array(p)[order], np.array(y)[order]
        table = calibration.reliability_table(pp, yy, bins="isotonic")
        assert table.count.tolist() == [n for _, n in pools]
        assert calibration.murphy_decomposition(pp, yy, bins="isotonic").n_bins == len(pools)
        # CORP's recalibrated forecast is the exact pool frequency: its Brier score
        recal = sum(n * Fraction(k, n) * (1 - Fraction(k, n)) for k, n in pools) / len(
            p
        )  # sum over a pool of (k/n - y)**2 = k (1 - k/n)**2 + (n - k) (k/n)**2
        corp = calibration.corp_decomposition(pp, yy)
        assert corp.score - corp.miscalibration == pytest.approx(float(recal), abs=1e-12)
        assert corp.miscalibration >= 0.0 and corp.discrimination >= 0.0


# --- ties in the permutation and bootstrap p-values ---------------------------------------

grid = st.integers(0, 20).map(lambda i: i / 20)  # few distinct scores: ties are common


@given(
    st.integers(1, 9).flatmap(
        lambda n: st.tuples(st.lists(grid, min_size=n, max_size=n), st.lists(grid, min_size=n))
    ),
    st.randoms(use_true_random=False),
)
def test_permutation_p_value_counts_exact_ties_in_any_order(data, rnd):
    a, b = data
    b = b[: len(a)] + [0.0] * (len(a) - len(b))
    # Oracle: the decimal scores in exact arithmetic, every sign pattern enumerated.
    d = [Fraction(str(x)) - Fraction(str(y)) for x, y in zip(a, b, strict=True)]
    observed = abs(sum(d))
    hits = sum(
        abs(sum(s * v for s, v in zip(signs, d, strict=True))) >= observed
        for signs in itertools.product((1, -1), repeat=len(d))
    )
    expected = hits / 2 ** len(d)
    perm = list(range(len(a)))
    rnd.shuffle(perm)
    for order in (list(range(len(a))), perm, perm[::-1]):
        x, y = np.array(a)[order], np.array(b)[order]
        assert compare(x, y, method="permutation").p_value == expected


@given(
    st.integers(2, 15).flatmap(lambda n: st.lists(st.tuples(grid, grid), min_size=n, max_size=n)),
    st.integers(0, 2**32 - 1),
)
def test_bootstrap_p_value_counts_exact_ties(rows, seed):
    a = np.array([r[0] for r in rows])
    b = np.array([r[1] for r in rows])
    g, resamples = a.size, 300
    # Oracle: the same resampling draws (one block of resamples x cases, as compare makes
    # them for so few cases), each resample's mean in exact decimal arithmetic.
    d = [Fraction(str(x)) - Fraction(str(y)) for x, y in rows]
    mean = sum(d) / g
    idx = np.random.default_rng(seed).integers(0, g, size=(resamples, g))
    extreme = sum(abs(sum(d[i] for i in row) / g - mean) >= abs(mean) for row in idx.tolist())
    c = compare(a, b, seed=seed, n_resamples=resamples, min_questions=2)
    assert c.p_value == (1 + extreme) / (resamples + 1)


# --- relative skill: a mean score of 0 ----------------------------------------------------


@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.sampled_from("pqr"), st.sampled_from([0.0, 0.1])),
        min_size=1,
        max_size=20,
    ),
    st.randoms(use_true_random=False),
)
def test_relative_skill_skips_the_same_pairs_in_any_order(rows, rnd):
    # A sum of scores >= 0 is 0 exactly when all are 0, in any order: no tolerance needed,
    # and the skipped pairs are those where one side's shared scores are all 0.
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    one = pairwise_relative_skill(*(list(col) for col in zip(*rows, strict=True)))
    two = pairwise_relative_skill(*(list(col) for col in zip(*shuffled, strict=True)))
    np.testing.assert_array_equal(one.n_skipped, two.n_skipped)
    names = one.forecasters.tolist()
    expected = [0] * len(names)
    for i, j in itertools.combinations(range(len(names)), 2):
        shared = {q for f, q, _ in rows if f == names[i]} & {q for f, q, _ in rows if f == names[j]}
        if not shared:
            continue
        zero = [all(s == 0 for f, q, s in rows if f == names[k] and q in shared) for k in (i, j)]
        if any(zero):
            expected[i] += 1
            expected[j] += 1
    assert one.n_skipped.tolist() == expected
