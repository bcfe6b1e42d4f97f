"""The app server: ``streamlit run serve.py`` serves ``app.py`` (the dashboard) plus two small routes that set
and clear the sign-in cookie, which Streamlit itself cannot set (README, "A sign-in that lasts").

- ``POST /auth/session`` with a one-time code in the body (handed to the browser by the sign-in page): the code is
  exchanged, once, for the session's token (db.sessions.issue_token) and the token is set as the cookie
  ``eit_session``: ``HttpOnly`` (no script in the page can read it), ``SameSite=Lax``, ``Path=/``, ``Secure`` when
  the page came over HTTPS, and no expiry date (it ends with the browser; the database ends it after the idle
  time or at sign-out).
- ``POST /auth/session/end``: the cookie's session is ended in the database and the cookie cleared.

Both refuse a request from another site (``Sec-Fetch-Site`` / ``Origin``), so that no page elsewhere can sign a
browser in under an account of its choosing, or out.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route
from streamlit import config

from db.sessions import COOKIE_NAME, cookie_route, end_token, issue_token


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


_BASE = config.get_option("server.baseUrlPath") or ""
ROUTES = [Route(cookie_route(_BASE), set_session_cookie, methods=["POST"]),
          Route(cookie_route(_BASE, end=True), clear_session_cookie, methods=["POST"])]

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


app = st.App("app.py", routes=ROUTES, middleware=[Middleware(UnknownPageRedirect)])
