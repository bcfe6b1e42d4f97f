"""Demo verification visits, in step with the demo certifications (demo.seed): every verified or certified demo
record stands on a visit that meets the rule (demo-auditor leading two named external auditors, on site the
days before the verification), and one area whose level is drafted in the latest year has a visit of too few
auditors, so that a user sees verifying it refused.  Every row is marked demo; the names are invented."""
from __future__ import annotations

import datetime as dt
import zlib

import pandas as pd
from sqlalchemy.engine import Connection

from db.seeding import insert_visits, visit_keys
from workflow.visits import VerificationRule, external_person, rule_for

LEAD = "demo-auditor"
#: Invented external auditors (name and organisation as an auditor would type them).
EXTERNAL = (
    "ผศ.ดร. สมศรี ทดลองดี (มหาวิทยาลัยตัวอย่าง) (ข้อมูลสาธิต)",
    "นายวีระ ตรวจละเอียด (สถาบันสิ่งแวดล้อมตัวอย่าง) (ข้อมูลสาธิต)",
    "ดร. อรทัย ใจเย็น (บริษัทที่ปรึกษาตัวอย่าง) (ข้อมูลสาธิต)",
    "นางสาวกมลา รอบคอบ (สภาอุตสาหกรรมจังหวัดตัวอย่าง) (ข้อมูลสาธิต)",
)
NOTE = "(ข้อมูลสาธิต) การทวนสอบ ณ พื้นที่ตัวอย่าง"
MINOR_NOTE = "(ข้อมูลสาธิต) เอกสารหลักฐานบางส่วนยังไม่ครบ ให้ส่งเพิ่มเติมภายใน 30 วัน"


def _pick(area_id: str, year: int, k: int) -> int:
    return zlib.crc32(f"{area_id}:{year}:{k}".encode()) % len(EXTERNAL)


def _team(area_id: str, year: int, n: int) -> list[dict]:
    """``n`` different people: the demo auditor leading, then external auditors picked by area and year."""
    first = _pick(area_id, year, 0)
    names = [EXTERNAL[(first + k) % len(EXTERNAL)] for k in range(n - 1)]
    # the demo's external auditors are people with their organisation, who agreed to the findings
    people = [external_person(name.removesuffix(" (ข้อมูลสาธิต)"), agreed=True) for name in names]
    return [{"username": LEAD, "name": LEAD, "organisation": "", "agreed": False}] + [
        {"username": None, **p, "name": p["name"] + " (ข้อมูลสาธิต)"} for p in people]


def demo_visits(certs: list[dict], criteria: pd.DataFrame, rules: tuple[VerificationRule, ...],
                latest: int | None) -> tuple[list[dict], list[dict], list[dict]]:
    """(visit rows, team rows, finding rows) for the demo certifications ``certs`` (demo.seed's records)."""
    vrows, trows, frows = [], [], []
    levels = criteria[["indicator_id", "level"]].astype({"level": int})

    def add(c: dict, start: dt.date, days: int, n: int, at: dt.datetime) -> None:
        area_id, year = c["area_id"], int(c["year"])
        vrows.append(dict(area_id=area_id, year=year, start_on=start, end_on=start + dt.timedelta(days=days - 1),
                          lead_auditor=LEAD, note=NOTE, recorded_by=LEAD, recorded_at=at, updated_by=LEAD,
                          updated_at=at, demo=True))
        trows.extend(dict(area_id=area_id, year=year, position=i, **m) for i, m in enumerate(_team(area_id, year, n)))
        minor = zlib.crc32(f"{area_id}{year}".encode()) % 3 == 0          # one visit in three finds a minor gap
        mine = levels.loc[levels["level"] <= int(c["level"]), "indicator_id"].tolist()
        for j, ind in enumerate(mine):
            bad = minor and j == len(mine) - 1
            frows.append(dict(area_id=area_id, year=year, indicator_id=ind, finding="minor" if bad else "conforms",
                              note=MINOR_NOTE if bad else "", updated_by=LEAD, updated_at=at))

    short_done = False
    for c in sorted(certs, key=lambda c: (c["area_id"], c["year"])):
        rule = rule_for(rules, int(c["year"]))
        if c.get("verified_at") is not None:
            end = c["verified_at"].date() - dt.timedelta(days=7)
            days = max(rule.min_days, 1 + zlib.crc32(c["area_id"].encode()) % 2)     # one or two days
            add(c, end - dt.timedelta(days=days - 1), days, max(rule.min_auditors, 3), c["verified_at"])
        elif c["status"] == "draft" and int(c["year"]) == latest and not short_done:
            start = c["drafted_at"].date() - dt.timedelta(days=3)                    # too few auditors
            add(c, start, max(rule.min_days, 1), max(rule.min_auditors - 1, 1), c["drafted_at"])
            short_done = True
    return vrows, trows, frows


def insert_demo_visits(conn: Connection, rows: tuple[list[dict], list[dict], list[dict]]) -> int:
    """Insert the demo visits, leaving out the area-years where a person recorded a visit; returns how many."""
    taken = visit_keys(conn)
    keep = [[r for r in part if (r["area_id"], int(r["year"])) not in taken] for part in rows]
    insert_visits(conn, *keep)
    return len(keep[0])
