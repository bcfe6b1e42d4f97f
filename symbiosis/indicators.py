"""Computed indicators: a criteria row may name a source in the register instead of taking a typed result.

The criteria file gets an optional column ``computed``; a row with e.g. ``symbiosis.operating_exchanges`` there
has its result for an area and year computed from the symbiosis register (:func:`computed_results`), a typed
result for it is refused on import, and the exchanges behind a value are listed by :func:`exchanges_behind`.
Which indicators are computed stays data (the criteria file); the sources are the KPIs of
:mod:`symbiosis.kpis` listed in :data:`SOURCES`.
"""
from __future__ import annotations

import pandas as pd

from common.errors import DataError
from symbiosis.kpis import area_kpis, exchanges_in_year
from symbiosis.register import Register

COLUMN = "computed"
#: source -> (KPI column, metric types it fits, Thai and English description)
SOURCES = {
    "symbiosis.operating_exchanges": ("n_operating", ("number",), "จำนวนการแลกเปลี่ยนที่ดำเนินการแล้ว",
                                      "operating exchanges"),
    "symbiosis.exchanges": ("n_exchanges", ("number",), "จำนวนการแลกเปลี่ยนทุกสถานะ", "exchanges at any status"),
    "symbiosis.waste_exchanged_share": ("waste_exchanged_pct", ("percent",), "สัดส่วนของเสียที่นำไปแลกเปลี่ยน",
                                        "share of the reported waste that is exchanged"),
    "symbiosis.factories_taking_part_share": ("share_factories_pct", ("percent",), "สัดส่วนโรงงานที่ร่วมแลกเปลี่ยน",
                                              "share of the area's factories in an operating exchange"),
    "symbiosis.tonnes_per_year": ("tonnes_per_year", ("number",), "ปริมาณที่แลกเปลี่ยน (ตัน/ปี)",
                                  "tonnes exchanged per year"),
    "symbiosis.co2e_avoided_t": ("co2e_avoided_t", ("number",), "ก๊าซเรือนกระจกที่ลดได้ (ตัน CO2e/ปี)",
                                 "CO2e avoided (t per year)"),
    "symbiosis.factory_community_links": ("factory_community_links", ("number",), "จำนวนการแลกเปลี่ยนโรงงานกับชุมชน",
                                          "factory-community exchanges"),
}
RESULT_COLUMNS = ["area_id", "year", "indicator_id", "value", "evidence"]


def computed_indicators(table: pd.DataFrame) -> dict[str, str]:
    """indicator_id -> source, for the criteria rows that name one (none when the column is absent)."""
    if COLUMN not in table.columns:
        return {}
    named = table[table[COLUMN].fillna("").astype(str).str.strip() != ""]
    return dict(zip(named["indicator_id"], named[COLUMN].str.strip()))


def check_sources(table: pd.DataFrame, name: str) -> None:
    """Every computed source is known and fits its indicator's metric type; DataError naming the row if not."""
    if COLUMN not in table.columns:
        return
    for i, (source, metric) in enumerate(zip(table[COLUMN].fillna("").astype(str).str.strip(), table["metric_type"])):
        if not source:
            continue
        if source not in SOURCES:
            raise DataError(f"{name} row {i + 1}, column {COLUMN}, value {source!r}: unknown computed source; known: "
                            f"{', '.join(SOURCES)} / ไม่รู้จักแหล่งค่าที่คำนวณนี้")
        if metric not in SOURCES[source][1]:
            raise DataError(f"{name} row {i + 1}, column metric_type, value {metric!r}: {source} gives a "
                            f"{SOURCES[source][1][0]} / แหล่งค่านี้ให้ค่าแบบ {SOURCES[source][1][0]}")


def computed_results(reg: Register, factories: pd.DataFrame, table: pd.DataFrame,
                     area_years: pd.DataFrame) -> pd.DataFrame:
    """The computed results (:data:`RESULT_COLUMNS`) of every computed indicator for each (area_id, year) of
    ``area_years``; an area without exchanges gets 0 (a count) or NaN (a share of nothing)."""
    wanted = computed_indicators(table)
    pairs = area_years[["area_id", "year"]].drop_duplicates()
    if not wanted or pairs.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    rows = []
    for year, group in pairs.groupby("year"):
        kpis = area_kpis(reg, factories, int(year))
        for indicator_id, source in wanted.items():
            col = SOURCES[source][0]
            values = group["area_id"].map(kpis[col]) if len(kpis) else pd.Series(float("nan"), index=group.index)
            if col.startswith("n_") or col in ("tonnes_per_year", "co2e_avoided_t", "factory_community_links"):
                values = values.fillna(0.0)
            for area_id, v in zip(group["area_id"], values):
                rows.append((area_id, int(year), indicator_id, float(v),
                             f"คำนวณจากทะเบียนการแลกเปลี่ยน ({source}) / computed from the exchange register"))
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def apply_computed(assessments: pd.DataFrame, reg: Register | None, factories: pd.DataFrame, table: pd.DataFrame,
                   criteria_version: str) -> pd.DataFrame:
    """``assessments`` with the results of computed indicators replaced by the computed ones (for every area and
    year that has any result); unchanged when no indicator is computed or there is no register."""
    wanted = computed_indicators(table)
    if not wanted or reg is None:
        return assessments
    typed = assessments[~assessments["indicator_id"].isin(wanted)]
    computed = computed_results(reg, factories, table, assessments).assign(criteria_version=criteria_version)
    out = pd.concat([typed, computed.astype({"year": assessments["year"].dtype})], ignore_index=True)
    return out[assessments.columns].sort_values(["area_id", "year", "indicator_id"], kind="stable").reset_index(
        drop=True)


def exchanges_behind(reg: Register, factories: pd.DataFrame, source: str, area_id: str, year: int) -> pd.DataFrame:
    """The exchanges a computed value of ``area_id`` in ``year`` counts (for the link next to the value)."""
    ex = exchanges_in_year(reg, factories, year)
    ex = ex[ex["area_id"] == area_id]
    if source == "symbiosis.exchanges":
        return ex.reset_index(drop=True)
    ex = ex[ex["status_now"] == "operating"]
    if source == "symbiosis.waste_exchanged_share":
        ex = ex[ex["category"] == "waste"]
    elif source == "symbiosis.factory_community_links":
        link = {("factory", "community"), ("community", "factory")}
        ex = ex[[(a, b) in link for a, b in zip(ex["from_group"], ex["to_group"])]]
    return ex.reset_index(drop=True)
