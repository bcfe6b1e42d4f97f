"""The area page's factory table: sorted by any column (names in Thai dictionary order by the name itself, not by
บริษัท / ห้างหุ้นส่วนจำกัด), in pages, and downloaded with every text cell safe for a spreadsheet."""
import io

import pandas as pd
from openpyxl import load_workbook

from common.thai import sorted_thai
from reports.factory_tables import factories_csv, factories_xlsx, factory_frame
from scoring.factories import SORT_KEYS, page_of, sort_factories
from ui.tables import FACTORY_COLUMNS

NAMES = ["บริษัท อ่างทองสตีล จำกัด", "ห้างหุ้นส่วนจำกัด เชียงใหม่ฟู้ด", "บริษัท ตรังยาง จำกัด",
         "บริษัท อุทัยธานีข้าว จำกัด", "โรงงานกรุงเทพพลาสติก", "=HYPERLINK(\"http://x\",\"y\")"]


def frame():
    n = len(NAMES)
    return pd.DataFrame({
        "registration_no": [f"3-105-{i}/47ปท" for i in range(n)], "fid": [f"3131050000{i:02d}47" for i in range(n)],
        "name_th": NAMES, "name_en": ["Angthong Steel Co., Ltd.", None, "Trang Rubber Co., Ltd.", "Uthai Rice Co., Ltd.",
                                     "Krungthep Plastic Factory", "x"],
        "factory_class": [3, 2, 3, 1, 3, 2], "isic": ["24101", "10799", "22191", "10612", "22220", "10"],
        "status": [1, 1, 0, 2, 1, 3], "gi_level": [0, 3, 1, 5, 0, 2], "eco_factory_year": [None, 2566, None, 2564, None, None],
        "csr_diw_year": [None] * n, "workers": [10, 20, 30, 40, 50, 60], "province_code": ["15", "50", "92", "61", "10", "10"],
        "area_id": ["a1", None, None, None, None, None]})


def test_names_sort_in_thai_order_by_the_name_without_its_company_form():
    rows = frame().iloc[:5]
    got = list(sort_factories(rows, "name", False, pd.Series(dtype=object), "th")["name_th"])
    # เชียงใหม่ (ช), ตรัง (ต), โรงงานกรุงเทพ… (โรงงาน is part of the name: ร), อ่างทอง before อุทัยธานี (อ)
    assert got == ["ห้างหุ้นส่วนจำกัด เชียงใหม่ฟู้ด", "บริษัท ตรังยาง จำกัด", "โรงงานกรุงเทพพลาสติก",
                   "บริษัท อ่างทองสตีล จำกัด", "บริษัท อุทัยธานีข้าว จำกัด"]
    assert got == sorted_thai(got, key=lambda n: n.split(" ", 1)[-1].removesuffix(" จำกัด"))
    desc = list(sort_factories(rows, "name", True, pd.Series(dtype=object), "th")["name_th"])
    assert desc == got[::-1]


def test_english_names_sort_in_english_and_a_missing_one_by_its_thai_name():
    got = list(sort_factories(frame().iloc[:5], "name", False, pd.Series(dtype=object), "en")["registration_no"])
    # Angthong, Krungthep, Trang, Uthai; the one without an English name sorts by its Thai name (after Latin)
    assert got == ["3-105-0/47ปท", "3-105-4/47ปท", "3-105-2/47ปท", "3-105-3/47ปท", "3-105-1/47ปท"]


def test_numbers_sort_as_numbers_compliance_best_first_blanks_last():
    rows = frame()
    assert list(sort_factories(rows, "gi_level", True, pd.Series(dtype=object), "th")["gi_level"]) == [5, 3, 2, 1, 0, 0]
    eco = sort_factories(rows, "eco_factory_year", False, pd.Series(dtype=object), "th")["eco_factory_year"]
    assert list(eco.iloc[:2]) == [2564, 2566] and eco.iloc[2:].isna().all()
    comp = pd.Series({"3-105-1/47ปท": "non_compliant", "3-105-2/47ปท": "compliant"})
    assert list(sort_factories(rows, "compliance", False, comp, "th")["registration_no"][:2]) == ["3-105-2/47ปท",
                                                                                                  "3-105-1/47ปท"]
    # an unknown key (from a stale session) sorts by registration number
    assert list(sort_factories(rows, "nope", False, comp, "th")["registration_no"]) == sorted(rows["registration_no"])


def test_every_column_of_the_table_sorts():
    assert {key for _, key in FACTORY_COLUMNS} <= set(SORT_KEYS)
    for key in SORT_KEYS:
        assert len(sort_factories(frame(), key, False, pd.Series(dtype=object), "th")) == len(NAMES)


def test_pages_are_clamped_to_the_pages_there_are():
    rows = pd.DataFrame({"x": range(60)})
    shown, page, pages = page_of(rows, 3, 25)
    assert (list(shown["x"]), page, pages) == (list(range(50, 60)), 3, 3)
    assert page_of(rows, 9, 25)[1:] == (3, 3)
    assert page_of(rows, 0, 50)[1:] == (1, 2)
    assert page_of(rows.iloc[:0], 1, 25)[1:] == (1, 1)


def test_the_download_is_in_the_readers_language_and_cannot_run_a_formula():
    provinces = pd.DataFrame({"code": ["10", "15", "50", "61", "92"], "name_th": ["กรุงเทพมหานคร", "อ่างทอง", "เชียงใหม่",
                              "อุทัยธานี", "ตรัง"], "name_en": ["Bangkok", "Ang Thong", "Chiang Mai", "Uthai Thani", "Trang"]})
    areas = pd.DataFrame({"area_id": ["a1"], "name_th": ["พื้นที่หนึ่ง"], "name_en": ["Area one"]})
    comp = pd.Series({"3-105-0/47ปท": "compliant"})
    th = factory_frame(frame(), comp, "th", provinces, areas)
    assert list(th.columns[:3]) == ["เลขทะเบียนโรงงาน", "เลขทะเบียน 14 หลัก", "ชื่อโรงงาน"]
    assert th.iloc[0]["จังหวัด"] == "อ่างทอง" and th.iloc[0]["พื้นที่"] == "พื้นที่หนึ่ง"
    assert th.iloc[1]["พื้นที่"] == "นอกพื้นที่เป้าหมาย" and th.iloc[0]["การปฏิบัติตามกฎหมาย"] == "ปฏิบัติตามกฎหมาย"
    assert th.iloc[1]["Eco Factory"] == "พ.ศ. 2566"
    text = factories_csv(th).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    sheet = load_workbook(io.BytesIO(factories_xlsx(th))).active
    cells = [c.value for c in sheet["C"]]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells
    assert sheet["D2"].value == 3                                   # class stays a number
    en = factory_frame(frame(), comp, "en", provinces, areas)
    assert en.iloc[0]["Province"] == "Ang Thong" and en.iloc[1]["Area"] == "outside every target area"
