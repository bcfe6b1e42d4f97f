"""Importing a staff upload (factory registry or assessment results) into the database.

Every import: keeps the uploaded bytes (:mod:`ingest.uploads`), reads the table (:mod:`ingest.readers`), validates
it (:mod:`ingest.factories` / :mod:`ingest.assessments`) and then, in ONE transaction, either writes
nothing (any error, unless ``skip_invalid``) or upserts the valid rows, together with its row in the import log.
A rejected import still gets its log row (in a transaction of its own).  ``username`` must be an active staff
account (or the shell operator, db.accounts.operator_name): checked before anything is written, and again inside
the writing transaction (AccountRefused, nothing written).
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.memory import releases_memory
from common.settings import db_busy_timeout_s
from db import bulk, schema
from db.accounts import AccountRefused, require_account
from db.importlog import record_import
from geo.placement import Placer
from ingest.landing import Plan, Target, cached_placer, effect_problems, placer_for  # noqa: F401
from ingest.problems import ERROR, WARNING, Problem, has_errors
from ingest.uploads import keep_upload, sha256_of
from programme import registry

Progress = Callable[[float, str], None]
DEFAULT_MAX_MB = 50
COUNT_KEYS = ("rows_total", "rows_inserted", "rows_updated", "rows_unchanged", "rows_skipped", "n_errors",
              "n_warnings")


@dataclass
class ImportResult:
    status: str                                   # "landed" | "rejected" | "checked" (a dry run that would land)
    problems: list[Problem]
    counts: dict = field(default_factory=dict)    # COUNT_KEYS
    import_id: int | None = None
    sha256: str = ""
    stored_path: Path | None = None
    effect: dict = field(default_factory=lambda: {"changed": 0, "cleared": 0})   # stored values changed / cleared
    dry_run: bool = False                         # only checked: nothing kept, written or logged

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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _file_problem(th: str, en: str) -> Problem:
    return Problem(None, "", "", ERROR, th, en)


#: An import that waited for another one longer than EIT_DB_BUSY_TIMEOUT_S.
BUSY = Problem(None, "", "", ERROR,
               "มีการนำเข้าข้อมูลอื่นกำลังทำงานอยู่ จึงยังบันทึกไฟล์นี้ไม่ได้ (ไม่มีข้อมูลใดถูกบันทึก) กรุณาลองใหม่อีกครั้งในอีกสักครู่",
               "another import is running, so this file could not be written (nothing was written); try again "
               "in a moment")


def kept_problem(exc: OSError) -> Problem:
    """Why an upload could not be kept (a full disk, no permission), in Thai and English."""
    import errno
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _file_problem("พื้นที่จัดเก็บไฟล์ของระบบเต็ม จึงเก็บไฟล์นี้ไม่ได้และไม่ได้นำเข้า (ไม่มีข้อมูลใดถูกบันทึก) "
                             "กรุณาแจ้งผู้ดูแลระบบ",
                             "the server's upload storage is full, so the file could not be kept and was not "
                             "imported (nothing was written); tell the administrator")
    return _file_problem("ระบบเก็บไฟล์นี้ไม่ได้ จึงไม่ได้นำเข้า (ไม่มีข้อมูลใดถูกบันทึก) กรุณาแจ้งผู้ดูแลระบบ",
                         "the server could not keep the file, so it was not imported (nothing was written); tell "
                         "the administrator")


def _counts(problems: list[Problem], rows_total: int, **written) -> dict:
    out = dict.fromkeys(COUNT_KEYS, 0)
    out["rows_total"] = rows_total
    out["n_errors"] = sum(p.count for p in problems if p.severity == ERROR)
    out["n_warnings"] = sum(p.count for p in problems if p.severity == WARNING)
    out.update(written)
    return out


class _Run:
    """One import run: the upload kept, the log row written at the end."""

    def __init__(self, engine: Engine, kind: str, data: bytes, filename: str, username: str, skip_invalid: bool,
                 progress: Progress | None, upload_root, dry_run: bool = False):
        with engine.connect() as conn:     # before anything is kept or logged
            require_account(conn, username, "import")
        self.engine, self.kind, self.data, self.filename = engine, kind, data, filename
        self.username, self.skip_invalid, self.progress = username or "unknown", skip_invalid, progress
        self.user_problem: Problem | None = None
        longest = schema.imports.c.username.type.length
        if "\x00" in self.username or len(self.username) > longest:     # the log keeps a name that fits
            self.user_problem = _file_problem(
                f"ชื่อผู้ใช้ต้องยาวไม่เกิน {longest} ตัวอักษรและไม่มีอักขระ NUL: {_shown(self.username)}",
                f"the user name must be at most {longest} characters without NUL characters: "
                f"{_shown(self.username)}")
            self.username = self.username.replace("\x00", "")[:longest]
        self.started = _now()
        self.stored_path: Path | None = None
        self.read_problems: list[Problem] = []     # warnings from reading the file (ingest.readers)
        self.sha256 = sha256_of(data)
        self.too_big = len(data) > max_upload_bytes()
        self.dry_run = dry_run
        self.keep_problem: Problem | None = None
        if not self.too_big and not dry_run:   # an oversize upload is not stored (that is what the limit protects)
            try:
                self.stored_path, _ = keep_upload(data, filename, upload_root)
            except OSError as exc:             # a full disk, no permission: refused, said why, and logged
                self.keep_problem = kept_problem(exc)

    def step(self, fraction: float, label: str) -> None:
        if self.progress:
            self.progress(max(0.0, min(1.0, fraction)), label)

    def log_values(self, status: str, counts: dict, note: str = "") -> dict:
        return dict(kind=self.kind, filename=self.filename.replace("\x00", ""), sha256=self.sha256,
                    stored_path=str(self.stored_path) if self.stored_path else None, size_bytes=len(self.data),
                    username=self.username, started_at=self.started, finished_at=_now(), status=status,
                    skip_invalid=self.skip_invalid, note=note.replace("\x00", ""), **counts)

    def reject(self, problems: list[Problem], rows_total: int = 0, note: str = "") -> ImportResult:
        counts = _counts(problems, rows_total, rows_skipped=rows_total)
        if self.dry_run:            # a check logs nothing
            return ImportResult("rejected", problems, counts, None, self.sha256, None, dry_run=True)
        try:
            with self.engine.begin() as conn:
                import_id = record_import(conn, **self.log_values("rejected", counts, note))
        except Exception as exc:       # the log row waited for another import too long: say so, not a traceback
            if not bulk.is_busy(exc):
                raise
            import_id = None
            if BUSY not in problems:
                problems = problems + [BUSY]
                counts = _counts(problems, rows_total, rows_skipped=rows_total)
        self.step(1.0, "rejected")
        return ImportResult("rejected", problems, counts, import_id, self.sha256, self.stored_path)

    def land(self, problems: list[Problem], rows_total: int, clean: pd.DataFrame, target: Target,
             recheck=None) -> ImportResult:
        """Write ``clean`` with ``upsert`` and the log row, in one transaction that first waits for other
        imports.  ``recheck(conn)``, run once the lock is held, may return a new (clean, problems, refusal):
        what validation gives against rows another import stored meanwhile (``refusal``: the problems that
        reject the file, or None)."""
        try:
            with self.engine.begin() as conn:
                self.step(0.5, "waiting for other imports")
                bulk.lock_for_import(conn, db_busy_timeout_s())
                require_account(conn, self.username, "import")
                again = recheck(conn) if recheck else None
                if again is not None:
                    clean, problems, refusal = again
                    if refusal is not None:
                        raise _Refused(refusal)
                clean, effect = target.effect(conn, clean)
                problems = problems + effect_problems(effect)
                written = target.upsert(conn, clean, lambda f, label: self.step(0.5 + 0.5 * f, label))
                counts = _counts(problems, rows_total, rows_inserted=written["inserted"],
                                 rows_updated=written["updated"], rows_unchanged=written["unchanged"],
                                 rows_skipped=rows_total - len(clean))
                import_id = record_import(conn, **self.log_values("landed", counts))
        except AccountRefused:     # disabled meanwhile: nothing written, nothing logged
            raise
        except _Refused as refused:
            return self.reject(refused.problems, rows_total)
        except Exception as exc:   # the data transaction is rolled back; the failure is still logged
            if bulk.is_busy(exc):  # another import held the database past the timeout: refused, try again
                return self.reject(problems + [BUSY], rows_total, note=f"busy: {type(exc).__name__}")
            self.reject(problems + [_file_problem("บันทึกลงฐานข้อมูลไม่สำเร็จ: " + type(exc).__name__,
                                                  f"writing to the database failed: {type(exc).__name__}")],
                        rows_total, note=f"database error: {exc}"[:2000])
            raise
        self.step(1.0, "done")
        return ImportResult("landed", problems, counts, import_id, self.sha256, self.stored_path, effect)

    def check(self, problems: list[Problem], rows_total: int, clean: pd.DataFrame, target: Target,
              refusal: list[Problem] | None) -> ImportResult:
        """A dry run: what the file would do, written nowhere (no upload kept, no log row)."""
        effect = {"changed": 0, "cleared": 0}
        if refusal is None:
            with self.engine.connect() as conn:
                _, effect = target.effect(conn, clean)
            problems = problems + effect_problems(effect)
        else:
            problems = refusal
        counts = _counts(problems, rows_total, rows_skipped=rows_total - (0 if refusal else len(clean)))
        self.step(1.0, "checked")
        return ImportResult("rejected" if refusal else "checked", problems, counts, None, self.sha256, None, effect,
                            dry_run=True)


def _prepare(run: _Run) -> tuple[pd.DataFrame | None, ImportResult | None]:
    """Size check and reading; (table, None) or (None, rejected result)."""
    from ingest.readers import UnsupportedFile, read_table

    if run.user_problem:
        return None, run.reject([run.user_problem], note="bad user name")
    if run.keep_problem:
        return None, run.reject([run.keep_problem], note="upload not kept: " + run.keep_problem.message_en)
    if run.too_big:
        limit = max_upload_bytes() / 1024 / 1024
        size = len(run.data) / 1024 / 1024
        return None, run.reject([_file_problem(
            f"ไฟล์มีขนาด {size:,.1f} MB ใหญ่เกินกว่าที่รับได้ ({limit:,.0f} MB) กรุณาแบ่งไฟล์เป็นหลายไฟล์",
            f"the file is {size:,.1f} MB, larger than the {limit:,.0f} MB limit; "
            "split it into several files")], note="too large")
    run.step(0.02, "reading")
    try:       # the reading is bounded by the limits of ingest.readers.Limits (settings EIT_MAX_...)
        table = read_table(run.data, run.filename, warnings=run.read_problems)
    except UnsupportedFile as exc:
        return None, run.reject(exc.problems or [_file_problem(exc.message_th, exc.message_en)],
                                note="unsupported file")
    return table, None


def carried_columns(clean: pd.DataFrame, keep: tuple[str, ...]) -> pd.DataFrame:
    """``clean`` without the columns that are blank in every row: the file does not carry them (e.g. name_en in
    a registry export, or status in a GIS export without it), so the stored values are kept, not erased."""
    drop = [c for c in clean.columns if c not in keep and len(clean) and clean[c].isna().all()]
    return clean.drop(columns=drop + (["source_row"] if "source_row" in clean.columns else []))


def _shown(value: str, limit: int = 80) -> str:
    v = value.replace("\x00", "\\x00")
    return v if len(v) <= limit else v[:limit] + f"… ({len(value):,})"


def fits_the_columns(clean: pd.DataFrame, target: sa.Table, column_of: dict[str, str]) -> tuple[pd.DataFrame,
                                                                                                list[Problem]]:
    """The rows of ``clean`` whose text fits the columns of ``target``, and an error for each cell that does not:
    longer than the column's length (read from :mod:`db.schema`), or holding a NUL byte.  Checked before writing,
    so SQLite (which would store it) and PostgreSQL (which would fail) give the same report.  ``column_of`` maps a
    canonical column to the file's column for the report; rows are reported by ``source_row``."""
    bad = np.zeros(len(clean), dtype=bool)
    problems: list[Problem] = []
    rows = clean["source_row"].to_numpy() if "source_row" in clean.columns else np.arange(1, len(clean) + 1)
    for c in clean.columns:
        if c not in target.c or not isinstance(target.c[c].type, sa.String) or not len(clean):
            continue
        length = target.c[c].type.length
        s = clean[c]
        text = pd.Series([v if isinstance(v, str) else None if pd.isna(v) else str(v) for v in s.tolist()],
                         dtype=object)
        nul = text.str.contains("\x00", regex=False).fillna(False).to_numpy(dtype=bool)
        long = (text.str.len() > length).fillna(False).to_numpy(dtype=bool) if length else np.zeros(len(s), bool)
        where = column_of.get(c, c)
        for i in np.flatnonzero(nul | long):
            v = str(text.iat[i])
            if nul[i]:
                th = "ข้อความมีอักขระ NUL (0x00) ซึ่งฐานข้อมูลเก็บไม่ได้ กรุณาลบอักขระนี้ออก"
                en = "the text holds a NUL character (0x00), which the database cannot store; remove it"
            else:
                th = f"ข้อความยาว {len(v):,} ตัวอักษร เกินกว่าที่คอลัมน์นี้เก็บได้ ({length} ตัวอักษร)"
                en = f"the text is {len(v):,} characters long, more than this column holds ({length} characters)"
            problems.append(Problem(int(rows[i]), where, _shown(v), ERROR, th, en))
        bad |= nul | long
    return clean[~bad].reset_index(drop=True), problems


