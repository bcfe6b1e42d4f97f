"""The demo in the database: loading it (``seed_demo``) and removing it (``clear_demo``).

Whether a database is a demo one, and the start-up rule that fills an empty demo database, live in
:mod:`db.startup` (the app passes :func:`seed_demo` to ``ensure_database``); the writes are :mod:`db.seeding`'s.
Only a demo database is ever seeded, and seeding or clearing deletes only demo rows, never a row a person
wrote."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Connection, Engine

from common.years import to_ce
from db import seeding
from db.accounts import hash_password
from db.meta import write_meta
from db.startup import DEMO_USERNAMES, check_clearable, check_seedable
from demo.notes import demo_notes
from demo.submissions import seed_submissions
from demo.symbiosis import seed_symbiosis
from demo.visits import demo_visits, insert_demo_visits
from programme import records
from programme.criteria import current_criteria
from programme.verification import load_verification_rules
from scoring.summary import build_model

#: One demo account per role (name, role, areas of a working group), all with DEMO_PASSWORD; the README lists
#: them.  The names are db.startup.DEMO_USERNAMES (which tells the demo's accounts from a person's).
_ROLES = {"demo-wg-rayong": ("working_group", ("ryg-irpc", "ryg-mtp")), "demo-auditor": ("auditor", ()),
          "demo-staff": ("staff", ()), "demo-staff2": ("staff", ()), "demo-secretary": ("secretary", ()),
          "demo-admin": ("admin", ())}
DEMO_USERS = tuple((name, *_ROLES[name]) for name in DEMO_USERNAMES)
DEMO_PASSWORD = "demo"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _demo_certifications(assessments_df: pd.DataFrame, data_dir: Path, as_of: str) -> list[dict]:
    """Every area-year before the latest year certified at its scored level; in the latest year half of the
    areas (every other one, by area_id) verified, the rest drafted.  Area-years below level 1 get none.  Staff
    draft and verify, the committee's secretary certifies (never the verifier: four eyes); demo.visits adds the
    verification visit each verified level stands on."""
    levels = build_model(assessments_df, current_criteria(data_dir)).levels
    levels = levels[levels["level"] >= 1].sort_values(["area_id", "year"])
    latest = int(levels["year"].max()) if len(levels) else None
    latest_areas = sorted(levels.loc[levels["year"] == latest, "area_id"]) if latest else []
    verified_now = set(latest_areas[::2])
    as_of_ts = dt.datetime.fromisoformat(as_of).replace(hour=9, tzinfo=dt.UTC)
    out = []
    for area_id, year, level in levels.itertuples(index=False):
        ce = to_ce(year)
        rec = dict(area_id=area_id, year=int(year), level=int(level), note="demo", drafted_by=None,
                   drafted_at=None, verified_by=None, verified_at=None, certified_by=None, certified_at=None)
        if year != latest:
            rec.update(status="certified",
                       drafted_by="demo-staff", drafted_at=dt.datetime(ce, 10, 1, 9, tzinfo=dt.UTC),
                       verified_by="demo-staff", verified_at=dt.datetime(ce, 11, 1, 9, tzinfo=dt.UTC),
                       certified_by="demo-secretary", certified_at=dt.datetime(ce, 12, 1, 9, tzinfo=dt.UTC))
        elif area_id in verified_now:
            rec.update(status="verified", drafted_by="demo-staff", drafted_at=as_of_ts - dt.timedelta(days=30),
                       verified_by="demo-staff", verified_at=as_of_ts)
        else:
            rec.update(status="draft", drafted_by="demo-staff", drafted_at=as_of_ts)
        out.append(rec)
    return out


def _delete_demo(conn: Connection) -> dict:
    """Delete the demo's rows, never a person's: the marked demo rows of certifications, their log and notes,
    visits and submissions, every factory/history/checklist/assessment row (the caller has made sure no import
    landed), and the demo's meta keys.  Returns the rows deleted per table."""
    counts = {"visits": seeding.delete_demo_visits(conn), "submissions": seeding.delete_demo_submissions(conn)}
    counts.update(seeding.delete_demo_records(conn))
    return counts


def _certification_log(certs: list[dict]) -> list[dict]:
    """The log rows of the demo certifications: draft, then verified and certified where they were."""
    log = []
    for c in certs:
        steps = [("draft", None, c["drafted_at"], c["drafted_by"])]
        if c.get("verified_at"):
            steps.append(("verified", "draft", c["verified_at"], c["verified_by"]))
        if c.get("certified_at"):
            steps.append(("certified", "verified", c["certified_at"], c["certified_by"]))
        for status, prev, at, who in steps:
            log.append(dict(area_id=c["area_id"], year=c["year"], level=c["level"], status=status,
                            previous_status=prev, previous_level=c["level"] if prev else None,
                            username=who, at=at, note="demo", demo=True))
    return log


