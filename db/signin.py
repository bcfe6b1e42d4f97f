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

The count holds under parallel attempts: each attempt is counted, as a wrong password, before its password is
checked, in a transaction that runs alone (db.engine.serialised: BEGIN IMMEDIATE on SQLite, an advisory lock on
PostgreSQL) and reads the count first; a right password turns its row into the sign-in afterwards.  So an
attempt is always checked against every attempt that started before it, finished or not, and a burst of
guesses in parallel is locked out as surely as one guess after another.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.text import clean_text
from db.accounts import User, authenticate
from db.engine import serialised
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
    return clean_text(username).strip().lower()[:64]


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


#: The advisory lock (PostgreSQL) that serialises counting sign-in attempts.
GUARD_LOCK_ID = 0x45495402


def _insert(conn, event: str, name: str, client: str, detail: str, now: dt.datetime) -> int:
    return conn.execute(auth_log.insert().values(at=now, event=event, username=name, client=client, detail=detail)
                        .returning(auth_log.c.id)).scalar_one()


def _over(g: Guard, r: SigninRules, client: str) -> str | None:
    """Which count (``account`` or ``client``) has reached its lock, counting attempts still being checked."""
    if g.account_failures >= r.account_lock_after:
        return "account"
    if client and g.client_failures >= r.client_lock_after:
        return "client"
    return None


def _reserve(engine: Engine, name: str, client: str, r: SigninRules, now: dt.datetime) -> tuple[Guard, int | None]:
    """Alone among attempts: the guard's state and, unless a lock is in force (or the attempts already under way
    reach one), this attempt counted as a wrong password (its row's id); a refused attempt is logged ``locked``."""
    with serialised(engine, GUARD_LOCK_ID) as conn:
        g = guard_state(conn, name, client, r, now)
        over = _over(g, r, client)
        if g.locked_until is not None or over:
            log_event(conn, "locked", name, client, g.locked_what or over, now=now)
            return g, None
        return g, _insert(conn, "failure", name, client, "", now)


def _settle_failure(engine: Engine, name: str, client: str, r: SigninRules, now: dt.datetime) -> str | None:
    """After a wrong password: the lock its count starts (logged once), or one already in force."""
    with serialised(engine, GUARD_LOCK_ID) as conn:
        g = guard_state(conn, name, client, r, now)
        if g.locked_until is not None:
            return g.locked_what
        locked = None
        if g.account_failures >= r.account_lock_after:
            log_event(conn, "lock", name, client, "account", now=now)
            locked = "account"
        if client and g.client_failures >= r.client_lock_after:
            log_event(conn, "lock", name, client, "client", now=now)
            locked = locked or "client"
    return locked


def sign_in(engine: Engine, username: str, password: str, client: str = "", *, rules: SigninRules | None = None,
            now: dt.datetime | None = None) -> Attempt:
    """Check a password with the guard against guessing (module doc), and log what happened.  ``client`` is
    the browser's address ('' when unknown: then only the per-name guard applies)."""
    r = rules or signin_rules()
    now = _now(now)
    name = _normalise(username)
    client = (client or "")[:64]
    g, row_id = _reserve(engine, name, client, r, now)
    if row_id is None:
        authenticate(engine, "", password)             # the same hashing work as any other answer
        until = g.locked_until or now + dt.timedelta(minutes=r.lock_minutes)
        return Attempt("locked", locked_until=until)
    waited = r.wait_seconds(g.account_failures, g.client_failures)
    if waited:
        time.sleep(waited)
    user = authenticate(engine, name, password)
    if user is not None:
        with engine.begin() as conn:
            conn.execute(auth_log.update().where(auth_log.c.id == row_id).values(event="signin"))
        return Attempt("ok", user, waited_s=waited)
    locked = _settle_failure(engine, name, client, r, now)
    if locked:
        return Attempt("locked", locked_until=now + dt.timedelta(minutes=r.lock_minutes), waited_s=waited)
    return Attempt("failed", waited_s=waited)
