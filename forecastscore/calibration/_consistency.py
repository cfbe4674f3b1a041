r"""Consistency resampling of binary outcomes, shared by the CORP test and the calibration
bands: outcomes drawn from given probabilities (the forecasts under the null hypothesis of
calibration, or the recalibrated forecasts), one isotonic (PAV) fit per draw, and the mean
scores the CORP miscalibration is made of.

Every draw works on the distinct forecast values, not on the forecasts: without clusters the
number of events at a value repeated :math:`n_u` times is one Binomial(:math:`n_u`, prob)
draw, so a resample costs time in proportion to the number of distinct forecasts (101 for
whole percentages), never a Python loop per forecast. With clusters every forecast gets its
outcome from its question's one uniform number, ``y = 1{U_question < prob}``.

What does not live here: the public functions and their results (``_corp_test``, ``_bands``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .. import _checks
from ..errors import InvalidOptionError
from ._binning import FloatArray, IntArray
from ._tests import _cluster_codes

# The most resamples any resampling function accepts (the vocabulary's bound).
_MAX_RESAMPLES = 1_000_000


@attrs.frozen
class _Groups:
    """Forecasts grouped by distinct value (sorted), with their clusters if any."""

    u: FloatArray  # distinct forecasts, increasing
    count: FloatArray  # how many forecasts hold each
    count_int: npt.NDArray[np.int64]  # the same as integers, for binomial draws
    events: FloatArray  # observed events at each
    inv: IntArray  # distinct-value index of each forecast
    codes: IntArray | None  # cluster code of each forecast
    n_clusters: int | None
    n: int
    all_single: bool  # every distinct value held by one forecast


def _groups(p: FloatArray, y: FloatArray, cluster: Any) -> _Groups:
    u, inv = np.unique(p, return_inverse=True)
    inv = inv.reshape(-1).astype(np.intp)
    cnt = np.bincount(inv, minlength=u.size)
    events: FloatArray = np.bincount(inv, weights=y, minlength=u.size).astype(np.float64)
    codes: IntArray | None = None
    n_clusters: int | None = None
    if cluster is not None:
        codes, n_clusters = _cluster_codes(cluster, p.size)
    return _Groups(
        u=u,
        count=cnt.astype(np.float64),
        count_int=cnt.astype(np.int64),
        events=events,
        inv=inv,
        codes=codes,
        n_clusters=n_clusters,
        n=int(p.size),
        all_single=bool(u.size == p.size),
    )


def _check_resampling(n_resamples: Any, seed: Any) -> tuple[int, int | None]:
    b = _checks.check_integer("n_resamples", n_resamples, 1)
    if b > _MAX_RESAMPLES:
        raise InvalidOptionError(
            f"n_resamples must be at most {_MAX_RESAMPLES} (got {n_resamples!r})"
        )
    s = None if seed is None else _checks.check_integer("seed", seed, 0)
    return b, s


def _draw_events(g: _Groups, prob_u: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Events at each distinct forecast value when each forecast at value ``u`` has an event
    with probability ``prob_u[u]``: independent draws, or one uniform per cluster."""
    if g.codes is None:
        if g.all_single:  # one forecast per value: a uniform each (faster than binomial)
            single: FloatArray = (rng.random(g.u.size) < prob_u).astype(np.float64)
            return single
        out: FloatArray = rng.binomial(g.count_int, prob_u).astype(np.float64)
        return out
    assert g.n_clusters is not None
    hit = rng.random(g.n_clusters)[g.codes] < prob_u[g.inv]
    counted: FloatArray = np.bincount(g.inv[hit], minlength=g.u.size).astype(np.float64)
    return counted


def _pav(g: _Groups, events: FloatArray) -> tuple[FloatArray, IntArray]:
    """The isotonic recalibration at each distinct forecast value (weights: the counts), and
    where each of its blocks starts."""
    from scipy.optimize import isotonic_regression

    if g.all_single:  # unit weights: the events are the frequencies
        result = isotonic_regression(events, increasing=True)
    else:
        result = isotonic_regression(events / g.count, weights=g.count, increasing=True)
    # PAV averages of 0/1 outcomes lie in [0, 1]; rounding in the pooled means may not.
    fit: FloatArray = np.clip(result.x, 0.0, 1.0)
    starts: IntArray = np.asarray(result.blocks, dtype=np.intp)[:-1]
    return fit, starts


Losses = Callable[[FloatArray], tuple[FloatArray, FloatArray]]


def _losses(rule: str, base: float | None) -> Losses:
    """``(loss if the event happens, loss if not)`` at each probability, for one rule."""

    def brier(q: FloatArray) -> tuple[FloatArray, FloatArray]:
        return (1.0 - q) ** 2, q * q

    def log(q: FloatArray) -> tuple[FloatArray, FloatArray]:
        with np.errstate(divide="ignore"):
            one, zero = -np.log(q), -np.log1p(-q)
        if base is not None:
            scale = float(np.log(base))
            one, zero = one / scale, zero / scale
        return one, zero

    def spherical(q: FloatArray) -> tuple[FloatArray, FloatArray]:
        norm = np.sqrt(q * q + (1.0 - q) ** 2)
        return 1.0 - q / norm, 1.0 - (1.0 - q) / norm

    return {"brier": brier, "log": log, "spherical": spherical}[rule]


def _total(one: FloatArray, zero: FloatArray, events: FloatArray, count: FloatArray) -> float:
    """Sum of ``events * one + (count - events) * zero``, where a loss of inf counts only if
    its outcome happened (0 * inf is 0 here)."""
    misses = count - events
    bad_one, bad_zero = np.isinf(one), np.isinf(zero)
    if bool(np.any(events[bad_one] > 0.0) or np.any(misses[bad_zero] > 0.0)):
        return float("inf")
    one = np.where(bad_one, 0.0, one)
    zero = np.where(bad_zero, 0.0, zero)
    return float(events @ one + misses @ zero)


@attrs.frozen
class _Miscalibration:
    """The CORP miscalibration of draws of the events, for one set of forecasts and one rule.

    The score of the forecasts as given is two dot products per draw (their losses at each
    distinct value, an infinite loss set aside, are computed once); the score of the PAV fit
    is summed over its blocks, which are few.
    """

    g: _Groups
    losses: Losses
    one: FloatArray  # loss at each distinct value if the event happens (inf set to 0)
    zero: FloatArray  # ... if it does not
    inf_one: IntArray  # distinct values whose loss is inf if the event happens
    inf_zero: IntArray  # ... if it does not

    @classmethod
    def of(cls, g: _Groups, losses: Losses) -> _Miscalibration:
        one, zero = losses(g.u)
        inf_one, inf_zero = np.flatnonzero(np.isinf(one)), np.flatnonzero(np.isinf(zero))
        one[inf_one] = 0.0
        zero[inf_zero] = 0.0
        return cls(g, losses, one, zero, inf_one, inf_zero)

    def __call__(self, events: FloatArray) -> tuple[float, float, FloatArray]:
        """MCB (>= 0), the mean score, and the fit at each distinct value."""
        g = self.g
        fit, starts = _pav(g, events)
        misses = g.count - events
        if bool(np.any(events[self.inf_one] > 0.0) or np.any(misses[self.inf_zero] > 0.0)):
            return float("inf"), float("inf"), fit
        s = float(events @ self.one + misses @ self.zero)
        e_block = np.add.reduceat(events, starts)
        n_block = np.add.reduceat(g.count, starts)
        one, zero = self.losses(fit[starts])
        s_fit = _total(one, zero, e_block, n_block)
        return max(s - s_fit, 0.0) / g.n, s / g.n, fit
