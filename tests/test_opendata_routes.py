"""The HTTP layer's own rules (opendata/routes.py): links name the host the client reached and the scheme the
proxy states, never a host a client claims in X-Forwarded-Host (a shared cache would keep such links for
everyone); ETags answer If-None-Match with 304; the routes sit at their full paths under the base path."""
from __future__ import annotations

from starlette.requests import Request

from opendata.routes import _answer, _root, opendata_routes


def request(headers: dict, path: str = "/api/ogc") -> Request:
    return Request({"type": "http", "method": "GET", "scheme": "http", "server": ("eit.example", 80),
                    "path": path, "query_string": b"", "root_path": "",
                    "headers": [(k.lower().encode(), v.encode()) for k, v in {"host": "eit.example", **headers}.items()]})


def test_links_trust_the_host_and_the_proxy_scheme_only():
    assert _root(request({}), "/api/ogc") == "http://eit.example/api/ogc"
    assert _root(request({"X-Forwarded-Proto": "https"}), "/api/ogc") == "https://eit.example/api/ogc"
    assert _root(request({"X-Forwarded-Host": "evil.example"}), "/api/ogc") == "http://eit.example/api/ogc"
    assert _root(request({"X-Forwarded-Proto": "javascript"}), "/api/ogc") == "http://eit.example/api/ogc"


def test_etag_and_cache_headers():
    first = _answer(request({}), b'{"a":1}', "application/json")
    assert first.status_code == 200 and first.headers["cache-control"].startswith("public, max-age=")
    etag = first.headers["etag"]
    assert _answer(request({"If-None-Match": etag}), b'{"a":1}', "application/json").status_code == 304
    assert _answer(request({"If-None-Match": f'W/{etag}, "x"'}), b'{"a":1}', "application/json").status_code == 304
    assert _answer(request({"If-None-Match": etag}), b'{"a":2}', "application/json").status_code == 200


def test_routes_sit_under_the_base_path():
    paths = [r.path for r in opendata_routes("/eit/")]
    assert "/eit/api/ogc" in paths and "/eit/api/catalog/{name}" in paths
    assert "/eit/api/3/action/{action}" in paths
    assert all(p.startswith(("/eit/api/ogc", "/eit/api/catalog", "/eit/api/3/action/", "/eit/api/action/"))
               for p in paths)
