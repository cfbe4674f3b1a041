"""Tests of forecastscore.io: CSV and JSON Lines in and out, losslessly."""

import csv
import datetime as dt
import io
import re
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore import io as fio
from forecastscore.ledger import Ledger
from forecastscore.strategies import predictions, questions

D = dt.date
UTC = dt.timezone.utc
HEADER = "question,forecaster,made_at,probability\n"


def read(text, reader=fio.read_predictions_csv):
    return reader(io.StringIO(text))


def written(ledger, writer=fio.write_predictions_csv):
    buf = io.StringIO()
    writer(ledger, buf)
    return buf.getvalue()


# --- values -------------------------------------------------------------------------------


def test_reads_the_csv_format():
    text = (
        "question,forecaster,made_at,probability,option,source,quote,note\n"
        'q1,alice,2022-01-08,0.3,,http://x,"less likely, now",first\n'
        "q1,bob,2022-01-09T10:00:00+02:00,0.2..0.45,,,,\n"
        "q2,bob,2022-01-10T08:00:00Z,0.25,a,,,\n"
        "q2,bob,2022-01-10T08:00:00Z,0.75,b,,,\n"
    )
    lg = read(text)
    assert len(lg) == 3
    assert lg[0] == fs.Prediction(
        "q1", "alice", D(2022, 1, 8), 0.3, source="http://x", quote="less likely, now"
    )
    plus2 = dt.timezone(dt.timedelta(hours=2))
    assert lg[1].made_at == dt.datetime(2022, 1, 9, 10, tzinfo=plus2)
    assert lg[1].made_at.utcoffset() == dt.timedelta(hours=2)
    assert lg[1].probability == fs.ProbabilityRange(0.2, 0.45)
    assert lg[2].probability == {"a": 0.25, "b": 0.75}
    assert lg[2].made_at == dt.datetime(2022, 1, 10, 8, tzinfo=UTC)
    assert lg.extra["note"].tolist() == ["first", "", ""]


def test_writes_exactly_what_it_read():
    text = (
        "question,forecaster,made_at,probability,option,source,quote,note\n"
        'q1,alice,2022-01-08,0.3,,http://x,"less likely, now",first\n'
        "q1,bob,2022-01-09T10:00:00+02:00,0.2..0.45,,,,\n"
        "q2,bob,2022-01-10T08:00:00+00:00,0.25,a,,,\n"
        "q2,bob,2022-01-10T08:00:00+00:00,0.75,b,,,\n"
    )
    assert written(read(text)) == text


def test_simple_files_take_the_numpy_path_and_agree_with_the_csv_module():
    body = "".join(f"q{i % 3},f{i % 4},2022-01-{1 + i % 28:02d},{i / 100!r}\n" for i in range(100))
    fast = read(HEADER + body)
    # Quoting one field sends the same content through the csv module.
    slow = read(HEADER + body.replace("q1,", '"q1",', 1))
    assert fast == slow
    np.testing.assert_array_equal(fast.low, [i / 100 for i in range(100)])


def test_windows_line_ends_read_the_same():
    body = "".join(f"q{i},f,2022-01-0{1 + i % 9},0.{i}\n" for i in range(10))
    unix = read(HEADER + body)
    assert read((HEADER + body).replace("\n", "\r\n")) == unix
    with pytest.raises(fs.FileSchemaError, match=r"<stream>:3: column 'probability': '7'"):
        read((HEADER + "q,a,2022-01-01,0.5\nq,a,2022-01-01,7\n").replace("\n", "\r\n"))


def test_floats_round_trip_exactly():
    values = [0.1, 1 / 3, 0.30000000000000004, 5e-324, 1e-300, 0.9999999999999999, 0.0, 1.0]
    lg = Ledger.from_predictions([fs.Prediction("q", "a", D(2022, 1, 1), v) for v in values])
    text = written(lg)
    assert "0.30000000000000004" in text and "5e-324" in text
    assert read(text).low.tolist() == values
    # Other spellings of a number read as float() reads them.
    again = read(HEADER + "q,a,2022-01-01,.5\nq,a,2022-01-01,1e-1\nq,a,2022-01-01,0.50\n")
    assert again.low.tolist() == [0.5, 0.1, 0.5]


def test_bom_blank_lines_crlf_and_quoted_newlines():
    text = (
        "\ufeff"
        + HEADER.replace("\n", "\r\n")
        + 'q,a,2022-01-01,0.5\r\n\r\n"q\nx",a,2022-01-02,0.25\r\n'
    )
    lg = read(text)
    assert lg.question.tolist() == ["q", "q\nx"]
    # The bad value on the row that starts on line 5 (after a blank line 3 and the quoted
    # newline of line 4) is reported there.
    bad = text + "q,a,2022-01-03,2\r\n"
    with pytest.raises(fs.FileSchemaError, match=r"<stream>:6: column 'probability': '2'"):
        read(bad)


def test_jsonl_reads_and_writes():
    lines = (
        '{"question": "q1", "forecaster": "a", "made_at": "2022-01-08", "probability": 0.3, "note": [1, 2]}\n'
        "\n"
        '{"question": "q1", "forecaster": "b", "made_at": "2022-01-09T10:00:00+02:00", '
        '"probability": {"low": 0.2, "high": 0.45}}\n'
    )
    lg = read(lines, fio.read_predictions_jsonl)
    assert lg[0].probability == 0.3 and lg[1].probability == fs.ProbabilityRange(0.2, 0.45)
    assert lg.extra["note"].tolist() == [[1, 2], None]
    out = written(lg, fio.write_predictions_jsonl)
    assert read(out, fio.read_predictions_jsonl) == lg
    assert out.splitlines()[1] == (
        '{"question": "q1", "forecaster": "b", "made_at": "2022-01-09T10:00:00+02:00", '
        '"probability": {"low": 0.2, "high": 0.45}, "note": null}'
    )


