"""Assessment results that staff fill in: the Excel template, and validating an uploaded results table.

The template (:func:`make_template`) has one row per area × indicator with the columns :data:`TEMPLATE_COLUMNS`
(``area_id, year, indicator_id, result, evidence``) followed by grey read-only helper columns (area and indicator
names, level, type, unit, threshold, how to fill) that the import ignores.  :func:`validate_assessments` turns the
uploaded table into canonical assessment rows (``area_id, year, criteria_version, indicator_id, value, evidence``
plus ``source_row``) and lists every problem in Thai and English.  Years are Buddhist era (พ.ศ. = ค.ศ. + 543).
"""
from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from common.cells import safe_cell
from common.years import BE_MAX, BE_MIN, current_be_year
from ingest.checks import CLEAR_WORDS, Columns, codes, first_duplicates, in_range, is_clear, mixed_eras, numbers, resolve
from ingest.problems import ERROR, Problem
from scoring.criteria import HOW_TO_FILL, Criteria
from symbiosis.indicators import computed_indicators

TEMPLATE_COLUMNS = ["area_id", "year", "indicator_id", "result", "evidence"]
OUTPUT_COLUMNS = ["area_id", "year", "criteria_version", "indicator_id", "value", "evidence", "source_row"]

#: Accepted header names per template column (the template's own name first); matching ignores case and spaces.
COLUMN_ALIASES = {
    "area_id": ("area_id", "รหัสพื้นที่", "พื้นที่"),
    "year": ("year", "ปี", "ปีพ.ศ.", "ปี พ.ศ.", "ปีงบประมาณ"),
    "indicator_id": ("indicator_id", "รหัสตัวชี้วัด", "ตัวชี้วัด"),
    "result": ("result", "value", "ผล", "ผลการประเมิน", "ค่า"),
    "evidence": ("evidence", "หลักฐาน", "เอกสารหลักฐาน"),
    "criteria_version": ("criteria_version", "ฉบับเกณฑ์"),
}
REQUIRED = ("area_id", "year", "indicator_id", "result")
HEADERS_TH = {"area_id": "รหัสพื้นที่", "year": "ปี พ.ศ.", "indicator_id": "รหัสตัวชี้วัด", "result": "ผลการประเมิน",
              "evidence": "หลักฐาน / แหล่งข้อมูล"}
YES = {"1", "ใช่", "yes", "y", "ผ่าน", "true", "pass", "มี"}
NO = {"0", "ไม่ใช่", "no", "n", "ไม่ผ่าน", "false", "fail", "ไม่มี"}


# --------------------------------------------------------------------------------------------- template

SHEET_DATA = "ผลการประเมิน (Results)"
SHEET_README = "อ่านก่อน (Read me)"
SHEET_AREAS = "พื้นที่ (Areas)"
SHEET_INDICATORS = "ตัวชี้วัด (Indicators)"
HELPER_COLUMNS = [("area_name_th", "ชื่อพื้นที่"), ("indicator_th", "ชื่อตัวชี้วัด"), ("indicator_en", "Indicator"),
                  ("dimension_th", "มิติ"), ("aspect_th", "ด้าน"), ("level", "ระดับ"), ("metric_type", "ประเภท"),
                  ("unit", "หน่วย"), ("direction", "ทิศทาง"), ("threshold", "ค่าเกณฑ์"), ("how_to_fill", "วิธีกรอก")]

