"""The database side of the data layer, on SQLite and PostgreSQL (fixture ``db_url``, see tests/conftest_db.py):
migrations, the demo seed, imports (all-or-nothing, skip-invalid, idempotent re-import, audit log), the kept
uploads, certifications and accounts."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
import sqlalchemy as sa

from db import accounts, bulk, certification, importlog
from db import records as db_records
from db.engine import downgrade_db, get_engine, init_db, schema_revision
from db.schema import factories as factories_table
from db.schema import metadata
from demo import seed
from demo.seed import ensure_database
from ingest import importer
from ingest.problems import report_frame
from ingest.uploads import keep_upload, safe_name, sha256_of
from programme import records
from tests.conftest_db import DATA_DIR

KEYS = {"factories": ["registration_no"], "history": ["registration_no", "year"],
        "checklist": ["registration_no", "item_id"], "assessments": ["area_id", "year", "indicator_id"]}
MOI_HEADER = ["FACREG", "DISPFACREG", "FID", "FACTYPE", "FNAME", "ISIC_CODE", "LAT", "LNG", "FFLAG", "TOTAL_WORKER",
              "LAST_UPDATE"]


@pytest.fixture(scope="module")
def demo_factories() -> pd.DataFrame:
    return records.load_factories(DATA_DIR)


def moi_rows(demo: pd.DataFrame, n: int, start: int = 0, workers: int = 10) -> list[list[str]]:
    """``n`` valid rows in the Ministry of Industry open-data format, at the places of demo factories."""
    rows = []
    for i in range(start, start + n):
        f = demo.iloc[i]
        reg = f"3-105-{i + 1}/68ปท"
        rows.append(["", reg, f"3130{i + 1:010d}", "3-105", f"บริษัท ทดสอบ {i + 1} จำกัด", "38302",
                     f"{f['lat']:.5f}", f"{f['lon']:.5f}", "1", str(workers + i), "2568-09-30"])
    return rows


def csv_bytes(rows: list[list[str]], header=MOI_HEADER) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one()


def do_import(engine, data, placer, upload_root, **kw):
    kw.setdefault("filename", "factories.csv")
    return importer.import_factories(engine, data, kw.pop("filename"), "tester", DATA_DIR, placer=placer,
                                     upload_root=upload_root, **kw)


# --------------------------------------------------------------------------------------------- schema

def _head() -> str:
    from alembic.script import ScriptDirectory

    from db.engine import alembic_config
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrations_create_the_schema_of_store_schema(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    assert schema_revision(engine) == _head() == "0002_area_notes"
    names = set(sa.inspect(engine).get_table_names())
    assert {"factories", "factory_history", "factory_checklist", "assessments", "certifications", "imports",
            "users", "meta", "area_notes", "alembic_version"} <= names
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == [], f"migrations and db/schema.py differ: {diff}"


def test_downgrade_to_base_drops_everything_and_upgrade_is_repeatable(engine):
    downgrade_db(engine, "base")
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    init_db(engine)
    init_db(engine)                                      # a second upgrade is a no-op
    assert schema_revision(engine) == _head()


def test_foreign_keys_are_enforced(engine):
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO factory_history (registration_no, year, compliance, inspections, "
                             "complaints) VALUES ('no-such-factory', 2568, 'compliant', 0, 0)"))


# --------------------------------------------------------------------------------------------- demo

def test_seed_demo(engine):
    """One seed, several checks (seeding is the slow part): the records round-trip with the CSV loaders' dtypes,
    the certifications follow the scored levels, the demo accounts exist, the dataset loads from the database;
    seeding again replaces the demo."""
    from db.snapshot import load_dataset_from_db
    from programme.criteria import criteria_file
    from programme.dataset import load_dataset
    from scoring.criteria import load_criteria
    from scoring.summary import build_model

    assert accounts.list_users(engine).empty
    counts = seed.seed_demo(engine, DATA_DIR)
    rec = db_records.load_records(engine)
    loaders = {"factories": records.load_factories, "history": records.load_factory_history,
               "checklist": records.load_factory_checklist, "assessments": records.load_assessments}
    for key, loader in loaders.items():
        expected = loader(DATA_DIR).sort_values(KEYS[key], kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(rec[key], expected, check_exact=True, obj=key)
    assert counts["factories"] == len(rec["factories"]) > 4000
    meta = records.load_meta(DATA_DIR)
    assert rec["meta"]["demo"] is True and rec["meta"]["data_as_of"] == meta["data_as_of"]
    assert rec["meta"]["years"] == meta["years"]

    # certifications: every year before the latest certified at the scored level; the latest half verified
    certs = rec["certifications"]
    levels = build_model(rec["assessments"], load_criteria(criteria_file(DATA_DIR))).levels
    levels = levels[levels["level"] >= 1]
    merged = certs.merge(levels, on=["area_id", "year"], suffixes=("", "_scored"), validate="one_to_one")
    assert len(merged) == len(certs) == len(levels) == counts["certifications"]
    assert (merged["level"] == merged["level_scored"]).all()
    latest = certs["year"].max()
    assert (certs.loc[certs["year"] < latest, "status"] == "certified").all()
    now = certs.loc[certs["year"] == latest, "status"]
    assert set(now) == {"verified", "draft"} and abs((now == "verified").sum() - (now == "draft").sum()) <= 1
    assert certs.loc[certs["status"] == "certified", "certified_at"].notna().all()
    assert isinstance(certs["certified_at"].dtype, pd.DatetimeTZDtype) and str(certs["certified_at"].dt.tz) == "UTC"

    # demo accounts, with the demo only
    staff = accounts.authenticate(engine, "demo-staff", "demo")
    admin = accounts.authenticate(engine, "demo-admin", "demo")
    assert staff.role == "staff" and admin.role == "admin"
    assert staff.can("import") and not staff.can("accounts") and admin.can("accounts")

    # the dashboard's Dataset from the database equals the CSV one
    from_db, from_csv = load_dataset_from_db(DATA_DIR, engine), load_dataset(DATA_DIR)
    for key in ("factories", "history", "checklist", "assessments"):
        a = getattr(from_db, key)
        b = getattr(from_csv, key).sort_values(KEYS[key], kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, obj=key)
    assert from_db.is_demo and len(from_db.certifications) == len(certs)
    pd.testing.assert_frame_equal(from_db.areas, from_csv.areas)

    # seeding again replaces the demo (a staff change is undone) and keeps one set of demo users
    with engine.begin() as conn:
        certification.set_certification(conn, certs.loc[0, "area_id"], 2599, 1, "draft", "demo-staff")
    seed.seed_demo(engine, DATA_DIR)
    assert len(db_records.certifications(engine)) == len(certs)
    assert sorted(accounts.list_users(engine)["username"]) == ["demo-admin", "demo-staff"]
    pd.testing.assert_frame_equal(db_records.load_records(engine)["factories"], rec["factories"])


def test_ensure_database_seeds_an_empty_database_only(engine, placer, upload_root, demo_factories, monkeypatch):
    assert ensure_database(engine, DATA_DIR) is True
    assert count(engine, "factories") == len(demo_factories)
    assert ensure_database(engine, DATA_DIR) is False       # not empty any more
    with engine.begin() as conn:                             # empty the records but leave an import behind
        for t in ("certification_log", "certifications", "factory_checklist", "factory_history", "factories",
                  "assessments", "meta"):
            conn.execute(sa.text(f"DELETE FROM {t}"))
    do_import(engine, b"not a table", placer, upload_root, filename="x.pdf")
    assert ensure_database(engine, DATA_DIR) is False       # an import happened: never reseed
    assert count(engine, "factories") == 0
    with pytest.raises(seed.NotEmptyError):
        seed.seed_demo(engine, DATA_DIR)


def test_ensure_database_respects_eit_demo_off(engine, monkeypatch):
    monkeypatch.setenv("EIT_DEMO", "0")
    assert ensure_database(engine, DATA_DIR) is False
    assert count(engine, "factories") == 0


# --------------------------------------------------------------------------------------------- upserts

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

def test_an_import_with_one_bad_row_is_rejected_whole(engine, placer, upload_root, demo_factories):
    rows = moi_rows(demo_factories, 5)
    rows[2][6] = "สิบสาม"                                    # data row 3, LAT not a number
    data = csv_bytes(rows)
    result = do_import(engine, data, placer, upload_root)
    assert result.status == "rejected" and not result.landed
    assert count(engine, "factories") == 0
    log = importlog.list_imports(engine)
    assert len(log) == 1 and log.loc[0, "status"] == "rejected" and log.loc[0, "id"] == result.import_id
    assert log.loc[0, "rows_total"] == 5 and log.loc[0, "rows_inserted"] == 0 and log.loc[0, "n_errors"] >= 1
    assert log.loc[0, "sha256"] == sha256_of(data) and log.loc[0, "username"] == "tester"
    report = report_frame(result.problems)
    errors = report[report["severity"] == "error"]
    assert list(errors["row"]) == [3] and list(errors["column"]) == ["LAT"] and errors["value"].iat[0] == "สิบสาม"
    assert errors["message_th"].iat[0] and errors["message_en"].iat[0]


def test_skip_invalid_lands_the_valid_rows(engine, placer, upload_root, demo_factories):
    rows = moi_rows(demo_factories, 5)
    rows[2][6] = "สิบสาม"
    result = do_import(engine, csv_bytes(rows), placer, upload_root, skip_invalid=True)
    assert result.status == "landed"
    assert result.counts["rows_inserted"] == 4 and result.counts["rows_skipped"] == 1
    stored = set(db_records.load_records(engine)["factories"]["registration_no"])
    assert stored == {r[1] for i, r in enumerate(rows) if i != 2}
    log = importlog.list_imports(engine)
    assert log.loc[0, "status"] == "landed" and bool(log.loc[0, "skip_invalid"]) and log.loc[0, "rows_skipped"] == 1


def test_reimporting_the_same_file_changes_nothing(engine, placer, upload_root, demo_factories):
    data = csv_bytes(moi_rows(demo_factories, 30))
    first = do_import(engine, data, placer, upload_root)
    assert first.landed and first.counts["rows_inserted"] == 30
    before = db_records.load_records(engine)["factories"]
    second = do_import(engine, data, placer, upload_root)
    assert second.landed
    assert (second.counts["rows_inserted"], second.counts["rows_updated"], second.counts["rows_unchanged"]) == \
        (0, 0, 30)
    pd.testing.assert_frame_equal(db_records.load_records(engine)["factories"], before)
    assert first.stored_path == second.stored_path and first.stored_path.read_bytes() == data
    assert first.sha256 == second.sha256 == sha256_of(data) and first.sha256 in str(first.stored_path)
    assert len(importlog.list_imports(engine)) == 2


def test_a_changed_file_updates_only_what_changed_and_keeps_programme_columns(engine, placer, upload_root,
                                                                              demo_factories):
    do_import(engine, csv_bytes(moi_rows(demo_factories, 10)), placer, upload_root)
    with engine.begin() as conn:            # programme data (GI level) set elsewhere
        conn.execute(factories_table.update().where(factories_table.c.registration_no == "3-105-1/68ปท")
                     .values(gi_level=3, developed=True, developed_year=2567))
    rows = moi_rows(demo_factories, 12)      # two new factories
    rows[0][9] = "999"                       # workers of the first one changed
    result = do_import(engine, csv_bytes(rows), placer, upload_root, filename="factories-v2.csv")
    assert (result.counts["rows_inserted"], result.counts["rows_updated"], result.counts["rows_unchanged"]) == \
        (2, 1, 9)
    f = db_records.load_records(engine)["factories"].set_index("registration_no")
    first = f.loc["3-105-1/68ปท"]
    assert first["workers"] == 999 and first["gi_level"] == 3 and first["developed"] and first["developed_year"] == 2567


def test_an_unreadable_file_is_rejected_logged_and_kept(engine, placer, upload_root):
    data = b"%PDF-1.4 not a table"
    result = do_import(engine, data, placer, upload_root, filename="รายงาน.pdf")
    assert result.status == "rejected" and len(result.problems) == 1
    p = result.problems[0]
    assert p.row is None and p.severity == "error" and p.message_th and p.message_en
    assert result.stored_path.read_bytes() == data and result.stored_path.name == "รายงาน.pdf"
    assert importlog.list_imports(engine).loc[0, "status"] == "rejected"


def test_a_file_over_the_size_limit_is_rejected_with_a_clear_message(engine, placer, upload_root, monkeypatch,
                                                                     demo_factories):
    monkeypatch.setenv("EIT_MAX_UPLOAD_MB", "0.001")           # about 1 kB
    data = csv_bytes(moi_rows(demo_factories, 40))
    assert len(data) > 1100
    result = do_import(engine, data, placer, upload_root)
    assert result.status == "rejected"
    assert "MB" in result.problems[0].message_en and "limit" in result.problems[0].message_en
    assert "MB" in result.problems[0].message_th
    log = importlog.list_imports(engine)
    assert log.loc[0, "status"] == "rejected" and log.loc[0, "size_bytes"] == len(data)
    assert count(engine, "factories") == 0


def test_a_database_failure_rolls_back_the_rows_and_is_logged(engine, placer, upload_root, demo_factories,
                                                              monkeypatch):
    real = bulk.upsert_factories

    def failing(conn, df, progress=None):
        real(conn, df, progress)                  # rows written inside the transaction ...
        raise RuntimeError("disk full")           # ... then a failure before it commits

    monkeypatch.setattr(bulk, "upsert_factories", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        do_import(engine, csv_bytes(moi_rows(demo_factories, 5)), placer, upload_root)
    assert count(engine, "factories") == 0
    log = importlog.list_imports(engine)
    assert len(log) == 1 and log.loc[0, "status"] == "rejected" and "disk full" in log.loc[0, "note"]


def test_progress_goes_from_0_to_1(engine, placer, upload_root, demo_factories, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 7)
    seen = []
    do_import(engine, csv_bytes(moi_rows(demo_factories, 30)), placer, upload_root,
              progress=lambda f, label: seen.append((f, label)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and 0 <= fractions[0] < 0.5
    assert len(seen) >= 5 and all(isinstance(label, str) and label for _, label in seen)


def results_csv(rows: list[list[str]]) -> bytes:
    return csv_bytes(rows, header=["area_id", "year", "indicator_id", "result", "evidence"])


def test_assessment_import_all_or_nothing_then_idempotent(engine, upload_root):
    demo = records.load_assessments(DATA_DIR)
    one = demo[(demo["area_id"] == "ryg-mtp") & (demo["year"] == 2568)].head(8)
    rows = [[r.area_id, str(r.year), r.indicator_id, "" if pd.isna(r.value) else f"{r.value:g}", "รายงาน"]
            for r in one.itertuples()]
    bad = [row[:] for row in rows]
    bad[4][2] = "XXX-9.9"                                     # data row 5: unknown indicator
    kw = dict(username="staff1", data_dir=DATA_DIR, upload_root=upload_root)
    rejected = importer.import_assessments(engine, results_csv(bad), "ผล.csv", **kw)
    assert rejected.status == "rejected" and count(engine, "assessments") == 0
    errors = report_frame(rejected.problems).query("severity == 'error'")
    assert list(errors["row"]) == [5] and list(errors["column"]) == ["indicator_id"]
    landed = importer.import_assessments(engine, results_csv(bad), "ผล.csv", skip_invalid=True, **kw)
    assert landed.landed and landed.counts["rows_inserted"] == 7 and landed.counts["rows_skipped"] == 1
    good = importer.import_assessments(engine, results_csv(rows), "ผล-แก้.csv", **kw)
    assert (good.counts["rows_inserted"], good.counts["rows_updated"], good.counts["rows_unchanged"]) == (1, 0, 7)
    again = importer.import_assessments(engine, results_csv(rows), "ผล-แก้.csv", **kw)
    assert (again.counts["rows_inserted"], again.counts["rows_updated"], again.counts["rows_unchanged"]) == (0, 0, 8)
    got = db_records.load_records(engine)["assessments"]
    want = one.assign(evidence="รายงาน").sort_values(KEYS["assessments"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)
    assert list(importlog.list_imports(engine)["status"]) == ["landed", "landed", "landed", "rejected"]


# --------------------------------------------------------------------------------------------- uploads

def test_keep_upload_is_content_addressed_and_never_overwrites(tmp_path):
    p1, h1 = keep_upload(b"abc", "a.csv", tmp_path)
    p2, h2 = keep_upload(b"abc", "a.csv", tmp_path)
    p3, _ = keep_upload(b"abc", "b.csv", tmp_path)
    p4, h4 = keep_upload(b"abd", "a.csv", tmp_path)
    assert p1 == p2 and h1 == h2 == sha256_of(b"abc") and p3.parent == p1.parent and p3.name == "b.csv"
    assert p4 != p1 and h4 != h1 and p1.read_bytes() == b"abc" and p4.read_bytes() == b"abd"
    p1.write_bytes(b"tampered")
    with pytest.raises(FileExistsError):
        keep_upload(b"abc", "a.csv", tmp_path)
    assert p1.read_bytes() == b"tampered"


def test_upload_names_cannot_escape_the_upload_folder(tmp_path):
    path, _ = keep_upload(b"x", "../../etc/passwd", tmp_path)
    assert path.name == "passwd" and tmp_path in path.parents
    assert safe_name("..") == "upload" and safe_name("C:\\Users\\a\\โรงงาน.xlsx") == "โรงงาน.xlsx"


# --------------------------------------------------------------------------------------------- certification

def test_certification_moves_one_step_at_a_time(engine):
    with engine.begin() as conn:
        with pytest.raises(certification.CertificationError):
            certification.set_certification(conn, "ryg-mtp", 2568, 4, "verified", "staff1")
        with pytest.raises(certification.CertificationError):
            certification.set_certification(conn, "ryg-mtp", 2568, 4, "certified", "staff1")
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 4, "draft", "staff1", note="ร่าง")
        assert rec["status"] == "draft" and rec["drafted_by"] == "staff1" and rec["verified_by"] is None
        with pytest.raises(certification.CertificationError):          # skipping verification
            certification.set_certification(conn, "ryg-mtp", 2568, 4, "certified", "staff1")
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
    with engine.begin() as conn:
        certification.set_certification(conn, "ryg-irpc", 2568, 2, "draft", "s")
    with pytest.raises(certification.CertificationError), engine.begin() as conn:
        certification.set_certification(conn, "ryg-irpc", 2568, 2, "verified", "s")
        certification.set_certification(conn, "ryg-irpc", 2568, 2, "verified", "s")   # already verified
    assert db_records.certifications(engine).loc[0, "status"] == "draft"


# --------------------------------------------------------------------------------------------- accounts

def test_passwords_are_salted_hashes():
    h1, h2 = accounts.hash_password("correct horse"), accounts.hash_password("correct horse")
    assert h1 != h2 and "correct horse" not in h1 and h1.startswith("scrypt$")
    assert accounts.verify_password("correct horse", h1) and not accounts.verify_password("correct hors", h1)
    assert not accounts.verify_password("x", "garbage") and not accounts.verify_password("x", "")


def test_accounts_lifecycle(engine):
    accounts.create_user(engine, "Somchai", "s3cret-pass", "staff")
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users WHERE username = 'somchai'")).scalar_one()
    assert "s3cret-pass" not in stored
    user = accounts.authenticate(engine, "somchai", "s3cret-pass")
    assert user and user.role == "staff" and user.can("certify") and not user.can("accounts")
    assert accounts.authenticate(engine, "somchai", "wrong-pass") is None
    assert accounts.authenticate(engine, "nobody", "s3cret-pass") is None
    with pytest.raises(accounts.AccountError):
        accounts.create_user(engine, "somchai", "another-pass", "staff")
    with pytest.raises(accounts.AccountError):
        accounts.create_user(engine, "short", "1234567", "staff")
    with pytest.raises(accounts.AccountError):
        accounts.create_user(engine, "boss", "long-enough", "superuser")
    accounts.set_active(engine, "somchai", False)
    assert accounts.authenticate(engine, "somchai", "s3cret-pass") is None
    accounts.set_active(engine, "somchai", True)
    accounts.set_role(engine, "somchai", "admin")
    accounts.set_password(engine, "somchai", "new-password")
    assert accounts.authenticate(engine, "somchai", "s3cret-pass") is None
    assert accounts.authenticate(engine, "somchai", "new-password").can("accounts")
    users = accounts.list_users(engine)
    assert list(users.columns) == ["username", "role", "active", "created_at"] and len(users) == 1
    with pytest.raises(accounts.AccountError):
        accounts.set_role(engine, "ghost", "staff")


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


def test_clear_demo_empties_the_database_and_it_stays_empty(engine):
    from db.accounts import authenticate
    from db.records import load_records
    from demo.seed import clear_demo, ensure_database, is_empty, seed_demo

    seed_demo(engine, DATA_DIR)
    assert authenticate(engine, "demo-staff", "demo") is not None
    counts = clear_demo(engine)
    assert counts["factories"] > 4000
    assert is_empty(engine) and authenticate(engine, "demo-staff", "demo") is None
    assert ensure_database(engine, DATA_DIR) is False  # not refilled with the demo on the next start
    rec = load_records(engine)
    assert rec["factories"].empty and rec["meta"]["demo"] is False
