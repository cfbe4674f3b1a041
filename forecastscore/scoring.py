"""One claim at a time: score a :class:`~forecastscore.Prediction` against an
:class:`~forecastscore.Outcome`.

What lives here: :func:`score`, the named rules it knows, and the checks that only make sense
for a single claim (same question, not annulled, not hindsight, outcome among the options).
What does not: the formulas (``forecastscore.rules``) and many claims at once
(``forecastscore.ledger``).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np

from . import rules
from .errors import (
    AnnulledOutcomeError,
    ForecastTypeError,
    HindsightError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    QuestionMismatchError,
    UnknownRuleError,
)
from .model import (
    Outcome,
    Prediction,
    Probabilities,
    ProbabilityRange,
    Question,
    ScoreRange,
    made_before,
    positive_index,
)
from .model._quantities import as_days

__all__ = ["RULES", "Rule", "get_rule", "score"]

RuleFunction = Callable[..., Any]


@attrs.frozen
class Rule:
    """A scoring rule by name: its binary and categorical array functions.

    Parameters
    ----------
    name : str
        The name ``score`` and ``Ledger.score`` accept.
    binary : callable
        ``binary(forecast, outcome)`` with P(yes) and 0/1 outcomes.
    categorical : callable
        ``categorical(forecast, outcome)`` with probability rows and category indices.
    units : str
        What the score is measured in.
    soft : callable, optional, keyword-only
        ``soft(forecast, q)``: the binary form against probability outcomes ``q`` in
        [0, 1] (see :func:`forecastscore.rules.brier_score`'s ``probability_outcome``).
        ``None`` (the default for a plain function given as a rule): the rule does not score
        probability outcomes, and asking it to is an error. For a probability range the best
        score is taken at the point of the range nearest ``q`` and the worst at an end,
        which holds for every proper rule (its expected score falls towards ``q`` and rises
        past it).

    Raises
    ------
    ForecastTypeError
        ``name`` is not a non-empty string, ``binary``, ``categorical`` or ``soft`` is not
        callable, or ``units`` is not a string.

    Examples
    --------
    >>> from forecastscore.scoring import RULES
    >>> log = RULES["log"]
    >>> log.name, log.units
    ('log', 'nats')
    >>> float(log.binary(0.8, 1))       # -ln 0.8, a loss: lower is better
    0.2231...
    >>> log.categorical([[0.2, 0.5, 0.3]], [1])     # -ln 0.5
    array([0.6931...])
    """

    name: str = attrs.field(validator=lambda _, a, v: _check_name(a.name, v))
    binary: RuleFunction = attrs.field(validator=lambda _, a, v: _check_callable(a.name, v))
    categorical: RuleFunction = attrs.field(validator=lambda _, a, v: _check_callable(a.name, v))
    units: str = attrs.field(validator=lambda _, a, v: _check_units(a.name, v))
    soft: RuleFunction | None = attrs.field(
        default=None,
        kw_only=True,
        validator=lambda _, a, v: _check_optional_callable(a.name, v),
    )


def _check_name(field: str, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ForecastTypeError(f"Rule {field!r} must be a non-empty string (got {value!r})")


def _check_callable(field: str, value: Any) -> None:
    if not callable(value):
        raise ForecastTypeError(
            f"Rule {field!r} must be a callable, the rule's function of (forecast, outcome) "
            f"(got {value!r})"
        )


def _check_optional_callable(field: str, value: Any) -> None:
    if value is not None:
        _check_callable(field, value)


def _check_units(field: str, value: Any) -> None:
    if not isinstance(value, str):
        raise ForecastTypeError(f"Rule {field!r} must be a string (got {value!r})")


#: The rules known by name.
RULES: dict[str, Rule] = {
    "brier": Rule(
        "brier",
        rules.brier_score,
        rules.categorical_brier_score,
        "unitless, 0..1 (0..2 categorical)",
        soft=functools.partial(rules.brier_score, probability_outcome=True),
    ),
    "log": Rule(
        "log",
        rules.log_score,
        rules.categorical_log_score,
        "nats",
        soft=functools.partial(rules.log_score, probability_outcome=True),
    ),
    "spherical": Rule(
        "spherical",
        rules.spherical_score,
        rules.categorical_spherical_score,
        "unitless, 0..1",
        soft=functools.partial(rules.spherical_score, probability_outcome=True),
    ),
}


def soft_function(rule: Rule, where: str) -> RuleFunction:
    """The rule's binary form against probability outcomes, or an error saying the rule has
    none (``where`` names the outcome, as ``outcomes[3]`` or ``file:line``)."""
    if rule.soft is None:
        raise InvalidOptionError(
            f"{where}: rule {rule.name!r} does not score probability outcomes; use 'brier', "
            "'log' or 'spherical', or a Rule with soft= (its binary form against a "
            "probability q)"
        )
    return rule.soft


def soft_range(fn: RuleFunction, low: Any, high: Any, q: Any) -> tuple[Any, Any]:
    """Best and worst score of probability ranges ``low..high`` against probability
    outcomes ``q``: the best at the point of the range nearest ``q`` (a proper rule's
    expected score falls towards ``q`` and rises past it), the worst at an end."""
    best = fn(np.clip(q, low, high), q)
    worst = np.maximum(fn(low, q), fn(high, q))
    return best, worst


def get_rule(rule: str | RuleFunction | Rule) -> Rule:
    """Return the :class:`Rule` for a name, a :class:`Rule`, or a plain function.

    A plain function is used for binary and categorical forecasts alike: it receives the same
    arguments as the array functions (P(yes) and 0/1, or a probability vector and the index of
    what happened) and must return a loss.

    Raises
    ------
    UnknownRuleError
        For a name the library does not know; the message lists the known ones.
    ForecastTypeError
        For anything that is neither a name, a :class:`Rule` nor a callable.

    Examples
    --------
    >>> from forecastscore.scoring import get_rule
    >>> float(get_rule("brier").binary(0.8, 1))     # (0.8 - 1)**2
    0.03999999999999998
    >>> def absolute_error(forecast, outcome):
    ...     return abs(forecast - outcome)
    >>> rule = get_rule(absolute_error)
    >>> rule.name, rule.units
    ('absolute_error', 'as the function defines')
    >>> rule.binary(0.8, 1)                         # |0.8 - 1|, rounded from 0.2
    0.19999999999999996
    >>> get_rule("brire")
    Traceback (most recent call last):
    ...
    forecastscore.errors.UnknownRuleError: rule 'brire' is not known; use one of 'brier', ...
    """
    if isinstance(rule, Rule):
        return rule
    if isinstance(rule, str):
        try:
            return RULES[rule]
        except KeyError:
            known = ", ".join(repr(k) for k in RULES)
            raise UnknownRuleError(
                f"rule {rule!r} is not known; use one of {known} or pass a function"
            ) from None
    if callable(rule):
        name = getattr(rule, "__name__", None)
        if not isinstance(name, str) or not name.strip():
            name = repr(rule) or type(rule).__name__  # a functools.partial, a callable object
        return Rule(name, rule, rule, "as the function defines")
    raise ForecastTypeError(f"rule must be a name or a function (got {rule!r})")


def _describe(t: Any) -> str:
    return str(t.isoformat())


def score(
    prediction: Prediction,
    outcome: Outcome,
    *,
    rule: str | RuleFunction | Rule = "brier",
    question: Question | None = None,
) -> float | ScoreRange:
    r"""Score one dated claim against what happened (a loss: lower is better).

    The claim must be about the same question as the outcome and must have been made strictly
    before the outcome became known (see :func:`forecastscore.model.made_before`): a
    prediction made on the day of the resolution, or after it, is hindsight.

    A plain probability is scored with the rule's binary form (Brier in 0..1); a mapping over
    options with its categorical form (Brier in 0..2, so a two-option mapping scores twice the
    plain probability). A :class:`~forecastscore.ProbabilityRange` gives a
    :class:`~forecastscore.ScoreRange`: the best and the worst score over the range, since
    no single number in the range is the forecaster's.

    An outcome that is a probability :math:`q` (``Outcome(..., probability=q)``) is scored
    by the rule's form against probability outcomes (:attr:`Rule.soft`): the Brier score
    :math:`(p - q)^2`, the log score's cross-entropy, the expected spherical loss (see
    :func:`forecastscore.rules.brier_score` and the docs' "Scores against probability
    outcomes"). It needs a plain probability (or a range) on a two-option question, and
    :math:`q` is the probability of the option a plain probability is about (``"yes"``).

    A forecast of a quantity (``quantiles=``, ``distribution=`` or ``samples=``) is scored
    against a number, or a date, with one of these rules:

    - ``'crps'``: :func:`~forecastscore.rules.crps` of a distribution,
      :func:`~forecastscore.rules.crps_ensemble` of samples,
      :func:`~forecastscore.rules.crps_quantile` of quantiles (the piecewise-linear CDF
      through them);
    - ``'log'``: the negative log density (log mass for a discrete distribution) at the
      outcome, in nats, of a distribution;
    - ``'quantile'``: the mean :func:`~forecastscore.rules.quantile_score` (pinball loss)
      over the quantiles' levels;
    - ``'interval'``: the :func:`~forecastscore.rules.interval_score` of the widest central
      interval among the quantiles (levels :math:`l` and :math:`1 - l`, :math:`\alpha = 2l`);
    - ``'wis'``: the :func:`~forecastscore.rules.weighted_interval_score` of the quantiles.

    A date is scored in days: every date (outcome, quantile, sample) is read as days since
    1970-01-01, and a distribution on a date question is over those days; the origin cancels
    in every score but ``'log'`` (a density per day). All scores are in the outcome's units.

    **Censored outcomes.** A value known only to lie at or past ``c`` (``Outcome(...,
    value=c, censored="above")``: the event had not happened when the question closed on
    ``c``) is scored with the censored CRPS over the interval :math:`[a, b]` outside which
    values are censored:

    .. math::

        \mathrm{CRPS}_{[a,b]}(F, y) = \int_a^b \bigl(F(x) - \mathbb{1}[y_c \le x]\bigr)^2\,dx,
        \qquad y_c = \min(\max(y, a), b),

    the CRPS of the forecast censored to :math:`[a, b]` (its mass below :math:`a` moved to
    :math:`a`, above :math:`b` to :math:`b`) against the censored outcome. Against a value
    censored above :math:`c` it is :math:`\int_a^c F(x)^2\,dx`. :math:`[a, b]` is made of
    the question's closed bounds (``question=`` with ``bounds`` and ``open_lower`` /
    ``open_upper`` false) and the censored outcome's value on its side; without either it
    is :math:`(-\infty, \infty)` and the score is the plain CRPS. For a fixed
    :math:`[a, b]` the score is proper: it is the CRPS, which is proper, of the censored
    forecast against the censored outcome, whose distribution is the censored truth
    :math:`G_{[a,b]}`, and the forecast :math:`F = G` censors to it. It equals the plain CRPS
    when the forecast puts no probability outside :math:`[a, b]` and the outcome is inside.
    Score every outcome of a question with the same bounds (pass ``question=``): an
    uncensored outcome scored without the bound a censored one used is scored on a different
    interval. Only ``'crps'`` scores censored outcomes.

    Parameters
    ----------
    prediction : Prediction
        The claim.
    outcome : Outcome
        What happened.
    rule : {'brier', 'log', 'spherical', 'crps', 'quantile', 'interval', 'wis'} or callable
        The scoring rule (default ``'brier'``); ``'log'`` is in nats. A function is called
        like the array functions of :mod:`forecastscore.rules` (e.g.
        ``functools.partial(fs.log_score, base=2)``); a quantity forecast takes a name only.
    question : Question, optional
        The question, for its options. Without it a plain probability is about ``("no",
        "yes")`` and a mapping about its own keys.

    Returns
    -------
    float or ScoreRange
        The score, or the best and worst score for a range.

    Raises
    ------
    QuestionMismatchError
        The prediction, outcome (and question) are about different questions.
    AnnulledOutcomeError
        The outcome is annulled.
    HindsightError
        The prediction was not made strictly before ``outcome.resolved_at``.
    InvalidOutcomeError
        The outcome's value is not one of the question's options.
    InvalidForecastError
        A mapping names options the question does not have, or a plain probability is given
        for a question with more than two options.
    InvalidOutcomeError
        A probability outcome on a question with more than two options, or against a
        mapping over options.
    UnknownRuleError
        An unknown rule name.
    InvalidOptionError
        A probability outcome with a rule that does not score one (no :attr:`Rule.soft`).

    Examples
    --------
    >>> import datetime as dt
    >>> import forecastscore as fs
    >>> claim = fs.Prediction("q", "pundit", dt.date(2022, 1, 8), 0.3)
    >>> outcome = fs.Outcome("q", dt.date(2022, 2, 24), "yes")
    >>> fs.score(claim, outcome)
    0.48999999999999994
    >>> fs.score(claim, outcome, rule="log")     # -ln 0.3 nats
    1.2039728043259361

    Against a market's price of 0.73 on a question not yet resolved, (0.3 - 0.73)**2:

    >>> fs.score(claim, fs.Outcome("q", dt.date(2022, 2, 24), probability=0.73))
    0.18489999999999998

    A forecast of a number by quantiles, against 35: the mean pinball loss at levels 0.1,
    0.5 and 0.9, (0.1 * 25 + 0.5 * 5 + 0.1 * 15) / 3:

    >>> hub = fs.Prediction("deaths", "hub", dt.date(2022, 1, 8),
    ...                     quantiles={0.1: 10.0, 0.5: 30.0, 0.9: 50.0})
    >>> fs.score(hub, fs.Outcome("deaths", dt.date(2022, 2, 1), 35.0), rule="quantile")
    2.1666666666666665
    """
    if not isinstance(prediction, Prediction):
        raise ForecastTypeError(f"prediction must be a Prediction (got {prediction!r})")
    if not isinstance(outcome, Outcome):
        raise ForecastTypeError(f"outcome must be an Outcome (got {outcome!r})")
    if question is not None and not isinstance(question, Question):
        raise ForecastTypeError(f"question must be a Question or None (got {question!r})")
    quantity = (
        prediction.is_quantity
        or outcome.is_quantity
        or (question is not None and question.is_quantity)
    )
    if not quantity:
        r = get_rule(rule)
    if prediction.question != outcome.question:
        raise QuestionMismatchError(
            f"the prediction is about question {prediction.question!r} but the outcome is "
            f"about {outcome.question!r}"
        )
    if question is not None and question.id != prediction.question:
        raise QuestionMismatchError(
            f"the prediction is about question {prediction.question!r} but question "
            f"{question.id!r} was given"
        )
    if outcome.annulled:
        raise AnnulledOutcomeError(
            f"the outcome of question {outcome.question!r} is annulled; annulled questions "
            "are not scored"
        )
    if not made_before(prediction.made_at, outcome.resolved_at):
        raise HindsightError(
            f"the prediction by {prediction.forecaster!r} on question {prediction.question!r} "
            f"was made at {_describe(prediction.made_at)}, not before its outcome was known "
            f"at {_describe(outcome.resolved_at)}"
        )

    if quantity:
        return _score_quantity(prediction, outcome, question, rule)
    prob = prediction.probability
    assert prob is not None
    if outcome.probability is not None:
        return _score_soft(prediction, outcome, question, r)
    options = _options(prediction, outcome, question)
    try:
        k = outcome.option_index(options)
    except InvalidOutcomeError as exc:
        if question is not None:
            raise
        raise InvalidOutcomeError(
            f"{exc}; without question= a plain probability is about the options no and yes: "
            "pass question=Question(..., options=...) for others"
        ) from None

    if isinstance(prob, Probabilities):
        unknown = [o for o in prob if o not in options]
        if unknown:
            raise InvalidForecastError(
                f"'probability' names options {unknown!r} that question "
                f"{prediction.question!r} does not have (options: {', '.join(options)})"
            )
        vector = np.array([prob.get(o, 0.0) for o in options])
        return _as_score(r.categorical(vector, k), r)
    if len(options) != 2:
        raise InvalidForecastError(
            f"a single probability ({prob!r}) needs a two-option question, but question "
            f"{prediction.question!r} has {len(options)} options; give a mapping over them"
        )
    y = int(k == positive_index(options))
    if isinstance(prob, ProbabilityRange):
        ends = (_as_score(r.binary(prob.low, y), r), _as_score(r.binary(prob.high, y), r))
        return ScoreRange(best=min(ends), worst=max(ends))
    return _as_score(r.binary(prob, y), r)


def _score_soft(
    prediction: Prediction, outcome: Outcome, question: Question | None, rule: Rule
) -> float | ScoreRange:
    """A plain probability (or a range) against a probability outcome."""
    q = outcome.probability
    assert q is not None
    prob = prediction.probability
    if question is not None and not question.is_binary:
        raise InvalidOutcomeError(
            f"the outcome of question {question.id!r} is a probability ({q!r}), which needs a "
            f"two-option question, but it has {len(question.options)} options"
        )
    if isinstance(prob, Probabilities):
        raise InvalidOutcomeError(
            f"the outcome of question {outcome.question!r} is a probability ({q!r}); it "
            "scores a plain probability (of 'yes'), not a mapping over options"
        )
    fn = soft_function(rule, "outcome")
    if isinstance(prob, ProbabilityRange):
        best, worst = soft_range(fn, prob.low, prob.high, q)
        return ScoreRange(best=_as_score(best, rule), worst=_as_score(worst, rule))
    return _as_score(fn(prob, q), rule)


def _options(
    prediction: Prediction, outcome: Outcome, question: Question | None
) -> tuple[str, ...]:
    """The options a claim is scored over: the question's, or else the mapping's keys (with
    a yes/no pair put in the order no, yes), or else ``("no", "yes")``."""
    prob = prediction.probability
    if question is not None:
        return question.options
    if not isinstance(prob, Probabilities):
        return ("no", "yes")
    keys = tuple(prob)
    if len(keys) == 2 and {k.strip().casefold() for k in keys} == {"no", "yes"}:
        return tuple(sorted(keys, key=lambda o: o.strip().casefold() == "yes"))
    value = outcome.value
    if not isinstance(value, str) or value.strip().casefold() not in {
        k.strip().casefold() for k in keys
    }:
        raise InvalidOutcomeError(
            f"the outcome {value!r} of question {outcome.question!r} is not one of the "
            f"options the mapping names ({', '.join(keys)}); without a question only an "
            "option name can say what happened: give one, or pass question="
        )
    return keys


def _as_score(value: Any, rule: Rule) -> float:
    """A rule's result as one float; anything else is the rule's error, said so."""
    arr = np.asarray(value) if not isinstance(value, (str, bytes)) else None
    if arr is None or arr.shape != () or arr.dtype.kind not in "fiu":
        raise ForecastTypeError(
            f"rule {rule.name!r} returned {value!r}; a rule must return one number per forecast"
        )
    result = float(arr)
    if math.isnan(result):
        raise InvalidOptionError(f"rule {rule.name!r} returned NaN for a valid forecast")
    return result


# --- quantity claims ------------------------------------------------------------------------

#: The rules that score a forecast of a quantity (quantiles, a distribution or samples).
QUANTITY_RULES = ("crps", "log", "quantile", "interval", "wis")


def _quantity_outcome(outcome: Outcome, question: Question | None) -> float:
    """The outcome's value as a number (a date as days since 1970-01-01)."""
    v = outcome.value
    if outcome.probability is not None or isinstance(v, (bool, str)) or v is None:
        shown = outcome.probability if outcome.probability is not None else v
        raise InvalidOutcomeError(
            f"the outcome of question {outcome.question!r} ({shown!r}) is not a number or a "
            "date; a forecast of a quantity is scored against Outcome(..., value=<number or "
            "date>)"
        )
    if question is not None and question.kind == "date" and not isinstance(v, dt.date):
        raise InvalidOutcomeError(
            f"question {question.id!r} is a date question but its outcome is {v!r}, not a date"
        )
    if question is not None and question.kind == "numeric" and isinstance(v, dt.date):
        raise InvalidOutcomeError(
            f"question {question.id!r} is numeric but its outcome is a date ({v!r})"
        )
    return as_days(v)


