"""The pages' maps, built from data in one call each (no Streamlit here, so the benchmark and the tests build
exactly what the pages send)."""
from __future__ import annotations

import folium
import pandas as pd
import shapely

from geo import colours, maps
from geo.colours import COMPLIANCE_COLOURS, NO_DATA, NOT_IN_PROGRAMME, level_colour, score_colour, symbiosis_colour, text_on
from geo.layers import MapLayers, area_bounds, area_features, factory_view_bounds, tooltip_text
from geo.maps import Basemap, add_areas, add_flows, add_outlines, add_parties, new_map
from geo.pointlayer import add_points
from geo.registry import add_registry_points, located
from i18n import t, year_label
from scoring.factories import COMPLIANCE_ORDER


def observed_bins(shown: pd.DataFrame, colour_by: str):
    """The score bins of a dimension colouring: five equal steps over the scores of the areas shown that are in
    the programme (``geo.colours.score_scale``)."""
    inside = shown.loc[shown["in_programme"].astype(bool)] if "in_programme" in shown else shown
    return colours.score_scale(pd.to_numeric(inside[colour_by], errors="coerce").tolist())


def national_legend(shown: pd.DataFrame, colour_by: str, lang: str, levels: pd.DataFrame) -> tuple[str, list, str]:
    """(title, [(colour, label)], note) of the national map's legend, the same on the page and in the PNG: levels,
    operating exchanges or the dimension's score bins (a scale over the observed range, which the note says), then
    'no data' and 'not in the programme'."""
    note = ""
    if colour_by == "level":
        title = t("colour.level", lang)
        items = [(c, t("level.name", lang, n=int(lv), name=name))
                 for lv, name, c in sorted(zip(levels["level"], levels[f"name_{lang}"], levels["colour"]))]
    elif colour_by == "symbiosis":
        title = t("colour.symbiosis", lang)
        items = [(c, f"{lo}–{hi}" if hi else f"≥ {lo}") for (lo, hi), c in zip(colours.SYMBIOSIS_BINS, colours.SYMBIOSIS_COLOURS)]
        items.append((colours.SYMBIOSIS_NONE, t("sym.operating_none", lang)))
    else:
        title = t(f"dim.{colour_by}", lang)
        bins = observed_bins(shown, colour_by)
        items = [(c, colours.bin_label(lo, hi)) for (lo, hi), c in zip(bins, colours.SCORE_COLOURS)]
        if bins != list(colours.SCORE_BINS):     # no score shown: the fixed 0–100 bins, nothing to say
            note = t("legend.observed_range", lang, lo=f"{bins[0][0]:g}", hi=f"{bins[-1][1]:g}")
    items = items + [(NO_DATA, t("level.none", lang)), (NOT_IN_PROGRAMME, t("legend.not_in_programme", lang))]
    return title, items, note


def national_styles(shown: pd.DataFrame, colour_by: str, lang: str, level_colours: dict[int, str]):
    """Fill colour, tooltip text and dashed outline of every area row (see scoring.summary.area_table)."""
    fill, tip, dashed = {}, {}, {}
    bins = observed_bins(shown, colour_by) if colour_by not in ("level", "symbiosis") else None
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
            fill[aid] = score_colour(score, bins)
            state = t(f"dim.{colour_by}", lang) + ": " + ("–" if pd.isna(score) else f"{score:.0f}")
        placeholder = " · " + t("area.placeholder_chip", lang) if r["status"] == "placeholder" else ""
        tip[aid] = f"{r[f'name_{lang}']} — {r[f'province_{lang}']}{placeholder} · {state} [{aid}]"
    return fill, tip, dashed


