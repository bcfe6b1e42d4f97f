"""Reading a table that staff upload (CSV or Excel .xlsx) into a DataFrame of strings.

:func:`read_table` recognises the format by the file's content, not its name: an ``.xlsx`` workbook is a zip
archive (``PK\\x03\\x04``); anything else must be CSV text in UTF-8 (with or without BOM) or cp874 / TIS-620, with
commas, semicolons or tabs between the values.  Everything else (PDF, old ``.xls``, images, web pages, empty or
binary files) raises :class:`UnsupportedFile` with a message in Thai and English saying what is accepted.

Rows are numbered as everywhere in this project: the first row after the header is data row 1.  Blank rows inside
the table are kept (as empty strings) so that data row N is always line/row N + 1 of the spreadsheet; blank rows
at the end are dropped.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pandas as pd

ACCEPTED_EN = ("Accepted formats: Excel workbook (.xlsx) or CSV text (UTF-8, UTF-8 with BOM, or TIS-620/cp874) "
               "with one header row.")
ACCEPTED_TH = ("รูปแบบที่รับได้: ไฟล์ Excel (.xlsx) หรือไฟล์ CSV (UTF-8, UTF-8 มี BOM หรือ TIS-620/cp874) "
               "ที่มีหัวตารางหนึ่งแถว")
ENCODINGS = ("utf-8-sig", "utf-8", "cp874")
DELIMITERS = (",", ";", "\t")
_SNIFF_BYTES = 8192

#: Content signatures of files that are certainly not tables we read: (prefix, English name, Thai name, hint).
_SIGNATURES = (
    (b"%PDF", "a PDF document", "เอกสาร PDF", "", ""),
    (b"\xd0\xcf\x11\xe0", "an old Excel 97-2003 (.xls) file, a password-protected workbook or another Office 97 file",
     "ไฟล์ Excel รุ่นเก่า (.xls) ไฟล์ที่ตั้งรหัสผ่าน หรือไฟล์ Office 97",
     " Open it in Excel and save it as .xlsx (without a password) or CSV UTF-8.",
     " กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx (ไม่ตั้งรหัสผ่าน) หรือ CSV UTF-8"),
    (b"\x89PNG", "a PNG image", "ไฟล์รูปภาพ PNG", "", ""),
    (b"\xff\xd8\xff", "a JPEG image", "ไฟล์รูปภาพ JPEG", "", ""),
    (b"GIF8", "a GIF image", "ไฟล์รูปภาพ GIF", "", ""),
    (b"\x1f\x8b", "a gzip archive", "ไฟล์บีบอัด gzip", "", ""),
    (b"Rar!", "a RAR archive", "ไฟล์บีบอัด RAR", "", ""),
    (b"7z\xbc\xaf", "a 7-Zip archive", "ไฟล์บีบอัด 7-Zip", "", ""),
)


class UnsupportedFile(ValueError):
    """The upload cannot be read as a table; ``message_th`` / ``message_en`` say why and what is accepted."""

    def __init__(self, message_en: str, message_th: str) -> None:
        super().__init__(f"{message_en} / {message_th}")
        self.message_en, self.message_th = message_en, message_th


def _unsupported(filename: str, what_en: str, what_th: str, hint_en: str = "", hint_th: str = "") -> UnsupportedFile:
    return UnsupportedFile(f"{filename}: {what_en}.{hint_en} {ACCEPTED_EN}",
                           f"{filename}: {what_th}{hint_th} {ACCEPTED_TH}")


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """The first sheet of an .xlsx, or a CSV, as a DataFrame whose cells are all ``str`` ('' when blank).

    Column names and cells are stripped of surrounding spaces.  Raises :class:`UnsupportedFile` for anything
    else, for a CSV line with the wrong number of values (naming the line), and for a header that names the same
    column twice.
    """
    filename = str(filename or "upload")
    if not data or not data.strip():
        raise _unsupported(filename, "the file is empty", "ไฟล์ว่างเปล่า")
    if data.startswith(b"PK\x03\x04"):
        header, rows = _read_xlsx(data, filename)
    else:
        for magic, en, th, hint_en, hint_th in _SIGNATURES:
            if data.startswith(magic):
                raise _unsupported(filename, f"this is {en}, not a table", f"ไฟล์นี้เป็น{th} ไม่ใช่ตารางข้อมูล",
                                   hint_en, hint_th)
        if filename.lower().endswith((".xlsx", ".xlsm")):
            raise _unsupported(filename, "the name ends in .xlsx but the content is not an Excel workbook",
                               "ชื่อไฟล์ลงท้ายด้วย .xlsx แต่เนื้อหาไม่ใช่ไฟล์ Excel")
        header, rows = _read_csv(data, filename)
    return _frame(header, rows, filename)


# --------------------------------------------------------------------------------------------- xlsx

def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _xlsx_cell_text(cell) -> str:
    """A cell's text; a number shown as a percentage (Excel stores 45 % as 0.45) becomes ``"45%"``."""
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        fmt = getattr(cell, "number_format", None) or ""
        if "%" in fmt:
            return _cell_text(round(float(value) * 100, 9)) + "%"
    return _cell_text(value)


