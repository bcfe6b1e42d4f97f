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
