"""The real app in headless Chromium (Debian's), with no internet: national map → area → factory."""
import os
import re
from urllib.parse import urlparse

import pytest

from tests.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT, running_app

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium "
                    "(scripts/setup.sh --dev does it)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def app_url():
    ARTIFACTS.mkdir(exist_ok=True)
    with running_app() as url:
        yield url


def _map_paths(page, minimum: int, timeout_ms: int = 40_000) -> int:
    """Wait until the map iframe has drawn at least ``minimum`` interactive shapes; return how many it has."""
    frame_el = page.wait_for_selector(MAP_FRAME, timeout=timeout_ms)
    frame = frame_el.content_frame()
    waited = 0
    count = 0
    while waited < timeout_ms:
        count = frame.locator("path.leaflet-interactive").count()
        if count >= minimum:
            break
        page.wait_for_timeout(500)
        waited += 500
    return count


def test_national_area_factory_drilldown(browser, app_url):
    page = browser.new_page(viewport={"width": 1500, "height": 1300})
    outside = []
    host = urlparse(app_url).netloc
    page.on("request", lambda req: outside.append(req.url)
            if urlparse(req.url).netloc not in (host, "") and not req.url.startswith(("data:", "blob:")) else None)

    page.goto(app_url + "/")
    page.wait_for_selector("#area-table", timeout=60_000)
    # 53 areas: each is drawn as its polygon plus a symbol, both interactive; province outlines are not.
    assert _map_paths(page, 106) == 106
    assert page.get_by_text("เมืองอุตสาหกรรมเชิงนิเวศ").first.is_visible()
    assert page.get_by_text("ข้อมูลสาธิต").first.is_visible()  # demo data is announced
    assert page.get_by_text("CC BY 3.0 IGO").first.is_visible()  # boundary attribution
    assert page.evaluate("document.fonts.check('16px Sarabun', 'กรม')")  # the app's own Thai font is loaded
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "national.png"), full_page=True)

    rows = page.locator("#area-table tbody tr")
    assert rows.count() == 53
    link = page.locator('#area-table a[href*="area=ryg-mtp"]').first
    link_text = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/area\?.*area=ryg-mtp"), timeout=30_000)
    page.wait_for_selector("#factory-table", timeout=60_000)
    assert page.locator("h1").first.inner_text().strip() == link_text.strip()
    assert _map_paths(page, 1) >= 1  # the area outline (factories are clustered at this zoom)
    frame = page.wait_for_selector(MAP_FRAME).content_frame()
    assert frame.locator(".marker-cluster").count() + frame.locator("path.leaflet-interactive").count() > 1
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "area.png"), full_page=True)

    first = page.locator("#factory-table tbody a").first
    reg = first.inner_text().strip()
    first.click()
    page.wait_for_url(re.compile(r"/factory\?"), timeout=30_000)
    page.wait_for_selector("#history-strip", timeout=60_000)
    assert page.get_by_text(reg).first.is_visible()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "factory.png"), full_page=True)

    assert outside == [], f"the app asked for resources outside itself: {outside[:5]}"
    page.close()


def test_english_and_unknown_id(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app_url + "/area?area=no-such-area&lang=en")
    page.wait_for_selector("text=There is no area with id", timeout=60_000)
    assert page.get_by_text("Demo data").first.is_visible()
    assert page.locator("text=Traceback").count() == 0
    page.screenshot(path=str(ARTIFACTS / "unknown-area-en.png"), full_page=True)
    page.close()


def test_clicking_an_area_on_the_map_opens_its_page(browser, app_url):
    page = browser.new_page(viewport={"width": 1500, "height": 1200})
    page.goto(app_url + "/?province=84")  # Surat Thani: one area, the map zooms to it
    page.wait_for_selector("#area-table", timeout=60_000)
    assert _map_paths(page, 2) == 2  # its polygon and its symbol
    frame = page.wait_for_selector(MAP_FRAME).content_frame()
    frame.locator("path.leaflet-interactive").last.click(force=True)
    page.wait_for_url(re.compile(r"/area\?.*area=sni-phunphin"), timeout=30_000)
    page.wait_for_selector("#factory-table", timeout=60_000)
    assert "สุราษฎร์ธานี" in page.locator("h1").first.inner_text()
    page.close()


HOSTILE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">ทดสอบ & Co'


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """The real app on a copy of the data in which an area and a factory carry HTML in their names."""
    import shutil

    import pandas as pd

    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(ROOT / "data", data)
    areas = pd.read_csv(data / "areas.csv", dtype=str, keep_default_na=False)
    areas.loc[areas["area_id"] == "ryg-irpc", "name_th"] = HOSTILE
    areas.to_csv(data / "areas.csv", index=False)
    fac = pd.read_csv(data / "demo" / "factories.csv", dtype=str, keep_default_na=False)
    first = fac.index[fac["area_id"] == "ryg-irpc"][0]
    fac.loc[first, "name_th"] = HOSTILE
    fac.to_csv(data / "demo" / "factories.csv", index=False)
    with running_app({"EIT_DATA_DIR": str(data)}) as url:
        yield url, fac.loc[first, "registration_no"]


