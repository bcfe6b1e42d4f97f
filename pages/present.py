"""Presentation mode for committee meetings: large type, one area at a time, ← → to step through the areas
of the current filter."""
import pandas as pd
import streamlit as st

from common.thai import sorted_thai
from geo.colours import COMPLIANCE_COLOURS
from geo.maps import Basemap
from geo.mapviews import area_map
from i18n import t, year_label
from scoring.area_facts import area_year_facts
from scoring.certified import certification_of, pending_areas
from scoring.factories import COMPLIANCE_ORDER
from scoring.presentation import deck_order, what_changed
from scoring.summary import DIMENSIONS, area_table, filter_areas
from symbiosis.kpis import area_kpis
from symbiosis.views import seen_register
from symbiosis.yearly import change_counts, year_changes
from ui import charts, context
from ui.auth import current_user
from ui.maps import legend, show_map
from ui.notes import show_note
from ui.svg import show_svg
from ui.tables import big_numbers_html
from ui.text import md
from ui.urlstate import url_selectbox, url_year

context.require_router()
lang = context.lang()
ds, model, layers = context.dataset(), context.model(), context.layers()
years = model.years
prov = ds.provinces.set_index("code")

# Large type, no sidebar or toolbar: the screen belongs to the area on show (F11 makes the browser full screen).
# One step fits one 1920×1080 screen: compact spacing, body text ≥ 20 px, the map does not take the keyboard
# focus (a click on it leaves ← → working).
st.html("""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display:none}
.block-container, [data-testid="stMainBlockContainer"] {padding-top:0.5rem; padding-bottom:0.5rem; max-width:100%}
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li {font-size:1.3rem; line-height:1.4}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {gap:0.45rem}
[data-testid="stMainBlockContainer"] h1 {font-size:2.3rem; line-height:1.35; padding:0.2rem 0 0.2rem 0}
[data-testid="stMainBlockContainer"] h3 {font-size:1.5rem; line-height:1.4; padding:0.3rem 0 0.3rem 0}
/* the line under the area's name and the committee's notes: ≥ 20 px, dark enough to read projected (≥ 4.5:1) */
[data-testid="stCaptionContainer"] p {font-size:1.25rem; line-height:1.4; color:#3d3f4a}
[data-testid="stText"], [data-testid="stText"] * {font-size:1.25rem !important; line-height:1.4; color:#262730}
/* A laptop screen (1366×768): the same step, scaled down to fit without scrolling. */
@media (max-height: 820px) { [data-testid="stMainBlockContainer"] { zoom: 0.7; } }
[data-testid="stAlert"] p {font-size:1.05rem !important}
[data-testid="stAlert"] > div {padding-top:0.35rem; padding-bottom:0.35rem}
[data-testid="stExpander"] summary {padding-top:0.2rem; padding-bottom:0.2rem}
hr {margin:0.4rem 0 !important}
iframe[title="streamlit_folium.st_folium"] {pointer-events:none}
.eit-legend {font-size:1.1rem}
[data-testid="stMainBlockContainer"] > div > [data-testid="stVerticalBlock"] > div:last-child [data-testid="stCaptionContainer"] p,
hr + div [data-testid="stCaptionContainer"] p {font-size:0.75rem; line-height:1.2; color:#595959}
</style>""")

provinces = sorted_thai(ds.areas["province_code"].unique(), key=lambda c: prov.loc[c, f"name_{lang}"])
SHOW = ["all", "pending"]


def areas_shown(year: int, province: str | None, level: int | None, pending: str) -> list[str]:
    """The areas the meeting steps through, in order. The level is the level on record (scoring.certified), as
    on the national page: ?level= means the same on both."""
    table = filter_areas(area_table(ds.areas, ds.provinces, ds.factories, model, year, ds.certifications),
                         province=province, level=level)
    if pending == "pending":
        table = table.loc[table["area_id"].isin(pending_areas(ds.certifications, year))]
    return deck_order(table, lang)


