"""Placing points (factories) in Thailand's admin units and in the EIT areas, vectorised.

:class:`Placer` is built once from the boundary layers and the area polygons and then answers, for many points at
once, which province, district, subdistrict and area each point lies in (``None`` where it lies in none).  It uses
shapely's STRtree, so 150,000 points take about a second.

The three boundary layers are simplified independently, so their edges do not match exactly.  The subdistrict
found decides the district and province (its code starts with theirs); only points that fall in a gap between
subdistricts are looked up in the district layer, and then in the province layer.  A point on a shared border goes
to the first polygon in layer order, as :func:`geo.boundaries.locate_points` does.

"In Thailand" means inside a Thai province polygon: a point in the sea or in a neighbouring country is in none,
whatever box it lies in.  :meth:`Placer.place_near` finds, for such points, the nearest province within a
tolerance (a coastal factory just off the simplified coastline).
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.boundaries import KM_PER_DEGREE, Boundaries, PolygonIndex, area_polygons

PLACE_COLUMNS = ["province_code", "district_code", "subdistrict_code", "area_id"]


class Placer:
    """Finds the admin units and EIT area of points.  Build it once (it indexes ~8,400 polygons)."""

    def __init__(self, boundaries: Boundaries, areas: gpd.GeoDataFrame,
                 area_codes: pd.DataFrame | None = None) -> None:
        """``areas``: the area polygons (``area_id`` + geometry, as :func:`geo.boundaries.area_polygons` gives).

        ``area_codes`` (optional): the area registry (``area_id``, ``admin_codes``) so that :meth:`area_of_codes`
        can tell the area of a factory known only by its admin codes.
        """
        self.boundaries = boundaries
        self._sub = PolygonIndex(boundaries.subdistrict["code"], boundaries.subdistrict.geometry)
        self._dist = PolygonIndex(boundaries.district["code"], boundaries.district.geometry)
        self._prov = PolygonIndex(boundaries.province["code"], boundaries.province.geometry)
        self._areas = PolygonIndex(areas["area_id"], areas.geometry)
        west, south, east, north = boundaries.province.total_bounds
        self.bounds = {"lat": (float(south), float(north)), "lon": (float(west), float(east))}
        self._unit_area: dict[str, str] = {}
        if area_codes is not None:
            for area_id, codes in zip(area_codes["area_id"], area_codes["admin_codes"]):
                for code in str(codes).split():
                    self._unit_area.setdefault(code, str(area_id))

    @classmethod
    def from_areas(cls, boundaries: Boundaries, areas_df: pd.DataFrame) -> Placer:
        """From the loaded boundaries and the area registry (``programme.registry.load_areas``)."""
        return cls(boundaries, area_polygons(areas_df, boundaries), area_codes=areas_df)

    def place(self, lat, lon) -> pd.DataFrame:
        """One row per point: ``province_code, district_code, subdistrict_code, area_id`` (None where outside).

        NaN coordinates and points outside the provinces' bounding box (:attr:`bounds`) are not looked up.
        """
        lat = np.asarray(lat, dtype=float).ravel()
        lon = np.asarray(lon, dtype=float).ravel()
        n = len(lat)
        out = {c: np.full(n, None, dtype=object) for c in PLACE_COLUMNS}
        todo = np.flatnonzero(self.in_bounds(lat, lon))
        if len(todo):
            points = shapely.points(lon[todo], lat[todo])
            sub = self._sub.find(points)
            found = np.not_equal(sub, None)
            dist = np.full(len(todo), None, dtype=object)
            prov = np.full(len(todo), None, dtype=object)
            dist[found] = [c[:4] for c in sub[found]]
            prov[found] = [c[:2] for c in sub[found]]
            gap = np.flatnonzero(~found)
            if len(gap):
                d = self._dist.find(points[gap])
                dist[gap] = d
                has_d = np.not_equal(d, None)
                prov[gap[has_d]] = [c[:2] for c in d[has_d]]
                still = gap[~has_d]
                if len(still):
                    prov[still] = self._prov.find(points[still])
            out["subdistrict_code"][todo] = sub
            out["district_code"][todo] = dist
            out["province_code"][todo] = prov
            out["area_id"][todo] = self._areas.find(points)
        return pd.DataFrame({c: pd.Series(out[c], dtype=object) for c in PLACE_COLUMNS})

    def in_bounds(self, lat, lon, margin_km: float = 0.0) -> np.ndarray:
        """True where (lat, lon) lies in the bounding box of the province layer widened by ``margin_km`` (False
        for NaN): a cheap first filter; only the polygons say whether a point is in Thailand."""
        lat = np.asarray(lat, dtype=float)
        lon = np.asarray(lon, dtype=float)
        (lat0, lat1), (lon0, lon1) = self.bounds["lat"], self.bounds["lon"]
        pad = margin_km / (KM_PER_DEGREE * 0.9)          # cos(25°) > 0.9: a safe margin in longitude too
        with np.errstate(invalid="ignore"):
            return (lat >= lat0 - pad) & (lat <= lat1 + pad) & (lon >= lon0 - pad) & (lon <= lon1 + pad)

    def nearest_province(self, lat, lon, max_km: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(province code, distance in km) of the province polygon nearest to each point, (None, NaN) for NaN
        coordinates and, with ``max_km``, for points farther than that from every province."""
        lat = np.asarray(lat, dtype=float).ravel()
        lon = np.asarray(lon, dtype=float).ravel()
        codes, km = np.full(len(lat), None, dtype=object), np.full(len(lat), np.nan)
        todo = np.flatnonzero(~(np.isnan(lat) | np.isnan(lon)))
        if max_km is not None:
            todo = todo[self.in_bounds(lat[todo], lon[todo], max_km)]
        if len(todo):
            codes[todo], km[todo] = self._prov.nearest(shapely.points(lon[todo], lat[todo]), max_km)
        return codes, km

    def place_near(self, lat, lon, max_km: float) -> pd.DataFrame:
        """For points in no province: the units of the nearest province within ``max_km`` (a coastal factory).

        One row per point, the :data:`PLACE_COLUMNS` plus ``distance_km``: the province is the nearest province
        polygon; the subdistrict (and its district) the nearest subdistrict when it lies in that province, else
        blank; the area is the one listing those units.  Points farther than ``max_km`` get None (NaN km).
        """
        lat = np.asarray(lat, dtype=float).ravel()
        lon = np.asarray(lon, dtype=float).ravel()
        n = len(lat)
        prov, km = self.nearest_province(lat, lon, max_km)
        dist, sub = np.full(n, None, dtype=object), np.full(n, None, dtype=object)
        near = np.flatnonzero(np.not_equal(prov, None))
        if len(near):
            # the subdistrict layer is simplified on its own: allow it a little farther than the province
            s, _ = self._sub.nearest(shapely.points(lon[near], lat[near]), 2 * max_km + 1)
            same = np.array([c is not None and c[:2] == p for c, p in zip(s, prov[near])], dtype=bool)
            sub[near[same]] = s[same]
            dist[near[same]] = [c[:4] for c in s[same]]
        area = np.full(n, None, dtype=object)
        if len(near):
            area[near] = self.area_of_codes(dist[near], sub[near]).to_numpy(dtype=object)
        out = {"province_code": prov, "district_code": dist, "subdistrict_code": sub, "area_id": area}
        frame = pd.DataFrame({c: pd.Series(out[c], dtype=object) for c in PLACE_COLUMNS})
        frame["distance_km"] = km
        return frame

    def area_of_codes(self, district_codes, subdistrict_codes) -> pd.Series:
        """The area of factories known only by their codes: the area listing the subdistrict or its district.

        Without the area registry (``area_codes``), a known subdistrict is looked up by a point inside it (areas
        are unions of whole units); a district alone then gives no area.
        """
        if not self._unit_area:
            subs = self.boundaries.subdistrict
            codes = [s if isinstance(s, str) and s in subs.index else None for s in subdistrict_codes]
            out = np.full(len(codes), None, dtype=object)
            known = np.flatnonzero([c is not None for c in codes])
            if len(known):
                inner = shapely.point_on_surface(subs.geometry.loc[[codes[k] for k in known]].to_numpy())
                out[known] = self._areas.find(inner)
            return pd.Series(out, dtype=object)
        out = []
        for d, s in zip(district_codes, subdistrict_codes):
            area = self._unit_area.get(s) if isinstance(s, str) and s else None
            if area is None and isinstance(d, str) and d:
                area = self._unit_area.get(d)
            if area is None and isinstance(s, str) and len(s) == 6:
                area = self._unit_area.get(s[:4])
            out.append(area)
        return pd.Series(out, dtype=object)


