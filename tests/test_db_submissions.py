"""Submissions in the database, on SQLite and PostgreSQL (fixture ``engine``): a working group writes only its
own areas (the form's function, the template upload, a crafted call), each step is allowed only from its
statuses and logged, accepted results become the assessment and nothing else changes the published figures,
and evidence is kept by checksum and accepted by content."""
from __future__ import annotations

import io

import pandas as pd
import pytest
import sqlalchemy as sa

from db import submissions as subs
from db.accounts import AccountRefused, create_user, operator_name
from db.records import load_records
from ingest.evidence import attach_evidence, check_file, read_evidence
from ingest.submissions import upload_template
from programme import registry
from programme.criteria import current_criteria
from tests.conftest_db import DATA_DIR
from tests.support import count, results_csv
from workflow.submissions import WorkflowError

YEAR = 2568
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def criteria():
    return current_criteria(DATA_DIR)


@pytest.fixture
def people(engine):
    op = operator_name("tests")
    create_user(engine, "wg-rayong", "long-enough-passphrase", "working_group", by=op, areas=["ryg-mtp"])
    create_user(engine, "eco-staff", "long-enough-passphrase", "staff", by=op)
    create_user(engine, "an-auditor", "long-enough-passphrase", "auditor", by=op)
    return engine


def _published(engine, area="ryg-mtp"):
    a = load_records(engine)["assessments"]
    return a[(a["area_id"] == area) & (a["year"] == YEAR)]


def _ind(criteria, metric):
    return criteria.table.loc[criteria.table["metric_type"] == metric, "indicator_id"].iat[0]


def test_the_whole_path_and_only_acceptance_changes_the_assessment(people, criteria, tmp_path):
    engine = people
    pct, binary = _ind(criteria, "percent"), _ind(criteria, "binary")
    subs.save_values(engine, "ryg-mtp", YEAR, {pct: "42.5", binary: 1}, "wg-rayong", criteria)
    attach_evidence(engine, "ryg-mtp", YEAR, pct, PDF, "report.pdf", "wg-rayong", criteria, root=tmp_path)
    assert subs.submit(engine, "ryg-mtp", YEAR, "wg-rayong", criteria) == "submitted"
    assert _published(engine).empty                               # submitted: nothing published
    with pytest.raises(WorkflowError):                            # a submitted one is not edited
        subs.save_values(engine, "ryg-mtp", YEAR, {pct: 50}, "wg-rayong", criteria)
    with pytest.raises(WorkflowError, match="comment"):           # a return says what to fix
        subs.return_submission(engine, "ryg-mtp", YEAR, "eco-staff", {pct: "  "})
    assert subs.return_submission(engine, "ryg-mtp", YEAR, "eco-staff", {pct: "ตัวเลขไม่ตรงกับรายงาน"}) == "returned"
    assert _published(engine).empty                               # returned: nothing published
    listed = subs.list_submissions(engine, YEAR).set_index("area_id")
    assert listed.loc["ryg-mtp", "status"] == "returned" and listed.loc["ryg-mtp", "n_comments"] == 1
    assert listed.loc["ryg-mtp", "n_values"] == 2 and listed.loc["ryg-mtp", "n_evidence"] == 1
    subs.save_values(engine, "ryg-mtp", YEAR, {pct: 47}, "wg-rayong", criteria)
    assert subs.submit(engine, "ryg-mtp", YEAR, "wg-rayong", criteria) == "resubmitted"
    with pytest.raises(AccountRefused):                           # a working group does not accept its own
        subs.accept(engine, "ryg-mtp", YEAR, "wg-rayong", criteria)
    n = subs.accept(engine, "ryg-mtp", YEAR, "eco-staff", criteria)
    pub = _published(engine).set_index("indicator_id")
    assert n == len(criteria.table) == len(pub)
    assert pub.loc[pct, "value"] == 47 and pub.loc[binary, "value"] == 1 and pub.loc[pct, "evidence"] == "report.pdf"
    assert pub["value"].isna().sum() == n - 2                     # not filled in: no data, as in an import
    with pytest.raises(WorkflowError):                            # accepted is final
        subs.return_submission(engine, "ryg-mtp", YEAR, "eco-staff", {pct: "x"})
    detail = subs.submission_detail(engine, "ryg-mtp", YEAR)
    assert detail["log"]["step"].tolist() == ["create", "save", "attach", "submit", "return", "save", "submit",
                                              "accept"]
    assert detail["log"]["username"].iloc[-1] == "eco-staff"
    assert detail["submission"]["accepted_by"] == "eco-staff" and detail["submission"]["submitted_by"] == "wg-rayong"


