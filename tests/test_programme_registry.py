"""The registry files in data/ and their validating loaders (programme.registry)."""
from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from common.errors import DataError
from programme import registry

DATA = Path(__file__).resolve().parents[1] / "data"
CRITERIA = DATA / "criteria" / "eit_criteria_2565.csv"
THAI = re.compile(r"[\u0E00-\u0E7F]")

# Areas named in public programme sources: the 18 phase-1 areas and the four later ones.
DOMAIN_AREAS = {
    "pte-bangkadi", "pte-latlumkaeo", "ryg-mtp", "ryg-irpc", "skh-chalung", "skh-sadao",
    "cbi-sriracha", "kkn-namphong", "cco-bangpakong", "npt-samphran", "nma-mueang", "pri-simahaphot",
    "aya-bangpain", "rbr-banpong", "spk-bangphli", "skn-mueang", "sri-kaengkhoi", "sni-phunphin",
    "cmi-maefaek", "lpn-banklang", "pbi-chaam", "pkn-bangsaphan",
}
# Admin units the sources name explicitly.
STATED = {"pte-bangkadi": "130112", "pte-latlumkaeo": "1305", "skh-chalung": "901108", "skh-sadao": "9010",
          "cmi-maefaek": "501409", "lpn-banklang": "510112", "pbi-chaam": "7604"}
PHASE1_PROVINCES = {"13", "21", "90", "20", "40", "24", "73", "30", "25", "14", "70", "11", "74", "19", "84"}


# ------------------------------------------------------------------------------------------- shipped data

@pytest.fixture(scope="module")
def lookup() -> pd.DataFrame:
    return registry.load_admin_lookup(DATA)


@pytest.fixture(scope="module")
def provinces(lookup) -> pd.DataFrame:
    return registry.load_provinces(DATA, lookup=lookup)


@pytest.fixture(scope="module")
def areas(provinces, lookup) -> pd.DataFrame:
    return registry.load_areas(DATA, provinces=provinces, lookup=lookup)


def test_regions_are_the_six_region_scheme():
    regions = registry.load_regions(DATA)
    assert list(regions["region_id"]) == ["north", "northeast", "central", "east", "west", "south"]
    assert regions.set_index("region_id").loc["northeast", "name_th"] == "ภาคตะวันออกเฉียงเหนือ"


def test_provinces_all_77_with_unique_abbreviations(provinces, lookup):
    assert len(provinces) == 77
    assert provinces["code"].is_unique and provinces["abbr_th"].is_unique
    assert provinces["code"].map(len).eq(2).all()
    official = lookup[lookup["level"] == "province"].set_index("code")
    p = provinces.set_index("code")
    assert (p["name_th"] == official.loc[p.index, "name_th"]).all()
    assert (p["name_en"] == official.loc[p.index, "name_en"]).all()
    abbr = p["abbr_th"].to_dict()
    for code, expected in {"10": "กท", "11": "สป", "13": "ปท", "20": "ชบ", "21": "รย", "24": "ฉช", "25": "ปจ",
                           "30": "นม", "40": "ขก", "90": "สข", "38": "บก"}.items():
        assert abbr[code] == expected
    counts = provinces["region_id"].value_counts().to_dict()
    assert counts == {"central": 22, "northeast": 20, "south": 14, "north": 9, "east": 7, "west": 5}
    region = p["region_id"].to_dict()
    assert {region[c] for c in ("20", "21", "22", "23", "24", "25", "27")} == {"east"}
    assert {region[c] for c in ("63", "70", "71", "76", "77")} == {"west"}


def test_levels_1_to_5_with_their_names_and_one_colour_each():
    """The five levels with their names; each its own colour (that neighbouring levels and level 1 stand out from
    each other and from the background by 3:1, also for colour-blind readers, is tests/test_geo_colours.py's)."""
    levels = registry.load_levels(DATA)
    assert list(levels["level"]) == [1, 2, 3, 4, 5]
    assert list(levels["name_en"]) == ["Engagement", "Enhancement", "Resource efficiency", "Symbiosis",
                                       "Eco World Class"]
    assert levels.set_index("level").loc[5, "name_th"] == "เมืองน่าอยู่คู่อุตสาหกรรม"
    assert levels["colour"].is_unique


