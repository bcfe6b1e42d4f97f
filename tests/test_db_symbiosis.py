"""The symbiosis tables on SQLite and PostgreSQL (fixture ``db_url``, see tests/conftest_db.py): round trip through
the bulk upserts, the status history, a party that cannot exchange with itself."""
from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from db import bulk
from tests.conftest_db import DATA_DIR
from tests.support import count


def _exchange(eid: str, **kw) -> dict:
    from symbiosis.register import EXCHANGE_COLUMNS
    row = dict.fromkeys(EXCHANGE_COLUMNS, None)
    row.update(exchange_id=eid, from_party="ce-a", to_party="ce-b", area_id="ryg-mtp", year=2566, category="waste",
               material_th="เถ้าลอย <b>", waste_code="10 01 02", quantity=120.5, unit="t", status="operating",
               status_on="2024-02-01", visibility="public", co2e_avoided_t=12.0)
    row.update(kw)
    return row


def test_symbiosis_tables_round_trip_and_a_history_change_counts_as_an_update(engine):
    from db.symbiosis import load_register
    parties = pd.DataFrame([["ce-a", "community_enterprise", "วิสาหกิจ <script>", "A", "ryg-mtp", 12.7, 101.1, ""],
                            ["ce-b", "farm", "ฟาร์ม", "B", None, 12.8, 101.2, ""]],
                           columns=["party_id", "kind", "name_th", "name_en", "area_id", "lat", "lon", "note"])
    ex = pd.DataFrame([_exchange("EX-1")])
    hist = pd.DataFrame([("EX-1", "identified", "2023-01-05"), ("EX-1", "operating", "2024-02-01")],
                        columns=["exchange_id", "status", "changed_on"])
    with engine.begin() as conn:
        assert bulk.upsert_parties(conn, parties) == {"inserted": 2, "updated": 0, "unchanged": 0}
        assert bulk.upsert_exchanges(conn, ex, hist) == {"inserted": 1, "updated": 0, "unchanged": 0}
    with engine.begin() as conn:
        assert bulk.upsert_exchanges(conn, ex, hist) == {"inserted": 0, "updated": 0, "unchanged": 1}
    fewer = hist.iloc[[1]]
    with engine.begin() as conn:
        assert bulk.upsert_exchanges(conn, ex, fewer) == {"inserted": 0, "updated": 1, "unchanged": 0}
    reg = load_register(engine, DATA_DIR)
    assert reg.parties["name_th"].tolist() == ["วิสาหกิจ <script>", "ฟาร์ม"]          # stored verbatim
    assert reg.parties["area_id"].isna().tolist() == [False, True]
    assert reg.exchanges.loc[0, "material_th"] == "เถ้าลอย <b>" and reg.exchanges.loc[0, "quantity"] == 120.5
    assert reg.history[["status", "changed_on"]].values.tolist() == [["operating", "2024-02-01"]]
    assert reg.vocab.statuses[3] == "operating"
    with engine.begin() as conn:                                         # the history goes with its exchange
        conn.execute(sa.text("DELETE FROM exchanges"))
    assert count(engine, "exchange_status_history") == 0


def test_an_exchange_from_a_party_to_itself_is_refused_by_the_database(engine):
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        bulk.upsert_exchanges(conn, pd.DataFrame([_exchange("EX-2", to_party="ce-a")]),
                              pd.DataFrame(columns=["exchange_id", "status", "changed_on"]))
