"""Year on year: level changes between two years on a map, levels per year, progress toward the targets, and the
symbiosis exchanges that started operating or ended in the later year."""
import plotly.graph_objects as go
import streamlit as st

from geo.colours import BELOW_LEVEL_1, CHANGE_COLOURS, level_colour
from geo.layers import area_id_from_tooltip
from geo.maps import Basemap
from geo.mapviews import change_map
from i18n import t, year_label
from scoring.certified import levels_on_record
from scoring.targets import target_lines
from scoring.trends import CHANGES, level_changes, level_distribution, target_trajectory
from symbiosis.views import change_rows, seen_register
from symbiosis.yearly import change_counts, year_changes
from ui import context
from ui.auth import current_user
from ui.charts import PLOTLY_CONFIG
from ui.maps import legend, show_map
from ui.scope import of_province, province_picker, scope_line
from ui.tables import simple_table_html
from ui.text import md
from ui.urlstate import url_selectbox, url_year

context.require_router()
lang = context.lang()
ds, model, layers = context.dataset(), context.model(), context.layers()
years = model.years

st.title(t("trends.title", lang))
c1, c2, c3 = st.columns(3)
year_to = url_year(c2, t("trends.year_to", lang), years, lang)
before = [y for y in years if y < year_to] or [year_to]
year_from = url_selectbox(c1, t("trends.year_from", lang), before[::-1], "from", default=before[-1],
                          format_func=lambda y: year_label(y, lang))
province = province_picker(c3, ds.areas, ds.provinces, lang)   # none: the whole country
areas = of_province(ds.areas, province)
scope_line(province, ds.areas, ds.provinces, lang)

changes = level_changes(areas, model.levels, year_from, year_to)
counts = changes["change"].value_counts()
cols = st.columns(len(CHANGES))
for col, c in zip(cols, CHANGES):
    col.metric(t("change." + c, lang), int(counts.get(c, 0)))

left, right = st.columns([1, 1])
with left:
    st.subheader(t("trends.map_title", lang, a=year_label(year_from, lang), b=year_label(year_to, lang)))
    clicked = show_map(change_map(layers, areas, changes, lang, Basemap.from_env()), key="change_map", height=560)
    legend([(CHANGE_COLOURS[c], t("change." + c, lang)) for c in CHANGES], t("trends.legend", lang))
    target = area_id_from_tooltip(clicked, set(areas["area_id"]))
    if target:
        st.switch_page("pages/area.py", query_params=context.link_params(area=target, year=year_to))
with right:
    st.subheader(t("trends.distribution_title", lang))
    dist = level_distribution(model.levels.loc[model.levels["area_id"].isin(areas["area_id"])])
    fig = go.Figure()
    for lv in range(0, 6):
        part = dist.loc[dist["level"] == lv]
        name = t("level.below1", lang) if lv == 0 else t("level.short", lang, n=lv)
        fig.add_bar(x=[year_label(y, lang) for y in part["year"]], y=part["n"], name=name,
                    marker_color=level_colour(lv, ds.level_colours, below_1=BELOW_LEVEL_1))
    fig.update_layout(barmode="stack", height=330, margin={"l": 30, "r": 10, "t": 10, "b": 30},
                      font={"family": "Sarabun, sans-serif", "size": 14}, legend={"orientation": "h", "y": -0.2})
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG)

    st.subheader(t("trends.targets_title", lang))
    if province:
        st.caption(t("scope.targets_national", lang))
    on_record = levels_on_record(model.levels, ds.certifications)
    traj = target_trajectory(on_record, ds.targets, ds.areas)
    fig2 = go.Figure()
    for _, tg in ds.targets.iterrows():
        part = traj.loc[traj["target_id"] == tg["target_id"]]
        label = tg[f"label_{lang}"]  # a Plotly legend entry: plain text
        fig2.add_scatter(x=[year_label(y, lang) for y in part["year"]], y=part["reached"], mode="lines+markers",
                         name=label)
    fig2.update_layout(height=300, margin={"l": 30, "r": 10, "t": 10, "b": 30}, yaxis={"title": t("trends.n_areas", lang)},
                       font={"family": "Sarabun, sans-serif", "size": 14}, legend={"orientation": "h", "y": -0.25})
    st.plotly_chart(fig2, width="stretch", config=PLOTLY_CONFIG)
    for text, _ in target_lines(on_record, ds.targets, year_to, ds.areas, lang, label=md):
        st.markdown("- " + text)

# Industrial symbiosis year on year: the exchanges (the reader may see) that started operating or ended in the
# "to" year, by the status dates of the register (symbiosis.yearly).
if ds.symbiosis is not None:
    sym_seen = seen_register(ds.symbiosis, (current_user() or {}).get("role"))
    sym_changes = year_changes(sym_seen.exchanges, sym_seen.history, year_to)
    sym_changes = sym_changes.loc[sym_changes["area_id"].isin(areas["area_id"])] if province else sym_changes
    st.subheader(t("trends.sym_title", lang, year=year_label(year_to, lang)))
    counts = change_counts(sym_changes)
    s1, s2 = st.columns(2)
    s1.metric(t("trends.sym_started", lang), f"{counts['started']:,}")
    s2.metric(t("trends.sym_ended", lang), f"{counts['ended']:,}")
    if sym_changes.empty:
        st.info(t("trends.sym_none", lang, year=year_label(year_to, lang)))
    else:
        heads, rows = change_rows(sym_changes, sym_seen, ds.factories,
                                  dict(zip(ds.areas["area_id"], ds.areas[f"name_{lang}"])), lang)
        st.caption(t("trends.sym_caption", lang, shown=len(rows), total=len(sym_changes)))
        st.html(simple_table_html(heads, rows, "symbiosis-changes"))
