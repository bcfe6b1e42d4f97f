"""Tests of the pure scoring core: criteria loading/validation, indicator scores, dimension scores, level rules."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from common.errors import DataError
from scoring import levels as levels_mod
from scoring.criteria import COLUMNS, DIMENSIONS, Criteria, criteria_counts, load_criteria
from scoring.levels import (
    area_levels,
    blocking_indicators,
    cumulative_rule,
    get_rule,
    register_rule,
)
from scoring.scores import dimension_scores, evaluate, indicator_passes, indicator_score

REAL_CRITERIA = Path(__file__).resolve().parents[1] / "data" / "criteria" / "eit_criteria_2565.csv"

HEADER = ",".join(COLUMNS)
# A small criteria table: 5 dimensions, 5 aspects, 8 indicators over levels 1..5. Economic comes first in the
# file on purpose (dimensions must still come out in canonical order).
ROWS = [
    "t1,economic,เศรษฐกิจ,Economic,ec_inv,การลงทุน,Investment,E1,ลงทุน,Investment share,1,percent,%,higher,50,true",
    "t1,physical,กายภาพ,Physical,ph_green,พื้นที่สีเขียว,Green area,P1,มีแผน,Has plan,1,binary,,higher,1,true",
    "t1,social,สังคม,Social,so_com,ชุมชน,Community,S2,มีเวที,Has forum,2,binary,,higher,1,true",
    "t1,environmental,สิ่งแวดล้อม,Environmental,en_waste,ของเสีย,Waste,W2,ของเสีย,Waste per worker,2,number,t,lower,10,true",
    "t1,environmental,สิ่งแวดล้อม,Environmental,en_waste,ของเสีย,Waste,W3,ฝังกลบ,Landfill share,3,percent,%,lower,20,true",
    "t1,management,การบริหารจัดการ,Management,mg_plan,แผน,Planning,M3,มีคณะทำงาน,Has team,3,binary,,higher,1,true",
    "t1,physical,กายภาพ,Physical,ph_green,พื้นที่สีเขียว,Green area,P4,สีเขียว,Green share,4,percent,%,higher,30,true",
    "t1,management,การบริหารจัดการ,Management,mg_plan,แผน,Planning,M5,รายงาน,Reports,5,binary,,higher,1,true",
]
LEVEL_OF = {"E1": 1, "P1": 1, "S2": 2, "W2": 2, "W3": 3, "M3": 3, "P4": 4, "M5": 5}
# Values that pass every indicator.
ALL_PASS = {"E1": 60.0, "P1": 1.0, "S2": 1.0, "W2": 8.0, "W3": 15.0, "M3": 1.0, "P4": 40.0, "M5": 1.0}


def write_csv(tmp_path: Path, rows: list[str], header: str = HEADER, name: str = "crit.csv",
              encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding=encoding)
    return path


@pytest.fixture
def criteria(tmp_path: Path) -> Criteria:
    return load_criteria(write_csv(tmp_path, ROWS))


def results(area: str, year: int, values: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"area_id": area, "year": year, "indicator_id": list(values),
                         "value": [float(v) for v in values.values()]})


def one(evaluated: pd.DataFrame, area: str, year: int) -> pd.DataFrame:
    return evaluated[(evaluated.area_id == area) & (evaluated.year == year)].reset_index(drop=True)


# --------------------------------------------------------------------------------------------- criteria loading

def test_load_small_criteria(criteria: Criteria) -> None:
    assert criteria.version == "t1"
    assert criteria_counts(criteria) == {"dimensions": 5, "aspects": 5, "indicators": 8}
    assert criteria.dimensions == list(DIMENSIONS)
    assert criteria.levels == [1, 2, 3, 4, 5]
    assert list(criteria.indicators_up_to(2)["indicator_id"]) == ["E1", "P1", "S2", "W2"]
    assert criteria.indicators_up_to(0).empty
    t = criteria.table
    assert len(t) == 8 and t["indicator_id"].is_unique
    assert t["level"].dtype == "int64" and t["threshold"].dtype == "float64" and t["illustrative"].dtype == bool
    assert t.loc[t.indicator_id == "W2", "direction"].item() == "lower"
    assert pd.isna(t.loc[t.indicator_id == "P1", "unit"].item()) or t.loc[t.indicator_id == "P1", "unit"].item() == ""


def test_load_accepts_bom_and_case(tmp_path: Path) -> None:
    rows = [ROWS[0].replace(",economic,", ",Economic,").replace(",percent,", ",PERCENT,").replace(",true", ",TRUE")]
    crit = load_criteria(write_csv(tmp_path, rows, encoding="utf-8-sig"))
    assert crit.table["dimension_id"].tolist() == ["economic"]
    assert crit.table["metric_type"].tolist() == ["percent"]
    assert crit.table["illustrative"].tolist() == [True]
    assert list(crit.table.columns) == list(COLUMNS)


def test_criteria_with_fewer_levels_is_valid(tmp_path: Path) -> None:
    crit = load_criteria(write_csv(tmp_path, ROWS[:4]))  # levels 1 and 2 only
    assert crit.levels == [1, 2]
    assert crit.max_level == 2


def _replace_field(row: str, column: str, value: str) -> str:
    fields = row.split(",")
    fields[COLUMNS.index(column)] = value
    return ",".join(fields)


@pytest.mark.parametrize(
    ("mutate", "row", "column", "reason"),
    [
        # duplicate indicator id: data row 3 reuses E1 (first used on data row 1)
        (lambda r: r[:2] + [_replace_field(r[2], "indicator_id", "E1")] + r[3:], 3, "indicator_id", "duplicate"),
        (lambda r: [_replace_field(r[0], "dimension_id", "cultural")] + r[1:], 1, "dimension_id",
         "unknown dimension"),
        # aspect ec_inv (economic) reused under physical on data row 2
        (lambda r: [r[0], _replace_field(r[1], "aspect_id", "ec_inv")] + r[2:], 2, "dimension_id",
         "exactly one dimension"),
        (lambda r: r[:3] + [_replace_field(r[3], "level", "6")] + r[4:], 4, "level", "whole number"),
        (lambda r: r[:3] + [_replace_field(r[3], "level", "1.5")] + r[4:], 4, "level", "whole number"),
        (lambda r: r[:3] + [_replace_field(r[3], "level", "0")] + r[4:], 4, "level", "whole number"),
        (lambda r: r[:3] + [_replace_field(r[3], "threshold", "ten")] + r[4:], 4, "threshold", "must be a number"),
        (lambda r: r[:1] + [_replace_field(r[1], "threshold", "2")] + r[2:], 2, "threshold", "must be 1"),
        (lambda r: r[:4] + [_replace_field(r[4], "threshold", "120")] + r[5:], 5, "threshold", "between 0 and 100"),
        (lambda r: r[:3] + [_replace_field(r[3], "threshold", "-1")] + r[4:], 4, "threshold", "negative"),
        (lambda r: r[:5] + [_replace_field(r[5], "metric_type", "ratio")] + r[6:], 6, "metric_type", "one of"),
        (lambda r: r[:5] + [_replace_field(r[5], "direction", "up")] + r[6:], 6, "direction", "one of"),
        (lambda r: r[:5] + [_replace_field(r[5], "illustrative", "maybe")] + r[6:], 6, "illustrative",
         "true or false"),
        (lambda r: r[:6] + [_replace_field(r[6], "criteria_version", "t2")] + r[7:], 7, "criteria_version",
         "exactly one version"),
        (lambda r: r[:2] + [_replace_field(r[2], "indicator_id", "")] + r[3:], 3, "indicator_id", "required"),
        # W3 (data row 5) shares aspect en_waste with W2 but gives it another English name
        (lambda r: r[:4] + [_replace_field(r[4], "aspect_en", "Refuse")] + r[5:], 5, "aspect_en", "same name"),
        (lambda r: r[:1] + [_replace_field(r[1], "direction", "lower")] + r[2:], 2, "direction",
         "direction 'higher'"),
        # removing both level-3 indicators leaves a gap below level 4 (first level-4 row is data row 5 then)
        (lambda r: [x for x in r if ",3,percent," not in x and ",3,binary," not in x], 5, "level",
         "no indicators"),
    ],
    ids=["duplicate-id", "unknown-dimension", "aspect-two-dimensions", "level-6", "level-1.5", "level-0",
         "threshold-text", "binary-threshold", "percent-over-100", "negative-threshold", "metric-type",
         "direction", "illustrative", "two-versions", "blank-id", "aspect-renamed", "binary-lower", "level-gap"],
)
def test_criteria_validation_errors(tmp_path: Path, mutate, row: int, column: str, reason: str) -> None:
    path = write_csv(tmp_path, mutate(list(ROWS)))
    with pytest.raises(DataError) as info:
        load_criteria(path)
    msg = str(info.value)
    assert str(path) in msg
    assert re.search(rf"\brow {row}\b", msg), msg
    assert re.search(rf"\bcolumn '?{column}\b", msg), msg
    assert reason in msg
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in msg), "message must also be in Thai"
    assert info.value.row == row and info.value.column == column


def test_criteria_file_level_errors(tmp_path: Path) -> None:
    header = HEADER.replace(",threshold", "")
    with pytest.raises(DataError, match="missing required column.*threshold"):
        load_criteria(write_csv(tmp_path, [], header=header))
    with pytest.raises(DataError, match="no indicator rows"):
        load_criteria(write_csv(tmp_path, []))
    with pytest.raises(DataError, match="row 2.*has 15 fields but the header has 16"):
        load_criteria(write_csv(tmp_path, [ROWS[0], ROWS[1].rsplit(",", 1)[0]]))
    with pytest.raises(DataError, match="not found"):
        load_criteria(tmp_path / "nope.csv")
    bad = tmp_path / "cp874.csv"
    bad.write_bytes(("\n".join([HEADER, ROWS[0]]) + "\n").encode("cp874"))
    with pytest.raises(DataError, match="not UTF-8"):
        load_criteria(bad)


# -------------------------------------------------------------------------------------------- indicator scores

@pytest.mark.parametrize(
    ("value", "metric", "direction", "threshold", "passed", "score"),
    [
        (1, "binary", "higher", 1, True, 100.0),
        (0, "binary", "higher", 1, False, 0.0),
        (60, "percent", "higher", 50, True, 100.0),
        (25, "percent", "higher", 50, False, 50.0),
        (50, "percent", "higher", 50, True, 100.0),
        (-5, "number", "higher", 50, False, 0.0),
        (0, "number", "higher", 0, True, 100.0),
        (8, "number", "lower", 10, True, 100.0),
        (10, "number", "lower", 10, True, 100.0),
        (20, "number", "lower", 10, False, 50.0),
        (40, "percent", "lower", 20, False, 50.0),
        (0, "number", "lower", 0, True, 100.0),
        (3, "number", "lower", 0, False, 0.0),
    ],
)
def test_indicator_pass_and_score(value, metric, direction, threshold, passed, score) -> None:
    assert indicator_passes(value, metric, direction, threshold) is passed
    assert indicator_score(value, metric, direction, threshold) == pytest.approx(score)


@pytest.mark.parametrize("missing", [None, math.nan, float("nan"), pd.NA])
def test_missing_value_neither_passes_nor_fails(missing) -> None:
    assert indicator_passes(missing, "percent", "higher", 50) is None
    assert math.isnan(indicator_score(missing, "number", "lower", 10))


def test_unknown_metric_or_direction_raises() -> None:
    with pytest.raises(DataError):
        indicator_passes(1, "ratio", "higher", 1)
    with pytest.raises(DataError):
        indicator_score(1, "number", "sideways", 1)


# --------------------------------------------------------------------------------------------------- evaluate

def test_evaluate_covers_every_indicator_for_every_area_year(criteria: Criteria) -> None:
    res = pd.concat([results("A", 2566, {"E1": 60, "W2": 12}), results("A", 2567, {"P1": 1}),
                     results("B", 2567, {"M5": 0})])
    ev = evaluate(res, criteria)
    assert list(ev.columns) == ["area_id", "year", "dimension_id", "aspect_id", "indicator_id", "level", "value",
                                "passed", "status", "score"]
    assert len(ev) == 3 * 8
    assert ev[["area_id", "year"]].drop_duplicates().values.tolist() == [["A", 2566], ["A", 2567], ["B", 2567]]
    a66 = one(ev, "A", 2566).set_index("indicator_id")
    assert a66.loc["E1", "status"] == "pass" and a66.loc["E1", "passed"] is True
    # lower-is-better: 12 t against a 10 t ceiling fails with score 100 * 10 / 12
    assert a66.loc["W2", "status"] == "fail" and a66.loc["W2", "passed"] is False
    assert a66.loc["W2", "score"] == pytest.approx(100 * 10 / 12)
    missing = a66.drop(["E1", "W2"])
    assert (missing["status"] == "missing").all()
    assert missing["passed"].map(lambda v: v is None).all()
    assert missing["value"].isna().all() and missing["score"].isna().all()
    assert one(ev, "B", 2567).set_index("indicator_id").loc["M5", "status"] == "fail"
    assert ev["year"].dtype == "int64" and ev["level"].dtype == "int64"


def test_area_with_no_results_at_all(criteria: Criteria) -> None:
    # "Z" reported rows but every value is blank; "Y" is not in the results at all and is added via area_years.
    res = pd.concat([results("A", 2567, ALL_PASS),
                     pd.DataFrame({"area_id": "Z", "year": 2567, "indicator_id": ["E1", "P1"],
                                   "value": [math.nan, math.nan]})])
    ev = evaluate(res, criteria, area_years=[("Y", 2567)])
    assert sorted(ev["area_id"].unique()) == ["A", "Y", "Z"]
    for area in ("Y", "Z"):
        rows = one(ev, area, 2567)
        assert len(rows) == 8 and (rows["status"] == "missing").all()
        assert cumulative_rule(rows) == 0
        blockers = blocking_indicators(rows, 0)
        assert sorted(blockers["indicator_id"]) == ["E1", "P1"]  # all level-1 indicators
    ds = dimension_scores(ev)
    for area in ("Y", "Z"):
        d = ds[ds.area_id == area]
        assert d["dimension_id"].tolist() == list(DIMENSIONS)
        assert d["score"].isna().all()
        assert (d["n_missing"] == d["n_indicators"]).all()
    lv = area_levels(ev).set_index("area_id")["level"]
    assert lv.to_dict() == {"A": 5, "Y": 0, "Z": 0}


def test_evaluate_ignores_unknown_indicators_but_keeps_the_area(criteria: Criteria) -> None:
    ev = evaluate(results("A", 2567, {"XX9": 1}), criteria)
    assert len(ev) == 8 and (ev["status"] == "missing").all()
    assert "XX9" not in set(ev["indicator_id"])


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (results("A", 2567, {"E1": 1, "P1": 1}).drop(columns="value"), "missing column"),
        (pd.concat([results("A", 2567, {"E1": 1}), results("A", 2567, {"E1": 2})]), "more than one result"),
        (results("A", 2567, {"P1": 0.5}), "binary indicator takes 0 or 1"),
        (pd.DataFrame({"area_id": ["A"], "year": [2567], "indicator_id": ["E1"], "value": ["lots"]}),
         "must be a number"),
        (pd.DataFrame({"area_id": ["A"], "year": [2567.5], "indicator_id": ["E1"], "value": [1.0]}),
         "whole number"),
        (pd.DataFrame({"area_id": [None], "year": [2567], "indicator_id": ["E1"], "value": [1.0]}), "required"),
    ],
    ids=["no-value-column", "duplicate", "binary-half", "text-value", "fractional-year", "blank-area"],
)
def test_evaluate_rejects_bad_results(criteria: Criteria, frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(DataError, match=message):
        evaluate(frame, criteria)


def test_evaluate_accepts_blank_string_values(criteria: Criteria) -> None:
    frame = pd.DataFrame({"area_id": ["A", "A"], "year": ["2567", "2567"], "indicator_id": ["E1", "P1"],
                          "value": ["55", " "]})
    ev = one(evaluate(frame, criteria), "A", 2567).set_index("indicator_id")
    assert ev.loc["E1", "status"] == "pass" and ev.loc["P1", "status"] == "missing"


# ------------------------------------------------------------------------------------------- dimension scores

def test_dimension_scores(criteria: Criteria) -> None:
    # environmental: W2 = 20 t vs 10 t ceiling -> 50; W3 missing. physical: P1 = 1 -> 100, P4 = 15 % of 30 -> 50.
    ev = evaluate(results("A", 2567, {"W2": 20, "P1": 1, "P4": 15, "E1": 60}), criteria)
    ds = dimension_scores(ev).set_index("dimension_id")
    assert list(ds.index) == list(DIMENSIONS)
    assert ds.loc["environmental", "score"] == pytest.approx(50.0)
    assert ds.loc["environmental", "n_indicators"] == 2 and ds.loc["environmental", "n_missing"] == 1
    assert ds.loc["physical", "score"] == pytest.approx(75.0)
    assert ds.loc["economic", "score"] == pytest.approx(100.0)
    assert math.isnan(ds.loc["social", "score"]) and ds.loc["social", "n_missing"] == 1
    assert math.isnan(ds.loc["management", "score"]) and ds.loc["management", "n_indicators"] == 2
    assert ds["n_indicators"].sum() == 8


def test_dimension_scores_of_nothing_is_empty_with_columns() -> None:
    empty = pd.DataFrame(columns=["area_id", "year", "dimension_id", "aspect_id", "indicator_id", "level", "value",
                                  "passed", "status", "score"])
    out = dimension_scores(empty)
    assert out.empty and list(out.columns) == ["area_id", "year", "dimension_id", "score", "n_indicators",
                                               "n_missing"]


# ---------------------------------------------------------------------------------------------------- levels

def test_all_pass_is_level_5_with_no_blockers(criteria: Criteria) -> None:
    ev = evaluate(results("A", 2567, ALL_PASS), criteria)
    assert cumulative_rule(ev) == 5
    assert blocking_indicators(ev, 5).empty


def test_blocking_list_for_level_5_is_empty_even_with_failures(criteria: Criteria) -> None:
    ev = evaluate(results("A", 2567, {**ALL_PASS, "P1": 0}), criteria)
    assert blocking_indicators(ev, 5).empty
    assert list(blocking_indicators(ev, 4)["indicator_id"]) == ["P1"]


def test_missing_level_2_indicator_caps_level_at_1(criteria: Criteria) -> None:
    values = dict(ALL_PASS)
    del values["W2"]
    ev = evaluate(results("A", 2567, values), criteria)
    assert cumulative_rule(ev) == 1
    blockers = blocking_indicators(ev, 1)
    assert blockers["indicator_id"].tolist() == ["W2"]
    assert blockers["status"].tolist() == ["missing"]


def test_level_3_failure_stops_at_2_even_if_4_and_5_pass(criteria: Criteria) -> None:
    # W3 is lower-is-better (landfill share <= 20 %): 35 % fails.
    ev = evaluate(results("A", 2567, {**ALL_PASS, "W3": 35}), criteria)
    assert cumulative_rule(ev) == 2
    blockers = blocking_indicators(ev, 2)
    assert blockers["indicator_id"].tolist() == ["W3"]
    assert blockers["status"].tolist() == ["fail"]
    assert blockers.loc[0, "score"] == pytest.approx(100 * 20 / 35)


def test_level_1_failure_is_level_0_and_blockers_include_only_levels_up_to_1(criteria: Criteria) -> None:
    ev = evaluate(results("A", 2567, {**ALL_PASS, "E1": 10, "S2": 0, "M5": 0}), criteria)
    assert cumulative_rule(ev) == 0
    assert blocking_indicators(ev, 0)["indicator_id"].tolist() == ["E1"]
    # asking for what blocks level 3 lists level 1 and 2 failures, sorted by level
    assert blocking_indicators(ev, 2)["indicator_id"].tolist() == ["E1", "S2"]


def test_area_levels_per_area_and_year(criteria: Criteria) -> None:
    res = pd.concat([results("A", 2566, {**ALL_PASS, "M3": 0}), results("A", 2567, ALL_PASS),
                     results("B", 2567, {"E1": 51, "P1": 1})])
    out = area_levels(evaluate(res, criteria))
    assert list(out.columns) == ["area_id", "year", "level"]
    assert out.values.tolist() == [["A", 2566, 2], ["A", 2567, 5], ["B", 2567, 1]]
    assert out["level"].dtype == "int64" and out["year"].dtype == "int64"


def test_rules_reject_rows_of_several_area_years(criteria: Criteria) -> None:
    ev = evaluate(pd.concat([results("A", 2567, ALL_PASS), results("B", 2567, ALL_PASS)]), criteria)
    with pytest.raises(DataError, match="one"):
        cumulative_rule(ev)
    with pytest.raises(DataError, match="one"):
        blocking_indicators(ev, 1)
    with pytest.raises(DataError, match="0..5"):
        blocking_indicators(one(ev, "A", 2567), 6)


def test_register_and_use_custom_rule(criteria: Criteria, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(levels_mod, "RULES", dict(levels_mod.RULES))

    def majority_rule(ev_one: pd.DataFrame) -> int:
        """Highest level at which at least half the indicators up to it passed."""
        reached = 0
        for n in sorted(ev_one["level"].unique()):
            upto = ev_one[ev_one["level"] <= n]
            if (upto["status"] == "pass").mean() >= 0.5:
                reached = int(n)
        return reached

    register_rule("majority", majority_rule)
    assert get_rule("majority") is majority_rule
    ev = evaluate(results("A", 2567, {**ALL_PASS, "W3": 35}), criteria)
    assert area_levels(ev, rule="cumulative")["level"].tolist() == [2]
    assert area_levels(ev, rule="majority")["level"].tolist() == [5]
    assert area_levels(ev, rule=majority_rule)["level"].tolist() == [5]
    with pytest.raises(DataError, match="already exists"):
        register_rule("majority", cumulative_rule)
    register_rule("majority", cumulative_rule, replace=True)
    assert area_levels(ev, rule="majority")["level"].tolist() == [2]


def test_unknown_rule_lists_known_rules(criteria: Criteria) -> None:
    ev = evaluate(results("A", 2567, ALL_PASS), criteria)
    with pytest.raises(DataError, match=r"unknown level rule 'strict'.*known rules: .*cumulative"):
        area_levels(ev, rule="strict")
    with pytest.raises(DataError, match="cumulative"):
        get_rule("strict")


def test_rule_returning_out_of_range_level_is_an_error(criteria: Criteria) -> None:
    ev = evaluate(results("A", 2567, ALL_PASS), criteria)
    with pytest.raises(DataError, match="0..5"):
        area_levels(ev, rule=lambda _one: 7)
    with pytest.raises(DataError, match="int"):
        area_levels(ev, rule=lambda _one: "3")


def test_area_levels_of_nothing_is_empty(criteria: Criteria) -> None:
    out = area_levels(evaluate(results("A", 2567, {}), criteria))
    assert out.empty and list(out.columns) == ["area_id", "year", "level"]


# -------------------------------------------------------------------------------------------- the real table

@pytest.mark.skipif(not REAL_CRITERIA.exists(), reason="data/criteria/eit_criteria_2565.csv not written yet")
def test_real_criteria_file_loads() -> None:
    crit = load_criteria(REAL_CRITERIA)
    assert criteria_counts(crit) == {"dimensions": 5, "aspects": 20, "indicators": 41}
    assert crit.dimensions == list(DIMENSIONS)
    assert crit.levels == [1, 2, 3, 4, 5]
    # scoring every indicator of an area with no results gives level 0 and all-NaN dimension scores
    ev = evaluate(pd.DataFrame(columns=["area_id", "year", "indicator_id", "value"]), crit,
                  area_years=[("X", 2568)])
    assert len(ev) == 41
    assert area_levels(ev)["level"].tolist() == [0]
    assert dimension_scores(ev)["score"].isna().all()


def test_criteria_versions_read_as_people_read_them() -> None:
    from scoring.criteria import version_label

    assert version_label("2565-illustrative", "th") == "ฉบับ พ.ศ. 2565 (ฉบับตัวอย่าง)"
    assert version_label("2565-illustrative", "en") == "2022 (B.E. 2565), illustrative"
    assert version_label("2567", "th") == "ฉบับ พ.ศ. 2567" and version_label("v2-test", "th") == "v2-test"
