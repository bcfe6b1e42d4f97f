"""The symbiosis vocabulary as one value: the code lists (party kinds, flow classes, directions, exchange
categories, statuses in order, sources, material classes), the units and the categories they fit, the visibility
levels with the least role that sees each, and the matching settings. Built and validated from the files of
``data/symbiosis`` by :func:`programme.symbiosis.load_vocabulary`; every function here takes it as an argument."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

#: The code lists of ``vocabulary.csv`` (column ``list``); each must be present.
LISTS = ("party_kind", "flow_class", "direction", "category", "status", "source", "material_class", "period")
#: The settings of ``settings.csv`` that must be present (numbers > 0).
SETTINGS = ("match_max_km", "match_distance_scale_km", "match_per_output")


@dataclass(frozen=True)
class Vocabulary:
    #: list, code, rank, group, name_th, name_en (rows of every list, in rank order within a list)
    codes: pd.DataFrame
    #: unit, dimension, to_base, fits (tuple of categories), name_th, name_en
    units: pd.DataFrame
    #: visibility, rank, min_role, name_th, name_en
    visibility: pd.DataFrame
    settings: dict = field(default_factory=dict)

    def codes_of(self, name: str) -> tuple[str, ...]:
        """The codes of one list, in rank order (statuses: identified .. discontinued)."""
        f = self.codes[self.codes["list"] == name]
        return tuple(f.sort_values("rank", kind="stable")["code"])

    def group_of(self, name: str) -> dict[str, str]:
        """code -> group of one list (party kind -> factory/community/utility/processor/farm; flow class ->
        exchange category; status -> potential/operating/ended; period -> how many per year)."""
        f = self.codes[self.codes["list"] == name]
        return dict(zip(f["code"], f["group"]))

    def labels(self, name: str, lang: str = "th") -> dict[str, str]:
        """code -> Thai or English name, for one list (to map a whole column at once)."""
        f = self.codes[self.codes["list"] == name]
        return dict(zip(f["code"], f[f"name_{lang}"]))

    def label(self, name: str, code: str, lang: str = "th") -> str:
        """The Thai or English name of a code (the code itself when unknown)."""
        f = self.codes[(self.codes["list"] == name) & (self.codes["code"] == code)]
        return str(f[f"name_{lang}"].iat[0]) if len(f) else str(code)

    @property
    def statuses(self) -> tuple[str, ...]:
        return self.codes_of("status")

    def status_rank(self) -> dict[str, int]:
        return {s: i for i, s in enumerate(self.statuses)}

    def unit_fits(self, unit: str, category: str) -> bool:
        """Whether a quantity in ``unit`` makes sense for an exchange (or flow) of ``category``."""
        row = self.units[self.units["unit"] == unit]
        return bool(len(row)) and category in row["fits"].iat[0]

    def to_base(self) -> dict[str, tuple[str, float]]:
        """unit -> (dimension, factor to the dimension's base unit: t, m3, MWh)."""
        return {u: (d, float(f)) for u, d, f in self.units[["unit", "dimension", "to_base"]].itertuples(index=False)}

    def per_year(self) -> dict[str, float]:
        """period -> the factor that turns a quantity per period into a quantity per year."""
        return {k: float(v) for k, v in self.group_of("period").items()}

    def min_role(self) -> dict[str, str]:
        """visibility -> the least account role that sees it (viewer = everyone)."""
        return dict(zip(self.visibility["visibility"], self.visibility["min_role"]))
