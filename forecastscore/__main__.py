r"""The command line: ``python -m forecastscore``.

With no arguments it scores the bundled example (``forecastscore/data/``) and prints a table.
``python -m forecastscore score PREDICTIONS OUTCOMES`` scores files;
``python -m forecastscore leaderboard PREDICTIONS OUTCOMES`` ranks their forecasters. Exit
status 0 on success, 2 on bad input (the error on stderr, nothing on stdout). What lives here is the
argument parsing and the rendering of tables; the scoring is :mod:`forecastscore.ledger`'s.
"""

from __future__ import annotations

import argparse
import csv
import functools
import importlib.resources
import io
import json
import math
import os
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _checks, rules
from . import io as fio
from ._text import WIDTH, format_number, format_score, render_table
from .errors import ForecastScoreError, HindsightError, InvalidOptionError
from .ledger import Leaderboard, Ledger, ScoreTable, Summary, TimeAveragedTable, time_averaged
from .ledger._summaries import counts_line, forecast_texts
from .model import Outcome, ProbabilityRange
from .scoring import RULES, Rule

__all__ = ["main"]

_FORMATS_HELP = """\
file formats (UTF-8; CSV with a header line, or JSON Lines for files ending .jsonl/.ndjson):
  predictions: question,forecaster,made_at,probability
      made_at      YYYY-MM-DD (a whole UTC day) or an ISO 8601 datetime with its offset,
                   e.g. 2022-01-08T14:30:00+02:00 or ...Z (a naive datetime is an error)
      probability  P(yes) in [0, 1]; a range as low..high (0.2..0.45; JSON: {"low": 0.2,
                   "high": 0.45}); a categorical forecast is one row per option, with the
                   option's name in an 'option' column
      optional     option, source, quote; any other column is kept
  outcomes: question,resolved_at,outcome
      outcome      yes/no, true/false, 1/0, an option name, or 'annulled'

A prediction counts only if made strictly before its outcome was known (a date is its whole
UTC day): others are hindsight, an error unless --hindsight drop. Predictions on questions
without an outcome, or annulled, are left out and counted. Every score is a loss: lower is
better. Brier is 0..1 for a probability and 0..2 for a categorical forecast; log is in nats.
JSON output: 'predictions' (question, forecaster, made_at, lead_time_days, score, best,
worst, probability, outcome), 'forecasters' (forecaster, n, mean_score, ci_low, ci_high: a
95% bootstrap interval over questions, or with --interval normal its normal limit; null for
fewer than 5 questions), 'not_scored' (counts by reason), 'probability_outcomes' (how many
scores were against a probability rather than a yes/no outcome), and with --time-averaged
'time_averaged' (question, forecaster, score, coverage), from which the forecasters' means
are then taken. In the table, '-' in an interval column means no interval.
The JSON is strict (RFC 8259): NaN is written as null and an infinite log score as the
string "Infinity".

Quantity files (quantiles, distributions, samples; docs/quantity-claims.md):
  predictions: question,forecaster,made_at,quantile,value,distribution,samples (one row per
               quantile level; a distribution as norm(loc=30, scale=10); samples a JSON
               array); JSON Lines: quantiles ([[level, value], ...]), distribution or samples
  outcomes:    question,resolved_at,value,censored (a number or a date; censored empty,
               'above' or 'below')
  --kind auto (the default) reads a predictions file as quantities when its CSV header has
  no 'probability' column but a 'quantile', 'distribution' or 'samples' column (JSON Lines:
  its first object has no 'probability' key but one of 'quantiles', 'distribution',
  'samples'); --kind quantity or --kind probability says so instead. Quantity files are
  scored with --rule crps (the default for them), log, quantile, interval or wis; brier,
  spherical and --clip apply to probabilities only.
"""

_QUANTITY_RULES = ("crps", "log", "quantile", "interval", "wis")
_RULE_CHOICES = sorted({*RULES, *_QUANTITY_RULES})
_RULE_HELP = (
    "scoring rule (default: brier for probabilities, crps for quantities; crps, quantile, "
    "interval and wis score quantity files only)"
)


