"""calibration.by_forecaster: each analysis on a ScoreTable equals the same function called
by hand on that forecaster's rows (the oracle is the array function and a selection written
out here), the clusters taken from the questions, the rows left out, and the errors."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import forecastscore as fs
from forecastscore import calibration
from forecastscore.calibration import ForecasterResults, by_forecaster
from forecastscore.errors import (
    ForecastTypeError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
)
from forecastscore.ledger import Ledger

D0 = np.datetime64("2024-01-01", "D")
D1 = dt.date(2024, 6, 1)


def _table(seed=0):
    """Two forecasters on 80 questions; 'ann' forecasts each question twice."""
    rng = np.random.default_rng(seed)
    nq = 80
    truth = rng.uniform(0.05, 0.95, size=nq)
    happened = rng.uniform(size=nq) < truth
    qs = np.array([f"q{i:02d}" for i in range(nq)])
    ann = np.clip(truth + rng.normal(0, 0.1, size=(2, nq)), 0.01, 0.99).round(2)
    bob = np.clip(0.5 + 1.5 * (truth - 0.5), 0.0, 1.0).round(2)
    question = np.concatenate([qs, qs, qs])
    forecaster = np.array(["ann"] * (2 * nq) + ["bob"] * nq)
    made = np.concatenate([np.full(nq, D0), np.full(nq, D0 + 1), np.full(nq, D0)])
    prob = np.concatenate([ann[0], ann[1], bob])
    ledger = Ledger.from_arrays(question, forecaster, made, prob)
    outcomes = [fs.Outcome(q, D1, bool(h)) for q, h in zip(qs, happened, strict=True)]
    rows = {
        "ann": (prob[: 2 * nq], np.concatenate([happened, happened]), question[: 2 * nq]),
        "bob": (bob, happened, qs),
    }
    return ledger.score(outcomes), rows


TABLE, ROWS = _table()


@pytest.mark.parametrize(
    ("analysis", "function", "options"),
    [
        ("spiegelhalter_test", calibration.spiegelhalter_test, {}),
        ("hosmer_lemeshow_test", calibration.hosmer_lemeshow_test, {"n_groups": 5}),
        ("corp_test", calibration.corp_test, {"n_resamples": 99}),
        ("calibration_band", calibration.calibration_band, {"n_resamples": 50}),
        ("discrimination", calibration.discrimination, {"n_resamples": 50}),
    ],
)
def test_by_forecaster_equals_the_function_on_each_forecasters_rows(analysis, function, options):
    r = by_forecaster(TABLE, analysis, **options)
    assert r.forecasters == ("ann", "bob")
    p, y, q = ROWS["ann"]
    want_ann = function(p, y, cluster=q, **options)  # ann has two forecasts per question
    p, y, _ = ROWS["bob"]
    want_bob = function(p, y, **options)  # bob one per question: independent questions
    for got, want in ((r["ann"], want_ann), (r["bob"], want_bob)):
        assert got.to_records() == want.to_records()
    assert r["ann"].n_clusters == 80
    assert r["bob"].n_clusters is None


@pytest.mark.parametrize(
    ("analysis", "function", "options"),
    [
        ("elementary_scores", calibration.elementary_scores, {}),
        ("roc_curve", calibration.roc_curve, {}),
        ("reliability_table", calibration.reliability_table, {"bins": 5}),
        ("murphy_decomposition", calibration.murphy_decomposition, {}),
        ("corp_decomposition", calibration.corp_decomposition, {"rule": "log"}),
    ],
)
def test_by_forecaster_without_clusters(analysis, function, options):
    r = by_forecaster(TABLE, analysis, **options)
    for who in ("ann", "bob"):
        p, y, _ = ROWS[who]
        assert r[who].to_records() == function(p, y, **options).to_records()
    records = r.to_records()
    assert records[0]["forecaster"] == "ann" and records[-1]["forecaster"] == "bob"
    n_ann = len(function(*ROWS["ann"][:2], **options).to_records())
    assert sum(row["forecaster"] == "ann" for row in records) == n_ann


def test_by_forecaster_cluster_by_question_forced_and_refused():
    on = by_forecaster(TABLE, "spiegelhalter_test", cluster_by_question=True)
    p, y, q = ROWS["bob"]
    assert on["bob"].n_clusters == 80
    assert on["bob"].statistic == calibration.spiegelhalter_test(p, y, cluster=q).statistic
    off = by_forecaster(TABLE, "spiegelhalter_test", cluster_by_question=False)
    p, y, _ = ROWS["ann"]
    assert off["ann"].n_clusters is None
    assert off["ann"].statistic == calibration.spiegelhalter_test(p, y).statistic
    with pytest.raises(InvalidOptionError, match="cluster_by_question must be True, False or None"):
        by_forecaster(TABLE, "corp_test", cluster_by_question="yes")


def test_by_forecaster_leaves_out_ranges_and_probability_outcomes():
    d0 = dt.date(2024, 1, 1)
    ledger = Ledger.from_predictions(
        [
            fs.Prediction("q1", "ann", d0, 0.8),
            fs.Prediction("q2", "ann", d0, 0.3),
            fs.Prediction("q3", "ann", d0, fs.ProbabilityRange(0.2, 0.4)),
            fs.Prediction("q4", "ann", d0, 0.6),
        ]
    )
    table = ledger.score(
        [
            fs.Outcome("q1", D1, "yes"),
            fs.Outcome("q2", D1, "no"),
            fs.Outcome("q3", D1, "no"),
            fs.Outcome("q4", D1, probability=0.7),  # a market's price, not an event
        ]
    )
    r = by_forecaster(table, "spiegelhalter_test")
    assert r.left_out == {"not_a_probability": 1, "probability_outcomes": 1}
    assert r["ann"].n == 2
    # by hand on (0.8, yes), (0.3, no): (0.2)(-0.6) + (-0.3)(0.4) = -0.24 over
    # sqrt(0.36 * 0.16 + 0.16 * 0.21) = sqrt(0.0912)
    assert r["ann"].statistic == pytest.approx(-0.24 / 0.0912**0.5, rel=1e-13)


def test_by_forecaster_errors_name_the_forecaster_or_skip():
    d0 = dt.date(2024, 1, 1)
    ledger = Ledger.from_predictions(
        [
            fs.Prediction("q1", "ann", d0, 0.8),
            fs.Prediction("q2", "ann", d0, 0.3),
            fs.Prediction("q1", "cat", d0, 0.5),
        ]
    )
    table = ledger.score([fs.Outcome("q1", D1, "yes"), fs.Outcome("q2", D1, "no")])
    with pytest.raises(InvalidOutcomeError, match="forecaster 'cat': all 1 outcomes are 1"):
        by_forecaster(table, "discrimination")
    r = by_forecaster(table, "discrimination", on_error="skip")
    assert r.forecasters == ("ann",) and r["ann"].auc == 1.0
    assert "all 1 outcomes are 1" in r.skipped["cat"]
    assert repr(r) == "ForecasterResults('discrimination', 1 forecaster, 1 skipped)"
    with pytest.raises(InvalidOptionError, match=r"forecaster 'cat' has no result \(skipped: "):
        r["cat"]
    with pytest.raises(InvalidForecastError, match="forecaster 'cat': Spiegelhalter's variance"):
        by_forecaster(table, "spiegelhalter_test")


def test_by_forecaster_refuses_bad_calls():
    with pytest.raises(ForecastTypeError, match="table must be a ScoreTable .*got list"):
        by_forecaster([0.2], "corp_test")
    with pytest.raises(InvalidOptionError, match="analysis.*'brier'"):
        by_forecaster(TABLE, "brier")
    with pytest.raises(InvalidOptionError, match="cluster= is taken from the table's questions"):
        by_forecaster(TABLE, "corp_test", cluster=np.zeros(240))
    with pytest.raises(InvalidOptionError, match="roc_curve does not take these options"):
        by_forecaster(TABLE, "roc_curve", n_bins=3)
    with pytest.raises(InvalidOptionError, match="on_error.*'warn'"):
        by_forecaster(TABLE, "corp_test", on_error="warn")


def test_forecaster_results_records_pandas_iteration():
    r = by_forecaster(TABLE, "spiegelhalter_test")
    assert isinstance(r, ForecasterResults)
    assert list(r) == ["ann", "bob"] and len(r) == 2
    assert [name for name, _ in r.items()] == ["ann", "bob"]
    frame = r.to_pandas()
    assert list(frame.columns[:3]) == ["forecaster", "test", "statistic"]
    assert frame["forecaster"].tolist() == ["ann", "bob"]
    assert repr(r) == "ForecasterResults('spiegelhalter_test', 2 forecasters, 0 skipped)"
