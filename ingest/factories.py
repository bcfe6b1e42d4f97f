"""Validating a factory registry file that staff upload, in one of two real formats, into canonical factory rows.

Formats (recognised by their header, see :data:`FORMATS`):

``moi``  Ministry of Industry open data ``Factory_Data`` (CSV).  Mapping:
    registration_no ← DISPFACREG (the display number, e.g. ``3-105-152/48ปจ``; FACREG when DISPFACREG is blank,
    or the stored factory whose fid is that FACREG),
    fid ← FID (FACREG when FID is blank; kept only when it is a 14-digit number), name_th ← FNAME, owner ← ONAME
    (the operator, found by the search), factory_class and category ← FACTYPE (``3-105`` → class 3, category
    ``105``; a bare ``105`` gives the category and the class comes from the registration number),
    isic ← ISIC_CODE, lat ← LAT, lon ← LNG, status ← FFLAG (0 licensed, 1 operating, 2 closed, 3 suspended),
    workers ← TOTAL_WORKER, data_as_of ← LAST_UPDATE (ISO CE date; a Buddhist-era year is converted).
    FPROVNAME / FAMPNAME / FTUMNAME are the stated location, used to check the coordinates and to place a factory
    that has none.  OBJECT, FADDR, FMOO, FSOI, FROAD, TOTAL_CAP, HP, ESTATE and ESTATE_NAME_TH are not stored.
``diw_gis``  DIW GIS export (shapefile attribute table, Thai field names of at most 10 characters):
    registration_no ← เลขทะเบียน, category ← ประเภท, factory_class ← จำพวก, isic ← ISIC, name_th ← ชื่อโรงงาน,
    lat ← ละติจูด, lon ← ลองติจูด (or ลองจิจูด), status ← สถานะ (optional, FFLAG codes or their Thai names),
    workers ← คนงาน (optional); จังหวัด / อำเภอ / ตำบล names and the optional codes รหัสจังหวัด / รหัสอำเภอ /
    รหัสตำบล are the stated location.

Province, district, subdistrict and area always come from the coordinates (:class:`geo.placement.Placer`).
Coordinates in no Thai province polygon (the sea, a neighbouring country) are an error, unless they lie within
``EIT_COAST_TOLERANCE_KM`` (default 2 km) of a province: such a coastal factory is placed in the nearest province,
with a warning.  A stated province that differs from the coordinates' is a warning and the coordinates win: the
stated location never places a point.  It is used only for a factory without coordinates (blank, or 0,0); a
warning says so.  Rows with an error are left out of the returned frame.

A blank cell never erases a stored value: a blank owner, ISIC, class, category, status, workers or LAST_UPDATE in
one row keeps that factory's stored value (:data:`KEEP`); the word ``ลบ`` or ``CLEAR`` (any case) in such a cell
clears it (:data:`ERASABLE`).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from common.settings import coast_tolerance_km
from common.years import TH_MONTHS, TH_MONTHS_SHORT, to_be, to_ce
from geo.placement import NEAREST_HINT_KM, Placer  # noqa: F401 (NEAREST_HINT_KM: the hint's reach)
from geo.placement import outside_points as place_points
from ingest.checks import Columns, first_duplicates, numbers
from ingest.problems import ERROR, WARNING, Problem, ProblemCollector
from ingest.readers import UnsupportedFile, normalise_header

OUTPUT_COLUMNS = ["registration_no", "fid", "name_th", "name_en", "owner", "factory_class", "category", "isic",
                  "province_code", "district_code", "subdistrict_code", "area_id", "lat", "lon", "status", "workers",
                  "data_as_of", "source_row"]
STATUS_NAMES = {0: ("ได้รับใบอนุญาต", "licensed"), 1: ("ดำเนินการ", "operating"), 2: ("จำหน่าย", "closed"),
                3: ("หยุดดำเนินการ", "suspended")}
_STATUS_WORDS = {
    "0": 0, "1": 1, "2": 2, "3": 3,
    "ได้รับใบอนุญาต": 0, "licensed": 0, "ดำเนินการ": 1, "ประกอบกิจการ": 1, "operating": 1,
    "จำหน่าย": 2, "เลิกกิจการ": 2, "closed": 2, "หยุดดำเนินการ": 3, "หยุดกิจการ": 3, "suspended": 3,
}
STATUS_HINT_EN = "FFLAG codes: 0 licensed, 1 operating, 2 closed (struck off), 3 suspended"
STATUS_HINT_TH = "รหัส FFLAG: 0 ได้รับใบอนุญาต, 1 ดำเนินการ, 2 จำหน่าย, 3 หยุดดำเนินการ"

#: Accepted registration numbers.  New DIW form: optional จ, class 1-3, category item with optional (sub-item),
#: running number / two-digit Buddhist-era year + province abbreviation (``3-105-152/48ปจ``, ``จ3-9(6)-100/51ปจ``).
REG_NEW_RE = r"จ?([1-3])-(\d+(?:\(\d+\))?)-\d+/\d{2}[ก-ฮ]{1,4}"
REG_NUMERIC_RE = r"\d{14}"                                              # FACREG / FID
REG_IEAT_RE = r"[ก-ฮ]{1,2}\.\d+(?:\(\d+\))?-\d+/\d{4}-[ก-ฮ]{1,6}\.?"       # น.10(1)-1/2548-ญนช.
REG_EXPECTED_EN = ("expected a DIW registration number like 3-105-152/48ปจ or จ3-9(6)-100/51ปจ (class-category-"
                   "running number/two-digit BE year + province abbreviation), a 14-digit number, or an IEAT number "
                   "like น.10(1)-1/2548-ญนช.")
REG_EXPECTED_TH = ("ต้องเป็นเลขทะเบียนโรงงาน เช่น 3-105-152/48ปจ หรือ จ3-9(6)-100/51ปจ (จำพวก-ประเภท-ลำดับที่/ปี พ.ศ. "
                   "2 หลัก + อักษรย่อจังหวัด) หรือเลข 14 หลัก หรือเลขทะเบียนของ กนอ. เช่น น.10(1)-1/2548-ญนช.")


@dataclass(frozen=True)
class FileFormat:
    """One accepted file format: which header names feed which field."""

    key: str
    title_en: str
    title_th: str
    columns: dict[str, tuple[str, ...]]     # field -> accepted header names; the first is the usual spelling
    required: tuple[str, ...]               # fields whose column must be present
    maps_to: dict[str, str] = field(default_factory=dict)   # field -> what it becomes (documentation)
    ignored: tuple[str, ...] = ()           # known columns that are not stored

    @property
    def expected(self) -> list[str]:
        return [names[0] for names in self.columns.values()] + list(self.ignored)


FORMATS: dict[str, FileFormat] = {
    "moi": FileFormat(
        key="moi", title_en="Ministry of Industry open data (Factory_Data)",
        title_th="ข้อมูลเปิดกระทรวงอุตสาหกรรม (Factory_Data)",
        columns={
            "registration_no": ("DISPFACREG",), "registration_alt": ("FACREG",), "fid": ("FID",),
            "name_th": ("FNAME",), "owner": ("ONAME",), "factory_type": ("FACTYPE",), "isic": ("ISIC_CODE",),
            "lat": ("LAT",), "lon": ("LNG",), "status": ("FFLAG",), "workers": ("TOTAL_WORKER",),
            "last_update": ("LAST_UPDATE",), "province_name": ("FPROVNAME",), "district_name": ("FAMPNAME",),
            "subdistrict_name": ("FTUMNAME",),
        },
        required=("registration_no", "name_th", "lat", "lon"),
        maps_to={"registration_no": "registration_no", "registration_alt": "registration_no (when DISPFACREG is "
                 "blank) and fid (when FID is blank)", "fid": "fid", "name_th": "name_th", "owner": "owner",
                 "factory_type": "factory_class + category", "isic": "isic", "lat": "lat", "lon": "lon",
                 "status": "status", "workers": "workers", "last_update": "data_as_of",
                 "province_name": "check / fallback province", "district_name": "fallback district",
                 "subdistrict_name": "fallback subdistrict"},
        ignored=("OBJECT", "FADDR", "FMOO", "FSOI", "FROAD", "TOTAL_CAP", "HP", "ESTATE", "ESTATE_NAME_TH"),
    ),
    "diw_gis": FileFormat(
        key="diw_gis", title_en="DIW GIS export (Thai field names)", title_th="ข้อมูล GIS ของกรมโรงงานอุตสาหกรรม",
        columns={
            "registration_no": ("เลขทะเบียน", "เลขทะเบีย", "เลขทะเบียนโรงงาน", "ทะเบียน"),
            "category": ("ประเภท", "ประเภทโรงงาน", "ลำดับประเภท"),
            "isic": ("ISIC", "ISIC_CODE", "TSIC"),
            "factory_class": ("จำพวก", "จำพวกโรงงาน"),
            "name_th": ("ชื่อโรงงาน", "ชื่อโรงงา", "ชื่อ"),
            "subdistrict_name": ("ตำบล", "ตำบล/แขวง", "แขวง"),
            "district_name": ("อำเภอ", "อำเภอ/เขต", "เขต"),
            "province_name": ("จังหวัด",),
            "lat": ("ละติจูด", "ลติจูด", "ละติจูต", "ละติจูท", "latitude", "lat"),
            "lon": ("ลองติจูด", "ลองจิจูด", "ลองกิจูด", "ลองติจูต", "ลองจิจูต", "longitude", "lon", "lng", "long"),
            "province_code": ("รหัสจังหวัด", "รหัสจังหวั", "รหัสจว", "รหัสจ"),
            "district_code": ("รหัสอำเภอ", "รหัสอำเภ", "รหัสอ"),
            "subdistrict_code": ("รหัสตำบล", "รหัสต"),
            "status": ("สถานะ", "สถานะโรงงาน", "สถานะโรง"),
            "workers": ("คนงาน", "จำนวนคนงาน", "จำนวนคนงา"),
        },
        required=("registration_no", "name_th", "lat", "lon"),
        maps_to={"registration_no": "registration_no", "category": "category", "isic": "isic",
                 "factory_class": "factory_class", "name_th": "name_th", "lat": "lat", "lon": "lon",
                 "status": "status", "workers": "workers", "province_code": "fallback province_code",
                 "district_code": "fallback district_code", "subdistrict_code": "fallback subdistrict_code",
                 "province_name": "check / fallback province", "district_name": "fallback district",
                 "subdistrict_name": "fallback subdistrict"},
    ),
}


class UnknownFormat(UnsupportedFile):
    """The header matches neither accepted factory format."""


def _resolve(columns, fmt: FileFormat) -> dict[str, str]:
    """field -> the file's column name, for the fields of ``fmt`` whose column is present."""
    by_norm = {}
    for c in columns:
        by_norm.setdefault(normalise_header(c), c)
    found = {}
    for fld, names in fmt.columns.items():
        for name in names:
            if normalise_header(name) in by_norm:
                found[fld] = by_norm[normalise_header(name)]
                break
    return found


