"""Binning forecasts: equal-width bins, edges, quantiles, unique values and the isotonic
(CORP) pools, with one way to ask for each and a bound on their number. The pairs of
forecasts and outcomes every calibration function starts from.
"""

from __future__ import annotations

import numbers
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .. import _checks, rules
from ..errors import InvalidForecastError, InvalidOptionError, ShapeError

FloatArray = npt.NDArray[np.float64]


IntArray = npt.NDArray[np.intp]


_BIN_NAMES = ("quantile", "unique", "isotonic")


# The most bins any binning may ask for (``bins``, ``n_bins``, or ``_MAX_BINS + 1`` edges).
_MAX_BINS = 1_000_000


_DEFAULT_QUANTILE_BINS = 10


_INTERVALS = ("wilson", "jeffreys")


_CORP_RULES = ("brier", "log", "spherical")


def _pairs(forecast: Any, outcome: Any, nan_policy: str) -> tuple[FloatArray, FloatArray]:
    """Validated forecasts and 0/1 outcomes as two flat float arrays of equal length."""
    policy = _checks.check_choice("nan_policy", nan_policy, ("raise", "omit"))
    _checks.check_aligned(("forecast", forecast), ("outcome", outcome))
    p, y, missing, _ = rules._binary_inputs(forecast, outcome, policy)
    shape = np.broadcast_shapes(p.shape, y.shape)
    pf = np.broadcast_to(p, shape).ravel()
    yf = np.broadcast_to(y, shape).ravel().astype(np.float64)
    if missing is not None:
        keep = ~missing.ravel()
        pf, yf = pf[keep], yf[keep]
    if pf.size == 0:
        raise ShapeError(
            "forecast and outcome hold no pairs"
            + (" once NaN pairs are omitted" if missing is not None else "")
            + "; calibration needs at least one forecast"
        )
    return np.ascontiguousarray(pf, dtype=np.float64), yf


@attrs.frozen
class _Bins:
    """Bin assignment of each forecast, plus per-bin sums."""

    kind: str
    edges: FloatArray
    index: IntArray
    count: npt.NDArray[np.int64]
    sum_forecast: FloatArray
    sum_outcome: FloatArray
    # The exact forecast value of each bin when every bin holds one value ("unique").
    values: FloatArray | None


def _isotonic_fit(
    p: FloatArray, y: FloatArray
) -> tuple[FloatArray, FloatArray, IntArray, npt.NDArray[np.bool_]]:
    """PAV recalibration: the distinct forecasts, their fitted frequencies, the inverse, and
    where a new pool (a bin of the recalibrated forecast) starts among the distinct forecasts.

    The outcomes are 0/1, so each pool's frequency is a ratio of two integers, counted
    exactly. Which adjacent pools have equal frequencies is decided on those integers
    (``k1 * n2 == k2 * n1``), not on the rounded means the PAV algorithm worked with: two
    pools of frequency 1/3, one reached as 1/3 and the other as pooled 2/6, form one bin
    whatever order the pooled means were summed in. Each fitted value is then the correctly
    rounded ``k / n``, in [0, 1] by construction.
    """
    from scipy.optimize import isotonic_regression

    u, inv = np.unique(p, return_inverse=True)
    inv = inv.reshape(-1)
    cnt = np.bincount(inv, minlength=u.size)
    ysum = np.bincount(inv, weights=y, minlength=u.size)
    result = isotonic_regression(ysum / cnt, weights=cnt.astype(np.float64), increasing=True)
    starts = np.asarray(result.blocks, dtype=np.intp)[:-1]
    n_pool = np.add.reduceat(cnt, starts).astype(np.int64)
    k_pool = np.rint(np.add.reduceat(ysum, starts)).astype(np.int64)
    same = k_pool[:-1] * n_pool[1:] == k_pool[1:] * n_pool[:-1]
    new_pool = np.concatenate(([True], ~same))
    fit = np.repeat(k_pool / n_pool, np.diff(np.append(starts, u.size)))
    new_block = np.zeros(u.size, dtype=bool)
    new_block[starts[new_pool]] = True
    return u, fit, inv, new_block


def _midpoint_edges(u: FloatArray, starts: IntArray) -> FloatArray:
    """Edges 0, the midpoints between groups of sorted distinct values, 1.

    Bin ``i`` is ``[edges[i], edges[i + 1])``, so each midpoint must lie above the last value
    of the group below it: between two adjacent floats the rounded midpoint may round down to
    the lower value, and is then moved up to the upper one.
    """
    below, above = u[starts[1:] - 1], u[starts[1:]]
    mids = below + (above - below) / 2.0
    mids = np.where(mids > below, mids, above)
    return np.concatenate(([min(0.0, float(u[0]))], mids, [max(1.0, float(u[-1]))]))


@attrs.frozen
class _Binning:
    """A validated binning option: its kind, the number of bins or the edges."""

    kind: str
    count: int = 0
    edges: FloatArray | None = None


_BINS_EXPECTED = (
    "bins must be an integer, an array of edges or one of 'quantile', 'unique', 'isotonic'"
)


def _bin_count(name: str, value: Any) -> int:
    """An integer number of bins in ``[1, _MAX_BINS]`` (booleans refused)."""
    n = _checks.check_integer(name, value, 1)
    if n > _MAX_BINS:
        raise InvalidOptionError(
            f"{name} = {value!r} asks for more than {_MAX_BINS:,} bins, the most a binning may "
            "have (each bin is a row of the result, empty or not)"
        )
    return n


