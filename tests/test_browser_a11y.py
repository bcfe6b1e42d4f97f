"""Pages everyone can use, in headless Chromium (Debian's): the declared language follows the page's, the map frame
is named in it, axe-core (bundled by axe-playwright-python, runs offline) finds no serious or critical WCAG 2.1 AA
violation on any public page in Thai or English apart from the written allow-list of Streamlit's own frame
(tests/fixtures/axe_allow.csv), and a phone (390×844) gets no sideways scrolling, readable type and a usable map."""
import csv
import json
import urllib.parse

import pytest

from tests.appserver import ROOT, running_app

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ALLOW = ROOT / "tests" / "fixtures" / "axe_allow.csv"
FACTORY = "จ3-44-621/42รย"          # a demo factory in Map Ta Phut
PUBLIC_PAGES = ["/", "/area?area=ryg-mtp", "/factory?" + urllib.parse.urlencode({"factory": FACTORY}), "/trends",
                "/summary", "/present", "/about", "/party?party=ce-pte-bangkadi-1"]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def app_url():
    ARTIFACTS.mkdir(exist_ok=True)
    with running_app(timeout=180) as url:
        yield url


def _open(page, url: str):
    page.goto(url, timeout=120_000)
    page.wait_for_selector("h1", timeout=120_000)
    page.wait_for_timeout(2500)          # the last fragments (map, charts) settle; then nothing faded as stale
    page.wait_for_function("!document.querySelector('[data-stale=true]')", timeout=60_000)


def _with_lang(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_page_declares_its_language_and_names_the_map(browser, app_url, lang):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    for path in ("/", "/area?area=ryg-mtp"):
        _open(page, app_url + _with_lang(path, lang))
        assert page.evaluate("document.documentElement.lang") == lang, path
        frame = page.wait_for_selector(MAP_FRAME, timeout=60_000)
        label = frame.get_attribute("aria-label") or ""
        assert label.startswith("แผนที่" if lang == "th" else "Interactive map"), (path, label)
        viewport = frame.content_frame().evaluate(
            "(document.querySelector('meta[name=viewport]') || {content: ''}).content")
        assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport, viewport   # zoom allowed
    page.close()


def _allow_list() -> list[dict]:
    with ALLOW.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["rule_id"] and r["inside"] and r["why"] and r["upstream"] for r in rows)
    return rows


def _axe(target, axe_script: str) -> list[dict]:
    """Serious and critical WCAG 2.1 A/AA violations in one document (a page or a frame), node by node."""
    target.evaluate(axe_script)
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "iframes": False, "resultTypes": ["violations"]}
    result = target.evaluate(f"axe.run(document, {json.dumps(options)})")
    return [{"rule": v["id"], "impact": v["impact"], "target": n["target"][-1], "summary": n["failureSummary"]}
            for v in result["violations"] if v["impact"] in ("serious", "critical") for n in v["nodes"]]


def _allowed(target, found: dict, allow: list[dict]) -> bool:
    patterns = [a["inside"] for a in allow if a["rule_id"] == found["rule"]]
    return bool(patterns) and target.evaluate(
        "([sel, pats]) => { const el = document.querySelector(sel); return !!el && pats.some(p => el.closest(p)); }",
        [found["target"], patterns])


@pytest.mark.parametrize("lang", ["th", "en"])
def test_no_serious_accessibility_violations(browser, app_url, lang):
    """axe on every public page and its map frame: nothing serious or critical beyond the allow-list."""
    from axe_playwright_python.sync_playwright import Axe

    script, allow = Axe().axe_script, _allow_list()
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    problems = []
    for path in PUBLIC_PAGES:
        _open(page, app_url + _with_lang(path, lang))
        docs = [page] + [f.content_frame() for f in page.query_selector_all(MAP_FRAME)]
        for doc in docs:
            problems += [(path, v) for v in _axe(doc, script) if not _allowed(doc, v, allow)]
    page.close()
    assert not problems, "\n".join(f"{p}: {v['impact']} {v['rule']} at {v['target']}: {v['summary']}"
                                   for p, v in problems)


PHONE_CHECK = """() => {
  const w = window.innerWidth, main = document.querySelector('[data-testid="stMain"]');
  const small = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 12) small.push(el.tagName + ' ' + size + 'px: ' + el.textContent.trim().slice(0, 40));
  }
  const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const box = frame ? frame.getBoundingClientRect() : null;
  return {width: w, pageWidth: document.scrollingElement.scrollWidth,
          mainWidth: main ? main.scrollWidth : 0, mainClient: main ? main.clientWidth : 0, small,
          map: box && {height: box.height, left: box.left, right: box.right, shown: frame.offsetParent !== null}};
}"""


@pytest.mark.parametrize("path", ["/", "/area?area=ryg-mtp", "/factory?" + urllib.parse.urlencode({"factory": FACTORY})],
                         ids=["national", "area", "factory"])
def test_a_phone_gets_no_sideways_scroll_readable_type_and_a_usable_map(browser, app_url, path):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    _open(page, app_url + path)
    page.wait_for_selector(MAP_FRAME, timeout=60_000).scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    name = path.strip("/").split("?")[0] or "national"
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"))
    m = page.evaluate(PHONE_CHECK)
    assert m["pageWidth"] <= m["width"], m                              # no horizontal scroll of the page
    assert m["mainWidth"] <= m["mainClient"] + 1, m                     # nor of the main column
    assert not m["small"], m["small"][:10]                              # no text under 12 px
    assert m["map"] and m["map"]["shown"] and m["map"]["height"] >= 300, m["map"]
    assert m["map"]["left"] >= 0 and m["map"]["right"] <= m["width"] + 1, m["map"]
    context.close()


FOCUS = """(sel) => {
  const el = document.activeElement;
  if (!el || !el.closest(sel)) return null;
  const s = getComputedStyle(el);
  return {href: el.getAttribute('href') || '', visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
          || (s.boxShadow && s.boxShadow !== 'none'), focusVisible: el.matches(':focus-visible')};
}"""


def _tab_to(page, selector: str, limit: int = 250) -> dict:
    """Press Tab until the focus is on a link inside ``selector``; what the focus looks like there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUS, selector)
        if found:
            return found
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def test_national_to_area_to_factory_by_keyboard_alone(browser, app_url):
    """At 1366×768, Tab and Enter alone: a national table's area link, then the area's factory link, each with a
    visible focus."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    _open(page, app_url + "/?year=2568")
    focus = _tab_to(page, "#area-table td.name a")
    assert focus["visible"] and focus["focusVisible"], focus
    page.screenshot(path=str(ARTIFACTS / "keyboard-national.png"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/area?**", timeout=60_000)
    page.wait_for_selector("#factory-table", timeout=120_000)
    page.wait_for_timeout(2000)
    focus = _tab_to(page, "#factory-table a[href*='factory=']")
    assert focus["visible"] and focus["focusVisible"], focus
    page.keyboard.press("Enter")
    page.wait_for_url("**/factory?**", timeout=60_000)
    page.wait_for_selector("#history-strip", timeout=120_000)
    page.close()
