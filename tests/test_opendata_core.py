"""The open data's core (opendata/): what each collection serves (only the allow-listed properties, no owner, no
hidden exchange, text that cannot become a spreadsheet formula), what a query means (Buddhist-era and Christian-era
years, intervals, bbox, paging), and that ``datetime=2568`` gives the levels the national page shows for 2568."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from opendata import catalog, features, ogc
from opendata.fields import COLLECTIONS, PUBLIC_FIELDS
from opendata.query import MAX_LIMIT, QueryError, parse, parse_datetime

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo database (seeded as the app seeds it), its store and its data set as the pages read it."""
    from db.snapshot import load_dataset_from_db
    from opendata.store import Store
    from scoring.summary import build_model

    url = f"sqlite:///{tmp_path_factory.mktemp('opendata') / 'eit.sqlite'}"
    store = Store(url, DATA)
    snap = store.snapshot()
    ds = load_dataset_from_db(DATA, store.engine())
    yield store, snap, ds, build_model(ds.assessments, ds.criteria)
    store.engine().dispose()


def test_datetime_reads_buddhist_and_christian_years_and_rfc3339():
    assert parse_datetime("2568") == (2568, 2568)                  # a year of 2400 or more: Buddhist era
    assert parse_datetime("2025") == (2568, 2568)                  # below 2400: Christian era
    assert parse_datetime("2025-06-30") == (2568, 2568)            # a date is always Christian era
    assert parse_datetime("2025-06-30T10:00:00Z") == (2568, 2568)
    assert parse_datetime("2024-01-01/2025-12-31") == (2567, 2568)
    assert parse_datetime("../2566") == (None, 2566)
    assert parse_datetime("2566/..") == (2566, None)
    for bad in ("last year", "2568/2560", "", "2025-13-01", "2025-06", "2025-02-30", "1/2/3"):
        with pytest.raises(QueryError) as e:
            parse_datetime(bad)
        assert e.value.th and e.value.en


def test_query_limits_and_bad_parameters():
    assert parse({}).limit == 10 and parse({}).offset == 0
    assert parse({"limit": "50000"}).limit == MAX_LIMIT            # above the maximum: the maximum, not an error
    assert parse({"bbox": "100,13,101,14"}).bbox == (100.0, 13.0, 101.0, 14.0)
    for bad in ({"limit": "0"}, {"limit": "ten"}, {"offset": "-1"}, {"bbox": "1,2,3"}, {"bbox": "0,20,1,10"},
                {"f": "xml"}, {"colour": "red"}, {"bbox-crs": "EPSG:4326"}):
        with pytest.raises(QueryError):
            parse(bad)


def test_every_served_property_is_on_the_allow_list(demo):
    _, snap, _, _ = demo
    assert set(snap.collections) == set(COLLECTIONS) == set(PUBLIC_FIELDS)
    for cid, col in snap.collections.items():
        assert col.features, cid
        for f in col.features:
            assert list(f["properties"]) == list(PUBLIC_FIELDS[cid]), (cid, f["id"])
            assert f["type"] == "Feature" and isinstance(f["id"], str)
    # the CSV carries the same properties (English names) and the coordinates, nothing else
    header = ogc.items_csv(snap.collections["factories"], parse({"limit": "1"})).decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == ["id", *PUBLIC_FIELDS["factories"], "lon", "lat"]
    import io

    import pandas as pd
    sheet = pd.read_excel(io.BytesIO(ogc.items_xlsx(snap.collections["exchanges"], parse({}))))
    assert list(sheet.columns) == ["id", *PUBLIC_FIELDS["exchanges"], "from_lon", "from_lat", "to_lon", "to_lat"]
    assert len(sheet) == len(snap.collections["exchanges"].features)


def test_no_owner_and_no_hidden_exchange_and_no_formula(demo):
    _, _, ds, _ = demo
    f = ds.factories.copy()
    f.loc[f.index[0], "name_th"] = '=HYPERLINK("http://x","y")'
    f.loc[f.index[0], "owner"] = "นายสมชาย ใจดี"
    reg = ds.symbiosis
    ex = reg.exchanges.copy()
    hidden = ex["exchange_id"].iloc[0]
    ex.loc[ex.index[0], "visibility"] = "restricted"
    ds2 = dataclasses.replace(ds, factories=f, symbiosis=dataclasses.replace(reg, exchanges=ex))

    facts = features.factories(ds2)
    text = json.dumps(facts.features, ensure_ascii=False)
    assert "สมชาย" not in text and "owner" not in text
    first = facts.features[facts.index()[str(f["registration_no"].iloc[0])]]
    assert first["properties"]["name_th"] == '\'=HYPERLINK("http://x","y")'
    shown = {x["id"] for x in features.exchanges(ds2).features}
    assert hidden not in shown
    assert shown == set(ex.loc[ex["visibility"] == "public", "exchange_id"])


