"""One partition's work: a pandas partition turned into a :class:`~forecastscore.ledger.Ledger`,
scored or time-averaged by the one-machine code, and reduced to what the driver combines (the
counts, per forecaster the exact sums, per (forecaster, question) the bootstrap's cells).

What lives here: :func:`partition_ledger`, :func:`score_part`, :func:`time_averaged_part`,
:func:`score_rows` and the :class:`Part` they return; errors are returned, not raised, with
the partition's number in their message, so that the driver raises the first partition's.
What does not: any import of dask (a partition is a pandas frame), and the combining (in
``_combine``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ..errors import (
    FileSchemaError,
    ForecastScoreError,
    HindsightError,
    InvalidTimeError,
    LeakageError,
)
from ..ledger import Ledger, ScoreTable, TimeAveragedTable, time_averaged
from ..ledger._columns import parse_iso_time
from ..model import Outcome, Question
from ._exact import ExactSums, exact_sums

ObjArray = npt.NDArray[np.object_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: The columns a partition must hold, and those read when present.
REQUIRED = ("question", "forecaster", "made_at")
OPTIONAL = ("source", "quote")


@attrs.frozen(eq=False)
class Part:
    """What one partition sends to the driver (small: per forecaster and per cell).

    ``groups`` are the forecasters present (sorted), with their count, count of ranges and
    exact sums of the best and worst scores; the cells, one per (forecaster, question)
    sorted by forecaster then question, hold the question's score sum and count exactly as
    the one-machine summary computes them (the same rows, in the same order).
    """

    number: int
    questions: ObjArray
    counts: dict[str, int]
    groups: ObjArray
    n: npt.NDArray[np.int64]
    n_ranges: npt.NDArray[np.int64]
    best: ExactSums
    worst: ExactSums
    cell_group: IntArray  # index into ``groups``
    cell_question: ObjArray
    cell_sum: FloatArray
    cell_n: FloatArray
    table: dict[str, Any] | None = None  # the time-averaged rows, when asked


@attrs.frozen(eq=False)
class Failure:
    """A partition's error, with the hindsight (or leakage) rows it counted."""

    number: int
    error: ForecastScoreError
    late: int = 0


def relabel(exc: ForecastScoreError, number: int) -> ForecastScoreError:
    """The same error, of the same class and attributes, its message placed in partition
    ``number``: ``row 5: ...`` becomes ``partition 2, row 5: ...`` (``row 0 and row 1``
    likewise); anything else gets a ``partition 2: `` prefix (a message that already names
    the partition is kept)."""
    text = str(exc)
    if text.startswith(f"partition {number}"):
        return exc
    if re.match(r"row \d+\b", text):
        text = f"partition {number}, {text}"
    else:
        text = f"partition {number}: {text}"
    new = type(exc).__new__(type(exc))
    new.__dict__.update(exc.__dict__)
    Exception.__init__(new, text)
    return new


def _made_at(column: Any, number: int) -> Any:
    """The ``made_at`` column as :meth:`Ledger.from_arrays` takes it: UTC instants for a
    timezone-aware column, ``datetime64[D]`` dates for dates (``date32`` or date objects),
    and ISO 8601 text parsed as the files are (a date, or a datetime with its offset)."""
    import pandas as pd

    dtype = column.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return column.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    if dtype.kind == "M":
        raise InvalidTimeError(
            f"partition {number}: column 'made_at' holds naive datetimes ({dtype}); a naive "
            "datetime is not an instant: localize the column (for example "
            "frame['made_at'].dt.tz_localize('UTC')), or give dates as datetime.date"
        )
    values = column.to_numpy(dtype=object)
    if not len(values):
        return np.empty(0, dtype="datetime64[D]")
    if all(type(v) is dt.date for v in values[:1]) and all(type(v) is dt.date for v in values):
        return values.astype("datetime64[D]")
    if isinstance(values[0], str):
        out = []
        for r, v in enumerate(values.tolist()):
            try:
                out.append(parse_iso_time(v))
            except (ForecastScoreError, TypeError, ValueError) as exc:
                raise InvalidTimeError(
                    f"partition {number}, row {r}: column 'made_at': {v!r} is not an ISO 8601 "
                    f"date or datetime with its offset ({exc})"
                ) from None
        return out
    return list(values)


def partition_ledger(frame: Any, number: int) -> Ledger:
    """The ledger of one partition (its rows in order): ``question``, ``forecaster``,
    ``made_at``, and ``probability`` or ``low`` and ``high``; ``source`` and ``quote`` when
    present."""
    columns = [str(c) for c in frame.columns]
    for name in REQUIRED:
        if name not in columns:
            raise FileSchemaError(
                f"partition {number}: the frame has no column {name!r} (columns: "
                f"{', '.join(columns)})"
            )
    kwargs: dict[str, Any] = {c: frame[c].to_numpy(dtype=object) for c in OPTIONAL if c in columns}
    if "probability" in columns:
        kwargs["probability"] = frame["probability"].to_numpy(dtype=np.float64, na_value=np.nan)
    elif "low" in columns and "high" in columns:
        kwargs["low"] = frame["low"].to_numpy(dtype=np.float64, na_value=np.nan)
        kwargs["high"] = frame["high"].to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        raise FileSchemaError(
            f"partition {number}: the frame needs a column 'probability', or 'low' and "
            f"'high' (columns: {', '.join(columns)})"
        )
    return Ledger.from_arrays(
        frame["question"].to_numpy(dtype=object),
        frame["forecaster"].to_numpy(dtype=object),
        _made_at(frame["made_at"], number),
        **kwargs,
    )


