"""Every row of issue 12's performance table, with the peers' columns, from one run.

Run: ``python benchmarks/run_all.py [--quick] [--rounds 7] [--markdown docs/performance.md]``

Each row times forecastscore, the row's yardstick (the plain numpy one-liner without any
validation, or the pandas recipe a user would write) and each peer that computes the same
thing, in interleaved rounds (every contender once a round, in turn, so that a busy neighbour
slows them alike), and keeps the best round of each. The table gives ratios to the yardstick
from that one run; on a shared machine absolute times are upper bounds, the ratios are what
to read. Peers: scikit-learn, scoringrules (its default estimator and backend, and
``backend="numba"``), properscoring (with numba, as installed, and without: that column is
measured in a child process in which ``import numba`` fails) and scores (on xarray).

``--quick`` runs smaller sizes and fewer rounds (a minute or so); the full run takes a few
minutes. The rows of the track-record layer (``Ledger.score``, ``time_averaged``, the CSV
reader, ``by_forecaster`` quiet and beside a busy loop) and the import time come from
``bench_ledger.py`` and ``bench_io.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench_io  # noqa: E402
import bench_ledger  # noqa: E402

import forecastscore as fs  # noqa: E402

Fn = Callable[[], Any]


def interleaved(fns: dict[str, Fn], rounds: int) -> dict[str, float]:
    """Best wall time of each callable over ``rounds`` rounds, each round calling every
    callable once (in an order that rotates)."""
    best = dict.fromkeys(fns, math.inf)
    names = list(fns)
    for r in range(rounds):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            start = time.perf_counter()
            fns[name]()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def _peer(name: str) -> Any:
    try:
        return __import__(name)
    except ImportError:
        return None


# --- the rows -----------------------------------------------------------------------------
# Each row: (path, size text, target text, target ratio or None, yardstick name, contenders).
# The contender "fs" is forecastscore; peers are named as in the table's columns.

Row = tuple[str, str, str, "float | None", str, dict[str, Fn]]

PEERS = ("sklearn", "scoringrules", "scoringrules numba", "properscoring", "scores")


def _xr(a: Any) -> Any:
    import xarray as xr

    return xr.DataArray(a)


def binary_rows(n: int, rng: np.random.Generator) -> list[Row]:
    sk, sr, ps, sc = _peer("sklearn"), _peer("scoringrules"), _peer("properscoring"), None
    with contextlib.suppress(ImportError):
        import scores.probability as sc
    if sk is not None:
        import sklearn.metrics as skm
    p = rng.uniform(size=n)
    y = rng.uniform(size=n) < p
    yf = y.astype(np.float64)
    y64 = y.astype(np.int64)
    rows: list[Row] = []
    c: dict[str, Fn] = {
        "ref": lambda: ((p - y) ** 2).mean(),
        "fs": lambda: fs.brier_score(p, y, reduce="mean"),
    }
    if sk is not None:
        c["sklearn"] = lambda: skm.brier_score_loss(y, p)
    if sr is not None:
        c["scoringrules"] = lambda: sr.brier_score(yf, p).mean()
        c["scoringrules numba"] = lambda: sr.brier_score(yf, p, backend="numba").mean()
    if ps is not None:
        c["properscoring"] = lambda: ps.brier_score(yf, p).mean()
    if sc is not None:
        pa, ya = _xr(p), _xr(yf)
        c["scores"] = lambda: float(sc.brier_score(pa, ya))
    rows.append(("mean Brier, validated", f"{n:.0e}", "<= 0.6", 0.6, "numpy one-liner", c))
    c = {
        "ref": lambda: -np.log(np.where(y, p, 1 - p)).mean(),
        "fs": lambda: fs.log_score(p, y, reduce="mean"),
    }
    if sk is not None:
        c["sklearn"] = lambda: skm.log_loss(y, p)
    if sr is not None:
        c["scoringrules"] = lambda: sr.log_score(yf, p).mean()
        c["scoringrules numba"] = lambda: sr.log_score(yf, p, backend="numba").mean()
    rows.append(("mean log score, validated", f"{n:.0e}", "<= 0.9", 0.9, "numpy one-liner", c))
    for label, yy in (("bool", y), ("int64", y64)):
        c = {
            "ref": lambda yy=yy: (p - yy) ** 2,
            "fs": lambda yy=yy: fs.brier_score(p, yy),
        }
        if sr is not None:
            c["scoringrules"] = lambda: sr.brier_score(yf, p)
            c["scoringrules numba"] = lambda: sr.brier_score(yf, p, backend="numba")
        if ps is not None:
            c["properscoring"] = lambda: ps.brier_score(yf, p)
        rows.append((f"elementwise Brier, {label} outcomes", f"{n:.0e}", "<= 1.1", 1.1, "numpy", c))
        c = {
            "ref": lambda yy=yy: -np.log(np.where(yy, p, 1 - p)),
            "fs": lambda yy=yy: fs.log_score(p, yy),
        }
        if sr is not None:
            c["scoringrules"] = lambda: sr.log_score(yf, p)
        rows.append((f"elementwise log, {label} outcomes", f"{n:.0e}", "<= 1.1", 1.1, "numpy", c))
    return rows


def categorical_rows(n: int, rng: np.random.Generator) -> list[Row]:
    sk = _peer("sklearn")
    if sk is not None:
        import sklearn.metrics as skm
    rows: list[Row] = []
    for k in (3, 10):
        p = rng.dirichlet(np.ones(k), size=n)
        c_ = rng.integers(0, k, size=n)
        idx = np.arange(n)
        eye = np.eye(k)
        labels = np.arange(k)
        c: dict[str, Fn] = {
            "ref": lambda p=p, c_=c_, idx=idx: -np.log(p[idx, c_]),
            "fs": lambda p=p, c_=c_: fs.categorical_log_score(p, c_),
        }
        if sk is not None:
            c["sklearn"] = lambda p=p, c_=c_, labels=labels: skm.log_loss(c_, p, labels=labels)
        rows.append((f"categorical log score, K={k}", f"{n:.0e}", "<= 1.5", 1.5, "numpy", c))
        c = {
            "ref": lambda p=p, c_=c_, eye=eye: ((p - eye[c_]) ** 2).sum(axis=1),
            "fs": lambda p=p, c_=c_: fs.categorical_brier_score(p, c_),
        }
        rows.append((f"categorical Brier, K={k}", f"{n:.0e}", "<= 1.0", 1.0, "numpy", c))
    return rows


def _numpy_crps_normal(y: Any, mu: Any, sigma: Any) -> Any:
    from scipy import special

    z = (y - mu) / sigma
    pdf = np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)
    return sigma * (z * (2 * special.ndtr(z) - 1) + 2 * pdf - 1 / np.sqrt(np.pi))


def _numpy_crps_ensemble(x: Any, y: Any) -> Any:
    m = x.shape[-1]
    xs = np.sort(x, axis=-1)
    w = 2 * np.arange(1, m + 1) - m - 1
    return np.abs(x - y[:, None]).mean(axis=-1) - xs @ w / m**2


def crps_rows(sizes: list[int], ensembles: list[tuple[int, int]], rng: Any) -> list[Row]:
    sr, ps = _peer("scoringrules"), _peer("properscoring")
    crps_normal = getattr(fs.rules, "crps_normal", None)
    rows: list[Row] = []
    targets = {10**4: ("<= 2", 2.0)}
    for n in sizes:
        y, mu = rng.normal(size=n), rng.normal(size=n)
        sigma = rng.uniform(0.5, 2.0, size=n)
        c: dict[str, Fn] = {"ref": lambda y=y, mu=mu, s=sigma: _numpy_crps_normal(y, mu, s)}
        if crps_normal is not None:
            c["fs"] = lambda y=y, mu=mu, s=sigma: crps_normal(mu, s, y)
        else:
            from scipy import stats

            c["fs"] = lambda y=y, mu=mu, s=sigma: fs.crps(stats.norm(mu, s), y)
        if sr is not None:
            c["scoringrules"] = lambda y=y, mu=mu, s=sigma: sr.crps_normal(y, mu, s)
            c["scoringrules numba"] = lambda y=y, mu=mu, s=sigma: sr.crps_normal(
                y, mu, s, backend="numba"
            )
        if ps is not None:
            c["properscoring"] = lambda y=y, mu=mu, s=sigma: ps.crps_gaussian(y, mu, s)
        t_text, t = targets.get(n, ("<= 1.1", 1.1))
        rows.append(("CRPS of a normal", f"{n:.0e}", t_text, t, "numpy closed form", c))
    for n, m in ensembles:
        x, y = rng.normal(size=(n, m)), rng.normal(size=n)
        c = {
            "ref": lambda x=x, y=y: _numpy_crps_ensemble(x, y),
            "fs": lambda x=x, y=y: fs.crps_ensemble(x, y),
        }
        with contextlib.suppress(Exception):
            fs.crps_ensemble(x[:2], y[:2], engine="numba")
            c["fs numba"] = lambda x=x, y=y: fs.crps_ensemble(x, y, engine="numba")
        if sr is not None:
            c["scoringrules"] = lambda x=x, y=y: sr.crps_ensemble(y, x)
            c["scoringrules numba"] = lambda x=x, y=y: sr.crps_ensemble(y, x, backend="numba")
        if ps is not None:
            c["properscoring"] = lambda x=x, y=y: ps.crps_ensemble(y, x)
        rows.append(
            (
                "ensemble CRPS",
                f"{n:.0e} x {m}",
                "< properscoring (numba)",
                None,
                "numpy sort one-liner",
                c,
            )
        )
    return rows


def quantity_rows(n: int, rng: np.random.Generator) -> list[Row]:
    sk, sr = _peer("sklearn"), _peer("scoringrules")
    if sk is not None:
        import sklearn.metrics as skm
    q = rng.normal(size=n)
    y = rng.normal(size=n)
    hi = q + rng.uniform(0.5, 2.0, size=n)
    tau, alpha = 0.3, 0.2

    def pinball() -> Any:
        d = y - q
        return np.maximum(tau * d, (tau - 1) * d)

    def interval() -> Any:
        return (hi - q) + 2 / alpha * (np.maximum(q - y, 0) + np.maximum(y - hi, 0))

    c: dict[str, Fn] = {"ref": pinball, "fs": lambda: fs.quantile_score(q, y, level=tau)}
    if sr is not None:
        c["scoringrules"] = lambda: sr.quantile_score(y, q, tau)
        c["scoringrules numba"] = lambda: sr.quantile_score(y, q, tau, backend="numba")
    rows: list[Row] = [("quantile score", f"{n:.0e}", "<= 1.1", 1.1, "numpy", c)]
    c = {
        "ref": lambda: pinball().mean(),
        "fs": lambda: fs.quantile_score(q, y, level=tau, reduce="mean"),
    }
    if sk is not None:
        c["sklearn"] = lambda: skm.mean_pinball_loss(y, q, alpha=tau)
    rows.append(("mean quantile score", f"{n:.0e}", "<= 1.1", 1.1, "numpy", c))
    c = {"ref": interval, "fs": lambda: fs.interval_score(q, hi, y, alpha=alpha)}
    if sr is not None:
        c["scoringrules"] = lambda: sr.interval_score(y, q, hi, alpha)
        c["scoringrules numba"] = lambda: sr.interval_score(y, q, hi, alpha, backend="numba")
    rows.append(("interval score", f"{n:.0e}", "<= 1.1", 1.1, "numpy", c))
    return rows


# --- properscoring without numba (a child process in which numba cannot be imported) ------


def _properscoring_without_numba(
    sizes: list[int], ensembles: list[tuple[int, int]], rounds: int
) -> dict[str, float]:
    """Ratios of properscoring (numba hidden) to the numpy yardstick, keyed as the rows."""
    code = (
        "import sys, json\n"
        "sys.modules['numba'] = None  # import numba now fails: properscoring's numpy path\n"
        f"sys.path.insert(0, {HERE!r})\n"
        "import run_all\n"
        f"print(json.dumps(run_all._child({sizes!r}, {ensembles!r}, {rounds})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def _child(sizes: list[int], ensembles: list[tuple[int, int]], rounds: int) -> dict[str, float]:
    import properscoring as ps

    assert "numba" not in {m.split(".")[0] for m in sys.modules if sys.modules[m] is not None}
    rng = np.random.default_rng(0)
    out: dict[str, float] = {}
    for n in sizes:
        y, mu = rng.normal(size=n), rng.normal(size=n)
        s = rng.uniform(0.5, 2.0, size=n)
        t = interleaved(
            {
                "ref": lambda y=y, mu=mu, s=s: _numpy_crps_normal(y, mu, s),
                "ps": lambda y=y, mu=mu, s=s: ps.crps_gaussian(y, mu, s),
            },
            rounds,
        )
        out[f"CRPS of a normal|{n:.0e}"] = t["ps"] / t["ref"]
    for n, m in ensembles:
        # Without numba, properscoring forms every pair of members: n * m * m floats. Past
        # 512 MiB the row says so instead of swapping (or being killed).
        if n * m * m * 8 > 2**29:
            out[f"ensemble CRPS|{n:.0e} x {m}"] = math.inf
            continue
        x, y = rng.normal(size=(n, m)), rng.normal(size=n)
        t = interleaved(
            {
                "ref": lambda x=x, y=y: _numpy_crps_ensemble(x, y),
                "ps": lambda x=x, y=y: ps.crps_ensemble(y, x),
            },
            max(1, rounds // 2),
        )
        out[f"ensemble CRPS|{n:.0e} x {m}"] = t["ps"] / t["ref"]
    return out


# --- import time ---------------------------------------------------------------------------


def _wall(code: str, repeats: int, env: dict[str, str] | None = None) -> float:
    """Best wall time of a fresh ``python -c code`` (interpreter start included)."""
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        best = min(best, time.perf_counter() - start)
    return best


def import_rows(repeats: int) -> list[list[str]]:
    """``import forecastscore`` against ``import numpy``: fresh processes, the interpreter's
    own start (``python -c pass``) taken off, with the bytecode cache and without it (an
    empty ``PYTHONPYCACHEPREFIX``, never written to: every module compiled afresh)."""
    import tempfile

    rows = []
    with tempfile.TemporaryDirectory() as empty:
        for label, env in (
            ("with bytecode", None),
            (
                "without bytecode",
                {**os.environ, "PYTHONPYCACHEPREFIX": empty, "PYTHONDONTWRITEBYTECODE": "1"},
            ),
        ):
            codes = {
                "pass": "pass",
                "numpy": "import numpy",
                "fs": "import forecastscore",
                "fs+score": "import forecastscore; forecastscore.brier_score",
            }
            best = dict.fromkeys(codes, math.inf)
            for _ in range(repeats):  # interleaved: one of each a round
                for name, code in codes.items():
                    best[name] = min(best[name], _wall(code, 1, env))
            base = best["pass"]
            np_t = best["numpy"] - base
            # (a cost below the noise of the interpreter's start counts as none)
            own = max(best["fs"] - base, 0.0)
            ratio = own / np_t
            first = max(best["fs+score"] - base, 0.0) / np_t
            rows.append(
                [
                    f"import forecastscore ({label})",
                    "",
                    f"import numpy ({np_t * 1e3:.0f} ms)",
                    f"{ratio:.2f}x",
                    "<= 1.1",
                    "yes" if ratio <= 1.1 else "no",
                    f"{own * 1e3:.0f} ms; the rooms load on first use: "
                    f"import + first score (numpy, the scores) {first:.2f}x",
                ]
            )
    return rows


# --- the table ----------------------------------------------------------------------------


def _fmt(x: float | None) -> str:
    if x is None or not math.isfinite(x):
        return ""
    return f"{x:.2f}x" if x < 100 else f"{x:.0f}x"


def _no_numba_cell(x: float | None) -> str:
    if x is not None and math.isinf(x):
        return "(n·m² memory)"
    return _fmt(x)


COLUMNS = (
    "path",
    "size",
    "yardstick",
    "forecastscore",
    "target",
    "met",
    "sklearn",
    "scoringrules",
    "scoringrules numba",
    "properscoring (numba)",
    "properscoring (no numba)",
    "scores",
)


def run_rows(rows: list[Row], rounds: int, no_numba: dict[str, float]) -> Iterator[list[str]]:
    for path, size, target_text, target, yardstick, fns in rows:
        times = interleaved(fns, rounds)
        ref = times["ref"]
        ratio = {k: v / ref for k, v in times.items()}
        ours = ratio["fs"]
        extra = f" (numba engine {_fmt(ratio['fs numba'])})" if "fs numba" in ratio else ""
        if target is None and "properscoring" in ratio:
            best = min(ours, ratio.get("fs numba", math.inf))
            met = "yes" if best < ratio["properscoring"] else "no"
        elif target is None:
            met = ""
        else:
            met = "yes" if ours <= target else "no"
        yield [
            path,
            size,
            yardstick,
            _fmt(ours) + extra,
            target_text,
            met,
            _fmt(ratio.get("sklearn")),
            _fmt(ratio.get("scoringrules")),
            _fmt(ratio.get("scoringrules numba")),
            _fmt(ratio.get("properscoring")),
            _no_numba_cell(no_numba.get(f"{path}|{size}")),
            _fmt(ratio.get("scores")),
        ]


def machine() -> str:
    model, cores = platform.processor() or "unknown CPU", os.cpu_count()
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        text = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in text.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    versions = [f"Python {platform.python_version()}", f"numpy {np.__version__}"]
    for name in ("scipy", "pandas", "sklearn", "scoringrules", "properscoring", "scores", "numba"):
        mod = _peer(name)
        if mod is not None:
            versions.append(f"{name} {getattr(mod, '__version__', '?')}")
    return f"{model}, {cores} cores; {', '.join(versions)}"


def table(header: list[str], body: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, 3 rounds")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--markdown", default=None, help="also write the tables to this file")
    args = parser.parse_args()
    quick = args.quick
    rounds = args.rounds or (3 if quick else 7)
    big = 10**6 if quick else 10**7
    mid = 10**5 if quick else 10**6
    normal_sizes = [10**4, mid] if quick else [10**4, 10**6, 10**7]
    ensembles = [(10**4, 50), (10**3, 1000)] if quick else [(10**5, 50), (10**4, 1000)]
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    load_start = os.getloadavg()[0]
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"# forecastscore {fs.__version__}: issue 12's table ({'quick' if quick else 'full'} run)"
    )
    print(f"machine: {machine()}")
    print(f"best of {rounds} interleaved rounds; ratios to the yardstick of the same run\n")

    no_numba: dict[str, float] = {}
    if _peer("properscoring") is not None:
        no_numba = _properscoring_without_numba(normal_sizes, ensembles, rounds)

    body: list[list[str]] = []
    # Each set of rows is built when its turn comes (its arrays freed after it).
    row_sets: list[Callable[[], list[Row]]] = [
        lambda: binary_rows(big, rng)[:2],
        lambda: binary_rows(mid, rng)[2:],
        lambda: categorical_rows(mid, rng),
        lambda: crps_rows(normal_sizes, ensembles, rng),
        lambda: quantity_rows(mid, rng),
        lambda: [r for i, r in enumerate(quantity_rows(big, rng)) if i != 1],
    ]
    for make in row_sets:
        for line in run_rows(make(), rounds, no_numba):
            body.append(line)
            print(" | ".join(line), flush=True)
    scores_table = table(list(COLUMNS), body)

    print("\nTrack records, files, bootstrap, import:", flush=True)
    track = bench_ledger.issue12_rows(quick=quick, rounds=max(3, rounds // 2))
    track += bench_io.issue12_rows(quick=quick, rounds=max(3, rounds // 2))
    track += import_rows(repeats=5 if quick else 11)
    track_header = ["path", "size", "yardstick", "forecastscore", "target", "met", "notes"]
    for line in track:
        print(" | ".join(line), flush=True)
    track_table = table(track_header, track)
    elapsed = time.perf_counter() - started
    print(f"\n(the whole run took {elapsed:.0f} s)")
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write(
                render_page(
                    scores_table,
                    track_table,
                    machine(),
                    rounds,
                    quick,
                    when,
                    elapsed,
                    (load_start, os.getloadavg()[0]),
                )
            )
        print(f"written to {args.markdown}")


def render_page(
    scores: str,
    track: str,
    where: str,
    rounds: int,
    quick: bool,
    when: str,
    elapsed: float,
    load: tuple[float, float],
) -> str:
    command = "python benchmarks/run_all.py" + (" --quick" if quick else "")
    return PAGE.format(
        command=command,
        machine=where,
        rounds=rounds,
        when=when,
        elapsed=f"{elapsed:.0f}",
        scores=scores,
        track=track,
        load_start=f"{load[0]:.1f}",
        load_end=f"{load[1]:.1f}",
        load_note=(
            "above the number of cores: other work was waiting for the processors"
            if max(load) > (os.cpu_count() or 1)
            else "below the number of cores"
        ),
    )


PAGE = """# Performance

