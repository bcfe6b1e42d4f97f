"""Every page through Streamlit's AppTest, driven the way a user arrives: by URL query parameters."""
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.appserver import ROOT
from tests.markdown_check import as_text, developer_words, readable_text
from tests.pagetest import module_database, run

app_database = module_database("pages")


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def html(at) -> str:
    return "\n".join(h.value for h in at.get("html"))


def text(at) -> str:
    """What the reader sees of the page's Markdown (data text in it is escaped, see ui/text.py)."""
    parts = [e.value for kind in ("title", "caption", "markdown", "warning", "info", "error", "success",
                                  "subheader", "header")
             for e in getattr(at, kind)]
    return "\n".join(as_text(p) for p in parts)


@pytest.fixture(scope="module")
def a_factory():
    import pandas as pd

    f = pd.read_csv(ROOT / "data" / "demo" / "factories.csv", dtype=str)
    return f.loc[f["area_id"] == "ryg-mtp"].iloc[0]


def test_national_page_shows_the_published_2564_levels_of_phase_one():
    at = run(year=2564, phase=1)
    m = metrics(at)
    assert m["พื้นที่ในโครงการ"] == "18/18"
    assert (m["ระดับ 2"], m["ระดับ 3"], m["ระดับ 4"]) == ("9", "5", "4")
    assert m["โรงงานในพื้นที่"] == "4,494"
    table = html(at)
    assert table.count("<tr>") == 18 + 1  # 18 rows + header


def test_national_page_all_53_areas_and_not_yet_joined_areas_are_marked():
    at = run(year=2562)
    table = html(at).split('id="area-table"')[1]
    rows = re.findall(r"<tr>.*?</tr>", table, flags=re.S)
    assert len(rows) == 53 + 1
    assert metrics(at)["พื้นที่ในโครงการ"] == "18/53"
    assert table.count("ยังไม่เข้าร่วม") == 53 - 18  # shown as not yet in the programme, not as level 0


def test_province_filter_from_the_url():
    at = run(province=21)  # Rayong
    table = html(at)
    assert "ryg-mtp" in table and "ryg-irpc" in table
    assert "pte-bangkadi" not in table


def test_sorting_by_level_through_the_url():
    at = run(year=2564, phase=1, sort="level", desc=1)
    ids = re.findall(r'<td class="name"><a href="area\?[^"]*area=([a-z][a-z0-9-]+)"', html(at))
    levels = [int(x) for x in re.findall(r"ระดับ (\d)</span>", html(at))]
    assert len(ids) == 18 and levels == sorted(levels, reverse=True)


def test_english_toggle_in_the_url():
    at = run(lang="en")
    assert at.title[0].value == "Eco Industrial Towns: all target areas"
    assert "Demo data" in text(at)


def test_area_page_through_query_parameters():
    at = run("pages/area.py", area="nma-mueang", year=2565)
    assert "นครราชสีมา" in at.title[0].value
    assert metrics(at)["ระดับ"] == "4"  # Nakhon Ratchasima reached level 4 in 2565
    body = text(at)
    assert "สิ่งที่ยังขาดเพื่อไปถึงระดับ 5" in body
    assert len(at.tabs) == 5  # the scorecard, one tab per dimension
    assert "factory-table" in html(at)


def test_area_page_previous_year_and_blockers():
    at = run("pages/area.py", area="nma-mueang", year=2564)
    assert metrics(at)["ระดับ"] == "3"
    blockers = at.dataframe[0].value
    assert len(blockers) >= 1  # at least one indicator keeps it below level 4


def test_area_page_unknown_id_is_a_clear_message():
    at = run("pages/area.py", area="no-such-area")
    assert any("no-such-area" in as_text(e.value) for e in at.error)


def test_factory_page_through_query_parameters(a_factory):
    at = run("pages/factory.py", factory=a_factory["registration_no"])
    assert as_text(at.title[0].value) == a_factory["name_th"]
    page = html(at)
    assert "history-strip" in page and "checklist" in page and "badges" in page
    assert "ข้อมูล ณ วันที่" in text(at)


