"""The guard against guessing holds under parallel attempts, on SQLite and PostgreSQL (fixture ``engine``): a
burst of sign-in attempts fired at once from threads is counted as surely as one attempt after another, so the
right password sent after eleven wrong ones in flight does not sign in, and no more passwords are ever checked
than the lock allows."""
from __future__ import annotations

import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from db import accounts, signin
from db.schema import auth_log
from programme.signin import rules

SHELL = accounts.operator_name("tests")
PASSWORD = "a quiet river at dawn"
WRONG = 11


@pytest.fixture
def people(engine):
    accounts.create_user(engine, "somchai", PASSWORD, "staff", by=SHELL)
    return engine


def _fast():
    return dataclasses.replace(rules(), slow_seconds=0)


def test_the_right_password_after_eleven_wrong_ones_in_flight_does_not_sign_in(people, monkeypatch):
    """Eleven wrong attempts are under way at once (each held inside its password check until the twelfth is
    answered); the twelfth, with the right password, is refused as locked."""
    r = _fast()
    real = signin.authenticate
    inside, release = threading.Semaphore(0), threading.Event()

    def held(engine, name, password):
        if password != PASSWORD:
            inside.release()
            release.wait(60)
        return real(engine, name, password)

    monkeypatch.setattr(signin, "authenticate", held)
    with ThreadPoolExecutor(WRONG) as pool:
        wrong = [pool.submit(signin.sign_in, people, "somchai", f"guess {i}", rules=r) for i in range(WRONG)]
        try:
            for _ in range(WRONG):
                assert inside.acquire(timeout=60)        # every wrong attempt has started (or been refused)
            last = signin.sign_in(people, "somchai", PASSWORD, rules=r)
        finally:
            release.set()
        outcomes = [f.result(timeout=60).outcome for f in wrong]
    assert last.outcome == "locked" and last.user is None
    assert outcomes.count("failed") + outcomes.count("locked") == WRONG


def test_a_burst_of_twelve_wrong_attempts_checks_no_more_passwords_than_the_lock_allows(people, monkeypatch):
    """Twelve threads with wrong passwords, released together: at most ``account_lock_after`` passwords are
    checked at all, the others (and at least the one that reaches it) are refused as locked, and the lock
    is logged once."""
    r = _fast()
    checked = []
    real = signin.authenticate
    gate = threading.Barrier(WRONG + 1)

    def attempt(password):
        gate.wait(60)
        return signin.sign_in(people, "somchai", password, rules=r)

    def counting(engine, name, password):
        if name:                                            # a real check (a refused one hashes against '')
            checked.append(password)
        return real(engine, name, password)

    monkeypatch.setattr(signin, "authenticate", counting)
    with ThreadPoolExecutor(WRONG + 1) as pool:
        answers = list(pool.map(attempt, [f"guess {i}" for i in range(WRONG + 1)]))
    assert len(checked) == r.account_lock_after
    assert {a.outcome for a in answers} <= {"failed", "locked"}
    assert sum(a.outcome == "locked" for a in answers) >= WRONG + 2 - r.account_lock_after
    with people.connect() as conn:
        locks = conn.execute(sa.select(sa.func.count()).select_from(auth_log).where(auth_log.c.event == "lock")).scalar()
    assert locks == 1
