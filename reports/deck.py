"""A PowerPoint deck (16:9) for a committee meeting: a title slide, the national (or provincial) map with the count
of areas per level, then one slide per area in the programme that year: its map, level now and the year before,
the dimension radar, what blocks the next level, its industrial symbiosis (the area page's KPIs and a small flow
map of its public exchanges), and a box for the committee's problems and recommendations.

Every run of text is set in one font on its latin, east-Asian and complex-script faces (PowerPoint draws Thai
with the complex-script one): TH Sarabun New, the government's standard font, unless ``EIT_DECK_FONT`` or
``font`` says Sarabun (``reports.DECK_FONTS``). The font is not embedded: the presenting PC needs it installed.
"""
from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from common.thai import sort_frame
from geo.colours import CATEGORY_COLOURS, hex_to_rgb, level_colour, text_on
from geo.layers import MapLayers
from i18n import normalise_lang, t, year_label
from programme.dataset import Dataset
from reports import DECK_FONT, DECK_FONTS, ReportError, as_of_text
from reports.charts import area_radar_png
from reports.flow_map import YearSymbiosis, flow_map_png, year_symbiosis
from reports.static_maps import area_map_png, national_map_png
from scoring.area_facts import AreaYearFacts, area_year_facts
from scoring.certified import levels_on_record
from scoring.criteria import version_label
from scoring.summary import Model, area_table, filter_areas, kpis
from scoring.targets import target_lines

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # PowerPoint's 16:9 (13.333 × 7.5 in)
GREEN = RGBColor(0x1B, 0x6E, 0x4F)
TEXT = RGBColor(0x1B, 0x1B, 0x1B)
MUTED = RGBColor(0x6B, 0x6B, 0x6B)
WARN = RGBColor(0xB3, 0x3A, 0x00)
MAX_BLOCKERS = 7  # indicators listed on an area slide; the rest are counted


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor(*hex_to_rgb(hex_colour))


def _font(run, size: float, bold: bool = False, colour: RGBColor = TEXT, italic: bool = False,
          lang: str = "th") -> None:
    """Size, weight and colour of a run (sizes as in Sarabun: :func:`apply_font` scales them for the deck's
    font and names that font on every face)."""
    f = run.font
    f.size = Pt(size)
    f.bold = bold
    f.italic = italic
    f.color.rgb = colour
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", "th-TH" if lang == "th" else "en-US")


def deck_font_choice(font: str | None = None) -> str:
    """The deck's font: ``font``, else ``EIT_DECK_FONT``, else TH Sarabun New; one of ``DECK_FONTS``."""
    from common.errors import DataError
    from common.settings import deck_font

    name = font or deck_font(DECK_FONT)
    if name not in DECK_FONTS:
        raise DataError(f"unknown deck font {name!r}; choose {' or '.join(map(repr, DECK_FONTS))} / "
                        f"ไม่รู้จักแบบอักษร {name!r} เลือกได้: {' หรือ '.join(DECK_FONTS)}")
    return name


_FACES = ("a:latin", "a:ea", "a:cs", "a:sym")   # schema order inside run properties, after fills and effects


def _set_faces(rpr, font: str, scale: float) -> None:
    for tag in ("a:latin", "a:ea", "a:cs"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    after = [child for child in rpr if child.tag not in {qn(f) for f in _FACES}
             and child.tag not in (qn("a:hlinkClick"), qn("a:hlinkMouseOver"), qn("a:rtl"), qn("a:extLst"))]
    at = rpr.index(after[-1]) + 1 if after else 0
    for k, tag in enumerate(("a:latin", "a:ea", "a:cs")):   # cs: the face PowerPoint draws Thai with
        el = etree.Element(qn(tag))
        el.set("typeface", font)
        rpr.insert(at + k, el)
    if scale != 1.0 and rpr.get("sz"):
        rpr.set("sz", str(round(int(rpr.get("sz")) * scale)))


def apply_font(prs, font: str) -> None:
    """Name ``font`` on the Latin, East Asian and complex-script faces of every run (and paragraph end) of every
    slide, and scale the point sizes by its factor in ``DECK_FONTS``."""
    scale = DECK_FONTS[font]
    for slide in prs.slides:
        for tag in ("a:rPr", "a:endParaRPr"):
            for rpr in slide.shapes._spTree.iter(qn(tag)):
                _set_faces(rpr, font, scale)


def _text(slide, left, top, width, height, paragraphs, lang: str, anchor=MSO_ANCHOR.TOP, fill: str | None = None,
          border: str | None = None):
    """A text box; ``paragraphs`` are (text, {size, bold, colour, italic, align}) pairs."""
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE  # keep the box its size (the notes box is room to write in)
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.08)
    tf.margin_top = tf.margin_bottom = Inches(0.04)
    if fill:
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb(fill)
    if border:
        box.line.color.rgb = _rgb(border)
        box.line.width = Pt(1)
    for i, (text, style) in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = style.get("align", PP_ALIGN.LEFT)
        p.space_after = Pt(style.get("space_after", 2))
        run = p.add_run()
        run.text = str(text)
        _font(run, style.get("size", 14), style.get("bold", False), style.get("colour", TEXT),
              style.get("italic", False), lang)
    return box


