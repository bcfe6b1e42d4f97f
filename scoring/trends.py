"""Year-on-year views: level changes between two years, level distribution per year, progress toward targets,
and factory programme counts. Pure functions over the model's frames."""
from __future__ import annotations

import pandas as pd

from scoring.factories import developed_by

CHANGES = ["up", "same", "down", "new", "not_assessed"]


def level_changes(areas: pd.DataFrame, levels: pd.DataFrame, year_from: int, year_to: int) -> pd.DataFrame:
    """Per area: level in ``year_from`` and ``year_to`` and the change — up, same, down, new (no level in
    ``year_from`` but one in ``year_to``) or not_assessed (no level in ``year_to``)."""
    lv = levels.set_index(["area_id", "year"])["level"]

    def get(aid, y):
        return lv.get((aid, y))

    rows = []
    for aid in areas["area_id"]:
        a, b = get(aid, year_from), get(aid, year_to)
        if b is None:
            change = "not_assessed"
        elif a is None:
            change = "new"
        else:
            change = "up" if b > a else "down" if b < a else "same"
        rows.append({"area_id": aid, "level_from": a, "level_to": b, "change": change})
    out = pd.DataFrame(rows, columns=["area_id", "level_from", "level_to", "change"])
    out["level_from"] = out["level_from"].astype("Int64")
    out["level_to"] = out["level_to"].astype("Int64")
    return out


def level_distribution(levels: pd.DataFrame) -> pd.DataFrame:
    """Number of areas at each level (0..5) per year: columns year, level, n (every level present per year)."""
    years = sorted(levels["year"].unique())
    counts = levels.groupby(["year", "level"]).size()
    rows = [{"year": int(y), "level": lv, "n": int(counts.get((y, lv), 0))} for y in years for lv in range(0, 6)]
    return pd.DataFrame(rows, columns=["year", "level", "n"])


def target_trajectory(levels: pd.DataFrame, targets: pd.DataFrame, areas: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each target and each assessed year: areas (of the target's phase, if it has one) at or above the target
    level, the target count and the gap."""
    from scoring.summary import levels_in_scope

    rows = []
    for _, tg in targets.iterrows():
        scoped = levels_in_scope(levels, areas, tg.get("scope_phase"))
        for y in sorted(levels["year"].unique()):
            reached = int((scoped.loc[scoped["year"] == y, "level"] >= int(tg["level"])).sum())
            rows.append({"target_id": tg["target_id"], "year": int(y), "reached": reached,
                         "n_areas": int(tg["n_areas"]), "by_year_be": int(tg["by_year_be"]),
                         "gap": max(int(tg["n_areas"]) - reached, 0)})
    return pd.DataFrame(rows, columns=["target_id", "year", "reached", "n_areas", "by_year_be", "gap"])


def factory_summary(factories: pd.DataFrame, year: int) -> dict:
    """Counts for the executive summary, for factories inside EIT areas, as of the end of ``year``."""
    f = factories.loc[factories["area_id"].notna()]
    developed = developed_by(f, year)
    eco = pd.to_numeric(f["eco_factory_year"]) <= year
    csr = pd.to_numeric(f["csr_diw_year"]) <= year
    gi = f["gi_level"].astype(int).value_counts()
    return {
        "total": int(len(f)),
        "developed": int(developed.sum()),
        "by_gi": {lv: int(gi.get(lv, 0)) for lv in range(0, 6)},
        "eco_factory": int(eco.fillna(False).sum()),
        "csr_diw": int(csr.fillna(False).sum()),
    }


def programme_factory_summary(areas: pd.DataFrame, factories: pd.DataFrame, year: int) -> dict:
    """:func:`factory_summary` of the factories in the areas that were in the programme in ``year`` (the
    executive summary's figures, on the page and in its PDF)."""
    joined = set(areas.loc[areas["year_joined"].astype(int) <= year, "area_id"])
    return factory_summary(factories.loc[factories["area_id"].isin(joined)], year)
