"""The province and the year follow the reader (AppTest on the demo): the year-on-year page and the executive
summary take a province and say when a view is national, and moving to another page by the sidebar's list of
pages keeps the year and the filters."""
import pandas as pd
import pytest

from tests.appserver import ROOT
from tests.markdown_check import as_text
from tests.pagetest import module_database, run

app_database = module_database("scope")
RAYONG = "21"


@pytest.fixture(scope="module")
def areas():
    return pd.read_csv(ROOT / "data" / "areas.csv", dtype=str)


def captions(at) -> str:
    return "\n".join(as_text(c.value) for c in at.caption)


def selectbox(at, key: str):
    return next(s for s in at.selectbox if s.key == f"url_{key}")


def test_trends_takes_a_province_and_counts_only_its_areas(areas):
    n_rayong = int((areas["province_code"] == RAYONG).sum())
    at = run("pages/trends.py", province=RAYONG)
    assert selectbox(at, "province").value == RAYONG
    counted = sum(int(str(m.value).replace(",", "")) for m in at.metric[:5])   # up, same, down, new, not assessed
    assert counted == n_rayong < len(areas)
    assert "ระยอง" in captions(at)


def test_trends_and_summary_say_when_a_view_is_national(areas):
    for page in ("pages/trends.py", "pages/summary.py"):
        at = run(page)
        assert "ทั้งประเทศ" in captions(at), page
        assert selectbox(at, "province").value is None


def test_the_summary_takes_a_province(areas):
    n_rayong = int((areas["province_code"] == RAYONG).sum())
    at = run("pages/summary.py", province=RAYONG, lang="en")
    assert str(at.metric[0].value).endswith(f"/{n_rayong}")
    text = captions(at)
    assert "Rayong" in text and "national" in text                 # the targets and results stay national


def test_the_sidebar_keeps_the_year_and_the_filters():
    at = run(year=2567, province=RAYONG, phase=1)
    for key in list(at.query_params):                   # the sidebar's list of pages opens a page with an empty URL
        del at.query_params[key]
    at.switch_page("pages/trends.py")
    at.run()
    assert not at.exception
    assert selectbox(at, "province").value == RAYONG
    assert selectbox(at, "year").value == 2567
    at.switch_page("pages/summary.py")                  # and on to the next page
    for key in list(at.query_params):
        del at.query_params[key]
    at.run()
    assert selectbox(at, "province").value == RAYONG and selectbox(at, "year").value == 2567
