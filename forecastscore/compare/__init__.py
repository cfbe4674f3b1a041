r"""Honest comparisons of forecasters: paired differences with intervals and tests.

What lives here: :func:`compare`, a paired comparison of two sets of scores on the same
cases (bootstrap, sign-flip permutation or Diebold-Mariano, clustered by question when several
claims concern one event), and :func:`pairwise_relative_skill`, the ratio-of-mean-scores
comparison of many forecasters on their overlapping questions used by the epidemic
forecasting hubs. What does not: computing the scores (``forecastscore.rules``,
``forecastscore.ledger``) or calibration (``forecastscore.calibration``).

Small samples are the rule, not the exception, when the forecaster is a pundit with ten
claims. Every result states its method, and a method that needs more data than it was given
says so (``ci_low``/``ci_high``/``p_value`` are ``None`` and ``note`` says why) rather than
returning a confident-looking number.

Scores are losses throughout (lower is better), so a negative mean difference
``mean_a - mean_b`` means the first forecaster did better.
"""

from ._common import Comparison
from ._paired import compare
from ._relative_skill import RelativeSkill, pairwise_relative_skill

__all__ = ["Comparison", "RelativeSkill", "compare", "pairwise_relative_skill"]
