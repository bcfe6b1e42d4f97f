"""Accounts (admin only): create staff accounts, change roles, disable, reset passwords."""
import streamlit as st

from common.thai import sorted_thai
from common.vocab import ACCOUNT_ROLES, SCOPED_ROLES
from db.accounts import AccountError, create_user, list_users, set_active, set_areas, set_password, set_role
from i18n import t
from ui import context
from ui.auth import refusal, require
from ui.people_tables import accounts_table
from ui.text import md

context.require_router()
lang = context.lang()
me = require("accounts", lang)
engine = context.engine()
areas = context.dataset().areas.set_index("area_id")[f"name_{lang}"]
area_ids = sorted_thai(areas.index, key=lambda a: areas[a])

st.title(t("accounts.title", lang))
st.dataframe(accounts_table(list_users(engine), lang, areas.to_dict()), hide_index=True, width="stretch")

with st.form("new_user", clear_on_submit=True):
    st.markdown(f"**{t('accounts.new', lang)}**")
    c1, c2, c3 = st.columns(3)
    name = c1.text_input(t("auth.username", lang))
    role = c2.selectbox(t("accounts.role", lang), ACCOUNT_ROLES, format_func=lambda r: t("role." + r, lang))
    password = c3.text_input(t("auth.password", lang), type="password", help=t("accounts.password_rule", lang))
    scope = st.multiselect(t("accounts.areas", lang), area_ids, format_func=lambda a: areas[a])
    if st.form_submit_button(t("accounts.create", lang), icon=":material/person_add:"):
        try:
            create_user(engine, name, password, role, by=me["username"], areas=scope if role in SCOPED_ROLES else ())
            st.success(t("accounts.created", lang, user=md(name)))
        except AccountError as err:
            if (msg := refusal(err)) is None:
                st.rerun()
            st.error(md(msg))

users = list_users(engine)
if not users.empty:
    with st.form("change_user"):
        st.markdown(f"**{t('accounts.change', lang)}**")
        c1, c2, c3, c4 = st.columns(4)
        who = c1.selectbox(t("auth.username", lang), list(users["username"]))
        new_role = c2.selectbox(t("accounts.role", lang), ["", *ACCOUNT_ROLES], format_func=lambda r: t("role." + r, lang) if r else "–")
        active = c3.selectbox(t("accounts.active", lang), ["", "yes", "no"], format_func=lambda v: t("accounts." + v, lang) if v else "–")
        new_password = c4.text_input(t("accounts.new_password", lang), type="password")
        new_scope = st.multiselect(t("accounts.areas", lang), area_ids, format_func=lambda a: areas[a])
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
