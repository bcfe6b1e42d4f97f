"""Backup and restore as the README documents them (scripts/backup.sh, scripts/restore.sh: pg_dump / pg_restore
and the kept uploads), on the test PostgreSQL database: what was there at the backup comes back, what came after
is gone, over a changed database and over a lost one."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest_db import PG_ENV, ROOT, _drop_everything

FIXTURE = ROOT / "tests" / "fixtures" / "moi_factory_data.csv"


@pytest.fixture
def pg_url():
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        msg = f"{PG_ENV} is not set (scripts/test.sh sets it when it runs as root)"
        if os.environ.get("CI"):
            pytest.fail(f"the backup test must run in CI: {msg}")
        pytest.skip(msg)
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.fail("pg_dump and pg_restore are needed: apt-get install postgresql-client")
    _drop_everything(url)
    yield url
    _drop_everything(url)


def _run(args, env):
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done


def _state(engine) -> dict:
    from db.schema import certification_log, factories, imports
    with engine.connect() as conn:
        imp = conn.execute(sa.select(imports).order_by(imports.c.id)).mappings().all()
        regs = conn.execute(sa.select(factories.c.registration_no, factories.c.name_th)
                            .order_by(factories.c.registration_no)).all()
        steps = conn.execute(sa.select(sa.func.count()).select_from(certification_log)).scalar()
    return {"imports": [dict(r) for r in imp], "factories": [tuple(r) for r in regs], "steps": steps}


def test_backup_and_restore_bring_back_the_database_and_the_uploads(pg_url, tmp_path):
    from db.certification import set_certification
    from db.engine import get_engine, schema_revision

    uploads, backup = tmp_path / "uploads", tmp_path / "backup"
    env = {**os.environ, "EIT_DATABASE_URL": pg_url, "EIT_UPLOAD_DIR": str(uploads), "EIT_DEMO": "0",
           "PYTHON": sys.executable}
    _run([sys.executable, "-m", "store", "create-user", "backup-test", "--role", "staff"],
         {**env, "EIT_NEW_PASSWORD": "kept safe in two places"})       # every write names an active account
    _run([sys.executable, "-m", "store", "import-factories", str(FIXTURE), "--user", "backup-test"], env)
    engine = get_engine(pg_url)
    try:
        before = _state(engine)
        assert len(before["imports"]) == 1 and before["factories"]
        kept = Path(before["imports"][0]["stored_path"])
        assert kept.is_file() and uploads in kept.parents
        revision = schema_revision(engine)

        _run(["bash", "scripts/backup.sh", str(backup)], env)
        assert (backup / "eit.dump").stat().st_size > 0 and (backup / "uploads.tar").stat().st_size > 0

        # After the backup: a certification step is written and the uploads folder is lost.
        with engine.begin() as conn:
            set_certification(conn, "ryg-mtp", 2567, 3, "draft", "backup-test")
        shutil.rmtree(uploads)
        engine.dispose()
        _run(["bash", "scripts/restore.sh", str(backup)], env)
        assert _state(engine) == before           # the later step is gone, every row of the backup is back
        assert hashlib.sha256(kept.read_bytes()).hexdigest() == before["imports"][0]["sha256"]
        assert kept.read_bytes() == FIXTURE.read_bytes()

        # The whole database lost: the same backup brings it back, at the same schema revision.
        engine.dispose()
        _drop_everything(pg_url)
        _run(["bash", "scripts/restore.sh", str(backup)], env)
        assert _state(engine) == before
        assert schema_revision(engine) == revision
        # ... and the app's command line carries on from it: the same file again changes nothing.
        done = _run([sys.executable, "-m", "store", "import-factories", str(FIXTURE), "--user", "backup-test"], env)
        assert f"0 inserted, 0 updated, {len(before['factories']):,} unchanged" in done.stdout
    finally:
        engine.dispose()
