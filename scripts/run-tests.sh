#!/usr/bin/env bash
# Sets up everything the tests need (Chromium, tools, build) and runs every test: unit, API over
# loopback HTTP on real SQLite files, bUnit, and Playwright in Debian's Chromium.
# Ends with the plain line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser || exit 1

results=.artifacts/test-results
rm -rf "$results"
dotnet test ReviewConsole.Tests/ReviewConsole.Tests.csproj -c Release --no-build \
  --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" -- RunConfiguration.TestSessionTimeout=3000000
status=$?

trx="$results/tests.trx"
if [[ -f "$trx" ]]; then
  passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  echo "${passed:-0} passed, ${failed:-0} failed"
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
