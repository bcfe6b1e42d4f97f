"""This year at a glance, for the front page: how the areas moved against the year before and how much of this
year is still not certified. Judged on the levels on record (``scoring.certified.levels_on_record``), the same
levels the national table, the targets and the year-on-year page show. Pure functions over plain frames."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from common.thai import sort_frame
from scoring.trends import level_changes

#: How a year's level stands in the certification steps, from done to not started.
CERT_STEPS = ("certified", "verified", "draft", "computed", "not_assessed")


@dataclass(frozen=True)
class YearChange:
    """Areas up / same / down against ``previous`` (the latest assessed year before ``year``; None when there
    is none), the areas with a first level this year (``new``) and those without a level this year.
    ``movers`` lists the areas that went up or down: area_id, level_from, level_to, change, step (to − from),
    rises first (largest first), then falls (largest first), each in Thai order of ``name_col``."""

    year: int
    previous: int | None
    up: int
    same: int
    down: int
    new: int
    not_assessed: int
    movers: pd.DataFrame


def previous_year(on_record: pd.DataFrame, year: int) -> int | None:
    """The latest year before ``year`` with a level on record, or None."""
    earlier = on_record.loc[on_record["year"].astype(int) < int(year), "year"]
    return int(earlier.max()) if len(earlier) else None


def year_change(on_record: pd.DataFrame, areas: pd.DataFrame, year: int, name_col: str = "name_th") -> YearChange:
    """How the ``areas`` given (the scope the reader filtered, in the programme that year) moved from the year
    before to ``year``. ``areas`` needs ``area_id`` and ``name_col``."""
    year = int(year)
    prev = previous_year(on_record, year)
    levels = on_record[["area_id", "year", "level"]].astype({"year": "int64", "level": "int64"})
    changes = level_changes(areas[["area_id"]], levels, prev if prev is not None else year - 1, year)
    counts = changes["change"].value_counts()
    moved = changes.loc[changes["change"].isin(["up", "down"])].copy()
    moved["step"] = (moved["level_to"] - moved["level_from"]).astype(int)
    moved = moved.merge(areas[["area_id", name_col]], on="area_id", how="left")
    moved["_order"] = moved["change"].map({"up": 0, "down": 1})
    moved["_size"] = -moved["step"].abs()
    moved = sort_frame(moved, ["_order", "_size", name_col, "area_id"])
    movers = moved[["area_id", "level_from", "level_to", "change", "step"]].reset_index(drop=True)
    return YearChange(year=year, previous=prev, up=int(counts.get("up", 0)), same=int(counts.get("same", 0)),
                      down=int(counts.get("down", 0)), new=int(counts.get("new", 0)),
                      not_assessed=int(counts.get("not_assessed", 0)), movers=movers)


def certification_tally(on_record: pd.DataFrame, area_ids, year: int) -> dict[str, int]:
    """For the areas ``area_ids`` (the scope, in the programme in ``year``): how many have a certified level for
    ``year``, how many a verified one awaiting the committee, a draft, only a level computed from the assessment,
    or no level at all (keys :data:`CERT_STEPS`), plus ``total`` and ``uncertified`` (every area not certified)."""
    ids = pd.Index(pd.unique(pd.Series(list(area_ids), dtype=object)))
    now = on_record.loc[on_record["year"].astype(int) == int(year)].drop_duplicates("area_id").set_index("area_id")
    status = pd.Series(ids.map(now["status"]) if len(now) else [None] * len(ids), index=ids, dtype=object)
    status = status.fillna("not_assessed")
    out = {step: int((status == step).sum()) for step in CERT_STEPS}
    out["total"] = int(len(ids))
    out["uncertified"] = out["total"] - out["certified"]
    return out
