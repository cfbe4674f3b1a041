r"""Files of quantity claims: predictions by quantiles, distributions or samples, and numeric,
dated or censored outcomes, as CSV and JSON Lines, losslessly.

What lives here: :func:`read_quantity_predictions_csv` and the seven functions like it. What
does not: files of probabilities (``_csv``, ``_jsonl``), whose outcome column reads a decimal
in [0, 1] as a probability outcome (so a numeric outcome needs a file of its own, here).

The formats
-----------
Predictions, CSV: ``question,forecaster,made_at,quantile,value,distribution,samples,source,
quote``. Each row holds one forecast field: a quantile forecast is one row per level
(``quantile`` the level, ``value`` the quantile; consecutive rows with the same question,
forecaster and ``made_at`` form one prediction), a distribution its text in the grammar
``name(key=value, ...)`` (see :func:`forecastscore.model.parse_distribution`), samples a JSON
array. Predictions, JSON Lines: one object per prediction with ``quantiles`` (a list of
``[level, value]`` pairs), ``distribution`` (the text) or ``samples`` (a list).

Outcomes: ``question,resolved_at,value,censored`` (CSV) or the same keys (JSON Lines), where
``value`` is a number, a date, or ``annulled``, and ``censored`` is empty, ``above`` or
``below``.

A value (a quantile, a sample, an outcome) is a number, written by ``repr`` so that it reads
back exactly, or an ISO 8601 date or datetime with its offset (a JSON string). Only
distributions of the grammar's families can be written; another one is refused at its line.
An unknown column or key is refused rather than dropped.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

from ..errors import FileSchemaError, ForecastTypeError
from ..model import Outcome, Prediction
from ._csv import csv_text
from ._csv_text import _split_csv
from ._files import _check_file, _csv_column_of, _decode, _name, _read_bytes, _shown, _write_text
from ._files import parse_time as _parse_time
from ._jsonl import _json_line, _json_lines
from ._outcome_list import OutcomeList

PREDICTION_COLUMNS = (
    "question",
    "forecaster",
    "made_at",
    "quantile",
    "value",
    "distribution",
    "samples",
    "source",
    "quote",
)
OUTCOME_COLUMNS = ("question", "resolved_at", "value", "censored")
_PREDICTION_KEYS = (
    "question",
    "forecaster",
    "made_at",
    "quantiles",
    "distribution",
    "samples",
    "source",
    "quote",
)
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _fail(message: str, path: str, line: int, column: str | None = None) -> NoReturn:
    raise FileSchemaError(message, path=path, line=line, column=column)


def _value_text(value: Any) -> str:
    """A quantity as text: ``repr`` of a float, ISO 8601 of a date or datetime."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def _value_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _parse_value(text: Any, path: str, line: int, column: str) -> Any:
    """A quantity from a file: a number (text or JSON number) or an ISO 8601 time string."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text) if isinstance(text, float) else text
    if not isinstance(text, str):
        _fail(f"{_shown(text)} is not a number or an ISO 8601 date", path, line, column)
    if _NUMBER.fullmatch(text):
        v = float(text)
        if not math.isfinite(v):
            _fail(f"{text!r} is too large for a float", path, line, column)
        return v
    if _DAY.match(text):
        try:
            return _parse_time(text)
        except ValueError as exc:
            _fail(f"{text!r} is not a date ({exc})", path, line, column)
    _fail(f"{_shown(text)} is not a number or an ISO 8601 date", path, line, column)


def _time(text: Any, path: str, line: int, column: str) -> Any:
    if not isinstance(text, str):
        _fail(f"{_shown(text)} is not an ISO 8601 time string", path, line, column)
    try:
        return _parse_time(text)
    except ValueError as exc:
        _fail(f"{text!r} is not a time ({exc})", path, line, column)


def _claim(make: Any, path: str, line: int, *args: Any, **kwargs: Any) -> Any:
    """Build a claim, ``make(*args, **kwargs)``; its own error, at the file's line."""
    try:
        return make(*args, **kwargs)
    except (ValueError, TypeError) as exc:
        _fail(str(exc), path, line)


def _predictions(predictions: Any) -> list[Prediction]:
    if isinstance(predictions, (Prediction, str, bytes)) or not isinstance(predictions, Iterable):
        raise ForecastTypeError(
            f"'predictions' must be a list of Prediction (got {_shown(predictions)})"
        )
    items = list(predictions)
    for i, p in enumerate(items):
        if not isinstance(p, Prediction) or not p.is_quantity:
            raise ForecastTypeError(
                f"predictions[{i}] must be a Prediction of a quantity (quantiles, distribution "
                f"or samples; got {_shown(p)})"
            )
    return items


