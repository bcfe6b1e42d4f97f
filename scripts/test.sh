#!/usr/bin/env bash
# Install (first time) and run every test: unit, page (AppTest) and browser (headless Chromium) tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
exec .venv/bin/python -m pytest "$@"
