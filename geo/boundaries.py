"""Thai administrative boundaries and the area polygons built from them.

An EIT area is described by DOPA admin codes (2-digit province, 4-digit district, 6-digit subdistrict); its
polygon is the union of those units. All codes are strings; leading zeros are never lost.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from common.errors import DataError

LAYER_FILES = {
    "province": "th_provinces.geojson",
    "district": "th_districts.geojson",
    "subdistrict": "th_subdistricts.geojson",
}
CODE_LENGTH = {2: "province", 4: "district", 6: "subdistrict"}
GRID = 1e-5  # the boundary files are snapped to this grid (about 1 m)


@dataclass(frozen=True)
class Boundaries:
    """The three admin layers, each a GeoDataFrame indexed by its code (EPSG:4326)."""

    province: gpd.GeoDataFrame
    district: gpd.GeoDataFrame
    subdistrict: gpd.GeoDataFrame

    def layer_for(self, code: str) -> gpd.GeoDataFrame:
        level = CODE_LENGTH.get(len(code))
        if level is None:
            raise DataError(f"admin code {code!r} must have 2, 4 or 6 digits / รหัสเขตการปกครองต้องมี 2, 4 หรือ 6 หลัก")
        return getattr(self, level)


def _read_layer(path: Path) -> gpd.GeoDataFrame:
    if not path.exists():
        raise DataError(f"boundary file missing: {path} / ไม่พบไฟล์ขอบเขตการปกครอง")
    gdf = gpd.read_file(path)
    if "code" not in gdf.columns:
        raise DataError(f"{path.name}: no 'code' property / ไม่มีคอลัมน์ code")
    gdf["code"] = gdf["code"].astype(str)
    return gdf.set_index("code", drop=False)


def load_boundaries(boundaries_dir: Path) -> Boundaries:
    """Read the province, district and subdistrict layers from ``data/boundaries``."""
    boundaries_dir = Path(boundaries_dir)
    layers = {level: _read_layer(boundaries_dir / name) for level, name in LAYER_FILES.items()}
    return Boundaries(**layers)


def union_of_codes(codes: list[str], boundaries: Boundaries) -> shapely.Geometry:
    """The polygon covered by the given admin units (any mix of levels)."""
    parts = []
    for code in codes:
        layer = boundaries.layer_for(code)
        if code not in layer.index:
            raise DataError(f"admin code {code} is not in the boundary data / ไม่พบรหัส {code} ในข้อมูลขอบเขต")
        parts.append(layer.geometry.loc[code])
    merged = shapely.union_all(parts, grid_size=GRID)
    return shapely.make_valid(merged)


def area_polygons(areas: pd.DataFrame, boundaries: Boundaries) -> gpd.GeoDataFrame:
    """One polygon per area: the union of the units listed in its ``admin_codes`` (space separated)."""
    geoms = [union_of_codes(str(codes).split(), boundaries) for codes in areas["admin_codes"]]
    return gpd.GeoDataFrame({"area_id": areas["area_id"].to_numpy()}, geometry=geoms, crs="EPSG:4326")


class PolygonIndex:
    """Polygons with ids and a spatial index; :meth:`find` gives the id of the first polygon (in the given order)
    holding each point (a point on a shared border goes to the first). The one point-in-polygon rule of the project."""

    def __init__(self, ids, geometries) -> None:
        self.ids = np.asarray(list(ids), dtype=object)
        self.geoms = np.asarray(list(geometries), dtype=object)
        shapely.prepare(self.geoms)
        self.tree = shapely.STRtree(self.geoms)

    def find(self, points: np.ndarray) -> np.ndarray:
        out = np.full(len(points), None, dtype=object)
        if len(points) == 0 or len(self.ids) == 0:
            return out
        pt_idx, poly_idx = self.tree.query(points, predicate="intersects")
        if len(pt_idx):
            order = np.lexsort((poly_idx, pt_idx))          # by point, then polygon order
            pt_idx, poly_idx = pt_idx[order], poly_idx[order]
            first = np.r_[True, pt_idx[1:] != pt_idx[:-1]]
            out[pt_idx[first]] = self.ids[poly_idx[first]]
        return out

    def nearest(self, points: np.ndarray, max_km: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(id, distance in km) of the polygon nearest to each point (lon/lat degrees); a point inside a polygon
        is 0 km from it.  With ``max_km``, points farther than that from every polygon get (None, NaN).

        The search is planar in degrees; the distance reported is the great-circle length of the shortest line
        from the point to that polygon, so it is exact in km for the polygon found."""
        n = len(points)
        ids, km = np.full(n, None, dtype=object), np.full(n, np.nan)
        if n == 0 or len(self.ids) == 0 or (max_km is not None and max_km < 0):
            return ids, km
        max_deg = None
        if max_km is not None:     # a degree of longitude is shortest at the highest latitude: a safe bound
            top = min(89.0, float(np.nanmax(np.abs(shapely.get_y(points)))) + 1.0)
            max_deg = max_km / (KM_PER_DEGREE * np.cos(np.radians(top)))
        pt_idx, poly_idx = self.tree.query_nearest(points, max_distance=max_deg, all_matches=False)
        if len(pt_idx):
            ends = shapely.get_coordinates(shapely.shortest_line(points[pt_idx], self.geoms[poly_idx])).reshape(-1, 4)
            d = great_circle_km(ends[:, 1], ends[:, 0], ends[:, 3], ends[:, 2])
            keep = d <= max_km if max_km is not None else np.ones(len(d), dtype=bool)
            ids[pt_idx[keep]] = self.ids[poly_idx[keep]]
            km[pt_idx[keep]] = d[keep]
        return ids, km


KM_PER_DEGREE = 111.32          # km per degree of latitude (and of longitude at the equator)


def great_circle_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Haversine distance in km between points given in decimal degrees (arrays)."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))



def locate_points(lon, lat, polygons: gpd.GeoDataFrame, id_column: str) -> pd.Series:
    """For each point, the id of the polygon that contains it (None when none does, or for NaN coordinates).

    Points on a shared border go to the first polygon in ``polygons`` order (see :class:`PolygonIndex`).
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    result = np.full(lon.shape, None, dtype=object)
    todo = np.flatnonzero(~(np.isnan(lon) | np.isnan(lat)))
    if len(todo):
        index = PolygonIndex(polygons[id_column], polygons.geometry)
        result[todo] = index.find(shapely.points(lon[todo], lat[todo]))
    return pd.Series(result, name=id_column, dtype=object)


def simplify_coverage(gdf: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Simplify a set of polygons that share borders so that the borders stay aligned, then round to 5 decimals.

    ``tolerance`` is in degrees (0.01 ≈ 1 km). Polygons that are not a valid coverage are simplified one by one.
    """
    geoms = gdf.geometry.to_numpy()
    if tolerance > 0:
        if shapely.coverage_is_valid(geoms):
            geoms = shapely.coverage_simplify(geoms, tolerance)
        else:
            geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    geoms = shapely.set_precision(geoms, GRID)
    out = gdf.copy()
    out.geometry = geoms
    return out
