"""The real app in headless Chromium (Debian's), with no internet: national map → area → factory."""
import re
from urllib.parse import urlencode, urlparse

import pytest

from tests.appserver import ROOT, running_app

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="module")
def app_url(shared_app_url):
    """The run's shared app server (tests/conftest_browser.py): these tests only read."""
    return shared_app_url


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


# The point layer (geo/pointlayer.py) of a map frame: how many items its last draw put on the canvas.
_LAYER = ("(() => { if (!window.map || !window.L || !L.EitPoints) return null; for (const k in window.map._layers) "
          "{ const l = window.map._layers[k]; if (l instanceof L.EitPoints) return l; } return null; })()")


def _points_drawn(frame, timeout_ms: int = 40_000) -> int:
    js = _LAYER.replace("return l;", "return l._drawn ? l._drawn.x.length : 0;")
    for _ in range(timeout_ms // 250):
        n = frame.evaluate(f"(() => {{ try {{ return {js}; }} catch (e) {{ return 0; }} }})()") or 0
        if n:
            return n
        frame.wait_for_timeout(250)
    return 0


def test_national_area_factory_drilldown(browser, app_url):
    page = browser.new_page(viewport={"width": 1500, "height": 1300})
    outside = []
    host = urlparse(app_url).netloc
    page.on("request", lambda req: outside.append(req.url)
            if urlparse(req.url).netloc not in (host, "") and not req.url.startswith(("data:", "blob:")) else None)

    page.goto(app_url + "/")
    page.wait_for_selector("#area-table", timeout=60_000)
    # 53 areas: each is drawn as its polygon plus a symbol, both interactive; province outlines are not. The inset
    # repeats the symbols of the crowded central region, enlarged.
    drawn = _map_paths(page, 106)
    inset = page.wait_for_selector(MAP_FRAME).content_frame().locator(".eit-inset path.leaflet-interactive").count()
    assert inset >= 10 and drawn - inset == 106
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
    assert _points_drawn(frame) > 1  # the area's factories: clusters or single points on the point layer's canvas
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
    page.locator(MAP_FRAME).scroll_into_view_if_needed()   # below the year's board: scroll to it, as a user does
    page.wait_for_timeout(1000)
    frame = page.wait_for_selector(MAP_FRAME).content_frame()
    page.locator(MAP_FRAME).scroll_into_view_if_needed()      # a frame cut by the window edge gets clicks misplaced
    page.wait_for_timeout(300)
    frame.locator("path.leaflet-interactive").last.hover(force=True)
    page.wait_for_timeout(600)
    tip = frame.locator(".leaflet-tooltip").first.inner_text()
    assert "สุราษฎร์ธานี" in tip and "sni-phunphin" not in tip        # the reader sees names, never the id
    frame.locator("path.leaflet-interactive").last.click(force=True)   # ... which the click still finds
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
    page.locator("svg#sankey").first.wait_for(timeout=30_000)
    assert page.locator("svg#sankey .sankey-link").count() == 2 * len(public)
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


_CONTROLS = """() => { const r = s => { const e = document.querySelector(s); return e ? e.getBoundingClientRect().toJSON() : null; };
  return {scale: r('.leaflet-control-scale'), attr: r('.leaflet-control-attribution'), inset: r('.eit-inset'),
          lines: [...document.querySelectorAll('.leaflet-control-scale-line')].map(e => e.textContent.trim()),
          insetSymbols: document.querySelectorAll('.eit-inset path.leaflet-interactive').length}; }"""
_RADAR_PX = """() => { const s = document.querySelector('svg#radar'); if (!s) return null;
  const k = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
  return Math.min(...[...s.querySelectorAll('.radar-label')].map(t => parseFloat(t.getAttribute('font-size')) * k)); }"""


def _apart(a: dict, b: dict) -> bool:
    return a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=["projector", "laptop"])
