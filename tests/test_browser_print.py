"""Printing the executive summary, the trends, an area and the front page from Chromium (A4 portrait, the
browser's default margins of about 1 cm), after the page was drawn on a 1366 px screen: every chart whole within
the page's width, nothing printed over a chart, and the map above the area table, not beside or over it."""
import io
import json
import re

import pytest

from tests.appserver import ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts"
I18N = ROOT / "i18n"
#: A4 is 210 mm wide; less 10 mm margins on either side, 190 mm = 718 px at 96 px to the inch.
MARGIN = {side: "10mm" for side in ("top", "bottom", "left", "right")}
PRINT_WIDTH = round(190 / 25.4 * 96)
MAP = 'iframe[title="streamlit_folium.st_folium"]'
CHARTS = ('[data-testid="stPlotlyChart"]', ".js-plotly-plot .main-svg", ".eit-chart", ".eit-chart svg", MAP)


@pytest.fixture(scope="module")
def app_url(shared_app_url):
    """The run's shared app server (tests/conftest_browser.py): these tests only read."""
    return shared_app_url


def _open(browser, url: str, ready: str, count: int = 1):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(f"document.querySelectorAll({json.dumps(ready)}).length >= {count}", timeout=90_000)
    page.wait_for_timeout(2000)                       # the charts' and the map's drawing settles
    return context, page


def _pdf_text(page, name: str) -> tuple[int, str]:
    """Print the page as Chromium's "save as PDF" does; its page count and its text without spaces."""
    from pypdf import PdfReader

    data = page.pdf(format="A4", margin=MARGIN, print_background=True)
    (ARTIFACTS / f"print-{name}.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    text = "".join(p.extract_text() for p in reader.pages)
    return len(reader.pages), re.sub(r"[\s\x00]", "", text)


def _paper_boxes(page) -> dict:
    """The boxes of the charts, the map and the area table as laid out on paper: print media at the printable width
    of A4. The page was drawn at 1366 px and printing does not tell its scripts that the page got narrower, so the
    resize that the smaller window sends is kept from them."""
    page.evaluate("window.addEventListener('resize', e => e.stopImmediatePropagation(), true)")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PRINT_WIDTH, "height": 1000})
    page.wait_for_timeout(300)
    return page.evaluate("""([charts, map]) => {
        const box = e => { const r = e.getBoundingClientRect();
                           return {x: r.x, y: r.y, right: r.right, bottom: r.bottom, width: r.width}; };
        const main = document.querySelector('[data-testid="stMainBlockContainer"]');
        const following = t => !t ? [] : [...document.querySelectorAll(
                'h1, h2, h3, hr, table, [data-testid="stCaptionContainer"], [data-testid="stMetric"], li')]
            .filter(e => t.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING && !t.contains(e)
                         && e.offsetHeight > 0).slice(0, 4);
        return {page: box(main), width: document.documentElement.clientWidth,
                charts: charts.flatMap(sel => [...document.querySelectorAll(sel)]
                                       .filter(e => e.getBoundingClientRect().width > 0)
                                       .map(e => ({sel, ...box(e), after: following(e).map(box)}))),
                map: document.querySelector(map) && box(document.querySelector(map)),
                table: document.querySelector('#area-table') && box(document.querySelector('#area-table')),
                after: following(document.querySelector('#area-table')).map(box)};
    }""", [list(CHARTS), MAP])


def _assert_within_page(boxes: dict) -> None:
    right = min(boxes["width"], boxes["page"]["right"], PRINT_WIDTH) + 1
    assert boxes["charts"], boxes
    for chart in boxes["charts"]:
        assert chart["x"] >= -1 and chart["right"] <= right, (chart, right)
        for below in chart["after"]:                        # what follows a chart is not printed over it
            assert not _overlap(chart, below), (chart, below)


