"""Hostile-input battery (issue 8, deliverable 5): every public function and class, bad input.

Every name in ``forecastscore.__all__`` and in the ``__all__`` of the rooms ``rules``,
``model``, ``scoring``, ``ledger``, ``io``, ``calibration``, ``compare``, ``verbal`` and
``platforms`` is called here with the classes of input a demanding user throws at a library:
NaN, infinities and -0.0, huge and tiny floats, booleans where probabilities go, strings, None,
nested and ragged lists, object arrays, empty and 0-d arrays, complex, datetime64 and bytes,
shapes that do not match, a wrong axis, pandas Series with odd indexes, naive datetimes, the
years 1 and 9999, control characters and lone surrogates in ids, negative, zero and huge
counts and seeds, and keyword values that are not allowed.

Each case is a row ``(function, args, kwargs, expectation)``. The runner :func:`run_case`
allows exactly two things:

- a **value** that a check accepts: an independent computation written out in the table (a
  hand calculation or a one-line numpy formula), or at least finite and of the right shape;
- a **library error** (a subclass of :class:`forecastscore.errors.ForecastScoreError`, which
  is also a ``ValueError`` or ``TypeError``) whose message matches a pattern that names the
  argument, the offending value or its position.

Anything else fails the case: a bare numpy, scipy or Python exception, a warning (the runner
turns warnings into errors, as the suite's ``filterwarnings = error`` does), a NaN where no NaN
went in, a lost row, or a call that runs for more than :data:`TIME_LIMIT` seconds. A few rows
where the design leaves a choice (pair pandas data on its index or refuse it; define or refuse
two forecasts at one instant) use :class:`Either`, which accepts the correct value or the
library error, never the silent third way.

To extend: add a row to the table of the room. :func:`test_every_public_name_is_called` fails
when a public name has no row. The hypothesis tests at the end fuzz the array scores with
random dtypes, shapes and values, on a small example budget.
"""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import io
import math
import re
import signal
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats

import forecastscore as fs
from forecastscore import calibration as cal
from forecastscore import compare as cmp
from forecastscore import distributed as dist
from forecastscore import io as fio
from forecastscore import ledger as led
from forecastscore import model, platforms, rules, scoring, verbal
from forecastscore.errors import (
    FileSchemaError,
    ForecastScoreError,
    ForecastTypeError,
    HindsightError,
    InvalidForecastError,
    InvalidOptionError,
    InvalidOutcomeError,
    InvalidTimeError,
    QuestionMismatchError,
    ShapeError,
    UnknownRuleError,
    UnknownTermError,
)

#: Seconds one call may take; a hostile count must be refused, not obeyed for minutes.
TIME_LIMIT = 5.0

UTC = dt.timezone.utc
D1, D2 = dt.date(2022, 1, 8), dt.date(2022, 2, 24)
DAYS = np.array(["2022-01-08", "2022-01-09"], dtype="datetime64[D]")


# === the runner ==================================================================================


@dataclass(frozen=True)
class Raises:
    """The call must raise ``cls`` (a library error) with a message matching ``match``."""

    cls: type[ForecastScoreError]
    match: str


@dataclass(frozen=True)
class Returns:
    """The call must return a value that ``check`` accepts (``check`` asserts)."""

    check: Callable[[Any], object]


@dataclass(frozen=True)
class Either:
    """Where the design leaves the choice: the correct value, or the library error."""

    raises: Raises
    check: Callable[[Any], object]


Expectation = Raises | Returns | Either


