"""The programme's fixed lists, each written once: certification statuses, account roles (in rank order),
import kinds and outcomes. The database schema, the data layer, the scoring and the pages all read them here."""
from __future__ import annotations

#: A certification record's steps, in order: drafted by staff, verified, certified by the committee.
CERT_STATUSES = ("draft", "verified", "certified")

#: Account roles from least to most rights; a role may do everything the ones before it may.
ROLES = ("viewer", "staff", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
#: Roles an administrator can give an account (a viewer needs no account).
ACCOUNT_ROLES = tuple(r for r in ROLES if r != "viewer")

IMPORT_KINDS = ("factories", "assessments", "parties", "flows", "exchanges")
IMPORT_STATUSES = ("landed", "rejected")


def role_at_least(role: str | None, needed: str) -> bool:
    """Whether ``role`` has the rights of ``needed`` (unknown roles have none)."""
    return role in ROLE_RANK and ROLE_RANK[role] >= ROLE_RANK[needed]
