#!/usr/bin/env bash
# Benchmark: the issue's 21 deterministic strategies, 200 turns, 50 repetitions,
# results computed, in redline and in the Python axelrod library (4.14) run
# serially (processes=None) on the same machine. Prints both times and the ratio.
#
#   scripts/bench-vs-axelrod.sh            # builds redline in release mode first
#   REDLINE_BIN=target/release/redline scripts/bench-vs-axelrod.sh
#   THREADS=1 scripts/bench-vs-axelrod.sh  # redline on one thread as well
#
# The library is installed in a virtual environment (AXL_VENV, default
# /tmp/axl-venv) the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${AXL_VENV:-/tmp/axl-venv}"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import axelrod" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "axelrod==4.14.0"
fi

BIN="${REDLINE_BIN:-}"
if [ -z "$BIN" ]; then
    cargo build --release --quiet -p redline-cli
    BIN=target/release/redline
fi

STRATEGIES="Cooperator,Defector,Tit For Tat,Grudger,Tit For 2 Tats,Two Tits For Tat,Win-Stay Lose-Shift,Alternator,Suspicious Tit For Tat,Prober,Cycler CCD,Cycler DDC,Bully,Soft Go By Majority,Hard Tit For Tat,First by Davis: 10,First by Downing,First by Nydegger,First by Shubik,First by Tideman and Chieruzzi: (D, D),First by Stein and Rapoport: 0.05: (D, D)"
THREAD_ARGS=()
if [ -n "${THREADS:-}" ]; then THREAD_ARGS=(--threads "$THREADS"); fi

"$VENV/bin/python" - "$BIN" "$STRATEGIES" "${THREAD_ARGS[@]}" <<'PY'
import statistics, subprocess, sys, time
import axelrod as axl

binary, strategies, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
players = [
    axl.Cooperator(), axl.Defector(), axl.TitForTat(), axl.Grudger(), axl.TitFor2Tats(),
    axl.TwoTitsForTat(), axl.WinStayLoseShift(), axl.Alternator(), axl.SuspiciousTitForTat(),
    axl.Prober(), axl.CyclerCCD(), axl.CyclerDDC(), axl.Bully(), axl.GoByMajority(),
    axl.HardTitForTat(), axl.FirstByDavis(), axl.FirstByDowning(), axl.FirstByNydegger(),
    axl.FirstByShubik(), axl.FirstByTidemanAndChieruzzi(), axl.FirstBySteinAndRapoport(),
]
names = [str(p) for p in players]
assert len(names) == 21

command = [binary, "tournament", "--strategies", strategies, "--turns", "200",
           "--repetitions", "50", "--format", "json", *extra]
redline_times = []
for _ in range(5):
    start = time.perf_counter()
    # /dev/null for writing: redline takes subprocess.DEVNULL (read and write,
    # as a closed standard output becomes) for a closed output, an error.
    with open("/dev/null", "w") as null:
        subprocess.run(command, check=True, stdout=null)
    redline_times.append(time.perf_counter() - start)
redline = statistics.median(redline_times)

start = time.perf_counter()
tournament = axl.Tournament(players, turns=200, repetitions=50, seed=1)
results = tournament.play(processes=None, progress_bar=False)
ranked = results.ranked_names
python = time.perf_counter() - start

import json
ours = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
print(f"same ranking as the library: {ours['ranking'] == list(ranked)}")
print(f"axelrod {axl.__version__} (serial): {python:.2f} s")
print(f"redline (median of 5 runs, whole process{', ' + ' '.join(extra) if extra else ''}): {redline:.4f} s")
print(f"ratio: {python / redline:.0f}x")
PY
