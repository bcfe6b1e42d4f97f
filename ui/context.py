"""Loading (cached once per process), language and URL state shared by every page."""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from geo.assets import install_static_assets
from geo.boundaries import load_boundaries
from geo.layers import MapLayers, build_layers
from i18n import DEFAULT_LANG, normalise_lang
from scoring.summary import Model, build_model
from store.dataset import Dataset, load_dataset_from_db
from store.db import database_url, ensure_database, get_engine

ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """EIT_DATA_DIR points at another data folder (same layout as ``data/``); default: the embedded data."""
    return Path(os.environ.get("EIT_DATA_DIR", ROOT / "data"))


@st.cache_resource(show_spinner=False)
def _static_assets() -> int:
    return len(install_static_assets(ROOT / "static"))


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    """One engine per database; the schema is migrated and, on an empty database, the demo is loaded."""
    engine = get_engine(url)
    ensure_database(engine, data_dir())
    return engine


def engine():
    return _engine(database_url())


def data_version() -> tuple:
    """Changes whenever users write (an import, a certification step, a note), also from another app server
    sharing the database, so that cached data is reloaded then and only then."""
    import sqlalchemy as sa

    from store.notes import last_change
    from store.schema import certification_log, imports

    with engine().connect() as conn:
        return (conn.execute(sa.select(sa.func.max(imports.c.id))).scalar(),
                conn.execute(sa.select(sa.func.max(certification_log.c.id))).scalar(),
                str(last_change(conn)))


def data_changed() -> None:
    """Drop the cached data after this server wrote something (other servers notice via data_version)."""
    _dataset.clear()
    _model.clear()


@st.cache_resource(show_spinner="กำลังโหลดข้อมูล / Loading data…", max_entries=2)
def _dataset(path: str, url: str, version: tuple) -> Dataset:
    return load_dataset_from_db(Path(path), engine())


@st.cache_resource(show_spinner=False, max_entries=2)
def _model(path: str, url: str, version: tuple) -> Model:
    ds = _dataset(path, url, version)
    return build_model(ds.assessments, ds.criteria)


@st.cache_resource(show_spinner=False)
def _layers(path: str) -> MapLayers:
    from store.registry import load_areas

    return build_layers(load_areas(Path(path)), load_boundaries(Path(path) / "boundaries"))


def dataset() -> Dataset:
    _static_assets()
    return _dataset(str(data_dir()), database_url(), data_version())


def model() -> Model:
    return _model(str(data_dir()), database_url(), data_version())


def layers() -> MapLayers:
    return _layers(str(data_dir()))


def lang() -> str:
    """The language of this view: the sidebar toggle (bound to ``?lang=``), Thai by default."""
    value = st.session_state.get("url_lang") or st.query_params.get("lang") or DEFAULT_LANG
    return normalise_lang(value)


def query_int(name: str) -> int | None:
    raw = st.query_params.get(name)
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


def link_params(**extra) -> dict:
    """Query parameters every link carries so the next view keeps the language and year."""
    params = {"lang": lang()}
    year = query_int("year")
    if year:
        params["year"] = str(year)
    params.update({k: str(v) for k, v in extra.items() if v is not None})
    return params


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
    from store.registry import load_programme_results

    return load_programme_results(Path(path))


def programme_results():
    return _programme_results(str(data_dir()))