def _censoring(outcome: Outcome, question: Question | None, y: float) -> tuple[float, float]:
    """The interval ``[a, b]`` outside which a value is censored: the question's closed
    bounds, and the censored outcome's value on its side."""
    a, b = -math.inf, math.inf
    if question is not None and question.bounds is not None:
        low, high = question.bounds
        if low is not None and not question.open_lower:
            a = as_days(low)
        if high is not None and not question.open_upper:
            b = as_days(high)
    if outcome.censored == "above":
        b = y
    elif outcome.censored == "below":
        a = y
    return a, b


def _score_quantity(
    prediction: Prediction,
    outcome: Outcome,
    question: Question | None,
    rule: str | RuleFunction | Rule,
) -> float:
    """A forecast of a quantity against a number or a date (see :func:`score`)."""
    if not isinstance(rule, str) or rule not in QUANTITY_RULES:
        raise UnknownRuleError(
            f"rule {rule!r} does not score a forecast of a quantity; use one of "
            f"{', '.join(repr(k) for k in QUANTITY_RULES)}"
        )
    if not prediction.is_quantity:
        raise InvalidForecastError(
            f"the prediction on question {prediction.question!r} is a probability "
            f"({prediction.probability!r}) but "
            + (
                f"question {question.id!r} is {question.kind!r}"
                if question is not None and question.is_quantity
                else f"the outcome is a quantity ({outcome.value!r})"
            )
            + "; a number or a date is forecast by quantiles=, distribution= or samples="
        )
    if question is not None and not question.is_quantity:
        raise InvalidForecastError(
            f"question {question.id!r} is {question.kind!r} but the prediction holds "
            f"{prediction.forecast_kind}; give the question kind='numeric' or kind='date'"
        )
    y = _quantity_outcome(outcome, question)
    kind = prediction.forecast_kind
    a, b = _censoring(outcome, question, y)
    censored = math.isfinite(a) or math.isfinite(b)
    if censored and rule != "crps":
        raise InvalidOutcomeError(
            f"rule {rule!r} does not score a censored outcome (question "
            f"{outcome.question!r}, censored {outcome.censored!r} at {outcome.value!r}, or "
            "a question with closed bounds); use rule='crps' (the censored CRPS)"
        )
    if kind == "distribution":
        dist = prediction.distribution
        if rule == "crps":
            if censored:
                return _censored_crps_distribution(dist, y, a, b)
            return float(rules.crps(dist, y))
        if rule == "log":
            return _log_density(dist, y, prediction)
    elif kind == "samples":
        assert prediction.samples is not None
        members = np.array([as_days(v) for v in prediction.samples])
        if rule == "crps":
            yc = min(max(y, a), b)
            return float(rules.crps_ensemble(np.clip(members, a, b), yc))
    else:
        assert prediction.quantiles is not None
        levels = np.array([lv for lv, _ in prediction.quantiles])
        values = np.array([as_days(v) for _, v in prediction.quantiles])
        if rule == "quantile":
            return float(np.mean(rules.quantile_score(values, y, level=levels)))
        if rule == "interval":
            return _interval(levels, values, y, prediction)
        if rule == "crps" and censored:
            return _censored_crps_quantiles(levels, values, y, a, b)
        if rule == "crps":
            return float(rules.crps_quantile(values, y, levels=levels))
        if rule == "wis":
            return float(rules.weighted_interval_score(values, y, levels=levels))
    what = {"distribution": "a distribution", "samples": "samples", "quantiles": "quantiles"}
    fits = {
        "distribution": "'crps' or 'log'",
        "samples": "'crps'",
        "quantiles": "'crps', 'quantile', 'interval' or 'wis'",
    }
    raise InvalidOptionError(
        f"rule {rule!r} does not score {what[kind]} (prediction by {prediction.forecaster!r} "
        f"on question {prediction.question!r}); use {fits[kind]}"
    )


