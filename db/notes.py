"""Problems and recommendations (ปัญหา อุปสรรค และข้อเสนอแนะ) recorded per area and year by staff."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from common.errors import Refused
from common.text import clean_text
from db.accounts import require_account
from db.schema import area_notes

COLUMNS = ["area_id", "year", "problems", "recommendations", "updated_by", "updated_at"]
MAX_CHARS = 4000


def save_note(conn: Connection, area_id: str, year: int, problems: str, recommendations: str, username: str) -> None:
    """Insert or replace the note of (area_id, year), written by ``username``: an active staff (or admin)
    account now (db.accounts.require_account, AccountRefused otherwise).  The note is a person's (``demo``
    false), so reloading the demo keeps it."""
    problems, recommendations = clean_text(problems).strip(), clean_text(recommendations).strip()
    if len(problems) > MAX_CHARS or len(recommendations) > MAX_CHARS:
        raise Refused(th=f"บันทึกยาวได้ไม่เกิน {MAX_CHARS} ตัวอักษร", en=f"a note is limited to {MAX_CHARS} characters")
    if not (username or "").strip():
        raise Refused(th="ต้องระบุผู้ใช้", en="a user name is required")
    require_account(conn, username, "note")
    values = dict(problems=problems, recommendations=recommendations, updated_by=username,
                  updated_at=dt.datetime.now(dt.UTC), demo=False)
    where = (area_notes.c.area_id == area_id) & (area_notes.c.year == int(year))
    if conn.execute(sa.select(area_notes.c.area_id).where(where)).first():
        conn.execute(area_notes.update().where(where).values(**values))
    else:
        conn.execute(area_notes.insert().values(area_id=area_id, year=int(year), **values))


def load_notes(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(*[area_notes.c[c] for c in COLUMNS])).all()
    f = pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)
    f["year"] = f["year"].astype(int)
    return f.sort_values(["area_id", "year"]).reset_index(drop=True)


def last_change(conn: Connection, scalar: bool = False):
    """When a note was last saved (or, with ``scalar``, the subquery that selects it)."""
    q = sa.select(sa.func.max(area_notes.c.updated_at))
    return q.scalar_subquery() if scalar else conn.execute(q).scalar()
