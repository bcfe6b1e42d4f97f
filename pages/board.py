"""The Eco Center's board: for a year, every area's submission (status, completeness, evidence, the deadline
and the days left or overdue) on a map and in a table; a reviewer opens one, sees it next to last year's
published values, comments per indicator, and returns it or accepts it (acceptance publishes it)."""
import pandas as pd
import streamlit as st

from common.thai import sorted_thai
from db.submissions import accept, list_submissions, return_submission, submission_detail
from geo.colours import SUBMISSION_COLOURS
from geo.layers import area_id_from_tooltip
from geo.maps import Basemap
from geo.mapviews import submission_map
from i18n import datetime_label, t, year_label
from ui import context
from ui.auth import require
from ui.maps import legend, show_map
from ui.people_tables import submission_log_table
from ui.refusals import say, show
from ui.submissions import (
    computed_ids,
    days_text,
    deadline_sentence,
    evidence_downloads,
    indicator_label,
    pick_year,
    published_values,
    refused,
    shown_value,
    status_label,
)
from ui.text import md
from ui.urlstate import url_selectbox
from workflow.submissions import EDITABLE, STATUSES, TO_REVIEW, required_indicators

context.require_router()
lang = context.lang()
user = require("review", lang)
ds, layers = context.dataset(), context.layers()
criteria = ds.criteria
computed = computed_ids(criteria)
required = required_indicators(criteria.table, computed)
engine = context.engine()
areas = ds.areas.set_index("area_id", drop=False)
names = areas[f"name_{lang}"]

st.title(t("board.title", lang))
c1, c2 = st.columns([1, 3])
year = pick_year(c1, lang)
st.caption(deadline_sentence(year, lang))
subs = list_submissions(engine, year).set_index("area_id")
in_programme = [a for a in areas.index if int(areas.loc[a, "year_joined"]) <= year]
if not in_programme:
    st.info(t("board.no_areas", lang, year=year_label(year, lang)), icon=":material/info:")
    st.stop()
n_req = len(required)
rows = []
for aid in in_programme:
    rec = subs.loc[aid] if aid in subs.index else None
    status = rec["status"] if rec is not None else "none"
    waiting = rec is None or status in EDITABLE
    rows.append({"area_id": aid, "status": status, "label": f"{names[aid]} · {status_label(status, lang)}",
                 t("col.area", lang): names[aid], t("sub.col_status", lang): status_label(status, lang),
                 t("sub.col_filled", lang): f"{0 if rec is None else int(rec['n_values'])}/{n_req}",
                 t("sub.col_evidence", lang): f"{0 if rec is None else int(rec['n_evidence'])}/{n_req}",
                 t("sub.col_sent", lang): "–" if rec is None else datetime_label(rec["submitted_at"], lang),
                 t("sub.col_days", lang): days_text(year, lang) if waiting else "–"})
board = pd.DataFrame(rows)
order = {s: i for i, s in enumerate(("resubmitted", "submitted", "returned", "draft", "none", "accepted"))}
board = board.iloc[sorted(range(len(board)), key=lambda i: (order[board["status"].iat[i]], board["area_id"].iat[i]))]

counts = board["status"].value_counts()
cols = st.columns(len(STATUSES) + 1)
for col, s in zip(cols, ("none", *STATUSES)):
    col.metric(status_label(s, lang), int(counts.get(s, 0)))

picked = show_map(submission_map(layers, board, lang, Basemap.from_env()), key=f"board_map_{year}", height=440)
legend([(SUBMISSION_COLOURS[s], status_label(s, lang)) for s in ("none", *STATUSES)], t("board.legend", lang))
clicked = area_id_from_tooltip(picked, set(in_programme))
st.dataframe(board.drop(columns=["area_id", "status", "label"]), hide_index=True, width="stretch")

sent = [a for a in in_programme if a in subs.index]
if clicked in sent:                # a click on the map opens that area's submission
    st.query_params["area"] = clicked
    st.session_state["url_area"] = clicked
elif clicked:
    st.info(t("board.clicked_nothing", lang, area=md(names[clicked])), icon=":material/info:")
if not sent:
    st.info(t("board.nothing_sent", lang, year=year_label(year, lang)), icon=":material/info:")
    st.stop()
