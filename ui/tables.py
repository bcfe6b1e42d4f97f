"""HTML tables and strips the pages show. Pure functions (no Streamlit): every text from data is escaped here.

Tables are plain HTML with real links, so they are keyboard- and screen-reader-friendly twins of the maps, and
every link is a URL that reproduces the view.
"""
from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import pandas as pd

from common.thai import sort_frame
from common.values import is_missing
from geo.colours import level_colour, text_on
from i18n import t, year_label
from reports.factory_card import factory_name, int_text

CSS = """<style>
.eit-table{border-collapse:collapse;width:100%;font-size:0.92rem}
.eit-table th,.eit-table td{border-bottom:1px solid #e3e6e4;padding:4px 8px;text-align:left;vertical-align:top}
.eit-table th{background:#f3f6f4;position:sticky;top:0}
.eit-table th a{color:inherit;text-decoration:none}
.eit-table td.num{text-align:right;font-variant-numeric:tabular-nums}
.eit-chip{display:inline-block;border-radius:10px;padding:0 8px;font-size:0.85rem;border:1px solid #888}
.eit-muted{color:#6b6b6b}
.eit-strip{display:flex;gap:3px;flex-wrap:wrap}
.eit-strip div{min-width:64px;padding:4px 6px;border-radius:4px;font-size:0.82rem;text-align:center;border:1px solid #bbb}
</style>"""


def href(page: str, params: dict) -> str:
    return escape(f"{page}?{urlencode(params)}", quote=True)


def _num(value, digits: int = 0) -> str:
    if is_missing(value):
        return "–"
    return f"{value:,.{digits}f}"


def level_chip(level, level_colours: dict[int, str], lang: str, status: str | None = None) -> str:
    """A coloured level badge; a level not yet certified (draft, verified or only computed) is drawn with a
    dashed border and says so."""
    if is_missing(level):
        return f'<span class="eit-muted">{escape(t("level.none", lang))}</span>'
    level = int(level)
    if level == 0:
        return f'<span class="eit-chip">{escape(t("level.below1", lang))}</span>'
    colour = level_colour(level, level_colours)
    text_colour = text_on(colour)
    if status and status != "certified":
        return (f'<span class="eit-chip" style="background:{escape(colour)};color:{text_colour};border:2px dashed #333"'
                f' title="{escape(t("cert." + status, lang))}">{escape(t("level.short", lang, n=level))}*</span>'
                f' <span class="eit-muted">{escape(t("cert.short_" + status, lang))}</span>')
    return (f'<span class="eit-chip" style="background:{escape(colour)};color:{text_colour}">'
            f'{escape(t("level.short", lang, n=level))}</span>')


AREA_SORT_KEYS = ["name", "province", "phase", "level", "physical", "economic", "social", "environmental",
                  "management", "n_factories", "developed_share"]


def sort_areas(table: pd.DataFrame, key: str, desc: bool, lang: str) -> pd.DataFrame:
    if key not in AREA_SORT_KEYS:
        key = "province"
    col = {"name": f"name_{lang}", "province": f"province_{lang}"}.get(key, key)
    t2 = table.assign(developed_share=table["n_developed"] / table["n_factories"].where(table["n_factories"] > 0))
    return sort_frame(t2, [col, "area_id"], ascending=[not desc, True])


#: The national table fits beside the map: every column at 1920 px (compact type, the five dimension scores under
#: short headings, a name on at most two or three lines), and in a narrower column (a 1366 px laptop) the phase,
#: the dimension scores and the developed share step aside so the name, province, level and factories stay
#: readable. The wrapper is a
#: CSS size container, so this follows the table's own width, not the window's.
AREA_TABLE_CSS = """<style>
.eit-area-wrap{container-type:inline-size;width:100%}
#area-table{font-size:0.84rem;table-layout:auto}
#area-table th,#area-table td{padding:3px 4px}
#area-table th{white-space:nowrap;font-weight:600}
#area-table td.name{min-width:12.5em;max-width:22em}
#area-table td.name a{display:-webkit-box;-webkit-line-clamp:3;line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
#area-table td.prov{min-width:5.5em}
#area-table td.lvl{white-space:nowrap}
#area-table td.lvl .eit-muted{display:block;font-size:0.78rem;white-space:normal;min-width:5em}
#area-table .eit-chip{font-size:0.78rem;padding:0 6px}
#area-table abbr{text-decoration:none}
.eit-compact-note{display:none;font-size:0.82rem;color:#5f5f5f}
@container (max-width: 720px){#area-table .opt{display:none}#area-table td.prov{min-width:0}#area-table th{white-space:normal}
 .eit-compact-note{display:block}}
</style>"""


