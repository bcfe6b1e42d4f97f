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
from symbiosis import kpis
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


def kpis_of_areas(reg: Register, factories: pd.DataFrame, year: int) -> pd.DataFrame:
    """The KPIs of every area (:func:`symbiosis.kpis.area_kpis`) for ``year``."""
    return kpis.area_kpis(reg, factories, year)


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


def sankey_svg(flows: pd.DataFrame, lang: str, width: int = 1000) -> str:
    """Givers → materials → receivers of the exchanges as inline SVG (``id="sankey"``), width by quantity per year
    (each material node is one material in one unit, so tonnes are never added to cubic metres). Two links
    (``class="sankey-link"``) per exchange, each with its tooltip; every node has its name and total as a
    tooltip, and its name written beside it where it does not overlap the one above. Every text from data is
    escaped. Drawn on the server: no chart library in the browser."""
    if flows.empty:
        return ""
    unit = flows["quantity_text"].astype(str).str.split(" ", n=1).str[1].fillna("")
    qty = pd.to_numeric(flows["quantity"], errors="coerce").fillna(0.0)
    value = qty.where(qty > 0, 1.0).astype(float)
    src = flows["from_name"].astype(str).tolist()
    mat = (flows["material_text"].astype(str) + " (" + unit + ")").tolist()
    dst = flows["to_name"].astype(str).tolist()
    columns = {"from": {}, "mat": {}, "to": {}}            # node name -> total value, in order of appearance
    for a, m_, b, v in zip(src, mat, dst, value):
        for kind, name in (("from", a), ("mat", m_), ("to", b)):
            columns[kind][name] = columns[kind].get(name, 0.0) + v
    height = max(320, min(1400, 22 * max(len(c) for c in columns.values()) + 80))
    top, pad, node_w = 34, 6, 14
    scale = min((height - top - 10 - pad * (len(c) - 1)) / sum(c.values()) for c in columns.values())
    xs = {"from": 4, "mat": width / 2 - node_w / 2, "to": width - 4 - node_w}
    place = {}                                              # (kind, name) -> [y of the node, next free y out, in]
    for kind, nodes in columns.items():
        y = top
        for name, total in nodes.items():
            h = max(2.0, total * scale)
            place[(kind, name)] = [y, y, y, h]
            y += h + pad
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
    last_label = {kind: -1e9 for kind in columns}      # a name is written only where it does not overlap the last
    for (kind, name), (y, _o, _i, h) in place.items():
        label = html.escape(name)
        x = xs[kind]
        lx, anchor = (x - 6, "end") if kind == "to" else (x + node_w + 6, "start")
        out.append(f'<rect class="sankey-node" x="{x:.1f}" y="{y:.1f}" width="{node_w}" height="{h:.1f}" '
                   f'fill="{SANKEY_COLOURS[kind]}"><title>{label} · {_fmt_qty(columns[kind][name])}</title></rect>')
        ly = y + h / 2 + 5
        if ly - last_label[kind] >= 17:
            last_label[kind] = ly
            out.append(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" font-size="14" '
                       f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{label}</text>')
    return (f'<div class="eit-chart" style="overflow-x:auto" tabindex="0"><svg id="sankey" xmlns="http://www.w3.org/2000/svg" '
            f'role="img" width="100%" viewBox="0 0 {width} {height}" style="min-width:{width * 0.7:.0f}px;'
            f'font-family:Sarabun, sans-serif;fill:#1b1b1b" aria-label="{html.escape(t("sym.sankey_caption", lang))}">'
            + "".join(out) + "</svg></div>")


EXPORT_COLUMNS = ["exchange_id", "from_party", "from_name", "to_party", "to_name", "area_id", "year", "category",
                  "category_text", "material_th", "material_en", "waste_code", "quantity", "unit", "status_now",
                  "status_text", "landfill_diverted_t", "co2e_avoided_t", "co2e_basis", "cost_saved_thb",
                  "water_saved_m3", "virgin_saved_t", "distance_km", "source", "visibility"]


def export_frame(flows: pd.DataFrame) -> pd.DataFrame:
    return flows.reindex(columns=EXPORT_COLUMNS)


def export_csv(flows: pd.DataFrame) -> bytes:
    """The exchanges of the current filter as CSV (UTF-8 with BOM; text cannot become a formula)."""
    return csv_bytes(export_frame(flows))


def export_xlsx(flows: pd.DataFrame) -> bytes:
    """The same as an Excel sheet (text cells cannot become formulas; numbers stay numbers)."""
    buf = io.BytesIO()
    safe_frame(export_frame(flows)).to_excel(buf, index=False, sheet_name="exchanges")
    return buf.getvalue()


def export_geojson(flows: pd.DataFrame) -> bytes:
    """The same as GeoJSON LineStrings (giver → receiver)."""
    return json.dumps(flows_geojson(flows), ensure_ascii=False).encode("utf-8")
