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

from ._lexicons import LEXICONS, NOT_INCLUDED, Lexicon, interpret, terms_for
from ._lexicons import normalise_phrase as normalise_phrase  # how a phrase is matched
from ._revisions import (
    RevisionSummary,
    revision_direction_score,
    revision_score,
    revision_summary,
)

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
