"""Thailand's clock, in one place: the time zone (Asia/Bangkok, UTC+7 all year, no daylight saving since 1920),
now and today there.  Deadlines, visit dates and "this year" are Thai dates, whatever the server's zone."""
from __future__ import annotations

import datetime as dt

BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")


def bangkok_now() -> dt.datetime:
    return dt.datetime.now(BANGKOK)


def bangkok_today() -> dt.date:
    return bangkok_now().date()
