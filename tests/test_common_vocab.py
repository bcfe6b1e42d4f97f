"""The permission table (common/vocab.py PERMISSIONS): what each role may do, one row per role, and the two
questions every layer asks of it (role_can, role_at_least)."""
import pytest

from common import vocab
from common.vocab import ACTIONS, PERMISSIONS, ROLES, role_at_least, role_can

#: The table as the programme describes the roles: the working group submits its areas' data; auditors record
#: verification visits; Eco Center staff import, review submissions, write notes, verify levels and read the
#: import log; the committee's secretary certifies, writes notes and reads the log; the administrator does all.
EXPECTED = {
    "viewer": set(),
    "working_group": {"submit"},
    "auditor": {"visit"},
    "staff": {"import", "review", "note", "verify", "audit"},
    "secretary": {"certify", "note", "audit"},
    "admin": set(ACTIONS),
}


def test_every_role_has_a_row_and_every_action_is_known():
    assert set(PERMISSIONS) == set(ROLES)
    assert all(set(allowed) <= set(ACTIONS) for allowed in PERMISSIONS.values())
    assert {a for allowed in PERMISSIONS.values() for a in allowed} == set(ACTIONS)   # no action nobody may do


def test_the_table_is_the_programmes_division_of_work():
    assert {role: set(allowed) for role, allowed in PERMISSIONS.items()} == EXPECTED


def test_four_eyes_verifying_and_certifying_are_different_roles_and_visits_are_the_auditors():
    """Below the administrator, no role both verifies and certifies, and only auditors record visits."""
    for role in ROLES:
        if role != "admin":
            assert not {"verify", "certify"} <= PERMISSIONS[role], role
    assert [r for r in ROLES if "visit" in PERMISSIONS[r]] == ["auditor", "admin"]
    assert [r for r in ROLES if "accounts" in PERMISSIONS[r]] == ["admin"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_role_can_answers_from_the_table(role, action):
    assert role_can(role, action) is (action in EXPECTED[role])


@pytest.mark.parametrize("role", [None, "", "superuser", "Staff"])
def test_unknown_roles_and_actions_may_do_nothing(role):
    assert not any(role_can(role, a) for a in ACTIONS)
    assert not role_can("admin", "delete_everything") and not role_can("admin", "")


def test_the_table_cannot_be_changed_in_place():
    with pytest.raises(AttributeError):
        PERMISSIONS["viewer"].add("import")                                   # frozensets


def test_roles_read_in_rank_order():
    assert vocab.ACCOUNT_ROLES == tuple(r for r in ROLES if r != "viewer")
    assert role_at_least("admin", "staff") and role_at_least("staff", "staff")
    assert not role_at_least("auditor", "staff") and not role_at_least("viewer", "working_group")
    assert role_at_least("working_group", "viewer")
    assert not role_at_least(None, "viewer") and not role_at_least("ghost", "viewer")
