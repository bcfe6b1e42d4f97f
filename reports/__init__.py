"""Exports for committee meetings, Thai first: PowerPoint decks, PDF reports, static PNG maps and charts, Excel
and GeoJSON tables. No Streamlit here and nothing fetched from the internet: maps and charts are drawn with
matplotlib from the same boundaries and colours as the live maps, text is set in Sarabun from the
``fontpkg-sarabun`` package.

Command line: ``python -m reports --help``.
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from common.errors import Refused

FONT_FAMILY = "Sarabun"
FONT_PACKAGE = "fontpkg_sarabun"

# PowerPoint decks do not embed fonts: they name one the presenting PC must have. The default is the Thai
# government's standard font, TH Sarabun New (on government PCs with the national fonts); Sarabun (the TTFs that
# come with fontpkg-sarabun) is the other choice (``EIT_DECK_FONT`` / ``--font``). TH Sarabun New draws smaller at
# the same point size (16 pt of it reads like 12 pt of Sarabun), so its sizes are scaled by 4/3 to keep the
# layout: font name → size factor.
DECK_FONTS = {"TH Sarabun New": 4 / 3, "Sarabun": 1.0}
DECK_FONT = "TH Sarabun New"


class ReportError(Refused, LookupError):
    """Something asked for does not exist (an area, factory, province or year); the message says what, in Thai
    and English."""


@cache
def font_file(weight: str = "Regular") -> Path:
    """The Sarabun TTF of ``weight`` ('Regular', 'Bold', ...) shipped by the fontpkg-sarabun package."""
    path = Path(str(resources.files(FONT_PACKAGE) / "files" / f"Sarabun-{weight}.ttf"))
    if not path.is_file():
        raise FileNotFoundError(f"{path}: Sarabun {weight} missing; install fontpkg-sarabun (requirements.txt)")
    return path



def as_of_text(ds, lang: str) -> str:
    """'ข้อมูล ณ วันที่ 30 กันยายน 2568' from the data set's meta.json, or a plain 'date not stated'."""
    from i18n import date_label, t

    as_of = (ds.meta or {}).get("data_as_of")
    return t("factory.data_as_of", lang, date=date_label(as_of, lang)) if as_of else t("report.as_of_unknown", lang)
