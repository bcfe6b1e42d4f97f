"""Presentation mode for committee meetings: large type, one area at a time, ← → to step through the areas
of the current filter."""
import pandas as pd
import streamlit as st

from common.thai import sorted_thai
from geo.maps import Basemap
from geo.mapviews import area_map
from i18n import t, year_label
from scoring.certified import certification_of, pending_areas
from scoring.factories import compliance_in
from scoring.presentation import deck_order, what_changed
from scoring.summary import DIMENSIONS, area_table, blockers, dimension_comparison, filter_areas, level_in
from ui import charts, context
from ui.maps import show_map
from ui.notes import show_note
from ui.tables import big_numbers_html
from ui.text import md
from ui.urlstate import url_selectbox, url_year

context.require_router()
lang = context.lang()
ds, model, layers = context.dataset(), context.model(), context.layers()
years = model.years
prov = ds.provinces.set_index("code")

# Large type, no sidebar or toolbar: the screen belongs to the area on show (F11 makes the browser full screen).
st.html("""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display:none}
.block-container, [data-testid="stMainBlockContainer"] {padding-top:1rem; max-width:100%}
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li {font-size:1.35rem}
</style>""")

with st.expander(t("present.settings", lang), expanded=not st.query_params.get("i")):
    c1, c2, c3, c4 = st.columns(4)
    year = url_year(c1, t("filter.year", lang), years, lang)
    provinces = sorted_thai(ds.areas["province_code"].unique(), key=lambda c: prov.loc[c, f"name_{lang}"])
    province = url_selectbox(c2, t("filter.province", lang), provinces, "province", placeholder=t("filter.all", lang),
                             format_func=lambda c: prov.loc[c, f"name_{lang}"])
    level = url_selectbox(c3, t("filter.level", lang), [1, 2, 3, 4, 5], "level", placeholder=t("filter.all", lang))
    pending = url_selectbox(c4, t("present.which", lang), ["all", "pending"], "show", default="all",
                            format_func=lambda k: t("present.which_" + k, lang))
    st.caption(t("present.keys", lang))
    st.page_link("pages/national.py", label=t("present.exit", lang), icon=":material/close:",
                 query_params=context.link_params(year=year))

# The level on record (scoring.certified), as on the national page: ?level= means the same on both.
table = filter_areas(area_table(ds.areas, ds.provinces, ds.factories, model, year, ds.certifications),
                     province=province, level=level)
if pending == "pending":
    table = table.loc[table["area_id"].isin(pending_areas(ds.certifications, year))]
order = deck_order(table, lang)
if not order:
    st.info(t("present.empty", lang))
    st.stop()

i = context.query_int("i") or 1
i = min(max(i, 1), len(order))


def go(step: int) -> None:
    st.query_params["i"] = str(min(max(i + step, 1), len(order)))


nav = st.columns([1, 6, 1])
nav[0].button(t("present.prev", lang), icon=":material/arrow_back:", on_click=go, args=(-1,), shortcut="Left",
              disabled=i <= 1, width="stretch")
nav[2].button(t("present.next", lang), icon=":material/arrow_forward:", on_click=go, args=(1,), shortcut="Right",
              disabled=i >= len(order), width="stretch")
nav[1].progress(i / len(order), text=t("present.position", lang, i=i, n=len(order)))

area_id = order[i - 1]
area = ds.areas.set_index("area_id", drop=False).loc[area_id]
st.title(md(area[f"name_{lang}"]))
st.caption(f"{md(prov.loc[area['province_code'], f'name_{lang}'])} · {year_label(year, lang)} · {md(area_id)}")

level_now = level_in(model, area_id, year)
level_prev = level_in(model, area_id, year - 1)
cert = certification_of(ds.certifications, area_id, year)
change = "" if level_now is None or level_prev is None else f" ({level_now - level_prev:+d})"
st.html(big_numbers_html([
    (t("present.level_prev", lang, year=year_label(year - 1, lang)), "–" if level_prev is None else str(level_prev)),
    (t("present.level_proposed", lang), ("–" if level_now is None else str(level_now)) + change),
    # "Certified level" only for a certified record; a draft or verified one is the level on record.
    (t("present.cert_level" if cert is not None and cert["status"] == "certified" else "present.recorded_level", lang),
     "–" if cert is None else str(int(cert["level"]))),
    (t("present.cert_status", lang), t("cert." + (cert["status"] if cert else "none"), lang)),
]))

left, right = st.columns([1, 1])
with left:
    comp = dimension_comparison(model, area_id, year)
    st.plotly_chart(charts.radar([t(f"dim.{d}", lang) for d in DIMENSIONS], comp["score"].tolist(),
                                 comp["previous"].tolist(), year_label(year, lang), year_label(year - 1, lang)),
                    width="stretch", config=charts.PLOTLY_CONFIG)
    delta = (comp["score"] - comp["previous"]).round(0)
    st.markdown(" · ".join(f"{t(f'dim.{d}', lang)} **{'–' if pd.isna(s) else f'{s:.0f}'}**"
                           f" ({'–' if pd.isna(dl) else f'{dl:+.0f}'})"
                           for d, s, dl in zip(DIMENSIONS, comp["score"], delta)))
with right:
    factories = ds.factories.loc[ds.factories["area_id"] == area_id]
    show_map(area_map(layers, area, factories, compliance_in(ds.history, year), lang, Basemap.from_env()),
             key=f"present_map_{area_id}", height=420, clickable=False)

crit = ds.criteria.table.set_index("indicator_id")
c1, c2 = st.columns(2)
with c1:
    st.subheader(t("present.changed", lang))
    changed = what_changed(model, area_id, year)
    if changed.empty:
        st.markdown(t("present.no_change", lang))
    for _, r in changed.iterrows():
        mark = ":green[:material/check_circle:]" if r["change"] == "passed" else ":red[:material/cancel:]"
        st.markdown(f"{mark} {t('present.change_' + r['change'], lang)}: {md(r['indicator_id'])} "
                    f"{md(crit.loc[r['indicator_id'], 'indicator_' + lang])} ({t('level.short', lang, n=r['level'])})")
    block = blockers(model, area_id, year)
    if level_now is not None and level_now < 5 and not block.empty:
        st.subheader(t("area.blockers_title", lang, n=level_now + 1))
        for ind in block["indicator_id"]:
            st.markdown(f"- {md(ind)} {md(crit.loc[ind, 'indicator_' + lang])}")
with c2:
    st.subheader(t("notes.title", lang))
    show_note(ds.notes, area_id, year, lang)
