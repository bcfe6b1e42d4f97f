"""Helpers with one owner: the missing-value test, Thailand's clock, the Buddhist-era years and the Thai month
names, Thailand's bounding box; and the tree holds no second copy of them."""
from __future__ import annotations

import datetime as dt
import io
import math
import tokenize
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from common import clock, years
from common.values import is_missing
from geo.extent import BOUNDS, LAT_RANGE, LON_RANGE, in_thailand

ROOT = Path(__file__).resolve().parents[1]
SKIP = (".venv", "tests", "static", "var", "artifacts")


def _sources():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] not in SKIP and "versions" not in rel.parts:
            yield rel, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("value", [None, pd.NA, pd.NaT, math.nan, np.float64("nan"), np.nan, float("nan")])
def test_is_missing_knows_every_kind_of_missing(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, 5, "", "ryg-mtp", False, dt.date(2025, 1, 1), pd.Timestamp("2025-01-01")])
def test_is_missing_keeps_real_values(value):
    assert not is_missing(value)


def test_today_in_bangkok_is_seven_hours_ahead_of_utc():
    now = clock.bangkok_now()
    assert now.utcoffset() == dt.timedelta(hours=7)
    assert abs((now - dt.datetime.now(dt.UTC)).total_seconds()) < 60
    assert clock.bangkok_today() == now.date() or clock.bangkok_today() == now.date() + dt.timedelta(days=1)


def test_the_buddhist_era_year_is_the_christian_plus_543():
    assert years.to_be(2025) == 2568 and years.to_ce(2568) == 2025
    assert years.current_be_year(dt.date(2025, 12, 31)) == 2568
    assert years.current_be_year() == years.to_be(clock.bangkok_today().year)


def test_thai_month_names_in_full_and_short():
    assert len(years.TH_MONTHS) == len(years.TH_MONTHS_SHORT) == 12
    assert years.TH_MONTHS[0] == "มกราคม" and years.TH_MONTHS_SHORT[11] == "ธ.ค."


def test_thailand_bounding_box():
    assert in_thailand(13.75, 100.5)                    # Bangkok
    assert not in_thailand(100.5, 13.75)                # latitude and longitude swapped
    assert BOUNDS == [[LAT_RANGE[0], LON_RANGE[0]], [LAT_RANGE[1], LON_RANGE[1]]]


# ---------------------------------------------------------------------------------- no second copies

def _numbers(text: str) -> list[tuple[int, str]]:
    """(line, literal) of every number literal in Python source (comments and strings left out)."""
    toks = tokenize.generate_tokens(io.StringIO(text).readline)
    return [(tok.start[0], tok.string) for tok in toks if tok.type == tokenize.NUMBER]


def test_no_543_outside_the_buddhist_era_module():
    """The Buddhist-era offset is common.years' BE_OFFSET: a literal 543 anywhere else is a second copy."""
    found = [f"{rel}:{line}" for rel, text in _sources() if rel != Path("common/years.py")
             for line, number in _numbers(text) if number == "543"]
    assert found == []


@pytest.mark.parametrize("needle,home", [
    ("กุมภาพันธ์", "common/years.py"),               # the Thai month names
    ("ก.พ.", "common/years.py"),
    ("hours=7", "common/clock.py"),                   # Bangkok's time zone
    ("105.7", "geo/extent.py"),                       # Thailand's bounding box
    ("97.3", "geo/extent.py"),
    ('lstrip("#")', "geo/colours.py"),                # the colour conversion
    ("math.isnan(", "common/values.py"),              # the missing-value test
    ("def _missing(", None),
    ("def _nan(", None),
    ("def _isna(", None),
])
def test_one_home(needle, home):
    found = sorted(str(rel) for rel, text in _sources() if needle in text)
    assert found == ([home] if home else []), f"{needle!r} is written outside {home or 'the tree'}: {found}"


def test_level_colours_are_read_through_one_function():
    """Every map, chart, table and report asks geo.colours.level_colour for a level's colour (one fallback)."""
    found = sorted(f"{rel}" for rel, text in _sources()
                   if "level_colours[" in text or "level_colours.get(" in text)
    assert found == ["geo/colours.py"]
