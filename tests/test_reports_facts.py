"""The reports read the level a person reads (scoring.area_facts): the area PDF and the deck say the level on
record with its certification status, and the summary PDF counts certified levels apart from the others."""
from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from geo.boundaries import load_boundaries
from geo.layers import build_layers
from programme.dataset import load_dataset
from reports.deck import build_deck
from reports.pdf import area_report_pdf
from reports.summary_pdf import summary_report_pdf
from scoring.summary import build_model, level_in

ROOT = Path(__file__).resolve().parents[1]
AREA, YEAR = "ryg-mtp", 2568


@pytest.fixture(scope="module")
def ds():
    return load_dataset(ROOT / "data")


@pytest.fixture(scope="module")
def model(ds):
    return build_model(ds.assessments, ds.criteria)


@pytest.fixture(scope="module")
def layers(ds):
    return build_layers(ds.areas, load_boundaries(ROOT / "data" / "boundaries"))


def _text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def demo_like(ds, model, drafted: int | None = None) -> pd.DataFrame:
    """Certifications as the demo records them: every year before the latest certified at its computed level, the
    latest year drafted or verified (none certified); with ``drafted``, AREA's latest year drafted at that level."""
    lv = model.levels.loc[model.levels["level"] >= 1]
    latest = int(lv["year"].max())
    rows = lv.assign(status=["certified" if y != latest else ("verified" if i % 2 else "draft")
                             for i, y in enumerate(lv["year"])])
    if drafted is not None:
        mine = (rows["area_id"] == AREA) & (rows["year"] == YEAR)
        rows.loc[mine, ["level", "status"]] = [drafted, "draft"]
    return rows[["area_id", "year", "level", "status"]].reset_index(drop=True)


@pytest.fixture(scope="module")
def drafted(ds, model):
    """The data set with AREA's YEAR drafted at a level other than its computed one: (data set, draft, computed)."""
    computed = level_in(model, AREA, YEAR)
    draft = 1 if computed != 1 else 2
    return replace(ds, certifications=demo_like(ds, model, draft)), draft, computed


def test_area_pdf_says_the_drafted_level_with_its_status_not_the_computed_one(drafted, model, layers):
    ds, draft, computed = drafted
    names = ds.levels.set_index("level")["name_th"]
    text = _text(area_report_pdf(ds, model, layers, AREA, YEAR))
    assert f"ระดับ {draft} {names[draft]}" in text
    assert "สถานะการรับรอง: ร่าง (ยังไม่ทวนสอบ)" in text
    assert f"ระดับจากผลประเมิน: ระดับ {computed}" in text
    assert f"ระดับ {computed} {names[computed]}" not in text          # the computed level is not the headline
    assert f"ระดับ {draft}*" in text and "ระดับที่มีเครื่องหมาย * ยังไม่รับรอง" in text     # the history marks it


def test_area_pdf_in_english_says_draft(drafted, model, layers):
    ds, draft, _ = drafted
    text = _text(area_report_pdf(ds, model, layers, AREA, YEAR, lang="en"))
    assert f"Level {draft}" in text and "Certification: draft (not yet verified)" in text


def test_a_certified_year_in_the_area_pdf_says_certified(drafted, model, layers):
    ds, _, _ = drafted
    text = _text(area_report_pdf(ds, model, layers, AREA, YEAR - 1))
    assert "สถานะการรับรอง: รับรองแล้ว" in text


def test_the_deck_and_the_area_pdf_say_the_same_level(drafted, model, layers):
    ds, draft, _ = drafted
    prs = Presentation(io.BytesIO(build_deck(ds, model, layers, YEAR, province="21")))
    name = ds.areas.set_index("area_id").loc[AREA, "name_th"]
    slide = next(" ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides
                 if any(sh.has_text_frame and sh.text_frame.paragraphs[0].text == name for sh in s.shapes))
    assert f"ระดับ {draft}" in slide and "สถานะการรับรอง: ร่าง" in slide


def test_summary_pdf_counts_no_certified_level_in_a_year_none_is_certified(ds, model):
    """2568 as the demo records it (every level drafted or verified): the summary does not present them as
    certified levels; they are counted and labelled as not certified."""
    certs = demo_like(ds, model)
    text = _text(summary_report_pdf(replace(ds, certifications=certs), model, YEAR, lang="th"))
    names = ds.levels.set_index("level")["name_th"]
    now = certs.loc[certs["year"] == YEAR]
    assert not (now["status"] == "certified").any()
    assert "รับรองแล้ว ยังไม่รับรอง*" in text
    for lv in range(1, 6):
        assert f"ระดับ {lv} {names[lv]} 0 {int((now['level'] == lv).sum())}" in text
    assert f"ระดับที่มีเครื่องหมาย * ยังไม่รับรอง ({len(now)} พื้นที่)" in text


def test_summary_pdf_counts_certified_levels_as_certified(ds, model):
    certs = demo_like(ds, model)
    before = certs.loc[certs["year"] == YEAR - 1]
    text = _text(summary_report_pdf(replace(ds, certifications=certs), model, YEAR - 1, lang="en"))
    lv = int(before["level"].mode().iloc[0])
    name = ds.levels.set_index("level")["name_en"][lv]
    assert f"Level {lv} {name} {int((before['level'] == lv).sum())} 0" in text
