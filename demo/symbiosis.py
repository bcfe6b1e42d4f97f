"""The symbiosis demo (``data/demo/symbiosis_*.csv``, in the import formats of :mod:`ingest.symbiosis`):
material-flow records of 2568 for the 1,760 developed phase-1 factories, non-factory parties (community
enterprises, water and steam utilities, processors and recyclers, farms) with what they accept, and exchanges
whose number and status agree with each area's level (data/README.md says which magnitudes and why).

Seeded and deterministic like the rest of the demo (its own random stream, so the other demo files do not
change). Exchanges of phase-1 areas are the best candidate matches of the flows (:mod:`symbiosis.matching`);
areas without flow records get exchanges from their factories to their parties. Levels come from the demo
assessments (:func:`scoring.summary.build_model`): an area reaches level 4 in the year its third exchange
starts operating; level-2 areas have identified exchanges or ones under feasibility study only.
"""
from __future__ import annotations

import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from common.csvfile import csv_text
from common.years import to_be, to_ce
from ingest.symbiosis import fields
from programme import registry
from programme.criteria import current_criteria
from programme.symbiosis import load_vocabulary
from scoring.summary import build_model
from symbiosis.matching import candidates
from symbiosis.register import PARTY_COLUMNS, Register, empty_frame

FLOW_YEAR = 2568
STATUS_ORDER = ("identified", "feasibility", "planned", "operating", "discontinued")
PARTY_PREFIX = {"community_enterprise": "ce", "community": "com", "farm": "farm", "processor": "proc",
                "recycler": "rec", "utility_water": "water", "utility_steam": "steam"}
FILES = ("symbiosis_parties.csv", "symbiosis_flows.csv", "symbiosis_exchanges.csv")
STREAM = 8                                   # the symbiosis demo's own random stream: default_rng([seed, 8])