def _log_density(dist: Any, y: float, prediction: Prediction) -> float:
    """The negative log density (continuous) or mass (discrete) at the outcome, in nats."""
    with np.errstate(all="ignore"):  # a density that underflows far out is -inf: a loss of inf
        value = float(dist.logpdf(y)) if hasattr(dist, "logpdf") else float(dist.logpmf(y))
    if math.isnan(value):
        raise InvalidForecastError(
            f"the distribution of {prediction.forecaster!r} on question "
            f"{prediction.question!r} gives no density at {y!r}"
        )
    return -value


def _interval(levels: Any, values: Any, y: float, prediction: Prediction) -> float:
    """The interval score of the widest central interval among the quantiles: the lowest
    level ``l`` below 0.5 whose partner ``1 - l`` is also given (``l + u`` within
    :data:`~forecastscore.rules.SYMMETRY_ATOL` of 1)."""
    for i, low in enumerate(levels):
        if low >= 0.5:
            break
        # Paired as weighted_interval_score pairs them: summing to 1 within SYMMETRY_ATOL.
        match = np.flatnonzero(np.abs(levels + low - 1.0) <= rules.SYMMETRY_ATOL)
        if match.size:
            j = int(match[0])
            return float(rules.interval_score(values[i], values[j], y, alpha=2.0 * low))
    raise InvalidForecastError(
        f"the quantiles of {prediction.forecaster!r} on question {prediction.question!r} "
        f"(levels {list(map(float, levels))!r}) hold no central interval: rule 'interval' "
        "needs two levels l and 1 - l"
    )


