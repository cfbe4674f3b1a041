"""The Dask side: :class:`DaskLedger` (a Dask DataFrame of predictions partitioned by
question), its scores (:class:`DaskScoreTable`) and its time averages (:func:`time_averaged`,
:class:`DaskTimeAveragedTable`).

What lives here: the tasks sent to the scheduler (one per partition, through
``DataFrame.to_delayed``), the outcomes broadcast as one object of the graph, and the results
that compute the partitions' parts once and combine them on the driver. What does not: the
work of a partition (``_partition``) and the combining (``_combine``). Dask is imported in
the functions that use it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from ..errors import FileSchemaError, ForecastTypeError
from ..ledger import Ledger, Summary
from ..ledger import time_averaged as ledger_time_averaged
from ..ledger._columns import RuleLike
from ..ledger._scoring import _as_list
from ..model import Outcome, Question, Time
from ._combine import check_disjoint, raise_first, summary, table_rows, total_counts
from ._partition import (
    REQUIRED,
    ROW_COLUMNS,
    Failure,
    Part,
    Shared,
    questions_of,
    score_part,
    score_rows,
    time_averaged_part,
)


def _empty_ledger() -> Ledger:
    """A ledger of no rows: scoring it checks the outcomes and the options."""
    nothing = np.empty(0, dtype=object)
    return Ledger.from_arrays(nothing, nothing, np.empty(0, "datetime64[us]"), np.empty(0))


def _dask() -> Any:
    """The ``dask`` module (its ``delayed`` and ``compute``), imported when first needed."""
    return importlib.import_module("dask")


def _is_dask_frame(frame: Any) -> bool:
    import dask.dataframe as dd

    return isinstance(frame, dd.DataFrame)


class DaskLedger:
    r"""A ledger held as a Dask DataFrame partitioned by question: scored and summarised
    partition by partition with the one-machine code, reduced exactly on the driver.

    Each partition is a pandas frame with the columns ``question``, ``forecaster``,
    ``made_at`` and ``probability`` (P(yes) of a binary forecast), or ``low`` and
    ``high`` instead of ``probability`` (probability ranges); ``source`` and ``quote`` are
    read when present, other columns ignored. ``made_at`` is a timezone-aware datetime
    column (instants), a column of ``datetime.date`` (or pyarrow ``date32``: whole UTC
    days), or ISO 8601 text as in the files (``2022-01-03`` is a date; a datetime needs its
    offset). Every row of a question must be in one partition (for example
    ``frame.shuffle("question")``, or ``frame.set_index("question")``: a frame indexed by
    ``question`` is read with its index as the column); a question found in two partitions
    is refused when computed.

    Each partition becomes a :class:`~forecastscore.ledger.Ledger` (its rows in order),
    scored by :meth:`Ledger.score <forecastscore.ledger.Ledger.score>` or time-averaged by
    :func:`forecastscore.ledger.time_averaged`; what comes back to the driver is small:
    counts, per forecaster the exact sums of the scores, and per (forecaster, question) the
    sum and count the question-clustered bootstrap resamples. See ``docs/scale.md`` for what
    is equal to the last bit and what to one rounding.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        The predictions, partitioned by question.

    Raises
    ------
    ForecastTypeError
        ``frame`` is not a Dask DataFrame.
    FileSchemaError
        A required column is missing (named, with the columns there are).

    Examples
    --------
    >>> import datetime as dt
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> import forecastscore as fs
    >>> from forecastscore.distributed import DaskLedger
    >>> frame = dd.from_pandas(pd.DataFrame({
    ...     "question": ["q1", "q1", "q2"],
    ...     "forecaster": ["alice", "bob", "alice"],
    ...     "made_at": [dt.date(2022, 1, 8), dt.date(2022, 1, 9), dt.date(2022, 1, 8)],
    ...     "probability": [0.75, 0.5, 0.25],
    ... }), npartitions=1)
    >>> outcomes = [fs.Outcome("q1", dt.date(2022, 2, 24), "yes"),
    ...             fs.Outcome("q2", dt.date(2022, 2, 24), "no")]
    >>> s = DaskLedger(frame).score(outcomes).by_forecaster()
    >>> s.key, s.n, s.mean_score     # alice: (0.0625 + 0.0625) / 2; bob: 0.25
    (array(['alice', 'bob'], dtype=object), array([2, 1]), array([0.0625, 0.25  ]))
    """

    __slots__ = ("_frame",)

    def __init__(self, frame: Any) -> None:
        if not _is_dask_frame(frame):
            raise ForecastTypeError(
                f"frame must be a dask.dataframe.DataFrame (got {type(frame)!r}); for a "
                "pandas frame use forecastscore.ledger.Ledger.from_pandas"
            )
        columns = [str(c) for c in frame.columns]
        if "question" not in columns and getattr(frame.index, "name", None) == "question":
            # Partitioned by question the usual way, frame.set_index("question").
            frame = frame.reset_index()
            columns = [str(c) for c in frame.columns]
        missing = [c for c in REQUIRED if c not in columns]
        if not missing and "probability" not in columns and not {"low", "high"} <= set(columns):
            missing = ["probability"]
        if missing:
            raise FileSchemaError(
                f"frame: no column {missing[0]!r} (columns: {', '.join(columns)}); a "
                "DaskLedger needs question, forecaster, made_at, and probability (or low and "
                "high)"
            )
        self._frame = frame

    @property
    def frame(self) -> Any:
        """The Dask DataFrame."""
        return self._frame

    @property
    def npartitions(self) -> int:
        """The number of partitions."""
        return int(self._frame.npartitions)

    def __repr__(self) -> str:
        return f"<DaskLedger: {self.npartitions} partitions>"

    def score(
        self,
        outcomes: Iterable[Outcome],
        *,
        rule: RuleLike = "brier",
        hindsight: str = "raise",
        questions: Iterable[Question] | None = None,
        knowledge_cutoffs: Mapping[str, Time] | None = None,
        leakage: str = "raise",
    ) -> DaskScoreTable:
        """Score every prediction against its question's outcome, partition by partition
        (lazy: nothing is computed until a summary, the counts or the rows are asked for).

        The arguments are those of :meth:`forecastscore.ledger.Ledger.score` and mean the
        same; ``outcomes`` (and ``questions``) are held in memory and sent to every
        partition. Errors name the partition and the row in it (``partition 3, row 17``;
        the row counts from 0 in the partition, in its order); when several partitions
        fail, the first partition's error is raised.

        Returns
        -------
        DaskScoreTable

        Raises
        ------
        ForecastTypeError
            ``outcomes`` is not an iterable of :class:`~forecastscore.Outcome`.
        InvalidOptionError, UnknownRuleError, InvalidOutcomeError
            A bad option, rule or outcome (two for one question): checked at once, on the
            driver, as :meth:`Ledger.score <forecastscore.ledger.Ledger.score>` checks
            them.
        """
        options: dict[str, Any] = {
            "rule": rule,
            "hindsight": hindsight,
            "questions": questions_of(questions),
            "knowledge_cutoffs": knowledge_cutoffs,
            "leakage": leakage,
        }
        outcomes = _as_list(outcomes, "outcomes", Outcome)
        # The outcomes and options checked now, on the driver, as one machine checks them.
        _empty_ledger().score(outcomes, **options)
        return DaskScoreTable(self, outcomes, options)


class _DaskTable:
    """What the scores and the time averages share: the parts, computed once."""

    _work: Callable[[Any, int, Shared], Part | Failure]

    def __init__(
        self, ledger: DaskLedger, outcomes: list[Outcome], options: Mapping[str, Any]
    ) -> None:
        self._ledger = ledger
        self._options = dict(options)
        self._shared = Shared.make(outcomes, self._options)
        self._parts: list[Part] | None = None

    def _delayed(self) -> list[Any]:
        """One task per partition (the outcomes and options are one object of the graph)."""
        dask = _dask()
        shared = dask.delayed(self._shared, traverse=False)
        work = dask.delayed(type(self)._work, pure=True)
        parts = self._ledger.frame.to_delayed()
        return [work(part, k, shared) for k, part in enumerate(parts)]

    def _computed(self) -> list[Part]:
        """Compute every partition's part (once; later calls reuse them)."""
        if self._parts is None:
            results = _dask().compute(*self._delayed())
            parts = raise_first(list(results))
            check_disjoint(parts)
            self._parts = parts
        return self._parts

    @property
    def counts(self) -> dict[str, int]:
        """The counts of every partition, added: predictions scored and left out, by
        reason, as :attr:`forecastscore.ledger.ScoreTable.counts` (computes the parts)."""
        return total_counts(self._computed())

    def by_forecaster(
        self,
        *,
        confidence: float = 0.95,
        n_resamples: int = 1000,
        seed: int | None = 0,
        min_questions: int = 5,
        interval: str = "bootstrap",
    ) -> Summary:
        r"""Summary per forecaster, as one machine's ``by_forecaster`` gives it: n, questions,
        mean score and the question-clustered interval.

        ``n``, ``n_questions`` and ``n_ranges`` are the one-machine counts. The means are
        the exact means, rounded once: :math:`\operatorname{fl}(\sum_i s_i / n)` with the sum
        taken exactly (integers per exponent in each partition, added on the driver), so
        they do not depend on the partitioning or the order of the rows; one machine adds
        its rows one after another, so its mean can differ by that sum's rounding error (a
        few dozen units in the last place at most in practice; in the worst case about
        :math:`(n - 1) u \sum_i |s_i| / n` with :math:`u = 2^{-53}`, plus one rounding). The
        interval is the one-machine bootstrap (or normal interval) run on the driver on the
        same per-(forecaster, question) sums and counts in the same order, with the same
        seed: equal to one machine's to the last bit, given the partitions' rows in the
        order one machine holds them.

        Parameters
        ----------
        confidence, n_resamples, seed, min_questions, interval
            As in :meth:`forecastscore.ledger.ScoreTable.by_forecaster`.

        Returns
        -------
        forecastscore.ledger.Summary

        Raises
        ------
        InvalidOptionError
            A bad option (as one machine refuses it).
        FileSchemaError
            A question in two partitions.
        """
        return summary(
            self._computed(),
            confidence=confidence,
            n_resamples=n_resamples,
            seed=seed,
            min_questions=min_questions,
            interval=interval,
        )


