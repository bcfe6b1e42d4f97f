"""The Buddhist-era year rule, written once: years people read and type are Buddhist era (พ.ศ. = ค.ศ. + 543);
a four-digit year between 1900 and 2200 is taken for a Christian-era slip and answered with the Buddhist-era
year to write; anything else outside 2500..2700 is implausible. Dates in machine files stay ISO (Christian era)."""
from __future__ import annotations

import datetime as dt

from common.clock import BANGKOK, bangkok_today
from common.errors import Refused

BE_OFFSET = 543
BE_MIN, BE_MAX = 2500, 2700
CE_SLIP = (1900, 2200)          # years in this range were written in the Christian era by mistake
#: The Thai month names, January first, in full and abbreviated as printed (ม.ค.); the one list of them.
TH_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
             "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
TH_MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def to_be(ce_year: int) -> int:
    return int(ce_year) + BE_OFFSET


def to_ce(be_year: int) -> int:
    return int(be_year) - BE_OFFSET


def current_be_year(today: dt.date | None = None) -> int:
    """The Buddhist-era year of ``today`` (default: today in Bangkok)."""
    return to_be((today or bangkok_today()).year)


def looks_ce(year: int) -> bool:
    return CE_SLIP[0] <= int(year) <= CE_SLIP[1]


def be_year_problem(year: int) -> tuple[str, str] | None:
    """Why ``year`` is not a plausible Buddhist-era year, as (English, Thai), or None when it is."""
    y = int(year)
    if looks_ce(y):
        return (f"looks like a Christian-era year; write {to_be(y)} instead "
                f"(the Buddhist-era year {to_be(y)} = CE {y} + 543)",
                f"ดูเหมือนเป็นปี ค.ศ. กรุณาใช้ปี พ.ศ. {to_be(y)} (ค.ศ. {y} + 543)")
    if not BE_MIN <= y <= BE_MAX:
        return (f"implausible Buddhist-era year (expected {BE_MIN}..{BE_MAX})",
                f"ปี พ.ศ. ไม่สมเหตุสมผล (ต้องอยู่ระหว่าง {BE_MIN}..{BE_MAX})")
    return None


def ce_date_problem(year: int) -> tuple[str, str] | None:
    """Why the year of an ISO (Christian-era) date is wrong, as (English, Thai), or None."""
    y = int(year)
    if y >= 2400:
        return (f"dates are Christian era; {y} looks like a Buddhist-era year (use {to_ce(y)})",
                f"วันที่ต้องเป็น ค.ศ.; ปี {y} ดูเหมือนเป็น พ.ศ. (ใช้ {to_ce(y)})")
    if not 1950 <= y <= 2100:
        return "implausible year in the date", "ปีในวันที่ไม่สมเหตุสมผล"
    return None


def be_date(day: int, month: int, year_be: int) -> dt.date:
    """The date of a Buddhist-era day, month and year as people write it (1 ธ.ค. 2568 = 2025-12-01); common.errors.Refused
    (a ValueError) with the reason in Thai and English when there is no such day (31 ก.พ.) or the year is implausible."""
    problem = be_year_problem(year_be)
    if problem:
        raise Refused(th=problem[1], en=problem[0])
    try:
        return dt.date(to_ce(year_be), int(month), int(day))
    except ValueError:
        raise Refused(th=f"ไม่มีวันที่ {day}/{month}/{year_be}",
                      en=f"there is no day {day}/{month}/{year_be} (Buddhist era)") from None


def fiscal_year_span(year_be: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the Thai fiscal year ``year_be`` (ปีงบประมาณ, Buddhist era): 1 October of the
    year before to 30 September (fiscal 2568 = 1 October 2024 – 30 September 2025)."""
    ce = to_ce(year_be)
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)


def be_stamp(when) -> str:
    """A stored moment (an aware datetime, or a naive one in UTC as the database gives it back; pandas
    Timestamps too) as a Bangkok time with a Buddhist-era year, sortable as text: ``2568-12-08 07:50:53``;
    '' for a missing value."""
    if when is None or when != when:                      # None, NaN, NaT
        return ""
    if isinstance(when, str):
        when = dt.datetime.fromisoformat(when)
    if hasattr(when, "to_pydatetime"):
        when = when.to_pydatetime()
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    local = when.astimezone(BANGKOK)
    return f"{to_be(local.year)}-{local:%m-%d %H:%M:%S}"
