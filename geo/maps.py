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
from geo.colours import HIGHLIGHT

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


class _ScaleKm(MacroElement):
    """Leaflet's scale bar in kilometres (and metres) only, bottom left; the attribution stays bottom right and
    wraps within its own half of the map (``MAP_CSS``), so the two never overlap."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({metric: true, imperial: false, position: 'bottomleft', maxWidth: 120})"
        ".addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self):
        super().__init__()
        self._name = "ScaleKm"


MAP_CSS = (".leaflet-container{background:" + PLAIN_BACKGROUND + ";font-family:'Sarabun',sans-serif;}"
           ".leaflet-tooltip{font-family:'Sarabun',sans-serif;font-size:14px;}"
           ".leaflet-control-attribution{max-width:calc(100% - 150px);white-space:normal;line-height:1.3;font-size:11px;}"
           ".leaflet-control-scale-line{font-size:12px;}"
           # a click or hover on an area's symbol goes to its polygon under it (the layer streamlit-folium reads)
           "path.eit-symbol.leaflet-interactive{pointer-events:none !important;}"
           ".eit-sym-label{font:700 11px/16px 'Sarabun',sans-serif;text-align:center;pointer-events:none;}"
           ".eit-inset{background:#ffffff;border:1px solid #8c8c8c;border-radius:4px;padding:2px;"
           "box-shadow:0 1px 4px rgba(0,0,0,.3);cursor:pointer;}"
           ".eit-inset-title{font:600 12px 'Sarabun',sans-serif;padding:0 4px 2px;color:#1b1b1b;}")


class _Layer(folium.GeoJson):
    """folium's GeoJson layer without its extent. folium answers a map's extent (``get_bounds``) by walking every
    coordinate of every layer, and streamlit-folium asks for it on every page run (a fifth of a front page's server
    time, for the province outlines and the areas), only to offer it as a return value the pages do not take
    (ui.maps.show_map asks for the clicked tooltip alone). The maps are fitted to the bounds given to
    :func:`new_map`, so the layers' own extent is never used."""

    def _get_self_bounds(self):
        return [[None, None], [None, None]]


def new_map(bounds, basemap: Basemap | None = None, attribution: str = "") -> folium.Map:
    """An empty map fitted to ``bounds`` ([[south, west], [north, east]]), with a scale bar in km."""
    m = _offline(folium.Map(tiles=None, control_scale=False, zoom_snap=0.25, prefer_canvas=False))
    _ScaleKm().add_to(m)
    # With no tile layer Leaflet has no zoom range, and the marker cluster plugin refuses to start without one.
    m.options["maxZoom"] = 18
    m.options["minZoom"] = 4
    if basemap is not None and basemap.url:
        folium.TileLayer(tiles=basemap.url, attr=basemap.attribution or "basemap", name="basemap").add_to(m)
    m.get_root().header.add_child(folium.Element("<style>" + MAP_CSS + "</style>"))
    if attribution:
        _Attribution(attribution).add_to(m)
    m.fit_bounds(bounds)
    return m


def add_outlines(m: folium.Map, geojson: dict, name: str = "provinces") -> None:
    """Non-interactive grey outlines (province borders) for context on a plain background."""
    _Layer(
        geojson,
        name=name,
        style_function=lambda f: {"color": "#8c8c8c", "weight": 0.6, "fill": False},
        interactive=False,
        control=False,
    ).add_to(m)


def _area_style(feature):
    p = feature["properties"]
    return {
        "fill": True,        # also for the symbols (folium's CircleMarker is unfilled unless told)
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
    _Layer(features, name=name, style_function=_outline_style if outline else _area_style,
            highlight_function=lambda f: {"weight": 3, "color": "#000000"}, tooltip=tooltip).add_to(m)
    if centroids:
        points = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": f["id"], "properties": f["properties"],
             "geometry": {"type": "Point", "coordinates": f["properties"]["point"]}}
            for f in features["features"]]}
        _Layer(points, name=f"{name}_symbols", style_function=_area_style,
               marker=folium.CircleMarker(radius=7, class_name="eit-symbol"),
               tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True)).add_to(m)


