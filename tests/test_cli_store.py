"""``python -m store``: every command run as a subprocess against SQLite and PostgreSQL, with its exit code
(0 done, 2 rejected / invalid input, 1 other failure) and its output files."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from programme import records
from tests.conftest_db import DATA_DIR, ROOT
from tests.support import csv_bytes, moi_rows

REPORT_COLUMNS = ["row", "column", "value", "severity", "message_th", "message_en"]


@pytest.fixture
def cli(db_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EIT_")}
    env.update(EIT_DATABASE_URL=db_url, EIT_DATA_DIR=str(DATA_DIR), EIT_UPLOAD_DIR=str(tmp_path / "uploads"),
               EIT_DEMO="1", PYTHONIOENCODING="utf-8")

    def run(*args, extra_env=None, stdin=subprocess.DEVNULL):
        return subprocess.run([sys.executable, "-m", "store", *map(str, args)], cwd=ROOT, capture_output=True,
                              check=False, text=True, encoding="utf-8", env={**env, **(extra_env or {})},
                              stdin=stdin, timeout=600)
    return run


def test_usage_and_init(cli):
    assert cli("--help").returncode == 0
    assert cli("no-such-command").returncode == 2
    out = cli("init")
    assert out.returncode == 0, out.stderr
    assert "0011_external_auditors" in out.stdout  # the newest migration


def test_import_report_audit_export(cli, tmp_path):
    demo = records.load_factories(DATA_DIR)
    rows = moi_rows(demo, 6)
    rows[3][7] = "1000.5"                                      # data row 4: LNG outside Thailand
    bad = tmp_path / "โรงงาน.csv"
    bad.write_bytes(csv_bytes(rows))
    report = tmp_path / "report.csv"
    assert cli("create-user", "somchai", "--role", "staff",
               extra_env={"EIT_NEW_PASSWORD": "long-enough-passphrase-1"}).returncode == 0

    out = cli("import-factories", bad, "--report", report, "--user", "somchai")
    assert out.returncode == 2, out.stdout + out.stderr
    assert out.stdout.startswith("rejected")
    raw = report.read_bytes()
    assert raw.startswith("\ufeff".encode())                   # BOM: Excel shows the Thai text
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == REPORT_COLUMNS
    errors = [r for r in table[1:] if r[3] == "error"]
    assert [(r[0], r[1]) for r in errors] == [("4", "LNG")] and errors[0][4] and errors[0][5]

    out = cli("import-factories", bad, "--skip-invalid", "--report", report, "--user", "somchai")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("landed") and "5 inserted" in out.stdout

    out = cli("audit")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "kind" in lines[0] and "status" in lines[0] and len(lines) == 3
    assert "landed" in lines[1] and "rejected" in lines[2] and "somchai" in lines[1] and "โรงงาน.csv" in lines[1]

    csv_out = tmp_path / "export.csv"
    assert cli("export-factories", "--format", "csv", "--out", csv_out).returncode == 0
    exported = pd.read_csv(csv_out, dtype=str, encoding="utf-8-sig")
    for col in ("registration_no", "name_th", "lat", "lon", "province_code", "district_code", "area_id", "status"):
        assert col in exported.columns
    assert sorted(exported["registration_no"]) == sorted(r[1] for i, r in enumerate(rows) if i != 3)
    geo_out = tmp_path / "export.geojson"
    assert cli("export-factories", "--format", "geojson", "--out", geo_out).returncode == 0
    gj = json.loads(geo_out.read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 5
    feat = gj["features"][0]
    assert feat["geometry"]["type"] == "Point" and len(feat["geometry"]["coordinates"]) == 2
    lon, lat = feat["geometry"]["coordinates"]
    assert 97 < lon < 106 and 5 < lat < 21 and feat["properties"]["registration_no"]
    stdout_csv = cli("export-factories")
    assert stdout_csv.returncode == 0 and stdout_csv.stdout.lstrip("\ufeff").startswith("registration_no,")


def test_import_as_a_named_account_or_as_the_operator(cli, tmp_path):
    """``--user`` names an active staff account (an unknown or disabled one writes nothing, exit 2); without it the
    operator at the shell writes as system:<login name>."""
    demo = records.load_factories(DATA_DIR)
    good = tmp_path / "factories.csv"
    good.write_bytes(csv_bytes(moi_rows(demo, 2)))
    out = cli("import-factories", good, "--user", "ghost")
    assert out.returncode == 2 and "ghost" in out.stderr and "ไม่พบบัญชีผู้ใช้" in out.stderr
    assert cli("audit").stdout.strip() == "no imports yet"
    out = cli("import-factories", good, extra_env={"USER": "somsak", "LOGNAME": "somsak"})
    assert out.returncode == 0, out.stderr
    assert "system:somsak" in cli("audit").stdout


def test_a_production_database_made_at_init_is_never_seeded(cli):
    out = cli("init", extra_env={"EIT_DEMO": "0"})
    assert out.returncode == 0 and "production database" in out.stdout
    assert cli("create-user", "boss", "--role", "admin", extra_env={"EIT_NEW_PASSWORD": "long-enough-passphrase-1"}
               ).returncode == 0
    for command in ("seed-demo", "clear-demo"):          # EIT_DEMO=1 now: still refused, with the reason
        out = cli(command)
        assert out.returncode == 1 and "production database" in out.stderr and "ฐานข้อมูลใช้งานจริง" in out.stderr
    out = cli("export-factories")
    assert out.returncode == 0 and len(out.stdout.strip().splitlines()) == 1   # the header only: no demo


def test_a_missing_or_unreadable_file_exits_2(cli, tmp_path):
    assert cli("import-factories", tmp_path / "nope.csv").returncode == 2
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.7 ...")
    out = cli("import-assessments", pdf)
    assert out.returncode == 2 and out.stdout.startswith("rejected")


def test_seed_demo_template_and_assessments(cli, tmp_path):
    out = cli("seed-demo")
    assert out.returncode == 0, out.stderr
    assert "demo-staff" in out.stdout
    template = tmp_path / "t" / "template.xlsx"
    out = cli("template", "--out", template, "--year", 2569, "--area", "ryg-mtp", "ryg-irpc")
    assert out.returncode == 0, out.stderr
    assert template.read_bytes()[:2] == b"PK"
    assert cli("template", "--out", template, "--area", "no-such-area").returncode == 2
    results = tmp_path / "results.csv"
    results.write_text("area_id,year,indicator_id,result,evidence\nryg-mtp,2569,PHY-1.1,1,รายงาน\n", encoding="utf-8")
    out = cli("import-assessments", results)
    assert out.returncode == 0, out.stderr
    assert "1 inserted" in out.stdout
    out = cli("seed-demo")                                    # real data was imported: the demo is not reloaded
    assert out.returncode == 1 and "imported" in out.stderr


def test_create_user(cli):
    out = cli("create-user", "somying", "--role", "staff", extra_env={"EIT_NEW_PASSWORD": "long-enough-passphrase-1"})
    assert out.returncode == 0, out.stderr
    assert cli("create-user", "somying", "--role", "staff",
               extra_env={"EIT_NEW_PASSWORD": "long-enough-passphrase-1"}).returncode == 2        # exists
    assert cli("create-user", "shorty", "--role", "admin", extra_env={"EIT_NEW_PASSWORD": "1234567"}).returncode == 2
    assert cli("create-user", "nopass", "--role", "admin").returncode == 2              # no tty, no env
    assert cli("create-user", "x", "--role", "viewer", extra_env={"EIT_NEW_PASSWORD": "long-enough-passphrase-1"}
               ).returncode == 2                                                        # argparse: not a choice
