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
