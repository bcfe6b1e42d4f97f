"""The assessment results template and validating uploaded results."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from ingest.assessments import (
    OUTPUT_COLUMNS,
    SHEET_AREAS,
    SHEET_DATA,
    SHEET_INDICATORS,
    SHEET_README,
    TEMPLATE_COLUMNS,
    make_template,
    validate_assessments,
)
from ingest.problems import ERROR, WARNING, has_errors
from ingest.readers import read_table
from programme import registry
from programme.criteria import criteria_file
from scoring.criteria import load_criteria

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def criteria():
    return load_criteria(criteria_file(DATA))


@pytest.fixture(scope="module")
def areas():
    return registry.load_areas(DATA)


@pytest.fixture(scope="module")
def ids(criteria):
    """One indicator id of each metric type."""
    t = criteria.table
    return {kind: t.loc[t["metric_type"] == kind, "indicator_id"].iloc[0] for kind in ("binary", "percent", "number")}


def table(rows, header=("area_id", "year", "indicator_id", "result", "evidence"), encoding="utf-8") -> pd.DataFrame:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return read_table(buf.getvalue().encode(encoding), "results.csv")


def only(problems, row, severity=None):
    return [p for p in problems if p.row == row and (severity is None or p.severity == severity)]


# --------------------------------------------------------------------------------------------- template

def test_template_structure(criteria, areas):
    data = make_template(criteria, areas, year=2567, area_ids=["ryg-mtp", "pte-bangkadi"])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [SHEET_DATA, SHEET_README, SHEET_AREAS, SHEET_INDICATORS]
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:5] == TEMPLATE_COLUMNS and "indicator_th" in header and "threshold" in header
    assert "รหัสพื้นที่" in ws["A1"].comment.text and "ปี พ.ศ." in ws["B1"].comment.text
    n_ind = len(criteria.table)
    assert ws.max_row == 1 + 2 * n_ind
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["ryg-mtp"] * n_ind + ["pte-bangkadi"] * n_ind
    assert {r[1] for r in rows} == {2567}
    assert [r[2] for r in rows[:n_ind]] == criteria.table["indicator_id"].tolist()
    assert all(r[3] is None for r in rows)
    validations = {str(dv.sqref).split()[0]: dv for dv in ws.data_validations.dataValidation}
    assert SHEET_AREAS in validations["A2:A" + str(ws.max_row)].formula1
    assert SHEET_INDICATORS in validations["C2:C" + str(ws.max_row)].formula1
    readme = " ".join(str(c.value) for row in wb[SHEET_README].iter_rows() for c in row if c.value)
    assert "area_id" in readme and "พ.ศ." in readme and "Buddhist-era" in readme and criteria.version in readme
    assert wb[SHEET_AREAS].max_row == len(areas) + 1
    assert wb[SHEET_INDICATORS].max_row == n_ind + 1


def test_template_defaults_to_one_example_area(criteria, areas):
    wb = openpyxl.load_workbook(io.BytesIO(make_template(criteria, areas)))
    ws = wb.worksheets[0]
    area_ids = {r[0] for r in ws.iter_rows(min_row=2, values_only=True)}
    years = {r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert area_ids == {areas["area_id"].iat[0]} and len(years) == 1 and 2560 < years.pop() < 2700


def test_template_round_trip(tmp_path, criteria, areas, ids):
    path = tmp_path / "template.xlsx"
    path.write_bytes(make_template(criteria, areas, year=2567, area_ids=["ryg-mtp"]))
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    row_of = {ws.cell(r, 3).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row_of[ids["binary"]], 4).value = "ใช่"
    ws.cell(row_of[ids["binary"]], 5).value = "แผนผังปี 2566"
    ws.cell(row_of[ids["percent"]], 4).value = 0.625                 # typed as 62.5 % in Excel
    ws.cell(row_of[ids["percent"]], 4).number_format = "0.0%"
    ws.cell(row_of[ids["number"]], 4).value = 1234.5
    ws.cell(row_of[ids["number"]], 6).value = "helper columns are ignored"
    wb.save(path)

    raw = read_table(path.read_bytes(), path.name)
    out, problems = validate_assessments(raw, criteria, areas)
    assert list(out.columns) == OUTPUT_COLUMNS
    assert not has_errors(problems)
    assert len(out) == 3                        # rows with a blank result are not written (stored ones stay)
    got = out.set_index("indicator_id")
    assert got.loc[ids["binary"], "value"] == 1.0 and got.loc[ids["binary"], "evidence"] == "แผนผังปี 2566"
    assert got.loc[ids["percent"], "value"] == pytest.approx(62.5)
    assert got.loc[ids["number"], "value"] == 1234.5
    assert got["value"].notna().sum() == 3
    assert set(out["area_id"]) == {"ryg-mtp"} and set(out["year"]) == {2567}
    assert set(out["criteria_version"]) == {criteria.version}
    assert out["source_row"].tolist() == sorted(row_of[i] - 1 for i in ids.values())
    blank_warnings = [p for p in problems if p.severity == WARNING]
    assert len(blank_warnings) == len(criteria.table) - 3


# --------------------------------------------------------------------------------------------- values

@pytest.mark.parametrize("text, value", [("1", 1.0), ("0", 0.0), ("ใช่", 1.0), ("ไม่ใช่", 0.0), ("yes", 1.0),
                                         ("No", 0.0), ("ผ่าน", 1.0), ("ไม่ผ่าน", 0.0), ("1.0", 1.0)])
def test_binary_words(criteria, areas, ids, text, value):
    out, problems = validate_assessments(table([["ryg-mtp", "2567", ids["binary"], text, ""]]), criteria, areas)
    assert out["value"].tolist() == [value] and problems == []


@pytest.mark.parametrize("kind, text", [("binary", "2"), ("binary", "0.5"), ("percent", "150"), ("percent", "-1"),
                                        ("number", "-3")])
def test_value_out_of_range(criteria, areas, ids, kind, text):
    rows = [["ryg-mtp", "2567", ids["binary"], "1", ""], ["ryg-mtp", "2567", ids["percent"], "50", ""],
            ["ryg-irpc", "2567", ids[kind], text, ""]]
    out, problems = validate_assessments(table(rows), criteria, areas)
    assert out["source_row"].tolist() == [1, 2]
    [p] = only(problems, 3, ERROR)
    assert p.column == "result" and p.value == text and "out of range" in p.message_en and "นอกช่วง" in p.message_th


def test_percent_sign_and_thousands(criteria, areas, ids):
    rows = [["ryg-mtp", "2567", ids["percent"], "45.5%", ""], ["ryg-mtp", "2567", ids["number"], "1,234", ""]]
    out, problems = validate_assessments(table(rows), criteria, areas)
    assert out["value"].tolist() == [45.5, 1234.0] and problems == []


def test_non_numeric_value(criteria, areas, ids):
    rows = [["ryg-mtp", "2567", ids["percent"], "ประมาณครึ่งหนึ่ง", ""],
            ["ryg-mtp", "2567", ids["binary"], "maybe", ""]]
    out, problems = validate_assessments(table(rows), criteria, areas)
    assert out.empty
    for row in (1, 2):
        [p] = only(problems, row, ERROR)
        assert p.column == "result" and "not a number" in p.message_en and "ตัวเลข" in p.message_th


def test_a_blank_result_is_a_warning_and_not_written(criteria, areas, ids):
    out, problems = validate_assessments(table([["ryg-mtp", "2567", ids["number"], "", "รอข้อมูล"]]), criteria, areas)
    assert out.empty
    [p] = problems
    assert (p.row, p.column, p.severity) == (1, "result", WARNING) and "kept" in p.message_en
    assert "CLEAR" in p.message_en and "ลบ" in p.message_th


@pytest.mark.parametrize("word", ["ลบ", "CLEAR", "clear", " Clear "])
def test_the_erase_word_gives_a_blank_value(criteria, areas, ids, word):
    out, problems = validate_assessments(table([["ryg-mtp", "2567", ids["number"], word, ""]]), criteria, areas)
    assert len(out) == 1 and np.isnan(out["value"].iat[0]) and problems == []


# --------------------------------------------------------------------------------------------- keys

def test_unknown_area_and_indicator(criteria, areas, ids):
    rows = [["ryg-mtpp", "2567", ids["binary"], "1", ""], ["ryg-mtp", "2567", "XYZ-9.9", "1", ""],
            ["RYG-MTP", "2567", ids["binary"].lower(), "1", ""]]
    out, problems = validate_assessments(table(rows), criteria, areas)
    assert out["source_row"].tolist() == [3]                           # case is forgiven
    assert out["area_id"].tolist() == ["ryg-mtp"] and out["indicator_id"].tolist() == [ids["binary"]]
    [p] = only(problems, 1, ERROR)
    assert p.column == "area_id" and p.value == "ryg-mtpp" and "unknown area" in p.message_en
    assert "ryg-mtp?" in p.message_en and "รหัสพื้นที่" in p.message_th
    [p] = only(problems, 2, ERROR)
    assert p.column == "indicator_id" and p.value == "XYZ-9.9" and "unknown indicator" in p.message_en


def test_duplicate_area_year_indicator(criteria, areas, ids):
    rows = [["ryg-mtp", "2567", ids["binary"], "1", ""], ["ryg-mtp", "2568", ids["binary"], "1", ""],
            ["ryg-mtp", "2567", ids["binary"], "0", ""]]
    out, problems = validate_assessments(table(rows), criteria, areas)
    assert out["source_row"].tolist() == [1, 2]
    [p] = only(problems, 3, ERROR)
    assert "rows 1 and 3" in p.message_en and "แถวที่ 1" in p.message_th


@pytest.mark.parametrize("year", ["67", "abc", "3000", "2450", ""])
def test_implausible_year(criteria, areas, ids, year):
    out, problems = validate_assessments(table([["ryg-mtp", year, ids["binary"], "1", ""]]), criteria, areas)
    assert out.empty
    [p] = only(problems, 1, ERROR)
    assert p.column == "year" and p.value == year and "ปี" in p.message_th


def test_ce_year_is_an_error_giving_the_be_year(criteria, areas, ids):
    out, problems = validate_assessments(table([["ryg-mtp", "2024", ids["binary"], "1", ""]]), criteria, areas)
    assert out.empty
    [p] = only(problems, 1, ERROR)
    assert p.column == "year" and "Christian-era" in p.message_en and "2567" in p.message_en
    assert "ค.ศ." in p.message_th and "2567" in p.message_th
    assert [q for q in problems if q.row is None] == []                 # not mixed: only CE


def test_mixed_be_and_ce_years_are_reported_for_the_file(criteria, areas, ids):
    rows = [["ryg-mtp", "2567", ids["binary"], "1", ""], ["ryg-mtp", "2024", ids["percent"], "50", ""]]
    out, problems = validate_assessments(table(rows), criteria, areas)
    assert out["source_row"].tolist() == [1]
    [f] = [p for p in problems if p.row is None]
    assert f.severity == ERROR and "mixes" in f.message_en and "row 1: 2567" in f.message_en
    assert "row 2: 2024" in f.message_en and "ปน" in f.message_th


def test_year_before_the_area_joined_is_a_warning(criteria, areas, ids):
    joined = int(areas.set_index("area_id").loc["ryg-mtp", "year_joined"])
    out, problems = validate_assessments(table([["ryg-mtp", str(joined - 1), ids["binary"], "1", ""]]),
                                         criteria, areas)
    assert len(out) == 1
    [p] = problems
    assert (p.row, p.column, p.severity) == (1, "year", WARNING) and str(joined) in p.message_en


def test_missing_columns_is_a_file_error(criteria, areas):
    out, problems = validate_assessments(table([["ryg-mtp", "2567"]], header=("area_id", "year")), criteria, areas)
    assert out.empty
    [p] = problems
    assert p.row is None and p.severity == ERROR and "indicator_id" in p.message_en and "result" in p.message_th


def test_thai_headers_and_cp874(criteria, areas, ids):
    raw = table([["ryg-mtp", "2567", ids["percent"], "55", "รายงานประจำปี"]],
                header=("รหัสพื้นที่", "ปี", "รหัสตัวชี้วัด", "ผลการประเมิน", "หลักฐาน"), encoding="cp874")
    out, problems = validate_assessments(raw, criteria, areas)
    assert problems == [] and out["value"].tolist() == [55.0] and out["evidence"].tolist() == ["รายงานประจำปี"]


def test_demo_assessments_file_is_accepted(criteria, areas):
    raw = read_table((DATA / "demo" / "assessments.csv").read_bytes(), "assessments.csv")
    out, problems = validate_assessments(raw, criteria, areas)
    assert not has_errors(problems)
    assert len(out) == (raw["value"] != "").sum()          # blank results are not written
