"""Who is signed in, and the role check every staff page starts with. Accounts live in the database
(db.accounts); viewing needs no sign-in, importing/certifying/the audit log need staff, accounts need admin."""
from __future__ import annotations

import streamlit as st

from common.vocab import role_at_least
from i18n import t


def current_user() -> dict | None:
    return st.session_state.get("user")


def has_role(role: str) -> bool:
    user = current_user()
    return bool(user) and role_at_least(user["role"], role)


def require_role(role: str, lang: str) -> dict:
    """Stop the page with a clear refusal unless the signed-in user has ``role`` (or a higher one)."""
    if not has_role(role):
        st.error(t("auth.refused_" + role, lang), icon=":material/lock:")
        st.page_link("pages/signin.py", label=t("auth.signin", lang), icon=":material/login:")
        st.stop()
    return current_user()
