r"""Proper scoring rules on arrays.

What lives here: the public score functions that take array-likes of forecasts and outcomes,
validate them (``_checks``) and compute elementwise losses (``_kernels``). Every score is a
**loss**: lower is better. Results broadcast like numpy: the result has the broadcast shape of
the forecast (without its category axis) and the outcome; averaging is the caller's
``.mean()``. What does not live here: anything about dates, questions or forecasters (see
``forecastscore.model`` and ``forecastscore.scoring``).

Binary scores take ``forecast`` = P(yes) in [0, 1] and ``outcome`` as bool or 0/1.
Categorical scores take the probabilities on ``axis`` (default the last) and the outcome as
the index of the category that happened.

References
----------
.. [1] Brier, G. W. (1950). Verification of forecasts expressed in terms of probability.
   Monthly Weather Review, 78(1), 1-3.
.. [2] Good, I. J. (1952). Rational decisions. Journal of the Royal Statistical Society B,
   14(1), 107-114.
.. [3] Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction, and
   estimation. Journal of the American Statistical Association, 102(477), 359-378.
"""

from .._checks import SUM_ATOL
from ._binary import (
    brier_score,
    categorical_brier_score,
    categorical_log_score,
    categorical_spherical_score,
    log_score,
    spherical_score,
)
from ._densities import log_score_ensemble
from ._distributions import CRPS_ATOL as CRPS_ATOL  # the quadrature tolerances
from ._distributions import CRPS_RTOL as CRPS_RTOL
from ._distributions import crps
from ._inputs import Scores as Scores  # the type every score returns
from ._inputs import _binary_inputs as _binary_inputs  # shared with calibration
from ._inputs import _categorical_inputs as _categorical_inputs
from ._intervals import (
    SYMMETRY_ATOL,
    crps_quantile,
    interval_coverage,
    weighted_interval_score,
    weighted_interval_score_parts,
)
from ._intervals import WISParts as WISParts  # what weighted_interval_score_parts returns
from ._ordered import ranked_probability_score
from ._parametric import crps_laplace, crps_logistic, crps_normal, log_score_normal
from ._pit import pit, pit_uniformity
from ._quantities import crps_ensemble, interval_score, quantile_score
from ._threshold import twcrps, twcrps_ensemble

__all__ = [
    "SUM_ATOL",
    "SYMMETRY_ATOL",
    "brier_score",
    "categorical_brier_score",
    "categorical_log_score",
    "categorical_spherical_score",
    "crps",
    "crps_ensemble",
    "crps_laplace",
    "crps_logistic",
    "crps_normal",
    "crps_quantile",
    "interval_coverage",
    "interval_score",
    "log_score",
    "log_score_ensemble",
    "log_score_normal",
    "pit",
    "pit_uniformity",
    "quantile_score",
    "ranked_probability_score",
    "spherical_score",
    "twcrps",
    "twcrps_ensemble",
    "weighted_interval_score",
    "weighted_interval_score_parts",
]
