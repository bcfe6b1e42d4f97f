#!/usr/bin/env bash
# Make a local PostgreSQL ready for the database tests (idempotent; run as root, e.g. by CI):
# install Debian's postgresql if missing, start the cluster, create role `eit` (password `eit`) and database
# `eit_test` if missing.  Everything is logged on stderr; stdout is one line for the caller to eval:
#   eval "$(sudo bash scripts/postgres-test.sh)"   # sets EIT_TEST_POSTGRES_URL
set -euo pipefail
log() { echo "postgres-test: $*" >&2; }

if [ "$(id -u)" != 0 ]; then
  log "must run as root (installs packages and starts the cluster)"; exit 1
fi
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$ver main"; then
  log "creating cluster $ver/main"
  pg_createcluster "$ver" main >&2
fi
port=$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  log "starting cluster $ver/main on port $port"
  pg_ctlcluster "$ver" main start >&2
fi
for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then break; fi
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$port" >&2

psql_pg() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname = 'eit'")" != 1 ]; then
  log "creating role eit"
  psql_pg -c "CREATE ROLE eit LOGIN PASSWORD 'eit'" >&2
fi
if [ "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = 'eit_test'")" != 1 ]; then
  log "creating database eit_test"
  psql_pg -c "CREATE DATABASE eit_test OWNER eit ENCODING 'UTF8' TEMPLATE template0" >&2
fi
echo "export EIT_TEST_POSTGRES_URL=postgresql+psycopg://eit:eit@127.0.0.1:$port/eit_test"
