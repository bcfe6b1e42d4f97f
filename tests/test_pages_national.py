"""The national page (the front page): levels, counts, filters, sorting and language from the URL, the year at a
glance, Thai dictionary order."""
import re

from tests.appserver import ROOT
from tests.pagetest import html, metrics, run, shared_database, text

app_database = shared_database()


def test_national_page_shows_the_published_2564_levels_of_phase_one():
    at = run(year=2564, phase=1)
    m = metrics(at)
    assert m["พื้นที่ในโครงการ"] == "18/18"
    assert (m["ระดับ 2"], m["ระดับ 3"], m["ระดับ 4"]) == ("9", "5", "4")
    assert m["โรงงานในพื้นที่"] == "4,494"
    table = html(at)
    assert table.count("<tr>") == 18 + 1  # 18 rows + header


def test_national_page_all_53_areas_and_not_yet_joined_areas_are_marked():
    at = run(year=2562)
    table = html(at).split('id="area-table"')[1]
    rows = re.findall(r"<tr>.*?</tr>", table, flags=re.S)
    assert len(rows) == 53 + 1
    assert metrics(at)["พื้นที่ในโครงการ"] == "18/53"
    assert table.count("ยังไม่เข้าร่วม") == 53 - 18  # shown as not yet in the programme, not as level 0


def test_province_filter_from_the_url():
    at = run(province=21)  # Rayong
    table = html(at)
    assert "ryg-mtp" in table and "ryg-irpc" in table
    assert "pte-bangkadi" not in table


def test_sorting_by_level_through_the_url():
    at = run(year=2564, phase=1, sort="level", desc=1)
    ids = re.findall(r'<td class="name"><a href="area\?[^"]*area=([a-z][a-z0-9-]+)"', html(at))
    levels = [int(x) for x in re.findall(r"ระดับ (\d)</span>", html(at))]
    assert len(ids) == 18 and levels == sorted(levels, reverse=True)


def test_english_toggle_in_the_url():
    at = run(lang="en")
    assert at.title[0].value == "Eco Industrial Towns: all target areas"
    assert "Demo data" in text(at)


def test_the_front_page_says_how_this_year_went_on_the_levels_on_record():
    """Up / same / down against the year before and the movers, from scoring.movers on the levels on record,
    for the areas of the filter; and how many are not certified."""
    from db.snapshot import load_dataset_from_db
    from scoring.certified import levels_on_record
    from scoring.movers import certification_tally, year_change
    from scoring.summary import build_model
    from tests.markdown_check import _html_text
    from ui.context import engine

    at = run(year=2568, phase=1)
    board = _html_text(next(h.value for h in at.get("html") if 'id="glance"' in h.value))
    ds = load_dataset_from_db(ROOT / "data", engine())
    model = build_model(ds.assessments, ds.criteria)
    phase1 = ds.areas.loc[ds.areas["phase"].astype(int) == 1]
    on_record = levels_on_record(model.levels, ds.certifications)
    ch = year_change(on_record, phase1, 2568)
    tally = certification_tally(on_record, phase1["area_id"], 2568)
    assert ch.previous == 2567 and ch.up + ch.same + ch.down + ch.new == len(phase1)
    assert f"▲ {ch.up}" in board and f"= {ch.same}" in board and f"▼ {ch.down}" in board
    first = phase1.set_index("area_id").loc[ch.movers["area_id"].iloc[0], "name_th"]
    assert first in board
    assert f"{tally['uncertified']} จาก {len(phase1)} พื้นที่" in board


def test_lists_and_tables_are_in_thai_dictionary_order():
    """The province filter, the area picker, the area table and presentation mode sort Thai by Thai order
    (common.thai), not by code point (which puts เ แ โ ใ ไ after อ)."""
    from common.thai import sorted_thai

    at = run(year=2568)
    provinces = [o for o in at.selectbox(key="url_province").options if o]
    assert provinces == sorted_thai(provinces) and provinces != sorted(provinces)
    table_provinces = re.findall(r'<td class="prov">([^<]+)</td>', html(at))
    assert len(table_provinces) >= 40 and table_provinces == sorted_thai(table_provinces)
    area = run("pages/area.py")
    picks = [o for o in area.selectbox(key="url_area").options if o]
    assert picks == sorted_thai(picks)
