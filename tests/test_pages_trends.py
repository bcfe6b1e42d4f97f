"""The year-on-year page."""


from tests.pagetest import metrics, run, shared_database, text

app_database = shared_database()


def test_year_on_year_page_counts_changes():
    at = run("pages/trends.py", year=2565, **{"from": 2564})
    m = metrics(at)
    assert int(m["ระดับสูงขึ้น"]) >= 1  # Nakhon Ratchasima went from 3 to 4
    assert sum(int(m[k]) for k in ("ระดับสูงขึ้น", "ระดับเท่าเดิม", "ระดับลดลง", "เข้าร่วมใหม่", "ไม่มีผลประเมิน")) == 53
    assert "ยังขาด" in text(at)
