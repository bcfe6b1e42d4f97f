"""The HTTP face of the open data, mounted on the app's own server (serve.py) at ``<base>/api``: the OGC API –
Features at ``/api/ogc`` and the catalogue at ``/api/catalog``. Thin: it reads the parameters, asks
:mod:`opendata` for the document and answers it with an ETag (a hash of the body, so it changes with the data
version) and ``Cache-Control: public`` so that a proxy may keep it; ``If-None-Match`` gets 304."""
from __future__ import annotations

import functools
import hashlib
import json

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from opendata import catalog, ogc, openapi
from opendata.query import QueryError, parse
from opendata.store import Store

MAX_AGE = 300           # seconds a proxy or browser may keep an answer without asking again


@functools.cache
def store(url: str | None = None) -> Store:
    from db.engine import database_url
    return Store(url or database_url())


def _root(request, base: str) -> str:
    """The absolute URL of ``base`` on this server as the client reached it: the Host header (which the proxy
    passes on) and the scheme the proxy states (``X-Forwarded-Proto``, set by deploy/nginx.conf.template).
    ``X-Forwarded-Host`` is not trusted: a client could set it and have a shared cache keep links elsewhere."""
    proto = request.headers.get("x-forwarded-proto", request.url.scheme)
    proto = proto if proto in ("http", "https") else request.url.scheme
    return f"{proto}://{request.url.netloc}{base}"


def _answer(request, body: bytes, media: str, headers: dict | None = None) -> Response:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    common = {"ETag": etag, "Cache-Control": f"public, max-age={MAX_AGE}", "Vary": "Accept-Encoding",
              "Access-Control-Allow-Origin": "*", **(headers or {})}
    seen = [t.strip().removeprefix("W/") for t in request.headers.get("if-none-match", "").split(",")]
    if etag in seen or "*" in seen:
        return Response(status_code=304, headers=common)
    return Response(body, media_type=media, headers=common)


def _json(request, doc: dict, media: str = ogc.JSON) -> Response:
    return _answer(request, json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), media)


def _error(status: int, en: str, th: str) -> JSONResponse:
    code = {400: "InvalidParameterValue", 404: "NotFound"}.get(status, "Error")
    return JSONResponse({"code": code, "description": en, "description_th": th}, status_code=status)


def _not_found(what: str) -> JSONResponse:
    return _error(404, f"not found: {what}", f"ไม่พบ: {what}")


def _params(request) -> dict:
    return {k: request.query_params.get(k) for k in request.query_params.keys()}


async def _snapshot():
    return await run_in_threadpool(lambda: store().snapshot())


def ogc_routes(base: str) -> list[Route]:
    """The OGC API's routes, relative to ``<base>/api``; links are absolute."""
    api = f"{base}/api/ogc"

    def root(request):
        return _root(request, api)

    async def landing(request):
        return _json(request, ogc.landing(root(request)))

    async def conformance(request):
        return _json(request, ogc.conformance())

    async def api_doc(request):
        return _json(request, openapi.document(root(request)), ogc.OPENAPI_JSON)

    async def collections(request):
        return _json(request, ogc.collections_doc(root(request), await _snapshot()))

    async def collection(request):
        snap = await _snapshot()
        col = snap.collections.get(request.path_params["cid"])
        return _json(request, ogc.collection_doc(root(request), col)) if col else _not_found("collection")

    async def items(request):
        snap = await _snapshot()
        col = snap.collections.get(request.path_params["cid"])
        if col is None:
            return _not_found("collection")
        params = _params(request)
        try:
            query = parse(params)
        except QueryError as e:
            return _error(400, e.en, e.th)
        if query.f in ("csv", "xlsx"):
            make, media = (ogc.items_csv, "text/csv; charset=utf-8") if query.f == "csv" else (ogc.items_xlsx, ogc.XLSX)
            body = await run_in_threadpool(lambda: make(col, query))
            return _answer(request, body, media,
                           {"Content-Disposition": f'attachment; filename="eit-{col.name}.{query.f}"'})
        body = await run_in_threadpool(lambda: ogc.items_json(root(request), col, query, params))
        return _answer(request, body, ogc.GEOJSON)

    async def item(request):
        snap = await _snapshot()
        cid, fid = request.path_params["cid"], request.path_params["fid"]
        col = snap.collections.get(cid)
        pos = snap.indexes.get(cid, {}).get(fid)
        if col is None or pos is None:
            return _not_found("feature")
        return _json(request, ogc.feature_doc(root(request), col, pos), ogc.GEOJSON)

    return [Route("/ogc", landing), Route("/ogc/", landing), Route("/ogc/conformance", conformance),
            Route("/ogc/openapi", api_doc), Route("/ogc/collections", collections),
            Route("/ogc/collections/{cid}", collection), Route("/ogc/collections/{cid}/items", items),
            Route("/ogc/collections/{cid}/items/{fid:path}", item)]


def catalog_routes(base: str) -> list[Route]:
    async def listing(request):
        snap = await _snapshot()
        return _json(request, catalog.catalog(_root(request, base), snap.updated, snap.version))

    async def one(request):
        cid = catalog.collection_of(request.path_params["name"])
        if cid is None:
            return _not_found("dataset")
        snap = await _snapshot()
        return _json(request, catalog.record(_root(request, base), cid, snap.updated, snap.version))

    async def action(request):
        snap = await _snapshot()
        status, body = catalog.ckan_action(request.path_params["action"], _params(request), _root(request, base),
                                           snap.updated, snap.version)
        if status != 200:
            return JSONResponse(body, status_code=status)
        return _json(request, body)

    return [Route("/catalog", listing), Route("/catalog/{name}", one),
            Route("/3/action/{action}", action), Route("/action/{action}", action)]


def opendata_routes(base: str = "") -> list[Route]:
    """The routes to add to the app server's (``ROUTES += opendata_routes(_BASE)``), each at its full path under
    ``<base>/api`` (plain routes, not a mount, so that other ``/api/…`` routes of the server stay theirs): the
    OGC API, the catalogue, and CKAN's read-only actions (``/api/3/action/package_list|show|search``)."""
    base = base.rstrip("/")
    if base and not base.startswith("/"):
        base = "/" + base
    return [Route(f"{base}/api{r.path}", r.endpoint) for r in [*ogc_routes(base), *catalog_routes(base)]]