# (direction, flow_class, material_class, material_th, material_en, waste_code, unit, per worker per year)
_F = tuple[str, str, str, str, str, str, str, float]
COMMON: tuple[_F, ...] = (
    ("input", "energy", "electricity", "ไฟฟ้า", "electricity", "", "MWh", 25.0),
    ("input", "water", "water", "น้ำประปา", "tap water", "", "m3", 150.0),
    ("output", "waste", "paper", "เศษกระดาษและบรรจุภัณฑ์", "waste paper and packaging", "15 01 01", "t", 0.4),
)
INDUSTRY_FLOWS: dict[str, tuple[_F, ...]] = {
    "food": (("input", "raw_material", "", "วัตถุดิบทางการเกษตร", "farm produce", "", "t", 30.0),
             ("output", "product", "", "ผลิตภัณฑ์อาหาร", "food products", "", "t", 22.0),
             ("output", "waste", "agri_residue", "เศษวัตถุดิบและอาหารเหลือทิ้ง", "food and produce residue", "02 03 04",
              "t", 4.0),
             ("output", "waste", "sludge", "กากตะกอนจากระบบบำบัดน้ำเสีย", "wastewater treatment sludge", "02 03 05", "t",
              1.0),
             ("output", "water", "treated_water", "น้ำทิ้งที่ผ่านการบำบัด", "treated effluent", "", "m3", 120.0)),
    "plastics": (("input", "raw_material", "plastic", "เม็ดพลาสติก", "plastic resin", "", "t", 18.0),
                 ("output", "waste", "plastic", "เศษพลาสติก", "plastic scrap", "07 02 13", "t", 1.2)),
    "chemicals": (("input", "raw_material", "chemical", "สารเคมีตั้งต้น", "feedstock chemicals", "", "t", 25.0),
                  ("input", "energy", "steam_heat", "ไอน้ำ", "steam", "", "t_steam", 40.0),
                  ("output", "waste", "solvent_oil", "ตัวทำละลายใช้แล้ว", "spent solvents", "07 01 04 HA", "t", 0.5),
                  ("output", "waste", "sludge", "กากตะกอนจากกระบวนการผลิต", "process sludge", "07 01 11 HA", "t", 0.6)),
    "metal": (("input", "raw_material", "metal", "เหล็กแผ่นและเศษเหล็ก", "steel sheet and scrap", "", "t", 15.0),
              ("output", "waste", "metal", "เศษโลหะ", "metal scrap", "12 01 01", "t", 2.0),
              ("output", "waste", "ash_slag", "ตะกรันและฝุ่นจากการหลอม", "slag and furnace dust", "10 09 03", "t", 1.0),
              ("output", "waste", "solvent_oil", "น้ำมันหล่อลื่นใช้แล้ว", "used lubricating oil", "13 02 05 HA", "t", 0.1)),
    "electronics": (("input", "water", "water", "น้ำบริสุทธิ์", "ultra-pure water", "", "m3", 250.0),
                    ("output", "waste", "metal", "เศษแผงวงจรและโลหะ", "circuit board and metal scrap", "16 02 16", "t",
                     0.1),
                    ("output", "waste", "solvent_oil", "ตัวทำละลายใช้แล้ว", "spent solvents", "07 07 04 HA", "t", 0.1),
                    ("output", "water", "treated_water", "น้ำทิ้งที่ผ่านการบำบัด", "treated effluent", "", "m3", 200.0)),
    "automotive": (("input", "raw_material", "metal", "ชิ้นส่วนและเหล็กแผ่น", "steel and parts", "", "t", 10.0),
                   ("output", "waste", "metal", "เศษโลหะ", "metal scrap", "12 01 01", "t", 1.5),
                   ("output", "waste", "sludge", "กากสี", "paint sludge", "08 01 13 HA", "t", 0.2),
                   ("output", "waste", "solvent_oil", "น้ำมันหล่อลื่นใช้แล้ว", "used lubricating oil", "13 02 05 HA", "t",
                    0.1)),
    "petrochemical": (("input", "raw_material", "chemical", "แนฟทาและก๊าซธรรมชาติ", "naphtha and natural gas", "", "t",
                       300.0),
                      ("input", "water", "water", "น้ำดิบ", "raw water", "", "m3", 900.0),
                      ("output", "energy", "steam_heat", "ไอน้ำเหลือใช้", "surplus steam", "", "t_steam", 120.0),
                      ("output", "by_product", "co2", "ก๊าซคาร์บอนไดออกไซด์บริสุทธิ์สูง", "high-purity CO2", "", "t", 20.0),
                      ("output", "waste", "sludge", "กากตะกอนน้ำมัน", "oily sludge", "05 01 09 HA", "t", 0.8),
                      ("output", "waste", "chemical", "ตัวเร่งปฏิกิริยาใช้แล้ว", "spent catalyst", "16 08 02 HA", "t", 0.3)),
    "recycling": (("accepts", "waste", "metal", "รับเศษโลหะ", "takes metal scrap", "", "t", 30.0),
                  ("accepts", "waste", "plastic", "รับเศษพลาสติก", "takes plastic scrap", "", "t", 20.0),
                  ("accepts", "waste", "paper", "รับเศษกระดาษ", "takes waste paper", "", "t", 15.0),
                  ("output", "product", "", "วัตถุดิบรีไซเคิล", "recycled materials", "", "t", 50.0)),
}
ITEM_INDUSTRY = {"9": "food", "53": "plastics", "42": "chemicals", "64": "metal", "44": "petrochemical",
                 "105": "recycling"}

