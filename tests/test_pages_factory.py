"""The factory page through its URL."""


from tests.markdown_check import as_text
from tests.pagetest import html, run, shared_database, text

app_database = shared_database()


def test_factory_page_through_query_parameters(a_factory):
    at = run("pages/factory.py", factory=a_factory["registration_no"])
    assert as_text(at.title[0].value) == a_factory["name_th"]
    page = html(at)
    assert "history-strip" in page and "checklist" in page and "badges" in page
    assert "ข้อมูล ณ วันที่" in text(at)


def test_factory_page_unknown_registration_is_a_clear_message():
    at = run("pages/factory.py", factory="9-999-999/99xx")
    assert any("9-999-999/99xx" in as_text(e.value) for e in at.error)
