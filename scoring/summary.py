"""What the pages show, computed from plain tables: the area table of a year, KPI figures, target progress,
an area's scorecard and history. No Streamlit here.

Inputs are the data set's frames (see ``programme.dataset.Dataset``) and the model frames computed once from them
(``Model``): indicator results evaluated against the criteria, dimension scores and levels per area and year.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.certified import shown_levels
from scoring.criteria import DIMENSIONS, Criteria
from scoring.factories import developed_by
from scoring.levels import area_levels, blocking_indicators
from scoring.scores import dimension_scores, evaluate


@dataclass(frozen=True)
class Model:
    """Everything derived from the assessments, computed once per data load."""

    evaluated: pd.DataFrame  # one row per area, year, indicator
    scores: pd.DataFrame  # area_id, year, dimension_id, score
    levels: pd.DataFrame  # area_id, year, level
    years: list[int]  # every assessment year, ascending


def build_model(assessments: pd.DataFrame, criteria: Criteria, rule: str = "cumulative") -> Model:
    results = assessments[["area_id", "year", "indicator_id", "value"]]
    evaluated = evaluate(results, criteria)
    scores = dimension_scores(evaluated)
    levels = area_levels(evaluated, rule=rule)
    years = sorted(int(y) for y in assessments["year"].unique())
    return Model(evaluated=evaluated, scores=scores, levels=levels, years=years)


def _level_of(levels: pd.DataFrame, year: int) -> pd.Series:
    return levels.loc[levels["year"] == year].set_index("area_id")["level"]


def area_table(areas: pd.DataFrame, provinces: pd.DataFrame, factories: pd.DataFrame, model: Model,
               year: int, certifications: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per area for ``year``: identity, whether it is in the programme, level (and the year before),
    the five dimension scores and factory counts. ``level`` is NA where the area was not assessed that year.

    With ``certifications``, ``level`` is the level on record (its ``level_status`` draft, verified or
    certified) and, where there is no record, the level computed from the assessment (``computed``)."""
    t = areas.copy()
    prov = provinces.set_index("code")
    t["province_th"] = t["province_code"].map(prov["name_th"])
    t["province_en"] = t["province_code"].map(prov["name_en"])
    t["region_id"] = t["province_code"].map(prov["region_id"])
    t["in_programme"] = t["year_joined"].astype(int) <= year
    shown_now = shown_levels(model.levels, certifications, year).set_index("area_id")
    shown_prev = shown_levels(model.levels, certifications, year - 1).set_index("area_id")
    t["level"] = t["area_id"].map(shown_now["level"]).astype("Int64")
    t["level_status"] = t["area_id"].map(shown_now["status"])
    t["computed_level"] = t["area_id"].map(_level_of(model.levels, year)).astype("Int64")
    t["prev_level"] = t["area_id"].map(shown_prev["level"]).astype("Int64")
    t["assessed"] = t["level"].notna()
    s = model.scores.loc[model.scores["year"] == year].pivot_table(
        index="area_id", columns="dimension_id", values="score", aggfunc="first")
    for dim in DIMENSIONS:
        t[dim] = t["area_id"].map(s[dim]) if dim in s.columns else np.nan
    developed = developed_by(factories, year)
    t["n_factories"] = t["area_id"].map(factories.groupby("area_id").size()).fillna(0).astype(int)
    t["n_developed"] = t["area_id"].map(factories.loc[developed].groupby("area_id").size()).fillna(0).astype(int)
    return t


def filter_areas(table: pd.DataFrame, region: str | None = None, province: str | None = None,
                 phase: int | None = None, level: int | None = None) -> pd.DataFrame:
    """Rows matching every filter given (None = no filter)."""
    keep = pd.Series(True, index=table.index)
    if region:
        keep &= table["region_id"] == region
    if province:
        keep &= table["province_code"] == province
    if phase:
        keep &= table["phase"].astype(int) == int(phase)
    if level is not None:
        keep &= table["level"] == int(level)
    return table.loc[keep]


