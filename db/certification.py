"""The certification workflow of an area and year: draft → verified → certified, every step logged."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from common.errors import Message, Refused
from common.settings import data_dir
from common.vocab import CERT_STATUSES
from db.accounts import require_account
from db.records import _utc
from db.schema import certification_log
from db.schema import certifications as cert_table
from db.visits import bangkok_today, visit_of
from programme.verification import load_verification_rules
from workflow.visits import check_visit, rule_for


class CertificationError(Refused):
    """A refused certification step (its ``message`` in Thai and English)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_STEP_BEFORE = {"verified": "draft", "certified": "verified"}


def prev_is_certified(conn: Connection, area_id: str, year: int) -> bool:
    """Whether (area_id, year) is certified now."""
    return conn.execute(sa.select(cert_table.c.status).where((cert_table.c.area_id == area_id)
                                                              & (cert_table.c.year == int(year)))).scalar() == "certified"


def visit_refusal(conn: Connection, area_id: str, year: int, rules=None,
                  today: dt.date | None = None) -> Message | None:
    """Why (area_id, year) may not be marked verified yet, in Thai and English (what its verification visit
    lacks against data/verification_rules.csv: no visit, "2 of 3 auditors", "0 days on site"), or None."""
    rules = load_verification_rules(data_dir()) if rules is None else rules
    check = check_visit(visit_of(conn, area_id, year), rule_for(rules, year), today or bangkok_today())
    if check.ok:
        return None
    return Message(th=f"{area_id} ปี {year}: ยังบันทึกว่าทวนสอบแล้วไม่ได้ ต้องมีการทวนสอบ ณ พื้นที่โดยผู้ทวนสอบอย่างน้อย "
                   f"{check.rule.min_auditors} คน อย่างน้อย {check.rule.min_days} วัน: {check.missing('th')}",
                   en=f"{area_id} {year}: cannot mark verified without a verification visit of at least "
                   f"{check.rule.min_auditors} auditors for at least {check.rule.min_days} day(s): "
                   f"{check.missing('en')}")


def set_certification(conn: Connection, area_id: str, year: int, level: int, status: str, username: str,
                      note: str = "", rules=None) -> dict:
    """Move the certification of (area_id, year) one step: draft → verified → certified.

    ``draft`` is always allowed: a first draft, a re-draft (resets the verification), or a new draft over a
    certified record (the old record stays in ``certification_log``).  ``verified`` needs a draft and
    ``certified`` a verified record, both at the same ``level``; anything else raises CertificationError.
    ``verified`` also needs a verification visit of the area and year that meets the rule of
    ``data/verification_rules.csv`` (``rules``: the loaded rules, read from the data folder when None), and
    ``certified`` someone other than the one who verified it (four eyes).
    ``username`` must be an active account now that may verify (a draft or a verification) or certify (a
    certification, or any step over a certified record) (db.accounts.require_account, AccountRefused
    otherwise).  The record becomes a person's record (``demo`` false), so reloading the demo keeps it.
    Returns the new record.
    """
    if status not in CERT_STATUSES:
        raise CertificationError(th=f"ไม่รู้จักสถานะ {status!r}",
                                 en=f"unknown status {status!r}; one of {', '.join(CERT_STATUSES)}")
    if isinstance(level, bool) or not isinstance(level, (int, np.integer)) or not 1 <= int(level) <= 5:
        raise CertificationError(th="ระดับต้องเป็น 1 ถึง 5", en=f"level must be 1..5, got {level!r}")
    if not (username or "").strip():
        raise CertificationError(th="ต้องระบุผู้ใช้", en="a user name is required")
    # drafting and verifying is Eco Center staff's; certifying (or un-certifying) the committee's
    require_account(conn, username, "certify" if status == "certified" or prev_is_certified(conn, area_id, year)
                    else "verify")
    level, year, now = int(level), int(year), _now()
    where = (cert_table.c.area_id == area_id) & (cert_table.c.year == year)
    cur = conn.execute(sa.select(cert_table).where(where).with_for_update()).first()
    prev_status = cur.status if cur else None
    if status == "draft" and prev_status == "certified" and not (note or "").strip():
        raise CertificationError(
            th=f"{area_id} ปี {year}: ระดับนี้รับรองแล้ว การร่างใหม่ต้องระบุเหตุผลในหมายเหตุ (บันทึกการรับรองเดิมยังอยู่ในประวัติ)",
            en=f"{area_id} {year}: the level is certified; a new draft over it needs the reason in the note "
            "(the certified record stays in the log)")
    if status == "draft":
        values = dict(level=level, status="draft", drafted_by=username, drafted_at=now, verified_by=None,
                      verified_at=None, certified_by=None, certified_at=None, note=note or "", demo=False)
    else:
        need = _STEP_BEFORE[status]
        if prev_status != need:
            have = prev_status or "none"
            raise CertificationError(
                th=f"{area_id} ปี {year}: ยังเปลี่ยนเป็น {status} ไม่ได้ สถานะปัจจุบันคือ {have} ต้องเป็น {need} ก่อน "
                "(ร่าง → ตรวจสอบแล้ว → รับรองแล้ว)",
                en=f"{area_id} {year}: cannot mark {status}: the record is {have}, it must be {need} first "
                "(draft → verified → certified)")
        if status == "verified" and (why := visit_refusal(conn, area_id, year, rules)):
            raise CertificationError(why)
        if status == "certified" and (cur.verified_by or "").lower() == username.strip().lower():
            raise CertificationError(
                th=f"{area_id} ปี {year}: {username} เป็นผู้บันทึกการทวนสอบระดับนี้ จึงรับรองเองไม่ได้ "
                "ต้องให้ผู้อื่นรับรอง (หลักสี่ตา)",
                en=f"{area_id} {year}: {username} verified this level, so another person certifies it (four eyes)")
        if level != cur.level:
            raise CertificationError(
                th=f"ระดับในบันทึกคือ {cur.level} ไม่ใช่ {level} ต้องร่างใหม่เพื่อเปลี่ยนระดับ",
                en=f"{area_id} {year}: the {need} record is at level {cur.level}, not {level}; make a new draft to "
                "change the level")
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
