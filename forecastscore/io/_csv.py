"""CSV: reading and writing predictions and outcomes. The parsing of CSV text into checked
columns lives in ``_csv_columns``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from ..errors import FileSchemaError, ShapeError
from ..ledger import Ledger
from ..ledger._build import KNOWN_COLUMNS, REQUIRED_COLUMNS, assemble
from ..model import Outcome, ProbabilityRange
from ._csv_columns import (
    _check_header,
    _Column,
    _ids,
    _probabilities,
    _raw,
    _split_simple,
    _text,
    _times,
)
from ._csv_text import _split_csv
from ._files import (
    OUTCOME_COLUMNS,
    Source,
    _check_file,
    _check_ledger,
    _csv_column_of,
    _decode,
    _FastLines,
    _lines,
    _name,
    _outcome,
    _outcome_text,
    _read_bytes,
    _refuse_quantities,
    _write_text,
    csv_probability,
)
from ._outcome_list import OutcomeList, _outcome_rows


def read_predictions_csv(source: Source) -> Ledger:
    r"""Read predictions from CSV into a :class:`~forecastscore.ledger.Ledger`.

    Columns ``question,forecaster,made_at,probability`` (any order) and optionally
    ``option``, ``source``, ``quote``; any other column is kept in :attr:`Ledger.extra` as
    text. ``made_at`` is ``YYYY-MM-DD`` (a date) or an ISO 8601 datetime with its offset.
    ``probability`` is a number in [0, 1], or ``low..high`` for a range. Rows with an
    ``option`` are the options of a categorical forecast: consecutive rows with the same
    question, forecaster and ``made_at``, whose probabilities sum to 1. Blank lines are
    skipped.

    Parameters
    ----------
    source : str, path-like or text file
        The file (UTF-8, a byte-order mark is allowed).

    Returns
    -------
    Ledger

    Raises
    ------
    FileSchemaError
        A missing required column, a row with the wrong number of fields, malformed quoting
        (a quoted field never closed, text after a closing quote, a ``"`` in an unquoted
        field), or a bad value; the message starts with ``file:line:`` and names the column.
    ForecastTypeError
        ``source`` is not a file name, a path or an open file.

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_predictions_csv
    >>> text = "question,forecaster,made_at,probability\nq1,alice,2022-01-08,0.3\n"
    >>> ledger = read_predictions_csv(io.StringIO(text))
    >>> ledger[0].made_at, ledger[0].probability
    (datetime.date(2022, 1, 8), 0.3)
    >>> read_predictions_csv(io.StringIO(text.replace("0.3", "1.3")))
    Traceback (most recent call last):
    ...
    forecastscore.errors.FileSchemaError: <stream>:2: column 'probability': '1.3' is not ...
    """
    data, path = _read_bytes(source)
    simple = data
    if b"\r" in simple and simple.count(b"\r") == simple.count(b"\r\n"):
        simple = simple.replace(b"\r\n", b"\n")  # Windows line ends: same lines, same numbers
    first_nl = simple.find(b"\n")
    head_bytes = simple if first_nl < 0 else simple[:first_nl]
    columns: list[_Column] | None = None
    header: list[str] = []
    if b'"' not in head_bytes and b"\r" not in head_bytes and first_nl >= 0:
        header = _decode(head_bytes, path).split(",")
        if len(header) > 1 and len(set(header)) == len(header):
            columns = _split_simple(simple, header)
    if columns is not None:
        n = len(columns[0])
        where = _lines(path, _FastLines(n))
    else:
        header, cols, lines = _split_csv(_decode(data, path), path)
        n = len(lines)
        columns = [_Column(h, strings=c) for h, c in zip(header, cols, strict=False)]
        where = _lines(path, lines)
    _check_header(header, REQUIRED_COLUMNS, path)
    by_name = dict(zip(header, columns, strict=False))
    return assemble(
        _ids(by_name["question"], where),
        _ids(by_name["forecaster"], where),
        _times(by_name["made_at"], where),
        _probabilities(by_name["probability"], where),
        {c: _text(by_name.get(c), n, where) for c in ("option", "source", "quote")},
        {h: _raw(c, where) for h, c in by_name.items() if h not in KNOWN_COLUMNS},
        where,
        has_options="option" in by_name,
    )


def _texts(values: Sequence[Any]) -> list[str]:
    if all(type(v) is str for v in values):
        return list(values)
    return ["" if v is None else v if isinstance(v, str) else str(v) for v in values]


def csv_text(header: Sequence[str], columns: Sequence[Sequence[Any]]) -> str:
    """CSV with ``\n`` line ends from columns (``None`` written empty; other values by
    ``str``).

    A field is quoted when it holds a comma, a ``"`` (doubled inside), ``\n`` or ``\r``
    (RFC 4180), and only then. Done here rather than by the csv module, whose quoting of a
    lone ``\r`` and of NUL differs between Python versions."""
    cols = [_texts(c) for c in (list(header), *columns)]
    n = len(cols[1]) if len(cols) > 1 else 0
    if any(len(c) != n for c in cols[1:]):
        raise ShapeError(
            "the columns to write differ in length: "
            + ", ".join(f"{h!r}: {len(c)}" for h, c in zip(header, cols[1:], strict=False))
        )
    for j, c in enumerate(cols):
        joined = "\x00".join(c)
        if any(ch in joined for ch in ',"\n\r'):
            cols[j] = [_quoted(f) if _NEEDS_QUOTES.search(f) else f for f in c]
    head = ",".join(cols[0])
    rows = map(",".join, zip(*cols[1:], strict=True))
    return "\n".join([head, *rows]) + "\n"


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _quoted(field: str) -> str:
    return '"' + field.replace('"', '""') + '"'


def _probability_texts(ledger: Ledger) -> list[str]:
    low, high = ledger.low.tolist(), ledger.high.tolist()
    out = list(map(repr, low))
    for i in np.flatnonzero(ledger.is_range).tolist():
        out[i] = f"{low[i]!r}..{high[i]!r}"
    return out


def _prediction_columns(ledger: Ledger) -> tuple[list[str], list[list[Any]]]:
    """Header and columns in the file layout (one row per option of categorical ones)."""
    extra = ledger.extra
    if ledger.is_categorical.any():
        records = ledger.to_records()
        header = list(records[0]) if records else list(REQUIRED_COLUMNS)
        for r in records:
            p = r["probability"]
            r["probability"] = (
                f"{p.low!r}..{p.high!r}" if isinstance(p, ProbabilityRange) else repr(p)
            )
        return header, [[r[h] for r in records] for h in header]
    header = list(REQUIRED_COLUMNS)
    cols: list[list[Any]] = [
        ledger.question.tolist(),
        ledger.forecaster.tolist(),
        ledger.made_at_iso(),
        _probability_texts(ledger),
    ]
    for name in ("source", "quote"):
        values = getattr(ledger, name)
        if any(v is not None for v in values.tolist()):
            header.append(name)
            cols.append(values.tolist())
    if ledger.imputed.any():
        header.append("imputed")
        cols.append(["true" if v else "false" for v in ledger.imputed.tolist()])
    for name, values in extra.items():
        header.append(name)
        cols.append(values.tolist())
    return header, cols


def write_predictions_csv(ledger: Ledger, target: Source) -> None:
    r"""Write a ledger as CSV, in the layout :func:`read_predictions_csv` reads.

    Columns ``question,forecaster,made_at,probability``, then ``option``, ``source`` and
    ``quote`` when some prediction uses them, then the ledger's extra columns. Floats are
    written with ``repr`` (they read back exactly), a range as ``low..high``, times as ISO
    8601 (dates as ``YYYY-MM-DD``). A field with a comma, a ``"`` or a line break is quoted.
    The text is built and checked in full before anything is written.

    Parameters
    ----------
    ledger : Ledger
        A :class:`~forecastscore.ledger.Ledger`; a list of predictions is refused (make one
        with :meth:`Ledger.from_predictions <forecastscore.ledger.Ledger.from_predictions>`).
    target : str, path-like, or text or binary file
        A binary file is given UTF-8.

    Raises
    ------
    ForecastTypeError
        ``ledger`` is not a ledger, or ``target`` not a file name, path or file.
    FileSchemaError
        Text that UTF-8 cannot hold (a lone surrogate), with the line it would be on.

    Examples
    --------
    >>> import datetime as dt, io
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger
    >>> from forecastscore.io import write_predictions_csv
    >>> out = io.StringIO()
    >>> write_predictions_csv(Ledger.from_predictions(
    ...     [fs.Prediction("q1", "alice", dt.date(2022, 1, 8), fs.ProbabilityRange(0.2, 0.45))]),
    ...     out)
    >>> print(out.getvalue())
    question,forecaster,made_at,probability
    q1,alice,2022-01-08,0.2..0.45
    """
    _check_ledger(ledger)
    _check_file(target, "target", "write")
    header, cols = _prediction_columns(ledger)
    _write_text(csv_text(header, cols), target, _csv_column_of(header, cols))


def read_outcomes_csv(source: Source) -> OutcomeList:
    r"""Read outcomes from CSV: ``question,resolved_at,outcome`` and any extra columns.

    ``resolved_at`` is a date or a datetime with its offset. ``outcome`` is ``yes``/``no``,
    an option name, ``1``/``0`` or an option's index (kept as text), ``true``/``false`` (read
    as booleans), ``annulled``, or a probability outcome: a decimal in [0, 1] written with a
    point or an exponent (``0.73``, ``0.0``, ``1e-05``), read as
    ``Outcome(..., probability=0.73)`` (``0`` and ``1`` stay hard outcomes; a decimal outside
    [0, 1], such as ``1.5``, stays text, an option name). Text and numbers mean the same
    option when scored (``"1"`` as ``1``: :meth:`Outcome.option_index
    <forecastscore.Outcome.option_index>` matches a value by its text form), so this file
    and the same outcomes in JSON Lines score the same.
    Whether an outcome is an option of its question is known only when it is scored; the
    file and line of each outcome are kept in :attr:`OutcomeList.origin` for that error.
    Extra columns are kept in :attr:`OutcomeList.extra`.

    Raises
    ------
    FileSchemaError
        A missing column or a bad value, with the file, line and column.

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_outcomes_csv
    >>> text = "question,resolved_at,outcome\nq1,2022-02-24,yes\n"
    >>> outcomes = read_outcomes_csv(io.StringIO(text))
    >>> outcomes
    <OutcomeList: 1 outcome on 1 question; read from <stream>>
    >>> outcomes[0]
    Outcome(question='q1', resolved_at=datetime.date(2022, 2, 24), value='yes', annulled=False)
    >>> read_outcomes_csv(io.StringIO("question,resolved_at,outcome\nq2,2024-07-28,0.73\n"))[0]
    Outcome(question='q2', resolved_at=datetime.date(2024, 7, 28), probability=0.73, annulled=False)
    """
    data, path = _read_bytes(source)
    header, cols, lines = _split_csv(_decode(data, path), path)
    _check_header(header, OUTCOME_COLUMNS, path)
    by = dict(zip(header, cols, strict=False))
    where = _lines(path, lines)
    items = [
        _outcome(q, r, _csv_outcome_value(v), i, where)
        for i, (q, r, v) in enumerate(
            zip(by["question"], by["resolved_at"], by["outcome"], strict=False)
        )
    ]
    return OutcomeList(
        items,
        extra={h: list(c) for h, c in by.items() if h not in OUTCOME_COLUMNS},
        origin=[(path, line) for line in lines],
    )


def _csv_outcome_value(text: str) -> Any:
    """A CSV outcome's text as the value it stands for: a boolean, a probability (a float),
    or the text itself."""
    if text in ("true", "false"):
        return text == "true"
    q = csv_probability(text)
    return text if q is None else q


def write_outcomes_csv(outcomes: Iterable[Outcome], target: Source) -> None:
    r"""Write outcomes as CSV (``question,resolved_at,outcome`` and the extra columns of an
    :class:`OutcomeList`).

    A probability outcome is written as its ``repr`` (``0.73``, ``0.0``: always with a
    point or an exponent), so that it reads back as a probability, and ``0``/``1`` as hard
    outcomes. An option name that CSV would read back as a probability (``"0.5"``) is
    refused.

    Raises
    ------
    FileSchemaError
        An outcome value that would read back as something else (``"annulled"`` is
        refused by :class:`~forecastscore.errors.InvalidOutcomeError`), with the line.

    Examples
    --------
    >>> import datetime as dt, io
    >>> import forecastscore as fs
    >>> from forecastscore.io import write_outcomes_csv
    >>> out = io.StringIO()
    >>> write_outcomes_csv([fs.Outcome("q1", dt.date(2022, 2, 24), True)], out)
    >>> print(out.getvalue())
    question,resolved_at,outcome
    q1,2022-02-24,true
    """
    items, extra = _outcome_rows(outcomes)
    _refuse_quantities(items, "csv")
    _check_file(target, "target", "write")
    for i, o in enumerate(items):
        if isinstance(o.value, str) and csv_probability(o.value) is not None:
            raise FileSchemaError(
                f"the option name {o.value!r} (question {o.question!r}) would read back as a "
                "probability outcome; CSV reads a decimal in [0, 1] as one (JSON Lines keeps "
                "it as text)",
                path=_name(target),
                line=i + 2,
                column="outcome",
            )
    columns = [
        [o.question for o in items],
        [o.resolved_at.isoformat() for o in items],
        [_outcome_text(o) for o in items],
        *extra.values(),
    ]
    header = [*OUTCOME_COLUMNS, *extra]
    _write_text(csv_text(header, columns), target, _csv_column_of(header, columns))
