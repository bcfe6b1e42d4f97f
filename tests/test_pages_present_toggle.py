"""Presentation mode (AppTest on the demo): the language toggle keeps the area on screen and the URL names it by
its id; the settings start folded once an area is shown."""
import pandas as pd

from tests.appserver import ROOT
from tests.markdown_check import as_text
from tests.pagetest import module_database, run

app_database = module_database("present")


def _button(at, key: str):
    return next(b for b in at.button if b.key == key)


def test_the_language_toggle_keeps_the_area_on_screen():
    areas = pd.read_csv(ROOT / "data" / "areas.csv", dtype=str)
    moved = None
    for i in range(1, 20):
        at = run("pages/present.py", year=2568, i=i)
        title = as_text(at.title[0].value)
        row = areas.loc[areas["name_th"] == title]
        if row.empty:
            continue
        area_id = row["area_id"].iloc[0]
        assert at.query_params["area"] == area_id                      # the URL names the area by its id
        _button(at, "present_lang").click().run()
        assert not at.exception
        en_title = as_text(at.title[0].value)
        assert en_title == row["name_en"].iloc[0], (i, title, en_title)
        assert at.query_params["area"] == area_id
        if at.query_params["i"] != str(i):
            moved = area_id
            break
    assert moved, "no area whose place differs between the languages was tried"


def test_a_link_naming_the_area_opens_it():
    at = run("pages/present.py", year=2568, area="ryg-mtp", i=1)
    areas = pd.read_csv(ROOT / "data" / "areas.csv", dtype=str).set_index("area_id")
    assert as_text(at.title[0].value) == areas.loc["ryg-mtp", "name_th"]


def test_the_settings_start_folded_once_an_area_is_shown():
    at = run("pages/present.py", year=2568)
    settings = [e for e in at.expander if "ตั้งค่า" in e.label]
    assert settings and not settings[0].proto.expanded
    empty = run("pages/present.py", year=2568, province=21, level=3)         # no area of Rayong at level 3
    assert empty.info
    assert [e for e in empty.expander if "ตั้งค่า" in e.label][0].proto.expanded
