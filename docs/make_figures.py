"""Docs build step: draw the figures of docs/calibration.md into docs/figures/ (PNG).

Run ``python docs/make_figures.py [OUTDIR]``. The data are simulated with a fixed seed, so the
figures are the same on every run; ``tests/test_plot.py`` runs :func:`main` into a temporary
directory and checks that each file is produced, has the size in :data:`FIGURES` and is not
blank.
"""

from __future__ import annotations

import pathlib
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import ndtr

import forecastscore as fs
from forecastscore import plot

#: File name -> (width, height) in pixels.
FIGURES = {
    "reliability.png": (600, 520),
    "reliability_corp.png": (600, 520),
    "track_record.png": (1000, 400),
}
DPI = 100
HERE = pathlib.Path(__file__).resolve().parent


def pundit(n: int = 400, seed: int = 2022) -> dict[str, np.ndarray]:
    """A simulated overconfident pundit: claims, outcomes, dates and lead times.

    Each event happens when a latent state ``z`` plus the shocks still to come before the
    resolution ends above 0; the shocks grow with the lead time, so the calibrated forecast
    is ``Phi(z / (0.15 sqrt(lead)))``. The pundit knows ``z`` but says
    ``Phi(1.6 z / (0.15 sqrt(lead)))``: too sure of themselves (overconfidence), in whole
    percentages between 1% and 99%.
    """
    rng = np.random.default_rng(seed)
    lead = rng.uniform(1, 365, size=n).round()
    z = rng.normal(0, 1.5, size=n)
    spread = 0.15 * np.sqrt(lead)
    outcome = z + rng.normal(0, spread) > 0
    p = np.clip(ndtr(1.6 * z / spread).round(2), 0.01, 0.99)
    start = np.datetime64("2021-01-01")
    made_at = start + rng.integers(0, 730, size=n).astype("timedelta64[D]")
    return {"forecast": p, "outcome": outcome, "made_at": made_at, "lead_time": lead}


def main(outdir: str | pathlib.Path | None = None) -> list[pathlib.Path]:
    """Write every figure into ``outdir`` (default ``docs/figures``); return the paths."""
    out = pathlib.Path(outdir) if outdir is not None else HERE / "figures"
    out.mkdir(parents=True, exist_ok=True)
    data = pundit()
    written = []

    def save(fig: plt.Figure, name: str) -> None:
        w, h = FIGURES[name]
        fig.set_size_inches(w / DPI, h / DPI)
        path = out / name
        fig.savefig(path, dpi=DPI)
        plt.close(fig)
        written.append(path)

    fig, ax = plt.subplots(layout="constrained")
    plot.reliability_diagram(data["forecast"], data["outcome"], bins=10, ax=ax)
    ax.set_title("An overconfident pundit: 400 claims, 10 bins")
    save(fig, "reliability.png")

    fig, ax = plt.subplots(layout="constrained")
    plot.reliability_diagram(data["forecast"], data["outcome"], bins="isotonic", ax=ax)
    ax.set_title("The same claims, CORP (isotonic) bins")
    save(fig, "reliability_corp.png")

    scores = fs.brier_score(data["forecast"], data["outcome"])
    fig, (left, right) = plt.subplots(1, 2, layout="constrained")
    plot.track_record(data["made_at"], scores, lead_time=data["lead_time"], ax=left)
    left.set_title("Brier score of each claim, when it was made")
    plot.score_by_lead_time(data["lead_time"], scores, ax=right)
    right.set_title("Score against lead time")
    save(fig, "track_record.png")
    return written


if __name__ == "__main__":
    for p in main(sys.argv[1] if len(sys.argv) > 1 else None):
        print(p)
