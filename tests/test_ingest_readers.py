"""Reading uploads that cannot hurt: a formula is not a value, and an upload's cost is bounded before it is read
(declared unpacked sizes, rows, columns, cells, cell length; the sheet's own dimension is never trusted).

The hostile workbooks are built here from a few lines of XML (zipfile), small on disk.  The importer is the real
one, on SQLite and PostgreSQL (``engine``), and so is ``python -m store import-factories`` (exit 2)."""
from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import pytest

from db import importlog
from db.records import load_records
from ingest.readers import Limits, UnsupportedFile, read_table
from programme import records
from tests.conftest_db import DATA_DIR, ROOT
from tests.support import MOI_HEADER, count, csv_bytes, do_import, moi_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SMALL = Limits(unzipped_bytes=1 << 20, rows=50, columns=20, cells=600, cell_chars=100)


# --------------------------------------------------------------------------------------------- building workbooks

def _col(j: int) -> str:
    out = ""
    while j:
        j, r = divmod(j - 1, 26)
        out = chr(65 + r) + out
    return out


def cell_xml(ref: str, value) -> str:
    """One cell: text as an inline string, a number as a number, ``("=F", cached)`` as a formula (cached None:
    no saved result, as written by programs that do not calculate)."""
    if isinstance(value, tuple):
        formula, cached = value
        v = "<v></v>" if cached is None else (f"<v>{escape(str(cached))}</v>")
        t = ' t="str"' if isinstance(cached, str) else (' t="e"' if cached == "#N/A" else "")
        t = ' t="e"' if cached == "#N/A" else t
        return f'<c r="{ref}"{t}><f>{escape(formula[1:])}</f>{v}</c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows: list[list], dimension: str | None = None, extra_cells: str = "") -> str:
    body = "".join(f'<row r="{i}">' + "".join(cell_xml(f"{_col(j)}{i}", v) for j, v in enumerate(row, start=1)
                                              if v not in (None, "")) + "</row>"
                   for i, row in enumerate(rows, start=1))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dim}<sheetData>{body}{extra_cells}' \
           '</sheetData></worksheet>'


def workbook(sheet: str | None = None, *, write_sheet=None, level: int = 6, big: bool = True,
             shared: str | None = None) -> bytes:
    """A minimal .xlsx: ``sheet`` is the sheet XML, or ``write_sheet(stream)`` writes it (for big members);
    ``shared`` the XML of the shared strings (the ``<si>`` elements), as Excel writes text."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        strings = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sharedStrings+xml"/>') if shared is not None else ""
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                   f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   f'{strings}</Types>')
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
                                               f'{shared}</sst>')
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
                                  f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
                                  '</Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
                                      f'xmlns:r="{REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
                                      '</sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                   f'Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        if write_sheet is None:
            z.writestr("xl/worksheets/sheet1.xml", sheet)
        else:
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=big) as f:
                write_sheet(f)
    return buf.getvalue()


def bomb(unpacked_mb: int, level: int = 1) -> bytes:
    """A workbook whose sheet unpacks to ``unpacked_mb`` MB of rows (a zip bomb), a few MB at most on disk."""
    def write(f):
        f.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
        chunk = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20000
        for _ in range(unpacked_mb * 1024 * 1024 // len(chunk) + 1):
            f.write(chunk)
        f.write(b"</sheetData></worksheet>")
    return workbook(write_sheet=write, level=level, big=unpacked_mb > 1000)


def lie_about_sizes(data: bytes, member: str, size: int) -> bytes:
    """``data`` with ``member``'s unpacked size rewritten to ``size`` in its local header and the central
    directory (a bomb that hides its size)."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(member)
    struct.pack_into("<I", out, info.header_offset + 22, size)            # local file header
    name = member.encode()
    pos = out.find(b"PK\x01\x02")
    while out[pos + 46:pos + 46 + len(name)] != name:
        pos = out.find(b"PK\x01\x02", pos + 4)
    struct.pack_into("<I", out, pos + 24, size)                            # central directory
    return bytes(out)


@pytest.fixture(scope="module")
def demo():
    return records.load_factories(DATA_DIR)


def registry_rows(demo, n: int, start: int = 0) -> list[list]:
    return [MOI_HEADER] + moi_rows(demo, n, start)


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t0


# --------------------------------------------------------------------------------------------- values

