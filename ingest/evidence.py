"""Evidence files a working group attaches to an indicator of its submission, and an audit team to a finding of its
verification visit: the type is decided by the
content (magic bytes), never by the name; the size limit is a setting; the bytes are kept by checksum in the
upload folder's ``evidence/`` part (:func:`ingest.uploads.keep_upload`); they are only ever served back as a
download with the content type found here, never shown inline.

Accepted: PDF (``%PDF-``), PNG, JPEG, an Excel workbook (.xlsx: a ZIP holding ``xl/workbook.xml``) and CSV text
(UTF-8 or TIS-620, no NUL bytes, not markup).  Anything else, e.g. HTML named ``.pdf``, is refused with the
reason in English and Thai, and nothing is kept.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from sqlalchemy.engine import Engine

from common.settings import max_evidence_bytes
from db.evidence import add_evidence
from db.submissions import begin_step
from ingest.uploads import keep_upload, safe_name, upload_root
from workflow.submissions import WorkflowError

#: kind -> (content type, file name endings it may carry, name in Thai)
TYPES = {
    "pdf": ("application/pdf", (".pdf",), "PDF"),
    "png": ("image/png", (".png",), "รูปภาพ PNG"),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg"), "รูปภาพ JPEG"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "Excel (.xlsx)"),
    "csv": ("text/csv", (".csv", ".txt"), "CSV"),
}


def evidence_root() -> Path:
    return upload_root() / "evidence"


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def _is_csv(data: bytes) -> bool:
    if b"\x00" in data or not data.strip():
        return False
    for enc in ("utf-8-sig", "cp874"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    head = text.lstrip()[:2048].lower()
    return not head.startswith("<") and "<script" not in text.lower() and "<html" not in head


def sniff(data: bytes) -> str | None:
    """The kind of ``data`` by its content (a key of :data:`TYPES`), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return "xlsx" if _is_xlsx(data) else None
    return "csv" if _is_csv(data) else None


def check_file(data: bytes, filename: str) -> tuple[str, str]:
    """(safe file name, content type) of an acceptable evidence file; WorkflowError otherwise."""
    limit = max_evidence_bytes()
    if len(data) > limit:
        mb, lim = len(data) / 1024 / 1024, limit / 1024 / 1024
        raise WorkflowError(f"the file is {mb:,.1f} MB, larger than the {lim:,.0f} MB an evidence file may be",
                            f"ไฟล์มีขนาด {mb:,.1f} MB ใหญ่เกินกว่าที่ไฟล์หลักฐานรับได้ ({lim:,.0f} MB)")
    if not data:
        raise WorkflowError("the file is empty", "ไฟล์ว่างเปล่า")
    kind = sniff(data)
    if kind is None:
        raise WorkflowError("the file's content is not a PDF, PNG or JPEG image, Excel workbook (.xlsx) or CSV "
                            "text (the name does not decide): it is refused",
                            "เนื้อหาไฟล์ไม่ใช่ PDF รูปภาพ PNG/JPEG ไฟล์ Excel (.xlsx) หรือ CSV (ไม่ได้ดูจากชื่อไฟล์) จึงรับไม่ได้")
    name = safe_name(filename)
    ctype, endings, th = TYPES[kind]
    if not name.lower().endswith(endings):
        raise WorkflowError(f"the file's content is {kind.upper()} but its name {name!r} says otherwise: rename it "
                            f"to end in {endings[0]}",
                            f"เนื้อหาไฟล์เป็น {th} แต่ชื่อไฟล์ {name!r} ไม่ตรงกัน กรุณาเปลี่ยนชื่อให้ลงท้ายด้วย {endings[0]}")
    return name, ctype


def attach_evidence(engine: Engine, area_id: str, year: int, indicator_id: str, data: bytes, filename: str,
                    by: str, criteria, root: Path | str | None = None) -> int:
    """Attach a file to an indicator of the area's draft or returned submission (the working group of the area
    only, checked in the transaction); returns the evidence id."""
    if indicator_id not in set(criteria.table["indicator_id"]):
        raise WorkflowError(f"unknown indicator {indicator_id!r}", f"ไม่พบตัวชี้วัด {indicator_id!r}")
    name, ctype = check_file(data, filename)
    with engine.begin() as conn:
        sub, _after, user = begin_step(conn, area_id, year, "attach", by, criteria.version)
        _path, digest = keep_upload(data, name, root or evidence_root())
        return add_evidence(conn, sub, indicator_id, name, digest, ctype, len(data), user.username)


def attach_finding_evidence(engine: Engine, area_id: str, year: int, indicator_id: str, data: bytes, filename: str,
                            by: str, root: Path | str | None = None) -> int:
    """Attach a file to the visit's finding on ``indicator_id`` (its audit team only, while the visit may change,
    checked in the transaction by db.visits); the same checks by content as a submission's evidence; returns
    its id."""
    from db.visits import add_finding_evidence

    name, ctype = check_file(data, filename)
    with engine.begin() as conn:
        _path, digest = keep_upload(data, name, root or evidence_root())
        return add_finding_evidence(conn, area_id, year, indicator_id, name, digest, ctype, len(data), by)


def evidence_path(sha256: str, filename: str, root: Path | str | None = None) -> Path:
    """Where the bytes of an evidence file are kept (they may be missing on this server)."""
    return Path(root or evidence_root()) / sha256[:2] / sha256 / safe_name(filename)


def read_evidence(sha256: str, filename: str, root: Path | str | None = None) -> bytes | None:
    """The kept bytes of an evidence file, or None when the file is not on this server."""
    path = evidence_path(sha256, filename, root)
    return path.read_bytes() if path.is_file() else None


def served_file(engine: Engine, token: str | None, kind: str, evidence_id: int,
                root: Path | str | None = None) -> tuple[int, object, bytes | None]:
    """What the app's file route answers for one evidence file, checked at each request: (401, None, None) with
    no open session behind the cookie's ``token``; (404, None, None) when the file does not exist or the
    session's account may not read it (db.evidence.may_read; one answer for both, so nobody learns which files
    exist); else (200, the file's row, its bytes)."""
    from db.evidence import evidence_file, may_read
    from db.sessions import resolve

    found = resolve(engine, token=token) if token and len(token) <= 200 else None
    if found is None or found.status != "ok":
        return 401, None, None
    row = evidence_file(engine, kind, evidence_id)
    if row is None or not may_read(found.user, kind, row.area_id):
        return 404, None, None
    data = read_evidence(row.sha256, row.filename, root)
    return (200, row, data) if data is not None else (404, None, None)
