"""A sign-in that lasts, in the real app (streamlit run serve.py) and Debian's headless Chromium: it survives a
reload, a link in a table (a new page load) and a new tab; its cookie is HttpOnly; sign-out ends it in every
tab; and a sign-in left idle longer than EIT_SESSION_IDLE_MINUTES is signed out with a sentence."""

import pytest

from tests.appserver import ROOT, running_app

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts"
SIGNED_IN = "text=เข้าสู่ระบบเป็น demo-staff"


def _sign_in(page, url: str) -> None:
    page.goto(url + "/signin")
    page.get_by_label("ชื่อผู้ใช้").fill("demo-staff", timeout=90_000)
    page.get_by_label("รหัสผ่าน").fill("demo")
    page.get_by_label("รหัสผ่าน").press("Enter")
    page.wait_for_selector(SIGNED_IN, timeout=30_000)


def _cookie(context):
    return next((c for c in context.cookies() if c["name"] == "eit_session"), None)


def _wait_for_cookie(page, context) -> dict:
    for _ in range(40):
        if _cookie(context):
            break
        page.wait_for_timeout(250)
    return _cookie(context)


def _import_page_open(page) -> bool:
    """The import page (staff only) shows its uploaders, not the refusal."""
    page.locator("text=ทะเบียนโรงงาน").or_(page.locator("text=หน้านี้สำหรับเจ้าหน้าที่")).first.wait_for(
        timeout=60_000)
    return page.locator("text=หน้านี้สำหรับเจ้าหน้าที่").count() == 0


def _post(url: str, body: bytes, **headers) -> int:
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers, method="POST"),
                                    timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def test_a_sign_in_lasts_across_reloads_table_links_and_tabs_until_sign_out(browser):
    with running_app() as url:
        # the cookie route: a made-up code gets no cookie, and another site may not post to it at all
        assert _post(url + "/auth/session", b"made-up-code") == 400
        assert _post(url + "/auth/session", b"made-up-code", Origin="http://elsewhere.example") == 403
        assert _post(url + "/auth/session/end", b"", **{"Sec-Fetch-Site": "cross-site"}) == 403
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        _sign_in(page, url)
        cookie = _wait_for_cookie(page, context)
        assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
        assert "eit_session" not in page.evaluate("document.cookie")          # no script can read it

        page.reload()
        page.wait_for_selector(SIGNED_IN, timeout=60_000)                     # a reload

        page.goto(url + "/?year=2568")                                        # a link inside the area table
        page.locator("table a[href*='area=']").first.click(timeout=60_000)
        page.wait_for_url("**/area?**", timeout=30_000)
        page.wait_for_selector("a:has-text('ออกจากระบบ')", timeout=60_000)    # the sidebar: still signed in
        assert page.locator("a:has-text('นำเข้าข้อมูล')").count() == 1         # and a staff page is listed
        page.screenshot(path=str(ARTIFACTS / "signin-after-table-link.png"))

        tab = context.new_page()                                              # a new tab of the same browser
        tab.goto(url + "/import")
        assert _import_page_open(tab)
        tab.screenshot(path=str(ARTIFACTS / "signin-new-tab.png"))

        page.goto(url + "/signin")
        page.wait_for_selector(SIGNED_IN, timeout=60_000)
        page.get_by_role("button", name="ออกจากระบบ").click()
        page.wait_for_selector("text=ชื่อผู้ใช้", timeout=30_000)
        for _ in range(40):                                                   # the cookie is cleared
            if _cookie(context) is None:
                break
            page.wait_for_timeout(250)
        assert _cookie(context) is None
        page.reload()
        page.get_by_label("ชื่อผู้ใช้").wait_for(timeout=60_000)
        assert page.locator(SIGNED_IN).count() == 0                           # signed out after a reload
        tab.reload()                                                          # and in the other tab
        assert not _import_page_open(tab)
        context.close()


def test_a_sign_in_left_idle_is_signed_out_with_a_sentence(browser):
    with running_app({"EIT_SESSION_IDLE_MINUTES": "0.1"}) as url:            # 6 seconds
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        _sign_in(page, url)
        assert _wait_for_cookie(page, context)
        page.wait_for_timeout(8_000)
        page.reload()
        page.wait_for_selector("text=ไม่มีการใช้งานนานเกิน 0.1 นาที", timeout=60_000)
        assert page.locator(SIGNED_IN).count() == 0
        page.screenshot(path=str(ARTIFACTS / "signin-expired.png"))
        context.close()