def test_shared_strings_rich_text_numbers_booleans_and_dates_as_excel_writes_them():
    shared = ('<si><t>FNAME</t></si><si><t xml:space="preserve"> บริษัท ก </t></si>'
              '<si><r><rPr><b/></rPr><t>บริษัท </t></r><r><t>ข</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si>'
              '<si><t>WHEN</t></si><si><t>OK</t></si>')
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
             '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>3</v></c><c r="C1" t="s"><v>4</v></c></row>'
             '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>45000</v></c><c r="C2" t="b"><v>1</v></c></row>'
             '<row r="4"><c r="A4" t="s"><v>2</v></c><c r="B4"><v>13.25</v></c><c r="C4" s="0"/></row>'
             '</sheetData><mergeCells count="1"><mergeCell ref="D1:E1"/></mergeCells></worksheet>')
    table = read_table(workbook(sheet, shared=shared), "excel.xlsx")
    assert table.to_dict("list") == {"FNAME": ["บริษัท ก", "", "บริษัท ข"], "WHEN": ["45000", "", "13.25"],
                                     "OK": ["TRUE", "", ""]}


def test_the_other_elements_count_too():
    merged = "".join(f'<mergeCell ref="A{i}:B{i}"/>' for i in range(1, 3000))
    sheet = sheet_xml([["a"], ["1"]]).replace("</worksheet>", f"<mergeCells>{merged}</mergeCells></worksheet>")
    with pytest.raises(UnsupportedFile) as err:
        read_table(workbook(sheet), "merged.xlsx", limits=SMALL)
    assert "more than 600 cells" in err.value.message_en and "EIT_" not in err.value.message_en


# --------------------------------------------------------------------------------------------- formulas

def test_a_formula_without_a_saved_result_is_an_error_naming_the_cell_and_the_formula():
    data = workbook(sheet_xml([["FNAME", "LAT"], ["ก", 13.5], ["ข", ("=B2+0.1", None)], [("=A2&\"x\"", None), 1]]))
    with pytest.raises(UnsupportedFile) as err:
        read_table(data, "f.xlsx")
    problems = err.value.problems
    assert [(p.row, p.column, p.value, p.severity) for p in problems] == [
        (2, "LAT", "=B2+0.1", "error"), (3, "FNAME", '=A2&"x"', "error")]
    assert "B3" in problems[0].message_en and "data row 2" in problems[0].message_en
    assert "formula" in problems[0].message_en and "สูตร" in problems[0].message_th
    assert "B3" in err.value.message_en and "สูตร" in err.value.message_th


