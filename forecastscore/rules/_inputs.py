"""The input plumbing every score on arrays shares: binary, probability and categorical inputs
converted and checked (by :mod:`forecastscore._checks`, with positions), and the scores
returned (elementwise, missing pairs dropped or NaN, or reduced by :mod:`._reduce`).

What lives here: :data:`Scores` (what a score returns), ``_binary_inputs``, ``_soft_inputs``
(probability outcomes), ``_categorical_inputs``, ``_mix`` and ``_sides`` (expected losses
against a probability outcome) and ``_finish``. What does not: any formula (those are in
:mod:`forecastscore._kernels`) or public score.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import _checks
from .._checks import NanPolicy
from ..errors import ForecastTypeError, InvalidOptionError, InvalidOutcomeError
from . import _reduce

#: What the score functions return: a numpy float64 for scalar input, else an array.
Scores = np.float64 | npt.NDArray[np.float64]


_SOFT_HINT = (
    "; if the outcomes are probabilities (a market's price, a soft label), pass "
    "probability_outcome=True"
)


def _binary_inputs(
    forecast: Any, outcome: Any, nan_policy: str, check: bool = True
) -> tuple[npt.NDArray[np.float64], npt.NDArray[Any], npt.NDArray[np.bool_] | None, NanPolicy]:
    policy = _checks.check_nan_policy(nan_policy)
    _checks.check_aligned(("forecast", forecast), ("outcome", outcome))
    p = _checks.as_float_array(forecast, "forecast")
    if check:
        _checks.check_probabilities(p, "forecast", policy)
    try:
        y = (
            _checks.as_binary_outcome(outcome, "outcome", policy)
            if check
            else _unchecked_outcome(outcome, policy)
        )
    except InvalidOutcomeError as exc:
        # 0.73 where an outcome was expected is far more often a swapped argument than a
        # probability outcome: refused, saying how to ask for the latter.
        if "is not a binary outcome" not in str(exc):
            raise
        raise InvalidOutcomeError(f"{exc}{_SOFT_HINT}") from None
    shape = _checks.broadcast_shape(p.shape, y.shape, ("forecast", "outcome"))
    missing = None
    if policy != "raise":
        p_nan = np.isnan(p)
        y_nan = np.isnan(y) if y.dtype.kind == "f" else np.zeros(y.shape, dtype=bool)
        if p_nan.any() or y_nan.any():
            missing = np.broadcast_to(p_nan | y_nan, shape)
            if y.dtype.kind == "f":
                y = np.where(y_nan, 0.0, y).astype(bool)
    return p, y, missing, policy


def _unchecked_outcome(outcome: Any, policy: NanPolicy) -> npt.NDArray[Any]:
    """Binary outcomes without the check of their values (``check=False``): numbers are
    taken as they are (floats with NaN kept when missing values are let through); other
    types go through the full check, which refuses them."""
    arr = _checks.asarray(outcome, "outcome")
    if arr.dtype.kind in "biu":
        return arr
    if arr.dtype.kind == "f":
        if policy != "raise" and np.isnan(arr).any():
            return arr.astype(np.float64, copy=False)
        yes: npt.NDArray[np.bool_] = arr != 0.0
        return yes
    return _checks.as_binary_outcome(arr, "outcome", policy)


def _check_flag(value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidOptionError(f"probability_outcome must be True or False (got {value!r})")
    return bool(value)


def _probability_outcomes(outcome: Any, policy: NanPolicy) -> npt.NDArray[np.float64]:
    """Outcomes that are probabilities: reals (or bools, 0/1) in [0, 1], as float64; NaN
    only when ``policy`` lets missing values through."""
    arr = _checks.asarray(outcome, "outcome")
    kind = arr.dtype.kind
    if kind in "biuf":
        q = arr.astype(np.float64, copy=False)
    elif kind == "O":
        q = np.empty(arr.shape, dtype=np.float64)
        for i, v in enumerate(arr.flat):  # object arrays only: a loop over Python objects
            if not isinstance(v, (numbers.Real, np.bool_)):
                raise ForecastTypeError(
                    f"outcome{_checks.position(arr.shape, i)} = {v!r} is not a probability "
                    "outcome (a real number in [0, 1])"
                    + ("; use NaN for a missing value" if v is None else "")
                )
            try:
                q.flat[i] = float(v)
            except OverflowError:
                q.flat[i] = math.inf
    else:
        what = "strings" if kind in "US" else f"dtype {arr.dtype.name!r}"
        first = (
            f" (outcome{_checks.position(arr.shape, 0)} = {arr.reshape(-1)[0].item()!r})"
            if arr.size
            else ""
        )
        raise ForecastTypeError(
            "outcome must hold probability outcomes (real numbers in [0, 1]), got " + what + first
        )
    flat = q.reshape(-1)
    ok = (flat >= 0.0) & (flat <= 1.0)
    if policy != "raise":
        ok |= np.isnan(flat)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        v = float(flat[i])
        where = f"outcome{_checks.position(q.shape, i)}"
        if math.isnan(v):
            raise InvalidOutcomeError(
                f"{where} is NaN (missing); pass nan_policy='omit' or 'propagate' to allow "
                "missing outcomes"
            )
        raise InvalidOutcomeError(f"{where} = {v!r} is not a probability outcome in [0, 1]")
    return q


def _soft_inputs(
    forecast: Any, outcome: Any, nan_policy: str, check: bool = True
) -> tuple[
    npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.bool_] | None, NanPolicy
]:
    """Forecasts and probability outcomes, checked, with the mask of missing pairs."""
    policy = _checks.check_nan_policy(nan_policy)
    _checks.check_aligned(("forecast", forecast), ("outcome", outcome))
    p = _checks.as_float_array(forecast, "forecast")
    if check:
        _checks.check_probabilities(p, "forecast", policy)
        q = _probability_outcomes(outcome, policy)
    else:
        q = _checks.as_float_array(outcome, "outcome")
    shape = _checks.broadcast_shape(p.shape, q.shape, ("forecast", "outcome"))
    missing = None
    if policy != "raise":
        p_nan, q_nan = np.isnan(p), np.isnan(q)
        if p_nan.any() or q_nan.any():
            missing = np.broadcast_to(p_nan | q_nan, shape)
            p = np.where(p_nan, 0.5, p)
            q = np.where(q_nan, 0.5, q)
    return p, q, missing, policy


def _mix(
    q: npt.NDArray[np.float64], if_yes: npt.NDArray[np.float64], if_no: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """``q * if_yes + (1 - q) * if_no``, with ``0 * inf = 0``: a term whose weight is 0 is
    left out, so that ``q`` of exactly 0 or 1 gives the hard outcome's score exactly."""
    shape = np.broadcast_shapes(q.shape, if_yes.shape, if_no.shape)
    q = np.broadcast_to(q, shape)
    a = np.multiply(q, if_yes, out=np.zeros(shape), where=q > 0.0)
    b = np.multiply(1.0 - q, if_no, out=np.zeros(shape), where=q < 1.0)
    out: npt.NDArray[np.float64] = a + b
    return out


