"""Field checks shared by the claim classes: ids, text, flags, probabilities and times,
each refused with a message that names the field and the value. The ``Time`` alias.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from typing import Any

import numpy as np

from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidTimeError,
)

#: A point in time as the library understands it: a whole UTC day or an aware datetime.
Time = dt.date | dt.datetime


_UTC = dt.timezone.utc


_ONE_DAY = dt.timedelta(days=1)


def _check_id(field: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ForecastTypeError(f"{field!r} must be a non-empty string (got {value!r})")
    return _utf8(field, str(value))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(field: str, value: str) -> str:
    """Refuse a string holding a lone surrogate: it is no Unicode text, and no file (UTF-8)
    can hold it, so the claim could never be written."""
    if not value.isascii():
        lone = _LONE_SURROGATE.search(value)
        if lone is not None:
            raise ForecastTypeError(
                f"{_name(field)} holds a lone surrogate ({lone.group(0)!r}), which is not text "
                f"and cannot be written as UTF-8 (got {value!r}; decoded with "
                "errors='surrogateescape'?)"
            )
    return value


def _check_bool(field: str, value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ForecastTypeError(f"{field!r} must be True or False (got {value!r})")


def _ordered(value: Any) -> bool:
    return _check_bool("ordered", value)


def _annulled(value: Any) -> bool:
    return _check_bool("annulled", value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ForecastTypeError(f"'text' must be a string (got {value!r})")
    return _utf8("text", str(value))


def _check_time(field: str, value: Any, *, optional: bool = False) -> Time | None:
    if value is None and optional:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidTimeError(
                f"{field!r} is a naive datetime ({value.isoformat()}); give it a timezone, "
                "e.g. datetime(..., tzinfo=datetime.timezone.utc), or pass a datetime.date "
                "for a whole day"
            )
        return value
    if isinstance(value, dt.date):
        return value
    raise ForecastTypeError(
        f"{field!r} must be a datetime.date or a timezone-aware datetime.datetime (got {value!r})"
    )


def _name(field: str) -> str:
    return field if "[" in field else repr(field)


def _probability(field: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ForecastTypeError(
            f"{_name(field)} must be a real number in [0, 1] (got {value!r})"
            + (
                "; True/False are outcomes, not probabilities"
                if isinstance(value, (bool, np.bool_))
                else ""
            )
        )
    try:
        v = float(value)
    except OverflowError:
        raise InvalidForecastError(f"{_name(field)} must be in [0, 1] (got {value!r})") from None
    if math.isnan(v) or not 0.0 <= v <= 1.0:
        raise InvalidForecastError(f"{_name(field)} must be in [0, 1] (got {value!r})")
    return v


def _low(value: Any) -> float:
    return _probability("low", value)


def _high(value: Any) -> float:
    return _probability("high", value)


def _qid(value: Any) -> str:
    return _check_id("id", value)


def _forecaster(value: Any) -> str:
    return _check_id("forecaster", value)


def _made_at(value: Any) -> Time:
    return _required_time("made_at", value)


def _resolved_at(value: Any) -> Time:
    return _required_time("resolved_at", value)


def _required_time(field: str, value: Any) -> Time:
    t = _check_time(field, value)
    if t is None:  # pragma: no cover - _check_time returns None only when optional
        raise ForecastTypeError(f"{field!r} must be a time (got None)")
    return t


def _opens(value: Any) -> Time | None:
    return _check_time("opens", value, optional=True)


def _closes(value: Any) -> Time | None:
    return _check_time("closes", value, optional=True)


def _source(value: Any) -> str | None:
    return _optional_str("source", value)


def _quote(value: Any) -> str | None:
    return _optional_str("quote", value)


def _optional_str(field: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ForecastTypeError(f"{field!r} must be a string or None (got {value!r})")
    return _utf8(field, value)
