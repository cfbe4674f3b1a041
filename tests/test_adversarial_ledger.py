"""Adversarial regression tests of the track-record layer (ledger, io, command line).

Each test pins a bug found by trying to break the layer, or an edge that was right but
untested (DST folds, day boundaries, empty and one-row ledgers, hostile CSV and JSON Lines).
Expected values are worked out by hand in the comments.
"""

import datetime as dt
import io
import json
import math
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore import io as fio
from forecastscore.__main__ import main
from forecastscore.ledger import Ledger, compare_to_reference, time_averaged

D = dt.date
UTC = dt.timezone.utc
NY = ZoneInfo("America/New_York")
P = fs.Prediction
HEADER = "question,forecaster,made_at,probability\n"


def stream(text, name="p.csv"):
    s = io.StringIO(text)
    s.name = name
    return s


def read(text, name="p.csv"):
    return fio.read_predictions_csv(stream(text, name))


def write(ledger, writer=fio.write_predictions_csv):
    buf = io.StringIO()
    writer(ledger, buf)
    return buf.getvalue()


# --- hand-computed values -----------------------------------------------------------------


def test_a_forecast_that_stood_for_no_time_weighs_nothing_even_if_infinite():
    # Bug: 0 * inf in the time average raised RuntimeWarning (an error under -W error).
    # 0.0 at 2022-03-01 09:00Z is replaced the same day, at 15:00Z, by 0.9; the outcome
    # (yes) is known on 2022-03-08. Counted in whole days the 0.0 stood 0 days, the 0.9
    # stood 7: the average is -ln(0.9) = 0.10536051565782628 nats, whatever the row order.
    early = P("q", "me", dt.datetime(2022, 3, 1, 9, tzinfo=UTC), 0.0)
    late = P("q", "me", dt.datetime(2022, 3, 1, 15, tzinfo=UTC), 0.9)
    out = [fs.Outcome("q", D(2022, 3, 8), True)]
    for rows in ([early, late], [late, early]):
        t = time_averaged(Ledger.from_predictions(rows), out, rule="log", granularity="day")
        assert t.score[0] == pytest.approx(0.10536051565782628, rel=1e-12)
    # The other way round: the 0.0 stands for the 7 days, so the average is inf (not NaN).
    early, late = (
        P("q", "me", dt.datetime(2022, 3, 1, 9, tzinfo=UTC), 0.9),
        P("q", "me", dt.datetime(2022, 3, 1, 15, tzinfo=UTC), 0.0),
    )
    for rows in ([early, late], [late, early]):
        t = time_averaged(Ledger.from_predictions(rows), out, rule="log", granularity="day")
        assert t.score[0] == math.inf


def test_good_judgment_open_example_binary_exact_and_by_day():
    # 0.9 on days 1-3 (2022-03-01..03), 0.95 on days 4-7, yes known 2022-03-08 00:00Z.
    # Binary Brier: 0.1**2 = 0.01 for 3 days, 0.05**2 = 0.0025 for 4 days:
    # (0.03 + 0.01) / 7 = 0.005714285714..., half the published two-option 0.08 / 7.
    lg = Ledger.from_predictions(
        [P("q", "me", D(2022, 3, 1), 0.9), P("q", "me", D(2022, 3, 4), 0.95)]
    )
    out = [fs.Outcome("q", D(2022, 3, 8), True)]
    for granularity in ("exact", "day"):
        t = time_averaged(lg, out, granularity=granularity)
        assert t.score[0] == pytest.approx(0.04 / 7, rel=1e-12)
        assert t.span_days[0] == 7.0 and t.coverage[0] == 1.0


def test_day_granularity_across_a_dst_fold():
    # 2022-11-06 01:30 happens twice in New York: fold=0 is 05:30Z, fold=1 is 06:30Z.
    # Resolution at the second 01:30 (06:30Z): the first counts, the second is hindsight.
    first = dt.datetime(2022, 11, 6, 1, 30, tzinfo=NY, fold=0)
    second = dt.datetime(2022, 11, 6, 1, 30, tzinfo=NY, fold=1)
    lg = Ledger.from_predictions([P("q", "x", first, 0.4), P("q", "y", second, 0.4)])
    table = lg.score([fs.Outcome("q", second, True)], hindsight="drop")
    assert table.counts == {
        "scored": 1,
        "unresolved": 0,
        "annulled": 0,
        "hindsight": 1,
        "leakage": 0,
        "probability_outcomes": 0,
    }
    # Lead time: one hour = 1/24 day.
    assert table.lead_time_days[0] == pytest.approx(1 / 24)
    # Written to CSV, the two keep their offsets (-04:00 then -05:00) and read back equal.
    text = write(lg)
    assert "2022-11-06T01:30:00-04:00" in text and "2022-11-06T01:30:00-05:00" in text
    assert read(text) == lg