def _sides(p: npt.NDArray[np.float64], q: npt.NDArray[np.float64]) -> tuple[Any, Any]:
    """Outcome arrays 1 and 0 of the broadcast shape of ``p`` and ``q``."""
    shape = np.broadcast_shapes(p.shape, q.shape)
    return np.ones(shape, dtype=bool), np.zeros(shape, dtype=bool)


def _categorical_inputs(
    forecast: Any, outcome: Any, axis: int, nan_policy: str, atol: float, check: bool = True
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp], npt.NDArray[np.bool_] | None, NanPolicy]:
    policy = _checks.check_nan_policy(nan_policy)
    _checks.check_aligned(("forecast", forecast), ("outcome", outcome))
    p = _checks.as_categorical_forecast(forecast, "forecast", axis, policy, atol, check=check)
    k, k_missing = _checks.as_category_index(outcome, "outcome", p.shape[-1], policy, check=check)
    shape = _checks.broadcast_shape(p.shape[:-1], k.shape, ("forecast rows", "outcome"))
    p = np.broadcast_to(p, (*shape, p.shape[-1]))
    k = np.broadcast_to(k, shape)
    missing = None
    if policy != "raise":
        m = np.isnan(p).any(axis=-1)
        if k_missing is not None:
            m = m | k_missing
        if m.any():
            missing = np.broadcast_to(m, shape)
    return p, k, missing, policy


def _finish(
    scores: npt.NDArray[np.float64],
    missing: npt.NDArray[np.bool_] | None,
    policy: NanPolicy,
    how: _reduce.How | None = None,
    weights: Any = None,
) -> Scores:
    """The elementwise scores as returned (``missing`` pairs dropped or NaN), or with
    ``how`` their mean or sum (weighted by ``weights``)."""
    if how is not None:
        return _reduce.reduce_scores(scores, missing, policy, how, weights)
    out: npt.NDArray[np.float64] = np.asarray(scores, dtype=np.float64)
    if policy == "omit":
        # Always one-dimensional, NaN or not, so the result's shape does not depend on data.
        kept: npt.NDArray[np.float64] = out.reshape(-1) if missing is None else out[~missing]
        return kept
    if missing is not None:
        out = np.where(missing, np.nan, out)
    if out.ndim == 0:
        scalar: np.float64 = np.float64(float(out))
        return scalar
    return out