class _TooSlow(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: Any) -> None:
        raise _TooSlow(f"the call ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _check_error(exc: ForecastScoreError, expect: Raises) -> None:
    assert isinstance(exc, (ValueError, TypeError)), (
        f"{type(exc).__name__} is a library error but neither a ValueError nor a TypeError"
    )
    assert isinstance(exc, expect.cls), (
        f"raised {type(exc).__name__}: {exc}; expected {expect.cls.__name__}"
    )
    assert re.search(expect.match, str(exc)), (
        f"the message {str(exc)!r} does not match {expect.match!r}"
    )


def run_case(
    fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], expect: Any
) -> None:
    """Call ``fn(*args, **kwargs)`` and hold the outcome to ``expect`` (see the module doc)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with _time_limit(TIME_LIMIT):
                result = fn(*args, **kwargs)
    except ForecastScoreError as exc:
        if isinstance(expect, Returns):
            pytest.fail(f"raised {type(exc).__name__}: {exc}; expected a value")
        _check_error(exc, expect.raises if isinstance(expect, Either) else expect)
    except _TooSlow as exc:
        pytest.fail(str(exc))
    except BaseException as exc:  # what escaped is the finding
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        pytest.fail(
            f"{type(exc).__module__}.{type(exc).__qualname__} escaped: {exc!s:.300}",
            pytrace=False,
        )
    else:
        if isinstance(expect, Raises):
            pytest.fail(
                f"returned {result!r:.300}; expected {expect.cls.__name__} "
                f"matching {expect.match!r}"
            )
        expect.check(result)


def case(
    fn: Callable[..., Any], *args: Any, expect: Expectation, id: str, **kwargs: Any
) -> Any:  # pytest.param's type is private
    return pytest.param(fn, args, kwargs, expect, id=id)


# --- checks of returned values -------------------------------------------------------------------


def value(expected: Any, *, rel: float = 1e-12, abs: float = 0.0) -> Returns:
    """A float64 score (scalar or array) equal to ``expected``; NaN only where expected."""

    def check(result: Any) -> None:
        out = np.asarray(result)
        want = np.asarray(expected, dtype=np.float64)
        assert out.dtype == np.float64, f"dtype {out.dtype}, expected float64"
        assert out.shape == want.shape, f"shape {out.shape}, expected {want.shape}"
        np.testing.assert_array_equal(np.isnan(out), np.isnan(want), err_msg="NaN pattern")
        np.testing.assert_allclose(out, want, rtol=rel, atol=abs, equal_nan=True)

    return Returns(check)


def finite(shape: tuple[int, ...]) -> Returns:
    """A finite float64 array (or scalar) of the given shape."""

    def check(result: Any) -> None:
        out = np.asarray(result)
        assert out.shape == shape, f"shape {out.shape}, expected {shape}"
        assert out.dtype == np.float64, f"dtype {out.dtype}"
        assert np.all(np.isfinite(out)), f"not finite: {out!r}"

    return Returns(check)


def satisfies(predicate: Callable[[Any], bool], what: str) -> Returns:
    def check(result: Any) -> None:
        assert predicate(result), f"{what}: got {result!r:.400}"

    return Returns(check)


def _err(cls: type[ForecastScoreError], match: str) -> Raises:
    return Raises(cls, match)


ANY = ForecastScoreError  # for rows where several library classes would be right


# === shared fixtures (cheap, built once) =========================================================

P = fs.Prediction("q", "a", D1, 0.3)
O_YES = fs.Outcome("q", D2, "yes")
SIX = [fs.Prediction(f"q{i}", "a", D1, 0.3) for i in range(6)] + [
    fs.Prediction(f"q{i}", "b", D1, 0.6) for i in range(6)
]
LEDGER = led.Ledger.from_predictions(SIX)
# y_i = (i even); brier a: 0.49 / 0.09, b: 0.16 / 0.36
OUTCOMES = [fs.Outcome(f"q{i}", D2, i % 2 == 0) for i in range(6)]
TABLE = LEDGER.score(OUTCOMES)
ONE = led.Ledger.from_predictions([P])
F6 = np.array([0.1, 0.4, 0.6, 0.9, 0.3, 0.7])
Y6 = np.array([0, 0, 1, 1, 1, 0])
A12 = np.linspace(0.1, 0.9, 12)
B12 = A12[::-1] + np.arange(12) * 0.01
H = "question,forecaster,made_at,probability\n"


def _csv(text: str) -> io.StringIO:
    return io.StringIO(text)


def _roundtrip_csv(ledger: led.Ledger) -> list[dict[str, Any]]:
    buf = io.StringIO()
    fio.write_predictions_csv(ledger, buf)
    return fio.read_predictions_csv(io.StringIO(buf.getvalue())).to_records()


def _roundtrip_jsonl(ledger: led.Ledger) -> list[dict[str, Any]]:
    buf = io.StringIO()
    fio.write_predictions_jsonl(ledger, buf)
    return fio.read_predictions_jsonl(io.StringIO(buf.getvalue())).to_records()


def _one_row(question: str, forecaster: str = "a") -> led.Ledger:
    return led.Ledger.from_arrays([question], [forecaster], DAYS[:1], [0.3])


def _ids_build_and_roundtrip(question: str, forecaster: str, fmt: str) -> list[dict[str, Any]]:
    """Build a one-row ledger with these ids and write + read it: either a library error
    (at construction or at writing) or the ids come back unchanged."""
    ledger = _one_row(question, forecaster)
    return _roundtrip_csv(ledger) if fmt == "csv" else _roundtrip_jsonl(ledger)


def _outcome_roundtrip_csv(question: str) -> list[fs.Outcome]:
    buf = io.StringIO()
    fio.write_outcomes_csv([fs.Outcome(question, D2, "yes")], buf)
    return list(fio.read_outcomes_csv(io.StringIO(buf.getvalue())))


def _ids_back(question: str, forecaster: str) -> Callable[[Any], object]:
    def check(records: Any) -> None:
        assert len(records) == 1, f"{len(records)} rows came back for 1"
        assert records[0]["question"] == question and records[0]["forecaster"] == forecaster

    return check


# === rules: the scores on arrays =================================================================

# Independent oracles written out: binary Brier (p - y)^2, log -ln p_y, spherical
# 1 - p_y / sqrt(p^2 + (1 - p)^2); all on the stored float64 values.
RULES_CASES = [
    # brier_score: types
    case(
        fs.brier_score, True, 1, expect=_err(ForecastTypeError, "not booleans"), id="brier-bool-fc"
    ),
    case(fs.brier_score, "0.3", 1, expect=_err(ForecastTypeError, "dtype"), id="brier-str-fc"),
    case(fs.brier_score, b"0.3", 1, expect=_err(ForecastTypeError, "bytes"), id="brier-bytes"),
    case(fs.brier_score, None, 1, expect=_err(ForecastTypeError, "None"), id="brier-None-fc"),
    case(fs.brier_score, 0.3 + 0j, 1, expect=_err(ForecastTypeError, "complex"), id="brier-cplx"),
    case(
        fs.brier_score,
        np.array(["2020-01-01"], dtype="datetime64[D]"),
        1,
        expect=_err(ForecastTypeError, "datetime64"),
        id="brier-datetime64",
    ),
    case(
        fs.brier_score,
        [[0.3, 0.4], [0.1]],
        1,
        expect=_err(ShapeError, "ragged"),
        id="brier-ragged",
    ),
    case(
        fs.brier_score,
        np.array([[0.3], [0.2, 0.1]], dtype=object),
        1,
        expect=_err(ForecastTypeError, r"forecast\[0\]"),
        id="brier-object-nested",
    ),
    case(
        fs.brier_score,
        np.array([0.3, fractions.Fraction(1, 4)], dtype=object),
        [1, 0],
        expect=value([0.49, 0.0625]),
        id="brier-object-fraction",
    ),
    case(
        fs.brier_score,
        decimal.Decimal("0.3"),
        1,
        expect=_err(ForecastTypeError, r"Decimal\('0.3'\)"),
        id="brier-decimal",
    ),
    case(fs.brier_score, 0.3, "yes", expect=_err(ForecastTypeError, "'yes'"), id="brier-str-out"),
    case(fs.brier_score, 0.3, None, expect=_err(ForecastTypeError, "None"), id="brier-None-out"),
    case(fs.brier_score, 0.3, 0.5, expect=_err(InvalidOutcomeError, "0.5"), id="brier-out-half"),
    case(fs.brier_score, 0.3, 2, expect=_err(InvalidOutcomeError, "= 2"), id="brier-out-2"),
    case(fs.brier_score, 0.3, -1, expect=_err(InvalidOutcomeError, "-1"), id="brier-out-neg"),
    case(
        fs.brier_score,
        0.3,
        np.datetime64("2020-01-01"),
        expect=_err(ForecastTypeError, "datetime64"),
        id="brier-out-datetime64",
    ),
    case(fs.brier_score, 0.3, True, expect=value((0.3 - 1) ** 2), id="brier-out-bool-ok"),
    # values at the edges
    case(fs.brier_score, -0.0, 0, expect=value(0.0), id="brier-negzero"),
    case(fs.brier_score, 5e-324, 1, expect=value(1.0), id="brier-subnormal"),
    case(fs.brier_score, 1e308, 1, expect=_err(InvalidForecastError, "1e\\+308"), id="brier-huge"),
    case(
        fs.brier_score, 2**1024, 1, expect=_err(InvalidForecastError, "forecast"), id="brier-bigint"
    ),
    case(
        fs.brier_score,
        [-np.inf, 0.2],
        [1, 1],
        expect=_err(InvalidForecastError, r"forecast\[0\] = -inf"),
        id="brier-neginf",
    ),
    case(
        fs.brier_score,
        [0.2, np.nan],
        [1, 1],
        expect=_err(InvalidForecastError, r"forecast\[1\] is NaN"),
        id="brier-nan-raise",
    ),
    case(
        fs.brier_score,
        [0.2, np.nan],
        [1, 1],
        nan_policy="propagate",
        expect=value([0.64, np.nan], abs=1e-15),
        id="brier-nan-propagate",
    ),
    case(
        fs.brier_score,
        [0.2, np.nan],
        [1, 1],
        nan_policy="omit",
        expect=value([0.64], abs=1e-15),
        id="brier-nan-omit",
    ),
    case(
        fs.brier_score,
        [1.5, np.nan],
        [1, 1],
        nan_policy="omit",
        expect=_err(InvalidForecastError, r"forecast\[0\] = 1.5"),
        id="brier-above-one-omit",
    ),
    case(
        fs.brier_score,
        [1.5, np.nan],
        [1, 1],
        nan_policy="propagate",
        expect=_err(InvalidForecastError, r"forecast\[0\] = 1.5"),
        id="brier-above-one-propagate",
    ),
    # shapes
    case(fs.brier_score, [], [], expect=value(np.zeros(0)), id="brier-empty"),
    case(fs.brier_score, np.array(0.25), np.array(1), expect=value(0.5625), id="brier-0d"),
    case(
        fs.brier_score,
        [0.3, 0.4],
        [1, 0, 1],
        expect=_err(ShapeError, r"\(2,\).*\(3,\)"),
        id="brier-mismatch",
    ),
    case(
        fs.brier_score,
        np.full((1,) * 40, 0.5),
        1,
        expect=value(np.full((1,) * 40, 0.25)),
        id="brier-40-dims",
    ),
    case(
        fs.brier_score,
        np.broadcast_to(0.3, (3,)),
        [1, 0, 1],
        expect=value([0.49, 0.09, 0.49], abs=1e-15),
        id="brier-readonly-broadcast",
    ),
    # pandas: a Series is paired on its index, or refused when the indexes differ; never by
    # position in silence. forecast a=0.4 (index 0), 0.3 (index 1); outcome 1 at index 0,
    # 0 at index 1: aligned, index 0 -> (0.4-1)^2 = 0.36, index 1 -> (0.3-0)^2 = 0.09.
    case(
        fs.brier_score,
        pd.Series([0.3, 0.4], index=[1, 0]),
        pd.Series([1, 0], index=[0, 1]),
        expect=Either(
            _err(ANY, "index"),
            lambda r: np.testing.assert_allclose(
                r.sort_index().to_numpy() if isinstance(r, pd.Series) else r,
                [0.36, 0.09] if isinstance(r, pd.Series) else [0.09, 0.36],
                atol=1e-15,
            ),
        ),
        id="brier-series-index-permuted",
    ),
    case(
        fs.brier_score,
        pd.Series([0.3, 0.4], index=[0, 1]),
        pd.Series([1, 0], index=[5, 6]),
        expect=_err(ANY, "index"),
        id="brier-series-disjoint-index",
    ),
    case(
        fs.brier_score,
        pd.Series([0.3, 0.4], index=["a", "b"]),
        [1, 0],
        expect=value([0.49, 0.16], abs=1e-15),
        id="brier-series-vs-list",
    ),
    case(
        fs.brier_score,
        [0.3, 0.4],
        pd.Series([True, None], dtype="boolean"),
        expect=_err(ForecastTypeError, r"outcome\[1\]"),
        id="brier-series-NA-outcome",
    ),
    # keyword values
    case(
        fs.brier_score,
        [0.3],
        [1],
        nan_policy="ignore",
        expect=_err(InvalidOptionError, "nan_policy.*'ignore'"),
        id="brier-nan-policy",
    ),
    case(
        fs.brier_score,
        [0.3],
        [1],
        nan_policy=None,
        expect=_err(InvalidOptionError, "nan_policy.*None"),
        id="brier-nan-policy-None",
    ),
    # reduce=, weights=, check= (every score takes them; tests/test_reduce.py has the rest)
    case(
        fs.brier_score,
        [0.3],
        [1],
        reduce="avg",
        expect=_err(InvalidOptionError, r"reduce must be None, 'mean' or 'sum' \(got 'avg'\)"),
        id="brier-reduce-unknown",
    ),
    case(
        fs.brier_score,
        [0.3],
        [1],
        reduce=np.mean,
        expect=_err(InvalidOptionError, "reduce must be None, 'mean' or 'sum'"),
        id="brier-reduce-function",
    ),
    case(
        fs.brier_score,
        [0.3, 0.8],
        [1, 0],
        weights=[1, 2],
        expect=_err(InvalidOptionError, "weights apply to a reduction.*reduce=None"),
        id="brier-weights-without-reduce",
    ),
    case(
        fs.brier_score,
        [0.3, 0.8],
        [1, 0],
        reduce="mean",
        weights=[1.0, -2.0],
        expect=_err(InvalidOptionError, r"weights\[1\] = -2.0 is not a weight"),
        id="brier-weights-negative",
    ),
    case(
        fs.brier_score,
        [0.3, 0.8],
        [1, 0],
        reduce="mean",
        weights=[math.nan, 1.0],
        expect=_err(InvalidOptionError, r"weights\[0\] = nan is not a weight"),
        id="brier-weights-nan",
    ),
    case(
        fs.brier_score,
        [0.3, 0.8],
        [1, 0],
        reduce="sum",
        weights=[1.0, math.inf],
        expect=_err(InvalidOptionError, r"weights\[1\] = inf is not a weight"),
        id="brier-weights-inf",
    ),
    case(
        fs.brier_score,
        [0.3, 0.8],
        [1, 0],
        reduce="mean",
        weights=[True, True],
        expect=_err(ForecastTypeError, r"weights\[0\] = True is a boolean"),
        id="brier-weights-bool",
    ),
    case(
        fs.brier_score,
        [0.3, 0.8],
        [1, 0],
        reduce="mean",
        weights=[1, 2, 3],
        expect=_err(ShapeError, r"weights of shape \(3,\)"),
        id="brier-weights-shape",
    ),
    case(
        fs.brier_score,
        [0.3, 0.8],
        [1, 0],
        reduce="mean",
        weights=[0.0, 0.0],
        expect=_err(InvalidOptionError, "weights sum to 0"),
        id="brier-weights-all-zero",
    ),
    case(
        fs.brier_score,
        [],
        [],
        reduce="mean",
        expect=_err(InvalidOptionError, "reduce='mean' of no scores"),
        id="brier-mean-of-nothing",
    ),
    case(fs.brier_score, [], [], reduce="sum", expect=value(0.0), id="brier-sum-of-nothing"),
    case(
        fs.brier_score,
        [0.3],
        [1],
        check=1,
        expect=_err(InvalidOptionError, r"check must be True or False \(got 1\)"),
        id="brier-check-not-bool",
    ),
    case(
        fs.crps,
        stats.norm(0, 1),
        [0.0, 1.0],
        reduce="mean",
        weights="heavy",
        expect=_err(ForecastTypeError, "weights must hold real numbers"),
        id="crps-weights-string",
    ),
    case(
        fs.quantile_score,
        [1.0, 2.0],
        [math.nan, 4.0],
        level=0.5,
        reduce="sum",
        nan_policy="omit",
        expect=value(1.0),
        id="quantile-sum-omit",
    ),
    # log_score
    case(fs.log_score, 0.0, 1, expect=value(np.inf), id="log-zero-is-inf"),
    case(fs.log_score, 5e-324, 1, expect=value(1074 * math.log(2)), id="log-subnormal"),
    case(fs.log_score, 5e-324, 1, base=2, expect=value(1074.0), id="log-subnormal-bits"),
    # a distribution forecast: -log phi(0) = log(2 pi) / 2; Poisson(2) at 0: -log e^-2 = 2
    case(
        fs.log_score,
        stats.norm(),
        0.0,
        expect=value(0.5 * math.log(2 * math.pi)),
        id="log-dist-normal",
    ),
    case(fs.log_score, stats.poisson(2.0), 0, expect=value(2.0), id="log-dist-poisson"),
    case(fs.log_score, stats.expon(), -1.0, expect=value(np.inf), id="log-dist-outside"),
    case(
        fs.log_score,
        stats.norm(0.0, -1.0),
        0.0,
        expect=_err(InvalidForecastError, "scale=-1.0"),
        id="log-dist-bad-scale",
    ),
    case(
        fs.log_score,
        stats.norm(),
        0.0,
        clip=0.1,
        expect=_err(InvalidOptionError, "clip=0.1"),
        id="log-dist-clip",
    ),
    # log_score_ensemble: -log((phi(2) + phi(0)) / 2)
    case(
        rules.log_score_ensemble,
        [-1.0, 1.0],
        1.0,
        bandwidth=1.0,
        expect=value(-math.log((math.exp(-2.0) + 1.0) / 2.0 / math.sqrt(2 * math.pi))),
        id="lse-value",
    ),
    case(
        rules.log_score_ensemble,
        [1.0, 1.0],
        1.0,
        expect=_err(InvalidForecastError, r"all equal \(1.0\)"),
        id="lse-no-spread",
    ),
    case(
        rules.log_score_ensemble,
        [0.0, 1.0],
        1.0,
        bandwidth=np.nan,
        expect=_err(InvalidOptionError, "bandwidth"),
        id="lse-nan-bandwidth",
    ),
    # crps_ensemble with member weights 3/4, 1/4 on 0, 4 at 1: 1.5 - 0.75 = 0.75
    case(
        fs.crps_ensemble,
        [0.0, 4.0],
        1.0,
        member_weights=[3.0, 1.0],
        expect=value(0.75),
        id="ens-member-weights",
    ),
    case(
        fs.crps_ensemble,
        [0.0, 4.0],
        1.0,
        member_weights=[np.nan, 1.0],
        expect=_err(InvalidOptionError, r"member_weights\[0\] = nan"),
        id="ens-member-weights-nan",
    ),
    # twcrps_ensemble: members 1.5, 1.5, 4 against 2 after moving into [1.5, inf): 4/9
    case(
        rules.twcrps_ensemble,
        [0.0, 1.0, 4.0],
        2.0,
        lower=1.5,
        expect=value(4 / 9),
        id="tw-ens-value",
    ),
    case(
        rules.twcrps_ensemble,
        [0.0, 1.0],
        0.5,
        lower=1.0,
        upper=1.0,
        expect=_err(InvalidOptionError, "lower = 1.0 is not below upper = 1.0"),
        id="tw-ens-empty-range",
    ),
    # twcrps of N(0, 1) at 0 above 0: half of (sqrt 2 - 1) / sqrt(pi)
    case(
        rules.twcrps,
        stats.norm(),
        0.0,
        lower=0.0,
        expect=value((math.sqrt(2) - 1) / math.sqrt(math.pi) / 2),
        id="tw-normal-half",
    ),
    case(
        rules.twcrps,
        stats.gamma(2.0),
        0.0,
        expect=_err(ForecastTypeError, "scipy.stats.norm"),
        id="tw-not-normal",
    ),
    # pit: Phi(0) = 1/2; pit_uniformity of 0.1, 0.3, ..., 0.9: distance 0.1
    case(fs.pit, stats.norm(), 0.0, expect=value(0.5), id="pit-value"),
    case(
        fs.pit,
        stats.norm(0.0, 0.0),
        0.0,
        expect=_err(InvalidForecastError, "scale=0.0"),
        id="pit-zero-scale",
    ),
    case(fs.pit, [0.0, 1.0], "x", expect=_err(ForecastTypeError, "outcome"), id="pit-str"),
    case(
        rules.pit_uniformity,
        [1.5],
        expect=_err(InvalidForecastError, r"pit_values\[0\] = 1.5"),
        id="pitu-out-of-range",
    ),
    case(
        lambda: np.float64(rules.pit_uniformity([0.1, 0.3, 0.5, 0.7, 0.9]).statistic),
        expect=value(0.1),
        id="pitu-statistic",
    ),
    case(
        rules.log_score_ensemble,
        [0.0, np.inf],
        1.0,
        expect=_err(InvalidForecastError, r"members\[1\] = inf"),
        id="lse-inf-member",
    ),
    case(fs.log_score, 1e-17, 0, expect=value(1e-17, rel=1e-12), id="log-tiny-complement"),
    case(fs.log_score, 0.3, 1, base=1, expect=_err(InvalidOptionError, "base.*1"), id="log-base-1"),
    case(
        fs.log_score,
        0.3,
        1,
        base=-2,
        expect=_err(InvalidOptionError, "base.*-2"),
        id="log-base-neg",
    ),
    case(
        fs.log_score,
        0.3,
        1,
        base=np.nan,
        expect=_err(InvalidOptionError, "base.*nan"),
        id="log-base-nan",
    ),
    case(
        fs.log_score,
        0.3,
        1,
        base=True,
        expect=_err(InvalidOptionError, "base.*True"),
        id="log-base-bool",
    ),
    case(
        fs.log_score,
        0.3,
        1,
        base="2",
        expect=_err(InvalidOptionError, "base.*'2'"),
        id="log-base-str",
    ),
    case(
        fs.log_score,
        0.3,
        1,
        base=np.inf,
        expect=_err(InvalidOptionError, "base.*inf"),
        id="log-base-inf",
    ),
    # A base below 1 turns the loss upside down (-ln p / ln b < 0): lower would be worse.
    case(
        fs.log_score,
        0.3,
        1,
        base=0.5,
        expect=_err(InvalidOptionError, "base.*0.5"),
        id="log-base-below-one-flips-orientation",
    ),
    case(fs.log_score, 0.3, 1, base=3, expect=value(-math.log(0.3) / math.log(3)), id="log-base-3"),
    case(
        fs.log_score,
        0.3,
        1,
        clip=0.6,
        expect=_err(InvalidOptionError, "clip.*0.6"),
        id="log-clip-big",
    ),
    case(
        fs.log_score,
        0.3,
        1,
        clip=-1,
        expect=_err(InvalidOptionError, "clip.*-1"),
        id="log-clip-neg",
    ),
    case(
        fs.log_score,
        0.3,
        1,
        clip=np.nan,
        expect=_err(InvalidOptionError, "clip.*nan"),
        id="log-clip-nan",
    ),
    case(
        fs.log_score,
        0.3,
        1,
        clip=True,
        expect=_err(InvalidOptionError, "clip.*True"),
        id="log-clip-bool",
    ),
    case(fs.log_score, 0.0, 1, clip=1e-300, expect=value(300 * math.log(10)), id="log-clip-tiny"),
    case(fs.log_score, [0.3, 0.4], [[1, 0]], expect=finite((1, 2)), id="log-broadcast"),
    # spherical_score
    case(
        fs.spherical_score,
        0.3,
        1,
        expect=value(1 - 0.3 / math.sqrt(0.3**2 + 0.7**2)),
        id="spherical-value",
    ),
    case(fs.spherical_score, 5e-324, 1, expect=value(1.0), id="spherical-subnormal"),
    case(
        fs.spherical_score,
        np.nan,
        1,
        nan_policy="propagate",
        expect=value(np.nan),
        id="spherical-nan-propagate",
    ),
    case(
        fs.spherical_score,
        [True],
        [1],
        expect=_err(ForecastTypeError, "boolean"),
        id="spherical-bool",
    ),
    # categorical scores: (forecast, outcome index)
    case(
        fs.categorical_brier_score,
        [[0.5, 0.5]],
        [2],
        expect=_err(InvalidOutcomeError, r"outcome\[0\] = 2"),
        id="catbrier-out-of-range",
    ),
    case(
        fs.categorical_brier_score,
        [[0.5, 0.5]],
        [-1],
        expect=_err(InvalidOutcomeError, r"outcome\[0\] = -1"),
        id="catbrier-negative-index",
    ),
    case(
        fs.categorical_brier_score,
        [[0.5, 0.5]],
        [0.5],
        expect=_err(InvalidOutcomeError, r"outcome\[0\] = 0.5"),
        id="catbrier-fractional-index",
    ),
    case(
        fs.categorical_brier_score,
        [[0.5, 0.5]],
        [True],
        expect=_err(ForecastTypeError, r"outcome\[0\].*boolean"),
        id="catbrier-bool-index",
    ),
    case(
        fs.categorical_brier_score,
        [[0.5, 0.5]],
        [2**70],
        expect=_err(InvalidOutcomeError, r"outcome\[0\]"),
        id="catbrier-huge-index",
    ),
    case(
        fs.categorical_brier_score,
        [[0.5, 0.5]],
        [0],
        axis=2,
        expect=_err(ShapeError, "axis 2"),
        id="catbrier-axis-out",
    ),
    case(
        fs.categorical_brier_score,
        [[0.5, 0.5]],
        [0],
        axis=1.0,
        expect=_err(InvalidOptionError, "axis.*1.0"),
        id="catbrier-axis-float",
    ),
    case(
        fs.categorical_brier_score,
        [[0.5, 0.5]],
        [0],
        axis=True,
        expect=_err(InvalidOptionError, "axis.*True"),
        id="catbrier-axis-bool",
    ),
    case(
        fs.categorical_brier_score,
        [[0.5, 0.6]],
        [0],
        expect=_err(InvalidForecastError, r"forecast\[0, :\] sums to 1.1"),
        id="catbrier-sum",
    ),
    case(
        fs.categorical_brier_score,
        [[0.5, 0.5]],
        [0],
        atol=-1,
        expect=_err(InvalidOptionError, "atol.*-1"),
        id="catbrier-atol-neg",
    ),
    case(
        fs.categorical_brier_score,
        [[0.5, 0.5]],
        [0],
        atol=np.nan,
        expect=_err(InvalidOptionError, "atol.*nan"),
        id="catbrier-atol-nan",
    ),
    case(
        fs.categorical_brier_score,
        np.zeros((1, 0)),
        [0],
        expect=_err(ShapeError, "at least 2 categories"),
        id="catbrier-no-categories",
    ),
    case(
        fs.categorical_brier_score,
        0.5,
        0,
        expect=_err(ShapeError, "category axis"),
        id="catbrier-scalar",
    ),
    case(
        fs.categorical_brier_score,
        np.zeros((0, 3)),
        np.zeros(0, int),
        expect=value(np.zeros(0)),
        id="catbrier-empty",
    ),
    case(
        fs.categorical_brier_score,
        [[0.2, 0.8]],
        [1],
        expect=value([0.08], abs=1e-15),
        id="catbrier-value",
    ),
    case(
        fs.categorical_log_score,
        [[1.0, 0.0]],
        [1],
        expect=value([np.inf]),
        id="catlog-zero-inf",
    ),
    case(
        fs.categorical_log_score,
        [[5e-324, 1.0]],
        [0],
        base=2,
        expect=value([1074.0]),
        id="catlog-subnormal-bits",
    ),
    case(
        fs.categorical_log_score,
        [[0.5, 0.5]],
        [np.iinfo(np.int64).max],
        expect=_err(InvalidOutcomeError, "9223372036854775807"),
        id="catlog-int64-max",
    ),
    case(
        fs.categorical_log_score,
        [[0.5, 0.5]],
        [0],
        base=0.5,
        expect=_err(InvalidOptionError, "base.*0.5"),
        id="catlog-base-below-one",
    ),
    case(
        fs.categorical_spherical_score,
        [[5e-324, 1.0]],
        [0],
        expect=value([1.0]),
        id="catspherical-subnormal",
    ),
    case(
        fs.categorical_spherical_score,
        [["0.5", "0.5"]],
        [0],
        expect=_err(ForecastTypeError, "dtype"),
        id="catspherical-strings",
    ),
    # RPS: cumulative (0.2, 0.5, 1) against (0, 0, 1): 0.04 + 0.25 = 0.29; normalised / 2
    case(
        fs.ranked_probability_score,
        [[0.2, 0.3, 0.5]],
        [2],
        expect=value([0.29], abs=1e-15),
        id="rps-value",
    ),
    case(
        fs.ranked_probability_score,
        [[0.2, 0.3, 0.5]],
        [2],
        normalize=True,
        expect=value([0.145], abs=1e-15),
        id="rps-normalized",
    ),
    case(
        fs.ranked_probability_score,
        [[0.5, 0.5]],
        [0],
        normalize="yes",
        expect=_err(InvalidOptionError, "normalize.*'yes'"),
        id="rps-normalize-str",
    ),
    case(
        fs.ranked_probability_score,
        [[0.5, 0.5], [0.5, 0.5]],
        [0, 1, 1],
        expect=_err(ShapeError, r"\(3,\)"),
        id="rps-mismatch",
    ),
    # crps on scipy distributions
    case(fs.crps, stats.norm(0, 1), np.nan, expect=_err(InvalidOutcomeError, "NaN"), id="crps-nan"),
    case(fs.crps, stats.norm(0, 1), np.inf, expect=_err(InvalidOutcomeError, "inf"), id="crps-inf"),
    case(fs.crps, stats.norm(0, 1), "a", expect=_err(ForecastTypeError, "'a'"), id="crps-str"),
    case(fs.crps, stats.norm(0, 1), None, expect=_err(ForecastTypeError, "None"), id="crps-None"),
    case(fs.crps, stats.norm(0, 1), True, expect=_err(ForecastTypeError, "True"), id="crps-bool"),
    case(fs.crps, stats.norm(0, 1), [], expect=value(np.zeros(0)), id="crps-empty"),
    # CRPS(N(0,1), y) = y (2 Phi(y) - 1) + 2 phi(y) - 1/sqrt(pi); at y=0: 2 phi(0) - 1/sqrt(pi)
    case(
        fs.crps,
        stats.norm(0, 1),
        -0.0,
        expect=value(2 / math.sqrt(2 * math.pi) - 1 / math.sqrt(math.pi), rel=1e-14),
        id="crps-negzero",
    ),
    case(fs.crps, stats.norm(0, 1), 1e308, expect=value(1e308), id="crps-huge-outcome"),
    case(
        fs.crps,
        stats.norm(0, 0),
        1.0,
        expect=_err(InvalidForecastError, "scale=0.0"),
        id="crps-zero-scale",
    ),
    case(
        fs.crps,
        stats.norm([0, 1], 1),
        [1.0, 2.0, 3.0],
        expect=_err(ShapeError, r"\(2,\).*\(3,\)"),
        id="crps-mismatch",
    ),
    case(fs.crps, 0.3, 1.0, expect=_err(ForecastTypeError, "frozen"), id="crps-float-forecast"),
    case(fs.crps, stats.norm, 1.0, expect=_err(ForecastTypeError, "norm_gen"), id="crps-unfrozen"),
    case(
        fs.crps, stats.poisson(3), 2, expect=_err(ForecastTypeError, "discrete"), id="crps-discrete"
    ),
    case(
        fs.crps,
        stats.norm(np.nan, 1),
        1.0,
        expect=_err(InvalidForecastError, "loc=nan"),
        id="crps-nan-param",
    ),
    case(
        fs.crps,
        stats.norm([0, np.nan], 1),
        [1.0, 1.0],
        nan_policy="propagate",
        expect=value([0.6024413576276163, np.nan], rel=1e-13),
        id="crps-nan-param-propagate",
    ),
    case(
        fs.crps,
        stats.norm(0, 1),
        np.array([1.0], dtype=object),
        expect=value([0.6024413576276163], rel=1e-13),
        id="crps-object-outcome",
    ),
    case(
        fs.crps,
        stats.norm(0, 1),
        np.datetime64("2020-01-01"),
        expect=_err(ForecastTypeError, "datetime64"),
        id="crps-datetime64-outcome",
    ),
    # issue 8 row 13 (a shape parameter missing; scipy 1.17 refuses to freeze that) and its
    # class: parameters that do not broadcast with each other
    case(
        fs.crps,
        stats.gamma([1.0, 2.0], scale=[1.0, 2.0, 3.0]),
        1.0,
        expect=_err(ShapeError, r"\(2,\).*\(3,\)"),
        id="crps-parameters-do-not-broadcast",
    ),
    case(
        fs.crps,
        stats.gamma(None),
        1.0,
        expect=_err(ForecastTypeError, "'a' = None"),
        id="crps-None-shape",
    ),
    # heavy tails: the CRPS integral of (F - 1[x >= y])^2 is finite for the Cauchy
    # (mpmath quadrature at 30 digits: 0.720635600152651593...), infinite when the tail
    # 1 - F decays like x^(-1/2) (t with 0.5 df, Pareto 0.5, Levy): inf or a library error.
    case(
        fs.crps, stats.cauchy(), 1.0, expect=value(0.7206356001526516, rel=1e-10), id="crps-cauchy"
    ),
    case(fs.crps, stats.t(1.0), 1.0, expect=value(0.7206356001526516, rel=1e-10), id="crps-t-1df"),
    case(
        fs.crps,
        stats.t(0.5),
        1.0,
        expect=Either(
            _err(InvalidForecastError, "t"), lambda r: r == np.inf or pytest.fail(repr(r))
        ),
        id="crps-t-half-df-infinite",
    ),
    case(
        fs.crps,
        stats.pareto(0.5),
        1.0,
        expect=Either(
            _err(InvalidForecastError, "pareto"), lambda r: r == np.inf or pytest.fail(repr(r))
        ),
        id="crps-pareto-half-infinite",
    ),
    case(
        fs.crps,
        stats.levy(),
        1.0,
        expect=Either(
            _err(InvalidForecastError, "levy"), lambda r: r == np.inf or pytest.fail(repr(r))
        ),
        id="crps-levy-infinite",
    ),
    # Beta(eps, eps) is Bernoulli(1/2) on {0, 1} in the limit: 0.5 * 0.25 + 0.5 * 0.25
    case(
        fs.crps, stats.beta(1e-300, 1e-300), 0.5, expect=value(0.25, rel=1e-12), id="crps-beta-tiny"
    ),
    # issue 8 row 1 and 2 (reference values from the issue)
    case(fs.crps, stats.halfcauchy(), 1.0, expect=value(0.44127, rel=1e-4), id="crps-halfcauchy"),
    case(
        fs.crps, stats.lognorm(12.0), 1.0, expect=value(3.99981e14, rel=1e-5), id="crps-lognorm-12"
    ),
    # crps_normal and kin (forecast parameters first): sigma (z erf(z/sqrt2) + 2 phi(z) - 1/sqrt pi)
    # at z = 0 is (sqrt 2 - 1) / sqrt(pi)
    case(
        rules.crps_normal,
        0.0,
        1.0,
        0.0,
        expect=value((math.sqrt(2.0) - 1.0) / math.sqrt(math.pi), rel=1e-15),
        id="crpsn-mean",
    ),
    case(
        rules.crps_normal,
        0.0,
        [1.0, -1.0],
        0.0,
        expect=_err(InvalidForecastError, r"scale\[1\] = -1.0 is not positive"),
        id="crpsn-neg-scale",
    ),
    case(
        rules.crps_normal,
        np.nan,
        1.0,
        0.0,
        expect=_err(InvalidForecastError, "loc is NaN"),
        id="crpsn-nan-loc",
    ),
    case(rules.crps_normal, 0.0, 1.0, "a", expect=_err(ForecastTypeError, "'a'"), id="crpsn-str"),
    # a scale so small that (y - loc) / scale overflows: a point mass, |y - loc|
    case(rules.crps_normal, 0.0, 5e-324, 1e300, expect=value(1e300), id="crpsn-point-mass"),
    case(
        rules.crps_logistic,
        0.0,
        [True],
        0.0,
        expect=_err(ForecastTypeError, "booleans"),
        id="crpsl-bool-scale",
    ),
    case(
        rules.crps_laplace,
        0.0,
        [[1.0, 0.0]],
        0.0,
        expect=_err(InvalidForecastError, r"scale\[0, 1\] = 0.0 is not positive"),
        id="crpsla-zero-scale",
    ),
    case(
        rules.log_score_normal,
        0.0,
        1.0,
        np.inf,
        expect=_err(InvalidOutcomeError, "inf"),
        id="lsn-inf",
    ),
    case(
        rules.log_score_normal,
        0.0,
        1.0,
        0.0,
        base=-2.0,
        expect=_err(InvalidOptionError, "base"),
        id="lsn-base",
    ),
    # z = 1, sigma = 2: 1/2 + ln 2 + ln(2 pi)/2
    case(
        rules.log_score_normal,
        1.0,
        2.0,
        3.0,
        expect=value(0.5 + math.log(2.0) + 0.5 * math.log(2 * math.pi), rel=1e-15),
        id="lsn-value",
    ),
    case(
        fs.crps_ensemble,
        [1.0, 2.0],
        1.0,
        engine="fortran",
        expect=_err(InvalidOptionError, "engine must be 'numpy' or 'numba'"),
        id="ens-engine",
    ),
    # as ens-huge below, by the compiled loop (which hands huge rows to the rescaling kernel)
    case(
        fs.crps_ensemble,
        [1e308, -1e308],
        1e308,
        engine="numba",
        expect=value(5e307),
        id="ens-huge-numba",
    ),
    # crps_ensemble: CRPS = mean|x - y| - sum_ij |x_i - x_j| / (2 m^2)
    case(fs.crps_ensemble, [], 1.0, expect=_err(ShapeError, "at least 1"), id="ens-empty-members"),
    case(
        fs.crps_ensemble,
        [1.0, np.inf],
        1.0,
        expect=_err(InvalidForecastError, r"members\[1\] = inf"),
        id="ens-inf",
    ),
    case(
        fs.crps_ensemble,
        [1.0, 2.0],
        1.0,
        fair="yes",
        expect=_err(InvalidOptionError, "fair.*'yes'"),
        id="ens-fair-str",
    ),
    case(
        fs.crps_ensemble,
        [1.0],
        1.0,
        fair=True,
        expect=_err(ShapeError, "at least 2"),
        id="ens-fair-one-member",
    ),
    case(
        fs.crps_ensemble,
        [True, False],
        0.0,
        expect=_err(ForecastTypeError, "booleans"),
        id="ens-bool",
    ),
    case(
        fs.crps_ensemble,
        [1.0, 2.0],
        1.0,
        axis=3,
        expect=_err(ShapeError, "axis 3"),
        id="ens-axis",
    ),
    # mean|x - y| = (0 + 2e308)/2 = 1e308; pair term (2 * 2e308) / 8 = 5e307 -> 5e307
    case(fs.crps_ensemble, [1e308, -1e308], 1e308, expect=value(5e307), id="ens-huge"),
    # 1.7e308 - (4 * 3.4e308) / 18 = 1.7e308 * (1 - 4/9) = 9.4444e307
    case(
        fs.crps_ensemble,
        [1.7e308, -1.7e308, 1.7e308],
        0.0,
        expect=value(1.7e308 / 9 * 5, rel=1e-14),
        id="ens-near-max",
    ),
    case(
        fs.crps_ensemble,
        [[1.0, np.nan], [1.0, 2.0]],
        [1.0, 1.0],
        nan_policy="propagate",
        expect=value([np.nan, 0.25]),
        id="ens-nan-propagate",
    ),
    # an empty boolean array is still booleans (the message must not need a first element),
    # and an outcome holding both infinities is still "not finite" (no inf - inf warning)
    case(
        fs.crps_ensemble,
        np.array([], dtype=bool),
        np.array([]),
        expect=_err(ForecastTypeError, "members.*booleans"),
        id="ens-empty-bool",
    ),
    case(
        fs.quantile_score,
        np.array([], dtype=bool),
        1.0,
        level=0.5,
        expect=_err(ForecastTypeError, "forecast.*booleans"),
        id="qs-empty-bool",
    ),
    case(
        fs.interval_score,
        np.array([], dtype=bool),
        np.array([]),
        np.array([]),
        alpha=0.5,
        expect=_err(ForecastTypeError, "lower.*booleans"),
        id="is-empty-bool",
    ),
    case(
        fs.crps_ensemble,
        [0.0],
        [np.inf, -np.inf],
        expect=_err(InvalidOutcomeError, r"outcome\[0\] = inf"),
        id="ens-outcome-both-infinities",
    ),
    case(
        fs.quantile_score,
        [0.0],
        [np.inf, -np.inf],
        level=0.5,
        expect=_err(InvalidOutcomeError, r"outcome\[0\] = inf"),
        id="qs-outcome-both-infinities",
    ),
    # quantile_score: (1[y < q] - tau)(q - y)
    case(
        fs.quantile_score,
        1.0,
        2.0,
        level=0,
        expect=_err(InvalidOptionError, "level"),
        id="qs-level-0",
    ),
    case(
        fs.quantile_score,
        1.0,
        2.0,
        level=1,
        expect=_err(InvalidOptionError, "level"),
        id="qs-level-1",
    ),
    case(
        fs.quantile_score,
        1.0,
        2.0,
        level=np.nan,
        expect=_err(InvalidOptionError, "level.*nan"),
        id="qs-level-nan",
    ),
    case(
        fs.quantile_score,
        1.0,
        2.0,
        level=True,
        expect=_err(InvalidOptionError, "level.*True"),
        id="qs-level-bool",
    ),
    case(
        fs.quantile_score,
        1.0,
        2.0,
        level="0.5",
        expect=_err(InvalidOptionError, "level.*'0.5'"),
        id="qs-level-str",
    ),
    # 0.5 * (1e308 - (-1e308)) = 1e308: finite, but q - y overflows first
    case(
        fs.quantile_score,
        1e308,
        -1e308,
        level=0.5,
        expect=value(1e308),
        id="qs-huge-no-overflow",
    ),
    # y >= q: tau (y - q) = 0.25 * 2e308 = 5e307
    case(
        fs.quantile_score,
        -1e308,
        1e308,
        level=0.25,
        expect=value(5e307),
        id="qs-huge-no-overflow-below",
    ),
    case(
        fs.quantile_score,
        [1.0, 2.0],
        [2.0, 2.0],
        level=[0.1, 0.2, 0.3],
        expect=_err(ShapeError, "level"),
        id="qs-level-shape",
    ),
    # interval_score
    case(
        fs.interval_score,
        2.0,
        1.0,
        1.5,
        alpha=0.1,
        expect=_err(InvalidForecastError, "lower = 2.0.*upper = 1.0"),
        id="is-reversed",
    ),
    case(
        fs.interval_score,
        1.0,
        2.0,
        1.5,
        alpha=0,
        expect=_err(InvalidOptionError, "alpha"),
        id="is-alpha-0",
    ),
    case(
        fs.interval_score,
        1.0,
        2.0,
        1.5,
        alpha=[0.1, 0.2, 0.3],
        expect=_err(ShapeError, "alpha"),
        id="is-alpha-shape",
    ),
    # width 1 + 2/0.5 * (3 - 2) = 5
    case(fs.interval_score, 1.0, 2.0, 3.0, alpha=0.5, expect=value(5.0), id="is-value"),
    case(
        fs.interval_score,
        [1.0, np.nan],
        [2.0, 3.0],
        [1.5, 1.5],
        alpha=0.5,
        nan_policy="propagate",
        expect=value([1.0, np.nan]),
        id="is-nan-propagate",
    ),
    # weighted_interval_score: (0.5 |12 - 5| + 0.1 * (8 + 10 * 2)) / 1.5 = 4.2
    case(
        fs.weighted_interval_score,
        [2.0, 5.0, 10.0],
        12.0,
        levels=[0.1, 0.5, 0.9],
        expect=value(4.2),
        id="wis-value",
    ),
    case(
        fs.weighted_interval_score,
        [1.0, 2.0],
        1.0,
        levels=[0.1, 0.9],
        expect=_err(InvalidOptionError, "median 0.5"),
        id="wis-no-median",
    ),
    case(
        fs.weighted_interval_score,
        [3.0, 2.0, 4.0],
        1.0,
        levels=[0.1, 0.5, 0.9],
        expect=_err(InvalidForecastError, "2.0 at level 0.5 is below 3.0"),
        id="wis-crossing",
    ),
    case(
        fs.weighted_interval_score,
        [1.0, 2.0, np.inf],
        1.0,
        levels=[0.1, 0.5, 0.9],
        expect=_err(InvalidForecastError, r"quantiles\[2\] = inf"),
        id="wis-inf",
    ),
    case(
        fs.weighted_interval_score,
        np.zeros(3),
        np.zeros((3, 3)),
        levels=[0.1, 0.5, 0.9],
        expect=_err(ShapeError, r"weighted_interval_score\(quantiles, outcome\)"),
        id="wis-swapped",
    ),
    case(
        fs.rules.weighted_interval_score_parts,
        [1.0, 2.0, 3.0],
        1.0,
        levels=[0.1, 0.5],
        expect=_err(ShapeError, "levels holds 2"),
        id="wis-parts-levels",
    ),
    # interval_coverage
    case(
        fs.interval_coverage,
        [0.0, 0.0],
        [1.0, 1.0],
        [1.0, 2.0],
        expect=value([1.0, 0.0]),
        id="cov-value",
    ),
    case(
        fs.interval_coverage,
        2.0,
        1.0,
        1.5,
        expect=_err(InvalidForecastError, "lower = 2.0"),
        id="cov-reversed",
    ),
    # crps_quantile: atom 1/4 at 0, linear to 3/4 at 1: 7/96 on each side of 0.5
    case(
        fs.crps_quantile, [0.0, 1.0], 0.5, levels=[0.25, 0.75], expect=value(7 / 48), id="cq-value"
    ),
    case(
        fs.crps_quantile,
        [0.0, 1.0],
        0.5,
        levels=[0.25, 1.0],
        expect=_err(InvalidOptionError, r"levels\[1\]"),
        id="cq-level-1",
    ),
    case(
        fs.crps_quantile,
        [0.0, 1.0],
        True,
        levels=[0.25, 0.75],
        expect=_err(ForecastTypeError, "outcome"),
        id="cq-bool-outcome",
    ),
    case(
        fs.crps_ensemble,
        np.zeros(3),
        np.zeros((3, 4)),
        expect=_err(ShapeError, r"crps_ensemble\(members, outcome\)"),
        id="ens-swapped",
    ),
    case(
        fs.quantile_score,
        np.zeros((2, 1)),
        np.zeros((2, 3)),
        level=[0.1, 0.5, 0.9],
        expect=_err(ShapeError, "takes the forecast first"),
        id="qs-swapped",
    ),
]


# === model: the claim classes and time helpers ===================================================

MODEL_CASES = [
    case(fs.Question, "", expect=_err(ForecastTypeError, "'id'.*''"), id="question-empty-id"),
    case(fs.Question, None, expect=_err(ForecastTypeError, "'id'.*None"), id="question-None-id"),
    case(fs.Question, 3, expect=_err(ForecastTypeError, "'id'.*3"), id="question-int-id"),
    case(
        fs.Question,
        "q",
        options=("a", "a"),
        expect=_err(ANY, "options.*'a', 'a'"),
        id="question-dup-options",
    ),
    case(fs.Question, "q", options=("a",), expect=_err(ANY, "options"), id="question-one-option"),
    case(
        fs.Question,
        "q",
        options="ab",
        expect=_err(ForecastTypeError, "options"),
        id="question-str-options",
    ),
    case(
        fs.Question,
        "q",
        options=("a", None),
        expect=_err(ForecastTypeError, "options.*None"),
        id="question-None-option",
    ),
    case(
        fs.Question,
        "q",
        ordered="yes",
        expect=_err(ForecastTypeError, "ordered"),
        id="question-ordered-str",
    ),
    case(
        fs.Question,
        "q",
        opens=D2,
        closes=D1,
        expect=_err(InvalidTimeError, "closes"),
        id="question-closes-first",
    ),
    case(
        fs.Question,
        "q",
        opens=dt.datetime(2022, 1, 1),
        expect=_err(InvalidTimeError, "'opens' is a naive"),
        id="question-naive",
    ),
    case(
        fs.Question,
        "q",
        opens="2022-01-01",
        expect=_err(ForecastTypeError, "'opens'"),
        id="question-str-time",
    ),
    case(
        fs.Question,
        "q",
        opens=dt.date(1, 1, 1),
        closes=dt.date(9999, 12, 31),
        expect=satisfies(lambda q: q.closes == dt.date(9999, 12, 31), "kept"),
        id="question-year-1-9999",
    ),
    case(
        fs.Question,
        "q",
        text=None,
        expect=_err(ForecastTypeError, "'text'"),
        id="question-text-None",
    ),
    # probability
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        True,
        expect=_err(ForecastTypeError, "'probability'.*True"),
        id="prediction-bool",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        np.nan,
        expect=_err(InvalidForecastError, "'probability'.*nan"),
        id="prediction-nan",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        "0.3",
        expect=_err(ForecastTypeError, "'probability'.*'0.3'"),
        id="prediction-str",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        [0.3],
        expect=_err(ForecastTypeError, r"'probability'.*\[0.3\]"),
        id="prediction-list",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        0.3 + 0j,
        expect=_err(ForecastTypeError, "'probability'"),
        id="prediction-complex",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        {"a": 0.5, "b": 0.6},
        expect=_err(InvalidForecastError, "sum to 1"),
        id="prediction-map-sum",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        {},
        expect=_err(InvalidForecastError, "empty"),
        id="prediction-map-empty",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        {1: 0.5, 2: 0.5},
        expect=_err(ForecastTypeError, "keys"),
        id="prediction-map-int-keys",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        dt.datetime(2022, 1, 8),
        0.3,
        expect=_err(InvalidTimeError, "'made_at' is a naive"),
        id="prediction-naive",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        np.datetime64("2022-01-08"),
        0.3,
        expect=_err(ForecastTypeError, "'made_at'"),
        id="prediction-datetime64",
    ),
    case(
        fs.Prediction,
        "q",
        "",
        D1,
        0.3,
        expect=_err(ForecastTypeError, "'forecaster'"),
        id="prediction-empty-forecaster",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        0.3,
        source=3,
        expect=_err(ForecastTypeError, "'source'"),
        id="prediction-source-int",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        0.3,
        quote=b"x",
        expect=_err(ForecastTypeError, "'quote'"),
        id="prediction-quote-bytes",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(-dt.timedelta(hours=5))),
        0.3,
        expect=satisfies(lambda p: p.made_at.year == 9999, "kept"),
        id="prediction-year-9999-offset",
    ),
    # ProbabilityRange, Outcome, ScoreRange
    case(
        fs.ProbabilityRange,
        0.2,
        0.1,
        expect=_err(InvalidForecastError, "'low'.*'high'"),
        id="range-reversed",
    ),
    case(
        fs.ProbabilityRange,
        np.nan,
        0.1,
        expect=_err(InvalidForecastError, "'low'.*nan"),
        id="range-nan",
    ),
    case(
        fs.ProbabilityRange, True, 1, expect=_err(ForecastTypeError, "'low'.*True"), id="range-bool"
    ),
    case(fs.ProbabilityRange, "0.1", 0.2, expect=_err(ForecastTypeError, "'low'"), id="range-str"),
    case(fs.Outcome, "q", D1, None, expect=_err(InvalidOutcomeError, "'value'"), id="outcome-None"),
    case(
        fs.Outcome,
        "q",
        D1,
        np.nan,
        expect=_err(ForecastTypeError, "'value'.*nan"),
        id="outcome-nan",
    ),
    # 0.5 was refused while outcomes were options only; it is now a numeric question's value.
    case(
        fs.Outcome,
        "q",
        D1,
        0.5,
        expect=satisfies(lambda o: o.value == 0.5 and o.is_quantity, "a numeric outcome"),
        id="outcome-half",
    ),
    case(
        fs.Outcome,
        "q",
        D1,
        np.inf,
        expect=_err(ForecastTypeError, "'value' must be a finite number.*inf"),
        id="outcome-inf",
    ),
    case(
        fs.Outcome,
        "q",
        D1,
        "late",
        censored="above",
        expect=_err(InvalidOutcomeError, "'censored'.*'above'.*number or a date.*'late'"),
        id="outcome-censored-text",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        quantiles={0.1: 5.0, 0.9: float("nan")},
        expect=_err(InvalidForecastError, r"'quantiles'\[0\.9\] must be finite.*nan"),
        id="prediction-quantile-nan",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        samples=[],
        expect=_err(InvalidForecastError, "'samples' must hold at least one"),
        id="prediction-samples-empty",
    ),
    case(
        fs.model.parse_distribution,
        "norm(loc=__import__('os').system('x'), scale=1)",
        expect=_err(InvalidForecastError, "'distribution' parameter .*is not key=number"),
        id="parse-distribution-code",
    ),
    case(
        fs.model.parse_distribution,
        "norm(loc=1e999, scale=1)",
        expect=_err(InvalidForecastError, "'distribution' parameter 'loc' must be finite"),
        id="parse-distribution-overflow",
    ),
    case(
        fs.model.describe_distribution,
        "norm(loc=1, scale=2)",
        expect=satisfies(lambda r: r is None, "None for a non-distribution"),
        id="describe-distribution-text",
    ),
    case(
        fs.model.days_since_epoch,
        "2022-02-24",
        expect=_err(ForecastTypeError, "'value' must be a datetime.date.*'2022-02-24'"),
        id="days-since-epoch-text",
    ),
    case(fs.Outcome, "q", D1, [1], expect=_err(ForecastTypeError, "'value'"), id="outcome-list"),
    case(
        fs.Outcome,
        "q",
        D1,
        "yes",
        annulled="yes",
        expect=_err(ForecastTypeError, "'annulled'"),
        id="outcome-annulled-str",
    ),
    case(
        fs.Outcome,
        "q",
        dt.datetime(2022, 1, 1),
        1,
        expect=_err(InvalidTimeError, "'resolved_at' is a naive"),
        id="outcome-naive",
    ),
    case(
        fs.Outcome,
        None,
        D1,
        1,
        expect=_err(ForecastTypeError, "'question'"),
        id="outcome-None-question",
    ),
    case(
        fs.ScoreRange,
        0.5,
        0.2,
        expect=_err(InvalidForecastError, "'best'.*'worst'"),
        id="scorerange-reversed",
    ),
    case(fs.ScoreRange, np.nan, 0.2, expect=_err(InvalidForecastError, "nan"), id="scorerange-nan"),
    case(
        fs.ScoreRange,
        "a",
        "b",
        expect=_err(ForecastTypeError, "'best'.*'a'"),
        id="scorerange-strings",
    ),
    case(
        fs.ScoreRange,
        True,
        1.0,
        expect=_err(ForecastTypeError, "'best'.*True"),
        id="scorerange-bool",
    ),
    # model.Probabilities
    case(
        model.Probabilities,
        {"a": 1.5},
        expect=_err(InvalidForecastError, r"\['a'\].*1.5"),
        id="probabilities-above-one",
    ),
    case(
        model.Probabilities,
        [("a", 1.0)],
        expect=_err(ForecastTypeError, "probability"),
        id="probabilities-list",
    ),
    case(
        model.Probabilities, None, expect=_err(ForecastTypeError, "None"), id="probabilities-None"
    ),
    # model.lead_time_days / made_before: the docs say Time (date or aware datetime)
    case(model.lead_time_days, D1, D2, expect=value(47.0), id="lead-time-value"),
    case(
        model.lead_time_days,
        dt.date(1, 1, 1),
        dt.date(9999, 12, 31),
        expect=value(3652058.0),
        id="lead-time-year-1-to-9999",
    ),
    case(
        model.lead_time_days,
        dt.datetime(2022, 1, 1),
        D1,
        expect=_err(InvalidTimeError, "naive"),
        id="lead-time-naive",
    ),
    case(
        model.lead_time_days,
        "2022-01-01",
        D1,
        expect=_err(ForecastTypeError, "made_at.*'2022-01-01'"),
        id="lead-time-str",
    ),
    case(
        model.lead_time_days, None, D1, expect=_err(ForecastTypeError, "None"), id="lead-time-None"
    ),
    case(
        model.made_before,
        dt.date(9999, 12, 31),
        dt.date(9999, 12, 31),
        expect=satisfies(lambda r: r is False, "False"),
        id="made-before-9999",
    ),
    case(
        model.made_before,
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5))),
        dt.date(1, 1, 2),
        expect=satisfies(lambda r: r is True, "True"),
        id="made-before-year-1-offset",
    ),
    case(
        model.made_before,
        dt.datetime(2022, 1, 1),
        D1,
        expect=_err(InvalidTimeError, "naive"),
        id="made-before-naive",
    ),
    case(
        model.made_before,
        D1,
        5,
        expect=_err(ForecastTypeError, "resolved_at.*5"),
        id="made-before-int",
    ),
    # positive_index: the index of the "yes" option; ("no", "yes") -> 1
    case(
        model.positive_index,
        ("no", "yes"),
        expect=satisfies(lambda r: r == 1, "1"),
        id="posidx-value",
    ),
    case(model.positive_index, (), expect=_err(ANY, "options"), id="posidx-empty"),
    case(model.positive_index, None, expect=_err(ForecastTypeError, "None"), id="posidx-None"),
    case(model.positive_index, "yes", expect=_err(ForecastTypeError, "'yes'"), id="posidx-str"),
]


# === scoring: one claim at a time ================================================================


def _nan_rule(forecast: Any, outcome: Any) -> Any:
    return np.full(np.shape(outcome), np.nan)


SCORING_CASES = [
    case(fs.score, P, O_YES, expect=value(0.49, abs=1e-15), id="score-value"),
    # issue 11: quantity claims at the edges of the floats
    case(
        fs.score,
        fs.Prediction("q", "a", D1, distribution="norm(loc=0, scale=1)"),
        fs.Outcome("q", D2, 1e308),
        rule="log",
        expect=value(np.inf),
        id="score-log-density-underflows",
    ),
    case(
        fs.score,
        fs.Prediction("q", "a", D1, distribution="norm(loc=0, scale=1)"),
        fs.Outcome("q", D2, 1e308),
        rule="crps",
        expect=value(1e308),
        id="score-crps-huge-outcome",
    ),
    case(
        fs.score,
        fs.Prediction("q", "a", D1, distribution="norm(loc=0, scale=1)"),
        fs.Outcome("q", D2, -1e308, censored="below"),
        rule="crps",
        expect=value(1e308, rel=1e-9),
        id="score-censored-crps-huge",
    ),
    case(
        fs.score,
        fs.Prediction("q", "a", D1, samples=[1.0, 2.0]),
        fs.Outcome("q", D2, True),
        rule="crps",
        expect=_err(InvalidOutcomeError, r"\(True\) is not a number or a date"),
        id="score-samples-bool-outcome",
    ),
    case(
        fs.Prediction,
        "q",
        "a",
        D1,
        distribution=stats.norm([0.0, 1.0], 1.0),
        expect=_err(InvalidForecastError, "'distribution' must be one distribution"),
        id="prediction-distribution-array",
    ),
    case(
        fs.score,
        P,
        O_YES,
        rule="nope",
        expect=_err(UnknownRuleError, "'nope'"),
        id="score-rule-unknown",
    ),
    case(
        fs.score,
        P,
        O_YES,
        rule=None,
        expect=_err(ForecastTypeError, "rule.*None"),
        id="score-rule-None",
    ),
    case(
        fs.score, P, O_YES, rule=lambda f, o: np.nan, expect=_err(ANY, "NaN"), id="score-rule-nan"
    ),
    case(
        fs.score,
        P,
        O_YES,
        rule=lambda f, o: "x",
        expect=_err(ForecastTypeError, "'x'"),
        id="score-rule-str",
    ),
    case(  # built in the call: Rule(...) itself refuses the missing functions
        lambda: fs.score(P, O_YES, rule=scoring.Rule("none", None, None, "u")),  # type: ignore[arg-type]
        expect=_err(ForecastTypeError, "Rule 'binary'.*None"),
        id="score-Rule-without-functions",
    ),
    case(
        fs.score, None, O_YES, expect=_err(ForecastTypeError, "prediction.*None"), id="score-None"
    ),
    case(fs.score, O_YES, P, expect=_err(ForecastTypeError, "prediction"), id="score-swapped"),
    case(
        fs.score,
        P,
        fs.Outcome("r", D2, "yes"),
        expect=_err(QuestionMismatchError, "'q'.*'r'"),
        id="score-mismatch",
    ),
    case(
        fs.score,
        P,
        fs.Outcome("q", D1, "yes"),
        expect=_err(HindsightError, "2022-01-08"),
        id="score-hindsight",
    ),
    case(  # built in the call: refusing the value already at Outcome(...) is as good
        lambda: fs.score(P, fs.Outcome("q", D2, "maybe")),
        expect=_err(InvalidOutcomeError, "'maybe'"),
        id="score-bad-option",
    ),
    case(  # built in the call: refusing the value already at Outcome(...) is as good
        lambda: fs.score(P, fs.Outcome("q", D2, 2)),
        expect=_err(InvalidOutcomeError, "2"),
        id="score-index-2",
    ),
    case(  # built in the call: refusing the value already at Outcome(...) is as good
        lambda: fs.score(P, fs.Outcome("q", D2, -1)),
        expect=_err(InvalidOutcomeError, "-1"),
        id="score-index-neg",
    ),
    case(
        fs.score,
        P,
        O_YES,
        question="q",
        expect=_err(ForecastTypeError, "question.*'q'"),
        id="score-question-str",
    ),
    case(
        fs.score,
        fs.Prediction("q", "a", dt.date(1, 1, 1), 0.3),
        fs.Outcome("q", dt.date(1, 1, 2), "yes"),
        expect=value(0.49, abs=1e-15),
        id="score-year-1",
    ),
    # issue 8 row 9
    case(
        fs.score,
        fs.Prediction("q", "a", dt.date(9999, 12, 31), 0.3),
        fs.Outcome("q", dt.date(9999, 12, 31), "yes"),
        expect=_err(HindsightError, "9999-12-31"),
        id="score-year-9999-same-day",
    ),
    case(
        fs.score,
        fs.Prediction(
            "q", "a", dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(-dt.timedelta(hours=5))), 0.3
        ),
        fs.Outcome("q", dt.date(9999, 12, 31), "yes"),
        expect=_err(HindsightError, "9999-12-31"),
        id="score-year-9999-offset",
    ),
    case(scoring.get_rule, "Brier", expect=_err(UnknownRuleError, "'Brier'"), id="get-rule-case"),
    case(scoring.get_rule, "", expect=_err(UnknownRuleError, "''"), id="get-rule-empty"),
    case(scoring.get_rule, 5, expect=_err(ForecastTypeError, "5"), id="get-rule-int"),
    case(
        scoring.get_rule, "log\x00", expect=_err(UnknownRuleError, r"log\\x00"), id="get-rule-nul"
    ),
    case(
        scoring.get_rule,
        "brier",
        expect=satisfies(lambda r: isinstance(r, scoring.Rule) and r.name == "brier", "the Rule"),
        id="get-rule-value",
    ),
    case(
        scoring.Rule,
        3,
        fs.brier_score,
        fs.categorical_brier_score,
        "u",
        expect=_err(ForecastTypeError, "name.*3"),
        id="Rule-int-name",
    ),
]


# === ledger ======================================================================================

_T = np.array(["2022-01-08"], dtype="datetime64[D]")

LEDGER_CASES = [
    # constructors
    case(
        led.Ledger.from_predictions,
        None,
        expect=_err(ForecastTypeError, "predictions.*None"),
        id="from-predictions-None",
    ),
    case(
        led.Ledger.from_predictions,
        P,
        expect=_err(ForecastTypeError, "predictions"),
        id="from-predictions-single",
    ),
    case(
        led.Ledger.from_predictions,
        [P, None],
        expect=_err(ForecastTypeError, r"predictions\[1\]"),
        id="from-predictions-None-item",
    ),
    case(
        led.Ledger.from_predictions,
        [],
        expect=satisfies(lambda lg: len(lg.question) == 0, "empty ledger"),
        id="from-predictions-empty",
    ),
    case(
        led.Ledger.from_arrays,
        ["q", "r"],
        ["a"],
        DAYS,
        [0.3, 0.2],
        expect=_err(ShapeError, "forecaster.*1.*2"),
        id="from-arrays-ragged-columns",
    ),
    case(
        led.Ledger.from_arrays,
        ["q"],
        ["a"],
        np.array(["NaT"], dtype="datetime64[D]"),
        [0.3],
        expect=_err(InvalidTimeError, r"made_at\[0\] is NaT"),
        id="from-arrays-NaT",
    ),
    case(
        led.Ledger.from_arrays,
        ["q"],
        ["a"],
        _T,
        [True],
        expect=_err(ForecastTypeError, r"probability\[0\]"),
        id="from-arrays-bool",
    ),
    case(
        led.Ledger.from_arrays,
        ["q"],
        ["a"],
        _T,
        [0.3 + 0j],
        expect=_err(ForecastTypeError, "complex"),
        id="from-arrays-complex",
    ),
    case(
        led.Ledger.from_arrays,
        [None],
        ["a"],
        _T,
        [0.3],
        expect=_err(ForecastTypeError, r"question\[0\].*None"),
        id="from-arrays-None-id",
    ),
    case(
        led.Ledger.from_arrays,
        ["q"],
        [b"a"],
        _T,
        [0.3],
        expect=_err(ForecastTypeError, r"forecaster\[0\].*b'a'"),
        id="from-arrays-bytes-id",
    ),
    case(
        led.Ledger.from_arrays,
        ["q"],
        ["a"],
        [dt.datetime(2022, 1, 1)],
        [0.3],
        expect=_err(InvalidTimeError, r"made_at\[0\].*naive"),
        id="from-arrays-naive",
    ),
    case(
        led.Ledger.from_arrays,
        ["q"],
        ["a"],
        np.array(["10000-01-01"], dtype="datetime64[D]"),
        [0.3],
        expect=_err(InvalidTimeError, r"made_at\[0\]"),
        id="from-arrays-year-10000",
    ),
    case(
        led.Ledger.from_arrays,
        ["q"],
        ["a"],
        np.array([1], dtype="int64"),
        [0.3],
        expect=_err(ForecastTypeError, r"made_at\[0\]"),
        id="from-arrays-int-times",
    ),
    # a coarser unit than days (years, weeks) is neither a date nor an instant of the docs
    case(
        led.Ledger.from_arrays,
        ["q"],
        ["a"],
        np.array([52], dtype="datetime64[Y]"),
        [0.3],
        expect=Either(
            _err(ANY, "made_at"),
            lambda lg: (
                lg.to_records()[0]["made_at"] == "2022-01-01"
                or pytest.fail(f"year 2022 read as {lg.to_records()[0]['made_at']}")
            ),
        ),
        id="from-arrays-datetime64-years",
    ),
    case(
        led.Ledger.from_arrays,
        ["q"],
        ["a"],
        _T,
        [[0.3, 0.8]],
        options=["x", "y"],
        expect=_err(InvalidForecastError, r"probability\[0, :\] sums to 1.1"),
        id="from-arrays-categorical-sum",
    ),
    case(
        led.Ledger.from_arrays,
        ["q"],
        ["a"],
        _T,
        low=[0.3],
        high=[0.2],
        expect=_err(InvalidForecastError, r"low\[0\] = 0.3.*high\[0\] = 0.2"),
        id="from-arrays-range-reversed",
    ),
    case(
        led.Ledger.from_arrays,
        ["q"],
        ["a"],
        _T,
        [0.3],
        source=["x", "y"],
        expect=_err(ShapeError, "source"),
        id="from-arrays-source-shape",
    ),
    # pandas Series with different indexes: aligned on the index or refused, not by position.
    # question q@5, r@6; forecaster a@6, b@5: aligned, q is b's and r is a's.
    case(
        led.Ledger.from_arrays,
        pd.Series(["q", "r"], index=[5, 6]),
        pd.Series(["a", "b"], index=[6, 5]),
        DAYS,
        [0.3, 0.4],
        expect=Either(
            _err(ANY, "index"),
            lambda lg: (
                list(zip(lg.question, lg.forecaster, strict=True)) == [("q", "b"), ("r", "a")]
                or pytest.fail(
                    f"paired by position: {list(zip(lg.question, lg.forecaster, strict=True))}"
                )
            ),
        ),
        id="from-arrays-series-index-permuted",
    ),
    case(
        led.Ledger.from_pandas,
        pd.DataFrame(
            {"question": ["q"], "forecaster": ["a"], "made_at": [pd.NaT], "probability": [0.3]}
        ),
        expect=_err(ANY, "made_at"),
        id="from-pandas-NaT",
    ),
    case(
        led.Ledger.from_pandas,
        pd.DataFrame(
            {
                "question": ["q"],
                "forecaster": ["a"],
                "made_at": [pd.Timestamp("2022-01-01")],
                "probability": [0.3],
            }
        ),
        expect=_err(ANY, "made_at"),
        id="from-pandas-naive-timestamp",
    ),
    case(
        led.Ledger.from_pandas, None, expect=_err(ForecastTypeError, "frame"), id="from-pandas-None"
    ),
    case(
        led.Ledger.from_pandas,
        pd.DataFrame(),
        expect=_err(ANY, "'question'"),
        id="from-pandas-empty",
    ),
    # Ledger.score
    case(
        LEDGER.score, None, expect=_err(ForecastTypeError, "outcomes.*None"), id="ledger-score-None"
    ),
    case(LEDGER.score, O_YES, expect=_err(ForecastTypeError, "outcomes"), id="ledger-score-single"),
    case(
        LEDGER.score,
        [OUTCOMES[0], OUTCOMES[0]],
        expect=_err(InvalidOutcomeError, r"outcomes\[1\]"),
        id="ledger-score-duplicate",
    ),
    case(
        LEDGER.score,
        OUTCOMES,
        hindsight="ignore",
        expect=_err(InvalidOptionError, "hindsight.*'ignore'"),
        id="ledger-score-hindsight-option",
    ),
    case(
        LEDGER.score,
        OUTCOMES,
        questions="q",
        expect=_err(ForecastTypeError, r"questions\[0\]"),
        id="ledger-score-questions-str",
    ),
    case(
        LEDGER.score,
        [fs.Outcome("q0", D1, True)],
        expect=_err(HindsightError, "q0"),
        id="ledger-score-hindsight",
    ),
    # issue 8 row 14: a custom rule returning NaN or strings
    case(
        LEDGER.score, OUTCOMES, rule=_nan_rule, expect=_err(ANY, "NaN"), id="ledger-score-rule-nan"
    ),
    case(
        LEDGER.score,
        OUTCOMES,
        rule=lambda f, o: np.full(np.shape(o), "x"),
        expect=_err(ForecastTypeError, "rule"),
        id="ledger-score-rule-str",
    ),
    # take: out of range, negative, booleans, floats, strings, huge
    case(LEDGER.take, [12], expect=_err(ANY, "12"), id="take-past-end"),
    case(LEDGER.take, [-13], expect=_err(ANY, "-13"), id="take-negative-past-start"),
    case(
        LEDGER.take,
        [-1],
        expect=satisfies(
            lambda lg: list(lg.question) == ["q5"] and list(lg.forecaster) == ["b"], "last row"
        ),
        id="take-negative-one",
    ),
    case(LEDGER.take, [0.5], expect=_err(ANY, "0.5"), id="take-float"),
    case(
        ONE.take,
        [True],
        expect=Either(
            _err(ANY, "True"),
            lambda lg: len(lg.question) == 1 or pytest.fail(f"{len(lg.question)} rows for a mask"),
        ),
        id="take-bool-mask",
    ),
    case(
        LEDGER.take,
        [True] + [False] * 11,
        expect=Either(
            _err(ANY, "bool"),
            lambda lg: (
                len(lg.question) == 1
                or pytest.fail(f"mask of one True gave {len(lg.question)} rows")
            ),
        ),
        id="take-bool-mask-12",
    ),
    case(LEDGER.take, "a", expect=_err(ANY, "'a'"), id="take-str"),
    case(LEDGER.take, 2**70, expect=_err(ANY, "1180591620717411303424"), id="take-huge"),
    case(
        LEDGER.take,
        [],
        expect=satisfies(lambda lg: len(lg.question) == 0, "empty"),
        id="take-empty",
    ),
    # filter, to_records
    case(
        LEDGER.filter,
        forecaster=3,
        expect=_err(ForecastTypeError, "forecaster.*3"),
        id="filter-int",
    ),
    case(
        LEDGER.filter,
        since=dt.datetime(2022, 1, 1),
        expect=_err(InvalidTimeError, "'since'"),
        id="filter-naive",
    ),
    case(
        LEDGER.filter,
        question=["q", None],
        expect=_err(ForecastTypeError, "None"),
        id="filter-None-id",
    ),
    case(
        LEDGER.to_records,
        times="bad",
        expect=_err(InvalidOptionError, "times.*'bad'"),
        id="to-records-times",
    ),
    # ScoreTable summaries
    case(
        TABLE.by_forecaster,
        confidence=0,
        expect=_err(InvalidOptionError, "confidence.*0"),
        id="by-fc-confidence-0",
    ),
    case(
        TABLE.by_forecaster,
        confidence=np.nan,
        expect=_err(InvalidOptionError, "confidence.*nan"),
        id="by-fc-confidence-nan",
    ),
    case(
        TABLE.by_forecaster,
        confidence=True,
        expect=_err(InvalidOptionError, "confidence.*True"),
        id="by-fc-confidence-bool",
    ),
    case(
        TABLE.by_forecaster,
        n_resamples=0,
        expect=_err(InvalidOptionError, "n_resamples.*0"),
        id="by-fc-nresamples-0",
    ),
    case(
        TABLE.by_forecaster,
        n_resamples=-1,
        expect=_err(InvalidOptionError, "n_resamples.*-1"),
        id="by-fc-nresamples-neg",
    ),
    case(
        TABLE.by_forecaster,
        n_resamples=2.5,
        expect=_err(InvalidOptionError, "n_resamples.*2.5"),
        id="by-fc-nresamples-float",
    ),
    case(
        TABLE.by_forecaster,
        n_resamples=10**12,
        expect=_err(InvalidOptionError, "n_resamples.*1000000000000"),
        id="by-fc-nresamples-huge",
    ),
    case(
        TABLE.by_forecaster,
        seed=-1,
        expect=_err(InvalidOptionError, "seed.*-1"),
        id="by-fc-seed-neg",
    ),
    case(
        TABLE.by_forecaster,
        seed="a",
        expect=_err(InvalidOptionError, "seed.*'a'"),
        id="by-fc-seed-str",
    ),
    case(
        TABLE.by_forecaster,
        min_questions=1,
        expect=_err(InvalidOptionError, "min_questions.*1"),
        id="by-fc-minq-1",
    ),
    case(
        TABLE.by_forecaster,
        interval="wilson",
        expect=_err(InvalidOptionError, "interval.*'wilson'"),
        id="by-fc-interval",
    ),
    # a: 3 x 0.49 + 3 x 0.09 -> 0.29; b: 3 x 0.16 + 3 x 0.36 -> 0.26
    case(
        TABLE.by_forecaster,
        expect=satisfies(
            lambda s: (
                list(s.key) == ["a", "b"] and np.allclose(s.mean_score, [0.29, 0.26], atol=1e-15)
            ),
            "means 0.29, 0.26",
        ),
        id="by-fc-value",
    ),
    case(
        TABLE.by_question,
        n_resamples=0,
        expect=_err(InvalidOptionError, "n_resamples"),
        id="by-question-nresamples",
    ),
    case(TABLE.by_lead_time, [], expect=_err(InvalidOptionError, "bins"), id="by-lead-empty"),
    case(
        TABLE.by_lead_time,
        [5.0, 1.0],
        expect=_err(InvalidOptionError, "bins"),
        id="by-lead-decreasing",
    ),
    case(
        TABLE.by_lead_time,
        [np.nan, 1.0],
        expect=_err(InvalidOptionError, "bins.*nan"),
        id="by-lead-nan",
    ),
    case(TABLE.by_lead_time, "abc", expect=_err(ANY, "bins.*'abc'"), id="by-lead-str"),
    case(TABLE.by_lead_time, [None, 100], expect=_err(ANY, "bins"), id="by-lead-None"),
    # time_averaged
    case(
        led.time_averaged,
        LEDGER,
        None,
        expect=_err(ForecastTypeError, "outcomes.*None"),
        id="ta-None-outcomes",
    ),
    case(
        led.time_averaged,
        None,
        OUTCOMES,
        expect=_err(ForecastTypeError, "ledger.*None"),
        id="ta-None-ledger",
    ),
    case(
        led.time_averaged,
        LEDGER,
        OUTCOMES,
        start="bad",
        expect=_err(InvalidOptionError, "start"),
        id="ta-start",
    ),
    case(
        led.time_averaged,
        LEDGER,
        OUTCOMES,
        fill=np.nan,
        expect=_err(InvalidOptionError, "fill.*nan"),
        id="ta-fill-nan",
    ),
    case(
        led.time_averaged,
        LEDGER,
        OUTCOMES,
        fill=True,
        expect=_err(InvalidOptionError, "fill.*True"),
        id="ta-fill-bool",
    ),
    case(
        led.time_averaged,
        LEDGER,
        OUTCOMES,
        granularity="week",
        expect=_err(InvalidOptionError, "granularity.*'week'"),
        id="ta-granularity",
    ),
    # issue 8 row 4: nothing scored gives an empty table with its counts
    case(
        led.time_averaged,
        ONE,
        [],
        expect=satisfies(
            lambda t: len(t.score) == 0 and t.counts["unresolved"] == 1, "empty table"
        ),
        id="ta-nothing-scored",
    ),
    # two forecasts by one forecaster on one question at one instant: refused, or a defined
    # result that does not depend on row order.
    case(
        lambda: [
            led.time_averaged(
                led.Ledger.from_arrays(["q", "q"], ["a", "a"], DAYS[[0, 0]], list(order)),
                [fs.Outcome("q", D2, True)],
            ).score[0]
            for order in ((0.3, 0.6), (0.6, 0.3))
        ],
        expect=Either(
            _err(ANY, "same"),
            lambda pair: pair[0] == pair[1] or pytest.fail(f"row order decides: {pair}"),
        ),
        id="ta-same-instant-order",
    ),
    case(
        led.compare_to_reference,
        LEDGER,
        None,
        OUTCOMES,
        expect=_err(ForecastTypeError, "reference"),
        id="ctr-None-reference",
    ),
    case(
        led.compare_to_reference,
        None,
        LEDGER.filter(forecaster="b"),
        OUTCOMES,
        expect=_err(ForecastTypeError, "ledger.*None"),
        id="ctr-None-ledger",
    ),
    case(
        led.compare_to_reference,
        LEDGER,
        LEDGER,
        OUTCOMES,
        expect=_err(InvalidOptionError, "reference.*one forecaster"),
        id="ctr-two-forecasters",
    ),
    # a: 0.49 / 0.09 against b: 0.16 / 0.36 -> differences 0.33 / -0.27, b against itself 0
    case(
        lambda: (
            led.compare_to_reference(LEDGER, LEDGER.filter(forecaster="b"), OUTCOMES).difference
        ),
        expect=value([0.33, -0.27] * 3 + [0.0] * 6, abs=1e-15),
        id="ctr-value",
    ),
    case(
        lambda: led.compare_to_reference(
            LEDGER, LEDGER.filter(forecaster="b"), OUTCOMES
        ).by_forecaster(n_resamples=0),
        expect=_err(InvalidOptionError, "n_resamples"),
        id="ctr-by-forecaster-nresamples",
    ),
    case(
        lambda: led.time_averaged(LEDGER, OUTCOMES).by_forecaster(seed=-1),
        expect=_err(InvalidOptionError, "seed"),
        id="ta-by-forecaster-seed",
    ),
    # Summary.to_records of a summary: finite means, one row per forecaster
    case(
        lambda: TABLE.by_forecaster().to_records(),
        expect=satisfies(lambda rows: [r["forecaster"] for r in rows] == ["a", "b"], "two rows"),
        id="summary-to-records",
    ),
    # issue 10: summaries by any column, the leaderboard, fixed effects and peer scores
    case(
        TABLE.summarise,
        ["forecaster", None],
        expect=_err(InvalidOptionError, r"by\[1\] must be a column name \(got None\)"),
        id="summarise-by-None",
    ),
    case(
        TABLE.summarise,
        "nope\x00",
        expect=_err(InvalidOptionError, r"by: column 'nope\\x00'"),
        id="summarise-by-unknown-control-char",
    ),
    case(
        TABLE.by_forecaster,
        strata=b"kind",
        expect=_err(InvalidOptionError, r"strata must name a column as a string \(got b'kind'\)"),
        id="by-fc-strata-bytes",
    ),
    # issue 12: weights= on the summaries (one finite weight >= 0 per row, or a column)
    case(
        TABLE.by_forecaster,
        weights=[1.0, 1.0, 1.0, -1.0] + [1.0] * 8,
        expect=_err(InvalidOptionError, r"weights\[3\] = -1\.0 is not a weight"),
        id="by-fc-weights-negative",
    ),
    case(
        TABLE.summarise,
        weights=[1.0] * 11 + [np.nan],
        expect=_err(InvalidOptionError, r"weights\[11\] = nan is not a weight"),
        id="summarise-weights-nan",
    ),
    case(
        TABLE.by_forecaster,
        weights=[1.0] * 11 + [np.inf],
        expect=_err(InvalidOptionError, r"weights\[11\] = inf is not a weight"),
        id="by-fc-weights-inf",
    ),
    case(
        TABLE.by_forecaster,
        weights=[1.0] * 11,
        expect=_err(ShapeError, r"one weight per row of the table \(12 rows\).*\(11,\)"),
        id="by-fc-weights-short",
    ),
    case(
        TABLE.by_forecaster,
        weights=b"w",
        expect=_err(ShapeError, r"one weight per row of the table \(12 rows\).*\(\)"),
        id="by-fc-weights-bytes",
    ),
    case(
        TABLE.by_forecaster,
        weights=[1.0] * 11 + [None],
        expect=_err(ForecastTypeError, r"weights\[11\] = None is not a real number"),
        id="by-fc-weights-None-item",
    ),
    case(
        TABLE.by_forecaster,
        weights=[True] * 12,
        expect=_err(ForecastTypeError, r"weights\[0\] = True is a boolean"),
        id="by-fc-weights-bool",
    ),
    case(
        TABLE.summarise,
        weights="nope",
        expect=_err(InvalidOptionError, r"weights: column 'nope' is not a column"),
        id="summarise-weights-unknown-column",
    ),
    case(
        TABLE.by_forecaster,
        weights=[1.0] * 6 + [0.0] * 6,
        expect=_err(InvalidOptionError, r"forecaster 'b' has total weight 0 over its 6 rows"),
        id="by-fc-weights-group-zero",
    ),
    # a: (2 * (0.49 + 0.09 + 0.49) + 0.09 + 0.49 + 0.09) / 9 = 2.81 / 9; b: plain 0.26
    case(
        TABLE.summarise,
        weights=[2.0] * 3 + [1.0] * 9,
        expect=satisfies(
            lambda s: (
                np.allclose(s.mean_score, [2.81 / 9, 0.26], rtol=1e-14, atol=0)
                and s.total_weight.tolist() == [9.0, 6.0]
                and s.n.tolist() == [6, 6]
            ),
            "weighted means 2.81 / 9, 0.26; total weights 9, 6",
        ),
        id="summarise-weights-means",
    ),
    case(
        TABLE.leaderboard,
        confidence=np.nan,
        expect=_err(InvalidOptionError, "confidence.*nan"),
        id="leaderboard-confidence-nan",
    ),
    case(
        TABLE.leaderboard,
        max_imputed=np.nan,
        expect=_err(InvalidOptionError, "max_imputed.*nan"),
        id="leaderboard-max-imputed-nan",
    ),
    case(
        TABLE.leaderboard,
        max_imputed=True,
        expect=_err(InvalidOptionError, "max_imputed.*True"),
        id="leaderboard-max-imputed-bool",
    ),
    case(
        TABLE.leaderboard,
        pool="a",
        expect=_err(InvalidOptionError, "pool must be an iterable of forecasters, not 'a'"),
        id="leaderboard-pool-str",
    ),
    case(
        TABLE.leaderboard,
        n_resamples=10**12,
        expect=_err(InvalidOptionError, "n_resamples.*1000000000000"),
        id="leaderboard-nresamples-huge",
    ),
    case(
        lambda: TABLE.leaderboard().to_records(),
        expect=satisfies(
            lambda rows: (
                sorted(r["forecaster"] for r in rows) == ["a", "b"]
                and all(math.isfinite(r["mean"]) for r in rows)
            ),
            "two rows, finite means",
        ),
        id="leaderboard-records",
    ),
    case(
        led.fixed_effects,
        ["a", "b"],
        ["q", "q"],
        [0.1, np.nan],
        expect=_err(InvalidForecastError, r"score\[1\] is NaN"),
        id="fixed-effects-nan",
    ),
    case(
        led.fixed_effects,
        ["a", "b"],
        ["q"],
        [0.1, 0.2],
        expect=_err(ShapeError, r"same length \(got 2 and 1\)"),
        id="fixed-effects-lengths",
    ),
    case(
        led.fixed_effects,
        np.array([["a"]], dtype=object),
        np.array([["q"]], dtype=object),
        [0.1],
        expect=_err(ShapeError, r"forecaster must be one-dimensional \(got shape \(1, 1\)\)"),
        id="fixed-effects-2d",
    ),
    case(
        lambda: (
            led.fixed_effects(
                ["a", "b", "a", "b"], ["q", "q", "r", "r"], [1e308, -1e308, 1e308, 1e307]
            ).adjusted
        ),
        # complete table: q's effect (1e308 - 1e308) / 2 = 0, r's 5.5e307
        expect=satisfies(
            lambda v: np.allclose(v, [1e308, -1e308, 4.5e307, -4.5e307], rtol=1e-12, atol=0),
            "huge scores without overflow",
        ),
        id="fixed-effects-huge",
    ),
    case(
        led.peer_scores,
        ["a", "b"],
        ["q", "q"],
        [True, False],
        expect=_err(ForecastTypeError, "score must hold real numbers, not booleans"),
        id="peer-scores-bool",
    ),
    case(
        led.peer_scores,
        ["a", "b"],
        ["q", "q"],
        [0.1, 0.2],
        pool=[None],
        expect=_err(InvalidOptionError, r"pool\[0\] = None is not a forecaster"),
        id="peer-scores-pool-None",
    ),
    # issue 8 row 16: a plain and a mapping forecast are on different Brier scales
    case(
        lambda: (
            led.Ledger.from_predictions(
                [
                    fs.Prediction("q", "a", D1, 0.7),
                    fs.Prediction("r", "a", D1, {"no": 0.3, "yes": 0.7}),
                ]
            )
            .score([fs.Outcome("q", D2, "yes"), fs.Outcome("r", D2, "yes")])
            .by_forecaster()
        ),
        expect=Either(
            _err(ANY, "scale"),
            lambda s: pytest.fail(f"averaged across scales: {s.mean_score}"),
        ),
        id="summary-mixed-scales",
    ),
]


# === io: files in and out ========================================================================

IO_CASES = [
    case(
        fio.read_predictions_csv,
        _csv(""),
        expect=_err(FileSchemaError, ":1:.*empty"),
        id="csv-empty",
    ),
    case(
        fio.read_predictions_csv,
        _csv(H + "q,a,2022-01-08,nan\n"),
        expect=_err(FileSchemaError, ":2: column 'probability': 'nan'"),
        id="csv-nan",
    ),
    case(
        fio.read_predictions_csv,
        _csv(H + "q,a,2022-01-08,true\n"),
        expect=_err(FileSchemaError, ":2: column 'probability': 'true'"),
        id="csv-bool",
    ),
    case(
        fio.read_predictions_csv,
        _csv(H + "q,a,2022-01-08T00:00:00,0.3\n"),
        expect=_err(FileSchemaError, ":2: column 'made_at'.*offset"),
        id="csv-naive",
    ),
    case(
        fio.read_predictions_csv,
        _csv(H + "q,a,0000-01-01,0.3\n"),
        expect=_err(FileSchemaError, ":2: column 'made_at': '0000-01-01'"),
        id="csv-year-0",
    ),
    case(
        fio.read_predictions_csv,
        _csv(H + "q,a,9999-12-31T23:59:59-05:00,0.3\n"),
        expect=satisfies(
            lambda lg: lg.to_records()[0]["made_at"] == "9999-12-31T23:59:59-05:00", "kept"
        ),
        id="csv-year-9999-offset",
    ),
    case(
        fio.read_predictions_csv,
        _csv(H + "q\x00,a,2022-01-08,0.3\n"),
        expect=Either(
            _err(FileSchemaError, ":2: column 'question'.*NUL"),
            lambda lg: list(lg.question) == ["q\x00"] or pytest.fail(repr(lg.question)),
        ),
        id="csv-nul",
    ),
    case(
        fio.read_predictions_csv,
        _csv(H + "q,a,2022-01-08\n"),
        expect=_err(FileSchemaError, ":2: expected 4 fields"),
        id="csv-short-row",
    ),
    case(
        fio.read_predictions_csv,
        _csv("question,question,forecaster,made_at,probability\nq,q,a,2022-01-08,0.3\n"),
        expect=_err(FileSchemaError, ":1: column 'question'"),
        id="csv-dup-header",
    ),
    # issue 8 row 3: an unterminated quote swallows the rows after it
    case(
        fio.read_predictions_csv,
        _csv(
            "question,forecaster,made_at,probability,quote\n"
            'q1,a,2022-01-08,0.3,"unterminated\n'
            "q2,a,2022-01-08,0.4,x\n"
            "q3,a,2022-01-08,0.5,y\n"
        ),
        expect=_err(FileSchemaError, ":2"),
        id="csv-unterminated-quote",
    ),
    case(
        fio.read_predictions_csv,
        None,
        expect=_err(ForecastTypeError, "source.*None"),
        id="csv-source-None",
    ),
    # an int is a file descriptor to open(): reading (and closing) someone else's file
    case(
        fio.read_predictions_csv,
        3,
        expect=_err(ForecastTypeError, "source.*3"),
        id="csv-source-int",
    ),
    case(
        fio.read_predictions_jsonl,
        _csv('{"question":"q","forecaster":"a","made_at":"2022-01-08","probability":NaN}\n'),
        expect=_err(FileSchemaError, ":1:.*NaN"),
        id="jsonl-nan",
    ),
    case(
        fio.read_predictions_jsonl,
        _csv('{"question":"q","forecaster":"a","made_at":"2022-01-08","probability":true}\n'),
        expect=_err(FileSchemaError, ":1: column 'probability': True"),
        id="jsonl-bool",
    ),
    case(
        fio.read_predictions_jsonl,
        _csv("[1,2]\n"),
        expect=_err(FileSchemaError, ":1: expected a JSON object"),
        id="jsonl-list",
    ),
    case(
        fio.read_predictions_jsonl,
        _csv('{"question":"q\\ud800","forecaster":"a","made_at":"2022-01-08","probability":0.3}\n'),
        expect=_err(FileSchemaError, ":1:.*surrogate"),
        id="jsonl-lone-surrogate",
    ),
    # Python refuses int("9" * 5000): an integer of more than 4300 digits in a value
    case(
        fio.read_predictions_jsonl,
        _csv(
            '{"question":"q","forecaster":"a","made_at":"2022-01-08","probability":'
            + "9" * 5000
            + "}\n"
        ),
        expect=_err(FileSchemaError, ":1"),
        id="jsonl-5000-digit-probability",
    ),
    case(
        fio.read_predictions_jsonl,
        _csv(
            '{"question":"q","forecaster":"a","made_at":"2022-01-08","probability":0.3,"x":'
            + "1" * 5000
            + "}\n"
        ),
        expect=_err(FileSchemaError, ":1"),
        id="jsonl-5000-digit-extra",
    ),
    case(
        fio.read_outcomes_jsonl,
        _csv('{"question":"q","resolved_at":"2022-02-24","outcome":' + "1" * 5000 + "}\n"),
        expect=_err(FileSchemaError, ":1"),
        id="outcomes-jsonl-5000-digit",
    ),
    # issue 8 row 11
    case(
        fio.read_predictions_jsonl,
        _csv(
            '{"question":"q","forecaster":"a","made_at":"2022-01-08","probability":0.3,"x":'
            + "[" * 100_000
            + "]" * 100_000
            + "}\n"
        ),
        expect=_err(FileSchemaError, ":1"),
        id="jsonl-deep-nesting",
    ),
    case(
        fio.read_outcomes_csv,
        _csv("question,resolved_at,outcome\nq,2022-02-24,\n"),
        expect=_err(FileSchemaError, ":2: column 'outcome'"),
        id="outcomes-csv-empty-outcome",
    ),
    case(
        fio.read_outcomes_csv,
        _csv("question,resolved_at,outcome\nq,,yes\n"),
        expect=_err(FileSchemaError, ":2: column 'resolved_at'"),
        id="outcomes-csv-empty-time",
    ),
    case(
        fio.read_outcomes_jsonl,
        _csv('{"question":"q","resolved_at":"2022-02-24","outcome":1.5}\n'),
        expect=_err(FileSchemaError, ":1: column 'outcome': 1.5"),
        id="outcomes-jsonl-float",
    ),
    case(
        fio.read_outcomes_jsonl,
        _csv('{"question":"q","resolved_at":20220224,"outcome":"yes"}\n'),
        expect=_err(FileSchemaError, ":1: column 'resolved_at'"),
        id="outcomes-jsonl-int-time",
    ),
    # issue 10: other people's formats (records, and JSON files holding them under a key)
    case(
        fio.read_records_json,
        _csv('{"forecasts": [{"id": "a"}, ["b"]]}'),
        expect=_err(FileSchemaError, r"forecasts\[1\] is not a JSON object"),
        id="records-json-item-not-object",
    ),
    case(
        fio.read_records_json,
        _csv('{"forecasts": [' + "[" * 100_000 + "]" * 100_000 + "]}"),
        expect=_err(FileSchemaError, "<stream>: a value nested too deeply"),
        id="records-json-deep-nesting",
    ),
    case(
        fio.outcomes_from_records,
        [{"question": "q", "resolved_at": "2024-07-28", "outcome": float("nan")}],
        expect=_err(FileSchemaError, r"records\[0\]: column 'outcome': nan is not an outcome"),
        id="records-outcome-nan",
    ),
    case(
        fio.outcomes_from_records,
        "question,resolved_at,outcome",
        expect=_err(ForecastTypeError, "records must be a list"),
        id="records-outcomes-a-string",
    ),
    # writers: issue 8 row 12 and its class (not a ledger, not iterable, no target)
    case(
        fio.write_predictions_csv,
        [P],
        io.StringIO(),
        expect=_err(ForecastTypeError, "ledger"),
        id="write-csv-list",
    ),
    case(
        fio.write_predictions_csv,
        None,
        io.StringIO(),
        expect=_err(ForecastTypeError, "ledger"),
        id="write-csv-None",
    ),
    case(
        fio.write_predictions_jsonl,
        [P],
        io.StringIO(),
        expect=_err(ForecastTypeError, "ledger"),
        id="write-jsonl-list",
    ),
    case(
        fio.write_predictions_csv,
        ONE,
        None,
        expect=_err(ForecastTypeError, "target.*None"),
        id="write-csv-target-None",
    ),
    case(
        fio.write_outcomes_csv,
        None,
        io.StringIO(),
        expect=_err(ForecastTypeError, "outcomes.*None"),
        id="write-outcomes-None",
    ),
    case(
        fio.write_outcomes_csv,
        O_YES,
        io.StringIO(),
        expect=_err(ForecastTypeError, "outcomes"),
        id="write-outcomes-single",
    ),
    case(
        fio.write_outcomes_jsonl,
        [None],
        io.StringIO(),
        expect=_err(ForecastTypeError, r"outcomes\[0\]"),
        id="write-outcomes-None-item",
    ),
    case(
        fio.OutcomeList,
        None,
        expect=_err(ForecastTypeError, "outcomes.*None"),
        id="outcomelist-None",
    ),
    case(
        fio.OutcomeList,
        [O_YES],
        extra="x",
        expect=_err(ForecastTypeError, "'extra'"),
        id="outcomelist-extra-str",
    ),
    # ids with control characters, bidi marks and lone surrogates: a library error, at
    # construction or at writing, or the ids read back unchanged; never a file that its
    # own reader refuses, never a UnicodeEncodeError.
    case(
        _ids_build_and_roundtrip,
        'q\r\n,"x',
        "a\u202e\x07",
        "csv",
        expect=Either(_err(ANY, "question"), _ids_back('q\r\n,"x', "a\u202e\x07")),
        id="ids-control-csv",
    ),
    case(
        _ids_build_and_roundtrip,
        "q\x00",
        "a",
        "csv",
        expect=Either(_err(ANY, r"question.*'q\\x00'"), _ids_back("q\x00", "a")),
        id="ids-nul-csv",
    ),
    case(
        _ids_build_and_roundtrip,
        "q\x00",
        "a",
        "jsonl",
        expect=Either(_err(ANY, r"question.*'q\\x00'"), _ids_back("q\x00", "a")),
        id="ids-nul-jsonl",
    ),
    case(
        _ids_build_and_roundtrip,
        "q\ud800",
        "a",
        "csv",
        expect=Either(_err(ANY, r"question.*\\ud800"), _ids_back("q\ud800", "a")),
        id="ids-surrogate-csv",
    ),
    case(
        _ids_build_and_roundtrip,
        "q\ud800",
        "a",
        "jsonl",
        expect=Either(_err(ANY, r"question.*\\ud800"), _ids_back("q\ud800", "a")),
        id="ids-surrogate-jsonl",
    ),
    case(
        _outcome_roundtrip_csv,
        "q\x00",
        expect=Either(
            _err(ANY, r"question.*'q\\x00'"),
            lambda out: out[0].question == "q\x00" or pytest.fail(repr(out)),
        ),
        id="outcome-id-nul-csv",
    ),
    # extreme values survive both formats exactly
    case(
        lambda: _roundtrip_csv(
            led.Ledger.from_arrays(
                ["q"], ["a"], np.array(["0001-01-01"], "datetime64[D]"), [5e-324]
            )
        ),
        expect=satisfies(
            lambda r: r[0]["made_at"] == "0001-01-01" and r[0]["probability"] == 5e-324, "exact"
        ),
        id="roundtrip-year-1-subnormal",
    ),
    case(
        lambda: _roundtrip_jsonl(
            led.Ledger.from_arrays(["q"], ["a"], np.array(["9999-12-31"], "datetime64[D]"), [-0.0])
        ),
        expect=satisfies(
            lambda r: (
                r[0]["made_at"] == "9999-12-31" and math.copysign(1, r[0]["probability"]) == -1
            ),
            "-0.0 kept",
        ),
        id="roundtrip-year-9999-negzero",
    ),
    # issue 11: files of quantity claims
    case(
        fio.read_quantity_predictions_csv,
        _csv('question,forecaster,made_at,samples\nq,a,2022-01-08,"[1e999]"\n'),
        expect=_err(FileSchemaError, r":2: 'samples'\[0\] must be finite \(got inf\)"),
        id="quantity-csv-sample-overflow",
    ),
    case(
        fio.read_quantity_predictions_jsonl,
        _csv('{"question":"q","forecaster":"a","made_at":"2022-01-08","samples":[true]}\n'),
        expect=_err(FileSchemaError, r":1: column 'samples': True is not a number"),
        id="quantity-jsonl-sample-bool",
    ),
    case(
        fio.read_quantity_outcomes_csv,
        _csv("question,resolved_at,value\nq,2022-03-01,NaN\n"),
        expect=_err(FileSchemaError, r":2: column 'value': 'NaN' is not a number"),
        id="quantity-outcomes-csv-nan",
    ),
    case(
        fio.read_quantity_outcomes_jsonl,
        _csv('{"question":"q","resolved_at":"2022-03-01","value":"2022-13-01"}\n'),
        expect=_err(FileSchemaError, r":1: column 'value': '2022-13-01' is not a date"),
        id="quantity-outcomes-jsonl-bad-date",
    ),
    case(
        fio.write_quantity_predictions_csv,
        None,
        io.StringIO(),
        expect=_err(ForecastTypeError, "'predictions' must be a list.*None"),
        id="write-quantity-predictions-csv-None",
    ),
    case(
        fio.write_quantity_predictions_jsonl,
        [fs.Prediction("q", "a", D1, distribution=stats.weibull_min(2.0))],
        io.StringIO(),
        expect=_err(FileSchemaError, r":1: column 'distribution':.*not of a family"),
        id="write-quantity-predictions-jsonl-weibull",
    ),
    case(
        fio.write_quantity_outcomes_csv,
        [fs.Outcome("q", D2, probability=0.3)],
        io.StringIO(),
        expect=_err(ForecastTypeError, r"outcomes\[0\] must be an Outcome of a quantity"),
        id="write-quantity-outcomes-csv-probability",
    ),
    case(
        fio.write_quantity_outcomes_jsonl,
        "q,2022-03-01,3",
        io.StringIO(),
        expect=_err(ForecastTypeError, "'outcomes' must be a list of Outcome"),
        id="write-quantity-outcomes-jsonl-text",
    ),
]


# === calibration =================================================================================

CALIBRATION_CASES = [
    case(cal.reliability_table, [], [], expect=_err(ShapeError, "no pairs"), id="rel-empty"),
    case(
        cal.reliability_table,
        F6,
        Y6,
        bins="bad",
        expect=_err(InvalidOptionError, "bins.*'bad'"),
        id="rel-bins-str",
    ),
    case(
        cal.reliability_table,
        F6,
        Y6,
        bins=[0.5, 0.2],
        expect=_err(InvalidOptionError, r"bins\[1\]"),
        id="rel-bins-decreasing",
    ),
    case(
        cal.reliability_table,
        F6,
        Y6,
        bins=[0, np.nan, 1],
        expect=_err(InvalidOptionError, r"bins\[1\] = nan"),
        id="rel-bins-nan",
    ),
    case(
        cal.reliability_table,
        F6,
        Y6,
        bins=0,
        expect=_err(InvalidOptionError, "bins.*0"),
        id="rel-bins-0",
    ),
    case(
        cal.reliability_table,
        F6,
        Y6,
        bins=True,
        expect=_err(InvalidOptionError, "bins.*True"),
        id="rel-bins-bool",
    ),
    case(cal.reliability_table, F6, Y6, bins=2.5, expect=_err(ANY, "bins"), id="rel-bins-float"),
    case(
        cal.reliability_table,
        F6,
        Y6,
        bins=2**62,
        expect=_err(InvalidOptionError, "bins"),
        id="rel-bins-huge",
    ),
    case(
        cal.reliability_table,
        F6,
        Y6,
        bins=2**70,
        expect=_err(InvalidOptionError, "bins"),
        id="rel-bins-bigint",
    ),
    case(
        cal.reliability_table,
        F6,
        Y6,
        bins="quantile",
        n_bins=2**62,
        expect=_err(InvalidOptionError, "n_bins"),
        id="rel-quantile-nbins-huge",
    ),
    case(
        cal.reliability_table,
        F6,
        Y6,
        bins="quantile",
        n_bins=0,
        expect=_err(InvalidOptionError, "n_bins.*0"),
        id="rel-quantile-nbins-0",
    ),
    # n_bins is a keyword of the function: a bad value is refused even where it is not used
    case(
        cal.reliability_table,
        F6,
        Y6,
        n_bins=-1,
        expect=_err(InvalidOptionError, "n_bins.*-1"),
        id="rel-nbins-neg",
    ),
    case(
        cal.reliability_table,
        F6,
        Y6,
        n_bins=2.5,
        expect=_err(InvalidOptionError, "n_bins.*2.5"),
        id="rel-nbins-float",
    ),
    # one way to say a binning: a valid n_bins beside an integer bins is refused, not ignored
    case(
        cal.reliability_table,
        F6,
        Y6,
        n_bins=5,
        expect=_err(InvalidOptionError, r"n_bins applies to bins='quantile' only.*n_bins=5"),
        id="rel-nbins-with-integer-bins",
    ),
    case(
        cal.reliability_table,
        F6,
        Y6,
        interval="bad",
        expect=_err(InvalidOptionError, "interval.*'bad'"),
        id="rel-interval",
    ),
    case(
        cal.reliability_table,
        F6,
        Y6,
        confidence=1,
        expect=_err(InvalidOptionError, "confidence"),
        id="rel-confidence-1",
    ),
    case(
        cal.reliability_table,
        [True, False],
        [1, 1],
        expect=_err(ForecastTypeError, "boolean"),
        id="rel-bool",
    ),
    case(
        cal.reliability_table,
        F6,
        Y6[:5],
        expect=_err(ShapeError, r"\(6,\).*\(5,\)"),
        id="rel-mismatch",
    ),
    case(
        cal.reliability_table,
        F6,
        np.array(["yes"] * 6),
        expect=_err(ForecastTypeError, "outcome"),
        id="rel-str-outcome",
    ),
    case(
        cal.reliability_table,
        F6,
        Y6,
        bins=[0, 0.5, 1],
        expect=satisfies(
            lambda t: (
                list(t.count) == [3, 3]
                and np.allclose(t.mean_forecast, [0.8 / 3, 2.2 / 3], atol=1e-15)
                and np.allclose(t.observed_frequency, [1 / 3, 2 / 3], atol=1e-15)
            ),
            "counts 3, 3; means 0.8/3, 2.2/3; frequencies 1/3, 2/3",
        ),
        id="rel-value",
    ),
    case(
        cal.reliability_table,
        [0.3, np.nan],
        [1, 1],
        nan_policy="omit",
        expect=satisfies(lambda t: int(t.count.sum()) == 1, "one pair kept"),
        id="rel-nan-omit",
    ),
    case(cal.murphy_decomposition, [], [], expect=_err(ShapeError, "no pairs"), id="murphy-empty"),
    case(
        cal.murphy_decomposition,
        F6,
        Y6,
        nan_policy="bad",
        expect=_err(InvalidOptionError, "nan_policy"),
        id="murphy-nan-policy",
    ),
    case(
        cal.murphy_decomposition,
        [0.3],
        [1],
        expect=satisfies(lambda m: m.n == 1 and abs(m.brier - 0.49) < 1e-15, "brier 0.49"),
        id="murphy-one",
    ),
    case(
        cal.murphy_decomposition,
        F6,
        Y6,
        n_bins=-1,
        expect=_err(InvalidOptionError, "n_bins"),
        id="murphy-nbins-neg",
    ),
    case(
        cal.expected_calibration_error, [], [], expect=_err(ShapeError, "no pairs"), id="ece-empty"
    ),
    # omit: one pair 0.3 against 1, |0.3 - 1| = 0.7
    case(
        cal.expected_calibration_error,
        [0.3, np.nan],
        [1, 1],
        nan_policy="omit",
        expect=value(0.7, abs=1e-15),
        id="ece-nan-omit",
    ),
    case(
        cal.expected_calibration_error,
        F6,
        Y6,
        bins=None,
        expect=_err(ANY, "bins.*None"),
        id="ece-bins-None",
    ),
    case(
        cal.corp_decomposition,
        F6,
        Y6,
        rule="bad",
        expect=_err(InvalidOptionError, "rule.*'bad'"),
        id="corp-rule",
    ),
    case(
        cal.corp_decomposition,
        F6,
        Y6,
        rule="log",
        base=1,
        expect=_err(InvalidOptionError, "base"),
        id="corp-base-1",
    ),
    case(cal.corp_decomposition, [], [], expect=_err(ShapeError, "no pairs"), id="corp-empty"),
    # brier of F6: (.01 + .16 + .16 + .01 + .49 + .49) / 6 = 0.22; uncertainty 0.5 * 0.5
    case(
        cal.corp_decomposition,
        F6,
        Y6,
        expect=satisfies(
            lambda c: abs(c.score - 0.22) < 1e-15 and abs(c.uncertainty - 0.25) < 1e-15,
            "score 0.22, uncertainty 0.25",
        ),
        id="corp-value",
    ),
    case(cal.spiegelhalter_test, [], [], expect=_err(ShapeError, "no pairs"), id="spiegel-empty"),
    # (y - p)(1 - 2p) sums to 4 * -0.08 + 2 * 0.28 = 0.24; variance 2 * (0.0576 + 0.0096 + 0.0336)
    case(
        cal.spiegelhalter_test,
        F6,
        Y6,
        expect=satisfies(lambda t: abs(t.statistic - 0.24 / 0.2016**0.5) < 1e-14, "Z"),
        id="spiegel-value",
    ),
    case(
        cal.spiegelhalter_test,
        [0.5, 0.5],
        [1, 0],
        expect=_err(InvalidForecastError, "variance is 0"),
        id="spiegel-all-half",
    ),
    case(
        cal.spiegelhalter_test,
        F6,
        Y6,
        cluster=[1, 1, 2, 2, np.nan, 3],
        expect=_err(InvalidOptionError, r"cluster\[4\] = .*nan"),
        id="spiegel-cluster-nan",
    ),
    case(
        cal.spiegelhalter_test,
        F6,
        Y6,
        cluster=[1, 2],
        expect=_err(ShapeError, r"cluster of shape \(2,\)"),
        id="spiegel-cluster-short",
    ),
    case(cal.hosmer_lemeshow_test, [], [], expect=_err(ShapeError, "no pairs"), id="hl-empty"),
    case(
        cal.hosmer_lemeshow_test,
        F6,
        Y6,
        n_groups="10",
        expect=_err(InvalidOptionError, "n_groups.*'10'"),
        id="hl-ngroups-str",
    ),
    case(
        cal.hosmer_lemeshow_test,
        F6,
        Y6,
        n_groups=1,
        expect=_err(InvalidOptionError, "n_groups.*got 1"),
        id="hl-ngroups-1",
    ),
    case(
        cal.hosmer_lemeshow_test,
        F6,
        Y6,
        n_groups=2,
        cluster=[1, 1, 1, 2, 2, 2],
        expect=_err(InvalidOptionError, "more clusters than groups"),
        id="hl-cluster-too-few",
    ),
    # halves {0.1, 0.4, 0.3}: O 1, E 0.8; {0.6, 0.9, 0.7}: O 2, E 2.2; each 0.04 / (0.8 * 11 / 15)
    case(
        cal.hosmer_lemeshow_test,
        F6,
        Y6,
        n_groups=2,
        expect=satisfies(lambda t: abs(t.statistic - 3 / 22) < 1e-14 and t.df == 2, "3/22"),
        id="hl-value",
    ),
    case(
        cal.skill_score,
        F6,
        Y6,
        reference=1.5,
        expect=_err(InvalidForecastError, "reference = 1.5"),
        id="skill-ref-big",
    ),
    case(
        cal.skill_score,
        F6,
        Y6,
        reference=np.nan,
        expect=_err(InvalidForecastError, "reference = nan"),
        id="skill-ref-nan",
    ),
    case(
        cal.skill_score,
        F6,
        Y6,
        reference=True,
        expect=_err(ForecastTypeError, "reference = True"),
        id="skill-ref-bool",
    ),
    case(
        cal.skill_score,
        F6,
        Y6,
        reference=F6[:3],
        expect=_err(ShapeError, "reference"),
        id="skill-ref-shape",
    ),
    case(
        cal.skill_score,
        F6,
        np.ones(6),
        expect=_err(InvalidOutcomeError, "all 6 outcomes"),
        id="skill-constant-outcome",
    ),
    case(
        cal.skill_score,
        F6,
        Y6,
        rule="nope",
        expect=_err(UnknownRuleError, "'nope'"),
        id="skill-rule",
    ),
    # 1 - 0.22 / 0.25 = 0.12
    case(
        cal.skill_score,
        F6,
        Y6,
        expect=satisfies(lambda s: abs(s.skill - 0.12) < 1e-14, "0.12"),
        id="skill-value",
    ),
    case(
        cal.brier_skill_score,
        F6,
        Y6,
        reference=None,
        expect=_err(ANY, "reference.*None"),
        id="bss-ref-None",
    ),
    case(cal.brier_skill_score, [], [], expect=_err(ShapeError, "no pairs"), id="bss-empty"),
    case(cal.elementary_scores, [], [], expect=_err(ShapeError, "no pairs"), id="elem-empty"),
    case(
        cal.elementary_scores,
        F6,
        Y6,
        thresholds=[0.5, np.nan],
        expect=_err(InvalidOptionError, r"thresholds\[1\] = nan"),
        id="elem-thresholds-nan",
    ),
    # theta 0.5: 0.7 (y=0) acts in vain, 0.5; 0.3 (y=1) misses, 0.5: (0.5 + 0.5) / 6
    case(
        cal.elementary_scores,
        F6,
        Y6,
        thresholds=[0.5],
        expect=satisfies(lambda r: abs(r.mean_score[0] - 1 / 6) < 1e-15, "1/6"),
        id="elem-value",
    ),
    case(
        cal.murphy_dominance,
        F6,
        F6[:5],
        Y6,
        expect=_err(ShapeError, "forecast_a"),
        id="dominance-shape",
    ),
    case(
        cal.murphy_dominance,
        F6,
        F6,
        Y6,
        expect=satisfies(lambda d: d.dominant == "equal", "equal"),
        id="dominance-equal",
    ),
    case(
        cal.discrimination,
        [0.3, 0.8],
        [1, 1],
        expect=_err(InvalidOutcomeError, "all 2 outcomes are 1"),
        id="discrimination-one-class",
    ),
    case(
        cal.discrimination,
        F6,
        Y6,
        cluster=[0, 1],
        expect=_err(ShapeError, "cluster has 2 labels for 6"),
        id="discrimination-cluster-length",
    ),
    # events 0.6, 0.9, 0.3 over non-events 0.1, 0.4, 0.7: 2 + 3 + 1 = 6 of 9 pairs ordered
    case(
        cal.discrimination,
        F6,
        Y6,
        expect=satisfies(lambda d: abs(d.auc - 6 / 9) < 1e-15, "6/9"),
        id="discrimination-value",
    ),
    case(cal.corp_test, [], [], expect=_err(ShapeError, "no pairs"), id="corptest-empty"),
    case(
        cal.corp_test,
        F6,
        Y6,
        n_resamples=0,
        expect=_err(InvalidOptionError, "n_resamples.*got 0"),
        id="corptest-resamples-0",
    ),
    case(
        cal.corp_test,
        F6,
        Y6,
        rule="nope",
        expect=_err(InvalidOptionError, "rule.*'nope'"),
        id="corptest-rule",
    ),
    case(
        cal.corp_test,
        F6,
        Y6,
        cluster=[1, 2],
        expect=_err(ShapeError, r"cluster of shape \(2,\)"),
        id="corptest-cluster-short",
    ),
    # Brier 1.32 / 6 = 0.22; PAV of the outcomes sorted by forecast, 0 1 0 1 0 1, is
    # 0, .5, .5, .5, .5, 1 (Brier 1 / 6): MCB = 0.22 - 1/6
    case(
        cal.corp_test,
        F6,
        Y6,
        n_resamples=99,
        expect=satisfies(
            lambda t: abs(t.statistic - (0.22 - 1 / 6)) < 1e-15 and 0 < t.p_value <= 1, "MCB"
        ),
        id="corptest-value",
    ),
    case(cal.calibration_band, [], [], expect=_err(ShapeError, "no pairs"), id="band-empty"),
    case(
        cal.calibration_band,
        F6,
        Y6,
        confidence=1.5,
        expect=_err(InvalidOptionError, "confidence.*1.5"),
        id="band-confidence",
    ),
    case(
        cal.calibration_band,
        F6,
        Y6,
        seed=-1,
        expect=_err(InvalidOptionError, "seed.*-1"),
        id="band-seed",
    ),
    case(
        cal.calibration_band,
        F6,
        Y6,
        n_resamples=50,
        expect=satisfies(
            lambda b: (
                b.curve.tolist() == [0.0, 0.5, 0.5, 0.5, 0.5, 1.0]
                and b.forecast.tolist() == sorted(F6.tolist())
            ),
            "PAV curve 0, .5 x4, 1",
        ),
        id="band-value",
    ),
    case(
        cal.by_forecaster,
        TABLE,
        "nope",
        expect=_err(InvalidOptionError, "analysis.*'nope'"),
        id="byforecaster-analysis",
    ),
    case(
        cal.by_forecaster,
        "table",
        "corp_test",
        expect=_err(ForecastTypeError, "table must be a ScoreTable.*str"),
        id="byforecaster-not-table",
    ),
    case(
        cal.by_forecaster,
        TABLE,
        "spiegelhalter_test",
        cluster=[1, 2],
        expect=_err(InvalidOptionError, "cluster= is taken from the table"),
        id="byforecaster-cluster",
    ),
    case(
        cal.by_forecaster,
        TABLE,
        "spiegelhalter_test",
        on_error="ignore",
        expect=_err(InvalidOptionError, "on_error.*'ignore'"),
        id="byforecaster-on-error",
    ),
    case(
        cal.by_forecaster,
        TABLE,
        "hosmer_lemeshow_test",
        n_groups=1,
        expect=_err(InvalidOptionError, "forecaster 'a': n_groups"),
        id="byforecaster-bad-option",
    ),
    # a says 0.3 on six questions, three happen: sum (y - .3)(.4) = 3 * .28 - 3 * .12 = .48,
    # variance 6 * .16 * .21 = .2016
    case(
        cal.by_forecaster,
        TABLE,
        "spiegelhalter_test",
        expect=satisfies(
            lambda r: (
                abs(r["a"].statistic - 0.48 / 0.2016**0.5) < 1e-14 and r.forecasters == ("a", "b")
            ),
            "Z of a",
        ),
        id="byforecaster-value",
    ),
    case(cal.roc_curve, [], [], expect=_err(ShapeError, "no pairs"), id="roc-empty"),
    case(
        cal.categorical_murphy_decomposition,
        np.zeros((0, 3)),
        np.zeros(0, int),
        expect=_err(ShapeError, "no rows"),
        id="catmurphy-empty",
    ),
    case(
        cal.categorical_murphy_decomposition,
        [[0.5, 0.5], [0.2, 0.8]],
        [0, 2],
        expect=_err(InvalidOutcomeError, r"outcome\[1\] = 2"),
        id="catmurphy-index",
    ),
    case(
        cal.categorical_murphy_decomposition,
        [[0.5, 0.5], [np.nan, 0.8]],
        [0, 1],
        expect=_err(InvalidForecastError, r"forecast\[1, 0\] is NaN"),
        id="catmurphy-nan",
    ),
    case(
        cal.categorical_murphy_decomposition,
        [[0.5, 0.5], [0.2, 0.8]],
        [0, 1],
        n_bins=0,
        expect=_err(InvalidOptionError, "n_bins.*0"),
        id="catmurphy-nbins-0",
    ),
]


# === compare =====================================================================================

COMPARE_CASES = [
    case(cmp.compare, [], [], expect=_err(ShapeError, "no paired cases"), id="compare-empty"),
    case(
        cmp.compare,
        F6,
        Y6[:5] * 1.0,
        expect=_err(ShapeError, r"\(6,\).*\(5,\)"),
        id="compare-mismatch",
    ),
    case(
        cmp.compare,
        F6,
        Y6 * 1.0,
        method="paired-t",
        expect=_err(InvalidOptionError, "method"),
        id="compare-method",
    ),
    case(
        cmp.compare,
        F6,
        Y6 * 1.0,
        confidence=np.nan,
        expect=_err(InvalidOptionError, "confidence"),
        id="compare-conf-nan",
    ),
    case(
        cmp.compare,
        F6,
        Y6 * 1.0,
        n_resamples=0,
        expect=_err(InvalidOptionError, "n_resamples.*0"),
        id="compare-nres-0",
    ),
    case(
        cmp.compare,
        F6,
        Y6 * 1.0,
        n_resamples=True,
        expect=_err(InvalidOptionError, "n_resamples.*True"),
        id="compare-nres-bool",
    ),
    case(
        cmp.compare,
        A12,
        B12,
        n_resamples=10**12,
        expect=_err(InvalidOptionError, "n_resamples.*1000000000000"),
        id="compare-nres-huge",
    ),
    case(
        cmp.compare,
        F6,
        Y6 * 1.0,
        horizon=0,
        expect=_err(InvalidOptionError, "horizon.*0"),
        id="compare-horizon-0",
    ),
    # a horizon beyond the sample: "not run" with a note, or refused; never a loop of 10**12
    case(
        cmp.compare,
        A12,
        B12,
        method="diebold-mariano",
        horizon=10**12,
        expect=Either(
            _err(InvalidOptionError, "horizon"),
            lambda c: c.p_value is None or pytest.fail(f"tested with horizon > n: {c}"),
        ),
        id="compare-dm-horizon-huge",
    ),
    case(
        cmp.compare,
        A12,
        B12,
        method="diebold-mariano",
        horizon=14,
        expect=Either(
            _err(InvalidOptionError, "horizon"),
            lambda c: c.p_value is None or pytest.fail(f"tested with horizon 14 > 12 cases: {c}"),
        ),
        id="compare-dm-horizon-above-n",
    ),
    # h = n: the HLN factor (n - h)(n - h + 1) / n**2 is 0
    case(
        cmp.compare,
        A12,
        B12,
        method="diebold-mariano",
        horizon=12,
        expect=_err(InvalidOptionError, r"horizon = 12 is not below the number of cases \(12\)"),
        id="compare-dm-horizon-equals-n",
    ),
    case(
        cmp.compare,
        F6,
        Y6 * 1.0,
        min_questions=0,
        expect=_err(InvalidOptionError, "min_questions.*0"),
        id="compare-min-questions",
    ),
    case(
        cmp.compare,
        F6,
        Y6 * 1.0,
        seed=-1,
        expect=_err(InvalidOptionError, "seed.*-1"),
        id="compare-seed-neg",
    ),
    case(
        cmp.compare,
        F6,
        Y6 * 1.0,
        seed="a",
        expect=_err(InvalidOptionError, "seed.*'a'"),
        id="compare-seed-str",
    ),
    case(
        cmp.compare,
        F6,
        Y6 * 1.0,
        nan_policy="bad",
        expect=_err(InvalidOptionError, "nan_policy"),
        id="compare-nan-policy",
    ),
    case(
        cmp.compare,
        [0.3, np.nan],
        [0.2, 0.1],
        expect=_err(InvalidForecastError, r"scores_a\[1\] is NaN"),
        id="compare-nan",
    ),
    case(
        cmp.compare,
        [0.3, np.inf],
        [0.2, 0.1],
        expect=_err(InvalidForecastError, r"scores_a\[1\] = inf"),
        id="compare-inf",
    ),
    case(cmp.compare, ["a"], ["b"], expect=_err(ForecastTypeError, "scores_a"), id="compare-str"),
    case(
        cmp.compare,
        [True, False],
        [0.1, 0.2],
        expect=_err(ForecastTypeError, "booleans"),
        id="compare-bool",
    ),
    # means: a = 1e308/3, b = -1e308/3, difference 2 * (1e308/3) = 6.67e307, all finite
    # (the literal 2e308 would be inf, so the expected value is written 2 * (1e308 / 3))
    case(
        cmp.compare,
        [1e308, 1e308, -1e308],
        [-1e308, -1e308, 1e308],
        expect=satisfies(
            lambda c: math.isclose(c.mean_difference, 2 * (1e308 / 3), rel_tol=1e-14),
            "6.67e307",
        ),
        id="compare-huge-scores",
    ),
    case(
        cmp.compare,
        A12 * 1e300,
        B12 * 1e300,
        method="diebold-mariano",
        expect=satisfies(
            lambda c: math.isclose(
                c.mean_difference, float(np.mean(A12 - B12)) * 1e300, rel_tol=1e-12
            ),
            "the difference of means",
        ),
        id="compare-dm-huge-scores",
    ),
    case(
        cmp.compare,
        F6,
        Y6 * 1.0,
        cluster=["a", "a", "b"],
        expect=_err(ShapeError, "cluster"),
        id="compare-cluster-shape",
    ),
    case(
        cmp.compare,
        F6,
        Y6 * 1.0,
        cluster=[np.nan, 1.0, 2, 2, 3, 3],
        expect=_err(InvalidOptionError, r"cluster\[0\]"),
        id="compare-cluster-nan",
    ),
    case(
        cmp.compare,
        pd.Series(F6, index=range(6)),
        pd.Series(Y6 * 1.0, index=range(10, 16)),
        expect=_err(ANY, "index"),
        id="compare-series-disjoint-index",
    ),
    case(
        cmp.pairwise_relative_skill,
        [],
        [],
        [],
        expect=_err(ShapeError, "empty"),
        id="prs-empty",
    ),
    case(
        cmp.pairwise_relative_skill,
        ["a", "a", "b", "b"],
        ["q1", "q2", "q1", "q2"],
        [0.1, 0.2, 0.3, np.nan],
        expect=_err(InvalidForecastError, r"score\[3\] = nan"),
        id="prs-nan",
    ),
    case(
        cmp.pairwise_relative_skill,
        ["a", "a", "b", "b"],
        ["q1", "q2", "q1", "q2"],
        [0.1, 0.2, 0.3, -1],
        expect=_err(InvalidForecastError, r"score\[3\] = -1.0"),
        id="prs-negative",
    ),
    case(
        cmp.pairwise_relative_skill,
        ["a", "a", "b", "b"],
        ["q1", "q2", "q1", "q2"],
        [0.1, 0.2, 0.3, 0.4],
        baseline="zz",
        expect=_err(InvalidOptionError, "baseline 'zz'"),
        id="prs-baseline",
    ),
    case(
        cmp.pairwise_relative_skill,
        ["a", "a", "b", "b"],
        ["q1", "q2", "q1", "q2"],
        [0.1, 0.2, 0.3, 0.4],
        min_questions=0,
        expect=_err(InvalidOptionError, "min_questions.*0"),
        id="prs-min-questions-0",
    ),
    # ratio a/b = 0.3/0.7; relative skill = geometric mean of (1, 3/7) = sqrt(3/7)
    case(
        lambda: (
            cmp.pairwise_relative_skill(
                ["a", "a", "b", "b"], ["q1", "q2", "q1", "q2"], [0.1, 0.2, 0.3, 0.4]
            ).relative_skill
        ),
        expect=value([math.sqrt(3 / 7), math.sqrt(7 / 3)], rel=1e-14),
        id="prs-value",
    ),
    # issue 8 row 15: the object arrays a ScoreTable hands it
    case(
        lambda: (
            cmp.pairwise_relative_skill(
                np.array(["a", "a", "b", "b"], dtype=object),
                np.array(["q1", "q2", "q1", "q2"], dtype=object),
                [0.1, 0.2, 0.3, 0.4],
            ).relative_skill
        ),
        expect=value([math.sqrt(3 / 7), math.sqrt(7 / 3)], rel=1e-14),
        id="prs-object-arrays",
    ),
    case(
        cmp.pairwise_relative_skill,
        np.array(["a", "a", "b", "b"], dtype=object),
        ["q1", "q2", "q1", "q2"],
        [0, 0, 0.1, 0.2],
        # the pair's ratio is undefined (a scores 0): refused, or skipped and counted
        expect=Either(
            _err(InvalidForecastError, "'a'.*0"),
            lambda r: (
                (
                    list(r.n_skipped) == [1, 1]
                    and list(r.n_compared) == [0, 0]
                    and bool(np.all(np.isnan(r.relative_skill)))
                )
                or pytest.fail(repr(r))
            ),
        ),
        id="prs-object-zero-scores",
    ),
]


# === verbal ======================================================================================

_LEX_OK: dict[str, Any] = dict(name="x", title="t", citation="c", version="1", year=2020)

VERBAL_CASES = [
    case(verbal.interpret, "", expect=_err(UnknownTermError, "''"), id="interpret-empty"),
    case(
        verbal.interpret, None, expect=_err(ForecastTypeError, "phrase.*None"), id="interpret-None"
    ),
    case(
        verbal.interpret,
        b"likely",
        expect=_err(ForecastTypeError, "phrase.*b'likely'"),
        id="interpret-bytes",
    ),
    case(
        verbal.interpret,
        "likely\x00",
        expect=_err(UnknownTermError, r"likely\\x00"),
        id="interpret-nul",
    ),
    case(
        verbal.interpret,
        "likely",
        lexicon="bad",
        expect=_err(InvalidOptionError, "lexicon.*'bad'"),
        id="interpret-lexicon",
    ),
    case(
        verbal.interpret,
        "LIKELY  ",
        expect=satisfies(lambda r: (r.low, r.high) == (0.55, 0.8), "ICD 203 likely = 55-80%"),
        id="interpret-case-space",
    ),
    # a user's own Lexicon: interpret returns a ProbabilityRange, and a bad range is refused
    case(
        verbal.interpret,
        "likely",
        lexicon=verbal.Lexicon(**_LEX_OK, ranges={"likely": (0.6, 0.8)}),
        expect=satisfies(
            lambda r: isinstance(r, fs.ProbabilityRange) and (r.low, r.high) == (0.6, 0.8),
            "ProbabilityRange(0.6, 0.8)",
        ),
        id="interpret-custom-lexicon",
    ),
    case(
        verbal.Lexicon,
        **_LEX_OK,
        ranges={"likely": (0.8, 0.6)},
        expect=_err(ANY, "likely"),
        id="lexicon-reversed-range",
    ),
    case(
        verbal.Lexicon,
        **_LEX_OK,
        ranges={"likely": (np.nan, 0.6)},
        expect=_err(ANY, "likely.*nan"),
        id="lexicon-nan-range",
    ),
    case(
        verbal.Lexicon,
        **_LEX_OK,
        ranges={"likely": (0.6, 1.5)},
        expect=_err(ANY, "likely.*1.5"),
        id="lexicon-range-above-one",
    ),
    case(
        verbal.Lexicon,
        **_LEX_OK,
        ranges={"likely": "a"},
        expect=_err(ANY, "likely"),
        id="lexicon-str-range",
    ),
    case(
        verbal.Lexicon,
        **_LEX_OK,
        ranges=None,
        expect=_err(ForecastTypeError, "ranges"),
        id="lexicon-None",
    ),
    case(
        verbal.Lexicon,
        **_LEX_OK,
        ranges={3: (0.6, 0.8)},
        expect=_err(ForecastTypeError, "3"),
        id="lexicon-int-term",
    ),
    case(
        verbal.terms_for,
        0.7,
        expect=satisfies(lambda r: r == ("likely",), "('likely',)"),
        id="terms-for-value",
    ),
    case(
        verbal.terms_for,
        np.nan,
        expect=_err(InvalidForecastError, "probability.*nan"),
        id="terms-for-nan",
    ),
    case(
        verbal.terms_for,
        True,
        expect=_err(ForecastTypeError, "probability.*True"),
        id="terms-for-bool",
    ),
    case(
        verbal.terms_for,
        "0.7",
        expect=_err(ForecastTypeError, "probability.*'0.7'"),
        id="terms-for-str",
    ),
    case(
        verbal.terms_for,
        0.7,
        lexicon="bad",
        expect=_err(InvalidOptionError, "lexicon"),
        id="terms-for-lexicon",
    ),
    # ln 0.3 - ln 0.6 = -ln 2: the revision toward what happened lowers the log loss
    case(
        verbal.revision_score,
        0.3,
        0.6,
        1,
        expect=value(-math.log(2), rel=1e-15),
        id="revision-value",
    ),
    case(verbal.revision_score, 0.3, 0.6, 1, base=2, expect=value(-1.0), id="revision-bits"),
    case(
        verbal.revision_score,
        0.3,
        0.6,
        1,
        base=0.5,
        expect=_err(InvalidOptionError, "base.*0.5"),
        id="revision-base-below-one",
    ),
    case(
        verbal.revision_score,
        0.3,
        0.6,
        1,
        rule="bad",
        expect=_err(UnknownRuleError, "'bad'"),
        id="revision-rule",
    ),
    case(
        verbal.revision_score,
        True,
        0.6,
        1,
        expect=_err(ForecastTypeError, "before = True"),
        id="revision-bool",
    ),
    case(
        verbal.revision_score,
        np.nan,
        0.6,
        1,
        expect=_err(InvalidForecastError, "before is NaN"),
        id="revision-nan",
    ),
    case(
        verbal.revision_score,
        0.3,
        0.6,
        2,
        expect=_err(InvalidOutcomeError, "outcome = 2"),
        id="revision-outcome-2",
    ),
    case(verbal.revision_score, [], [], [], expect=value(np.zeros(0)), id="revision-empty"),
    case(
        verbal.revision_direction_score,
        "up",
        1,
        expect=satisfies(lambda r: r == -1, "-1"),
        id="direction-up",
    ),
    case(
        verbal.revision_direction_score,
        "same",
        1,
        expect=_err(InvalidForecastError, "'same'"),
        id="direction-bad",
    ),
    case(verbal.revision_direction_score, None, 1, expect=_err(ANY, "None"), id="direction-None"),
    case(
        verbal.revision_direction_score,
        2,
        1,
        expect=_err(InvalidForecastError, "2"),
        id="direction-2",
    ),
    case(
        verbal.revision_direction_score,
        "up",
        2,
        expect=_err(InvalidOutcomeError, "outcome = 2"),
        id="direction-outcome-2",
    ),
    case(
        verbal.revision_direction_score,
        ["up", "down"],
        [1, 0, 1],
        expect=_err(ShapeError, r"\(2,\).*\(3,\)"),
        id="direction-shape",
    ),
    case(
        verbal.revision_summary,
        ["a", "a"],
        ["q", "q"],
        DAYS,
        [0.3, 0.6],
        [1, 0],
        expect=_err(InvalidOutcomeError, r"outcome\[0\].*outcome\[1\]"),
        id="revsum-two-outcomes",
    ),
    case(
        verbal.revision_summary,
        ["a", "a"],
        ["q", "q"],
        np.array(["2022-01-08", "NaT"], dtype="datetime64[D]"),
        [0.3, 0.6],
        [1, 1],
        expect=_err(ANY, r"made_at\[1\]"),
        id="revsum-NaT",
    ),
    case(
        verbal.revision_summary,
        ["a"],
        ["q", "q"],
        DAYS,
        [0.3, 0.6],
        [1, 1],
        expect=_err(ShapeError, "forecaster"),
        id="revsum-shape",
    ),
    case(
        verbal.revision_summary,
        ["a", "a"],
        ["q", "q"],
        [dt.datetime(2022, 1, 1), dt.datetime(2022, 1, 2)],
        [0.3, 0.6],
        [1, 1],
        expect=_err(ANY, "made_at"),
        id="revsum-naive",
    ),
    # one revision 0.3 -> 0.6 toward yes: log change ln 0.3 - ln 0.6 = -ln 2
    case(
        verbal.revision_summary,
        ["a", "a"],
        ["q", "q"],
        DAYS,
        [0.3, 0.6],
        [1, 1],
        expect=satisfies(
            lambda s: (
                list(s.revisions) == [1]
                and list(s.toward) == [1]
                and math.isclose(s.mean_change[0], -math.log(2), rel_tol=1e-15)
            ),
            "one revision toward, -ln 2",
        ),
        id="revsum-value",
    ),
    # two forecasts at one instant: refused, or a result that does not depend on row order
    case(
        lambda: [
            verbal.revision_summary(
                ["a", "a"], ["q", "q"], DAYS[[0, 0]], list(order), [1, 1]
            ).mean_change.tolist()
            for order in ((0.3, 0.6), (0.6, 0.3))
        ],
        expect=Either(
            _err(ANY, "made_at"),
            lambda pair: pair[0] == pair[1] or pytest.fail(f"row order decides: {pair}"),
        ),
        id="revsum-same-instant-order",
    ),
]


# === platforms ===================================================================================

_OPEN, _CLOSE = np.datetime64("2022-01-01"), np.datetime64("2022-01-11")

PLATFORMS_CASES = [
    # 100 (log2 p + 1): 0.9 -> 84.7996...; 5e-324 = 2^-1074 -> -107300
    case(
        platforms.metaculus_baseline_score,
        0.9,
        True,
        expect=value(100 * (math.log2(0.9) + 1), rel=1e-14),
        id="mbaseline-value",
    ),
    case(
        platforms.metaculus_baseline_score,
        5e-324,
        True,
        expect=value(-107300.0),
        id="mbaseline-subnormal",
    ),
    case(platforms.metaculus_baseline_score, 0.0, True, expect=value(-np.inf), id="mbaseline-zero"),
    case(
        platforms.metaculus_baseline_score,
        np.nan,
        True,
        expect=_err(InvalidForecastError, "NaN"),
        id="mbaseline-nan",
    ),
    case(
        platforms.metaculus_baseline_score,
        True,
        True,
        expect=_err(ForecastTypeError, "boolean"),
        id="mbaseline-bool",
    ),
    case(
        platforms.metaculus_baseline_score, [], [], expect=value(np.zeros(0)), id="mbaseline-empty"
    ),
    case(platforms.metaculus_peer_score, [0.7], True, expect=value([0.0]), id="mpeer-alone"),
    case(
        platforms.metaculus_peer_score,
        0.7,
        True,
        expect=_err(ShapeError, "forecaster axis"),
        id="mpeer-scalar",
    ),
    case(
        platforms.metaculus_peer_score,
        [0.0, 0.8],
        True,
        expect=_err(InvalidForecastError, r"forecast\[0\]"),
        id="mpeer-zero",
    ),
    case(
        platforms.metaculus_peer_score,
        [0.7, 0.8],
        True,
        axis=1,
        expect=_err(ShapeError, "axis 1"),
        id="mpeer-axis",
    ),
    case(
        platforms.metaculus_peer_score,
        [0.7, 0.8],
        True,
        axis=1.0,
        expect=_err(ANY, "axis.*1.0"),
        id="mpeer-axis-float",
    ),
    # 100 * 2 / 1 * ln(p_i / GM): GM(0.25, 1) = 0.5 -> +-100 * 2 * ln 2
    case(
        platforms.metaculus_peer_score,
        [0.25, 1.0],
        True,
        expect=value([-200 * math.log(2), 200 * math.log(2)], rel=1e-14),
        id="mpeer-value",
    ),
    case(
        platforms.metaculus_categorical_baseline_score,
        [0.5, 0.3, 0.2],
        3,
        expect=_err(InvalidOutcomeError, "outcome = 3"),
        id="mcatb-index",
    ),
    case(
        platforms.metaculus_categorical_baseline_score,
        [0.5, 0.5],
        True,
        expect=_err(ForecastTypeError, "boolean"),
        id="mcatb-bool",
    ),
    case(
        platforms.metaculus_categorical_baseline_score,
        [0.5, 0.3, 0.2],
        0,
        expect=value(100 * math.log(1.5) / math.log(3), rel=1e-14),
        id="mcatb-value",
    ),
    case(
        platforms.metaculus_categorical_peer_score,
        [0.5, 0.5],
        0,
        expect=_err(ShapeError, "forecaster and an option axis"),
        id="mcatp-1d",
    ),
    case(
        platforms.metaculus_categorical_peer_score,
        [[0.5, 0.5], [0.5, 0.5]],
        0,
        forecaster_axis=5,
        expect=_err(ShapeError, "forecaster_axis 5"),
        id="mcatp-axis",
    ),
    case(
        platforms.metaculus_continuous_baseline_score,
        [0, 0.5, 0.5, 0],
        0,
        expect=_err(InvalidOutcomeError, "outcome = 0"),
        id="mcontb-closed-bound",
    ),
    case(
        platforms.metaculus_continuous_baseline_score,
        [0, 0.5, 0.5, 0],
        1,
        open_lower="yes",
        expect=_err(InvalidOptionError, "open_lower must be True or False.*'yes'"),
        id="mcontb-open-lower-str",
    ),
    case(
        platforms.metaculus_continuous_baseline_score,
        [0.5, 0.5],
        1,
        expect=_err(ShapeError, "at least 3 buckets"),
        id="mcontb-two-buckets",
    ),
    # baseline b = 1/2 per inside bucket; p = 0.5 -> 100 (ln 0.5 - ln 0.5) / 2 = 0
    case(
        platforms.metaculus_continuous_baseline_score,
        [0, 0.5, 0.5, 0],
        1,
        expect=value(0.0),
        id="mcontb-value",
    ),
    case(
        platforms.metaculus_continuous_peer_score,
        [[0, 0.5, 0.5, 0], [0, 0.25, 0.75, 0]],
        0,
        expect=_err(InvalidForecastError, r"forecast\[0\]"),
        id="mcontp-zero",
    ),
    case(
        platforms.metaculus_continuous_peer_score,
        [[0, 0.5, 0.5, 0], [0, 0.25, 0.75, 0]],
        1,
        expect=value([50 * 2 * math.log(2) / 2, -50 * 2 * math.log(2) / 2], rel=1e-14),
        id="mcontp-value",
    ),
    # 2 (p - y)^2 over both options: 0.3/0.7 against option 1: 0.09 + 0.09 = 0.18
    case(
        platforms.gjopen_brier_score, [0.3, 0.7], 1, expect=value(0.18, abs=1e-15), id="gjo-value"
    ),
    case(
        platforms.gjopen_brier_score,
        [0.3, 0.7],
        2,
        expect=_err(InvalidOutcomeError, "outcome = 2"),
        id="gjo-index",
    ),
    case(
        platforms.gjopen_brier_score,
        0.7,
        1,
        expect=_err(ShapeError, "category axis"),
        id="gjo-scalar",
    ),
    case(
        platforms.gjopen_brier_score,
        [0.3, 0.7],
        1,
        ordered="yes",
        expect=_err(InvalidOptionError, "ordered must be True or False.*'yes'"),
        id="gjo-ordered-str",
    ),
    case(
        platforms.gjopen_time_averaged_brier_score,
        DAYS[:1],
        [0.7],
        1,
        opens=_OPEN,
        closes=_CLOSE,
        ordered="no",
        expect=_err(InvalidOptionError, "ordered must be True or False.*'no'"),
        id="gjota-ordered-str",
    ),
    case(
        platforms.gjopen_time_averaged_brier_score,
        DAYS[:1],
        [0.7],
        1,
        opens=_CLOSE,
        closes=_OPEN,
        expect=_err(InvalidTimeError, "'closes'"),
        id="gjota-reversed",
    ),
    case(
        platforms.gjopen_time_averaged_brier_score,
        DAYS[:1],
        [0.7],
        1,
        opens=dt.datetime(2022, 1, 1),
        closes=_CLOSE,
        expect=_err(InvalidTimeError, "'opens' is a naive"),
        id="gjota-naive",
    ),
    case(
        platforms.gjopen_time_averaged_brier_score,
        DAYS[:1],
        [0.7],
        1,
        opens=np.datetime64("NaT"),
        closes=_CLOSE,
        expect=_err(InvalidTimeError, "NaT"),
        id="gjota-NaT",
    ),
    case(
        platforms.gjopen_time_averaged_brier_score,
        np.array([], dtype="datetime64[D]"),
        [],
        1,
        opens=_OPEN,
        closes=_CLOSE,
        expect=_err(HindsightError, "no forecast"),
        id="gjota-empty",
    ),
    case(
        platforms.gjopen_time_averaged_brier_score,
        np.array(["0001-01-01"], dtype="datetime64[D]"),
        [0.7],
        1,
        opens=dt.date(1, 1, 1),
        closes=dt.date(9999, 12, 31),
        expect=value(0.18, rel=1e-12),
        id="gjota-year-1-to-9999",
    ),
    case(
        lambda: [
            platforms.gjopen_time_averaged_brier_score(
                DAYS[[0, 0]], list(order), 1, opens=_OPEN, closes=_CLOSE
            )
            for order in ((0.7, 0.2), (0.2, 0.7))
        ],
        expect=Either(
            _err(ANY, "made_at"),
            lambda pair: pair[0] == pair[1] or pytest.fail(f"row order decides: {pair}"),
        ),
        id="gjota-same-instant-order",
    ),
    case(
        platforms.metaculus_time_averaged_scores,
        ["a"],
        DAYS[:1],
        [0.9],
        True,
        opens=_OPEN,
        scheduled_close=_OPEN,
        expect=_err(InvalidTimeError, "'scheduled_close'"),
        id="mta-empty-life",
    ),
    case(
        platforms.metaculus_time_averaged_scores,
        ["a"],
        DAYS[:1],
        [0.9],
        True,
        opens=_OPEN,
        scheduled_close=_CLOSE,
        continuous="yes",
        expect=_err(InvalidOptionError, "continuous must be True or False.*'yes'"),
        id="mta-continuous-str",
    ),
    case(
        platforms.metaculus_time_averaged_scores,
        ["a"],
        DAYS[:1],
        [0.9],
        True,
        opens=dt.datetime(2022, 1, 1),
        scheduled_close=_CLOSE,
        expect=_err(InvalidTimeError, "'opens' is a naive"),
        id="mta-naive",
    ),
    case(
        platforms.metaculus_time_averaged_scores,
        ["a"],
        np.array(["0001-01-01"], dtype="datetime64[D]"),
        [0.9],
        True,
        opens=np.datetime64("0001-01-01"),
        scheduled_close=np.datetime64("9999-12-31"),
        expect=satisfies(
            lambda s: math.isclose(s.baseline[0], 100 * (math.log2(0.9) + 1), rel_tol=1e-12),
            "84.7996...",
        ),
        id="mta-year-1-to-9999",
    ),
    case(
        lambda: [
            platforms.metaculus_time_averaged_scores(
                ["a", "a"], DAYS[[0, 0]], list(order), True, opens=_OPEN, scheduled_close=_CLOSE
            ).baseline.tolist()
            for order in ((0.9, 0.5), (0.5, 0.9))
        ],
        expect=Either(
            _err(ANY, "made_at"),
            lambda pair: pair[0] == pair[1] or pytest.fail(f"row order decides: {pair}"),
        ),
        id="mta-same-instant-order",
    ),
]


# === distributed: a ledger as a Dask DataFrame partitioned by question ===========================


def _dask_frame(
    question: Any, forecaster: Any, made_at: Any, probability: Any, npartitions: int = 1
) -> Any:
    import dask.dataframe as dd

    data = {"question": question, "forecaster": forecaster, "made_at": made_at}
    return dd.from_pandas(pd.DataFrame(dict(data, probability=probability)), npartitions)


def _dask_by_forecaster(frame: Any, outcomes: Any, **options: Any) -> Any:
    return dist.DaskLedger(frame).score(outcomes).by_forecaster(**options)


def _dask_counts(frame: Any, outcomes: Any, **options: Any) -> Any:
    return dist.DaskLedger(frame).score(outcomes, **options).counts


def _dask_time_averaged(frame: Any, outcomes: Any, **options: Any) -> Any:
    return dist.time_averaged(dist.DaskLedger(frame), outcomes, **options).columns()


_DQ = [f"q{i}" for i in range(6)]
_DOUT = [fs.Outcome(q, D2, i % 2 == 0) for i, q in enumerate(_DQ)]
_DF6 = _dask_frame(_DQ, ["a"] * 6, [D1] * 6, [0.5] * 6, npartitions=3)

DISTRIBUTED_CASES = [
    case(
        dist.DaskLedger,
        pd.DataFrame({"question": ["q"]}),
        expect=_err(ForecastTypeError, r"frame must be a dask\.dataframe\.DataFrame"),
        id="dask-ledger-pandas-frame",
    ),
    case(
        dist.DaskLedger,
        None,
        expect=_err(ForecastTypeError, r"frame must be a dask\.dataframe\.DataFrame \(got"),
        id="dask-ledger-none",
    ),
    case(
        lambda: dist.DaskLedger(_DF6[["question", "forecaster", "probability"]]),
        expect=_err(FileSchemaError, r"frame: no column 'made_at' \(columns: question"),
        id="dask-ledger-missing-made-at",
    ),
    case(
        _dask_counts,
        _dask_frame(["q"], ["a"], [D1], [1.5]),
        [],
        expect=_err(InvalidForecastError, r"^partition 0: probability\[0\] = 1\.5"),
        id="dask-score-probability-above-one",
    ),
    case(
        lambda: (
            dist.DaskLedger(_dask_frame(["q"], ["a"], [D1], [1.5])).score([]).to_dask().compute()
        ),
        expect=_err(InvalidForecastError, r"^partition 0: probability\[0\] = 1\.5"),
        id="dask-score-rows-probability-above-one",
    ),
    case(
        _dask_counts,
        _dask_frame(["q"], ["a"], [D1], [math.nan]),
        [],
        expect=_err(InvalidForecastError, r"^partition 0: probability\[0\] is NaN"),
        id="dask-score-nan-probability",
    ),
    case(
        _dask_counts,
        _dask_frame([""], ["a"], [D1], [0.5]),
        [],
        expect=_err(ForecastTypeError, r"^partition 0: question\[0\] must be a non-empty"),
        id="dask-score-empty-question-id",
    ),
    case(
        _dask_counts,
        _dask_frame(["q"], ["a"], ["yesterday"], [0.5]),
        [],
        expect=_err(InvalidTimeError, r"^partition 0, row 0: column 'made_at': 'yesterday'"),
        id="dask-score-made-at-not-iso",
    ),
    case(
        _dask_counts,
        _dask_frame(["q"], ["a"], ["2022-01-08T10:00"], [0.5]),
        [],
        expect=_err(InvalidTimeError, r"partition 0, row 0: .*needs a UTC offset"),
        id="dask-score-made-at-text-without-offset",
    ),
    case(
        _dask_counts,
        _dask_frame(["q"], ["a"], pd.to_datetime(["2022-01-08"]), [0.5]),
        [],
        expect=_err(InvalidTimeError, r"^partition 0: column 'made_at' holds naive datetimes"),
        id="dask-score-naive-made-at",
    ),
    case(
        _dask_counts,
        _dask_frame(["q"], ["a"], [D2], [0.5]),
        [fs.Outcome("q", D2, "yes")],
        expect=_err(HindsightError, r"^partition 0, row 0: the prediction by 'a' on question 'q'"),
        id="dask-score-hindsight",
    ),
    case(
        _dask_counts,
        _dask_frame(["q"], ["a"], [D2], [0.5]),
        [fs.Outcome("q", D2, "yes")],
        hindsight="drop",
        expect=satisfies(lambda c: c["hindsight"] == 1 and c["scored"] == 0, "counted"),
        id="dask-score-hindsight-drop-counts",
    ),
    case(
        _dask_counts,
        _DF6,
        fs.Outcome("q0", D2, "yes"),
        expect=_err(ForecastTypeError, r"outcomes must be an iterable of Outcome"),
        id="dask-score-one-outcome",
    ),
    case(
        _dask_counts,
        _DF6,
        _DOUT,
        hindsight="ignore",
        expect=_err(InvalidOptionError, r"hindsight"),
        id="dask-score-bad-hindsight",
    ),
    case(
        _dask_counts,
        _dask_frame(["q", "r", "q"], ["a"] * 3, [D1] * 3, [0.5] * 3, npartitions=2),
        [],
        expect=_err(FileSchemaError, r"question 'q' is in partition 0 and partition 1"),
        id="dask-score-question-split",
    ),
    case(
        _dask_by_forecaster,
        _DF6,
        _DOUT,
        confidence=1.5,
        expect=_err(InvalidOptionError, r"confidence"),
        id="dask-by-forecaster-confidence",
    ),
    case(
        _dask_by_forecaster,
        _DF6,
        _DOUT,
        n_resamples=10**9,
        expect=_err(InvalidOptionError, r"n_resamples must be at most 1000000 \(got 1000000000\)"),
        id="dask-by-forecaster-huge-n-resamples",
    ),
    case(
        _dask_by_forecaster,
        _DF6,
        _DOUT,
        seed=-1,
        expect=_err(InvalidOptionError, r"seed"),
        id="dask-by-forecaster-negative-seed",
    ),
    # Brier of 0.5 is 0.25 on every question, whatever happened.
    case(
        _dask_by_forecaster,
        _DF6,
        _DOUT,
        expect=satisfies(
            lambda s: s.mean_score.tolist() == [0.25] and s.n.tolist() == [6],
            "mean 0.25 over 6",
        ),
        id="dask-by-forecaster-value",
    ),
    # Log score of 0 on what happened: an infinite mean and no interval, as on one machine.
    case(
        lambda: (
            dist.DaskLedger(_dask_frame(_DQ, ["a"] * 6, [D1] * 6, [0.0] + [0.5] * 5))
            .score([fs.Outcome(q, D2, "yes") for q in _DQ], rule="log")
            .by_forecaster()
        ),
        expect=satisfies(
            lambda s: s.mean_score.tolist() == [math.inf] and math.isnan(s.ci_low[0]),
            "inf mean, no interval",
        ),
        id="dask-by-forecaster-infinite-log-score",
    ),
    case(
        _dask_time_averaged,
        _dask_frame(["q", "q"], ["a", "a"], [D1, D1], [0.2, 0.3]),
        [fs.Outcome("q", D2, "yes")],
        expect=_err(InvalidForecastError, r"^partition 0, row 0 and row 1: forecaster 'a'"),
        id="dask-time-averaged-same-instant",
    ),
    case(
        dist.time_averaged,
        _DF6,
        _DOUT,
        expect=_err(ForecastTypeError, r"ledger must be a DaskLedger"),
        id="dask-time-averaged-not-a-dask-ledger",
    ),
    case(
        lambda: dist.time_averaged(dist.DaskLedger(_DF6), _DOUT, granularity="hour"),
        expect=_err(InvalidOptionError, r"granularity"),
        id="dask-time-averaged-bad-granularity",
    ),
    # (0.5 - y)**2 = 0.25 over each question's whole span.
    case(
        _dask_time_averaged,
        _DF6,
        _DOUT,
        expect=satisfies(lambda c: c["score"].tolist() == [0.25] * 6, "0.25 per question"),
        id="dask-time-averaged-value",
    ),
]


ALL_CASES = (
    RULES_CASES
    + MODEL_CASES
    + SCORING_CASES
    + LEDGER_CASES
    + IO_CASES
    + CALIBRATION_CASES
    + COMPARE_CASES
    + VERBAL_CASES
    + PLATFORMS_CASES
    + DISTRIBUTED_CASES
)


@pytest.mark.parametrize(("fn", "args", "kwargs", "expect"), ALL_CASES)
def test_hostile_input(
    fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], expect: Any
) -> None:
    run_case(fn, args, kwargs, expect)


# === every public name has a row =================================================================

_ROOMS = (rules, model, scoring, led, fio, cal, cmp, verbal, platforms, dist)

#: Public names that are not called: constants, type aliases, the error classes (raised, not
#: called) and the rooms themselves.
_NOT_CALLABLE = {"SUM_ATOL", "SYMMETRY_ATOL", "RULES", "Time", "LEXICONS", "NOT_INCLUDED", "errors"}
_NOT_CALLABLE |= {"calibration", "compare", "io", "ledger", "platforms", "verbal"}
_NOT_CALLABLE |= set(fs.errors.__all__)

#: Result records: covered by the rows of the functions that build them.
_BUILT_BY = {
    "ScoreTable": "score",
    "TimeAveragedTable": "time_averaged",
    "ReferenceTable": "compare_to_reference",
    "Summary": "by_forecaster",
    "Leaderboard": "leaderboard",
    "FixedEffects": "fixed_effects",
    "ReliabilityTable": "reliability_table",
    "MurphyDecomposition": "murphy_decomposition",
    "CorpDecomposition": "corp_decomposition",
    "SkillScore": "skill_score",
    "CalibrationTest": "spiegelhalter_test",
    "CalibrationBand": "calibration_band",
    "ForecasterResults": "by_forecaster",
    "Comparison": "compare",
    "RelativeSkill": "pairwise_relative_skill",
    "RevisionSummary": "revision_summary",
    "MetaculusScores": "metaculus_time_averaged_scores",
    "DaskScoreTable": "DaskLedger",
    "DaskTimeAveragedTable": "DaskLedger",
}


def _called_names() -> set[str]:
    names: set[str] = set()
    for param in ALL_CASES:
        fn = param.values[0]
        qualname = getattr(fn, "__qualname__", "")
        names.update(qualname.split("."))
        names.add(getattr(fn, "__name__", ""))
    # rows written as lambdas name what they call in their id; add their code's names
    for param in ALL_CASES:
        fn = param.values[0]
        code = getattr(fn, "__code__", None)
        if code is not None:
            names.update(code.co_names)
    return names


def test_every_public_name_is_called() -> None:
    called = _called_names()
    public = set(fs.__all__)
    for room in _ROOMS:
        public |= set(room.__all__)
    missing = []
    for name in sorted(public - _NOT_CALLABLE):
        target = _BUILT_BY.get(name, name)
        if target not in called:
            missing.append(name)
    assert not missing, f"public names without a hostile-input row: {missing}"


# === fuzzing the array scores ====================================================================

_DTYPES = st.sampled_from(
    [
        np.dtype(np.float64),
        np.dtype(np.float32),
        np.dtype(np.float16),
        np.dtype(np.int64),
        np.dtype(np.uint8),
        np.dtype(np.bool_),
        np.dtype(np.complex128),
        np.dtype("datetime64[D]"),
        np.dtype("U3"),
        np.dtype("S3"),
    ]
)
_SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
_FLOATS = st.one_of(
    st.sampled_from(
        [0.0, -0.0, 1.0, 0.5, 5e-324, 1e-300, 1 - 2**-53, np.nan, np.inf, -np.inf, 1.5, -0.1]
    ),
    st.floats(0, 1),
    st.floats(allow_nan=True, allow_infinity=True),
)


@st.composite
def _hostile_arrays(draw: Any, shape: Any = _SHAPES) -> Any:
    dtype = draw(_DTYPES)
    shp = draw(shape)
    if dtype.kind == "f":
        values = draw(hnp.arrays(np.float64, shp, elements=_FLOATS))
        with np.errstate(over="ignore"):
            return values.astype(dtype)
    return draw(hnp.arrays(dtype, shp))


def _fuzz_call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The call's value, or None after a library error naming an argument; nothing else."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return fn(*args, **kwargs)
    except ForecastScoreError as exc:
        assert isinstance(exc, (ValueError, TypeError))
        assert re.search(
            r"forecast|outcome|members|lower|upper|level|alpha|axis|categor", str(exc)
        ), f"the message names no argument: {exc}"
        return None


def _clean(x: np.ndarray) -> bool:
    return x.dtype.kind in "fiu" and x.dtype.kind != "b"


_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(forecast=_hostile_arrays(), outcome=_hostile_arrays())
def test_fuzz_binary_scores_value_or_library_error(forecast: Any, outcome: Any) -> None:
    for fn in (fs.brier_score, fs.log_score, fs.spherical_score):
        out = _fuzz_call(fn, forecast, outcome)
        if out is None:
            continue
        # accepted: then the inputs were real probabilities and 0/1 outcomes, and the value
        # is the independent formula on the float64 values
        assert forecast.dtype.kind in "fiu", f"accepted a {forecast.dtype} forecast"
        assert outcome.dtype.kind in "fiub", f"accepted a {outcome.dtype} outcome"
        p = np.asarray(forecast, dtype=np.float64)
        y = np.asarray(outcome).astype(np.float64)
        assert np.all((p >= 0) & (p <= 1)), f"accepted probabilities {p}"
        assert np.all((y == 0) | (y == 1)), f"accepted outcomes {y}"
        p, y = np.broadcast_arrays(p, y)
        py = np.where(y == 1, p, 1 - p)
        if fn is fs.brier_score:
            want = (p - y) ** 2
        elif fn is fs.log_score:
            with np.errstate(divide="ignore"):
                want = np.where(y == 1, -np.log(p), -np.log1p(-p))
        else:
            want = 1 - py / np.hypot(p, 1 - p)
        got = np.asarray(out)
        assert got.shape == want.shape and got.dtype == np.float64
        assert not np.any(np.isnan(got)), "NaN from inputs without NaN"
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


@_FUZZ
@given(
    forecast=_hostile_arrays(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4)),
    outcome=_hostile_arrays(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=4)),
    axis=st.sampled_from([-1, 0, 1, 2, -3]),
)
def test_fuzz_categorical_scores_value_or_library_error(
    forecast: Any, outcome: Any, axis: int
) -> None:
    for fn in (
        fs.categorical_brier_score,
        fs.categorical_log_score,
        fs.categorical_spherical_score,
        fs.ranked_probability_score,
    ):
        out = _fuzz_call(fn, forecast, outcome, axis=axis)
        if out is None:
            continue
        assert forecast.dtype.kind in "fiu", f"accepted a {forecast.dtype} forecast"
        assert outcome.dtype.kind in "fiu", f"accepted a {outcome.dtype} outcome"
        p = np.moveaxis(np.asarray(forecast, dtype=np.float64), axis, -1)
        k = p.shape[-1]
        idx = np.asarray(outcome)
        assert idx.dtype.kind in "iu" or (idx.dtype.kind == "f" and np.all(idx == np.round(idx)))
        idx = idx.astype(np.int64)
        assert np.all((idx >= 0) & (idx < k)), f"accepted indices {idx} for {k} categories"
        assert np.all(np.abs(p.sum(axis=-1) - 1) <= 1e-6 + 1e-12), "accepted rows not summing to 1"
        onehot = (np.arange(k) == idx[..., None]).astype(np.float64)
        p, onehot = np.broadcast_arrays(p, onehot)
        if fn is fs.categorical_brier_score:
            want = ((p - onehot) ** 2).sum(axis=-1)
        elif fn is fs.categorical_log_score:
            with np.errstate(divide="ignore"):
                want = -np.log((p * onehot).sum(axis=-1))
        elif fn is fs.categorical_spherical_score:
            want = 1 - (p * onehot).sum(axis=-1) / np.sqrt((p * p).sum(axis=-1))
        else:
            want = ((np.cumsum(p, axis=-1) - np.cumsum(onehot, axis=-1)) ** 2).sum(axis=-1)
        got = np.asarray(out)
        assert got.shape == want.shape and got.dtype == np.float64
        assert not np.any(np.isnan(got)), "NaN from inputs without NaN"
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


@_FUZZ
@given(
    members=_hostile_arrays(hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=4)),
    outcome=_hostile_arrays(hnp.array_shapes(min_dims=0, max_dims=1, min_side=0, max_side=4)),
    fair=st.booleans(),
)
def test_fuzz_crps_ensemble_value_or_library_error(members: Any, outcome: Any, fair: bool) -> None:
    out = _fuzz_call(fs.crps_ensemble, members, outcome, fair=fair)
    if out is None:
        return
    assert members.dtype.kind in "fiu", f"accepted {members.dtype} members"
    assert outcome.dtype.kind in "fiu", f"accepted a {outcome.dtype} outcome"
    x = np.asarray(members, dtype=np.float64)
    y = np.asarray(outcome, dtype=np.float64)
    assert np.all(np.isfinite(x)) and np.all(np.isfinite(y)), "accepted non-finite values"
    m = x.shape[-1]
    x, yb = np.broadcast_arrays(x, y[..., None])
    with np.errstate(over="ignore", invalid="ignore"):
        first = np.abs(x - yb).mean(axis=-1)
        spread = np.abs(x[..., :, None] - x[..., None, :]).sum(axis=(-1, -2))
        want = first - spread / (2 * m * (m - 1) if fair else 2 * m * m)
    got = np.asarray(out)
    assert got.shape == want.shape and got.dtype == np.float64
    assert not np.any(np.isnan(got)), "NaN from finite members"
    finite_want = np.isfinite(want)
    scale = max(float(np.max(np.abs(x), initial=0.0)), float(np.max(np.abs(y), initial=0.0)), 1.0)
    np.testing.assert_allclose(got[finite_want], want[finite_want], rtol=1e-9, atol=1e-12 * scale)


@_FUZZ
@given(
    forecast=_hostile_arrays(),
    outcome=_hostile_arrays(),
    level=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([0.5, 0.1, 0.9, True, "0.5", None]),
    ),
)
def test_fuzz_quantile_score_value_or_library_error(
    forecast: Any, outcome: Any, level: Any
) -> None:
    out = _fuzz_call(fs.quantile_score, forecast, outcome, level=level)
    if out is None:
        return
    assert isinstance(level, float) and 0 < level < 1, f"accepted level {level!r}"
    assert forecast.dtype.kind in "fiu", f"accepted a {forecast.dtype} forecast"
    assert outcome.dtype.kind in "fiu", f"accepted a {outcome.dtype} outcome"
    q = np.asarray(forecast, dtype=np.float64)
    y = np.asarray(outcome, dtype=np.float64)
    assert np.all(np.isfinite(q)) and np.all(np.isfinite(y))
    q, y = np.broadcast_arrays(q, y)
    # (1[y < q] - tau)(q - y), in halves so that finite inputs never overflow
    want = np.where(y < q, (1 - level) * (q / 2 - y / 2) * 2, level * (y / 2 - q / 2) * 2)
    got = np.asarray(out)
    assert got.shape == want.shape and got.dtype == np.float64
    assert np.all(np.isfinite(got)) or not np.all(np.isfinite(want)), "overflow on finite inputs"
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-300)


@_FUZZ
@given(
    rows=hnp.arrays(
        np.float64,
        st.tuples(st.integers(0, 4), st.integers(2, 5)),
        elements=st.one_of(st.floats(0, 1), st.sampled_from([0.0, 5e-324, 1e-300, 1.0])),
    ),
    index=st.integers(-2, 6),
    transpose=st.booleans(),
)
def test_fuzz_categorical_scores_on_valid_rows_match_the_formula(
    rows: Any, index: int, transpose: bool
) -> None:
    # rows normalised to sum to 1 (within rounding): every score either matches the
    # one-hot formula or refuses an index outside 0..k-1, naming it
    total = rows.sum(axis=-1, keepdims=True)
    rows = np.where(total > 0, rows / np.where(total > 0, total, 1), 1 / rows.shape[-1])
    k = rows.shape[-1]
    outcome = np.full(rows.shape[0], index)
    forecast, axis = (rows.T, 0) if transpose else (rows, -1)
    onehot = (np.arange(k) == outcome[:, None]).astype(np.float64)
    for fn in (
        fs.categorical_brier_score,
        fs.categorical_log_score,
        fs.categorical_spherical_score,
        fs.ranked_probability_score,
    ):
        out = _fuzz_call(fn, forecast, outcome, axis=axis)
        if out is None:
            assert rows.shape[0] and not 0 <= index < k, f"{fn.__name__} refused valid rows"
            continue
        assert rows.shape[0] == 0 or 0 <= index < k, f"{fn.__name__} accepted index {index}"
        if fn is fs.categorical_brier_score:
            want = ((rows - onehot) ** 2).sum(axis=-1)
        elif fn is fs.categorical_log_score:
            with np.errstate(divide="ignore"):
                want = -np.log((rows * onehot).sum(axis=-1))
        elif fn is fs.categorical_spherical_score:
            want = 1 - (rows * onehot).sum(axis=-1) / np.sqrt((rows * rows).sum(axis=-1))
        else:
            want = ((np.cumsum(rows, axis=-1) - np.cumsum(onehot, axis=-1)) ** 2).sum(axis=-1)
        got = np.asarray(out)
        assert got.shape == want.shape and got.dtype == np.float64
        assert not np.any(np.isnan(got)), f"{fn.__name__}: NaN from valid rows"
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
