"""The app server: ``streamlit run serve.py`` serves ``app.py`` (the dashboard) plus two small routes that set
and clear the sign-in cookie, which Streamlit itself cannot set (docs/security.md, "A sign-in that lasts").

- ``POST /auth/session`` with a one-time code in the body (handed to the browser by the sign-in page): the code is
  exchanged, once, for the session's token (db.sessions.issue_token) and the token is set as the cookie
  ``eit_session``: ``HttpOnly`` (no script in the page can read it), ``SameSite=Lax``, ``Path=/``, ``Secure`` when
  the page came over HTTPS, and no expiry date (it ends with the browser; the database ends it after the idle
  time or at sign-out).
- ``POST /auth/session/end``: the cookie's session is ended in the database and the cookie cleared.

Both refuse a request from another site (``Sec-Fetch-Site`` / ``Origin``), so that no page elsewhere can sign a
browser in under an account of its choosing, or out.

- ``GET /files/{kind}/{id}``: an evidence file (``kind`` ``submission`` or ``finding``), only to a browser whose
  cookie's session is open and whose account may read it (db.evidence.may_read: the same rule as the pages),
  checked at each request; always as a download (``Content-Disposition: attachment``), never cached by a shared
  proxy.  The pages link here instead of handing files to Streamlit's media storage, whose URLs answer anyone.
- ``GET /files/log/signin`` and ``/files/log/imports``: the sign-in log (accounts) and the import log (audit) as
  CSV, the same way.

Every response of the server (the pages, Streamlit's own routes and static files, and these routes) carries the
headers of :data:`SECURITY_HEADERS` (:class:`SecurityHeaders`): no content-type sniffing, no framing by another
site, and no full address sent to other sites.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from streamlit import config

from db.evidence import LOG_READERS, file_route, log_route
from db.sessions import COOKIE_NAME, cookie_route, end_token, issue_token
from opendata.routes import opendata_routes

#: Headers every response carries (a header the response already has is kept as it is).
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "content-security-policy": "frame-ancestors 'self'",
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "strict-origin-when-cross-origin",
}
_NO_STORE = {"cache-control": "private, no-store", "pragma": "no-cache"}


class SecurityHeaders:
    """ASGI middleware: :data:`SECURITY_HEADERS` on every HTTP response (websocket traffic passes untouched)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.decode("latin-1").lower() for k, _v in headers}
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k not in have]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


@functools.cache
def _engine():
    """The database of this server (EIT_DATABASE_URL), brought to the newest schema once (as the app does)."""
    from db.engine import get_engine, init_db
    engine = get_engine()
    init_db(engine)
    return engine


def _same_site(request) -> bool:
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host", "")


def _secure(request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def _client(request) -> str:
    return request.client.host if request.client and request.client.host not in ("127.0.0.1", "::1") else ""


async def set_session_cookie(request):
    if not _same_site(request):
        return JSONResponse({"ok": False}, status_code=403)
    code = (await request.body())[:256].decode("utf-8", "replace").strip()
    token = await run_in_threadpool(lambda: issue_token(_engine(), code))
    if token is None:
        return JSONResponse({"ok": False}, status_code=400)
    response = JSONResponse({"ok": True})
    response.set_cookie(COOKIE_NAME, token, httponly=True, samesite="lax", path="/", secure=_secure(request))
    return response


async def clear_session_cookie(request):
    if not _same_site(request):
        return JSONResponse({"ok": False}, status_code=403)
    token = request.cookies.get(COOKIE_NAME)
    if token:
        await run_in_threadpool(lambda: end_token(_engine(), token, _client(request)))
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response


def _attachment(filename: str) -> str:
    """``attachment`` with the file's name: an ASCII stand-in and the real (Thai) name, RFC 6266 / 5987."""
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename)
    return f"attachment; filename=\"{ascii_name or 'file'}\"; filename*=UTF-8''{quote(filename, safe='')}"


