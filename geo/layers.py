"""Map layers prepared once per data load: simplified area polygons and province outlines as GeoJSON dicts."""
from __future__ import annotations

import html
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from geo.boundaries import Boundaries, area_polygons, simplify_coverage

PROVINCE_TOLERANCE = 0.01  # degrees (~1 km): enough for outlines at national zoom
AREA_TOLERANCE = 0.0005  # degrees (~50 m): areas are small; keep their shape
# Two area symbols (7 px radius) overlap at national zoom (about 2.4 km a pixel) when closer than this: the region of
# such symbols gets an enlarged inset on the national maps.
CROWDED_KM = 34.0
INSET_PAD = 0.25  # degrees around the crowded symbols


@dataclass(frozen=True)
class MapLayers:
    areas: gpd.GeoDataFrame  # area_id, geometry (full detail, for point-in-area and bounds)
    area_geometry: dict[str, dict]  # area_id -> simplified GeoJSON geometry
    area_points: dict[str, list[float]]  # area_id -> [lon, lat] of a point inside the area (for its symbol)
    provinces: dict  # FeatureCollection of simplified province outlines
    bounds: list[list[float]]  # [[south, west], [north, east]] of the country
    inset_bounds: list[list[float]] | None = None  # the crowded region (``crowded_bounds``), None when none is
    inset_outlines: dict | None = None  # the province outlines clipped to it


def _bounds(geom) -> list[list[float]]:
    minx, miny, maxx, maxy = shapely.bounds(geom)
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


def build_layers(areas: pd.DataFrame, boundaries: Boundaries) -> MapLayers:
    polys = area_polygons(areas, boundaries)
    simple = simplify_coverage(polys, AREA_TOLERANCE)
    area_geometry = {aid: shapely.geometry.mapping(g) for aid, g in zip(simple["area_id"], simple.geometry)}
    points = {aid: [round(p.x, 5), round(p.y, 5)]
              for aid, p in zip(polys["area_id"], shapely.point_on_surface(polys.geometry.to_numpy()))}
    prov = simplify_coverage(boundaries.province[["code", "geometry"]].reset_index(drop=True), PROVINCE_TOLERANCE)
    provinces = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": c}, "geometry": shapely.geometry.mapping(g)}
        for c, g in zip(prov["code"], prov.geometry)]}
    country = shapely.union_all(boundaries.province.geometry.to_numpy())
    inset = crowded_bounds(points)
    outlines = None
    if inset is not None:
        (s, w), (n, e) = inset
        box = shapely.box(w, s, e, n)
        outlines = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(g.boundary.intersection(box))}
            for g in prov.geometry if g.intersects(box)]}
    return MapLayers(areas=polys, area_geometry=area_geometry, area_points=points, provinces=provinces,
                     bounds=_bounds(country), inset_bounds=inset, inset_outlines=outlines)


