"""Demo assessments: a planned level per area and year, then indicator values that produce exactly that level.

Part of the demo-data generator (:mod:`demo.generate`); everything here is synthetic.  The plan follows what DIW
published (``domain.md``):

* 2564: of the 18 phase-1 areas, 4 are at level 4 (both Rayong areas among them), 5 at level 3, 9 at level 2;
* both Rayong areas are at level 4 already in 2562; Nakhon Ratchasima is at level 3 in 2564 and 4 in 2565;
* levels mostly rise (one or two phase-1 areas drop one level for one year in 2566-2567);
* by 2568, 3-5 phase-1 areas reach level 5; phase-2/3 areas start at level 1-2 in the year they joined.

Values follow the cumulative rule of :mod:`scoring.levels`: every indicator of level <= L passes, at least one
of level L+1 fails.  Values are left blank (missing) only for indicators of level > L+1.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from scoring.criteria import Criteria
from scoring.scores import indicator_passes

FIRST_YEAR, LAST_YEAR = 2562, 2568
PUBLISHED_YEAR = 2564
FIRST_LEVEL5_YEAR = 2566      # no town reaches level 5 before this in the demo
RAYONG, NAKHON_RATCHASIMA = "21", "30"

ASSESSMENT_COLUMNS = ("area_id", "year", "criteria_version", "indicator_id", "value", "evidence")
EVIDENCE_TH = (
    "รายงานผลการตรวจประเมินภายใน",
    "เอกสารแนบ",
    "รายงานการประชุมคณะทำงานระดับพื้นที่",
    "ภาพถ่ายกิจกรรมและรายชื่อผู้เข้าร่วม",
    "ข้อมูลจากระบบรายงานของโรงงาน",
    "รายงานการตรวจติดตามของสำนักงานอุตสาหกรรมจังหวัด",
    "ผลวิเคราะห์ตัวอย่างจากห้องปฏิบัติการ",
    "แผนปฏิบัติการประจำปีของพื้นที่",
)
EVIDENCE_MISSING_TH = "ยังไม่ได้รับข้อมูลจากคณะทำงาน"
P_MISSING = 0.06          # share of blank values among indicators above level L+1
P_PASS_NEXT = 0.45        # chance that a non-forced indicator of level L+1 passes
P_PASS_HIGHER = 0.3       # chance that an indicator of level >= L+2 passes


# --------------------------------------------------------------------------------------------- the plan

def _climb(rng: np.random.Generator, start_year: int, start_level: int, final_level: int) -> dict[int, int]:
    """Non-decreasing levels from ``start_level`` in ``start_year`` to ``final_level`` in LAST_YEAR.

    Level 5 is not reached before FIRST_LEVEL5_YEAR.
    """
    all_years = years = list(range(start_year + 1, LAST_YEAR + 1))
    steps = final_level - start_level
    up_years: set[int] = set()
    if steps and final_level == 5:
        top = int(rng.choice([y for y in years if y >= FIRST_LEVEL5_YEAR]))
        up_years.add(top)
        years, steps = [y for y in years if y < top], steps - 1
    if steps > len(years):
        raise ValueError(f"cannot climb {final_level - start_level} levels from {start_year} to {LAST_YEAR}")
    up_years |= set(rng.choice(years, size=steps, replace=False).tolist()) if steps else set()
    out, level = {start_year: start_level}, start_level
    for y in all_years:
        level += y in up_years
        out[y] = level
    return out


def plan_levels(areas: pd.DataFrame, rng: np.random.Generator) -> dict[tuple[str, int], int]:
    """The target level of every (area_id, year) from the area's ``year_joined`` (or 2562) to 2568."""
    phase1 = areas[areas["phase"].astype(int) == 1]
    ids = phase1["area_id"].tolist()
    prov = dict(zip(phase1["area_id"], phase1["province_code"].astype(str)))
    rayong = [a for a in ids if prov[a] == RAYONG]
    nma = [a for a in ids if prov[a] == NAKHON_RATCHASIMA][:1]
    if len(ids) != 18 or len(rayong) != 2 or len(nma) != 1:
        raise ValueError("the level plan expects 18 phase-1 areas with 2 in Rayong and 1 in Nakhon Ratchasima; "
                         f"got {len(ids)} areas, {len(rayong)} in Rayong, {len(nma)} in Nakhon Ratchasima")
    others = [ids[i] for i in rng.permutation(len(ids)) if ids[i] not in rayong + nma]
    top_others, mid_others, low = others[:2], others[2:6], others[6:]   # 2 + 4 + 9 (plus Rayong 2 and NMA 1)
    s2564 = {**{a: 4 for a in rayong + top_others}, **{a: 3 for a in mid_others + nma}, **{a: 2 for a in low}}

    n_five = int(rng.integers(3, 6))                                        # 3..5 areas at level 5 in 2568
    pool = top_others + nma
    fives = set(rayong) | {pool[i] for i in rng.permutation(len(pool))[: n_five - 2]}

    plan: dict[tuple[str, int], int] = {}
    for a in ids:
        s = s2564[a]
        if a in rayong:
            early = [4, 4]
        elif a in nma:
            early = [2, int(rng.choice([2, 3]))]
        elif s == 4:
            early = [3, int(rng.choice([3, 4]))]
        elif s == 3:
            early = [2, int(rng.choice([2, 3]))]
        else:
            first = int(rng.choice([1, 2], p=[0.4, 0.6]))
            early = [first, 2 if first == 2 else int(rng.choice([1, 2]))]
        path = {FIRST_YEAR: early[0], FIRST_YEAR + 1: early[1]}
        if a in nma:
            path.update(_climb(rng, PUBLISHED_YEAR + 1, 4, 5 if a in fives else 4))
            path[PUBLISHED_YEAR] = 3
        else:
            final = 5 if a in fives else min(4, s + int(rng.integers(1, 3)))
            path.update(_climb(rng, PUBLISHED_YEAR, s, final))
        plan.update({(a, y): lv for y, lv in path.items()})

    # one or two phase-1 areas slip one level for one year (2566 or 2567) and recover the next year
    candidates = [a for a in low + mid_others if a not in fives]
    for a in [candidates[i] for i in rng.permutation(len(candidates))[: int(rng.integers(1, 3))]]:
        flat = [y for y in (2566, 2567) if plan[(a, y)] == plan[(a, y - 1)] >= 2]
        if flat:
            y = int(rng.choice(flat))
            plan[(a, y)] = plan[(a, y - 1)] - 1

    for row in areas[areas["phase"].astype(int) != 1].itertuples(index=False):
        start = max(int(row.year_joined), FIRST_YEAR)
        level = int(rng.choice([1, 2], p=[0.55, 0.45]))
        for y in range(start, LAST_YEAR + 1):
            if y > start and level < 3 and rng.random() < 0.3:
                level += 1
            plan[(row.area_id, y)] = level
    for row in areas.itertuples(index=False):                             # every year planned, levels 1..5
        years = range(max(int(row.year_joined), FIRST_YEAR), LAST_YEAR + 1)
        if not all(1 <= plan.get((row.area_id, y), 0) <= 5 for y in years):
            raise AssertionError(f"level plan incomplete for {row.area_id}")
    return plan


