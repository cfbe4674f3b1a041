"""JSON Lines: reading and writing predictions and outcomes, strict RFC 8259 (no NaN, no
duplicate keys, bounded depth), with the line of every error.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import FileSchemaError, ForecastTypeError
from ..ledger import Ledger
from ..ledger._build import REQUIRED_COLUMNS, from_records
from ..ledger._columns import schema_error
from ..model import Outcome, ProbabilityRange
from ._files import (
    _ANNULLED,
    _LONE_SURROGATE,
    OUTCOME_COLUMNS,
    Source,
    _check_file,
    _check_ledger,
    _decode,
    _lines,
    _name,
    _outcome,
    _read_bytes,
    _refuse_quantities,
    _shown,
    _write_text,
    parse_time,
)
from ._outcome_list import OutcomeList, _outcome_rows


def _jsonl_column_of(records: Sequence[Mapping[str, Any]]) -> Any:
    """``column_of`` for :func:`_write_text` on JSON Lines (one record a line): the first
    field of that line's record whose name or value holds a lone surrogate."""

    def column_of(line: int) -> str | None:
        if not 1 <= line <= len(records):
            return None
        for key, value in records[line - 1].items():
            if _unwritable({key: value}, suspect_surrogates=True) is not None:
                return key
        return None

    return column_of


class _StrictJSONError(ValueError):
    """What strict JSON (RFC 8259) refuses but :mod:`json` would let through."""


def _no_constant(name: str) -> Any:
    raise _StrictJSONError(f"{name} is not valid JSON (RFC 8259 has no NaN or Infinity)")


def _finite_float(text: str) -> float:
    v = float(text)
    if math.isinf(v):
        raise _StrictJSONError(f"the number {text} is too large for a float")
    return v


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise _StrictJSONError(f"the key {dup!r} appears twice in one object")
    return out


#: Strict JSON: no NaN/Infinity (which could not be written back), no key given twice (which
#: would silently keep only the last value), no number that overflows a float.
_DECODER = json.JSONDecoder(
    parse_constant=_no_constant, parse_float=_finite_float, object_pairs_hook=_unique_keys
)


#: How deeply JSON values may nest (in an extra field): deeper is refused when read, so that
#: whatever is read can be written back (the json module recurses once per level).
MAX_JSON_DEPTH = 200


def _unwritable(obj: Any, *, suspect_surrogates: bool) -> str | None:
    """Why a decoded JSON value could not be written back, or None: nested more than
    :data:`MAX_JSON_DEPTH` deep, or a string holding a lone surrogate (``"\\ud800"`` is
    valid JSON but no UTF-8). Only containers are walked, and strings only when the line
    has a ``\\u`` escape."""
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            items: Iterable[Any] = (*value.keys(), *value.values())
        elif isinstance(value, list):
            items = value
        else:
            lone = _LONE_SURROGATE.search(value) if isinstance(value, str) else None
            if lone is not None:
                return (
                    f"the string {_shown(value)} holds a lone surrogate ({lone.group(0)!r}), "
                    "which UTF-8 cannot hold"
                )
            continue
        if depth > MAX_JSON_DEPTH:
            return f"a JSON value is nested more than {MAX_JSON_DEPTH} levels deep"
        stack.extend(
            (v, depth + 1)
            for v in items
            if isinstance(v, (dict, list)) or (suspect_surrogates and isinstance(v, str))
        )
    return None


def _json_lines(data: bytes, path: str) -> tuple[list[dict[str, Any]], list[int]]:
    text = _decode(data, path)
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = _DECODER.decode(line)
        except json.JSONDecodeError as exc:
            raise FileSchemaError(
                f"not valid JSON ({exc.msg} at character {exc.pos + 1})", path=path, line=number
            ) from None
        except RecursionError:
            raise FileSchemaError(
                f"a JSON value is nested more than {MAX_JSON_DEPTH} levels deep",
                path=path,
                line=number,
            ) from None
        except ValueError as exc:  # _StrictJSONError, or an integer past Python's digit limit
            raise FileSchemaError(f"not valid JSON ({exc})", path=path, line=number) from None
        if not isinstance(obj, dict):
            raise FileSchemaError(
                f"expected a JSON object, got {type(obj).__name__}", path=path, line=number
            )
        problem = _unwritable(obj, suspect_surrogates="\\u" in line)
        if problem is not None:
            raise FileSchemaError(problem, path=path, line=number)
        records.append(obj)
        lines.append(number)
    return records, lines


