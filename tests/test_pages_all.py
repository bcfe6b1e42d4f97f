"""What every public page does: says it shows demo data, says when a filter names nothing, and shows no
developer words to its reader (and the check of that can fail)."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.markdown_check import as_text, developer_words, readable_text
from tests.pagetest import run, shared_database

app_database = shared_database()


@pytest.mark.parametrize("page", ["pages/national.py", "pages/area.py", "pages/factory.py", "pages/about.py"])
def test_every_page_says_it_shows_demo_data(page):
    at = run(page if page != "pages/national.py" else None)
    assert any("ข้อมูลสาธิต" in w.value for w in at.warning)
    assert any("CC BY 3.0 IGO" in as_text(c.value) for c in at.caption)


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


def test_the_developer_word_check_can_fail():
    """The check sees an id in brackets in a selectbox option and a setting's name in an HTML block."""
    at = AppTest.from_string(
        "import streamlit as st\n"
        "st.selectbox('x', ['มาบตาพุด [ryg-mtp]'])\n"
        "st.html('<p>set EIT_MAX_ROWS</p><style>.a{}</style>')\n"
        "st.markdown('run python -m store init with data/areas.csv')\n").run()
    assert developer_words(at) == ["EIT_MAX_ROWS", "[ryg-mtp]", "areas.csv", "python -m"]