def test_acceptance_changes_the_data_version(people, criteria):
    from db.snapshot import data_version

    engine = people
    subs.save_values(engine, "ryg-mtp", YEAR, {_ind(criteria, "percent"): 10}, "wg-rayong", criteria)
    before = data_version(engine)
    subs.submit(engine, "ryg-mtp", YEAR, "wg-rayong", criteria)
    assert data_version(engine) == before                          # a submission alone changes nothing shown
    subs.accept(engine, "ryg-mtp", YEAR, "eco-staff", criteria)
    assert data_version(engine) != before


def test_a_working_group_writes_only_its_own_areas(people, criteria, tmp_path):
    engine = people
    pct = _ind(criteria, "percent")
    with pytest.raises(AccountRefused, match="ryg-irpc"):          # the form's function, for another area
        subs.save_values(engine, "ryg-irpc", YEAR, {pct: 5}, "wg-rayong", criteria)
    with pytest.raises(AccountRefused):                            # a crafted call: submit another area's
        subs.submit(engine, "ryg-irpc", YEAR, "wg-rayong", criteria)
    with pytest.raises(AccountRefused):                            # evidence for another area
        attach_evidence(engine, "ryg-irpc", YEAR, pct, PDF, "x.pdf", "wg-rayong", criteria, root=tmp_path)
    with pytest.raises(AccountRefused):                            # an auditor submits nothing
        subs.save_values(engine, "ryg-mtp", YEAR, {pct: 5}, "an-auditor", criteria)
    assert count(engine, "submissions") == 0 and count(engine, "submission_log") == 0
    assert not list(tmp_path.rglob("*.pdf"))


def test_the_template_upload_refuses_another_area_and_lands_whole_or_not_at_all(people, criteria):
    engine = people
    areas = registry.load_areas(DATA_DIR)
    pct = _ind(criteria, "percent")
    other = criteria.table["indicator_id"].iat[1]
    rows = [["ryg-mtp", str(YEAR), pct, "30", ""], ["ryg-irpc", str(YEAR), other, "1", ""]]
    problems, saved = upload_template(engine, results_csv(rows), "results.csv", "wg-rayong", YEAR, criteria, areas)
    errors = [p for p in problems if p.severity == "error"]
    assert saved == {} and [(p.row, p.column, p.value) for p in errors] == [(2, "area_id", "ryg-irpc")]
    assert "ไม่ใช่พื้นที่ของบัญชีนี้" in errors[0].message_th and "not one of the account's own" in errors[0].message_en
    assert count(engine, "submissions") == 0                       # nothing of the file, not even ryg-mtp's row
    problems, saved = upload_template(engine, results_csv([["ryg-mtp", "2567", pct, "30", ""]]), "r.csv",
                                      "wg-rayong", YEAR, criteria, areas)
    assert saved == {} and [p.column for p in problems if p.severity == "error"] == ["year"]
    problems, saved = upload_template(engine, results_csv(rows[:1]), "results.csv", "wg-rayong", YEAR, criteria,
                                      areas)
    assert saved == {"ryg-mtp": 1}
    assert subs.submission_detail(engine, "ryg-mtp", YEAR)["values"] == {pct: 30.0}
    assert _published(engine).empty


