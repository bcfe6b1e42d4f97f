"""What a committee meeting steps through: the areas of a filter, one at a time, with what changed since the
year before and where each stands in certification. Pure functions."""
from __future__ import annotations

import pandas as pd

from common.thai import sort_frame
from scoring.summary import Model


def deck_order(table: pd.DataFrame, lang: str) -> list[str]:
    """Areas of an (already filtered) area table, in the order a meeting goes through them: those in the
    programme, by province then name."""
    rows = table.loc[table["in_programme"]]
    return list(sort_frame(rows, [f"province_{lang}", f"name_{lang}", "area_id"])["area_id"])


def what_changed(model: Model, area_id: str, year: int) -> pd.DataFrame:
    """Indicators whose result changed since the year before: columns indicator_id, level, before, now
    (pass/fail/missing), change ('passed' when it now passes, 'failed' when it no longer does)."""
    ev = model.evaluated
    now = ev.loc[(ev["area_id"] == area_id) & (ev["year"] == year)].set_index("indicator_id")
    before = ev.loc[(ev["area_id"] == area_id) & (ev["year"] == year - 1)].set_index("indicator_id")
    if now.empty or before.empty:
        return pd.DataFrame(columns=["indicator_id", "level", "before", "now", "change"])
    both = now[["level", "status"]].join(before[["status"]], rsuffix="_before", how="inner")
    moved = both.loc[both["status"] != both["status_before"]]
    out = pd.DataFrame({"indicator_id": moved.index, "level": moved["level"].astype(int).to_numpy(),
                        "before": moved["status_before"].to_numpy(), "now": moved["status"].to_numpy()})
    out["change"] = out["now"].map(lambda s: "passed" if s == "pass" else "failed")
    return out.sort_values(["change", "level", "indicator_id"]).reset_index(drop=True)
