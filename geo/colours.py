"""Colour scales shared by the live maps and any static export, so both read the same."""
from __future__ import annotations

import math

from common.values import is_missing

NOT_IN_PROGRAMME = "#d9d9d9"  # grey: the area had not joined the programme that year
NO_DATA = "#ffffff"  # white: in the programme, but no assessment recorded

# Dimension scores in five bins (ColorBrewer YlGn, colour-blind safe, light to dark). The fixed bins cover 0–100;
# the national map spreads the five colours over the range of the scores it shows (``score_scale``).
SCORE_BINS = [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100)]
SCORE_COLOURS = ["#ffffcc", "#c2e699", "#78c679", "#31a354", "#006837"]
SCALE_STEP = 5   # the observed range is widened to multiples of 5 points

#: The radar chart's two years, on the page and in the PDF alike: this year solid, the year before dashed.
RADAR_NOW = "#1b6e4f"
RADAR_PREVIOUS = "#737373"

HIGHLIGHT = "#2b8cbe"  # the factory a map is about (its page and its PDF)

# Factory compliance status → colour (ColorBrewer-style, distinguishable in grey-scale by lightness).
COMPLIANCE_COLOURS = {
    "compliant": "#1a9850",
    "minor": "#fee08b",
    "non_compliant": "#d73027",
    "not_inspected": "#bdbdbd",
}


def score_scale(scores) -> list[tuple[float, float]]:
    """Five equal bins over the observed range of ``scores`` (NaN left out), widened to multiples of 5 points and
    at least 10 points wide, so that the map shows the spread between areas instead of one dark green; the fixed
    0–100 bins when there is no score."""
    seen = [float(v) for v in scores if not is_missing(v)]
    if not seen:
        return list(SCORE_BINS)
    lo = math.floor(min(seen) / SCALE_STEP) * SCALE_STEP
    hi = math.ceil(max(seen) / SCALE_STEP) * SCALE_STEP
    if hi - lo < 10:
        lo, hi = max(0, hi - 10), max(hi, 10)
    if hi - lo < 10:
        hi = lo + 10
    step = (hi - lo) / len(SCORE_COLOURS)
    return [(round(lo + i * step, 1), round(lo + (i + 1) * step, 1)) for i in range(len(SCORE_COLOURS))]


def score_colour(score: float | None, bins: list[tuple[float, float]] | None = None) -> str:
    """The colour of a score in ``bins`` (default: the fixed 0–100 bins); a missing score is 'no data'."""
    if is_missing(score):
        return NO_DATA
    for (_lo, hi), colour in zip(bins or SCORE_BINS, SCORE_COLOURS):
        if score < hi:
            return colour
    return SCORE_COLOURS[-1]


def bin_label(lo: float, hi: float) -> str:
    return f"{lo:g}–{hi:g}"


#: Below level 1 where it is counted (a stacked bar of areas per level), so that it shows on white.
BELOW_LEVEL_1 = "#bdbdbd"


def level_colour(level: int | None, level_colours: dict[int, str], below_1: str = NO_DATA) -> str:
    """The colour of a level (``level_colours``: data/levels.csv's, ``Dataset.level_colours``), for every map,
    chart, table and report; a missing or unknown level is 'no data', level 0 (below level 1) ``below_1``
    ('no data' on a map, :data:`BELOW_LEVEL_1` where areas below level 1 are counted)."""
    if is_missing(level):
        return NO_DATA
    if int(level) == 0:
        return below_1
    return level_colours.get(int(level), NO_DATA)

# Green Industry level 0 (none) .. 5, light to dark green.
GI_COLOURS = ["#f0f0f0", "#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d"]

# Level change between two years (year-on-year map).
CHANGE_COLOURS = {"up": "#1a9850", "same": "#91bfdb", "down": "#d73027", "new": "#984ea3", "not_assessed": "#ffffff"}

# Symbiosis: exchange category → line colour (ColorBrewer Dark2, colour-blind safe), party kind → point colour.
CATEGORY_COLOURS = {"material": "#7570b3", "waste": "#d95f02", "water": "#1f78b4", "energy": "#e7298a",
                    "infrastructure": "#66a61e"}