def test_targets():
    targets = registry.load_targets(DATA)
    facts = set(zip(targets["by_year_be"], targets["level"], targets["n_areas"]))
    assert facts == {(2565, 3, 18), (2570, 5, 18), (2580, 5, 53)}


def test_area_registry_totals(areas):
    assert len(areas) == 53
    assert areas["area_id"].is_unique
    assert areas["province_code"].nunique() == 39
    assert areas["area_id"].str.fullmatch(r"[a-z][a-z0-9-]{2,23}").all()


def test_phase_1_is_18_areas_in_15_provinces(areas):
    p1 = areas[areas["phase"] == 1]
    assert len(p1) == 18
    assert set(p1["province_code"]) == PHASE1_PROVINCES
    per_province = p1["province_code"].value_counts()
    assert set(per_province[per_province == 2].index) == {"13", "21", "90"}  # Pathum Thani, Rayong, Songkhla
    assert per_province.max() == 2
    assert (p1["year_joined"] == 2562).all()
    assert set(p1.loc[p1["province_code"] == "21", "kind"]) == {"zone"}


def test_later_phases(areas):
    p2, p3 = areas[areas["phase"] == 2], areas[areas["phase"] == 3]
    assert len(p2) == 21 and p2["province_code"].nunique() == 20
    assert not set(p2["province_code"]) & PHASE1_PROVINCES
    assert (p2["year_joined"] == 2566).all()
    assert len(p3) == 14 and set(p3["year_joined"]) <= {2567, 2568}
    new_in_p3 = set(p3["province_code"]) - PHASE1_PROVINCES - set(p2["province_code"])
    assert len(new_in_p3) == 4


def test_every_non_domain_area_is_a_marked_placeholder(areas):
    confirmed = set(areas.loc[areas["status"] == "confirmed", "area_id"])
    assert confirmed == DOMAIN_AREAS
    ph = areas[areas["status"] == "placeholder"]
    assert len(ph) == 53 - len(DOMAIN_AREAS)
    assert ph["name_en"].str.contains("(placeholder)", regex=False).all()
    assert ph["name_th"].str.contains("(ตัวอย่าง)", regex=False).all()
    assert ph["note"].str.startswith("placeholder").all()
    assert (ph["boundary"] == "assumed").all()


def test_stated_boundaries_use_the_named_units(areas):
    a = areas.set_index("area_id")
    for area_id, code in STATED.items():
        assert a.loc[area_id, "admin_codes"] == code
        assert a.loc[area_id, "boundary"] == "stated"
    assert set(a.loc[a["boundary"] == "stated"].index) == set(STATED)
    assert "210114" in a.loc["ryg-mtp", "admin_codes"].split()
    assert a.loc["ryg-irpc", "admin_codes"] == "210102"


def test_admin_codes_exist_and_lie_in_the_province(areas, lookup):
    known = set(lookup["code"])
    for row in areas.itertuples():
        codes = registry.split_codes(row.admin_codes)
        assert 1 <= len(codes) <= 4
        assert all(c in known and c.startswith(row.province_code) for c in codes)


def test_compliance_items():
    items = registry.load_compliance_items(DATA)
    assert len(items) == 8 and items["item_id"].is_unique
    assert items["illustrative"].dtype == bool and items["illustrative"].all()


