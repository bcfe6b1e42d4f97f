"""The EIT criteria table: loading, validating and querying it.

The criteria are versioned data (one CSV per version, e.g. ``data/criteria/eit_criteria_2565.csv``) that DIW staff
can replace with the official table. One row per indicator, columns exactly::

    criteria_version, dimension_id, dimension_th, dimension_en, aspect_id, aspect_th, aspect_en,
    indicator_id, indicator_th, indicator_en, level, metric_type, unit, direction, threshold, illustrative

Every problem found while loading is raised as :class:`common.errors.DataError` naming the file, the 1-based data
row (the first row after the header is row 1; blank lines are not counted) and its file line, the column, the value
and the reason in English and Thai; the same facts are on the error's attributes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from common.csvfile import read_rows
from common.errors import DataError, cell_error

#: Dimension ids in their canonical (display) order.
DIMENSIONS: tuple[str, ...] = ("physical", "economic", "social", "environmental", "management")
METRIC_TYPES: tuple[str, ...] = ("binary", "percent", "number")
DIRECTIONS: tuple[str, ...] = ("higher", "lower")
MIN_LEVEL, MAX_LEVEL = 1, 5

COLUMNS: tuple[str, ...] = (
    "criteria_version", "dimension_id", "dimension_th", "dimension_en", "aspect_id", "aspect_th", "aspect_en",
    "indicator_id", "indicator_th", "indicator_en", "level", "metric_type", "unit", "direction", "threshold",
    "illustrative",
)
#: Columns that may be left blank (a binary indicator has no unit).
OPTIONAL_VALUE_COLUMNS: frozenset[str] = frozenset({"unit"})
#: What a result of each metric type may be (lowest, highest; None: no upper bound), and how a person fills it in
#: (Thai, English).  The template, the import and the working groups' form all say and check exactly this.
VALUE_RANGES: dict[str, tuple[float, float | None]] = {"binary": (0.0, 1.0), "percent": (0.0, 100.0),
                                                       "number": (0.0, None)}
HOW_TO_FILL = {
    "binary": ("1 = ใช่/ผ่าน, 0 = ไม่ใช่/ไม่ผ่าน", "1 = yes/pass, 0 = no/fail"),
    "percent": ("ร้อยละ 0 ถึง 100", "a percentage from 0 to 100"),
    "number": ("ตัวเลขตั้งแต่ 0 ขึ้นไป", "a number of 0 or more"),
}
_LOWERCASED = ("dimension_id", "metric_type", "direction", "illustrative")
_BOOLS = {"true": True, "false": False}


@dataclass(frozen=True, eq=False)
class Criteria:
    """One validated criteria version.

    ``table`` holds one row per indicator in file order, with ``level`` as int, ``threshold`` as float and
    ``illustrative`` as bool; all other columns are strings.  (``eq=False``: two Criteria compare and hash by
    identity, since a DataFrame is neither comparable to a bool nor hashable.)
    """

    version: str
    table: pd.DataFrame

    @property
    def dimensions(self) -> list[str]:
        """Dimension ids present in the table, in canonical order."""
        present = set(self.table["dimension_id"])
        return [d for d in DIMENSIONS if d in present]

    @property
    def aspects(self) -> list[str]:
        """Aspect ids in dimension order, then file order."""
        ordered = self.table.assign(_d=self.table["dimension_id"].map(DIMENSIONS.index))
        ordered = ordered.sort_values("_d", kind="stable")
        return list(dict.fromkeys(ordered["aspect_id"]))

    @property
    def levels(self) -> list[int]:
        """The levels that have indicators, sorted (always 1..highest after validation)."""
        return sorted(int(v) for v in self.table["level"].unique())

    @property
    def max_level(self) -> int:
        return max(self.levels) if len(self.table) else 0

    def indicators_up_to(self, level: int) -> pd.DataFrame:
        """The indicator rows with ``level <= level`` (file order, fresh index)."""
        return self.table[self.table["level"] <= int(level)].reset_index(drop=True)

    def indicator(self, indicator_id: str) -> pd.Series:
        """The row of one indicator; DataError if the id is unknown."""
        rows = self.table[self.table["indicator_id"] == indicator_id]
        if rows.empty:
            raise DataError(
                f"criteria {self.version}: unknown indicator_id '{indicator_id}' / "
                f"ไม่พบรหัสตัวชี้วัด '{indicator_id}' ในเกณฑ์ฉบับ {self.version}"
            )
        return rows.iloc[0]


def _error(path: Path, row: int | None, line: int | None, column: str | None, value: object,
           en: str, th: str) -> DataError:
    """A DataError in the project's common format (see :func:`common.errors.cell_error`)."""
    return cell_error(str(path), row, column, value, en, th, line=line)


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, int, list[str]]]]:
    """Header and (data_row, line, fields) records; blank lines are skipped."""
    header, rows = read_rows(path, str(path))
    return header, [(i + 1, line, fields) for i, (line, fields) in enumerate(rows)]