def test_factory_page_unknown_registration_is_a_clear_message():
    at = run("pages/factory.py", factory="9-999-999/99xx")
    assert any("9-999-999/99xx" in as_text(e.value) for e in at.error)


def test_about_page_shows_the_boundary_attribution_in_the_page_language():
    at = run("pages/about.py")
    assert "CC BY 3.0 IGO" in text(at) and "กรมแผนที่ทหาร" in text(at)
    assert "Royal Thai Survey Department" not in text(at)
    en = run("pages/about.py", lang="en")
    assert "Royal Thai Survey Department" in text(en) and "กรมแผนที่ทหาร" not in text(en)
    units = en.dataframe[0].value.iloc[:, 2].tolist()          # the boundary's units by name, no codes
    assert "Maptaphut subdistrict" in ", ".join(units) and not any(re.search(r"\d{4}", u) for u in units)


@pytest.mark.parametrize("page", ["pages/national.py", "pages/area.py", "pages/factory.py", "pages/about.py"])
def test_every_page_says_it_shows_demo_data(page):
    at = run(page if page != "pages/national.py" else None)
    assert any("ข้อมูลสาธิต" in w.value for w in at.warning)
    assert any("CC BY 3.0 IGO" in as_text(c.value) for c in at.caption)


def test_front_door_short_link_opens_the_area_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["area"] = "ryg-irpc"
    at.run()
    assert not at.exception
    assert at.title[0].value.startswith("เขตประกอบการไออาร์พีซี")


def test_year_on_year_page_counts_changes():
    at = run("pages/trends.py", year=2565, **{"from": 2564})
    m = metrics(at)
    assert int(m["ระดับสูงขึ้น"]) >= 1  # Nakhon Ratchasima went from 3 to 4
    assert sum(int(m[k]) for k in ("ระดับสูงขึ้น", "ระดับเท่าเดิม", "ระดับลดลง", "เข้าร่วมใหม่", "ไม่มีผลประเมิน")) == 53
    assert "ยังขาด" in text(at)


def test_summary_page_shows_results_with_sources():
    at = run("pages/summary.py", year=2564)
    m = metrics(at)
    assert m["ระดับ 4"] == "4"
    assert "0.8 ล้านล้านบาท" in m["มูลค่าการลงทุน"]
    assert "ที่มา: ผลการดำเนินงานโครงการของกรมโรงงานอุตสาหกรรม ปี 2564" in text(at)   # the source in Thai


def test_presentation_mode_steps_through_the_filter():
    at = run("pages/present.py", year=2564, province=21, i=1)
    first = at.title[0].value
    assert "ระยอง" in first
    assert any("1 จาก 2" in str(p.proto) for p in at.get("progress"))
    at.button[1].click().run()  # next
    assert not at.exception
    second = at.title[0].value
    assert second != first and "ระยอง" in second
    assert at.button[1].disabled  # last area: no next


@pytest.mark.parametrize("page", ["pages/imports.py", "pages/certification.py", "pages/audit.py", "pages/accounts.py",
                                  "pages/visits.py"])
def test_a_viewer_reaching_a_staff_page_by_url_is_refused(page):
    at = run(page)
    assert any("เจ้าหน้าที่" in e.value or "ผู้ดูแลระบบ" in e.value for e in at.error)
    assert len(at.get("file_uploader")) == 0 and len(at.button) == 0


def sign_in(at: AppTest, user: str, password: str) -> AppTest:
    at.switch_page("pages/signin.py").run()
    at.text_input[0].input(user)
    at.text_input[1].input(password)
    at.button[0].click().run()
    return at


def test_wrong_password_is_refused_and_staff_can_sign_in():
    at = run()
    sign_in(at, "demo-staff", "wrong")
    assert any("ไม่ถูกต้อง" in e.value for e in at.error)
    sign_in(at, "demo-staff", "demo")
    assert at.session_state["user"] == {"username": "demo-staff", "role": "staff", "areas": []}
    at.switch_page("pages/imports.py").run()
    assert not at.exception and not at.error
    assert len(at.get("file_uploader")) == 2  # factory registry and assessments
    at.switch_page("pages/accounts.py").run()
    assert any("ผู้ดูแลระบบ" in e.value for e in at.error)  # staff is not admin


