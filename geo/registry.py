"""The whole factory registry on a map: which factories a filter picks, where they can be drawn, the nearest
programme area of a factory outside every area, and the factories of a province per district. Plain functions
over the snapshot's frames."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.geometry

from common.thai import sort_frame
from geo.boundaries import PolygonIndex
from geo.colours import FACTORY_STATUS_COLOURS
from geo.pointlayer import add_points, clicked_id
from i18n import t
from scoring.factories import filter_factories

#: Registry status codes (FFLAG) drawn on the map, in legend order; a factory with no status gets UNKNOWN.
STATUSES = [1, 0, 3, 2]
UNKNOWN = len(STATUSES)
INSIDE_CHOICES = ("in", "out")          # inside one of the programme's areas / outside all of them


def select(factories: pd.DataFrame, provinces: pd.DataFrame, region: str | None = None, province: str | None = None,
           statuses=None, classes=None, isic_prefix: str | None = None, inside: str | None = None) -> pd.DataFrame:
    """The registered factories of a filter (None or empty = no filter): the province's or region's (by the
    province their coordinates place them in), of the given statuses and classes, with an ISIC code starting
    with ``isic_prefix``, inside one of the programme's areas (``inside="in"``) or outside all (``"out"``)."""
    keep = pd.Series(True, index=factories.index)
    if province:
        keep &= factories["province_code"] == province
    elif region:
        codes = set(provinces.loc[provinces["region_id"] == region, "code"])
        keep &= factories["province_code"].isin(codes)
    if inside == "in":
        keep &= factories["area_id"].notna()
    elif inside == "out":
        keep &= factories["area_id"].isna()
    chosen = factories if keep.all() else factories.loc[keep]     # (no copy of a whole registry)
    if statuses or classes or isic_prefix:
        chosen = filter_factories(chosen, pd.Series(dtype=object), statuses=statuses, classes=classes,
                                  isic_prefix=isic_prefix)
    return chosen


def located(factories: pd.DataFrame) -> pd.DataFrame:
    """The factories that have coordinates (the others cannot be drawn), in their order."""
    keep = factories["lat"].notna() & factories["lon"].notna()
    return factories if keep.all() else factories.loc[keep]


def status_codes(factories: pd.DataFrame) -> np.ndarray:
    """Each factory's position in :data:`STATUSES` (:data:`UNKNOWN` for a blank or unlisted status)."""
    status = pd.to_numeric(factories["status"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    codes = np.full(len(status), UNKNOWN, dtype=np.int64)
    for i, s in enumerate(STATUSES):
        codes[status == s] = i
    return codes


def status_names(lang: str) -> list[str]:
    """The names of the status codes of :func:`status_codes`, in their order (the legend's)."""
    return [t(f"fstatus.{s}", lang) for s in STATUSES] + [t("fstatus.unknown", lang)]


def add_registry_points(m, factories: pd.DataFrame, lang: str) -> None:
    """The factory layer: ``factories`` (those with coordinates) as ONE point layer coloured by status, each
    named on hover (its name in ``lang`` and registration number; a whole registry's names are a served file the
    browser fetches on the first hover). A click names the factory through :func:`clicked_factory`."""
    f = located(factories)
    add_points(m, f["lon"], f["lat"], status_codes(f), f["registration_no"], FACTORY_STATUS_COLOURS,
               status_names(lang), t("map.point_hint", lang), t("map.cluster_hint", lang), name="registry",
               labels=hover_labels(f, lang))


def hover_labels(factories: pd.DataFrame, lang: str) -> pd.Series:
    """Each factory's name in ``lang`` (the Thai one where that is blank) and its registration number, as the
    hover of the factory layer shows them (vectorised: a whole registry in a fraction of a second)."""
    thai = factories["name_th"].astype("string[pyarrow]").fillna("")
    name = factories[f"name_{lang}"].astype("string[pyarrow]").fillna("") if f"name_{lang}" in factories.columns \
        else thai
    name = name.where(name.str.strip() != "", thai)
    return name + "\n" + factories["registration_no"].astype("string[pyarrow]").fillna("")


def clicked_factory(text: str | None, factories: pd.DataFrame) -> str | None:
    """The registration number of the factory a click on a map of ``factories`` named (see
    :func:`geo.pointlayer.clicked_id`); None when the click was not on one of them."""
    return clicked_id(text, located(factories)["registration_no"])


def nearest_areas(areas: gpd.GeoDataFrame, lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """(area id, distance in km) of the programme area nearest to each point (0 km inside an area; None and NaN
    for a point without coordinates). ``areas`` is ``MapLayers.areas`` (area_id, full-detail polygons)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    ids, km = np.full(len(lon), None, dtype=object), np.full(len(lon), np.nan)
    ok = ~(np.isnan(lon) | np.isnan(lat))
    if ok.any():
        index = PolygonIndex(areas["area_id"], areas.geometry)
        ids[ok], km[ok] = index.nearest(shapely.points(lon[ok], lat[ok]))
    return ids, km


def province_bounds(provinces: dict, code: str | None, pad: float = 0.05) -> list[list[float]] | None:
    """[[south, west], [north, east]] of a province in ``MapLayers.provinces`` (None for an unknown code)."""
    for feature in provinces["features"]:
        if feature["properties"]["code"] == code:
            minx, miny, maxx, maxy = shapely.bounds(shapely.geometry.shape(feature["geometry"]))
            return [[float(miny) - pad, float(minx) - pad], [float(maxy) + pad, float(maxx) + pad]]
    return None


def district_counts(factories: pd.DataFrame, admin_lookup: pd.DataFrame, province: str, lang: str) -> pd.DataFrame:
    """One row per district of ``province`` that holds a factory of ``factories``: ``district_code``, ``name``
    (in ``lang``), ``factories``, ``in_areas`` (inside one of the programme's areas), ``operating`` (status 1);
    most factories first, then by name in Thai dictionary order. A factory with no district is counted under
    the code ''."""
    f = factories.loc[factories["province_code"] == province]
    if f.empty:
        return pd.DataFrame(columns=["district_code", "name", "factories", "in_areas", "operating"])
    grouped = pd.DataFrame({"district_code": f["district_code"].fillna("").astype(str),
                            "in_areas": f["area_id"].notna().astype(int),
                            "operating": (f["status"].astype("Int64") == 1).fillna(False).astype(int)})
    out = grouped.groupby("district_code", sort=False).agg(factories=("in_areas", "size"), in_areas=("in_areas", "sum"),
                                                           operating=("operating", "sum")).reset_index()
    names = admin_lookup.loc[admin_lookup["level"] == "district"].set_index("code")[f"name_{lang}"] \
        if admin_lookup is not None else pd.Series(dtype=object)
    out["name"] = out["district_code"].map(names).fillna("–").astype(str)
    out = sort_frame(out, ["factories", "name"], ascending=[False, True])
    return out[["district_code", "name", "factories", "in_areas", "operating"]].reset_index(drop=True)