def national_map(layers: MapLayers, shown: pd.DataFrame, colour_by: str, lang: str,
                 level_colours: dict[int, str], zoom_to_rows: bool, basemap: Basemap | None = None,
                 factories: pd.DataFrame | None = None, bounds: list[list[float]] | None = None) -> folium.Map:
    """All areas in ``shown`` (polygons and symbols) over province outlines. With ``factories`` (the factory
    layer), those factories under the areas, which are then drawn as outlines (``bounds``: the view to fit)."""
    if bounds is None:
        bounds = layers.bounds
    if bounds is layers.bounds and zoom_to_rows and len(shown):
        geoms = layers.areas.loc[layers.areas["area_id"].isin(shown["area_id"])].geometry
        minx, miny, maxx, maxy = shapely.total_bounds(geoms.to_numpy())
        bounds = [[miny - 0.1, minx - 0.1], [maxy + 0.1, maxx + 0.1]]
    fill, tip, dashed = national_styles(shown, colour_by, lang, level_colours)
    m = new_map(bounds, basemap, attribution=t("map.attribution", lang))
    add_outlines(m, layers.provinces)
    if factories is not None:
        add_registry_points(m, factories, lang)
    if len(shown):      # (a province view may hold factories and no area)
        add_areas(m, area_features(layers, shown, fill, tip, dashed), centroids=True, outline=factories is not None)
        labels = symbol_labels(shown, colour_by)
        _labels_and_inset(m, layers, shown, fill, tip, dashed, labels, inset=not zoom_to_rows, lang=lang)
    return m


def symbol_labels(shown: pd.DataFrame, colour_by: str) -> dict[str, str]:
    """The short text in each area's symbol: its level (colour by level), its score (by a dimension) or its
    operating exchanges (symbiosis); nothing for an area not in the programme or without a value."""
    out = {}
    for _, r in shown.iterrows():
        if "in_programme" in r and not r["in_programme"]:
            continue
        if colour_by == "level":
            value = r["level"] if bool(r.get("assessed", True)) else None
        elif colour_by == "symbiosis":
            value = r.get("symbiosis")
        else:
            value = r.get(colour_by)
        if value is not None and not pd.isna(value) and (colour_by != "level" or int(value) > 0):
            out[r["area_id"]] = f"{float(value):.0f}"
    return out


def _labels_and_inset(m: folium.Map, layers: MapLayers, rows: pd.DataFrame, fill: dict, tip: dict, dashed: dict,
                      labels: dict[str, str], inset: bool, lang: str) -> None:
    """The text in each symbol, and (on a map of the whole country) the enlarged inset of the crowded region."""
    import html

    maps.add_symbol_labels(m, [[layers.area_points[a][1], layers.area_points[a][0], html.escape(text), text_on(fill[a])]
                          for a, text in labels.items() if a in fill])
    if not inset or layers.inset_bounds is None:
        return
    (s, w), (n, e) = layers.inset_bounds
    inside = [a for a in rows["area_id"] if s <= layers.area_points[a][1] <= n and w <= layers.area_points[a][0] <= e]
    maps.add_inset(m, layers.inset_bounds,
              [[layers.area_points[a][1], layers.area_points[a][0], fill[a], html.escape(labels.get(a, "")),
                text_on(fill[a]), bool(dashed.get(a, False)), html.escape(tooltip_text(tip.get(a, a), a))] for a in inside],
              layers.inset_outlines, t("map.inset_title", lang),
              [[layers.area_points[a][1], layers.area_points[a][0]] for a in rows["area_id"]])


def _names(factories: pd.DataFrame, lang: str) -> pd.Series:
    """Factory names in ``lang`` by registration number; the Thai name where the English one is blank."""
    f = factories.set_index("registration_no")
    names = f[f"name_{lang}"]
    return names.where(names.fillna("").astype(str).str.strip() != "", f["name_th"])


def _compliance_points(m: folium.Map, factories: pd.DataFrame, compliance: pd.Series, lang: str,
                       cluster_below: int | None = None) -> None:
    """Factories as ONE point layer coloured by their compliance status, named on hover (small maps only: one
    area, one factory's neighbours). A click names the factory for :func:`geo.registry.clicked_factory`."""
    f = located(factories)
    codes = f["registration_no"].map(compliance).fillna("not_inspected").map(COMPLIANCE_ORDER.index)
    labels = [f"{n}\n[{r}]" for n, r in zip(_names(f, lang).reindex(f["registration_no"]).fillna(""), f["registration_no"])]
    extra = {} if cluster_below is None else {"cluster_below": cluster_below}
    add_points(m, f["lon"], f["lat"], codes.to_numpy(), f["registration_no"],
               [COMPLIANCE_COLOURS[c] for c in COMPLIANCE_ORDER],
               [t("compliance." + c, lang) for c in COMPLIANCE_ORDER],
               t("map.point_hint", lang), t("map.cluster_hint", lang), labels=labels, name="factories", **extra)


