#!/usr/bin/env bash
# Set up, then build the graph of the bundled sample corpus into parley-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/parley build "$@"
