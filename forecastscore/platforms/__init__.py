r"""The published scoring conventions of two forecasting platforms, reproduced exactly.

What lives here: Metaculus's Baseline and Peer scores (binary, multiple-choice and continuous),
one forecast at a time and averaged over a question's life as Metaculus averages them; and
Good Judgment Open's Brier score (the 0..2 form, plain and ordinal) with its daily
carry-forward average. What does not: the library's own proper scores (``forecastscore.rules``)
and its own time averaging (``forecastscore.ledger``), whose conventions differ.

.. warning::

   **Metaculus scores are positively oriented: higher is better.** They are reproduced as
   Metaculus publishes them, so they are *rewards*, unlike every other score in this library,
   which is a loss. A Baseline score of 0 is what a uniform forecast earns; positive beats it.
   **Good Judgment Open's Brier scores are losses** (lower is better) on a 0..2 scale.

Sources: the Metaculus scores FAQ (metaculus.com/help/scores-faq) and the open-source code
that computes the scores on the site (``scoring/score_math.py`` in the ``Metaculus/metaculus``
repository), whose unit tests supply the worked examples used in this library's tests; Good
Judgment Open's FAQ (Brier scores on a 0 to 2 scale) and the scoring guides of Cultivate Labs,
which runs the platform ("What is a Brier Score", "What is the Ordinal Scoring System").
Not implemented: Metaculus's legacy scores (Relative score, points), withdrawn forecasts and
tournaments' hidden periods.

The rooms: ``_metaculus`` (one forecast at a time), ``_metaculus_time`` (over a question's
life), ``_gjopen`` (Good Judgment Open) and ``_common`` (times and array helpers they share).
"""

from ._gjopen import gjopen_brier_score, gjopen_time_averaged_brier_score
from ._metaculus import (
    metaculus_baseline_score,
    metaculus_categorical_baseline_score,
    metaculus_categorical_peer_score,
    metaculus_continuous_baseline_score,
    metaculus_continuous_peer_score,
    metaculus_peer_score,
)
from ._metaculus_time import MetaculusScores, metaculus_time_averaged_scores

__all__ = [
    "MetaculusScores",
    "gjopen_brier_score",
    "gjopen_time_averaged_brier_score",
    "metaculus_baseline_score",
    "metaculus_categorical_baseline_score",
    "metaculus_categorical_peer_score",
    "metaculus_continuous_baseline_score",
    "metaculus_continuous_peer_score",
    "metaculus_peer_score",
    "metaculus_time_averaged_scores",
]
