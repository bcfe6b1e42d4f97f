"""Symbiosis imports (parties, flows, exchanges) on SQLite and PostgreSQL: every refusal named by row, column and
value in Thai and English, all or nothing or skip-invalid, idempotent re-import, the log row and the kept upload,
hostile text stored verbatim, the templates, the command line."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pandas as pd
import pytest

from db import bulk, importlog
from db.symbiosis import load_register
from ingest.importer import import_symbiosis
from ingest.problems import report_frame
from ingest.readers import read_table
from ingest.symbiosis import fields
from ingest.symbiosis_template import make_template
from programme.symbiosis import load_vocabulary
from tests.conftest_db import DATA_DIR, ROOT
from tests.support import account, count, csv_bytes

VOCAB = load_vocabulary(DATA_DIR)
F1, F2 = "3-105-1/68ปท", "3-105-2/68ปท"
HOSTILE = '<img src=x onerror="alert(1)"> & <b>เถ้า</b>'
PARTY_HEADER = ["party_id", "kind", "name_th", "name_en", "area_id", "lat", "lon"]
FLOW_HEADER = ["party_id", "year", "direction", "flow_class", "material_class", "material_th", "waste_code",
               "quantity", "unit"]
EX_HEADER = ["exchange_id", "from_party", "to_party", "year", "category", "material_th", "waste_code", "quantity",
             "unit", "status", "identified_on", "operating_on", "co2e_avoided_t"]


@pytest.fixture
def seeded(engine):
    """Two factories in Map Ta Phut and one community enterprise."""
    f = pd.DataFrame({"registration_no": [F1, F2], "name_th": ["โรงงานหนึ่ง", "โรงงานสอง"], "area_id": ["ryg-mtp"] * 2,
                      "lat": [12.68, 12.70], "lon": [101.15, 101.17]})
    with engine.begin() as conn:
        bulk.upsert_factories(conn, f)
    result = run(engine, "parties", csv_bytes([["ce-ryg-001", "community_enterprise", HOSTILE, "Enterprise",
                                                "ryg-mtp", "12.69", "101.16"]], PARTY_HEADER))
    assert result.landed, report_frame(result.problems)
    return engine


def run(engine, kind, data, filename=None, **kw):
    return import_symbiosis(engine, kind, data, filename or f"{kind}.csv", account(engine), DATA_DIR,
                            upload_root=kw.pop("upload_root", None), **kw)


def errors(result) -> list[tuple]:
    r = report_frame(result.problems)
    r = r[r["severity"] == "error"]
    assert (r["message_th"] != "").all() and (r["message_en"] != "").all()
    return list(zip(r["row"].astype(int), r["column"], r["value"]))


def test_parties_land_with_hostile_names_verbatim_and_reimport_changes_nothing(seeded, tmp_path):
    reg = load_register(seeded, DATA_DIR)
    assert reg.parties["name_th"].tolist() == [HOSTILE]
    data = csv_bytes([["ce-ryg-001", "community_enterprise", HOSTILE, "Enterprise", "ryg-mtp", "12.69", "101.16"],
                      ["farm-ryg-002", "farm", "ฟาร์ม", "", "", "12.9", "101.3"]], PARTY_HEADER)
    first = run(seeded, "parties", data, upload_root=tmp_path)
    assert first.counts["rows_inserted"] == 1 and first.counts["rows_unchanged"] == 1
    again = run(seeded, "parties", data, upload_root=tmp_path)
    assert again.counts["rows_unchanged"] == 2 and again.counts["rows_inserted"] == again.counts["rows_updated"] == 0
    log = importlog.list_imports(seeded)
    assert log["kind"].tolist() == ["parties"] * 3 and (log["status"] == "landed").all()
    assert again.stored_path is not None and again.stored_path.read_bytes() == data


def test_bad_parties_are_named_by_row_and_column(seeded):
    data = csv_bytes([["ce-ok-1", "community", "ชุมชน", "", "ryg-mtp", "12.7", "101.1"],
                      [F1, "farm", "x", "", "", "12.7", "101.1"],                  # a registration number
                      ["ce-ok-2", "factory", "x", "", "", "12.7", "101.1"],        # factories are not parties
                      ["ce-ok-3", "farm", "x", "", "atlantis", "101.1", "12.7"],   # unknown area, swapped
                      ["ce-ok-1", "farm", "x", "", "", "12.7", "101.1"]], PARTY_HEADER)
    result = run(seeded, "parties", data)
    assert result.status == "rejected" and count(seeded, "parties") == 1
    assert set(errors(result)) >= {(2, "party_id", F1), (3, "kind", "factory"), (4, "area_id", "atlantis"),
                                   (4, "lat", "101.1"), (5, "party_id", "ce-ok-1")}


def test_party_points_must_lie_in_a_thai_province(seeded):
    """The registry's test: a point in the sea or in a neighbouring country is refused with the nearest
    province named, even inside Thailand's box of latitudes and longitudes."""
    data = csv_bytes([["ce-sea-1", "farm", "กลางอ่าว", "", "", "11.5", "100.5"],           # the Gulf of Thailand
                      ["ce-lao-1", "farm", "วังเวียง", "", "", "19.0", "102.4"],           # Laos
                      ["ce-ok-9", "farm", "ฟาร์ม", "", "", "12.9", "101.3"]], PARTY_HEADER)
    result = run(seeded, "parties", data)
    assert result.status == "rejected"
    report = report_frame(result.problems)
    err = report[report["severity"] == "error"]
    assert list(zip(err["row"], err["column"], err["value"])) == [(1, "lat", "11.5, 100.5"), (2, "lat", "19.0, 102.4")]
    assert err["message_en"].str.contains("outside Thailand").all()
    assert err["message_en"].str.contains("nearest Thai province is").all()
    assert err["message_th"].str.contains("นอกประเทศไทย").all()


