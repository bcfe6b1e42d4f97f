"""The pages' maps, built from data in one call each (no Streamlit here, so the benchmark and the tests build
exactly what the pages send)."""
from __future__ import annotations

import folium
import pandas as pd
import shapely

from geo.colours import COMPLIANCE_COLOURS, NO_DATA, NOT_IN_PROGRAMME, level_colour, score_colour, symbiosis_colour
from geo.layers import MapLayers, area_bounds, area_features, factory_rows
from geo.maps import Basemap, add_areas, add_factories, add_flows, add_outlines, add_parties, new_map
from i18n import t, year_label


def national_styles(shown: pd.DataFrame, colour_by: str, lang: str, level_colours: dict[int, str]):
    """Fill colour, tooltip text and dashed outline of every area row (see scoring.summary.area_table)."""
    fill, tip, dashed = {}, {}, {}
    for _, r in shown.iterrows():
        aid = r["area_id"]
        if not r["in_programme"]:
            fill[aid], dashed[aid] = NOT_IN_PROGRAMME, True
            state = t("area.not_yet", lang, year=year_label(r["year_joined"], lang))
        elif colour_by == "level":
            assessed = bool(r["assessed"])
            fill[aid] = level_colour(r["level"], level_colours) if assessed and r["level"] > 0 else NO_DATA
            state = t("level.short", lang, n=int(r["level"])) if assessed else t("level.none", lang)
            status = r.get("level_status")
            if assessed and isinstance(status, str) and status != "certified":
                state += f" ({t('cert.short_' + status, lang)})"
        elif colour_by == "symbiosis":     # operating exchanges per area (column ``symbiosis`` of ``shown``)
            n = r.get("symbiosis", 0)
            n = 0 if pd.isna(n) else int(n)
            fill[aid] = symbiosis_colour(n)
            state = t("sym.operating_n", lang, n=n)
        else:
            score = r[colour_by]
            fill[aid] = score_colour(score)
            state = t(f"dim.{colour_by}", lang) + ": " + ("–" if pd.isna(score) else f"{score:.0f}")
        placeholder = " · " + t("area.placeholder_chip", lang) if r["status"] == "placeholder" else ""
        tip[aid] = f"{r[f'name_{lang}']} — {r[f'province_{lang}']}{placeholder} · {state} [{aid}]"
    return fill, tip, dashed


def national_map(layers: MapLayers, shown: pd.DataFrame, colour_by: str, lang: str,
                 level_colours: dict[int, str], zoom_to_rows: bool, basemap: Basemap | None = None) -> folium.Map:
    """All areas in ``shown`` (polygons and symbols) over province outlines."""
    bounds = layers.bounds
    if zoom_to_rows and len(shown):
        geoms = layers.areas.loc[layers.areas["area_id"].isin(shown["area_id"])].geometry
        minx, miny, maxx, maxy = shapely.total_bounds(geoms.to_numpy())
        bounds = [[miny - 0.1, minx - 0.1], [maxy + 0.1, maxx + 0.1]]
    fill, tip, dashed = national_styles(shown, colour_by, lang, level_colours)
    m = new_map(bounds, basemap, attribution=t("map.attribution", lang))
    add_outlines(m, layers.provinces)
    add_areas(m, area_features(layers, shown, fill, tip, dashed), centroids=True)
    return m


def _names(factories: pd.DataFrame, lang: str) -> pd.Series:
    """Factory names in ``lang`` by registration number; the Thai name where the English one is blank."""
    f = factories.set_index("registration_no")
    names = f[f"name_{lang}"]
    return names.where(names.fillna("").astype(str).str.strip() != "", f["name_th"])