NEAREST_HINT_KM = 300    # a point in no province: the nearest one is named when it is at most this far


def in_sea(lat, lon) -> np.ndarray:
    """True where a point lies in the sea (not on land, nor in a river or lake), from the offline global land
    mask of the ``global-land-mask`` package (about 1 km cells, derived from GLOBE elevation data).  Points
    outside the valid ranges of latitude and longitude are not in the sea."""
    from global_land_mask import globe
    lat = np.asarray(lat, dtype=float).ravel()
    lon = np.asarray(lon, dtype=float).ravel()
    out = np.zeros(len(lat), dtype=bool)
    ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    if ok.any():
        out[ok] = globe.is_ocean(lat[ok], lon[ok])
    return out


class Placement:
    """Where points fall (:func:`outside_points`): their units, and for those in no province whether they are
    a coastal point placed within the tolerance (``near``, ``near_km``), swapped coordinates, or outside Thailand
    (``outside``, with ``on_land`` and the nearest province ``hint_code`` / ``hint_km`` per outside point)."""

    def __init__(self, n: int):
        self.province, self.district, self.subdistrict, self.area = (np.full(n, None, dtype=object)
                                                                     for _ in range(4))
        self.near = np.zeros(n, dtype=bool)
        self.near_km = np.full(n, np.nan)
        self.swapped = np.zeros(n, dtype=bool)
        self.outside = np.zeros(n, dtype=bool)
        self.on_land = np.zeros(n, dtype=bool)
        self.hint_code, self.hint_km = np.array([], dtype=object), np.array([])


