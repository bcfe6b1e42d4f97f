"""Verification visits (ทวนสอบ) in the database: one visit per area and year with its dates, its audit team and
its findings per indicator (tables ``visits``, ``visit_team``, ``visit_findings``, migration 0008).

Who writes: an account that may ``visit`` (an auditor, or an admin), checked in the write's transaction
(db.accounts.require_account).  The lead auditor and the members named by account must be active auditor
accounts; other members are named external auditors.  A visit is its team's: once recorded, only someone on
its team (or an admin) changes it (a demo visit: anyone who may visit), and nobody does once the level of that
area and year is verified or certified (the verification stands on it: make a new draft first): the table of
steps in workflow.visits (VISIT_STEPS, visit_step), which the page reads too.  Rows the demo loaded carry ``demo``."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from common.clock import bangkok_today  # noqa: F401  (today in Bangkok: db.certification and the pages use it)
from common.errors import Refused
from common.text import clean_text
from db.accounts import AccountRefused, is_operator, require_account
from db.schema import certifications as cert_table
from db.schema import finding_evidence, users, visit_findings, visit_team, visits
from workflow.visits import external_person, finding_problem, visit_problems, visit_step

FINDING_COLUMNS = ["area_id", "year", "indicator_id", "finding", "note", "updated_by", "updated_at"]


class VisitError(Refused):
    """A refused visit or finding (its ``message`` in Thai and English)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _where(table, area_id: str, year: int):
    return (table.c.area_id == area_id) & (table.c.year == int(year))


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def _team(conn: Connection, area_id: str | None = None, year: int | None = None) -> dict:
    q = sa.select(visit_team).order_by(visit_team.c.area_id, visit_team.c.year, visit_team.c.position)
    if area_id is not None:
        q = q.where(_where(visit_team, area_id, year))
    out: dict = {}
    for r in conn.execute(q):
        out.setdefault((r.area_id, int(r.year)), []).append(
            {"username": r.username, "name": r.name, "lead": r.position == 0,
             "organisation": r.organisation or "", "agreed": bool(r.agreed)})
    return out


def _visit(row, team: list[dict]) -> dict:
    return {"area_id": row.area_id, "year": int(row.year), "start_on": _date(row.start_on),
            "end_on": _date(row.end_on), "lead_auditor": row.lead_auditor, "note": row.note or "", "team": team,
            "recorded_by": row.recorded_by, "recorded_at": row.recorded_at, "updated_by": row.updated_by,
            "updated_at": row.updated_at, "demo": bool(row.demo)}


def visit_of(conn: Connection, area_id: str, year: int, lock: bool = False) -> dict | None:
    """The visit of (area_id, year) with its team (lead first), or None."""
    q = sa.select(visits).where(_where(visits, area_id, year))
    row = conn.execute(q.with_for_update() if lock else q).first()
    return None if row is None else _visit(row, _team(conn, area_id, year).get((area_id, int(year)), []))


def load_visits(engine: Engine) -> dict:
    """Every visit: {(area_id, year): visit} (see :func:`visit_of`)."""
    with engine.connect() as conn:
        team = _team(conn)
        return {(r.area_id, int(r.year)): _visit(r, team.get((r.area_id, int(r.year)), []))
                for r in conn.execute(sa.select(visits))}


