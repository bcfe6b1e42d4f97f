"""The certification rule, in one place: the level an area shows for a year is the level on record (the
certification's, with its status) wherever there is a record, and the level computed from the assessment
(status ``computed``) only where there is none. The national page, presentation mode, the exports and the
filters all take levels and "pending" from here."""
from __future__ import annotations

import pandas as pd

from common.vocab import CERT_STATUSES

STATUSES = list(CERT_STATUSES)


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
    """Areas up for certification in ``year``: a draft or verified record that is not yet certified."""
    if certifications is None or certifications.empty:
        return set()
    c = certifications.loc[(certifications["year"] == year) & (certifications["status"] != "certified")]
    return set(c["area_id"])
