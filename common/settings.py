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