def _part(
    number: int,
    ledger: Ledger,
    counts: dict[str, int],
    values: tuple[ObjArray, IntArray, FloatArray, FloatArray, FloatArray, npt.NDArray[np.bool_]],
    forecasters: tuple[ObjArray, IntArray],
    table: dict[str, Any] | None = None,
) -> Part:
    """Reduce one partition's entries (as a table's ``_values()`` and ``_forecasters()``
    give them to the one-machine summary) to a :class:`Part`."""
    q_labels, q, score, best, worst, is_range = values
    f_labels, f = forecasters
    # Groups: the forecasters present, sorted by name (as the one-machine summary sorts),
    # found from the integer codes (sorting a million strings would cost more than scoring).
    codes = np.unique(f)
    names = f_labels[codes].astype(str)
    order = np.argsort(names, kind="stable")
    rank = np.zeros(len(f_labels), dtype=np.intp)
    rank[codes[order]] = np.arange(len(codes))
    present = names[order]
    group = rank[f]
    n_groups = len(present)
    n = np.bincount(group, minlength=n_groups).astype(np.int64)
    n_ranges = np.bincount(group, weights=is_range, minlength=n_groups).astype(np.int64)
    # Cells as in the one-machine summary: one per (group, question), the sum over the
    # entries in their order (bincount adds in order), ranges counted as 0.
    nq = max(len(q_labels), 1)
    q_rank = np.argsort(np.argsort(q_labels.astype(str), kind="stable"), kind="stable")
    key = group.astype(np.int64) * nq + q_rank[q]
    cells, cell_of = np.unique(key, return_inverse=True)
    cell_of = cell_of.reshape(-1)
    cell_sum = np.bincount(
        cell_of, weights=np.where(is_range, 0.0, score), minlength=len(cells)
    ).astype(np.float64)
    cell_n = np.bincount(cell_of, minlength=len(cells)).astype(np.float64)
    by_rank = q_labels[np.argsort(q_labels.astype(str), kind="stable")]
    sum_best = exact_sums(group, best, n_groups)
    # Without ranges the worst scores are the best ones (no second exact sum needed).
    same = np.array_equal(best, worst, equal_nan=True)
    sum_worst = sum_best if same else exact_sums(group, worst, n_groups)
    return Part(
        number=number,
        questions=np.asarray(ledger.questions, dtype=object),
        counts=counts,
        groups=present.astype(object),
        n=n,
        n_ranges=n_ranges,
        best=sum_best,
        worst=sum_worst,
        cell_group=(cells // nq).astype(np.intp),
        cell_question=by_rank[(cells % nq).astype(np.intp)],
        cell_sum=cell_sum,
        cell_n=cell_n,
        table=table,
    )


class _Subset(list[Outcome]):
    """Some of the outcomes, with the file and line of each when they were read from one
    (the ``origin`` of an :class:`~forecastscore.io.OutcomeList`)."""

    origin: list[Any] | None = None


@attrs.frozen(eq=False)
class Shared:
    """What every partition receives (one object of the graph, sent once to each worker):
    the outcomes, the options, and where each question's outcome (and ``Question``) is in
    them, so that a partition picks its own questions' outcomes without a Python step per
    outcome of the whole list."""

    outcomes: list[Outcome]
    options: dict[str, Any]
    outcome_of: dict[str, int]
    question_of: dict[str, int] | None

    @classmethod
    def make(cls, outcomes: list[Outcome], options: dict[str, Any]) -> Shared:
        """``outcomes`` and ``options`` already checked (one outcome per question)."""
        questions = options.get("questions")
        return cls(
            outcomes,
            options,
            {o.question: j for j, o in enumerate(outcomes)},
            None if questions is None else {q.id: j for j, q in enumerate(questions)},
        )

    def for_ledger(self, ledger: Ledger) -> tuple[_Subset, dict[str, Any], list[int]]:
        """The outcomes of the ledger's questions (in their order in the whole list), the
        options with its questions only, and where each outcome kept was in the whole list."""
        ids = ledger.questions
        kept = sorted(self.outcome_of[q] for q in ids if q in self.outcome_of)
        sub = _Subset(self.outcomes[j] for j in kept)
        origin = getattr(self.outcomes, "origin", None)
        if isinstance(origin, list):
            sub.origin = [origin[j] for j in kept]
        options = dict(self.options)
        if self.question_of is not None:
            whole = options["questions"]
            at = sorted(self.question_of[q] for q in ids if q in self.question_of)
            options["questions"] = [whole[j] for j in at]
        return sub, options, kept


def _in_whole_list(exc: ForecastScoreError, kept: list[int]) -> ForecastScoreError:
    """The error with ``outcomes[k]`` (a position among the partition's outcomes) replaced
    by the outcome's position in the whole list."""
    text = str(exc)
    fixed = re.sub(r"outcomes\[(\d+)\]", lambda m: f"outcomes[{kept[int(m.group(1))]}]", text)
    if fixed != text:
        Exception.__init__(exc, fixed)
    return exc


def _late(ledger: Ledger, outcomes: Any, options: dict[str, Any], exc: ForecastScoreError) -> int:
    """How many rows of the partition a hindsight (or leakage) error refers to."""
    if not isinstance(exc, HindsightError):
        return 0
    keep = ("rule", "questions", "knowledge_cutoffs")
    relaxed = {k: v for k, v in options.items() if k in keep}
    relaxed.update(hindsight="drop", leakage="drop")
    try:
        table = ledger.score(outcomes, **relaxed)
    except ForecastScoreError:
        return 0
    return len(table.leakage) if isinstance(exc, LeakageError) else len(table.hindsight)


def _run(frame: Any, number: int, shared: Shared, averaged: bool) -> Part | Failure:
    """One partition scored (or time-averaged) and reduced, or its error."""
    ledger = None
    outcomes: Any = shared.outcomes
    options = shared.options
    kept: list[int] = []
    try:
        ledger = partition_ledger(frame, number)
        outcomes, options, kept = shared.for_ledger(ledger)
        if not averaged:
            table: ScoreTable = ledger.score(outcomes, **options)
            return _part(number, ledger, table.counts, table._values(), table._forecasters())
        t: TimeAveragedTable = time_averaged(ledger, outcomes, **options)
        rows = {
            "question": t.question,
            "forecaster": t.forecaster,
            "score": t.score,
            "best": t.best,
            "worst": t.worst,
            "coverage": t.coverage,
            "span_days": t.span_days,
            "n_forecasts": t.n_forecasts,
        }
        return _part(number, ledger, t.counts, t._values(), t._forecasters(), rows)
    except ForecastScoreError as exc:
        late = 0 if ledger is None else _late(ledger, outcomes, options, exc)
        if outcomes is not shared.outcomes and outcomes.origin is None:
            exc = _in_whole_list(exc, kept)
        return Failure(number, relabel(exc, number), late)


def score_part(frame: Any, number: int, shared: Shared) -> Part | Failure:
    """Score one partition with :meth:`Ledger.score` and reduce it (or its error)."""
    return _run(frame, number, shared, averaged=False)


def time_averaged_part(frame: Any, number: int, shared: Shared) -> Part | Failure:
    """Time-average one partition with :func:`forecastscore.ledger.time_averaged` and reduce
    it (or its error), keeping its rows."""
    return _run(frame, number, shared, averaged=True)


#: The columns of :func:`score_rows`, in order, with their dtypes.
ROW_COLUMNS: dict[str, Any] = {
    "question": object,
    "forecaster": object,
    "made_at": "datetime64[us]",
    "lead_time_days": np.float64,
    "score": np.float64,
    "best": np.float64,
    "worst": np.float64,
    "partition": np.int64,
    "row": np.int64,
}


def score_rows(frame: Any, number: int, shared: Shared) -> Any:
    """One row per scored prediction of the partition, as a pandas frame (errors raised,
    with the partition in their message)."""
    import pandas as pd

    ledger = partition_ledger_or_raise(frame, number)
    outcomes, options, kept = shared.for_ledger(ledger)
    try:
        t = ledger.score(outcomes, **options)
    except ForecastScoreError as exc:
        if outcomes.origin is None:
            exc = _in_whole_list(exc, kept)
        raise relabel(exc, number) from None
    return pd.DataFrame(
        {
            "question": pd.Series(ledger.question[t.rows], dtype=object),
            "forecaster": pd.Series(ledger.forecaster[t.rows], dtype=object),
            "made_at": ledger.made_at[t.rows],
            "lead_time_days": t.lead_time_days,
            "score": t.score,
            "best": t.best,
            "worst": t.worst,
            "partition": np.full(len(t.rows), number, dtype=np.int64),
            "row": t.rows.astype(np.int64),
        }
    )


def partition_ledger_or_raise(frame: Any, number: int) -> Ledger:
    """:func:`partition_ledger`, its error placed in the partition."""
    try:
        return partition_ledger(frame, number)
    except ForecastScoreError as exc:
        raise relabel(exc, number) from None


def questions_of(questions: Iterable[Question] | None) -> list[Question] | None:
    """``questions`` as a list (broadcast to every partition), or None."""
    return None if questions is None else list(questions)
