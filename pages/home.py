"""งานของฉัน: what waits for the signed-in person (ui.inbox gathers it from every part of the workflow); for an
area working group also its areas' submissions and last year's published values."""
import pandas as pd
import streamlit as st

from common.settings import session_idle_minutes
from common.thai import sorted_thai
from i18n import t, year_label
from ui import auth, context
from ui.auth import refresh_user, show_notice
from ui.inbox import inbox, sentence
from ui.submissions import computed_ids, published_values, shown_value
from ui.text import md
from workflow.inbox import may_open
from workflow.submissions import required_indicators

context.require_router()
lang = context.lang()
user = refresh_user()
st.title(t("home.title", lang))
if not user:
    show_notice()
    st.info(t("home.signed_out", lang), icon=":material/login:")
    st.page_link("pages/signin.py", label=t("auth.signin", lang), icon=":material/login:")
    st.stop()

auth.cookie_script()    # a sign-in lands here: the browser gets its lasting cookie
ds = context.dataset()
names = ds.areas.set_index("area_id")[f"name_{lang}"]
who = t("auth.signed_in_as", lang, user=md(user["username"]), role=t("role." + user["role"], lang))
if st.session_state.pop("signed_in_now", False):
    st.success(who, icon=":material/login:")
    st.caption(t("auth.lasting", lang, idle=auth.idle_label(session_idle_minutes(), lang)))
else:
    st.caption(who)
# an item links to its page only for a role that may open it (workflow.inbox.PAGE_ACTIONS, as the menu shows it)
items = [i for i in inbox(user, lang) if may_open(user["role"], i.page)]
if not items:
    st.success(t("home.nothing", lang), icon=":material/task_alt:")
for item in items:
    with st.container(border=True):
        c1, c2 = st.columns([5, 1])
        c1.markdown(md(sentence(item, names, lang)))
        if item.page:
            c2.page_link(item.page, label=t("home.open", lang), icon=":material/arrow_forward:",
                         query_params={**item.query, "lang": lang})

if user["role"] == "working_group":
    required = required_indicators(ds.criteria.table, computed_ids(ds.criteria))
    years = sorted(ds.assessments["year"].unique()) if len(ds.assessments) else []
    st.subheader(t("home.last_values", lang))
    if not years:
        st.info(t("state.no_assessments", lang), icon=":material/info:")
    for area_id in sorted_thai([a for a in user["areas"] if a in names.index], key=lambda a: names[a]):
        shown = [y for y in years if y in set(ds.assessments.loc[ds.assessments["area_id"] == area_id, "year"])]
        if not shown:
            st.caption(t("home.no_values", lang, area=md(names[area_id])))
            continue
        last = int(shown[-1])
        values = published_values(ds, area_id, last)
        with st.expander(t("home.values_of", lang, area=md(names[area_id]), year=year_label(last, lang))):
            st.dataframe(pd.DataFrame({
                t("board.col_indicator", lang): [f"{r['indicator_id']} {r[f'indicator_{lang}']}"
                                                 for r in required.to_dict("records")],
                t("home.value", lang): [shown_value(values.get(r["indicator_id"]), r["metric_type"], lang)
                                        for r in required.to_dict("records")],
            }), hide_index=True, width="stretch")
