"""Accounts (admin only): create staff accounts, change roles, disable, reset passwords, end a user's sign-ins,
the password rules and the sign-in log."""
import streamlit as st
from streamlit import config

from common.settings import session_idle_minutes
from common.thai import sorted_thai
from common.vocab import ACCOUNT_ROLES, SCOPED_ROLES
from db.accounts import AccountError, create_user, list_users, set_active, set_areas, set_password, set_role
from db.evidence import log_route
from db.sessions import auth_events, end_sessions, open_sessions
from i18n import t
from programme.signin import rules
from ui import context
from ui.auth import idle_label, refusal, require
from ui.people_tables import accounts_table, auth_log_table, sessions_table
from ui.text import md

context.require_router()
lang = context.lang()
me = require("accounts", lang)
engine = context.engine()
areas = context.dataset().areas.set_index("area_id")[f"name_{lang}"]
area_ids = sorted_thai(areas.index, key=lambda a: areas[a])

r = rules()
st.title(t("accounts.title", lang))
with st.expander(t("accounts.rules_title", lang), icon=":material/password:"):
    st.markdown(t("accounts.rules", lang, min=r.password_min_length, max=r.password_max_length,
                  common=f"{len(r.common):,}", lock=r.account_lock_after, window=f"{r.window_minutes:g}",
                  lock_minutes=f"{r.lock_minutes:g}", client_lock=r.client_lock_after, slow=r.account_slow_after + 1,
                  idle=idle_label(session_idle_minutes(), lang)))
st.caption(t("accounts.role_help", lang))
st.dataframe(accounts_table(list_users(engine), lang, areas.to_dict()), hide_index=True, width="stretch")



def create() -> None:
    """Form callback: the new account; on success the form is emptied, on a refusal it keeps what was typed."""
    name, role = st.session_state.get("new_name", ""), st.session_state.get("new_role")
    try:
        create_user(engine, name, st.session_state.get("new_password", ""), role, by=me["username"],
                    areas=st.session_state.get("new_areas", []) if role in SCOPED_ROLES else ())
    except AccountError as err:
        if (msg := refusal(err)) is not None:
            st.session_state["new_user_msg"] = ("error", md(msg))
        return
    st.session_state["new_user_msg"] = ("success", t("accounts.created", lang, user=md(name)))
    for key in ("new_name", "new_password"):
        st.session_state[key] = ""
    st.session_state["new_areas"] = []


with st.form("new_user"):
    st.markdown(f"**{t('accounts.new', lang)}**")
    c1, c2, c3 = st.columns(3)
    c1.text_input(t("auth.username", lang), key="new_name")
    c2.selectbox(t("accounts.role", lang), ACCOUNT_ROLES, format_func=lambda r: t("role." + r, lang), key="new_role")
    c3.text_input(t("auth.password", lang), type="password", key="new_password",
                  help=t("accounts.password_rule", lang, min=r.password_min_length))
    st.multiselect(t("accounts.areas", lang), area_ids, format_func=lambda a: areas[a], key="new_areas",
                   placeholder=t("accounts.areas_placeholder", lang))
    st.form_submit_button(t("accounts.create", lang), icon=":material/person_add:", on_click=create)
    if (said := st.session_state.pop("new_user_msg", None)) is not None:     # next to the button pressed
        getattr(st, said[0])(said[1])

users = list_users(engine)
if not users.empty:
    with st.form("change_user"):
        st.markdown(f"**{t('accounts.change', lang)}**")
        c1, c2, c3, c4 = st.columns(4)
        who = c1.selectbox(t("auth.username", lang), list(users["username"]))
        new_role = c2.selectbox(t("accounts.role", lang), ["", *ACCOUNT_ROLES], format_func=lambda r: t("role." + r, lang) if r else "–")
        active = c3.selectbox(t("accounts.active", lang), ["", "yes", "no"], format_func=lambda v: t("accounts." + v, lang) if v else "–")
        new_password = c4.text_input(t("accounts.new_password", lang), type="password",
                                     help=t("accounts.password_rule", lang, min=r.password_min_length))
        new_scope = st.multiselect(t("accounts.areas", lang), area_ids, format_func=lambda a: areas[a],
                                   placeholder=t("accounts.areas_placeholder", lang))
        if st.form_submit_button(t("accounts.apply", lang)):
            try:
                if who == me["username"] and (active == "no" or (new_role and new_role != "admin")):
                    raise AccountError(t("accounts.not_self", lang))
                if new_role:
                    set_role(engine, who, new_role, by=me["username"],
                             areas=new_scope if new_role in SCOPED_ROLES else None)
                elif new_scope:
                    set_areas(engine, who, new_scope, by=me["username"])
                if active:
                    set_active(engine, who, active == "yes", by=me["username"])
                if new_password:
                    set_password(engine, who, new_password, by=me["username"])
                st.success(t("accounts.changed", lang, user=md(who)))
            except AccountError as err:
                if (msg := refusal(err)) is None:
                    st.rerun()
                st.error(md(msg))

def end_user_sessions() -> None:
    whose = st.session_state.get("end_sessions_user")
    try:
        st.session_state["ended_sessions"] = (whose, end_sessions(engine, whose, by=me["username"]), None)
    except AccountError as err:
        if (msg := refusal(err)) is not None:
            st.session_state["ended_sessions"] = (whose, 0, msg)


st.subheader(t("accounts.sessions_title", lang))
signed_in = open_sessions(engine)
if signed_in.empty:
    st.info(t("accounts.sessions_none", lang))
else:
    st.dataframe(sessions_table(signed_in, lang), hide_index=True, width="stretch")
    with st.form("end_sessions"):
        c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
        c1.selectbox(t("auth.username", lang), sorted(set(signed_in["username"])), key="end_sessions_user")
        c2.form_submit_button(t("accounts.end_sessions", lang), icon=":material/logout:", on_click=end_user_sessions)
if "ended_sessions" in st.session_state:
    whose, n, problem = st.session_state.pop("ended_sessions")
    if problem:
        st.error(md(problem))
    else:
        st.success(t("accounts.ended_sessions", lang, user=md(whose), n=n))

st.subheader(t("accounts.log_title", lang))
log = auth_events(engine)
if log.empty:
    st.info(t("accounts.log_empty", lang))
else:
    st.dataframe(auth_log_table(log, lang), hide_index=True, width="stretch", height=320 if len(log) > 8 else "auto")
    # through the app's route (serve.py), which checks the account at the request; never Streamlit's media storage
    st.markdown(f":material/download: [{t('accounts.log_download', lang)}]"
                f"({log_route(config.get_option('server.baseUrlPath') or '', 'signin')})")
