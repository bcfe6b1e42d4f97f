"""A blank cell never erases a stored value, in every importer (SQLite and PostgreSQL): the assessment template as
downloaded (results blank) changes nothing; a blank optional cell of one row of the factory registry, the parties or
the exchanges keeps that row's stored value; erasing a value needs the documented marker word; the file's effect on
stored values (how many it changes, how many it clears) is known before it lands."""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from db import bulk, schema
from db import records as db_records
from ingest import importer
from ingest.assessments import make_template
from programme import records, registry
from programme.criteria import current_criteria
from tests.conftest_db import DATA_DIR
from tests.support import MOI_HEADER, account, csv_bytes, moi_rows, results_csv

AREA, YEAR = "ryg-mtp", 2568


def _stored(engine) -> pd.Series:
    got = db_records.load_records(engine)["assessments"]
    got = got[(got["area_id"] == AREA) & (got["year"] == YEAR)]
    return got.set_index("indicator_id")["value"].sort_index()


def _filled(n: int = 6) -> list[list[str]]:
    demo = records.load_assessments(DATA_DIR)
    table = current_criteria(DATA_DIR).table
    numeric = set(table.loc[table["metric_type"] != "binary", "indicator_id"])     # a value + 1 is still valid
    one = demo[(demo["area_id"] == AREA) & (demo["year"] == YEAR) & demo["value"].between(0, 99)
               & demo["indicator_id"].isin(numeric)].head(n)
    return [[r.area_id, str(r.year), r.indicator_id, f"{r.value:g}", "รายงาน"] for r in one.itertuples()]


def _import(engine, data, name="ผล.csv", **kw):
    return importer.import_file(engine, "assessments", data, name, account(engine, "staff1"), DATA_DIR, **kw)


def test_the_template_as_downloaded_erases_nothing(engine, upload_root):
    first = _import(engine, results_csv(_filled()), upload_root=upload_root)
    assert first.landed
    before = _stored(engine)
    assert before.notna().sum() == 6
    template = make_template(current_criteria(DATA_DIR), registry.load_areas(DATA_DIR), year=YEAR, area_ids=[AREA])
    preview = _import(engine, template, "แม่แบบ.xlsx", upload_root=upload_root, dry_run=True)
    assert (preview.effect["changed"], preview.effect["cleared"]) == (0, 0)
    again = _import(engine, template, "แม่แบบ.xlsx", upload_root=upload_root)
    assert again.status == "rejected" and "no valid rows" in again.problems[-1].message_en   # nothing to write
    assert any(p.severity == "warning" and "kept" in p.message_en for p in again.problems)
    pd.testing.assert_series_equal(_stored(engine), before)


def test_half_a_template_keeps_the_other_half(engine, upload_root):
    rows = _filled()
    assert _import(engine, results_csv(rows), upload_root=upload_root).landed
    before = _stored(engine)
    half = [r[:3] + ([str(float(r[3]) + 1)] if i < 3 else [""]) + [""] for i, r in enumerate(rows)]
    result = _import(engine, results_csv(half), upload_root=upload_root)
    assert result.landed and (result.effect["changed"], result.effect["cleared"]) == (3, 0)
    after = _stored(engine)
    assert (after.loc[[r[2] for r in rows[3:]]] == before.loc[[r[2] for r in rows[3:]]]).all()
    assert (after.loc[[r[2] for r in rows[:3]]] == before.loc[[r[2] for r in rows[:3]]] + 1).all()


def test_the_marker_word_clears_a_value_in_either_language_and_is_counted_first(engine, upload_root):
    rows = _filled()
    assert _import(engine, results_csv(rows), upload_root=upload_root).landed
    clear = [rows[0][:3] + ["ลบ", ""], rows[1][:3] + ["clear", ""], rows[2][:3] + ["", ""]]
    preview = _import(engine, results_csv(clear), upload_root=upload_root, dry_run=True)
    assert preview.status == "checked" and (preview.effect["changed"], preview.effect["cleared"]) == (0, 2)
    assert _stored(engine).notna().sum() == 6                        # a preview writes nothing
    assert any("2" in p.message_en and "clear" in p.message_en and "ล้าง" in p.message_th
               for p in preview.problems if p.row is None)
    result = _import(engine, results_csv(clear), upload_root=upload_root)
    assert result.landed and result.effect["cleared"] == 2
    after = _stored(engine)
    assert after.isna().sum() == 2 and after.loc[rows[2][2]] == float(rows[2][3])


