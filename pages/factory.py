"""Factory page, modelled on a facility compliance report."""
import streamlit as st

from geo.colours import COMPLIANCE_COLOURS
from geo.maps import Basemap
from geo.mapviews import factory_map
from i18n import date_label, t
from reports.factory_card import factory_badges, factory_details
from scoring.factories import compliance_in
from ui import context, exports
from ui.maps import show_map
from ui.tables import badges_html, definition_table_html, history_strip_html, simple_table_html

context.require_router()
lang = context.lang()
ds, layers = context.dataset(), context.layers()
factories = ds.factories.set_index("registration_no", drop=False)
name_col = f"name_{lang}"
NEIGHBOURS = 80  # nearest factories shown around this one

reg = st.query_params.get("factory")
if reg and reg not in factories.index:
    st.error(t("error.unknown_factory", lang, factory=reg))
    reg = None
if not reg:
    st.title(t("nav.factory", lang))
    query = st.text_input(t("factory.search", lang), placeholder=t("factory.search_placeholder", lang))
    if query:
        q = query.strip()
        hits = ds.factories.loc[ds.factories["registration_no"].str.contains(q, regex=False)
                                | ds.factories["name_th"].str.contains(q, regex=False, case=False)
                                | ds.factories["name_en"].str.contains(q, regex=False, case=False)].head(50)
        st.caption(t("factory.hits", lang, n=len(hits)))
        for _, h in hits.iterrows():
            st.page_link("pages/factory.py", label=f"{h['registration_no']} · {h[name_col]}",
                         query_params=context.link_params(factory=h["registration_no"]))
    st.stop()

f = factories.loc[reg]
area = ds.areas.set_index("area_id").loc[f["area_id"]]
history = ds.history.loc[ds.history["registration_no"] == reg]
latest_year = int(history["year"].max()) if len(history) else None
comp = compliance_in(history, latest_year).get(reg, "not_inspected") if latest_year else "not_inspected"


st.title(f[name_col])
st.caption(f"{t('col.registration_no', lang)} **{f['registration_no']}** · FID {f['fid']}")
exports.factory(reg, lang)

st.html(badges_html(factory_badges(f, comp, latest_year, lang)))

left, right = st.columns([2, 3])
with left:
    st.subheader(t("factory.details", lang))
    st.html(definition_table_html(factory_details(ds, f, lang), "factory-details"))
    st.page_link("pages/area.py", label=t("factory.back_to_area", lang, area=area[name_col]), icon=":material/arrow_back:",
                 query_params=context.link_params(area=f["area_id"]))
with right:
    st.subheader(t("factory.map_title", lang))
    lat, lon = float(f["lat"]), float(f["lon"])
    near = ds.factories.loc[(ds.factories["area_id"] == f["area_id"]) & (ds.factories["registration_no"] != reg)]
    near = near.assign(_d=(near["lat"] - lat) ** 2 + (near["lon"] - lon) ** 2).nsmallest(NEIGHBOURS, "_d")
    m = factory_map(layers, f, area, near, compliance_in(ds.history, latest_year or 0), lang,
                    Basemap.from_env())
    show_map(m, key=f"factory_map_{reg}", height=360, clickable=False)
    st.caption(t("factory.neighbours", lang, n=len(near)))

st.subheader(t("factory.checklist", lang))
items = ds.compliance_items.set_index("item_id")
checks = ds.checklist.loc[ds.checklist["registration_no"] == reg]
st.html(simple_table_html(
    [t("factory.item", lang), t("factory.law", lang), t("col.result", lang), t("factory.checked_on", lang)],
    [[items.loc[i, name_col], items.loc[i, "law_th"], t("check." + r, lang), date_label(d, lang)]
     for i, r, d in zip(checks["item_id"], checks["result"], checks["checked_on"])], "checklist"))
st.caption(t("factory.checklist_note", lang))

st.subheader(t("factory.history", lang))
st.html(history_strip_html(history, lang, COMPLIANCE_COLOURS))
st.caption(t("factory.data_as_of", lang, date=date_label(f["data_as_of"], lang)))
