"""Staff accounts: salted scrypt password hashes, roles and what each role may do.

Roles: ``viewer`` (reads the dashboard), ``staff`` (may also import data, certify levels and read the import
log), ``admin`` (may also manage accounts).  There is no built-in account or default password: accounts come only
from ``python -m store create-user``, and the demo (``seed_demo``) adds ``demo-staff`` and ``demo-admin`` with
the password ``demo``, which exist only in a database holding the demo data.
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
from sqlalchemy.engine import Engine

from common.vocab import ROLES
from db.schema import users

MIN_PASSWORD = 8
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
PERMISSIONS = {
    "viewer": frozenset(),
    "staff": frozenset({"import", "certify", "audit"}),
    "admin": frozenset({"import", "certify", "audit", "accounts"}),
}
# scrypt cost: n=2**14, r=8, p=1 (about 16 MiB and a few tens of ms per check)
_N, _R, _P, _DKLEN = 2 ** 14, 8, 1, 32


class AccountError(ValueError):
    """A refused account operation (bad name, weak password, unknown user, ...); English / Thai message."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    active: bool
    created_at: dt.datetime | None = None

    def can(self, action: str) -> bool:
        """``action`` is one of ``import``, ``certify``, ``audit``, ``accounts``."""
        return self.active and action in PERMISSIONS.get(self.role, frozenset())


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


_DUMMY_HASH = None


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; roles: {', '.join(ROLES)} / ไม่รู้จักบทบาท {role!r}")


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(f"password must have at least {MIN_PASSWORD} characters / "
                           f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร")


def normalise_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not USERNAME_RE.match(name):
        raise AccountError("username must be 2-64 characters: a-z, 0-9, '.', '_', '@' or '-' / "
                           "ชื่อผู้ใช้ต้องยาว 2-64 ตัว ประกอบด้วย a-z 0-9 . _ @ หรือ -")
    return name


def _user(row) -> User:
    return User(username=row.username, role=row.role, active=bool(row.active), created_at=row.created_at)


def create_user(engine: Engine, username: str, password: str, role: str, *, demo: bool = False) -> User:
    """Add an account (AccountError if the name is taken, the role unknown or the password too short)."""
    name = normalise_username(username)
    _check_role(role)
    if not demo:
        _check_password(password)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        if conn.execute(sa.select(users.c.username).where(users.c.username == name)).first():
            raise AccountError(f"user {name!r} already exists / มีผู้ใช้ชื่อ {name!r} อยู่แล้ว")
        conn.execute(users.insert().values(username=name, password_hash=hash_password(password), role=role,
                                           active=True, created_at=now))
    return User(name, role, True, now)


def get_user(engine: Engine, username: str) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == (username or "").strip().lower())).first()
    return _user(row) if row else None


def authenticate(engine: Engine, username: str, password: str) -> User | None:
    """The user when the password is right and the account active; None otherwise (same work either way)."""
    global _DUMMY_HASH
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == (username or "").strip().lower())).first()
    if row is None:
        _DUMMY_HASH = _DUMMY_HASH or hash_password(secrets.token_hex(8))
        verify_password(password or "", _DUMMY_HASH)
        return None
    if not verify_password(password or "", row.password_hash) or not row.active:
        return None
    return _user(row)


def _update(engine: Engine, username: str, **values) -> User:
    name = (username or "").strip().lower()
    with engine.begin() as conn:
        if conn.execute(users.update().where(users.c.username == name).values(**values)).rowcount != 1:
            raise AccountError(f"no user {name!r} / ไม่พบผู้ใช้ {name!r}")
        return _user(conn.execute(sa.select(users).where(users.c.username == name)).one())


def set_password(engine: Engine, username: str, password: str) -> User:
    _check_password(password)
    return _update(engine, username, password_hash=hash_password(password))


def set_active(engine: Engine, username: str, active: bool) -> User:
    return _update(engine, username, active=bool(active))


def set_role(engine: Engine, username: str, role: str) -> User:
    _check_role(role)
    return _update(engine, username, role=role)


def list_users(engine: Engine) -> pd.DataFrame:
    """username, role, active, created_at (no hashes), by username."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(users.c.username, users.c.role, users.c.active, users.c.created_at)
                            .order_by(users.c.username)).all()
    return pd.DataFrame(rows, columns=["username", "role", "active", "created_at"])
