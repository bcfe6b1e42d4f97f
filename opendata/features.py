"""The features of each collection, built once per data version from the data set the pages read: plain dicts
in GeoJSON shape, with only the properties :data:`opendata.fields.PUBLIC_FIELDS` allows, text neutralised as in
downloads (:func:`common.cells.safe_cell`) and missing values as ``null``."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from common.cells import safe_cell
from common.values import is_missing
from common.years import to_ce
from opendata.fields import PUBLIC_FIELDS
from scoring.criteria import DIMENSIONS
from scoring.summary import area_table
from symbiosis.register import all_parties, visible


@dataclass(frozen=True)
class Collection:
    """One collection's features (in a stable order), their ids, years (None: no time) and bounding boxes."""
    name: str
    features: list[dict]
    years: list[int | None]
    boxes: list[tuple[float, float, float, float] | None]
    encoded: list[str] = field(default_factory=list, repr=False)   # each feature as JSON text, made once

    def __post_init__(self):
        if not self.encoded:
            object.__setattr__(self, "encoded", [dumps(f) for f in self.features])

    def index(self) -> dict[str, int]:
        return {f["id"]: i for i, f in enumerate(self.features)}


def dumps(doc) -> str:
    """JSON text as the API sends it: UTF-8 Thai as it is, no spaces."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def plain(value):
    """A JSON value: NA/NaN -> None, numpy numbers -> int/float, text made safe for a spreadsheet cell."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return None if is_missing(value) else (int(value) if value.is_integer() and abs(value) < 2**53 else value)
    if isinstance(value, str):
        return safe_cell(value)
    return value


def properties(row: dict, collection: str) -> dict:
    """The allowed properties of ``row`` for ``collection``, in the allow-list's order."""
    return {k: plain(row.get(k)) for k in PUBLIC_FIELDS[collection]}


def _box(coords) -> tuple[float, float, float, float] | None:
    xs, ys = [], []

    def walk(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            xs.append(float(c[0]))
            ys.append(float(c[1]))
        elif isinstance(c, (list, tuple)):
            for x in c:
                walk(x)
    walk(coords)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _feature(fid: str, geometry: dict | None, props: dict) -> dict:
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": props}


def area_geometry(layers, area_id: str) -> dict | None:
    if layers is None:
        return None
    geom = layers.area_geometry.get(area_id)
    if geom is not None:
        return geom
    point = layers.area_points.get(area_id)
    return {"type": "Point", "coordinates": point} if point else None


def area_rows(ds, model, year: int) -> list[dict]:
    """The national page's area table for ``year`` (:func:`scoring.summary.area_table`, the level on record and
    its status as the page shows them), as rows with the public names."""
    table = area_table(ds.areas, ds.provinces, ds.factories, model, year, ds.certifications)
    table = table.assign(year=year, year_ce=to_ce(year),
                         **{f"score_{d}": table[d] if d in table.columns else None for d in DIMENSIONS})
    return table.to_dict("records")


def areas(ds, model, layers) -> Collection:
    """One feature per area and assessment year (id ``<area_id>-<year>``), newest year first."""
    feats, years, boxes = [], [], []
    for year in sorted(model.years, reverse=True):
        for row in area_rows(ds, model, year):
            geom = area_geometry(layers, row["area_id"])
            feats.append(_feature(f"{row['area_id']}-{year}", geom, properties(row, "areas")))
            years.append(year)
            boxes.append(_box(geom["coordinates"]) if geom else None)
    return Collection("areas", feats, years, boxes)


def _point(lon, lat) -> dict | None:
    lon, lat = plain(lon), plain(lat)
    return None if lon is None or lat is None else {"type": "Point", "coordinates": [float(lon), float(lat)]}


def factories(ds) -> Collection:
    """One point per registered factory (id: its registration number), in registration-number order."""
    f = ds.factories.sort_values("registration_no", kind="stable")
    feats, boxes = [], []
    for row in f.to_dict("records"):
        geom = _point(row.get("lon"), row.get("lat"))
        feats.append(_feature(str(row["registration_no"]), geom, properties(row, "factories")))
        boxes.append(_box(geom["coordinates"]) if geom else None)
    return Collection("factories", feats, [None] * len(feats), boxes)


def exchanges(ds) -> Collection:
    """One line (giver -> receiver) per public exchange (id: its exchange id), by exchange id; the exchange's
    ``year`` is its time."""
    reg = ds.symbiosis
    if reg is None or reg.exchanges.empty:
        return Collection("exchanges", [], [], [])
    ex = visible(reg.exchanges, None, reg.vocab).sort_values("exchange_id", kind="stable")
    parties = all_parties(reg.parties, ds.factories).drop_duplicates("party_id").set_index("party_id")
    feats, years, boxes = [], [], []
    for row in ex.to_dict("records"):
        ends = [parties.loc[p] if p in parties.index else None for p in (row["from_party"], row["to_party"])]
        row = {**row, "from_kind": None if ends[0] is None else ends[0]["kind"],
               "to_kind": None if ends[1] is None else ends[1]["kind"], "year_ce": to_ce(int(row["year"]))}
        coords = [[float(e["lon"]), float(e["lat"])] for e in ends if e is not None and pd.notna(e["lon"])
                  and pd.notna(e["lat"])]
        geom = {"type": "LineString", "coordinates": coords} if len(coords) == 2 else None
        feats.append(_feature(str(row["exchange_id"]), geom, properties(row, "exchanges")))
        years.append(int(row["year"]))
        boxes.append(_box(coords) if geom else None)
    return Collection("exchanges", feats, years, boxes)
