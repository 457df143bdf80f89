#!/usr/bin/env bash
# Performance benchmarks: set up like the tests (.venv with requirements-dev.txt, Debian's
# chromium and chromedriver), then run
#   1. benchmarks/run.py: page weight, callback server time, throughput, memory (~9 min);
#   2. benchmarks/interaction.py: selection changes and cold loads timed in headless
#      Chromium (issue 10; ~15 min on the page of December 2026, less on a fast page).
# Arguments go to both: --quick (shorter runs), --write-docs (refresh the figures in
# docs/performance.md), --rows N (size of the synthetic dataset). A first argument
# "server" or "interaction" runs only that one (e.g. `scripts/benchmark.sh interaction
# --quick --profile`: interaction.py's own options then work too).
# Exit status: 0 when every target of the benchmarks that ran is met.
set -euo pipefail
cd "$(dirname "$0")/.."
only=
if [[ "${1:-}" == "server" || "${1:-}" == "interaction" ]]; then only=$1; shift; fi
scripts/setup.sh --dev
status=0
if [[ -z "$only" || "$only" == "server" ]]; then
  .venv/bin/python -m benchmarks.run "$@" || status=$?
fi
if [[ -z "$only" || "$only" == "interaction" ]]; then
  .venv/bin/python -m benchmarks.interaction "$@" || status=$?
fi
exit "$status"
