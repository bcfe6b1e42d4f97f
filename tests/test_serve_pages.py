"""An address the app has no page for: the server sends it to the front page, which says so in the app's own
words (not Streamlit's English "Page not found")."""
import pytest

import serve
from tests.markdown_check import as_text
from tests.pagetest import module_database, run

app_database = module_database("serve")


@pytest.mark.parametrize("path", ["/trend", "/summaryy", "/ภาพรวม"])
def test_an_unknown_page_is_named(path):
    assert serve.unknown_page(path) == path.strip("/")


@pytest.mark.parametrize("path", ["/", "/trends", "/national", "/import", "/_stcore/health", "/static/js/a.js",
                                  "/app/static/cache/points-1.txt", "/favicon.png", "/media/abc"])
def test_the_pages_and_what_streamlit_serves_are_left_alone(path):
    assert serve.unknown_page(path) is None


def test_behind_a_base_path():
    assert serve.unknown_page("/eit/trend", "eit") == "trend" and serve.unknown_page("/eit/trends", "/eit/") is None


def test_the_front_page_says_the_page_does_not_exist_in_thai():
    at = run(missing="trend")
    text = " ".join(as_text(w.value) for w in at.warning)
    assert "ไม่มีหน้า “trend” ในแดชบอร์ดนี้" in text
