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
"""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse
from starlette.routing import Route
from streamlit import config

from db.sessions import COOKIE_NAME, cookie_route, end_token, issue_token
from opendata.routes import opendata_routes


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

ROUTES += opendata_routes(_BASE)     # the open data: OGC API – Features and the catalogue (opendata.routes)

app = st.App("app.py", routes=ROUTES)
