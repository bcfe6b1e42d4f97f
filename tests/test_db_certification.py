"""Certification steps in the data layer on SQLite and PostgreSQL (fixture ``db_url``, see tests/conftest_db.py): one
step at a time, a refused step changes nothing, a certified level returns to draft only with a reason."""
from __future__ import annotations

import pytest

from db import certification
from db import records as db_records
from tests.support import account, record_visit


def test_certification_moves_one_step_at_a_time(engine):
    for name in ("staff1", "staff2"):
        account(engine, name)
    account(engine, "admin1", "admin")
    record_visit(engine, "ryg-mtp", 2568)                            # the verification visit the rule asks for
    with engine.begin() as conn:
        with pytest.raises(certification.CertificationError):
            certification.set_certification(conn, "ryg-mtp", 2568, 4, "verified", "staff1")
        with pytest.raises(certification.CertificationError):
            certification.set_certification(conn, "ryg-mtp", 2568, 4, "certified", "admin1")
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 4, "draft", "staff1", note="ร่าง")
        assert rec["status"] == "draft" and rec["drafted_by"] == "staff1" and rec["verified_by"] is None
        with pytest.raises(certification.CertificationError):          # skipping verification
            certification.set_certification(conn, "ryg-mtp", 2568, 4, "certified", "admin1")
        with pytest.raises(certification.CertificationError):          # verifying another level
            certification.set_certification(conn, "ryg-mtp", 2568, 5, "verified", "staff2")
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 4, "verified", "staff2")
        assert rec["status"] == "verified" and rec["verified_by"] == "staff2"
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 4, "draft", "staff1")   # re-draft resets
        assert rec["status"] == "draft" and rec["verified_by"] is None and rec["verified_at"] is None
        certification.set_certification(conn, "ryg-mtp", 2568, 4, "verified", "staff2")
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 4, "certified", "admin1")
        assert rec["status"] == "certified" and rec["certified_by"] == "admin1"
        for status in ("verified", "certified"):                     # certified is final ...
            with pytest.raises(certification.CertificationError):
                certification.set_certification(conn, "ryg-mtp", 2568, 4, status, "admin1")
        with pytest.raises(certification.CertificationError):
            certification.set_certification(conn, "ryg-mtp", 2568, 9, "draft", "admin1")
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 3, "draft", "admin1", note="ทบทวน")  # ... but a new draft
        assert rec["status"] == "draft" and rec["level"] == 3 and rec["certified_by"] is None
    certs = db_records.certifications(engine)
    assert len(certs) == 1 and certs.loc[0, "status"] == "draft" and certs.loc[0, "level"] == 3
    hist = certification.certification_history(engine, "ryg-mtp", 2568)
    assert list(hist["status"]) == ["draft", "verified", "draft", "verified", "certified", "draft"]
    last = hist.iloc[-1]
    assert last["previous_status"] == "certified" and last["previous_level"] == 4 and last["note"] == "ทบทวน"


def test_a_refused_step_inside_a_transaction_changes_nothing(engine):
    account(engine, "staff1")
    record_visit(engine, "ryg-irpc", 2568)
    with engine.begin() as conn:
        certification.set_certification(conn, "ryg-irpc", 2568, 2, "draft", "staff1")
    with pytest.raises(certification.CertificationError), engine.begin() as conn:
        certification.set_certification(conn, "ryg-irpc", 2568, 2, "verified", "staff1")
        certification.set_certification(conn, "ryg-irpc", 2568, 2, "verified", "staff1")   # already verified
    assert db_records.certifications(engine).loc[0, "status"] == "draft"


def test_a_certified_level_returns_to_draft_only_with_a_reason(engine):
    from tests.support import account
    for name, role in (("s1", "staff"), ("c1", "secretary")):
        account(engine, name, role)
    record_visit(engine, "ryg-mtp", 2568)
    with engine.begin() as conn:
        for status, who in (("draft", "s1"), ("verified", "s1"), ("certified", "c1")):
            certification.set_certification(conn, "ryg-mtp", 2568, 4, status, who)
    with pytest.raises(certification.CertificationError, match="reason"), engine.begin() as conn:
        certification.set_certification(conn, "ryg-mtp", 2568, 3, "draft", "c1")
    assert db_records.certifications(engine).loc[0, "status"] == "certified"
    with engine.begin() as conn:
        rec = certification.set_certification(conn, "ryg-mtp", 2568, 3, "draft", "c1", note="ทบทวนตามมติคณะกรรมการ")
    assert rec["status"] == "draft" and rec["level"] == 3
    steps = certification.certification_history(engine, "ryg-mtp", 2568)
    assert list(steps["status"]) == ["draft", "verified", "certified", "draft"]