def _censored_crps_quantiles(levels: Any, values: Any, y: float, a: float, b: float) -> float:
    """``CRPS_[a, b]`` of the piecewise-linear CDF through the quantiles (the tail
    convention of :func:`~forecastscore.rules.crps_quantile`: the levels left over sit on the
    outermost quantiles), exactly: on each piece between break points the CDF is linear and
    the step of the outcome constant, so the integral of the square is Simpson's rule."""
    yc = min(max(y, a), b)
    q = np.asarray(values, dtype=float)
    tau = np.asarray(levels, dtype=float)
    cuts = np.concatenate([q, [yc]])
    cuts = np.unique(np.clip(cuts, a, b))
    if math.isfinite(a):
        cuts = np.union1d(cuts, [a])
    if math.isfinite(b):
        cuts = np.union1d(cuts, [b])
    total = 0.0
    for u, v in itertools.pairwise(cuts):
        m = 0.5 * (u + v)
        if m < q[0]:
            fu = fv = 0.0
        elif m > q[-1]:
            fu = fv = 1.0
        else:
            k = int(np.searchsorted(q, m, side="right")) - 1
            slope = (tau[k + 1] - tau[k]) / (q[k + 1] - q[k])
            fu, fv = tau[k] + slope * (u - q[k]), tau[k] + slope * (v - q[k])
        step = 1.0 if m > yc else 0.0
        du, dv = fu - step, fv - step
        total += (v - u) * (du * du + du * dv + dv * dv) / 3.0
    return total