def _check_header(path: Path, header: list[str], records: list) -> None:
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise _error(path, None, None, None, None,
                     f"missing required column(s): {', '.join(missing)}",
                     f"ไม่มีคอลัมน์ที่จำเป็น: {', '.join(missing)}")
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise _error(path, None, None, None, None, f"column(s) repeated in the header: {', '.join(dupes)}",
                     f"หัวตารางมีคอลัมน์ซ้ำ: {', '.join(dupes)}")
    if not records:
        raise _error(path, None, None, None, None, "the file has a header but no indicator rows",
                     "ไฟล์มีแต่หัวตาราง ไม่มีแถวตัวชี้วัด")


@dataclass
class _Seen:
    """What the rows so far established: the version, the indicator ids, each aspect's dimension, each id's
    names, and the first row of each level (id or key → (value, data row))."""

    version: tuple[str, int] | None = None
    indicators: dict[str, int] = field(default_factory=dict)
    aspect_dimension: dict[str, tuple[str, int]] = field(default_factory=dict)
    names: dict[tuple[str, str, str], tuple[str, int]] = field(default_factory=dict)
    first_row_of_level: dict[int, int] = field(default_factory=dict)


class _Row:
    """One data row being checked: its cleaned fields and the error naming its row, line and a column."""

    def __init__(self, path: Path, row_no: int, line: int, rec: dict) -> None:
        self.path, self.row_no, self.line, self.rec = path, row_no, line, rec

    def fail(self, column: str, value: object, en: str, th: str) -> DataError:
        return _error(self.path, self.row_no, self.line, column, value, en, th)


def _clean(path: Path, header: list[str], row_no: int, line: int, fields: list[str]) -> _Row:
    """The row's fields stripped (some lowercased); every column but the optional ones filled in."""
    if len(fields) != len(header):
        raise _error(path, row_no, line, None, None,
                     f"the row has {len(fields)} fields but the header has {len(header)}",
                     f"แถวนี้มี {len(fields)} ช่อง แต่หัวตารางมี {len(header)} ช่อง")
    rec = {h: f.strip() for h, f in zip(header, fields)}
    for col in _LOWERCASED:
        rec[col] = rec[col].lower()
    row = _Row(path, row_no, line, rec)
    for col in COLUMNS:
        if col not in OPTIONAL_VALUE_COLUMNS and rec[col] == "":
            raise row.fail(col, "", "a value is required", "ต้องระบุค่า")
    return row


def _check_version(row: _Row, seen: _Seen) -> None:
    version = row.rec["criteria_version"]
    if seen.version is None:
        seen.version = (version, row.row_no)
    elif version != seen.version[0]:
        first, first_row = seen.version
        raise row.fail("criteria_version", version,
                       f"differs from '{first}' in row {first_row}; a criteria file holds exactly one version",
                       f"ไม่ตรงกับ '{first}' ในแถวข้อมูลที่ {first_row} ไฟล์เกณฑ์หนึ่งไฟล์ต้องมีเกณฑ์ฉบับเดียว")


