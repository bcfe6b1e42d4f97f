"""Area page: boundary and factories, dimension radar, indicator scorecard, what blocks the next level,
level history and the factory table."""
import pandas as pd
import streamlit as st

from common.thai import sorted_thai
from common.years import current_be_year
from geo.colours import CATEGORY_COLOURS, COMPLIANCE_COLOURS, PARTY_COLOURS, level_colour
from geo.flows import flow_features, party_features
from geo.maps import Basemap
from geo.mapviews import area_map
from geo.registry import clicked_factory
from i18n import t, year_label
from scoring.area_facts import area_year_facts, uncertified_mark
from scoring.criteria import version_label
from scoring.factories import COMPLIANCE_ORDER, filter_factories
from scoring.summary import DIMENSIONS, scorecard
from symbiosis.views import kpi_items_of
from ui import charts, context, exports
from ui import symbiosis as symbiosis_view
from ui.auth import can, current_user
from ui.exports import symbiosis_downloads
from ui.factory_list import factory_table
from ui.maps import legend, no_tiles_note, show_map
from ui.notes import show_note
from ui.search import area_matches
from ui.svg import show_svg
from ui.symbiosis_staff import candidate_section
from ui.text import md
from ui.urlstate import url_selectbox

context.require_router()
lang = context.lang()
ds, model, layers = context.dataset(), context.model(), context.layers()
areas = ds.areas.set_index("area_id", drop=False)
name_col = f"name_{lang}"

requested = st.query_params.get("area")
if requested and requested not in areas.index:
    st.error(t("error.unknown_area", lang, area=md(requested)))
# The province the reader came with (the national filter, their remembered province) narrows the picker to its
# areas; the links keep it, and "every province" drops it.
province = st.query_params.get("province")
in_province = areas["province_code"] == province
pick_from = areas.loc[in_province | (areas.index == requested)] if in_province.any() else areas
area_id = url_selectbox(st, t("area.pick", lang), sorted_thai(pick_from.index, key=lambda a: areas.loc[a, name_col]),
                        "area", placeholder=t("area.pick_placeholder", lang), format_func=lambda a: areas.loc[a, name_col])
back = st.container(horizontal=True)
back.page_link("pages/national.py", label=t("area.back_to_national", lang), icon=":material/arrow_back:",
                  query_params=context.link_params(area=None))
if in_province.any():
    back.page_link("pages/area.py", label=t("area.pick_every_province", lang), icon=":material/public:",
                      query_params=context.link_params(province=None, area=area_id))
if not area_id:
    st.info(t("area.pick_help", lang))
    st.stop()

area = areas.loc[area_id]
prov = ds.provinces.set_index("code").loc[area["province_code"]]
# the years this area has results in (an area that joined may still wait for its first assessment)
area_years = sorted(int(y) for y in model.levels.loc[model.levels["area_id"] == area_id, "year"].unique())

st.title(md(area[name_col]))
chips = [md(prov[f"name_{lang}"]), t(f"kind.{area['kind']}", lang), t("area.phase_n", lang, n=int(area["phase"])),
         t("area.joined", lang, year=year_label(area["year_joined"], lang))]
st.caption(" · ".join(chips))
if area["status"] == "placeholder":
    st.warning(t("area.placeholder_note", lang), icon=":material/warning:")
if area["boundary"] == "assumed":
    st.info(t("area.boundary_assumed", lang, codes=md(ds.admin_units_text(area["admin_codes"], lang))), icon=":material/straighten:")

if not area_years:
    st.info(t("area.no_assessment", lang))
    year = None
else:
    url_year = context.query_int("year")
    if url_year and url_year < int(area["year_joined"]):
        st.info(t("area.year_not_in_programme", lang, year=year_label(url_year, lang),
                  joined=year_label(area["year_joined"], lang)))
    elif url_year and url_year not in area_years:
        st.info(t("state.year_no_data", lang, year=year_label(url_year, lang), shown=year_label(area_years[-1], lang)))
    year = url_selectbox(st, t("filter.year", lang), area_years[::-1], "year", default=area_years[-1],
                         format_func=lambda y: year_label(y, lang))

exports.area(area_id, year, lang)
factories = ds.factories.loc[ds.factories["area_id"] == area_id]
if factories.empty:
    st.info(t("area.no_factories", lang), icon=":material/factory:")
# One value of the area's facts for the year (scoring.area_facts): the level on record with its status, the
# computed level, the year before, developed factories, blockers, dimensions, compliance and history.
facts = area_year_facts(ds, model, area_id, year or (max(model.years) if model.years else current_be_year()))
compliance = facts.compliance
level = facts.level if year else None

