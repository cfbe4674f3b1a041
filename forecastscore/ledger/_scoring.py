"""Scoring a ledger against outcomes: joining outcomes to questions, the hindsight and
annulment rules, the rule applied to every scorable row at once, and the
:class:`ScoreTable` that holds one row per scored prediction with its lead time. Summaries
of a table live in ``_summaries``; time averages in ``_time_averaged``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from .. import _checks
from .._text import cut_text, format_number
from ..errors import (
    ForecastTypeError,
    HindsightError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    LeakageError,
    ShapeError,
)
from ..model import (
    Outcome,
    Question,
    Time,
    positive_index,
)
from ..scoring import QUANTITY_RULES, RULES, Rule, RuleFunction, get_rule, soft_function
from ._columns import (
    _CATEGORICAL,
    _POINT,
    _QUANTITY,
    _RANGE,
    DAY_US,
    BoolArray,
    FloatArray,
    I64Array,
    IntArray,
    ObjArray,
    RuleLike,
    _ranges,
    make_time,
    time_parts,
)
from ._ledger import Ledger
from ._score_table import ScoreTable

# --- outcomes, joined to a ledger ---------------------------------------------------------


@attrs.frozen(eq=False)
class _Resolved:
    """Outcomes aligned to a ledger's question codes."""

    has: BoolArray  # an outcome exists
    annulled: BoolArray
    resolved: I64Array  # earliest instant, µs
    resolved_is_date: BoolArray
    resolved_offset: I64Array
    outcome: list[Outcome | None]
    question: list[Question | None]
    outcome_at: list[str]  # where each question's outcome came from, for an error
    soft: FloatArray  # the probability of a probability outcome; NaN for any other

    def option_index(self, qc: int, options: tuple[str, ...]) -> int:
        """The index in ``options`` of what happened on question ``qc``; an outcome that is
        no option is refused naming where it came from (file and line, or its index)."""
        o = self.outcome[qc]
        assert o is not None
        try:
            return o.option_index(options)
        except InvalidOutcomeError as exc:
            at = self.outcome_at[qc]
            text = str(exc)
            if not at.startswith("outcomes[") and text.startswith("'value' "):
                # From a file, whose column is called 'outcome'.
                text = "column 'outcome': " + text[len("'value' ") :]
            raise InvalidOutcomeError(f"{at}: {text}") from None


