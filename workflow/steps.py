"""A workflow as a table of steps, and the one answer to "may this person take this step on this record, and if
not, why".  Each register keeps its own table (workflow.certification.STEPS, workflow.visits.VISIT_STEPS); the
data layer asks before it writes and refuses with the answer's reason, and the page enables its buttons from the
same answer.

A :class:`Step` names the permission it needs (an action of :data:`common.vocab.PERMISSIONS`), the states it
starts from, the state it leads to, four eyes (the field of the record naming who did the previous step: that
person may not take this one), whether it needs a reason (a note saying why), and whether only the record's own
people (e.g. a visit's audit team) may take it.  :func:`decide` checks one step; a :class:`Decision` is the
answer, with its reason in English and Thai when refused."""
from __future__ import annotations

from dataclasses import dataclass

from common.vocab import ACTIONS, role_can


@dataclass(frozen=True)
class Step:
    name: str
    #: the action of common.vocab.ACTIONS the person's role needs
    permission: str
    #: the states the step may start from (None: no record yet)
    starts_from: frozenset
    #: the state after the step
    leads_to: str
    #: four eyes: the record's field naming who did the previous step; that person may not take this one
    four_eyes: str | None = None
    #: the step needs a reason written in its note
    reason_required: bool = False
    #: only the record's own people (its team) may take it
    own_only: bool = False

    def __post_init__(self):
        if self.permission not in ACTIONS:
            raise ValueError(f"step {self.name!r}: unknown permission {self.permission!r}")


@dataclass(frozen=True)
class Decision:
    """Whether ``step`` may be taken; when not, which check refused it (``check``: permission, state, own,
    four_eyes, reason, or a register's own such as ``visit``) and why (``en`` and ``th``)."""
    step: str
    allowed: bool
    check: str = ""
    en: str = ""
    th: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def reason(self, lang: str) -> str:
        """The refusal in the reader's language (empty when allowed)."""
        return self.th if lang == "th" else self.en

    def __str__(self) -> str:
        return "" if self.allowed else f"{self.en} / {self.th}"


def allow(step: str) -> Decision:
    return Decision(step, True)


def refuse(step: str, check: str, en: str, th: str) -> Decision:
    return Decision(step, False, check, en, th)


def same_person(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and str(a).strip().lower() == str(b).strip().lower()


#: The refusals of :func:`decide`, by check; a register passes its own sentences for any of them.  Placeholders:
#: {who} the person, {permission}, {state} the record's state, {states} the states the step starts from.
MESSAGES = {
    "permission": ("the account {who} may not {permission}", "บัญชี {who} ไม่มีสิทธิ์ทำขั้นตอนนี้"),
    "state": ("the record is {state}; this step starts only from {states}",
              "สถานะปัจจุบันคือ {state} ขั้นตอนนี้ทำได้เฉพาะจากสถานะ {states}"),
    "own": ("only the record's own people take this step", "เฉพาะผู้รับผิดชอบบันทึกนี้เท่านั้นที่ทำขั้นตอนนี้ได้"),
    "four_eyes": ("{who} took the previous step, so another person takes this one (four eyes)",
                  "{who} เป็นผู้ทำขั้นตอนก่อนหน้า จึงทำขั้นตอนนี้เองไม่ได้ ต้องให้ผู้อื่นทำ (หลักสี่ตา)"),
    "reason": ("this step needs the reason written in the note", "ขั้นตอนนี้ต้องระบุเหตุผลในหมายเหตุ"),
}


def decide(step: Step, role: str | None, username: str | None, state: str | None, record: dict | None = None,
           note: str | None = None, own: bool = True, messages: dict | None = None,
           state_names: tuple[dict, dict] = ({}, {})) -> Decision:
    """Whether ``username`` (role ``role``) may take ``step`` on a record in ``state`` (``record``: its fields,
    for four eyes).  ``note``: the reason written (None: not known yet, e.g. when a page enables its button;
    the reason is then checked at the write).  ``own``: whether the person is one of the record's own people
    (for steps only they take).  Checked in this order: permission, state, own people, four eyes, reason; the
    first that fails is the answer, in the register's ``messages`` (else :data:`MESSAGES`).  ``state_names``:
    (English, Thai) names of the states for the sentences."""
    msgs = {**MESSAGES, **(messages or {})}
    en_names, th_names = state_names
    params = {"who": username or "-", "permission": step.permission}
    failed = None
    if not role_can(role, step.permission):
        failed = "permission"
    elif state not in step.starts_from:
        failed = "state"
    elif step.own_only and not own:
        failed = "own"
    elif step.four_eyes and same_person((record or {}).get(step.four_eyes), username):
        failed = "four_eyes"
    elif step.reason_required and note is not None and not note.strip():
        failed = "reason"
    if failed is None:
        return allow(step.name)
    starts = sorted(step.starts_from, key=lambda s: s or "")
    en, th = msgs[failed]
    en = en.format(**params, state=en_names.get(state, state or "none"),
                   states=", ".join(en_names.get(s, s or "none") for s in starts))
    th = th.format(**params, state=th_names.get(state, state or "ยังไม่มีบันทึก"),
                   states=", ".join(th_names.get(s, s or "ยังไม่มีบันทึก") for s in starts))
    return refuse(step.name, failed, en, th)
