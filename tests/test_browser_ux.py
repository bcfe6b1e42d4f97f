"""What people meet in headless Chromium (Debian's): the sidebar's list of pages keeps the province and the year,
presentation mode is readable on a projector from its first step, a printed page keeps its charts whole, and the
Sankey's labels never collide or fall off."""

import pytest

from tests.appserver import ROOT, running_app

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts"

# The line under the title and the committee's notes, each with its font size and WCAG contrast against white
# (the page), its colour's alpha blended over white.
_READABLE = """() => {
  const h1 = document.querySelector('h1');
  const under = [...document.querySelectorAll('[data-testid="stCaptionContainer"] p')]
      .find(p => h1.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING);
  const els = [under, ...document.querySelectorAll('[data-testid="stText"]')];
  return els.map(e => {
    const s = getComputedStyle(e), m = s.color.match(/[\\d.]+/g).map(Number), a = m.length > 3 ? m[3] : 1;
    const lin = c => { c = (c * a + 255 * (1 - a)) / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const L = 0.2126 * lin(m[0]) + 0.7152 * lin(m[1]) + 0.0722 * lin(m[2]);
    return {text: e.innerText.slice(0, 40), px: parseFloat(s.fontSize), contrast: 1.05 / (L + 0.05)};
  });
}"""


@pytest.fixture(scope="module")
def app_url():
    ARTIFACTS.mkdir(exist_ok=True)
    with running_app() as url:
        yield url


def test_presentation_mode_is_readable_from_its_first_step(browser, app_url):
    """Opened from a link without a step number, the first area fits the projector's screen (the settings are
    folded), and the line under the title and the committee's notes are at least 20 px at a contrast of at
    least 4.5:1."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(app_url + "/present?year=2568&province=90")            # Songkhla: notes recorded
    page.wait_for_selector("#big-numbers", timeout=90_000)
    page.wait_for_timeout(2500)
    page.screenshot(path=str(ARTIFACTS / "present-first-step-1920.png"))
    scroll, client = page.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
                                              return [m.scrollHeight, m.clientHeight]; }""")
    assert scroll <= client + 2, f"{scroll} px of content in {client} px"
    found = page.evaluate(_READABLE)
    assert len(found) >= 2                                     # the line under the title and at least one note
    for item in found:
        assert item["px"] >= 20 and item["contrast"] >= 4.5, item
    page.close()


# Every text of the year picker and the KPI tiles that is cut off (drawn narrower than its text).
_CUT = """() => {
  const boxes = [...document.querySelectorAll('[data-testid="stSelectbox"], [data-testid="stMetric"]')]
      .filter(b => b.getBoundingClientRect().top < 800);
  const cut = [];
  for (const b of boxes) for (const e of [b, ...b.querySelectorAll('*')]) {
    const text = (e.innerText || e.value || '').trim();
    if (text && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') cut.push(text);
  }
  return [...new Set(cut)];
}"""


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_year_picker_and_the_kpi_titles_fit_at_1366(browser, app_url, lang):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(app_url + f"/?year=2568&lang={lang}")
    page.wait_for_selector("#area-table", timeout=90_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / f"national-labels-1366-{lang}.png"))
    assert page.evaluate(_CUT) == []
    page.close()


def test_the_sidebar_keeps_the_province_and_the_year(browser, app_url):
    """From the front page with a province and a year, the sidebar's list of pages opens the year-on-year page
    and the executive summary on the same province and year."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(app_url + "/?year=2567&province=21")
    page.wait_for_selector("#area-table", timeout=90_000)
    for path, title in (("trends", "การเปลี่ยนแปลงระดับรายปี"), ("summary", "สรุปผลการดำเนินงานสำหรับผู้บริหาร")):
        page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first.click()
        page.wait_for_selector(f"h1:has-text('{title}')", timeout=60_000)
        page.wait_for_timeout(1500)
        assert "เฉพาะจังหวัดระยอง" in page.locator('[data-testid="stCaptionContainer"]').all_inner_texts().__str__()
        assert "province=21" in page.url and "year=2567" in page.url
    page.close()


def test_an_unknown_address_gets_the_apps_own_sentence(browser, app_url):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(app_url + "/trend?province=21")
    page.wait_for_selector("#area-table", timeout=90_000)
    page.wait_for_timeout(1000)
    assert page.get_by_text("ไม่มีหน้า “trend” ในแดชบอร์ดนี้").count() == 1
    assert page.get_by_text("Page not found").count() == 0
    page.close()


_SANKEY_BOXES = """() => {
  const svg = document.querySelector('svg#sankey'); if (!svg) return null;
  const r = svg.getBoundingClientRect();
  const labels = [...svg.querySelectorAll('text.sankey-label')].map(t => t.getBoundingClientRect().toJSON());
  return {svg: r.toJSON(), labels};
}"""


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=["1920", "1366"])
def test_the_sankey_names_never_collide_or_fall_off(browser, app_url, size):
    """On the busiest demo area's page, every name the Sankey writes is drawn clear of every other and inside the
    picture, at a projector's and a laptop's width (boxes as Chromium draws them)."""
    import pandas as pd

    ex = pd.read_csv(ROOT / "data" / "demo" / "symbiosis_exchanges.csv", dtype=str)
    area = ex.groupby("area_id").size().idxmax()
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(f"{app_url}/area?area={area}")
    page.locator("svg#sankey").first.wait_for(state="attached", timeout=180_000)
    page.locator("svg#sankey").first.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / f"sankey-{size[0]}.png"), full_page=False)
    drawn = page.evaluate(_SANKEY_BOXES)
    svg, labels = drawn["svg"], drawn["labels"]
    assert len(labels) >= 6
    for i, a in enumerate(labels):
        assert a["left"] >= svg["left"] - 1 and a["right"] <= svg["right"] + 1, (a, svg)
        assert a["top"] >= svg["top"] - 1 and a["bottom"] <= svg["bottom"] + 1, (a, svg)
        for b in labels[i + 1:]:
            apart = (a["right"] <= b["left"] + 0.5 or b["right"] <= a["left"] + 0.5
                     or a["bottom"] <= b["top"] + 0.5 or b["bottom"] <= a["top"] + 0.5)
            assert apart, (a, b)
    page.close()
