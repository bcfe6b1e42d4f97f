"""scoring.area_facts: one value of an area's facts for a year (the level on record with its status, the computed
level, the year before, factories developed, blockers, dimensions, compliance, history), and the one rule of
"factories developed by a year"."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from programme.dataset import load_dataset
from scoring.area_facts import area_year_facts, uncertified_mark
from scoring.factories import developed_by
from scoring.summary import area_table, build_model, kpis

ROOT = Path(__file__).resolve().parents[1]
AREA, YEAR = "ryg-mtp", 2568


@pytest.fixture(scope="module")
def ds():
    return load_dataset(ROOT / "data")


@pytest.fixture(scope="module")
def model(ds):
    return build_model(ds.assessments, ds.criteria)


def certs(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["area_id", "year", "level", "status"])


def computed(model, area_id=AREA, year=YEAR) -> int:
    lv = model.levels
    return int(lv.loc[(lv["area_id"] == area_id) & (lv["year"] == year), "level"].iloc[0])


def test_the_level_read_is_the_level_on_record_with_its_status_not_the_computed_one(ds, model):
    drafted = 1 if computed(model) != 1 else 2
    f = area_year_facts(replace(ds, certifications=certs((AREA, YEAR, drafted, "draft"))), model, AREA, YEAR)
    assert (f.level, f.status, f.certified) == (drafted, "draft", False)
    assert f.computed_level == computed(model)
    assert uncertified_mark(f.status) == "*"


def test_without_a_record_the_computed_level_is_shown_and_says_computed(ds, model):
    f = area_year_facts(replace(ds, certifications=None), model, AREA, YEAR)
    assert (f.level, f.status) == (computed(model), "computed")
    assert f.previous_level == computed(model, year=YEAR - 1) and f.previous_status == "computed"
    assert f.change == f.level - f.previous_level


def test_the_year_before_and_the_history_follow_the_same_rule(ds, model):
    c = certs((AREA, YEAR - 1, 2, "certified"), (AREA, YEAR, 3, "verified"))
    f = area_year_facts(replace(ds, certifications=c), model, AREA, YEAR)
    assert (f.previous_level, f.previous_status, f.level, f.status, f.change) == (2, "certified", 3, "verified", 1)
    assert f.history.set_index("year").loc[YEAR - 1, "level"] == 2
    assert f.history.set_index("year").loc[YEAR, "status"] == "verified"
    assert list(f.history["year"]) == sorted(model.levels.loc[model.levels["area_id"] == AREA, "year"])
    assert uncertified_mark("certified") == "" and uncertified_mark(None) == ""


def test_a_year_without_an_assessment_has_no_level(ds, model):
    f = area_year_facts(ds, model, AREA, 2500)
    assert f.level is None and f.status is None and f.computed_level is None and f.next_level is None
    assert f.blockers.empty and f.dimensions["score"].isna().all()


def test_factories_developed_and_compliance_are_counted_for_the_year(ds, model):
    factories = ds.factories.loc[ds.factories["area_id"] == AREA]
    f = area_year_facts(ds, model, AREA, YEAR)
    by_year = (factories["developed"].astype(bool) & (pd.to_numeric(factories["developed_year"]) <= YEAR)).sum()
    assert f.n_factories == len(factories) and f.n_developed == int(by_year)
    assert sum(f.compliance_counts.values()) == len(factories)
    early = area_year_facts(ds, model, AREA, 2560)
    assert early.n_developed <= f.n_developed


def test_developed_by_is_the_one_rule_of_developed_factories():
    f = pd.DataFrame({"developed": [True, True, False, True], "developed_year": [2563, 2566, None, None]})
    assert developed_by(f, 2565).tolist() == [True, False, False, False]
    assert developed_by(f, 2566).tolist() == [True, True, False, False]
    assert developed_by(f, None).tolist() == [True, True, False, True]


def test_the_area_table_counts_developed_factories_like_the_facts(ds, model):
    table = area_table(ds.areas, ds.provinces, ds.factories, model, YEAR).set_index("area_id")
    assert table.loc[AREA, "n_developed"] == area_year_facts(ds, model, AREA, YEAR).n_developed


def test_kpis_count_certified_levels_apart_from_the_others(ds, model):
    lv = computed(model)
    c = certs((AREA, YEAR, lv, "certified"), ("ryg-irpc", YEAR, lv, "draft"))
    k = kpis(area_table(ds.areas, ds.provinces, ds.factories, model, YEAR, c))
    assert k["per_level_certified"][lv] == 1
    assert k["per_level_certified"][lv] + k["per_level_uncertified"][lv] == k["per_level"][lv]
    none = kpis(area_table(ds.areas, ds.provinces, ds.factories, model, YEAR, certs()))
    assert sum(none["per_level_certified"].values()) == 0
