"""The database: where it is, how to connect, and how to bring it to the current schema.

``EIT_DATABASE_URL`` selects it (any SQLAlchemy URL, e.g. ``postgresql+psycopg://user:pw@host/db``); without it,
a SQLite file ``var/eit.sqlite`` in the repository is used.  The schema is versioned with Alembic
(``db/migrations``), configured in code: no ``alembic.ini`` is needed.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.settings import db_busy_timeout_s, env, var_dir

DEFAULT_SQLITE = var_dir() / "eit.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url() -> str:
    """``EIT_DATABASE_URL``, or the SQLite file ``<repo>/var/eit.sqlite`` (its folder is created)."""
    url = env("EIT_DATABASE_URL")
    if url:
        return url
    DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE}"


def _sqlite_connect(dbapi_conn, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (see the "begin" hook below),
    # so that a transaction covers the reads before the first write too.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    # a writer waits this long for another one (EIT_DB_BUSY_TIMEOUT_S) before "database is locked"
    cur.execute(f"PRAGMA busy_timeout = {int(db_busy_timeout_s() * 1000)}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def _sqlite_begin(conn) -> None:
    # a serialised transaction (:func:`serialised`) takes the write lock at its start, before its first read
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("eit_serialised") else "BEGIN")


def get_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default :func:`database_url`).  SQLite gets foreign keys on and WAL journaling."""
    url = url or database_url()
    u = sa.engine.make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(u)
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(u, pool_pre_ping=True)


def alembic_config(engine: Engine | None = None):
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


_LOCK_ID = 0x45495401   # "EIT" + 1: serialises migrations and the demo seed between processes (PostgreSQL)


def lock_for_setup(conn) -> None:
    """Inside a transaction: wait until no other process is migrating or seeding (PostgreSQL advisory lock,
    released at commit; SQLite serialises writers itself)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")


@contextmanager
def serialised(engine: Engine, lock_id: int):
    """A transaction that runs alone among those of the same ``lock_id``, from its first statement to its
    commit, so a read-then-write in it always sees the writes of the one before: PostgreSQL's advisory lock
    ``lock_id``; SQLite's write lock, taken at its start (``BEGIN IMMEDIATE``; it serialises every writer)."""
    with engine.connect() as conn:
        conn.execution_options(eit_serialised=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({int(lock_id)})")
            yield conn


def init_db(engine: Engine) -> None:
    """Bring the schema to the newest migration (``alembic upgrade head``); safe to call every start."""
    from alembic import command
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        lock_for_setup(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def downgrade_db(engine: Engine, revision: str = "base") -> None:
    """``alembic downgrade`` (tests use it; ``base`` drops every table)."""
    from alembic import command
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def schema_revision(engine: Engine) -> str | None:
    """The migration the database is at (None before :func:`init_db`)."""
    from alembic.runtime.migration import MigrationContext
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
