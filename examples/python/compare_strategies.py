"""Load the flagship, compare two of Washington's strategies on the same
runs, and plot the cumulative probability of war and of public talks under
each to a PNG.

    python examples/python/compare_strategies.py [OUT.png]

(`pip install ./python matplotlib` first.)
"""

import sys

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt
import pandas as pd

import redline


def cumulative(frame: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """The outcome's cumulative probability by week, from the forecast's JSON."""
    for o in frame.attrs["json"]["outcomes"]:
        if o["id"] == outcome:
            curve = pd.DataFrame(o["cumulative"])
            curve["date"] = pd.to_datetime(curve["date"])
            return curve
    raise KeyError(outcome)


def main(out: str) -> None:
    # The scenario's own strategy (maximum pressure) and GRIT, on the same seed:
    # the same random streams, so the difference is the strategy's.
    strategies = {
        "max-pressure": redline.forecast(runs=10_000),
        "grit": redline.forecast(runs=10_000, set={"counterpart.strategy": "grit"}),
    }
    figure, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    # Okabe & Ito's colour-blind-safe blue and vermillion.
    colours = {"max-pressure": "#0072B2", "grit": "#D55E00"}
    for ax, outcome in zip(axes, ["war", "talks_public"]):
        for name, frame in strategies.items():
            curve = cumulative(frame, outcome)
            ax.plot(curve["date"], 100 * curve["p"], label=name, color=colours[name])
        ax.set_title(f"P({outcome}) by date, flagship")
        ax.set_xlabel("date")
        ax.tick_params(axis="x", labelrotation=30)
    axes[0].set_ylabel("cumulative probability (%)")
    axes[0].legend(title="Washington's strategy")
    figure.tight_layout()
    figure.savefig(out, dpi=100)
    for name, frame in strategies.items():
        war = frame.set_index("outcome").loc["war", "probability"]
        print(f"{name}: war by the horizon {100 * war:.1f}%")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "strategies.png")
