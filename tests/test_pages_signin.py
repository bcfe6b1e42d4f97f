"""The sign-in page's sentences (wrong password, lock, signed in, signed out) and the admin's view of sign-ins on
the accounts page (Streamlit's AppTest on a demo database)."""
from streamlit.testing.v1 import AppTest

from tests.appserver import ROOT
from tests.pagetest import module_database

app_database = module_database("signin")


def _engine():
    from db.engine import get_engine
    return get_engine()


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    return at


def _sign_in(at: AppTest, user: str, password: str) -> AppTest:
    at.switch_page("pages/signin.py").run()
    at.text_input[0].input(user)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _texts(at: AppTest, *kinds: str) -> str:
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind)).replace("\\", "")   # Markdown escapes


def test_a_sign_in_is_a_session_in_the_database_and_sign_out_ends_it():
    from db.sessions import resolve
    at = _sign_in(_app(), "demo-secretary", "demo")
    assert at.session_state["user"]["username"] == "demo-secretary"
    assert "เข้าสู่ระบบเป็น demo-secretary" in _texts(at, "success")
    assert "ไม่มีการใช้งานนานเกิน 8 ชั่วโมง" in _texts(at, "caption")      # how long it lasts, in words
    sid = at.session_state["auth_session"]
    engine = _engine()
    try:
        assert resolve(engine, session_id=sid).status == "ok"
        assert "งานของฉัน" in [e.value for e in at.title]                      # signed in: "my tasks"
        at.switch_page("pages/signin.py").run()
        [b for b in at.button if b.label == "ออกจากระบบ"][0].click().run()
        assert "user" not in at.session_state and len(at.text_input) == 2     # the form again
        assert resolve(engine, session_id=sid).status == "ended"
    finally:
        engine.dispose()


def test_wrong_passwords_then_a_lock_that_refuses_the_right_password_with_a_sentence():
    from db.sessions import auth_events
    at = _app()
    for _ in range(4):
        _sign_in(at, "demo-auditor", "not the password")
        assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in _texts(at, "error")
    _sign_in(at, "demo-auditor", "not the password")                          # the fifth: locked now
    assert "ใส่รหัสผ่านผิดหลายครั้งเกินไป" in _texts(at, "error") and "จนถึง" in _texts(at, "error")
    assert "หน่วงเวลาการตอบไว้ 4 วินาที" in _texts(at, "caption")          # the answers were slowed
    _sign_in(at, "demo-auditor", "demo")                                      # the right one, while locked
    assert "user" not in at.session_state and "ใส่รหัสผ่านผิดหลายครั้งเกินไป" in _texts(at, "error")
    engine = _engine()
    try:
        events = list(auth_events(engine)["event"][::-1])
        assert events[-7:] == ["failure"] * 5 + ["lock", "locked"]
    finally:
        engine.dispose()
    # an unknown name gets the same sentence as a wrong password
    _sign_in(at, "no-such-person", "not the password")
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in _texts(at, "error")


def test_an_admin_sees_the_rules_the_open_sign_ins_and_the_log_and_ends_a_users_sign_ins():
    from db.sessions import issue_token, resolve, start_session
    engine = _engine()
    try:
        _, code = start_session(engine, "demo-staff2", "192.0.2.10")             # demo-staff2 signed in elsewhere
        token = issue_token(engine, code)
        at = _sign_in(_app(), "demo-admin", "demo")
        at.switch_page("pages/accounts.py").run()
        assert not at.exception and not at.error
        assert "15" in _texts(at, "markdown") and "NIST" in _texts(at, "markdown")        # the password rules
        frames = [d.value for d in at.dataframe]
        sessions_frame = next(f for f in frames if "ใช้งานล่าสุด" in f.columns)
        assert set(sessions_frame["ชื่อผู้ใช้"]) >= {"demo-staff2", "demo-admin"}
        assert "192.0.2.10" in set(sessions_frame["เครื่อง (ที่อยู่ IP)"])
        log = next(f for f in frames if "เหตุการณ์" in f.columns)
        assert "เข้าสู่ระบบ" in set(log["เหตุการณ์"]) and "2569" in log["เมื่อ"].iat[0]       # Buddhist era
        box = [s for s in at.selectbox if "demo-staff2" in s.options][-1]
        box.set_value("demo-staff2")
        [b for b in at.button if "ปิดการเข้าสู่ระบบทั้งหมด" in b.label][0].click().run()
        assert "ปิดการเข้าสู่ระบบของ demo-staff2 แล้ว 1 รายการ" in _texts(at, "success")
        assert resolve(engine, token=token).status == "ended"
        assert resolve(engine, session_id=at.session_state["auth_session"]).status == "ok"   # not the admin's own
    finally:
        engine.dispose()