def _resolve(
    ledger: Ledger, outcomes: Iterable[Outcome], questions: Iterable[Question] | None
) -> _Resolved:
    nq = len(ledger._qnames)
    index = {str(q): i for i, q in enumerate(ledger._qnames.tolist())}
    has = np.zeros(nq, bool)
    annulled = np.zeros(nq, bool)
    resolved = np.zeros(nq, np.int64)
    r_date = np.zeros(nq, bool)
    r_off = np.zeros(nq, np.int64)
    soft = np.full(nq, math.nan)
    out: list[Outcome | None] = [None] * nq
    if isinstance(outcomes, Outcome):
        raise ForecastTypeError("outcomes must be an iterable of Outcome, not one Outcome")
    if isinstance(outcomes, (str, bytes)) or not isinstance(outcomes, Iterable):
        raise ForecastTypeError(f"outcomes must be an iterable of Outcome (got {outcomes!r})")
    if questions is not None and (
        isinstance(questions, Question) or not isinstance(questions, Iterable)
    ):
        raise ForecastTypeError(f"questions must be an iterable of Question (got {questions!r})")
    origin = getattr(outcomes, "origin", None)
    at: list[str] = [""] * nq
    seen: set[str] = set()
    codes: list[int] = []  # the ledger's question code of each outcome it holds
    held: list[Outcome] = []
    for j, o in enumerate(outcomes):
        if not isinstance(o, Outcome):
            raise ForecastTypeError(f"outcomes[{j}] must be an Outcome (got {o!r})")
        # A second outcome is an error even for a question the ledger does not hold, so
        # that the same outcomes are valid or not whatever ledger they score.
        qid = o.question
        if qid in seen:
            raise InvalidOutcomeError(
                f"outcomes[{j}]: a second outcome for question {qid!r}; give one per question"
            )
        seen.add(qid)
        i = index.get(qid)
        if i is None:
            continue
        codes.append(i)
        held.append(o)
        out[i] = o
        at[i] = _outcome_at(origin, j)
    if codes:
        has[codes] = True
        annulled[codes] = [o.annulled for o in held]
        # The times: each distinct date worked out once (most outcomes are dates, and many
        # share one); datetimes one by one (their offsets differ).
        days: dict[dt.date, tuple[int, bool, int]] = {}
        parts = []
        for o in held:
            t = o.resolved_at
            if type(t) is dt.date:
                p = days.get(t)
                if p is None:
                    p = days[t] = time_parts(t, "resolved_at")
            else:
                p = time_parts(t, "resolved_at")
            parts.append(p)
        us, is_date, offset = zip(*parts, strict=True)
        resolved[codes] = us
        r_date[codes] = is_date
        r_off[codes] = offset
        soft[codes] = [math.nan if o.probability is None else o.probability for o in held]
    qs: list[Question | None] = [None] * nq
    if questions is not None:
        for j, qu in enumerate(questions):
            if not isinstance(qu, Question):
                raise ForecastTypeError(f"questions[{j}] must be a Question (got {qu!r})")
            i = index.get(qu.id)
            if i is not None:
                qs[i] = qu
    return _Resolved(has, annulled, resolved, r_date, r_off, out, qs, at, soft)


def _as_list(values: Any, name: str, kind: type) -> list[Any]:
    """An iterable as a list (a list is kept as it is: outcomes read from a file remember
    their lines); one item, or something that is not iterable, is refused."""
    if isinstance(values, kind):
        raise ForecastTypeError(
            f"{name} must be an iterable of {kind.__name__}, not one {kind.__name__}"
        )
    if isinstance(values, list):
        return values
    if not isinstance(values, Iterable) or (kind is Outcome and isinstance(values, (str, bytes))):
        raise ForecastTypeError(f"{name} must be an iterable of {kind.__name__} (got {values!r})")
    return list(values)


def _outcome_at(origin: Any, j: int) -> str:
    """``file:line`` of outcome ``j`` when the outcomes were read from a file (the
    ``origin`` of a :class:`forecastscore.io.OutcomeList`: ``(path, line)`` or ``None`` per
    outcome), else ``outcomes[j]``."""
    if isinstance(origin, list) and j < len(origin):
        where = origin[j]
        if isinstance(where, tuple) and len(where) == 2:
            return f"{where[0]}:{where[1]}"
    return f"outcomes[{j}]"


def _valid(made: I64Array, is_date: BoolArray, resolved: I64Array) -> BoolArray:
    """Vectorised :func:`forecastscore.model.made_before`: the latest instant ``made_at`` can
    mean is before the earliest instant of ``resolved_at``. In integer microseconds a
    datetime is before ``r`` when ``m + 1 <= r``, a date when ``m + 1 day <= r``."""
    out: BoolArray = made + np.where(is_date, DAY_US, 1) <= resolved
    return out


@attrs.frozen(eq=False)
class _Scored:
    rows: IntArray
    score: FloatArray
    best: FloatArray
    worst: FloatArray
    is_range: BoolArray
    unresolved: IntArray
    annulled: IntArray
    hindsight: IntArray
    leakage: IntArray
    resolved: _Resolved
    rule: Rule
    # per question: binary outcome (-1 if none) and the categorical universe size / outcome
    y_binary: IntArray
    k_categorical: IntArray
    universe: list[tuple[str, ...] | None]
    # per scored row: the point forecast (NaN otherwise), the outcome's index (or the
    # probability of a probability outcome), its name, whether the outcome is a probability
    probability: FloatArray
    outcome: IntArray | FloatArray
    happened: ObjArray
    soft: BoolArray


