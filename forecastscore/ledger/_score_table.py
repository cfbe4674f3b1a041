"""The :class:`ScoreTable`: one row per scored prediction with its lead time, its forecast,
outcome and score, and everything that was not scored counted. How the rows are scored lives
in ``_scoring``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .._text import format_number, format_score, notes, render_table
from ..errors import (
    InvalidOptionError,
)
from ._columns import (
    _CATEGORICAL,
    LEAD_TIME_BINS,
    BoolArray,
    FloatArray,
    IntArray,
    ObjArray,
    iso_times,
)
from ._grouping import _bin_labels, _check_bins
from ._ledger import Ledger
from ._summaries import Summary, _counts_text, _plain, counts_line, forecast_texts, records
from ._tables import _Summaries


@attrs.frozen(eq=False)
class ScoreTable(_Summaries):
    r"""One row per scored prediction: its score (a loss: lower is better) and lead time.

    Made by :meth:`Ledger.score`. Rows keep the ledger's order. What was not scored is kept
    as row indices into the ledger: :attr:`unresolved` (no outcome), :attr:`annulled`,
    :attr:`hindsight` (dropped with ``hindsight="drop"``), :attr:`leakage` (dropped with
    ``leakage="drop"``: resolved on or before the forecaster's knowledge cutoff);
    :attr:`counts` counts them, and the rows scored against probability outcomes.
    ``str()`` gives a table that fits in 100 columns; :meth:`to_records` and
    :meth:`to_pandas` give the numbers.

    Each row carries its forecast and what happened, so that calibration runs straight from
    a table: :attr:`probability` and :attr:`outcome` on the rows of plain probabilities are
    the ``(forecast, outcome)`` pairs of :func:`forecastscore.calibration.reliability_table`.

    Attributes
    ----------
    ledger : Ledger
        The ledger that was scored.
    rows : ndarray of int
        The ledger rows that were scored.
    score : ndarray of float
        The score of each row; NaN for a probability range (see ``best`` and ``worst``).
    best, worst : ndarray of float
        The best and worst score a row can earn (equal to ``score`` for a point forecast).
    is_range : ndarray of bool
        Whether each row is a probability range.
    probability : ndarray of float
        The forecast of each row that is a plain probability (:attr:`Ledger.probability`);
        NaN for a probability range, a mapping over options and a forecast of a quantity.
    outcome : ndarray of int, or of float if any row is soft or a forecast of a quantity
        What happened, per row. For a plain probability or a range: 1 if the option the
        probability is about happened, else 0 (that option is ``"yes"`` by default; on a
        question with other options, see :func:`forecastscore.model.positive_index`). For a
        mapping over options: the index of the option that happened among the question's
        options (``Question.options`` when ``questions=`` gives them, else the options the
        question's forecasts name, in order of first appearance in the ledger). For a row
        scored against a probability outcome (:attr:`soft`): the probability :math:`q`. For
        a forecast of a quantity: the outcome's value, a date as days since 1970-01-01 (a
        censored value as given). The array is float64 when some row is soft or a quantity
        (int64 otherwise).
    soft : ndarray of bool
        Whether each row was scored against a probability outcome
        (``Outcome(..., probability=q)``: a market's price, a soft label), by the rule's
        form against :math:`q` (the Brier score :math:`(p - q)^2`). Calibration wants the
        other rows: ``~table.soft``.
    lead_time_days : ndarray of float
        Days from ``made_at`` to ``resolved_at`` (earliest instants).
    rule : str
        The rule's name.
    unresolved, annulled, hindsight, leakage : ndarray of int
        Ledger rows left out, by reason.
    extra : dict of str to ndarray of object
        The ledger's extra columns (:attr:`Ledger.extra`, e.g. a file's ``source``), each
        aligned with this table's rows: ``table.extra["source"][i]`` belongs to row ``i``.
    imputed : ndarray of bool
        Whether each row's forecast was filled in rather than made (the ledger's
        ``imputed`` column; all False for a ledger without one).

    :meth:`column` gives any of these per-row columns by name (``"forecaster"``,
    ``"question"``, ``"source"``, ``"quote"``, ``"imputed"``, ``"soft"`` or an extra
    column's name), as summaries grouped by a column need.
    Examples
    --------
    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger
    >>> ledger = Ledger.from_predictions([
    ...     fs.Prediction("q1", "alice", dt.date(2022, 1, 8), 0.7),
    ...     fs.Prediction("q1", "bob", dt.date(2022, 1, 9), 0.2),
    ...     fs.Prediction("q2", "alice", dt.date(2022, 1, 10), 0.4),
    ... ])
    >>> t = ledger.score([fs.Outcome("q1", dt.date(2022, 2, 24), "yes")])
    >>> t.rows, t.score             # (0.7 - 1)**2 = 0.09, (0.2 - 1)**2 = 0.64
    (array([0, 1]), array([0.09, 0.64]))
    >>> t.lead_time_days            # 8 Jan to 24 Feb is 47 days; 9 Jan, 46
    array([47., 46.])
    >>> t.probability, t.outcome    # the forecasts, and 1: "yes" happened
    (array([0.7, 0.2]), array([1, 1]))
    >>> t.unresolved                # q2 has no outcome yet
    array([2])
    >>> {reason: n for reason, n in t.counts.items() if n}    # the counts that are not 0
    {'scored': 2, 'unresolved': 1}
    >>> t
    ScoreTable(rule='brier', 2 scored; not scored: 1 unresolved, 0 annulled, 0 hindsight)
    >>> print(t)
    question  forecaster  made_at     forecast  outcome  lead days  score
    --------  ----------  ----------  --------  -------  ---------  -----
    q1        alice       2022-01-08  0.7       yes             47   0.09
    q1        bob         2022-01-09  0.2       yes             46   0.64
    score: brier, a loss: lower is better.
    scored 2; not scored: 1 without an outcome, 0 annulled, 0 hindsight (dropped).

    Calibration from the table (the rows of plain probabilities):

    >>> import numpy as np
    >>> from forecastscore import calibration
    >>> point = ~np.isnan(t.probability)
    >>> calibration.reliability_table(t.probability[point], t.outcome[point], bins=2).count
    array([1, 1])

    A market's price of 0.25 on q2, not yet resolved, is a probability outcome; the Brier
    score against it is (0.4 - 0.25)**2:

    >>> t = ledger.score([fs.Outcome("q1", dt.date(2022, 2, 24), "yes"),
    ...                   fs.Outcome("q2", dt.date(2022, 2, 24), probability=0.25)])
    >>> t.score, t.outcome, t.soft
    (array([0.09  , 0.64  , 0.0225]), array([1.  , 1.  , 0.25]), array([False, False,  True]))
    >>> t.counts["probability_outcomes"]
    1
    """

    ledger: Ledger
    rows: IntArray
    score: FloatArray
    best: FloatArray
    worst: FloatArray
    is_range: BoolArray
    probability: FloatArray
    outcome: IntArray | FloatArray
    lead_time_days: FloatArray
    rule: str
    unresolved: IntArray
    annulled: IntArray
    hindsight: IntArray
    leakage: IntArray
    soft: BoolArray
    _happened: ObjArray  # the name of the option that happened, per row (for str)

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        return f"ScoreTable(rule={self.rule!r}, {_counts_text(self.counts)})"

    @property
    def question(self) -> ObjArray:
        """Question of each row."""
        out: ObjArray = self.ledger._qnames[self.ledger._qcodes[self.rows]]
        return out

    @property
    def forecaster(self) -> ObjArray:
        """Forecaster of each row."""
        out: ObjArray = self.ledger._fnames[self.ledger._fcodes[self.rows]]
        return out

    @property
    def made_at(self) -> npt.NDArray[np.datetime64]:
        """When each row's prediction was made (earliest instant, UTC)."""
        return self.ledger._made[self.rows].astype("datetime64[us]")

    @property
    def counts(self) -> dict[str, int]:
        """How many predictions were scored and how many were left out, by reason
        (``unresolved``, ``annulled``, ``hindsight``, ``leakage``), and how many of the
        scored ones were scored against probability outcomes (``probability_outcomes``)."""
        return {
            "scored": len(self.rows),
            "unresolved": len(self.unresolved),
            "annulled": len(self.annulled),
            "hindsight": len(self.hindsight),
            "leakage": len(self.leakage),
            "probability_outcomes": int(np.count_nonzero(self.soft)),
        }

    @property
    def extra(self) -> dict[str, ObjArray]:
        """The ledger's extra columns, each aligned with this table's rows."""
        return {k: v[self.rows] for k, v in self.ledger._extra.items()}

    @property
    def imputed(self) -> BoolArray:
        """Whether each row's forecast was filled in (the ledger's ``imputed`` column;
        all False when the ledger has none)."""
        flag = getattr(self.ledger, "imputed", None)
        if flag is None:
            return np.zeros(len(self.rows), dtype=bool)
        out: BoolArray = np.asarray(flag, dtype=bool)[self.rows]
        return out

    def column(self, name: str) -> npt.NDArray[Any]:
        """A per-row column by name: ``"question"``, ``"forecaster"``, ``"source"``,
        ``"quote"``, ``"imputed"``, ``"soft"``, or one of the ledger's extra columns.

        Raises
        ------
        InvalidOptionError
            A name that is none of these; the message lists the names there are.

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> ledger = Ledger.from_predictions([
        ...     fs.Prediction("q1", "alice", dt.date(2022, 1, 8), 0.7, source="blog"),
        ... ])
        >>> t = ledger.score([fs.Outcome("q1", dt.date(2022, 2, 24), "yes")])
        >>> t.column("forecaster"), t.column("source"), t.column("imputed")
        (array(['alice'], dtype=object), array(['blog'], dtype=object), array([False]))
        """
        fixed: dict[str, Callable[[], npt.NDArray[Any]]] = {
            "question": lambda: self.question,
            "forecaster": lambda: self.forecaster,
            "source": lambda: self.ledger._source[self.rows],
            "quote": lambda: self.ledger._quote[self.rows],
            "imputed": lambda: self.imputed,
            "soft": lambda: self.soft,
        }
        if isinstance(name, str):
            if name in fixed:
                out: npt.NDArray[Any] = fixed[name]()
                return out
            if name in self.ledger._extra:
                extra: npt.NDArray[Any] = self.ledger._extra[name][self.rows]
                return extra
        known = ", ".join(repr(k) for k in [*fixed, *self.ledger._extra])
        raise InvalidOptionError(
            f"column {name!r} is not a column of the table; use one of {known}"
        )

    def _subset(self, keep: IntArray) -> ScoreTable:
        """The same table with only the rows ``keep`` (positions in this table)."""
        return attrs.evolve(
            self,
            rows=self.rows[keep],
            score=self.score[keep],
            best=self.best[keep],
            worst=self.worst[keep],
            is_range=self.is_range[keep],
            probability=self.probability[keep],
            outcome=self.outcome[keep],
            lead_time_days=self.lead_time_days[keep],
            soft=self.soft[keep],
            happened=self._happened[keep],
        )

    def __str__(self) -> str:
        """A plain-text table, one row per scored prediction, then what was not scored."""
        return self._render(counts=True)

    def _render(self, *, counts: bool) -> str:
        lg = self.ledger
        made = iso_times(lg._made[self.rows], lg._is_date[self.rows], lg._offset[self.rows])
        forecasts = forecast_texts(lg, self.rows)
        point = (lg._kind[self.rows] != _CATEGORICAL).tolist()
        plain = [len(p) for p, c in zip(forecasts, point, strict=True) if c]
        rows = [
            [str(q), str(f), m, p, str(o), format_number(d), format_score(s, b, w)]
            for q, f, m, p, o, d, s, b, w in zip(
                self.question.tolist(),
                self.forecaster.tolist(),
                made,
                forecasts,
                self._happened.tolist(),
                self.lead_time_days.tolist(),
                self.score.tolist(),
                self.best.tolist(),
                self.worst.tolist(),
                strict=True,
            )
        ]
        headers = ["question", "forecaster", "made_at", "forecast", "outcome", "lead days"]
        table = render_table(
            [*headers, "score"],
            rows,
            {5, 6},
            whole=frozenset({2}),
            floors={3: max(plain, default=0)},  # cut mappings over options, not numbers
        )
        lines = [f"score: {self.rule}, a loss: lower is better."]
        if self.is_range.any():
            lines.append("a..b: the best and worst score of a probability range low..high.")
        if self.soft.any():
            n_soft = self.counts["probability_outcomes"]
            lines.append(f"q=...: a probability outcome, scored against q ({n_soft} such row(s)).")
        if counts:
            lines.append(counts_line(self.counts) + ".")
            if len(self.leakage):
                lines.append(
                    f"{len(self.leakage)} left out for leakage (resolved on or before the "
                    "forecaster's knowledge cutoff)."
                )
        return table + "\n" + notes(lines)

    def _columns(self) -> dict[str, Any]:
        lg = self.ledger
        return {
            "question": self.question.tolist(),
            "forecaster": self.forecaster.tolist(),
            "made_at": iso_times(
                lg._made[self.rows], lg._is_date[self.rows], lg._offset[self.rows]
            ),
            "lead_time_days": self.lead_time_days,
            "score": self.score,
            "best": self.best,
            "worst": self.worst,
            "probability": self.probability,
            "outcome": self.outcome,
            "soft": self.soft,
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per row: question, forecaster, made_at (ISO 8601 as stored: a date for
        a whole day), lead_time_days, score, best, worst, probability, outcome (the
        probability ``q`` on a soft row), soft (NaN as ``None``)."""
        return records(_plain(self._columns()))

    def _values(self) -> tuple[ObjArray, IntArray, FloatArray, FloatArray, FloatArray, BoolArray]:
        lg = self.ledger
        return lg._qnames, lg._qcodes[self.rows], self.score, self.best, self.worst, self.is_range

    def _forecasters(self) -> tuple[ObjArray, IntArray]:
        return self.ledger._fnames, self.ledger._fcodes[self.rows]

    def _entry_rows(self) -> tuple[Ledger, IntArray]:
        return self.ledger, self.rows

    def by_question(
        self,
        *,
        confidence: float = 0.95,
        n_resamples: int = 1000,
        seed: int | None = 0,
        min_questions: int = 5,
        interval: str = "bootstrap",
        weights: Any = None,
    ) -> Summary:
        """Summary per question (see :meth:`by_forecaster`, also for ``weights``). A single
        question is one cluster, so its interval is always NaN."""
        lg = self.ledger
        return self._summarise(
            "question",
            lg._qnames,
            lg._qcodes[self.rows],
            weights=weights,
            confidence=confidence,
            n_resamples=n_resamples,
            seed=seed,
            min_questions=min_questions,
            interval=interval,
        )

    def by_lead_time(
        self,
        bins: Sequence[float] = LEAD_TIME_BINS,
        *,
        confidence: float = 0.95,
        n_resamples: int = 1000,
        seed: int | None = 0,
        min_questions: int = 5,
        interval: str = "bootstrap",
        weights: Any = None,
    ) -> Summary:
        """Summary per lead-time bin ``[a, b)`` in days (see :meth:`by_forecaster`, also for
        ``weights``).

        Raises
        ------
        InvalidOptionError
            Edges that are not increasing, or a lead time outside them (the message gives
            where the prediction came from).
        InvalidForecastError
            A bin holding both plain probabilities and mappings over options (see
            :meth:`by_forecaster`).
        """
        edges = _check_bins(bins)
        b = np.searchsorted(edges, self.lead_time_days, side="right") - 1
        out = (b < 0) | (b >= len(edges) - 1)
        if out.any():
            i = int(np.flatnonzero(out)[0])
            raise InvalidOptionError(
                f"{self.ledger._at(int(self.rows[i]))}: lead time "
                f"{float(self.lead_time_days[i])!r} days is outside the bins {edges.tolist()!r}"
            )
        return self._summarise(
            "lead_time",
            _bin_labels(edges),
            b.astype(np.intp),
            weights=weights,
            confidence=confidence,
            n_resamples=n_resamples,
            seed=seed,
            min_questions=min_questions,
            interval=interval,
        )
