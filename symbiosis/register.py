"""The register of symbiosis as plain frames (:class:`Register`), and the small functions every view needs:
one table of parties (factories and the others), the status of each exchange in a year, the changes of a year,
distances, and what a role may see.

Parties are named by ``party_id`` everywhere: a factory by its registration number (``3-105-957/47ปท``), any
other party (community enterprise, utility, processor, farm) by a lower-case id (``ce-ryg-001``) from the
parties table. Years are Buddhist era; dates (``status_on``, ``changed_on``) are ISO, Christian era.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from common.vocab import role_at_least
from common.years import to_ce
from symbiosis.vocab import Vocabulary

PARTY_COLUMNS = ["party_id", "kind", "name_th", "name_en", "area_id", "lat", "lon", "note"]
FLOW_COLUMNS = ["party_id", "year", "direction", "flow_class", "material_class", "material_th", "material_en",
                "waste_code", "quantity", "unit", "period"]
FLOW_KEY = ["party_id", "year", "direction", "material_th"]
BENEFIT_COLUMNS = ["landfill_diverted_t", "co2e_avoided_t", "cost_saved_thb", "water_saved_m3", "virgin_saved_t"]
EXCHANGE_COLUMNS = ["exchange_id", "from_party", "to_party", "area_id", "year", "category", "material_class",
                    "material_th", "material_en", "waste_code", "quantity", "unit", "status", "status_on",
                    *BENEFIT_COLUMNS, "co2e_basis", "source", "visibility", "note"]
HISTORY_COLUMNS = ["exchange_id", "status", "changed_on"]
EARTH_KM = 6371.0088


@dataclass(frozen=True)
class Register:
    """Everything symbiosis holds: non-factory ``parties`` (:data:`PARTY_COLUMNS`), material ``flows``
    (:data:`FLOW_COLUMNS`), ``exchanges`` (:data:`EXCHANGE_COLUMNS`, quantities per year) and the
    ``history`` of status changes (:data:`HISTORY_COLUMNS`), with the ``vocab`` that gives the codes meaning."""
    parties: pd.DataFrame
    flows: pd.DataFrame
    exchanges: pd.DataFrame
    history: pd.DataFrame
    vocab: Vocabulary


def empty_frame(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def all_parties(parties: pd.DataFrame, factories: pd.DataFrame) -> pd.DataFrame:
    """One table of every party: the factories (``party_id`` = registration number, kind ``factory``) and the
    other parties; columns ``party_id, kind, name_th, name_en, area_id, lat, lon``."""
    cols = ["party_id", "kind", "name_th", "name_en", "area_id", "lat", "lon"]
    f = factories.rename(columns={"registration_no": "party_id"}).assign(kind="factory")
    f = f.reindex(columns=cols)
    p = parties.reindex(columns=cols)
    out = pd.concat([f, p], ignore_index=True) if len(p) else f.reset_index(drop=True)
    out["lat"] = pd.to_numeric(out["lat"], errors="coerce").astype("float64")
    out["lon"] = pd.to_numeric(out["lon"], errors="coerce").astype("float64")
    return out


def distance_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km (haversine), element-wise; NaN where a coordinate is missing."""
    p1, p2 = np.radians(np.asarray(lat1, dtype=float)), np.radians(np.asarray(lat2, dtype=float))
    dlat = p2 - p1
    dlon = np.radians(np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float))
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def year_end(year_be: int) -> str:
    """The last day of a Buddhist-era year as an ISO date (``2568`` -> ``'2025-12-31'``)."""
    return f"{to_ce(int(year_be)):04d}-12-31"


def status_in_year(exchanges: pd.DataFrame, history: pd.DataFrame, year: int, vocab: Vocabulary) -> pd.Series:
    """The status of every exchange at the end of Buddhist-era ``year`` (indexed by exchange_id): its latest
    change on or before 31 December of that year; NA when it had not been identified yet. An exchange without
    history rows has its ``status`` from its ``year`` on."""
    ids = exchanges["exchange_id"].astype(str)
    out = pd.Series(pd.NA, index=pd.Index(ids, name="exchange_id"), dtype=object)
    h = history[history["changed_on"].astype(str) <= year_end(year)]
    if len(h):
        rank = vocab.status_rank()
        h = h.assign(_r=h["status"].map(rank)).sort_values(["exchange_id", "changed_on", "_r"], kind="stable")
        latest = h.groupby("exchange_id", sort=False)["status"].last()
        out.loc[out.index.intersection(latest.index)] = latest
    no_history = ~ids.isin(set(history["exchange_id"])).to_numpy()
    started = (pd.to_numeric(exchanges["year"]).to_numpy() <= int(year)) & no_history
    out.iloc[np.flatnonzero(started)] = exchanges["status"].to_numpy()[started]
    return out


def changes_in_year(history: pd.DataFrame, year: int) -> pd.DataFrame:
    """The status changes dated within Buddhist-era ``year`` (exchanges that started, moved on or ended)."""
    ce = to_ce(int(year))
    on = history["changed_on"].astype(str)
    return history[(on >= f"{ce:04d}-01-01") & (on <= f"{ce:04d}-12-31")].reset_index(drop=True)


def per_year_quantity(frame: pd.DataFrame, vocab: Vocabulary) -> pd.Series:
    """A flow's quantity turned into a quantity per year (by its ``period``; exchanges are already per year)."""
    qty = pd.to_numeric(frame["quantity"], errors="coerce").astype("float64")
    if "period" not in frame.columns:
        return qty
    return qty * pd.to_numeric(frame["period"].map(vocab.per_year()), errors="coerce").astype("float64")


def in_base_units(quantity: pd.Series, units: pd.Series, vocab: Vocabulary) -> tuple[pd.Series, pd.Series]:
    """(quantity in the base unit of its dimension, dimension): kg -> t, kWh -> MWh and so on."""
    table = vocab.to_base()
    dim = units.map(lambda u: table.get(u, (None, math.nan))[0])
    factor = units.map(lambda u: table.get(u, (None, math.nan))[1]).astype(float)
    return pd.to_numeric(quantity, errors="coerce").astype("float64") * factor, dim


def tonnes(quantity: pd.Series, units: pd.Series, vocab: Vocabulary) -> pd.Series:
    """The quantity in tonnes where its unit is a mass, else 0."""
    base, dim = in_base_units(quantity, units, vocab)
    return base.where(dim == "mass", 0.0).fillna(0.0)


def visible(exchanges: pd.DataFrame, role: str | None, vocab: Vocabulary) -> pd.DataFrame:
    """The exchanges ``role`` may see: a viewer (or nobody signed in) public ones only, others by the rule of
    ``visibility.csv`` (each visibility level names the least role that sees it). Unknown levels are hidden."""
    need = exchanges["visibility"].map(vocab.min_role())
    ok = need.map(lambda r: isinstance(r, str) and (r == "viewer" or role_at_least(role, r)))
    return exchanges[ok.astype(bool).to_numpy()]
