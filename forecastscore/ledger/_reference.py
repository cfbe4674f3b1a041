"""Each claim against a reference's forecast standing when the claim was made
(:func:`compare_to_reference`, :class:`ReferenceTable`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np

from .._text import format_number, format_score, notes, render_table
from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
)
from ..model import (
    Outcome,
    Question,
)
from ._columns import (
    _CATEGORICAL,
    _QUANTITY,
    BoolArray,
    FloatArray,
    IntArray,
    ObjArray,
    RuleLike,
    iso_times,
)
from ._ledger import Ledger
from ._score_table import ScoreTable
from ._scoring import _as_list, _score_rows, score_ledger
from ._summaries import _counts_text, _plain, records
from ._tables import _Summaries
from ._time_averaged import _refuse_same_instant

# --- a date-aligned reference -------------------------------------------------------------


@attrs.frozen(eq=False)
class ReferenceTable(_Summaries):
    r"""Each claim scored against the reference forecast standing when it was made.

    Made by :func:`compare_to_reference`. ``difference = score - reference_score`` is a
    difference of losses: **negative means the claim beat the reference** at the time.

    Attributes
    ----------
    scores : ScoreTable
        The claims that had a reference forecast standing (rows of the claims' ledger).
    reference_row : ndarray of int
        The row of the reference ledger standing at each claim.
    reference_score : ndarray of float
        The score (a loss, by the same rule) of the reference forecast standing at each claim.
    difference, difference_best, difference_worst : ndarray of float
        ``score - reference_score`` (NaN for a range claim), and with the claim's best and
        worst scores.
    no_reference : ndarray of int
        Rows of the claims' ledger, scored, for which no reference forecast was standing.

    Examples
    --------
    A pundit says 0.9 before the crowd has spoken, then 0.2 when the crowd says 0.6; the
    event happens:

    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger, compare_to_reference
    >>> crowd = Ledger.from_predictions([fs.Prediction("q", "crowd", dt.date(2022, 1, 10), 0.6)])
    >>> pundit = Ledger.from_predictions([
    ...     fs.Prediction("q", "pundit", dt.date(2022, 1, 1), 0.9),
    ...     fs.Prediction("q", "pundit", dt.date(2022, 1, 20), 0.2),
    ... ])
    >>> t = compare_to_reference(pundit, crowd, [fs.Outcome("q", dt.date(2022, 2, 24), "yes")])
    >>> t.no_reference                  # the 0.9 came before any crowd forecast
    array([0])
    >>> t.scores.rows, t.scores.score   # (0.2 - 1)**2 = 0.64
    (array([1]), array([0.64]))
    >>> t.reference_score, t.difference     # (0.6 - 1)**2 = 0.16; 0.64 - 0.16 > 0: worse
    (array([0.16]), array([0.48]))
    >>> t
    ReferenceTable(rule='brier', 1 compared, 1 without a reference; 1 scored; not scored: ...)
    >>> print(t)
    question  forecaster  made_at     score  reference  difference
    --------  ----------  ----------  -----  ---------  ----------
    q         pundit      2022-01-20   0.64       0.16        0.48
    score, reference: brier (a loss: lower is better) of the claim and of the reference ...
      reference.
    compared 1; 1 scored without a reference standing; not scored: 0 without an outcome, ...
      hindsight (dropped).
    """

    scores: ScoreTable
    reference_row: IntArray
    reference_score: FloatArray
    difference: FloatArray
    difference_best: FloatArray
    difference_worst: FloatArray
    no_reference: IntArray

    def __len__(self) -> int:
        return len(self.reference_row)

    def __repr__(self) -> str:
        return (
            f"ReferenceTable(rule={self.scores.rule!r}, {len(self)} compared, "
            f"{len(self.no_reference)} without a reference; "
            f"{_counts_text(self.scores.counts)})"
        )

    @property
    def counts(self) -> dict[str, int]:
        """The counts of :attr:`scores`, and the claims without a standing reference."""
        return {**self.scores.counts, "no_reference": len(self.no_reference)}

    def __str__(self) -> str:
        """A plain-text table, one row per claim compared, then its notes."""
        sc = self.scores
        lg = sc.ledger
        made = iso_times(lg._made[sc.rows], lg._is_date[sc.rows], lg._offset[sc.rows])
        rows = [
            [
                str(q),
                str(f),
                m,
                format_score(s, b, w),
                format_number(r),
                format_score(d, db, dw),
            ]
            for q, f, m, s, b, w, r, d, db, dw in zip(
                sc.question.tolist(),
                sc.forecaster.tolist(),
                made,
                sc.score.tolist(),
                sc.best.tolist(),
                sc.worst.tolist(),
                self.reference_score.tolist(),
                self.difference.tolist(),
                self.difference_best.tolist(),
                self.difference_worst.tolist(),
                strict=True,
            )
        ]
        headers = ["question", "forecaster", "made_at", "score", "reference", "difference"]
        table = render_table(headers, rows, {3, 4, 5}, whole=frozenset({2}))
        lines = [
            f"score, reference: {sc.rule} (a loss: lower is better) of the claim and of the "
            "reference forecast standing when it was made; difference: score - reference, "
            "negative where the claim beat the reference.",
        ]
        if sc.is_range.any():
            lines.append("a..b: from the best and the worst score of a probability range.")
        c = self.counts
        lines.append(
            f"compared {len(self)}; {c['no_reference']} scored without a reference standing; "
            f"not scored: {c['unresolved']} without an outcome, {c['annulled']} annulled, "
            f"{c['hindsight']} hindsight (dropped)."
        )
        return table + "\n" + notes(lines)

    def _columns(self) -> dict[str, Any]:
        cols = self.scores._columns()
        del cols["probability"], cols["outcome"]
        return {
            **cols,
            "reference_score": self.reference_score,
            "difference": self.difference,
            "difference_best": self.difference_best,
            "difference_worst": self.difference_worst,
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per claim compared: question, forecaster, made_at, lead_time_days,
        score, best, worst, reference_score, difference, difference_best, difference_worst
        (NaN as ``None``)."""
        return records(_plain(self._columns()))

    def _values(self) -> tuple[ObjArray, IntArray, FloatArray, FloatArray, FloatArray, BoolArray]:
        sc = self.scores
        lg = sc.ledger
        return (
            lg._qnames,
            lg._qcodes[sc.rows],
            self.difference,
            self.difference_best,
            self.difference_worst,
            sc.is_range,
        )

    def _forecasters(self) -> tuple[ObjArray, IntArray]:
        return self.scores.ledger._fnames, self.scores.ledger._fcodes[self.scores.rows]

    def _entry_rows(self) -> tuple[Ledger, IntArray]:
        return self.scores.ledger, self.scores.rows


def compare_to_reference(
    ledger: Ledger,
    reference: Ledger,
    outcomes: Iterable[Outcome],
    *,
    rule: RuleLike = "brier",
    hindsight: str = "raise",
    questions: Iterable[Question] | None = None,
) -> ReferenceTable:
    r"""Score each claim against the reference forecast standing when it was made.

    "Was the pundit better than the crowd at the time?": for each scored claim, the
    baseline is the latest forecast in ``reference`` on the same question made at or before
    the claim (comparing earliest instants, so a reference dated the same day as a dated
    claim counts), and the table gives the difference of losses claim by claim:

    .. math::

        D_i = S(p_i, y) - S(r_{q(i)}(t_i), y)

    (negative: the claim beat the reference). Reference forecasts that are themselves
    hindsight never stand. Claims with no reference forecast standing are counted in
    :attr:`ReferenceTable.no_reference`.

    Parameters
    ----------
    ledger : Ledger
        The claims.
    reference : Ledger
        One forecaster's point forecasts (a crowd, a market, a model), binary where the
        claims are binary, categorical where they are categorical, and of a quantity
        (quantiles, a distribution, samples, scored by a rule of quantities such as
        ``'crps'``) where the claims are of a quantity.
    outcomes, rule, hindsight, questions
        As in :meth:`Ledger.score` (``hindsight`` applies to the claims).

    Raises
    ------
    InvalidOptionError
        A reference with more than one forecaster.
    InvalidForecastError
        A probability range in the reference, a binary claim matched to a categorical
        reference forecast (or the reverse), whose scores are on different scales, a
        claim and its reference that both score ``inf`` (their difference is undefined), or
        two reference forecasts made at the same instant on a claim's question (which of
        them stood would depend on the order of the rows); a claim of a quantity matched to
        a reference probability (or the reverse); or as in :meth:`Ledger.score` (a rule that
        does not fit a row of either ledger names the row).

    Examples
    --------
    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger, compare_to_reference
    >>> crowd = Ledger.from_predictions([
    ...     fs.Prediction("q", "crowd", dt.date(2022, 1, 1), 0.4),
    ...     fs.Prediction("q", "crowd", dt.date(2022, 1, 20), 0.7),
    ... ])
    >>> pundit = Ledger.from_predictions([fs.Prediction("q", "pundit", dt.date(2022, 1, 8), 0.3)])
    >>> cmp = compare_to_reference(pundit, crowd, [fs.Outcome("q", dt.date(2022, 2, 24), "yes")])
    >>> cmp.reference_score, cmp.difference     # 0.6**2 = 0.36; 0.49 - 0.36
    (array([0.36]), array([0.13]))
    """
    if not isinstance(ledger, Ledger):
        raise ForecastTypeError(f"ledger must be a Ledger (got {type(ledger)!r})")
    if not isinstance(reference, Ledger):
        raise ForecastTypeError(f"reference must be a Ledger (got {type(reference)!r})")
    if len(reference.forecasters) > 1:
        raise InvalidOptionError(
            f"reference must hold one forecaster's forecasts (got {reference.forecasters!r}); "
            "filter it first"
        )
    if reference.is_range.any():
        i = int(np.flatnonzero(reference.is_range)[0])
        raise InvalidForecastError(
            f"reference {reference._at(i)} is a probability range; a reference needs point "
            "forecasts"
        )
    # A list is kept as it is: outcomes read from a file remember their lines.
    outs = _as_list(outcomes, "outcomes", Outcome)
    qlist = None if questions is None else _as_list(questions, "questions", Question)
    table = score_ledger(ledger, outs, rule=rule, hindsight=hindsight, questions=qlist)
    ref = _score_rows(reference, outs, rule=rule, hindsight="drop", questions=qlist)
    # Map the reference's questions onto the claims' question codes.
    code = {str(v): i for i, v in enumerate(ledger._qnames.tolist())}
    ref_q = np.array([code.get(str(v), -1) for v in reference._qnames.tolist()], dtype=np.intp)[
        reference._qcodes[ref.rows]
    ]
    claim_q = ledger._qcodes[table.rows]
    # Two reference forecasts at one instant on a claim's question: which one stood would
    # depend on the order of the rows.
    mine = np.flatnonzero(ref_q >= 0)
    ref_rows = ref.rows[mine]
    by_time = np.lexsort((ref_rows, reference._made[ref_rows], ref_q[mine]))
    ref_rows = ref_rows[by_time]
    _refuse_same_instant(
        reference,
        ref_rows,
        reference._qcodes[ref_rows],
        reference._fcodes[ref_rows],
        reference._made[ref_rows],
        "compare_to_reference",
    )
    # One sort of claims and reference forecasts by (question, time, reference first);
    # each claim takes the last reference forecast before it in the same question.
    n_ref, n_claim = len(ref.rows), len(table.rows)
    qq = np.concatenate((ref_q, claim_q))
    tt = np.concatenate((reference._made[ref.rows], ledger._made[table.rows]))
    is_claim = np.concatenate((np.zeros(n_ref, bool), np.ones(n_claim, bool)))
    order = np.lexsort((np.arange(n_ref + n_claim), is_claim, tt, qq))
    pos = np.where(is_claim[order], -1, np.arange(n_ref + n_claim))
    last_ref = np.maximum.accumulate(pos) if len(pos) else pos
    claim_pos = np.flatnonzero(is_claim[order])
    found = last_ref[claim_pos]
    claim_idx = order[claim_pos] - n_ref
    ok = found >= 0
    ok[ok] = qq[order[found[ok]]] == qq[order[claim_pos[ok]]]
    ref_idx = np.full(n_claim, -1, dtype=np.intp)
    ref_idx[claim_idx[ok]] = order[found[ok]]
    has = ref_idx >= 0
    # Binary, categorical and quantity forecasts are scored on different scales.
    names = ("binary", "categorical", "quantity")
    claim_scale = _scale(ledger._kind[table.rows])
    ref_scale = np.full(n_claim, -1, dtype=np.intp)
    ref_scale[has] = _scale(reference._kind[ref.rows[ref_idx[has]]])
    mix = has & (claim_scale != ref_scale)
    if mix.any():
        i = int(np.flatnonzero(mix)[0])
        raise InvalidForecastError(
            f"{ledger._at(int(table.rows[i]))}: a {names[claim_scale[i]]} claim cannot be "
            f"compared with a reference forecast of another kind, {names[ref_scale[i]]} ("
            f"{reference._at(int(ref.rows[ref_idx[i]]))} of the reference): their scores are "
            "on different scales"
        )
    keep = np.flatnonzero(has)
    ref_score = ref.score[ref_idx[keep]]
    both_inf = np.isposinf(ref_score) & np.isposinf(table.worst[keep])
    if both_inf.any():
        i = int(keep[np.flatnonzero(both_inf)[0]])
        raise InvalidForecastError(
            f"{ledger._at(int(table.rows[i]))}: the claim and the reference "
            f"({reference._at(int(ref.rows[ref_idx[i]]))}) both score inf (both gave "
            "probability or density 0 to what happened), so their difference is undefined; "
            "compare them with a rule that clips (as log_score(..., clip=eps) does)"
        )
    sub = table._subset(keep)
    return ReferenceTable(
        scores=sub,
        reference_row=ref.rows[ref_idx[keep]],
        reference_score=ref_score,
        difference=sub.score - ref_score,
        difference_best=sub.best - ref_score,
        difference_worst=sub.worst - ref_score,
        no_reference=table.rows[~has],
    )


def _scale(kind: Any) -> IntArray:
    """The scale of each forecast kind: 0 binary (a point or a range), 1 categorical, 2 a
    quantity."""
    out: IntArray = np.where(kind == _QUANTITY, 2, np.where(kind == _CATEGORICAL, 1, 0))
    return out
