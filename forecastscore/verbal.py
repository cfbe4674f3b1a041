r"""Estimative language: published lexicons of probability words, and revision scores.

What lives here: the lexicons that give words such as "unlikely" a published probability
range (:data:`LEXICONS`), :func:`interpret` to read a phrase as a
:class:`~forecastscore.ProbabilityRange`, :func:`terms_for` for the reverse reading,
:func:`revision_score` for the change in loss between an earlier and a later forecast,
:func:`revision_direction_score` for comparative claims ("less likely than before") that give
only a direction, and :func:`revision_summary` for how often and how much each forecaster's
updates moved toward what happened. What does not: scoring a single range (that is
:func:`forecastscore.score`, which returns a :class:`~forecastscore.ScoreRange`), and the
platforms' conventions (``forecastscore.platforms``).

A word is not a number. Each lexicon below is reproduced from its primary source, with its
citation, version and year; its ranges are closed intervals ``[low, high]`` of the
probability that the event happens. Where a source leaves part of [0, 1] without a word (the
UK yardstick's deliberate gaps), nothing here fills it in: :func:`terms_for` returns no term
there, and :attr:`Lexicon.gaps` lists the gaps.

Lexicons (name for ``lexicon=``):

``"icd203"``
    US Office of the Director of National Intelligence, Intelligence Community Directive 203,
    *Analytic Standards*, 2 January 2015, section D.6.e(2)(a): seven ranges from 1 % to 99 %,
    each with a term from two rows of synonyms [1]_.
``"phia"``
    UK Professional Head of Intelligence Assessment (PHIA), *Probability Yardstick*, 2019
    edition, as republished in *Explaining Uncertainty in UK Intelligence Assessment*
    (gov.uk, 24 March 2025): seven ranges with deliberate gaps between them [2]_.
``"kent"``
    Sherman Kent, "Words of Estimative Probability", *Studies in Intelligence* 8(4), 1964:
    each term a centre "give or take" a margin, read here as ``centre -/+ margin`` [3]_.
``"ipcc"``
    IPCC AR5 *Guidance Note for Lead Authors on Consistent Treatment of Uncertainties*
    (Mastrandrea et al., 2010), Table 1 and its footnote: one-sided, nested likelihood
    terms [4]_.

Not included, and why: NATO's scale (AJP-2.1) and the survey-based readings of common words
(e.g. Fagen-Ulmschneider, Barnes 2016, Mauboussin and Mauboussin 2018) are left out because
their figures could not be checked against a primary source while this module was written;
nothing here is guessed. ``interpret(..., lexicon="nato")`` (or ``"mauboussin"``,
``"fagen-ulmschneider"``) raises an error that says so (:data:`NOT_INCLUDED`).

References
----------
.. [1] Office of the Director of National Intelligence (2015). Intelligence Community
   Directive 203: Analytic Standards, effective 2 January 2015, D.6.e(2)(a).
.. [2] Professional Head of Intelligence Assessment (2019). PHIA Probability Yardstick;
   republished in Explaining Uncertainty in UK Intelligence Assessment, Cabinet Office,
   24 March 2025.
.. [3] Kent, S. (1964). Words of Estimative Probability. Studies in Intelligence, 8(4),
   49-65. Central Intelligence Agency.
.. [4] Mastrandrea, M. D. et al. (2010). Guidance Note for Lead Authors of the IPCC Fifth
   Assessment Report on Consistent Treatment of Uncertainties. IPCC, Table 1.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from . import _checks, rules
from .errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    ShapeError,
    UnknownTermError,
)
from .model import ProbabilityRange, ScoreRange
from .scoring import Rule, get_rule

__all__ = [
    "LEXICONS",
    "NOT_INCLUDED",
    "Lexicon",
    "RevisionSummary",
    "interpret",
    "revision_direction_score",
    "revision_score",
    "revision_summary",
    "terms_for",
]

FloatArray = npt.NDArray[np.float64]


# --- lexicons ------------------------------------------------------------------------------


def normalise_phrase(phrase: str) -> str:
    """Case-fold a phrase and collapse its whitespace (what :func:`interpret` compares)."""
    return " ".join(phrase.split()).casefold()


def _frozen_mapping(m: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(m))


@attrs.frozen(eq=False)
class Lexicon:
    r"""A published table of probability words and their ranges.

    Parameters
    ----------
    name : str
        The name :func:`interpret` accepts.
    title : str
        The source's title.
    citation : str
        Author, title, issue and year, for the record.
    version : str
        Which edition of the source the figures come from.
    year : int
        The year of that edition.
    ranges : mapping of str to ProbabilityRange
        Each term, in its canonical spelling, and its range.
    alternates : mapping of str to str
        Other phrasings the source gives for a term (alternate -> canonical term).
    empirical : bool, default False
        True for readings measured in a survey rather than set by an authority.
    notes : str, default ""
        How the table was transcribed: open bounds, approximate ends, margins.

    Examples
    --------
    >>> LEXICONS["icd203"].ranges["unlikely"]
    ProbabilityRange(low=0.2, high=0.45)
    >>> LEXICONS["phia"].gaps[:2]
    ((0.05, 0.1), (0.2, 0.25))
    """

    name: str
    title: str
    citation: str
    version: str
    year: int
    ranges: Mapping[str, ProbabilityRange] = attrs.field(converter=_frozen_mapping)
    alternates: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_mapping)
    empirical: bool = False
    notes: str = ""

    def __attrs_post_init__(self) -> None:
        for alt, term in self.alternates.items():
            if term not in self.ranges:
                raise InvalidOptionError(
                    f"alternate {alt!r} of lexicon {self.name!r} names {term!r}, which is not "
                    "one of its terms"
                )

    @property
    def phrases(self) -> tuple[str, ...]:
        """Every phrase :func:`interpret` accepts for this lexicon: terms, then alternates."""
        return (*self.ranges, *self.alternates)

    @property
    def gaps(self) -> tuple[tuple[float, float], ...]:
        """The parts of [0, 1] that no term covers, as ``(low, high)`` open intervals."""
        spans = sorted((r.low, r.high) for r in self.ranges.values())
        out: list[tuple[float, float]] = []
        reached = 0.0
        for low, high in spans:
            if low > reached:
                out.append((reached, low))
            reached = max(reached, high)
        if reached < 1.0:
            out.append((reached, 1.0))
        return tuple(out)

    def lookup(self, phrase: str) -> tuple[str, ProbabilityRange] | None:
        """The canonical term and range for a phrase, or ``None`` if the lexicon lacks it."""
        key = normalise_phrase(phrase)
        for term, rng in self.ranges.items():
            if normalise_phrase(term) == key:
                return term, rng
        for alt, term in self.alternates.items():
            if normalise_phrase(alt) == key:
                return term, self.ranges[term]
        return None


def _ranges(table: Mapping[str, tuple[float, float]]) -> dict[str, ProbabilityRange]:
    return {term: ProbabilityRange(low, high) for term, (low, high) in table.items()}


#: ICD 203 (2015), D.6.e(2)(a): "almost no chance / remote 01-05%" ... "almost certain(ly) /
#: nearly certain 95-99%". The directive's two rows of synonyms; "(ly)" and the parenthesised
#: adverbs ("improbable (improbably)", "probable (probably)") are alternates.
ICD203 = Lexicon(
    name="icd203",
    title="Intelligence Community Directive 203: Analytic Standards",
    citation="Office of the Director of National Intelligence, ICD 203, D.6.e(2)(a), 2015",
    version="effective 2 January 2015",
    year=2015,
    ranges=_ranges(
        {
            "almost no chance": (0.01, 0.05),
            "very unlikely": (0.05, 0.20),
            "unlikely": (0.20, 0.45),
            "roughly even chance": (0.45, 0.55),
            "likely": (0.55, 0.80),
            "very likely": (0.80, 0.95),
            "almost certain": (0.95, 0.99),
        }
    ),
    alternates={
        "remote": "almost no chance",
        "highly improbable": "very unlikely",
        "improbable": "unlikely",
        "improbably": "unlikely",
        "roughly even odds": "roughly even chance",
        "probable": "likely",
        "probably": "likely",
        "highly probable": "very likely",
        "almost certainly": "almost certain",
        "nearly certain": "almost certain",
    },
    notes=(
        "Adjacent ranges share their ends (20, 45, 55, 80, 95 %), so a boundary value has "
        "two terms. The table runs from 1 % to 99 %: 0-1 % and 99-100 % have no term."
    ),
)

#: PHIA Probability Yardstick (2019 edition): seven ranges with deliberate gaps.
PHIA = Lexicon(
    name="phia",
    title="Professional Head of Intelligence Assessment Probability Yardstick",
    citation=(
        "UK Professional Head of Intelligence Assessment, Probability Yardstick (2019); "
        "Explaining Uncertainty in UK Intelligence Assessment, gov.uk, 24 March 2025"
    ),
    version="2019 edition",
    year=2019,
    ranges=_ranges(
        {
            "remote chance": (0.0, 0.05),
            "highly unlikely": (0.10, 0.20),
            "unlikely": (0.25, 0.35),
            "realistic possibility": (0.40, 0.50),
            "likely": (0.55, 0.75),
            "highly likely": (0.80, 0.90),
            "almost certain": (0.95, 1.0),
        }
    ),
    alternates={"probably": "likely", "likely or probably": "likely"},
    notes=(
        "The gaps (5-10, 20-25, 35-40, 50-55, 75-80, 90-95 %) are deliberate: no term is "
        "meant for them. 'Realistic possibility' is published as 40 % to under 50 %; the "
        "ends of 'remote chance' (about 5 % or less) and 'almost certain' (about 95 % or "
        "more) are read as 0-5 % and 95-100 %."
    ),
)

#: Sherman Kent (1964): centre "give or take about" a margin, read as [centre - m, centre + m].
KENT = Lexicon(
    name="kent",
    title="Words of Estimative Probability",
    citation="Kent, S., Words of Estimative Probability, Studies in Intelligence 8(4), 1964",
    version="Studies in Intelligence, Fall 1964",
    year=1964,
    ranges=_ranges(
        {
            "certain": (1.0, 1.0),
            "almost certain": (0.87, 0.99),  # 93 % give or take about 6 %
            "probable": (0.63, 0.87),  # 75 % give or take about 12 %
            "chances about even": (0.40, 0.60),  # 50 % give or take about 10 %
            "probably not": (0.20, 0.40),  # 30 % give or take about 10 %
            "almost certainly not": (0.02, 0.12),  # 7 % give or take about 5 %
            "impossible": (0.0, 0.0),
        }
    ),
    notes=(
        "Kent gives a centre and an approximate margin ('give or take about'); the ranges "
        "are centre minus and plus the margin. Kent's lists of synonyms are not reproduced."
    ),
)

#: IPCC AR5 uncertainty guidance (Mastrandrea et al. 2010), Table 1 and its footnote.
IPCC = Lexicon(
    name="ipcc",
    title=(
        "Guidance Note for Lead Authors of the IPCC Fifth Assessment Report on Consistent "
        "Treatment of Uncertainties"
    ),
    citation="Mastrandrea, M. D. et al., IPCC AR5 uncertainty guidance note, Table 1, 2010",
    version="AR5 guidance note (July 2010)",
    year=2010,
    ranges=_ranges(
        {
            "virtually certain": (0.99, 1.0),
            "extremely likely": (0.95, 1.0),
            "very likely": (0.90, 1.0),
            "likely": (0.66, 1.0),
            "more likely than not": (0.50, 1.0),
            "about as likely as not": (0.33, 0.66),
            "unlikely": (0.0, 0.33),
            "very unlikely": (0.0, 0.10),
            "extremely unlikely": (0.0, 0.05),
            "exceptionally unlikely": (0.0, 0.01),
        }
    ),
    notes=(
        "The terms are one-sided and nested ('likely' is 66-100 %, so it includes 'very "
        "likely'). 'Extremely likely', 'more likely than not' and 'extremely unlikely' are "
        "the footnote's additional terms; 'more likely than not' is '>50-100 %', whose open "
        "lower end a closed range can only approach: it is stored as 50-100 %."
    ),
)

#: The lexicons :func:`interpret` knows, by name.
LEXICONS: dict[str, Lexicon] = {lex.name: lex for lex in (ICD203, PHIA, KENT, IPCC)}


#: Lexicons users ask for by name that are deliberately absent, and why.
NOT_INCLUDED: dict[str, str] = {
    "nato": (
        "NATO's probability scale (AJP-2.1) is not included: its exact figures could not be "
        "checked against the published doctrine, and this library does not guess them"
    ),
    "mauboussin": (
        "the Mauboussin and Mauboussin (2018, Harvard Business Review) survey readings are "
        "not included: the article publishes them only as a chart, and a median computed "
        "here from the raw responses would not be a published figure"
    ),
    "fagen-ulmschneider": (
        "Fagen-Ulmschneider's 'Perception of Probability Words' survey is not included: it "
        "publishes raw responses and a box plot, not citable medians or ranges"
    ),
}


def get_lexicon(lexicon: str | Lexicon) -> Lexicon:
    """Return a :class:`Lexicon` by name (or itself), raising ``InvalidOptionError``.

    A name in :data:`NOT_INCLUDED` (``"nato"``, ``"mauboussin"``, ``"fagen-ulmschneider"``)
    raises an error that says why that lexicon is absent.
    """
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, str) and lexicon in LEXICONS:
        return LEXICONS[lexicon]
    known = ", ".join(repr(k) for k in LEXICONS)
    if isinstance(lexicon, str) and normalise_phrase(lexicon) in NOT_INCLUDED:
        raise InvalidOptionError(
            f"lexicon {lexicon!r}: {NOT_INCLUDED[normalise_phrase(lexicon)]}; "
            f"the lexicons included are {known}, or pass a Lexicon of your own"
        )
    raise InvalidOptionError(f"lexicon must be one of {known} or a Lexicon (got {lexicon!r})")


def interpret(phrase: str, *, lexicon: str | Lexicon = "icd203") -> ProbabilityRange:
    r"""Read a probability word as the range its lexicon publishes for it.

    The phrase is compared case-insensitively, with runs of whitespace treated as one space
    and leading or trailing whitespace ignored. Only the lexicon's own terms and alternates
    are read: a negation ("not unlikely"), a hedge ("quite likely") or a term of another
    lexicon is an error that lists the terms this one knows, never a silent guess.

    .. math::

        \text{interpret}(w) = [\ell_w, h_w] \quad\text{as published for } w

    A range is not a probability and its midpoint is not a proper forecast: score a
    :class:`~forecastscore.Prediction` holding the range to get the best and worst score
    over it.

    Parameters
    ----------
    phrase : str
        The word or phrase, e.g. ``"unlikely"``.
    lexicon : {'icd203', 'phia', 'kent', 'ipcc'} or Lexicon, default 'icd203'
        Which published table to read it with (see the module's docstring).

    Returns
    -------
    ProbabilityRange
        The published range ``[low, high]``.

    Raises
    ------
    UnknownTermError
        The phrase is not a term or alternate of the lexicon (the message lists them). A
        subclass of ``InvalidForecastError`` and ``ValueError``.
    ForecastTypeError
        ``phrase`` is not a string.
    InvalidOptionError
        An unknown lexicon name.

    References
    ----------
    .. [1] Office of the Director of National Intelligence (2015). ICD 203, D.6.e(2)(a).

    Examples
    --------
    >>> interpret("Unlikely")
    ProbabilityRange(low=0.2, high=0.45)
    >>> interpret("  roughly   even odds ")
    ProbabilityRange(low=0.45, high=0.55)
    >>> interpret("unlikely", lexicon="ipcc")
    ProbabilityRange(low=0.0, high=0.33)
    """
    lex = get_lexicon(lexicon)
    if not isinstance(phrase, str):
        raise ForecastTypeError(f"phrase must be a string (got {phrase!r})")
    found = lex.lookup(phrase)
    if found is None:
        known = ", ".join(repr(p) for p in lex.phrases)
        raise UnknownTermError(
            f"phrase {phrase!r} is not a term of lexicon {lex.name!r} ({lex.citation}); "
            f"its terms are: {known}"
        )
    return found[1]


def terms_for(probability: float, *, lexicon: str | Lexicon = "icd203") -> tuple[str, ...]:
    r"""The lexicon's terms whose published range contains a probability.

    The reverse of :func:`interpret`. A probability on a shared boundary has two terms; one
    in a gap of the lexicon (the UK yardstick leaves gaps on purpose) has none, and an empty
    tuple says so honestly.

    Parameters
    ----------
    probability : float
        A probability in [0, 1].
    lexicon : {'icd203', 'phia', 'kent', 'ipcc'} or Lexicon, default 'icd203'
        Which published table to read.

    Returns
    -------
    tuple of str
        Canonical terms, in the lexicon's order; empty inside a gap.

    Raises
    ------
    InvalidForecastError, ForecastTypeError
        Not a probability in [0, 1].

    Examples
    --------
    >>> terms_for(0.3)
    ('unlikely',)
    >>> terms_for(0.45)
    ('unlikely', 'roughly even chance')
    >>> terms_for(0.22, lexicon="phia")
    ()
    """
    lex = get_lexicon(lexicon)
    if isinstance(probability, bool) or not isinstance(probability, numbers.Real):
        raise ForecastTypeError(f"probability must be a real number (got {probability!r})")
    p = float(probability)
    if math.isnan(p) or not 0.0 <= p <= 1.0:
        raise InvalidForecastError(f"probability must be in [0, 1] (got {probability!r})")
    return tuple(term for term, rng in lex.ranges.items() if rng.contains(p))


# --- revisions -----------------------------------------------------------------------------


def _loss_function(
    rule: str | Callable[..., Any] | Rule, base: float | None
) -> Callable[[Any, Any], Any]:
    """The binary loss ``loss(forecast, outcome)`` for a rule name, Rule or function."""
    if isinstance(rule, str) and rule == "log":
        return functools.partial(rules.log_score, base=base)
    if base is not None:
        raise InvalidOptionError(f"base applies only to rule='log' (got rule={rule!r})")
    return get_rule(rule).binary


def _change(after: FloatArray, before: FloatArray) -> FloatArray:
    """``after - before``, with two equal infinite losses counted as no change."""
    with np.errstate(invalid="ignore"):
        d = np.subtract(after, before, dtype=np.float64)
    same_inf = np.isinf(after) & (after == before)
    if np.any(same_inf):
        d = np.where(same_inf, 0.0, d)
    return d


def revision_score(
    before: Any,
    after: Any,
    outcome: Any,
    *,
    rule: str | Callable[..., Any] | Rule = "log",
    base: float | None = None,
) -> Any:
    r"""Change in loss from an earlier to a later forecast (positive: moved away from the truth).

    .. math::

        R(p_0, p_1, y) = S(p_1, y) - S(p_0, y)

    where :math:`S` is the rule's loss. A positive value means the revision moved away from
    what happened; a negative value, toward it. For the log score it is the information about
    the outcome that the revision lost (positive) or gained (negative), in nats, or in bits
    with ``base=2``: :math:`\log_b\bigl(p_0(y) / p_1(y)\bigr)`. Revision scores telescope: over
    a chain :math:`p_0, \dots, p_n` they sum to :math:`S(p_n, y) - S(p_0, y)`. When both
    forecasts gave probability 0 to what happened (two infinite log losses) the change is 0.

    A range (:class:`~forecastscore.ProbabilityRange`) for either forecast gives a
    :class:`~forecastscore.ScoreRange` for one claim: the best change pairs the best ``after``
    with the worst ``before``, and the worst change the reverse.

    Parameters
    ----------
    before, after : array_like of float, shape (...), or ProbabilityRange
        The earlier and the later probability of the event.
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened; broadcasts with the forecasts.
    rule : {'log', 'brier', 'spherical'} or callable, default 'log'
        The binary loss (see :func:`forecastscore.score`).
    base : float, optional
        Base of the logarithm for ``rule='log'``: ``None`` nats, ``2`` bits.

    Returns
    -------
    numpy.float64, numpy.ndarray of float64, or ScoreRange
        The elementwise change in loss.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As the rule's array function raises them, naming ``forecast`` and ``outcome``.
    InvalidOptionError
        ``base`` with a rule other than ``'log'``, or an unknown rule.

    References
    ----------
    .. [1] Good, I. J. (1952). Rational decisions. Journal of the Royal Statistical Society
       B, 14(1), 107-114.

    Examples
    --------
    The founding example: before the Kazakhstan crisis an assumed 0.5, after it the implied
    0.3; Russia invaded. In bits the revision lost :math:`\log_2(0.5/0.3)`:

    >>> float(revision_score(0.5, 0.3, True, base=2))
    0.7369...
    >>> revision_score([0.5, 0.2], [0.3, 0.6], [1, 1])   # away from, then toward the truth
    array([ 0.51082562, -1.09861229])
    """
    loss = _loss_function(rule, base)
    if isinstance(before, ProbabilityRange) or isinstance(after, ProbabilityRange):
        return _range_revision(before, after, outcome, loss)
    for name, value in (("before", before), ("after", after)):
        _checks.check_probabilities(_checks.as_float_array(value, name), name, "raise")
    lb = np.asarray(loss(before, outcome), dtype=np.float64)
    la = np.asarray(loss(after, outcome), dtype=np.float64)
    _checks.broadcast_shape(lb.shape, la.shape, ("before", "after"))
    d = _change(la, lb)
    return np.float64(d) if d.ndim == 0 else d


def _range_revision(
    before: Any, after: Any, outcome: Any, loss: Callable[[Any, Any], Any]
) -> ScoreRange:
    def ends(p: Any, name: str) -> tuple[float, float]:
        if isinstance(p, ProbabilityRange):
            a, b = float(loss(p.low, outcome)), float(loss(p.high, outcome))
        else:
            if np.ndim(p) != 0:
                raise ShapeError(
                    f"{name} must be a single probability when the other forecast is a "
                    f"ProbabilityRange (got shape {np.shape(p)})"
                )
            a = b = float(loss(p, outcome))
        return min(a, b), max(a, b)

    if np.ndim(outcome) != 0:
        raise ShapeError(
            f"outcome must be a single outcome for a ProbabilityRange revision "
            f"(got shape {np.shape(outcome)})"
        )
    b_best, b_worst = ends(before, "before")
    a_best, a_worst = ends(after, "after")
    best = float(_change(np.float64(a_best), np.float64(b_worst)))
    worst = float(_change(np.float64(a_worst), np.float64(b_best)))
    return ScoreRange(best=min(best, worst), worst=max(best, worst))


_DIRECTIONS = {
    "less likely": -1,
    "down": -1,
    "lower": -1,
    "more likely": 1,
    "up": 1,
    "higher": 1,
    "unchanged": 0,
    "as likely": 0,
    "no change": 0,
}


def _as_direction(direction: Any) -> npt.NDArray[np.int8]:
    arr = np.asarray(direction)
    if arr.dtype.kind in "US" or arr.dtype.kind == "O":
        flat = arr.reshape(-1)
        # One lookup per distinct value, not per claim (object arrays may mix types, which
        # np.unique cannot sort: fall back to the values' reprs as keys then).
        try:
            uniq, inv = np.unique(flat, return_inverse=True)
        except TypeError:
            uniq, inv = np.unique(np.array([repr(v) for v in flat]), return_inverse=True)
            uniq = flat[np.unique(inv, return_index=True)[1]]
        codes = np.empty(uniq.shape, dtype=np.int8)
        for j, v in enumerate(uniq):  # distinct values only
            v = v.item() if isinstance(v, np.generic) else v
            key = normalise_phrase(v) if isinstance(v, str) else None
            if key is None or key not in _DIRECTIONS:
                i = int(np.flatnonzero(inv.reshape(-1) == j)[0])
                known = ", ".join(repr(k) for k in _DIRECTIONS)
                raise InvalidForecastError(
                    f"direction{_checks.position(arr.shape, i)} = {v!r} is not a direction; "
                    f"use -1, 0, 1 or one of {known}"
                )
            codes[j] = _DIRECTIONS[key]
        return codes[inv.reshape(-1)].reshape(arr.shape)
    if arr.dtype.kind == "b":
        raise ForecastTypeError("direction must be -1, 0 or 1 (or a phrase), not booleans")
    if arr.dtype.kind not in "iuf":
        raise ForecastTypeError(f"direction must be -1, 0 or 1, got dtype {arr.dtype.name!r}")
    bad = ~np.isin(arr, (-1, 0, 1))
    if bad.any():
        i = int(np.flatnonzero(bad.reshape(-1))[0])
        raise InvalidForecastError(
            f"direction{_checks.position(arr.shape, i)} = {arr.reshape(-1)[i].item()!r} is "
            "not -1 (less likely), 0 (unchanged) or 1 (more likely)"
        )
    return arr.astype(np.int8)


def revision_direction_score(direction: Any, outcome: Any) -> Any:
    r"""Score a comparative claim by its sign alone (+1: moved away from what happened).

    A claim such as "now less likely to happen" says only which way a forecast moved. For
    every strictly proper binary score the loss falls as the probability of what happened
    rises, so the sign of :func:`revision_score` is known without the two probabilities:

    .. math::

        D(d, y) = -d\,(2y - 1) \in \{-1, 0, 1\}

    with :math:`d = -1` for "less likely", :math:`+1` for "more likely" and :math:`0` for
    unchanged. +1 means the claim moved away from what happened, -1 toward it. It says
    nothing about how much.

    Parameters
    ----------
    direction : array_like of {-1, 0, 1} or str, shape (...)
        The direction of the revision; strings ``'less likely'``/``'down'``/``'lower'``,
        ``'more likely'``/``'up'``/``'higher'`` and ``'unchanged'``/``'as likely'``/``'no
        change'`` are read case-insensitively.
    outcome : array_like of bool or {0, 1}, shape (...)
        What happened.

    Returns
    -------
    numpy.int8 or numpy.ndarray of int8
        +1 (away from the truth), -1 (toward it) or 0.

    Raises
    ------
    InvalidForecastError
        A direction that is not -1, 0, 1 or a known phrase (with its index).
    InvalidOutcomeError, ForecastTypeError, ShapeError
        Bad outcomes, booleans as directions, shapes that do not broadcast.

    Examples
    --------
    >>> int(revision_direction_score("less likely", True))   # the founding example
    1
    >>> revision_direction_score([-1, 1, 0], [0, 0, 1])
    array([-1,  1,  0], dtype=int8)
    """
    d = _as_direction(direction)
    y = _checks.as_binary_outcome(outcome, "outcome", "raise")
    _checks.broadcast_shape(d.shape, y.shape, ("direction", "outcome"))
    s = (-d * (2 * y.astype(np.int8) - 1)).astype(np.int8)
    return s[()] if s.ndim == 0 else s


def _codes(labels: npt.NDArray[Any], name: str) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
    """Sorted distinct labels and each row's code; mixed unsortable labels are an error."""
    try:
        uniq, inv = np.unique(labels, return_inverse=True)
    except TypeError:
        raise ForecastTypeError(
            f"{name} labels must be of one sortable type (e.g. all strings)"
        ) from None
    return uniq, inv.reshape(-1).astype(np.intp)


def _check_one_outcome_per_question(q_idx: npt.NDArray[np.intp], outcome: Any) -> None:
    """Refuse two rows of one question with different outcomes (a question resolves once)."""
    y = _checks.as_binary_outcome(outcome, "outcome", "raise").astype(np.int8)
    if q_idx.size < 2:
        return
    order = np.argsort(q_idx, kind="stable")
    qs, ys = q_idx[order], y[order]
    clash = (qs[1:] == qs[:-1]) & (ys[1:] != ys[:-1])
    if clash.any():
        j = int(np.flatnonzero(clash)[0])
        a, b = int(order[j]), int(order[j + 1])
        raise InvalidOutcomeError(
            f"outcome[{a}] = {int(y[a])} and outcome[{b}] = {int(y[b])} differ, but rows {a} "
            f"and {b} are about the same question; a question has one outcome"
        )


@attrs.frozen(eq=False)
class RevisionSummary:
    """How each forecaster's revisions moved relative to what happened.

    One entry per forecaster, in sorted order of their names. A revision is a forecast that
    follows the same forecaster's earlier forecast on the same question; ``mean_change`` and
    ``total_change`` are in the rule's units (nats for the default log rule, bits with
    ``base=2``) and, being differences of losses, positive when the revisions moved away from
    the truth: lower is better.

    Attributes
    ----------
    forecaster : numpy.ndarray
        The forecasters, sorted.
    revisions : numpy.ndarray of int64
        How many revisions each made.
    toward, away, unchanged : numpy.ndarray of int64
        How many lowered the loss, raised it, or left it as it was.
    fraction_toward : numpy.ndarray of float64
        ``toward / revisions`` (NaN only for a forecaster with no revision).
    mean_change, total_change : numpy.ndarray of float64
        The mean and the sum of :func:`revision_score` over the revisions. The sum is taken
        as it telescopes, last minus first loss per question, so a chain that passes
        through probability 0 on what happened and back (log loss ``+inf`` then ``-inf``)
        still has a defined total.

    Examples
    --------
    Ann moves from 0.5 to 0.8 on a question that resolves yes; Bob from 0.5 to 0.7 on one
    that resolves no. With the Brier score:

    >>> from forecastscore.verbal import revision_summary
    >>> s = revision_summary(["ann", "ann", "bob", "bob"], ["q1", "q1", "q2", "q2"],
    ...                      [1, 2, 1, 2], [0.5, 0.8, 0.5, 0.7], [1, 1, 0, 0], rule="brier")
    >>> s.forecaster.tolist(), s.toward.tolist(), s.away.tolist()
    (['ann', 'bob'], [1, 0], [0, 1])
    >>> s.mean_change       # ann: 0.2**2 - 0.5**2 = -0.21; bob: 0.7**2 - 0.5**2 = 0.24
    array([-0.21,  0.24])
    >>> s.fraction_toward
    array([1., 0.])
    """

    forecaster: npt.NDArray[Any]
    revisions: npt.NDArray[np.int64]
    toward: npt.NDArray[np.int64]
    away: npt.NDArray[np.int64]
    unchanged: npt.NDArray[np.int64]
    fraction_toward: FloatArray
    mean_change: FloatArray
    total_change: FloatArray


def revision_summary(
    forecaster: Any,
    question: Any,
    made_at: Any,
    forecast: Any,
    outcome: Any,
    *,
    rule: str | Callable[..., Any] | Rule = "log",
    base: float | None = None,
) -> RevisionSummary:
    r"""Per forecaster: how often and how much their updates moved toward what happened.

    Rows are forecasts (one per row, any order). Within each (forecaster, question) the rows
    are put in time order and each forecast after the first is a revision, scored with
    :func:`revision_score` against the outcome of its question:

    .. math::

        R_j = S(p_j, y) - S(p_{j-1}, y)

    A forecaster's ``total_change`` telescopes to the sum over their questions of last minus
    first loss. Forecasts made at the same instant keep their row order. The work is sorts and
    ``bincount``: no Python loop per forecast.

    Parameters
    ----------
    forecaster, question : array_like, shape (n,)
        Who made each forecast, and on which question (any comparable values).
    made_at : array_like of numpy.datetime64 or numbers, shape (n,)
        When each forecast was made.
    forecast : array_like of float, shape (n,)
        The probability of the event.
    outcome : array_like of bool or {0, 1}, shape (n,)
        What happened on that row's question (the same for all rows of a question).
    rule : {'log', 'brier', 'spherical'} or callable, default 'log'
        The binary loss.
    base : float, optional
        For ``rule='log'``: ``None`` nats, ``2`` bits.

    Returns
    -------
    RevisionSummary

    Raises
    ------
    ShapeError
        Columns of different lengths, or not one-dimensional.
    InvalidOutcomeError
        Two rows of one question with different outcomes, or as :func:`revision_score`.
    InvalidForecastError, ForecastTypeError, InvalidOptionError
        As :func:`revision_score` raises them; also ``made_at`` that is not datetime64 or
        numeric, or missing (NaT, NaN), and labels of mixed unsortable types.

    Examples
    --------
    >>> s = revision_summary(["a", "a", "a", "b"], ["q", "q", "q", "q"], [1, 2, 3, 1],
    ...                      [0.5, 0.3, 0.6, 0.5], [1, 1, 1, 1])
    >>> s.forecaster.tolist(), s.revisions.tolist(), s.toward.tolist(), s.away.tolist()
    (['a', 'b'], [2, 0], [1, 0], [1, 0])
    >>> float(s.total_change[0])      # -ln 0.6 - (-ln 0.5): last minus first
    -0.1823...
    """
    cols = {
        "forecaster": np.asarray(forecaster),
        "question": np.asarray(question),
        "made_at": np.asarray(made_at),
    }
    p = _checks.as_float_array(forecast, "forecast")
    y = np.asarray(outcome)
    n = p.shape[0] if p.ndim == 1 else -1
    for name, col in (*cols.items(), ("forecast", p), ("outcome", y)):
        if col.ndim != 1 or col.shape[0] != n:
            raise ShapeError(
                f"{name} must be one-dimensional with the same length as forecast "
                f"(got shape {col.shape}, forecast shape {p.shape})"
            )
    t = cols["made_at"]
    if t.dtype.kind not in "iufM":
        raise ForecastTypeError(
            f"made_at must hold numpy.datetime64 values or numbers (got dtype {t.dtype.name!r}"
            + (f", e.g. {t.reshape(-1)[0]!r}" if t.size else "")
            + ")"
        )
    missing_t = np.isnat(t) if t.dtype.kind == "M" else np.isnan(t) if t.dtype.kind == "f" else None
    if missing_t is not None and missing_t.any():
        i = int(np.flatnonzero(missing_t)[0])
        raise InvalidForecastError(f"made_at[{i}] = {t[i]!r} is missing: a revision needs a time")
    loss = np.asarray(_loss_function(rule, base)(p, y), dtype=np.float64)
    names, f_idx = _codes(cols["forecaster"], "forecaster")
    _, q_idx = _codes(cols["question"], "question")
    _check_one_outcome_per_question(q_idx, y)
    order = np.lexsort((np.arange(n), t, q_idx, f_idx))
    f_sorted, q_sorted, l_sorted = f_idx[order], q_idx[order], loss[order]
    same = (f_sorted[1:] == f_sorted[:-1]) & (q_sorted[1:] == q_sorted[:-1])
    change = _change(l_sorted[1:], l_sorted[:-1])[same]
    who = f_sorted[1:][same]
    k = names.shape[0]
    revisions = np.bincount(who, minlength=k).astype(np.int64)
    toward = np.bincount(who[change < 0], minlength=k).astype(np.int64)
    away = np.bincount(who[change > 0], minlength=k).astype(np.int64)
    # The sum of a chain's revisions telescopes to last minus first loss. Taking it that way
    # keeps it defined when a chain passes through probability 0 on what happened and back
    # (+inf then -inf: the plain sum would be NaN).
    last = np.concatenate((~same, [True])) if n else np.zeros(0, dtype=bool)
    first = np.concatenate(([True], ~same)) if n else np.zeros(0, dtype=bool)
    chain_change = _change(l_sorted[last], l_sorted[first])
    total = np.bincount(f_sorted[last], weights=chain_change, minlength=k).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        fraction = np.where(revisions > 0, toward / np.maximum(revisions, 1), np.nan)
        mean = np.where(revisions > 0, total / np.maximum(revisions, 1), np.nan)
    return RevisionSummary(
        forecaster=names,
        revisions=revisions,
        toward=toward,
        away=away,
        unchanged=revisions - toward - away,
        fraction_toward=fraction,
        mean_change=mean,
        total_change=total,
    )
