"""ui/text.md: text from data shown through Streamlit's Markdown renders as exactly itself."""
import pytest

from tests.markdown_check import as_text, markup, render
from ui.text import md

HOSTILE = [
    "[คลิก](http://evil.example/x)",
    "![x](http://evil.example/i.png)",
    "<img src=x onerror=alert(1)>",
    "<b>หนา</b> &amp; &lt;",
    "**หนา** _เอียง_ ~~ขีด~~ `code`",
    ":red[แดง] :material/home: $x^2$",
    "www.evil.example และ http://evil.example และ a@evil.example",
    "# หัวข้อ",
    "1. รายการ",
    "- รายการ",
    "> อ้างอิง",
    "| a | b |",
    "บริษัท เอ.บี.ซี. (ประเทศไทย) จำกัด",
    "back\\slash \\[",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_data_text_renders_literally_without_links_images_or_markup(text):
    source = md(text)
    assert markup(source) == [], render(source)
    assert as_text(source) == " ".join(text.split())


def test_the_unescaped_text_would_have_been_markup():
    # the check above can fail: the same text without md() gives links, images and tags
    assert markup("[คลิก](http://evil.example/x)") == ["a"]
    assert "img" in markup("![x](http://evil.example/i.png)")
    assert markup("www.evil.example")  # a bare URL becomes a link after parsing
    assert "h1" in markup("# หัวข้อ")


def test_a_name_stays_on_one_line_and_blank_is_a_dash():
    assert md("บรรทัดแรก\n# บรรทัดสอง") == "บรรทัดแรก \\# บรรทัดสอง"
    assert md("") == md(None) == md(float("nan")) == "–"
    assert md("โรงงาน ก") == "โรงงาน ก"  # Thai text and spaces are untouched
