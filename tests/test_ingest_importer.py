"""Imports into the database on SQLite and PostgreSQL: all or nothing, skip-invalid, idempotent re-import, the
import log, the kept uploads."""
from __future__ import annotations

import pandas as pd
import pytest

from db import bulk, importlog
from db import records as db_records
from db.schema import factories as factories_table
from ingest import importer
from ingest.problems import report_frame
from ingest.uploads import keep_upload, safe_name, sha256_of
from programme import records
from tests.conftest_db import DATA_DIR
from tests.support import MOI_HEADER, account, count, csv_bytes, do_import, moi_rows, results_csv

KEYS = {"assessments": ["area_id", "year", "indicator_id"]}


@pytest.fixture(scope="module")
def demo_factories() -> pd.DataFrame:
    return records.load_factories(DATA_DIR)


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


def test_the_owner_is_stored_found_by_the_search_and_kept_by_a_file_without_it(engine, placer, upload_root,
                                                                              demo_factories):
    """ONAME of the Ministry's file becomes the factory's owner, which the search finds; a later file without the
    column (e.g. a GIS export) keeps it, one with another owner replaces it."""
    from scoring.factory_search import FactoryIndex

    rows = moi_rows(demo_factories, 3)
    with_owner = [r + [o] for r, o in zip(rows, ["นายสมชาย ใจดี", "บริษัท ทดสอบ 2 จำกัด", ""])]
    result = do_import(engine, csv_bytes(with_owner, header=MOI_HEADER + ["ONAME"]), placer, upload_root)
    assert result.landed

    def stored():
        return db_records.load_records(engine)["factories"].set_index("registration_no")["owner"]

    assert stored().to_dict() == {"3-105-1/68ปท": "นายสมชาย ใจดี", "3-105-2/68ปท": "บริษัท ทดสอบ 2 จำกัด",
                                  "3-105-3/68ปท": ""}
    index = FactoryIndex.build(db_records.load_records(engine)["factories"])
    assert list(index.search("สมชาย ใจดี").rows["registration_no"]) == ["3-105-1/68ปท"]
    assert index.search("สมชาย").rows["owner"].tolist() == ["นายสมชาย ใจดี"]

    rows[1][9] = "77"                                     # the same factories again, without ONAME
    assert do_import(engine, csv_bytes(rows), placer, upload_root, filename="no-owner.csv").landed
    assert stored()["3-105-1/68ปท"] == "นายสมชาย ใจดี"
    with_owner[0][-1] = "นางสาวนภา ศรีสุข"                 # the owner changed
    result = do_import(engine, csv_bytes(with_owner, header=MOI_HEADER + ["ONAME"]), placer, upload_root,
                       filename="new-owner.csv")
    assert result.landed and stored()["3-105-1/68ปท"] == "นางสาวนภา ศรีสุข"


def test_one_factory_one_row_across_the_file_and_the_database(engine, placer, upload_root, demo_factories):
    rows = moi_rows(demo_factories, 3)                     # FID 31300000000001.. on 3-105-1/68ปท ..
    assert do_import(engine, csv_bytes(rows), placer, upload_root).landed
    stolen = moi_rows(demo_factories, 1, start=5)           # a new display number carrying a stored FID
    stolen[0][2] = rows[0][2]
    result = do_import(engine, csv_bytes(stolen), placer, upload_root, filename="b.csv")
    assert result.status == "rejected" and count(engine, "factories") == 3
    [p] = [p for p in result.problems if p.severity == "error"]
    assert (p.row, p.column, p.value) == (1, "FID", rows[0][2])
    assert rows[0][1] in p.message_en and stolen[0][1] in p.message_en and rows[0][1] in p.message_th

    # no display number: a stored 14-digit id updates its factory; a new one keys a new factory by it
    known = moi_rows(demo_factories, 1)[0]
    known[0], known[1], known[2], known[9] = known[2], "", "", "77"
    fresh = moi_rows(demo_factories, 1, start=8)[0]
    fresh[0], fresh[1], fresh[2] = "31309999999999", "", ""
    result = do_import(engine, csv_bytes([known, fresh]), placer, upload_root, filename="c.csv")
    assert result.landed and (result.counts["rows_inserted"], result.counts["rows_updated"]) == (1, 1)
    stored = db_records.load_records(engine)["factories"].set_index("registration_no")
    assert len(stored) == 4 and stored.loc[rows[0][1], "workers"] == 77 and stored.loc[rows[0][1], "fid"] == rows[0][2]
    assert stored.loc["31309999999999", "fid"] == "31309999999999"
    said = {p.row: p.message_en for p in result.problems if p.severity == "warning"}
    assert rows[0][1] in said[1] and "updated" in said[1] and "keyed by its 14-digit id" in said[2]


