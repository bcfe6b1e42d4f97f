"""The documents of the OGC API – Features (Part 1 Core, GeoJSON, OpenAPI 3.0) as plain dicts: landing page,
conformance, collections, one collection, a page of items, one item. ``base`` is the absolute URL of the API's
root (``…/api/ogc``); every link is absolute."""
from __future__ import annotations

from urllib.parse import quote, urlencode

import pandas as pd

from common.cells import csv_bytes, safe_frame
from common.years import to_ce
from geo.extent import LAT_RANGE, LON_RANGE
from opendata.features import dumps
from opendata.fields import COLLECTIONS, PUBLIC_FIELDS
from opendata.query import CRS84, Query, matches

GEOJSON, JSON, OPENAPI_JSON, CSV = ("application/geo+json", "application/json",
                                    "application/vnd.oai.openapi+json;version=3.0", "text/csv")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
TITLE_TH, TITLE_EN = "ข้อมูลเปิด เมืองอุตสาหกรรมเชิงนิเวศ", "Eco Industrial Town open data"


def _link(href: str, rel: str, type_: str, title: str) -> dict:
    return {"href": href, "rel": rel, "type": type_, "title": title}


def landing(base: str) -> dict:
    return {"title": TITLE_EN, "description": (f"{TITLE_TH}: OGC API – Features over the public registers of the "
                                              "Eco Industrial Town programme (Department of Industrial Works)."),
            "links": [_link(base, "self", JSON, "This document"),
                      _link(f"{base}/openapi", "service-desc", OPENAPI_JSON, "The API definition (OpenAPI 3.0)"),
                      _link(f"{base}/conformance", "conformance", JSON, "Conformance classes"),
                      _link(f"{base}/collections", "data", JSON, "The collections")]}


def conformance() -> dict:
    return {"conformsTo": CONFORMANCE}


