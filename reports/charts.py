"""Static charts for the exports, drawn with matplotlib in Sarabun and returned as PNG bytes: the dimension radar
and the level history of ``ui/charts.py`` (plotly, for the pages) with the same colours. Never opens a window
(no pyplot): each chart is its own ``Figure``.
"""
from __future__ import annotations

import io
import math
from contextlib import contextmanager
from functools import cache

import numpy as np
import pandas as pd
from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure

from common.values import is_missing
from geo.colours import RADAR_NOW, RADAR_PREVIOUS, level_colour
from i18n import t, year_label
from reports import FONT_FAMILY, font_file
from scoring.area_facts import area_history, uncertified_mark
from scoring.criteria import DIMENSIONS
from scoring.summary import Model, dimension_comparison

NOW_COLOUR, PREVIOUS_COLOUR = RADAR_NOW, RADAR_PREVIOUS     # this year, the year before (dashed): as on the page
TEXT_COLOUR = "#1b1b1b"
DPI = 150


@cache
def register_fonts() -> str:
    """Make Sarabun (regular and bold, from fontpkg-sarabun) known to matplotlib; returns the family name."""
    for weight in ("Regular", "Bold"):
        font_manager.fontManager.addfont(str(font_file(weight)))
    return FONT_FAMILY


@contextmanager
def drawing(size: tuple[int, int], facecolor: str = "#ffffff"):
    """A figure of exactly ``size`` pixels (width, height) with Sarabun as the font of every text in it."""
    register_fonts()
    with rc_context({"font.family": FONT_FAMILY, "font.size": 11, "text.color": TEXT_COLOUR,
                     "axes.labelcolor": TEXT_COLOUR, "xtick.color": TEXT_COLOUR, "ytick.color": TEXT_COLOUR,
                     "svg.fonttype": "none"}):
        yield Figure(figsize=(size[0] / DPI, size[1] / DPI), dpi=DPI, facecolor=facecolor)


def to_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, at its own size (no cropping, so the pixel size is what was asked for)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor=fig.get_facecolor())
    return buf.getvalue()


def radar_png(labels: list[str], current: list[float], previous: list[float], name_now: str, name_prev: str,
              title: str = "", size: tuple[int, int] = (900, 780)) -> bytes:
    """Dimension scores 0–100 this year (green, filled; the score under each name) against the year before (grey,
    dashed). A year with no score at all is left out; a single missing score is drawn at 0 and written as '–'."""
    n = len(labels)
    angles = [2 * math.pi * i / n for i in range(n)]
    closed = angles + angles[:1]
    with drawing(size) as fig:
        ax = fig.add_axes([0.18, 0.14, 0.64, 0.68] if title else [0.17, 0.17, 0.66, 0.7], projection="polar")
        ax.set_theta_offset(math.pi / 2)  # first label on top, then clockwise
        ax.set_theta_direction(-1)
        ax.set_ylim(0, 100)
        ax.set_yticks([20, 40, 60, 80, 100])
        ax.set_yticklabels(["20", "40", "60", "80", "100"], fontsize=8, color="#6b6b6b")
        ax.set_rlabel_position(180 / n)
        ax.set_xticks(angles)
        if current and not all(is_missing(v) for v in current):  # this year's score under each dimension name
            labels = [f"{name}\n{'–' if is_missing(v) else f'{v:.0f}'}" for name, v in zip(labels, current)]
        ax.set_xticklabels(labels, fontsize=12, linespacing=1.1)
        ax.tick_params(axis="x", pad=12)
        ax.grid(color="#d0d0d0", linewidth=0.8)
        ax.spines["polar"].set_color("#bbbbbb")
        handles = []
        for values, colour, style, alpha, name in ((previous, PREVIOUS_COLOUR, "--", 0.25, name_prev),
                                                   (current, NOW_COLOUR, "-", 0.35, name_now)):
            if not values or all(is_missing(v) for v in values):
                continue
            r = [0.0 if is_missing(v) else float(v) for v in values]
            line, = ax.plot(closed, r + r[:1], style, color=colour, linewidth=2, label=name)
            ax.fill(closed, r + r[:1], color=colour, alpha=alpha, linewidth=0)
            handles.append(line)
        if handles:
            fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=11)
        if title:
            fig.suptitle(title, fontsize=14, fontweight="bold", y=0.97)
        return to_png(fig)


def level_history_png(years: list[str], levels: list[int], colours: list[str], y_title: str,
                      size: tuple[int, int] = (1200, 480), marks: list[str] | None = None) -> bytes:
    """One bar per year, coloured by its level (ui/charts.level_history), the level written above each bar
    (followed by its mark in ``marks``, e.g. '*' for a level not certified)."""
    marks = marks or [""] * len(years)
    with drawing(size) as fig:
        ax = fig.add_axes([0.08, 0.16, 0.9, 0.78])
        x = np.arange(len(years))
        heights = [int(v) for v in levels]
        ax.bar(x, heights, color=colours, edgecolor="#555555", linewidth=0.8, width=0.6)
        for xi, h, mark in zip(x, heights, marks):
            ax.text(xi, h + 0.08, f"{h}{mark}", ha="center", va="bottom", fontsize=11, fontweight="bold")
        ax.set_xticks(x)
        ax.set_xticklabels(years, fontsize=10)
        ax.set_ylim(0, 5.6)
        ax.set_yticks(range(6))
        ax.set_ylabel(y_title)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.grid(axis="y", color="#e3e3e3", linewidth=0.8)
        ax.set_axisbelow(True)
        return to_png(fig)


def area_radar_png(model: Model, area_id: str, year: int, lang: str = "th", size=(900, 780)) -> bytes:
    """The area page's radar: the five dimension scores of ``year`` against ``year - 1``."""
    comp = dimension_comparison(model, area_id, year)
    return radar_png([t(f"dim.{d}", lang) for d in DIMENSIONS], comp["score"].tolist(), comp["previous"].tolist(),
                     year_label(year, lang), year_label(year - 1, lang), size=size)


def area_history_png(model: Model, level_colours: dict[int, str], area_id: str, lang: str = "th",
                     size=(1200, 480), certifications: pd.DataFrame | None = None) -> bytes:
    """The area page's level history: one bar per year, the level shown that year (on record, with
    ``certifications``; scoring.area_facts), a level not certified marked '*'."""
    hist = area_history(model, certifications, area_id)
    return level_history_png([year_label(y, lang) for y in hist["year"]], hist["level"].astype(int).tolist(),
                             [level_colour(v, level_colours) for v in hist["level"]], t("col.level", lang),
                             size=size, marks=[uncertified_mark(s) for s in hist["status"]])
