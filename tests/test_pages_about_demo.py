"""The about page (AppTest on the demo): it says everything the demo invented, and cites the programme's figures
with their source in the page's language."""
from tests.markdown_check import as_text
from tests.pagetest import module_database, run

app_database = module_database("about")
SOURCE_EN = "DIW programme results 2564"
SOURCE_TH = "ผลการดำเนินงานโครงการของกรมโรงงานอุตสาหกรรม ปี 2564"


def _text(at) -> str:
    return "\n".join(as_text(m.value) for m in at.markdown)


def test_the_about_page_says_everything_that_is_demo():
    text = _text(run("pages/about.py"))
    for what in ("ทะเบียนการพึ่งพาอาศัยทางอุตสาหกรรม", "ผู้ประกอบการ (เจ้าของ)", "การรับรองระดับ",
                 "ข้อเสนอแนะของคณะกรรมการ", "โรงงานนอกพื้นที่เป้าหมาย"):
        assert what in text, what


def test_the_programme_figures_are_cited_in_the_pages_language():
    th, en = _text(run("pages/about.py")), _text(run("pages/about.py", lang="en"))
    assert SOURCE_TH in th and SOURCE_EN not in th and "มูลค่าการลงทุน 0.8 ล้านล้านบาท" in th
    assert SOURCE_EN in en and SOURCE_TH not in en and "Investment 0.8 trillion baht" in en


def test_the_summary_cites_the_source_in_thai():
    at = run("pages/summary.py", year=2568)
    captions = "\n".join(as_text(c.value) for c in at.caption)
    assert SOURCE_TH in captions and SOURCE_EN not in captions
