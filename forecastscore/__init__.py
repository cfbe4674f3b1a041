"""forecastscore: keep score of dated probabilistic claims.

Proper scoring rules on arrays (every score is a loss: lower is better), a small claim model
(:class:`Question`, :class:`Prediction`, :class:`Outcome`) that knows when a claim was made and
when its outcome became known, and :func:`score` for one claim at a time.

This module holds re-exports only; it imports no optional extra.
"""

from . import calibration, compare, errors, platforms, verbal
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
    QuestionMismatchError,
    ShapeError,
    UnknownRuleError,
    UnknownTermError,
)
from .model import Outcome, Prediction, ProbabilityRange, Question, ScoreRange
from .rules import (
    brier_score,
    categorical_brier_score,
    categorical_log_score,
    categorical_spherical_score,
    crps,
    crps_ensemble,
    interval_score,
    log_score,
    quantile_score,
    ranked_probability_score,
    spherical_score,
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
    "Outcome",
    "Prediction",
    "ProbabilityRange",
    "Question",
    "QuestionMismatchError",
    "ScoreRange",
    "ShapeError",
    "UnknownRuleError",
    "UnknownTermError",
    "brier_score",
    "calibration",
    "categorical_brier_score",
    "categorical_log_score",
    "categorical_spherical_score",
    "compare",
    "crps",
    "crps_ensemble",
    "errors",
    "interval_score",
    "log_score",
    "platforms",
    "quantile_score",
    "ranked_probability_score",
    "score",
    "spherical_score",
    "verbal",
]
