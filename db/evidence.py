"""Evidence files of a submission in the database: one row per file and indicator (the bytes are kept on disk
by checksum, :mod:`ingest.evidence`).  Written inside the step's transaction (:func:`db.submissions.begin_step`)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from db.schema import evidence_files, submission_log, submissions


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