def kpis(table: pd.DataFrame) -> dict:
    """Headline figures of an area table (already filtered)."""
    inprog = table.loc[table["in_programme"]]
    per_level = {lv: int((inprog["level"] == lv).sum()) for lv in range(1, 6)}
    status = inprog["level_status"] if "level_status" in inprog.columns else pd.Series("computed", index=inprog.index)
    certified = {lv: int(((inprog["level"] == lv) & (status == "certified")).sum()) for lv in range(1, 6)}
    n_f = int(inprog["n_factories"].sum())
    n_d = int(inprog["n_developed"].sum())
    return {
        "areas": int(len(table)),
        "in_programme": int(len(inprog)),
        "not_assessed": int(inprog["level"].isna().sum()),
        "below_level_1": int((inprog["level"] == 0).sum()),
        "per_level": per_level,
        # of per_level: the levels certified, and those only drafted, verified or computed (not certified)
        "per_level_certified": certified,
        "per_level_uncertified": {lv: per_level[lv] - certified[lv] for lv in range(1, 6)},
        "factories": n_f,
        "developed": n_d,
        "developed_share": (n_d / n_f) if n_f else None,
    }


def levels_in_scope(levels: pd.DataFrame, areas: pd.DataFrame | None, scope_phase) -> pd.DataFrame:
    """The level rows of the areas a target is about (``scope_phase`` blank = all areas)."""
    if areas is None or scope_phase in (None, "") or pd.isna(scope_phase):
        return levels
    ids = set(areas.loc[areas["phase"].astype(int) == int(scope_phase), "area_id"])
    return levels.loc[levels["area_id"].isin(ids)]


def scorecard(model: Model, criteria: Criteria, area_id: str, year: int) -> pd.DataFrame:
    """The area's indicator results for ``year`` with the criteria's names and targets, in criteria order."""
    ev = model.evaluated
    rows = ev.loc[(ev["area_id"] == area_id) & (ev["year"] == year)]
    crit = criteria.table.drop(columns=[c for c in ("dimension_id", "aspect_id", "level") if c in rows.columns],
                               errors="ignore")
    out = crit.merge(rows, on="indicator_id", how="left")
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    out["_d"] = out["dimension_id"].map(order)
    return out.sort_values(["_d", "aspect_id", "indicator_id"]).drop(columns="_d").reset_index(drop=True)


def level_in(model: Model, area_id: str, year: int) -> int | None:
    hit = model.levels.loc[(model.levels["area_id"] == area_id) & (model.levels["year"] == year), "level"]
    return int(hit.iloc[0]) if len(hit) else None


def blockers(model: Model, area_id: str, year: int) -> pd.DataFrame:
    """The failing or missing indicators that keep the area below the next level (empty at level 5 or when
    the area was not assessed)."""
    level = level_in(model, area_id, year)
    if level is None:
        return model.evaluated.iloc[0:0]
    ev = model.evaluated
    one = ev.loc[(ev["area_id"] == area_id) & (ev["year"] == year)]
    return blocking_indicators(one, level)


def level_history(model: Model, area_id: str) -> pd.DataFrame:
    return model.levels.loc[model.levels["area_id"] == area_id, ["year", "level"]].sort_values("year")


def dimension_comparison(model: Model, area_id: str, year: int) -> pd.DataFrame:
    """Dimension scores of ``year`` and the year before, one row per dimension (NaN where not assessed)."""
    s = model.scores.loc[model.scores["area_id"] == area_id]
    cur = s.loc[s["year"] == year].set_index("dimension_id")["score"]
    prev = s.loc[s["year"] == year - 1].set_index("dimension_id")["score"]
    return pd.DataFrame({"dimension_id": DIMENSIONS,
                         "score": [cur.get(d, np.nan) for d in DIMENSIONS],
                         "previous": [prev.get(d, np.nan) for d in DIMENSIONS]})
