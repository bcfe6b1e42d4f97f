"""Importing the symbiosis register: parties, material flows and exchanges from CSV or .xlsx, with the contract of
the registry import (:func:`ingest.importer.import_file`: kept upload, all or nothing unless ``skip_invalid``, one
log row, idempotent re-import) and a row/column/value report in Thai and English.

The columns of each kind are defined once (:func:`fields`), and both the validation and the Excel template
(:mod:`ingest.symbiosis_template`) are made from them. The code lists come from ``data/symbiosis``. A party is
named by its ``party_id`` or, for a factory, by its registration number. Years are Buddhist era; dates are ISO
``YYYY-MM-DD`` (Christian era). Text (names, materials, notes) is stored exactly as written.

A blank cell of an optional column never erases a stored value (:func:`kept`); the word ``ลบ`` or ``CLEAR`` (any
case) clears it (:func:`erasable`: not the required columns, not the status dates, not period or visibility).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.settings import coast_tolerance_km
from common.years import ce_date_problem, fiscal_year_span
from db import bulk
from db.schema import exchanges, factories, material_flows, parties
from geo.extent import LAT_RANGE, LON_RANGE
from geo.placement import Placer, outside_points
from i18n import date_label
from ingest.checks import Columns, first_duplicates, in_range, numbers
from ingest.landing import Plan, Target, cached_placer
from ingest.problems import ERROR, WARNING, Problem
from ingest.readers import normalise_header
from programme import registry
from programme.symbiosis import load_vocabulary
from symbiosis.codes import normalise_waste_code, waste_code_problem
from symbiosis.register import BENEFIT_COLUMNS, EXCHANGE_COLUMNS, FLOW_COLUMNS, PARTY_COLUMNS
from symbiosis.vocab import Vocabulary

KINDS = ("parties", "flows", "exchanges")
#: A first check of party coordinates: a number in the range of Thailand's latitudes and longitudes; whether the
#: point lies in Thailand is then the registry's province test (:func:`_place_parties`).
COORD_RANGE = {"lat": LAT_RANGE, "lon": LON_RANGE}   # Thailand's bounding box
PARTY_ID_RE = re.compile(r"^[a-z][a-z0-9_-]{2,39}$")
EXCHANGE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$")
MAX_TEXT = {"material_th": 200}
DEFAULT_MAX_TEXT = 2000


@dataclass(frozen=True)
class Field:
    name: str                  # the column (English header of the template)
    th: str                    # its Thai name (also accepted as a header)
    kind: str                  # id | party | text | code | year | number | unit | waste_code | date | lat | lon | area
    required: bool = False
    codes: str = ""            # the vocabulary list of a "code" field
    help_th: str = ""
    help_en: str = ""


def fields(kind: str, vocab: Vocabulary) -> list[Field]:
    """The columns of one import kind, in template order."""
    if kind == "parties":
        return [Field("party_id", "รหัสผู้เกี่ยวข้อง", "id", True, help_th="อักษรอังกฤษตัวเล็ก ตัวเลข - หรือ _ เช่น ce-ryg-001",
                      help_en="lower-case letters, digits, - or _, e.g. ce-ryg-001"),
                Field("kind", "ประเภท", "code", True, "party_kind", "ไม่ใช่โรงงาน (โรงงานใช้เลขทะเบียนโรงงาน)",
                      "not factory (a factory is named by its registration number)"),
                Field("name_th", "ชื่อ (ไทย)", "text", True), Field("name_en", "ชื่อ (อังกฤษ)", "text"),
                Field("area_id", "รหัสพื้นที่", "area"), Field("lat", "ละติจูด", "lat", True),
                Field("lon", "ลองจิจูด", "lon", True), Field("note", "หมายเหตุ", "text")]
    if kind == "flows":
        return [Field("party_id", "โรงงานหรือผู้เกี่ยวข้อง", "party", True, help_th="เลขทะเบียนโรงงานหรือรหัสผู้เกี่ยวข้อง",
                      help_en="factory registration number or party id"),
                Field("year", "ปี พ.ศ.", "year", True), Field("direction", "ทิศทาง", "code", True, "direction"),
                Field("flow_class", "ประเภทการไหล", "code", True, "flow_class"),
                Field("material_class", "กลุ่มวัสดุ", "code", False, "material_class"),
                Field("material_th", "วัสดุ (ไทย)", "text", True), Field("material_en", "วัสดุ (อังกฤษ)", "text"),
                Field("waste_code", "รหัสของเสีย", "waste_code", help_th="เช่น 11 03 01 HA", help_en="e.g. 11 03 01 HA"),
                Field("quantity", "ปริมาณ", "number", True), Field("unit", "หน่วย", "unit", True),
                Field("period", "ช่วงเวลา", "code", False, "period", "เว้นว่าง = ต่อปี", "blank = per year")]
    if kind == "exchanges":
        dates = [Field(f"{s}_on", f"วันที่{vocab.label('status', s, 'th')}", "date",
                       help_th="ปปปป-ดด-วว (ค.ศ.)", help_en="YYYY-MM-DD (Christian era)") for s in vocab.statuses]
        return [Field("exchange_id", "รหัสการแลกเปลี่ยน", "id", True),
                Field("from_party", "ผู้ให้", "party", True, help_th="เลขทะเบียนโรงงานหรือรหัสผู้เกี่ยวข้อง",
                      help_en="factory registration number or party id"),
                Field("to_party", "ผู้รับ", "party", True, help_th="เลขทะเบียนโรงงานหรือรหัสผู้เกี่ยวข้อง",
                      help_en="factory registration number or party id"),
                Field("area_id", "รหัสพื้นที่", "area", help_th="เว้นว่าง = พื้นที่ของผู้ให้", help_en="blank = the giver's area"),
                Field("year", "ปี พ.ศ. ที่เริ่ม", "year", True), Field("category", "ประเภท", "code", True, "category"),
                Field("material_class", "กลุ่มวัสดุ", "code", False, "material_class"),
                Field("material_th", "วัสดุ (ไทย)", "text", True), Field("material_en", "วัสดุ (อังกฤษ)", "text"),
                Field("waste_code", "รหัสของเสีย", "waste_code"),
                Field("quantity", "ปริมาณต่อปี", "number"), Field("unit", "หน่วย", "unit"),
                Field("status", "สถานะ", "code", True, "status"), *dates,
                Field("landfill_diverted_t", "ลดการฝังกลบ (ตัน/ปี)", "number"),
                Field("co2e_avoided_t", "ลดก๊าซเรือนกระจก (ตัน CO2e/ปี)", "number"),
                Field("co2e_basis", "ที่มาของค่าก๊าซเรือนกระจก", "text"),
                Field("cost_saved_thb", "ประหยัดค่าใช้จ่าย (บาท/ปี)", "number"),
                Field("water_saved_m3", "ประหยัดน้ำ (ลบ.ม./ปี)", "number"),
                Field("virgin_saved_t", "ลดการใช้วัตถุดิบใหม่ (ตัน/ปี)", "number"),
                Field("source", "แหล่งข้อมูล", "code", False, "source"),
                Field("visibility", "การเปิดเผย", "code", False, "visibility", "เว้นว่าง = สาธารณะ", "blank = public"),
                Field("note", "หมายเหตุ", "text")]
    raise ValueError(f"unknown symbiosis import kind {kind!r}; one of {', '.join(KINDS)}")


def allowed_codes(f: Field, vocab: Vocabulary) -> tuple[str, ...]:
    if f.codes == "visibility":
        return tuple(vocab.visibility["visibility"])
    codes = vocab.codes_of(f.codes)
    return tuple(c for c in codes if c != "factory") if f.codes == "party_kind" else codes


# --------------------------------------------------------------------------------------------- cell parsing

#: The unit of each benefit column (for the plausible magnitude, data/magnitudes.csv).
BENEFIT_UNITS = {"landfill_diverted_t": "t", "co2e_avoided_t": "t", "cost_saved_thb": "thb", "water_saved_m3": "m3",
                 "virgin_saved_t": "t"}
#: The reserved ids of the templates' example rows (ingest.symbiosis_template): such a row is never imported.
EXAMPLE_IDS = {"parties": ("party_id", "ce-example-001"), "flows": ("party_id", "(เลขทะเบียนโรงงาน)"),
               "exchanges": ("exchange_id", "EX-EXAMPLE")}


#: Optional columns whose blank means a default (period: per year; visibility: public) for a new row only: a blank
#: keeps a stored row's value, and the erase word is refused (they are never empty).
DEFAULTS = {"period": "year", "visibility": "public"}


def with_defaults(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the blanks of the :data:`DEFAULTS` columns filled (rows written whole, e.g. the demo)."""
    return frame.assign(**{c: frame[c].astype(object).where(frame[c].notna(), v)
                           for c, v in DEFAULTS.items() if c in frame.columns})