def _url_choice(key: str, options: list, default=None):
    raw = st.query_params.get(key)
    return next((o for o in options if str(o) == raw), default)


# The settings start folded once an area is shown, so that the first step fits the screen like the others;
# they open by themselves only when the filter of the link shows no area.
folded = bool(years) and bool(areas_shown(_url_choice("year", years, max(years or [0])), _url_choice("province", provinces),
                                          _url_choice("level", [1, 2, 3, 4, 5]), _url_choice("show", SHOW, "all")))
with st.expander(t("present.settings", lang), expanded=not folded):
    c1, c2, c3, c4 = st.columns(4)
    year = url_year(c1, t("filter.year", lang), years, lang)
    province = url_selectbox(c2, t("filter.province", lang), provinces, "province", placeholder=t("filter.all", lang),
                             format_func=lambda c: prov.loc[c, f"name_{lang}"])
    level = url_selectbox(c3, t("filter.level", lang), [1, 2, 3, 4, 5], "level", placeholder=t("filter.all", lang))
    pending = url_selectbox(c4, t("present.which", lang), SHOW, "show", default="all",
                            format_func=lambda k: t("present.which_" + k, lang))
    st.caption(t("present.keys", lang))
    st.page_link("pages/national.py", label=t("present.exit", lang), icon=":material/close:",
                 query_params=context.link_params(year=year))

order = areas_shown(year, province, level, pending)
if not order:
    st.info(t("present.empty", lang))
    st.stop()

# The area on screen is named by its id in the URL (?area=), so that it stays on screen when the language (and
# with it the order of the names) changes; ?i= (its place in the list) is the fallback of older links.
if st.query_params.get("area") in order:
    i = order.index(st.query_params["area"]) + 1
else:
    i = min(max(context.query_int("i") or 1, 1), len(order))
st.query_params["area"], st.query_params["i"] = order[i - 1], str(i)


def go(step: int) -> None:
    j = min(max(i + step, 1), len(order))
    st.query_params["i"], st.query_params["area"] = str(j), order[j - 1]


def switch_language() -> None:
    """The language toggle of presentation mode (the sidebar, which holds the usual one, is hidden here)."""
    other = "en" if lang == "th" else "th"
    st.session_state["url_lang"] = other
    st.query_params["lang"] = other


nav = st.columns([1, 5, 1, 1])
nav[0].button(t("present.prev", lang), icon=":material/arrow_back:", on_click=go, args=(-1,), shortcut="Left",
              disabled=i <= 1, width="stretch")
nav[2].button(t("present.next", lang), icon=":material/arrow_forward:", on_click=go, args=(1,), shortcut="Right",
              disabled=i >= len(order), width="stretch")
nav[3].button("English" if lang == "th" else "ไทย", icon=":material/translate:", on_click=switch_language,
              width="stretch", key="present_lang")
nav[1].progress(i / len(order), text=t("present.position", lang, i=i, n=len(order)))

area_id = order[i - 1]
area = ds.areas.set_index("area_id", drop=False).loc[area_id]
# symbiosis, on the caption line (the step keeps to one screen): exchanges operating at the end of the year, and
# those that started operating or ended in it, as the reader may see them
sym_line = ""
if ds.symbiosis is not None:
    sym_seen = seen_register(ds.symbiosis, (current_user() or {}).get("role"))
    sym_kpis = area_kpis(sym_seen, ds.factories, year)
    sym_counts = change_counts(year_changes(sym_seen.exchanges, sym_seen.history, year), area_id)
    sym_line = " · " + t("present.sym_line", lang, n=int(sym_kpis["n_operating"].get(area_id, 0)), **sym_counts)

st.title(md(area[f"name_{lang}"]))
st.caption(f"{md(prov.loc[area['province_code'], f'name_{lang}'])} · {year_label(year, lang)}" + sym_line)

