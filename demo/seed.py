"""The demo in the database: loading it (``seed_demo``), removing it (``clear_demo``), and the start-up rule
that fills an empty demo database with it (``ensure_database``).

A database is a demo database or a production one, recorded once in meta ``demo_database`` when it is first
opened (``EIT_DEMO`` decides then; see :func:`open_database`).  Only a demo database is ever seeded, and seeding
or clearing deletes only demo rows, never a row a person wrote."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from common.settings import demo_enabled
from common.years import to_ce
from db.accounts import hash_password
from db.bulk import insert_frame, quote
from db.engine import init_db, lock_for_setup
from db.meta import read_meta, write_meta
from db.schema import (
    account_areas,
    area_notes,
    assessments,
    certification_log,
    factories,
    factory_checklist,
    factory_history,
    imports,
    meta,
    submissions,
    users,
    visits,
)
from db.schema import certifications as cert_table
from demo.notes import demo_notes
from demo.submissions import clear_submissions, seed_submissions
from demo.symbiosis import clear_symbiosis, seed_symbiosis
from demo.visits import delete_demo_visits, demo_visits, insert_demo_visits
from programme import records
from programme.criteria import current_criteria
from programme.verification import load_verification_rules
from scoring.summary import build_model

#: One demo account per role (name, role, areas of a working group), all with DEMO_PASSWORD; the README lists them.
DEMO_USERS = (("demo-wg-rayong", "working_group", ("ryg-irpc", "ryg-mtp")), ("demo-auditor", "auditor", ()),
              ("demo-staff", "staff", ()), ("demo-staff2", "staff", ()), ("demo-secretary", "secretary", ()),
              ("demo-admin", "admin", ()))
DEMO_PASSWORD = "demo"
#: meta key: whether this is a demo database (true) or a production one (false), recorded once when the
#: database is first opened (EIT_DEMO decides then); only a demo database is ever seeded.
DEMO_DATABASE = "demo_database"
#: tables of rows a person may write, where the demo's rows carry ``demo = true``
MARKED = (area_notes, certification_log, cert_table)
#: tables only imports or the demo fill: with no import landed, every row is a demo row
RECORDS = (factory_checklist, factory_history, assessments, factories)


class SeedRefused(RuntimeError):
    """The demo is not loaded (or removed): the message says why, in English and Thai."""


class NotEmptyError(SeedRefused):
    """The database holds imported data, so the demo is not loaded over it."""


class ProductionDatabaseError(SeedRefused):
    """The database is a production database: the demo is never loaded into it."""


PRODUCTION_MESSAGE = (
    "this is a production database (it was created with EIT_DEMO=0, held real data before the demo marker "
    "existed, or the demo was removed with clear-demo): the demo is never loaded into it; to try the demo, use a "
    "new database (another EIT_DATABASE_URL) / ฐานข้อมูลนี้เป็นฐานข้อมูลใช้งานจริง (สร้างด้วย EIT_DEMO=0 "
    "มีข้อมูลจริงอยู่ก่อน หรือลบข้อมูลสาธิตออกด้วย clear-demo แล้ว) จึงไม่โหลดข้อมูลสาธิตลงไปเด็ดขาด "
    "หากต้องการทดลองข้อมูลสาธิต ให้ใช้ฐานข้อมูลใหม่ (EIT_DATABASE_URL อื่น)")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _demo_certifications(assessments_df: pd.DataFrame, data_dir: Path, as_of: str) -> list[dict]:
    """Every area-year before the latest year certified at its scored level; in the latest year half of the
    areas (every other one, by area_id) verified, the rest drafted.  Area-years below level 1 get none.  Staff
    draft and verify, the committee's secretary certifies (never the verifier: four eyes); demo.visits adds the
    verification visit each verified level stands on."""
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
                       certified_by="demo-secretary", certified_at=dt.datetime(ce, 12, 1, 9, tzinfo=dt.UTC))
        elif area_id in verified_now:
            rec.update(status="verified", drafted_by="demo-staff", drafted_at=as_of_ts - dt.timedelta(days=30),
                       verified_by="demo-staff", verified_at=as_of_ts)
        else:
            rec.update(status="draft", drafted_by="demo-staff", drafted_at=as_of_ts)
        out.append(rec)
    return out


def _has_rows(conn: Connection) -> bool:
    """Anything in the database: records, imports, certifications, notes, or an account other than the demo's."""
    for table in (*RECORDS, imports, *MARKED, visits):
        if conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None:
            return True
    others = sa.select(users.c.username).where(users.c.username.not_in([u for u, _, _ in DEMO_USERS])).limit(1)
    return conn.execute(others).first() is not None


