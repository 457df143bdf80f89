#!/usr/bin/env bash
# Performance benchmark: set up like the tests (.venv with requirements-dev.txt, Debian's
# chromium and chromedriver), then run benchmarks/run.py (~9 minutes on 2 cores).
# Arguments go to it: --quick (shorter runs, ~3 min), --write-docs (refresh the figures
# in docs/performance.md), --rows N (size of the synthetic dataset).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
exec .venv/bin/python -m benchmarks.run "$@"
