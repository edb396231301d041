#!/usr/bin/env bash
# Set up (the package with its test tools, and Debian's rapper, roqet and chromium that the
# tests use as independent checkers), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
need=()
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
command -v roqet >/dev/null 2>&1 || need+=(rasqal-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "note: ${need[*]} not installed (needs root and apt-get); the tests that use them are skipped" >&2
  fi
fi
exec .venv/bin/python -m pytest "$@"
