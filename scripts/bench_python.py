"""The Python package's overhead: a 100,000-run flagship forecast through
``redline.forecast`` (the command run in process, its JSON read into a
DataFrame) against the same command run by the binary, best of N each,
and the ratio. Issue 16's budget: the DataFrame adds at most 10 %.

    REDLINE_BIN=target/release/redline python scripts/bench_python.py [RUNS] [REPEATS]

(Run with the package installed: ``pip install ./python``.)
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redline


def best(f, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    binary = os.environ.get("REDLINE_BIN", "redline")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder, "f.json")
        command = [binary, "forecast", "--runs", str(runs), "--format", "json", "--out", str(out), "--quiet"]
        cli = best(lambda: subprocess.run(command, check=True), repeats)
    python = best(lambda: redline.forecast(runs=runs), repeats)
    print(f"binary  {cli:.3f} s (best of {repeats})")
    print(f"python  {python:.3f} s (best of {repeats}; DataFrame included)")
    print(f"ratio   {python / cli:.3f}")


if __name__ == "__main__":
    main()
