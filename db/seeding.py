"""The demo's writes, one function per table group, inside the caller's transaction: the demo package builds
the rows (plain dicts and frames) and calls these; it holds no SQL itself.

Every function writes or deletes only demo rows (``demo = true``), or, for the tables only imports or the demo
fill (:data:`db.startup.RECORDS`), every row: the caller has made sure no import landed
(:func:`db.startup.check_seedable`, :func:`db.startup.check_clearable`)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from db.bulk import insert_frame, quote
from db.meta import write_meta
from db.schema import (
    account_areas,
    area_notes,
    certification_log,
    certifications,
    evidence_files,
    exchange_status_history,
    exchanges,
    finding_evidence,
    material_flows,
    meta,
    parties,
    submission_comments,
    submission_log,
    submission_values,
    submissions,
    users,
    visit_findings,
    visit_team,
    visits,
)
from db.startup import DEMO_DATABASE, MARKED, RECORDS

#: the symbiosis tables, children first (deleted in this order, filled in the reverse)
SYMBIOSIS = (exchange_status_history, exchanges, material_flows, parties)
_SUBMISSION_PARTS = (submission_values, submission_comments, evidence_files, submission_log)


# ------------------------------------------------------------------------------------- records and meta

def insert_records(conn: Connection, frames: dict[str, pd.DataFrame]) -> None:
    """Insert the record frames keyed by table name (factories, factory_history, factory_checklist,
    assessments)."""
    by_name = {t.name: t for t in RECORDS}
    for name, frame in frames.items():
        insert_frame(conn, by_name[name], frame)


def delete_demo_records(conn: Connection) -> dict[str, int]:
    """Delete the demo's marked rows (certifications, their log, notes), every record row and every meta key but
    the database's kind; returns the rows deleted per table."""
    counts = {}
    for table in MARKED:
        counts[table.name] = conn.execute(table.delete().where(table.c.demo.is_(True))).rowcount
    for table in RECORDS:
        counts[table.name] = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("TRUNCATE " + ", ".join(quote(conn, t.name) for t in RECORDS))
    else:
        for table in RECORDS:
            conn.execute(table.delete())
    conn.execute(meta.delete().where(meta.c.key != DEMO_DATABASE))
    return counts


def mark_production(conn: Connection) -> None:
    """Record that the demo is gone and the database is a production one from now on."""
    write_meta(conn, demo=False, **{DEMO_DATABASE: False})


def person_keys(conn: Connection, table_name: str) -> set[tuple[str, int]]:
    """(area_id, year) of the rows a person wrote (``demo`` false) in ``certifications`` or ``area_notes``."""
    table = {certifications.name: certifications, area_notes.name: area_notes}[table_name]
    q = sa.select(table.c.area_id, table.c.year).where(table.c.demo.is_(False))
    return {(a, int(y)) for a, y in conn.execute(q)}


def insert_certifications(conn: Connection, certs: list[dict], log: list[dict]) -> None:
    """Insert demo certifications and their log rows (each row already carries ``demo``)."""
    if certs:
        conn.execute(certifications.insert(), certs)
    if log:
        conn.execute(certification_log.insert(), log)


def insert_notes(conn: Connection, notes: list[dict]) -> None:
    if notes:
        conn.execute(area_notes.insert(), notes)


# ------------------------------------------------------------------------------------------- accounts

def add_missing_accounts(conn: Connection, accounts: Iterable[tuple[str, str, tuple[str, ...]]],
                         password_hash: str, at: dt.datetime) -> None:
    """Add each (name, role, areas) account that does not exist yet, active, with ``password_hash``."""
    for name, role, areas in accounts:
        if conn.execute(sa.select(users.c.username).where(users.c.username == name)).first() is not None:
            continue
        conn.execute(users.insert().values(username=name, password_hash=password_hash, role=role, active=True,
                                           created_at=at))
        if areas:
            conn.execute(account_areas.insert(), [{"username": name, "area_id": a} for a in areas])


def remove_accounts(conn: Connection, names: Iterable[str]) -> None:
    names = list(names)
    conn.execute(account_areas.delete().where(account_areas.c.username.in_(names)))
    conn.execute(users.delete().where(users.c.username.in_(names)))


# ------------------------------------------------------------------------------------------- visits

def visit_keys(conn: Connection) -> set[tuple[str, int]]:
    """(area_id, year) of every recorded visit."""
    return {(a, int(y)) for a, y in conn.execute(sa.select(visits.c.area_id, visits.c.year))}


def insert_visits(conn: Connection, visit_rows: list[dict], team_rows: list[dict], finding_rows: list[dict]) -> None:
    for table, part in ((visits, visit_rows), (visit_team, team_rows), (visit_findings, finding_rows)):
        if part:
            conn.execute(table.insert(), part)


def delete_demo_visits(conn: Connection) -> int:
    """Delete the demo's visits with their team and findings (a person's visits stay); returns how many."""
    demo = sa.select(visits.c.area_id, visits.c.year).where(visits.c.demo.is_(True))
    keys = [(a, int(y)) for a, y in conn.execute(demo)]
    for table in (finding_evidence, visit_findings, visit_team):
        conn.execute(table.delete().where(sa.tuple_(table.c.area_id, table.c.year).in_(demo)))
    conn.execute(visits.delete().where(visits.c.demo.is_(True)))
    return len(keys)


# --------------------------------------------------------------------------------------- submissions

def submission_keys(conn: Connection) -> set[tuple[str, int]]:
    """(area_id, year) of every submission."""
    return {(a, int(y)) for a, y in conn.execute(sa.select(submissions.c.area_id, submissions.c.year))}


def insert_submission(conn: Connection, row: dict, values: list[dict], log: list[dict], comments: list[dict],
                      evidence: list[dict]) -> int:
    """Insert one submission and its parts (their ``submission_id`` is filled in here); returns its id."""
    sub_id = conn.execute(submissions.insert().values(**row)).inserted_primary_key[0]
    for table, part in ((submission_values, values), (submission_log, log), (submission_comments, comments),
                        (evidence_files, evidence)):
        if part:
            conn.execute(table.insert(), [dict(r, submission_id=sub_id) for r in part])
    return sub_id


def delete_demo_submissions(conn: Connection) -> int:
    """Delete the demo submissions (their values, comments, evidence rows and log go with them)."""
    ids = [r[0] for r in conn.execute(sa.select(submissions.c.id).where(submissions.c.demo.is_(True)))]
    for table in _SUBMISSION_PARTS:
        conn.execute(table.delete().where(table.c.submission_id.in_(ids)))
    return conn.execute(submissions.delete().where(submissions.c.demo.is_(True))).rowcount


# ----------------------------------------------------------------------------------------- symbiosis

def replace_symbiosis(conn: Connection, frames: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Replace the symbiosis tables with ``frames`` (parties, flows, exchanges, history; none: emptied);
    row counts per table."""
    clear_symbiosis(conn)
    if not frames:
        return {}
    parts = ((parties, "parties"), (material_flows, "flows"), (exchanges, "exchanges"),
             (exchange_status_history, "history"))
    for table, key in parts:
        insert_frame(conn, table, frames[key])
    return {table.name: len(frames[key]) for table, key in parts}


def clear_symbiosis(conn: Connection) -> dict[str, int]:
    """Remove every symbiosis row (with the demo, before real data goes in); row counts per table."""
    return {t.name: conn.execute(t.delete()).rowcount for t in SYMBIOSIS}
