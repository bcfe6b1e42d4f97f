"""The deterministic demo data set (``data/demo``): factories, their compliance history and checklist, and the
areas' indicator results.

Everything is synthetic, made with ``numpy.random.default_rng(seed)`` and written byte for byte the same for a
given seed and the same input files (areas, provinces, compliance items, criteria, boundaries).  Only the figures
DIW published are reproduced on purpose: 4,494 factories in the 18 phase-1 areas of which 1,760 are developed, and
the level counts of 2564 (see :mod:`demo.levels`).  Run ``python scripts/make_demo_data.py`` to rebuild.

Story kept consistent across files: a factory has history only from its registration year (before that, and after
a closure, it is ``not_inspected`` with no inspections or complaints); its checklist is the latest check in 2025
(CE) and agrees with its 2568 compliance (compliant: no fail; minor: one fail; non_compliant: one to three fails;
not inspected in 2568: a desk review, rarely a fail; closed: every item ``na``).
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from common.csvfile import csv_text
from demo.levels import ASSESSMENT_COLUMNS, assessment_rows, plan_levels
from demo.symbiosis import FILES as SYMBIOSIS_FILES
from demo.symbiosis import generate_symbiosis
from geo.boundaries import Boundaries, area_polygons, load_boundaries, locate_points
from programme import registry
from programme.criteria import current_criteria
from programme.records import FACTORY_COLUMNS

SEED = 2567
YEARS = tuple(range(2562, 2569))
DATA_AS_OF = "2025-09-30"
GENERATOR = "scripts/make_demo_data.py"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / "data"

PHASE1_FACTORIES, PHASE1_DEVELOPED, MAX_AREA_FACTORIES = 4494, 1760, 650
#: Factories of each area province that lie outside every target area (the registry is far larger than the
#: areas; the factory layer's "outside the areas" filter shows these). They come from a random stream of their
#: own, after every area's factories, so that the rest of the demo is the same with or without them.
OUTSIDE_PER_PROVINCE, OUTSIDE_STREAM = (4, 10), 11
PHASE_RANGE = {2: (60, 250), 3: (30, 150)}          # factories per area (inclusive)
DEVELOPED_SHARE = (0.10, 0.35)                      # outside phase 1

HISTORY_COLUMNS = ("registration_no", "year", "compliance", "inspections", "complaints")
CHECKLIST_COLUMNS = ("registration_no", "item_id", "result", "checked_on")
COMPLIANCE = ("compliant", "minor", "non_compliant", "not_inspected")
FILES = ("meta.json", "factories.csv", "factory_history.csv", "factory_checklist.csv", "assessments.csv",
         *SYMBIOSIS_FILES)


@dataclass(frozen=True)
class Industry:
    key: str
    item: int                       # category item (ลำดับที่) of the Factory Act schedule
    subs: tuple[int, ...]           # possible sub-items, written as item(sub)
    isic: tuple[str, ...]
    words: tuple[tuple[str, str], ...]
    weight: float


INDUSTRIES = (
    Industry("food", 9, (1, 2, 3, 4), ("10201", "10202", "10209", "10301", "10302"),
             (("ฟู้ด", "Food"), ("ฟู้ดส์", "Foods"), ("ซีฟู้ด", "Seafood"), ("อะโกร", "Agro"),
              ("ฟู้ดโปรดักส์", "Food Products"), ("แคนนิ่ง", "Canning"), ("โฟรเซ่นฟู้ด", "Frozen Food")), 1.6),
    Industry("plastics", 53, (1, 2), ("22201", "22202", "22209"),
             (("พลาสติก", "Plastic"), ("โพลีแพ็ค", "Polypack"), ("แพ็คเกจจิ้ง", "Packaging"), ("ฟิล์ม", "Film")), 1.1),
    Industry("chemicals", 42, (1, 2, 3), ("20111", "20112", "20119"),
             (("เคมีคอล", "Chemical"), ("เคมิคอลส์", "Chemicals"), ("เคมีภัณฑ์", "Chemical Products"),
              ("โคทติ้ง", "Coatings")), 0.7),
    Industry("metal", 64, (1, 2, 3), ("25991", "25992", "25999"),
             (("เมทัล", "Metal"), ("สตีล", "Steel"), ("เมทัลเวิร์ค", "Metalwork"), ("เอ็นจิเนียริ่ง", "Engineering")), 1.2),
    Industry("electronics", 59, (1, 2), ("26101", "26102", "26109"),
             (("อิเล็กทรอนิกส์", "Electronics"), ("เซมิคอนดักเตอร์", "Semiconductor"), ("เทคโนโลยี", "Technology"),
              ("เซอร์กิต", "Circuit")), 0.8),
    Industry("automotive", 59, (3, 4, 5, 6), ("29301", "29302", "29309"),
             (("ออโต้พาร์ท", "Auto Parts"), ("ออโตโมทีฟ", "Automotive"), ("พรีซิชั่น", "Precision"),
              ("ฟอร์จจิ้ง", "Forging")), 0.9),
    Industry("petrochemical", 44, (1, 2), ("20111", "20113", "20114"),
             (("ปิโตรเคมี", "Petrochemical"), ("โอเลฟินส์", "Olefins"), ("โพลิเมอร์", "Polymer"),
              ("อะโรเมติกส์", "Aromatics")), 0.15),
    Industry("recycling", 105, (), ("38301", "38302"),
             (("รีไซเคิล", "Recycling"), ("เอ็นไวรอนเมนทัล", "Environmental"), ("เวสต์แมเนจเม้นท์", "Waste Management")),
             0.5),
)
# industry mix per province: multipliers on the base weights
PROVINCE_MIX = {
    "21": {"petrochemical": 30, "chemicals": 3, "plastics": 1.5, "food": 0.3},
    "74": {"food": 3, "plastics": 1.5}, "11": {"metal": 2, "automotive": 2, "plastics": 1.5, "electronics": 1.5},
    "20": {"automotive": 2.5, "metal": 1.5, "electronics": 1.5}, "14": {"electronics": 3, "automotive": 2},
    "25": {"electronics": 2, "automotive": 2}, "24": {"automotive": 1.5, "metal": 1.5},
    "13": {"electronics": 2, "plastics": 1.5}, "19": {"metal": 2, "chemicals": 1.5},
}
FOOD_PROVINCE_BOOST = 2.5                           # provinces not listed above lean to agro-food
# phase-1 size weights: big industrial provinces, then the central ring, then the rest
BIG_PROVINCES, RING_PROVINCES = ("21", "11", "74", "20"), ("14", "24", "25", "13", "73")

PREFIXES = (("สยาม", "Siam"), ("ไทย", "Thai"), ("ไทยเจริญ", "Thai Charoen"), ("อีสเทิร์น", "Eastern"),
            ("โกลเด้น", "Golden"), ("เอเชีย", "Asia"), ("แปซิฟิก", "Pacific"), ("รุ่งเรือง", "Rungrueang"),
            ("เจริญผล", "Charoenphon"), ("มั่นคง", "Mankhong"), ("ศรีไทย", "Si Thai"), ("สหไทย", "Saha Thai"),
            ("ยูไนเต็ด", "United"), ("โกลบอล", "Global"), ("นวกิจ", "Nawakit"), ("พัฒนา", "Phatthana"),
            ("ธนาพร", "Thanaphon"), ("วิวัฒน์", "Wiwat"), ("บางกอก", "Bangkok"), ("เอส.พี.", "S.P."),
            ("ที.เอ็ม.", "T.M."), ("ซี.เค.", "C.K."), ("ไพโอเนียร์", "Pioneer"), ("สตาร์", "Star"), ("โอเชียน", "Ocean"),
            ("กรีน", "Green"), ("ซัน", "Sun"), ("รอยัล", "Royal"), ("สุวรรณ", "Suwan"), ("ศิริ", "Siri"),
            ("อุดม", "Udom"), ("ประเสริฐ", "Prasoet"), ("ไทยนิยม", "Thai Niyom"), ("เพชร", "Phet"),
            ("ทองไทย", "Thong Thai"), ("นำชัย", "Namchai"), ("เอเชียแปซิฟิก", "Asia Pacific"), ("ไทยรุ่ง", "Thai Rung"))
FOREIGN = (("ยามาโมโตะ", "Yamamoto"), ("ฮาชิโมโตะ", "Hashimoto"), ("คิมูระ", "Kimura"), ("ทานากะ", "Tanaka"),
           ("ซากุระ", "Sakura"), ("นิชิ", "Nishi"), ("ฮันซอง", "Hansung"), ("ไทเฮ้า", "Taihao"))
SUFFIXES = (("", ""), ("", ""), ("อินดัสทรี", "Industry"), ("อินเตอร์เนชั่นแนล", "International"),
            ("แมนูแฟคเจอริ่ง", "Manufacturing"), ("กรุ๊ป", "Group"))
FORMS = (("บริษัท {} จำกัด", "{} Co., Ltd."), ("บริษัท {} จำกัด (มหาชน)", "{} Public Company Limited"),
         ("ห้างหุ้นส่วนจำกัด {}", "{} Limited Partnership"), ("โรงงาน{}", "{} Factory"))

#: Invented owners of the demo's small factories (a "โรงงาน…" name is a trade name; its owner is a person).
TITLES = ("นาย", "นาย", "นาง", "นางสาว")
FIRST_NAMES = {"นาย": ("สมชาย", "สมศักดิ์", "วิชัย", "ประเสริฐ", "สุรชัย", "อนันต์", "ชัยวัฒน์", "ธนพล", "กิตติ", "พงษ์ศักดิ์"),
               "นาง": ("สมศรี", "มาลี", "วันดี", "สุนีย์", "ปราณี", "กาญจนา"),
               "นางสาว": ("นภา", "อรุณี", "จิราพร", "สุภาพร", "ศิริพร", "พิมพ์ชนก")}
SURNAMES = ("ใจดี", "ศรีสุข", "ทองคำ", "แสงทอง", "บุญมา", "วงศ์ไทย", "สุขเจริญ", "มีสุข", "พูลผล", "เพชรรัตน์",
            "ศรีวงศ์", "รุ่งเรืองกิจ", "ทรัพย์มาก", "เจริญยิ่ง")
TRADE_NAME = "โรงงาน"

STATUS_P = (0.05, 0.86, 0.04, 0.05)                 # FFLAG 0 licensed, 1 operating, 2 closed, 3 suspended
CLASS_P = (0.08, 0.17, 0.75)
GI_P = {False: (0.50, 0.15, 0.15, 0.12, 0.05, 0.03), True: (0.12, 0.10, 0.20, 0.30, 0.16, 0.12)}
COMPLIANCE_P = {"base": (0.74, 0.12, 0.05, 0.09), "good": (0.84, 0.08, 0.02, 0.06),
                "best": (0.90, 0.05, 0.01, 0.04), "suspended": (0.25, 0.20, 0.45, 0.10)}
CLASS_NA = {1: {"CMP-01", "CMP-05", "CMP-06", "CMP-08"}, 2: {"CMP-06"}}
ITEM_NA_P = {"CMP-03": 0.35, "CMP-07": 0.30, "CMP-08": 0.40, "CMP-06": 0.15}
DEFAULT_NA_P = 0.05
CHECK_FROM = dt.date(2025, 1, 6)                    # checklist dates: 2025-01-06 .. DATA_AS_OF


# --------------------------------------------------------------------------------------------- helpers

def allocate(total: int, weights, caps) -> np.ndarray:
    """Split ``total`` into ints proportional to ``weights`` (largest remainder), none above its cap."""
    w = np.asarray(weights, dtype=float)
    caps = np.broadcast_to(np.asarray(caps), w.shape).astype(np.int64)
    if caps.sum() < total:
        raise ValueError(f"cannot allocate {total} under caps summing to {caps.sum()}")
    out, fixed = np.zeros(len(w), dtype=np.int64), np.zeros(len(w), dtype=bool)
    while True:
        left = total - int(out[fixed].sum())
        ww = np.where(fixed, 0.0, w)
        raw = left * ww / ww.sum()
        base = np.floor(raw).astype(np.int64)
        frac = np.where(fixed, -1.0, raw - base)
        base[np.argsort(-frac, kind="stable")[: left - int(base.sum())]] += 1
        over = ~fixed & (base > caps)
        if not over.any():
            out[~fixed] = base[~fixed]
            return out
        out[over], fixed = caps[over], fixed | over


def _year(y) -> str:
    return "" if y is None else str(int(y))


# --------------------------------------------------------------------------------------------- counts

def factory_counts(areas: pd.DataFrame, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Factories and developed factories per area (areas in file order)."""
    phase = areas["phase"].astype(int).to_numpy()
    prov = areas["province_code"].astype(str).to_numpy()
    counts, devs = np.zeros(len(areas), dtype=np.int64), np.zeros(len(areas), dtype=np.int64)
    p1 = np.flatnonzero(phase == 1)
    size = np.array([3.2 if prov[i] in BIG_PROVINCES else 1.8 if prov[i] in RING_PROVINCES else 1.0 for i in p1])
    one_subdistrict = np.array([len(c.split()) == 1 and len(c) == 6 for c in areas["admin_codes"].to_numpy()[p1]])
    size = size * np.where(one_subdistrict, 0.6, 1.0) * rng.lognormal(0.0, 0.15, len(p1))
    counts[p1] = allocate(PHASE1_FACTORIES, size, MAX_AREA_FACTORIES)
    share = rng.uniform(0.75, 1.25, len(p1)) * np.where(prov[p1] == "21", 1.3, 1.0)
    devs[p1] = allocate(PHASE1_DEVELOPED, counts[p1] * share, np.floor(counts[p1] * 0.8))
    for i in np.flatnonzero(phase != 1):
        lo, hi = PHASE_RANGE[int(phase[i])]
        counts[i] = rng.integers(lo, hi + 1)
        devs[i] = round(counts[i] * rng.uniform(*DEVELOPED_SHARE))
    return counts, devs