area_id = url_selectbox(c2, t("board.open", lang), sorted_thai(sent, key=lambda a: names[a]), "area",
                        placeholder=t("area.pick_placeholder", lang), format_func=lambda a: names[a],
                        say_unknown=True)
if not area_id:
    st.stop()

detail = submission_detail(engine, area_id, year)
sub = detail["submission"]
status = sub["status"]
last = published_values(ds, area_id, year - 1)
comments = detail["comments"]
key = f"{area_id}_{year}"
st.subheader(f"{md(names[area_id])} · {year_label(year, lang)} · {status_label(status, lang)}")
st.caption(t("board.who", lang, who=md(sub["submitted_by"] or sub["created_by"]),
             when=datetime_label(sub["submitted_at"] or sub["updated_at"], lang)))
show("board_msg", key)
can_review = status in TO_REVIEW
if not can_review:
    st.info(t("board.not_reviewable_" + ("accepted" if status == "accepted" else "open"), lang), icon=":material/info:")


def _said(err: Exception) -> None:
    text = refused(err, lang)
    if text is not None:
        say("board_msg", key, "error", text)


def send_back() -> None:
    typed = {i: st.session_state.get(f"c_{key}_{i}", "") for i in required["indicator_id"]}
    try:
        return_submission(engine, area_id, year, user["username"], typed)
    except Exception as err:  # noqa: BLE001 - a sentence, never a traceback
        _said(err)
        return
    say("board_msg", key, "success", t("board.returned", lang))


def take() -> None:
    if not st.session_state.get(f"confirm_{key}"):
        say("board_msg", key, "error", t("board.confirm_needed", lang))
        return
    try:
        accept(engine, area_id, year, user["username"], criteria, computed)
    except Exception as err:  # noqa: BLE001 - a sentence, never a traceback
        _said(err)
        return
    say("board_msg", key, "success", t("board.accepted", lang))
    context.data_changed()


values = detail["values"]
evidence = detail["evidence"]
with st.form(f"review_{key}", border=False):
    for dim in criteria.dimensions:
        st.markdown(f"**{t(f'dim.{dim}', lang)}**")
        head = st.columns([4, 1.2, 1.2, 4])
        for col, label in zip(head, ("board.col_indicator", "board.col_this_year", "board.col_last_year",
                                     "board.col_comment")):
            col.caption(t(label, lang, year=year_label(year, lang), last=year_label(year - 1, lang)))
        for row in required[required["dimension_id"] == dim].to_dict("records"):
            ind, metric = row["indicator_id"], row["metric_type"]
            c_ind, c_now, c_last, c_comment = st.columns([4, 1.2, 1.2, 4])
            c_ind.markdown(md(indicator_label(row, lang)))
            c_now.markdown(md(shown_value(values.get(ind), metric, lang)))
            c_last.markdown(md(shown_value(last.get(ind), metric, lang)))
            earlier = comments[comments["indicator_id"] == ind]
            c_comment.text_input(t("board.comment_for", lang, ind=ind), key=f"c_{key}_{ind}", max_chars=1000,
                                 label_visibility="collapsed", disabled=not can_review,
                                 placeholder=t("board.comment_placeholder", lang))
            if len(earlier):
                c_comment.caption(t("board.earlier", lang, text=md(earlier["comment"].iat[0])))
            if (evidence["indicator_id"] == ind).any():
                c_ind.caption(t("board.has_evidence", lang, n=int((evidence["indicator_id"] == ind).sum())))
    st.checkbox(t("board.confirm", lang), key=f"confirm_{key}", disabled=not can_review)
    b1, b2 = st.columns(2)
    b1.form_submit_button(t("board.return", lang), icon=":material/undo:", on_click=send_back,
                          disabled=not can_review)
    b2.form_submit_button(t("board.accept", lang), icon=":material/task_alt:", type="primary", on_click=take,
                          disabled=not can_review)

st.subheader(t("submit.evidence", lang))
if evidence.empty:
    st.caption(t("board.no_evidence", lang))
ind_names = {r["indicator_id"]: indicator_label(r, lang) for r in criteria.table.to_dict("records")}
for ind, files in evidence.groupby("indicator_id", sort=False):
    st.markdown(f"**{md(ind_names.get(ind, ind))}**")
    evidence_downloads(files, lang, f"bev_{key}")
with st.expander(t("sub.log", lang)):
    st.dataframe(submission_log_table(detail["log"], lang), hide_index=True, width="stretch")
