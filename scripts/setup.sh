#!/usr/bin/env bash
# Idempotent set-up shared by run-console.sh and run-tests.sh: system packages, .NET tools, NuGet
# restore and a Release build. Safe to run again; it skips what is already in place.
# Usage: scripts/setup.sh [--with-browser]
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=false
[[ "${1:-}" == "--with-browser" ]] && with_browser=true

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_updated=false
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  if ! $apt_updated; then as_root apt-get update -qq; apt_updated=true; fi
  echo "setup: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm

# libvips decodes images for the scoring pipeline (through P/Invoke, see Scoring/Decoding).
apt_install libvips42

# Browser tests drive Debian's Chromium; Playwright never downloads its own browser here.
if $with_browser; then apt_install chromium fonts-dejavu-core; fi

dotnet tool restore >/dev/null
echo "setup: building (Release)"
dotnet build ReviewConsole.sln -c Release -nologo -clp:ErrorsOnly -v:quiet
