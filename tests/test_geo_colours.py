"""The map colours are legible: the level colours (data/levels.csv) step at least 3:1 in WCAG contrast from one
level to the next and from level 1 to the page and the map background, also as readers with protanopia or
deuteranopia see them; dimension colouring spreads over the observed scores."""
from pathlib import Path

import pytest

from geo import colours
from geo.colours import NO_DATA, SCORE_COLOURS, contrast_ratio, lab_distance, score_colour, score_scale, simulate, text_on
from geo.maps import PLAIN_BACKGROUND
from programme.registry import load_levels

ROOT = Path(__file__).resolve().parents[1]
PAGE_BACKGROUND = "#ffffff"
LEVELS = load_levels(ROOT / "data")
PALETTE = [c for _, c in sorted(zip(LEVELS["level"], LEVELS["colour"]))]
VISION = [None, "protanopia", "deuteranopia"]


def seen(colour: str, kind: str | None) -> str:
    return colour if kind is None else simulate(colour, kind)


def test_contrast_ratio_and_luminance_follow_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)   # the WCAG textbook grey
    assert contrast_ratio("#ffffcc", "#eef2f0") < 1.2                              # the old level 1 vanished
    assert colours.relative_luminance("#ffffff") == pytest.approx(1.0)


def test_the_simulation_keeps_greys_and_merges_red_with_green():
    for kind in ("protanopia", "deuteranopia"):
        assert lab_distance(simulate("#808080", kind), "#808080") < 2
        # a red and a green of equal lightness look alike to these readers, and not to others
        assert lab_distance(simulate("#d62728", kind), simulate("#6b8e23", kind)) < lab_distance("#d62728", "#6b8e23") / 2


@pytest.mark.parametrize("kind", VISION)
def test_adjacent_levels_and_level_1_against_the_background_are_at_least_3_to_1(kind):
    p = [seen(c, kind) for c in PALETTE]
    assert len(p) == 5
    for lower, upper in zip(p, p[1:]):
        assert contrast_ratio(lower, upper) >= 3.0, (kind, lower, upper)
    for background in (PAGE_BACKGROUND, PLAIN_BACKGROUND):
        assert contrast_ratio(p[0], seen(background, kind)) >= 3.0


@pytest.mark.parametrize("kind", VISION)
def test_every_two_levels_look_different(kind):
    p = [seen(c, kind) for c in PALETTE]
    for i in range(5):
        for j in range(i + 1, 5):
            assert lab_distance(p[i], p[j]) >= 30, (kind, i + 1, j + 1)
        assert lab_distance(p[i], seen(NO_DATA, kind)) >= 15          # a level is never read as 'no data'


def test_text_on_a_level_chip_is_readable():
    for colour in PALETTE:
        assert contrast_ratio(text_on(colour), colour) >= 4.5


def test_dimension_colours_spread_over_the_observed_scores():
    scores = [71.0, 78.5, 83.0, 88.0, 93.5]         # all would be dark green on a fixed 0–100 scale
    bins = score_scale(scores)
    assert bins[0][0] == 70 and bins[-1][1] == 95
    assert len({score_colour(s, bins) for s in scores}) == 5
    assert {score_colour(s) for s in scores} <= set(SCORE_COLOURS[-2:])
    assert score_colour(float("nan"), bins) == NO_DATA
    assert score_scale([]) == [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100)]
    narrow = score_scale([88.0, 89.0])               # a range of a point is shown as at least 10 points
    assert narrow[-1][1] - narrow[0][0] == 10


def test_the_national_legend_says_when_it_spreads_over_the_observed_scores():
    import pandas as pd

    from geo.mapviews import national_legend

    shown = pd.DataFrame({"area_id": ["a", "b", "c"], "in_programme": [True, True, False],
                          "environmental": [71.0, 93.5, 10.0]})
    title, items, note = national_legend(shown, "environmental", "en", LEVELS)
    assert title == "Environmental" and items[0][1] == "70–75" and items[4][1] == "90–95"   # c is not in the programme
    assert "70–95" in note and "not 0–100" in note
    _, _, none = national_legend(shown.assign(environmental=float("nan")), "environmental", "en", LEVELS)
    assert none == ""
    _, levels, _ = national_legend(shown, "level", "th", LEVELS)
    assert [c for c, _ in levels[:5]] == PALETTE


def test_hex_and_rgb_convert_both_ways():
    from geo.colours import hex_to_rgb, rgb_to_hex
    assert hex_to_rgb("#1b6e4f") == (27, 110, 79) and hex_to_rgb("#fff") == (255, 255, 255)
    assert rgb_to_hex((27, 110, 79)) == "#1b6e4f"
    assert rgb_to_hex((1.0, 1.0, 1.0)) == "#ffffff"          # a charting library's 0..1 floats
    for colour in ("#000000", "#d73027", "#ffffcc"):
        assert rgb_to_hex(hex_to_rgb(colour)) == colour


def test_one_level_colour_rule_with_one_fallback():
    import math

    from geo.colours import BELOW_LEVEL_1, NO_DATA, level_colour
    colours = {1: "#edf8e9", 5: "#006d2c"}
    assert level_colour(5, colours) == level_colour(5.0, colours) == "#006d2c"
    assert level_colour(None, colours) == level_colour(math.nan, colours) == level_colour(3, colours) == NO_DATA
    assert level_colour(0, colours) == NO_DATA and level_colour(0, colours, below_1=BELOW_LEVEL_1) == BELOW_LEVEL_1


def test_the_radar_reads_the_same_on_the_page_and_in_the_pdf():
    from reports import charts as pdf_charts
    from ui import charts as page_charts
    assert (page_charts.NOW_COLOUR, page_charts.PREVIOUS_COLOUR) == (pdf_charts.NOW_COLOUR, pdf_charts.PREVIOUS_COLOUR)