def _binary_outcomes(
    ledger: Ledger, res: _Resolved, rows: IntArray, happened: ObjArray
) -> IntArray:
    """0/1 per question for the binary and range rows in ``rows`` (the name of the option
    that happened goes into ``happened``, per question)."""
    nq = len(ledger._qnames)
    y = np.full(nq, -1, dtype=np.intp)
    pts = rows[ledger._kind[rows] != _CATEGORICAL]
    # The questions these rows are on, in code order (a count, not a sort of the rows).
    present = np.flatnonzero(np.bincount(ledger._qcodes[pts], minlength=nq))
    soft = res.soft.tolist()
    # What an outcome value means depends only on the value and the question's options:
    # worked out once per distinct pair (most questions are ("no", "yes") against a bool).
    memo: dict[tuple[Any, ...], tuple[int, str]] = {}
    codes: list[int] = []
    ys: list[int] = []
    names: list[str] = []
    for qc in present.tolist():
        qu = res.question[qc]
        options = qu.options if qu is not None else ("no", "yes")
        if len(options) != 2:
            first = int(pts[np.flatnonzero(ledger._qcodes[pts] == qc)[0]])
            assert qu is not None
            raise InvalidForecastError(
                f"{ledger._at(first)}: a single probability needs a two-option question, but "
                f"question {qu.id!r} has {len(options)} options; give a mapping over them"
            )
        q = soft[qc]
        if q == q:  # not NaN
            # A probability outcome: q is the probability of the positive option, scored
            # by the rule's form against probability outcomes (y stays -1).
            happened[qc] = f"q={format_number(q)}"
            continue
        o = res.outcome[qc]
        assert o is not None
        key = (type(o.value), o.value, options)
        hit = memo.get(key)
        if hit is None:
            # A plain probability is about the positive option ("yes", "true" or "1" by
            # name, else the second), as in forecastscore.score.
            k = res.option_index(qc, options)
            hit = memo[key] = (int(k == positive_index(options)), options[k])
        codes.append(qc)
        ys.append(hit[0])
        names.append(hit[1])
    if codes:
        y[codes] = ys
        happened[codes] = names
    return y


def _categorical_matrix(
    ledger: Ledger, res: _Resolved, cats: IntArray, happened: ObjArray
) -> tuple[FloatArray, IntArray, IntArray, list[tuple[str, ...] | None]]:
    """Dense probability rows (padded with zeros to the widest question) for the categorical
    rows ``cats``, the outcome index of each, and per question the outcome index and
    option universe (and the name of the option that happened, into ``happened``)."""
    nq = len(ledger._qnames)
    k_q = np.full(nq, -1, dtype=np.intp)
    universe: list[tuple[str, ...] | None] = [None] * nq
    if not cats.size:
        return np.empty((0, 2)), np.empty(0, np.intp), k_q, universe
    ptr = ledger._cat_ptr
    counts = ptr[cats + 1] - ptr[cats]
    entries = _ranges(ptr[cats], counts)
    row_of_entry = np.repeat(np.arange(len(cats)), counts)
    q_of_entry = ledger._qcodes[cats][row_of_entry]
    opt_of_entry = ledger._cat_opt[entries]
    n_opt = max(len(ledger._onames), 1)
    pair = q_of_entry.astype(np.int64) * n_opt + opt_of_entry
    upair, first_pos, inv = np.unique(pair, return_index=True, return_inverse=True)
    col_of_pair = np.empty(len(upair), dtype=np.intp)
    # Loop over distinct (question, option) pairs, in order of first appearance.
    for j in np.argsort(first_pos, kind="stable").tolist():
        qc, oc = divmod(int(upair[j]), n_opt)
        name = str(ledger._onames[oc])
        qu = res.question[qc]
        uni = universe[qc]
        if uni is None:
            uni = qu.options if qu is not None else ()
        if name not in uni:
            if qu is not None:
                row = int(cats[row_of_entry[first_pos[j]]])
                raise InvalidForecastError(
                    f"{ledger._at(row)}: 'probability' names option {name!r} that question "
                    f"{qu.id!r} does not have (options: {', '.join(qu.options)})"
                )
            uni = (*uni, name)
        universe[qc] = uni
        col_of_pair[j] = uni.index(name)
    width = max(len(u) for u in universe if u is not None)
    dense = np.zeros((len(cats), max(width, 2)))
    dense[row_of_entry, col_of_pair[inv]] = ledger._cat_prob[entries]
    for qc, uni in enumerate(universe):
        if uni is not None:
            k_q[qc] = res.option_index(qc, uni)
            happened[qc] = uni[k_q[qc]]
    return dense, k_q[ledger._qcodes[cats]], k_q, universe