def test_outcomes_csv_and_jsonl():
    text = "question,resolved_at,outcome,why\nq1,2022-02-24,yes,invasion\nq2,2022-03-01T12:00:00+00:00,true,\nq3,2022-03-01,annulled,void\nq4,2022-03-01,1,\n"
    outs = read(text, fio.read_outcomes_csv)
    assert outs[0] == fs.Outcome("q1", D(2022, 2, 24), "yes")
    assert outs[1].value is True and outs[1].resolved_at == dt.datetime(2022, 3, 1, 12, tzinfo=UTC)
    assert outs[2].annulled and outs[2].value is None
    assert outs[3].value == "1"
    assert outs.extra == {"why": ["invasion", "", "void", ""]}
    assert written(outs, fio.write_outcomes_csv) == text
    jl = written(outs, fio.write_outcomes_jsonl)
    back = read(jl, fio.read_outcomes_jsonl)
    assert back == outs and back.extra == outs.extra
    typed = read(
        '{"question": "q", "resolved_at": "2022-01-01", "outcome": 2}', fio.read_outcomes_jsonl
    )
    assert typed[0].value == 2


def test_files_on_disk(tmp_path):
    lg = Ledger.from_predictions([fs.Prediction("q", "a", D(2022, 1, 1), 0.5)])
    path = tmp_path / "p.csv"
    fio.write_predictions_csv(lg, path)
    assert fio.read_predictions_csv(path) == lg
    assert fio.read_predictions_csv(str(path)) == lg


def test_pandas_round_trip():
    lg = read(
        "question,forecaster,made_at,probability,option,note\n"
        "q1,alice,2022-01-08,0.3,,x\n"
        "q1,bob,2022-01-09T10:00:00+02:00,0.2..0.45,,y\n"
        "q2,bob,2022-01-10,0.25,a,z\n"
        "q2,bob,2022-01-10,0.75,b,z\n"
    )
    frame = lg.to_pandas()
    assert list(frame.columns) == [
        "question",
        "forecaster",
        "made_at",
        "probability",
        "option",
        "note",
    ]
    assert len(frame) == 4
    assert Ledger.from_pandas(frame) == lg


def test_pandas_timezone_aware_column():
    pd = pytest.importorskip("pandas")
    lg = Ledger.from_predictions(
        [fs.Prediction("q", "a", dt.datetime(2022, 1, 1, 5, tzinfo=UTC), 0.3)]
    )
    frame = lg.to_pandas()
    frame["made_at"] = pd.to_datetime(frame["made_at"], utc=True)
    assert Ledger.from_pandas(frame) == lg
    frame["made_at"] = frame["made_at"].dt.tz_localize(None)
    with pytest.raises(
        fs.FileSchemaError,
        match="row 0: column 'made_at': .* is not a date or a datetime with a UTC offset",
    ):
        Ledger.from_pandas(frame)


def test_pandas_missing_names_the_extra(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    lg = Ledger.from_predictions([fs.Prediction("q", "a", D(2022, 1, 1), 0.5)])
    with pytest.raises(ImportError, match=r"pip install 'forecastscore\[pandas\]'"):
        lg.to_pandas()


# --- errors -------------------------------------------------------------------------------


def test_the_issue_example_message(tmp_path):
    rows = "".join(f"q{i},a,2022-01-01,0.5\n" for i in range(12))
    path = tmp_path / "predictions.csv"
    path.write_text(HEADER + rows + "q,a,2022-01-01,1.3\n")  # line 14
    with pytest.raises(
        fs.FileSchemaError,
        match=r"predictions\.csv:14: column 'probability': '1\.3' is not a probability in \[0, 1\]$",
    ) as info:
        fio.read_predictions_csv(path)
    assert info.value.line == 14 and info.value.column == "probability"
    assert info.value.path == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "question,forecaster,made_at\nq,a,2022-01-01\n",
            r"<stream>:1: the required column 'probability' is missing",
        ),
        (
            HEADER + "q,a,2022-01-01\n",
            r"<stream>:2: expected 4 fields \(question,forecaster,made_at,probability\), got 3",
        ),
        (
            HEADER + "q,a,2022-01-01,0.5\nq,,2022-01-01,0.5\n",
            r"<stream>:3: column 'forecaster': '' is not a non-empty string",
        ),
        (
            HEADER + "q,a,2022-01-01T10:00:00,0.5\n",
            r"<stream>:2: column 'made_at': '2022-01-01T10:00:00' is not a time: a datetime needs a UTC offset",
        ),
        (
            HEADER + "q,a,2022-02-30,0.5\n",
            r"<stream>:2: column 'made_at': '2022-02-30' is not a time",
        ),
        (
            HEADER + "q,a,2022-01-01,nan\n",
            r"<stream>:2: column 'probability': 'nan' is not a probability",
        ),
        (
            HEADER + "q,a,2022-01-01,True\n",
            r"<stream>:2: column 'probability': 'True' is not a probability",
        ),
        (
            HEADER + "q,a,2022-01-01,\n",
            r"<stream>:2: column 'probability': '' is not a probability",
        ),
        (
            HEADER + "q,a,2022-01-01,0.5..0.2\n",
            r"<stream>:2: column 'probability': '0.5..0.2' is not a probability range",
        ),
        (
            HEADER.replace("\n", ",option\n") + "q,a,2022-01-01,0.5,x\nq,a,2022-01-01,0.4,y\n",
            r"<stream>:2: column 'probability': the probabilities of the options of one forecast sum to 0.9",
        ),
        (
            HEADER.replace("\n", ",option,source\n")
            + "q,a,2022-01-01,0.5,x,s1\nq,a,2022-01-01,0.5,y,s2\n",
            r"<stream>:3: column 'source': 's2' differs from 's1'",
        ),
        ("question,question,made_at,probability\n", r"<stream>:1: column 'question' appears twice"),
        ("", r"<stream>:1: the file is empty"),
    ],
)
def test_schema_errors_name_file_line_and_column(text, message):
    with pytest.raises(fs.FileSchemaError, match=message):
        read(text)


