#!/usr/bin/env python3
"""Cross-check redline-equilibria against pygambit 16.7 (Gambit's Python API).

Not a CI dependency. It writes the games it needs (random bimatrix games with
fixed seeds, a random 3-player game, the deniability game at three blame
shares via the `redline` binary) into crates/redline-equilibria/tests/fixtures/,
solves every fixture game with pygambit's enumpure, enummixed and lcp (exact
rationals) and with logit (floating point: on .nfg files the strategic-form QRE, on .efg
files the agent QRE in behaviour strategies, `use_strategic=False`, with its branch at a few
values of λ), and records what pygambit printed in
crates/redline-equilibria/tests/fixtures/pygambit.json. The Rust test
tests/pygambit.rs compares redline's answers with that file.

Usage (from the repository root):
    python3 -m venv /tmp/gambit-venv && /tmp/gambit-venv/bin/pip install pygambit==16.7
    cargo build -p redline-cli
    /tmp/gambit-venv/bin/python scripts/gambit_crosscheck.py [--redline target/debug/redline]
"""

import argparse
import json
import pathlib
import random
import subprocess

import pygambit as gbt

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "crates" / "redline-equilibria" / "tests" / "fixtures"


def write_random_nfg(path, title, shape, seed, low, high):
    """A random game in payoff-list form, first player's strategy fastest."""
    rng = random.Random(seed)
    players = " ".join(f'"Player {i + 1}"' for i in range(len(shape)))
    count = 1
    for k in shape:
        count *= k
    values = [str(rng.randint(low, high)) for _ in range(count * len(shape))]
    body = "\n".join(" ".join(values[i : i + 12]) for i in range(0, len(values), 12))
    shape_text = " ".join(str(k) for k in shape)
    path.write_text(f'NFG 1 R "{title}" {{ {players} }} {{ {shape_text} }}\n""\n\n{body}\n')


def mixed(game, profile):
    return [[str(profile[s]) for s in p.strategies] for p in game.players]


def behaviour(game, profile):
    return [[str(profile[a]) for h in p.infosets for a in h.actions] for p in game.players]


def behaviour_float(game, profile):
    return [[float(profile[a]) for h in p.infosets for a in h.actions] for p in game.players]


def split_flat(game, values):
    """A flat behaviour profile (players, their information sets, actions) per player."""
    out, start = [], 0
    for p in game.players:
        count = sum(len(h.actions) for h in p.infosets)
        out.append([float(v) for v in values[start : start + count]])
        start += count
    return out


# Values of λ at which the agent QRE branch is recorded (checks the equations, not only the limit).
LOGIT_LAMBDAS = [0.5, 2.0, 10.0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redline", default=str(ROOT / "target" / "debug" / "redline"))
    args = parser.parse_args()

    write_random_nfg(FIXTURES / "random_4x4.nfg", "random 4x4, seed 1", [4, 4], 1, -9, 9)
    write_random_nfg(FIXTURES / "random_6x5.nfg", "random 6x5, seed 2", [6, 5], 2, -20, 20)
    # Payoffs in {0, 1, 2}: ties everywhere, so the game is degenerate.
    write_random_nfg(FIXTURES / "random_degenerate_5x4.nfg", "random 5x4 in {0,1,2}, seed 3", [5, 4], 3, 0, 2)
    write_random_nfg(FIXTURES / "random_3player.nfg", "random 2x3x2, seed 4", [2, 3, 2], 4, 0, 5)
    for name, share in [("deniability_b0.efg", "0"), ("deniability_b1-2.efg", "1/2"), ("deniability_b1.efg", "1")]:
        subprocess.run(
            [args.redline, "game", "deniability", "--blame-share", share, "--out", str(FIXTURES / name)],
            check=True,
        )

    results = {"pygambit": gbt.__version__, "games": {}}
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix not in (".nfg", ".efg"):
            continue
        game = gbt.read_efg(str(path)) if path.suffix == ".efg" else gbt.read_nfg(str(path))
        entry = {
            "strategies": [[s.label for s in p.strategies] for p in game.players],
            "enumpure": [mixed(game, e) for e in gbt.nash.enumpure_solve(game).equilibria],
        }
        if path.suffix == ".nfg":
            # The limiting equilibrium of the logit branch (floating point).
            logit = gbt.nash.logit_solve(game).equilibria
            entry["logit"] = [[[float(e[s]) for s in p.strategies] for p in game.players] for e in logit]
        else:
            # The agent QRE (behaviour strategies): its limiting equilibrium, and
            # the branch at LOGIT_LAMBDAS (pygambit lands within about 1e-8 of each λ
            # and records the λ it reached).
            logit = gbt.nash.logit_solve(game, use_strategic=False).equilibria
            entry["logit_behaviour"] = [behaviour_float(game, e) for e in logit]
            points = gbt.qre.logit_solve_lambda(game, LOGIT_LAMBDAS, use_strategic=False)
            entry["logit_behaviour_lambda"] = [
                {"lambda": q.lam, "profile": split_flat(game, [q[i] for i in range(len(q))])} for q in points
            ]
        if len(game.players) == 2:
            entry["enummixed"] = [mixed(game, e) for e in gbt.nash.enummixed_solve(game, rational=True).equilibria]
            lcp = gbt.nash.lcp_solve(game, rational=True).equilibria
            if path.suffix == ".efg":
                entry["lcp_behaviour"] = [behaviour(game, e) for e in lcp]
            else:
                entry["lcp"] = [mixed(game, e) for e in lcp]
        results["games"][path.name] = entry
        print(path.name, {k: len(v) for k, v in entry.items() if k != "strategies"})
    out = FIXTURES / "pygambit.json"
    out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print("wrote", out.relative_to(ROOT))


if __name__ == "__main__":
    main()
