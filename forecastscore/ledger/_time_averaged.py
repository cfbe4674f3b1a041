"""Time-averaged scores: each forecast weighted by how long it stood, until the same
forecaster's next forecast on that question or the resolution (:func:`time_averaged`,
:class:`TimeAveragedTable`).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from .. import _checks
from .._text import format_number, format_score, notes, render_table
from ..errors import (
    InvalidForecastError,
    InvalidOptionError,
    InvalidTimeError,
)
from ..model import (
    Outcome,
    Question,
    Time,
)
from ..scoring import soft_function
from ._columns import (
    _CATEGORICAL,
    _QUANTITY,
    DAY_US,
    BoolArray,
    FloatArray,
    I64Array,
    IntArray,
    ObjArray,
    RuleLike,
    iso_times,
    radix_order,
    time_parts,
)
from ._grouping import _label_rank
from ._ledger import Ledger
from ._score_table import ScoreTable
from ._scoring import _apply, _as_list, _score_rows, _Scored, score_table
from ._summaries import _counts_text, _plain, counts_line, records
from ._tables import _Summaries

# --- time-averaged scores -----------------------------------------------------------------


@attrs.frozen(eq=False)
class TimeAveragedTable(_Summaries):
    r"""One row per (question, forecaster): the time-averaged score (a loss: lower is better).

    Made by :func:`time_averaged`. Rows are sorted by question id, then forecaster.

    Attributes
    ----------
    question, forecaster : ndarray of object
    score : ndarray of float
        The time average; NaN where a probability range stood (see ``best`` and ``worst``).
    best, worst : ndarray of float
        Bounds of the time average (equal to ``score`` without ranges).
    coverage : ndarray of float
        The share of the question's life (from its ``opens``, or else its first forecast by
        anyone in the ledger, to its resolution) in which the forecaster had a forecast
        standing.
    span_days : ndarray of float
        The length of the span averaged over, in days.
    n_forecasts : ndarray of int
        The forecaster's scored forecasts on the question.
    scores : ScoreTable
        The per-prediction scores the averages were made from (and the counts of what was
        not scored).

    Examples
    --------
    Alice says 0.5 on 1 January and 0.9 on 7 January; Bob says 0.8 on 4 January; the event
    is known on 11 January:

    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger, time_averaged
    >>> ledger = Ledger.from_predictions([
    ...     fs.Prediction("q", "alice", dt.date(2022, 1, 1), 0.5),
    ...     fs.Prediction("q", "alice", dt.date(2022, 1, 7), 0.9),
    ...     fs.Prediction("q", "bob", dt.date(2022, 1, 4), 0.8),
    ... ])
    >>> t = time_averaged(ledger, [fs.Outcome("q", dt.date(2022, 1, 11), "yes")])
    >>> t.forecaster
    array(['alice', 'bob'], dtype=object)
    >>> t.score         # (6 * 0.25 + 4 * 0.01) / 10 = 0.154; bob: 0.2**2 = 0.04
    array([0.154, 0.04 ])
    >>> t.span_days, t.coverage     # bob stood 7 of the question's 10 days
    (array([10.,  7.]), array([1. , 0.7]))
    >>> t
    TimeAveragedTable(rule='brier', 2 averages of 3 scored; not scored: 0 unresolved, ...)
    >>> print(t)
    question  forecaster  score  coverage  span days  forecasts
    --------  ----------  -----  --------  ---------  ---------
    q         alice       0.154         1         10          2
    q         bob          0.04       0.7          7          1
    score: brier, each forecast weighted by how long it stood (a loss: lower is better).
    coverage: the share of the question's life in which the forecaster had a forecast standing.
    scored 3; not scored: 0 without an outcome, 0 annulled, 0 hindsight (dropped).
    """

    question: ObjArray
    forecaster: ObjArray
    score: FloatArray
    best: FloatArray
    worst: FloatArray
    coverage: FloatArray
    span_days: FloatArray
    n_forecasts: IntArray
    scores: ScoreTable
    _qcodes: IntArray
    _fcodes: IntArray
    _rows: IntArray  # the first scored ledger row of each (question, forecaster)

    def __len__(self) -> int:
        return len(self.question)

    def __repr__(self) -> str:
        return (
            f"TimeAveragedTable(rule={self.scores.rule!r}, {len(self)} averages of "
            f"{_counts_text(self.counts)})"
        )

    @property
    def counts(self) -> dict[str, int]:
        """The counts of :attr:`scores` (predictions scored and left out, by reason)."""
        return self.scores.counts

    def __str__(self) -> str:
        """A plain-text table, one row per (question, forecaster), then its notes."""
        return self._render(counts=True)

    def _render(self, *, counts: bool) -> str:
        rows = [
            [str(q), str(f), format_score(s, b, w), format_number(c), format_number(d), str(n)]
            for q, f, s, b, w, c, d, n in zip(
                self.question.tolist(),
                self.forecaster.tolist(),
                self.score.tolist(),
                self.best.tolist(),
                self.worst.tolist(),
                self.coverage.tolist(),
                self.span_days.tolist(),
                self.n_forecasts.tolist(),
                strict=True,
            )
        ]
        headers = ["question", "forecaster", "score", "coverage", "span days", "forecasts"]
        table = render_table(headers, rows, {2, 3, 4, 5})
        lines = [
            f"score: {self.scores.rule}, each forecast weighted by how long it stood "
            "(a loss: lower is better).",
            "coverage: the share of the question's life in which the forecaster had a "
            "forecast standing.",
        ]
        if (np.isnan(self.score) & ~np.isnan(self.best)).any():
            lines.append("a..b: the best and worst average where a probability range stood.")
        if counts:
            lines.append(counts_line(self.counts) + ".")
        return table + "\n" + notes(lines)

    def _columns(self) -> dict[str, Any]:
        return {
            "question": self.question.tolist(),
            "forecaster": self.forecaster.tolist(),
            "score": self.score,
            "best": self.best,
            "worst": self.worst,
            "coverage": self.coverage,
            "span_days": self.span_days,
            "n_forecasts": self.n_forecasts,
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per row: question, forecaster, score, best, worst, coverage, span_days,
        n_forecasts (NaN as ``None``)."""
        return records(_plain(self._columns()))

    def _values(self) -> tuple[ObjArray, IntArray, FloatArray, FloatArray, FloatArray, BoolArray]:
        is_rng = np.isnan(self.score) & ~np.isnan(self.best)
        lg = self.scores.ledger
        return lg._qnames, self._qcodes, self.score, self.best, self.worst, is_rng

    def _forecasters(self) -> tuple[ObjArray, IntArray]:
        return self.scores.ledger._fnames, self._fcodes

    def _entry_rows(self) -> tuple[Ledger, IntArray]:
        return self.scores.ledger, self._rows

    def _weights(self, weights: Any) -> tuple[FloatArray, str]:
        """As for any table; a column must hold one weight per (question, forecaster), since
        a time average is one entry made of all the pair's forecasts."""
        w, name = super()._weights(weights)
        lg = self.scores.ledger
        if isinstance(weights, str) and weights in lg._extra:
            rows = self.scores.rows
            nf = max(len(lg._fnames), 1)
            pair = lg._qcodes[rows].astype(np.int64) * nf + lg._fcodes[rows]
            entry_pair = self._qcodes.astype(np.int64) * nf + self._fcodes
            order = np.argsort(entry_pair, kind="stable")
            entry = order[np.searchsorted(entry_pair, pair, sorter=order)]
            column = lg._extra[weights]
            differs = column[rows] != column[self._rows[entry]]
            if differs.any():
                i = int(np.flatnonzero(differs)[0])
                j = int(entry[i])
                raise InvalidOptionError(
                    f"weights: column {weights!r} holds {column[self._rows[j]]!r} "
                    f"({lg._at(int(self._rows[j]))}) and {column[rows[i]]!r} "
                    f"({lg._at(int(rows[i]))}) for forecaster {self.forecaster[j]!r} on "
                    f"question {self.question[j]!r}; a time average has one weight per "
                    "(question, forecaster): give each pair's rows one weight, or pass one "
                    "weight per row of this table"
                )
        return w, name


