import pandas as pd

from scoring.trends import factory_summary, level_changes, level_distribution, target_trajectory

LEVELS = pd.DataFrame({"area_id": ["a", "a", "b", "b", "c"], "year": [2566, 2567, 2566, 2567, 2567],
                       "level": [2, 3, 4, 3, 1]})
AREAS = pd.DataFrame({"area_id": ["a", "b", "c", "d"]})


def test_level_changes_classify_up_down_new_and_unassessed():
    ch = level_changes(AREAS, LEVELS, 2566, 2567).set_index("area_id")["change"].to_dict()
    assert ch == {"a": "up", "b": "down", "c": "new", "d": "not_assessed"}
    same = level_changes(AREAS, LEVELS, 2567, 2567).set_index("area_id")["change"]
    assert same["a"] == "same"


def test_level_distribution_counts_every_level_each_year():
    d = level_distribution(LEVELS)
    assert len(d) == 2 * 6
    y67 = d.loc[d["year"] == 2567].set_index("level")["n"]
    assert (y67[1], y67[3], y67[5]) == (1, 2, 0)


def test_target_trajectory_and_gap():
    targets = pd.DataFrame({"target_id": ["l3"], "level": [3], "n_areas": [3], "by_year_be": [2570]})
    t = target_trajectory(LEVELS, targets).set_index("year")
    assert t.loc[2566, "reached"] == 1 and t.loc[2567, "reached"] == 2 and t.loc[2567, "gap"] == 1


def test_factory_summary_counts_only_area_factories_up_to_the_year():
    f = pd.DataFrame({"area_id": ["a", "a", None], "developed": [True, True, True],
                      "developed_year": pd.array([2565, 2568, 2560], dtype="Int64"),
                      "eco_factory_year": pd.array([2566, pd.NA, 2560], dtype="Int64"),
                      "csr_diw_year": pd.array([pd.NA, pd.NA, pd.NA], dtype="Int64"), "gi_level": [3, 0, 5]})
    s = factory_summary(f, 2567)
    assert s["total"] == 2 and s["developed"] == 1 and s["eco_factory"] == 1 and s["csr_diw"] == 0
    assert s["by_gi"][3] == 1 and s["by_gi"][5] == 0


def test_targets_scoped_to_a_phase_count_only_its_areas():
    from scoring.targets import target_status

    areas = pd.DataFrame({"area_id": ["a", "b", "c"], "phase": [1, 1, 2]})
    targets = pd.DataFrame({"target_id": ["p1", "all"], "by_year_be": [2570, 2580], "level": [1, 1],
                            "n_areas": [2, 3], "scope_phase": ["1", ""]})
    p = target_status(LEVELS, targets, 2567, areas).set_index("target_id")
    assert p.loc["p1", "reached"] == 2 and p.loc["all", "reached"] == 3
    t = target_trajectory(LEVELS, targets, areas)
    assert t.loc[(t["target_id"] == "p1") & (t["year"] == 2566), "reached"].item() == 2
