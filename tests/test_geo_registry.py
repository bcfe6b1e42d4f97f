"""The whole registry on a map: the filters of the factory layer, status codes, the nearest area of a factory
outside every area, a province's view and its factories per district."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.boundaries import load_boundaries
from geo.layers import build_layers
from geo.registry import STATUSES, UNKNOWN, clicked_factory, district_counts, located, nearest_areas, province_bounds, select, status_codes
from programme.registry import load_admin_lookup, load_provinces

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def layers():
    areas = pd.DataFrame({"area_id": ["ryg-mtp", "pte-x"], "admin_codes": ["210114 210113", "130112"]})
    return build_layers(areas, load_boundaries(DATA / "boundaries"))


@pytest.fixture(scope="module")
def provinces():
    return load_provinces(DATA)


def _factories():
    return pd.DataFrame({
        "registration_no": ["r1", "r2", "r3", "r4", "r5", "r6"],
        "province_code": ["21", "21", "21", "10", "50", "21"],
        "district_code": ["2101", "2101", "2103", "1001", "5001", None],
        "area_id": ["ryg-mtp", None, None, None, None, "ryg-mtp"],
        "status": pd.array([1, 2, None, 1, 0, 1], dtype="Int64"),
        "factory_class": pd.array([3, 2, 3, None, 1, 3], dtype="Int64"),
        "isic": ["20111", "10799", "20290", "38302", "10799", "20111"],
        "gi_level": [0] * 6,
        "lat": [12.70, 12.68, 12.90, 13.75, 18.79, np.nan],
        "lon": [101.15, 101.26, 101.40, 100.50, 98.98, np.nan],
    })


def test_the_layer_filter_picks_by_place_status_class_isic_and_area(provinces):
    f = _factories()
    regs = lambda **kw: select(f, provinces, **kw)["registration_no"].tolist()  # noqa: E731
    assert regs() == ["r1", "r2", "r3", "r4", "r5", "r6"]
    assert regs(province="21") == ["r1", "r2", "r3", "r6"]
    assert regs(region="north") == ["r5"]                 # Chiang Mai (50) is in the north
    assert regs(region="north", province="21") == ["r1", "r2", "r3", "r6"]   # a province is narrower
    assert regs(inside="in") == ["r1", "r6"] and regs(inside="out") == ["r2", "r3", "r4", "r5"]
    assert regs(statuses=[1]) == ["r1", "r4", "r6"]           # a blank status matches no status
    assert regs(classes=[3], province="21") == ["r1", "r3", "r6"]
    assert regs(isic_prefix="20", inside="out") == ["r3"]
    assert regs(province="99") == []


def test_status_codes_follow_the_legend_and_a_blank_status_is_unknown():
    codes = status_codes(_factories())
    assert codes.tolist() == [STATUSES.index(1), STATUSES.index(2), UNKNOWN, STATUSES.index(1), STATUSES.index(0),
                              STATUSES.index(1)]
    assert status_codes(_factories().iloc[:0]).tolist() == []


def test_only_factories_with_coordinates_are_drawn_and_a_click_finds_them():
    from geo.pointlayer import digest

    f = _factories()
    assert located(f)["registration_no"].tolist() == ["r1", "r2", "r3", "r4", "r5"]
    assert clicked_factory(f"[#{digest(['r1', 'r2', 'r3', 'r4', 'r5'])}:3]", f) == "r4"
    assert clicked_factory(f"[#{digest(['r1', 'r2'])}:1]", f) is None


def test_nearest_area_and_its_distance_in_km(layers):
    inside = layers.areas.geometry.iloc[0].representative_point()
    ids, km = nearest_areas(layers.areas, [inside.x, 100.5018, 101.5, np.nan], [inside.y, 13.7563, 12.68, 14.0])
    assert ids[0] == "ryg-mtp" and km[0] == 0
    assert ids[1] == "pte-x" and 15 < km[1] < 40            # Bangkok's old town to Bang Kadi, Pathum Thani
    assert ids[2] == "ryg-mtp" and 10 < km[2] < 40          # east of Map Ta Phut along the coast
    assert ids[3] is None and np.isnan(km[3])


def test_a_province_view_fits_the_province(layers):
    (s, w), (n, e) = province_bounds(layers.provinces, "21")
    assert s < 12.7 < n and w < 101.15 < e and (n - s) < 1.5
    assert province_bounds(layers.provinces, "99") is None


def test_factories_per_district_most_first_named_from_the_boundaries():
    lookup = load_admin_lookup(DATA)
    counts = district_counts(_factories(), lookup, "21", "th")
    assert counts["district_code"].tolist() == ["2101", "", "2103"]     # 2, then 1 each in Thai name order ('–' first)
    assert counts["factories"].tolist() == [2, 1, 1]
    top = counts.iloc[0]
    assert top["name"] == "เมืองระยอง" and top["in_areas"] == 1 and top["operating"] == 1
    assert district_counts(_factories(), lookup, "21", "en").iloc[0]["name"] == "Mueang Rayong"
    assert district_counts(_factories(), lookup, "96", "th").empty
