#!/usr/bin/env bash
# Run the dashboard as a small cluster on this machine: N app servers (`streamlit run serve.py`) sharing one
# PostgreSQL, behind nginx (Debian's package) with sticky sessions and gzip. See docs/operations.md, "Deployment: more than
# one server".
#   scripts/cluster.sh            start everything in the foreground; Ctrl-C (or SIGTERM) stops it all
#   scripts/cluster.sh render     print the rendered nginx.conf and exit
# Settings (environment):
#   EIT_DATABASE_URL                 the shared PostgreSQL (required: every server must see the same data)
#   STREAMLIT_SERVER_COOKIE_SECRET   the same secret on every server (default: made once, kept in the run folder)
#   EIT_CLUSTER_APPS                 app servers "host:port host:port" (default "127.0.0.1:8501 127.0.0.1:8502");
#                                    those on 127.0.0.1/localhost are started here, others must already run
#   EIT_CLUSTER_LISTEN               where nginx listens (default 8080; e.g. "127.0.0.1:8080")
#   EIT_CLUSTER_DIR                  run folder: nginx.conf, pid, logs, app logs (default var/cluster)
#   EIT_CLUSTER_GZIP                 on | off (default on)
#   PYTHON                           the Python with the requirements (default .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
APPS=${EIT_CLUSTER_APPS:-"127.0.0.1:8501 127.0.0.1:8502"}
LISTEN=${EIT_CLUSTER_LISTEN:-8080}
RUN_DIR=${EIT_CLUSTER_DIR:-$ROOT/var/cluster}
GZIP=${EIT_CLUSTER_GZIP:-on}
PY=${PYTHON:-$ROOT/.venv/bin/python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
log() { echo "cluster: $*" >&2; }

mkdir -p "$RUN_DIR"
RUN_DIR=$(cd "$RUN_DIR" && pwd)
max_mb=$(grep -E '^maxUploadSize' .streamlit/config.toml | tr -dc 0-9)

render() {
  local servers="" app
  for app in $APPS; do
    servers+="        server $app max_fails=2 fail_timeout=10s;"$'\n'
  done
  sed -e "s#@@RUN_DIR@@#$RUN_DIR#g" -e "s#@@LISTEN@@#$LISTEN#g" -e "s#@@GZIP@@#$GZIP#g" \
      -e "s#@@MAX_BODY_MB@@#$((${max_mb:-50} + 1))#g" deploy/nginx.conf.template |
    awk -v servers="${servers%$'\n'}" '{ if ($0 == "@@SERVERS@@") print servers; else print }'
}

if [ "${1:-}" = "render" ]; then render; exit 0; fi

if [ ! -x "$NGINX" ]; then
  log "nginx is missing: apt-get install nginx (scripts/setup.sh --dev does it as root)"; exit 1
fi
case "${EIT_DATABASE_URL:-}" in
  postgresql*) ;;
  *) log "EIT_DATABASE_URL must name the shared PostgreSQL (postgresql+psycopg://user:pw@host/db)"; exit 1 ;;
esac
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
  if [ ! -s "$RUN_DIR/cookie-secret" ]; then
    (umask 077 && "$PY" -c 'import secrets; print(secrets.token_hex(32))' > "$RUN_DIR/cookie-secret")
    log "made a cookie secret in $RUN_DIR/cookie-secret (give every server, on every machine, the same one)"
  fi
  STREAMLIT_SERVER_COOKIE_SECRET=$(cat "$RUN_DIR/cookie-secret")
fi
export STREAMLIT_SERVER_COOKIE_SECRET EIT_DATABASE_URL

render > "$RUN_DIR/nginx.conf"
"$NGINX" -t -q -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf"

pids=()
stop() {
  trap - EXIT INT TERM
  log "stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 0' INT TERM

# Migrate once, before any server starts (with EIT_DEMO on, the first server to open an empty database loads
# the demo; the servers take turns for that through a PostgreSQL advisory lock).
"$PY" -m store init >&2

local_apps=()
for app in $APPS; do
  host=${app%:*}; port=${app##*:}
  case "$host" in 127.0.0.1|localhost) ;; *) continue ;; esac
  "$PY" -m streamlit run serve.py --server.port "$port" --server.address "$host" --server.headless true \
    --browser.gatherUsageStats false > "$RUN_DIR/app-$port.log" 2>&1 &
  pids+=($!)
  local_apps+=("$app")
  log "app server on $app (log $RUN_DIR/app-$port.log)"
done
for app in $APPS; do
  for _ in $(seq 1 120); do
    if "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
        "http://$app/_stcore/health" 2>/dev/null; then break; fi
    sleep 1
  done
  "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "http://$app/_stcore/health" \
    || { log "app server $app did not become healthy"; exit 1; }
done
"$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" &
pids+=($!)
log "nginx on $LISTEN in front of: $APPS (logs in $RUN_DIR)"
# Until one of them stops (or a signal): then stop the rest.
wait -n "${pids[@]}" || true
log "a process stopped; see the logs in $RUN_DIR"
exit 1