def _picture(slide, png: bytes, left, top, width=None, height=None):
    return slide.shapes.add_picture(io.BytesIO(png), left, top, width=width, height=height)


def _table(slide, left, top, width, rows: list[list[str]], col_widths: list[float], lang: str,
           fills: dict[tuple[int, int], str] | None = None, size: float = 13, row_height: float = 0.36):
    """A plain table; the first row is the header. ``fills`` colours single cells: (row, col) → '#rrggbb'."""
    fills = fills or {}
    shape = slide.shapes.add_table(len(rows), len(rows[0]), left, top, width, Inches(row_height * len(rows)))
    table = shape.table
    for j, w in enumerate(col_widths):
        table.columns[j].width = Inches(w)
    for i, row in enumerate(rows):
        table.rows[i].height = Inches(row_height)
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            fill = fills.get((i, j), "#e8f1ec" if i == 0 else "#ffffff")
            cell.fill.fore_color.rgb = _rgb(fill)
            p = cell.text_frame.paragraphs[0]
            run = p.add_run()
            run.text = str(value)
            _font(run, size, bold=i == 0, lang=lang, colour=_rgb(text_on(fill)))
    return shape


def _title(slide, title: str, subtitle: str | None, lang: str) -> None:
    paras = [(title, {"size": 26, "bold": True, "colour": GREEN})]
    if subtitle:
        paras.append((subtitle, {"size": 14, "colour": MUTED}))
    _text(slide, Inches(0.4), Inches(0.2), Inches(12.5), Inches(1.05), paras, lang)


def _footer(slide, ds: Dataset, number: int, lang: str) -> None:
    as_of = as_of_text(ds, lang)
    left = t("report.demo_short", lang) + " · " + as_of if ds.is_demo else as_of
    _text(slide, Inches(0.4), Inches(7.05), Inches(9.5), Inches(0.35),
          [(left, {"size": 10, "colour": WARN if ds.is_demo else MUTED})], lang)
    _text(slide, Inches(10.0), Inches(7.05), Inches(2.9), Inches(0.35),
          [(str(number), {"size": 10, "colour": MUTED, "align": PP_ALIGN.RIGHT})], lang)


def _level_text(level: int | None, lang: str) -> str:
    if level is None:
        return t("level.none", lang)
    return t("level.below1", lang) if level == 0 else t("level.short", lang, n=level)


def deck_rows(ds: Dataset, model: Model, year: int, province: str | None = None) -> pd.DataFrame:
    """The area table of ``year`` for the deck's filter (every area of the province, or all areas).
    ReportError for a year without assessments or a province with no target area."""
    if not model.years:
        raise ReportError(th="ยังไม่มีผลการประเมินในฐานข้อมูล จึงยังไม่มีระดับให้รายงาน",
                          en="no assessment results have been imported yet, so there are no levels to report")
    if int(year) not in model.years:
        known = ", ".join(str(y) for y in model.years)
        raise ReportError(th=f"ไม่มีผลการประเมินของปี พ.ศ. {year} ปีที่มีผลการประเมิน: {known}",
                          en=f"no assessment results for year {year}; years with results: {known}")
    if province is not None and province not in set(ds.areas["province_code"]):
        raise ReportError(th=f"ไม่มีพื้นที่เป้าหมายในจังหวัดรหัส {province!r}", en=f"no target area in province {province!r}")
    return filter_areas(area_table(ds.areas, ds.provinces, ds.factories, model, int(year), ds.certifications), province=province)


