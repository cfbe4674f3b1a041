"""Tests of other people's formats: Ledger.from_records, io.read_records_json and
io.outcomes_from_records (issue 10, item 1), on hand-written records and on the
ForecastBench files."""

import datetime as dt
import io
import pathlib

import pytest

import forecastscore as fs
from forecastscore.errors import FileSchemaError, ForecastTypeError, InvalidOptionError
from forecastscore.io import outcomes_from_records, read_records_json
from forecastscore.ledger import Ledger

D = dt.date
UTC = dt.timezone.utc
DATA = pathlib.Path(__file__).parent / "data" / "forecastbench-2024-07-21"

FB = [
    {"id": "q1", "source": "fred", "forecast": 0.3, "resolution_date": "2024-07-28",
     "user_id": "u1", "reasoning": "trend"},
    {"id": "m7", "source": "manifold", "forecast": 0.8, "resolution_date": None,
     "user_id": "u1", "reasoning": "market"},
    {"id": "q1", "source": "fred", "forecast": 0.5, "resolution_date": "2024-08-20",
     "user_id": "u2", "reasoning": ""},
]  # fmt: skip
COLUMNS = {
    "question": lambda r: r["id"] if r["resolution_date"] is None
    else f"{r['id']}@{r['resolution_date']}",
    "forecaster": "user_id",
    "probability": "forecast",
}  # fmt: skip


def test_from_records_maps_columns_and_constants():
    ledger = Ledger.from_records(FB, columns=COLUMNS, constants={"made_at": "2024-07-21"})
    assert list(ledger) == [
        fs.Prediction("q1@2024-07-28", "u1", D(2024, 7, 21), 0.3, source="fred"),
        fs.Prediction("m7", "u1", D(2024, 7, 21), 0.8, source="manifold"),
        fs.Prediction("q1@2024-08-20", "u2", D(2024, 7, 21), 0.5, source="fred"),
    ]
    assert ledger.extra == {}  # other fields dropped unless kept


def test_from_records_keeps_extra_fields_by_name_or_function():
    ledger = Ledger.from_records(
        FB,
        columns=COLUMNS,
        constants={"made_at": D(2024, 7, 21)},
        extra={"why": "reasoning", "kind": lambda r: "market" if r["resolution_date"] is None
               else "dataset"},
    )  # fmt: skip
    assert ledger.extra["why"].tolist() == ["trend", "market", ""]
    assert ledger.extra["kind"].tolist() == ["dataset", "market", "dataset"]
    kept = Ledger.from_records(FB, columns=COLUMNS, constants={"made_at": "2024-07-21"},
                               extra=["reasoning"])  # fmt: skip
    assert kept.extra["reasoning"].tolist() == ["trend", "market", ""]


def test_from_records_reads_times_ranges_and_the_file_layout_by_default():
    records = [
        {"question": "q", "forecaster": "a", "made_at": "2024-07-21T12:00:00+02:00",
         "probability": {"low": 0.2, "high": 0.4}},
        {"question": "q", "forecaster": "b",
         "made_at": dt.datetime(2024, 7, 21, 10, tzinfo=UTC), "probability": 1},
    ]  # fmt: skip
    ledger = Ledger.from_records(records)
    assert ledger.made_at_iso() == ["2024-07-21T12:00:00+02:00", "2024-07-21T10:00:00+00:00"]
    assert ledger[0].probability == fs.ProbabilityRange(0.2, 0.4)
    assert ledger.probability[1] == 1.0
    # What to_records writes, from_records reads back.
    assert Ledger.from_records(ledger.to_records()) == ledger


