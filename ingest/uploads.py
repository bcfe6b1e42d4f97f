"""Every uploaded file is kept as it arrived, content-addressed: ``<root>/<sha[:2]>/<sha256>/<original name>``.

A file is written once and never overwritten: the same bytes uploaded again (under the same name) find their
copy; under another name they get a second name in the same folder.  ``EIT_UPLOAD_DIR`` moves the root
(default ``<repo>/var/uploads``).
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from common.settings import env, var_dir


def upload_root() -> Path:
    return Path(env("EIT_UPLOAD_DIR") or var_dir() / "uploads")


def safe_name(filename: str) -> str:
    """The base name of ``filename`` with path separators, control and shell-hostile characters replaced
    (Thai letters kept), at most 120 characters; ``upload`` when nothing is left."""
    name = unicodedata.normalize("NFC", str(filename or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join("_" if unicodedata.category(c).startswith("C") else c for c in name)
    name = re.sub(r'[<>:"|?*\x00/]', "_", name).strip(" .")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 120 - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else name[:120]
    return name or "upload"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keep_upload(data: bytes, filename: str, root: Path | str | None = None) -> tuple[Path, str]:
    """Store ``data`` (if not stored already) and return (its path, its sha256)."""
    digest = sha256_of(data)
    folder = Path(root or upload_root()) / digest[:2] / digest
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_name(filename)
    if path.exists():
        if path.stat().st_size == len(data) and sha256_of(path.read_bytes()) == digest:
            return path, digest
        raise FileExistsError(f"{path} exists with other content; refusing to overwrite")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)          # fails instead of replacing if another writer got there first
        except FileExistsError:
            pass
        except OSError:                 # no hard links on this file system
            with open(path, "xb") as fh:
                fh.write(data)
    finally:
        os.unlink(tmp)
    return path, digest