def test_not_utf8(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(HEADER.encode() + b"q,\xff,2022-01-01,0.5\n")
    with pytest.raises(
        fs.FileSchemaError, match=r"p\.csv:2: column 'forecaster': the text is not valid UTF-8"
    ):
        fio.read_predictions_csv(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"question": "q"\n', r"<stream>:1: not valid JSON"),
        ("[1, 2]\n", r"<stream>:1: expected a JSON object, got list"),
        (
            '{"question": "q", "forecaster": "a", "made_at": "2022-01-01"}\n',
            r"<stream>:1: column 'probability': the required field",
        ),
        (
            '\n{"question": "q", "forecaster": "a", "made_at": "2022-01-01", "probability": true}\n',
            r"<stream>:2: column 'probability': True is not a probability",
        ),
        (
            '{"question": "q", "forecaster": "a", "made_at": "2022-01-01", "probability": {"low": 0.5}}\n',
            r"<stream>:1: column 'probability': .* is not a range",
        ),
        (
            '{"question": "q", "forecaster": "a", "made_at": 20220101, "probability": 0.5}\n',
            r"<stream>:1: column 'made_at': 20220101 is not an ISO 8601 time string",
        ),
    ],
)
def test_jsonl_errors(text, message):
    with pytest.raises(fs.FileSchemaError, match=message):
        read(text, fio.read_predictions_jsonl)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "question,resolved_at\nq,2022-01-01\n",
            r"<stream>:1: the required column 'outcome' is missing",
        ),
        (
            "question,resolved_at,outcome\nq,2022-01-01,\n",
            r"<stream>:2: column 'outcome': '' is empty",
        ),
        (
            "question,resolved_at,outcome\nq,01/02/2022,yes\n",
            r"<stream>:2: column 'resolved_at': '01/02/2022' is not a time",
        ),
        (
            "question,resolved_at,outcome\n,2022-01-01,yes\n",
            r"<stream>:2: column 'question': '' is not a non-empty string",
        ),
    ],
)
def test_outcome_errors(text, message):
    with pytest.raises(fs.FileSchemaError, match=message):
        read(text, fio.read_outcomes_csv)


# --- properties ---------------------------------------------------------------------------

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
ledgers = st.lists(
    st.tuples(
        predictions(questions=questions(max_options=4), ranges=True),
        st.one_of(st.none(), texts),
        texts,
    ),
    max_size=10,
)


def _ledger(rows):
    preds = [
        fs.Prediction(
            p.question, p.forecaster, p.made_at, p.probability, source=s or None, quote=None
        )
        for p, s, _ in rows
    ]
    lg = Ledger.from_predictions(preds)
    return lg, [note for _, _, note in rows]


@given(ledgers)
def test_write_then_read_gives_the_same_ledger(rows):
    lg, _ = _ledger(rows)
    assert read(written(lg)) == lg
    assert read(written(lg, fio.write_predictions_jsonl), fio.read_predictions_jsonl) == lg
    # Files hold offsets, not zone names: the instants and offsets come back.
    back = list(read(written(lg)))

    def offsets(preds):
        return [getattr(p.made_at, "utcoffset", lambda: None)() for p in preds]

    assert offsets(back) == offsets(lg)


@given(ledgers)
def test_extra_columns_survive_a_round_trip(rows):
    lg, notes = _ledger(rows)
    if lg.is_categorical.any():
        return
    # Add an extra column by hand, with the csv module quoting every field.
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["question", "forecaster", "made_at", "probability", "source", "note"])
    for p, note in zip(lg, notes, strict=True):
        prob = p.probability
        text = (
            f"{prob.low!r}..{prob.high!r}" if isinstance(prob, fs.ProbabilityRange) else repr(prob)
        )
        writer.writerow(
            [p.question, p.forecaster, p.made_at.isoformat(), text, p.source or "", note]
        )
    got = read(buf.getvalue())
    assert list(got) == list(lg)
    assert got.extra["note"].tolist() == notes
    assert read(written(got)) == got


@given(st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_any_probability_reads_back_bit_for_bit(values):
    lg = Ledger.from_predictions([fs.Prediction("q", "a", D(2022, 1, 1), v) for v in values])
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.csv"
        fio.write_predictions_csv(lg, path)
        back = fio.read_predictions_csv(path)
    assert back.low.tobytes() == np.asarray(values, dtype=float).tobytes()


# --- malformed quoting (issue 8, row 3) ---------------------------------------------------

QUOTED = HEADER.replace("\n", ",quote\n")


def test_csv_unterminated_quote_is_an_error_at_its_line_not_a_swallowed_file():
    # The issue's reproduction: an unterminated quote on line 3 used to swallow the later rows
    # into one field (1 of 3 predictions read, no error).
    text = (
        QUOTED
        + "q1,a,2022-01-01,0.3,fine\n"
        + 'q2,a,2022-01-01,0.4,"he said it would\n'
        + "q3,a,2022-01-01,0.5,fine\n"
    )
    with pytest.raises(
        fs.FileSchemaError,
        match=r"^<stream>:3: column 'quote': malformed CSV: the quoted field that starts here is "
        r"never closed",
    ) as info:
        read(text)
    assert info.value.line == 3 and info.value.column == "quote"
    outcomes = 'question,resolved_at,outcome,note\nq,2022-01-01,yes,"open\nq2,2022-01-01,no,x\n'
    with pytest.raises(fs.FileSchemaError, match=r"^<stream>:2: column 'note': .* never closed"):
        read(outcomes, fio.read_outcomes_csv)


def test_csv_unterminated_quote_from_the_command_line_exits_2_naming_the_line(tmp_path, capsys):
    from forecastscore.__main__ import main

    p = tmp_path / "p.csv"
    p.write_text(QUOTED + 'q1,a,2022-01-01,0.3,"open\nq2,a,2022-01-01,0.4,x\n')
    o = tmp_path / "o.csv"
    o.write_text("question,resolved_at,outcome\nq1,2022-02-01,yes\nq2,2022-02-01,no\n")
    assert main(["score", str(p), str(o)]) == 2
    assert "p.csv:2: column 'quote': malformed CSV" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # Text after a closing quote (the csv module would glue it on: "ab"c read as abc).
        ('q,a,2022-01-01,0.3,"ab"c\n', r"<stream>:2: malformed CSV: text after the closing"),
        ('q,a,2022-01-01,0.3,"ab" \n', r"<stream>:2: malformed CSV: text after the closing"),
        # The closing quote on the line after the opening one: reported where the text is.
        ('q,a,2022-01-01,0.3,"a\nb"c\n', r"<stream>:3: malformed CSV: text after the closing"),
        # A quote inside an unquoted field (RFC 4180: such a field must be quoted).
        (
            'q,a,2022-01-01,0.3,ab"c\n',
            r"<stream>:2: column 'quote': malformed CSV: a '\"' inside an unquoted field",
        ),
        (
            'q,a"b,2022-01-01,0.3,x\n',
            r"<stream>:2: column 'forecaster': malformed CSV: a '\"' inside an unquoted",
        ),
        # An opening quote, a doubled (escaped) quote, and no closing one.
        ('q,a,2022-01-01,0.3,ok\nq,a,2022-01-01,0.3,"""\n', r"<stream>:3: .* never closed"),
        # In the header.
        ('"question,forecaster\n', r"<stream>:1: malformed CSV: the quoted field .* never"),
    ],
)
def test_csv_malformed_quoting_is_an_error_at_its_line(body, message):
    text = body if body.startswith('"') else QUOTED + body
    with pytest.raises(fs.FileSchemaError, match=message):
        read(text)