# non-factory parties: kind, Thai and English name pattern, how many per area, accepts (class, unit, quantity)
PARTY_KINDS = (
    ("community_enterprise", "วิสาหกิจชุมชนปุ๋ยอินทรีย์และอาหารสัตว์ {}", "{} organic fertiliser and feed community "
     "enterprise", (2, 4), (("agri_residue", "t", 800.0), ("sludge", "t", 150.0))),
    ("community", "ชุมชน{}", "{} community", (1, 2), (("treated_water", "m3", 60000.0), ("paper", "t", 40.0))),
    ("farm", "กลุ่มเกษตรกร{}", "{} farmers' group", (1, 2), (("agri_residue", "t", 1500.0),
                                                          ("treated_water", "m3", 150000.0))),
    ("processor", "ผู้รับบำบัดและเผาร่วมในเตาปูน {}", "{} co-processing and treatment", (1, 1),
     (("ash_slag", "t", 20000.0), ("sludge", "t", 8000.0), ("solvent_oil", "t", 3000.0), ("chemical", "t", 1500.0))),
    ("recycler", "ศูนย์รีไซเคิล{}", "{} recycling centre", (1, 1), (("metal", "t", 6000.0), ("plastic", "t", 3000.0),
                                                                   ("paper", "t", 4000.0))),
    ("utility_water", "ระบบผลิตน้ำอุตสาหกรรม {}", "{} industrial water works", (1, 1),
     (("treated_water", "m3", 400000.0),)),
)
STEAM_PARTY = ("utility_steam", "โรงผลิตไฟฟ้าและไอน้ำ {}", "{} power and steam plant", (1, 1), (("co2", "t", 30000.0),))
STEAM_PROVINCES = ("21", "20", "24")        # eastern petrochemical and industrial provinces have a steam supplier

# benefits per base unit (t, m³, t steam, MWh), by material class: (t CO2e avoided, THB saved)
BENEFIT = {"agri_residue": (0.5, 600), "sludge": (0.2, 1500), "plastic": (1.5, 5000), "metal": (1.5, 8000),
           "paper": (0.9, 3000), "ash_slag": (0.6, 600), "solvent_oil": (2.0, 6000), "chemical": (0.8, 4000),
           "treated_water": (0.0003, 12), "steam_heat": (0.2, 700), "co2": (0.8, 1500), "water": (0.0003, 12)}
CO2E_BASIS = "ค่าประมาณจากปัจจัยการปล่อยต่อหน่วยวัสดุ (ข้อมูลสาธิต) / estimated from per-unit factors (demo)"
UNIT_OF = {"mass": "t", "volume": "m3", "energy": "MWh", "steam": "t_steam"}
CATEGORY_OF = {"waste": "waste", "by_product": "material", "water": "water", "energy": "energy"}
# exchanges per area by its latest level: (how many, how many operating at least)
PER_LEVEL = {1: (0, 0), 2: (2, 0), 3: (5, 1), 4: (10, 3), 5: (16, 6)}


def _sig(x: float, digits: int = 3) -> float:
    """``x`` rounded to ``digits`` significant figures (survey figures are not precise to the kilogram)."""
    if not x or not math.isfinite(x):
        return 0.0
    return float(round(x, -int(math.floor(math.log10(abs(x)))) + digits - 1))


def _num(x: float) -> str:
    return f"{x:.0f}" if float(x).is_integer() else f"{x:g}"


def _industry(category: str, isic: str) -> str:
    item = str(category).split("(")[0]
    if item == "59":
        return "automotive" if str(isic).startswith("293") else "electronics"
    return ITEM_INDUSTRY.get(item, "metal")


def _levels(assessments_csv: str, data_dir) -> pd.DataFrame:
    a = pd.read_csv(io.StringIO(assessments_csv), dtype={"area_id": str, "indicator_id": str,
                                                         "criteria_version": str, "evidence": str})
    return build_model(a, current_criteria(data_dir)).levels


