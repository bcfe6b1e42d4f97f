"""Accounts: salted scrypt password hashes, roles, the areas of a scoped account, and what each may do.

Roles and their actions are :data:`common.vocab.PERMISSIONS`: an area working group (``working_group``) submits
its own areas' data, an ``auditor`` records verification visits, Eco Center ``staff`` import, review, verify and
keep notes, the committee's ``secretary`` records the committee's certifications, an ``admin`` may do all and
manage accounts.  A working-group account writes only the areas given to it (table ``account_areas``).  There is
no built-in account or default password: accounts come only from ``python -m store create-user``, and the demo
(``seed_demo``) adds one demo account per role with the password ``demo``, which exist only in a demo database.

Every write checks its account at write time, in the data layer (:func:`require_account`): that the account
exists, is active, its role may do the action, and, for a scoped role, that the area is one of its own.  The
operator at the server's shell (``python -m store`` without ``--user``) writes as :func:`operator_name`.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from common.errors import Refused
from common.vocab import ACTIONS, ROLES, SCOPED_ROLES, role_can
from db.schema import account_areas, sessions, users
from programme.signin import password_problem
from programme.signin import rules as signin_rules

OPERATOR_PREFIX = "system:"
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
# scrypt cost: n=2**14, r=8, p=1 (about 16 MiB and a few tens of ms per check)
_N, _R, _P, _DKLEN = 2 ** 14, 8, 1, 32


class AccountError(Refused):
    """A refused account operation (bad name, weak password, unknown user, ...); its ``message`` in Thai and
    English."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    active: bool
    created_at: dt.datetime | None = None
    #: The areas a scoped role (a working group) may write; empty for the other roles, which are not scoped.
    areas: tuple[str, ...] = ()

    def can(self, action: str, area_id: str | None = None) -> bool:
        """Whether the account may do ``action`` (common.vocab.ACTIONS), on ``area_id`` when given: a scoped
        role only on its own areas, and never without naming the area."""
        if not (self.active and role_can(self.role, action)):
            return False
        if self.role in SCOPED_ROLES:
            return area_id is not None and area_id in self.areas
        return True

    @property
    def scoped(self) -> bool:
        return self.role in SCOPED_ROLES


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str, *, n: int = _N, r: int = _R, p: int = _P) -> str:
    """``scrypt$n$r$p$<salt>$<hash>`` (base64), with a fresh 16-byte salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=_DKLEN)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded`` (constant-time compare); False for any malformed hash."""
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected), maxmem=256 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    """A stand-in hash to check a password against when the user name has no account, so that the answer takes
    the same work; made once per process, before the first answer of either kind."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    return _DUMMY_HASH


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(th=f"ไม่รู้จักบทบาท {role!r}", en=f"unknown role {role!r}; roles: {', '.join(ROLES)}")


def _check_password(password: str, username: str) -> None:
    """The rules of data/signin/rules.csv and the common-password list (programme.signin.password_problem)."""
    problem = password_problem(password, username, signin_rules())
    if problem:
        raise AccountError(th=problem[1], en=problem[0])


def normalise_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not USERNAME_RE.match(name):
        raise AccountError(th="ชื่อผู้ใช้ต้องยาว 2-64 ตัว ประกอบด้วย a-z 0-9 . _ @ หรือ -",
                           en="username must be 2-64 characters: a-z, 0-9, '.', '_', '@' or '-'")
    return name


def _user(row, areas=()) -> User:
    return User(username=row.username, role=row.role, active=bool(row.active), created_at=row.created_at,
                areas=tuple(sorted(areas)))


def _areas_of(conn: Connection, name: str) -> tuple[str, ...]:
    return tuple(r[0] for r in conn.execute(sa.select(account_areas.c.area_id)
                                            .where(account_areas.c.username == name)
                                            .order_by(account_areas.c.area_id)))


class AccountRefused(AccountError):
    """The account behind a write may not make it (unknown, disabled, or its role too low).  ``sign_out``: the
    account is gone or disabled, so a page signs its user out."""

    def __init__(self, *, th: str, en: str, sign_out: bool):
        super().__init__(th=th, en=en)
        self.sign_out = sign_out


def operator_name(login: str | None) -> str:
    """The name under which the operator at the server's shell writes (``python -m store``): ``system:<login>``.
    It can never be an account's name (accounts have no ``:``), and :func:`require_account` lets it through:
    whoever has shell access can reach the database directly anyway."""
    login = re.sub(r"[^a-z0-9._@-]", "", (login or "").strip().lower())[:40] or "operator"
    return OPERATOR_PREFIX + login


def is_operator(username: str | None) -> bool:
    return (username or "").startswith(OPERATOR_PREFIX)


def require_account(conn: Connection, username: str, action: str | None, area_id: str | None = None) -> User:
    """The account ``username`` as it is now in the database, inside the caller's write transaction; raises
    AccountRefused unless it exists, is active, its role may do ``action`` (common.vocab.ACTIONS; None: only
    that it exists and is active) and, for a scoped role (a working group), ``area_id`` is one of its areas.
    Every write calls it, so a disabled or demoted account stops at once, also in a browser tab still open.  On
    PostgreSQL the row is locked (FOR SHARE) until the write commits, so the account cannot be disabled half-way
    through it."""
    if action is not None and action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if is_operator(username):
        return User(username, "admin", True)
    name = (username or "").strip().lower()
    row = conn.execute(sa.select(users).where(users.c.username == name).with_for_update(read=True)).first()
    if row is None:
        raise AccountRefused(th=f"ไม่พบบัญชีผู้ใช้ {name!r} จึงบันทึกข้อมูลไม่ได้ กรุณาเข้าสู่ระบบใหม่",
                             en=f"the account {name!r} does not exist (any more): nothing is saved under it; sign in "
                             "again", sign_out=True)
    if not row.active:
        raise AccountRefused(th=f"บัญชีผู้ใช้ {name!r} ถูกระงับแล้ว จึงบันทึกข้อมูลไม่ได้ และได้ออกจากระบบแล้ว",
                             en=f"the account {name!r} has been disabled: nothing is saved under it any more, and you "
                             "are signed out", sign_out=True)
    user = _user(row, _areas_of(conn, name) if row.role in SCOPED_ROLES else ())
    if action is None:
        return user
    if not role_can(row.role, action):
        raise AccountRefused(th=f"บัญชีผู้ใช้ {name!r} ({row.role}) ไม่มีสิทธิ์ทำรายการนี้ จึงไม่ได้บันทึกข้อมูล",
                             en=f"the account {name!r} ({row.role}) may not {action}: nothing was saved", sign_out=False)
    if user.scoped and not user.can(action, area_id):
        where = f"area {area_id!r}" if area_id else "an area not named"
        raise AccountRefused(th=f"บัญชีผู้ใช้ {name!r} บันทึกได้เฉพาะพื้นที่ของตน ({', '.join(user.areas) or 'ไม่มี'}) "
                             f"จึงไม่ได้บันทึกข้อมูลของพื้นที่ {area_id or '(ไม่ระบุ)'}",
                             en=f"the account {name!r} may write only its own areas "
                             f"({', '.join(user.areas) or 'none'}), not {where}: nothing was saved", sign_out=False)
    return user


def _check_areas(conn: Connection, role: str, areas) -> tuple[str, ...]:
    """The areas of a new or changed account: required (at least one) for a scoped role, none for the others."""
    areas = tuple(sorted({str(a).strip() for a in (areas or ()) if str(a).strip()}))
    if role in SCOPED_ROLES and not areas:
        raise AccountError(th="บัญชีคณะทำงานต้องระบุพื้นที่อย่างน้อยหนึ่งพื้นที่",
                           en="an area working-group account needs at least one area")
    if role not in SCOPED_ROLES and areas:
        raise AccountError(th="กำหนดพื้นที่ได้เฉพาะบัญชีคณะทำงานพื้นที่",
                           en=f"only a working-group account has areas, not {role}")
    return areas


def set_areas(engine: Engine, username: str, areas, *, by: str) -> User:
    """Give a working-group account its areas (replacing the old ones), by an active admin."""
    name = (username or "").strip().lower()
    with engine.begin() as conn:
        require_account(conn, by, "accounts")
        row = conn.execute(sa.select(users).where(users.c.username == name)).first()
        if row is None:
            raise AccountError(th=f"ไม่พบผู้ใช้ {name!r}", en=f"no user {name!r}")
        areas = _check_areas(conn, row.role, areas)
        conn.execute(account_areas.delete().where(account_areas.c.username == name))
        if areas:
            conn.execute(account_areas.insert(), [{"username": name, "area_id": a} for a in areas])
        return _user(row, areas)


def create_user(engine: Engine, username: str, password: str, role: str, *, by: str, demo: bool = False,
                areas=()) -> User:
    """Add an account (AccountError if the name is taken, the role unknown, the password too short, or a
    working group without areas).  ``by`` is the active admin (or the shell operator, :func:`operator_name`)
    who creates it; ``areas`` are a working group's areas."""
    name = normalise_username(username)
    _check_role(role)
    if not demo:
        _check_password(password, name)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        require_account(conn, by, "accounts")
        areas = _check_areas(conn, role, areas)
        if conn.execute(sa.select(users.c.username).where(users.c.username == name)).first():
            raise AccountError(th=f"มีผู้ใช้ชื่อ {name!r} อยู่แล้ว", en=f"user {name!r} already exists")
        conn.execute(users.insert().values(username=name, password_hash=hash_password(password), role=role,
                                           active=True, created_at=now))
        if areas:
            conn.execute(account_areas.insert(), [{"username": name, "area_id": a} for a in areas])
    return User(name, role, True, now, areas)


