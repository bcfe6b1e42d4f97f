"""The certification page and the data layer give one answer to "which steps may this person take on this
level": each of the page's three buttons is enabled exactly when db.certification.set_certification accepts that
step (both read workflow.certification), e.g. verifying a draft whose visit is short of the rule."""
from __future__ import annotations

import pytest

from i18n import t
from tests.pagetest import module_database, run, signed_in

app_database = module_database("pages_certification")
YEAR = 2568
BUTTONS = {"draft": "cert.do_draft", "verified": "cert.do_verify", "certified": "cert.do_certify"}



@pytest.fixture(scope="module")
def areas(app_database):
    """A drafted level whose demo visit is short of the rule, and a verified level (demo-staff verified it)."""
    from db.engine import get_engine
    from db.records import certifications
    from db.visits import load_visits
    run()
    engine = get_engine()
    try:
        certs = certifications(engine)
        certs = certs.loc[certs["year"] == YEAR]
        visits = load_visits(engine)
    finally:
        engine.dispose()
    drafts = sorted(certs.loc[certs["status"] == "draft", "area_id"])
    return {"short_visit": [a for a in drafts if (a, YEAR) in visits][0],
            "verified": sorted(certs.loc[certs["status"] == "verified", "area_id"])[0]}


def _data_layer_accepts(area_id: str, status: str, user: str) -> bool:
    """Whether set_certification accepts the step (with a reason in the note, at the level on record; rolled back)."""
    from db.accounts import AccountRefused
    from db.certification import CertificationError, set_certification
    from db.engine import get_engine
    from db.records import certifications
    from scoring.certified import certification_of
    engine = get_engine()
    try:
        level = int(certification_of(certifications(engine), area_id, YEAR)["level"])
        with engine.connect() as conn:
            trans = conn.begin()
            try:
                set_certification(conn, area_id, YEAR, level, status, user, "เหตุผลทดสอบ")
                return True
            except (CertificationError, AccountRefused):
                return False
            finally:
                trans.rollback()
    finally:
        engine.dispose()


@pytest.mark.parametrize(("user", "case"), [
    ("demo-staff2", "short_visit"),          # verifying on a short visit: the page enabled it before, then refused
    ("demo-staff", "verified"),              # staff may draft again, not certify
    ("demo-secretary", "verified"),          # the secretary certifies, does not draft a verified level
])
def test_the_enabled_buttons_are_exactly_the_steps_the_data_layer_accepts(areas, user, case):
    area_id = areas[case]
    at = signed_in(user, "pages/certification.py", area=area_id, year=YEAR)
    enabled = {status for status, key in BUTTONS.items()
               if not [b for b in at.button if b.label == t(key, "th")][0].disabled}
    accepted = {status for status in BUTTONS if _data_layer_accepts(area_id, status, user)}
    assert enabled == accepted
    assert enabled                                                  # each of these people may take some step
