"""The executive summary page (pages/summary.py) through Streamlit's AppTest: certified levels are counted apart
from the levels only drafted, verified or computed, and those say they are not certified."""
from __future__ import annotations

import pytest

from tests.appserver import ROOT
from tests.markdown_check import as_text
from tests.pagetest import module_database, run

app_database = module_database("pages_summary")


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


@pytest.fixture(scope="module")
def on_record(app_database):
    """The levels on record of the demo database (scoring.certified), after the first page run filled it."""
    from db.engine import get_engine
    from db.snapshot import load_dataset_from_db
    from scoring.certified import levels_on_record
    from scoring.summary import build_model

    run(year=2568)
    engine = get_engine(app_database)
    ds = load_dataset_from_db(ROOT / "data", engine)
    engine.dispose()
    return levels_on_record(build_model(ds.assessments, ds.criteria).levels, ds.certifications)


def test_no_level_of_2568_is_presented_as_certified_when_none_is(on_record):
    now = on_record.loc[on_record["year"] == 2568]
    assert len(now) and not (now["status"] == "certified").any()     # the demo: drafted or verified, none certified
    at = run("pages/summary.py", year=2568)
    m = metrics(at)
    for lv in range(1, 6):
        assert f"ระดับ {lv}" not in m                                  # no bare "level n: count"
        assert m[f"ระดับ {lv} · รับรองแล้ว"] == "0"
        assert m[f"ระดับ {lv} · ยังไม่รับรอง*"] == str(int(((now["level"] == lv)).sum()))
    captions = " ".join(as_text(c.value) for c in at.caption)
    assert f"ระดับที่มีเครื่องหมาย * ยังไม่รับรอง ({int((now['level'] >= 1).sum())} พื้นที่)" in captions


def test_certified_levels_of_2567_are_counted_as_certified(on_record):
    before = on_record.loc[(on_record["year"] == 2567) & (on_record["status"] == "certified")]
    m = metrics(run("pages/summary.py", year=2567, lang="en"))
    for lv in range(1, 6):
        assert m[f"Level {lv} · certified"] == str(int((before["level"] == lv).sum()))
