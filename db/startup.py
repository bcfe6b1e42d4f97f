"""The database's start-up decision: migrate, record once whether it is a demo or a production database, and,
in an empty demo database, load the demo (``ensure_database``).

A database is a demo database or a production one, recorded once in meta ``demo_database`` when it is first
opened (``EIT_DEMO`` decides then; see :func:`open_database`).  Only a demo database is ever seeded.  This module
does not know how the demo is loaded: the entry point that wants it passes the loading function
(``ensure_database(engine, data_dir, seed=demo.seed.seed_demo)``), so the production entry points (the command
line, the reports, the benchmarks) need only the database package."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from common.errors import Message, Refused
from common.settings import demo_enabled
from db.engine import init_db, lock_for_setup
from db.meta import read_meta, write_meta
from db.schema import (
    area_notes,
    assessments,
    certification_log,
    certifications,
    factories,
    factory_checklist,
    factory_history,
    imports,
    users,
    visits,
)

#: meta key: whether this is a demo database (true) or a production one (false), recorded once when the
#: database is first opened (EIT_DEMO decides then); only a demo database is ever seeded.
DEMO_DATABASE = "demo_database"
#: The demo's accounts (one per role; demo.seed gives their roles and areas): an account with another name
#: means a person has used the database.
DEMO_USERNAMES = ("demo-wg-rayong", "demo-auditor", "demo-staff", "demo-staff2", "demo-secretary", "demo-admin")
#: tables of rows a person may write, where the demo's rows carry ``demo = true``
MARKED = (area_notes, certification_log, certifications)
#: tables only imports or the demo fill: with no import landed, every row is a demo row
RECORDS = (factory_checklist, factory_history, assessments, factories)

PRODUCTION = Message(
    "ฐานข้อมูลนี้เป็นฐานข้อมูลใช้งานจริง (สร้างด้วย EIT_DEMO=0 มีข้อมูลจริงอยู่ก่อน หรือลบข้อมูลสาธิตออกด้วย "
    "clear-demo แล้ว) จึงไม่โหลดข้อมูลสาธิตลงไปเด็ดขาด หากต้องการทดลองข้อมูลสาธิต ให้ใช้ฐานข้อมูลใหม่ "
    "(EIT_DATABASE_URL อื่น)",
    "this is a production database (it was created with EIT_DEMO=0, held real data before the demo marker "
    "existed, or the demo was removed with clear-demo): the demo is never loaded into it; to try the demo, use a "
    "new database (another EIT_DATABASE_URL)")
NO_DEMO_TO_REMOVE = Message("ฐานข้อมูลนี้เป็นฐานข้อมูลใช้งานจริง ไม่มีข้อมูลสาธิตให้ลบ",
                            "this is a production database: it holds no demo to remove")
IMPORTED = Message("ฐานข้อมูลมีข้อมูลที่นำเข้าแล้ว จึงไม่โหลดข้อมูลสาธิตทับ",
                   "the database holds imported data; the demo is not loaded over it")
MIXED = Message("มีการนำเข้าข้อมูลในฐานข้อมูลสาธิตแล้ว แยกข้อมูลสาธิตออกไม่ได้ ให้สร้างฐานข้อมูลใหม่ด้วย EIT_DEMO=0",
                "data has been imported into this demo database; the demo can no longer be told apart from it: "
                "start a new database with EIT_DEMO=0 instead")


class SeedRefused(Refused):
    """The demo is not loaded (or removed): the message says why, in Thai and English."""


class NotEmptyError(SeedRefused):
    """The database holds imported data, so the demo is not loaded over it."""


class ProductionDatabaseError(SeedRefused):
    """The database is a production database: the demo is never loaded into it."""


def _has_rows(conn: Connection) -> bool:
    """Anything in the database: records, imports, certifications, notes, or an account other than the demo's."""
    for table in (*RECORDS, imports, *MARKED, visits):
        if conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None:
            return True
    others = sa.select(users.c.username).where(users.c.username.not_in(DEMO_USERNAMES)).limit(1)
    return conn.execute(others).first() is not None


def database_kind(conn: Connection) -> bool:
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
        return database_kind(conn)


def is_demo_database(engine: Engine) -> bool:
    with engine.connect() as conn:
        return read_meta(conn).get(DEMO_DATABASE) is True


def _any_import(conn: Connection, landed_only: bool = False) -> bool:
    q = sa.select(imports.c.id).limit(1)
    if landed_only:
        q = q.where(imports.c.status == "landed")
    return conn.execute(q).first() is not None


def check_seedable(conn: Connection) -> None:
    """Inside the seeding transaction: take the setup lock, then refuse (ProductionDatabaseError) a production
    database and (NotEmptyError) one where anything was imported."""
    lock_for_setup(conn)
    if not database_kind(conn):
        raise ProductionDatabaseError(PRODUCTION)
    if _any_import(conn):
        raise NotEmptyError(IMPORTED)


def check_clearable(conn: Connection) -> None:
    """Inside the clearing transaction: take the setup lock, then refuse (ProductionDatabaseError) a production
    database and (NotEmptyError) one where an import landed (imported rows would be mixed with demo rows)."""
    lock_for_setup(conn)
    if not database_kind(conn):
        raise ProductionDatabaseError(NO_DEMO_TO_REMOVE)
    if _any_import(conn, landed_only=True):
        raise NotEmptyError(MIXED)


def is_empty(engine: Engine) -> bool:
    """No factories and no imports: nothing but (maybe) accounts, certifications and notes."""
    with engine.connect() as conn:
        return (conn.execute(sa.select(factories.c.registration_no).limit(1)).first() is None
                and not _any_import(conn))


def ensure_database(engine: Engine, data_dir: Path | str,
                    seed: Callable[[Engine, Path | str], object] | None = None) -> bool:
    """Migrate, record whether this is a demo database (:func:`open_database`), then, in a demo database only,
    load the demo with ``seed(engine, data_dir)`` when there are no records yet (no factories, no imports), so
    that a fresh machine shows the demo.  Without ``seed`` it only opens the database.  A production database is
    never seeded, whatever ``EIT_DEMO`` says later; ``EIT_DEMO=0`` also stops the automatic demo of a demo
    database.  Returns True when the demo was loaded now."""
    if not open_database(engine) or seed is None or not demo_enabled() or not is_empty(engine):
        return False
    try:
        seed(engine, data_dir)
    except SeedRefused:        # another process imported or cleared the demo meanwhile
        return False
    return True
