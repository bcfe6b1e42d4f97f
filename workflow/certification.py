"""The certification of an area's level for a year as a table of steps (``draft → verified → certified``), and the
one answer to "which steps may this person take on this record, and if not, why" (:func:`certification_steps`).
The data layer (db.certification.set_certification) asks it before it writes and refuses with its reason; the
certification page enables its buttons from the same answer.

- ``draft``: Eco Center staff (``verify``) draft a level, or draft it again over a draft or a verified level
  (which resets the verification).
- ``redraft``: a new draft over a certified level is the committee's decision (``certify``, its secretary) and
  needs the reason in the note; the certified record stays in the log.
- ``verify``: staff mark a draft verified, only on a verification visit that meets the rule
  (workflow.visits.check_visit), at the drafted level.
- ``certify``: the committee's secretary certifies a verified level at that level; not the person who verified
  it (four eyes)."""
from __future__ import annotations

from workflow.steps import Decision, Step, allow, decide, refuse
from workflow.visits import VisitCheck

STEPS: dict[str, Step] = {s.name: s for s in (
    Step("draft", "verify", frozenset({None, "draft", "verified"}), "draft"),
    Step("redraft", "certify", frozenset({"certified"}), "draft", reason_required=True),
    Step("verify", "verify", frozenset({"draft"}), "verified"),
    Step("certify", "certify", frozenset({"verified"}), "certified", four_eyes="verified_by"),
)}
#: Steps that need a verification visit meeting the rule, and steps that keep the level on record.
NEEDS_VISIT = frozenset({"verify"})
KEEPS_LEVEL = frozenset({"verify", "certify"})

STATUS_EN = {s: s for s in ("draft", "verified", "certified")}     # common.vocab.CERT_STATUSES
STATUS_TH = {"draft": "ร่าง", "verified": "ทวนสอบแล้ว", "certified": "รับรองแล้ว"}

MESSAGES = {
    "state": ("the record is {state}; this step starts only from {states} (draft → verified → certified)",
              "สถานะปัจจุบันคือ {state} ขั้นตอนนี้ทำได้เฉพาะจากสถานะ {states} (ร่าง → ทวนสอบแล้ว → รับรองแล้ว)"),
    "four_eyes": ("{who} verified this level, so another person certifies it (four eyes)",
                  "{who} เป็นผู้บันทึกการทวนสอบระดับนี้ จึงรับรองเองไม่ได้ ต้องให้ผู้อื่นรับรอง (หลักสี่ตา)"),
    "reason": ("the level is certified; a new draft over it needs the reason in the note (the certified record "
               "stays in the log)", "ระดับนี้รับรองแล้ว การร่างใหม่ต้องระบุเหตุผลในหมายเหตุ (บันทึกการรับรองเดิมยังอยู่ในประวัติ)"),
}


def step_for(status: str, current: str | None) -> str:
    """The step that moves a record in ``current`` to ``status`` (one of CERT_STATUSES): a draft over a
    certified level is ``redraft``."""
    if status == "draft":
        return "redraft" if current == "certified" else "draft"
    return {"verified": "verify", "certified": "certify"}[status]


def _visit_refusal(step: str, check: VisitCheck) -> Decision:
    rule = check.rule
    return refuse(step, "visit",
                  f"cannot mark verified without a verification visit of at least {rule.min_auditors} auditors for at "
                  f"least {rule.min_days} day(s): {check.missing('en')}",
                  f"ยังบันทึกว่าทวนสอบแล้วไม่ได้ ต้องมีการทวนสอบ ณ พื้นที่โดยผู้ทวนสอบอย่างน้อย {rule.min_auditors} คน "
                  f"อย่างน้อย {rule.min_days} วัน: {check.missing('th')}")


def decide_step(step: str, role: str | None, username: str | None, record: dict | None,
                visit: VisitCheck | None = None, note: str | None = None, level: int | None = None) -> Decision:
    """Whether ``username`` (role ``role``) may take ``step`` on the certification ``record`` (its fields:
    status, level, verified_by ...; None: no record yet).  ``visit``: the area and year's visit measured
    against the rule (None: not known, not checked); ``note`` the reason written (None: not known yet);
    ``level`` the level asked for (None: not known yet)."""
    rec = record or {}
    d = decide(STEPS[step], role, username, rec.get("status"), rec, note, messages=MESSAGES,
               state_names=(STATUS_EN, STATUS_TH))
    if not d:
        return d
    if step in NEEDS_VISIT and visit is not None and not visit.ok:
        return _visit_refusal(step, visit)
    if step in KEEPS_LEVEL and level is not None and int(level) != int(rec["level"]):
        return refuse(step, "level", f"the record is at level {rec['level']}, not {level}; make a new draft to "
                      "change the level", f"ระดับในบันทึกคือ {rec['level']} ไม่ใช่ {level} ต้องร่างใหม่เพื่อเปลี่ยนระดับ")
    return allow(step)


def certification_steps(role: str | None, username: str | None, record: dict | None,
                        visit: VisitCheck | None = None, note: str | None = None,
                        level: int | None = None) -> dict[str, Decision]:
    """Every step of :data:`STEPS` with its answer for this person and record (see :func:`decide_step`)."""
    return {name: decide_step(name, role, username, record, visit, note, level) for name in STEPS}


def status_step(status: str, role: str | None, username: str | None, record: dict | None,
                visit: VisitCheck | None = None, note: str | None = None, level: int | None = None) -> Decision:
    """The answer for moving ``record`` to ``status`` (the button or write that names a status)."""
    return decide_step(step_for(status, (record or {}).get("status")), role, username, record, visit, note, level)