def area_table_html(table: pd.DataFrame, lang: str, level_colours: dict[int, str], year: int,
                    sort: str, desc: bool, base_params: dict) -> str:
    """The national table: one row per area, sortable by header links, each row linking to the area page.
    Columns of class ``opt`` (phase, the dimension scores, the developed share) are left out where the table is
    narrow."""
    rows = sort_areas(table, sort, desc, lang)
    dims = ["physical", "economic", "social", "environmental", "management"]
    head = []
    columns = [("name", t("col.area", lang), None, ""), ("province", t("col.province", lang), None, ""),
               ("phase", t("col.phase", lang), None, "opt"), ("level", t("col.level", lang), None, "")]
    columns += [(d, t(f"dim_abbr.{d}", lang), t(f"dim.{d}", lang), "opt") for d in dims]
    columns += [("n_factories", t("col.factories", lang), None, ""),
                ("developed_share", t("col.developed", lang), None, "opt")]
    for key, label, full, cls in columns:
        new_desc = not desc if key == sort else key not in ("name", "province")
        mark = (" ▼" if desc else " ▲") if key == sort else ""
        params = {**base_params, "sort": key, "desc": "1" if new_desc else "0"}
        aria = ' aria-sort="%s"' % ("descending" if desc else "ascending") if key == sort else ""
        text = f'<abbr title="{escape(full)}">{escape(label)}</abbr>' if full else escape(label)
        klass = f' class="{cls}"' if cls else ""
        head.append(f'<th scope="col"{klass}{aria}><a href="{href("", params)}" target="_self">{text}{mark}</a></th>')
    body = []
    for _, r in rows.iterrows():
        full = str(r[f"name_{lang}"])
        chip = t("area.placeholder_chip", lang)
        # (a name longer than three lines ends in "…" and shows whole as its tooltip and on the area page)
        name = escape(full)
        if r.get("status") == "placeholder" and chip.lower() not in full.lower():   # unless the name says so
            name += f' <span class="eit-chip eit-muted">{escape(chip)}</span>'
        link = href("area", {**base_params, "area": r["area_id"]})
        if not r["in_programme"]:
            level = f'<span class="eit-muted">{escape(t("area.not_yet", lang, year=year_label(r["year_joined"], lang)))}</span>'
        else:
            level = level_chip(r["level"], level_colours, lang, r.get("level_status"))
        share = r["n_developed"] / r["n_factories"] * 100 if r["n_factories"] else float("nan")
        cells = [f'<td class="name"><a href="{link}" target="_self" title="{escape(full)}">{name}</a></td>',
                 f'<td class="prov">{escape(str(r[f"province_{lang}"]))}</td>',
                 f'<td class="num opt">{int(r["phase"])}</td>', f'<td class="lvl">{level}</td>']
        cells += [f'<td class="num opt">{_num(r[d])}</td>' for d in dims]
        cells += [f'<td class="num">{_num(r["n_factories"])}</td>', f'<td class="num opt">{_num(share)}%</td>']
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = escape(t("national.table_caption", lang, year=year_label(year, lang), n=len(rows)))
    return (CSS + AREA_TABLE_CSS + f'<div class="eit-area-wrap"><table class="eit-table" id="area-table">'
            f'<caption>{caption}</caption><thead><tr>' + "".join(head) + "</tr></thead><tbody>" + "".join(body)
            + "</tbody></table>"
            f'<div class="eit-compact-note">{escape(t("national.table_compact_note", lang))}</div></div>')


#: The factory table's columns: (label key, the key it sorts by in scoring.factories.sort_factories).
FACTORY_COLUMNS = [("col.registration_no", "registration_no"), ("col.factory_name", "name"),
                   ("col.class", "factory_class"), ("col.isic", "isic"), ("col.status", "status"),
                   ("col.compliance", "compliance"), ("col.gi_level", "gi_level"),
                   ("col.eco_factory", "eco_factory_year"), ("col.csr_diw", "csr_diw_year")]