# the area's facts for the year (scoring.area_facts), as on the area page, in its PDF and on its slide
facts = area_year_facts(ds, model, area_id, year)
level_now = facts.computed_level
level_prev = facts.previous_level
cert = certification_of(ds.certifications, area_id, year)
change = "" if level_now is None or level_prev is None else f" ({level_now - level_prev:+d})"
crit = ds.criteria.table.set_index("indicator_id")
MAX_LINES = 2   # list lines per box on screen (one step fits 1920×1080); the rest are counted (the area page lists them all)

left, middle, right = st.columns([0.85, 1.05, 1.1])
with left:
    st.html(big_numbers_html([
        (t("present.level_prev", lang, year=year_label(year - 1, lang)),
         # the year before as shown (on record); one not certified says so
         "–" if level_prev is None else str(level_prev) + ("" if facts.previous_status == "certified" else
                                                            f" ({t('cert.short_' + facts.previous_status, lang)})")),
        (t("present.level_proposed", lang), ("–" if level_now is None else str(level_now)) + change),
        # "Certified level" only for a certified record; a draft or verified one is the level on record.
        (t("present.cert_level" if cert is not None and cert["status"] == "certified" else "present.recorded_level",
           lang), "–" if cert is None else str(int(cert["level"]))),
        (t("present.cert_status", lang), t("cert." + (cert["status"] if cert else "none"), lang)),
    ], vertical=True))
with middle:
    comp = facts.dimensions
    show_svg(charts.radar_svg([t(f"dim.{d}", lang) for d in DIMENSIONS], comp["score"].tolist(),
                             comp["previous"].tolist(), year_label(year, lang), year_label(year - 1, lang),
                             large=True, lang=lang))
with right:
    factories = ds.factories.loc[ds.factories["area_id"] == area_id]
    show_map(area_map(layers, area, factories, facts.compliance, lang, Basemap.from_env()),
             key=f"present_map_{area_id}", height=315, clickable=False)
    counts = facts.compliance_counts
    legend([(COMPLIANCE_COLOURS[c], f"{t('compliance.' + c, lang)} ({counts[c]:,})") for c in COMPLIANCE_ORDER],
           t("col.compliance", lang))


def _lines(items: list[str]) -> None:
    for line in items[:MAX_LINES]:
        st.markdown(line)
    if len(items) > MAX_LINES:
        st.markdown(t("present.more", lang, n=len(items) - MAX_LINES))


c1, c2, c3 = st.columns(3)
with c1:
    st.subheader(t("present.changed", lang))
    changed = what_changed(model, area_id, year)
    delta = (comp["score"] - comp["previous"]).round(0)
    st.markdown(" · ".join(f"{t(f'dim.{d}', lang)} **{'–' if pd.isna(sc) else f'{sc:.0f}'}**"
                           f" ({'–' if pd.isna(dl) else f'{dl:+.0f}'})"
                           for d, sc, dl in zip(DIMENSIONS, comp["score"], delta)))
    if changed.empty:
        st.markdown(t("present.no_change", lang))
    _lines([f"{':green[:material/check_circle:]' if r['change'] == 'passed' else ':red[:material/cancel:]'} "
            f"{t('present.change_' + r['change'], lang)}: {md(crit.loc[r['indicator_id'], 'indicator_' + lang])} "
            f"({t('level.short', lang, n=r['level'])})" for _, r in changed.iterrows()])
with c2:
    block = facts.blockers
    if level_now is not None and level_now < 5 and not block.empty:
        st.subheader(t("area.blockers_title", lang, n=level_now + 1))
        _lines([f"- {md(crit.loc[ind, 'indicator_' + lang])}" for ind in block["indicator_id"]])
    else:
        st.subheader(t("present.no_blockers_title", lang))
        st.markdown(t("present.no_blockers", lang))
with c3:
    st.subheader(t("notes.title", lang))
    show_note(ds.notes, area_id, year, lang, limit=220)
