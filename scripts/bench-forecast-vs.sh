#!/usr/bin/env bash
# Times `redline forecast` of this checkout against the same command built from
# another revision, side by side (alternating runs, so both see the same load),
# and prints the median wall times and their ratio.
# Usage: scripts/bench-forecast-vs.sh REV [RUNS] [REPEATS] [EXTRA ARGS...]
#   e.g. scripts/bench-forecast-vs.sh 11bf448 100000 5
#        scripts/bench-forecast-vs.sh 11bf448 20000 5 --compare grit,tit-for-tat
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:?revision to compare with}"
runs="${2:-100000}"
repeats="${3:-5}"
shift $(( $# < 3 ? $# : 3 ))
old_tree="$(mktemp -d)"
trap 'git worktree remove --force "$old_tree" >/dev/null 2>&1 || true' EXIT
git worktree add -q --detach "$old_tree" "$rev"
echo "building $rev and this checkout (release)…" >&2
CARGO_TARGET_DIR="${OLD_TARGET_DIR:-target/bench-old}" cargo build --release -q \
  --manifest-path "$old_tree/Cargo.toml" -p redline-cli
old_bin="${OLD_TARGET_DIR:-target/bench-old}/release/redline"
cargo build --release -q -p redline-cli
new_bin=target/release/redline
time_one() { /usr/bin/time -f '%e' "$@" >/dev/null 2>/tmp/bench-forecast-vs.$$ && tail -n1 /tmp/bench-forecast-vs.$$; }
old_times=(); new_times=()
for _ in $(seq "$repeats"); do
  old_times+=("$(time_one "$old_bin" forecast --runs "$runs" "$@")")
  new_times+=("$(time_one "$new_bin" forecast --runs "$runs" "$@")")
done
rm -f /tmp/bench-forecast-vs.$$
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
old_m=$(median "${old_times[@]}"); new_m=$(median "${new_times[@]}")
echo "forecast --runs $runs $*  ($repeats alternating runs each, load $(cut -d' ' -f1 /proc/loadavg))"
printf '%-12s median %6.2f s  (%s)\n' "$rev" "$old_m" "${old_times[*]}"
printf '%-12s median %6.2f s  (%s)\n' "this" "$new_m" "${new_times[*]}"
awk -v o="$old_m" -v n="$new_m" 'BEGIN { printf "ratio this/%s: %.3f\n", "'"$rev"'", n / o }'
