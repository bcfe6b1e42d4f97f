"""Factory-level views: compliance standing in a year, and the filters, order and pages of the area page's
factory table."""
from __future__ import annotations

import pandas as pd

from common.names import strip_company_form
from common.thai import sort_frame

COMPLIANCE_ORDER = ["compliant", "minor", "non_compliant", "not_inspected"]


def compliance_in(history: pd.DataFrame, year: int) -> pd.Series:
    """registration_no → compliance status recorded for ``year`` (or the latest year before it)."""
    h = history.loc[history["year"].astype(int) <= year]
    if h.empty:
        return pd.Series(dtype=object)
    latest = h.sort_values("year").drop_duplicates("registration_no", keep="last")
    return latest.set_index("registration_no")["compliance"]


def developed_by(factories: pd.DataFrame, year: int | None) -> pd.Series:
    """Whether each factory had been developed by the end of ``year`` (developed, in ``developed_year`` or
    before); ``year`` None: developed at all. The one rule every count of developed factories uses."""
    developed = factories["developed"].astype(bool)
    if year is None:
        return developed
    return developed & (pd.to_numeric(factories["developed_year"]) <= int(year)).fillna(False).astype(bool)


def _is_one_of(column: pd.Series, values) -> pd.Series:
    return column.astype("Int64").isin([int(v) for v in values]).fillna(False).astype(bool)


def filter_factories(factories: pd.DataFrame, compliance: pd.Series, statuses=None, gi_levels=None,
                     classes=None, isic_prefix: str | None = None, compliances=None) -> pd.DataFrame:
    """Factories matching every given filter (None or empty = no filter). ``isic_prefix`` matches the start of
    the ISIC code, e.g. '20' for chemicals. A factory with a blank status or class matches no status or class."""
    keep = pd.Series(True, index=factories.index)
    if statuses:
        keep &= _is_one_of(factories["status"], statuses)
    if gi_levels:
        keep &= factories["gi_level"].astype(int).isin([int(g) for g in gi_levels])
    if classes:
        keep &= _is_one_of(factories["factory_class"], classes)
    if isic_prefix:
        keep &= factories["isic"].astype(str).str.startswith(isic_prefix.strip())
    if compliances:
        comp = factories["registration_no"].map(compliance).fillna("not_inspected")
        keep &= comp.isin(compliances)
    return factories.loc[keep]


def compliance_counts(factories: pd.DataFrame, compliance: pd.Series) -> dict[str, int]:
    comp = factories["registration_no"].map(compliance).fillna("not_inspected")
    return {c: int((comp == c).sum()) for c in COMPLIANCE_ORDER}


# --------------------------------------------------------------------------------------------- the factory table

#: The columns the area page's factory table sorts by (the table's order of columns).
SORT_KEYS = ("registration_no", "name", "factory_class", "isic", "status", "compliance", "gi_level",
             "eco_factory_year", "csr_diw_year")
PAGE_SIZES = (25, 50)


def sort_factories(rows: pd.DataFrame, key: str, desc: bool, compliance: pd.Series, lang: str) -> pd.DataFrame:
    """``rows`` sorted by one column of the factory table, then by registration number.  Names sort in Thai
    dictionary order by the name itself (without บริษัท / ห้างหุ้นส่วนจำกัด / Co., Ltd.), in the reader's language
    (a factory without an English name by its Thai one); compliance from best to worst; blanks last either way.
    An unknown ``key`` sorts by registration number."""
    if key not in SORT_KEYS:
        key = "registration_no"
    out = rows.assign(_reg=rows["registration_no"].astype(str))
    if key == "name":
        name = rows["name_th"] if lang == "th" else rows["name_en"].where(rows["name_en"].notna() &
                                                                          (rows["name_en"] != ""), rows["name_th"])
        out["_key"] = name.map(lambda n: None if n is None or (isinstance(n, float) and pd.isna(n))
                               else strip_company_form(n))
    elif key == "compliance":
        rank = {c: i for i, c in enumerate(COMPLIANCE_ORDER)}
        out["_key"] = rows["registration_no"].map(compliance).fillna("not_inspected").map(rank)
    elif key in ("registration_no", "isic"):
        out["_key"] = rows[key].astype(object).where(rows[key].notna(), None)
    else:
        out["_key"] = pd.to_numeric(rows[key], errors="coerce")
    out = sort_frame(out, ["_key", "_reg"], ascending=[not desc, True], na_position="last")
    return out.drop(columns=["_key", "_reg"])


def page_of(rows: pd.DataFrame, page: int, size: int) -> tuple[pd.DataFrame, int, int]:
    """Page ``page`` (1-based, clamped to the pages there are) of ``size`` rows: (the rows, the page shown, the
    number of pages; at least 1)."""
    size = max(int(size), 1)
    pages = max((len(rows) + size - 1) // size, 1)
    page = min(max(int(page), 1), pages)
    return rows.iloc[(page - 1) * size: page * size], page, pages
