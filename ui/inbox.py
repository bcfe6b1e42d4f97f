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
from workflow.submissions import deadline_of, submission_inbox


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


#: every source of the home page's items, in no particular order (the list is sorted by urgency)
SOURCES = [submission_items]


def inbox(user: dict, lang: str) -> list[InboxItem]:
    items: list[InboxItem] = []
    for source in SOURCES:
        items += source(user, lang)
    return sorted_items(items)


def sentence(item: InboxItem, area_names, lang: str) -> str:
    """The item's sentence in ``lang``: the area by its name, years and dates as people read them."""
    params = {k: (date_label(v, lang) if isinstance(v, dt.date) else v) for k, v in item.params.items()}
    return t(item.key, lang, area=area_names.get(item.area_id, item.area_id), year=year_label(item.year, lang),
             **params)
