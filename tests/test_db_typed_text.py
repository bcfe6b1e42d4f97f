"""Text people type reaches the database the same way on SQLite and PostgreSQL (fixture ``engine``): a NUL
character (which PostgreSQL's driver refuses with a traceback) typed into every free-text field is taken out
before the write (common.text.clean_text), or the field refuses it with a sentence; nothing raises a driver
error."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from common.text import clean_text
from db import certification, notes, signin
from db.accounts import AccountError, create_user, operator_name
from db.schema import area_notes, certification_log, submission_comments, visit_findings, visits
from db.submissions import return_submission, save_values, submit
from db.visits import save_finding
from ingest.evidence import attach_evidence
from programme.criteria import current_criteria
from tests.conftest_db import DATA_DIR
from tests.support import account, record_visit

NUL = "\x00"
AREA, YEAR = "ryg-mtp", 2568
PASSWORD = "a quiet river at dawn"


def test_clean_text_takes_out_what_no_database_stores_and_keeps_the_rest():
    assert clean_text(f"น้ำ{NUL}เสีย\tบ่อ 1\r\nบ่อ 2\x07\x7f") == "น้ำเสีย\tบ่อ 1\r\nบ่อ 2"
    assert clean_text(None) == "" and clean_text("  ok  ") == "  ok  " and clean_text("x\ud800y") == "xy"


def _all_text(engine, table, column) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(sa.select(table.c[column]))]


def test_a_nul_in_the_sign_in_name_is_an_ordinary_answer(engine):
    create_user(engine, "somchai", PASSWORD, "staff", by=operator_name("tests"))
    assert signin.sign_in(engine, f"som{NUL}chai", "wrong guess", "203.0.113.9").outcome == "failed"
    assert signin.sign_in(engine, f"{NUL}", PASSWORD).outcome == "failed"
    assert signin.sign_in(engine, f"somchai{NUL}", PASSWORD).outcome == "ok"
    with pytest.raises(AccountError):                                  # a new account's name refuses it
        create_user(engine, f"new{NUL}name", PASSWORD, "staff", by=operator_name("tests"))


def test_a_nul_in_notes_remarks_and_comments_is_taken_out_on_both_databases(engine, tmp_path):
    staff, auditor = account(engine, "eco-staff", "staff"), "auditor1"
    with engine.begin() as conn:
        notes.save_note(conn, AREA, YEAR, f"ปัญหา{NUL}", f"ข้อเสนอ{NUL}แนะ", staff)
    assert _all_text(engine, area_notes, "recommendations") == ["ข้อเสนอแนะ"]

    record_visit(engine, AREA, YEAR, lead=auditor)
    from db.visits import save_visit, visit_of
    with engine.begin() as conn:
        v = visit_of(conn, AREA, YEAR)
        save_visit(conn, AREA, YEAR, v["start_on"], v["end_on"], auditor, [],
                   [f"ผู้ทวนสอบ{NUL} ก", "ผู้ทวนสอบ ข"], auditor, f"บันทึก{NUL}")
        save_finding(conn, AREA, YEAR, "ENV-1.1", "minor", f"ขาด{NUL}บันทึก", auditor)
    assert _all_text(engine, visits, "note") == ["บันทึก"]
    assert _all_text(engine, visit_findings, "note") == ["ขาดบันทึก"]

    with engine.begin() as conn:
        certification.set_certification(conn, AREA, YEAR, 3, "draft", staff, f"หมายเหตุ{NUL}")
    assert _all_text(engine, certification_log, "note") == ["หมายเหตุ"]

    criteria = current_criteria(DATA_DIR)
    create_user(engine, "wg", PASSWORD, "working_group", by=operator_name("tests"), areas=[AREA])
    ind = criteria.table.loc[criteria.table["metric_type"] == "percent", "indicator_id"].iat[0]
    save_values(engine, AREA, YEAR, {ind: "42"}, "wg", criteria)
    attach_evidence(engine, AREA, YEAR, ind, b"%PDF-1.4\n%%EOF\n", f"ราย{NUL}งาน.pdf", "wg", criteria, root=tmp_path)
    submit(engine, AREA, YEAR, "wg", criteria)
    return_submission(engine, AREA, YEAR, staff, {ind: f"แก้{NUL}ไข"})
    assert _all_text(engine, submission_comments, "comment") == ["แก้ไข"]