def factory_columns(columns) -> dict[str, str]:
    """Output column -> the file column it comes from (for reports about the canonical rows), for the format
    of a header; {} when the header fits no format."""
    try:
        fmt = FORMATS[detect_format(columns)]
    except UnknownFormat:
        return {}
    found = _resolve([str(c) for c in columns], fmt)
    out = {f: c for f, c in found.items() if f in OUTPUT_COLUMNS}
    if "factory_type" in found:
        out.setdefault("factory_class", found["factory_type"])
        out.setdefault("category", found["factory_type"])
    if "last_update" in found:
        out["data_as_of"] = found["last_update"]
    if "fid" not in out and "registration_alt" in found:
        out["fid"] = found["registration_alt"]
    return out


def detect_format(columns) -> str:
    """``"moi"`` or ``"diw_gis"`` from a header; :class:`UnknownFormat` (an UnsupportedFile) naming the expected
    columns of both formats when neither fits."""
    columns = [str(c) for c in columns]
    scores = []
    for key, fmt in FORMATS.items():
        found = _resolve(columns, fmt)
        missing = [fmt.columns[f][0] for f in fmt.required if f not in found]
        scores.append((not missing, len(found), key, missing))
    scores.sort(key=lambda s: (s[0], s[1]), reverse=True)
    ok, _, key, _ = scores[0]
    if ok:
        return key
    lists_en = "; ".join(f"{FORMATS[k].title_en}: {', '.join(FORMATS[k].expected)}" for k in FORMATS)
    lists_th = "; ".join(f"{FORMATS[k].title_th}: {', '.join(FORMATS[k].expected)}" for k in FORMATS)
    required_en = "; ".join(f"{f.title_en} needs {', '.join(f.columns[r][0] for r in f.required)}"
                            for f in FORMATS.values())
    closest = scores[0]
    near_en = near_th = ""
    if closest[1] >= 2:
        near_en = f" The header looks closest to {FORMATS[closest[2]].title_en} but lacks {', '.join(closest[3])}."
        near_th = f" หัวตารางใกล้เคียงกับ{FORMATS[closest[2]].title_th} แต่ขาดคอลัมน์ {', '.join(closest[3])}"
    raise UnknownFormat(
        f"The columns of this file do not match a known factory format ({required_en}).{near_en} "
        f"Expected columns — {lists_en}. Found: {', '.join(columns) or '(none)'}.",
        f"คอลัมน์ของไฟล์ไม่ตรงกับรูปแบบข้อมูลโรงงานที่รองรับ{near_th} คอลัมน์ที่ต้องมี — {lists_th} "
        f"คอลัมน์ที่พบ: {', '.join(columns) or '(ไม่มี)'}")


