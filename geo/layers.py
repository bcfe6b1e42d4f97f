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


@dataclass(frozen=True)
class MapLayers:
    areas: gpd.GeoDataFrame  # area_id, geometry (full detail, for point-in-area and bounds)
    area_geometry: dict[str, dict]  # area_id -> simplified GeoJSON geometry
    area_points: dict[str, list[float]]  # area_id -> [lon, lat] of a point inside the area (for its symbol)
    provinces: dict  # FeatureCollection of simplified province outlines
    bounds: list[list[float]]  # [[south, west], [north, east]] of the country


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
    return MapLayers(areas=polys, area_geometry=area_geometry, area_points=points, provinces=provinces, bounds=_bounds(country))


def area_bounds(layers: MapLayers, area_id: str, pad: float = 0.02) -> list[list[float]]:
    geom = layers.areas.loc[layers.areas["area_id"] == area_id].geometry.iloc[0]
    (s, w), (n, e) = _bounds(geom)
    return [[s - pad, w - pad], [n + pad, e + pad]]


def area_features(layers: MapLayers, rows: pd.DataFrame, fill: dict[str, str], tooltip: dict[str, str],
                  dashed: dict[str, bool] | None = None) -> dict:
    """A FeatureCollection of the areas in ``rows`` (area_id column). Tooltip texts are escaped here."""
    dashed = dashed or {}
    feats = []
    for aid in rows["area_id"]:
        feats.append({"type": "Feature", "id": aid,
                      "properties": {"area_id": aid, "fill": fill.get(aid, "#ffffff"),
                                     "dashed": bool(dashed.get(aid, False)),
                                     "tooltip": html.escape(tooltip.get(aid, aid)),
                                     "point": layers.area_points[aid]},
                      "geometry": layers.area_geometry[aid]})
    return {"type": "FeatureCollection", "features": feats}


def area_id_from_tooltip(text: str | None, known_ids) -> str | None:
    """Which area a clicked tooltip belongs to: tooltips end with the area id in square brackets."""
    if not text:
        return None
    import re

    for found in reversed(re.findall(r"\[([a-z][a-z0-9-]{2,23})\]", text)):
        if found in known_ids:
            return found
    return None
