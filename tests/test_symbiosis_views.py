"""The symbiosis view builders on a small hand-made register: hostile names show as text in the map tooltips,
the table and the Sankey; the flows are one map layer with an arrow head at the receiver; exports cannot carry
formulas; the GeoJSON download is LineStrings from giver to receiver."""
import io
import json

import pandas as pd

from geo.flows import flow_features, flow_tooltip, party_features, weights
from geo.maps import add_flows, add_parties, new_map
from programme.symbiosis import load_vocabulary
from symbiosis.register import EXCHANGE_COLUMNS, Register, all_parties, empty_frame
from tests.conftest_db import DATA_DIR
from ui import symbiosis as view

HOSTILE = '<img src=x onerror="alert(1)"> & <b>เถ้า</b>'
VOCAB = load_vocabulary(DATA_DIR)
FACTORIES = pd.DataFrame({"registration_no": ["3-105-1/68ปท", "3-105-2/68ปท"], "name_th": [HOSTILE, "โรงงานสอง"],
                          "name_en": ["", "Factory two"], "area_id": ["ryg-mtp"] * 2, "lat": [12.68, 12.70],
                          "lon": [101.15, 101.17]})
PARTIES = pd.DataFrame({"party_id": ["ce-ryg-001"], "kind": ["community_enterprise"], "name_th": ["=HYPERLINK(1)"],
                        "name_en": [""], "area_id": ["ryg-mtp"], "lat": [12.69], "lon": [101.16], "note": [""]})


def register() -> Register:
    ex = empty_frame(EXCHANGE_COLUMNS)
    rows = [{"exchange_id": "EX-1", "from_party": "3-105-1/68ปท", "to_party": "ce-ryg-001", "area_id": "ryg-mtp",
             "year": 2566, "category": "waste", "material_th": HOSTILE, "quantity": 800.0, "unit": "t",
             "status": "operating", "visibility": "public", "co2e_avoided_t": 40.0},
            {"exchange_id": "EX-2", "from_party": "3-105-2/68ปท", "to_party": "3-105-1/68ปท", "area_id": "ryg-mtp",
             "year": 2567, "category": "water", "material_th": "น้ำ", "quantity": 50.0, "unit": "m3",
             "status": "identified", "visibility": "restricted"}]
    ex = pd.concat([ex, pd.DataFrame(rows)], ignore_index=True)
    hist = pd.DataFrame({"exchange_id": ["EX-1", "EX-1", "EX-2"], "status": ["identified", "operating", "identified"],
                         "changed_on": ["2023-03-01", "2024-01-15", "2024-06-01"]})
    return Register(PARTIES, empty_frame(["party_id"]), ex, hist, VOCAB)


def test_a_viewer_sees_public_exchanges_only_and_staff_see_restricted_ones():
    assert view.flows_of(view.seen_register(register(), None), FACTORIES, 2568, "th")["exchange_id"].tolist() == ["EX-1"]
    admin = view.flows_of(view.seen_register(register(), "admin"), FACTORIES, 2568, "th")
    assert sorted(admin["exchange_id"]) == ["EX-1", "EX-2"]


def test_hostile_names_are_text_in_the_map_the_table_and_the_sankey():
    flows = view.flows_of(register(), FACTORIES, 2568, "th")
    m = new_map([[12.6, 101.1], [12.8, 101.2]])
    add_flows(m, flow_features(flows))
    add_parties(m, party_features(all_parties(PARTIES, FACTORIES), "th", VOCAB.labels("party_kind", "th")))
    rendered = m.get_root().render().replace("\\u0026", "&").replace("\\u003c", "<").replace("\\u003e", ">")
    assert "<img src=x" not in rendered and "&lt;img src=x" in rendered
    assert rendered.count("L.geoJson(") == 2                      # one layer of lines, one of parties
    table = view.exchange_table_html(flows, register(), "th", {})
    assert "<img" not in table and "&lt;img src=x" in table
    svg = view.sankey_svg(flows, "th")
    assert "<img" not in svg and "<b>" not in svg and "&lt;b&gt;เถ้า" in svg
    assert svg.count('class="sankey-link"') == 2 * len(flows)


def test_each_flow_is_a_line_with_an_arrow_head_at_the_receiver_and_dashed_until_operating():
    flows = view.flows_of(register(), FACTORIES, 2568, "th")
    fc = flow_features(flows)
    feats = dict(zip(flows["exchange_id"], fc["features"]))
    line, *arrow = feats["EX-1"]["geometry"]["coordinates"]
    assert line == [[101.15, 12.68], [101.16, 12.69]] and len(arrow) == 2
    assert all(arm[0] == [101.16, 12.69] for arm in arrow)        # both arms start at the receiver
    assert not feats["EX-1"]["properties"]["dashed"] and feats["EX-2"]["properties"]["dashed"]
    tip = flow_tooltip(fc, 0)
    assert tip.startswith("&lt;img src=x") and " → " in tip and "ดำเนินการแล้ว" in tip and "800 ตัน/ปี" in tip
    assert list(weights(pd.Series([100.0, 25.0, None]), pd.Series(["t", "t", "t"]))) == [9.0, 5.5, 2.0]


def test_downloads_neutralise_formulas_and_the_geojson_is_line_strings():
    flows = view.flows_of(register(), FACTORIES, 2568, "th")
    csv = pd.read_csv(io.BytesIO(view.export_csv(flows)), encoding="utf-8-sig", dtype=str)
    assert not csv["to_name"].str.startswith("=").any() and csv["to_name"].str.contains("HYPERLINK").any()
    xlsx = pd.read_excel(io.BytesIO(view.export_xlsx(flows)), dtype=str)
    assert not xlsx["to_name"].str.startswith("=").any()
    geo = json.loads(view.export_geojson(flows))
    assert [f["geometry"]["type"] for f in geo["features"]] == ["LineString"] * 2
    assert geo["features"][0]["properties"]["material_th"] == HOSTILE      # data, not HTML
