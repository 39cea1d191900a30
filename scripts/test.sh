#!/usr/bin/env bash
# Set up what is missing, then run every check headless: lint, types, layers, the test suite,
# and on a whole run the frozen build (scripts/build_check.sh: PyInstaller onedir, size,
# self-test and window start without the virtualenv; 1-4 minutes on 2 cores).
#   bash scripts/test.sh                  # everything (what CI runs)
#   bash scripts/test.sh tests/domain     # pytest arguments: those tests, no frozen build
#   KHAOSAT_BUILD_CHECK=0|1 bash scripts/test.sh ...   # leave out / force the frozen build
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --test
export QT_QPA_PLATFORM=offscreen
echo "== ruff"; .venv/bin/ruff check app tests benchmarks scripts db
echo "== mypy (strict below app/ui)"; .venv/bin/mypy
echo "== import-linter (layers)"; .venv/bin/lint-imports
echo "== pytest"; .venv/bin/pytest -q "$@"
build_check=${KHAOSAT_BUILD_CHECK:-auto}
if [[ $build_check == 1 || ($build_check == auto && $# -eq 0) ]]; then
  echo "== frozen build (scripts/build_check.sh)"; bash scripts/build_check.sh
fi
