"""Where each programme target stands, judged at its deadline: one rule for every page and export.

A target is "n areas at level ≥ L by year Y" (``data/targets.csv``), optionally of one phase. Seen from a year:

* ``met_on_time``: the count reached n in a year up to the deadline (``met_in`` says when);
* ``met_late``: the deadline passed with fewer, and the count reached n later (``met_in``);
* ``missed``: the deadline passed and the count has not reached n since;
* ``on_track`` / ``at_risk``: the deadline is still ahead; on track when the count, growing as it grew on
  average over the assessed years so far, reaches n by the deadline (a straight line through the first and the
  latest assessed year); at risk otherwise;
* ``no_data``: no assessed year yet.

``reached_at_deadline`` is the count in the deadline year (or the latest assessed year before it when the
deadline year itself was not assessed). Pure functions over plain frames.
"""
from __future__ import annotations

import math

import pandas as pd

from i18n import t, year_label
from scoring.trends import target_trajectory

STATUSES = ("met_on_time", "met_late", "missed", "on_track", "at_risk", "no_data")
COLUMNS = ["target_id", "status", "met_in", "reached", "n_areas", "gap", "by_year_be", "years_left",
           "reached_at_deadline", "projected"]


def _one(traj: pd.DataFrame, need: int, deadline: int, year: int) -> dict:
    seen = traj.loc[traj["year"] <= year].sort_values("year")
    if seen.empty:
        return dict(status="no_data", met_in=None, reached=0, reached_at_deadline=None, projected=None)
    reached = int(seen["reached"].iloc[-1])
    hits = seen.loc[seen["reached"] >= need, "year"]
    met_in = int(hits.iloc[0]) if len(hits) else None
    upto = seen.loc[seen["year"] <= deadline]
    at_deadline = int(upto["reached"].iloc[-1]) if len(upto) else None
    if met_in is not None and met_in <= deadline:
        return dict(status="met_on_time", met_in=met_in, reached=reached, reached_at_deadline=at_deadline,
                    projected=None)
    if year >= deadline:
        late = seen.loc[(seen["year"] > deadline) & (seen["reached"] >= need), "year"]
        if len(late):
            return dict(status="met_late", met_in=int(late.iloc[0]), reached=reached,
                        reached_at_deadline=at_deadline, projected=None)
        return dict(status="missed", met_in=None, reached=reached, reached_at_deadline=at_deadline, projected=None)
    first_year, first = int(seen["year"].iloc[0]), int(seen["reached"].iloc[0])
    last_year = int(seen["year"].iloc[-1])
    slope = (reached - first) / (last_year - first_year) if last_year > first_year else 0.0
    projected = reached + slope * (deadline - last_year)
    status = "on_track" if projected >= need else "at_risk"
    return dict(status=status, met_in=None, reached=reached, reached_at_deadline=None,
                projected=int(math.floor(projected + 1e-9)))


def target_status(levels: pd.DataFrame, targets: pd.DataFrame, year: int,
                  areas: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per target (columns :data:`COLUMNS`) as seen from ``year``; ``levels`` has area_id, year, level
    (the levels to judge by: on record or computed, as the caller shows them)."""
    traj = target_trajectory(levels, targets, areas)
    rows = []
    for _, tg in targets.iterrows():
        need, deadline = int(tg["n_areas"]), int(tg["by_year_be"])
        one = traj.loc[traj["target_id"] == tg["target_id"]] if len(traj) else pd.DataFrame(
            {"year": pd.Series(dtype="int64"), "reached": pd.Series(dtype="int64")})
        got = _one(one, need, deadline, int(year))
        rows.append({"target_id": tg["target_id"], **got, "n_areas": need, "gap": max(need - got["reached"], 0),
                     "by_year_be": deadline, "years_left": max(deadline - int(year), 0)})
    return pd.DataFrame(rows, columns=COLUMNS)


def bar_share(row) -> float:
    """How full a target's bar is: the count at the deadline once it has passed unmet, else the count now."""
    need = int(row["n_areas"]) or 1
    got = row["reached_at_deadline"] if row["status"] == "missed" and pd.notna(row["reached_at_deadline"]) \
        else row["reached"]
    return max(0.0, min(float(got) / need, 1.0))


def target_text(row, label: str, lang: str, scope: str | None = None) -> str:
    """One line a person reads about a target (the same on every page and export), e.g.
    '18 areas at level 3 in 2565: met late, in พ.ศ. 2567 (15 of 18 at the deadline)'."""
    st = row["status"]
    values = dict(label=label, reached=int(row["reached"]), need=int(row["n_areas"]), gap=int(row["gap"]),
                  deadline=year_label(int(row["by_year_be"]), lang), years=int(row["years_left"]),
                  at_deadline="–" if pd.isna(row["reached_at_deadline"]) else int(row["reached_at_deadline"]),
                  met_in="–" if row["met_in"] is None or pd.isna(row["met_in"]) else year_label(int(row["met_in"]), lang),
                  projected="–" if row["projected"] is None or pd.isna(row["projected"]) else int(row["projected"]))
    text = t(f"target.{st}", lang, **values)
    return text + (f" · {scope}" if scope else "")


def target_lines(on_record: pd.DataFrame, targets: pd.DataFrame, year: int, areas: pd.DataFrame | None, lang: str,
                 scope: str | None = None, label=lambda text: text) -> list[tuple[str, float]]:
    """Every target as a page or an export shows it: (its sentence, how full its bar is), judged from ``year``
    on ``on_record`` (``scoring.certified.levels_on_record``). ``label`` prepares the target's label for where
    it goes (e.g. Markdown escaping on a page)."""
    labels = targets.set_index("target_id")[f"label_{lang}"]
    return [(target_text(row, label(labels[row["target_id"]]), lang, scope), bar_share(row))
            for _, row in target_status(on_record, targets, year, areas).iterrows()]
