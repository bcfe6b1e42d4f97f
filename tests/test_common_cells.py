"""Every CSV and Excel file the app writes neutralises text that a spreadsheet would run as a formula (OWASP's
CSV-injection rule: a leading single quote), while numbers stay numbers: the factory export and the import report
of ``python -m store``, the import-log download, the assessment template.  (The area table workbook is tested in
test_reports.py.)"""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from common.cells import csv_bytes, safe_cell, safe_frame
from db.importlog import list_imports
from ingest.assessments import make_template
from programme import records, registry
from programme.criteria import current_criteria
from tests.conftest_db import DATA_DIR, ROOT
from tests.support import csv_bytes as registry_csv
from tests.support import do_import, moi_rows

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("text", [HOSTILE, "+1+1", "-1+A1", "@SUM(A1)", "\t=1", "\r=1", "=", "-"])
def test_text_that_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-3.5, 0, 12, "-3.5", "+66", "1e-3", "ชื่อ = ค่า", "a=b", "", None, "'=x"])
def test_numbers_and_harmless_text_are_unchanged(value):
    assert safe_cell(value) == value or (value != value)


def test_safe_frame_keeps_numeric_columns_numeric():
    frame = pd.DataFrame({"name": [HOSTILE, "โรงงาน"], "lat": [-3.5, 13.1], "n": [1, 2]})
    out = safe_frame(frame)
    assert out["name"].tolist() == ["'" + HOSTILE, "โรงงาน"]
    assert out["lat"].dtype == float and out["lat"].tolist() == [-3.5, 13.1] and out["n"].dtype == frame["n"].dtype
    assert frame["name"].iat[0] == HOSTILE                       # the input is not changed
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"))))
    assert rows == [["name", "lat", "n"], ["'" + HOSTILE, "-3.5", "1"], ["โรงงาน", "13.1", "2"]]


@pytest.fixture
def cli(db_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EIT_")}
    env.update(EIT_DATABASE_URL=db_url, EIT_DATA_DIR=str(DATA_DIR), EIT_UPLOAD_DIR=str(tmp_path / "uploads"),
               EIT_DEMO="0", PYTHONIOENCODING="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "store", *map(str, args)], cwd=ROOT, capture_output=True,
                              check=False, text=True, encoding="utf-8", env=env, timeout=600)
    return run


def test_factory_export_and_import_report_cannot_carry_formulas(cli, tmp_path):
    demo = records.load_factories(DATA_DIR)
    rows = moi_rows(demo, 3)
    rows[0][4] = HOSTILE                                          # FNAME
    rows[1][4] = "@cmd|' /C calc'!A0"
    good = tmp_path / "good.csv"
    good.write_bytes(registry_csv(rows))
    out = cli("import-factories", good)
    assert out.returncode == 0, out.stdout + out.stderr
    export = tmp_path / "export.csv"
    assert cli("export-factories", "--out", export).returncode == 0
    table = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8-sig"))))
    names = {r["registration_no"]: r["name_th"] for r in table}
    assert names[rows[0][1]] == "'" + HOSTILE and names[rows[1][1]] == "'@cmd|' /C calc'!A0"
    assert names[rows[2][1]] == rows[2][4]
    assert all(float(r["lat"]) == pytest.approx(float(s[6])) for r, s in
               zip(sorted(table, key=lambda r: r["registration_no"]), sorted(rows, key=lambda s: s[1])))

    rows[2][6] = "-3.5"                                           # LAT: outside Thailand, an error row
    rows[1][7] = HOSTILE                                          # LNG: not a number
    bad = tmp_path / "bad.csv"
    bad.write_bytes(registry_csv(rows))
    report = tmp_path / "report.csv"
    assert cli("import-factories", bad, "--report", report).returncode == 2
    values = {(r["row"], r["column"]): r["value"]
              for r in csv.DictReader(io.StringIO(report.read_text(encoding="utf-8-sig")))}
    assert values[("2", "LNG")] == "'" + HOSTILE
    assert values[("3", "LAT")] == "-3.5"                        # a number stays a number


def test_import_log_download_cannot_carry_formulas(engine, placer, upload_root):
    demo = records.load_factories(DATA_DIR)
    importer_kw = dict(filename="=cmd.csv")
    do_import(engine, registry_csv(moi_rows(demo, 2)), placer, upload_root, **importer_kw)
    log = list_imports(engine)
    assert log.loc[0, "filename"] == "=cmd.csv"
    table = list(csv.DictReader(io.StringIO(csv_bytes(log).decode("utf-8-sig"))))
    assert table[0]["filename"] == "'=cmd.csv" and table[0]["rows_total"] == "2"


def test_template_writes_data_text_as_text(tmp_path):
    areas = registry.load_areas(DATA_DIR).copy()
    areas.loc[0, "name_th"] = HOSTILE
    criteria = current_criteria(DATA_DIR)
    criteria.table.loc[criteria.table.index[0], "indicator_th"] = "+ตัวชี้วัด"
    wb = openpyxl.load_workbook(io.BytesIO(make_template(criteria, areas, year=2567,
                                                        area_ids=[areas["area_id"].iat[0]])))
    data = wb.worksheets[0]
    header = [c.value for c in data[1]]
    first = dict(zip(header, data[2]))
    assert first["area_name_th"].value == "'" + HOSTILE and first["indicator_th"].value == "'+ตัวชี้วัด"
    assert first["threshold"].data_type == "n" and first["year"].value == 2567
    assert not any(c.data_type == "f" for ws in wb.worksheets for r in ws.iter_rows() for c in r)
    assert wb.worksheets[2]["B2"].value == "'" + HOSTILE
