"""A large synthetic factory registry in the Ministry of Industry open-data format (Factory_Data), for the import
benchmark: deterministic, plausible registration numbers, coordinates spread over the provinces."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import shapely

from geo.boundaries import load_boundaries
from programme.registry import load_provinces

COLUMNS = ["FACREG", "DISPFACREG", "FID", "FACTYPE", "FNAME", "ONAME", "OBJECT", "FADDR", "FMOO", "FSOI", "FROAD",
           "FTUMNAME", "FAMPNAME", "FPROVNAME", "TOTAL_CAP", "TOTAL_WORKER", "HP", "LAT", "LNG", "ISIC_CODE",
           "ESTATE", "ESTATE_NAME_TH", "LAST_UPDATE", "FFLAG"]


def _owner(i: int) -> str:
    """ONAME: a person for every third factory (one person owns a few), the company itself for the others."""
    return f"นายทดสอบ เจ้าของที่ {i // 9 + 1}" if i % 3 == 0 else f"บริษัท ทดสอบอุตสาหกรรม {i + 1} จำกัด"


def moi_csv(n: int, data_dir: Path, seed: int = 150) -> bytes:
    rng = np.random.default_rng(seed)
    provinces = load_provinces(data_dir)
    boundaries = load_boundaries(data_dir / "boundaries")
    prov = boundaries.province.loc[provinces["code"]]
    centres = shapely.point_on_surface(prov.geometry.to_numpy())
    pick = rng.integers(0, len(prov), n)
    lat = np.round(shapely.get_y(centres)[pick] + rng.normal(0, 0.05, n), 5)
    lon = np.round(shapely.get_x(centres)[pick] + rng.normal(0, 0.05, n), 5)
    codes = provinces["code"].to_numpy()[pick]
    abbr = provinces["abbr_th"].to_numpy()[pick]
    names = provinces["name_th"].to_numpy()[pick]
    cls = rng.integers(1, 4, n)
    cat = rng.choice([9, 42, 53, 59, 64, 105], n)
    year = rng.integers(30, 68, n)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(COLUMNS)
    for i in range(n):
        fid = f"{cls[i]}{codes[i]}{cat[i]:03d}{i:08d}"[:14].ljust(14, "0")
        w.writerow([fid, f"{cls[i]}-{cat[i]}-{i + 1}/{year[i]:02d}{abbr[i]}", fid, f"{cls[i]}-{cat[i]}",
                    f"บริษัท ทดสอบอุตสาหกรรม {i + 1} จำกัด", _owner(i), "", "", "", "", "", "", "", names[i], "1000000",
                    str(int(rng.integers(1, 500))), "100", f"{lat[i]:.5f}", f"{lon[i]:.5f}", "10799", "", "",
                    "2568-09-30", "1"])
    return out.getvalue().encode("utf-8")