def test_csv_well_formed_quoting_reads_as_rfc_4180_says():
    text = (
        QUOTED
        + 'q,a,2022-01-01,0.3,"he said ""no"", twice"\n'
        + '"q",a,2022-01-01,0.3,"two\r\nlines"\n'
        + 'q,a,2022-01-01,0.3,""\n'
        + 'q,a,2022-01-01,0.3,""""\n'
    )
    lg = read(text)
    assert lg.quote.tolist() == ['he said "no", twice', "two\r\nlines", None, '"']
    assert written(lg).splitlines()[1:2] == ['q,a,2022-01-01,0.3,"he said ""no"", twice"']


# --- huge fields (row 8) ------------------------------------------------------------------


def test_fields_past_the_csv_modules_field_limit_read_back():
    limit = csv.field_size_limit()
    assert limit == 131072  # the csv module's default: the fields below are larger
    quote = 'a, "quoted" line\n' * 9000  # 153,000 characters with commas, quotes, newlines
    lg = Ledger.from_predictions(
        [
            fs.Prediction("q", "a", D(2022, 1, 1), 0.3, quote=quote, source="x" * 150_000),
            fs.Prediction("q" * 150_000, "b", D(2022, 1, 2), 0.4),
        ]
    )
    for writer, reader in [
        (fio.write_predictions_csv, fio.read_predictions_csv),
        (fio.write_predictions_jsonl, fio.read_predictions_jsonl),
    ]:
        back = read(written(lg, writer), reader)
        assert back == lg
        assert back[0].quote == quote and back[1].question == "q" * 150_000
    # An outcomes file with a 140 kB unquoted field, read by the csv module.
    text = "question,resolved_at,outcome,note\n" + "q,2022-01-01,yes," + "n" * 140_000 + "\n"
    outcomes = read(text, fio.read_outcomes_csv)
    assert outcomes.extra["note"] == ["n" * 140_000]
    assert written(outcomes, fio.write_outcomes_csv) == text
    jsonl = written(outcomes, fio.write_outcomes_jsonl)
    assert read(jsonl, fio.read_outcomes_jsonl).extra == outcomes.extra
    # The csv module's limit is a global setting: it is as it was.
    assert csv.field_size_limit() == limit


def test_long_ids_and_probability_texts_read_without_a_matrix_as_wide_as_the_longest():
    # 3000 rows and one 200 kB question id: a byte matrix rows x longest field would be 600
    # MB. The ids are read by text instead, with the same result.
    rows = "".join(f"q{i % 7},a,2022-01-01,0.5\n" for i in range(3000))
    lg = read(HEADER + rows + "Q" * 200_000 + ",a,2022-01-01,0.25\n")
    assert len(lg) == 3001 and lg.question[-1] == "Q" * 200_000
    assert lg.question[:7].tolist() == [f"q{i}" for i in range(7)]
    # A probability written with 300 digits is still a probability; a long non-number is
    # named, shortened.
    lg = read(HEADER + rows + "q,a,2022-01-01,0." + "2" * 300 + "\n")
    assert lg.low[-1] == float("0." + "2" * 300) and lg.low[0] == 0.5
    with pytest.raises(
        fs.FileSchemaError,
        match=r"<stream>:3002: column 'probability': 'xxxxx.*\(200000 characters, shortened\) is "
        r"not a probability",
    ):
        read(HEADER + rows + "q,a,2022-01-01," + "x" * 200_000 + "\n")


# --- deeply nested JSON (row 11) ----------------------------------------------------------

LINE = '{"question": "q", "forecaster": "a", "made_at": "2022-01-01", "probability": 0.3, "x": %s}'


def test_jsonl_deeply_nested_value_is_a_schema_error_with_its_line():
    deep = LINE % ("[" * 100_000 + "]" * 100_000)
    with pytest.raises(
        fs.FileSchemaError, match=r"^<stream>:2: a JSON value is nested more than 200 levels"
    ):
        read(LINE % "1" + "\n" + deep + "\n", fio.read_predictions_jsonl)
    outcome = '{"question": "q", "resolved_at": "2022-01-01", "outcome": "yes", "x": %s}'
    with pytest.raises(fs.FileSchemaError, match=r"^<stream>:1: a JSON value is nested more"):
        read(outcome % ('{"a": ' * 50_000 + "1" + "}" * 50_000), fio.read_outcomes_jsonl)