def test_a_formula_as_openpyxl_writes_it_is_refused():
    wb = openpyxl.Workbook()
    wb.active.append(["FNAME", "LAT"])
    wb.active.append(["=UPPER(\"x\")", "=1+1"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(UnsupportedFile) as err:
        read_table(buf.getvalue(), "f.xlsx")
    assert [(p.row, p.column) for p in err.value.problems] == [(1, "FNAME"), (1, "LAT")]


def test_a_formula_whose_result_is_an_error_is_an_error():
    with pytest.raises(UnsupportedFile) as err:
        read_table(workbook(sheet_xml([["FNAME"], [("=VLOOKUP(1,A:A,2)", "#N/A")]])), "f.xlsx")
    assert err.value.problems[0].row == 1 and "error" in err.value.problems[0].message_en


def test_a_formula_with_a_saved_result_is_read_as_that_result_with_one_warning_per_column():
    rows = [["FNAME", "LAT"], [("=\"ab\"&\"c\"", "abc"), ("=13+0.5", 13.5)], [("=A2", "abc"), 14]]
    warnings = []
    table = read_table(workbook(sheet_xml(rows)), "f.xlsx", warnings=warnings)
    assert table.to_dict("list") == {"FNAME": ["abc", "abc"], "LAT": ["13.5", "14"]}
    assert sorted((w.column, w.severity) for w in warnings) == [("FNAME", "warning"), ("LAT", "warning")]
    fname = next(w for w in warnings if w.column == "FNAME")
    assert fname.row == 1 and "2 cells" in fname.message_en and "2 ช่อง" in fname.message_th


def test_an_import_with_a_formula_is_rejected_and_the_stored_factory_keeps_its_name(engine, placer, upload_root,
                                                                                   demo):
    rows = registry_rows(demo, 2)
    assert do_import(engine, csv_bytes(rows[1:]), placer, upload_root).landed
    before = load_records(engine)["factories"].set_index("registration_no")
    rows[1][4] = ("=CONCAT(\"x\")", None)                             # FNAME of data row 1
    rows[1][6] = ("=13.1", None)                                      # LAT
    result = do_import(engine, workbook(sheet_xml(rows)), placer, upload_root, filename="f.xlsx")
    assert result.status == "rejected"
    assert [(p.row, p.column) for p in result.problems] == [(1, "FNAME"), (1, "LAT")]
    after = load_records(engine)["factories"].set_index("registration_no")
    reg = rows[1][1]
    assert after.loc[reg, "name_th"] == before.loc[reg, "name_th"] and after.loc[reg, "lat"] == before.loc[reg, "lat"]
    log = importlog.list_imports(engine)
    assert log.loc[0, "status"] == "rejected" and log.loc[0, "n_errors"] == 2


def test_a_formula_with_a_result_lands_with_its_warning(engine, placer, upload_root, demo):
    rows = registry_rows(demo, 2)
    rows[2][4] = ("=\"บริษัท ก\"", "บริษัท ก")
    result = do_import(engine, workbook(sheet_xml(rows)), placer, upload_root, filename="f.xlsx")
    assert result.landed, result.problems
    assert any(p.severity == "warning" and p.column == "FNAME" for p in result.problems)
    assert load_records(engine)["factories"].set_index("registration_no").loc[rows[2][1], "name_th"] == "บริษัท ก"


# --------------------------------------------------------------------------------------------- bounded cost

def test_the_declared_dimension_is_not_trusted(demo):
    rows = registry_rows(demo, 3)
    data = workbook(sheet_xml(rows, dimension="A1:XFD1048576"))
    assert len(data) < 3000
    table, seconds = timed(read_table, data, "whole-sheet.xlsx")
    assert seconds < 2 and table.shape == (3, len(MOI_HEADER))
    assert table["DISPFACREG"].tolist() == [r[1] for r in rows[1:]]


@pytest.mark.parametrize("ref, limit", [("XFD1", "20"), ("U2", "20"), ("A1048576", "50"), ("A53", "50")])
def test_a_value_beyond_the_rows_or_columns_limit_is_refused_at_once(ref, limit):
    stray = f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">{cell_xml(ref, "x")}</row>'
    data = workbook(sheet_xml([["a", "b"], ["1", "2"]], extra_cells=stray))
    with pytest.raises(UnsupportedFile) as err:
        read_table(data, "stray.xlsx", limits=SMALL)
    # the limit in words a user reads; the setting's name is for the README, not the message
    assert f" {limit} " in err.value.message_en and f" {limit} " in err.value.message_th
    assert "EIT_" not in err.value.message_en + err.value.message_th


def test_the_cells_limit_counts_blank_cells_too():
    blank = "".join(f'<row r="{i}">' + "".join(f'<c r="{_col(j)}{i}" s="0"/>' for j in range(1, 11)) + "</row>"
                    for i in range(3, 80))
    with pytest.raises(UnsupportedFile) as err:
        read_table(workbook(sheet_xml([["a"], ["1"]], extra_cells=blank)), "blank.xlsx", limits=SMALL)
    assert "more than 600 cells" in err.value.message_en
    assert read_table(workbook(sheet_xml([["a"], ["1"]])), "ok.xlsx", limits=SMALL).shape == (1, 1)


def test_a_long_cell_is_refused_with_its_place():
    with pytest.raises(UnsupportedFile) as err:
        read_table(workbook(sheet_xml([["a", "b"], ["1", "x" * 101]])), "long.xlsx", limits=SMALL)
    assert "B2" in err.value.message_en and "100 ตัวอักษร" in err.value.message_th
    with pytest.raises(UnsupportedFile) as err:
        read_table(b"a,b\n1," + b"x" * 101 + b"\n", "long.csv", limits=SMALL)
    assert "line 2, column 2" in err.value.message_en


def test_a_zip_bomb_is_refused_by_its_declared_size_before_it_is_unpacked():
    data = bomb(3, level=9)
    assert len(data) < 60_000
    with pytest.raises(UnsupportedFile) as err:
        read_table(data, "bomb.xlsx", limits=SMALL)
    assert "more than the 1 MB an import reads" in err.value.message_en and "(1 MB)" in err.value.message_th


def test_a_zip_bomb_that_hides_its_size_is_stopped_while_reading():
    data = lie_about_sizes(bomb(3, level=9), "xl/worksheets/sheet1.xml", 1000)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    with pytest.raises(UnsupportedFile) as err:
        read_table(data, "bomb.xlsx", limits=SMALL)
    assert err.value.message_en and err.value.message_th


def test_a_csv_with_too_many_columns_rows_or_cells_is_refused():
    wide = (",".join(f"c{j}" for j in range(100_000)) + "\n" + ",".join("1" * 100_000) + "\n").encode()
    with pytest.raises(UnsupportedFile) as err:
        timed(read_table, wide, "wide.csv")
    assert "100,000 columns" in err.value.message_en and "256 คอลัมน์" in err.value.message_th
    long = b"a,b\n" + b"1,2\n" * 51
    with pytest.raises(UnsupportedFile) as err:
        read_table(long, "long.csv", limits=SMALL)
    assert "more than 50 data rows" in err.value.message_en and "line 52 is data row 51" in err.value.message_en
    assert read_table(b"a,b\n" + b"1,2\n" * 50 + b"\n" * 1000, "ok.csv", limits=SMALL).shape == (50, 2)
    cells = b",".join(b"c%d" % j for j in range(20)) + b"\n" + (b"1" + b"," * 19 + b"\n") * 31
    with pytest.raises(UnsupportedFile) as err:
        read_table(cells, "cells.csv", limits=SMALL)
    assert "more than 600 cells" in err.value.message_en


def test_limits_are_settings_with_defaults(monkeypatch):
    for name in ("EIT_MAX_UNZIPPED_MB", "EIT_MAX_ROWS", "EIT_MAX_COLUMNS", "EIT_MAX_CELLS", "EIT_MAX_CELL_CHARS"):
        monkeypatch.delenv(name, raising=False)
    assert Limits.from_settings() == Limits(500 * 1024 * 1024, 500_000, 256, 5_000_000, 10_000)
    monkeypatch.setenv("EIT_MAX_COLUMNS", "3")
    monkeypatch.setenv("EIT_MAX_ROWS", "not a number")                # falls back to the default
    assert Limits.from_settings().columns == 3 and Limits.from_settings().rows == 500_000
    with pytest.raises(UnsupportedFile):
        read_table(b"a,b,c,d\n1,2,3,4\n", "x.csv")


HOSTILE = {
    "bomb": lambda: bomb(600),                                         # 600 MB of XML in a few MB
    "wide_csv": lambda: (",".join(f"c{j}" for j in range(100_000)) + "\n").encode() * 3,
    "stray_cell": lambda: workbook(sheet_xml([MOI_HEADER], dimension="A1:XFD1048576",
                                             extra_cells=f'<row r="1048576">{cell_xml("XFD1048576", 1)}</row>')),
}


@pytest.fixture(scope="module")
def hostile_files():
    return {name: make() for name, make in HOSTILE.items()}


def test_hostile_uploads_are_refused_within_seconds_and_logged(engine, placer, upload_root, hostile_files):
    for name, data in hostile_files.items():
        filename = f"{name}.csv" if name.endswith("csv") else f"{name}.xlsx"
        result, seconds = timed(do_import, engine, data, placer, upload_root, filename=filename)
        assert result.status == "rejected" and seconds < 5, (name, seconds)
        p = result.problems[0]
        assert p.severity == "error" and ("an import reads" in p.message_en or "columns are read" in p.message_en), name
        assert "EIT_" not in p.message_en + p.message_th, name     # the limit in words; the README names the setting
    log = importlog.list_imports(engine)
    assert len(log) == len(hostile_files) and set(log["status"]) == {"rejected"}
    assert count(engine, "factories") == 0


def test_the_command_line_refuses_a_zip_bomb_with_exit_2(db_url, tmp_path, hostile_files):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EIT_")}
    env.update(EIT_DATABASE_URL=db_url, EIT_DATA_DIR=str(DATA_DIR), EIT_UPLOAD_DIR=str(tmp_path / "uploads"),
               EIT_DEMO="0", PYTHONIOENCODING="utf-8")
    for name in ("bomb", "stray_cell"):
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(hostile_files[name])
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "store", "import-factories", str(path)], cwd=ROOT, env=env,
                             capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
        assert out.returncode == 2, out.stdout + out.stderr
        assert out.stdout.startswith("rejected"), out.stdout
        assert ("an import reads" in out.stderr or "columns are read" in out.stderr) and "EIT_" not in out.stderr, \
            out.stderr
        assert time.perf_counter() - t0 < 30


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_csv_line_ends_of_every_system_and_a_quoted_line_break_in_a_cell(end):
    """Unix, Windows and old Mac line ends read alike; a line break inside quotes stays in its cell."""
    text = end.join(["registration_no,address", '3-105-1/68ปท,"99/1 หมู่ 2' + end + 'ต.มาบตาพุด"',
                     "3-105-2/68ปท,ระยอง", ""])
    frame = read_table(text.encode("utf-8"), "lines.csv")
    assert frame["registration_no"].tolist() == ["3-105-1/68ปท", "3-105-2/68ปท"]
    assert frame["address"].tolist() == ["99/1 หมู่ 2" + end + "ต.มาบตาพุด", "ระยอง"]
