"""Geometry: area polygons from admin codes, point-in-area, and the offline, escaped map HTML."""
import json
from pathlib import Path

import pandas as pd
import pytest
import shapely

from common.errors import DataError
from geo.boundaries import PolygonIndex, area_polygons, load_boundaries, locate_points, union_of_codes
from geo.layers import area_features, area_id_from_tooltip, build_layers
from geo.maps import add_areas, add_outlines, external_references, new_map
from geo.pointlayer import add_points

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def boundaries():
    return load_boundaries(ROOT / "data" / "boundaries")


def test_area_polygon_is_the_union_of_its_units(boundaries):
    # Map Ta Phut (210114) and Huai Pong (210113) are neighbours in Mueang Rayong.
    union = union_of_codes(["210114", "210113"], boundaries)
    a = boundaries.subdistrict.geometry.loc["210114"]
    b = boundaries.subdistrict.geometry.loc["210113"]
    assert union.area == pytest.approx(a.area + b.area, rel=1e-3)
    assert union.is_valid


def test_district_code_gives_the_district_polygon(boundaries):
    poly = union_of_codes(["1305"], boundaries)  # Lat Lum Kaeo
    assert poly.area == pytest.approx(boundaries.district.geometry.loc["1305"].area, rel=1e-6)


def test_unknown_and_malformed_codes_are_clear_errors(boundaries):
    with pytest.raises(DataError, match="219999"):
        union_of_codes(["219999"], boundaries)
    with pytest.raises(DataError, match="2, 4 or 6 digits"):
        union_of_codes(["215"], boundaries)


def test_points_fall_in_the_right_area(boundaries):
    areas = pd.DataFrame({"area_id": ["mtp", "llk"], "admin_codes": ["210114", "1305"]})
    polys = area_polygons(areas, boundaries)
    inside_mtp = shapely.point_on_surface(polys.geometry.iloc[0])
    inside_llk = shapely.point_on_surface(polys.geometry.iloc[1])
    got = locate_points([inside_mtp.x, inside_llk.x, 100.5, float("nan")],
                        [inside_mtp.y, inside_llk.y, 13.75, 14.0], polys, "area_id")
    assert list(got) == ["mtp", "llk", None, None]  # Bangkok is in neither; a blank coordinate is nowhere


@pytest.fixture(scope="module")
def layers(boundaries):
    areas = pd.DataFrame({"area_id": ["ryg-mtp", "pte-x"], "admin_codes": ["210114 210113", "130112"]})
    return build_layers(areas, boundaries)


def _rendered(layers, name="<script>alert('x')</script> & Co"):
    rows = pd.DataFrame({"area_id": ["ryg-mtp", "pte-x"]})
    m = new_map(layers.bounds, attribution="boundaries")
    add_outlines(m, layers.provinces)
    add_areas(m, area_features(layers, rows, {"ryg-mtp": "#123456"}, {"ryg-mtp": f"{name} [ryg-mtp]"}), centroids=True)
    add_points(m, [101.15], [12.7], [0], ["3-105-1/48รย"], ["#00ff00"], ["compliant"], "click", "{n} factories",
               labels=[f"{name}\n[3-105-1/48รย]"])
    return m.get_root().render()


def test_nearest_polygon_gives_the_distance_in_km_and_respects_the_limit():
    square = shapely.box(100.0, 13.0, 100.1, 13.1)
    index = PolygonIndex(["sq"], [square])
    # 0.009° of latitude south of it is 1.0 km; 0.018° of longitude east of it, at 13° N, is about 1.95 km
    points = shapely.points([100.05, 100.118, 100.05, 100.05], [12.991, 13.05, 13.05, 12.9])
    ids, km = index.nearest(points, max_km=2.5)
    assert ids.tolist() == ["sq", "sq", "sq", None]
    assert km[0] == pytest.approx(1.0, abs=0.01) and km[1] == pytest.approx(1.95, abs=0.02) and km[2] == 0
    assert pd.isna(km[3])
    ids, km = index.nearest(points)                     # no limit: the far point too (about 11 km)
    assert ids[3] == "sq" and km[3] == pytest.approx(11.1, abs=0.1)


def test_rendered_map_references_no_external_script_or_style(layers):
    html = _rendered(layers)
    assert "leaflet.js" in html and "/app/static/js/pointlayer.js?v=" in html
    assert external_references(html) == []


def test_external_reference_detector_sees_a_cdn(layers):
    assert external_references('<script src="https://cdn.example/x.js"></script><link href="/app/static/a.css">') \
        == ["https://cdn.example/x.js"]


