"""Level rules: turning the evaluated indicators of one area and year into a development level 0..5.

DIW has not published the exact rule, so it is pluggable.  A :data:`LevelRule` takes the rows of
:func:`scoring.scores.evaluate` for ONE (area, year) and returns an int 0..5, where 0 means "not yet level 1".

The default, ``"cumulative"``, follows the evidence that indicators are level-tagged and cumulative: an area is at
level N when every indicator of levels 1..N passed (a missing result counts as not passed).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from common.errors import DataError
from common.values import is_missing

LevelRule = Callable[[pd.DataFrame], int]

MAX_LEVEL = 5


def _passed_mask(evaluated: pd.DataFrame) -> pd.Series:
    """True where the indicator passed; None/NaN (missing) and False are not passed."""
    return evaluated["passed"].map(lambda v: not is_missing(v) and bool(v)).astype(bool)


def _check_one(evaluated_one: pd.DataFrame) -> None:
    if evaluated_one["area_id"].nunique() <= 1 and evaluated_one["year"].nunique() <= 1:
        return
    pairs = evaluated_one[["area_id", "year"]].drop_duplicates()
    if len(pairs) > 1:
        listed = ", ".join(f"{a}/{y}" for a, y in pairs.itertuples(index=False))
        raise DataError(f"expected the rows of one (area, year), got {len(pairs)}: {listed} / "
                        f"ต้องเป็นข้อมูลของพื้นที่และปีเดียว แต่ได้ {len(pairs)} ชุด")


def cumulative_rule(evaluated_one: pd.DataFrame) -> int:
    """The highest N such that every indicator with level <= N passed; 0 if any level-1 indicator did not pass.

    Levels with no indicators do not stop the climb, but the criteria loader guarantees levels 1..max all exist;
    the result never exceeds the highest level that has indicators.
    """
    _check_one(evaluated_one)
    if evaluated_one.empty:
        return 0
    ok = _passed_mask(evaluated_one).to_numpy()
    levels = evaluated_one["level"].to_numpy(dtype="int64")
    reached = 0
    for n in np.unique(levels):
        if not ok[levels == n].all():
            break
        reached = int(n)
    return reached


RULES: dict[str, LevelRule] = {"cumulative": cumulative_rule}


def register_rule(name: str, fn: LevelRule, *, replace: bool = False) -> None:
    """Add a level rule under ``name`` (DataError if the name is taken, unless ``replace=True``)."""
    if not isinstance(name, str) or not name.strip():
        raise DataError("a level rule needs a non-empty name / กฎการจัดระดับต้องมีชื่อ")
    if not callable(fn):
        raise DataError(f"level rule '{name}' is not callable / กฎการจัดระดับ '{name}' ต้องเป็นฟังก์ชัน")
    if name in RULES and not replace:
        raise DataError(f"a level rule named '{name}' already exists / มีกฎการจัดระดับชื่อ '{name}' อยู่แล้ว")
    RULES[name] = fn


def get_rule(name: str) -> LevelRule:
    """The rule registered as ``name``; DataError listing the known rules otherwise."""
    try:
        return RULES[name]
    except (KeyError, TypeError):
        known = ", ".join(sorted(RULES))
        raise DataError(f"unknown level rule '{name}'; known rules: {known} / "
                        f"ไม่รู้จักกฎการจัดระดับ '{name}' กฎที่มี: {known}") from None


def area_levels(evaluated: pd.DataFrame, rule: str | LevelRule = "cumulative") -> pd.DataFrame:
    """The level of every (area, year) in ``evaluated``: columns area_id, year, level (int 0..5)."""
    fn = rule if callable(rule) else get_rule(rule)
    name = getattr(fn, "__name__", repr(fn)) if callable(rule) else rule
    records = []
    for (area_id, year), one in evaluated.groupby(["area_id", "year"], sort=True):
        level = fn(one)
        if isinstance(level, (bool, np.bool_)) or not isinstance(level, (int, np.integer)):
            raise DataError(f"level rule '{name}' returned {level!r} for {area_id}/{year}; expected an int 0..5 / "
                            f"กฎการจัดระดับ '{name}' ต้องคืนค่าจำนวนเต็ม 0..5")
        level = int(level)
        if not 0 <= level <= MAX_LEVEL:
            raise DataError(f"level rule '{name}' returned {level} for {area_id}/{year}; expected 0..5 / "
                            f"กฎการจัดระดับ '{name}' ต้องคืนค่า 0..5")
        records.append((area_id, year, level))
    out = pd.DataFrame(records, columns=["area_id", "year", "level"])
    return out.astype({"area_id": str, "year": "int64", "level": "int64"})


def blocking_indicators(evaluated_one: pd.DataFrame, current_level: int) -> pd.DataFrame:
    """The indicators with level <= current_level + 1 that did not pass (fail or missing): what keeps the area
    below level current_level + 1.  Empty when current_level is 5.  Rows keep the evaluated columns, sorted by
    level then criteria order."""
    _check_one(evaluated_one)
    current_level = int(current_level)
    if not 0 <= current_level <= MAX_LEVEL:
        raise DataError(f"current level must be 0..5, got {current_level} / ระดับปัจจุบันต้องอยู่ระหว่าง 0..5")
    if current_level >= MAX_LEVEL:
        return evaluated_one.iloc[0:0].reset_index(drop=True)
    mask = (evaluated_one["level"] <= current_level + 1) & ~_passed_mask(evaluated_one)
    return evaluated_one[mask].sort_values("level", kind="stable").reset_index(drop=True)
