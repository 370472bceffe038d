#!/usr/bin/env bash
# SMP timings (KTAB's CSV defaults) on KTAB's example inputs in ../shared/data/ktab.
# Usage (from the repository root): scripts/bargain_bench.sh [REPEAT]
# Prints, per file, the best and median wall time of REPEAT runs (default 5).
set -euo pipefail
data="${DATA:-../shared/data/ktab}"
REPEAT="${1:-5}" cargo run --quiet --release -p redline-bargain --example smp_timing -- \
  "$data/SOE-Policy.csv" "$data/SOE-Competitive.csv" "$data/dummyData-a040.csv" \
  "$data/dummyData-a080.csv" "$data/SOE-Pol-Comp.csv" "$data/dummyData_3Dim.csv" \
  "$data/dummyData_6Dim.csv"
