"""The symbiosis core on small hand-made registers: the vocabulary files, the waste-code rule, the status of an
exchange in a year, the KPIs, candidate matching and what each role sees."""
from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest

from common.errors import DataError
from programme.symbiosis import load_vocabulary
from symbiosis.codes import code_digits, normalise_waste_code, waste_code_problem
from symbiosis.kpis import area_kpis, national_kpis
from symbiosis.matching import candidates
from symbiosis.register import (
    EXCHANGE_COLUMNS,
    FLOW_COLUMNS,
    PARTY_COLUMNS,
    Register,
    distance_km,
    status_in_year,
    visible,
)
from tests.conftest_db import DATA_DIR

VOCAB = load_vocabulary(DATA_DIR)
# three factories in area "a" on a line of latitude (0.09 degrees of longitude ~ 10 km), one far away in "b"
FACTORIES = pd.DataFrame({
    "registration_no": ["F1", "F2", "F3", "F4"], "area_id": ["a", "a", "a", "b"],
    "name_th": ["หนึ่ง", "สอง", "สาม", "สี่"], "name_en": ["One", "Two", "Three", "Four"],
    "lat": [13.0, 13.0, 13.0, 15.0], "lon": [101.0, 101.09, 101.18, 101.0]})
PARTIES = pd.DataFrame([["ce-a", "community_enterprise", "วิสาหกิจ", "Enterprise", "a", 13.0, 101.045, ""]],
                       columns=PARTY_COLUMNS)


def flows(*rows) -> pd.DataFrame:
    base = dict(year=2568, material_en="", waste_code="", period="year", material_class="")
    return pd.DataFrame([{**base, **r} for r in rows], columns=FLOW_COLUMNS)


def exchange(eid, a, b, **kw) -> dict:
    base = dict(exchange_id=eid, from_party=a, to_party=b, area_id="a", year=2566, category="waste",
                material_class="ash_slag", material_th="เถ้า", material_en="ash", waste_code="", quantity=100.0,
                unit="t", status="operating", status_on="", landfill_diverted_t=100.0, co2e_avoided_t=10.0,
                cost_saved_thb=1000.0, water_saved_m3=0.0, virgin_saved_t=0.0, co2e_basis="", source="estimate",
                visibility="public", note="")
    return {**base, **kw}


def register(exchanges=(), history=(), flow_rows=None) -> Register:
    return Register(parties=PARTIES, flows=flow_rows if flow_rows is not None else flows(),
                    exchanges=pd.DataFrame(list(exchanges), columns=EXCHANGE_COLUMNS),
                    history=pd.DataFrame(list(history), columns=["exchange_id", "status", "changed_on"]), vocab=VOCAB)


# --------------------------------------------------------------------------------------------- vocabulary

def test_the_vocabulary_is_data_with_statuses_in_order_and_units_per_category():
    assert VOCAB.statuses == ("identified", "feasibility", "planned", "operating", "discontinued")
    assert VOCAB.unit_fits("t", "waste") and VOCAB.unit_fits("MWh", "energy")
    assert not VOCAB.unit_fits("MWh", "waste") and not VOCAB.unit_fits("furlong", "waste")
    assert VOCAB.min_role()["public"] == "viewer"
    assert VOCAB.settings["match_max_km"] > 0


@pytest.mark.parametrize("file, old, new, message", [
    ("vocabulary.csv", "status,operating,4,operating", "status,operating,4,running", "group of a status"),
    ("vocabulary.csv", "category,waste,2,", "category,wastes,2,", "needs the code(s) waste"),
    ("units.csv", "t,mass,1,material waste", "t,mass,-1,material waste", "above 0"),
    ("units.csv", "MWh,energy,1,energy", "MWh,energy,1,energie", "unknown exchange category energie"),
    ("visibility.csv", "public,1,viewer", "public,1,everyone", "min_role"),
    ("settings.csv", "match_max_km,30", "match_max_km,thirty", "above 0"),
])
def test_a_broken_vocabulary_file_names_the_cell_in_thai_and_english(tmp_path, file, old, new, message):
    folder = tmp_path / "symbiosis"
    shutil.copytree(DATA_DIR / "symbiosis", folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_vocabulary(tmp_path)
    assert message in str(err.value) and f"symbiosis/{file}" in str(err.value)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in str(err.value))          # a Thai half too