def misfit_rows(demo_factories) -> tuple[list[list[str]], list[tuple[int, str]]]:
    """100 rows, four of which do not fit the factories table (db.schema lengths, NUL); their (row, column).
    The NUL is in the last row, past the first 8 kB that the reader sniffs for binary files."""
    rows = moi_rows(demo_factories, 100)
    rows[1][5] = "1" * (factories_table.c.isic.type.length + 1)               # ISIC_CODE too long
    rows[2][3] = "3-" + "1" * (factories_table.c.category.type.length + 1)     # FACTYPE: category too long
    rows[3][1] = "3-105-" + "9" * factories_table.c.registration_no.type.length + "/68ปท"
    rows[99][4] = "บริษัท\x00ทดสอบ"                                           # FNAME with a NUL byte
    assert csv_bytes(rows).index(b"\x00") > 8192
    return rows, [(2, "ISIC_CODE"), (3, "FACTYPE"), (4, "DISPFACREG"), (100, "FNAME")]


def test_text_that_does_not_fit_the_columns_is_a_row_error_on_both_databases(engine, placer, upload_root,
                                                                             demo_factories):
    rows, where = misfit_rows(demo_factories)
    result = do_import(engine, csv_bytes(rows), placer, upload_root)
    assert result.status == "rejected" and count(engine, "factories") == 0
    errors = report_frame(result.problems).query("severity == 'error'")
    assert list(zip(errors["row"], errors["column"])) == where
    assert "16 characters" in errors["message_en"].iat[0] and "16 ตัวอักษร" in errors["message_th"].iat[0]
    assert "NUL" in errors["message_en"].iat[3] and "NUL" in errors["message_th"].iat[3]
    assert errors["value"].iat[3] == "บริษัท\\x00ทดสอบ"
    landed = do_import(engine, csv_bytes(rows), placer, upload_root, skip_invalid=True)
    assert landed.landed and landed.counts["rows_inserted"] == 96 and landed.counts["rows_skipped"] == 4
    assert count(engine, "factories") == 96


def test_a_user_name_too_long_for_the_log_is_refused_and_logged(engine, placer, upload_root, demo_factories):
    """An account name is at most as long as the log's column; an operator name (``system:...``, which skips the
    account check) is not, so it is checked on its own."""
    longest = importlog.imports.c.username.type.length
    name = "system:" + "ส" * longest
    result = importer.import_factories(engine, csv_bytes(moi_rows(demo_factories, 2)), "f.csv", name, DATA_DIR,
                                       placer=placer, upload_root=upload_root)
    assert result.status == "rejected" and count(engine, "factories") == 0
    [p] = result.problems
    assert p.row is None and f"at most {longest} characters" in p.message_en and str(longest) in p.message_th
    log = importlog.list_imports(engine)
    assert log.loc[0, "status"] == "rejected" and log.loc[0, "username"] == name[:longest]


def test_nul_in_assessment_evidence_is_a_row_error_on_both_databases(engine, upload_root):
    demo = records.load_assessments(DATA_DIR)
    one = demo[(demo["area_id"] == "ryg-mtp") & (demo["year"] == 2568)].head(3)
    rows = [[r.area_id, str(r.year), r.indicator_id, "" if pd.isna(r.value) else f"{r.value:g}", "รายงาน"]
            for r in one.itertuples()]
    rows[0][4] = "รายงานฉบับเต็ม " * 400                    # evidence is free text: long is fine ...
    rows[1][4] = "รายงาน\x00ฉบับที่ 2"                       # ... a NUL (past the 8 kB sniffed for binaries) is not
    assert results_csv(rows).index(b"\x00") > 8192
    result = importer.import_assessments(engine, results_csv(rows), "ผล.csv", account(engine, "staff1"), DATA_DIR,
                                         upload_root=upload_root)
    assert result.status == "rejected" and count(engine, "assessments") == 0
    [p] = [p for p in result.problems if p.severity == "error"]
    assert (p.row, p.column) == (2, "evidence") and "NUL" in p.message_en


