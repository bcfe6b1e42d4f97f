"""Reading uploads (CSV in three encodings, XLSX, rejected files), placing points, and validating factory files."""
from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import shapely

from geo.placement import Placer
from ingest.factories import (
    FORMATS,
    OUTPUT_COLUMNS,
    UnknownFormat,
    detect_format,
    validate_factories,
)
from ingest.importer import placer_for
from ingest.problems import ERROR, WARNING, has_errors, report_frame
from ingest.readers import UnsupportedFile, read_table
from programme import registry

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MOI_COLUMNS = ["FACREG", "DISPFACREG", "FID", "FACTYPE", "FNAME", "ONAME", "OBJECT", "FADDR", "FMOO", "FSOI",
               "FROAD", "FTUMNAME", "FAMPNAME", "FPROVNAME", "TOTAL_CAP", "TOTAL_WORKER", "HP", "LAT", "LNG",
               "ISIC_CODE", "ESTATE", "ESTATE_NAME_TH", "LAST_UPDATE", "FFLAG"]
MTP = (12.6939, 101.1456)            # Map Ta Phut subdistrict, Rayong: inside area ryg-mtp


@pytest.fixture(scope="module")
def placer() -> Placer:
    return placer_for(DATA)


@pytest.fixture(scope="module")
def provinces() -> pd.DataFrame:
    return registry.load_provinces(DATA)


def csv_bytes(header, rows, encoding="utf-8", delimiter=",") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def moi_row(**values) -> list[str]:
    row = dict.fromkeys(MOI_COLUMNS, "")
    row.update(DISPFACREG="3-105-152/48รย", FNAME="บริษัท ทดสอบ จำกัด", FPROVNAME="ระยอง", LAT=str(MTP[0]),
               LNG=str(MTP[1]), FFLAG="1", LAST_UPDATE="2568-09-30")
    row.update(values)
    return [row[c] for c in MOI_COLUMNS]


def moi_frame(*rows) -> pd.DataFrame:
    return read_table(csv_bytes(MOI_COLUMNS, rows), "Factory_Data.csv")


def only(problems, row=None, severity=None, column=None):
    """The problems of one row (and severity / column when given)."""
    return [p for p in problems if p.row == row and (severity is None or p.severity == severity)
            and (column is None or p.column == column)]


# --------------------------------------------------------------------------------------------- readers

