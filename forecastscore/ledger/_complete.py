"""Missing forecasts filled in: :meth:`Ledger.complete
<forecastscore.ledger.Ledger.complete>`, so that a forecaster who skipped questions is not
better for it. Each forecaster's missing (forecaster, question) pairs are found on a
forecasters-by-questions grid of flags; the filled rows are built as arrays and appended,
flagged in :attr:`Ledger.imputed`. What does not live here: the :class:`Ledger` class
(``_ledger``), aggregates (``_aggregate``).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np

from ..errors import ForecastTypeError, InvalidOptionError
from ..model import Outcome, Time
from ._aggregate import concat_ledgers
from ._columns import DAY_US, _as_id_set, constant_columns, time_parts
from ._ledger import Ledger


def _ids(value: Iterable[str] | None, name: str, known: list[str]) -> list[str]:
    if value is None:
        return known
    wanted = _as_id_set(value, name)
    unknown = sorted(wanted - set(known))
    if unknown:
        raise InvalidOptionError(
            f"{name}: {unknown[0]!r} is not a {name[:-1]} of the ledger"
            + (
                " (the question set must be questions someone forecast, or give made_at=)"
                if name == "questions"
                else ""
            )
        )
    return [v for v in known if v in wanted]


def complete_ledger(
    ledger: Ledger,
    *,
    questions: Iterable[str] | None,
    fill: float | str,
    forecasters: Iterable[str] | None,
    outcomes: Iterable[Outcome] | None,
    made_at: Time | None,
) -> Ledger:
    """The work of :meth:`Ledger.complete`."""
    ledger._refuse_quantities("complete")
    known_q = ledger.questions
    if questions is not None:
        wanted_q = _as_id_set(questions, "questions")
        extra_q = [v for v in sorted(wanted_q) if v not in set(known_q)]
        if extra_q and made_at is None:
            raise InvalidOptionError(
                f"questions: nobody forecast {extra_q[0]!r}, so it has no earliest forecast "
                "to date a filled one by; give made_at="
            )
        qset = [v for v in known_q if v in wanted_q] + extra_q
    else:
        qset = known_q
    reference: str | None = None
    value: float | None = None
    if isinstance(fill, str):
        if fill != "worst":
            if fill not in ledger.forecasters:
                raise InvalidOptionError(
                    f"fill must be a probability, 'worst' or a forecaster of the ledger "
                    f"(got {fill!r})"
                )
            reference = fill
    elif isinstance(fill, numbers.Real) and not isinstance(fill, bool):
        value = float(fill)
        if not 0.0 <= value <= 1.0:
            raise InvalidOptionError(f"fill must be a probability in [0, 1] (got {fill!r})")
    else:
        raise InvalidOptionError(
            f"fill must be a probability, 'worst' or a forecaster of the ledger (got {fill!r})"
        )
    if outcomes is not None and fill != "worst":
        raise InvalidOptionError("outcomes= is for fill='worst'")
    if reference is not None and made_at is not None:
        raise InvalidOptionError("made_at= is for a filled number or 'worst', not a forecaster")
    who = _ids(forecasters, "forecasters", [f for f in ledger.forecasters if f != reference])
    # The grid of (forecaster, question) pairs that have a forecast.
    qnames = np.array(qset, dtype=object)
    qindex = {v: i for i, v in enumerate(qset)}
    fnames = np.array(who, dtype=object)
    findex = {v: i for i, v in enumerate(who)}
    q_of_code = np.array([qindex.get(v, -1) for v in ledger._qnames.tolist()], dtype=np.intp)
    f_of_code = np.array([findex.get(v, -1) for v in ledger._fnames.tolist()], dtype=np.intp)
    rq = q_of_code[ledger._qcodes] if len(q_of_code) else np.empty(0, np.intp)
    rf = f_of_code[ledger._fcodes] if len(f_of_code) else np.empty(0, np.intp)
    has = np.zeros((len(who), len(qset)), dtype=bool)
    ok = (rq >= 0) & (rf >= 0)
    has[rf[ok], rq[ok]] = True
    miss_f, miss_q = np.nonzero(~has)
    if not miss_f.size:
        return ledger
    if reference is not None:
        return _fill_from(ledger, reference, qnames, fnames, miss_f, miss_q)
    probs = _worst(outcomes, qset) if value is None else np.full(len(qset), value)
    # The date of a filled forecast: made_at=, else the question's earliest forecast.
    n_q = len(qset)
    first = np.full(n_q, -1, dtype=np.intp)
    if made_at is None:
        # A date is available at the end of its day, as for aggregates.
        avail = ledger._made + np.where(ledger._is_date, DAY_US - 1, 0)
        order = np.lexsort((avail, rq))
        rows_in = order[rq[order] >= 0]
        starts = np.flatnonzero(np.r_[True, rq[rows_in][1:] != rq[rows_in][:-1]])
        first[rq[rows_in][starts]] = rows_in[starts]
        t_made = ledger._made[first[miss_q]]
        t_date = ledger._is_date[first[miss_q]]
        t_off = ledger._offset[first[miss_q]]
    else:
        us, is_date, off = time_parts(made_at, "made_at")
        k = len(miss_q)
        t_made = np.full(k, us, dtype=np.int64)
        t_date = np.full(k, is_date)
        t_off = np.full(k, off, dtype=np.int64)
    p = probs[miss_q]
    carried = _carried(ledger, qset, miss_q)
    filled = Ledger(
        (qnames, miss_q.astype(np.intp)),
        (fnames, miss_f.astype(np.intp)),
        (t_made.astype(np.int64), t_date.astype(bool), t_off.astype(np.int64)),
        (np.zeros(len(p), dtype=np.int8), p, p.copy()),
        (np.zeros(len(p) + 1, np.int64), np.empty(0, object), np.empty(0, np.intp), np.empty(0)),
        (carried.pop("source"), np.full(len(p), None, dtype=object)),
        carried,
        None,
        None,
        np.ones(len(p), dtype=bool),
    )
    return concat_ledgers(Ledger, [ledger, filled])


def _carried(ledger: Ledger, qset: list[str], miss_q: Any) -> dict[str, Any]:
    """``source`` and the extra columns for filled rows: a question's value where every row
    of the question has the same, else None."""
    constant = constant_columns(ledger._qcodes, {"source": ledger._source, **ledger._extra})
    qpos = {v: i for i, v in enumerate(qset)}
    out: dict[str, Any] = {}
    for col in ("source", *ledger._extra):
        by_q = np.full(len(qset), None, dtype=object)
        if col in constant:
            codes, values = constant[col]
            for c, v in zip(codes.tolist(), values.tolist(), strict=True):  # per question
                i = qpos.get(str(ledger._qnames[c]))
                if i is not None:
                    by_q[i] = v
        out[col] = by_q[miss_q]
    return out


def _worst(outcomes: Iterable[Outcome] | None, qset: list[str]) -> Any:
    """Per question, the forecast that scores worst against its outcome."""
    if outcomes is None:
        raise InvalidOptionError(
            "fill='worst' needs outcomes= (the worst forecast depends on them)"
        )
    if isinstance(outcomes, Outcome) or not isinstance(outcomes, Iterable):
        raise ForecastTypeError(f"outcomes must be an iterable of Outcome (got {outcomes!r})")
    by_q: dict[str, Outcome] = {}
    for i, o in enumerate(outcomes):
        if not isinstance(o, Outcome):
            raise ForecastTypeError(f"outcomes[{i}] must be an Outcome (got {o!r})")
        by_q[o.question] = o
    out = np.empty(len(qset))
    for i, qid in enumerate(qset):  # per question
        found = by_q.get(qid)
        if found is None:
            raise InvalidOptionError(
                f"fill='worst': question {qid!r} has no outcome in outcomes= (the worst "
                "forecast depends on it)"
            )
        o = found
        if o.annulled:
            out[i] = 0.5
        elif getattr(o, "probability", None) is not None:
            out[i] = 1.0 if float(o.probability) < 0.5 else 0.0  # type: ignore[arg-type]
        else:
            out[i] = 1.0 - o.option_index(("no", "yes"))
    if not np.isfinite(out).all():  # pragma: no cover - each branch sets a number
        raise InvalidOptionError("fill='worst' could not be computed")
    return out


def _fill_from(
    ledger: Ledger, reference: str, qnames: Any, fnames: Any, miss_f: Any, miss_q: Any
) -> Ledger:
    """Copies of the reference's forecasts on each missed question, at their times."""
    ref_rows = np.flatnonzero(ledger.forecaster == reference)
    qpos = {v: i for i, v in enumerate(qnames.tolist())}
    ref_q = np.array([qpos.get(v, -1) for v in ledger.question[ref_rows].tolist()], dtype=np.intp)
    ref_rows, ref_q = ref_rows[ref_q >= 0], ref_q[ref_q >= 0]
    order = np.argsort(ref_q, kind="stable")
    ref_rows, ref_q = ref_rows[order], ref_q[order]
    count = np.bincount(ref_q, minlength=len(qnames))
    lacking = np.flatnonzero(count[miss_q] == 0)
    if lacking.size:
        qid = qnames[miss_q[int(lacking[0])]]
        raise InvalidOptionError(
            f"fill={reference!r} has no forecast on question {qid!r}, which "
            f"{fnames[miss_f[int(lacking[0])]]!r} missed; leave it out of questions= or "
            "fill with a number"
        )
    start = np.r_[0, np.cumsum(count)[:-1]]
    reps = count[miss_q]
    src = np.repeat(start[miss_q], reps) + (
        np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    )
    rows = ref_rows[src]
    copy = ledger._take(rows)
    who = np.repeat(miss_f, reps)
    carried = _carried(ledger, [str(v) for v in qnames.tolist()], np.repeat(miss_q, reps))
    filled = Ledger(
        (copy._qnames, copy._qcodes),
        (fnames, who.astype(np.intp)),
        (copy._made, copy._is_date, copy._offset),
        (copy._kind, copy._low, copy._high),
        (copy._cat_ptr, copy._onames, copy._cat_opt, copy._cat_prob),
        (carried.pop("source"), np.full(len(rows), None, dtype=object)),
        carried,
        copy._zones,
        None,
        np.ones(len(rows), dtype=bool),
    )
    return concat_ledgers(Ledger, [ledger, filled])