def erasable(spec: list[Field]) -> list[str]:
    """The optional stored columns of a kind: a blank cell keeps the stored value and the erase word
    (:data:`ingest.checks.CLEAR_WORDS`: ``ลบ`` or ``CLEAR``, any case) clears it.  Required columns and the
    status dates (the status history) are not among them."""
    return [f.name for f in spec if not f.required and f.kind != "date" and f.name not in DEFAULTS]


def kept(kind: str, vocab: Vocabulary) -> tuple[str, ...]:
    """The columns of a kind whose blank cell keeps the stored value (:attr:`ingest.landing.Target.keep`)."""
    spec = fields(kind, vocab)
    return (*erasable(spec), *(f.name for f in spec if f.name in DEFAULTS))


class _Check(Columns):
    """One validation run over an uploaded table: the cells of each field parsed, bad rows marked."""

    def __init__(self, raw: pd.DataFrame, spec: list[Field], vocab: Vocabulary, known: dict):
        super().__init__(raw, {f.name: (f.name, f.th) for f in spec}, erasable=erasable(spec))
        self.spec, self.vocab, self.known = spec, vocab, known
        self.text = {f.name: self.cell(f.name) for f in spec}

    def missing_columns(self) -> list[str]:
        return [f.name for f in self.spec if f.required and f.name not in self.cols]

    def error(self, i: int, name: str, th: str, en: str, severity: str = ERROR, value: object = None) -> None:
        if severity == ERROR:
            super().error(i, name, th, en, value=value)
        else:
            self.warn(i, name, th, en, value=value)

    def parse(self, f: Field):
        s = self.text[f.name]
        blank = (s == "").to_numpy()
        if f.required:
            for i in self.rows(blank):
                self.error(i, f.name, "ต้องระบุค่า", "a value is required")
        parse = getattr(self, f"_{f.kind}")
        return parse(f, s, blank)

    def _text(self, f, s, blank):
        limit = MAX_TEXT.get(f.name, DEFAULT_MAX_TEXT)
        for i in self.rows(s.str.len().to_numpy() > limit):
            self.error(i, f.name, f"ยาวเกิน {limit} ตัวอักษร", f"longer than {limit} characters")
        return s.where(~blank, None).astype(object)

    def _id(self, f, s, blank):
        pattern = PARTY_ID_RE if f.name == "party_id" else EXCHANGE_ID_RE
        v = s.str.lower() if f.name == "party_id" else s
        for i in self.rows(~blank & ~v.str.match(pattern).to_numpy(dtype=bool)):
            self.error(i, f.name, "รหัสไม่ถูกต้อง: ใช้อักษรอังกฤษ ตัวเลข - หรือ _ ยาวไม่เกิน 40 ตัว"
                       + (" (ตัวเล็ก ขึ้นต้นด้วยตัวอักษร)" if f.name == "party_id" else ""),
                       "malformed id: ASCII letters, digits, - or _, at most 40 characters"
                       + (" (lower case, starting with a letter)" if f.name == "party_id" else ""))
        return v.astype(object)

    def _party(self, f, s, blank):
        lookup = self.known["party_ids"]
        v = s.map(lambda x: lookup.get(x) or lookup.get(x.lower()))
        for i in self.rows(~blank & v.isna().to_numpy()):
            self.error(i, f.name, "ไม่พบโรงงานหรือผู้เกี่ยวข้องนี้ (ใช้เลขทะเบียนโรงงาน หรือรหัสที่นำเข้าด้วย import-parties)",
                       "unknown party or factory (use a factory registration number or a party id imported "
                       "with import-parties)")
        return v.astype(object)

    def _code(self, f, s, blank):
        allowed = allowed_codes(f, self.vocab)
        v = s.str.lower()
        for i in self.rows(~blank & ~v.isin(allowed).to_numpy()):
            extra = (" (โรงงานไม่ต้องนำเข้าเป็นผู้เกี่ยวข้อง ใช้เลขทะเบียนโรงงานได้เลย)",
                     " (factories are not imported as parties: name them by registration number)") \
                if f.codes == "party_kind" and v.iat[i] == "factory" else ("", "")
            self.error(i, f.name, f"ไม่รู้จักค่านี้ ต้องเป็นค่าใดค่าหนึ่งใน {' | '.join(allowed)}{extra[0]}",
                       f"unknown {f.codes.replace('_', ' ')}: must be one of {' | '.join(allowed)}{extra[1]}")
        return v.where(v.isin(allowed), None).astype(object)

    def _year(self, f, s, blank):
        return pd.Series(self.be_year(f.name))

    def _number(self, f, s, blank):
        return self.number(f.name, unit=BENEFIT_UNITS.get(f.name, "*")).astype(float)

    def _unit(self, f, s, blank):
        canonical = {u.casefold(): u for u in self.vocab.units["unit"]}
        v = s.str.replace("³", "3", regex=False).str.casefold().map(canonical)
        for i in self.rows(~blank & v.isna().to_numpy()):
            self.error(i, f.name, f"ไม่รู้จักหน่วยนี้ ต้องเป็น {' | '.join(canonical.values())}",
                       f"unknown unit: must be one of {' | '.join(canonical.values())}")
        return v.astype(object)

    def _waste_code(self, f, s, blank):
        v = s.map(normalise_waste_code)
        for i in self.rows(v.isna().to_numpy()):
            en, th = waste_code_problem(s.iat[i])
            self.error(i, f.name, th, en)
        return v.where(v.notna() & (v != ""), None).astype(object)

    def _date(self, f, s, blank):
        parsed = pd.to_datetime(s.where(s.str.fullmatch(r"\d{4}-\d{2}-\d{2}")), format="%Y-%m-%d", errors="coerce")
        for i in self.rows(~blank & parsed.isna().to_numpy()):
            self.error(i, f.name, "วันที่ต้องเป็น ปปปป-ดด-วว (ค.ศ.) เช่น 2024-03-15",
                       "a date must be YYYY-MM-DD (Christian era), e.g. 2024-03-15")
        for i in self.rows(parsed.notna().to_numpy()):
            problem = ce_date_problem(parsed.iat[i].year)
            if problem:
                self.error(i, f.name, problem[1], problem[0])
        return s.where(parsed.notna(), None).astype(object)

    def _coord(self, f, s, blank, axis):
        lo, hi = COORD_RANGE[axis]
        num = numbers(s)
        for i in self.rows(~blank & ~in_range(num, lo, hi)):
            self.error(i, f.name, f"พิกัดต้องเป็นตัวเลขในประเทศไทย ({lo}-{hi})", f"must be a number within Thailand "
                       f"({lo}-{hi}); latitude and longitude swapped?")
        return num.astype(float)

    def _lat(self, f, s, blank):
        return self._coord(f, s, blank, "lat")

    def _lon(self, f, s, blank):
        return self._coord(f, s, blank, "lon")

    def _area(self, f, s, blank):
        v = s.str.lower()
        for i in self.rows(~blank & ~v.isin(self.known["areas"]).to_numpy()):
            self.error(i, f.name, "ไม่รู้จักรหัสพื้นที่นี้ (ดู data/areas.csv)", "unknown area id (see data/areas.csv)")
        return v.where(~blank, None).astype(object)

    def duplicates(self, frame: pd.DataFrame, keys: list[str], name: str) -> None:
        for pos, first in first_duplicates(frame[keys], ~self.bad & ~self.blank_row):
            self.error(pos, name, f"ซ้ำกับแถวที่ {first + 1} (ใช้แถวแรก)",
                       f"repeats row {first + 1} (the first one is used)")

    def examples(self, kind: str) -> None:
        """The template's example row is never imported: skipped, with a warning."""
        fld, example = EXAMPLE_IDS[kind]
        for i in self.rows((self.cell(fld).str.casefold() == example.casefold()).to_numpy()):
            self.warn(i, fld, "แถวตัวอย่างของแม่แบบ ไม่ถูกนำเข้า", "the template's example row: not imported",
                      kind="example")
            self.blank_row[i] = True


