"""Candidate exchanges: from the material-flow records, potential exchanges that do not exist yet.

An *output* flow of one party (a by-product, waste, water or energy it gives off) matches an *input* or an
*accepts* flow (a material it can take) of another party when both carry the same waste code (six digits; the
``HA`` suffix does not matter), or else the same material class, and the two parties are at most
``match_max_km`` apart (``data/symbiosis/settings.csv``). Pairs of parties that already have an exchange of the
same waste code or material class (in either direction) are left out. Each candidate says why it matched.

Ranking: ``score = matched quantity / (1 + distance / match_distance_scale_km)``, the matched quantity being the
smaller of the two per-year quantities in the base unit of their dimension (t, m³, MWh; the two must share a
dimension, else the output's quantity is used); a waste-code match ranks before a class match of the same score.
At most ``match_per_output`` receivers are kept for one output.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from symbiosis.codes import code_digits
from symbiosis.register import Register, all_parties, distance_km, in_base_units, per_year_quantity

CANDIDATE_COLUMNS = ["from_party", "to_party", "from_area_id", "to_area_id", "category", "material_class",
                     "waste_code", "material_th", "material_en", "receiver_material_th", "receiver_direction",
                     "quantity", "unit", "dimension", "distance_km", "match", "score", "reason_th", "reason_en"]
#: Output flow classes that can be given to another party (a product is sold, an emission is not collected).
GIVEN = ("by_product", "waste", "water", "energy")
BASE_UNIT = {"mass": "t", "volume": "m³", "energy": "MWh", "steam": "t steam", "service": "service"}
#: The unit code (units.csv) of each dimension's base unit: a promoted candidate's quantity is in it.
BASE_UNIT_CODE = {"mass": "t", "volume": "m3", "energy": "MWh", "steam": "t_steam", "service": "service"}


def _side(flows: pd.DataFrame, parties: pd.DataFrame, reg: Register) -> pd.DataFrame:
    base, dim = in_base_units(per_year_quantity(flows, reg.vocab), flows["unit"], reg.vocab)
    p = parties.set_index("party_id")
    return pd.DataFrame({
        "party_id": flows["party_id"].to_numpy(), "direction": flows["direction"].to_numpy(),
        "category": flows["flow_class"].map(reg.vocab.group_of("flow_class")).to_numpy(),
        "material_class": flows["material_class"].fillna("").to_numpy(),
        "digits": flows["waste_code"].fillna("").map(code_digits).to_numpy(),
        "waste_code": flows["waste_code"].fillna("").to_numpy(),
        "material_th": flows["material_th"].to_numpy(), "material_en": flows["material_en"].fillna("").to_numpy(),
        "qty": base.to_numpy(dtype=float), "dim": dim.to_numpy(),
        "area_id": flows["party_id"].map(p["area_id"]).to_numpy(),
        "lat": flows["party_id"].map(p["lat"]).to_numpy(dtype=float),
        "lon": flows["party_id"].map(p["lon"]).to_numpy(dtype=float),
    })


def _pairs(out: pd.DataFrame, inp: pd.DataFrame, key: str) -> pd.DataFrame:
    o, i = out[out[key] != ""], inp[inp[key] != ""]
    if o.empty or i.empty:
        return pd.DataFrame()
    m = o.merge(i, on=key, suffixes=("_o", "_i"))
    m = m[m["party_id_o"] != m["party_id_i"]]
    if key == "digits":
        m = m.rename(columns={"material_class_o": "material_class"}).drop(columns=["material_class_i"])
    else:
        m = m.rename(columns={"digits_o": "digits"}).drop(columns=["digits_i"])
    return m.assign(match="waste_code" if key == "digits" else "material_class")


def candidates(reg: Register, factories: pd.DataFrame, year: int, area_id: str | None = None,
               max_km: float | None = None) -> pd.DataFrame:
    """Ranked candidate exchanges of Buddhist-era ``year`` (columns :data:`CANDIDATE_COLUMNS`, best first).
    ``area_id`` keeps the candidates whose giving party is in that area (receivers may be anywhere within
    reach); ``max_km`` overrides the setting."""
    s = reg.vocab.settings
    max_km = float(s["match_max_km"] if max_km is None else max_km)
    flows = reg.flows[pd.to_numeric(reg.flows["year"]) == int(year)]
    parties = all_parties(reg.parties, factories).drop_duplicates("party_id")
    side = _side(flows.reset_index(drop=True), parties, reg)
    out = side[(side["direction"] == "output") & flows["flow_class"].isin(GIVEN).to_numpy()]
    if area_id is not None:
        out = out[out["area_id"] == area_id]
    inp = side[side["direction"].isin(("input", "accepts"))]
    by_code = _pairs(out, inp, "digits")
    by_class = _pairs(out, inp, "material_class")
    m = pd.concat([x for x in (by_code, by_class) if len(x)], ignore_index=True) if len(by_code) or len(
        by_class) else pd.DataFrame()
    if m.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    m["distance_km"] = distance_km(m["lat_o"], m["lon_o"], m["lat_i"], m["lon_i"])
    m = m[m["distance_km"] <= max_km]
    # one candidate per (giver, receiver, material): the waste-code match wins over the class match
    m = m.assign(_rank=(m["match"] != "waste_code").astype(int)).sort_values("_rank", kind="stable")
    m = m.drop_duplicates(["party_id_o", "party_id_i", "material_th_o"])
    m = m[~_existing_pairs(m, reg)]
    if m.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    same_dim = m["dim_o"] == m["dim_i"]
    m["quantity"] = np.where(same_dim, np.fmin(m["qty_o"], m["qty_i"]), m["qty_o"])
    m["score"] = m["quantity"].fillna(0.0) / (1.0 + m["distance_km"] / float(s["match_distance_scale_km"]))
    m = m.sort_values(["score", "_rank", "distance_km", "party_id_o", "party_id_i"],
                      ascending=[False, True, True, True, True], kind="stable")
    m = m.groupby(["party_id_o", "material_th_o"], sort=False).head(int(s["match_per_output"]))
    return _present(m, reg).reset_index(drop=True)


def _existing_pairs(m: pd.DataFrame, reg: Register) -> np.ndarray:
    """Whether each pair already has an exchange (either direction) of the same waste code or material class."""
    ex = reg.exchanges
    if ex.empty:
        return np.zeros(len(m), dtype=bool)
    a, b = ex["from_party"].astype(str), ex["to_party"].astype(str)
    digits = ex["waste_code"].fillna("").map(code_digits)
    cls = ex["material_class"].fillna("")
    known = set()
    for x, y, d, c in zip(a, b, digits, cls):
        for pair in ((x, y), (y, x)):
            if d:
                known.add((*pair, "d", d))
            if c:
                known.add((*pair, "c", c))
    return np.array([(o, i, "d", d) in known or (o, i, "c", c) in known
                     for o, i, d, c in zip(m["party_id_o"], m["party_id_i"], m["digits"], m["material_class"])],
                    dtype=bool)


def _present(m: pd.DataFrame, reg: Register) -> pd.DataFrame:
    vocab = reg.vocab
    unit = m["dim_o"].map(BASE_UNIT).fillna("")
    qty = m["quantity"].map(lambda q: "–" if pd.isna(q) else f"{q:,.0f}")
    km = m["distance_km"].map(lambda d: f"{d:,.1f}")
    code = m["waste_code_o"].where(m["waste_code_o"] != "", m["waste_code_i"])
    cls_th = m["material_class"].map(vocab.labels("material_class", "th")).fillna(m["material_class"])
    cls_en = m["material_class"].map(vocab.labels("material_class", "en")).fillna(m["material_class"])
    by_code = (m["match"] == "waste_code").to_numpy()
    what_th = np.where(by_code, "รหัสของเสียเดียวกัน " + code, "วัสดุประเภทเดียวกัน (" + cls_th + ")")
    what_en = np.where(by_code, "same waste code " + code, "same material class (" + cls_en + ")")
    recv_th = m["direction_i"].map({"input": "ใช้เป็นวัตถุดิบ", "accepts": "รับวัสดุนี้ได้"})
    recv_en = m["direction_i"].map({"input": "uses it as an input", "accepts": "accepts this material"})
    return pd.DataFrame({
        "from_party": m["party_id_o"], "to_party": m["party_id_i"], "from_area_id": m["area_id_o"],
        "to_area_id": m["area_id_i"], "category": m["category_o"], "material_class": m["material_class"],
        "waste_code": code,
        "material_th": m["material_th_o"], "material_en": m["material_en_o"],
        "receiver_material_th": m["material_th_i"], "receiver_direction": m["direction_i"],
        "quantity": m["quantity"], "unit": m["dim_o"].map(BASE_UNIT_CODE), "dimension": m["dim_o"],
        "distance_km": m["distance_km"], "match": m["match"],
        "score": m["score"],
        "reason_th": what_th + "; ผู้รับ" + recv_th + "; ห่างกัน " + km + " กม.; ปริมาณที่จับคู่ได้ " + qty + " " + unit
        + "/ปี",
        "reason_en": what_en + "; the receiver " + recv_en + "; " + km + " km apart; matched quantity " + qty + " "
        + unit + "/year",
    }, columns=CANDIDATE_COLUMNS)
