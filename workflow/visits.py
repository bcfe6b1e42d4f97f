"""Verification visits (ทวนสอบ) as plain data: the rule a visit must meet before a level may be marked verified
(at least N auditors on site for at least M days; the numbers are data, ``data/verification_rules.csv``), the
check of one visit against it, and what waits for whom (visits to record for the auditors, verified levels
awaiting the committee for its secretary).

A visit is a dict ``{"start_on": date, "end_on": date, "team": [member, ...]}``; a member is a dict ``{"username":
account name or None, "name": the name people read, "lead": bool, "organisation": str, "agreed": bool}``: the lead
auditor is an account (role auditor), the other members auditor accounts or external auditors recorded as people
(their name, their organisation, and whether they agreed to the visit's findings).

Who counts towards "at least N auditors" is the rule's ``counts`` (data/verification_rules.csv): ``people``, the
auditor accounts on the team and every external auditor named with an organisation who agreed to the findings (an
external name typed without them does not count); or ``accounts``, auditor accounts only."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from common.vocab import VISIT_FINDINGS
from common.years import to_be
from i18n import t
from scoring.certified import pending_areas
from workflow.inbox import InboxItem
from workflow.steps import Decision, Step, decide, refuse

#: Most members of one audit team, characters of an external auditor's name, days one visit may span.
MAX_TEAM, MAX_NAME, MAX_SPAN_DAYS = 20, 200, 60


#: Who counts towards a rule's auditors: people (accounts, and external auditors with organisation and agreement)
#: or auditor accounts only.
COUNTS = ("people", "accounts")


@dataclass(frozen=True)
class VerificationRule:
    """A visit qualifies when at least ``min_auditors`` different auditors were on site for at least ``min_days``
    days; the rule applies to programme years from ``from_year`` (Buddhist era) on; ``counts`` says who counts
    (:data:`COUNTS`)."""
    from_year: int
    min_auditors: int
    min_days: int
    source: str = ""
    counts: str = "people"


#: The rule when the data folder has no rules file: the programme brief's "at least 3 auditors, at least 1 day".
DEFAULT_RULE = VerificationRule(0, 3, 1, "programme brief (default)")


def rule_for(rules: list[VerificationRule] | tuple[VerificationRule, ...], year: int) -> VerificationRule:
    """The rule in force for programme ``year``: the row with the latest ``from_year`` not after it (the default
    when there is none)."""
    fitting = [r for r in rules if r.from_year <= int(year)]
    return max(fitting, key=lambda r: r.from_year) if fitting else DEFAULT_RULE


def _person_key(member: dict) -> str:
    if member.get("username"):
        return "@" + str(member["username"]).strip().lower()
    return " ".join(str(member.get("name", "")).split()).casefold()


def counts_towards(member: dict, counts: str = "people") -> bool:
    """Whether a team member counts towards the rule's auditors: an auditor account always; an external auditor,
    when the rule counts ``people``, only named with an organisation and having agreed to the findings."""
    if member.get("username"):
        return True
    return counts == "people" and bool(str(member.get("name") or "").strip()) and \
        bool(str(member.get("organisation") or "").strip()) and bool(member.get("agreed"))


def team_size(team: list[dict], counts: str = "people") -> int:
    """How many different people of the team count (:func:`counts_towards`; the same account or the same name
    twice counts once)."""
    return len({_person_key(m) for m in team if counts_towards(m, counts) and _person_key(m) not in ("", "@")})


def days_on_site(start_on: dt.date | None, end_on: dt.date | None, today: dt.date) -> int:
    """Days of the visit that have taken place by ``today``, both ends counted (a one-day visit is 1); 0 for a
    visit not yet begun or without dates."""
    if start_on is None or end_on is None or end_on < start_on or start_on > today:
        return 0
    return (min(end_on, today) - start_on).days + 1


@dataclass(frozen=True)
class VisitCheck:
    """A visit measured against the rule: ``ok`` when it qualifies; ``shortfalls`` the i18n keys and parameters of
    what is missing (no visit; too few auditors; too few days on site)."""
    auditors: int
    days: int
    rule: VerificationRule
    exists: bool

    @property
    def ok(self) -> bool:
        return self.exists and self.auditors >= self.rule.min_auditors and self.days >= self.rule.min_days

    @property
    def shortfalls(self) -> list[tuple[str, dict]]:
        out = []
        if not self.exists:
            out.append(("visits.short_none", {}))
        if self.auditors < self.rule.min_auditors:
            out.append(("visits.short_auditors", {"n": self.auditors, "need": self.rule.min_auditors}))
        if self.days < self.rule.min_days:
            out.append(("visits.short_days", {"n": self.days, "need": self.rule.min_days}))
        return out

    def missing(self, lang: str) -> str:
        """What is missing, in ``lang`` ('2 of 3 auditors; 0 days on site (at least 1)'); empty when ok."""
        return "; ".join(t(key, lang, **params) for key, params in self.shortfalls)


def check_visit(visit: dict | None, rule: VerificationRule, today: dt.date) -> VisitCheck:
    """``visit`` (or None: none recorded) measured against ``rule`` on ``today`` (Bangkok date)."""
    if not visit:
        return VisitCheck(0, 0, rule, False)
    return VisitCheck(team_size(visit.get("team", []), rule.counts), days_on_site(visit.get("start_on"), visit.get("end_on"), today),
                      rule, True)


# --------------------------------------------------------------------------------------------- typed input

def parse_external(text: str) -> list[str]:
    """External auditors typed one per line (name and organisation as written); blank lines skipped, spaces
    collapsed, the same name twice kept once."""
    out, seen = [], set()
    for line in (text or "").splitlines():
        name = " ".join(line.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


_ORGANISATION = re.compile(r"^(?P<name>.*?)\s*\((?P<org>[^()]+)\)\s*$")


def external_person(line: str, agreed: bool = False) -> dict:
    """An external auditor as typed, "name (organisation)", as a person: ``{"name", "organisation", "agreed"}``
    (no organisation when the line has no brackets at its end)."""
    line = " ".join(str(line or "").split())
    m = _ORGANISATION.match(line)
    name, org = (m.group("name"), m.group("org").strip()) if m and m.group("name") else (line, "")
    return {"name": name, "organisation": org, "agreed": bool(agreed)}


def external_line(member: dict) -> str:
    """An external auditor as typed back: "name (organisation)"."""
    org = str(member.get("organisation") or "").strip()
    return f"{member['name']} ({org})" if org else str(member["name"])


def visit_problems(year: int, start_on: dt.date | None, end_on: dt.date | None, lead: str | None,
                   team: list[dict]) -> list[tuple[str, str]]:
    """Why a visit as typed cannot be saved, as (English, Thai) sentences; empty when it can."""
    out = []
    if start_on is None or end_on is None:
        out.append(("the visit needs its first and last day", "ต้องระบุวันแรกและวันสุดท้ายของการทวนสอบ"))
    elif end_on < start_on:
        out.append(("the last day is before the first day", "วันสุดท้ายอยู่ก่อนวันแรก"))
    elif (end_on - start_on).days + 1 > MAX_SPAN_DAYS:
        out.append((f"a visit spans at most {MAX_SPAN_DAYS} days", f"การทวนสอบหนึ่งครั้งยาวได้ไม่เกิน {MAX_SPAN_DAYS} วัน"))
    elif abs(to_be(start_on.year) - int(year)) > 1:
        out.append((f"the visit's dates lie far from the programme year {year}",
                    f"วันที่ทวนสอบห่างจากปี พ.ศ. {year} ของผลประเมินเกินหนึ่งปี"))
    if not lead:
        out.append(("the visit needs its lead auditor", "ต้องระบุหัวหน้าผู้ทวนสอบ"))
    if len(team) > MAX_TEAM:
        out.append((f"an audit team has at most {MAX_TEAM} members", f"คณะผู้ทวนสอบมีได้ไม่เกิน {MAX_TEAM} คน"))
    for m in team:
        name = f"{m.get('name', '')}{m.get('organisation') or ''}"
        if len(name) > MAX_NAME or "\x00" in name or re.search(r"[\x00-\x08\x0b-\x1f]", name):
            out.append((f"an auditor's name is longer than {MAX_NAME} characters or holds control characters",
                        f"ชื่อผู้ทวนสอบยาวเกิน {MAX_NAME} ตัวอักษรหรือมีอักขระควบคุม"))
            break
    return out


def finding_problem(finding: str, note: str) -> tuple[str, str] | None:
    """Why a finding cannot be saved (English, Thai), or None: one of VISIT_FINDINGS; a nonconformity needs a note."""
    if finding not in VISIT_FINDINGS:
        return (f"a finding is one of {', '.join(VISIT_FINDINGS)}", "ผลการทวนสอบต้องเป็น สอดคล้อง ข้อบกพร่องเล็กน้อย "
                "หรือข้อบกพร่องสำคัญ")
    if finding != "conforms" and not (note or "").strip():
        return ("a minor or major nonconformity needs a note saying what was found",
                "ข้อบกพร่องต้องมีบันทึกว่าพบอะไร")
    if len(note or "") > 4000:
        return ("a note has at most 4000 characters", "บันทึกยาวได้ไม่เกิน 4000 ตัวอักษร")
    return None


# --------------------------------------------------------------------------------------------- who may change a visit

#: Who may change a visit.  A visit's state: ``none`` (not recorded), ``open`` (recorded, its level not yet
#: verified) or ``locked`` (its level is verified or certified: the verification stands on it; a new draft of the
#: level reopens it).  ``record``: an auditor records the visit of an area and year; ``change``: its dates, team,
#: findings and evidence change, by its own team (the lead, a member by account, the one who recorded it) or an
#: admin; a demo visit is nobody's, so anyone who may visit replaces it with a real one.
VISIT_STEPS: dict[str, Step] = {s.name: s for s in (
    Step("record", "visit", frozenset({"none"}), "open"),
    Step("change", "visit", frozenset({"open"}), "open", own_only=True),
)}
#: Level statuses a visit stands on (it no longer changes).
LOCKING = frozenset({"verified", "certified"})


def visit_state(visit: dict | None, cert_status: str | None) -> str:
    """``none``, ``open`` or ``locked`` (see :data:`VISIT_STEPS`)."""
    if cert_status in LOCKING:
        return "locked"
    return "none" if not visit else "open"


def own_visit(visit: dict | None, role: str | None, username: str | None) -> bool:
    """Whether the visit is this person's to change: an admin, anyone for a demo visit, else its team."""
    if not visit or visit.get("demo") or role == "admin":
        return True
    me = (username or "").strip().lower()
    return me in {str(m["username"]).lower() for m in visit.get("team", []) if m.get("username")} | {
        str(visit.get("recorded_by") or "").lower()}


