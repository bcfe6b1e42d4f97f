#!/usr/bin/env bash
# Put a backup made by scripts/backup.sh back (docs/operations.md, "Backup and restore"):
#   scripts/restore.sh SRC      SRC/eit.dump into EIT_DATABASE_URL, SRC/uploads.tar into EIT_UPLOAD_DIR
# The database is replaced in one transaction (pg_restore --clean --if-exists: the tables of the dump are
# dropped and re-created; the role needs to own them, or restore into a new, empty database). The uploads
# archive is unpacked over the folder (files are content-addressed, so nothing kept is overwritten).
# Stop the app servers first and start them again afterwards.
set -euo pipefail
src=$(realpath -m "${1:?usage: scripts/restore.sh BACKUP_FOLDER}")
cd "$(dirname "$0")/.."
. scripts/pgenv.sh
pg_env_from_url
uploads=${EIT_UPLOAD_DIR:-var/uploads}
[ -s "$src/eit.dump" ] && [ -f "$src/uploads.tar" ] || { echo "restore: $src has no eit.dump / uploads.tar" >&2; exit 1; }
pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error --dbname="$PGDATABASE" "$src/eit.dump"
mkdir -p "$uploads"
tar -C "$uploads" -xf "$src/uploads.tar"
echo "restore: database and uploads restored from $src" >&2