def test_names_from_data_show_as_text_not_markup(browser, hostile_app):
    url, reg = hostile_app
    page = browser.new_page(viewport={"width": 1500, "height": 1200})
    page.goto(url + "/area?area=ryg-irpc")
    page.wait_for_selector("#factory-table", timeout=60_000)
    assert page.locator("h1").first.inner_text().strip() == HOSTILE
    assert HOSTILE in page.locator("#factory-table").inner_text()
    frame = page.wait_for_selector(MAP_FRAME).content_frame()
    _map_paths(page, 1)
    frame.locator("path.leaflet-interactive").first.hover(force=True)
    page.wait_for_timeout(800)
    assert HOSTILE in frame.locator(".leaflet-tooltip").first.inner_text()
    assert frame.locator(".leaflet-tooltip img, .leaflet-tooltip script").count() == 0
    page.goto(url + "/factory?" + __import__("urllib.parse").parse.urlencode({"factory": reg}))
    page.wait_for_selector("#history-strip", timeout=60_000)
    assert page.locator("h1").first.inner_text().strip() == HOSTILE
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__xss") is None
    # The factory page draws a map of its own: its frame, not the area page's (detached by now), is checked.
    factory_frame = page.wait_for_selector(MAP_FRAME, timeout=60_000).content_frame()
    assert _map_paths(page, 1) >= 1
    assert not factory_frame.is_detached()
    assert factory_frame.evaluate("window.__xss") is None
    assert factory_frame.locator("script:not([src])").filter(has_text="__xss").count() == 0
    page.screenshot(path=str(ARTIFACTS / "escaped-names.png"), full_page=False)
    page.close()


def test_staff_signs_in_and_imports_a_registry_file(browser, tmp_path):
    """A staff member signs in, a bad file is rejected whole with its problems listed, the good file lands."""
    good = (ROOT / "tests" / "fixtures" / "moi_factory_data.csv").read_bytes()
    lines = good.decode("utf-8").splitlines()
    bad_path, good_path = tmp_path / "registry-bad.csv", tmp_path / "registry.csv"
    good_path.write_bytes(good)
    # the second data row gets a registration number that is not one
    cells = lines[2].split(",")
    cells[1] = "NOT-A-NUMBER"
    bad_path.write_text("\n".join([lines[0], lines[1], ",".join(cells)]) + "\n", encoding="utf-8")

    with running_app() as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(url + "/signin")
        page.get_by_label("ชื่อผู้ใช้").fill("demo-staff", timeout=60_000)
        page.get_by_label("รหัสผ่าน").fill("demo")
        page.get_by_label("รหัสผ่าน").press("Enter")          # Enter signs in (a form), no click needed
        page.wait_for_selector("text=เข้าสู่ระบบเป็น demo-staff", timeout=30_000)
        page.get_by_role("link", name="นำเข้าข้อมูล").click()  # the sidebar keeps the signed-in session
        page.wait_for_selector("text=ทะเบียนโรงงาน", timeout=30_000)

        page.locator('input[type="file"]').first.set_input_files(str(bad_path))
        page.wait_for_timeout(1500)
        page.get_by_role("button", name="ตรวจสอบและนำเข้า").first.click()
        page.wait_for_selector("text=ไม่ได้นำเข้า", timeout=60_000)
        report = page.locator("#import-report").inner_text()
        assert "NOT-A-NUMBER" in report and "DISPFACREG" in report and "ข้อผิดพลาด" in report
        page.screenshot(path=str(ARTIFACTS / "import-rejected.png"), full_page=True)

        page.locator('input[type="file"]').first.set_input_files(str(good_path))
        page.wait_for_timeout(1500)
        page.get_by_role("button", name="ตรวจสอบและนำเข้า").first.click()
        page.wait_for_selector("text=นำเข้าแล้ว", timeout=60_000)
        assert page.locator("text=นำเข้าแล้ว").first.inner_text().startswith("นำเข้าแล้ว: เพิ่ม")
        page.screenshot(path=str(ARTIFACTS / "import-landed.png"), full_page=True)

        page.get_by_role("link", name="บันทึกการนำเข้า").click()
        page.wait_for_selector("text=บันทึกการนำเข้าข้อมูล", timeout=30_000)
        page.close()


def test_a_page_opened_first_on_a_fresh_server_runs_inside_the_router(browser):
    """The first request after a server start may name a page file directly (/area): it must still get the
    router's frame (language toggle and page list), not the bare page. Guards ui.context.require_router, which
    relies on a private Streamlit switch, against a Streamlit upgrade."""
    with running_app() as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url + "/area?area=ryg-mtp")
        page.wait_for_selector("text=ภาษา / Language", timeout=60_000)
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.wait_for(timeout=30_000)
        # the router's page list replaces the bare one once app.py has run (a fresh server first fills its database)
        page.wait_for_selector('[data-testid="stSidebarNav"] >> text=ภาพรวมประเทศ', timeout=90_000)
        assert "ภาพรวมประเทศ" in nav.inner_text() or "national" in nav.inner_text().lower()
        assert page.locator("h1").first.inner_text().strip() != ""
        page.close()


