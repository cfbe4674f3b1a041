r"""Calibration: reliability tables, score decompositions and skill scores.

What lives here: :func:`reliability_table` (per-bin counts, mean forecasts, observed
frequencies with confidence intervals and consistency bands), :func:`expected_calibration_error`,
the Murphy decomposition of the Brier score with the two extra within-bin terms that keep it
exact when bins pool different forecasts (:func:`murphy_decomposition`,
:func:`categorical_murphy_decomposition`), the CORP decomposition built on isotonic
recalibration (:func:`corp_decomposition`), and skill scores against a reference
(:func:`skill_score`, :func:`brier_skill_score`), and Murphy diagrams: mean elementary
scores over all thresholds (:func:`elementary_scores`) and the dominance check between two
forecasters (:func:`murphy_dominance`), discrimination (:func:`roc_curve`, and AUC with an
interval, the discrimination slope and sharpness in :func:`discrimination`), and
calibration tests with p-values
(:func:`spiegelhalter_test`, :func:`hosmer_lemeshow_test`, and :func:`corp_test` on the CORP
miscalibration), the simultaneous consistency band around the CORP reliability curve
(:func:`calibration_band`), and each of these straight from a table of scores, one result per
forecaster (:func:`by_forecaster`).

What does not: the scores themselves (``forecastscore.rules``), comparisons between
forecasters (``forecastscore.compare``) and figures (``forecastscore.plot``, which draws what
this module computes).

Binning, everywhere in this module, is chosen by ``bins``, and there is one way to say each
binning:

- an integer ``m``: ``m`` equal-width bins with edges ``0, 1/m, ..., 1`` (computed as
  ``i / m``, so that an edge typed as ``0.3`` is exactly ``0.3``);
- an increasing array of edges that covers every forecast;
- ``"quantile"``: ``n_bins`` bins (default 10) holding about equally many forecasts (edges
  are quantiles of the forecasts; tied quantiles merge, so there may be fewer bins);
- ``"unique"``: one bin per distinct forecast value (Murphy's original partition);
- ``"isotonic"``: the blocks of the isotonic (PAV) recalibration, the CORP choice of
  Dimitriadis, Gneiting and Jordan (2021).

``n_bins`` goes with ``bins="quantile"`` only: with any other ``bins`` it is refused (an
integer ``bins`` is itself the number of bins, and the other binnings choose their own), so
``reliability_table(p, y, n_bins=5)`` is an error rather than ten bins. No binning may ask for
more than 1,000,000 bins: an integer ``bins`` or ``n_bins`` above that, or an array of more
than 1,000,001 edges, is refused with :class:`~forecastscore.InvalidOptionError` (every bin
costs a row in each per-bin array, empty or not, and bins narrower than ``1e-6`` hold nothing
a reliability table can show).

Bins are closed on the left and open on the right, ``[e_i, e_{i+1})``, except the last, which
is closed (as in :func:`numpy.histogram`).

Every result class has ``to_records()`` (plain Python values, NaN as ``None``) and
``to_pandas()`` (pandas is imported only then), and a one-line ``repr``.

References
----------
.. [1] Murphy, A. H. (1973). A new vector partition of the probability score. Journal of
   Applied Meteorology, 12(4), 595-600.
.. [2] Stephenson, D. B., Coelho, C. A. S. and Jolliffe, I. T. (2008). Two extra components in
   the Brier score decomposition. Weather and Forecasting, 23(4), 752-757.
.. [3] Dimitriadis, T., Gneiting, T. and Jordan, A. I. (2021). Stable reliability diagrams for
   probabilistic classifiers. PNAS, 118(8), e2016191118.
.. [4] Brown, L. D., Cai, T. T. and DasGupta, A. (2001). Interval estimation for a binomial
   proportion. Statistical Science, 16(2), 101-133.
.. [5] Bröcker, J. and Smith, L. A. (2007). Increasing the reliability of reliability
   diagrams. Weather and Forecasting, 22(3), 651-661.
"""

from ._bands import CalibrationBand, calibration_band
from ._corp_test import corp_test
from ._decompositions import (
    CorpDecomposition,
    MurphyDecomposition,
    categorical_murphy_decomposition,
    corp_decomposition,
    murphy_decomposition,
)
from ._discrimination import Discrimination, RocCurve, discrimination, roc_curve
from ._from_table import ForecasterResults, by_forecaster
from ._murphy import ElementaryScores, MurphyDominance, elementary_scores, murphy_dominance
from ._reliability import ReliabilityTable, expected_calibration_error, reliability_table
from ._skill import SkillScore, brier_skill_score, skill_score
from ._tests import CalibrationTest, hosmer_lemeshow_test, spiegelhalter_test

__all__ = [
    "CalibrationBand",
    "CalibrationTest",
    "CorpDecomposition",
    "Discrimination",
    "ElementaryScores",
    "ForecasterResults",
    "MurphyDecomposition",
    "MurphyDominance",
    "ReliabilityTable",
    "RocCurve",
    "SkillScore",
    "brier_skill_score",
    "by_forecaster",
    "calibration_band",
    "categorical_murphy_decomposition",
    "corp_decomposition",
    "corp_test",
    "discrimination",
    "elementary_scores",
    "expected_calibration_error",
    "hosmer_lemeshow_test",
    "murphy_decomposition",
    "murphy_dominance",
    "reliability_table",
    "roc_curve",
    "skill_score",
    "spiegelhalter_test",
]
