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
from dataclasses import dataclass
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


def load_criteria(path: str | Path) -> Criteria:
    """Read and validate a criteria CSV (UTF-8, with or without BOM); raise DataError on the first problem."""
    path = Path(path)
    header, records = _read_rows(path)

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

    rows: list[dict] = []
    first_version: tuple[str, int] | None = None
    seen_indicator: dict[str, int] = {}
    aspect_dimension: dict[str, tuple[str, int]] = {}
    names: dict[tuple[str, str, str], tuple[str, int]] = {}
    first_row_of_level: dict[int, int] = {}

    for row_no, line, fields in records:
        def fail(column: str, value: object, en: str, th: str, row_no=row_no, line=line) -> DataError:
            return _error(path, row_no, line, column, value, en, th)

        if len(fields) != len(header):
            raise _error(path, row_no, line, None, None,
                         f"the row has {len(fields)} fields but the header has {len(header)}",
                         f"แถวนี้มี {len(fields)} ช่อง แต่หัวตารางมี {len(header)} ช่อง")
        rec = {h: f.strip() for h, f in zip(header, fields)}
        for col in _LOWERCASED:
            rec[col] = rec[col].lower()
        for col in COLUMNS:
            if col not in OPTIONAL_VALUE_COLUMNS and rec[col] == "":
                raise fail(col, "", "a value is required", "ต้องระบุค่า")

        version = rec["criteria_version"]
        if first_version is None:
            first_version = (version, row_no)
        elif version != first_version[0]:
            raise fail("criteria_version", version,
                       f"differs from '{first_version[0]}' in row {first_version[1]}; "
                       "a criteria file holds exactly one version",
                       f"ไม่ตรงกับ '{first_version[0]}' ในแถวข้อมูลที่ {first_version[1]} "
                       "ไฟล์เกณฑ์หนึ่งไฟล์ต้องมีเกณฑ์ฉบับเดียว")

        dim = rec["dimension_id"]
        if dim not in DIMENSIONS:
            raise fail("dimension_id", dim, f"unknown dimension; allowed: {', '.join(DIMENSIONS)}",
                       f"ไม่รู้จักมิตินี้ ต้องเป็นหนึ่งใน: {', '.join(DIMENSIONS)}")

        ind = rec["indicator_id"]
        if ind in seen_indicator:
            raise fail("indicator_id", ind, f"duplicate indicator id (first used in row {seen_indicator[ind]})",
                       f"รหัสตัวชี้วัดซ้ำ (ใช้แล้วในแถวข้อมูลที่ {seen_indicator[ind]})")
        seen_indicator[ind] = row_no

        asp = rec["aspect_id"]
        if asp in aspect_dimension and aspect_dimension[asp][0] != dim:
            other, other_row = aspect_dimension[asp]
            raise fail("dimension_id", dim,
                       f"aspect '{asp}' already belongs to dimension '{other}' (row {other_row}); "
                       "an aspect belongs to exactly one dimension",
                       f"ด้าน '{asp}' อยู่ในมิติ '{other}' แล้ว (แถวข้อมูลที่ {other_row}) "
                       "ด้านหนึ่งต้องอยู่ในมิติเดียว")
        aspect_dimension.setdefault(asp, (dim, row_no))

        for key, col in ((dim, "dimension_th"), (dim, "dimension_en"), (asp, "aspect_th"), (asp, "aspect_en")):
            kind = col.split("_")[0]
            first = names.setdefault((kind, key, col), (rec[col], row_no))
            if first[0] != rec[col]:
                raise fail(col, rec[col], f"{kind} '{key}' is named '{first[0]}' in row {first[1]}; "
                           "the same id must have the same name on every row",
                           f"{'มิติ' if kind == 'dimension' else 'ด้าน'} '{key}' ใช้ชื่อ '{first[0]}' "
                           f"ในแถวข้อมูลที่ {first[1]} รหัสเดียวกันต้องใช้ชื่อเดียวกันทุกแถว")

        raw_level = rec["level"]
        if not raw_level.isdigit() or not MIN_LEVEL <= int(raw_level) <= MAX_LEVEL:
            raise fail("level", raw_level, f"level must be a whole number from {MIN_LEVEL} to {MAX_LEVEL}",
                       f"ระดับต้องเป็นจำนวนเต็มตั้งแต่ {MIN_LEVEL} ถึง {MAX_LEVEL}")
        level = int(raw_level)
        first_row_of_level.setdefault(level, row_no)

        metric = rec["metric_type"]
        if metric not in METRIC_TYPES:
            raise fail("metric_type", metric, f"metric_type must be one of: {', '.join(METRIC_TYPES)}",
                       f"ประเภทตัวชี้วัดต้องเป็นหนึ่งใน: {', '.join(METRIC_TYPES)}")
        direction = rec["direction"]
        if direction not in DIRECTIONS:
            raise fail("direction", direction, f"direction must be one of: {', '.join(DIRECTIONS)}",
                       f"ทิศทางต้องเป็นหนึ่งใน: {', '.join(DIRECTIONS)}")

        raw_threshold = rec["threshold"]
        try:
            threshold = float(raw_threshold.replace(",", ""))
        except ValueError:
            threshold = math.nan
        if not math.isfinite(threshold):
            raise fail("threshold", raw_threshold, "threshold must be a number", "ค่าเกณฑ์ต้องเป็นตัวเลข")
        if threshold < 0:
            raise fail("threshold", raw_threshold, "threshold must not be negative", "ค่าเกณฑ์ต้องไม่ติดลบ")
        if metric == "binary":
            if threshold != 1:
                raise fail("threshold", raw_threshold, "a binary indicator's threshold must be 1",
                           "ตัวชี้วัดแบบผ่าน/ไม่ผ่าน (binary) ต้องมีค่าเกณฑ์เป็น 1")
            if direction != "higher":
                raise fail("direction", direction,
                           "a binary indicator must have direction 'higher' (1 = achieved)",
                           "ตัวชี้วัดแบบผ่าน/ไม่ผ่าน (binary) ต้องมีทิศทาง 'higher' (1 = ผ่าน)")
        if metric == "percent" and threshold > 100:
            raise fail("threshold", raw_threshold, "a percent threshold must be between 0 and 100",
                       "ค่าเกณฑ์แบบร้อยละต้องอยู่ระหว่าง 0 ถึง 100")

        raw_illustrative = rec["illustrative"]
        if raw_illustrative not in _BOOLS:
            raise fail("illustrative", raw_illustrative, "must be true or false", "ต้องเป็น true หรือ false")

        rec.update(level=level, threshold=threshold, illustrative=_BOOLS[raw_illustrative])
        rows.append(rec)

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

    extra = [h for h in header if h not in COLUMNS]
    table = pd.DataFrame(rows, columns=list(COLUMNS) + extra)
    table["level"] = table["level"].astype("int64")
    table["threshold"] = table["threshold"].astype("float64")
    table["illustrative"] = table["illustrative"].astype(bool)
    return Criteria(version=first_version[0], table=table)


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
