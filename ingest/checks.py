"""The checkers every importer shares (factories, assessments, the symbiosis register): numbers as people write
them, plausible magnitudes, Buddhist-era years, coordinates, codes and uniqueness; and :class:`Columns`, one
validation run over an uploaded table (its columns resolved, its cells as text, the rows with an error, the
problems).  Each importer is a list of small checks per column group over a :class:`Columns`.

Numbers: ``1,250`` and ``1,250.5`` use a thousands separator (1250, 1250.5); a single comma followed by other than
three digits is a decimal comma (``13,75`` is 13.75); any other text is not a number.  A value above the plausible
magnitude of its unit (``data/magnitudes.csv``) is an error.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from common.errors import cell_error
from common.years import BE_MAX, BE_MIN, CE_SLIP, be_year_problem
from ingest.problems import ERROR, WARNING, ProblemCollector
from ingest.readers import clean_cells, normalise_header

_GROUPED = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
_DECIMAL_COMMA = r"[+-]?\d+,\d+"
#: The word that erases a stored value (a blank cell never does); either language, any case.
CLEAR_WORDS = ("ลบ", "clear")


def is_clear(s: pd.Series) -> np.ndarray:
    """Cells holding the erase marker (:data:`CLEAR_WORDS`)."""
    return s.str.strip().str.casefold().isin(CLEAR_WORDS).to_numpy(dtype=bool)


# --------------------------------------------------------------------------------------------- numbers

def numbers(s: pd.Series) -> pd.Series:
    """The numbers of text cells as floats (NaN for blank or not a number; ±inf for more digits than a float
    holds), by the one rule of this module."""
    s = s.astype(str).str.strip()
    grouped = s.str.fullmatch(_GROUPED).to_numpy(dtype=bool)
    comma = s.str.fullmatch(_DECIMAL_COMMA).to_numpy(dtype=bool) & ~grouped
    text = s.where(~grouped, s.str.replace(",", "", regex=False))
    text = text.where(~comma, text.str.replace(",", ".", regex=False))
    refused = text.str.contains(",", regex=False).to_numpy(dtype=bool) | \
        text.str.fullmatch(r"(?i)[+-]?(inf(inity)?|nan)").to_numpy(dtype=bool)
    # digits too many for a float become ±inf: a number, and above every plausible magnitude (see too_large)
    return pd.to_numeric(text.where((text != "") & ~refused, None), errors="coerce").astype("float64")


@functools.lru_cache(maxsize=4)
def _magnitudes(path: str) -> dict[str, float]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for i, (unit, top) in enumerate(zip(frame["unit"], frame["max"])):
        try:
            value = float(top)
        except ValueError:
            value = float("nan")
        if not unit.strip() or not np.isfinite(value) or value <= 0:
            raise cell_error(Path(path).name, i + 1, "max" if unit.strip() else "unit", top,
                             "each unit needs a positive maximum", "ทุกหน่วยต้องมีค่าสูงสุดที่เป็นบวก")
    return dict(zip(frame["unit"].str.strip(), frame["max"].astype(float)))


def magnitude_limit(unit: str, data_dir: Path | str | None = None) -> float:
    """The largest plausible value of one record in ``unit`` (``data/magnitudes.csv``; ``*`` for any other)."""
    from common.settings import data_dir as default_dir
    limits = _magnitudes(str(Path(data_dir or default_dir()) / "magnitudes.csv"))
    return limits.get(str(unit), limits["*"])


def too_large(values, units, data_dir=None) -> np.ndarray:
    """Rows whose value is above the plausible magnitude of its unit (``units``: one unit or one per row)."""
    v = np.asarray(values, dtype=float)
    if isinstance(units, str) or units is None:
        top = np.full(len(v), magnitude_limit(units or "*", data_dir))
    else:
        top = np.array([magnitude_limit(u if isinstance(u, str) else "*", data_dir) for u in units], dtype=float)
    with np.errstate(invalid="ignore"):
        return ~np.isnan(v) & (np.abs(v) > top)


def too_large_message(limit: float) -> tuple[str, str]:
    return (f"ค่ามากเกินกว่าที่เป็นไปได้ (เกิน {limit:,.0f}) กรุณาตรวจสอบหน่วยและจำนวนหลัก",
            f"implausibly large (more than {limit:,.0f}); check the unit and the number of digits")


# --------------------------------------------------------------------------------------------- years, codes

def be_years(s: pd.Series) -> tuple[np.ndarray, np.ndarray, list[tuple[int, str, str]]]:
    """(years as floats, not-a-four-digit-year mask, [(row, th, en)] for implausible years) of text cells."""
    ys = s.str.replace(r"\.0+$", "", regex=True)
    year = pd.to_numeric(ys.where(ys.str.fullmatch(r"\d{4}"), None), errors="coerce").to_numpy(dtype=float)
    problems = []
    for i in np.flatnonzero(~np.isnan(year)):
        problem = be_year_problem(int(year[i]))
        if problem:
            problems.append((int(i), problem[1], problem[0]))
    return year, np.isnan(year) & (s != "").to_numpy(), problems


def mixed_eras(year: np.ndarray, rows: np.ndarray) -> tuple[str, str] | None:
    """(th, en) when ``year`` holds both Buddhist-era and Christian-era years in ``rows``, else None."""
    ce = (year >= CE_SLIP[0]) & (year <= CE_SLIP[1]) & rows
    be = (year >= BE_MIN) & (year <= BE_MAX) & rows
    if not (ce.any() and be.any()):
        return None
    i_ce, i_be = int(np.flatnonzero(ce)[0]), int(np.flatnonzero(be)[0])
    return (f"ไฟล์นี้ใช้ทั้งปี พ.ศ. (เช่น แถวที่ {i_be + 1}: {int(year[i_be])}) และปี ค.ศ. "
            f"(เช่น แถวที่ {i_ce + 1}: {int(year[i_ce])}) ปนกัน กรุณาใช้ปี พ.ศ. ทั้งไฟล์",
            f"the file mixes Buddhist-era years (e.g. row {i_be + 1}: {int(year[i_be])}) and Christian-era years "
            f"(e.g. row {i_ce + 1}: {int(year[i_ce])}); use Buddhist-era years throughout")


def codes(s: pd.Series, allowed: Iterable[str], fold=str.casefold) -> pd.Series:
    """Each cell's canonical code from ``allowed`` (matched after ``fold``), None when unknown or blank."""
    canonical = {fold(str(a)): str(a) for a in allowed}
    return s.map(lambda v: canonical.get(fold(v)) if v else None).astype(object)