def load_findings(engine: Engine, area_id: str, year: int) -> pd.DataFrame:
    """The findings of one visit (columns FINDING_COLUMNS, by indicator)."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(*(visit_findings.c[c] for c in FINDING_COLUMNS))
                            .where(_where(visit_findings, area_id, year))
                            .order_by(visit_findings.c.indicator_id)).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=FINDING_COLUMNS)


def auditor_accounts(engine: Engine) -> list[str]:
    """The active auditor accounts, by name: who may lead or join an audit team."""
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(sa.select(users.c.username).where(
            (users.c.role == "auditor") & users.c.active.is_(True)).order_by(users.c.username))]


def _check_auditors(conn: Connection, names: list[str]) -> None:
    if not names:
        return
    found = {r[0] for r in conn.execute(sa.select(users.c.username).where(
        users.c.username.in_(names) & (users.c.role == "auditor") & users.c.active.is_(True)))}
    bad = [n for n in names if n not in found]
    if bad:
        raise VisitError(th=f"ไม่ใช่บัญชีผู้ทวนสอบที่ใช้งานอยู่: {', '.join(bad)}",
                         en=f"not an active auditor account: {', '.join(bad)}")


def _may_change(conn: Connection, me, area_id: str, year: int, current: dict | None) -> None:
    """Refuse a change the visit table of workflow.visits does not allow this person (the page asks the same):
    to a visit its verified (or certified) level stands on, or by someone not on its team."""
    status = conn.execute(sa.select(cert_table.c.status).where(_where(cert_table, area_id, year))).scalar()
    decision = visit_step(current, status, me.role, me.username)
    if decision:
        return
    th, en = f"{area_id} ปี {year}: {decision.th}", f"{area_id} {year}: {decision.en}"
    if decision.check in ("own", "permission"):
        raise AccountRefused(th=th, en=en, sign_out=False)
    raise VisitError(th=th, en=en)


def save_visit(conn: Connection, area_id: str, year: int, start_on: dt.date | None, end_on: dt.date | None,
               lead: str | None, members: list[str], external: list, username: str, note: str = "") -> dict:
    """Record or replace the visit of (area_id, year): its first and last day, the lead auditor (an auditor
    account), members by account (``members``) and external auditors as people (``external``: dicts of name,
    organisation and agreed, whether they agreed to the findings; or lines "name (organisation)" as typed, not
    agreed).  The one who records it must be on the team (lead or member), unless an admin.  Returns the
    visit as :func:`visit_of` reads it."""
    me = require_account(conn, username, "visit")
    note = clean_text(note)
    external = [clean_text(p) if isinstance(p, str) else
                {**p, "name": clean_text(p.get("name") or ""), "organisation": clean_text(p.get("organisation") or "")}
                for p in external]
    year, lead = int(year), (lead or "").strip().lower()
    members = [m for m in dict.fromkeys((m or "").strip().lower() for m in members) if m and m != lead]
    people = [external_person(p) if isinstance(p, str) else
              {**external_person(p.get("name", "")), "organisation": " ".join(str(p.get("organisation") or "").split()),
               "agreed": bool(p.get("agreed"))} for p in external]
    accounts = [lead] if lead else []
    team = [{"username": m, "name": m, "organisation": "", "agreed": False} for m in accounts + members] + [
        {"username": None, **p} for p in people]
    problems = visit_problems(year, start_on, end_on, lead, team)
    if len(note or "") > 4000:
        problems.append(("a note has at most 4000 characters", "บันทึกยาวได้ไม่เกิน 4000 ตัวอักษร"))
    if problems:
        raise VisitError(th="; ".join(th for _, th in problems), en="; ".join(en for en, _ in problems))
    _check_auditors(conn, [lead, *members])
    if me.role != "admin" and not is_operator(me.username) and me.username not in (lead, *members):
        raise VisitError(th="ผู้บันทึกต้องเป็นหัวหน้าหรือสมาชิกคณะผู้ทวนสอบ",
                         en="you record a visit you are on: name yourself as its lead or a member")
    current = visit_of(conn, area_id, year, lock=True)
    _may_change(conn, me, area_id, year, current)
    now = _now()
    values = dict(start_on=start_on, end_on=end_on, lead_auditor=lead, note=(note or "").strip(),
                  updated_by=me.username, updated_at=now, demo=False)
    if current is None:
        conn.execute(visits.insert().values(area_id=area_id, year=year, recorded_by=me.username, recorded_at=now,
                                            **values))
    else:
        conn.execute(visits.update().where(_where(visits, area_id, year)).values(**values))
        conn.execute(visit_team.delete().where(_where(visit_team, area_id, year)))
        if current["demo"]:                          # a real visit over a demo one: the demo's findings go
            conn.execute(visit_findings.delete().where(_where(visit_findings, area_id, year)))
    conn.execute(visit_team.insert(), [dict(area_id=area_id, year=year, position=i, **m) for i, m in enumerate(team)])
    return visit_of(conn, area_id, year)


def save_finding(conn: Connection, area_id: str, year: int, indicator_id: str, finding: str, note: str,
                 username: str) -> None:
    """Record or replace the visit's finding on one indicator (conforms / minor / major, with a note)."""
    me = require_account(conn, username, "visit")
    current = visit_of(conn, area_id, year, lock=True)
    if current is None:
        raise VisitError(th="ต้องบันทึกการทวนสอบ (วันที่และคณะผู้ทวนสอบ) ก่อนบันทึกผล",
                         en=f"{area_id} {year}: record the visit (dates and team) before its findings")
    _may_change(conn, me, area_id, year, current)
    indicator_id, note = clean_text(indicator_id).strip(), clean_text(note)
    problem = finding_problem(finding, note)
    if problem or not indicator_id or len(indicator_id) > 32:
        en, th = problem or ("an indicator is required", "ต้องระบุตัวชี้วัด")
        raise VisitError(th=th, en=en)
    where = _where(visit_findings, area_id, year) & (visit_findings.c.indicator_id == indicator_id)
    values = dict(finding=finding, note=(note or "").strip(), updated_by=me.username, updated_at=_now())
    if conn.execute(sa.select(visit_findings.c.indicator_id).where(where)).first():
        conn.execute(visit_findings.update().where(where).values(**values))
    else:
        conn.execute(visit_findings.insert().values(area_id=area_id, year=int(year), indicator_id=indicator_id,
                                                    **values))
    conn.execute(visits.update().where(_where(visits, area_id, year)).values(updated_by=me.username,
                                                                             updated_at=values["updated_at"],
                                                                             demo=False))