# --------------------------------------------------------------------------------------------- place names

_PROVINCE_PREFIX = re.compile(r"^(จังหวัด|จ\.|จ(?=[ก-ฮ]{2}))")
_UNIT_PREFIX = re.compile(r"^(กิ่งอำเภอ|อำเภอ|อ\.|เขต|ตำบล|ต\.|แขวง)")
_BANGKOK = {"กรุงเทพ", "กรุงเทพฯ", "กทม", "กทม.", "กรุงเทพมหานคร", "bangkok", "krungthep"}


def _norm_place(name: str, prefix: re.Pattern) -> str:
    s = "".join(str(name).split())
    s = prefix.sub("", s)
    return s.replace(".", "").casefold()


def _province_lookup(provinces: pd.DataFrame) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, th, en in zip(provinces["code"], provinces["name_th"], provinces["name_en"]):
        out[_norm_place(th, _PROVINCE_PREFIX)] = str(code)
        out[_norm_place(en, _PROVINCE_PREFIX).replace("-", "")] = str(code)
    if "10" in set(provinces["code"].astype(str)):
        for alias in _BANGKOK:
            out[_norm_place(alias, _PROVINCE_PREFIX)] = "10"
    return out


def _match_provinces(names: pd.Series, lookup: dict[str, str]) -> pd.Series:
    """Province code for each stated name (None when blank or not recognised)."""
    uniq = names.unique()
    codes = {}
    for n in uniq:
        key = _norm_place(n, _PROVINCE_PREFIX).replace("-", "")
        codes[n] = lookup.get(key) if n else None
    return names.map(codes).astype(object)


def _unit_lookup(layer: pd.DataFrame, parent_len: int) -> dict[tuple[str, str], str]:
    return {(str(code)[:parent_len], _norm_place(name, _UNIT_PREFIX)): str(code)
            for code, name in zip(layer["code"], layer["name_th"])}


# --------------------------------------------------------------------------------------------- cell parsing

_THAI_MONTHS = {m.replace(".", ""): i + 1 for i, names in enumerate(zip(TH_MONTHS, TH_MONTHS_SHORT)) for m in names}


def parse_update_date(value: str) -> tuple[str | None, str]:
    """(ISO CE date or None, kind) for a LAST_UPDATE cell; kind is ``be``, ``ce``, ``blank`` or ``bad``.

    Accepts ``YYYY-MM-DD`` (time after it ignored), ``YYYY/MM/DD``, ``DD/MM/YYYY`` and ``D เดือน YYYY`` with Thai
    month names or abbreviations; a year of 2400 or more is Buddhist era (CE = BE − 543).
    """
    v = value.strip()
    if not v:
        return None, "blank"
    m = re.match(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[ T])", v)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.match(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:$|\s)", v)
        if m:
            d, mo, y = int(m[1]), int(m[2]), int(m[3])
        else:
            m = re.match(r"^(\d{1,2})\s*([ก-๙.]+)\s*(\d{4})$", v)
            if not m or m[2].replace(".", "") not in _THAI_MONTHS:
                return None, "bad"
            d, mo, y = int(m[1]), _THAI_MONTHS[m[2].replace(".", "")], int(m[3])
    kind = "be" if y >= 2400 else "ce"
    if kind == "be":
        y = to_ce(y)
    try:
        day = dt.date(y, mo, d)
    except ValueError:
        return None, "bad"
    if not 1950 <= day.year <= 2100:
        return None, "bad"
    return day.isoformat(), kind


# --------------------------------------------------------------------------------------------- validation

def _empty_output() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_COLUMNS}).astype(
        {"lat": "float64", "lon": "float64", "factory_class": "Int64", "status": "Int64", "workers": "Int64",
         "source_row": "int64"})


def _obj(values) -> pd.Series:
    """An object Series with None for blanks (so missing text reaches the database as NULL)."""
    s = pd.Series(values, dtype=object)
    return s.where(s.notna() & (s != ""), None)


#: The stored columns a blank cell never erases (the stored value is kept) -> the file's field whose erase word
#: (:data:`ingest.checks.CLEAR_WORDS`: ``ลบ`` or ``CLEAR``, any case) clears it.  name_en is in no format: kept.
ERASABLE = {"owner": "owner", "isic": "isic", "factory_class": "factory_class", "category": "category",
            "status": "status", "workers": "workers", "data_as_of": "last_update"}
KEEP = ("name_en", *ERASABLE)


class _Run(Columns):
    """One validation run over a factory table: the format's columns, the stored registrations and ids, and the
    placement of every row (filled in by the column checks below)."""

    def __init__(self, raw: pd.DataFrame, fmt: FileFormat, placer: Placer, provinces: pd.DataFrame,
                 known: set[str], known_ids: dict[str, str], coast_km: float):
        super().__init__(raw, fmt.columns, blank_over="all", erasable=ERASABLE.values())
        self.fmt, self.placer, self.known, self.known_ids, self.coast_km = fmt, placer, known, known_ids, coast_km
        self.prov_names = {str(c): (str(t), str(e)) for c, t, e in zip(provinces["code"], provinces["name_th"],
                                                                       provinces["name_en"])}
        self.provinces = provinces
        self.out: dict[str, object] = {}

    def name(self, fld: str) -> str:
        return self.cols.get(fld) or self.fmt.columns.get(fld, FORMATS["moi"].columns.get(fld, (fld,)))[0]

    def stated_col_name(self) -> str:
        return self.cols.get("province_name") or self.cols.get("province_code") or ""


