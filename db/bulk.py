"""Bulk writes: plain values from pandas columns, fast INSERT and upsert on SQLite and PostgreSQL.

Upserts compare each incoming row with the stored one and write only new or changed rows, so re-importing a
file changes nothing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from common.values import is_missing
from db.schema import assessments, exchange_status_history, exchanges, factories, material_flows, parties

Progress = Callable[[float, str], None]
BATCH = 5000            # rows per upsert batch on SQLite (its IN lists have a parameter limit); 4x on PostgreSQL


def _na(v) -> bool:
    return is_missing(v)


def _column_values(series: pd.Series, coltype: sa.types.TypeEngine) -> list:
    """Plain Python values for one column (NA and blank text become None), vectorised."""
    if isinstance(coltype, (sa.Integer, sa.Float)):
        text = series.astype(object)
        num = pd.to_numeric(text.where(text != "", None), errors="raise")
        if isinstance(coltype, sa.Integer):
            arr = num.astype("Int64").to_numpy(dtype=object, na_value=None)
            return [None if v is None else int(v) for v in arr.tolist()]
        arr = num.astype("float64").to_numpy()
        out = arr.astype(object)
        out[np.isnan(arr)] = None
        return out.tolist()
    arr = series.to_numpy(dtype=object, copy=True)
    na = pd.isna(arr)
    if isinstance(coltype, sa.Boolean):
        return [None if n else bool(v) for v, n in zip(arr.tolist(), na.tolist())]
    if isinstance(coltype, sa.DateTime):
        arr[na] = None
        return arr.tolist()
    arr[na] = None
    out = []
    for v in arr.tolist():
        if v is None or type(v) is str:
            out.append(v or None)
        elif isinstance(v, (dt.date, pd.Timestamp)):
            out.append(v.strftime("%Y-%m-%d"))
        else:
            out.append(str(v.item() if hasattr(v, "item") else v) or None)
    return out


def _rows(df: pd.DataFrame, table: sa.Table, cols: list[str]) -> list[tuple]:
    values = [_column_values(df[c], table.c[c].type) for c in cols]
    return list(zip(*values)) if values else []


def _q(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _write_rows(conn: Connection, table: sa.Table, cols: list[str], rows: list[tuple],
                keys: list[str] | None = None) -> None:
    """Fast bulk write of plain-value tuples (no DateTime columns): INSERT, or with ``keys`` an upsert that sets
    the other ``cols`` on conflict.  PostgreSQL: COPY into a temporary table, then one INSERT .. SELECT .. ON
    CONFLICT; SQLite: executemany of INSERT .. ON CONFLICT.  Both run inside the caller's transaction."""
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect not in ("postgresql", "sqlite"):  # pragma: no cover - only sqlite and postgresql are supported
        raise NotImplementedError(f"bulk writes are not implemented for {dialect}")
    target, collist = _q(conn, table.name), ", ".join(_q(conn, c) for c in cols)
    conflict = ""
    if keys:
        update = [c for c in cols if c not in keys]
        keylist = ", ".join(_q(conn, k) for k in keys)
        conflict = (f" ON CONFLICT ({keylist}) DO UPDATE SET " +
                    ", ".join(f"{_q(conn, c)} = excluded.{_q(conn, c)}" for c in update)
                    if update else f" ON CONFLICT ({keylist}) DO NOTHING")
    if dialect == "sqlite":
        marks = ", ".join("?" for _ in cols)
        conn.exec_driver_sql(f"INSERT INTO {target} ({collist}) VALUES ({marks}){conflict}", rows)
        return
    dest = target
    if keys:
        dest = _q(conn, f"_load_{table.name}")
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE IF NOT EXISTS {dest} "
                             f"(LIKE {target} INCLUDING DEFAULTS) ON COMMIT DROP")
        conn.exec_driver_sql(f"TRUNCATE {dest}")
    with conn.connection.dbapi_connection.cursor() as cur, cur.copy(f"COPY {dest} ({collist}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    if keys:
        conn.exec_driver_sql(f"INSERT INTO {target} ({collist}) SELECT {collist} FROM {dest}{conflict}")


def _insert_stmt(conn: Connection, table: sa.Table, keys: list[str], update_cols: list[str]):
    dialect = conn.dialect.name
    if dialect == "postgresql":
        stmt = postgresql.insert(table)
    elif dialect == "sqlite":
        stmt = sqlite.insert(table)
    else:  # pragma: no cover - only sqlite and postgresql are supported
        raise NotImplementedError(f"upsert is not implemented for {dialect}")
    if not update_cols:
        return stmt.on_conflict_do_nothing(index_elements=keys)
    return stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in update_cols})


