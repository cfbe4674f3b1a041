"""Simultaneous consistency bands around the CORP reliability curve: the curve against
scikit-learn's isotonic regression, bands of width 0 worked out by hand, the grid, the
records, the figure and the errors. The family-wise level is checked by simulation in
tests/test_calibration_null.py."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.isotonic import IsotonicRegression

from forecastscore import plot
from forecastscore.calibration import CalibrationBand, calibration_band
from forecastscore.errors import InvalidOptionError, ShapeError


def test_band_curve_is_the_isotonic_fit_at_the_distinct_forecasts():
    rng = np.random.default_rng(8)
    p = rng.uniform(size=400).round(2)
    y = rng.uniform(size=400) < p**1.5
    b = calibration_band(p, y, n_resamples=100)
    u = np.unique(p)
    oracle = IsotonicRegression(y_min=0.0, y_max=1.0).fit(p, y).predict(u)
    np.testing.assert_array_equal(b.forecast, u)
    np.testing.assert_allclose(b.curve, oracle, rtol=0, atol=1e-12)
    assert np.all(b.low <= b.high) and np.all(b.low >= 0) and np.all(b.high <= 1)


def test_band_of_certain_forecasts_has_width_zero():
    # forecasts of 0 and 1 can only ever see outcomes 0 and 1 under the null, so every
    # resampled curve is 0 at 0 and 1 at 1: the band is the two points themselves
    b = calibration_band([0.0, 0.0, 1.0, 1.0], [0, 0, 1, 1], n_resamples=50)
    assert b.low.tolist() == [0.0, 1.0] and b.high.tolist() == [0.0, 1.0]
    assert b.miscalibrated.tolist() == [False, False]
    # one of the two "certain no" happened: the PAV curve at 0 is 1/2, outside [0, 0]
    b = calibration_band([0.0, 0.0, 1.0, 1.0], [0, 1, 1, 1], n_resamples=50)
    assert b.curve.tolist() == [0.5, 1.0]
    assert b.miscalibrated.tolist() == [True, False]


def test_band_contains_the_diagonal_at_each_forecast():
    # the band is centred on the mean resampled curve, which sits near the forecast itself
    rng = np.random.default_rng(12)
    p = rng.uniform(0.1, 0.9, size=3000).round(2)
    y = rng.uniform(size=3000) < p
    b = calibration_band(p, y, n_resamples=300)
    inner = (b.forecast > 0.2) & (b.forecast < 0.8)
    assert np.all((b.low[inner] <= b.forecast[inner]) & (b.forecast[inner] <= b.high[inner]))
    assert not b.miscalibrated.any()
    # and it is wider at a lower level of confidence never: a higher level widens it
    wide = calibration_band(p, y, n_resamples=300, confidence=0.99)
    assert np.all(wide.high - wide.low >= b.high - b.low - 1e-15)


def test_band_flags_overconfidence_where_it_is():
    rng = np.random.default_rng(1)
    truth = rng.uniform(0.05, 0.95, size=4000)
    y = rng.uniform(size=4000) < truth
    too_sure = np.clip(0.5 + 1.8 * (truth - 0.5), 0.0, 1.0).round(2)
    b = calibration_band(too_sure, y, n_resamples=300)
    flagged = b.forecast[b.miscalibrated]
    assert flagged.size > 0
    # overconfidence is at the ends: low forecasts come true more often than said, high
    # ones less often; nothing near 1/2 is flagged
    assert np.all(np.abs(flagged - 0.5) > 0.15)
    low_end = b.miscalibrated & (b.forecast < 0.5)
    assert np.all(b.curve[low_end] > b.high[low_end])


def test_band_grid_holds_at_most_1000_forecast_values():
    rng = np.random.default_rng(3)
    p = rng.uniform(size=5000)  # 5000 distinct values
    y = rng.uniform(size=5000) < p
    b = calibration_band(p, y, n_resamples=30)
    assert 2 <= b.forecast.size <= 1000
    assert np.all(np.diff(b.forecast) > 0)
    assert np.isin(b.forecast, p).all()  # every point is a forecast that was made
    assert f"at {b.forecast.size} forecast values" in b.note


def test_band_clusters_and_note():
    p = [0.2, 0.2, 0.7, 0.7, 0.4, 0.9]
    y = [0, 0, 1, 1, 0, 1]
    b = calibration_band(p, y, cluster=["a", "a", "b", "b", "c", "d"], n_resamples=40)
    assert b.n_clusters == 4
    assert "one uniform per cluster over 4 clusters" in b.note
    plain = calibration_band(p, y, n_resamples=40)
    assert plain.n_clusters is None and "outcomes assumed independent" in plain.note


def test_band_nan_policy_omit_drops_the_pair_and_its_cluster():
    p = [0.1, np.nan, 0.5, 0.7, 0.3]
    y = [0, 1, 1, np.nan, 0]
    b = calibration_band(p, y, cluster=[1, 2, 3, 4, 5], n_resamples=20, nan_policy="omit")
    assert b.n == 3 and b.n_clusters == 3
    assert b.forecast.tolist() == [0.1, 0.3, 0.5]


def test_band_records_pandas_repr():
    b = calibration_band([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1], n_resamples=50)
    rows = b.to_records()
    assert [r["forecast"] for r in rows] == [0.2, 0.8]
    assert [r["curve"] for r in rows] == [0.5, 1.0]
    assert set(rows[0]) == {"forecast", "curve", "low", "high", "miscalibrated"}
    assert list(b.to_pandas().columns) == ["forecast", "curve", "low", "high", "miscalibrated"]
    assert repr(b).startswith("CalibrationBand(confidence=0.95, points=2, miscalibrated=")
    assert isinstance(b, CalibrationBand)


def test_band_errors():
    with pytest.raises(InvalidOptionError, match="confidence"):
        calibration_band([0.2], [1], confidence=0.0)
    with pytest.raises(InvalidOptionError, match="n_resamples.*got 0"):
        calibration_band([0.2], [1], n_resamples=0)
    with pytest.raises(ShapeError, match="no pairs"):
        calibration_band([], [])
    with pytest.raises(ShapeError, match=r"cluster of shape \(1,\)"):
        calibration_band([0.2, 0.3], [1, 0], cluster=[1])


# --- the figure ----------------------------------------------------------------------------


def test_reliability_diagram_draws_the_corp_band():
    rng = np.random.default_rng(1)
    truth = rng.uniform(0.05, 0.95, size=1000)
    y = rng.uniform(size=1000) < truth
    too_sure = np.clip(0.5 + 1.8 * (truth - 0.5), 0.0, 1.0).round(2)
    fig, ax = plt.subplots()
    ax = plot.reliability_diagram(too_sure, y, band="corp", histogram=False, ax=ax)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == ["calibrated", "CORP curve (isotonic)"]
    assert "outside the band" in labels
    band = calibration_band(too_sure, y)
    corp_line = ax.get_lines()[1]
    np.testing.assert_array_equal(corp_line.get_xdata(), band.forecast)
    np.testing.assert_array_equal(corp_line.get_ydata(), band.curve)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "95% simultaneous consistency band" in legend
    assert "95% consistency band" not in legend  # the per-bin band gives way
    plt.close(fig)


def test_reliability_diagram_draws_a_given_band_and_keeps_its_default():
    p, y = [0.1, 0.2, 0.2, 0.8, 0.9, 0.7], [0, 0, 1, 1, 1, 0]
    band = calibration_band(p, y, confidence=0.8, n_resamples=60)
    fig, ax = plt.subplots()
    ax = plot.reliability_diagram(p, y, bins=2, band=band, histogram=False, ax=ax)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "80% simultaneous consistency band" in legend
    plt.close(fig)
    fig, ax = plt.subplots()
    ax = plot.reliability_diagram(p, y, bins=2, histogram=False, ax=ax)
    assert "CORP curve (isotonic)" not in [line.get_label() for line in ax.get_lines()]
    plt.close(fig)
    with pytest.raises(InvalidOptionError, match="band must be None, 'corp' or a CalibrationBand"):
        plot.reliability_diagram(p, y, band="isotonic")
    plt.close("all")
