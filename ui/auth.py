"""Who is signed in, and the permission check every staff page starts with. Accounts live in the database
(db.accounts); viewing needs no sign-in; each staff page needs one of the actions of common.vocab.PERMISSIONS
(importing, verifying or certifying, the audit log, accounts, ...).

The browser session only remembers who signed in: every staff page re-reads the account when it starts (a
disabled or deleted account is signed out, a changed role takes effect), and every write checks the account again
in the data layer (db.accounts.require_account), so a tab left open stops at once.
"""
from __future__ import annotations

import streamlit as st

from common.vocab import role_can
from i18n import t

_NOTICE = "auth_notice"


def current_user() -> dict | None:
    return st.session_state.get("user")


def remember_user(username: str, role: str, areas=()) -> None:
    st.session_state["user"] = {"username": username, "role": role, "areas": list(areas)}


def sign_out(notice: str | None = None) -> None:
    """Forget the signed-in user; ``notice`` (why) is shown on the next staff page or the sign-in page."""
    st.session_state.pop("user", None)
    if notice:
        st.session_state[_NOTICE] = notice


def show_notice() -> None:
    """The reason of the last forced sign-out, once."""
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.warning(notice, icon=":material/person_off:")


def refresh_user() -> dict | None:
    """The signed-in user as the database has it now: signed out if the account is gone or disabled, with the
    role updated if an admin changed it."""
    user = current_user()
    if not user:
        return None
    from db.accounts import AccountRefused, require_account
    from ui import context
    try:
        with context.engine().connect() as conn:
            found = require_account(conn, user["username"], None)
    except AccountRefused as err:
        sign_out(str(err))
        return None
    if found.role != user["role"] or list(found.areas) != list(user.get("areas", [])):
        remember_user(found.username, found.role, found.areas)
    return current_user()


def refusal(err: Exception) -> str | None:
    """What a page does with a refused write.  The account's own refusal (db.accounts.AccountRefused: gone,
    disabled or demoted since sign-in) becomes the notice of the next run, a disabled or deleted account is
    signed out, and None is returned: the caller reruns the page (a callback does so by itself), which then says
    why and refuses or asks to sign in again.  Any other error is returned as the sentence to show."""
    if not hasattr(err, "sign_out"):
        return str(err)
    if err.sign_out:
        sign_out(str(err))
    else:
        st.session_state[_NOTICE] = str(err)
    return None


def can(*actions: str) -> bool:
    """Whether the signed-in user's role may do any of ``actions`` (common.vocab.ACTIONS).  A page uses it to
    show or hide; the data layer checks again at the write."""
    user = current_user()
    return bool(user) and any(role_can(user["role"], a) for a in actions)


def require(actions: str | tuple[str, ...], lang: str) -> dict:
    """Stop the page with a clear refusal unless the signed-in user may do one of ``actions``, checked against
    the database now."""
    actions = (actions,) if isinstance(actions, str) else tuple(actions)
    refresh_user()
    if not can(*actions):
        show_notice()
        st.error(t("auth.refused_accounts" if actions == ("accounts",) else "auth.refused_staff", lang),
                 icon=":material/lock:")
        st.page_link("pages/signin.py", label=t("auth.signin", lang), icon=":material/login:")
        st.stop()
    return current_user()