def _signed_in(user: str, page: str, **params) -> AppTest:
    at = run()
    sign_in(at, user, "demo")
    for k, v in params.items():
        at.query_params[k] = str(v)
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _press(at: AppTest, label_part: str) -> None:
    [b for b in at.button if label_part in b.label][0].click().run()
    assert not at.exception, [e.message for e in at.exception]


def test_an_auditor_records_a_visit_and_its_findings_on_the_visits_page():
    """demo-auditor opens the visits page: the drafted areas waiting for a visit are listed first; a visit of
    two auditors is short of the rule, a third makes it meet it; a finding per indicator."""
    at = _signed_in("demo-auditor", "pages/visits.py", year=2568)
    [b for b in at.button if "กำแพงเพชร" in b.label][0].click().run()          # the queue opens the area's visit
    queue = [b.label for b in at.button if b.key and b.key.startswith("queue_")]   # each shows its item here
    assert any("กำแพงเพชร" in q and "ยังไม่มีการทวนสอบ" in q for q in queue), queue
    assert any("ผู้ทวนสอบ 2 จาก 3 คน" in q for q in queue)                   # the demo's two-auditor visit
    assert "ยังไม่มีบันทึกการทวนสอบของพื้นที่นี้ในปีนี้" in text(at)
    at.text_area(key="external_kpt-mueang_2568").input("ผศ.ดร. สมหญิง ใจดี (มหาวิทยาลัยทดสอบ)").run()
    _press(at, "บันทึกการทวนสอบ")
    assert "ยังไม่เป็นไปตามเกณฑ์: ผู้ทวนสอบ 2 จาก 3 คน" in text(at)
    at.text_area(key="external_kpt-mueang_2568").input("ผศ.ดร. สมหญิง ใจดี (มหาวิทยาลัยทดสอบ)\nนายสมชาย ทดสอบ").run()
    _press(at, "บันทึกการทวนสอบ")
    assert "เป็นไปตามเกณฑ์ บันทึกว่าทวนสอบแล้วได้" in text(at) and any("บันทึกการทวนสอบแล้ว" in s.value for s in at.success)
    team = at.dataframe[0].value
    assert list(team["หน้าที่"]) == ["หัวหน้าผู้ทวนสอบ", "ผู้ทวนสอบ", "ผู้ทวนสอบ"]
    assert re.search(r"ทวนสอบ \*\*\d{1,2} \S+ 25\d\d\*\* ถึง", "\n".join(m.value for m in at.markdown))  # a BE date
    at.radio(key="find_kind_kpt-mueang_2568").set_value("minor").run()
    _press(at, "บันทึกผลตัวชี้วัดนี้")                                          # a nonconformity needs a note
    assert any("needs a note" in e.value for e in at.error)
    at.text_input(key="find_note_kpt-mueang_2568").input("ขาดบันทึกการตรวจวัดน้ำเสีย").run()
    _press(at, "บันทึกผลตัวชี้วัดนี้")
    findings = at.dataframe[-1].value
    assert list(findings["ผลการทวนสอบ"]) == ["ข้อบกพร่องเล็กน้อย"] and "ขาดบันทึกการตรวจวัดน้ำเสีย" in findings.iloc[0].tolist()
    # evidence of the finding: none yet; the attach button asks for a file; a PDF attached comes as a download
    assert "ยังไม่มีไฟล์หลักฐานของผลการทวนสอบ" in text(at)
    _press(at, "แนบไฟล์หลักฐาน")
    assert any("กรุณาเลือกไฟล์ที่จะแนบก่อน" in e.value for e in at.error)
    from db.engine import get_engine
    from ingest.evidence import attach_finding_evidence
    engine = get_engine()
    try:
        ind = at.selectbox(key="fev_ind_kpt-mueang_2568").value
        attach_finding_evidence(engine, "kpt-mueang", 2568, ind, b"%PDF-1.4\n%%EOF\n", "ภาพถ่ายบ่อบำบัด.pdf",
                                "demo-auditor")
    finally:
        engine.dispose()
    at.run()
    assert [d for d in at.get("download_button") if "ภาพถ่ายบ่อบำบัด.pdf" in d.proto.label]
    # Eco Center staff read the visit; they have no form to change it
    staff = _signed_in("demo-staff", "pages/visits.py", year=2568, area="kpt-mueang")
    assert "เป็นไปตามเกณฑ์" in text(staff) and not [b for b in staff.button if "บันทึกการทวนสอบ" in b.label]