class _UsageError(Exception):
    """Bad command-line arguments (argparse's own errors go through this)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse would print and exit
        raise _UsageError(f"{self.prog}: error: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m forecastscore",
        description="Keep score of dated probabilistic claims. Without a command, score the "
        "bundled example and print a table.",
        epilog=_FORMATS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    score = sub.add_parser(
        "score",
        help="score a predictions file against an outcomes file",
        description="Score PREDICTIONS against OUTCOMES and print a table, JSON or CSV.",
        epilog=_FORMATS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _file_arguments(score)
    score.add_argument(
        "--time-averaged",
        action="store_true",
        help="also weight each forecast by how long it stood (per question and forecaster)",
    )
    score.add_argument(
        "--granularity",
        default="exact",
        choices=("exact", "day"),
        help="with --time-averaged: exact durations, or whole UTC days as Good Judgment Open",
    )
    score.add_argument("--format", default="table", choices=("table", "json", "csv"))
    score.add_argument(
        "--hindsight",
        default="raise",
        choices=("raise", "drop"),
        help="a prediction not made before its outcome was known: error, or drop and count",
    )
    score.add_argument(
        "--interval",
        default="bootstrap",
        choices=("bootstrap", "normal"),
        help="forecasters' intervals: bootstrap over questions, or its normal limit (fast)",
    )
    score.add_argument("--seed", type=int, default=0, help="seed of the bootstrap intervals")
    score.add_argument(
        "--confidence",
        type=float,
        default=0.95,
        help="confidence level of the forecasters' intervals (default 0.95)",
    )
    score.add_argument(
        "--n-resamples",
        type=int,
        default=1000,
        help="bootstrap resamples of the forecasters' intervals (default 1000, at most 10**6)",
    )
    score.add_argument(
        "--summary-only",
        action="store_true",
        help="print only the summary (by forecaster, or --by), not one row per prediction",
    )
    score.add_argument(
        "--by",
        action="append",
        metavar="COLUMN",
        help="summarise by this column instead of by forecaster (forecaster, question, source, "
        "imputed or a column kept from the file); repeat to group by several",
    )
    _clip_option(score)
    board = sub.add_parser(
        "leaderboard",
        help="rank the forecasters of a predictions file, with intervals",
        description="Score PREDICTIONS against OUTCOMES and rank the forecasters: questions, "
        "share imputed, mean, peer score, a bootstrap interval over questions, the rank and "
        "its interval, P(ranked first) and the p-value against the leader. Every score is a "
        "loss: rank 1 has the lowest mean; the peer score is above 0 when better than the "
        "pool.",
        epilog=_FORMATS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _file_arguments(board)
    board.add_argument(
        "--by",
        metavar="COLUMN",
        help="one leaderboard per value of this column (for example a question set)",
    )
    board.add_argument(
        "--strata",
        metavar="COLUMN",
        help="a column constant within each question whose strata weigh equally in every "
        "mean (ForecastBench: dataset and market questions)",
    )
    board.add_argument(
        "--adjust",
        action="store_true",
        help="rank by the difficulty-adjusted mean (two-way fixed effects)",
    )
    board.add_argument(
        "--fill",
        metavar="VALUE",
        help="fill each forecaster's missing forecasts first: a probability (0.5), 'worst', "
        "or the name of a forecaster whose forecasts are copied; filled ones are counted as "
        "imputed",
    )
    board.add_argument(
        "--max-imputed",
        type=float,
        default=None,
        metavar="SHARE",
        help="leave out forecasters with more than this share of forecasts imputed",
    )
    board.add_argument("--format", default="table", choices=("table", "json", "csv"))
    board.add_argument(
        "--hindsight",
        default="raise",
        choices=("raise", "drop"),
        help="a prediction not made before its outcome was known: error, or drop and count",
    )
    board.add_argument("--seed", type=int, default=0, help="seed of the bootstrap")
    board.add_argument(
        "--confidence", type=float, default=0.95, help="level of the intervals (default 0.95)"
    )
    board.add_argument(
        "--n-resamples", type=int, default=1000, help="bootstrap resamples (default 1000)"
    )
    _clip_option(board)
    return parser


def _file_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments every command that reads files takes: the two files, the rule, the kind."""
    parser.add_argument("predictions", help="predictions file (.csv, or .jsonl/.ndjson)")
    parser.add_argument("outcomes", help="outcomes file (.csv, or .jsonl/.ndjson)")
    parser.add_argument("--rule", default=None, choices=_RULE_CHOICES, help=_RULE_HELP)
    _kind_option(parser)