def test_jsonl_nesting_limit_is_the_same_for_reading_and_writing():
    # The line's object is level 1, so 199 brackets inside it reach level 200: read, and
    # written back unchanged; one more is refused by the reader, and by the writer.
    fits = LINE % ("[" * 199 + "]" * 199) + "\n"
    lg = read(fits, fio.read_predictions_jsonl)
    assert written(lg, fio.write_predictions_jsonl) == fits
    with pytest.raises(fs.FileSchemaError, match=r"<stream>:1: a JSON value is nested more"):
        read(LINE % ("[" * 200 + "]" * 200), fio.read_predictions_jsonl)
    value = lg.extra["x"][0]
    deeper = fio.OutcomeList([fs.Outcome("q", D(2022, 1, 1), "yes")], extra={"x": [[value]]})
    with pytest.raises(
        fs.FileSchemaError, match=r"^<stream>:1: column 'x': a JSON value is nested more than 200"
    ):
        written(deeper, fio.write_outcomes_jsonl)
    with pytest.raises(fs.FileSchemaError, match=r"<stream>:1: column 'x': a JSON value"):
        written(fio.OutcomeList(deeper, extra={"x": [_nested(5000)]}), fio.write_outcomes_jsonl)


def _nested(depth):
    v: list = []
    for _ in range(depth):
        v = [v]
    return v


def test_jsonl_writers_name_the_line_and_field_json_cannot_hold():
    outs = [fs.Outcome("q1", D(2022, 1, 1), "yes"), fs.Outcome("q2", D(2022, 1, 1), "no")]
    with pytest.raises(
        fs.FileSchemaError,
        match=r"^<stream>:2: column 'x': nan cannot be written as JSON \(Out of range float",
    ):
        written(fio.OutcomeList(outs, extra={"x": [1.0, float("nan")]}), fio.write_outcomes_jsonl)
    with pytest.raises(
        fs.ForecastTypeError,
        match=r"^<stream>:1: column 'x': datetime\.date\(2022, 1, 1\) \(date\) cannot be written",
    ):
        written(fio.OutcomeList(outs, extra={"x": [D(2022, 1, 1), 1]}), fio.write_outcomes_jsonl)


def test_jsonl_huge_integer_is_a_schema_error_with_its_line():
    # Python refuses int() of more than 4300 digits with a ValueError of its own.
    with pytest.raises(fs.FileSchemaError, match=r"^<stream>:1: not valid JSON \(Exceeds"):
        read(LINE % ("9" * 5000), fio.read_predictions_jsonl)


# --- lone surrogates and bad UTF-8: refused at their line, never a bare UnicodeError ------


def test_lone_surrogates_are_refused_at_their_line():
    with pytest.raises(
        fs.FileSchemaError, match=r"^<stream>:3: column 'forecaster': the text is not valid UTF-8"
    ):
        read(HEADER + "q,a,2022-01-01,0.5\nq,\ud800,2022-01-01,0.5\n")
    with pytest.raises(
        fs.FileSchemaError,
        match=r"^<stream>:1: the string '\\ud800' holds a lone surrogate \('\\ud800'\)",
    ):
        read(LINE % '"\\ud800"', fio.read_predictions_jsonl)
    # A pair of escapes is one character, and is kept.
    assert read(LINE % '"\\ud83d\\ude00"', fio.read_predictions_jsonl).extra["x"][0] == "\U0001f600"
    # A Prediction refuses such a quote where the claim is made (see test_model); a ledger
    # built from arrays holds it, and the writers refuse it at its line and column.
    lg = Ledger.from_arrays(
        ["q", "q"],
        ["a", "a"],
        np.array(["2022-01-01", "2022-01-02"], dtype="datetime64[D]"),
        [0.5, 0.5],
        quote=[None, "x\udcff"],
    )
    # The second prediction is on line 3 of the CSV (after the header), line 2 of JSON Lines.
    for writer, line in [(fio.write_predictions_csv, 3), (fio.write_predictions_jsonl, 2)]:
        with pytest.raises(
            fs.FileSchemaError,
            match=rf"^<stream>:{line}: column 'quote': 'x\\udcff' holds a lone surrogate "
            r"\('\\udcff'\)",
        ):
            written(lg, writer)


def test_bad_utf8_in_a_text_column_is_a_schema_error_at_its_line_and_column(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"question,forecaster,made_at,probability,quote\nq,a,2022-01-01,0.5,\xff\n")
    with pytest.raises(
        fs.FileSchemaError, match=r"p\.csv:2: column 'quote': the text is not valid UTF-8"
    ):
        fio.read_predictions_csv(path)


def test_writing_to_a_file_whose_encoding_cannot_hold_the_text(tmp_path):
    lg = Ledger.from_predictions([fs.Prediction("q", "a", D(2022, 1, 1), 0.5, quote="é")])
    with (
        open(tmp_path / "p.csv", "w", encoding="ascii") as fh,
        pytest.raises(
            fs.FileSchemaError,
            match=r"p\.csv:2: the file's encoding \(ascii\) cannot hold 'é'; open it with "
            r"encoding='utf-8'",
        ),
    ):
        fio.write_predictions_csv(lg, fh)


# --- NUL characters -----------------------------------------------------------------------


def test_ids_with_nul_characters_read_back_distinct_from_those_without():
    # The byte matrices pad with NUL, so 'q\x00' once read as 'q'; such ids are read by text.
    lg = Ledger.from_predictions(
        [
            fs.Prediction("q\x00", "a\x00b", D(2022, 1, 3), 0.5, quote="\x00"),
            fs.Prediction("q", "a", D(2022, 1, 3), 0.25),
        ]
    )
    for writer, reader in [
        (fio.write_predictions_csv, fio.read_predictions_csv),
        (fio.write_predictions_jsonl, fio.read_predictions_jsonl),
    ]:
        back = read(written(lg, writer), reader)
        assert back == lg
        assert back.question.tolist() == ["q\x00", "q"]
        assert back.forecaster.tolist() == ["a\x00b", "a"]
    # A probability with a NUL is still refused (the matrix would read '0.5\x00' as 0.5).
    with pytest.raises(fs.FileSchemaError, match=r"<stream>:2: column 'probability': .* NUL"):
        read(HEADER + "q,a,2022-01-03,0.5\x00\n")


# --- writers given the wrong types (row 12) -----------------------------------------------

PRED = fs.Prediction("q", "a", D(2022, 1, 1), 0.5)
OUT = fs.Outcome("q", D(2022, 1, 1), "yes")


