"""The database package on SQLite and PostgreSQL (fixture ``db_url``, see tests/conftest_db.py): migrations,
upserts, certifications, accounts and notes."""
from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from db import accounts, bulk, certification
from db import records as db_records
from db.engine import downgrade_db, get_engine, init_db, schema_revision
from db.schema import metadata
from programme import records
from tests.conftest_db import DATA_DIR
from tests.support import account, count, csv_bytes, moi_rows, record_visit

KEYS = {"factories": ["registration_no"], "history": ["registration_no", "year"],
        "checklist": ["registration_no", "item_id"], "assessments": ["area_id", "year", "indicator_id"]}


@pytest.fixture(scope="module")
def demo_factories() -> pd.DataFrame:
    return records.load_factories(DATA_DIR)


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


# --------------------------------------------------------------------------------------------- demo

def test_upsert_counts_and_keeps_columns_the_rows_do_not_carry(engine, demo_factories):
    demo = demo_factories.head(20)
    with engine.begin() as conn:
        assert bulk.upsert_factories(conn, demo) == {"inserted": 20, "updated": 0, "unchanged": 0}
    registry_cols = ["registration_no", "name_th", "lat", "lon", "status", "workers"]
    changed = demo[registry_cols].copy()
    changed.loc[[0, 1], "workers"] = changed.loc[[0, 1], "workers"].fillna(0) + 1000
    with engine.begin() as conn:
        assert bulk.upsert_factories(conn, changed) == {"inserted": 0, "updated": 2, "unchanged": 18}
    with engine.begin() as conn:
        assert bulk.upsert_factories(conn, changed) == {"inserted": 0, "updated": 0, "unchanged": 20}
    got = db_records.load_records(engine)["factories"].set_index("registration_no")
    want = demo.set_index("registration_no")
    assert (got.loc[want.index, "gi_level"] == want["gi_level"]).all()           # not in the rows: kept
    assert (got.loc[want.index, "developed"] == want["developed"]).all()
    assert (got.loc[changed["registration_no"][:2], "workers"].to_numpy()
            == changed["workers"][:2].to_numpy()).all()


def test_upsert_of_a_new_registry_factory_gets_defaults_and_no_area(engine):
    row = pd.DataFrame({"registration_no": ["3-105-1/68ปท"], "name_th": ["บริษัท ก จำกัด"], "lat": [float("nan")],
                        "lon": [float("nan")], "area_id": [None], "factory_class": pd.array([pd.NA], "Int64"),
                        "status": pd.array([1], "Int64")})
    with engine.begin() as conn:
        bulk.upsert_factories(conn, row)
    f = db_records.load_records(engine)["factories"]
    assert f.loc[0, "gi_level"] == 0 and not f.loc[0, "developed"] and pd.isna(f.loc[0, "area_id"])
    assert f["factory_class"].dtype == "Int64" and pd.isna(f.loc[0, "factory_class"]) and f.loc[0, "fid"] == ""


def test_upsert_refuses_duplicate_keys(engine, demo_factories):
    rows = pd.concat([demo_factories.head(2), demo_factories.head(1)])
    with pytest.raises(ValueError, match="duplicate"), engine.begin() as conn:
        bulk.upsert_factories(conn, rows)
    assert count(engine, "factories") == 0


def test_upsert_assessments_by_area_year_indicator(engine):
    a = records.load_assessments(DATA_DIR).head(50)
    with engine.begin() as conn:
        assert bulk.upsert_assessments(conn, a) == {"inserted": 50, "updated": 0, "unchanged": 0}
    b = a.copy()
    i, j = a.index[a["value"].notna()][:2]
    b.loc[i, "value"] = a.loc[i, "value"] + 1
    b.loc[j, "value"] = float("nan")                      # a result withdrawn: becomes missing
    with engine.begin() as conn:
        assert bulk.upsert_assessments(conn, b) == {"inserted": 0, "updated": 2, "unchanged": 48}
    got = db_records.load_records(engine)["assessments"]
    pd.testing.assert_frame_equal(got, b.sort_values(KEYS["assessments"]).reset_index(drop=True))


# --------------------------------------------------------------------------------------------- imports

