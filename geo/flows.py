"""The symbiosis register on a map: exchanges as ONE GeoJSON layer of lines (width by quantity, colour by
category, an arrow head at the receiving end), the parties that are not factories as one layer of points, and
the same lines as a GeoJSON download.  Plain functions (no Streamlit, no folium object per flow or party); every
text from data is escaped here before it reaches a tooltip."""
from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd

from common.values import is_missing
from geo.colours import CATEGORY_COLOURS, PARTY_COLOURS

MIN_WEIGHT, MAX_WEIGHT = 2.0, 9.0
ARROW_KM = 0.35          # the arrow head's arms (shorter on a short line)
KM_PER_DEGREE = 111.32


def _name(parties: pd.DataFrame, lang: str) -> pd.Series:
    names = parties[f"name_{lang}"]
    return names.where(names.fillna("").astype(str).str.strip() != "", parties["name_th"]).fillna("").astype(str)


def weights(quantity: pd.Series, unit: pd.Series) -> np.ndarray:
    """Line width by quantity: the square root of the quantity against the largest of the same unit, so
    tonnes are compared with tonnes and cubic metres with cubic metres; no quantity gives the thinnest line."""
    q = pd.to_numeric(quantity, errors="coerce").astype(float)
    top = q.groupby(unit.fillna("")).transform("max")
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.sqrt((q / top.where(top > 0)).to_numpy(dtype=float))
    share = np.nan_to_num(share, nan=0.0)
    return np.round(MIN_WEIGHT + (MAX_WEIGHT - MIN_WEIGHT) * share, 1)


def arrow_head(lon0: float, lat0: float, lon1: float, lat1: float) -> list[list[list[float]]]:
    """The two arms of an arrow head at (lon1, lat1), pointing along the line from (lon0, lat0)."""
    kx = math.cos(math.radians(lat1))
    dx, dy = (lon1 - lon0) * kx, lat1 - lat0
    length = math.hypot(dx, dy)
    if length == 0:
        return []
    arm = min(ARROW_KM / KM_PER_DEGREE, 0.3 * length)
    ux, uy = dx / length, dy / length
    arms = []
    for sign in (1, -1):
        a = math.radians(150 * sign)
        vx, vy = ux * math.cos(a) - uy * math.sin(a), ux * math.sin(a) + uy * math.cos(a)
        arms.append([[round(lon1, 5), round(lat1, 5)], [round(lon1 + arm * vx / kx, 5), round(lat1 + arm * vy, 5)]])
    return arms


def flow_frame(ex: pd.DataFrame, parties: pd.DataFrame, lang: str, labels: dict[str, dict[str, str]]) -> pd.DataFrame:
    """The exchanges with both parties' names and coordinates and the texts a reader sees, in ``lang``:
    ``from_name, to_name, from_lat .. to_lon, category_text, status_text, quantity_text``.  ``labels``: list ->
    code -> name (``vocab.labels``) for ``category``, ``status`` and ``unit``."""
    p = parties.drop_duplicates("party_id").set_index("party_id")
    names = _name(p.reset_index(), lang).set_axis(p.index)
    out = ex.copy()
    for side in ("from", "to"):
        key = out[f"{side}_party"]
        out[f"{side}_name"] = key.map(names).fillna(key).to_numpy()
        out[f"{side}_kind"] = key.map(p["kind"]).to_numpy()
        out[f"{side}_lat"] = key.map(p["lat"]).to_numpy(dtype=float)
        out[f"{side}_lon"] = key.map(p["lon"]).to_numpy(dtype=float)
    out["category_text"] = out["category"].map(labels.get("category", {})).fillna(out["category"])
    status = out["status_now"] if "status_now" in out.columns else out["status"]
    out["status_text"] = status.map(labels.get("status", {})).fillna(status)
    qty = pd.to_numeric(out["quantity"], errors="coerce")
    unit = out["unit"].map(labels.get("unit", {})).fillna(out["unit"]).fillna("")
    out["quantity_text"] = [f"{q:,.0f} {u}/{'ปี' if lang == 'th' else 'yr'}" if pd.notna(q) else "–"
                            for q, u in zip(qty, unit)]
    mat = out[f"material_{lang}"] if f"material_{lang}" in out.columns else out["material_th"]
    out["material_text"] = mat.where(mat.fillna("").astype(str).str.strip() != "", out["material_th"]).fillna("")
    return out


