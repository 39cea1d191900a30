#!/usr/bin/env bash
# Build the Linux onedir with build_installer.spec and prove it works on its own:
#   1. PyInstaller into a temporary folder (the source tree is not touched),
#   2. print the size of dist/khaosat (du -sh and MB) and its largest parts,
#   3. check that every shared library in it finds its dependencies,
#   4. run `khaosat-cli --self-test` with a clean environment: no virtualenv, no PYTHONPATH,
#      not from the source folder, only PATH/HOME/LANG and Qt's offscreen platform,
#   5. start the desktop program on demo data: `--version`, `demo --no-open`, then the window
#      on a virtual X display (Xvfb + xdotool: the real xcb platform plugin; the operator
#      dialog is answered with Enter and the main window must appear), or offscreen where
#      there is no Xvfb; no traceback on stderr or in the log.
# Exit code 0 only when the build and every check pass. scripts/test.sh runs this after pytest.
#
#   bash scripts/build_check.sh              # build in a temporary folder, removed at the end
#   KEEP_BUILD=DIR bash scripts/build_check.sh   # build into DIR and keep it (DIR/dist/khaosat)
set -euo pipefail

# Internal: the GUI start inside xvfb-run (step 5), `build_check.sh --gui-in-x DIST DIR`.
if [[ ${1:-} == --gui-in-x ]]; then
    dist=$2 dir=$3
    env -i PATH=/usr/bin:/bin HOME="$dir/home" LANG=C.UTF-8 DISPLAY="$DISPLAY" \
        XAUTHORITY="${XAUTHORITY:-}" QT_QPA_PLATFORM=xcb \
        "$dist/khaosat" --data-dir "$dir/demo" 2> "$dir/gui-stderr.txt" &
    pid=$!
    trap 'kill "$pid" 2>/dev/null || true' EXIT
    wait_for_window() {  # $1: title pattern; up to 30 s
        for _ in $(seq 60); do
            kill -0 "$pid" 2>/dev/null || { echo "   the program ended by itself" >&2; return 1; }
            xdotool search --onlyvisible --pid "$pid" --name "$1" >/dev/null 2>&1 && return 0
            sleep 0.5
        done
        echo "   no window \"$1\" after 30 s" >&2
        return 1
    }
    wait_for_window "Người nhập phiếu"
    echo "   operator dialog shown; Enter"
    # windowfocus, not windowactivate: Xvfb runs no window manager. The key goes through
    # XTEST to the focused window (a key sent to a window id is ignored by Qt).
    xdotool search --onlyvisible --pid "$pid" --name "Người nhập phiếu" windowfocus --sync
    xdotool key --clearmodifiers Return
    wait_for_window "^khaosat · "
    echo "   main window: $(xdotool search --onlyvisible --pid "$pid" --name '^khaosat · ' \
        getwindowname | head -1)"
    sleep 3  # the work after the first paint: tally, daily backup timer, error handler
    kill -0 "$pid" 2>/dev/null || { echo "   the program ended by itself" >&2; exit 1; }
    exit 0
fi

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYINSTALLER="${PYINSTALLER:-$ROOT/.venv/bin/pyinstaller}"
if [[ ! -x "$PYINSTALLER" ]]; then
    echo "build_check: PyInstaller not found at $PYINSTALLER;" \
         "install it with: .venv/bin/pip install -e '.[build]'" >&2
    exit 2
fi
for tool in objdump readelf strip ldd; do
    if ! command -v "$tool" >/dev/null; then
        echo "build_check: $tool not found; PyInstaller needs binutils on Linux" \
             "(Debian: apt-get install binutils, or run scripts/bootstrap.sh --test as root)" >&2
        exit 2
    fi
done

if [[ -n "${KEEP_BUILD:-}" ]]; then
    WORK="$KEEP_BUILD"
    mkdir -p "$WORK"
else
    WORK="$(mktemp -d -t khaosat-build-XXXXXX)"
    trap 'rm -rf -- "$WORK"' EXIT