How fast forecastscore scores, next to the plain numpy one-liner (no validation at all), the
pandas recipe a user would write, and its peers: scikit-learn, scoringrules, properscoring and
scores. Every number below comes from one run of one command:

```
{command} --markdown docs/performance.md
```

Machine: {machine}. Run on {when}; the run took {elapsed} s. Load average (1 minute) at
its start {load_start}, at its end {load_end} ({load_note}).

How to read it: each row times every contender in interleaved rounds (each round calls each
once, in turn, so that a busy neighbour slows them alike) and keeps the best of {rounds}
rounds. The figures are ratios to the row's yardstick in the same run: `0.80x` is 20 %
faster than the yardstick, `2.00x` twice as slow. forecastscore validates its input (every
probability in [0, 1], outcomes 0/1, shapes; an error names the position); the one-liners
validate nothing. A blank cell is a peer that has no such function. Where the machine is
shared with other work, absolute times are upper bounds and the ratios can move by some tens
of percent between runs.

## Scores on arrays

{scores}

Peers: `sklearn` is scikit-learn (`brier_score_loss`, `log_loss`, `mean_pinball_loss`);
`scoringrules` its default backend and estimator, `scoringrules numba` with
`backend="numba"`; `properscoring (numba)` as installed (it uses numba when it can import
it), `properscoring (no numba)` measured in a child process in which `import numba` fails
(for the CRPS rows, where properscoring uses numba; without numba its ensemble CRPS forms
every pair of members, n·m² floats, so the largest ensembles are not run); `scores` on
xarray arrays (its functions reduce to the mean). `fs numba` is forecastscore's
`engine="numba"` (the optional `numba` extra).