def _slide_order(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One slide per area in the programme that year, by province then area name."""
    inprog = rows.loc[rows["in_programme"]]
    return sort_frame(inprog, [f"province_{lang}", f"name_{lang}", "area_id"])


def _scope(ds: Dataset, province: str | None, lang: str) -> str:
    if province is None:
        return t("report.scope_all", lang)
    name = ds.provinces.set_index("code").loc[province, f"name_{lang}"]
    return t("report.scope_province", lang, province=name)


def _title_slide(prs, ds: Dataset, year: int, province: str | None, lang: str) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    _text(s, Inches(0), Inches(0), WIDTH, Inches(0.35), [("", {"size": 4})], lang, fill="#1b6e4f")
    paras = [
        (t("report.programme", lang), {"size": 36, "bold": True, "colour": GREEN, "space_after": 10}),
        (t("report.deck_title", lang, year=year_label(year, lang)), {"size": 24, "space_after": 6}),
        (_scope(ds, province, lang), {"size": 20, "colour": MUTED, "space_after": 18}),
        (t("report.org", lang), {"size": 16}),
        (as_of_text(ds, lang), {"size": 16}),
        (t("footer.criteria", lang, version=version_label(ds.criteria.version, lang)), {"size": 12, "colour": MUTED}),
    ]
    _text(s, Inches(0.8), Inches(1.4), Inches(11.7), Inches(4.0), paras, lang)
    if ds.is_demo:
        _text(s, Inches(0.8), Inches(5.6), Inches(11.7), Inches(0.9),
              [(t("report.demo_notice", lang), {"size": 16, "bold": True, "colour": WARN})], lang,
              anchor=MSO_ANCHOR.MIDDLE, fill="#fff4e5", border="#b33a00")
    _footer(s, ds, 1, lang)


def _national_slide(prs, ds: Dataset, model: Model, layers: MapLayers, year: int, rows: pd.DataFrame,
                    province: str | None, lang: str) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    _title(s, t("report.national_title", lang, year=year_label(year, lang)), _scope(ds, province, lang), lang)
    png = national_map_png(ds, model, layers, year, rows=rows, lang=lang, size=(720, 1000))
    _picture(s, png, Inches(0.4), Inches(1.25), height=Inches(5.75))
    k = kpis(rows)
    names = ds.levels.set_index("level")[f"name_{lang}"]
    # every area per level on record, and of them the certified ones (the summary's rule)
    table = [[t("col.level", lang), "", t("report.col_count", lang), t("summary.col_certified", lang)]]
    fills = {}
    for lv in range(5, 0, -1):
        table.append([t("level.short", lang, n=lv), names.loc[lv], str(k["per_level"][lv]),
                      str(k["per_level_certified"][lv])])
        fills[(len(table) - 1, 0)] = level_colour(lv, ds.level_colours)
    table.append([t("level.below1", lang), "", str(k["below_level_1"]), ""])
    table.append([t("level.none", lang), "", str(k["not_assessed"]), ""])
    left = Inches(5.0)
    _text(s, left, Inches(1.25), Inches(7.9), Inches(0.45),
          [(t("report.level_counts", lang), {"size": 18, "bold": True})], lang)
    _table(s, left, Inches(1.75), Inches(7.4), table, [1.7, 3.3, 1.2, 1.2], lang, fills=fills)
    share = "–" if k["developed_share"] is None else f"{k['developed_share']:.0%}"
    lines = [(t("report.in_programme", lang, n=k["in_programme"], total=k["areas"]), {"size": 15}),
             (t("kpi.developed_line", lang, developed=f"{k['developed']:,}", total=f"{k['factories']:,}",
                share=share), {"size": 15})]
    if province is None:
        lines.append((t("report.targets", lang), {"size": 15, "bold": True}))
        on_record = levels_on_record(model.levels, ds.certifications)
        for text, _ in target_lines(on_record, ds.targets, year, ds.areas, lang):
            lines.append(("• " + text, {"size": 13}))
    _text(s, left, Inches(4.85), Inches(7.9), Inches(2.1), lines, lang)
    _footer(s, ds, 2, lang)


def _blocker_lines(ds: Dataset, facts: AreaYearFacts, lang: str) -> list[str]:
    """What blocks the next level, from the assessment (the computed level), as on the area page."""
    if not facts.assessed:
        return [t("area.no_assessment", lang)]
    if facts.next_level is None:
        return [t("area.top_level", lang)]
    block = facts.blockers
    if block.empty:
        return [t("area.no_blockers", lang)]
    names = ds.criteria.table.set_index("indicator_id")[f"indicator_{lang}"]
    lines = [f"• {i} {t('status.' + str(st), lang)}: {names.get(i, '')}"
             for i, st in zip(block["indicator_id"], block["status"])]
    if len(lines) > MAX_BLOCKERS:
        lines = lines[:MAX_BLOCKERS - 1] + [t("report.more_blockers", lang, n=len(lines) - MAX_BLOCKERS + 1)]
    return lines


#: The area slide's symbiosis figures, read projected: 12 pt (in Sarabun's sizes; 16 pt of TH Sarabun New) on a
#: fixed 14 pt line; the category colours 11 pt.
SYM_SIZE, SYM_LINE, SYM_LEGEND = 12, 14, 11


def _symbiosis_block(slide, ds: Dataset, layers: MapLayers, sym: YearSymbiosis, area_id: str, top, lang: str) -> None:
    """Under the area's map: the symbiosis heading, a small flow map with the category colours under it, and
    beside them the KPIs of the area page (public exchanges only, reports.flow_map), large enough to read
    projected; every block in its own box, down to the footer."""
    _text(slide, Inches(0.4), top, Inches(4.7), Inches(0.32),
          [(t("report.symbiosis_title", lang, year=year_label(sym.year, lang)),
            {"size": 12, "bold": True, "colour": GREEN})], lang)
    below = top + Inches(0.35)
    png = flow_map_png(ds, layers, sym, area_id, size=(380, 330), legend=False)
    _picture(slide, png, Inches(0.4), below, width=Inches(1.55))
    drawn = set(sym.area_flows(area_id)["category"])
    cats = [(c, name) for c, name in sym.reg.vocab.labels("category", lang).items() if c in drawn]
    bottom = int(Inches(7.0))
    if cats:                                    # the colours of the lines, one coloured square per category
        legend_top = below + Inches(1.38)
        box = _text(slide, Inches(0.4), legend_top, Inches(1.55), Emu(bottom - int(legend_top)),
                    [("", {"size": SYM_LEGEND, "space_after": 0})], lang)
        p = box.text_frame.paragraphs[0]
        for code, name in cats:
            square = p.add_run()
            square.text = "■ "
            _font(square, SYM_LEGEND, colour=_rgb(CATEGORY_COLOURS.get(code, "#636363")), lang=lang)
            label = p.add_run()
            label.text = f"{name}  "
            _font(label, SYM_LEGEND, colour=MUTED, lang=lang)
    lines = [(f"{label}: {value}", {"size": SYM_SIZE, "space_after": 0}) for label, value in sym.items(area_id)]
    box = _text(slide, Inches(2.0), below, Inches(3.1), Emu(bottom - int(below)), lines, lang)
    for p in box.text_frame.paragraphs:         # a fixed line, so that the figures keep to their box
        p.line_spacing = Pt(SYM_LINE)


def _area_slide(prs, ds: Dataset, model: Model, layers: MapLayers, row: pd.Series, year: int, note: str | None,
                number: int, lang: str, sym: YearSymbiosis | None = None) -> None:
    aid = row["area_id"]
    s = prs.slides.add_slide(prs.slide_layouts[6])
    chips = [row[f"province_{lang}"], t(f"kind.{row['kind']}", lang), t("area.phase_n", lang, n=int(row["phase"])),
             t("area.joined", lang, year=year_label(row["year_joined"], lang))]
    _title(s, row[f"name_{lang}"], " · ".join(chips), lang)
    top = Inches(1.3)
    if row["status"] == "placeholder":
        _text(s, Inches(0.4), Inches(0.98), Inches(12.5), Inches(0.32),
              [(t("area.placeholder_note", lang), {"size": 11, "colour": WARN})], lang)
        top = Inches(1.35)

    # Left: the area's map with its factories; under it, its symbiosis (a small flow map and the KPIs).
    facts = area_year_facts(ds, model, aid, year)   # the area's facts, as on its page and in its PDF
    # (the map 4 in wide, 2.73 in tall: the symbiosis figures below it get room at a size read projected)
    _picture(s, area_map_png(ds, layers, aid, year, lang, size=(820, 560)), Inches(0.4), top, width=Inches(4.0))
    _text(s, Inches(0.4), top + Inches(2.76), Inches(4.7), Inches(0.32),
          [(t("report.factory_counts", lang, n=f"{facts.n_factories:,}", developed=f"{facts.n_developed:,}"),
            {"size": 12})], lang)
    if sym is not None:
        _symbiosis_block(s, ds, layers, sym, aid, top + Inches(3.1), lang)

    # Middle: the level now and the year before, then the radar.
    level, prev = facts.level, facts.previous_level   # the level on record, as the national slide counts it
    names = ds.levels.set_index("level")[f"name_{lang}"]
    colour = level_colour(level, ds.level_colours)
    on = _rgb(text_on(colour))     # black or white, whichever reads on the level's colour
    big = [(t("report.level_in", lang, year=year_label(year, lang)), {"size": 13, "colour": on}),
           (_level_text(level, lang), {"size": 28, "bold": True, "colour": on, "space_after": 0})]
    if level:
        big.append((names.get(level, ""), {"size": 14, "colour": on}))
    _text(s, Inches(5.3), top, Inches(3.7), Inches(1.3), big, lang, anchor=MSO_ANCHOR.MIDDLE, fill=colour,
          border="#555555")
    change = ""
    if level is not None and prev is not None:
        d = level - prev
        change = " · " + (t("report.change_up", lang, n=d) if d > 0 else
                          t("report.change_down", lang, n=-d) if d < 0 else t("report.change_same", lang))
    status = facts.status or "computed"
    _text(s, Inches(5.3), top + Inches(1.35), Inches(3.7), Inches(1.05),      # up to four lines, clear of the radar
          [(t("report.previous", lang, year=year_label(year - 1, lang), level=_level_text(prev, lang)) + change,
            {"size": 13}),
           (t("report.cert_status", lang, status=t(f"report.status_{status}", lang)),
            {"size": 12, "bold": status != "certified", "colour": TEXT if status == "certified" else WARN})], lang)
    _picture(s, area_radar_png(model, aid, year, lang, size=(640, 560)), Inches(5.4), top + Inches(2.45),
             width=Inches(3.5))

    # Right: what blocks the next level, and the committee's notes.
    heading = (t("area.blockers_title", lang, n=facts.next_level or 5), {"size": 15, "bold": True})
    lines = [(line, {"size": 11}) for line in _blocker_lines(ds, facts, lang)]
    _text(s, Inches(9.2), top, Inches(3.75), Inches(2.9), [heading, *lines], lang)
    note_text = (note or "").strip()
    notes = [(t("report.notes_title", lang), {"size": 15, "bold": True})]
    if note_text:
        notes += [(line, {"size": 12}) for line in note_text.splitlines() if line.strip()]
    else:
        notes.append((t("report.notes_placeholder", lang), {"size": 12, "italic": True, "colour": MUTED}))
    _text(s, Inches(9.2), top + Inches(3.0), Inches(3.75), Inches(2.65), notes, lang, fill="#fbfbf6",
          border="#8c8c8c")
    _footer(s, ds, number, lang)


def build_deck(ds: Dataset, model: Model, layers: MapLayers, year: int, province: str | None = None,
               lang: str = "th", notes: dict[str, str] | None = None, font: str | None = None,
               progress: Callable[[int, int], None] | None = None) -> bytes:
    """The committee deck as .pptx bytes: title, national (or provincial) map with per-level counts, then one
    slide per area of the filter that is in the programme in ``year``. ``notes`` maps area_id → the committee's
    problems and recommendations (a placeholder text where none is given). ``font``: see
    :func:`deck_font_choice`. ``progress(done, total)`` is called after each slide (total = the slides)."""
    lang = normalise_lang(lang)
    year = int(year)
    font = deck_font_choice(font)
    rows = deck_rows(ds, model, year, province)
    order = _slide_order(rows, lang)
    total = 2 + len(order)
    report = progress or (lambda done, total: None)
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = f"{t('report.programme', lang)} {year_label(year, lang)}"
    prs.core_properties.language = "th-TH" if lang == "th" else "en-US"
    _title_slide(prs, ds, year, province, lang)
    report(1, total)
    _national_slide(prs, ds, model, layers, year, rows, province, lang)
    sym = year_symbiosis(ds, year, lang)  # the symbiosis KPIs and flows of every area, read once
    report(2, total)
    for number, (_, row) in enumerate(order.iterrows(), start=3):
        _area_slide(prs, ds, model, layers, row, year, (notes or {}).get(row["area_id"]), number, lang, sym)
        report(number, total)
    apply_font(prs, font)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def slide_count(data: bytes) -> int:
    """How many slides a .pptx holds (read from its parts, without opening the presentation)."""
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return sum(1 for name in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", name))



def recorded_notes(ds: Dataset, year: int, lang: str = "th") -> dict[str, str]:
    """area_id → the problems and recommendations recorded for ``year`` (``ds.notes``), as the deck shows them."""
    notes = ds.notes
    if notes is None or notes.empty:
        return {}
    rows = notes.loc[notes["year"] == int(year)]
    return {r["area_id"]: f"{t('notes.problems', lang)}: {r['problems'] or '–'}\n"
                          f"{t('notes.recommendations', lang)}: {r['recommendations'] or '–'}"
            for _, r in rows.iterrows()}
