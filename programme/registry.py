"""Loaders for the programme's registry files in ``data/``, each validated on load.

Every loader takes ``data_dir`` (the ``data/`` folder) and returns a pandas DataFrame in file order with a fresh
index.  Codes and ids stay strings (leading zeros kept); the few numeric columns (levels, years, phases, counts)
are ints and ``illustrative`` is bool.  Any problem raises :class:`common.errors.DataError` naming the file, the
1-based data row (the first row after the header is row 1), the column, the value and the reason in English
and Thai.  The file formats are described in ``data/README.md``.  The criteria table is loaded by
``scoring.criteria``, not here.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from common.csvfile import Table, read_table

REGIONS_FILE = "regions.csv"
PROVINCES_FILE = "provinces.csv"
LEVELS_FILE = "levels.csv"
TARGETS_FILE = "targets.csv"
AREAS_FILE = "areas.csv"
COMPLIANCE_FILE = "compliance_items.csv"
LOOKUP_FILE = "boundaries/th_admin_lookup.csv"

REGION_COLUMNS = ("region_id", "name_th", "name_en")
PROVINCE_COLUMNS = ("code", "name_th", "name_en", "abbr_th", "region_id")
LEVEL_COLUMNS = ("level", "name_th", "name_en", "colour", "source")
TARGET_COLUMNS = ("target_id", "by_year_be", "level", "n_areas", "label_th", "label_en", "source", "scope_phase")
AREA_COLUMNS = ("area_id", "name_th", "name_en", "province_code", "admin_codes", "phase", "year_joined", "kind",
                "status", "boundary", "note")
COMPLIANCE_COLUMNS = ("item_id", "name_th", "name_en", "law_th", "illustrative")
LOOKUP_COLUMNS = ("level", "code", "name_th", "name_en", "parent_code")

LEVELS = (1, 2, 3, 4, 5)
PHASES = (1, 2, 3)
AREA_KINDS = ("town", "zone", "park")
AREA_STATUSES = ("confirmed", "placeholder")
AREA_BOUNDARIES = ("stated", "assumed")
ADMIN_LEVELS = {"province": 2, "district": 4, "subdistrict": 6}

AREA_ID_RE = re.compile(r"^[a-z][a-z0-9-]{2,23}$")
REGION_ID_RE = re.compile(r"^[a-z][a-z0-9_]{1,23}$")
TARGET_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
ITEM_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,23}$")
COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CODE_SPLIT_RE = re.compile(r"[\s,;]+")


# --------------------------------------------------------------------------------------------- reading


def _read(data_dir: Path, rel: str, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> Table:
    """Read ``data_dir/rel`` (UTF-8, BOM allowed), check the header and that required cells are filled."""
    return read_table(Path(data_dir) / rel, rel, columns, optional)


def _check_pattern(t: Table, column: str, pattern: re.Pattern, en: str, th: str) -> None:
    for i, v in enumerate(t.frame[column]):
        if not pattern.match(v):
            raise t.fail(i, column, en, th, value=v)


def _to_bool(t: Table, column: str) -> None:
    out = []
    for i, v in enumerate(t.frame[column]):
        low = v.lower()
        if low not in ("true", "false"):
            raise t.fail(i, column, "must be true or false", "ต้องเป็น true หรือ false", value=v)
        out.append(low == "true")
    t.frame[column] = pd.Series(out, index=t.frame.index, dtype=bool)


def split_codes(value: str) -> list[str]:
    """The admin codes of an ``admin_codes`` cell (separated by spaces; commas and semicolons also accepted)."""
    return [c for c in _CODE_SPLIT_RE.split(str(value).strip()) if c]


# --------------------------------------------------------------------------------------------- loaders

def load_admin_lookup(data_dir: Path) -> pd.DataFrame:
    """``data/boundaries/th_admin_lookup.csv``: every province, district and subdistrict (DOPA codes)."""
    t = _read(data_dir, LOOKUP_FILE, LOOKUP_COLUMNS, optional=("name_en", "parent_code"))
    f = t.frame
    t.choice("level", tuple(ADMIN_LEVELS))
    digits = f["level"].map(ADMIN_LEVELS)
    bad = ~f["code"].str.fullmatch(r"\d+") | (f["code"].str.len() != digits)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise t.fail(i, "code", f"a {f['level'].iat[i]} code must have {digits.iat[i]} digits",
                     f"รหัสระดับ {f['level'].iat[i]} ต้องมี {digits.iat[i]} หลัก", value=f["code"].iat[i])
    t.unique("code", what="id")
    need_parent = f["level"] != "province"
    bad = need_parent & (f["parent_code"] != f["code"].str.slice(stop=-2))
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise t.fail(i, "parent_code", f"must be the first {digits.iat[i] - 2} digits of code {f['code'].iat[i]}",
                     f"ต้องเป็น {digits.iat[i] - 2} หลักแรกของรหัส {f['code'].iat[i]}", value=f["parent_code"].iat[i])
    return f.reset_index(drop=True)


def load_regions(data_dir: Path) -> pd.DataFrame:
    """``data/regions.csv``: ``region_id, name_th, name_en``."""
    t = _read(data_dir, REGIONS_FILE, REGION_COLUMNS)
    _check_pattern(t, "region_id", REGION_ID_RE, "region_id must be lowercase ASCII (letters, digits, _)",
                   "region_id ต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข หรือ _")
    t.unique("region_id", what="id")
    return t.frame.reset_index(drop=True)


def load_provinces(data_dir: Path, regions: pd.DataFrame | None = None,
                   lookup: pd.DataFrame | None = None) -> pd.DataFrame:
    """``data/provinces.csv``: ``code, name_th, name_en, abbr_th, region_id`` (code = 2-digit DOPA code)."""
    regions = load_regions(data_dir) if regions is None else regions
    lookup = load_admin_lookup(data_dir) if lookup is None else lookup
    t = _read(data_dir, PROVINCES_FILE, PROVINCE_COLUMNS)
    _check_pattern(t, "code", re.compile(r"^\d{2}$"), "province code must have exactly 2 digits (e.g. 10, 21)",
                   "รหัสจังหวัดต้องเป็นตัวเลข 2 หลัก (เช่น 10, 21)")
    t.unique("code", what="id")
    known = set(lookup.loc[lookup["level"] == "province", "code"])
    for i, v in enumerate(t.frame["code"]):
        if v not in known:
            raise t.fail(i, "code", f"province code {v} does not exist in {LOOKUP_FILE}",
                         f"รหัสจังหวัด {v} ไม่มีอยู่ในข้อมูลเขตการปกครอง", value=v)
    _check_pattern(t, "abbr_th", re.compile(r"^[\u0E00-\u0E7F]{1,4}$"),
                   "abbreviation must be 1-4 Thai characters (e.g. กท, ปจ)", "ตัวย่อต้องเป็นอักษรไทย 1-4 ตัว (เช่น กท, ปจ)")
    t.unique("abbr_th", what="id")
    region_ids = set(regions["region_id"])
    for i, v in enumerate(t.frame["region_id"]):
        if v not in region_ids:
            raise t.fail(i, "region_id", f"unknown region (known: {', '.join(sorted(region_ids))})",
                         f"ไม่พบภาคนี้ใน {REGIONS_FILE}", value=v)
    return t.frame.reset_index(drop=True)


def load_levels(data_dir: Path) -> pd.DataFrame:
    """``data/levels.csv``: ``level, name_th, name_en, colour, source`` for exactly the levels 1..5."""
    t = _read(data_dir, LEVELS_FILE, LEVEL_COLUMNS, optional=("source",))
    t.frame["level"] = t.ints("level", LEVELS[0], LEVELS[-1])
    t.unique("level", what="id")
    missing = sorted(set(LEVELS) - set(t.frame["level"]))
    if missing:
        raise t.fail(None, "level", f"every level 1..5 needs a row; missing {missing}",
                     f"ต้องมีครบทุกระดับ 1..5; ขาดระดับ {missing}")
    _check_pattern(t, "colour", COLOUR_RE, "colour must be a hex colour like #31a354",
                   "สีต้องเป็นรหัสสีฐานสิบหก เช่น #31a354")
    return t.frame.sort_values("level", kind="stable").reset_index(drop=True)


def load_targets(data_dir: Path) -> pd.DataFrame:
    """``data/targets.csv``: ``target_id, by_year_be, level, n_areas, label_th, label_en, source, scope_phase``.
    ``scope_phase`` limits a target to the areas of one phase (e.g. 1 for the 18 phase-1 areas); blank = all."""
    t = _read(data_dir, TARGETS_FILE, TARGET_COLUMNS, optional=("source", "scope_phase"))
    for i, v in enumerate(t.frame["scope_phase"]):
        if v not in ("",) + tuple(str(p) for p in PHASES):
            raise t.fail(i, "scope_phase", f"scope_phase must be blank or one of {PHASES}",
                         f"scope_phase ต้องว่างหรือเป็น {PHASES}", value=v)
    _check_pattern(t, "target_id", TARGET_ID_RE, "target_id must be lowercase ASCII (letters, digits, - or _)",
                   "target_id ต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข - หรือ _")
    t.unique("target_id", what="id")
    t.frame["by_year_be"] = t.be_years("by_year_be")
    t.frame["level"] = t.ints("level", LEVELS[0], LEVELS[-1])
    t.frame["n_areas"] = t.ints("n_areas", 1, 10_000)
    return t.frame.reset_index(drop=True)


def load_areas(data_dir: Path, provinces: pd.DataFrame | None = None,
               lookup: pd.DataFrame | None = None) -> pd.DataFrame:
    """``data/areas.csv``, the area registry (one row per target area).

    ``admin_codes`` is normalised to single-space-separated codes; ``phase`` and ``year_joined`` are ints.
    """
    lookup = load_admin_lookup(data_dir) if lookup is None else lookup
    provinces = load_provinces(data_dir, lookup=lookup) if provinces is None else provinces
    t = _read(data_dir, AREAS_FILE, AREA_COLUMNS, optional=("note",))
    f = t.frame
    for i, v in enumerate(f["area_id"]):
        if not AREA_ID_RE.match(v):
            hint = " (use lowercase)" if AREA_ID_RE.match(v.lower()) else ""
            raise t.fail(i, "area_id", "area_id must be 3-24 characters: lowercase a-z, digits and '-', "
                         f"starting with a letter{hint}",
                         "area_id ต้องยาว 3-24 ตัว เป็นอักษรอังกฤษตัวเล็ก ตัวเลข หรือ - และขึ้นต้นด้วยตัวอักษร", value=v)
    t.unique("area_id", what="id")
    province_codes = set(provinces["code"])
    for i, v in enumerate(f["province_code"]):
        if not re.fullmatch(r"\d{2}", v):
            raise t.fail(i, "province_code", "province code must have exactly 2 digits (leading zeros kept)",
                         "รหัสจังหวัดต้องเป็นตัวเลข 2 หลัก", value=v)
        if v not in province_codes:
            raise t.fail(i, "province_code", f"province code {v} does not exist in {PROVINCES_FILE}",
                         f"รหัสจังหวัด {v} ไม่มีอยู่ใน {PROVINCES_FILE}", value=v)
    levels_by_code = dict(zip(lookup["code"], lookup["level"]))
    normalised = []
    for i, (cell, prov) in enumerate(zip(f["admin_codes"], f["province_code"])):
        codes = split_codes(cell)
        for code in codes:
            if not re.fullmatch(r"\d{4}|\d{6}", code):
                raise t.fail(i, "admin_codes", f"code {code} must be a 4-digit district or 6-digit subdistrict code",
                             f"รหัส {code} ต้องเป็นรหัสอำเภอ 4 หลัก หรือรหัสตำบล 6 หลัก", value=cell)
            if code not in levels_by_code:
                raise t.fail(i, "admin_codes", f"code {code} does not exist in {LOOKUP_FILE}",
                             f"รหัส {code} ไม่มีอยู่ในข้อมูลเขตการปกครอง", value=cell)
            if code[:2] != prov:
                raise t.fail(i, "admin_codes", f"code {code} lies outside the area's province {prov}",
                             f"รหัส {code} ไม่ได้อยู่ในจังหวัด {prov} ของพื้นที่นี้", value=cell)
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise t.fail(i, "admin_codes", f"code {dup[0]} is listed twice", f"รหัส {dup[0]} ซ้ำกัน", value=cell)
        for code in codes:
            if len(code) == 6 and code[:4] in codes:
                raise t.fail(i, "admin_codes", f"subdistrict {code} is already inside listed district {code[:4]}",
                             f"ตำบล {code} อยู่ในอำเภอ {code[:4]} ที่ระบุไว้แล้ว", value=cell)
        normalised.append(" ".join(codes))
    f["admin_codes"] = normalised
    t.frame["phase"] = t.ints("phase", PHASES[0], PHASES[-1])
    t.frame["year_joined"] = t.be_years("year_joined")
    t.choice("kind", AREA_KINDS)
    t.choice("status", AREA_STATUSES)
    t.choice("boundary", AREA_BOUNDARIES)
    return t.frame.reset_index(drop=True)


def load_compliance_items(data_dir: Path) -> pd.DataFrame:
    """``data/compliance_items.csv``: ``item_id, name_th, name_en, law_th, illustrative`` (bool)."""
    t = _read(data_dir, COMPLIANCE_FILE, COMPLIANCE_COLUMNS, optional=("law_th",))
    _check_pattern(t, "item_id", ITEM_ID_RE, "item_id must be ASCII letters, digits, '-', '_' or '.' (e.g. CMP-01)",
                   "item_id ต้องเป็นอักษรอังกฤษ ตัวเลข - _ หรือ . (เช่น CMP-01)")
    t.unique("item_id", what="id")
    _to_bool(t, "illustrative")
    return t.frame.reset_index(drop=True)


RESULTS_FILE = "programme_results.csv"
RESULT_COLUMNS = ("year_be", "metric_id", "value", "qualifier", "unit_th", "unit_en", "label_th", "label_en",
                  "source", "data_as_of")
QUALIFIERS = ("", "more_than", "about")


def result_source(row, lang: str) -> str:
    """The source of a programme result in the reader's language (Thai: ``source_th``; else ``source``)."""
    return str(row["source_th"] if lang == "th" and "source_th" in row else row["source"])


