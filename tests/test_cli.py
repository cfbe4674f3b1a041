"""Tests of the command line, python -m forecastscore."""

import csv
import datetime as dt
import io
import json
import math
import subprocess
import sys
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import forecastscore as fs
from forecastscore import io as fio
from forecastscore.__main__ import main
from forecastscore.ledger import Ledger, time_averaged
from forecastscore.strategies import prediction_outcome_pairs

PREDICTIONS = """\
question,forecaster,made_at,probability
q,a,2022-03-01,0.9
q,a,2022-03-04,0.95
q,b,2022-03-02,0.2..0.4
r,a,2022-03-02,0.3
u,a,2022-03-02,0.3
"""
OUTCOMES = """\
question,resolved_at,outcome
q,2022-03-08,yes
r,2022-03-08,annulled
"""


@pytest.fixture
def files(tmp_path):
    p = tmp_path / "predictions.csv"
    o = tmp_path / "outcomes.csv"
    p.write_text(PREDICTIONS)
    o.write_text(OUTCOMES)
    return str(p), str(o)


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# --- values -------------------------------------------------------------------------------


def test_bundled_example(capsys):
    code, out, err = run([], capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    # The founding story comes first: the quote, the date it was made, when the outcome became
    # known and the lead time (8 Jan to 24 Feb 2022: 23 + 24 = 47 days), then its scores.
    story = "\n".join(lines[:8])
    assert "now less likely to happen" in story
    assert "made 2022-01-08" in story
    assert "known on 2022-02-24, 47 days later" in story
    # 0.3 on an invasion that happened: Brier (0.3 - 1)^2 = 0.49; log -ln 0.3 = 1.20397 nats
    assert "Brier 0.49, log 1.204 nats" in story
    # ICD 203's 'unlikely', 0.2..0.45: Brier best (1 - 0.45)^2 = 0.3025, worst (1 - 0.2)^2 =
    # 0.64; log best -ln 0.45 = 0.7985, worst -ln 0.2 = 1.6094
    assert "best..worst: Brier 0.3025..0.64, log 0.7985..1.609 nats" in story
    row = next(line for line in lines if line.startswith("russia-ukraine-camp") and "0.3 " in line)
    assert row.split()[-5:] == ["47", "0.3", "yes", "0.49", "1.204"]
    # a tiny score keeps its digits: infer-1413, (0.0061 - 0)^2 = 3.721e-05
    tiny = next(line for line in lines if line.startswith("infer-1413"))
    assert tiny.split()[-2:] == ["3.721e-05", "0.006119"]  # -ln(1 - 0.0061) = 0.0061187
    assert "lower is better" in out


def test_bundled_example_fits_in_100_columns(capsys):
    code, out, _ = run([], capsys)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 100


def test_python_dash_m_runs():
    done = subprocess.run(
        [sys.executable, "-m", "forecastscore"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "The founding claim" in done.stdout


def test_score_json(files, capsys):
    code, out, err = run(["score", *files, "--format", "json"], capsys)
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["rule"] == "brier"
    # (0.9 - 1)^2 = 0.01, (0.95 - 1)^2 = 0.0025; b's range [0.2, 0.4]: best 0.36, worst 0.64.
    preds = doc["predictions"]
    assert [p["made_at"] for p in preds] == ["2022-03-01", "2022-03-04", "2022-03-02"]
    assert preds[0]["score"] == pytest.approx(0.01) and preds[0]["lead_time_days"] == 7.0
    assert preds[2]["score"] is None and preds[2]["best"] == pytest.approx(0.36)
    a = doc["forecasters"][0]
    assert a["forecaster"] == "a" and a["n"] == 2
    assert a["mean_score"] == pytest.approx(0.00625)  # (0.01 + 0.0025) / 2
    assert a["ci_low"] is None and a["ci_high"] is None  # one question
    assert doc["not_scored"] == {"unresolved": 1, "annulled": 1, "hindsight": 0, "leakage": 0}
    assert doc["probability_outcomes"] == 0
    assert "time_averaged" not in doc


def test_normal_interval_option(tmp_path, capsys):
    rows = "".join(f"q{i},a,2022-01-01,0.8\n" for i in range(5))
    p = tmp_path / "p.csv"
    p.write_text("question,forecaster,made_at,probability\n" + rows)
    o = tmp_path / "o.csv"
    o.write_text(
        "question,resolved_at,outcome\n"
        + "".join(f"q{i},2022-02-01,{'yes' if i % 2 == 0 else 'no'}\n" for i in range(5))
    )
    code, out, _ = run(
        ["score", str(p), str(o), "--format", "json", "--interval", "normal"], capsys
    )
    a = json.loads(out)["forecasters"][0]
    # As in test_ledger: mean 0.28, half-width 1.959964 * sqrt(0.54) / 5 = 0.2880550.
    assert code == 0 and a["mean_score"] == pytest.approx(0.28)
    assert a["ci_low"] == pytest.approx(0.28 - 0.2880550, abs=1e-6)


def test_score_time_averaged(files, capsys):
    code, out, _ = run(
        ["score", *files, "--format", "json", "--time-averaged", "--granularity", "day"], capsys
    )
    assert code == 0
    doc = json.loads(out)
    ta = doc["time_averaged"]
    # a: 0.9 for 3 days (0.01), 0.95 for 4 days (0.0025): 0.04 / 7; b covers 6 of 7 days.
    assert ta[0] == {
        "question": "q",
        "forecaster": "a",
        "score": pytest.approx(0.04 / 7),
        "best": pytest.approx(0.04 / 7),
        "worst": pytest.approx(0.04 / 7),
        "coverage": 1.0,
        "span_days": 7.0,
        "n_forecasts": 2,
    }
    assert ta[1]["coverage"] == pytest.approx(6 / 7)
    assert doc["forecasters"][0]["mean_score"] == pytest.approx(0.04 / 7)
    assert doc["forecasters"][0]["n"] == 1


def test_score_table_and_csv(files, capsys):
    code, out, _ = run(["score", *files, "--rule", "log"], capsys)
    assert code == 0
    assert "0.1054" in out  # -ln 0.9
    assert "0.9163..1.609" in out  # the range on yes: -ln 0.4 .. -ln 0.2 = 1.6094
    assert "1 without an outcome, 1 annulled" in out
    code, out, _ = run(["score", *files, "--format", "csv"], capsys)
    lines = out.splitlines()
    assert lines[0] == "question,forecaster,made_at,lead_time_days,score,best,worst"
    assert lines[1].startswith("q,a,2022-03-01,7.0,0.0")
    assert lines[3].split(",")[4] == ""  # a range has no single score


def test_jsonl_files(tmp_path, capsys):
    lg = fio.read_predictions_csv(io.StringIO(PREDICTIONS))
    p = tmp_path / "p.jsonl"
    fio.write_predictions_jsonl(lg, p)
    o = tmp_path / "o.csv"
    o.write_text(OUTCOMES)
    code, out, _ = run(["score", str(p), str(o), "--format", "json"], capsys)
    assert code == 0 and len(json.loads(out)["predictions"]) == 3


# --- errors -------------------------------------------------------------------------------


def test_hindsight_is_an_error_with_nothing_on_stdout(files, tmp_path, capsys):
    late = tmp_path / "late.csv"
    late.write_text(PREDICTIONS + "q,c,2022-03-08,0.99\n")
    code, out, err = run(["score", str(late), files[1]], capsys)
    assert code == 2 and out == ""
    # the header is line 1 and the five rows of PREDICTIONS lines 2 to 6: the late row is line 7
    assert "late.csv:7:" in err and "'c'" in err and "hindsight='drop'" in err
    code, out, _ = run(
        ["score", str(late), files[1], "--hindsight", "drop", "--format", "json"], capsys
    )
    assert code == 0 and json.loads(out)["not_scored"]["hindsight"] == 1


def test_bad_files_exit_2(files, tmp_path, capsys):
    bad = tmp_path / "predictions.csv"
    bad.write_text(PREDICTIONS + "q,c,2022-03-02,1.3\n")
    code, out, err = run(["score", str(bad), files[1]], capsys)
    assert code == 2 and out == ""
    assert "predictions.csv:7: column 'probability': '1.3' is not a probability in [0, 1]" in err
    code, out, err = run(["score", str(tmp_path / "missing.csv"), files[1]], capsys)
    assert code == 2 and out == "" and "missing.csv" in err
    code, out, err = run(["score", *files, "--rule", "brie"], capsys)
    assert code == 2 and out == "" and "invalid choice: 'brie'" in err
    code, out, err = run(["score", files[0]], capsys)
    assert code == 2 and out == "" and "outcomes" in err


def test_help_explains_the_formats(capsys):
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert "question,forecaster,made_at,probability" in out
    assert "question,resolved_at,outcome" in out and "annulled" in out
    code, out, _ = run(["score", "--help"], capsys)
    assert code == 0 and "low..high" in out and "--time-averaged" in out


# --- properties ---------------------------------------------------------------------------


@settings(max_examples=15)
@given(st.lists(prediction_outcome_pairs(), min_size=1, max_size=8), st.booleans())
def test_cli_and_library_agree(triples, averaged):
    seen = {}
    for _, p, o in triples:
        seen.setdefault(p.question, (p, o))
    preds = [p for p, _ in seen.values()]
    outs = [o for _, o in seen.values()]
    lg = Ledger.from_predictions(preds)
    with tempfile.TemporaryDirectory() as d:
        pp, op = Path(d) / "p.csv", Path(d) / "o.jsonl"
        fio.write_predictions_csv(lg, pp)
        fio.write_outcomes_jsonl(outs, op)
        argv = ["score", str(pp), str(op), "--format", "json", "--rule", "log"]
        buf = io.StringIO()
        with redirect_stdout(buf):
            code = main([*argv, "--time-averaged"] if averaged else argv)
    assert code == 0
    # Strict JSON: an infinite score is the string "Infinity", which float() reads back.
    doc = json.loads(buf.getvalue(), parse_constant=lambda name: pytest.fail(name))

    def number(v):
        return float(v) if isinstance(v, str) else v

    table = lg.score(outs, rule="log")
    for rec, s in zip(doc["predictions"], table.score.tolist(), strict=True):
        assert number(rec["score"]) == s
    if averaged:
        ta = time_averaged(lg, outs, rule="log")
        got = [number(r["score"]) for r in doc["time_averaged"]]
        assert got == ta.score.tolist()
        means = {r["forecaster"]: number(r["mean_score"]) for r in doc["forecasters"]}
        for k, m in zip(
            ta.by_forecaster().key.tolist(), ta.by_forecaster().mean_score.tolist(), strict=True
        ):
            assert means[k] == m
    else:
        s = table.by_forecaster()
        assert [number(r["mean_score"]) for r in doc["forecasters"]] == s.mean_score.tolist()
        assert [r["ci_low"] for r in doc["forecasters"]] == [
            None if math.isnan(v) else v for v in s.ci_low.tolist()
        ]


def test_dates_in_the_output_are_as_read(tmp_path, capsys):
    p = tmp_path / "p.csv"
    p.write_text("question,forecaster,made_at,probability\nq,a,2022-03-01T09:30:00+02:00,0.5\n")
    o = tmp_path / "o.csv"
    o.write_text("question,resolved_at,outcome\nq,2022-03-02,no\n")
    _, out, _ = run(["score", str(p), str(o), "--format", "json"], capsys)
    rec = json.loads(out)["predictions"][0]
    # 09:30+02:00 is 07:30Z; to 2022-03-02 00:00Z is 16.5 hours = 0.6875 days.
    assert rec["made_at"] == "2022-03-01T09:30:00+02:00"
    assert rec["lead_time_days"] == pytest.approx(0.6875)
    assert dt.datetime.fromisoformat(rec["made_at"]).utcoffset() == dt.timedelta(hours=2)
    assert (
        fs.score(
            fs.Prediction("q", "a", dt.datetime.fromisoformat(rec["made_at"]), 0.5),
            fs.Outcome("q", dt.date(2022, 3, 2), "no"),
        )
        == rec["score"]
    )


# --- the output stream ---------------------------------------------------------------------


def _cli(args, env_extra, stdout):
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "forecastscore", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )


def test_cli_prints_on_an_ascii_only_terminal():
    # With the C locale and neither UTF-8 mode nor locale coercion, stdout is ASCII: the
    # ellipsis that cuts long ids cannot be encoded there, and must not crash the command.
    ascii_env = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    ascii_env.pop("PYTHONIOENCODING", None)
    done = _cli([], ascii_env, subprocess.PIPE)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    assert done.stderr == b""
    text = done.stdout.decode("ascii")  # raises if anything non-ASCII was written
    assert "opinion piece" in text
    # The bundled example cuts at least one long id; "~" stands where the ellipsis would.
    assert "~" in text and "\u2026" not in text


def test_cli_full_disk_is_one_line_on_stderr_and_exit_2():
    with open("/dev/full", "wb") as full:
        done = _cli([], {}, full)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.startswith("forecastscore: error: could not write the output:")
    assert "No space left on device" in err
    assert err.count("\n") == 1 and "Traceback" not in err


# --- tables a person reads -------------------------------------------------------------------


def _wide_files(tmp_path, long):
    """Files with ids of ``long`` characters, a tiny score, a date and a datetime."""
    q, f = "q" * long, "f" * long
    rows = "".join(f"{q}{i},{f}{i % 2},2022-01-08,0.0001\n" for i in range(6))
    rows += f"{q}0,{'r' * long},2022-01-09T09:30:00.123456+05:30,0.5\n"
    rows += f"{q}1,{'g' * long},2022-01-09,0.2..0.45\n"
    p = tmp_path / "p.csv"
    p.write_text("question,forecaster,made_at,probability\n" + rows)
    o = tmp_path / "o.csv"
    o.write_text(
        "question,resolved_at,outcome\n" + "".join(f"{q}{i},2022-02-01,no\n" for i in range(6))
    )
    return str(p), str(o)


@pytest.mark.parametrize("long", [1, 40, 300])
@pytest.mark.parametrize("averaged", [False, True])
def test_score_table_fits_in_100_columns_with_wide_ids(tmp_path, capsys, long, averaged):
    files = _wide_files(tmp_path, long)
    code, out, err = run(["score", *files, *(["--time-averaged"] if averaged else [])], capsys)
    assert code == 0 and err == ""
    assert max(len(line) for line in out.splitlines()) <= 100
    if long == 300:
        assert "q" * 300 not in out and "f" * 300 not in out and "\u2026" in out


def test_score_table_tiny_scores_dates_and_dashes(tmp_path, capsys):
    code, out, _ = run(["score", *_wide_files(tmp_path, 3)], capsys)
    assert code == 0
    lines = out.splitlines()
    tiny = next(line for line in lines if line.split()[:2] == ["qqq0", "fff0"])
    # 0.0001 on what did not happen: (0.0001 - 0)**2 = 1e-08, not 0.0000; made on a date,
    # printed as the date; 8 Jan to 1 Feb is 24 days
    assert tiny.split() == ["qqq0", "fff0", "2022-01-08", "0.0001", "no", "24", "1e-08"]
    assert "0.0000" not in out
    assert "2022-01-09T09:30:00.123456+05:30" in out and "2022-01-08T" not in out
    # the forecasters have 3 questions or fewer: no interval, and the '-' is explained
    assert (
        "-: no interval (fewer than 5 questions, probability ranges, or an infinite mean)." in out
    )


def test_score_table_has_the_library_headers(files, capsys):
    code, out, _ = run(["score", *files], capsys)
    assert code == 0
    lg, outs = fio.read_predictions_csv(files[0]), list(fio.read_outcomes_csv(files[1]))
    table = lg.score(outs)
    # the same headers as str() of the library's results, in the same order
    assert out.splitlines()[0] == str(table).splitlines()[0]
    summary = str(table.by_forecaster())
    assert summary.splitlines()[0] in out.splitlines()
    assert summary.splitlines()[0].split()[3:5] == ["mean", "score"]


def test_confidence_and_n_resamples_flags(tmp_path, capsys):
    rows = "".join(f"q{i},a,2022-01-01,0.8\n" for i in range(6))
    p = tmp_path / "p.csv"
    p.write_text("question,forecaster,made_at,probability\n" + rows)
    o = tmp_path / "o.csv"
    o.write_text(
        "question,resolved_at,outcome\n"
        + "".join(f"q{i},2022-02-01,{'yes' if i % 2 == 0 else 'no'}\n" for i in range(6))
    )
    argv = ["score", str(p), str(o), "--format", "json", "--interval", "normal"]
    code, out, _ = run([*argv, "--confidence", "0.5"], capsys)
    a = json.loads(out)["forecasters"][0]
    # mean (3 * 0.04 + 3 * 0.64) / 6 = 0.34; clustered se**2 = 6/5 * 6 * 0.3**2 / 36 = 0.018,
    # and z at 75% is 0.6744898: half-width 0.6744898 * sqrt(0.018) = 0.0904930
    assert code == 0 and a["mean_score"] == pytest.approx(0.34)
    assert a["ci_high"] - 0.34 == pytest.approx(0.6744898 * math.sqrt(0.018), rel=1e-6)
    code, out, err = run([*argv, "--n-resamples", str(10**12)], capsys)
    assert code == 2 and out == ""
    assert "n_resamples must be at most 1000000 (got 1000000000000)" in err
    code, out, err = run([*argv, "--confidence", "95"], capsys)
    assert code == 2 and "confidence must be a number in (0, 1) (got 95.0)" in err


# --- issue 10: the leaderboard command, --summary-only, --by, --clip --------------------------

BOARD_PREDICTIONS = """\
question,forecaster,made_at,probability,kind
d1,ann,2024-01-01,0.9,dataset
d2,ann,2024-01-01,0.9,dataset
m1,ann,2024-01-01,0.5,market
d1,ben,2024-01-01,0.8,dataset
d2,ben,2024-01-01,0.8,dataset
m1,ben,2024-01-01,0.8,market
d1,cat,2024-01-01,0.0,dataset
"""
BOARD_OUTCOMES = """\
question,resolved_at,outcome
d1,2024-06-01,yes
d2,2024-06-01,yes
m1,2024-06-01,yes
"""


@pytest.fixture
def board_files(tmp_path):
    p = tmp_path / "p.csv"
    o = tmp_path / "o.csv"
    p.write_text(BOARD_PREDICTIONS)
    o.write_text(BOARD_OUTCOMES)
    return str(p), str(o)


def test_leaderboard_command_json_hand_computed(board_files, capsys):
    # Brier: ann 0.01, 0.01, 0.25 (mean 0.09); ben 0.04 each (0.04); cat 1.0 on d1 only.
    # With strata kind: ann (0.01 + 0.25) / 2 = 0.13, ben 0.04, cat 1.0 (dataset only).
    code, out, err = run(
        ["leaderboard", *board_files, "--strata", "kind", "--format", "json"], capsys
    )
    assert code == 0 and err == ""
    doc = json.loads(out)
    rows = {r["forecaster"]: r for r in doc["forecasters"]}
    assert [r["forecaster"] for r in doc["forecasters"]] == ["ben", "ann", "cat"]
    assert rows["ann"]["mean"] == pytest.approx(0.13, abs=1e-15)
    assert rows["ben"]["mean"] == pytest.approx(0.04, abs=1e-15)
    assert rows["cat"]["mean"] == 1.0 and rows["cat"]["n_questions"] == 1
    assert rows["ben"]["rank"] == 1 and rows["ben"]["p_vs_leader"] is None
    assert doc["strata"] == "kind" and doc["rule"] == "brier" and doc["seed"] == 0
    assert doc["not_scored"]["unresolved"] == 0


def test_leaderboard_command_table_fill_and_adjust(board_files, capsys):
    code, out, err = run(
        ["leaderboard", *board_files, "--fill", "0.5", "--adjust", "--max-imputed", "0.5"],
        capsys,
    )
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:5] == ["rank", "forecaster", "n", "imputed", "adjusted"]
    # cat had 2 of 3 forecasts filled in: more than 0.5, left out and named
    assert "Left out for more than 50% imputed: cat." in out
    assert max(len(line) for line in lines) <= 100
    assert out.rstrip().endswith("0 hindsight (dropped).")


def test_leaderboard_command_fill_is_the_library_complete(board_files, capsys):
    # ann and ben forecast every question; cat gets 0.5 on d2 and m1: (1.0 + 0.25 + 0.25) / 3
    code, out, _ = run(["leaderboard", *board_files, "--fill", "0.5", "--format", "csv"], capsys)
    assert code == 0
    rows = {r["forecaster"]: r for r in csv.DictReader(io.StringIO(out))}
    assert float(rows["cat"]["mean"]) == pytest.approx(0.5, abs=1e-15)
    assert float(rows["cat"]["imputed"]) == pytest.approx(2 / 3, abs=1e-15)
    assert rows["ann"]["imputed"] == "0.0"


def test_leaderboard_command_by_column(board_files, capsys):
    code, out, _ = run(["leaderboard", *board_files, "--by", "kind", "--format", "csv"], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:2] == ["kind", "forecaster"]
    dataset = [r["forecaster"] for r in rows if r["kind"] == "dataset"]
    market = [(r["forecaster"], float(r["mean"])) for r in rows if r["kind"] == "market"]
    assert dataset == ["ann", "ben", "cat"]  # 0.01, 0.04, 1.0 on d1 (cat: d1 only)
    assert market == [("ben", pytest.approx(0.04)), ("ann", pytest.approx(0.25))]
    code, out, _ = run(["leaderboard", *board_files, "--by", "kind"], capsys)
    assert out.startswith("kind = dataset:\n") and "\nkind = market:\n" in out


def test_leaderboard_command_errors_exit_2(board_files, capsys):
    code, out, err = run(["leaderboard", *board_files, "--strata", "nope"], capsys)
    assert code == 2 and out == ""
    assert "strata: column 'nope' is not a column" in err
    code, out, err = run(["leaderboard", *board_files, "--rule", "log"], capsys)
    # cat's 0.0 on d1, which happened: an infinite log score, named with its file and line
    assert code == 2 and out == ""
    assert "p.csv:8: score inf is not finite" in err
    code, out, err = run(["leaderboard", *board_files, "--fill", "nobody"], capsys)
    assert code == 2 and "nobody" in err


def test_clip_makes_the_log_leaderboard_finite(board_files, capsys):
    code, out, err = run(
        ["leaderboard", *board_files, "--rule", "log", "--clip", "0.01", "--format", "json"],
        capsys,
    )
    assert code == 0, err
    rows = {r["forecaster"]: r for r in json.loads(out)["forecasters"]}
    assert rows["cat"]["mean"] == pytest.approx(-math.log(0.01), rel=1e-12)
    assert rows["ann"]["mean"] == pytest.approx(-(2 * math.log(0.9) + math.log(0.5)) / 3)


def test_score_clip(board_files, capsys):
    code, out, _ = run(
        ["score", *board_files, "--rule", "log", "--clip", "0.01", "--format", "json"], capsys
    )
    assert code == 0
    cat = [r for r in json.loads(out)["predictions"] if r["forecaster"] == "cat"]
    assert cat[0]["score"] == pytest.approx(-math.log(0.01), rel=1e-12)
    code, out, err = run(["score", *board_files, "--clip", "0.01"], capsys)
    assert code == 2 and "--clip applies to the log score only (got --rule brier)" in err
    code, out, err = run(["score", *board_files, "--rule", "log", "--clip", "0.7"], capsys)
    assert code == 2 and "--clip must be a number in (0, 0.5) (got 0.7)" in err


def test_score_summary_only_and_by(board_files, capsys):
    code, out, _ = run(["score", *board_files, "--summary-only"], capsys)
    assert code == 0
    assert "made_at" not in out  # no row per prediction
    assert out.startswith("By forecaster (mean over predictions):\n")
    code, out, _ = run(["score", *board_files, "--summary-only", "--by", "kind"], capsys)
    # dataset: (0.01 + 0.01 + 0.04 + 0.04 + 1.0) / 5 = 0.22; market (0.25 + 0.04) / 2 = 0.145
    lines = out.splitlines()
    assert lines[0] == "By kind (mean over predictions):"
    assert lines[3].split()[:5] == ["dataset", "5", "2", "0.22", "-"]
    assert lines[4].split()[:4] == ["market", "2", "1", "0.145"]
    code, out, _ = run(
        [
            "score",
            *board_files,
            "--summary-only",
            "--by",
            "forecaster",
            "--by",
            "kind",
            "--format",
            "json",
        ],
        capsys,
    )
    doc = json.loads(out)
    assert "predictions" not in doc and doc["by"] == ["forecaster", "kind"]
    assert doc["summary"][0]["forecaster"] == "ann" and doc["summary"][0]["kind"] == "dataset"
    code, out, _ = run(["score", *board_files, "--summary-only", "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["forecaster"] for r in rows] == ["ann", "ben", "cat"]
    assert float(rows[0]["mean_score"]) == pytest.approx(0.09, abs=1e-15)
    code, out, err = run(["score", *board_files, "--by", "nope"], capsys)
    assert code == 2 and "by: column 'nope' is not a column" in err


# --- issue 11: quantity files (quantiles, distributions, samples) with --rule ----------------

QUANTITY_PREDICTIONS = """\
question,forecaster,made_at,quantile,value,distribution,samples
x,a,2022-01-01,0.1,10,,
x,a,2022-01-01,0.5,30,,
x,a,2022-01-01,0.9,50,,
x,b,2022-01-02,,,,"[20, 40]"
y,b,2022-01-02,,,"norm(loc=0, scale=1)",
"""
QUANTILE_PREDICTIONS = """\
question,forecaster,made_at,quantile,value
x,a,2022-01-01,0.1,10
x,a,2022-01-01,0.5,30
x,a,2022-01-01,0.9,50
y,a,2022-01-01,0.1,-1
y,a,2022-01-01,0.5,0
y,a,2022-01-01,0.9,1
x,c,2022-01-03,0.1,30
x,c,2022-01-03,0.5,40
x,c,2022-01-03,0.9,60
"""
QUANTITY_OUTCOMES = """\
question,resolved_at,value,censored
x,2022-02-01,35,
y,2022-02-01,0,
"""
# Hand values. CRPS of an ensemble: E|X - y| - E|X - X'| / 2; for [20, 40] against 35:
# (15 + 5) / 2 - (0 + 20 + 20 + 0) / 4 / 2 = 10 - 5 = 5.
CRPS_SAMPLES_X = 5.0
# CRPS of N(0, 1) at its mean (Gneiting and Raftery 2007): 2 phi(0) - 1 / sqrt(pi).
CRPS_NORMAL_Y = 2 / math.sqrt(2 * math.pi) - 1 / math.sqrt(math.pi)
# Pinball losses at 0.1, 0.5, 0.9 (a loss of level t and quantile q at y: t (y - q) if
# y >= q, else (1 - t) (q - y)), their mean:
# a on x (y = 35): 0.1 * 25 + 0.5 * 5 + 0.1 * 15 = 6.5; a on y (y = 0): 0.1 + 0 + 0.1 = 0.2;
# c on x: 0.1 * 5 + 0.5 * 5 + 0.1 * 25 = 5.5.
PINBALL_AX, PINBALL_AY, PINBALL_CX = 6.5 / 3, 0.2 / 3, 5.5 / 3


@pytest.fixture
def quantity_files(tmp_path):
    p = tmp_path / "claims.csv"
    q = tmp_path / "quantiles.csv"
    o = tmp_path / "values.csv"
    p.write_text(QUANTITY_PREDICTIONS)
    q.write_text(QUANTILE_PREDICTIONS)
    o.write_text(QUANTITY_OUTCOMES)
    return str(p), str(q), str(o)


def test_quantity_csv_scored_with_crps_by_default(quantity_files, capsys):
    claims, _, values = quantity_files
    code, out, err = run(["score", claims, values, "--format", "json"], capsys)
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["rule"] == "crps"
    scores = {(r["question"], r["forecaster"]): r["score"] for r in doc["predictions"]}
    assert scores[("x", "b")] == pytest.approx(CRPS_SAMPLES_X, abs=1e-12)
    assert scores[("y", "b")] == pytest.approx(CRPS_NORMAL_Y, abs=1e-12)
    assert [r["outcome"] for r in doc["predictions"]] == [35.0, 35.0, 0.0]
    b = next(f for f in doc["forecasters"] if f["forecaster"] == "b")
    assert b["n"] == 2 and b["mean_score"] == pytest.approx(
        (CRPS_SAMPLES_X + CRPS_NORMAL_Y) / 2, abs=1e-12
    )
    # the explicit flag reads the same
    code2, out2, _ = run(["score", claims, values, "--rule", "crps", "--format", "json"], capsys)
    assert code2 == 0 and out2 == out
    code, out, err = run(["score", claims, values], capsys)
    assert code == 0 and "score: crps" in out and "2 samples" in out
    assert "norm(loc=0.0, scale=1.0)" in out


def test_quantity_csv_quantile_rule_summary_only_and_by(quantity_files, capsys):
    _, quantiles, values = quantity_files
    code, out, err = run(
        ["score", quantiles, values, "--rule", "quantile", "--format", "csv"], capsys
    )
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    got = {(r["question"], r["forecaster"]): float(r["score"]) for r in rows}
    assert got == pytest.approx(
        {("x", "a"): PINBALL_AX, ("y", "a"): PINBALL_AY, ("x", "c"): PINBALL_CX}, abs=1e-12
    )
    code, out, _ = run(
        ["score", quantiles, values, "--rule", "quantile", "--summary-only", "--format", "csv"],
        capsys,
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    means = {r["forecaster"]: float(r["mean_score"]) for r in rows}
    assert means == pytest.approx({"a": (6.5 + 0.2) / 6, "c": PINBALL_CX}, abs=1e-12)
    code, out, _ = run(
        ["score", quantiles, values, "--rule", "quantile", "--summary-only", "--by", "question"],
        capsys,
    )
    lines = out.splitlines()
    # x: (6.5 / 3 + 5.5 / 3) / 2 = 2 over 2 predictions; y: 0.2 / 3 = 0.06667
    assert lines[0] == "By question (mean over predictions):"
    assert lines[3].split()[:4] == ["x", "2", "1", "2"]
    assert lines[4].split()[:4] == ["y", "1", "1", "0.06667"]


def test_quantity_jsonl_files(tmp_path, capsys):
    p = tmp_path / "claims.jsonl"
    o = tmp_path / "values.jsonl"
    p.write_text(
        '{"question": "x", "forecaster": "b", "made_at": "2022-01-02", "samples": [20, 40]}\n'
        '{"question": "y", "forecaster": "b", "made_at": "2022-01-02", '
        '"distribution": "norm(loc=0, scale=1)"}\n'
        '{"question": "x", "forecaster": "a", "made_at": "2022-01-01", '
        '"quantiles": [[0.1, 10], [0.5, 30], [0.9, 50]]}\n'
    )
    o.write_text(
        '{"question": "x", "resolved_at": "2022-02-01", "value": 35}\n'
        '{"question": "y", "resolved_at": "2022-02-01", "value": 0}\n'
    )
    code, out, err = run(["score", str(p), str(o), "--format", "json"], capsys)
    assert code == 0 and err == ""
    doc = json.loads(out)
    scores = {(r["question"], r["forecaster"]): r["score"] for r in doc["predictions"]}
    assert scores[("x", "b")] == pytest.approx(CRPS_SAMPLES_X, abs=1e-12)
    assert scores[("y", "b")] == pytest.approx(CRPS_NORMAL_Y, abs=1e-12)
    code, out, err = run(["score", str(p), str(o), "--rule", "wis", "--format", "json"], capsys)
    assert code == 2 and out == "" and "samples" in err


def test_quantity_leaderboard(quantity_files, capsys):
    _, quantiles, values = quantity_files
    code, out, err = run(
        ["leaderboard", quantiles, values, "--rule", "quantile", "--format", "csv"], capsys
    )
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    # a's mean (6.5 + 0.2) / 6 = 1.117 is below c's 5.5 / 3 = 1.833: a ranks first
    assert [r["forecaster"] for r in rows] == ["a", "c"]
    assert float(rows[0]["mean"]) == pytest.approx((6.5 + 0.2) / 6, abs=1e-12)


def test_quantity_time_averaged(quantity_files, capsys):
    claims, _, values = quantity_files
    code, out, err = run(
        ["score", claims, values, "--time-averaged", "--summary-only", "--format", "json"],
        capsys,
    )
    assert code == 0 and err == ""
    b = next(f for f in json.loads(out)["forecasters"] if f["forecaster"] == "b")
    # one forecast per question: each question's time average is that forecast's score
    assert b["mean_score"] == pytest.approx((CRPS_SAMPLES_X + CRPS_NORMAL_Y) / 2, abs=1e-12)


def test_quantity_rule_errors_are_one_line_exit_2(quantity_files, files, capsys):
    claims, _, values = quantity_files
    for extra, expected in [
        (["--rule", "brier"], "--rule brier scores probabilities, not the quantity file's"),
        (["--rule", "spherical"], "--rule spherical scores probabilities"),
        (["--rule", "log", "--clip", "0.01"], "--clip applies to probabilities only"),
        (["--rule", "quantile"], "rule 'quantile' does not score samples"),
    ]:
        code, out, err = run(["score", claims, values, *extra], capsys)
        assert code == 2 and out == ""
        assert err.startswith("forecastscore: error: ") and expected in err
        assert err.count("\n") == 1
    code, out, err = run(["leaderboard", claims, values, "--rule", "brier"], capsys)
    assert code == 2 and out == "" and "--rule brier scores probabilities" in err
    # a quantity rule on a file of probabilities
    code, out, err = run(["score", *files, "--rule", "crps"], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "--rule crps scores quantity files only" in err


def test_kind_flag_overrides_the_header(quantity_files, files, capsys):
    claims, _, values = quantity_files
    code, out, err = run(["score", claims, values, "--kind", "probability"], capsys)
    assert code == 2 and out == "" and "claims.csv" in err and "probability" in err
    code, out, err = run(["score", *files, "--kind", "quantity"], capsys)
    assert code == 2 and out == "" and "predictions.csv" in err
    code, out, err = run(["score", claims, values, "--kind", "quantity"], capsys)
    assert code == 0 and "score: crps" in out


def test_help_explains_quantity_files(capsys):
    code, out, _ = run(["score", "--help"], capsys)
    assert code == 0 and "--kind" in out and "Quantity files" in out
