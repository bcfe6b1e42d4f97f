"""Verification visits and the certification rules built on them, in the data layer on SQLite and PostgreSQL:
a level is not verified without a qualifying visit (the message says what is missing), the verifier does not
certify (four eyes), the committee's secretary does and Eco Center staff no longer can; visits are written
only by their audit team and stop changing once their level is verified."""
from __future__ import annotations

import datetime as dt

import pytest

from db import certification
from db.accounts import AccountRefused
from db.visits import VisitError, bangkok_today, load_findings, load_visits, save_finding, save_visit, visit_of
from tests.support import account, record_visit

AREA, YEAR = "ryg-mtp", 2568


def _step(engine, status, who, level=4, note=""):
    with engine.begin() as conn:
        return certification.set_certification(conn, AREA, YEAR, level, status, who, note)


def test_verified_needs_a_visit_of_three_auditors_for_a_day(engine):
    account(engine, "eco1")
    _step(engine, "draft", "eco1")
    with pytest.raises(certification.CertificationError) as err:
        _step(engine, "verified", "eco1")
    assert "no verification visit recorded" in str(err.value) and "ยังไม่มีบันทึกการทวนสอบ" in str(err.value)
    record_visit(engine, AREA, YEAR, auditors=2)
    with pytest.raises(certification.CertificationError, match="2 of 3 auditors") as err:
        _step(engine, "verified", "eco1")
    assert "ผู้ทวนสอบ 2 จาก 3 คน" in str(err.value)
    assert load_visits(engine)[(AREA, YEAR)]["demo"] is False
    # a visit that has not begun yet has no day on site
    tomorrow = bangkok_today() + dt.timedelta(days=1)
    with engine.begin() as conn:
        save_visit(conn, AREA, YEAR, tomorrow, tomorrow, "auditor1", [], ["ภายนอก 1", "ภายนอก 2"], "auditor1")
    with pytest.raises(certification.CertificationError, match=r"0 day\(s\) on site"):
        _step(engine, "verified", "eco1")
    record_visit(engine, AREA, YEAR, auditors=3)
    rec = _step(engine, "verified", "eco1")
    assert rec["status"] == "verified" and rec["verified_by"] == "eco1"
    assert certification.certification_history(engine, AREA, YEAR)["status"].tolist() == ["draft", "verified"]


def test_the_verifier_cannot_certify_the_secretary_can_and_staff_no_longer_can(engine):
    for name, role in (("eco1", "staff"), ("eco2", "staff"), ("sec", "secretary"), ("boss", "admin")):
        account(engine, name, role)
    record_visit(engine, AREA, YEAR)
    _step(engine, "draft", "eco1")
    _step(engine, "verified", "boss")
    with pytest.raises(certification.CertificationError, match="four eyes"):     # an admin who verified
        _step(engine, "certified", "boss")
    with pytest.raises(AccountRefused, match="may not certify"):                   # Eco Center staff
        _step(engine, "certified", "eco2")
    rec = _step(engine, "certified", "sec")
    assert rec["status"] == "certified" and rec["certified_by"] == "sec" and rec["verified_by"] == "boss"
    # a certified level changes only by a new decision of the committee, with a reason, logged
    with pytest.raises(AccountRefused):
        _step(engine, "draft", "eco1", level=3, note="ทบทวน")
    with pytest.raises(certification.CertificationError, match="reason"):
        _step(engine, "draft", "sec", level=3)
    rec = _step(engine, "draft", "sec", level=3, note="มติคณะกรรมการครั้งที่ 2")
    assert rec["status"] == "draft" and rec["level"] == 3
    last = certification.certification_history(engine, AREA, YEAR).iloc[-1]
    assert (last["previous_status"], last["username"], last["note"]) == ("certified", "sec", "มติคณะกรรมการครั้งที่ 2")


