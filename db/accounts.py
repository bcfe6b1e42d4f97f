"""Staff accounts: salted scrypt password hashes, roles and what each role may do.

Roles: ``viewer`` (reads the dashboard), ``staff`` (may also import data, certify levels and read the import
log), ``admin`` (may also manage accounts).  There is no built-in account or default password: accounts come only
from ``python -m store create-user``, and the demo (``seed_demo``) adds ``demo-staff`` and ``demo-admin`` with
the password ``demo``, which exist only in a database holding the demo data.

Every write checks its account at write time, in the data layer (:func:`require_account`): a certification step or
a note needs an active staff account, an import too, account administration an active admin.  The operator at the
server's shell (``python -m store`` without ``--user``) writes as :func:`operator_name`.
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

from common.vocab import ROLES, role_at_least
from db.schema import users

MIN_PASSWORD = 8
OPERATOR_PREFIX = "system:"
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


class AccountRefused(AccountError):
    """The account behind a write may not make it (unknown, disabled, or its role too low).  ``sign_out``: the
    account is gone or disabled, so a page signs its user out."""

    def __init__(self, message: str, sign_out: bool):
        super().__init__(message)
        self.sign_out = sign_out


def operator_name(login: str | None) -> str:
    """The name under which the operator at the server's shell writes (``python -m store``): ``system:<login>``.
    It can never be an account's name (accounts have no ``:``), and :func:`require_account` lets it through:
    whoever has shell access can reach the database directly anyway."""
    login = re.sub(r"[^a-z0-9._@-]", "", (login or "").strip().lower())[:40] or "operator"
    return OPERATOR_PREFIX + login


def is_operator(username: str | None) -> bool:
    return (username or "").startswith(OPERATOR_PREFIX)


def require_account(conn: Connection, username: str, needed_role: str) -> User:
    """The account ``username`` as it is now in the database, inside the caller's write transaction; raises
    AccountRefused unless it exists, is active and has ``needed_role`` (or a higher one).  Every write calls it,
    so a disabled or demoted account stops at once, also in a browser tab still open.  On PostgreSQL the row is
    locked (FOR SHARE) until the write commits, so the account cannot be disabled half-way through it."""
    if is_operator(username):
        return User(username, "admin", True)
    name = (username or "").strip().lower()
    row = conn.execute(sa.select(users).where(users.c.username == name).with_for_update(read=True)).first()
    if row is None:
        raise AccountRefused(f"the account {name!r} does not exist (any more): nothing is saved under it; sign in "
                             f"again / ไม่พบบัญชีผู้ใช้ {name!r} จึงบันทึกข้อมูลไม่ได้ กรุณาเข้าสู่ระบบใหม่", sign_out=True)
    if not row.active:
        raise AccountRefused(f"the account {name!r} has been disabled: nothing is saved under it any more, and you "
                             f"are signed out / บัญชีผู้ใช้ {name!r} ถูกระงับแล้ว จึงบันทึกข้อมูลไม่ได้ และได้ออกจากระบบแล้ว",
                             sign_out=True)
    if not role_at_least(row.role, needed_role):
        raise AccountRefused(f"the account {name!r} is now {row.role}; this needs {needed_role}: nothing was saved / "
                             f"บัญชีผู้ใช้ {name!r} มีบทบาท {row.role} แต่การนี้ต้องเป็น {needed_role} "
                             "จึงไม่ได้บันทึกข้อมูล", sign_out=False)
    return _user(row)


def create_user(engine: Engine, username: str, password: str, role: str, *, by: str, demo: bool = False) -> User:
    """Add an account (AccountError if the name is taken, the role unknown or the password too short).
    ``by`` is the active admin (or the shell operator, :func:`operator_name`) who creates it."""
    name = normalise_username(username)
    _check_role(role)
    if not demo:
        _check_password(password)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        require_account(conn, by, "admin")
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


def _update(engine: Engine, username: str, by: str, **values) -> User:
    name = (username or "").strip().lower()
    with engine.begin() as conn:
        me = require_account(conn, by, "admin")
        if me.username == name and (values.get("active") is False or values.get("role", "admin") != "admin"):
            raise AccountError("you cannot disable your own account or remove your own admin role; ask another "
                               "admin / ปิดบัญชีหรือลดบทบาทผู้ดูแลของตนเองไม่ได้ กรุณาให้ผู้ดูแลคนอื่นดำเนินการ")
        if conn.execute(users.update().where(users.c.username == name).values(**values)).rowcount != 1:
            raise AccountError(f"no user {name!r} / ไม่พบผู้ใช้ {name!r}")
        return _user(conn.execute(sa.select(users).where(users.c.username == name)).one())


def set_password(engine: Engine, username: str, password: str, *, by: str) -> User:
    _check_password(password)
    return _update(engine, username, by, password_hash=hash_password(password))


def set_active(engine: Engine, username: str, active: bool, *, by: str) -> User:
    """Enable or disable an account (by an active admin; not their own)."""
    return _update(engine, username, by, active=bool(active))


def set_role(engine: Engine, username: str, role: str, *, by: str) -> User:
    """Change an account's role (by an active admin; an admin cannot demote themselves)."""
    _check_role(role)
    return _update(engine, username, by, role=role)


def list_users(engine: Engine) -> pd.DataFrame:
    """username, role, active, created_at (no hashes), by username."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(users.c.username, users.c.role, users.c.active, users.c.created_at)
                            .order_by(users.c.username)).all()
    return pd.DataFrame(rows, columns=["username", "role", "active", "created_at"])
