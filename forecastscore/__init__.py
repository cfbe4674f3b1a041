"""forecastscore: keep score of dated probabilistic claims.

Proper scoring rules on arrays (every score is a loss: lower is better), a small claim model
(:class:`Question`, :class:`Prediction`, :class:`Outcome`) that knows when a claim was made and
when its outcome became known, :func:`score` for one claim at a time, :class:`Ledger` for track
records of many claims (time-averaged, with lead times), files in and out, and the rooms
``calibration``, ``compare``, ``verbal`` and ``platforms``.

This module holds re-exports only, and loads them on first use (PEP 562): ``import
forecastscore`` imports nothing else, not even numpy; ``forecastscore.brier_score`` imports the
scores on arrays, ``forecastscore.Ledger`` the ledger, ``forecastscore.calibration`` that room.
``from forecastscore import X`` and ``import forecastscore.calibration`` work as ever.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:  # what type checkers and editors see; at run time __getattr__ loads it
    from typing import Any

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
        crps_laplace,
        crps_logistic,
        crps_normal,
        crps_quantile,
        interval_coverage,
        interval_score,
        log_score,
        log_score_normal,
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
    "crps_laplace",
    "crps_logistic",
    "crps_normal",
    "crps_quantile",
    "errors",
    "interval_coverage",
    "interval_score",
    "io",
    "ledger",
    "log_score",
    "log_score_normal",
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

# The rooms loaded as attributes, and the room each other public name comes from; a name of
# __all__ found in neither is a score on arrays, from ``rules``. So a new score at the top level
# is its name in __all__ and in the `from .rules import` above (for type checkers; a test
# checks that the two agree).
_ROOMS = frozenset({"calibration", "compare", "errors", "io", "ledger", "platforms", "verbal"})
_ROOM_OF = {
    **dict.fromkeys([n for n in __all__ if n.endswith("Error")], "errors"),
    **dict.fromkeys([n for n in __all__ if n.startswith(("read_", "write_"))], "io"),
    **dict.fromkeys(
        [
            "Ledger",
            "ReferenceTable",
            "ScoreTable",
            "Summary",
            "TimeAveragedTable",
            "compare_to_reference",
            "time_averaged",
        ],
        "ledger",
    ),
    **dict.fromkeys(
        ["Outcome", "Prediction", "ProbabilityRange", "Question", "ScoreRange"], "model"
    ),
    "score": "scoring",
}


if not TYPE_CHECKING:  # hidden from type checkers, so that a misspelt name is an error there

    def __getattr__(name: str) -> Any:
        """Load a room, or the room a public name lives in, the first time it is asked for."""
        if name in _ROOMS:
            return importlib.import_module(f"{__name__}.{name}")  # also sets the attribute
        if name in __all__:
            room = importlib.import_module(f"{__name__}.{_ROOM_OF.get(name, 'rules')}")
            value = getattr(room, name)
            globals()[name] = value  # from now on a plain attribute: no second lookup
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
