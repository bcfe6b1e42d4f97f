"""The symbiosis part of the area exports (the deck's area slide and the area PDF): the same KPIs as the area
page (:func:`symbiosis.views.kpi_items`) and a small static flow map drawn like the live one: a line from giver to
receiver with an arrow head at the receiver, width by the square root of the quantity against the largest of the
same unit (:func:`geo.flows.weights`), colour by category, dashed until operating; the other parties as dots.

Exports show the public exchanges only (what anyone may see): a deck or a PDF travels further than a page."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from geo.colours import CATEGORY_COLOURS, PARTY_COLOURS
from geo.flows import MAX_WEIGHT, MIN_WEIGHT, arrow_head, weights
from geo.layers import MapLayers, area_bounds
from i18n import t, year_label
from programme.dataset import Dataset
from reports.charts import drawing, to_png
from reports.static_maps import AREA_FILL, _area, _attribution, _legend, _map_axes, _outlines, fit_frame
from symbiosis import kpis
from symbiosis.register import Register
from symbiosis.views import flow_parties, flows_of, kpi_items, labels, seen_register

FACTORY_DOT = "#9e9e9e"
LINE_POINTS = 2.2 / MAX_WEIGHT      # a live line of weight w (px) is drawn w × this many points wide at 150 dpi
EXPORT_ROLE = None                  # exports show what a reader who is not signed in sees


@dataclass(frozen=True)
class YearSymbiosis:
    """One year of the register as the exports show it: the KPIs of every area and the exchanges with their
    texts (:func:`symbiosis.views.flows_of`), read once for a whole deck."""
    reg: Register
    factories: pd.DataFrame
    year: int
    lang: str
    kpi_rows: pd.DataFrame
    flows: pd.DataFrame

    def items(self, area_id: str) -> list[tuple[str, str]]:
        row = self.kpi_rows.loc[area_id] if area_id in self.kpi_rows.index else None
        return kpi_items(row, self.reg, self.lang)

    def area_flows(self, area_id: str) -> pd.DataFrame:
        return self.flows[self.flows["area_id"] == area_id].reset_index(drop=True)


def year_symbiosis(ds: Dataset, year: int, lang: str) -> YearSymbiosis | None:
    """The register of ``year`` as the exports show it; None for a data set without a register."""
    if ds.symbiosis is None:
        return None
    reg = seen_register(ds.symbiosis, EXPORT_ROLE)
    return YearSymbiosis(reg, ds.factories, int(year), lang, kpis.area_kpis(reg, ds.factories, int(year)),
                         flows_of(reg, ds.factories, int(year), lang))


def flow_map_png(ds: Dataset, layers: MapLayers, sym: YearSymbiosis, area_id: str, size: tuple[int, int] = (900, 760),
                 legend: bool = True) -> bytes:
    """The area's polygon with its exchanges (of ``sym``) and the parties they join; the legend names the
    categories drawn. With no exchange, the map says so."""
    lang = sym.lang
    flows = sym.area_flows(area_id)
    parties = flow_parties(sym.reg, sym.factories, flows)
    located = flows.dropna(subset=["from_lat", "from_lon", "to_lat", "to_lon"])
    (s, w), (n, e) = area_bounds(layers, area_id)
    if len(located):
        lats = pd.concat([located["from_lat"], located["to_lat"]])
        lons = pd.concat([located["from_lon"], located["to_lon"]])
        s, n = min(s, lats.min() - 0.01), max(n, lats.max() + 0.01)
        w, e = min(w, lons.min() - 0.01), max(e, lons.max() + 0.01)
    cats = [c for c in sym.reg.vocab.labels("category", lang) if c in set(located["category"])]
    legend_height = (40 * (1 + math.ceil(max(len(cats), 1) / 2)) + 30) if legend else 0
    frame = fit_frame([[s, w], [n, e]], size, (0, 0, size[0], size[1] - legend_height))
    with drawing(size) as fig:
        ax = _map_axes(fig, frame)
        _outlines(ax, layers)
        _area(ax, layers, area_id, AREA_FILL)
        if len(located):
            widths = weights(located["quantity"], located["unit"]) * LINE_POINTS
            for dashed in (True, False):              # potential exchanges first, operating ones on top
                pick = (located["status_now"] != "operating").to_numpy() == dashed
                segs, colours, lws = [], [], []
                for r, lw in zip(located[pick].itertuples(index=False), widths[pick]):
                    colour = CATEGORY_COLOURS.get(r.category, "#636363")
                    line = [(r.from_lon, r.from_lat), (r.to_lon, r.to_lat)]
                    for part in (line, *arrow_head(r.from_lon, r.from_lat, r.to_lon, r.to_lat)):
                        segs.append([tuple(p) for p in part])
                        colours.append(colour)
                        lws.append(max(lw, MIN_WEIGHT * LINE_POINTS))
                if segs:
                    ax.add_collection(LineCollection(segs, colors=colours, linewidths=lws, alpha=0.9,
                                                     linestyles="--" if dashed else "-", zorder=6 if dashed else 7,
                                                     capstyle="round"))
            fac = parties[parties["kind"] == "factory"].dropna(subset=["lat", "lon"])
            ax.scatter(fac["lon"], fac["lat"], s=30, c=FACTORY_DOT, edgecolors="#333333", linewidths=0.5, zorder=8)
            other = parties[parties["kind"] != "factory"].dropna(subset=["lat", "lon"])
            ax.scatter(other["lon"], other["lat"], s=70, c=[PARTY_COLOURS.get(k, "#636363") for k in other["kind"]],
                       edgecolors="#222222", linewidths=1.2, zorder=9)
        else:
            ax.text(0.5, 0.5, t("sym.none", lang), transform=ax.transAxes, ha="center", va="center", fontsize=11,
                    wrap=True, color="#555555", zorder=10,
                    bbox={"facecolor": "#ffffff", "alpha": 0.85, "edgecolor": "#b0b0b0", "pad": 4})
        if legend and cats:
            names = labels(sym.reg, lang)["category"]
            handles = [Line2D([], [], color=CATEGORY_COLOURS.get(c, "#636363"), linewidth=3, label=names[c]) for c in cats]
            _legend(fig, [], f"{t('report.flows_legend', lang)} · {year_label(sym.year, lang)}",
                    top=legend_height / size[1] - 0.01, extra=handles)
        _attribution(ax, lang)
        return to_png(fig)
