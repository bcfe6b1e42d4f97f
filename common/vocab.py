"""The programme's fixed lists, each written once: certification statuses, account roles (in rank order),
import kinds and outcomes. The database schema, the data layer, the scoring and the pages all read them here."""
from __future__ import annotations

#: A certification record's steps, in order: drafted by staff, verified, certified by the committee.
CERT_STATUSES = ("draft", "verified", "certified")

#: Account roles, in order of what they may read (the visibility of the symbiosis register follows this order):
#: a viewer (no sign-in), an area working group (คณะทำงานฯ, scoped to its areas), an auditor (ผู้ทวนสอบ), Eco Center
#: staff (``staff``), the expert committee's secretary (เลขานุการคณะกรรมการ) and the administrator.
ROLES = ("viewer", "working_group", "auditor", "staff", "secretary", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
#: Roles an administrator can give an account (a viewer needs no account).
ACCOUNT_ROLES = tuple(r for r in ROLES if r != "viewer")
#: Roles whose writes are limited to the areas given to the account (table ``account_areas``).
SCOPED_ROLES = frozenset({"working_group"})

#: What an account may do, by role; the data layer checks it at every write (db.accounts.require_account).
#: submit: an area's submission (own areas only); visit: record a verification visit; import: registry and
#: assessment imports; review: return or accept a submission; note: problems and recommendations; verify: draft or
#: verify a level; certify: certify or un-certify a level (the committee's decision); audit: read the import log;
#: accounts: manage accounts.
ACTIONS = ("submit", "visit", "import", "review", "note", "verify", "certify", "audit", "accounts")
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset(),
    "working_group": frozenset({"submit"}),
    "auditor": frozenset({"visit"}),
    "staff": frozenset({"import", "review", "note", "verify", "certify", "audit", "visit"}),
    "secretary": frozenset({"certify", "note", "audit"}),
    "admin": frozenset(ACTIONS),
}

IMPORT_KINDS = ("factories", "assessments", "parties", "flows", "exchanges")
IMPORT_STATUSES = ("landed", "rejected")


def role_at_least(role: str | None, needed: str) -> bool:
    """Whether ``role`` reads at least what ``needed`` reads (unknown roles read nothing beyond a viewer)."""
    return role in ROLE_RANK and ROLE_RANK[role] >= ROLE_RANK[needed]


def role_can(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action`` (one of ACTIONS); unknown roles and actions may do nothing."""
    return action in PERMISSIONS.get(role or "", frozenset())