class _Refused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("refused")
        self.problems = problems


def _settle(run: _Run, rows_total: int, clean: pd.DataFrame, problems: list[Problem],
            target: Target) -> tuple[pd.DataFrame, list[Problem], list[Problem] | None]:
    """(the rows to write, every problem, the problems that refuse the file or None)."""
    problems = run.read_problems + problems           # warnings of the reader (e.g. formulas read as values)
    if target.table is not None:
        clean, misfits = fits_the_columns(clean, target.table, target.column_of)
        problems = problems + misfits
    if has_errors(problems) and not run.skip_invalid:
        return clean, problems, problems
    if clean.empty and rows_total:
        return clean, problems, problems + [_file_problem("ไม่มีแถวที่ถูกต้องให้นำเข้า", "no valid rows to import")]
    return carried_columns(clean, target.carried), problems, None


def _finish(run: _Run, table: pd.DataFrame, clean: pd.DataFrame, problems: list[Problem], target: Target,
            revalidate=None) -> ImportResult:
    """Reject, or land (or, in a dry run, say what landing would do).  ``revalidate(conn)`` (optional) returns
    None when the stored rows the validation depended on are unchanged once the import lock is held, else a
    new (clean, problems)."""
    rows_total = len(table)
    clean, problems, refusal = _settle(run, rows_total, clean, problems, target)
    if run.dry_run:
        return run.check(problems, rows_total, clean, target, refusal)
    if refusal is not None:
        return run.reject(refusal, rows_total)

    def recheck(conn):
        again = revalidate(conn)
        return None if again is None else _settle(run, rows_total, *again, target)

    return run.land(problems, rows_total, clean, target, recheck if revalidate else None)