# --------------------------------------------------------------------------------------------- values

def _is_count(metric: str, unit: str, threshold: float) -> bool:
    return metric == "number" and "บาท" not in unit and float(threshold).is_integer()


def _value(passes: bool, metric: str, direction: str, thr: float, unit: str, u: float) -> float:
    """A plausible value that passes (or fails) ``thr``.

    ``u`` in (0, 1) is how good the result is: a passing value lies further beyond the threshold, a failing value
    closer below it, the higher ``u`` is.
    """
    if metric == "binary":
        return 1.0 if passes else 0.0
    top = 100.0 if metric == "percent" else (thr * 2.0 if thr > 0 else 10.0)
    if direction == "higher":
        v = thr + u * (top - thr) if passes else thr * (0.35 + 0.6 * u)
    elif passes:
        v = thr * (1.0 - 0.8 * u)
    else:
        v = thr + (0.05 + 0.5 * (1.0 - u)) * ((100.0 if metric == "percent" else max(thr * 2.5, 5.0)) - thr)
    if _is_count(metric, unit, thr):
        low_is_good = direction == "lower"
        v = float(math.floor(v) if passes == low_is_good else math.ceil(v))
        if not passes and direction == "lower" and v <= thr:
            v = thr + 1
    else:
        v = round(v, 1 if metric == "percent" else 2)
    if indicator_passes(v, metric, direction, thr) is not passes:      # rounding landed on the wrong side
        step = 1.0 if _is_count(metric, unit, thr) else (0.1 if metric == "percent" else 0.01)
        sign = 1 if (direction == "higher") == passes else -1
        v = round(thr + (0 if passes else sign * step), 2)
    return v


