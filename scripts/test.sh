#!/usr/bin/env bash
# Install (first time), lint, and run every test: unit, page (AppTest) and browser (headless Chromium) tests.
# The database tests run on SQLite and on PostgreSQL: as root (or with password-less sudo) this script first
# readies a local PostgreSQL with scripts/postgres-test.sh; otherwise set EIT_TEST_POSTGRES_URL yourself, or the
# PostgreSQL runs are skipped (under CI, where env CI is set, they fail instead).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
if [ -z "${EIT_TEST_POSTGRES_URL:-}" ]; then
  pg_env=""
  if [ "$(id -u)" = 0 ]; then
    pg_env=$(bash scripts/postgres-test.sh) || pg_env=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    pg_env=$(sudo -n bash scripts/postgres-test.sh) || pg_env=""
  fi
  if [ -n "$pg_env" ]; then
    eval "$pg_env"
  elif [ -n "${CI:-}" ]; then
    echo "test.sh: PostgreSQL could not be prepared (scripts/postgres-test.sh); CI must run the PostgreSQL tests" >&2
    exit 1
  else
    echo "test.sh: no PostgreSQL for the database tests; their PostgreSQL runs will be skipped" >&2
  fi
fi
# Lint first (configuration in pyproject.toml): a finding fails the run like a failing test.
.venv/bin/ruff check --no-cache .
exec .venv/bin/python -m pytest "$@"