def _validate(raw: pd.DataFrame, kind: str, vocab: Vocabulary, known: dict):
    spec = fields(kind, vocab)
    chk = _Check(raw, spec, vocab, known)
    missing = chk.missing_columns()
    if missing:
        chk.col.file(ERROR, f"ไม่มีคอลัมน์ที่จำเป็น: {', '.join(missing)}",
                     f"required column(s) missing: {', '.join(missing)}; found: {', '.join(map(str, raw.columns))}")
        return None, chk
    chk.examples(kind)
    if chk.n == 0 or chk.blank_row.all():
        chk.col.file(ERROR, "ไฟล์ไม่มีข้อมูล", "the file has no data rows")
        return None, chk
    frame = pd.DataFrame({f.name: chk.parse(f) for f in spec})
    if "quantity" in frame and "unit" in frame:      # the plausible magnitude of a quantity, by its unit
        chk.too_large(frame["quantity"].where(~chk.bad), frame["unit"].fillna("*").tolist(), "quantity")
    return frame, chk


def _unit_fits(chk: _Check, frame: pd.DataFrame, category: pd.Series) -> None:
    units = chk.vocab.units
    fits = {(u, c) for u, cats in zip(units["unit"], units["fits"]) for c in cats}
    ok = np.array([(u, c) in fits for u, c in zip(frame["unit"], category)], dtype=bool)
    for i in chk.rows(frame["unit"].notna() & category.notna() & ~ok):
        fitting = " | ".join(u for u in units["unit"] if (u, category.iat[i]) in fits)
        chk.error(i, "unit", f"หน่วยนี้ใช้กับประเภท {category.iat[i]} ไม่ได้ ใช้ {fitting}",
                  f"this unit does not fit the category {category.iat[i]}: use {fitting}")