# --------------------------------------------------------------------------------------------- waste codes

@pytest.mark.parametrize("raw, normal", [
    ("110301", "11 03 01"), ("11 03 01", "11 03 01"), ("11 03 01 HA", "11 03 01 HA"), ("110301ha", "11 03 01 HA"),
    ("11-03-01*", "11 03 01 HA"), (" 020304 ", "02 03 04"), ("", ""),
])
def test_waste_codes_are_normalised(raw, normal):
    assert normalise_waste_code(raw) == normal
    assert waste_code_problem(raw) is None


@pytest.mark.parametrize("raw", ["11030", "1103011", "21 03 01", "00 01 01", "11 03 01 HM", "ash", "11 03 01 HA x"])
def test_malformed_waste_codes_are_refused_with_a_reason(raw):
    assert normalise_waste_code(raw) is None
    en, th = waste_code_problem(raw)
    assert "six digits" in en and "6 หลัก" in th


def test_matching_compares_the_six_digits_only():
    assert code_digits("11 03 01 HA") == code_digits("11 03 01") == "110301"


# --------------------------------------------------------------------------------------------- status by year

def test_the_status_in_a_year_is_the_latest_change_up_to_its_end():
    reg = register([exchange("x1", "F1", "F2"), exchange("x2", "F2", "F3", year=2568, status="identified")],
                   history=[("x1", "identified", "2022-03-01"), ("x1", "feasibility", "2023-05-01"),
                            ("x1", "operating", "2024-12-31"), ("x1", "discontinued", "2026-01-02")])
    by_year = {y: status_in_year(reg.exchanges, reg.history, y, VOCAB) for y in (2564, 2565, 2566, 2567, 2568)}
    assert pd.isna(by_year[2564]["x1"]) and by_year[2565]["x1"] == "identified"
    assert by_year[2566]["x1"] == "feasibility" and by_year[2567]["x1"] == "operating"
    assert by_year[2568]["x1"] == "operating"                  # discontinued only in 2026 = 2569
    assert pd.isna(by_year[2567]["x2"]) and by_year[2568]["x2"] == "identified"   # no history: from its year


# --------------------------------------------------------------------------------------------- KPIs

def test_area_kpis_on_a_hand_made_register():
    reg = register(
        [exchange("x1", "F1", "F2", quantity=200.0, co2e_avoided_t=20.0, cost_saved_thb=5000.0),
         exchange("x2", "F2", "ce-a", category="material", quantity=2000.0, unit="kg", co2e_avoided_t=1.0,
                  cost_saved_thb=100.0, water_saved_m3=0.0),
         exchange("x3", "F1", "F3", status="identified", quantity=999.0),
         exchange("x4", "F4", "F1", area_id="b", category="water", unit="m3", quantity=500.0, water_saved_m3=500.0)],
        flow_rows=flows(dict(party_id="F1", direction="output", flow_class="waste", material_th="เถ้า", quantity=300,
                             unit="t"),
                        dict(party_id="F2", direction="output", flow_class="waste", material_th="ตะกอน", quantity=50,
                             unit="t", period="month"),
                        dict(party_id="F1", direction="output", flow_class="waste", material_th="เก่า", quantity=999,
                             unit="t", year=2567)))
    k = area_kpis(reg, FACTORIES, 2568)
    a = k.loc["a"]
    assert (a["n_operating"], a["n_identified"], a["n_exchanges"]) == (2, 1, 3)
    assert a["factories"] == 3 and a["factories_taking_part"] == 2                      # F1, F2 (F3 only identified)
    assert a["share_factories_pct"] == pytest.approx(200 / 3)
    assert a["tonnes_per_year"] == pytest.approx(202.0)                                  # 200 t + 2,000 kg
    assert a["waste_generated_t"] == pytest.approx(300 + 50 * 12)                        # 2567 flow left out
    assert a["waste_exchanged_pct"] == pytest.approx(100 * 200 / 900)                    # waste exchanges only
    assert a["co2e_avoided_t"] == pytest.approx(21.0) and a["cost_saved_thb"] == pytest.approx(5100.0)
    assert a["mean_distance_km"] == pytest.approx((10.0 + 5.0) / 2, rel=0.03)
    assert a["factory_community_links"] == 1
    b = k.loc["b"]
    assert b["tonnes_per_year"] == 0 and b["water_saved_m3"] == 500 and math.isnan(b["waste_exchanged_pct"])
    assert national_kpis(reg, FACTORIES, 2568)["n_operating"] == 3


