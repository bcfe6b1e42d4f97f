"""Numbers as people write them, the same in every importer: a thousands separator (``1,250`` is 1250), a decimal
comma (``13,75`` is 13.75), and a value beyond the plausible magnitude of its unit (data/magnitudes.csv) is an
error, never a 400-digit number."""
from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from ingest.assessments import validate_assessments
from ingest.checks import magnitude_limit, numbers
from ingest.factories import validate_factories
from ingest.problems import ERROR, has_errors
from ingest.readers import read_table
from ingest.symbiosis import validate_flows, validate_parties
from programme import registry
from programme.criteria import current_criteria
from programme.symbiosis import load_vocabulary
from tests.conftest_db import DATA_DIR

HUGE = "1" + "0" * 400


@pytest.mark.parametrize("text, value", [("1,250", 1250.0), ("1,250,000", 1250000.0), ("1,250.5", 1250.5),
                                         ("13,75", 13.75), ("12,3456", 12.3456), ("1250", 1250.0), (" 7 ", 7.0),
                                         ("-1,000", -1000.0), ("0.5", 0.5)])
def test_the_one_number_rule(text, value):
    assert numbers(pd.Series([text])).iat[0] == value


@pytest.mark.parametrize("text", ["1,25,000", "1,2,3", "abc", "", "1.2.3", "inf", "nan"])
def test_what_is_not_a_number(text):
    assert np.isnan(numbers(pd.Series([text])).iat[0])


def test_the_limits_are_data():
    assert magnitude_limit("t") == 1e8 and magnitude_limit("people") == 1e6
    assert magnitude_limit("no such unit") == magnitude_limit("*") == 1e12


def _table(header, rows) -> pd.DataFrame:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return read_table(buf.getvalue().encode(), "t.csv")


MOI = ["FACREG", "DISPFACREG", "FID", "FACTYPE", "FNAME", "ISIC_CODE", "LAT", "LNG", "FFLAG", "TOTAL_WORKER"]


def _factory(workers: str, lat: str = "12.6939", lon: str = "101.1486") -> list[str]:
    return ["", "3-105-152/48รย", "", "3-105", "โรงงาน", "", lat, lon, "1", workers]


def test_workers_with_a_thousands_separator_are_a_thousand_and_more(placer):
    provinces = registry.load_provinces(DATA_DIR)
    out, problems = validate_factories(_table(MOI, [_factory("1,250")]), placer, provinces)
    assert out["workers"].tolist() == [1250] and not problems


def test_a_decimal_comma_in_coordinates_is_read_in_every_importer(placer):
    provinces = registry.load_provinces(DATA_DIR)
    out, _ = validate_factories(_table(MOI, [_factory("10", "12,6939", "101,1486")]), placer, provinces)
    assert out["lat"].tolist() == [12.6939] and out["province_code"].tolist() == ["21"]
    vocab = load_vocabulary(DATA_DIR)
    known = {"factories": set(), "party_ids": {}, "party_areas": {}, "areas": {"ryg-mtp"}}
    parties, problems = validate_parties(_table(["party_id", "kind", "name_th", "lat", "lon"],
                                                [["ce-x-001", "community_enterprise", "ชุมชน", "12,69", "101,16"]]),
                                         vocab, known)
    assert not has_errors(problems) and parties["lat"].tolist() == [12.69]


def test_an_implausible_number_of_workers_is_an_error(placer):
    provinces = registry.load_provinces(DATA_DIR)
    for workers in ("2,000,000", HUGE):
        out, problems = validate_factories(_table(MOI, [_factory(workers)]), placer, provinces)
        [p] = [p for p in problems if p.severity == ERROR]
        assert out.empty and p.column == "TOTAL_WORKER" and "implausibly large" in p.message_en
        assert "มากเกิน" in p.message_th and len(p.value) <= 201


def test_flow_quantities_use_the_rule_and_the_limit_of_their_unit():
    vocab = load_vocabulary(DATA_DIR)
    known = {"factories": {"F1"}, "party_ids": {"F1": "F1"}, "party_areas": {"F1": "ryg-mtp"}, "areas": {"ryg-mtp"}}
    header = ["party_id", "year", "direction", "flow_class", "material_th", "waste_code", "quantity", "unit"]
    rows = [["F1", "2568", "output", "waste", "เถ้า", "10 01 02", "1,250", "t"],
            ["F1", "2568", "output", "waste", "ตะกอน", "10 01 02", "200,000,000", "t"],   # > 100 million t
            ["F1", "2568", "output", "waste", "กาก", "10 01 02", "200,000,000", "kg"],    # 200 t: plausible
            ["F1", "2568", "output", "waste", "ฝุ่น", "10 01 02", HUGE, "t"]]
    out, problems = validate_flows(_table(header, rows), vocab, known)
    assert out["quantity"].tolist() == [1250.0, 200_000_000.0]
    errors = [p for p in problems if p.severity == ERROR]
    assert sorted(p.row for p in errors) == [2, 4] and all("implausibly large" in p.message_en for p in errors)


def test_assessment_numbers_use_the_same_rule():
    criteria, areas = current_criteria(DATA_DIR), registry.load_areas(DATA_DIR)
    t = criteria.table
    number = t.loc[t["metric_type"] == "number", "indicator_id"].iloc[0]
    percent = t.loc[t["metric_type"] == "percent", "indicator_id"].iloc[0]
    rows = [["ryg-mtp", "2568", number, "1,250", ""], ["ryg-mtp", "2568", percent, "12,5", ""],
            ["ryg-irpc", "2568", number, HUGE, ""]]
    out, problems = validate_assessments(_table(["area_id", "year", "indicator_id", "result", "evidence"], rows),
                                         criteria, areas)
    assert out["value"].tolist() == [1250.0, 12.5]
    [p] = problems                                         # a number of 400 digits: too large, not "not a number"
    assert p.row == 3 and "implausibly large" in p.message_en
