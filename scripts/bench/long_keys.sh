#!/usr/bin/env bash
# Time of `redline scenario check` on scenarios that are the flagship with
# many keys added to its [leader] table (a table the shared parameters also
# have, so the file's table is merged key by key onto the shared one), at
# doubling sizes: the time should double with the size, not grow faster.
#
#   scripts/bench/long_keys.sh [BINARY]
#
# Two shapes: `bare`, keys `kkkkkkkkkk<i> = 1`; `params`, the same keys as
# parameter tables with unit, range, default and source. Each file is
# rejected (exit code 2: the model reads none of those keys); the time is
# the time to find that out.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-}"
if [ -z "$bin" ]; then
  cargo build --release -q -p redline-cli
  bin="${CARGO_TARGET_DIR:-target}/release/redline"
fi
tmp="${TMPDIR:-/tmp}"
echo "# $bin, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for shape in bare params; do
  for keys in 11000 22000 44000 88000; do
    f="$tmp/redline-keys-$shape-$keys.toml"
    python3 - "$shape" "$keys" > "$f" <<'PY'
import sys
shape, keys = sys.argv[1], int(sys.argv[2])
text = open("scenarios/iran-2025-02-07.toml").read()
value = "1" if shape == "bare" else \
    '{ value = 1, unit = "u", range = [0, 1], default = 0, source = "s" }'
added = "".join(f"{'k' * 10}{i} = {value}\n" for i in range(keys))
sys.stdout.write(text.replace("[leader]\n", "[leader]\n" + added, 1))
PY
    size=$(stat -c %s "$f")
    /usr/bin/time -f "$shape, $keys keys ($size bytes): %e s wall, peak RSS %M kB" \
      "$bin" scenario check "$f" >/dev/null 2>"$tmp/redline-keys.err" || true
    tail -1 "$tmp/redline-keys.err"
  done
done
