#!/usr/bin/env bash
# How a sweep's time scales with shards on a Slurm cluster: the same Sobol
# sweep (or, with --tournament, a tournament of every strategy with noise,
# 1,000 turns and 100 repetitions, replayed under 40 seeds) submitted as job
# arrays of 1, 2 and 4 shards (one CPU each), timed from `--submit` to the merged result, each merged result
# compared with the first. Needs SLURM_CONF naming a running cluster
# (scripts/slurm_cluster.sh start) and a built binary (REDLINE_BIN, default
# target/release/redline).
#
#   scripts/slurm_scaling.sh [--tournament] [SHARDS...]        # default: 1 2 4
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${REDLINE_BIN:-$PWD/target/release/redline}"
: "${SLURM_CONF:?set SLURM_CONF (scripts/slurm_cluster.sh start prints it)}"
work="$(mktemp -d /tmp/redline-scaling.XXXXXX)"
sweep=(sensitivity --method sobol --samples 8 --runs 500 --outcome war --format json)
if [ "${1:-}" = --tournament ]; then
    sweep=(tournament --all --noise 0.01 --turns 1000 --repetitions 100 --seeds 40 --format json)
    shift
fi
shards=("$@")
[ ${#shards[@]} -eq 0 ] && shards=(1 2 4)

printf '%-7s %-9s %-12s %s\n' shards "wall (s)" "estimate" "same bytes as the first"
first=""
for n in "${shards[@]}"; do
    dir="$work/n$n"
    start=$(date +%s.%N)
    "$bin" "${sweep[@]}" --slurm "$dir" --shards "$n" --submit >/dev/null
    waited=0
    while [ ! -f "$dir/result.json" ]; do
        sleep 0.2; waited=$((waited + 1))
        if [ "$waited" -gt 9000 ]; then echo "no result after 30 minutes: see $dir/logs" >&2; exit 1; fi
    done
    end=$(date +%s.%N)
    estimate=$(python3 -c 'import json, sys; e = json.load(open(sys.argv[1]))["estimate"]; print(round(e.get("shard_seconds") or e["seconds_per_unit"] * e["units_per_shard"]))' "$dir/plan.json")
    if [ -z "$first" ]; then first="$dir/result.json"; same="-"; \
    elif cmp -s "$first" "$dir/result.json"; then same=yes; else same=NO; fi
    printf '%-7s %-9s %-12s %s\n' "$n" "$(python3 -c "print(f'{$end - $start:.1f}')")" "${estimate} s/shard" "$same"
done
rm -rf "$work"
