"""The certification workflow of an area and year: draft → verified → certified, every step logged."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from common.errors import Message, Refused
from common.settings import data_dir
from common.text import clean_text
from common.vocab import CERT_STATUSES
from db.accounts import require_account
from db.records import _utc
from db.schema import certification_log
from db.schema import certifications as cert_table
from db.visits import bangkok_today, visit_of
from programme.verification import load_verification_rules
from workflow.certification import STEPS, status_step, step_for
from workflow.visits import check_visit, rule_for


class CertificationError(Refused):
    """A refused certification step (its ``message`` in Thai and English)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def prev_is_certified(conn: Connection, area_id: str, year: int) -> bool:
    """Whether (area_id, year) is certified now."""
    return conn.execute(sa.select(cert_table.c.status).where((cert_table.c.area_id == area_id)
                                                              & (cert_table.c.year == int(year)))).scalar() == "certified"


def visit_check(conn: Connection, area_id: str, year: int, rules=None, today: dt.date | None = None):
    """The verification visit of (area_id, year) measured against the rule of data/verification_rules.csv
    (``rules``: the loaded rules, read from the data folder when None)."""
    rules = load_verification_rules(data_dir()) if rules is None else rules
    return check_visit(visit_of(conn, area_id, year), rule_for(rules, year), today or bangkok_today())


def _refusal(area_id: str, year: int, d) -> Message:
    return Message(th=f"{area_id} ปี {year}: {d.th}", en=f"{area_id} {year}: {d.en}")
def set_certification(conn: Connection, area_id: str, year: int, level: int, status: str, username: str,
                      note: str = "", rules=None) -> dict:
    """Move the certification of (area_id, year) one step: draft → verified → certified.

    The steps, who takes them, what they start from, four eyes and the reason a new draft over a certified level
    needs are the table of :mod:`workflow.certification` (the page enables its buttons from the same answer); a
    refused step raises CertificationError with its reason.  ``verified`` needs a verification visit that meets
    the rule of ``data/verification_rules.csv`` (``rules``: the loaded rules, read from the data folder when None).
    ``username`` must be an active account now whose role may take the step (db.accounts.require_account,
    AccountRefused otherwise).  The record becomes a person's record (``demo`` false), so reloading the demo keeps it.
    Returns the new record.
    """
    if status not in CERT_STATUSES:
        raise CertificationError(th=f"ไม่รู้จักสถานะ {status!r}",
                                 en=f"unknown status {status!r}; one of {', '.join(CERT_STATUSES)}")
    if isinstance(level, bool) or not isinstance(level, (int, np.integer)) or not 1 <= int(level) <= 5:
        raise CertificationError(th="ระดับต้องเป็น 1 ถึง 5", en=f"level must be 1..5, got {level!r}")
    if not (username or "").strip():
        raise CertificationError(th="ต้องระบุผู้ใช้", en="a user name is required")
    note = clean_text(note)
    # which step, and whether this person may take it now: workflow.certification, the table the page reads too
    me = require_account(conn, username, STEPS[step_for(status, "certified" if prev_is_certified(conn, area_id, year)
                                                          else None)].permission)
    level, year, now = int(level), int(year), _now()
    where = (cert_table.c.area_id == area_id) & (cert_table.c.year == year)
    cur = conn.execute(sa.select(cert_table).where(where).with_for_update()).first()
    record = dict(cur._mapping) if cur else None
    prev_status = cur.status if cur else None
    check = visit_check(conn, area_id, year, rules) if step_for(status, prev_status) == "verify" else None
    decision = status_step(status, me.role, me.username, record, check, note or "", level)
    if not decision:
        if decision.check == "permission":
            require_account(conn, username, STEPS[decision.step].permission)     # the account's own refusal
        raise CertificationError(_refusal(area_id, year, decision))
    if status == "draft":
        values = dict(level=level, status="draft", drafted_by=username, drafted_at=now, verified_by=None,
                      verified_at=None, certified_by=None, certified_at=None, note=note or "", demo=False)
    else:
        values = {"status": status, f"{status}_by": username, f"{status}_at": now,
                  "note": note or cur.note or "", "demo": False}
    if cur is None:
        conn.execute(cert_table.insert().values(area_id=area_id, year=year, **values))
    else:
        conn.execute(cert_table.update().where(where).values(**values))
    conn.execute(certification_log.insert().values(
        area_id=area_id, year=year, level=level, status=status, previous_status=prev_status,
        previous_level=cur.level if cur else None, username=username, at=now, note=note or ""))
    row = conn.execute(sa.select(cert_table).where(where)).one()
    return dict(row._mapping)


def certification_history(engine: Engine, area_id: str | None = None, year: int | None = None) -> pd.DataFrame:
    """Every certification step (oldest first), optionally of one area and/or year."""
    q = sa.select(certification_log).order_by(certification_log.c.id)
    if area_id is not None:
        q = q.where(certification_log.c.area_id == area_id)
    if year is not None:
        q = q.where(certification_log.c.year == int(year))
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    f = pd.DataFrame([tuple(r) for r in rows], columns=certification_log.columns.keys())
    f["at"] = _utc(f["at"])
    return f
