"""Colour scales shared by the live maps and any static export, so both read the same."""
from __future__ import annotations

import math

NOT_IN_PROGRAMME = "#d9d9d9"  # grey: the area had not joined the programme that year
NO_DATA = "#ffffff"  # white: in the programme, but no assessment recorded

# Dimension scores 0–100 in five bins (ColorBrewer YlGn, colour-blind safe).
SCORE_BINS = [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100)]
SCORE_COLOURS = ["#ffffcc", "#c2e699", "#78c679", "#31a354", "#006837"]

# Factory compliance status → colour (ColorBrewer-style, distinguishable in grey-scale by lightness).
COMPLIANCE_COLOURS = {
    "compliant": "#1a9850",
    "minor": "#fee08b",
    "non_compliant": "#d73027",
    "not_inspected": "#bdbdbd",
}


def score_colour(score: float | None) -> str:
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return NO_DATA
    for (_lo, hi), colour in zip(SCORE_BINS, SCORE_COLOURS):
        if score < hi:
            return colour
    return SCORE_COLOURS[-1]


def level_colour(level: int | None, level_colours: dict[int, str]) -> str:
    """Colour of a certified level; level 0 (below level 1) and unknown levels are shown as 'no data'."""
    if level is None or (isinstance(level, float) and math.isnan(level)):
        return NO_DATA
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
    if n is None or (isinstance(n, float) and math.isnan(n)) or n < 1:
        return SYMBIOSIS_NONE
    for (_lo, hi), colour in zip(SYMBIOSIS_BINS, SYMBIOSIS_COLOURS):
        if hi is None or n <= hi:
            return colour
    return SYMBIOSIS_COLOURS[-1]

# Submission status of an area (the Eco Center's board): none sent, then the steps of workflow.submissions.
SUBMISSION_COLOURS = {"none": "#ffffff", "draft": "#fee08b", "submitted": "#91bfdb", "returned": "#fc8d59",
                      "resubmitted": "#4575b4", "accepted": "#1a9850"}
