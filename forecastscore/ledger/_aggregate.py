"""Ledgers joined and crowds made: :meth:`Ledger.concat <forecastscore.ledger.Ledger.concat>`
(and ``a | b``) and :meth:`Ledger.aggregate <forecastscore.ledger.Ledger.aggregate>`, the
forecasts standing on each question combined into one new forecaster, hindsight-safe.

How the aggregate is computed, without a Python loop per forecast: the point forecasts are
sorted by question and by the instant each becomes available (a datetime at its instant, a
date at the end of its UTC day); an *event* is a distinct (question, instant). Each question's
members get a column; within a bucket of questions of similar member counts, a matrix holds
one row per event and one column per member, the forecasts set at their events and carried
down to the later events of the same question (``numpy.maximum.accumulate`` over row
indices), so that each row holds exactly the forecasts standing at its event. The methods
reduce the rows (sorts, masked sums). Rows are processed in chunks of at most
:data:`CELL_BUDGET` cells, the last row of a chunk carried into the next. What does not live
here: the :class:`Ledger` class (``_ledger``), filling in missing forecasts (``_complete``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._checks import check_choice
from .._text import cut_text
from ..errors import ForecastTypeError, InvalidForecastError, InvalidOptionError
from ._columns import (
    _POINT,
    _RANGE,
    DAY_US,
    FloatArray,
    I64Array,
    IntArray,
    ObjArray,
    Where,
    _factorize,
    _ranges,
    constant_columns,
    iso_times,
    time_parts,
)
from ._ledger import Ledger

#: The aggregation methods of :meth:`Ledger.aggregate`.
METHODS = ("mean", "median", "trimmed_mean", "geometric_mean_odds", "recency_weighted_median")

#: The most matrix cells (events times members) held at once.
CELL_BUDGET = 1 << 21


# --- concat ---------------------------------------------------------------------------------


class _Joined:
    """The ``where`` of concatenated ledgers: each row's place, looked up in its part."""

    __slots__ = ("bounds", "parts")

    def __init__(self, bounds: I64Array, parts: list[tuple[Where, I64Array] | None]) -> None:
        self.bounds = bounds
        self.parts = parts

    def __call__(self, row: int) -> tuple[str | None, int | None]:
        k = int(np.searchsorted(self.bounds, row, side="right")) - 1
        part = self.parts[k]
        if part is None or row < 0:
            return None, None
        where, file_row = part
        return where(int(file_row[row - int(self.bounds[k])]))


def _joined_ids(names: Sequence[ObjArray], codes: Sequence[IntArray]) -> tuple[ObjArray, IntArray]:
    vocab, codes_of_all = _factorize(np.concatenate(names) if names else np.empty(0, object))
    starts = np.cumsum([0, *(len(v) for v in names)])
    return vocab, np.concatenate(
        [codes_of_all[s + c] for s, c in zip(starts[:-1].tolist(), codes, strict=True)]
        or [np.empty(0, np.intp)]
    ).astype(np.intp)


def concat_ledgers(cls: type[Ledger], ledgers: Sequence[Any]) -> Ledger:
    """The work of :meth:`Ledger.concat`."""
    for i, item in enumerate(ledgers):
        if not isinstance(item, Ledger):
            raise ForecastTypeError(
                f"ledgers[{i}] must be a Ledger (got {type(item).__name__}: "
                f"{cut_text(repr(item), 60)})"
            )
    parts: list[Ledger] = list(ledgers)
    if not parts:
        return _empty("ledger")
    if len(parts) == 1:
        return parts[0]
    q = _joined_ids([p._qnames for p in parts], [p._qcodes for p in parts])
    f = _joined_ids([p._fnames for p in parts], [p._fcodes for p in parts])
    onames, ocodes = _joined_ids([p._onames for p in parts], [p._cat_opt for p in parts])
    offsets = np.cumsum([0, *(int(p._cat_ptr[-1]) for p in parts)])
    ptr = np.concatenate(
        [np.zeros(1, np.int64)] + [p._cat_ptr[1:] + o for p, o in zip(parts, offsets, strict=False)]
    ).astype(np.int64)

    def cat(name: str) -> Any:
        return np.concatenate([getattr(p, name) for p in parts])

    names: dict[str, None] = {}
    for p in parts:
        names.update(dict.fromkeys(p._extra))
    extra = {
        k: np.concatenate(
            [p._extra[k] if k in p._extra else np.full(len(p), None, object) for p in parts]
        )
        for k in names
    }
    zones = None
    if any(p._zones is not None for p in parts):
        zones = np.concatenate(
            [p._zones if p._zones is not None else np.full(len(p), None, object) for p in parts]
        )
    origin = None
    if any(p._origin is not None for p in parts):
        bounds = np.cumsum([0, *(len(p) for p in parts)]).astype(np.int64)
        n = int(bounds[-1])
        origin = (_Joined(bounds, [p._origin for p in parts]), np.arange(n, dtype=np.int64))
    return cls(
        q,
        f,
        (cat("_made"), cat("_is_date"), cat("_offset")),
        (cat("_kind"), cat("_low"), cat("_high")),
        (ptr, onames, ocodes, cat("_cat_prob")),
        (cat("_source"), cat("_quote")),
        extra,
        zones,
        origin,
        cat("_imputed"),
        cat("_quantity"),
    )


