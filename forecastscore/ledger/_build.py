"""Building ledgers from parsed columns: from Python records, from arrays, from the columns
that the file readers (:mod:`forecastscore.io`) parse, with errors that name the row or the
file and line. What does not live here: the :class:`Ledger` class (``_ledger``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .. import _checks
from .._checks import SUM_ATOL
from .._text import cut_text
from ..errors import (
    FileSchemaError,
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidTimeError,
    ShapeError,
)
from ..model import (
    Prediction,
    Probabilities,
    ProbabilityRange,
)
from ._columns import (
    _CATEGORICAL,
    _QUANTITY,
    _RANGE,
    BoolArray,
    Ids,
    ObjArray,
    Probs,
    Times,
    Where,
    _factorize,
    _id_array,
    _obj_array,
    _same_length,
    _same_pandas_index,
    _text_column,
    _time_arrays,
    parse_iso_time,
    schema_error,
    time_parts,
    zone_column,
)
from ._ledger import Ledger

# --- building ledgers from parsed columns -------------------------------------------------


REQUIRED_COLUMNS = ("question", "forecaster", "made_at", "probability")
KNOWN_COLUMNS = (*REQUIRED_COLUMNS, "option", "source", "quote")


def from_records(
    columns: Sequence[str], data: Mapping[str, Sequence[Any]], n: int, *, where: Where
) -> Ledger:
    """Build a ledger from rows of parsed Python values in the file layout.

    ``data`` maps each column name to a list of ``n`` values: ``question``, ``forecaster``
    (str), ``made_at`` (date or aware datetime), ``probability`` (float or
    :class:`~forecastscore.ProbabilityRange`), and optionally ``option`` (str or None),
    ``source``, ``quote`` (str or None) and extra columns (kept as they are).
    """
    for c in REQUIRED_COLUMNS:
        if c not in data:
            schema_error(
                f"the required column {c!r} is missing (columns: {', '.join(columns)})",
                -1,
                None,
                where,
            )
    for c in ("question", "forecaster"):
        for i, v in enumerate(data[c]):
            if not isinstance(v, str) or not v.strip():
                schema_error(f"{v!r} is not a non-empty string", i, c, where)
    made = np.empty(n, np.int64)
    is_date = np.empty(n, bool)
    offset = np.empty(n, np.int64)
    for i, t in enumerate(data["made_at"]):
        try:
            made[i], is_date[i], offset[i] = time_parts(t)
        except (InvalidTimeError, ForecastTypeError):
            what = "a missing time (None, NaN or NaT)" if t is None else repr(t)
            schema_error(
                f"{what} is not a date or a datetime with a UTC offset", i, "made_at", where
            )
    kind = np.zeros(n, np.int8)
    low = np.empty(n)
    high = np.empty(n)
    for i, p in enumerate(data["probability"]):
        if isinstance(p, ProbabilityRange):
            kind[i] = _RANGE
            low[i], high[i] = p.low, p.high
        elif isinstance(p, numbers.Real) and not isinstance(p, bool) and 0.0 <= float(p) <= 1.0:
            low[i] = high[i] = float(p)
        else:
            schema_error(f"{p!r} is not a probability in [0, 1]", i, "probability", where)
    qnames, qcodes = _factorize(list(data["question"]))
    fnames, fcodes = _factorize(list(data["forecaster"]))
    text = {}
    for c in ("option", "source", "quote"):
        values = data.get(c)
        if values is None:
            text[c] = np.full(n, None, dtype=object)
            continue
        for i, v in enumerate(values):
            if v is not None and not isinstance(v, str):
                schema_error(f"{v!r} is not text", i, c, where)
        # An empty option means "no option" (a plain probability); source and quote are kept.
        text[c] = _obj_array([None if v == "" and c == "option" else v for v in values])
    extra = {c: _obj_array(list(data[c])) for c in columns if c not in KNOWN_COLUMNS}
    return assemble(
        (qnames, qcodes),
        (fnames, fcodes),
        (made, is_date, offset),
        (kind, low, high),
        text,
        extra,
        where,
        zone_column(data["made_at"]),
    )


def assemble(
    questions: Ids,
    forecasters: Ids,
    times: Times,
    probabilities: Probs,
    text: Mapping[str, ObjArray],
    extra: Mapping[str, ObjArray],
    where: Where,
    zones: ObjArray | None = None,
    *,
    has_options: bool = True,
) -> Ledger:
    """Build a ledger from validated file rows, merging the option rows of each categorical
    forecast into one prediction.

    ``questions`` and ``forecasters`` are (distinct names, code per row); ``times`` are
    (earliest instant in µs, is a date, offset in µs); ``probabilities`` are (kind, low,
    high); ``text`` holds the ``option``, ``source`` and ``quote`` columns (``None`` where
    empty).

    Consecutive rows with an ``option`` that share question, forecaster and ``made_at`` (and
    do not repeat an option) form one categorical forecast; they must agree on every other
    column and their probabilities must sum to 1 within ``SUM_ATOL`` plus the rounding of
    their sum, as the rows of an array must (``_checks.row_sum_tolerance``).
    ``has_options=False`` says that no row has an ``option`` (the file has no such column),
    which spares a test of every row.
    """
    (qnames, qcodes), (fnames, fcodes) = questions, forecasters
    made, is_date, offset = times
    kind, low, high = probabilities
    option, source, quote = text["option"], text["source"], text["quote"]
    n = len(qcodes)
    extra = dict(extra)
    imputed = _imputed_column(extra.pop("imputed", None), n, where)
    has_opt: BoolArray | None = (
        np.asarray(option != None, dtype=bool)  # noqa: E711 (elementwise, in C)
        if has_options
        else None
    )
    if has_opt is None or not has_opt.any():
        return Ledger(
            (qnames, qcodes),
            (fnames, fcodes),
            (made, is_date, offset),
            (kind, low, high),
            (
                np.zeros(n + 1, dtype=np.int64),
                np.empty(0, dtype=object),
                np.empty(0, dtype=np.intp),
                np.empty(0),
            ),
            (source, quote),
            extra,
            zones,
            (where, np.arange(n, dtype=np.int64)),
            imputed,
        )
    opt_rows = np.flatnonzero(has_opt)
    for i in opt_rows.tolist():
        if not option[i].strip():
            schema_error(f"{option[i]!r} is not an option name", i, "option", where)
    bad_range = opt_rows[kind[opt_rows] == _RANGE]
    if bad_range.size:
        schema_error(
            "a probability range cannot be given for one option",
            int(bad_range[0]),
            "probability",
            where,
        )
    # Python loop over the option rows only: group them into forecasts.
    group_of_row = np.arange(n)
    seen: set[str] = set()
    prev = -2
    head = -1
    for i in opt_rows.tolist():
        name = option[i]
        same = (
            prev == i - 1
            and qcodes[i] == qcodes[head]
            and fcodes[i] == fcodes[head]
            and made[i] == made[head]
            and is_date[i] == is_date[head]
            and offset[i] == offset[head]
            and name not in seen
        )
        if same:
            for col, arr in (
                ("source", source),
                ("quote", quote),
                ("imputed", imputed),
                *extra.items(),
            ):
                if arr[i] != arr[head]:
                    schema_error(
                        f"{arr[i]!r} differs from {arr[head]!r} on the first row of the same "
                        "categorical forecast",
                        i,
                        col,
                        where,
                    )
            group_of_row[i] = head
        else:
            head = i
            seen = set()
        seen.add(name)
        prev = i
    heads = np.flatnonzero(group_of_row == np.arange(n))
    # Each head row is one prediction; option rows map to the prediction of their head.
    pred_of_head = np.full(n, -1, dtype=np.intp)
    pred_of_head[heads] = np.arange(len(heads))
    pred_of_opt_row = pred_of_head[group_of_row[opt_rows]]
    counts = np.bincount(pred_of_opt_row, minlength=len(heads)).astype(np.int64)
    sums = np.bincount(pred_of_opt_row, weights=low[opt_rows], minlength=len(heads))
    cat_heads = np.flatnonzero(counts > 0)
    # The rows sum to 1 as an array's rows do (``_checks.row_sum_tolerance``: SUM_ATOL plus
    # the rounding of a sum of k terms), so that a file and an array accept the same
    # forecasts. The decision is that of the correctly rounded sum, so that it never depends
    # on the order of the option rows: the sum in row order is within (k - 1) eps sum of it,
    # and only the forecasts that close to the edge are summed again exactly (math.fsum, a
    # Python loop over those few). A loop over the distinct option counts sets the tolerance.
    k = counts[cat_heads]
    tol = np.empty(len(cat_heads))
    for size in np.unique(k).tolist():
        of_size = k == size
        tol[of_size] = _checks.row_sum_tolerance(SUM_ATOL, int(size), sums[cat_heads][of_size])
    err = np.abs(sums[cat_heads] - 1.0)
    band = 2.0 * k * np.finfo(np.float64).eps * np.maximum(sums[cat_heads], 1.0)
    off_sum = err > tol
    values = low[opt_rows]
    for i in np.flatnonzero(np.abs(err - tol) <= band).tolist():
        j = int(cat_heads[i])
        sums[j] = math.fsum(values[pred_of_opt_row == j].tolist())
        tol[i] = float(_checks.row_sum_tolerance(SUM_ATOL, int(k[i]), np.array(sums[j])))
        off_sum[i] = abs(sums[j] - 1.0) > tol[i]
    if off_sum.any():
        i = int(np.flatnonzero(off_sum)[0])
        j = int(cat_heads[i])
        schema_error(
            f"the probabilities of the options of one forecast sum to {float(sums[j])!r}, "
            f"not 1 (tolerance {SUM_ATOL:g} plus rounding)",
            int(heads[j]),
            "probability",
            where,
        )
    order = np.argsort(pred_of_opt_row, kind="stable")
    onames, ocodes = _factorize(option[opt_rows[order]].tolist())
    new_kind = kind[heads].copy()
    new_kind[cat_heads] = _CATEGORICAL
    new_low, new_high = low[heads].copy(), high[heads].copy()
    new_low[cat_heads] = math.nan
    new_high[cat_heads] = math.nan
    return Ledger(
        (qnames, qcodes[heads]),
        (fnames, fcodes[heads]),
        (made[heads], is_date[heads], offset[heads]),
        (new_kind, new_low, new_high),
        (
            np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
            onames,
            ocodes,
            low[opt_rows[order]],
        ),
        (source[heads], quote[heads]),
        {k: v[heads] for k, v in extra.items()},
        None if zones is None else zones[heads],
        (where, heads.astype(np.int64)),
        imputed[heads],
    )


_TRUE_TEXT = frozenset({"true", "1"})
_FALSE_TEXT = frozenset({"false", "0", ""})


def _imputed_column(values: ObjArray | None, n: int, where: Where) -> BoolArray:
    """The optional ``imputed`` column: booleans, or their text (``true``/``false``, ``1``/
    ``0``; empty or missing is False)."""
    out = np.zeros(n, dtype=bool)
    if values is None:
        return out
    for i, v in enumerate(values.tolist()):
        if v is None or v is False:
            continue
        if v is True:
            out[i] = True
        elif isinstance(v, str) and v.strip().lower() in _TRUE_TEXT | _FALSE_TEXT:
            out[i] = v.strip().lower() in _TRUE_TEXT
        else:
            schema_error(f"{v!r} is not true or false", i, "imputed", where)
    return out


# --- ledgers from other people's records --------------------------------------------------

#: The ledger's columns a record may give (the file layout plus ``imputed``).
RECORD_COLUMNS = (*KNOWN_COLUMNS, "imputed")

Spec = str | Callable[[Mapping[str, Any]], Any]


def _record_list(records: Any) -> list[Any]:
    if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
        raise ForecastTypeError(
            f"records must be a list (or other iterable) of dicts (got {type(records).__name__})"
        )
    return list(records)


def _specs(
    columns: Mapping[str, Spec] | None, constants: Mapping[str, Any] | None, allowed: Sequence[str]
) -> tuple[dict[str, Spec], dict[str, Any]]:
    cols = dict(columns or {})
    consts = dict(constants or {})
    for what, given in (("columns", cols), ("constants", consts)):
        for name, spec in given.items():
            if name not in allowed:
                raise InvalidOptionError(
                    f"{what}: {name!r} is not a column ({', '.join(allowed)}); keep other "
                    "fields with extra="
                )
            if what == "columns" and not (isinstance(spec, str) or callable(spec)):
                raise ForecastTypeError(
                    f"columns[{name!r}] must be a field name or a function of the record "
                    f"(got {spec!r})"
                )
    both = sorted(set(cols) & set(consts))
    if both:
        raise InvalidOptionError(f"{both[0]!r} is given in both columns and constants")
    return cols, consts


def _extra_specs(extra: Any, taken: Sequence[str]) -> dict[str, Spec]:
    if isinstance(extra, str):
        raise ForecastTypeError(
            f"extra must be a list of field names or a mapping (got the string {extra!r})"
        )
    specs: dict[str, Spec] = (
        dict(extra) if isinstance(extra, Mapping) else {str(n): str(n) for n in extra}
    )
    for name, spec in specs.items():
        if not isinstance(name, str) or name in taken:
            raise InvalidOptionError(f"extra: {name!r} is a column of its own, not an extra column")
        if not (isinstance(spec, str) or callable(spec)):
            raise ForecastTypeError(
                f"extra[{name!r}] must be a field name or a function of the record (got {spec!r})"
            )
    return specs


def _described(spec: Spec) -> str:
    return f"field {spec!r}" if isinstance(spec, str) else "the function given for it"


def record_columns(
    records: list[Any],
    specs: Mapping[str, Spec],
    constants: Mapping[str, Any],
    optional: Sequence[str],
) -> dict[str, list[Any]]:
    """The values of each column, read from each record by its spec (a field name or a
    function), or the constant. A field named for an ``optional`` column without a mapping
    may be absent (``None``); any other absent field is an error naming the record."""
    n = len(records)
    out: dict[str, list[Any]] = {c: [v] * n for c, v in constants.items()}
    for i, r in enumerate(records):
        if not isinstance(r, Mapping):
            raise ForecastTypeError(
                f"records[{i}] must be a mapping of field names to values (got "
                f"{type(r).__name__}: {cut_text(repr(r), 60)})"
            )
    for c, spec in specs.items():
        values: list[Any] = []
        if isinstance(spec, str):
            for i, r in enumerate(records):
                if spec in r:
                    values.append(r[spec])
                elif c in optional:
                    values.append(None)
                else:
                    raise FileSchemaError(
                        f"the record has no field {spec!r} (map the column with columns= "
                        "or constants=)",
                        path=f"records[{i}]",
                        column=c,
                    )
        else:
            for i, r in enumerate(records):
                try:
                    values.append(spec(r))
                except Exception as exc:
                    raise FileSchemaError(
                        f"the function given for it raised {type(exc).__name__}: {exc}",
                        path=f"records[{i}]",
                        column=c,
                    ) from exc
        out[c] = values
    return out


def _as_time(v: Any, cache: dict[str, Any]) -> Any:
    """ISO 8601 text as a date or datetime (other values as they are, for the checks)."""
    if not isinstance(v, str):
        return v
    t = cache.get(v)
    if t is None:
        try:
            t = cache[v] = parse_iso_time(v)
        except ValueError:
            return v
    return t


def ledger_from_records(
    cls: type[Ledger],
    records: Iterable[Mapping[str, Any]],
    *,
    columns: Mapping[str, Spec] | None,
    constants: Mapping[str, Any] | None,
    extra: Iterable[str] | Mapping[str, Spec],
) -> Ledger:
    """The work of :meth:`Ledger.from_records`."""
    recs = _record_list(records)
    cols, consts = _specs(columns, constants, RECORD_COLUMNS)
    specs: dict[str, Spec] = {c: cols.get(c, c) for c in RECORD_COLUMNS if c not in consts}
    optional = [c for c in RECORD_COLUMNS if c not in REQUIRED_COLUMNS and c not in cols]
    extra_specs = _extra_specs(extra, RECORD_COLUMNS)
    data = record_columns(recs, {**specs, **extra_specs}, consts, optional)
    cache: dict[str, Any] = {}
    data["made_at"] = [_as_time(v, cache) for v in data["made_at"]]
    data["probability"] = [
        ProbabilityRange(v["low"], v["high"])
        if isinstance(v, Mapping) and set(v) == {"low", "high"}
        else v
        for v in data["probability"]
    ]
    for c in ("source", "quote", "option"):
        # A record without the field, or with null, has none.
        data[c] = [None if v is None else v for v in data[c]]
    names = [*RECORD_COLUMNS, *extra_specs]
    origin = {**{c: _described(s) for c, s in specs.items()}, **{c: "constants" for c in consts}}
    origin.update({c: _described(s) for c, s in extra_specs.items()})
    try:
        return from_records(names, data, len(recs), where=_record_where)
    except FileSchemaError as exc:
        if exc.column in origin and exc.path is not None:
            raise FileSchemaError(
                f"{exc.reason} (from {origin[exc.column]})", path=exc.path, column=exc.column
            ) from None
        raise


def _record_where(row: int) -> tuple[str | None, int | None]:
    return (f"records[{row}]" if row >= 0 else "records"), None


# --- the bodies of Ledger's constructors -------------------------------------------------


def ledger_from_predictions(cls: type[Ledger], predictions: Iterable[Prediction]) -> Ledger:
    """The work of :meth:`Ledger.from_predictions`."""
    if isinstance(predictions, Prediction):
        raise ForecastTypeError("predictions must be an iterable of Prediction, not one Prediction")
    if not isinstance(predictions, Iterable) or isinstance(predictions, (str, bytes)):
        raise ForecastTypeError(
            f"predictions must be an iterable of Prediction (got {predictions!r})"
        )
    preds = list(predictions)
    n = len(preds)
    q: list[str] = []
    f: list[str] = []
    made = np.empty(n, dtype=np.int64)
    is_date = np.empty(n, dtype=bool)
    offset = np.empty(n, dtype=np.int64)
    kind = np.zeros(n, dtype=np.int8)
    low = np.empty(n)
    high = np.empty(n)
    counts = np.zeros(n, dtype=np.int64)
    opts: list[str] = []
    probs: list[float] = []
    source: list[str | None] = []
    quote: list[str | None] = []
    quantity = np.full(n, None, dtype=object)
    for i, p in enumerate(preds):
        if not isinstance(p, Prediction):
            raise ForecastTypeError(f"predictions[{i}] must be a Prediction (got {p!r})")
        q.append(p.question)
        f.append(p.forecaster)
        made[i], is_date[i], offset[i] = time_parts(p.made_at)
        prob = p.probability
        if prob is None:
            name = p.forecast_kind
            kind[i] = _QUANTITY
            low[i] = high[i] = math.nan
            quantity[i] = (name, getattr(p, name))
        elif isinstance(prob, Probabilities):
            kind[i] = _CATEGORICAL
            low[i] = high[i] = math.nan
            counts[i] = len(prob)
            opts.extend(prob)
            probs.extend(prob.values())
        elif isinstance(prob, ProbabilityRange):
            kind[i] = _RANGE
            low[i], high[i] = prob.low, prob.high
        else:
            low[i] = high[i] = prob
        source.append(p.source)
        quote.append(p.quote)
    qnames, qcodes = _factorize(q)
    fnames, fcodes = _factorize(f)
    onames, ocodes = _factorize(opts)
    zones = zone_column([p.made_at for p in preds])
    return cls(
        (qnames, qcodes),
        (fnames, fcodes),
        (made, is_date, offset),
        (kind, low, high),
        (
            np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
            onames,
            ocodes,
            np.asarray(probs, dtype=np.float64),
        ),
        (_obj_array(source), _obj_array(quote)),
        {},
        zones,
        quantity=quantity,
    )


def ledger_from_arrays(
    cls: type[Ledger],
    question: Any,
    forecaster: Any,
    made_at: Any,
    probability: Any = None,
    *,
    low: Any = None,
    high: Any = None,
    options: Sequence[str] | None = None,
    source: Any = None,
    quote: Any = None,
) -> Ledger:
    """The work of :meth:`Ledger.from_arrays`."""
    _same_pandas_index(
        question=question,
        forecaster=forecaster,
        made_at=made_at,
        probability=probability,
        low=low,
        high=high,
        source=source,
        quote=quote,
    )
    qarr = _id_array(question, "question")
    n = len(qarr)
    farr = _id_array(forecaster, "forecaster")
    _same_length(n, len(farr), "forecaster")
    made, is_date, offset = _time_arrays(made_at, "made_at")
    _same_length(n, len(made), "made_at")
    ptr = np.zeros(n + 1, dtype=np.int64)
    onames = np.empty(0, dtype=object)
    cat_opt = np.empty(0, dtype=np.intp)
    cat_prob = np.empty(0)
    if probability is not None:
        if low is not None or high is not None:
            raise InvalidOptionError("give either probability or low and high, not both")
        p = _checks.as_float_array(probability, "probability")
        if p.ndim == 1:
            _checks.check_probabilities(p, "probability", "raise")
            _same_length(n, len(p), "probability")
            kind = np.zeros(n, dtype=np.int8)
            lo = hi = p.copy()
            if options is not None:
                raise ShapeError("options are for a two-dimensional probability (n, k)")
        elif p.ndim == 2:
            if options is None:
                raise ShapeError("a two-dimensional probability (n, k) needs options=")
            onames = _id_array(list(options), "options")
            if len(onames) != p.shape[1]:
                raise ShapeError(
                    f"options has {len(onames)} names but probability has {p.shape[1]} columns"
                )
            if len(set(onames.tolist())) != len(onames):
                raise InvalidForecastError(f"options must be unique (got {list(onames)!r})")
            _checks.as_categorical_forecast(p, "probability", -1, "raise", SUM_ATOL)
            _same_length(n, len(p), "probability")
            k = p.shape[1]
            kind = np.full(n, _CATEGORICAL, dtype=np.int8)
            lo = hi = np.full(n, math.nan)
            ptr = np.arange(n + 1, dtype=np.int64) * k
            cat_opt = np.tile(np.arange(k, dtype=np.intp), n)
            cat_prob = np.ascontiguousarray(p, dtype=np.float64).reshape(-1).copy()
        else:
            raise ShapeError(f"probability must be 1- or 2-dimensional (got shape {p.shape})")
    else:
        if low is None or high is None:
            raise InvalidOptionError("give probability, or both low and high")
        lo = _checks.as_float_array(low, "low").copy()
        hi = _checks.as_float_array(high, "high").copy()
        for arr, name in ((lo, "low"), (hi, "high")):
            if arr.ndim != 1:
                raise ShapeError(f"{name} must be one-dimensional (got shape {arr.shape})")
            _checks.check_probabilities(arr, name, "raise")
            _same_length(n, len(arr), name)
        bad = np.flatnonzero(lo > hi)
        if bad.size:
            i = int(bad[0])
            raise InvalidForecastError(
                f"low[{i}] = {float(lo[i])!r} exceeds high[{i}] = {float(hi[i])!r}"
            )
        kind = np.full(n, _RANGE, dtype=np.int8)
    qnames, qcodes = _factorize(qarr)
    fnames, fcodes = _factorize(farr)
    return cls(
        (qnames, qcodes),
        (fnames, fcodes),
        (made, is_date, offset),
        (kind, lo, hi),
        (ptr, onames, cat_opt, cat_prob),
        (_text_column(source, n, "source"), _text_column(quote, n, "quote")),
        {},
    )