def _read_xlsx(data: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    import openpyxl  # imported here: CSV uploads do not need it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise _unsupported(filename, "the file starts like a zip/Excel file but is damaged",
                           "ไฟล์มีลักษณะเป็น zip/Excel แต่ไฟล์เสียหาย") from None
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            what = ("an OpenDocument (.ods/.odt) file", "ไฟล์ OpenDocument (.ods/.odt)")
        elif "word/document.xml" in names:
            what = ("a Word document", "เอกสาร Word")
        else:
            what = ("a zip archive", "ไฟล์บีบอัด zip")
        raise _unsupported(filename, f"this is {what[0]}, not an Excel workbook",
                           f"ไฟล์นี้เป็น{what[1]} ไม่ใช่ไฟล์ Excel")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 (openpyxl raises many kinds of error on a broken workbook)
        raise _unsupported(filename, f"the Excel workbook cannot be opened ({type(exc).__name__})",
                           "เปิดไฟล์ Excel ไม่ได้") from None
    try:
        if not wb.worksheets:
            raise _unsupported(filename, "the workbook has no sheet", "ไฟล์ Excel ไม่มีชีต")
        ws = wb.worksheets[0]
        rows = [[_xlsx_cell_text(c) for c in row] for row in ws.iter_rows()]
    finally:
        wb.close()
    while rows and not any(rows[0]):
        rows.pop(0)
    if not rows:
        raise _unsupported(filename, "the first sheet is empty", "ชีตแรกว่างเปล่า")
    header, body = rows[0], rows[1:]
    width = max([len(header)] + [len(r) for r in body])
    header = header + [""] * (width - len(header))
    body = [r + [""] * (width - len(r)) for r in body]
    return header, body


# --------------------------------------------------------------------------------------------- csv