def test_a_level_moves_from_draft_to_verified_to_certified_by_different_people():
    """An auditor's visit meets the rule, demo-staff2 verifies the drafted level (demo-staff drafted it), the
    certify button is not theirs; demo-secretary sees it awaiting the committee and certifies with confirmation."""
    from db.engine import get_engine
    from tests.support import record_visit
    area = "lpn-banklang"
    at = _signed_in("demo-staff2", "pages/certification.py", year=2568, area=area)
    _press(at, "ทวนสอบแล้ว (ผู้ตรวจ")                                      # no visit yet: refused, with why
    assert any("ยังไม่มีบันทึกการทวนสอบ" in e.value for e in at.error) and "สถานะ: ร่าง" in text(at)
    engine = get_engine()
    try:
        record_visit(engine, area, 2568, lead="demo-auditor")
    finally:
        engine.dispose()
    at.run()
    assert "การทวนสอบ ณ พื้นที่: เป็นไปตามเกณฑ์ (ผู้ทวนสอบ 3 คน, 1 วัน)" in text(at)
    _press(at, "ทวนสอบแล้ว (ผู้ตรวจ")
    assert "ทวนสอบแล้ว (รอคณะกรรมการรับรอง)" in text(at)
    assert [b for b in at.button if "รับรอง (คณะกรรมการ)" in b.label][0].disabled    # staff do not certify

    sec = _signed_in("demo-secretary", "pages/certification.py", year=2568, area=area)

    def waiting(at) -> int:                                # the queue's title counts what awaits the committee
        return int(re.search(r"ระดับที่รอคณะกรรมการรับรอง \((\d+) รายการ\)", text(at)).group(1))
    from db.records import certifications
    engine = get_engine()
    try:
        verified = int((certifications(engine)["status"] == "verified").sum())
    finally:
        engine.dispose()
    assert waiting(sec) == verified and any("รอคณะกรรมการรับรอง" in b.label for b in sec.button)
    assert [b for b in sec.button if "ทวนสอบแล้ว (ผู้ตรวจ" in b.label][0].disabled           # verifying is the Eco Center's
    _press(sec, "รับรอง (คณะกรรมการ)")                     # not confirmed: nothing happens but a sentence
    assert "สถานะ: รับรองแล้ว" not in text(sec) and any("ยืนยัน" in e.value for e in sec.error)
    sec.checkbox(key=f"confirm_{area}_2568").check().run()
    _press(sec, "รับรอง (คณะกรรมการ)")
    assert "สถานะ: รับรองแล้ว" in text(sec) and any("รับรองระดับ" in s.value for s in sec.success)
    assert waiting(sec) == verified - 1                                          # no longer waiting
    _press(sec, "บันทึกร่าง")                              # a stray click on a certified level changes nothing
    assert "สถานะ: รับรองแล้ว" in text(sec)
    hist = sec.dataframe[-1].value
    assert list(hist["สถานะ"])[-3:] == ["ร่าง", "ทวนสอบแล้ว", "รับรองแล้ว"]          # people's words, not ids
    assert list(hist["ผู้ดำเนินการ"])[-3:] == ["demo-staff", "demo-staff2", "demo-secretary"]
    assert re.fullmatch(r"\d{1,2} \S+ 25\d\d \d\d:\d\d", hist["เมื่อ"].iloc[-1])     # e.g. 1 ธ.ค. 2569 17:05


