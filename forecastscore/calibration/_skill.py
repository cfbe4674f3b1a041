"""Skill scores: a forecaster's score against a reference's (a constant, the base rate or
another forecaster), :func:`skill_score` and :func:`brier_skill_score`.
"""

from __future__ import annotations

import numbers
from typing import Any

import attrs
import numpy as np

from .. import _checks
from .._records import OneRow, short_float
from ..errors import InvalidForecastError, InvalidOutcomeError, ShapeError
from ..scoring import Rule, RuleFunction, get_rule
from ._binning import FloatArray, _pairs


@attrs.frozen
class SkillScore(OneRow):
    r"""A skill score and what it was measured against (positively oriented).

    Attributes
    ----------
    skill : float
        :math:`1 - \bar S / \bar S_{\mathrm{ref}}`: 1 for perfect forecasts, 0 for as good as
        the reference, negative for worse. **Higher is better**, unlike the scores.
    score : float
        Mean score (a loss) of the forecasts.
    reference_score : float
        Mean score (a loss) of the reference on the same outcomes.
    reference : str
        What the reference was, e.g. ``"climatology 0.25 (in-sample base rate)"``,
        ``"constant 0.5"`` or ``"another forecast"``.
    rule : str
        The score's name.
    n : int
        Number of forecasts.

    Examples
    --------
    >>> from forecastscore.calibration import skill_score
    >>> s = skill_score([0.8, 0.6, 0.4, 0.2], [1, 1, 0, 0])
    >>> s.score, s.reference_score  # (0.04 + 0.16 + 0.16 + 0.04) / 4; base rate 0.5: 0.25
    (0.1, 0.25)
    >>> s.skill                     # 1 - 0.1 / 0.25: higher is better
    0.6
    >>> s.reference, s.rule, s.n
    ('climatology 0.5 (in-sample base rate)', 'brier', 4)
    """

    skill: float
    score: float
    reference_score: float
    reference: str
    rule: str
    n: int

    def __float__(self) -> float:
        return self.skill

    def __repr__(self) -> str:
        return (
            f"SkillScore(skill={short_float(self.skill)}, rule={self.rule!r}, "
            f"reference={self.reference!r}, n={self.n})"
        )


def skill_score(
    forecast: Any,
    outcome: Any,
    *,
    rule: str | RuleFunction | Rule = "brier",
    reference: Any = "climatology",
    nan_policy: str = "raise",
) -> SkillScore:
    r"""Skill score of binary forecasts against a reference (positively oriented: higher is better).

    .. math::

        \mathrm{SS} = 1 - \frac{\bar S(p)}{\bar S(p_{\mathrm{ref}})}

    where :math:`\bar S` is the mean score (a loss) under ``rule``. **Unlike every score in
    this library, a skill score is higher-is-better**: 1 is perfect, 0 is no better than the
    reference, and below 0 is worse than it. It is a unitless ratio. With ``rule='brier'``
    and climatology as the reference it is the Brier skill score (:func:`brier_skill_score`).

    The reference is one of:

    - ``"climatology"``: the base rate of these very outcomes, a constant forecast known only
      in hindsight (the result says ``in-sample``). It gives the reference the benefit of the
      sample; pass a base rate known beforehand as a number instead.
    - a number in [0, 1]: a constant forecast, e.g. 0.5 or a historical base rate.
    - an array of probabilities: another forecaster's forecasts of the same events.

    Parameters
    ----------
    forecast : array_like of float, shape (...)
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.
    rule : {'brier', 'log', 'spherical'} or callable, default 'brier'
        The score, as in :func:`forecastscore.score`.
    reference : 'climatology', float or array_like of float, default 'climatology'
        The reference forecast.
    nan_policy : {'raise', 'omit'}, default 'raise'
        Refuse NaN, or leave out the pairs where the forecast, the outcome or (for an array)
        the reference is NaN.

    Returns
    -------
    SkillScore
        ``float(result)`` is the skill.

    Raises
    ------
    QuestionMismatchError
        pandas inputs (Series or DataFrames) whose indexes differ: values are paired by
        position, so differing labels are refused rather than paired silently.
    InvalidForecastError
        Bad forecasts or reference, or a reference whose mean score is 0 or ``inf`` (then
        no skill ratio exists). Forecasts whose own mean score is ``inf`` (a log score
        with probability 0 on what happened) get a skill of ``-inf``.
    InvalidOutcomeError
        Bad outcomes, or climatology as the reference when all outcomes are equal (the base
        rate is then a perfect forecast and the ratio is undefined).
    InvalidOptionError, UnknownRuleError, ShapeError
        A bad ``reference`` name, an unknown rule, or shapes that do not match.

    References
    ----------
    .. [1] Murphy, A. H. (1988). Skill scores based on the mean square error and their
       relationships to the correlation coefficient. Monthly Weather Review, 116(12),
       2417-2424.

    Examples
    --------
    >>> from forecastscore.calibration import skill_score
    >>> s = skill_score([0.9, 0.2, 0.7, 0.1], [1, 0, 1, 0])   # base rate 0.5 scores 0.25
    >>> round(s.score, 12), round(s.reference_score, 12), round(s.skill, 4)
    (0.0375, 0.25, 0.85)
    >>> s.reference
    'climatology 0.5 (in-sample base rate)'
    >>> # Brier 0.025 against the reference's (0.16 + 0.25) / 2 = 0.205: 1 - 0.025 / 0.205
    >>> round(float(skill_score([0.9, 0.2], [1, 0], reference=[0.6, 0.5])), 4)
    0.878
    """
    r = get_rule(rule)
    policy = _checks.check_choice("nan_policy", nan_policy, ("raise", "omit"))
    _checks.check_aligned(("forecast", forecast), ("outcome", outcome), ("reference", reference))
    ref_array: FloatArray | None = None
    if isinstance(reference, str):
        _checks.check_choice("reference", reference, ("climatology",))
    elif isinstance(reference, numbers.Real) and not isinstance(reference, bool):
        c = float(reference)
        if not 0.0 <= c <= 1.0:
            raise InvalidForecastError(f"reference = {reference!r} is not a probability in [0, 1]")
    else:
        ref_array = _checks.as_float_array(reference, "reference")
        _checks.check_probabilities(ref_array, "reference", _checks.check_nan_policy(policy))

    if ref_array is None:
        p, y = _pairs(forecast, outcome, policy)
    else:
        p, ref_array, y = _with_reference(forecast, outcome, ref_array, policy)

    yb = y.astype(bool)
    score = float(np.mean(r.binary(p, yb)))
    if isinstance(reference, str):
        rate = float(y.mean())
        ref_scores = r.binary(np.full(1, rate), yb)
        label = f"climatology {rate:.6g} (in-sample base rate)"
        if rate in (0.0, 1.0):
            raise InvalidOutcomeError(
                f"all {p.size} outcomes are {int(rate)}, so the in-sample climatology "
                f"({rate}) is a perfect forecast and a skill score relative to it is "
                "undefined; pass a base rate known beforehand as reference=<number>"
            )
    elif ref_array is None:
        c = float(reference)
        ref_scores = r.binary(np.full(1, c), yb)
        label = f"constant {c:.6g}"
    else:
        ref_scores = r.binary(ref_array, yb)
        label = "another forecast"
    ref_score = float(np.mean(np.broadcast_to(ref_scores, yb.shape)))
    if ref_score == 0.0:
        raise InvalidForecastError(
            f"the reference ({label}) scores 0 on these {p.size} outcomes: it is perfect, "
            "so a skill score relative to it is undefined"
        )
    if np.isinf(ref_score):
        # inf / inf would be NaN, and finite / inf a skill of 1 for any finite forecasts.
        raise InvalidForecastError(
            f"the reference ({label}) scores inf under rule={r.name!r} on these {p.size} "
            "outcomes (it gave probability 0 to something that happened), so a skill score "
            "relative to it is undefined"
        )
    return SkillScore(
        skill=1.0 - score / ref_score,
        score=score,
        reference_score=ref_score,
        reference=label,
        rule=r.name,
        n=int(p.size),
    )


