"""Reading the symbiosis register from the database: parties, material flows, exchanges and their status
history as the frames of :mod:`symbiosis.register` (text NULLs read as '', ``area_id`` NA when blank, numbers as
float, years as int), each sorted by its key."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from common.errors import Refused
from db.schema import exchange_status_history, exchanges, material_flows, parties
from programme.symbiosis import load_vocabulary
from symbiosis.register import (
    BENEFIT_COLUMNS,
    EXCHANGE_COLUMNS,
    FLOW_COLUMNS,
    FLOW_KEY,
    HISTORY_COLUMNS,
    PARTY_COLUMNS,
    Register,
)
from symbiosis.vocab import Vocabulary


def _frame(conn: Connection, table: sa.Table, columns: list[str], keys: list[str], floats=(), ints=()) -> pd.DataFrame:
    rows = conn.execute(sa.select(*(table.c[c] for c in columns))).all()
    f = pd.DataFrame([tuple(r) for r in rows], columns=columns, dtype=object)
    for c in columns:
        if c in floats:
            f[c] = pd.to_numeric(f[c], errors="coerce").astype("float64")
        elif c in ints:
            f[c] = pd.to_numeric(f[c]).astype("int64")
        elif c == "area_id":
            f[c] = f[c].where(f[c].notna() & (f[c] != ""), None).astype(object)
        else:
            f[c] = f[c].where(f[c].notna(), "").astype(str)
    return f.sort_values(keys, kind="stable").reset_index(drop=True)


def load_parties(conn: Connection) -> pd.DataFrame:
    return _frame(conn, parties, PARTY_COLUMNS, ["party_id"], floats=("lat", "lon"))


def load_flows(conn: Connection) -> pd.DataFrame:
    return _frame(conn, material_flows, FLOW_COLUMNS, FLOW_KEY, floats=("quantity",), ints=("year",))


def load_exchanges(conn: Connection) -> pd.DataFrame:
    return _frame(conn, exchanges, EXCHANGE_COLUMNS, ["exchange_id"], floats=("quantity", *BENEFIT_COLUMNS),
                  ints=("year",))


def load_history(conn: Connection) -> pd.DataFrame:
    return _frame(conn, exchange_status_history, HISTORY_COLUMNS, ["exchange_id", "changed_on"])


def load_register(engine: Engine, data_dir: Path | str | None = None, vocab: Vocabulary | None = None) -> Register:
    """The whole register in one read (four statements), with the vocabulary of ``data_dir`` (or ``vocab``)."""
    if vocab is None:
        from common.settings import data_dir as default_data_dir
        vocab = load_vocabulary(data_dir or default_data_dir())
    with engine.connect() as conn:
        return Register(parties=load_parties(conn), flows=load_flows(conn), exchanges=load_exchanges(conn),
                        history=load_history(conn), vocab=vocab)


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return all(conn.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first() is None
                   for t in (parties, material_flows, exchanges))


def next_exchange_id(conn: Connection, area_id: str | None) -> str:
    """A new exchange id ``EX-<area>-NNN`` (or ``EX-NNN`` without an area), one above the highest in use."""
    prefix = f"EX-{area_id}-" if area_id else "EX-"
    used = conn.execute(sa.select(exchanges.c.exchange_id).where(exchanges.c.exchange_id.like(f"{prefix}%"))).scalars()
    numbers = [int(tail) for e in used if (tail := e[len(prefix):]).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def promote_candidate(conn: Connection, candidate, year: int, username: str, visibility: str = "area",
                      exchange_id: str | None = None) -> str:
    """Record a candidate exchange (a row of :func:`symbiosis.matching.candidates`) as an *identified* exchange
    of its giver's area in Buddhist-era ``year``, visible to staff by default; returns its id. ``username`` must
    be an active account whose role may write the register (action ``import``: Eco Center staff, admins) now
    (:func:`db.accounts.require_account`, AccountRefused otherwise).
    The status is dated today, or, for a candidate of a past year (found in that year's flow records), the
    last day of that year, so that the exchange shows in that year's views; the note says who promoted it and
    when. Refuses (ValueError, Thai and English) a pair that already has an exchange of the same material."""
    import datetime as dt

    from common.years import bangkok_today, to_ce
    from db.accounts import require_account
    c = dict(candidate)
    require_account(conn, username, "import", c.get("from_area_id") or c.get("to_area_id") or None)
    if c["from_party"] == c["to_party"]:
        raise Refused(th="ผู้ให้และผู้รับต้องเป็นคนละราย", en="an exchange needs two different parties")
    same = conn.execute(sa.select(exchanges.c.exchange_id).where(
        (exchanges.c.from_party == c["from_party"]) & (exchanges.c.to_party == c["to_party"])
        & (exchanges.c.material_th == c["material_th"]))).first()
    if same is not None:
        raise Refused(th=f"การแลกเปลี่ยนนี้บันทึกไว้แล้ว ({same[0]})", en=f"this exchange is already recorded as {same[0]}")
    today = bangkok_today()
    ce = to_ce(int(year))
    on = min(max(today, dt.date(ce, 1, 1)), dt.date(ce, 12, 31)).isoformat()
    area_id = c.get("from_area_id") or c.get("to_area_id") or None
    eid = exchange_id or next_exchange_id(conn, area_id)
    quantity = c.get("quantity")
    conn.execute(exchanges.insert().values(
        exchange_id=eid, from_party=c["from_party"], to_party=c["to_party"], area_id=area_id, year=int(year),
        category=c.get("category") or "material", material_class=c.get("material_class") or None,
        material_th=c["material_th"], material_en=c.get("material_en") or None, waste_code=c.get("waste_code") or None,
        quantity=None if quantity is None or pd.isna(quantity) else float(quantity), unit=c.get("unit") or None,
        status="identified", status_on=on, source="mfa_survey", visibility=visibility,
        note=f"promoted from a candidate by {username} on {today.isoformat()}: {c.get('reason_en', '')}"[:2000]))
    conn.execute(exchange_status_history.insert().values(exchange_id=eid, status="identified", changed_on=on))
    return eid


def change_counters() -> list:
    """Scalar subqueries that change whenever an exchange or a status change is added or removed (row counts of
    ``exchanges`` and ``exchange_status_history``), for :func:`db.snapshot.data_version`. Imports change the
    import id anyway; a writer that only edits a row in place must also add a history row."""
    return [sa.select(sa.func.count()).select_from(t).scalar_subquery() for t in (exchanges, exchange_status_history)]