_BREAKS = np.array([1e-6, 1e-3, 0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.98, 1 - 1e-3, 1 - 1e-6])


def _censored_crps_distribution(dist: Any, y: float, a: float, b: float) -> float:
    r"""``CRPS_[a, b](F, y)``: the integral over ``[a, b]`` of ``(F(x) - 1[y <= x])^2``
    with ``y`` clipped to ``[a, b]``, by adaptive quadrature of ``F^2`` below the clipped
    outcome and of the survival function squared above it (no cancellation)."""
    from scipy import integrate

    lo, hi = (float(t) for t in dist.support())
    yc = min(max(y, a), b)

    # Break points at quantiles, so that no piece hides the mass in a sliver of a long range.
    marks = np.unique(dist.ppf(_BREAKS))
    marks = marks[np.isfinite(marks)]

    def piece(fn: Callable[[float], float], start: float, stop: float) -> float:
        if not start < stop:
            return 0.0
        edges = [start, *(float(m) for m in marks if start < m < stop), stop]
        total = 0.0
        for left, right in itertools.pairwise(edges):
            result = integrate.quad(
                fn, left, right, epsabs=0.0, epsrel=1e-11, limit=200, full_output=1
            )
            total += float(result[0])
        return total

    below = piece(lambda x: float(dist.cdf(x)) ** 2, max(a, lo), yc)
    above = piece(lambda x: float(dist.sf(x)) ** 2, yc, min(b, hi))
    return below + above
