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
Both sides compute in exact rational arithmetic. Three times are printed
for each row, each the best of --repeat runs:
- redline's solver alone, in process (the file already parsed), by the
  example `time_solvers` (crates/redline-equilibria/examples/) — comparable
  with pygambit's figure;
- the whole `redline solve` process (start-up, parsing, solving,
  verifying, printing), for what a user waits;
- pygambit's solver call alone (file already read), run in a child Python
  process so that --timeout can stop it; after a timeout, the best of the
  runs that finished, or "timeout" if none did; once a size times out,
  larger sizes of the same method are not attempted with pygambit;
- for enummixed, lrslib's `lrsnash` (Avis's reverse-search vertex
  enumeration with hybrid 64-bit/GMP arithmetic, the fastest exact tool we
  know; `apt install lrslib`), whole process, when it is on the PATH.
  (pygambit 16.7's own `enummixed_solve(lrsnash_path=…)` fails with a
  TypeError, so lrsnash is run directly on the same game.)

Usage (from the repository root; not a CI dependency):
    python3 -m venv /tmp/gambit-venv && /tmp/gambit-venv/bin/pip install pygambit==16.7
    cargo build --release -p redline-cli
    cargo build --release -p redline-equilibria --example time_solvers
    /tmp/gambit-venv/bin/python scripts/gambit_bench.py [--redline target/release/redline]
"""

import argparse
import os
import pathlib
import random
import shutil
import subprocess
import sys
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


GAMBIT_CHILD = """
import sys, time, pygambit as gbt
path, method, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
game = gbt.read_efg(path) if path.endswith(".efg") else gbt.read_nfg(path)
solve = {
    "lcp1": lambda: gbt.nash.lcp_solve(game, rational=True, stop_after=1),
    "enummixed": lambda: gbt.nash.enummixed_solve(game, rational=True),
    "lcp-seq": lambda: gbt.nash.lcp_solve(game, rational=True),
}[method]
for _ in range(repeat):
    start = time.perf_counter()
    result = solve()
    print(time.perf_counter() - start, len(result.equilibria), flush=True)
"""


def gambit_time(path, method, repeat, timeout):
    """pygambit's best solver time and equilibrium count over the runs that
    finished within `timeout` s in all, or (None, None) if none did."""
    command = [sys.executable, "-c", GAMBIT_CHILD, str(path), method, str(repeat)]
    try:
        out = subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout).stdout
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout or ""
        out = out.decode() if isinstance(out, bytes) else out
    runs = [line.split() for line in out.splitlines() if line.strip()]
    if not runs:
        return None, None
    return min(float(r[0]) for r in runs), int(runs[-1][1])


def redline_solver_time(timer, path, method, repeat, timeout):
    """redline's best in-process solver time and equilibrium count, or (None, None) after `timeout` s."""
    try:
        out = subprocess.run(
            [timer, method, str(path)], check=True, capture_output=True, text=True,
            timeout=timeout, env={**os.environ, "REPEAT": str(repeat)},
        )
    except subprocess.TimeoutExpired:
        return None, None
    _, seconds, found = out.stdout.split()
    return float(seconds), int(found)


def redline_process_time(command, repeat, timeout):
    def run():
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout)
    try:
        seconds, _ = best_of(repeat, run)
    except subprocess.TimeoutExpired:
        return None
    return seconds


def show(seconds):
    return f"{seconds:.4f}" if seconds is not None else "timeout"


def write_lrs(nfg_path, lrs_path):
    """The .nfg payoff list (player 1 fastest) as lrsnash's input: m n, A, B."""
    text = nfg_path.read_text()
    head, body = text.split('\n""\n', 1)
    m, n = (int(v) for v in head[head.rindex("{") + 1 : head.rindex("}")].split())
    values = body.split()
    a = [[values[2 * (i + m * j)] for j in range(n)] for i in range(m)]
    b = [[values[2 * (i + m * j) + 1] for j in range(n)] for i in range(m)]
    rows = [f"{m} {n}", ""] + [" ".join(r) for r in a] + [""] + [" ".join(r) for r in b]
    lrs_path.write_text("\n".join(rows) + "\n")


