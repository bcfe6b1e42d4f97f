"""The sign-in rules (``data/signin/``): the password rules and the thresholds against guessing, validated on
load, and the password check that every new password passes (db.accounts).

Why a data file and not environment settings: these are the programme's security policy, reviewed and versioned
with the code, and every app server of a cluster must apply the same ones (an attacker would otherwise go to the
laxest).  The idle time of a sign-in is a deployment setting instead (``EIT_SESSION_IDLE_MINUTES``,
common.settings).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from common.csvfile import read_table
from common.errors import cell_error
from common.settings import data_dir

RULES_FILE = "signin/rules.csv"
COMMON_FILE = "signin/common_passwords.txt"

#: key: (lowest allowed value, highest allowed value); every key must be in the file.
BOUNDS = {
    "password_min_length": (8, 64),        # NIST SP 800-63B: never below 8
    "password_max_length": (64, 1024),     # NIST SP 800-63B: at least 64 must be allowed
    "window_minutes": (1, 1440),
    "account_slow_after": (1, 1000),
    "client_slow_after": (1, 10000),
    "slow_seconds": (0, 30),
    "slow_max_seconds": (0, 60),
    "account_lock_after": (2, 1000),
    "client_lock_after": (2, 10000),
    "lock_minutes": (1, 1440),
}


@dataclass(frozen=True)
class SigninRules:
    password_min_length: int
    password_max_length: int
    window_minutes: float
    account_slow_after: int
    client_slow_after: int
    slow_seconds: float
    slow_max_seconds: float
    account_lock_after: int
    client_lock_after: int
    lock_minutes: float
    common: frozenset[str]

    def wait_seconds(self, account_failures: int, client_failures: int) -> float:
        """How long an answer waits after that many recent wrong passwords for the name and from the client."""
        over = max(account_failures - self.account_slow_after + 1, client_failures - self.client_slow_after + 1, 0)
        return min(self.slow_max_seconds, over * self.slow_seconds)


def load_rules(folder: Path | str | None = None) -> SigninRules:
    """``data/signin/rules.csv`` (``key,value,unit,note``) and the common-password list, checked: every key of
    :data:`BOUNDS` once, a number within its bounds, the longest password not shorter than the shortest."""
    folder = Path(folder or data_dir())
    t = read_table(folder / RULES_FILE, RULES_FILE, ("key", "value", "unit", "note"), optional=("unit", "note"))
    f = t.frame
    t.unique("key", what="key")
    t.check(~f["key"].isin(list(BOUNDS)).to_numpy(), "key", f"unknown key; keys: {', '.join(BOUNDS)}",
            f"ไม่รู้จักค่าตั้งนี้ ค่าตั้งที่ใช้ได้: {', '.join(BOUNDS)}")
    value = pd.to_numeric(f["value"], errors="coerce")
    lo = f["key"].map(lambda k: BOUNDS[k][0])
    hi = f["key"].map(lambda k: BOUNDS[k][1])
    t.check(~value.between(lo, hi).to_numpy(), "value",
            "must be a number within the bounds of its key (password_min_length 8-64, password_max_length 64-1024, "
            "thresholds above 1, minutes 1-1440, seconds 0-60)",
            "ต้องเป็นตัวเลขในช่วงที่กำหนดของค่าตั้งนั้น (ความยาวรหัสผ่านขั้นต่ำ 8-64 ตัวอักษร เป็นต้น)")
    values = dict(zip(f["key"], value.astype(float)))
    missing = [k for k in BOUNDS if k not in values]
    if missing:
        raise cell_error(RULES_FILE, None, "key", None, f"missing setting(s): {', '.join(missing)}",
                         f"ไม่มีค่าตั้ง: {', '.join(missing)}")
    if values["password_max_length"] < values["password_min_length"]:
        raise cell_error(RULES_FILE, None, "value", values["password_max_length"],
                         "password_max_length must not be below password_min_length",
                         "ความยาวรหัสผ่านสูงสุดต้องไม่น้อยกว่าความยาวขั้นต่ำ")
    ints = {"password_min_length", "password_max_length", "account_slow_after", "client_slow_after",
            "account_lock_after", "client_lock_after"}
    return SigninRules(**{k: int(v) if k in ints else float(v) for k, v in values.items()},
                       common=_common(folder / COMMON_FILE))


def _common(path: Path) -> frozenset[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise cell_error(COMMON_FILE, None, None, None, f"file not found ({path})", f"ไม่พบไฟล์ ({path})") from None
    words = frozenset(w.strip().lower() for w in lines if w.strip())
    if len(words) < 1000:
        raise cell_error(COMMON_FILE, None, None, None, f"only {len(words)} passwords: expected a list of thousands",
                         f"มีรหัสผ่านเพียง {len(words)} รายการ ควรมีหลายพันรายการ")
    return words


@functools.lru_cache(maxsize=4)
def rules(folder: str | None = None) -> SigninRules:
    """The rules of ``folder`` (default: the data folder in use), read once per process."""
    return load_rules(folder or str(data_dir()))


def _repetitive(text: str, common: frozenset[str]) -> bool:
    """Repetitive or sequential characters ('aaaa…', '1234567890123…', 'abcdef…'), or one common password
    repeated ('passwordpassword')."""
    if len(set(text)) < 3 or all(ord(b) - ord(a) in (1, -1, 9, -9) for a, b in zip(text, text[1:])):
        return True
    for k in range(1, len(text) // 2 + 1):
        unit = text[:k]
        if len(text) % k == 0 and unit * (len(text) // k) == text:
            return unit in common or len(set(unit)) < 3 or k <= 4
    return False


def password_problem(password: str, username: str, r: SigninRules) -> tuple[str, str] | None:
    """Why a new password is refused, as (English, Thai), or None when it is accepted.  The rules of NIST
    SP 800-63B: a minimum and maximum length in characters (spaces and any script count; no rule on what kinds of
    character it must hold), and not a value from a list of commonly used passwords, nor the user name (also not
    the user name or a common password with digits or symbols added)."""
    if not isinstance(password, str) or len(password) < r.password_min_length:
        return (f"the password must have at least {r.password_min_length} characters (a few words with spaces "
                "are easiest to remember)",
                f"รหัสผ่านต้องยาวอย่างน้อย {r.password_min_length} ตัวอักษร (ใช้หลายคำเว้นวรรคจะจำได้ง่าย)")
    if len(password) > r.password_max_length:
        return (f"the password may have at most {r.password_max_length} characters",
                f"รหัสผ่านยาวได้ไม่เกิน {r.password_max_length} ตัวอักษร")
    low = password.strip().lower()
    name = (username or "").strip().lower()
    core = low.rstrip("0123456789!@#$%^&*()_-+=.?, ").lstrip("0123456789!@#$%^&*()_-+=.?, ")
    if name and (low.replace(" ", "") == name or (len(name) >= 4 and name in low.replace(" ", ""))):
        return ("the password must not be or contain the user name", "รหัสผ่านต้องไม่ใช่หรือไม่มีชื่อผู้ใช้อยู่ในนั้น")
    if low in r.common or core in r.common or _repetitive(low.replace(" ", ""), r.common):
        return ("this password is one of the commonly used passwords that are guessed first: choose another",
                "รหัสผ่านนี้เป็นรหัสผ่านที่ใช้กันทั่วไปและถูกเดาได้ง่าย กรุณาเลือกรหัสผ่านอื่น")
    return None

