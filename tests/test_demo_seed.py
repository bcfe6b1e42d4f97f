"""Seeding the demo into a database, the start-up rule that fills an empty one, and clearing it, on SQLite and
PostgreSQL."""
from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from db import accounts, certification, startup
from db import records as db_records
from db.meta import read_meta
from db.notes import load_notes, save_note
from db.visits import bangkok_today, load_visits
from demo import seed
from programme import records
from tests.conftest_db import DATA_DIR
from tests.support import count, do_import, record_visit

KEYS = {"factories": ["registration_no"], "history": ["registration_no", "year"],
        "checklist": ["registration_no", "item_id"], "assessments": ["area_id", "year", "indicator_id"]}


def ensure(engine) -> bool:
    """The app's start-up: the database package's rule, with the demo's loader."""
    return startup.ensure_database(engine, DATA_DIR, seed=seed.seed_demo)


@pytest.fixture(scope="module")
def demo_factories() -> pd.DataFrame:
    return records.load_factories(DATA_DIR)


def test_seed_demo(engine):
    """One seed, several checks (seeding is the slow part): the records round-trip with the CSV loaders' dtypes,
    the certifications follow the scored levels, the demo accounts exist, the dataset loads from the database;
    seeding again replaces the demo."""
    assert accounts.list_users(engine).empty
    counts = seed.seed_demo(engine, DATA_DIR)
    rec = _check_records(engine, counts)
    certs = _check_certifications(rec, counts)
    _check_visits(engine, certs, counts)
    _check_accounts(engine)
    from_db = _check_dataset(engine, certs)
    _check_symbiosis(from_db, counts)
    _check_reseed(engine, certs, from_db, rec)


