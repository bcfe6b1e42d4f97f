"""Show folium maps in Streamlit and turn clicks into navigation."""
from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from i18n import t


def show_map(m, key: str, height: int = 560, clickable: bool = True) -> str | None:
    """Draw ``m``; return the tooltip text of a newly clicked feature (None when nothing new was clicked).

    Only clicks rerun the script (pan and zoom do not)."""
    out = st_folium(m, key=key, height=height, use_container_width=True,
                    returned_objects=["last_object_clicked_tooltip"] if clickable else [])
    tooltip = (out or {}).get("last_object_clicked_tooltip")
    handled_key = f"_handled_{key}"
    if not tooltip:
        st.session_state.pop(handled_key, None)
        return None
    if st.session_state.get(handled_key) == tooltip:
        return None
    st.session_state[handled_key] = tooltip
    return tooltip


def legend(items: list[tuple[str, str]], title: str) -> None:
    """A colour legend under a map: items are (colour, label); labels are escaped by Streamlit's markdown."""
    from html import escape

    chips = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:14px">'
        f'<span style="width:14px;height:14px;border:1px solid #555;background:{escape(c)};'
        f'display:inline-block;margin-right:5px"></span>{escape(label)}</span>'
        for c, label in items)
    st.html(f'<div class="eit-legend" aria-label="{escape(title)}"><b>{escape(title)}</b>: {chips}</div>')


def no_tiles_note(lang: str, has_tiles: bool) -> None:
    if not has_tiles:
        st.caption(t("map.no_tiles", lang))