def test_from_records_errors_name_the_record_column_and_field():
    bad = [*FB[:2], {**FB[2], "forecast": 1.3}]
    with pytest.raises(
        FileSchemaError,
        match=r"^records\[2\]: column 'probability': 1.3 is not a probability in \[0, 1\] "
        r"\(from field 'forecast'\)$",
    ):
        Ledger.from_records(bad, columns=COLUMNS, constants={"made_at": "2024-07-21"})
    with pytest.raises(
        FileSchemaError, match=r"records\[0\]: column 'made_at': the record has no field"
    ):
        Ledger.from_records(FB, columns=COLUMNS)
    with pytest.raises(
        FileSchemaError,
        match=r"records\[0\]: column 'made_at': '21/07/2024' is not a date .*\(from constants\)",
    ):
        Ledger.from_records(FB, columns=COLUMNS, constants={"made_at": "21/07/2024"})
    broken = {**COLUMNS, "question": lambda r: r["nope"]}
    with pytest.raises(
        FileSchemaError,
        match=r"records\[0\]: column 'question': the function given for it raised KeyError",
    ):
        Ledger.from_records(FB, columns=broken, constants={"made_at": "2024-07-21"})
    with pytest.raises(ForecastTypeError, match=r"records\[1\] must be a mapping .*got int"):
        Ledger.from_records([FB[0], 3], columns=COLUMNS, constants={"made_at": "2024-07-21"})
    with pytest.raises(InvalidOptionError, match=r"columns: 'user' is not a column"):
        Ledger.from_records(FB, columns={"user": "user_id"})
    with pytest.raises(InvalidOptionError, match=r"'made_at' is given in both"):
        Ledger.from_records(FB, columns={"made_at": "x"}, constants={"made_at": "2024-07-21"})
    with pytest.raises(InvalidOptionError, match=r"extra: 'source' is a column of its own"):
        Ledger.from_records(FB, extra=["source"])
    with pytest.raises(ForecastTypeError, match=r"records must be a list .*got dict"):
        Ledger.from_records({"forecasts": FB})


def test_from_records_imputed_field_is_the_flag():
    records = [
        {"question": "q", "forecaster": "a", "made_at": "2024-07-21", "probability": 0.5,
         "imputed": v}
        for v in (True, "false", None)
    ]  # fmt: skip
    assert Ledger.from_records(records).imputed.tolist() == [True, False, False]
    with pytest.raises(FileSchemaError, match=r"records\[0\]: column 'imputed': 'maybe' is not"):
        Ledger.from_records([{**records[0], "imputed": "maybe"}])


# --- read_records_json ------------------------------------------------------------------------


def test_read_records_json_under_a_key_or_the_whole_document():
    text = '{"forecast_due_date": "2024-07-21", "forecasts": [{"id": "a"}, {"id": "b"}]}'
    assert read_records_json(io.StringIO(text)) == [{"id": "a"}, {"id": "b"}]
    assert read_records_json(io.StringIO('[{"id": "a"}]'), key=None) == [{"id": "a"}]


def test_read_records_json_errors_name_the_file_and_position(tmp_path):
    path = tmp_path / "f.json"
    path.write_text('{"forecasts": [\n{"id": "a"},\n{"id": }\n]}')
    with pytest.raises(FileSchemaError, match=r"f\.json:3: not JSON: Expecting value"):
        read_records_json(path)
    path.write_text('{"forecasts": [{"id": "a"}, "b"]}')
    with pytest.raises(FileSchemaError, match=r"f\.json: forecasts\[1\] is not a JSON object"):
        read_records_json(path)
    path.write_text('{"resolutions": []}')
    with pytest.raises(FileSchemaError, match=r"no key 'forecasts' .*keys: 'resolutions'"):
        read_records_json(path)
    path.write_text('{"forecasts": {"id": "a"}}')
    with pytest.raises(FileSchemaError, match=r"forecasts must be a list of records \(got dict"):
        read_records_json(path)
    path.write_text('{"forecasts": [{"p": NaN}]}')
    with pytest.raises(FileSchemaError, match=r"NaN is not a JSON number"):
        read_records_json(path)
    path.write_text('{"forecasts": [{"p": 1, "p": 2}]}')
    with pytest.raises(FileSchemaError, match=r"the key 'p' is given twice"):
        read_records_json(path)


# --- outcomes_from_records --------------------------------------------------------------------

RESOLUTIONS = [
    {"id": "q1", "resolution_date": "2024-07-28", "resolved_to": 1.0, "resolved": True},
    {"id": "m7", "resolution_date": "2024-07-28", "resolved_to": 0.73, "resolved": False},
    {"id": "m8", "resolution_date": "2024-07-28", "resolved_to": 0.0, "resolved": False},
]
OUTCOME_COLUMNS = {
    "question": "id",
    "resolved_at": "resolution_date",
    "outcome": lambda r: r["resolved_to"] if r["resolved"] else None,
    "probability": lambda r: None if r["resolved"] else r["resolved_to"],
}