def _kind_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind",
        default="auto",
        choices=("auto", "probability", "quantity"),
        help="what the files hold: auto (from the predictions file's header), probability, "
        "or quantity (quantiles, distributions, samples; see below)",
    )


def _clip_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--clip",
        type=float,
        default=None,
        metavar="EPS",
        help="with --rule log: clip forecasts to [EPS, 1 - EPS] first, so that a probability "
        "0 on what happened scores -ln(EPS) instead of infinity",
    )


def clipped_rule(rule: str, clip: float | None) -> str | Rule:
    """The rule to score with: its name, or with ``clip`` the log score of forecasts
    clipped to ``[clip, 1 - clip]``."""
    if clip is None:
        return rule
    if rule != "log":
        raise InvalidOptionError(
            f"--clip applies to the log score only (got --rule {rule}); the other rules are "
            "finite for every forecast"
        )
    try:
        c = _checks.check_clip(clip)
    except InvalidOptionError:
        raise InvalidOptionError(f"--clip must be a number in (0, 0.5) (got {clip!r})") from None
    assert c is not None
    return Rule(
        "log",
        functools.partial(rules.log_score, clip=c),
        functools.partial(rules.categorical_log_score, clip=c),
        "nats",
        soft=functools.partial(rules.log_score, clip=c, probability_outcome=True),
    )


# --- reading ------------------------------------------------------------------------------


