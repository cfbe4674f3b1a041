"""Tests of forecastscore.io: CSV and JSON Lines in and out, losslessly."""

import csv
import datetime as dt
import io
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
