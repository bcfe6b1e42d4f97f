"""The query parameters of ``/collections/{id}/items``, read and checked: ``bbox``, ``datetime``, ``limit``,
``offset`` and ``f``. A bad value raises :class:`QueryError` (HTTP 400) with the reason in Thai and English.

Years: OGC ``datetime`` is RFC 3339 (Christian era). A date, a date-time or an interval of them
(``2025-01-01/2025-12-31``, ``../2025-12-31``) selects the features whose year (the Buddhist-era year the data
is kept in) contains it or overlaps it. A bare four-digit year is read as the programme reads years: 2400 or
above is Buddhist era (``2568``), below 2400 Christian era (``2025`` = พ.ศ. 2568)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from common.years import to_be

DEFAULT_LIMIT, MAX_LIMIT = 10, 10_000
BE_FROM = 2400
FORMATS = ("json", "geojson", "csv", "xlsx")
KNOWN = {"bbox", "datetime", "limit", "offset", "f", "bbox-crs"}
_DATE = re.compile(r"(\d{4})(-\d{2}-\d{2}([Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?)?")
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


class QueryError(ValueError):
    """A query parameter that cannot be read: ``th`` and ``en`` say why."""

    def __init__(self, en: str, th: str):
        super().__init__(en)
        self.en, self.th = en, th


@dataclass(frozen=True)
class Query:
    bbox: tuple[float, float, float, float] | None = None
    years: tuple[int | None, int | None] | None = None     # Buddhist-era years, inclusive; None = open end
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    f: str = "json"
    limit_given: bool = False


def year_of(text: str) -> int:
    """The Buddhist-era year of one end of a ``datetime`` value (see the module's note)."""
    m = _DATE.fullmatch(text.strip())
    if not m or (m.group(2) and not _real_date(text.strip()[:10])):
        raise QueryError(f"datetime: '{text}' is not a year, an RFC 3339 date or date-time",
                         f"datetime: '{text}' ไม่ใช่ปี หรือวันที่ตามรูปแบบ RFC 3339")
    year = int(m.group(1))
    if m.group(2) is None and year >= BE_FROM:
        return year
    return to_be(year)


def _real_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_datetime(text: str) -> tuple[int | None, int | None]:
    parts = text.split("/")
    if len(parts) > 2 or not text.strip():
        raise QueryError("datetime: one instant or one interval 'start/end'", "datetime: ค่าเดียว หรือช่วง 'เริ่ม/สิ้นสุด'")
    if len(parts) == 1:
        y = year_of(parts[0])
        return (y, y)
    lo, hi = (None if p in ("", "..") else year_of(p) for p in parts)
    if lo is not None and hi is not None and lo > hi:
        raise QueryError("datetime: the start is after the end", "datetime: วันเริ่มอยู่หลังวันสิ้นสุด")
    return (lo, hi)


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    try:
        nums = [float(x) for x in text.split(",")]
    except ValueError:
        nums = []
    if len(nums) == 6:                       # minx, miny, minz, maxx, maxy, maxz: the heights do not matter here
        nums = [nums[0], nums[1], nums[3], nums[4]]
    if len(nums) != 4 or any(n != n or n in (float("inf"), float("-inf")) for n in nums):
        raise QueryError("bbox: four numbers 'min lon,min lat,max lon,max lat'",
                         "bbox: ตัวเลขสี่ค่า 'ลองจิจูดต่ำสุด,ละติจูดต่ำสุด,ลองจิจูดสูงสุด,ละติจูดสูงสุด'")
    if nums[1] > nums[3]:
        raise QueryError("bbox: the southern edge is north of the northern one", "bbox: ขอบใต้อยู่เหนือขอบเหนือ")
    return tuple(nums)


def _integer(params: dict, name: str, default: int, minimum: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise QueryError(f"{name}: a whole number of at least {minimum}", f"{name}: จำนวนเต็มตั้งแต่ {minimum} ขึ้นไป")
    return value


def parse(params: dict, allowed: set[str] = KNOWN) -> Query:
    """The query of a request's parameters (a plain dict of the first value of each name)."""
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise QueryError(f"unknown parameter: {', '.join(unknown)}", f"ไม่รู้จักพารามิเตอร์: {', '.join(unknown)}")
    if params.get("bbox-crs", CRS84) != CRS84:
        raise QueryError("bbox-crs: only CRS84 (longitude, latitude)", "bbox-crs: รองรับเฉพาะ CRS84 (ลองจิจูด ละติจูด)")
    f = params.get("f", "json")
    if f not in FORMATS:
        raise QueryError(f"f: one of {', '.join(FORMATS)}", f"f: ค่าใดค่าหนึ่งใน {', '.join(FORMATS)}")
    limit = min(_integer(params, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT)   # above the maximum: the maximum (OGC)
    return Query(bbox=parse_bbox(params["bbox"]) if "bbox" in params else None,
                 years=parse_datetime(params["datetime"]) if "datetime" in params else None,
                 limit=limit, offset=_integer(params, "offset", 0, 0), f=f, limit_given="limit" in params)


def matches(query: Query, year: int | None, box) -> bool:
    """Whether a feature of ``year`` (None: no time; the time filter does not apply) and bounding ``box``
    (None: no geometry; never inside a bbox) passes the filters."""
    if query.years is not None and year is not None:
        lo, hi = query.years
        if (lo is not None and year < lo) or (hi is not None and year > hi):
            return False
    if query.bbox is not None:
        if box is None:
            return False
        x0, y0, x1, y1 = query.bbox
        return not (box[2] < x0 or box[0] > x1 or box[3] < y0 or box[1] > y1)
    return True
