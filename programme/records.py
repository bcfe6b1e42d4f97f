"""Loaders for the factory and assessment records (``data/demo`` by default), each validated on load.

Files (in ``data_dir / folder``; ``folder`` defaults to ``"demo"`` and may also be an absolute path):

* ``factories.csv``: one row per factory (registration_no unique, FFLAG status 0..3, GI level 0..5, ...);
* ``factory_history.csv``: registration_no, year, compliance, inspections, complaints;
* ``factory_checklist.csv``: registration_no, item_id, result (pass|fail|na), checked_on (ISO date, CE);
* ``assessments.csv``: area_id, year, criteria_version, indicator_id, value (blank = missing), evidence;
* ``meta.json``: {"demo": bool, "seed": int, "data_as_of": ISO date, "years": [Buddhist-era years], ...}.

Every loader returns a DataFrame in file order with a fresh index (row i is data row i + 1).  Codes and
registration numbers stay strings.  Years are Buddhist era (พ.ศ.); a Christian-era year is rejected with a hint.
Problems raise :class:`common.errors.DataError` naming the file, the 1-based data row, the column, the value and
the reason in English and Thai.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from common.csvfile import Table, read_table
from common.errors import cell_error
from common.years import be_year_problem, ce_date_problem
from geo.extent import LAT_RANGE, LON_RANGE

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
DEFAULT_FOLDER = "demo"
FACTORIES_FILE, HISTORY_FILE = "factories.csv", "factory_history.csv"
CHECKLIST_FILE, ASSESSMENTS_FILE, META_FILE = "factory_checklist.csv", "assessments.csv", "meta.json"

FACTORY_COLUMNS = ("registration_no", "fid", "name_th", "name_en", "owner", "factory_class", "category", "isic",
                   "province_code", "district_code", "subdistrict_code", "area_id", "lat", "lon", "status", "workers",
                   "gi_level", "eco_factory_year", "csr_diw_year", "developed", "developed_year", "data_as_of")
FACTORY_OPTIONAL = ("fid", "name_en", "owner", "isic", "district_code", "subdistrict_code", "area_id", "workers",
                    "eco_factory_year", "csr_diw_year", "developed_year")   # area_id blank: outside every area
#: Columns a factories file may leave out of its header altogether (files written before the column existed).
FACTORY_ABSENT_OK = ("owner",)
HISTORY_COLUMNS = ("registration_no", "year", "compliance", "inspections", "complaints")
CHECKLIST_COLUMNS = ("registration_no", "item_id", "result", "checked_on")
ASSESSMENT_COLUMNS = ("area_id", "year", "criteria_version", "indicator_id", "value", "evidence")

#: New-style DIW registration number: optional จ, class 1-3, item with optional (sub-item), running number,
#: two-digit Buddhist-era year and the province abbreviation, e.g. ``3-105-152/48ปจ``, ``จ3-9(6)-100/51ปจ``.
REGISTRATION_NO_RE = re.compile(r"^(จ)?([1-3])-(\d{1,3})(?:\((\d{1,2})\))?-(\d{1,5})/(\d{2})([\u0E01-\u0E4E]{1,4})$")
FFLAG = {0: "licensed", 1: "operating", 2: "closed", 3: "suspended"}
COMPLIANCE = ("compliant", "minor", "non_compliant", "not_inspected")
RESULTS = ("pass", "fail", "na")


def _folder(data_dir, folder) -> Path:
    return Path(DEFAULT_DATA_DIR if data_dir is None else data_dir) / (DEFAULT_FOLDER if folder is None else folder)


def _read(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> Table:
    return read_table(path, f"{path.parent.name}/{path.name}", columns, optional)


# --------------------------------------------------------------------------------------------- cell checks

def _iso_date_error(value: str) -> tuple[str, str] | None:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return "not a valid calendar date", "ไม่ใช่วันที่ที่มีอยู่จริง"
        return "must be an ISO date YYYY-MM-DD", "ต้องเป็นวันที่รูปแบบ YYYY-MM-DD"
    return ce_date_problem(day.year)


def _iso_dates(t: Table, col: str) -> None:
    problems = {v: _iso_date_error(v) for v in t.frame[col].unique()}
    bad = t.frame[col].map(lambda v: problems[v] is not None).to_numpy(dtype=bool)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        en, th = problems[t.frame[col].iat[i]]
        raise t.fail(i, col, en, th, value=t.frame[col].iat[i])


def _coordinates(t: Table) -> tuple[pd.Series, pd.Series]:
    f = t.frame
    lat, lon = pd.to_numeric(f["lat"], errors="coerce"), pd.to_numeric(f["lon"], errors="coerce")
    t.check(lat.isna(), "lat", "latitude must be a number (decimal degrees)", "ละติจูดต้องเป็นตัวเลข (องศาทศนิยม)")
    t.check(lon.isna(), "lon", "longitude must be a number (decimal degrees)", "ลองจิจูดต้องเป็นตัวเลข (องศาทศนิยม)")
    lat_ok, lon_ok = lat.between(*LAT_RANGE).to_numpy(), lon.between(*LON_RANGE).to_numpy()
    bad = ~(lat_ok & lon_ok)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        box = f"Thailand lies within {LAT_RANGE[0]}-{LAT_RANGE[1]} N, {LON_RANGE[0]}-{LON_RANGE[1]} E"
        box_th = f"ประเทศไทยอยู่ในช่วงละติจูด {LAT_RANGE[0]}-{LAT_RANGE[1]} และลองจิจูด {LON_RANGE[0]}-{LON_RANGE[1]}"
        if LAT_RANGE[0] <= lon.iat[i] <= LAT_RANGE[1] and LON_RANGE[0] <= lat.iat[i] <= LON_RANGE[1]:
            raise t.fail(i, "lat", f"latitude and longitude look swapped (lat {f['lat'].iat[i]}, lon {f['lon'].iat[i]});"
                         f" {box}", f"ละติจูดและลองจิจูดน่าจะสลับกัน; {box_th}", value=f["lat"].iat[i])
        col = "lat" if not lat_ok[i] else "lon"
        raise t.fail(i, col, f"outside Thailand; {box}", f"อยู่นอกประเทศไทย; {box_th}", value=f[col].iat[i])
    return lat.astype("float64"), lon.astype("float64")


def _codes(t: Table, col: str, digits: int, parent: str | None) -> None:
    s = t.frame[col]
    blank = (s == "").to_numpy()
    t.check(~s.str.fullmatch(rf"\d{{{digits}}}").to_numpy(dtype=bool) & ~blank, col,
            f"must be a {digits}-digit DOPA code (leading zeros kept)", f"ต้องเป็นรหัส {digits} หลัก")
    if parent:
        p = t.frame[parent]
        t.check(~blank & (p != "") & ~pd.Series([a.startswith(b) for a, b in zip(s, p)]).to_numpy(dtype=bool),
                col, f"must start with the {parent} on the same row", f"ต้องขึ้นต้นด้วย {parent} ในแถวเดียวกัน")


# --------------------------------------------------------------------------------------------- loaders

def load_factories(data_dir: Path | None = None, folder: str | Path | None = DEFAULT_FOLDER) -> pd.DataFrame:
    """``factories.csv``: one row per factory (columns :data:`FACTORY_COLUMNS`).

    Types: lat/lon float; factory_class, status, gi_level int; workers and the three year columns nullable Int64;
    developed bool; everything else str.
    """
    t = _read(_folder(data_dir, folder) / FACTORIES_FILE,
              tuple(c for c in FACTORY_COLUMNS if c not in FACTORY_ABSENT_OK), FACTORY_OPTIONAL)
    f = t.frame
    for c in FACTORY_ABSENT_OK:
        if c not in f.columns:
            f[c] = ""
    t.unique(["registration_no"])
    fid = f["fid"]
    t.check((fid != "") & ~fid.str.fullmatch(r"\d{14}").to_numpy(dtype=bool), "fid", "fid must have 14 digits",
            "fid ต้องเป็นตัวเลข 14 หลัก")
    t.check((fid != "") & fid.duplicated(), "fid", "duplicate fid", "fid ซ้ำ")
    _codes(t, "province_code", 2, None)
    _codes(t, "district_code", 4, "province_code")
    _codes(t, "subdistrict_code", 6, "district_code")
    out = f.copy()
    out["lat"], out["lon"] = _coordinates(t)
    out["factory_class"] = t.ints("factory_class", 1, 3)
    out["status"] = t.ints("status", 0, 3, hint=(" (FFLAG: 0 licensed, 1 operating, 2 closed, 3 suspended)",
                                                   " (FFLAG: 0 ได้รับใบอนุญาต 1 ดำเนินการ 2 จำหน่าย 3 หยุดดำเนินการ)"))
    out["workers"] = t.ints("workers", 0, 1_000_000, optional=True)
    out["gi_level"] = t.ints("gi_level", 0, 5)
    for col in ("eco_factory_year", "csr_diw_year", "developed_year"):
        out[col] = t.be_years(col, optional=True)
    t.check(~f["developed"].isin(("0", "1")), "developed", "must be 0 or 1", "ต้องเป็น 0 หรือ 1")
    developed = f["developed"] == "1"
    t.check(developed & out["developed_year"].isna(), "developed_year",
            "a developed factory needs the Buddhist-era year it was developed", "โรงงานที่พัฒนาแล้วต้องระบุปี พ.ศ. ที่พัฒนา")
    t.check(~developed & out["developed_year"].notna(), "developed_year",
            "must be blank when developed is 0", "ต้องเว้นว่างเมื่อ developed เป็น 0")
    out["developed"] = developed.astype(bool)
    out["area_id"] = f["area_id"].where(f["area_id"] != "", None)     # outside every area: NA
    _iso_dates(t, "data_as_of")
    return out.reset_index(drop=True)


def load_factory_history(data_dir: Path | None = None, folder: str | Path | None = DEFAULT_FOLDER) -> pd.DataFrame:
    """``factory_history.csv``: one row per factory and Buddhist-era year; inspections/complaints int."""
    t = _read(_folder(data_dir, folder) / HISTORY_FILE, HISTORY_COLUMNS)
    out = t.frame.copy()
    out["year"] = t.be_years("year")
    t.choice("compliance", COMPLIANCE)
    out["compliance"] = t.frame["compliance"]
    out["inspections"] = t.ints("inspections", 0, 366)
    out["complaints"] = t.ints("complaints", 0, 10_000)
    t.unique(["registration_no", "year"])
    return out.reset_index(drop=True)


def load_factory_checklist(data_dir: Path | None = None, folder: str | Path | None = DEFAULT_FOLDER) -> pd.DataFrame:
    """``factory_checklist.csv``: the latest result (pass|fail|na) of each compliance item per factory."""
    t = _read(_folder(data_dir, folder) / CHECKLIST_FILE, CHECKLIST_COLUMNS)
    t.choice("result", RESULTS)
    _iso_dates(t, "checked_on")
    t.unique(["registration_no", "item_id"])
    return t.frame.reset_index(drop=True)


def load_assessments(data_dir: Path | None = None, folder: str | Path | None = DEFAULT_FOLDER) -> pd.DataFrame:
    """``assessments.csv``: indicator results per area and Buddhist-era year; value float (NaN = missing)."""
    t = _read(_folder(data_dir, folder) / ASSESSMENTS_FILE, ASSESSMENT_COLUMNS, optional=("value", "evidence"))
    out = t.frame.copy()
    out["year"] = t.be_years("year")
    value = pd.to_numeric(t.frame["value"], errors="coerce")
    t.check(value.isna() & (t.frame["value"] != ""), "value", "must be a number or blank (missing)",
            "ต้องเป็นตัวเลขหรือเว้นว่าง (ไม่มีข้อมูล)")
    out["value"] = value.astype("float64")
    t.unique(["area_id", "year", "indicator_id"])
    return out.reset_index(drop=True)


def load_meta(data_dir: Path | None = None, folder: str | Path | None = DEFAULT_FOLDER) -> dict:
    """``meta.json``: what the data set is (``demo`` flag, seed, ``data_as_of``, Buddhist-era ``years``)."""
    path = _folder(data_dir, folder) / META_FILE
    name = f"{path.parent.name}/{path.name}"
    try:
        meta = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise cell_error(name, None, None, None, f"file not found ({path})", f"ไม่พบไฟล์ ({path})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise cell_error(name, None, None, None, f"not valid UTF-8 JSON: {exc}", "ไม่ใช่ JSON ที่ถูกต้อง") from None
    if not isinstance(meta, dict):
        raise cell_error(name, None, None, None, "must be a JSON object", "ต้องเป็นออบเจ็กต์ JSON")
    for key in ("demo", "data_as_of", "years"):
        if key not in meta:
            raise cell_error(name, None, key, None, f"key '{key}' is required", f"ต้องมีคีย์ '{key}'")
    if not isinstance(meta["demo"], bool):
        raise cell_error(name, None, "demo", meta["demo"], "must be true or false", "ต้องเป็น true หรือ false")
    problem = _iso_date_error(str(meta["data_as_of"]))
    if problem:
        raise cell_error(name, None, "data_as_of", meta["data_as_of"], *problem)
    years = meta["years"]
    if not isinstance(years, list) or not years or not all(isinstance(y, int) and not isinstance(y, bool)
                                                           for y in years):
        raise cell_error(name, None, "years", years, "must be a non-empty list of whole years",
                         "ต้องเป็นรายการปีที่เป็นจำนวนเต็ม")
    for y in years:
        problem = be_year_problem(y)
        if problem:
            raise cell_error(name, None, "years", y, *problem)
    return meta


def check_factory_references(factories: pd.DataFrame, history: pd.DataFrame, checklist: pd.DataFrame) -> None:
    """History and checklist rows must name a factory of ``factories``."""
    known = set(factories["registration_no"])
    for name, frame in ((HISTORY_FILE, history), (CHECKLIST_FILE, checklist)):
        bad = np.flatnonzero(~frame["registration_no"].isin(known).to_numpy())
        if len(bad):
            i = int(bad[0])
            v = frame["registration_no"].iat[i]
            raise cell_error(name, i + 1, "registration_no", v, f"unknown factory (not in {FACTORIES_FILE})",
                             f"ไม่พบโรงงานนี้ใน {FACTORIES_FILE}")
