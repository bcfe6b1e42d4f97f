"""The open-data snapshot: the collections of the database's current data version, built once per version and
kept (one version at a time) for every request that follows. A write anywhere (an import, a certification step)
changes :func:`db.snapshot.data_version`, and the next request builds the new version."""
from __future__ import annotations

import functools
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from common.settings import data_dir
from db.engine import get_engine
from db.snapshot import data_version, load_dataset_from_db
from opendata import features
from opendata.features import Collection


@dataclass(frozen=True)
class Snapshot:
    version: str                      # a short hash of the data version (ETags and "last updated" hang on it)
    collections: dict[str, Collection]
    indexes: dict[str, dict[str, int]]
    updated: str | None               # ISO time of the newest change the data set knows, or None


def version_tag(version: tuple) -> str:
    return hashlib.sha256(repr(version).encode()).hexdigest()[:16]


@functools.cache
def _layers(path: str):
    from geo.boundaries import load_boundaries
    from geo.layers import build_layers
    from programme.registry import load_areas
    return build_layers(load_areas(Path(path)), load_boundaries(Path(path) / "boundaries"))


def build(engine, path: Path, version: tuple) -> Snapshot:
    """The collections of the database behind ``engine`` (data files under ``path``)."""
    from scoring.summary import build_model

    ds = load_dataset_from_db(path, engine)
    model = build_model(ds.assessments, ds.criteria)
    try:
        layers = _layers(str(path))
    except (OSError, ValueError):     # no boundary files: the areas are served without geometry
        layers = None
    cols = {"areas": features.areas(ds, model, layers), "factories": features.factories(ds),
            "exchanges": features.exchanges(ds)}
    return Snapshot(version_tag(version), cols, {k: c.index() for k, c in cols.items()}, last_updated(engine))


def last_updated(engine) -> str | None:
    """When the data last changed, as an ISO time (UTC): the newest finished import or certification step."""
    import sqlalchemy as sa

    from db.schema import certification_log, imports
    with engine.connect() as conn:
        times = conn.execute(sa.select(sa.select(sa.func.max(imports.c.finished_at)).scalar_subquery(),
                                       sa.select(sa.func.max(certification_log.c.at)).scalar_subquery())).one()
    known = [t for t in times if t is not None]
    return max(known).isoformat() if known else None


class Store:
    """The snapshot of one database, rebuilt when its data version changes (thread-safe)."""

    def __init__(self, url: str | None = None, path: Path | None = None):
        self.url, self.path = url, Path(path or data_dir())
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None
        self._version = None
        self._engine = None

    def engine(self):
        if self._engine is None:
            from db.startup import ensure_database
            from demo.seed import seed_demo
            engine = get_engine(self.url)
            ensure_database(engine, self.path, seed=seed_demo)      # as the app does: migrated; an empty demo database seeded
            self._engine = engine
        return self._engine

    def snapshot(self) -> Snapshot:
        version = data_version(self.engine())
        with self._lock:
            if self._snap is None or version != self._version:
                self._snap = build(self.engine(), self.path, version)
                self._version = version
            return self._snap