@pytest.mark.parametrize(
    ("made", "resolved", "scored"),
    [
        # A date is its whole UTC day: D against a datetime at D+1 00:30+01:00 (= D 23:30Z)
        # is not before; against D+1 00:00Z it is.
        (
            D(2022, 2, 24),
            dt.datetime(2022, 2, 25, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            0,
        ),
        (D(2022, 2, 24), dt.datetime(2022, 2, 25, tzinfo=UTC), 1),
        # 2022-02-24T00:00+01:00 is 2022-02-23T23:00Z: before the date 2022-02-24.
        (dt.datetime(2022, 2, 24, tzinfo=dt.timezone(dt.timedelta(hours=1))), D(2022, 2, 24), 1),
        # One microsecond before counts; the same instant does not.
        (
            dt.datetime(2022, 2, 24, 11, 59, 59, 999999, tzinfo=UTC),
            dt.datetime(2022, 2, 24, 12, tzinfo=UTC),
            1,
        ),
        (dt.datetime(2022, 2, 24, 12, tzinfo=UTC), dt.datetime(2022, 2, 24, 12, tzinfo=UTC), 0),
    ],
)
def test_hindsight_at_day_boundaries(made, resolved, scored):
    lg = Ledger.from_predictions([P("q", "x", made, 0.5)])
    counts = lg.score([fs.Outcome("q", resolved, True)], hindsight="drop").counts
    assert (counts["scored"], counts["hindsight"]) == (scored, 1 - scored)


def test_cli_json_is_strict_json_with_infinity_as_a_string(tmp_path, capsys):
    # Bug: an infinite log score was written as the bare token Infinity, which strict JSON
    # parsers (RFC 8259, JavaScript's JSON.parse) refuse. alice gave 0.0 to what happened:
    # -ln(0) = inf; bob 0.8: -ln(0.8) = 0.2231435513142097.
    p = tmp_path / "p.csv"
    o = tmp_path / "o.csv"
    p.write_text(HEADER + "q1,alice,2022-01-08,0.0\nq1,bob,2022-01-09,0.8\n")
    o.write_text("question,resolved_at,outcome\nq1,2022-02-24,yes\n")
    assert main(["score", str(p), str(o), "--rule", "log", "--format", "json"]) == 0
    out = capsys.readouterr().out

    def refuse(name):
        raise ValueError(f"not strict JSON: {name}")

    doc = json.loads(out, parse_constant=refuse)
    assert doc["predictions"][0]["score"] == "Infinity"
    assert float(doc["predictions"][0]["score"]) == math.inf
    assert doc["predictions"][1]["score"] == pytest.approx(0.2231435513142097)
    alice = next(r for r in doc["forecasters"] if r["forecaster"] == "alice")
    assert alice["mean_score"] == "Infinity" and alice["ci_low"] is None


@pytest.mark.parametrize(
    "made",
    [
        # Instants in year 0 and year 10000 whose wall times are in years 1 and 9999.
        # Bug: iterating, printing or writing them raised OverflowError (built through UTC).
        dt.datetime(1, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5))),
        dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    ],
)
def test_times_at_the_ends_of_the_calendar(made):
    lg = Ledger.from_predictions([P("q", "a", made, 0.5)])
    assert lg[0].made_at == made and lg[0].made_at.utcoffset() == made.utcoffset()
    assert lg.made_at_iso() == [made.isoformat()]
    assert read(write(lg)) == lg


