#!/usr/bin/env bash
# Set up .venv (with the test extras and the browser for the web-page tests), then run
# the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pytest "$@"