def _check_registration(run: _Run) -> None:
    """registration_no: present, well formed (or already stored), once per file, one factory per 14-digit id."""
    col, blank_row = run.col, run.blank_row
    reg = run.cell("registration_no").str.replace(r"\s+", "", regex=True)
    alt = run.cell("registration_alt").str.replace(r"\s+", "", regex=True)
    fid_raw = run.cell("fid").str.replace(r"\s+", "", regex=True)
    reg_col = run.name("registration_no")
    reg = _key_by_id(col, reg, alt, run.known_ids, reg_col, run.name("registration_alt"), blank_row)
    missing = (reg == "").to_numpy() & ~blank_row
    for i in np.flatnonzero(missing):
        col.row(i, reg_col, "", ERROR, "ไม่มีเลขทะเบียนโรงงาน", "the factory registration number is missing")
    run.bad |= missing
    new = reg.str.fullmatch(REG_NEW_RE).to_numpy(dtype=bool)
    well_formed = new | reg.str.fullmatch(REG_NUMERIC_RE).to_numpy(dtype=bool) | \
        reg.str.fullmatch(REG_IEAT_RE).to_numpy(dtype=bool)
    for i in np.flatnonzero(~well_formed & ~missing & ~blank_row):
        v = reg.iat[i]
        if v in run.known:
            col.row(i, reg_col, v, WARNING,
                    f"เลขทะเบียนรูปแบบไม่ถูกต้อง แต่มีอยู่ในฐานข้อมูลแล้ว จึงปรับปรุงข้อมูลเดิม; {REG_EXPECTED_TH}",
                    f"malformed registration number, but it is already in the database, so that record is "
                    f"updated; {REG_EXPECTED_EN}", kind="reg-known")
        else:
            col.row(i, reg_col, v, ERROR, f"เลขทะเบียนรูปแบบไม่ถูกต้อง: {REG_EXPECTED_TH}",
                    f"malformed registration number: {REG_EXPECTED_EN}")
            run.bad[i] = True
    present = (reg != "").to_numpy() & ~blank_row
    dup = np.zeros(run.n, dtype=bool)
    for i, j in first_duplicates(pd.DataFrame({"r": reg}), present):
        dup[i] = True
        col.row(i, reg_col, reg.iat[i], ERROR,
                f"เลขทะเบียนซ้ำ: แถวที่ {j + 1} และ {i + 1} มีเลขทะเบียนเดียวกัน (ใช้แถวที่ {j + 1})",
                f"duplicate registration number: rows {j + 1} and {i + 1} both have {reg.iat[i]} (row {j + 1} is used)")
    run.bad |= dup
    run.bad |= _one_factory_per_id(col, reg, reg_col, {run.name("registration_alt"): alt, run.name("fid"): fid_raw},
                                   run.known_ids, present & ~dup)
    run.out.update(reg=reg, alt=alt, fid_raw=fid_raw, new=new)


def _check_name(run: _Run) -> None:
    name_th = run.cell("name_th")
    for i in run.rows((name_th == "").to_numpy()):
        run.col.row(i, run.name("name_th"), "", WARNING, "ไม่มีชื่อโรงงาน", "the factory name is blank", kind="no-name")


def _check_coordinates(run: _Run) -> None:
    """lat, lon: numbers (``numbers``: thousands separator, decimal comma); none, one, or 0,0 is a warning."""
    lat_s, lon_s = run.cell("lat"), run.cell("lon")
    lat, lon = (n.where(np.isfinite(n)) for n in (numbers(lat_s), numbers(lon_s)))
    lat_col, lon_col = run.name("lat"), run.name("lon")
    lat_nan = ((lat_s != "") & lat.isna()).to_numpy() & ~run.blank_row
    lon_nan = ((lon_s != "") & lon.isna()).to_numpy() & ~run.blank_row
    for mask, c, s, what_en, what_th in ((lat_nan, lat_col, lat_s, "latitude", "ละติจูด"),
                                         (lon_nan, lon_col, lon_s, "longitude", "ลองจิจูด")):
        for i in np.flatnonzero(mask):
            run.col.row(i, c, s.iat[i], ERROR, f"{what_th}ไม่ใช่ตัวเลข (ต้องเป็นองศาทศนิยม เช่น 12.6939)",
                        f"the {what_en} is not a number (expected decimal degrees, e.g. 12.6939)")
    run.bad |= lat_nan | lon_nan
    la, lo = lat.to_numpy(), lon.to_numpy()
    zero = (la == 0) & (lo == 0)
    no_coords = (np.isnan(la) | np.isnan(lo) | zero) & ~lat_nan & ~lon_nan & ~run.blank_row
    for i in np.flatnonzero(no_coords):
        if zero[i]:
            en, th = "coordinates 0, 0 mean 'unknown'", "พิกัด 0, 0 หมายถึงไม่ทราบพิกัด"
        elif lat_s.iat[i] or lon_s.iat[i]:
            en, th = "only one of latitude and longitude is given", "มีค่าละติจูดหรือลองจิจูดเพียงค่าเดียว"
        else:
            en, th = "no coordinates", "ไม่มีพิกัด"
        run.col.row(i, lat_col, f"{lat_s.iat[i]}, {lon_s.iat[i]}".strip(", "), WARNING,
                    f"{th}: เก็บข้อมูลโรงงานไว้แต่ไม่ได้ระบุตำแหน่งบนแผนที่ (ใช้จังหวัด/อำเภอ/ตำบลที่ระบุในไฟล์)",
                    f"{en}: the factory is kept but not placed on the map (the stated province/district/subdistrict "
                    "is used)", kind="no-coordinates")
    run.out.update(la=la, lo=lo, no_coords=no_coords, has_coords=~np.isnan(la) & ~np.isnan(lo) & ~zero)