def factory_table_html(rows: pd.DataFrame, lang: str, base_params: dict, compliance_latest: pd.Series,
                       limit: int | None = 300, sort: str | None = None, desc: bool = False) -> str:
    """The area page's factory list (one page of it); each registration number links to the factory page.  The
    column the rows are sorted by is marked (▲ / ▼, ``aria-sort``)."""
    out = [CSS, '<table class="eit-table" id="factory-table"><thead><tr>']
    for label, key in FACTORY_COLUMNS:
        aria = f' aria-sort="{"descending" if desc else "ascending"}"' if key == sort else ""
        mark = (" ▼" if desc else " ▲") if key == sort else ""
        out.append(f'<th scope="col"{aria}>{escape(t(label, lang))}{mark}</th>')
    out.append("</tr></thead><tbody>")
    for _, r in (rows if limit is None else rows.head(limit)).iterrows():
        reg = r["registration_no"]
        link = href("factory", {**base_params, "factory": reg})
        comp = compliance_latest.get(reg, "not_inspected")
        gi = int(r["gi_level"])
        out.append(
            "<tr>"
            f'<td style="white-space:nowrap"><a href="{link}" target="_self">{escape(reg)}</a></td>'
            f'<td>{escape(factory_name(r, lang))}</td>'
            f'<td class="num">{int_text(r["factory_class"])}</td><td>{escape(str(r["isic"] or "–"))}</td>'
            f'<td>{escape(t("fstatus." + str(int(r["status"])), lang) if pd.notna(r["status"]) else "–")}</td>'
            f'<td>{escape(t("compliance." + comp, lang))}</td>'
            f'<td>{escape(t("gi.short", lang, n=gi) if gi else "–")}</td>'
            f'<td>{escape(year_label(r["eco_factory_year"], lang) if pd.notna(r["eco_factory_year"]) else "–")}</td>'
            f'<td>{escape(year_label(r["csr_diw_year"], lang) if pd.notna(r["csr_diw_year"]) else "–")}</td>'
            "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def history_strip_html(history: pd.DataFrame, lang: str, colours: dict[str, str]) -> str:
    """Compliance, inspections and complaints per year as a compact strip of coloured cells."""
    cells = []
    for _, r in history.sort_values("year").iterrows():
        comp = str(r["compliance"])
        colour = colours.get(comp, "#ffffff")
        cells.append(
            f'<div style="background:{escape(colour)}" title="{escape(t("compliance." + comp, lang))}">'
            f'<b>{escape(year_label(r["year"], lang))}</b><br>{escape(t("compliance." + comp, lang))}<br>'
            f'{escape(t("factory.inspections_n", lang, n=int(r["inspections"])))}<br>'
            f'{escape(t("factory.complaints_n", lang, n=int(r["complaints"])))}</div>')
    return CSS + '<div class="eit-strip" id="history-strip">' + "".join(cells) + "</div>"


def simple_table_html(headers: list[str], rows: list[list], table_id: str = "") -> str:
    """A plain table; every header and cell is text and is escaped."""
    ident = f' id="{escape(table_id)}"' if table_id else ""
    head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return CSS + f'<table class="eit-table"{ident}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def definition_table_html(pairs: list[tuple[str, object]], table_id: str = "") -> str:
    """Label/value rows (a record's details)."""
    ident = f' id="{escape(table_id)}"' if table_id else ""
    body = "".join(f'<tr><th scope="row">{escape(str(k))}</th><td>{escape(str(v))}</td></tr>' for k, v in pairs)
    return CSS + f'<table class="eit-table"{ident}><tbody>{body}</tbody></table>'


def badges_html(badges: list[tuple[str, str, str]]) -> str:
    """Status badges: (label, value, background colour); the value in black or white, whichever reads better."""
    out = []
    for label, value, colour in badges:
        out.append(f'<div style="border:1px solid #c9cfcb;border-radius:8px;padding:6px 12px;min-width:150px">'
                   f'<div class="eit-muted" style="font-size:0.85rem">{escape(label)}</div>'
                   f'<div><span class="eit-chip" style="background:{escape(colour)};color:{text_on(colour)};'
                   f'font-size:1rem;padding:2px 10px">'
                   f'{escape(value)}</span></div></div>')
    return CSS + '<div id="badges" style="display:flex;gap:10px;flex-wrap:wrap">' + "".join(out) + "</div>"


def big_numbers_html(items: list[tuple[str, str]], vertical: bool = False) -> str:
    """Large figures with their labels, for presentation mode (readable from the back of a meeting room);
    ``vertical`` stacks them in one column (a figure of text, like a status, gets a smaller size)."""
    def size(value: str) -> str:
        return "3rem" if len(value) <= 8 else "1.6rem"

    cells = "".join(f'<div style="flex:1;min-width:200px"><div style="font-size:1.3rem;color:#555">{escape(label)}</div>'
                    f'<div style="font-size:{size(value)};font-weight:700;line-height:1.15">{escape(value)}</div></div>'
                    for label, value in items)
    direction = "column" if vertical else "row"
    return CSS + (f'<div id="big-numbers" style="display:flex;flex-direction:{direction};gap:{10 if vertical else 16}px;'
                  f'flex-wrap:wrap">{cells}</div>')