def lrsnash_time(lrsnash, nfg_path, repeat, timeout):
    """lrsnash's best wall time (whole process) and equilibrium count, or (None, None)."""
    lrs_path = nfg_path.with_suffix(".lrs")
    write_lrs(nfg_path, lrs_path)
    best, found = None, None
    deadline = time.perf_counter() + timeout
    for _ in range(repeat):
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        start = time.perf_counter()
        try:
            out = subprocess.run([lrsnash, str(lrs_path)], check=True, capture_output=True, text=True, timeout=left).stdout
        except subprocess.TimeoutExpired:
            break
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
        found = next(int(line.split(":")[1]) for line in out.splitlines() if "Number of equilibria" in line)
    return best, found


def ratio(theirs, ours):
    return f"{theirs / ours:.1f}x" if ours and theirs else "-"


def count(found):
    return "-" if found is None else str(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redline", default=str(ROOT / "target" / "release" / "redline"))
    parser.add_argument("--timer", default=str(ROOT / "target" / "release" / "examples" / "time_solvers"))
    parser.add_argument("--lrsnash", default=shutil.which("lrsnash"), help="lrslib's lrsnash (apt install lrslib), if any")
    parser.add_argument("--sizes", default="10,30,100")
    parser.add_argument("--enummixed-sizes", default="10,15,20")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--enummixed-repeat", type=int, default=1, help="runs of enummixed at 20x20 and above")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per timed command")
    parser.add_argument("--signalling-sizes", default="4,6")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    enum_sizes = [int(s) for s in args.enummixed_sizes.split(",") if s]
    print(f"pygambit {gbt.__version__}; lrsnash {args.lrsnash or 'not found'}; redline {args.redline}")
    print(f"best of {args.repeat} runs ({args.enummixed_repeat} for enummixed from 20x20); timeout {args.timeout:.0f} s per command")
    print(
        f"{'game':>10} {'method':>10} {'redline s':>10} {'process s':>10} {'pygambit s':>11} {'ratio':>7}"
        f" {'lrsnash s':>10} {'ratio':>7}  equilibria (redline/pygambit/lrsnash)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for n in sorted(set(sizes) | set(enum_sizes)):
            path = pathlib.Path(tmp) / f"random_{n}.nfg"
            write_game(path, n, n)
            if n in sizes:
                jobs.append((f"{n}x{n}", "lcp1", "lcp", path, ["--method", "lcp", "--stop-after", "1"]))
            if n in enum_sizes:
                jobs.append((f"{n}x{n}", "enummixed", "enummixed", path, ["--method", "enummixed"]))
        for size in [int(s) for s in args.signalling_sizes.split(",") if s]:
            path = pathlib.Path(tmp) / f"signalling_{size}.efg"
            write_signalling(path, size, size)
            jobs.append((f"sig{size}", "lcp-seq", "lcp (seq)", path, ["--method", "lcp"]))
        gambit_gave_up = set()
        for label, method, name, path, flags in jobs:
            big = method == "enummixed" and "x" in label and int(label.split("x")[0]) >= 20
            repeat = args.enummixed_repeat if big else args.repeat
            command = [args.redline, "solve", str(path), *flags, "--format", "gambit"]
            solver, ours = redline_solver_time(args.timer, path, method, repeat, args.timeout)
            process = redline_process_time(command, repeat, args.timeout) if solver is not None else None
            skipped = method in gambit_gave_up  # a smaller game already timed out
            if skipped:
                gambit, theirs = None, None
            else:
                gambit, theirs = gambit_time(path, method, repeat, args.timeout)
                if gambit is None:
                    gambit_gave_up.add(method)
            lrs, lrs_found = (None, None)
            if method == "enummixed" and args.lrsnash:
                lrs, lrs_found = lrsnash_time(args.lrsnash, path, repeat, args.timeout)
            print(
                f"{label:>10} {name:>10} {show(solver):>10} {show(process):>10} {'skipped' if skipped else show(gambit):>11} {ratio(gambit, solver):>7}"
                f" {show(lrs) if method == 'enummixed' else '-':>10} {ratio(lrs, solver):>7}"
                f"  {count(ours)}/{count(theirs)}/{count(lrs_found) if method == 'enummixed' else '-'}",
                flush=True,
            )


if __name__ == "__main__":
    main()
