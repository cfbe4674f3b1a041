"""Weighted ensemble members in crps_ensemble (issue 11, item 9)."""

from __future__ import annotations

import numpy as np
import pytest
import scoringrules as sr
from hypothesis import given
from hypothesis import strategies as st

from forecastscore.errors import InvalidOptionError, ShapeError
from forecastscore.rules import crps_ensemble


def test_weighted_crps_by_hand():
    # members 0 and 4 with weights 3/4 and 1/4, outcome 1:
    # sum w |x - y| = 0.75 * 1 + 0.25 * 3 = 1.5; half of sum_ij w_i w_j |x_i - x_j| =
    # 0.75 * 0.25 * 4 = 0.75; CRPS = 0.75
    assert float(crps_ensemble([0.0, 4.0], 1.0, member_weights=[3.0, 1.0])) == pytest.approx(
        0.75, rel=1e-15
    )


def test_integer_weights_repeat_members():
    # weight 2 on a member is that member twice
    x = np.array([0.0, 1.0, 4.0])
    got = crps_ensemble(x, 2.0, member_weights=[2.0, 1.0, 1.0])
    assert float(got) == pytest.approx(float(crps_ensemble([0.0, 0.0, 1.0, 4.0], 2.0)), rel=1e-14)


def test_weighted_crps_agrees_with_scoringrules():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 12))
    y = rng.normal(size=300)
    w = rng.uniform(0.0, 1.0, size=(300, 12))
    want = sr.crps_ensemble(y, x, ens_w=w, backend="numpy")
    np.testing.assert_allclose(crps_ensemble(x, y, member_weights=w), want, rtol=1e-9, atol=1e-14)
    # members on axis 0, one set of weights for every row
    got = crps_ensemble(x.T, y, axis=0, member_weights=w.T)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(
        crps_ensemble(x, y, member_weights=np.ones(12)), crps_ensemble(x, y), rtol=1e-13
    )


def test_weighted_crps_far_from_zero_does_not_cancel():
    got = crps_ensemble(1e12 + np.array([0.0, 4.0]), 1e12 + 1.0, member_weights=[3.0, 1.0])
    assert float(got) == pytest.approx(0.75, rel=1e-12)


def test_member_weights_errors():
    with pytest.raises(InvalidOptionError, match=r"member_weights\[1\] = -1.0 is not"):
        crps_ensemble([0.0, 1.0], 0.5, member_weights=[1.0, -1.0])
    with pytest.raises(InvalidOptionError, match=r"member_weights\[1\] are all 0"):
        crps_ensemble([[0.0, 1.0], [0.0, 1.0]], 0.5, member_weights=[[1.0, 1.0], [0.0, 0.0]])
    with pytest.raises(InvalidOptionError, match="cannot be combined with fair=True"):
        crps_ensemble([0.0, 1.0], 0.5, member_weights=[1.0, 1.0], fair=True)
    with pytest.raises(ShapeError, match=r"member_weights of shape \(3,\).*\(2,\)"):
        crps_ensemble([0.0, 1.0], 0.5, member_weights=[1.0, 1.0, 1.0])
    with pytest.raises(ShapeError, match="got a scalar"):
        crps_ensemble([0.0, 1.0], 0.5, member_weights=1.0)
    with pytest.raises(InvalidOptionError, match="member_weights must be nonnegative numbers"):
        crps_ensemble([0.0, 1.0], 0.5, member_weights=["a", "b"])


@given(
    support=st.lists(st.integers(-5, 5), min_size=1, max_size=4, unique=True),
    probs=st.lists(st.floats(0.05, 1.0), min_size=4, max_size=4),
    other=st.lists(st.floats(0.05, 1.0), min_size=4, max_size=4),
)
def test_weighted_crps_is_proper(support, probs, other):
    # Outcomes drawn from the weighted ensemble itself: other weights on the same members do
    # no better in expectation
    x = np.array(support, dtype=float)
    p = np.array(probs[: x.size]) / sum(probs[: x.size])
    q = np.array(other[: x.size])
    rows = np.tile(x, (x.size, 1))

    def expected(w: np.ndarray) -> float:
        return float(p @ crps_ensemble(rows, x, member_weights=np.tile(w, (x.size, 1))))

    assert expected(p) <= expected(q) + 1e-12
