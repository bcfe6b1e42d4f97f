"""Year on year: the exchanges that *started* (began operating) or *ended* (were discontinued) within a
Buddhist-era year, from the dated status changes of the register.

An exchange's changes are its rows in the status history; an exchange without history rows counts by its own
``status`` and ``status_on`` (the date of that status). A change is dated by its day (ISO, Christian era); the
year is 1 January to 31 December of the Buddhist-era year's Christian year. An exchange that began operating
twice in one year (operating, halted, operating again) counts once, at its first date."""
from __future__ import annotations

import pandas as pd

from common.years import to_ce
from symbiosis.register import HISTORY_COLUMNS

#: The two changes people ask about, and the status each one is the move into.
CHANGES = {"started": "operating", "ended": "discontinued"}
CHANGE_COLUMNS = ["exchange_id", "change", "changed_on", "area_id", "from_party", "to_party", "category",
                  "material_th", "material_en", "quantity", "unit"]


def dated_changes(exchanges: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """Every dated status change of ``exchanges``: their history rows, and for an exchange without any, its own
    status on its ``status_on`` date (none when that date is blank)."""
    ids = set(exchanges["exchange_id"])
    h = history.loc[history["exchange_id"].isin(ids), HISTORY_COLUMNS]
    bare = exchanges[~exchanges["exchange_id"].isin(set(h["exchange_id"]))]
    bare = bare.loc[bare["status_on"].fillna("").astype(str).str.strip() != ""]
    own = pd.DataFrame({"exchange_id": bare["exchange_id"].to_numpy(), "status": bare["status"].to_numpy(),
                        "changed_on": bare["status_on"].astype(str).str.strip().to_numpy()})
    return pd.concat([h, own], ignore_index=True) if len(own) else h.reset_index(drop=True)


def year_changes(exchanges: pd.DataFrame, history: pd.DataFrame, year: int) -> pd.DataFrame:
    """The exchanges that started or ended within Buddhist-era ``year``: one row per exchange and change
    (:data:`CHANGE_COLUMNS`), started first, then by date and exchange id."""
    ce = to_ce(int(year))
    d = dated_changes(exchanges, history)
    on = d["changed_on"].astype(str).str[:10]
    d = d[(on >= f"{ce:04d}-01-01") & (on <= f"{ce:04d}-12-31")]
    into = {status: change for change, status in CHANGES.items()}
    d = d.assign(change=d["status"].map(into)).dropna(subset=["change"])
    d = d.sort_values(["exchange_id", "change", "changed_on"], kind="stable").drop_duplicates(["exchange_id", "change"])
    out = d[["exchange_id", "change", "changed_on"]].merge(
        exchanges.drop(columns=[c for c in ("change", "changed_on") if c in exchanges.columns]), on="exchange_id",
        how="left")
    order = {c: i for i, c in enumerate(CHANGES)}
    out = out.assign(_o=out["change"].map(order)).sort_values(["_o", "changed_on", "exchange_id"], kind="stable")
    return out.reindex(columns=CHANGE_COLUMNS).reset_index(drop=True)


def change_counts(changes: pd.DataFrame, area_id: str | None = None) -> dict[str, int]:
    """How many exchanges started and how many ended (of one area, or of all the rows given)."""
    if area_id is not None:
        changes = changes[changes["area_id"] == area_id]
    counts = changes["change"].value_counts()
    return {c: int(counts.get(c, 0)) for c in CHANGES}