class _SymbolLabels(MacroElement):
    """A short text (an area's level) drawn centred on each area symbol: ONE array of [lat, lon, text, colour]
    rows drawn by one loop in the browser, not one folium object per area. Labels pass clicks through to the
    symbol under them. Texts must already be escaped."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function (map, rows) {"
        " var g = L.layerGroup();"
        " rows.forEach(function (r) {"
        "  g.addLayer(L.marker([r[0], r[1]], {interactive: false, keyboard: false,"
        "   icon: L.divIcon({className: 'eit-sym-label', html: '<span style=\"color:' + r[3] + '\">' + r[2] + '</span>',"
        "                    iconSize: [16, 16], iconAnchor: [8, 8]})}));"
        " });"
        " g.addTo(map);"
        "})({{ this._parent.get_name() }}, {{ this.rows|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, rows: list[list]):
        super().__init__()
        self._name = "SymbolLabels"
        self.rows = rows


def add_symbol_labels(m: folium.Map, rows: list[list]) -> None:
    """Rows [lat, lon, text, text colour] (text escaped) drawn on the area symbols."""
    if rows:
        _SymbolLabels(rows).add_to(m)


class _Inset(MacroElement):
    """A small second map showing a crowded region enlarged: province outlines of the region and the area symbols
    with their labels and tooltips, drawn from one compact array. It takes the corner of the map (top right, bottom
    left or bottom right) that hides the fewest area symbols, at most 38% of the map's width. A click on it zooms
    the main map to that region (where the areas can be clicked to open)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function (map, spec) {"
        " var size = map.getSize(), w = Math.round(Math.min(spec.w, size.x * 0.38)), h = Math.round(w * spec.h / spec.w);"
        " var Inset = L.Control.extend({options: {position: 'topright'}, onAdd: function () {"
        "  var box = L.DomUtil.create('div', 'eit-inset');"
        "  box.setAttribute('title', spec.title);"
        "  var head = L.DomUtil.create('div', 'eit-inset-title', box); head.textContent = spec.title;"
        "  head.style.maxWidth = w + 'px';"
        "  var el = L.DomUtil.create('div', '', box); el.style.width = w + 'px'; el.style.height = h + 'px';"
        "  L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);"
        "  var mini = L.map(el, {zoomControl: false, attributionControl: false, dragging: false, boxZoom: false,"
        "   doubleClickZoom: false, scrollWheelZoom: false, touchZoom: false, keyboard: false, zoomSnap: 0.1});"
        "  mini.getContainer().style.background = spec.bg;"
        "  mini.fitBounds(spec.bounds);"
        "  L.geoJson(spec.outlines, {interactive: false, style: {color: '#8c8c8c', weight: 0.6, fill: false}}).addTo(mini);"
        "  spec.rows.forEach(function (r) {"
        "   L.circleMarker([r[0], r[1]], {radius: 8, color: r[5] ? '#555555' : '#1f3b2d', weight: 1.6,"
        "    dashArray: r[5] ? '3 3' : null, fillColor: r[2], fillOpacity: 0.95}).bindTooltip(r[6]).addTo(mini);"
        "   if (r[3]) L.marker([r[0], r[1]], {interactive: false, keyboard: false, icon: L.divIcon({className: 'eit-sym-label',"
        "    html: '<span style=\"color:' + r[4] + '\">' + r[3] + '</span>', iconSize: [16, 16], iconAnchor: [8, 8]})}).addTo(mini);"
        "  });"
        "  setTimeout(function () { mini.invalidateSize(); mini.fitBounds(spec.bounds); }, 0);"
        "  L.DomEvent.on(box, 'click', function () { map.flyToBounds(spec.bounds, {duration: 0.6}); });"
        "  return box; }});"
        " var inset = new Inset().addTo(map);"
        " var hidden = function (corner) {"
        "  var bw = w + 16, bh = h + 40, n = 0;"
        "  spec.all.forEach(function (p) {"
        "   var q = map.latLngToContainerPoint([p[0], p[1]]);"
        "   var inX = corner.indexOf('right') >= 0 ? q.x > size.x - bw : q.x < bw;"
        "   var inY = corner.indexOf('top') === 0 ? q.y < bh : q.y > size.y - bh - 30;"
        "   if (inX && inY) n += 1; });"
        "  return n; };"
        " var best = ['topright', 'bottomleft', 'bottomright'].reduce(function (a, c) { return hidden(c) < hidden(a) ? c : a; });"
        " if (best !== 'topright') inset.setPosition(best);"
        "})({{ this._parent.get_name() }}, {{ this.spec|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, spec: dict):
        super().__init__()
        self._name = "Inset"
        self.spec = spec


def add_inset(m: folium.Map, bounds: list[list[float]], rows: list[list], outlines: dict, title: str,
              everywhere: list[list[float]], size: tuple[int, int] = (230, 190)) -> None:
    """An enlarged view of ``bounds`` in a corner of the map. ``rows``: [lat, lon, fill, label, label colour,
    dashed, tooltip] per area in it (texts escaped); ``outlines``: the province outlines to draw in it;
    ``everywhere``: [lat, lon] of every area symbol of the map (the inset takes the corner that hides fewest)."""
    if rows:
        _Inset({"bounds": bounds, "rows": rows, "outlines": outlines, "title": title, "w": size[0], "h": size[1],
                "bg": PLAIN_BACKGROUND, "all": everywhere}).add_to(m)


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
        [lat, lon], radius=11, color="#000000", weight=3, fill=True, fill_color=HIGHLIGHT, fill_opacity=0.9,
        tooltip=folium.Tooltip(tooltip),
    ).add_to(m)


def external_references(html: str) -> list[str]:
    """Script and style URLs in rendered map HTML that point outside the app (should be empty)."""
    import re

    refs = re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=[\"']([^\"']+)[\"']", html, flags=re.I)
    return [r for r in refs if re.match(r"^(?:https?:)?//", r)]
