"""The submission page, the Eco Center's board and the role home through AppTest, on the demo and on an empty
production database (EIT_DEMO=0): what each role sees, a draft saved from the form, refusals as sentences."""
import os

import pytest
from streamlit.testing.v1 import AppTest

from tests.appserver import ROOT, demo_copy
from tests.markdown_check import as_text


@pytest.fixture(autouse=True)
def app_database(tmp_path_factory, request, monkeypatch):
    """A demo database shared by the module's demo tests; a fresh production one for tests marked ``empty``."""
    if request.node.get_closest_marker("empty"):
        monkeypatch.setenv("EIT_DEMO", "0")
        url = f"sqlite:///{tmp_path_factory.mktemp('prod') / 'eit.sqlite'}"
    else:
        url = _demo_url(tmp_path_factory)
    monkeypatch.setenv("EIT_DATABASE_URL", url)
    monkeypatch.setenv("EIT_UPLOAD_DIR", str(tmp_path_factory.getbasetemp() / "uploads"))
    yield url


_DEMO: dict = {}


def _demo_url(factory) -> str:
    if "url" not in _DEMO:           # a copy of the demo database, its evidence files where this module keeps uploads
        _DEMO["url"] = demo_copy(factory.mktemp("demo") / "eit.sqlite", factory.getbasetemp() / "uploads")
    return _DEMO["url"]


