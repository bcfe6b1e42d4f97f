"""Verification visits (ทวนสอบ): auditors record their visit to an area for a year (dates, audit team, findings
per indicator); Eco Center staff and the committee's secretary read them. The visits still to record are listed
first."""
import datetime as dt

import streamlit as st

from common.settings import data_dir, max_evidence_bytes
from common.thai import sorted_thai
from common.vocab import VISIT_FINDINGS
from common.years import to_be, to_ce
from db.accounts import AccountError
from db.visits import (
    VisitError,
    auditor_accounts,
    bangkok_today,
    load_finding_evidence,
    load_findings,
    load_visits,
    remove_finding,
    save_finding,
    save_visit,
)
from i18n import date_label, datetime_label, t, year_label
from ingest.evidence import TYPES, attach_finding_evidence
from programme.verification import load_verification_rules
from scoring.certified import certification_of
from ui import context
from ui.auth import can, require
from ui.refusals import say, show
from ui.submissions import evidence_downloads, refused
from ui.text import md
from ui.urlstate import url_selectbox, url_year
from ui.visits import be_date_input, be_date_of, findings_table, show_queue, team_table
from workflow.submissions import WorkflowError
from workflow.visits import check_visit, external_line, external_person, parse_external, rule_for, visit_inbox, visit_step

context.require_router()
lang = context.lang()
user = require(("visit", "verify", "certify"), lang)
ds, model = context.dataset(), context.model()
engine = context.engine()
areas = ds.areas.set_index("area_id", drop=False)
names = areas[f"name_{lang}"]
rules = load_verification_rules(data_dir())
today = bangkok_today()
visits = load_visits(engine)

st.title(t("visits.title", lang))
show_queue(visit_inbox(ds.certifications, visits, rules, today), names, lang, "visits.queue", "visits.queue_empty",
           here="pages/visits.py")

c1, c2 = st.columns([1, 3])
year = url_year(c1, t("filter.year", lang), model.years, lang)
area_id = url_selectbox(c2, t("area.pick", lang), sorted_thai(areas.index, key=lambda a: names[a]), "area",
                        placeholder=t("area.pick_placeholder", lang), format_func=lambda a: names[a])
rule = rule_for(rules, year)
st.caption(t("visits.rule", lang, auditors=rule.min_auditors, days=rule.min_days, year=year_label(year, lang))
           + " · " + t(f"visits.counts_{rule.counts}", lang))
if not area_id:
    st.stop()

visit = visits.get((area_id, year))
check = check_visit(visit, rule, today)
cert = certification_of(ds.certifications, area_id, year)
st.subheader(f"{md(names[area_id])} · {year_label(year, lang)}")
if visit is None:
    st.info(t("visits.none_yet", lang), icon=":material/event_busy:")
else:
    st.markdown(t("visits.when", lang, start=date_label(visit["start_on"], lang), end=date_label(visit["end_on"], lang),
                  days=check.days, auditors=check.auditors))
    st.dataframe(team_table(visit["team"], lang), hide_index=True, width="stretch")
    if visit["note"]:
        st.markdown(f"{t('cert.note', lang)}: {md(visit['note'])}")
    st.caption(t("visits.recorded", lang, who=md(visit["recorded_by"]), at=datetime_label(visit["recorded_at"], lang),
                 by=md(visit["updated_by"]), when=datetime_label(visit["updated_at"], lang)))
    if check.ok:
        st.success(t("visits.meets", lang), icon=":material/task_alt:")
    else:
        st.warning(t("visits.short", lang, missing=check.missing(lang)), icon=":material/rule:")
if can("verify", "certify"):
    st.page_link("pages/certification.py", label=t("visits.open_cert", lang), icon=":material/verified:",
                 query_params={"area": area_id, "year": str(year), "lang": lang})
# whether this person may record or change the visit, and why not: the table the data layer checks at the write
may = visit_step(visit, cert["status"] if cert else None, user["role"], user["username"])
if may.check == "state":
    st.info(t("visits.locked", lang, status=t("cert." + cert["status"], lang)), icon=":material/lock:")