def test_certification_moves_one_step_at_a_time(engine):
    for name in ("staff1", "staff2"):
        account(engine, name)
    account(engine, "admin1", "admin")
    record_visit(engine, "ryg-mtp", 2568)                            # the verification visit the rule asks for
    with engine.begin() as conn:
        with pytest.raises(certification.CertificationError):
            certification.set_certification(conn, "ryg-mtp", 2568, 4, "verified", "staff1")
        with pytest.raises(certification.CertificationError):
            certification.set_certification(conn, "ryg-mtp", 2568, 4, "certified", "admin1")
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 4, "draft", "staff1", note="ร่าง")
        assert rec["status"] == "draft" and rec["drafted_by"] == "staff1" and rec["verified_by"] is None
        with pytest.raises(certification.CertificationError):          # skipping verification
            certification.set_certification(conn, "ryg-mtp", 2568, 4, "certified", "admin1")
        with pytest.raises(certification.CertificationError):          # verifying another level
            certification.set_certification(conn, "ryg-mtp", 2568, 5, "verified", "staff2")
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 4, "verified", "staff2")
        assert rec["status"] == "verified" and rec["verified_by"] == "staff2"
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 4, "draft", "staff1")   # re-draft resets
        assert rec["status"] == "draft" and rec["verified_by"] is None and rec["verified_at"] is None
        certification.set_certification(conn, "ryg-mtp", 2568, 4, "verified", "staff2")
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 4, "certified", "admin1")
        assert rec["status"] == "certified" and rec["certified_by"] == "admin1"
        for status in ("verified", "certified"):                     # certified is final ...
            with pytest.raises(certification.CertificationError):
                certification.set_certification(conn, "ryg-mtp", 2568, 4, status, "admin1")
        with pytest.raises(certification.CertificationError):
            certification.set_certification(conn, "ryg-mtp", 2568, 9, "draft", "admin1")
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 3, "draft", "admin1", note="ทบทวน")  # ... but a new draft
        assert rec["status"] == "draft" and rec["level"] == 3 and rec["certified_by"] is None
    certs = db_records.certifications(engine)
    assert len(certs) == 1 and certs.loc[0, "status"] == "draft" and certs.loc[0, "level"] == 3
    hist = certification.certification_history(engine, "ryg-mtp", 2568)
    assert list(hist["status"]) == ["draft", "verified", "draft", "verified", "certified", "draft"]
    last = hist.iloc[-1]
    assert last["previous_status"] == "certified" and last["previous_level"] == 4 and last["note"] == "ทบทวน"


def test_a_refused_step_inside_a_transaction_changes_nothing(engine):
    account(engine, "staff1")
    record_visit(engine, "ryg-irpc", 2568)
    with engine.begin() as conn:
        certification.set_certification(conn, "ryg-irpc", 2568, 2, "draft", "staff1")
    with pytest.raises(certification.CertificationError), engine.begin() as conn:
        certification.set_certification(conn, "ryg-irpc", 2568, 2, "verified", "staff1")
        certification.set_certification(conn, "ryg-irpc", 2568, 2, "verified", "staff1")   # already verified
    assert db_records.certifications(engine).loc[0, "status"] == "draft"


# --------------------------------------------------------------------------------------------- accounts

def test_passwords_are_salted_hashes():
    h1, h2 = accounts.hash_password("correct horse"), accounts.hash_password("correct horse")
    assert h1 != h2 and "correct horse" not in h1 and h1.startswith("scrypt$")
    assert accounts.verify_password("correct horse", h1) and not accounts.verify_password("correct hors", h1)
    assert not accounts.verify_password("x", "garbage") and not accounts.verify_password("x", "")