def _binning(bins: Any, n_bins: Any) -> _Binning:
    """Validate ``bins`` and ``n_bins`` before any data is looked at (one way to say each
    binning: ``n_bins`` goes with ``bins='quantile'`` only)."""
    count = None if n_bins is None else _bin_count("n_bins", n_bins)
    if isinstance(bins, str):
        kind = _checks.check_choice("bins", bins, _BIN_NAMES)
        if kind == "quantile":
            return _Binning(kind, _DEFAULT_QUANTILE_BINS if count is None else count)
        spec = _Binning(kind)
    elif isinstance(bins, bool) or bins is None:
        raise InvalidOptionError(f"{_BINS_EXPECTED} (got {bins!r})")
    elif isinstance(bins, (numbers.Integral, np.integer)):
        spec = _Binning("uniform", _bin_count("bins", bins))
    elif isinstance(bins, numbers.Number):
        raise InvalidOptionError(f"{_BINS_EXPECTED} (got {bins!r})")
    else:
        spec = _Binning("edges", edges=_check_edges(bins))
    if count is not None:
        if spec.kind == "uniform":
            why = (
                f"an integer bins is itself the number of bins (for {count} equal-width bins "
                f"pass bins={count})"
            )
        elif spec.kind == "edges":
            why = "edges fix the bins"
        else:
            why = f"bins={bins!r} chooses its own bins"
        raise InvalidOptionError(
            f"n_bins applies to bins='quantile' only (got n_bins={n_bins!r} with "
            f"{_describe_bins(bins)}): {why}"
        )
    return spec


def _describe_bins(bins: Any) -> str:
    if isinstance(bins, (str, numbers.Integral, np.integer)):
        return f"bins={bins!r}"
    return "bins given as edges"


def _bin(p: FloatArray, y: FloatArray, spec: _Binning) -> _Bins:
    values: FloatArray | None = None
    kind = spec.kind
    if kind == "quantile":
        m = spec.count
        edges = np.unique(np.quantile(p, np.arange(m + 1) / m))
        if edges.size == 1:
            edges = np.array([edges[0], edges[0]])
        index = _searchsorted_bins(edges, p)
    elif kind in ("unique", "isotonic"):
        if kind == "isotonic":
            u, _, inv, new_block = _isotonic_fit(p, y)
        else:
            u, inv = np.unique(p, return_inverse=True)
            inv = inv.reshape(-1)
            new_block = np.ones(u.size, dtype=bool)
            values = u
        block = np.cumsum(new_block) - 1
        index = block[inv]
        edges = _midpoint_edges(u, np.flatnonzero(new_block))
    elif kind == "uniform":
        edges = np.arange(spec.count + 1) / spec.count
        index = _searchsorted_bins(edges, p)
    else:
        assert spec.edges is not None
        edges = spec.edges
        _check_covered(p, edges)
        index = _searchsorted_bins(edges, p)
    nb = edges.size - 1
    index = index.astype(np.intp, copy=False)
    return _Bins(
        kind=kind,
        edges=edges.astype(np.float64),
        index=index,
        count=np.bincount(index, minlength=nb).astype(np.int64),
        sum_forecast=np.bincount(index, weights=p, minlength=nb).astype(np.float64),
        sum_outcome=np.bincount(index, weights=y, minlength=nb).astype(np.float64),
        values=values,
    )


def _searchsorted_bins(edges: FloatArray, p: FloatArray) -> IntArray:
    nb = edges.size - 1
    idx = np.searchsorted(edges, p, side="right") - 1
    return np.clip(idx, 0, nb - 1).astype(np.intp)


def _check_edges(bins: Any) -> FloatArray:
    e = _checks.as_float_array(bins, "bins")
    if e.ndim != 1 or e.size < 2:
        raise ShapeError(
            f"bins given as edges must be a 1-D array of at least 2 values (got shape {e.shape})"
        )
    if e.size > _MAX_BINS + 1:
        raise InvalidOptionError(
            f"bins holds {e.size:,} edges, more than the {_MAX_BINS + 1:,} of the most bins a "
            f"binning may have ({_MAX_BINS:,})"
        )
    bad = ~np.isfinite(e)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidOptionError(f"bins[{i}] = {float(e[i])!r} is not a finite edge")
    step = np.diff(e)
    if (step <= 0).any():
        i = int(np.flatnonzero(step <= 0)[0])
        raise InvalidOptionError(
            f"bins must be strictly increasing edges, but bins[{i + 1}] = {float(e[i + 1])!r} "
            f"follows bins[{i}] = {float(e[i])!r}"
        )
    return e


def _check_covered(p: FloatArray, edges: FloatArray) -> None:
    out = (p < edges[0]) | (p > edges[-1])
    if out.any():
        i = int(np.flatnonzero(out)[0])
        raise InvalidForecastError(
            f"forecast[{i}] = {float(p[i])!r} lies outside the bin edges "
            f"[{float(edges[0])!r}, {float(edges[-1])!r}]; every forecast must fall in a bin"
        )


def _per_bin_means(b: _Bins) -> tuple[FloatArray, FloatArray]:
    nonempty = b.count > 0
    safe = np.where(nonempty, b.count, 1)
    mean_f = np.where(nonempty, b.sum_forecast / safe, np.nan)
    if b.values is not None:
        mean_f = b.values.astype(np.float64)
    obs = np.where(nonempty, b.sum_outcome / safe, np.nan)
    return mean_f, obs
