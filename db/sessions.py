"""Sign-ins that last: sessions in the database (table ``sessions``), shared by every app server.

How a browser gets one (docs/security.md, "A sign-in that lasts"):
1. The sign-in page checks the password (db.signin) and calls :func:`start_session`: a row with a random one-time
   code (kept as its SHA-256, valid for :data:`CODE_SECONDS`) and no token yet.  The page keeps the row's id.
2. The page hands the code to the browser, which posts it to the app's route ``/auth/session`` (``serve.py``);
   :func:`issue_token` exchanges it, once, for a random token, stored only as its SHA-256; the route sets it as an
   ``HttpOnly; SameSite=Lax`` cookie, which scripts in the page cannot read.
3. Every page run finds the user again with one query (:func:`resolve`): by the row id the browser tab's session
   remembers, or, in a new page load (a reload, a link, a new tab), by the cookie's token.

A session ends when it is revoked (:func:`end_session` on sign-out, :func:`end_sessions` by an admin, or a new
password), which every server sees at its next page run, or when it has not been seen for the idle time
(``EIT_SESSION_IDLE_MINUTES``).  The last-seen time is written at most once a minute, not on every page run.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.settings import session_idle_minutes
from db.accounts import User, require_account
from db.schema import account_areas, auth_log, sessions, users

#: The cookie that carries a browser's token (HttpOnly, SameSite=Lax, Path=/; set by serve.py's route).
COOKIE_NAME = "eit_session"
#: How long the one-time code of a new sign-in may be exchanged for the cookie.
CODE_SECONDS = 120
#: The last-seen time is written when it is older than this (or a tenth of the idle time, if less).
TOUCH_SECONDS = 60


def cookie_route(base_url_path: str = "", end: bool = False) -> str:
    """The path of the route that sets (``end``: clears) the cookie, under Streamlit's server.baseUrlPath."""
    parts = [p for p in (base_url_path or "").split("/") if p]
    return ("/" + "/".join(parts) if parts else "") + "/auth/session" + ("/end" if end else "")


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now(now: dt.datetime | None = None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def _aware(value) -> dt.datetime | None:
    """A stored moment as an aware UTC datetime (SQLite gives naive UTC values back)."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _idle(idle_minutes: float | None) -> dt.timedelta:
    return dt.timedelta(minutes=session_idle_minutes() if idle_minutes is None else idle_minutes)


def log_event(conn, event: str, username: str, client: str = "", detail: str = "",
              now: dt.datetime | None = None) -> None:
    """One row of the sign-in log (``auth_log``), inside the caller's transaction."""
    conn.execute(auth_log.insert().values(at=_now(now), event=event, username=(username or "")[:64],
                                          client=(client or "")[:64], detail=detail or ""))


def start_session(engine: Engine, username: str, client: str = "", *, idle_minutes: float | None = None,
                  now: dt.datetime | None = None) -> tuple[int, str]:
    """A new session of ``username`` (whose password was just checked) and its one-time code: (id, code)."""
    now = _now(now)
    code = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        sid = conn.execute(sessions.insert().values(
            code_hash=token_hash(code), code_expires_at=now + dt.timedelta(seconds=CODE_SECONDS),
            username=username, client=(client or "")[:64], created_at=now, last_seen_at=now,
            expires_at=now + _idle(idle_minutes)).returning(sessions.c.id)).scalar_one()
    return int(sid), code


def issue_token(engine: Engine, code: str, now: dt.datetime | None = None) -> str | None:
    """The cookie's token for a one-time ``code``: only once, only within CODE_SECONDS and only for a session
    still open; None otherwise.  The database keeps only the token's SHA-256."""
    if not code or len(code) > 200:
        return None
    now = _now(now)
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        done = conn.execute(sessions.update().where(
            sessions.c.code_hash == token_hash(code), sessions.c.code_expires_at > now,
            sessions.c.revoked_at.is_(None), sessions.c.expires_at > now,
        ).values(token_hash=token_hash(token), code_hash=None, code_expires_at=None)).rowcount
    return token if done == 1 else None


@dataclass(frozen=True)
class Found:
    """What a page run finds of a session: ``status`` is ``ok`` (``user`` is the account as it is now),
    ``ended`` (signed out or ended by an admin), ``expired`` (idle too long), ``disabled`` (the account) or
    ``unknown`` (no such session)."""

    status: str
    session_id: int | None = None
    user: User | None = None
    username: str | None = None


def resolve(engine: Engine, *, token: str | None = None, session_id: int | None = None,
            idle_minutes: float | None = None, now: dt.datetime | None = None) -> Found:
    """The session of a cookie's ``token`` or of a row ``session_id``, with its account and areas: one query
    (and, at most once a minute, a second that records it as seen and moves its expiry)."""
    if token is None and session_id is None:
        return Found("unknown")
    now = _now(now)
    key = sessions.c.token_hash == token_hash(token) if token is not None else sessions.c.id == int(session_id)
    query = (sa.select(sessions.c.id, sessions.c.last_seen_at, sessions.c.expires_at, sessions.c.revoked_at,
                       users.c.username, users.c.role, users.c.active, users.c.created_at, account_areas.c.area_id)
             .select_from(sessions.join(users, users.c.username == sessions.c.username)
                          .outerjoin(account_areas, account_areas.c.username == users.c.username))
             .where(key))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        if not rows:
            return Found("unknown")
        r = rows[0]
        if r.revoked_at is not None:
            return Found("ended", r.id, username=r.username)
        if _aware(r.expires_at) <= now:
            return Found("expired", r.id, username=r.username)
        if not r.active:
            return Found("disabled", r.id, username=r.username)
        idle = _idle(idle_minutes)
        if now - _aware(r.last_seen_at) >= min(dt.timedelta(seconds=TOUCH_SECONDS), idle / 10):
            conn.execute(sessions.update().where(sessions.c.id == r.id, sessions.c.revoked_at.is_(None))
                         .values(last_seen_at=now, expires_at=now + idle))
            conn.commit()
    areas = tuple(sorted(a.area_id for a in rows if a.area_id is not None))
    return Found("ok", r.id, User(r.username, r.role, True, r.created_at, areas), r.username)


def end_session(engine: Engine, session_id: int, client: str = "", now: dt.datetime | None = None) -> bool:
    """Sign-out: the session is revoked (every server refuses it from its next page run) and logged."""
    now = _now(now)
    with engine.begin() as conn:
        name = conn.execute(sa.select(sessions.c.username).where(sessions.c.id == int(session_id))).scalar()
        done = conn.execute(sessions.update().where(sessions.c.id == int(session_id), sessions.c.revoked_at.is_(None))
                            .values(revoked_at=now, revoked_by=name)).rowcount
        if done:
            log_event(conn, "signout", name, client, now=now)
    return bool(done)


def end_token(engine: Engine, token: str, client: str = "", now: dt.datetime | None = None) -> bool:
    """Sign-out by the cookie's token (the route that clears the cookie): as :func:`end_session`."""
    if not token or len(token) > 200:
        return False
    with engine.connect() as conn:
        sid = conn.execute(sa.select(sessions.c.id).where(sessions.c.token_hash == token_hash(token))).scalar()
    return end_session(engine, sid, client, now) if sid is not None else False


def end_sessions(engine: Engine, username: str, *, by: str, now: dt.datetime | None = None) -> int:
    """An admin ends every open session of ``username`` (at their next page run, on every server): how many."""
    now = _now(now)
    name = (username or "").strip().lower()
    with engine.begin() as conn:
        require_account(conn, by, "accounts")
        n = conn.execute(sessions.update().where(sessions.c.username == name, sessions.c.revoked_at.is_(None),
                                                 sessions.c.expires_at > now)
                         .values(revoked_at=now, revoked_by=by)).rowcount
        log_event(conn, "ended", name, detail=f"{n} by {by}", now=now)
    return int(n)


def open_sessions(engine: Engine, now: dt.datetime | None = None) -> pd.DataFrame:
    """The sessions still open: username, client, created_at, last_seen_at, expires_at; the newest first."""
    now = _now(now)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(sessions.c.username, sessions.c.client, sessions.c.created_at,
                                      sessions.c.last_seen_at, sessions.c.expires_at)
                            .where(sessions.c.revoked_at.is_(None), sessions.c.expires_at > now)
                            .order_by(sessions.c.last_seen_at.desc())).all()
    return pd.DataFrame(rows, columns=["username", "client", "created_at", "last_seen_at", "expires_at"])


def auth_events(engine: Engine, limit: int = 500) -> pd.DataFrame:
    """The newest ``limit`` rows of the sign-in log: at, event, username, client, detail."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(auth_log.c.at, auth_log.c.event, auth_log.c.username, auth_log.c.client,
                                      auth_log.c.detail).order_by(auth_log.c.id.desc()).limit(limit)).all()
    return pd.DataFrame(rows, columns=["at", "event", "username", "client", "detail"])
