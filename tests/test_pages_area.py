"""The area page through its URL: level, blockers, unknown ids, the short link, and the province kept on the way
to presentation mode and back."""
import re

from streamlit.testing.v1 import AppTest

from tests.appserver import ROOT
from tests.markdown_check import as_text
from tests.pagetest import html, links, metrics, run, shared_database, text

app_database = shared_database()


def test_area_page_through_query_parameters():
    at = run("pages/area.py", area="nma-mueang", year=2565)
    assert "นครราชสีมา" in at.title[0].value
    assert metrics(at)["ระดับ"] == "4"  # Nakhon Ratchasima reached level 4 in 2565
    body = text(at)
    assert "สิ่งที่ยังขาดเพื่อไปถึงระดับ 5" in body
    assert len(at.tabs) == 5  # the scorecard, one tab per dimension
    assert "factory-table" in html(at)


def test_area_page_previous_year_and_blockers():
    at = run("pages/area.py", area="nma-mueang", year=2564)
    assert metrics(at)["ระดับ"] == "3"
    blockers = at.dataframe[0].value
    assert len(blockers) >= 1  # at least one indicator keeps it below level 4


def test_area_page_unknown_id_is_a_clear_message():
    at = run("pages/area.py", area="no-such-area")
    assert any("no-such-area" in as_text(e.value) for e in at.error)


def test_front_door_short_link_opens_the_area_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["area"] = "ryg-irpc"
    at.run()
    assert not at.exception
    assert at.title[0].value.startswith("เขตประกอบการไออาร์พีซี")


def test_the_province_follows_from_the_front_page_to_an_area_presentation_mode_and_back():
    at = run(year=2568, province="21", level=3)
    board = next(h.value for h in at.get("html") if 'id="glance"' in h.value)
    assert re.search(r'href="present\?[^"]*province=21[^"]*"', board)
    area = run("pages/area.py", area="ryg-mtp", year=2568, province="21")
    picks = area.selectbox(key="url_area").options
    assert len(picks) == 2 and all(p.endswith("จ.ระยอง") for p in picks)      # the province's areas only
    page_links = links(area)
    back = page_links["กลับไปภาพรวมประเทศ"]
    assert back["province"] == "21" and back["year"] == "2568" and "area" not in back
    assert "province" not in page_links["เลือกจากทุกจังหวัด"]
    present = run("pages/present.py", year=2568, province="21", i=1)
    assert links(present)["ออกจากโหมดนำเสนอ"]["province"] == "21"
