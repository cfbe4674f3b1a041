"""Tests of forecastscore.plot and of the docs figures (Agg backend, no display needed)."""

import datetime as dt
import importlib.util
import pathlib

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.image as mimage  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

import forecastscore as fs  # noqa: E402
from forecastscore import plot  # noqa: E402

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def _make_figures():
    spec = importlib.util.spec_from_file_location("make_figures", DOCS / "make_figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the docs figures ---------------------------------------------------------------------


def test_docs_figures_are_produced_with_their_size_and_not_blank(tmp_path):
    make_figures = _make_figures()
    written = make_figures.main(tmp_path)
    assert sorted(p.name for p in written) == sorted(make_figures.FIGURES)
    for name, (width, height) in make_figures.FIGURES.items():
        path = tmp_path / name
        assert path.is_file() and path.stat().st_size > 5_000
        image = mimage.imread(path)
        assert image.shape[:2] == (height, width)
        rgb = image[..., :3].reshape(-1, 3)
        # not blank: many distinct colours, and a fair share of non-white pixels
        assert len(np.unique(rgb.round(2), axis=0)) > 50
        assert np.mean(rgb.min(axis=1) < 0.9) > 0.03


def test_committed_figures_are_those_of_the_docs():
    # the PNGs shown in docs/calibration.md exist and have the sizes the build step makes
    make_figures = _make_figures()
    text = (DOCS / "calibration.md").read_text(encoding="utf-8")
    for name, (width, height) in make_figures.FIGURES.items():
        assert f"figures/{name}" in text
        assert mimage.imread(DOCS / "figures" / name).shape[:2] == (height, width)


# --- the functions ------------------------------------------------------------------------


def test_reliability_diagram_draws_points_band_and_histogram(ax):
    # bins [0, .5) and [.5, 1]: points at (0.15, 0) and (0.8, 2/3)
    out = plot.reliability_diagram([0.1, 0.2, 0.8, 0.9, 0.7], [0, 0, 1, 1, 0], bins=2, ax=ax)
    assert out is ax
    xy = ax.lines[1].get_xydata()  # line 0 is the diagonal, line 1 the observed frequencies
    np.testing.assert_allclose(xy, [[0.15, 0.0], [0.8, 2 / 3]])
    assert len(ax.collections) >= 1  # the consistency band
    assert len(ax.child_axes) == 1  # the sharpness inset
    bars = ax.child_axes[0].patches
    assert [p.get_height() for p in bars] == [2, 3]


def test_reliability_diagram_without_extras_and_on_current_axes(ax):
    plt.sca(ax)
    out = plot.reliability_diagram([0.2, 0.6], [0, 1], consistency=False, histogram=False)
    assert out is ax and isinstance(out, Axes)
    assert not ax.child_axes
    assert not [c for c in ax.collections if c.get_label().endswith("consistency band")]


def test_sharpness_histogram_counts(ax):
    plot.sharpness_histogram([0.05, 0.05, 0.5, 0.95], bins=2, ax=ax)
    assert [p.get_height() for p in ax.patches] == [2, 2]


def test_track_record_with_dates_and_lead_time(ax):
    made = [dt.date(2022, 1, 8), dt.date(2022, 2, 18), dt.date(2022, 1, 1)]
    out = plot.track_record(made, [0.49, 0.01, 0.25], lead_time=[47, 6, 54], ax=ax)
    assert out is ax
    # the running mean in time order: 0.25, (0.25 + 0.49) / 2, (0.25 + 0.49 + 0.01) / 3
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.25, 0.37, 0.25])
    assert len(ax.figure.axes) == 2  # the colour bar


def test_track_record_with_aware_datetimes_and_strings(ax):
    utc = dt.timezone.utc
    plot.track_record(
        [dt.datetime(2022, 1, 1, tzinfo=utc), dt.datetime(2022, 1, 2, tzinfo=utc)],
        [0.1, 0.2],
        ax=ax,
    )
    plot.track_record(np.array(["2022-01-03", "2022-01-04"]), [0.1, 0.2], ax=ax)


def test_score_by_lead_time(ax):
    out = plot.score_by_lead_time([1, 2, 3, 4], [0.1, 0.2, 0.3, 0.4], bins=2, ax=ax)
    assert out is ax
    # two lead-time bins [1, 2.5) and [2.5, 4]: means (1.5, 0.15) and (3.5, 0.35)
    np.testing.assert_allclose(ax.lines[0].get_xydata(), [[1.5, 0.15], [3.5, 0.35]])


