"""The factory search index: every spelling of a registration number and of a name finds the factory, results come
exact match first and then in Thai order, lists are capped with the total counted, filters by province and area."""
import pandas as pd
import pytest

from scoring.factory_search import FactoryIndex

ROWS = [
    # registration_no, fid, name_th, name_en, province_code, area_id
    ("จ3-44(2)-1125/59รย", "32104420112559", "บริษัท ระยองเคมี จำกัด", "Rayong Chemical Co., Ltd.", "21", "ryg-mtp"),
    ("3-105-957/47ปท", "31310500095747", "บริษัท ไทยสตีล จำกัด", "Thai Steel Co., Ltd.", "13", None),
    ("3-105-958/47ปท", "31310500095847", "ห้างหุ้นส่วนจำกัด สตีลไทย", None, "13", None),
    ("2-64-59/68ปท", "21306400005968", "บริษัท เชียงใหม่สตีล จำกัด", "Chiang Mai Steel Co., Ltd.", "13", None),
    ("1-9-77/50รย", "11210900007750", "บริษัท กรุงไทยสตีล จำกัด (มหาชน)", "Krung Thai Steel PCL", "21", "ryg-mtp"),
    ("31310500099999", "31310500099999", "โรงงานอ่างทองสตีล", None, "15", None),
]


@pytest.fixture(scope="module")
def index():
    f = pd.DataFrame(ROWS, columns=["registration_no", "fid", "name_th", "name_en", "province_code", "area_id"])
    return FactoryIndex.build(f)


def regs(result):
    return list(result.rows["registration_no"])


@pytest.mark.parametrize("query", ["จ3-44(2)-1125/59รย", "3-44(2)-1125/59รย", "จ.3-44(2)-1125/59 รย",
                                   "32104420112559", "3210 4420 1125 59", "ระยองเคมี", "บจก. ระยอง เคมี",
                                   "rayong chemical co ltd"])
def test_every_form_finds_the_factory(index, query):
    assert regs(index.search(query))[:1] == ["จ3-44(2)-1125/59รย"]


def test_an_exact_registration_number_comes_first_then_the_numbers_that_start_with_it(index):
    assert regs(index.search("3-105-958/47ปท")) == ["3-105-958/47ปท"]
    assert regs(index.search("3-105-95")) == ["3-105-957/47ปท", "3-105-958/47ปท"]
    # a 14-digit id that is itself a registration number (a row without a display number)
    assert regs(index.search("31310500099999")) == ["31310500099999"]


def test_names_that_start_with_the_query_come_before_those_that_contain_it_each_in_thai_order(index):
    found = regs(index.search("สตีล"))
    assert found[:1] == ["3-105-958/47ปท"]                      # สตีลไทย starts with it
    # then, in Thai order of the name without its form: กรุงไทย, เชียงใหม่ (ช), ไทย (ท), อ่างทอง (อ)
    assert found[1:] == ["1-9-77/50รย", "2-64-59/68ปท", "3-105-957/47ปท", "31310500099999"]


def test_a_list_is_capped_and_says_how_many_matched(index):
    result = index.search("สตีล", limit=2)
    assert len(result.rows) == 2 and result.total == 5 and result.capped
    assert not index.search("สตีล").capped


def test_province_and_area_filters(index):
    assert regs(index.search("สตีล", province="21")) == ["1-9-77/50รย"]
    assert set(regs(index.search("", area_id="ryg-mtp"))) == {"จ3-44(2)-1125/59รย", "1-9-77/50รย"}
    assert index.search("", province="13").total == 3


def test_a_blank_or_unmatched_query_finds_nothing(index):
    for q in ("", "   ", "...", "ไม่มีชื่อนี้"):
        assert index.search(q).total == 0


def test_a_few_digits_do_not_match_every_14_digit_id(index):
    """'3131' begins four ids: only the factory whose registration number itself begins with it is found."""
    assert regs(index.search("3131")) == ["31310500099999"]
    assert regs(index.search("313105000958")) == ["3-105-958/47ปท"]


def test_the_owner_is_searched_when_the_registry_has_it():
    f = pd.DataFrame(ROWS, columns=["registration_no", "fid", "name_th", "name_en", "province_code", "area_id"])
    f["owner"] = ["นายสมชาย ใจดี", None, None, None, None, None]
    assert regs(FactoryIndex.build(f).search("สมชาย ใจดี")) == ["จ3-44(2)-1125/59รย"]


def test_an_empty_registry():
    f = pd.DataFrame(columns=["registration_no", "fid", "name_th", "name_en", "province_code", "area_id"])
    assert FactoryIndex.build(f).search("ไทย").total == 0


def test_english_readers_get_the_english_order(index):
    found = regs(index.search("steel", lang="en"))
    # Chiang Mai, Krung Thai, Thai Steel; สตีลไทย and อ่างทองสตีล have no English name (and no "steel" in Thai)
    assert found == ["2-64-59/68ปท", "1-9-77/50รย", "3-105-957/47ปท"]


def test_the_chosen_province_comes_first_after_an_exact_number(index):
    found = regs(index.search("สตีล", prefer_province="15"))
    assert found[0] == "31310500099999"                         # อ่างทอง's factory, though it only contains the word
    assert sorted(found[1:]) == sorted(regs(index.search("สตีล"))[0:1] + ["1-9-77/50รย", "2-64-59/68ปท",
                                                                          "3-105-957/47ปท"])
    assert index.search("สตีล", prefer_province="15").total == 5  # nothing dropped, only reordered
    assert regs(index.search("3-105-958/47ปท", prefer_province="21"))[:1] == ["3-105-958/47ปท"]


@pytest.mark.parametrize("query", ["จ๓-๔๔(๒)-๑๑๒๕/๕๙รย", "3-44(2)-1125/59 รย", "๓๒๑๐ ๔๔๒๐ ๑๑๒๕ ๕๙"])
def test_a_number_in_any_spelling_names_one_factory(index, query):
    assert index.exact(query) == "จ3-44(2)-1125/59รย"


def test_a_partial_or_unknown_number_names_none(index):
    assert index.exact("3-105-95") is None and index.exact("9-9-9/99กท") is None and index.exact("") is None
