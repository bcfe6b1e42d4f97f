"""Finding a factory: the search box of the front page, the factory search page (``/factory`` without an id) and
the search of an area's factory table, all on one index of the whole registry (:mod:`scoring.factory_search`),
prepared once per data version and kept while that version lasts."""
from __future__ import annotations

from html import escape

import pandas as pd
import streamlit as st

from common.settings import data_dir
from common.thai import sorted_thai
from db.engine import database_url
from i18n import t
from reports.factory_card import factory_name
from scoring.factory_search import FactoryIndex, SearchResult
from ui import context
from ui.tables import CSS, href
from ui.text import md
from ui.urlstate import url_selectbox

#: How many results a search lists (the rest are counted and the reader is asked to narrow the query).
FRONT_PAGE_LIMIT = 20
SEARCH_PAGE_LIMIT = 100
#: The front page's results scroll inside a box of this height.
COMPACT_HEIGHT_PX = 420


@st.cache_resource(show_spinner=False, max_entries=1)
def _index(path: str, url: str, version: tuple) -> FactoryIndex:
    """Keyed like the snapshot it is built from (one entry: a new data version replaces it)."""
    return FactoryIndex.build(context.dataset().factories)


def index() -> FactoryIndex:
    """The search index of this page run's data version (built on first use: a few seconds for 150,000 factories)."""
    snap = context.snapshot()
    with st.spinner(t("search.preparing", context.lang())):
        return _index(str(data_dir()), database_url(), snap.version)


def _cells(r: pd.Series, prov: pd.Series, area_names: pd.Series, lang: str) -> tuple[str, str, str]:
    """Escaped registration number, province and area (muted "outside the programme's areas" when none)."""
    in_area = pd.notna(r.get("area_id")) and r["area_id"] in area_names.index
    area = escape(str(area_names[r["area_id"]])) if in_area else \
        f'<span class="eit-muted">{escape(t("search.outside_areas", lang))}</span>'
    code = r.get("province_code")
    province = escape(str(prov.get(code, "–"))) if pd.notna(code) else "–"
    return escape(str(r["registration_no"])), province, area


def _owner_line(r: pd.Series, shown: str, lang: str) -> str:
    """The owner under the name, when the registry names one other than the factory itself (a search by owner
    must show why a factory was found)."""
    owner = r.get("owner")
    if not isinstance(owner, str) or not owner.strip() or owner.strip() in (shown, r.get("name_th")):
        return ""
    return f'<div class="eit-muted" style="font-size:0.85rem">{escape(t("search.owner", lang, owner=owner))}</div>'


def results_html(result: SearchResult, provinces: pd.DataFrame, areas: pd.DataFrame, lang: str,
                 base_params: dict, table_id: str = "search-results", compact: bool = False) -> str:
    """The results as a table: registration number and name (both linking to the factory page) with the owner
    when that is another name, province and area ("outside the programme's areas" when none); ``compact`` puts
    them in one column, the name on the first line (for a narrow column beside the page title).  Every text from
    data is escaped."""
    prov = provinces.set_index("code")[f"name_{lang}"]
    area_names = areas.set_index("area_id")[f"name_{lang}"]
    keys = ("col.factory_name",) if compact else ("col.registration_no", "col.factory_name", "col.province",
                                                  "col.area")
    head = "".join(f'<th scope="col">{escape(t(k, lang))}</th>' for k in keys)
    body = []
    for _, r in result.rows.iterrows():
        link = href("factory", {**base_params, "factory": r["registration_no"]})
        reg, province, area = _cells(r, prov, area_names, lang)
        shown = factory_name(r, lang)
        name = f'<a href="{link}" target="_self">{escape(shown)}</a>' + _owner_line(r, shown, lang)
        if compact:
            body.append(f'<tr><td>{name}<div class="eit-muted" style="font-size:0.85rem">'
                        f'{reg} · {province} · {area}</div></td></tr>')
        else:
            body.append(f'<tr><td style="white-space:nowrap"><a href="{link}" target="_self">{reg}</a></td>'
                        f"<td>{name}</td><td>{province}</td><td>{area}</td></tr>")
    table = (f'<table class="eit-table" id="{escape(table_id)}"><thead><tr>{head}</tr></thead><tbody>'
             + "".join(body) + "</tbody></table>")
    return CSS + (f'<div style="max-height:{COMPACT_HEIGHT_PX}px;overflow:auto">{table}</div>' if compact else table)


def _found_line(result: SearchResult, lang: str) -> str:
    if result.capped:
        return t("search.capped", lang, shown=f"{len(result.rows):,}", total=f"{result.total:,}")
    return t("search.found", lang, n=f"{result.total:,}")


def _show(result: SearchResult, query: str, lang: str, table_id: str, compact: bool = False) -> None:
    ds = context.dataset()
    if ds.factories.empty:
        st.info(t("state.no_factories", lang), icon=":material/factory:")
        return
    if not result.total:
        st.info(t("search.none", lang, query=md(query)), icon=":material/search_off:")
        return
    st.caption(_found_line(result, lang))
    st.html(results_html(result, ds.provinces, ds.areas, lang, context.link_params(), table_id, compact))


def search_box(lang: str, box=None) -> None:
    """The front page's search box (in ``box``, e.g. a column beside the title): a factory anywhere in the
    registry by registration number (any form), name or owner; the results, under the box, link to the factory
    pages.  Typing reruns only the box and its results, not the page around it."""
    with box or st.container():
        _search_box(lang)


@st.fragment
def _search_box(lang: str) -> None:
    query = st.text_input(t("search.label", lang), placeholder=t("search.placeholder", lang), key="front_search",
                          icon=":material/search:")
    if query.strip():      # the province chosen on the page (a provincial officer's) is listed first
        found = index().search(query, limit=FRONT_PAGE_LIMIT, lang=lang,
                               prefer_province=st.query_params.get("province") or None)
        _show(found, query, lang, "search-results", compact=True)


def search_page(lang: str) -> None:
    """The factory search page: the same search, filtered by province, with a longer list."""
    ds = context.dataset()
    prov = ds.provinces.set_index("code")
    codes = sorted_thai(ds.factories["province_code"].dropna().unique(), key=lambda c: prov[f"name_{lang}"].get(c, c))
    c1, c2 = st.columns([3, 1])
    query = c1.text_input(t("search.label", lang), placeholder=t("search.placeholder", lang), key="factory_search",
                          icon=":material/search:")
    province = url_selectbox(c2, t("filter.province", lang), codes, "province", placeholder=t("filter.all", lang),
                             format_func=lambda c: prov[f"name_{lang}"].get(c, c))
    if not query.strip() and not province:
        st.caption(t("search.help", lang, n=f"{len(ds.factories):,}"))
        return
    _show(index().search(query, province=province, limit=SEARCH_PAGE_LIMIT, lang=lang), query, lang, "search-results")


def resolve(reg: str) -> str | None:
    """The registration number a link's ``?factory=`` names in any spelling the search box accepts (Thai digits,
    spaces, with or without จ, the 14-digit id), or None when it names no single factory."""
    return index().exact(reg)


def area_matches(query: str, area_id: str) -> pd.Index:
    """The registration numbers of the area's factories that match ``query`` (all of them, for the table)."""
    idx = index()
    found = idx.search(query, area_id=area_id, limit=len(idx))
    return pd.Index(found.rows["registration_no"])