def test_plot_errors(ax):
    with pytest.raises(
        fs.ShapeError, match=r"made_at of shape \(1,\) must have the shape of score \(2,\)"
    ):
        plot.track_record(["2022-01-01"], [0.1, 0.2], ax=ax)
    with pytest.raises(
        fs.ShapeError, match=r"lead_time of shape \(1,\) must have the shape of score \(2,\)"
    ):
        plot.track_record(["2022-01-01", "2022-01-02"], [0.1, 0.2], lead_time=[3], ax=ax)
    with pytest.raises(fs.ShapeError, match=r"lead_time of shape \(3,\)"):
        plot.score_by_lead_time([1, 2, 3], [0.1, 0.2], ax=ax)
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[1\] = 1.5 is not a probability"):
        plot.reliability_diagram([0.1, 1.5], [0, 1], ax=ax)
    with pytest.raises(fs.InvalidForecastError, match=r"forecast\[0\] = -0.5"):
        plot.sharpness_histogram([-0.5], ax=ax)


def test_plot_review_regressions(ax):
    # Review findings: bins=0 divided by zero (RuntimeWarning), a bin name raised a builtin
    # ValueError, NaN and inf scores were drawn and averaged silently, a bad time string and
    # empty lead times raised builtin errors.
    with pytest.raises(fs.InvalidOptionError, match=r"bins must be an integer >= 1 \(got 0\)"):
        plot.sharpness_histogram([0.1, 0.2], bins=0, ax=ax)
    with pytest.raises(
        fs.InvalidOptionError, match=r"bins must be an integer >= 1 or an array of edges"
    ):
        plot.sharpness_histogram([0.1, 0.2], bins=True, ax=ax)
    with pytest.raises(fs.ForecastTypeError, match=r"bins must hold real numbers"):
        plot.sharpness_histogram([0.1, 0.2], bins="quantile", ax=ax)
    with pytest.raises(fs.InvalidForecastError, match=r"score\[1\] = nan cannot be drawn"):
        plot.track_record(["2022-01-01", "2022-01-02"], [0.1, np.nan], ax=ax)
    with pytest.raises(fs.InvalidForecastError, match=r"score\[0\] = inf cannot be drawn"):
        plot.score_by_lead_time([1.0], [np.inf], ax=ax)
    with pytest.raises(
        fs.InvalidTimeError, match=r"made_at holds a string that is not an ISO 8601 time"
    ):
        plot.track_record(["x", "y"], [0.1, 0.2], ax=ax)
    with pytest.raises(fs.ShapeError, match=r"empty: there is nothing to draw"):
        plot.score_by_lead_time([], [], ax=ax)
    with pytest.raises(fs.InvalidOptionError, match=r"bins must be an integer >= 1 \(got 'x'\)"):
        plot.score_by_lead_time([1, 2], [0.1, 0.2], bins="x", ax=ax)
    # All forecasts equal under 'quantile' binning: one degenerate bin, still drawn.
    plot.reliability_diagram([0.3, 0.3, 0.3], [0, 1, 0], bins="quantile", ax=ax)


# --- the leaderboard ------------------------------------------------------------------------


def _board():
    # a: Brier 0.01 on each of 6 questions; b: 0.04; c: 0.09 on q0-q2, 0.01 on q3-q5
    predictions = [
        fs.Prediction(f"q{j}", f, dt.date(2024, 1, 1), p)
        for f, ps in (("a", [0.9] * 6), ("b", [0.8] * 6), ("c", [0.7] * 3 + [0.9] * 3))
        for j, p in enumerate(ps)
    ]
    ledger = fs.ledger.Ledger.from_predictions(predictions)
    outcomes = [fs.Outcome(f"q{j}", dt.date(2024, 2, 1), "yes") for j in range(6)]
    return ledger.score(outcomes).leaderboard()


def test_leaderboard_draws_ranks_and_rank_intervals(ax):
    lb = _board()
    out = plot.leaderboard(lb, ax=ax)
    assert out is ax
    # one point per forecaster at (rank, row), best at the top (row 0)
    (points,) = [line for line in ax.lines if line.get_marker() == "o"]
    np.testing.assert_array_equal(points.get_xydata(), [[1, 0], [2, 1], [3, 2]])
    # the bars span rank_low..rank_high: a 1..1, b 2..3, c 2..3
    (bars,) = ax.collections
    spans = [tuple(seg[:, 0]) for seg in bars.get_segments()]
    assert spans == [(1.0, 1.0), (2.0, 3.0), (2.0, 3.0)]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["a (P(1st) 1.00)", "b", f"c (P(1st) {lb.p_first[2]:.2f})"]
    assert ax.get_ylim() == (2.5, -0.5)


