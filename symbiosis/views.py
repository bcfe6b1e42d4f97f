"""What every view of the register needs, as plain frames (the area and factory pages, the party page, the deck
and the PDF alike): the register a role may see, the code names in a language, an area's or a party's exchanges
with the texts a reader sees, the parties an area map shows, and the KPI figures as (label, value) pairs."""
from __future__ import annotations

import dataclasses
import math

import pandas as pd

from common.values import is_missing
from geo.flows import flow_frame
from i18n import t
from symbiosis import kpis
from symbiosis.register import Register, all_parties, visible


def seen_register(reg: Register, role: str | None) -> Register:
    """The register as ``role`` sees it: only the exchanges (and their history) its visibility rule allows."""
    ex = visible(reg.exchanges, role, reg.vocab)
    return dataclasses.replace(reg, exchanges=ex, history=reg.history[reg.history["exchange_id"].isin(ex["exchange_id"])])


def labels(reg: Register, lang: str) -> dict[str, dict[str, str]]:
    units = dict(zip(reg.vocab.units["unit"], reg.vocab.units[f"name_{lang}"]))
    return {"category": reg.vocab.labels("category", lang), "status": reg.vocab.labels("status", lang),
            "unit": units, "party_kind": reg.vocab.labels("party_kind", lang)}


def flows_of(reg: Register, factories: pd.DataFrame, year: int, lang: str, area_id: str | None = None,
             party: str | None = None) -> pd.DataFrame:
    """The exchanges existing at the end of ``year`` (of one area, or touching one party) with the texts of
    :func:`geo.flows.flow_frame`; ``reg`` is already what the reader may see (:func:`seen_register`)."""
    ex = kpis.exchanges_in_year(reg, factories, year)
    if area_id is not None:
        ex = ex[ex["area_id"] == area_id]
    if party is not None:
        ex = ex[(ex["from_party"] == party) | (ex["to_party"] == party)]
    return flow_frame(ex.reset_index(drop=True), all_parties(reg.parties, factories), lang, labels(reg, lang))


def area_parties(reg: Register, factories: pd.DataFrame, flows: pd.DataFrame, area_id: str) -> pd.DataFrame:
    """The parties an area map shows: those of the area, and those its exchanges reach."""
    p = all_parties(reg.parties, factories)
    return p[p["party_id"].isin(set(flows["from_party"]) | set(flows["to_party"])) | (p["area_id"] == area_id)]


def flow_parties(reg: Register, factories: pd.DataFrame, flows: pd.DataFrame) -> pd.DataFrame:
    """Only the parties the exchanges of ``flows`` join (a party's own map)."""
    p = all_parties(reg.parties, factories)
    return p[p["party_id"].isin(set(flows["from_party"]) | set(flows["to_party"]))]


def number(v, digits: int = 0, suffix: str = "") -> str:
    """A figure as people read it (thousands separated); '–' for no value."""
    if is_missing(v):
        return "–"
    return f"{v:,.{digits}f}{suffix}"


def kpi_items(row: pd.Series | None, reg: Register, lang: str) -> list[tuple[str, str]]:
    """(label, value) of the KPIs of an area or the country (a row of :func:`symbiosis.kpis.area_kpis`; None =
    no exchange): the area page's tiles, the deck's area slide and the area PDF show these."""
    if row is None:
        row = pd.Series(0.0, index=kpis.kpi_columns(reg.vocab.statuses))
        row[["share_factories_pct", "waste_exchanged_pct", "mean_distance_km"]] = math.nan   # no base: no ratio
    by_status = " · ".join(f"{lab} {int(row.get(f'n_{s}', 0)):,}" for s, lab in reg.vocab.labels("status", lang).items())
    return [(t("sym.kpi_exchanges", lang), f"{int(row['n_exchanges']):,}"),
            (t("sym.kpi_by_status", lang), by_status),
            (t("sym.kpi_share_factories", lang), number(row["share_factories_pct"], 1, " %")),
            (t("sym.kpi_tonnes", lang), number(row["tonnes_per_year"])),
            (t("sym.kpi_waste_share", lang), number(row["waste_exchanged_pct"], 1, " %")),
            (t("sym.kpi_co2e", lang), number(row["co2e_avoided_t"])),
            (t("sym.kpi_thb", lang), number(row["cost_saved_thb"])),
            (t("sym.kpi_distance", lang), number(row["mean_distance_km"], 1)),
            (t("sym.kpi_community", lang), f"{int(row['factory_community_links']):,}")]


