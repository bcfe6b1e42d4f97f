"""Charts of the pages. The area page and presentation mode draw theirs as small inline SVG built here (no chart
library in the browser: a first visit of an area page stays light, and nothing is fetched); the trends and summary
pages use plotly figures with ``PLOTLY_CONFIG``. Plain functions, no Streamlit; every text is escaped."""
from __future__ import annotations

import math
from html import escape

from common.values import is_missing
from geo.colours import RADAR_NOW, RADAR_PREVIOUS
from i18n import t

NOW_COLOUR, PREVIOUS_COLOUR = RADAR_NOW, RADAR_PREVIOUS     # this year, the year before (dashed)
GRID_COLOUR = "#c8c8c8"
TEXT_COLOUR = "#1b1b1b"
MUTED_COLOUR = "#595959"
FONT = "Sarabun, sans-serif"


def usable(values) -> bool:
    """True when a year has at least one score to draw."""
    return bool(values) and not all(is_missing(v) for v in values)


def radar_floor(values: list[float]) -> int:
    """Where the radar's scale starts: 20 below the lowest score, in steps of 10, never below 0 (all scores high:
    the scale shows 60–100 and differences of a few points are visible)."""
    seen = [v for v in values if not is_missing(v)]
    if not seen:
        return 0
    return int(max(0, min(60, (min(seen) - 20) // 10 * 10)))


def radar_ticks(lo: int) -> list[int]:
    """The rings of the scale above its floor: every 10 points from a floor of 50 up, else every 20."""
    return [v for v in range(0, 101, 10 if lo >= 50 else 20) if v > lo]


def radar_tick_labels(lo: int) -> list[int]:
    """The rings whose number is written: at most three, so that the numbers never crowd (the rings between them
    are still drawn)."""
    ticks = radar_ticks(lo)
    return ticks if len(ticks) <= 3 else ticks[::-2][::-1]


def _text_px(text: str, px: float) -> float:
    """About how wide ``text`` is at ``px`` (Thai vowel and tone marks above or below take no width)."""
    import unicodedata

    return px * 0.55 * sum(1 for ch in str(text) if unicodedata.category(ch) != "Mn")


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def radar_svg(labels: list[str], current: list[float], previous: list[float], name_now: str, name_prev: str,
              large: bool = False, title: str = "", lang: str = "th") -> str:
    """Dimension scores 0–100 this year (green, filled) against the year before (grey, dashed), as inline SVG.

    Readable at a distance: the dimension names at 18 px (22 px when ``large``) with this year's score under each,
    the scale's numbers on the bisector between the first two axes (off the shape's corners), a scale starting
    just below the lowest score (``radar_floor``) so that differences show, written under the chart. The picture
    fills its column up to its natural size and never shrinks its names under 16 px (it scrolls instead); it is
    ``id="radar"``."""
    n = max(len(labels), 1)
    label_px, tick_px, legend_px = (22, 16, 20) if large else (18, 14, 16)
    radius = 120 if large else 112
    margin_x = 12 + max([label_px * 4] + [_text_px(name, label_px) for name in labels])   # room for the longest name
    top = 12 + label_px * 2.4 + (label_px + 8 if title else 0)
    width = int(2 * (radius + margin_x))
    cx, cy = width / 2, top + radius
    lo = radar_floor((current or []) + (previous or []))
    span = 100 - lo

    def point(i: int, value: float | None, extra: float = 0.0) -> tuple[float, float]:
        r = extra if value is None else max(0.0, (min(100.0, value) - lo) / span) * radius + extra
        a = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * math.cos(a), cy + r * math.sin(a)

    def ring(value: float) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, value) for i in range(n)))

    out = []
    if title:
        out.append(f'<text x="{cx:.1f}" y="{12 + label_px:.1f}" text-anchor="middle" font-size="{label_px}" '
                   f'font-weight="600">{escape(title)}</text>')
    for v in radar_ticks(lo):
        out.append(f'<polygon points="{ring(v)}" fill="none" stroke="{GRID_COLOUR}" stroke-width="1"/>')
    for i in range(n):
        x, y = point(i, 100)
        out.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID_COLOUR}" stroke-width="1"/>')
    series = [(previous, PREVIOUS_COLOUR, ' stroke-dasharray="7 5"', "0.18", "previous"),
              (current, NOW_COLOUR, "", "0.30", "current")]
    for values, colour, dash, opacity, cls in series:
        if not usable(values):
            continue
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                       (point(i, None if is_missing(v) else float(v)) for i, v in enumerate(values)))
        out.append(f'<polygon class="radar-{cls}" points="{pts}" fill="{colour}" fill-opacity="{opacity}" '
                   f'stroke="{colour}" stroke-width="3"{dash} stroke-linejoin="round"/>')
    # the scale's numbers: on the bisector between the first two axes, away from every corner of the shape
    a = -math.pi / 2 + math.pi / n
    for v in radar_tick_labels(lo):
        r = (v - lo) / span * radius * math.cos(math.pi / n)
        out.append(f'<text class="radar-tick" x="{cx + r * math.cos(a) + 4:.1f}" y="{cy + r * math.sin(a) + 4:.1f}" '
                   f'font-size="{tick_px}" fill="{MUTED_COLOUR}">{v}</text>')
    for i, name in enumerate(labels):
        x, y = point(i, 100, extra=14)
        dx = x - cx
        anchor = "middle" if abs(dx) < 1 else ("start" if dx > 0 else "end")
        value = current[i] if current and i < len(current) else None
        score = "" if not usable(current) else ("–" if is_missing(value) else _fmt(float(value)))
        lines = [escape(str(name))] + ([escape(score)] if score else [])
        y0 = y - (len(lines) - 1) * label_px * 1.15 if y < cy - 1 else (y + label_px * 0.8 if y > cy + 1 else y)
        bold = ' font-weight="700"'
        spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if k == 0 else label_px * 1.15:.1f}"{bold if k else ""}>'
                        f'{line}</tspan>' for k, line in enumerate(lines))
        out.append(f'<text class="radar-label" x="{x:.1f}" y="{y0:.1f}" text-anchor="{anchor}" '
                   f'font-size="{label_px}">{spans}</text>')
    # legend and scale note under the chart
    ly = cy + radius + label_px * 2.6 + 10
    items = [(name_prev, PREVIOUS_COLOUR, ' stroke-dasharray="7 5"') if usable(previous) else None,
             (name_now, NOW_COLOUR, "") if usable(current) else None]
    items = [it for it in items if it]
    x = cx - 95 * len(items) + 10
    for name, colour, dash in items:
        out.append(f'<line x1="{x:.1f}" y1="{ly - legend_px * 0.35:.1f}" x2="{x + 34:.1f}" y2="{ly - legend_px * 0.35:.1f}" '
                   f'stroke="{colour}" stroke-width="4"{dash}/>'
                   f'<text x="{x + 42:.1f}" y="{ly:.1f}" font-size="{legend_px}">{escape(str(name))}</text>')
        x += 190
    height = ly + 10
    if lo > 0:
        out.append(f'<text class="radar-scale" x="{cx:.1f}" y="{ly + legend_px + 8:.1f}" text-anchor="middle" '
                   f'font-size="{tick_px}" fill="{MUTED_COLOUR}">{escape(t("chart.radar_scale", lang, lo=lo))}</text>')
        height = ly + legend_px + 16
    # As wide as its column up to its natural size; a narrower column shrinks it at most to MIN_SCALE (then it
    # scrolls), so the names never fall under 16 px.
    return (f'<div class="eit-chart" style="overflow-x:auto" tabindex="0"><svg id="radar" xmlns="http://www.w3.org/2000/svg" '
            f'role="img" width="100%" viewBox="0 0 {width} {height:.0f}" '
            f'style="display:block;margin:0 auto;max-width:{width}px;min-width:{width * 16 / label_px:.0f}px;'
            f'font-family:{FONT};fill:{TEXT_COLOUR}" aria-label="{escape(title or name_now)}">'
            + "".join(out) + "</svg></div>")


