#!/usr/bin/env bash
# End-to-end tests of the explorer (`redline serve`): tests/browser drives
# Debian's Chromium with playwright-core (which downloads no browser) against
# a server it starts itself.
#
#   scripts/browser_test.sh
#
# Builds nothing: CI builds the binary before calling this. REDLINE_BIN names
# the binary (default: target/debug/redline), CHROMIUM the browser (default:
# /usr/bin/chromium, installed from Debian's packages when missing),
# TEST_PATTERN the tests to run (a --test-name-pattern; default all).
set -euo pipefail
cd "$(dirname "$0")/.."

browser="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$browser" ]; then
  echo "== installing chromium (Debian's package)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

export REDLINE_BIN="${REDLINE_BIN:-$PWD/target/debug/redline}"
if [ ! -x "$REDLINE_BIN" ]; then
  echo "no redline binary at $REDLINE_BIN: build it first (cargo build), or set REDLINE_BIN" >&2
  exit 1
fi

cd tests/browser
echo "== npm ci (tests/browser)"
npm ci --no-audit --no-fund
echo "== browser tests of the explorer ($REDLINE_BIN)"
if [ -n "${TEST_PATTERN:-}" ]; then
  node --test --test-concurrency=1 --test-name-pattern="$TEST_PATTERN" explorer.test.mjs
else
  npm test
fi