def area_kpi_items(reg: Register, factories: pd.DataFrame, area_id: str, year: int, lang: str) -> list[tuple[str, str]]:
    """The KPI items of one area in ``year`` (:func:`symbiosis.kpis.area_kpis`, :func:`kpi_items`)."""
    return kpi_items_of(kpis.area_kpis(reg, factories, year), area_id, reg, lang)


def kpi_items_of(rows: pd.DataFrame, area_id: str, reg: Register, lang: str) -> list[tuple[str, str]]:
    """The KPI items of one area from the rows of :func:`symbiosis.kpis.area_kpis` (computed once for all areas)."""
    return kpi_items(rows.loc[area_id] if area_id in rows.index else None, reg, lang)


def candidate_rows(cands: pd.DataFrame, reg: Register, factories: pd.DataFrame, lang: str,
                   limit: int = 10) -> tuple[list[str], list[list[str]]]:
    """The best ``limit`` candidate exchanges (:func:`symbiosis.matching.candidates`) as the staff read them:
    headers and rows of giver, receiver, material, quantity per year, distance and the reason of the match
    (plain text, for an escaping table)."""
    p = all_parties(reg.parties, factories).drop_duplicates("party_id").set_index("party_id")
    names = p[f"name_{lang}"].where(p[f"name_{lang}"].fillna("").astype(str).str.strip() != "", p["name_th"])
    kinds = labels(reg, lang)["party_kind"]
    units = labels(reg, lang)["unit"]
    per_year = "ปี" if lang == "th" else "yr"
    heads = [t(k, lang) for k in ("sym.col_from", "sym.col_to", "sym.col_material", "sym.col_quantity",
                                  "sym.col_distance", "sym.col_reason")]

    def party(pid: str) -> str:    # a factory with its registration number, another party with its kind
        kind = p["kind"].get(pid)
        return f"{names.get(pid, pid)} ({pid if kind == 'factory' else kinds.get(kind, kind)})"

    rows = []
    for c in cands.head(limit).itertuples(index=False):
        mat = getattr(c, f"material_{lang}", "") or c.material_th
        rows.append([party(c.from_party), party(c.to_party), mat,
                     f"{number(c.quantity)} {units.get(c.unit, c.unit)}/{per_year}", number(c.distance_km, 1),
                     getattr(c, f"reason_{lang}")])
    return heads, rows


def change_rows(changes: pd.DataFrame, reg: Register, factories: pd.DataFrame, area_names: dict[str, str],
                lang: str, limit: int = 100) -> tuple[list[str], list[list[str]]]:
    """The exchanges that started or ended in a year (:func:`symbiosis.yearly.year_changes`) as people read
    them: area, giver, receiver, material, what changed and the date (Buddhist era); plain text, for an escaping
    table."""
    from i18n import date_label
    p = all_parties(reg.parties, factories).drop_duplicates("party_id").set_index("party_id")
    names = p[f"name_{lang}"].where(p[f"name_{lang}"].fillna("").astype(str).str.strip() != "", p["name_th"])
    heads = [t(k, lang) for k in ("col.area", "sym.col_from", "sym.col_to", "sym.col_material", "sym.col_change",
                                  "sym.col_date")]
    rows = []
    for c in changes.head(limit).itertuples(index=False):
        mat = getattr(c, f"material_{lang}", "")
        mat = mat if isinstance(mat, str) and mat.strip() else c.material_th
        rows.append([area_names.get(c.area_id, c.area_id if isinstance(c.area_id, str) else "–"),
                     names.get(c.from_party, c.from_party), names.get(c.to_party, c.to_party), mat,
                     t(f"sym.change_{c.change}", lang), date_label(str(c.changed_on)[:10], lang)])
    return heads, rows
