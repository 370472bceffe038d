#!/usr/bin/env bash
# Throughput of the event reader + weekly dyad series on large GDELT 1.0
# files: the real June 2012 sample (../shared/data/events) repeated N times
# (default 100, about 620,000 rows), once as the R-exported CSV with header
# (quoted, NA) and once converted to a raw 58-column tab-separated file.
# Prints rows/s and MB/s, and the peak resident memory (to show that memory
# does not grow with the file).
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-100}"
SAMPLE=../shared/data/events/gdelt1_georgia_extract_june2012.csv
BIG="${TMPDIR:-/tmp}/redline-gdelt-x$N.csv"
RAW="${TMPDIR:-/tmp}/redline-gdelt-x$N.tsv"
if [ ! -f "$BIG" ]; then
  head -1 "$SAMPLE" > "$BIG"
  for _ in $(seq "$N"); do tail -n +2 "$SAMPLE"; done >> "$BIG"
fi
if [ ! -f "$RAW" ]; then
  python3 - "$SAMPLE" "$N" > "$RAW" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))[1:]
out = ["\t".join("" if f == "NA" else f for f in r) for r in rows]
text = "\n".join(out) + "\n"
for _ in range(int(sys.argv[2])):
    sys.stdout.write(text)
PY
fi
cargo build --release -p redline-data --example read_throughput -q
BIN=target/release/examples/read_throughput
for f in "$BIG" "$RAW"; do
  for _ in 1 2 3; do
    /usr/bin/time -f "  %e s wall, %U s user CPU, peak RSS %M kB" "$BIN" "$f"
  done
done
