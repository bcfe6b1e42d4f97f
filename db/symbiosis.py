"""Reading the symbiosis register from the database: parties, material flows, exchanges and their status
history as the frames of :mod:`symbiosis.register` (text NULLs read as '', ``area_id`` NA when blank, numbers as
float, years as int), each sorted by its key."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

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