def _is_jsonl(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in (".jsonl", ".ndjson")


_QUANTITY_FIELDS = {"quantile", "quantiles", "distribution", "samples"}


def file_kind(predictions: str) -> str:
    """``'quantity'`` when the predictions file's header (CSV) or first object (JSON Lines)
    has no ``probability`` but a ``quantile``, ``distribution`` or ``samples`` field (JSON
    Lines: ``quantiles``), else ``'probability'``; a file that cannot be read this way is
    left to the probability readers, whose errors name the file and line."""
    try:
        with open(predictions, encoding="utf-8-sig", newline="") as stream:
            line = stream.readline()
            while _is_jsonl(predictions) and line and not line.strip():
                line = stream.readline()
    except UnicodeDecodeError:
        return "probability"
    fields: set[str]
    if _is_jsonl(predictions):
        try:
            first = json.loads(line)
        except ValueError:
            return "probability"
        fields = set(first) if isinstance(first, dict) else set()
    else:
        fields = {f.strip() for f in next(csv.reader([line]), [])}
    if "probability" not in fields and fields & _QUANTITY_FIELDS:
        return "quantity"
    return "probability"


def read_files(
    predictions: str, outcomes: str, kind: str = "auto"
) -> tuple[Ledger, list[Outcome], str]:
    """Read a predictions and an outcomes file, CSV or JSON Lines by extension, of
    probabilities or of quantities (``kind``, or :func:`file_kind` for ``'auto'``); return
    the ledger, the outcomes and the kind read."""
    if kind == "auto":
        kind = file_kind(predictions)
    if kind == "quantity":
        claims = (
            fio.read_quantity_predictions_jsonl(predictions)
            if _is_jsonl(predictions)
            else fio.read_quantity_predictions_csv(predictions)
        )
        ledger = Ledger.from_predictions(claims)
        outs = (
            fio.read_quantity_outcomes_jsonl(outcomes)
            if _is_jsonl(outcomes)
            else fio.read_quantity_outcomes_csv(outcomes)
        )
        return ledger, list(outs), kind
    ledger = (
        fio.read_predictions_jsonl(predictions)
        if _is_jsonl(predictions)
        else fio.read_predictions_csv(predictions)
    )
    outs = (
        fio.read_outcomes_jsonl(outcomes)
        if _is_jsonl(outcomes)
        else fio.read_outcomes_csv(outcomes)
    )
    return ledger, list(outs), kind


def rule_for(kind: str, rule: str | None, clip: float | None) -> str:
    """The rule's name for files of ``kind``: the default (brier, or crps for quantities),
    or ``rule`` when it fits; a rule or ``--clip`` that does not fit is an error."""
    if kind != "quantity":
        if rule is None:
            return "brier"
        if rule not in RULES:
            raise InvalidOptionError(
                f"--rule {rule} scores quantity files only (quantiles, distributions, samples)"
                f"; use one of {', '.join(sorted(RULES))} for probabilities"
            )
        return rule
    if rule is None:
        rule = "crps"
    if rule not in _QUANTITY_RULES:
        raise InvalidOptionError(
            f"--rule {rule} scores probabilities, not the quantity file's quantiles, "
            f"distributions or samples; use one of {', '.join(_QUANTITY_RULES)}"
        )
    if clip is not None:
        raise InvalidOptionError(
            f"--clip applies to probabilities only (got --clip {clip!r} on a quantity file)"
        )
    return rule


def _bundled(name: str) -> io.StringIO:
    text = (
        importlib.resources.files("forecastscore")
        .joinpath("data")
        .joinpath(name)
        .read_text("utf-8")
    )
    stream = io.StringIO(text)
    stream.name = name
    return stream


# --- rendering ----------------------------------------------------------------------------


# The founding claim among the bundled ones: the article's own reading and its ICD 203 one.
_FOUNDING = "opinion piece on the Kazakhstan crisis"
_FOUNDING_RANGE = "Kazakhstan op-ed (ICD 203 reading)"


def _founding_story(
    ledger: Ledger, outcomes: list[Outcome], brier: ScoreTable, log: ScoreTable
) -> str:
    """The article's claim, when it was made, when the outcome became known and its scores."""
    rows = {str(ledger.forecaster[i]): j for j, i in enumerate(brier.rows.tolist())}
    j, k = rows[_FOUNDING], rows[_FOUNDING_RANGE]
    claim = ledger[int(brier.rows[j])]
    ranged = ledger[int(brier.rows[k])]
    outcome = next(o for o in outcomes if o.question == claim.question)
    assert isinstance(ranged.probability, ProbabilityRange)
    quote = textwrap.fill(
        f"\u201c{claim.quote}\u201d", WIDTH, initial_indent="  ", subsequent_indent="   "
    )
    low, high = ranged.probability.low, ranged.probability.high
    lines = [
        "The founding claim, scored (forecastscore/data/; sources in its README.md):",
        "",
        quote,
        f"  {claim.forecaster}, made {claim.made_at.isoformat()}.",
        f"  Russia invaded Ukraine: the outcome became known on {outcome.resolved_at.isoformat()},"
        f" {brier.lead_time_days[j]:.0f} days later.",
        f"  Read as a probability of {claim.probability:g}: Brier {format_number(brier.score[j])},"
        f" log {format_number(log.score[j])} nats.",
        f"  Read as ICD 203's \u201cunlikely\u201d ({low:g}..{high:g}), best..worst: Brier"
        f" {format_score(brier.score[k], brier.best[k], brier.worst[k])},"
        f" log {format_score(log.score[k], log.best[k], log.worst[k])} nats.",
    ]
    return "\n".join(lines)


def _example() -> str:
    ledger = fio.read_predictions_csv(_bundled("predictions.csv"))
    outcomes = list(fio.read_outcomes_csv(_bundled("outcomes.csv")))
    brier = ledger.score(outcomes, hindsight="drop")
    log = ledger.score(outcomes, rule="log", hindsight="drop")
    rows = [
        [
            str(q),
            str(f),
            f"{d:.0f}",
            p,
            str(o),
            format_score(bs, bb, bw),
            format_score(ls, lb, lw),
        ]
        for q, f, d, p, o, bs, bb, bw, ls, lb, lw in zip(
            brier.question.tolist(),
            brier.forecaster.tolist(),
            brier.lead_time_days.tolist(),
            forecast_texts(ledger, brier.rows),
            brier._happened.tolist(),
            brier.score.tolist(),
            brier.best.tolist(),
            brier.worst.tolist(),
            log.score.tolist(),
            log.best.tolist(),
            log.worst.tolist(),
            strict=True,
        )
    ]
    table = render_table(
        ["question", "forecaster", "days", "forecast", "outcome", "Brier", "log"],
        rows,
        {2, 3, 5, 6},
    )
    notes = (
        "days: from the claim to the outcome becoming known. Scores are losses: lower is better.\n"
        "Brier is (p - outcome)^2, 0..1; log is -ln(probability given to what happened), in\n"
        "nats. A range (a verbal claim read as low..high) scores best..worst."
    )
    return (
        f"{_founding_story(ledger, outcomes, brier, log)}\n\n"
        "Every bundled claim, scored against what happened:\n\n"
        f"{table}\n\n"
        f"{notes}\n"
        f"{counts_line(brier.counts)}.\n"
        "Score your own files: python -m forecastscore score PREDICTIONS OUTCOMES "
        "(see --help).\n"
    )


def score_report(
    ledger: Ledger,
    outcomes: list[Outcome],
    *,
    rule: str = "brier",
    hindsight: str = "raise",
    time_averaged_: bool = False,
    granularity: str = "exact",
    seed: int = 0,
    interval: str = "bootstrap",
    confidence: float = 0.95,
    n_resamples: int = 1000,
    by: Sequence[str] | None = None,
    clip: float | None = None,
) -> tuple[ScoreTable, TimeAveragedTable | None, Summary]:
    """The tables the ``score`` command prints (also used by the tests, to compare)."""
    r = clipped_rule(rule, clip)
    table = ledger.score(outcomes, rule=r, hindsight=hindsight)
    options: dict[str, Any] = {
        "seed": seed,
        "interval": interval,
        "confidence": confidence,
        "n_resamples": n_resamples,
    }
    ta = None
    if time_averaged_:
        ta = time_averaged(ledger, outcomes, rule=r, hindsight=hindsight, granularity=granularity)
    source: ScoreTable | TimeAveragedTable = ta if ta is not None else table
    if by:
        summary = source.summarise(by[0] if len(by) == 1 else list(by), **options)
    else:
        summary = source.by_forecaster(**options)
    return table, ta, summary


def _render_json(
    table: ScoreTable, ta: TimeAveragedTable | None, summary: Summary, summary_only: bool = False
) -> str:
    doc: dict[str, Any] = {"rule": table.rule}
    if not summary_only:
        doc["predictions"] = table.to_records()
    if summary.by == "forecaster":
        doc["forecasters"] = summary.to_records()
    else:
        doc["by"] = list(summary.by) if isinstance(summary.by, tuple) else summary.by
        doc["summary"] = summary.to_records()
    doc.update(_counts(table))
    if ta is not None and not summary_only:
        doc["time_averaged"] = ta.to_records()
    return json.dumps(_strict_json(doc), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _counts(table: ScoreTable) -> dict[str, Any]:
    """What was not scored, by reason, and how many scores were against probability
    outcomes (JSON keys ``not_scored`` and ``probability_outcomes``)."""
    counts = table.counts
    scored_kinds = ("scored", "probability_outcomes")
    out: dict[str, Any] = {"not_scored": {k: v for k, v in counts.items() if k not in scored_kinds}}
    if "probability_outcomes" in counts:
        out["probability_outcomes"] = counts["probability_outcomes"]
    return out


def _strict_json(value: Any) -> Any:
    """Strict JSON (RFC 8259) has no Infinity: an infinite score (a log score of a
    probability 0 on what happened) becomes the string ``"Infinity"`` (``"-Infinity"`` for
    minus), which ``float()`` in Python and ``Number()`` in JavaScript read back. NaN is
    already ``null``."""
    if isinstance(value, float) and math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, dict):
        return {k: _strict_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strict_json(v) for v in value]
    return value


def _csv_text(fields: Sequence[str], records: Sequence[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(fields)
    for r in records:
        writer.writerow(["" if r[f] is None else r[f] for f in fields])
    return buf.getvalue()


def _render_csv(
    table: ScoreTable, ta: TimeAveragedTable | None, summary: Summary | None = None
) -> str:
    if summary is not None:  # --summary-only: the summary's rows
        return _csv_text(list(summary._columns()), summary.to_records())
    records = ta.to_records() if ta is not None else table.to_records()
    fields = (
        ["question", "forecaster", "score", "best", "worst", "coverage", "span_days"]
        if ta is not None
        else ["question", "forecaster", "made_at", "lead_time_days", "score", "best", "worst"]
    )
    return _csv_text(fields, records)


def _render_table(
    table: ScoreTable, ta: TimeAveragedTable | None, summary: Summary, summary_only: bool = False
) -> str:
    """The ``score`` command's table: the library's own tables (the same headers and
    notes as their ``str()``), each at most 100 columns wide."""
    parts = [] if summary_only else [table._render(counts=False)]
    if ta is not None and not summary_only:
        parts.append(
            "Time-averaged (each forecast weighted by how long it stood):\n"
            + ta._render(counts=False)
        )
    what = "time-averaged question scores" if ta is not None else "predictions"
    by = ", ".join(summary.by) if isinstance(summary.by, tuple) else summary.by
    parts.append(f"By {by} (mean over {what}):\n{summary}")
    parts.append(counts_line(table.counts) + ".")
    return "\n\n".join(parts) + "\n"


def _score_command(args: argparse.Namespace) -> str:
    ledger, outcomes, kind = read_files(args.predictions, args.outcomes, args.kind)
    table, ta, summary = score_report(
        ledger,
        outcomes,
        rule=rule_for(kind, args.rule, args.clip),
        hindsight=args.hindsight,
        time_averaged_=args.time_averaged,
        granularity=args.granularity,
        seed=args.seed,
        interval=args.interval,
        confidence=args.confidence,
        n_resamples=args.n_resamples,
        by=args.by,
        clip=args.clip,
    )
    if args.format == "json":
        return _render_json(table, ta, summary, args.summary_only)
    if args.format == "csv":
        return _render_csv(table, ta, summary if args.summary_only else None)
    return _render_table(table, ta, summary, args.summary_only)


def _fill_value(text: str) -> float | str:
    """``--fill``: a probability as a number, else ``worst`` or a forecaster's name."""
    try:
        return float(text)
    except ValueError:
        return text


def leaderboard_report(
    ledger: Ledger,
    outcomes: list[Outcome],
    *,
    rule: str = "brier",
    hindsight: str = "raise",
    by: str | None = None,
    strata: str | None = None,
    adjust: bool = False,
    fill: str | None = None,
    max_imputed: float | None = None,
    seed: int = 0,
    confidence: float = 0.95,
    n_resamples: int = 1000,
    clip: float | None = None,
) -> tuple[ScoreTable, list[tuple[Any, Leaderboard]]]:
    """The table and the leaderboards the ``leaderboard`` command prints: one, or one per
    value of the column ``by`` (in sorted order), each with that value."""
    if fill is not None:
        value = _fill_value(fill)
        ledger = ledger.complete(fill=value, outcomes=outcomes if value == "worst" else None)
    table = ledger.score(outcomes, rule=clipped_rule(rule, clip), hindsight=hindsight)
    options: dict[str, Any] = {
        "strata": strata,
        "adjust": adjust,
        "max_imputed": max_imputed,
        "seed": seed,
        "confidence": confidence,
        "n_resamples": n_resamples,
    }
    if by is None:
        return table, [(None, table.leaderboard(**options))]
    column = table.column(by)
    text = column.astype(str)
    values, first, codes = np.unique(text, return_index=True, return_inverse=True)
    boards = []
    for k in range(len(values)):
        sub = table._subset(np.flatnonzero(codes.reshape(-1) == k))
        boards.append((column[first[k]], sub.leaderboard(**options)))
    return table, boards


def _leaderboard_command(args: argparse.Namespace) -> str:
    ledger, outcomes, kind = read_files(args.predictions, args.outcomes, args.kind)
    table, boards = leaderboard_report(
        ledger,
        outcomes,
        rule=rule_for(kind, args.rule, args.clip),
        hindsight=args.hindsight,
        by=args.by,
        strata=args.strata,
        adjust=args.adjust,
        fill=args.fill,
        max_imputed=args.max_imputed,
        seed=args.seed,
        confidence=args.confidence,
        n_resamples=args.n_resamples,
        clip=args.clip,
    )
    counts = _counts(table)
    if args.format == "json":
        docs = [json.loads(lb.to_json()) for _, lb in boards]
        doc: dict[str, Any] = {"rule": table.rule}
        if args.by is None:
            doc.update(docs[0])
        else:
            doc["by"] = args.by
            doc["leaderboards"] = [
                {"value": v, **d} for (v, _), d in zip(boards, docs, strict=True)
            ]
        doc.update(counts)
        return json.dumps(_strict_json(doc), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if args.format == "csv":
        if args.by is None:
            return boards[0][1].to_csv()
        fields = [args.by, *boards[0][1].to_records()[0]]
        records = [{args.by: v, **r} for v, lb in boards for r in lb.to_records()]
        return _csv_text(fields, records)
    parts = [str(lb) if v is None else f"{args.by} = {v}:\n{lb}" for v, lb in boards]
    parts.append(counts_line(table.counts) + ".")
    return "\n\n".join(parts) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 success, 2 bad input).

    The whole output is built before anything is written, so that an error leaves stdout
    empty.
    """
    parser = _parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        if args.command == "score":
            output = _score_command(args)
        elif args.command == "leaderboard":
            output = _leaderboard_command(args)
        else:
            output = _example()
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except _UsageError as exc:
        sys.stderr.write(f"{parser.format_usage()}{exc}\n")
        return 2
    except (ForecastScoreError, OSError) as exc:
        hint = " (on the command line: --hindsight drop)" if isinstance(exc, HindsightError) else ""
        sys.stderr.write(f"forecastscore: error: {exc}{hint}\n")
        return 2
    return _write(output)


def _write(output: str) -> int:
    """Write the output whole, in any terminal's encoding; 2 when stdout refuses it.

    On a stdout that cannot encode the ellipsis that cuts long ids (an ASCII-only locale),
    ``~`` takes its place, so the columns stay aligned; any other character it cannot encode
    is written as a backslash escape rather than lost.
    """
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        output.encode(encoding)
    except UnicodeEncodeError:
        output = output.replace("\u2026", "~")
        output = output.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:  # an encoding Python does not know: leave it to the stream
        pass
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``| head``): not an error of ours; keep Python from
        # complaining again when it flushes at exit.
        _silence_stdout()
        return 1
    except OSError as exc:
        _silence_stdout()
        sys.stderr.write(f"forecastscore: error: could not write the output: {exc}\n")
        return 2
    return 0


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor behind stdout (captured)
        pass
    finally:
        os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
