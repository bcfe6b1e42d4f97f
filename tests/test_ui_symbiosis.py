"""The exchange downloads: the CSV and Excel for people read as the page does (headers in the reader's language,
names for codes, rounded numbers); the file for programs keeps the codes and the figures as stored."""
import io

import pandas as pd

from tests.test_symbiosis_views import FACTORIES, register
from ui import symbiosis as view

AREAS = {"ryg-mtp": "เขตควบคุมมลพิษ (มาบตาพุด) จ.ระยอง"}


def _flows():
    flows = view.flows_of(register(), FACTORIES, 2568, "th")
    return flows.assign(co2e_avoided_t=flows["co2e_avoided_t"] + 0.123456, distance_km=1.792956)


def test_the_file_for_people_has_thai_headers_names_for_codes_and_rounded_numbers():
    flows = _flows()
    people = view.people_frame(flows, register(), AREAS, "th")
    csv = pd.read_csv(io.BytesIO(view.export_csv(flows, people)), encoding="utf-8-sig", dtype=str)
    assert {"ผู้ให้", "ผู้รับ", "หน่วย", "สถานะ", "ระยะทาง (กม.)"} <= set(csv.columns)
    assert not any(c.isascii() and "_" in c for c in csv.columns)              # no code names as headers
    row = csv.iloc[0]
    assert row["หน่วย"] == "ตัน" and row["สถานะ"] == "ดำเนินการแล้ว" and row["พื้นที่"] == AREAS["ryg-mtp"]
    assert row["ลด CO2e (ตัน/ปี)"] == "40.1" and row["ระยะทาง (กม.)"] == "1.8"
    xlsx = pd.read_excel(io.BytesIO(view.export_xlsx(flows, people)), dtype=str)
    assert list(xlsx.columns) == list(csv.columns) and not xlsx["ผู้รับ"].str.startswith("=").any()
    english = view.people_frame(flows, register(), AREAS, "en")
    assert "Unit" in english.columns and english["Unit"].iloc[0] != "t"


def test_the_file_for_programs_keeps_codes_and_figures():
    flows = _flows()
    csv = pd.read_csv(io.BytesIO(view.export_csv(flows)), encoding="utf-8-sig", dtype=str)
    assert csv["unit"].iloc[0] == "t" and csv["status_now"].iloc[0] == "operating"
    assert csv["area_id"].iloc[0] == "ryg-mtp" and csv["distance_km"].iloc[0] == "1.792956"


def _crowded_flows(n: int = 14) -> pd.DataFrame:
    """Many exchanges of one area with long names and very unequal quantities (the worst case for names)."""
    long_th = "บริษัท อุตสาหกรรมปิโตรเคมีและพลาสติกแห่งประเทศไทยตะวันออก จำกัด (มหาชน) สาขาที่"
    rows = []
    for i in range(n):
        rows.append({"from_name": f"{long_th} {i}", "to_name": f"Eastern Seaboard Integrated Recycling Company {i}",
                     "material_text": f"ตะกรันและฝุ่นจากเตาหลอมเหล็กไฟฟ้าแบบอาร์ก ชนิดที่ {i}",
                     "quantity": 100000.0 if i == 0 else 1.0 + i, "quantity_text": f"{i} ตัน/ปี"})
    return pd.DataFrame(rows)


def _label_boxes(svg: str) -> tuple[list[tuple], float, float]:
    """Each written name's box (left, top, right, bottom) in the SVG's units, from its position, its font size and
    its lines (every character counted 0.6 em wide, Thai marks above and below none), and the picture's size."""
    import re
    import unicodedata
    from html import unescape

    _, _, width, height = map(float, re.search(r'viewBox="([\d. ]+)"', svg).group(1).split())
    boxes = []
    for x, y, size, body in re.findall(r'<text x="([\d.]+)" y="([\d.]+)" class="sankey-label" font-size="(\d+)"'
                                       r'[^>]*>(.*?)</text>', svg):
        x, y, size = float(x), float(y), float(size)
        body = re.sub(r"<title>.*?</title>", "", body)
        lines = [unescape(t) for t in re.split(r"<tspan[^>]*>", body.replace("</tspan>", ""))]
        wide = max(sum(0 if unicodedata.category(c) == "Mn" else 0.6 for c in line) * size for line in lines)
        boxes.append((x, y - 0.8 * size, x + wide, y + 0.25 * size + 17 * (len(lines) - 1)))
    return boxes, width, height


def test_the_sankey_names_never_overlap_or_leave_the_picture():
    for n in (3, 14, 40):
        svg = view.sankey_svg(_crowded_flows(n), "th")
        boxes, width, height = _label_boxes(svg)
        assert len(boxes) == 3 * n                              # every node is named (none left out)
        for i, a in enumerate(boxes):
            assert a[0] >= 0 and a[1] >= 0 and a[2] <= width and a[3] <= height, (n, a, width, height)
            for b in boxes[i + 1:]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, (n, a, b)
    assert "…" in svg and "<title>บริษัท อุตสาหกรรมปิโตรเคมี" in svg      # a long name is shortened, whole on hover


def test_a_name_is_wrapped_to_its_room():
    lines = view.wrap_label("บริษัท ไทยสตีล จำกัด (มหาชน) และบริษัทในเครือ", 120)
    assert 1 < len(lines) <= 2 and all(view.text_width(line) <= 120 for line in lines)
    assert view.wrap_label("short", 120) == ["short"]
