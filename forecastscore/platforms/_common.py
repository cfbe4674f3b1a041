"""What the platforms' scores share: the float array alias, finishing a result as a
scalar or an array, and reading times as microseconds since the epoch (UTC). Nothing
platform-specific lives here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import (
    ForecastTypeError,
    InvalidTimeError,
    ShapeError,
)
from ..rules import Scores

FloatArray = npt.NDArray[np.float64]
_US_PER_DAY = 86_400_000_000


def _finish(x: FloatArray) -> Scores:
    return np.float64(x) if np.ndim(x) == 0 else x


# --- times ---------------------------------------------------------------------------------


def _instant_us(value: Any, name: str) -> int:
    """A time as microseconds since the epoch (UTC)."""
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            raise InvalidTimeError(f"{name!r} is NaT")
        return int(value.astype("datetime64[us]").astype(np.int64))
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidTimeError(
                f"{name!r} is a naive datetime ({value.isoformat()}); give it a timezone"
            )
        utc = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return int(np.datetime64(utc, "us").astype(np.int64))
    if isinstance(value, dt.date):
        return int(np.datetime64(value, "D").astype("datetime64[us]").astype(np.int64))
    raise ForecastTypeError(
        f"{name!r} must be a numpy.datetime64, a datetime.date or an aware datetime (got {value!r})"
    )


def _instants_us(values: Any, name: str, n: int) -> npt.NDArray[np.int64]:
    arr = np.asarray(values)
    if arr.dtype.kind != "M":
        raise ForecastTypeError(
            f"{name} must be an array of numpy.datetime64 (got dtype {arr.dtype.name!r})"
        )
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ShapeError(f"{name} must have shape ({n},) like forecast (got {arr.shape})")
    nat = np.isnat(arr)
    if nat.any():
        raise InvalidTimeError(f"{name}[{int(np.flatnonzero(nat)[0])}] is NaT")
    return arr.astype("datetime64[us]").astype(np.int64)
