"""Where an import's valid rows land, and what landing would do to the stored rows: the pieces each import kind
(:mod:`ingest.importer`, :mod:`ingest.symbiosis`) describes itself with."""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from db import bulk
from geo.boundaries import load_boundaries
from geo.placement import Placer
from ingest.problems import WARNING, Problem
from programme import registry


def placer_for(data_dir: str | Path) -> Placer:
    """A :class:`geo.placement.Placer` from ``data/boundaries`` and ``data/areas.csv`` (validated on load)."""
    data_dir = Path(data_dir)
    return Placer.from_areas(load_boundaries(data_dir / "boundaries"), registry.load_areas(data_dir))


@functools.lru_cache(maxsize=2)
def cached_placer(data_dir: str) -> Placer:
    return placer_for(data_dir)


@dataclass
class Target:
    """Where the valid rows of one import kind land."""

    upsert: Callable                       # (conn, clean, progress) -> {inserted, updated, unchanged}
    carried: tuple[str, ...]               # columns written even when blank in every row
    table: sa.Table | None = None          # the stored table (text lengths checked; stored values compared)
    keys: tuple[str, ...] = ()             # its key
    column_of: dict[str, str] = field(default_factory=dict)   # canonical column -> the file's, for the report
    keep: tuple[str, ...] = ()             # columns whose blank cell keeps the stored value
    defaults: dict = field(default_factory=dict)   # keep column -> the value a blank gives a row not stored yet

    def effect(self, conn, clean: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
        """(``clean`` as it lands: a blank cell of a ``keep`` column holds the stored value, the erase word
        none, a blank of a new row its default; {"changed", "cleared"}: what it does to the stored values)."""
        if self.table is None or not self.keys or clean.empty:
            return self._defaults(clean), {"changed": 0, "cleared": 0}
        from ingest.checks import CLEAR_WORDS
        clean, effect = bulk.stored_effect(conn, self.table, clean, list(self.keys), self.keep, CLEAR_WORDS)
        return self._defaults(clean), effect

    def _defaults(self, clean: pd.DataFrame) -> pd.DataFrame:
        for c, v in self.defaults.items():
            if c in clean.columns:
                clean[c] = clean[c].astype(object).where(clean[c].notna(), v)
        return clean


def effect_problems(effect: dict) -> list[Problem]:
    """The file-level note of how many stored values a file changes and clears (none when it changes none)."""
    changed, cleared = effect.get("changed", 0), effect.get("cleared", 0)
    if not changed and not cleared:
        return []
    return [Problem(None, "", "", WARNING,
                    f"ไฟล์นี้เปลี่ยนค่าที่บันทึกไว้แล้ว {changed:,} ค่า และล้างค่าที่บันทึกไว้แล้ว {cleared:,} ค่า",
                    f"this file changes {changed:,} stored values and clears {cleared:,} stored values")]


@dataclass
class Plan:
    """One kind's validation and landing: ``validate(table) -> (clean, problems)``, where the rows land, and an
    optional ``revalidate(conn)`` (see :func:`_finish`)."""

    validate: Callable
    target: Target
    revalidate: Callable | None = None


