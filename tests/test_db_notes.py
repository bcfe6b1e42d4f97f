"""Area notes (problems and recommendations) on SQLite and PostgreSQL (fixture ``db_url``, see tests/conftest_db.py)."""
from __future__ import annotations

import pytest

from tests.support import account


def test_area_notes_are_saved_replaced_and_loaded(engine):
    from db.notes import load_notes, save_note

    account(engine, "demo-staff")
    account(engine, "someone")
    with engine.begin() as conn:
        save_note(conn, "ryg-mtp", 2568, "ปัญหา ก", "ข้อเสนอ ข", "demo-staff")
    with engine.begin() as conn:
        save_note(conn, "ryg-mtp", 2568, "ปัญหา ค", "", "someone")
    notes = load_notes(engine)
    assert len(notes) == 1
    row = notes.iloc[0]
    assert (row["problems"], row["recommendations"], row["updated_by"]) == ("ปัญหา ค", "", "someone")
    with pytest.raises(ValueError), engine.begin() as conn:
        save_note(conn, "ryg-mtp", 2568, "x" * 5000, "", "someone")