def test_criteria_file_shape():
    c = pd.read_csv(CRITERIA, dtype=str, keep_default_na=False)
    assert list(c.columns) == [
        "criteria_version", "dimension_id", "dimension_th", "dimension_en", "aspect_id", "aspect_th", "aspect_en",
        "indicator_id", "indicator_th", "indicator_en", "level", "metric_type", "unit", "direction", "threshold",
        "illustrative"]
    assert set(c["dimension_id"]) == {"physical", "economic", "social", "environmental", "management"}
    assert c["aspect_id"].nunique() == 20
    assert (c.groupby("dimension_id")["aspect_id"].nunique() == 4).all()
    assert len(c) == 41 and c["indicator_id"].is_unique
    assert (c.apply(lambda r: r["indicator_id"].startswith(r["aspect_id"] + "."), axis=1)).all()
    assert set(c["level"]) == {"1", "2", "3", "4", "5"}
    assert (c.groupby("dimension_id")["level"].nunique() >= 3).all()
    assert set(c["criteria_version"]) == {"2565-illustrative"}
    assert set(c["illustrative"]) == {"true"}
    assert set(c["metric_type"]) <= {"binary", "percent", "number"}
    assert set(c["direction"]) <= {"higher", "lower"}
    binary = c[c["metric_type"] == "binary"]
    assert (binary["threshold"] == "1").all() and (binary["unit"] == "").all()
    assert pd.to_numeric(c["threshold"]).notna().all()
    assert c["indicator_th"].str.contains(THAI).all()


# ------------------------------------------------------------------------------------------- validation

