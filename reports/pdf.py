"""PDF reports (A4) of one area and of one factory, made with fpdf2. Sarabun (regular and bold) is embedded and
Thai is shaped with HarfBuzz (``uharfbuzz``), so tone marks and vowels sit where they should and the text can be
selected, searched and copied as Thai.

Every page carries the demo notice when the data is demo data, the date of the data and the boundary attribution
(``data/boundaries/SOURCES.md``).
"""
from __future__ import annotations

import io

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace, TTFFont
from fpdf.output import OutputProducer

from common.values import is_missing
from geo.colours import COMPLIANCE_COLOURS, hex_to_rgb, level_colour, text_on
from geo.layers import MapLayers
from i18n import date_label, normalise_lang, t, year_label
from programme.dataset import Dataset
from programme.provenance import boundary_attribution
from reports import FONT_FAMILY, ReportError, as_of_text, font_file
from reports.charts import area_history_png, area_radar_png
from reports.factory_card import as_of_line, factory_badges, factory_details, factory_name, has_coordinates
from reports.flow_map import YearSymbiosis, flow_map_png, year_symbiosis
from reports.static_maps import area_map_png, factory_map_png
from reports.thaiwords import breakable
from scoring.area_facts import AreaYearFacts, area_year_facts, uncertified_mark
from scoring.criteria import DIMENSIONS, version_label
from scoring.factories import compliance_in
from scoring.summary import Model, scorecard

GREEN = (27, 110, 79)
TEXT = (27, 27, 27)
MUTED = (107, 107, 107)
WARN = (179, 58, 0)
HEAD_FILL = "#e8f1ec"
LINE = 6.0  # mm, body line height at 11 pt


SARA_AM, SARA_AA = 0x0E33, 0x0E32
ZWSP = 0x200B          # the word breaks reports.thaiwords inserts: drawn as nothing, copied as nothing


class _NoText(int):
    """A ToUnicode destination that writes as nothing (``<code> <>``): for a glyph that carries no text."""

    def __format__(self, spec: str) -> str:
        return ""


class ThaiTextProducer(OutputProducer):
    """fpdf2's output with the text of SARA AM (ำ) put back where copy and search expect it.

    HarfBuzz draws ำ as two glyphs, NIKHAHIT (often merged with a tone mark, e.g. ``uni0E4D0E49``) then SARA AA.
    fpdf2 gives the whole cluster's text to the first glyph and none to the second, so extracted text reads
    'นำ้' + a stray control character instead of 'น้ำ'. Here the ำ moves to the SARA AA glyph (the last one of the
    cluster) and the first glyph keeps only its tone mark, or nothing. The zero-width spaces between Thai words
    (line-break points) copy as nothing, so copied and searched text reads as written. Only the ToUnicode map
    changes; what is drawn does not."""

    def bufferize(self) -> bytearray:
        for font in self.fpdf.fonts.values():
            if not isinstance(font, TTFFont):
                continue
            aa = font.cmap.get(SARA_AA)
            for glyph, _ in font.subset.items():
                if glyph is None:
                    continue
                text = glyph.unicode if isinstance(glyph.unicode, tuple) else (glyph.unicode,)
                if ZWSP in text:
                    glyph.unicode = tuple(c for c in text if c != ZWSP) or (_NoText(0),)
                elif glyph.glyph_name == aa and text == ():
                    glyph.unicode = (SARA_AM,)
                elif SARA_AM in text and glyph.glyph_name != aa:
                    glyph.unicode = tuple(c for c in text if c != SARA_AM) or (_NoText(0),)
        return super().bufferize()


def _dark(hex_colour: str) -> bool:
    """True when white text reads better than black on this fill (geo.colours.text_on, as on the page)."""
    return text_on(hex_colour) == "#ffffff"


def _num(v, digits: int = 1) -> str:
    if is_missing(v):
        return "–"
    v = float(v)
    return f"{v:,.0f}" if v == int(v) else f"{v:,.{digits}f}"