def test_leaderboard_plot_on_current_axes_and_refuses_other_things(ax):
    plt.sca(ax)
    assert plot.leaderboard(_board()) is ax
    with pytest.raises(fs.errors.ForecastTypeError, match=r"lb must be a Leaderboard \(got list\)"):
        plot.leaderboard([1, 2])


# --- PIT histogram (issue 11, item 7) -------------------------------------------------------


def test_pit_histogram_densities_and_reference_line(ax):
    # 4 values, 2 bins of width 0.5: [0.1, 0.2, 0.3] -> 3/4 / 0.5 = 1.5; [0.9] -> 0.5
    plot.pit_histogram([0.1, 0.2, 0.3, 0.9], bins=2, ax=ax)
    assert [p.get_height() for p in ax.patches] == [1.5, 0.5]
    assert [tuple(line.get_ydata()) for line in ax.lines] == [(1.0, 1.0)]
    assert ax.get_xlabel() == "PIT value"


def test_pit_histogram_of_calibrated_forecasts_is_flat(ax):
    from scipy import stats

    y = stats.norm.rvs(size=20_000, random_state=3)
    plot.pit_histogram(fs.pit(stats.norm(), y), bins=10, ax=ax)
    # each bin holds about 2000 values: sd of the density sqrt(0.1 * 0.9 / 20000) / 0.1 = 0.021
    assert all(abs(p.get_height() - 1.0) < 0.1 for p in ax.patches)


def test_pit_histogram_errors(ax):
    from forecastscore.errors import InvalidForecastError, InvalidOptionError

    with pytest.raises(InvalidForecastError, match=r"pit_values\[1\] = 1.5 is not a PIT value"):
        plot.pit_histogram([0.5, 1.5], ax=ax)
    with pytest.raises(InvalidForecastError, match="pit_values is empty"):
        plot.pit_histogram([], ax=ax)
    with pytest.raises(InvalidOptionError, match=r"bins must be an integer >= 1 \(got 0\)"):
        plot.pit_histogram([0.5], bins=0, ax=ax)
    with pytest.raises(InvalidOptionError, match=r"bins must be an integer >= 1 \(got 2.5\)"):
        plot.pit_histogram([0.5], bins=2.5, ax=ax)


def test_murphy_diagram_draws_one_line_per_result(ax):
    from forecastscore.calibration import elementary_scores

    y = [1, 0, 1, 0]
    # thresholds given out of order: the line is drawn in threshold order
    sharp = elementary_scores([0.9, 0.1, 0.8, 0.2], y, thresholds=[0.75, 0.25])
    vague = elementary_scores([0.6, 0.4, 0.6, 0.4], y, thresholds=[0.75, 0.25])
    out = plot.murphy_diagram({"sharp": sharp, "vague": vague}, ax=ax)
    assert out is ax
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["sharp", "vague"]
    assert lines[1].get_xdata().tolist() == [0.25, 0.75]
    # vague at 0.25: 0.4 (y=0) acts in vain twice, 2 * 0.25 / 4; at 0.75: 0.6 (y=1) misses
    # twice, 2 * 0.25 / 4; sharp at 0.25: 0; at 0.75: 0.8 and 0.9 act, 0.1 and 0.2 do not: 0
    assert lines[1].get_ydata().tolist() == [0.125, 0.125]
    assert lines[0].get_ydata().tolist() == [0.0, 0.0]
    assert ax.get_legend() is not None


def test_murphy_diagram_single_result_has_no_legend(ax):
    from forecastscore.calibration import elementary_scores

    plot.murphy_diagram(elementary_scores([0.3, 0.8], [0, 1]), ax=ax)
    assert len(ax.get_lines()) == 1 and ax.get_legend() is None


def test_murphy_diagram_refuses_other_objects(ax):
    from forecastscore.calibration import elementary_scores
    from forecastscore.errors import InvalidOptionError

    r = elementary_scores([0.3], [1])
    with pytest.raises(InvalidOptionError, match=r"result_or_results\[1\] is a list"):
        plot.murphy_diagram([r, [0.1, 0.2]], ax=ax)
    with pytest.raises(InvalidOptionError, match=r"result_or_results\['b'\] is a int"):
        plot.murphy_diagram({"a": r, "b": 3}, ax=ax)
    with pytest.raises(InvalidOptionError, match="holds nothing to draw"):
        plot.murphy_diagram([], ax=ax)
    with pytest.raises(InvalidOptionError, match="got str"):
        plot.murphy_diagram("r", ax=ax)