# ------------------------------------------------------------------------------- the registry and the register

def _table(engine, table: sa.Table, key: str, columns: list[str]) -> dict:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(table.c[key], *(table.c[c] for c in columns)).order_by(table.c[key])).all()
    return {r[0]: dict(zip(columns, r[1:])) for r in rows}


def _import_kind(engine, kind, data, upload_root, **kw):
    return importer.import_file(engine, kind, data, f"{kind}.csv", account(engine, "staff1"), DATA_DIR,
                                upload_root=upload_root, **kw)


FACTORY_HEADER = [*MOI_HEADER, "ONAME"]
FACTORY_KEPT = ["owner", "isic", "status", "workers", "data_as_of"]


def _factory_rows() -> list[list[str]]:
    rows = moi_rows(records.load_factories(DATA_DIR), 3)
    return [r + [f"นาย เจ้าของ {i + 1}"] for i, r in enumerate(rows)]


def test_a_blank_factory_cell_keeps_the_stored_value_and_the_word_clears_it(engine, placer, upload_root):
    rows = _factory_rows()
    assert _import_kind(engine, "factories", csv_bytes(rows, FACTORY_HEADER), upload_root, placer=placer).landed
    full = _table(engine, schema.factories, "registration_no", FACTORY_KEPT)
    assert all(v["owner"] and v["workers"] is not None and v["status"] == 1 for v in full.values())
    owner, isic, flag, workers, update = (FACTORY_HEADER.index(c) for c in
                                          ("ONAME", "ISIC_CODE", "FFLAG", "TOTAL_WORKER", "LAST_UPDATE"))
    blank = [r.copy() for r in rows]
    blank[0][owner] = blank[1][workers] = blank[2][isic] = blank[2][flag] = blank[1][update] = ""
    preview = _import_kind(engine, "factories", csv_bytes(blank, FACTORY_HEADER), upload_root, placer=placer,
                           dry_run=True)
    assert (preview.effect["changed"], preview.effect["cleared"]) == (0, 0)
    result = _import_kind(engine, "factories", csv_bytes(blank, FACTORY_HEADER), upload_root, placer=placer)
    assert result.landed and (result.effect["changed"], result.effect["cleared"]) == (0, 0)
    assert result.counts["rows_unchanged"] == 3
    assert _table(engine, schema.factories, "registration_no", FACTORY_KEPT) == full
    assert any("kept" in p.message_en and "คงเดิม" in p.message_th for p in result.problems if p.column == "FFLAG")

    erase = [r.copy() for r in rows]
    erase[0][owner], erase[1][workers], erase[2][flag] = "ลบ", "CLEAR", "Clear"
    erase[1][owner] = "นาย เจ้าของ ใหม่"                       # one value changed
    preview = _import_kind(engine, "factories", csv_bytes(erase, FACTORY_HEADER), upload_root, placer=placer,
                           dry_run=True)
    assert preview.status == "checked" and (preview.effect["changed"], preview.effect["cleared"]) == (1, 3)
    assert not [p for p in preview.problems if p.severity == "error"]
    assert _table(engine, schema.factories, "registration_no", FACTORY_KEPT) == full     # a preview writes nothing
    result = _import_kind(engine, "factories", csv_bytes(erase, FACTORY_HEADER), upload_root, placer=placer)
    assert result.landed and (result.effect["changed"], result.effect["cleared"]) == (1, 3)
    after = _table(engine, schema.factories, "registration_no", FACTORY_KEPT)
    regs = [r[1] for r in rows]
    assert after[regs[0]]["owner"] is None and after[regs[1]]["workers"] is None and after[regs[2]]["status"] is None
    assert after[regs[1]]["owner"] == "นาย เจ้าของ ใหม่" and after[regs[0]]["workers"] == full[regs[0]]["workers"]
    assert after[regs[2]]["isic"] == full[regs[2]]["isic"] == "38302"


