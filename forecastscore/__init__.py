"""forecastscore: keep score of dated probabilistic claims.

Proper scoring rules on arrays (every score is a loss: lower is better), a small claim model
(:class:`Question`, :class:`Prediction`, :class:`Outcome`) that knows when a claim was made and
when its outcome became known, :func:`score` for one claim at a time, :class:`Ledger` for track
records of many claims (time-averaged, with lead times), files in and out, and the rooms
``calibration``, ``compare``, ``verbal`` and ``platforms``.

This module holds re-exports only; it imports no optional extra.
"""

from . import calibration, compare, errors, io, ledger, platforms, verbal
from .errors import (
    AnnulledOutcomeError,
    FileSchemaError,
    ForecastScoreError,
    ForecastTypeError,
    HindsightError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    InvalidTimeError,
    LeakageError,
    QuestionMismatchError,
    ShapeError,
    UnknownRuleError,
    UnknownTermError,
)
from .io import (
    read_outcomes_csv,
    read_outcomes_jsonl,
    read_predictions_csv,
    read_predictions_jsonl,
    write_outcomes_csv,
    write_outcomes_jsonl,
    write_predictions_csv,
    write_predictions_jsonl,
)
from .ledger import (
    Ledger,
    ReferenceTable,
    ScoreTable,
    Summary,
    TimeAveragedTable,
    compare_to_reference,
    time_averaged,
)
from .model import Outcome, Prediction, ProbabilityRange, Question, ScoreRange
from .rules import (
    brier_score,
    categorical_brier_score,
    categorical_log_score,
    categorical_spherical_score,
    crps,
    crps_ensemble,
    crps_quantile,
    interval_coverage,
    interval_score,
    log_score,
    pit,
    quantile_score,
    ranked_probability_score,
    spherical_score,
    weighted_interval_score,
)
from .scoring import score

__version__ = "0.1.0.dev0"

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
    "Ledger",
    "Outcome",
    "Prediction",
    "ProbabilityRange",
    "Question",
    "QuestionMismatchError",
    "ReferenceTable",
    "ScoreRange",
    "ScoreTable",
    "ShapeError",
    "Summary",
    "TimeAveragedTable",
    "UnknownRuleError",
    "UnknownTermError",
    "brier_score",
    "calibration",
    "categorical_brier_score",
    "categorical_log_score",
    "categorical_spherical_score",
    "compare",
    "compare_to_reference",
    "crps",
    "crps_ensemble",
    "crps_quantile",
    "errors",
    "interval_coverage",
    "interval_score",
    "io",
    "ledger",
    "log_score",
    "pit",
    "platforms",
    "quantile_score",
    "ranked_probability_score",
    "read_outcomes_csv",
    "read_outcomes_jsonl",
    "read_predictions_csv",
    "read_predictions_jsonl",
    "score",
    "spherical_score",
    "time_averaged",
    "verbal",
    "weighted_interval_score",
    "write_outcomes_csv",
    "write_outcomes_jsonl",
    "write_predictions_csv",
    "write_predictions_jsonl",
]
