"""Published lexicons of estimative words, and reading a phrase as a probability range.

What lives here: :class:`Lexicon`, the lexicons themselves (:data:`LEXICONS`), the lexicons
left out and why (:data:`NOT_INCLUDED`), :func:`interpret` and :func:`terms_for`. What does
not: scoring revisions (``_revisions``). The sources are cited in the package docstring
(:mod:`forecastscore.verbal`).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .. import _checks
from ..errors import (
    ForecastScoreError,
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    UnknownTermError,
)
from ..model import ProbabilityRange

FloatArray = npt.NDArray[np.float64]


# --- lexicons ------------------------------------------------------------------------------


def normalise_phrase(phrase: str) -> str:
    """Case-fold a phrase and collapse its whitespace (what :func:`interpret` compares)."""
    return " ".join(phrase.split()).casefold()


def _mapping_items(m: Any, name: str, what: str) -> list[tuple[Any, Any]]:
    """The items of a mapping argument, refusing anything else (``None``, a list, a str)."""
    if not isinstance(m, Mapping):
        raise ForecastTypeError(f"{name} must be a mapping of {what} (got {m!r})")
    return list(m.items())


def _check_phrase(key: Any, name: str) -> str:
    """A term or alternate: a string with something in it besides whitespace."""
    if not isinstance(key, str):
        raise ForecastTypeError(f"{name} must have string keys (got the key {key!r})")
    if not normalise_phrase(key):
        raise InvalidOptionError(f"{name} has an empty phrase as a key ({key!r})")
    return key


def _as_ranges(ranges: Any) -> Mapping[str, ProbabilityRange]:
    """Each term's range as a :class:`ProbabilityRange`, from one or from a ``(low, high)``
    pair; a bad term or range is refused, naming the term and the value."""
    out: dict[str, ProbabilityRange] = {}
    seen: dict[str, str] = {}
    for term, rng in _mapping_items(ranges, "ranges", "term to ProbabilityRange or (low, high)"):
        _check_phrase(term, "ranges")
        if not isinstance(rng, ProbabilityRange):
            if isinstance(rng, (str, bytes)) or not isinstance(rng, (tuple, list)) or len(rng) != 2:
                raise ForecastTypeError(
                    f"ranges[{term!r}] must be a ProbabilityRange or a (low, high) pair "
                    f"(got {rng!r})"
                )
            try:
                rng = ProbabilityRange(*rng)
            except ForecastScoreError as e:
                raise type(e)(f"ranges[{term!r}] = {rng!r}: {e}") from None
        key = normalise_phrase(term)
        if key in seen:
            raise InvalidOptionError(
                f"ranges has the terms {seen[key]!r} and {term!r}, which read as the same "
                "phrase (case and whitespace are ignored)"
            )
        seen[key] = term
        out[term] = rng
    return MappingProxyType(out)


def _as_alternates(alternates: Any) -> Mapping[str, str]:
    out: dict[str, str] = {}
    for alt, term in _mapping_items(alternates, "alternates", "alternate to term"):
        _check_phrase(alt, "alternates")
        if not isinstance(term, str):
            raise ForecastTypeError(
                f"alternates[{alt!r}] must be a term (a string) of the lexicon (got {term!r})"
            )
        out[alt] = term
    return MappingProxyType(out)


def _check_str(inst: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise ForecastTypeError(f"{attribute.name} must be a string (got {value!r})")


def _check_year(inst: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ForecastTypeError(f"year must be an integer (got {value!r})")


def _check_bool(inst: Any, attribute: Any, value: Any) -> None:
    _checks.check_flag(value, attribute.name)


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
    ranges : mapping of str to ProbabilityRange or (low, high)
        Each term, in its canonical spelling, and its range; a ``(low, high)`` pair is read
        as ``ProbabilityRange(low, high)``.
    alternates : mapping of str to str
        Other phrasings the source gives for a term (alternate -> canonical term).
    empirical : bool, default False
        True for readings measured in a survey rather than set by an authority.
    notes : str, default ""
        How the table was transcribed: open bounds, approximate ends, margins.

    Raises
    ------
    InvalidForecastError
        A range that is not within [0, 1] (NaN included) or whose ``low`` exceeds its
        ``high``; the message names the term and the range.
    ForecastTypeError
        ``ranges`` or ``alternates`` not a mapping, a term that is not a string, a range that
        is neither a ``ProbabilityRange`` nor a pair of real numbers, or a ``name``,
        ``title``, ``citation``, ``version``, ``notes``, ``year`` of the wrong type.
    InvalidOptionError
        An empty phrase, two terms or alternates that read as the same phrase (case and
        whitespace are ignored) but have different ranges, an alternate naming no term, or
        ``empirical`` that is not True or False.

    Examples
    --------
    >>> LEXICONS["icd203"].ranges["unlikely"]
    ProbabilityRange(low=0.2, high=0.45)
    >>> LEXICONS["phia"].gaps[:2]
    ((0.05, 0.1), (0.2, 0.25))
    """

    name: str = attrs.field(validator=_check_str)
    title: str = attrs.field(validator=_check_str)
    citation: str = attrs.field(validator=_check_str)
    version: str = attrs.field(validator=_check_str)
    year: int = attrs.field(validator=_check_year)
    ranges: Mapping[str, ProbabilityRange] = attrs.field(converter=_as_ranges)
    alternates: Mapping[str, str] = attrs.field(factory=dict, converter=_as_alternates)
    empirical: bool = attrs.field(default=False, validator=_check_bool)
    notes: str = attrs.field(default="", validator=_check_str)

    def __attrs_post_init__(self) -> None:
        terms = {normalise_phrase(t): t for t in self.ranges}
        alts: dict[str, str] = {}
        for alt, term in self.alternates.items():
            if term not in self.ranges:
                raise InvalidOptionError(
                    f"alternate {alt!r} of lexicon {self.name!r} names {term!r}, which is not "
                    "one of its terms"
                )
            clash = terms.get(normalise_phrase(alt))
            if clash is not None and clash != term:
                raise InvalidOptionError(
                    f"alternate {alt!r} of lexicon {self.name!r} reads as its term {clash!r} "
                    f"but names {term!r}: a phrase must have one range"
                )
            other = alts.setdefault(normalise_phrase(alt), alt)
            if self.alternates[other] != term:
                raise InvalidOptionError(
                    f"alternates {other!r} and {alt!r} of lexicon {self.name!r} read as the "
                    f"same phrase but name {self.alternates[other]!r} and {term!r}: a phrase "
                    "must have one range"
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
