#!/usr/bin/env bash
# Runs one node test of tests/remote/node with real npm clients (socket.io-client,
# playwright-core), installing them into that folder first if needed.
#   run-node-test.sh TEST.mjs ARGS...
# Exits 77 (ctest: skipped) with a message when node/npm (or, for the browser
# test, /usr/bin/chromium; for the Firefox test, /usr/bin/firefox-esr) is not installed.
set -euo pipefail
here="$(cd "$(dirname "$0")/node" && pwd)"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIP: node and npm are not installed (see scripts/test-packages.txt); the remote monitor's npm-client tests did not run"
  exit 77
fi
if [[ "$1" == firefox* && ! -x /usr/bin/firefox-esr ]]; then
  echo "SKIP: /usr/bin/firefox-esr is not installed (see scripts/test-packages.txt); the monitor page test in Firefox did not run"
  exit 77
fi
if [[ "$1" == browser* && ! -x /usr/bin/chromium ]]; then
  echo "SKIP: /usr/bin/chromium is not installed (see scripts/test-packages.txt); the monitor page test did not run"
  exit 77
fi
if [[ ! -d "$here/node_modules/socket.io-client" || ! -d "$here/node_modules/playwright-core" || ! -d "$here/node_modules/ws" ]]; then
  # Tests may start in parallel: one install at a time.
  ( flock 9; cd "$here" && [[ -d node_modules/socket.io-client && -d node_modules/playwright-core ]] \
      && [[ -d node_modules/ws ]] || npm install --no-package-lock --no-audit --no-fund --loglevel=error ) 9>"${TMPDIR:-/tmp}/dataset-studio-remote-npm.lock"
fi
exec node "$here/$1" "${@:2}"