def in_range(values, lo: float, hi: float) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.isfinite(v) & (v >= lo) & (v <= hi)


def first_duplicates(keys: pd.DataFrame, rows: np.ndarray) -> list[tuple[int, int]]:
    """(row, the earlier row with the same key) for every repeated key among ``rows``."""
    sub = keys[rows]
    dup = sub.duplicated(keep="first").to_numpy()
    if not dup.any():
        return []
    first: dict[tuple, int] = {}
    out = []
    for pos, is_dup, k in zip(np.flatnonzero(rows), dup, map(tuple, sub.to_numpy())):
        if is_dup:
            out.append((int(pos), first[k]))
        else:
            first.setdefault(k, int(pos))
    return out


# --------------------------------------------------------------------------------------------- one run

def resolve(columns, aliases: dict[str, Iterable[str]]) -> dict[str, str]:
    """field -> the file's column, for every field one of whose accepted names is a header (case and spaces
    ignored; the first header that matches wins)."""
    by_norm: dict[str, str] = {}
    for c in columns:
        by_norm.setdefault(normalise_header(c), c)
    found = {}
    for fld, names in aliases.items():
        for name in names:
            if normalise_header(name) in by_norm:
                found[fld] = by_norm[normalise_header(name)]
                break
    return found


class Columns:
    """One validation run over an uploaded table: its fields resolved (``aliases``: field -> accepted headers),
    the cells as stripped text, the rows with an error (``bad``), the fully blank rows, and the problems."""

    def __init__(self, raw: pd.DataFrame, aliases: dict[str, Iterable[str]], blank_over: str = "fields",
                 erasable: Iterable[str] = ()):
        self.raw, self.n = raw, len(raw)
        self.aliases = aliases
        self.erasable = frozenset(erasable)   # fields whose erase word (CLEAR_WORDS) the checks read as blank
        self._erased: dict[str, np.ndarray] = {}
        self.cols = resolve(raw.columns, aliases)
        self.col = ProblemCollector()
        self.bad = np.zeros(self.n, dtype=bool)
        self._cell_text: dict[str, pd.Series] = {}
        over = [self.cols[f] for f in aliases if f in self.cols] if blank_over == "fields" else list(raw.columns)
        self.blank_row = np.ones(self.n, dtype=bool)
        for c in dict.fromkeys(over):
            self.blank_row &= (clean_cells(raw[c]) == "").to_numpy()

    def cell(self, fld: str) -> pd.Series:
        """The cells of ``fld`` as stripped text ('' when the file has no such column; '' too for the erase word
        in an ``erasable`` field, see :meth:`erased`)."""
        if fld not in self._cell_text:
            text = (clean_cells(self.raw[self.cols[fld]]).reset_index(drop=True) if fld in self.cols
                    else pd.Series([""] * self.n, dtype=object))
            if fld in self.erasable:
                self._erased[fld] = is_clear(text)
                text = text.where(~self._erased[fld], "")
            self._cell_text[fld] = text
        return self._cell_text[fld]

    def erased(self, fld: str) -> np.ndarray:
        """The rows whose ``fld`` cell holds the erase word (only for an ``erasable`` field)."""
        self.cell(fld)
        return self._erased.get(fld, np.zeros(self.n, dtype=bool))

    def with_erase(self, fld: str, values: pd.Series) -> pd.Series:
        """``values`` (one per row) with the erase word where the file's cell of ``fld`` held it: the landing
        (:meth:`ingest.landing.Target.effect`) then clears the stored value, where a blank keeps it."""
        out = pd.Series(values, dtype=object).reset_index(drop=True)
        return out.where(~self.erased(fld), CLEAR_WORDS[0])

    def name(self, fld: str) -> str:
        """The file's header of ``fld`` (its usual name when absent)."""
        return self.cols.get(fld) or next(iter(self.aliases.get(fld, (fld,))), fld)

    def rows(self, mask) -> np.ndarray:
        """The positions where ``mask`` holds, blank rows left out."""
        return np.flatnonzero(np.asarray(mask, dtype=bool) & ~self.blank_row)

    def error(self, i: int, fld: str, th: str, en: str, value: object = None) -> None:
        v = self.cell(fld).iat[i] if value is None else value
        self.col.row(i, self.name(fld), v, ERROR, th, en)
        self.bad[i] = True

    def errors(self, mask, fld: str, th: str, en: str) -> None:
        for i in self.rows(mask):
            self.error(i, fld, th, en)

    def warn(self, i: int, fld: str, th: str, en: str, kind: str | None = None, value: object = None) -> None:
        v = self.cell(fld).iat[i] if value is None else value
        self.col.row(i, self.name(fld), v, WARNING, th, en, kind=kind)

    def number(self, fld: str, unit=None, minimum: float | None = 0.0) -> pd.Series:
        """The cells of ``fld`` as numbers: an error for text that is not one, below ``minimum``, or above the
        plausible magnitude of ``unit``."""
        s = self.cell(fld)
        num = numbers(s)
        blank = (s == "").to_numpy()
        self.errors(~blank & num.isna().to_numpy(), fld, "ต้องเป็นตัวเลข (ใช้จุดทศนิยม เช่น 1,250.5)",
                    "must be a number (e.g. 1,250.5)")
        if minimum is not None:
            self.errors((num < minimum).to_numpy(), fld, "ต้องไม่ติดลบ", "must not be negative")
        self.too_large(num, unit, fld)
        return num

    def too_large(self, num, unit, fld: str) -> np.ndarray:
        big = too_large(num, unit)
        for i in self.rows(big):
            u = unit if isinstance(unit, str) or unit is None else unit[i]
            self.error(i, fld, *too_large_message(magnitude_limit(u if isinstance(u, str) else "*")))
        return big

    def be_year(self, fld: str, required: bool = False) -> np.ndarray:
        """The cells of ``fld`` as Buddhist-era years (NaN where not one; each such row an error, and a blank
        one too when ``required``)."""
        year, not_year, odd = be_years(self.cell(fld))
        if required:
            not_year = np.isnan(year)
        self.errors(not_year, fld, "ปีต้องเป็นปี พ.ศ. 4 หลัก เช่น 2568",
                    "the year must be a four-digit Buddhist-era year, e.g. 2568")
        for i, th, en in odd:
            if not self.blank_row[i]:
                self.error(i, fld, th, en)
        return year

    def duplicates(self, keys: pd.DataFrame, fld: str, value=None) -> None:
        """An error on each row that repeats the key of an earlier row (the first one is used)."""
        for pos, first in first_duplicates(keys, ~self.bad & ~self.blank_row):
            v = value(pos) if value else None
            self.error(pos, fld, f"ซ้ำกับแถวที่ {first + 1} (ใช้แถวที่ {first + 1})",
                       f"repeats row {first + 1} (row {first + 1} is used)", value=v)
