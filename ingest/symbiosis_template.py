"""The Excel templates of the symbiosis imports (parties, flows, exchanges), made from the column definitions of
:func:`ingest.symbiosis.fields` and the vocabulary of ``data/symbiosis``: a data sheet (first, the one imported)
with one example row, drop-down lists for every coded column, a read-me sheet and a sheet of the codes."""
from __future__ import annotations

import pandas as pd

from common.years import BE_MAX, BE_MIN, current_be_year, to_ce
from ingest.symbiosis import KINDS, allowed_codes, fields
from symbiosis.vocab import Vocabulary

SHEET_DATA = {"parties": "ผู้เกี่ยวข้อง (Parties)", "flows": "การไหลของวัสดุ (Flows)",
              "exchanges": "การแลกเปลี่ยน (Exchanges)"}
SHEET_README = "อ่านก่อน (Read me)"
SHEET_CODES = "รหัส (Codes)"
KIND_HELP = {
    "parties": ("ผู้เกี่ยวข้องที่ไม่ใช่โรงงาน: วิสาหกิจชุมชน ชุมชน สาธารณูปโภค ผู้รับบำบัด/รีไซเคิล ฟาร์ม หนึ่งแถวต่อหนึ่งราย",
                "Parties that are not factories: community enterprises, communities, utilities, processors and "
                "recyclers, farms. One row per party."),
    "flows": ("ผังการไหลของวัสดุ: หนึ่งแถวต่อโรงงาน (หรือผู้เกี่ยวข้อง) ปี ทิศทาง และวัสดุ",
              "Material-flow records: one row per factory (or party), year, direction and material."),
    "exchanges": ("การแลกเปลี่ยน: หนึ่งแถวต่อการแลกเปลี่ยน กรอกวันที่ของแต่ละสถานะที่ผ่านมาแล้ว",
                  "Exchanges: one row per exchange, with the date of each status it has passed."),
}
TYPE_HELP = {
    "id": ("รหัส", "an id"), "party": ("เลขทะเบียนโรงงานหรือรหัสผู้เกี่ยวข้อง", "a factory registration number or party id"),
    "text": ("ข้อความ", "text"), "code": ("เลือกจากรายการ", "choose from the list"),
    "year": (f"ปี พ.ศ. 4 หลัก ({BE_MIN}-{BE_MAX})", f"a Buddhist-era year ({BE_MIN}-{BE_MAX})"),
    "number": ("ตัวเลขตั้งแต่ 0 ขึ้นไป", "a number of 0 or more"), "unit": ("หน่วย (เลือกจากรายการ)", "a unit (list)"),
    "waste_code": ("รหัสของเสีย 6 หลัก (+ HA ถ้าเป็นของเสียอันตราย)", "a 6-digit waste code (+ HA if hazardous)"),
    "date": ("ปปปป-ดด-วว (ค.ศ.)", "YYYY-MM-DD (Christian era)"), "lat": ("ละติจูด", "latitude"),
    "lon": ("ลองจิจูด", "longitude"), "area": ("รหัสพื้นที่ (data/areas.csv)", "an area id (data/areas.csv)"),
}


def _example(kind: str, year: int) -> dict:
    if kind == "parties":
        return {"party_id": "ce-example-001", "kind": "community_enterprise", "name_th": "วิสาหกิจชุมชนตัวอย่าง",
                "name_en": "Example community enterprise", "lat": 12.70, "lon": 101.15}
    if kind == "flows":
        return {"party_id": "(เลขทะเบียนโรงงาน)", "year": year, "direction": "output", "flow_class": "waste",
                "material_class": "ash_slag", "material_th": "เถ้าลอย", "material_en": "fly ash",
                "waste_code": "10 01 02", "quantity": 1200, "unit": "t", "period": "year"}
    return {"exchange_id": "EX-EXAMPLE", "from_party": "(เลขทะเบียนโรงงาน)", "to_party": "ce-example-001", "year": year,
            "category": "waste", "material_class": "ash_slag", "material_th": "เถ้าลอย", "waste_code": "10 01 02",
            "quantity": 800, "unit": "t", "status": "operating", "identified_on": f"{to_ce(year) - 1}-11-01",
            "operating_on": f"{to_ce(year)}-01-15", "landfill_diverted_t": 800, "co2e_avoided_t": 40,
            "co2e_basis": "estimate", "source": "working_group", "visibility": "public"}


def _data_sheet(ws, kind: str, spec, year: int) -> None:
    """The header (green: required, grey: optional, each with its help as a comment) and the example row."""
    from ingest.workbook import HELPER_FILL, REQUIRED_FILL, style_header
    ws.append([f.name for f in spec])
    example = _example(kind, year)
    ws.append([example.get(f.name) for f in spec])
    by_name = {f.name: f for f in spec}

    def note(name: str) -> str:
        f = by_name[name]
        th, en = TYPE_HELP[f.kind]
        extra = f"\n{f.help_th} / {f.help_en}" if f.help_th else ""
        return (f"{f.th} ({'ต้องกรอก / required' if f.required else 'ไม่บังคับ / optional'})\n"
                f"{th} / {en}{extra}")

    style_header(ws, [f.name for f in spec], note, lambda n: REQUIRED_FILL if by_name[n].required else HELPER_FILL)
    for j, f in enumerate(spec, start=1):
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = max(12, min(30, len(f.name) + 4))
    ws.freeze_panes = "A2"


