"""What every page shows around its content: the demo-data banner, load errors, the attribution footer."""
from __future__ import annotations

import streamlit as st

from common.errors import DataError, message_of
from i18n import date_label, t
from programme.dataset import unscored_summary
from programme.provenance import boundary_attribution
from scoring.criteria import version_label
from ui import context
from ui.text import md

#: Printing a page (or "save as PDF" from the browser): no sidebar, toolbar or header; charts, maps and tables are
#: kept whole across page breaks; the map does not float over the table. A4 portrait is narrower than the screen the
#: page was drawn on, and a plotly chart keeps the width it was drawn at: on paper each chart's layers are scaled to
#: the page's width (:data:`PRINT_SCRIPT` gives them the view box that makes them scale), the drawn charts lose their
#: smallest on-screen width, and the map takes the page's whole width above the table that follows it. A table in a
#: scrolling box prints whole, its rows breaking across pages (the header repeated) and a heading kept with it.
PRINT_CSS = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stStatusWidget"], [data-testid="stDecoration"] { display: none !important; }
  [data-testid="stMain"], [data-testid="stAppViewContainer"] { margin-left: 0 !important; padding-left: 0 !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0 !important; }
  [data-testid="stPlotlyChart"], [data-testid="stIFrame"], iframe, table, [data-testid="stMetric"],
  [data-testid="stHorizontalBlock"] { break-inside: avoid; page-break-inside: avoid; }
  [data-testid="stHorizontalBlock"] { flex-wrap: wrap !important; }
  [data-testid="stDownloadButton"], [data-testid="stPopover"], button { display: none !important; }
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) { flex: 0 0 auto !important; height: auto !important; }
  [data-testid="stFullScreenFrame"]:has([data-testid="stPlotlyChart"]), [data-testid="stPlotlyChart"], .js-plotly-plot,
  .js-plotly-plot .plot-container, .js-plotly-plot .svg-container {
    width: 100% !important; max-width: 100% !important; height: auto !important; }
  .js-plotly-plot .svg-container > svg.main-svg { width: 100% !important; height: auto !important; }
  .js-plotly-plot .svg-container > svg.main-svg:first-of-type { position: relative !important; display: block; }
  .js-plotly-plot .modebar-container { display: none !important; }
  .eit-chart { overflow: visible !important; max-width: 100% !important; break-inside: avoid; }
  .eit-chart svg { min-width: 0 !important; max-width: 100% !important; height: auto; }
  [data-testid="stHorizontalBlock"]:has(iframe[title="streamlit_folium.st_folium"]) {
    display: block !important; break-inside: auto; page-break-inside: auto; }
  [data-testid="stHorizontalBlock"]:has(iframe[title="streamlit_folium.st_folium"]) > [data-testid="stColumn"] {
    display: block !important; width: 100% !important; min-width: 100% !important; max-width: 100% !important; }
  iframe[title="streamlit_folium.st_folium"] { display: block; width: 100% !important; max-width: 100% !important;
    margin-bottom: 1rem; }
  [style*="max-height"] { max-height: none !important; overflow: visible !important; }
  table.eit-table { break-inside: auto; page-break-inside: auto; }
  table.eit-table thead { display: table-header-group; }
  table.eit-table tr { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
}
</style>"""

#: Before printing, each plotly chart's layers get a view box of the size they were drawn at, so that the print
#: stylesheet can scale them to the page; after printing the view boxes go (on screen plotly redraws at new sizes).
PRINT_SCRIPT = """<script>(() => {
  const layers = () => document.querySelectorAll('.js-plotly-plot .svg-container > svg.main-svg');
  const fit = () => layers().forEach(s => {
    const w = s.getAttribute('width'), h = s.getAttribute('height');
    if (w && h) s.setAttribute('viewBox', `0 0 ${w} ${h}`);
  });
  const unfit = () => layers().forEach(s => s.removeAttribute('viewBox'));
  if (window.eitPrintFit) return;  // the listeners are set once per document
  window.eitPrintFit = true;
  window.addEventListener('beforeprint', fit);
  window.addEventListener('afterprint', unfit);
  window.matchMedia('print').addEventListener('change', e => (e.matches ? fit : unfit)());
})();</script>"""


def uploader_css(lang: str) -> str:
    """Streamlit's file uploader speaks English of its own ("Upload", "200MB per file • CSV"): on a Thai page its
    button reads in Thai and its size line is hidden (each page states its own rule beside the uploader)."""
    label = t("upload.choose", lang).replace("\\", "").replace('"', "")
    return ("<style>\n"
            '[data-testid="stFileUploaderDropzoneInstructions"] { display: none !important; }\n'
            '[data-testid="stFileUploaderDropzone"] button > * { display: none !important; }\n'
            f'[data-testid="stFileUploaderDropzone"] button::after {{ content: "{label}"; }}\n'
            "</style>")


#: On every page: a KPI tile's title wraps onto a second line instead of being cut off ("Areas in pro…" at 1366 px
#: in English).
SCREEN_CSS = """<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto !important; }
</style>"""


#: Captions and quotes in a darker grey than Streamlit's (3.9:1 on white): 7.3:1 on white, 6.5:1 on the sidebar's
#: grey, so that small print reaches WCAG's 4.5:1. On a phone a wide table scrolls inside itself, not the page.
A11Y_CSS = """<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, blockquote, blockquote p {
  color: #575653 !important; opacity: 1 !important; }
@media (max-width: 640px) { table.eit-table { display: block; max-width: 100%; overflow-x: auto; } }
</style>"""

#: Streamlit serves one index.html declaring ``lang="en"``; this small script declares the language the page shows
#: (screen readers pick their voice by it) and names every map frame in that language (kept on a rerun or a new
#: map by an observer), and lets the map frame be zoomed. The frame's ``title`` stays as Streamlit sets it (the tests
#: find the map by it); its accessible name is the label.
LANG_SCRIPT = """<script>(() => {{
  const doc = window.document, name = {name};
  doc.documentElement.lang = {lang};
  const zoomable = (f) => {{  // the map's own page forbids pinch-zoom (user-scalable=no): allow it
    const meta = f.contentDocument && f.contentDocument.querySelector('meta[name="viewport"]');
    if (meta && /user-scalable=no|maximum-scale/.test(meta.content)) meta.content = 'width=device-width, initial-scale=1';
  }};
  const label = () => doc.querySelectorAll('iframe[title="streamlit_folium.st_folium"]').forEach(f => {{
    if (f.getAttribute('aria-label') !== name) f.setAttribute('aria-label', name);
    zoomable(f);
    if (!f.eitWatched && f.contentDocument) {{
      f.eitWatched = true;
      new MutationObserver(() => zoomable(f)).observe(f.contentDocument, {{childList: true, subtree: true}});
      f.addEventListener('load', () => {{ f.eitWatched = false; label(); }}, {{once: true}});
    }}
  }});
  label();
  if (window.eitFrameNames) window.eitFrameNames.disconnect();
  window.eitFrameNames = new MutationObserver(label);
  window.eitFrameNames.observe(doc.body, {{childList: true, subtree: true}});
}})();</script>"""


def language_script(lang: str) -> str:
    """The script that declares the page's language on the document and names the map frames in it."""
    import json

    return LANG_SCRIPT.format(lang=json.dumps(lang), name=json.dumps(t("map.frame_title", lang), ensure_ascii=False))


def page_top(lang: str) -> None:
    # one element for every style and script of the page's frame (each element of its own takes a line of height)
    styles = PRINT_CSS + SCREEN_CSS + A11Y_CSS + (uploader_css(lang) if lang == "th" else "")
    st.html(styles + PRINT_SCRIPT + language_script(lang), unsafe_allow_javascript=True)
    try:
        ds = context.dataset()
    except DataError as err:  # a broken data file: say which and why, never a traceback
        st.error(t("error.data", lang, message=md(message_of(err).text(lang))))
        st.stop()
    if ds.is_demo:
        st.warning(t("demo.banner", lang, as_of=date_label(ds.meta.get("data_as_of", "2025-09-30"), lang)),
                   icon=":material/science:")
    unscored = unscored_summary(ds.unscored, lang=lang,
                                area_names=dict(zip(ds.areas["area_id"], ds.areas[f"name_{lang}"])))
    if unscored:  # results recorded under criteria that the criteria in use replaced
        st.warning(t("state.unscored", lang, version=md(version_label(ds.criteria.version, lang)),
                     **{k: md(v) if isinstance(v, str) else v for k, v in unscored.items()}), icon=":material/rule:")


def missing_page_note(lang: str) -> None:
    """Say, in the app's own words, that the address asked for a page the app does not have (``?missing=``,
    set by serve.py's redirect), and what is shown instead."""
    name = st.query_params.get("missing")
    if name:
        st.warning(t("error.unknown_page", lang, page=md(name[:60])), icon=":material/travel_explore:")


def page_bottom(lang: str) -> None:
    ds = context.dataset()
    st.divider()
    st.caption(t("footer.attribution", lang) + " " + md(boundary_attribution(ds.data_dir, lang)))
    st.caption(t("footer.criteria", lang, version=md(version_label(ds.criteria.version, lang))))


def about_areas_table(ds, lang: str):
    """Every area as the about page lists it, in words: name, province, the districts and subdistricts its
    boundary is made of, phase, year joined (พ.ศ.), whether it is listed in official sources and whether its
    boundary is stated or assumed (no codes or ids)."""
    import pandas as pd

    from common.thai import sort_frame
    from i18n import year_label

    prov = ds.provinces.set_index("code")[f"name_{lang}"]
    a = ds.areas
    table = pd.DataFrame({
        t("col.area", lang): a[f"name_{lang}"],
        t("col.province", lang): a["province_code"].map(prov),
        t("about.col_units", lang): [ds.admin_units_text(c, lang) for c in a["admin_codes"]],
        t("col.phase", lang): a["phase"].astype(int),
        t("report.col_year_joined", lang): [year_label(y, lang) for y in a["year_joined"]],
        t("report.col_listing", lang): [t(f"report.listing_{s}", lang) for s in a["status"]],
        t("report.col_boundary", lang): [t(f"report.boundary_{b}", lang) for b in a["boundary"]],
    })
    return sort_frame(table, [t("col.province", lang), t("col.area", lang)]).reset_index(drop=True)
