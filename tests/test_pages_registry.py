"""The factory layer of the national page through AppTest: off by default, one toggle turns it on, the map then
carries every factory of the filter as one point layer, and a province view counts its factories per district."""
import json
import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from geo.pointlayer import decode
from tests import pagetest
from tests.appserver import ROOT
from tests.pagetest import module_database

FACTORIES = pd.read_csv(ROOT / "data" / "demo" / "factories.csv", dtype=str)


app_database = module_database("registry")


def run(**params) -> AppTest:
    return pagetest.run(timeout=180, **params)


def map_points(at: AppTest):
    """The factory points the page's map sends (decoded as the browser does), or None without the layer."""
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    found = re.search(r"L\.eitPoints\((\{[^}]*\})", args["script"])
    if not found:
        return None
    assert "/app/static/js/pointlayer.js?v=" in " ".join(args["js_links"])
    return decode(json.loads(found.group(1)))


def filter_warnings(at: AppTest) -> list[str]:
    """The warnings that say a filter in the link names nothing (not the demo-data notice)."""
    return [w.value for w in at.warning if w.icon == ":material/filter_alt_off:"]


def table_rows(at: AppTest, table_id: str) -> list[list[str]]:
    block = next(h.value for h in at.get("html") if f'id="{table_id}"' in h.value)
    body = block[block.index("<tbody>"):]
    return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_the_layer_is_off_by_default_and_one_toggle_draws_every_factory():
    at = run()
    assert len(at.toggle) == 1 and at.toggle[0].value is False
    assert map_points(at) is None
    at.toggle[0].set_value(True).run()
    assert not at.exception
    lon, lat, codes = map_points(at)
    assert len(lon) == len(FACTORIES)                        # every demo factory has coordinates
    assert at.query_params["factories"] == "1"          # the view is a link
    assert sorted(codes.tolist()) == sorted(FACTORIES["status"].map({"1": 0, "0": 1, "3": 2, "2": 3}).tolist())
    assert "สถานะโรงงาน" in "\n".join(h.value for h in at.get("html"))          # the layer's legend


def test_a_province_view_shows_its_factories_and_counts_them_per_district():
    at = run(factories=1, province=21)
    rayong = FACTORIES.loc[FACTORIES["province_code"] == "21"]
    lon, lat, _ = map_points(at)
    assert len(lon) == len(rayong)
    assert lat.min() > 12.4 and lat.max() < 13.2           # all of them in Rayong
    rows = table_rows(at, "district-table")
    expected = rayong["district_code"].value_counts()
    assert rows[-1][:2] == ["รวม", f"{len(rayong):,}"]
    assert [int(r[1].replace(",", "")) for r in rows[:-1]] == expected.tolist()
    assert rows[0][0] == "เมืองระยอง"
    at = run(factories=1, province=21, lang="en")
    assert table_rows(at, "district-table")[0][0] == "Mueang Rayong"


def test_the_layer_filters_narrow_the_map_and_say_what_is_left():
    at = run(factories=1, province=21)
    at.multiselect(key="registry_status").set_value([2]).run()          # closed factories only
    closed = FACTORIES.loc[(FACTORIES["province_code"] == "21") & (FACTORIES["status"] == "2")]
    assert len(map_points(at)[0]) == len(closed)
    at = run(factories=1, province=21, inside="out")                  # the demo's factories outside every area
    outside = FACTORIES.loc[(FACTORIES["province_code"] == "21") & FACTORIES["area_id"].isna()]
    assert len(outside) and map_points(at)[0].size == len(outside)
    at = run(factories=1, province=21, inside="in")
    at.multiselect(key="registry_status").set_value([2]).run()          # closed, in an area
    in_closed = closed.loc[closed["area_id"].notna()]
    assert map_points(at)[0].size == len(in_closed)
    at = run(factories=1, inside="nowhere")
    assert any("nowhere" in w for w in filter_warnings(at))


def test_a_province_without_areas_is_offered_with_the_layer_on():
    at = run(factories=1, province=10)                              # Bangkok: factories, no programme area
    assert not filter_warnings(at)
    assert at.selectbox(key="url_province").value == "10"
    at = run(province=10)                                           # without the layer: only provinces with areas
    assert filter_warnings(at)
