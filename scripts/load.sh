#!/usr/bin/env bash
# Reliability load: 50 simulated managers for 60 s against gunicorn on 127.0.0.1, then
# the "Charge" section of docs/reliability.md is rewritten (benchmarks/load.py).
# Arguments go to it: --managers N, --duration S, --no-write-docs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
exec .venv/bin/python -m benchmarks.load "$@"