# --------------------------------------------------------------------------------------------- the kinds

KINDS = ("factories", "assessments", "parties", "flows", "exchanges")


def _factories_plan(engine: Engine, data_dir: Path, placer=None, **_) -> Plan:
    from ingest.factories import KEEP as FACTORY_KEEP
    from ingest.factories import factory_columns, validate_factories

    placer = placer or cached_placer(str(Path(data_dir).resolve()))
    provinces = registry.load_provinces(Path(data_dir))
    with engine.connect() as conn:
        known = _known(conn)
    target = Target(bulk.upsert_factories, ("registration_no", "province_code", "district_code", "subdistrict_code",
                                            "area_id", "lat", "lon"), schema.factories, ("registration_no",),
                    keep=FACTORY_KEEP)

    def validate(table):
        target.column_of = factory_columns(table.columns)
        plan.table = table
        return validate_factories(table, placer, provinces, known_registrations=known[0], known_ids=known[1])

    def revalidate(conn):    # another import may have stored factories (or their ids) since `known` was read
        fresh = _known(conn)
        if fresh == known:
            return None
        return validate_factories(plan.table, placer, provinces, known_registrations=fresh[0], known_ids=fresh[1])

    plan = Plan(validate, target, revalidate)
    return plan


def _known(conn) -> tuple[set[str], dict[str, str]]:
    """The stored registration numbers, and each stored 14-digit id (a factory's fid, or a registration number
    that is a bare 14-digit id) -> the registration number of its factory."""
    from db.schema import factories
    rows = conn.execute(sa.select(factories.c.registration_no, factories.c.fid)).all()
    regs = {r for r, _ in rows}
    ids = {r: r for r in regs if len(r) == 14 and r.isdigit()}
    ids.update({f: r for r, f in rows if f})
    return regs, ids


