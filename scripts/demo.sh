#!/usr/bin/env bash
# Set up .venv, build the knowledge graph of the bundled corpus into ./kg-store, and
# answer one example query.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kg build corpus/
.venv/bin/kg query queries/documents.rq
