"""Serve the map's scripts, styles and fonts from the app itself, so maps draw with no internet.

folium and streamlit-folium load Leaflet, jQuery and plugins from public CDNs by default. The XStatic packages on
PyPI carry the same files; ``install_static_assets`` copies them into ``static/vendor`` (Streamlit serves
``static/`` at ``/app/static`` when ``server.enableStaticServing`` is on) and ``offline_js``/``offline_css`` give the
asset lists that the map builders set on every folium element they create.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import xstatic.pkg.jquery as xs_jquery
import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_markercluster

# URL prefix under which Streamlit serves ``static/``. Change it (EIT_ASSET_BASE) when the app runs behind a
# reverse proxy with a path prefix (server.baseUrlPath), e.g. "/eit/app/static".
ASSET_BASE = os.environ.get("EIT_ASSET_BASE", "/app/static").rstrip("/")

# (source package, file inside its data dir, file under static/vendor)
_FILES = [
    (xs_leaflet, "leaflet.js", "leaflet/leaflet.js"),
    (xs_leaflet, "leaflet.css", "leaflet/leaflet.css"),
    (xs_jquery, "jquery.min.js", "jquery/jquery.min.js"),
    (xs_markercluster, "leaflet.markercluster.js", "markercluster/leaflet.markercluster.js"),
    (xs_markercluster, "MarkerCluster.css", "markercluster/MarkerCluster.css"),
    (xs_markercluster, "MarkerCluster.Default.css", "markercluster/MarkerCluster.Default.css"),
]
_DIRS = [(xs_leaflet, "images", "leaflet/images")]


def install_static_assets(static_dir: Path) -> list[Path]:
    """Copy the vendor files into ``static_dir/vendor`` (only those missing or changed). Returns the files written."""
    written = []
    vendor = Path(static_dir) / "vendor"
    for pkg, name, target in _FILES:
        src, dst = Path(pkg.BASE_DIR) / name, vendor / target
        if not dst.exists() or dst.stat().st_size != src.stat().st_size:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            written.append(dst)
    for pkg, name, target in _DIRS:
        for src in sorted((Path(pkg.BASE_DIR) / name).iterdir()):
            dst = vendor / target / src.name
            if not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
                written.append(dst)
    return written


def url(path: str) -> str:
    return f"{ASSET_BASE}/{path}"


def map_js() -> list[tuple[str, str]]:
    # jQuery is needed by folium's Popup; without it a popup aborts the whole map script.
    return [("leaflet", url("vendor/leaflet/leaflet.js")), ("jquery", url("vendor/jquery/jquery.min.js"))]


def map_css() -> list[tuple[str, str]]:
    return [("leaflet_css", url("vendor/leaflet/leaflet.css")), ("sarabun", url("fonts/sarabun.css"))]