def test_six_fractional_digits_round_trip():
    # Microseconds are the finest time held: .000001 reads and writes back unchanged.
    text = HEADER + "q,a,2022-01-03T12:00:00.000001+05:30,0.5\n"
    assert write(read(text)) == text


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Bug: a NUL at the end of a field vanished in the byte matrices: '0.5\x00' read as
        # 0.5 (ids with a NUL are read by text instead: see the next test).
        (HEADER + "q,a,2022-01-03,0.5\x00\n", r"p\.csv:2: column 'probability': .* NUL"),
        # Bug: numpy's date parser took year 0000, which then failed with OverflowError on
        # iteration instead of a schema error at read time.
        (
            HEADER + "q,a,0000-01-01,0.5\n",
            r"p\.csv:2: column 'made_at': '0000-01-01' is not a time",
        ),
        # Bug: nanoseconds were silently cut to microseconds.
        (
            HEADER + "q,a,2022-01-03T12:00:00.123456789+00:00,0.5\n",
            r"p\.csv:2: column 'made_at': .* 9 fractional digits",
        ),
    ],
)
def test_csv_refuses_what_it_would_lose(text, message):
    with pytest.raises(fs.FileSchemaError, match=message):
        read(text)


def test_csv_ids_ending_in_nul_stay_distinct():
    # Bug: a NUL at the end of a field vanished in the byte matrices, so 'q\x00' and 'q'
    # were one question. They are two, and each forecaster keeps its NUL.
    lg = read(HEADER + "q\x00,a,2022-01-03,0.5\nq,a\x00,2022-01-03,0.5\n")
    assert lg.question.tolist() == ["q\x00", "q"]
    assert lg.forecaster.tolist() == ["a", "a\x00"]
    assert lg.questions == ["q\x00", "q"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        # Bug: NaN/Infinity were accepted in extra fields, and writing back then failed with
        # a builtin ValueError; a repeated key silently kept its last value.
        (
            '{"question": "q", "forecaster": "a", "made_at": "2022-01-03", "probability": 0.5, "x": NaN}',
            "NaN is not valid JSON",
        ),
        (
            '{"question": "q", "forecaster": "a", "made_at": "2022-01-03", "probability": 0.5, "x": -Infinity}',
            "-Infinity is not valid JSON",
        ),
        (
            '{"question": "q", "forecaster": "a", "made_at": "2022-01-03", "probability": 0.5, "x": 1e400}',
            "1e400 is too large",
        ),
        (
            '{"question": "q", "forecaster": "a", "made_at": "2022-01-03", "probability": 0.5, "probability": 0.7}',
            "'probability' appears twice",
        ),
    ],
)
def test_jsonl_is_strict(line, message):
    good = '{"question": "q", "forecaster": "a", "made_at": "2022-01-03", "probability": 0.5}'
    with pytest.raises(fs.FileSchemaError, match=rf"p\.jsonl:2: .*{message}"):
        fio.read_predictions_jsonl(stream(good + "\n" + line + "\n", "p.jsonl"))
    with pytest.raises(fs.FileSchemaError, match=r"o\.jsonl:1: .*not valid JSON"):
        fio.read_outcomes_jsonl(
            stream(
                '{"question": "q", "resolved_at": "2022-01-03", "outcome": true, "x": NaN}\n',
                "o.jsonl",
            )
        )


def test_from_arrays_refuses_times_a_datetime_cannot_hold():
    # Bug: datetime64 year 0 was taken and failed with OverflowError on iteration.
    for text in ("0000-12-31", "10000-01-01"):
        with pytest.raises(
            fs.InvalidTimeError, match=r"made_at\[1\] = .* outside the years 1 to 9999"
        ):
            Ledger.from_arrays(
                ["q", "q"],
                ["a", "a"],
                np.array(["2022-01-01", text], dtype="datetime64[D]"),
                [0.5, 0.5],
            )


def test_a_second_outcome_is_an_error_even_for_a_question_not_in_the_ledger():
    # Bug: duplicates were only caught for questions the ledger held, so the same outcomes
    # were valid or not depending on the ledger.
    lg = Ledger.from_predictions([P("q", "a", D(2022, 1, 1), 0.5)])
    outs = [fs.Outcome("zz", D(2022, 2, 1), True), fs.Outcome("zz", D(2022, 2, 2), False)]
    with pytest.raises(
        fs.InvalidOutcomeError, match=r"outcomes\[1\]: a second outcome for question 'zz'"
    ):
        lg.score(outs)
    with pytest.raises(
        fs.InvalidOutcomeError, match=r"outcomes\[1\]: a second outcome for question 'zz'"
    ):
        time_averaged(lg, outs)