def _columns_of(
    records: list[dict[str, Any]], required: Sequence[str], path: str, lines: list[int]
) -> list[str]:
    columns: dict[str, None] = {}
    for r in records:
        columns.update(dict.fromkeys(r))
    for i, r in enumerate(records):
        for c in required:
            if c not in r:
                raise FileSchemaError(
                    f"the required field {c!r} is missing", path=path, line=lines[i], column=c
                )
    return list(columns)


def read_predictions_jsonl(source: Source) -> Ledger:
    r"""Read predictions from JSON Lines (one JSON object per line) into a ledger.

    Fields as in :func:`read_predictions_csv`; ``probability`` is a number, or
    ``{"low": ..., "high": ...}`` for a range; ``option``, ``source`` and ``quote`` are
    strings or ``null``. Other fields are kept as their JSON values (``null`` where a line
    lacks one). Blank lines are skipped.

    Raises
    ------
    FileSchemaError
        Invalid JSON, a value nested more than :data:`MAX_JSON_DEPTH` levels deep, a lone
        surrogate, a missing field, or a bad value, with the file, line and field.

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_predictions_jsonl
    >>> line = ('{"question": "q1", "forecaster": "a", "made_at": "2022-01-08", '
    ...         '"probability": {"low": 0.2, "high": 0.45}}')
    >>> read_predictions_jsonl(io.StringIO(line))[0].probability
    ProbabilityRange(low=0.2, high=0.45)
    """
    data, path = _read_bytes(source)
    records, lines = _json_lines(data, path)
    columns = _columns_of(records, REQUIRED_COLUMNS, path, lines)
    where = _lines(path, lines)
    columns = [*(c for c in REQUIRED_COLUMNS if c not in columns), *columns]
    parsed: dict[str, list[Any]] = {c: [r.get(c) for r in records] for c in columns}
    made = parsed["made_at"]
    for i, t in enumerate(made):
        if not isinstance(t, str):
            schema_error(f"{t!r} is not an ISO 8601 time string", i, "made_at", where)
        try:
            made[i] = parse_time(t)
        except ValueError as exc:
            schema_error(f"{t!r} is not a time ({exc})", i, "made_at", where)
    probs = parsed["probability"]
    for i, p in enumerate(probs):
        if isinstance(p, dict):
            lo, hi = p.get("low"), p.get("high")
            if set(p) != {"low", "high"} or not all(_is_prob(v) for v in (lo, hi)) or lo > hi:  # type: ignore[operator]
                schema_error(
                    f'{p!r} is not a range {{"low": l, "high": h}} with 0 <= l <= h <= 1',
                    i,
                    "probability",
                    where,
                )
            probs[i] = ProbabilityRange(lo, hi)
        elif not _is_prob(p):
            schema_error(f"{p!r} is not a probability in [0, 1]", i, "probability", where)
    return from_records(columns, parsed, len(records), where=where)