def get_user(engine: Engine, username: str) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == (username or "").strip().lower())).first()
        return _user(row, _areas_of(conn, row.username)) if row else None


def authenticate(engine: Engine, username: str, password: str) -> User | None:
    """The user when the password is right and the account active; None otherwise, with the same work either
    way (one query, one password check: against a stand-in hash when the name has no account).  Pages sign in
    through db.signin.sign_in, which adds the guard against guessing and the log."""
    dummy = _dummy_hash()
    query = (sa.select(users, account_areas.c.area_id)
             .select_from(users.outerjoin(account_areas, account_areas.c.username == users.c.username))
             .where(users.c.username == (username or "").strip().lower()))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    row = rows[0] if rows else None
    right = verify_password(password or "", row.password_hash if row is not None else dummy)
    if row is None or not right or not row.active:
        return None
    return _user(row, [r.area_id for r in rows if r.area_id is not None])


def _update(engine: Engine, username: str, by: str, areas=None, _end_sessions: bool = False, **values) -> User:
    name = (username or "").strip().lower()
    with engine.begin() as conn:
        me = require_account(conn, by, "accounts")
        if me.username == name and (values.get("active") is False or values.get("role", "admin") != "admin"):
            raise AccountError(th="ปิดบัญชีหรือลดบทบาทผู้ดูแลของตนเองไม่ได้ กรุณาให้ผู้ดูแลคนอื่นดำเนินการ",
                               en="you cannot disable your own account or remove your own admin role; ask another "
                               "admin")
        if "role" in values:
            if values["role"] in SCOPED_ROLES:
                _check_areas(conn, values["role"], areas)
            else:
                areas = ()
        if conn.execute(users.update().where(users.c.username == name).values(**values)).rowcount != 1:
            raise AccountError(th=f"ไม่พบผู้ใช้ {name!r}", en=f"no user {name!r}")
        if areas is not None:
            conn.execute(account_areas.delete().where(account_areas.c.username == name))
            if areas:
                conn.execute(account_areas.insert(), [{"username": name, "area_id": a} for a in sorted(set(areas))])
        if _end_sessions:
            conn.execute(sessions.update().where(sessions.c.username == name, sessions.c.revoked_at.is_(None))
                         .values(revoked_at=dt.datetime.now(dt.UTC), revoked_by=me.username))
        return _user(conn.execute(sa.select(users).where(users.c.username == name)).one(), _areas_of(conn, name))


