#!/usr/bin/env bash
# Set up everything (Python requirements, chromium) and run the whole test suite,
# browser tests included (headless Chromium). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
exec .venv/bin/python -m pytest "$@"
