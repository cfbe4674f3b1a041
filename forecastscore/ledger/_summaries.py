"""Summaries of scored rows: :class:`Summary` (per forecaster, per question or per bin of
lead time, with intervals), the ``_Summaries`` methods that every table shares, and the
rows they print. The bootstrap behind the intervals lives in ``_bootstrap``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from .._text import (
    NO_INTERVAL_NOTE,
    format_bounds,
    format_interval,
    format_number,
    format_score,
    notes,
    render_table,
)
from ..model import describe_distribution
from ._columns import (
    _CATEGORICAL,
    _QUANTITY,
    _RANGE,
    FloatArray,
    IntArray,
    ObjArray,
    _pandas,
)
from ._ledger import Ledger

if TYPE_CHECKING:
    pass


def summary_rows(s: Summary) -> list[list[str]]:
    """The rows of :meth:`Summary.__str__` (and of the command line's table)."""
    return [
        [
            str(k),
            str(n),
            str(nq),
            format_score(m, b, w),
            format_interval(lo, hi),
        ]
        for k, n, nq, m, lo, hi, b, w in zip(
            s.key.tolist(),
            s.n.tolist(),
            s.n_questions.tolist(),
            s.mean_score.tolist(),
            s.ci_low.tolist(),
            s.ci_high.tolist(),
            s.mean_best.tolist(),
            s.mean_worst.tolist(),
            strict=True,
        )
    ]


#: Header of a summary's group column, by what the groups are.
_GROUP_HEADER = {"forecaster": "forecaster", "question": "question", "lead_time": "lead days"}


class _Tabular:
    """What every table of the ledger shares: its columns as a pandas frame.

    A subclass gives ``_columns()`` (name to array or list, one entry per row) and documents
    its own ``to_records()``.
    """

    __slots__ = ()

    def _columns(self) -> dict[str, Any]:
        raise NotImplementedError

    def to_pandas(self) -> Any:
        """The columns of ``to_records()`` as a :class:`pandas.DataFrame` (NaN kept as NaN).

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        return frame(self._columns())


@attrs.frozen(eq=False)
class Summary(_Tabular):
    r"""Scores summarised by group: count, mean, and a question-clustered bootstrap interval.

    One entry per group (forecaster, question or lead-time bin) in every array. Every score
    is a loss: lower is better. ``str()`` gives a table that fits in 100 columns;
    :meth:`to_records` and :meth:`to_pandas` give the numbers.

    Attributes
    ----------
    by : str or tuple of str
        What the groups are: ``"forecaster"``, ``"question"``, ``"lead_time"`` or a column
        of the ledger; a tuple of column names when grouped by several.
    key : ndarray of object
        The group labels (for lead-time bins, ``"[a, b)"`` in days; a tuple of labels, one
        per column, when grouped by several).
    n : ndarray of int
        Number of scores in the group.
    n_questions : ndarray of int
        Number of distinct questions among them.
    mean_score : ndarray of float
        The plain mean; NaN for a group holding probability ranges (see ``mean_best``).
    ci_low, ci_high : ndarray of float
        The bootstrap interval for the mean at ``confidence``; NaN where it is not meaningful
        (fewer than ``min_questions`` questions, or ranges in the group).
    mean_best, mean_worst : ndarray of float
        Means of the best and worst scores (equal to ``mean_score`` without ranges).
    n_ranges : ndarray of int
        Number of probability ranges in the group.
    confidence, n_resamples, seed, min_questions, interval
        The settings of the interval (``n_resamples`` and ``seed`` matter for the bootstrap).
    strata : str or None
        The column whose strata weigh equally in each group's mean (see
        :meth:`ScoreTable.summarise`), or ``None``.
    total_weight : ndarray of float or None
        With ``weights``, the sum of the weights of the group's scores (the means are then
        weighted means, :math:`\sum_i w_i s_i / \sum_i w_i`); ``None`` without weights.
    weights : str or None
        The column the weights came from, ``"<array>"`` for weights given as an array, or
        ``None`` for plain means.

    Examples
    --------
    With one question each there is nothing to resample, so the interval is NaN:

    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger
    >>> ledger = Ledger.from_predictions([
    ...     fs.Prediction("q1", "alice", dt.date(2022, 1, 8), 0.7),
    ...     fs.Prediction("q1", "bob", dt.date(2022, 1, 9), 0.2),
    ... ])
    >>> s = ledger.score([fs.Outcome("q1", dt.date(2022, 2, 24), "yes")]).by_forecaster()
    >>> s.by, s.key, s.n, s.n_questions
    ('forecaster', array(['alice', 'bob'], dtype=object), array([1, 1]), array([1, 1]))
    >>> s.mean_score                # (0.7 - 1)**2 = 0.09, (0.2 - 1)**2 = 0.64
    array([0.09, 0.64])
    >>> s.ci_low
    array([nan, nan])
    >>> s
    Summary(by='forecaster', 2 groups, confidence=0.95, interval='bootstrap')
    >>> print(s)
    forecaster  n  questions  mean score  95% interval
    ----------  -  ---------  ----------  ------------
    alice       1          1        0.09             -
    bob         1          1        0.64             -
    interval: percentile bootstrap over questions (1000 resamples, seed 0).
    -: no interval (fewer than 5 questions, probability ranges, or an infinite mean).
    Scores are losses: lower is better.
    """

    by: str | tuple[str, ...]
    key: ObjArray
    n: IntArray
    n_questions: IntArray
    mean_score: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    mean_best: FloatArray
    mean_worst: FloatArray
    n_ranges: IntArray
    confidence: float
    n_resamples: int
    seed: int | None
    min_questions: int
    interval: str
    strata: str | None = None
    total_weight: FloatArray | None = None
    weights: str | None = None

    def __len__(self) -> int:
        return len(self.key)

    def __repr__(self) -> str:
        strata = f", strata={self.strata!r}" if self.strata is not None else ""
        if self.weights is not None:
            strata += f", weights={self.weights!r}"
        return (
            f"Summary(by={self.by!r}, {len(self)} groups{strata}, "
            f"confidence={self.confidence!r}, interval={self.interval!r})"
        )

    @property
    def _names(self) -> tuple[str, ...]:
        """The grouping columns, one or several."""
        return self.by if isinstance(self.by, tuple) else (self.by,)

    def _key_columns(self) -> list[list[Any]]:
        """The group labels, one list per grouping column."""
        keys = self.key.tolist()
        if not isinstance(self.by, tuple):
            return [keys]
        return [[k[i] for k in keys] for i in range(len(self.by))]

    def __str__(self) -> str:
        """A plain-text table (group, n, questions, mean score, interval) and its notes."""
        return self._render(notes_=True)

    def _render(self, *, notes_: bool) -> str:
        names = self._names
        headers = [
            *(_GROUP_HEADER.get(b, b) for b in names),
            "n",
            "questions",
            "mean score",
            f"{self.confidence:.0%} interval",
        ]
        rows = summary_rows(self)
        if isinstance(self.by, tuple):
            keys = [[str(v) for v in k] for k in self.key.tolist()]
            rows = [[*k, *r[1:]] for k, r in zip(keys, rows, strict=True)]
        d = len(names)
        right = {d, d + 1, d + 2, d + 3}
        if self.total_weight is not None:  # the total weight, after n
            headers.insert(d + 1, "weight")
            weights = [format_number(w) for w in self.total_weight.tolist()]
            rows = [[*r[: d + 1], w, *r[d + 1 :]] for r, w in zip(rows, weights, strict=True)]
            right.add(d + 4)
        table = render_table(headers, rows, right)
        if not notes_:
            return table
        if self.interval == "bootstrap":
            how = (
                f"interval: percentile bootstrap over questions ({self.n_resamples} "
                f"resamples, seed {self.seed})."
            )
        else:
            how = "interval: normal, with the question-clustered standard error."
        lines = [how]
        if self.weights is not None:
            source = "" if self.weights == "<array>" else f" (column {self.weights!r})"
            lines.append(
                f"mean score: the mean weighted by the weights{source}; weight: the sum "
                "of the group's weights."
            )
        if self.strata is not None:
            lines.append(
                f"mean score: the unweighted mean of the per-{self.strata} means; the "
                f"bootstrap redraws questions within each {self.strata}."
            )
        if np.isnan(self.ci_low).any():
            lines.append(NO_INTERVAL_NOTE.format(min_questions=self.min_questions) + ".")
        if (self.n_ranges > 0).any():
            lines.append("a..b: the means of the best and worst scores, for probability ranges.")
        lines.append("Scores are losses: lower is better.")
        return table + "\n" + notes(lines)

    def _columns(self) -> dict[str, Any]:
        return {
            **dict(zip(self._names, self._key_columns(), strict=True)),
            "n": self.n,
            **({} if self.total_weight is None else {"total_weight": self.total_weight}),
            "n_questions": self.n_questions,
            "mean_score": self.mean_score,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "mean_best": self.mean_best,
            "mean_worst": self.mean_worst,
            "n_ranges": self.n_ranges,
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per group: the group (keyed by :attr:`by`, or by each of its columns),
        n, total_weight (only with weights), n_questions, mean_score, ci_low, ci_high,
        mean_best, mean_worst, n_ranges; NaN given as ``None`` (``null`` in JSON)."""
        return records(_plain(self._columns()))