def _distribution_text(p: Prediction, i: int, target: Any, line: int) -> str:
    text = p.distribution_text
    if text is None:
        raise FileSchemaError(
            f"predictions[{i}]: the distribution {p.distribution!r} is not of a family the "
            "grammar writes (norm, lognorm, gamma, beta, t, logistic, laplace, expon, uniform)",
            path=_name(target),
            line=line,
            column="distribution",
        )
    return text


# --- predictions ------------------------------------------------------------------------------


def write_quantity_predictions_csv(predictions: Iterable[Prediction], target: Any) -> None:
    r"""Write predictions of quantities as CSV (one row per quantile level).

    Raises
    ------
    ForecastTypeError
        Not a list of predictions of quantities.
    FileSchemaError
        A distribution of a family the grammar cannot write, with its line.

    Examples
    --------
    >>> import datetime as dt, io
    >>> import forecastscore as fs
    >>> from forecastscore.io import write_quantity_predictions_csv
    >>> out = io.StringIO()
    >>> write_quantity_predictions_csv([
    ...     fs.Prediction("q", "hub", dt.date(2022, 1, 8), quantiles={0.1: 10, 0.9: 50}),
    ...     fs.Prediction("q", "model", dt.date(2022, 1, 8), distribution="norm(loc=30)")], out)
    >>> print(out.getvalue())
    question,forecaster,made_at,quantile,value,distribution,samples,source,quote
    q,hub,2022-01-08,0.1,10.0,,,,
    q,hub,2022-01-08,0.9,50.0,,,,
    q,model,2022-01-08,,,"norm(loc=30.0, scale=1.0)",,,
    <BLANKLINE>
    """
    items = _predictions(predictions)
    _check_file(target, "target", "write")
    rows: list[list[Any]] = []
    for i, p in enumerate(items):
        head = [p.question, p.forecaster, p.made_at.isoformat()]
        tail = [p.source, p.quote]
        prev = items[i - 1] if i > 0 else None
        if (
            p.quantiles is not None
            and prev is not None
            and prev.quantiles is not None
            and (prev.question, prev.forecaster, prev.made_at)
            == (p.question, p.forecaster, p.made_at)
        ):
            raise FileSchemaError(
                f"predictions[{i - 1}] and predictions[{i}] are quantile forecasts by "
                f"{p.forecaster!r} on question {p.question!r} at the same time, one after "
                "the other: their rows would read back as one forecast",
                path=_name(target),
                line=len(rows) + 2,
            )
        if p.quantiles is not None:
            for level, value in p.quantiles:
                rows.append([*head, repr(level), _value_text(value), None, None, *tail])
        elif p.samples is not None:
            text = json.dumps([_value_json(v) for v in p.samples])
            rows.append([*head, None, None, None, text, *tail])
        else:
            dist = _distribution_text(p, i, target, len(rows) + 2)
            rows.append([*head, None, None, dist, None, *tail])
    columns = (
        [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in PREDICTION_COLUMNS]
    )
    header = list(PREDICTION_COLUMNS)
    _write_text(csv_text(header, columns), target, _csv_column_of(header, columns))


