"""Loading (cached once per process), language and URL state shared by every page."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from common.settings import ROOT, data_dir
from db.engine import database_url, get_engine
from db.snapshot import data_version, load_dataset_from_db
from db.startup import ensure_database
from demo.seed import seed_demo
from geo.assets import install_static_assets
from geo.boundaries import load_boundaries
from geo.layers import MapLayers, build_layers
from programme.dataset import Dataset
from programme.registry import load_areas, load_programme_results
from scoring.summary import Model, build_model
from ui.urlstate import lang, link_params, query_int  # noqa: F401  (the pages call them as context.*)


@st.cache_resource(show_spinner=False)
def _static_assets() -> int:
    return len(install_static_assets(ROOT / "static"))


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    """One engine per database; the schema is migrated, whether it is a demo database is recorded the first time,
    and an empty demo database gets the demo (a production database never does).  This is where the app wires
    the demo in: the start-up rule is the database package's, the loader the demo's."""
    engine = get_engine(url)
    ensure_database(engine, data_dir(), seed=seed_demo)
    return engine


def engine():
    return _engine(database_url())


@dataclass(frozen=True)
class Snapshot:
    """What one page run shows: the data set, the model scored from it and the map layers, all of one data
    version."""

    dataset: Dataset
    model: Model
    layers: MapLayers
    version: tuple


_VERSION_KEY = "_eit_data_version"
_RUN_KEY = "_eit_run"


def begin_run() -> None:
    """Check the data version once for this page run (the router calls it first thing): a write by another app
    server sharing the database shows on the next run, and every later call in the run uses this one check."""
    st.session_state[_RUN_KEY] = run_number() + 1
    st.session_state[_VERSION_KEY] = data_version(engine())


def run_number() -> int:
    """Which page run of this browser tab this is (counted by :func:`begin_run`)."""
    return st.session_state.get(_RUN_KEY, 0)


def _version() -> tuple:
    if _VERSION_KEY not in st.session_state:
        begin_run()
    return st.session_state[_VERSION_KEY]


def data_changed() -> None:
    """After this server wrote something: drop the cached snapshot and take the new version at once (other
    servers notice through :func:`db.snapshot.data_version` on their next run)."""
    _snapshot.clear()
    st.session_state[_VERSION_KEY] = data_version(engine())


@st.cache_resource(show_spinner=False)
def _layers(path: str) -> MapLayers:
    return build_layers(load_areas(Path(path)), load_boundaries(Path(path) / "boundaries"))


# One entry: a new data version replaces the old snapshot, whose memory is then released.
@st.cache_resource(show_spinner="กำลังโหลดข้อมูล / Loading data…", max_entries=1)
def _snapshot(path: str, url: str, version: tuple) -> Snapshot:
    ds = load_dataset_from_db(Path(path), engine())
    return Snapshot(ds, build_model(ds.assessments, ds.criteria), _layers(path), version)


def snapshot() -> Snapshot:
    _static_assets()
    return _snapshot(str(data_dir()), database_url(), _version())


def dataset() -> Dataset:
    return snapshot().dataset


def model() -> Model:
    return snapshot().model


def layers() -> MapLayers:
    return snapshot().layers


def require_router() -> None:
    """Make sure a page runs inside app.py's navigation.

    Streamlit still knows the old "pages/ folder" mode: until ``st.navigation`` has been called once in the
    process, the first visitor who opens e.g. ``/area`` directly gets ``pages/area.py`` run on its own (no
    language toggle, banner or page list). Each page calls this first: in that case it switches the process to
    ``st.navigation`` mode and reruns, which runs app.py as the router."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource(show_spinner=False)
def _programme_results(path: str):
    return load_programme_results(Path(path))


def programme_results():
    return _programme_results(str(data_dir()))


# The symbiosis KPIs of every area (symbiosis.kpis.area_kpis over the register a role may see): the same for every
# viewer of one data version, role and year, so computed once per process, not once per page run and viewer (a
# front page or an area page run spent a third of its server time here). Keyed by the data version: a write
# (data_changed, or another server's) gives a new version, hence new figures. A copy is handed to each caller.
@st.cache_data(show_spinner=False, max_entries=32)
def _area_kpis(version: tuple, role: str | None, year: int | None, _ds: Dataset):
    from symbiosis.kpis import area_kpis
    from symbiosis.views import seen_register

    return area_kpis(seen_register(_ds.symbiosis, role), _ds.factories, year)


def symbiosis_kpis(role: str | None, year: int | None):
    """One row per area (index ``area_id``) of :func:`symbiosis.kpis.area_kpis` in ``year``, as ``role`` may see
    the register (None: a viewer); needs a register in the data set."""
    snap = snapshot()
    return _area_kpis(snap.version, role, year, snap.dataset)


# An area's exchanges with the texts a reader sees (symbiosis.views.flows_of): likewise the same for every viewer
# of one data version, role, year, language and area.
@st.cache_data(show_spinner=False, max_entries=256)
def _area_flows(version: tuple, role: str | None, year: int, language: str, area_id: str, _ds: Dataset):
    from symbiosis.views import flows_of, seen_register

    return flows_of(seen_register(_ds.symbiosis, role), _ds.factories, year, language, area_id=area_id)


def symbiosis_flows(role: str | None, year: int, language: str, area_id: str):
    """The exchanges of one area at the end of ``year`` as ``role`` may see them (:func:`symbiosis.views.flows_of`),
    with the texts in ``language``."""
    snap = snapshot()
    return _area_flows(snap.version, role, year, language, area_id, snap.dataset)
