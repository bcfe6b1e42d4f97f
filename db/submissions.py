"""Submissions in the database: an area working group's results for a year, the Eco Center's review, the log.

The rules (which step from which status, value ranges, completeness) are :mod:`workflow.submissions`; this module
writes them.  Every write runs in one transaction that first checks the account (:func:`db.accounts.require_account`
with ``submit`` and the area, so a working group writes only its own areas, or ``review`` for the Eco Center),
then the step, then writes the rows and one row of ``submission_log``.  Nothing a working group types reaches the
published figures: only :func:`accept` writes the submission's values into ``assessments``, with the same upsert
an assessment import uses (:func:`db.bulk.upsert_assessments`).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from db.accounts import require_account
from db.bulk import insert_stmt, upsert_assessments
from db.schema import evidence_files, submission_comments, submission_log, submission_values, submissions
from scoring.criteria import Criteria
from workflow.submissions import (
    WorkflowError,
    action_of,
    check_return,
    check_submittable,
    check_values,
    next_status,
    required_indicators,
)

SUMMARY_COLUMNS = ["id", "area_id", "year", "status", "criteria_version", "updated_by", "updated_at", "submitted_at",
                   "returned_at", "accepted_at", "rounds", "n_values", "n_evidence", "n_comments", "demo"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def get_submission(conn: Connection, area_id: str, year: int, lock: bool = False):
    """The submission row of an area and year, or None (``lock``: FOR UPDATE on PostgreSQL)."""
    q = sa.select(submissions).where(submissions.c.area_id == area_id, submissions.c.year == int(year))
    if lock:
        q = q.with_for_update()
    return conn.execute(q).first()


def _log(conn: Connection, sub, step: str, before: str | None, after: str, by: str, at, note: str = "") -> None:
    conn.execute(submission_log.insert().values(submission_id=sub.id, area_id=sub.area_id, year=sub.year, step=step,
                                                from_status=before, to_status=after, username=by, at=at,
                                                note=note[:2000]))


def begin_step(conn: Connection, area_id: str, year: int, step: str, by: str, criteria_version: str):
    """Inside the caller's transaction: check the account for the step's action on this area, create the draft
    when a working group starts one, and check the step is allowed now.  Returns (submission row, the status
    after the step, the account)."""
    user = require_account(conn, by, action_of(step), area_id)
    sub = get_submission(conn, area_id, year, lock=True)
    if sub is None:
        if action_of(step) != "submit":
            raise WorkflowError(f"{area_id} has sent nothing for {year} yet", f"พื้นที่ {area_id} ยังไม่ได้ส่งข้อมูลปี {year}")
        now = _now()          # two first saves at once: one creates the draft, the other finds it
        made = conn.execute(insert_stmt(conn, submissions, ["area_id", "year"], []).values(
            area_id=area_id, year=int(year), criteria_version=criteria_version, status="draft",
            created_by=user.username, created_at=now, updated_by=user.username, updated_at=now)).rowcount
        sub = get_submission(conn, area_id, year, lock=True)
        if made:
            _log(conn, sub, "create", None, "draft", user.username, now)
    return sub, next_status(sub.status, step), user


def _touch(conn: Connection, sub, by: str, at, **values) -> None:
    conn.execute(submissions.update().where(submissions.c.id == sub.id)
                 .values(updated_by=by, updated_at=at, **values))


def write_values(conn: Connection, sub, clean: dict) -> None:
    """Replace the stored values of the indicators in ``clean`` (None: cleared)."""
    if not clean:
        return
    conn.execute(submission_values.delete().where(submission_values.c.submission_id == sub.id,
                                                  submission_values.c.indicator_id.in_(list(clean))))
    conn.execute(submission_values.insert(), [{"submission_id": sub.id, "indicator_id": k, "value": v}
                                              for k, v in clean.items()])


def save_note_of(conn: Connection, sub, by: str, note: str) -> None:
    """Record a save of values written with :func:`write_values` (the upload of a template)."""
    now = _now()
    _touch(conn, sub, by, now)
    _log(conn, sub, "save", sub.status, sub.status, by, now, note)


def save_values(engine: Engine, area_id: str, year: int, values: dict, by: str, criteria: Criteria,
                computed=(), note: str = "") -> dict:
    """Save typed results (indicator_id -> value or text; blank clears) into the area's draft or returned
    submission, checked against the criteria; the whole set or nothing.  Returns the checked values."""
    clean = check_values(values, criteria.table, computed)
    with engine.begin() as conn:
        sub, after, user = begin_step(conn, area_id, year, "save", by, criteria.version)
        write_values(conn, sub, clean)
        now = _now()
        _touch(conn, sub, user.username, now, criteria_version=criteria.version)
        _log(conn, sub, "save", sub.status, after, user.username, now, note)
    return clean


def stored_values(conn: Connection, submission_id: int) -> dict[str, float | None]:
    rows = conn.execute(sa.select(submission_values.c.indicator_id, submission_values.c.value)
                        .where(submission_values.c.submission_id == submission_id))
    return {i: v for i, v in rows}


def submit(engine: Engine, area_id: str, year: int, by: str, criteria: Criteria, computed=()) -> str:
    """Send the submission to the Eco Center (draft -> submitted, returned -> resubmitted); returns the status."""
    required = required_indicators(criteria.table, computed)["indicator_id"]
    with engine.begin() as conn:
        sub, after, user = begin_step(conn, area_id, year, "submit", by, criteria.version)
        check_submittable(required, stored_values(conn, sub.id))
        now = _now()
        _touch(conn, sub, user.username, now, status=after, submitted_by=user.username, submitted_at=now)
        _log(conn, sub, "submit", sub.status, after, user.username, now)
    return after


def return_submission(engine: Engine, area_id: str, year: int, by: str, comments: dict) -> str:
    """The Eco Center returns a submission with comments per indicator (at least one)."""
    kept = check_return(comments)
    with engine.begin() as conn:
        sub, after, user = begin_step(conn, area_id, year, "return", by, "")
        now, round_ = _now(), int(sub.rounds) + 1
        conn.execute(submission_comments.insert(), [dict(submission_id=sub.id, round=round_, indicator_id=k,
                                                         comment=v[:4000], username=user.username, at=now)
                                                    for k, v in kept.items()])
        _touch(conn, sub, user.username, now, status=after, returned_by=user.username, returned_at=now,
               rounds=round_)
        _log(conn, sub, "return", sub.status, after, user.username, now, ", ".join(kept))
    return after


def accept(engine: Engine, area_id: str, year: int, by: str, criteria: Criteria, computed=()) -> int:
    """The Eco Center accepts: the submission's results become the area's assessment for the year (every
    indicator the working group fills in, blank ones as no data, written like an assessment import), in the
    same transaction as the step.  Returns the number of results written."""
    required = required_indicators(criteria.table, computed)["indicator_id"].tolist()
    with engine.begin() as conn:
        sub, after, user = begin_step(conn, area_id, year, "accept", by, criteria.version)
        values = stored_values(conn, sub.id)
        files: dict[str, list[str]] = {}
        for ind, name in conn.execute(sa.select(evidence_files.c.indicator_id, evidence_files.c.filename)
                                      .where(evidence_files.c.submission_id == sub.id)
                                      .order_by(evidence_files.c.id)):
            files.setdefault(ind, []).append(name)
        now = _now()
        frame = pd.DataFrame({
            "area_id": area_id, "year": int(year), "criteria_version": criteria.version, "indicator_id": required,
            "value": pd.Series([values.get(i) for i in required], dtype="float64"),
            "evidence": [("; ".join(files[i]) if i in files else None) for i in required]})
        upsert_assessments(conn, frame)
        _touch(conn, sub, user.username, now, status=after, accepted_by=user.username, accepted_at=now)
        _log(conn, sub, "accept", sub.status, after, user.username, now)
    return len(frame)


def accepted_counter():
    """A scalar subquery that changes whenever a submission is accepted (for db.snapshot.data_version)."""
    return (sa.select(sa.func.max(submission_log.c.id)).where(submission_log.c.step == "accept")
            .scalar_subquery())


# --------------------------------------------------------------------------------------------- reading

def list_submissions(engine: Engine, year: int | None = None, area_ids=None) -> pd.DataFrame:
    """One row per submission (:data:`SUMMARY_COLUMNS`): status, dates, the number of results, of indicators
    with evidence, and of comments of the latest return."""
    s = submissions.c
    n_values = (sa.select(sa.func.count()).where(submission_values.c.submission_id == s.id,
                                                 submission_values.c.value.is_not(None)).scalar_subquery())
    n_evidence = (sa.select(sa.func.count(sa.distinct(evidence_files.c.indicator_id)))
                  .where(evidence_files.c.submission_id == s.id).scalar_subquery())
    n_comments = (sa.select(sa.func.count()).where(submission_comments.c.submission_id == s.id,
                                                   submission_comments.c.round == s.rounds).scalar_subquery())
    q = sa.select(s.id, s.area_id, s.year, s.status, s.criteria_version, s.updated_by, s.updated_at,
                  s.submitted_at, s.returned_at, s.accepted_at, s.rounds, n_values.label("n_values"),
                  n_evidence.label("n_evidence"), n_comments.label("n_comments"), s.demo).order_by(s.year, s.area_id)
    if year is not None:
        q = q.where(s.year == int(year))
    if area_ids is not None:
        q = q.where(s.area_id.in_(list(area_ids)))
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def submission_detail(engine: Engine, area_id: str, year: int) -> dict | None:
    """Everything about one submission: ``submission`` (its row as a dict), ``values`` (indicator -> value),
    ``comments`` (round, indicator_id, comment, username, at; newest round first), ``evidence`` (id,
    indicator_id, filename, sha256, content_type, size_bytes, username, at) and ``log`` (every step); None when
    the area has sent nothing for that year."""
    with engine.connect() as conn:
        sub = get_submission(conn, area_id, year)
        if sub is None:
            return None
        c, e, lg = submission_comments.c, evidence_files.c, submission_log.c
        comments = pd.DataFrame(conn.execute(sa.select(c.round, c.indicator_id, c.comment, c.username, c.at)
                                             .where(c.submission_id == sub.id)
                                             .order_by(c.round.desc(), c.id)).all(),
                                columns=["round", "indicator_id", "comment", "username", "at"])
        evidence = pd.DataFrame(conn.execute(sa.select(e.id, e.indicator_id, e.filename, e.sha256, e.content_type,
                                                       e.size_bytes, e.username, e.at)
                                             .where(e.submission_id == sub.id).order_by(e.id)).all(),
                                columns=["id", "indicator_id", "filename", "sha256", "content_type", "size_bytes",
                                         "username", "at"])
        log = pd.DataFrame(conn.execute(sa.select(lg.step, lg.from_status, lg.to_status, lg.username, lg.at, lg.note)
                                        .where(lg.submission_id == sub.id).order_by(lg.id)).all(),
                           columns=["step", "from_status", "to_status", "username", "at", "note"])
        return {"submission": dict(sub._mapping), "values": stored_values(conn, sub.id), "comments": comments,
                "evidence": evidence, "log": log}
