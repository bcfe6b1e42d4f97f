"""Inline SVG charts on a page. ``st.html`` strips SVG (its sanitiser keeps HTML elements only), so the charts
built by ``ui/charts.py`` and ``ui/symbiosis.py`` (every text from data in them already escaped) are drawn as the
raw HTML of a Markdown element."""
from __future__ import annotations

import streamlit as st


def show_svg(svg: str) -> None:
    """Draw a chart. Its line breaks become spaces (the same in SVG text), so that a name with a blank line in it
    cannot end the HTML block and let Markdown read the rest."""
    if svg:
        st.markdown(svg.replace("\r", " ").replace("\n", " "), unsafe_allow_html=True)
