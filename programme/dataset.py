"""The whole data set the dashboard shows, loaded and validated in one call."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from common.errors import DataError
from i18n import t
from programme import records, registry
from programme.criteria import current_criteria
from scoring.criteria import Criteria
from symbiosis.register import Register


@dataclass(frozen=True)
class Dataset:
    data_dir: Path
    regions: pd.DataFrame
    provinces: pd.DataFrame
    levels: pd.DataFrame
    targets: pd.DataFrame
    areas: pd.DataFrame
    compliance_items: pd.DataFrame
    criteria: Criteria
    factories: pd.DataFrame
    history: pd.DataFrame
    checklist: pd.DataFrame
    assessments: pd.DataFrame
    admin_lookup: pd.DataFrame | None = None  # level, code, name_th, name_en, parent_code
    certifications: pd.DataFrame | None = None  # area_id, year, level, status (draft|verified|certified), who/when
    notes: pd.DataFrame | None = None  # area_id, year, problems, recommendations (ปัญหา อุปสรรค และข้อเสนอแนะ)
    symbiosis: Register | None = None  # parties, flows, exchanges, status history + vocabulary (symbiosis/)
    meta: dict = field(default_factory=dict)
    # stored results whose indicator is not in the criteria in use (recorded under an earlier version): kept in
    # the database, left out of ``assessments`` and scoring, and named on every page (see split_unscored)
    unscored: pd.DataFrame | None = None

    def place_name(self, code: str, lang: str) -> str:
        """Thai or English name of a province, district or subdistrict code ('–' when unknown)."""
        names = self.admin_lookup.set_index("code")[f"name_{lang}"] if self.admin_lookup is not None else {}
        return str(names.get(code, "–"))

    def admin_units_text(self, codes: str, lang: str) -> str:
        """An ``admin_codes`` cell as a person reads it: the districts and subdistricts by name, e.g.
        'ตำบลมาบตาพุด, ตำบลห้วยโป่ง' or 'Map Ta Phut subdistrict, Huai Pong subdistrict' (an unknown code: '–')."""
        lookup = self.admin_lookup.set_index("code") if self.admin_lookup is not None else None
        parts = []
        for code in registry.split_codes(codes):
            if lookup is None or code not in lookup.index:
                parts.append("–")
                continue
            row = lookup.loc[code]
            parts.append(t(f"admin.{row['level']}", lang, name=row[f"name_{lang}"] or row["name_th"]))
        return ", ".join(parts) or "–"

    @property
    def is_demo(self) -> bool:
        return bool(self.meta.get("demo", False))

    @property
    def level_colours(self) -> dict[int, str]:
        return dict(zip(self.levels["level"].astype(int), self.levels["colour"]))


def registry_parts(data_dir: Path) -> dict:
    """The versioned registry files and the criteria, validated (the Dataset fields that are not records)."""
    lookup = registry.load_admin_lookup(data_dir)
    regions = registry.load_regions(data_dir)
    provinces = registry.load_provinces(data_dir, regions=regions, lookup=lookup)
    return dict(
        regions=regions,
        provinces=provinces,
        levels=registry.load_levels(data_dir),
        targets=registry.load_targets(data_dir),
        areas=registry.load_areas(data_dir, provinces=provinces, lookup=lookup),
        compliance_items=registry.load_compliance_items(data_dir),
        criteria=current_criteria(data_dir),
        admin_lookup=lookup,
    )


def load_dataset(data_dir: Path, records_dir: Path | None = None) -> Dataset:
    """Load and validate every file. ``records_dir`` holds factories and assessments (default ``data/demo``)."""
    data_dir = Path(data_dir)
    folder = Path(records_dir).resolve() if records_dir else (data_dir / "demo").resolve()
    ds = Dataset(
        data_dir=data_dir,
        **registry_parts(data_dir),
        factories=records.load_factories(data_dir, folder=folder),
        history=records.load_factory_history(data_dir, folder=folder),
        checklist=records.load_factory_checklist(data_dir, folder=folder),
        assessments=records.load_assessments(data_dir, folder=folder),
        meta=records.load_meta(data_dir, folder=folder),
    )
    check_references(ds)
    return ds


def split_unscored(assessments: pd.DataFrame, criteria: Criteria) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(results of indicators in ``criteria``, the other results).  When a new criteria file replaces the old one,
    the results recorded under the old version whose indicator ids it no longer has cannot be scored; the
    dashboard shows the rest and says which these are, instead of refusing to open."""
    known = assessments["indicator_id"].isin(set(criteria.table["indicator_id"]))
    return assessments.loc[known].reset_index(drop=True), assessments.loc[~known].reset_index(drop=True)


def unscored_summary(unscored: pd.DataFrame | None, limit: int = 8, lang: str | None = None,
                     area_names: dict | None = None) -> dict | None:
    """What to tell the user about results left out of scoring: their number, indicator ids (the first
    ``limit``), the criteria versions and areas they were recorded under; None when there are none. With
    ``lang`` (a page), versions and years read as people read them and areas are named (``area_names``: id to
    name) instead of by id; without it (a log line for operators) they stay as stored."""
    if unscored is None or unscored.empty:
        return None

    def listed(values) -> str:
        values = sorted({str(v) for v in values})
        return ", ".join(values[:limit]) + (f", … (+{len(values) - limit})" if len(values) > limit else "")

    if lang is None:
        versions = unscored["criteria_version"] if "criteria_version" in unscored else None
        areas = [f"{a} {y}" for a, y in zip(unscored["area_id"], unscored["year"])]
    else:
        from i18n import year_label
        from scoring.criteria import version_label

        versions = unscored["criteria_version"].map(lambda v: version_label(v, lang)) \
            if "criteria_version" in unscored else None
        names = area_names or {}
        areas = [f"{names.get(a, a)} {year_label(int(y), lang)}" for a, y in zip(unscored["area_id"], unscored["year"])]
    return dict(n=len(unscored), indicators=listed(unscored["indicator_id"]),
                recorded=listed(versions) if versions is not None else "–", areas=listed(areas))


def check_references(ds: Dataset) -> None:
    """Records must point at areas and indicators that exist."""
    known_areas = set(ds.areas["area_id"])
    for name, frame in (("factories.csv", ds.factories), ("assessments.csv", ds.assessments)):
        bad = frame.loc[~frame["area_id"].isin(known_areas) & frame["area_id"].notna()]  # NA: outside every area
        if len(bad):
            i = bad.index[0]
            raise DataError(f"{name} row {i + 1}, column area_id: unknown area {bad.loc[i, 'area_id']!r} / "
                            f"ไม่พบพื้นที่ {bad.loc[i, 'area_id']!r} ในทะเบียนพื้นที่")
    known_ind = set(ds.criteria.table["indicator_id"])
    bad = ds.assessments.loc[~ds.assessments["indicator_id"].isin(known_ind)]
    if len(bad):
        i = bad.index[0]
        raise DataError(f"assessments.csv row {i + 1}, column indicator_id: unknown indicator "
                        f"{bad.loc[i, 'indicator_id']!r} (criteria {ds.criteria.version}) / ไม่พบตัวชี้วัดนี้ในเกณฑ์")
