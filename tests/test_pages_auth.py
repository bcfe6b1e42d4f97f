"""An account disabled or demoted while its tab is open: the next write is refused with a sentence (no traceback),
nothing is saved, and a disabled account is signed out (Streamlit's AppTest on a demo database)."""
from streamlit.testing.v1 import AppTest

from tests.appserver import ROOT
from tests.pagetest import module_database

app_database = module_database("auth")


def _engine():
    from db.engine import get_engine
    return get_engine()


def _at_certification(user: str, area: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/signin.py").run()
    at.text_input[0].input(user)
    at.text_input[1].input("demo")
    at.button[0].click().run()
    assert at.session_state["user"]["username"] == user
    at.query_params["year"] = "2568"
    at.query_params["area"] = area
    at.switch_page("pages/certification.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _press(at: AppTest, label_part: str) -> None:
    [b for b in at.button if label_part in b.label][0].click().run()
    assert not at.exception, [e.message for e in at.exception]


def _shown(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("error", "warning") for e in getattr(at, kind))


def test_a_disabled_account_in_an_open_tab_saves_nothing_and_is_signed_out():
    from db import accounts
    from db.certification import certification_history
    from db.notes import load_notes

    at = _at_certification("demo-staff", "lpn-banklang")
    engine = _engine()
    try:
        before = (len(certification_history(engine)), load_notes(engine).to_json())
        accounts.set_active(engine, "demo-staff", False, by="demo-admin")     # the admin, in another tab
        _press(at, "บันทึกร่าง")
        assert "ถูกระงับ" in _shown(at) and "disabled" not in _shown(at)     # the sentence, once, in Thai
        assert "user" not in at.session_state                                 # signed out
        assert any("เจ้าหน้าที่" in e.value for e in at.error)                # the page asks to sign in
        assert len(at.button) == 0
        assert (len(certification_history(engine)), load_notes(engine).to_json()) == before
    finally:
        accounts.set_active(engine, "demo-staff", True, by="demo-admin")
        engine.dispose()


def test_a_note_by_a_disabled_account_is_refused_with_a_sentence():
    from db import accounts
    from db.notes import load_notes

    at = _at_certification("demo-staff", "skh-sadao")
    engine = _engine()
    try:
        before = load_notes(engine).to_json()
        at.text_area[0].input("น้ำเสียเกินมาตรฐาน")
        accounts.set_active(engine, "demo-staff", False, by="demo-admin")
        _press(at, "บันทึกปัญหา")
        assert "user" not in at.session_state and "ถูกระงับ" in _shown(at)
        assert load_notes(engine).to_json() == before
    finally:
        accounts.set_active(engine, "demo-staff", True, by="demo-admin")
        engine.dispose()


def test_a_demoted_account_is_refused_the_staff_pages_at_its_next_run():
    from db import accounts

    at = _at_certification("demo-staff", "lpn-banklang")
    engine = _engine()
    try:
        accounts.set_role(engine, "demo-staff", "viewer", by="demo-admin")
        at.run()
        assert not at.exception
        assert at.session_state["user"]["role"] == "viewer"                  # the role the database has now
        assert any("เจ้าหน้าที่" in e.value for e in at.error) and len(at.button) == 0
    finally:
        accounts.set_role(engine, "demo-staff", "staff", by="demo-admin")
        engine.dispose()


def test_an_admin_disabled_meanwhile_creates_no_account():
    from db import accounts

    engine = _engine()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    try:
        accounts.create_user(engine, "boss", "long-enough-passphrase", "admin", by=accounts.operator_name("root"))
        at.switch_page("pages/signin.py").run()
        at.text_input[0].input("demo-admin")
        at.text_input[1].input("demo")
        at.button[0].click().run()
        at.switch_page("pages/accounts.py").run()
        assert not at.exception and not at.error
        accounts.set_active(engine, "demo-admin", False, by="boss")
        at.text_input[0].input("newbie")
        at.text_input[1].input("long-enough-passphrase")
        [b for b in at.button if "สร้าง" in b.label][0].click().run()
        assert not at.exception, [e.message for e in at.exception]
        assert "user" not in at.session_state and "ถูกระงับ" in _shown(at)
        assert accounts.get_user(engine, "newbie") is None
    finally:
        accounts.set_active(engine, "demo-admin", True, by="boss")
        engine.dispose()


def test_a_step_by_an_account_demoted_meanwhile_says_why():
    from db import accounts
    from db.certification import certification_history

    at = _at_certification("demo-staff", "lpn-banklang")
    engine = _engine()
    try:
        before = len(certification_history(engine))
        accounts.set_role(engine, "demo-staff", "viewer", by="demo-admin")
        _press(at, "บันทึกร่าง")
        assert "viewer" in _shown(at) and "ไม่ได้บันทึก" in _shown(at)
        assert at.session_state["user"]["role"] == "viewer" and len(at.button) == 0
        assert len(certification_history(engine)) == before
    finally:
        accounts.set_role(engine, "demo-staff", "staff", by="demo-admin")
        engine.dispose()
