"""The OpenAPI 3.0 definition of the API (served at ``/api/ogc/openapi``), built from the collections' list so
that a new collection appears in it by itself."""
from __future__ import annotations

from opendata.fields import COLLECTIONS
from opendata.ogc import TITLE_EN, XLSX
from opendata.query import DEFAULT_LIMIT, FORMATS, MAX_LIMIT

_LINK = {"type": "object", "required": ["href", "rel"],
         "properties": {"href": {"type": "string"}, "rel": {"type": "string"}, "type": {"type": "string"},
                        "title": {"type": "string"}}}
_LINKS = {"type": "array", "items": {"$ref": "#/components/schemas/link"}}
_ERROR = {"type": "object", "properties": {"code": {"type": "string"}, "description": {"type": "string"},
                                           "description_th": {"type": "string"}}}
_FEATURE = {"type": "object", "required": ["type", "geometry", "properties"],
            "properties": {"type": {"type": "string", "enum": ["Feature"]}, "id": {"type": "string"},
                           "geometry": {"type": "object", "nullable": True},
                           "properties": {"type": "object", "nullable": True}, "links": _LINKS}}
_COLLECTION = {"type": "object", "required": ["id", "links"],
               "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                              "description": {"type": "string"}, "links": _LINKS, "extent": {"type": "object"},
                              "itemType": {"type": "string"}, "crs": {"type": "array", "items": {"type": "string"}}}}


def _param(name: str, schema: dict, description: str, where: str = "query", required: bool = False,
           **extra) -> dict:
    return {"name": name, "in": where, "required": required, "schema": schema, "description": description,
            **extra}


PARAMETERS = {
    "collectionId": _param("collectionId", {"type": "string", "enum": list(COLLECTIONS)}, "The collection",
                           "path", True),
    "featureId": _param("featureId", {"type": "string"}, "The feature's id", "path", True),
    "bbox": _param("bbox", {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
                   "min lon, min lat, max lon, max lat (CRS84)", style="form", explode=False),
    "datetime": _param("datetime", {"type": "string"},
                       "An RFC 3339 date, date-time or interval (start/end, '..' for open), or a four-digit year: "
                       "2400 or above Buddhist era (2568), below that Christian era (2025)."),
    "limit": _param("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
                    "Features per page", style="form", explode=False),
    "offset": _param("offset", {"type": "integer", "minimum": 0, "default": 0}, "Features to skip"),
    "f": _param("f", {"type": "string", "enum": list(FORMATS), "default": "json"},
                "The format: json/geojson (GeoJSON), csv or xlsx (English column names)"),
}


def _ok(schema_ref: str, media: str = "application/json", more: dict | None = None) -> dict:
    content = {media: {"schema": {"$ref": schema_ref}}, **(more or {})}
    return {"200": {"description": "OK", "content": content},
            "304": {"description": "Not modified (If-None-Match)"},
            "400": {"description": "A bad parameter", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/exception"}}}},
            "404": {"description": "Not found", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/exception"}}}}}


def _get(summary: str, op: str, responses: dict, params: list[str] | None = None) -> dict:
    return {"get": {"summary": summary, "operationId": op, "responses": responses,
                    "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params or []]}}


def document(base: str) -> dict:
    """The definition, with ``base`` (the absolute root of the API) as its server."""
    obj = {"type": "object"}
    csv = {"text/csv": {"schema": {"type": "string"}}, XLSX: {"schema": {"type": "string", "format": "binary"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": TITLE_EN, "version": "1.0.0",
                 "description": "A read-only OGC API – Features (Part 1 Core) over the public registers.",
                 "license": {"name": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}},
        "servers": [{"url": base}],
        "paths": {
            "/": _get("Landing page", "getLandingPage", _ok("#/components/schemas/landing")),
            "/conformance": _get("Conformance classes", "getConformance", _ok("#/components/schemas/conformance")),
            "/collections": _get("The collections", "getCollections", _ok("#/components/schemas/collections")),
            "/collections/{collectionId}": _get("One collection", "describeCollection",
                                                _ok("#/components/schemas/collection"), ["collectionId"]),
            "/collections/{collectionId}/items": _get(
                "Features of a collection", "getFeatures",
                _ok("#/components/schemas/featureCollection", "application/geo+json", csv),
                ["collectionId", "bbox", "datetime", "limit", "offset", "f"]),
            "/collections/{collectionId}/items/{featureId}": _get(
                "One feature", "getFeature", _ok("#/components/schemas/feature", "application/geo+json"),
                ["collectionId", "featureId"]),
        },
        "components": {
            "parameters": PARAMETERS,
            "schemas": {
                "link": _LINK, "exception": _ERROR, "feature": _FEATURE, "collection": _COLLECTION,
                "landing": {"type": "object", "required": ["links"], "properties": {"title": {"type": "string"},
                            "description": {"type": "string"}, "links": _LINKS}},
                "conformance": {"type": "object", "required": ["conformsTo"], "properties": {
                    "conformsTo": {"type": "array", "items": {"type": "string"}}}},
                "collections": {"type": "object", "required": ["links", "collections"], "properties": {
                    "links": _LINKS, "collections": {"type": "array",
                                                     "items": {"$ref": "#/components/schemas/collection"}}}},
                "featureCollection": {"type": "object", "required": ["type", "features"], "properties": {
                    "type": {"type": "string", "enum": ["FeatureCollection"]},
                    "features": {"type": "array", "items": {"$ref": "#/components/schemas/feature"}},
                    "numberMatched": {"type": "integer", "minimum": 0},
                    "numberReturned": {"type": "integer", "minimum": 0},
                    "links": _LINKS}},
                "object": obj,
            },
        },
    }
