"""Dates people read are Bangkok dates in the Buddhist era, also in the logs they download and in "ข้อมูล ณ วันที่"
of a database without factories; and a Thai page shows none of Streamlit's own English (multiselects' "Choose
options", the file uploader's "Upload" and its size line beside a different rule)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from common.settings import max_evidence_bytes
from common.years import be_stamp, fiscal_year_span
from tests.pagetest import module_database, signed_in

app_database = module_database("thaidates")


def test_a_stored_moment_reads_as_bangkok_time_in_the_buddhist_era():
    assert be_stamp(dt.datetime(2025, 12, 31, 20, 0)) == "2569-01-01 03:00:00"         # naive: UTC, as stored
    assert be_stamp(pd.Timestamp("2025-01-01 00:00", tz="UTC")) == "2568-01-01 07:00:00"
    assert be_stamp(None) == "" and be_stamp(pd.NaT) == ""
    assert fiscal_year_span(2569)[0] == dt.date(2025, 10, 1)


def test_the_logs_download_with_bangkok_buddhist_era_times_and_safe_cells():
    from ui.people_tables import log_csv
    log = pd.DataFrame({"at": [pd.Timestamp("2025-12-31 18:30", tz="UTC")], "event": ["failure"],
                        "username": ["=HYPERLINK(1)"], "client": [""], "detail": [""]})
    text = log_csv(log, ["at"]).decode("utf-8-sig")
    assert "2569-01-01 01:30:00" in text and "2025" not in text and "'=HYPERLINK(1)" in text


def test_the_data_date_of_a_database_without_factories_is_todays_bangkok_date(engine, monkeypatch):
    import db.records as records
    monkeypatch.setattr(records, "bangkok_today", lambda: dt.date(2026, 1, 1))
    assert records.load_records(engine)["meta"]["data_as_of"] == "2026-01-01"



def test_thai_pages_show_no_streamlit_english():
    pages = [("demo-admin", "pages/accounts.py", {}), ("demo-staff", "pages/imports.py", {}),
             ("demo-auditor", "pages/visits.py", {"year": 2568, "area": "lpn-banklang"}),
             ("demo-wg-rayong", "pages/submit.py", {})]
    evidence_mb = max_evidence_bytes() // (1024 * 1024)
    seen = 0
    for user, page, params in pages:
        at = signed_in(user, page, **params)
        for ms in at.multiselect:
            seen += 1
            assert ms.proto.placeholder.strip() and "Choose" not in ms.proto.placeholder, (page, ms.label)
        uploaders = at.get("file_uploader")
        for up in uploaders:
            assert up.proto.max_upload_size_mb > 0, (page, up.proto.label)
            if "หลักฐาน" in up.proto.label:                               # evidence: the page's own limit
                assert up.proto.max_upload_size_mb == evidence_mb
        if uploaders:                                                   # the uploader's own English is hidden
            css = "\n".join(h.value for h in at.get("html"))
            assert "stFileUploaderDropzoneInstructions" in css and "เลือกไฟล์" in css
    assert seen >= 2
