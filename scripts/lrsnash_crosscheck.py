#!/usr/bin/env python3
"""Cross-check `enummixed` against lrslib's lrsnash (David Avis's reverse-search
vertex enumeration, exact arithmetic), an implementation independent of both
redline and Gambit.

Not a CI dependency. It writes random two-player games (integer payoffs 0..99,
the generator of scripts/gambit_bench.py) as .nfg fixtures into
crates/redline-equilibria/tests/fixtures/, runs `lrsnash` on them and on the
bimatrix fixtures already there, and records every extreme equilibrium
lrsnash printed in crates/redline-equilibria/tests/fixtures/lrsnash.json
({"file.nfg": [[x..., y...], ...]} with exact fractions as strings). The
Rust test tests/lrsnash.rs compares redline's enummixed with that file.

With --compare-sizes (e.g. 15,20) it also solves the benchmark's larger
random games (scripts/gambit_bench.py's generator, seed = n) with both
`redline solve --method enummixed` and lrsnash, in a temporary folder, and
prints whether the two sets of equilibria are identical; nothing is written.

Usage (from the repository root):
    apt install lrslib        # provides lrsnash (lrslib 7.1 on Debian 13)
    python3 scripts/lrsnash_crosscheck.py [--lrsnash /usr/bin/lrsnash]
    cargo build --release -p redline-cli
    python3 scripts/lrsnash_crosscheck.py --compare-sizes 15,20 [--redline target/release/redline]
"""

import argparse
import json
import math
import pathlib
import random
import re
import subprocess
import tempfile
from fractions import Fraction

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "crates" / "redline-equilibria" / "tests" / "fixtures"
RANDOM_SIZES = [8, 12]
OTHER_FIXTURES = ["random_4x4.nfg", "random_6x5.nfg", "random_degenerate_5x4.nfg"]


def write_game(path, n, seed):
    """The benchmark's generator: 2·n² payoffs 0..99 from Python's random(seed)."""
    rng = random.Random(seed)
    values = [str(rng.randint(0, 99)) for _ in range(2 * n * n)]
    body = "\n".join(" ".join(values[i : i + 20]) for i in range(0, len(values), 20))
    path.write_text(f'NFG 1 R "random {n}x{n}, seed {seed}" {{ "1" "2" }} {{ {n} {n} }}\n""\n\n{body}\n')


def bimatrix(path):
    """A and B of a two-player .nfg in the payoff-list form."""
    text = path.read_text()
    strategies = re.search(r"\}\s*\{([^}]*)\}", text)
    counts = strategies.group(1).split()
    if all(c.isdigit() for c in counts):
        m, n = int(counts[0]), int(counts[1])
        body = text[strategies.end():]
        body = re.sub(r'"[^"]*"', " ", body)
        values = [Fraction(v) for v in body.split()]
    else:
        raise SystemExit(f"{path.name}: only payoff-list .nfg files are supported")
    a = [[values[2 * (i + m * j)] for j in range(n)] for i in range(m)]
    b = [[values[2 * (i + m * j) + 1] for j in range(n)] for i in range(m)]
    return m, n, a, b


def lrsnash_equilibria(lrsnash, m, n, a, b):
    # lrsnash is given positive integers: a positive affine change of each
    # player's payoffs leaves the equilibria unchanged.
    def integral(matrix):
        scale = 1
        for row in matrix:
            for v in row:
                scale = scale * v.denominator // math.gcd(scale, v.denominator)
        low = min(min(row) for row in matrix)
        return [[str(int((v - low) * scale) + 1) for v in row] for row in matrix]

    text = f"{m} {n}\n\n" + "\n".join(" ".join(r) for r in integral(a)) + "\n\n"
    text += "\n".join(" ".join(r) for r in integral(b)) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lrs", delete=False) as f:
        f.write(text)
    out = subprocess.run([lrsnash, f.name], check=True, capture_output=True, text=True).stdout
    pathlib.Path(f.name).unlink()
    found, ys = [], []
    for line in out.splitlines():
        t = line.split()
        if not t or t[0].startswith("*"):
            continue
        # "2 y… v1" lines (player 2's strategy) precede the "1 x… v2" line they go with.
        if t[0] == "2":
            ys.append(t[1:-1])
        elif t[0] == "1":
            found.extend(t[1:-1] + y for y in ys)
            ys = []
    return sorted({tuple(str(Fraction(v)) for v in e) for e in found})


def redline_equilibria(redline, path):
    out = subprocess.run(
        [redline, "solve", str(path), "--method", "enummixed", "--format", "gambit"],
        check=True, capture_output=True, text=True,
    ).stdout
    return sorted({tuple(str(Fraction(v)) for v in line[3:].split(",")) for line in out.splitlines() if line.startswith("NE,")})


def compare(args, sizes):
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = pathlib.Path(tmp) / f"random_{n}x{n}.nfg"
            write_game(path, n, n)
            m, k, a, b = bimatrix(path)
            theirs = lrsnash_equilibria(args.lrsnash, m, k, a, b)
            ours = redline_equilibria(args.redline, path)
            verdict = "identical" if ours == theirs else "DIFFERENT"
            print(f"{n}x{n}: redline {len(ours)}, lrsnash {len(theirs)} extreme equilibria: {verdict}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lrsnash", default="lrsnash")
    parser.add_argument("--redline", default=str(ROOT / "target" / "release" / "redline"))
    parser.add_argument("--compare-sizes", default="", help="e.g. 15,20: compare on these random games only")
    args = parser.parse_args()
    if args.compare_sizes:
        compare(args, [int(v) for v in args.compare_sizes.split(",")])
        return
    version = subprocess.run([args.lrsnash, "/dev/null"], capture_output=True, text=True).stdout.splitlines()
    results = {"lrsnash": next((l for l in version if "lrslib" in l), "lrsnash")}
    names = []
    for n in RANDOM_SIZES:
        name = f"random_{n}x{n}.nfg"
        write_game(FIXTURES / name, n, n)
        names.append(name)
    names += OTHER_FIXTURES
    for name in names:
        m, n, a, b = bimatrix(FIXTURES / name)
        equilibria = lrsnash_equilibria(args.lrsnash, m, n, a, b)
        results[name] = [list(e) for e in equilibria]
        print(f"{name}: {len(equilibria)} extreme equilibria")
    # One equilibrium per line.
    lines = [f' "lrsnash": {json.dumps(results.pop("lrsnash"))}']
    for name, equilibria in results.items():
        rows = ",\n".join(f"  {json.dumps(e)}" for e in equilibria)
        lines.append(f' {json.dumps(name)}: [\n{rows}\n ]')
    (FIXTURES / "lrsnash.json").write_text("{\n" + ",\n".join(lines) + "\n}\n")


if __name__ == "__main__":
    main()