def test_time_average_refuses_to_mix_binary_and_categorical_scales():
    # Bug: 0.9 (binary Brier 0.01) then {no: 0.05, yes: 0.95} (categorical Brier 0.005, on
    # the 0..2 scale) by one forecaster on one question were averaged into 0.00714...
    lg = Ledger.from_predictions(
        [P("q", "me", D(2022, 3, 1), 0.9), P("q", "me", D(2022, 3, 4), {"no": 0.05, "yes": 0.95})]
    )
    with pytest.raises(
        fs.InvalidForecastError,
        match=r"^forecaster 'me' gave both a plain probability \(row 0\) and a mapping over "
        r"options \(row 1\) on question 'q'; .* different scales",
    ):
        time_averaged(lg, [fs.Outcome("q", D(2022, 3, 8), "yes")])


def test_reference_comparison_refuses_inf_minus_inf():
    # Bug: claim and reference both 0.0 on what happened: log scores inf - inf gave a NaN
    # difference (and a RuntimeWarning), indistinguishable from a range.
    crowd = Ledger.from_predictions([P("q", "crowd", D(2022, 1, 1), 0.0)])
    pundit = Ledger.from_predictions([P("q", "pundit", D(2022, 1, 2), 0.0)])
    with pytest.raises(
        fs.InvalidForecastError, match=r"row 0: the claim and the reference .* both score inf"
    ):
        compare_to_reference(pundit, crowd, [fs.Outcome("q", D(2022, 2, 1), True)], rule="log")


def test_an_option_named_annulled_cannot_be_written():
    # Bug: it was written as 'annulled' and read back as an annulled question.
    out = [fs.Outcome("q", D(2022, 1, 1), "annulled")]
    for writer in (fio.write_outcomes_csv, fio.write_outcomes_jsonl):
        with pytest.raises(
            fs.InvalidOutcomeError, match=r"outcomes\[0\]: the option name 'annulled'"
        ):
            writer(out, io.StringIO())


