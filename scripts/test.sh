#!/usr/bin/env bash
# Set up everything (Python requirements, chromium) and check the whole project: lint and
# format (ruff), types (mypy), then every test, browser tests included (headless Chromium).
# Extra arguments go to pytest (e.g. -m "not browser").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
echo "test: ruff check, ruff format --check, mypy"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
