#!/usr/bin/env bash
# The interpreter matrix: tinyrnn.py must run unchanged, with the same numbers, on
#   CPython (python3), PyPy 3 (Debian's pypy3), Pyodide and MicroPython (npm, run under Node).
# It installs what is missing (apt: pypy3; npm: into .interpreters/, which git ignores), then
# under each interpreter runs the test suite (python3 test_tinyrnn.py; tests that need what an
# interpreter lacks skip themselves) and scripts/workload.py, and fails if any test fails, any
# number differs from CPython's by more than 1e-12, or any sample differs.
#
#     bash scripts/check_interpreters.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PYTHONPATH="$root"
PYODIDE_VERSION=314.0.7        # CPython 3.14 in WebAssembly
MICROPYTHON_VERSION=1.27.0
logs="$root/.interpreters/logs"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pypy3 >/dev/null 2>&1; then
  echo "installing pypy3 (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pypy3 >/dev/null
fi
modules=.interpreters/node_modules
if [ ! -f "$modules/pyodide/pyodide.mjs" ] ||
   [ ! -f "$modules/@micropython/micropython-webassembly-pyscript/micropython.mjs" ]; then
  echo "installing pyodide@$PYODIDE_VERSION and MicroPython $MICROPYTHON_VERSION (npm)"
  mkdir -p .interpreters
  npm install --prefix .interpreters --no-audit --no-fund --loglevel=error \
    "pyodide@$PYODIDE_VERSION" \
    "@micropython/micropython-webassembly-pyscript@$MICROPYTHON_VERSION" >/dev/null
fi
mkdir -p "$logs"

run_under() {  # NAME COMMAND... : run the suite and the workload under one interpreter
  local name=$1; shift
  local status=0
  "$@" test_tinyrnn.py > "$logs/$name-tests.txt" 2>&1 || status=$?
  printf '%-12s tests: %s\n' "$name" "$(tail -n 1 "$logs/$name-tests.txt")"
  if [ "$status" != 0 ]; then
    grep -v '^skipped ' "$logs/$name-tests.txt" | grep -v 'Cannot enlarge memory' || true
    failed=1
  fi
  if ! "$@" scripts/workload.py > "$logs/$name-workload.txt" 2> "$logs/$name-workload.err"; then
    echo "$name: the workload failed:"; cat "$logs/$name-workload.err"; failed=1
  fi
  if ! "$@" exercises/check.py > "$logs/$name-grader.txt" 2>&1; then
    echo "$name: the exercises' grader failed:"; tail -n 5 "$logs/$name-grader.txt"; failed=1
  fi
  printf '%-12s grader: %s\n' "$name" "$(tail -n 1 "$logs/$name-grader.txt")"
}

failed=0
echo "interpreters: $(python3 --version 2>&1), PyPy $(pypy3 -c "import platform; print(platform.python_version())")," \
     "Pyodide $PYODIDE_VERSION, MicroPython $MICROPYTHON_VERSION (Node $(node --version))"
run_under cpython python3
run_under pypy pypy3
run_under pyodide node scripts/run_wasm.mjs pyodide
run_under micropython node scripts/run_wasm.mjs micropython
python3 scripts/compare_workloads.py "$logs/cpython-workload.txt" "$logs/pypy-workload.txt" \
  "$logs/pyodide-workload.txt" "$logs/micropython-workload.txt" || failed=1
if [ "$failed" != 0 ]; then
  echo "interpreter matrix: FAILED (logs in .interpreters/logs)"
  exit 1
fi
echo "interpreter matrix: all four interpreters pass and agree"