def visit_step(visit: dict | None, cert_status: str | None, role: str | None, username: str | None) -> Decision:
    """Whether ``username`` (role ``role``) may record or change the visit (``visit``: as db.visits.visit_of
    reads it, or None) of an area and year whose level is ``cert_status``: the step is ``record`` without a
    visit, ``change`` with one; when refused, why (``check``: permission, state or own)."""
    step = "change" if visit else "record"
    d = decide(VISIT_STEPS[step], role, username, visit_state(visit, cert_status),
               own=own_visit(visit, role, username),
               messages={"own": (f"the account {username!r} is not on the audit team: only its team changes a visit; "
                                 "nothing was saved",
                                 f"บัญชี {username!r} ไม่ได้อยู่ในคณะผู้ทวนสอบของพื้นที่นี้ จึงแก้ไขการทวนสอบไม่ได้ "
                                 "และไม่ได้บันทึกข้อมูล")})
    if d.check == "state":
        return refuse(step, "state", f"the level is {cert_status} on this visit, so the visit no longer changes; a new "
                      "draft of the level reopens it", "ระดับนี้ทวนสอบหรือรับรองแล้วโดยอาศัยการทวนสอบนี้ จึงแก้ไขไม่ได้ "
                      "ต้องร่างระดับใหม่ก่อน")
    return d


