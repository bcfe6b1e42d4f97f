"""Evidence files of a submission in the database: one row per file and indicator (the bytes are kept on disk
by checksum, :mod:`ingest.evidence`).  Written inside the step's transaction (:func:`db.submissions.begin_step`).

Who may read an evidence file (:func:`may_read`, the one rule the pages and the app's file route share): a
submission's files, whoever may review submissions or the area's own working group; a verification visit's files,
whoever may record, verify or certify visits.  The files are served only by the app's route
(:func:`file_route`, ``serve.py``), which checks the session's account at each request."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from db.accounts import User
from db.schema import evidence_files, finding_evidence, submission_log, submissions

#: kind of evidence -> the actions (common.vocab.ACTIONS) of which one lets an account read it (a working group
#: only for its own areas, db.accounts.User.can)
READERS = {"submission": ("review", "submit"), "finding": ("visit", "verify", "certify")}
_TABLES = {"submission": evidence_files, "finding": finding_evidence}


def may_read(user: User | None, kind: str, area_id: str | None) -> bool:
    """Whether ``user`` (None: nobody signed in) may read evidence of ``kind`` of ``area_id``."""
    return user is not None and any(user.can(action, area_id) for action in READERS.get(kind, ()))


def file_route(base_url_path: str = "", kind: str = "{kind}", evidence_id="{evidence_id:int}") -> str:
    """The app's path of one evidence file, under Streamlit's server.baseUrlPath (with the defaults: the route's
    pattern)."""
    parts = [p for p in (base_url_path or "").split("/") if p]
    return ("/" + "/".join(parts) if parts else "") + f"/files/{kind}/{evidence_id}"


#: The logs staff download (``/files/log/<name>``): the action that lets an account read each.
LOG_READERS = {"signin": "accounts", "imports": "audit"}


def log_route(base_url_path: str = "", name: str = "{name}") -> str:
    """The app's path of a log's CSV file (the sign-in log, the import log), under server.baseUrlPath."""
    parts = [p for p in (base_url_path or "").split("/") if p]
    return ("/" + "/".join(parts) if parts else "") + f"/files/log/{name}"


def evidence_file(engine: Engine, kind: str, evidence_id: int):
    """One evidence file of ``kind`` (``submission`` or ``finding``): a row with filename, sha256, content_type,
    size_bytes and area_id, or None."""
    if kind not in _TABLES:
        return None
    if kind == "finding":
        f = finding_evidence.c
        query = sa.select(f.filename, f.sha256, f.content_type, f.size_bytes, f.area_id).where(f.id == int(evidence_id))
    else:
        e = evidence_files.c
        query = (sa.select(e.filename, e.sha256, e.content_type, e.size_bytes, submissions.c.area_id)
                 .join(submissions, submissions.c.id == e.submission_id).where(e.id == int(evidence_id)))
    with engine.connect() as conn:
        return conn.execute(query).first()


def add_evidence(conn: Connection, sub, indicator_id: str, filename: str, sha256: str, content_type: str,
                 size_bytes: int, by: str) -> int:
    """Record one evidence file for an indicator of submission ``sub`` (the same file twice for the same
    indicator is recorded once); returns its id."""
    e = evidence_files.c
    found = conn.execute(sa.select(e.id).where(e.submission_id == sub.id, e.indicator_id == indicator_id,
                                               e.sha256 == sha256)).first()
    if found is not None:
        return int(found[0])
    now = dt.datetime.now(dt.UTC)
    new_id = conn.execute(evidence_files.insert().values(
        submission_id=sub.id, indicator_id=indicator_id, filename=filename, sha256=sha256,
        content_type=content_type, size_bytes=int(size_bytes), username=by, at=now)).inserted_primary_key[0]
    conn.execute(submissions.update().where(submissions.c.id == sub.id).values(updated_by=by, updated_at=now))
    conn.execute(submission_log.insert().values(submission_id=sub.id, area_id=sub.area_id, year=sub.year,
                                                step="attach", from_status=sub.status, to_status=sub.status,
                                                username=by, at=now, note=f"{indicator_id}: {filename}"[:2000]))
    return int(new_id)


def evidence_row(engine: Engine, evidence_id: int):
    """One evidence row joined with its submission's area and year, or None."""
    with engine.connect() as conn:
        return conn.execute(sa.select(evidence_files, submissions.c.area_id, submissions.c.year)
                            .join(submissions, submissions.c.id == evidence_files.c.submission_id)
                            .where(evidence_files.c.id == int(evidence_id))).first()
