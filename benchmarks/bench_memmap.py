"""Peak memory of a mean score over forecasts in a memory-mapped file (issue 12, item 7).

Run: python benchmarks/bench_memmap.py [--n 100000000] [--dir /tmp]

Writes ``n`` float64 forecasts and ``n`` uint8 outcomes to two raw files (9 bytes per
forecast: 900 MB for 10**8), then, each in a fresh process, scores them with
``fs.brier_score(p, y, reduce="mean")`` and ``fs.log_score(..., reduce="mean")`` read through
``numpy.memmap``, and for comparison the numpy one-liner ``((p - y) ** 2).mean()``.

Two peaks are reported per run:

- ``heap``: the peak of memory allocated by numpy and Python during the call
  (``tracemalloc``, which numpy reports its buffers to): what the computation itself needs;
- ``anon``: the peak growth of the process's anonymous resident memory (``RssAnon`` in
  ``/proc/self/status``, sampled every millisecond by a thread), which leaves out the pages
  of the mapped file itself. Those file pages are page cache: the kernel reclaims them
  under pressure, so they are not the job's memory (they count in ``ru_maxrss``, which is
  printed too, and is about the size of the files read).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import numpy as np


def write_files(n: int, where: str) -> tuple[str, str]:
    p_path = os.path.join(where, f"fs_bench_p_{n}.f64")
    y_path = os.path.join(where, f"fs_bench_y_{n}.u8")
    if os.path.exists(p_path) and os.path.getsize(p_path) == 8 * n:
        return p_path, y_path
    rng = np.random.default_rng(0)
    chunk = 10**7
    with open(p_path, "wb") as fp, open(y_path, "wb") as fy:
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            p = rng.uniform(size=m)
            fp.write(p.tobytes())
            fy.write((rng.uniform(size=m) < p).astype(np.uint8).tobytes())
    return p_path, y_path


CHILD = r"""
import resource, sys, threading, time, tracemalloc
import numpy as np
import forecastscore as fs

p_path, y_path, n, what = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

def rss_anon():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    return 0

p = np.memmap(p_path, dtype=np.float64, mode="r", shape=(n,))
y = np.memmap(y_path, dtype=np.uint8, mode="r", shape=(n,))
calls = {
    "brier": lambda: fs.brier_score(p, y, reduce="mean"),
    "log": lambda: fs.log_score(p, y, reduce="mean"),
    "numpy": lambda: ((p - y) ** 2).mean(),
}
base = rss_anon()
peak = [base]
done = threading.Event()

def sample():
    while not done.is_set():
        peak[0] = max(peak[0], rss_anon())
        time.sleep(0.001)

t = threading.Thread(target=sample)
t.start()
tracemalloc.start()
start = time.perf_counter()
value = calls[what]()
seconds = time.perf_counter() - start
_, heap = tracemalloc.get_traced_memory()
tracemalloc.stop()
done.set()
t.join()
peak[0] = max(peak[0], rss_anon())
maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(f"{what:<6} value={float(value):.12f} time={seconds:.2f}s heap={heap / 2**20:.1f}MiB "
      f"anon={(peak[0] - base) / 2**20:.1f}MiB maxrss={maxrss / 2**20:.0f}MiB")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10**8)
    parser.add_argument("--dir", default="/tmp")
    parser.add_argument("--keep", action="store_true", help="keep the files afterwards")
    args = parser.parse_args()
    start = time.perf_counter()
    p_path, y_path = write_files(args.n, args.dir)
    print(f"n = {args.n:.0e}: files written in {time.perf_counter() - start:.1f}s")
    from forecastscore.rules import _reduce

    print(f"block = {_reduce.BLOCK} values ({_reduce.BLOCK * 8 / 2**20:.2f} MiB of float64)")
    try:
        for what in ("brier", "log", "numpy"):
            subprocess.run(
                [sys.executable, "-c", CHILD, p_path, y_path, str(args.n), what], check=True
            )
    finally:
        if not args.keep:
            os.remove(p_path)
            os.remove(y_path)


if __name__ == "__main__":
    main()
