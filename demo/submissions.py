"""Demo submissions for the demo's latest year: a few in each state, deterministic, marked ``demo``.

The Rayong working group (``demo-wg-rayong``) has one returned (``ryg-mtp``, with the Eco Center's comments on two
indicators) and one draft (``ryg-irpc``, the top level's results not yet filled in); nine other areas, every sixth
in id order, are submitted, resubmitted, accepted or returned in turn.  Their values are the demo's published results for that
year, so the published figures stay the demo's (a returned one differs on its commented indicators).  Each sent
submission carries one small generated PDF as evidence."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.engine import Connection

from db.seeding import insert_submission
from workflow.submissions import required_indicators

WG_AREAS = {"ryg-mtp": "returned", "ryg-irpc": "draft"}
CYCLE = ("submitted", "accepted", "resubmitted", "returned")
#: who does what in the demo (the README's demo accounts)
WG, STAFF = "demo-wg-rayong", "demo-staff"


def demo_pdf(area_id: str, year: int) -> bytes:
    """A tiny valid PDF naming the area and year (the demo's evidence file)."""
    text = f"EIT demo evidence {area_id} {year}".encode("ascii")
    stream = b"BT /F1 12 Tf 40 800 Td (" + text + b") Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R"
            b" >> >> >>", b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def demo_states(area_ids) -> dict[str, str]:
    """area_id -> the state of its demo submission."""
    others = sorted(a for a in area_ids if a not in WG_AREAS)[::6]
    states = {a: CYCLE[i % len(CYCLE)] for i, a in enumerate(others)}
    states.update({a: s for a, s in WG_AREAS.items() if a in set(area_ids)})
    return states


def seed_submissions(conn: Connection, assessments: pd.DataFrame, criteria, computed, as_of: dt.datetime,
                     keep, taken: set) -> int:
    """Insert the demo submissions (``taken``: (area_id, year) a person already submitted: left alone);
    ``keep(data, name) -> sha256`` stores an evidence file.  Returns the number of submissions."""
    if assessments.empty:
        return 0
    year = int(assessments["year"].max())
    required = required_indicators(criteria.table, computed)
    ids = required["indicator_id"].tolist()
    percent = required.loc[required["metric_type"] == "percent", "indicator_id"].tolist()
    top = set(required.loc[required["level"] == required["level"].max(), "indicator_id"])
    this_year = assessments[assessments["year"] == year]
    n = 0
    for k, (area_id, state) in enumerate(sorted(demo_states(this_year["area_id"].unique()).items())):
        if (area_id, year) in taken:
            continue
        published = dict(zip(this_year.loc[this_year["area_id"] == area_id, "indicator_id"],
                             this_year.loc[this_year["area_id"] == area_id, "value"]))
        values = {i: (None if pd.isna(published.get(i)) else float(published[i])) for i in ids}
        if state == "draft":         # still collecting the top level's results
            values = {i: v for i, v in values.items() if i not in top}
        commented = percent[:2] if state == "returned" else []
        for i in commented:         # the returned figures the Eco Center questions
            values[i] = min(100.0, round((values.get(i) or 0.0) + 35.0, 1))
        created = as_of - dt.timedelta(days=40 - k)
        sent = created + dt.timedelta(days=10)
        row = dict(area_id=area_id, year=year, criteria_version=criteria.version, status=state, created_by=WG
                   if area_id in WG_AREAS else STAFF, created_at=created, updated_by=WG, updated_at=created, demo=True)
        steps = [("create", None, "draft", WG, created), ("save", "draft", "draft", WG, created)]
        if state != "draft":
            row.update(submitted_by=WG, submitted_at=sent, updated_at=sent)
            steps.append(("submit", "draft", "submitted", WG, sent))
        if state in ("returned", "resubmitted"):
            back = sent + dt.timedelta(days=5)
            row.update(returned_by=STAFF, returned_at=back, rounds=1, updated_by=STAFF, updated_at=back)
            steps.append(("return", "submitted", "returned", STAFF, back))
            if state == "resubmitted":
                again = back + dt.timedelta(days=3)
                row.update(submitted_at=again, updated_by=WG, updated_at=again)
                steps.append(("submit", "returned", "resubmitted", WG, again))
        if state == "accepted":
            done = sent + dt.timedelta(days=7)
            row.update(accepted_by=STAFF, accepted_at=done, updated_by=STAFF, updated_at=done)
            steps.append(("accept", "submitted", "accepted", STAFF, done))
        values_rows = [{"indicator_id": i, "value": v} for i, v in values.items()]
        log = [dict(area_id=area_id, year=year, step=s, from_status=f, to_status=t, username=who, at=at, note="")
               for s, f, t, who, at in steps]
        comments = []
        if state == "returned" or state == "resubmitted":
            comments = [dict(round=1, indicator_id=i, username=STAFF, at=row["returned_at"],
                             comment="(ข้อมูลสาธิต) ค่าสูงกว่าปีก่อนมาก กรุณาตรวจสอบและแนบรายงานที่มาของตัวเลข")
                        for i in (commented or percent[:1])]
        evidence = []
        if state != "draft" and percent:
            data = demo_pdf(area_id, year)
            name = f"demo-{area_id}-{year}.pdf"
            evidence = [dict(indicator_id=percent[-1], filename=name, sha256=keep(data, name),
                             content_type="application/pdf", size_bytes=len(data), username=WG, at=sent)]
        insert_submission(conn, row, values_rows, log, comments, evidence)
        n += 1
    return n
