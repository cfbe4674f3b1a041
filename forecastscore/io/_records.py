"""Other people's formats: a JSON file holding a list of records under a key
(:func:`read_records_json`), and outcomes built from records with a column mapping
(:func:`outcomes_from_records`). Predictions from records are
:meth:`Ledger.from_records <forecastscore.ledger.Ledger.from_records>` (in ``ledger._build``).
What does not live here: the library's own CSV and JSON Lines formats (``_csv``, ``_jsonl``).
"""

from __future__ import annotations

import json
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..errors import FileSchemaError, ForecastTypeError
from ..ledger._build import _extra_specs, _record_list, _specs, record_columns
from ..ledger._columns import parse_iso_time
from ..model import Outcome
from ._files import _ANNULLED, Source, _decode, _read_bytes, _shown
from ._outcome_list import OutcomeList

#: The columns of an outcome a record may give.
OUTCOME_RECORD_COLUMNS = ("question", "resolved_at", "outcome", "probability")

Spec = str | Callable[[Mapping[str, Any]], Any]


def read_records_json(source: Source, key: str | None = "forecasts") -> list[dict[str, Any]]:
    r"""Read a JSON file that holds a list of records (JSON objects) under a key.

    Many benchmarks and platforms publish their forecasts this way (ForecastBench:
    ``{"forecasts": [...]}``, its resolution sets: ``{"resolutions": [...]}``). The list
    goes to :meth:`Ledger.from_records <forecastscore.ledger.Ledger.from_records>` or
    :func:`outcomes_from_records` with a column mapping.

    Parameters
    ----------
    source : str, path-like or open file
        The file (UTF-8; a byte order mark is skipped).
    key : str or None, default "forecasts"
        The key of the top-level object that holds the list; ``None`` when the document
        is the list itself.

    Returns
    -------
    list of dict

    Raises
    ------
    FileSchemaError
        Text that is not JSON (the message gives the file and line), ``NaN`` or
        ``Infinity`` (not JSON), a key given twice in one object, a missing ``key``, a value
        under it that is not a list, or an item that is not an object (the message gives
        its position: ``forecasts[3]``).

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_records_json
    >>> text = '{"question_set": "x", "forecasts": [{"id": "q1", "forecast": 0.3}]}'
    >>> read_records_json(io.StringIO(text))
    [{'id': 'q1', 'forecast': 0.3}]
    >>> read_records_json(io.StringIO('{"forecasts": [{"id": "q1"}, 3]}'))
    Traceback (most recent call last):
    ...
    forecastscore.errors.FileSchemaError: <stream>: forecasts[1] is not a JSON object (got 3)
    """
    data, path = _read_bytes(source)
    text = _decode(data, path)

    def refuse_constant(name: str) -> Any:
        raise _NotJson(f"{name} is not a JSON number")

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                raise _NotJson(f"the key {k!r} is given twice in one object")
            out[k] = v
        return out

    try:
        doc = json.loads(text, parse_constant=refuse_constant, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise FileSchemaError(f"not JSON: {exc.msg}", path=path, line=exc.lineno) from None
    except _NotJson as exc:
        raise FileSchemaError(str(exc), path=path) from None
    except RecursionError:
        raise FileSchemaError("a value nested too deeply", path=path) from None
    where = "the document"
    if key is not None:
        if not isinstance(key, str):
            raise ForecastTypeError(f"key must be a string or None (got {key!r})")
        if not isinstance(doc, dict) or key not in doc:
            keys = ", ".join(repr(k) for k in doc) if isinstance(doc, dict) else "none"
            raise FileSchemaError(
                f"the document has no key {key!r} at its top level (keys: {_cut(keys)})",
                path=path,
            )
        doc = doc[key]
        where = key
    if not isinstance(doc, list):
        raise FileSchemaError(
            f"{where} must be a list of records (got {type(doc).__name__})", path=path
        )
    for i, item in enumerate(doc):
        if not isinstance(item, dict):
            name = "records" if key is None else key
            raise FileSchemaError(
                f"{name}[{i}] is not a JSON object (got {_shown(item)})", path=path
            )
    return doc


class _NotJson(ValueError):
    pass


def _cut(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


_DECIMAL = re.compile(r"\s*(0?\.\d+|0\.\d*)\s*")


def outcomes_from_records(
    records: Iterable[Mapping[str, Any]],
    *,
    columns: Mapping[str, Spec] | None = None,
    constants: Mapping[str, Any] | None = None,
    extra: Iterable[str] | Mapping[str, Spec] = (),
) -> OutcomeList:
    r"""Build outcomes from records in another format, with a mapping from the outcome's
    columns to the records' fields.

    The columns are ``question``, ``resolved_at`` (a date, an aware datetime, or ISO 8601
    text), ``outcome`` and ``probability``; each comes from ``columns`` (a field name or a
    function of the record), from ``constants``, or else from the field of the same name.
    What an outcome is:

    - ``probability`` not ``None`` (a number in [0, 1]): a probability outcome
      (``Outcome(q, t, probability=...)``: a market's value for a question not yet
      resolved), whatever ``outcome`` holds;
    - else ``outcome``: ``"annulled"``; ``True``/``False``, ``yes``/``no`` or an option
      name; an integer, or a float that is one (``0.0``, ``1.0``), as an option; a number
      (or decimal text) strictly between 0 and 1 is a probability outcome, as in the
      files' ``outcome`` column.

    Parameters
    ----------
    records : iterable of mapping
        For example the list :func:`read_records_json` returns.
    columns : mapping of str to str or callable, optional
    constants : mapping of str to value, optional
    extra : iterable of str, or mapping of str to str or callable, default ()
        Fields kept in :attr:`OutcomeList.extra`.

    Returns
    -------
    OutcomeList

    Raises
    ------
    FileSchemaError
        A missing field or a bad value; the message names the record (``records[3]``),
        the column and the field it came from.
    ForecastTypeError, InvalidOptionError
        A record that is not a mapping; an unknown or doubly given column.

    Examples
    --------
    ForecastBench's resolution sets: ``resolved_to`` is the outcome of a resolved question
    and the market's value on that date for an unresolved one.

    >>> from forecastscore.io import outcomes_from_records
    >>> records = [
    ...     {"id": "q1", "resolution_date": "2024-07-28", "resolved_to": 1.0, "resolved": True},
    ...     {"id": "m7", "resolution_date": "2024-07-28", "resolved_to": 0.73, "resolved": False},
    ... ]
    >>> outcomes = outcomes_from_records(records, columns={
    ...     "question": "id", "resolved_at": "resolution_date",
    ...     "outcome": lambda r: r["resolved_to"] if r["resolved"] else None,
    ...     "probability": lambda r: None if r["resolved"] else r["resolved_to"],
    ... })
    >>> outcomes[0].value, outcomes[1].probability
    (1, 0.73)
    """
    recs = _record_list(records)
    cols, consts = _specs(columns, constants, OUTCOME_RECORD_COLUMNS)
    specs: dict[str, Spec] = {c: cols.get(c, c) for c in OUTCOME_RECORD_COLUMNS if c not in consts}
    optional = ["outcome", "probability"]
    optional = [c for c in optional if c not in cols]
    extra_specs = _extra_specs(extra, OUTCOME_RECORD_COLUMNS)
    data = record_columns(recs, {**specs, **extra_specs}, consts, optional)
    origin = {
        c: (f"field {s!r}" if isinstance(s, str) else "the function given for it")
        for c, s in specs.items()
    }
    origin.update({c: "constants" for c in consts})
    cache: dict[str, Any] = {}
    out: list[Outcome] = []
    for i in range(len(recs)):  # Python objects in, one Outcome each

        def fail(column: str, message: str, i: int = i) -> Any:
            raise FileSchemaError(
                f"{message} (from {origin[column]})", path=f"records[{i}]", column=column
            )

        qid = data["question"][i]
        if not isinstance(qid, str) or not qid.strip():
            fail("question", f"{_shown(qid)} is not a non-empty string")
        t = data["resolved_at"][i]
        if isinstance(t, str):
            if t not in cache:
                try:
                    cache[t] = parse_iso_time(t)
                except ValueError as exc:
                    fail("resolved_at", f"{_shown(t)} is not a time ({exc})")
            t = cache[t]
        prob = data["probability"][i]
        value = data["outcome"][i]
        try:
            if prob is not None:
                out.append(Outcome(qid, t, probability=prob))
                continue
            if value is None:
                fail("outcome", "no outcome: None (and no probability)")
            out.append(_outcome(qid, t, value))
        except FileSchemaError:
            raise
        except (ValueError, TypeError) as exc:
            column = (
                "resolved_at"
                if "'resolved_at'" in str(exc)
                else ("probability" if prob is not None else "outcome")
            )
            fail(column, str(exc))
    extra_cols = {c: list(data[c]) for c in extra_specs}
    return OutcomeList(out, extra=extra_cols)


def _outcome(qid: str, t: Any, value: Any) -> Outcome:
    if isinstance(value, str) and value == _ANNULLED:
        return Outcome(qid, t, None, annulled=True)
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        v = float(value)
        if 0.0 < v < 1.0:
            return Outcome(qid, t, probability=v)
    if isinstance(value, float) or (
        isinstance(value, numbers.Real) and not isinstance(value, (bool, numbers.Integral))
    ):
        v = float(value)
        if math.isfinite(v) and 0.0 < v < 1.0:
            return Outcome(qid, t, probability=v)
        if not (math.isfinite(v) and v.is_integer() and v >= 0):
            raise ValueError(
                f"{value!r} is not an outcome (yes/no, true/false, an option, a probability "
                "in (0, 1) or 'annulled')"
            )
    return Outcome(qid, t, value)