def _apply(
    rule: Rule,
    fn: RuleFunction,
    p: Any,
    y: Any,
    ledger: Ledger,
    rows: IntArray,
    what: str = "forecast",
) -> FloatArray:
    """The rule's losses for the ledger rows ``rows`` (forecasts ``p``, outcomes ``y``),
    checked as :func:`forecastscore.score` checks one: one real number per forecast, never
    NaN (every forecast given to a rule here is valid)."""
    n = len(rows)
    raw = fn(p, y)
    arr = None
    if not isinstance(raw, (str, bytes)):
        try:
            arr = np.asarray(raw)
        except (TypeError, ValueError):  # ragged nested sequences
            arr = None
    if arr is None or arr.dtype.kind not in "fiu":
        raise ForecastTypeError(
            f"rule {rule.name!r} returned {cut_text(repr(raw), 80)}; a rule must return one "
            "number per forecast"
        )
    if arr.shape != (n,):
        raise ShapeError(
            f"rule {rule.name!r} returned shape {arr.shape} for {n} forecasts; a rule must "
            "return one number per forecast"
        )
    # A copy only where the result may be shared (a rule may return its input, or a view).
    fresh = arr.flags.owndata and arr.flags.writeable
    fresh = fresh and not (np.may_share_memory(arr, p) or np.may_share_memory(arr, y))
    out = arr.astype(np.float64, copy=not fresh)
    if np.isnan(out).any():
        nan = np.flatnonzero(np.isnan(out))
        raise InvalidOptionError(
            f"{ledger._at(int(rows[nan[0]]))}: rule {rule.name!r} returned NaN for a valid "
            f"{what} ({nan.size} of {n} such)"
        )
    return out


