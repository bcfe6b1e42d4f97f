"""Reading and writing the records in the database: the frames the dashboard uses, the demo seed, upserts,
certifications and the import log.

:func:`load_records` returns the same frames, with the same dtypes, as the CSV loaders of :mod:`store.records`
(rows sorted by their key; factories with no area have ``area_id`` NA).  Upserts compare each incoming row with
the stored one and write only new or changed rows, so re-importing a file changes nothing.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from store import records
from store.schema import (
    CERT_STATUSES,
    assessments,
    certification_log,
    factories,
    factory_checklist,
    factory_history,
    imports,
    meta,
    users,
)
from store.schema import area_notes
from store.schema import certifications as cert_table

Progress = Callable[[float, str], None]
BATCH = 5000            # rows per upsert batch on SQLite (its IN lists have a parameter limit); 4x on PostgreSQL
DEMO_USERS = (("demo-staff", "staff"), ("demo-admin", "admin"))
DEMO_PASSWORD = "demo"

CERT_COLUMNS = ["area_id", "year", "level", "status", "drafted_by", "drafted_at", "verified_by", "verified_at",
                "certified_by", "certified_at", "note"]


class NotEmptyError(RuntimeError):
    """The database holds imported data, so the demo is not loaded over it."""


class CertificationError(ValueError):
    """A refused certification step (English / Thai message)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --------------------------------------------------------------------------------------------- conversion

def _na(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


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
            progress: Progress | None = None, label: str = "") -> dict:
    """Insert new rows, update changed ones (only the columns of ``df`` that are table columns), count the rest
    as unchanged.  Duplicate keys in ``df`` raise ValueError."""
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
        if progress:
            done = min(start + batch, n)
            progress(done / n, f"{label or table.name}: {done:,}/{n:,}")
    return counts


def upsert_factories(conn: Connection, df: pd.DataFrame, progress: Progress | None = None) -> dict:
    """Write factories by registration_no; returns {inserted, updated, unchanged}.  Columns absent from ``df``
    (e.g. the GI / Eco Factory / CSR columns, which a registry import does not carry) keep their stored values
    (new rows get the column defaults: gi_level 0, developed false)."""
    return _upsert(conn, factories, df, ["registration_no"], progress, "factories")


def upsert_assessments(conn: Connection, df: pd.DataFrame, progress: Progress | None = None) -> dict:
    """Write indicator results by (area_id, year, indicator_id); returns {inserted, updated, unchanged}."""
    return _upsert(conn, assessments, df, ["area_id", "year", "indicator_id"], progress, "assessments")


# --------------------------------------------------------------------------------------------- reading

def _select_frame(conn: Connection, table: sa.Table, columns) -> pd.DataFrame:
    rows = conn.execute(sa.select(*(table.c[c] for c in columns))).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


def _as_str(s: pd.Series, blank: str | None = "") -> pd.Series:
    """Text column with the CSV loaders' dtype; NULL becomes ``blank`` (None keeps it NA)."""
    s = s.astype(object)
    if blank is not None:
        s = s.where(s.notna(), blank)
    return s.astype(str) if blank is not None else s.astype("str")


def _as_int(s: pd.Series, nullable: bool) -> pd.Series:
    s = pd.to_numeric(s.astype(object), errors="raise")
    if nullable or s.isna().any():
        return s.astype("Int64")
    return s.astype("int64")