def test_an_over_long_or_nul_party_name_is_a_row_error_on_both_databases(seeded):
    """Text is checked against the columns before writing: SQLite would store a NUL, PostgreSQL would fail."""
    good = [[f"ce-ok-{k}", "farm", "ฟาร์ม", "", "", "12.9", "101.3"] for k in range(150)]
    data = csv_bytes([["ce-long-1", "farm", "ก" * 2001, "", "", "12.9", "101.3"], *good,
                      ["ce-nul-1", "farm", "ฟาร์ม", "Farm\x00", "", "12.9", "101.3"]], PARTY_HEADER)
    assert data.index(b"\x00") > 8192                      # past what the reader sniffs for binary files
    result = run(seeded, "parties", data)
    assert result.status == "rejected" and count(seeded, "parties") == 1
    assert [(r, c) for r, c, _ in errors(result)] == [(1, "name_th"), (152, "name_en")]
    landed = run(seeded, "parties", data, skip_invalid=True)
    assert landed.landed and landed.counts["rows_inserted"] == 150
    assert "ce-long-1" not in set(load_register(seeded, DATA_DIR).parties["party_id"])


FLOW_ROWS = [
    [F1, "2568", "output", "waste", "ash_slag", "เถ้าลอย", "10 01 02", "1,200", "t"],        # 1 good
    ["3-999-9/68ปท", "2568", "output", "waste", "", "เถ้า", "", "10", "t"],                  # 2 unknown factory
    [F2, "2568", "input", "raw_material", "", "ถ่านหิน", "", "-5", "t"],                     # 3 negative
    [F2, "2568", "input", "raw_material", "", "ทราย", "", "มาก", "t"],                      # 4 not a number
    [F2, "2568", "input", "water", "", "น้ำประปา", "", "5", "gallon"],                       # 5 unknown unit
    [F2, "2568", "input", "energy", "", "ไฟฟ้า", "", "5", "t"],                             # 6 unit does not fit
    [F2, "2568", "output", "waste", "", "ตะกอน", "11 03", "5", "t"],                         # 7 malformed code
    [F2, "2024", "output", "waste", "", "กาก", "", "5", "t"],                                # 8 CE year
    ["ce-ryg-001", "2568", "accepts", "waste", "ash_slag", HOSTILE, "100102", "300", "t"],    # 9 good (a party)
]


