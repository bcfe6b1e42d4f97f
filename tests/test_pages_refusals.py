"""A refusal belongs to the record it was about and is written in the page's language (AppTest on app.py, the
demo database): switching the area drops the last area's refusal; a Thai page shows the Thai sentence alone and
an English page the English one, without the record's internal id or Python's quotes; and no table on these
pages shows "None"."""
from __future__ import annotations

import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from common.text import in_language
from tests.pagetest import module_database, signed_in

app_database = module_database("refusals")
AREA, OTHER = "lpn-banklang", "skh-sadao"
THAI = re.compile("[\u0e01-\u0e5b]")




def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def _no_none_in_tables(at: AppTest) -> None:
    for frame in at.dataframe:
        value = frame.value
        cells = value.astype(object).to_numpy().ravel().tolist() if isinstance(value, pd.DataFrame) else []
        assert not [c for c in cells if c is None or (isinstance(c, float) and pd.isna(c)) or str(c) == "None"]


def test_in_language_keeps_one_language_without_the_record_or_quotes():
    message = ("lpn-banklang 2568: the account 'somchai' may not verify / lpn-banklang ปี 2568: บัญชีผู้ใช้ 'somchai' "
               "ไม่มีสิทธิ์")
    assert in_language(message, "th") == "บัญชีผู้ใช้ somchai ไม่มีสิทธิ์"
    assert in_language(message, "en") == "the account somchai may not verify"
    assert in_language("ต้องระบุผู้ใช้", "en") == "ต้องระบุผู้ใช้"          # one language: kept whole


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_a_certification_refusal_speaks_the_pages_language_and_stays_with_its_area():
    """Verifying without a visit is not offered (workflow.certification): the reason under the button reads in
    the page's language alone, without the record's id or quotes, and opening another area shows no error."""
    at = signed_in("demo-staff2", "pages/certification.py", year=2568, area=AREA)
    _no_none_in_tables(at)
    assert [b for b in at.button if "ทวนสอบแล้ว (ผู้ตรวจ" in b.label][0].disabled
    said = [c for c in _captions(at) if "ยังไม่มีบันทึกการทวนสอบ" in c]
    assert said and not re.search(r"[A-Za-z]{4,}", said[0].replace("\\", ""))     # Thai alone
    assert AREA not in said[0] and "'" not in said[0]
    at.selectbox(key="url_area").set_value(OTHER).run()
    assert not at.exception and not _errors(at)
    _no_none_in_tables(at)

    en = signed_in("demo-staff2", "pages/certification.py", year=2568, area=AREA, lang="en")
    reason = [c for c in _captions(en) if "visit" in c.lower()]
    assert reason and not any(THAI.search(c) for c in reason)                    # English alone
    assert not any(AREA in c or "'" in c for c in reason)


def test_a_visit_refusal_stays_with_its_area():
    at = signed_in("demo-auditor", "pages/visits.py", year=2568, area=AREA)
    _no_none_in_tables(at)
    # the last day a year before the first: refused, in Thai alone
    at.selectbox(key=f"end_{AREA}_2568_y").set_value(2567).run()
    [b for b in at.button if b.label == "บันทึกการทวนสอบ"][0].click().run()
    assert _errors(at) and not any(re.search(r"[A-Za-z]{5,}", e) for e in _errors(at))
    at.selectbox(key="url_area").set_value(OTHER).run()
    assert not at.exception and not _errors(at)
