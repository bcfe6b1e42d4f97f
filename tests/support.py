"""Shared helpers of the database, importer and command-line tests: registry rows in the Ministry of
Industry format, CSV bytes, row counts."""
from __future__ import annotations

import csv
import io

import pandas as pd
import sqlalchemy as sa

from ingest import importer
from tests.conftest_db import DATA_DIR

MOI_HEADER = ["FACREG", "DISPFACREG", "FID", "FACTYPE", "FNAME", "ISIC_CODE", "LAT", "LNG", "FFLAG", "TOTAL_WORKER",
              "LAST_UPDATE"]



def moi_rows(demo: pd.DataFrame, n: int, start: int = 0, workers: int = 10) -> list[list[str]]:
    """``n`` valid rows in the Ministry of Industry open-data format, at the places of demo factories."""
    rows = []
    for i in range(start, start + n):
        f = demo.iloc[i]
        reg = f"3-105-{i + 1}/68ปท"
        rows.append(["", reg, f"3130{i + 1:010d}", "3-105", f"บริษัท ทดสอบ {i + 1} จำกัด", "38302",
                     f"{f['lat']:.5f}", f"{f['lon']:.5f}", "1", str(workers + i), "2568-09-30"])
    return rows


def csv_bytes(rows: list[list[str]], header=MOI_HEADER) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one()


def account(engine, name: str = "tester", role: str = "staff") -> str:
    """An active account ``name`` with ``role`` (created by the shell operator if missing); its name."""
    from db.accounts import create_user, get_user, operator_name
    if get_user(engine, name) is None:
        create_user(engine, name, "long-enough-passphrase", role, by=operator_name("tests"))
    return name


def do_import(engine, data, placer, upload_root, **kw):
    kw.setdefault("filename", "factories.csv")
    return importer.import_factories(engine, data, kw.pop("filename"), account(engine), DATA_DIR, placer=placer,
                                     upload_root=upload_root, **kw)




def results_csv(rows: list[list[str]]) -> bytes:
    return csv_bytes(rows, header=["area_id", "year", "indicator_id", "result", "evidence"])




def record_visit(engine, area_id: str, year: int, auditors: int = 3, days: int = 1, lead: str = "auditor1",
                 start=None):
    """A verification visit of ``area_id`` in ``year`` by ``auditors`` people (the auditor account ``lead`` and
    external auditors with their organisation, who agreed to the findings)
    over ``days`` days ending a week ago (Bangkok); the visit as stored."""
    import datetime as dt

    from db.visits import bangkok_today, save_visit
    account(engine, lead, "auditor")
    end = bangkok_today() - dt.timedelta(days=7)
    start = start or end - dt.timedelta(days=days - 1)
    external = [{"name": f"ผู้ทวนสอบภายนอก {i}", "organisation": "มหาวิทยาลัยทดสอบ", "agreed": True}
                for i in range(1, auditors)]
    with engine.begin() as conn:
        return save_visit(conn, area_id, year, start, start + dt.timedelta(days=days - 1), lead, [], external, lead)