def _extent(collection) -> dict:
    boxes = [b for b in collection.boxes if b is not None]
    bbox = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes)] if boxes else [LON_RANGE[0], LAT_RANGE[0], LON_RANGE[1], LAT_RANGE[1]]  # Thailand when empty
    out = {"spatial": {"bbox": [bbox], "crs": CRS84}}
    years = [y for y in collection.years if y is not None]
    if COLLECTIONS[collection.name]["temporal"]:
        interval = [f"{to_ce(min(years)):04d}-01-01T00:00:00Z", f"{to_ce(max(years)):04d}-12-31T23:59:59Z"] \
            if years else [None, None]
        out["temporal"] = {"interval": [interval], "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
    return out


def collection_doc(base: str, collection) -> dict:
    meta, cid = COLLECTIONS[collection.name], collection.name
    return {"id": cid, "title": meta["title_en"], "description": meta["description_en"],
            "title_th": meta["title_th"], "description_th": meta["description_th"],
            "keywords": meta["keywords"], "itemType": "feature", "crs": [CRS84], "extent": _extent(collection),
            "properties": list(PUBLIC_FIELDS[cid]),
            "links": [_link(f"{base}/collections/{cid}", "self", JSON, "This collection"),
                      _link(f"{base}/collections/{cid}/items", "items", GEOJSON, "The features (GeoJSON)"),
                      _link(f"{base}/collections/{cid}/items?f=csv", "alternate", CSV, "The features (CSV)"),
                      _link(f"{base}/collections/{cid}/items?f=xlsx", "alternate", XLSX, "The features (Excel)")]}


def collections_doc(base: str, snapshot) -> dict:
    return {"links": [_link(f"{base}/collections", "self", JSON, "The collections")],
            "collections": [collection_doc(base, c) for c in snapshot.collections.values()]}


def selected(collection, query: Query) -> list[int]:
    """The positions of the features that pass the query's filters (before paging)."""
    return [i for i, (y, b) in enumerate(zip(collection.years, collection.boxes)) if matches(query, y, b)]


def _page_url(base: str, cid: str, params: dict, offset: int, limit: int) -> str:
    return f"{base}/collections/{cid}/items?" + urlencode({**params, "offset": offset, "limit": limit})


def items_doc(base: str, collection, query: Query, params: dict) -> dict:
    """One page of features (GeoJSON FeatureCollection) with numberMatched/numberReturned and next/prev links."""
    hits, page, links = _page(base, collection, query, params)
    return {"type": "FeatureCollection", "features": [collection.features[i] for i in page],
            "numberMatched": len(hits), "numberReturned": len(page), "links": links}


def items_json(base: str, collection, query: Query, params: dict) -> bytes:
    """:func:`items_doc` as the JSON text the API sends, spliced from the features' JSON made once per data
    version (a page of 10,000 features is not encoded again for every request)."""
    hits, page, links = _page(base, collection, query, params)
    head = dumps({"type": "FeatureCollection", "numberMatched": len(hits), "numberReturned": len(page),
                  "links": links})
    return (head[:-1] + ',"features":[' + ",".join(collection.encoded[i] for i in page) + "]}").encode("utf-8")


def _page(base: str, collection, query: Query, params: dict) -> tuple[list[int], list[int], list[dict]]:
    """(positions matching the filters, positions on this page, the page's links)."""
    hits = selected(collection, query)
    page = hits[query.offset: query.offset + query.limit]
    keep = {k: v for k, v in params.items() if k not in ("offset", "limit", "f")}
    cid = collection.name
    links = [_link(_page_url(base, cid, keep, query.offset, query.limit), "self", GEOJSON, "This page"),
             _link(f"{base}/collections/{cid}", "collection", JSON, "The collection")]
    if query.offset + query.limit < len(hits):
        links.append(_link(_page_url(base, cid, keep, query.offset + query.limit, query.limit), "next", GEOJSON,
                           "The next page"))
    if query.offset > 0:
        links.append(_link(_page_url(base, cid, keep, max(0, query.offset - query.limit), query.limit), "prev",
                           GEOJSON, "The previous page"))
    return hits, page, links


def feature_doc(base: str, collection, position: int) -> dict:
    cid = collection.name
    feat = collection.features[position]
    return {**feat, "links": [
        _link(f"{base}/collections/{cid}/items/{quote(feat['id'], safe='')}", "self", GEOJSON, "This feature"),
        _link(f"{base}/collections/{cid}", "collection", JSON, "The collection")]}


def _coords(geometry: dict | None) -> dict:
    """Columns for a CSV row: lon/lat of a point, from/to ends of a line, nothing for a polygon."""
    if not geometry:
        return {}
    if geometry["type"] == "Point":
        return {"lon": geometry["coordinates"][0], "lat": geometry["coordinates"][1]}
    if geometry["type"] == "LineString":
        (x0, y0), (x1, y1) = geometry["coordinates"]
        return {"from_lon": x0, "from_lat": y0, "to_lon": x1, "to_lat": y1}
    return {}


def items_frame(collection, query: Query) -> pd.DataFrame:
    """The features that pass the filters as a table with English column names (the public properties, then the
    coordinates); without ``limit`` every matching feature, with it one page."""
    hits = selected(collection, query)
    if query.limit_given or query.offset:
        hits = hits[query.offset: query.offset + query.limit]
    extra = {"point": ["lon", "lat"], "line": ["from_lon", "from_lat", "to_lon", "to_lat"], "polygon": []}
    cols = ["id", *PUBLIC_FIELDS[collection.name], *extra[COLLECTIONS[collection.name]["geometry"]]]
    rows = [{"id": f["id"], **f["properties"], **_coords(f["geometry"])}
            for f in (collection.features[i] for i in hits)]
    return pd.DataFrame(rows, columns=cols)


def items_csv(collection, query: Query) -> bytes:
    """:func:`items_frame` as CSV, UTF-8 with a BOM, cells made safe (common.cells)."""
    return csv_bytes(items_frame(collection, query))


def items_xlsx(collection, query: Query) -> bytes:
    """:func:`items_frame` as an Excel workbook (one sheet named after the collection), cells made safe."""
    import io

    out = io.BytesIO()
    safe_frame(items_frame(collection, query)).to_excel(out, index=False, sheet_name=collection.name)
    return out.getvalue()
