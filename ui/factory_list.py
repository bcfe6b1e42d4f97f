"""The area page's factory table as a reader works it: sorted by any column (Thai names in Thai order), in pages
of 25 or 50 rows in a box of fixed height, and downloaded as CSV or Excel (all the rows of the filter, not one
page)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import t
from reports.factory_tables import factories_csv, factories_xlsx, factory_frame
from scoring.factories import PAGE_SIZES, page_of, sort_factories
from ui import context
from ui.exports import XLSX
from ui.tables import FACTORY_COLUMNS, factory_table_html

#: The table's box: taller than this scrolls inside the page instead of lengthening it.
TABLE_HEIGHT_PX = 640


def _first_page(page_key: str) -> None:
    """A new order or page size starts again at page 1."""
    st.session_state[page_key] = 1


def factory_table(rows: pd.DataFrame, compliance: pd.Series, lang: str, stem: str, key: str = "factories") -> None:
    """Sort, page and download controls over ``rows`` (already filtered) and the page of the table they choose."""
    labels = dict((k, t(label, lang)) for label, k in FACTORY_COLUMNS)
    rows_now = hash(tuple(rows["registration_no"]))      # other filters or another search start at page 1
    if st.session_state.get(f"{key}_rows") != rows_now:
        st.session_state[f"{key}_rows"] = rows_now
        _first_page(f"{key}_page")
    c1, c2, c3, c4 = st.columns([2, 1.2, 1, 1.2], vertical_alignment="bottom")
    first_page = {"on_change": _first_page, "args": (f"{key}_page",)}
    sort = c1.selectbox(t("table.sort_by", lang), list(labels), format_func=labels.get, key=f"{key}_sort",
                        **first_page)
    desc = c2.toggle(t("table.descending", lang), key=f"{key}_desc", **first_page)
    size = c3.selectbox(t("table.page_size", lang), PAGE_SIZES, key=f"{key}_size", **first_page)
    pages = max((len(rows) + size - 1) // size, 1)
    page = c4.selectbox(t("table.page", lang), range(1, pages + 1), key=f"{key}_page",
                        format_func=lambda p: t("table.page_of", lang, page=p, pages=pages))
    shown, page, pages = page_of(sort_factories(rows, sort, desc, compliance, lang), page or 1, size)
    if rows.empty:
        st.info(t("area.factories_none", lang), icon=":material/filter_alt_off:")
        return
    first = (page - 1) * size + 1
    st.caption(t("area.factories_rows", lang, first=f"{first:,}", last=f"{first + len(shown) - 1:,}",
                 total=f"{len(rows):,}"))
    st.html(f'<div style="max-height:{TABLE_HEIGHT_PX}px;overflow:auto">'
            + factory_table_html(shown, lang, context.link_params(), compliance, limit=None, sort=sort, desc=desc)
            + "</div>")
    ds = context.dataset()

    def frame() -> pd.DataFrame:
        return factory_frame(sort_factories(rows, sort, desc, compliance, lang), compliance, lang, ds.provinces,
                             ds.areas)

    d1, d2 = st.columns(2)
    d1.download_button(t("export.factories_csv", lang), lambda: factories_csv(frame()), file_name=f"{stem}.csv",
                       mime="text/csv", icon=":material/table:", on_click="ignore", key=f"{key}_csv")
    d2.download_button(t("export.factories_xlsx", lang), lambda: factories_xlsx(frame()), file_name=f"{stem}.xlsx",
                       mime=XLSX, icon=":material/table:", on_click="ignore", key=f"{key}_xlsx")
