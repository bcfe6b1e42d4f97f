"""The about page: the boundary attribution in the page's language."""
import re

from tests.pagetest import run, shared_database, text

app_database = shared_database()


def test_about_page_shows_the_boundary_attribution_in_the_page_language():
    at = run("pages/about.py")
    assert "CC BY 3.0 IGO" in text(at) and "กรมแผนที่ทหาร" in text(at)
    assert "Royal Thai Survey Department" not in text(at)
    en = run("pages/about.py", lang="en")
    assert "Royal Thai Survey Department" in text(en) and "กรมแผนที่ทหาร" not in text(en)
    units = en.dataframe[0].value.iloc[:, 2].tolist()          # the boundary's units by name, no codes
    assert "Maptaphut subdistrict" in ", ".join(units) and not any(re.search(r"\d{4}", u) for u in units)
