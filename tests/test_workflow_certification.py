"""The certification steps as a pure table (workflow.certification): who may take which step from which status,
four eyes, the reason a new draft over a certified level needs, the visit the verification stands on, and the
sentences of each refusal in Thai and English."""
from __future__ import annotations

import datetime as dt

import pytest

from common.vocab import ACTIONS, PERMISSIONS
from workflow.certification import STEPS, certification_steps, status_step, step_for
from workflow.visits import VerificationRule, check_visit

RULE = VerificationRule(2560, 3, 1, "test")
TODAY = dt.date(2025, 12, 1)
DAY = dt.date(2025, 11, 20)
GOOD = check_visit({"start_on": DAY, "end_on": DAY, "team": [{"username": "a1", "name": "a1", "lead": True},
                                                               {"username": "a2", "name": "a2", "lead": False},
                                                               {"username": "a3", "name": "a3", "lead": False}]},
                   RULE, TODAY)
SHORT = check_visit({"start_on": DAY, "end_on": DAY, "team": [{"username": "a1", "name": "a1", "lead": True}]},
                    RULE, TODAY)


def rec(status, level=4, verified_by=None):
    return {"status": status, "level": level, "verified_by": verified_by}


def allowed(role, user, record, visit=GOOD, note=None, level=None):
    return {s for s, d in certification_steps(role, user, record, visit, note, level).items() if d}


def test_every_step_needs_an_action_of_the_permission_table():
    assert {s.permission for s in STEPS.values()} <= set(ACTIONS)
    assert {s.leads_to for s in STEPS.values()} == {"draft", "verified", "certified"}


@pytest.mark.parametrize(("role", "record", "expected"), [
    ("staff", None, {"draft"}),                                       # a first draft
    ("staff", rec("draft"), {"draft", "verify"}),
    ("staff", rec("verified", verified_by="eco2"), {"draft"}),        # a re-draft resets the verification
    ("staff", rec("certified"), set()),                               # the committee's decision
    ("secretary", rec("verified", verified_by="eco2"), {"certify"}),
    ("secretary", rec("certified"), {"redraft"}),
    ("secretary", rec("draft"), set()),
    ("auditor", rec("draft"), set()),
    ("working_group", rec("draft"), set()),
    ("viewer", None, set()),
    ("admin", rec("verified", verified_by="eco2"), {"draft", "certify"}),
])
def test_who_may_take_which_step_from_which_status(role, record, expected):
    assert allowed(role, "someone", record) == expected


def test_the_one_who_verified_does_not_certify_four_eyes_in_both_languages():
    d = certification_steps("admin", "Boss", rec("verified", verified_by="boss"))["certify"]
    assert not d and d.check == "four_eyes"
    assert "four eyes" in d.reason("en") and "หลักสี่ตา" in d.reason("th") and "boss" in d.en.lower()
    assert certification_steps("admin", "other", rec("verified", verified_by="boss"))["certify"]


def test_verifying_needs_a_visit_that_meets_the_rule_and_says_what_it_lacks():
    d = certification_steps("staff", "eco1", rec("draft"), SHORT)["verify"]
    assert not d and d.check == "visit"
    assert "1 of 3 auditors" in d.en and "ผู้ทวนสอบ 1 จาก 3 คน" in d.th
    assert certification_steps("staff", "eco1", rec("draft"), GOOD)["verify"]
    assert certification_steps("staff", "eco1", rec("draft"), None)["verify"]      # not known yet: not checked


def test_a_new_draft_over_a_certified_level_needs_a_reason_once_the_note_is_known():
    assert status_step("draft", "secretary", "sec", rec("certified"), note=None)         # the button
    d = status_step("draft", "secretary", "sec", rec("certified"), note="  ")
    assert not d and d.check == "reason" and "reason" in d.en and "เหตุผล" in d.th
    assert status_step("draft", "secretary", "sec", rec("certified"), note="มติคณะกรรมการ")


def test_a_step_out_of_order_names_the_status_it_needs():
    d = status_step("certified", "secretary", "sec", rec("draft"))
    assert not d and d.check == "state" and "verified" in d.en and "ทวนสอบแล้ว" in d.th
    d = status_step("verified", "staff", "eco1", None)
    assert not d and "none" in d.en and "ยังไม่มีบันทึก" in d.th


def test_verifying_or_certifying_keeps_the_level_on_record():
    d = status_step("certified", "secretary", "sec", rec("verified", 4, "eco1"), level=3)
    assert not d and d.check == "level" and "new draft" in d.en
    assert status_step("certified", "secretary", "sec", rec("verified", 4, "eco1"), level=4)


def test_a_permission_refusal_is_checked_first():
    d = certification_steps("staff", "eco1", rec("verified", verified_by="eco1"))["certify"]
    assert d.check == "permission" and "may not certify" in d.en


def test_the_step_of_a_status():
    assert [step_for(s, None) for s in ("draft", "verified", "certified")] == ["draft", "verify", "certify"]
    assert step_for("draft", "certified") == "redraft"


# --------------------------------------------------------------------------------------------- the permission table

@pytest.mark.parametrize(("role", "actions"), [
    ("viewer", set()),
    ("working_group", {"submit"}),
    ("auditor", {"visit"}),
    ("staff", {"import", "review", "note", "verify", "audit"}),
    ("secretary", {"certify", "note", "audit"}),
    ("admin", set(ACTIONS)),
])
def test_the_permission_table_gives_each_role_exactly_its_actions(role, actions):
    from common.vocab import role_can
    assert PERMISSIONS[role] == actions
    assert {a for a in ACTIONS if role_can(role, a)} == actions


def test_unknown_roles_and_actions_may_do_nothing():
    from common.vocab import role_can
    assert not role_can(None, "visit") and not role_can("nobody", "visit") and not role_can("admin", "fly")
    assert set().union(*PERMISSIONS.values()) <= set(ACTIONS)