def area_map(layers: MapLayers, area: pd.Series, factories: pd.DataFrame, compliance: pd.Series, lang: str,
             basemap: Basemap | None = None, flows: dict | None = None, parties: dict | None = None) -> folium.Map:
    """One area's boundary with its factories, clustered, coloured by compliance status; with ``flows`` and
    ``parties`` (:mod:`geo.flows` FeatureCollections) the symbiosis exchanges and the other parties on top."""
    aid = area["area_id"]
    m = new_map(area_bounds(layers, aid), basemap, attribution=t("map.attribution", lang))
    add_areas(m, area_features(layers, pd.DataFrame({"area_id": [aid]}), {aid: "#cfe8d8"},
                               {aid: f"{area[f'name_{lang}']} [{aid}]"}))
    _compliance_points(m, factories, compliance, lang)
    if flows:
        add_flows(m, flows)
    if parties:
        add_parties(m, parties)
    return m


def factory_map(layers: MapLayers, factory: pd.Series, area: pd.Series | None, neighbours: pd.DataFrame,
                compliance: pd.Series, lang: str, basemap: Basemap | None = None) -> folium.Map:
    """A small map of one factory (emphasised, in the middle) with its neighbours and its area's outline."""
    import html

    lat, lon = float(factory["lat"]), float(factory["lon"])
    aid = factory["area_id"]
    m = new_map(factory_view_bounds(lat, lon, neighbours), basemap, attribution=t("map.attribution", lang))
    if area is not None:  # None: the factory lies outside every area
        add_areas(m, area_features(layers, pd.DataFrame({"area_id": [aid]}), {aid: "#eef7f1"},
                                   {aid: f"{area[f'name_{lang}']} [{aid}]"}))
    _compliance_points(m, neighbours, compliance, lang, cluster_below=0)
    maps.add_highlight(m, lat, lon, html.escape(str(factory[f"name_{lang}"])))
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
    _labels_and_inset(m, layers, rows, fill, tip, {}, {}, inset=True, lang=lang)
    return m


def party_map(layers: MapLayers, party: pd.Series, area: pd.Series | None, parties: pd.DataFrame, flows: dict,
              party_points: dict, lang: str, basemap: Basemap | None = None) -> folium.Map:
    """A small map of one party that is not a factory (emphasised), its area's outline, its exchanges as one
    layer of lines (:func:`geo.flows.flow_features`), the other parties they reach (``party_points``) and the
    factories among them (``parties``: every party its exchanges join, :func:`symbiosis.views.flow_parties`)."""
    import html

    from geo.maps import add_highlight

    lat, lon = float(party["lat"]), float(party["lon"])
    located = parties[parties["lat"].notna() & parties["lon"].notna()]
    lats, lons = [lat, *located["lat"].astype(float)], [lon, *located["lon"].astype(float)]
    pad = 0.005
    m = new_map([[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]], basemap,
                attribution=t("map.attribution", lang))
    if area is not None:
        aid = area["area_id"]
        add_areas(m, area_features(layers, pd.DataFrame({"area_id": [aid]}), {aid: "#eef7f1"},
                                   {aid: f"{area[f'name_{lang}']} [{aid}]"}))
    factories = located[located["kind"] == "factory"].rename(columns={"party_id": "registration_no"})
    if len(factories):
        _compliance_points(m, factories, pd.Series(dtype=object), lang, cluster_below=0)
    add_flows(m, flows)
    add_parties(m, party_points)
    name = party[f"name_{lang}"] if isinstance(party[f"name_{lang}"], str) and party[f"name_{lang}"].strip() \
        else party["name_th"]
    add_highlight(m, lat, lon, html.escape(str(name)))
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