def test_distance_is_great_circle_km():
    assert distance_km(13.0, 101.0, 13.0, 101.09)[()] == pytest.approx(9.75, rel=0.01)


# --------------------------------------------------------------------------------------------- matching

def test_candidates_match_by_waste_code_then_class_within_reach_ranked_with_reasons():
    reg = register(flow_rows=flows(
        dict(party_id="F1", direction="output", flow_class="waste", material_th="เถ้าลอย", waste_code="10 01 02",
             material_class="ash_slag", quantity=1000, unit="t"),
        dict(party_id="F2", direction="input", flow_class="raw_material", material_th="ปูนเม็ด", waste_code="10 01 02",
             material_class="mineral", quantity=400, unit="t"),        # same code, 10 km: a code match
        dict(party_id="F3", direction="accepts", flow_class="waste", material_th="เถ้า", material_class="ash_slag",
             quantity=5000, unit="t"),                                 # same class, 20 km
        dict(party_id="F4", direction="accepts", flow_class="waste", material_th="เถ้า", material_class="ash_slag",
             quantity=5000, unit="t"),                                 # same class, 220 km: out of reach
        dict(party_id="F1", direction="input", flow_class="waste", material_th="เถ้าเอง", waste_code="10 01 02",
             quantity=10, unit="t"),                                   # a party does not match itself
        dict(party_id="F3", direction="output", flow_class="product", material_th="สินค้า", material_class="ash_slag",
             quantity=10, unit="t")))                                  # products are not given away
    c = candidates(reg, FACTORIES, 2568)
    assert list(zip(c["from_party"], c["to_party"], c["match"])) == [
        ("F1", "F3", "material_class"), ("F1", "F2", "waste_code")]             # 1,000 t at 20 km beats 400 t at 10
    top = c.iloc[0]
    assert top["quantity"] == 1000 and top["score"] == pytest.approx(1000 / (1 + top["distance_km"] / 10))
    assert "same material class (Ash and slag)" in top["reason_en"] and "km apart" in top["reason_en"]
    assert "วัสดุประเภทเดียวกัน" in top["reason_th"]
    assert c.iloc[1]["quantity"] == 400 and "same waste code 10 01 02" in c.iloc[1]["reason_en"]
    assert candidates(reg, FACTORIES, 2568, max_km=15)["to_party"].tolist() == ["F2"]
    assert candidates(reg, FACTORIES, 2568, area_id="b").empty
    assert candidates(reg, FACTORIES, 2567).empty


def test_existing_exchanges_are_not_proposed_again():
    rows = flows(dict(party_id="F1", direction="output", flow_class="waste", material_th="เถ้า",
                      material_class="ash_slag", quantity=100, unit="t"),
                 dict(party_id="F2", direction="accepts", flow_class="waste", material_th="เถ้า",
                      material_class="ash_slag", quantity=100, unit="t"))
    assert len(candidates(register(flow_rows=rows), FACTORIES, 2568)) == 1
    existing = register([exchange("x1", "F2", "F1", status="identified")], flow_rows=rows)
    assert candidates(existing, FACTORIES, 2568).empty