class DaskScoreTable(_DaskTable):
    """The scores of a :class:`DaskLedger`, lazily (made by :meth:`DaskLedger.score`).

    :meth:`by_forecaster` and :attr:`counts` compute every partition once and keep what
    came back (a few numbers per forecaster and per (forecaster, question)); :meth:`to_dask`
    gives the per-prediction rows as a lazy Dask DataFrame (which scores again when
    computed).

    Examples
    --------
    >>> import datetime as dt
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> import forecastscore as fs
    >>> from forecastscore.distributed import DaskLedger
    >>> frame = dd.from_pandas(pd.DataFrame({
    ...     "question": ["q1", "q2"], "forecaster": ["alice", "alice"],
    ...     "made_at": [dt.date(2022, 1, 8)] * 2, "probability": [0.75, 0.5],
    ... }), npartitions=2)
    >>> table = DaskLedger(frame).score([fs.Outcome("q1", dt.date(2022, 2, 24), "yes")])
    >>> table.counts["scored"], table.counts["unresolved"]
    (1, 1)
    >>> table.to_dask().compute()[["question", "score", "partition", "row"]]
      question   score  partition  row
    0       q1  0.0625          0    0
    """

    _work = staticmethod(score_part)

    def __repr__(self) -> str:
        return f"<DaskScoreTable: rule {self._options['rule']!r}, {self._ledger!r}>"

    def to_dask(self) -> Any:
        """One row per scored prediction, as a lazy Dask DataFrame with the columns
        ``question``, ``forecaster``, ``made_at`` (``datetime64[us]``, UTC), ``lead_time_days``,
        ``score``, ``best``, ``worst``, ``partition`` and ``row`` (the row's position in its
        partition, from 0); one partition per partition of the ledger."""
        import dask.dataframe as dd
        import pandas as pd

        meta = pd.DataFrame({k: pd.Series(np.empty(0, dtype=v)) for k, v in ROW_COLUMNS.items()})
        dask = _dask()
        shared = dask.delayed(self._shared, traverse=False)
        work = dask.delayed(score_rows, pure=True)
        parts = self._ledger.frame.to_delayed()
        return dd.from_delayed([work(p, k, shared) for k, p in enumerate(parts)], meta=meta)