def flow_features(flows: pd.DataFrame) -> dict:
    """A FeatureCollection with one MultiLineString per exchange of :func:`flow_frame` whose two parties have
    coordinates: the line from giver to receiver and the arrow head at the receiver.  Properties: ``colour``,
    ``weight``, ``dashed`` (not operating: a potential exchange is drawn dashed) and the tooltip as indexes
    into ``texts``, a list of escaped texts (party names, materials, quantities repeat across exchanges, so each
    is sent once): ``tip`` = [giver, receiver, material, category, quantity, status]."""
    feats = []
    texts: dict[str, int] = {}

    def ref(value) -> int:
        return texts.setdefault(html.escape(str(value)), len(texts))

    w = weights(flows["quantity"], flows["unit"]) if len(flows) else []
    status = flows["status_now"] if "status_now" in flows.columns else flows.get("status")
    for i, r in enumerate(flows.itertuples(index=False)):
        lon0, lat0, lon1, lat1 = r.from_lon, r.from_lat, r.to_lon, r.to_lat
        if any(is_missing(v) for v in (lon0, lat0, lon1, lat1)):
            continue
        line = [[round(lon0, 5), round(lat0, 5)], [round(lon1, 5), round(lat1, 5)]]
        tip = [ref(r.from_name), ref(r.to_name), ref(r.material_text), ref(r.category_text), ref(r.quantity_text),
               ref(r.status_text)]
        feats.append({"type": "Feature",
                      "properties": {"colour": CATEGORY_COLOURS.get(r.category, "#636363"), "weight": float(w[i]),
                                     "dashed": bool(status.iat[i] != "operating"), "tip": tip},
                      "geometry": {"type": "MultiLineString", "coordinates": [line, *arrow_head(lon0, lat0, lon1, lat1)]}})
    return {"type": "FeatureCollection", "features": feats, "texts": list(texts)}


def flow_tooltip(features: dict, i: int) -> str:
    """The tooltip the browser shows for feature ``i`` (the same joining as :func:`geo.maps.add_flows`)."""
    n, p = features["texts"], features["features"][i]["properties"]["tip"]
    return f"{n[p[0]]} → {n[p[1]]}<br>{n[p[2]]} · {n[p[3]]}<br>{n[p[4]]} · {n[p[5]]}"


def party_features(parties: pd.DataFrame, lang: str, kind_labels: dict[str, str]) -> dict:
    """The parties that are not factories (factories have their own layer) as one FeatureCollection of points,
    coloured by kind, with an escaped tooltip (name and kind)."""
    p = parties[(parties["kind"] != "factory") & parties["lat"].notna() & parties["lon"].notna()]
    names = _name(p, lang)
    feats = [{"type": "Feature", "id": str(pid),
              "properties": {"colour": PARTY_COLOURS.get(kind, "#636363"),
                             "tooltip": f"{html.escape(name)}<br>{html.escape(kind_labels.get(kind, kind))}"},
              "geometry": {"type": "Point", "coordinates": [round(float(lon), 5), round(float(lat), 5)]}}
             for pid, kind, name, lat, lon in zip(p["party_id"], p["kind"], names, p["lat"], p["lon"])]
    return {"type": "FeatureCollection", "features": feats}


def flows_geojson(flows: pd.DataFrame) -> dict:
    """The exchanges of :func:`flow_frame` as GeoJSON LineStrings for download: plain text properties (a
    GeoJSON file is data, not HTML), the giver first."""
    keep = ["exchange_id", "from_party", "from_name", "to_party", "to_name", "area_id", "year", "category",
            "material_th", "material_en", "waste_code", "quantity", "unit", "status", "status_now",
            "co2e_avoided_t", "cost_saved_thb", "distance_km", "tonnes"]
    feats = []
    for r in flows.to_dict("records"):
        coords = (r["from_lon"], r["from_lat"], r["to_lon"], r["to_lat"])
        if any(pd.isna(v) for v in coords):
            continue
        props = {k: _plain(r.get(k)) for k in keep if k in r}
        feats.append({"type": "Feature", "properties": props, "geometry": {
            "type": "LineString", "coordinates": [[round(coords[0], 6), round(coords[1], 6)],
                                                  [round(coords[2], 6), round(coords[3], 6)]]}})
    return {"type": "FeatureCollection", "features": feats}


def _plain(v):
    if is_missing(v):
        return None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    return v
