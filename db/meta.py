"""The database's key/value facts about itself (``meta`` table: whether it holds the demo, data as of...)."""
from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from db.bulk import insert_stmt
from db.schema import meta


def read_meta(conn: Connection) -> dict:
    return {k: json.loads(v) for k, v in conn.execute(sa.select(meta.c.key, meta.c.value))}


def write_meta(conn: Connection, **values) -> None:
    for key, value in values.items():
        stmt = insert_stmt(conn, meta, ["key"], ["value"])
        conn.execute(stmt, {"key": key, "value": json.dumps(value, ensure_ascii=False)})
