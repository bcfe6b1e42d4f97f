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
