#!/usr/bin/env bash
# Set up what is missing, then start khaosat (extra arguments go to the program).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/khaosat "$@"
