"""My tasks (pages/home.py) through AppTest on a demo database of its own: a sign-in lands there; after a
submission is accepted its next step waits for staff, the auditors and the committee's secretary, each with its
link; no home links to a page its reader cannot open.  Also the visit form's lead auditor is not offered again as
a member, and the new-account form keeps what was typed after a refusal."""
from __future__ import annotations

import pytest

from tests.markdown_check import as_text
from tests.pagetest import module_database, run

app_database = module_database("pages_home")
DEMO = ("demo-wg-rayong", "demo-auditor", "demo-staff", "demo-secretary", "demo-admin")


def _sign_in(user: str):
    at = run()
    at.switch_page("pages/signin.py").run()
    at.text_input[0].input(user)
    at.text_input[1].input("demo")
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _text(at) -> str:
    return "\n".join(as_text(e.value) for kind in ("title", "caption", "markdown", "success", "error", "info")
                     for e in getattr(at, kind))


def _links(at) -> list[tuple[str, str]]:
    return [(p.proto.label, p.proto.page) for p in at.get("page_link")]


@pytest.fixture(scope="module")
def accepted(app_database):
    """A submitted demo submission accepted now, for an area and year with no level drafted and no visit yet."""

    from db.engine import get_engine
    from db.schema import certifications, visits
    from db.submissions import accept, list_submissions
    from programme.criteria import current_criteria
    from tests.conftest_db import DATA_DIR
    run()
    engine = get_engine()
    try:
        subs = list_submissions(engine)
        area_id, year = subs.loc[subs["status"] == "submitted", ["area_id", "year"]].iloc[0]
        year = int(year)
        with engine.begin() as conn:
            for table in (certifications, visits):
                conn.execute(table.delete().where((table.c.area_id == area_id) & (table.c.year == year)))
        accept(engine, area_id, year, "demo-staff", current_criteria(DATA_DIR))
    finally:
        engine.dispose()
    return area_id, year


@pytest.mark.parametrize("user", DEMO)
def test_a_sign_in_lands_on_my_tasks_and_every_link_there_opens_for_its_reader(accepted, user):
    from common.vocab import role_can  # noqa: F401 - the permission table the check reads
    from workflow.inbox import may_open
    at = _sign_in(user)
    assert "งานของฉัน" in [t.value for t in at.title] and f"เข้าสู่ระบบเป็น {user}" in _text(at)
    role = at.session_state["user"]["role"]
    pages = {page for _, page in _links(at)}
    assert all(may_open(role, "pages/" + p.rsplit("/", 1)[-1]) for p in pages), (role, pages)


@pytest.mark.parametrize(("user", "sentence", "page"), [
    ("demo-staff", "รอร่างระดับเพื่อส่งทวนสอบ", "certification"),
    ("demo-auditor", "รอวางแผนการทวนสอบ ณ พื้นที่", "visits"),
    ("demo-secretary", "กำลังเข้าสู่การพิจารณาของคณะกรรมการ (รอร่างระดับ)", "certification"),
])
def test_after_acceptance_the_next_step_waits_in_my_tasks_with_its_link(accepted, user, sentence, page):
    at = _sign_in(user)
    assert sentence in _text(at)
    assert any(p.endswith(f"{page}.py") or p.endswith(page) for _, p in _links(at)), _links(at)


def test_the_lead_auditor_is_not_offered_again_as_a_member(accepted):
    from db.engine import get_engine
    from tests.support import account
    engine = get_engine()
    try:
        account(engine, "aud-b", "auditor")
    finally:
        engine.dispose()
    area_id, year = accepted
    at = _sign_in("demo-auditor")
    at.query_params["area"], at.query_params["year"] = area_id, str(year)
    at.switch_page("pages/visits.py").run()
    key = f"{area_id}_{year}"
    assert at.selectbox(key=f"lead_{key}").value == "demo-auditor"
    assert at.multiselect(key=f"members_{key}").options == ["aud-b"]
    at.selectbox(key=f"lead_{key}").set_value("aud-b").run()
    assert at.multiselect(key=f"members_{key}").options == ["demo-auditor"]


def test_the_new_account_form_keeps_what_was_typed_after_a_refusal(accepted):
    at = _sign_in("demo-admin")
    at.switch_page("pages/accounts.py").run()
    at.text_input(key="new_name").input("somchai.k")
    at.text_input(key="new_password").input("short")
    at.selectbox(key="new_role").set_value("auditor")
    [b for b in at.button if b.label == "สร้างบัญชี"][0].click().run()
    assert at.error and at.text_input(key="new_name").value == "somchai.k"
    assert at.selectbox(key="new_role").value == "auditor"