PARTY_HEADER = ["party_id", "kind", "name_th", "name_en", "area_id", "lat", "lon", "note"]
PARTY_KEPT = ["name_th", "name_en", "area_id", "note"]


def test_a_blank_party_cell_keeps_the_stored_value_and_the_word_clears_it(engine, upload_root):
    rows = [["ce-ryg-001", "community_enterprise", "วิสาหกิจชุมชน", "Enterprise", "ryg-mtp", "12.69", "101.16",
             "ปุ๋ยหมัก"],
            ["farm-ryg-002", "farm", "ฟาร์ม", "Farm", "ryg-mtp", "12.9", "101.3", "มูลสัตว์"]]
    assert _import_kind(engine, "parties", csv_bytes(rows, PARTY_HEADER), upload_root).landed
    full = _table(engine, schema.parties, "party_id", PARTY_KEPT)
    blank = [rows[0][:3] + ["", "ryg-mtp", "12.69", "101.16", ""], rows[1][:4] + ["", "12.9", "101.3", "มูลสัตว์"]]
    result = _import_kind(engine, "parties", csv_bytes(blank, PARTY_HEADER), upload_root)
    assert result.landed and (result.effect["changed"], result.effect["cleared"]) == (0, 0)
    assert result.counts["rows_unchanged"] == 2
    assert _table(engine, schema.parties, "party_id", PARTY_KEPT) == full

    erase = [rows[0][:3] + ["ลบ", "ryg-mtp", "12.69", "101.16", "CLEAR"], rows[1][:4] + ["clear", "12.9", "101.3", ""]]
    preview = _import_kind(engine, "parties", csv_bytes(erase, PARTY_HEADER), upload_root, dry_run=True)
    assert preview.status == "checked" and (preview.effect["changed"], preview.effect["cleared"]) == (0, 3)
    result = _import_kind(engine, "parties", csv_bytes(erase, PARTY_HEADER), upload_root)
    assert result.landed and result.effect["cleared"] == 3
    after = _table(engine, schema.parties, "party_id", PARTY_KEPT)
    assert after["ce-ryg-001"] == {"name_th": "วิสาหกิจชุมชน", "name_en": None, "area_id": "ryg-mtp", "note": None}
    assert after["farm-ryg-002"] == {"name_th": "ฟาร์ม", "name_en": "Farm", "area_id": None, "note": "มูลสัตว์"}


F1, F2 = "3-105-1/68ปท", "3-105-2/68ปท"
EX_HEADER = ["exchange_id", "from_party", "to_party", "year", "category", "material_th", "waste_code", "quantity",
             "unit", "status", "co2e_avoided_t", "cost_saved_thb", "visibility", "note"]
def _two_factories(engine) -> None:
    with engine.begin() as conn:
        bulk.upsert_factories(conn, pd.DataFrame({"registration_no": [F1, F2], "name_th": ["หนึ่ง", "สอง"],
                                                  "area_id": ["ryg-mtp"] * 2, "lat": [12.68, 12.70],
                                                  "lon": [101.15, 101.17]}))


EX_KEPT = ["waste_code", "quantity", "co2e_avoided_t", "cost_saved_thb", "visibility", "note"]


