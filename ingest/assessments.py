"""Assessment results that staff fill in: the Excel template, and validating an uploaded results table.

The template (:func:`make_template`) has one row per area × indicator with the columns :data:`TEMPLATE_COLUMNS`
(``area_id, year, indicator_id, result, evidence``) followed by grey read-only helper columns (area and indicator
names, level, type, unit, threshold, how to fill) that the import ignores.  :func:`validate_assessments` turns the
uploaded table into canonical assessment rows (``area_id, year, criteria_version, indicator_id, value, evidence``
plus ``source_row``) and lists every problem in Thai and English.  Years are Buddhist era (พ.ศ. = ค.ศ. + 543).
"""
from __future__ import annotations

import difflib
import io

import numpy as np
import pandas as pd

from common.cells import safe_cell
from common.years import BE_MAX, BE_MIN, CE_SLIP, be_year_problem, current_be_year
from ingest.problems import ERROR, WARNING, Problem, ProblemCollector
from ingest.readers import clean_cells, normalise_header
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
      "แบบร้อยละกรอก 0-100 แบบตัวเลขกรอกค่าตั้งแต่ 0 ขึ้นไป เว้นว่างได้ถ้ายังไม่มีข้อมูล (นับเป็นไม่มีข้อมูล)"),
     ("result: binary indicators take 1 or 0 (or yes/no, ใช่/ไม่ใช่, ผ่าน/ไม่ผ่าน); percent indicators 0 to 100; "
      "number indicators 0 or more. Leave it blank when there is no data yet (counted as missing).")),
    ("evidence: หลักฐานหรือแหล่งข้อมูล (ไม่บังคับ)", "evidence: the evidence or source (optional)."),
    ("คอลัมน์สีเทาทางขวาเป็นข้อมูลช่วยอ่าน ระบบไม่นำเข้า แก้ไขได้โดยไม่มีผล",
     "The grey columns on the right are read-only help; they are ignored on import."),
    ("อย่าเปลี่ยนชื่อหัวคอลัมน์ในแถวแรก บันทึกเป็น .xlsx หรือ CSV UTF-8 แล้วนำเข้า",
     "Do not rename the headers in the first row. Save as .xlsx or CSV UTF-8 and import the file."),
]


