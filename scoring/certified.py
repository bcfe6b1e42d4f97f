"""The certification rule, in one place: the level an area shows for a year is the level on record (the
certification's, with its status) wherever there is a record, and the level computed from the assessment
(status ``computed``) only where there is none. The national page, presentation mode, the exports and the
filters all take levels and "pending" from here."""
from __future__ import annotations

import pandas as pd


def certification_of(certifications: pd.DataFrame | None, area_id: str, year: int) -> dict | None:
    """The certification record of an area and year (level, status, who/when), or None."""
    if certifications is None or certifications.empty:
        return None
    hit = certifications.loc[(certifications["area_id"] == area_id) & (certifications["year"] == year)]
    return None if hit.empty else hit.iloc[0].to_dict()


def shown_levels(levels: pd.DataFrame, certifications: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """The level each area shows for ``year``: the certification's level when there is a record (with its
    status), else the level computed from the assessment (status ``computed``). Columns area_id, level, status."""
    comp = levels.loc[levels["year"] == year, ["area_id", "level"]].assign(status="computed")
    if certifications is None or certifications.empty:
        return comp.reset_index(drop=True)
    cert = certifications.loc[certifications["year"] == year, ["area_id", "level", "status"]]
    rest = comp.loc[~comp["area_id"].isin(cert["area_id"])]
    return pd.concat([cert, rest], ignore_index=True)


def pending_areas(certifications: pd.DataFrame | None, year: int) -> set[str]:
    """Areas awaiting the committee in ``year``: a record that is verified and not yet certified (a draft is
    not pending: it has not been verified)."""
    if certifications is None or certifications.empty:
        return set()
    c = certifications.loc[(certifications["year"] == year) & (certifications["status"] == "verified")]
    return set(c["area_id"])


def levels_on_record(levels: pd.DataFrame, certifications: pd.DataFrame | None) -> pd.DataFrame:
    """:func:`shown_levels` for every year of ``levels`` (and of the certifications): columns area_id, year,
    level, status. What targets and trends count, so that they agree with the national page. (The same rule,
    for all years at once: a record wins over the computed level of its area and year.)"""
    comp = levels[["area_id", "year", "level"]].assign(status="computed")
    if certifications is not None and not certifications.empty:
        cert = certifications[["area_id", "year", "level", "status"]]
        recorded = pd.MultiIndex.from_frame(cert[["area_id", "year"]].astype({"year": "int64"}))
        mine = pd.MultiIndex.from_frame(comp[["area_id", "year"]].astype({"year": "int64"}))
        comp = pd.concat([cert, comp.loc[~mine.isin(recorded)]], ignore_index=True)
    if comp.empty:
        return pd.DataFrame({"area_id": pd.Series(dtype=str), "year": pd.Series(dtype="int64"),
                             "level": pd.Series(dtype="int64"), "status": pd.Series(dtype=str)})
    out = comp.assign(year=comp["year"].astype("int64")).sort_values("year", kind="stable")
    return out.loc[out["level"].notna(), ["area_id", "year", "level", "status"]].reset_index(drop=True)