def _check_records(engine, counts) -> dict:
    rec = db_records.load_records(engine)
    loaders = {"factories": records.load_factories, "history": records.load_factory_history,
               "checklist": records.load_factory_checklist, "assessments": records.load_assessments}
    for key, loader in loaders.items():
        expected = loader(DATA_DIR).sort_values(KEYS[key], kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(rec[key], expected, check_exact=True, obj=key)
    assert counts["factories"] == len(rec["factories"]) > 4000
    meta = records.load_meta(DATA_DIR)
    assert rec["meta"]["demo"] is True and rec["meta"]["data_as_of"] == meta["data_as_of"]
    assert rec["meta"]["years"] == meta["years"]
    return rec


def _check_certifications(rec, counts) -> pd.DataFrame:
    from programme.criteria import criteria_file
    from scoring.criteria import load_criteria
    from scoring.summary import build_model

    # certifications: every year before the latest certified at the scored level; the latest half verified
    certs = rec["certifications"]
    levels = build_model(rec["assessments"], load_criteria(criteria_file(DATA_DIR))).levels
    levels = levels[levels["level"] >= 1]
    merged = certs.merge(levels, on=["area_id", "year"], suffixes=("", "_scored"), validate="one_to_one")
    assert len(merged) == len(certs) == len(levels) == counts["certifications"]
    assert (merged["level"] == merged["level_scored"]).all()
    latest = certs["year"].max()
    assert (certs.loc[certs["year"] < latest, "status"] == "certified").all()
    now = certs.loc[certs["year"] == latest, "status"]
    assert set(now) == {"verified", "draft"} and abs((now == "verified").sum() - (now == "draft").sum()) <= 1
    assert certs.loc[certs["status"] == "certified", "certified_at"].notna().all()
    assert isinstance(certs["certified_at"].dtype, pd.DatetimeTZDtype) and str(certs["certified_at"].dt.tz) == "UTC"
    return certs


def _check_visits(engine, certs, counts) -> None:
    latest = certs["year"].max()
    now = certs.loc[certs["year"] == latest, "status"]
    # every verified or certified demo level stands on a visit that meets the rule, before its verification, and
    # was certified by the committee's secretary, never by its verifier; one drafted area of the latest year has
    # a visit of too few auditors (verifying it is refused)
    from programme.verification import load_verification_rules
    from workflow.visits import check_visit, rule_for, visit_inbox
    visits, rules, today = load_visits(engine), load_verification_rules(DATA_DIR), bangkok_today()
    done = certs.loc[certs["status"].isin(["verified", "certified"])]
    assert len(done) and counts["visits"] == len(visits) == len(done) + 1
    for r in done.itertuples():
        v = visits[(r.area_id, r.year)]
        assert check_visit(v, rule_for(rules, r.year), today).ok and v["demo"] and v["end_on"] < r.verified_at.date()
    assert (done["certified_by"].dropna() == "demo-secretary").all()
    assert not (done["certified_by"] == done["verified_by"]).any()
    short = [k for k, v in visits.items() if not check_visit(v, rule_for(rules, k[1]), today).ok]
    assert len(short) == 1 and short[0][1] == latest and len(visits[short[0]]["team"]) == 2
    assert certs.set_index(["area_id", "year"]).loc[short[0], "status"] == "draft"
    queue = visit_inbox(certs, visits, rules, today)                 # every latest draft awaits its visit
    assert len(queue) == (now == "draft").sum() and short[0] in {(i.area_id, i.year) for i in queue}


def _check_accounts(engine) -> None:
    # demo accounts, with the demo only
    staff = accounts.authenticate(engine, "demo-staff", "demo")
    admin = accounts.authenticate(engine, "demo-admin", "demo")
    assert staff.role == "staff" and admin.role == "admin"
    assert staff.can("import") and not staff.can("accounts") and admin.can("accounts")
    group = accounts.authenticate(engine, "demo-wg-rayong", "demo")      # the two Rayong areas' working group
    assert group.role == "working_group" and group.areas == ("ryg-irpc", "ryg-mtp")
    assert group.can("submit", "ryg-mtp") and not group.can("submit", "pte-bangkadi") and not group.can("import")
    assert {accounts.authenticate(engine, n, "demo").role for n in ("demo-auditor", "demo-secretary")} == {
        "auditor", "secretary"}


def _check_dataset(engine, certs):
    from db.snapshot import load_dataset_from_db
    from programme.dataset import load_dataset

    # the dashboard's Dataset from the database equals the CSV one
    from_db, from_csv = load_dataset_from_db(DATA_DIR, engine), load_dataset(DATA_DIR)
    for key in ("factories", "history", "checklist", "assessments"):
        a = getattr(from_db, key)
        b = getattr(from_csv, key).sort_values(KEYS[key], kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, obj=key)
    assert from_db.is_demo and len(from_db.certifications) == len(certs)
    pd.testing.assert_frame_equal(from_db.areas, from_csv.areas)
    return from_db


def _check_symbiosis(from_db, counts) -> None:
    # the symbiosis demo: in the database as in its files, read into the snapshot
    from demo.symbiosis import demo_frames
    files = demo_frames(DATA_DIR, records.load_factories(DATA_DIR))
    reg = from_db.symbiosis
    assert counts["exchanges"] == len(reg.exchanges) == len(files["exchanges"]) > 100
    assert counts["material_flows"] == len(reg.flows) and counts["parties"] == len(reg.parties)
    assert len(reg.history) == len(files["history"]) and set(reg.exchanges["status"]) <= set(reg.vocab.statuses)


def _check_reseed(engine, certs, from_db, rec) -> None:
    # seeding again replaces the demo rows and keeps every row a person wrote: a re-draft over a demo record, a
    # new record, their log rows and a note over a demo note
    demo_area, demo_year = certs.loc[0, "area_id"], int(certs.loc[0, "year"])
    note_area, note_year = from_db.notes.loc[0, "area_id"], int(from_db.notes.loc[0, "year"])
    with engine.begin() as conn:
        # (a certified level: a new draft over it is the committee's, by its secretary)
        certification.set_certification(conn, demo_area, demo_year, 2, "draft", "demo-secretary", note="ของจริง")
        certification.set_certification(conn, demo_area, 2599, 1, "draft", "demo-staff")
        save_note(conn, note_area, note_year, "ปัญหาจริง", "ข้อเสนอจริง", "demo-staff")
    seed.seed_demo(engine, DATA_DIR)
    after = db_records.certifications(engine).set_index(["area_id", "year"])
    assert len(after) == len(certs) + 1
    assert after.loc[(demo_area, demo_year), "note"] == "ของจริง" and after.loc[(demo_area, demo_year), "level"] == 2
    assert after.loc[(demo_area, 2599), "status"] == "draft"
    log = certification.certification_history(engine)
    mine = log[log["note"] != "demo"]
    assert sorted(zip(mine["year"], mine["note"])) == [(demo_year, "ของจริง"), (2599, "")]
    assert not ((log["area_id"] == demo_area) & (log["year"] == demo_year) & (log["note"] == "demo")).any()
    notes = load_notes(engine).set_index(["area_id", "year"])
    assert notes.loc[(note_area, note_year), "problems"] == "ปัญหาจริง" and len(notes) == len(from_db.notes)
    from demo.seed import DEMO_USERS
    assert sorted(accounts.list_users(engine)["username"]) == sorted(u for u, _, _ in DEMO_USERS)
    pd.testing.assert_frame_equal(db_records.load_records(engine)["factories"], rec["factories"])


def test_ensure_database_seeds_an_empty_database_only(engine, placer, upload_root, demo_factories, monkeypatch):
    assert ensure(engine) is True
    assert count(engine, "factories") == len(demo_factories)
    assert ensure(engine) is False       # not empty any more
    with engine.begin() as conn:                             # empty the records but leave an import behind
        for t in ("certification_log", "certifications", "factory_checklist", "factory_history", "factories",
                  "assessments"):
            conn.execute(sa.text(f"DELETE FROM {t}"))
    do_import(engine, b"not a table", placer, upload_root, filename="x.pdf")
    assert ensure(engine) is False       # an import happened: never reseed
    assert count(engine, "factories") == 0
    with pytest.raises(startup.NotEmptyError):
        seed.seed_demo(engine, DATA_DIR)


def _people_write(engine, area_id="ryg-mtp", year=2568):
    """What the first real users do: an admin (made at the shell), a staff account, a certification moved two
    steps and a note.  Returns what a later start must keep."""
    from db.accounts import create_user, operator_name
    create_user(engine, "boss", "long-enough-passphrase", "admin", by=operator_name("root"))
    create_user(engine, "somchai", "long-enough-passphrase", "staff", by="boss")
    create_user(engine, "audit1", "long-enough-passphrase", "auditor", by="boss")
    with engine.begin() as conn:
        certification.set_certification(conn, area_id, year, 3, "draft", "somchai", note="ร่างจริง")
    record_visit(engine, area_id, year, lead="audit1")                  # (over the demo's visit, if any)
    with engine.begin() as conn:
        certification.set_certification(conn, area_id, year, 3, "verified", "somchai")
        save_note(conn, area_id, year, "ปัญหาจริง", "ข้อเสนอจริง", "somchai")
    return _written(engine)


def _records(f: pd.DataFrame) -> list[dict]:
    return f.astype(object).where(f.notna(), None).to_dict("records")


def _written(engine):
    return (_records(db_records.certifications(engine)),
            _records(certification.certification_history(engine).drop(columns="id")),
            _records(load_notes(engine)),
            sorted(accounts.list_users(engine)["username"]),
            sorted((a, y, v["demo"], len(v["team"])) for (a, y), v in load_visits(engine).items()))


def test_a_production_database_is_never_seeded(engine, monkeypatch):
    """``EIT_DEMO=0 python -m store init``, then an admin, a certification and a note, no factories yet: no later
    start (app, reports, seed-demo, clear-demo), whatever EIT_DEMO says then, adds the demo or deletes a row."""
    monkeypatch.setenv("EIT_DEMO", "0")
    assert startup.open_database(engine) is False                     # recorded at creation
    assert ensure(engine) is False
    written = _people_write(engine)
    monkeypatch.setenv("EIT_DEMO", "1")                             # the next start without EIT_DEMO=0
    assert ensure(engine) is False
    assert startup.open_database(engine) is False and not startup.is_demo_database(engine)
    with pytest.raises(startup.ProductionDatabaseError, match="production database") as refused:
        seed.seed_demo(engine, DATA_DIR)
    assert "ฐานข้อมูลใช้งานจริง" in str(refused.value)
    with pytest.raises(startup.ProductionDatabaseError, match="ฐานข้อมูลใช้งานจริง"):
        seed.clear_demo(engine)
    assert count(engine, "factories") == count(engine, "assessments") == 0
    assert _written(engine) == written and len(written[1]) == 2 and written[3] == ["audit1", "boss", "somchai"]
    assert written[4] == [("ryg-mtp", 2568, False, 3)]


def test_a_database_from_before_the_marker_is_told_by_what_it_holds(db_url, monkeypatch):
    """No ``demo_database`` yet (a database made before it existed): real rows make it production, the demo's
    meta makes it a demo database, nothing at all leaves it to EIT_DEMO."""
    from db.engine import get_engine
    from db.meta import write_meta
    monkeypatch.setenv("EIT_DEMO", "1")
    engine = get_engine(db_url)
    try:
        with engine.connect() as conn:
            assert "demo_database" not in read_meta(conn)            # the fixture only migrated
        written = _people_write(engine)
        assert ensure(engine) is False
        assert count(engine, "factories") == 0 and _written(engine) == written
        with engine.connect() as conn:
            assert read_meta(conn)["demo_database"] is False

        with engine.begin() as conn:                                # a database holding the demo, from before
            conn.execute(sa.text("DELETE FROM meta"))
            write_meta(conn, demo=True)
        assert startup.open_database(engine) is True
    finally:
        engine.dispose()


def test_ensure_database_respects_eit_demo_off(engine, monkeypatch):
    monkeypatch.setenv("EIT_DEMO", "0")
    assert ensure(engine) is False
    assert count(engine, "factories") == 0


# --------------------------------------------------------------------------------------------- clearing

def test_clear_demo_empties_the_database_and_it_stays_empty(engine, monkeypatch):
    from db.accounts import authenticate
    from db.records import load_records
    from db.startup import is_empty
    from demo.seed import clear_demo, seed_demo

    monkeypatch.setenv("EIT_DEMO", "1")
    seed_demo(engine, DATA_DIR)
    assert authenticate(engine, "demo-staff", "demo") is not None
    counts = clear_demo(engine)
    assert counts["factories"] > 4000 and counts["exchanges"] > 100 and count(engine, "material_flows") == 0
    assert is_empty(engine) and authenticate(engine, "demo-staff", "demo") is None
    assert ensure(engine) is False  # not refilled with the demo on the next start
    rec = load_records(engine)
    assert rec["factories"].empty and rec["meta"]["demo"] is False
    assert not startup.is_demo_database(engine)
    with pytest.raises(startup.ProductionDatabaseError):  # now a production database
        seed_demo(engine, DATA_DIR)


def test_clear_demo_keeps_what_people_wrote(engine, monkeypatch):
    """Staff certified and wrote a note in the demo database (over a demo record and on a new area-year): clearing
    removes the demo rows only, and counts only those."""
    monkeypatch.setenv("EIT_DEMO", "1")
    seed.seed_demo(engine, DATA_DIR)
    demo_certs = db_records.certifications(engine)
    demo_log = certification.certification_history(engine)
    demo_notes = load_notes(engine)
    over = demo_notes.iloc[0]                                       # a demo note, and a demo record too
    assert ((demo_certs["area_id"] == over["area_id"]) & (demo_certs["year"] == over["year"])).any()
    written = _people_write(engine, over["area_id"], int(over["year"]))
    with engine.begin() as conn:
        certification.set_certification(conn, "ryg-mtp", 2599, 1, "draft", "somchai")
    counts = seed.clear_demo(engine)
    assert counts["certifications"] == len(demo_certs) - 1          # the record staff re-drafted is theirs now
    assert counts["certification_log"] == len(demo_log) and counts["area_notes"] == len(demo_notes) - 1
    certs = db_records.certifications(engine).sort_values("year").reset_index(drop=True)
    assert list(certs["year"]) == [int(over["year"]), 2599]
    assert certs.loc[0, "drafted_by"] == "somchai" and certs.loc[0, "status"] == "verified"
    log = certification.certification_history(engine)
    assert list(log["username"]) == ["somchai"] * 3 and "demo" not in set(log["note"])
    assert _records(load_notes(engine)) == [n for n in written[2] if n["updated_by"] == "somchai"]
    assert sorted(accounts.list_users(engine)["username"]) == ["audit1", "boss", "somchai"]
    assert load_visits(engine).keys() == {(over["area_id"], int(over["year"]))}   # the demo's visits are gone
    assert count(engine, "factories") == 0