def test_values_are_checked_against_the_criteria(people, criteria):
    engine = people
    for ind, raw in ((_ind(criteria, "percent"), "120"), (_ind(criteria, "binary"), 0.5),
                     (_ind(criteria, "number"), -1), (_ind(criteria, "percent"), "abc"), ("NO-SUCH", 1)):
        with pytest.raises(WorkflowError) as err:
            subs.save_values(engine, "ryg-mtp", YEAR, {ind: raw}, "wg-rayong", criteria)
        assert ind in str(err.value) and " / " in str(err.value)   # names it, English / Thai
    assert count(engine, "submissions") == 0


def test_a_typed_result_for_a_computed_indicator_is_refused(people, criteria):
    ind = criteria.table["indicator_id"].iat[0]
    with pytest.raises(WorkflowError, match="computed"):
        subs.save_values(people, "ryg-mtp", YEAR, {ind: 1}, "wg-rayong", criteria, computed={ind})


def test_evidence_is_accepted_by_content_not_by_name(people, criteria, tmp_path):
    from openpyxl import Workbook

    with pytest.raises(WorkflowError, match="not a PDF"):
        check_file(b"<!doctype html><html><script>alert(1)</script></html>", "report.pdf")
    with pytest.raises(WorkflowError, match="not a PDF"):
        check_file(b"PK\x03\x04not really a zip", "data.xlsx")
    with pytest.raises(WorkflowError, match="rename"):
        check_file(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "photo.pdf")
    assert check_file(PDF, "report.pdf")[1] == "application/pdf"
    assert check_file(b"\xff\xd8\xff\xe0" + b"\x00" * 20, "site.JPG")[1] == "image/jpeg"
    assert check_file("ปี,ค่า\n2568,1\n".encode(), "table.csv")[1] == "text/csv"
    buf = io.BytesIO()
    Workbook().save(buf)
    assert check_file(buf.getvalue(), "sheet.xlsx")[1].endswith("spreadsheetml.sheet")
    with pytest.raises(WorkflowError, match="larger"):
        check_file(b"%PDF-" + b"0" * (21 * 1024 * 1024), "big.pdf")

    pct = _ind(criteria, "percent")
    eid = attach_evidence(people, "ryg-mtp", YEAR, pct, PDF, "../../etc/รายงาน.pdf", "wg-rayong", criteria,
                          root=tmp_path)
    again = attach_evidence(people, "ryg-mtp", YEAR, pct, PDF, "../../etc/รายงาน.pdf", "wg-rayong", criteria,
                            root=tmp_path)
    ev = subs.submission_detail(people, "ryg-mtp", YEAR)["evidence"]
    assert again == eid and len(ev) == 1 and ev["filename"].iat[0] == "รายงาน.pdf"
    assert read_evidence(ev["sha256"].iat[0], ev["filename"].iat[0], tmp_path) == PDF
    assert (tmp_path / ev["sha256"].iat[0][:2] / ev["sha256"].iat[0] / "รายงาน.pdf").is_file()


def test_only_the_review_role_returns_and_a_draft_cannot_be_reviewed(people, criteria):
    engine = people
    pct = _ind(criteria, "percent")
    with pytest.raises(WorkflowError, match="nothing"):            # no submission yet
        subs.accept(engine, "ryg-mtp", YEAR, "eco-staff", criteria)
    with pytest.raises(WorkflowError, match="no result"):          # an empty draft is not sent
        subs.submit(engine, "ryg-mtp", YEAR, "wg-rayong", criteria)
    subs.save_values(engine, "ryg-mtp", YEAR, {pct: 5}, "wg-rayong", criteria)
    with pytest.raises(WorkflowError):                             # a draft is not reviewed
        subs.return_submission(engine, "ryg-mtp", YEAR, "eco-staff", {pct: "why"})
    subs.submit(engine, "ryg-mtp", YEAR, "wg-rayong", criteria)
    with pytest.raises(AccountRefused):
        subs.return_submission(engine, "ryg-mtp", YEAR, "an-auditor", {pct: "why"})
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(sa.table("submission_comments"))).scalar() == 0
    assert pd.isna(subs.submission_detail(engine, "ryg-mtp", YEAR)["submission"]["returned_at"])