def _readme_rows(kind: str, spec) -> list[tuple[str, str]]:
    rows = [KIND_HELP[kind], ("", ""),
            ("แถวที่ 2 เป็นตัวอย่าง ระบบไม่นำเข้าแถวนี้ (ลบหรือเขียนทับได้)",
             "Row 2 is an example: it is never imported (delete it or write over it)."),
            ("คอลัมน์สีเขียวต้องกรอก สีเทาไม่บังคับ อย่าเปลี่ยนชื่อหัวคอลัมน์", "Green columns are required, grey ones "
             "optional. Do not rename the headers."),
            ("ปีเป็น พ.ศ. (ไม่ใช่ ค.ศ.) วันที่เป็น ปปปป-ดด-วว แบบ ค.ศ.", "Years are Buddhist era (not 2024); dates are "
             "YYYY-MM-DD, Christian era."),
            ("ตัวเลขใช้จุดทศนิยม จุลภาคคั่นหลักพันได้ เช่น 1,250.5", "Numbers use a dot for decimals; commas between "
             "thousands are allowed, e.g. 1,250.5."),
            ("รหัสที่ใช้ได้อยู่ในชีต \"รหัส (Codes)\"", "The codes are in the \"Codes\" sheet."), ("", "")]
    return rows + [(f"{f.name}: {f.th} — {TYPE_HELP[f.kind][0]} {f.help_th}".strip(),
                    f"{f.name}: {TYPE_HELP[f.kind][1]}{'; ' + f.help_en if f.help_en else ''}"
                    f"{' (required)' if f.required else ''}") for f in spec]


def _codes_sheet(wb, spec, vocab: Vocabulary) -> dict[str, tuple[str, int]]:
    """The sheet of codes; returns each coded field's (column letter, last row)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    codes = wb.create_sheet(SHEET_CODES)
    columns = {}
    for j, f in enumerate([f for f in spec if f.kind in ("code", "unit")], start=1):
        values = list(vocab.units["unit"]) if f.kind == "unit" else list(allowed_codes(f, vocab))
        codes.cell(row=1, column=j, value=f.name).font = Font(bold=True)
        for i, v in enumerate(values, start=2):
            codes.cell(row=i, column=j, value=v)
        columns[f.name] = (get_column_letter(j), len(values) + 1)
        codes.column_dimensions[get_column_letter(j)].width = 22
    return columns


def _validation(f, columns: dict[str, tuple[str, int]]):
    from openpyxl.worksheet.datavalidation import DataValidation
    if f.name in columns:
        col, n = columns[f.name]
        return DataValidation(type="list", formula1=f"'{SHEET_CODES}'!${col}$2:${col}${n}", allow_blank=True,
                              showErrorMessage=True, errorTitle=f.name, error="เลือกจากรายการ / choose from the list")
    if f.kind == "year":
        return DataValidation(type="whole", operator="between", formula1=str(BE_MIN), formula2=str(BE_MAX),
                              allow_blank=True, showErrorMessage=True, errorTitle=f.name,
                              error="ปี พ.ศ. 4 หลัก เช่น 2568 / a Buddhist-era year such as 2568")
    if f.kind == "number":
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              showErrorMessage=True, errorTitle=f.name, error="ตัวเลขตั้งแต่ 0 / a number of 0 or more")
    return None


def make_template(kind: str, vocab: Vocabulary, year: int | None = None) -> bytes:
    """An .xlsx template for ``kind`` (parties | flows | exchanges)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from ingest.workbook import saved, write_readme
    if kind not in KINDS:
        raise ValueError(f"unknown template kind {kind!r}; one of {', '.join(KINDS)}")
    year = current_be_year() if year is None else int(year)
    spec = fields(kind, vocab)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_DATA[kind]
    _data_sheet(ws, kind, spec, year)
    write_readme(wb, SHEET_README, _readme_rows(kind, spec))
    columns = _codes_sheet(wb, spec, vocab)
    for j, f in enumerate(spec, start=1):
        dv = _validation(f, columns)
        if dv is not None:
            letter = get_column_letter(j)
            dv.add(f"{letter}2:{letter}1000")
            ws.add_data_validation(dv)
    wb.properties.title = f"EIT symbiosis {kind} template"
    return saved(wb)


def template_columns(kind: str, vocab: Vocabulary) -> pd.DataFrame:
    """The columns of a template as a table (name, Thai name, required, type): for the README and the pages."""
    return pd.DataFrame([(f.name, f.th, f.required, f.kind, f.codes) for f in fields(kind, vocab)],
                        columns=["column", "name_th", "required", "type", "codes"])
