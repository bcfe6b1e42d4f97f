"""The facts of a factory's compliance report as label/value rows: the same rows on the factory page and in its
PDF report. Pure (no Streamlit)."""
from __future__ import annotations

import pandas as pd

from geo.colours import COMPLIANCE_COLOURS, GI_COLOURS
from i18n import t, year_label


def _int_text(value, thousands: bool = False) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{int(value):,}" if thousands else str(int(value))


def factory_badges(f: pd.Series, compliance: str, latest_year: int | None, lang: str) -> list[tuple[str, str, str]]:
    """(label, value, colour) of the status badges: legal compliance, GI level, Eco Factory, CSR-DIW, status."""
    gi = int(f["gi_level"])
    eco, csr = f["eco_factory_year"], f["csr_diw_year"]
    status = f["status"]
    return [
        (t("factory.legal", lang) + (f" ({year_label(latest_year, lang)})" if latest_year else ""),
         t("compliance." + compliance, lang), COMPLIANCE_COLOURS.get(compliance, "#ffffff")),
        (t("col.gi_level", lang), t("gi.name_" + str(gi), lang), GI_COLOURS[gi]),
        (t("col.eco_factory", lang), year_label(eco, lang) if pd.notna(eco) else t("factory.no", lang),
         "#c7e9c0" if pd.notna(eco) else "#f0f0f0"),
        (t("col.csr_diw", lang), year_label(csr, lang) if pd.notna(csr) else t("factory.no", lang),
         "#c6dbef" if pd.notna(csr) else "#f0f0f0"),
        (t("col.status", lang), t(f"fstatus.{int(status)}", lang) if pd.notna(status) else "–", "#f0f0f0"),
    ]


def factory_details(ds, f: pd.Series, lang: str) -> list[tuple[str, str]]:
    """(label, value) rows: names, class, category, ISIC, workers, area, province/district/subdistrict,
    coordinates, developed."""
    area = ds.areas.set_index("area_id").loc[f["area_id"]]
    prov = ds.provinces.set_index("code").loc[f["province_code"]]
    return [
        (t("factory.name_th", lang), f["name_th"]), (t("factory.name_en", lang), f["name_en"]),
        (t("col.class", lang), _int_text(f["factory_class"])), (t("factory.category", lang), f["category"]),
        (t("col.isic", lang), f["isic"]), (t("factory.workers", lang), _int_text(f["workers"], thousands=True)),
        (t("factory.area", lang), f"{area[f'name_{lang}']} [{f['area_id']}]"),
        (t("col.province", lang), prov[f"name_{lang}"]),
        (t("factory.district", lang), ds.place_name(f["district_code"], lang)),
        (t("factory.subdistrict", lang), ds.place_name(f["subdistrict_code"], lang)),
        (t("factory.coordinates", lang), f"{float(f['lat']):.5f}, {float(f['lon']):.5f}"),
        (t("factory.developed", lang),
         year_label(f["developed_year"], lang) if int(f["developed"]) else t("factory.no", lang)),
    ]