def test_staff_records_problems_and_they_show_on_the_area_page_and_in_presentation_mode():
    at = run()
    sign_in(at, "demo-staff", "demo")
    at.query_params["year"] = "2568"
    at.query_params["area"] = "skh-sadao"
    at.switch_page("pages/certification.py").run()
    areas = [a for a in at.text_area]
    areas[0].input("น้ำเสียจากนิคมเกินมาตรฐานในฤดูแล้ง")
    areas[1].input("ติดตั้งระบบตรวจวัดออนไลน์")
    [b for b in at.button if "บันทึกปัญหา" in b.label][0].click().run()
    assert not at.exception and any("บันทึกแล้ว" in s.value for s in at.success)
    at.switch_page("pages/area.py").run()
    assert "น้ำเสียจากนิคมเกินมาตรฐานในฤดูแล้ง" in [x.value for x in at.text]
    at.query_params["province"] = "90"
    for i in range(1, 6):  # step to the Sadao slide of the Songkhla areas
        at.query_params["i"] = str(i)
        at.switch_page("pages/present.py").run()
        if "สะเดา" in at.title[0].value:
            break
    assert "สะเดา" in at.title[0].value
    assert "ติดตั้งระบบตรวจวัดออนไลน์" in [x.value for x in at.text]



def test_level_filter_means_the_level_on_record_on_the_national_page_and_in_presentation_mode(app_database):
    """One certification rule (scoring.certified): an area drafted at a level other than its computed one is
    found under that level by ?level= on / and on /present alike."""
    from db.certification import set_certification
    from db.engine import get_engine
    from db.snapshot import load_dataset_from_db
    from scoring.summary import build_model

    run(year=2568)                                   # the first page run fills the fresh database with the demo
    engine = get_engine(app_database)
    ds = load_dataset_from_db(ROOT / "data", engine)
    levels = build_model(ds.assessments, ds.criteria).levels
    computed = int(levels.loc[(levels["area_id"] == "ryg-mtp") & (levels["year"] == 2568), "level"].iloc[0])
    other = 1 if computed != 1 else 2
    with engine.begin() as conn:
        set_certification(conn, "ryg-mtp", 2568, other, "draft", "demo-staff", note="test")
    engine.dispose()
    names = ds.areas.set_index("area_id")["name_th"]

    national = run(year=2568, province=21, level=other)
    on_national = {a for a in names.index if f"area={a}" in html(national)}
    assert "ryg-mtp" in on_national
    in_present, i = set(), 1
    while True:
        at = run("pages/present.py", year=2568, province=21, level=other, i=i)
        in_present.add(names[names == as_text(at.title[0].value)].index[0])
        if len(in_present) >= len(on_national) or i > 10:
            break
        i += 1
    assert in_present == on_national


def test_lists_and_tables_are_in_thai_dictionary_order():
    """The province filter, the area picker, the area table and presentation mode sort Thai by Thai order
    (common.thai), not by code point (which puts เ แ โ ใ ไ after อ)."""
    from common.thai import sorted_thai

    at = run(year=2568)
    provinces = [o for o in at.selectbox(key="url_province").options if o]
    assert provinces == sorted_thai(provinces) and provinces != sorted(provinces)
    table_provinces = re.findall(r'<td class="prov">([^<]+)</td>', html(at))
    assert len(table_provinces) >= 40 and table_provinces == sorted_thai(table_provinces)
    area = run("pages/area.py")
    picks = [o for o in area.selectbox(key="url_area").options if o]
    assert picks == sorted_thai(picks)


@pytest.mark.parametrize("page,params,label", [
    (None, {"province": "99"}, "จังหวัด"),
    (None, {"region": "atlantis"}, "ภาค"),
    ("pages/trends.py", {"from": "2568", "year": "2565"}, "จากปี"),     # a reversed year range
])
def test_a_filter_that_names_nothing_says_so(page, params, label):
    at = run(page, **params)
    warned = [w.value for w in at.warning if "ไม่มีในข้อมูล" in w.value]
    assert warned and label in warned[0] and list(params.values())[0] in warned[0]


PUBLIC_PAGES = [None, "pages/area.py", "pages/factory.py", "pages/trends.py", "pages/summary.py", "pages/present.py",
                "pages/about.py", "pages/signin.py"]


