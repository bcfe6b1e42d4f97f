"""The problems and recommendations recorded for an area and year, as the pages show them."""
from __future__ import annotations

import streamlit as st

from i18n import datetime_label, t
from ui.text import md


def _clip(text: str, limit: int | None) -> str:
    return text if limit is None or len(text) <= limit else text[:limit].rstrip() + " …"


def show_note(notes, area_id: str, year: int, lang: str, limit: int | None = None) -> None:
    """The note of an area and year; ``limit`` clips each part to that many characters (presentation mode, where
    a step fits one screen; the area page shows it whole)."""
    note = None if notes is None or notes.empty else notes.loc[(notes["area_id"] == area_id) & (notes["year"] == year)]
    if note is None or note.empty:
        st.caption(t("notes.none", lang))
        return
    n = note.iloc[0]
    st.markdown(f"**{t('notes.problems', lang)}**")
    st.text(_clip(n["problems"] or "–", limit))
    st.markdown(f"**{t('notes.recommendations', lang)}**")
    st.text(_clip(n["recommendations"] or "–", limit))
    st.caption(t("notes.by", lang, user=md(n["updated_by"]), at=md(datetime_label(n["updated_at"], lang))))