def run(page: str, user: str | None = None, password: str = "demo", **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    if "lang" in params:
        at.query_params["lang"] = params["lang"]
    at.run()
    if user:
        at.switch_page("pages/signin.py").run()
        at.text_input[0].input(user)
        at.text_input[1].input(password)
        at.button[0].click().run()
        assert at.session_state["user"]["username"] == user
    for k, v in params.items():
        at.query_params[k] = str(v)
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def text(at) -> str:
    parts = [e.value for kind in ("title", "caption", "markdown", "warning", "info", "error", "success",
                                  "subheader") for e in getattr(at, kind)]
    return "\n".join(as_text(p) for p in parts)


def test_signed_out_the_pages_ask_to_sign_in():
    for page in ("pages/submit.py", "pages/board.py"):
        at = run(page)
        assert at.error and "เข้าสู่ระบบ" in text(at) + at.error[0].value
        assert not at.number_input and not at.button
    at = run("pages/home.py")
    assert "เข้าสู่ระบบเพื่อดูงานที่รอคุณอยู่" in text(at)


def test_the_working_group_home_lists_the_returned_and_the_due_submission():
    at = run("pages/home.py", "demo-wg-rayong")
    shown = text(at)
    assert "มาบตาพุด" in shown and "กลับให้แก้ไข (2 ตัวชี้วัดมีความเห็น)" in shown
    assert "ไออาร์พีซี" in shown and "ยังไม่ได้ส่งข้อมูลปี พ.ศ. 2568" in shown
    assert "ผลการประเมินปีล่าสุดที่เผยแพร่" in shown
    assert [e.label for e in at.get("expander")] and len(at.get("page_link")) >= 2


def test_the_returned_submission_shows_the_comments_and_a_draft_saves_from_the_form():
    from db.engine import get_engine
    from db.submissions import submission_detail

    at = run("pages/submit.py", "demo-wg-rayong", area="ryg-mtp", year=2568)
    assert "ส่งกลับให้แก้ไข" in [m.value for m in at.metric] and "ความเห็นจากศูนย์ Eco Center" in text(at)
    assert any(m.label == "กรอกผลแล้ว" for m in at.metric)
    box = [n for n in at.number_input if n.label.startswith("PHY-2.1")][0]
    assert box.max == 100 and box.min == 0                   # a percentage: 0 to 100 as typed
    box.set_value(12.5)
    [b for b in at.button if b.label == "บันทึกร่าง"][0].click().run()
    assert not at.exception
    assert "บันทึกร่างแล้ว" in text(at)
    engine = get_engine()
    assert submission_detail(engine, "ryg-mtp", 2568)["values"]["PHY-2.1"] == 12.5
    engine.dispose()


def test_a_working_group_cannot_open_another_area_or_the_board():
    at = run("pages/submit.py", "demo-wg-rayong", area="skh-chalung")
    assert "skh-chalung" in text(at) or "ไม่พบ" in text(at) or at.info       # the unknown choice is said
    assert at.selectbox[0].value in ("ryg-mtp", "ryg-irpc")
    at = run("pages/board.py", "demo-wg-rayong")
    assert at.error and not at.text_input


def test_the_board_shows_every_area_and_opens_a_submission_next_to_last_year():
    at = run("pages/board.py", "demo-staff", year=2568, area="kri-thamaka")
    assert {m.label for m in at.metric} >= {"ยังไม่ส่ง", "ส่งแล้ว รอตรวจ", "ส่งกลับให้แก้ไข", "รับแล้ว"}
    table = at.dataframe[0].value
    assert len(table) == 53 and {"สถานะ", "กรอกผลแล้ว", "มีหลักฐาน", "เหลือ / เกินกำหนด"} <= set(table.columns)
    assert "กำหนดส่ง 31 ตุลาคม 2568" in text(at)
    assert "พ.ศ. 2567 (เผยแพร่แล้ว)" in text(at) and "พ.ศ. 2568 (ที่ส่งมา)" in text(at)
    assert any(b.label == "รับข้อมูลและเผยแพร่" and not b.disabled for b in at.button)
    [b for b in at.button if b.label == "ส่งกลับให้แก้ไข"][0].click().run()     # no comment: refused, said
    assert "กรุณาระบุสิ่งที่ต้องแก้ไข" in text(at)
    [b for b in at.button if b.label == "รับข้อมูลและเผยแพร่"][0].click().run()  # not confirmed: refused, said
    assert "กรุณาทำเครื่องหมายยืนยัน" in text(at)


def test_the_staff_home_lists_the_submissions_to_review():
    shown = text(run("pages/home.py", "demo-staff"))
    assert shown.count("มาให้ตรวจ") + shown.count("กลับมาให้ตรวจ") >= 5
    assert "ไออาร์พีซี" not in shown                                  # a draft waits for no reviewer


def test_english():
    at = run("pages/board.py", "demo-staff", year=2568, lang="en")
    assert "Review of the areas' submissions" in text(at) and "Due on 31 October 2025" in text(at)


@pytest.mark.empty
def test_an_empty_production_database_says_so():
    from db.accounts import create_user, operator_name
    from db.engine import get_engine
    from db.startup import open_database

    engine = get_engine(os.environ["EIT_DATABASE_URL"])
    assert open_database(engine) is False
    create_user(engine, "chief", "a-long-password-1", "admin", by=operator_name("tests"))
    engine.dispose()
    at = run("pages/home.py", "chief", password="a-long-password-1")
    assert "ไม่มีงานที่รอคุณอยู่ในขณะนี้" in text(at)
    at = run("pages/board.py", "chief", password="a-long-password-1")
    assert "ยังไม่มีพื้นที่ใดส่งข้อมูล" in text(at) and len(at.dataframe[0].value) >= 18
    at = run("pages/submit.py", "chief", password="a-long-password-1")
    assert at.number_input and "ยังไม่ส่ง" in [m.value for m in at.metric]


def test_the_secretary_and_auditor_homes_list_what_waits_for_them():
    """The committee's secretary: every verified level awaiting the committee (what presentation mode's
    "pending" shows); an auditor: the drafted levels without a visit that meets the rule."""
    from db.snapshot import load_dataset_from_db
    from db.visits import bangkok_today, load_visits
    from programme.verification import load_verification_rules
    from ui.context import engine
    from workflow.visits import committee_inbox, visit_inbox

    ds = load_dataset_from_db(ROOT / "data", engine())
    pending = committee_inbox(ds.certifications)
    assert pending                                                     # the demo has verified levels waiting
    shown = text(run("pages/home.py", "demo-secretary"))
    assert shown.count("รอคณะกรรมการรับรอง") == len(pending)
    due = visit_inbox(ds.certifications, load_visits(engine()), load_verification_rules(ROOT / "data"),
                      bangkok_today())
    shown = text(run("pages/home.py", "demo-auditor"))
    assert shown.count("การทวนสอบ") >= len(due) > 0
    assert "รอคณะกรรมการรับรอง" not in shown                           # not the auditor's to do