def level_history_svg(years: list[str], levels: list[int], colours: list[str], y_title: str,
                      marks: list[str] | None = None) -> str:
    """One bar per assessed year, coloured by its level, the level written above it (followed by its mark in
    ``marks``, e.g. '*' for a level not certified), as inline SVG (``id="level-history"``)."""
    marks = marks or [""] * len(years)
    bar, gap, left, top, plot_h = 46, 22, 64, 30, 170
    width = left + max(len(years), 1) * (bar + gap) + gap
    height = top + plot_h + 40
    step = plot_h / 5
    out = [f'<text x="14" y="{top + plot_h / 2:.0f}" font-size="15" transform="rotate(-90 14 {top + plot_h / 2:.0f})" '
           f'text-anchor="middle">{escape(y_title)}</text>']
    for v in range(6):
        y = top + plot_h - v * step
        out.append(f'<line x1="{left - 6}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="#e3e3e3"/>'
                   f'<text x="{left - 10}" y="{y + 5:.1f}" font-size="14" text-anchor="end" fill="{MUTED_COLOUR}">{v}</text>')
    for i, (year, level, colour, mark) in enumerate(zip(years, levels, colours, marks)):
        x = left + gap + i * (bar + gap)
        h = max(0, min(5, int(level))) * step
        out.append(f'<rect x="{x}" y="{top + plot_h - h:.1f}" width="{bar}" height="{h:.1f}" fill="{escape(colour)}" '
                   f'stroke="#333333" stroke-width="1"/>'
                   f'<text x="{x + bar / 2:.1f}" y="{top + plot_h - h - 6:.1f}" font-size="16" font-weight="700" '
                   f'text-anchor="middle">{int(level)}{escape(mark)}</text>'
                   f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 22:.1f}" font-size="14" text-anchor="middle">'
                   f'{escape(str(year))}</text>')
    return (f'<div class="eit-chart" style="overflow-x:auto" tabindex="0"><svg id="level-history" xmlns="http://www.w3.org/2000/svg" '
            f'role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'style="display:block;font-family:{FONT};fill:{TEXT_COLOUR}" aria-label="{escape(y_title)}">'
            + "".join(out) + "</svg></div>")


# Every plotly chart can be saved as PNG from its toolbar (drawn in the browser: works with no internet).
PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
