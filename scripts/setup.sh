#!/usr/bin/env bash
# Create .venv (Python >= 3.11) and install the project's requirements into it.
#   scripts/setup.sh            runtime only
#   scripts/setup.sh --dev      runtime + test tools, and Debian's chromium and nginx for the browser and cluster tests
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" - <<'PYV' || { echo "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)
PYV
[ -x .venv/bin/python ] || "$PY" -m venv .venv
REQ=requirements.txt
[ "${1:-}" = "--dev" ] && REQ=requirements-dev.txt
stamp=".venv/.installed-$(cat requirements*.txt | sha1sum | cut -c1-12)-$(basename $REQ .txt)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$REQ"
  touch "$stamp"
fi
if [ "${1:-}" = "--dev" ]; then
  # Browser tests drive Debian's chromium (never a browser download); the cluster test runs Debian's nginx.
  missing=""
  command -v chromium >/dev/null 2>&1 || missing+=" chromium"
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=" nginx"
  if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    if $SUDO true 2>/dev/null; then
      # shellcheck disable=SC2086
      $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
      echo "missing:$missing; they cannot be installed without root: run 'sudo apt-get install$missing'" >&2
      exit 1
    fi
  fi
fi
