"""The certification page: a level moves from draft to verified to certified by different people; staff record
problems that show on the area page and in presentation mode."""
import re

from tests.pagetest import module_database, press, run, sign_in, signed_in, text

app_database = module_database("certification")


def test_a_level_moves_from_draft_to_verified_to_certified_by_different_people():
    """An auditor's visit meets the rule, demo-staff2 verifies the drafted level (demo-staff drafted it), the
    certify button is not theirs; demo-secretary sees it awaiting the committee and certifies with confirmation."""
    from db.engine import get_engine
    from tests.support import record_visit
    area = "lpn-banklang"
    at = signed_in("demo-staff2", "pages/certification.py", year=2568, area=area)
    verify = [b for b in at.button if "ทวนสอบแล้ว (ผู้ตรวจ" in b.label][0]       # no visit yet: not offered, with why
    assert verify.disabled and "ยังไม่มีบันทึกการทวนสอบ" in text(at) and "สถานะ: ร่าง" in text(at)
    engine = get_engine()
    try:
        record_visit(engine, area, 2568, lead="demo-auditor")
    finally:
        engine.dispose()
    at.run()
    assert "การทวนสอบ ณ พื้นที่: เป็นไปตามเกณฑ์ (ผู้ทวนสอบ 3 คน, 1 วัน)" in text(at)
    press(at, "ทวนสอบแล้ว (ผู้ตรวจ")
    assert "ทวนสอบแล้ว (รอคณะกรรมการรับรอง)" in text(at)
    assert [b for b in at.button if "รับรอง (คณะกรรมการ)" in b.label][0].disabled    # staff do not certify

    sec = signed_in("demo-secretary", "pages/certification.py", year=2568, area=area)

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
    press(sec, "รับรอง (คณะกรรมการ)")                     # not confirmed: nothing happens but a sentence
    assert "สถานะ: รับรองแล้ว" not in text(sec) and any("ยืนยัน" in e.value for e in sec.error)
    sec.checkbox(key=f"confirm_{area}_2568").check().run()
    press(sec, "รับรอง (คณะกรรมการ)")
    assert "สถานะ: รับรองแล้ว" in text(sec) and any("รับรองระดับ" in s.value for s in sec.success)
    assert waiting(sec) == verified - 1                                          # no longer waiting
    press(sec, "บันทึกร่าง")                              # a stray click on a certified level changes nothing
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
