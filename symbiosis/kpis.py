"""The symbiosis KPIs of each area (and of the whole country) in a Buddhist-era year, from the register.

An exchange counts in year Y by its status at the end of Y (:func:`symbiosis.register.status_in_year`). The
counts cover every status; the benefits, the tonnes, the distance, the participation and the links count only
exchanges *operating* at the end of Y (what has been realised), with their per-year quantities and benefits.

* ``share_factories_pct``: factories of the area that are a party to an operating exchange (either side), as a
  percentage of the area's factories in the registry;
* ``waste_exchanged_pct``: tonnes of the area's operating *waste* exchanges (the exchange's ``area_id``), as a
  percentage of the waste the area's parties reported generating (output flows of class ``waste`` in year Y, per
  year, in tonnes); NaN when no waste was reported (the share of reported waste going to symbiosis);
* ``mean_distance_km``: the mean straight-line distance between the two parties of the operating exchanges;
* ``factory_community_links``: operating exchanges between a factory and a community party (party kinds whose
  group is ``community`` in ``vocabulary.csv``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from symbiosis.register import Register, all_parties, distance_km, per_year_quantity, status_in_year, tonnes

SUMS = {"tonnes_per_year": "_t", "co2e_avoided_t": "co2e_avoided_t", "cost_saved_thb": "cost_saved_thb",
        "water_saved_m3": "water_saved_m3", "landfill_diverted_t": "landfill_diverted_t",
        "virgin_saved_t": "virgin_saved_t"}


def kpi_columns(statuses) -> list[str]:
    return ([f"n_{s}" for s in statuses] + ["n_exchanges", "factories", "factories_taking_part",
                                              "share_factories_pct", *SUMS, "waste_generated_t",
                                              "waste_exchanged_t", "waste_exchanged_pct", "mean_distance_km",
                                              "factory_community_links"])


def _factories_named(factories: pd.DataFrame, party_ids: pd.Series) -> pd.DataFrame:
    """The factories among ``party_ids``: a whole registry (150,000 rows) shrinks to the few that take part."""
    return factories[factories["registration_no"].isin(list(set(party_ids.dropna())))]


def exchanges_in_year(reg: Register, factories: pd.DataFrame, year: int) -> pd.DataFrame:
    """The exchanges that exist at the end of ``year`` with ``status_now``, ``tonnes``, ``distance_km`` and
    both parties' kind group (``from_group``, ``to_group``) added."""
    ex = reg.exchanges.copy()
    ex["status_now"] = status_in_year(ex, reg.history, year, reg.vocab).to_numpy()
    ex = ex[ex["status_now"].notna()].reset_index(drop=True)
    named = _factories_named(factories, pd.concat([ex["from_party"], ex["to_party"]]))
    parties = all_parties(reg.parties, named).drop_duplicates("party_id").set_index("party_id")
    groups = parties["kind"].map(reg.vocab.group_of("party_kind"))
    for side in ("from", "to"):
        key = ex[f"{side}_party"]
        ex[f"{side}_group"] = key.map(groups).to_numpy()
        ex[f"_{side}_lat"] = key.map(parties["lat"]).to_numpy(dtype=float)
        ex[f"_{side}_lon"] = key.map(parties["lon"]).to_numpy(dtype=float)
    ex["distance_km"] = distance_km(ex["_from_lat"], ex["_from_lon"], ex["_to_lat"], ex["_to_lon"])
    ex["tonnes"] = tonnes(ex["quantity"], ex["unit"], reg.vocab).to_numpy()
    return ex.drop(columns=[c for c in ex.columns if c.startswith("_")])


def _kpis(ex: pd.DataFrame, factories: pd.DataFrame, waste: pd.DataFrame, statuses, key) -> pd.DataFrame:
    """KPI rows per value of ``key`` (a column name of ``ex``/``factories``/``waste``)."""
    out = pd.DataFrame(index=pd.Index(sorted(set(ex[key].dropna()) | set(factories[key].dropna())), name=key))
    for s in statuses:
        out[f"n_{s}"] = ex[ex["status_now"] == s].groupby(key).size().reindex(out.index, fill_value=0)
    out["n_exchanges"] = ex.groupby(key).size().reindex(out.index, fill_value=0)
    op = ex[ex["status_now"] == "operating"].assign(_t=lambda f: f["tonnes"])
    out["factories"] = factories.groupby(key).size().reindex(out.index, fill_value=0)
    sides = pd.concat([op["from_party"], op["to_party"]], ignore_index=True).drop_duplicates()
    taking = _factories_named(factories, sides).set_index("registration_no")[key].dropna()
    out["factories_taking_part"] = taking.value_counts().reindex(out.index, fill_value=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_factories_pct"] = 100.0 * out["factories_taking_part"] / out["factories"].replace(0, np.nan)
    for name, col in SUMS.items():
        out[name] = pd.to_numeric(op[col], errors="coerce").groupby(op[key]).sum().reindex(out.index,
                                                                                            fill_value=0.0)
    out["waste_generated_t"] = waste.groupby(key)["tonnes"].sum().reindex(out.index, fill_value=0.0)
    out_waste = op[op["category"] == "waste"]
    out["waste_exchanged_t"] = out_waste.groupby(key)["tonnes"].sum().reindex(out.index, fill_value=0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["waste_exchanged_pct"] = 100.0 * out["waste_exchanged_t"] / out["waste_generated_t"].replace(0, np.nan)
    out["mean_distance_km"] = op.groupby(key)["distance_km"].mean().reindex(out.index)
    links = op[((op["from_group"] == "factory") & (op["to_group"] == "community"))
               | ((op["from_group"] == "community") & (op["to_group"] == "factory"))]
    out["factory_community_links"] = links.groupby(key).size().reindex(out.index, fill_value=0)
    return out[kpi_columns(statuses)]


def _waste_generated(reg: Register, factories: pd.DataFrame, year: int) -> pd.DataFrame:
    """Output flows of class ``waste`` in ``year``: party_id, area_id, tonnes per year."""
    f = reg.flows
    f = f[(pd.to_numeric(f["year"]) == int(year)) & (f["direction"] == "output") & (f["flow_class"] == "waste")]
    parties = all_parties(reg.parties, _factories_named(factories, f["party_id"])).drop_duplicates("party_id") \
        .set_index("party_id")
    return pd.DataFrame({"party_id": f["party_id"].to_numpy(),
                         "area_id": f["party_id"].map(parties["area_id"]).to_numpy(),
                         "tonnes": tonnes(per_year_quantity(f, reg.vocab), f["unit"], reg.vocab).to_numpy()})


def area_kpis(reg: Register, factories: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per area (index ``area_id``; every area that has factories or exchanges) with the columns of
    :func:`kpi_columns` for Buddhist-era ``year``. ``factories`` is the registry (registration_no, area_id,
    name_th, name_en, lat, lon)."""
    ex = exchanges_in_year(reg, factories, year)
    return _kpis(ex, factories, _waste_generated(reg, factories, year), reg.vocab.statuses, "area_id")


def national_kpis(reg: Register, factories: pd.DataFrame, year: int) -> pd.Series:
    """The same KPIs over the whole country (factories outside every area included)."""
    ex = exchanges_in_year(reg, factories, year).assign(_all="all")
    waste = _waste_generated(reg, factories, year).assign(_all="all")
    frame = _kpis(ex, factories.assign(_all="all"), waste, reg.vocab.statuses, "_all")
    if not len(frame):
        return pd.Series(0.0, index=kpi_columns(reg.vocab.statuses))
    return frame.iloc[0]
