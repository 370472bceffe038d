#!/usr/bin/env bash
# Time of a full reciprocity estimate (lag choice up to 8, VAR fit, Granger
# tests, residual bootstrap with impulse responses to horizon 8) on a
# simulated weekly dyad, on 1 thread and on all threads; the estimates must
# be identical (determinism across thread counts).
set -euo pipefail
cd "$(dirname "$0")/../.."
WEEKS="${1:-1000}"
REPS="${2:-2000}"
cargo build --release -p redline-data --example var_bootstrap -q
BIN=target/release/examples/var_bootstrap
for threads in 1 2; do
  for _ in 1 2 3; do
    RAYON_NUM_THREADS=$threads /usr/bin/time -f "  %e s wall, %U s user CPU" "$BIN" "$WEEKS" "$REPS"
  done
done