@pytest.mark.parametrize("writer", [fio.write_predictions_csv, fio.write_predictions_jsonl])
def test_prediction_writers_refuse_what_is_not_a_ledger(writer):
    with pytest.raises(
        fs.ForecastTypeError,
        match=r"^'ledger' must be a forecastscore\.ledger\.Ledger \(got list: \[Prediction\(.*"
        r"make one with Ledger\.from_predictions\(predictions\)$",
    ):
        writer([PRED], io.StringIO())
    for wrong in (None, PRED, "q,a,2022-01-01,0.5"):
        with pytest.raises(
            fs.ForecastTypeError,
            match=rf"^'ledger' must be a forecastscore\.ledger\.Ledger \(got {type(wrong).__name__}",
        ):
            writer(wrong, io.StringIO())


@pytest.mark.parametrize("writer", [fio.write_outcomes_csv, fio.write_outcomes_jsonl])
def test_outcome_writers_refuse_what_is_not_a_list_of_outcomes(writer):
    for wrong, shown in [
        (None, "None"),
        (OUT, r"Outcome\(question='q'"),
        ("yes", "'yes'"),
        (3, "3"),
    ]:
        with pytest.raises(
            fs.ForecastTypeError,
            match=rf"^'outcomes' must be a list \(or other iterable\) of Outcome \(got {shown}",
        ):
            writer(wrong, io.StringIO())
    with pytest.raises(
        fs.ForecastTypeError, match=r"^outcomes\[1\] must be an Outcome \(got Prediction\("
    ):
        writer([OUT, PRED], io.StringIO())


@pytest.mark.parametrize(
    ("writer", "data"),
    [
        (fio.write_predictions_csv, Ledger.from_predictions([PRED])),
        (fio.write_predictions_jsonl, Ledger.from_predictions([PRED])),
        (fio.write_outcomes_csv, [OUT]),
        (fio.write_outcomes_jsonl, [OUT]),
    ],
)
def test_writers_refuse_a_target_that_is_not_a_file_and_write_binary_files(writer, data):
    # An int would be a file descriptor to open() (1 is standard output).
    for wrong in (1, None, 2.5):
        with pytest.raises(
            fs.ForecastTypeError,
            match=rf"^'target' must be a file name, a path or an open file with \.write\(\) "
            rf"\(got {wrong!r}\)",
        ):
            writer(data, wrong)
    text = io.StringIO()
    writer(data, text)
    binary = io.BytesIO()
    writer(data, binary)
    assert binary.getvalue() == text.getvalue().encode("utf-8")


@pytest.mark.parametrize(
    "reader",
    [
        fio.read_predictions_csv,
        fio.read_predictions_jsonl,
        fio.read_outcomes_csv,
        fio.read_outcomes_jsonl,
    ],
)
def test_readers_refuse_a_source_that_is_not_a_file(reader):
    for wrong in (0, None, ["question,resolved_at,outcome"]):
        with pytest.raises(
            fs.ForecastTypeError,
            match=rf"^'source' must be a file name, a path or an open file with \.read\(\) "
            rf"\(got {re.escape(repr(wrong))}\)",
        ):
            reader(wrong)


# --- OutcomeList: extra columns and origin follow the outcomes ----------------------------


