"""The exchange downloads: the CSV and Excel for people read as the page does (headers in the reader's language,
names for codes, rounded numbers); the file for programs keeps the codes and the figures as stored."""
import io

import pandas as pd

from tests.test_symbiosis_views import FACTORIES, register
from ui import symbiosis as view

AREAS = {"ryg-mtp": "เขตควบคุมมลพิษ (มาบตาพุด) จ.ระยอง"}


def _flows():
    flows = view.flows_of(register(), FACTORIES, 2568, "th")
    return flows.assign(co2e_avoided_t=flows["co2e_avoided_t"] + 0.123456, distance_km=1.792956)


def test_the_file_for_people_has_thai_headers_names_for_codes_and_rounded_numbers():
    flows = _flows()
    people = view.people_frame(flows, register(), AREAS, "th")
    csv = pd.read_csv(io.BytesIO(view.export_csv(flows, people)), encoding="utf-8-sig", dtype=str)
    assert {"ผู้ให้", "ผู้รับ", "หน่วย", "สถานะ", "ระยะทาง (กม.)"} <= set(csv.columns)
    assert not any(c.isascii() and "_" in c for c in csv.columns)              # no code names as headers
    row = csv.iloc[0]
    assert row["หน่วย"] == "ตัน" and row["สถานะ"] == "ดำเนินการแล้ว" and row["พื้นที่"] == AREAS["ryg-mtp"]
    assert row["ลด CO2e (ตัน/ปี)"] == "40.1" and row["ระยะทาง (กม.)"] == "1.8"
    xlsx = pd.read_excel(io.BytesIO(view.export_xlsx(flows, people)), dtype=str)
    assert list(xlsx.columns) == list(csv.columns) and not xlsx["ผู้รับ"].str.startswith("=").any()
    english = view.people_frame(flows, register(), AREAS, "en")
    assert "Unit" in english.columns and english["Unit"].iloc[0] != "t"


def test_the_file_for_programs_keeps_codes_and_figures():
    flows = _flows()
    csv = pd.read_csv(io.BytesIO(view.export_csv(flows)), encoding="utf-8-sig", dtype=str)
    assert csv["unit"].iloc[0] == "t" and csv["status_now"].iloc[0] == "operating"
    assert csv["area_id"].iloc[0] == "ryg-mtp" and csv["distance_km"].iloc[0] == "1.792956"
