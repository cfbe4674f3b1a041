"""Results as records and data frames, shared by every result class.

What lives here: turning NaN into ``None`` for records, a short float for one-line reprs, and
importing pandas only when a ``to_pandas()`` is called, with an error that says how to install
it. What does not: what goes into the records (each result class builds its own rows).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any


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