def _finish(chk: _Check, frame: pd.DataFrame, columns: list[str]) -> tuple[pd.DataFrame, list[Problem]]:
    for name in chk.erasable:
        if name in frame.columns:
            frame[name] = chk.with_erase(name, frame[name]).to_numpy()
    keep = ~chk.bad & ~chk.blank_row
    out = frame.loc[keep, [c for c in columns if c in frame.columns]].copy()
    out["source_row"] = np.flatnonzero(keep) + 1
    return out.reset_index(drop=True), chk.col.finish()


def _place_parties(chk: _Check, frame: pd.DataFrame, placer: Placer, provinces: pd.DataFrame,
                   coast_km: float) -> None:
    """The registry's test of "in Thailand" for party points (:func:`geo.placement.outside_points`): inside a
    Thai province polygon, or in the sea within ``coast_km`` of one (a coastal party, placed with a warning).
    Anything else is an error naming the nearest province (or saying that latitude and longitude look swapped);
    a point on land across a border is never placed."""
    la, lo = frame["lat"].to_numpy(dtype=float), frame["lon"].to_numpy(dtype=float)
    todo = ~chk.bad & ~chk.blank_row & ~np.isnan(la) & ~np.isnan(lo)
    if not todo.any():
        return
    names = {str(c): (str(t), str(e)) for c, t, e in zip(provinces["code"], provinces["name_th"], provinces["name_en"])}
    found = outside_points(placer, la, lo, todo, coast_km)
    lat_col = chk.cols.get("lat", "lat")
    for i in np.flatnonzero(found.near):
        value = f"{chk.text['lat'].iat[i]}, {chk.text['lon'].iat[i]}"
        p_th, p_en = names.get(found.province[i], (found.province[i],) * 2)
        km = found.near_km[i]
        chk.col.row(i, lat_col, value, WARNING,
                    f"พิกัดอยู่ในทะเลนอกเขตจังหวัดเล็กน้อย (ห่าง {km:,.2f} กม. ไม่เกิน {coast_km:g} กม. ที่ยอมให้สำหรับ"
                    f"พื้นที่ริมชายฝั่ง) ใกล้{p_th}ที่สุด กรุณาตรวจสอบพิกัด",
                    f"the coordinates lie in the sea {km:,.2f} km outside every province polygon, within the "
                    f"{coast_km:g} km allowed on the coast; nearest province {p_en}; please check them")
    for i in np.flatnonzero(found.swapped):
        value = f"{chk.text['lat'].iat[i]}, {chk.text['lon'].iat[i]}"
        chk.bad[i] = True
        chk.col.row(i, lat_col, value, ERROR, f"ละติจูดและลองจิจูดน่าจะสลับกัน ({value}) สลับกลับแล้วจึงอยู่ในประเทศไทย",
                    f"latitude and longitude look swapped ({value}): swapped back they lie in Thailand")
    for k, i in enumerate(np.flatnonzero(found.outside)):
        value = f"{chk.text['lat'].iat[i]}, {chk.text['lon'].iat[i]}"
        chk.bad[i] = True
        code, km = found.hint_code[k], found.hint_km[k]
        hint_th = hint_en = ""
        if code is not None:
            p_th, p_en = names.get(code, (code, code))
            allowed_th, allowed_en = ("", "") if found.on_land[i] else (f" (ยอมให้ไม่เกิน {coast_km:g} กม. ในทะเล)",
                                                                        f" ({coast_km:g} km allowed in the sea)")
            hint_th = f" จังหวัดที่ใกล้ที่สุดคือ{p_th} ห่าง {km:,.1f} กม.{allowed_th}"
            hint_en = f"; the nearest Thai province is {p_en}, {km:,.1f} km away{allowed_en}"
        where_th, where_en = (("บนแผ่นดินนอกประเทศไทย", "on land outside Thailand") if found.on_land[i]
                              else ("ในทะเลหรือประเทศเพื่อนบ้าน", "in the sea or a neighbouring country"))
        chk.col.row(i, lat_col, value, ERROR,
                    f"พิกัด ({value}) อยู่นอกประเทศไทย: ไม่อยู่ในจังหวัดใดของไทย (อยู่{where_th}){hint_th} กรุณาตรวจสอบพิกัด",
                    f"the coordinates ({value}) are outside Thailand: in no Thai province ({where_en}){hint_en}; "
                    "check them")


