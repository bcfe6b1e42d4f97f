"""The whole path in the real app and headless Chromium, on the demo, for one area (ryg-irpc): the Rayong working
group fills in a value of its draft, attaches a PDF and submits; Eco Center staff return one indicator with a
comment; the group sees the comment on its home page, fixes the value and resubmits; staff accept; the public area
page then shows the new value; an auditor records the visit, a second staff member verifies the level, the
committee's secretary certifies it, and the national map's area table shows it certified.  Screenshots of the
pages at 1920×1080 and 1366×768 go to artifacts/."""
import re

import pytest

from tests.appserver import CHROMIUM, ROOT, running_app
from tests.test_browser import ARTIFACTS, _map_paths

pytestmark = pytest.mark.browser
AREA, IND = "ryg-irpc", "PHY-1.2"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _signed_in(browser, url, user, size=(1920, 1080)):  # noqa: F811
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(url + "/signin")
    page.get_by_label("ชื่อผู้ใช้").fill(user, timeout=60_000)
    page.get_by_label("รหัสผ่าน").fill("demo")
    page.get_by_label("รหัสผ่าน").press("Enter")
    page.wait_for_selector(f"text=เข้าสู่ระบบเป็น {user}", timeout=30_000)
    page.get_by_role("link", name="งานของฉัน").click()
    page.wait_for_selector("h1:has-text('งานของฉัน')", timeout=30_000)
    return page


def _open_item(page, text: str, heading: str) -> None:
    """Press "open" on the home page's item whose sentence holds ``text``."""
    page.locator('[data-testid="stHorizontalBlock"]', has_text=text).first.wait_for(timeout=30_000)
    blocks = page.locator('[data-testid="stHorizontalBlock"]', has_text=text)
    # the item's own row: the block holding the sentence with exactly one "open" link (an outer block holds many)
    item = next(b for b in (blocks.nth(i) for i in range(blocks.count()))
                if b.get_by_role("link", name="เปิด").count() == 1)
    item.get_by_role("link", name="เปิด").click()
    page.wait_for_selector(f"h1:has-text('{heading}')", timeout=30_000)


def _set_value(page, value: str) -> None:
    box = page.get_by_role("spinbutton", name=re.compile(r"^" + re.escape(IND)))
    box.fill(value)
    box.press("Tab")
    page.get_by_role("button", name="บันทึกร่าง").first.click()
    page.wait_for_selector("text=บันทึกร่างแล้ว", timeout=30_000)


def test_the_whole_path_from_a_working_group_to_the_national_map(browser, tmp_path):  # noqa: F811
    from tests.test_browser_visits import level_on_the_national_page, visit_verify_certify
    assert CHROMIUM
    with running_app({"EIT_UPLOAD_DIR": str(tmp_path / "uploads")}) as url:
        before = level_on_the_national_page(browser, url, AREA)
        assert before.endswith("*")                                     # drafted in the demo: not certified
        _working_group_submits(browser, url, tmp_path)
        _staff_return_one_indicator(browser, url)
        _working_group_fixes_and_resubmits(browser, url)
        _staff_accept(browser, url)
        _public_area_page_shows_the_value(browser, url)
        # the verification visit, a second person verifies, the committee's secretary certifies
        visit_verify_certify(browser, url, "ไออาร์พีซี")
        after = level_on_the_national_page(browser, url, AREA)
        assert not after.endswith("*") and after == before.rstrip("*"), (before, after)   # now certified
    assert ROOT