def _overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["right"] - 1 and b["x"] < a["right"] - 1 and a["y"] < b["bottom"] - 1 and b["y"] < a["bottom"] - 1


def test_the_summary_prints_every_chart_whole(browser, app_url):
    """Both charts of /summary print at the page's width: every bar's label is on paper (cut at the page's edge
    before: levels 4 and 5 and the last Green Industry levels fell off). In English, whose text a PDF reader gives
    back whole (Thai loses its stacked vowels and tone marks on the way)."""
    context, page = _open(browser, app_url + "/summary?year=2568&lang=en", ".js-plotly-plot .main-svg", 2)
    pages, text = _pdf_text(page, "summary")
    assert pages >= 1
    names = json.loads((I18N / "en.json").read_text(encoding="utf-8"))
    for level in range(6):                                  # the factories chart's every bar, 0 to 5
        assert re.sub(r"\s", "", names[f"gi.name_{level}"]) in text, names[f"gi.name_{level}"]
    boxes = _paper_boxes(page)
    page.screenshot(path=str(ARTIFACTS / "print-summary-paper.png"), full_page=True)
    assert len([c for c in boxes["charts"] if c["sel"] == '[data-testid="stPlotlyChart"]']) == 2
    _assert_within_page(boxes)
    context.close()


def test_the_trends_page_prints_its_charts_whole(browser, app_url):
    """/trends draws its two charts in a half-width column beside the map: on paper each takes the page's width
    and what follows it (a heading, the targets' lines) starts below it."""
    context, page = _open(browser, app_url + "/trends?lang=en", ".js-plotly-plot .main-svg", 2)
    pages, text = _pdf_text(page, "trends")
    assert pages >= 1 and text
    boxes = _paper_boxes(page)
    page.screenshot(path=str(ARTIFACTS / "print-trends-paper.png"), full_page=True)
    assert len([c for c in boxes["charts"] if c["sel"] == '[data-testid="stPlotlyChart"]']) == 2
    _assert_within_page(boxes)
    context.close()


def test_the_area_page_prints_its_drawn_charts_within_the_page(browser, app_url):
    """An area's radar, level history and symbiosis diagram (drawn by the app as SVG, ``.eit-chart``) lose their
    smallest on-screen width on paper and fit the page, with nothing printed over them."""
    context, page = _open(browser, app_url + "/area?area=ryg-mtp&year=2568&lang=en", ".eit-chart svg", 3)
    pages, _ = _pdf_text(page, "area")
    assert pages >= 1
    boxes = _paper_boxes(page)
    assert len([c for c in boxes["charts"] if c["sel"] == ".eit-chart svg"]) >= 3
    _assert_within_page(boxes)
    context.close()


def test_the_front_page_prints_the_map_above_the_table(browser, app_url):
    """On paper the map takes the page's width and the area table follows below it: the two never share a spot,
    neither runs off the page, and the table prints all its rows (not the 640 px of its scrolling box, with the
    footer printed over the rest)."""
    context, page = _open(browser, app_url + "/?year=2568", MAP)
    page.wait_for_selector("#area-table", timeout=90_000)
    pages, text = _pdf_text(page, "home")
    assert pages >= 2 and text
    boxes = _paper_boxes(page)
    page.screenshot(path=str(ARTIFACTS / "print-home-paper.png"), full_page=True)
    assert boxes["map"] and boxes["table"], boxes
    _assert_within_page(boxes)
    assert boxes["table"]["right"] <= boxes["page"]["right"] + 1, boxes
    assert not _overlap(boxes["map"], boxes["table"]), (boxes["map"], boxes["table"])
    assert boxes["table"]["y"] >= boxes["map"]["bottom"], (boxes["map"], boxes["table"])
    assert boxes["after"], boxes                          # the footer under the table
    for below in boxes["after"]:                            # the whole table prints: nothing after it runs over it
        assert below["y"] >= boxes["table"]["bottom"] - 1, (below, boxes["table"])
    context.close()