README_ROWS = [
    ("แม่แบบกรอกผลการประเมินเมืองอุตสาหกรรมเชิงนิเวศ", "Eco Industrial Town assessment results template"),
    ("", ""),
    ("กรอกข้อมูลในชีตแรก \"ผลการประเมิน (Results)\" หนึ่งแถวต่อหนึ่งพื้นที่ หนึ่งปี และหนึ่งตัวชี้วัด",
     "Fill in the first sheet, \"Results\": one row per area, year and indicator."),
    ("area_id: รหัสพื้นที่ (ดูชีต \"พื้นที่ (Areas)\")", "area_id: the area id (see the \"Areas\" sheet)."),
    ("year: ปี พ.ศ. 4 หลัก เช่น 2567 (ห้ามใช้ ค.ศ. เช่น 2024)",
     "year: the Buddhist-era year, e.g. 2567 (not the Christian-era year such as 2024)."),
    ("indicator_id: รหัสตัวชี้วัด (ดูชีต \"ตัวชี้วัด (Indicators)\")",
     "indicator_id: the indicator id (see the \"Indicators\" sheet)."),
    (("result: ผลการประเมิน ตัวชี้วัดแบบผ่าน/ไม่ผ่านกรอก 1 หรือ 0 (หรือ ใช่/ไม่ใช่, ผ่าน/ไม่ผ่าน) "
      "แบบร้อยละกรอก 0-100 แบบตัวเลขกรอกค่าตั้งแต่ 0 ขึ้นไป (ใช้จุดทศนิยม จุลภาคคั่นหลักพันได้ เช่น 1,250.5) "
      "เว้นว่างได้ถ้ายังไม่มีข้อมูล: ช่องว่างไม่ลบผลที่บันทึกไว้แล้ว ถ้าต้องการลบผลที่บันทึกไว้ ให้พิมพ์คำว่า ลบ"),
     ("result: binary indicators take 1 or 0 (or yes/no, ใช่/ไม่ใช่, ผ่าน/ไม่ผ่าน); percent indicators 0 to 100; "
      "number indicators 0 or more (a dot for decimals, commas between thousands allowed: 1,250.5). Leave it "
      "blank when there is no data yet: a blank never erases a stored result; to erase one, type CLEAR.")),
    ("evidence: หลักฐานหรือแหล่งข้อมูล (ไม่บังคับ)", "evidence: the evidence or source (optional)."),
    ("คอลัมน์สีเทาทางขวาเป็นข้อมูลช่วยอ่าน ระบบไม่นำเข้า แก้ไขได้โดยไม่มีผล",
     "The grey columns on the right are read-only help; they are ignored on import."),
    ("อย่าเปลี่ยนชื่อหัวคอลัมน์ในแถวแรก บันทึกเป็น .xlsx หรือ CSV UTF-8 แล้วนำเข้า",
     "Do not rename the headers in the first row. Save as .xlsx or CSV UTF-8 and import the file."),
]


def _data_sheet(ws, criteria: Criteria, areas: pd.DataFrame, year: int, area_ids: list[str]) -> dict[str, list[int]]:
    """The results sheet: one row per area × indicator; returns the sheet rows of each metric type."""
    from ingest.workbook import HELPER_FILL, REQUIRED_FILL, fill, style_header
    header = TEMPLATE_COLUMNS + [h for h, _ in HELPER_COLUMNS]
    ws.append(header)
    helper_th = dict(HELPER_COLUMNS)
    style_header(ws, header,
                 lambda n: (f"{HEADERS_TH[n]}\n(ห้ามเปลี่ยนชื่อหัวคอลัมน์ / do not rename)" if n in HEADERS_TH
                            else f"{helper_th[n]} — อ่านอย่างเดียว ไม่นำเข้า / read-only, ignored on import"),
                 lambda n: REQUIRED_FILL if n in HEADERS_TH else HELPER_FILL)
    grey = fill(HELPER_FILL)
    names = areas.set_index("area_id")["name_th"]
    rows_by_type: dict[str, list[int]] = {"binary": [], "percent": [], "number": []}
    for area_id in area_ids:
        area_name = str(names.get(area_id, ""))
        for ind in criteria.table.itertuples(index=False):
            th, en = HOW_TO_FILL.get(ind.metric_type, ("", ""))
            ws.append([safe_cell(v) for v in (
                area_id, year, ind.indicator_id, None, None, area_name, ind.indicator_th, ind.indicator_en,
                ind.dimension_th, ind.aspect_th, int(ind.level), ind.metric_type, ind.unit, ind.direction,
                float(ind.threshold), f"{th} / {en}")])
            rows_by_type.setdefault(ind.metric_type, []).append(ws.max_row)
            for j in range(len(TEMPLATE_COLUMNS) + 1, len(header) + 1):
                ws.cell(row=ws.max_row, column=j).fill = grey
    ws.freeze_panes = "A2"
    for j, w in enumerate([16, 8, 12, 12, 30, 30, 50, 40, 14, 30, 7, 9, 8, 9, 9, 36], start=1):
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = w
    return rows_by_type


