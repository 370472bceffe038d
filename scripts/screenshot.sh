#!/usr/bin/env bash
# Refreshes docs/explorer.png, the README's screenshot of the explorer: the
# browser tests' screenshot test alone (tests/browser/explorer.test.mjs),
# a 1400-pixel-wide page of the flagship's forecast with one override, one
# assumption and two compared strategies.
#
#   scripts/screenshot.sh
#
# Builds nothing: REDLINE_BIN names the binary (default: target/debug/redline,
# built with `cargo build -p redline-cli --features serve`); CHROMIUM the
# browser (default: /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
export SCREENSHOT="$PWD/docs/explorer.png"
TEST_PATTERN='^screenshot' scripts/browser_test.sh
echo "wrote $SCREENSHOT"
