"""The summary page: results with their sources."""


from tests.pagetest import metrics, run, shared_database, text

app_database = shared_database()


def test_summary_page_shows_results_with_sources():
    at = run("pages/summary.py", year=2564)
    m = metrics(at)
    assert m["ระดับ 4 · รับรองแล้ว"] == "4"             # 2564: every level certified
    assert "0.8 ล้านล้านบาท" in m["มูลค่าการลงทุน"]
    assert "ที่มา: ผลการดำเนินงานโครงการของกรมโรงงานอุตสาหกรรม ปี 2564" in text(at)   # the source in Thai
