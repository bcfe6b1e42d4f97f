"""Staff promote a candidate exchange on the area page (AppTest, a database of this module's own): a signed-in
staff member sees the area's candidates and the button, a viewer neither; after promotion the exchange is in the
area's exchange table, and an account disabled since sign-in writes nothing."""
import re
from urllib.parse import urlencode

from db.engine import get_engine
from db.snapshot import load_dataset_from_db
from symbiosis.matching import candidates
from tests.conftest_db import DATA_DIR
from tests.pagetest import html, module_database, run, sign_in, text
from tests.test_pages_symbiosis import AREA, rows_of

app_database = module_database("symbiosis_staff")

PROMOTE = "บันทึกเป็นการแลกเปลี่ยน (สถานะ: พบโอกาส)"


def as_staff(area: str = AREA):
    at = run()
    sign_in(at, "demo-staff", "demo")
    at.query_params["area"] = area
    at.switch_page("pages/area.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_viewer_sees_no_candidates_and_no_button():
    at = run("pages/area.py", area=AREA)
    assert PROMOTE not in [b.label for b in at.button]
    assert 'id="candidate-table"' not in html(at) and "โอกาสการแลกเปลี่ยน" not in text(at)


def test_an_account_whose_role_may_not_write_the_register_sees_no_button():
    for user in ("demo-auditor", "demo-wg-rayong"):
        at = run()
        sign_in(at, user, "demo")
        assert at.session_state["user"]["username"] == user
        at.query_params["area"] = AREA
        at.switch_page("pages/area.py").run()
        assert not at.exception
        assert PROMOTE not in [b.label for b in at.button] and 'id="candidate-table"' not in html(at)


def test_staff_promote_a_candidate_and_it_is_in_the_exchange_table():
    at = as_staff()
    assert PROMOTE in [b.label for b in at.button]
    page = html(at)
    listed = re.findall(r"<tr>(.*?)</tr>", page.split('id="candidate-table"')[1].split("</table>")[0], flags=re.S)
    assert len(listed) > 1
    before = rows_of(page, "exchange-table")
    pick = [s for s in at.selectbox if s.label == "โอกาสที่จะบันทึก"][0]
    pick.set_value(1).run()                                # the second-best candidate
    ds = load_dataset_from_db(DATA_DIR, get_engine(app_database_url()))
    chosen = candidates(ds.symbiosis, ds.factories, 2568, area_id=AREA).iloc[1]
    [b for b in at.button if b.label == PROMOTE][0].click().run()
    assert not at.exception
    assert f"บันทึกการแลกเปลี่ยน EX-{AREA}-" in text(at), [e.value for e in at.error]
    after = rows_of(html(at), "exchange-table")
    assert len(after) == len(before) + 1
    new = [r for r in after if r not in before]
    assert len(new) == 1 and "พบโอกาส" in new[0]
    # it is the candidate picked: its giver and receiver link to their pages
    giver, receiver = chosen["from_party"], chosen["to_party"]
    for pid in (giver, receiver):
        assert urlencode({"factory" if "/" in pid else "party": pid}) in new[0]
    # and the pair is no longer a candidate
    ds = load_dataset_from_db(DATA_DIR, get_engine(app_database_url()))
    left = candidates(ds.symbiosis, ds.factories, 2568, area_id=AREA)
    assert not ((left["from_party"] == giver) & (left["to_party"] == receiver)
                & (left["material_th"] == chosen["material_th"])).any()


def test_an_account_disabled_after_sign_in_promotes_nothing_and_is_signed_out():
    from db.accounts import operator_name, set_active
    at = as_staff()
    engine = get_engine(app_database_url())
    before = len(load_dataset_from_db(DATA_DIR, engine).symbiosis.exchanges)
    set_active(engine, "demo-staff", False, by=operator_name("tests"))
    try:
        [b for b in at.button if b.label == PROMOTE][0].click().run()
        assert not at.exception
        assert "user" not in at.session_state
        assert PROMOTE not in [b.label for b in at.button]
        assert len(load_dataset_from_db(DATA_DIR, engine).symbiosis.exchanges) == before      # nothing written
        assert "ถูกระงับ" in text(at) or "ถูกระงับ" in str(at.session_state["auth_notice"])
    finally:
        set_active(engine, "demo-staff", True, by=operator_name("tests"))


def app_database_url() -> str:
    import os
    return os.environ["EIT_DATABASE_URL"]
