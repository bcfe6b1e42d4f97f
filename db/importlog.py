"""The import log: one row per upload, landed or rejected, with who, when, the file's checksum and the counts."""
from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Connection, Engine

from db.records import _select_frame, _utc
from db.schema import imports


def list_imports(engine: Engine) -> pd.DataFrame:
    """The import log, newest first (every column of the ``imports`` table)."""
    with engine.connect() as conn:
        f = _select_frame(conn, imports, imports.columns.keys())
    for col in ("started_at", "finished_at"):
        f[col] = _utc(f[col])
    return f.sort_values("id", ascending=False, kind="stable").reset_index(drop=True)


def record_import(conn: Connection, **values) -> int:
    """Insert one row of the import log; returns its id."""
    return int(conn.execute(imports.insert().values(**values)).inserted_primary_key[0])