def _parties(areas: pd.DataFrame, fac: pd.DataFrame, vocab, rng, placer=None) -> tuple[list[list], list[list]]:
    """Parties placed 1-4 km from a factory of their area, on land in a Thai province (a few draws; else at the
    factory), and what each accepts (flow rows)."""
    rows, flows = [], []
    groups = dict(tuple(fac.groupby("area_id", sort=False)))
    for area in areas.itertuples(index=False):
        here = groups.get(area.area_id)
        if here is None or here.empty:
            continue
        place_th = str(area.name_th).split(" จ.")[0]
        place_en = str(area.name_en).split(",")[0]
        kinds = PARTY_KINDS + ((STEAM_PARTY,) if str(area.province_code) in STEAM_PROVINCES else ())
        for kind, th, en, (lo, hi), accepts in kinds:
            for k in range(int(rng.integers(lo, hi + 1))):
                pid = f"{PARTY_PREFIX[kind]}-{area.area_id}-{k + 1}"
                anchor = here.iloc[int(rng.integers(len(here)))]
                lat, lon = _near(float(anchor["lat"]), float(anchor["lon"]), rng, placer)
                suffix = f" {k + 1}" if hi > 1 else ""
                rows.append([pid, kind, th.format(place_th) + suffix, en.format(place_en) + suffix, area.area_id,
                             f"{lat:.5f}", f"{lon:.5f}", "demo"])
                for cls, unit, qty in accepts:
                    flows.append([pid, FLOW_YEAR, "accepts", "water" if unit == "m3" else "waste", cls,
                                  "รับ" + vocab.label("material_class", cls, "th"),
                                  "takes " + vocab.label("material_class", cls, "en").lower(), "",
                                  _sig(qty * rng.lognormal(0, 0.3)), unit, "year"])
                if kind == "utility_steam":
                    flows.append([pid, FLOW_YEAR, "output", "energy", "steam_heat", "ไอน้ำสำหรับอุตสาหกรรม",
                                  "process steam", "", _sig(200000 * rng.lognormal(0, 0.3)), "t_steam", "year"])
    return rows, flows


def _factory_flows(fac: pd.DataFrame, rng) -> list[list]:
    out = []
    for f in fac.itertuples(index=False):
        workers = max(int(f.workers) if str(f.workers).isdigit() else 50, 10)
        for d, cls, mcls, th, en, code, unit, per in COMMON + INDUSTRY_FLOWS[_industry(f.category, f.isic)]:
            if cls == "waste" and d == "output" and rng.random() < 0.1:
                code = ""                                   # a tenth of the surveys left the code out
            out.append([f.registration_no, FLOW_YEAR, d, cls, mcls, th, en, code,
                        _sig(per * workers * rng.lognormal(0, 0.4)), unit, "year"])
    return out


def _timeline(rng, status: str, first: int, operating_by: int | None, last: int, as_of: str) -> dict[str, str]:
    """ISO dates of each status an exchange passed, ending at ``status`` (Buddhist-era years ``first``..``last``).
    An operating exchange that carries an area's level 4 starts operating within two years up to
    ``operating_by``, the year the area first reached level 4."""
    steps = STATUS_ORDER[:STATUS_ORDER.index(status) + 1]
    if "operating" in steps:
        lo = max(first, operating_by - 2) if operating_by is not None else first
        hi = operating_by if operating_by is not None else last - (status == "discontinued")
        op = int(rng.integers(lo, max(lo, hi) + 1))
        years = [op - int(rng.integers(1, 3))] + [op] * (len(steps) - 1)
        years[1:steps.index("operating")] = [max(years[0], op - int(rng.integers(0, 2)))] * (steps.index("operating") - 1)
        if status == "discontinued":
            years[-1] = min(last, op + int(rng.integers(1, 3)))
    else:
        now = int(rng.integers(max(first, last - 2), last + 1))
        years = sorted(now - int(rng.integers(0, 2)) for _ in steps)
        years[-1] = now
    days = sorted(_by_data_date(f"{to_ce(int(y)):04d}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}",
                                as_of) for y in years)
    return dict(zip(steps, days))


def _by_data_date(day: str, as_of: str) -> str:
    """A status date no later than the data's date ``as_of``: a later month of that year moves back by nine
    months (October → January), with no random draw, so that every other date of the demo stays as it was."""
    if day <= as_of:
        return day
    year, month, rest = day[:4], int(day[5:7]), day[7:]
    return f"{year}-{(month - 1) % 9 + 1:02d}{rest}"


