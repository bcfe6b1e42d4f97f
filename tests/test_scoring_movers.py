"""This year at a glance: areas up / same / down against the year before, the movers, and what is not certified."""
import pandas as pd

from scoring.certified import levels_on_record
from scoring.movers import certification_tally, previous_year, year_change

AREAS = pd.DataFrame({"area_id": ["a", "b", "c", "d", "e", "f"],
                      "name_th": ["ตรัง", "เชียงใหม่", "อ่างทอง", "อุทัยธานี", "ระยอง", "ชลบุรี"]})
COMPUTED = pd.DataFrame({"area_id": ["a", "a", "b", "b", "c", "c", "d", "d", "e"],
                         "year": [2566, 2568, 2566, 2568, 2566, 2568, 2566, 2568, 2568],
                         "level": [2, 3, 4, 2, 3, 3, 1, 2, 1]})


def test_changes_against_the_latest_earlier_year_with_movers_rises_first_then_thai_order():
    ch = year_change(levels_on_record(COMPUTED, None), AREAS, 2568)
    assert ch.previous == 2566          # 2567 was not assessed: the year before is the latest assessed one
    assert (ch.up, ch.same, ch.down, ch.new, ch.not_assessed) == (2, 1, 1, 1, 1)
    assert ch.movers["area_id"].tolist() == ["a", "d", "b"]   # rises (ตรัง before อุทัยธานี), then the fall
    a = ch.movers.set_index("area_id")
    assert (a.loc["b", "level_from"], a.loc["b", "level_to"], a.loc["b", "step"]) == (4, 2, -2)


def test_rises_of_the_same_size_are_in_thai_dictionary_order():
    levels = pd.DataFrame({"area_id": ["a", "a", "b", "b"], "year": [2567, 2568, 2567, 2568], "level": [1, 2, 1, 2]})
    ch = year_change(levels_on_record(levels, None), AREAS, 2568)
    assert ch.movers["area_id"].tolist() == ["b", "a"]      # เชียงใหม่ before ตรัง (not code-point order)


def test_a_certified_level_counts_over_the_computed_one():
    cert = pd.DataFrame({"area_id": ["c"], "year": [2568], "level": [4], "status": ["certified"]})
    ch = year_change(levels_on_record(COMPUTED, cert), AREAS, 2568)
    assert "c" in set(ch.movers["area_id"]) and ch.up == 3 and ch.same == 0


def test_the_first_assessed_year_has_nothing_to_compare_with():
    ch = year_change(levels_on_record(COMPUTED, None), AREAS, 2566)
    assert ch.previous is None and (ch.up, ch.same, ch.down) == (0, 0, 0) and ch.new == 4 and ch.movers.empty
    assert previous_year(levels_on_record(COMPUTED, None), 2566) is None


def test_no_level_at_all_is_a_sentence_worth_of_zeros():
    empty = levels_on_record(COMPUTED.iloc[0:0], None)
    ch = year_change(empty, AREAS, 2568)
    assert ch.previous is None and ch.not_assessed == 6 and ch.movers.empty
    assert certification_tally(empty, AREAS["area_id"], 2568)["not_assessed"] == 6


def test_certification_tally_counts_each_step_and_what_is_still_uncertified():
    cert = pd.DataFrame({"area_id": ["a", "b", "c"], "year": [2568] * 3, "level": [3, 2, 3],
                         "status": ["certified", "verified", "draft"]})
    tally = certification_tally(levels_on_record(COMPUTED, cert), AREAS["area_id"], 2568)
    assert tally == {"certified": 1, "verified": 1, "draft": 1, "computed": 2, "not_assessed": 1, "total": 6,
                     "uncertified": 5}
    scoped = certification_tally(levels_on_record(COMPUTED, cert), ["a", "f"], 2568)
    assert (scoped["certified"], scoped["not_assessed"], scoped["uncertified"]) == (1, 1, 1)


def test_a_filter_that_leaves_no_area_gives_zeros_not_an_error():
    ch = year_change(levels_on_record(COMPUTED, None), AREAS.iloc[0:0], 2568)
    assert (ch.up, ch.same, ch.down, ch.new, ch.not_assessed) == (0, 0, 0, 0, 0) and ch.movers.empty
    assert certification_tally(levels_on_record(COMPUTED, None), [], 2568)["total"] == 0