class DaskTimeAveragedTable(_DaskTable):
    """The time averages of a :class:`DaskLedger` (made by :func:`time_averaged`): one row
    per (question, forecaster), each computed in the question's partition by
    :func:`forecastscore.ledger.time_averaged`, so equal to one machine's to the last bit.

    :meth:`by_forecaster` summarises them as
    :meth:`forecastscore.ledger.TimeAveragedTable.by_forecaster` does (each question counts
    once per forecaster); :meth:`to_pandas` gives the rows, sorted by question then
    forecaster as one machine sorts them. Both compute every partition once.

    Examples
    --------
    Bob says 0.8 on 4 January and the event is known on 11 January; on the other question,
    0.5 against a "no":

    >>> import datetime as dt
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> import forecastscore as fs
    >>> from forecastscore.distributed import DaskLedger, time_averaged
    >>> frame = dd.from_pandas(pd.DataFrame({
    ...     "question": ["q", "r"], "forecaster": ["bob", "bob"],
    ...     "made_at": [dt.date(2022, 1, 4), dt.date(2022, 1, 1)],
    ...     "probability": [0.8, 0.5],
    ... }), npartitions=2)
    >>> outcomes = [fs.Outcome("q", dt.date(2022, 1, 11), "yes"),
    ...             fs.Outcome("r", dt.date(2022, 1, 11), "no")]
    >>> t = time_averaged(DaskLedger(frame), outcomes)
    >>> t.to_pandas()[["question", "score", "span_days"]]
      question  score  span_days
    0        q   0.04        7.0
    1        r   0.25       10.0
    >>> t.by_forecaster().mean_score            # (0.04 + 0.25) / 2
    array([0.145])
    """

    _work = staticmethod(time_averaged_part)

    def __repr__(self) -> str:
        return f"<DaskTimeAveragedTable: rule {self._options['rule']!r}, {self._ledger!r}>"

    def columns(self) -> dict[str, Any]:
        """The rows as numpy columns: ``question``, ``forecaster``, ``score``, ``best``,
        ``worst``, ``coverage``, ``span_days``, ``n_forecasts`` (as the attributes of
        :class:`forecastscore.ledger.TimeAveragedTable`)."""
        return table_rows(self._computed())

    def to_pandas(self) -> Any:
        """The rows of :meth:`columns` as a :class:`pandas.DataFrame`."""
        import pandas as pd

        return pd.DataFrame(self.columns())