def _bare(text: str) -> str:
    """Text compared without spaces and Thai marks above or below the line (a PDF's extracted text loses some)."""
    return re.sub(r"[\s\x00\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]", "", text.replace("\u0E33", "\u0E32"))


def test_a_printed_page_has_no_sidebar(browser, app_url, tmp_path):
    """Printing the national page or the summary (Chromium's own PDF printing, as "save as PDF" does): the page
    list and the language toggle are not in it, the page's content is."""
    from pypdf import PdfReader

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    for path, marker in (("/", "area-table"), ("/summary", None)):
        page.goto(app_url + path)
        if marker:
            page.wait_for_selector(f"#{marker}", timeout=60_000)
        page.wait_for_selector("h1", timeout=60_000)
        page.wait_for_timeout(1500)
        page.emulate_media(media="print")
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        pdf = tmp_path / "printed.pdf"
        pdf.write_bytes(page.pdf(format="A4"))
        text = _bare("\n".join(pg.extract_text() for pg in PdfReader(str(pdf)).pages))
        title = _bare(page.locator("h1").first.inner_text())
        assert title[:12] in text and _bare("สำหรับเจ้าหน้าที่") not in text and _bare("ภาษา / Language") not in text
        page.emulate_media(media="screen")
    page.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=["projector", "laptop"])
def test_a_presentation_step_fits_one_screen_and_the_keys_work_after_a_map_click(browser, app_url, size):
    """Every step of a province's areas fits the screen with no vertical scroll (a projector and a laptop), the
    body type is at least 20 px on the projector, and ← → still step after a click on the map."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(app_url + "/present?year=2568&province=90&i=1")      # Songkhla: two areas, notes recorded
    page.wait_for_selector("#big-numbers", timeout=60_000)
    total = int(re.search(r"จาก (\d+)", page.locator('[data-testid="stProgress"]').inner_text()).group(1))
    for i in range(1, total + 1):
        page.wait_for_selector(f"text=พื้นที่ที่ {i} จาก {total}", timeout=30_000)
        page.wait_for_selector(MAP_FRAME, timeout=30_000)
        page.wait_for_timeout(1500)
        scroll, client = page.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
                                                  return [m.scrollHeight, m.clientHeight]; }""")
        assert scroll <= client + 2, f"step {i} at {size}: {scroll} px of content in {client} px"
        if size[1] >= 1080:
            body = page.evaluate("""() => Math.min(...[...document.querySelectorAll(
                '[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] p')]
                .filter(p => !p.closest('[data-testid="stCaptionContainer"], [data-testid="stAlert"], details, '
                                        + '[data-testid="stProgress"], [data-testid="stButton"]'))
                .map(p => parseFloat(getComputedStyle(p).fontSize)))""")
            assert body >= 20, f"body text of {body} px"
        page.screenshot(path=str(ARTIFACTS / f"present-{size[0]}-{i}.png"))
        if i < total:
            box = page.locator(MAP_FRAME).bounding_box()
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)   # a click on the map ...
            page.keyboard.press("ArrowRight")                                          # ... leaves → working


def test_the_area_map_draws_the_exchanges_and_the_sankey_and_a_party_link_opens_its_factory(browser, app_url):
    """Each public exchange of the busiest demo area is one line (in its category's colour) on the area map, the
    Sankey draws two links per exchange, and a giver or receiver in the table opens that factory's page."""
    import pandas as pd

    from geo.colours import CATEGORY_COLOURS

    ex = pd.read_csv(ROOT / "data" / "demo" / "symbiosis_exchanges.csv", dtype=str)
    area = ex.groupby("area_id").size().idxmax()
    public = ex[(ex["area_id"] == area) & (ex["visibility"] == "public") & (ex["identified_on"] <= "2025-12-31")]
    page = browser.new_page(viewport={"width": 1500, "height": 1300})
    page.goto(f"{app_url}/area?area={area}")
    page.wait_for_selector("#exchange-table", timeout=60_000)
    assert page.locator("#exchange-table tbody tr").count() == len(public)
    _map_paths(page, len(public) + 1)
    frame = page.wait_for_selector(MAP_FRAME).content_frame()
    lines = sum(frame.locator(f'path.leaflet-interactive[stroke="{c}"]').count() for c in CATEGORY_COLOURS.values())
    assert lines == len(public)
    page.locator(".js-plotly-plot .sankey").first.wait_for(timeout=30_000)
    assert page.locator(".js-plotly-plot .sankey-link").count() == 2 * len(public)
    page.locator("#symbiosis-kpis").scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "area-symbiosis.png"), full_page=True)
    link = page.locator('#exchange-table a[href*="factory="]').first
    reg = link.locator("xpath=following-sibling::span").first.inner_text().strip()
    link.click()
    page.wait_for_url(re.compile(r"/factory\?.*factory="), timeout=30_000)
    page.wait_for_selector("#exchange-table", timeout=60_000)
    assert reg in page.locator("h1").first.inner_text() or page.get_by_text(reg).first.is_visible()
    page.close()