def test_outcome_list_origin_names_file_and_line_and_follows_changes(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text(
        'question,resolved_at,outcome,note\nq1,2022-01-01,yes,"two\nlines"\n\nq2,2022-01-01,maybe,b\n'
    )
    outs = fio.read_outcomes_csv(path)
    # q1 starts on line 2 (its note spans lines 2-3), line 4 is blank, q2 is on line 5.
    assert outs.origin == [(str(path), 2), (str(path), 5)]
    outs.sort(key=lambda o: o.question, reverse=True)
    assert [o.question for o in outs] == ["q2", "q1"]
    assert outs.extra == {"note": ["b", "two\nlines"]}
    assert outs.origin == [(str(path), 5), (str(path), 2)]
    outs.append(fs.Outcome("q3", D(2022, 1, 1), "no"))
    del outs[1]
    assert outs.extra == {"note": ["b", None]} and outs.origin == [(str(path), 5), None]
    assert written(outs, fio.write_outcomes_csv) == (
        "question,resolved_at,outcome,note\nq2,2022-01-01,maybe,b\nq3,2022-01-01,no,\n"
    )
    # The location, with option_index's reason, is what an error about 'maybe' can say.
    where = "{}:{}".format(*outs.origin[0])
    with pytest.raises(fs.InvalidOutcomeError, match=r"^'maybe' is not an option of question"):
        outs[0].option_index(("no", "yes"), field=None)
    assert where == f"{path}:5"
    jl = fio.read_outcomes_jsonl(
        io.StringIO('\n{"question": "q", "resolved_at": "2022-01-01", "outcome": 1}\n')
    )
    assert jl.origin == [("<stream>", 2)]
    assert fio.OutcomeList([OUT]).origin is None


def test_outcome_list_refuses_extra_columns_that_do_not_fit():
    with pytest.raises(fs.ShapeError, match=r"'extra'\['x'\] has 2 values for 1 outcomes"):
        fio.OutcomeList([OUT], extra={"x": [1, 2]})
    with pytest.raises(
        fs.ForecastTypeError, match=r"other than question, resolved_at, outcome \(got 'outcome'\)"
    ):
        fio.OutcomeList([OUT], extra={"outcome": [1]})
    outs = fio.OutcomeList([OUT], extra={"x": [1]})
    outs.extra["x"].append(2)
    with pytest.raises(fs.ShapeError, match=r"the extra column 'x' has 2 values for 1 outcomes"):
        written(outs, fio.write_outcomes_csv)


def test_outcome_list_refuses_what_is_not_a_list_of_outcomes():
    for wrong in (None, "q", {"q": 1}, 3):
        with pytest.raises(
            fs.ForecastTypeError,
            match=rf"^'outcomes' must be a list \(or other iterable\) of Outcome "
            rf"\(got {re.escape(repr(wrong))}\)$",
        ):
            fio.OutcomeList(wrong)
    # One outcome is not a list of them (its long repr is shortened in the message).
    with pytest.raises(
        fs.ForecastTypeError, match=r"^'outcomes' must .*\(got Outcome\(question='q'"
    ):
        fio.OutcomeList(OUT)
    with pytest.raises(
        fs.ForecastTypeError, match=r"^outcomes\[1\] must be an Outcome \(got None\)"
    ):
        fio.OutcomeList([OUT, None])


def test_outcome_list_to_records_and_to_pandas_in_the_file_layout():
    eastern = dt.timezone(dt.timedelta(hours=-5))
    outs = fio.OutcomeList(
        [
            fs.Outcome("q1", D(2022, 2, 24), True),
            fs.Outcome("q2", dt.datetime(2022, 3, 1, 12, tzinfo=eastern), annulled=True),
            fs.Outcome("q3", D(2022, 3, 2), 2),
        ],
        extra={"source": ["BBC", None, "AP"]},
    )
    assert outs.to_records() == [
        {"question": "q1", "resolved_at": "2022-02-24", "outcome": True, "source": "BBC"},
        {
            "question": "q2",
            "resolved_at": "2022-03-01T12:00:00-05:00",
            "outcome": "annulled",
            "source": None,
        },
        {"question": "q3", "resolved_at": "2022-03-02", "outcome": 2, "source": "AP"},
    ]
    assert [r["resolved_at"] for r in outs.to_records(times="objects")] == [
        D(2022, 2, 24),
        dt.datetime(2022, 3, 1, 12, tzinfo=eastern),
        D(2022, 3, 2),
    ]
    # The records follow the list when it is reordered, as extra does.
    outs.reverse()
    assert [(r["question"], r["source"]) for r in outs.to_records()] == [
        ("q3", "AP"),
        ("q2", None),
        ("q1", "BBC"),
    ]
    frame = outs.to_pandas()
    assert frame.columns.tolist() == ["question", "resolved_at", "outcome", "source"]
    assert frame["question"].tolist() == ["q3", "q2", "q1"]
    assert frame["resolved_at"].tolist()[1] == dt.datetime(2022, 3, 1, 17, tzinfo=UTC)
    # An empty list still has the columns.
    assert fio.OutcomeList().to_pandas().columns.tolist() == ["question", "resolved_at", "outcome"]
    with pytest.raises(fs.InvalidOptionError, match=r"times.*'utc'"):
        outs.to_records(times="utc")


def test_outcome_list_repr_is_short_whatever_its_length():
    many = fio.OutcomeList(
        [fs.Outcome(f"q{i % 700}", D(2022, 2, 24), "yes") for i in range(1000)]
        + [fs.Outcome("qa", D(2022, 2, 24), annulled=True)],
        extra={"source": ["x"] * 1001},
    )
    assert repr(many) == (
        "<OutcomeList: 1001 outcomes on 701 questions; 1 annulled; extra columns: source>"
    )
    text = "question,resolved_at,outcome\nq1,2022-02-24,yes\n"
    assert repr(read(text, fio.read_outcomes_csv)) == (
        "<OutcomeList: 1 outcome on 1 question; read from <stream>>"
    )


def test_writers_name_the_column_and_line_of_a_lone_surrogate():
    # q1's note spans lines 2-3 of the CSV (a quoted line break), so q2 is on line 4; in
    # JSON Lines each outcome is one line, q2 the second.
    outs = fio.OutcomeList(
        [fs.Outcome("q1", D(2022, 2, 24), "yes"), fs.Outcome("q2", D(2022, 2, 24), "no")],
        extra={"note": ["a,\nb", "ok"], "tag": ["t", "z\udcff"]},
    )
    for writer, line in [(fio.write_outcomes_csv, 4), (fio.write_outcomes_jsonl, 2)]:
        with pytest.raises(
            fs.FileSchemaError,
            match=rf"^<stream>:{line}: column 'tag': 'z\\udcff' holds a lone surrogate",
        ):
            written(outs, writer)
    # Two bad fields on one row: the first in the file's order is named.
    lg = Ledger.from_arrays(
        ["q"],
        ["a"],
        np.array(["2022-01-01"], dtype="datetime64[D]"),
        [0.5],
        source=["s\udcff"],
        quote=["\ud800"],
    )
    for writer in (fio.write_predictions_csv, fio.write_predictions_jsonl):
        with pytest.raises(fs.FileSchemaError, match=r"^<stream>:\d: column 'source': 's\\udcff'"):
            written(lg, writer)


def test_ids_with_a_lone_surrogate_are_refused_where_the_ledger_is_built():
    days = np.array(["2022-01-01", "2022-01-01"], dtype="datetime64[D]")
    with pytest.raises(
        fs.ForecastTypeError, match=r"^question\[1\] holds a lone surrogate.*\(got 'q\\ud800'\)"
    ):
        Ledger.from_arrays(["q", "q\ud800"], ["a", "a"], days, [0.5, 0.5])
    with pytest.raises(
        fs.ForecastTypeError, match=r"^forecaster\[0\] holds a lone surrogate.*'\\udfff'"
    ):
        Ledger.from_arrays(["q", "q"], ["\udfff", "a"], days, [0.5, 0.5])
    # A pair of surrogates written as one character is text, and kept.
    lg = Ledger.from_arrays(["q\U0001f600", "q"], ["a", "a"], days, [0.5, 0.5])
    assert read(written(lg)).questions == ["q\U0001f600", "q"]


# --- the same outcomes in CSV and in JSON Lines score the same ----------------------------


def test_csv_and_jsonl_of_the_same_outcomes_score_the_same():
    # Options named "1" and "0". CSV holds the outcome 1 as the text "1", JSON Lines as the
    # integer 1; both mean the option named "1". Categorical Brier of {"1": 0.8, "0": 0.2}
    # when "1" happened: (0.8 - 1)^2 + (0.2 - 0)^2 = 0.08 (the integer used to mean the
    # second option, "0": 0.8^2 + 0.8^2 = 1.28).
    lg = Ledger.from_predictions([fs.Prediction("q", "a", D(2022, 1, 1), {"1": 0.8, "0": 0.2})])
    outs = [fs.Outcome("q", D(2022, 2, 1), 1)]
    from_csv = read(written(outs, fio.write_outcomes_csv), fio.read_outcomes_csv)
    from_jsonl = read(written(outs, fio.write_outcomes_jsonl), fio.read_outcomes_jsonl)
    assert from_csv[0].value == "1" and from_jsonl[0].value == 1
    for outcomes in (outs, from_csv, from_jsonl):
        assert lg.score(outcomes).score.tolist() == pytest.approx([0.08], abs=1e-15)
    # A plain probability on a Question("1", "0") is the probability of "1": 0.7, and "1"
    # happened: (0.7 - 1)^2 = 0.09.
    q = fs.Question("q", options=("1", "0"))
    p = fs.Prediction("q", "a", D(2022, 1, 1), 0.7)
    for outcomes in (from_csv, from_jsonl):
        assert fs.score(p, outcomes[0], question=q) == pytest.approx(0.09, abs=1e-15)


OPTION_SETS = [
    ("no", "yes"),
    ("1", "0"),
    ("0", "1"),
    ("true", "false"),
    ("a", "b", "c"),
    ("2", "1", "0"),
    ("true", "false", "unknown"),
    ("Yes", "No"),
]
outcome_values = st.one_of(
    st.booleans(),
    st.integers(0, 4),
    st.sampled_from(["yes", "no", "true", "false", "1", "0", "2", "a", "B", "unknown", "Yes"]),
)


def _index_or_refused(outcome, options):
    try:
        return outcome.option_index(options)
    except fs.InvalidOutcomeError:
        return "refused"


@given(st.lists(outcome_values, min_size=1, max_size=8))
def test_outcomes_mean_the_same_option_read_from_csv_or_jsonl(values):
    outs = [fs.Outcome(f"q{i}", D(2022, 2, 1), v) for i, v in enumerate(values)]
    from_csv = read(written(outs, fio.write_outcomes_csv), fio.read_outcomes_csv)
    from_jsonl = read(written(outs, fio.write_outcomes_jsonl), fio.read_outcomes_jsonl)
    assert from_jsonl == outs  # JSON Lines keeps types
    for options in OPTION_SETS:
        expected = [_index_or_refused(o, options) for o in outs]
        assert [_index_or_refused(o, options) for o in from_csv] == expected, options
        assert [_index_or_refused(o, options) for o in from_jsonl] == expected, options


# --- whatever is read is written back unchanged: hostile text -----------------------------

hostile_pieces = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from([",", '"', "\n", "\r", "\r\n", '""', "\x00", "\ufeff", "\u2028", "é", "😀"]),
)
hostile_text = st.one_of(
    st.lists(hostile_pieces, min_size=1, max_size=12).map("".join),
    # Past the csv module's field limit (131,072 characters).
    st.builds(lambda s, k: s * k, st.sampled_from(['a,"b"\n', "é", "x"]), st.just(50_000)),
).filter(str.strip)
hostile_ids = hostile_text.filter(lambda s: s.strip() != "annulled")


