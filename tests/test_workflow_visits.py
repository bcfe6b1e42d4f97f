"""Verification visits as pure rules: the rule from data/verification_rules.csv (and its clear refusal of a bad
file), whether a visit qualifies and what it lacks, and the queues of the auditors and the committee secretary."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from common.errors import DataError
from programme.verification import RULES_FILE, load_verification_rules
from tests.conftest_db import DATA_DIR
from workflow.visits import (
    DEFAULT_RULE,
    VerificationRule,
    check_visit,
    committee_inbox,
    days_on_site,
    parse_external,
    rule_for,
    team_size,
    verify_inbox,
    visit_inbox,
    visit_problems,
)

TODAY = dt.date(2025, 12, 1)
RULE = VerificationRule(2560, 3, 1, "test")


def _visit(n: int, start=dt.date(2025, 11, 20), end=dt.date(2025, 11, 20)) -> dict:
    team = [{"username": "aud", "name": "aud", "lead": True}] + [
        {"username": None, "name": f"ภายนอก {i}", "organisation": "มหาวิทยาลัยทดสอบ", "agreed": True, "lead": False}
        for i in range(1, n)]
    return {"start_on": start, "end_on": end, "team": team}


def test_the_shipped_rule_is_three_auditors_and_one_day_with_its_source():
    rules = load_verification_rules(DATA_DIR)
    rule = rule_for(rules, 2568)
    assert (rule.min_auditors, rule.min_days) == (3, 1) and rule.source.startswith("V")


def _rules_dir(tmp_path, text: str):
    (tmp_path / RULES_FILE).write_text(text, encoding="utf-8")
    return tmp_path


def test_rules_are_read_from_the_file_per_year(tmp_path):
    d = _rules_dir(tmp_path, "from_year,min_auditors,min_days,counts,source\n2560,3,1,people,a\n2569,4,2,people,b\n")
    rules = load_verification_rules(d)
    assert (rule_for(rules, 2568).min_auditors, rule_for(rules, 2569).min_auditors) == (3, 4)
    assert rule_for(rules, 2570).min_days == 2
    assert rule_for(rules, 2500) == DEFAULT_RULE                  # before every row: the default
    assert check_visit(_visit(3), rule_for(rules, 2569), TODAY).missing("en") == "3 of 4 auditors; 1 day(s) on site (at least 2)"


def test_without_the_file_the_default_rule_applies(tmp_path):
    assert load_verification_rules(tmp_path) == (DEFAULT_RULE,)
    assert (DEFAULT_RULE.min_auditors, DEFAULT_RULE.min_days) == (3, 1)


@pytest.mark.parametrize("text, says", [
    ("from_year,min_auditors,min_days,counts,source\n2560,three,1,people,a\n",
     "column min_auditors, value 'three': must be a whole number"),
    ("from_year,min_auditors,min_days,counts,source\n2560,0,1,people,a\n", "must be between 1 and 50"),
    ("from_year,min_auditors,min_days,counts,source\n2017,3,1,people,a\n", "Christian-era"),
    ("from_year,min_auditors,counts,source\n2560,3,people,a\n", "required column(s) missing: min_days"),
    ("from_year,min_auditors,min_days,counts,source\n2560,3,1,people,a\n2560,4,1,people,b\n", "duplicate from_year"),
    ("from_year,min_auditors,min_days,counts,source\n", "no rule row"),
])
def test_a_bad_rules_file_is_refused_with_a_clear_message(tmp_path, text, says):
    with pytest.raises(DataError) as err:
        load_verification_rules(_rules_dir(tmp_path, text))
    assert says in str(err.value) and RULES_FILE in str(err.value) and " / " in str(err.value)


def test_a_visit_qualifies_with_three_different_auditors_on_site_for_a_day():
    assert check_visit(_visit(3), RULE, TODAY).ok
    two = check_visit(_visit(2), RULE, TODAY)
    assert not two.ok and two.missing("en") == "2 of 3 auditors" and two.missing("th") == "ผู้ทวนสอบ 2 จาก 3 คน"
    none = check_visit(None, RULE, TODAY)
    assert none.missing("en") == "no verification visit recorded; 0 of 3 auditors; 0 day(s) on site (at least 1)"
    planned = check_visit(_visit(3, dt.date(2025, 12, 5), dt.date(2025, 12, 6)), RULE, TODAY)   # not yet begun
    assert not planned.ok and planned.days == 0 and "0 day(s) on site" in planned.missing("en")
    # the same person twice counts once, by account or by name
    twice = _visit(2)
    twice["team"].append({"username": None, "name": " ภายนอก   1 ", "lead": False})
    twice["team"].append({"username": "AUD", "name": "aud", "lead": False})
    assert team_size(twice["team"]) == 2 and not check_visit(twice, RULE, TODAY).ok


def test_days_on_site_count_both_ends_up_to_today():
    d = dt.date
    assert days_on_site(d(2025, 11, 20), d(2025, 11, 20), TODAY) == 1
    assert days_on_site(d(2025, 11, 20), d(2025, 11, 22), TODAY) == 3
    assert days_on_site(d(2025, 11, 30), d(2025, 12, 3), TODAY) == 2     # under way: the days so far
    assert days_on_site(None, None, TODAY) == 0


def test_typed_visits_are_checked():
    d = dt.date
    team = _visit(3)["team"]
    assert visit_problems(2568, d(2025, 11, 1), d(2025, 11, 2), "aud", team) == []
    assert "before the first day" in visit_problems(2568, d(2025, 11, 2), d(2025, 11, 1), "aud", team)[0][0]
    assert "far from the programme year" in visit_problems(2568, d(2021, 11, 1), d(2021, 11, 1), "aud", team)[0][0]
    assert "lead auditor" in visit_problems(2568, d(2025, 11, 1), d(2025, 11, 1), "", team)[0][0]
    assert parse_external(" ดร. ก  ข (มหาวิทยาลัย)\n\nดร. ก ข (มหาวิทยาลัย)\nนาย ค\n") == ["ดร. ก ข (มหาวิทยาลัย)", "นาย ค"]


def _certs(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["area_id", "year", "level", "status", "verified_at"])


def test_the_auditors_queue_lists_drafted_levels_without_a_qualifying_visit():
    certs = _certs([("a", 2568, 3, "draft", None), ("b", 2568, 2, "draft", None), ("c", 2568, 4, "draft", None),
                    ("d", 2568, 4, "verified", pd.Timestamp("2025-11-01", tz="UTC"))])
    items = visit_inbox(certs, {("b", 2568): _visit(2), ("c", 2568): _visit(3)}, (RULE,), TODAY)
    assert [(i.area_id, i.key) for i in items] == [("a", "inbox.visit_none"), ("b", "inbox.visit_short")]
    b = items[1]
    assert b.params == {"auditors": 2, "need_auditors": 3, "days": 1, "need_days": 1}
    assert b.page == "pages/visits.py" and b.query == {"area": "b", "year": "2568"} and b.kind == "visit_due"
    assert visit_inbox(None, {}, (RULE,), TODAY) == []
    # the Eco Center's side: the drafts whose visit meets the rule are ready to be verified
    ready = verify_inbox(certs, {("b", 2568): _visit(2), ("c", 2568): _visit(3)}, (RULE,), TODAY)
    assert [(i.area_id, i.kind, i.params, i.page) for i in ready] == [("c", "to_verify", {"level": 4},
                                                                        "pages/certification.py")]


def test_the_secretarys_queue_is_presentation_modes_pending():
    from scoring.certified import pending_areas
    certs = _certs([("a", 2567, 3, "verified", pd.Timestamp("2024-11-01", tz="UTC")),
                    ("b", 2568, 2, "verified", pd.Timestamp("2025-11-01", tz="UTC")),
                    ("c", 2568, 4, "certified", pd.Timestamp("2025-11-01", tz="UTC")),
                    ("d", 2568, 4, "draft", None)])
    items = committee_inbox(certs)
    assert [(i.area_id, i.year) for i in items] == [("a", 2567), ("b", 2568)]
    assert {i.area_id for i in items if i.year == 2568} == pending_areas(certs, 2568)
    assert items[1].params == {"level": 2} and items[1].page == "pages/certification.py"
    assert items[0].order < items[1].order                                # the longest waiting first
    assert committee_inbox(None) == []



# --------------------------------------------------------------------------------------------- who may change a visit

def _recorded(demo=False, team=("lead1", "member1"), recorded_by="lead1"):
    return {"demo": demo, "recorded_by": recorded_by,
            "team": [{"username": u, "name": u, "lead": i == 0} for i, u in enumerate(team)]
            + [{"username": None, "name": "ภายนอก", "lead": False}]}


def test_visit_steps_use_actions_of_the_permission_table():
    from common.vocab import ACTIONS
    from workflow.visits import VISIT_STEPS
    assert {s.permission for s in VISIT_STEPS.values()} <= set(ACTIONS)


@pytest.mark.parametrize(("visit", "cert", "role", "user", "ok", "check"), [
    (None, None, "auditor", "anyone", True, ""),                       # a first visit
    (None, "draft", "auditor", "anyone", True, ""),
    (None, "draft", "staff", "eco1", False, "permission"),             # staff read visits, never write them
    (None, "draft", "working_group", "wg", False, "permission"),
    ("real", "draft", "auditor", "member1", True, ""),                 # its team
    ("real", "draft", "auditor", "LEAD1", True, ""),
    ("real", None, "auditor", "outsider", False, "own"),               # not its team
    ("real", "draft", "admin", "boss", True, ""),
    ("demo", "draft", "auditor", "outsider", True, ""),                # a demo visit is nobody's
    ("real", "verified", "auditor", "lead1", False, "state"),          # the verification stands on it
    ("demo", "certified", "auditor", "outsider", False, "state"),
    ("real", "certified", "admin", "boss", False, "state"),
])
def test_who_may_record_or_change_a_visit(visit, cert, role, user, ok, check):
    from workflow.visits import visit_step
    v = None if visit is None else _recorded(demo=visit == "demo")
    d = visit_step(v, cert, role, user)
    assert (bool(d), d.check) == (ok, check)
    assert d.step == ("change" if v else "record")


def test_a_refused_change_says_why_in_both_languages():
    from workflow.visits import visit_step
    d = visit_step(_recorded(), "draft", "auditor", "outsider")
    assert "not on the audit team" in d.reason("en") and "ไม่ได้อยู่ในคณะผู้ทวนสอบ" in d.reason("th")
    d = visit_step(_recorded(), "verified", "auditor", "lead1")
    assert "no longer changes" in d.en and "ต้องร่างระดับใหม่ก่อน" in d.th


# --------------------------------------------------------------------------------------------- who counts as an auditor

def _one_auditor_typing(org: str = "", agreed: bool = False) -> list[dict]:
    return [{"username": "aud", "name": "aud", "lead": True}] + [
        {"username": None, "name": n, "organisation": org, "agreed": agreed, "lead": False} for n in ("ก", "ข")]


def test_one_auditor_typing_two_names_is_not_three_auditors():
    from workflow.visits import team_size
    assert team_size(_one_auditor_typing()) == 1                                  # names only
    assert team_size(_one_auditor_typing(org="มหาวิทยาลัยทดสอบ")) == 1             # no agreement recorded
    assert team_size(_one_auditor_typing(agreed=True)) == 1                       # no organisation
    assert team_size(_one_auditor_typing("มหาวิทยาลัยทดสอบ", True)) == 3           # people, recorded as such
    assert team_size(_one_auditor_typing("มหาวิทยาลัยทดสอบ", True), counts="accounts") == 1
    visit = {"start_on": TODAY, "end_on": TODAY, "team": _one_auditor_typing()}
    assert check_visit(visit, RULE, TODAY).missing("en").startswith("1 of 3 auditors")


def test_the_rules_file_says_who_counts(tmp_path):
    d = _rules_dir(tmp_path, "from_year,min_auditors,min_days,counts,source\n2560,3,1,accounts,a\n")
    assert rule_for(load_verification_rules(d), 2568).counts == "accounts"
    assert rule_for(load_verification_rules(DATA_DIR), 2568).counts == "people"
    (tmp_path / RULES_FILE).write_text("from_year,min_auditors,min_days,counts,source\n2560,3,1,names,a\n",
                                       encoding="utf-8")
    with pytest.raises(DataError, match=r"must be one of people \| accounts"):
        load_verification_rules(tmp_path)


def test_an_external_auditor_typed_as_name_and_organisation():
    from workflow.visits import external_line, external_person
    p = external_person("  ผศ.ดร. สมหญิง   ใจดี (มหาวิทยาลัยทดสอบ) ", agreed=True)
    assert p == {"name": "ผศ.ดร. สมหญิง ใจดี", "organisation": "มหาวิทยาลัยทดสอบ", "agreed": True}
    assert external_line(p) == "ผศ.ดร. สมหญิง ใจดี (มหาวิทยาลัยทดสอบ)"
    assert external_person("นายสมชาย ทดสอบ") == {"name": "นายสมชาย ทดสอบ", "organisation": "", "agreed": False}