def _lookup_sheets(wb, criteria: Criteria, areas: pd.DataFrame) -> None:
    """The area and indicator sheets the drop-down lists of the data sheet read."""
    from openpyxl.styles import Font
    area_sheet = wb.create_sheet(SHEET_AREAS)
    area_cols = [c for c in ("area_id", "name_th", "name_en", "province_code", "year_joined") if c in areas.columns]
    area_sheet.append(area_cols)
    for rec in areas[area_cols].itertuples(index=False):
        area_sheet.append([safe_cell(v.item() if hasattr(v, "item") else v) for v in rec])
    ind_sheet = wb.create_sheet(SHEET_INDICATORS)
    ind_cols = ["indicator_id", "indicator_th", "indicator_en", "dimension_th", "aspect_th", "level", "metric_type",
                "unit", "direction", "threshold"]
    ind_sheet.append(ind_cols + ["how_to_fill"])
    for rec in criteria.table[ind_cols].itertuples(index=False):
        th, en = HOW_TO_FILL.get(rec.metric_type, ("", ""))
        ind_sheet.append([safe_cell(v.item() if hasattr(v, "item") else v) for v in rec] + [f"{th} / {en}"])
    for sheet in (area_sheet, ind_sheet):
        for c in sheet[1]:
            c.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["A"].width = 16
        sheet.column_dimensions["B"].width = 50


def _validations(ws, n_areas: int, n_indicators: int, last: int, rows_by_type: dict[str, list[int]]) -> None:
    """Drop-down lists and value checks on the data sheet (Excel's own hints; the import checks again)."""
    from openpyxl.worksheet.datavalidation import DataValidation
    dv_area = DataValidation(type="list", formula1=f"'{SHEET_AREAS}'!$A$2:$A${n_areas + 1}", allow_blank=True,
                             showErrorMessage=True, errorTitle="area_id",
                             error="เลือกรหัสพื้นที่จากรายการ / choose an area id from the list")
    dv_ind = DataValidation(type="list", formula1=f"'{SHEET_INDICATORS}'!$A$2:$A${n_indicators + 1}",
                            allow_blank=True, showErrorMessage=True, errorTitle="indicator_id",
                            error="เลือกรหัสตัวชี้วัดจากรายการ / choose an indicator id from the list")
    dv_year = DataValidation(type="whole", operator="between", formula1=str(BE_MIN), formula2=str(BE_MAX),
                             allow_blank=True, showErrorMessage=True, errorTitle="year",
                             error="ปี พ.ศ. 4 หลัก เช่น 2567 / a Buddhist-era year such as 2567")
    dv_area.add(f"A2:A{last}")
    dv_year.add(f"B2:B{last}")
    dv_ind.add(f"C2:C{last}")
    validations = [dv_area, dv_year, dv_ind]
    kinds = {    # a warning only (errorStyle), so that the erase word can be typed
        "binary": DataValidation(type="list", formula1='"1,0"', allow_blank=True, showErrorMessage=True,
                                 errorStyle="warning", error=" / ".join(HOW_TO_FILL["binary"])),
        "percent": DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                  allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                  error=" / ".join(HOW_TO_FILL["percent"])),
        "number": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                 showErrorMessage=True, errorStyle="warning", error=" / ".join(HOW_TO_FILL["number"])),
    }
    for kind, dv in kinds.items():
        for row_no in rows_by_type.get(kind, []):
            dv.add(f"D{row_no}")
        if rows_by_type.get(kind):
            validations.append(dv)
    for dv in validations:
        ws.add_data_validation(dv)


