"""A party of the symbiosis register that is not a factory (community enterprise, community, utility,
processor, farm): its name, kind and area, a small map of its exchanges, its material flows, and its exchanges
in both directions. A factory has its own page (a factory's id here opens it)."""
import pandas as pd
import streamlit as st

from common.thai import sorted_thai
from common.years import current_be_year
from geo.flows import flow_features, party_features
from geo.maps import Basemap
from geo.mapviews import party_map
from i18n import t, year_label
from ui import context
from ui import symbiosis as symbiosis_view
from ui.auth import current_user
from ui.maps import show_map
from ui.tables import simple_table_html
from ui.text import md
from ui.urlstate import url_selectbox

context.require_router()
lang = context.lang()
ds, model, layers = context.dataset(), context.model(), context.layers()

if ds.symbiosis is None or ds.symbiosis.parties.empty:
    st.title(t("nav.party", lang))
    st.info(t("party.none", lang), icon=":material/diversity_3:")
    st.stop()
reg_all = ds.symbiosis
parties = reg_all.parties.drop_duplicates("party_id").set_index("party_id", drop=False)
kinds = symbiosis_view.labels(reg_all, lang)["party_kind"]


def _name(p: pd.Series) -> str:
    name = p[f"name_{lang}"]
    return name if isinstance(name, str) and name.strip() else str(p["name_th"])


requested = st.query_params.get("party")
if requested and requested in set(ds.factories["registration_no"]):   # a factory: its own page
    st.switch_page("pages/factory.py", query_params=context.link_params(factory=requested))
if requested and requested not in parties.index:
    st.error(t("error.unknown_party", lang, party=md(requested)))
pid = url_selectbox(st, t("party.pick", lang), sorted_thai(parties.index, key=lambda p: _name(parties.loc[p])), "party",
                    placeholder=t("party.pick_placeholder", lang),
                    format_func=lambda p: f"{_name(parties.loc[p])} ({kinds.get(parties.loc[p, 'kind'], '')})")
if not pid:
    st.info(t("party.pick_help", lang))
    st.stop()

p = parties.loc[pid]
areas = ds.areas.set_index("area_id", drop=False)
area = areas.loc[p["area_id"]] if isinstance(p["area_id"], str) and p["area_id"] in areas.index else None
url_year = context.query_int("year")
year = url_year if url_year in model.years else (max(model.years) if model.years else current_be_year())
user = current_user()
seen = symbiosis_view.seen_register(reg_all, user["role"] if user else None)
mine = symbiosis_view.flows_of(seen, ds.factories, year, lang, party=pid)

st.title(md(_name(p)))
other = p["name_en" if lang == "th" else "name_th"]
chips = [md(kinds.get(p["kind"], p["kind"]))]
if isinstance(other, str) and other.strip() and other != _name(p):
    chips.append(md(other))
chips.append(md(area[f"name_{lang}"]) if area is not None else t("party.no_area", lang))
st.caption(" · ".join(chips))
if area is not None:
    st.page_link("pages/area.py", label=t("factory.back_to_area", lang, area=md(area[f"name_{lang}"])),
                 icon=":material/arrow_back:", query_params=context.link_params(area=area["area_id"]))

left, right = st.columns([3, 2])
with left:
    st.subheader(t("party.map_title", lang))
    if pd.isna(p["lat"]) or pd.isna(p["lon"]):
        st.info(t("party.no_coordinates", lang), icon=":material/location_off:")
    else:
        joined = symbiosis_view.flow_parties(seen, ds.factories, mine)
        others = joined[joined["party_id"] != pid]
        show_map(party_map(layers, p, area, others, flow_features(mine),
                           party_features(others, lang, kinds), lang, Basemap.from_env()),
                 key=f"party_map_{pid}", height=380, clickable=False)
with right:
    st.subheader(t("party.flows_title", lang))
    own = symbiosis_view.flows_table(seen, pid, lang)
    if own is None:
        st.info(t("party.no_flows", lang))
    else:
        st.caption(t("party.flows", lang, year=year_label(own[0], lang)))
        st.html(simple_table_html(own[1], own[2], "flow-table"))

st.subheader(t("party.exchanges_title", lang))
if mine.empty:
    st.info(t("party.no_exchanges", lang, year=year_label(year, lang)))
else:
    st.caption(t("party.exchanges", lang, year=year_label(year, lang), n=len(mine)))
    st.html(symbiosis_view.exchange_table_html(mine, seen, lang, context.link_params()))
