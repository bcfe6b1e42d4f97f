"""The province a view covers: the picker the year-on-year page and the executive summary share (bound to
``?province=``, so the province follows the reader there from the front page and back), and the line that says
which areas a view counts: one province's, or the whole country's."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from common.thai import sorted_thai
from i18n import t
from ui.text import md
from ui.urlstate import url_selectbox


def province_picker(container, areas: pd.DataFrame, provinces: pd.DataFrame, lang: str) -> str | None:
    """The province of the view (the provinces that have target areas; none: the whole country)."""
    names = provinces.set_index("code")[f"name_{lang}"]
    codes = sorted_thai(areas["province_code"].dropna().unique(), key=lambda c: names.get(c, c))
    return url_selectbox(container, t("filter.province", lang), codes, "province",
                         placeholder=t("scope.all_provinces", lang), format_func=lambda c: names.get(c, c))


def of_province(areas: pd.DataFrame, province: str | None) -> pd.DataFrame:
    """The areas of ``province`` (all of them for None)."""
    return areas if not province else areas.loc[areas["province_code"] == province]


def scope_line(province: str | None, areas: pd.DataFrame, provinces: pd.DataFrame, lang: str) -> None:
    """Say which areas the view counts: "the whole country" (a national view) or the province and how many of
    its areas."""
    if not province:
        st.caption(t("scope.national", lang, n=len(areas)))
        return
    name = provinces.set_index("code")[f"name_{lang}"].get(province, province)
    st.caption(t("scope.province", lang, province=md(str(name)), n=len(of_province(areas, province))))
