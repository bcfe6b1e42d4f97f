"""Exports (reports/): open what they write and check what a committee member would read in it."""
from __future__ import annotations

import io
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from pypdf import PdfReader

from common.errors import DataError
from geo.boundaries import load_boundaries
from geo.colours import COMPLIANCE_COLOURS, NO_DATA, NOT_IN_PROGRAMME, lab_distance, text_on
from geo.layers import build_layers
from i18n import t
from programme.dataset import load_dataset
from reports import ReportError, charts, static_maps
from reports.deck import build_deck, slide_count
from reports.pdf import area_report_pdf, factory_report_pdf
from reports.tables import areas_geojson, areas_xlsx
from scoring.factories import compliance_in
from scoring.summary import area_table, build_model, filter_areas

ROOT = Path(__file__).resolve().parents[1]
PROVINCE = "20"  # Chon Buri: one area since 2562, a second one joins in 2567


@pytest.fixture(scope="module")
def ds():
    return load_dataset(ROOT / "data")


@pytest.fixture(scope="module")
def model(ds):
    return build_model(ds.assessments, ds.criteria)


@pytest.fixture(scope="module")
def layers(ds):
    return build_layers(ds.areas, load_boundaries(ROOT / "data" / "boundaries"))


def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _areas_in_programme(ds, province: str, year: int) -> pd.DataFrame:
    a = ds.areas
    return a.loc[(a["province_code"] == province) & (a["year_joined"].astype(int) <= year)]


# --- PowerPoint ------------------------------------------------------------------------------------------------

def _slides_text(prs) -> list[str]:
    out = []
    for slide in prs.slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts += [c.text for r in shape.table.rows for c in r.cells]
        out.append("\n".join(parts))
    return out


@pytest.mark.parametrize("year", [2566, 2567])
def test_deck_has_a_slide_per_area_in_the_programme(ds, model, layers, year):
    expected = _areas_in_programme(ds, PROVINCE, year)
    later = ds.areas.loc[(ds.areas["province_code"] == PROVINCE) & (ds.areas["year_joined"].astype(int) > year)]
    assert len(expected) >= 1 and len(expected) + len(later) >= 2   # slides to look for, and (2566) one not yet due
    prs = Presentation(io.BytesIO(build_deck(ds, model, layers, year, province=PROVINCE)))
    texts = _slides_text(prs)
    assert len(prs.slides) == 2 + len(expected)
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    assert "พ.ศ. " + str(year) in texts[0] and "ชลบุรี" in texts[0]
    assert "ข้อมูลสาธิต" in texts[0]
    area_slides = "\n".join(texts[2:])
    for name in expected["name_th"]:
        assert name in area_slides
    for name in later["name_th"]:  # not yet in the programme that year: no slide
        assert name not in area_slides
    if year == 2566:
        assert len(later) == 1  # the filter really leaves an area out


def _run_fonts(data: bytes) -> list[tuple[str, dict, int | None]]:
    """(text, {face: typeface}, size in hundredths of a point) of every text run, read from the slides' XML."""
    import zipfile

    from lxml import etree

    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)):
            for run in etree.fromstring(z.read(name)).iter(qn("a:r")):
                rpr = run.find(qn("a:rPr"))
                faces = {} if rpr is None else {f: rpr.find(qn(f)).get("typeface") for f in ("a:latin", "a:ea", "a:cs")
                                                if rpr.find(qn(f)) is not None}
                size = None if rpr is None or rpr.get("sz") is None else int(rpr.get("sz"))
                out.append((run.findtext(qn("a:t")) or "", faces, size))
    return out