THAI_HEADER = ["เลขทะเบียน", "ชื่อโรงงาน", "จังหวัด"]
THAI_ROWS = [["3-105-152/48รย", "บริษัท ระยองรีไซเคิล จำกัด", "ระยอง"], ["2-64-59/68ปท", "หจก. เหล็ก, ไทย", "ปทุมธานี"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
def test_csv_in_each_encoding_reads_the_same_thai_text(tmp_path, encoding):
    path = tmp_path / f"factories-{encoding}.csv"
    path.write_bytes(csv_bytes(THAI_HEADER, THAI_ROWS, encoding=encoding))
    frame = read_table(path.read_bytes(), path.name)
    assert list(frame.columns) == THAI_HEADER            # no BOM left on the first column name
    assert frame.values.tolist() == THAI_ROWS            # quoted comma kept inside its value
    assert all(isinstance(v, str) for v in frame.to_numpy().ravel())


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_semicolon_and_tab_are_sniffed(delimiter):
    frame = read_table(csv_bytes(["a", "b"], [["1", "x y"], ["", "z"]], delimiter=delimiter), "t.csv")
    assert frame.to_dict("list") == {"a": ["1", ""], "b": ["x y", "z"]}


def test_blank_cells_are_empty_strings_and_names_stripped():
    frame = read_table(b" a , b \r\n1,\r\n,\r\n2,3\r\n\r\n\r\n", "t.csv")
    assert list(frame.columns) == ["a", "b"]
    assert frame.to_dict("list") == {"a": ["1", "", "2"], "b": ["", "", "3"]}   # inner blank row kept, trailing dropped
    assert not frame.isna().any().any()


def test_xlsx_first_sheet_detected_by_content(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["FID", "LAT", "name", "pct", "empty"])
    ws.append([10180000125417, 12.6939, "โรงงาน ก", 0.455, None])
    ws.append([None, 13, "  spaced  ", None, None])
    ws["D2"].number_format = "0.0%"
    wb.create_sheet("other").append(["ignored"])
    path = tmp_path / "upload.csv"                       # wrong extension: the content decides
    wb.save(path)
    frame = read_table(path.read_bytes(), path.name)
    assert list(frame.columns) == ["FID", "LAT", "name", "pct", "empty"]
    assert frame.iloc[0].tolist() == ["10180000125417", "12.6939", "โรงงาน ก", "45.5%", ""]
    assert frame.iloc[1].tolist() == ["", "13", "spaced", "", ""]


@pytest.mark.parametrize("name, data, fragment", [
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    ("map.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "PNG"),
    ("empty.csv", b"", "empty"),
    ("blank.csv", b"  \r\n\r\n", "empty"),
    ("junk.bin", bytes(range(256)) * 8, "binary"),
    ("page.csv", b"<!DOCTYPE html><html><body><table></table></body></html>", "HTML"),
    ("fake.xlsx", b"a,b\n1,2\n", ".xlsx"),
    ("archive.zip", b"PK\x03\x04" + b"\x00" * 60, "zip"),
])
def test_unsupported_files_say_what_is_accepted(name, data, fragment):
    with pytest.raises(UnsupportedFile) as info:
        read_table(data, name)
    err = info.value
    assert fragment in err.message_en
    for message in (err.message_en, err.message_th):
        assert ".xlsx" in message and "CSV" in message and name in message
    assert "ไฟล์" in err.message_th


def test_csv_line_with_wrong_field_count_is_named():
    data = b"a,b,c\n1,2,3\n4,5\n"
    with pytest.raises(UnsupportedFile) as info:
        read_table(data, "broken.csv")
    assert "line 3" in info.value.message_en and "data row 2" in info.value.message_en
    assert "บรรทัดที่ 3" in info.value.message_th


def test_repeated_header_is_rejected():
    with pytest.raises(UnsupportedFile, match="twice"):
        read_table(b"LAT,LAT\n1,2\n", "t.csv")


# --------------------------------------------------------------------------------------------- placement

def test_map_ta_phut_point_is_in_area_ryg_mtp(placer):
    got = placer.place([MTP[0], 13.7563, np.nan, 35.0, 7.0], [MTP[1], 100.5018, 100.0, 139.0, 99.0])
    assert list(got.columns) == ["province_code", "district_code", "subdistrict_code", "area_id"]
    assert got.iloc[0].tolist() == ["21", "2101", "210114", "ryg-mtp"]
    assert got.iloc[1, 0] == "10" and got.iloc[1, 3] is None           # Bangkok: no EIT area
    assert got.iloc[2].tolist() == [None] * 4                          # NaN
    assert got.iloc[3].tolist() == [None] * 4                          # Tokyo
    assert got.iloc[4].tolist() == [None] * 4                          # Andaman Sea, inside the box


def test_placer_is_vectorised(placer):
    rng = np.random.default_rng(7)
    n = 150_000
    lat = rng.uniform(5.5, 20.5, n)
    lon = rng.uniform(97.3, 105.7, n)
    start = time.perf_counter()
    got = placer.place(lat, lon)
    elapsed = time.perf_counter() - start
    assert len(got) == n and elapsed < 15
    inside = got["subdistrict_code"].notna()
    assert (got.loc[inside, "province_code"] == got.loc[inside, "subdistrict_code"].str[:2]).all()


# --------------------------------------------------------------------------------------------- formats

def test_detect_format():
    assert detect_format(MOI_COLUMNS) == "moi"
    assert detect_format(["เลขทะเบียน", "ประเภท", "ISIC", "จำพวก", "ชื่อโรงงาน", "ตำบล", "อำเภอ", "จังหวัด",
                          "ละติจูด", "ลองจิจูด"]) == "diw_gis"
    with pytest.raises(UnknownFormat) as info:
        detect_format(["name", "lat", "lon"])
    for col in ("DISPFACREG", "FNAME", "LNG", "เลขทะเบียน", "ชื่อโรงงาน", "ลองติจูด"):
        assert col in info.value.message_en and col in info.value.message_th
    assert set(FORMATS) == {"moi", "diw_gis"}


def test_unknown_header_is_one_file_level_error(placer, provinces):
    raw = read_table(b"name,lat,lon\nx,12.7,101.1\n", "t.csv")
    out, problems = validate_factories(raw, placer, provinces)
    assert out.empty and list(out.columns) == OUTPUT_COLUMNS
    assert len(problems) == 1 and problems[0].row is None and problems[0].severity == ERROR
    assert "DISPFACREG" in problems[0].message_en and "เลขทะเบียน" in problems[0].message_th


def test_moi_fixture_maps_to_canonical_columns(placer, provinces):
    raw = read_table((FIXTURES / "moi_factory_data.csv").read_bytes(), "moi_factory_data.csv")
    out, problems = validate_factories(raw, placer, provinces)
    assert list(out.columns) == OUTPUT_COLUMNS
    assert not has_errors(problems)
    first = out.iloc[0]
    assert first["registration_no"] == "3-105-152/48รย" and first["fid"] == "32101050015248"
    assert first["name_th"] == "บริษัท รีไซเคิลมาบตาพุด จำกัด" and first["name_en"] is None
    assert first["owner"] == raw["ONAME"].iat[0] == "บริษัท รีไซเคิลมาบตาพุด จำกัด"     # ONAME
    assert (first["factory_class"], first["category"], first["isic"]) == (3, "105", "38302")
    assert (first["province_code"], first["district_code"], first["subdistrict_code"], first["area_id"]) == \
        ("21", "2101", "210114", "ryg-mtp")
    assert (first["lat"], first["lon"], first["status"], first["workers"]) == (12.6939, 101.1456, 1, 120)
    assert first["data_as_of"] == "2025-09-30"            # 2568-09-30 BE
    second = out.iloc[1]
    assert (second["registration_no"], second["factory_class"], second["category"]) == ("จ3-9(6)-100/51รย", 3, "9(6)")
    assert second["data_as_of"] == "2025-09-30"           # 30/09/2568
    ieat = out.iloc[2]
    assert ieat["registration_no"] == "น.10(1)-1/2548-ญนช." and ieat["fid"] is None
    no_coords = out.iloc[3]                                # blank LAT/LNG: placed by the stated names
    assert np.isnan(no_coords["lat"]) and no_coords["province_code"] == "13"
    assert (no_coords["district_code"], no_coords["subdistrict_code"], no_coords["area_id"]) == \
        ("1301", "130112", "pte-bangkadi")
    assert out["source_row"].tolist() == [1, 2, 3, 4, 5]
    assert out["status"].tolist() == [1, 1, 1, 0, 3]


def test_diw_gis_fixture_cp874_maps_to_canonical_columns(placer, provinces):
    data = (FIXTURES / "diw_gis_export_cp874.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")                               # really TIS-620
    raw = read_table(data, "diw_gis_export.csv")
    assert detect_format(raw.columns) == "diw_gis"
    out, problems = validate_factories(raw, placer, provinces)
    assert not has_errors(problems)
    assert out["registration_no"].tolist() == ["3-105-152/48รย", "2-9(2)-1682/68ปท", "1-4-17/60ชบ", "3-101-5/55รย"]
    assert out["factory_class"].tolist() == [3, 2, 1, 3]
    assert out["category"].tolist() == ["105", "9(2)", "4", "101"]
    assert out["isic"].tolist() == ["38302", "10302", "01630", "37000"]
    assert out["status"].tolist() == [1, 1, 0, 3]           # codes and Thai status names
    assert out["area_id"].tolist()[:2] == ["ryg-mtp", "pte-bangkadi"]
    # no coordinates: the stated codes are used (a 2-digit district code is read within its province)
    assert (out.iloc[2]["province_code"], out.iloc[2]["district_code"]) == ("20", "2001")
    assert out.iloc[3][["province_code", "district_code", "subdistrict_code", "area_id"]].tolist() == \
        ["21", "2101", "210114", "ryg-mtp"]
    assert [p.row for p in problems if p.severity == WARNING] == [3, 4]   # the two rows without coordinates


def test_diw_gis_spelling_variants_and_status_column_optional(placer, provinces):
    header = ["เลขทะเบียน", "ชื่อโรงงาน", "จังหวัด", "ละติจูด", "ลองจิจูด"]
    raw = read_table(csv_bytes(header, [["3-105-152/48รย", "ก", "ระยอง", "12.6939", "101.1456"]]), "g.csv")
    out, problems = validate_factories(raw, placer, provinces)
    assert out["area_id"].tolist() == ["ryg-mtp"] and out["status"].isna().all()
    assert [p.row for p in problems] == [None] and "status" in problems[0].message_en


# --------------------------------------------------------------------------------------------- errors

def test_missing_registration_number(placer, provinces):
    out, problems = validate_factories(moi_frame(moi_row(DISPFACREG="")), placer, provinces)
    assert out.empty
    [p] = only(problems, 1, ERROR)
    assert p.column == "DISPFACREG" and "missing" in p.message_en and "เลขทะเบียน" in p.message_th


def test_facreg_used_when_dispfacreg_blank(placer, provinces):
    out, _ = validate_factories(moi_frame(moi_row(DISPFACREG="", FACREG="32101050015248")), placer, provinces)
    assert out["registration_no"].tolist() == ["32101050015248"] and out["fid"].tolist() == ["32101050015248"]


ID_A, ID_B = "32101050015248", "10102920004567"


@pytest.mark.parametrize("column", ["FID", "FACREG"])
def test_a_14_digit_id_on_two_factories_in_one_file_is_an_error_naming_both(placer, provinces, column):
    raw = moi_frame(moi_row(DISPFACREG="3-105-152/48รย", **{column: ID_A}),
                    moi_row(DISPFACREG="2-64-59/68ปท", **{column: ID_A}))
    out, problems = validate_factories(raw, placer, provinces)
    assert out["registration_no"].tolist() == ["3-105-152/48รย"]          # never a second copy
    [p] = only(problems, 2, ERROR)
    assert p.column == column and p.value == ID_A
    assert "3-105-152/48รย" in p.message_en and "2-64-59/68ปท" in p.message_en and "row 1" in p.message_en
    assert "3-105-152/48รย" in p.message_th and "2-64-59/68ปท" in p.message_th


def test_a_14_digit_id_stored_for_another_factory_is_an_error_naming_both(placer, provinces):
    raw = moi_frame(moi_row(DISPFACREG="2-64-59/68ปท", FID=ID_A), moi_row(DISPFACREG="3-105-152/48รย", FID=ID_A))
    out, problems = validate_factories(raw, placer, provinces, known_registrations={"3-105-152/48รย"},
                                       known_ids={ID_A: "3-105-152/48รย"})
    assert out["registration_no"].tolist() == ["3-105-152/48รย"]          # its own factory updates
    [p] = only(problems, 1, ERROR)
    assert p.column == "FID" and p.value == ID_A and "already belongs to factory 3-105-152/48รย" in p.message_en
    assert "2-64-59/68ปท" in p.message_en and "3-105-152/48รย" in p.message_th and "2-64-59/68ปท" in p.message_th
    assert only(problems, 2) == []


def test_a_blank_display_number_is_keyed_by_a_new_14_digit_id_and_the_report_says_so(placer, provinces):
    raw = moi_frame(moi_row(DISPFACREG="", FACREG=ID_B))
    out, problems = validate_factories(raw, placer, provinces, known_ids={ID_A: "3-105-152/48รย"})
    assert out["registration_no"].tolist() == [ID_B] and out["fid"].tolist() == [ID_B]
    [p] = only(problems, 1)
    assert p.severity == WARNING and p.column == "FACREG" and p.value == ID_B
    assert "keyed by its 14-digit id" in p.message_en and "14 หลัก" in p.message_th


def test_a_blank_display_number_with_a_stored_14_digit_id_updates_that_factory(placer, provinces):
    raw = moi_frame(moi_row(DISPFACREG="", FACREG=ID_A, FNAME="ชื่อใหม่"))
    out, problems = validate_factories(raw, placer, provinces, known_registrations={"3-105-152/48รย"},
                                       known_ids={ID_A: "3-105-152/48รย"})
    assert out["registration_no"].tolist() == ["3-105-152/48รย"] and out["fid"].tolist() == [ID_A]
    [p] = only(problems, 1)
    assert p.severity == WARNING and p.value == ID_A and "3-105-152/48รย" in p.message_en
    assert "updated" in p.message_en and "3-105-152/48รย" in p.message_th


@pytest.mark.parametrize("number", ["3-105-152/48รย", "จ3-9(6)-100/51ปจ", "1-4-17/60ชบ", "32101050015248",
                                    "น.10(1)-1/2548-ญนช.", "3 - 105 - 152/48 รย", "๓-๑๐๕-๑๕๒/๔๘รย"])
def test_accepted_registration_forms(placer, provinces, number):
    out, problems = validate_factories(moi_frame(moi_row(DISPFACREG=number)), placer, provinces)
    assert len(out) == 1 and not has_errors(problems)


@pytest.mark.parametrize("number", ["3-105-152", "4-105-152/48รย", "ABC-123", "3-105-152/2548", "1234567890123"])
def test_malformed_registration_number_says_what_is_expected(placer, provinces, number):
    out, problems = validate_factories(moi_frame(moi_row(), moi_row(DISPFACREG=number)), placer, provinces)
    assert out["source_row"].tolist() == [1]
    [p] = only(problems, 2, ERROR)
    assert p.column == "DISPFACREG" and p.value == number
    assert "3-105-152/48ปจ" in p.message_en and "14-digit" in p.message_en and "น.10(1)-1/2548-ญนช." in p.message_en
    assert "3-105-152/48ปจ" in p.message_th


def test_malformed_but_known_registration_is_a_warning(placer, provinces):
    raw = moi_frame(moi_row(DISPFACREG="OLD-1"))
    out, problems = validate_factories(raw, placer, provinces, known_registrations={"OLD-1"})
    assert out["registration_no"].tolist() == ["OLD-1"]
    assert [p.severity for p in only(problems, 1)] == [WARNING]


def test_duplicate_registration_names_both_rows(placer, provinces):
    raw = moi_frame(moi_row(), moi_row(DISPFACREG="2-64-59/68ปท"), moi_row(FNAME="อีกแถว"))
    out, problems = validate_factories(raw, placer, provinces)
    assert out["source_row"].tolist() == [1, 2]
    [p] = only(problems, 3, ERROR)
    assert p.column == "DISPFACREG" and p.value == "3-105-152/48รย"
    assert "rows 1 and 3" in p.message_en and "แถวที่ 1" in p.message_th and "3" in p.message_th


def test_coordinates_outside_thailand(placer, provinces):
    out, problems = validate_factories(moi_frame(moi_row(LAT="35.6812", LNG="139.7671")), placer, provinces)
    assert out.empty
    [p] = only(problems, 1, ERROR)
    assert p.column == "LAT" and p.value == "35.6812, 139.7671"
    assert "outside Thailand" in p.message_en and "no Thai province" in p.message_en and "นอกประเทศไทย" in p.message_th


NEIGHBOURS = {"Vientiane": ("17.97", "102.63", "หนองคาย", "Nong Khai"),      # Laos, across the Mekong
              "Phnom Penh": ("11.56", "104.92", "ตราด", "Trat"),              # Cambodia
              "Gulf of Thailand": ("10.5", "101.0", "สุราษฎร์ธานี", "Surat Thani")}


@pytest.mark.parametrize("place", list(NEIGHBOURS))
def test_a_point_in_the_sea_or_a_neighbouring_country_is_an_error_even_inside_the_box(placer, provinces, place):
    lat, lon, stated_th, stated_en = NEIGHBOURS[place]
    raw = moi_frame(moi_row(), moi_row(DISPFACREG="2-64-59/68ปท", LAT=lat, LNG=lon, FPROVNAME=stated_th))
    out, problems = validate_factories(raw, placer, provinces)
    assert out["source_row"].tolist() == [1]                     # never placed in the stated province
    [p] = only(problems, 2, ERROR)
    assert p.column == "LAT" and p.value == f"{lat}, {lon}"
    assert "outside Thailand" in p.message_en and "no Thai province" in p.message_en
    assert f"nearest Thai province is {stated_en}" in p.message_en and " km away" in p.message_en
    if place == "Gulf of Thailand":                                # the sea: the coastal tolerance is named
        assert "2 km allowed for a coastal factory" in p.message_en
    else:                                                          # land across a border: no tolerance at all
        assert "on land outside Thailand" in p.message_en and "บนแผ่นดินนอกประเทศไทย" in p.message_th
    assert "EIT_" not in p.message_en + p.message_th      # the limit in words; the setting is named in the README
    assert "นอกประเทศไทย" in p.message_th and stated_th in p.message_th
    landed, _ = validate_factories(raw, placer, provinces)
    assert (landed["province_code"] != "43").all()


def test_a_coastal_point_just_off_the_polygon_goes_to_the_nearest_province_with_a_warning(placer, provinces):
    lat, lon = 12.636, 101.16                 # the sea about 450 m off Map Ta Phut's coast (Rayong)
    assert placer.place([lat], [lon]).iloc[0].tolist() == [None] * 4
    raw = moi_frame(moi_row(LAT=f"{lat:.6f}", LNG=f"{lon:.6f}", FPROVNAME="ชลบุรี"))
    out, problems = validate_factories(raw, placer, provinces)
    assert not has_errors(problems)
    assert out[["province_code", "district_code", "subdistrict_code", "area_id"]].iloc[0].tolist() == \
        ["21", "2101", "210114", "ryg-mtp"]
    coast = [p for p in only(problems, 1, WARNING) if "coastal" in p.message_en]
    assert len(coast) == 1 and "Rayong" in coast[0].message_en and "km" in coast[0].message_en
    assert "ระยอง" in coast[0].message_th and "ชายฝั่ง" in coast[0].message_th
    differs = [p for p in only(problems, 1, WARNING) if p.column == "FPROVNAME"]
    assert len(differs) == 1 and "Chon Buri" in differs[0].message_en     # stated Chon Buri: reported, not used
    strict, problems = validate_factories(raw, placer, provinces, coast_km=0)
    assert strict.empty and "outside Thailand" in only(problems, 1, ERROR)[0].message_en


@pytest.mark.parametrize("tolerance", ["2", "5", "50"])
def test_a_coast_is_not_a_border_a_point_in_laos_is_never_placed(placer, provinces, monkeypatch, tolerance):
    """Vientiane, on land across the Mekong about 3.5 km from Nong Khai: an error naming the nearest province and
    the distance, whatever the coastal tolerance (which applies only to points in the sea)."""
    monkeypatch.setenv("EIT_COAST_TOLERANCE_KM", tolerance)
    raw = moi_frame(moi_row(LAT="17.97", LNG="102.63", FPROVNAME="หนองคาย"))
    out, problems = validate_factories(raw, placer, provinces)
    assert out.empty
    [p] = only(problems, 1, ERROR)
    assert "Nong Khai, 3.5 km away" in p.message_en and "หนองคาย ห่าง 3.5 กม." in p.message_th
    assert "on land" in p.message_en and not [w for w in problems if "coastal" in w.message_en]


def test_the_coastal_tolerance_is_a_validated_setting(placer, provinces, monkeypatch):
    from common.errors import DataError
    from common.settings import coast_tolerance_km
    assert coast_tolerance_km() == 2.0
    monkeypatch.setenv("EIT_COAST_TOLERANCE_KM", "5")
    raw = moi_frame(moi_row(LAT="12.61", LNG="101.16"))                # the sea 3.3 km off Map Ta Phut
    out, problems = validate_factories(raw, placer, provinces)
    assert out["province_code"].tolist() == ["21"] and not has_errors(problems)
    for bad in ("-1", "two", "1000"):
        monkeypatch.setenv("EIT_COAST_TOLERANCE_KM", bad)
        with pytest.raises(DataError, match="EIT_COAST_TOLERANCE_KM"):
            coast_tolerance_km()


def test_utm_metres_get_a_hint(placer, provinces):
    _, problems = validate_factories(moi_frame(moi_row(LAT="1403456", LNG="733210")), placer, provinces)
    [p] = only(problems, 1, ERROR)
    assert "UTM" in p.message_en and "UTM" in p.message_th


def test_swapped_coordinates_are_reported_with_the_values_swapped_back(placer, provinces):
    out, problems = validate_factories(moi_frame(moi_row(LAT="101.1456", LNG="12.6939")), placer, provinces)
    assert out.empty
    [p] = only(problems, 1, ERROR)
    assert p.column == "LAT" and p.value == "101.1456, 12.6939"
    assert "swapped" in p.message_en and "LAT = 12.6939" in p.message_en and "LNG = 101.1456" in p.message_en
    assert "สลับ" in p.message_th and "12.6939" in p.message_th


def test_unknown_status_code(placer, provinces):
    out, problems = validate_factories(moi_frame(moi_row(FFLAG="7")), placer, provinces)
    assert out.empty
    [p] = only(problems, 1, ERROR)
    assert p.column == "FFLAG" and p.value == "7"
    assert "0 licensed" in p.message_en and "3 suspended" in p.message_en and "หยุดดำเนินการ" in p.message_th


@pytest.mark.parametrize("column, value", [("LAT", "12.69N"), ("LNG", "abc")])
def test_non_numeric_coordinates(placer, provinces, column, value):
    out, problems = validate_factories(moi_frame(moi_row(**{column: value})), placer, provinces)
    assert out.empty
    [p] = only(problems, 1, ERROR)
    assert p.column == column and p.value == value and "not a number" in p.message_en and "ตัวเลข" in p.message_th


# --------------------------------------------------------------------------------------------- warnings

def test_blank_coordinates_keep_the_factory_unplaced(placer, provinces):
    out, problems = validate_factories(moi_frame(moi_row(LAT="", LNG="", FPROVNAME="ระยอง")), placer, provinces)
    assert len(out) == 1 and np.isnan(out["lat"].iat[0]) and out["province_code"].iat[0] == "21"
    [p] = only(problems, 1)
    assert p.severity == WARNING and p.column == "LAT" and "kept" in p.message_en and "ไม่มีพิกัด" in p.message_th


def test_zero_zero_counts_as_blank(placer, provinces):
    out, problems = validate_factories(moi_frame(moi_row(LAT="0", LNG="0")), placer, provinces)
    assert len(out) == 1 and not has_errors(problems) and "0, 0" in only(problems, 1)[0].message_en


def test_stated_province_differs_from_coordinates(placer, provinces):
    out, problems = validate_factories(moi_frame(moi_row(FPROVNAME="จ.ชลบุรี")), placer, provinces)
    assert out["province_code"].tolist() == ["21"]         # the coordinates win
    [p] = only(problems, 1)
    assert p.severity == WARNING and p.column == "FPROVNAME" and p.value == "จ.ชลบุรี"
    assert "Chon Buri" in p.message_en and "Rayong" in p.message_en
    assert "ชลบุรี" in p.message_th and "ระยอง" in p.message_th


@pytest.mark.parametrize("stated", ["ระยอง", "จ.ระยอง", "จ. ระยอง", " จังหวัดระยอง ", "ระ ยอง", "Rayong"])
def test_stated_province_matching_is_tolerant(placer, provinces, stated):
    out, problems = validate_factories(moi_frame(moi_row(FPROVNAME=stated)), placer, provinces)
    assert len(out) == 1 and problems == []


def test_unrecognised_province_name_is_a_warning(placer, provinces):
    out, problems = validate_factories(moi_frame(moi_row(FPROVNAME="แอตแลนติส")), placer, provinces)
    assert len(out) == 1
    [p] = only(problems, 1)
    assert p.severity == WARNING and p.column == "FPROVNAME" and "not recognised" in p.message_en


def test_ce_year_in_last_update_is_a_warning(placer, provinces):
    out, problems = validate_factories(moi_frame(moi_row(LAST_UPDATE="2025-09-30 10:15:00")), placer, provinces)
    assert out["data_as_of"].tolist() == ["2025-09-30"]
    [p] = only(problems, 1)
    assert p.severity == WARNING and p.column == "LAST_UPDATE" and "Christian era" in p.message_en
    assert "2568" in p.message_en and "ค.ศ." in p.message_th


def test_row_warnings_of_one_kind_are_capped(placer, provinces):
    rows = [moi_row(DISPFACREG=f"3-105-{i}/48รย", LAT="", LNG="") for i in range(1, 601)]
    out, problems = validate_factories(moi_frame(*rows), placer, provinces)
    assert len(out) == 600
    assert len([p for p in problems if p.row is not None]) == 500
    [summary] = [p for p in problems if p.row is None]
    assert "100 more rows" in summary.message_en and summary.severity == WARNING


def test_report_frame_orders_by_row(placer, provinces):
    raw = moi_frame(moi_row(FFLAG="9"), moi_row(DISPFACREG=""), moi_row(DISPFACREG="1-4-17/60ชบ", FPROVNAME="ชลบุรี"))
    _, problems = validate_factories(raw, placer, provinces)
    report = report_frame(problems)
    assert list(report.columns) == ["row", "column", "value", "severity", "message_th", "message_en"]
    assert report["row"].tolist() == [1, 2, 3]


# --------------------------------------------------------------------------------------------- speed

def synthetic_moi(n: int, placer: Placer, provinces: pd.DataFrame, seed: int = 1) -> bytes:
    """A Factory_Data CSV of ``n`` factories at points inside random subdistricts; 10 % without coordinates."""
    rng = np.random.default_rng(seed)
    subs = placer.boundaries.subdistrict
    pick = rng.integers(0, len(subs), n)
    points = shapely.point_on_surface(subs.geometry.to_numpy())[pick]
    codes = subs["code"].astype(str).to_numpy()[pick]
    names = dict(zip(provinces["code"], provinces["name_th"]))
    abbr = dict(zip(provinces["code"], provinces["abbr_th"]))
    classes, items = rng.integers(1, 4, n), rng.integers(1, 107, n)
    frame = pd.DataFrame({c: [""] * n for c in MOI_COLUMNS})
    frame["DISPFACREG"] = [f"{c}-{k}-{i}/{i % 100:02d}{abbr[s[:2]]}"
                           for i, (c, k, s) in enumerate(zip(classes, items, codes))]
    frame["FACREG"] = frame["FID"] = [f"{10**13 + i}" for i in range(n)]
    frame["FACTYPE"] = [f"{c}-{k}" for c, k in zip(classes, items)]
    frame["FNAME"] = "บริษัท ทดสอบ จำกัด"
    frame["FPROVNAME"] = ["จ." + names[s[:2]] for s in codes]
    frame["LAT"] = [f"{v:.6f}" for v in shapely.get_y(points)]
    frame["LNG"] = [f"{v:.6f}" for v in shapely.get_x(points)]
    frame["TOTAL_WORKER"] = rng.integers(0, 500, n).astype(str)
    frame["ISIC_CODE"], frame["LAST_UPDATE"] = "10301", "2568-09-30"
    frame["FFLAG"] = rng.integers(0, 4, n).astype(str)
    blank = rng.random(n) < 0.1
    frame.loc[blank, ["LAT", "LNG"]] = ""
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8"), codes, blank


def test_20000_rows_validate_quickly(placer, provinces):
    data, codes, blank = synthetic_moi(20_000, placer, provinces)
    start = time.perf_counter()
    raw = read_table(data, "Factory_Data.csv")
    out, problems = validate_factories(raw, placer, provinces)
    elapsed = time.perf_counter() - start
    assert elapsed < 60, elapsed
    assert len(out) == 20_000 and not has_errors(problems)
    placed = ~blank[out["source_row"] - 1]
    assert (out.loc[placed, "subdistrict_code"].to_numpy() == codes[~blank]).all()
    assert (out["province_code"].to_numpy() == np.array([c[:2] for c in codes])).all()


def test_class_and_category_from_the_registration_number(placer, provinces):
    raw = moi_frame(moi_row(FACTYPE="105"), moi_row(DISPFACREG="จ2-9(6)-100/51รย", FACTYPE=""),
                    moi_row(DISPFACREG="32101050015248", FACTYPE=""))
    out, _ = validate_factories(raw, placer, provinces)
    assert out["factory_class"].tolist()[:2] == [3, 2] and pd.isna(out["factory_class"].iat[2])
    assert out["category"].tolist() == ["105", "9(6)", None]


def test_placer_without_the_area_registry_places_stated_subdistricts(provinces):
    from geo.boundaries import area_polygons, load_boundaries

    boundaries = load_boundaries(DATA / "boundaries")
    bare = Placer(boundaries, area_polygons(registry.load_areas(DATA), boundaries))
    assert bare.area_of_codes(["2101", "2101", None], ["210114", None, None]).tolist() == ["ryg-mtp", None, None]
    raw = moi_frame(moi_row(LAT="", LNG="", FAMPNAME="อ.เมืองระยอง", FTUMNAME="ต.มาบตาพุด"))
    out, _ = validate_factories(raw, bare, provinces)
    assert out[["district_code", "subdistrict_code", "area_id"]].iloc[0].tolist() == ["2101", "210114", "ryg-mtp"]


def test_frame_with_missing_values_is_accepted(placer, provinces):
    raw = pd.DataFrame({c: [None] for c in MOI_COLUMNS}, dtype=object)
    raw.loc[0, ["DISPFACREG", "FNAME", "LAT", "LNG", "FFLAG"]] = ["3-105-152/48รย", "ก", "12.6939", "101.1456", "1"]
    out, problems = validate_factories(raw, placer, provinces)
    assert out["area_id"].tolist() == ["ryg-mtp"] and out["isic"].tolist() == [None]
    assert problems == []