def _existing(conn: Connection, table: sa.Table, cols: list[str], keys: list[str], key_rows: list[tuple]):
    """The stored ``cols`` of the rows whose key is in ``key_rows``.  PostgreSQL gets the keys as arrays (one
    parameter per key column, joined through unnest); SQLite an IN list."""
    select = sa.select(*(table.c[c] for c in cols))
    if conn.dialect.name == "postgresql":
        arrays = [sa.bindparam(f"k_{k}", [row[i] for row in key_rows], type_=postgresql.ARRAY(table.c[k].type))
                  for i, k in enumerate(keys)]
        wanted = sa.func.unnest(*arrays).table_valued(*(f"k_{k}" for k in keys)).render_derived(name="wanted")
        on = sa.and_(*(table.c[k] == wanted.c[f"k_{k}"] for k in keys))
        return conn.execute(select.select_from(table.join(wanted, on)))
    if len(keys) == 1:
        return conn.execute(select.where(table.c[keys[0]].in_([row[0] for row in key_rows])))
    return conn.execute(select.where(sa.tuple_(*(table.c[k] for k in keys)).in_(key_rows)))


def _upsert(conn: Connection, table: sa.Table, df: pd.DataFrame, keys: list[str],
            progress: Progress | None = None, label: str = "", written: set | None = None) -> dict:
    """Insert new rows, update changed ones (only the columns of ``df`` that are table columns), count the rest
    as unchanged (``written``, when given, receives the keys of the rows inserted or updated).  Duplicate keys in
    ``df`` raise ValueError."""
    cols = [c.name for c in table.columns if c.name in df.columns]
    missing = [k for k in keys if k not in cols]
    if missing:
        raise ValueError(f"{table.name}: key column(s) missing: {', '.join(missing)}")
    rows = _rows(df, table, cols)
    key_at = [cols.index(k) for k in keys]
    all_keys = [tuple(r[i] for i in key_at) for r in rows]
    if len(set(all_keys)) != len(all_keys):
        seen, dup = set(), None
        for k in all_keys:
            if k in seen:
                dup = k
                break
            seen.add(k)
        raise ValueError(f"{table.name}: duplicate key {dup} in the rows to write")
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    n = len(rows)
    batch = BATCH * (4 if conn.dialect.name == "postgresql" else 1)
    for start in range(0, n, batch):
        chunk, chunk_keys = rows[start:start + batch], all_keys[start:start + batch]
        existing = {tuple(r[i] for i in key_at): tuple(r) for r in _existing(conn, table, cols, keys, chunk_keys)}
        write = []
        for row, key in zip(chunk, chunk_keys):
            old = existing.get(key)
            if old is None:
                counts["inserted"] += 1
                write.append(row)
            elif old != row:
                counts["updated"] += 1
                write.append(row)
            else:
                counts["unchanged"] += 1
        _write_rows(conn, table, cols, write, keys)
        if written is not None:
            written.update(tuple(r[i] for i in key_at) for r in write)
        if progress:
            done = min(start + batch, n)
            progress(done / n, f"{label or table.name}: {done:,}/{n:,}")
    return counts


def stored_effect(conn: Connection, table: sa.Table, df: pd.DataFrame, keys: list[str],
                  keep: tuple[str, ...] = (), clear_words: tuple[str, ...] = ()) -> tuple[pd.DataFrame, dict]:
    """What writing ``df`` would do to the stored rows, before it is written: (``df`` with each blank cell of a
    ``keep`` column filled with the stored value, and a cell holding one of ``clear_words`` made blank; and
    {"changed": stored values another value replaces, "cleared": stored values made blank}).  Key columns and
    rows not stored yet count for nothing."""
    df = df.copy()
    cols = [c.name for c in table.columns if c.name in df.columns]
    key_at = [cols.index(k) for k in keys]
    effect = {"changed": 0, "cleared": 0}
    for c in keep:
        if c in df.columns:
            text = df[c].astype(object)
            df["__clear_" + c] = text.map(lambda v: isinstance(v, str) and v.strip().casefold() in clear_words)
            df[c] = text.where(~df["__clear_" + c], None)
    rows = _rows(df, table, cols)
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        chunk_keys = [tuple(r[i] for i in key_at) for r in chunk]
        stored = {tuple(r[i] for i in key_at): tuple(r) for r in _existing(conn, table, cols, keys, chunk_keys)}
        for pos, (row, key) in enumerate(zip(chunk, chunk_keys), start=start):
            old = stored.get(key)
            if old is None:
                continue
            for j, c in enumerate(cols):
                if j in key_at or old[j] is None:
                    continue
                new = row[j]
                if new is None and c in keep and not df["__clear_" + c].iat[pos]:
                    df.iat[pos, df.columns.get_loc(c)] = old[j]
                elif new is None:
                    effect["cleared"] += 1
                elif new != old[j]:
                    effect["changed"] += 1
    return df.drop(columns=[c for c in df.columns if c.startswith("__clear_")]), effect


IMPORT_LOCK_ID = 0x45495402   # "EIT" + 2: one import writes at a time (PostgreSQL advisory lock)