def _working_group_submits(browser, url, tmp_path) -> None:
    pdf = tmp_path / "รายงานพื้นที่สีเขียว.pdf"
    pdf.write_bytes(PDF)
    fake = tmp_path / "report.pdf"
    fake.write_bytes(b"<!doctype html><html><script>alert(1)</script></html>")
    # the working group: its draft, one value, a PDF (and a fake one refused), submit
    page = _signed_in(browser, url, "demo-wg-rayong")
    page.wait_for_selector("text=กลับให้แก้ไข (2 ตัวชี้วัดมีความเห็น)", timeout=30_000)   # ryg-mtp, returned
    _open_item(page, "ไออาร์พีซี", "ส่งข้อมูลพื้นที่")
    _set_value(page, "55.5")
    page.locator('input[type="file"]').first.set_input_files(str(fake))
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="แนบไฟล์").click()
    page.wait_for_selector("text=เนื้อหาไฟล์ไม่ใช่ PDF", timeout=30_000)
    page.locator('input[type="file"]').first.set_input_files(str(pdf))
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="แนบไฟล์").click()
    page.wait_for_selector("text=แนบไฟล์ รายงานพื้นที่สีเขียว.pdf แล้ว", timeout=30_000)
    assert page.locator('a[href*="/files/submission/"]', has_text="รายงานพื้นที่สีเขียว.pdf").count() == 1   # the app's file route
    page.screenshot(path=str(ARTIFACTS / "submit-1920.png"), full_page=False)
    page.get_by_role("button", name="ส่งข้อมูลให้ศูนย์ Eco Center").click()
    page.wait_for_selector("text=ส่งข้อมูลให้ศูนย์ Eco Center แล้ว", timeout=30_000)
    page.close()


def _staff_return_one_indicator(browser, url) -> None:
    # Eco Center staff: the item on their home, one comment, return
    page = _signed_in(browser, url, "demo-staff")
    _open_item(page, "ไออาร์พีซี", "ตรวจรับข้อมูลจากพื้นที่")
    assert _map_paths(page, 53) >= 53          # the board's map: every area, one layer coloured by status
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "board-map-1920.png"), full_page=False)
    page.get_by_label(f"ความเห็นต่อตัวชี้วัด {IND}").fill("ตัวเลขไม่ตรงกับรายงานที่แนบ")
    page.get_by_role("button", name="ส่งกลับให้แก้ไข").click()
    page.wait_for_selector("text=ส่งกลับให้คณะทำงานแก้ไขแล้ว", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "board-1920.png"), full_page=False)
    page.close()


def _working_group_fixes_and_resubmits(browser, url) -> None:
    # the working group: the returned item, the comment, fix and resubmit
    page = _signed_in(browser, url, "demo-wg-rayong", size=(1366, 768))
    _open_item(page, "ไออาร์พีซี", "ส่งข้อมูลพื้นที่")
    page.wait_for_selector("text=ตัวเลขไม่ตรงกับรายงานที่แนบ", timeout=30_000)
    _set_value(page, "61.5")
    page.screenshot(path=str(ARTIFACTS / "submit-returned-1366.png"), full_page=False)
    page.get_by_role("button", name="ส่งข้อมูลที่แก้ไขแล้วให้ศูนย์ Eco Center").click()
    page.wait_for_selector("text=ส่งข้อมูลที่แก้ไขแล้วให้ศูนย์ Eco Center แล้ว", timeout=30_000)
    page.close()


def _staff_accept(browser, url) -> None:
    # Eco Center staff accept (after confirming)
    page = _signed_in(browser, url, "demo-staff", size=(1366, 768))
    _open_item(page, "ไออาร์พีซี", "ตรวจรับข้อมูลจากพื้นที่")
    page.get_by_text("ยืนยันการรับข้อมูล").click()
    page.get_by_role("button", name="รับข้อมูลและเผยแพร่").click()
    page.wait_for_selector("text=รับข้อมูลแล้ว", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "board-accepted-1366.png"), full_page=False)
    page.close()


def _public_area_page_shows_the_value(browser, url) -> None:
    # the public area page shows the accepted value
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{url}/area?area={AREA}&year=2568")
    page.wait_for_selector("text=ผลตัวชี้วัด พ.ศ. 2568", timeout=60_000)
    grid = page.locator('[data-testid="stDataFrame"]', has_text=IND).first
    grid.wait_for(timeout=30_000)
    cells = grid.text_content()            # the grid's accessible table holds its visible cells
    assert "61.5" in cells and "55.5" not in cells
    page.close()
