"""Symbiosis figures for bench/benchmark.py: the largest area with 500 exchanges (all builders of the area page's
section, the map's size, no folium object per flow), what the national colouring adds, and the export of 5,000
exchanges (CSV + Excel + GeoJSON).  Synthetic exchanges in memory, between the area's own factories."""
from __future__ import annotations

import dataclasses
import time

import numpy as np
import pandas as pd

from geo.flows import flow_features, party_features
from geo.mapviews import area_map
from scoring.factories import compliance_in
from symbiosis import kpis
from ui import symbiosis as view

GOALS = {"symbiosis_area_s": 1.0, "symbiosis_area_map_mb": 0.5, "symbiosis_national_s": 0.1,
         "symbiosis_export_s": 2.0}


def _synthetic(reg, factories: pd.DataFrame, area_id: str, n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` exchanges of ``area_id`` between its factories, copied from the demo's (quantities, statuses)."""
    rng = np.random.default_rng(seed)
    regs = factories.loc[factories["area_id"] == area_id, "registration_no"].to_numpy()
    base = reg.exchanges.sample(n, replace=True, random_state=seed).reset_index(drop=True)
    pairs = rng.choice(len(regs), size=(n, 2))
    pairs[:, 1] = np.where(pairs[:, 0] == pairs[:, 1], (pairs[:, 1] + 1) % len(regs), pairs[:, 1])
    return base.assign(exchange_id=[f"BENCH-{i:05d}" for i in range(n)], area_id=area_id,
                       from_party=regs[pairs[:, 0]], to_party=regs[pairs[:, 1]], visibility="public")


def _area_section(reg, ds, layers, area, year):
    fac = ds.factories.loc[ds.factories["area_id"] == area["area_id"]]
    flows = view.flows_of(reg, ds.factories, year, "th", area_id=area["area_id"])
    kpis.area_kpis(reg, ds.factories, year)
    m = area_map(layers, area, fac, compliance_in(ds.history, year), "th", flows=flow_features(flows),
                 parties=party_features(view.area_parties(reg, ds.factories, flows, area["area_id"]), "th", {}))
    view.sankey(flows, "th")
    view.exchange_table_html(flows, reg, "th", {})
    return m, flows


def figures(ds, layers, area_id: str, year: int, count_elements) -> tuple[dict, bool]:
    """Prints the figures; returns (results for GOALS, whether any folium object is made per flow)."""
    reg = ds.symbiosis
    area = ds.areas.set_index("area_id", drop=False).loc[area_id]
    big = dataclasses.replace(reg, exchanges=pd.concat([reg.exchanges, _synthetic(reg, ds.factories, area_id, 500)],
                                                       ignore_index=True), history=reg.history)
    seen = view.seen_register(big, None)
    _area_section(seen, ds, layers, area, year)                          # warm
    start = time.perf_counter()
    m, flows = _area_section(seen, ds, layers, area, year)
    t_area = time.perf_counter() - start
    few = dataclasses.replace(big, exchanges=big.exchanges.tail(10))          # 10 of the synthetic ones
    m_few, _ = _area_section(view.seen_register(few, None), ds, layers, area, year)
    per_flow = count_elements(m) != count_elements(m_few)                     # before rendering adds elements
    mb = len(m.get_root().render().encode()) / 1e6
    print(f"symbiosis: largest area {area_id} with {len(flows):,} exchanges: section built in {t_area:.2f} s, "
          f"map {mb:.2f} MB, folium elements the same with 10 exchanges: {not per_flow}")
    start = time.perf_counter()
    kpis.area_kpis(view.seen_register(reg, None), ds.factories, year)
    t_nat = time.perf_counter() - start
    print(f"symbiosis: national colouring (operating exchanges per area) adds {t_nat * 1000:.0f} ms")
    many = dataclasses.replace(reg, exchanges=pd.concat(
        [reg.exchanges.assign(exchange_id=reg.exchanges["exchange_id"] + f"-{i}") for i in range(20)],
        ignore_index=True).head(5000))
    start = time.perf_counter()
    out = view.flows_of(view.seen_register(many, "admin"), ds.factories, year, "th")
    sizes = [len(view.export_csv(out)), len(view.export_xlsx(out)), len(view.export_geojson(out))]
    t_exp = time.perf_counter() - start
    print(f"symbiosis: {len(out):,} exchanges exported as CSV + Excel + GeoJSON in {t_exp:.2f} s "
          f"({sum(sizes) / 1e6:.1f} MB)")
    return ({"symbiosis_area_s": t_area, "symbiosis_area_map_mb": mb, "symbiosis_national_s": t_nat,
             "symbiosis_export_s": t_exp}, per_flow)