def _check_placement(run: _Run) -> None:
    """Province, district, subdistrict and area from the coordinates: inside a Thai province polygon, or within
    the coastal tolerance of one where the point lies in the sea (geo.placement.Placer.place_point)."""
    la, lo, has_coords = run.out["la"], run.out["lo"], run.out["has_coords"]
    found = place_points(run.placer, la, lo, has_coords, run.coast_km)
    for i in np.flatnonzero(found.swapped):
        run.col.row(i, run.name("lat"), f"{run.cell('lat').iat[i]}, {run.cell('lon').iat[i]}", ERROR,
                    *swapped_message(run.name("lat"), run.name("lon"), run.cell("lat").iat[i], run.cell("lon").iat[i]))
    for k, i in enumerate(np.flatnonzero(found.outside)):
        c, v, th, en = outside_message(run, i, found, k)
        run.col.row(i, c, v, ERROR, th, en)
    run.bad |= found.swapped | found.outside
    usable = has_coords & ~found.outside & ~found.swapped & ~run.bad
    for i in np.flatnonzero(found.near & usable):
        p_th, p_en = run.prov_names.get(found.province[i], (found.province[i], found.province[i]))
        km, coast_km = found.near_km[i], run.coast_km
        run.col.row(i, run.name("lat"), f"{run.cell('lat').iat[i]}, {run.cell('lon').iat[i]}", WARNING,
                    f"พิกัดอยู่ในทะเลนอกเขตจังหวัดเล็กน้อย (ห่าง {km:,.2f} กม. ไม่เกิน {coast_km:g} กม. ที่ยอมให้สำหรับ"
                    f"โรงงานริมชายฝั่ง) จึงจัดให้อยู่ใน{p_th} ซึ่งเป็นจังหวัดที่ใกล้ที่สุด กรุณาตรวจสอบพิกัด",
                    f"the coordinates lie in the sea {km:,.2f} km outside every province polygon, within the "
                    f"{coast_km:g} km allowed for a coastal factory: placed in the nearest province, {p_en}; "
                    "please check them", kind="coast")
    for arr in (found.province, found.district, found.subdistrict, found.area):
        arr[~usable] = None
    run.out.update(province=found.province, district=found.district, subdistrict=found.subdistrict,
                   area=found.area, usable=usable)


def swapped_message(lat_col: str, lon_col: str, lat_s: str, lon_s: str) -> tuple[str, str]:
    return (f"ละติจูดและลองจิจูดน่าจะสลับกัน: ค่าที่ถูกน่าจะเป็น {lat_col} = {lon_s}, {lon_col} = {lat_s} ซึ่งอยู่ในประเทศไทย",
            f"latitude and longitude look swapped: swapped back they are {lat_col} = {lon_s}, {lon_col} = {lat_s}, "
            "which lies in Thailand")


def outside_message(run: _Run, i: int, found, k: int) -> tuple[str, str, str, str]:
    """(column, value, th, en) of a point outside Thailand: the nearest province and its distance, and whether
    it lies on land (across a land or river border) or in the sea beyond the coastal tolerance."""
    la, lo = run.out["la"], run.out["lo"]
    lat_s, lon_s = run.cell("lat").iat[i], run.cell("lon").iat[i]
    lat_col, lon_col = run.name("lat"), run.name("lon")
    value = f"{lat_s}, {lon_s}"
    (lat0, lat1), (lon0, lon1) = run.placer.bounds["lat"], run.placer.bounds["lon"]
    lat_ok, lon_ok = lat0 <= la[i] <= lat1, lon0 <= lo[i] <= lon1
    c, v = (lon_col, lon_s) if lat_ok and not lon_ok else (lat_col, lat_s) if lon_ok and not lat_ok else (lat_col, value)
    where_th, where_en = (("อยู่บนแผ่นดินนอกประเทศไทย (ข้ามพรมแดนทางบกหรือแม่น้ำ)", "on land outside Thailand (across a land "
                           "or river border)") if found.on_land[i] else
                          ("อยู่ในทะเลหรือประเทศเพื่อนบ้าน", "in the sea or a neighbouring country"))
    near_en = near_th = ""
    code, km = found.hint_code[k], found.hint_km[k]
    if code is not None:
        p_th, p_en = run.prov_names.get(code, (code, code))
        if found.on_land[i]:
            near_en = f"; the nearest Thai province is {p_en}, {km:,.1f} km away"
            near_th = f" จังหวัดที่ใกล้ที่สุดคือ{p_th} ห่าง {km:,.1f} กม."
        else:
            near_en = (f"; the nearest Thai province is {p_en}, {km:,.1f} km away, farther than the "
                       f"{run.coast_km:g} km allowed for a coastal factory")
            near_th = (f" จังหวัดที่ใกล้ที่สุดคือ{p_th} ห่าง {km:,.1f} กม. เกินระยะ {run.coast_km:g} กม. "
                       "ที่ยอมให้สำหรับโรงงานริมชายฝั่ง")
    hint_en = hint_th = ""
    if abs(la[i]) > 1000 or abs(lo[i]) > 1000:
        hint_en = "; the values look like projected metres (UTM): convert them to WGS 84 decimal degrees"
        hint_th = " ค่าดูเหมือนพิกัดเมตร (UTM) กรุณาแปลงเป็นองศาทศนิยม WGS 84"
    return (c, v,
            f"พิกัด ({value}) อยู่นอกประเทศไทย: ไม่อยู่ในจังหวัดใดของไทย ({where_th}){near_th}{hint_th} "
            "กรุณาตรวจสอบพิกัด (ละติจูด, ลองจิจูด แบบองศาทศนิยม WGS 84)",
            f"the coordinates ({value}) are outside Thailand: in no Thai province ({where_en}){near_en}{hint_en}; "
            "check them (latitude, longitude in WGS 84 decimal degrees)")