async def evidence_download(request):
    from ingest.evidence import served_file

    kind, evidence_id = request.path_params["kind"], request.path_params["evidence_id"]
    token = request.cookies.get(COOKIE_NAME)
    status, row, data = await run_in_threadpool(lambda: served_file(_engine(), token, kind, evidence_id))
    if status != 200:
        return Response(status_code=status, headers=_NO_STORE)
    return Response(data, media_type=row.content_type,
                    headers={**_NO_STORE, "content-disposition": _attachment(row.filename)})


def _log_csv(token: str | None, name: str) -> tuple[int, bytes | None]:
    """The CSV of log ``name`` for the cookie's session, checked now: 401 without an open session, 404 when the
    account may not read it (or there is no such log)."""
    from db.importlog import list_imports
    from db.sessions import auth_events, resolve
    from ui.people_tables import log_csv

    found = resolve(_engine(), token=token) if token and len(token) <= 200 else None
    if found is None or found.status != "ok":
        return 401, None
    if name not in LOG_READERS or not found.user.can(LOG_READERS[name]):
        return 404, None
    if name == "signin":
        return 200, log_csv(auth_events(_engine()), ["at"])
    return 200, log_csv(list_imports(_engine()), ["started_at", "finished_at"])


async def log_download(request):
    name = request.path_params["name"]
    token = request.cookies.get(COOKIE_NAME)
    status, data = await run_in_threadpool(lambda: _log_csv(token, name))
    if status != 200:
        return Response(status_code=status, headers=_NO_STORE)
    return Response(data, media_type="text/csv; charset=utf-8",
                    headers={**_NO_STORE, "content-disposition": _attachment(f"{name}-log.csv")})


_BASE = config.get_option("server.baseUrlPath") or ""
ROUTES = [Route(cookie_route(_BASE), set_session_cookie, methods=["POST"]),
          Route(cookie_route(_BASE, end=True), clear_session_cookie, methods=["POST"]),
          Route(log_route(_BASE), log_download, methods=["GET"]),
          Route(file_route(_BASE), evidence_download, methods=["GET"])]

#: The pages the router (app.py) knows, by their URL path, read from its ``url_path="…"`` arguments.
PAGE_PATHS = frozenset(re.findall(r'url_path="([^"]+)"', (Path(__file__).with_name("app.py")).read_text("utf-8")))
#: First path segments Streamlit serves itself (assets, the websocket, uploads, media, components, sign-in).
_SERVED = ("_stcore", "static", "app", "media", "component", "auth", "oauth2callback", "favicon.png", "healthz")


def unknown_page(path: str, base: str = _BASE) -> str | None:
    """The name of the page a browser asks for that the app does not have (``/trend`` for ``/trends``), or None:
    one path segment, not a file, not one of :data:`PAGE_PATHS` nor a path Streamlit serves itself."""
    base = "/" + base.strip("/") if base.strip("/") else ""
    if base and not path.startswith(base + "/"):
        return None
    rest = path[len(base):].strip("/")
    if not rest or "/" in rest or "." in rest or rest in PAGE_PATHS or rest.startswith(_SERVED):
        return None
    return rest


class UnknownPageRedirect:
    """An address the app has no page for opens the front page with the app's own sentence (in Thai first)
    instead of Streamlit's English "Page not found" box: ``/trend?x=1`` → ``/?missing=trend&x=1``."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("method") == "GET":
            name = unknown_page(scope.get("path", ""))
            if name is not None:
                query = scope.get("query_string", b"").decode("latin-1")
                target = f"{_BASE.rstrip('/')}/?{urlencode({'missing': name})}" + (f"&{query}" if query else "")
                await RedirectResponse(target, status_code=307)(scope, receive, send)
                return
        await self.app(scope, receive, send)


ROUTES += opendata_routes(_BASE)     # the open data: OGC API – Features and the catalogue (opendata.routes)

app = st.App("app.py", routes=ROUTES, middleware=[Middleware(SecurityHeaders), Middleware(UnknownPageRedirect)])