def read_quantity_predictions_csv(source: Any) -> list[Prediction]:
    r"""Read predictions of quantities from CSV (the layout of
    :func:`write_quantity_predictions_csv`).

    Raises
    ------
    FileSchemaError
        A missing or unknown column, a row with no forecast or two, a bad value, with the
        file, line and column.

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_quantity_predictions_csv
    >>> text = ("question,forecaster,made_at,distribution\n"
    ...         'q,model,2022-01-08,"norm(loc=30, scale=10)"\n')
    >>> read_quantity_predictions_csv(io.StringIO(text))[0].distribution_text
    'norm(loc=30.0, scale=10.0)'
    """
    data, path = _read_bytes(source)
    header, cols, lines = _split_csv(_decode(data, path), path)
    for name in header:
        if name not in PREDICTION_COLUMNS:
            _fail(f"unknown column {name!r} (columns: {', '.join(PREDICTION_COLUMNS)})", path, 1)
    for name in PREDICTION_COLUMNS[:3]:
        if name not in header:
            _fail(f"missing column {name!r}", path, 1)
    by = dict(zip(header, cols, strict=False))
    n = len(lines)

    def cell(name: str, i: int) -> str | None:
        col = by.get(name)
        v = col[i] if col is not None else ""
        return v if v != "" else None

    out: list[Prediction] = []
    group: dict[float, Any] = {}
    key: tuple[str, ...] | None = None
    first = 0
    for i in range(n):
        line = lines[i]
        q, f, made = by["question"][i], by["forecaster"][i], by["made_at"][i]
        given = [c for c in ("quantile", "distribution", "samples") if cell(c, i) is not None]
        if len(given) != 1:
            _fail(
                "a row holds exactly one of 'quantile' (with 'value'), 'distribution' and "
                f"'samples' (got {' and '.join(given) or 'none'})",
                path,
                line,
            )
        this = (q, f, made, cell("source", i) or "", cell("quote", i) or "")
        if key is not None and (given[0] != "quantile" or this[:3] != key[:3]):
            out.append(_quantile_prediction(key, group, path, lines[first]))
            key, group = None, {}
        if given[0] == "quantile":
            if key is None:
                key, first = this, i
            elif this != key:
                _fail(
                    "'source' and 'quote' differ between rows of one quantile forecast", path, line
                )
            level = _parse_value(cell("quantile", i), path, line, "quantile")
            value = cell("value", i)
            if value is None:
                _fail("a quantile row needs a 'value'", path, line, "value")
            if level in group:
                _fail(f"level {level!r} is given twice for one forecast", path, line, "quantile")
            group[level] = _parse_value(value, path, line, "value")
            continue
        if cell("value", i) is not None:
            _fail("'value' goes with 'quantile' only", path, line, "value")
        made_at = _time(made, path, line, "made_at")
        common = {"source": cell("source", i), "quote": cell("quote", i)}
        if given[0] == "distribution":
            text = cell("distribution", i)
            out.append(_claim(Prediction, path, line, q, f, made_at, distribution=text, **common))
        else:
            samples = _samples_json(cell("samples", i), path, line)
            out.append(_claim(Prediction, path, line, q, f, made_at, samples=samples, **common))
    if key is not None:
        out.append(_quantile_prediction(key, group, path, lines[first]))
    return out


def _quantile_prediction(
    key: tuple[str, ...], group: dict[float, Any], path: str, line: int
) -> Prediction:
    q, f, made, source, quote = key
    made_at = _time(made, path, line, "made_at")
    return _claim(  # type: ignore[no-any-return]
        lambda: Prediction(
            q, f, made_at, quantiles=group, source=source or None, quote=quote or None
        ),
        path,
        line,
    )


def _samples_json(text: Any, path: str, line: int) -> list[Any]:
    if isinstance(text, str):
        try:
            text = json.loads(text)
        except (json.JSONDecodeError, RecursionError, ValueError):
            _fail(f"{_shown(text)} is not a JSON array", path, line, "samples")
    if not isinstance(text, list):
        _fail(f"{_shown(text)} is not a JSON array of samples", path, line, "samples")
    return [_parse_value(v, path, line, "samples") for v in text]


def write_quantity_predictions_jsonl(predictions: Iterable[Prediction], target: Any) -> None:
    r"""Write predictions of quantities as JSON Lines, one object per prediction.

    Raises
    ------
    ForecastTypeError
        Not a list of predictions of quantities.
    FileSchemaError
        A distribution of a family the grammar cannot write, with its line.

    Examples
    --------
    >>> import datetime as dt, io
    >>> import forecastscore as fs
    >>> from forecastscore.io import write_quantity_predictions_jsonl
    >>> out = io.StringIO()
    >>> write_quantity_predictions_jsonl(
    ...     [fs.Prediction("q", "ens", dt.date(2022, 1, 8), samples=[1.5, 2.0])], out)
    >>> print(out.getvalue(), end="")
    {"question": "q", "forecaster": "ens", "made_at": "2022-01-08", "samples": [1.5, 2.0]}
    """
    items = _predictions(predictions)
    _check_file(target, "target", "write")
    lines = []
    for i, p in enumerate(items):
        record: dict[str, Any] = {
            "question": p.question,
            "forecaster": p.forecaster,
            "made_at": p.made_at.isoformat(),
        }
        if p.quantiles is not None:
            record["quantiles"] = [[lv, _value_json(v)] for lv, v in p.quantiles]
        elif p.samples is not None:
            record["samples"] = [_value_json(v) for v in p.samples]
        else:
            record["distribution"] = _distribution_text(p, i, target, i + 1)
        for name in ("source", "quote"):
            if getattr(p, name) is not None:
                record[name] = getattr(p, name)
        lines.append(_json_line(record, i + 1, target))
    _write_text("".join(lines), target)


