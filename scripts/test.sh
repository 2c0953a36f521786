#!/usr/bin/env bash
# Set up .venv (with the test extras and the browser for the web-page tests), then run
# the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The web-page tests drive Debian's chromium through Playwright (never `playwright install`,
# which downloads its own browser).
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
fi
.venv/bin/python -m pytest "$@"
