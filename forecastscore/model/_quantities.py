r"""Forecasts of quantities: quantiles, parametric distributions and samples, the grammar
that writes a distribution as text, and quantity outcomes (numbers, dates, censored values).

What lives here: the converters the claim classes use for ``quantiles=``,
``distribution=``, ``samples=`` and for a numeric or date ``value``, and
:func:`parse_distribution` / :func:`describe_distribution`. What does not: the claim classes
themselves (``_claims``) and any score (``forecastscore.scoring``).

The distribution grammar
------------------------
A distribution is written ``name(key=value, ...)``: one of the family names below, then its
parameters by keyword, each a decimal number (``30``, ``-1.5``, ``2.5e-3``, ``inf`` is
refused), separated by commas, spaces allowed around each token. Every parameter of the family
must be given exactly once except ``loc`` (default 0) and ``scale`` (default 1). The families
and their parameters are those of ``scipy.stats``:

=========== ==========================
family      parameters
=========== ==========================
norm        loc, scale
lognorm     s, loc, scale
gamma       a, loc, scale
beta        a, b, loc, scale
t           df, loc, scale
logistic    loc, scale
laplace     loc, scale
expon       loc, scale
uniform     loc, scale (on [loc, loc + scale])
=========== ==========================

The text is parsed by a regular expression, never evaluated. A described distribution is
written back with every parameter in the order of the table and each number as Python's
shortest round-tripping ``repr``, so that text -> distribution -> text is lossless.

Dates
-----
A forecast over dates is a forecast over *days since 1970-01-01* (UTC midnight): a
distribution's parameters are in those days (``norm(loc=19038, scale=10)`` is centred on
2022-02-15), quantiles and samples may be given as ``datetime.date`` (or aware
``datetime.datetime``) values, which :func:`days_since_epoch` turns into days.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import numbers
import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..errors import ForecastTypeError, InvalidForecastError, InvalidOutcomeError
from ._fields import _utf8

#: A value a quantity forecast or outcome may hold: a number, or a date (a day or an instant).
QuantityValue = float | dt.date | dt.datetime

#: The families of the grammar: scipy.stats name -> its shape parameters (before loc, scale).
FAMILIES: dict[str, tuple[str, ...]] = {
    "norm": (),
    "lognorm": ("s",),
    "gamma": ("a",),
    "beta": ("a", "b"),
    "t": ("df",),
    "logistic": (),
    "laplace": (),
    "expon": (),
    "uniform": (),
}

_EPOCH = dt.date(1970, 1, 1)
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_CALL = re.compile(r"\s*([a-z]+)\s*\((.*)\)\s*", re.DOTALL)
_PAIR = re.compile(rf"\s*([a-z]+)\s*=\s*({_NUMBER})\s*")


def days_since_epoch(value: dt.date | dt.datetime) -> float:
    """Days from 1970-01-01 (UTC midnight) to a date or an aware datetime.

    Examples
    --------
    >>> import datetime as dt
    >>> days_since_epoch(dt.date(2022, 2, 24))
    19047.0
    >>> days_since_epoch(dt.datetime(1970, 1, 2, 12, tzinfo=dt.timezone.utc))
    1.5
    """
    if not isinstance(value, dt.date):
        raise ForecastTypeError(
            f"'value' must be a datetime.date or an aware datetime.datetime (got {value!r})"
        )
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ForecastTypeError(
                f"'value' is a naive datetime ({value.isoformat()}); give it a timezone"
            )
        return (value - _EPOCH_UTC).total_seconds() / 86400.0
    return float((value - _EPOCH).days)


def parse_distribution(text: str) -> Any:
    """A frozen ``scipy.stats`` distribution from its text ``name(key=value, ...)``.

    Parameters
    ----------
    text : str
        The distribution in the grammar of this module (see the table of families).

    Returns
    -------
    scipy.stats frozen distribution

    Raises
    ------
    ForecastTypeError
        ``text`` is not a string.
    InvalidForecastError
        Not of the form ``name(key=value, ...)``, an unknown family or parameter, a
        parameter missing or given twice, a number that is not finite, or parameters that
        scipy refuses (a scale that is not positive).

    Examples
    --------
    >>> d = parse_distribution("norm(loc=30, scale=10)")
    >>> float(d.mean()), float(d.std())
    (30.0, 10.0)
    >>> describe_distribution(d)
    'norm(loc=30.0, scale=10.0)'
    >>> parse_distribution("norm(loc=__import__('os'))")
    Traceback (most recent call last):
    ...
    forecastscore.errors.InvalidForecastError: 'distribution' parameter "loc=__import__('os')" ...
    """
    if not isinstance(text, str):
        raise ForecastTypeError(
            f"'distribution' must be a string name(key=value, ...) (got {text!r})"
        )
    call = _CALL.fullmatch(text)
    if call is None:
        raise InvalidForecastError(
            f"'distribution' must be written name(key=value, ...), e.g. 'norm(loc=30, "
            f"scale=10)' (got {text!r})"
        )
    name, inside = call.group(1), call.group(2)
    if name not in FAMILIES:
        raise InvalidForecastError(
            f"'distribution' family {name!r} is not known (in {text!r}); use one of "
            f"{', '.join(FAMILIES)}"
        )
    params: dict[str, float] = {}
    if inside.strip():
        for part in inside.split(","):
            pair = _PAIR.fullmatch(part)
            if pair is None:
                raise InvalidForecastError(
                    f"'distribution' parameter {part.strip()!r} is not key=number (in {text!r})"
                )
            key, number = pair.group(1), float(pair.group(2))
            if key in params:
                raise InvalidForecastError(
                    f"'distribution' parameter {key!r} is given twice (in {text!r})"
                )
            params[key] = number
    return _freeze(name, params, text)


def _freeze(name: str, params: dict[str, float], where: str) -> Any:
    import scipy.stats

    keys = (*FAMILIES[name], "loc", "scale")
    unknown = [k for k in params if k not in keys]
    if unknown:
        raise InvalidForecastError(
            f"'distribution' {name} has no parameter {unknown[0]!r} (in {where!r}; its "
            f"parameters: {', '.join(keys)})"
        )
    missing = [k for k in FAMILIES[name] if k not in params]
    if missing:
        raise InvalidForecastError(
            f"'distribution' {name} needs parameter {missing[0]!r} (in {where!r})"
        )
    for k, v in params.items():
        if not math.isfinite(v):
            raise InvalidForecastError(
                f"'distribution' parameter {k!r} must be finite (got {v!r} in {where!r})"
            )
    shapes = [params[k] for k in FAMILIES[name]]
    loc, scale = params.get("loc", 0.0), params.get("scale", 1.0)
    family = getattr(scipy.stats, name)
    if scale <= 0 or any(s <= 0 for s in shapes):
        bad = "scale" if scale <= 0 else next(k for k in FAMILIES[name] if params[k] <= 0)
        raise InvalidForecastError(
            f"'distribution' parameter {bad!r} must be positive (got {params.get(bad, scale)!r} "
            f"in {where!r})"
        )
    return family(*shapes, loc=loc, scale=scale)


def describe_distribution(distribution: Any) -> str | None:
    """The text ``name(key=value, ...)`` of a frozen ``scipy.stats`` distribution of one of
    the grammar's families with scalar parameters, or ``None`` for any other.

    Examples
    --------
    >>> import scipy.stats
    >>> describe_distribution(scipy.stats.gamma(2.5, scale=3))
    'gamma(a=2.5, loc=0.0, scale=3.0)'
    >>> describe_distribution(scipy.stats.weibull_min(1.5)) is None
    True
    """
    family = getattr(distribution, "dist", None)
    name = getattr(family, "name", None)
    if name not in FAMILIES:
        return None
    assert isinstance(name, str)
    keys = (*FAMILIES[name], "loc", "scale")
    args = tuple(getattr(distribution, "args", ()))
    kwds = dict(getattr(distribution, "kwds", {}))
    if len(args) > len(keys):
        return None
    values: dict[str, Any] = dict(zip(keys, args, strict=False))
    for k, v in kwds.items():
        if k not in keys or k in values:
            return None
        values[k] = v
    values.setdefault("loc", 0.0)
    values.setdefault("scale", 1.0)
    out = []
    for k in keys:
        if k not in values:
            return None
        v = values[k]
        if np.ndim(v) != 0 or isinstance(v, (bool, np.bool_)):
            return None
        try:
            f = float(v)
        except (TypeError, ValueError):
            return None
        if not math.isfinite(f):
            return None
        out.append(f"{k}={f!r}")
    return f"{name}({', '.join(out)})"


def _is_frozen(value: Any) -> bool:
    return hasattr(value, "dist") and hasattr(value, "cdf") and hasattr(value, "ppf")


def convert_distribution(value: Any) -> Any:
    """``distribution=``: a frozen scipy.stats distribution with scalar parameters, or its
    text in the grammar (parsed); ``None`` passes."""
    if value is None:
        return None
    if isinstance(value, str):
        return parse_distribution(value)
    if not _is_frozen(value):
        raise ForecastTypeError(
            "'distribution' must be a frozen scipy.stats distribution (e.g. "
            f"scipy.stats.norm(30, 10)) or its text 'norm(loc=30, scale=10)' (got {value!r})"
        )
    text = describe_distribution(value)
    if text is None:
        # Another family: kept as it is (it scores, but no file can carry it).
        try:
            mean = np.asarray(value.mean())
        except Exception:
            mean = np.asarray(math.nan)
        if mean.ndim != 0:
            raise InvalidForecastError(
                f"'distribution' must be one distribution, not an array of them (got {value!r})"
            )
    return value


def distribution_key(value: Any) -> Any:
    """What two predictions' distributions are compared by: their text, or the object."""
    if value is None:
        return None
    text = describe_distribution(value)
    return text if text is not None else id(value)


