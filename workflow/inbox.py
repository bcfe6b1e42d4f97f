"""What waits for a person: one item per thing to do, the same shape whichever part of the workflow it comes
from (a returned submission for a working group, a submission to review for the Eco Center, a visit to record
for an auditor, a verified level awaiting the committee for its secretary).  A home page lists them."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class InboxItem:
    #: what it is, e.g. "returned", "to_review", "visit_due", "awaiting_committee"
    kind: str
    area_id: str
    year: int
    #: the i18n key of the sentence a person reads, and its parameters (no ids in it: the page fills names)
    key: str
    params: dict = field(default_factory=dict)
    #: the page that handles it (a file under pages/) and its query parameters
    page: str = ""
    query: dict = field(default_factory=dict)
    #: sort order within a list: lower first (e.g. days left)
    order: float = 0.0


def sorted_items(items: list[InboxItem]) -> list[InboxItem]:
    """Most urgent first, then by area and year, so the list is stable."""
    return sorted(items, key=lambda i: (i.order, i.kind, i.area_id, i.year))


#: The pages an item may link to, and the actions (common.vocab.ACTIONS) of which a role needs one to open it
#: (each page checks the same with ui.auth.require); a page not listed needs none.
PAGE_ACTIONS: dict[str, tuple[str, ...]] = {
    "pages/submit.py": ("submit",),
    "pages/board.py": ("review",),
    "pages/visits.py": ("visit", "verify", "certify"),
    "pages/certification.py": ("verify", "certify"),
    "pages/imports.py": ("import",),
    "pages/audit.py": ("audit",),
    "pages/accounts.py": ("accounts",),
}


def may_open(role: str | None, page: str) -> bool:
    """Whether a person of ``role`` may open ``page`` (an item's link): a home never points to a page its reader
    cannot open."""
    from common.vocab import role_can
    need = PAGE_ACTIONS.get(page, ())
    return not need or any(role_can(role, a) for a in need)
