"""Seeding the demo into a database, the start-up rule that fills an empty one, and clearing it, on SQLite and
PostgreSQL."""
from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from db import accounts, certification
from db import records as db_records
from demo import seed
from demo.seed import ensure_database
from programme import records
from tests.conftest_db import DATA_DIR
from tests.support import count, do_import

KEYS = {"factories": ["registration_no"], "history": ["registration_no", "year"],
        "checklist": ["registration_no", "item_id"], "assessments": ["area_id", "year", "indicator_id"]}


@pytest.fixture(scope="module")
def demo_factories() -> pd.DataFrame:
    return records.load_factories(DATA_DIR)


def test_seed_demo(engine):
    """One seed, several checks (seeding is the slow part): the records round-trip with the CSV loaders' dtypes,
    the certifications follow the scored levels, the demo accounts exist, the dataset loads from the database;
    seeding again replaces the demo."""
    from db.snapshot import load_dataset_from_db
    from programme.criteria import criteria_file
    from programme.dataset import load_dataset
    from scoring.criteria import load_criteria
    from scoring.summary import build_model

    assert accounts.list_users(engine).empty
    counts = seed.seed_demo(engine, DATA_DIR)
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

    # demo accounts, with the demo only
    staff = accounts.authenticate(engine, "demo-staff", "demo")
    admin = accounts.authenticate(engine, "demo-admin", "demo")
    assert staff.role == "staff" and admin.role == "admin"
    assert staff.can("import") and not staff.can("accounts") and admin.can("accounts")

    # the dashboard's Dataset from the database equals the CSV one
    from_db, from_csv = load_dataset_from_db(DATA_DIR, engine), load_dataset(DATA_DIR)
    for key in ("factories", "history", "checklist", "assessments"):
        a = getattr(from_db, key)
        b = getattr(from_csv, key).sort_values(KEYS[key], kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, obj=key)
    assert from_db.is_demo and len(from_db.certifications) == len(certs)
    pd.testing.assert_frame_equal(from_db.areas, from_csv.areas)

    # the symbiosis demo: in the database as in its files, read into the snapshot
    from demo.symbiosis import demo_frames
    files = demo_frames(DATA_DIR, records.load_factories(DATA_DIR))
    reg = from_db.symbiosis
    assert counts["exchanges"] == len(reg.exchanges) == len(files["exchanges"]) > 100
    assert counts["material_flows"] == len(reg.flows) and counts["parties"] == len(reg.parties)
    assert len(reg.history) == len(files["history"]) and set(reg.exchanges["status"]) <= set(reg.vocab.statuses)

    # seeding again replaces the demo (a staff change is undone) and keeps one set of demo users
    with engine.begin() as conn:
        certification.set_certification(conn, certs.loc[0, "area_id"], 2599, 1, "draft", "demo-staff")
    seed.seed_demo(engine, DATA_DIR)
    assert len(db_records.certifications(engine)) == len(certs)
    assert sorted(accounts.list_users(engine)["username"]) == ["demo-admin", "demo-staff"]
    pd.testing.assert_frame_equal(db_records.load_records(engine)["factories"], rec["factories"])


def test_ensure_database_seeds_an_empty_database_only(engine, placer, upload_root, demo_factories, monkeypatch):
    assert ensure_database(engine, DATA_DIR) is True
    assert count(engine, "factories") == len(demo_factories)
    assert ensure_database(engine, DATA_DIR) is False       # not empty any more
    with engine.begin() as conn:                             # empty the records but leave an import behind
        for t in ("certification_log", "certifications", "factory_checklist", "factory_history", "factories",
                  "assessments", "meta"):
            conn.execute(sa.text(f"DELETE FROM {t}"))
    do_import(engine, b"not a table", placer, upload_root, filename="x.pdf")
    assert ensure_database(engine, DATA_DIR) is False       # an import happened: never reseed
    assert count(engine, "factories") == 0
    with pytest.raises(seed.NotEmptyError):
        seed.seed_demo(engine, DATA_DIR)


def test_ensure_database_respects_eit_demo_off(engine, monkeypatch):
    monkeypatch.setenv("EIT_DEMO", "0")
    assert ensure_database(engine, DATA_DIR) is False
    assert count(engine, "factories") == 0


# --------------------------------------------------------------------------------------------- upserts

def test_clear_demo_empties_the_database_and_it_stays_empty(engine):
    from db.accounts import authenticate
    from db.records import load_records
    from demo.seed import clear_demo, ensure_database, is_empty, seed_demo

    seed_demo(engine, DATA_DIR)
    assert authenticate(engine, "demo-staff", "demo") is not None
    counts = clear_demo(engine)
    assert counts["factories"] > 4000 and counts["exchanges"] > 100 and count(engine, "material_flows") == 0
    assert is_empty(engine) and authenticate(engine, "demo-staff", "demo") is None
    assert ensure_database(engine, DATA_DIR) is False  # not refilled with the demo on the next start
    rec = load_records(engine)
    assert rec["factories"].empty and rec["meta"]["demo"] is False
