"""Indicator results → pass/fail, indicator scores and dimension scores.

Indicator results ("assessments") are a DataFrame with columns ``area_id, year, indicator_id, value``: ``value``
is a float (NaN = no result), 0/1 for binary indicators; ``year`` is a Buddhist-era int.

Default formulas (documented and replaceable; DIW has not published its own scoring formula):

* **Pass/fail** – binary and higher-is-better: ``value >= threshold``; lower-is-better: ``value <= threshold``.
  A missing value neither passes nor fails (``passed`` is None, ``status`` "missing").
* **Indicator score (0..100)**
    - binary: 100 if the value is 1, else 0;
    - higher-is-better: ``100 * min(1, value / threshold)``; with threshold 0 the score is 100 when
      ``value >= 0``; clipped to 0..100 (a negative value scores 0);
    - lower-is-better: 100 if ``value <= threshold``, else ``100 * threshold / value``, clipped to 0..100;
    - missing value: NaN.
* **Dimension score** – the plain mean of the non-missing indicator scores of the dimension (every indicator weighs
  the same, whatever its level); NaN when all of them are missing.  ``n_missing`` says how many were left out,
  so a score over few indicators can be flagged.

The level an area reaches is a separate, pluggable rule: see :mod:`scoring.levels`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from common.errors import DataError
from common.values import is_missing
from scoring.criteria import DIMENSIONS, Criteria

RESULT_COLUMNS: tuple[str, ...] = ("area_id", "year", "indicator_id", "value")
EVALUATED_COLUMNS: tuple[str, ...] = (
    "area_id", "year", "dimension_id", "aspect_id", "indicator_id", "level", "value", "passed", "status", "score",
)
DIMENSION_SCORE_COLUMNS: tuple[str, ...] = ("area_id", "year", "dimension_id", "score", "n_indicators", "n_missing")


def _check_kind(metric_type: str, direction: str) -> None:
    if metric_type not in ("binary", "percent", "number"):
        raise DataError(f"unknown metric_type '{metric_type}' / ประเภทตัวชี้วัด '{metric_type}' ไม่ถูกต้อง")
    if direction not in ("higher", "lower"):
        raise DataError(f"unknown direction '{direction}' / ทิศทาง '{direction}' ไม่ถูกต้อง")


def indicator_passes(value: float | None, metric_type: str, direction: str, threshold: float) -> bool | None:
    """Whether one result meets its threshold; None when the value is missing."""
    _check_kind(metric_type, direction)
    if is_missing(value):
        return None
    value, threshold = float(value), float(threshold)
    if metric_type == "binary" or direction == "higher":
        return bool(value >= threshold)
    return bool(value <= threshold)


def indicator_score(value: float | None, metric_type: str, direction: str, threshold: float) -> float:
    """Score 0..100 of one result (formulas in the module docstring); NaN when the value is missing."""
    _check_kind(metric_type, direction)
    if is_missing(value):
        return math.nan
    value, threshold = float(value), float(threshold)
    if metric_type == "binary":
        return 100.0 if value >= threshold else 0.0
    if direction == "higher":
        if threshold == 0:
            score = 100.0 if value >= 0 else 0.0
        else:
            score = 100.0 * min(1.0, value / threshold)
    elif value <= threshold:
        score = 100.0
    else:  # value > threshold >= 0, so value > 0
        score = 100.0 * threshold / value
    return float(min(100.0, max(0.0, score)))


def _prepare_results(results: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in RESULT_COLUMNS if c not in results.columns]
    if missing:
        raise DataError(f"indicator results: missing column(s) {', '.join(missing)} / "
                        f"ผลการประเมิน: ไม่มีคอลัมน์ {', '.join(missing)}")
    res = results[list(RESULT_COLUMNS)].copy()
    res = res.reset_index(drop=True)

    blank_key = res["area_id"].isna() | res["indicator_id"].isna() | res["year"].isna()
    if blank_key.any():
        i = int(np.flatnonzero(blank_key.to_numpy())[0])
        raise DataError(f"indicator results row {i + 1}: area_id, year and indicator_id are required / "
                        f"ผลการประเมินแถวที่ {i + 1}: ต้องระบุ area_id, year และ indicator_id")
    res["area_id"] = res["area_id"].astype(str).str.strip()
    res["indicator_id"] = res["indicator_id"].astype(str).str.strip()

    years = pd.to_numeric(res["year"], errors="coerce")
    bad_year = years.isna() | (years != years.round())
    if bad_year.any():
        i = int(np.flatnonzero(bad_year.to_numpy())[0])
        raise DataError(f"indicator results row {i + 1}, column 'year', value '{res['year'].iloc[i]}': "
                        "year must be a whole number (Buddhist era) / ปีต้องเป็นจำนวนเต็ม (พ.ศ.)")
    res["year"] = years.astype("int64")

    values = pd.to_numeric(res["value"], errors="coerce")
    bad_value = values.isna() & ~res["value"].map(_is_missing_or_blank)
    if bad_value.any():
        i = int(np.flatnonzero(bad_value.to_numpy())[0])
        raise DataError(f"indicator results row {i + 1}, column 'value', value '{res['value'].iloc[i]}': "
                        "value must be a number or blank / ค่าต้องเป็นตัวเลขหรือเว้นว่าง")
    res["value"] = values.astype("float64")

    dup = res.duplicated(["area_id", "year", "indicator_id"], keep="first")
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        r = res.iloc[i]
        raise DataError(f"indicator results row {i + 1}: more than one result for area '{r.area_id}', "
                        f"year {r.year}, indicator '{r.indicator_id}' / มีผลการประเมินซ้ำสำหรับพื้นที่ "
                        f"'{r.area_id}' ปี {r.year} ตัวชี้วัด '{r.indicator_id}'")
    return res


def _is_missing_or_blank(value: object) -> bool:
    return is_missing(value) or (isinstance(value, str) and value.strip() == "")


def _area_year_keys(res: pd.DataFrame, area_years) -> pd.DataFrame:
    keys = res[["area_id", "year"]]
    if area_years is not None:
        extra = (area_years[["area_id", "year"]] if isinstance(area_years, pd.DataFrame)
                 else pd.DataFrame(list(area_years), columns=["area_id", "year"]))
        extra = extra.astype({"area_id": str, "year": "int64"})
        keys = pd.concat([keys, extra], ignore_index=True)
    keys = keys.drop_duplicates().sort_values(["area_id", "year"], kind="stable")
    return keys.reset_index(drop=True)


def evaluate(results: pd.DataFrame, criteria: Criteria,
             area_years: pd.DataFrame | Iterable[tuple[str, int]] | None = None) -> pd.DataFrame:
    """One row per (area, year) × indicator of the criteria, with pass/fail and score.

    The (area, year) pairs are those present in ``results`` plus any given in ``area_years`` (pairs, or a frame
    with area_id/year columns) — use it for areas that have no results at all.  Every indicator of the criteria
    appears for every pair; an indicator without a result gets value NaN, passed None, status "missing", score NaN.
    Results for indicator ids that are not in the criteria are ignored (validate them against the criteria in the
    data layer).  Raises DataError on missing columns, non-numeric values, non-integer years, duplicate
    (area, year, indicator) results and binary values other than 0/1.

    Columns: area_id, year, dimension_id, aspect_id, indicator_id, level, value, passed (True/False/None),
    status ("pass"/"fail"/"missing"), score (0..100 or NaN).  Sorted by area_id, year, then criteria order.
    """
    res = _prepare_results(results)
    keys = _area_year_keys(res, area_years)
    spec = criteria.table[["dimension_id", "aspect_id", "indicator_id", "level", "metric_type", "direction",
                           "threshold"]]
    grid = keys.merge(spec, how="cross").merge(res, on=["area_id", "year", "indicator_id"], how="left")

    binary_bad = (grid["metric_type"] == "binary") & grid["value"].notna() & ~grid["value"].isin([0.0, 1.0])
    if binary_bad.any():
        r = grid[binary_bad].iloc[0]
        raise DataError(f"indicator results: area '{r.area_id}', year {r.year}, indicator '{r.indicator_id}', "
                        f"value {r.value:g}: a binary indicator takes 0 or 1 / "
                        "ตัวชี้วัดแบบผ่าน/ไม่ผ่านต้องมีค่า 0 หรือ 1")

    rows = list(zip(grid["value"], grid["metric_type"], grid["direction"], grid["threshold"]))
    passed = [indicator_passes(*r) for r in rows]
    grid["passed"] = pd.Series(passed, index=grid.index, dtype=object)
    grid["status"] = ["missing" if p is None else ("pass" if p else "fail") for p in passed]
    grid["score"] = np.array([indicator_score(*r) for r in rows], dtype="float64")
    out = grid[list(EVALUATED_COLUMNS)].reset_index(drop=True)
    out["level"] = out["level"].astype("int64")
    return out


def dimension_scores(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Per area_id, year and dimension: score (mean of non-missing indicator scores, NaN if none), n_indicators,
    n_missing.  One row for every dimension present in ``evaluated`` (which, coming from :func:`evaluate`, holds
    every dimension of the criteria), dimensions in canonical order."""
    if evaluated.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            DIMENSION_SCORE_COLUMNS, (str, "int64", str, "float64", "int64", "int64"))})
    ev = evaluated.assign(_missing=(evaluated["status"] == "missing").astype("int64"))
    out = (ev.groupby(["area_id", "year", "dimension_id"], sort=False)
             .agg(score=("score", "mean"), n_indicators=("indicator_id", "size"), n_missing=("_missing", "sum"))
             .reset_index())
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    out = out.assign(_o=out["dimension_id"].map(order)).sort_values(["area_id", "year", "_o"], kind="stable")
    out = out[list(DIMENSION_SCORE_COLUMNS)].reset_index(drop=True)
    return out.astype({"score": "float64", "n_indicators": "int64", "n_missing": "int64"})