def _database_kind(conn: Connection) -> bool:
    """Whether the database is a demo database, recorded now if it was not yet (call with the setup lock held).

    A new database (nothing in it) is a demo database unless ``EIT_DEMO=0``.  A database from before the marker
    existed is a demo database when it holds the demo (meta ``demo`` true), and a production one when the demo
    was cleared from it or it holds anything else (records, imports, certifications, notes, real accounts)."""
    m = read_meta(conn)
    if DEMO_DATABASE in m:
        return bool(m[DEMO_DATABASE])
    if "demo" in m:
        kind = m["demo"] is True
    else:
        kind = not _has_rows(conn) and demo_enabled()
    write_meta(conn, **{DEMO_DATABASE: kind})
    return kind


def open_database(engine: Engine) -> bool:
    """Migrate to the newest schema and record, the first time, whether this is a demo database; returns
    whether it is.  Every entry point calls it (the app, ``python -m reports``, ``python -m store``)."""
    init_db(engine)
    with engine.begin() as conn:
        lock_for_setup(conn)
        return _database_kind(conn)


def is_demo_database(engine: Engine) -> bool:
    with engine.connect() as conn:
        return read_meta(conn).get(DEMO_DATABASE) is True


def _delete_demo(conn: Connection) -> dict:
    """Delete the demo's rows, never a person's: the marked demo rows of certifications, their log and notes,
    every factory/history/checklist/assessment row (the caller has made sure no import landed), and the demo's
    meta keys.  Returns the rows deleted per table."""
    counts = {"visits": delete_demo_visits(conn), "submissions": clear_submissions(conn)}
    for table in MARKED:
        counts[table.name] = conn.execute(table.delete().where(table.c.demo.is_(True))).rowcount
    for table in RECORDS:
        counts[table.name] = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("TRUNCATE " + ", ".join(quote(conn, t.name) for t in RECORDS))
    else:
        for table in RECORDS:
            conn.execute(table.delete())
    conn.execute(meta.delete().where(meta.c.key != DEMO_DATABASE))
    return counts


def _person_keys(conn: Connection, table) -> set[tuple[str, int]]:
    """(area_id, year) of the rows a person wrote (``demo`` false) in certifications or area_notes."""
    q = sa.select(table.c.area_id, table.c.year).where(table.c.demo.is_(False))
    return {(a, int(y)) for a, y in conn.execute(q)}


def seed_demo(engine: Engine, data_dir: Path | str) -> dict:
    """Load the demo (``data/demo``) into a demo database, replacing the earlier demo rows: factories, history,
    checklist, assessments, demo certifications and notes (marked ``demo``), meta (demo=true) and the demo
    accounts ``demo-staff`` / ``demo-admin`` with password ``demo`` (added only if missing).  A certification or
    note a person wrote is kept, and the demo's one for the same area and year is left out.  Refuses
    (ProductionDatabaseError) on a production database and (NotEmptyError) once anything was imported.  Returns
    the number of rows loaded per table."""
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
    latest = max((c["year"] for c in certs), default=None)
    notes = _demo_notes(frames[assessments], data_dir, demo_meta["data_as_of"])
    with engine.begin() as conn:
        lock_for_setup(conn)
        if not _database_kind(conn):
            raise ProductionDatabaseError(PRODUCTION_MESSAGE)
        if conn.execute(sa.select(imports.c.id).limit(1)).first() is not None:
            raise NotEmptyError("the database holds imported data; the demo is not loaded over it / "
                                "ฐานข้อมูลมีข้อมูลที่นำเข้าแล้ว จึงไม่โหลดข้อมูลสาธิตทับ")
        _delete_demo(conn)
        for table, frame in frames.items():
            insert_frame(conn, table, frame)
        taken = _person_keys(conn, cert_table)
        certs = [dict(c, demo=True) for c in certs if (c["area_id"], c["year"]) not in taken]
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
                                    username=who, at=at, note="demo", demo=True))
            conn.execute(certification_log.insert(), log)
        n_visits = insert_demo_visits(conn, demo_visits(certs, current_criteria(data_dir).table,
                                                         load_verification_rules(data_dir), latest))
        taken = _person_keys(conn, area_notes)
        notes = [dict(n, demo=True) for n in notes if (n["area_id"], n["year"]) not in taken]
        if notes:
            conn.execute(area_notes.insert(), notes)
        # symbiosis (parties, flows, exchanges, status history): its own tables, replaced as a block
        symbiosis_counts = seed_symbiosis(conn, data_dir, frames[factories])
        n_submissions = _demo_submissions(conn, frames[assessments], data_dir, demo_meta["data_as_of"])
        write_meta(conn, **demo_meta)
        for name, role, areas in DEMO_USERS:
            if conn.execute(sa.select(users.c.username).where(users.c.username == name)).first() is None:
                conn.execute(users.insert().values(username=name, password_hash=hash_password(DEMO_PASSWORD),
                                                   role=role, active=True, created_at=_now()))
                if areas:
                    conn.execute(account_areas.insert(), [{"username": name, "area_id": a} for a in areas])
    counts = {t.name: len(f) for t, f in frames.items()}
    counts["certifications"] = len(certs)
    counts["area_notes"] = len(notes)
    counts["visits"] = n_visits
    counts["submissions"] = n_submissions
    counts.update(symbiosis_counts)
    return counts