def validate_parties(raw: pd.DataFrame, vocab: Vocabulary, known: dict, placer: Placer | None = None,
                     provinces: pd.DataFrame | None = None,
                     coast_km: float | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Canonical parties (:data:`symbiosis.register.PARTY_COLUMNS`) of the rows without errors, and the problems.
    With ``placer`` (and the province registry ``provinces``), a point must lie in a Thai province, as in the
    registry import (``coast_km`` defaults to ``EIT_COAST_TOLERANCE_KM``); without, only the range is checked."""
    frame, chk = _validate(raw, "parties", vocab, known)
    if frame is None:
        return pd.DataFrame(columns=PARTY_COLUMNS), chk.col.finish()
    if placer is not None:
        _place_parties(chk, frame, placer, provinces, coast_tolerance_km() if coast_km is None else coast_km)
    for i in chk.rows(frame["party_id"].isin(known["factories"]).to_numpy()):
        chk.error(i, "party_id", "รหัสนี้เป็นเลขทะเบียนโรงงาน", "this id is a factory registration number")
    chk.duplicates(frame, ["party_id"], "party_id")
    return _finish(chk, frame, PARTY_COLUMNS)


def validate_flows(raw: pd.DataFrame, vocab: Vocabulary, known: dict) -> tuple[pd.DataFrame, list[Problem]]:
    """Canonical flow records (:data:`symbiosis.register.FLOW_COLUMNS`) and the problems."""
    frame, chk = _validate(raw, "flows", vocab, known)
    if frame is None:
        return pd.DataFrame(columns=FLOW_COLUMNS), chk.col.finish()
    _unit_fits(chk, frame, frame["flow_class"].map(vocab.group_of("flow_class")))
    for i in chk.rows((frame["flow_class"] == "waste") & frame["waste_code"].isna() & ~chk.bad):
        chk.error(i, "waste_code", "ไม่มีรหัสของเสีย: การจับคู่จะใช้กลุ่มวัสดุเท่านั้น",
                  "no waste code: matching will use the material class only", severity=WARNING)
    chk.duplicates(frame, ["party_id", "year", "direction", "material_th"], "material_th")
    return _finish(chk, frame, FLOW_COLUMNS)


def validate_exchanges(raw: pd.DataFrame, vocab: Vocabulary,
                       known: dict) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Canonical exchanges (:data:`symbiosis.register.EXCHANGE_COLUMNS`), their status history (exchange_id,
    status, changed_on: one row per dated status) and the problems."""
    frame, chk = _validate(raw, "exchanges", vocab, known)
    history_cols = ["exchange_id", "status", "changed_on"]
    if frame is None:
        return pd.DataFrame(columns=EXCHANGE_COLUMNS), pd.DataFrame(columns=history_cols), chk.col.finish()
    for i in chk.rows(frame["from_party"].notna() & (frame["from_party"] == frame["to_party"])):
        chk.error(i, "to_party", "ผู้ให้และผู้รับต้องเป็นคนละราย", "an exchange needs two different parties")
    area_of = known["party_areas"]
    guess = frame["from_party"].map(area_of).where(lambda a: a.notna(), frame["to_party"].map(area_of))
    frame["area_id"] = frame["area_id"].where(frame["area_id"].notna(), guess)
    has_qty = frame["quantity"].notna()
    for i in chk.rows(has_qty & frame["unit"].isna() & ~chk.bad):
        chk.error(i, "unit", "ระบุปริมาณแล้วต้องระบุหน่วย", "a quantity needs a unit")
    _unit_fits(chk, frame, frame["category"])
    statuses, rank = vocab.statuses, vocab.status_rank()
    now = frame["status"].map(rank)
    # the exchange's year is a fiscal year (1 October – 30 September): no status is dated before it began
    start = frame["year"].map(lambda y: fiscal_year_span(int(y))[0].isoformat() if pd.notna(y) else "").astype(str)
    last = pd.Series([""] * len(frame), dtype=str)
    for s in statuses:
        col, on = f"{s}_on", frame[f"{s}_on"].fillna("").astype(str)
        dated = on != ""
        for i in chk.rows(dated & (start != "") & (on < start)):
            chk.error(i, col, f"วันที่อยู่ก่อนปีงบประมาณที่เริ่ม (ปีงบประมาณ {int(frame['year'].iat[i])} เริ่ม "
                      f"{date_label(start.iat[i], 'th')})",
                      f"the date is before the exchange's fiscal year (fiscal {int(frame['year'].iat[i])} begins "
                      f"on {date_label(start.iat[i], 'en')})")
        for i in chk.rows(dated & now.notna() & (now < rank[s])):
            chk.error(i, col, f"มีวันที่ของสถานะ {s} แต่สถานะปัจจุบันคือ {frame['status'].iat[i]}",
                      f"a date for {s}, but the status is {frame['status'].iat[i]}")
        for i in chk.rows(dated & (last != "") & (on < last)):
            chk.error(i, col, "วันที่ต้องไม่ก่อนวันที่ของสถานะก่อนหน้า", "the date is before that of an earlier status")
        last = on.where(dated, last)
    frame["status_on"] = [frame[f"{s}_on"].iat[i] if isinstance(s, str) else None
                          for i, s in enumerate(frame["status"])]
    chk.duplicates(frame, ["exchange_id"], "exchange_id")
    clean, problems = _finish(chk, frame, EXCHANGE_COLUMNS + [f"{s}_on" for s in statuses])
    hist = [(e, s, clean[f"{s}_on"].iat[i]) for i, e in enumerate(clean["exchange_id"]) for s in statuses
            if isinstance(clean[f"{s}_on"].iat[i], str)]
    clean = clean.drop(columns=[f"{s}_on" for s in statuses])
    return clean, pd.DataFrame(hist, columns=history_cols), problems


# --------------------------------------------------------------------------------------------- importing

def known_references(engine: Engine, data_dir: Path | str) -> dict:
    """What uploaded rows may refer to: factories, parties (id -> canonical id, id -> area) and area ids."""
    with engine.connect() as conn:
        fac = conn.execute(sa.select(factories.c.registration_no, factories.c.area_id)).all()
        par = conn.execute(sa.select(parties.c.party_id, parties.c.area_id)).all()
    ids = {r: r for r, _ in fac} | {p: p for p, _ in par}
    return {"factories": {r for r, _ in fac}, "party_ids": ids, "party_areas": dict(fac) | dict(par),
            "areas": set(registry.load_areas(Path(data_dir))["area_id"])}


def _column_of(raw: pd.DataFrame, kind: str, vocab: Vocabulary) -> dict[str, str]:
    """Each canonical column -> the file's header for it (English or Thai), for the report."""
    by_norm = {}
    for c in raw.columns:
        by_norm.setdefault(normalise_header(c), str(c))
    out = {}
    for f in fields(kind, vocab):
        for name in (f.name, f.th):
            if normalise_header(name) in by_norm:
                out[f.name] = by_norm[normalise_header(name)]
                break
    return out


def symbiosis_plan(kind: str, engine: Engine, data_dir: Path | str, placer: Placer | None = None,
                   **_) -> Plan:
    """How a parties, flows or exchanges file is validated and where it lands (:func:`ingest.importer.import_file`).
    Text is checked against the lengths of the target table before writing (the same report on SQLite and
    PostgreSQL)."""
    vocab = load_vocabulary(Path(data_dir))
    known = known_references(engine, data_dir)
    if kind == "parties":
        placer = placer or cached_placer(str(Path(data_dir).resolve()))
        provinces = registry.load_provinces(Path(data_dir))
        validate = lambda t: validate_parties(t, vocab, known, placer, provinces)   # noqa: E731
        target = Target(bulk.upsert_parties, ("party_id", "kind", "name_th", "lat", "lon"), parties, ("party_id",),
                        keep=kept(kind, vocab))
    elif kind == "flows":
        validate = lambda t: validate_flows(t, vocab, known)                         # noqa: E731
        target = Target(bulk.upsert_flows, ("party_id", "year", "direction", "material_th", "flow_class",
                                            "quantity", "unit", "period"), material_flows,
                        ("party_id", "year", "direction", "material_th"), keep=kept(kind, vocab),
                        defaults=DEFAULTS)
    elif kind == "exchanges":
        history: dict = {}

        def validate(table):
            clean, hist, problems = validate_exchanges(table, vocab, known)
            history["rows"] = hist
            return clean, problems

        target = Target(lambda conn, clean, prog: bulk.upsert_exchanges(conn, clean, history["rows"], prog),
                        ("exchange_id", "from_party", "to_party", "area_id", "year", "category", "material_th",
                         "status", "status_on", "visibility", *BENEFIT_COLUMNS), exchanges, ("exchange_id",),
                        keep=kept(kind, vocab), defaults=DEFAULTS)
    else:
        raise ValueError(f"unknown symbiosis import kind {kind!r}; one of {', '.join(KINDS)}")

    def checked(table):
        target.column_of = _column_of(table, kind, vocab)
        return validate(table)

    return Plan(checked, target)