# --------------------------------------------------------------------------------------------- visibility

def test_viewers_see_public_exchanges_only_and_other_roles_follow_the_rule():
    reg = register([exchange("p", "F1", "F2"), exchange("s", "F1", "F2", visibility="area"),
                    exchange("r", "F1", "F2", visibility="restricted"), exchange("u", "F1", "F2", visibility="??")])
    seen = {role: visible(reg.exchanges, role, VOCAB)["exchange_id"].tolist()
            for role in (None, "viewer", "staff", "admin")}
    assert seen == {None: ["p"], "viewer": ["p"], "staff": ["p", "s"], "admin": ["p", "s", "r"]}


# --------------------------------------------------------------------------------------------- computed indicators

def criteria_table(**computed) -> pd.DataFrame:
    rows = [("ECO-2.2", "number", computed.get("ECO-2.2", "")), ("ENV-3.9", "percent", computed.get("ENV-3.9", "")),
            ("MGT-1.1", "binary", "")]
    return pd.DataFrame(rows, columns=["indicator_id", "metric_type", "computed"])


def test_computed_indicators_take_their_results_from_the_register():
    from symbiosis.indicators import apply_computed, computed_results, exchanges_behind
    reg = register([exchange("x1", "F1", "F2"), exchange("x2", "F2", "F3"), exchange("x3", "F1", "F3", year=2568,
                                                                                      status="identified")])
    table = criteria_table(**{"ECO-2.2": "symbiosis.operating_exchanges", "ENV-3.9": "symbiosis.waste_exchanged_share"})
    pairs = pd.DataFrame({"area_id": ["a", "b", "a"], "year": [2568, 2568, 2565]})
    got = computed_results(reg, FACTORIES, table, pairs).set_index(["area_id", "year", "indicator_id"])["value"]
    assert got[("a", 2568, "ECO-2.2")] == 2 and got[("b", 2568, "ECO-2.2")] == 0
    assert got[("a", 2565, "ECO-2.2")] == 0                        # before the exchanges began
    assert math.isnan(got[("a", 2568, "ENV-3.9")])                 # no waste reported: no share
    typed = pd.DataFrame({"area_id": ["a", "a"], "year": [2568, 2568], "criteria_version": "v",
                          "indicator_id": ["ECO-2.2", "MGT-1.1"], "value": [99.0, 1.0], "evidence": ["typed", ""]})
    out = apply_computed(typed, reg, FACTORIES, table, "v").set_index("indicator_id")
    assert out.loc["ECO-2.2", "value"] == 2 and "computed" in out.loc["ECO-2.2", "evidence"]
    assert out.loc["MGT-1.1", "value"] == 1.0 and len(out) == 3
    assert apply_computed(typed, reg, FACTORIES, criteria_table(), "v").equals(typed)     # nothing computed
    assert exchanges_behind(reg, FACTORIES, "symbiosis.operating_exchanges", "a", 2568)["exchange_id"].tolist() == [
        "x1", "x2"]


@pytest.mark.parametrize("source, metric, message", [
    ("symbiosis.no_such_thing", "number", "unknown computed source"),
    ("symbiosis.waste_exchanged_share", "number", "gives a percent"),
])
def test_an_unknown_or_misfit_computed_source_is_refused(source, metric, message):
    from symbiosis.indicators import check_sources
    table = pd.DataFrame({"indicator_id": ["X"], "metric_type": [metric], "computed": [source]})
    with pytest.raises(DataError, match=message):
        check_sources(table, "criteria/x.csv")


