#!/usr/bin/env bash
# Set up what is missing, then run every check headless: lint, types, layers, the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --test
export QT_QPA_PLATFORM=offscreen
echo "== ruff"; .venv/bin/ruff check app tests benchmarks scripts db
echo "== mypy (strict below app/ui)"; .venv/bin/mypy
echo "== import-linter (layers)"; .venv/bin/lint-imports
echo "== pytest"; .venv/bin/pytest -q "$@"
