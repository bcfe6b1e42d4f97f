"""The factory layer of the national page: its toggle (``?factories=1``) and filters, its legend and caption, a
click on a factory, and the factories per district of a province view (``?province=21``)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from common.thai import sorted_thai
from geo import registry
from geo.colours import FACTORY_STATUS_COLOURS
from geo.registry import INSIDE_CHOICES, STATUSES, located, status_names
from i18n import t
from ui import context
from ui.maps import legend
from ui.tables import simple_table_html
from ui.text import md
from ui.urlstate import url_flag, url_selectbox, url_toggle

KEY = "factories"


def is_on() -> bool:
    """Whether the reader has the factory layer on (before its toggle is drawn)."""
    return url_flag(KEY)


def province_options(ds, area_provinces: list[str], lang: str) -> list[str]:
    """The provinces the province filter offers: with the layer on every province (factories are everywhere),
    otherwise those with an area."""
    if not is_on():
        return area_provinces
    names = ds.provinces.set_index("code")[f"name_{lang}"]
    return sorted_thai(ds.provinces["code"], key=lambda c: names.loc[c])


def controls(ds, lang: str, region: str | None, province: str | None) -> pd.DataFrame | None:
    """The toggle and, when it is on, the layer's own filters; the factories the layer shows (None when off)."""
    c0, c1, c2, c3, c4 = st.columns([1.4, 1.3, 0.8, 0.9, 1.1])
    if not url_toggle(c0, t("registry.toggle", lang), KEY, help=t("registry.toggle_help", lang)):
        return None
    statuses = c1.multiselect(t("col.status", lang), STATUSES, format_func=lambda s: t(f"fstatus.{s}", lang),
                              placeholder=t("filter.all", lang), key="registry_status")
    classes = c2.multiselect(t("col.class", lang), [1, 2, 3], placeholder=t("filter.all", lang), key="registry_class")
    isic = c3.text_input(t("registry.isic", lang), max_chars=5, key="registry_isic")
    inside = url_selectbox(c4, t("registry.inside", lang), list(INSIDE_CHOICES), "inside",
                           placeholder=t("filter.all", lang), format_func=lambda k: t(f"registry.inside_{k}", lang))
    return registry.select(ds.factories, ds.provinces, region=region, province=province, statuses=statuses,
                  classes=classes, isic_prefix=isic.strip() or None, inside=inside)


def bounds(layers, province: str | None) -> list[list[float]] | None:
    """The view of a province view (None: the page's usual view)."""
    return registry.province_bounds(layers.provinces, province) if province else None


def after_map(chosen: pd.DataFrame | None, clicked: str | None, lang: str) -> None:
    """Under the map: the layer's legend and what it shows; a click on a factory opens its page."""
    if chosen is None:
        return
    reg = registry.clicked_factory(clicked, chosen)
    if reg:
        st.switch_page("pages/factory.py", query_params=context.link_params(factory=reg))
    legend(list(zip(FACTORY_STATUS_COLOURS, status_names(lang))), t("registry.legend", lang))
    drawn = len(located(chosen))
    if not len(chosen):
        st.info(t("registry.none", lang), icon=":material/factory:")
    elif drawn == len(chosen):
        st.caption(t("registry.shown_all", lang, shown=f"{drawn:,}"))
    else:
        st.caption(t("registry.shown", lang, shown=f"{drawn:,}", total=f"{len(chosen):,}"))


def district_table(ds, chosen: pd.DataFrame | None, province: str | None, lang: str) -> None:
    """A province view's factories per district (the layer's filter applied)."""
    if chosen is None or not province:
        return
    counts = registry.district_counts(chosen, ds.admin_lookup, province, lang)
    st.subheader(t("registry.districts_title", lang, province=ds.place_name(province, lang)))
    if counts.empty:
        st.info(t("registry.none", lang), icon=":material/factory:")
        return
    rows = [[r["name"], f"{r['factories']:,}", f"{r['in_areas']:,}", f"{r['operating']:,}"] for _, r in counts.iterrows()]
    rows.append([t("registry.total", lang), f"{counts['factories'].sum():,}", f"{counts['in_areas'].sum():,}",
                 f"{counts['operating'].sum():,}"])
    st.html(simple_table_html([t("registry.col_district", lang), t("registry.col_factories", lang),
                               t("registry.col_in_areas", lang), t("registry.col_operating", lang)], rows,
                              "district-table"))


def nearest_area_note(ds, layers, f: pd.Series, lang: str) -> None:
    """For a factory outside every area: the nearest area, its distance, and a link to it."""
    if pd.isna(f["lat"]) or pd.isna(f["lon"]) or not len(layers.areas):
        return
    ids, km = registry.nearest_areas(layers.areas, [float(f["lon"])], [float(f["lat"])])
    areas = ds.areas.set_index("area_id")
    if ids[0] is None or ids[0] not in areas.index:
        return
    name = areas.loc[ids[0], f"name_{lang}"]
    st.page_link("pages/area.py", label=t("factory.nearest_area", lang, area=md(name), km=f"{km[0]:,.1f}"),
                 icon=":material/near_me:", query_params=context.link_params(area=ids[0]))