def _check_ids(row: _Row, seen: _Seen) -> None:
    """A known dimension, a new indicator id, an aspect in one dimension only."""
    dim, ind, asp = row.rec["dimension_id"], row.rec["indicator_id"], row.rec["aspect_id"]
    if dim not in DIMENSIONS:
        raise row.fail("dimension_id", dim, f"unknown dimension; allowed: {', '.join(DIMENSIONS)}",
                       f"ไม่รู้จักมิตินี้ ต้องเป็นหนึ่งใน: {', '.join(DIMENSIONS)}")
    if ind in seen.indicators:
        first = seen.indicators[ind]
        raise row.fail("indicator_id", ind, f"duplicate indicator id (first used in row {first})",
                       f"รหัสตัวชี้วัดซ้ำ (ใช้แล้วในแถวข้อมูลที่ {first})")
    seen.indicators[ind] = row.row_no
    if asp in seen.aspect_dimension and seen.aspect_dimension[asp][0] != dim:
        other, other_row = seen.aspect_dimension[asp]
        raise row.fail("dimension_id", dim,
                       f"aspect '{asp}' already belongs to dimension '{other}' (row {other_row}); "
                       "an aspect belongs to exactly one dimension",
                       f"ด้าน '{asp}' อยู่ในมิติ '{other}' แล้ว (แถวข้อมูลที่ {other_row}) "
                       "ด้านหนึ่งต้องอยู่ในมิติเดียว")
    seen.aspect_dimension.setdefault(asp, (dim, row.row_no))


def _check_names(row: _Row, seen: _Seen) -> None:
    """The same dimension or aspect id has the same Thai and English names on every row."""
    rec = row.rec
    dim, asp = rec["dimension_id"], rec["aspect_id"]
    for key, col in ((dim, "dimension_th"), (dim, "dimension_en"), (asp, "aspect_th"), (asp, "aspect_en")):
        kind = col.split("_")[0]
        first = seen.names.setdefault((kind, key, col), (rec[col], row.row_no))
        if first[0] != rec[col]:
            raise row.fail(col, rec[col], f"{kind} '{key}' is named '{first[0]}' in row {first[1]}; "
                           "the same id must have the same name on every row",
                           f"{'มิติ' if kind == 'dimension' else 'ด้าน'} '{key}' ใช้ชื่อ '{first[0]}' "
                           f"ในแถวข้อมูลที่ {first[1]} รหัสเดียวกันต้องใช้ชื่อเดียวกันทุกแถว")


def _check_level(row: _Row, seen: _Seen) -> int:
    raw = row.rec["level"]
    if not raw.isdigit() or not MIN_LEVEL <= int(raw) <= MAX_LEVEL:
        raise row.fail("level", raw, f"level must be a whole number from {MIN_LEVEL} to {MAX_LEVEL}",
                       f"ระดับต้องเป็นจำนวนเต็มตั้งแต่ {MIN_LEVEL} ถึง {MAX_LEVEL}")
    seen.first_row_of_level.setdefault(int(raw), row.row_no)
    return int(raw)


def _check_kind(row: _Row) -> None:
    """A known metric type and direction."""
    metric, direction = row.rec["metric_type"], row.rec["direction"]
    if metric not in METRIC_TYPES:
        raise row.fail("metric_type", metric, f"metric_type must be one of: {', '.join(METRIC_TYPES)}",
                       f"ประเภทตัวชี้วัดต้องเป็นหนึ่งใน: {', '.join(METRIC_TYPES)}")
    if direction not in DIRECTIONS:
        raise row.fail("direction", direction, f"direction must be one of: {', '.join(DIRECTIONS)}",
                       f"ทิศทางต้องเป็นหนึ่งใน: {', '.join(DIRECTIONS)}")


def _check_threshold(row: _Row) -> float:
    """A finite, non-negative number that fits the metric type (binary: 1, higher; percent: up to 100)."""
    raw, metric, direction = row.rec["threshold"], row.rec["metric_type"], row.rec["direction"]
    try:
        threshold = float(raw.replace(",", ""))
    except ValueError:
        threshold = math.nan
    if not math.isfinite(threshold):
        raise row.fail("threshold", raw, "threshold must be a number", "ค่าเกณฑ์ต้องเป็นตัวเลข")
    if threshold < 0:
        raise row.fail("threshold", raw, "threshold must not be negative", "ค่าเกณฑ์ต้องไม่ติดลบ")
    if metric == "binary" and threshold != 1:
        raise row.fail("threshold", raw, "a binary indicator's threshold must be 1",
                       "ตัวชี้วัดแบบผ่าน/ไม่ผ่าน (binary) ต้องมีค่าเกณฑ์เป็น 1")
    if metric == "binary" and direction != "higher":
        raise row.fail("direction", direction, "a binary indicator must have direction 'higher' (1 = achieved)",
                       "ตัวชี้วัดแบบผ่าน/ไม่ผ่าน (binary) ต้องมีทิศทาง 'higher' (1 = ผ่าน)")
    if metric == "percent" and threshold > 100:
        raise row.fail("threshold", raw, "a percent threshold must be between 0 and 100",
                       "ค่าเกณฑ์แบบร้อยละต้องอยู่ระหว่าง 0 ถึง 100")
    return threshold