def _check_stated_location(run: _Run) -> None:
    """The stated province (name or code): a warning where it differs from the coordinates' (the coordinates
    win); the fallback location of a factory without coordinates."""
    col, name = run.col, run.name
    lookup = _province_lookup(run.provinces)
    stated = pd.Series([None] * run.n, dtype=object)
    stated_from = np.full(run.n, "", dtype=object)          # the column each stated province comes from
    if "province_name" in run.cols:
        pname = run.cell("province_name")
        stated = _match_provinces(pname, lookup)
        stated_from[stated.notna().to_numpy()] = name("province_name")
        for i in run.rows(((pname != "") & stated.isna()).to_numpy()):
            col.row(i, name("province_name"), pname.iat[i], WARNING, "ไม่รู้จักชื่อจังหวัดนี้ (เทียบกับ provinces.csv)",
                    "province name not recognised (compared with provinces.csv)", kind="province-unknown")
    if "province_code" in run.cols:
        pcode = run.cell("province_code").str.replace(r"\.0$", "", regex=True)
        pcode = pcode.where(~pcode.str.fullmatch(r"\d"), "0" + pcode)
        valid = pcode.isin(list(run.prov_names)).to_numpy()
        stated = pd.Series(np.where(valid, pcode.to_numpy(dtype=object), stated.to_numpy(dtype=object)), dtype=object)
        stated_from[valid] = name("province_code")
    stated_arr = stated.to_numpy(dtype=object)
    province = run.out["province"]
    differ = run.out["usable"] & np.not_equal(province, None) & np.not_equal(stated_arr, None) & (stated_arr != province)
    for i in np.flatnonzero(differ):
        s_th, s_en = run.prov_names.get(stated_arr[i], ("?", "?"))
        p_th, p_en = run.prov_names.get(province[i], ("?", "?"))
        shown = run.cell("province_code" if stated_from[i] == run.cols.get("province_code") else "province_name").iat[i]
        col.row(i, stated_from[i], shown, WARNING,
                f"จังหวัดที่ระบุ ({s_th}) ไม่ตรงกับจังหวัดตามพิกัด ({p_th} รหัส {province[i]}); ใช้จังหวัดตามพิกัด",
                f"the stated province ({s_en}, code {stated_arr[i]}) differs from the province of the coordinates "
                f"({p_en}, code {province[i]}); the coordinates are used", kind="province-differs")
    fallback = run.out["no_coords"] & ~run.bad & ~run.blank_row
    if fallback.any():
        placed = _fallback_location(fallback, stated_arr, run.cols, run.cell, run.placer, province, run.out["district"],
                                    run.out["subdistrict"], run.out["area"])
        run.out.update(zip(("province", "district", "subdistrict", "area"), placed))
        for i in np.flatnonzero(fallback & np.equal(placed[0], None)):
            col.row(i, run.stated_col_name(), "", WARNING,
                    "ไม่มีพิกัดที่ใช้ได้และไม่มีจังหวัดที่อ่านได้ จึงไม่ทราบที่ตั้งของโรงงาน",
                    "no usable coordinates and no recognisable province: the factory's location is unknown",
                    kind="no-location")


def _check_class_category(run: _Run) -> None:
    """factory_class, category (FACTYPE, or จำพวก and ประเภท; else from a DIW registration number) and isic."""
    klass = pd.Series(pd.NA, index=range(run.n), dtype="Int64")
    category = pd.Series([None] * run.n, dtype=object)
    if "factory_type" in run.cols:
        ft = run.cell("factory_type").str.replace(r"\s+", "", regex=True)
        both = ft.str.fullmatch(r"[1-3]-\d+(?:\(\d+\))?").fillna(False)
        parts = ft.str.split("-", n=1, expand=True).reindex(columns=[0, 1])
        klass = pd.to_numeric(parts[0].where(both), errors="coerce").astype("Int64")
        category = pd.Series(np.where(both, parts[1].to_numpy(dtype=object), ft.to_numpy(dtype=object)), dtype=object)
    if "category" in run.cols:
        category = run.cell("category").str.replace(r"\.0$", "", regex=True)
    if "factory_class" in run.cols:
        fc = run.cell("factory_class")
        digit = fc.str.extract(r"^(?:จำพวก(?:ที่)?)?\s*([1-3])(?:\.0)?$")[0]
        klass = pd.to_numeric(digit, errors="coerce").astype("Int64")
        for i in run.rows(((fc != "") & digit.isna()).to_numpy()):
            run.col.row(i, run.name("factory_class"), fc.iat[i], WARNING, "จำพวกโรงงานต้องเป็น 1, 2 หรือ 3; เว้นว่างไว้",
                        "the factory class must be 1, 2 or 3; left blank", kind="class")
    category = _obj(category)
    need = np.flatnonzero((klass.isna() | category.isna()).to_numpy() & run.out["new"])
    if len(need):    # class and category from the registration number (3-105-152/48ปจ → 3, 105)
        parts = run.out["reg"].iloc[need].str.extract("^" + REG_NEW_RE + "$")
        from_reg = pd.to_numeric(parts[0], errors="coerce").astype("Int64")
        klass.iloc[need] = klass.iloc[need].fillna(from_reg).array
        cat_need = category.iloc[need]
        category.iloc[need] = cat_need.where(cat_need.notna(), parts[1].astype(object)).to_numpy(dtype=object)
    run.out.update(klass=klass, category=category, isic=run.cell("isic").str.replace(r"\.0$", "", regex=True))


def _check_fid(run: _Run) -> None:
    fid = pd.Series([""] * run.n, dtype=object)
    if "fid" in run.cols or "registration_alt" in run.cols:
        fid_raw, alt = run.out["fid_raw"], run.out["alt"]
        fid = fid_raw.where(fid_raw != "", alt)
        odd = ((fid != "") & ~fid.str.fullmatch(REG_NUMERIC_RE)).to_numpy() & ~run.blank_row
        for i in np.flatnonzero(odd):
            c = run.name("fid") if fid_raw.iat[i] else run.name("registration_alt")
            run.col.row(i, c, fid.iat[i], WARNING, "เลขทะเบียนโรงงาน 14 หลัก (FID) ไม่ใช่ตัวเลข 14 หลัก; เว้นว่างไว้",
                        "the 14-digit factory id is not a 14-digit number; left blank", kind="fid-odd")
        fid = fid.where(~odd, "")
    run.out["fid"] = fid