def _quantity(field: str, value: Any) -> QuantityValue:
    """A number (finite, not a bool) or a date/aware datetime."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ForecastTypeError(
                f"{field} is a naive datetime ({value.isoformat()}); give it a timezone"
            )
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ForecastTypeError(f"{field} must be a real number or a date (got {value!r})")
    try:
        v = float(value)
    except OverflowError:
        v = math.inf
    if not math.isfinite(v):
        raise InvalidForecastError(f"{field} must be finite (got {value!r})")
    return v


def _same_kind(field: str, values: list[QuantityValue]) -> None:
    dated = {isinstance(v, dt.date) for v in values}
    if len(dated) > 1:
        raise InvalidForecastError(
            f"{field} mixes numbers and dates (got {values!r}); give all numbers or all dates"
        )


def as_days(value: QuantityValue) -> float:
    """A quantity as a number: a date or datetime as days since 1970-01-01."""
    if isinstance(value, dt.date):
        return days_since_epoch(value)
    return float(value)


def convert_quantiles(value: Any) -> tuple[tuple[float, QuantityValue], ...] | None:
    """``quantiles=``: a mapping of levels in (0, 1) to values, held as ``(level, value)``
    pairs in increasing level; the values must not decrease with the level."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        if isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
            value = dict(value)
        else:
            raise ForecastTypeError(
                "'quantiles' must be a mapping of levels to values, e.g. {0.05: 12.0, 0.5: "
                f"30.0, 0.95: 80.0}} (got {value!r})"
            )
    if not value:
        raise InvalidForecastError("'quantiles' must name at least one level (got {})")
    pairs: list[tuple[float, QuantityValue]] = []
    for level, v in value.items():
        if isinstance(level, (bool, np.bool_)) or not isinstance(level, numbers.Real):
            raise ForecastTypeError(f"'quantiles' level {level!r} must be a real number in (0, 1)")
        lv = float(level)
        if not 0.0 < lv < 1.0:
            raise InvalidForecastError(f"'quantiles' level {level!r} must be in (0, 1)")
        pairs.append((lv, _quantity(f"'quantiles'[{level!r}]", v)))
    pairs.sort(key=lambda p: p[0])
    levels = [p[0] for p in pairs]
    if len(set(levels)) != len(levels):
        raise InvalidForecastError(f"'quantiles' gives a level twice (levels {levels!r})")
    _same_kind("'quantiles'", [p[1] for p in pairs])
    for (l1, v1), (l2, v2) in itertools.pairwise(pairs):
        if as_days(v2) < as_days(v1):
            raise InvalidForecastError(
                f"'quantiles' must not decrease with the level: level {l2!r} has {v2!r}, "
                f"below {v1!r} at level {l1!r}"
            )
    return tuple(pairs)


