"""The dashboard's data set read from the database: the versioned programme files plus the records users wrote,
and the cheap check that tells when it has changed."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db.notes import last_change, load_notes
from db.records import load_records
from db.schema import certification_log, imports
from db.submissions import accepted_counter
from db.symbiosis import change_counters, load_register
from programme.dataset import Dataset, check_references, registry_parts, split_unscored
from symbiosis.indicators import apply_computed


def load_dataset_from_db(data_dir: Path, engine) -> Dataset:
    """Like :func:`load_dataset`, with the records (factories, history, checklist, assessments, certifications,
    notes, the symbiosis register, meta) read from the database (``engine``, see :mod:`db.engine`) instead of CSV
    files.  Factories outside every area have ``area_id`` NA.  Stored results whose indicator is not in the
    criteria in use (a newer criteria file replaced the one they were recorded under) are left out of
    ``assessments`` and listed in ``unscored``."""
    data_dir = Path(data_dir)
    rec = load_records(engine)
    parts = registry_parts(data_dir)
    register = load_register(engine, data_dir)
    criteria = parts["criteria"]
    scored, unscored = split_unscored(rec["assessments"], criteria)
    ds = Dataset(
        data_dir=data_dir,
        **parts,
        factories=rec["factories"],
        history=rec["history"],
        checklist=rec["checklist"],
        # indicators the criteria mark as computed take their results from the symbiosis register
        assessments=apply_computed(scored, register, rec["factories"], criteria.table, criteria.version),
        unscored=unscored,
        certifications=rec["certifications"],
        notes=load_notes(engine),
        symbiosis=register,
        meta=rec["meta"],
    )
    check_references(ds)
    return ds


def data_version(engine: Engine) -> tuple:
    """Changes whenever users write (an import, a certification step, a note), also from another app server
    sharing the database: (newest import id, newest certification step id, newest note time, number of exchanges,
    number of exchange status changes, newest accepted submission). One statement."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(
            sa.select(sa.func.max(imports.c.id)).scalar_subquery(),
            sa.select(sa.func.max(certification_log.c.id)).scalar_subquery(),
            last_change(conn, scalar=True),
            *change_counters(),
            accepted_counter(),
        )).one()
    return (row[0], row[1], str(row[2]), row[3], row[4], row[5])
