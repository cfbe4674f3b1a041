"""The ``hypothesis`` entry point: registers strategies for the claim classes.

Hypothesis calls :func:`_hypothesis_setup_hook` while it is itself being imported, which may
happen in the middle of importing :mod:`forecastscore.strategies`. So the hook registers
functions that look the strategies up only when ``st.from_type`` first needs them, by which
time that module is complete. Nothing in the package imports this module.
"""

from __future__ import annotations

from typing import Any


def _strategy(name: str) -> Any:
    def resolve(_type: type) -> Any:
        from . import strategies

        return getattr(strategies, name)()

    return resolve


def _hypothesis_setup_hook() -> None:
    """Register ``st.from_type`` strategies for Question, Prediction, Outcome and the ranges."""
    from hypothesis import strategies as st

    from .model import Outcome, Prediction, ProbabilityRange, Question, ScoreRange

    st.register_type_strategy(Question, _strategy("questions"))
    st.register_type_strategy(Prediction, _strategy("predictions"))
    st.register_type_strategy(Outcome, _strategy("outcomes"))
    st.register_type_strategy(ProbabilityRange, _strategy("probability_ranges"))
    st.register_type_strategy(ScoreRange, _strategy("score_ranges"))