def test_a_blank_exchange_cell_keeps_the_stored_value_and_the_word_clears_it(engine, upload_root):
    _two_factories(engine)
    rows = [["EX-1", F1, F2, "2568", "waste", "เถ้า", "10 01 02", "800", "t", "identified", "40", "120000",
             "restricted", "สัญญา 3 ปี"],
            ["EX-2", F2, F1, "2568", "waste", "กากตะกอน", "10 01 02", "50", "t", "identified", "5", "9000", "area",
             "ทดลอง"]]
    assert _import_kind(engine, "exchanges", csv_bytes(rows, EX_HEADER), upload_root).landed
    full = _table(engine, schema.exchanges, "exchange_id", EX_KEPT)
    blank = [r.copy() for r in rows]
    blank[0][10] = blank[0][12] = blank[0][13] = ""          # co2e, visibility (blank = public when new), note
    blank[1][6] = blank[1][11] = ""                          # waste code, cost saved
    result = _import_kind(engine, "exchanges", csv_bytes(blank, EX_HEADER), upload_root)
    assert result.landed and (result.effect["changed"], result.effect["cleared"]) == (0, 0)
    assert _table(engine, schema.exchanges, "exchange_id", EX_KEPT) == full

    erase = [r.copy() for r in rows]
    erase[0][10], erase[0][13], erase[1][6], erase[1][11] = "ลบ", "clear", "CLEAR", "ลบ"
    erase[1][7] = "60"                                       # one value changed
    preview = _import_kind(engine, "exchanges", csv_bytes(erase, EX_HEADER), upload_root, dry_run=True)
    assert preview.status == "checked" and (preview.effect["changed"], preview.effect["cleared"]) == (1, 4)
    result = _import_kind(engine, "exchanges", csv_bytes(erase, EX_HEADER), upload_root)
    assert result.landed and (result.effect["changed"], result.effect["cleared"]) == (1, 4)
    after = _table(engine, schema.exchanges, "exchange_id", EX_KEPT)
    assert after["EX-1"] == {**full["EX-1"], "co2e_avoided_t": None, "note": None}
    assert after["EX-2"] == {**full["EX-2"], "waste_code": None, "cost_saved_thb": None, "quantity": 60}


def test_a_new_exchange_gets_the_defaults_and_its_visibility_cannot_be_erased(engine, upload_root):
    _two_factories(engine)
    row = ["EX-1", F1, F2, "2568", "waste", "เถ้า", "", "800", "t", "identified", "", "", "", "ลบ"]
    assert _import_kind(engine, "exchanges", csv_bytes([row], EX_HEADER), upload_root).landed
    assert _table(engine, schema.exchanges, "exchange_id", ["visibility", "note"])["EX-1"] == \
        {"visibility": "public", "note": None}
    refused = _import_kind(engine, "exchanges", csv_bytes([row[:12] + ["ลบ", ""]], EX_HEADER), upload_root)
    assert refused.status == "rejected" and any(p.column == "visibility" for p in refused.problems)


FLOW_HEADER = ["party_id", "year", "direction", "flow_class", "material_class", "material_th", "material_en",
               "waste_code", "quantity", "unit", "period"]
FLOW_KEPT = ["material_class", "material_en", "waste_code", "period"]


def test_a_blank_flow_cell_keeps_the_stored_value_and_the_word_clears_it(engine, upload_root):
    _two_factories(engine)
    row = [F1, "2568", "output", "waste", "ash_slag", "เถ้าลอย", "fly ash", "10 01 02", "1,200", "t", "month"]
    assert _import_kind(engine, "flows", csv_bytes([row], FLOW_HEADER), upload_root).landed
    with engine.connect() as conn:
        full = conn.execute(sa.select(*(schema.material_flows.c[c] for c in FLOW_KEPT))).one()
    blank = row[:4] + ["", "เถ้าลอย", "", "", "1,200", "t", ""]
    result = _import_kind(engine, "flows", csv_bytes([blank], FLOW_HEADER), upload_root)
    assert result.landed and (result.effect["changed"], result.effect["cleared"]) == (0, 0)
    with engine.connect() as conn:
        assert conn.execute(sa.select(*(schema.material_flows.c[c] for c in FLOW_KEPT))).one() == full
    erase = row[:6] + ["ลบ", "clear", "1,200", "t", ""]
    result = _import_kind(engine, "flows", csv_bytes([erase], FLOW_HEADER), upload_root)
    assert result.landed and (result.effect["changed"], result.effect["cleared"]) == (0, 2)
    with engine.connect() as conn:
        got = conn.execute(sa.select(*(schema.material_flows.c[c] for c in FLOW_KEPT))).one()
    assert tuple(got) == ("ash_slag", None, None, "month")
