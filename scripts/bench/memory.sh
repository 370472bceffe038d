#!/usr/bin/env bash
# Peak memory of the release binary as each size grows (docs/PERFORMANCE.md,
# "Memory"): forecast runs, forecast horizon, event rows, and the size of the
# `events` output. Each line is one `/usr/bin/time -f` of one command.
#
#   scripts/bench/memory.sh [BINARY] [part...]
#
# BINARY defaults to target/release/redline (built first); parts default to
# all of: runs horizon rows output. Event files are generated once under
# ${TMPDIR:-/tmp} by scripts/bench/make_span_events.py (fixed seed).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-}"
if [ -z "$bin" ]; then
  cargo build --release -q -p redline-cli
  bin="${CARGO_TARGET_DIR:-target}/release/redline"
fi
shift || true
parts=("${@:-runs horizon rows output}")
parts=(${parts[*]})
tmp="${TMPDIR:-/tmp}"
measure() {
  local label="$1"; shift
  /usr/bin/time -f "$label: %e s wall, %U s user, peak RSS %M kB" "$@" >/dev/null
}
events() { # ROWS DYADS YEARS: the generated file's path
  local f="$tmp/redline-span-$1-$2-$3.tsv"
  [ -f "$f" ] || python3 scripts/bench/make_span_events.py "$1" "$2" "$3" > "$f"
  echo "$f"
}
echo "# $bin, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for part in "${parts[@]}"; do
  case "$part" in
    runs)
      for runs in 10000 100000 1000000; do
        measure "forecast --runs $runs --threads 2" "$bin" forecast --runs "$runs" --threads 2
      done ;;
    horizon)
      for end in 2026-02-07 2030-02-07 2045-02-07; do
        measure "forecast --runs 100000 --set scenario.horizon=$end" \
          "$bin" forecast --runs 100000 --threads 2 --set "scenario.horizon=$end"
      done ;;
    rows)
      # 200 dyads over 20 years by week: 209,000 cells, whatever the rows.
      for rows in 100000 1000000 4000000; do
        f=$(events "$rows" 200 20)
        measure "events ($rows rows) --period week --format json" \
          "$bin" events "$f" --period week --format json
      done ;;
    output)
      # 20,000 rows over 200 dyads by day: the output grows with the years.
      for years in 1 5 20; do
        f=$(events 20000 200 "$years")
        for format in json csv; do
          measure "events (20000 rows, $years years) --period day --format $format" \
            "$bin" events "$f" --period day --format "$format"
        done
        ls -l "$f" | awk '{ printf "  (input %s bytes)\n", $5 }'
      done
      f=$(events 1000000 200 20)
      measure "events (1000000 rows, 20 years) --period day --format json" \
        "$bin" events "$f" --period day --format json
      measure "events (1000000 rows, 20 years) --period day --format json --out" \
        "$bin" events "$f" --period day --format json --out "$tmp/redline-events-day.json"
      ls -l "$tmp/redline-events-day.json" | awk '{ printf "  (output %s bytes)\n", $5 }'
      rm -f "$tmp/redline-events-day.json" ;;
    *) echo "unknown part $part (runs, horizon, rows, output)" >&2; exit 2 ;;
  esac
done
