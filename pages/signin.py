"""Sign in and out (staff and admin accounts; viewing needs no account)."""
import streamlit as st

from db.accounts import authenticate
from i18n import t
from ui import context
from ui.auth import refresh_user, remember_user, show_notice, sign_out
from ui.text import md

context.require_router()
lang = context.lang()
ds = context.dataset()
user = refresh_user()

st.title(t("auth.title", lang))
show_notice()
if user:
    st.success(t("auth.signed_in_as", lang, user=md(user["username"]), role=t("role." + user["role"], lang)))
    if st.button(t("auth.signout", lang), icon=":material/logout:"):
        sign_out()
        st.rerun()
    st.stop()



def sign_in() -> None:
    found = authenticate(context.engine(), st.session_state.get("signin_user", ""),
                         st.session_state.get("signin_password", ""))
    st.session_state["signin_failed"] = found is None
    if found is not None:
        remember_user(found.username, found.role, found.areas)
    st.session_state["signin_password"] = ""


with st.form("signin", enter_to_submit=True, border=False):   # Enter in either field signs in
    st.text_input(t("auth.username", lang), key="signin_user")
    st.text_input(t("auth.password", lang), type="password", key="signin_password")
    st.form_submit_button(t("auth.signin", lang), icon=":material/login:", type="primary", on_click=sign_in)
if st.session_state.pop("signin_failed", False):
    st.error(t("auth.failed", lang))
if ds.is_demo:
    st.info(t("auth.demo_accounts", lang), icon=":material/science:")
