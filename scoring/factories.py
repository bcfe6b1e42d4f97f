"""Factory-level views: compliance standing in a year, and the filters of the area page's factory table."""
from __future__ import annotations

import pandas as pd

COMPLIANCE_ORDER = ["compliant", "minor", "non_compliant", "not_inspected"]


def compliance_in(history: pd.DataFrame, year: int) -> pd.Series:
    """registration_no → compliance status recorded for ``year`` (or the latest year before it)."""
    h = history.loc[history["year"].astype(int) <= year]
    if h.empty:
        return pd.Series(dtype=object)
    latest = h.sort_values("year").drop_duplicates("registration_no", keep="last")
    return latest.set_index("registration_no")["compliance"]


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