def _check_status(run: _Run) -> None:
    status = pd.Series(pd.NA, index=range(run.n), dtype="Int64")
    if "status" not in run.cols:
        run.col.file(WARNING, "ไฟล์ไม่มีคอลัมน์สถานะโรงงาน จึงไม่ทราบสถานะของทุกโรงงาน",
                     "the file has no status column, so every factory's status is unknown")
        run.out["status"] = status
        return
    st = run.cell("status").str.replace(r"\.0$", "", regex=True).str.casefold()
    status = st.map(_STATUS_WORDS).astype("Int64")
    for i in run.rows(((st != "") & status.isna()).to_numpy()):
        run.error(i, "status", f"ไม่รู้จักรหัสสถานะนี้; {STATUS_HINT_TH}", f"unknown status code; {STATUS_HINT_EN}")
    for i in run.rows((st == "").to_numpy() & ~run.erased("status")):
        run.col.row(i, run.name("status"), "", WARNING,
                    f"ไม่มีสถานะโรงงาน; สถานะที่บันทึกไว้แล้ว (ถ้ามี) คงเดิม ({STATUS_HINT_TH})",
                    f"no status; a stored status (if any) is kept ({STATUS_HINT_EN})", kind="status-blank")
    run.out["status"] = status


def _check_workers(run: _Run) -> None:
    """workers: a whole number of 0 or more (``1,250`` is 1250); above the plausible magnitude an error."""
    workers = pd.Series(pd.NA, index=range(run.n), dtype="Int64")
    if "workers" in run.cols:
        w = run.cell("workers")
        wn = numbers(w)
        big = run.too_large(wn, "people", "workers")
        ok = wn.notna() & (wn >= 0) & (wn == np.floor(wn)) & ~big
        workers = wn.where(ok).astype("Int64")
        for i in run.rows(((w != "") & ~ok).to_numpy() & ~big):
            run.col.row(i, run.name("workers"), w.iat[i], WARNING, "จำนวนคนงานต้องเป็นจำนวนเต็มไม่ติดลบ; เว้นว่างไว้",
                        "the number of workers must be a whole number of 0 or more; left blank", kind="workers")
    run.out["workers"] = workers


def _check_last_update(run: _Run) -> None:
    as_of = pd.Series([None] * run.n, dtype=object)
    if "last_update" in run.cols:
        lu = run.cell("last_update")
        parsed = {v: parse_update_date(v) for v in lu.unique()}
        as_of = lu.map(lambda v: parsed[v][0]).astype(object)
        kind = lu.map(lambda v: parsed[v][1]).to_numpy(dtype=object)
        lu_col = run.name("last_update")
        for i in run.rows(kind == "ce"):
            y = int(as_of.iat[i][:4])
            run.col.row(i, lu_col, lu.iat[i], WARNING,
                        f"ปีใน LAST_UPDATE เป็น ค.ศ. {y} (พ.ศ. {to_be(y)}) ข้อมูลราชการมักใช้ปี พ.ศ.; "
                        "อ่านเป็น ค.ศ. กรุณาตรวจสอบ",
                        f"the year in LAST_UPDATE is Christian era ({y}, BE {to_be(y)}); Thai government data usually "
                        "uses Buddhist-era years; read as CE, please check", kind="ce-last-update")
        for i in run.rows(kind == "bad"):
            run.col.row(i, lu_col, lu.iat[i], WARNING,
                        "อ่านวันที่ไม่ได้ (ใช้รูปแบบ YYYY-MM-DD หรือ DD/MM/YYYY); เว้นวันที่ข้อมูลไว้",
                        "date not understood (use YYYY-MM-DD or DD/MM/YYYY); data_as_of left blank", kind="date-bad")
    run.out["as_of"] = as_of


CHECKS = (_check_registration, _check_name, _check_coordinates, _check_placement, _check_stated_location,
          _check_class_category, _check_fid, _check_status, _check_workers, _check_last_update)


def _output(run: _Run) -> pd.DataFrame:
    o, usable, n = run.out, run.out["usable"], run.n
    out = pd.DataFrame({
        "registration_no": _obj(o["reg"]), "fid": _obj(o["fid"]), "name_th": run.cell("name_th").astype(object),
        "name_en": pd.Series([None] * n, dtype=object), "owner": _obj(run.cell("owner")),
        "factory_class": o["klass"].reset_index(drop=True), "category": _obj(o["category"]), "isic": _obj(o["isic"]),
        "province_code": _obj(o["province"]), "district_code": _obj(o["district"]),
        "subdistrict_code": _obj(o["subdistrict"]), "area_id": _obj(o["area"]),
        "lat": pd.Series(np.where(usable, o["la"], np.nan)), "lon": pd.Series(np.where(usable, o["lo"], np.nan)),
        "status": o["status"].reset_index(drop=True), "workers": o["workers"].reset_index(drop=True),
        "data_as_of": _obj(o["as_of"]), "source_row": pd.Series(np.arange(1, n + 1), dtype="int64"),
    }, columns=OUTPUT_COLUMNS)
    for column, fld in ERASABLE.items():
        out[column] = run.with_erase(fld, out[column])
    return out[~run.bad & ~run.blank_row].reset_index(drop=True)