class Report(FPDF):
    """A4 portrait with a running header (the report's title) and a footer (demo notice, date of the data,
    boundary attribution, page n of N)."""

    def __init__(self, ds: Dataset, title: str, lang: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.ds, self.report_lang, self.report_title = ds, lang, title
        self.attribution = t("footer.attribution", lang) + " " + boundary_attribution(ds.data_dir, lang)
        self.as_of = as_of_text(ds, lang)
        self.add_font(FONT_FAMILY, "", str(font_file("Regular")))
        self.add_font(FONT_FAMILY, "B", str(font_file("Bold")))
        self.set_text_shaping(True)
        self.set_margins(15, 18, 15)
        self.set_auto_page_break(True, margin=28)
        self.set_title(title)
        self.set_author(t("report.org", lang))
        self.set_lang("th-TH" if lang == "th" else "en-US")
        self.set_creator("EIT dashboard (reports)")
        self.add_page()

    # page furniture ------------------------------------------------------------------------------------------
    def header(self):
        self.set_font(FONT_FAMILY, "", 8.5)
        self.set_text_color(*MUTED)
        self.set_xy(15, 8)
        self.cell(0, 5, f"{t('report.programme', self.report_lang)} · {self.report_title}", align="L")
        self.set_draw_color(200, 200, 200)
        self.line(15, 14, 195, 14)
        self.set_y(18)
        self.set_text_color(*TEXT)

    def footer(self):
        self.set_y(-26)
        self.set_draw_color(200, 200, 200)
        self.line(15, self.get_y(), 195, self.get_y())
        self.ln(1)
        self.set_font(FONT_FAMILY, "B" if self.ds.is_demo else "", 8)
        self.set_text_color(*(WARN if self.ds.is_demo else MUTED))
        left = self.as_of
        if self.ds.is_demo:
            left = t("report.demo_short", self.report_lang) + " · " + left
        self.cell(140, 4, left, align="L")
        self.set_font(FONT_FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 4, t("report.page", self.report_lang, n=self.page_no(), total="{nb}"), align="R",
                  new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT_FAMILY, "", 6.5)
        self.multi_cell(0, 3, self.attribution, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*TEXT)

    def normalize_text(self, text: str) -> str:
        """Every text the report writes may break between Thai words (reports.thaiwords), never inside one."""
        return super().normalize_text(breakable(text))

    # building blocks -----------------------------------------------------------------------------------------
    def para(self, text: str, size: float = 11, bold: bool = False, colour=TEXT, h: float | None = None,
             align: str = "L") -> None:
        self.set_font(FONT_FAMILY, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, h or size * 0.5, text, align=align, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*TEXT)

    def heading(self, text: str, size: float = 14, need: float = 30) -> None:
        """A section title, on a new page unless ``need`` mm of what follows it fit under it."""
        if self.get_y() + 12 + need > self.h - self.b_margin:
            self.add_page()
        self.ln(3)
        self.para(text, size=size, bold=True, colour=GREEN, h=size * 0.5)
        self.ln(1)

    def notice(self, text: str, fill: str = "#fff4e5", colour=WARN, bold: bool = True) -> None:
        self.set_fill_color(*hex_to_rgb(fill))
        self.set_draw_color(*colour)
        self.set_font(FONT_FAMILY, "B" if bold else "", 10.5)
        self.set_text_color(*colour)
        self.multi_cell(0, 5.5, text, border=1, fill=True, align="L", padding=(2, 3, 2, 3),
                        new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*TEXT)
        self.ln(2)

    def table_of(self, rows: list[list[str]], widths: list[float], fills: dict[tuple[int, int], str] | None = None,
                 size: float = 9.5, align: list[str] | None = None) -> None:
        """A table whose first row is the header (repeated on each page); ``fills`` colours single cells."""
        fills = fills or {}
        self.set_font(FONT_FAMILY, "", size)
        self.set_draw_color(190, 190, 190)
        with self.table(col_widths=widths, width=sum(widths), align="LEFT", text_align=align or "LEFT",
                        line_height=size * 0.5, padding=(1, 1.5, 1, 1.5), borders_layout="HORIZONTAL_LINES",
                        headings_style=FontFace(family=FONT_FAMILY, emphasis="BOLD", fill_color=HEAD_FILL)) as tab:
            for i, values in enumerate(rows):
                row = tab.row()
                for j, value in enumerate(values):
                    style = None
                    if (i, j) in fills:
                        fill = fills[(i, j)]
                        style = FontFace(fill_color=fill, color=(255, 255, 255) if _dark(fill) else TEXT)
                    row.cell(str(value), style=style)
        self.ln(2)

    def badges(self, items: list[tuple[str, str, str]]) -> None:
        """A row of coloured boxes: (label, value, fill colour)."""
        gap = 2.0
        width = (self.epw - gap * (len(items) - 1)) / len(items)
        x0, y0 = self.l_margin, self.get_y()
        for k, (label, value, fill) in enumerate(items):
            x = x0 + k * (width + gap)
            self.set_fill_color(*hex_to_rgb(fill))
            self.set_draw_color(150, 150, 150)
            self.rect(x, y0, width, 16, style="DF")
            self.set_text_color(*((255, 255, 255) if _dark(fill) else TEXT))
            self.set_xy(x + 1.5, y0 + 1.2)
            self.set_font(FONT_FAMILY, "", 8)
            self.multi_cell(width - 3, 4, label, align="L", new_x="LEFT", new_y="NEXT")
            self.set_x(x + 1.5)
            self.set_font(FONT_FAMILY, "B", 9.5)
            self.multi_cell(width - 3, 4.6, value, align="L", new_x="LEFT", new_y="NEXT")
        self.set_text_color(*TEXT)
        self.set_xy(x0, y0 + 18)

    def picture(self, png: bytes, x: float, y: float, w: float) -> None:
        self.image(io.BytesIO(png), x=x, y=y, w=w)

    def output_bytes(self) -> bytes:
        return bytes(self.output(output_producer_class=ThaiTextProducer))


def _level_text(level: int | None, lang: str) -> str:
    if level is None:
        return t("level.none", lang)
    return t("level.below1", lang) if level == 0 else t("level.short", lang, n=level)


TOP_EXCHANGES = 10  # exchanges listed in the area report (the largest by tonnes, then by quantity)


def _symbiosis_section(pdf: Report, ds: Dataset, layers: MapLayers, sym: YearSymbiosis, area_id: str,
                       lang: str) -> None:
    """The area page's symbiosis KPIs beside a flow map, then the largest exchanges (public ones only)."""
    pdf.heading(t("report.symbiosis_title", lang, year=year_label(sym.year, lang)), need=95)
    pdf.para(t("report.symbiosis_public", lang), size=9, colour=MUTED)
    pdf.ln(1)
    y0 = pdf.get_y()
    pdf.picture(flow_map_png(ds, layers, sym, area_id, size=(900, 760)), 110, y0, 85)
    pdf.table_of([[t("report.item", lang), t("col.value", lang)], *[[k, v] for k, v in sym.items(area_id)]],
                 [52, 40], size=9, align=["LEFT", "RIGHT"])
    pdf.set_y(max(pdf.get_y(), y0 + 85 * 760 / 900 + 2))
    flows = sym.area_flows(area_id)
    if flows.empty:
        pdf.para(t("sym.none", lang), size=10, colour=MUTED)
        return
    top = flows.assign(_q=pd.to_numeric(flows["quantity"], errors="coerce")).sort_values(
        ["tonnes", "_q", "exchange_id"], ascending=[False, False, True], kind="stable").head(TOP_EXCHANGES)
    pdf.para(t("report.symbiosis_top", lang, n=len(top), total=len(flows)), size=10, bold=True)
    rows = [[t(k, lang) for k in ("sym.col_from", "sym.col_to", "sym.col_material", "sym.col_quantity",
                                  "sym.col_status")]]
    rows += [[r.from_name, r.to_name, r.material_text, r.quantity_text, r.status_text] for r in top.itertuples()]
    pdf.table_of(rows, [46, 46, 38, 28, 22], size=8.5, align=["LEFT", "LEFT", "LEFT", "RIGHT", "LEFT"])


def _area_row(ds: Dataset, area_id: str) -> pd.Series:
    hit = ds.areas.loc[ds.areas["area_id"] == area_id]
    if hit.empty:
        raise ReportError(th=f"ไม่พบพื้นที่รหัส {area_id!r}", en=f"unknown area {area_id!r}")
    return hit.iloc[0]


def _area_identity(pdf: Report, ds: Dataset, area: pd.Series, year: int, lang: str) -> None:
    """The report's title, the area's name and chips, and its notices (demo data, placeholder, assumed boundary)."""
    prov = ds.provinces.set_index("code").loc[area["province_code"]]
    pdf.para(t("report.area_report_title", lang) + " · " + year_label(year, lang), size=11, colour=MUTED)
    pdf.para(area[f"name_{lang}"], size=20, bold=True, colour=GREEN, h=10)
    chips = [prov[f"name_{lang}"], t(f"kind.{area['kind']}", lang), t("area.phase_n", lang, n=int(area["phase"])),
             t("area.joined", lang, year=year_label(area["year_joined"], lang))]
    pdf.para(" · ".join(chips), size=10.5, colour=MUTED)
    pdf.ln(2)
    if ds.is_demo:
        pdf.notice(t("report.demo_notice", lang))
    if area["status"] == "placeholder":
        pdf.notice(t("area.placeholder_note", lang), fill="#fffbe6", bold=False)
    if area["boundary"] == "assumed":
        pdf.notice(t("area.boundary_assumed", lang, codes=area["admin_codes"]), fill="#eef4fb",
                   colour=(40, 70, 120), bold=False)


def _status_line(status: str | None, lang: str) -> str:
    """'Certification: draft (not yet verified)' for a level shown, '' for none."""
    return "" if status is None else t("report.cert_status", lang, status=t(f"report.status_{status}", lang))


def _level_cells(ds: Dataset, facts: AreaYearFacts, lang: str) -> tuple[str, str]:
    """The level of the year (on record, its name, its certification status, and the computed level where it
    differs) and the level of the year before (with its status unless certified)."""
    names = ds.levels.set_index("level")[f"name_{lang}"]
    now = [_level_text(facts.level, lang) + (f" {names.get(facts.level, '')}" if facts.level else "")]
    if facts.level is not None:
        now.append(_status_line(facts.status, lang))
    if facts.computed_level is not None and facts.computed_level != facts.level:
        now.append(t("report.computed_level", lang, level=_level_text(facts.computed_level, lang)))
    before = [_level_text(facts.previous_level, lang)]
    if facts.previous_level is not None and facts.previous_status != "certified":
        before.append(_status_line(facts.previous_status, lang))
    return "\n".join(now), "\n".join(before)


def _level_table(pdf: Report, ds: Dataset, facts: AreaYearFacts, lang: str) -> None:
    """The headline: the level a person reads (scoring.area_facts), the year before and the factories."""
    now, before = _level_cells(ds, facts, lang)
    colour = level_colour(facts.level, ds.level_colours)
    pdf.table_of([[t("report.level_in", lang, year=year_label(facts.year, lang)),
                   t("report.previous_year", lang, year=year_label(facts.year - 1, lang)), t("col.factories", lang)],
                  [now, before, t("report.factory_counts", lang, n=f"{facts.n_factories:,}",
                                  developed=f"{facts.n_developed:,}")]],
                 [70, 50, 60], fills={(1, 0): colour}, size=11)


def _dimension_section(pdf: Report, ds: Dataset, model: Model, layers: MapLayers, facts: AreaYearFacts,
                       lang: str) -> None:
    """The dimension scores against the year before, then the radar beside the area's map."""
    year, area_id = facts.year, facts.area_id
    pdf.heading(t("report.dimension_scores", lang))
    rows = [[t("col.dimension", lang), year_label(year, lang), year_label(year - 1, lang), t("report.change", lang)]]
    for d, now, before in zip(facts.dimensions["dimension_id"], facts.dimensions["score"],
                              facts.dimensions["previous"]):
        diff = "–" if is_missing(now) or is_missing(before) else f"{now - before:+.0f}"
        rows.append([t(f"dim.{d}", lang), _num(now, 0), _num(before, 0), diff])
    pdf.table_of(rows, [60, 40, 40, 40], align=["LEFT", "RIGHT", "RIGHT", "RIGHT"])
    y_images = pdf.get_y() + 2
    if y_images + 92 > pdf.h - pdf.b_margin:  # the two pictures and their titles
        pdf.add_page()
        y_images = pdf.get_y()
    pdf.set_font(FONT_FAMILY, "B", 11)
    pdf.set_xy(15, y_images)
    pdf.cell(85, 6, t("area.radar_title", lang))
    pdf.set_xy(105, y_images)
    pdf.cell(90, 6, t("area.map_title", lang))
    pdf.picture(area_radar_png(model, area_id, year, lang, size=(700, 620)), 15, y_images + 7, 85)
    pdf.picture(area_map_png(ds, layers, area_id, year, lang, size=(800, 720)), 105, y_images + 7, 90)
    pdf.set_y(y_images + 7 + 90 * 720 / 800 + 3)


def _map_only(pdf: Report, ds: Dataset, layers: MapLayers, area_id: str, year: int, lang: str) -> None:
    """A year the area was not assessed in: a note and its map."""
    pdf.notice(t("area.no_assessment", lang), fill="#f3f3f3", colour=MUTED, bold=False)
    pdf.para(t("area.map_title", lang), size=11, bold=True)
    y = pdf.get_y() + 1
    pdf.picture(area_map_png(ds, layers, area_id, year, lang, size=(800, 720)), 15, y, 110)
    pdf.set_y(y + 110 * 720 / 800 + 3)


def _threshold(direction: str, threshold, unit: str = "") -> str:
    return ("≥ " if direction == "higher" else "≤ ") + _num(threshold) + unit


def _blockers_section(pdf: Report, ds: Dataset, facts: AreaYearFacts, lang: str) -> None:
    """What blocks the next level, from the assessment (the computed level)."""
    pdf.heading(t("area.blockers_title", lang, n=facts.next_level or 5))
    if facts.next_level is None:
        pdf.para(t("area.top_level", lang))
        return
    if facts.blockers.empty:
        pdf.para(t("area.no_blockers", lang))
        return
    crit = ds.criteria.table.set_index("indicator_id")
    rows = [[t("col.indicator", lang), t("report.level_tag_short", lang), t("col.result", lang),
             t("col.value", lang), t("col.threshold", lang)]]
    for _, b in facts.blockers.iterrows():
        c = crit.loc[b["indicator_id"]]
        rows.append([f"{b['indicator_id']} {c[f'indicator_{lang}']}", str(int(b["level"])),
                     t(f"status.{b['status']}", lang), _num(b["value"]), _threshold(c["direction"], c["threshold"])])
    pdf.table_of(rows, [92, 20, 22, 22, 24], align=["LEFT", "CENTER", "LEFT", "RIGHT", "RIGHT"])


def _scorecard_rows(part: pd.DataFrame, lang: str) -> tuple[list[list[str]], dict[tuple[int, int], str]]:
    """One dimension's indicator rows (header first) and the fills of the failing results."""
    rows = [[t("col.aspect", lang), t("col.indicator", lang), t("report.level_tag_short", lang),
             t("col.value", lang), t("col.threshold", lang), t("col.result", lang), t("col.score", lang)]]
    fills = {}
    for _, r in part.iterrows():
        unit = "" if is_missing(r["unit"]) else f" {r['unit']}"
        rows.append([r[f"aspect_{lang}"], f"{r['indicator_id']} {r[f'indicator_{lang}']}", str(int(r["level"])),
                     _num(r["value"]) + (unit if not is_missing(r["value"]) else ""),
                     _threshold(r["direction"], r["threshold"], unit), t(f"status.{r['status']}", lang),
                     _num(r["score"], 0)])
        if r["status"] == "fail":
            fills[(len(rows) - 1, 5)] = "#fde0dd"
    return rows, fills


def _scorecard_section(pdf: Report, ds: Dataset, model: Model, facts: AreaYearFacts, lang: str) -> None:
    """The indicator scorecard, one table per dimension."""
    pdf.heading(t("area.scorecard_title", lang, year=year_label(facts.year, lang)))
    pdf.para(t("area.criteria_note", lang, version=version_label(ds.criteria.version, lang)), size=9, colour=MUTED)
    card = scorecard(model, ds.criteria, facts.area_id, facts.year)
    scores = facts.dimensions.set_index("dimension_id")["score"]
    for dim in DIMENSIONS:
        pdf.heading(f"{t(f'dim.{dim}', lang)} · {t('col.score', lang)} {_num(scores.get(dim), 0)}", size=12, need=40)
        rows, fills = _scorecard_rows(card.loc[card["dimension_id"] == dim], lang)
        pdf.table_of(rows, [36, 62, 12, 22, 22, 13, 13], fills=fills, size=8.5,
                     align=["LEFT", "LEFT", "CENTER", "RIGHT", "RIGHT", "LEFT", "RIGHT"])


def _history_section(pdf: Report, ds: Dataset, model: Model, facts: AreaYearFacts, lang: str) -> None:
    """The level shown each year (on record), a level not certified marked '*' with the legend under it."""
    hist = facts.history
    if hist.empty:
        return
    pdf.heading(t("area.history_title", lang), need=90)
    y = pdf.get_y()
    pdf.picture(area_history_png(model, ds.level_colours, facts.area_id, lang, certifications=ds.certifications),
                15, y, 180)
    pdf.set_y(y + 180 * 480 / 1200 + 2)
    marks = [uncertified_mark(s) for s in hist["status"]]
    rows = [[year_label(y2, lang) for y2 in hist["year"]],
            [_level_text(int(v), lang) + mark for v, mark in zip(hist["level"], marks)]]
    n = len(hist)
    pdf.table_of(rows, [180 / n] * n, size=8.5, align="CENTER")
    if any(marks):
        pdf.para(t("area.history_mark_note", lang), size=9, colour=MUTED)


def area_report_pdf(ds: Dataset, model: Model, layers: MapLayers, area_id: str, year: int, lang: str = "th") -> bytes:
    """One area's report for ``year``: identity, level (the level on record with its certification status, the
    computed level where it differs, and the year before; scoring.area_facts, as on the area page), dimension
    scores with the radar, the map of its factories, what blocks the next level, the indicator scorecard by
    dimension and the level history; its industrial symbiosis (the KPIs of the area page, a flow map and the
    largest exchanges, public ones only). A year in which the area was not assessed gives the identity, map,
    symbiosis and history only."""
    lang = normalise_lang(lang)
    area = _area_row(ds, area_id)
    facts = area_year_facts(ds, model, area_id, int(year))
    pdf = Report(ds, t("report.area_report_title", lang), lang)
    _area_identity(pdf, ds, area, facts.year, lang)
    _level_table(pdf, ds, facts, lang)
    if facts.assessed:
        _dimension_section(pdf, ds, model, layers, facts, lang)
        _blockers_section(pdf, ds, facts, lang)
        _scorecard_section(pdf, ds, model, facts, lang)
    else:
        _map_only(pdf, ds, layers, area_id, facts.year, lang)
    sym = year_symbiosis(ds, facts.year, lang)
    if sym is not None:
        _symbiosis_section(pdf, ds, layers, sym, area_id, lang)
    _history_section(pdf, ds, model, facts, lang)
    return pdf.output_bytes()


def _factory_identity(pdf: Report, ds: Dataset, f: pd.Series, lang: str) -> None:
    """The report's title, the factory's names and registration, and the demo notice."""
    pdf.para(t("report.factory_report_title", lang), size=11, colour=MUTED)
    name = factory_name(f, lang)
    pdf.para(name, size=18, bold=True, colour=GREEN, h=9)
    other = f["name_en" if lang == "th" else "name_th"]
    if isinstance(other, str) and other.strip() and other != name:
        pdf.para(other, size=12, colour=MUTED)
    pdf.para(f"{t('col.registration_no', lang)} {f['registration_no']} · FID {f['fid']}", size=12, bold=True)
    pdf.ln(2)
    if ds.is_demo:
        pdf.notice(t("report.demo_notice", lang))


def _factory_details(pdf: Report, ds: Dataset, layers: MapLayers, f: pd.Series, lang: str) -> None:
    """The details table, then the factory's map among its neighbours (or why there is none)."""
    pdf.heading(t("factory.details", lang))
    details = [(t("col.registration_no", lang), f["registration_no"]), ("FID", f["fid"]),
               *factory_details(ds, f, lang)]
    pdf.table_of([[t("report.item", lang), t("report.detail", lang)], *[[k, str(v)] for k, v in details]],
                 [55, 125], size=10)
    if pd.isna(f["area_id"]):
        pdf.para(t("factory.outside_areas", lang), size=11, colour=MUTED)
    if has_coordinates(f):
        pdf.heading(t("factory.map_title", lang), need=122)
        y = pdf.get_y()
        pdf.picture(factory_map_png(ds, layers, f["registration_no"], lang, size=(1000, 750)), 15, y, 160)
        pdf.set_y(y + 160 * 750 / 1000 + 3)
    else:
        pdf.heading(t("factory.map_title", lang))
        pdf.para(t("factory.no_coordinates", lang), size=11, colour=MUTED)


def _factory_checklist(pdf: Report, ds: Dataset, registration_no: str, lang: str) -> None:
    pdf.heading(t("factory.checklist", lang))
    items = ds.compliance_items.set_index("item_id")
    checks = ds.checklist.loc[ds.checklist["registration_no"] == registration_no]
    rows = [[t("factory.item", lang), t("factory.law", lang), t("col.result", lang), t("factory.checked_on", lang)]]
    fills = {}
    for i, r, d in zip(checks["item_id"], checks["result"], checks["checked_on"]):
        rows.append([items.loc[i, f"name_{lang}"], items.loc[i, "law_th"], t("check." + r, lang), date_label(d, lang)])
        if r == "fail":
            fills[(len(rows) - 1, 2)] = "#fde0dd"
    if len(rows) > 1:
        pdf.table_of(rows, [62, 64, 20, 34], fills=fills, size=9)
    pdf.para(t("factory.checklist_note", lang), size=9, colour=MUTED)


def _factory_history(pdf: Report, history: pd.DataFrame, lang: str) -> None:
    pdf.heading(t("factory.history", lang))
    rows = [[t("report.col_year", lang), t("col.compliance", lang), t("report.col_inspections", lang),
             t("report.col_complaints", lang)]]
    fills = {}
    for _, h in history.iterrows():
        rows.append([year_label(h["year"], lang), t("compliance." + h["compliance"], lang), str(int(h["inspections"])),
                     str(int(h["complaints"]))])
        fills[(len(rows) - 1, 1)] = COMPLIANCE_COLOURS.get(h["compliance"], "#ffffff")
    if len(rows) > 1:
        pdf.table_of(rows, [40, 70, 35, 35], fills=fills, size=10, align=["LEFT", "LEFT", "RIGHT", "RIGHT"])
    pdf.ln(2)


def factory_report_pdf(ds: Dataset, layers: MapLayers, registration_no: str, lang: str = "th") -> bytes:
    """One factory's compliance report: registration number and names, badges (legal compliance, Green Industry,
    Eco Factory, CSR-DIW, status), details (class, category, ISIC, area, province, district), its map among its
    neighbours, the checklist, the yearly history and the date of the data."""
    lang = normalise_lang(lang)
    hit = ds.factories.loc[ds.factories["registration_no"] == registration_no]
    if hit.empty:
        raise ReportError(th=f"ไม่พบโรงงานเลขทะเบียน {registration_no!r}", en=f"unknown factory {registration_no!r}")
    f = hit.iloc[0]
    history = ds.history.loc[ds.history["registration_no"] == registration_no].sort_values("year")
    latest = int(history["year"].max()) if len(history) else None
    comp = compliance_in(history, latest).get(registration_no, "not_inspected") if latest else "not_inspected"
    pdf = Report(ds, t("report.factory_report_title", lang), lang)
    _factory_identity(pdf, ds, f, lang)
    pdf.badges(factory_badges(f, comp, latest, lang))
    _factory_details(pdf, ds, layers, f, lang)
    _factory_checklist(pdf, ds, registration_no, lang)
    _factory_history(pdf, history, lang)
    pdf.para(as_of_line(f, lang), size=11, bold=True)
    return pdf.output_bytes()