def _statuses(level_now: int, n: int, at_least_operating: int, rng) -> list[str]:
    if level_now <= 2:
        return [str(rng.choice(["identified", "feasibility"], p=[0.6, 0.4])) for _ in range(n)]
    out = ["operating"] * at_least_operating
    for _ in range(n - at_least_operating):
        pool, p = (["identified", "feasibility", "planned"], [0.4, 0.35, 0.25]) if level_now == 3 else (
            ["identified", "feasibility", "planned", "operating", "discontinued"], [0.15, 0.15, 0.15, 0.45, 0.10])
        out.append(str(rng.choice(pool, p=p)))
    return out


def _near(lat0: float, lon0: float, rng, placer, tries: int = 8) -> tuple[float, float]:
    """A point 1-4 km from (lat0, lon0) inside a Thai province polygon (not in the sea or across a border river)."""
    for _ in range(tries):
        angle, km = rng.uniform(0, 2 * math.pi), rng.uniform(1.0, 4.0)
        lat = lat0 + km / 111.0 * math.sin(angle)
        lon = lon0 + km / (111.0 * math.cos(math.radians(lat0))) * math.cos(angle)
        if placer is None or placer.place([lat], [lon])["province_code"].notna().iat[0]:
            return lat, lon
    return lat0, lon0


