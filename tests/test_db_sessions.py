"""Sign-ins that last and the guard against guessing, on SQLite and PostgreSQL (fixture ``engine``): sessions
created, found, expired and revoked; wrong passwords slowed and then locked, per user name and per client; an
unknown user answered exactly like a wrong password; the password rules."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import time

import pytest
import sqlalchemy as sa

from common.errors import DataError
from db import accounts, sessions, signin
from db.schema import auth_log
from db.schema import sessions as sessions_table
from programme.signin import load_rules, password_problem, rules
from tests.conftest_db import DATA_DIR

SHELL = accounts.operator_name("tests")
PASSWORD = "a quiet river at dawn"
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def people(engine):
    accounts.create_user(engine, "boss", "long-enough-passphrase", "admin", by=SHELL)
    accounts.create_user(engine, "somchai", PASSWORD, "staff", by=SHELL)
    accounts.create_user(engine, "wg", PASSWORD, "working_group", by=SHELL, areas=["ryg-mtp", "ryg-irpc"])
    return engine


def _fast(**changes):
    """The shipped rules without the waits (a test of the lock need not sleep), with ``changes``."""
    return dataclasses.replace(rules(), slow_seconds=0, **changes)


def _events(engine) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.select(auth_log.c.event, auth_log.c.username, auth_log.c.detail)
                                               .order_by(auth_log.c.id))]


# ------------------------------------------------------------------------------------------------ sessions

def test_a_session_is_found_by_its_cookie_token_and_keeps_only_hashes(people):
    sid, code = sessions.start_session(people, "wg", "10.0.0.5", idle_minutes=480, now=T0)
    token = sessions.issue_token(people, code, now=T0 + dt.timedelta(seconds=5))
    assert token and sessions.issue_token(people, code, now=T0 + dt.timedelta(seconds=6)) is None   # once only
    found = sessions.resolve(people, token=token, now=T0 + dt.timedelta(minutes=1))
    assert found.status == "ok" and found.session_id == sid
    assert found.user.username == "wg" and found.user.role == "working_group"
    assert found.user.areas == ("ryg-irpc", "ryg-mtp")
    assert sessions.resolve(people, session_id=sid, now=T0 + dt.timedelta(minutes=2)).user.username == "wg"
    assert sessions.resolve(people, token="not-a-token").status == "unknown"
    with people.connect() as conn:
        row = conn.execute(sa.select(sessions_table).where(sessions_table.c.id == sid)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in str(tuple(row))
    assert row.code_hash is None and row.client == "10.0.0.5"


def test_a_one_time_code_expires_and_a_session_ends_after_the_idle_time(people):
    _, code = sessions.start_session(people, "somchai", idle_minutes=60, now=T0)
    assert sessions.issue_token(people, code, now=T0 + dt.timedelta(seconds=sessions.CODE_SECONDS + 1)) is None
    sid, code = sessions.start_session(people, "somchai", idle_minutes=60, now=T0)
    token = sessions.issue_token(people, code, now=T0)
    # seen after 50 minutes: the idle time starts again, so it is still open at 1 h 40 min, closed at 2 h 51 min
    assert sessions.resolve(people, token=token, idle_minutes=60, now=T0 + dt.timedelta(minutes=50)).status == "ok"
    assert sessions.resolve(people, token=token, idle_minutes=60, now=T0 + dt.timedelta(minutes=100)).status == "ok"
    assert sessions.resolve(people, token=token, idle_minutes=60,
                            now=T0 + dt.timedelta(minutes=171)).status == "expired"
    assert sessions.resolve(people, session_id=sid, idle_minutes=60,
                            now=T0 + dt.timedelta(minutes=171)).status == "expired"


def test_sign_out_revokes_the_session_for_every_server(people, db_url):
    from db.engine import get_engine
    sid, code = sessions.start_session(people, "somchai", "10.0.0.7")
    token = sessions.issue_token(people, code)
    other_server = get_engine(db_url)                   # another app server on the same database
    try:
        assert sessions.resolve(other_server, token=token).status == "ok"
        assert sessions.end_session(people, sid, "10.0.0.7")
        assert sessions.resolve(other_server, token=token).status == "ended"
        assert sessions.resolve(people, session_id=sid).status == "ended"
        assert not sessions.end_session(people, sid)     # once
    finally:
        other_server.dispose()
    assert ("signout", "somchai", "") in _events(people)


def test_an_admin_ends_a_users_sessions_and_a_new_password_ends_them_too(people):
    tokens = []
    for _ in range(2):
        _, code = sessions.start_session(people, "somchai")
        tokens.append(sessions.issue_token(people, code))
    assert len(sessions.open_sessions(people)) == 2
    with pytest.raises(accounts.AccountRefused):
        sessions.end_sessions(people, "somchai", by="somchai")          # staff may not
    assert sessions.end_sessions(people, "somchai", by="boss") == 2
    assert {sessions.resolve(people, token=t).status for t in tokens} == {"ended"}
    assert sessions.open_sessions(people).empty
    _, code = sessions.start_session(people, "somchai")
    token = sessions.issue_token(people, code)
    accounts.set_password(people, "somchai", "another long passphrase", by="boss")
    assert sessions.resolve(people, token=token).status == "ended"


def test_a_disabled_account_is_not_signed_in_by_its_session(people):
    _, code = sessions.start_session(people, "somchai")
    token = sessions.issue_token(people, code)
    accounts.set_active(people, "somchai", False, by="boss")
    assert sessions.resolve(people, token=token).status == "disabled"
    accounts.set_role(people, "somchai", "secretary", by="boss")
    accounts.set_active(people, "somchai", True, by="boss")
    assert sessions.resolve(people, token=token).user.role == "secretary"   # the role the database has now


# ------------------------------------------------------------------------------------------- sign-in abuse

def test_five_wrong_passwords_lock_the_account_and_the_right_one_waits_for_the_lock_to_end(people):
    r = _fast()
    outcomes = [signin.sign_in(people, "somchai", f"wrong guess {i}", now=T0 + dt.timedelta(seconds=i),
                               rules=r).outcome for i in range(r.account_lock_after)]
    assert outcomes == ["failed"] * (r.account_lock_after - 1) + ["locked"]
    during = signin.sign_in(people, "somchai", PASSWORD, rules=r, now=T0 + dt.timedelta(minutes=r.lock_minutes - 1))
    assert during.outcome == "locked" and during.user is None
    assert during.locked_until == T0 + dt.timedelta(seconds=r.account_lock_after - 1, minutes=r.lock_minutes)
    after = signin.sign_in(people, "somchai", PASSWORD, rules=r, now=T0 + dt.timedelta(minutes=r.lock_minutes + 1))
    assert after.outcome == "ok" and after.user.username == "somchai"
    events = [e for e, _, _ in _events(people)]
    assert events == ["failure"] * r.account_lock_after + ["lock", "locked", "signin"]
    # a successful sign-in starts the count again
    assert signin.sign_in(people, "somchai", "wrong again", rules=r,
                          now=T0 + dt.timedelta(minutes=r.lock_minutes + 2)).outcome == "failed"


def test_an_unknown_user_is_answered_like_a_wrong_password_with_the_same_work(people, monkeypatch):
    r = _fast()
    calls = {"n": 0}
    real = hashlib.scrypt

    def counting(*args, **kw):
        calls["n"] += 1
        return real(*args, **kw)

    accounts.authenticate(people, "warm-up", "x")                     # the stand-in hash is made before timing
    monkeypatch.setattr(hashlib, "scrypt", counting)
    answers, times, work = {}, {}, {}
    for name in ("somchai", "nobody-here"):
        before, t0 = calls["n"], time.perf_counter()
        answers[name] = [signin.sign_in(people, name, "wrong guess", rules=r, now=T0 + dt.timedelta(seconds=i))
                         for i in range(r.account_lock_after + 1)]
        times[name], work[name] = time.perf_counter() - t0, calls["n"] - before
    strip = [(a.outcome, a.locked_until) for a in answers["somchai"]]
    assert strip == [(a.outcome, a.locked_until) for a in answers["nobody-here"]]      # the same answers
    assert work["somchai"] == work["nobody-here"] == r.account_lock_after + 1          # one hash check each
    assert 0.5 < times["somchai"] / times["nobody-here"] < 2
    by_name = {n: [e for e, u, _ in _events(people) if u == n] for n in ("somchai", "nobody-here")}
    assert by_name["somchai"] == by_name["nobody-here"]                                 # and the same log rows


def test_wrong_passwords_from_one_client_lock_that_client_for_every_user_name(people):
    r = _fast(client_lock_after=3)
    for i, name in enumerate(("anna", "bob", "carl")):
        signin.sign_in(people, name, "guess", "203.0.113.9", rules=r, now=T0 + dt.timedelta(seconds=i))
    locked = signin.sign_in(people, "somchai", PASSWORD, "203.0.113.9", rules=r, now=T0 + dt.timedelta(minutes=1))
    assert locked.outcome == "locked"
    elsewhere = signin.sign_in(people, "somchai", PASSWORD, "198.51.100.4", rules=r, now=T0 + dt.timedelta(minutes=1))
    assert elsewhere.outcome == "ok"
    assert ("lock", "carl", "client") in _events(people)


def test_answers_wait_after_a_few_wrong_passwords_right_or_wrong(people):
    r = dataclasses.replace(rules(), slow_seconds=0.3, account_slow_after=2)
    assert [signin.sign_in(people, "somchai", "guess", rules=r).waited_s for _ in range(2)] == [0, 0]
    t0 = time.perf_counter()
    right = signin.sign_in(people, "somchai", PASSWORD, rules=r)
    assert right.outcome == "ok" and right.waited_s == pytest.approx(0.3) and time.perf_counter() - t0 >= 0.3


# ---------------------------------------------------------------------------------------- password rules

@pytest.mark.parametrize("password, why", [
    ("12345678", "at least 15"), ("password", "at least 15"), ("short pass", "at least 15"),
    ("123456789012345", "commonly used"), ("passwordpassword", "commonly used"), ("password1234567!", "commonly used"),
    ("aaaaaaaaaaaaaaaa", "commonly used"), ("somchai-the-admin-2568", "user name"), ("x" * 129, "at most 128"),
])
def test_a_weak_new_password_is_refused_with_the_reason(password, why):
    problem = password_problem(password, "somchai", rules())
    assert problem is not None and why in problem[0] and problem[1]


@pytest.mark.parametrize("password", ["a quiet river at dawn", "ช้างเผือกกินหญ้าริมแม่น้ำ", "Correct-Horse-Battery-9"])
def test_a_long_uncommon_password_is_accepted(password):
    assert password_problem(password, "somchai", rules()) is None


def test_an_admin_with_12345678_or_password_is_refused(engine):
    for weak in ("12345678", "password", "boss-boss-boss-boss"):
        with pytest.raises(accounts.AccountError):
            accounts.create_user(engine, "boss", weak, "admin", by=SHELL)
    assert accounts.get_user(engine, "boss") is None


def test_the_rules_file_is_checked_on_load(tmp_path):
    folder = tmp_path / "signin"
    folder.mkdir()
    (folder / "common_passwords.txt").write_text((DATA_DIR / "signin" / "common_passwords.txt").read_text())
    text = (DATA_DIR / "signin" / "rules.csv").read_text()
    (folder / "rules.csv").write_text(text.replace("password_min_length,15", "password_min_length,6"))
    with pytest.raises(DataError, match="password_min_length|value"):
        load_rules(tmp_path)
    (folder / "rules.csv").write_text("\n".join(line for line in text.splitlines() if "lock_minutes" not in line))
    with pytest.raises(DataError, match="missing setting"):
        load_rules(tmp_path)
    assert load_rules(DATA_DIR).password_min_length == 15 and len(load_rules(DATA_DIR).common) > 19000