def test_outcomes_from_records_hard_and_probability_outcomes():
    outcomes = outcomes_from_records(
        RESOLUTIONS, columns=OUTCOME_COLUMNS, extra={"done": "resolved"}
    )
    assert list(outcomes) == [
        fs.Outcome("q1", D(2024, 7, 28), 1),
        fs.Outcome("m7", D(2024, 7, 28), probability=0.73),
        fs.Outcome("m8", D(2024, 7, 28), probability=0.0),
    ]
    assert outcomes.extra == {"done": [True, False, False]}


def test_outcomes_from_records_outcome_column_alone_reads_as_the_files_do():
    records = [
        {"question": "a", "resolved_at": "2024-07-28", "outcome": 0.73},
        {"question": "b", "resolved_at": "2024-07-28", "outcome": "0.25"},
        {"question": "c", "resolved_at": "2024-07-28", "outcome": 0.0},
        {"question": "d", "resolved_at": "2024-07-28", "outcome": "yes"},
        {"question": "e", "resolved_at": "2024-07-28", "outcome": "annulled"},
    ]
    got = outcomes_from_records(records)
    assert [o.probability for o in got] == [0.73, 0.25, None, None, None]
    assert [o.value for o in got] == [None, None, 0, "yes", None]
    assert got[4].annulled


def test_outcomes_from_records_errors_name_the_record_column_and_field():
    bad = [*RESOLUTIONS, {"id": "z", "resolution_date": "2024-07-28", "resolved_to": 1.5,
                          "resolved": True}]  # fmt: skip
    with pytest.raises(
        FileSchemaError,
        match=r"^records\[3\]: column 'outcome': 1.5 is not an outcome .*\(from the function",
    ):
        outcomes_from_records(bad, columns=OUTCOME_COLUMNS)
    with pytest.raises(
        FileSchemaError, match=r"records\[0\]: column 'resolved_at': the record has no field"
    ):
        outcomes_from_records(RESOLUTIONS, columns={"question": "id"})
    with pytest.raises(
        FileSchemaError,
        match=r"records\[0\]: column 'resolved_at': '28\.07\.2024' is not a time .*constants",
    ):
        outcomes_from_records(
            RESOLUTIONS, columns={"question": "id", "outcome": "resolved_to"},
            constants={"resolved_at": "28.07.2024"},
        )  # fmt: skip
    with pytest.raises(FileSchemaError, match=r"records\[0\]: column 'outcome': no outcome"):
        outcomes_from_records([{"question": "q", "resolved_at": "2024-07-28"}])


# --- the ForecastBench files, as the docs load them -------------------------------------------

MARKETS = {"manifold", "metaculus", "infer", "polymarket"}


def test_forecastbench_files_load_and_the_crowd_median_scores_as_published():
    forecasts = Ledger.from_records(
        read_records_json(DATA / "2024-07-21.ForecastBench.human_super_individual.trimmed.json"),
        columns=COLUMNS,
        constants={"made_at": "2024-07-21"},
    )
    assert (len(forecasts), len(forecasts.forecasters)) == (7693, 40)
    resolutions = [
        r
        for r in read_records_json(
            DATA / "2024-07-21_resolution_set.trimmed.json", key="resolutions"
        )
        if isinstance(r["id"], str)
        and (r["source"] not in MARKETS or r["resolution_date"] == "2024-07-28")
    ]
    outcomes = outcomes_from_records(
        resolutions,
        columns={
            **OUTCOME_COLUMNS,
            "question": lambda r: r["id"] if r["source"] in MARKETS
            else f"{r['id']}@{r['resolution_date']}",
        },
    )  # fmt: skip
    crowd = forecasts.aggregate("median", name="Superforecaster median forecast")
    table = crowd.score(outcomes)
    market = [
        s in MARKETS for s in crowd.source[[crowd.questions.index(q) for q in table.question]]
    ]
    scores = table.score.tolist()
    dataset_scores = [s for s, m in zip(scores, market, strict=True) if not m]
    market_scores = [s for s, m in zip(scores, market, strict=True) if m]
    # Published: Dataset 0.131 (N=294), Market overall 0.049 (N=77), Overall 0.090 (N=371).
    assert len(dataset_scores) == 294 and len(market_scores) == 77
    dataset = sum(dataset_scores) / 294
    markets = sum(market_scores) / 77
    assert (round(dataset, 3), round(markets, 3), round((dataset + markets) / 2, 3)) == (
        0.131,
        0.049,
        0.090,
    )
