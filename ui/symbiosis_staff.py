"""The staff's part of an area's symbiosis section: the ranked candidate exchanges of the area (from its
material-flow records, :func:`symbiosis.matching.candidates`) and a button that records one as an *identified*
exchange. Shown only to a signed-in account that may write the register (action ``import``: Eco Center staff,
admins); the write itself checks the account in the data layer (:func:`db.symbiosis.promote_candidate` calls
:func:`db.accounts.require_account`)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from common.errors import message_of
from db.accounts import AccountError
from db.symbiosis import promote_candidate
from i18n import t, year_label
from symbiosis.matching import candidates
from symbiosis.views import candidate_rows
from ui import context
from ui.auth import current_user, refusal
from ui.tables import simple_table_html
from ui.text import md

LIMIT = 10   # candidates listed (best first); the caption counts them all


@st.cache_data(max_entries=16, show_spinner=False)
def _candidates(version: tuple, area_id: str, year: int) -> pd.DataFrame:
    """The area's candidates for one data version (matching a large area takes about half a second)."""
    ds = context.dataset()
    return candidates(ds.symbiosis, ds.factories, year, area_id=area_id)


def _promote(row: dict, year: int, lang: str, key: str) -> None:
    """Button callback: record the chosen candidate; the next run says what happened."""
    user = current_user()
    try:
        with context.engine().begin() as conn:
            eid = promote_candidate(conn, row, year, user["username"] if user else "")
    except AccountError as err:          # disabled or demoted since sign-in: the page says why
        if (msg := refusal(err)) is not None:
            st.session_state[f"{key}_error"] = msg
        return
    except ValueError as err:            # already recorded
        st.session_state[f"{key}_error"] = message_of(err).text(lang)
        return
    st.session_state.pop(f"{key}_error", None)
    st.session_state[f"{key}_done"] = t("sym.promoted", lang, id=md(eid))
    context.data_changed()


def candidate_section(area_id: str, year: int, lang: str) -> None:
    """The candidate list and the promote button (call only for an account that may import)."""
    ds = context.dataset()
    key = f"promote_{area_id}_{year}"
    st.subheader(t("sym.candidates_title", lang))
    st.caption(t("sym.candidates_caption", lang, year=year_label(year, lang)))
    if done := st.session_state.pop(f"{key}_done", None):
        st.success(done, icon=":material/check_circle:")
    if err := st.session_state.pop(f"{key}_error", None):
        st.error(md(err), icon=":material/error:")
    cands = _candidates(context.snapshot().version, area_id, int(year))
    if cands.empty:
        st.info(t("sym.candidates_none", lang))
        return
    heads, rows = candidate_rows(cands, ds.symbiosis, ds.factories, lang, LIMIT)
    st.caption(t("sym.shown", lang, shown=len(rows), total=len(cands)))
    st.html(simple_table_html(["#", *heads], [[i + 1, *r] for i, r in enumerate(rows)], "candidate-table"))
    pick = st.selectbox(t("sym.candidates_pick", lang), list(range(len(rows))), key=f"{key}_pick",
                        format_func=lambda i: f"{i + 1}. {rows[i][0]} → {rows[i][1]}: {rows[i][2]}")
    st.button(t("sym.promote", lang), icon=":material/add_link:", type="primary", key=f"{key}_button",
              on_click=_promote, args=(cands.iloc[int(pick)].to_dict(), int(year), lang, key))
