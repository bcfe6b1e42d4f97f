"""The verification visits as people read them (pages/visits.py, pages/certification.py): the work queue of a
role, a visit's team and findings as tables, and date pickers in the Buddhist era."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from common.years import be_date, to_be
from i18n import datetime_label, month_name, t, year_label
from ui.text import md
from workflow.inbox import InboxItem, sorted_items

#: Items listed before the list scrolls, and the height of the scrolling box.
QUEUE_ROWS, QUEUE_HEIGHT_PX = 6, 260


def _open_here(query: dict) -> None:
    """Button callback: show the item on this page, by setting the URL-bound pickers (ui.urlstate) it names."""
    for key, value in query.items():
        st.query_params[key] = str(value)
        st.session_state[f"url_{key}"] = int(value) if key == "year" else value


def show_queue(items: list[InboxItem], names, lang: str, title_key: str, empty_key: str, here: str = "") -> None:
    """A role's work queue, most urgent first: one link per item to the page that handles it (the area and year
    in the link; the sign-in is kept), or, for items this page (``here``) handles, a button that shows the item;
    a sentence when nothing waits."""
    items = sorted_items(items)
    with st.container(border=True):
        st.markdown(f"**{t(title_key, lang, n=len(items))}**")
        if not items:
            st.caption(t(empty_key, lang))
            return
        # a long list scrolls inside its box, so the page below stays in reach
        box = st.container(height=QUEUE_HEIGHT_PX) if len(items) > QUEUE_ROWS else st.container()
        for item in items:
            label = f"{md(names.get(item.area_id, item.area_id))} · {year_label(item.year, lang)} · " \
                    f"{t(item.key, lang, **item.params)}"
            if item.page == here:
                box.button(label, key=f"queue_{item.kind}_{item.area_id}_{item.year}", type="tertiary",
                           icon=":material/pending_actions:", on_click=_open_here, args=(item.query,))
            else:
                box.page_link(item.page, label=label, query_params={**item.query, "lang": lang},
                              icon=":material/pending_actions:")


def be_date_input(container, label: str, key: str, value: dt.date, years: list[int], lang: str) -> dt.date | None:
    """A day, a month and a Buddhist-era year, side by side; the date, or None (with a sentence) when there is
    no such day."""
    container.markdown(f"**{label}**")
    c1, c2, c3 = container.columns([1, 2, 1.4])
    day = c1.selectbox(t("visits.day", lang), list(range(1, 32)), index=value.day - 1, key=f"{key}_d")
    month = c2.selectbox(t("visits.month", lang), list(range(1, 13)), index=value.month - 1, key=f"{key}_m",
                         format_func=lambda m: month_name(m, lang))
    be = to_be(value.year)
    years = sorted(set(years) | {be})
    year = c3.selectbox(t("visits.year_be", lang), years, index=years.index(be), key=f"{key}_y")
    try:
        return be_date(day, month, year)
    except ValueError:
        container.error(t("visits.no_such_day", lang, day=day, month=month_name(month, lang), year=year))
        return None


def be_date_of(key: str) -> dt.date | None:
    """The date :func:`be_date_input` under ``key`` holds now (for a button's callback), or None."""
    try:
        return be_date(st.session_state[f"{key}_d"], st.session_state[f"{key}_m"], st.session_state[f"{key}_y"])
    except (KeyError, ValueError):
        return None


def team_table(team: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("visits.member", lang): [m["name"] for m in team],
        t("visits.member_role", lang): [t("visits.lead" if m["lead"] else "visits.member_plain", lang) for m in team],
        t("visits.member_kind", lang): [t("visits.account" if m["username"] else "visits.external", lang) for m in team],
        t("visits.organisation", lang): [m.get("organisation") or "" for m in team],
        t("visits.agrees", lang): ["" if m["username"] else t("visits.agrees_yes" if m.get("agreed") else "visits.agrees_no",
                                                               lang) for m in team],
    })


def findings_table(findings: pd.DataFrame, indicator_names, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("visits.indicator", lang): [f"{i} {indicator_names.get(i, '')}".strip() for i in findings["indicator_id"]],
        t("visits.finding", lang): [t(f"visits.finding_{f}", lang) for f in findings["finding"]],
        t("people.note", lang): findings["note"].fillna("").tolist(),
        t("people.who", lang): findings["updated_by"].tolist(),
        t("people.when", lang): [datetime_label(v, lang) for v in findings["updated_at"]],
    })
