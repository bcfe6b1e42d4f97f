"""An area working group sends its area's results for a year: a form per dimension (units and ranges checked
as typed, and again in the data layer), evidence per indicator, the Excel template as an alternative, and the
submission to the Eco Center.  Nothing here changes the published figures: only the Eco Center's acceptance does."""
import pandas as pd
import streamlit as st

from common.settings import max_evidence_bytes
from common.thai import sorted_thai
from db.submissions import list_submissions, save_values, submission_detail, submit
from i18n import t, year_label
from ingest.assessments import make_template
from ingest.evidence import TYPES, attach_evidence
from ingest.problems import report_frame
from ingest.submissions import upload_template
from scoring.criteria import VALUE_RANGES
from ui import context
from ui.auth import require
from ui.people_tables import submission_log_table
from ui.refusals import say, show
from ui.submissions import (
    computed_ids,
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
from workflow.submissions import EDITABLE, TO_REVIEW, completeness, required_indicators, unsaved

context.require_router()
lang = context.lang()
user = require("submit", lang)
ds = context.dataset()
criteria = ds.criteria
computed = computed_ids(criteria)
required = required_indicators(criteria.table, computed)
engine = context.engine()
areas = ds.areas.set_index("area_id", drop=False)
names = areas[f"name_{lang}"]

st.title(t("submit.title", lang))
own = [a for a in (user["areas"] or list(areas.index)) if a in areas.index]
if not own:
    st.info(t("submit.no_areas", lang), icon=":material/info:")
    st.stop()
c1, c2 = st.columns([3, 1])
area_id = url_selectbox(c1, t("area.pick", lang), sorted_thai(own, key=lambda a: names[a]), "area", default=own[0],
                        format_func=lambda a: names[a], say_unknown=True)
year = pick_year(c2, lang, list_submissions(engine, area_ids=own))

detail = submission_detail(engine, area_id, year)
status = detail["submission"]["status"] if detail else None
values = detail["values"] if detail else {}
evidence = detail["evidence"] if detail else pd.DataFrame(columns=["id", "indicator_id", "filename", "sha256",
                                                                   "content_type", "size_bytes", "username", "at"])
comments = detail["comments"] if detail else pd.DataFrame(columns=["round", "indicator_id", "comment"])
latest = comments[comments["round"] == detail["submission"]["rounds"]] if detail else comments
comment_of = dict(zip(latest["indicator_id"], latest["comment"]))
editable = status is None or status in EDITABLE
last = published_values(ds, area_id, year - 1)
done = completeness(required["indicator_id"], values, evidence["indicator_id"])
key = f"{area_id}_{year}"

st.subheader(f"{md(names[area_id])} · {year_label(year, lang)}")
m1, m2, m3 = st.columns(3)
m1.metric(t("sub.col_status", lang), status_label(status, lang))
m2.metric(t("sub.col_filled", lang), f"{done['filled']}/{done['required']}")
m3.metric(t("sub.col_evidence", lang), f"{done['evidence']}/{done['required']}")
st.caption(deadline_sentence(year, lang))
if status == "returned":
    st.warning(t("submit.returned_note", lang, n=len(comment_of)), icon=":material/undo:")
elif status in TO_REVIEW:
    st.info(t("submit.waiting", lang), icon=":material/hourglass_top:")
elif status == "accepted":
    st.success(t("submit.accepted_note", lang), icon=":material/task_alt:")


def _say(kind: str, text: str, where: str = "top") -> None:
    """A notice about this area and year for the next run, shown ``where`` the person acted (the top, a tab's
    save button, the send button), so it appears where they are looking (ui.refusals: never on another record)."""
    say(f"submit_msg_{where}", key, kind, text)


def _show(where: str) -> None:
    show(f"submit_msg_{where}", key)


def _said(err: Exception, where: str = "top") -> None:
    text = refused(err, lang)
    if text is not None:
        _say("error", text, where)


_show("top")
dims = criteria.dimensions


def _typed(dim: str) -> dict:
    """The values the widgets of a dimension's tab hold now."""
    ids = required.loc[required["dimension_id"] == dim, "indicator_id"]
    return {i: st.session_state.get(f"v_{key}_{i}") for i in ids if f"v_{key}_{i}" in st.session_state}


def _unsaved_tabs() -> dict[str, dict]:
    """Per dimension, the values typed in its tab and not yet saved (workflow.submissions.unsaved)."""
    return {d: changed for d in dims if (changed := unsaved(_typed(d), values))}


def save(dim: str) -> None:
    """Button callback: the dimension's typed values, checked and saved as a whole (or nothing)."""
    try:
        save_values(engine, area_id, year, _typed(dim), user["username"], criteria, computed)
    except Exception as err:  # noqa: BLE001 - a refused step or account: a sentence, never a traceback
        _said(err, dim)
        return
    _say("success", t("submit.saved", lang), dim)


for dim, tab in zip(dims, st.tabs([t(f"dim.{d}", lang) for d in dims])):
    with tab:
        for row in required[required["dimension_id"] == dim].to_dict("records"):
            ind, metric = row["indicator_id"], row["metric_type"]
            label = indicator_label(row, lang)
            help_text = t("submit.last_year", lang, year=year_label(year - 1, lang),
                          value=shown_value(last.get(ind), metric, lang))
            current = values.get(ind)
            wkey = f"v_{key}_{ind}"
            c_in, c_note = st.columns([3, 2], vertical_alignment="bottom")
            if metric == "binary":
                options = [None, 1.0, 0.0]
                c_in.selectbox(label, options, index=options.index(current) if current in options else 0, key=wkey,
                               format_func=lambda v: "–" if v is None else shown_value(v, "binary", lang),
                               disabled=not editable)
            else:
                lo, hi = VALUE_RANGES[metric]
                c_in.number_input(label, min_value=lo, max_value=hi, value=current, key=wkey, disabled=not editable,
                                  placeholder=t("submit.blank", lang))
            c_note.caption(help_text)
            if ind in comment_of:
                c_note.warning(t("submit.comment", lang, text=md(comment_of[ind])), icon=":material/comment:")
        st.button(t("submit.save", lang), icon=":material/save:", on_click=save, args=(dim,), disabled=not editable,
                  key=f"save_{key}_{dim}")
        _show(dim)

st.subheader(t("submit.evidence", lang))
st.caption(t("submit.evidence_rules", lang, types=", ".join(k.upper() for k in TYPES),
             mb=max_evidence_bytes() // (1024 * 1024)))
if editable:
    e1, e2 = st.columns([2, 3])
    ind_labels = {r["indicator_id"]: indicator_label(r, lang) for r in required.to_dict("records")}
    target = e1.selectbox(t("submit.evidence_for", lang), list(ind_labels), format_func=ind_labels.get,
                          key=f"ev_ind_{key}")
    upload = e2.file_uploader(t("submit.evidence_file", lang), key=f"ev_file_{key}",
                              max_upload_size=max(1, max_evidence_bytes() // (1024 * 1024)),
                              type=sorted({e.lstrip(".") for _, ends, _ in TYPES.values() for e in ends}))
    if st.button(t("submit.attach", lang), icon=":material/attach_file:", disabled=upload is None):
        try:
            attach_evidence(engine, area_id, year, target, upload.getvalue(), upload.name, user["username"], criteria)
        except Exception as err:  # noqa: BLE001 - a sentence, never a traceback
            _said(err)
        else:
            _say("success", t("submit.attached", lang, name=md(upload.name)))
        st.rerun()
ind_names = {r["indicator_id"]: indicator_label(r, lang) for r in criteria.table.to_dict("records")}
for ind, files in evidence.groupby("indicator_id", sort=False):
    st.markdown(f"**{md(ind_names.get(ind, ind))}**")
    evidence_downloads(files, lang, f"ev_{key}")

with st.expander(t("submit.template", lang), icon=":material/table_view:"):
    st.caption(t("submit.template_help", lang))
    st.download_button(t("submit.template_download", lang), make_template(criteria, ds.areas, year, [area_id]),
                       file_name=f"eit-{area_id}-{year}.xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet = st.file_uploader(t("import.file", lang), type=["xlsx", "csv"], key=f"tpl_{key}", disabled=not editable)
    if sheet is not None and st.button(t("submit.template_go", lang), icon=":material/upload:", disabled=not editable):
        try:
            problems, saved = upload_template(engine, sheet.getvalue(), sheet.name, user["username"], year, criteria,
                                              ds.areas)
        except Exception as err:  # noqa: BLE001 - a sentence, never a traceback
            _said(err)
            st.rerun()
        if saved:
            _say("success", t("submit.template_saved", lang, n=sum(saved.values()), areas=len(saved)))
            st.rerun()
        st.error(t("submit.template_refused", lang), icon=":material/error:")
        st.dataframe(report_frame(problems), hide_index=True, width="stretch")

st.divider()


def send() -> None:
    """Button callback: every tab's unsaved values are saved first (all or nothing); then the submission is sent.
    When they cannot be saved, nothing is sent and the sentence names the tabs."""
    pending = _unsaved_tabs()
    tabs = ", ".join(t(f"dim.{d}", lang) for d in pending)
    if pending:
        try:
            save_values(engine, area_id, year, {i: v for changed in pending.values() for i, v in changed.items()},
                        user["username"], criteria, computed)
        except Exception as err:  # noqa: BLE001 - a sentence, never a traceback
            if (why := refused(err, lang)) is not None:
                _say("error", t("submit.unsaved_refused", lang, tabs=tabs, why=why), "send")
            return
    try:
        after = submit(engine, area_id, year, user["username"], criteria, computed)
    except Exception as err:  # noqa: BLE001 - a sentence, never a traceback
        _said(err, "send")
        return
    first = t("submit.saved_first", lang, tabs=tabs) + " · " if pending else ""
    _say("success", first + t("submit.sent_" + after, lang), "send")


if editable and (pending := _unsaved_tabs()):
    st.caption(t("submit.unsaved", lang, tabs=", ".join(t(f"dim.{d}", lang) for d in pending)))
st.button(t("submit.send" if status != "returned" else "submit.resend", lang), type="primary", icon=":material/send:",
          on_click=send, disabled=not editable)
_show("send")
if detail is not None:
    with st.expander(t("sub.log", lang)):
        st.dataframe(submission_log_table(detail["log"], lang), hide_index=True, width="stretch")