def _demo_notes(assessments_df: pd.DataFrame, data_dir: Path, as_of: str) -> list[dict]:
    if assessments_df.empty:
        return []
    at = dt.datetime.fromisoformat(as_of).replace(tzinfo=dt.UTC)
    return demo_notes(assessments_df, current_criteria(data_dir), int(assessments_df["year"].max()), at)


def _demo_submissions(conn: Connection, assessments_df: pd.DataFrame, data_dir: Path, as_of: str) -> int:
    from ingest.evidence import evidence_root
    from ingest.uploads import keep_upload
    from symbiosis.indicators import computed_indicators

    criteria = current_criteria(data_dir)
    taken = {(a, int(y)) for a, y in conn.execute(sa.select(submissions.c.area_id, submissions.c.year))}
    at = dt.datetime.fromisoformat(as_of).replace(hour=9, tzinfo=dt.UTC)
    return seed_submissions(conn, assessments_df, criteria, computed_indicators(criteria.table), at,
                            lambda data, name: keep_upload(data, name, evidence_root())[1], taken)


def clear_demo(engine: Engine) -> dict:
    """Remove the demo (its records, certifications, log rows, notes and accounts) before real data goes in; the
    certifications, log rows and notes a person wrote stay.  The database becomes a production database
    (``demo_database`` false, ``demo`` false): it is never filled with the demo again.  Refuses
    (ProductionDatabaseError) on a production database and (NotEmptyError) once an import has landed: imported
    rows would be mixed with demo rows.  Returns the demo rows removed per table."""
    with engine.begin() as conn:
        lock_for_setup(conn)
        if not _database_kind(conn):
            raise ProductionDatabaseError("this is a production database: it holds no demo to remove / "
                                          "ฐานข้อมูลนี้เป็นฐานข้อมูลใช้งานจริง ไม่มีข้อมูลสาธิตให้ลบ")
        landed = conn.execute(sa.select(imports.c.id).where(imports.c.status == "landed").limit(1)).first()
        if landed is not None:
            raise NotEmptyError("data has been imported into this demo database; the demo can no longer be told "
                                "apart from it: start a new database with EIT_DEMO=0 instead / มีการนำเข้าข้อมูล"
                                "ในฐานข้อมูลสาธิตแล้ว แยกข้อมูลสาธิตออกไม่ได้ ให้สร้างฐานข้อมูลใหม่ด้วย EIT_DEMO=0")
        counts = _delete_demo(conn)
        counts.update(clear_symbiosis(conn))          # the symbiosis tables (no import landed: all demo)
        demo_names = [u for u, _, _ in DEMO_USERS]
        conn.execute(account_areas.delete().where(account_areas.c.username.in_(demo_names)))
        conn.execute(users.delete().where(users.c.username.in_(demo_names)))
        write_meta(conn, demo=False, **{DEMO_DATABASE: False})
    return counts


def is_empty(engine: Engine) -> bool:
    """No factories and no imports: nothing but (maybe) accounts, certifications and notes."""
    with engine.connect() as conn:
        return (conn.execute(sa.select(factories.c.registration_no).limit(1)).first() is None
                and conn.execute(sa.select(imports.c.id).limit(1)).first() is None)


def ensure_database(engine: Engine, data_dir: Path | str) -> bool:
    """Migrate, record whether this is a demo database (:func:`open_database`), then, in a demo database only,
    load the demo when there are no records yet (no factories, no imports), so that a fresh machine shows the
    demo.  A production database is never seeded, whatever ``EIT_DEMO`` says later; ``EIT_DEMO=0`` also stops
    the automatic demo of a demo database.  Returns True when the demo was loaded now."""
    if not open_database(engine) or not demo_enabled() or not is_empty(engine):
        return False
    try:
        seed_demo(engine, data_dir)
    except SeedRefused:        # another process imported or cleared the demo meanwhile
        return False
    return True
