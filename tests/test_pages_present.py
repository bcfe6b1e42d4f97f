"""Presentation mode: stepping through the filter, and the level filter meaning the level on record."""


from tests.appserver import ROOT
from tests.markdown_check import as_text
from tests.pagetest import html, run, shared_database

app_database = shared_database()


def test_presentation_mode_steps_through_the_filter():
    at = run("pages/present.py", year=2564, province=21, i=1)
    first = at.title[0].value
    assert "ระยอง" in first
    assert any("1 จาก 2" in str(p.proto) for p in at.get("progress"))
    at.button[1].click().run()  # next
    assert not at.exception
    second = at.title[0].value
    assert second != first and "ระยอง" in second
    assert at.button[1].disabled  # last area: no next


def test_level_filter_means_the_level_on_record_on_the_national_page_and_in_presentation_mode(own_database):
    """One certification rule (scoring.certified): an area drafted at a level other than its computed one is
    found under that level by ?level= on / and on /present alike."""
    from db.certification import set_certification
    from db.engine import get_engine
    from db.snapshot import load_dataset_from_db
    from scoring.summary import build_model

    run(year=2568)                                   # the first page run opens the test's own database
    engine = get_engine(own_database)
    ds = load_dataset_from_db(ROOT / "data", engine)
    levels = build_model(ds.assessments, ds.criteria).levels
    computed = int(levels.loc[(levels["area_id"] == "ryg-mtp") & (levels["year"] == 2568), "level"].iloc[0])
    other = 1 if computed != 1 else 2
    with engine.begin() as conn:
        set_certification(conn, "ryg-mtp", 2568, other, "draft", "demo-staff", note="test")
    engine.dispose()
    names = ds.areas.set_index("area_id")["name_th"]

    national = run(year=2568, province=21, level=other)
    on_national = {a for a in names.index if f"area={a}" in html(national)}
    assert "ryg-mtp" in on_national
    in_present, i = set(), 1
    while True:
        at = run("pages/present.py", year=2568, province=21, level=other, i=i)
        in_present.add(names[names == as_text(at.title[0].value)].index[0])
        if len(in_present) >= len(on_national) or i > 10:
            break
        i += 1
    assert in_present == on_national
