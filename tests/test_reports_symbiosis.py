"""The symbiosis part of the area exports: the deck's area slide and the area PDF carry the area page's KPIs
(public exchanges only) and a small flow map in the categories' colours; names with markup show as text. Read
from a demo database (the register lives in the database)."""
from __future__ import annotations

import dataclasses
import io

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from geo.boundaries import load_boundaries
from geo.colours import CATEGORY_COLOURS
from geo.layers import build_layers
from reports.deck import build_deck
from reports.flow_map import flow_map_png, year_symbiosis
from reports.pdf import area_report_pdf
from scoring.summary import build_model
from symbiosis.views import area_kpi_items, seen_register
from tests.conftest_db import DATA_DIR

YEAR = 2568
HOSTILE = '<b>ตัวหนา</b> [ลิงก์](http://x.example) & <script>'


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    from db.engine import get_engine
    from db.snapshot import load_dataset_from_db
    from db.startup import ensure_database
    from demo.seed import seed_demo
    engine = get_engine(f"sqlite:///{tmp_path_factory.mktemp('reports-sym') / 'eit.sqlite'}")
    ensure_database(engine, DATA_DIR, seed=seed_demo)
    yield load_dataset_from_db(DATA_DIR, engine)
    engine.dispose()


@pytest.fixture(scope="module")
def model(ds):
    return build_model(ds.assessments, ds.criteria)


@pytest.fixture(scope="module")
def layers(ds):
    return build_layers(ds.areas, load_boundaries(DATA_DIR / "boundaries"))


@pytest.fixture(scope="module")
def area(ds):
    """The demo area with the most exchanges, some of them not public."""
    return ds.symbiosis.exchanges.groupby("area_id").size().idxmax()


def _colour_pixels(png: bytes, hex_colour: str, tol: int = 40) -> int:
    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(img - target).sum(axis=2) < tol).sum())


def test_the_exports_count_public_exchanges_only(ds, area):
    public = dict(area_kpi_items(seen_register(ds.symbiosis, None), ds.factories, area, YEAR, "th"))
    everything = dict(area_kpi_items(seen_register(ds.symbiosis, "admin"), ds.factories, area, YEAR, "th"))
    assert public["จำนวนการแลกเปลี่ยน"] != everything["จำนวนการแลกเปลี่ยน"]    # the test can tell them apart
    assert dict(year_symbiosis(ds, YEAR, "th").items(area)) == public


def test_the_flow_map_draws_each_category_of_the_area_in_its_colour(ds, layers, area):
    sym = year_symbiosis(ds, YEAR, "th")
    drawn = set(sym.area_flows(area)["category"])
    png = flow_map_png(ds, layers, sym, area, size=(900, 760))
    assert Image.open(io.BytesIO(png)).size == (900, 760)
    for cat, colour in CATEGORY_COLOURS.items():
        if cat in drawn:
            assert _colour_pixels(png, colour) > 50, cat
    quiet = dataclasses.replace(sym, flows=sym.flows.iloc[0:0])               # no exchange: a map that says so
    assert all(_colour_pixels(flow_map_png(ds, layers, quiet, area), c) == 0 for c in CATEGORY_COLOURS.values())


def test_the_deck_area_slide_carries_the_symbiosis_kpis_and_a_flow_map(ds, model, layers, area):
    province = ds.areas.set_index("area_id").loc[area, "province_code"]
    prs = Presentation(io.BytesIO(build_deck(ds, model, layers, YEAR, province=province)))
    name = ds.areas.set_index("area_id").loc[area, "name_th"]
    slide = next(s for s in list(prs.slides)[2:] if any(sh.has_text_frame and sh.text_frame.text.startswith(name)
                                                          for sh in s.shapes))
    text = "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert "การพึ่งพาอาศัยทางอุตสาหกรรม ณ สิ้นปี พ.ศ. 2568" in text
    for label, value in area_kpi_items(seen_register(ds.symbiosis, None), ds.factories, area, YEAR, "th"):
        assert f"{label}: {value}" in text
    pictures = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 3                                           # area map, flow map, radar
    flow = min(pictures, key=lambda p: p.width)
    drawn = set(year_symbiosis(ds, YEAR, "th").area_flows(area)["category"])
    assert any(_colour_pixels(flow.image.blob, CATEGORY_COLOURS[c]) > 10 for c in drawn)
    # every shape stays on the slide, above the footer
    for sh in slide.shapes:
        assert sh.left >= 0 and sh.left + sh.width <= prs.slide_width
        assert sh.top + sh.height <= prs.slide_height


def test_the_area_pdf_carries_the_kpis_the_flow_map_and_names_with_markup_as_text(ds, model, layers, area):
    reg = ds.symbiosis
    public = reg.exchanges[reg.exchanges["visibility"] == "public"]
    biggest = public.loc[public["area_id"] == area].sort_values("quantity").iloc[-1]
    party = biggest["to_party"]
    parties, ex = reg.parties.copy(), reg.exchanges.copy()
    parties.loc[parties["party_id"] == party, "name_th"] = HOSTILE
    ex.loc[ex["exchange_id"] == biggest["exchange_id"], "material_th"] = HOSTILE + " วัสดุ"
    factories = ds.factories.copy()
    factories.loc[factories["registration_no"] == party, "name_th"] = HOSTILE
    hostile = dataclasses.replace(ds, symbiosis=dataclasses.replace(reg, parties=parties, exchanges=ex),
                                  factories=factories)
    data = area_report_pdf(hostile, model, layers, area, YEAR)
    reader = PdfReader(io.BytesIO(data))
    flat = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "การพึ่งพาอาศัยทางอุตสาหกรรม" in flat
    for _label, value in area_kpi_items(seen_register(reg, None), ds.factories, area, YEAR, "th"):
        for part in value.split(" · "):
            assert part.replace(" ", "") in flat.replace(" ", ""), part
    assert "<b>ตัวหนา</b>" in flat and "<script>" in flat and "[ลิงก์](http://x.example)" in flat.replace(" ", "")
    images = sum(len(p.images) for p in reader.pages)
    assert images >= 3                                                  # radar, area map, flow map (and history)


def test_an_area_without_exchanges_says_so_in_the_pdf(ds, model, layers):
    seen = set(seen_register(ds.symbiosis, None).exchanges["area_id"])
    quiet = next(a for a in ds.areas["area_id"] if a not in seen and a in set(model.levels["area_id"]))
    year = int(model.levels.loc[model.levels["area_id"] == quiet, "year"].max())
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        area_report_pdf(ds, model, layers, quiet, year))).pages).split())
    assert "การพึ่งพาอาศัยทางอุตสาหกรรม" in flat
    assert "ยังไม่มีการแลกเปลี่ยนที่เปิดให้เห็นในพื้นที่นี้สำหรับปีนี้" in flat.replace(" ", "")
