"""PNG maps for the exports, drawn with matplotlib from the same layers (``geo.layers.MapLayers``) and the same
colours as the live maps (``geo.mapviews``, ``geo.colours``): province outlines in grey on a plain background (no
tiles, nothing fetched), area polygons, a symbol per area at national scale, factories coloured by compliance.

Every map is drawn in a :class:`Frame`: a pixel box inside the image and the lon/lat extent shown in it, so a
point's pixel is known exactly (the tests sample the colour under each area's symbol).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from geo.colours import COMPLIANCE_COLOURS, HIGHLIGHT, text_on
from geo.layers import NEIGHBOURS, MapLayers, area_bounds, factory_view_bounds
from geo.layers import neighbours as nearest_factories
from geo.maps import PLAIN_BACKGROUND
from geo.mapviews import national_legend, national_styles, symbol_labels
from i18n import t, year_label
from programme.dataset import Dataset
from reports import ReportError
from reports.charts import drawing, to_png
from scoring.factories import COMPLIANCE_ORDER, compliance_counts, compliance_in
from scoring.summary import Model, area_table

OUTLINE_COLOUR = "#8c8c8c"  # province borders (geo.maps.add_outlines)
AREA_EDGE = "#1f3b2d"  # an area in the programme (geo.maps._area_style)
DASHED_EDGE = "#555555"  # an area not yet in the programme, dashed
AREA_FILL = "#cfe8d8"  # the area on its own map (geo.mapviews.area_map)
FACTORY_AREA_FILL = "#eef7f1"  # the area around one factory (geo.mapviews.factory_map)
SYMBOL_SIZE = 11.0  # points: diameter of an area's symbol at national scale
FACTORY_SIZE = 6.0  # points: diameter of a factory's dot
LEGEND_HEIGHT = 150  # pixels under an area's or a factory's map for its legend (two rows)
LEGEND_ROW = 40  # pixels per legend row (10 pt text at 150 dpi, with spacing)


@dataclass(frozen=True)
class Frame:
    """Where the map sits in the image: ``box`` = (left, top, width, height) in pixels from the top-left corner,
    ``extent`` = (west, east, south, north) in degrees, ``size`` = (width, height) of the whole image."""

    size: tuple[int, int]
    box: tuple[int, int, int, int]
    extent: tuple[float, float, float, float]

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """(column, row) of a point in the PNG, counted from the top-left corner."""
        left, top, width, height = self.box
        west, east, south, north = self.extent
        return (left + (lon - west) / (east - west) * width, top + (north - lat) / (north - south) * height)

    def axes_rect(self) -> list[float]:
        left, top, width, height = self.box
        w, h = self.size
        return [left / w, 1 - (top + height) / h, width / w, height / h]


def fit_frame(bounds: list[list[float]], size: tuple[int, int], box: tuple[int, int, int, int],
              pad: float = 0.0) -> Frame:
    """A frame showing at least ``bounds`` ([[south, west], [north, east]]) plus ``pad`` degrees, widened in one
    direction so that a degree of longitude is cos(latitude) of a degree of latitude on screen."""
    (s, w), (n, e) = bounds
    s, w, n, e = s - pad, w - pad, n + pad, e + pad
    kx = math.cos(math.radians((s + n) / 2))
    box_ratio = box[2] / box[3]
    span_x, span_y = max(e - w, 1e-4), max(n - s, 1e-4)
    if span_x * kx / span_y < box_ratio:  # too narrow: widen east-west
        span_x = span_y * box_ratio / kx
    else:
        span_y = span_x * kx / box_ratio
    cx, cy = (w + e) / 2, (s + n) / 2
    return Frame(size=size, box=box, extent=(cx - span_x / 2, cx + span_x / 2, cy - span_y / 2, cy + span_y / 2))


def _rings(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for poly in geometry["coordinates"] for ring in poly]
    if geometry["type"] == "GeometryCollection":
        return [ring for g in geometry["geometries"] for ring in _rings(g)]
    return []


def _path(geometry: dict) -> MplPath:
    """One compound path of every ring, so holes stay holes (even-odd filling)."""
    verts, codes = [], []
    for ring in _rings(geometry):
        if len(ring) < 3:
            continue
        verts += [tuple(p[:2]) for p in ring] + [tuple(ring[0][:2])]
        codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY]
    return MplPath(verts, codes) if verts else MplPath([(0, 0)], [MplPath.MOVETO])


def _map_axes(fig, frame: Frame):
    ax = fig.add_axes(frame.axes_rect())
    west, east, south, north = frame.extent
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("auto")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(PLAIN_BACKGROUND)
    for spine in ax.spines.values():
        spine.set_color("#b0b0b0")
        spine.set_linewidth(0.8)
    return ax


def _outlines(ax, layers: MapLayers) -> None:
    lines = [ring for f in layers.provinces["features"] for ring in _rings(f["geometry"])]
    ax.add_collection(LineCollection(lines, colors=OUTLINE_COLOUR, linewidths=0.5, zorder=1))


def _area(ax, layers: MapLayers, area_id: str, fill: str, dashed: bool = False, zorder: int = 2) -> None:
    ax.add_patch(PathPatch(_path(layers.area_geometry[area_id]), facecolor=fill,
                           edgecolor=DASHED_EDGE if dashed else AREA_EDGE, linewidth=0.8 if dashed else 1.2,
                           linestyle="--" if dashed else "-", zorder=zorder))


def _legend(fig, items: list[tuple[str, str]], title: str, top: float, ncol: int = 2, marker: bool = False,
            extra: list | None = None) -> None:
    """Colour chips (or round dots) with labels, under the map; ``top`` = figure fraction of its upper edge."""
    if marker:
        handles = [Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor=c,
                          markeredgecolor="#333333", label=label) for c, label in items]
    else:
        handles = [Patch(facecolor=c, edgecolor="#555555", label=label) for c, label in items]
    handles += extra or []
    fig.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(0.02, top), ncol=ncol,
               frameon=False, fontsize=10, title_fontsize=11, alignment="left", columnspacing=1.5,
               handlelength=1.4)


def _attribution(ax, lang: str) -> None:
    """The boundary attribution in the map's bottom-right corner (as Leaflet's attribution control)."""
    ax.text(0.995, 0.005, t("map.attribution", lang), transform=ax.transAxes, ha="right", va="bottom", fontsize=6,
            color="#555555", zorder=10, bbox={"facecolor": "#ffffff", "alpha": 0.75, "edgecolor": "none", "pad": 1.5})


def national_legend_columns(size: tuple[int, int]) -> int:
    return 2 if size[0] >= 900 else 1


def national_legend_height(size: tuple[int, int], n_items: int = 7, title_rows: int = 1) -> int:
    """Pixels under the national map for its legend: the title row(s) and the items in one or two columns."""
    rows = -(-n_items // national_legend_columns(size))
    return (rows + title_rows) * LEGEND_ROW + 24


def national_legend_items(ds: Dataset, colour_by: str, lang: str, rows: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """The live national map's legend (``geo.mapviews.national_legend``): levels, exchanges or score bins over the
    observed range of ``rows``, then no data, not in programme."""
    rows = rows if rows is not None else ds.areas.assign(in_programme=False)
    return national_legend(rows, colour_by, lang, ds.levels)[1]


INSET_SLOTS = [(0.62, 0.70), (0.015, 0.70), (0.015, 0.36), (0.62, 0.36), (0.015, 0.02)]  # lower-left corners
INSET_SIZE = (0.36, 0.27)  # fraction of the map box


def _inset_slot(frame: Frame, points: list[tuple[float, float]], bounds) -> tuple[float, float, float, float] | None:
    """Where the inset goes in the map box (axes fractions): the first slot with no area symbol under it and not
    over the region it enlarges."""
    left, top, width, height = frame.box
    (s, w), (n, e) = bounds
    region = [frame.pixel(w, n), frame.pixel(e, s)]
    for x0, y0 in INSET_SLOTS:
        px0, px1 = left + x0 * width, left + (x0 + INSET_SIZE[0]) * width
        py1, py0 = top + (1 - y0) * height, top + (1 - y0 - INSET_SIZE[1]) * height
        covers = any(px0 - 12 <= x <= px1 + 12 and py0 - 12 <= y <= py1 + 12 for x, y in points)
        overlaps = not (region[1][0] < px0 or region[0][0] > px1 or region[1][1] < py0 or region[0][1] > py1)
        if not covers and not overlaps:
            return (x0, y0, *INSET_SIZE)
    return None


def _symbols(ax, layers: MapLayers, order: list[str], fill: dict, dashed: dict, labels: dict, size: float) -> None:
    for aid in order:
        lon, lat = layers.area_points[aid]
        is_dashed = bool(dashed.get(aid))
        ax.scatter([lon], [lat], s=size ** 2, c=[fill[aid]], zorder=4 if is_dashed else 5,
                   edgecolors=DASHED_EDGE if is_dashed else AREA_EDGE, linewidths=1.2,
                   linestyles="--" if is_dashed else "-")
        if aid in labels:
            ax.text(lon, lat, labels[aid], ha="center", va="center_baseline", fontsize=size * 0.55,
                    fontweight="bold", color=text_on(fill[aid]), zorder=6)


def national_frame(layers: MapLayers, rows: pd.DataFrame, zoom: bool, size: tuple[int, int],
                   legend_height: int) -> Frame:
    bounds = layers.bounds
    if zoom and len(rows):
        geoms = layers.areas.loc[layers.areas["area_id"].isin(rows["area_id"])].geometry
        minx, miny, maxx, maxy = geoms.total_bounds
        bounds = [[miny - 0.1, minx - 0.1], [maxy + 0.1, maxx + 0.1]]
    box = (0, 0, size[0], size[1] - legend_height)
    return fit_frame(bounds, size, box, pad=0.0 if zoom else 0.15)


def national_map_png(ds: Dataset, model: Model, layers: MapLayers, year: int, rows: pd.DataFrame | None = None,
                     colour_by: str = "level", lang: str = "th", zoom: bool | None = None, legend: bool = True,
                     size: tuple[int, int] = (1000, 1400)) -> bytes:
    """The national map as a PNG: province outlines, the areas of ``rows`` (a filtered
    ``scoring.summary.area_table`` of ``year``; all areas when None) as polygons and symbols coloured like the live
    map (``geo.mapviews.national_styles``), and its legend. ``zoom`` (default: when ``rows`` is a subset) fits the
    map to the rows' areas as the live map does when a filter is set."""
    all_rows = area_table(ds.areas, ds.provinces, ds.factories, model, year, ds.certifications)
    if rows is None:
        rows = all_rows
    if zoom is None:
        zoom = len(rows) < len(all_rows)
    title, items, note = national_legend(rows, colour_by, lang, ds.levels)
    legend_height = national_legend_height(size, len(items), 2 if note else 1) if legend else 0
    frame = national_frame(layers, rows, zoom, size, legend_height)
    fill, _, dashed = national_styles(rows, colour_by, lang, ds.level_colours)
    labels = symbol_labels(rows, colour_by)
    # Areas not yet in the programme first, so the coloured ones are drawn over them where they touch.
    order = sorted(rows["area_id"], key=lambda a: 0 if dashed.get(a) else 1)
    with drawing(size) as fig:
        ax = _map_axes(fig, frame)
        _outlines(ax, layers)
        for aid in order:
            _area(ax, layers, aid, fill[aid], bool(dashed.get(aid)))
        _symbols(ax, layers, order, fill, dashed, labels, SYMBOL_SIZE)
        slot = None if zoom or layers.inset_bounds is None else _inset_slot(
            frame, [frame.pixel(*layers.area_points[a]) for a in order], layers.inset_bounds)
        if slot is not None:            # the crowded central region, enlarged (as on the live map)
            x0, y0, w, h = frame.axes_rect()
            (s, west), (n, east) = layers.inset_bounds
            inset = fit_frame(layers.inset_bounds, frame.size,
                              (0, 0, round(slot[2] * frame.box[2]), round(slot[3] * frame.box[3])), pad=0.08)
            iax = fig.add_axes([x0 + slot[0] * w, y0 + slot[1] * h, slot[2] * w, slot[3] * h])
            iw, ie, i_s, i_n = inset.extent
            iax.set_xlim(iw, ie)
            iax.set_ylim(i_s, i_n)
            iax.set_xticks([])
            iax.set_yticks([])
            iax.set_facecolor(PLAIN_BACKGROUND)
            _outlines(iax, layers)
            inside = [a for a in order if s <= layers.area_points[a][1] <= n and west <= layers.area_points[a][0] <= east]
            _symbols(iax, layers, inside, fill, dashed, labels, SYMBOL_SIZE)
            iax.set_title(t("map.inset_title_static", lang), fontsize=8, pad=2)
            ax.add_patch(Rectangle((west, s), east - west, n - s, fill=False, edgecolor="#555555", linewidth=0.8,
                                   linestyle=":", zorder=7))
        if legend:
            heading = f"{title} · {year_label(year, lang)}" + (f"\n{note}" if note else "")
            _legend(fig, items, heading, top=legend_height / size[1] - 0.004, ncol=national_legend_columns(size))
        _attribution(ax, lang)
        return to_png(fig)


