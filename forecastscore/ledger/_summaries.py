"""Summaries of scored rows: :class:`Summary` (per forecaster, per question or per bin of
lead time, with intervals), the ``_Summaries`` methods that every table shares, and the
rows they print. The bootstrap behind the intervals lives in ``_bootstrap``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from .. import _checks
from .._text import (
    NO_INTERVAL_NOTE,
    format_bounds,
    format_interval,
    format_number,
    format_score,
    notes,
    render_table,
)
from ..errors import (
    InvalidForecastError,
    InvalidOptionError,
)
from ._bootstrap import MAX_RESAMPLES, _bootstrap, _normal
from ._columns import (
    _CATEGORICAL,
    _RANGE,
    BoolArray,
    FloatArray,
    IntArray,
    ObjArray,
    _obj_array,
    _pandas,
)
from ._ledger import Ledger


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
        """The columns of :meth:`to_records` as a :class:`pandas.DataFrame` (NaN kept as NaN).

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
    by : str
        What the groups are: ``"forecaster"``, ``"question"`` or ``"lead_time"``.
    key : ndarray of object
        The group labels (for lead-time bins, ``"[a, b)"`` in days).
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

    by: str
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

    def __len__(self) -> int:
        return len(self.key)

    def __repr__(self) -> str:
        return (
            f"Summary(by={self.by!r}, {len(self)} groups, confidence={self.confidence!r}, "
            f"interval={self.interval!r})"
        )

    def __str__(self) -> str:
        """A plain-text table (group, n, questions, mean score, interval) and its notes."""
        return self._render(notes_=True)

    def _render(self, *, notes_: bool) -> str:
        headers = [
            _GROUP_HEADER.get(self.by, self.by),
            "n",
            "questions",
            "mean score",
            f"{self.confidence:.0%} interval",
        ]
        table = render_table(headers, summary_rows(self), {1, 2, 3, 4})
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
        if np.isnan(self.ci_low).any():
            lines.append(NO_INTERVAL_NOTE.format(min_questions=self.min_questions) + ".")
        if (self.n_ranges > 0).any():
            lines.append("a..b: the means of the best and worst scores, for probability ranges.")
        lines.append("Scores are losses: lower is better.")
        return table + "\n" + notes(lines)

    def _columns(self) -> dict[str, Any]:
        return {
            self.by: self.key.tolist(),
            "n": self.n,
            "n_questions": self.n_questions,
            "mean_score": self.mean_score,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "mean_best": self.mean_best,
            "mean_worst": self.mean_worst,
            "n_ranges": self.n_ranges,
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per group: the group (keyed by :attr:`by`), n, n_questions, mean_score,
        ci_low, ci_high, mean_best, mean_worst, n_ranges; NaN given as ``None`` (``null`` in
        JSON)."""
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
        else:
            out.append(format_number(lo))
    return out


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


def _label_rank(labels: ObjArray) -> IntArray:
    """Rank of each label in sorted order (so that results do not depend on internal codes)."""
    order = np.argsort(labels.astype(str), kind="stable")
    rank = np.empty(len(labels), dtype=np.intp)
    rank[order] = np.arange(len(labels))
    return rank


def summarise(
    by: str,
    labels: ObjArray,
    group: IntArray,
    question_labels: ObjArray,
    question: IntArray,
    score: FloatArray,
    best: FloatArray,
    worst: FloatArray,
    is_range: BoolArray,
    *,
    confidence: float = 0.95,
    n_resamples: int = 1000,
    seed: int | None = 0,
    min_questions: int = 5,
    interval: str = "bootstrap",
) -> Summary:
    r"""Summarise scores by group with a question-clustered percentile bootstrap.

    ``group`` and ``question`` are integer codes per score, indexing ``labels`` and
    ``question_labels``. Groups come out sorted by label (lead-time bins in bin order) and
    without the empty ones; the results depend on the labels, not on the codes. Each
    bootstrap replicate redraws, for each group, as many of the group's questions as it has,
    with replacement, and takes all of a drawn question's scores: the replicate's mean is
    :math:`\sum_j S_j / \sum_j N_j` over the drawn questions, where :math:`S_j` and
    :math:`N_j` are the question's score sum and count.
    """
    confidence = _checks.check_confidence(confidence, "confidence")
    if seed is not None:
        seed = _checks.check_integer("seed", seed, 0)
    n_resamples = _checks.check_integer("n_resamples", n_resamples, 1)
    if n_resamples > MAX_RESAMPLES:
        raise InvalidOptionError(
            f"n_resamples must be at most {MAX_RESAMPLES} (got {n_resamples!r}): more "
            "resamples do not make a percentile interval any more exact than its questions "
            "allow, and each costs memory"
        )
    min_questions = _checks.check_integer("min_questions", min_questions, 2)
    _checks.check_choice("interval", interval, ("bootstrap", "normal"))
    # Work in label order: groups and questions are replaced by their ranks.
    g_rank = np.arange(len(labels)) if by == "lead_time" else _label_rank(labels)
    labels = labels[np.argsort(g_rank)]
    group = g_rank[group]
    question = _label_rank(question_labels)[question]
    n_groups = len(labels)
    n = np.bincount(group, minlength=n_groups)
    present = np.flatnonzero(n > 0)
    n_rng = np.bincount(group, weights=is_range, minlength=n_groups).astype(np.intp)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_best = np.bincount(group, weights=best, minlength=n_groups) / n
        mean_worst = np.bincount(group, weights=worst, minlength=n_groups) / n
    mean = np.where(n_rng > 0, math.nan, mean_best)
    # Cells: one per (group, question), sorted by group.
    nq = max(len(question_labels), 1)
    cell_key = group.astype(np.int64) * nq + question
    cells, cell_of = np.unique(cell_key, return_inverse=True)
    cell_group = (cells // nq).astype(np.intp)
    cell_sum = np.bincount(cell_of, weights=np.where(is_range, 0.0, score), minlength=len(cells))
    cell_n = np.bincount(cell_of, minlength=len(cells)).astype(np.float64)
    n_q = np.bincount(cell_group, minlength=n_groups)
    ci_low = np.full(n_groups, math.nan)
    ci_high = np.full(n_groups, math.nan)
    # No interval for too few questions, for ranges (only bounded), or an infinite mean.
    eligible = (n_q >= min_questions) & (n_rng == 0) & np.isfinite(mean)
    if eligible.any():
        keep = eligible[cell_group]
        method = _bootstrap if interval == "bootstrap" else _normal
        lo, hi = method(
            cell_group[keep], cell_sum[keep], cell_n[keep], n_groups, confidence, n_resamples, seed
        )
        ci_low[eligible] = lo[eligible]
        ci_high[eligible] = hi[eligible]
    return Summary(
        by=by,
        key=labels[present],
        n=n[present],
        n_questions=n_q[present],
        mean_score=mean[present],
        ci_low=ci_low[present],
        ci_high=ci_high[present],
        mean_best=mean_best[present],
        mean_worst=mean_worst[present],
        n_ranges=n_rng[present],
        confidence=confidence,
        n_resamples=n_resamples,
        seed=seed,
        min_questions=min_questions,
        interval=interval,
    )


def _bin_labels(edges: FloatArray) -> ObjArray:
    return _obj_array([f"[{a:g}, {b:g})" for a, b in itertools.pairwise(edges)])


def _check_bins(bins: Sequence[float]) -> FloatArray:
    try:
        edges = np.asarray(bins, dtype=np.float64)
    except (TypeError, ValueError):
        edges = np.empty(0)  # refused below, with the value given
    if edges.ndim != 1 or len(edges) < 2 or np.isnan(edges).any() or (np.diff(edges) <= 0).any():
        raise InvalidOptionError(
            f"bins must be at least two strictly increasing edges in days (got {bins!r})"
        )
    return edges


class _Summaries(_Tabular):
    """The per-forecaster summary, shared by the tables of scores."""

    def _values(self) -> tuple[ObjArray, IntArray, FloatArray, FloatArray, FloatArray, BoolArray]:
        """Question labels and codes, score, best, worst and is-range per entry."""
        raise NotImplementedError

    def _forecasters(self) -> tuple[ObjArray, IntArray]:
        raise NotImplementedError

    def _entry_rows(self) -> tuple[Ledger, IntArray]:
        """The ledger, and a row of it for each entry (for its kind and for errors)."""
        raise NotImplementedError

    def _summarise(self, by: str, labels: ObjArray, group: IntArray, **options: Any) -> Summary:
        self._refuse_mixed_scales(by, labels, group)
        return summarise(by, labels, group, *self._values(), **options)

    def _refuse_mixed_scales(self, by: str, labels: ObjArray, group: IntArray) -> None:
        """A plain probability and a mapping over options are scored on different scales
        (Brier 0..1 and 0..2): a group holding both has no meaningful mean, so it is refused,
        as :func:`time_averaged` refuses them within one forecaster's question."""
        ledger, rows = self._entry_rows()
        cat = ledger._kind[rows] == _CATEGORICAL
        n_cat = np.bincount(group, weights=cat, minlength=len(labels))
        n_all = np.bincount(group, minlength=len(labels))
        mixed = np.flatnonzero((n_cat > 0) & (n_cat < n_all))
        if not mixed.size:
            return
        # The first such group by label, so that the message does not depend on codes.
        g = int(mixed[np.argsort(labels[mixed].astype(str), kind="stable")[0]])
        in_g = group == g
        plain, mapping = int(rows[in_g & ~cat].min()), int(rows[in_g & cat].min())
        what = "lead-time bin" if by == "lead_time" else by
        raise InvalidForecastError(
            f"{what} {labels[g]!r} has scores of a plain probability ({ledger._at(plain)}) "
            f"and of a mapping over options ({ledger._at(mapping)}): they are on different "
            "scales (a categorical Brier score is 0..2) and cannot be averaged together; "
            "summarise them apart (ledger[ledger.is_categorical] and "
            "ledger[~ledger.is_categorical])"
        )

    def by_forecaster(
        self,
        *,
        confidence: float = 0.95,
        n_resamples: int = 1000,
        seed: int | None = 0,
        min_questions: int = 5,
        interval: str = "bootstrap",
    ) -> Summary:
        r"""Summary per forecaster: n, mean score and a question-clustered bootstrap interval.

        Claims about the same question are not independent, so each bootstrap replicate
        resamples the forecaster's questions (with replacement, as many as there are) and
        keeps all the forecaster's scores on each drawn question. The interval is the
        percentile interval at ``confidence`` over ``n_resamples`` replicates, reproducible with
        ``seed``. It is NaN (``null`` in JSON) for a forecaster with fewer than
        ``min_questions`` distinct questions, where resampling so few clusters gives too few
        distinct means for a percentile interval to mean anything (with :math:`m` questions
        there are only :math:`\binom{2m-1}{m}` distinct resamples: 3 for :math:`m = 2`,
        126 for :math:`m = 5`), for a forecaster with probability ranges, whose mean is
        only bounded (``mean_best``, ``mean_worst``), and for an infinite mean.

        Forecasters with the same number of questions share their resampling counts, so
        that one matrix product gives all their replicates; for up to 4096 questions the
        counts of each size are grown exactly from those of the size below (a few random
        draws per question of the largest size), above that they are drawn per size. About
        1 s for 10**6 (forecaster, question) cells in 1000 forecasters on a 2-core machine,
        about 3 s when activity is Zipf-skewed (hundreds of distinct question counts).
        ``interval="normal"`` gives, in one pass, the normal interval with the
        question-clustered standard error, the bootstrap's large-sample limit:

        .. math::

            \hat r \pm z_{(1+\text{confidence})/2}\,\widehat{\mathrm{se}}, \qquad
            \widehat{\mathrm{se}}^2 = \frac{m}{m - 1}
                \frac{\sum_j (S_j - \hat r N_j)^2}{(\sum_j N_j)^2},

        where question :math:`j` of the forecaster's :math:`m` has score sum :math:`S_j` over
        :math:`N_j` predictions.

        Parameters
        ----------
        confidence : float, default 0.95
            Confidence level of the interval, in (0, 1).
        n_resamples : int, default 1000
            Bootstrap replicates, from 1 to ``10**6`` (memory grows with them: about
            ``8 * n_resamples`` bytes for each of a few groups at a time).
        seed : int or None, default 0
            Seed of the bootstrap (``None``: fresh entropy, not reproducible).
        min_questions : int, default 5
            Fewest distinct questions for an interval.
        interval : {'bootstrap', 'normal'}, default 'bootstrap'
            The clustered percentile bootstrap, or its normal limit.

        Raises
        ------
        InvalidForecastError
            A group (here a forecaster; a question or lead-time bin for the other
            summaries) holding scores of both plain probabilities and mappings over
            options: they are on different scales (a categorical Brier score is 0..2, a
            binary one 0..1) and have no meaningful mean. The message names the group and
            one row of each kind; summarise ``ledger[ledger.is_categorical]`` and
            ``ledger[~ledger.is_categorical]`` apart.
        InvalidOptionError
            A bad ``confidence``, ``n_resamples`` (not an integer from 1 to ``10**6``),
            ``seed``, ``min_questions`` or ``interval``.

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.ledger import Ledger
        >>> ledger = Ledger.from_predictions(
        ...     [fs.Prediction(f"q{i}", "alice", dt.date(2022, 1, 1), 0.8) for i in range(6)])
        >>> outcomes = [fs.Outcome(f"q{i}", dt.date(2022, 2, 1), i % 2 == 0) for i in range(6)]
        >>> s = ledger.score(outcomes).by_forecaster()
        >>> s.key, s.n, s.mean_score      # (3 * 0.04 + 3 * 0.64) / 6
        (array(['alice'], dtype=object), array([6]), array([0.34]))
        >>> bool(s.ci_low[0] < 0.34 < s.ci_high[0])
        True
        """
        labels, group = self._forecasters()
        return self._summarise(
            "forecaster",
            labels,
            group,
            confidence=confidence,
            n_resamples=n_resamples,
            seed=seed,
            min_questions=min_questions,
            interval=interval,
        )