def _decode(data: bytes, filename: str) -> str:
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise _unsupported(filename, "this is a binary file, not CSV text",
                           "ไฟล์นี้เป็นไฟล์ไบนารี ไม่ใช่ข้อความ CSV",
                           " (UTF-16 text is not accepted: save as CSV UTF-8.)",
                           " (ไม่รับข้อความ UTF-16 กรุณาบันทึกเป็น CSV UTF-8)")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:_SNIFF_BYTES]
        control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
        if control > max(2, len(sample) // 200):
            break
        return text
    raise _unsupported(filename, "the content is neither an Excel workbook nor CSV text in UTF-8 or TIS-620",
                       "เนื้อหาไม่ใช่ไฟล์ Excel และไม่ใช่ข้อความ CSV ที่เข้ารหัส UTF-8 หรือ TIS-620")


def _sniff_delimiter(first_line: str) -> str:
    """The delimiter that occurs most often outside quotes in the header line (comma on a tie)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _read_csv(data: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    text = _decode(data, filename)
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<table")) or (head.startswith("<?xml") and "<html" in head):
        raise _unsupported(filename, "this is a web page (HTML), not a table file",
                           "ไฟล์นี้เป็นหน้าเว็บ (HTML) ไม่ใช่ไฟล์ตาราง",
                           " Open it in Excel and save it as .xlsx.", " กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx")
    if head.startswith("<?xml"):
        raise _unsupported(filename, "this is an XML file (perhaps an Excel 2003 XML spreadsheet), not CSV",
                           "ไฟล์นี้เป็น XML (อาจเป็น Excel 2003 XML) ไม่ใช่ CSV",
                           " Open it in Excel and save it as .xlsx.", " กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx")
    lines = text.splitlines(keepends=True)
    first = next((ln for ln in lines if ln.strip()), "")
    reader = csv.reader(lines, delimiter=_sniff_delimiter(first))
    header: list[str] | None = None
    rows: list[list[str]] = []
    try:
        for fields in reader:
            if header is None:
                if any(f.strip() for f in fields):
                    header = fields
                continue
            if not any(f.strip() for f in fields):
                rows.append([""] * len(header))
                continue
            if len(fields) != len(header):
                raise UnsupportedFile(
                    f"{filename}: line {reader.line_num} (data row {len(rows) + 1}) has {len(fields)} values but "
                    f"the header has {len(header)}. A value that contains the delimiter must be in double quotes.",
                    f"{filename}: บรรทัดที่ {reader.line_num} (แถวข้อมูลที่ {len(rows) + 1}) มี {len(fields)} ช่อง "
                    f"แต่หัวตารางมี {len(header)} ช่อง "
                    "ค่าที่มีเครื่องหมายคั่นอยู่ข้างในต้องอยู่ในเครื่องหมายคำพูด (\")")
            rows.append(fields)
    except csv.Error as exc:
        raise UnsupportedFile(f"{filename}: malformed CSV near line {reader.line_num} ({exc}). {ACCEPTED_EN}",
                              f"{filename}: รูปแบบ CSV ไม่ถูกต้องใกล้บรรทัดที่ {reader.line_num} {ACCEPTED_TH}",
                              ) from None
    if header is None:
        raise _unsupported(filename, "the file has no header row", "ไฟล์ไม่มีแถวหัวตาราง")
    return header, rows


# --------------------------------------------------------------------------------------------- frame

def _frame(header: list[str], rows: list[list[str]], filename: str) -> pd.DataFrame:
    header = [h.replace("\ufeff", "").strip() for h in header]
    while rows and not any(v.strip() for v in rows[-1]):
        rows.pop()
    # drop columns that have neither a name nor any value (stray cells at the right of a sheet)
    keep = [j for j, h in enumerate(header) if h or any(r[j].strip() for r in rows)]
    header = [header[j] or f"column_{j + 1}" for j in keep]
    seen: dict[str, int] = {}
    for j, h in enumerate(header):
        if h in seen:
            raise UnsupportedFile(
                f"{filename}: the header names column '{h}' twice (columns {seen[h] + 1} and {j + 1}).",
                f"{filename}: หัวตารางมีคอลัมน์ '{h}' ซ้ำกัน (คอลัมน์ที่ {seen[h] + 1} และ {j + 1})")
        seen[h] = j
    frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(columns=range(len(keep)), dtype=object)
    frame = frame.reindex(columns=keep) if rows else frame
    frame.columns = header
    for h in header:
        frame[h] = frame[h].fillna("").astype(str).str.strip()
    return frame


def looks_like_xlsx(data: bytes) -> bool:
    """True when ``data`` starts like a zip archive (an .xlsx is one)."""
    return data.startswith(b"PK\x03\x04")




# --------------------------------------------------------------------------------------------- cell text helpers

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\ufeff\u00a0")
_SPECIAL = "[\u0e50-\u0e59\u200b\u200c\u200d\ufeff\u00a0]"


def clean_cells(values: pd.Series) -> pd.Series:
    """Cells as plain strings: Thai digits to Arabic, invisible characters and surrounding spaces removed, and an
    Excel text guard ``="..."`` unwrapped (as in some government CSV exports)."""
    s = values.where(values.notna(), "").astype(str) if values.hasnans else values.astype(str)
    special = s.str.contains(_SPECIAL, regex=True)
    if special.any():   # translating only the cells that need it is ~20x faster on a large column
        fixed = s[special].map(lambda v: v.translate(_THAI_DIGITS).translate(_INVISIBLE))
        s = s.where(~special, fixed)
    s = s.str.strip()
    guarded = s.str.startswith('="') & s.str.endswith('"')
    if guarded.any():
        s = s.where(~guarded, s.str.slice(2, -1).str.strip())
    return s


def normalise_header(name: str) -> str:
    """A header name for matching: no spaces or invisible characters, ASCII case-folded, and Thai sara am
    written as nikhahit + sara aa (``ํา``) turned into ``ำ``."""
    name = str(name).translate(_INVISIBLE).replace("\u0e4d\u0e32", "\u0e33")
    return "".join(name.split()).casefold()