def read_quantity_predictions_jsonl(source: Any) -> list[Prediction]:
    r"""Read predictions of quantities from JSON Lines (the layout of
    :func:`write_quantity_predictions_jsonl`).

    Raises
    ------
    FileSchemaError
        Invalid JSON, a missing or unknown key, a bad value, with the file and line.

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_quantity_predictions_jsonl
    >>> line = ('{"question": "q", "forecaster": "hub", "made_at": "2022-01-08", '
    ...         '"quantiles": [[0.1, 10.0], [0.9, 50.0]]}')
    >>> read_quantity_predictions_jsonl(io.StringIO(line))[0].quantiles
    ((0.1, 10.0), (0.9, 50.0))
    """
    data, path = _read_bytes(source)
    records, lines = _json_lines(data, path)
    out = []
    for record, line in zip(records, lines, strict=True):
        _check_keys(record, _PREDICTION_KEYS, 3, path, line)
        made_at = _time(record["made_at"], path, line, "made_at")
        fields: dict[str, Any] = {k: record.get(k) for k in ("source", "quote")}
        if "quantiles" in record:
            pairs = record["quantiles"]
            if not isinstance(pairs, list) or not all(
                isinstance(p, list) and len(p) == 2 for p in pairs
            ):
                _fail(
                    f"{_shown(pairs)} is not a list of [level, value] pairs",
                    path,
                    line,
                    "quantiles",
                )
            quantiles: dict[Any, Any] = {}
            for level, value in pairs:
                if level in quantiles:
                    _fail(f"level {level!r} is given twice", path, line, "quantiles")
                quantiles[level] = _parse_value(value, path, line, "quantiles")
            fields["quantiles"] = quantiles
        if "samples" in record:
            fields["samples"] = _samples_json(record["samples"], path, line)
        if "distribution" in record:
            fields["distribution"] = record["distribution"]
            if not isinstance(record["distribution"], str):
                _fail(
                    f"{_shown(record['distribution'])} is not a distribution's text",
                    path,
                    line,
                    "distribution",
                )
        q, f = record["question"], record["forecaster"]
        out.append(_claim(Prediction, path, line, q, f, made_at, **fields))
    return out


def _check_keys(
    record: dict[str, Any], keys: Sequence[str], required: int, path: str, line: int
) -> None:
    for k in record:
        if k not in keys:
            _fail(f"unknown key {k!r} (keys: {', '.join(keys)})", path, line)
    for k in keys[:required]:
        if k not in record:
            _fail(f"missing key {k!r}", path, line)


# --- outcomes -----------------------------------------------------------------------------


def _outcome_items(outcomes: Any) -> list[Outcome]:
    if isinstance(outcomes, (Outcome, str, bytes)) or not isinstance(outcomes, Iterable):
        raise ForecastTypeError(f"'outcomes' must be a list of Outcome (got {_shown(outcomes)})")
    items = list(outcomes)
    for i, o in enumerate(items):
        if not isinstance(o, Outcome) or not (o.annulled or o.is_quantity or _is_int(o.value)):
            raise ForecastTypeError(
                f"outcomes[{i}] must be an Outcome of a quantity (a number, a date, censored "
                f"or annulled; got {_shown(o)})"
            )
    return items


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _outcome_cell(o: Outcome) -> str:
    return "annulled" if o.annulled else _value_text(o.value)


def write_quantity_outcomes_csv(outcomes: Iterable[Outcome], target: Any) -> None:
    r"""Write outcomes of quantities as CSV: ``question,resolved_at,value,censored``.

    Raises
    ------
    ForecastTypeError
        Not a list of outcomes of quantities (an option name or a probability outcome
        belongs in :func:`write_outcomes_csv`).

    Examples
    --------
    >>> import datetime as dt, io
    >>> import forecastscore as fs
    >>> from forecastscore.io import write_quantity_outcomes_csv
    >>> out = io.StringIO()
    >>> write_quantity_outcomes_csv([fs.Outcome("q", dt.date(2022, 3, 1), dt.date(2022, 2, 24)),
    ...     fs.Outcome("n", dt.date(2022, 3, 1), 3.4, censored="above")], out)
    >>> print(out.getvalue())
    question,resolved_at,value,censored
    q,2022-03-01,2022-02-24,
    n,2022-03-01,3.4,above
    <BLANKLINE>
    """
    items = _outcome_items(outcomes)
    _check_file(target, "target", "write")
    columns: list[list[Any]] = [
        [o.question for o in items],
        [o.resolved_at.isoformat() for o in items],
        [_outcome_cell(o) for o in items],
        [o.censored for o in items],
    ]
    header = list(OUTCOME_COLUMNS)
    _write_text(csv_text(header, columns), target, _csv_column_of(header, columns))