def format_value(v: float, metric: str, unit: str, thr: float) -> str:
    if metric == "binary" or _is_count(metric, unit, thr):
        return str(int(v))
    return f"{v:.1f}" if metric == "percent" else f"{v:.2f}"


def _can_fail(metric: str, direction: str, thr: float) -> bool:
    return not (direction == "higher" and thr <= 0 and metric != "binary") and not (
        direction == "lower" and metric == "percent" and thr >= 100)


def assessment_rows(areas: pd.DataFrame, plan: dict[tuple[str, int], int], criteria: Criteria,
                    rng: np.random.Generator) -> list[list[str]]:
    """Rows of assessments.csv (strings), areas in file order, years ascending, indicators in criteria order."""
    spec = criteria.table
    ind = spec["indicator_id"].tolist()
    lvl = spec["level"].astype(int).to_numpy()
    metric, direction = spec["metric_type"].tolist(), spec["direction"].tolist()
    thr = spec["threshold"].astype(float).tolist()
    unit = spec["unit"].fillna("").astype(str).tolist()
    failable = np.array([_can_fail(m, d, t) for m, d, t in zip(metric, direction, thr)])
    rows: list[list[str]] = []
    for area_id in areas["area_id"]:
        years = sorted(y for (a, y) in plan if a == area_id)
        quality = rng.uniform(0.15, 0.7, size=len(ind))          # each area has its strong and weak indicators
        for k, year in enumerate(years):
            target = plan[(area_id, year)]
            passes = lvl <= target
            missing = np.zeros(len(ind), dtype=bool)
            if target < 5:
                nxt = np.flatnonzero(lvl == target + 1)
                passes[nxt] = rng.random(len(nxt)) < P_PASS_NEXT
                forced = nxt[failable[nxt]]
                if not len(forced):
                    raise ValueError(f"criteria {criteria.version}: no indicator of level {target + 1} can fail, "
                                     f"so the demo cannot hold an area at level {target}")
                passes[forced[int(rng.integers(len(forced)))]] = False
                above = lvl > target + 1
                passes[above] = rng.random(int(above.sum())) < P_PASS_HIGHER
                missing[above] = rng.random(int(above.sum())) < P_MISSING
            u = np.clip(quality + 0.04 * k + rng.normal(0, 0.08, size=len(ind)), 0.02, 0.98)
            notes = rng.integers(len(EVIDENCE_TH), size=len(ind))
            for j in range(len(ind)):
                if missing[j]:
                    value, note = "", EVIDENCE_MISSING_TH
                else:
                    ok = bool(passes[j])
                    v = _value(ok, metric[j], direction[j], thr[j], unit[j], float(u[j]))
                    value, note = format_value(v, metric[j], unit[j], thr[j]), EVIDENCE_TH[notes[j]]
                rows.append([area_id, str(year), criteria.version, ind[j], value, note])
    return rows
