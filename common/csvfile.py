"""A data file read as a table of stripped strings that remembers each data row's line in the file, so that every
validation error can name the file, the 1-based data row (and its line), the column and the value."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from common.errors import DataError, cell_error
from common.years import be_year_problem


class Table:
    def __init__(self, name: str, frame: pd.DataFrame, lines: list[int]):
        self.name, self.frame, self.lines = name, frame, lines

    def fail(self, i: int | None, column: str | None, en: str, th: str, value: object = None) -> DataError:
        """Error for data row index ``i`` (0-based position; reported 1-based), or for the whole file (None)."""
        if i is None:
            return cell_error(self.name, None, column, value, en, th)
        return cell_error(self.name, i + 1, column, value, en, th, line=self.lines[i])

    def check(self, bad, column: str, en: str, th: str) -> None:
        """Raise for the first row where ``bad`` is True."""
        hits = np.flatnonzero(np.asarray(bad, dtype=bool))
        if len(hits):
            i = int(hits[0])
            raise self.fail(i, column, en, th, value=self.frame[column].iat[i])

    # ----------------------------------------------------------------------------------- the column checks
    # Every data file's loader (programme/registry.py, programme/records.py) checks its columns with these.

    def ints(self, col: str, lo: int | None = None, hi: int | None = None, optional: bool = False,
             hint: tuple[str, str] = ("", "")) -> pd.Series:
        """``col`` as whole numbers within ``lo``..``hi`` (Int64 with NA for blanks when ``optional``)."""
        s = self.frame[col]
        blank = (s == "").to_numpy() if optional else np.zeros(len(s), dtype=bool)
        self.check(~s.str.fullmatch(r"[+-]?\d+").to_numpy(dtype=bool) & ~blank, col, "must be a whole number" + hint[0],
                   "ต้องเป็นจำนวนเต็ม" + hint[1])
        vals = pd.to_numeric(s.where(~blank), errors="coerce")
        lo_, hi_ = (-np.inf if lo is None else lo), (np.inf if hi is None else hi)
        self.check(vals.notna() & ~vals.between(lo_, hi_), col, f"must be between {lo} and {hi}" + hint[0],
                   f"ต้องอยู่ระหว่าง {lo} ถึง {hi}" + hint[1])
        return vals.astype("Int64") if optional else vals.astype("int64")

    def be_years(self, col: str, optional: bool = False) -> pd.Series:
        """``col`` as Buddhist-era years (:mod:`common.years`); a Christian-era year gets a message saying so."""
        s = self.frame[col]
        blank = (s == "").to_numpy() if optional else np.zeros(len(s), dtype=bool)
        self.check(~s.str.fullmatch(r"\d{4}").to_numpy(dtype=bool) & ~blank, col,
                   "must be a four-digit Buddhist-era year (e.g. 2568)", "ต้องเป็นปี พ.ศ. 4 หลัก (เช่น 2568)")
        vals = pd.to_numeric(s.where(~blank), errors="coerce")
        for i in np.flatnonzero(vals.notna().to_numpy()):
            problem = be_year_problem(int(vals.iat[i]))
            if problem:
                raise self.fail(i, col, *problem, value=s.iat[i])
        return vals.astype("Int64") if optional else vals.astype("int64")

    def choice(self, col: str, allowed: tuple, lower: bool = True) -> None:
        """Every value of ``col`` is one of ``allowed`` (compared in lower case unless ``lower`` is False)."""
        if lower:
            self.frame[col] = self.frame[col].str.lower()
        ok = " | ".join(str(a) for a in allowed)
        self.check(~self.frame[col].isin([str(a) for a in allowed]), col, f"must be one of {ok}",
                   f"ต้องเป็นค่าใดค่าหนึ่งใน {ok}")

    def unique(self, cols: list[str] | str, what: str | None = None) -> None:
        """No two rows share the values of ``cols``; the error names the row it repeats."""
        cols = [cols] if isinstance(cols, str) else list(cols)
        dup = self.frame.duplicated(cols).to_numpy()
        if dup.any():
            i = int(np.flatnonzero(dup)[0])
            key = self.frame[cols].iloc[i]
            first = int(np.flatnonzero((self.frame[cols] == key).all(axis=1).to_numpy())[0]) + 1
            what = what or " + ".join(cols)
            raise self.fail(i, cols[-1], f"duplicate {what} (also in row {first})",
                            f"{what} ซ้ำ (ซ้ำกับแถวที่ {first})", value=" / ".join(key.astype(str)))


def csv_text(columns, rows) -> str:
    """CSV text with LF line ends: the header, then the rows (the demo files are written this way)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buf.getvalue()


def read_rows(path: Path, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The stripped header and the (file line, raw fields) of every data row of a UTF-8 CSV (BOM allowed);
    blank lines are skipped. Unreadable, non-UTF-8, malformed or empty files raise DataError naming ``name``."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise cell_error(name, None, None, None, f"file not found ({path})", f"ไม่พบไฟล์ ({path})") from None
    except UnicodeDecodeError as exc:
        raise cell_error(name, None, None, None, f"file is not UTF-8 text ({exc.reason} at byte {exc.start})",
                         "ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8") from None
    reader = csv.reader(text.splitlines(keepends=True))
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue
            if header is None:
                header = [f.strip() for f in fields]
                continue
            rows.append((reader.line_num, fields))
    except csv.Error as exc:
        raise cell_error(name, None, None, None, f"malformed CSV near line {reader.line_num}: {exc}",
                         f"รูปแบบ CSV ไม่ถูกต้องใกล้บรรทัด {reader.line_num}", line=reader.line_num) from None
    if header is None:
        raise cell_error(name, None, None, None, "the file is empty", "ไฟล์ว่างเปล่า")
    return header, rows


def read_table(path: Path, name: str, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> Table:
    """A data file as a Table of stripped strings: the header must hold ``columns`` (each once), every row as
    many fields as the header, and every column not in ``optional`` a value in every row."""
    header, raw = read_rows(path, name)
    missing = [c for c in columns if c not in header]
    if missing:
        raise cell_error(name, None, missing[0], None,
                         f"required column(s) missing: {', '.join(missing)}; the header has: {', '.join(header)}",
                         f"ไม่มีคอลัมน์ที่จำเป็น: {', '.join(missing)}")
    dupes = sorted({c for c in header if c and header.count(c) > 1})
    if dupes:
        raise cell_error(name, None, dupes[0], None, "column appears more than once in the header",
                         "ชื่อคอลัมน์ซ้ำกันในหัวตาราง")
    lines = [line for line, _ in raw]
    for i, (line, fields) in enumerate(raw):
        if len(fields) != len(header):
            raise cell_error(name, i + 1, None, None, f"expected {len(header)} fields, found {len(fields)} "
                             "(a value containing a comma must be quoted)",
                             f"จำนวนช่องไม่ตรงกับหัวตาราง (ต้องมี {len(header)} ช่อง พบ {len(fields)} ช่อง)", line=line)
    rows = [[f.strip() for f in fields] for _, fields in raw]
    frame = pd.DataFrame(rows, columns=header, dtype=str) if rows else pd.DataFrame(
        {c: pd.Series(dtype=str) for c in header})
    table = Table(name, frame, lines)
    for col in columns:
        if col not in optional:
            table.check(frame[col] == "", col, "value is required", "ต้องระบุค่า")
    return table
