#!/usr/bin/env bash
# Creates .venv at the project root and installs Parley into it (editable), with the test
# tools when called with --test. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# The interpreter: $PYTHON when set. Otherwise the distribution's own /usr/bin/python3, when it is 3.11 or
# newer and can make a virtual environment: Debian builds it with profile-guided and link-time
# optimization, which a default pyenv build lacks, and Parley's own stages (extraction, resolution,
# writing: pure Python) ran 10-17 % faster on it (benchmarks/RESULTS.md). Else python3 on the PATH.
python=${PYTHON:-}
if [ -z "$python" ]; then
  python=python3
  if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python=/usr/bin/python3
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e '.[test]'
else
  .venv/bin/python -m pip install --quiet -e .
fi