def test_one_auditor_typing_two_names_is_not_three_auditors_until_they_are_people_who_agreed(engine):
    """Two external names typed by one auditor do not meet "at least 3 auditors"; recorded as people (name,
    organisation) who agreed to the findings, they do, and the visit keeps them so."""
    account(engine, "eco1")
    account(engine, "auditor1", "auditor")
    _step(engine, "draft", "eco1")
    day = bangkok_today() - dt.timedelta(days=3)
    with engine.begin() as conn:
        save_visit(conn, AREA, YEAR, day, day, "auditor1", [], ["นาย ก (สถาบัน ก)", "นาง ข"], "auditor1")
    with pytest.raises(certification.CertificationError, match="1 of 3 auditors"):
        _step(engine, "verified", "eco1")
    people = [{"name": "นาย ก", "organisation": "สถาบัน ก", "agreed": True},
              {"name": "นาง ข", "organisation": "สถาบัน ข", "agreed": True}]
    with engine.begin() as conn:
        save_visit(conn, AREA, YEAR, day, day, "auditor1", [], people, "auditor1")
    team = load_visits(engine)[(AREA, YEAR)]["team"]
    assert [(m["name"], m["organisation"], m["agreed"]) for m in team[1:]] == [
        ("นาย ก", "สถาบัน ก", True), ("นาง ข", "สถาบัน ข", True)]
    assert _step(engine, "verified", "eco1")["status"] == "verified"


def test_a_visit_is_its_teams_and_stops_changing_once_its_level_is_verified(engine):
    account(engine, "aud2", "auditor")
    account(engine, "eco1")
    account(engine, "sec", "secretary")
    visit = record_visit(engine, AREA, YEAR, auditors=3)
    assert [m["lead"] for m in visit["team"]] == [True, False, False] and visit["lead_auditor"] == "auditor1"
    start, end = visit["start_on"], visit["end_on"]
    with pytest.raises(AccountRefused, match="not on the audit team"), engine.begin() as conn:   # not its team
        save_visit(conn, AREA, YEAR, start, end, "aud2", [], ["x", "y"], "aud2")
    for who in ("eco1", "sec"):                                     # staff and the secretary read, never write
        with pytest.raises(AccountRefused, match="may not visit"), engine.begin() as conn:
            save_visit(conn, AREA, YEAR, start, end, "auditor1", [], ["x", "y"], who)
    with pytest.raises(VisitError, match="not an active auditor account: eco1"), engine.begin() as conn:
        save_visit(conn, AREA, YEAR, start, end, "auditor1", ["eco1"], ["x"], "auditor1")
    with pytest.raises(VisitError, match="before the first day"), engine.begin() as conn:
        save_visit(conn, AREA, YEAR, end, start - dt.timedelta(days=1), "auditor1", [], ["x", "y"], "auditor1")
    with engine.begin() as conn:                                     # a member by account may change it too
        save_visit(conn, AREA, YEAR, start, end, "auditor1", ["aud2"],
                   [{"name": "ภายนอก 1", "organisation": "สถาบันทดสอบ", "agreed": True}], "auditor1")
        save_finding(conn, AREA, YEAR, "PHY-1.1", "conforms", "", "aud2")
        save_finding(conn, AREA, YEAR, "ENV-1.1", "minor", "ขาดบันทึกการตรวจวัด", "aud2")
        with pytest.raises(VisitError, match="needs a note"):
            save_finding(conn, AREA, YEAR, "ENV-1.2", "major", "", "aud2")
    f = load_findings(engine, AREA, YEAR)
    assert f["indicator_id"].tolist() == ["ENV-1.1", "PHY-1.1"] and f["finding"].tolist() == ["minor", "conforms"]
    _step(engine, "draft", "eco1")
    _step(engine, "verified", "eco1")
    for write in (lambda c: save_visit(c, AREA, YEAR, start, end, "auditor1", [], ["x"], "auditor1"),
                  lambda c: save_finding(c, AREA, YEAR, "PHY-1.1", "major", "ไม่พบ", "aud2")):
        with pytest.raises(VisitError, match="no longer changes"), engine.begin() as conn:
            write(conn)
    with engine.connect() as conn:
        assert len(visit_of(conn, AREA, YEAR)["team"]) == 3
    assert load_findings(engine, AREA, YEAR)["finding"].tolist() == ["minor", "conforms"]


def test_a_working_group_cannot_record_a_visit_even_for_its_own_area(engine):
    from db.accounts import create_user, operator_name
    create_user(engine, "wg", "long-enough-passphrase", "working_group", by=operator_name("t"), areas=[AREA])
    account(engine, "auditor1", "auditor")
    day = bangkok_today()
    with pytest.raises(AccountRefused), engine.begin() as conn:
        save_visit(conn, AREA, YEAR, day, day, "auditor1", [], ["x", "y"], "wg")
    assert load_visits(engine) == {}


