#!/usr/bin/env bash
# Times `redline forecast` on the flagship at several ensemble sizes and prints
# wall time, run-weeks per second and peak memory. Usage: scripts/bench-forecast.sh [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
cargo build --release -q -p redline-cli
bin=target/release/redline
printf '%10s %8s %10s %16s %12s\n' runs threads wall_s run_weeks_per_s peak_rss_MB
for runs in 10000 100000 1000000; do
  out=$( { /usr/bin/time -f '%e %M' "$bin" forecast --runs "$runs" --threads "$threads" >/dev/null; } 2>&1 )
  read -r wall rss <<<"$out"
  awk -v r="$runs" -v t="$threads" -v w="$wall" -v m="$rss" \
    'BEGIN { printf "%10d %8d %10.2f %16.0f %12.1f\n", r, t, w, r * 52 / w, m / 1024 }'
done
