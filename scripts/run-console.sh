#!/usr/bin/env bash
# Sets up, seeds demo data (users for the three roles and a demo API key, printed below) and serves
# the console on SQLite. Data lives in ./data unless Storage__DataPath says otherwise.
# Environment: REVIEWCONSOLE_URLS (default http://localhost:5080), REVIEWCONSOLE_DEMO_PASSWORD.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export Storage__DataPath="${Storage__DataPath:-$PWD/data}"
host=(dotnet ReviewConsole/bin/Release/net10.0/ReviewConsole.dll)
# The scoring models (nsfwjs converted to ONNX, PP-OCRv4) go into $Storage__DataPath/models; a
# second run only re-hashes them. Set REVIEWCONSOLE_WITH_INCEPTION=1 to add inception_v3.
import_args=(models import)
if [[ "${REVIEWCONSOLE_WITH_INCEPTION:-}" == 1 ]]; then import_args+=(--with-inception); fi
"${host[@]}" "${import_args[@]}"
"${host[@]}" seed-demo
urls="${REVIEWCONSOLE_URLS:-http://localhost:5080}"
echo "Serving on $urls (Ctrl+C stops)"
exec "${host[@]}" --urls "$urls" --contentRoot "$PWD/ReviewConsole"