def lock_for_import(conn: Connection, timeout_s: float) -> None:
    """The first statement of an import's transaction: wait, up to ``timeout_s``, until no other import is
    writing, then hold that until the transaction ends.  Imports are serialised on both databases, so each
    one's pre-read of the stored rows is current and its inserted / updated / unchanged counts are its own
    (two PostgreSQL imports running together would otherwise both count the same rows as inserted).

    PostgreSQL: a transaction-scoped advisory lock under ``lock_timeout``.  SQLite: a write statement first (one
    that changes nothing), which takes SQLite's single write lock now, waiting up to the busy timeout, before
    the upsert's reads: a transaction that read first and wrote after another writer committed would fail at
    once with "database is locked".  Past the timeout the error is one :func:`is_busy` recognises."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{max(1, int(timeout_s * 1000))}ms'")
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({IMPORT_LOCK_ID})")
        conn.exec_driver_sql("SET LOCAL lock_timeout = DEFAULT")
    else:
        conn.exec_driver_sql("UPDATE imports SET id = id WHERE 0")


def is_busy(exc: BaseException) -> bool:
    """True for the error of a write that waited too long for another one (SQLite "database is locked" or
    "busy", PostgreSQL lock_not_available)."""
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) == "55P03":
        return True
    text = str(orig if orig is not None else exc).lower()
    return isinstance(exc, sa.exc.OperationalError) and ("database is locked" in text or "database is busy" in text)


def upsert_factories(conn: Connection, df: pd.DataFrame, progress: Progress | None = None) -> dict:
    """Write factories by registration_no; returns {inserted, updated, unchanged}.  Columns absent from ``df``
    (e.g. the GI / Eco Factory / CSR columns, which a registry import does not carry) keep their stored values
    (new rows get the column defaults: gi_level 0, developed false)."""
    return _upsert(conn, factories, df, ["registration_no"], progress, "factories")


def upsert_assessments(conn: Connection, df: pd.DataFrame, progress: Progress | None = None) -> dict:
    """Write indicator results by (area_id, year, indicator_id); returns {inserted, updated, unchanged}."""
    return _upsert(conn, assessments, df, ["area_id", "year", "indicator_id"], progress, "assessments")


def upsert_parties(conn: Connection, df: pd.DataFrame, progress: Progress | None = None) -> dict:
    """Write non-factory parties by party_id; returns {inserted, updated, unchanged}."""
    return _upsert(conn, parties, df, ["party_id"], progress, "parties")


def upsert_flows(conn: Connection, df: pd.DataFrame, progress: Progress | None = None) -> dict:
    """Write material-flow records by (party_id, year, direction, material_th)."""
    return _upsert(conn, material_flows, df, ["party_id", "year", "direction", "material_th"], progress, "flows")


def upsert_exchanges(conn: Connection, df: pd.DataFrame, history: pd.DataFrame,
                     progress: Progress | None = None) -> dict:
    """Write exchanges by exchange_id and their status history (exchange_id, status, changed_on): the history of
    each exchange in ``df`` becomes exactly its rows of ``history``. Returns the exchanges' counts; an exchange
    whose only change is in its history counts as updated."""
    written: set = set()
    counts = _upsert(conn, exchanges, df, ["exchange_id"], progress, "exchanges", written=written)
    ids = [str(i) for i in df["exchange_id"]]
    h = exchange_status_history.c
    stored: dict[str, set] = {}
    for start in range(0, len(ids), BATCH):
        for e, st, on in conn.execute(sa.select(h.exchange_id, h.status, h.changed_on)
                                      .where(h.exchange_id.in_(ids[start:start + BATCH]))):
            stored.setdefault(e, set()).add((st, on))
    new: dict[str, set] = {}
    for e, st, on in zip(history["exchange_id"].astype(str), history["status"], history["changed_on"]):
        new.setdefault(e, set()).add((str(st), str(on)))
    changed = [e for e in ids if stored.get(e, set()) != new.get(e, set())]
    for start in range(0, len(changed), BATCH):
        conn.execute(exchange_status_history.delete().where(h.exchange_id.in_(changed[start:start + BATCH])))
    rows = [{"exchange_id": e, "status": st, "changed_on": on} for e in changed for st, on in sorted(new.get(e, ()))]
    if rows:
        conn.execute(exchange_status_history.insert(), rows)
    moved = len([e for e in changed if (e,) not in written])
    counts["unchanged"] -= moved
    counts["updated"] += moved
    return counts


def insert_frame(conn: Connection, table: sa.Table, df: pd.DataFrame) -> None:
    """Plain INSERT of the columns of ``df`` that are columns of ``table``."""
    cols = [c.name for c in table.columns if c.name in df.columns]
    _write_rows(conn, table, cols, _rows(df, table, cols))


def quote(conn: Connection, name: str) -> str:
    return _q(conn, name)


def insert_stmt(conn: Connection, table: sa.Table, keys: list[str], update_cols: list[str]):
    """INSERT .. ON CONFLICT (keys) DO UPDATE SET update_cols (or DO NOTHING) for this dialect."""
    return _insert_stmt(conn, table, keys, update_cols)
