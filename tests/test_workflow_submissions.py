"""The submission rules as pure functions (workflow.submissions) and the deadlines file (programme.deadlines)."""
import datetime as dt

import pandas as pd
import pytest

from common.errors import DataError
from programme.deadlines import load_deadlines, open_year
from tests.conftest_db import DATA_DIR
from workflow.submissions import (
    STEPS,
    WorkflowError,
    action_of,
    check_value,
    completeness,
    next_status,
    submission_inbox,
)


def test_the_steps_go_draft_submitted_returned_resubmitted_accepted():
    assert next_status(None, "save") == "draft"
    assert next_status("draft", "submit") == "submitted"
    assert next_status("submitted", "return") == "returned"
    assert next_status("returned", "save") == "returned"
    assert next_status("returned", "submit") == "resubmitted"
    assert next_status("resubmitted", "accept") == "accepted"
    for status, step in (("submitted", "save"), ("accepted", "return"), ("draft", "accept"), ("accepted", "save"),
                         ("resubmitted", "submit")):
        with pytest.raises(WorkflowError) as err:
            next_status(status, step)
        assert err.value.en and err.value.th
    assert {action_of(s) for s in STEPS} == {"submit", "review"}
    assert action_of("accept") == action_of("return") == "review"


def test_values_by_metric_type():
    pct = {"indicator_id": "X-1", "metric_type": "percent"}
    assert check_value(pct, "42,5".replace(",", ".")) == 42.5 and check_value(pct, "") is None
    for bad in ("101", "-0.1", "n/a", float("inf")):
        with pytest.raises(WorkflowError):
            check_value(pct, bad)
    assert check_value({"indicator_id": "B", "metric_type": "binary"}, 1) == 1.0
    with pytest.raises(WorkflowError):
        check_value({"indicator_id": "B", "metric_type": "binary"}, 2)
    assert check_value({"indicator_id": "N", "metric_type": "number"}, "1,200") == 1200.0
    with pytest.raises(WorkflowError, match="computed"):
        check_value(pct, 5, computed={"X-1"})


def test_completeness_counts_required_indicators_only():
    done = completeness(["a", "b", "c", "d"], {"a": 1.0, "b": None, "z": 3.0}, ["a", "c", "z"])
    assert done == {"required": 4, "filled": 1, "evidence": 2, "share": 0.25}


def test_the_inbox_of_a_working_group_and_of_the_eco_center():
    subs = pd.DataFrame({"area_id": ["a1", "a2", "a3"], "year": [2568] * 3,
                         "status": ["returned", "submitted", "draft"], "n_comments": [2, 0, 0]})
    due, today = dt.date(2025, 10, 31), dt.date(2025, 10, 21)
    wg = submission_inbox("working_group", ["a1", "a3", "a9"], subs, 2568, due, today)
    assert [(i.kind, i.area_id) for i in wg] == [("returned", "a1"), ("due", "a3"), ("due", "a9")]
    assert wg[0].params == {"n": 2} and wg[1].params["days"] == 10 and wg[1].page == "pages/submit.py"
    late = submission_inbox("working_group", ["a3"], subs, 2568, due, dt.date(2025, 11, 3))
    assert late[0].key == "inbox.overdue" and late[0].params["days"] == 3
    staff = submission_inbox("staff", (), subs, 2568, due, today)
    assert [(i.kind, i.area_id, i.page) for i in staff] == [("to_review", "a2", "pages/board.py")]


def test_deadlines_are_buddhist_era_dates(tmp_path):
    d = load_deadlines(DATA_DIR)
    assert d["year"].is_unique and d.loc[d["year"] == 2568, "due_on"].iat[0] == dt.date(2025, 10, 31)
    assert open_year(d, dt.date(2025, 11, 1)) == 2569
    (tmp_path / "deadlines.csv").write_text("year,due_on,note_th,note_en\n2568,2025-10-31,,\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 1 \(line 2\), column due_on.*Christian"):
        load_deadlines(tmp_path)
    (tmp_path / "deadlines.csv").write_text("year,due_on,note_th,note_en\n2568,2568-02-30,,\n", encoding="utf-8")
    with pytest.raises(DataError, match="YYYY-MM-DD"):
        load_deadlines(tmp_path)
    assert load_deadlines(tmp_path / "none").empty


def test_after_acceptance_the_next_step_waits_for_staff_auditors_and_the_secretary():
    from workflow.submissions import accepted_inbox
    subs = pd.DataFrame({"area_id": ["a", "b", "c", "d"], "year": [2568] * 4,
                         "status": ["accepted", "accepted", "accepted", "submitted"]})
    certs = pd.DataFrame({"area_id": ["b", "c"], "year": [2568, 2568], "status": ["draft", "verified"],
                          "level": [3, 4]})

    def kinds(actions, visits=None):
        return sorted((i.kind, i.area_id, i.page) for i in accepted_inbox(actions, subs, certs, visits or {}))
    assert kinds({"import", "review", "note", "verify", "audit"}) == [("draft_level", "a", "pages/certification.py")]
    assert kinds({"visit"}) == [("visit_to_plan", "a", "pages/visits.py")]
    assert kinds({"visit"}, {("a", 2568): {"team": []}}) == []              # planned already
    assert kinds({"certify", "note", "audit"}) == [("to_committee", "a", "pages/certification.py"),
                                                   ("to_committee", "b", "pages/certification.py")]
    items = {i.area_id: i for i in accepted_inbox({"certify"}, subs, certs, {})}
    assert items["a"].key == "inbox.to_committee_none" and items["b"].key == "inbox.to_committee_draft"
    assert items["b"].params == {"level": 3} and items["b"].query == {"area": "b", "year": "2568"}
    assert kinds({"submit"}) == [] and accepted_inbox({"verify"}, subs.iloc[:0], certs, {}) == []


def test_unsaved_values_are_those_that_differ_from_the_stored_ones():
    from workflow.submissions import unsaved
    stored = {"a": 1.0, "b": None, "c": 0.5}
    assert unsaved({"a": 1, "b": None, "c": 0.5}, stored) == {}
    assert unsaved({"a": 2.0, "b": float("nan"), "c": None, "d": 3.0}, stored) == {"a": 2.0, "c": None, "d": 3.0}