def _score_rows(
    ledger: Ledger,
    outcomes: Iterable[Outcome],
    *,
    rule: RuleLike,
    hindsight: str,
    questions: Iterable[Question] | None,
    knowledge_cutoffs: Mapping[str, Time] | None = None,
    leakage: str = "raise",
) -> _Scored:
    if not isinstance(ledger, Ledger):
        raise ForecastTypeError(f"ledger must be a Ledger (got {type(ledger)!r})")
    quantity_rule = isinstance(rule, str) and rule in QUANTITY_RULES
    if quantity_rule and rule not in RULES:
        # 'crps', 'quantile', 'interval', 'wis': rules of quantities only ('log' is both).
        r = Rule(str(rule), _no_probability, _no_probability, "the outcome's units")
    else:
        r = get_rule(rule)
    _checks.check_choice("hindsight", hindsight, ("raise", "drop"))
    _checks.check_choice("leakage", leakage, ("raise", "drop"))
    cutoff_end = _cutoffs(ledger, knowledge_cutoffs)
    res = _resolve(ledger, outcomes, questions)
    q = ledger._qcodes
    n = len(q)
    resolved_row = res.resolved[q]
    if res.has.all() and not res.annulled.any():
        # Every question resolved, none annulled (the common case): no per-row masks.
        has = live = np.ones(n, dtype=bool)
        ann = np.zeros(n, dtype=bool)
    else:
        has, ann = res.has[q], res.annulled[q]
        live = has & ~ann
    ok = live & _valid(ledger._made, ledger._is_date, resolved_row)
    late = np.flatnonzero(live & ~ok) if not ok.all() else np.empty(0, dtype=np.intp)
    if hindsight == "raise" and late.size:
        i = int(late[0])
        qc = int(q[i])
        o = res.outcome[qc]
        assert o is not None
        made = make_time(int(ledger._made[i]), bool(ledger._is_date[i]), int(ledger._offset[i]))
        raise HindsightError(
            f"{ledger._at(i)}: the prediction by {ledger._fnames[ledger._fcodes[i]]!r} on question "
            f"{ledger._qnames[qc]!r} was made at {made.isoformat()}, not before its outcome "
            f"was known at {o.resolved_at.isoformat()} ({late.size} such row(s); pass "
            "hindsight='drop' to drop and count them)"
        )
    leaked = np.empty(0, dtype=np.intp)
    if cutoff_end is not None:
        # Resolved on or before the forecaster's cutoff: the earliest instant of the
        # resolution is before the end of the cutoff (its whole UTC day, for a date).
        leak = ok & (resolved_row < cutoff_end[ledger._fcodes])
        leaked = np.flatnonzero(leak)
        if leakage == "raise" and leaked.size:
            _raise_leakage(ledger, res, knowledge_cutoffs or {}, leaked)
        ok &= ~leak
    every = bool(ok.all())
    rows = np.arange(n) if every else np.flatnonzero(ok)
    # The columns at the scored rows (the columns themselves when every row is scored).
    q_rows = q if every else q[rows]
    kind = ledger._kind if every else ledger._kind[rows]
    low = ledger._low if every else ledger._low[rows]
    is_qty = kind == _QUANTITY
    _check_rule_fits(ledger, rows, is_qty, rule, quantity_rule)
    happened_q = np.full(len(ledger._qnames), None, dtype=object)
    any_qty = bool(is_qty.any())
    y_q = _binary_outcomes(ledger, res, rows[~is_qty] if any_qty else rows, happened_q)
    if np.isnan(res.soft).all():  # no probability outcome (the common case)
        soft_row = np.full(len(rows), math.nan)
        is_soft = np.zeros(len(rows), dtype=bool)
    else:
        soft_row = res.soft[q_rows]
        is_soft = ~np.isnan(soft_row)
    is_point = kind == _POINT
    is_rng = kind == _RANGE
    is_cat = kind == _CATEGORICAL
    hard_point, soft_point = is_point & ~is_soft, is_point & is_soft
    hard_rng, soft_rng = is_rng & ~is_soft, is_rng & is_soft
    fn = r.binary
    if (is_soft & ~is_cat).any():
        fn = soft_function(r, res.outcome_at[int(q_rows[np.flatnonzero(is_soft)[0]])])
    y_rows = y_q[q_rows]
    only_points = bool(len(rows)) and bool(hard_point.all())
    if only_points:
        # Only plain probabilities against outcomes that happened or not: one pass, no masks.
        score = _apply(r, r.binary, low, y_rows, ledger, rows)
        best, worst = score.copy(), score.copy()
    else:
        score = np.empty(len(rows))
        best = np.empty(len(rows))
        worst = np.empty(len(rows))
    if not only_points and hard_point.any():
        sel = rows[hard_point]
        s = _apply(r, r.binary, ledger._low[sel], y_q[q[sel]], ledger, sel)
        score[hard_point] = best[hard_point] = worst[hard_point] = s
    if soft_point.any():
        sel = rows[soft_point]
        s = _apply(r, fn, ledger._low[sel], soft_row[soft_point], ledger, sel)
        score[soft_point] = best[soft_point] = worst[soft_point] = s
    if hard_rng.any():
        sel = rows[hard_rng]
        y = y_q[q[sel]]
        a = _apply(r, r.binary, ledger._low[sel], y, ledger, sel, "forecast (a range's low end)")
        b = _apply(r, r.binary, ledger._high[sel], y, ledger, sel, "forecast (a range's high end)")
        best[hard_rng] = np.minimum(a, b)
        worst[hard_rng] = np.maximum(a, b)
    if soft_rng.any():
        # A proper rule's expected score falls towards q and rises past it: the best of a
        # range is at its point nearest q, the worst at an end.
        sel = rows[soft_rng]
        qs = soft_row[soft_rng]
        lo, hi = ledger._low[sel], ledger._high[sel]
        near = np.clip(qs, lo, hi)
        best[soft_rng] = _apply(
            r, fn, near, qs, ledger, sel, "forecast (a range's point nearest q)"
        )
        a = _apply(r, fn, lo, qs, ledger, sel, "forecast (a range's low end)")
        b = _apply(r, fn, hi, qs, ledger, sel, "forecast (a range's high end)")
        worst[soft_rng] = np.maximum(a, b)
    if is_rng.any():
        score[is_rng] = math.nan
    dense, k_rows, k_q, universe = _categorical_matrix(ledger, res, rows[is_cat], happened_q)
    if is_cat.any():
        s = _apply(r, r.categorical, dense, k_rows, ledger, rows[is_cat])
        score[is_cat] = best[is_cat] = worst[is_cat] = s
    outcome: IntArray | FloatArray = y_rows
    if is_cat.any():
        outcome[is_cat] = k_rows
    if is_soft.any():
        outcome = np.where(is_soft, soft_row, outcome)
    if any_qty:
        from ._quantity_scores import score_quantity_rows

        qs, y_days, happened_qty = score_quantity_rows(
            ledger, rows[is_qty], str(rule), res.outcome, res.question, res.outcome_at
        )
        score[is_qty] = best[is_qty] = worst[is_qty] = qs
        outcome = outcome.astype(np.float64)
        outcome[is_qty] = y_days
        set_q = np.flatnonzero(happened_qty != None)  # noqa: E711 (elementwise)
        happened_q[set_q] = happened_qty[set_q]
    return _Scored(
        rows=rows,
        score=score,
        best=best,
        worst=worst,
        is_range=is_rng,
        unresolved=np.flatnonzero(~has),
        annulled=np.flatnonzero(has & ann),
        hindsight=late,
        leakage=leaked,
        resolved=res,
        rule=r,
        y_binary=y_q,
        k_categorical=k_q,
        universe=universe,
        probability=low.copy() if only_points else np.where(is_point, low, math.nan),
        outcome=outcome,
        happened=happened_q.take(q_rows),
        soft=is_soft,
    )