def test_flows_one_bad_row_rejects_the_file_and_each_error_is_named(seeded):
    result = run(seeded, "flows", csv_bytes(FLOW_ROWS, FLOW_HEADER))
    assert result.status == "rejected" and count(seeded, "material_flows") == 0
    assert errors(result) == [(2, "party_id", "3-999-9/68ปท"), (3, "quantity", "-5"), (4, "quantity", "มาก"),
                              (5, "unit", "gallon"), (6, "unit", "t"), (7, "waste_code", "11 03"), (8, "year", "2024")]
    assert importlog.list_imports(seeded).loc[0, "status"] == "rejected"


def test_flows_skip_invalid_lands_the_good_rows_normalised_and_verbatim(seeded):
    result = run(seeded, "flows", csv_bytes(FLOW_ROWS, FLOW_HEADER), skip_invalid=True)
    assert result.landed and result.counts["rows_inserted"] == 2 and result.counts["rows_skipped"] == 7
    flows = load_register(seeded, DATA_DIR).flows.set_index("party_id")
    assert flows.loc[F1, "quantity"] == 1200 and flows.loc[F1, "waste_code"] == "10 01 02"
    assert flows.loc["ce-ryg-001", "material_th"] == HOSTILE and flows.loc["ce-ryg-001", "waste_code"] == "10 01 02"
    assert (flows["period"] == "year").all()


def test_exchanges_land_with_their_history_and_bad_ones_are_named(seeded):
    rows = [["EX-1", F1, "ce-ryg-001", "2566", "waste", HOSTILE, "10 01 02 HA", "800", "t", "operating",
             "2023-03-01", "2024-01-15", "40"],
            ["EX-2", F1, F1, "2566", "waste", "เถ้า", "", "1", "t", "identified", "", "", ""],            # itself
            ["EX-3", F1, F2, "2566", "waste", "เถ้า", "", "1", "t", "running", "", "", ""],               # status
            ["EX-4", F1, F2, "2567", "water", "น้ำ", "", "1", "m3", "operating", "2022-01-01", "", ""],   # too early
            ["EX-5", F1, F2, "2566", "energy", "ไอน้ำ", "", "1", "t", "identified", "", "2024-01-01", ""],
            ["EX-6", F1, F2, "2566", "waste", "เถ้า", "", "1", "t", "operating", "2567-01-01", "", ""]]   # BE date
    result = run(seeded, "exchanges", csv_bytes(rows, EX_HEADER))
    assert result.status == "rejected"
    assert errors(result) == [(2, "to_party", F1), (3, "status", "running"), (4, "identified_on", "2022-01-01"),
                              (5, "unit", "t"), (5, "operating_on", "2024-01-01"), (6, "identified_on", "2567-01-01")]
    good = csv_bytes(rows[:1], EX_HEADER)
    first = run(seeded, "exchanges", good)
    assert first.landed and first.counts["rows_inserted"] == 1
    reg = load_register(seeded, DATA_DIR)
    ex = reg.exchanges.iloc[0]
    assert (ex["area_id"], ex["status"], ex["status_on"], ex["waste_code"]) == ("ryg-mtp", "operating", "2024-01-15",
                                                                              "10 01 02 HA")
    assert ex["material_th"] == HOSTILE and ex["visibility"] == "public"
    assert reg.history[["status", "changed_on"]].values.tolist() == [["identified", "2023-03-01"],
                                                                     ["operating", "2024-01-15"]]
    assert run(seeded, "exchanges", good).counts["rows_unchanged"] == 1              # idempotent
    moved = [rows[0][:11] + ["2024-02-01", "40"]]
    again = run(seeded, "exchanges", csv_bytes(moved, EX_HEADER))
    assert again.counts["rows_updated"] == 1
    assert load_register(seeded, DATA_DIR).history["changed_on"].tolist() == ["2023-03-01", "2024-02-01"]