def test_a_finding_carries_evidence_files_checked_by_content_and_kept_by_its_team_only(engine, tmp_path):
    """The audit team attaches a PDF to a finding; HTML named .pdf is refused; someone off the team, staff, or a
    finding that does not exist are refused; the file comes back byte for byte; it goes with its finding and stops
    changing once the level is verified."""
    from db.visits import load_finding_evidence, remove_finding
    from ingest.evidence import attach_finding_evidence, read_evidence
    from workflow.submissions import WorkflowError

    account(engine, "aud2", "auditor")
    account(engine, "eco1")
    record_visit(engine, AREA, YEAR, auditors=3)
    with engine.begin() as conn:
        save_finding(conn, AREA, YEAR, "ENV-1.1", "minor", "ขาดบันทึกการตรวจวัด", "auditor1")
        save_finding(conn, AREA, YEAR, "PHY-1.1", "conforms", "", "auditor1")
    pdf = b"%PDF-1.4\n% a finding's photo report\n%%EOF\n"
    eid = attach_finding_evidence(engine, AREA, YEAR, "ENV-1.1", pdf, "รายงาน ตรวจวัด.pdf", "auditor1", root=tmp_path)
    assert attach_finding_evidence(engine, AREA, YEAR, "ENV-1.1", pdf, "รายงาน ตรวจวัด.pdf", "auditor1",
                                   root=tmp_path) == eid                          # the same file once
    with pytest.raises(WorkflowError, match="not a PDF"):
        attach_finding_evidence(engine, AREA, YEAR, "ENV-1.1", b"<html><script>alert(1)</script>", "x.pdf",
                                "auditor1", root=tmp_path)
    with pytest.raises(AccountRefused, match="not on the audit team"):
        attach_finding_evidence(engine, AREA, YEAR, "ENV-1.1", pdf, "a.pdf", "aud2", root=tmp_path)
    with pytest.raises(AccountRefused, match="may not visit"):
        attach_finding_evidence(engine, AREA, YEAR, "ENV-1.1", pdf, "a.pdf", "eco1", root=tmp_path)
    with pytest.raises(VisitError, match="record the finding"):
        attach_finding_evidence(engine, AREA, YEAR, "ENV-1.2", pdf, "a.pdf", "auditor1", root=tmp_path)
    files = load_finding_evidence(engine, AREA, YEAR)
    assert files[["indicator_id", "content_type"]].values.tolist() == [["ENV-1.1", "application/pdf"]]
    assert read_evidence(files["sha256"][0], files["filename"][0], root=tmp_path) == pdf
    attach_finding_evidence(engine, AREA, YEAR, "PHY-1.1", pdf, "b.pdf", "auditor1", root=tmp_path)
    with engine.begin() as conn:                                      # the evidence goes with its finding
        remove_finding(conn, AREA, YEAR, "PHY-1.1", "auditor1")
    assert load_finding_evidence(engine, AREA, YEAR)["indicator_id"].tolist() == ["ENV-1.1"]
    _step(engine, "draft", "eco1")
    _step(engine, "verified", "eco1")
    with pytest.raises(VisitError, match="no longer changes"):
        attach_finding_evidence(engine, AREA, YEAR, "ENV-1.1", pdf, "c.pdf", "auditor1", root=tmp_path)
    assert len(load_finding_evidence(engine, AREA, YEAR)) == 1


def test_the_migration_reads_the_organisation_of_external_auditors_typed_before_and_assumes_no_agreement(engine):
    """Migration 0011 on a visit recorded before it: "name (organisation)" becomes a person with that
    organisation, not agreed, so the visit no longer counts them until their agreement is recorded."""
    import sqlalchemy as sa

    from db.engine import downgrade_db, init_db
    account(engine, "auditor1", "auditor")
    record_visit(engine, AREA, YEAR, auditors=2)
    downgrade_db(engine, "0010_factory_owner")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE visit_team SET name = 'ผศ. สมหญิง ใจดี (มหาวิทยาลัยทดสอบ)' WHERE position = 1"))
    init_db(engine)
    team = load_visits(engine)[(AREA, YEAR)]["team"]
    assert [(m["name"], m["organisation"], m["agreed"]) for m in team] == [
        ("auditor1", "", False), ("ผศ. สมหญิง ใจดี", "มหาวิทยาลัยทดสอบ", False)]
