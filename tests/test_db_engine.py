"""The database engine and its migrations on SQLite and PostgreSQL (fixture ``db_url``, see tests/conftest_db.py): the
schema of db/schema.py, downgrade and upgrade, the data migrations, foreign keys, the URL from the environment."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from db import records as db_records
from db.engine import downgrade_db, get_engine, init_db, schema_revision
from db.schema import metadata


def _head() -> str:
    from alembic.script import ScriptDirectory

    from db.engine import alembic_config
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrations_create_the_schema_of_store_schema(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    assert schema_revision(engine) == _head() == "0011_external_auditors"
    names = set(sa.inspect(engine).get_table_names())
    assert {"factories", "factory_history", "factory_checklist", "assessments", "certifications", "imports",
            "users", "account_areas", "sessions", "auth_log", "meta", "area_notes", "parties", "material_flows", "exchanges",
            "exchange_status_history", "submissions", "submission_values", "submission_comments",
            "evidence_files", "submission_log", "visits", "visit_team", "visit_findings", "finding_evidence", "alembic_version"} <= names
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == [], f"migrations and db/schema.py differ: {diff}"


def test_downgrade_to_base_drops_everything_and_upgrade_is_repeatable(engine):
    downgrade_db(engine, "base")
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    init_db(engine)
    init_db(engine)                                      # a second upgrade is a no-op
    assert schema_revision(engine) == _head()


def test_migration_0003_marks_the_rows_an_existing_demo_database_loaded(engine):
    """A database that holds the demo when 0003 runs: the demo's certification, log rows and note become demo rows;
    what a person wrote there stays theirs (so neither reseeding nor clear-demo deletes it)."""
    downgrade_db(engine, "0002_area_notes")
    at = "2025-09-30 09:00:00+00:00"
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO meta (key, value) VALUES ('demo', 'true')"))
        for area, by, note in (("ryg-mtp", "demo-staff", "demo"), ("ryg-irpc", "demo-staff", "ตรวจแล้ว")):
            conn.execute(sa.text("INSERT INTO certifications (area_id, year, level, status, drafted_by, drafted_at, "
                                 "note) VALUES (:a, 2568, 2, 'draft', :by, :at, :note)"), dict(a=area, by=by, at=at,
                                                                                             note=note))
            conn.execute(sa.text("INSERT INTO certification_log (area_id, year, level, status, username, at, note) "
                                 "VALUES (:a, 2568, 2, 'draft', :by, :at, :note)"), dict(a=area, by=by, at=at,
                                                                                       note=note))
        for area, problems in (("ryg-mtp", "(ข้อมูลสาธิต) ตัวชี้วัด"), ("ryg-irpc", "น้ำท่วม")):
            conn.execute(sa.text("INSERT INTO area_notes (area_id, year, problems, recommendations, updated_by, "
                                 "updated_at) VALUES (:a, 2568, :p, '', 'demo-staff', :at)"), dict(a=area, p=problems,
                                                                                                 at=at))
    init_db(engine)
    with engine.connect() as conn:
        for table in ("certifications", "certification_log", "area_notes"):
            marks = dict(conn.execute(sa.text(f"SELECT area_id, demo FROM {table}")).all())
            assert {k: bool(v) for k, v in marks.items()} == {"ryg-mtp": True, "ryg-irpc": False}, table


def test_migration_0010_adds_the_owner_and_keeps_the_stored_factories_and_their_history(engine):
    """A database of before the owner column: its factories and their history stay, with no owner, until a
    registry file carries one."""
    downgrade_db(engine, "0009_finding_evidence")
    assert "owner" not in {c["name"] for c in sa.inspect(engine).get_columns("factories")}
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO factories (registration_no, name_th, gi_level, developed) "
                             "VALUES ('3-105-1/68ปท', 'บริษัท ก จำกัด', 2, false)"))
        conn.execute(sa.text("INSERT INTO factory_history (registration_no, year, compliance, inspections, "
                             "complaints) VALUES ('3-105-1/68ปท', 2568, 'compliant', 1, 0)"))
    init_db(engine)
    rec = db_records.load_records(engine)
    f = rec["factories"].set_index("registration_no").loc["3-105-1/68ปท"]
    assert (f["name_th"], f["gi_level"], f["owner"]) == ("บริษัท ก จำกัด", 2, "")
    assert len(rec["history"]) == 1


def test_foreign_keys_are_enforced(engine):
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO factory_history (registration_no, year, compliance, inspections, "
                             "complaints) VALUES ('no-such-factory', 2568, 'compliant', 0, 0)"))


def test_get_engine_defaults_to_the_url_in_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("EIT_DATABASE_URL", f"sqlite:///{tmp_path / 'x' / 'y.sqlite'}")
    eng = get_engine()
    try:
        init_db(eng)
        assert (tmp_path / "x" / "y.sqlite").exists()
        with eng.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        eng.dispose()
