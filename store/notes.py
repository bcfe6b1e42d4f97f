"""Problems and recommendations (ปัญหา อุปสรรค และข้อเสนอแนะ) recorded per area and year by staff."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from store.schema import area_notes

COLUMNS = ["area_id", "year", "problems", "recommendations", "updated_by", "updated_at"]
MAX_CHARS = 4000


def save_note(conn: Connection, area_id: str, year: int, problems: str, recommendations: str, username: str) -> None:
    """Insert or replace the note of (area_id, year)."""
    problems, recommendations = (problems or "").strip(), (recommendations or "").strip()
    if len(problems) > MAX_CHARS or len(recommendations) > MAX_CHARS:
        raise ValueError(f"a note is limited to {MAX_CHARS} characters / บันทึกยาวได้ไม่เกิน {MAX_CHARS} ตัวอักษร")
    if not (username or "").strip():
        raise ValueError("a user name is required / ต้องระบุผู้ใช้")
    values = dict(problems=problems, recommendations=recommendations, updated_by=username,
                  updated_at=dt.datetime.now(dt.timezone.utc))
    where = (area_notes.c.area_id == area_id) & (area_notes.c.year == int(year))
    if conn.execute(sa.select(area_notes.c.area_id).where(where)).first():
        conn.execute(area_notes.update().where(where).values(**values))
    else:
        conn.execute(area_notes.insert().values(area_id=area_id, year=int(year), **values))


def load_notes(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(*[area_notes.c[c] for c in COLUMNS])).all()
    f = pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)
    f["year"] = f["year"].astype(int)
    return f.sort_values(["area_id", "year"]).reset_index(drop=True)


def last_change(conn: Connection):
    return conn.execute(sa.select(sa.func.max(area_notes.c.updated_at))).scalar()


def demo_notes(assessments: pd.DataFrame, criteria, year: int, as_of: dt.datetime) -> list[dict]:
    """Demo notes for ``year``: for each assessed area, the problems name the indicators that block its next
    level and the recommendation follows from them. Deterministic; shown only with the demo banner."""
    from scoring.levels import blocking_indicators
    from scoring.summary import build_model

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