def _with_reference(
    forecast: Any, outcome: Any, ref: FloatArray, policy: str
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Flat forecasts, reference forecasts and outcomes, paired event by event."""
    p0 = _checks.as_float_array(forecast, "forecast")
    if ref.shape != p0.shape:
        raise ShapeError(
            f"reference of shape {ref.shape} must have the shape of forecast {p0.shape}: "
            "it forecasts the same events"
        )
    y0 = outcome if isinstance(outcome, np.ndarray) else np.asarray(outcome)
    if policy == "omit":
        shape = _checks.broadcast_shape(p0.shape, y0.shape, ("forecast", "outcome"))
        bad = np.isnan(p0) | np.isnan(ref)
        if y0.dtype.kind == "f":
            bad = bad | np.isnan(y0)
        keep = ~np.broadcast_to(bad, shape).ravel()
        p0 = np.broadcast_to(p0, shape).ravel()[keep]
        ref = np.broadcast_to(ref, shape).ravel()[keep]
        y0 = np.broadcast_to(y0, shape).ravel()[keep]
    p, y = _pairs(p0, y0, "raise")
    shape = np.broadcast_shapes(p0.shape, y0.shape)
    return p, np.broadcast_to(ref, shape).ravel().astype(np.float64), y


def brier_skill_score(
    forecast: Any, outcome: Any, *, reference: Any = "climatology", nan_policy: str = "raise"
) -> SkillScore:
    r"""Brier skill score (positively oriented: higher is better).

    .. math::

        \mathrm{BSS} = 1 - \overline{\mathrm{BS}}(p) \,/\, \overline{\mathrm{BS}}(p_{\mathrm{ref}})

    :func:`skill_score` with ``rule='brier'``; with the in-sample climatology as reference
    it equals :math:`(\mathrm{RES} - \mathrm{REL} - \mathrm{WBV} + 2\,\mathrm{WBC})/\mathrm{UNC}`
    in the terms of :func:`murphy_decomposition`. 1 is perfect, 0 no better than the
    reference, negative worse.

    Parameters
    ----------
    forecast, outcome, reference, nan_policy
        As in :func:`skill_score`.

    Returns
    -------
    SkillScore

    Examples
    --------
    >>> from forecastscore.calibration import brier_skill_score
    >>> round(brier_skill_score([0.9, 0.2, 0.7, 0.1], [1, 0, 1, 0]).skill, 4)
    0.85
    """
    return skill_score(forecast, outcome, rule="brier", reference=reference, nan_policy=nan_policy)
