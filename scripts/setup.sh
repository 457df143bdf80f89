#!/usr/bin/env bash
# Create .venv/ and install the pinned requirements into it.
#   scripts/setup.sh            runtime requirements (requirements.txt)
#   scripts/setup.sh --dev      plus the test requirements and, for the browser
#                               tests, Debian's chromium and chromium-driver
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
requirements=requirements.txt
if [[ "${1:-}" == "--dev" ]]; then requirements=requirements-dev.txt; fi

if [[ ! -x .venv/bin/python ]]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements" 2>&1 \
  | grep -v "is ignored" || true
# pip's exit status is hidden by the filter above: check the result instead.
.venv/bin/python -c "import dash, plotly, pandas, dash_bootstrap_components, openpyxl, flask_talisman, dash_auth" \
  || { echo "setup: the Python requirements did not install" >&2; exit 1; }

if [[ "$requirements" == requirements-dev.txt ]]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
    echo "setup: installing Debian's chromium and chromium-driver for the browser tests"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
