"""What a forecast or a score can be besides one number: :class:`ProbabilityRange`
(a verbal claim read as low..high), :class:`Probabilities` (a mapping over options) and
:class:`ScoreRange` (the best and worst score of a range).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import numpy as np

from .._checks import SUM_ATOL
from ..errors import (
    ForecastTypeError,
    InvalidForecastError,
)
from ._fields import _high, _low, _probability, _utf8


@attrs.frozen(slots=True)
class ProbabilityRange:
    """A probability known only to lie in a closed interval ``[low, high]``.

    Verbal claims ("unlikely") map to ranges, not to single numbers. A range is not a
    probability, and its midpoint is not a proper forecast: scoring a range gives the best
    and the worst score over it (:class:`ScoreRange`).

    Parameters
    ----------
    low, high : float
        The bounds, with ``0 <= low <= high <= 1``.

    Examples
    --------
    >>> ProbabilityRange(0.20, 0.45)
    ProbabilityRange(low=0.2, high=0.45)
    >>> ProbabilityRange(0.20, 0.45).contains(0.3)
    True
    """

    low: float = attrs.field(converter=_low)
    high: float = attrs.field(converter=_high)

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise InvalidForecastError(
                f"'low' must not exceed 'high' (got low={self.low!r}, high={self.high!r})"
            )

    @property
    def width(self) -> float:
        """``high - low``."""
        return self.high - self.low

    def contains(self, p: float) -> bool:
        """Whether ``low <= p <= high``."""
        return self.low <= p <= self.high


class Probabilities(Mapping[str, float]):
    """An immutable, hashable mapping from option name to probability.

    Made by :class:`Prediction` from any mapping; values are validated probabilities that
    sum to 1 within ``forecastscore.rules.SUM_ATOL``.

    Raises
    ------
    InvalidForecastError
        An empty mapping, a value outside [0, 1], or values that do not sum to 1.
    ForecastTypeError
        Not a mapping (a list of pairs, ``None``), a key that is not a non-empty string, or
        a value that is not a number.

    Examples
    --------
    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> from forecastscore.model import Probabilities
    >>> claim = fs.Prediction("q", "alice", dt.date(2022, 1, 8),
    ...                       {"red": 0.2, "green": 0.5, "blue": 0.3})
    >>> claim.probability
    Probabilities({'red': 0.2, 'green': 0.5, 'blue': 0.3})
    >>> claim.probability["green"]
    0.5
    >>> claim.probability == Probabilities({"blue": 0.3, "green": 0.5, "red": 0.2})
    True
    >>> Probabilities({"yes": 0.5, "no": 0.6})      # 0.5 + 0.6 = 1.1
    Traceback (most recent call last):
    ...
    forecastscore.errors.InvalidForecastError: 'probability' must sum to 1 ... (got 1.1 ...)
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[Any, Any], *, field: str = "probability") -> None:
        if not isinstance(data, Mapping):
            raise ForecastTypeError(
                f"{field!r} must be a mapping of option names to probabilities, such as "
                f"{{'no': 0.3, 'yes': 0.7}} (got {data!r})"
            )
        if not data:
            raise InvalidForecastError(f"{field!r} must not be an empty mapping")
        clean: dict[str, float] = {}
        for key, value in data.items():
            if not isinstance(key, str) or not key.strip():
                raise ForecastTypeError(
                    f"{field!r} keys must be option names (non-empty strings), got {key!r}"
                )
            _utf8(f"{field} key", key)
            clean[key] = _probability(f"{field}[{key!r}]", value)
        total = math.fsum(clean.values())
        # Stricter than the array check by the rounding of a floating sum, so that whatever
        # a Prediction accepts, the array functions (which sum with np.sum) accept too.
        if abs(total - 1.0) > SUM_ATOL - 4 * len(clean) * 2.0**-52:
            raise InvalidForecastError(
                f"{field!r} must sum to 1 over the options (got {total!r} for {clean!r})"
            )
        self._data = clean

    def __getitem__(self, key: str) -> float:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._data) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Probabilities({self._data!r})"


def _convert_probability(value: Any) -> float | Probabilities | ProbabilityRange:
    if isinstance(value, (ProbabilityRange, Probabilities)):
        return value
    if isinstance(value, Mapping):
        return Probabilities(value)
    return _probability("probability", value)


def _score_end(field: str, value: Any) -> float:
    """A score: a real number (not a bool), held as a float; infinite is allowed (the log
    score of a probability 0 on what happened), NaN is not."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ForecastTypeError(f"{field!r} must be a real number, a score (got {value!r})")
    try:
        v = float(value)
    except OverflowError:
        raise InvalidForecastError(f"{field!r} is too large for a float (got {value!r})") from None
    if math.isnan(v):
        raise InvalidForecastError(f"{field!r} must be a score, not NaN (got {value!r})")
    return v


def _best(value: Any) -> float:
    return _score_end("best", value)


def _worst(value: Any) -> float:
    return _score_end("worst", value)


@attrs.frozen(slots=True)
class ScoreRange:
    """The best and the worst score a :class:`ProbabilityRange` can earn.

    Every score is a loss, so ``best <= worst``. For a proper score of a binary outcome the
    score is monotone in the probability, so both are reached at the ends of the range.

    Parameters
    ----------
    best, worst : float
        Real numbers (not booleans), held as floats, with ``best <= worst``. A score may be
        infinite (the log score of a range that reaches 0 on what happened has ``worst =
        inf``); NaN is refused.

    Raises
    ------
    ForecastTypeError
        ``best`` or ``worst`` is not a real number (a string, ``None``, a bool).
    InvalidForecastError
        NaN, an integer too large for a float, or ``best > worst``.

    Examples
    --------
    >>> ScoreRange(best=0.3025, worst=0.64).width
    0.3375
    >>> ScoreRange(best=0.0, worst=float("inf")).width
    inf
    """

    best: float = attrs.field(converter=_best)
    worst: float = attrs.field(converter=_worst)

    def __attrs_post_init__(self) -> None:
        if not self.best <= self.worst:
            raise InvalidForecastError(
                f"'best' must not exceed 'worst' (got best={self.best!r}, worst={self.worst!r})"
            )

    @property
    def width(self) -> float:
        """``worst - best``; 0 when both are the same (also when both are infinite)."""
        return 0.0 if self.best == self.worst else self.worst - self.best
