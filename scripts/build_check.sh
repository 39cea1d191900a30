#!/usr/bin/env bash
# Build the Linux onedir with build_installer.spec and prove it works on its own:
#   1. PyInstaller into a temporary folder (the source tree is not touched),
#   2. print the size of dist/khaosat (du -sh and MB) and its largest parts,
#   3. check that every shared library in it finds its dependencies,
#   4. run `khaosat-cli --self-test` with a clean environment: no virtualenv, no PYTHONPATH,
#      not from the source folder, only PATH/HOME/LANG and Qt's offscreen platform.
# Exit code 0 only when the build and every self-test step pass.
#
#   bash scripts/build_check.sh              # build in a temporary folder, removed at the end
#   KEEP_BUILD=DIR bash scripts/build_check.sh   # build into DIR and keep it (DIR/dist/khaosat)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYINSTALLER="${PYINSTALLER:-$ROOT/.venv/bin/pyinstaller}"
if [[ ! -x "$PYINSTALLER" ]]; then
    echo "build_check: PyInstaller not found at $PYINSTALLER;" \
         "install it with: .venv/bin/pip install -e '.[build]'" >&2
    exit 2
fi

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

echo "== build: $PYINSTALLER build_installer.spec -> $WORK/dist"
start=$(seconds)
if ! (cd "$ROOT" && "$PYINSTALLER" --noconfirm --log-level WARN \
        --distpath "$WORK/dist" --workpath "$WORK/build" build_installer.spec) \
        > "$WORK/pyinstaller.log" 2>&1; then
    tail -40 "$WORK/pyinstaller.log" >&2
    echo "build_check: FAILED: PyInstaller did not finish (log above)" >&2
    exit 1
fi
echo "   built in $(elapsed "$start")"

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
    echo "build_check: FAILED: libraries missing from the build (the spec dropped too much)" >&2
    exit 1
fi
echo "   every library finds its dependencies"

echo "== self-test: $DIST/khaosat-cli --self-test (clean environment)"
start=$(seconds)
status=0
(cd "$WORK" && env -i PATH=/usr/bin:/bin HOME="$WORK/home" LANG=C.UTF-8 \
    QT_QPA_PLATFORM=offscreen "$DIST/khaosat-cli" --self-test) || status=$?
echo "   self-test took $(elapsed "$start"), exit code $status"
if [[ $status -ne 0 ]]; then
    echo "build_check: FAILED: the frozen build did not pass its self-test" >&2
    exit 1
fi
echo "build_check: OK: ${size_mb} MB, self-test passed"