# --------------------------------------------------------------------------------------------- places

def _uniform_points(poly, n: int, rng: np.random.Generator) -> np.ndarray:
    minx, miny, maxx, maxy = poly.bounds
    out: list[np.ndarray] = []
    while sum(len(o) for o in out) < n:
        x, y = rng.uniform(minx, maxx, 4 * n + 16), rng.uniform(miny, maxy, 4 * n + 16)
        ok = shapely.contains_xy(poly, x, y)
        out.append(np.column_stack([x[ok], y[ok]]))
    return np.concatenate(out)[:n]


def sample_points(poly, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` (lon, lat) points, 5 decimals, inside ``poly``: clusters around 2-4 estate centres plus 15 % scatter."""
    shapely.prepare(poly)
    minx, miny, maxx, maxy = poly.bounds
    centres = _uniform_points(poly, int(rng.integers(2, 5)), rng)
    weights = rng.dirichlet(np.full(len(centres), 2.0))
    sigma = float(np.clip(math.sqrt(poly.area) * 0.08, 0.002, 0.015))
    out: list[tuple[float, float]] = []
    while len(out) < n:
        m = 2 * (n - len(out)) + 32
        which = rng.choice(len(centres), size=m, p=weights)
        scatter = rng.random(m) < 0.15
        x = np.where(scatter, rng.uniform(minx, maxx, m), centres[which, 0] + rng.normal(0, sigma, m))
        y = np.where(scatter, rng.uniform(miny, maxy, m), centres[which, 1] + rng.normal(0, sigma, m))
        x = np.array([float(f"{v:.5f}") for v in x])
        y = np.array([float(f"{v:.5f}") for v in y])
        ok = shapely.contains_xy(poly, x, y)
        out.extend(zip(x[ok].tolist(), y[ok].tolist()))
    return np.array(out[:n])


def admin_units(lon, lat, codes: list[str], boundaries: Boundaries) -> tuple[list[str], list[str]]:
    """District and subdistrict codes of each point, limited to the area's units; points on a coarse edge (in no
    unit) fall back to the enclosing district's first subdistrict, or to the area's first unit."""
    prefixes = tuple(codes)
    sub = boundaries.subdistrict.reset_index(drop=True)
    subs = sub[sub["code"].str.startswith(prefixes)].sort_values("code", kind="stable").reset_index(drop=True)
    dist = boundaries.district.reset_index(drop=True)
    dists = dist[dist["code"].str.startswith(tuple(c[:4] for c in codes))].sort_values("code", kind="stable")
    dists = dists.reset_index(drop=True)
    found_sub = locate_points(lon, lat, subs, "code")
    found_dist = locate_points(lon, lat, dists, "code")
    first_sub = {}
    for c in subs["code"]:
        first_sub.setdefault(c[:4], c)
    first = codes[0]
    fallback_sub = first if len(first) == 6 else first_sub.get(first[:4], first[:4] + "01")
    districts, subdistricts = [], []
    for s, d in zip(found_sub, found_dist):
        if s is None:
            s = first_sub[d] if d is not None and d in first_sub else fallback_sub
        districts.append(s[:4])
        subdistricts.append(s)
    return districts, subdistricts


# --------------------------------------------------------------------------------------------- factories

def _company_name(ind: Industry, factory_class: int, province: tuple[str, str], rng) -> tuple[str, str]:
    word_th, word_en = ind.words[int(rng.integers(len(ind.words)))]
    r = rng.random()
    foreign = 0.12 <= r < 0.27
    pool = FOREIGN if foreign else PREFIXES
    pre_th, pre_en = province if r < 0.12 else pool[int(rng.integers(len(pool)))]
    if foreign:
        form = int(rng.choice(2, p=(0.9, 0.1)))
    else:
        form = int(rng.choice(4, p=(0.72, 0.04, 0.12, 0.12) if factory_class == 3 else (0.35, 0.0, 0.35, 0.30)))
    suf_th, suf_en = SUFFIXES[int(rng.integers(len(SUFFIXES)))] if form != 3 else ("", "")
    core_th = pre_th + word_th + (f" {suf_th}" if suf_th else "")
    core_en = f"{pre_en} {word_en}" + (f" {suf_en}" if suf_en else "")
    if foreign:
        core_th, core_en = core_th + " (ประเทศไทย)", core_en + " (Thailand)"
    th, en = FORMS[form]
    return th.format(core_th), en.format(core_en)


def _mix(province_code: str) -> np.ndarray:
    boost = PROVINCE_MIX.get(province_code, {"food": FOOD_PROVINCE_BOOST})
    w = np.array([ind.weight * boost.get(ind.key, 1.0) for ind in INDUSTRIES])
    return w / w.sum()


def area_factories(area, n: int, n_dev: int, poly, boundaries: Boundaries, province: dict,
                   taken: set, rng: np.random.Generator) -> list[dict]:
    """The factories of one area (dicts with typed values plus private keys starting with '_')."""
    codes = str(area.admin_codes).split()
    pts = sample_points(poly, n, rng)
    districts, subdistricts = admin_units(pts[:, 0], pts[:, 1], codes, boundaries)
    prov = str(area.province_code)
    which = rng.choice(len(INDUSTRIES), size=n, p=_mix(prov))
    status = rng.choice(4, size=n, p=STATUS_P)
    dev_weight = np.array([0.0, 1.0, 0.3, 0.5])[status]
    developed = np.zeros(n, dtype=bool)
    developed[rng.choice(n, size=n_dev, replace=False, p=dev_weight / dev_weight.sum())] = True
    joined = max(int(area.year_joined), YEARS[0])
    rows = []
    for i in range(n):
        ind = INDUSTRIES[which[i]]
        cls = 3 if ind.key == "petrochemical" else int(rng.choice((1, 2, 3), p=CLASS_P))
        st = int(status[i])
        reg_year = int(rng.integers(2565, 2569)) if st == 0 else max(2515, 2561 - int(abs(rng.normal(0, 12))))
        sub = int(rng.choice(ind.subs)) if ind.subs and rng.random() < 0.6 else 0
        while True:
            running = int(rng.integers(1, 2000))
            key = (cls, ind.item, sub, running, reg_year % 100, prov)
            if key not in taken:
                taken.add(key)
                break
        prefix = "จ" if cls == 3 and rng.random() < 0.5 else ""
        item = f"{ind.item}({sub})" if sub else str(ind.item)
        reg_no = f"{prefix}{cls}-{item}-{running}/{reg_year % 100:02d}{province['abbr_th']}"
        name_th, name_en = _company_name(ind, cls, (province["name_th"], province["name_en"]), rng)
        if cls == 1:
            workers = int(rng.integers(2, 21))
        elif cls == 2:
            workers = int(rng.integers(8, 61))
        else:
            workers = int(np.clip(rng.lognormal(math.log(120 if ind.key == "petrochemical" else 70), 0.9), 15, 6000))
        dev = bool(developed[i])
        gi = int(rng.choice(6, p=GI_P[dev]))
        eco = int(rng.integers(2560, 2569)) if rng.random() < (0.3 if dev and gi >= 3 else 0.03 if gi >= 2 else 0) \
            else None
        csr = int(rng.integers(2555, 2569)) if rng.random() < (0.2 if dev else 0.05) else None
        dev_year = int(rng.integers(joined, YEARS[-1] + 1)) if dev else None
        rows.append({
            "registration_no": reg_no, "fid": f"{cls}{prov}{ind.item:03d}{sub}{running:05d}{reg_year % 100:02d}",
            "name_th": name_th, "name_en": name_en, "factory_class": cls, "category": item,
            "isic": ind.isic[int(rng.integers(len(ind.isic)))], "province_code": prov,
            "district_code": districts[i], "subdistrict_code": subdistricts[i], "area_id": area.area_id,
            "lat": pts[i, 1], "lon": pts[i, 0], "status": st, "workers": workers, "gi_level": gi,
            "eco_factory_year": eco, "csr_diw_year": csr, "developed": int(dev), "developed_year": dev_year,
            "data_as_of": DATA_AS_OF, "_reg_year": reg_year,
            "_closed_from": int(rng.integers(2563, 2569)) if st == 2 else None,
            "_suspended_from": int(rng.integers(2565, 2569)) if st == 3 else None,
        })
    return rows


def outside_factories(areas: pd.DataFrame, polygons, boundaries: Boundaries, provinces: pd.DataFrame, taken: set,
                      rng: np.random.Generator) -> list[dict]:
    """Factories of each area province placed in that province but outside every target area (area_id blank),
    none of them developed (the programme develops factories in its areas)."""
    from types import SimpleNamespace

    inside = shapely.union_all(polygons.geometry.to_numpy())
    rows: list[dict] = []
    for prov in sorted(str(c) for c in areas["province_code"].unique()):
        land = boundaries.province.loc[prov].geometry.difference(inside)
        if land.is_empty:
            continue
        n = int(rng.integers(OUTSIDE_PER_PROVINCE[0], OUTSIDE_PER_PROVINCE[1] + 1))
        place = SimpleNamespace(area_id="", admin_codes=prov, province_code=prov, year_joined=YEARS[0])
        rows += area_factories(place, n, 0, land, boundaries, provinces.loc[prov], taken, rng)
    return rows


def assign_owners(factories: list[dict], rng: np.random.Generator) -> None:
    """The registry's owner (ONAME) of each factory: a company or partnership owns itself; a factory with a trade
    name (โรงงาน…) belongs to an invented person, who owns one to three such factories of the same province."""
    by_province: dict[str, list[str]] = {}
    for f in factories:
        if not f["name_th"].startswith(TRADE_NAME):
            f["owner"] = f["name_th"]
            continue
        known = by_province.setdefault(f["province_code"], [])
        if known and rng.random() < 0.25:
            f["owner"] = known[int(rng.integers(len(known)))]
            continue
        title = TITLES[int(rng.integers(len(TITLES)))]
        first = FIRST_NAMES[title][int(rng.integers(len(FIRST_NAMES[title])))]
        f["owner"] = f"{title}{first} {SURNAMES[int(rng.integers(len(SURNAMES)))]}"
        known.append(f["owner"])


def factory_row(f: dict) -> list[str]:
    return [f["registration_no"], f["fid"], f["name_th"], f["name_en"], f["owner"], str(f["factory_class"]), f["category"],
            f["isic"], f["province_code"], f["district_code"], f["subdistrict_code"], f["area_id"],
            f"{f['lat']:.5f}", f"{f['lon']:.5f}", str(f["status"]), str(f["workers"]), str(f["gi_level"]),
            _year(f["eco_factory_year"]), _year(f["csr_diw_year"]), str(f["developed"]), _year(f["developed_year"]),
            f["data_as_of"]]


# --------------------------------------------------------------------------------------------- history, checklist

def history(factories: list[dict], rng: np.random.Generator) -> np.ndarray:
    """Compliance code (index into COMPLIANCE), inspections and complaints: array (factory, year, 3)."""
    n = len(factories)
    out = np.zeros((n, len(YEARS), 3), dtype=np.int64)
    reg = np.array([f["_reg_year"] for f in factories])
    closed = np.array([f["_closed_from"] or 9999 for f in factories])
    susp = np.array([f["_suspended_from"] or 9999 for f in factories])
    dev_year = np.array([f["developed_year"] or 9999 for f in factories])
    gi3 = np.array([f["gi_level"] >= 3 for f in factories])
    probs = {k: np.cumsum(v) for k, v in COMPLIANCE_P.items()}
    for k, year in enumerate(YEARS):
        good = (dev_year <= year).astype(int) + gi3.astype(int)
        kind = np.where(susp <= year, "suspended", np.array(["base", "good", "best"])[good])
        cum = np.stack([probs[x] for x in kind])
        comp = (rng.random(n)[:, None] > cum[:, :-1]).sum(axis=1)
        r = rng.random(n)
        insp = 1 + (r < 0.22) + (r < 0.05) + (comp == 2)
        p_complaint = np.array([0.02, 0.06, 0.2, 0.02])[comp]
        complaints = np.where(rng.random(n) < p_complaint, np.minimum(rng.geometric(0.6, n), 4), 0)
        absent = (year < reg) | (year >= closed)
        comp[absent] = 3
        insp = np.where(comp == 3, 0, np.minimum(insp, 3))
        complaints[absent] = 0
        out[:, k] = np.column_stack([comp, insp, complaints])
    return out


def checklist_rows(factories: list[dict], last_compliance: np.ndarray, item_ids: list[str],
                   rng: np.random.Generator) -> list[list[str]]:
    """The latest 2025 check of every item for every factory, consistent with the 2568 compliance."""
    na_p = np.array([ITEM_NA_P.get(i, DEFAULT_NA_P) for i in item_ids])
    span = (dt.date.fromisoformat(DATA_AS_OF) - CHECK_FROM).days
    rows = []
    for f, comp in zip(factories, last_compliance):
        applicable = rng.random(len(item_ids)) >= na_p
        applicable &= np.array([i not in CLASS_NA.get(f["factory_class"], ()) for i in item_ids])
        if not applicable.any():
            applicable[0] = True
        result = np.where(applicable, "pass", "na").astype(object)
        idx = np.flatnonzero(applicable)
        name = COMPLIANCE[comp]
        if name == "minor":
            result[idx[int(rng.integers(len(idx)))]] = "fail"
        elif name == "non_compliant":
            result[rng.choice(idx, size=min(len(idx), int(rng.integers(1, 4))), replace=False)] = "fail"
        elif name == "not_inspected":
            if f["_closed_from"] is not None and f["_closed_from"] <= YEARS[-1]:
                result[:] = "na"
            else:
                result[idx[rng.random(len(idx)) < 0.04]] = "fail"
        day = (CHECK_FROM + dt.timedelta(days=int(rng.integers(span + 1)))).isoformat()
        rows.extend([f["registration_no"], item, str(res), day] for item, res in zip(item_ids, result))
    return rows


# --------------------------------------------------------------------------------------------- the whole set

def meta(seed: int) -> dict:
    return {
        "demo": True, "seed": int(seed), "generator": GENERATOR, "data_as_of": DATA_AS_OF, "years": list(YEARS),
        "note_th": ("ข้อมูลสาธิตที่สร้างขึ้นแบบสุ่ม ไม่ใช่ข้อมูลจริงของกรมโรงงานอุตสาหกรรม ชื่อโรงงาน เลขทะเบียน พิกัด "
                    "และค่าตัวชี้วัดเป็นข้อมูลสมมติทั้งหมด มีเพียงจำนวนโรงงาน 4,494 แห่ง (พัฒนาแล้ว 1,760 แห่ง) ใน 18 "
                    "พื้นที่ระยะที่ 1 และจำนวนพื้นที่ในแต่ละระดับปี 2564 ที่ตรงกับตัวเลขที่เผยแพร่"),
        "note_en": ("Synthetic demo data, not DIW records: factory names, registration numbers, locations and "
                    "indicator values are invented. Only the totals of 4,494 factories (1,760 developed) in the 18 "
                    "phase-1 areas and the number of areas at each level in 2564 match published figures."),
    }


def generate(data_dir: Path = DEFAULT_DATA_DIR, seed: int = SEED) -> dict[str, str]:
    """The text of every demo file (name -> content), deterministic for ``seed`` and the input files."""
    data_dir = Path(data_dir)
    areas = registry.load_areas(data_dir)
    provinces = registry.load_provinces(data_dir).set_index("code")
    item_ids = registry.load_compliance_items(data_dir)["item_id"].tolist()
    criteria = current_criteria(data_dir)
    boundaries = load_boundaries(data_dir / "boundaries")
    polygons = area_polygons(areas, boundaries)
    r_counts, r_places, r_history, r_checks, r_levels, r_values, r_owners = np.random.default_rng(seed).spawn(7)

    counts, devs = factory_counts(areas, r_counts)
    factories: list[dict] = []
    taken: set = set()
    for i, area in enumerate(areas.itertuples(index=False)):
        province = provinces.loc[str(area.province_code)]
        factories += area_factories(area, int(counts[i]), int(devs[i]), polygons.geometry.iloc[i], boundaries,
                                    province, taken, r_places)
    r_outside = np.random.default_rng([int(seed), OUTSIDE_STREAM])
    outside = outside_factories(areas, polygons, boundaries, provinces, taken, r_outside)
    assign_owners(factories + outside, r_owners)
    # the area factories' history and checklist as before; those outside from their own stream
    hist = np.concatenate([history(factories, r_history), history(outside, r_outside)])
    checks = (checklist_rows(factories, hist[:len(factories), -1, 0], item_ids, r_checks)
              + checklist_rows(outside, hist[len(factories):, -1, 0], item_ids, r_outside))
    factories = factories + outside
    history_rows = [[f["registration_no"], str(year), COMPLIANCE[hist[i, k, 0]], str(hist[i, k, 1]),
                     str(hist[i, k, 2])] for i, f in enumerate(factories) for k, year in enumerate(YEARS)]
    plan = plan_levels(areas, r_levels)
    return {
        "meta.json": json.dumps(meta(seed), ensure_ascii=False, indent=2) + "\n",
        "factories.csv": csv_text(FACTORY_COLUMNS, [factory_row(f) for f in factories]),
        "factory_history.csv": csv_text(HISTORY_COLUMNS, history_rows),
        "factory_checklist.csv": csv_text(CHECKLIST_COLUMNS, checks),
        "assessments.csv": csv_text(ASSESSMENT_COLUMNS, assessment_rows(areas, plan, criteria, r_values)),
    }


def write_demo(out_dir: Path, data_dir: Path = DEFAULT_DATA_DIR, seed: int = SEED) -> list[Path]:
    """Generate the demo set and write it to ``out_dir`` (UTF-8, LF line ends); returns the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    files = generate(data_dir, seed)
    files.update(generate_symbiosis(files, data_dir, seed))     # the symbiosis demo (demo/symbiosis.py)
    for name, text in files.items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written
