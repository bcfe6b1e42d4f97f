"""Finding factories through the pages (AppTest on the demo): the front page's search box, the factory search
page with its province filter, and the area's factory table (search, Thai order, pages)."""
import re
from urllib.parse import parse_qs, urlencode

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from common.names import strip_company_form
from common.thai import sort_key
from i18n import t
from tests.appserver import ROOT
from tests.markdown_check import as_text
from tests.pagetest import module_database, run

app_database = module_database("search")


@pytest.fixture(scope="module")
def demo():
    return pd.read_csv(ROOT / "data" / "demo" / "factories.csv", dtype=str)


def table(at, table_id: str) -> str:
    found = [h.value for h in at.get("html") if f'id="{table_id}"' in h.value]
    return found[0] if found else ""


def result_regs(at, table_id: str = "search-results") -> list[str]:
    """The registration numbers the results link to, in order."""
    links = re.findall(r'href="factory\?([^"]+)"', table(at, table_id).replace("&amp;", "&"))
    return list(dict.fromkeys(parse_qs(q)["factory"][0] for q in links))


def captions(at) -> str:
    return "\n".join(as_text(c.value) for c in at.caption)


def search(at, key: str, query: str) -> AppTest:
    at.text_input(key=key).input(query).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_front_page_search_box_finds_a_factory_by_a_spaced_and_prefixed_name(demo):
    f = demo.loc[demo["name_th"] == "บริษัท ฮาชิโมโตะรีไซเคิล กรุ๊ป (ประเทศไทย) จำกัด"].iloc[0]
    at = search(run(), "front_search", "บจก. ฮาชิโมโตะ รีไซเคิล กรุ๊ป")
    assert f["registration_no"] in result_regs(at)
    results = table(at, "search-results")
    assert "ปทุมธานี" in results                                     # the province, in Thai
    assert urlencode({"factory": f["registration_no"]}) in results.replace("&amp;", "&")   # links to its page


def test_the_front_page_search_box_finds_a_factory_by_its_14_digit_id(demo):
    f = demo.iloc[100]
    for query in (f["fid"], f"{f['fid'][:4]} {f['fid'][4:8]} {f['fid'][8:]}"):
        at = search(run(), "front_search", query)
        assert result_regs(at) == [f["registration_no"]]
        assert "พบ 1 รายการ" in captions(at)


def test_the_front_page_search_box_finds_a_factory_by_its_owner_and_says_whose_it_is(demo):
    """A person who owns trade-named factories: searching their name (without the title) lists those factories,
    each with the owner under its name; the factory page names the owner."""
    owned = demo[demo["owner"].str.startswith("นาย") & (demo["owner"] != demo["name_th"])]
    owner = owned["owner"].value_counts().index[0]
    theirs = set(demo.loc[demo["owner"] == owner, "registration_no"])
    at = search(run(), "front_search", owner.removeprefix("นาย"))
    assert set(result_regs(at)) == theirs and len(theirs) > 1
    assert table(at, "search-results").count(f"ผู้ประกอบการ: {owner}") == len(theirs)
    page = run("pages/factory.py", factory=sorted(theirs)[0])
    assert any(owner in as_text(m.value) for m in page.markdown) or owner in "".join(
        h.value for h in page.get("html"))


def test_the_front_page_says_when_it_capped_the_results_and_when_nothing_matched():
    at = search(run(), "front_search", "ไทย")
    assert len(result_regs(at)) == 20
    assert re.search(r"แสดง 20 รายการแรกจากที่พบทั้งหมด [\d,]+ รายการ", captions(at))
    at = search(run(lang="en"), "front_search", "no factory is called this")
    assert any("No factory matches" in as_text(i.value) for i in at.info)


def test_the_factory_search_page_filters_by_province_and_says_it_capped(demo):
    at = run("pages/factory.py")
    assert f"{len(demo):,}" in captions(at)                          # how many it searches (the whole registry)
    at.selectbox(key="url_province").select("21").run()                # Rayong
    rayong = demo.loc[demo["province_code"] == "21"]
    assert len(result_regs(at)) == 100
    assert f"แสดง 100 รายการแรกจากที่พบทั้งหมด {len(rayong):,} รายการ" in captions(at)
    at = search(at, "factory_search", "สตีล")
    steel = rayong.loc[rayong["name_th"].str.contains("สตีล")]
    assert set(result_regs(at)) == set(steel["registration_no"])
    assert at.query_params["province"] == "21"                        # the province stays in the URL