def test_an_empty_register_gives_zero_kpis_and_no_candidates():
    empty = Register(parties=pd.DataFrame(columns=PARTY_COLUMNS), flows=pd.DataFrame(columns=FLOW_COLUMNS),
                     exchanges=pd.DataFrame(columns=EXCHANGE_COLUMNS),
                     history=pd.DataFrame(columns=["exchange_id", "status", "changed_on"]), vocab=VOCAB)
    k = area_kpis(empty, FACTORIES, 2568)
    assert k.loc["a", "factories"] == 3 and k["n_exchanges"].sum() == 0 and k["tonnes_per_year"].sum() == 0
    assert candidates(empty, FACTORIES, 2568).empty


# --------------------------------------------------------------------------------------------- year on year

def test_exchanges_that_started_or_ended_in_a_year_come_from_the_dated_status_changes():
    from symbiosis.yearly import change_counts, year_changes
    reg = register(
        [exchange("EX-1", "F1", "F2"), exchange("EX-2", "F2", "F3", status="discontinued"),
         exchange("EX-3", "F1", "ce-a", area_id="a"), exchange("EX-4", "F3", "F1", area_id="b"),
         exchange("EX-5", "F1", "F3", status="operating", status_on="2025-03-01"),      # no history: its own date
         exchange("EX-6", "F2", "F1", status="planned", status_on="2025-05-01")],
        [("EX-1", "identified", "2023-02-01"), ("EX-1", "operating", "2025-06-30"),        # 2568 = 2025
         ("EX-2", "operating", "2023-01-10"), ("EX-2", "discontinued", "2025-12-31"),
         ("EX-3", "operating", "2025-01-01"), ("EX-3", "discontinued", "2025-08-01"),     # both in one year
         ("EX-3", "operating", "2025-10-01"),                                              # again: counted once
         ("EX-4", "operating", "2024-12-31"), ("EX-4", "discontinued", "2026-01-01")])    # neither in 2025
    got = year_changes(reg.exchanges, reg.history, 2568)
    assert got[["exchange_id", "change", "changed_on"]].values.tolist() == [
        ["EX-3", "started", "2025-01-01"], ["EX-5", "started", "2025-03-01"], ["EX-1", "started", "2025-06-30"],
        ["EX-3", "ended", "2025-08-01"], ["EX-2", "ended", "2025-12-31"]]
    assert got.loc[0, "material_th"] == "เถ้า" and got.loc[0, "to_party"] == "ce-a"
    assert change_counts(got) == {"started": 3, "ended": 2}
    assert change_counts(got, "b") == {"started": 0, "ended": 0}
    assert change_counts(year_changes(reg.exchanges, reg.history, 2567), "b") == {"started": 1, "ended": 0}
    assert change_counts(year_changes(reg.exchanges, reg.history, 2569)) == {"started": 0, "ended": 1}


def test_no_exchange_and_no_dated_change_give_no_rows():
    from symbiosis.yearly import change_counts, year_changes
    empty = register()
    assert year_changes(empty.exchanges, empty.history, 2568).empty
    blank = register([exchange("EX-1", "F1", "F2", status_on="")])   # operating, but undated
    assert change_counts(year_changes(blank.exchanges, blank.history, 2566)) == {"started": 0, "ended": 0}


def test_the_kpi_items_of_an_area_are_what_the_tiles_deck_and_pdf_show():
    from symbiosis.views import area_kpi_items
    reg = register([exchange("EX-1", "F1", "ce-a", cost_saved_thb=1234567.0),
                    exchange("EX-2", "F1", "F2", status="identified")])
    items = dict(area_kpi_items(reg, FACTORIES, "a", 2568, "th"))
    assert items["จำนวนการแลกเปลี่ยน"] == "2"
    assert items["ประหยัดค่าใช้จ่าย (บาท/ปี)"] == "1,234,567"
    assert items["การเชื่อมโยงโรงงาน–ชุมชน"] == "1"
    assert "ดำเนินการแล้ว 1" in items["ตามสถานะ"] and "พบโอกาส 1" in items["ตามสถานะ"]
    none = dict(area_kpi_items(reg, FACTORIES, "zz", 2568, "en"))
    assert none["Exchanges"] == "0" and none["Mean distance (km)"] == "–"
