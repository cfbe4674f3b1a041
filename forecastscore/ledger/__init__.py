r"""Many claims at once, in columns: the :class:`Ledger`, its scores and its summaries.

What lives here: :class:`Ledger` (predictions held column by column: question and
forecaster ids, times as ``numpy.datetime64``, probabilities, ranges and categorical
forecasts), :meth:`Ledger.score` and its :class:`ScoreTable` (one row per scored prediction,
with its lead time and everything that was not scored counted), :class:`Summary` (per
forecaster, per question or per lead-time bin, with a bootstrap interval that resamples whole
questions), :func:`time_averaged` (each forecast weighted by how long it stood) and
:func:`compare_to_reference` (each claim against a reference's forecast standing when the
claim was made). What does not: the formulas (``forecastscore.rules``), one claim at a time
(``forecastscore.scoring``), files (``forecastscore.io``).

Every score is a loss: lower is better. The array paths are sorts, ``searchsorted``,
``bincount`` and reductions; Python loops run over distinct questions or options, not over
predictions, except where Python objects go in or come out (:meth:`Ledger.from_predictions`,
:meth:`Ledger.from_pandas`, JSON Lines, iteration) and where the option rows of categorical
forecasts read from a file are grouped.

Times are stored as the earliest instant each can mean, in microseconds since 1970-01-01 UTC
(``datetime64[us]``), with a per-row flag for dates (a date is its whole UTC day) and the UTC
offset of each datetime, so that iterating a ledger gives back equal
:class:`~forecastscore.Prediction` objects. A datetime in a named zone (``zoneinfo``) keeps
its zone and fold in a side column, so that it comes back identical; files hold only the
offset. Two ledgers compare equal when they hold the same rows as a file would: the same
instants, date flags and offsets, whatever the zone objects.

The rooms, from the bottom: ``_columns`` (array aliases, time columns, ids: shared by all),
``_ledger`` (the class; its constructors and :meth:`Ledger.score` are doors into the rooms
above), ``_build`` (building ledgers from records, arrays and files), ``_bootstrap`` (the
question-clustered bootstrap), ``_summaries`` (:class:`Summary` and what every table shares),
``_scoring`` (outcomes joined, rules applied, :class:`ScoreTable`), ``_time_averaged`` and
``_reference``. ``docs/architecture.md`` draws the arrows.
"""

from ._fixed_effects import FixedEffects, fixed_effects, peer_scores
from ._leaderboard import Leaderboard
from ._ledger import Ledger
from ._reference import ReferenceTable, compare_to_reference
from ._score_table import ScoreTable
from ._summaries import Summary
from ._time_averaged import TimeAveragedTable, time_averaged

__all__ = [
    "FixedEffects",
    "Leaderboard",
    "Ledger",
    "ReferenceTable",
    "ScoreTable",
    "Summary",
    "TimeAveragedTable",
    "compare_to_reference",
    "fixed_effects",
    "peer_scores",
    "time_averaged",
]
