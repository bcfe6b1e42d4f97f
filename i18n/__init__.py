"""One string catalogue per language (``th.json``, ``en.json``); Thai is the default.

``t(key, lang, **values)`` looks a label up and fills ``{placeholders}``. A key missing from a catalogue is a bug
(the test suite checks both catalogues have the same keys); at run time it shows the key itself, never crashes.
"""
from __future__ import annotations

import datetime as dt
import json
from datetime import date
from functools import cache
from pathlib import Path

from common.clock import BANGKOK
from common.values import is_missing
from common.years import BE_OFFSET, TH_MONTHS, TH_MONTHS_SHORT

LANGS = ("th", "en")
DEFAULT_LANG = "th"



@cache
def catalogue(lang: str) -> dict[str, str]:
    path = Path(__file__).with_name(f"{lang}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


#: Placeholders that hold a count: a whole number given for one of them reads with thousands separators
#: ("เพิ่ม 150,000"), in every sentence, whether or not the sentence asks for it ({n:,}). Years and ids are not
#: counts and keep their digits as they are (พ.ศ. 2568).
COUNTS = frozenset({"n", "inserted", "updated", "unchanged", "skipped", "warnings", "errors", "total", "shown",
                    "rows", "count", "done", "developed", "first", "last", "cleared", "changed", "need"})


class _Count(int):
    """A whole number that formats with thousands separators when the sentence gives no format of its own."""

    def __format__(self, spec: str) -> str:
        return format(int(self), spec or ",")


def _counted(key: str, value):
    from numbers import Integral

    if key in COUNTS and isinstance(value, Integral) and not isinstance(value, bool):
        return _Count(int(value))
    return value


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    text = catalogue(normalise_lang(lang)).get(key, key)
    return text.format(**{k: _counted(k, v) for k, v in values.items()}) if values else text


def year_label(year_be: int, lang: str = DEFAULT_LANG) -> str:
    """A Buddhist-era year as users expect it: 'พ.ศ. 2567' in Thai, '2024 (B.E. 2567)' in English."""
    year_be = int(year_be)
    if normalise_lang(lang) == "th":
        return f"พ.ศ. {year_be}"
    return f"{year_be - BE_OFFSET} (B.E. {year_be})"


def month_name(month: int, lang: str = DEFAULT_LANG) -> str:
    """The full name of month 1..12: 'ธันวาคม', 'December'."""
    if normalise_lang(lang) == "th":
        return TH_MONTHS[int(month) - 1]
    return date(2000, int(month), 1).strftime("%B")


def date_label(d: date | str, lang: str = DEFAULT_LANG) -> str:
    """A date in full: '30 กันยายน 2568' (Buddhist era) in Thai, '30 September 2025' in English."""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    if normalise_lang(lang) == "th":
        return f"{d.day} {TH_MONTHS[d.month - 1]} {d.year + BE_OFFSET}"
    return d.strftime("%-d %B %Y")


def datetime_label(when, lang: str = DEFAULT_LANG, with_time: bool = True) -> str:
    """A moment as a person reads it, in Bangkok time: '30 ก.ย. 2568 14:05' (Buddhist era) in Thai,
    '30 Sep 2025 14:05' in English; '–' for a missing value. Naive datetimes are taken as UTC (the database
    stores UTC); ISO text is accepted."""
    if when is None or is_missing(when):
        return "–"
    if isinstance(when, str):
        if not when.strip():
            return "–"
        when = dt.datetime.fromisoformat(when.strip().replace("Z", "+00:00"))
    if hasattr(when, "to_pydatetime"):
        when = when.to_pydatetime()
    if isinstance(when, dt.datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        when = when.astimezone(BANGKOK)
    elif isinstance(when, dt.date):
        with_time = False
    day = f"{when.day} {TH_MONTHS_SHORT[when.month - 1]} {when.year + BE_OFFSET}" if normalise_lang(lang) == "th" \
        else when.strftime("%-d %b %Y")
    return f"{day} {when.hour:02d}:{when.minute:02d}" if with_time else day
