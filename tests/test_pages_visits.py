"""The visits page: an auditor records a verification visit, its team and findings, with evidence."""
import re

from tests.pagetest import module_database, press, signed_in, text

app_database = module_database("visits")


def test_an_auditor_records_a_visit_and_its_findings_on_the_visits_page():
    """demo-auditor opens the visits page: the drafted areas waiting for a visit are listed first; a visit of
    two auditors is short of the rule, a third makes it meet it; a finding per indicator."""
    at = signed_in("demo-auditor", "pages/visits.py", year=2568)
    [b for b in at.button if "กำแพงเพชร" in b.label][0].click().run()          # the queue opens the area's visit
    queue = [b.label for b in at.button if b.key and b.key.startswith("queue_")]   # each shows its item here
    assert any("กำแพงเพชร" in q and "ยังไม่มีการทวนสอบ" in q for q in queue), queue
    assert any("ผู้ทวนสอบ 2 จาก 3 คน" in q for q in queue)                   # the demo's two-auditor visit
    assert "ยังไม่มีบันทึกการทวนสอบของพื้นที่นี้ในปีนี้" in text(at)
    one, two = "ผศ.ดร. สมหญิง ใจดี (มหาวิทยาลัยทดสอบ)", "นายสมชาย ทดสอบ (สถาบันทดสอบ)"
    at.text_area(key="external_kpt-mueang_2568").input(one).run()
    at.multiselect(key="agreed_kpt-mueang_2568").set_value([one]).run()          # who agreed to the findings
    press(at, "บันทึกการทวนสอบ")
    assert "ยังไม่เป็นไปตามเกณฑ์: ผู้ทวนสอบ 2 จาก 3 คน" in text(at)
    at.text_area(key="external_kpt-mueang_2568").input(f"{one}\n{two}").run()
    at.multiselect(key="agreed_kpt-mueang_2568").set_value([one, two]).run()
    press(at, "บันทึกการทวนสอบ")
    assert "เป็นไปตามเกณฑ์ บันทึกว่าทวนสอบแล้วได้" in text(at) and any("บันทึกการทวนสอบแล้ว" in s.value for s in at.success)
    team = at.dataframe[0].value
    assert list(team["หน้าที่"]) == ["หัวหน้าผู้ทวนสอบ", "ผู้ทวนสอบ", "ผู้ทวนสอบ"]
    assert re.search(r"ทวนสอบ \*\*\d{1,2} \S+ 25\d\d\*\* ถึง", "\n".join(m.value for m in at.markdown))  # a BE date
    at.radio(key="find_kind_kpt-mueang_2568").set_value("minor").run()
    press(at, "บันทึกผลตัวชี้วัดนี้")                                          # a nonconformity needs a note
    assert any("ข้อบกพร่องต้องมีบันทึก" in e.value for e in at.error)   # in the page's language
    at.text_input(key="find_note_kpt-mueang_2568").input("ขาดบันทึกการตรวจวัดน้ำเสีย").run()
    press(at, "บันทึกผลตัวชี้วัดนี้")
    findings = at.dataframe[-1].value
    assert list(findings["ผลการทวนสอบ"]) == ["ข้อบกพร่องเล็กน้อย"] and "ขาดบันทึกการตรวจวัดน้ำเสีย" in findings.iloc[0].tolist()
    # evidence of the finding: none yet; the attach button asks for a file; a PDF attached comes as a download
    assert "ยังไม่มีไฟล์หลักฐานของผลการทวนสอบ" in text(at)
    press(at, "แนบไฟล์หลักฐาน")
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
    assert [m for m in at.markdown if "ภาพถ่ายบ่อบำบัด" in m.value and "](/files/finding/" in m.value]  # the app's route
    # Eco Center staff read the visit; they have no form to change it
    staff = signed_in("demo-staff", "pages/visits.py", year=2568, area="kpt-mueang")
    assert "เป็นไปตามเกณฑ์" in text(staff) and not [b for b in staff.button if "บันทึกการทวนสอบ" in b.label]