def test_accounts_lifecycle(engine):
    shell = accounts.operator_name("root")                          # python -m store create-user, at the shell
    accounts.create_user(engine, "boss", "long-enough-passphrase", "admin", by=shell)
    accounts.create_user(engine, "Somchai", "s3cret-passphrase-1", "staff", by="boss")
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users WHERE username = 'somchai'")).scalar_one()
    assert "s3cret-passphrase-1" not in stored
    user = accounts.authenticate(engine, "somchai", "s3cret-passphrase-1")
    assert user and user.role == "staff" and user.can("verify") and not user.can("certify") and not user.can("accounts")
    assert accounts.authenticate(engine, "somchai", "wrong-pass") is None
    assert accounts.authenticate(engine, "nobody", "s3cret-passphrase-1") is None
    with pytest.raises(accounts.AccountError):
        accounts.create_user(engine, "somchai", "another-passphrase", "staff", by="boss")
    with pytest.raises(accounts.AccountError):
        accounts.create_user(engine, "short", "1234567", "staff", by="boss")
    with pytest.raises(accounts.AccountError):
        accounts.create_user(engine, "boss2", "long-enough", "superuser", by="boss")
    with pytest.raises(accounts.AccountError):                      # ":" is the operator's: never an account
        accounts.create_user(engine, shell, "long-enough", "admin", by="boss")
    accounts.set_active(engine, "somchai", False, by="boss")
    assert accounts.authenticate(engine, "somchai", "s3cret-passphrase-1") is None
    accounts.set_active(engine, "somchai", True, by="boss")
    accounts.set_role(engine, "somchai", "admin", by="boss")
    accounts.set_password(engine, "somchai", "a-new-passphrase-2", by="boss")
    assert accounts.authenticate(engine, "somchai", "s3cret-passphrase-1") is None
    assert accounts.authenticate(engine, "somchai", "a-new-passphrase-2").can("accounts")
    users = accounts.list_users(engine)
    assert list(users.columns) == ["username", "role", "areas", "active", "created_at"] and len(users) == 2
    with pytest.raises(accounts.AccountError):
        accounts.set_role(engine, "ghost", "staff", by="boss")


def test_roles_may_do_only_their_own_actions(engine):
    shell = accounts.operator_name("root")
    accounts.create_user(engine, "wg", "long-enough-passphrase", "working_group", by=shell, areas=["ryg-mtp", "ryg-irpc"])
    for name, role in (("aud", "auditor"), ("eco", "staff"), ("sec", "secretary")):
        accounts.create_user(engine, name, "long-enough-passphrase", role, by=shell)
    with engine.connect() as conn:
        assert accounts.require_account(conn, "wg", "submit", "ryg-mtp").areas == ("ryg-irpc", "ryg-mtp")
        refused = [("wg", "submit", "cbi-ams"), ("wg", "submit", None), ("wg", "import", None),
                   ("aud", "verify", None), ("aud", "submit", "ryg-mtp"), ("eco", "accounts", None),
                   ("sec", "import", None), ("sec", "visit", None)]
        for name, action, area in refused:
            with pytest.raises(accounts.AccountRefused) as err:
                accounts.require_account(conn, name, action, area)
            assert not err.value.sign_out and "nothing was saved" in str(err.value)
        for name, action in (("aud", "visit"), ("eco", "review"), ("eco", "verify"), ("sec", "certify")):
            accounts.require_account(conn, name, action)
    with pytest.raises(accounts.AccountError, match="at least one area"):   # a working group without areas
        accounts.create_user(engine, "wg2", "long-enough-passphrase", "working_group", by=shell)
    with pytest.raises(accounts.AccountError, match="only a working-group"):
        accounts.create_user(engine, "aud2", "long-enough-passphrase", "auditor", by=shell, areas=["ryg-mtp"])
    accounts.set_areas(engine, "wg", ["cbi-ams"], by=shell)
    assert accounts.get_user(engine, "wg").areas == ("cbi-ams",)
    accounts.set_role(engine, "wg", "auditor", by=shell)                 # leaving the role drops the areas
    assert accounts.get_user(engine, "wg").areas == ()
    assert accounts.list_users(engine).set_index("username").loc["aud", "areas"] == ""