def load_programme_results(data_dir: Path) -> pd.DataFrame:
    """``data/programme_results.csv``: programme results recorded per year (investment, CO2 reduced, community
    enterprises, ...), each with its source and the date it is as of. Staff update this file; nothing in code."""
    t = _read(data_dir, RESULTS_FILE, RESULT_COLUMNS, optional=("qualifier", "unit_th", "unit_en"))
    # the source as Thai readers cite it (optional column; blank or absent: the source as written)
    th = t.frame["source_th"] if "source_th" in t.frame.columns else t.frame["source"]
    t.frame["source_th"] = th.where(th.fillna("").astype(str).str.strip() != "", t.frame["source"])
    t.frame["year_be"] = t.be_years("year_be")
    for i, v in enumerate(t.frame["value"]):
        try:
            float(v)
        except ValueError:
            raise t.fail(i, "value", "value must be a number", "ค่าต้องเป็นตัวเลข", value=v) from None
    t.frame["value"] = t.frame["value"].astype(float)
    for i, q in enumerate(t.frame["qualifier"]):
        if q not in QUALIFIERS:
            raise t.fail(i, "qualifier", f"qualifier must be one of {QUALIFIERS}", "คำขยายไม่ถูกต้อง", value=q)
    for i, d in enumerate(t.frame["data_as_of"]):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) or int(d[:4]) > 2400:
            raise t.fail(i, "data_as_of", "data_as_of must be an ISO date in the Christian era (YYYY-MM-DD)",
                         "วันที่ต้องอยู่ในรูปแบบ ค.ศ. YYYY-MM-DD", value=d)
    dup = t.frame.duplicated(["year_be", "metric_id"])
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise t.fail(i, "metric_id", "the same metric appears twice for one year", "ตัวชี้วัดซ้ำในปีเดียวกัน",
                     value=t.frame["metric_id"].iloc[i])
    return t.frame.reset_index(drop=True)
