"""Every refusal says why in Thai and English and is logged (SQLite and PostgreSQL): a full upload disk, a NUL
byte near the top of a CSV, a cell over the CSV module's field limit, a file over the size limit, broken criteria;
a file full of errors costs a bounded report; the command line prints its warnings."""
from __future__ import annotations

import errno
import os
import subprocess
import sys

import pandas as pd
import pytest

from common.errors import DataError
from db import importlog
from ingest import importer
from ingest.problems import MAX_LISTED, MAX_SUMMARIES, write_report
from ingest.readers import UnsupportedFile, read_table
from programme import records
from tests.conftest_db import DATA_DIR, ROOT
from tests.support import account, count, results_csv


def _rows(n: int = 4) -> list[list[str]]:
    demo = records.load_assessments(DATA_DIR)
    one = demo[(demo["area_id"] == "ryg-mtp") & (demo["year"] == 2568) & demo["value"].notna()].head(n)
    return [[r.area_id, str(r.year), r.indicator_id, f"{r.value:g}", "รายงาน"] for r in one.itertuples()]


def _assess(engine, data, upload_root, name="ผล.csv", **kw):
    return importer.import_file(engine, "assessments", data, name, account(engine, "staff1"), DATA_DIR,
                                upload_root=upload_root, **kw)


def _logged(engine, result) -> pd.Series:
    log = importlog.list_imports(engine)
    assert len(log) == 1 and log.loc[0, "id"] == result.import_id
    return log.loc[0]


def test_a_full_upload_disk_is_refused_in_both_languages_and_logged(engine, upload_root, monkeypatch):
    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(importer, "keep_upload", full)
    result = _assess(engine, results_csv(_rows()), upload_root)
    assert result.status == "rejected" and count(engine, "assessments") == 0
    [p] = result.problems
    assert "storage is full" in p.message_en and "เต็ม" in p.message_th and "Errno" not in p.message_en
    row = _logged(engine, result)
    assert row["status"] == "rejected" and row["stored_path"] is None and "full" in row["note"]


def test_a_nul_byte_near_the_top_of_a_csv_is_named_by_row_and_column(engine, upload_root):
    rows = _rows()
    rows[1][4] = "รายงาน\x00ฉบับที่ 2"
    data = results_csv(rows)
    assert data.index(b"\x00") < 8192
    result = _assess(engine, data, upload_root)
    assert result.status == "rejected" and count(engine, "assessments") == 0
    [p] = [p for p in result.problems if p.severity == "error"]
    assert (p.row, p.column) == (2, "evidence") and "NUL" in p.message_en and "NUL" in p.message_th
    assert _logged(engine, result)["status"] == "rejected"


def test_a_cell_over_the_csv_field_limit_is_named_by_its_line_and_length():
    rows = _rows(3)
    rows[2][4] = "ก" * 140_000                                    # data row 3: line 4 of the file
    with pytest.raises(UnsupportedFile) as info:
        read_table(results_csv(rows), "ผล.csv")
    err = info.value
    assert "line 4" in err.message_en and "140,000" in err.message_en
    assert "บรรทัดที่ 4" in err.message_th and "140,000" in err.message_th


def test_a_file_over_the_size_limit_is_refused_with_a_sentence_and_logged(engine, upload_root, monkeypatch):
    monkeypatch.setenv("EIT_MAX_UPLOAD_MB", "0.0001")
    result = _assess(engine, results_csv(_rows()), upload_root)
    [p] = result.problems
    assert "larger than the" in p.message_en and "ใหญ่เกิน" in p.message_th
    assert _logged(engine, result)["status"] == "rejected"


def test_broken_criteria_during_an_import_are_refused_and_logged(engine, upload_root, monkeypatch):
    from programme import criteria

    def broken(_data_dir):
        raise DataError("criteria.csv: row 3, column level: not a level / ไม่ใช่ระดับ")
    monkeypatch.setattr(criteria, "current_criteria", broken)
    result = _assess(engine, results_csv(_rows()), upload_root)
    [p] = result.problems
    assert "criteria" in p.message_en and "เกณฑ์" in p.message_th and "tell the administrator" in p.message_en
    row = _logged(engine, result)
    assert row["status"] == "rejected" and "data error" in row["note"]


def test_a_file_full_of_errors_gives_a_bounded_report(engine, upload_root, tmp_path):
    n = 6_000                                          # three errors a row: 18,000 problems
    rows = [[f"nowhere-{i}", "24xx", f"X-{i}", "many", ""] for i in range(n)]
    result = _assess(engine, results_csv(rows), upload_root)
    assert result.status == "rejected" and result.counts["n_errors"] >= 3 * n
    assert len(result.problems) <= MAX_LISTED + MAX_SUMMARIES
    summaries = [p for p in result.problems if p.row is None]
    assert sum(p.count for p in result.problems) == result.counts["n_errors"] + result.counts["n_warnings"]
    assert summaries and all("more rows" in p.message_en and "อีก" in p.message_th for p in summaries)
    assert _logged(engine, result)["n_errors"] == result.counts["n_errors"]
    path = tmp_path / "report.csv"
    write_report(result.problems, path)
    assert len(path.read_text(encoding="utf-8-sig").splitlines()) <= MAX_LISTED + MAX_SUMMARIES + 1


def test_the_command_line_prints_warnings_and_what_a_check_would_change(db_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EIT_")}
    env.update(EIT_DATABASE_URL=db_url, EIT_DATA_DIR=str(DATA_DIR), EIT_UPLOAD_DIR=str(tmp_path / "up"),
               EIT_DEMO="0", PYTHONIOENCODING="utf-8")
    rows = _rows(3)
    path = tmp_path / "ผล.csv"

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "store", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=600, check=False)

    path.write_bytes(results_csv(rows))
    assert cli("import-assessments", str(path)).returncode == 0
    path.write_bytes(results_csv([rows[0][:3] + ["ลบ", ""], rows[1][:3] + ["", ""]]))
    check = cli("import-assessments", str(path), "--dry-run")
    assert check.returncode == 0 and "checked (nothing written)" in check.stdout
    assert "0 stored values changed, 1 cleared" in check.stdout
    assert "row 2, column result" in check.stderr and "kept" in check.stderr   # a warning, printed in full
    done = cli("import-assessments", str(path))
    assert done.returncode == 0 and done.stdout.startswith("landed") and "1 cleared" in done.stdout
    assert "row 2, column result" in done.stderr