def test_deck_sets_the_government_font_on_the_complex_script_face_of_every_thai_run_and_carries_notes(ds, model, layers):
    note = "ปัญหา: น้ำเสียจากโรงงานบางแห่งยังเกินมาตรฐาน\nข้อเสนอแนะ: เร่งรัดระบบบำบัดน้ำเสียรวม"
    first, second = _areas_in_programme(ds, PROVINCE, 2567)["area_id"].tolist()[:2]
    data = build_deck(ds, model, layers, 2567, province=PROVINCE, notes={first: note})
    runs = _run_fonts(data)
    thai = [r for r in runs if re.search("[\u0e00-\u0e7f]", r[0])]
    assert len(thai) > 50
    for text, faces, _size in thai:    # PowerPoint draws Thai with the complex-script (cs) face
        assert faces.get("a:cs") == "TH Sarabun New", text
        assert faces.get("a:latin") == faces.get("a:ea") == "TH Sarabun New", text
    # the same deck in Sarabun: the same runs, sizes 3/4 of TH Sarabun New's (which draws smaller)
    sarabun = _run_fonts(build_deck(ds, model, layers, 2567, province=PROVINCE, notes={first: note}, font="Sarabun"))
    assert [r[0] for r in sarabun] == [r[0] for r in runs]
    assert all(f.get("a:cs") == "Sarabun" for _, f, _ in sarabun)
    pairs = [(a[2], b[2]) for a, b in zip(runs, sarabun) if a[2]]
    assert pairs and all(abs(big * 3 / 4 - small) <= 1 for big, small in pairs)
    with pytest.raises(DataError, match="Comic Sans"):
        build_deck(ds, model, layers, 2567, province=PROVINCE, font="Comic Sans")
    prs = Presentation(io.BytesIO(data))
    texts = _slides_text(prs)
    names = ds.areas.set_index("area_id")["name_th"]
    by_area = {aid: next(tx for tx in texts[2:] if names[aid] in tx) for aid in (first, second)}
    assert "เร่งรัดระบบบำบัดน้ำเสียรวม" in by_area[first]
    assert "(บันทึกปัญหาและข้อเสนอแนะของคณะกรรมการ)" in by_area[second]
    assert "(บันทึกปัญหาและข้อเสนอแนะของคณะกรรมการ)" not in by_area[first]


def test_deck_national_slide_counts_areas_per_level(ds, model, layers):
    year = 2567
    prs = Presentation(io.BytesIO(build_deck(ds, model, layers, year, province="21")))
    table = next(s for s in prs.slides[1].shapes if getattr(s, "has_table", False) and s.has_table).table
    counts = {row.cells[0].text: row.cells[2].text for row in table.rows}
    levels = model.levels.loc[(model.levels["year"] == year)
                              & model.levels["area_id"].isin(_areas_in_programme(ds, "21", year)["area_id"])]
    for lv in range(1, 6):
        assert counts[f"ระดับ {lv}"] == str(int((levels["level"] == lv).sum()))


def test_deck_refuses_unknown_year_and_province(ds, model, layers):
    with pytest.raises(ReportError, match="2500"):
        build_deck(ds, model, layers, 2500)
    with pytest.raises(ReportError, match="99"):
        build_deck(ds, model, layers, 2567, province="99")


# --- PDF -------------------------------------------------------------------------------------------------------

