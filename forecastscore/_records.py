"""Results as records and data frames, shared by every result class.

What lives here: turning NaN into ``None`` for records, a short float for one-line reprs, and
importing pandas only when a ``to_pandas()`` is called, with an error that says how to install
it. What does not: what goes into the records (each result class builds its own rows).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import attrs


def short_float(v: float) -> str:
    """A float for a one-line repr: six significant digits."""
    return f"{v:.6g}"


def nones(values: Iterable[float]) -> list[float | None]:
    """The values as a list of plain Python numbers, NaN as ``None`` (``null`` in JSON)."""
    plain = values.tolist() if hasattr(values, "tolist") else list(values)
    return [None if isinstance(v, float) and math.isnan(v) else v for v in plain]


def pandas_module(owner: str) -> Any:
    """pandas, imported now (never when forecastscore is imported).

    Raises ``ImportError`` naming ``owner`` and the extra to install when pandas is missing.
    """
    try:
        import pandas
    except ImportError:
        raise ImportError(f"{owner} needs pandas: pip install 'forecastscore[pandas]'") from None
    return pandas


def frame(rows: list[dict[str, Any]], columns: list[str], owner: str) -> Any:
    """``rows`` as a :class:`pandas.DataFrame` with ``columns`` in that order."""
    return pandas_module(f"{owner}.to_pandas").DataFrame(rows, columns=columns)


class OneRow:
    """For attrs result classes that are a single row: ``to_records`` and ``to_pandas``.

    A decomposition, a skill score or a comparison is one row of numbers; as records it is a
    list of one dict holding every field, so that results of many runs stack into a table.
    """

    __slots__ = ()

    def to_records(self) -> list[dict[str, Any]]:
        """One dict holding every field (a single row, so that results stack into tables)."""
        return [attrs.asdict(self)]  # type: ignore[arg-type]

    def to_pandas(self) -> Any:
        """A one-row :class:`pandas.DataFrame` of :meth:`to_records`.

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).
        """
        columns = [f.name for f in attrs.fields(type(self))]  # type: ignore[arg-type]
        return frame(self.to_records(), columns, type(self).__name__)