def test_cli_hindsight_error_names_the_option(tmp_path, capsys):
    p = tmp_path / "p.csv"
    o = tmp_path / "o.csv"
    p.write_text(HEADER + "q,a,2022-03-09,0.5\n")
    o.write_text("question,resolved_at,outcome\nq,2022-03-08,yes\n")
    assert main(["score", str(p), str(o)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "--hindsight drop" in err


# --- properties ---------------------------------------------------------------------------

_text = st.text(
    alphabet=st.sampled_from(list('ab ,"\n\r\t\x0b\x1c\x85\u2028é名\ufeff.-')),
    min_size=1,
    max_size=6,
)
_zones = st.sampled_from(
    [
        UTC,
        dt.timezone(dt.timedelta(hours=5, minutes=30)),
        dt.timezone(dt.timedelta(hours=-3, seconds=15)),
    ]
)
_times = st.one_of(
    st.dates(min_value=D(1, 1, 2), max_value=D(9999, 12, 30)),
    st.datetimes(
        min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=_zones
    ),
)
_probability = st.one_of(
    st.floats(0, 1),
    st.builds(
        lambda a, b: fs.ProbabilityRange(min(a, b), max(a, b)), st.floats(0, 1), st.floats(0, 1)
    ),
)
_hostile = st.builds(
    fs.Prediction,
    _text.filter(str.strip),
    _text.filter(str.strip),
    _times,
    _probability,
    source=st.none() | _text,
    quote=st.none() | _text,
)


@given(st.lists(_hostile, max_size=5))
def test_hostile_text_and_times_round_trip_through_both_formats(preds):
    # Commas, quotes, line breaks of every kind, a BOM inside a field, odd offsets, years 1
    # and 9999, subnormal floats: written and read back, the ledger is equal and the text
    # written again is identical.
    lg = Ledger.from_predictions(preds)
    for writer, reader in (
        (fio.write_predictions_csv, fio.read_predictions_csv),
        (fio.write_predictions_jsonl, fio.read_predictions_jsonl),
    ):
        text = write(lg, writer)
        back = reader(io.StringIO(text))
        assert back == lg
        assert write(back, writer) == text


@given(st.text(alphabet="0123456789.eE+- ", min_size=1, max_size=7))
def test_a_probability_reads_as_float_does_or_is_refused(token):
    # The vectorised number parser must agree with float(): same value, or an error when
    # float() fails or gives a number outside [0, 1]. ("a..b" is a range: not here.)
    assume(".." not in token)
    try:
        expected = float(token)
    except ValueError:
        expected = math.nan
    text = HEADER + f"q,a,2022-01-03,{token}\n"
    if 0.0 <= expected <= 1.0:
        assert read(text).low[0] == expected
    else:
        with pytest.raises(fs.FileSchemaError, match=r"p\.csv:2: column 'probability'"):
            read(text)


@pytest.mark.parametrize("size", [1, 2, 3, 31, 32, 33, 64, 100])
def test_coupled_bootstrap_draws_exact_multinomial_counts(size):
    # The bootstrap grows one resample from size to size (faster on skewed ledgers); a
    # group of m questions must still get counts ~ Multinomial(m; 1/m, ...): each cell's
    # count is Binomial(m, 1/m), P(k) = C(m, k) (1/m)^k (1 - 1/m)^(m - k), and the counts
    # sum to m. Three groups of this size: one-hot on the first cell, on the last cell, and
    # all ones (whose resampled mean is exactly 1). Other sizes are present (5 and 47), as
    # they would be for other forecasters.
    from forecastscore.ledger._bootstrap import _coupled_means

    n_resamples = 4000
    first = np.eye(1, size, 0).ravel()
    last = np.eye(1, size, size - 1).ravel()
    sums = np.concatenate([np.zeros(5), first, last, np.ones(size), np.zeros(47)])
    groups = [(5, np.array([0])), (size, np.array([1, 2, 3])), (47, np.array([4]))]
    groups.sort(key=lambda g: g[0])
    start = np.array([0, 5, 5 + size, 5 + 2 * size, 5 + 3 * size])
    means = _coupled_means(groups, start, sums, np.ones(len(sums)), n_resamples, 12345)
    rows = {int(g): i for i, g in enumerate(np.concatenate([s for _, s in groups]))}
    np.testing.assert_allclose(means[rows[3]], 1.0, rtol=1e-12)
    for r in (rows[1], rows[2]):
        k = np.rint(means[r] * size).astype(int)
        for j in range(min(size, 3) + 1):
            p = math.comb(size, j) * (1 / size) ** j * (1 - 1 / size) ** (size - j)
            se = math.sqrt(p * (1 - p) / n_resamples)
            assert abs(np.mean(k == j) - p) <= 4.5 * se + 1e-12, (size, j)


_writer_times = st.datetimes(
    min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=_zones
) | st.datetimes(
    min_value=dt.datetime(1, 1, 2),
    max_value=dt.datetime(9999, 12, 30),
    timezones=st.sampled_from(
        [
            dt.timezone(dt.timedelta(hours=h, minutes=m))
            for h in (-23, -5, 0, 14, 23)
            for m in (0, 45, 59)
        ]
    ),
)


@given(st.lists(_writer_times, min_size=1, max_size=6), st.booleans())
def test_datetimes_read_as_arrays_agree_with_fromisoformat(times, zulu):
    # The array parser of '...T12:00:00[.ffffff](Z|+HH:MM)' must give what
    # datetime.fromisoformat gives, whatever mix of lengths (Z or offset, with or without
    # microseconds) the column holds.
    texts = [t.isoformat() for t in times]
    if zulu:
        texts = [x.replace("+00:00", "Z") for x in texts]
    lg = read(HEADER + "".join(f"q,a,{x},0.5\n" for x in texts))
    for got, want in zip(lg, texts, strict=True):
        expected = dt.datetime.fromisoformat(want)
        assert got.made_at == expected and got.made_at.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "bad",
    [
        "2022-02-30T00:00:00Z",
        "2022-01-01T24:00:00Z",
        "2022-01-01T23:59:60+00:00",
        "2022-01-01T12:00:00+24:00",
        "2022-01-01T12:00:00+05:60",
        "0000-01-01T12:00:00Z",
        "2022-01-01T12:00:00X",
    ],
)
def test_bad_datetimes_are_refused_by_either_parser(bad):
    with pytest.raises(fs.FileSchemaError, match=r"p\.csv:3: column 'made_at'"):
        read(HEADER + "q,a,2022-01-01T12:00:00Z,0.5\n" + f"q,a,{bad},0.5\n")


_any_offset = st.timedeltas(
    min_value=dt.timedelta(hours=-23, minutes=-59), max_value=dt.timedelta(hours=23, minutes=59)
).map(dt.timezone)


@given(
    st.lists(
        st.one_of(
            st.dates(min_value=D(1, 1, 2), max_value=D(9999, 12, 30)),
            st.datetimes(
                min_value=dt.datetime(1, 1, 2),
                max_value=dt.datetime(9999, 12, 30),
                timezones=_any_offset,
            ),
        ),
        max_size=8,
    )
)
def test_iso_text_of_a_ledger_is_isoformat(times):
    # The array formatter of made_at must write what date/datetime.isoformat writes, for any
    # offset (seconds and microseconds included) and microseconds or none.
    lg = Ledger.from_predictions([P("q", "a", t, 0.5) for t in times])
    assert lg.made_at_iso() == [t.isoformat() for t in times]


@pytest.mark.parametrize("seed", [-1, 1.5, "x", True])
def test_a_bad_seed_is_an_option_error(seed):
    # Bug: numpy's SeedSequence raised a builtin ValueError/TypeError (and the command line
    # a traceback for --seed=-1).
    lg = Ledger.from_predictions([P(f"q{i}", "a", D(2022, 1, 1), 0.5) for i in range(6)])
    table = lg.score([fs.Outcome(f"q{i}", D(2022, 2, 1), True) for i in range(6)])
    with pytest.raises(fs.InvalidOptionError, match=r"seed must be an integer >= 0 \(got"):
        table.by_forecaster(seed=seed)


def test_cli_bad_seed_exits_2(tmp_path, capsys):
    p = tmp_path / "p.csv"
    o = tmp_path / "o.csv"
    p.write_text(HEADER + "".join(f"q{i},a,2022-01-01,0.5\n" for i in range(6)))
    o.write_text(
        "question,resolved_at,outcome\n" + "".join(f"q{i},2022-02-01,yes\n" for i in range(6))
    )
    assert main(["score", str(p), str(o), "--seed=-1"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "seed must be an integer >= 0" in err


# --- hostile arguments to the ledger's functions ------------------------------------------

_LG = Ledger.from_predictions([P("q", "a", D(2022, 1, 1), 0.5), P("q", "b", D(2022, 1, 2), 0.6)])
_OUT = [fs.Outcome("q", D(2022, 2, 1), "yes")]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        # Bug: each of these escaped as a bare AttributeError, TypeError or ValueError.
        (lambda: time_averaged("x", _OUT), fs.ForecastTypeError, "^ledger must be a Ledger"),
        (
            lambda: compare_to_reference("x", _LG.filter(forecaster="a"), _OUT),
            fs.ForecastTypeError,
            r"^ledger must be a Ledger \(got <class 'str'>\)",
        ),
        (
            lambda: _LG.score(None),
            fs.ForecastTypeError,
            r"^outcomes must be an iterable of Outcome \(got None\)",
        ),
        (
            lambda: time_averaged(_LG, 3),
            fs.ForecastTypeError,
            r"^outcomes must be an iterable of Outcome \(got 3\)",
        ),
        (
            lambda: compare_to_reference(_LG, _LG.filter(forecaster="a"), 3),
            fs.ForecastTypeError,
            r"^outcomes must be an iterable of Outcome \(got 3\)",
        ),
        (
            lambda: time_averaged(_LG, _OUT, questions=fs.Question("q")),
            fs.ForecastTypeError,
            "^questions must be an iterable of Question, not one Question",
        ),
        (
            lambda: _LG.score(_OUT, questions=7),
            fs.ForecastTypeError,
            r"^questions must be an iterable of Question \(got 7\)",
        ),
        (
            lambda: _LG.score(_OUT).by_lead_time("abc"),
            fs.InvalidOptionError,
            r"^bins must be at least two strictly increasing edges in days \(got 'abc'\)",
        ),
        (
            lambda: _LG.score(_OUT).by_lead_time([[0, 1], [2]]),
            fs.InvalidOptionError,
            r"^bins must be .* \(got \[\[0, 1\], \[2\]\]\)",
        ),
        (lambda: _LG["a"], fs.ForecastTypeError, r"^index must be integers \(got 'a'\)"),
        (lambda: _LG[1.0], fs.ForecastTypeError, r"^index must be integers \(got 1\.0\)"),
        (
            lambda: _LG[np.array([[0]])],
            fs.ShapeError,
            r"^index must be one-dimensional \(got shape \(1, 1\)\)",
        ),
        (
            lambda: _LG.take([[0], [1, 2]]),
            fs.ForecastTypeError,
            r"^rows must be integers \(got \[\[0\], \[1, 2\]\]\)",
        ),
    ],
)
def test_ledger_functions_refuse_hostile_arguments_with_library_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=6),
    st.one_of(
        st.floats(-3e-6, 3e-6),
        # within a few ulps of the edges, where a fixed 1e-6 would decide by rounding
        st.builds(
            lambda sign, j: sign * 1e-6 + j * 2.0**-52,
            st.sampled_from([-1.0, 1.0]),
            st.integers(-8, 8),
        ),
    ),
    st.randoms(),
)
def test_option_rows_sum_decision_does_not_depend_on_their_order(head, delta, rnd):
    # The options of one categorical forecast are summed in file order; whether the sum is
    # 1 (within 1e-6 plus rounding) must not depend on that order. The last option brings
    # the exact sum near 1 + delta, around the edges of the tolerance.
    scale = sum(head)
    assume(scale > 0)
    probs = [p / (scale * 2) for p in head]
    probs.append(1.0 + delta - math.fsum(probs))
    assume(0.0 <= probs[-1] <= 1.0)
    exact = math.fsum(probs)

    def accepted(order):
        rows = "".join(f"q,a,2022-01-01,{probs[i]!r},o{i}\n" for i in order)
        try:
            read("question,forecaster,made_at,probability,option\n" + rows)
        except fs.FileSchemaError as exc:
            assert "not 1 (tolerance 1e-06 plus rounding)" in str(exc)
            return False
        return True

    order = list(range(len(probs)))
    first = accepted(order)
    rnd.shuffle(order)
    assert accepted(order) == first == accepted(order[::-1])
    # The decision is that of the correctly rounded sum (math.fsum), whatever the order,
    # with the tolerance of an array's rows: 1e-6 plus 2 k eps times the sum.
    assert first == (abs(exact - 1.0) <= 1e-6 + 2 * len(probs) * 2.0**-52 * exact)


