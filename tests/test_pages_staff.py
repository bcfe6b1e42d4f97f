"""The staff pages: a viewer arriving by URL is refused, staff sign in and reach theirs (not the admin's), and
they show no developer words."""

import pytest

from tests.markdown_check import developer_words
from tests.pagetest import run, shared_database, sign_in

app_database = shared_database()


@pytest.mark.parametrize("page", ["pages/imports.py", "pages/certification.py", "pages/audit.py", "pages/accounts.py",
                                  "pages/visits.py"])
def test_a_viewer_reaching_a_staff_page_by_url_is_refused(page):
    at = run(page)
    assert any("เจ้าหน้าที่" in e.value or "ผู้ดูแลระบบ" in e.value for e in at.error)
    assert len(at.get("file_uploader")) == 0 and len(at.button) == 0


def test_wrong_password_is_refused_and_staff_can_sign_in(own_database):
    at = run()
    sign_in(at, "demo-staff", "wrong")
    assert any("ไม่ถูกต้อง" in e.value for e in at.error)
    sign_in(at, "demo-staff", "demo")
    assert at.session_state["user"] == {"username": "demo-staff", "role": "staff", "areas": []}
    at.switch_page("pages/imports.py").run()
    assert not at.exception and not at.error
    assert len(at.get("file_uploader")) == 5  # factories, assessments, parties, flows, exchanges
    at.switch_page("pages/accounts.py").run()
    assert any("ผู้ดูแลระบบ" in e.value for e in at.error)  # staff is not admin


@pytest.mark.parametrize("page", ["pages/imports.py", "pages/certification.py", "pages/audit.py", "pages/accounts.py"])
def test_no_developer_words_on_the_staff_pages(page):
    at = run()
    at.switch_page("pages/signin.py").run()
    at.text_input[0].input("demo-admin")
    at.text_input[1].input("demo")
    at.button[0].click().run()
    assert at.session_state["user"]["role"] == "admin"
    at.query_params["area"] = "ryg-mtp"
    at.query_params["year"] = "2568"
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert developer_words(at) == [], page