def _sorted(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return df.sort_values(keys, kind="stable").reset_index(drop=True)


def _load_factories(conn: Connection) -> pd.DataFrame:
    f = _select_frame(conn, factories, records.FACTORY_COLUMNS)
    for c in ("registration_no", "fid", "name_th", "name_en", "category", "isic", "province_code",
              "district_code", "subdistrict_code", "data_as_of"):
        f[c] = _as_str(f[c])
    f["area_id"] = _as_str(f["area_id"], blank=None)
    for c in ("lat", "lon"):
        f[c] = pd.to_numeric(f[c].astype(object)).astype("float64")
    for c in ("factory_class", "status", "gi_level"):
        f[c] = _as_int(f[c], nullable=False)
    for c in ("workers", "eco_factory_year", "csr_diw_year", "developed_year"):
        f[c] = _as_int(f[c], nullable=True)
    f["developed"] = f["developed"].astype(bool)
    return _sorted(f, ["registration_no"])


def _load_history(conn: Connection) -> pd.DataFrame:
    h = _select_frame(conn, factory_history, records.HISTORY_COLUMNS)
    for c in ("registration_no", "compliance"):
        h[c] = _as_str(h[c])
    for c in ("year", "inspections", "complaints"):
        h[c] = _as_int(h[c], nullable=False)
    return _sorted(h, ["registration_no", "year"])


def _load_checklist(conn: Connection) -> pd.DataFrame:
    c = _select_frame(conn, factory_checklist, records.CHECKLIST_COLUMNS)
    for col in records.CHECKLIST_COLUMNS:
        c[col] = _as_str(c[col])
    return _sorted(c, ["registration_no", "item_id"])


def _load_assessments(conn: Connection) -> pd.DataFrame:
    a = _select_frame(conn, assessments, records.ASSESSMENT_COLUMNS)
    for col in ("area_id", "criteria_version", "indicator_id", "evidence"):
        a[col] = _as_str(a[col])
    a["year"] = _as_int(a["year"], nullable=False)
    a["value"] = pd.to_numeric(a["value"].astype(object)).astype("float64")
    return _sorted(a, ["area_id", "year", "indicator_id"])


def _utc(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s.astype(object), utc=True)


def _load_certifications(conn: Connection) -> pd.DataFrame:
    c = _select_frame(conn, cert_table, CERT_COLUMNS)
    for col in ("area_id", "status", "note"):
        c[col] = _as_str(c[col])
    for col in ("drafted_by", "verified_by", "certified_by"):
        c[col] = _as_str(c[col], blank=None)
    for col in ("year", "level"):
        c[col] = _as_int(c[col], nullable=False)
    for col in ("drafted_at", "verified_at", "certified_at"):
        c[col] = _utc(c[col])
    return _sorted(c, ["area_id", "year"])


def read_meta(conn: Connection) -> dict:
    return {k: json.loads(v) for k, v in conn.execute(sa.select(meta.c.key, meta.c.value))}


def write_meta(conn: Connection, **values) -> None:
    for key, value in values.items():
        stmt = _insert_stmt(conn, meta, ["key"], ["value"])
        conn.execute(stmt, {"key": key, "value": json.dumps(value, ensure_ascii=False)})


def load_records(engine: Engine) -> dict:
    """{factories, history, checklist, assessments, certifications: DataFrame, meta: dict}, read in one
    transaction.  ``meta`` always has ``demo`` (False unless the demo was seeded), ``data_as_of`` (the stored
    value, else the newest factory ``data_as_of``) and ``years`` (the assessment years)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":        # one snapshot for all the tables
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        out = {
            "factories": _load_factories(conn),
            "history": _load_history(conn),
            "checklist": _load_checklist(conn),
            "assessments": _load_assessments(conn),
            "certifications": _load_certifications(conn),
            "meta": read_meta(conn),
        }
    m = out["meta"]
    m.setdefault("demo", False)
    if "data_as_of" not in m:
        dates = out["factories"]["data_as_of"]
        dates = dates[dates != ""]
        m["data_as_of"] = str(dates.max()) if len(dates) else _now().date().isoformat()
    years = sorted(int(y) for y in out["assessments"]["year"].unique())
    m["years"] = years or list(m.get("years", []))
    return out


def certifications(engine: Engine) -> pd.DataFrame:
    """Every certification record (columns :data:`CERT_COLUMNS`, by area_id and year)."""
    with engine.connect() as conn:
        return _load_certifications(conn)


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


# --------------------------------------------------------------------------------------------- certification

_STEP_BEFORE = {"verified": "draft", "certified": "verified"}


def set_certification(conn: Connection, area_id: str, year: int, level: int, status: str, username: str,
                      note: str = "") -> dict:
    """Move the certification of (area_id, year) one step: draft → verified → certified.

    ``draft`` is always allowed: a first draft, a re-draft (resets the verification), or a new draft over a
    certified record (the old record stays in ``certification_log``).  ``verified`` needs a draft and
    ``certified`` a verified record, both at the same ``level``; anything else raises CertificationError.
    Returns the new record.
    """
    if status not in CERT_STATUSES:
        raise CertificationError(f"unknown status {status!r}; one of {', '.join(CERT_STATUSES)} / "
                                 f"ไม่รู้จักสถานะ {status!r}")
    if isinstance(level, bool) or not isinstance(level, (int, np.integer)) or not 1 <= int(level) <= 5:
        raise CertificationError(f"level must be 1..5, got {level!r} / ระดับต้องเป็น 1 ถึง 5")
    if not (username or "").strip():
        raise CertificationError("a user name is required / ต้องระบุผู้ใช้")
    level, year, now = int(level), int(year), _now()
    where = (cert_table.c.area_id == area_id) & (cert_table.c.year == year)
    cur = conn.execute(sa.select(cert_table).where(where).with_for_update()).first()
    prev_status = cur.status if cur else None
    if status == "draft":
        values = dict(level=level, status="draft", drafted_by=username, drafted_at=now, verified_by=None,
                      verified_at=None, certified_by=None, certified_at=None, note=note or "")
    else:
        need = _STEP_BEFORE[status]
        if prev_status != need:
            have = prev_status or "none"
            raise CertificationError(
                f"{area_id} {year}: cannot mark {status}: the record is {have}, it must be {need} first "
                f"(draft → verified → certified) / {area_id} ปี {year}: ยังเปลี่ยนเป็น {status} ไม่ได้ "
                f"สถานะปัจจุบันคือ {have} ต้องเป็น {need} ก่อน (ร่าง → ตรวจสอบแล้ว → รับรองแล้ว)")
        if level != cur.level:
            raise CertificationError(
                f"{area_id} {year}: the {need} record is at level {cur.level}, not {level}; make a new draft to "
                f"change the level / ระดับในบันทึกคือ {cur.level} ไม่ใช่ {level} ต้องร่างใหม่เพื่อเปลี่ยนระดับ")
        values = {"status": status, f"{status}_by": username, f"{status}_at": now,
                  "note": note or cur.note or ""}
    if cur is None:
        conn.execute(cert_table.insert().values(area_id=area_id, year=year, **values))
    else:
        conn.execute(cert_table.update().where(where).values(**values))
    conn.execute(certification_log.insert().values(
        area_id=area_id, year=year, level=level, status=status, previous_status=prev_status,
        previous_level=cur.level if cur else None, username=username, at=now, note=note or ""))
    row = conn.execute(sa.select(cert_table).where(where)).one()
    return dict(row._mapping)


def certification_history(engine: Engine, area_id: str | None = None, year: int | None = None) -> pd.DataFrame:
    """Every certification step (oldest first), optionally of one area and/or year."""
    q = sa.select(certification_log).order_by(certification_log.c.id)
    if area_id is not None:
        q = q.where(certification_log.c.area_id == area_id)
    if year is not None:
        q = q.where(certification_log.c.year == int(year))
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    f = pd.DataFrame([tuple(r) for r in rows], columns=certification_log.columns.keys())
    f["at"] = _utc(f["at"])
    return f


# --------------------------------------------------------------------------------------------- demo

def _insert_frame(conn: Connection, table: sa.Table, df: pd.DataFrame) -> None:
    cols = [c.name for c in table.columns if c.name in df.columns]
    _write_rows(conn, table, cols, _rows(df, table, cols))


def _demo_certifications(assessments_df: pd.DataFrame, data_dir: Path, as_of: str) -> list[dict]:
    """Every area-year before the latest year certified at its scored level; in the latest year half of the
    areas (every other one, by area_id) verified, the rest drafted.  Area-years below level 1 get none."""
    from scoring.criteria import load_criteria
    from scoring.summary import build_model
    from store.dataset import criteria_file

    levels = build_model(assessments_df, load_criteria(criteria_file(data_dir))).levels
    levels = levels[levels["level"] >= 1].sort_values(["area_id", "year"])
    latest = int(levels["year"].max()) if len(levels) else None
    latest_areas = sorted(levels.loc[levels["year"] == latest, "area_id"]) if latest else []
    verified_now = set(latest_areas[::2])
    as_of_ts = dt.datetime.fromisoformat(as_of).replace(hour=9, tzinfo=dt.UTC)
    out = []
    for area_id, year, level in levels.itertuples(index=False):
        ce = int(year) - 543
        rec = dict(area_id=area_id, year=int(year), level=int(level), note="demo", drafted_by=None,
                   drafted_at=None, verified_by=None, verified_at=None, certified_by=None, certified_at=None)
        if year != latest:
            rec.update(status="certified",
                       drafted_by="demo-staff", drafted_at=dt.datetime(ce, 10, 1, 9, tzinfo=dt.UTC),
                       verified_by="demo-staff", verified_at=dt.datetime(ce, 11, 1, 9, tzinfo=dt.UTC),
                       certified_by="demo-admin", certified_at=dt.datetime(ce, 12, 1, 9, tzinfo=dt.UTC))
        elif area_id in verified_now:
            rec.update(status="verified", drafted_by="demo-staff", drafted_at=as_of_ts - dt.timedelta(days=30),
                       verified_by="demo-staff", verified_at=as_of_ts)
        else:
            rec.update(status="draft", drafted_by="demo-staff", drafted_at=as_of_ts)
        out.append(rec)
    return out


def seed_demo(engine: Engine, data_dir: Path | str) -> dict:
    """Load the demo (``data/demo``) into the database, replacing any earlier demo: factories, history,
    checklist, assessments, demo certifications, meta (demo=true) and the demo accounts ``demo-staff`` /
    ``demo-admin`` with password ``demo`` (added only if missing).  Refuses (NotEmptyError) once anything was
    imported.  Returns the number of rows loaded per table."""
    from store.accounts import hash_password

    data_dir = Path(data_dir)
    frames = {
        factories: records.load_factories(data_dir),
        factory_history: records.load_factory_history(data_dir),
        factory_checklist: records.load_factory_checklist(data_dir),
        assessments: records.load_assessments(data_dir),
    }
    records.check_factory_references(frames[factories], frames[factory_history], frames[factory_checklist])
    demo_meta = records.load_meta(data_dir)
    certs = _demo_certifications(frames[assessments], data_dir, demo_meta["data_as_of"])
    notes = _demo_notes(frames[assessments], data_dir, demo_meta["data_as_of"])
    from store.db import lock_for_setup

    with engine.begin() as conn:
        lock_for_setup(conn)
        if conn.execute(sa.select(imports.c.id).limit(1)).first() is not None:
            raise NotEmptyError("the database holds imported data; the demo is not loaded over it / "
                                "ฐานข้อมูลมีข้อมูลที่นำเข้าแล้ว จึงไม่โหลดข้อมูลสาธิตทับ")
        old = (area_notes, certification_log, cert_table, factory_checklist, factory_history, assessments, factories,
               meta)
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("TRUNCATE " + ", ".join(_q(conn, t.name) for t in old))
        else:
            for table in old:
                conn.execute(table.delete())
        for table, frame in frames.items():
            _insert_frame(conn, table, frame)
        if certs:
            conn.execute(cert_table.insert(), certs)
            log = []
            for c in certs:
                steps = [("draft", None, c["drafted_at"], c["drafted_by"])]
                if c.get("verified_at"):
                    steps.append(("verified", "draft", c["verified_at"], c["verified_by"]))
                if c.get("certified_at"):
                    steps.append(("certified", "verified", c["certified_at"], c["certified_by"]))
                for status, prev, at, who in steps:
                    log.append(dict(area_id=c["area_id"], year=c["year"], level=c["level"], status=status,
                                    previous_status=prev, previous_level=c["level"] if prev else None,
                                    username=who, at=at, note="demo"))
            conn.execute(certification_log.insert(), log)
        if notes:
            conn.execute(area_notes.insert(), notes)
        write_meta(conn, **demo_meta)
        for name, role in DEMO_USERS:
            if conn.execute(sa.select(users.c.username).where(users.c.username == name)).first() is None:
                conn.execute(users.insert().values(username=name, password_hash=hash_password(DEMO_PASSWORD),
                                                   role=role, active=True, created_at=_now()))
    counts = {t.name: len(f) for t, f in frames.items()}
    counts["certifications"] = len(certs)
    counts["area_notes"] = len(notes)
    return counts


def _demo_notes(assessments_df: pd.DataFrame, data_dir: Path, as_of: str) -> list[dict]:
    from scoring.criteria import load_criteria
    from store.dataset import criteria_file
    from store.notes import demo_notes

    if assessments_df.empty:
        return []
    at = dt.datetime.fromisoformat(as_of).replace(tzinfo=dt.timezone.utc)
    return demo_notes(assessments_df, load_criteria(criteria_file(data_dir)), int(assessments_df["year"].max()), at)


def clear_demo(engine: Engine) -> dict:
    """Remove the demo (records, certifications, notes, demo accounts) before real data goes in, and record
    ``demo = false`` so that the empty database is not filled with the demo again. Refuses (NotEmptyError) once
    an import has landed: imported rows would be mixed with demo rows."""
    with engine.begin() as conn:
        landed = conn.execute(sa.select(imports.c.id).where(imports.c.status == "landed").limit(1)).first()
        if landed is not None:
            raise NotEmptyError("data has been imported into this demo database; the demo can no longer be told "
                                "apart from it: start a new database with EIT_DEMO=0 instead / มีการนำเข้าข้อมูล"
                                "ในฐานข้อมูลสาธิตแล้ว แยกข้อมูลสาธิตออกไม่ได้ ให้สร้างฐานข้อมูลใหม่ด้วย EIT_DEMO=0")
        counts = {}
        for table in (area_notes, certification_log, cert_table, factory_checklist, factory_history, assessments,
                      factories, meta):
            counts[table.name] = conn.execute(table.delete()).rowcount
        conn.execute(users.delete().where(users.c.username.in_([u for u, _ in DEMO_USERS])))
        write_meta(conn, demo=False)
    return counts
