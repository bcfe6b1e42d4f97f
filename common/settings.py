"""Where things are and what the environment switches on: one place for every setting read from the environment
(docs/operations.md, "Settings", lists them)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OFF = ("0", "false", "no", "off")


def env(name: str, default: str = "") -> str:
    """The stripped value of an environment variable (``default`` when unset or blank)."""
    return os.environ.get(name, "").strip() or default


def data_dir() -> Path:
    """``EIT_DATA_DIR`` or ``<repo>/data``: the versioned registry, criteria and demo files."""
    return Path(env("EIT_DATA_DIR") or ROOT / "data")


def var_dir() -> Path:
    """``<repo>/var``: the default home of the SQLite database and the kept uploads."""
    return ROOT / "var"


def demo_enabled() -> bool:
    """``EIT_DEMO`` (default on): whether a new, empty database is filled with the demo."""
    return env("EIT_DEMO", "1").lower() not in OFF


COAST_TOLERANCE_KM = 2.0


def _bounded(name: str, default: float, lo: float, hi: float, what_en: str, what_th: str) -> float:
    """The number in environment variable ``name`` (``default`` when unset), which must lie in ``lo``..``hi``;
    anything else is a DataError naming the variable and the range in English and Thai."""
    from common.errors import DataError
    raw = env(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not lo <= value <= hi:
        raise DataError(f"{name} must be a number of {what_en} from {lo:g} to {hi:g}, not {raw!r} / "
                        f"{name} ต้องเป็น{what_th}ตั้งแต่ {lo:g} ถึง {hi:g} ไม่ใช่ {raw!r}")
    return value


def coast_tolerance_km() -> float:
    """``EIT_COAST_TOLERANCE_KM`` (default 2): how far outside every province polygon a factory's coordinates may
    lie (a coastal factory, or the simplified coastline) and still be placed, with a warning, in the nearest
    province.  0 switches the tolerance off; a value that is not a number from 0 to 50 is a DataError."""
    return _bounded("EIT_COAST_TOLERANCE_KM", COAST_TOLERANCE_KM, 0, 50, "km", "ระยะทาง (กม.) ")


DB_BUSY_TIMEOUT_S = 30.0


def db_busy_timeout_s() -> float:
    """``EIT_DB_BUSY_TIMEOUT_S`` (default 30): how long a write waits for another one (an import waits for an
    import running at the same time) before it is refused with "another import is running, try again".
    SQLite's busy timeout and PostgreSQL's wait for the import lock.  A number from 1 to 600, else a DataError."""
    return _bounded("EIT_DB_BUSY_TIMEOUT_S", DB_BUSY_TIMEOUT_S, 1, 600, "seconds", "จำนวนวินาที")


SESSION_IDLE_MINUTES = 480.0


def session_idle_minutes() -> float:
    """``EIT_SESSION_IDLE_MINUTES`` (default 480 = 8 hours): a sign-in ends after this long without a page run in
    any tab of the browser.  A number from 0.1 (tests) to 10080 (a week), else a DataError."""
    return _bounded("EIT_SESSION_IDLE_MINUTES", SESSION_IDLE_MINUTES, 0.1, 10080, "minutes", "จำนวนนาที")


MAX_EVIDENCE_MB = 20.0


def max_evidence_bytes() -> int:
    """``EIT_MAX_EVIDENCE_MB`` (default 20): the largest evidence file a working group may attach, in bytes; a
    value that is not a number from 1 to 200 is a DataError."""
    return int(_bounded("EIT_MAX_EVIDENCE_MB", MAX_EVIDENCE_MB, 1, 200, "megabytes", "จำนวนเมกะไบต์") * 1024 * 1024)


# --------------------------------------------------------------------------------------------- upload limits
# What one uploaded table may cost to read (ingest.readers checks them before and while reading; docs/operations.md's
# configuration table lists them).  A value that is not a positive number falls back to the default.
UPLOAD_LIMITS = {            # field: (environment variable, default)
    "unzipped_mb": ("EIT_MAX_UNZIPPED_MB", 500),
    "rows": ("EIT_MAX_ROWS", 500_000),
    "columns": ("EIT_MAX_COLUMNS", 256),
    "cells": ("EIT_MAX_CELLS", 5_000_000),
    "cell_chars": ("EIT_MAX_CELL_CHARS", 10_000),
}


def upload_limit(field: str) -> float:
    """The limit ``field`` of :data:`UPLOAD_LIMITS` from its environment variable, or its default."""
    name, default = UPLOAD_LIMITS[field]
    try:
        value = float(env(name, str(default)))
    except ValueError:
        return default
    return value if value > 0 else default


def deck_font(default: str) -> str:
    """``EIT_DECK_FONT``: the font a PowerPoint deck names (``default`` when unset); checked by the deck builder."""
    return env("EIT_DECK_FONT", default)
