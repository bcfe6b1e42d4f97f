"""A working group uploads the assessment template (:func:`ingest.assessments.make_template`) into its
submission instead of typing: the file is read and validated like an assessment import
(:func:`ingest.assessments.validate_assessments`), then every row must be for one of the account's own areas
and the submission's year.  Any error, and nothing is saved: the file lands whole, in one transaction, or not
at all.  Blank results leave the value stored in the submission as it is."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from db.accounts import require_account
from db.submissions import begin_step, save_note_of, write_values
from ingest.problems import ERROR, Problem, has_errors
from workflow.submissions import WorkflowError


def upload_template(engine: Engine, data: bytes, filename: str, by: str, year: int, criteria, areas,
                    ) -> tuple[list[Problem], dict[str, int]]:
    """(every problem, results saved per area).  Rows for an area that is not the account's, or for another
    year, are errors naming the row, the column, the value and the reason in Thai and English."""
    from ingest.assessments import _resolve, validate_assessments
    from ingest.readers import UnsupportedFile, read_table

    warnings: list[Problem] = []
    try:
        table = read_table(data, filename, warnings=warnings)
    except UnsupportedFile as exc:
        return exc.problems or [Problem(None, "", "", ERROR, exc.message_th, exc.message_en)], {}
    clean, problems = validate_assessments(table, criteria, areas)
    problems = warnings + problems
    cols = _resolve(table.columns)
    with engine.connect() as conn:
        user = require_account(conn, by, None)
    for row in clean.itertuples(index=False):
        if not user.can("submit", row.area_id):
            own = ", ".join(user.areas) or "-"
            problems.append(Problem(int(row.source_row), cols.get("area_id", "area_id"), row.area_id, ERROR,
                                    f"พื้นที่นี้ไม่ใช่พื้นที่ของบัญชีนี้ (บันทึกได้เฉพาะ {own}) ไม่มีข้อมูลใดถูกบันทึก",
                                    f"this area is not one of the account's own ({own}): nothing was saved"))
        if int(row.year) != int(year):
            problems.append(Problem(int(row.source_row), cols.get("year", "year"), str(row.year), ERROR,
                                    f"แถวนี้เป็นของปี {row.year} แต่กำลังส่งข้อมูลปี {year} ไม่มีข้อมูลใดถูกบันทึก",
                                    f"the row is for {row.year} but this submission is for {year}: nothing was saved"))
    if has_errors(problems):
        return problems, {}
    saved: dict[str, int] = {}
    with engine.begin() as conn:               # every area of the file, or none
        for area_id, rows in clean.groupby("area_id"):
            values = {i: float(v) for i, v in zip(rows["indicator_id"], rows["value"]) if v == v}
            sub, _after, _user = begin_step(conn, area_id, year, "save", by, criteria.version)
            write_values(conn, sub, values)
            save_note_of(conn, sub, by, filename[:200])
            saved[area_id] = len(values)
    if not saved:
        raise WorkflowError("the file holds no results", "ไฟล์ไม่มีผลการประเมิน")
    return problems, saved