def _no_probability(forecast: Any, outcome: Any) -> Any:
    """The probability form of a rule of quantities: there is none (refused, naming the row,
    before it could be called)."""
    raise InvalidOptionError("this rule scores forecasts of quantities only")


def _check_rule_fits(
    ledger: Ledger, rows: IntArray, is_qty: BoolArray, rule: RuleLike, quantity_rule: bool
) -> None:
    """Refuse, naming the first such row, a forecast of a quantity under a rule of
    probabilities, and a probability under a rule of quantities ('log' scores both)."""
    if is_qty.any() and not quantity_rule:
        i = int(rows[np.flatnonzero(is_qty)[0]])
        raise InvalidOptionError(
            f"{ledger._at(i)}: rule {cut_text(repr(rule), 60)} does not score a forecast of a "
            f"quantity (the prediction by {ledger._fnames[ledger._fcodes[i]]!r} on question "
            f"{ledger._qnames[ledger._qcodes[i]]!r} holds {ledger._quantity[i][0]}; "
            f"{int(is_qty.sum())} such row(s)); use one of "
            f"{', '.join(repr(k) for k in QUANTITY_RULES)}"
        )
    if quantity_rule and rule != "log" and not is_qty.all():
        i = int(rows[np.flatnonzero(~is_qty)[0]])
        raise InvalidOptionError(
            f"{ledger._at(i)}: rule {rule!r} scores forecasts of quantities, but the "
            f"prediction by {ledger._fnames[ledger._fcodes[i]]!r} on question "
            f"{ledger._qnames[ledger._qcodes[i]]!r} is a probability "
            f"({int((~is_qty).sum())} such row(s)); use 'brier', 'log' or 'spherical', or "
            "score the quantities alone (ledger[ledger.forecast_kind != 'probability'])"
        )


