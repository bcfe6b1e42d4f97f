"""The front page in headless Chromium (Debian's) at a meeting-room projector's and a laptop's size: the answer
to "how are we doing this year?" above the fold, a national table that fits, the province that follows the user
and a remembered "my province"."""
import re

import pytest

from tests.appserver import ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts"
SIZES = [(1366, 768), (1920, 1080)]


@pytest.fixture(scope="module")
def app_url(shared_app_url):
    """The run's shared app server (tests/conftest_browser.py): these tests only read."""
    return shared_app_url


def _open(browser, url: str, size: tuple[int, int]):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#area-table", timeout=90_000)
    page.wait_for_timeout(1000)
    return context, page


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_how_this_year_went_is_above_the_fold(browser, app_url, size, lang):
    """The change against last year (with the movers), what is not certified and every target's status are
    inside the first screen, without scrolling."""
    context, page = _open(browser, app_url + f"/?year=2568&lang={lang}", size)
    page.screenshot(path=str(ARTIFACTS / f"national-fold-{size[0]}-{lang}.png"))
    boxes = {name: page.locator(sel).first.bounding_box()
             for name, sel in (("change", "#glance-change"), ("movers", "#movers"), ("uncertified", "#glance-cert"))}
    bars = page.locator('[data-testid="stProgress"]')
    assert bars.count() == 3                                        # the three programme targets
    boxes.update({f"target {i + 1}": bars.nth(i).bounding_box() for i in range(bars.count())})
    for name, box in boxes.items():
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size[1], (name, box)
        assert box["x"] + box["width"] <= size[0], (name, box)
    assert re.search(r"▲ \d+", page.locator("#glance-change").inner_text())
    assert re.search(r"\d+ จาก \d+ พื้นที่" if lang == "th" else r"\d+ of \d+ areas",
                     page.locator("#glance-cert").inner_text())
    assert page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollTop") == 0
    context.close()


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_national_table_fits(browser, app_url, size, lang):
    """No horizontal scrolling of the table, rows of bounded height, names on at most three lines; at 1920 every
    column shows, at 1366 the name, province, level and factory figures do."""
    context, page = _open(browser, app_url + f"/?year=2568&lang={lang}", size)
    table = page.locator("#area-table")
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"national-table-{size[0]}-{lang}.png"))
    fit = page.evaluate("""() => {
        const t = document.querySelector('#area-table'), wrap = t.closest('.eit-area-wrap');
        const shown = [...t.querySelectorAll('thead th')].filter(th => th.offsetParent !== null).length;
        const rows = [...t.querySelectorAll('tbody tr')].map(r => r.getBoundingClientRect().height);
        const lines = [...t.querySelectorAll('td.name a')].map(a => {
            const lh = parseFloat(getComputedStyle(a).lineHeight) || 20;
            return Math.round(a.getBoundingClientRect().height / lh);
        });
        return {tableWidth: t.scrollWidth, wrapWidth: wrap.clientWidth, shown, rows: rows.length,
                tallest: Math.max(...rows), lines: Math.max(...lines)};
    }""")
    assert fit["rows"] == 53
    assert fit["tableWidth"] <= fit["wrapWidth"] + 1, fit                # no horizontal overflow
    assert fit["lines"] <= 3 and fit["tallest"] <= 100, fit              # no name on five lines
    assert fit["shown"] == (11 if size[0] >= 1920 else 4), fit
    if size[0] < 1920:   # the compact table says where the other columns are
        assert page.locator(".eit-compact-note").first.is_visible()
    context.close()


def _my_province_cookie(page, context, want: str | None, timeout_s: float = 30) -> str | None:
    """The browser's "my province" cookie, once it is ``want`` (set or gone) or ``timeout_s`` has passed: the
    page sets it after its next run, which on a busy machine takes more than a fixed pause."""
    for _ in range(int(timeout_s * 4)):
        value = {c["name"]: c["value"] for c in context.cookies()}.get("eit_my_province") or None
        if value == want:
            break
        page.wait_for_timeout(250)
    return value


def test_the_province_follows_and_my_province_is_remembered(browser, app_url):
    context, page = _open(browser, app_url + "/?year=2568&province=21", (1366, 768))
    assert page.locator("#area-table tbody tr").count() == 2            # Rayong's two areas
    page.locator("#area-table td.name a").first.click()
    page.wait_for_url(re.compile(r"/area\?.*province=21"), timeout=30_000)
    page.wait_for_selector("h1", timeout=60_000)
    page.get_by_text("กลับไปภาพรวมประเทศ").first.click()
    page.wait_for_url(re.compile(r"/national\?.*province=21|/\?.*province=21"), timeout=30_000)
    assert "area=" not in page.url
    page.wait_for_selector("#area-table", timeout=60_000)

    page.get_by_text("จังหวัดของฉัน").first.click()                    # remember Rayong in this browser
    assert _my_province_cookie(page, context, "21") == "21"
    fresh = context.new_page()                                            # a new visit without a province
    fresh.goto(app_url + "/")
    fresh.wait_for_selector("#area-table", timeout=90_000)
    fresh.wait_for_timeout(1000)
    assert "province=21" in fresh.url and fresh.locator("#area-table tbody tr").count() == 2
    fresh.screenshot(path=str(ARTIFACTS / "national-my-province.png"))

    fresh.get_by_text("จังหวัดของฉัน").first.click()                   # forget it
    assert not _my_province_cookie(fresh, context, None)
    again = context.new_page()
    again.goto(app_url + "/")
    again.wait_for_selector("#area-table", timeout=90_000)
    assert "province=" not in again.url and again.locator("#area-table tbody tr").count() == 53
    context.close()
