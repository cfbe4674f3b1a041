"""Scores of ordered categories: the ranked probability score."""

from __future__ import annotations

from typing import Any

from .. import _checks, _kernels
from .._checks import SUM_ATOL
from .._dask import accepts_dask
from . import _reduce
from ._inputs import Scores, _categorical_inputs, _finish


@accepts_dask(n_arrays=2, category_axis=True)
def ranked_probability_score(
    forecast: Any,
    outcome: Any,
    *,
    axis: int = -1,
    normalize: bool = False,
    nan_policy: str = "raise",
    atol: float = SUM_ATOL,
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Ranked probability score of forecasts over ordered categories (a loss: lower is better).

    .. math::

        \mathrm{RPS}(p, k) = \sum_{j=1}^{K-1} \bigl(P_j - \mathbb{1}[k \le j]\bigr)^2,
        \qquad P_j = p_1 + \dots + p_j

    the squared distance between the forecast's and the outcome's cumulative distributions
    over the :math:`K` ordered categories, summed over the :math:`K - 1` cumulative terms
    (the :math:`K`-th is always 0). Unlike the categorical Brier score it rewards putting
    probability *near* what happened: on three categories, an outcome in the first scores
    ``[0, 1, 0]`` at 1 and ``[0, 0, 1]`` at 2.

    By default the sum is **not** normalised, so the range is 0 to :math:`K - 1` (the form in
    Wilks' textbook and the scoringrules package). ``normalize=True`` divides by
    :math:`K - 1`, giving the 0..1 scale of Epstein's original (1969) score [1]_, which was
    positively oriented (it is one minus this); Murphy (1971) [2]_ gave the cumulative form.
    On two categories the unnormalised RPS equals :func:`brier_score` of the probability of
    the second category. Unitless.

    **Accuracy:** the cumulative sums round once per category, so the score is within
    :math:`4K` ulps of 1 (absolute) of the exact sum for the given floats, :math:`K` the
    number of categories.

    Parameters
    ----------
    forecast : array_like of float, shape (..., K)
        Probabilities over the ordered categories on ``axis`` (lowest first); rows sum to 1
        within ``atol``.
    outcome : array_like of int, shape (...)
        Index (``0 .. K-1``) of the category that happened.
    axis : int, default -1
        The category axis of ``forecast``.
    normalize : bool, default False
        Divide by :math:`K - 1` so that the range is 0..1 whatever the number of categories.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a row with any NaN counts as missing.
    atol : float, default 1e-6
        Tolerance on each row's sum.
    reduce : {None, 'mean', 'sum'}, default None
        The elementwise scores (None), or their mean or sum as a numpy float64; as in
        :func:`brier_score`.
    weights : array_like of float, optional
        Sample weights (finite, >= 0) for ``reduce``; as in :func:`brier_score`.
    check : bool, default True
        ``False`` skips the checks of the values; as in :func:`brier_score`.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        One score per row, with the broadcast shape of the rows and ``outcome``.

    Raises
    ------
    InvalidForecastError, InvalidOutcomeError, ForecastTypeError, ShapeError
        As in :func:`categorical_brier_score`.
    InvalidOptionError
        ``normalize`` that is not a bool, or a bad ``axis`` or ``nan_policy``.

    References
    ----------
    .. [1] Epstein, E. S. (1969). A scoring system for probability forecasts of ranked
       categories. Journal of Applied Meteorology, 8(6), 985-987.
    .. [2] Murphy, A. H. (1971). A note on the ranked probability score. Journal of Applied
       Meteorology, 10(1), 155-156.

    Examples
    --------
    >>> from forecastscore.rules import ranked_probability_score
    >>> ranked_probability_score([[0.2, 0.5, 0.3], [0.2, 0.5, 0.3]], [0, 2])
    array([0.73, 0.53])

    The cumulative forecast is ``(0.2, 0.7)``. Outcome 0 has cumulative ``(1, 1)``:
    ``0.8**2 + 0.3**2 = 0.73``; outcome 2 has ``(0, 0)``: ``0.2**2 + 0.7**2 = 0.53``.

    >>> float(ranked_probability_score([0.2, 0.5, 0.3], 2, normalize=True))  # 0.53 / 2
    0.26499999999999996
    """
    normalize = _checks.check_flag(normalize, "normalize")
    how = _reduce.check_reduce(reduce, weights, ("forecast", forecast), ("outcome", outcome))
    chk = _reduce.check_check(check)
    p, k, missing, policy = _categorical_inputs(forecast, outcome, axis, nan_policy, atol, chk)
    scores = _kernels.ranked_probability(p, k)
    if normalize:
        scores = scores / (p.shape[-1] - 1)
    return _finish(scores, missing, policy, how, weights)