@given(
    st.lists(
        st.tuples(hostile_ids, hostile_ids, st.one_of(st.none(), hostile_text), st.floats(0, 1)),
        min_size=1,
        max_size=4,
    )
)
def test_hostile_predictions_read_back_unchanged(rows):
    lg = Ledger.from_predictions(
        [fs.Prediction(q, f, D(2022, 1, 1 + i), p, quote=t) for i, (q, f, t, p) in enumerate(rows)]
    )
    for writer, reader in [
        (fio.write_predictions_csv, fio.read_predictions_csv),
        (fio.write_predictions_jsonl, fio.read_predictions_jsonl),
    ]:
        text = written(lg, writer)
        back = read(text, reader)
        assert back == lg
        assert written(back, writer) == text


@given(
    st.lists(st.tuples(hostile_ids, hostile_ids, hostile_text), min_size=1, max_size=4),
    hostile_text,
)
def test_hostile_outcomes_read_back_unchanged(rows, column):
    if column in fio._files.OUTCOME_COLUMNS:
        return
    outs = fio.OutcomeList(
        [fs.Outcome(q, D(2022, 1, 1), v) for q, v, _ in rows], extra={column: [n for *_, n in rows]}
    )
    for writer, reader in [
        (fio.write_outcomes_csv, fio.read_outcomes_csv),
        (fio.write_outcomes_jsonl, fio.read_outcomes_jsonl),
    ]:
        text = written(outs, writer)
        back = read(text, reader)
        # CSV reads the texts "true" and "false" as booleans; everything else is as written.
        assert [o.question for o in back] == [o.question for o in outs]
        assert [o.value for o in back] == [
            {"true": True, "false": False}.get(o.value, o.value)
            if writer is fio.write_outcomes_csv
            else o.value
            for o in outs
        ]
        assert back.extra == outs.extra
        assert written(back, writer) == text


def test_imputed_forecasts_round_trip_through_csv():
    import datetime as _dt

    from forecastscore.ledger import Ledger

    ledger = Ledger.from_predictions(
        [
            fs.Prediction("q1", "a", _dt.date(2022, 1, 1), 0.3),
            fs.Prediction("q2", "b", _dt.date(2022, 1, 1), 0.6),
        ]
    ).complete(questions=["q1", "q2"], fill=0.5)
    buf = io.StringIO()
    fio.write_predictions_csv(ledger, buf)
    lines = buf.getvalue().splitlines()
    # a's missing q2 and b's missing q1 are filled with 0.5 and marked
    assert lines[0] == "question,forecaster,made_at,probability,imputed"
    assert sorted(lines[1:]) == [
        "q1,a,2022-01-01,0.3,false",
        "q1,b,2022-01-01,0.5,true",
        "q2,a,2022-01-01,0.5,true",
        "q2,b,2022-01-01,0.6,false",
    ]
    back = fio.read_predictions_csv(io.StringIO(buf.getvalue()))
    assert back == ledger and back.imputed.tolist() == ledger.imputed.tolist()
