"""The catalogue: one CKAN-shaped metadata record per dataset (the shape of CKAN's ``package_show`` result, the
one data.go.th harvests), with its resources: the OGC collection, the GeoJSON and the CSV downloads."""
from __future__ import annotations

from opendata.fields import COLLECTIONS, PUBLIC_FIELDS

PUBLISHER_TH, PUBLISHER_EN = "กรมโรงงานอุตสาหกรรม", "Department of Industrial Works"
LICENSE = {"license_id": "CC-BY-4.0", "license_title": "Creative Commons Attribution 4.0",
           "license_url": "https://creativecommons.org/licenses/by/4.0/"}
FREQUENCY = {"areas": "yearly", "factories": "monthly", "exchanges": "yearly"}
FREQUENCY_TH = {"yearly": "รายปี", "monthly": "รายเดือน"}


def dataset_name(cid: str) -> str:
    return f"eit-{cid}"


def resources(root: str, cid: str) -> list[dict]:
    api = f"{root}/api/ogc/collections/{cid}"
    return [
        {"name": "OGC API – Features", "name_th": "บริการข้อมูลตามมาตรฐาน OGC API – Features", "format": "OGC API",
         "url": api, "mimetype": "application/json"},
        {"name": "GeoJSON", "name_th": "ข้อมูลเชิงพื้นที่ GeoJSON", "format": "GeoJSON",
         "url": f"{api}/items?f=json&limit=10000", "mimetype": "application/geo+json"},
        {"name": "CSV (English column names)", "name_th": "ไฟล์ CSV (ชื่อคอลัมน์ภาษาอังกฤษ)", "format": "CSV",
         "url": f"{api}/items?f=csv", "mimetype": "text/csv"},
        {"name": "Excel (English column names)", "name_th": "ไฟล์ Excel (ชื่อคอลัมน์ภาษาอังกฤษ)", "format": "XLSX",
         "url": f"{api}/items?f=xlsx",
         "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ]


def record(root: str, cid: str, updated: str | None, version: str) -> dict:
    """The record of collection ``cid``; ``root`` is the app's absolute URL, ``updated`` when the data last
    changed (ISO, or None), ``version`` the data version's tag."""
    meta = COLLECTIONS[cid]
    freq = FREQUENCY[cid]
    return {
        "name": dataset_name(cid), "title": meta["title_th"], "title_en": meta["title_en"],
        "notes": meta["description_th"], "notes_en": meta["description_en"],
        "organization": {"name": "diw", "title": PUBLISHER_TH, "title_en": PUBLISHER_EN},
        "author": PUBLISHER_TH, "maintainer": PUBLISHER_TH, **LICENSE,
        "update_frequency": freq, "update_frequency_th": FREQUENCY_TH[freq],
        "metadata_modified": updated, "last_updated": updated, "version": version,
        "data_classification": "public", "data_classification_th": "ข้อมูลสาธารณะ",
        "language": ["th", "en"], "tags": [{"name": k} for k in meta["keywords"]],
        "fields": list(PUBLIC_FIELDS[cid]),
        "url": f"{root}/api/catalog/{dataset_name(cid)}",
        "resources": resources(root, cid),
    }


def catalog(root: str, updated: str | None, version: str) -> dict:
    """Every record, as CKAN's ``package_search`` answers (``count`` and ``results``)."""
    results = [record(root, cid, updated, version) for cid in COLLECTIONS]
    return {"count": len(results), "results": results}


def collection_of(name: str) -> str | None:
    """The collection a dataset name (``eit-areas``, or just ``areas``) names, or None."""
    cid = name.removeprefix("eit-")
    return cid if cid in COLLECTIONS else None


#: The read-only actions of CKAN's API that a CKAN harvester (ckanext-harvest) and data.go.th's tools call.
ACTIONS = ("package_list", "package_show", "package_search")


def ckan_action(action: str, params: dict, root: str, updated: str | None, version: str) -> tuple[int, dict]:
    """(HTTP status, body) of CKAN action ``action`` (``/api/3/action/<action>``): ``package_list`` (the dataset
    names), ``package_show?id=<name>`` (one record), ``package_search?rows=&start=`` (records, ``count``); any
    other action is 400, an unknown dataset 404, in CKAN's shape ``{"success": false, "error": …}``."""
    def fail(status: int, kind: str, message: str) -> tuple[int, dict]:
        return status, {"help": f"{root}/api/3/action/help_show?name={action}", "success": False,
                        "error": {"__type": kind, "message": message}}

    if action not in ACTIONS:
        return fail(400, "Bad request", f"Action name not known: {action}")
    if action == "package_list":
        result = [dataset_name(cid) for cid in COLLECTIONS]
    elif action == "package_show":
        cid = collection_of(str(params.get("id", "")))
        if cid is None:
            return fail(404, "Not Found Error", "Not found")
        result = record(root, cid, updated, version)
    else:
        try:
            rows, start = int(params.get("rows", 10)), int(params.get("start", 0))
        except ValueError:
            return fail(409, "Validation Error", "rows and start are whole numbers")
        found = catalog(root, updated, version)["results"]
        result = {"count": len(found), "results": found[max(0, start): max(0, start) + max(0, min(rows, 1000))]}
    return 200, {"help": f"{root}/api/3/action/help_show?name={action}", "success": True, "result": result}