def _cutoffs(ledger: Ledger, cutoffs: Mapping[str, Time] | None) -> I64Array | None:
    """Per forecaster code, the end of its knowledge cutoff in µs (exclusive: the day after
    a date, the next microsecond after a datetime); the smallest int64 where it has none.
    Forecasters the ledger does not hold are ignored."""
    if cutoffs is None:
        return None
    if not isinstance(cutoffs, Mapping):
        raise ForecastTypeError(
            "knowledge_cutoffs must be a mapping of forecaster to datetime.date or aware "
            f"datetime.datetime (got {cutoffs!r})"
        )
    index = {str(f): i for i, f in enumerate(ledger._fnames.tolist())}
    end = np.full(len(ledger._fnames), np.iinfo(np.int64).min, dtype=np.int64)
    for name, when in cutoffs.items():
        if not isinstance(name, str):
            raise ForecastTypeError(
                f"knowledge_cutoffs: a forecaster must be a string (got {name!r})"
            )
        us, is_date, _ = time_parts(when, f"knowledge_cutoffs[{name!r}]")
        i = index.get(name)
        if i is not None:
            end[i] = us + (DAY_US if is_date else 1)
    return end


def _raise_leakage(
    ledger: Ledger, res: _Resolved, cutoffs: Mapping[str, Time], leaked: IntArray
) -> None:
    i = int(leaked[0])
    qc = int(ledger._qcodes[i])
    o = res.outcome[qc]
    assert o is not None
    name = str(ledger._fnames[ledger._fcodes[i]])
    raise LeakageError(
        f"{ledger._at(i)}: forecaster {name!r} has a knowledge cutoff of "
        f"{cutoffs[name].isoformat()}, on or after the resolution of question "
        f"{ledger._qnames[qc]!r} at {o.resolved_at.isoformat()} ({res.outcome_at[qc]}): "
        f"its outcome may have been in what the forecaster learned from ({leaked.size} such "
        "row(s); pass leakage='drop' to drop and count them)"
    )


def score_ledger(
    ledger: Ledger,
    outcomes: Iterable[Outcome],
    *,
    rule: RuleLike,
    hindsight: str,
    questions: Iterable[Question] | None,
    knowledge_cutoffs: Mapping[str, Time] | None = None,
    leakage: str = "raise",
) -> ScoreTable:
    """The work of :meth:`Ledger.score` (see its docstring)."""
    s = _score_rows(
        ledger,
        outcomes,
        rule=rule,
        hindsight=hindsight,
        questions=questions,
        knowledge_cutoffs=knowledge_cutoffs,
        leakage=leakage,
    )
    return score_table(ledger, s)


def score_table(ledger: Ledger, s: _Scored) -> ScoreTable:
    """The :class:`ScoreTable` of rows scored by :func:`_score_rows`."""
    resolved = s.resolved.resolved[ledger._qcodes[s.rows]]
    return ScoreTable(
        ledger=ledger,
        rows=s.rows,
        score=s.score,
        best=s.best,
        worst=s.worst,
        is_range=s.is_range,
        probability=s.probability,
        outcome=s.outcome,
        lead_time_days=(resolved - ledger._made[s.rows]) / DAY_US,
        rule=s.rule.name,
        unresolved=s.unresolved,
        annulled=s.annulled,
        hindsight=s.hindsight,
        leakage=s.leakage,
        soft=s.soft,
        happened=s.happened,
    )
