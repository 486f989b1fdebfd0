#!/usr/bin/env bash
# Sets up everything the tests need (Chromium, tools, build) and runs every test: unit, API over
# loopback HTTP on real SQLite files, bUnit, and Playwright in Debian's Chromium.
# Ends with the plain line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser || exit 1

# The models the tests read (.artifacts/models, which ModelsFixture would otherwise import lazily)
# and the TF.js reference tool's node_modules, up front and side by side: both mostly wait on npm,
# and a broken registry or a missing tool then fails here with one line instead of in every model
# test. Both skip what is already in place, so a warm run only re-hashes the models.
install_reference() {
  local dir=tools/tfjs-reference
  if [[ -f $dir/node_modules/@tensorflow/tfjs/package.json && -f $dir/node_modules/.package-lock.json \
        && ! $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
    return 0
  fi
  echo "tests: npm ci in $dir"
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel error)
}
install_reference & reference=$!
# DataPath .artifacts puts the models in .artifacts/models (DataPaths.Models), where ModelsFixture looks.
Storage__DataPath="$PWD/.artifacts" Logging__LogLevel__Default=Warning \
  dotnet ReviewConsole/bin/Release/net10.0/ReviewConsole.dll models import --with-inception
imported=$?
wait $reference
installed=$?
((imported == 0 && installed == 0)) || { echo "tests: model import or npm ci failed" >&2; exit 1; }

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
  # A crashed or timed-out test host leaves failed="0" in the trx; the aborted run itself is the failure.
  if ((status != 0 && ${failed:-0} == 0)); then
    echo "tests: dotnet test exited with $status without a failed test (run aborted, see above)" >&2
    failed=1
  fi
  echo "${passed:-0} passed, ${failed:-0} failed"
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
