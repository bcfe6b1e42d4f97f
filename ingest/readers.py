"""Reading a table that staff upload (CSV or Excel .xlsx) into a DataFrame of strings.

:func:`read_table` recognises the format by the file's content, not its name: an ``.xlsx`` workbook is a zip
archive (``PK\\x03\\x04``); anything else must be CSV text in UTF-8 (with or without BOM) or cp874 / TIS-620, with
commas, semicolons or tabs between the values.  Everything else (PDF, old ``.xls``, images, web pages, empty or
binary files) raises :class:`UnsupportedFile` with a message in Thai and English saying what is accepted.

Rows are numbered as everywhere in this project: the first row after the header is data row 1.  Blank rows inside
the table are kept (as empty strings) so that data row N is always line/row N + 1 of the spreadsheet; blank rows
at the end are dropped.

What one upload may cost is bounded before and while it is read (:class:`Limits`, settings ``EIT_MAX_UNZIPPED_MB``,
``EIT_MAX_ROWS``, ``EIT_MAX_COLUMNS``, ``EIT_MAX_CELLS``, ``EIT_MAX_CELL_CHARS``): the declared unpacked sizes of an
.xlsx's members are checked before anything is unpacked, the sheet is then read as a stream that stops at the
first cell beyond a limit (the sheet's own ``dimension`` is never trusted), and a CSV stops at its header when it
has too many columns.  A file over a limit raises :class:`UnsupportedFile` saying which limit and where.

A spreadsheet formula is not a value: a cell whose formula has no saved result (a file written by a program
that does not calculate) or whose result is an error (``#N/A``) is an error naming the cell, its data row, its
column and the formula.  A formula with a saved result (every file Excel or LibreOffice saves) is read as that
result, with one warning per column saying so.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

import pandas as pd

from common.settings import upload_limit
from ingest.problems import ERROR, WARNING, Problem

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
    """The upload cannot be read as a table; ``message_th`` / ``message_en`` say why and what is accepted.
    ``problems`` lists the cells at fault when there are such (e.g. formulas without a result)."""

    def __init__(self, message_en: str, message_th: str, problems: list[Problem] | None = None) -> None:
        super().__init__(f"{message_en} / {message_th}")
        self.message_en, self.message_th = message_en, message_th
        self.problems = list(problems or [])


@dataclass(frozen=True)
class Limits:
    """What one upload may cost to read (settings in :data:`common.settings.UPLOAD_LIMITS`)."""

    unzipped_bytes: int      # sum of the unpacked sizes of an .xlsx's members
    rows: int                # data rows (the sheet row of a value, less the header row)
    columns: int             # the column of a value (CSV: the header's width)
    cells: int               # rows x columns of the table
    cell_chars: int          # characters in one cell

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(int(upload_limit("unzipped_mb") * 1024 * 1024), int(upload_limit("rows")),
                   int(upload_limit("columns")), int(upload_limit("cells")), int(upload_limit("cell_chars")))


def _too_many_rows(filename: str, limits: Limits, where_en: str, where_th: str) -> UnsupportedFile:
    return UnsupportedFile(
        f"{filename}: the table has more than {limits.rows:,} data rows ({where_en}), the most one import "
        "reads (EIT_MAX_ROWS). Split it into several files.",
        f"{filename}: ตารางมีข้อมูลเกิน {limits.rows:,} แถว ({where_th}) ซึ่งเป็นจำนวนสูงสุดที่นำเข้าได้ในครั้งเดียว "
        "(EIT_MAX_ROWS) กรุณาแบ่งเป็นหลายไฟล์")


def _too_many_cells(filename: str, limits: Limits, rows: int, width: int) -> UnsupportedFile:
    return UnsupportedFile(
        f"{filename}: the table has more than {limits.cells:,} cells ({rows:,} rows x {width:,} columns so far), "
        "the most one import reads (EIT_MAX_CELLS). Delete unused columns or split the file.",
        f"{filename}: ตารางมีเกิน {limits.cells:,} ช่อง ({rows:,} แถว x {width:,} คอลัมน์) ซึ่งเป็นจำนวนสูงสุดที่นำเข้าได้"
        "ในครั้งเดียว (EIT_MAX_CELLS) กรุณาลบคอลัมน์ที่ไม่ใช้หรือแบ่งเป็นหลายไฟล์")


def _cell_too_long(filename: str, limits: Limits, length: int, where_en: str, where_th: str) -> UnsupportedFile:
    return UnsupportedFile(
        f"{filename}: {where_en} holds {length:,} characters, more than the {limits.cell_chars:,} one cell may "
        "hold (EIT_MAX_CELL_CHARS).",
        f"{filename}: {where_th} มีข้อความยาว {length:,} ตัวอักษร เกินกว่าที่หนึ่งช่องรับได้ "
        f"({limits.cell_chars:,} ตัวอักษร, EIT_MAX_CELL_CHARS)")


def _unsupported(filename: str, what_en: str, what_th: str, hint_en: str = "", hint_th: str = "") -> UnsupportedFile:
    return UnsupportedFile(f"{filename}: {what_en}.{hint_en} {ACCEPTED_EN}",
                           f"{filename}: {what_th}{hint_th} {ACCEPTED_TH}")


def read_table(data: bytes, filename: str, warnings: list[Problem] | None = None,
               limits: Limits | None = None) -> pd.DataFrame:
    """The first sheet of an .xlsx, or a CSV, as a DataFrame whose cells are all ``str`` ('' when blank).

    Column names and cells are stripped of surrounding spaces.  Raises :class:`UnsupportedFile` for anything
    else, for a CSV line with the wrong number of values (naming the line), for a header that names the same
    column twice, for a file over one of ``limits`` (default: :meth:`Limits.from_settings`) and for formulas
    without a result.  Warnings about the reading (formulas read as their saved result) are appended to
    ``warnings`` when it is given.
    """
    filename = str(filename or "upload")
    limits = limits or Limits.from_settings()
    if not data or not data.strip():
        raise _unsupported(filename, "the file is empty", "ไฟล์ว่างเปล่า")
    if data.startswith(b"PK\x03\x04"):
        header, rows = _read_xlsx(data, filename, limits, warnings)
    else:
        for magic, en, th, hint_en, hint_th in _SIGNATURES:
            if data.startswith(magic):
                raise _unsupported(filename, f"this is {en}, not a table", f"ไฟล์นี้เป็น{th} ไม่ใช่ตารางข้อมูล",
                                   hint_en, hint_th)
        if filename.lower().endswith((".xlsx", ".xlsm")):
            raise _unsupported(filename, "the name ends in .xlsx but the content is not an Excel workbook",
                               "ชื่อไฟล์ลงท้ายด้วย .xlsx แต่เนื้อหาไม่ใช่ไฟล์ Excel")
        header, rows = _read_csv(data, filename, limits)
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


def _check_unpacked_size(archive: zipfile.ZipFile, filename: str, limits: Limits) -> None:
    """Refuse a workbook whose members declare more unpacked bytes than the limit (a zip bomb), before any of
    them is unpacked.  (Python's zipfile never unpacks a member beyond its declared size.)"""
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if total > limits.unzipped_bytes:
        biggest = max(infos, key=lambda i: i.file_size)
        mb, limit = total / 1024 / 1024, limits.unzipped_bytes / 1024 / 1024
        raise UnsupportedFile(
            f"{filename}: the workbook unpacks to {mb:,.0f} MB ({biggest.filename} alone "
            f"{biggest.file_size / 1024 / 1024:,.0f} MB), more than the {limit:,.0f} MB an import reads "
            "(EIT_MAX_UNZIPPED_MB). Copy only the table into a new workbook, or save it as CSV.",
            f"{filename}: ไฟล์ Excel นี้เมื่อแตกออกมีขนาด {mb:,.0f} MB เกินกว่าที่นำเข้าได้ ({limit:,.0f} MB, "
            "EIT_MAX_UNZIPPED_MB) กรุณาคัดลอกเฉพาะตารางไปไว้ในไฟล์ใหม่ หรือบันทึกเป็น CSV")


class _CappedStream(io.RawIOBase):
    """A member of the archive read as a stream that stops with :class:`UnsupportedFile` past ``limit`` bytes."""

    def __init__(self, raw, limit: int, error) -> None:
        self.raw, self.left, self.error = raw, limit, error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self.raw.read(min(len(buffer), 1 << 16))
        self.left -= len(chunk)
        if self.left < 0:
            raise self.error()
        buffer[:len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self.raw.close()
        super().close()


@dataclass
class _Formula:
    row: int
    column: int
    text: str
    result: str      # "none" (no saved result) | "error" (#N/A, ...) | "value"


class _SheetReader:
    """Reads the first sheet cell by cell with openpyxl's streaming parser, checking the limits at each cell and
    noting the formulas (the parser is told to give saved results, so it never evaluates anything)."""

    LISTED = 50      # formula errors listed one by one; the rest are counted

    def __init__(self, wb, ws, filename: str, limits: Limits) -> None:
        from openpyxl.worksheet._reader import WorkSheetParser

        self.wb, self.ws, self.filename, self.limits = wb, ws, filename, limits
        reader = self

        class Parser(WorkSheetParser):
            def parse_cell(self, element):
                return reader.cell(self, element, WorkSheetParser.parse_cell(self, element))

        self.parser_class = Parser
        self.bad: list[_Formula] = []          # formulas without a usable result (the first LISTED)
        self.n_bad = 0
        self.cached: dict[int, list] = {}      # column -> [count, first _Formula]
        self.rows: list[list[str]] = []
        self.width = 0

    def cell(self, parser, element, cell: dict) -> dict:
        from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG

        formula = element.find(FORMULA_TAG)
        if formula is not None:
            v = element.find(VALUE_TAG)
            if v is None or (not v.text and element.get("t") != "str"):
                result = "none"
            elif element.get("t") == "e":
                result = "error"
            else:
                result = "value"
            if result != "value":
                self.n_bad += 1
            if (result != "value" and len(self.bad) < self.LISTED) or (
                    result == "value" and cell["column"] not in self.cached):
                text = self._formula_text(parser, element, formula)
                found = _Formula(cell["row"], cell["column"], text, result)
                if result == "value":
                    self.cached[cell["column"]] = [0, found]
                else:
                    self.bad.append(found)
            elif formula.get("t") == "shared" and formula.text:
                parser.parse_formula(element)          # a shared formula's master: later cells refer to it
            if result == "value":
                self.cached[cell["column"]][0] += 1
            if result == "error":
                cell["value"] = None
        return cell

    @staticmethod
    def _formula_text(parser, element, formula) -> str:
        try:
            text = parser.parse_formula(element)
        except Exception:  # noqa: BLE001 (a formula openpyxl cannot translate: show what is written)
            text = "=" + (formula.text or "")
        text = getattr(text, "text", text)
        return str(text if isinstance(text, str) else "=" + (formula.text or ""))[:200]

    def read(self) -> None:
        from openpyxl.cell.read_only import ReadOnlyCell
        from openpyxl.utils import get_column_letter

        limits, filename = self.limits, self.filename
        too_big = lambda: UnsupportedFile(  # noqa: E731
            f"{filename}: the sheet unpacks to more than {limits.unzipped_bytes / 1024 / 1024:,.0f} MB "
            "(EIT_MAX_UNZIPPED_MB).",
            f"{filename}: ชีตเมื่อแตกออกมีขนาดเกิน {limits.unzipped_bytes / 1024 / 1024:,.0f} MB (EIT_MAX_UNZIPPED_MB)")
        src = io.BufferedReader(_CappedStream(self.wb._archive.open(self.ws._worksheet_path),
                                              limits.unzipped_bytes, too_big))
        header_row = None
        n_elements = 0
        percent: dict[int, bool] = {}      # style id -> shown as a percentage
        with src:
            parser = self.parser_class(src, self.ws._shared_strings, data_only=True, epoch=self.wb.epoch,
                                       date_formats=self.wb._date_formats,
                                       timedelta_formats=self.wb._timedelta_formats)
            for idx, cells in parser.parse():
                n_elements += len(cells) + 1     # every cell and row element costs reading, blank or not
                if n_elements > limits.cells + limits.rows:
                    raise _too_many_cells(filename, limits, len(self.rows), self.width)
                texts: dict[int, str] = {}
                for c in cells:
                    if c["value"] is None:
                        continue
                    value = c["value"]
                    if isinstance(value, str):
                        text = value.strip()
                    elif isinstance(value, (int, float)) and not isinstance(value, bool):
                        style = c["style_id"]
                        if style not in percent:
                            percent[style] = "%" in (ReadOnlyCell(self.ws, **c).number_format or "")
                        text = _cell_text(round(float(value) * 100, 9)) + "%" if percent[style] else _cell_text(value)
                    else:
                        text = _cell_text(value)
                    if not text:
                        continue
                    ref = f"{get_column_letter(c['column'])}{idx}"
                    if c["column"] > limits.columns:
                        raise UnsupportedFile(
                            f"{filename}: cell {ref} holds a value but at most {limits.columns:,} columns are read "
                            "(EIT_MAX_COLUMNS). Delete the cells at the right of the table.",
                            f"{filename}: ช่อง {ref} มีข้อมูล แต่ระบบอ่านได้ไม่เกิน {limits.columns:,} คอลัมน์ "
                            "(EIT_MAX_COLUMNS) กรุณาลบข้อมูลที่อยู่ทางขวาของตาราง")
                    if len(text) > limits.cell_chars:
                        raise _cell_too_long(filename, limits, len(text), f"cell {ref}", f"ช่อง {ref}")
                    texts[c["column"]] = text
                if not texts:
                    continue
                header_row = header_row or idx
                if idx - header_row > limits.rows:
                    raise _too_many_rows(filename, limits, f"row {idx:,} of the sheet holds a value",
                                         f"แถวที่ {idx:,} ของชีตมีข้อมูล")
                width = max(self.width, max(texts))
                if (idx - header_row + 1) * width > limits.cells:
                    raise _too_many_cells(filename, limits, idx - header_row + 1, width)
                self.width = width
                self.rows.extend([] for _ in range(idx - header_row - len(self.rows)))   # blank rows in between
                row = [""] * max(texts)
                for j, text in texts.items():
                    row[j - 1] = text
                self.rows.append(row)
        self.header_row = header_row

    def problems(self, header: list[str]) -> tuple[list[Problem], list[Problem]]:
        """(errors, warnings) about the formulas, by data row and column name."""
        from openpyxl.utils import get_column_letter

        def where(f: _Formula) -> tuple[int | None, str, str, str]:
            ref = f"{get_column_letter(f.column)}{f.row}"
            name = header[f.column - 1] if f.column <= len(header) and header[f.column - 1] else ""
            column = name or get_column_letter(f.column)
            data_row = f.row - self.header_row if self.header_row and f.row > self.header_row else None
            en = f"cell {ref}" + (f" (data row {data_row}, column {column})" if data_row else " (header)")
            th = f"ช่อง {ref}" + (f" (แถวข้อมูลที่ {data_row} คอลัมน์ {column})" if data_row else " (หัวตาราง)")
            return data_row, column, en, th

        errors = []
        for f in self.bad:
            row, column, en, th = where(f)
            if f.result == "none":
                errors.append(Problem(row, column, f.text, ERROR,
                                      f"{th} มีสูตร {f.text} ที่ไม่มีผลลัพธ์บันทึกไว้ สูตรไม่ใช่ค่าข้อมูล กรุณาเปิดไฟล์ใน "
                                      "Excel ให้คำนวณแล้วบันทึก หรือคัดลอกแล้ววางแบบค่า (Paste Values)",
                                      f"{en} holds the formula {f.text} with no saved result: a formula is not a "
                                      "value. Open the file in Excel so that it calculates and save it, or copy "
                                      "and paste as values."))
            else:
                errors.append(Problem(row, column, f.text, ERROR,
                                      f"{th} มีสูตร {f.text} ที่ให้ผลเป็นข้อผิดพลาด กรุณาแก้สูตรหรือใส่ค่า",
                                      f"{en} holds the formula {f.text} whose result is an error; correct it or "
                                      "type the value."))
        if self.n_bad > len(self.bad):
            more = self.n_bad - len(self.bad)
            errors.append(Problem(None, "", "", ERROR,
                                  f"และอีก {more:,} ช่องที่มีสูตรที่ไม่มีผลลัพธ์หรือผลลัพธ์ผิดพลาด",
                                  f"and {more:,} more cells with a formula without a result or with an error"))
        warnings = []
        for count, f in self.cached.values():
            row, column, en, th = where(f)
            warnings.append(Problem(row, column, f.text, WARNING,
                                    f"คอลัมน์ {column}: {count:,} ช่องเป็นสูตร (ช่องแรก {th}: {f.text}) "
                                    "ระบบใช้ผลลัพธ์ที่ Excel บันทึกไว้ กรุณาตรวจว่าเป็นค่าล่าสุด",
                                    f"column {column}: {count:,} cells hold formulas (the first, {en}: {f.text}); "
                                    "their results as last saved are imported: check that they are up to date"))
        return errors, warnings


def _read_xlsx(data: bytes, filename: str, limits: Limits,
               warnings: list[Problem] | None) -> tuple[list[str], list[list[str]]]:
    import openpyxl  # imported here: CSV uploads do not need it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            _check_unpacked_size(archive, filename, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        if isinstance(exc, UnsupportedFile):
            raise
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
        sheet = _SheetReader(wb, wb.worksheets[0], filename, limits)
        try:
            sheet.read()
        except UnsupportedFile:
            raise
        except Exception as exc:  # noqa: BLE001 (a damaged sheet: bad XML, a bad zip member, a wrong number)
            raise _unsupported(filename, f"the first sheet cannot be read ({type(exc).__name__})",
                               "อ่านชีตแรกไม่ได้ ไฟล์อาจเสียหาย") from None
    finally:
        wb.close()
    rows = sheet.rows
    if not rows:
        errors, _ = sheet.problems([])
        if errors:
            raise _formula_errors(filename, errors)
        raise _unsupported(filename, "the first sheet is empty", "ชีตแรกว่างเปล่า")
    width = sheet.width
    header, body = rows[0] + [""] * (width - len(rows[0])), rows[1:]
    body = [r + [""] * (width - len(r)) for r in body]
    errors, notes = sheet.problems([h.strip() for h in header])
    if errors:
        raise _formula_errors(filename, errors)
    if warnings is not None:
        warnings.extend(notes)
    return header, body


def _formula_errors(filename: str, errors: list[Problem]) -> UnsupportedFile:
    n = sum(1 for p in errors if p.value)
    first = errors[0]
    return UnsupportedFile(
        f"{filename}: {n:,}{'+' if len(errors) > n else ''} cells hold formulas without a usable result, e.g. "
        f"{first.message_en}",
        f"{filename}: มี {n:,}{'+' if len(errors) > n else ''} ช่องที่เป็นสูตรที่ไม่มีผลลัพธ์ใช้ได้ เช่น {first.message_th}",
        problems=errors)


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


def _read_csv(data: bytes, filename: str, limits: Limits) -> tuple[list[str], list[list[str]]]:
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
    blank = 0       # blank lines not yet kept: kept only when a row follows (trailing ones cost nothing)
    try:
        for fields in reader:
            if header is None:
                if any(f.strip() for f in fields):
                    header = fields
                    _check_csv_line(fields, reader.line_num, filename, limits)
                    if len(header) > limits.columns:
                        raise UnsupportedFile(
                            f"{filename}: the header has {len(header):,} columns, more than the {limits.columns:,} "
                            "an import reads (EIT_MAX_COLUMNS).",
                            f"{filename}: หัวตารางมี {len(header):,} คอลัมน์ เกินกว่าที่นำเข้าได้ "
                            f"({limits.columns:,} คอลัมน์, EIT_MAX_COLUMNS)")
                continue
            if not any(f.strip() for f in fields):
                blank += 1
                continue
            n = len(rows) + blank + 1
            if n > limits.rows:
                raise _too_many_rows(filename, limits, f"line {reader.line_num:,} is data row {n:,}",
                                     f"บรรทัดที่ {reader.line_num:,} เป็นแถวข้อมูลที่ {n:,}")
            if n * len(header) > limits.cells:
                raise _too_many_cells(filename, limits, n, len(header))
            _check_csv_line(fields, reader.line_num, filename, limits)
            rows.extend([""] * len(header) for _ in range(blank))
            blank = 0
            if len(fields) != len(header):
                raise UnsupportedFile(
                    f"{filename}: line {reader.line_num} (data row {len(rows) + 1}) has {len(fields)} values but "
                    f"the header has {len(header)}. A value that contains the delimiter must be in double quotes.",
                    f"{filename}: บรรทัดที่ {reader.line_num} (แถวข้อมูลที่ {len(rows) + 1}) มี {len(fields)} ช่อง "
                    f"แต่หัวตารางมี {len(header)} ช่อง "
                    "ค่าที่มีเครื่องหมายคั่นอยู่ข้างในต้องอยู่ในเครื่องหมายคำพูด (\")")
            rows.append(fields)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _cell_too_long(filename, limits, csv.field_size_limit(), f"line {reader.line_num + 1:,}",
                                 f"บรรทัดที่ {reader.line_num + 1:,}") from None
        raise UnsupportedFile(f"{filename}: malformed CSV near line {reader.line_num} ({exc}). {ACCEPTED_EN}",
                              f"{filename}: รูปแบบ CSV ไม่ถูกต้องใกล้บรรทัดที่ {reader.line_num} {ACCEPTED_TH}",
                              ) from None
    if header is None:
        raise _unsupported(filename, "the file has no header row", "ไฟล์ไม่มีแถวหัวตาราง")
    return header, rows


def _check_csv_line(fields: list[str], line: int, filename: str, limits: Limits) -> None:
    longest = max(map(len, fields), default=0)
    if longest > limits.cell_chars:
        j = next(j for j, f in enumerate(fields) if len(f) == longest)
        raise _cell_too_long(filename, limits, longest, f"line {line:,}, column {j + 1:,}",
                             f"บรรทัดที่ {line:,} คอลัมน์ที่ {j + 1:,}")


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
