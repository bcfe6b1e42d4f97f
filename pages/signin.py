"""Sign in and out (staff and admin accounts; viewing needs no account)."""
import streamlit as st

from common.settings import session_idle_minutes
from db.signin import sign_in as check_sign_in
from i18n import datetime_label, t
from ui import auth, context
from ui.text import md

context.require_router()
lang = context.lang()
ds = context.dataset()
user = auth.refresh_user(lang)
outcome, until, waited = st.session_state.pop("signin_outcome", (None, None, 0))

st.title(t("auth.title", lang))
auth.show_notice()
if user and outcome == "ok":      # just signed in: the person lands on "my tasks" (the cookie job goes along)
    st.session_state["signed_in_now"] = True
    st.switch_page("pages/home.py", query_params={"lang": lang})
if user:
    st.success(t("auth.signed_in_as", lang, user=md(user["username"]), role=t("role." + user["role"], lang)))
    st.caption(t("auth.lasting", lang, idle=auth.idle_label(session_idle_minutes(), lang)))
    auth.cookie_script()
    with st.form("signout", border=False):
        st.form_submit_button(t("auth.signout", lang), icon=":material/logout:", on_click=auth.end)
    st.stop()
auth.cookie_script()   # after a sign-out: the browser clears its cookie


def sign_in() -> None:
    attempt = check_sign_in(context.engine(), st.session_state.get("signin_user", ""),
                            st.session_state.get("signin_password", ""), auth.client_address())
    st.session_state["signin_password"] = ""
    st.session_state["signin_outcome"] = (attempt.outcome, attempt.locked_until, attempt.waited_s)
    if attempt.outcome == "ok":
        auth.start(attempt.user)


with st.form("signin", enter_to_submit=True, border=False):   # Enter in either field signs in
    st.text_input(t("auth.username", lang), key="signin_user")
    st.text_input(t("auth.password", lang), type="password", key="signin_password")
    st.form_submit_button(t("auth.signin", lang), icon=":material/login:", type="primary", on_click=sign_in)
if outcome == "failed":
    st.error(t("auth.failed", lang))
elif outcome == "locked":
    st.error(t("auth.locked", lang, until=datetime_label(until, lang)), icon=":material/lock_clock:")
if waited and outcome != "ok":
    st.caption(t("auth.waited", lang, seconds=f"{waited:g}"))
if ds.is_demo:
    st.info(t("auth.demo_accounts", lang), icon=":material/science:")
