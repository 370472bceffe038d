#!/usr/bin/env python3
"""Benchmark: redline's exact solvers against pygambit 16.7 on random games.

Random two-player games of 10x10, 30x30 and 100x100 (integer payoffs 0..99,
fixed seeds 10, 30, 100) are written as .nfg files to a temporary folder.
For each, it times one equilibrium by Lemke-Howson (`redline solve --method
lcp --stop-after 1` against `pygambit.nash.lcp_solve(rational=True,
stop_after=1)`) and, for the sizes given by --enummixed-sizes, all extreme
equilibria (`--method enummixed` against `enummixed_solve(rational=True)`).
It also times one equilibrium of random signalling games (n types, n
messages, n replies; n from --signalling-sizes, seed n) by Lemke on the
sequence form (`redline solve --method lcp` on the .efg against
`lcp_solve(rational=True)`, which on a tree returns one equilibrium).
Both sides compute in exact
rational arithmetic. redline's time is the wall
time of the whole process (start-up, parsing, solving, verifying, printing);
pygambit's is the solver call alone (reading the file excluded). Each figure
is the best of --repeat runs.

Usage (from the repository root; not a CI dependency):
    python3 -m venv /tmp/gambit-venv && /tmp/gambit-venv/bin/pip install pygambit==16.7
    cargo build --release -p redline-cli
    /tmp/gambit-venv/bin/python scripts/gambit_bench.py [--redline target/release/redline]
"""

import argparse
import pathlib
import random
import subprocess
import tempfile
import time

import pygambit as gbt

ROOT = pathlib.Path(__file__).resolve().parent.parent


def write_game(path, n, seed):
    rng = random.Random(seed)
    values = [str(rng.randint(0, 99)) for _ in range(2 * n * n)]
    body = "\n".join(" ".join(values[i : i + 20]) for i in range(0, len(values), 20))
    path.write_text(f'NFG 1 R "random {n}x{n}, seed {seed}" {{ "1" "2" }} {{ {n} {n} }}\n""\n\n{body}\n')


def write_signalling(path, size, seed):
    """A random signalling game: `size` types, messages and replies each."""
    rng = random.Random(seed)
    lines = [f'EFG 2 R "random signalling {size}, seed {seed}" {{ "S" "R" }}', '""', ""]
    probs = " ".join(f'"t{t}" 1/{size}' for t in range(size))
    lines.append(f'c "" 1 "nature" {{ {probs} }} 0')
    outcome = 0
    for t in range(size):
        messages = " ".join(f'"m{m}"' for m in range(size))
        lines.append(f'p "" 1 {t + 1} "type {t}" {{ {messages} }} 0')
        for m in range(size):
            replies = " ".join(f'"r{r}"' for r in range(size))
            lines.append(f'p "" 2 {m + 1} "after m{m}" {{ {replies} }} 0')
            for _ in range(size):
                outcome += 1
                lines.append(f't "" {outcome} "" {{ {rng.randint(0, 99)}, {rng.randint(0, 99)} }}')
    path.write_text("\n".join(lines) + "\n")


def best_of(repeat, fn):
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redline", default=str(ROOT / "target" / "release" / "redline"))
    parser.add_argument("--sizes", default="10,30,100")
    parser.add_argument("--enummixed-sizes", default="10")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--signalling-sizes", default="4,6")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    enum_sizes = {int(s) for s in args.enummixed_sizes.split(",") if s}
    print(f"pygambit {gbt.__version__}; redline {args.redline}")
    print(f"{'game':>9} {'method':>10} {'redline s':>10} {'pygambit s':>11} {'ratio':>7}  equilibria (redline/pygambit)")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = pathlib.Path(tmp) / f"random_{n}.nfg"
            write_game(path, n, n)
            game = gbt.read_nfg(str(path))
            methods = [("lcp", ["--stop-after", "1"], lambda: gbt.nash.lcp_solve(game, rational=True, stop_after=1))]
            if n in enum_sizes:
                methods.append(("enummixed", [], lambda: gbt.nash.enummixed_solve(game, rational=True)))
            for method, extra, solve in methods:
                command = [args.redline, "solve", str(path), "--method", method, "--format", "gambit", *extra]
                ours, out = best_of(args.repeat, lambda: subprocess.run(command, check=True, capture_output=True, text=True))
                theirs, result = best_of(args.repeat, solve)
                found = len(out.stdout.splitlines())
                print(
                    f"{n:>4}x{n:<4} {method:>10} {ours:>10.4f} {theirs:>11.4f} {theirs / ours:>6.1f}x  "
                    f"{found}/{len(result.equilibria)}"
                )
        # Extensive form: sequence-form Lemke on random signalling games.
        for size in [int(s) for s in args.signalling_sizes.split(",") if s]:
            path = pathlib.Path(tmp) / f"signalling_{size}.efg"
            write_signalling(path, size, size)
            game = gbt.read_efg(str(path))
            command = [args.redline, "solve", str(path), "--method", "lcp", "--format", "gambit"]
            ours, out = best_of(args.repeat, lambda: subprocess.run(command, check=True, capture_output=True, text=True))
            theirs, result = best_of(args.repeat, lambda: gbt.nash.lcp_solve(game, rational=True))
            found = len(out.stdout.splitlines())
            label = f"sig{size}"
            print(
                f"{label:>9} {'lcp (seq)':>10} {ours:>10.4f} {theirs:>11.4f} {theirs / ours:>6.1f}x  "
                f"{found}/{len(result.equilibria)}"
            )


if __name__ == "__main__":
    main()
