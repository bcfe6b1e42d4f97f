"""Database fixtures: every test that takes ``db_url`` runs twice, on SQLite (a temporary file) and on PostgreSQL
(``EIT_TEST_POSTGRES_URL``, e.g. set by ``eval "$(sudo bash scripts/postgres-test.sh)"``), each time on a clean
schema brought to the newest migration.

Without EIT_TEST_POSTGRES_URL the PostgreSQL runs are skipped, except under CI (env ``CI`` set), where they fail:
CI must run them.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
PG_ENV = "EIT_TEST_POSTGRES_URL"


def _drop_everything(url: str) -> None:
    from db.engine import get_engine
    engine = get_engine(url)
    try:
        with engine.begin() as conn:
            md = sa.MetaData()
            md.reflect(conn)
            md.drop_all(conn)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """The URL of an empty database at the newest schema (SQLite file or the test PostgreSQL database)."""
    from db.engine import get_engine, init_db
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'eit.sqlite'}"
    else:
        url = os.environ.get(PG_ENV, "").strip()
        if not url:
            msg = (f"{PG_ENV} is not set: run `eval \"$(sudo bash scripts/postgres-test.sh)\"` "
                   "(scripts/test.sh does this when it runs as root)")
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL tests must run in CI: {msg}")
            pytest.skip(msg)
        _drop_everything(url)
    engine = get_engine(url)
    init_db(engine)
    engine.dispose()
    yield url
    if request.param == "postgresql":
        _drop_everything(url)


@pytest.fixture
def engine(db_url):
    from db.engine import get_engine
    eng = get_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def placer():
    """One Placer for the whole run (building it reads the boundary files)."""
    from ingest.importer import placer_for
    return placer_for(DATA_DIR)


@pytest.fixture
def upload_root(tmp_path) -> Path:
    return tmp_path / "uploads"