def area_rows(at) -> list[str]:
    return re.findall(r'<tr><td[^>]*><a href="[^"]*" target="_self">([^<]+)</a></td><td>([^<]*)</td>',
                      table(at, "factory-table"))


def test_the_area_table_pages_and_sorts_names_in_thai_order(demo):
    area = demo.loc[demo["area_id"] == "ryg-mtp"]
    at = run("pages/area.py", area="ryg-mtp")
    assert len(area_rows(at)) == 25
    assert f"แถวที่ 1–25 จาก {len(area):,} แห่งที่ตรงเงื่อนไข" in captions(at)
    at.selectbox(key="factories_sort").select("name").run()
    first = [name for _, name in area_rows(at)]
    expected = sorted(area["name_th"], key=lambda n: sort_key(strip_company_form(n)))
    assert first == expected[:25]
    at.selectbox(key="factories_size").select(50).run()
    at.selectbox(key="factories_page").select(2).run()
    assert [name for _, name in area_rows(at)] == expected[50:100]
    assert "แถวที่ 51–100" in captions(at)
    at.toggle(key="factories_desc").set_value(True).run()               # a new order starts at page 1 again
    assert [name for _, name in area_rows(at)][:5] == expected[::-1][:5]
    assert "แถวที่ 1–50" in captions(at)


def test_the_area_table_search_is_the_same_search(demo):
    area = demo.loc[demo["area_id"] == "ryg-mtp"]
    f = area.iloc[7]
    at = search(run("pages/area.py", area="ryg-mtp"), "area_factory_search", f["fid"])
    assert [reg for reg, _ in area_rows(at)] == [f["registration_no"]]
    typed = "บจก. " + strip_company_form(f["name_th"]).replace(" ", "")
    at = search(at, "area_factory_search", typed)
    assert f["registration_no"] in [reg for reg, _ in area_rows(at)]
    # a factory of another area is not in this area's table
    other = demo.loc[demo["area_id"] != "ryg-mtp"].iloc[0]
    at = search(at, "area_factory_search", other["registration_no"])
    assert area_rows(at) == [] and any("ไม่มีโรงงานในพื้นที่นี้ที่ตรงเงื่อนไข" in i.value for i in at.info)


def test_an_empty_production_database_says_so(tmp_path, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("EIT_DATABASE_URL", f"sqlite:///{tmp_path / 'eit.sqlite'}")
    monkeypatch.setenv("EIT_DEMO", "0")
    st.cache_resource.clear()
    try:
        at = search(run(), "front_search", "ไทยสตีล")
        assert any(t("state.no_factories", "th") in as_text(i.value) for i in at.info)
        at = run("pages/factory.py")
        assert any(t("state.no_factories", "th") in as_text(i.value) for i in at.info)
        assert not at.text_input                                   # no search box over nothing
    finally:
        st.cache_resource.clear()


def test_the_front_page_search_lists_the_chosen_province_first(demo):
    """A provincial officer (province in the link) searching a common word sees their province's factories
    first."""
    at = search(run(province="21"), "front_search", "ไทย")
    found = result_regs(at)
    province = demo.set_index("registration_no")["province_code"]
    in_rayong = int(((demo["province_code"] == "21") & demo["name_th"].str.contains("ไทย")).sum())
    assert in_rayong and [province[r] for r in found[:min(in_rayong, 20)]] == ["21"] * min(in_rayong, 20)


def test_a_factory_link_with_thai_digits_opens_the_factory(demo):
    f = demo.loc[demo["registration_no"].str.contains("/")].iloc[3]
    thai = f["registration_no"].translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    at = run("pages/factory.py", factory=thai)
    assert not at.error
    assert any(f["name_th"] in as_text(t.value) for t in at.title)
