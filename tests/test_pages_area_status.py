"""The area page (pages/area.py) through Streamlit's AppTest: its headline reads the level on record with its
certification status (scoring.area_facts), like the national table, the deck and presentation mode."""
from __future__ import annotations

import pytest

from tests.appserver import ROOT
from tests.markdown_check import as_text
from tests.pagetest import module_database, run

app_database = module_database("pages_area")
AREA, YEAR = "ryg-mtp", 2568


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


@pytest.fixture(scope="module")
def drafted(app_database) -> tuple[int, int]:
    """A draft level recorded for the area and year that differs from the computed one: (draft, computed)."""
    from db.certification import set_certification
    from db.engine import get_engine
    from db.snapshot import load_dataset_from_db
    from scoring.summary import build_model, level_in

    run(year=YEAR)                                  # the first page run fills the fresh database with the demo
    engine = get_engine(app_database)
    ds = load_dataset_from_db(ROOT / "data", engine)
    computed = level_in(build_model(ds.assessments, ds.criteria), AREA, YEAR)
    draft = 1 if computed != 1 else 2
    with engine.begin() as conn:
        set_certification(conn, AREA, YEAR, draft, "draft", "demo-staff", note="test")
    engine.dispose()
    return draft, computed


def test_the_headline_reads_the_drafted_level_with_its_status_not_the_computed_one(drafted):
    draft, computed = drafted
    at = run("pages/area.py", area=AREA, year=YEAR)
    m = metrics(at)
    assert m["ระดับ"] == str(draft)
    assert m["สถานะการรับรอง"] == "ร่าง"
    captions = " ".join(as_text(c.value) for c in at.caption)
    assert f"ระดับจากผลประเมินปีนี้: ระดับ {computed}" in captions
    svg = next(m.value for m in at.markdown if 'id="level-history"' in m.value)
    assert f">{draft}*</text>" in svg                 # the history marks the year not certified
    assert "ระดับที่มีเครื่องหมาย * ยังไม่รับรอง" in captions


def test_the_headline_in_english_says_draft(drafted):
    draft, _ = drafted
    m = metrics(run("pages/area.py", area=AREA, year=YEAR, lang="en"))
    assert m["Level"] == str(draft) and m["Certification status"] == "Draft"


def test_a_certified_year_says_certified_and_carries_no_mark(drafted):
    m = metrics(run("pages/area.py", area=AREA, year=YEAR - 1))
    assert m["สถานะการรับรอง"] == "รับรองแล้ว"
