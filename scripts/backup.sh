#!/usr/bin/env bash
# Back up the shared PostgreSQL database and the kept uploads into one folder (docs/operations.md, "Backup and restore"):
#   scripts/backup.sh DEST      writes DEST/eit.dump (pg_dump, custom format) and DEST/uploads.tar
# Uses EIT_DATABASE_URL (postgresql+psycopg://user:pw@host/db), EIT_UPLOAD_DIR (default var/uploads) and
# PYTHON (default .venv/bin/python, to read the URL).
# The database goes first: uploads are only ever added (never changed), so every upload the dump refers to is
# in the archive taken after it. The app servers may keep running.
set -euo pipefail
dest=$(realpath -m "${1:?usage: scripts/backup.sh DEST_FOLDER}")
cd "$(dirname "$0")/.."
. scripts/pgenv.sh
pg_env_from_url
uploads=${EIT_UPLOAD_DIR:-var/uploads}
mkdir -p "$dest" "$uploads"
pg_dump --format=custom --no-owner --file="$dest/eit.dump"
tar -C "$uploads" -cf "$dest/uploads.tar" .
echo "backup: $dest/eit.dump ($(du -h "$dest/eit.dump" | cut -f1)), $dest/uploads.tar ($(du -h "$dest/uploads.tar" | cut -f1))" >&2
