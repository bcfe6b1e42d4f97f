"""Executive summary (infographic): areas per level, factories developed, GI / Eco Factory / CSR-DIW counts and
the programme results recorded per year, each with its source and "data as of"."""
import plotly.graph_objects as go
import streamlit as st

from geo.colours import GI_COLOURS, level_colour
from i18n import date_label, t, year_label
from programme.registry import result_source
from scoring.certified import levels_on_record
from scoring.criteria import version_label
from scoring.summary import area_table, kpis
from scoring.targets import target_lines
from scoring.trends import programme_factory_summary
from ui import context, exports
from ui.charts import PLOTLY_CONFIG
from ui.scope import of_province, province_picker, scope_line
from ui.text import md
from ui.urlstate import url_year

context.require_router()
lang = context.lang()
ds, model = context.dataset(), context.model()
years = model.years
as_of = date_label(ds.meta.get("data_as_of", "2025-09-30"), lang)

st.title(t("summary.title", lang))
c1, c2 = st.columns(2)
year = url_year(c1, t("filter.year", lang), years, lang)
province = province_picker(c2, ds.areas, ds.provinces, lang)   # none: the whole country
areas = of_province(ds.areas, province)
scope_line(province, ds.areas, ds.provinces, lang)
exports.summary(year, lang)
if province:
    st.caption(t("scope.pdf_national", lang))
table = area_table(areas, ds.provinces, ds.factories, model, year, ds.certifications)
k = kpis(table)
fs = programme_factory_summary(areas, ds.factories, year)  # areas in the programme that year

st.markdown(f"### {t('summary.areas_title', lang, year=year_label(year, lang))}")
# Certified levels are counted apart from the levels only drafted, verified or computed (marked *).
cols = st.columns(6)
cols[0].metric(t("kpi.areas", lang), f"{k['in_programme']}/{k['areas']}")
for lv in range(1, 6):
    cols[lv].metric(t("summary.level_certified", lang, n=lv), k["per_level_certified"][lv])
uncertified = sum(k["per_level_uncertified"].values())
if uncertified:
    cols = st.columns(6)
    for lv in range(1, 6):
        cols[lv].metric(t("summary.level_uncertified", lang, n=lv), k["per_level_uncertified"][lv])
x = [t("level.short", lang, n=lv) for lv in range(1, 6)]
colours = [level_colour(lv, ds.level_colours) for lv in range(1, 6)]
fig = go.Figure([
    go.Bar(x=x, y=[k["per_level_certified"][lv] for lv in range(1, 6)], name=t("summary.col_certified", lang),
           marker={"color": colours, "line": {"color": "#333333", "width": 1}},
           text=[k["per_level_certified"][lv] or "" for lv in range(1, 6)], textposition="inside"),
    # not certified: the level's colour in stripes on white, its count above the bar
    go.Bar(x=x, y=[k["per_level_uncertified"][lv] for lv in range(1, 6)], name=t("summary.col_uncertified", lang),
           marker={"color": colours, "line": {"color": "#333333", "width": 1},
                   "pattern": {"shape": "/", "fgcolor": colours, "bgcolor": "#ffffff", "solidity": 0.45}},
           text=[k["per_level_uncertified"][lv] or "" for lv in range(1, 6)], textposition="outside", cliponaxis=False),
])
fig.update_layout(barmode="stack", height=300, margin={"l": 30, "r": 10, "t": 30, "b": 30},
                  font={"family": "Sarabun, sans-serif", "size": 15}, legend={"orientation": "h", "y": 1.15})
st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG)
if uncertified:
    st.caption(t("summary.uncertified_note", lang, n=uncertified))
for text, share in target_lines(levels_on_record(model.levels, ds.certifications), ds.targets, year, ds.areas, lang,
                                label=md):
    st.progress(share, text=text)
if province:
    st.caption(t("scope.targets_national", lang))
st.caption(t("summary.source_levels", lang, version=md(version_label(ds.criteria.version, lang)), as_of=as_of))

st.markdown(f"### {t('summary.factories_title', lang)}")
c1, c2, c3, c4 = st.columns(4)
share = f"{fs['developed'] / fs['total']:.0%}" if fs["total"] else "–"
c1.metric(t("summary.developed", lang), f"{fs['developed']:,} / {fs['total']:,}", help=share)
c2.metric(t("summary.developed_share", lang), share)
c3.metric(t("col.eco_factory", lang), f"{fs['eco_factory']:,}")
c4.metric(t("col.csr_diw", lang), f"{fs['csr_diw']:,}")
gi = go.Figure(go.Bar(x=[t("gi.name_" + str(lv), lang) for lv in range(0, 6)], y=[fs["by_gi"][lv] for lv in range(0, 6)],
                      marker_color=GI_COLOURS, text=[f"{fs['by_gi'][lv]:,}" for lv in range(0, 6)], textposition="outside"))
gi.update_layout(height=280, margin={"l": 30, "r": 10, "t": 10, "b": 30}, font={"family": "Sarabun, sans-serif", "size": 14},
                 yaxis={"title": t("summary.n_factories", lang)})
st.plotly_chart(gi, width="stretch", config=PLOTLY_CONFIG)
st.caption(t("summary.source_factories", lang, as_of=as_of))

st.markdown(f"### {t('summary.results_title', lang)}")
results = context.programme_results()
if results.empty:
    st.info(t("summary.no_results", lang))
elif province:
    st.caption(t("scope.results_national", lang))
for y in sorted(results["year_be"].unique(), reverse=True):
    part = results.loc[results["year_be"] == y]
    st.markdown(f"**{year_label(y, lang)}**")
    cols = st.columns(max(len(part), 1))
    for col, (_, r) in zip(cols, part.iterrows()):
        qual = t("summary.qualifier_" + r["qualifier"], lang) if r["qualifier"] else ""
        col.metric(md(r[f"label_{lang}"]), f"{qual}{r['value']:,g} {md(r[f'unit_{lang}']) if r[f'unit_{lang}'] else ''}".strip())
    sources = md("; ".join(sorted({result_source(r, lang) for _, r in part.iterrows()})))
    st.caption(t("summary.source_results", lang, source=sources, as_of=date_label(part["data_as_of"].max(), lang)))