def test_names_from_data_are_escaped_in_map_html(layers):
    # What the browser's JavaScript sees once the JSON string escapes (\u0026 = &, \u003c = <) are decoded:
    html = _rendered(layers).replace("\\u0026", "&").replace("\\u003c", "<").replace("\\u003e", ">")
    assert "<script>alert" not in html
    assert html.count("&lt;script&gt;alert") >= 3  # area polygon, area symbol and factory tooltips


def test_clicked_tooltip_maps_back_to_ids():
    assert area_id_from_tooltip("ระยอง — มาบตาพุด · ระดับ 4 [ryg-mtp]", {"ryg-mtp"}) == "ryg-mtp"
    assert area_id_from_tooltip("something [not-known]", {"ryg-mtp"}) is None
    assert area_id_from_tooltip(None, {"ryg-mtp"}) is None


def test_national_layers_fit_the_size_budget(layers):
    import json
    assert len(json.dumps(layers.provinces)) < 400_000
    (s, w), (n, e) = layers.bounds
    assert 5 < s < 6 and 20 < n < 21 and 97 < w < 98 and 105 < e < 106


def test_a_factory_map_is_centred_on_the_factory_whichever_side_its_neighbours_are():
    from geo.layers import factory_view_bounds

    near = pd.DataFrame({"lat": [13.70, 13.71, 13.74], "lon": [100.50, 100.52, 100.56]})   # all to the north-east
    (s, w), (n, e) = factory_view_bounds(13.69, 100.49, near)
    assert (s + n) / 2 == pytest.approx(13.69) and (w + e) / 2 == pytest.approx(100.49)
    assert n >= 13.74 and e >= 100.56                         # every neighbour is still on the map
    (s, w), (n, e) = factory_view_bounds(13.69, 100.49, near.iloc[0:0])
    assert n - s > 0.005 and e - w > 0.005                    # alone: a small map around it


def test_map_scale_is_in_km_only_and_the_national_map_has_an_inset_and_level_numbers(boundaries):
    import re

    areas = pd.read_csv(ROOT / "data" / "areas.csv", dtype=str)
    layers = build_layers(areas, boundaries)
    assert layers.inset_bounds is not None
    (s, w), (n, e) = layers.inset_bounds
    assert s < 13.75 < n and w < 100.5 < e                     # Bangkok is in the crowded region
    m = new_map(layers.bounds)
    html = m.get_root().render()
    assert "imperial: false" in html and "metric: true" in html
    assert html.count("L.control.scale(") == 1                # folium's own scale (km and miles) is off
    from geo.mapviews import national_map
    rows = pd.DataFrame({"area_id": areas["area_id"], "in_programme": True, "assessed": True,
                         "level": [(i % 5) + 1 for i in range(len(areas))], "level_status": "certified",
                         "status": "confirmed", "name_th": areas["name_th"], "name_en": areas["name_en"],
                         "province_th": "จ", "province_en": "P", "year_joined": 2562})
    out = national_map(layers, rows, "level", "th", {1: "#5e3c99", 2: "#cdb9e0", 3: "#235d5e", 4: "#b3e0a6",
                                                   5: "#1b7837"}, zoom_to_rows=False).get_root().render()
    assert out.count("eit-inset'") == 1 and out.count("L.layerGroup()") == 1   # one inset, one array of labels
    labels = json.loads(re.search(r"\}\)\(map_\w+, (\[\[.*?\]\])\);", out).group(1))
    assert len(labels) == len(areas) and {r[2] for r in labels} == {"1", "2", "3", "4", "5"}
    assert {r[3] for r in labels} == {"#ffffff", "#1b1b1b"}   # black or white by the symbol's colour


def test_an_area_tooltip_hides_its_id_from_the_reader_but_not_from_the_click():
    """The reader sees the name and level; the id that opens the area on a click rides in a hidden span, which
    the text a click returns (textContent) still holds."""
    import re

    from geo.layers import tooltip_html

    tip = tooltip_html("ระยอง <b>มาบตาพุด</b> · ระดับ 4 [ryg-mtp]", "ryg-mtp")
    visible = re.sub(r'<span style="display:none">.*?</span>', "", tip)
    assert "ryg-mtp" not in visible and "&lt;b&gt;" in visible                   # escaped, no id to read
    assert area_id_from_tooltip(re.sub(r"<[^>]+>", "", tip), {"ryg-mtp"}) == "ryg-mtp"
