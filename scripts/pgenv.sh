# Sourced by scripts/backup.sh and scripts/restore.sh: turn EIT_DATABASE_URL (an SQLAlchemy URL such as
# postgresql+psycopg://user:pw@host:5432/db?sslmode=require) into libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD,
# PGDATABASE and PGSSLMODE, so that pg_dump and pg_restore connect without the password on their command line.
pg_env_from_url() {
  local url=${EIT_DATABASE_URL:?EIT_DATABASE_URL must name the PostgreSQL database}
  case "$url" in postgresql*) ;; *) echo "EIT_DATABASE_URL is not a PostgreSQL URL" >&2; return 1 ;; esac
  local py=${PYTHON:-.venv/bin/python}
  eval "$("$py" - "$url" <<'PY'
import shlex
import sys

from sqlalchemy.engine import make_url

u = make_url(sys.argv[1])
values = {"PGHOST": u.host, "PGPORT": u.port, "PGUSER": u.username, "PGPASSWORD": u.password,
          "PGDATABASE": u.database, "PGSSLMODE": u.query.get("sslmode")}
for name, value in values.items():
    if value is not None:
        print(f"export {name}={shlex.quote(str(value))}")
PY
)"
}
