"""The visits page and the data layer give one answer to "may this person record or change this visit": the
form the page offers is there exactly when db.visits accepts the write (both read workflow.visits.visit_step),
also for a visit the demo loaded, which is nobody's: any auditor may replace it with a real one."""
from __future__ import annotations

import pytest

from i18n import t
from tests.pagetest import module_database, run

app_database = module_database("pages_visits")
YEAR = 2568


def _signed_in(user: str, page: str, **params):
    at = run()
    at.switch_page("pages/signin.py").run()
    at.text_input[0].input(user)
    at.text_input[1].input("long-enough-passphrase" if user == "aud2" else "demo")
    at.button[0].click().run()
    assert at.session_state["user"]["username"] == user
    for k, v in params.items():
        at.query_params[k] = str(v)
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _engine():
    from db.engine import get_engine
    return get_engine()


def _areas() -> dict:
    """Areas of the demo for each case: a demo visit on a drafted level, a verified level, a drafted level with no
    visit, and one whose real visit demo-auditor records now."""
    from db.records import certifications
    from db.visits import load_visits
    from tests.support import account, record_visit
    engine = _engine()
    try:
        account(engine, "aud2", "auditor")
        certs = certifications(engine)
        certs = certs.loc[certs["year"] == YEAR]
        visits = load_visits(engine)
        drafts = sorted(certs.loc[certs["status"] == "draft", "area_id"])
        with_demo = [a for a in drafts if (a, YEAR) in visits and visits[(a, YEAR)]["demo"]]
        without = [a for a in drafts if (a, YEAR) not in visits]
        verified = sorted(certs.loc[certs["status"] == "verified", "area_id"])
        record_visit(engine, without[1], YEAR, lead="demo-auditor")
    finally:
        engine.dispose()
    return {"demo_visit": with_demo[0], "no_visit": without[0], "real_visit": without[1], "verified": verified[0]}


@pytest.fixture(scope="module")
def areas(app_database):
    run()                                                   # the demo is loaded on the first run
    return _areas()


def _data_layer_accepts(area_id: str, user: str) -> bool:
    """Whether db.visits.save_visit accepts ``user`` recording the visit of the area (rolled back)."""
    from db.accounts import AccountRefused
    from db.visits import VisitError, bangkok_today, save_visit, visit_of
    engine = _engine()
    try:
        with engine.connect() as conn:
            trans = conn.begin()
            try:
                v = visit_of(conn, area_id, YEAR)
                start, end = (v["start_on"], v["end_on"]) if v else (bangkok_today(),) * 2
                save_visit(conn, area_id, YEAR, start, end, user, [], ["ผู้ทวนสอบภายนอก (หน่วยงานทดสอบ)"], user)
                return True
            except (VisitError, AccountRefused):
                return False
            finally:
                trans.rollback()
    finally:
        engine.dispose()


def _page_offers_the_form(user: str, area_id: str) -> bool:
    at = _signed_in(user, "pages/visits.py", area=area_id, year=YEAR)
    return any(b.label == t("visits.save", "th") for b in at.button)


@pytest.mark.parametrize(("user", "case", "expected"), [
    ("aud2", "demo_visit", True),           # a demo visit is nobody's: the page offered no form here before
    ("aud2", "real_visit", False),          # another team's visit
    ("demo-auditor", "real_visit", True),   # its own team's
    ("aud2", "no_visit", True),
    ("demo-auditor", "verified", False),    # the verification stands on it
])
def test_the_page_offers_the_form_exactly_when_the_data_layer_accepts_the_write(areas, user, case, expected):
    area_id = areas[case]
    assert _data_layer_accepts(area_id, user) == expected
    assert _page_offers_the_form(user, area_id) == expected