def _assessments_plan(engine: Engine, data_dir: Path, criteria=None, areas=None, **_) -> Plan:
    from ingest.assessments import _resolve as assessment_columns
    from ingest.assessments import validate_assessments
    from programme.criteria import current_criteria

    criteria = criteria if criteria is not None else current_criteria(Path(data_dir))
    areas = areas if areas is not None else registry.load_areas(Path(data_dir))
    target = Target(bulk.upsert_assessments, ("area_id", "year", "indicator_id", "criteria_version", "value"),
                    schema.assessments, ("area_id", "year", "indicator_id"), keep=("evidence",))

    def validate(table):
        target.column_of = assessment_columns(table.columns)
        return validate_assessments(table, criteria, areas)

    return Plan(validate, target)


def _plan(kind: str, engine: Engine, data_dir: Path, **refs) -> Plan:
    if kind == "factories":
        return _factories_plan(engine, data_dir, **refs)
    if kind == "assessments":
        return _assessments_plan(engine, data_dir, **refs)
    if kind in ("parties", "flows", "exchanges"):
        from ingest.symbiosis import symbiosis_plan
        return symbiosis_plan(kind, engine, data_dir, **refs)
    raise ValueError(f"unknown import kind {kind!r}; one of {', '.join(KINDS)}")