# --------------------------------------------------------------------------------------------- queues

def visit_inbox(certifications: pd.DataFrame | None, visits: dict, rules, today: dt.date) -> list[InboxItem]:
    """Visits to record, for the auditors: every area and year whose level is drafted (waiting to be verified)
    and has no visit that meets the rule.  ``visits``: {(area_id, year): visit} (db.visits.load_visits)."""
    if certifications is None or certifications.empty:
        return []
    items = []
    drafts = certifications.loc[certifications["status"] == "draft"]
    for area_id, year in zip(drafts["area_id"], drafts["year"].astype(int)):
        visit = visits.get((area_id, year))
        check = check_visit(visit, rule_for(rules, year), today)
        if check.ok:
            continue
        params = {"auditors": check.auditors, "need_auditors": check.rule.min_auditors, "days": check.days,
                  "need_days": check.rule.min_days}
        items.append(InboxItem("visit_due", area_id, year, "inbox.visit_short" if visit else "inbox.visit_none",
                               params, "pages/visits.py", {"area": area_id, "year": str(year)},
                               # the latest year first, then areas with a visit begun (closest to done)
                               float(-year * 10 - (1 if visit else 0))))
    return items


def verify_inbox(certifications: pd.DataFrame | None, visits: dict, rules, today: dt.date) -> list[InboxItem]:
    """Levels ready to be verified, for the Eco Center: drafted levels whose visit meets the rule (the complement,
    among drafts, of :func:`visit_inbox`), the latest year first."""
    if certifications is None or certifications.empty:
        return []
    drafts = certifications.loc[certifications["status"] == "draft"]
    items = []
    for area_id, year, level in zip(drafts["area_id"], drafts["year"].astype(int), drafts["level"].astype(int)):
        if check_visit(visits.get((area_id, year)), rule_for(rules, year), today).ok:
            items.append(InboxItem("to_verify", area_id, year, "inbox.ready_to_verify", {"level": level},
                                   "pages/certification.py", {"area": area_id, "year": str(year)}, float(-year)))
    return items


def committee_inbox(certifications: pd.DataFrame | None) -> list[InboxItem]:
    """Verified levels awaiting the committee, for its secretary: per year exactly the areas presentation mode's
    "pending" shows (scoring.certified.pending_areas), the longest waiting first."""
    if certifications is None or certifications.empty:
        return []
    certs = certifications.set_index(["area_id", "year"])
    items = []
    for year in sorted(set(certifications["year"].astype(int))):
        for area_id in sorted(pending_areas(certifications, year)):
            rec = certs.loc[(area_id, year)]
            since = rec.get("verified_at")
            order = pd.Timestamp(since).timestamp() / 86400 if since is not None and not pd.isna(since) else 0.0
            items.append(InboxItem("awaiting_committee", area_id, year, "inbox.awaiting_committee",
                                   {"level": int(rec["level"])}, "pages/certification.py",
                                   {"area": area_id, "year": str(year)}, order))
    return items