def crowded_bounds(points: dict[str, list[float]], km: float = CROWDED_KM, pad: float = INSET_PAD,
                   minimum: int = 4) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the area symbols that lie within ``km`` of another one (their symbols
    overlap at national zoom), when there are at least ``minimum`` of them; else None. Only the largest group of
    such neighbours is taken, so two far-apart pairs do not make an inset of half the country."""
    from geo.boundaries import great_circle_km

    ids = list(points)
    if len(ids) < minimum:
        return None
    lon = [points[a][0] for a in ids]
    lat = [points[a][1] for a in ids]
    import numpy as np

    lat_a, lon_a = np.array(lat), np.array(lon)
    d = great_circle_km(lat_a[:, None], lon_a[:, None], lat_a[None, :], lon_a[None, :])
    close = (d < km) & ~np.eye(len(ids), dtype=bool)
    group, seen = [], set()
    for start in range(len(ids)):                       # connected groups of overlapping symbols
        if start in seen or not close[start].any():
            continue
        todo, part = [start], []
        seen.add(start)
        while todo:
            i = todo.pop()
            part.append(i)
            for j in np.flatnonzero(close[i]):
                if j not in seen:
                    seen.add(int(j))
                    todo.append(int(j))
        group = part if len(part) > len(group) else group
    if len(group) < minimum:
        return None
    s, n = min(lat_a[group]) - pad, max(lat_a[group]) + pad
    w, e = min(lon_a[group]) - pad, max(lon_a[group]) + pad
    return [[round(float(s), 4), round(float(w), 4)], [round(float(n), 4), round(float(e), 4)]]


def area_bounds(layers: MapLayers, area_id: str, pad: float = 0.02) -> list[list[float]]:
    geom = layers.areas.loc[layers.areas["area_id"] == area_id].geometry.iloc[0]
    (s, w), (n, e) = _bounds(geom)
    return [[s - pad, w - pad], [n + pad, e + pad]]


def area_features(layers: MapLayers, rows: pd.DataFrame, fill: dict[str, str], tooltip: dict[str, str],
                  dashed: dict[str, bool] | None = None) -> dict:
    """A FeatureCollection of the areas in ``rows`` (area_id column). Tooltip texts are escaped here, and each
    carries its area id hidden (:func:`tooltip_html`) for the click that opens the area."""
    dashed = dashed or {}
    feats = []
    for aid in rows["area_id"]:
        feats.append({"type": "Feature", "id": aid,
                      "properties": {"area_id": aid, "fill": fill.get(aid, "#ffffff"),
                                     "dashed": bool(dashed.get(aid, False)),
                                     "tooltip": tooltip_html(tooltip.get(aid, aid), aid),
                                     "point": layers.area_points[aid]},
                      "geometry": layers.area_geometry[aid]})
    return {"type": "FeatureCollection", "features": feats}


def tooltip_text(text: str, aid: str) -> str:
    """The tooltip as a person reads it: without the area id the page's tooltips end with (`` [aid]``)."""
    suffix = f" [{aid}]"
    return text[: -len(suffix)] if text.endswith(suffix) else text


def tooltip_html(text: str, aid: str) -> str:
    """A tooltip's HTML: the text escaped, without the id, then the id in brackets in a hidden span. The reader
    does not see it; the text a click returns (its textContent) ends with it, so :func:`area_id_from_tooltip` finds
    the area."""
    return f'{html.escape(tooltip_text(text, aid))}<span style="display:none"> [{html.escape(aid)}]</span>'


def area_id_from_tooltip(text: str | None, known_ids) -> str | None:
    """Which area a clicked tooltip belongs to: tooltips end with the area id in square brackets."""
    if not text:
        return None
    import re

    for found in reversed(re.findall(r"\[([a-z][a-z0-9-]{2,23})\]", text)):
        if found in known_ids:
            return found
    return None


NEIGHBOURS = 80  # nearest factories shown around one factory (its page and its PDF)
FACTORY_VIEW_MIN = 0.004  # degrees (~450 m): the least half-width of a factory's map


def neighbours(factories: pd.DataFrame, factory: pd.Series, n: int = NEIGHBOURS) -> pd.DataFrame:
    """The ``n`` factories with coordinates nearest to ``factory`` in its area (none outside every area)."""
    lat, lon = float(factory["lat"]), float(factory["lon"])
    if pd.isna(factory["area_id"]):
        return factories.iloc[0:0]
    near = factories.loc[(factories["area_id"] == factory["area_id"])
                         & (factories["registration_no"] != factory["registration_no"])
                         & factories["lat"].notna() & factories["lon"].notna()]
    return near.assign(_d=(near["lat"] - lat) ** 2 + (near["lon"] - lon) ** 2).nsmallest(n, "_d")


def factory_view_bounds(lat: float, lon: float, near: pd.DataFrame, pad: float = 0.003) -> list[list[float]]:
    """[[south, west], [north, east]] centred on the factory at (lat, lon), wide enough for its neighbours
    ``near``: the factory is in the middle of its map however its neighbours lie."""
    dlat = float((near["lat"].astype(float) - lat).abs().max()) if len(near) else 0.0
    dlon = float((near["lon"].astype(float) - lon).abs().max()) if len(near) else 0.0
    half_lat = max(dlat + pad, FACTORY_VIEW_MIN)
    half_lon = max(dlon + pad, FACTORY_VIEW_MIN)
    return [[lat - half_lat, lon - half_lon], [lat + half_lat, lon + half_lon]]