elif may.check == "own":
    st.caption(t("visits.not_yours", lang))
may_edit = bool(may)
me = user["username"]

K = f"{area_id}_{year}"


def _say(kind: str, text: str) -> None:
    say("visit_msg", K, kind, text)


def save() -> None:
    """Form callback: the visit with the dates, team and note typed above."""
    start, end = be_date_of(f"start_{K}"), be_date_of(f"end_{K}")
    try:
        with engine.begin() as conn:
            save_visit(conn, area_id, year, start, end, st.session_state.get(f"lead_{K}"),
                       st.session_state.get(f"members_{K}") or [], _external_people(), me,
                       st.session_state.get(f"vnote_{K}", ""))
    except (VisitError, AccountError) as err:
        if (msg := refused(err, lang)) is not None:
            _say("error", msg)
        return
    _say("success", t("visits.saved", lang))


def _external_people() -> list[dict]:
    """The external auditors typed above as people, each with whether they agreed to the findings."""
    agreed = set(st.session_state.get(f"agreed_{K}") or [])
    return [external_person(line, agreed=line in agreed) for line in parse_external(st.session_state.get(f"external_{K}", ""))]


def save_one_finding() -> None:
    try:
        with engine.begin() as conn:
            save_finding(conn, area_id, year, st.session_state.get(f"find_ind_{K}") or "",
                         st.session_state.get(f"find_kind_{K}") or "", st.session_state.get(f"find_note_{K}", ""), me)
    except (VisitError, AccountError) as err:
        if (msg := refused(err, lang)) is not None:
            _say("error", msg)
        return
    st.session_state[f"find_note_{K}"] = ""
    _say("success", t("visits.finding_saved", lang))


def attach_to_finding() -> None:
    """Button callback: the file chosen above, as evidence of the chosen finding (checked by its content)."""
    upload = st.session_state.get(f"fev_file_{K}")
    if upload is None:
        _say("error", t("visits.evidence_pick", lang))
        return
    try:
        attach_finding_evidence(engine, area_id, year, st.session_state.get(f"fev_ind_{K}") or "",
                                upload.getvalue(), upload.name, me)
    except (WorkflowError, VisitError, AccountError) as err:
        if (msg := refused(err, lang)) is not None:
            _say("error", msg)
        return
    _say("success", t("visits.evidence_attached", lang, name=md(upload.name)))


def drop_finding() -> None:
    try:
        with engine.begin() as conn:
            remove_finding(conn, area_id, year, st.session_state.get(f"drop_ind_{K}") or "", me)
    except (VisitError, AccountError) as err:
        if (msg := refused(err, lang)) is not None:
            _say("error", msg)
        return
    _say("success", t("visits.finding_removed", lang))


