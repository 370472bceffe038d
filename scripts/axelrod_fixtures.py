#!/usr/bin/env python3
"""Expected fixtures for redline-games, produced by the Python `axelrod` library.

Run once (not a CI dependency):

    python3 -m venv /tmp/axl-venv && /tmp/axl-venv/bin/pip install axelrod==4.14.0
    /tmp/axl-venv/bin/python scripts/axelrod_fixtures.py

It writes, under crates/redline-games/tests/fixtures/:
- axelrod_matches.json: every ordered pair (self-pairs included) of the
  deterministic strategies, a 200-turn match each, with both action records;
- axelrod_tournament.json: a round robin of the same strategies (200 turns,
  2 repetitions, no noise): ranking, median score per turn, wins,
  cooperation rating and payoff matrix, as the library's ResultSet gives them.
"""
import json
import os
import sys

import axelrod as axl
import numpy as np

# The deterministic strategies, in its order, as the library names them.
NAMES = [
    "Cooperator", "Defector", "Tit For Tat", "Grudger", "Tit For 2 Tats",
    "Two Tits For Tat", "Win-Stay Lose-Shift", "Alternator",
    "Suspicious Tit For Tat", "Prober", "Cycler CCD", "Cycler DDC", "Bully",
    "Soft Go By Majority", "Hard Tit For Tat", "First by Davis: 10",
    "First by Downing", "First by Nydegger", "First by Shubik",
    "First by Tideman and Chieruzzi: (D, D)",
    "First by Stein and Rapoport: 0.05: (D, D)", "Anti Tit For Tat",
    "Cycler DC", "Win-Shift Lose-Stay: D",
]
CLASSES = [
    axl.Cooperator, axl.Defector, axl.TitForTat, axl.Grudger, axl.TitFor2Tats,
    axl.TwoTitsForTat, axl.WinStayLoseShift, axl.Alternator,
    axl.SuspiciousTitForTat, axl.Prober, axl.CyclerCCD, axl.CyclerDDC,
    axl.Bully, axl.GoByMajority, axl.HardTitForTat, axl.FirstByDavis,
    axl.FirstByDowning, axl.FirstByNydegger, axl.FirstByShubik,
    axl.FirstByTidemanAndChieruzzi, axl.FirstBySteinAndRapoport,
    axl.AntiTitForTat, axl.CyclerDC, axl.WinShiftLoseStay,
]
TURNS = 200


def actions(history):
    return "".join(str(a) for a in history)


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "crates", "redline-games", "tests", "fixtures")
    os.makedirs(out, exist_ok=True)
    players = [cls() for cls in CLASSES]
    for p, name in zip(players, NAMES):
        assert str(p) == name, (str(p), name)
        assert not axl.Classifiers["stochastic"](p), name
    matches = []
    for a, cls_a in zip(NAMES, CLASSES):
        for b, cls_b in zip(NAMES, CLASSES):
            match = axl.Match((cls_a(), cls_b()), turns=TURNS)
            plays = match.play()
            matches.append({
                "players": [a, b],
                "actions": [actions(x for x, _ in plays), actions(y for _, y in plays)],
                "scores": [float(x) for x in match.final_score()],
            })
    with open(os.path.join(out, "axelrod_matches.json"), "w") as f:
        json.dump({"library": "axelrod " + axl.__version__, "turns": TURNS, "matches": matches}, f, indent=0)
        f.write("\n")

    tournament = axl.Tournament([cls() for cls in CLASSES], turns=TURNS, repetitions=2, seed=1)
    results = tournament.play(processes=None, progress_bar=False)
    summary = {
        "library": "axelrod " + axl.__version__,
        "turns": TURNS,
        "repetitions": 2,
        "players": NAMES,
        "ranked_names": results.ranked_names,
        "median_score_per_turn": [float(np.nanmedian(s)) for s in results.normalised_scores],
        "wins": [[int(w) for w in ws] for ws in results.wins],
        "cooperating_rating": [float(x) for x in results.cooperating_rating],
        "payoff_matrix": [[float(x) for x in row] for row in results.payoff_matrix],
    }
    with open(os.path.join(out, "axelrod_tournament.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    print(f"{len(matches)} matches and one tournament written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
