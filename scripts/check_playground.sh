#!/usr/bin/env bash
# The playground page's tests: installs what they need (Debian's chromium with apt; Pyodide and
# playwright-core with npm, into playground/node_modules, which git ignores: the same command a
# learner runs for the offline copy), then runs playground/test_playground.mjs, which serves the
# repository with python3 -m http.server, opens the page in headless Chromium with every request
# outside localhost blocked, and writes its screenshots to playground/screenshots/.
#
#     bash scripts/check_playground.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -f playground/node_modules/pyodide/pyodide.mjs ] ||
   [ ! -d playground/node_modules/playwright-core ]; then
  echo "installing Pyodide and playwright-core (npm install --prefix playground)"
  npm install --prefix playground --no-audit --no-fund --loglevel=error >/dev/null
fi
node playground/test_playground.mjs "$root/playground/screenshots"