def time_averaged(
    ledger: Ledger,
    outcomes: Iterable[Outcome],
    *,
    rule: RuleLike = "brier",
    hindsight: str = "raise",
    questions: Iterable[Question] | None = None,
    start: str = "first",
    fill: str | float = "uniform",
    granularity: str = "exact",
    knowledge_cutoffs: Mapping[str, Time] | None = None,
    leakage: str = "raise",
) -> TimeAveragedTable:
    r"""Time-averaged score of each forecaster on each question (a loss: lower is better).

    Each forecast stands from its ``made_at`` until the same forecaster's next forecast on the
    same question, or until the outcome is known; the question score is the average of the
    standing forecasts' scores weighted by how long each stood:

    .. math::

        \bar S = \frac{1}{T_\text{end} - T_\text{start}}
                 \sum_i (t_{i+1} - t_i)\, S(p_i, y), \qquad t_{n+1} = T_\text{end},

    where :math:`t_i` is when forecast :math:`i` was made, :math:`T_\text{end}` when the
    outcome became known, and :math:`T_\text{start}` the start of the span. A forecast
    repeated unchanged, or one standing forecast split in two, leaves the average unchanged;
    so, unlike a plain mean over predictions, many small updates just before resolution do
    not dominate a track record.

    Times are earliest instants (00:00 UTC for a date). With ``granularity="day"`` the span
    is counted in whole UTC days as Good Judgment Open scores it [1]_: each day is scored by
    the forecast standing at its end (the last one made that day or before), from the day of
    the first forecast through the last day that begins before the resolution.

    A probability outcome (``Outcome(..., probability=q)``) is averaged like any other:
    each standing forecast scored against :math:`q` by the rule's form against probability
    outcomes.

    Forecasts of quantities (quantiles, distributions, samples) are averaged the same way
    under the rules of quantities (``'crps'``, ``'log'``, ``'quantile'``, ``'interval'``,
    ``'wis'``), each standing forecast scored as :meth:`Ledger.score` scores it.

    Parameters
    ----------
    ledger : Ledger
    outcomes : iterable of Outcome
    rule, hindsight, questions
        As in :meth:`Ledger.score`; hindsight predictions are dropped and counted, or raise.
    start : {'first', 'opens'}, default 'first'
        Where the span starts: the forecaster's first forecast on the question, or the
        question's ``opens`` (``questions`` must then give every scored question an
        ``opens``; a forecast made before ``opens`` starts the span itself).
    fill : 'uniform' or float, default 'uniform'
        With ``start="opens"``, the forecast assumed from ``opens`` to the first forecast:
        ``'uniform'`` gives every option the same probability (0.5 on a yes/no question); a
        number is P(yes) (binary forecasts only).
    granularity : {'exact', 'day'}, default 'exact'
        Weight by exact durations, or by whole UTC days.
    knowledge_cutoffs, leakage
        As in :meth:`Ledger.score`: predictions on questions resolved on or before their
        forecaster's knowledge cutoff raise :class:`~forecastscore.LeakageError`, or are
        dropped and counted (``scores.leakage``) before averaging.

    Returns
    -------
    TimeAveragedTable
        One row per (question, forecaster), with the coverage: the share of the question's
        life in which the forecaster had a forecast standing.

    Raises
    ------
    InvalidOptionError
        A bad ``start``, ``fill`` or ``granularity``, ``start="opens"`` without
        ``questions``, or ``start="opens"`` where a forecast of a quantity would need a fill
        (there is none: the message names the row).
    InvalidTimeError
        ``start="opens"`` and a scored question without ``opens``.
    InvalidForecastError
        A forecaster with two of a plain probability, a mapping over options and a
        forecast of a quantity on one question (scores on different scales); two forecasts
        by one forecaster on one question made at the same instant (which of them stood
        would depend on the order of the rows; the message names both); or as in
        :meth:`Ledger.score` (a rule that does not fit a row names the row).
    HindsightError, LeakageError, InvalidOutcomeError, UnknownRuleError
        As in :meth:`Ledger.score`.

    References
    ----------
    .. [1] Good Judgment Open, "Frequently asked questions": the Brier score of a question
       is the average of the daily Brier scores over the days it was open, each day scored
       by the forecast standing at the end of that day.

    Examples
    --------
    Good Judgment Open's published example: 0.9 on days 1-3, 0.95 on days 4-7, and the event
    happens. The daily two-option Brier scores are 0.02 and 0.005; the question score is
    (3 * 0.02 + 4 * 0.005) / 7 = 0.08 / 7:

    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger, time_averaged
    >>> ledger = Ledger.from_predictions([
    ...     fs.Prediction("q", "me", dt.date(2022, 3, 1), {"no": 0.1, "yes": 0.9}),
    ...     fs.Prediction("q", "me", dt.date(2022, 3, 4), {"no": 0.05, "yes": 0.95}),
    ... ])
    >>> t = time_averaged(ledger, [fs.Outcome("q", dt.date(2022, 3, 8), "yes")],
    ...                   granularity="day")
    >>> t.score, t.span_days, t.coverage
    (array([0.01142857]), array([7.]), array([1.]))
    """
    _checks.check_choice("start", start, ("first", "opens"))
    _checks.check_choice("granularity", granularity, ("exact", "day"))
    fill_p = _check_fill(fill)
    if start == "opens" and questions is None:
        raise InvalidOptionError("start='opens' needs questions= (each with its opens)")
    qlist = None if questions is None else _as_list(questions, "questions", Question)
    s = _score_rows(
        ledger,
        outcomes,
        rule=rule,
        hindsight=hindsight,
        questions=qlist,
        knowledge_cutoffs=knowledge_cutoffs,
        leakage=leakage,
    )
    table = score_table(ledger, s)
    rows = s.rows
    q = ledger._qcodes[rows]
    f = ledger._fcodes[rows]
    # Sorted by question and forecaster name, then by the instant each forecast was made;
    # two forecasts at the same instant are refused, so the order of rows never matters.
    order = _group_time_order(ledger, rows, q, f)
    rows_o = rows[order]
    q, f, t = q[order], f[order], ledger._made[rows_o]
    _refuse_same_instant(ledger, rows_o, q, f, t, "time_averaged")
    end_q = s.resolved.resolved.copy()
    if granularity == "day":
        # Each day is scored by the forecast standing at its end: the last one made that
        # day, by the instants just sorted (a date counts as its first instant).
        t = (t // DAY_US) * DAY_US
        end_q = -((-end_q) // DAY_US) * DAY_US
    ranges = bool(s.is_range.any())
    score = s.score[order]
    # Without ranges the best and worst are the score itself (gathered and averaged once).
    best, worst = (s.best[order], s.worst[order]) if ranges else (score, score)
    n = len(rows)
    new = np.ones(n, dtype=bool)
    new[1:] = (q[1:] != q[:-1]) | (f[1:] != f[:-1])
    gid = np.cumsum(new) - 1
    heads = np.flatnonzero(new)
    n_groups = len(heads)
    nxt = np.empty(n, dtype=np.int64)
    nxt[:-1] = t[1:]
    last = np.ones(n, dtype=bool)
    last[:-1] = new[1:]
    nxt[last] = end_q[q[last]]
    dur = (nxt - t).astype(np.float64)
    # A binary and a categorical forecast by one forecaster on one question are scored on
    # different scales (Brier 0..1 and 0..2), and a probability and a forecast of a quantity
    # (under 'log') on others still: they cannot be averaged together.
    kinds = ledger._kind[rows_o]
    scale = np.where(kinds == _QUANTITY, 2, np.where(kinds == _CATEGORICAL, 1, 0))
    mixed = (
        np.flatnonzero(np.minimum.reduceat(scale, heads) != np.maximum.reduceat(scale, heads))
        if n and scale.min() != scale.max()
        else heads[:0]
    )
    if mixed.size:
        g = int(mixed[0])
        members = rows_o[gid == g]
        member_scale = scale[gid == g]
        names = ("a plain probability", "a mapping over options", "a forecast of a quantity")
        lo, hi = int(member_scale.min()), int(member_scale.max())
        a_row = int(members[member_scale == lo].min())
        b_row = int(members[member_scale == hi].min())
        raise InvalidForecastError(
            f"forecaster {ledger._fnames[f[heads[g]]]!r} gave both {names[lo]} "
            f"({ledger._at(a_row)}) and {names[hi]} ({ledger._at(b_row)}) on "
            f"question {ledger._qnames[q[heads[g]]]!r}; their scores are on different "
            "scales and cannot be time-averaged together"
        )
    first_t = t[heads]
    gq, gf = q[heads], f[heads]
    end_g = end_q[gq]
    # Life of each question: its opens, else its first forecast by anyone.
    life_start = np.full(len(ledger._qnames), np.iinfo(np.int64).max, dtype=np.int64)
    if n:  # the rows of a question are together (sorted by question first)
        q_heads = np.flatnonzero(np.concatenate(([True], q[1:] != q[:-1])))
        life_start[q[q_heads]] = np.minimum.reduceat(t, q_heads)
    opens = _opens(s, granularity)
    has_opens = opens != np.iinfo(np.int64).max
    life_start = np.where(has_opens, np.minimum(opens, life_start), life_start)
    if start == "opens":
        missing = np.flatnonzero(~has_opens[gq])
        if missing.size:
            name = ledger._qnames[gq[int(missing[0])]]
            raise InvalidTimeError(
                f"question {name!r} has no 'opens'; start='opens' needs one for every question"
            )
        span_start = np.minimum(opens[gq], first_t)
    else:
        span_start = first_t
    fill_dur = (first_t - span_start).astype(np.float64)
    fill_score = _fill_scores(s, ledger, rows_o[heads], fill_p, np.flatnonzero(fill_dur > 0))

    def average(values: FloatArray) -> FloatArray:
        # Forecasts that stood for no time weigh nothing, even with an infinite score
        # (``where=`` keeps 0 * inf from being computed at all).
        contrib = np.multiply(dur, values, out=np.zeros(n), where=dur > 0)
        # (bincount gives integers when there is nothing to count)
        total = np.bincount(gid, weights=contrib, minlength=n_groups).astype(np.float64)
        total += np.multiply(fill_dur, fill_score, out=np.zeros(n_groups), where=fill_dur > 0)
        out: FloatArray = total / (end_g - span_start)
        return out

    avg_best = average(best)
    if ranges:
        avg_worst = average(worst)
        rng_in = np.bincount(gid, weights=np.isnan(score) & (dur > 0), minlength=n_groups) > 0
        avg = np.where(rng_in, math.nan, avg_best)
    else:
        avg_worst, avg = avg_best.copy(), avg_best.copy()
    coverage = (end_g - first_t) / (end_g - life_start[gq])
    return TimeAveragedTable(
        question=ledger._qnames[gq],
        forecaster=ledger._fnames[gf],
        score=avg,
        best=avg_best,
        worst=avg_worst,
        coverage=coverage,
        span_days=(end_g - span_start) / DAY_US,
        n_forecasts=np.bincount(gid, minlength=n_groups),
        scores=table,
        qcodes=gq,
        fcodes=gf,
        rows=rows_o[heads],
    )


def _group_time_order(ledger: Ledger, rows: IntArray, q: IntArray, f: IntArray) -> IntArray:
    """The order of ``rows`` by question name, forecaster name, time made, then row: what
    ``np.lexsort((rows, made, f_rank[f], q_rank[q]))`` gives, found by stable radix sorts
    of 16-bit digits (numpy sorts those in linear time: several times faster)."""
    made = ledger._made[rows]
    if len(made) and not (made % DAY_US).any():
        made = made // DAY_US  # dates: whole days, a narrower key
    return radix_order([_label_rank(ledger._qnames)[q], _label_rank(ledger._fnames)[f], made])


def _refuse_same_instant(
    ledger: Ledger, rows: IntArray, q: IntArray, f: IntArray, t: I64Array, what: str
) -> None:
    """Refuse two forecasts by one forecaster on one question made at the same instant
    (rows sorted by question, forecaster and time): which of them stood would depend on
    the order of the rows."""
    same = np.flatnonzero((q[1:] == q[:-1]) & (f[1:] == f[:-1]) & (t[1:] == t[:-1]))
    if not same.size:
        return
    k = int(same[0])
    a, b = sorted((int(rows[k]), int(rows[k + 1])))
    when = iso_times(ledger._made[[a]], ledger._is_date[[a]], ledger._offset[[a]])[0]
    raise InvalidForecastError(
        f"{ledger._at(a)} and {ledger._at(b)}: forecaster {ledger._fnames[f[k]]!r} made two "
        f"forecasts on question {ledger._qnames[q[k]]!r} at the same instant ({when}); "
        f"{what} cannot tell which of them stood: keep one, or give each its own time "
        f"({same.size} such pair(s))"
    )


def _check_fill(fill: str | float) -> float | None:
    if isinstance(fill, str):
        _checks.check_choice("fill", fill, ("uniform",))
        return None
    if isinstance(fill, bool) or not isinstance(fill, numbers.Real) or not 0 <= fill <= 1:
        raise InvalidOptionError(
            f"fill must be 'uniform' or a probability in [0, 1] (got {fill!r})"
        )
    return float(fill)


def _opens(s: _Scored, granularity: str) -> I64Array:
    big = np.iinfo(np.int64).max
    out = np.full(len(s.resolved.question), big, dtype=np.int64)
    for i, qu in enumerate(s.resolved.question):
        if qu is not None and qu.opens is not None:
            us = time_parts(qu.opens, "opens")[0]
            out[i] = (us // DAY_US) * DAY_US if granularity == "day" else us
    return out


def _fill_scores(
    s: _Scored, ledger: Ledger, head_rows: IntArray, fill: float | None, need: IntArray
) -> FloatArray:
    """Score of the fill forecast for each group (only computed where it is needed)."""
    out = np.zeros(len(head_rows))
    if not need.size:
        return out
    rows = head_rows[need]
    qc = ledger._qcodes[rows]
    qty = np.flatnonzero(ledger._kind[rows] == _QUANTITY)
    if qty.size:
        i = int(rows[qty[0]])
        raise InvalidOptionError(
            f"{ledger._at(i)}: start='opens' fills the time before a forecaster's first "
            f"forecast with a probability, but the prediction by "
            f"{ledger._fnames[ledger._fcodes[i]]!r} on question "
            f"{ledger._qnames[ledger._qcodes[i]]!r} holds {ledger._quantity[i][0]}, for "
            "which there is no fill forecast; use start='first'"
        )
    cat = ledger._kind[rows] == _CATEGORICAL
    p = 0.5 if fill is None else fill
    q = s.resolved.soft[qc]
    hard, soft = ~cat & np.isnan(q), ~cat & ~np.isnan(q)
    if hard.any():
        y = s.y_binary[qc[hard]]
        out[need[hard]] = _apply(
            s.rule, s.rule.binary, np.full(len(y), p), y, ledger, rows[hard], "fill forecast"
        )
    if soft.any():
        fn = soft_function(s.rule, s.resolved.outcome_at[int(qc[soft][0])])
        out[need[soft]] = _apply(
            s.rule, fn, np.full(int(soft.sum()), p), q[soft], ledger, rows[soft], "fill forecast"
        )
    if cat.any():
        if fill is not None:
            raise InvalidOptionError(
                "a numeric fill is P(yes) for binary forecasts; use fill='uniform' for "
                "categorical ones"
            )
        k = s.k_categorical[qc[cat]]
        sizes = np.array([len(s.universe[c] or ()) for c in qc[cat].tolist()])
        width = int(sizes.max())
        dense = np.where(np.arange(width) < sizes[:, None], 1.0 / sizes[:, None], 0.0)
        out[need[cat]] = _apply(
            s.rule, s.rule.categorical, dense, k, ledger, rows[cat], "fill forecast"
        )
    return out
