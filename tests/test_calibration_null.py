"""Size and power of the calibration tests and bands, by seeded simulation (marked slow; it
runs in CI, in about 20 seconds).

Under a calibrated null (forecasts drawn at random, outcomes drawn from them) a valid test's
p-values are uniform on [0, 1]: a Kolmogorov-Smirnov test (scipy.stats.kstest, the oracle)
over several hundred seeded replicates must not reject uniformity at 1 %. Under a
miscalibrated alternative (overconfident forecasts) each test must reject at 5 % in nearly
every replicate. The replicates are seeded, so each check is a fixed computation: it can fail
only if the code changes.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from forecastscore.calibration import (
    calibration_band,
    corp_test,
    hosmer_lemeshow_test,
    spiegelhalter_test,
)

pytestmark = pytest.mark.slow


def _calibrated(seed, n=500):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.02, 0.98, size=n)
    return p, rng.uniform(size=n) < p


def _overconfident(seed, n=1000):
    rng = np.random.default_rng(seed)
    truth = rng.uniform(0.05, 0.95, size=n)
    y = rng.uniform(size=n) < truth
    return np.clip(0.5 + 1.6 * (truth - 0.5), 0.0, 1.0), y


TESTS = {
    "spiegelhalter": lambda p, y, s, **kw: spiegelhalter_test(p, y, **kw),
    "hosmer-lemeshow": lambda p, y, s, **kw: hosmer_lemeshow_test(p, y, **kw),
    "corp": lambda p, y, s, **kw: corp_test(p, y, n_resamples=199, seed=s, **kw),
}


@pytest.mark.parametrize("name", list(TESTS))
def test_p_values_are_uniform_under_a_calibrated_null(name):
    test = TESTS[name]
    pv = np.array([test(*_calibrated(s), s).p_value for s in range(300)])
    ks = stats.kstest(pv, "uniform")
    assert ks.pvalue > 0.01, (name, ks)
    assert 0.02 <= np.mean(pv <= 0.05) <= 0.09, name


def _clustered(seed, n_questions=100, per_question=5):
    """Five forecasters per question, each saying the question's true probability, which
    then happens or not once for all of them (a shared outcome)."""
    rng = np.random.default_rng(seed)
    truth = rng.uniform(0.02, 0.98, size=n_questions)
    happened = rng.uniform(size=n_questions) < truth
    q = np.repeat(np.arange(n_questions), per_question)
    return truth[q], happened[q], q


@pytest.mark.parametrize("name", list(TESTS))
def test_clustered_p_values_are_uniform_when_outcomes_are_shared(name):
    test = TESTS[name]
    clustered, naive = [], []
    kw = {"n_groups": 5} if name == "hosmer-lemeshow" else {}
    if name == "corp":  # 99 resamples: p-values on a grid of 1/100, cheaper per replicate
        test = lambda p, y, s, **kw: corp_test(p, y, n_resamples=99, seed=s, **kw)  # noqa: E731
    for s in range(300):
        p, y, q = _clustered(s)
        clustered.append(test(p, y, s, cluster=q, **kw).p_value)
        naive.append(test(p, y, s, **kw).p_value)
    clustered, naive = np.array(clustered), np.array(naive)
    ks = stats.kstest(clustered, "uniform")
    assert ks.pvalue > 0.01, (name, ks)
    # ignoring the shared outcomes counts each question five times: far too many rejections
    assert np.mean(naive <= 0.05) > 0.15, name


@pytest.mark.parametrize("name", list(TESTS))
def test_each_test_rejects_overconfidence(name):
    test = TESTS[name]
    pv = np.array([test(*_overconfident(s), s).p_value for s in range(40)])
    assert np.mean(pv <= 0.05) >= 0.9, (name, pv)


def test_band_family_wise_level_and_power():
    flagged_null = []
    for s in range(150):
        rng = np.random.default_rng(10_000 + s)
        p = rng.uniform(0.02, 0.98, size=400).round(2)
        y = rng.uniform(size=400) < p
        flagged_null.append(calibration_band(p, y, n_resamples=300, seed=s).miscalibrated.any())
    # at most 5 % of calibrated forecasters are flagged anywhere (binomial sd 1.8 % here)
    assert np.mean(flagged_null) <= 0.09, np.mean(flagged_null)
    flagged_alt = [
        calibration_band(*_overconfident(s), n_resamples=300, seed=s).miscalibrated.any()
        for s in range(20)
    ]
    assert np.mean(flagged_alt) >= 0.9
