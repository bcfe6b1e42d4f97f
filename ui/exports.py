"""Download buttons for the exports (reports/). Files are made only when the button is clicked."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from common.errors import message_of
from i18n import t
from ui import context

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_stem(kind: str, year: int, province: str | None, provinces: pd.DataFrame) -> str:
    """A download's file name without its extension, naming the province of the filter when there is one
    (``eit-areas-2568-rayong``): files saved from two provinces' pages never overwrite each other."""
    stem = f"eit-{kind}-{year}"
    if not province:
        return stem
    names = provinces.set_index("code")["name_en"] if "name_en" in provinces.columns else pd.Series(dtype=str)
    name = str(names.get(province, "") or "")
    slug = "-".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in name.lower()).split())
    return f"{stem}-{slug or province}"


def national(rows: pd.DataFrame, year: int, province: str | None, colour_by: str, lang: str) -> None:
    from reports.static_maps import national_map_png
    from reports.tables import areas_geojson, areas_xlsx

    ds, model, layers = context.dataset(), context.model(), context.layers()
    c2 = c3 = c4 = st
    if year in model.years:  # a deck reports levels: none without assessment results for the year
        deck(year, province, lang)
    areas_stem, map_stem = (file_stem(k, year, province, ds.provinces) for k in ("areas", "map"))
    c2.download_button(t("export.xlsx", lang), lambda: areas_xlsx(rows, lang, regions=ds.regions),
                       file_name=f"{areas_stem}.xlsx", mime=XLSX, icon=":material/table:", on_click="ignore")
    c3.download_button(t("export.geojson", lang), lambda: areas_geojson(rows, layers),
                       file_name=f"{areas_stem}.geojson", mime="application/geo+json", icon=":material/map:",
                       on_click="ignore")
    c4.download_button(t("export.map_png", lang),
                       lambda: national_map_png(ds, model, layers, year, rows=rows, colour_by=colour_by, lang=lang),
                       file_name=f"{map_stem}.png", mime="image/png", icon=":material/image:", on_click="ignore")


_DECK_KEY = "_eit_deck"


def deck(year: int, province: str | None, lang: str) -> None:
    """The committee deck: built when asked, with a progress bar fed by the builder slide by slide, then offered
    for download with its size ("12 สไลด์ · 1.4 MB"). A built deck is kept for this session until the data, the
    year, the province or the language change."""
    from common.errors import DataError
    from reports.deck import build_deck, recorded_notes, slide_count

    ds, model, layers = context.dataset(), context.model(), context.layers()
    key = (context.snapshot().version, year, province, lang)
    kept = st.session_state.get(_DECK_KEY)
    if not kept or kept["key"] != key:
        if not st.button(t("export.deck_build", lang), icon=":material/slideshow:", key="deck_build"):
            return
        bar = st.progress(0.0, text=t("export.deck_building", lang, done=0, total="…"))
        try:
            data = build_deck(ds, model, layers, year, province, lang, recorded_notes(ds, year, lang),
                              progress=lambda done, total: bar.progress(
                                  done / total, text=t("export.deck_building", lang, done=done, total=total)))
        except DataError as err:     # the deck font setting names a font the deck does not know
            bar.empty()
            st.error(message_of(err).text(lang))
            return
        bar.empty()
        kept = {"key": key, "data": data, "slides": slide_count(data)}
        st.session_state[_DECK_KEY] = kept
    st.download_button(t("export.deck", lang), kept["data"],
                       file_name=f"{file_stem('deck', year, province, ds.provinces)}.pptx",
                       mime=PPTX, icon=":material/slideshow:", on_click="ignore", key="deck_download")
    st.caption(t("export.deck_size", lang, slides=kept["slides"], size=f"{len(kept['data']) / 1e6:.1f}"))