def test_the_command_line_reports_misfits_with_exit_2_on_both_databases(db_url, tmp_path, demo_factories):
    import os
    import subprocess
    import sys

    from tests.conftest_db import ROOT
    rows, where = misfit_rows(demo_factories)
    path, report = tmp_path / "โรงงาน.csv", tmp_path / "report.csv"
    path.write_bytes(csv_bytes(rows))
    env = {k: v for k, v in os.environ.items() if not k.startswith("EIT_")}
    env.update(EIT_DATABASE_URL=db_url, EIT_DATA_DIR=str(DATA_DIR), EIT_UPLOAD_DIR=str(tmp_path / "up"),
               EIT_DEMO="0", PYTHONIOENCODING="utf-8")
    out = subprocess.run([sys.executable, "-m", "store", "import-factories", str(path), "--report", str(report)],
                         cwd=ROOT, capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    assert out.returncode == 2, out.stdout + out.stderr
    assert out.stdout.startswith("rejected") and "Traceback" not in out.stderr
    errors = pd.read_csv(report, encoding="utf-8-sig", dtype=str).query("severity == 'error'")
    assert list(zip(errors["row"].astype(int), errors["column"])) == where


def _concurrently(*jobs):
    """Run the jobs in threads at once; their results (or exceptions re-raised) in order."""
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(len(jobs)) as pool:
        futures = [pool.submit(job) for job in jobs]
        return [f.result(timeout=120) for f in futures]


def test_two_imports_at_once_both_land_and_each_counts_its_own_rows(engine, placer, upload_root, demo_factories):
    account(engine)                                  # the account exists before the imports race
    import threading
    a = csv_bytes(moi_rows(demo_factories, 300))                 # factories 1-300
    b = csv_bytes(moi_rows(demo_factories, 300, start=150))      # factories 151-450: 150 the same as in a
    validating, writing = threading.Lock(), threading.Barrier(2, timeout=60)

    def job(data, name):
        def progress(fraction, label):
            if label == "validating":
                validating.acquire()           # validate one after the other (the Placer is shared) ...
            elif label == "writing":
                validating.release()
                writing.wait()                 # ... then both write at the same moment
        return lambda: do_import(engine, data, placer, upload_root, filename=name, progress=progress)

    ra, rb = _concurrently(job(a, "a.csv"), job(b, "b.csv"))
    assert ra.landed and rb.landed and count(engine, "factories") == 450
    counts = [(r.counts["rows_inserted"], r.counts["rows_updated"], r.counts["rows_unchanged"]) for r in (ra, rb)]
    assert sorted(counts) == [(150, 0, 150), (300, 0, 0)]          # the overlap is the second one's unchanged
    log = importlog.list_imports(engine)
    assert list(log["status"]) == ["landed", "landed"] and log["rows_inserted"].sum() == 450


def test_two_imports_at_once_cannot_give_one_14_digit_id_to_two_factories(engine, placer, upload_root,
                                                                           demo_factories):
    account(engine)                                  # the account exists before the imports race
    import threading
    a, b = moi_rows(demo_factories, 1), moi_rows(demo_factories, 1, start=1)
    b[0][2] = a[0][2]                                    # both new factories claim the same new FID
    validating, validated = threading.Lock(), threading.Barrier(2, timeout=60)

    def job(rows, name):
        def progress(fraction, label):
            if label == "validating":
                validating.acquire()
            elif label == "writing":
                validating.release()
                validated.wait()                # both validated against the same (empty) registry
        return lambda: do_import(engine, csv_bytes(rows), placer, upload_root, filename=name, progress=progress)

    results = _concurrently(job(a, "a.csv"), job(b, "b.csv"))
    assert sorted(r.status for r in results) == ["landed", "rejected"] and count(engine, "factories") == 1
    refused = next(r for r in results if not r.landed)
    [p] = [p for p in refused.problems if p.severity == "error"]
    assert p.column == "FID" and p.value == a[0][2] and a[0][1] in p.message_en and b[0][1] in p.message_en


def test_an_import_that_waits_too_long_for_another_is_refused_clearly_and_logged(db_url, placer, upload_root,
                                                                                 demo_factories, monkeypatch):
    import threading
    import time

    from db.engine import get_engine
    monkeypatch.setenv("EIT_DB_BUSY_TIMEOUT_S", "2")
    engine = get_engine(db_url)
    account(engine)                                  # the account exists before the imports race
    held, waiting = threading.Event(), threading.Event()

    def other_import():     # holds the import lock until 3 s after this import began to wait for it (> 2 s)
        with engine.begin() as conn:
            bulk.lock_for_import(conn, 2)
            held.set()
            waiting.wait(30)
            time.sleep(3)

    def this_import():
        held.wait(30)
        started = time.monotonic()
        result = do_import(engine, csv_bytes(moi_rows(demo_factories, 5)), placer, upload_root,
                           progress=lambda f, label: label.startswith("waiting") and waiting.set())
        return result, time.monotonic() - started

    try:
        _, (result, waited) = _concurrently(other_import, this_import)
    finally:
        engine.dispose()
    assert result.status == "rejected" and waited < 20
    [p] = [p for p in result.problems if p.severity == "error"]
    assert p.message_en.startswith("another import is running") and "try again" in p.message_en
    assert "ลองใหม่" in p.message_th and "locked" not in p.message_en and "SQL" not in p.message_en
    log = importlog.list_imports(get_engine(db_url))
    assert len(log) == 1 and log.loc[0, "status"] == "rejected" and log.loc[0, "id"] == result.import_id
    assert log.loc[0, "note"].startswith("busy") and count(get_engine(db_url), "factories") == 0


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


def test_assessment_import_all_or_nothing_then_idempotent(engine, upload_root):
    demo = records.load_assessments(DATA_DIR)
    one = demo[(demo["area_id"] == "ryg-mtp") & (demo["year"] == 2568)].head(8)
    rows = [[r.area_id, str(r.year), r.indicator_id, "" if pd.isna(r.value) else f"{r.value:g}", "รายงาน"]
            for r in one.itertuples()]
    bad = [row[:] for row in rows]
    bad[4][2] = "XXX-9.9"                                     # data row 5: unknown indicator
    kw = dict(username=account(engine, "staff1"), data_dir=DATA_DIR, upload_root=upload_root)
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

