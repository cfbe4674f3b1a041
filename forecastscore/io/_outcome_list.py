"""The :class:`OutcomeList`: the outcomes read from a file, with the extra columns and the
file and line each came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._checks import check_choice
from .._records import pandas_module
from .._text import cut_text
from ..errors import ForecastTypeError, InvalidOutcomeError, ShapeError
from ..model import Outcome
from ._files import _ANNULLED, OUTCOME_COLUMNS, _outcome_items, _shown


class OutcomeList(list[Outcome]):
    r"""A list of :class:`~forecastscore.Outcome` read from a file, with its extra columns
    and where each outcome came from.

    Made by :func:`read_outcomes_csv` and :func:`read_outcomes_jsonl`. The file's columns
    beyond ``question``, ``resolved_at`` and ``outcome`` are kept in :attr:`extra` (column
    name to one value per outcome), so that :func:`write_outcomes_csv` writes them back, and
    the file and line of each outcome in :attr:`origin`, so that an error found later (an
    outcome that is no option of its question, found only when scoring) can name them.

    Both follow the outcomes when the list is changed in place: after a sort, a deletion or
    an assignment, :attr:`extra` and :attr:`origin` are in the list's new order (an outcome
    is known by identity; one added that was not read has ``None`` in each).

    Parameters
    ----------
    outcomes : iterable of Outcome
    extra : dict of str to list, optional
        Extra columns, one value per outcome.
    origin : list of (str, int) or None, optional
        Per outcome, the file's name and the 1-based line it was read from (or ``None``).

    Examples
    --------
    >>> import io
    >>> from forecastscore.io import read_outcomes_csv, write_outcomes_csv
    >>> text = ("question,resolved_at,outcome,source\n"
    ...         "q1,2022-02-24,yes,BBC\n"
    ...         "q2,2022-03-01,annulled,AP\n")
    >>> outcomes = read_outcomes_csv(io.StringIO(text))
    >>> len(outcomes), outcomes[0].value, outcomes[1].annulled
    (2, 'yes', True)
    >>> outcomes.extra
    {'source': ['BBC', 'AP']}
    >>> outcomes.origin
    [('<stream>', 2), ('<stream>', 3)]
    >>> outcomes.reverse()
    >>> outcomes.extra, outcomes.origin
    ({'source': ['AP', 'BBC']}, [('<stream>', 3), ('<stream>', 2)])
    >>> outcomes.reverse()
    >>> out = io.StringIO()
    >>> write_outcomes_csv(outcomes, out)
    >>> out.getvalue() == text
    True
    """

    def __init__(
        self,
        outcomes: Iterable[Outcome] = (),
        extra: dict[str, list[Any]] | None = None,
        origin: Sequence[tuple[str, int] | None] | None = None,
    ) -> None:
        super().__init__(_outcome_items(outcomes))
        self._as_read: tuple[Outcome, ...] = tuple(self)
        self._extra = self._checked_extra(extra)
        self._origin: list[tuple[str, int] | None] | None = None
        if origin is not None:
            self._origin = list(origin)
            if len(self._origin) != len(self):
                raise ShapeError(
                    f"'origin' has {len(self._origin)} entries for {len(self)} outcomes"
                )

    def _checked_extra(self, extra: Any) -> dict[str, list[Any]]:
        if extra is None:
            return {}
        if not isinstance(extra, Mapping):
            raise ForecastTypeError(
                f"'extra' must be a dict of column name to values (got {_shown(extra)})"
            )
        out: dict[str, list[Any]] = {}
        for name, values in extra.items():
            if not isinstance(name, str) or name in OUTCOME_COLUMNS:
                raise ForecastTypeError(
                    f"'extra' column names must be strings other than "
                    f"{', '.join(OUTCOME_COLUMNS)} (got {name!r})"
                )
            if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
                raise ForecastTypeError(
                    f"'extra'[{name!r}] must be a list of values (got {_shown(values)})"
                )
            out[name] = list(values)
            if len(out[name]) != len(self):
                raise ShapeError(
                    f"'extra'[{name!r}] has {len(out[name])} values for {len(self)} outcomes"
                )
        return out

    def _realign(self) -> None:
        """Put :attr:`extra` and :attr:`origin` in the list's order, if it changed."""
        now = tuple(self)
        if len(now) == len(self._as_read) and all(
            a is b for a, b in zip(now, self._as_read, strict=True)
        ):
            return
        index = {id(o): i for i, o in enumerate(self._as_read)}
        rows = [index.get(id(o)) for o in now]
        self._extra = {
            k: [None if r is None or r >= len(v) else v[r] for r in rows]
            for k, v in self._extra.items()
        }
        if self._origin is not None:
            old = self._origin
            self._origin = [None if r is None or r >= len(old) else old[r] for r in rows]
        self._as_read = now

    @property
    def extra(self) -> dict[str, list[Any]]:
        """The extra columns: column name to one value per outcome, in the list's order."""
        self._realign()
        return self._extra

    @extra.setter
    def extra(self, value: dict[str, list[Any]]) -> None:
        self._realign()
        self._extra = self._checked_extra(value)

    @property
    def origin(self) -> list[tuple[str, int] | None] | None:
        """Per outcome, ``(file name, 1-based line)`` it was read from, in the list's order
        (``None`` for an outcome that was not read from a file); ``None`` for a list not
        read from a file."""
        self._realign()
        return self._origin

    def to_records(self, *, times: str = "iso") -> list[dict[str, Any]]:
        """Rows in the file layout: one dict per outcome with ``question``, ``resolved_at``,
        ``outcome`` (the value, or ``"annulled"``) and the :attr:`extra` columns.

        ``times="iso"`` gives ``resolved_at`` as ISO 8601 text (as the files hold it),
        ``"objects"`` as ``datetime.date`` / aware ``datetime.datetime`` objects.

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.io import OutcomeList
        >>> OutcomeList([fs.Outcome("q1", dt.date(2022, 2, 24), True)],
        ...             extra={"source": ["BBC"]}).to_records()
        [{'question': 'q1', 'resolved_at': '2022-02-24', 'outcome': True, 'source': 'BBC'}]
        """
        check_choice("times", times, ("iso", "objects"))
        items = list(self)
        extra = self.extra
        for name, values in extra.items():
            if len(values) != len(items):
                raise ShapeError(
                    f"the extra column {name!r} has {len(values)} values for {len(items)} outcomes"
                )
        out: list[dict[str, Any]] = []
        for i, o in enumerate(items):
            if not isinstance(o, Outcome):
                raise ForecastTypeError(f"outcomes[{i}] must be an Outcome (got {_shown(o)})")
            row: dict[str, Any] = {
                "question": o.question,
                "resolved_at": o.resolved_at.isoformat() if times == "iso" else o.resolved_at,
                "outcome": (
                    _ANNULLED
                    if o.annulled
                    else o.probability
                    if o.probability is not None
                    else o.value
                ),
            }
            row.update({k: v[i] for k, v in extra.items()})
            out.append(row)
        return out

    def to_pandas(self) -> Any:
        """The outcomes as a :class:`pandas.DataFrame`, one row per outcome, with the
        columns of :meth:`to_records` (``resolved_at`` as ``datetime.date`` / aware
        ``datetime.datetime`` objects).

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'forecastscore[pandas]'``).

        Examples
        --------
        >>> import datetime as dt
        >>> import forecastscore as fs
        >>> from forecastscore.io import OutcomeList
        >>> frame = OutcomeList([fs.Outcome("q1", dt.date(2022, 2, 24), "yes"),
        ...                      fs.Outcome("q2", dt.date(2022, 3, 1), annulled=True)]).to_pandas()
        >>> frame.columns.tolist(), frame["outcome"].tolist()
        (['question', 'resolved_at', 'outcome'], ['yes', 'annulled'])
        """
        return pandas_module("OutcomeList.to_pandas").DataFrame(
            self.to_records(times="objects"), columns=[*OUTCOME_COLUMNS, *self.extra]
        )

    def __repr__(self) -> str:
        n = len(self)
        annulled = sum(1 for o in self if isinstance(o, Outcome) and o.annulled)
        questions = len({o.question for o in self if isinstance(o, Outcome)})
        parts = [
            f"{n} outcome{'' if n == 1 else 's'} on {questions} question"
            f"{'' if questions == 1 else 's'}"
        ]
        if annulled:
            parts.append(f"{annulled} annulled")
        files = sorted({w[0] for w in self.origin or () if w is not None})
        if files:
            parts.append(
                "read from "
                + ", ".join(cut_text(f, 40) for f in files[:3])
                + (", ..." if len(files) > 3 else "")
            )
        if self.extra:
            parts.append("extra columns: " + ", ".join(cut_text(k, 20) for k in self.extra))
        return f"<OutcomeList: {'; '.join(parts)}>"


def _outcome_rows(outcomes: Iterable[Outcome]) -> tuple[list[Outcome], dict[str, list[Any]]]:
    items = _outcome_items(outcomes)
    for i, o in enumerate(items):
        if not o.annulled and o.value == _ANNULLED:
            raise InvalidOutcomeError(
                f"outcomes[{i}]: the option name {_ANNULLED!r} (question {o.question!r}) would "
                "read back as an annulled question; the files reserve that word"
            )
    extra = outcomes.extra if isinstance(outcomes, OutcomeList) else {}
    for name, values in extra.items():
        if len(values) != len(items):
            raise ShapeError(
                f"the extra column {name!r} has {len(values)} values for {len(items)} outcomes"
            )
    return items, dict(extra)
