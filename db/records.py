"""Reading the records the dashboard shows from the database.

:func:`load_records` returns the same frames, with the same dtypes, as the CSV loaders of
:mod:`programme.records` (rows sorted by their key; factories with no area have ``area_id`` NA).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from common.years import bangkok_today
from db.meta import read_meta
from db.schema import assessments, factories, factory_checklist, factory_history
from db.schema import certifications as cert_table
from programme import records

CERT_COLUMNS = ["area_id", "year", "level", "status", "drafted_by", "drafted_at", "verified_by", "verified_at",
                "certified_by", "certified_at", "note"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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
    for c in ("registration_no", "fid", "name_th", "name_en", "owner", "category", "isic", "province_code",
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
        m["data_as_of"] = str(dates.max()) if len(dates) else bangkok_today().isoformat()   # people read it
    years = sorted(int(y) for y in out["assessments"]["year"].unique())
    m["years"] = years or list(m.get("years", []))
    return out


def certifications(engine: Engine) -> pd.DataFrame:
    """Every certification record (columns :data:`CERT_COLUMNS`, by area_id and year)."""
    with engine.connect() as conn:
        return _load_certifications(conn)