def test_a_ledger_read_from_a_file_pickles_and_keeps_its_lines():
    # The ledger remembers where its rows came from through the reader's closure, which
    # pickle cannot hold: it is kept as plain data instead. Line 3 holds the late claim.
    import pickle

    lg = read(HEADER + "q,a,2022-01-08,0.3\nq,late,2022-03-08,0.3\n", "p.csv")[1:]
    back = pickle.loads(pickle.dumps(lg))
    assert back == lg and back.extra == lg.extra
    assert not back.low.flags.writeable
    with pytest.raises(fs.HindsightError, match=r"^p\.csv:3: the prediction by 'late'"):
        back.score([fs.Outcome("q", D(2022, 2, 1), True)])


def test_from_arrays_refuses_pandas_columns_with_different_indexes():
    # Bug: pandas Series were paired by position whatever their indexes: question 'q' at
    # index 5 was given forecaster 'a' at index 6.
    pd = pytest.importorskip("pandas")
    days = np.array(["2022-01-08", "2022-01-09"], dtype="datetime64[D]")
    with pytest.raises(
        fs.ShapeError,
        match=r"^forecaster and question are pandas objects with different indexes \(\[6, 5\] "
        r"and \[5, 6\]\)",
    ):
        Ledger.from_arrays(
            pd.Series(["q", "r"], index=[5, 6]),
            pd.Series(["a", "b"], index=[6, 5]),
            days,
            [0.3, 0.4],
        )
    with pytest.raises(fs.ShapeError, match=r"^probability and question are pandas objects"):
        Ledger.from_arrays(
            pd.Series(["q", "r"]), ["a", "b"], days, pd.Series([0.3, 0.4], index=[1, 0])
        )
    # Equal indexes (and plain sequences beside them) pair as given.
    lg = Ledger.from_arrays(
        pd.Series(["q", "r"], index=[5, 6]), ["a", "b"], days, pd.Series([0.3, 0.4], index=[5, 6])
    )
    assert list(zip(lg.question, lg.forecaster, lg.low, strict=True)) == [
        ("q", "a", 0.3),
        ("r", "b", 0.4),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, r"^predictions must be an iterable of Prediction \(got None\)"),
        (
            P("q", "a", D(2022, 1, 1), 0.5),
            "^predictions must be an iterable of Prediction, not one",
        ),
        (3, r"^predictions must be an iterable of Prediction \(got 3\)"),
    ],
)
def test_from_predictions_refuses_what_is_not_predictions(value, message):
    with pytest.raises(fs.ForecastTypeError, match=message):
        Ledger.from_predictions(value)
