"""One bilingual message type: every refusal carries Thai and English as separate fields, a page shows the
reader's language, the command line both (Thai then English)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from common.errors import DataError, Message, Refused, cell_error, message_of

ROOT = Path(__file__).resolve().parents[1]


def test_a_message_reads_in_one_language_or_both():
    m = Message(th="ไม่พบผู้ใช้", en="no user")
    assert m.text("th") == "ไม่พบผู้ใช้" and m.text("en") == "no user"
    assert m.text("xx") == "ไม่พบผู้ใช้"                     # Thai first
    assert m.both() == str(m) == "ไม่พบผู้ใช้ / no user"


def test_a_refusal_keeps_both_fields():
    err = Refused(th="ไม่พบผู้ใช้", en="no user")
    assert isinstance(err, ValueError)
    assert (err.th, err.en, err.text("en")) == ("ไม่พบผู้ใช้", "no user", "no user")
    assert str(err) == "ไม่พบผู้ใช้ / no user"
    assert message_of(err) == Message("ไม่พบผู้ใช้", "no user")
    assert message_of(KeyError("x")).text("en") == str(KeyError("x"))


def test_a_data_error_names_the_cell_in_each_language():
    err = cell_error("areas.csv", 3, "year", "2025", "looks like a Christian-era year", "ดูเหมือนเป็นปี ค.ศ.")
    assert isinstance(err, DataError)
    assert err.message.text("en") == "areas.csv row 3, column year, value '2025': looks like a Christian-era year"
    assert err.message.text("th") == "areas.csv row 3, column year, value '2025': ดูเหมือนเป็นปี ค.ศ."
    assert "ค.ศ." not in err.message.text("en")


@pytest.mark.parametrize("make", [
    lambda: __import__("db.accounts", fromlist=["x"]).normalise_username("!"),
    lambda: __import__("common.years", fromlist=["x"]).be_date(31, 2, 2568),
])
def test_the_data_layer_refuses_with_separate_thai_and_english(make):
    with pytest.raises(Refused) as refused:
        make()
    th, en = refused.value.th, refused.value.en
    assert th and en and th != en
    assert not re.search("[ก-๙]", en)                      # no Thai in the English field
    assert " / " not in th and " / " not in en              # not both joined by a slash


def test_a_page_shows_the_refusal_in_the_readers_language():
    from db.visits import VisitError
    from ui.auth import refusal
    err = VisitError(th="ต้องบันทึกการทวนสอบก่อนแนบหลักฐาน", en="record the visit before its evidence")
    assert refusal(err, "en") == "record the visit before its evidence"
    assert refusal(err, "th") == "ต้องบันทึกการทวนสอบก่อนแนบหลักฐาน"


REFUSALS = r"(AccountError|AccountRefused|VisitError|CertificationError|ReportError|SeedRefused|NotEmptyError|" \
           r"ProductionDatabaseError|Refused)"


def test_no_refusal_is_built_from_one_joined_string():
    """A refusal gets Thai and English as two arguments (th=..., en=...), never one "English / Thai" string."""
    found = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in (".venv", "tests", "static", "var", "artifacts"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(rf"raise {REFUSALS}\(f?[\"']", line):
                found.append(f"{rel}:{n}")
    assert found == []


def test_an_import_problem_is_the_same_message_type():
    from ingest.problems import ERROR, Problem
    p = Problem(3, "lat", "200", ERROR, "พิกัดอยู่นอกประเทศไทย", "outside Thailand")
    assert p.message == Message(th="พิกัดอยู่นอกประเทศไทย", en="outside Thailand")
