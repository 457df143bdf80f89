#!/usr/bin/env bash
# Set up and start the dashboard on http://127.0.0.1:8050 (gunicorn, 2 workers x 32 threads:
# gunicorn.conf.py, the same settings as the Procfile).
# FABRIQUES_DATA=/path/to/file.xlsx scripts/run.sh   runs it on a manager's own file.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PORT="${PORT:-8050}"
echo "Fabriques Monitor : démarrage sur http://127.0.0.1:${PORT}/ (Ctrl+C pour arrêter)"
exec .venv/bin/gunicorn app:server --config gunicorn.conf.py --bind "127.0.0.1:${PORT}"
