"""Text people type (a note, a remark, a comment, a user name at sign-in), made storable the same way on every
database: SQLite keeps a NUL character and PostgreSQL refuses it with a driver error, so the one function
:func:`clean_text` takes such characters out at the edge of the data layer, before any query sees them.  (Imported
files have their own checks, ingest.importer.)"""
from __future__ import annotations

import re

# C0 control characters other than tab, line feed and carriage return, DEL, and lone UTF-16 surrogates (which no
# database can encode)
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(value) -> str:
    """``value`` as text without NUL and the other control characters (tab and line breaks kept) and without
    lone surrogates; None gives ''.  Nothing else changes (no stripping, no shortening)."""
    if value is None:
        return ""
    return _UNSTORABLE.sub("", str(value))


_THAI = re.compile("[\u0e01-\u0e5b]")
_LETTER = re.compile(r"[^\W\d_]")
# "ryg-mtp 2568: " / "ryg-mtp ปี 2568: ": the record a data-layer message starts with (the page names it already)
_RECORD = re.compile(r"^[a-z0-9][a-z0-9._-]* (?:ปี )?\d{4}: ")
# 'x' as Python writes a value into a message: the quotes go, the value stays
_QUOTED = re.compile(r"(?<![\w'])'([^'\n]+?)'(?![\w'])")


def _thai_share(text: str) -> float:
    letters = _LETTER.findall(text)
    return sum(1 for c in letters if _THAI.match(c)) / len(letters) if letters else 0.0


def in_language(message: str, lang: str) -> str:
    """A refusal as a person reads it in ``lang``: of a two-language message ("English / ไทย", as the data layer
    writes them) the part in that language, without the record it starts with (``ryg-mtp 2568:``; the page
    names the record) and without Python's quotes around values; a message in one language is kept whole."""
    parts = str(message).split(" / ")
    best, split = 0.4, None
    for i in range(1, len(parts)):
        en, th = " / ".join(parts[:i]), " / ".join(parts[i:])
        gap = _thai_share(th) - _thai_share(en)
        if gap > best:
            best, split = gap, (en, th)
    text = str(message) if split is None else (split[1] if lang == "th" else split[0])
    return _QUOTED.sub(r"\1", _RECORD.sub("", text.strip()))
