r"""The claim model: questions, predictions, outcomes and probability ranges.

What lives here: small frozen, slotted ``attrs`` classes that validate themselves when they
are made, and the rules of time that every other room relies on (what "made before the outcome
was known" means for dates and datetimes). What does not: scoring (``forecastscore.scoring``),
many claims at once (``forecastscore.ledger``), files (``forecastscore.io``).

Times are ``datetime.date`` (a whole UTC day) or timezone-aware ``datetime.datetime``; a
naive datetime is refused rather than guessed.
"""

from ._claims import Outcome, Prediction, Question, positive_index
from ._fields import Time
from ._probabilities import Probabilities, ProbabilityRange, ScoreRange
from ._quantities import days_since_epoch, describe_distribution, parse_distribution
from ._times import lead_time_days, made_before

__all__ = [
    "Outcome",
    "Prediction",
    "Probabilities",
    "ProbabilityRange",
    "Question",
    "ScoreRange",
    "Time",
    "days_since_epoch",
    "describe_distribution",
    "lead_time_days",
    "made_before",
    "parse_distribution",
    "positive_index",
]