def generate_symbiosis(files: dict[str, str], data_dir, seed: int) -> dict[str, str]:
    """The symbiosis demo files (name -> CSV text) from the other demo files (factories, assessments)."""
    rng = np.random.default_rng([int(seed), STREAM])
    vocab = load_vocabulary(data_dir)
    areas = registry.load_areas(data_dir)
    fac = pd.read_csv(io.StringIO(files["factories.csv"]), dtype=str, keep_default_na=False)
    fac["lat"], fac["lon"] = fac["lat"].astype(float), fac["lon"].astype(float)
    phase1 = set(areas.loc[areas["phase"] == 1, "area_id"])
    developed = fac[(fac["developed"] == "1") & fac["area_id"].isin(phase1)]
    from ingest.importer import placer_for
    party_rows, party_flows = _parties(areas, fac, vocab, rng, placer_for(data_dir))
    flow_rows = _factory_flows(developed, rng) + party_flows
    flow_cols = [f.name for f in fields("flows", vocab)]
    flows = pd.DataFrame(flow_rows, columns=flow_cols)
    parties = pd.DataFrame(party_rows, columns=PARTY_COLUMNS)
    reg = Register(parties=parties.assign(lat=parties["lat"].astype(float), lon=parties["lon"].astype(float)),
                   flows=flows, exchanges=empty_frame(["exchange_id", "from_party", "to_party", "waste_code",
                                                       "material_class"]), history=empty_frame([]), vocab=vocab)
    levels = _levels(files["assessments.csv"], data_dir)
    last = int(levels["year"].max())
    as_of = json.loads(files["meta.json"])["data_as_of"]     # no status is dated after the data
    flow_class = dict(zip(zip(flows["party_id"], flows["material_th"]), flows["flow_class"]))
    ex_cols = [f.name for f in fields("exchanges", vocab)]
    ex_rows = []
    all_candidates = candidates(reg, fac, FLOW_YEAR)
    all_candidates = all_candidates[all_candidates["from_area_id"] == all_candidates["to_area_id"]]
    by_area = dict(tuple(all_candidates.groupby("from_area_id", sort=False)))
    for area in areas.itertuples(index=False):
        lv = levels[levels["area_id"] == area.area_id].set_index("year")["level"]
        if lv.empty or int(lv.iloc[-1]) < 2:
            continue
        n, need = PER_LEVEL[int(lv.iloc[-1])]
        n = n + int(rng.integers(0, n // 2 + 2))
        reach4 = lv[lv >= 4]
        operating_by = int(reach4.index[0]) if len(reach4) else None
        first = int(lv.index[0])
        pairs = _pairs(by_area.get(area.area_id), reg, fac, area, n, rng)
        for k, (pair, status) in enumerate(zip(pairs, _statuses(int(lv.iloc[-1]), len(pairs), need, rng))):
            dates = _timeline(rng, status, first, operating_by if k < need else None, last, as_of)
            ex_rows.append(_exchange_row(f"EX-{area.area_id}-{k + 1:03d}", area.area_id, pair, status, dates,
                                         flow_class, rng))
    exchanges = pd.DataFrame([{c: r.get(c, "") for c in ex_cols} for r in ex_rows], columns=ex_cols)
    return {
        "symbiosis_parties.csv": csv_text(PARTY_COLUMNS, party_rows),
        "symbiosis_flows.csv": csv_text(flow_cols, [[_num(v) if isinstance(v, float) else str(v) for v in r]
                                                    for r in flow_rows]),
        "symbiosis_exchanges.csv": csv_text(ex_cols, exchanges.astype(str).to_numpy().tolist()),
    }


def _pairs(cand: pd.DataFrame | None, reg: Register, fac: pd.DataFrame, area, n: int, rng) -> list[dict]:
    """Up to ``n`` giver -> receiver pairs of an area: among its best candidates (one per giver and material,
    one per pair of parties), the material classes taken in turn so that not every exchange is water; or,
    without flow records, factories of the area to its parties."""
    if cand is not None and len(cand):
        cand = cand.drop_duplicates(["from_party", "material_th"]).drop_duplicates(["from_party", "to_party"])
        pools = [g.head(8).to_dict("records") for _, g in cand.groupby("material_class", sort=True)]
        order = rng.permutation(len(pools))
        out: list[dict] = []
        while len(out) < n and any(pools):
            for j in order:
                if pools[j] and len(out) < n:
                    out.append(pools[j].pop(int(rng.integers(min(3, len(pools[j]))))))
        return out
    here = fac[fac["area_id"] == area.area_id]
    takers = reg.flows[reg.flows["party_id"].str.contains(f"-{area.area_id}-", regex=False)
                       & (reg.flows["direction"] == "accepts")]
    out = []
    for _ in range(min(n, len(here)) if len(takers) else 0):
        f = here.iloc[int(rng.integers(len(here)))]
        t = takers.iloc[int(rng.integers(len(takers)))]
        base = COMMON + INDUSTRY_FLOWS[_industry(f["category"], f["isic"])]
        same = [x for x in base if x[0] == "output" and x[2] == t["material_class"]]
        workers = max(int(f["workers"]) if str(f["workers"]).isdigit() else 50, 10)
        if same:
            th, en, code, qty = same[0][3], same[0][4], same[0][5], same[0][7] * workers * rng.uniform(0.3, 0.8)
        else:
            cls = str(t["material_class"])
            th, en, code = (reg.vocab.label("material_class", cls, "th"), reg.vocab.label("material_class", cls, "en"),
                            "")
            qty = float(t["quantity"]) * rng.uniform(0.1, 0.3)
        unit = "m3" if t["unit"] == "m3" else "t"
        qty = _sig(qty)
        out.append({"from_party": f["registration_no"], "to_party": t["party_id"], "material_class":
                    t["material_class"], "waste_code": code, "material_th": th, "material_en": en,
                    "quantity": qty, "dimension": "volume" if unit == "m3" else "mass", "match": "none",
                    "_class": "water" if unit == "m3" else "waste"})
    return out


def _exchange_row(eid: str, area_id: str, pair: dict, status: str, dates: dict, flow_class: dict, rng) -> dict:
    cls = pair.get("_class") or flow_class.get((pair["from_party"], pair["material_th"]), "waste")
    category = CATEGORY_OF.get(cls, "material")
    unit = UNIT_OF.get(pair["dimension"], "t")
    if category == "energy" and unit == "t":
        unit = "t_steam"
    qty = _sig(float(pair["quantity"]) * rng.uniform(0.3, 1.0)) or 1.0
    co2, thb = BENEFIT.get(pair["material_class"], (0.3, 1000))
    hazardous = str(pair["waste_code"]).endswith("HA")
    mass = unit == "t"
    row = {"exchange_id": eid, "from_party": pair["from_party"], "to_party": pair["to_party"], "area_id": area_id,
           "year": str(to_be(dates["identified"][:4])), "category": category,
           "material_class": pair["material_class"], "material_th": pair["material_th"],
           "material_en": pair["material_en"], "waste_code": pair["waste_code"], "quantity": _num(qty), "unit": unit,
           "status": status, "co2e_avoided_t": _num(_sig(qty * co2)), "co2e_basis": CO2E_BASIS,
           "cost_saved_thb": _num(_sig(qty * thb * (2 if hazardous else 1))),
           "landfill_diverted_t": _num(qty) if mass and category == "waste" else "",
           "water_saved_m3": _num(qty) if unit == "m3" else "",
           "virgin_saved_t": _num(_sig(qty * 0.8)) if mass else "",
           "source": str(rng.choice(["mfa_survey", "working_group", "waste_manifest"], p=[0.55, 0.3, 0.15])
                         if category == "waste" else rng.choice(["mfa_survey", "working_group"], p=[0.6, 0.4])),
           "visibility": str(rng.choice(["public", "area", "restricted"], p=[0.8, 0.15, 0.05])),
           "note": "demo"}
    row.update({f"{s}_on": d for s, d in dates.items()})
    return row


# --------------------------------------------------------------------------------------------- into the database

def demo_frames(data_dir, factories: pd.DataFrame, areas: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The symbiosis demo files of ``data_dir/demo`` checked exactly as an import checks them (any problem
    raises DataError): parties, flows, exchanges and history frames ready to write; {} when the files are absent."""
    from common.errors import DataError
    from ingest.readers import read_table
    from ingest.symbiosis import validate_exchanges, validate_flows, validate_parties, with_defaults

    folder = Path(data_dir) / "demo"
    if not all((folder / name).exists() for name in FILES):
        return {}
    vocab = load_vocabulary(data_dir)
    areas = registry.load_areas(data_dir) if areas is None else areas
    regs = factories["registration_no"].astype(str)
    known = {"factories": set(regs), "party_ids": dict(zip(regs, regs)),
             "party_areas": dict(zip(regs, factories["area_id"])), "areas": set(areas["area_id"])}

    def table(name: str) -> pd.DataFrame:
        return read_table((folder / name).read_bytes(), name)

    def check(name: str, problems) -> None:
        bad = [p for p in problems if p.severity == "error"]
        if bad:
            p = bad[0]
            raise DataError(f"demo/{name} row {p.row}, column {p.column}, value {p.value!r}: {p.message_en} / "
                            f"{p.message_th} ({len(bad)} errors)")

    from ingest.importer import placer_for
    parties, problems = validate_parties(table(FILES[0]), vocab, known, placer_for(data_dir),
                                         registry.load_provinces(Path(data_dir)))
    check(FILES[0], problems)
    known["party_ids"].update(zip(parties["party_id"], parties["party_id"]))
    known["party_areas"].update(zip(parties["party_id"], parties["area_id"]))
    flows, problems = validate_flows(table(FILES[1]), vocab, known)
    check(FILES[1], problems)
    exchanges, history, problems = validate_exchanges(table(FILES[2]), vocab, known)
    check(FILES[2], problems)
    return {"parties": parties.drop(columns="source_row"), "flows": with_defaults(flows.drop(columns="source_row")),
            "exchanges": with_defaults(exchanges.drop(columns="source_row")), "history": history}


def seed_symbiosis(conn, data_dir, factories: pd.DataFrame) -> dict[str, int]:
    """Replace the symbiosis tables with the demo (inside the caller's transaction); row counts per table."""
    from db.seeding import replace_symbiosis
    return replace_symbiosis(conn, demo_frames(data_dir, factories))