@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A writable copy of the registry files (and the admin lookup) in tmp_path."""
    for name in ("regions.csv", "provinces.csv", "levels.csv", "targets.csv", "areas.csv", "compliance_items.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "boundaries").mkdir()
    shutil.copy(DATA / registry.LOOKUP_FILE, tmp_path / registry.LOOKUP_FILE)
    return tmp_path


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _set(path: Path, row: int, column: str, value: str) -> None:
    """Set the cell at 1-based data ``row`` and ``column``."""
    rows = _rows(path)
    rows[row][rows[0].index(column)] = value
    _write(path, rows)


LOADERS = {
    "areas.csv": registry.load_areas, "provinces.csv": registry.load_provinces, "regions.csv": registry.load_regions,
    "levels.csv": registry.load_levels, "targets.csv": registry.load_targets,
    "compliance_items.csv": registry.load_compliance_items,
}

BAD_CELLS = [
    # file, row, column, bad value, words the reason must contain
    ("areas.csv", 7, "admin_codes", "219999", "219999 does not exist"),
    ("areas.csv", 3, "admin_codes", "210114 1305", "outside the area's province"),
    ("areas.csv", 2, "admin_codes", "21", "4-digit district or 6-digit subdistrict"),
    ("areas.csv", 2, "admin_codes", "1305 1305", "listed twice"),
    ("areas.csv", 1, "admin_codes", "1301 130112", "already inside listed district 1301"),
    ("areas.csv", 5, "admin_codes", "", "required"),
    ("areas.csv", 4, "area_id", "RYG-IRPC", "use lowercase"),
    ("areas.csv", 4, "area_id", "r", "3-24 characters"),
    ("areas.csv", 9, "area_id", "ryg-mtp", "duplicate id (also in row 3)"),
    ("areas.csv", 6, "province_code", "99", "does not exist in provinces.csv"),
    ("areas.csv", 6, "province_code", "9", "exactly 2 digits"),
    ("areas.csv", 10, "phase", "4", "between 1 and 3"),
    ("areas.csv", 10, "phase", "one", "whole number"),
    ("areas.csv", 11, "year_joined", "2019", "Christian-era"),
    ("areas.csv", 11, "year_joined", "2900", "implausible Buddhist-era year"),
    ("areas.csv", 11, "year_joined", "2562.0", "four-digit Buddhist-era year"),
    ("areas.csv", 12, "kind", "city", "one of town | zone | park"),
    ("areas.csv", 13, "status", "official", "one of confirmed | placeholder"),
    ("areas.csv", 14, "boundary", "guessed", "one of stated | assumed"),
    ("areas.csv", 15, "name_th", "", "required"),
    ("provinces.csv", 5, "region_id", "middle", "unknown region"),
    ("provinces.csv", 3, "abbr_th", "กท", "duplicate id (also in row 1)"),
    ("provinces.csv", 3, "abbr_th", "NB", "Thai characters"),
    ("provinces.csv", 2, "code", "1", "exactly 2 digits"),
    ("provinces.csv", 2, "code", "28", "does not exist"),
    ("regions.csv", 2, "region_id", "north", "duplicate"),
    ("levels.csv", 2, "colour", "green", "hex colour"),
    ("levels.csv", 5, "level", "6", "between 1 and 5"),
    ("targets.csv", 2, "by_year_be", "2027", "Christian-era"),
    ("targets.csv", 1, "n_areas", "0", "between 1 and"),
    ("compliance_items.csv", 8, "illustrative", "yes", "true or false"),
    ("compliance_items.csv", 2, "item_id", "CMP-01", "duplicate"),
]


@pytest.mark.parametrize("name,row,column,value,reason", BAD_CELLS,
                         ids=[f"{c[0]}:{c[2]}={c[3]!r}" for c in BAD_CELLS])
def test_bad_cell_is_rejected_naming_row_and_column(data_copy, name, row, column, value, reason):
    _set(data_copy / name, row, column, value)
    with pytest.raises(DataError) as info:
        LOADERS[name](data_copy)
    msg = str(info.value)
    assert msg.startswith(f"{name} row {row} (line {row + 1}), column {column}"), msg
    assert reason in msg, msg
    assert THAI.search(msg.split(" / ", 1)[1]), "the reason must also be given in Thai"
    assert (info.value.file, info.value.row, info.value.column) == (name, row, column)


def test_christian_era_year_suggests_the_buddhist_year(data_copy):
    _set(data_copy / "areas.csv", 7, "year_joined", "2019")
    with pytest.raises(DataError, match=r"Buddhist-era year 2562 .*ปี พ\.ศ\. 2562"):
        registry.load_areas(data_copy)


def test_missing_column_is_named(data_copy):
    rows = _rows(data_copy / "areas.csv")
    k = rows[0].index("kind")
    _write(data_copy / "areas.csv", [r[:k] + r[k + 1:] for r in rows])
    with pytest.raises(DataError, match=r"areas\.csv, column kind: required column\(s\) missing: kind"):
        registry.load_areas(data_copy)


def test_missing_level_is_rejected(data_copy):
    rows = _rows(data_copy / "levels.csv")
    _write(data_copy / "levels.csv", rows[:-1])
    with pytest.raises(DataError, match=r"levels\.csv, column level: every level 1\.\.5 needs a row; missing \[5\]"):
        registry.load_levels(data_copy)


def test_unquoted_comma_is_reported_with_its_row(data_copy):
    path = data_copy / "regions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("ภาคใต้,South", "ภาคใต้,South, Thailand"),
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"regions\.csv row 6 \(line 7\): expected 3 fields, found 4"):
        registry.load_regions(data_copy)


def test_missing_file_and_non_utf8(data_copy):
    (data_copy / "targets.csv").unlink()
    with pytest.raises(DataError, match=r"targets\.csv: file not found"):
        registry.load_targets(data_copy)
    (data_copy / "regions.csv").write_bytes("region_id,name_th,name_en\nnorth,ภาคเหนือ,North\n".encode("cp874"))
    with pytest.raises(DataError, match=r"regions\.csv: file is not UTF-8"):
        registry.load_regions(data_copy)


def test_bom_blank_lines_and_separators_are_tolerated(data_copy):
    path = data_copy / "areas.csv"
    _set(path, 3, "admin_codes", "210114, 210113;210109  210111")
    text = path.read_text(encoding="utf-8")
    path.write_text("\ufeff" + text.replace("\n", "\n\n", 1), encoding="utf-8")
    areas = registry.load_areas(data_copy)
    assert list(areas.columns[:2]) == ["area_id", "name_th"]
    assert areas.set_index("area_id").loc["ryg-mtp", "admin_codes"] == "210114 210113 210109 210111"


def test_blank_line_does_not_shift_the_row_number(data_copy):
    path = data_copy / "areas.csv"
    _set(path, 7, "kind", "city")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n", "\n\n", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"areas\.csv row 7 \(line 9\), column kind"):
        registry.load_areas(data_copy)


def test_codes_keep_leading_zeros_and_types(areas, provinces):
    assert areas["province_code"].map(type).eq(str).all()
    assert provinces["code"].map(type).eq(str).all()
    assert areas["phase"].dtype == "int64" and areas["year_joined"].dtype == "int64"