def _broken_data(exc: Exception) -> Problem:
    return _file_problem(f"ข้อมูลอ้างอิงของระบบ (เช่น เกณฑ์การประเมิน) อ่านไม่ได้ จึงยังนำเข้าไม่ได้ "
                         f"(ไม่มีข้อมูลใดถูกบันทึก) กรุณาแจ้งผู้ดูแลระบบ: {exc}",
                         f"the system's reference data (e.g. the criteria) cannot be read, so nothing can be "
                         f"imported yet (nothing was written); tell the administrator: {exc}")


@releases_memory
def import_file(engine: Engine, kind: str, data: bytes, filename: str, username: str, data_dir: Path | str,
                skip_invalid: bool = False, progress: Progress | None = None,
                upload_root: Path | str | None = None, dry_run: bool = False, **refs) -> ImportResult:
    """Import one file of ``kind`` (:data:`KINDS`; CSV or .xlsx): the one door of every import (the command line
    and the import page call it).  Keeps the upload, reads it, validates it, then lands the valid rows with the
    log row in one transaction, or rejects the file (any error, unless ``skip_invalid``), logged either way.
    ``dry_run``: only say what the file would do (its problems, and how many stored values it changes and
    clears); nothing is kept or written.  ``refs``: ``placer`` (factories, parties), ``criteria`` and ``areas``
    (assessments), to reuse loaded ones."""
    from common.errors import DataError

    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; one of {', '.join(KINDS)}")
    run = _Run(engine, kind, data, filename, username, skip_invalid, progress, upload_root, dry_run)
    table, rejected = _prepare(run)
    if rejected:
        return rejected
    run.step(0.1, "validating")
    try:
        plan = _plan(kind, engine, Path(data_dir), **refs)
    except DataError as exc:             # broken data files (criteria, areas, vocabulary): refused and logged
        return run.reject([_broken_data(exc)], len(table), note=f"data error: {exc}"[:2000])
    clean, problems = plan.validate(table)
    run.step(0.5, "writing")
    return _finish(run, table, clean, problems, plan.target, plan.revalidate)


def import_factories(engine: Engine, data: bytes, filename: str, username: str, data_dir: Path | str,
                     skip_invalid: bool = False, progress: Progress | None = None, placer=None,
                     upload_root: Path | str | None = None, dry_run: bool = False) -> ImportResult:
    """:func:`import_file` of a factory registry file."""
    return import_file(engine, "factories", data, filename, username, data_dir, skip_invalid, progress,
                       upload_root, dry_run, placer=placer)


def import_assessments(engine: Engine, data: bytes, filename: str, username: str, data_dir: Path | str,
                       skip_invalid: bool = False, progress: Progress | None = None, criteria=None, areas=None,
                       upload_root: Path | str | None = None, dry_run: bool = False) -> ImportResult:
    """:func:`import_file` of indicator results (e.g. the filled-in template)."""
    return import_file(engine, "assessments", data, filename, username, data_dir, skip_invalid, progress,
                       upload_root, dry_run, criteria=criteria, areas=areas)


def import_symbiosis(engine: Engine, kind: str, data: bytes, filename: str, username: str, data_dir: Path | str,
                     skip_invalid: bool = False, progress: Progress | None = None,
                     upload_root: Path | str | None = None, placer: Placer | None = None,
                     dry_run: bool = False) -> ImportResult:
    """:func:`import_file` of a parties, flows or exchanges file (CSV or .xlsx)."""
    if kind not in ("parties", "flows", "exchanges"):
        raise ValueError(f"unknown symbiosis import kind {kind!r}; one of parties, flows, exchanges")
    return import_file(engine, kind, data, filename, username, data_dir, skip_invalid, progress, upload_root,
                       dry_run, placer=placer)
