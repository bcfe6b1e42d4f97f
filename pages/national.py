"""National page: all areas on one map, coloured by level or a dimension score, with KPIs and the area table."""
import streamlit as st

from common.thai import sorted_thai
from geo.layers import area_id_from_tooltip
from geo.maps import Basemap
from geo.mapviews import national_legend, national_map
from i18n import t
from scoring.certified import levels_on_record
from scoring.movers import certification_tally, year_change
from scoring.summary import DIMENSIONS, area_table, filter_areas, kpis
from scoring.targets import target_lines
from ui import context, exports, factory_layer
from ui.auth import current_user
from ui.maps import legend, no_tiles_note, show_map
from ui.overview import glance_html
from ui.search import search_box
from ui.symbiosis import national_line
from ui.tables import area_table_html
from ui.text import md
from ui.urlstate import apply_remembered, remember_checkbox, url_selectbox, url_year

context.require_router()
lang = context.lang()
ds, model, layers = context.dataset(), context.model(), context.layers()
years = model.years
prov = ds.provinces.set_index("code")
area_provinces = sorted_thai(ds.areas["province_code"].unique(), key=lambda c: prov.loc[c, f"name_{lang}"])

title_col, search_col = st.columns([3, 2])
title_col.title(t("national.title", lang))
search_box(lang, search_col)            # find a factory anywhere in the registry
c1, c2, c3, c4, c5, c6 = st.columns([1.4, 1.3, 0.9, 1.1, 0.7, 0.7])   # the year reads whole in English at 1366
year = url_year(c1, t("filter.year", lang), years, lang)
colour_keys = ["level", *DIMENSIONS] + (["symbiosis"] if ds.symbiosis is not None else [])
colour_by = url_selectbox(c2, t("filter.colour_by", lang), colour_keys, "colour", default="level",
                          format_func=lambda k: t(f"colour.{k}", lang) if k in ("level", "symbiosis") else t(f"dim.{k}", lang))
region = url_selectbox(c3, t("filter.region", lang), list(ds.regions["region_id"]), "region",
                       placeholder=t("filter.all", lang),
                       format_func=lambda r: ds.regions.set_index("region_id").loc[r, f"name_{lang}"])
province_options = factory_layer.province_options(ds, area_provinces, lang)
apply_remembered("province", province_options)   # "my province", remembered by this browser (ui.urlstate)
province = url_selectbox(c4, t("filter.province", lang), province_options,
                         "province", placeholder=t("filter.all", lang),
                         format_func=lambda c: prov.loc[c, f"name_{lang}"])
if province:
    remember_checkbox(c4, t("filter.my_province", lang), "province", province, help=t("filter.my_province_help", lang))
phase = url_selectbox(c5, t("filter.phase", lang), [int(p) for p in sorted(ds.areas["phase"].astype(int).unique())],
                      "phase", placeholder=t("filter.all", lang))
level = url_selectbox(c6, t("filter.level", lang), [1, 2, 3, 4, 5], "level", placeholder=t("filter.all", lang))
registry = factory_layer.controls(ds, lang, region, province)     # the factory layer (None: off)

table = area_table(ds.areas, ds.provinces, ds.factories, model, year, ds.certifications)
shown = filter_areas(table, region=region, province=province, phase=phase, level=level)
if ds.symbiosis is not None:     # operating exchanges per area, as the reader may see them
    user = current_user()
    sym = context.symbiosis_kpis(user["role"] if user else None, year)
    shown = shown.assign(symbiosis=shown["area_id"].map(sym["n_operating"]).fillna(0).astype(int).to_numpy())

# This year at a glance (scoring.movers), above the fold: the areas of the filter up / same / down against the
# year before with the movers, and how many are not certified; then where each target stands.
on_record = levels_on_record(model.levels, ds.certifications)
in_scope = shown.loc[shown["in_programme"]]
st.html(glance_html(year_change(on_record, in_scope, year, f"name_{lang}"),
                    certification_tally(on_record, in_scope["area_id"], year),
                    in_scope.set_index("area_id")[f"name_{lang}"], lang, context.link_params(year=year),
                    present_link=context.link_params(year=year, colour=None)))
# Targets are national: judged at their deadline, on the levels on record; with a filter on, they say so.
scope = t("target.scope_national", lang) if (region or province or phase or level is not None) else None
progress = target_lines(on_record, ds.targets, year, ds.areas, lang, scope, label=md)
for col, (text, share) in zip(st.columns(len(progress) or 1), progress):
    col.progress(share, text=text)

# KPI tiles
k = kpis(shown)
cols = st.columns(7)
cols[0].metric(t("kpi.areas", lang), f"{k['in_programme']}/{k['areas']}", help=t("kpi.areas_help", lang))
for lv in range(1, 6):
    cols[lv].metric(t("level.short", lang, n=lv), k["per_level"][lv])
share = "–" if k["developed_share"] is None else f"{k['developed_share']:.0%}"
cols[6].metric(t("kpi.factories", lang), f"{k['factories']:,}", help=t("kpi.developed_help", lang))
unverified = int((shown["in_programme"] & shown["level"].notna() & (shown["level_status"] != "certified")).sum())
if unverified:
    st.caption(t("national.unverified_note", lang, n=unverified))
st.caption(t("kpi.developed_line", lang, developed=f"{k['developed']:,}", total=f"{k['factories']:,}", share=share))
if ds.symbiosis is not None:
    st.caption(national_line(sym.reindex(shown["area_id"]), lang))

# Map and its legend
basemap = Basemap.from_env()
m = national_map(layers, shown, colour_by, lang, ds.level_colours,
                 zoom_to_rows=bool(province or region or phase or level is not None), basemap=basemap,
                 factories=registry, bounds=factory_layer.bounds(layers, province) if registry is not None else None)

left, right = st.columns([1, 1])
with left:
    clicked = show_map(m, key="national_map", height=600)
    title, items, note = national_legend(shown, colour_by, lang, ds.levels)
    legend(items, title)
    if note:
        st.caption(note)
    no_tiles_note(lang, bool(basemap.url))
    target = area_id_from_tooltip(clicked, set(shown["area_id"]))
    if target:
        st.switch_page("pages/area.py", query_params=context.link_params(area=target, year=year))
    factory_layer.after_map(registry, clicked, lang)
    factory_layer.district_table(ds, registry, province, lang)
with right:
    st.subheader(t("national.table_title", lang))
    sort = st.query_params.get("sort", "province")
    desc = st.query_params.get("desc", "0") == "1"
    filters = {"region": region, "province": province, "phase": phase, "level": level, "colour": colour_by}
    base = context.link_params(year=year)
    with st.popover(t("export.menu", lang), icon=":material/download:"):
        exports.national(shown, year, province, colour_by, lang)
    st.html('<div style="max-height:640px;overflow:auto">' + area_table_html(shown, lang, ds.level_colours, year, sort, desc,
                            {**base, **{k2: str(v) for k2, v in filters.items() if v is not None}}) + "</div>")