# symbiosis: the exchanges of this area the reader may see, at the end of the year shown
sym_reg = ds.symbiosis
sym_year = year or (max(model.years) if model.years else current_be_year())
if sym_reg is not None:
    user = current_user()
    sym_reg = symbiosis_view.seen_register(sym_reg, user["role"] if user else None)
    sym_flows = context.symbiosis_flows(user["role"] if user else None, sym_year, lang, area_id)
    sym_kinds = symbiosis_view.labels(sym_reg, lang)["party_kind"]
    sym_parties = symbiosis_view.area_parties(sym_reg, ds.factories, sym_flows, area_id)

m1, m2, m3, m4, m5 = st.columns([1, 1.2, 1, 1, 1])
# The level a person reads is the level on record; one not certified carries its status word beside it.
m1.metric(t("col.level", lang), "–" if level is None else (t("level.below1", lang) if level == 0 else str(level)),
          delta=facts.change if year else None)
m2.metric(t("present.cert_status", lang), t("cert." + (facts.status or "none"), lang) if year else "–")
m3.metric(t("area.next_level", lang), facts.next_level or "–")
m4.metric(t("col.factories", lang), f"{facts.n_factories:,}")
m5.metric(t("col.developed", lang), f"{facts.n_developed:,}")
if year is not None and facts.computed_level is not None and facts.computed_level != level:
    st.caption(t("area.computed_differs", lang, level=facts.computed_level))

left, right = st.columns([3, 2])
with left:
    st.subheader(t("area.map_title", lang))
    m = area_map(layers, area, factories, compliance, lang, Basemap.from_env(),
                 flows=flow_features(sym_flows) if sym_reg is not None else None,
                 parties=party_features(sym_parties, lang, sym_kinds) if sym_reg is not None else None)
    clicked = show_map(m, key=f"area_map_{area_id}", height=480)
    counts = facts.compliance_counts
    legend([(COMPLIANCE_COLOURS[c], f"{t('compliance.' + c, lang)} ({counts[c]:,})") for c in COMPLIANCE_ORDER],
           t("col.compliance", lang))
    if sym_reg is not None and len(sym_flows):
        legend([(CATEGORY_COLOURS.get(c, "#636363"), lab) for c, lab in sym_reg.vocab.labels("category", lang).items()
                if c in set(sym_flows["category"])], t("sym.legend", lang))
    if sym_reg is not None:
        present = set(sym_parties["kind"]) - {"factory"}
        legend([(PARTY_COLOURS.get(k, "#636363"), lab) for k, lab in sym_kinds.items() if k in present],
               t("sym.legend_parties", lang))
    no_tiles_note(lang, bool(Basemap.from_env().url))
    reg = clicked_factory(clicked, factories)
    if reg:
        st.switch_page("pages/factory.py", query_params=context.link_params(factory=reg))
with right:
    st.subheader(t("area.radar_title", lang))
    if year is None:
        st.info(t("area.no_assessment", lang))
    else:
        comp = facts.dimensions
        show_svg(charts.radar_svg([t(f"dim.{d}", lang) for d in DIMENSIONS], comp["score"].tolist(),
                                 comp["previous"].tolist(), year_label(year, lang), year_label(year - 1, lang), lang=lang))
        exports.radar_png(area_id, year, lang)
        st.dataframe(comp.assign(dimension_id=[t(f"dim.{d}", lang) for d in DIMENSIONS]).rename(columns={
            "dimension_id": t("col.dimension", lang), "score": year_label(year, lang),
            "previous": year_label(year - 1, lang)}).round(1), hide_index=True, width="stretch")