def _make_outcome(q: Any, t: Any, value: Any, censored: Any, path: str, line: int) -> Outcome:
    resolved = _time(t, path, line, "resolved_at")
    if value == "annulled":
        if censored is not None:
            _fail("an annulled outcome is not censored", path, line, "censored")
        return _claim(Outcome, path, line, q, resolved, annulled=True)  # type: ignore[no-any-return]
    v = _parse_value(value, path, line, "value")
    return _claim(Outcome, path, line, q, resolved, v, censored=censored)  # type: ignore[no-any-return]


def read_quantity_outcomes_csv(source: Any) -> OutcomeList:
    r"""Read outcomes of quantities from CSV: ``question,resolved_at,value`` and an optional
    ``censored`` (empty, ``above`` or ``below``).

    Raises
    ------
    FileSchemaError
        A missing or unknown column or a bad value, with the file, line and column.

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_quantity_outcomes_csv
    >>> text = "question,resolved_at,value\nq,2022-03-01,2022-02-24\n"
    >>> read_quantity_outcomes_csv(io.StringIO(text))[0].value
    datetime.date(2022, 2, 24)
    """
    data, path = _read_bytes(source)
    header, cols, lines = _split_csv(_decode(data, path), path)
    for name in header:
        if name not in OUTCOME_COLUMNS:
            _fail(f"unknown column {name!r} (columns: {', '.join(OUTCOME_COLUMNS)})", path, 1)
    for name in OUTCOME_COLUMNS[:3]:
        if name not in header:
            _fail(f"missing column {name!r}", path, 1)
    by = dict(zip(header, cols, strict=False))
    censored = by.get("censored", [""] * len(lines))
    items = [
        _make_outcome(q, t, v, c or None, path, line)
        for q, t, v, c, line in zip(
            by["question"], by["resolved_at"], by["value"], censored, lines, strict=True
        )
    ]
    return OutcomeList(items, origin=[(path, line) for line in lines])


def write_quantity_outcomes_jsonl(outcomes: Iterable[Outcome], target: Any) -> None:
    r"""Write outcomes of quantities as JSON Lines (keys ``question``, ``resolved_at``,
    ``value`` and, when censored, ``censored``).

    Raises
    ------
    ForecastTypeError
        Not a list of outcomes of quantities.

    Examples
    --------
    >>> import datetime as dt, io
    >>> import forecastscore as fs
    >>> from forecastscore.io import write_quantity_outcomes_jsonl
    >>> out = io.StringIO()
    >>> write_quantity_outcomes_jsonl([fs.Outcome("n", dt.date(2022, 3, 1), 3.4)], out)
    >>> print(out.getvalue(), end="")
    {"question": "n", "resolved_at": "2022-03-01", "value": 3.4}
    """
    items = _outcome_items(outcomes)
    _check_file(target, "target", "write")
    lines = []
    for i, o in enumerate(items):
        record: dict[str, Any] = {
            "question": o.question,
            "resolved_at": o.resolved_at.isoformat(),
            "value": "annulled" if o.annulled else _value_json(o.value),
        }
        if o.censored is not None:
            record["censored"] = o.censored
        lines.append(_json_line(record, i + 1, target))
    _write_text("".join(lines), target)


def read_quantity_outcomes_jsonl(source: Any) -> OutcomeList:
    r"""Read outcomes of quantities from JSON Lines (the layout of
    :func:`write_quantity_outcomes_jsonl`).

    Raises
    ------
    FileSchemaError
        Invalid JSON, a missing or unknown key, a bad value, with the file and line.

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_quantity_outcomes_jsonl
    >>> line = '{"question": "n", "resolved_at": "2022-03-01", "value": 35, "censored": "above"}'
    >>> read_quantity_outcomes_jsonl(io.StringIO(line))[0].censored
    'above'
    """
    data, path = _read_bytes(source)
    records, lines = _json_lines(data, path)
    items = []
    for record, line in zip(records, lines, strict=True):
        _check_keys(record, OUTCOME_COLUMNS, 3, path, line)
        items.append(
            _make_outcome(
                record["question"],
                record["resolved_at"],
                record["value"],
                record.get("censored"),
                path,
                line,
            )
        )
    return OutcomeList(items, origin=[(path, line) for line in lines])
