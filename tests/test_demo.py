"""The committed demo data (data/demo): reproducible, consistent with the published facts, loadable, and the
loaders reject broken copies with row/column messages."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from common.errors import DataError
from demo.generate import FILES, SEED, generate
from geo.boundaries import area_polygons, load_boundaries
from programme import records, registry
from programme.criteria import criteria_file
from scoring.criteria import load_criteria
from scoring.levels import area_levels
from scoring.scores import evaluate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
DEMO = DATA / "demo"
REG_RE = re.compile(r"^(จ)?([1-3])-(\d{1,3})(?:\((\d{1,2})\))?-(\d{1,5})/(\d{2})([\u0E01-\u0E4E]{1,4})$")
ISIC_PREFIX = {"9": ("10",), "53": ("2220",), "42": ("2011",), "64": ("2599",), "59": ("2610", "2930"),
               "44": ("2011",), "105": ("3830",)}


@pytest.fixture(scope="module")
def areas() -> pd.DataFrame:
    return registry.load_areas(DATA)


@pytest.fixture(scope="module")
def factories() -> pd.DataFrame:
    return records.load_factories(DATA)


@pytest.fixture(scope="module")
def levels(areas) -> pd.DataFrame:
    """Levels computed from the stored indicator values with the scoring package (not read from a column)."""
    criteria = load_criteria(criteria_file(DATA))
    lv = area_levels(evaluate(records.load_assessments(DATA), criteria))
    return lv.merge(areas[["area_id", "phase", "province_code", "year_joined"]], on="area_id", validate="m:1")


# --------------------------------------------------------------------------------------------- reproducible

def test_regenerating_with_the_seed_gives_identical_bytes(tmp_path):
    """The script, run from the repo root as documented, reproduces data/demo byte for byte, well within a minute."""
    out = tmp_path / "demo"
    start = time.perf_counter()
    subprocess.run([sys.executable, "scripts/make_demo_data.py", "--seed", str(SEED), "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    assert time.perf_counter() - start < 60
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (out / name).read_bytes() == (DEMO / name).read_bytes(), f"{name} differs from data/demo"


def test_another_seed_changes_the_data_but_keeps_the_published_totals():
    files = generate(DATA, seed=1)
    assert files["factories.csv"] != (DEMO / "factories.csv").read_text(encoding="utf-8")
    f = pd.read_csv(io.StringIO(files["factories.csv"]), dtype=str, keep_default_na=False)
    phase1 = set(registry.load_areas(DATA).query("phase == 1")["area_id"])
    in1 = f[f["area_id"].isin(phase1)]
    assert len(in1) == 4494 and (in1["developed"] == "1").sum() == 1760
    assert json.loads(files["meta.json"])["seed"] == 1


def test_meta():
    meta = records.load_meta(DATA)
    assert meta["demo"] is True and meta["seed"] == SEED and meta["generator"] == "scripts/make_demo_data.py"
    assert meta["data_as_of"] == "2025-09-30" and meta["years"] == list(range(2562, 2569))
    assert meta["note_th"] and meta["note_en"]


# --------------------------------------------------------------------------------------------- published facts

def test_2564_levels_of_phase1_match_publication(levels):
    p1 = levels[(levels["phase"] == 1) & (levels["year"] == 2564)]
    assert len(p1) == 18
    assert p1["level"].value_counts().to_dict() == {4: 4, 3: 5, 2: 9}
    rayong = levels[(levels["province_code"] == "21") & (levels["phase"] == 1)]
    assert rayong["area_id"].nunique() == 2
    assert (rayong.query("year in (2562, 2564)")["level"] == 4).all()


def test_nakhon_ratchasima_level_3_in_2564_and_4_in_2565(levels):
    nma = levels[(levels["province_code"] == "30") & (levels["phase"] == 1)].set_index("year")["level"]
    assert nma[2564] == 3 and nma[2565] == 4


def test_levels_mostly_rise_and_a_few_reach_5(levels):
    p1 = levels[levels["phase"] == 1]
    assert 3 <= (p1[p1["year"] == 2568]["level"] == 5).sum() <= 5
    wide = levels.pivot(index="area_id", columns="year", values="level")
    change = wide.diff(axis=1).stack()
    drops = change[change < 0]
    assert len(drops) <= 2 and (drops == -1).all()
    assert wide.notna().sum().sum() == len(levels)
    later = levels[levels["phase"] > 1]
    first = later.loc[later.groupby("area_id")["year"].idxmin()]
    assert set(first["level"]) <= {1, 2} and (first["year"] == first["year_joined"]).all()
    assert levels["level"].min() >= 1


def test_every_area_year_has_every_indicator_and_missing_only_above_next_level(areas, levels):
    a = records.load_assessments(DATA)
    criteria = load_criteria(criteria_file(DATA))
    expected = sum(2568 - max(int(y), 2562) + 1 for y in areas["year_joined"]) * len(criteria.table)
    assert len(a) == expected
    assert set(a["criteria_version"]) == {criteria.version}
    lvl = dict(zip(criteria.table["indicator_id"], criteria.table["level"]))
    missing = a[a["value"].isna()].merge(levels[["area_id", "year", "level"]], on=["area_id", "year"])
    assert len(missing) > 0
    assert (missing["indicator_id"].map(lvl) > missing["level"] + 1).all()
    binary = set(criteria.table.loc[criteria.table["metric_type"] == "binary", "indicator_id"])
    assert set(a.loc[a["indicator_id"].isin(binary), "value"].dropna()) <= {0.0, 1.0}


# --------------------------------------------------------------------------------------------- factories

def test_factory_counts(areas, factories):
    g = factories.groupby("area_id").agg(n=("registration_no", "size"), dev=("developed", "sum"))
    g = g.join(areas.set_index("area_id")["phase"], how="right")
    assert g["n"].notna().all(), "every area has factories"
    p1 = g[g["phase"] == 1]
    assert p1["n"].sum() == 4494 and p1["dev"].sum() == 1760 and p1["n"].max() <= 650
    p2, p3 = g[g["phase"] == 2], g[g["phase"] == 3]
    assert p2["n"].between(60, 250).all() and p3["n"].between(30, 150).all()
    rest = g[g["phase"] > 1]
    assert ((rest["dev"] >= np.floor(rest["n"] * 0.10)) & (rest["dev"] <= np.ceil(rest["n"] * 0.35))).all()


def test_every_factory_lies_inside_its_area_polygon(areas, factories):
    polygons = area_polygons(areas, load_boundaries(DATA / "boundaries")).set_index("area_id")
    for area_id, group in factories.groupby("area_id"):
        inside = shapely.contains_xy(polygons.geometry[area_id], group["lon"].to_numpy(), group["lat"].to_numpy())
        assert inside.all(), f"{(~inside).sum()} factories of {area_id} lie outside its polygon"
    assert factories["lat"].map(lambda v: f"{v:.5f}" == f"{round(v, 5):.5f}").all()


def test_factory_codes_and_admin_units(areas, factories):
    prov = dict(zip(areas["area_id"], areas["province_code"]))
    in_areas = factories[factories["area_id"].notna()]                  # (outside every area: a test below)
    assert (in_areas["province_code"] == in_areas["area_id"].map(prov)).all()
    lookup = registry.load_admin_lookup(DATA)
    subs = set(lookup.loc[lookup["level"] == "subdistrict", "code"])
    assert factories["subdistrict_code"].isin(subs).all()
    assert (factories["subdistrict_code"].str[:4] == factories["district_code"]).all()
    assert (factories["subdistrict_code"].str[:2] == factories["province_code"]).all()
    codes = dict(zip(areas["area_id"], areas["admin_codes"].str.split()))
    assert all(any(s.startswith(c) for c in codes[a]) for a, s in zip(in_areas["area_id"],
                                                                       in_areas["subdistrict_code"]))


def test_registration_numbers_and_ids(factories):
    m = factories["registration_no"].str.extract(REG_RE)
    assert m.notna().any(axis=1).all() and m[1].notna().all(), "every registration number matches the format"
    assert factories["registration_no"].is_unique
    assert factories["fid"].str.fullmatch(r"\d{14}").all() and factories["fid"].is_unique
    abbr = dict(zip(registry.load_provinces(DATA)["code"], registry.load_provinces(DATA)["abbr_th"]))
    assert (m[6] == factories["province_code"].map(abbr)).all()
    assert (m[1].astype(int) == factories["factory_class"]).all()
    assert m[0].notna().any() and m[3].notna().any(), "both the จ prefix and sub-items occur"
    item = factories["category"].str.extract(r"^(\d+)")[0]
    assert (item == m[2]).all()
    assert all(isic.startswith(ISIC_PREFIX[i]) for i, isic in zip(item, factories["isic"]))


def test_factory_fields_are_plausible(factories):
    assert factories["status"].isin([0, 1, 2, 3]).all() and (factories["status"] == 1).mean() > 0.7
    assert factories["gi_level"].between(0, 5).all()
    assert factories["name_th"].str.contains(r"^(?:บริษัท .+ จำกัด|ห้างหุ้นส่วนจำกัด |โรงงาน)").all()
    assert factories["name_en"].str.fullmatch(r"[A-Za-z0-9 .,()-]+").all()
    dev = factories[factories["developed"]]
    assert dev["developed_year"].between(2562, 2568).all()
    assert factories.loc[~factories["developed"], "developed_year"].isna().all()
    for col in ("eco_factory_year", "csr_diw_year"):
        assert factories[col].dropna().between(2500, 2568).all() and factories[col].notna().any()


def test_history_and_checklist_are_consistent(factories):
    hist = records.load_factory_history(DATA)
    checks = records.load_factory_checklist(DATA)
    records.check_factory_references(factories, hist, checks)
    assert len(hist) == 7 * len(factories)
    assert (hist.groupby("registration_no")["year"].apply(tuple) == tuple(range(2562, 2569))).all()
    assert (hist["compliance"].value_counts(normalize=True).idxmax()) == "compliant"
    assert hist["inspections"].between(0, 3).all() and hist["complaints"].between(0, 4).all()
    assert (hist["complaints"] > 0).mean() < 0.1
    assert (hist.loc[hist["compliance"] == "not_inspected", "inspections"] == 0).all()
    items = registry.load_compliance_items(DATA)["item_id"]
    assert len(checks) == len(factories) * len(items)
    assert checks["checked_on"].str.startswith("2025-").all() and checks["checked_on"].max() <= "2025-09-30"
    fails = checks.assign(f=checks["result"] == "fail").groupby("registration_no")["f"].sum()
    last = hist[hist["year"] == 2568].set_index("registration_no")["compliance"]
    assert (fails[last[last == "non_compliant"].index] >= 1).all()
    assert (fails[last[last == "compliant"].index] == 0).all()
    # developed and GI >= 3 factories comply more often
    merged = hist.merge(factories[["registration_no", "developed", "gi_level"]], on="registration_no")
    inspected = merged[merged["compliance"] != "not_inspected"]
    good = inspected["developed"] | (inspected["gi_level"] >= 3)
    rate = inspected.groupby(good)["compliance"].apply(lambda s: (s == "compliant").mean())
    assert rate[True] > rate[False]


def test_the_dataset_loader_accepts_the_demo():
    from programme.dataset import load_dataset
    ds = load_dataset(DATA)
    assert ds.is_demo and len(ds.factories) > 4494


# --------------------------------------------------------------------------------------------- bad copies

def _bad_copy(tmp_path: Path, name: str, edit) -> Path:
    """A copy of data/demo where ``edit(rows)`` changed the rows (header first) of ``name``."""
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    with open(folder / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    with open(folder / name, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return folder


def _col(rows, name):
    return rows[0].index(name)


def test_loader_rejects_a_duplicate_registration_no(tmp_path):
    def edit(rows):
        rows[5][0] = rows[2][0]
    folder = _bad_copy(tmp_path, "factories.csv", edit)
    with pytest.raises(DataError) as err:
        records.load_factories(DATA, folder=folder)
    e = err.value
    assert (e.row, e.column) == (5, "registration_no")
    assert "row 5" in str(e) and "registration_no" in str(e) and "duplicate" in str(e) and "ซ้ำ" in str(e)
    assert "row 2" in str(e)


def test_loader_rejects_swapped_coordinates(tmp_path):
    def edit(rows):
        la, lo = _col(rows, "lat"), _col(rows, "lon")
        rows[3][la], rows[3][lo] = rows[3][lo], rows[3][la]
    folder = _bad_copy(tmp_path, "factories.csv", edit)
    with pytest.raises(DataError) as err:
        records.load_factories(DATA, folder=folder)
    e = err.value
    assert (e.row, e.column) == (3, "lat")
    assert "swapped" in str(e) and "สลับ" in str(e) and "factories.csv" in str(e)


def test_loader_rejects_a_point_outside_thailand(tmp_path):
    def edit(rows):
        rows[7][_col(rows, "lon")] = "110.12345"
    folder = _bad_copy(tmp_path, "factories.csv", edit)
    with pytest.raises(DataError, match=r"row 7.*column lon.*outside Thailand"):
        records.load_factories(DATA, folder=folder)


@pytest.mark.parametrize("name, column, row, value", [
    ("assessments.csv", "year", 4, "2021"),
    ("factory_history.csv", "year", 9, "2020"),
    ("factories.csv", "developed_year", None, "2022"),
])
def test_loaders_reject_christian_era_years(tmp_path, name, column, row, value):
    def edit(rows):
        c = _col(rows, column)
        r = row if row is not None else next(i for i, x in enumerate(rows) if i and x[c])
        edit.row = r
        rows[r][c] = value
    folder = _bad_copy(tmp_path, name, edit)
    loader = {"assessments.csv": records.load_assessments, "factory_history.csv": records.load_factory_history,
              "factories.csv": records.load_factories}[name]
    with pytest.raises(DataError) as err:
        loader(DATA, folder=folder)
    e = err.value
    assert (e.row, e.column, e.value) == (edit.row, column, value)
    assert "Christian-era" in str(e) and str(int(value) + 543) in str(e) and "พ.ศ." in str(e)


@pytest.mark.parametrize("column, value, message", [
    ("status", "7", "FFLAG"),
    ("gi_level", "6", "between 0 and 5"),
    ("developed", "yes", "0 or 1"),
    ("fid", "12345", "14 digits"),
])
def test_loader_rejects_bad_factory_fields(tmp_path, column, value, message):
    def edit(rows):
        rows[10][_col(rows, column)] = value
    folder = _bad_copy(tmp_path, "factories.csv", edit)
    with pytest.raises(DataError) as err:
        records.load_factories(DATA, folder=folder)
    assert (err.value.row, err.value.column) == (10, column)
    assert message in str(err.value)


def test_loader_rejects_a_buddhist_era_checklist_date_and_bad_meta(tmp_path):
    def edit(rows):
        rows[12][3] = "2568-03-01"
    folder = _bad_copy(tmp_path, "factory_checklist.csv", edit)
    with pytest.raises(DataError, match=r"row 12.*checked_on.*Christian era.*2025"):
        records.load_factory_checklist(DATA, folder=folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["years"] = [2019, 2020]
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(DataError, match="Christian-era year; write 2562"):
        records.load_meta(DATA, folder=folder)


# --------------------------------------------------------------------------------------------- symbiosis

@pytest.fixture(scope="module")
def symbiosis_demo():
    from demo.symbiosis import demo_frames
    from programme.symbiosis import load_vocabulary
    from symbiosis.register import Register
    fr = demo_frames(DATA, records.load_factories(DATA))          # checked exactly as an import
    return Register(fr["parties"], fr["flows"], fr["exchanges"], fr["history"], load_vocabulary(DATA))


def test_symbiosis_flows_cover_the_developed_phase1_factories(areas, factories, symbiosis_demo):
    phase1 = set(areas.loc[areas["phase"] == 1, "area_id"])
    developed = set(factories.loc[factories["developed"] & factories["area_id"].isin(phase1), "registration_no"])
    flows = symbiosis_demo.flows
    givers = set(flows["party_id"]) - set(symbiosis_demo.parties["party_id"])
    assert givers == developed and len(developed) == 1760
    assert (flows["year"] == 2568).all() and (flows["quantity"] > 0).all()
    kinds = set(symbiosis_demo.parties["kind"])
    assert {"community_enterprise", "community", "farm", "processor", "recycler", "utility_water"} <= kinds


def test_symbiosis_exchanges_agree_with_each_areas_level(levels, symbiosis_demo, factories):
    from symbiosis.kpis import area_kpis
    kpis = {int(y): area_kpis(symbiosis_demo, factories, int(y)) for y in sorted(levels["year"].unique())}
    checked = {"4 or 5": 0, "2": 0, "1 or 0": 0}
    for area_id, lv in levels.groupby("area_id"):
        lv = lv.sort_values("year").set_index("year")["level"]
        latest = kpis[int(lv.index[-1])]
        row = latest.loc[area_id] if area_id in latest.index else None
        if lv.iloc[-1] >= 4:                                   # operating exchanges, three at least
            assert row["n_operating"] >= 3, area_id
            first4 = int(lv[lv >= 4].index[0])                 # ... from the year the area reached level 4
            assert kpis[first4].loc[area_id, "n_operating"] >= 3, (area_id, first4)
            checked["4 or 5"] += 1
        elif lv.iloc[-1] == 2:                                 # identified or under feasibility study only
            assert row is None or row["n_operating"] + row["n_planned"] == 0, area_id
            assert row is None or row["n_identified"] + row["n_feasibility"] >= 1, area_id
            checked["2"] += 1
        elif lv.iloc[-1] <= 1:
            assert row is None or row["n_exchanges"] == 0, area_id
            checked["1 or 0"] += 1
    assert all(checked.values()), checked                      # each rule met by at least one area, none vacuous


def test_symbiosis_magnitudes_are_plausible(symbiosis_demo):
    ex = symbiosis_demo.exchanges
    tonnes = ex.loc[ex["unit"] == "t", "quantity"]
    assert tonnes.between(0.5, 100_000).all() and 50 < tonnes.median() < 5_000         # a small shop to a refinery
    assert ex["co2e_avoided_t"].fillna(0).le(ex["quantity"].fillna(0) * 2.01).all()   # at most 2 t CO2e per unit
    assert set(ex["visibility"]) == {"public", "area", "restricted"} and (ex["visibility"] == "public").mean() > 0.6
    assert set(ex["category"]) >= {"waste", "water", "energy", "material"}


def test_the_registry_has_factories_outside_every_area(areas, factories):
    """The factory layer's "outside the areas" filter has something to show: factories in each area province,
    in that province and outside every area polygon, none developed by the programme."""
    boundaries = load_boundaries(DATA / "boundaries")
    outside = factories[factories["area_id"].isna()]
    assert len(outside) >= 4 * areas["province_code"].nunique()
    assert set(outside["province_code"]) == set(areas["province_code"])
    every_area = shapely.union_all(area_polygons(areas, boundaries).geometry.to_numpy())
    lon, lat = outside["lon"].to_numpy(), outside["lat"].to_numpy()
    assert not shapely.contains_xy(every_area, lon, lat).any()
    for code, group in outside.groupby("province_code"):
        assert shapely.contains_xy(boundaries.province.loc[code].geometry, group["lon"].to_numpy(),
                                   group["lat"].to_numpy()).all(), code
    assert not outside["developed"].any()


def test_no_exchange_is_dated_after_the_data(symbiosis_demo):
    as_of = json.loads((DEMO / "meta.json").read_text(encoding="utf-8"))["data_as_of"]
    ex = pd.read_csv(DEMO / "symbiosis_exchanges.csv", dtype=str)
    dates = pd.concat([ex[c].dropna() for c in ex.columns if c.endswith("_on")])
    assert len(dates) and dates.max() <= as_of
    assert symbiosis_demo.history["changed_on"].astype(str).str[:10].max() <= as_of
