"""The exception hierarchy of forecastscore.

Every error the library raises on bad input is a :class:`ForecastScoreError`, and each
concrete class also subclasses :class:`ValueError` or :class:`TypeError`, so callers can catch
either the library's root or the builtin they already expect.

Messages name the argument or field, the offending value (its ``repr``) and where it is: an
array index, a row, or a file and line.

This module imports nothing from the rest of the package.
"""

from __future__ import annotations

__all__ = [
    "AnnulledOutcomeError",
    "FileSchemaError",
    "ForecastScoreError",
    "ForecastTypeError",
    "HindsightError",
    "InvalidForecastError",
    "InvalidOptionError",
    "InvalidOutcomeError",
    "InvalidTimeError",
    "LeakageError",
    "QuestionMismatchError",
    "ShapeError",
    "UnknownRuleError",
    "UnknownTermError",
]


class ForecastScoreError(Exception):
    """Root of every error raised by forecastscore on bad input."""


class InvalidForecastError(ForecastScoreError, ValueError):
    """A forecast value is not a valid probability (or distribution).

    Examples: a probability outside [0, 1], a NaN where ``nan_policy="raise"``, categorical
    probabilities that do not sum to 1, a mapping over options the question does not have.
    """


class UnknownTermError(InvalidForecastError):
    """A verbal probability phrase that the chosen lexicon does not define. The message lists
    the terms the lexicon knows."""


class InvalidOutcomeError(ForecastScoreError, ValueError):
    """An outcome value is not valid: not 0/1 for a binary question, not a valid option index
    or option name for a categorical one."""


class ForecastTypeError(ForecastScoreError, TypeError):
    """A value has the wrong type: for example ``True`` given as a probability, a string where
    a number is expected, or a plain string where a ``datetime.date`` is expected."""


class InvalidTimeError(ForecastScoreError, ValueError):
    """A time is not usable: a naive ``datetime`` (no timezone), or a span that ends before it
    starts."""


class HindsightError(ForecastScoreError, ValueError):
    """A prediction was not made strictly before its outcome became known."""


class LeakageError(HindsightError):
    """A forecaster's knowledge cutoff is on or after its question's resolution.

    A language model whose training data run to its cutoff may have read the outcome of any
    question resolved on or before that date: its forecast on such a question is hindsight of
    another kind (``Ledger.score(..., knowledge_cutoffs=..., leakage="raise")``). The message
    names the forecaster, the question, the cutoff and the resolution, and where the
    prediction came from (``file:line`` for a ledger read from a file).
    """


class QuestionMismatchError(ForecastScoreError, ValueError):
    """A prediction and an outcome (or question) are about different questions."""


class AnnulledOutcomeError(ForecastScoreError, ValueError):
    """An annulled outcome was given where a resolved one is needed: annulled questions are
    not scored."""


class ShapeError(ForecastScoreError, ValueError):
    """Arrays whose shapes do not broadcast together, or a category axis that does not match."""


class InvalidOptionError(ForecastScoreError, ValueError):
    """A keyword option has a value the function does not accept (for example
    ``nan_policy="ignore"`` or ``base=1``)."""


class UnknownRuleError(InvalidOptionError):
    """A scoring rule named by a string the library does not know."""


class FileSchemaError(ForecastScoreError, ValueError):
    """A file does not follow its documented schema.

    The message starts with ``file:line:`` and names the column, as in
    ``predictions.csv:14: column 'probability': '1.3' is not a probability in [0, 1]``.
    The parts are also available as attributes.

    Parameters
    ----------
    message : str
        What is wrong, without the location prefix.
    path : str, optional
        The file's name as given by the caller.
    line : int, optional
        The 1-based line number in the file (the header of a CSV is line 1).
    column : str, optional
        The column or field name.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.reason = message
        where = ""
        if path is not None:
            where = path if line is None else f"{path}:{line}"
        elif line is not None:
            where = f"line {line}"
        col = f"column {column!r}: " if column is not None else ""
        full = f"{where}: {col}{message}" if where else f"{col}{message}"
        super().__init__(full)