def test_only_an_active_admin_administers_accounts(engine):
    account(engine, "boss", "admin")
    account(engine, "boss2", "admin")
    account(engine, "somchai", "staff")
    before = accounts.list_users(engine)
    refused = [
        lambda: accounts.create_user(engine, "newbie", "long-enough-passphrase", "staff", by="somchai"),   # staff
        lambda: accounts.set_role(engine, "somchai", "admin", by="somchai"),                      # staff, self
        lambda: accounts.set_active(engine, "boss", False, by="somchai"),
        lambda: accounts.set_password(engine, "boss", "long-enough-passphrase", by="somchai"),
        lambda: accounts.set_active(engine, "boss", False, by="boss"),                            # not oneself
        lambda: accounts.set_role(engine, "boss", "staff", by="boss"),
        lambda: accounts.create_user(engine, "newbie", "long-enough-passphrase", "staff", by="ghost"),     # no account
    ]
    for attempt in refused:
        with pytest.raises(accounts.AccountError):
            attempt()
    pd.testing.assert_frame_equal(accounts.list_users(engine), before)
    accounts.set_active(engine, "boss2", False, by="boss")                # a disabled admin stops at once
    with pytest.raises(accounts.AccountRefused, match="disabled") as err:
        accounts.create_user(engine, "newbie", "long-enough-passphrase", "staff", by="boss2")
    assert err.value.sign_out and "ถูกระงับ" in str(err.value)
    with pytest.raises(accounts.AccountRefused):
        accounts.set_active(engine, "boss", False, by="boss2")
    assert accounts.get_user(engine, "boss").active and accounts.get_user(engine, "newbie") is None


def _state(engine):
    from db.notes import load_notes
    return (db_records.certifications(engine).to_json(), certification.certification_history(engine).to_json(),
            load_notes(engine).to_json(), count(engine, "imports"), count(engine, "factories"))


def test_a_disabled_or_demoted_account_writes_nothing(engine, placer, upload_root, demo_factories):
    """A staff account signed in before it was disabled (or demoted to viewer): its certification step, its note
    and its import are refused in the data layer and change nothing, not even the import log."""
    from db.notes import save_note
    from ingest.importer import import_factories

    account(engine, "boss", "admin")
    account(engine, "somchai", "staff")
    with engine.begin() as conn:
        certification.set_certification(conn, "ryg-mtp", 2568, 3, "draft", "somchai")
        save_note(conn, "ryg-mtp", 2568, "ปัญหา", "", "somchai")
    data = csv_bytes(moi_rows(demo_factories, 3))

    def writes(name):
        def step():
            with engine.begin() as conn:
                certification.set_certification(conn, "ryg-mtp", 2568, 3, "verified", name)

        def note():
            with engine.begin() as conn:
                save_note(conn, "ryg-mtp", 2568, "แก้", "แก้", name)

        def imported():
            import_factories(engine, data, "f.csv", name, DATA_DIR, placer=placer, upload_root=upload_root)
        return step, note, imported

    before = _state(engine)
    for change, sign_out in ((lambda: accounts.set_active(engine, "somchai", False, by="boss"), True),
                             (lambda: accounts.set_active(engine, "somchai", True, by="boss"), None),
                             (lambda: accounts.set_role(engine, "somchai", "viewer", by="boss"), False)):
        change()
        if sign_out is None:
            continue
        for write in (*writes("somchai"), *writes("nobody")[:1]):
            with pytest.raises(accounts.AccountRefused) as err:
                write()
            assert "/" in str(err.value)                                  # English / Thai
        assert err.value.sign_out is True                                 # "nobody": no such account
        assert _state(engine) == before
        assert not upload_root.exists() or not any(upload_root.rglob("*"))   # not even the upload kept

    # disabled while the import runs (after validation, before writing): the writing transaction refuses it
    accounts.set_role(engine, "somchai", "staff", by="boss")

    def disable_on_write(fraction, label):
        if label == "writing":
            accounts.set_active(engine, "somchai", False, by="boss")
    with pytest.raises(accounts.AccountRefused):
        import_factories(engine, data, "f.csv", "somchai", DATA_DIR, placer=placer, upload_root=upload_root,
                         progress=disable_on_write)
    assert _state(engine) == before


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


def test_area_notes_are_saved_replaced_and_loaded(engine):
    from db.notes import load_notes, save_note

    account(engine, "demo-staff")
    account(engine, "someone")
    with engine.begin() as conn:
        save_note(conn, "ryg-mtp", 2568, "ปัญหา ก", "ข้อเสนอ ข", "demo-staff")
    with engine.begin() as conn:
        save_note(conn, "ryg-mtp", 2568, "ปัญหา ค", "", "someone")
    notes = load_notes(engine)
    assert len(notes) == 1
    row = notes.iloc[0]
    assert (row["problems"], row["recommendations"], row["updated_by"]) == ("ปัญหา ค", "", "someone")
    with pytest.raises(ValueError), engine.begin() as conn:
        save_note(conn, "ryg-mtp", 2568, "x" * 5000, "", "someone")




