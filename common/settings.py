"""Where things are and what the environment switches on: one place for every setting read from the environment
(the README's configuration table lists them)."""
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


def coast_tolerance_km() -> float:
    """``EIT_COAST_TOLERANCE_KM`` (default 2): how far outside every province polygon a factory's coordinates may
    lie (a coastal factory, or the simplified coastline) and still be placed, with a warning, in the nearest
    province.  0 switches the tolerance off; a value that is not a number from 0 to 50 is a DataError."""
    from common.errors import DataError
    raw = env("EIT_COAST_TOLERANCE_KM")
    if not raw:
        return COAST_TOLERANCE_KM
    try:
        km = float(raw)
    except ValueError:
        km = float("nan")
    if not 0 <= km <= 50:
        raise DataError(f"EIT_COAST_TOLERANCE_KM must be a number of km from 0 to 50, not {raw!r} / "
                        f"EIT_COAST_TOLERANCE_KM ต้องเป็นระยะทาง (กม.) ตั้งแต่ 0 ถึง 50 ไม่ใช่ {raw!r}")
    return km


DB_BUSY_TIMEOUT_S = 30.0


def db_busy_timeout_s() -> float:
    """``EIT_DB_BUSY_TIMEOUT_S`` (default 30): how long a write waits for another one (an import waits for an
    import running at the same time) before it is refused with "another import is running, try again".
    SQLite's busy timeout and PostgreSQL's wait for the import lock.  A number from 1 to 600, else a DataError."""
    from common.errors import DataError
    raw = env("EIT_DB_BUSY_TIMEOUT_S")
    if not raw:
        return DB_BUSY_TIMEOUT_S
    try:
        seconds = float(raw)
    except ValueError:
        seconds = float("nan")
    if not 1 <= seconds <= 600:
        raise DataError(f"EIT_DB_BUSY_TIMEOUT_S must be a number of seconds from 1 to 600, not {raw!r} / "
                        f"EIT_DB_BUSY_TIMEOUT_S ต้องเป็นจำนวนวินาทีตั้งแต่ 1 ถึง 600 ไม่ใช่ {raw!r}")
    return seconds


# --------------------------------------------------------------------------------------------- upload limits
# What one uploaded table may cost to read (ingest.readers checks them before and while reading; README's
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