def test_datetime_2568_gives_the_levels_of_the_national_page(demo):
    """The national page's table (scoring.summary.area_table: the level on record, else the computed one)."""
    from scoring.summary import area_table

    _, snap, ds, model = demo
    year = 2568
    table = area_table(ds.areas, ds.provinces, ds.factories, model, year, ds.certifications)
    expected = {r.area_id: (None if r.level is None or str(r.level) == "<NA>" else int(r.level), r.level_status)
                for r in table.itertuples()}
    for text in ("2568", "2025", "2025-01-01/2025-12-31"):
        doc = ogc.items_doc("http://x/api/ogc", snap.collections["areas"], parse({"datetime": text, "limit": "10000"}),
                            {"datetime": text})
        got = {f["properties"]["area_id"]: (f["properties"]["level"], f["properties"]["level_status"])
               for f in doc["features"]}
        assert got == {k: (lv, st if lv is not None else None) for k, (lv, st) in expected.items()}, text
        assert doc["numberMatched"] == doc["numberReturned"] == len(ds.areas)
        assert {f["properties"]["year"] for f in doc["features"]} == {year}
    # the demo's 2568 has levels on record (a certification step) beside computed ones; the status goes with each
    assert {s for _, s in got.values()} - {"computed", None}


def test_paging_links_and_bbox(demo):
    _, snap, _, _ = demo
    col = snap.collections["factories"]
    total = len(col.features)
    doc = ogc.items_doc("http://x/api/ogc", col, parse({"limit": "100", "offset": "100"}), {})
    rels = {link["rel"]: link["href"] for link in doc["links"]}
    assert doc["numberMatched"] == total and doc["numberReturned"] == 100
    assert "offset=200" in rels["next"] and "offset=0" in rels["prev"]
    last = ogc.items_doc("http://x/api/ogc", col, parse({"limit": "100", "offset": str(total - 5)}), {})
    assert last["numberReturned"] == 5 and "next" not in {link["rel"] for link in last["links"]}
    # the text the server sends is the same document
    assert json.loads(ogc.items_json("http://x/api/ogc", col, parse({"limit": "100", "offset": "100"}), {})) == doc
    box = (100.3, 13.5, 100.8, 14.2)
    inside = ogc.items_doc("http://x/api/ogc", col, parse({"bbox": ",".join(map(str, box)), "limit": "10000"}), {})
    assert 0 < inside["numberMatched"] < total
    for f in inside["features"]:
        x, y = f["geometry"]["coordinates"]
        assert box[0] <= x <= box[2] and box[1] <= y <= box[3]


def test_catalogue_record_is_ckan_shaped(demo):
    _, snap, _, _ = demo
    rec = catalog.record("https://eit.example", "factories", snap.updated, snap.version)
    for key in ("name", "title", "title_en", "notes", "notes_en", "organization", "license_id", "update_frequency",
                "metadata_modified", "data_classification", "language", "resources"):
        assert rec[key], key
    assert rec["organization"]["title"] == "กรมโรงงานอุตสาหกรรม" and rec["license_id"] == "CC-BY-4.0"
    assert rec["data_classification"] == "public"
    assert {r["format"] for r in rec["resources"]} == {"OGC API", "GeoJSON", "CSV", "XLSX"}
    assert all(r["url"].startswith("https://eit.example/api/") for r in rec["resources"])
    assert catalog.collection_of("eit-areas") == "areas" and catalog.collection_of("nope") is None


def test_ckan_actions_answer_as_ckan_does(demo):
    """What a CKAN harvester calls: package_list, package_show, package_search (CKAN's envelope)."""
    _, snap, _, _ = demo
    root = "https://eit.example"
    status, body = catalog.ckan_action("package_list", {}, root, snap.updated, snap.version)
    assert status == 200 and body["success"] and body["result"] == ["eit-areas", "eit-factories", "eit-exchanges"]
    status, body = catalog.ckan_action("package_show", {"id": "eit-factories"}, root, snap.updated, snap.version)
    assert body["result"] == catalog.record(root, "factories", snap.updated, snap.version)
    status, body = catalog.ckan_action("package_search", {"rows": "2", "start": "1"}, root, snap.updated, snap.version)
    assert body["result"]["count"] == 3 and [r["name"] for r in body["result"]["results"]] == ["eit-factories",
                                                                                              "eit-exchanges"]
    assert catalog.ckan_action("package_show", {"id": "x"}, root, None, "v")[0] == 404
    assert catalog.ckan_action("package_create", {}, root, None, "v")[1]["success"] is False
    assert catalog.ckan_action("package_search", {"rows": "many"}, root, None, "v")[0] == 409


def test_an_empty_database_gives_empty_collections(db_url, monkeypatch):
    from opendata.store import Store

    monkeypatch.setenv("EIT_DEMO", "0")
    store = Store(db_url, DATA)
    try:
        snap = store.snapshot()
    finally:
        store.engine().dispose()
    assert set(snap.collections) == set(COLLECTIONS)
    for col in snap.collections.values():
        doc = ogc.items_doc("http://x/api/ogc", col, parse({}), {})
        assert doc["features"] == [] and doc["numberMatched"] == 0
        assert ogc.collection_doc("http://x/api/ogc", col)["extent"]["spatial"]["bbox"]


def test_a_new_certification_step_shows_at_once_with_a_new_version(demo):
    """Last in this file: it writes to the demo database. A draft recorded by staff changes the data version; the
    next snapshot serves the new level on record (and so new ETags)."""
    from db.certification import set_certification

    store, before, _, _ = demo
    feature = next(f for f in before.collections["areas"].features if f["properties"]["year"] == 2568)
    area, old = feature["properties"]["area_id"], feature["properties"]["level"]
    new = 1 if old != 1 else 2
    with store.engine().begin() as conn:
        set_certification(conn, area, 2568, new, "draft", "demo-admin")
    after = store.snapshot()
    assert after.version != before.version
    got = after.collections["areas"].features[after.indexes["areas"][f"{area}-2568"]]["properties"]
    assert (got["level"], got["level_status"]) == (new, "draft")
