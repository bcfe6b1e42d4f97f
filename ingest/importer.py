"""Importing a staff upload (factory registry or assessment results) into the database.

Every import: keeps the uploaded bytes (:mod:`ingest.uploads`), reads the table (:mod:`ingest.readers`), validates
it (:mod:`ingest.factories` / :mod:`ingest.assessments`) and then, in ONE transaction, either writes
nothing (any error, unless ``skip_invalid``) or upserts the valid rows, together with its row in the import log.
A rejected import still gets its log row (in a transaction of its own).
"""
from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Engine

from db import bulk
from db.importlog import record_import
from geo.boundaries import load_boundaries
from geo.placement import Placer
from ingest.problems import ERROR, WARNING, Problem, has_errors
from ingest.uploads import keep_upload, sha256_of
from programme import registry

Progress = Callable[[float, str], None]
DEFAULT_MAX_MB = 50
COUNT_KEYS = ("rows_total", "rows_inserted", "rows_updated", "rows_unchanged", "rows_skipped", "n_errors",
              "n_warnings")


@dataclass
class ImportResult:
    status: str                                   # "landed" | "rejected"
    problems: list[Problem]
    counts: dict = field(default_factory=dict)    # COUNT_KEYS
    import_id: int | None = None
    sha256: str = ""
    stored_path: Path | None = None

    @property
    def landed(self) -> bool:
        return self.status == "landed"