@pytest.mark.parametrize("kind", ["parties", "flows", "exchanges"])
def test_each_template_has_the_defined_columns_and_drop_down_codes(kind):
    data = make_template(kind, VOCAB, year=2568)
    table = read_table(data, f"{kind}.xlsx")
    assert list(table.columns) == [f.name for f in fields(kind, VOCAB)]
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(data))
    assert len(wb.worksheets[0].data_validations.dataValidation) >= 1
    if kind == "exchanges":
        assert {f"{s}_on" for s in VOCAB.statuses} <= set(table.columns)


@pytest.mark.parametrize("kind", ["parties", "flows", "exchanges"])
def test_the_templates_example_rows_never_import(seeded, kind):
    result = run(seeded, kind, make_template(kind, VOCAB, year=2568), filename=f"{kind}.xlsx")
    assert not result.landed and result.counts["rows_inserted"] == 0
    assert any("example" in p.message_en and "ตัวอย่าง" in p.message_th for p in result.problems)
    table = {"parties": "parties", "flows": "material_flows", "exchanges": "exchanges"}[kind]
    assert count(seeded, table) == (1 if kind == "parties" else 0)          # the seeded party only
    assert "ce-example-001" not in set(load_register(seeded, DATA_DIR).parties["party_id"])


def test_command_line_imports_exchanges_and_writes_a_template(seeded, db_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EIT_")}
    env.update(EIT_DATABASE_URL=db_url, EIT_DATA_DIR=str(DATA_DIR), EIT_UPLOAD_DIR=str(tmp_path / "up"),
               PYTHONIOENCODING="utf-8")
    path = tmp_path / "ex.csv"
    path.write_bytes(csv_bytes([["EX-9", F1, F2, "2568", "waste", "เถ้า", "", "5", "t", "identified", "", "", ""]],
                               EX_HEADER))

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "store", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=300, check=False)
    out = cli("import-exchanges", str(path))
    assert out.returncode == 0, out.stderr
    assert "landed" in out.stdout and count(seeded, "exchanges") == 1
    path.write_bytes(csv_bytes([["EX-9", F1, F1, "2568", "waste", "เถ้า", "", "5", "t", "identified", "", "", ""]],
                               EX_HEADER))
    bad = cli("import-exchanges", str(path))
    assert bad.returncode == 2 and "two different parties" in bad.stderr
    out = cli("symbiosis-template", "flows", "--out", str(tmp_path / "flows.xlsx"))
    assert out.returncode == 0 and (tmp_path / "flows.xlsx").stat().st_size > 0


# --------------------------------------------------------------------------------------------- computed indicators

def computed_data_dir(tmp_path):
    """A data folder like data/ whose criteria mark ECO-2.2 as computed from the operating exchanges."""
    root = tmp_path / "data"
    root.mkdir()
    for item in DATA_DIR.iterdir():
        if item.name != "criteria":
            (root / item.name).symlink_to(item)
    (root / "criteria").mkdir()
    src = next((DATA_DIR / "criteria").glob("*.csv"))
    lines = src.read_text(encoding="utf-8").splitlines()
    out = [lines[0] + ",computed"]
    for line in lines[1:]:
        out.append(line + (",symbiosis.operating_exchanges" if ",ECO-2.2," in line else ","))
    (root / "criteria" / src.name).write_text("\n".join(out) + "\n", encoding="utf-8")
    return root


def test_a_typed_result_for_a_computed_indicator_is_refused(tmp_path):
    from ingest.assessments import validate_assessments
    from programme import registry
    from programme.criteria import current_criteria
    data = computed_data_dir(tmp_path)
    criteria = current_criteria(data)
    raw = pd.DataFrame({"area_id": ["ryg-mtp", "ryg-mtp", "ryg-mtp"], "year": ["2568"] * 3,
                        "indicator_id": ["ECO-2.2", "ECO-2.2", "PHY-1.1"], "result": ["7", "", "1"]})
    clean, problems = validate_assessments(raw, criteria, registry.load_areas(data))
    report = report_frame(problems)
    err = report[report["severity"] == "error"]
    assert list(zip(err["row"], err["column"])) == [(1, "result")] and "computed" in err["message_en"].iat[0]
    assert clean["indicator_id"].tolist() == ["PHY-1.1"]           # the blank computed row is not imported