def test_maps_show_a_km_scale_clear_of_the_attribution_and_the_area_page_draws_no_chart_library(browser, app_url, size):
    """Every map's scale is in kilometres only and the attribution never covers it; the national map has the
    enlarged inset of the crowded central region; the area page's radar names are ≥ 16 px and it pulls no plotly."""
    import pandas as pd

    reg = pd.read_csv(ROOT / "data" / "demo" / "factories.csv", dtype=str).query("area_id == 'ryg-mtp'")["registration_no"].iloc[0]
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    scripts = []
    page.on("response", lambda r: scripts.append(r.url) if r.url.endswith(".js") else None)
    for path, ready in [("/", "#area-table"), ("/area?area=ryg-mtp", "#factory-table"),
                        (f"/factory?factory={reg}", "#history-strip")]:
        page.goto(app_url + path)
        page.wait_for_selector(ready, timeout=60_000)
        _map_paths(page, 1)
        page.wait_for_timeout(1500)
        c = page.wait_for_selector(MAP_FRAME).content_frame().evaluate(_CONTROLS)
        assert c["lines"] and all(re.fullmatch(r"\d+ (km|m)", line) for line in c["lines"]), c["lines"]
        assert _apart(c["scale"], c["attr"]), (path, c)
        if path == "/":
            assert c["inset"] and c["insetSymbols"] >= 10 and _apart(c["inset"], c["scale"]) and _apart(c["inset"], c["attr"])
        if path.startswith("/area"):
            assert page.evaluate(_RADAR_PX) >= 15.9
            assert page.locator("svg#level-history rect").count() >= 1
    assert not [u for u in scripts if "PlotlyChart" in u.rsplit("/", 1)[-1]], "the plotly bundle was fetched"
    page.close()


def test_the_deck_is_built_on_request_with_a_progress_bar_and_states_its_size(browser, app_url):
    """The national page's downloads: the deck is built when asked, a progress bar counts its slides, then the
    download button and its size ("N สไลด์ · x.x MB") show."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(app_url + "/?year=2567&province=21")
    page.wait_for_selector("#area-table", timeout=60_000)
    page.get_by_role("button", name="ดาวน์โหลด").first.click()
    page.get_by_role("button", name="สร้างสไลด์ประชุม (PowerPoint)").click()
    page.wait_for_selector("text=กำลังสร้างสไลด์", timeout=30_000)            # the progress bar, slide by slide
    page.wait_for_selector("text=ดาวน์โหลดสไลด์ประชุม (PowerPoint)", timeout=120_000)
    size = page.get_by_text(re.compile(r"^\d+ สไลด์ · \d+\.\d MB$")).first.inner_text()
    assert int(size.split()[0]) >= 3
    page.screenshot(path=str(ARTIFACTS / "deck-ready.png"))


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=["1920x1080", "1366x768"])
def test_the_front_page_search_box_opens_the_factory_page(browser, app_url, size):
    """Type a name as people write it (abbreviated company form, a space inside), press Enter, click the result:
    the factory's own page opens."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(app_url + "/")
    box = page.get_by_label("ค้นหาโรงงาน")
    box.wait_for(timeout=60_000)
    assert box.bounding_box()["y"] < size[1]                      # the box is on the first screen
    box.fill("บจก. ฮาชิโมโตะ รีไซเคิล กรุ๊ป")
    box.press("Enter")
    results = page.locator("#search-results")
    results.wait_for(timeout=60_000)
    assert results.get_by_text("ปทุมธานี").first.is_visible()     # the province, in Thai
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / f"search-{size[0]}.png"))
    link = results.locator("tbody tr a").first
    reg = link.inner_text().strip()
    link.click()
    page.wait_for_url(re.compile(r"/factory\?"), timeout=30_000)
    page.wait_for_selector("#history-strip", timeout=60_000)
    assert "ฮาชิโมโตะรีไซเคิล" in page.locator("h1").first.inner_text()
    assert page.get_by_text(reg).first.is_visible()
    page.close()