def outside_points(placer: Placer, lat, lon, has_coords, coast_km: float) -> Placement:
    """Place points: inside a Thai province polygon; else, only where the point lies in the sea, in the nearest
    province within ``coast_km`` (a coastal point); else swapped coordinates that fall in Thailand; else outside
    Thailand (a point on land across a land or river border is never placed, however near)."""
    la, lo = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    has = np.asarray(has_coords, dtype=bool)
    out = Placement(len(la))
    placed = placer.place(np.where(has, la, np.nan), np.where(has, lo, np.nan))
    for arr, c in zip((out.province, out.district, out.subdistrict, out.area), PLACE_COLUMNS):
        arr[:] = placed[c].to_numpy(dtype=object)
    off = has & np.equal(out.province, None)
    sea = off & in_sea(la, lo)
    out.on_land = off & ~sea
    if sea.any() and coast_km > 0:
        idx = np.flatnonzero(sea)
        nearby = placer.place_near(la[idx], lo[idx], coast_km)
        got = nearby["province_code"].notna().to_numpy()
        for arr, c in zip((out.province, out.district, out.subdistrict, out.area), PLACE_COLUMNS):
            arr[idx[got]] = nearby[c].to_numpy(dtype=object)[got]
        out.near[idx[got]] = True
        out.near_km[idx[got]] = nearby["distance_km"].to_numpy()[got]
    outside = off & ~out.near
    if outside.any():
        idx = np.flatnonzero(outside)
        out.swapped[idx[placer.place(lo[idx], la[idx])["province_code"].notna().to_numpy()]] = True
    out.outside = outside & ~out.swapped
    if out.outside.any():
        idx = np.flatnonzero(out.outside)
        out.hint_code, out.hint_km = placer.nearest_province(la[idx], lo[idx], max_km=NEAREST_HINT_KM)
    return out
