"""The demo in the database: loading it (``seed_demo``), removing it (``clear_demo``), and the start-up rule
that fills an empty database with it (``ensure_database``)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.settings import demo_enabled
from common.years import to_ce
from db.accounts import hash_password
from db.bulk import insert_frame, quote
from db.engine import init_db, lock_for_setup
from db.meta import read_meta, write_meta
from db.schema import (
    area_notes,
    assessments,
    certification_log,
    factories,
    factory_checklist,
    factory_history,
    imports,
    meta,
    users,
)
from db.schema import certifications as cert_table
from demo.notes import demo_notes
from demo.symbiosis import clear_symbiosis, seed_symbiosis
from programme import records
from programme.criteria import current_criteria
from scoring.summary import build_model

DEMO_USERS = (("demo-staff", "staff"), ("demo-admin", "admin"))
DEMO_PASSWORD = "demo"


class NotEmptyError(RuntimeError):
    """The database holds imported data, so the demo is not loaded over it."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _demo_certifications(assessments_df: pd.DataFrame, data_dir: Path, as_of: str) -> list[dict]:
    """Every area-year before the latest year certified at its scored level; in the latest year half of the
    areas (every other one, by area_id) verified, the rest drafted.  Area-years below level 1 get none."""
    levels = build_model(assessments_df, current_criteria(data_dir)).levels
    levels = levels[levels["level"] >= 1].sort_values(["area_id", "year"])
    latest = int(levels["year"].max()) if len(levels) else None
    latest_areas = sorted(levels.loc[levels["year"] == latest, "area_id"]) if latest else []
    verified_now = set(latest_areas[::2])
    as_of_ts = dt.datetime.fromisoformat(as_of).replace(hour=9, tzinfo=dt.UTC)
    out = []
    for area_id, year, level in levels.itertuples(index=False):
        ce = to_ce(year)
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
    with engine.begin() as conn:
        lock_for_setup(conn)
        if conn.execute(sa.select(imports.c.id).limit(1)).first() is not None:
            raise NotEmptyError("the database holds imported data; the demo is not loaded over it / "
                                "ฐานข้อมูลมีข้อมูลที่นำเข้าแล้ว จึงไม่โหลดข้อมูลสาธิตทับ")
        old = (area_notes, certification_log, cert_table, factory_checklist, factory_history, assessments, factories,
               meta)
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("TRUNCATE " + ", ".join(quote(conn, t.name) for t in old))
        else:
            for table in old:
                conn.execute(table.delete())
        for table, frame in frames.items():
            insert_frame(conn, table, frame)
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
        # symbiosis (parties, flows, exchanges, status history): its own tables, replaced as a block
        symbiosis_counts = seed_symbiosis(conn, data_dir, frames[factories])
        write_meta(conn, **demo_meta)
        for name, role in DEMO_USERS:
            if conn.execute(sa.select(users.c.username).where(users.c.username == name)).first() is None:
                conn.execute(users.insert().values(username=name, password_hash=hash_password(DEMO_PASSWORD),
                                                   role=role, active=True, created_at=_now()))
    counts = {t.name: len(f) for t, f in frames.items()}
    counts["certifications"] = len(certs)
    counts["area_notes"] = len(notes)
    counts.update(symbiosis_counts)
    return counts


def _demo_notes(assessments_df: pd.DataFrame, data_dir: Path, as_of: str) -> list[dict]:
    if assessments_df.empty:
        return []
    at = dt.datetime.fromisoformat(as_of).replace(tzinfo=dt.UTC)
    return demo_notes(assessments_df, current_criteria(data_dir), int(assessments_df["year"].max()), at)


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
        counts.update(clear_symbiosis(conn))          # the symbiosis tables
        conn.execute(users.delete().where(users.c.username.in_([u for u, _ in DEMO_USERS])))
        write_meta(conn, demo=False)
    return counts


def is_empty(engine: Engine) -> bool:
    """No factories and no imports: nothing but (maybe) accounts."""
    with engine.connect() as conn:
        return (conn.execute(sa.select(factories.c.registration_no).limit(1)).first() is None
                and conn.execute(sa.select(imports.c.id).limit(1)).first() is None)


def ensure_database(engine: Engine, data_dir: Path | str) -> bool:
    """Migrate, then load the demo data if the database is empty (no factories, no imports) so that a fresh
    machine still shows the demo.  ``EIT_DEMO=0`` turns the automatic demo off (production).  Returns True
    when the demo was loaded now."""
    init_db(engine)
    if not demo_enabled():
        return False
    if not is_empty(engine):
        return False
    with engine.connect() as conn:
        if read_meta(conn).get("demo") is False:  # the demo was cleared on purpose (python -m store clear-demo)
            return False
    seed_demo(engine, data_dir)
    return True
