r"""Figures: reliability diagrams, sharpness histograms, track records and leaderboards
(matplotlib).

What lives here: functions that draw on a matplotlib ``Axes`` and return it, taking plain
arrays. The numbers come from :mod:`forecastscore.calibration`; nothing is computed here that
a user could not get from there. What does not: any figure layout beyond one ``Axes`` (pass
your own), saving files, or styling beyond sensible defaults.

This module needs the optional extra ``plot`` (``pip install "forecastscore[plot]"``).
Nothing in the package imports it, so ``import forecastscore`` never imports matplotlib.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from . import _checks, calibration
from .calibration._binning import _check_edges
from .errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidTimeError,
    ShapeError,
)
from .ledger import Leaderboard

try:
    from matplotlib.axes import Axes
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        'forecastscore.plot needs matplotlib; install it with pip install "forecastscore[plot]"'
    ) from exc

__all__ = [
    "leaderboard",
    "murphy_diagram",
    "pit_histogram",
    "reliability_diagram",
    "score_by_lead_time",
    "sharpness_histogram",
    "track_record",
]

_BAND_COLOUR = "0.85"
_POINT_COLOUR = "C0"


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.gca()


def reliability_diagram(
    forecast: Any,
    outcome: Any,
    *,
    bins: Any = 10,
    n_bins: int | None = None,
    interval: str = "wilson",
    confidence: float = 0.95,
    consistency: bool = True,
    histogram: bool = True,
    label: str | None = None,
    ax: Axes | None = None,
    nan_policy: str = "raise",
    band: Any = None,
) -> Axes:
    r"""Draw a reliability diagram: observed frequency against mean forecast, per bin.

    Each non-empty bin of :func:`forecastscore.calibration.reliability_table` is a point at
    (mean forecast, observed frequency) with its confidence interval as an error bar. The
    grey band is the consistency band: where the points would fall with probability
    ``confidence`` if the forecasts were calibrated (Bröcker and Smith 2007). Points outside
    it are evidence of miscalibration; the diagonal is perfect calibration. With
    ``histogram=True`` an inset shows how many forecasts fall in each bin (the sharpness of
    the forecasts).

    Parameters
    ----------
    forecast : array_like of float
        Probabilities of the event, in [0, 1].
    outcome : array_like of bool or {0, 1}
        What happened.
    bins, n_bins, interval, confidence, nan_policy
        As in :func:`forecastscore.calibration.reliability_table`; ``bins='isotonic'`` gives
        the CORP diagram of Dimitriadis, Gneiting and Jordan (2021).
    consistency : bool, default True
        Draw the per-bin consistency band (not drawn when ``band`` is given).
    histogram : bool, default True
        Draw the sharpness histogram as an inset.
    label : str, optional
        Legend label for the points.
    ax : matplotlib.axes.Axes, optional
        Where to draw; the current Axes by default.
    band : {None, 'corp'} or CalibrationBand, optional
        Also draw the CORP reliability curve with its simultaneous consistency band
        (:func:`forecastscore.calibration.calibration_band`): ``'corp'`` computes it here at
        level ``confidence`` (1000 resamples, ``seed=0``, outcomes assumed independent); a
        :class:`~forecastscore.calibration.CalibrationBand` (say, made with ``cluster=``)
        is drawn as it is. The forecast values where the curve leaves the band are marked
        with a cross. Default ``None``: the diagram as before.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    InvalidOptionError
        ``band`` that is none of these, and what
        :func:`forecastscore.calibration.reliability_table` refuses.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from forecastscore.plot import reliability_diagram
    >>> fig, ax = plt.subplots()
    >>> ax = reliability_diagram([0.1, 0.2, 0.8, 0.9, 0.7], [0, 0, 1, 1, 0], bins=2, ax=ax)
    >>> ax.get_xlabel()
    'forecast probability (bin mean)'
    >>> plt.close(fig)

    With the CORP curve and its simultaneous band:

    >>> fig, ax = plt.subplots()
    >>> p, y = [0.1, 0.2, 0.2, 0.8, 0.9, 0.7], [0, 0, 1, 1, 1, 0]
    >>> ax = reliability_diagram(p, y, bins=2, band="corp", histogram=False, ax=ax)
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['calibrated', 'CORP curve (isotonic)']
    >>> plt.close(fig)
    """
    t = calibration.reliability_table(
        forecast,
        outcome,
        bins=bins,
        n_bins=n_bins,
        interval=interval,
        confidence=confidence,
        nan_policy=nan_policy,
    )
    corp = _corp_band(band, forecast, outcome, confidence, nan_policy)
    ax = _axes(ax)
    full = t.count > 0
    x = t.mean_forecast[full]
    y = t.observed_frequency[full]
    ax.plot([0, 1], [0, 1], color="0.4", linestyle="--", linewidth=1, label="calibrated")
    if corp is not None:
        ax.fill_between(
            corp.forecast,
            corp.low,
            corp.high,
            color=_BAND_COLOUR,
            linewidth=0,
            label=f"{corp.confidence:.0%} simultaneous consistency band",
        )
        ax.plot(corp.forecast, corp.curve, color="C1", linewidth=1.5, label="CORP curve (isotonic)")
        off = corp.miscalibrated
        if off.any():
            ax.plot(
                corp.forecast[off],
                corp.curve[off],
                "x",
                color="C3",
                label="outside the band",
            )
    elif consistency:
        ax.fill_between(
            x,
            t.consistency_low[full],
            t.consistency_high[full],
            color=_BAND_COLOUR,
            linewidth=0,
            label=f"{confidence:.0%} consistency band",
        )
    yerr = np.vstack([y - t.ci_low[full], t.ci_high[full] - y])
    ax.errorbar(
        x,
        y,
        yerr=yerr,
        fmt="o-",
        color=_POINT_COLOUR,
        markersize=5,
        capsize=3,
        linewidth=1.5,
        label=label or f"observed frequency ({t.interval.capitalize()} {confidence:.0%} interval)",
    )
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("forecast probability (bin mean)")
    ax.set_ylabel("observed frequency")
    ax.legend(loc="upper left", fontsize="small", frameon=False)
    if histogram:
        inset = ax.inset_axes((0.6, 0.06, 0.37, 0.22))
        # The table's edges, unless they collapse (all forecasts equal under 'quantile').
        inset_bins = t.edges if bool(np.all(np.diff(t.edges) > 0)) else 10
        sharpness_histogram(forecast, bins=inset_bins, ax=inset, nan_policy=nan_policy)
        inset.set_xlabel("")
        inset.set_ylabel("")
        inset.set_title("forecasts per bin", fontsize="x-small")
        inset.tick_params(labelsize="xx-small")
    return ax


def _corp_band(band: Any, forecast: Any, outcome: Any, confidence: float, nan_policy: str) -> Any:
    """The CalibrationBand to draw, or None."""
    if band is None:
        return None
    if isinstance(band, calibration.CalibrationBand):
        return band
    if isinstance(band, str) and band == "corp":
        return calibration.calibration_band(
            forecast, outcome, confidence=confidence, nan_policy=nan_policy
        )
    raise InvalidOptionError(
        "band must be None, 'corp' or a CalibrationBand (from "
        f"forecastscore.calibration.calibration_band), got {band!r:.80}"
    )


def sharpness_histogram(
    forecast: Any,
    *,
    bins: Any = 10,
    ax: Axes | None = None,
    nan_policy: str = "raise",
) -> Axes:
    r"""Draw how the forecasts spread over [0, 1]: their sharpness.

    A forecaster who always says 50% is calibrated and useless; sharp forecasts pile up near
    0 and 1. The bars count forecasts per bin of the probability scale.

    Parameters
    ----------
    forecast : array_like of float
        Probabilities, in [0, 1].
    bins : int or array_like of float, default 10
        Number of equal-width bins on [0, 1], or the edges.
    ax : matplotlib.axes.Axes, optional
        Where to draw; the current Axes by default.
    nan_policy : {'raise', 'omit'}, default 'raise'
        Refuse NaN, or leave them out.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InvalidForecastError
        A forecast outside [0, 1], or NaN with ``nan_policy='raise'``.
    ForecastTypeError
        Forecasts that are not numbers.
    InvalidOptionError
        ``bins`` that is not an integer >= 1 or increasing edges, or a bad ``nan_policy``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from forecastscore.plot import sharpness_histogram
    >>> fig, ax = plt.subplots()
    >>> ax = sharpness_histogram([0.05, 0.1, 0.5, 0.9, 0.95], bins=5, ax=ax)
    >>> [int(bar.get_height()) for bar in ax.patches]   # sharp: most near 0 and 1
    [2, 0, 1, 0, 2]
    >>> ax.get_xlabel()
    'forecast probability'
    >>> plt.close("all")
    """
    policy = _checks.check_choice("nan_policy", nan_policy, ("raise", "omit"))
    p = _checks.as_float_array(forecast, "forecast").reshape(-1)
    _checks.check_probabilities(p, "forecast", _checks.check_nan_policy(policy))
    p = p[~np.isnan(p)]
    if isinstance(bins, (bool, np.bool_)):
        raise InvalidOptionError(
            f"bins must be an integer >= 1 or an array of edges (got {bins!r})"
        )
    if isinstance(bins, (int, np.integer)):
        m = _checks.check_integer("bins", bins, 1)
        edges = np.arange(m + 1) / m
    else:
        edges = _check_edges(bins)
    ax = _axes(ax)
    ax.hist(p, bins=list(edges), color=_POINT_COLOUR, alpha=0.7, edgecolor="white")
    ax.set_xlim(0, 1)
    ax.set_xlabel("forecast probability")
    ax.set_ylabel("number of forecasts")
    return ax


def murphy_diagram(result_or_results: Any, *, ax: Axes | None = None) -> Axes:
    r"""Draw Murphy diagrams: mean elementary score against threshold, one line per result.

    Each line is :func:`forecastscore.calibration.elementary_scores`'s mean score
    :math:`\bar S_\theta` against the threshold (cost-loss ratio) :math:`\theta`; **lower is
    better**, and a line below another everywhere dominates it
    (:func:`forecastscore.calibration.murphy_dominance`). The area under a line is half the
    Brier score.

    Parameters
    ----------
    result_or_results : ElementaryScores, sequence of them, or dict of label to them
        What to draw; with a dict the keys label the lines (and a legend is drawn).
    ax : matplotlib.axes.Axes, optional
        Where to draw; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InvalidOptionError
        Something that is not an :class:`~forecastscore.calibration.ElementaryScores`
        (named by its position or key), or nothing to draw.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from forecastscore.calibration import elementary_scores
    >>> from forecastscore.plot import murphy_diagram
    >>> y = [1, 0, 1, 0]
    >>> sharp = elementary_scores([0.9, 0.1, 0.8, 0.2], y, thresholds=[0.25, 0.5, 0.75])
    >>> vague = elementary_scores([0.6, 0.4, 0.6, 0.4], y, thresholds=[0.25, 0.5, 0.75])
    >>> fig, ax = plt.subplots()
    >>> ax = murphy_diagram({"sharp": sharp, "vague": vague}, ax=ax)
    >>> [line.get_label() for line in ax.get_lines()]
    ['sharp', 'vague']
    >>> ax.get_lines()[1].get_ydata().tolist()   # 0.25: 0.4 > 0.25 in vain twice, 2 * 0.25 / 4
    [0.125, 0.0, 0.125]
    >>> plt.close("all")
    """
    from .calibration import ElementaryScores

    if isinstance(result_or_results, ElementaryScores):
        items: list[tuple[str | None, Any, str]] = [(None, result_or_results, "result")]
    elif isinstance(result_or_results, dict):
        items = [(str(k), v, f"result_or_results[{k!r}]") for k, v in result_or_results.items()]
    elif isinstance(result_or_results, (list, tuple)):
        items = [(None, v, f"result_or_results[{i}]") for i, v in enumerate(result_or_results)]
    else:
        raise InvalidOptionError(
            "result_or_results must be an ElementaryScores, a sequence of them or a dict of "
            f"label to them, got {type(result_or_results).__name__}"
        )
    if not items:
        raise InvalidOptionError("result_or_results holds nothing to draw")
    for _, v, where in items:
        if not isinstance(v, ElementaryScores):
            raise InvalidOptionError(
                f"{where} is a {type(v).__name__}, not an ElementaryScores "
                "(from forecastscore.calibration.elementary_scores)"
            )
    ax = _axes(ax)
    for label, v, _ in items:
        order = np.argsort(v.thresholds, kind="stable")
        ax.plot(v.thresholds[order], v.mean_score[order], label=label)
    ax.set_xlim(0, 1)
    ax.set_xlabel("threshold (cost-loss ratio)")
    ax.set_ylabel("mean elementary score (lower is better)")
    if any(label is not None for label, _, _ in items):
        ax.legend()
    return ax


def pit_histogram(
    pit_values: Any,
    *,
    bins: int = 10,
    ax: Axes | None = None,
) -> Axes:
    r"""Draw the histogram of PIT values, with the line that calibrated forecasts reach.

    The heights are densities (a bin's share of the values divided by its width), so a
    calibrated forecaster's bars scatter around 1, the dashed line. A U shape says the
    forecasts were too narrow (outcomes fell in their tails), a hump that they were too
    wide, a slope that they were biased. Compute the values with
    :func:`forecastscore.rules.pit` (randomised for discrete forecasts and ensembles) and
    test them with :func:`forecastscore.rules.pit_uniformity`.

    Parameters
    ----------
    pit_values : array_like of float
        PIT values in [0, 1], any shape (flattened).
    bins : int, default 10
        Number of equal-width bins on [0, 1]; for an ensemble of :math:`m` members,
        :math:`m + 1` bins make it the rank histogram.
    ax : matplotlib.axes.Axes, optional
        Where to draw; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InvalidForecastError
        A value outside [0, 1] or NaN (with its position), or no values.
    ForecastTypeError
        Values that are not numbers.
    InvalidOptionError
        ``bins`` that is not an integer >= 1.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from forecastscore.plot import pit_histogram
    >>> fig, ax = plt.subplots()
    >>> ax = pit_histogram([0.05, 0.15, 0.55, 0.65, 0.95], bins=5, ax=ax)
    >>> [round(float(bar.get_height()), 6) for bar in ax.patches]  # 2 of 5 in width 0.2: 2
    [2.0, 0.0, 1.0, 1.0, 1.0]
    >>> plt.close("all")
    """
    from .rules._pit import _pit_values

    u = _pit_values(pit_values)
    if isinstance(bins, (bool, np.bool_)) or not isinstance(bins, (int, np.integer)):
        raise InvalidOptionError(f"bins must be an integer >= 1 (got {bins!r})")
    m = _checks.check_integer("bins", bins, 1)
    edges = np.arange(m + 1) / m
    ax = _axes(ax)
    ax.hist(u, bins=list(edges), density=True, color=_POINT_COLOUR, alpha=0.7, edgecolor="white")
    ax.axhline(1.0, color="0.3", linestyle="--", linewidth=1)
    ax.set_xlim(0, 1)
    ax.set_xlabel("PIT value")
    ax.set_ylabel("density")
    return ax


def _finite(x: Any, name: str) -> Any:
    """A flat float array with no NaN or infinity (neither can be drawn or averaged)."""
    arr = _checks.as_real_array(x, name).reshape(-1)
    bad = ~np.isfinite(arr)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidForecastError(
            f"{name}[{i}] = {float(arr[i])!r} cannot be drawn: {name} must be finite numbers "
            "(leave the missing ones out before plotting)"
        )
    return arr


def _times(made_at: Any, n: int) -> Any:
    """Times as datetime64 (or numbers, left as they are) for the x axis."""
    t = np.asarray(made_at)
    if t.dtype.kind == "O":
        # dates and aware datetimes; aware ones go to naive UTC, which numpy can read
        t = np.array(
            [_naive_utc(v) for v in t.flat],
            dtype="datetime64[s]",
        ).reshape(t.shape)
    elif t.dtype.kind in "US":
        try:
            t = t.astype("datetime64[s]")
        except ValueError as exc:
            raise InvalidTimeError(
                f"made_at holds a string that is not an ISO 8601 time: {exc}"
            ) from None
    if t.shape != (n,):
        raise ShapeError(f"made_at of shape {t.shape} must have the shape of score ({n},)")
    return t


def _naive_utc(v: Any) -> Any:
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return v


def track_record(
    made_at: Any,
    score: Any,
    *,
    lead_time: Any = None,
    ax: Axes | None = None,
    label: str = "mean so far",
) -> Axes:
    r"""Draw a track record: each claim's score when it was made, coloured by lead time.

    Points are the claims' scores (losses: lower is better) at the time each was made; the
    line is the mean of all scores so far, in time order. With ``lead_time``, the colour of
    each point says how far ahead of its resolution the claim was made (in days), with a
    colour bar.

    Parameters
    ----------
    made_at : array_like of datetime64, datetime.date or ISO 8601 strings, shape (n,)
        When each claim was made.
    score : array_like of float, shape (n,)
        Each claim's score.
    lead_time : array_like of float, shape (n,), optional
        Days between each claim and its resolution.
    ax : matplotlib.axes.Axes, optional
        Where to draw; the current Axes by default.
    label : str, default 'mean so far'
        Legend label of the running mean.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ShapeError
        Arrays of different lengths.
    ForecastTypeError
        Scores that are not numbers.
    InvalidForecastError
        A score that is NaN or infinite (with its index): leave those out before plotting.
    InvalidTimeError
        A ``made_at`` string that is not an ISO 8601 time.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from forecastscore.plot import track_record
    >>> fig, ax = plt.subplots()
    >>> ax = track_record(["2022-01-01", "2022-02-01", "2022-03-01"], [0.09, 0.64, 0.01],
    ...                   ax=ax)
    >>> ax.lines[0].get_ydata().round(4).tolist()   # running mean: 0.09, 0.73 / 2, 0.74 / 3
    [0.09, 0.365, 0.2467]
    >>> ax.get_ylabel()
    'score (lower is better)'
    >>> fig, ax = plt.subplots()
    >>> ax = track_record(["2022-01-01", "2022-02-01"], [0.09, 0.64], lead_time=[30, 60], ax=ax)
    >>> len(fig.axes)               # the plot and its lead-time colour bar
    2
    >>> plt.close("all")
    """
    s = _finite(score, "score")
    t = _times(made_at, s.size)
    order = np.argsort(t, kind="stable")
    running = np.cumsum(s[order]) / np.arange(1, s.size + 1)
    ax = _axes(ax)
    if lead_time is not None:
        lt = _checks.as_float_array(lead_time, "lead_time").reshape(-1)
        if lt.shape != s.shape:
            raise ShapeError(
                f"lead_time of shape {lt.shape} must have the shape of score {s.shape}"
            )
        points = ax.scatter(t, s, c=lt, cmap="viridis", s=22, zorder=3)
        ax.figure.colorbar(points, ax=ax, label="lead time (days)")
    else:
        ax.scatter(t, s, color=_POINT_COLOUR, s=22, zorder=3)
    ax.plot(t[order], running, color="C3", linewidth=2, label=label, zorder=4)
    if t.dtype.kind == "M":
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

        locator = AutoDateLocator()  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.set_xlabel("made at")
    ax.set_ylabel("score (lower is better)")
    ax.legend(loc="upper right", fontsize="small", frameon=False)
    return ax


def score_by_lead_time(
    lead_time: Any,
    score: Any,
    *,
    bins: int = 6,
    ax: Axes | None = None,
) -> Axes:
    r"""Draw scores against lead time, with the mean score per lead-time bin.

    Claims made further ahead are usually harder; this shows how much. Each point is a claim
    (score, a loss: lower is better); the line joins the mean score of each of ``bins``
    lead-time bins holding about equally many claims.

    Parameters
    ----------
    lead_time : array_like of float, shape (n,)
        Days between each claim and its resolution.
    score : array_like of float, shape (n,)
        Each claim's score.
    bins : int, default 6
        Number of lead-time bins for the mean line.
    ax : matplotlib.axes.Axes, optional
        Where to draw; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ShapeError
        Arrays of different lengths, or empty.
    InvalidForecastError, ForecastTypeError
        A value that is NaN, infinite or not a number (with its index).
    InvalidOptionError
        ``bins`` that is not an integer >= 1.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from forecastscore.plot import score_by_lead_time
    >>> fig, ax = plt.subplots()
    >>> ax = score_by_lead_time([10, 20, 100, 200], [0.01, 0.04, 0.25, 0.36], bins=2, ax=ax)
    >>> ax.lines[0].get_xydata()    # bin means: (15 days, 0.05 / 2), (150 days, 0.61 / 2)
    array([[1.50e+01, 2.50e-02],
           [1.50e+02, 3.05e-01]])
    >>> ax.get_xlabel()
    'lead time (days)'
    >>> plt.close("all")
    """
    lt = _finite(lead_time, "lead_time")
    s = _finite(score, "score")
    m = _checks.check_integer("bins", bins, 1)
    if lt.shape != s.shape:
        raise ShapeError(f"lead_time of shape {lt.shape} must have the shape of score {s.shape}")
    if lt.size == 0:
        raise ShapeError("lead_time and score are empty: there is nothing to draw")
    edges = np.unique(np.quantile(lt, np.linspace(0, 1, m + 1)))
    idx = np.clip(np.searchsorted(edges, lt, side="right") - 1, 0, max(edges.size - 2, 0))
    count = np.bincount(idx, minlength=max(edges.size - 1, 1))
    full = count > 0
    mean_s = np.bincount(idx, weights=s, minlength=count.size)[full] / count[full]
    mean_t = np.bincount(idx, weights=lt, minlength=count.size)[full] / count[full]
    ax = _axes(ax)
    ax.scatter(lt, s, color=_POINT_COLOUR, alpha=0.5, s=18)
    ax.plot(mean_t, mean_s, "o-", color="C3", linewidth=2, label="mean per lead-time bin")
    ax.set_xlabel("lead time (days)")
    ax.set_ylabel("score (lower is better)")
    ax.legend(loc="upper left", fontsize="small", frameon=False)
    return ax


def leaderboard(lb: Leaderboard, *, ax: Axes | None = None) -> Axes:
    r"""Draw a leaderboard's ranks with their bootstrap rank intervals.

    One row per forecaster, best at the top: a point at its rank and a bar over its rank
    interval (``rank_low`` to ``rank_high``, from the bootstrap over questions of
    :meth:`forecastscore.ledger.ScoreTable.leaderboard`). Forecasters whose bars overlap
    are not clearly ordered by the data, whatever their ranks say; the label of each row
    gives P(ranked first) where it is above 0.

    Parameters
    ----------
    lb : forecastscore.ledger.Leaderboard
        The leaderboard to draw.
    ax : matplotlib.axes.Axes, optional
        Where to draw; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ForecastTypeError
        ``lb`` is not a :class:`~forecastscore.ledger.Leaderboard`.

    Examples
    --------
    >>> import datetime as dt
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import forecastscore as fs
    >>> from forecastscore import plot
    >>> from forecastscore.ledger import Ledger
    >>> ledger = Ledger.from_predictions(
    ...     [fs.Prediction(f"q{j}", f, dt.date(2024, 1, 1), p)
    ...      for f, p in (("ann", 0.9), ("ben", 0.8)) for j in range(5)])
    >>> lb = ledger.score([fs.Outcome(f"q{j}", dt.date(2024, 2, 1), "yes")
    ...                    for j in range(5)]).leaderboard()
    >>> fig, ax = plt.subplots()
    >>> ax = plot.leaderboard(lb, ax=ax)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['ann (P(1st) 1.00)', 'ben']
    >>> ax.get_xlabel()
    'rank (1 = best), with its 95% bootstrap interval'
    >>> plt.close("all")
    """
    if not isinstance(lb, Leaderboard):
        raise ForecastTypeError(f"lb must be a Leaderboard (got {type(lb).__name__})")
    ax = _axes(ax)
    n = len(lb)
    y = np.arange(n)
    rank = lb.rank.astype(float)
    lower = rank - lb.rank_low
    upper = lb.rank_high - rank
    ax.errorbar(
        rank,
        y,
        xerr=np.vstack((lower, upper)),
        fmt="o",
        color=_POINT_COLOUR,
        ecolor=_BAND_COLOUR if n > 50 else "0.5",
        elinewidth=2,
        capsize=3,
    )
    labels = [
        f"{f} (P(1st) {p:.2f})" if p > 0 else str(f)
        for f, p in zip(lb.forecaster.tolist(), lb.p_first.tolist(), strict=True)
    ]
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    ax.set_ylim(n - 0.5, -0.5)  # best at the top
    ax.set_xlim(0.5, max(n, 1) + 0.5)
    ax.set_xlabel(f"rank (1 = best), with its {lb.confidence:.0%} bootstrap interval")
    return ax