def make_template(criteria: Criteria, areas: pd.DataFrame, year: int | None = None,
                  area_ids: list[str] | None = None) -> bytes:
    """An .xlsx template with one row per area × indicator for ``area_ids`` (default: the first area, as an
    example) and Buddhist-era ``year`` (default: this year), plus read-me, area and indicator sheets."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    year = current_be_year() if year is None else int(year)
    area_ids = [str(a) for a in (area_ids if area_ids else areas["area_id"].iloc[:1])]
    area_by_id = areas.set_index("area_id")
    table = criteria.table

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_DATA
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="E7E6E6")
    head_fill = PatternFill("solid", fgColor="C6E0B4")
    header = TEMPLATE_COLUMNS + [h for h, _ in HELPER_COLUMNS]
    ws.append(header)
    for j, name in enumerate(header, start=1):
        c = ws.cell(row=1, column=j)
        c.font = bold
        if name in HEADERS_TH:
            c.fill = head_fill
            c.comment = Comment(f"{HEADERS_TH[name]}\n(ห้ามเปลี่ยนชื่อหัวคอลัมน์ / do not rename)", "EIT")
        else:
            c.fill = grey
            th = dict(HELPER_COLUMNS)[name]
            c.comment = Comment(f"{th} — อ่านอย่างเดียว ไม่นำเข้า / read-only, ignored on import", "EIT")
    rows_by_type: dict[str, list[int]] = {"binary": [], "percent": [], "number": []}
    r = 1
    for area_id in area_ids:
        area_name = str(area_by_id["name_th"].get(area_id, "")) if area_id in area_by_id.index else ""
        for ind in table.itertuples(index=False):
            r += 1
            th, en = HOW_TO_FILL.get(ind.metric_type, ("", ""))
            ws.append([safe_cell(v) for v in (
                area_id, year, ind.indicator_id, None, None, area_name, ind.indicator_th, ind.indicator_en,
                ind.dimension_th, ind.aspect_th, int(ind.level), ind.metric_type, ind.unit, ind.direction,
                float(ind.threshold), f"{th} / {en}")])
            rows_by_type.setdefault(ind.metric_type, []).append(r)
            for j in range(len(TEMPLATE_COLUMNS) + 1, len(header) + 1):
                ws.cell(row=r, column=j).fill = grey
    ws.freeze_panes = "A2"
    widths = [16, 8, 12, 12, 30, 30, 50, 40, 14, 30, 7, 9, 8, 9, 9, 36]
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w

    # lookup sheets (after the data sheet, so that the data sheet stays the first one, the one imported)
    readme = wb.create_sheet(SHEET_README)
    readme.append(["ภาษาไทย", "English"])
    for th, en in README_ROWS + [("", ""), (f"ฉบับเกณฑ์: {criteria.version}", f"Criteria version: {criteria.version}"),
                                 (f"ปี พ.ศ. ในแม่แบบ: {year}", f"Year (BE) in this template: {year}")]:
        readme.append([th, en])
    readme["A1"].font = readme["B1"].font = bold
    readme.column_dimensions["A"].width = readme.column_dimensions["B"].width = 80
    for row in readme.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")

    area_sheet = wb.create_sheet(SHEET_AREAS)
    area_cols = [c for c in ("area_id", "name_th", "name_en", "province_code", "year_joined") if c in areas.columns]
    area_sheet.append(area_cols)
    for rec in areas[area_cols].itertuples(index=False):
        area_sheet.append([safe_cell(v.item() if hasattr(v, "item") else v) for v in rec])
    ind_sheet = wb.create_sheet(SHEET_INDICATORS)
    ind_cols = ["indicator_id", "indicator_th", "indicator_en", "dimension_th", "aspect_th", "level", "metric_type",
                "unit", "direction", "threshold"]
    ind_sheet.append(ind_cols + ["how_to_fill"])
    for rec in table[ind_cols].itertuples(index=False):
        th, en = HOW_TO_FILL.get(rec.metric_type, ("", ""))
        ind_sheet.append([safe_cell(v.item() if hasattr(v, "item") else v) for v in rec] + [f"{th} / {en}"])
    for sheet in (area_sheet, ind_sheet):
        for c in sheet[1]:
            c.font = bold
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["A"].width = 16
        sheet.column_dimensions["B"].width = 50

    # data validation on the data sheet
    last = max(r, 2)
    n_areas, n_ind = len(areas) + 1, len(table) + 1
    dv_area = DataValidation(type="list", formula1=f"'{SHEET_AREAS}'!$A$2:$A${n_areas}", allow_blank=True,
                             showErrorMessage=True, errorTitle="area_id",
                             error="เลือกรหัสพื้นที่จากรายการ / choose an area id from the list")
    dv_ind = DataValidation(type="list", formula1=f"'{SHEET_INDICATORS}'!$A$2:$A${n_ind}", allow_blank=True,
                            showErrorMessage=True, errorTitle="indicator_id",
                            error="เลือกรหัสตัวชี้วัดจากรายการ / choose an indicator id from the list")
    dv_year = DataValidation(type="whole", operator="between", formula1=str(BE_MIN), formula2=str(BE_MAX),
                             allow_blank=True, showErrorMessage=True, errorTitle="year",
                             error="ปี พ.ศ. 4 หลัก เช่น 2567 / a Buddhist-era year such as 2567")
    dv_area.add(f"A2:A{last}")
    dv_year.add(f"B2:B{last}")
    dv_ind.add(f"C2:C{last}")
    validations = [dv_area, dv_year, dv_ind]
    kinds = {
        "binary": DataValidation(type="list", formula1='"1,0"', allow_blank=True, showErrorMessage=True,
                                 errorStyle="warning", error=" / ".join(HOW_TO_FILL["binary"])),
        "percent": DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                  allow_blank=True, showErrorMessage=True, error=" / ".join(HOW_TO_FILL["percent"])),
        "number": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                 showErrorMessage=True, error=" / ".join(HOW_TO_FILL["number"])),
    }
    for kind, dv in kinds.items():
        for row_no in rows_by_type.get(kind, []):
            dv.add(f"D{row_no}")
        if rows_by_type.get(kind):
            validations.append(dv)
    for dv in validations:
        ws.add_data_validation(dv)

    wb.properties.title = "EIT assessment template"
    wb.properties.subject = f"criteria_version={criteria.version}; year={year}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------- validation

def _resolve(columns) -> dict[str, str]:
    by_norm: dict[str, str] = {}
    for c in columns:
        by_norm.setdefault(normalise_header(c), c)
    found = {}
    for fld, names in COLUMN_ALIASES.items():
        for name in names:
            if normalise_header(name) in by_norm:
                found[fld] = by_norm[normalise_header(name)]
                break
    return found


def _empty_output() -> pd.DataFrame:
    return pd.DataFrame({"area_id": pd.Series(dtype=object), "year": pd.Series(dtype="int64"),
                         "criteria_version": pd.Series(dtype=object), "indicator_id": pd.Series(dtype=object),
                         "value": pd.Series(dtype="float64"), "evidence": pd.Series(dtype=object),
                         "source_row": pd.Series(dtype="int64")})


def _suggest(value: str, choices) -> tuple[str, str]:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.75)
    return (f" (ใกล้เคียงกับ {close[0]}?)", f" (did you mean {close[0]}?)") if close else ("", "")


def validate_assessments(raw: pd.DataFrame, criteria: Criteria,
                         areas: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Check an uploaded results table (as :func:`ingest.readers.read_table` returns it).

    Returns the canonical frame (:data:`OUTPUT_COLUMNS`; ``value`` NaN when the result is blank) with only the rows
    without errors, and every problem found (rows are 1-based data rows; columns are the file's column names).
    Extra columns (the template's helper columns) are ignored; rows blank in every template column are skipped.
    """
    col = ProblemCollector()
    cols = _resolve(raw.columns)
    missing = [f for f in REQUIRED if f not in cols]
    if missing:
        col.file(ERROR, f"ไม่มีคอลัมน์ที่จำเป็น: {', '.join(missing)} (หัวตารางต้องมี {', '.join(TEMPLATE_COLUMNS)})",
                 f"required column(s) missing: {', '.join(missing)} (the header must have "
                 f"{', '.join(TEMPLATE_COLUMNS)}); found: {', '.join(map(str, raw.columns)) or '(none)'}")
        return _empty_output(), col.finish()
    n = len(raw)

    def cell(fld: str) -> pd.Series:
        if fld in cols:
            return clean_cells(raw[cols[fld]]).reset_index(drop=True)
        return pd.Series([""] * n, dtype=object)

    area_s, year_s, ind_s, res_s, ev_s = (cell(f) for f in ("area_id", "year", "indicator_id", "result", "evidence"))
    blank = ((area_s == "") & (year_s == "") & (ind_s == "") & (res_s == "") & (ev_s == "")).to_numpy()
    if blank.all():
        col.file(ERROR, "ไฟล์ไม่มีแถวผลการประเมิน", "the file has no result rows")
        return _empty_output(), col.finish()
    bad = np.zeros(n, dtype=bool)
    c_area, c_year, c_ind, c_res = (cols[f] for f in ("area_id", "year", "indicator_id", "result"))

    # ---- area
    area_ids = areas["area_id"].astype(str)
    known_areas = set(area_ids)
    area = area_s.str.lower()
    unknown = (~area.isin(known_areas)).to_numpy() & ~blank
    for i in np.flatnonzero(unknown):
        v = area_s.iat[i]
        if not v:
            col.row(i, c_area, "", ERROR, "ไม่มีรหัสพื้นที่", "the area id is missing")
            continue
        s_th, s_en = _suggest(v.lower(), known_areas)
        col.row(i, c_area, v, ERROR, f"ไม่รู้จักรหัสพื้นที่นี้{s_th} ดูรายการในชีต \"{SHEET_AREAS}\" หรือ areas.csv",
                f"unknown area id{s_en}; the known ids are in the \"{SHEET_AREAS}\" sheet of the template and in "
                "data/areas.csv")
    bad |= unknown

    # ---- indicator
    table = criteria.table
    canonical = {str(i).casefold(): str(i) for i in table["indicator_id"]}
    indicator = ind_s.str.casefold().map(canonical).astype(object)
    unknown = indicator.isna().to_numpy() & ~blank
    for i in np.flatnonzero(unknown):
        v = ind_s.iat[i]
        if not v:
            col.row(i, c_ind, "", ERROR, "ไม่มีรหัสตัวชี้วัด", "the indicator id is missing")
            continue
        s_th, s_en = _suggest(v, canonical.values())
        col.row(i, c_ind, v, ERROR, f"ไม่รู้จักรหัสตัวชี้วัดนี้ในเกณฑ์ฉบับ {criteria.version}{s_th}",
                f"unknown indicator id in criteria {criteria.version}{s_en}")
    bad |= unknown

    # ---- year
    ys = year_s.str.replace(r"\.0+$", "", regex=True)
    year = pd.to_numeric(ys.where(ys.str.fullmatch(r"\d{4}"), None), errors="coerce")
    not_year = year.isna().to_numpy() & ~blank
    for i in np.flatnonzero(not_year):
        col.row(i, c_year, year_s.iat[i], ERROR, "ปีต้องเป็นปี พ.ศ. 4 หลัก เช่น 2567",
                "the year must be a four-digit Buddhist-era year, e.g. 2567")
    y = year.to_numpy()
    ce = (y >= CE_SLIP[0]) & (y <= CE_SLIP[1]) & ~blank
    be_rows = (y >= BE_MIN) & (y <= BE_MAX) & ~blank
    for i in np.flatnonzero(~np.isnan(y) & ~blank):
        problem = be_year_problem(int(y[i]))
        if problem:
            col.row(i, c_year, year_s.iat[i], ERROR, problem[1], problem[0])
    if ce.any() and be_rows.any():
        i_ce, i_be = int(np.flatnonzero(ce)[0]), int(np.flatnonzero(be_rows)[0])
        col.file(ERROR, f"ไฟล์นี้ใช้ทั้งปี พ.ศ. (เช่น แถวที่ {i_be + 1}: {int(y[i_be])}) และปี ค.ศ. "
                        f"(เช่น แถวที่ {i_ce + 1}: {int(y[i_ce])}) ปนกัน กรุณาใช้ปี พ.ศ. ทั้งไฟล์",
                 f"the file mixes Buddhist-era years (e.g. row {i_be + 1}: {int(y[i_be])}) and Christian-era years "
                 f"(e.g. row {i_ce + 1}: {int(y[i_ce])}); use Buddhist-era years throughout", column=c_year)
    odd = ~np.isnan(y) & ~ce & ~be_rows & ~blank
    bad |= not_year | ce | odd

    # ---- year before the area joined the programme
    if "year_joined" in areas.columns:
        joined = pd.Series(pd.to_numeric(areas["year_joined"], errors="coerce").to_numpy(), index=area_ids)
        j = area.map(joined).to_numpy(dtype=float)
        early = be_rows & ~np.isnan(j) & (y < j)
        for i in np.flatnonzero(early):
            col.row(i, c_year, year_s.iat[i], WARNING,
                    f"ปี {int(y[i])} ก่อนปีที่พื้นที่ {area.iat[i]} เข้าร่วมโครงการ ({int(j[i])})",
                    f"{int(y[i])} is before area {area.iat[i]} joined the programme ({int(j[i])})", kind="early")

    # ---- criteria version (only when the file has the column)
    if "criteria_version" in cols:
        cv = cell("criteria_version")
        other = ((cv != "") & (cv != criteria.version)).to_numpy() & ~blank
        for i in np.flatnonzero(other):
            col.row(i, cols["criteria_version"], cv.iat[i], ERROR,
                    f"ผลนี้เป็นของเกณฑ์ฉบับ {cv.iat[i]} แต่เกณฑ์ที่ใช้อยู่คือฉบับ {criteria.version}",
                    f"the result is for criteria version {cv.iat[i]} but the criteria in use are {criteria.version}")
        bad |= other

    # ---- result
    metric = indicator.map(dict(zip(table["indicator_id"], table["metric_type"]))).to_numpy(dtype=object)
    words = res_s.str.casefold()
    is_percent = metric == "percent"
    number_text = res_s.str.replace(",", "", regex=False)
    number_text = number_text.where(~(is_percent & number_text.str.endswith("%").to_numpy()),
                                    number_text.str.rstrip("%").str.strip())
    value = pd.to_numeric(number_text.where(res_s != "", None), errors="coerce").to_numpy(dtype=float)
    is_binary = metric == "binary"
    yes, no = words.isin(YES).to_numpy(), words.isin(NO).to_numpy()
    value = np.where(is_binary & yes, 1.0, np.where(is_binary & no, 0.0, value))
    result_blank = (res_s == "").to_numpy() & ~blank
    non_numeric = ~result_blank & ~blank & ~np.isfinite(value)
    for i in np.flatnonzero(non_numeric):
        if is_binary[i]:
            th = "ต้องเป็น 1 หรือ 0 (หรือ ใช่/ไม่ใช่, ผ่าน/ไม่ผ่าน)"
            en = "must be 1 or 0 (or yes/no, ใช่/ไม่ใช่, ผ่าน/ไม่ผ่าน)"
        else:
            th, en = "ผลต้องเป็นตัวเลข", "the result must be a number"
        col.row(i, c_res, res_s.iat[i], ERROR, f"ค่าไม่ใช่ตัวเลข: {th}", f"not a number: {en}")
    finite = np.isfinite(value)
    with np.errstate(invalid="ignore"):
        out_binary = is_binary & finite & ~np.isin(value, (0.0, 1.0))
        out_percent = is_percent & finite & ((value < 0) | (value > 100))
        out_number = (metric == "number") & finite & (value < 0)
    for mask, kind in ((out_binary, "binary"), (out_percent, "percent"), (out_number, "number")):
        th, en = HOW_TO_FILL[kind]
        for i in np.flatnonzero(mask & ~blank):
            col.row(i, c_res, res_s.iat[i], ERROR, f"ค่าอยู่นอกช่วงที่รับได้: ตัวชี้วัดนี้ต้องกรอก {th}",
                    f"value out of range: this indicator takes {en}")
    bad |= non_numeric | ((out_binary | out_percent | out_number) & ~blank)
    for i in np.flatnonzero(result_blank & ~bad):
        col.row(i, c_res, "", WARNING, "ไม่มีผลการประเมิน: นับเป็นไม่มีข้อมูล", "no result: counted as missing",
                kind="blank-result")

    # ---- computed indicators (criteria column ``computed``): their results come from the register, not the file
    computed = computed_indicators(table)
    is_computed = indicator.isin(computed).to_numpy() & ~blank & ~bad
    for i in np.flatnonzero(is_computed & ~result_blank):
        source = computed[indicator.iat[i]]
        col.row(i, c_res, res_s.iat[i], ERROR,
                f"ตัวชี้วัดนี้คำนวณจากทะเบียนการแลกเปลี่ยน ({source}) จึงกรอกผลเองไม่ได้ ให้เว้นว่างหรือลบแถวนี้",
                f"this indicator is computed from the symbiosis register ({source}); a typed result is refused: "
                "leave it blank or delete the row")
    bad |= is_computed & ~result_blank
    for i in np.flatnonzero(is_computed & result_blank):
        col.row(i, c_ind, ind_s.iat[i], WARNING, "ตัวชี้วัดนี้คำนวณจากทะเบียน แถวนี้ไม่ถูกนำเข้า",
                "this indicator is computed from the register; the row is not imported", kind="computed")
    blank = blank | (is_computed & result_blank)

    # ---- duplicates among rows whose keys are valid
    keys = pd.DataFrame({"a": area, "y": year, "i": indicator})
    keyed = ~bad & ~blank
    dup = np.zeros(n, dtype=bool)
    if keyed.any():
        sub = keys[keyed]
        d = sub.duplicated(keep="first")
        if d.any():
            first = {}
            for pos, k in zip(np.flatnonzero(keyed), map(tuple, sub.to_numpy())):
                first.setdefault(k, pos)
            for pos in np.flatnonzero(keyed)[d.to_numpy()]:
                k = tuple(keys.iloc[pos])
                j0 = first[k]
                dup[pos] = True
                col.row(pos, c_ind, f"{k[0]} / {int(k[1])} / {k[2]}", ERROR,
                        f"พื้นที่ ปี และตัวชี้วัดซ้ำ: แถวที่ {j0 + 1} และ {pos + 1} (ใช้แถวที่ {j0 + 1})",
                        f"duplicate area, year and indicator: rows {j0 + 1} and {pos + 1} (row {j0 + 1} is used)")
    bad |= dup

    keep = ~bad & ~blank
    out = pd.DataFrame({
        "area_id": area.astype(object), "year": year.fillna(0).astype("int64"),
        "criteria_version": criteria.version, "indicator_id": indicator,
        "value": pd.Series(np.where(result_blank, np.nan, value), dtype="float64"),
        "evidence": ev_s.astype(object).where(ev_s != "", None),
        "source_row": pd.Series(np.arange(1, n + 1), dtype="int64"),
    }, columns=OUTPUT_COLUMNS)
    return out[keep].reset_index(drop=True), col.finish()
