"""Checking a password with the guard against guessing, and the sign-in log.

The thresholds are data (``data/signin/rules.csv``, programme.signin): after ``account_slow_after`` wrong
passwords for one user name within ``window_minutes`` (counted since that account's last sign-in), or
``client_slow_after`` from one client address, every answer to it waits ``slow_seconds`` more per failure (at
most ``slow_max_seconds``), right password or not; ``account_lock_after`` (``client_lock_after``) wrong passwords
lock the name (the address) for ``lock_minutes``, during which even the right password is refused.

A user name no account has is treated exactly like a wrong password for an existing one: the same checks, the
same password hashing work (against a stand-in hash), the same log row, the same answer, and it locks the same
way; so neither the answer, nor its time, nor a lock tells whether an account exists.  Every sign-in, wrong
password, lock and refusal is a row of ``auth_log``.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db.accounts import User, authenticate
from db.schema import auth_log
from db.sessions import _aware, _now, log_event
from programme.signin import SigninRules
from programme.signin import rules as signin_rules


@dataclass(frozen=True)
class Attempt:
    """The answer to one sign-in: ``outcome`` is ``ok`` (``user`` set), ``failed`` (wrong name or password, or a
    disabled account: one answer for all three) or ``locked`` (until ``locked_until``, UTC)."""

    outcome: str
    user: User | None = None
    locked_until: dt.datetime | None = None
    waited_s: float = 0.0


def _normalise(username: str) -> str:
    return (username or "").strip().lower()[:64]


def _recent(conn, name: str, client: str, since: dt.datetime) -> list:
    cond = auth_log.c.username == name
    if client:
        cond = sa.or_(cond, auth_log.c.client == client)
    return conn.execute(sa.select(auth_log.c.at, auth_log.c.event, auth_log.c.username, auth_log.c.client,
                                  auth_log.c.detail)
                        .where(auth_log.c.at > since, auth_log.c.event.in_(("failure", "lock", "signin")), cond)
                        ).all()


@dataclass(frozen=True)
class Guard:
    account_failures: int
    client_failures: int
    locked_until: dt.datetime | None
    locked_what: str | None


def guard_state(conn, name: str, client: str, r: SigninRules, now: dt.datetime) -> Guard:
    """The recent wrong passwords for ``name`` (since its last sign-in and last lock) and from ``client`` (since
    its last lock), within the window, and any lock in force."""
    window, lock = dt.timedelta(minutes=r.window_minutes), dt.timedelta(minutes=r.lock_minutes)
    rows = _recent(conn, name, client, now - max(window, lock))
    locks = {"account": None, "client": None}
    for row in rows:
        if row.event == "lock":
            what = "account" if row.detail == "account" and row.username == name else (
                "client" if row.detail == "client" and client and row.client == client else None)
            if what and (locks[what] is None or _aware(row.at) > locks[what]):
                locks[what] = _aware(row.at)
    last_ok = max((_aware(row.at) for row in rows if row.event == "signin" and row.username == name), default=None)
    start_acc = max(x for x in (now - window, last_ok, locks["account"]) if x is not None)
    start_cli = max(x for x in (now - window, locks["client"]) if x is not None)
    acc = sum(1 for row in rows if row.event == "failure" and row.username == name and _aware(row.at) > start_acc)
    cli = sum(1 for row in rows if row.event == "failure" and client and row.client == client
              and _aware(row.at) > start_cli)
    until, what = None, None
    for kind in ("account", "client"):
        if locks[kind] is not None and locks[kind] + lock > now and (until is None or locks[kind] + lock > until):
            until, what = locks[kind] + lock, kind
    return Guard(acc, cli, until, what)


def sign_in(engine: Engine, username: str, password: str, client: str = "", *, rules: SigninRules | None = None,
            now: dt.datetime | None = None) -> Attempt:
    """Check a password with the guard against guessing (module doc), and log what happened.  ``client`` is
    the browser's address ('' when unknown: then only the per-name guard applies)."""
    r = rules or signin_rules()
    now = _now(now)
    name = _normalise(username)
    client = (client or "")[:64]
    with engine.connect() as conn:
        g = guard_state(conn, name, client, r, now)
    if g.locked_until is not None:
        authenticate(engine, "", password)             # the same hashing work as any other answer
        with engine.begin() as conn:
            log_event(conn, "locked", name, client, g.locked_what, now=now)
        return Attempt("locked", locked_until=g.locked_until)
    waited = r.wait_seconds(g.account_failures, g.client_failures)
    if waited:
        time.sleep(waited)
    user = authenticate(engine, name, password)
    with engine.begin() as conn:
        if user is not None:
            log_event(conn, "signin", name, client, now=now)
            return Attempt("ok", user, waited_s=waited)
        log_event(conn, "failure", name, client, now=now)
        until, locked = now + dt.timedelta(minutes=r.lock_minutes), None
        if g.account_failures + 1 >= r.account_lock_after:
            log_event(conn, "lock", name, client, "account", now=now)
            locked = "account"
        if client and g.client_failures + 1 >= r.client_lock_after:
            log_event(conn, "lock", name, client, "client", now=now)
            locked = locked or "client"
    return Attempt("locked", locked_until=until, waited_s=waited) if locked else Attempt("failed", waited_s=waited)
