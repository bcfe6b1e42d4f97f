"""folium map builders. Plain functions: data in, ``folium.Map`` out; no Streamlit here.

Costs are kept flat: all areas are one GeoJson layer, all factories one point layer (``geo.pointlayer``: a
compact array drawn on a canvas in the browser). Every text that comes from data must reach these builders already
escaped (``html.escape``): Leaflet puts tooltip strings into the page as HTML.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass

import folium
from branca.element import MacroElement
from folium.utilities import JsCode
from jinja2 import Template

from geo import assets

PLAIN_BACKGROUND = "#eef2f0"


@dataclass(frozen=True)
class Basemap:
    """A tile layer under the map. ``url`` None means a plain background (works with no internet)."""

    url: str | None = None
    attribution: str = ""

    @classmethod
    def from_env(cls) -> Basemap:
        """EIT_TILES_URL (e.g. an intranet tile server ``https://tiles.example/{z}/{x}/{y}.png``) and
        EIT_TILES_ATTRIBUTION. Unset means no tiles."""
        url = os.environ.get("EIT_TILES_URL") or None
        return cls(url=url, attribution=os.environ.get("EIT_TILES_ATTRIBUTION", ""))


def _offline(element):
    """Point an element's scripts and styles at the files the app serves."""
    if isinstance(element, folium.Map):
        element.default_js = assets.map_js()
        element.default_css = assets.map_css()
    return element


class _Attribution(MacroElement):
    """Adds a line to the map's attribution control (rendered inside the map's own script)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, text: str):
        super().__init__()
        self._name = "Attribution"
        self.text = text


def new_map(bounds, basemap: Basemap | None = None, attribution: str = "") -> folium.Map:
    """An empty map fitted to ``bounds`` ([[south, west], [north, east]])."""
    m = _offline(folium.Map(tiles=None, control_scale=True, zoom_snap=0.25, prefer_canvas=False))
    # With no tile layer Leaflet has no zoom range, and the marker cluster plugin refuses to start without one.
    m.options["maxZoom"] = 18
    m.options["minZoom"] = 4
    if basemap is not None and basemap.url:
        folium.TileLayer(tiles=basemap.url, attr=basemap.attribution or "basemap", name="basemap").add_to(m)
    m.get_root().header.add_child(folium.Element(
        "<style>.leaflet-container{background:" + PLAIN_BACKGROUND + ";font-family:'Sarabun',sans-serif;}"
        ".leaflet-tooltip{font-family:'Sarabun',sans-serif;font-size:14px;}</style>"
    ))
    if attribution:
        _Attribution(attribution).add_to(m)
    m.fit_bounds(bounds)
    return m


def add_outlines(m: folium.Map, geojson: dict, name: str = "provinces") -> None:
    """Non-interactive grey outlines (province borders) for context on a plain background."""
    folium.GeoJson(
        geojson,
        name=name,
        style_function=lambda f: {"color": "#8c8c8c", "weight": 0.6, "fill": False},
        interactive=False,
        control=False,
    ).add_to(m)


def _area_style(feature):
    p = feature["properties"]
    return {
        "fillColor": p["fill"],
        "color": "#555555" if p.get("dashed") else "#1f3b2d",
        "weight": 1.2 if p.get("dashed") else 1.6,
        "dashArray": "4 4" if p.get("dashed") else None,
        "fillOpacity": 0.85,
    }


def _outline_style(feature):
    return {**_area_style(feature), "fill": False, "color": "#1f3b2d", "weight": 2.2}


def add_areas(m: folium.Map, features: dict, name: str = "areas", centroids: bool = False,
              outline: bool = False) -> None:
    """The EIT areas as one GeoJson layer. Each feature's properties must hold ``fill`` (colour), ``dashed``
    (bool: not in the programme that year), ``tooltip`` (escaped HTML text that contains the area id) and
    ``point`` ([lon, lat] inside the area). With ``centroids``, a second layer draws each area as a symbol so
    that areas a few km wide stay visible and clickable at national zoom. With ``outline`` the polygons are not
    filled (only their border takes a click), so that the factories drawn under them stay visible and clickable."""
    tooltip = folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True)
    folium.GeoJson(features, name=name, style_function=_outline_style if outline else _area_style,
                   highlight_function=lambda f: {"weight": 3, "color": "#000000"}, tooltip=tooltip).add_to(m)
    if centroids:
        points = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": f["id"], "properties": f["properties"],
             "geometry": {"type": "Point", "coordinates": f["properties"]["point"]}}
            for f in features["features"]]}
        folium.GeoJson(points, name=f"{name}_symbols", style_function=_area_style,
                       marker=folium.CircleMarker(radius=7),
                       tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True)).add_to(m)


def _flow_style(feature):
    p = feature["properties"]
    return {"color": p["colour"], "weight": p["weight"], "opacity": 0.85, "dashArray": "6 5" if p["dashed"] else None}


# The flow tooltips: escaped texts sent once (``texts``), joined per feature in the browser.
_FLOW_TOOLTIP = """function (feature, layer) {
    var n = %s, p = feature.properties.tip;
    layer.bindTooltip(n[p[0]] + ' \u2192 ' + n[p[1]] + '<br>' + n[p[2]] + ' \u00b7 ' + n[p[3]] + '<br>'
                      + n[p[4]] + ' \u00b7 ' + n[p[5]], {sticky: true});
}"""


def add_flows(m: folium.Map, features: dict, name: str = "flows") -> None:
    """Symbiosis exchanges (:func:`geo.flows.flow_features`) as ONE GeoJson layer of lines; the tooltip texts
    (``features["texts"]``) must already be escaped."""
    if not features["features"]:
        return
    texts = json.dumps(features["texts"])         # ASCII JSON: no "</script>" can come out of escaped text
    data = {"type": "FeatureCollection", "features": features["features"]}
    folium.GeoJson(data, name=name, style_function=_flow_style,
                   highlight_function=lambda f: {"opacity": 1.0},
                   on_each_feature=JsCode(_FLOW_TOOLTIP % texts)).add_to(m)


def add_parties(m: folium.Map, features: dict, name: str = "parties") -> None:
    """The parties that are not factories (:func:`geo.flows.party_features`) as ONE GeoJson layer of points."""
    if not features["features"]:
        return
    folium.GeoJson(features, name=name, marker=folium.CircleMarker(radius=7),
                   style_function=lambda f: {"fill": True, "fillColor": f["properties"]["colour"], "color": "#222222",
                                             "weight": 2, "fillOpacity": 0.95, "radius": 7},
                   tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True)).add_to(m)


def add_highlight(m: folium.Map, lat: float, lon: float, tooltip: str) -> None:
    """One emphasised point (the factory a page is about)."""
    folium.CircleMarker(
        [lat, lon], radius=11, color="#000000", weight=3, fill=True, fill_color="#2b8cbe", fill_opacity=0.9,
        tooltip=folium.Tooltip(tooltip),
    ).add_to(m)


def external_references(html: str) -> list[str]:
    """Script and style URLs in rendered map HTML that point outside the app (should be empty)."""
    import re

    refs = re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=[\"']([^\"']+)[\"']", html, flags=re.I)
    return [r for r in refs if re.match(r"^(?:https?:)?//", r)]
