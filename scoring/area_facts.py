"""One area's facts for one year, built once by :func:`area_year_facts`: the level a person reads (the level on
record with its certification status, scoring.certified), the level computed from the assessment, the year
before, the factories developed by that year, what blocks the next level, the dimension scores against the
year before, the factories' compliance and the level history. The area page, presentation mode, the area PDF
and the deck all read these, so they cannot disagree. Pure functions over plain frames (no Streamlit)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scoring.certified import levels_on_record
from scoring.factories import compliance_counts, compliance_in, developed_by
from scoring.summary import Model, blockers, dimension_comparison, level_in


@dataclass(frozen=True, eq=False)
class AreaYearFacts:
    """What every view of an area says about one year."""

    area_id: str
    year: int
    level: int | None              # the level on record, or the computed one where there is no record
    status: str | None             # certified | verified | draft | computed (None: no level)
    computed_level: int | None     # the level the assessment gives
    previous_level: int | None     # the level shown for the year before (same rule)
    previous_status: str | None
    n_factories: int
    n_developed: int               # developed by the end of ``year`` (scoring.factories.developed_by)
    blockers: pd.DataFrame         # failing or missing indicators below the next computed level
    dimensions: pd.DataFrame       # dimension_id, score, previous
    compliance: pd.Series          # registration_no -> compliance status in ``year``
    compliance_counts: dict[str, int]
    history: pd.DataFrame          # year, level, status: the levels shown, every year of the area

    @property
    def certified(self) -> bool:
        return self.status == "certified"

    @property
    def assessed(self) -> bool:
        return self.computed_level is not None

    @property
    def change(self) -> int | None:
        """Level now minus the year before (both as shown), or None."""
        if self.level is None or self.previous_level is None:
            return None
        return self.level - self.previous_level

    @property
    def next_level(self) -> int | None:
        """The level the assessment works toward next (None when not assessed or at the top)."""
        if self.computed_level is None or self.computed_level >= 5:
            return None
        return self.computed_level + 1


def _shown(history: pd.DataFrame, year: int) -> tuple[int | None, str | None]:
    hit = history.loc[history["year"] == year]
    if hit.empty:
        return None, None
    return int(hit["level"].iloc[0]), str(hit["status"].iloc[0])


def area_history(model: Model, certifications: pd.DataFrame | None, area_id: str) -> pd.DataFrame:
    """The levels an area shows, every year it has one: columns year, level, status (ascending years)."""
    on_record = levels_on_record(model.levels.loc[model.levels["area_id"] == area_id],
                                 None if certifications is None else
                                 certifications.loc[certifications["area_id"] == area_id])
    out = on_record.loc[on_record["area_id"] == area_id, ["year", "level", "status"]]
    return out.astype({"year": int, "level": int}).sort_values("year").reset_index(drop=True)


def area_year_facts(ds, model: Model, area_id: str, year: int) -> AreaYearFacts:
    """The facts of ``area_id`` in ``year``. ``ds``: the data set (``programme.dataset.Dataset``: its factories,
    history and certifications are read); ``model``: the scoring model built from its assessments."""
    year = int(year)
    history = area_history(model, ds.certifications, area_id)
    level, status = _shown(history, year)
    previous, previous_status = _shown(history, year - 1)
    factories = ds.factories.loc[ds.factories["area_id"] == area_id]
    history_of = ds.history.loc[ds.history["registration_no"].isin(factories["registration_no"])]
    compliance = compliance_in(history_of, year)
    return AreaYearFacts(
        area_id=area_id, year=year, level=level, status=status, computed_level=level_in(model, area_id, year),
        previous_level=previous, previous_status=previous_status,
        n_factories=int(len(factories)), n_developed=int(developed_by(factories, year).sum()),
        blockers=blockers(model, area_id, year), dimensions=dimension_comparison(model, area_id, year),
        compliance=compliance, compliance_counts=compliance_counts(factories, compliance), history=history)


def uncertified_mark(status: str | None) -> str:
    """The mark a level not certified carries where there is no room for its status word ('*'), or ''."""
    return "" if status in (None, "certified") else "*"