def seed_demo(engine: Engine, data_dir: Path | str) -> dict:
    """Load the demo (``data/demo``) into a demo database, replacing the earlier demo rows: factories, history,
    checklist, assessments, demo certifications and notes (marked ``demo``), meta (demo=true) and the demo
    accounts (:data:`DEMO_USERS`, password ``demo``; added only if missing).  A certification or note a person
    wrote is kept, and the demo's one for the same area and year is left out.  Refuses (ProductionDatabaseError)
    on a production database and (NotEmptyError) once anything was imported (db.startup.check_seedable).
    Returns the number of rows loaded per table."""
    data_dir = Path(data_dir)
    frames = {
        "factories": records.load_factories(data_dir),
        "factory_history": records.load_factory_history(data_dir),
        "factory_checklist": records.load_factory_checklist(data_dir),
        "assessments": records.load_assessments(data_dir),
    }
    records.check_factory_references(frames["factories"], frames["factory_history"], frames["factory_checklist"])
    demo_meta = records.load_meta(data_dir)
    certs = _demo_certifications(frames["assessments"], data_dir, demo_meta["data_as_of"])
    latest = max((c["year"] for c in certs), default=None)
    notes = _demo_notes(frames["assessments"], data_dir, demo_meta["data_as_of"])
    with engine.begin() as conn:
        check_seedable(conn)
        _delete_demo(conn)
        seeding.insert_records(conn, frames)
        taken = seeding.person_keys(conn, "certifications")
        certs = [dict(c, demo=True) for c in certs if (c["area_id"], c["year"]) not in taken]
        seeding.insert_certifications(conn, certs, _certification_log(certs))
        n_visits = insert_demo_visits(conn, demo_visits(certs, current_criteria(data_dir).table,
                                                         load_verification_rules(data_dir), latest))
        taken = seeding.person_keys(conn, "area_notes")
        notes = [dict(n, demo=True) for n in notes if (n["area_id"], n["year"]) not in taken]
        seeding.insert_notes(conn, notes)
        # symbiosis (parties, flows, exchanges, status history): its own tables, replaced as a block
        symbiosis_counts = seed_symbiosis(conn, data_dir, frames["factories"])
        n_submissions = _demo_submissions(conn, frames["assessments"], data_dir, demo_meta["data_as_of"])
        write_meta(conn, **demo_meta)
        seeding.add_missing_accounts(conn, DEMO_USERS, hash_password(DEMO_PASSWORD), _now())
    counts = {name: len(f) for name, f in frames.items()}
    counts["certifications"] = len(certs)
    counts["area_notes"] = len(notes)
    counts["visits"] = n_visits
    counts["submissions"] = n_submissions
    counts.update(symbiosis_counts)
    return counts


def _demo_notes(assessments_df: pd.DataFrame, data_dir: Path, as_of: str) -> list[dict]:
    if assessments_df.empty:
        return []
    at = dt.datetime.fromisoformat(as_of).replace(tzinfo=dt.UTC)
    return demo_notes(assessments_df, current_criteria(data_dir), int(assessments_df["year"].max()), at)


def _demo_submissions(conn: Connection, assessments_df: pd.DataFrame, data_dir: Path, as_of: str) -> int:
    from ingest.evidence import evidence_root
    from ingest.uploads import keep_upload
    from symbiosis.indicators import computed_indicators

    criteria = current_criteria(data_dir)
    taken = seeding.submission_keys(conn)
    at = dt.datetime.fromisoformat(as_of).replace(hour=9, tzinfo=dt.UTC)
    return seed_submissions(conn, assessments_df, criteria, computed_indicators(criteria.table), at,
                            lambda data, name: keep_upload(data, name, evidence_root())[1], taken)


def clear_demo(engine: Engine) -> dict:
    """Remove the demo (its records, certifications, log rows, notes and accounts) before real data goes in; the
    certifications, log rows and notes a person wrote stay.  The database becomes a production database
    (``demo_database`` false, ``demo`` false): it is never filled with the demo again.  Refuses
    (ProductionDatabaseError) on a production database and (NotEmptyError) once an import has landed: imported
    rows would be mixed with demo rows (db.startup.check_clearable).  Returns the demo rows removed per table."""
    with engine.begin() as conn:
        check_clearable(conn)
        counts = _delete_demo(conn)
        counts.update(seeding.clear_symbiosis(conn))          # the symbiosis tables (no import landed: all demo)
        seeding.remove_accounts(conn, DEMO_USERNAMES)
        seeding.mark_production(conn)
    return counts