def convert_samples(value: Any) -> tuple[QuantityValue, ...] | None:
    """``samples=``: a non-empty sequence of numbers or of dates, held as a tuple."""
    if value is None:
        return None
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__iter__"):
        raise ForecastTypeError(f"'samples' must be a sequence of numbers or dates (got {value!r})")
    items = list(value)
    if not items:
        raise InvalidForecastError("'samples' must hold at least one sample (got an empty one)")
    out = [_quantity(f"'samples'[{i}]", v) for i, v in enumerate(items)]
    _same_kind("'samples'", out)
    return tuple(out)


def convert_outcome_value(value: Any) -> bool | int | float | str | dt.date | None:
    """An outcome's ``value``: a bool, an option index or name, a number (a quantity that
    happened) or a date/aware datetime."""
    if isinstance(value, dt.date):
        return _quantity("'value'", value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _utf8("value", str(value))
    if hasattr(value, "dtype") and value.dtype.kind == "b":  # numpy bool
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        v = float(value)
        if v.is_integer() and v >= 0:
            return int(v)  # "1.0" in a file is option 1; a negative is never an index
        if not math.isfinite(v):
            raise ForecastTypeError(f"'value' must be a finite number (got {value!r})")
        return v
    raise ForecastTypeError(
        f"'value' must be a bool, an option index or name, a number or a date (got {value!r})"
    )


CENSORED = ("above", "below")


def convert_censored(value: Any) -> str | None:
    if value is None:
        return None
    if value not in CENSORED:
        raise InvalidOutcomeError(f"'censored' must be 'above', 'below' or None (got {value!r})")
    return str(value)