def _check_illustrative(row: _Row) -> bool:
    raw = row.rec["illustrative"]
    if raw not in _BOOLS:
        raise row.fail("illustrative", raw, "must be true or false", "ต้องเป็น true หรือ false")
    return _BOOLS[raw]


def _check_row(row: _Row, seen: _Seen) -> dict:
    """Every check of one row, in column order (the first problem is raised); the row with typed values."""
    _check_version(row, seen)
    _check_ids(row, seen)
    _check_names(row, seen)
    level = _check_level(row, seen)
    _check_kind(row)
    threshold = _check_threshold(row)
    illustrative = _check_illustrative(row)
    return {**row.rec, "level": level, "threshold": threshold, "illustrative": illustrative}


def _check_levels_complete(path: Path, first_row_of_level: dict[int, int]) -> None:
    """Every level from the lowest to the highest present has an indicator."""
    present = sorted(first_row_of_level)
    gaps = [lv for lv in range(MIN_LEVEL, present[-1]) if lv not in first_row_of_level]
    if gaps:
        # name the first row (in file order) whose level lies above the lowest gap
        top_row, top = min((r, lv) for lv, r in first_row_of_level.items() if lv > gaps[0])
        gap_text = ", ".join(map(str, gaps))
        raise _error(path, top_row, None, "level", top,
                     f"level(s) {gap_text} have no indicators although level {top} does; "
                     f"every level from {MIN_LEVEL} to the highest needs at least one indicator",
                     f"ระดับ {gap_text} ไม่มีตัวชี้วัด แต่ระดับ {top} มี "
                     f"ทุกระดับตั้งแต่ {MIN_LEVEL} ถึงระดับสูงสุดต้องมีตัวชี้วัดอย่างน้อยหนึ่งตัว")


def load_criteria(path: str | Path) -> Criteria:
    """Read and validate a criteria CSV (UTF-8, with or without BOM); raise DataError on the first problem."""
    path = Path(path)
    header, records = _read_rows(path)
    _check_header(path, header, records)
    seen = _Seen()
    rows = [_check_row(_clean(path, header, row_no, line, fields), seen) for row_no, line, fields in records]
    _check_levels_complete(path, seen.first_row_of_level)
    extra = [h for h in header if h not in COLUMNS]
    table = pd.DataFrame(rows, columns=list(COLUMNS) + extra)
    table["level"] = table["level"].astype("int64")
    table["threshold"] = table["threshold"].astype("float64")
    table["illustrative"] = table["illustrative"].astype(bool)
    return Criteria(version=seen.version[0], table=table)


def criteria_counts(criteria: Criteria) -> dict[str, int]:
    """Counts of distinct dimensions, aspects and indicators.

    e.g. ``{'dimensions': 5, 'aspects': 20, 'indicators': 41}``
    """
    t = criteria.table
    return {
        "dimensions": int(t["dimension_id"].nunique()),
        "aspects": int(t["aspect_id"].nunique()),
        "indicators": int(t["indicator_id"].nunique()),
    }


def version_label(version: str, lang: str) -> str:
    """A criteria version as people read it: '2565-illustrative' -> 'พ.ศ. 2565 (ฉบับตัวอย่าง)' /
    '2022 (B.E. 2565), illustrative'; any other version text is shown as it is."""
    from i18n import t, year_label

    m = re.fullmatch(r"(\d{4})(?:-(illustrative|draft))?", str(version).strip())
    if not m:
        return str(version)
    year = year_label(int(m.group(1)), lang)
    return t("criteria.version_" + (m.group(2) or "official"), lang, year=year)