## Track records, files, the bootstrap, import

{track}

The pandas yardsticks: `Ledger.score` against `DataFrame.merge` of the predictions with the
outcomes on the question, a hindsight mask `made_at < resolved_at`, the Brier score and the
lead time in days (string question ids, as `read_csv` gives them; the ratio to the same merge
on categorical ids is in the notes); `time_averaged` against merge, `sort_values` by question,
forecaster and time, a `groupby(...).shift(-1)` for the time each forecast stood and a
weighted `groupby` sum; the CSV reader against `pandas.read_csv` and `pandas.to_datetime` of
the times (with `format="%Y-%m-%d"` or `"ISO8601"`, whichever was faster; forecastscore's
reader also checks every field and names the line of a bad one,
and builds the ledger's id codes). `by_forecaster` is timed alone and beside a busy loop
in another process (its products run on one BLAS thread, so a busy core slows it only by
what the busy loop takes from it; on a machine already loaded by other work, as the load
average above says, both figures include that work's share: the CPU time in the notes is the
work itself, and a wall time above it is time spent waiting for a core). The import time is the
wall time of a fresh `python -c "import ..."` minus that of `python -c "pass"`, best of
several, with the bytecode cache and without it (every module compiled afresh).
"""


if __name__ == "__main__":
    main()
