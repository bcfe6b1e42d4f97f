"""Bulk upserts of the records on SQLite and PostgreSQL (fixture ``db_url``, see tests/conftest_db.py): counts,
columns kept, defaults, duplicate keys."""
from __future__ import annotations

import pandas as pd
import pytest

from db import bulk
from db import records as db_records
from programme import records
from tests.conftest_db import DATA_DIR
from tests.support import count

KEYS = {"factories": ["registration_no"], "history": ["registration_no", "year"],
        "checklist": ["registration_no", "item_id"], "assessments": ["area_id", "year", "indicator_id"]}


@pytest.fixture(scope="module")
def demo_factories() -> pd.DataFrame:
    return records.load_factories(DATA_DIR)


def test_upsert_counts_and_keeps_columns_the_rows_do_not_carry(engine, demo_factories):
    demo = demo_factories.head(20)
    with engine.begin() as conn:
        assert bulk.upsert_factories(conn, demo) == {"inserted": 20, "updated": 0, "unchanged": 0}
    registry_cols = ["registration_no", "name_th", "lat", "lon", "status", "workers"]
    changed = demo[registry_cols].copy()
    changed.loc[[0, 1], "workers"] = changed.loc[[0, 1], "workers"].fillna(0) + 1000
    with engine.begin() as conn:
        assert bulk.upsert_factories(conn, changed) == {"inserted": 0, "updated": 2, "unchanged": 18}
    with engine.begin() as conn:
        assert bulk.upsert_factories(conn, changed) == {"inserted": 0, "updated": 0, "unchanged": 20}
    got = db_records.load_records(engine)["factories"].set_index("registration_no")
    want = demo.set_index("registration_no")
    assert (got.loc[want.index, "gi_level"] == want["gi_level"]).all()           # not in the rows: kept
    assert (got.loc[want.index, "developed"] == want["developed"]).all()
    assert (got.loc[changed["registration_no"][:2], "workers"].to_numpy()
            == changed["workers"][:2].to_numpy()).all()


def test_upsert_of_a_new_registry_factory_gets_defaults_and_no_area(engine):
    row = pd.DataFrame({"registration_no": ["3-105-1/68ปท"], "name_th": ["บริษัท ก จำกัด"], "lat": [float("nan")],
                        "lon": [float("nan")], "area_id": [None], "factory_class": pd.array([pd.NA], "Int64"),
                        "status": pd.array([1], "Int64")})
    with engine.begin() as conn:
        bulk.upsert_factories(conn, row)
    f = db_records.load_records(engine)["factories"]
    assert f.loc[0, "gi_level"] == 0 and not f.loc[0, "developed"] and pd.isna(f.loc[0, "area_id"])
    assert f["factory_class"].dtype == "Int64" and pd.isna(f.loc[0, "factory_class"]) and f.loc[0, "fid"] == ""


def test_upsert_refuses_duplicate_keys(engine, demo_factories):
    rows = pd.concat([demo_factories.head(2), demo_factories.head(1)])
    with pytest.raises(ValueError, match="duplicate"), engine.begin() as conn:
        bulk.upsert_factories(conn, rows)
    assert count(engine, "factories") == 0


def test_upsert_assessments_by_area_year_indicator(engine):
    a = records.load_assessments(DATA_DIR).head(50)
    with engine.begin() as conn:
        assert bulk.upsert_assessments(conn, a) == {"inserted": 50, "updated": 0, "unchanged": 0}
    b = a.copy()
    i, j = a.index[a["value"].notna()][:2]
    b.loc[i, "value"] = a.loc[i, "value"] + 1
    b.loc[j, "value"] = float("nan")                      # a result withdrawn: becomes missing
    with engine.begin() as conn:
        assert bulk.upsert_assessments(conn, b) == {"inserted": 0, "updated": 2, "unchanged": 48}
    got = db_records.load_records(engine)["assessments"]
    pd.testing.assert_frame_equal(got, b.sort_values(KEYS["assessments"]).reset_index(drop=True))