def test_the_snapshot_computes_the_marked_indicator_from_the_register(seeded, tmp_path):
    from db.snapshot import load_dataset_from_db
    data = computed_data_dir(tmp_path)
    rows = [[f"EX-{k}", F1, "ce-ryg-001", "2566", "waste", "เถ้า", "", "5", "t", "operating", "2023-03-01",
             "2024-01-15", ""] for k in range(3)]
    assert run(seeded, "exchanges", csv_bytes(rows, EX_HEADER)).landed
    with seeded.begin() as conn:
        bulk.upsert_assessments(conn, pd.DataFrame({
            "area_id": ["ryg-mtp"] * 3, "year": [2566, 2567, 2567], "criteria_version": "2565-illustrative",
            "indicator_id": ["PHY-1.1", "PHY-1.1", "ECO-2.2"], "value": [1.0, 1.0, 99.0], "evidence": ""}))
    ds = load_dataset_from_db(data, seeded)
    got = ds.assessments.set_index(["year", "indicator_id"])["value"]
    assert got[(2567, "ECO-2.2")] == 3 and got[(2566, "ECO-2.2")] == 0        # operating from 2024 = 2567
    plain = load_dataset_from_db(DATA_DIR, seeded).assessments.set_index(["year", "indicator_id"])["value"]
    assert plain[(2567, "ECO-2.2")] == 99                                       # not marked: the typed value


def test_staff_promote_a_candidate_to_an_identified_exchange(seeded):
    from db.snapshot import data_version
    from db.symbiosis import promote_candidate
    from symbiosis.matching import candidates
    from symbiosis.register import status_in_year
    rows = [[F1, "2568", "output", "waste", "ash_slag", "เถ้าลอย", "10 01 02", "500", "t"],
            [F2, "2568", "input", "raw_material", "mineral", "วัตถุดิบปูน", "10 01 02", "900", "t"]]
    assert run(seeded, "flows", csv_bytes(rows, FLOW_HEADER)).landed
    reg = load_register(seeded, DATA_DIR)
    from db.records import load_records
    fac = load_records(seeded)["factories"]
    cand = candidates(reg, fac, 2568)
    assert cand[["from_party", "to_party", "category", "unit", "quantity"]].values.tolist() == [
        [F1, F2, "waste", "t", 500.0]]
    before = data_version(seeded)
    # the write checks the account in the data layer: an unknown or a disabled account, or one whose role may not
    # write the register (an auditor, a working group), writes nothing
    from db.accounts import AccountRefused, set_active
    auditor = account(seeded, "auditor-1", role="auditor")
    gone = account(seeded, "gone-1")
    set_active(seeded, gone, False, by="system:tests")
    for name in ("nobody", auditor, gone):
        with pytest.raises(AccountRefused), seeded.begin() as conn:
            promote_candidate(conn, cand.iloc[0], 2568, name)
    assert data_version(seeded) == before and load_register(seeded, DATA_DIR).exchanges.empty
    with seeded.begin() as conn:
        eid = promote_candidate(conn, cand.iloc[0], 2568, account(seeded))
    assert eid == "EX-ryg-mtp-001" and data_version(seeded) != before
    reg = load_register(seeded, DATA_DIR)
    ex = reg.exchanges.set_index("exchange_id").loc[eid]
    assert (ex["status"], ex["visibility"], ex["waste_code"], ex["quantity"]) == ("identified", "area", "10 01 02", 500)
    assert reg.history["exchange_id"].tolist() == [eid]
    # a candidate of a past year is dated within that year (so it shows in that year's views), never later
    assert "2025-01-01" <= ex["status_on"] <= "2025-12-31" and "tester" in ex["note"]
    assert status_in_year(reg.exchanges, reg.history, 2568, reg.vocab).tolist() == ["identified"]
    assert candidates(reg, fac, 2568).empty                        # no longer a candidate
    with pytest.raises(ValueError, match="already recorded"), seeded.begin() as conn:
        promote_candidate(conn, cand.iloc[0], 2568, account(seeded))
