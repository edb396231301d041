#!/usr/bin/env bash
# Creates .venv at the project root and installs Parley into it (editable), with the test
# tools when called with --test. Safe to run again: when the installed metadata is up to date (a stamp
# in .venv records pyproject.toml's hash and this folder), pip is not run at all, so a second
# scripts/build.sh costs nothing here (pip takes ~15 s even with nothing to do).
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
  extra=test
  target='.[test]'
else
  extra=base
  target=.
fi
# The stamp names what was installed from which pyproject.toml, and where: an edited pyproject.toml (new
# dependencies), a moved checkout (the editable install points at the old path) or a removed entry point
# means pip runs again. A test install includes the base one.
want="$(sha256sum pyproject.toml | cut -d' ' -f1) $(pwd -P)"
stamp_ok() { [ -f ".venv/.parley-stamp-$1" ] && [ "$(cat ".venv/.parley-stamp-$1")" = "$want" ]; }
if [ -x .venv/bin/parley ] && { stamp_ok "$extra" || { [ "$extra" = base ] && stamp_ok test; }; }; then
  exit 0
fi
# setuptools' boxed "BuildBackendWarning: Editable installation" (folders named like the package may shadow
# it) is for packagers and comes with every editable install: it is left out; pip's other words are shown,
# and all of them when pip fails.
log=$(mktemp)
if ! .venv/bin/python -m pip install --quiet -e "$target" 2>"$log"; then
  cat "$log" >&2
  rm -f "$log"
  exit 1
fi
awk '/BuildBackendWarning: Editable installation/ { skip = 1; bangs = 0; next }
     skip == 1 && /^[[:space:]]*!![[:space:]]*$/ { if (++bangs == 2) skip = 2; next }
     skip == 1 { next }
     skip == 2 { skip = 0; next }
     { print }' "$log" >&2
rm -f "$log"
echo "$want" > ".venv/.parley-stamp-$extra"
