r"""Files in and out: predictions and outcomes as CSV and JSON Lines, losslessly.

What lives here: one small pair of functions per format and kind (``read_predictions_csv`` /
``write_predictions_csv``, ``read_outcomes_csv`` / ``write_outcomes_csv``, and the same for
JSON Lines), and other people's formats: a JSON file holding a list of records under a key
(``read_records_json``) and outcomes from records with a column mapping
(``outcomes_from_records``; predictions: :meth:`Ledger.from_records
<forecastscore.ledger.Ledger.from_records>`). What does not: the columns themselves
(:class:`forecastscore.ledger.Ledger`) and pandas interop (:meth:`Ledger.to_pandas
<forecastscore.ledger.Ledger.to_pandas>`).

The formats (UTF-8; times ISO 8601: ``2022-01-03`` is a date, a whole UTC day; a datetime
needs its offset, ``2022-01-03T12:00:00+02:00`` or ``...Z``):

- predictions: ``question,forecaster,made_at,probability`` plus optional ``option`` (one row
  per option of a categorical forecast: consecutive rows with the same question, forecaster
  and ``made_at``), ``source`` and ``quote``. A probability range is written ``low..high``
  (``0.2..0.45``) in CSV and ``{"low": 0.2, "high": 0.45}`` in JSON Lines.
- outcomes: ``question,resolved_at,outcome``, where the outcome is ``yes``/``no``,
  ``true``/``false``, ``1``/``0``, an option name, or ``annulled``.

What is lossless: floats are written with ``repr`` and so read back exactly; dates stay dates
and datetimes keep their UTC offset; other columns are kept (as text in CSV, as JSON values in
JSON Lines) and written back; row order is kept; text of any length, with commas, quotes, line
breaks, NUL characters or any Unicode, reads back as written. What CSV cannot tell apart: an
empty ``source`` or ``quote`` is read as ``None``; an integer outcome is written as its digits
and read back as text (``"1"``); ``true``/``false`` are read as booleans. These mean the same
option when scored: an outcome value is matched to a question's options by its text form (see
:meth:`Outcome.option_index <forecastscore.Outcome.option_index>`), so ``1`` and ``"1"`` name
the same option, and the same outcomes score the same from CSV and from JSON Lines. JSON Lines
keeps the types as they were. The text written is the canonical spelling of the values read
(UTC as ``+00:00``, numbers by ``repr``, the columns in a fixed order, optional columns only
when used), so writing what was read and then reading and writing again gives the same bytes.

CSV follows RFC 4180: a field holding a comma, a ``"``, or a line break is quoted whole, with
each ``"`` in it doubled. Anything else is malformed and an error at its line: a quoted field
that is never closed (which would otherwise swallow every later row into one field), text after
a closing quote, or a ``"`` inside an unquoted field.

What cannot be held without loss is refused with a schema error rather than changed: a time
finer than a microsecond, year 0000, text that is not UTF-8 (a lone surrogate), and in JSON
Lines ``NaN``, ``Infinity``, a float that overflows, an integer of more than 4300 digits, a key
given twice in one object (strict RFC 8259), or a value nested more than
:data:`MAX_JSON_DEPTH` (200) levels deep. The writers refuse the same things, naming the line
and column, so that whatever they write reads back; they take a ledger (the prediction
writers) or a list of :class:`~forecastscore.Outcome` (the outcome writers) and refuse
anything else with :class:`~forecastscore.ForecastTypeError`.

A file that breaks its schema raises :class:`~forecastscore.FileSchemaError` with the file,
line and column: ``predictions.csv:14: column 'probability': '1.3' is not a probability in
[0, 1]``; an unknown column is kept, a missing required one is an error.

Claims of quantities (quantiles, distributions, samples; numeric, dated and censored
outcomes) have files of their own, read and written by ``read_quantity_predictions_csv`` and
its seven siblings (see ``forecastscore.io._quantities`` for the layout).

The CSV reader splits simple files (no quoted fields, ``\n`` line ends) with numpy and
converts columns as arrays, and falls back to the :mod:`csv` module for the rest.
"""

from ._csv import read_outcomes_csv, read_predictions_csv, write_outcomes_csv, write_predictions_csv
from ._files import Source as Source  # the type of a file argument
from ._jsonl import MAX_JSON_DEPTH as MAX_JSON_DEPTH  # how deep a JSON value may nest
from ._jsonl import (
    read_outcomes_jsonl,
    read_predictions_jsonl,
    write_outcomes_jsonl,
    write_predictions_jsonl,
)
from ._outcome_list import OutcomeList
from ._quantities import (
    read_quantity_outcomes_csv,
    read_quantity_outcomes_jsonl,
    read_quantity_predictions_csv,
    read_quantity_predictions_jsonl,
    write_quantity_outcomes_csv,
    write_quantity_outcomes_jsonl,
    write_quantity_predictions_csv,
    write_quantity_predictions_jsonl,
)
from ._records import outcomes_from_records, read_records_json

__all__ = [
    "OutcomeList",
    "outcomes_from_records",
    "read_outcomes_csv",
    "read_outcomes_jsonl",
    "read_predictions_csv",
    "read_predictions_jsonl",
    "read_quantity_outcomes_csv",
    "read_quantity_outcomes_jsonl",
    "read_quantity_predictions_csv",
    "read_quantity_predictions_jsonl",
    "read_records_json",
    "write_outcomes_csv",
    "write_outcomes_jsonl",
    "write_predictions_csv",
    "write_predictions_jsonl",
    "write_quantity_outcomes_csv",
    "write_quantity_outcomes_jsonl",
    "write_quantity_predictions_csv",
    "write_quantity_predictions_jsonl",
]
