"""Streamlit pieces shared by the working group's submission page, the Eco Center's board and the home page:
the year picker, deadline sentences, status labels, last year's values, evidence downloads and turning a
refused step into a sentence."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from common.clock import bangkok_today
from common.settings import data_dir
from db.submissions import list_submissions
from i18n import date_label, t, year_label
from programme.deadlines import load_deadlines, open_year
from symbiosis.indicators import computed_indicators
from ui import context
from ui.text import md
from ui.urlstate import url_selectbox
from workflow.submissions import days_left, deadline_of


@st.cache_data(show_spinner=False)
def _deadlines(path: str) -> pd.DataFrame:
    return load_deadlines(path)


def deadlines() -> pd.DataFrame:
    return _deadlines(str(data_dir()))


def today() -> dt.date:
    """Today in Bangkok (deadlines are Thai dates)."""
    return bangkok_today()


def computed_ids(criteria) -> set[str]:
    return set(computed_indicators(criteria.table))


def status_label(status: str | None, lang: str) -> str:
    return t(f"sub.status_{status or 'none'}", lang)


def default_year(subs: pd.DataFrame) -> int:
    """The newest year anything was submitted for; else the year being collected (data/deadlines.csv); else this
    year."""
    from common.years import current_be_year

    if len(subs):
        return int(subs["year"].max())
    return open_year(deadlines(), today()) or current_be_year()


def pick_year(container, lang: str, subs: pd.DataFrame | None = None) -> int:
    """The year selectbox bound to ``?year=``: the years with a deadline or a submission."""
    subs = list_submissions(context.engine()) if subs is None else subs
    default = default_year(subs)
    years = sorted({default, *deadlines()["year"].astype(int), *subs["year"].astype(int)}, reverse=True)
    return url_selectbox(container, t("filter.year", lang), years, "year", default=default,
                         format_func=lambda y: year_label(y, lang))


def deadline_sentence(year: int, lang: str) -> str:
    """'กำหนดส่ง 31 ตุลาคม 2568 (เหลืออีก 12 วัน)' / '… (เกินกำหนด 3 วัน)', or that no deadline is set."""
    due = deadline_of(deadlines(), year)
    if due is None:
        return t("sub.no_deadline", lang, year=year_label(year, lang))
    left = days_left(due, today())
    key = "sub.deadline_left" if left >= 0 else "sub.deadline_over"
    return t(key, lang, date=date_label(due, lang), days=abs(left))


def days_text(year: int, lang: str) -> str:
    due = deadline_of(deadlines(), year)
    if due is None:
        return "–"
    left = days_left(due, today())
    return t("sub.days_left", lang, days=left) if left >= 0 else t("sub.days_over", lang, days=-left)


def indicator_label(row, lang: str) -> str:
    unit = str(row["unit"] or "").strip()
    name = row[f"indicator_{lang}"]
    return f"{row['indicator_id']} {name}" + (f" ({unit})" if unit and unit.lower() != "nan" else "")


def published_values(ds, area_id: str, year: int) -> dict[str, float]:
    """The published results of an area and year (what the public pages show), indicator -> value."""
    a = ds.assessments
    rows = a[(a["area_id"] == area_id) & (a["year"] == int(year))]
    return {i: v for i, v in zip(rows["indicator_id"], rows["value"]) if not pd.isna(v)}


def shown_value(value, metric: str, lang: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    if metric == "binary":
        return t("sub.yes" if float(value) >= 1 else "sub.no", lang)
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def evidence_downloads(evidence: pd.DataFrame, lang: str, key: str, kind: str = "submission") -> None:
    """One link per evidence file to the app's file route (``serve.py``), which checks the signed-in account at
    each request and always serves it as a download; ``kind`` is ``submission`` or ``finding``."""
    from streamlit import config

    from db.evidence import file_route
    from ingest.evidence import evidence_path

    base = config.get_option("server.baseUrlPath") or ""
    for rec in evidence.itertuples(index=False):
        if not evidence_path(rec.sha256, rec.filename).is_file():
            st.caption(t("sub.evidence_missing", lang, name=md(rec.filename)))
            continue
        label = t("sub.evidence_file", lang, name=md(rec.filename), kb=max(1, round(rec.size_bytes / 1024)))
        st.markdown(f":material/attach_file: [{label}]({file_route(base, kind, int(rec.id))})")


def refused(err: Exception, lang: str) -> str | None:
    """The sentence for a refused step in the page's language (None: the account itself was refused and the
    page reruns to say so); ui.refusals.refused."""
    from ui.refusals import refused as sentence

    return sentence(err, lang)
