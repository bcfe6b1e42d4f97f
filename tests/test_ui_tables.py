"""The HTML tables the pages show: escaping, links that reproduce views, sorting."""
import html as htmllib
import re
from urllib.parse import parse_qs, urlparse

import pandas as pd

from ui.tables import (
    area_table_html,
    badges_html,
    definition_table_html,
    factory_table_html,
    simple_table_html,
    sort_areas,
)

EVIL = '<script>alert(1)</script>"&'


def _areas():
    return pd.DataFrame({
        "area_id": ["a-one", "b-two"], "name_th": [EVIL, "บี"], "name_en": ["A", "B"], "status": ["confirmed", "placeholder"],
        "province_th": ["ระยอง", "ชลบุรี"], "province_en": ["Rayong", "Chon Buri"], "phase": [1, 2],
        "in_programme": [True, False], "year_joined": [2562, 2566], "level": pd.array([4, pd.NA], dtype="Int64"),
        "physical": [80.0, float("nan")], "economic": [70.0, float("nan")], "social": [60.0, float("nan")],
        "environmental": [50.0, float("nan")], "management": [40.0, float("nan")],
        "n_factories": [10, 0], "n_developed": [5, 0]})


def test_area_table_escapes_names_and_links_to_area_pages():
    out = area_table_html(_areas(), "th", {4: "#31a354"}, 2564, "province", False, {"lang": "th", "year": "2564"})
    assert "<script>" not in out and "&lt;script&gt;" in out
    links = re.findall(r'href="(area\?[^"]+)"', out)
    params = [parse_qs(urlparse(htmllib.unescape(h)).query) for h in links]
    assert {p["area"][0] for p in params} == {"a-one", "b-two"}
    assert all(p["year"] == ["2564"] and p["lang"] == ["th"] for p in params)
    assert "ยังไม่เข้าร่วม" in out  # b-two had not joined in 2564


def test_area_table_header_links_toggle_the_sort():
    out = area_table_html(_areas(), "en", {}, 2564, "level", True, {"lang": "en"})
    header = re.findall(r'<th scope="col"[^>]*><a href="([^"]+)"', out)
    level_link = [h for h in header if "sort=level" in htmllib.unescape(h)][0]
    assert "desc=0" in htmllib.unescape(level_link)  # clicking the sorted column again reverses it
    assert 'aria-sort="descending"' in out


def test_sort_areas_puts_missing_values_last():
    t = sort_areas(_areas(), "level", True, "th")
    assert list(t["area_id"]) == ["a-one", "b-two"]
    t = sort_areas(_areas(), "level", False, "th")
    assert list(t["area_id"]) == ["a-one", "b-two"]


def test_factory_table_escapes_and_links_by_registration_number():
    f = pd.DataFrame({"registration_no": ["จ3-9(6)-100/51ปจ"], "name_th": [EVIL], "name_en": ["x"], "factory_class": [3],
                      "isic": ["10799"], "status": [1], "gi_level": [3], "eco_factory_year": pd.array([2566], dtype="Int64"),
                      "csr_diw_year": pd.array([pd.NA], dtype="Int64")})
    out = factory_table_html(f, "th", {"lang": "th"}, pd.Series({"จ3-9(6)-100/51ปจ": "minor"}))
    assert "<script>" not in out and "&lt;script&gt;" in out
    href = re.search(r'href="(factory\?[^"]+)"', out).group(1)
    assert parse_qs(urlparse(htmllib.unescape(href)).query)["factory"] == ["จ3-9(6)-100/51ปจ"]
    assert "พบข้อบกพร่องเล็กน้อย" in out and "พ.ศ. 2566" in out


def test_plain_tables_escape_every_cell():
    assert "<script>" not in simple_table_html([EVIL], [[EVIL]]) + definition_table_html([(EVIL, EVIL)])


def test_staff_tables_read_in_the_page_language_with_buddhist_era_bangkok_times():
    import datetime as dt

    from ui.people_tables import accounts_table, certification_history_table, import_log_table

    at = pd.Series([dt.datetime(2025, 9, 30, 7, 5, tzinfo=dt.UTC)])
    hist = pd.DataFrame({"at": at, "username": ["s1"], "previous_status": [None], "status": ["verified"],
                         "previous_level": [pd.NA], "level": [3], "note": ["ok"]})
    th = certification_history_table(hist, "th")
    assert list(th.columns)[:4] == ["เมื่อ", "ผู้ดำเนินการ", "สถานะเดิม", "สถานะ"]
    assert th.iloc[0].tolist()[:6] == ["30 ก.ย. 2568 14:05", "s1", "–", "ทวนสอบแล้ว", "–", "3"]
    assert certification_history_table(hist, "en").iloc[0, 0] == "30 Sep 2025 14:05"
    log = pd.DataFrame({"started_at": at, "username": ["s1"], "kind": ["factories"], "filename": ["f.csv"],
                        "status": ["rejected"], "rows_total": [3], "rows_inserted": [0], "rows_updated": [0],
                        "n_errors": [1], "n_warnings": [0], "stored_path": ["/srv/var/uploads/ab/x.csv"],
                        "sha256": ["ab" * 32]})
    shown = import_log_table(log, "th")
    assert "ไม่ได้นำเข้า" in shown.iloc[0].tolist() and "ทะเบียนโรงงาน" in shown.iloc[0].tolist()
    assert not any("/srv" in str(v) or "abab" in str(v) for v in shown.to_numpy().ravel())
    users = pd.DataFrame({"username": ["a1"], "role": ["admin"], "active": [True], "created_at": at})
    assert accounts_table(users, "th").iloc[0, -1] == "30 ก.ย. 2568 14:05"


def test_a_status_badge_reads_at_4_5_to_1_on_its_colour():
    """A badge's value is written in black or white, whichever reads better, on every status colour (WCAG AA)."""
    from geo.colours import contrast_ratio

    for colour in ("#1a9850", "#d73027", "#4575b4", "#fee08b", "#ffffff"):
        out = badges_html([("สถานะ", "ผ่าน", colour)])
        text = re.search(r'class="eit-chip" style="background:([^;]+);color:([^;]+);', out)
        assert text and text.group(1) == colour, out
        assert contrast_ratio(colour, text.group(2)) >= 4.5, (colour, text.group(2))
