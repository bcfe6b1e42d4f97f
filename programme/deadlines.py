"""``data/deadlines.csv``: by when the area working groups send each year's submission to the Eco Center.

Columns ``year, due_on, note_th, note_en``: ``year`` a Buddhist-era year (once each), ``due_on`` the date in the
Buddhist era as people write it (``2568-10-31``), within the year's Thai fiscal span (from October of the year
before to the end of the year after); the notes are optional.  Validated on load (DataError naming row, column,
value and reason in English and Thai).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from common.csvfile import read_table
from common.years import to_ce

DEADLINES_FILE = "deadlines.csv"
COLUMNS = ("year", "due_on", "note_th", "note_en")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def load_deadlines(data_dir: Path | str) -> pd.DataFrame:
    """year (int, BE), due_on (datetime.date), note_th, note_en; one row per year, by year.  A missing file is
    an empty table (no deadlines yet)."""
    path = Path(data_dir) / DEADLINES_FILE
    if not path.exists():
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "due_on": pd.Series(dtype=object),
                             "note_th": pd.Series(dtype=object), "note_en": pd.Series(dtype=object)})
    t = read_table(path, DEADLINES_FILE, COLUMNS, optional=("note_th", "note_en"))
    t.frame["year"] = t.be_years("year")
    t.unique("year")
    dates = []
    for i, (year, raw) in enumerate(zip(t.frame["year"], t.frame["due_on"])):
        m = _DATE.match(raw)
        try:
            when = dt.date(to_ce(int(m.group(1))), int(m.group(2)), int(m.group(3))) if m else None
        except ValueError:
            when = None
        if when is None:
            raise t.fail(i, "due_on", "must be a date in the Buddhist era, written YYYY-MM-DD (e.g. 2568-10-31)",
                         "ต้องเป็นวันที่แบบ พ.ศ. เขียนเป็น ปปปป-ดด-วว (เช่น 2568-10-31)", value=raw)
        if not to_ce(int(year)) - 1 <= when.year <= to_ce(int(year)) + 1:
            raise t.fail(i, "due_on", f"the date is far from the year {year}: a Christian-era year by mistake?",
                         f"วันที่ห่างจากปี {year} มากเกินไป อาจเขียนเป็นปี ค.ศ.", value=raw)
        dates.append(when)
    t.frame["due_on"] = dates
    return t.frame.sort_values("year").reset_index(drop=True)


def open_year(deadlines: pd.DataFrame, today: dt.date) -> int | None:
    """The year whose submissions are being collected: the first whose deadline is today or later, else the
    latest listed; None without deadlines."""
    if deadlines.empty:
        return None
    ahead = deadlines.loc[deadlines["due_on"] >= today, "year"]
    return int(ahead.iloc[0] if len(ahead) else deadlines["year"].iloc[-1])