def test_area_pdf_has_extractable_thai(ds, model, layers):
    area = ds.areas.set_index("area_id").loc["ryg-mtp"]
    data = area_report_pdf(ds, model, layers, "ryg-mtp", 2567)
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    flat = _squash(text)
    assert area["name_th"] in flat
    assert "ข้อมูลสาธิต" in flat
    assert "พ.ศ. 2567" in flat
    assert "น้ำและน้ำเสีย" in flat  # a tone mark over SARA AM: comes out in the right order, nothing stray
    assert not re.search(r"[\x00-\x08\x0b-\x1f]", text)
    level = int(model.levels.query("area_id == 'ryg-mtp' and year == 2567")["level"].iloc[0])
    assert f"ระดับ {level}" in flat
    assert "กรมแผนที่ทหาร" in flat  # boundary attribution in the footer, in the report's language
    fonts = {str(f["/BaseFont"]) for page in PdfReader(io.BytesIO(data)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("Sarabun" in f for f in fonts)


def test_area_pdf_in_english_and_before_joining(ds, model, layers):
    text = _squash(_pdf_text(area_report_pdf(ds, model, layers, "cbi-phanthong", 2566, lang="en")))
    area = ds.areas.set_index("area_id").loc["cbi-phanthong"]
    assert area["name_en"] in text
    assert t("area.no_assessment", "en") in text
    assert "Page 1 of" in text and "Demo data" in text and "หน้า" not in text  # running header and footer too
    assert "Royal Thai Survey Department" in _squash(text)                          # the credit in English


def test_factory_pdf_has_registration_and_names(ds, layers):
    f = ds.factories.loc[ds.factories["name_th"].str.contains("จำกัด")].iloc[0]
    data = factory_report_pdf(ds, layers, f["registration_no"])
    text = _pdf_text(data)
    flat = _squash(text)
    assert f["registration_no"] in flat
    assert f["name_th"] in flat
    assert f["name_en"] in flat
    assert "ข้อมูลสาธิต" in flat and "30 กันยายน 2568" in flat
    assert "กรมแผนที่ทหาร" in flat and "Royal Thai Survey Department" not in flat   # the credit in Thai
    assert not re.search(r"[\x00-\x08\x0b-\x1f]", text)


def test_unknown_ids_are_refused(ds, model, layers):
    with pytest.raises(ReportError):
        area_report_pdf(ds, model, layers, "no-such-area", 2567)
    with pytest.raises(ReportError):
        factory_report_pdf(ds, layers, "0-000-000/00xx")


# --- PNG maps and charts ---------------------------------------------------------------------------------------

def _expected_fill(row, level_colours) -> str:
    if not row["in_programme"]:
        return NOT_IN_PROGRAMME
    if pd.isna(row["level"]) or int(row["level"]) == 0:
        return NO_DATA
    return level_colours[int(row["level"])]


def test_national_map_colours_each_symbol_by_level(ds, model, layers):
    year, size = 2567, (1000, 1400)
    png = static_maps.national_map_png(ds, model, layers, year, size=size)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.size == size
    img = img.convert("RGB")
    rows = area_table(ds.areas, ds.provinces, ds.factories, model, year)
    frame = static_maps.national_frame(layers, rows, False, size, static_maps.national_legend_height(size))
    centres = {aid: frame.pixel(*layers.area_points[aid]) for aid in rows["area_id"]}
    radius = static_maps.SYMBOL_SIZE / 72 * charts.DPI / 2
    checked = 0
    for _, row in rows.iterrows():
        x, y = centres[row["area_id"]]
        if any(math.dist((x, y), c) < 2.2 * radius for a, c in centres.items() if a != row["area_id"]):
            continue  # overlapped by a neighbour's symbol
        # left of the level's number written in the middle of the symbol
        assert _hex(img.getpixel((round(x - 0.6 * radius), round(y)))) == _expected_fill(row, ds.level_colours), row["area_id"]
        fill = _expected_fill(row, ds.level_colours)
        if fill in ds.level_colours.values():   # the level's number is written there, in black or white
            ink = text_on(fill)
            box = [_hex(img.getpixel((round(x) + dx, round(y) + dy))) for dx in range(-3, 4) for dy in range(-5, 6)]
            assert any(lab_distance(c, ink) < lab_distance(fill, ink) / 3 for c in box), row["area_id"]
        checked += 1
    assert checked >= 25


def test_national_map_without_legend_shows_only_the_levels_present(ds, model, layers):
    year = 2566
    rows = filter_areas(area_table(ds.areas, ds.provinces, ds.factories, model, year), province=PROVINCE)
    img = Image.open(io.BytesIO(static_maps.national_map_png(ds, model, layers, year, rows=rows, legend=False,
                                                             size=(600, 600)))).convert("RGB")
    counts = {}
    for count, rgb in img.getcolors(maxcolors=600 * 600):
        counts[_hex(rgb)] = count
    present = {_expected_fill(r, ds.level_colours) for _, r in rows.iterrows()}
    assert NOT_IN_PROGRAMME in present  # cbi-phanthong joins in 2567
    for colour in present:
        assert counts.get(colour, 0) > 500, colour  # zoomed to the province: polygons are large
    for lv, colour in ds.level_colours.items():
        if colour not in present:
            assert counts.get(colour, 0) == 0, lv


def test_area_map_colours_factories_by_compliance(ds, layers):
    area_id, year, size = "ryg-mtp", 2567, (1200, 1000)
    img = Image.open(io.BytesIO(static_maps.area_map_png(ds, layers, area_id, year, size=size)))
    assert img.size == size
    img = img.convert("RGB")
    frame = static_maps.area_frame(layers, area_id, size, static_maps.LEGEND_HEIGHT)
    factories = ds.factories.loc[ds.factories["area_id"] == area_id]
    status = factories["registration_no"].map(compliance_in(ds.history, year)).fillna("not_inspected")
    worst = factories.loc[status == "non_compliant"]  # drawn last: only each other's outlines can cover them
    centres = [frame.pixel(float(lon), float(lat)) for lon, lat in zip(worst["lon"], worst["lat"])]
    diameter = static_maps.FACTORY_SIZE / 72 * charts.DPI
    alone = [c for c in centres if all(math.dist(c, o) > 1.2 * diameter for o in centres if o is not c)]
    assert len(alone) >= 5
    for x, y in alone:
        assert _hex(img.getpixel((round(x), round(y)))) == COMPLIANCE_COLOURS["non_compliant"]


def test_factory_map_and_charts_are_pngs(ds, model, layers):
    reg = ds.factories["registration_no"].iloc[0]
    img = Image.open(io.BytesIO(static_maps.factory_map_png(ds, layers, reg, size=(800, 600))))
    assert img.format == "PNG" and img.size == (800, 600)
    frame, f, _ = static_maps.factory_frame(ds, reg, (800, 600), static_maps.LEGEND_HEIGHT)
    x, y = frame.pixel(float(f["lon"]), float(f["lat"]))
    assert _hex(img.convert("RGB").getpixel((round(x), round(y)))) == static_maps.HIGHLIGHT
    left, top, width, height = frame.box                     # the factory is in the middle of its map
    assert abs(x - (left + width / 2)) < 1 and abs(y - (top + height / 2)) < 1
    radar = Image.open(io.BytesIO(charts.area_radar_png(model, "ryg-mtp", 2567)))
    assert radar.format == "PNG" and radar.size == (900, 780)
    colours = {_hex(rgb) for _, rgb in radar.convert("RGB").getcolors(maxcolors=900 * 780)}
    assert charts.NOW_COLOUR in colours
    hist = Image.open(io.BytesIO(charts.area_history_png(model, ds.level_colours, "ryg-mtp")))
    levels = set(model.levels.loc[model.levels["area_id"] == "ryg-mtp", "level"].astype(int))
    colours = {_hex(rgb) for _, rgb in hist.convert("RGB").getcolors(maxcolors=1200 * 480)}
    assert {ds.level_colours[lv] for lv in levels if lv} <= colours


# --- Excel and GeoJSON -----------------------------------------------------------------------------------------

def test_area_table_exports(ds, model, layers):
    rows = filter_areas(area_table(ds.areas, ds.provinces, ds.factories, model, 2566), province=PROVINCE)
    wb = load_workbook(io.BytesIO(areas_xlsx(rows, "th", note="ข้อมูลสาธิต")))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["รหัสพื้นที่", "พื้นที่", "จังหวัด"]
    body = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(body) == set(rows["area_id"])
    for _, r in rows.iterrows():
        level = body[r["area_id"]]["ระดับ"]
        assert level == (None if pd.isna(r["level"]) else int(r["level"]))
    assert wb.worksheets[1]["A1"].value == "ข้อมูลสาธิต"

    gj = json.loads(areas_geojson(rows, layers))
    assert [f["id"] for f in gj["features"]] == rows["area_id"].tolist()
    for f in gj["features"]:
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert f["properties"]["name_th"]
    late = next(f for f in gj["features"] if f["id"] == "cbi-phanthong")
    assert late["properties"]["in_programme"] is False and late["properties"]["level"] is None


# --- command line ----------------------------------------------------------------------------------------------

_CLI_DB = None


def _cli(*args):
    """Run the CLI on a database of its own (a temporary SQLite file, a copy of the demo database)."""
    import os
    import tempfile
    from pathlib import Path

    from tests.appserver import demo_copy

    global _CLI_DB
    _CLI_DB = _CLI_DB or demo_copy(Path(tempfile.mkdtemp(prefix='eit-reports-')) / "eit.sqlite")
    return subprocess.run([sys.executable, "-m", "reports", *args], check=False, cwd=ROOT, capture_output=True,
                          text=True, timeout=180, env={**os.environ, "EIT_DATABASE_URL": _CLI_DB})


def test_cli_exit_codes(ds, tmp_path):
    bad = _cli("area", "no-such-area", "--year", "2567", "--out", str(tmp_path / "a.pdf"))
    assert bad.returncode == 2 and "no-such-area" in bad.stderr and not (tmp_path / "a.pdf").exists()
    bad = _cli("factory", "0-000-000/00xx", "--out", str(tmp_path / "f.pdf"))
    assert bad.returncode == 2 and "0-000-000/00xx" in bad.stderr
    ok = _cli("deck", "--year", "2567", "--province", PROVINCE, "--out", str(tmp_path / "d.pptx"))
    assert ok.returncode == 0, ok.stderr
    n = len(_areas_in_programme(ds, PROVINCE, 2567))
    assert len(Presentation(str(tmp_path / "d.pptx")).slides) == 2 + n


def test_reports_never_import_streamlit():
    code = ("import sys, reports.deck, reports.pdf, reports.tables, reports.static_maps, reports.charts, "
            "reports.__main__; assert 'streamlit' not in sys.modules, 'streamlit imported'")
    run = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr


def _split_words(text: str) -> list[tuple[str, str]]:
    """Places where a line ends inside a Thai word: the last Thai run of a line and the first of the next, when
    the word segmenter reads them as one word across the break."""
    from reports.thaiwords import words

    bad = []
    lines = text.splitlines()
    for a, b in zip(lines, lines[1:]):
        tail, head = re.search(r"[\u0E01-\u0E4E]+$", a), re.match(r"^[\u0E01-\u0E4E]+", b)
        if not (tail and head):
            continue
        cut, pos, bounds = len(tail.group(0)), 0, {0}
        for w in words(tail.group(0) + head.group(0)):
            pos += len(w)
            bounds.add(pos)
        if cut not in bounds:
            bad.append((tail.group(0), head.group(0)))
    return bad


def test_pdf_lines_break_between_thai_words_never_inside_one(ds, model, layers):
    """The area report's tables wrap long Thai indicator names: every line break falls between two words (read
    back with the same word segmenter), and the zero-width break points do not show in copied text."""
    data = area_report_pdf(ds, model, layers, "ryg-mtp", 2567)
    text = _pdf_text(data)
    wrapped = sum(1 for a, b in zip(text.splitlines(), text.splitlines()[1:])
                  if re.search(r"[\u0E01-\u0E4E]$", a) and re.match(r"[\u0E01-\u0E4E]", b))
    assert wrapped >= 5                              # the check below has Thai line breaks to look at
    assert _split_words(text) == []
    assert "\u200b" not in text


def test_the_word_break_check_sees_a_word_cut_in_two():
    assert _split_words("ระดับจังหวั\nดและ") == [("ระดับจังหวั", "ดและ")]
    assert _split_words("ระดับจังหวัด\nและ") == []


# --- no formula in an exported cell ----------------------------------------------------------------------------

HOSTILE = '=HYPERLINK("http://x","y")'


def test_area_table_xlsx_cannot_carry_a_formula_and_numbers_stay_numbers(ds, model):
    rows = filter_areas(area_table(ds.areas, ds.provinces, ds.factories, model, 2566), province=PROVINCE).copy()
    rows["name_th"] = [HOSTILE, "@SUM(1+1)"] + list(rows["name_th"].iloc[2:])
    rows["province_th"] = "-2+3"
    first = rows.columns.get_loc("environmental")
    rows.iloc[0, first] = -3.5
    wb = load_workbook(io.BytesIO(areas_xlsx(rows, "th", note="=1+1 ข้อมูลสาธิต")))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    cells = {r[0].value: {h: c for h, c in zip(header, r)} for r in ws.iter_rows(min_row=2)}
    first_row = cells[rows["area_id"].iloc[0]]
    assert first_row["พื้นที่"].value == "'" + HOSTILE and first_row["พื้นที่"].data_type == "s"
    assert cells[rows["area_id"].iloc[1]]["พื้นที่"].value == "'@SUM(1+1)"
    assert first_row["จังหวัด"].value == "'-2+3"
    score = first_row[t("dim.environmental", "th")]
    assert score.value == -3.5 and score.data_type == "n"
    assert not any(c.data_type == "f" for r in ws.iter_rows() for c in r)
    assert wb.worksheets[1]["A1"].value == "'=1+1 ข้อมูลสาธิต"


def test_deck_area_slides_carry_the_certification_status(ds, model, layers):
    """A level that is not certified says so on its slide; ids stay off the slide."""
    import pandas as pd

    certs = pd.DataFrame({"area_id": ["cbi-sriracha"], "year": [2567], "level": [3], "status": ["verified"],
                          "drafted_by": ["s"], "drafted_at": [pd.NaT], "verified_by": ["s"], "verified_at": [pd.NaT],
                          "certified_by": [None], "certified_at": [pd.NaT], "note": [""]})
    from dataclasses import replace
    texts = _slides_text(Presentation(io.BytesIO(build_deck(replace(ds, certifications=certs), model, layers, 2567,
                                                            province=PROVINCE))))
    sriracha = next(x for x in texts[2:] if ds.areas.set_index("area_id").loc["cbi-sriracha", "name_th"] in x)
    assert "สถานะการรับรอง: ทวนสอบแล้ว รอคณะกรรมการรับรอง" in sriracha
    assert all("สถานะการรับรอง:" in x for x in texts[2:])
    assert "[cbi-sriracha]" not in sriracha


def test_summary_pdf_has_the_levels_targets_and_results(ds, model):
    from programme.registry import load_programme_results
    from reports.summary_pdf import summary_report_pdf

    data = summary_report_pdf(ds, model, 2565, load_programme_results(ROOT / "data"), lang="th")
    flat = _squash(_pdf_text(data))
    assert "สรุปผลการดำเนินงานสำหรับผู้บริหาร" in flat
    assert "พ.ศ. 2565" in flat and "ข้อมูลสาธิต" in flat
    levels = model.levels.query("year == 2565")
    assert str(int((levels["level"] == 4).sum())) in flat
    assert "บรรลุ" in flat or "ไม่บรรลุ" in flat or "ตามแผน" in flat     # targets judged at their deadline
    assert _split_words(_pdf_text(data)) == []


def test_summary_command_writes_a_pdf_and_refuses_a_year_without_results(tmp_path):
    out = tmp_path / "s.pdf"
    from tests.appserver import demo_copy
    env = {**__import__("os").environ, "EIT_DATABASE_URL": demo_copy(tmp_path / "db.sqlite")}
    ok = subprocess.run([sys.executable, "-m", "reports", "summary", "--year", "2565", "--out", str(out)],
                        cwd=ROOT, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr and out.read_bytes().startswith(b"%PDF")
    bad = subprocess.run([sys.executable, "-m", "reports", "summary", "--year", "2599", "--out", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "2599" in bad.stderr


def test_area_workbook_speaks_the_users_language_with_the_certification_status(ds, model):
    certs = pd.DataFrame({"area_id": ["ryg-mtp"], "year": [2568], "level": [4], "status": ["verified"]})
    rows = filter_areas(area_table(ds.areas, ds.provinces, ds.factories, model, 2568, certs), province="21")
    for lang, region, words in (("th", "ภาคตะวันออก", ("ทวนสอบแล้ว รอคณะกรรมการ", "ระดับจากผลประเมิน")),
                                ("en", "East", ("verified, awaiting", "computed from the assessment"))):
        ws = load_workbook(io.BytesIO(areas_xlsx(rows, lang, regions=ds.regions))).worksheets[0]
        header = [c.value for c in ws[1]]
        body = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
        status = t("report.col_cert_status", lang)
        assert status in header and sorted(str(b[status]).split(",")[0][:9] for b in body) == sorted(
            w.split(",")[0][:9] for w in words)
        assert {b[t("filter.region", lang)] for b in body} == {region}
        assert not any(b[t("report.col_listing", lang)] in ("confirmed", "placeholder") and lang == "th"
                       for b in body)


def test_deck_reports_its_progress_slide_by_slide_and_counts_its_slides(ds, model, layers):
    seen = []
    data = build_deck(ds, model, layers, 2567, province=PROVINCE, progress=lambda done, total: seen.append((done, total)))
    n = slide_count(data)
    assert n == len(Presentation(io.BytesIO(data)).slides) >= 3
    assert seen == [(i, n) for i in range(1, n + 1)]
