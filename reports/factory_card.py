"""The facts of a factory's compliance report as label/value rows: the same rows on the factory page and in its
PDF report. Pure (no Streamlit)."""
from __future__ import annotations

import pandas as pd

from geo.colours import COMPLIANCE_COLOURS, GI_COLOURS
from i18n import date_label, t, year_label


def int_text(value, thousands: bool = False) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{int(value):,}" if thousands else str(int(value))


def _text(value) -> str:
    return value if isinstance(value, str) and value.strip() else "–"


def factory_name(f: pd.Series, lang: str) -> str:
    """The factory's name in ``lang``; the other language's when that one is blank (a registry has Thai names
    only), the registration number when both are."""
    for col in (f"name_{lang}", "name_th", "name_en"):
        value = f.get(col)
        if isinstance(value, str) and value.strip():
            return value
    return str(f["registration_no"])


def has_coordinates(f: pd.Series) -> bool:
    """Whether the registry gives the factory's coordinates (a row placed by its stated province has none)."""
    return pd.notna(f["lat"]) and pd.notna(f["lon"])


def as_of_line(f: pd.Series, lang: str) -> str:
    """'ข้อมูล ณ วันที่ …' of the factory's record, or 'date not stated' when the registry gave none (the DIW GIS
    format has no LAST_UPDATE)."""
    value = f.get("data_as_of")
    try:
        return t("factory.data_as_of", lang, date=date_label(value, lang)) if value else t("report.as_of_unknown", lang)
    except ValueError:  # not an ISO date
        return t("report.as_of_unknown", lang)


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
    """(label, value) rows: names, owner, class, category, ISIC, workers, area, province/district/subdistrict,
    coordinates, developed."""
    areas = ds.areas.set_index("area_id")
    in_area = pd.notna(f["area_id"]) and f["area_id"] in areas.index
    area = str(areas.loc[f["area_id"], f"name_{lang}"]) if in_area else t("factory.no_area", lang)
    provinces = ds.provinces.set_index("code")
    province = provinces.loc[f["province_code"], f"name_{lang}"] if f["province_code"] in provinces.index else "–"
    coordinates = f"{float(f['lat']):.5f}, {float(f['lon']):.5f}" if has_coordinates(f) else "–"
    return [
        (t("factory.name_th", lang), _text(f["name_th"])), (t("factory.name_en", lang), _text(f["name_en"])),
        (t("factory.owner", lang), _text(f.get("owner"))),
        (t("col.class", lang), int_text(f["factory_class"])), (t("factory.category", lang), _text(f["category"])),
        (t("col.isic", lang), _text(f["isic"])), (t("factory.workers", lang), int_text(f["workers"], thousands=True)),
        (t("factory.area", lang), area),
        (t("col.province", lang), province),
        (t("factory.district", lang), ds.place_name(f["district_code"], lang)),
        (t("factory.subdistrict", lang), ds.place_name(f["subdistrict_code"], lang)),
        (t("factory.coordinates", lang), coordinates),
        (t("factory.developed", lang),
         year_label(f["developed_year"], lang) if int(f["developed"]) else t("factory.no", lang)),
    ]