def time_averaged(
    ledger: DaskLedger,
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
) -> DaskTimeAveragedTable:
    r"""Time-averaged score of each forecaster on each question of a :class:`DaskLedger`
    (a loss: lower is better), each question in its own partition.

    The arguments are those of :func:`forecastscore.ledger.time_averaged` and mean the same:
    each forecast stands until the same forecaster's next forecast on the question or the
    resolution, weighted by how long it stood. Lazy: the partitions are computed when the
    rows or a summary are asked for.

    Returns
    -------
    DaskTimeAveragedTable

    Raises
    ------
    ForecastTypeError
        ``ledger`` is not a :class:`DaskLedger`, or ``outcomes`` not an iterable of
        :class:`~forecastscore.Outcome`.
    InvalidOptionError, UnknownRuleError, InvalidOutcomeError
        A bad option, rule or outcome: checked at once, on the driver, as
        :func:`forecastscore.ledger.time_averaged` checks them.

    Examples
    --------
    Alice says 0.5 on 1 January and 0.9 on 7 January; the event is known on 11 January:

    >>> import datetime as dt
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> import forecastscore as fs
    >>> from forecastscore.distributed import DaskLedger, time_averaged
    >>> frame = dd.from_pandas(pd.DataFrame({
    ...     "question": ["q", "q"], "forecaster": ["alice", "alice"],
    ...     "made_at": [dt.date(2022, 1, 1), dt.date(2022, 1, 7)],
    ...     "probability": [0.5, 0.9],
    ... }), npartitions=1)
    >>> t = time_averaged(DaskLedger(frame), [fs.Outcome("q", dt.date(2022, 1, 11), "yes")])
    >>> t.columns()["score"]        # (6 * 0.25 + 4 * 0.01) / 10
    array([0.154])
    """
    if not isinstance(ledger, DaskLedger):
        raise ForecastTypeError(f"ledger must be a DaskLedger (got {type(ledger)!r})")
    options: dict[str, Any] = {
        "rule": rule,
        "hindsight": hindsight,
        "questions": questions_of(questions),
        "start": start,
        "fill": fill,
        "granularity": granularity,
        "knowledge_cutoffs": knowledge_cutoffs,
        "leakage": leakage,
    }
    outcomes = _as_list(outcomes, "outcomes", Outcome)
    # The outcomes and options checked now, on the driver, as one machine checks them.
    ledger_time_averaged(_empty_ledger(), outcomes, **options)
    return DaskTimeAveragedTable(ledger, outcomes, options)