def _is_prob(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1


def write_predictions_jsonl(ledger: Ledger, target: Source) -> None:
    r"""Write a ledger as JSON Lines, in the layout :func:`read_predictions_jsonl` reads.

    One object per prediction (per option of a categorical forecast), with ``option``,
    ``source`` and ``quote`` only when some prediction uses them, then the extra fields.

    Examples
    --------
    >>> import datetime as dt, io
    >>> import forecastscore as fs
    >>> from forecastscore.ledger import Ledger
    >>> from forecastscore.io import write_predictions_jsonl
    >>> out = io.StringIO()
    >>> write_predictions_jsonl(Ledger.from_predictions(
    ...     [fs.Prediction("q1", "alice", dt.date(2022, 1, 8), 0.3)]), out)
    >>> print(out.getvalue())
    {"question": "q1", "forecaster": "alice", "made_at": "2022-01-08", "probability": 0.3}
    """
    _check_ledger(ledger)
    _check_file(target, "target", "write")
    parts: list[str] = []
    records = ledger.to_records()
    for r in records:
        p = r["probability"]
        if isinstance(p, ProbabilityRange):
            r["probability"] = {"low": p.low, "high": p.high}
        parts.append(_json_line(r, len(parts) + 1, target))
    _write_text("".join(parts), target, _jsonl_column_of(records))


def _json_line(record: dict[str, Any], line: int, target: Any) -> str:
    """One JSON Lines line, or an error naming the line and field of what JSON cannot hold
    or the readers would refuse (NaN, a value nested too deeply, an unknown type)."""
    try:
        text = json.dumps(record, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        text = None
    problem: tuple[str, str] | None = None
    if text is None or (
        any(isinstance(v, (dict, list)) for v in record.values())
        and _unwritable(record, suspect_surrogates=False) is not None
    ):
        for key, value in record.items():
            try:
                json.dumps(value, ensure_ascii=False, allow_nan=False)
            except TypeError:
                raise ForecastTypeError(
                    f"{_name(target)}:{line}: column {key!r}: {_shown(value)} "
                    f"({type(value).__name__}) cannot be written as JSON"
                ) from None
            except RecursionError:
                problem = (key, f"a JSON value is nested more than {MAX_JSON_DEPTH} levels deep")
                break
            except ValueError as exc:
                problem = (key, f"{_shown(value)} cannot be written as JSON ({exc})")
                break
            deep = _unwritable({key: value}, suspect_surrogates=False)
            if deep is not None:
                problem = (key, deep)
                break
        column, message = problem or (None, "cannot be written as JSON")
        raise FileSchemaError(message, path=_name(target), line=line, column=column)
    assert text is not None
    return text + "\n"


def read_outcomes_jsonl(source: Source) -> OutcomeList:
    r"""Read outcomes from JSON Lines: ``question``, ``resolved_at`` and ``outcome`` (a
    string, a boolean, an integer, ``"annulled"``, or a probability outcome: a number with a
    fraction or exponent in [0, 1], such as ``0.73`` or ``0.0``); other fields are kept.

    An integer means what its digits mean in CSV (``1`` as ``"1"``): the option of that name
    if there is one, else yes/no on a two-option question or an index on a larger one (see
    :meth:`Outcome.option_index <forecastscore.Outcome.option_index>`). The file and line of
    each outcome are kept in :attr:`OutcomeList.origin`.

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_outcomes_jsonl
    >>> read_outcomes_jsonl(io.StringIO(
    ...     '{"question": "q1", "resolved_at": "2022-02-24", "outcome": true}'))[0].value
    True
    >>> read_outcomes_jsonl(io.StringIO(
    ...     '{"question": "q2", "resolved_at": "2024-07-28", "outcome": 0.73}'))[0].probability
    0.73
    """
    data, path = _read_bytes(source)
    records, lines = _json_lines(data, path)
    columns = _columns_of(records, OUTCOME_COLUMNS, path, lines)
    where = _lines(path, lines)
    items = [
        _outcome(r["question"], r["resolved_at"], r["outcome"], i, where)
        for i, r in enumerate(records)
    ]
    return OutcomeList(
        items,
        extra={c: [r.get(c) for r in records] for c in columns if c not in OUTCOME_COLUMNS},
        origin=[(path, line) for line in lines],
    )


def _outcome_json(o: Outcome) -> Any:
    """An outcome's JSON value: ``"annulled"``, the probability (a float, written with a
    point: ``0.0``, ``0.73``), or the value as it is."""
    if o.annulled:
        return _ANNULLED
    return o.probability if o.probability is not None else o.value


def write_outcomes_jsonl(outcomes: Iterable[Outcome], target: Source) -> None:
    r"""Write outcomes as JSON Lines (booleans stay booleans, indices stay integers, a
    probability outcome is a number: ``0.73``, ``0.0``).

    Examples
    --------
    >>> import datetime as dt, io
    >>> import forecastscore as fs
    >>> from forecastscore.io import write_outcomes_jsonl
    >>> out = io.StringIO()
    >>> write_outcomes_jsonl([fs.Outcome("q1", dt.date(2022, 2, 24), "yes")], out)
    >>> print(out.getvalue())
    {"question": "q1", "resolved_at": "2022-02-24", "outcome": "yes"}
    """
    items, extra = _outcome_rows(outcomes)
    _refuse_quantities(items, "jsonl")
    _check_file(target, "target", "write")
    parts = []
    rows = []
    for i, o in enumerate(items):
        row: dict[str, Any] = {
            "question": o.question,
            "resolved_at": o.resolved_at.isoformat(),
            "outcome": _outcome_json(o),
        }
        row.update({k: v[i] for k, v in extra.items()})
        rows.append(row)
        parts.append(_json_line(row, i + 1, target))
    _write_text("".join(parts), target, _jsonl_column_of(rows))
