"""Factory page, modelled on a facility compliance report."""
import pandas as pd
import streamlit as st

from common.years import current_be_year
from geo.colours import COMPLIANCE_COLOURS, HIGHLIGHT
from geo.layers import neighbours
from geo.maps import Basemap
from geo.mapviews import factory_map
from i18n import date_label, t, year_label
from reports.factory_card import as_of_line, factory_badges, factory_details, factory_name, has_coordinates
from scoring.factories import COMPLIANCE_ORDER, compliance_counts, compliance_in
from ui import context, exports, factory_layer
from ui import symbiosis as symbiosis_view
from ui.auth import current_user
from ui.maps import legend, show_map
from ui.search import resolve, search_page
from ui.tables import badges_html, definition_table_html, history_strip_html, simple_table_html
from ui.text import md

context.require_router()
lang = context.lang()
ds, layers = context.dataset(), context.layers()
factories = ds.factories.set_index("registration_no", drop=False)
name_col = f"name_{lang}"

reg = st.query_params.get("factory")
if reg and reg not in factories.index:      # another spelling of a number (Thai digits, spaces…), as the search's
    reg = resolve(reg) or reg
if reg and reg not in factories.index:
    st.error(t("error.unknown_factory", lang, factory=md(reg)))
    reg = None
if not reg:                 # /factory without an id: the factory search page
    st.title(t("nav.factory", lang))
    if ds.factories.empty:
        st.info(t("state.no_factories", lang), icon=":material/factory:")
    else:
        search_page(lang)
    st.stop()

f = factories.loc[reg]
areas = ds.areas.set_index("area_id")
area = areas.loc[f["area_id"]] if pd.notna(f["area_id"]) and f["area_id"] in areas.index else None  # None: outside
history = ds.history.loc[ds.history["registration_no"] == reg]
latest_year = int(history["year"].max()) if len(history) else None
comp = compliance_in(history, latest_year).get(reg, "not_inspected") if latest_year else "not_inspected"


st.title(md(factory_name(f, lang)))
st.caption(f"{t('col.registration_no', lang)} **{md(f['registration_no'])}** · FID {md(f['fid'])}")
if area is None:
    st.info(t("factory.outside_areas", lang), icon=":material/wrong_location:")
    factory_layer.nearest_area_note(ds, layers, f, lang)     # the nearest area and its distance
exports.factory(reg, lang)

st.html(badges_html(factory_badges(f, comp, latest_year, lang)))

left, right = st.columns([2, 3])
with left:
    st.subheader(t("factory.details", lang))
    st.html(definition_table_html(factory_details(ds, f, lang), "factory-details"))
    if area is not None:
        st.page_link("pages/area.py", label=t("factory.back_to_area", lang, area=md(area[name_col])),
                     icon=":material/arrow_back:", query_params=context.link_params(area=f["area_id"]))
with right:
    st.subheader(t("factory.map_title", lang))
    if not has_coordinates(f):
        st.info(t("factory.no_coordinates", lang), icon=":material/location_off:")
    else:
        near = neighbours(ds.factories, f)
        near_compliance = compliance_in(ds.history, latest_year or 0)
        m = factory_map(layers, f, area, near, near_compliance, lang, Basemap.from_env())
        show_map(m, key=f"factory_map_{reg}", height=360, clickable=False)
        counts = compliance_counts(near, near_compliance)
        legend([(HIGHLIGHT, t("report.this_factory", lang))]
               + [(COMPLIANCE_COLOURS[c], f"{t('compliance.' + c, lang)} ({counts[c]:,})") for c in COMPLIANCE_ORDER],
               t("factory.map_legend", lang))
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
st.caption(as_of_line(f, lang))

if ds.symbiosis is not None:     # this factory's material flows and its exchanges, both directions
    st.subheader(t("sym.factory_title", lang))
    user = current_user()
    sym_reg = symbiosis_view.seen_register(ds.symbiosis, user["role"] if user else None)
    own = symbiosis_view.flows_table(sym_reg, reg, lang)
    if own is None:
        st.info(t("sym.factory_no_flows", lang))
    else:
        st.caption(t("sym.factory_flows", lang, year=year_label(own[0], lang)))
        st.html(simple_table_html(own[1], own[2], "flow-table"))
    sym_year = latest_year or current_be_year()
    mine = symbiosis_view.flows_of(sym_reg, ds.factories, sym_year, lang, party=reg)
    if mine.empty:
        st.info(t("sym.factory_no_exchanges", lang))
    else:
        st.caption(t("sym.factory_exchanges", lang, year=year_label(sym_year, lang), n=len(mine)))
        st.html(symbiosis_view.exchange_table_html(mine, sym_reg, lang, context.link_params()))