def counts_line(counts: Mapping[str, int]) -> str:
    """What was scored and what was not, by reason, in words."""
    return (
        f"scored {counts['scored']}; not scored: {counts['unresolved']} without an outcome, "
        f"{counts['annulled']} annulled, {counts['hindsight']} hindsight (dropped)"
    )


def _counts_text(counts: Mapping[str, int]) -> str:
    """The counts, short, for a ``repr``."""
    return (
        f"{counts['scored']} scored; not scored: {counts['unresolved']} unresolved, "
        f"{counts['annulled']} annulled, {counts['hindsight']} hindsight"
    )


def forecast_texts(ledger: Ledger, rows: IntArray) -> list[str]:
    """The forecast of each of the ledger's ``rows`` as text: ``0.3``, a range ``0.2..0.45``,
    a mapping ``no: 0.3, yes: 0.7`` (a Python loop: text comes out)."""
    kind = ledger._kind[rows]
    low, high = ledger._low[rows].tolist(), ledger._high[rows].tolist()
    out = []
    for i, (k, lo, hi) in enumerate(zip(kind.tolist(), low, high, strict=True)):
        if k == _CATEGORICAL:
            r = int(rows[i])
            a, b = int(ledger._cat_ptr[r]), int(ledger._cat_ptr[r + 1])
            names = ledger._onames[ledger._cat_opt[a:b]].tolist()
            probs = ledger._cat_prob[a:b].tolist()
            pairs = zip(names, probs, strict=True)
            out.append(", ".join(f"{o}: {format_number(p)}" for o, p in pairs))
        elif k == _RANGE:
            out.append(format_bounds(lo, hi))
        elif k == _QUANTITY:
            out.append(_quantity_text(*ledger._quantity[int(rows[i])]))
        else:
            out.append(format_number(lo))
    return out


