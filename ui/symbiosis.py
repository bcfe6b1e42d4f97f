"""The symbiosis views' builders (no Streamlit): which exchanges a reader sees, the KPI tiles, the exchange
table (HTML, escaped, links to both parties), the Sankey (inline SVG), and the downloads of the current filter."""
from __future__ import annotations

import html
import io
import json

import pandas as pd

from common.cells import csv_bytes, safe_frame
from geo.flows import flows_geojson
from i18n import t, year_label
from symbiosis.register import Register
from symbiosis.views import (  # noqa: F401 (the pages use them from here too)
    area_parties,
    flow_parties,
    flows_of,
    labels,
    number,
    seen_register,
)
from ui.tables import CSS, href


def national_line(rows: pd.DataFrame, lang: str) -> str:
    """One sentence over the areas shown: operating exchanges, tonnes per year, CO2e avoided, cost saved."""
    total = rows.fillna(0).sum(numeric_only=True)
    return t("sym.national_line", lang, n=f"{int(total.get('n_operating', 0)):,}",
             areas=f"{int((rows['n_operating'].fillna(0) > 0).sum()):,}",
             tonnes=f"{total.get('tonnes_per_year', 0):,.0f}", co2e=f"{total.get('co2e_avoided_t', 0):,.0f}",
             thb=f"{total.get('cost_saved_thb', 0) / 1e6:,.1f}")


def flows_table(reg: Register, party: str, lang: str) -> tuple[int, list[str], list[list]] | None:
    """The newest year of a party's material-flow records (inputs, outputs, what it accepts) as (year, headers,
    rows) for :func:`ui.tables.simple_table_html` (which escapes them); None without records."""
    f = reg.flows[reg.flows["party_id"] == party]
    if f.empty:
        return None
    year = int(pd.to_numeric(f["year"]).max())
    f = f[pd.to_numeric(f["year"]) == year]
    rank = {d: i for i, d in enumerate(reg.vocab.codes_of("direction"))}
    f = f.assign(_r=f["direction"].map(rank)).sort_values(["_r", "flow_class", "material_th"], kind="stable")
    v = reg.vocab
    units = labels(reg, lang)["unit"]
    heads = [t(k, lang) for k in ("sym.col_direction", "sym.col_flow_class", "sym.col_material", "sym.col_waste_code",
                                  "sym.col_quantity", "sym.col_period")]
    rows = []
    for r in f.itertuples(index=False):
        mat = getattr(r, f"material_{lang}", None)
        mat = mat if isinstance(mat, str) and mat.strip() else r.material_th
        qty = pd.to_numeric(r.quantity, errors="coerce")
        rows.append([v.label("direction", r.direction, lang), v.label("flow_class", r.flow_class, lang), mat,
                     r.waste_code if isinstance(r.waste_code, str) and r.waste_code else "–",
                     f"{qty:,.0f} {units.get(r.unit, r.unit)}" if pd.notna(qty) else "–",
                     v.label("period", r.period, lang) if isinstance(r.period, str) else "–"])
    return year, heads, rows


def tiles_html(items: list[tuple[str, str]]) -> str:
    cells = "".join(f'<div style="border:1px solid #c9cfcb;border-radius:8px;padding:6px 12px;min-width:170px;flex:1">'
                    f'<div class="eit-muted" style="font-size:0.85rem">{html.escape(label)}</div>'
                    f'<div style="font-size:1.25rem;font-weight:600">{html.escape(value)}</div></div>'
                    for label, value in items)
    return CSS + f'<div id="symbiosis-kpis" style="display:flex;gap:8px;flex-wrap:wrap">{cells}</div>'


def _party_cell(pid: str, name: str, kind, kinds: dict, base_params: dict) -> str:
    if kind == "factory":
        return (f'<a href="{href("factory", {**base_params, "factory": pid})}" target="_self">{html.escape(str(name))}'
                f'</a> <span class="eit-muted">{html.escape(pid)}</span>')
    return (f'<a href="{href("party", {**base_params, "party": pid})}" target="_self">{html.escape(str(name))}</a> '
            f'<span class="eit-muted">({html.escape(kinds.get(kind, str(kind or "")))})</span>')