def test_a_certified_level_returns_to_draft_only_with_a_reason(engine):
    from tests.support import account
    for name, role in (("s1", "staff"), ("c1", "secretary")):
        account(engine, name, role)
    record_visit(engine, "ryg-mtp", 2568)
    with engine.begin() as conn:
        for status, who in (("draft", "s1"), ("verified", "s1"), ("certified", "c1")):
            certification.set_certification(conn, "ryg-mtp", 2568, 4, status, who)
    with pytest.raises(certification.CertificationError, match="reason"), engine.begin() as conn:
        certification.set_certification(conn, "ryg-mtp", 2568, 3, "draft", "c1")
    assert db_records.certifications(engine).loc[0, "status"] == "certified"
    with engine.begin() as conn:
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 3, "draft", "c1", note="ทบทวนตามมติคณะกรรมการ")
    assert rec["status"] == "draft" and rec["level"] == 3
    steps = certification.certification_history(engine, "ryg-mtp", 2568)
    assert list(steps["status"]) == ["draft", "verified", "certified", "draft"]


# --------------------------------------------------------------------------------------------- symbiosis

def _exchange(eid: str, **kw) -> dict:
    from symbiosis.register import EXCHANGE_COLUMNS
    row = dict.fromkeys(EXCHANGE_COLUMNS, None)
    row.update(exchange_id=eid, from_party="ce-a", to_party="ce-b", area_id="ryg-mtp", year=2566, category="waste",
               material_th="เถ้าลอย <b>", waste_code="10 01 02", quantity=120.5, unit="t", status="operating",
               status_on="2024-02-01", visibility="public", co2e_avoided_t=12.0)
    row.update(kw)
    return row


def test_symbiosis_tables_round_trip_and_a_history_change_counts_as_an_update(engine):
    from db.symbiosis import load_register
    parties = pd.DataFrame([["ce-a", "community_enterprise", "วิสาหกิจ <script>", "A", "ryg-mtp", 12.7, 101.1, ""],
                            ["ce-b", "farm", "ฟาร์ม", "B", None, 12.8, 101.2, ""]],
                           columns=["party_id", "kind", "name_th", "name_en", "area_id", "lat", "lon", "note"])
    ex = pd.DataFrame([_exchange("EX-1")])
    hist = pd.DataFrame([("EX-1", "identified", "2023-01-05"), ("EX-1", "operating", "2024-02-01")],
                        columns=["exchange_id", "status", "changed_on"])
    with engine.begin() as conn:
        assert bulk.upsert_parties(conn, parties) == {"inserted": 2, "updated": 0, "unchanged": 0}
        assert bulk.upsert_exchanges(conn, ex, hist) == {"inserted": 1, "updated": 0, "unchanged": 0}
    with engine.begin() as conn:
        assert bulk.upsert_exchanges(conn, ex, hist) == {"inserted": 0, "updated": 0, "unchanged": 1}
    fewer = hist.iloc[[1]]
    with engine.begin() as conn:
        assert bulk.upsert_exchanges(conn, ex, fewer) == {"inserted": 0, "updated": 1, "unchanged": 0}
    reg = load_register(engine, DATA_DIR)
    assert reg.parties["name_th"].tolist() == ["วิสาหกิจ <script>", "ฟาร์ม"]          # stored verbatim
    assert reg.parties["area_id"].isna().tolist() == [False, True]
    assert reg.exchanges.loc[0, "material_th"] == "เถ้าลอย <b>" and reg.exchanges.loc[0, "quantity"] == 120.5
    assert reg.history[["status", "changed_on"]].values.tolist() == [["operating", "2024-02-01"]]
    assert reg.vocab.statuses[3] == "operating"
    with engine.begin() as conn:                                         # the history goes with its exchange
        conn.execute(sa.text("DELETE FROM exchanges"))
    assert count(engine, "exchange_status_history") == 0


def test_an_exchange_from_a_party_to_itself_is_refused_by_the_database(engine):
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        bulk.upsert_exchanges(conn, pd.DataFrame([_exchange("EX-2", to_party="ce-a")]),
                              pd.DataFrame(columns=["exchange_id", "status", "changed_on"]))
