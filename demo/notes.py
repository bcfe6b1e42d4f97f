"""Demo problems and recommendations, derived from the indicators that block each area's next level."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from scoring.levels import blocking_indicators
from scoring.summary import build_model


def demo_notes(assessments: pd.DataFrame, criteria, year: int, as_of: dt.datetime) -> list[dict]:
    """Demo notes for ``year``: for each assessed area, the problems name the indicators that block its next
    level and the recommendation follows from them. Deterministic; shown only with the demo banner."""
    model = build_model(assessments, criteria)
    names = criteria.table.set_index("indicator_id")["indicator_th"]
    out = []
    for _, row in model.levels.loc[model.levels["year"] == year].iterrows():
        ev = model.evaluated
        one = ev.loc[(ev["area_id"] == row["area_id"]) & (ev["year"] == year)]
        block = blocking_indicators(one, int(row["level"])).head(2)
        if block.empty:
            continue
        items = "; ".join(f"{i} {names[i]}" for i in block["indicator_id"])
        out.append(dict(area_id=row["area_id"], year=int(year),
                        problems=f"(ข้อมูลสาธิต) ตัวชี้วัดที่ยังไม่ผ่าน: {items}",
                        recommendations="(ข้อมูลสาธิต) คณะทำงานพื้นที่จัดทำแผนปรับปรุงตัวชี้วัดข้างต้น "
                                        "และรายงานความก้าวหน้าในการประชุมครั้งถัดไป",
                        updated_by="demo-staff", updated_at=as_of))
    return out