def exchange_table_html(flows: pd.DataFrame, reg: Register, lang: str, base_params: dict, limit: int = 500) -> str:
    """One row per exchange: giver, receiver (each links to its page: a factory's, or the party page), material, category, quantity per
    year, status, first year, CO2e avoided and cost saved.  Every text from data is escaped."""
    kinds = labels(reg, lang)["party_kind"]
    head = ["sym.col_from", "sym.col_to", "sym.col_material", "sym.col_category", "sym.col_quantity",
            "sym.col_status", "sym.col_since", "sym.col_co2e", "sym.col_thb"]
    out = [CSS, '<table class="eit-table" id="exchange-table"><thead><tr>']
    out += [f'<th scope="col">{html.escape(t(h, lang))}</th>' for h in head]
    out.append("</tr></thead><tbody>")
    for r in flows.head(limit).itertuples(index=False):
        out.append("<tr>"
                   f"<td>{_party_cell(r.from_party, r.from_name, r.from_kind, kinds, base_params)}</td>"
                   f"<td>{_party_cell(r.to_party, r.to_name, r.to_kind, kinds, base_params)}</td>"
                   f"<td>{html.escape(str(r.material_text))}</td><td>{html.escape(str(r.category_text))}</td>"
                   f'<td class="num">{html.escape(r.quantity_text)}</td><td>{html.escape(str(r.status_text))}</td>'
                   f"<td>{html.escape(year_label(r.year, lang))}</td>"
                   f'<td class="num">{number(pd.to_numeric(r.co2e_avoided_t, errors="coerce"))}</td>'
                   f'<td class="num">{number(pd.to_numeric(r.cost_saved_thb, errors="coerce"))}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


SANKEY_COLOURS = {"from": "#1b6e4f", "mat": "#d95f02", "to": "#1f78b4"}   # givers, materials, receivers


def _fmt_qty(v: float) -> str:
    return f"{v:,.0f}" if v >= 10 else f"{v:,.1f}"


#: The Sankey's label type (viewBox units) and how wide a character is drawn at most, in ems (Sarabun: Latin and
#: Thai letters under 0.6 em; Thai vowel and tone marks above or below a letter take no width).
SANKEY_FONT, SANKEY_LINE, EM_PER_CHAR = 14, 17, 0.6
#: Where each column's nodes stand, as a share of the width; each column's names are written to the right of its
#: nodes, in the room up to the next column (the receivers' up to the right edge).
SANKEY_X = {"from": 0.0, "mat": 0.36, "to": 0.70}
SANKEY_MAX_LINES = 2


def text_width(text: str, size: float = SANKEY_FONT) -> float:
    """An upper estimate of how wide ``text`` is drawn at ``size`` (zero-width Thai marks not counted)."""
    import unicodedata

    return sum(0.0 if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn" else EM_PER_CHAR
               for ch in text) * size


def wrap_label(text: str, room: float, size: float = SANKEY_FONT, max_lines: int = SANKEY_MAX_LINES) -> list[str]:
    """``text`` in lines no wider than ``room`` (by :func:`text_width`), broken at spaces (or anywhere, for a
    word wider than the room); at most ``max_lines``, the last one shortened with "…" when the text goes on."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if text_width(candidate, size) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        while text_width(word, size) > room:       # a word wider than the room: cut it where it fills the room
            cut = max(1, int(room // (EM_PER_CHAR * size)))
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + " …", size) > room:
            last = last[:-1]
        lines = lines[:max_lines - 1] + [last.rstrip() + " …"]
    return lines or [""]


def _sankey_columns(flows: pd.DataFrame) -> tuple[list, list, list, list, dict]:
    unit = flows["quantity_text"].astype(str).str.split(" ", n=1).str[1].fillna("")
    qty = pd.to_numeric(flows["quantity"], errors="coerce").fillna(0.0)
    value = qty.where(qty > 0, 1.0).astype(float).tolist()
    src = flows["from_name"].astype(str).tolist()
    mat = (flows["material_text"].astype(str) + " (" + unit + ")").tolist()
    dst = flows["to_name"].astype(str).tolist()
    columns = {"from": {}, "mat": {}, "to": {}}            # node name -> total value, in order of appearance
    for a, m_, b, v in zip(src, mat, dst, value):
        for kind, name in (("from", a), ("mat", m_), ("to", b)):
            columns[kind][name] = columns[kind].get(name, 0.0) + v
    return src, mat, dst, value, columns


def sankey_layout(flows: pd.DataFrame, width: int = 1000) -> dict:
    """Where the Sankey draws its nodes and names: each node in a slot as tall as the node or its name (wrapped
    to the room of its column, at most two lines), slots one under the other, so that no name overlaps another
    or leaves the picture. Returns the columns, the value scale, the height, each node's place
    ``(kind, name) -> [y, next y out, next y in, height]`` and each name's ``(kind, name) -> (x, y, lines)``."""
    src, mat, dst, value, columns = _sankey_columns(flows)
    top, gap, node_w = 34, 6, 14
    xs = {k: 4 + share * (width - 8) for k, share in SANKEY_X.items()}
    rooms = {"from": xs["mat"] - xs["from"] - node_w - 14, "mat": xs["to"] - xs["mat"] - node_w - 14,
             "to": width - 4 - xs["to"] - node_w - 6}
    lines = {(k, n): wrap_label(n, rooms[k]) for k, nodes in columns.items() for n in nodes}
    base = max(320, min(1400, 22 * max(len(c) for c in columns.values()) + 80))
    scale = min((base - top - 10 - gap * (len(c) - 1)) / sum(c.values()) for c in columns.values())
    place, names, bottom = {}, {}, top
    for kind, nodes in columns.items():
        y = top
        for name, total in nodes.items():
            h = max(2.0, total * scale)
            label_h = SANKEY_LINE * len(lines[(kind, name)])
            slot = max(h, label_h)
            ny = y + (slot - h) / 2
            place[(kind, name)] = [ny, ny, ny, h]
            first = y + (slot - label_h) / 2 + SANKEY_LINE * 0.78       # the first line's baseline
            names[(kind, name)] = (xs[kind] + node_w + 6, first, lines[(kind, name)])
            y += slot + gap
        bottom = max(bottom, y)
    return {"columns": columns, "scale": scale, "height": max(base, bottom + 10), "place": place, "names": names,
            "xs": xs, "node_w": node_w, "rows": (src, mat, dst, value)}


def sankey_svg(flows: pd.DataFrame, lang: str, width: int = 1000) -> str:
    """Givers → materials → receivers of the exchanges as inline SVG (``id="sankey"``), width by quantity per year
    (each material node is one material in one unit, so tonnes are never added to cubic metres). Two links
    (``class="sankey-link"``) per exchange, each with its tooltip; every node has its name and total as a
    tooltip, and its name written beside it (:func:`sankey_layout`: wrapped, never over another name, never off
    the picture). Every text from data is escaped. Drawn on the server: no chart library in the browser."""
    if flows.empty:
        return ""
    lay = sankey_layout(flows, width)
    columns, scale, place, xs, node_w = lay["columns"], lay["scale"], lay["place"], lay["xs"], lay["node_w"]
    src, mat, dst, value = lay["rows"]
    out = [f'<text x="{width / 2:.0f}" y="18" text-anchor="middle" font-size="14" fill="#595959">'
           f'{html.escape(t("sym.sankey_caption", lang))}</text>']
    for a, m_, b, v, q_text in zip(src, mat, dst, value, flows["quantity_text"].astype(str)):
        w = max(1.5, v * scale)
        for (k1, n1), (k2, n2) in ((("from", a), ("mat", m_)), (("mat", m_), ("to", b))):
            p1, p2 = place[(k1, n1)], place[(k2, n2)]
            y1, y2 = p1[1] + w / 2, p2[2] + w / 2
            p1[1] += w
            p2[2] += w
            x1, x2 = xs[k1] + node_w, xs[k2]
            xm = (x1 + x2) / 2
            tip = html.escape(f"{n1} → {n2} · {q_text}")
            out.append(f'<path class="sankey-link" d="M{x1:.1f},{y1:.1f} C{xm:.1f},{y1:.1f} {xm:.1f},{y2:.1f} '
                       f'{x2:.1f},{y2:.1f}" fill="none" stroke="#787878" stroke-opacity="0.3" '
                       f'stroke-width="{w:.1f}"><title>{tip}</title></path>')
    for (kind, name), (y, _o, _i, h) in place.items():
        label = html.escape(name)
        out.append(f'<rect class="sankey-node" x="{xs[kind]:.1f}" y="{y:.1f}" width="{node_w}" height="{h:.1f}" '
                   f'fill="{SANKEY_COLOURS[kind]}"><title>{label} · {_fmt_qty(columns[kind][name])}</title></rect>')
        lx, ly, lines = lay["names"][(kind, name)]
        more = "".join(f'<tspan x="{lx:.1f}" dy="{SANKEY_LINE}">{html.escape(line)}</tspan>' for line in lines[1:])
        out.append(f'<text x="{lx:.1f}" y="{ly:.1f}" class="sankey-label" font-size="{SANKEY_FONT}" '
                   f'stroke="#ffffff" stroke-width="3" paint-order="stroke"><title>{label}</title>'
                   f'{html.escape(lines[0])}{more}</text>')
    height = lay["height"]
    return (f'<div class="eit-chart" style="overflow-x:auto" tabindex="0"><svg id="sankey" xmlns="http://www.w3.org/2000/svg" '
            f'role="img" width="100%" viewBox="0 0 {width} {height:.0f}" style="min-width:{width * 0.7:.0f}px;'
            f'font-family:Sarabun, sans-serif;fill:#1b1b1b" aria-label="{html.escape(t("sym.sankey_caption", lang))}">'
            + "".join(out) + "</svg></div>")


EXPORT_COLUMNS = ["exchange_id", "from_party", "from_name", "to_party", "to_name", "area_id", "year", "category",
                  "category_text", "material_th", "material_en", "waste_code", "quantity", "unit", "status_now",
                  "status_text", "landfill_diverted_t", "co2e_avoided_t", "co2e_basis", "cost_saved_thb",
                  "water_saved_m3", "virgin_saved_t", "distance_km", "source", "visibility"]


#: The columns of the file for people: (header key, column of the flows, decimals of a rounded number or None).
PEOPLE_COLUMNS = [
    ("symx.exchange", "exchange_id", None), ("sym.col_from", "from_name", None), ("symx.from_id", "from_party", None),
    ("sym.col_to", "to_name", None), ("symx.to_id", "to_party", None), ("col.area", "area", None),
    ("sym.col_since", "year", None), ("sym.col_category", "category_text", None),
    ("sym.col_material", "material_text", None), ("sym.col_waste_code", "waste_code", None),
    ("symx.quantity", "quantity", 0), ("symx.unit", "unit_text", None), ("sym.col_status", "status_text", None),
    ("symx.landfill", "landfill_diverted_t", 1), ("sym.col_co2e", "co2e_avoided_t", 1),
    ("symx.co2e_basis", "co2e_basis", None), ("sym.col_thb", "cost_saved_thb", 0),
    ("symx.water", "water_saved_m3", 0), ("symx.virgin", "virgin_saved_t", 1),
    ("sym.col_distance", "distance_km", 1), ("symx.source", "source_text", None),
    ("symx.visibility", "visibility_text", None),
]


def export_frame(flows: pd.DataFrame) -> pd.DataFrame:
    """The file for programs: every column by its code name, codes as codes, numbers unrounded."""
    return flows.reindex(columns=EXPORT_COLUMNS)


def people_frame(flows: pd.DataFrame, reg: Register, area_names: dict, lang: str) -> pd.DataFrame:
    """The file for people: headers in the reader's language (Thai first), names instead of codes (area, unit,
    source, who may see it) and numbers rounded as the pages show them."""
    v = reg.vocab
    units = labels(reg, lang)["unit"]
    shown = pd.DataFrame({
        **{c: flows[c] for c in flows.columns},
        "area": flows["area_id"].map(area_names).fillna(flows["area_id"]),
        "unit_text": flows["unit"].map(units).fillna(flows["unit"]),
        "source_text": flows["source"].map(v.labels("source", lang)).fillna(flows["source"]),
        "visibility_text": flows["visibility"].map(dict(zip(v.visibility["visibility"], v.visibility[f"name_{lang}"])))
        .fillna(flows["visibility"]),
    })
    out = {}
    for key, col, digits in PEOPLE_COLUMNS:
        values = shown[col] if col in shown.columns else pd.Series([None] * len(shown), index=shown.index)
        if digits is not None:
            values = pd.to_numeric(values, errors="coerce").round(digits)
            values = values.astype("Int64") if digits == 0 else values
        out[t(key, lang)] = values.to_numpy()
    return pd.DataFrame(out)


def export_csv(flows: pd.DataFrame, people: pd.DataFrame | None = None) -> bytes:
    """The exchanges of the current filter as CSV (UTF-8 with BOM; text cannot become a formula): the file for
    people (``people``, :func:`people_frame`) or, without it, the file for programs (codes)."""
    return csv_bytes(export_frame(flows) if people is None else people)


def export_xlsx(flows: pd.DataFrame, people: pd.DataFrame | None = None) -> bytes:
    """The same as an Excel sheet (text cells cannot become formulas; numbers stay numbers)."""
    buf = io.BytesIO()
    safe_frame(export_frame(flows) if people is None else people).to_excel(buf, index=False, sheet_name="exchanges")
    return buf.getvalue()


def export_geojson(flows: pd.DataFrame) -> bytes:
    """The same as GeoJSON LineStrings (giver → receiver)."""
    return json.dumps(flows_geojson(flows), ensure_ascii=False).encode("utf-8")
