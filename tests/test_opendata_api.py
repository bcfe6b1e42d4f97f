"""The open data as a client meets it, on the real app server (``streamlit run serve.py``): OWSLib's OGC API –
Features client opens every collection and pages through the factories, the OpenAPI document validates, a short
property-based run (schemathesis) finds no server error, answers carry ETags (304 on If-None-Match) and
Cache-Control, the catalogue's resources answer, and a database without data gives empty collections."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from opendata.fields import COLLECTIONS, PUBLIC_FIELDS
from tests.appserver import running_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def get(url: str, headers: dict | None = None, timeout: float = 240):
    """(status, headers, body) of a GET; an HTTP error is answered, not raised."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.fixture(scope="module")
def app_url():
    with running_app() as url:
        status, _, _ = get(f"{url}/api/ogc/collections")     # the first answer seeds the demo and builds the data
        assert status == 200
        yield url


def test_owslib_opens_every_collection(app_url):
    from owslib.ogcapi.features import Features

    api = Features(f"{app_url}/api/ogc", timeout=120)
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in api.conformance()["conformsTo"]
    assert {c["id"] for c in api.collections()["collections"]} == set(COLLECTIONS)
    for cid in COLLECTIONS:
        assert api.collection(cid)["id"] == cid
        items = api.collection_items(cid, limit=5)
        assert items["type"] == "FeatureCollection" and items["numberReturned"] == len(items["features"]) == 5
        for f in items["features"]:
            assert set(f["properties"]) <= set(PUBLIC_FIELDS[cid])
            one = api.collection_item(cid, f["id"])
            assert one["id"] == f["id"] and one["properties"] == f["properties"]
    assert api.api()["openapi"].startswith("3.0")


def test_owslib_pages_through_the_factories(app_url):
    from owslib.ogcapi.features import Features

    api = Features(f"{app_url}/api/ogc", timeout=120)
    seen, offset, matched = [], 0, None
    while True:
        page = api.collection_items("factories", limit=2000, offset=offset)
        matched = page["numberMatched"]
        seen += [f["id"] for f in page["features"]]
        nxt = [link for link in page["links"] if link["rel"] == "next"]
        if not nxt:
            break
        offset += page["numberReturned"]
        assert f"offset={offset}" in nxt[0]["href"]
    assert matched > 2000 and len(seen) == len(set(seen)) == matched


def test_the_openapi_document_is_valid(app_url):
    from openapi_spec_validator import validate

    status, headers, body = get(f"{app_url}/api/ogc/openapi")
    assert status == 200 and "openapi" in headers["Content-Type"]
    doc = json.loads(body)
    validate(doc)
    assert doc["servers"][0]["url"] == f"{app_url}/api/ogc"


def test_geojson_etag_and_cache_control(app_url):
    url = f"{app_url}/api/ogc/collections/areas/items?datetime=2568&limit=100"
    status, headers, body = get(url)
    assert status == 200 and headers["Content-Type"].startswith("application/geo+json")
    assert "public" in headers["Cache-Control"] and "max-age=" in headers["Cache-Control"]
    doc = json.loads(body)
    assert doc["numberMatched"] == doc["numberReturned"] > 0
    assert {f["properties"]["year"] for f in doc["features"]} == {2568}
    again, headers2, body2 = get(url, {"If-None-Match": headers["ETag"]})
    assert again == 304 and body2 == b"" and headers2["ETag"] == headers["ETag"]
    assert json.loads(get(url.replace("2568", "2025"))[2])["features"] == doc["features"]   # the same year
    assert get(url, {"If-None-Match": '"other"'})[0] == 200


def test_bad_parameters_and_unknown_ids_are_client_errors(app_url):
    base = f"{app_url}/api/ogc/collections"
    for url in (f"{base}/areas/items?limit=0", f"{base}/areas/items?datetime=soon", f"{base}/areas/items?bbox=1,2",
                f"{base}/areas/items?colour=red"):
        status, _, body = get(url)
        assert status == 400, url
        assert json.loads(body)["description_th"]
    assert get(f"{base}/nope")[0] == 404
    assert get(f"{base}/factories/items/no-such-factory")[0] == 404


def test_csv_has_english_columns_and_every_feature(app_url):
    status, headers, body = get(f"{app_url}/api/ogc/collections/factories/items?f=csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(["id", *PUBLIC_FIELDS["factories"], "lon", "lat"])
    matched = json.loads(get(f"{app_url}/api/ogc/collections/factories/items?limit=1")[2])["numberMatched"]
    assert len(lines) - 1 == matched


def test_the_catalogue_names_resources_that_answer(app_url):
    status, _, body = get(f"{app_url}/api/catalog")
    assert status == 200
    cat = json.loads(body)
    assert cat["count"] == len(cat["results"]) == len(COLLECTIONS)
    for rec in cat["results"]:
        assert json.loads(get(rec["url"])[2])["name"] == rec["name"]
        for res in rec["resources"]:
            assert get(res["url"])[0] == 200, res["url"]
    assert get(f"{app_url}/api/catalog/eit-nothing")[0] == 404
    # what a CKAN harvester calls
    names = json.loads(get(f"{app_url}/api/3/action/package_list")[2])["result"]
    assert names == [rec["name"] for rec in cat["results"]]
    shown = json.loads(get(f"{app_url}/api/3/action/package_show?id={names[0]}")[2])
    assert shown["success"] and shown["result"]["name"] == names[0]


def test_no_server_error_for_any_request(app_url):
    """A bounded property-based run: a few examples per operation of the OpenAPI document, generated from its
    parameters (schemathesis), each answered without a server error."""
    from hypothesis import given
    from schemathesis.checks import not_a_server_error

    schema = schemathesis.openapi.from_url(f"{app_url}/api/ogc/openapi")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 6
    calls = []
    for op in operations:
        @given(case=op.as_strategy())
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def run(case):
            calls.append(case.call_and_validate(checks=[not_a_server_error], timeout=60).status_code)
        run()
    assert len(calls) >= 20 and 200 in calls


def test_an_empty_database_answers_with_empty_collections():
    with running_app({"EIT_DEMO": "0"}) as url:
        status, _, body = get(f"{url}/api/ogc/collections")
        assert status == 200 and {c["id"] for c in json.loads(body)["collections"]} == set(COLLECTIONS)
        for cid in COLLECTIONS:
            status, _, body = get(f"{url}/api/ogc/collections/{cid}/items")
            assert status == 200, cid
            doc = json.loads(body)
            assert doc["features"] == [] and doc["numberMatched"] == 0
        assert get(f"{url}/api/catalog")[0] == 200
