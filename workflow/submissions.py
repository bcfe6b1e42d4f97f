"""An area working group's submission of its indicator results for a year, and its review by the Eco Center, as
pure rules over plain data (the database is :mod:`db.submissions`).

A submission moves ``draft → submitted → returned → resubmitted → accepted`` (:data:`STATUSES`).  Each step
(:data:`STEPS`) names the action of :data:`common.vocab.PERMISSIONS` it needs (``submit`` for the working group,
``review`` for the Eco Center) and the statuses it may start from.  Typed results are checked against the
criteria (:func:`check_value`: the metric type's range of :data:`scoring.criteria.VALUE_RANGES`); an indicator
whose result is computed from the symbiosis register takes no typed result.  Completeness is the number of
required indicators (every indicator of the criteria not computed) with a result, and with evidence attached.
Every refusal is a :class:`WorkflowError` with an English and a Thai sentence.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from common.errors import Refused
from common.text import clean_text
from common.values import is_missing
from scoring.criteria import HOW_TO_FILL, VALUE_RANGES
from workflow.inbox import InboxItem

#: The states of a submission, in the order it normally goes through them.
STATUSES = ("draft", "submitted", "returned", "resubmitted", "accepted")
#: States in which the working group may still change values and evidence.
EDITABLE = frozenset({"draft", "returned"})
#: States that wait for the Eco Center's review.
TO_REVIEW = frozenset({"submitted", "resubmitted"})

#: step -> (action needed, {from status: to status}); a step keeping the status maps a status to itself.
STEPS: dict[str, tuple[str, dict[str, str]]] = {
    "save": ("submit", {"draft": "draft", "returned": "returned"}),
    "attach": ("submit", {"draft": "draft", "returned": "returned"}),
    "submit": ("submit", {"draft": "submitted", "returned": "resubmitted"}),
    "return": ("review", {"submitted": "returned", "resubmitted": "returned"}),
    "accept": ("review", {"submitted": "accepted", "resubmitted": "accepted"}),
}


class WorkflowError(Refused):
    """A refused submission step or value (its ``message`` in Thai and English; note the English first in the
    arguments), and the indicator it is about."""

    def __init__(self, en: str, th: str, indicator_id: str | None = None):
        super().__init__(th=th, en=en)
        self.indicator_id = indicator_id


_STATUS_TH = {"draft": "ร่าง", "submitted": "ส่งแล้ว", "returned": "ส่งกลับให้แก้ไข", "resubmitted": "ส่งใหม่แล้ว",
              "accepted": "รับแล้ว"}


def action_of(step: str) -> str:
    """The permission a step needs (``submit`` or ``review``)."""
    if step not in STEPS:
        raise ValueError(f"unknown submission step {step!r}")
    return STEPS[step][0]


def next_status(status: str | None, step: str) -> str:
    """The status after ``step`` from ``status`` (None: no submission yet, which starts as a draft); a
    WorkflowError when the step is not allowed from there."""
    status = status or "draft"
    moves = STEPS[step][1] if step in STEPS else {}
    if status not in moves:
        allowed = ", ".join(sorted(moves)) or "-"
        raise WorkflowError(
            f"a submission that is {status} cannot be {_STEP_EN.get(step, step)} (only one that is {allowed})",
            f"สถานะ \"{_STATUS_TH.get(status, status)}\" {_STEP_TH.get(step, step)}ไม่ได้ "
            f"(ทำได้เฉพาะสถานะ {', '.join(_STATUS_TH.get(s, s) for s in sorted(moves)) or '-'})")
    return moves[status]


_STEP_EN = {"save": "changed", "attach": "given evidence", "submit": "submitted", "return": "returned",
            "accept": "accepted"}
_STEP_TH = {"save": "แก้ไขข้อมูล", "attach": "แนบหลักฐาน", "submit": "ส่ง", "return": "ส่งกลับ", "accept": "รับ"}


# --------------------------------------------------------------------------------------------- values

def required_indicators(table: pd.DataFrame, computed) -> pd.DataFrame:
    """The criteria rows a working group fills in: every indicator whose result is not computed from the
    register (``computed``: the ids of the computed ones, :func:`symbiosis.indicators.computed_indicators`)."""
    return table[~table["indicator_id"].isin(set(computed))].reset_index(drop=True)


def check_value(indicator: pd.Series | dict, raw, computed=()) -> float | None:
    """A typed result as a number (None when blank), checked against the indicator's metric type and range;
    WorkflowError otherwise, naming the indicator, the value and the reason."""
    ind_id = str(indicator["indicator_id"])
    if is_missing(raw) or (isinstance(raw, str) and not raw.strip()):
        return None
    if ind_id in set(computed):
        raise WorkflowError(f"{ind_id}: this indicator is computed from the symbiosis register; a typed result is "
                            "refused", f"{ind_id}: ตัวชี้วัดนี้คำนวณจากทะเบียนการแลกเปลี่ยน จึงกรอกผลเองไม่ได้", ind_id)
    metric = str(indicator["metric_type"])
    th_how, en_how = HOW_TO_FILL[metric]
    try:
        value = float(str(raw).replace(",", "").strip()) if not isinstance(raw, (int, float)) else float(raw)
    except ValueError:
        raise WorkflowError(f"{ind_id}, value {str(raw)[:40]!r}: not a number; this indicator takes {en_how}",
                            f"{ind_id} ค่า {str(raw)[:40]!r} ไม่ใช่ตัวเลข ตัวชี้วัดนี้ต้องกรอก{th_how}", ind_id) from None
    lo, hi = VALUE_RANGES[metric]
    outside = not math.isfinite(value) or value < lo or (hi is not None and value > hi)
    if metric == "binary" and value not in (0.0, 1.0):
        outside = True
    if outside:
        raise WorkflowError(f"{ind_id}, value {raw!r}: out of range; this indicator takes {en_how}",
                            f"{ind_id} ค่า {raw!r} อยู่นอกช่วงที่รับได้ ตัวชี้วัดนี้ต้องกรอก{th_how}", ind_id)
    return value


def check_values(values: dict, table: pd.DataFrame, computed=()) -> dict[str, float | None]:
    """Every typed result of ``values`` (indicator_id -> raw) checked (:func:`check_value`); an unknown
    indicator is a WorkflowError too.  The first problem is raised: nothing is half-checked."""
    by_id = table.set_index("indicator_id", drop=False)
    out: dict[str, float | None] = {}
    for ind_id, raw in values.items():
        if ind_id not in by_id.index:
            raise WorkflowError(f"unknown indicator {ind_id!r} in the criteria in use",
                                f"ไม่พบตัวชี้วัด {ind_id!r} ในเกณฑ์ที่ใช้อยู่", str(ind_id))
        out[str(ind_id)] = check_value(by_id.loc[ind_id], raw, computed)
    return out


def completeness(required_ids, values: dict, evidence_ids) -> dict:
    """How complete a submission is: ``required`` indicators, ``filled`` (with a result), ``evidence`` (with at
    least one file), and ``share`` filled (0..1; 0 when nothing is required)."""
    required = set(required_ids)
    filled = {i for i, v in values.items() if i in required and v is not None and not pd.isna(v)}
    evidence = set(evidence_ids) & required
    return {"required": len(required), "filled": len(filled), "evidence": len(evidence),
            "share": len(filled) / len(required) if required else 0.0}


def check_submittable(required_ids, values: dict) -> None:
    """A submission needs at least one result."""
    if completeness(required_ids, values, ())["filled"] == 0:
        raise WorkflowError("the submission has no result yet: fill in at least one indicator before submitting",
                            "ยังไม่มีผลการประเมิน กรุณากรอกอย่างน้อยหนึ่งตัวชี้วัดก่อนส่ง")


def check_return(comments: dict) -> dict[str, str]:
    """A return names at least one indicator with a comment; blank comments are dropped."""
    kept = {clean_text(k): clean_text(v).strip() for k, v in comments.items() if clean_text(v).strip()}
    if not kept:
        raise WorkflowError("say what to fix: write a comment on at least one indicator before returning",
                            "กรุณาระบุสิ่งที่ต้องแก้ไข โดยเขียนความเห็นอย่างน้อยหนึ่งตัวชี้วัดก่อนส่งกลับ")
    return kept


# --------------------------------------------------------------------------------------------- deadlines

def days_left(due_on: dt.date | None, today: dt.date) -> int | None:
    """Days from ``today`` to the deadline (negative: overdue by that many); None without a deadline."""
    return None if due_on is None else (due_on - today).days


def deadline_of(deadlines: pd.DataFrame, year: int) -> dt.date | None:
    """The deadline of a year (``programme.deadlines.load_deadlines`` rows: year, due_on as a date)."""
    rows = deadlines.loc[deadlines["year"] == int(year), "due_on"] if len(deadlines) else []
    return rows.iloc[0] if len(rows) else None


# --------------------------------------------------------------------------------------------- inbox

def submission_inbox(role: str, areas, submissions: pd.DataFrame, year: int, due_on: dt.date | None,
                     today: dt.date) -> list[InboxItem]:
    """What waits for a person about submissions for ``year``.

    A working group (``areas``: its own): each returned submission (``returned``), and each own area whose
    submission is not yet submitted (``due``: draft or none).  The Eco Center (roles that may ``review``, the
    caller decides): every submission submitted or resubmitted (``to_review``).  ``submissions``: rows of
    ``db.submissions.list_submissions`` (area_id, year, status, n_comments ...).  Ordered by days left."""
    left = days_left(due_on, today)
    order = float(left) if left is not None else 1e6
    subs = submissions.loc[submissions["year"] == int(year)] if len(submissions) else submissions
    by_area = {r["area_id"]: r for _, r in subs.iterrows()} if len(subs) else {}
    items: list[InboxItem] = []
    if role == "working_group":
        for area_id in sorted(set(areas)):
            rec = by_area.get(area_id)
            status = rec["status"] if rec is not None else None
            query = {"area": area_id, "year": str(year)}
            if status == "returned":
                items.append(InboxItem("returned", area_id, int(year), "inbox.returned",
                                       {"n": int(rec.get("n_comments", 0) or 0)}, "pages/submit.py", query,
                                       order - 1e5))
            elif status in (None, "draft"):
                key = "inbox.due" if left is None or left >= 0 else "inbox.overdue"
                items.append(InboxItem("due", area_id, int(year), key,
                                       {"days": abs(left) if left is not None else "", "due_on": due_on},
                                       "pages/submit.py", query, order))
    else:
        for area_id, rec in sorted(by_area.items()):
            if rec["status"] in TO_REVIEW:
                items.append(InboxItem("to_review", area_id, int(year), "inbox.to_review_" + rec["status"],
                                       {}, "pages/board.py", {"area": area_id, "year": str(year)}, order))
    return items


def accepted_inbox(actions, submissions: pd.DataFrame, certifications: pd.DataFrame | None,
                   visits: dict) -> list[InboxItem]:
    """What waits after a submission is accepted, for a person whose role may do ``actions`` (common.vocab
    ACTIONS): Eco Center staff (``verify``) draft the level of an accepted area and year that has none yet; the
    auditors (``visit``) plan the visit of one with no level drafted and no visit recorded (once drafted, the
    auditors' queue, workflow.visits.visit_inbox, lists it); the committee's secretary (``certify``) sees each
    accepted one on its way to the committee (no level yet, or drafted and awaiting verification; verified ones
    are in workflow.visits.committee_inbox).  ``visits``: {(area_id, year): visit}.  The latest year first."""
    actions = set(actions)
    if not len(submissions) or not actions & {"verify", "visit", "certify"}:
        return []
    certs = {}
    if certifications is not None and len(certifications):
        certs = {(a, int(y)): (s, int(lv)) for a, y, s, lv in zip(certifications["area_id"], certifications["year"],
                                                                  certifications["status"], certifications["level"])}
    items: list[InboxItem] = []
    accepted = submissions.loc[submissions["status"] == "accepted"]
    for area_id, year in zip(accepted["area_id"], accepted["year"].astype(int)):
        status, level = certs.get((area_id, year), (None, None))
        query, order = {"area": area_id, "year": str(year)}, float(-year)
        if "verify" in actions and status is None:
            items.append(InboxItem("draft_level", area_id, year, "inbox.draft_level", {}, "pages/certification.py",
                                   query, order))
        if "visit" in actions and status is None and (area_id, year) not in visits:
            items.append(InboxItem("visit_to_plan", area_id, year, "inbox.visit_to_plan", {}, "pages/visits.py",
                                   query, order))
        if "certify" in actions and status in (None, "draft"):
            items.append(InboxItem("to_committee", area_id, year, f"inbox.to_committee_{status or 'none'}",
                                   {"level": level or ""}, "pages/certification.py", query, order))
    return items


def unsaved(typed: dict, stored: dict) -> dict:
    """The typed results (indicator_id -> value as a widget holds it) that differ from the stored ones (a blank
    and no result are the same; numbers compare as numbers): what sending must save first."""
    def same(a, b) -> bool:
        blank_a = is_missing(a)
        blank_b = is_missing(b)
        if blank_a or blank_b:
            return blank_a and blank_b
        try:
            return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
        except (TypeError, ValueError):
            return False
    return {i: v for i, v in typed.items() if not same(v, stored.get(i))}
