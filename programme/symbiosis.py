"""The symbiosis vocabulary files of ``data/symbiosis`` (described in data/README.md), loaded and validated into
one :class:`symbiosis.vocab.Vocabulary`. Every problem raises :class:`common.errors.DataError` naming the file,
row, column and value in English and Thai."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from common.csvfile import read_table
from common.errors import cell_error
from common.vocab import ROLES
from symbiosis.vocab import LISTS, SETTINGS, Vocabulary

FOLDER = "symbiosis"
VOCABULARY_FILE, UNITS_FILE = f"{FOLDER}/vocabulary.csv", f"{FOLDER}/units.csv"
VISIBILITY_FILE, SETTINGS_FILE = f"{FOLDER}/visibility.csv", f"{FOLDER}/settings.csv"
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
UNIT_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,15}$")
#: Lists whose ``group`` must be filled, and with what.
GROUPS = {"party_kind": ("factory", "community", "utility", "processor", "farm"),
          "status": ("potential", "operating", "ended")}
REQUIRED_CODES = {"party_kind": ("factory",), "status": ("operating",), "direction": ("input", "output", "accepts"),
                  "flow_class": ("waste",), "category": ("waste",), "period": ("year",)}


def _codes(data_dir: Path) -> pd.DataFrame:
    t = read_table(Path(data_dir) / VOCABULARY_FILE, VOCABULARY_FILE,
                   ("list", "code", "rank", "group", "name_th", "name_en"), optional=("group",))
    f = t.frame
    t.choice("list", LISTS)
    t.check(~f["code"].str.match(CODE_RE).to_numpy(dtype=bool), "code",
            "a code is lower-case ASCII (letters, digits, _), at most 32 characters",
            "รหัสต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข หรือ _ ไม่เกิน 32 ตัว")
    t.unique(["list", "code"], what="list + code")
    f["rank"] = t.ints("rank", lo=1)
    t.unique(["list", "rank"], what="list + rank")
    for name in LISTS:
        have = set(f.loc[f["list"] == name, "code"])
        missing = [c for c in REQUIRED_CODES.get(name, ()) if c not in have] or ([] if have else ["(any)"])
        if missing:
            raise t.fail(None, "code", f"the list {name} needs the code(s) {', '.join(missing)}",
                         f"รายการ {name} ต้องมีรหัส {', '.join(missing)}")
    categories = set(f.loc[f["list"] == "category", "code"])
    for name, allowed in {**GROUPS, "flow_class": tuple(sorted(categories))}.items():
        rows = (f["list"] == name).to_numpy()
        t.check(rows & ~f["group"].isin(allowed).to_numpy(), "group",
                f"the group of a {name} must be one of {' | '.join(allowed)}",
                f"กลุ่มของ {name} ต้องเป็นค่าใดค่าหนึ่งใน {' | '.join(allowed)}")
    rows = (f["list"] == "period").to_numpy()
    t.check(rows & ~f["group"].str.fullmatch(r"\d+").to_numpy(dtype=bool), "group",
            "the group of a period is how many of it make a year (1, 4, 12)",
            "กลุ่มของช่วงเวลาต้องเป็นจำนวนช่วงต่อปี (1, 4, 12)")
    return f.sort_values(["list", "rank"], kind="stable").reset_index(drop=True)


def _units(data_dir: Path, categories: set[str]) -> pd.DataFrame:
    t = read_table(Path(data_dir) / UNITS_FILE, UNITS_FILE, ("unit", "dimension", "to_base", "fits", "name_th",
                                                             "name_en"))
    f = t.frame
    t.check(~f["unit"].str.match(UNIT_RE).to_numpy(dtype=bool), "unit", "a unit is ASCII letters, digits or _",
            "หน่วยต้องเป็นอักษรอังกฤษ ตัวเลข หรือ _")
    t.unique("unit", what="unit")
    factor = pd.to_numeric(f["to_base"], errors="coerce")
    t.check(~(factor > 0).to_numpy(), "to_base", "must be a number above 0", "ต้องเป็นตัวเลขมากกว่า 0")
    f["to_base"] = factor.astype(float)
    fits = f["fits"].str.split()
    for i, cats in enumerate(fits):
        bad = [c for c in cats if c not in categories]
        if bad:
            raise t.fail(i, "fits", f"unknown exchange category {bad[0]} (the categories are in {VOCABULARY_FILE})",
                         f"ไม่รู้จักประเภทการแลกเปลี่ยน {bad[0]}", value=f["fits"].iat[i])
    f["fits"] = fits.map(tuple)
    return f.reset_index(drop=True)


def _visibility(data_dir: Path) -> pd.DataFrame:
    t = read_table(Path(data_dir) / VISIBILITY_FILE, VISIBILITY_FILE,
                   ("visibility", "rank", "min_role", "name_th", "name_en"))
    f = t.frame
    t.check(~f["visibility"].str.match(CODE_RE).to_numpy(dtype=bool), "visibility",
            "a visibility level is lower-case ASCII", "ระดับการเปิดเผยต้องเป็นอักษรอังกฤษตัวเล็ก")
    t.unique("visibility", what="visibility")
    f["rank"] = t.ints("rank", lo=1)
    t.choice("min_role", ROLES)
    if "viewer" not in set(f["min_role"]):
        raise t.fail(None, "min_role", "one visibility level must be seen by viewers (min_role viewer)",
                     "ต้องมีระดับการเปิดเผยอย่างน้อยหนึ่งระดับที่ผู้ชมทั่วไปเห็นได้ (min_role viewer)")
    return f.sort_values("rank", kind="stable").reset_index(drop=True)


def _settings(data_dir: Path) -> dict:
    t = read_table(Path(data_dir) / SETTINGS_FILE, SETTINGS_FILE, ("key", "value", "unit", "note"),
                   optional=("unit", "note"))
    f = t.frame
    t.unique("key", what="key")
    value = pd.to_numeric(f["value"], errors="coerce")
    t.check(~(value > 0).to_numpy(), "value", "must be a number above 0", "ต้องเป็นตัวเลขมากกว่า 0")
    out = dict(zip(f["key"], value.astype(float)))
    missing = [k for k in SETTINGS if k not in out]
    if missing:
        raise cell_error(SETTINGS_FILE, None, "key", None, f"missing setting(s): {', '.join(missing)}",
                         f"ไม่มีค่าตั้ง: {', '.join(missing)}")
    return out


def load_vocabulary(data_dir: Path | str) -> Vocabulary:
    """The four files of ``data/symbiosis`` as one validated Vocabulary."""
    codes = _codes(Path(data_dir))
    categories = set(codes.loc[codes["list"] == "category", "code"])
    return Vocabulary(codes=codes, units=_units(Path(data_dir), categories), visibility=_visibility(Path(data_dir)),
                      settings=_settings(Path(data_dir)))