def _factory_dots(ax, factories: pd.DataFrame, compliance: pd.Series, size: float = FACTORY_SIZE) -> None:
    status = factories["registration_no"].map(compliance).fillna("not_inspected")
    for state in ["not_inspected", "compliant", "minor", "non_compliant"]:  # problems drawn last, on top
        part = factories.loc[status == state]
        if len(part):
            ax.scatter(part["lon"].astype(float), part["lat"].astype(float), s=size ** 2,
                       c=COMPLIANCE_COLOURS[state], edgecolors="#333333", linewidths=0.5, zorder=6)


def area_frame(layers: MapLayers, area_id: str, size: tuple[int, int], legend_height: int) -> Frame:
    return fit_frame(area_bounds(layers, area_id), size, (0, 0, size[0], size[1] - legend_height))


def _area_row(ds: Dataset, area_id: str) -> pd.Series:
    hit = ds.areas.loc[ds.areas["area_id"] == area_id]
    if hit.empty:
        raise ReportError(th=f"ไม่พบพื้นที่รหัส {area_id!r}", en=f"unknown area {area_id!r}")
    return hit.iloc[0]


def latest_year(ds: Dataset) -> int:
    return int(ds.history["year"].max()) if len(ds.history) else 0


def area_map_png(ds: Dataset, layers: MapLayers, area_id: str, year: int | None = None, lang: str = "th",
                 size: tuple[int, int] = (1200, 1000)) -> bytes:
    """One area's polygon with its factories coloured by their compliance in ``year`` (``COMPLIANCE_COLOURS``
    from ``scoring.factories.compliance_in``; the latest year recorded when None), as on the area page."""
    _area_row(ds, area_id)
    factories = ds.factories.loc[ds.factories["area_id"] == area_id]
    compliance = compliance_in(ds.history, year or latest_year(ds))
    legend_height = LEGEND_HEIGHT
    frame = area_frame(layers, area_id, size, legend_height)
    with drawing(size) as fig:
        ax = _map_axes(fig, frame)
        _outlines(ax, layers)
        _area(ax, layers, area_id, AREA_FILL)
        _factory_dots(ax, factories, compliance)
        counts = compliance_counts(factories, compliance)
        items = [(COMPLIANCE_COLOURS[c], f"{t('compliance.' + c, lang)} ({counts[c]:,})") for c in COMPLIANCE_ORDER]
        title = t("col.compliance", lang) + (f" · {year_label(year, lang)}" if year else "")
        _legend(fig, items, title, top=legend_height / size[1] - 0.01, marker=True)
        _attribution(ax, lang)
        return to_png(fig)