def _empty(name: str) -> Ledger:
    none = np.empty(0, dtype=object)
    return Ledger(
        (none, np.empty(0, np.intp)),
        (np.array([name], dtype=object), np.empty(0, np.intp)),
        (np.empty(0, np.int64), np.empty(0, bool), np.empty(0, np.int64)),
        (np.empty(0, np.int8), np.empty(0), np.empty(0)),
        (np.zeros(1, np.int64), none, np.empty(0, np.intp), np.empty(0)),
        (none.copy(), none.copy()),
        {},
    )


# --- aggregate ------------------------------------------------------------------------------


def _option(value: Any, name: str, default: float, low: float, high: float, method: str) -> float:
    """A float option of one method, checked: in [low, high) (``high`` excluded)."""
    if value is None:
        return default
    wanted = {"trim": "trimmed_mean", "extremize": "geometric_mean_odds"}.get(
        name, "geometric_mean_odds"
    )
    if method != wanted:
        raise InvalidOptionError(f"{name}= is for method={wanted!r}, not {method!r}")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidOptionError(f"{name} must be a number (got {value!r})")
    v = float(value)
    if not (low <= v < high):
        raise InvalidOptionError(
            f"{name} must be in [{low:g}, {high:g}) (got {value!r})"
            if math.isfinite(high)
            else f"{name} must be a positive finite number (got {value!r})"
        )
    return v