def test_the_front_page_search_finds_a_factory_by_its_owner(browser, app_url):
    """An owner's name without the title (นาย): the results say whose each factory is, and the factory's page names
    the owner."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(app_url + "/")
    box = page.get_by_label("ค้นหาโรงงาน")
    box.wait_for(timeout=60_000)
    box.fill("สมชาย ใจดี")
    box.press("Enter")
    results = page.locator("#search-results")
    results.wait_for(timeout=60_000)
    owners = results.get_by_text("ผู้ประกอบการ: นายสมชาย ใจดี")
    assert owners.count() >= 2 and owners.first.is_visible()
    results.locator("tbody tr a").first.click()
    page.wait_for_url(re.compile(r"/factory\?"), timeout=30_000)
    page.wait_for_selector("#history-strip", timeout=60_000)
    row = page.locator("tr", has_text="ผู้ประกอบการ").first
    assert "นายสมชาย ใจดี" in row.inner_text()
    page.close()


def test_the_area_factory_table_stays_in_its_box(browser, app_url):
    """25 rows a page in a box of fixed height: the page no longer grows by the number of factories."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(app_url + "/area?area=ryg-mtp")
    page.wait_for_selector("#factory-table", timeout=60_000)
    assert page.locator("#factory-table tbody tr").count() == 25
    height = page.evaluate("document.querySelector('#factory-table').closest('div').getBoundingClientRect().height")
    assert height <= 640
    page.locator("#factory-table").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "area-factory-table-1366.png"))


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_an_exchange_leads_to_both_its_parties(browser, app_url, size):
    """On the area page, one exchange row: its giver (a factory) opens the factory page, its receiver (a community
    enterprise, utility or processor) opens the party page, which shows the party's exchanges on its map and in
    its table, each exchange linking back to its other party."""
    import pandas as pd

    ex = pd.read_csv(ROOT / "data" / "demo" / "symbiosis_exchanges.csv", dtype=str)
    parties = pd.read_csv(ROOT / "data" / "demo" / "symbiosis_parties.csv", dtype=str).set_index("party_id")
    area = ex.groupby("area_id").size().idxmax()
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(f"{app_url}/area?area={area}")
    page.wait_for_selector("#exchange-table", timeout=60_000)
    row = page.locator("#exchange-table tbody tr").filter(
        has=page.locator('td:nth-child(1) a[href*="factory="]')).filter(
        has=page.locator('td:nth-child(2) a[href*="party="]')).first
    giver = row.locator("td:nth-child(1) a")
    receiver = row.locator("td:nth-child(2) a")
    giver_reg = row.locator("td:nth-child(1) span").first.inner_text().strip()
    party_id = receiver.get_attribute("href").split("party=")[1].split("&")[0]
    giver.click()
    page.wait_for_url(re.compile(r"/factory\?.*factory="), timeout=30_000)
    page.wait_for_selector("#factory-details", timeout=60_000)
    assert page.get_by_text(giver_reg).first.is_visible()
    page.go_back()
    page.wait_for_selector("#exchange-table", timeout=60_000)
    row = page.locator(f'#exchange-table tbody tr:has(td:nth-child(2) a[href*="party={party_id}"])').first
    row.locator("td:nth-child(2) a").click()
    page.wait_for_url(re.compile(r"/party\?.*party="), timeout=30_000)
    page.wait_for_selector("#exchange-table", timeout=60_000)
    name = parties.loc[party_id, "name_th"]
    assert page.locator("h1").first.inner_text().strip() == name
    mine = ex[((ex["from_party"] == party_id) | (ex["to_party"] == party_id)) & (ex["visibility"] == "public")
              & (ex["identified_on"] <= "2025-12-31")]
    assert page.locator("#exchange-table tbody tr").count() == len(mine)
    assert page.locator(f'#exchange-table a[href*="{urlencode({"factory": giver_reg})}"]').count() >= 1  # and back
    _map_paths(page, len(mine))                                               # its exchanges drawn on its map
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / f"party-{size[0]}x{size[1]}.png"), full_page=False)


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=["projector", "laptop"])
def test_the_factory_layer_zoom_in_and_click_a_factory(browser, app_url, size):
    """The factory layer: off by default, the toggle draws clusters over the country, zoomed in single points
    with a hover text, and a click on a point opens that factory's page."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(app_url + "/?province=21")
    page.wait_for_selector("#area-table", timeout=60_000)
    frame = page.wait_for_selector(MAP_FRAME).content_frame()
    _map_paths(page, 2)
    assert frame.evaluate(_LAYER.replace("return l;", "return 1;")) is None          # off by default
    page.get_by_text("แสดงโรงงานทั้งหมดในทะเบียน").click()
    page.wait_for_url(re.compile(r"factories=1"), timeout=30_000)
    page.wait_for_selector("#district-table", timeout=60_000)
    frame = page.wait_for_selector(MAP_FRAME).content_frame()
    assert _points_drawn(frame) >= 1
    assert frame.evaluate(_LAYER.replace("return l;", "return l._drawn.kind;")) == "clusters"
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"factory-layer-rayong-{size[0]}.png"))
    # zoom in on a factory: every point is drawn on its own
    frame.evaluate(_LAYER.replace("return l;", "{ window.map.setView([l._p.lat[0], l._p.lon[0]], 15); return 1; }"))
    page.wait_for_timeout(1200)
    assert frame.evaluate(_LAYER.replace("return l;", "return l._drawn.kind;")) == "points"
    x, y = frame.evaluate(_LAYER.replace("return l;", "return [l._drawn.x[0], l._drawn.y[0]];"))
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.wait_for_timeout(600)
    assert "คลิกเพื่อเปิดหน้าโรงงาน" in " ".join(frame.locator(".leaflet-tooltip").all_inner_texts())
    page.screenshot(path=str(ARTIFACTS / f"factory-layer-zoomed-{size[0]}.png"))
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url(re.compile(r"/factory\?.*factory="), timeout=30_000)
    page.wait_for_selector("#history-strip", timeout=60_000)
    assert page.locator("h1").first.inner_text().strip() != ""
    page.close()