def set_password(engine: Engine, username: str, password: str, *, by: str) -> User:
    """A new password (by an active admin), checked against the password rules; it ends the account's open
    sessions, so that whoever knew the old one is signed out everywhere."""
    name = (username or "").strip().lower()
    _check_password(password, name)
    return _update(engine, name, by, password_hash=hash_password(password), _end_sessions=True)


def set_active(engine: Engine, username: str, active: bool, *, by: str) -> User:
    """Enable or disable an account (by an active admin; not their own)."""
    return _update(engine, username, by, active=bool(active))


def set_role(engine: Engine, username: str, role: str, *, by: str, areas=None) -> User:
    """Change an account's role (by an active admin; an admin cannot demote themselves).  A working group
    needs its ``areas``; any other role drops the areas the account had."""
    _check_role(role)
    return _update(engine, username, by, areas=areas, role=role)


def list_users(engine: Engine) -> pd.DataFrame:
    """username, role, areas (a working group's, comma-separated), active, created_at (no hashes), by username."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(users.c.username, users.c.role, users.c.active, users.c.created_at)
                            .order_by(users.c.username)).all()
        scopes: dict[str, list[str]] = {}
        for name, area in conn.execute(sa.select(account_areas.c.username, account_areas.c.area_id)
                                       .order_by(account_areas.c.area_id)):
            scopes.setdefault(name, []).append(area)
    frame = pd.DataFrame(rows, columns=["username", "role", "active", "created_at"])
    frame.insert(2, "areas", [", ".join(scopes.get(n, [])) for n in frame["username"]])
    return frame