PARTY_COLOURS = {"community_enterprise": "#a6761d", "community": "#a6761d", "utility_water": "#1f78b4",
                 "utility_power": "#e7298a", "utility_steam": "#e7298a", "processor": "#666666",
                 "recycler": "#666666", "farm": "#66a61e"}

# Operating symbiosis exchanges per area (national map): none, then four bins, light to dark orange.
SYMBIOSIS_BINS = [(1, 2), (3, 5), (6, 10), (11, None)]
SYMBIOSIS_COLOURS = ["#fdd0a2", "#fdae6b", "#f16913", "#a63603"]
SYMBIOSIS_NONE = "#f7f7f7"


def symbiosis_colour(n) -> str:
    """Colour of an area by its number of operating exchanges (NaN or 0: the 'none' colour)."""
    if is_missing(n) or n < 1:
        return SYMBIOSIS_NONE
    for (_lo, hi), colour in zip(SYMBIOSIS_BINS, SYMBIOSIS_COLOURS):
        if hi is None or n <= hi:
            return colour
    return SYMBIOSIS_COLOURS[-1]

# A factory's registry status (FFLAG) on the factory layer, in geo.registry.STATUSES order (operating, licensed
# not yet operating, stopped, closed), then a blank status (ColorBrewer Spectral ends, colour-blind safe).
FACTORY_STATUS_COLOURS = ["#2b83ba", "#abdda4", "#fdae61", "#d7191c", "#bdbdbd"]

# --- Legibility: WCAG contrast, and what a reader with red-green colour blindness sees -----------------------------

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
CVD_MATRICES = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
}


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` (or ``#rgb``) as (red, green, blue), 0..255 each: the one colour conversion."""
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def rgb_to_hex(rgb) -> str:
    """(red, green, blue), 0..255 each (or 0..1 floats, as charting libraries give), as ``#rrggbb``."""
    values = list(rgb)[:3]
    if all(isinstance(v, float) for v in values) and max(values) <= 1:
        values = [round(v * 255) for v in values]
    return "#" + "".join(f"{int(v):02x}" for v in values)


def _linear(c: int) -> float:
    c = c / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(v: float) -> int:
    v = min(1.0, max(0.0, v))
    return round(255 * (v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055))


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour (0 black … 1 white)."""
    r, g, b = (_linear(c) for c in hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 … 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def simulate(colour: str, kind: str) -> str:
    """``colour`` as a reader with ``kind`` ("protanopia" or "deuteranopia") sees it."""
    m = CVD_MATRICES[kind]
    v = [_linear(c) for c in hex_to_rgb(colour)]
    return rgb_to_hex(_gamma(sum(m[i][j] * v[j] for j in range(3))) for i in range(3))


def lab_distance(a: str, b: str) -> float:
    """CIE76 colour difference ΔE*ab of two colours (about 2.3 is just noticeable; over 20 clearly different)."""
    def lab(colour):
        r, g, b_ = (_linear(c) for c in hex_to_rgb(colour))
        x = (0.4124 * r + 0.3576 * g + 0.1805 * b_) / 0.95047
        y = 0.2126 * r + 0.7152 * g + 0.0722 * b_
        z = (0.0193 * r + 0.1192 * g + 0.9505 * b_) / 1.08883

        def f(t):
            return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
        return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))
    return math.dist(lab(a), lab(b))


def text_on(colour: str) -> str:
    """Black or white text, whichever reads better on ``colour``."""
    return "#ffffff" if contrast_ratio(colour, "#ffffff") >= contrast_ratio(colour, "#1b1b1b") else "#1b1b1b"

# Submission status of an area (the Eco Center's board): none sent, then the steps of workflow.submissions.
SUBMISSION_COLOURS = {"none": "#ffffff", "draft": "#fee08b", "submitted": "#91bfdb", "returned": "#fc8d59",
                      "resubmitted": "#4575b4", "accepted": "#1a9850"}