def max_upload_bytes() -> int:
    """``EIT_MAX_UPLOAD_MB`` (default 50) in bytes."""
    raw = os.environ.get("EIT_MAX_UPLOAD_MB", "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def placer_for(data_dir: str | Path) -> Placer:
    """A :class:`geo.placement.Placer` from ``data/boundaries`` and ``data/areas.csv`` (validated on load)."""
    data_dir = Path(data_dir)
    return Placer.from_areas(load_boundaries(data_dir / "boundaries"), registry.load_areas(data_dir))


@functools.lru_cache(maxsize=2)
def _cached_placer(data_dir: str) -> Placer:
    return placer_for(data_dir)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _file_problem(th: str, en: str) -> Problem:
    return Problem(None, "", "", ERROR, th, en)


def _counts(problems: list[Problem], rows_total: int, **written) -> dict:
    out = dict.fromkeys(COUNT_KEYS, 0)
    out["rows_total"] = rows_total
    out["n_errors"] = sum(p.severity == ERROR for p in problems)
    out["n_warnings"] = sum(p.severity == WARNING for p in problems)
    out.update(written)
    return out


class _Run:
    """One import run: the upload kept, the log row written at the end."""

    def __init__(self, engine: Engine, kind: str, data: bytes, filename: str, username: str, skip_invalid: bool,
                 progress: Progress | None, upload_root):
        self.engine, self.kind, self.data, self.filename = engine, kind, data, filename
        self.username, self.skip_invalid, self.progress = username or "unknown", skip_invalid, progress
        self.started = _now()
        self.stored_path: Path | None = None
        self.sha256 = sha256_of(data)
        self.too_big = len(data) > max_upload_bytes()
        if not self.too_big:      # an oversize upload is not stored (that is what the limit protects)
            self.stored_path, _ = keep_upload(data, filename, upload_root)

    def step(self, fraction: float, label: str) -> None:
        if self.progress:
            self.progress(max(0.0, min(1.0, fraction)), label)

    def log_values(self, status: str, counts: dict, note: str = "") -> dict:
        return dict(kind=self.kind, filename=self.filename, sha256=self.sha256,
                    stored_path=str(self.stored_path) if self.stored_path else None, size_bytes=len(self.data),
                    username=self.username, started_at=self.started, finished_at=_now(), status=status,
                    skip_invalid=self.skip_invalid, note=note, **counts)

    def reject(self, problems: list[Problem], rows_total: int = 0, note: str = "") -> ImportResult:
        counts = _counts(problems, rows_total, rows_skipped=rows_total)
        with self.engine.begin() as conn:
            import_id = record_import(conn, **self.log_values("rejected", counts, note))
        self.step(1.0, "rejected")
        return ImportResult("rejected", problems, counts, import_id, self.sha256, self.stored_path)

    def land(self, problems: list[Problem], rows_total: int, clean: pd.DataFrame, upsert) -> ImportResult:
        try:
            with self.engine.begin() as conn:
                written = upsert(conn, clean, lambda f, label: self.step(0.5 + 0.5 * f, label))
                counts = _counts(problems, rows_total, rows_inserted=written["inserted"],
                                 rows_updated=written["updated"], rows_unchanged=written["unchanged"],
                                 rows_skipped=rows_total - len(clean))
                import_id = record_import(conn, **self.log_values("landed", counts))
        except Exception as exc:   # the data transaction is rolled back; the failure is still logged
            self.reject(problems + [_file_problem("บันทึกลงฐานข้อมูลไม่สำเร็จ: " + type(exc).__name__,
                                                  f"writing to the database failed: {type(exc).__name__}")],
                        rows_total, note=f"database error: {exc}"[:2000])
            raise
        self.step(1.0, "done")
        return ImportResult("landed", problems, counts, import_id, self.sha256, self.stored_path)


def _prepare(run: _Run) -> tuple[pd.DataFrame | None, ImportResult | None]:
    """Size check and reading; (table, None) or (None, rejected result)."""
    from ingest.readers import UnsupportedFile, read_table

    if run.too_big:
        limit = max_upload_bytes() / 1024 / 1024
        size = len(run.data) / 1024 / 1024
        return None, run.reject([_file_problem(
            f"ไฟล์มีขนาด {size:,.1f} MB ใหญ่เกินกว่าที่รับได้ ({limit:,.0f} MB) กรุณาแบ่งไฟล์เป็นหลายไฟล์",
            f"the file is {size:,.1f} MB, larger than the {limit:,.0f} MB limit (EIT_MAX_UPLOAD_MB); "
            "split it into several files")], note="too large")
    run.step(0.02, "reading")
    try:
        table = read_table(run.data, run.filename)
    except UnsupportedFile as exc:
        return None, run.reject([_file_problem(exc.message_th, exc.message_en)], note="unsupported file")
    return table, None


def carried_columns(clean: pd.DataFrame, keep: tuple[str, ...]) -> pd.DataFrame:
    """``clean`` without the columns that are blank in every row: the file does not carry them (e.g. name_en in
    a registry export, or status in a GIS export without it), so the stored values are kept, not erased."""
    drop = [c for c in clean.columns if c not in keep and len(clean) and clean[c].isna().all()]
    return clean.drop(columns=drop + (["source_row"] if "source_row" in clean.columns else []))


def _finish(run: _Run, table: pd.DataFrame, clean: pd.DataFrame, problems: list[Problem], upsert,
            keys: tuple[str, ...]) -> ImportResult:
    rows_total = len(table)
    if has_errors(problems) and not run.skip_invalid:
        return run.reject(problems, rows_total)
    if clean.empty and rows_total:
        return run.reject(problems + [_file_problem("ไม่มีแถวที่ถูกต้องให้นำเข้า", "no valid rows to import")],
                          rows_total)
    return run.land(problems, rows_total, carried_columns(clean, keys), upsert)


def import_factories(engine: Engine, data: bytes, filename: str, username: str, data_dir: Path | str,
                     skip_invalid: bool = False, progress: Progress | None = None, placer=None,
                     upload_root: Path | str | None = None) -> ImportResult:
    """Import a factory registry file (CSV or .xlsx).  ``placer`` (a :class:`geo.placement.Placer`) may be
    passed to reuse one; otherwise one is built from ``data_dir`` (and cached)."""
    from ingest.factories import validate_factories

    run = _Run(engine, "factories", data, filename, username, skip_invalid, progress, upload_root)
    table, rejected = _prepare(run)
    if rejected:
        return rejected
    run.step(0.1, "validating")
    placer = placer or _cached_placer(str(Path(data_dir).resolve()))
    provinces = registry.load_provinces(Path(data_dir))
    clean, problems = validate_factories(table, placer, provinces, known_registrations=_known(engine))
    run.step(0.5, "writing")
    return _finish(run, table, clean, problems, bulk.upsert_factories,
                   ("registration_no", "province_code", "district_code", "subdistrict_code", "area_id", "lat", "lon"))


def _known(engine: Engine) -> set[str]:
    import sqlalchemy as sa

    from db.schema import factories
    with engine.connect() as conn:
        return set(conn.execute(sa.select(factories.c.registration_no)).scalars())


def import_assessments(engine: Engine, data: bytes, filename: str, username: str, data_dir: Path | str,
                       skip_invalid: bool = False, progress: Progress | None = None, criteria=None, areas=None,
                       upload_root: Path | str | None = None) -> ImportResult:
    """Import indicator results (CSV or .xlsx, e.g. the filled-in template).  ``criteria`` defaults to the
    newest criteria file of ``data_dir``, ``areas`` to its area registry."""
    from ingest.assessments import validate_assessments
    from programme.criteria import current_criteria

    run = _Run(engine, "assessments", data, filename, username, skip_invalid, progress, upload_root)
    table, rejected = _prepare(run)
    if rejected:
        return rejected
    run.step(0.1, "validating")
    criteria = criteria if criteria is not None else current_criteria(Path(data_dir))
    areas = areas if areas is not None else registry.load_areas(Path(data_dir))
    clean, problems = validate_assessments(table, criteria, areas)
    run.step(0.5, "writing")
    return _finish(run, table, clean, problems, bulk.upsert_assessments,
                   ("area_id", "year", "indicator_id", "criteria_version", "value"))


def run_import(engine: Engine, kind: str, data: bytes, filename: str, username: str, validate, upsert,
               keys: tuple[str, ...], skip_invalid: bool = False, progress: Progress | None = None,
               upload_root: Path | str | None = None) -> ImportResult:
    """The import contract for any table kind (used by :mod:`ingest.symbiosis`): keep the upload, read it,
    ``validate(table) -> (clean, problems)``, then land the valid rows with ``upsert(conn, clean, progress)`` in
    one transaction with the log row, or reject (any error, unless ``skip_invalid``). ``keys``: the columns
    written even when blank in every row."""
    run = _Run(engine, kind, data, filename, username, skip_invalid, progress, upload_root)
    table, rejected = _prepare(run)
    if rejected:
        return rejected
    run.step(0.1, "validating")
    clean, problems = validate(table)
    run.step(0.5, "writing")
    return _finish(run, table, clean, problems, upsert, keys)