def area(area_id: str, year: int | None, lang: str) -> None:
    from reports.pdf import area_report_pdf
    from reports.static_maps import area_map_png

    ds, model, layers = context.dataset(), context.model(), context.layers()
    c1, c2 = st.columns(2)
    if year is not None:
        c1.download_button(t("export.area_pdf", lang), lambda: area_report_pdf(ds, model, layers, area_id, year, lang),
                           file_name=f"eit-{area_id}-{year}.pdf", mime="application/pdf",
                           icon=":material/picture_as_pdf:", on_click="ignore")
    c2.download_button(t("export.map_png", lang), lambda: area_map_png(ds, layers, area_id, year, lang),
                       file_name=f"eit-{area_id}-map.png", mime="image/png", icon=":material/image:", on_click="ignore")


def radar_png(area_id: str, year: int, lang: str) -> None:
    """The area page's radar as a PNG picture (drawn on the server when clicked, like the exports)."""
    from reports.charts import area_radar_png

    model = context.model()
    st.download_button(t("export.chart_png", lang), lambda: area_radar_png(model, area_id, year, lang),
                       file_name=f"eit-{area_id}-{year}-radar.png", mime="image/png", icon=":material/image:",
                       on_click="ignore", key=f"radar_png_{area_id}_{year}")


def history_png(area_id: str, lang: str) -> None:
    """The area page's level history as a PNG picture."""
    from reports.charts import area_history_png

    ds, model = context.dataset(), context.model()
    st.download_button(t("export.chart_png", lang), lambda: area_history_png(model, ds.level_colours, area_id, lang,
                                                                          certifications=ds.certifications),
                       file_name=f"eit-{area_id}-levels.png", mime="image/png", icon=":material/image:",
                       on_click="ignore", key=f"history_png_{area_id}")


def factory(registration_no: str, lang: str) -> None:
    from reports.pdf import factory_report_pdf

    ds, layers = context.dataset(), context.layers()
    safe = "".join(ch if ch.isalnum() else "-" for ch in registration_no)
    st.download_button(t("export.factory_pdf", lang), lambda: factory_report_pdf(ds, layers, registration_no, lang),
                       file_name=f"factory-{safe}.pdf", mime="application/pdf", icon=":material/picture_as_pdf:",
                       on_click="ignore")


def summary(year: int, lang: str) -> None:
    """The executive summary of ``year`` as a PDF download (for a year with assessment results)."""
    from reports.summary_pdf import summary_report_pdf

    ds, model = context.dataset(), context.model()
    if year not in model.years:
        return
    st.download_button(t("export.summary_pdf", lang),
                       lambda: summary_report_pdf(ds, model, year, context.programme_results(), lang),
                       file_name=f"eit-summary-{year}.pdf", mime="application/pdf", icon=":material/picture_as_pdf:",
                       on_click="ignore")


def symbiosis_downloads(flows: pd.DataFrame, reg, stem: str, lang: str) -> None:
    """The exchanges of the current filter as CSV and Excel for people (headers in the reader's language, names
    for codes, rounded numbers), and for programs: CSV with codes and GeoJSON (lines from giver to receiver)."""
    from ui import symbiosis as view

    ds = context.dataset()

    def people() -> pd.DataFrame:
        return view.people_frame(flows, reg, dict(zip(ds.areas["area_id"], ds.areas[f"name_{lang}"])), lang)

    c1, c2, c3, c4 = st.columns(4)
    c1.download_button(t("sym.export_csv", lang), lambda: view.export_csv(flows, people()), file_name=f"{stem}.csv",
                       mime="text/csv", icon=":material/table:", on_click="ignore")
    c2.download_button(t("sym.export_xlsx", lang), lambda: view.export_xlsx(flows, people()),
                       file_name=f"{stem}.xlsx", mime=XLSX, icon=":material/table:", on_click="ignore")
    c3.download_button(t("sym.export_csv_codes", lang), lambda: view.export_csv(flows),
                       file_name=f"{stem}-codes.csv", mime="text/csv", icon=":material/data_object:",
                       on_click="ignore")
    c4.download_button(t("sym.export_geojson", lang), lambda: view.export_geojson(flows), file_name=f"{stem}.geojson",
                       mime="application/geo+json", icon=":material/map:", on_click="ignore")