fi
DIST="$WORK/dist/khaosat"

seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(seconds)" 'BEGIN { printf "%.1f s", b - a }'; }
fail() { echo "build_check: FAILED: $*" >&2; exit 1; }
# The frozen program as a clerk's PC runs it: no virtualenv, no PYTHONPATH, not from the repo.
frozen() {
    (cd "$WORK" && env -i PATH=/usr/bin:/bin HOME="$WORK/home" LANG=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen "$@")
}

all_start=$(seconds)
echo "== build: $PYINSTALLER build_installer.spec -> $WORK/dist"
start=$(seconds)
if ! (cd "$ROOT" && "$PYINSTALLER" --noconfirm --log-level WARN \
        --distpath "$WORK/dist" --workpath "$WORK/build" build_installer.spec) \
        > "$WORK/pyinstaller.log" 2>&1; then
    tail -40 "$WORK/pyinstaller.log" >&2
    fail "PyInstaller did not finish (log above)"
fi
build_time=$(elapsed "$start")
echo "   built in $build_time"

echo "== size"
du -sh "$DIST"
size_mb=$(du -sm "$DIST" | cut -f1)
echo "   onedir size: ${size_mb} MB (aim: under 150 MB)"
echo "   largest parts (MB):"
(cd "$DIST/_internal" && du -sm -- * | sort -rn | head -12 | sed 's/^/     /')

echo "== shared libraries"
missing=$(find "$DIST" -type f \( -name '*.so' -o -name '*.so.*' \) -print0 \
    | LD_LIBRARY_PATH="$DIST/_internal" xargs -0 ldd 2>/dev/null | grep 'not found' \
    | sort -u || true)
if [[ -n "$missing" ]]; then
    echo "$missing" >&2
    fail "libraries missing from the build (the spec dropped too much)"
fi
echo "   every library finds its dependencies"

echo "== self-test: $DIST/khaosat-cli --self-test (clean environment)"
start=$(seconds)
status=0
frozen "$DIST/khaosat-cli" --self-test || status=$?
selftest_time=$(elapsed "$start")
echo "   self-test took $selftest_time, exit code $status"
[[ $status -eq 0 ]] || fail "the frozen build did not pass its self-test"

echo "== desktop program: --version, demo data, window"
gui="$WORK/gui"
rm -rf -- "$gui"
mkdir -p "$gui"
version=$(frozen "$DIST/khaosat" --version) || fail "khaosat --version failed"
echo "   $version"
frozen "$DIST/khaosat-cli" demo --no-open --data-dir "$gui" | sed 's/^/   /' \
    || fail "khaosat demo --no-open failed"
if command -v xvfb-run >/dev/null && command -v xdotool >/dev/null; then
    xvfb-run -a -s "-screen 0 1366x768x24" bash "$0" --gui-in-x "$DIST" "$gui" \
        || { cat "$gui/gui-stderr.txt" >&2; fail "the window did not come up on Xvfb"; }
else
    echo "   (no Xvfb/xdotool: offscreen, the operator dialog only)"
    frozen timeout 8 "$DIST/khaosat" --data-dir "$gui/demo" 2> "$gui/gui-stderr.txt" \
        && status=0 || status=$?
    # 124: still running when timeout stopped it, as it should be.
    [[ $status -eq 124 ]] || { cat "$gui/gui-stderr.txt" >&2; fail "khaosat ended (code $status)"; }
fi
# The log (app/services/errorlog) gets every unexpected error, with its traceback.
if grep -q -e Traceback -e ' ERROR ' -e ' CRITICAL ' "$gui/gui-stderr.txt" \
        "$gui"/demo/logs/*.log 2>/dev/null; then
    cat "$gui/gui-stderr.txt" "$gui"/demo/logs/*.log >&2
    fail "errors while the desktop program ran (above)"
fi
echo "   started and ran without errors"

echo "build_check: OK: onedir ${size_mb} MB, built in $build_time, self-test $selftest_time," \
     "whole check $(elapsed "$all_start")"