if year is not None:
    # what blocks the next level comes from the assessment (the computed level), as on the certification page
    st.subheader(t("area.blockers_title", lang, n=facts.next_level or 5))
    block = facts.blockers
    crit = ds.criteria.table.set_index("indicator_id")
    if facts.computed_level is not None and facts.computed_level >= 5:
        st.success(t("area.top_level", lang))
    elif block.empty:
        st.info(t("area.no_blockers", lang))
    else:
        st.dataframe(pd.DataFrame({
            t("col.indicator", lang): [f"{i} {crit.loc[i, 'indicator_' + lang]}" for i in block["indicator_id"]],
            t("col.level_tag", lang): block["level"].astype(int).tolist(),
            t("col.result", lang): [t("status." + s, lang) for s in block["status"]],
            t("col.value", lang): block["value"].tolist(),
            t("col.threshold", lang): [crit.loc[i, "threshold"] for i in block["indicator_id"]],
        }), hide_index=True, width="stretch")

    st.subheader(t("area.scorecard_title", lang, year=year_label(year, lang)))
    st.caption(t("area.criteria_note", lang, version=md(version_label(ds.criteria.version, lang))))
    card = scorecard(model, ds.criteria, area_id, year)
    tabs = st.tabs([t(f"dim.{d}", lang) for d in DIMENSIONS])
    for tab, dim in zip(tabs, DIMENSIONS):
        part = card.loc[card["dimension_id"] == dim]
        tab.dataframe(pd.DataFrame({
            t("col.aspect", lang): part["aspect_" + lang],
            t("col.indicator", lang): part["indicator_id"] + " " + part["indicator_" + lang],
            t("col.level_tag", lang): part["level"].astype(int),
            t("col.value", lang): part["value"],
            t("col.unit", lang): part["unit"].fillna(""),
            t("col.threshold", lang): part["direction"].map({"higher": "≥ ", "lower": "≤ "}) + part["threshold"].astype(str),
            t("col.result", lang): part["status"].map(lambda s: t("status." + str(s), lang)),
            t("col.score", lang): part["score"].round(0),
        }), hide_index=True, width="stretch")

    st.subheader(t("notes.title", lang))
    show_note(ds.notes, area_id, year, lang)

    st.subheader(t("area.history_title", lang))
    hist = facts.history
    show_svg(charts.level_history_svg([year_label(y, lang) for y in hist["year"]], hist["level"].tolist(),
                                     [level_colour(v, ds.level_colours) for v in hist["level"]],
                                     t("col.level", lang), marks=[uncertified_mark(s) for s in hist["status"]]))
    if any(uncertified_mark(s) for s in hist["status"]):
        st.caption(t("area.history_mark_note", lang))
    exports.history_png(area_id, lang)

if sym_reg is not None:
    st.subheader(t("sym.title", lang))
    st.caption(t("sym.caption", lang, year=year_label(sym_year, lang)))
    sym_rows = context.symbiosis_kpis(user["role"] if user else None, sym_year)
    st.html(symbiosis_view.tiles_html(kpi_items_of(sym_rows, area_id, sym_reg, lang)))
    if sym_flows.empty:
        st.info(t("sym.none", lang))
    else:
        s1, s2 = st.columns(2)
        pick_status = s1.multiselect(t("sym.col_status", lang), list(sym_reg.vocab.statuses),
                                     placeholder=t("filter.all", lang), format_func=lambda s: sym_reg.vocab.label("status", s, lang))
        pick_cat = s2.multiselect(t("sym.col_category", lang), sorted(set(sym_flows["category"])),
                                  placeholder=t("filter.all", lang), format_func=lambda c: sym_reg.vocab.label("category", c, lang))
        shown = sym_flows[(sym_flows["status_now"].isin(pick_status) | (not pick_status))
                          & (sym_flows["category"].isin(pick_cat) | (not pick_cat))]
        st.caption(t("sym.shown", lang, shown=len(shown), total=len(sym_flows)))
        if shown.empty:
            st.info(t("sym.none_filtered", lang))
        else:
            show_svg(symbiosis_view.sankey_svg(shown, lang))
            st.html(symbiosis_view.exchange_table_html(shown, sym_reg, lang, context.link_params()))
            symbiosis_downloads(shown, sym_reg, f"eit-{area_id}-{sym_year}-exchanges", lang)
    if can("import"):           # candidate exchanges from the flow records; staff record one as identified
        candidate_section(area_id, sym_year, lang)

st.subheader(t("area.factories_title", lang))
f0, f1, f2, f3, f4, f5 = st.columns([2, 1, 1, 1, 1, 1])
find = f0.text_input(t("area.factories_search", lang), key="area_factory_search", icon=":material/search:")
statuses = f1.multiselect(t("col.status", lang), [0, 1, 2, 3], format_func=lambda s: t(f"fstatus.{s}", lang),
                          placeholder=t("filter.all", lang))
comps = f2.multiselect(t("col.compliance", lang), COMPLIANCE_ORDER, format_func=lambda c: t("compliance." + c, lang),
                       placeholder=t("filter.all", lang))
gis = f3.multiselect(t("col.gi_level", lang), [0, 1, 2, 3, 4, 5],
                     format_func=lambda g: t("gi.short", lang, n=g) if g else t("gi.none", lang),
                     placeholder=t("filter.all", lang))
classes = f4.multiselect(t("col.class", lang), [1, 2, 3], placeholder=t("filter.all", lang))
isic = f5.text_input(t("col.isic_prefix", lang), max_chars=5)
chosen = filter_factories(factories, compliance, statuses, gis, classes, isic, comps)
if find.strip():
    chosen = chosen.loc[chosen["registration_no"].isin(area_matches(find, area_id))]
factory_table(chosen, compliance, lang, f"eit-{area_id}-factories")
