"""The symbiosis views' builders (no Streamlit): which exchanges a reader sees, the KPI tiles, the exchange
table (HTML, escaped, links to both parties), the Sankey, and the downloads of the current filter."""
from __future__ import annotations

import html
import io
import json

import pandas as pd
import plotly.graph_objects as go

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


def _label(text) -> str:
    """A Sankey label: plotly reads a few HTML tags in labels, so markup from data is escaped to show as text."""
    return html.escape(str(text), quote=False)


def sankey(flows: pd.DataFrame, lang: str) -> go.Figure:
    """Givers → materials → receivers of the exchanges, width by quantity per year (each material node is
    one material in one unit, so tonnes are never added to cubic metres)."""
    if flows.empty:
        return go.Figure()
    unit = flows["quantity_text"].astype(str).str.split(" ", n=1).str[1].fillna("")
    qty = pd.to_numeric(flows["quantity"], errors="coerce").fillna(0.0)
    value = qty.where(qty > 0, 1.0)
    src = flows["from_name"].astype(str)
    mat = flows["material_text"].astype(str) + " (" + unit + ")"
    dst = flows["to_name"].astype(str)
    nodes: dict[tuple[str, str], int] = {}

    def node(kind: str, name: str) -> int:
        return nodes.setdefault((kind, name), len(nodes))

    s, d, v = [], [], []
    for a, m_, b, x in zip(src, mat, dst, value):
        s += [node("from", a), node("mat", m_)]
        d += [node("mat", m_), node("to", b)]
        v += [float(x), float(x)]
    names = [_label(name) for (_kind, name) in nodes]
    colours = ["#1b6e4f" if kind == "from" else "#d95f02" if kind == "mat" else "#1f78b4" for (kind, _n) in nodes]
    fig = go.Figure(go.Sankey(arrangement="snap", node={"label": names, "color": colours, "pad": 12},
                              link={"source": s, "target": d, "value": v, "color": "rgba(120,120,120,0.3)"}))
    fig.update_layout(height=max(320, min(900, 22 * len(flows) + 120)), margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      font={"family": "Sarabun, sans-serif", "size": 13},
                      title={"text": _label(t("sym.sankey_caption", lang)), "font": {"size": 13}})
    return fig


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