def _quantity_text(name: str, value: Any) -> str:
    """A forecast of a quantity as short text: ``q0.1: 10, q0.9: 50``, ``norm(loc=30.0,
    scale=10.0)``, ``5 samples``."""
    if name == "quantiles":
        return ", ".join(f"q{format_number(lv)}: {_value_text(v)}" for lv, v in value)
    if name == "samples":
        return f"{len(value)} samples"
    text = describe_distribution(value)
    return text if text is not None else f"{value.dist.name} distribution"


def _value_text(v: Any) -> str:
    return str(v.isoformat()) if hasattr(v, "isoformat") else format_number(float(v))


def frame(columns: Mapping[str, Any]) -> Any:
    """A :class:`pandas.DataFrame` of ``columns`` (pandas imported here, when called)."""
    pd = _pandas()
    return pd.DataFrame({k: list(v) if isinstance(v, list) else v for k, v in columns.items()})


def _plain(columns: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Columns as Python lists, float NaN as ``None`` (``null`` in JSON)."""
    out: dict[str, list[Any]] = {}
    for k, v in columns.items():
        if isinstance(v, np.ndarray) and v.dtype.kind == "f":
            out[k] = _nones(v)
        else:
            out[k] = v.tolist() if isinstance(v, np.ndarray) else list(v)
    return out


def records(columns: Mapping[str, list[Any]]) -> list[dict[str, Any]]:
    """Rows (one dict each) from equally long columns."""
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _nones(a: FloatArray) -> list[float | None]:
    return [None if math.isnan(v) else v for v in a.tolist()]
