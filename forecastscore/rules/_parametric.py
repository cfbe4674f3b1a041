r"""Scores of parametric forecasts given by their parameters: ``crps_normal(loc, scale, y)``
and its kin, without building a ``scipy.stats`` object per call.

What lives here: the public entry points for the location-scale families with a closed-form
CRPS (normal, logistic, Laplace) and the normal log score, their validation, and the
standardised CRPS kernels that :func:`forecastscore.rules.crps` shares for these families (so
that each formula exists once, in ``_kernels``). What does not: other families (``crps`` of
a frozen distribution), any formula written out (``_kernels``), arrays of other libraries
(``_xp``, reached through the ``accepts_dask`` decorator).

Validation is optimistic: the score is computed first, and two reductions (the sum of the
scores and the smallest scale) prove every input finite and every scale positive; only when
they do not is each argument checked, to find what is wrong and where (or to score a point
mass: a scale so small that the standardised outcome overflows).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import _checks, _kernels
from .._dask import accepts_dask
from ..errors import InvalidForecastError
from . import _reduce
from ._inputs import Scores, _finish
from ._quantities import _any_missing

_Float = npt.NDArray[np.float64]

#: The families with a closed-form CRPS scored here, by the names scipy.stats gives them.
FAMILIES = {"norm": "normal", "logistic": "logistic", "laplace": "laplace"}

_INV_SQRT2 = 1.0 / math.sqrt(2.0)


def standard_crps(family: str, z: _Float) -> _Float:
    """The CRPS of the standard member of ``family`` (a key of :data:`FAMILIES`) at the
    standardised outcomes ``z``; ``z`` may be overwritten (pass an array you own)."""
    if family == "norm":
        from scipy import special

        erf = np.multiply(z, _INV_SQRT2, out=np.empty_like(z))
        special.erf(erf, out=erf)
        return _kernels.crps_normal(z, erf)
    if family == "logistic":
        return _kernels.crps_logistic(z)
    return _kernels.crps_laplace(z)


def crps_loc_scale(family: str, loc: _Float, scale: _Float, y: _Float) -> _Float:
    """``scale * standard_crps((y - loc) / scale)`` on clean arrays, in two buffers of the
    broadcast shape; a standardised outcome that overflows scores ``inf`` (the caller turns
    it into the point mass's absolute error)."""
    shape = np.broadcast_shapes(loc.shape, scale.shape, y.shape)
    z = np.empty(shape)
    with np.errstate(all="ignore"):  # non-finite values are found by the caller
        np.subtract(y, loc, out=z)
        z /= scale
        out = standard_crps(family, z)
        out *= scale
    return out


def optimistic_crps(family: str, loc: _Float, scale: _Float, y: _Float) -> _Float | None:
    """The CRPS if every input is finite and every scale positive (proved by two
    reductions), else ``None``: then the caller validates and scores the slow way."""
    out = crps_loc_scale(family, loc, scale, y)
    return out if _clean(out, scale) else None


def _clean(out: _Float, scale: _Float) -> bool:
    """True when ``out`` is finite everywhere and ``scale`` positive: a NaN or infinite
    input makes the score NaN or infinite, and nothing else can."""
    if scale.size and not scale.min() > 0.0:
        return False
    with np.errstate(over="ignore", invalid="ignore"):
        total = out.sum()
    return bool(np.isfinite(total) or np.isfinite(out).all())


def _inputs(loc: Any, scale: Any, outcome: Any) -> tuple[_Float, _Float, _Float, tuple[int, ...]]:
    _checks.check_aligned(("loc", loc), ("scale", scale), ("outcome", outcome))
    mu = _checks.as_real_array(loc, "loc")
    s = _checks.as_real_array(scale, "scale")
    y = _checks.as_real_array(outcome, "outcome")
    shape = _checks.broadcast_shape(mu.shape, s.shape, ("loc", "scale"))
    shape = _checks.broadcast_shape(shape, y.shape, ("loc and scale", "outcome"))
    return mu, s, y, shape


def _validate(
    mu: _Float, s: _Float, y: _Float, shape: tuple[int, ...], policy: _checks.NanPolicy
) -> npt.NDArray[np.bool_] | None:
    """Every check, with the position of the first bad value; the mask of missing pairs."""
    mu_nan = _checks.check_finite(mu, "loc", policy)
    s_nan = _checks.check_finite(s, "scale", policy)
    bad = ~(s > 0.0)
    if s_nan is not None:
        bad &= ~s_nan
    if bad.any():
        i = int(np.flatnonzero(bad.reshape(-1))[0])
        raise InvalidForecastError(
            f"scale{_checks.position(s.shape, i)} = {float(s.reshape(-1)[i])!r} is not "
            "positive: a scale must be > 0"
        )
    y_nan = _checks.check_finite(y, "outcome", policy, outcome=True)
    return _any_missing(shape, mu_nan, s_nan, y_nan)


def _done(
    out: _Float,
    missing: npt.NDArray[np.bool_] | None,
    policy: _checks.NanPolicy,
    how: _reduce.How | None,
    weights: Any,
) -> Scores:
    if how is None:
        return _finish(out, missing, policy)
    return _reduce.reduce_scores(out, missing, policy, how, weights)


def _score(
    family: str,
    loc: Any,
    scale: Any,
    outcome: Any,
    nan_policy: str,
    reduce: Any,
    weights: Any,
    check: Any,
) -> Scores:
    policy = _checks.check_nan_policy(nan_policy)
    red = _reduce.check_reduce(reduce, weights)
    checked = _reduce.check_check(check)
    mu, s, y, shape = _inputs(loc, scale, outcome)
    out = crps_loc_scale(family, mu, s, y)
    missing = None
    if not checked:
        # A tiny scale is a valid value: its point mass is scored as when checked (one sum
        # finds that something is not finite; a NaN input still gives NaN).
        with np.errstate(over="ignore", invalid="ignore"):
            total = out.sum()
            if not np.isfinite(total):
                inputs_nan = np.isnan(np.broadcast_to(y, shape) - np.broadcast_to(mu, shape))
                out = _point_mass(out, ~np.isfinite(out) & ~inputs_nan & ~np.isnan(s), mu, y, shape)
        if policy == "omit":
            missing = _any_missing(shape, np.isnan(out))
    elif policy != "raise" or not _clean(out, s):
        missing = _validate(mu, s, y, shape, policy)
        point_mass = ~np.isfinite(out)
        if missing is not None:
            point_mass &= ~missing
        if point_mass.any():  # the scale is so small that (y - loc) / scale overflows
            out = _point_mass(out, point_mass, mu, y, shape)
    return _done(out, missing, policy, red, weights)


def _point_mass(
    out: _Float, where: npt.NDArray[np.bool_], mu: _Float, y: _Float, shape: tuple[int, ...]
) -> _Float:
    """``out`` with the absolute error ``|y - loc|`` ``where`` the scale is so small that
    the forecast is a point mass at ``loc`` to working precision."""
    with np.errstate(over="ignore"):
        far = np.abs(np.broadcast_to(y, shape) - np.broadcast_to(mu, shape))
    return np.where(where, far, out)


@accepts_dask(n_arrays=3)
def crps_normal(
    loc: Any,
    scale: Any,
    outcome: Any,
    *,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""CRPS of normal forecasts by mean and standard deviation (a loss: lower is better).

    .. math::

        \mathrm{CRPS}(\mathcal N(\mu, \sigma^2), y) = \sigma\Bigl(z\bigl(2\Phi(z) - 1\bigr)
            + 2\varphi(z) - \frac{1}{\sqrt\pi}\Bigr), \qquad z = \frac{y - \mu}{\sigma}

    (Gneiting et al. 2005 [1]_), with :math:`2\Phi(z) - 1 = \mathrm{erf}(z/\sqrt2)`. The same
    number as ``crps(scipy.stats.norm(loc, scale), outcome)``, computed by the same kernel,
    without building a scipy distribution; in the units of the outcome. A scale so small
    that :math:`z` overflows is a point mass at ``loc`` and scores :math:`|y - \mu|`.

    **Accuracy:** within a relative ``1e-13`` of the exact CRPS of the given floats (tested
    against mpmath).

    Parameters
    ----------
    loc : array_like of float, shape (...)
        The location of each forecast distribution (its mean and median).
    scale : array_like of float, shape (...)
        Its scale, positive (the standard deviation for the normal).
    outcome : array_like of float, shape (...)
        What happened; ``loc``, ``scale`` and ``outcome`` broadcast together.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a NaN parameter or outcome counts as missing. Infinite
        values are always refused.
    reduce : {None, 'mean', 'sum'}, default None
        Return the elementwise scores (``None``), or their (weighted) mean or sum as one
        float.
    weights : array_like of float, optional
        Sample weights of the scores for ``reduce`` (nonnegative, finite, broadcasting to the
        scores' shape): the mean is :math:`\sum_i w_i S_i / \sum_i w_i`.
    check : bool, default True
        Validate the inputs. ``False`` skips every check (and the smallest scale's
        reduction): for training loops and ``jax.jit``, where the inputs are known good; a
        NaN then comes out as NaN and a non-positive scale as a meaningless number. A point
        mass is still scored as :math:`|y - \mu|` (one sum of the scores finds it).

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        The elementwise score with the broadcast shape of the inputs, or one float with
        ``reduce``. An array of another library (JAX, CuPy, array-api-strict, ...) gives
        an array of that library (see the handbook page "Arrays from any library").

    Raises
    ------
    InvalidForecastError
        A ``loc`` or ``scale`` that is infinite, or NaN under ``nan_policy='raise'``, or a
        ``scale <= 0``; the message gives its position.
    InvalidOutcomeError
        An infinite outcome, or NaN under ``nan_policy='raise'``.
    ForecastTypeError, ShapeError
        Booleans or non-numbers; shapes that do not broadcast.
    InvalidOptionError
        A bad ``nan_policy``, ``reduce``, ``check`` or ``weights``.

    References
    ----------
    .. [1] Gneiting, T., Raftery, A. E., Westveld, A. H. and Goldman, T. (2005). Calibrated
       probabilistic forecasting using ensemble model output statistics and minimum CRPS
       estimation. Monthly Weather Review, 133(5), 1098-1118.

    Examples
    --------
    >>> from forecastscore.rules import crps_normal
    >>> float(crps_normal(0.0, 1.0, 0.0))  # 2 phi(0) - 1/sqrt(pi) = (sqrt 2 - 1)/sqrt(pi)
    0.2336949772551...
    >>> crps_normal([0.0, 0.0], [1.0, 2.0], 0.0)  # the CRPS scales with sigma
    array([0.23369498, 0.46738995])
    >>> float(crps_normal([0.0, 0.0], [1.0, 2.0], 0.0, reduce="mean"))
    0.3505424658...
    """
    return _score("norm", loc, scale, outcome, nan_policy, reduce, weights, check)


@accepts_dask(n_arrays=3)
def crps_logistic(
    loc: Any,
    scale: Any,
    outcome: Any,
    *,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""CRPS of logistic forecasts by location and scale (a loss: lower is better).

    .. math::

        \mathrm{CRPS}(\mathcal L(\mu, s), y) = s\bigl(z - 2\log F(z) - 1\bigr), \qquad
            z = \frac{y - \mu}{s},\ F(z) = \frac{1}{1 + e^{-z}}

    (Jordan, Krüger and Lerch 2019 [1]_), with :math:`-\log F(z) = \log(1 + e^{-z})` taken
    without overflow. The logistic distribution has standard deviation
    :math:`s\pi/\sqrt3`. The same number as ``crps(scipy.stats.logistic(loc, scale),
    outcome)``, by the same kernel; in the units of the outcome.

    **Accuracy:** within a relative ``1e-13`` of the exact CRPS of the given floats.

    Parameters
    ----------
    loc : array_like of float, shape (...)
        The location of each forecast distribution (its mean and median).
    scale : array_like of float, shape (...)
        Its scale, positive (the standard deviation for the normal).
    outcome : array_like of float, shape (...)
        What happened; ``loc``, ``scale`` and ``outcome`` broadcast together.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a NaN parameter or outcome counts as missing. Infinite
        values are always refused.
    reduce : {None, 'mean', 'sum'}, default None
        Return the elementwise scores (``None``), or their (weighted) mean or sum as one
        float.
    weights : array_like of float, optional
        Sample weights of the scores for ``reduce`` (nonnegative, finite, broadcasting to the
        scores' shape): the mean is :math:`\sum_i w_i S_i / \sum_i w_i`.
    check : bool, default True
        Validate the inputs. ``False`` skips every check (and the smallest scale's
        reduction): for training loops and ``jax.jit``, where the inputs are known good; a
        NaN then comes out as NaN and a non-positive scale as a meaningless number. A point
        mass is still scored as :math:`|y - \mu|` (one sum of the scores finds it).

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        As in :func:`crps_normal`.

    Raises
    ------
    InvalidForecastError
        A ``loc`` or ``scale`` that is infinite, or NaN under ``nan_policy='raise'``, or a
        ``scale <= 0``; the message gives its position.
    InvalidOutcomeError
        An infinite outcome, or NaN under ``nan_policy='raise'``.
    ForecastTypeError, ShapeError
        Booleans or non-numbers; shapes that do not broadcast.
    InvalidOptionError
        A bad ``nan_policy``, ``reduce``, ``check`` or ``weights``.

    References
    ----------
    .. [1] Jordan, A., Krüger, F. and Lerch, S. (2019). Evaluating probabilistic forecasts
       with scoringRules. Journal of Statistical Software, 90(12), 1-37.

    Examples
    --------
    >>> from forecastscore.rules import crps_logistic
    >>> float(crps_logistic(0.0, 1.0, 0.0))  # 0 - 2 log(1/2) - 1 = 2 log 2 - 1
    0.3862943611198906
    """
    return _score("logistic", loc, scale, outcome, nan_policy, reduce, weights, check)


@accepts_dask(n_arrays=3)
def crps_laplace(
    loc: Any,
    scale: Any,
    outcome: Any,
    *,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""CRPS of Laplace forecasts by location and scale (a loss: lower is better).

    .. math::

        \mathrm{CRPS}(\mathrm{Laplace}(\mu, b), y) = b\Bigl(|z| + e^{-|z|}
            - \frac34\Bigr), \qquad z = \frac{y - \mu}{b}

    (Jordan, Krüger and Lerch 2019 [1]_). The Laplace (double exponential) distribution has
    standard deviation
    :math:`b\sqrt2`. The same number as ``crps(scipy.stats.laplace(loc, scale), outcome)``,
    by the same kernel; in the units of the outcome.

    **Accuracy:** within a relative ``1e-13`` of the exact CRPS of the given floats.

    Parameters
    ----------
    loc : array_like of float, shape (...)
        The location of each forecast distribution (its mean and median).
    scale : array_like of float, shape (...)
        Its scale, positive (the standard deviation for the normal).
    outcome : array_like of float, shape (...)
        What happened; ``loc``, ``scale`` and ``outcome`` broadcast together.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a NaN parameter or outcome counts as missing. Infinite
        values are always refused.
    reduce : {None, 'mean', 'sum'}, default None
        Return the elementwise scores (``None``), or their (weighted) mean or sum as one
        float.
    weights : array_like of float, optional
        Sample weights of the scores for ``reduce`` (nonnegative, finite, broadcasting to the
        scores' shape): the mean is :math:`\sum_i w_i S_i / \sum_i w_i`.
    check : bool, default True
        Validate the inputs. ``False`` skips every check (and the smallest scale's
        reduction): for training loops and ``jax.jit``, where the inputs are known good; a
        NaN then comes out as NaN and a non-positive scale as a meaningless number. A point
        mass is still scored as :math:`|y - \mu|` (one sum of the scores finds it).

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        As in :func:`crps_normal`.

    Raises
    ------
    InvalidForecastError
        A ``loc`` or ``scale`` that is infinite, or NaN under ``nan_policy='raise'``, or a
        ``scale <= 0``; the message gives its position.
    InvalidOutcomeError
        An infinite outcome, or NaN under ``nan_policy='raise'``.
    ForecastTypeError, ShapeError
        Booleans or non-numbers; shapes that do not broadcast.
    InvalidOptionError
        A bad ``nan_policy``, ``reduce``, ``check`` or ``weights``.

    References
    ----------
    .. [1] Jordan, A., Krüger, F. and Lerch, S. (2019). Evaluating probabilistic forecasts
       with scoringRules. Journal of Statistical Software, 90(12), 1-37.

    Examples
    --------
    >>> from forecastscore.rules import crps_laplace
    >>> float(crps_laplace(0.0, 1.0, 0.0))  # 0 + 1 - 3/4
    0.25
    >>> float(crps_laplace(0.0, 2.0, 2.0))  # 2 (1 + exp(-1) - 3/4)
    1.2357588823428847
    """
    return _score("laplace", loc, scale, outcome, nan_policy, reduce, weights, check)


@accepts_dask(n_arrays=3)
def log_score_normal(
    loc: Any,
    scale: Any,
    outcome: Any,
    *,
    base: float | None = None,
    nan_policy: str = "raise",
    reduce: str | None = None,
    weights: Any = None,
    check: bool = True,
) -> Scores:
    r"""Log score of normal forecasts by mean and standard deviation (a loss: lower is better).

    .. math::

        \mathrm{LS}(\mathcal N(\mu, \sigma^2), y) = -\log \varphi_{\mu,\sigma}(y)
            = \frac{z^2}{2} + \log\sigma + \frac12\log(2\pi), \qquad
            z = \frac{y - \mu}{\sigma}

    the negative log density at the outcome, in nats (or in units of ``base``). The same
    number as ``log_score(scipy.stats.norm(loc, scale), outcome)``, by the same kernel.
    Unlike the CRPS it depends on the outcome's units: measuring in units :math:`c` times
    smaller adds :math:`\log c`. A density that underflows (:math:`z^2` beyond the float
    range) scores ``inf``.

    **Accuracy:** within a few ulps of the larger of :math:`z^2/2` and
    :math:`|\log\sigma + \log(2\pi)/2|`.

    Parameters
    ----------
    loc : array_like of float, shape (...)
        The location of each forecast distribution (its mean and median).
    scale : array_like of float, shape (...)
        Its scale, positive (the standard deviation for the normal).
    outcome : array_like of float, shape (...)
        What happened; ``loc``, ``scale`` and ``outcome`` broadcast together.
    nan_policy : {'raise', 'omit', 'propagate'}, default 'raise'
        As in :func:`brier_score`; a NaN parameter or outcome counts as missing. Infinite
        values are always refused.
    reduce : {None, 'mean', 'sum'}, default None
        Return the elementwise scores (``None``), or their (weighted) mean or sum as one
        float.
    weights : array_like of float, optional
        Sample weights of the scores for ``reduce`` (nonnegative, finite, broadcasting to the
        scores' shape): the mean is :math:`\sum_i w_i S_i / \sum_i w_i`.
    check : bool, default True
        Validate the inputs. ``False`` skips every check (and the two reductions that prove
        the inputs clean): for training loops and ``jax.jit``, where the inputs are known
        good; a NaN then comes out as NaN and a non-positive scale as a meaningless number.
    base : float, optional
        Base of the logarithm: ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray of float64
        As in :func:`crps_normal`.

    Raises
    ------
    InvalidForecastError
        A ``loc`` or ``scale`` that is infinite, or NaN under ``nan_policy='raise'``, or a
        ``scale <= 0``; the message gives its position.
    InvalidOutcomeError
        An infinite outcome, or NaN under ``nan_policy='raise'``.
    ForecastTypeError, ShapeError
        Booleans or non-numbers; shapes that do not broadcast.
    InvalidOptionError
        A bad ``nan_policy``, ``reduce``, ``check`` or ``weights``.

    References
    ----------
    .. [1] Good, I. J. (1952). Rational decisions. Journal of the Royal Statistical Society B,
       14(1), 107-114.

    Examples
    --------
    >>> from forecastscore.rules import log_score_normal
    >>> float(log_score_normal(0.0, 1.0, 0.0))  # log(2 pi) / 2
    0.9189385332046727
    >>> float(log_score_normal(1.0, 2.0, 3.0))  # 1/2 + log 2 + log(2 pi) / 2
    2.112085713764618
    """
    b = _checks.check_positive_base(base)
    policy = _checks.check_nan_policy(nan_policy)
    red = _reduce.check_reduce(reduce, weights)
    checked = _reduce.check_check(check)
    mu, s, y, shape = _inputs(loc, scale, outcome)
    with np.errstate(all="ignore"):  # non-finite values are found below
        out = np.broadcast_to(_kernels.log_score_normal(y, mu, s), shape)
    missing = None
    if not checked:
        if policy == "omit":
            missing = _any_missing(shape, np.isnan(out))
    elif policy != "raise" or not _clean(out, s):
        missing = _validate(mu, s, y, shape, policy)
    if b is not None:
        out = out / math.log(b)
    return _done(out, missing, policy, red, weights)