def area_map(layers: MapLayers, area: pd.Series, factories: pd.DataFrame, compliance: pd.Series, lang: str,
             basemap: Basemap | None = None, flows: dict | None = None, parties: dict | None = None) -> folium.Map:
    """One area's boundary with its factories, clustered, coloured by compliance status; with ``flows`` and
    ``parties`` (:mod:`geo.flows` FeatureCollections) the symbiosis exchanges and the other parties on top."""
    aid = area["area_id"]
    m = new_map(area_bounds(layers, aid), basemap, attribution=t("map.attribution", lang))
    add_areas(m, area_features(layers, pd.DataFrame({"area_id": [aid]}), {aid: "#cfe8d8"},
                               {aid: f"{area[f'name_{lang}']} [{aid}]"}))
    add_factories(m, factory_rows(factories, compliance.map(COMPLIANCE_COLOURS), _names(factories, lang)))
    if flows:
        add_flows(m, flows)
    if parties:
        add_parties(m, parties)
    return m


def factory_map(layers: MapLayers, factory: pd.Series, area: pd.Series | None, neighbours: pd.DataFrame,
                compliance: pd.Series, lang: str, basemap: Basemap | None = None) -> folium.Map:
    """A small map of one factory (emphasised) with its neighbours and its area's outline."""
    import html

    from geo.maps import add_highlight

    lat, lon = float(factory["lat"]), float(factory["lon"])
    aid = factory["area_id"]
    lats = [lat, *neighbours["lat"].astype(float)]
    lons = [lon, *neighbours["lon"].astype(float)]
    pad = 0.003
    bounds = [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]
    m = new_map(bounds, basemap, attribution=t("map.attribution", lang))
    if area is not None:  # None: the factory lies outside every area
        add_areas(m, area_features(layers, pd.DataFrame({"area_id": [aid]}), {aid: "#eef7f1"},
                                   {aid: f"{area[f'name_{lang}']} [{aid}]"}))
    add_factories(m, factory_rows(neighbours, compliance.map(COMPLIANCE_COLOURS), _names(neighbours, lang)),
                  cluster=False)
    add_highlight(m, lat, lon, html.escape(str(factory[f"name_{lang}"])))
    return m


def change_map(layers: MapLayers, rows: pd.DataFrame, changes: pd.DataFrame, lang: str,
               basemap: Basemap | None = None) -> folium.Map:
    """Areas coloured by their level change between two years (``scoring.trends.level_changes``)."""
    from geo.colours import CHANGE_COLOURS

    ch = changes.set_index("area_id")
    fill, tip = {}, {}
    for _, r in rows.iterrows():
        aid = r["area_id"]
        c = ch.loc[aid]
        fill[aid] = CHANGE_COLOURS[c["change"]]
        lf = "–" if pd.isna(c["level_from"]) else int(c["level_from"])
        lt = "–" if pd.isna(c["level_to"]) else int(c["level_to"])
        tip[aid] = f"{r[f'name_{lang}']} · {t('change.' + c['change'], lang)} ({lf} → {lt}) [{aid}]"
    m = new_map(layers.bounds, basemap, attribution=t("map.attribution", lang))
    add_outlines(m, layers.provinces)
    add_areas(m, area_features(layers, rows, fill, tip), centroids=True)
    return m


def submission_map(layers: MapLayers, rows: pd.DataFrame, lang: str, basemap: Basemap | None = None) -> folium.Map:
    """The areas of ``rows`` (area_id, status: a submission status or "none", label: the tooltip's state text)
    in one layer, coloured by submission status, over province outlines."""
    from geo.colours import SUBMISSION_COLOURS

    fill = {a: SUBMISSION_COLOURS.get(s, SUBMISSION_COLOURS["none"]) for a, s in zip(rows["area_id"], rows["status"])}
    tip = {a: f"{label} [{a}]" for a, label in zip(rows["area_id"], rows["label"])}
    m = new_map(layers.bounds, basemap, attribution=t("map.attribution", lang))
    add_outlines(m, layers.provinces)
    add_areas(m, area_features(layers, rows, fill, tip), centroids=True)
    return m