def make_template(criteria: Criteria, areas: pd.DataFrame, year: int | None = None,
                  area_ids: list[str] | None = None) -> bytes:
    """An .xlsx template with one row per area × indicator for ``area_ids`` (default: the first area, as an
    example) and Buddhist-era ``year`` (default: this year), plus read-me, area and indicator sheets."""
    from openpyxl import Workbook

    from ingest.workbook import saved, write_readme
    year = current_be_year() if year is None else int(year)
    area_ids = [str(a) for a in (area_ids if area_ids else areas["area_id"].iloc[:1])]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_DATA
    rows_by_type = _data_sheet(ws, criteria, areas, year, area_ids)
    write_readme(wb, SHEET_README, README_ROWS + [
        ("", ""), (f"ฉบับเกณฑ์: {criteria.version}", f"Criteria version: {criteria.version}"),
        (f"ปี พ.ศ. ในแม่แบบ: {year}", f"Year (BE) in this template: {year}")])
    _lookup_sheets(wb, criteria, areas)
    _validations(ws, len(areas), len(criteria.table), max(ws.max_row, 2), rows_by_type)
    wb.properties.title = "EIT assessment template"
    wb.properties.subject = f"criteria_version={criteria.version}; year={year}"
    return saved(wb)


# --------------------------------------------------------------------------------------------- validation

def _resolve(columns) -> dict[str, str]:
    """Template field -> the file's column, for the fields whose column is present."""
    return resolve(columns, COLUMN_ALIASES)


def _empty_output() -> pd.DataFrame:
    return pd.DataFrame({"area_id": pd.Series(dtype=object), "year": pd.Series(dtype="int64"),
                         "criteria_version": pd.Series(dtype=object), "indicator_id": pd.Series(dtype=object),
                         "value": pd.Series(dtype="float64"), "evidence": pd.Series(dtype=object),
                         "source_row": pd.Series(dtype="int64")})


def _suggest(value: str, choices) -> tuple[str, str]:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.75)
    return (f" (ใกล้เคียงกับ {close[0]}?)", f" (did you mean {close[0]}?)") if close else ("", "")


def _check_area(run: Columns, areas: pd.DataFrame) -> pd.Series:
    known = set(areas["area_id"].astype(str))
    area = run.cell("area_id").str.lower()
    for i in run.rows(~area.isin(known).to_numpy()):
        v = run.cell("area_id").iat[i]
        if not v:
            run.error(i, "area_id", "ไม่มีรหัสพื้นที่", "the area id is missing")
            continue
        s_th, s_en = _suggest(v.lower(), known)
        run.error(i, "area_id", f"ไม่รู้จักรหัสพื้นที่นี้{s_th} ดูรายการในชีต \"{SHEET_AREAS}\" หรือ areas.csv",
                  f"unknown area id{s_en}; the known ids are in the \"{SHEET_AREAS}\" sheet of the template and in "
                  "data/areas.csv")
    return area


def _check_indicator(run: Columns, criteria: Criteria) -> pd.Series:
    canonical = [str(i) for i in criteria.table["indicator_id"]]
    indicator = codes(run.cell("indicator_id"), canonical)
    for i in run.rows(indicator.isna().to_numpy()):
        v = run.cell("indicator_id").iat[i]
        if not v:
            run.error(i, "indicator_id", "ไม่มีรหัสตัวชี้วัด", "the indicator id is missing")
            continue
        s_th, s_en = _suggest(v, canonical)
        run.error(i, "indicator_id", f"ไม่รู้จักรหัสตัวชี้วัดนี้ในเกณฑ์ฉบับ {criteria.version}{s_th}",
                  f"unknown indicator id in criteria {criteria.version}{s_en}")
    return indicator


def _check_year(run: Columns, areas: pd.DataFrame, area: pd.Series) -> np.ndarray:
    year = run.be_year("year", required=True)
    rows = ~run.blank_row
    mixed = mixed_eras(year, rows)
    if mixed:
        run.col.file(ERROR, *mixed, column=run.name("year"))
    if "year_joined" in areas.columns:       # a year before the area joined the programme: a warning
        joined = pd.Series(pd.to_numeric(areas["year_joined"], errors="coerce").to_numpy(),
                           index=areas["area_id"].astype(str))
        j = area.map(joined).to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            early = in_range(year, BE_MIN, BE_MAX) & ~np.isnan(j) & (year < j)
        for i in run.rows(early & ~run.bad):
            run.warn(i, "year", f"ปี {int(year[i])} ก่อนปีที่พื้นที่ {area.iat[i]} เข้าร่วมโครงการ ({int(j[i])})",
                     f"{int(year[i])} is before area {area.iat[i]} joined the programme ({int(j[i])})", kind="early")
    return year