if may_edit:
    auditors = auditor_accounts(engine)
    if not auditors:
        st.warning(t("visits.no_auditors", lang), icon=":material/group_off:")
    else:
        with st.expander(t("visits.edit" if visit else "visits.record", lang), expanded=True):
            lead_default = visit["lead_auditor"] if visit else (me if me in auditors else auditors[0])
            years = [year - 1, year, year + 1]
            be_now = to_be(today.year)
            first = visit["start_on"] if visit else (today if abs(be_now - year) <= 1 else dt.date(to_ce(year), 1, 1))
            last = visit["end_on"] if visit else first
            a, b = st.columns(2)
            be_date_input(a, t("visits.first_day", lang), f"start_{K}", first, years, lang)
            be_date_input(b, t("visits.last_day", lang), f"end_{K}", last, years, lang)
            lead = st.selectbox(t("visits.lead", lang), auditors, index=auditors.index(lead_default)
                                if lead_default in auditors else 0, key=f"lead_{K}")
            # the lead is on the team already: the members are the other auditors
            others = [a for a in auditors if a != lead]
            current_members = [m["username"] for m in (visit or {}).get("team", []) if m["username"] and not m["lead"]]
            chosen = {"default": [m for m in current_members if m in others]}
            if f"members_{K}" in st.session_state:       # a member chosen before who is now the lead is dropped
                st.session_state[f"members_{K}"] = [m for m in st.session_state[f"members_{K}"] if m in others]
                chosen = {}
            st.multiselect(t("visits.members", lang), others, key=f"members_{K}",
                           placeholder=t("visits.members_placeholder", lang), **chosen)
            externals = [m for m in (visit or {}).get("team", []) if not m["username"]]
            typed = st.text_area(t("visits.external", lang), value="\n".join(external_line(m) for m in externals),
                                 key=f"external_{K}", help=t("visits.external_help", lang), max_chars=4000)
            lines = parse_external(typed)
            if rule.counts == "people" and lines:      # each external auditor's agreement to the findings
                st.multiselect(t("visits.agreed", lang), lines, key=f"agreed_{K}", help=t("visits.agreed_help", lang),
                               default=[external_line(m) for m in externals if m.get("agreed") and external_line(m) in lines],
                               placeholder=t("visits.agreed_placeholder", lang))
            st.text_input(t("cert.note", lang), value=(visit or {}).get("note", ""), key=f"vnote_{K}", max_chars=4000)
            st.button(t("visits.save", lang), icon=":material/save:", type="primary", on_click=save)

show("visit_msg", K)

st.subheader(t("visits.findings", lang))
indicators = ds.criteria.table.set_index("indicator_id")[f"indicator_{lang}"]
findings = load_findings(engine, area_id, year) if visit is not None else None
if findings is None or findings.empty:
    st.caption(t("visits.no_findings", lang))
else:
    st.dataframe(findings_table(findings, indicators, lang), hide_index=True, width="stretch")
if may_edit and visit is not None:
    with st.container(border=True):
        st.selectbox(t("visits.indicator", lang), list(indicators.index), key=f"find_ind_{K}",
                     format_func=lambda i: f"{i} {indicators[i]}")
        st.radio(t("visits.finding", lang), list(VISIT_FINDINGS), key=f"find_kind_{K}", horizontal=True,
                 format_func=lambda f: t(f"visits.finding_{f}", lang))
        st.text_input(t("visits.finding_note", lang), key=f"find_note_{K}", max_chars=4000)
        st.button(t("visits.finding_save", lang), icon=":material/playlist_add_check:", on_click=save_one_finding)
        if findings is not None and not findings.empty:
            st.selectbox(t("visits.finding_drop_pick", lang), list(findings["indicator_id"]), key=f"drop_ind_{K}",
                         format_func=lambda i: f"{i} {indicators.get(i, '')}")
            st.button(t("visits.finding_drop", lang), icon=":material/delete:", on_click=drop_finding)

# Evidence of the findings: downloads only (never shown inline); the audit team attaches while the visit may change.
if findings is not None and not findings.empty:
    st.markdown(f"**{t('visits.evidence', lang)}**")
    files = load_finding_evidence(engine, area_id, year)
    if files.empty:
        st.caption(t("visits.evidence_none", lang))
    for ind, group in files.groupby("indicator_id", sort=False):
        st.caption(f"{ind} {indicators.get(ind, '')}")
        evidence_downloads(group, lang, f"fev_{K}", kind="finding")
    if may_edit:
        with st.container(border=True):
            st.caption(t("submit.evidence_rules", lang, types=", ".join(k.upper() for k in TYPES),
                         mb=max_evidence_bytes() // (1024 * 1024)))
            c1, c2 = st.columns(2)
            c1.selectbox(t("visits.evidence_for", lang), list(findings["indicator_id"]), key=f"fev_ind_{K}",
                         format_func=lambda i: f"{i} {indicators.get(i, '')}")
            c2.file_uploader(t("visits.evidence_file", lang), key=f"fev_file_{K}",
                             max_upload_size=max(1, max_evidence_bytes() // (1024 * 1024)))
            st.button(t("visits.evidence_attach", lang), icon=":material/attach_file:", on_click=attach_to_finding)
