"""A list of factories as a CSV or Excel file in the reader's language (the area page's factory table, as
filtered and sorted): the same columns as the table plus the 14-digit id, province, district and area.  Every text
cell is made safe for a spreadsheet (:mod:`common.cells`); numbers and years stay numbers."""
from __future__ import annotations

import io

import pandas as pd

from common.cells import csv_bytes, safe_frame
from i18n import t, year_label
from reports.factory_card import factory_name


def factory_frame(rows: pd.DataFrame, compliance: pd.Series, lang: str, provinces: pd.DataFrame,
                  areas: pd.DataFrame) -> pd.DataFrame:
    """One row per factory, headed and worded in ``lang``."""
    prov = provinces.set_index("code")[f"name_{lang}"]
    area = areas.set_index("area_id")[f"name_{lang}"]
    comp = rows["registration_no"].map(compliance).fillna("not_inspected")

    def year(v):
        return year_label(v, lang) if pd.notna(v) else ""

    def number(col):
        return pd.to_numeric(rows[col], errors="coerce").astype("Int64")

    return pd.DataFrame({
        t("col.registration_no", lang): rows["registration_no"].astype(str).to_numpy(),
        t("col.fid", lang): rows["fid"].fillna("").astype(str).to_numpy(),
        t("col.factory_name", lang): [factory_name(r, lang) for _, r in rows.iterrows()],
        t("col.class", lang): number("factory_class").to_numpy(),
        t("col.isic", lang): rows["isic"].fillna("").astype(str).to_numpy(),
        t("col.status", lang): [t(f"fstatus.{int(s)}", lang) if pd.notna(s) else "" for s in rows["status"]],
        t("col.compliance", lang): [t("compliance." + c, lang) for c in comp],
        t("col.gi_level", lang): number("gi_level").to_numpy(),
        t("col.eco_factory", lang): [year(v) for v in rows["eco_factory_year"]],
        t("col.csr_diw", lang): [year(v) for v in rows["csr_diw_year"]],
        t("col.workers", lang): number("workers").to_numpy(),
        t("col.province", lang): rows["province_code"].map(prov).fillna("").to_numpy(),
        t("col.area", lang): rows["area_id"].map(area).fillna(t("factory.no_area", lang)).to_numpy(),
    })


def factories_csv(frame: pd.DataFrame) -> bytes:
    """``frame`` (from :func:`factory_frame`) as CSV, UTF-8 with a BOM so that Excel shows Thai."""
    return csv_bytes(frame)


def factories_xlsx(frame: pd.DataFrame, sheet: str = "factories") -> bytes:
    """``frame`` as an Excel sheet (text cannot become a formula; numbers stay numbers)."""
    buf = io.BytesIO()
    safe_frame(frame).to_excel(buf, index=False, sheet_name=sheet[:31])
    return buf.getvalue()
