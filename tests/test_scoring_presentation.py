import pandas as pd

from scoring.certified import pending_areas, shown_levels
from scoring.presentation import deck_order, what_changed
from scoring.summary import Model

CERTS = pd.DataFrame({"area_id": ["a", "b"], "year": [2567, 2567], "level": [3, 2],
                      "status": ["certified", "verified"]})
LEVELS = pd.DataFrame({"area_id": ["a", "b", "c"], "year": [2567] * 3, "level": [4, 2, 1]})


def test_certified_level_wins_over_the_computed_one_and_unverified_ones_are_marked():
    s = shown_levels(LEVELS, CERTS, 2567).set_index("area_id")
    assert (s.loc["a", "level"], s.loc["a", "status"]) == (3, "certified")
    assert s.loc["b", "status"] == "verified"
    assert (s.loc["c", "level"], s.loc["c", "status"]) == (1, "computed")
    assert shown_levels(LEVELS, None, 2567)["status"].eq("computed").all()


def test_pending_areas_are_the_verified_ones_awaiting_the_committee():
    assert pending_areas(CERTS, 2567) == {"b"}
    assert pending_areas(CERTS, 2566) == set()
    drafts = pd.concat([CERTS, pd.DataFrame({"area_id": ["d"], "year": [2567], "level": [2], "status": ["draft"]})])
    assert pending_areas(drafts, 2567) == {"b"}              # a draft is not awaiting the committee


def test_deck_order_skips_areas_not_in_the_programme():
    table = pd.DataFrame({"area_id": ["x", "y", "z"], "in_programme": [True, False, True],
                          "province_th": ["ข", "ก", "ก"], "name_th": ["1", "2", "3"]})
    assert deck_order(table, "th") == ["z", "x"]


def test_what_changed_lists_newly_passed_and_failed_indicators():
    ev = pd.DataFrame({"area_id": ["a"] * 4, "year": [2566, 2566, 2567, 2567], "indicator_id": ["i1", "i2", "i1", "i2"],
                       "level": [1, 2, 1, 2], "status": ["fail", "pass", "pass", "missing"]})
    model = Model(evaluated=ev, scores=pd.DataFrame(), levels=pd.DataFrame(), years=[2566, 2567])
    ch = what_changed(model, "a", 2567).set_index("indicator_id")["change"].to_dict()
    assert ch == {"i1": "passed", "i2": "failed"}
    assert what_changed(model, "a", 2566).empty  # no year before
