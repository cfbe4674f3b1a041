"""What the platforms' scores share: the float array alias, finishing a result as a
scalar or an array, checking True/False options, reading times as microseconds since the
epoch (UTC), and refusing two forecasts by one forecaster at the same instant. Nothing
platform-specific lives here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import _checks
from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
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


def _flag(value: Any, name: str) -> bool:
    """A True/False option: ``True``, ``False`` or a numpy bool, never another truthy value."""
    return _checks.check_flag(value, name)


def _refuse_same_instant(
    t: npt.NDArray[np.int64],
    who: npt.NDArray[np.intp] | None,
    made_at: Any,
    names: npt.NDArray[Any] | None,
    what: str,
) -> None:
    """Refuse two forecasts by one forecaster at the same instant: which of them stood would
    depend on the order of the rows. ``who`` holds each row's forecaster code (``None``: one
    forecaster); the message names both rows and their ``made_at``."""
    n = t.shape[0]
    f = np.zeros(n, dtype=np.intp) if who is None else who
    order = np.lexsort((np.arange(n), t, f))
    ts, fs_ = t[order], f[order]
    tie = np.flatnonzero((fs_[1:] == fs_[:-1]) & (ts[1:] == ts[:-1]))
    if not tie.size:
        return
    k = int(tie[0])
    a, b = sorted((int(order[k]), int(order[k + 1])))
    when = np.asarray(made_at)[a]
    made = (
        "two forecasts were made"
        if names is None
        else f"forecaster {_py(names[f[a]])!r} made two forecasts"
    )
    raise InvalidForecastError(
        f"row {a} and row {b}: {made} at the same instant (made_at[{a}] = "
        f"made_at[{b}] = {when}); {what} cannot tell which of them stood: keep one, or give "
        f"each its own time ({tie.size} such pair(s))"
    )


def _py(v: Any) -> Any:
    """A numpy scalar as the Python value it holds (for an error message)."""
    return v.item() if isinstance(v, np.generic) else v