def factory_frame(ds: Dataset, registration_no: str, size: tuple[int, int], legend_height: int,
                  neighbours: int = NEIGHBOURS) -> tuple[Frame, pd.Series, pd.DataFrame]:
    hit = ds.factories.loc[ds.factories["registration_no"] == registration_no]
    if hit.empty:
        raise ReportError(th=f"ไม่พบโรงงานเลขทะเบียน {registration_no!r}", en=f"unknown factory {registration_no!r}")
    f = hit.iloc[0]
    if pd.isna(f["lat"]) or pd.isna(f["lon"]):
        raise ReportError(th=f"โรงงานเลขทะเบียน {registration_no!r} ไม่มีพิกัด",
                          en=f"factory {registration_no!r} has no coordinates")
    near = nearest_factories(ds.factories, f, neighbours)
    bounds = factory_view_bounds(float(f["lat"]), float(f["lon"]), near)   # centred on the factory
    frame = fit_frame(bounds, size, (0, 0, size[0], size[1] - legend_height))
    return frame, f, near


def factory_map_png(ds: Dataset, layers: MapLayers, registration_no: str, lang: str = "th",
                    neighbours: int = NEIGHBOURS, size: tuple[int, int] = (1200, 900)) -> bytes:
    """One factory (large blue dot) among its nearest ``neighbours`` in the same area, coloured by compliance in
    the factory's latest inspected year, over its area's outline (the factory page's map)."""
    legend_height = LEGEND_HEIGHT
    frame, f, near = factory_frame(ds, registration_no, size, legend_height, neighbours)
    history = ds.history.loc[ds.history["registration_no"] == registration_no]
    year = int(history["year"].max()) if len(history) else latest_year(ds)
    compliance = compliance_in(ds.history, year)
    with drawing(size) as fig:
        ax = _map_axes(fig, frame)
        _outlines(ax, layers)
        if pd.notna(f["area_id"]):  # NA: outside every area
            _area(ax, layers, f["area_id"], FACTORY_AREA_FILL)
        _factory_dots(ax, near, compliance, size=FACTORY_SIZE + 2)
        ax.scatter([float(f["lon"])], [float(f["lat"])], s=18 ** 2, c=HIGHLIGHT, edgecolors="#000000",
                   linewidths=2.5, zorder=8)
        items = [(COMPLIANCE_COLOURS[c], t("compliance." + c, lang)) for c in COMPLIANCE_ORDER]
        this = Line2D([], [], marker="o", linestyle="", markersize=13, markerfacecolor=HIGHLIGHT,
                      markeredgecolor="#000000", markeredgewidth=2, label=t("report.this_factory", lang))
        _legend(fig, items, f"{t('col.compliance', lang)} · {year_label(year, lang)}",
                top=legend_height / size[1] - 0.01, ncol=3, marker=True, extra=[this])
        _attribution(ax, lang)
        return to_png(fig)