@pytest.mark.parametrize("page", PUBLIC_PAGES)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_no_developer_words_where_a_user_reads(page, lang, a_factory):
    """Environment variables, internal ids in brackets, file names, shell commands and version slugs belong in
    the README, not the pages: every text, widget option, HTML block and table of every public page."""
    at = run(page, year=2568, area="ryg-mtp", factory=a_factory["registration_no"], lang=lang)
    assert developer_words(at) == [], (page, lang)
    for word in ("illustrative", "make_demo_data", "clear-demo"):     # (an English page may say "illustrative")
        assert lang == "en" or word not in readable_text(at), (page, word)


@pytest.mark.parametrize("page", ["pages/imports.py", "pages/certification.py", "pages/audit.py", "pages/accounts.py"])
def test_no_developer_words_on_the_staff_pages(page):
    at = run()
    at.switch_page("pages/signin.py").run()
    at.text_input[0].input("demo-admin")
    at.text_input[1].input("demo")
    at.button[0].click().run()
    assert at.session_state["user"]["role"] == "admin"
    at.query_params["area"] = "ryg-mtp"
    at.query_params["year"] = "2568"
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert developer_words(at) == [], page


def test_the_developer_word_check_can_fail():
    """The check sees an id in brackets in a selectbox option and a setting's name in an HTML block."""
    at = AppTest.from_string(
        "import streamlit as st\n"
        "st.selectbox('x', ['มาบตาพุด [ryg-mtp]'])\n"
        "st.html('<p>set EIT_MAX_ROWS</p><style>.a{}</style>')\n"
        "st.markdown('run python -m store init with data/areas.csv')\n").run()
    assert developer_words(at) == ["EIT_MAX_ROWS", "[ryg-mtp]", "areas.csv", "python -m"]


def _links(at) -> dict[str, dict]:
    """The page links of the run: label -> query parameters."""
    from urllib.parse import parse_qs

    return {p.proto.label: {k: v[0] for k, v in parse_qs(p.proto.query_string).items()} for p in at.get("page_link")}


def test_the_front_page_says_how_this_year_went_on_the_levels_on_record():
    """Up / same / down against the year before and the movers, from scoring.movers on the levels on record,
    for the areas of the filter; and how many are not certified."""
    from db.snapshot import load_dataset_from_db
    from scoring.certified import levels_on_record
    from scoring.movers import certification_tally, year_change
    from scoring.summary import build_model
    from tests.markdown_check import _html_text
    from ui.context import engine

    at = run(year=2568, phase=1)
    board = _html_text(next(h.value for h in at.get("html") if 'id="glance"' in h.value))
    ds = load_dataset_from_db(ROOT / "data", engine())
    model = build_model(ds.assessments, ds.criteria)
    phase1 = ds.areas.loc[ds.areas["phase"].astype(int) == 1]
    on_record = levels_on_record(model.levels, ds.certifications)
    ch = year_change(on_record, phase1, 2568)
    tally = certification_tally(on_record, phase1["area_id"], 2568)
    assert ch.previous == 2567 and ch.up + ch.same + ch.down + ch.new == len(phase1)
    assert f"▲ {ch.up}" in board and f"= {ch.same}" in board and f"▼ {ch.down}" in board
    first = phase1.set_index("area_id").loc[ch.movers["area_id"].iloc[0], "name_th"]
    assert first in board
    assert f"{tally['uncertified']} จาก {len(phase1)} พื้นที่" in board


def test_the_province_follows_from_the_front_page_to_an_area_presentation_mode_and_back():
    at = run(year=2568, province="21", level=3)
    board = next(h.value for h in at.get("html") if 'id="glance"' in h.value)
    assert re.search(r'href="present\?[^"]*province=21[^"]*"', board)
    area = run("pages/area.py", area="ryg-mtp", year=2568, province="21")
    picks = area.selectbox(key="url_area").options
    assert len(picks) == 2 and all(p.endswith("จ.ระยอง") for p in picks)      # the province's areas only
    links = _links(area)
    back = links["กลับไปภาพรวมประเทศ"]
    assert back["province"] == "21" and back["year"] == "2568" and "area" not in back
    assert "province" not in links["เลือกจากทุกจังหวัด"]
    present = run("pages/present.py", year=2568, province="21", i=1)
    assert _links(present)["ออกจากโหมดนำเสนอ"]["province"] == "21"