def aggregate_ledger(
    ledger: Ledger,
    method: str,
    *,
    name: str | None,
    at: Any,
    trim: float | None,
    extremize: float | None,
    clip: float | None,
) -> Ledger:
    """The work of :meth:`Ledger.aggregate`."""
    check_choice("method", method, METHODS)
    trim_v = _option(trim, "trim", 0.1, 0.0, 0.5, method)
    ext_v = _option(extremize, "extremize", 1.0, math.ulp(0.0), math.inf, method)
    clip_v = _option(clip, "clip", 0.0, 0.0, 0.5, method)
    if name is None:
        name = f"crowd ({method})"
    if not isinstance(name, str) or not name.strip():
        raise InvalidOptionError(f"name must be a non-empty string (got {name!r})")
    if name in ledger.forecasters:
        raise InvalidOptionError(
            f"name {name!r} is a member's name; give the aggregate another name="
        )
    ledger._refuse_quantities("aggregate")
    bad = np.flatnonzero(ledger._kind != _POINT)
    if bad.size:
        i = int(bad[0])
        what = "a probability range" if ledger._kind[i] == _RANGE else "a mapping over options"
        raise InvalidForecastError(
            f"{ledger._at(i)}: only point probabilities are aggregated (got {what} on "
            f"question {ledger._qnames[ledger._qcodes[i]]!r})"
        )
    q = ledger._qcodes
    avail = ledger._made + np.where(ledger._is_date, DAY_US - 1, 0)
    p = ledger._low
    if clip_v > 0.0:
        p = np.clip(p, clip_v, 1.0 - clip_v)
    order = _sort_by(q, avail, None)  # by question, then instant, then ledger order
    seq = np.empty(len(q), dtype=np.int64)
    seq[order] = np.arange(len(q))
    keep = np.ones(len(q), dtype=bool)
    if isinstance(at, str):
        check_choice("at", at, ("changes", "last"))
        mode = at
    else:
        mode = "time"
        t_us, t_date, _ = time_parts(at, "at")
        keep = avail <= t_us + (DAY_US - 1 if t_date else 0)
    if mode == "changes":
        event_t = avail
    else:
        # One event per question: at the latest instant among its forecasts kept.
        latest = np.full(len(ledger._qnames), np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(latest, q[keep], avail[keep])
        event_t = latest[q]
    rows = order[keep[order]]  # in recency order
    f = ledger._fcodes
    # Sorted by (question, event, forecaster, recency); of a forecaster's forecasts at one
    # event only the latest counts.
    rows = rows[_sort_by(q[rows], event_t[rows], f[rows])]
    rq, rt, rf = q[rows], event_t[rows], f[rows]
    last = np.ones(len(rows), dtype=bool)
    last[:-1] = (rq[1:] != rq[:-1]) | (rt[1:] != rt[:-1]) | (rf[1:] != rf[:-1])
    rows, rq, rt, rf = rows[last], rq[last], rt[last], rf[last]
    if not len(rows):
        return _empty(name)
    new_event = np.ones(len(rows), dtype=bool)
    new_event[1:] = (rq[1:] != rq[:-1]) | (rt[1:] != rt[:-1])
    ev_of_row = np.cumsum(new_event) - 1
    ev_start = np.flatnonzero(new_event)
    ev_q, ev_t = rq[ev_start], rt[ev_start]
    n_ev = len(ev_start)
    q_start = np.ones(n_ev, dtype=bool)
    q_start[1:] = ev_q[1:] != ev_q[:-1]
    # Member slots: each (question, forecaster) pair of a question gets a column.
    nf = max(len(ledger._fnames), 1)
    pair = rq.astype(np.int64) * nf + rf
    pairs, pair_of_row = np.unique(pair, return_inverse=True)
    pair_of_row = pair_of_row.reshape(-1)
    pair_q = pairs // nf
    first_pair = np.flatnonzero(np.r_[True, pair_q[1:] != pair_q[:-1]])
    members = np.diff(np.r_[first_pair, len(pairs)])
    slot_base = np.repeat(first_pair, members)
    slot = (pair_of_row - slot_base[pair_of_row]).astype(np.intp)
    # Each forecast stands from its event to its member's next event on the question (or
    # past the question's last event).
    q_last_ev = np.r_[np.flatnonzero(q_start)[1:], n_ev]  # one past each question's events
    q_first_ev = np.flatnonzero(q_start)
    end_of_ev = np.repeat(q_last_ev, np.diff(np.r_[q_first_ev, n_ev]))
    by_pair = np.argsort(pair_of_row, kind="stable")  # within a pair, in event order
    next_ev = end_of_ev[ev_of_row].copy()
    same = pair_of_row[by_pair[1:]] == pair_of_row[by_pair[:-1]]
    next_ev[by_pair[:-1][same]] = ev_of_row[by_pair[1:][same]]
    width_of_q = np.zeros(len(ledger._qnames), dtype=np.int64)
    width_of_q[pair_q[first_pair]] = members
    # Buckets of questions by member count, rounded up to at most 8 widths per octave.
    step = np.maximum(
        8, 1 << np.maximum(np.floor(np.log2(np.maximum(width_of_q, 1))) - 3, 0).astype(np.int64)
    )
    cls_of_q = -(-width_of_q // step) * step
    result = np.empty(n_ev)
    values = p[rows]
    keys = seq[rows]
    ev_cls = cls_of_q[ev_q]
    ev_by_cls = np.argsort(ev_cls, kind="stable")
    row_by_cls = np.argsort(cls_of_q[rq], kind="stable")
    widths, ev_counts = np.unique(ev_cls, return_counts=True)
    row_counts = np.bincount(np.searchsorted(widths, cls_of_q[rq]), minlength=len(widths))
    ev_at, row_at = 0, 0
    for width, n_e, n_r in zip(
        widths.tolist(), ev_counts.tolist(), row_counts.tolist(), strict=True
    ):
        ev_sel = ev_by_cls[ev_at : ev_at + n_e]
        row_sel = row_by_cls[row_at : row_at + n_r]
        ev_at, row_at = ev_at + n_e, row_at + n_r
        # The bucket's events are whole questions, kept in order: a local numbering in
        # which a forecast's standing interval keeps its length.
        local = np.searchsorted(ev_sel, ev_of_row[row_sel])
        local_next = local + (next_ev[row_sel] - ev_of_row[row_sel])
        chunk = max(1, CELL_BUDGET // width)
        for e0 in range(0, n_e, chunk):
            e1 = min(n_e, e0 + chunk)
            inside = np.flatnonzero((local < e1) & (local_next > e0))
            fv, fk = _standing(
                width,
                e1 - e0,
                np.maximum(local[inside], e0) - e0,
                np.minimum(local_next[inside], e1) - e0,
                slot[row_sel[inside]],
                values[row_sel[inside]],
                keys[row_sel[inside]] if method == "recency_weighted_median" else None,
            )
            result[ev_sel[e0:e1]] = _reduce_checked(
                method, fv, fk, trim_v, ext_v, ev_sel[e0:e1], ev_q, ev_t, ledger
            )
    return _aggregate_ledger(ledger, name, rows, rt, ev_start, ev_q, ev_t, result)


def _sort_by(a: IntArray, b: I64Array, c: IntArray | None) -> IntArray:
    """A stable order by (a, b) or (a, b, c): one argsort of a combined integer key when it
    fits in 63 bits (``b`` replaced by its rank), else ``numpy.lexsort``."""
    if not len(a):
        return np.empty(0, dtype=np.intp)
    distinct_b, b_rank = np.unique(b, return_inverse=True)
    n_a = int(a.max()) + 1
    n_c = 1 if c is None else int(c.max()) + 1
    if n_a * len(distinct_b) * n_c >= 1 << 62:
        keys = (b, a) if c is None else (c, b, a)
        out: IntArray = np.lexsort(keys)
        return out
    key = a.astype(np.int64) * len(distinct_b) + b_rank.reshape(-1)
    if c is not None:
        key = key * n_c + c
    out = np.argsort(key, kind="stable")
    return out


def _standing(
    width: int,
    n_rows: int,
    first: I64Array,
    stop: I64Array,
    slot: IntArray,
    values: FloatArray,
    keys: I64Array | None,
) -> tuple[FloatArray, I64Array]:
    """The forecasts standing at each of ``n_rows`` events (one row each, NaN where a member
    has none) and their recency keys (-1 where none, or not wanted): each forecast fills its
    member's column from row ``first`` to before row ``stop``."""
    lengths = (stop - first).astype(np.int64)
    r = _ranges(first.astype(np.int64), lengths)
    c = np.repeat(slot, lengths)
    v = np.full((n_rows, width), np.nan)
    v[r, c] = np.repeat(values, lengths)
    k = np.full((n_rows, width) if keys is not None else (0, 0), -1, dtype=np.int64)
    if keys is not None:
        k[r, c] = np.repeat(keys, lengths)
    return v, k


def _reduce_checked(
    method: str,
    fv: FloatArray,
    fk: I64Array,
    trim: float,
    extremize: float,
    events: IntArray,
    ev_q: IntArray,
    ev_t: I64Array,
    ledger: Ledger,
) -> FloatArray:
    """:func:`_reduce`, with the one refusal (0 and 1 under the odds) named."""
    try:
        return _reduce(method, fv, fk, trim, extremize)
    except _BothExtremes as exc:
        e = int(events[exc.row])
        when = iso_times(
            np.array([ev_t[e] - (DAY_US - 1)], dtype=np.int64),
            np.array([True]),
            np.zeros(1, dtype=np.int64),
        )[0]
        raise InvalidForecastError(
            f"geometric_mean_odds: on question {ledger._qnames[ev_q[e]]!r} (forecasts standing "
            f"on {when}) one standing forecast is 0 and another 1, whose odds (0 and "
            "infinite) have no geometric mean; pass clip= (e.g. clip=0.01) to clip the "
            "forecasts first"
        ) from None


class _BothExtremes(Exception):
    def __init__(self, row: int) -> None:
        self.row = row


def _reduce(method: str, fv: FloatArray, fk: I64Array, trim: float, extremize: float) -> FloatArray:
    """The aggregate of each row's valid (non-NaN) values."""
    valid = ~np.isnan(fv)
    c = valid.sum(axis=1)
    ar = np.arange(len(fv))
    if method == "mean":
        out: FloatArray = np.where(valid, fv, 0.0).sum(axis=1) / c
        return out
    if method == "geometric_mean_odds":
        has0 = (fv == 0.0).any(axis=1)
        has1 = (fv == 1.0).any(axis=1)
        both = np.flatnonzero(has0 & has1)
        if both.size:
            raise _BothExtremes(int(both[0]))
        inner = valid & (fv > 0.0) & (fv < 1.0)
        safe = np.where(inner, fv, 0.5)
        logit = np.where(inner, np.log(safe) - np.log1p(-safe), 0.0)
        x = extremize * logit.sum(axis=1) / c
        with np.errstate(over="ignore"):
            z = np.exp(-np.abs(x))
        pooled = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
        out = np.where(has0, 0.0, np.where(has1, 1.0, pooled))
        return out
    s = np.sort(fv, axis=1)  # NaN last
    if method == "median":
        out = (s[ar, (c - 1) // 2] + s[ar, c // 2]) / 2
        return out
    if method == "trimmed_mean":
        k = np.floor(trim * c).astype(np.int64)
        j = np.arange(fv.shape[1])[None, :]
        inside = (j >= k[:, None]) & (j < (c - k)[:, None])
        out = np.where(inside, s, 0.0).sum(axis=1) / (c - 2 * k)
        return out
    # recency_weighted_median: w_j = exp(sqrt(j) - sqrt(n)) by recency, j = 1..n.
    big = np.iinfo(np.int64).max
    rank = np.argsort(np.argsort(np.where(valid, fk, big), axis=1, kind="stable"), axis=1)
    cf = c[:, None].astype(np.float64)
    w = np.where(valid, np.exp(np.sqrt(rank + 1.0) - np.sqrt(cf)), 0.0)
    w = np.where((c <= 2)[:, None], valid.astype(np.float64), w)
    vo = np.argsort(fv, axis=1, kind="stable")
    sv = np.take_along_axis(fv, vo, axis=1)
    sw = np.take_along_axis(w, vo, axis=1)
    cw = np.cumsum(sw, axis=1) / np.sum(sw, axis=1)[:, None]
    right = np.argmax(cw > 0.5, axis=1)
    left = np.argmax(cw >= 0.5, axis=1)
    out = 0.5 * (sv[ar, left] + sv[ar, right])
    return out


def _aggregate_ledger(
    ledger: Ledger,
    name: str,
    rows: IntArray,
    row_t: I64Array,
    ev_start: IntArray,
    ev_q: IntArray,
    ev_t: I64Array,
    probability: FloatArray,
) -> Ledger:
    """The aggregate's ledger: one row per event, dated by the latest forecast it uses."""
    n_ev = len(ev_start)
    made = ledger._made[rows]
    is_date = ledger._is_date[rows]
    offset = ledger._offset[rows]
    avail = made + np.where(is_date, DAY_US - 1, 0)
    at_event = avail == row_t  # the rows whose own instant is the event's
    ev_is_date = np.logical_or.reduceat(is_date & at_event, ev_start)
    cand = np.where(at_event & ~is_date, np.arange(len(rows)), -1)
    last_dt = np.maximum.reduceat(cand, ev_start)
    ev_offset = np.where(ev_is_date | (last_dt < 0), 0, offset[np.maximum(last_dt, 0)])
    ev_made = np.where(ev_is_date, ev_t - (DAY_US - 1), ev_t)
    carried = constant_columns(ledger._qcodes, {"source": ledger._source, **ledger._extra})
    nq = len(ledger._qnames)
    columns: dict[str, ObjArray] = {}
    for col in ("source", *ledger._extra):
        by_q = np.full(nq, None, dtype=object)
        if col in carried:
            qs, vals = carried[col]
            by_q[qs] = vals
        columns[col] = by_q[ev_q]
    extra = {k: v for k, v in columns.items() if k != "source" and k in carried}
    none = np.empty(0, dtype=object)
    return Ledger(
        (ledger._qnames, ev_q.astype(np.intp)),
        (np.array([name], dtype=object), np.zeros(n_ev, dtype=np.intp)),
        (ev_made.astype(np.int64), ev_is_date, ev_offset.astype(np.int64)),
        (np.zeros(n_ev, dtype=np.int8), probability, probability.copy()),
        (np.zeros(n_ev + 1, np.int64), none, np.empty(0, np.intp), np.empty(0)),
        (columns["source"], np.full(n_ev, None, dtype=object)),
        extra,
    )