def _check_version(run: Columns, criteria: Criteria) -> None:
    if "criteria_version" not in run.cols:
        return
    cv = run.cell("criteria_version")
    for i in run.rows(((cv != "") & (cv != criteria.version)).to_numpy()):
        run.error(i, "criteria_version", f"ผลนี้เป็นของเกณฑ์ฉบับ {cv.iat[i]} แต่เกณฑ์ที่ใช้อยู่คือฉบับ {criteria.version}",
                  f"the result is for criteria version {cv.iat[i]} but the criteria in use are {criteria.version}")


def _result_numbers(res: pd.Series, metric: np.ndarray) -> np.ndarray:
    """The result cells as numbers: yes/no words for binary indicators, a trailing % for percent ones."""
    is_percent = metric == "percent"
    text = res.where(~(is_percent & res.str.endswith("%").to_numpy()), res.str.rstrip("%").str.strip())
    value = numbers(text).to_numpy(dtype=float)
    words = res.str.casefold()
    is_binary = metric == "binary"
    return np.where(is_binary & words.isin(YES).to_numpy(), 1.0,
                    np.where(is_binary & words.isin(NO).to_numpy(), 0.0, value))


def _check_result(run: Columns, criteria: Criteria, indicator: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(the values, the rows whose result cell holds the erase word)."""
    table = criteria.table
    metric = indicator.map(dict(zip(table["indicator_id"], table["metric_type"]))).to_numpy(dtype=object)
    unit = indicator.map(dict(zip(table["indicator_id"], table["unit"]))).to_numpy(dtype=object)
    res = run.cell("result")
    clear = is_clear(res)
    value = _result_numbers(res, metric)
    typed = (res != "").to_numpy() & ~clear
    for i in run.rows(typed & np.isnan(value)):
        th, en = (("ต้องเป็น 1 หรือ 0 (หรือ ใช่/ไม่ใช่, ผ่าน/ไม่ผ่าน)", "must be 1 or 0 (or yes/no, ใช่/ไม่ใช่, ผ่าน/ไม่ผ่าน)")
                  if metric[i] == "binary" else ("ผลต้องเป็นตัวเลข", "the result must be a number"))
        run.error(i, "result", f"ค่าไม่ใช่ตัวเลข: {th}", f"not a number: {en}")
    known = ~np.isnan(value)
    with np.errstate(invalid="ignore"):
        out = {"binary": (metric == "binary") & known & ~np.isin(value, (0.0, 1.0)),
               "percent": (metric == "percent") & known & ((value < 0) | (value > 100)),
               "number": (metric == "number") & known & (value < 0)}
    for kind, mask in out.items():
        th, en = HOW_TO_FILL[kind]
        run.errors(mask, "result", f"ค่าอยู่นอกช่วงที่รับได้: ตัวชี้วัดนี้ต้องกรอก {th}",
                   f"value out of range: this indicator takes {en}")
    run.too_large(np.where(metric == "number", value, np.nan), ["*" if u is None else u for u in unit], "result")
    blank = ~typed & ~clear
    for i in run.rows(blank & ~run.bad):
        run.warn(i, "result", "ไม่มีผลการประเมิน: แถวนี้ไม่ถูกนำเข้า ผลที่บันทึกไว้แล้ว (ถ้ามี) คงเดิม "
                 f"(ถ้าต้องการลบผลที่บันทึกไว้ ให้พิมพ์คำว่า {CLEAR_WORDS[0]})",
                 "no result: the row is not imported and a stored result (if any) is kept "
                 f"(to erase a stored result, type {CLEAR_WORDS[1].upper()})", kind="blank-result")
    return np.where(clear, np.nan, value), clear


def _check_computed(run: Columns, criteria: Criteria, indicator: pd.Series, typed: np.ndarray) -> np.ndarray:
    """Rows of computed indicators (criteria column ``computed``): their results come from the register, so a
    typed result is an error and a blank one skips the row; returns the rows to skip."""
    computed = computed_indicators(criteria.table)
    is_computed = indicator.isin(computed).to_numpy() & ~run.bad
    for i in run.rows(is_computed & typed):
        run.error(i, "result",
                  f"ตัวชี้วัดนี้คำนวณจากทะเบียนการแลกเปลี่ยน ({computed[indicator.iat[i]]}) จึงกรอกผลเองไม่ได้ "
                  "ให้เว้นว่างหรือลบแถวนี้",
                  f"this indicator is computed from the symbiosis register ({computed[indicator.iat[i]]}); a typed "
                  "result is refused: leave it blank or delete the row")
    skip = is_computed & ~typed
    for i in run.rows(skip):
        run.warn(i, "indicator_id", "ตัวชี้วัดนี้คำนวณจากทะเบียน แถวนี้ไม่ถูกนำเข้า",
                 "this indicator is computed from the register; the row is not imported", kind="computed")
    return skip


def _check_duplicates(run: Columns, area: pd.Series, year: np.ndarray, indicator: pd.Series,
                      skip: np.ndarray) -> None:
    keys = pd.DataFrame({"a": area, "y": year, "i": indicator})
    for pos, j0 in first_duplicates(keys, ~run.bad & ~run.blank_row & ~skip):
        k = tuple(keys.iloc[pos])
        run.error(pos, "indicator_id", f"พื้นที่ ปี และตัวชี้วัดซ้ำ: แถวที่ {j0 + 1} และ {pos + 1} (ใช้แถวที่ {j0 + 1})",
                  f"duplicate area, year and indicator: rows {j0 + 1} and {pos + 1} (row {j0 + 1} is used)",
                  value=f"{k[0]} / {int(k[1])} / {k[2]}")


def validate_assessments(raw: pd.DataFrame, criteria: Criteria,
                         areas: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Check an uploaded results table (as :func:`ingest.readers.read_table` returns it).

    Returns the canonical frame (:data:`OUTPUT_COLUMNS`) with only the rows to write, and every problem found
    (rows are 1-based data rows; columns are the file's column names).  A row whose result is blank is not
    written (a stored result stays as it is); the word of :data:`ingest.checks.CLEAR_WORDS` in the result
    erases it (``value`` NaN).  Extra columns (the template's helper columns) are ignored; rows blank in every
    template column are skipped.
    """
    run = Columns(raw, COLUMN_ALIASES)
    missing = [f for f in REQUIRED if f not in run.cols]
    if missing:
        run.col.file(ERROR, f"ไม่มีคอลัมน์ที่จำเป็น: {', '.join(missing)} (หัวตารางต้องมี {', '.join(TEMPLATE_COLUMNS)})",
                     f"required column(s) missing: {', '.join(missing)} (the header must have "
                     f"{', '.join(TEMPLATE_COLUMNS)}); found: {', '.join(map(str, raw.columns)) or '(none)'}")
        return _empty_output(), run.col.finish()
    if run.blank_row.all():
        run.col.file(ERROR, "ไฟล์ไม่มีแถวผลการประเมิน", "the file has no result rows")
        return _empty_output(), run.col.finish()
    area = _check_area(run, areas)
    indicator = _check_indicator(run, criteria)
    year = _check_year(run, areas, area)
    _check_version(run, criteria)
    value, clear = _check_result(run, criteria, indicator)
    typed = (run.cell("result") != "").to_numpy() & ~clear
    skip = _check_computed(run, criteria, indicator, typed)
    _check_duplicates(run, area, year, indicator, skip)
    ev = run.cell("evidence")
    keep = ~run.bad & ~run.blank_row & ~skip & (typed | clear)
    out = pd.DataFrame({
        "area_id": area.astype(object), "year": pd.Series(np.nan_to_num(year), dtype="int64"),
        "criteria_version": criteria.version, "indicator_id": indicator,
        "value": pd.Series(value, dtype="float64"),
        "evidence": ev.astype(object).where(ev != "", None),
        "source_row": pd.Series(np.arange(1, run.n + 1), dtype="int64"),
    }, columns=OUTPUT_COLUMNS)
    return out[keep].reset_index(drop=True), run.col.finish()
