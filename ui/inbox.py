"""The role home's list: what waits for the signed-in person, gathered from every part of the workflow.

Each source is a function ``(user, lang) -> list[workflow.inbox.InboxItem]`` (``user`` as ui.auth.current_user
gives it); :data:`SOURCES` lists them and the home page shows them all, most urgent first.  A part of the
workflow that has items for someone adds its function to :data:`SOURCES` (one line)."""
from __future__ import annotations

import datetime as dt

from common.vocab import role_can
from db.submissions import list_submissions
from i18n import date_label, t, year_label
from ui import context
from ui.submissions import deadlines, default_year, today
from workflow.inbox import InboxItem, sorted_items
from workflow.submissions import accepted_inbox, deadline_of, submission_inbox


def submission_items(user: dict, lang: str) -> list[InboxItem]:
    """A working group: its returned submissions and its areas' submissions still due; the Eco Center (who may
    review): the submissions waiting for review."""
    role = user["role"]
    if role == "working_group":
        subs = list_submissions(context.engine(), area_ids=user["areas"])
    elif role_can(role, "review"):
        subs = list_submissions(context.engine())
    else:
        return []
    year = default_year(subs)
    return submission_inbox(role, user.get("areas", ()), subs, year, deadline_of(deadlines(), year), today())


def visit_items(user: dict, lang: str) -> list[InboxItem]:
    """An auditor: the drafted levels whose verification visit is missing or short of the rule; the Eco Center
    (who may verify): the levels whose visit meets it; the committee's secretary (who may certify): the verified
    levels awaiting the committee (what presentation mode's "pending" shows)."""
    from common.clock import bangkok_today
    from common.settings import data_dir
    from db.visits import load_visits
    from programme.verification import load_verification_rules
    from workflow.visits import committee_inbox, verify_inbox, visit_inbox

    role, certs = user["role"], context.dataset().certifications
    items: list[InboxItem] = []
    if role_can(role, "visit") or role_can(role, "verify"):
        visits, rules, day = load_visits(context.engine()), load_verification_rules(data_dir()), bangkok_today()
        if role_can(role, "visit"):
            items += visit_inbox(certs, visits, rules, day)
        if role_can(role, "verify"):
            items += verify_inbox(certs, visits, rules, day)
    if role_can(role, "certify"):
        items += committee_inbox(certs)
    return items


def accepted_items(user: dict, lang: str) -> list[InboxItem]:
    """After a submission is accepted, its next step: Eco Center staff draft the level, the auditors plan the
    visit, the committee's secretary sees it on its way to the committee (workflow.submissions.accepted_inbox)."""
    from common.vocab import ACTIONS
    from db.visits import load_visits

    actions = {a for a in ACTIONS if role_can(user["role"], a)}
    if not actions & {"verify", "visit", "certify"}:
        return []
    subs = list_submissions(context.engine())
    return accepted_inbox(actions, subs, context.dataset().certifications, load_visits(context.engine()))


#: every source of the home page's items, in no particular order (the list is sorted by urgency)
SOURCES = [submission_items, visit_items, accepted_items]


def inbox(user: dict, lang: str) -> list[InboxItem]:
    items: list[InboxItem] = []
    for source in SOURCES:
        items += source(user, lang)
    return sorted_items(items)


def sentence(item: InboxItem, area_names, lang: str) -> str:
    """The item's sentence in ``lang``: the area by its name, years and dates as people read them."""
    params = {k: (date_label(v, lang) if isinstance(v, dt.date) else v) for k, v in item.params.items()}
    area, year = area_names.get(item.area_id, item.area_id), year_label(item.year, lang)
    text = t(item.key, lang, area=area, year=year, **params)
    # a sentence that does not name its area and year (the visit queues') gets them in front
    return text if area in text else f"{area} · {year} · {text}"