def validate_factories(raw: pd.DataFrame, placer: Placer, provinces: pd.DataFrame,
                       known_registrations: set[str] | None = None, known_ids: dict[str, str] | None = None,
                       coast_km: float | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Check an uploaded factory table (as :func:`ingest.readers.read_table` returns it).

    Returns the canonical frame (:data:`OUTPUT_COLUMNS`: the registry columns plus ``source_row``, the 1-based
    data row) holding only the rows without errors, and every problem found.  ``known_registrations`` are the
    registration numbers already in the database: a malformed number that is already known is only a warning
    (so its record can still be updated).  ``known_ids`` maps each 14-digit id already stored (a factory's fid,
    or a registration number that is a bare 14-digit id) to the registration number of its factory: one factory,
    one row (see :func:`_one_factory_per_id`).  ``coast_km`` defaults to ``EIT_COAST_TOLERANCE_KM``.  Fully
    blank rows are skipped.  The checks, one per column group, are :data:`CHECKS`.
    """
    try:
        fmt = FORMATS[detect_format(raw.columns)]
    except UnknownFormat as exc:
        col = ProblemCollector()
        col.file(ERROR, exc.message_th, exc.message_en)
        return _empty_output(), col.finish()
    run = _Run(raw, fmt, placer, provinces, set(known_registrations or ()), dict(known_ids or {}),
               coast_tolerance_km() if coast_km is None else coast_km)
    if run.n == 0 or run.blank_row.all():
        run.col.file(ERROR, "ไฟล์มีแต่หัวตาราง ไม่มีแถวข้อมูลโรงงาน", "the file has a header but no factory rows")
        return _empty_output(), run.col.finish()
    for check in CHECKS:
        check(run)
    return _output(run), run.col.finish()


def _key_by_id(col: ProblemCollector, reg: pd.Series, alt: pd.Series, known_ids: dict[str, str], reg_col: str,
               alt_col: str, blank_row: np.ndarray) -> pd.Series:
    """The registration number each row is keyed by.  A row without a display number is keyed by its 14-digit
    id (FACREG) only where that id is new; a 14-digit id already stored for a factory keys the row to that
    factory (never a second copy of it).  Either way a warning says so."""
    reg = reg.copy()
    by_alt = (reg == "").to_numpy() & (alt != "").to_numpy() & ~blank_row
    reg[by_alt] = alt[by_alt]
    numeric = reg.str.fullmatch(REG_NUMERIC_RE).to_numpy(dtype=bool) & ~blank_row
    for i in np.flatnonzero(numeric):
        v = reg.iat[i]
        owner = known_ids.get(v)
        c = alt_col if by_alt[i] else reg_col
        if owner is not None and owner != v:
            reg.iat[i] = owner
            col.row(i, c, v, WARNING,
                    f"ไม่มีเลขทะเบียนแบบแสดงผล แต่เลข 14 หลัก {v} เป็นของโรงงาน {owner} ในฐานข้อมูลแล้ว "
                    f"จึงปรับปรุงข้อมูลของโรงงาน {owner}",
                    f"no display registration number, but the 14-digit id {v} is already stored for factory "
                    f"{owner}, so that factory is updated", kind="keyed-by-owner")
        elif by_alt[i]:
            col.row(i, c, v, WARNING,
                    f"ไม่มีเลขทะเบียนแบบแสดงผล ({reg_col}) จึงใช้เลข 14 หลัก {v} เป็นเลขทะเบียน (เลขนี้ยังไม่มีในฐานข้อมูล)",
                    f"no display registration number ({reg_col}): the factory is keyed by its 14-digit id {v} "
                    "(new to the database)", kind="keyed-by-id")
    return reg


def _one_factory_per_id(col: ProblemCollector, reg: pd.Series, reg_col: str, id_columns: dict[str, pd.Series],
                        known_ids: dict[str, str], rows: np.ndarray) -> np.ndarray:
    """Rows whose 14-digit id (FACREG, FID, or a registration number that is one) belongs to another factory,
    in the file (an earlier row) or in the database: an error naming both registration numbers."""
    bad = np.zeros(len(reg), dtype=bool)
    regs = reg.tolist()
    columns = [(c, s.tolist()) for c, s in id_columns.items()] + [(reg_col, regs)]
    seen: dict[str, tuple[int, str]] = {}               # id -> (first row, its registration number)
    for i in np.flatnonzero(rows).tolist():
        r = regs[i]
        done = None
        for c, values in columns:
            v = values[i]
            if len(v) != 14 or not v.isdigit() or not v.isascii() or (done is not None and v in done):
                continue
            done = {v} if done is None else done | {v}
            owner = known_ids.get(v)
            first = seen.get(v)
            if owner is not None and owner != r:
                col.row(i, c, v, ERROR,
                        f"เลข 14 หลัก {v} เป็นของโรงงาน {owner} ในฐานข้อมูลแล้ว แต่แถวนี้เป็นโรงงาน {r}: "
                        "โรงงานหนึ่งมีได้แถวเดียว กรุณาตรวจสอบเลขทะเบียน",
                        f"the 14-digit id {v} already belongs to factory {owner} in the database, but this row is "
                        f"factory {r}: one factory, one row; check the registration numbers")
                bad[i] = True
            elif first is None:
                seen[v] = (i, r)
            elif first[1] != r:
                col.row(i, c, v, ERROR,
                        f"เลข 14 หลัก {v} ซ้ำกับแถวที่ {first[0] + 1} (โรงงาน {first[1]}) แต่แถวนี้เป็นโรงงาน {r}: "
                        "โรงงานหนึ่งมีได้แถวเดียว",
                        f"the 14-digit id {v} is also on row {first[0] + 1} (factory {first[1]}), but this row is "
                        f"factory {r}: one factory, one row")
                bad[i] = True
    return bad


def _stated_unit(codes, names, i: int, parent: str, full_len: int, known, by_name) -> str | None:
    """The district (or subdistrict) a row states inside ``parent``: its code (full, or the last two digits),
    else its name; None when neither matches a unit of ``parent``."""
    if codes is not None and codes[i]:
        v = codes[i]
        cand = v if len(v) == full_len else parent + v.zfill(2) if len(v) <= 2 and v.isdigit() else None
        if cand in known and cand.startswith(parent):
            return cand
    if names is not None and names[i]:
        return by_name.get((parent, _norm_place(names[i], _UNIT_PREFIX)))
    return None


def _fallback_location(rows, stated, cols, cell, placer: Placer, province, district, subdistrict, area):
    """Province/district/subdistrict/area from the stated codes or names, for the rows in ``rows``."""
    province, district, subdistrict, area = (a.copy() for a in (province, district, subdistrict, area))
    idx = np.flatnonzero(rows)
    b = placer.boundaries
    district_codes, sub_codes = set(b.district["code"].astype(str)), set(b.subdistrict["code"].astype(str))
    d_names = _unit_lookup(b.district, 2)
    s_names = _unit_lookup(b.subdistrict, 4)

    def arr(fld: str, strip_decimal: bool = False):
        if fld not in cols:
            return None
        v = cell(fld)
        return (v.str.replace(r"\.0$", "", regex=True) if strip_decimal else v).to_numpy(dtype=object)

    dcode, scode = arr("district_code", True), arr("subdistrict_code", True)
    dname, sname = arr("district_name"), arr("subdistrict_name")
    for i in idx:
        p = stated[i]
        d = s = None
        if p:
            d = _stated_unit(dcode, dname, i, p, 4, district_codes, d_names)
            if d:
                s = _stated_unit(scode, sname, i, d, 6, sub_codes, s_names)
        province[i], district[i], subdistrict[i] = p, d, s
    area[idx] = placer.area_of_codes(district[idx], subdistrict[idx]).to_numpy(dtype=object)
    return province, district, subdistrict, area
