"""The inline SVG charts of the area page and presentation mode: readable at a distance (names ≥ 16 px, the
scale's numbers off the shape's corners, a scale that starts below the lowest score), text from data escaped,
and a light picture (no chart library)."""
import math
import re

from ui.charts import level_history_svg, radar_floor, radar_svg

LABELS = ["เศรษฐกิจ", "สิ่งแวดล้อม", "การบริหารจัดการ", "กายภาพ", "สังคม"]


def _font_sizes(svg: str, cls: str) -> list[float]:
    return [float(x) for x in re.findall(rf'class="{cls}"[^>]*font-size="([\d.]+)"', svg)]


def test_dimension_names_are_at_least_16_px_and_larger_in_presentation_mode():
    normal = radar_svg(LABELS, [70, 80, 60, 90, 75], [65, 70, 60, 85, 70], "2568", "2567")
    large = radar_svg(LABELS, [70, 80, 60, 90, 75], [65, 70, 60, 85, 70], "2568", "2567", large=True)
    assert len(_font_sizes(normal, "radar-label")) == 5
    assert min(_font_sizes(normal, "radar-label")) >= 16
    assert min(_font_sizes(large, "radar-label")) > min(_font_sizes(normal, "radar-label"))
    # the picture may shrink with its column, but never so far that a name falls under 16 px
    for svg in (normal, large):
        natural = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
        least = float(re.search(r"min-width:([\d.]+)px", svg).group(1))
        assert min(_font_sizes(svg, "radar-label")) * least / natural >= 15.9


def test_the_scale_starts_below_the_lowest_score_and_its_numbers_sit_between_two_axes():
    svg = radar_svg(LABELS, [82, 88, 85, 91, 86], [80, 84, 83, 90, 85], "2568", "2567")
    assert radar_floor([82, 88, 80]) == 60
    ticks = re.findall(r'class="radar-tick" x="([\d.]+)" y="([\d.]+)"[^>]*>(\d+)<', svg)
    assert [int(v) for *_xy, v in ticks] == [80, 100]                # at most three numbers: they never crowd
    assert svg.count('fill="none" stroke="#c8c8c8"') == 4               # but a ring every 10 points
    assert "60–100" in svg                                          # the chart says where its scale starts
    cx = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1)) / 2
    axes = [(-math.pi / 2 + 2 * math.pi * i / 5) for i in range(5)]
    for x, y, _v in ticks:                          # each number is away from every axis (so off every corner)
        lines = re.findall(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"', svg)[:5]
        x0, y0 = float(lines[0][0]), float(lines[0][1])
        angle = math.atan2(float(y) - 4 - y0, float(x) - 4 - x0)
        assert min(abs(math.remainder(angle - a, 2 * math.pi)) for a in axes) > math.radians(20)
        assert abs(x0 - cx) < 1


def test_a_difference_of_a_few_points_shows_as_distance():
    svg = radar_svg(LABELS, [85, 85, 85, 85, 85], [80, 80, 80, 80, 80], "2568", "2567")

    def top_y(cls):       # the first vertex (top axis) of a series
        return float(re.search(rf'class="radar-{cls}" points="[\d.]+,([\d.]+)', svg).group(1))
    assert top_y("previous") - top_y("current") > 10               # 5 points apart are > 10 px apart


def test_names_are_escaped_and_missing_years_are_left_out():
    svg = radar_svg(['<img src=x onerror="alert(1)">', *LABELS[1:]], [50, None, 60, 70, 80], [None] * 5,
                    "<b>2568</b>", "2567")
    assert "<img" not in svg and "&lt;img" in svg and "<b>" not in svg
    assert 'class="radar-previous"' not in svg and 'class="radar-current"' in svg
    assert "–" in svg                                               # a missing score is written as a dash
    assert "2567" not in svg                                        # no legend entry for a year with no scores
    empty = radar_svg(LABELS, [], [], "2568", "2567")
    assert 'class="radar-current"' not in empty and len(_font_sizes(empty, "radar-label")) == 5


def test_level_history_draws_one_bar_per_year_with_its_level():
    svg = level_history_svg(["2564", "2565", "<i>x</i>"], [2, 3, 4], ["#111111", "#222222", "#333333"], "ระดับ")
    assert svg.count("<rect") == 3 and "<i>" not in svg and "&lt;i&gt;" in svg
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert heights[0] < heights[1] < heights[2]


def test_a_chart_with_hostile_names_is_one_block_of_drawing_only():
    from tests.markdown_check import links_and_images

    hostile = '![i](http://evil.example/i.png)\n\n[x](http://evil.example) <img src=x onerror="alert(1)">'
    svg = radar_svg([hostile, *LABELS[1:]], [50, 60, 70, 80, 90], [], "2568", "2567")
    shown = svg.replace("\r", " ").replace("\n", " ")          # as ui/svg.show_svg sends it
    assert links_and_images(shown) == []
    assert links_and_images(svg) != []                          # the check sees a blank line that would end the block
