"""The front page's answer to "how are we doing this year?", as one compact HTML board above the fold: the
areas up / same / down against the year before (with the movers, each a link to its area), and how much of the
year is still not certified. Pure functions (no Streamlit): every text from data is escaped here. The numbers
come from ``scoring.movers``."""
from __future__ import annotations

from html import escape

import pandas as pd

from i18n import t, year_label
from scoring.movers import CERT_STEPS, YearChange
from ui.tables import href

#: Movers named on the board; the rest are behind "and n more" (the list opens in place).
MOVERS_SHOWN = 3

#: The board, and a tighter top of the national page so that the board and the targets fit above the fold on a
#: 1366×768 laptop (a shorter title line, less empty space above it).
CSS = """<style>
[data-testid="stMainBlockContainer"] {padding-top:3.6rem}
[data-testid="stMainBlockContainer"] h1 {font-size:2rem; line-height:1.3; padding:0.1rem 0 0.2rem 0}
.eit-glance{display:flex;gap:12px;flex-wrap:wrap;font-size:0.95rem;line-height:1.45}
.eit-glance .card{flex:1 1 320px;min-width:0;border:1px solid #c9cfcb;border-radius:8px;padding:8px 12px;background:#fafbfa}
.eit-glance .card h4{margin:0 0 4px 0;font-size:1rem;font-weight:600;padding:0}
.eit-glance .figs{display:flex;gap:18px;align-items:baseline;flex-wrap:wrap}
.eit-glance .fig b{font-size:1.7rem;font-variant-numeric:tabular-nums;margin-right:4px}
.eit-glance .up{color:#1a6b34}.eit-glance .down{color:#a3261c}.eit-glance .same{color:#4d4d4d}
.eit-glance .muted{color:#5f5f5f}
.eit-glance ul{margin:2px 0 0 0;padding-left:0;list-style:none}
.eit-glance li{margin:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.eit-glance details summary{cursor:pointer;color:#1f5fa8}
.eit-glance .bar{display:flex;height:12px;border-radius:6px;overflow:hidden;margin:4px 0 4px 0;background:#eee}
.eit-glance .key{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 8px}
.eit-glance .key:first-child{margin-left:0}
</style>"""

#: Colours of the certification steps on the bar (certified in the programme's green, then lighter).
STEP_COLOURS = {"certified": "#1a6b34", "verified": "#6bb36b", "draft": "#e0b84a", "computed": "#c9c9c9",
                "not_assessed": "#ffffff"}


def _mover(row, names: pd.Series, lang: str, link: dict) -> str:
    name = escape(str(names.get(row["area_id"], row["area_id"])))
    arrow = "▲" if row["change"] == "up" else "▼"
    steps = escape(t("glance.from_to", lang, a=int(row["level_from"]), b=int(row["level_to"])))
    return (f'<li title="{name} · {steps}"><span class="{row["change"]}">{arrow} {steps}</span> '
            f'<a href="{href("area", {**link, "area": row["area_id"]})}" target="_self">{name}</a></li>')


def change_card(change: YearChange, names: pd.Series, lang: str, link: dict) -> str:
    """Up / same / down against the year before, and the movers (rises first); ``names`` maps area_id to the
    name in ``lang``; ``link`` is the query of the view, carried by each mover's link."""
    if change.previous is None:
        title = t("glance.change_title_none", lang, year=year_label(change.year, lang))
        body = f'<div class="muted">{escape(t("glance.no_previous", lang))}</div>'
    else:
        title = t("glance.change_title", lang, year=year_label(change.year, lang),
                  previous=year_label(change.previous, lang))
        figs = "".join(f'<span class="fig {k}"><b>{"▲" if k == "up" else "▼" if k == "down" else "="} {n}</b>'
                       f'{escape(t("glance." + k, lang))}</span>'
                       for k, n in (("up", change.up), ("same", change.same), ("down", change.down)))
        extra = [t("glance.new", lang, n=change.new)] if change.new else []
        extra += [t("glance.not_assessed", lang, n=change.not_assessed)] if change.not_assessed else []
        if extra:
            figs += f'<span class="muted">{escape(" · ".join(extra))}</span>'
        items = [_mover(r, names, lang, link) for _, r in change.movers.iterrows()]
        if not items:
            movers = f'<div class="muted">{escape(t("glance.no_movers", lang))}</div>'
        else:
            movers = '<ul id="movers">' + "".join(items[:MOVERS_SHOWN]) + "</ul>"
            if len(items) > MOVERS_SHOWN:
                movers += (f'<details><summary>{escape(t("glance.more", lang, n=len(items) - MOVERS_SHOWN))}'
                           f'</summary><ul>{"".join(items[MOVERS_SHOWN:])}</ul></details>')
        body = f'<div class="figs">{figs}</div>{movers}'
    return f'<div class="card" id="glance-change"><h4>{escape(title)}</h4>{body}</div>'


def certification_card(tally: dict[str, int], year: int, lang: str) -> str:
    """How many areas of the scope are not certified for ``year``, and where each stands."""
    total = tally["total"]
    title = t("glance.cert_title", lang, year=year_label(year, lang))
    figure = t("glance.cert_figure", lang, n=tally["uncertified"], total=total)
    bar = "".join(f'<div style="width:{tally[s] / total * 100:.2f}%;background:{STEP_COLOURS[s]}"></div>'
                  for s in CERT_STEPS if tally[s]) if total else ""
    keys = "".join(f'<span class="key" style="background:{STEP_COLOURS[s]};border:1px solid #999"></span>'
                   f'{escape(t("glance.step_" + s, lang))} {tally[s]}' for s in CERT_STEPS if tally[s])
    return (f'<div class="card" id="glance-cert"><h4>{escape(title)}</h4>'
            f'<div class="figs"><span class="fig"><b>{escape(figure)}</b></span></div>'
            f'<div class="bar" role="img" aria-label="{escape(figure)}">{bar}</div><div class="muted">{keys}</div></div>')


def glance_html(change: YearChange, tally: dict[str, int], names: pd.Series, lang: str, link: dict,
                present_link: dict | None = None) -> str:
    """The board: the change card and the certification card side by side (and, with ``present_link``, a link
    to presentation mode with the same filters)."""
    present = ""
    if present_link is not None:
        present = (f'<div style="margin-top:4px"><a href="{href("present", present_link)}" target="_self" '
                   f'id="glance-present">▶ {escape(t("glance.present", lang))}</a></div>')
    cert = certification_card(tally, change.year, lang)
    cert = cert[: -len("</div>")] + present + "</div>"
    return CSS + f'<div class="eit-glance" id="glance">{change_card(change, names, lang, link)}{cert}</div>'