def remove_finding(conn: Connection, area_id: str, year: int, indicator_id: str, username: str) -> None:
    me = require_account(conn, username, "visit")
    current = visit_of(conn, area_id, year, lock=True)
    if current is None:
        return
    _may_change(conn, me, area_id, year, current)
    conn.execute(finding_evidence.delete().where(_where(finding_evidence, area_id, year)
                                                 & (finding_evidence.c.indicator_id == indicator_id)))
    conn.execute(visit_findings.delete().where(_where(visit_findings, area_id, year)
                                               & (visit_findings.c.indicator_id == indicator_id)))


def add_finding_evidence(conn: Connection, area_id: str, year: int, indicator_id: str, filename: str, sha256: str,
                         content_type: str, size_bytes: int, username: str) -> int:
    """Record one evidence file (kept on disk by checksum, ingest.evidence) for the visit's finding on
    ``indicator_id``: by its audit team (or an admin), while the visit may change, for a finding that exists.
    The same file twice for the same finding is recorded once; returns its id."""
    me = require_account(conn, username, "visit")
    current = visit_of(conn, area_id, year, lock=True)
    if current is None:
        raise VisitError(th="ต้องบันทึกการทวนสอบก่อนแนบหลักฐาน", en=f"{area_id} {year}: record the visit before its evidence")
    _may_change(conn, me, area_id, year, current)
    found = visit_findings.c
    if conn.execute(sa.select(found.indicator_id).where(_where(visit_findings, area_id, year)
                                                        & (found.indicator_id == indicator_id))).first() is None:
        raise VisitError(th=f"ต้องบันทึกผลการทวนสอบของตัวชี้วัด {indicator_id!r} ก่อนแนบหลักฐาน",
                         en=f"{indicator_id!r}: record the finding on this indicator before its evidence")
    e = finding_evidence.c
    same = conn.execute(sa.select(e.id).where(_where(finding_evidence, area_id, year) & (e.indicator_id == indicator_id)
                                              & (e.sha256 == sha256))).first()
    if same is not None:
        return int(same[0])
    now = _now()
    new_id = conn.execute(finding_evidence.insert().values(
        area_id=area_id, year=int(year), indicator_id=indicator_id, filename=filename, sha256=sha256,
        content_type=content_type, size_bytes=int(size_bytes), username=me.username, at=now)).inserted_primary_key[0]
    conn.execute(visits.update().where(_where(visits, area_id, year)).values(updated_by=me.username, updated_at=now,
                                                                             demo=False))
    return int(new_id)


def load_finding_evidence(engine: Engine, area_id: str, year: int) -> pd.DataFrame:
    """The evidence files of the visit's findings: id, indicator_id, filename, sha256, content_type, size_bytes,
    username, at; by indicator, then in the order attached."""
    e = finding_evidence.c
    with engine.connect() as conn:
        rows = conn.execute(sa.select(e.id, e.indicator_id, e.filename, e.sha256, e.content_type, e.size_bytes,
                                      e.username, e.at).where(_where(finding_evidence, area_id, year))
                            .order_by(e.indicator_id, e.id)).all()
    return pd.DataFrame(rows, columns=["id", "indicator_id", "filename", "sha256", "content_type", "size_bytes",
                                       "username", "at"])
