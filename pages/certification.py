"""Certification of an area's level for a year: draft → verified (external audit) → certified (committee),
with who and when; and the area's problems and recommendations for the year."""
import pandas as pd
import streamlit as st

from common.errors import message_of
from common.settings import data_dir
from common.thai import sorted_thai
from db.accounts import AccountError
from db.certification import CertificationError, certification_history, set_certification
from db.notes import save_note
from db.visits import bangkok_today, load_visits
from i18n import t, year_label
from programme.verification import load_verification_rules
from scoring.certified import certification_of
from scoring.summary import level_in
from ui import context
from ui.auth import can, refusal, require
from ui.people_tables import certification_history_table
from ui.text import md
from ui.urlstate import url_selectbox, url_year
from ui.visits import show_queue
from workflow.visits import check_visit, committee_inbox, rule_for, verify_inbox

context.require_router()
lang = context.lang()
user = require(("verify", "certify"), lang)
ds, model = context.dataset(), context.model()
areas = ds.areas.set_index("area_id", drop=False)
names = areas[f"name_{lang}"]

engine = context.engine()
visits, rules, today = load_visits(engine), load_verification_rules(data_dir()), bangkok_today()
st.title(t("cert.title", lang))
if can("verify"):               # the Eco Center: drafted levels whose verification visit meets the rule
    show_queue(verify_inbox(ds.certifications, visits, rules, today), names, lang, "cert.queue_verify",
               "cert.queue_verify_empty", here="pages/certification.py")
if can("certify"):              # the committee's secretary: the verified levels awaiting the committee
    show_queue(committee_inbox(ds.certifications), names, lang, "cert.queue", "cert.queue_empty",
               here="pages/certification.py")
c1, c2 = st.columns([1, 3])
year = url_year(c1, t("filter.year", lang), model.years, lang)
area_id = url_selectbox(c2, t("area.pick", lang), sorted_thai(areas.index, key=lambda a: names[a]), "area",
                        placeholder=t("area.pick_placeholder", lang),
                        format_func=lambda a: names[a])

# The year's overview: every area in the programme with its computed level and certification status.
certs = ds.certifications if ds.certifications is not None else pd.DataFrame(columns=["area_id", "year", "level", "status"])
year_certs = certs.loc[certs["year"] == year].set_index("area_id")
rows = []
for aid in areas.index[areas["year_joined"].astype(int) <= year]:
    rec = year_certs.loc[aid] if aid in year_certs.index else None
    rows.append({t("col.area", lang): names[aid], t("cert.computed_level", lang): level_in(model, aid, year),
                 t("cert.level", lang): None if rec is None else int(rec["level"]),
                 t("present.cert_status", lang): t("cert." + (rec["status"] if rec is not None else "none"), lang)})
with st.expander(t("cert.overview", lang, year=year_label(year, lang)), expanded=area_id is None):
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
if not area_id:
    st.stop()

computed = level_in(model, area_id, year)
cert = certification_of(ds.certifications, area_id, year)
st.subheader(f"{md(names[area_id])} · {year_label(year, lang)}")
st.markdown(t("cert.state", lang, computed="–" if computed is None else computed,
              status=t("cert." + (cert["status"] if cert else "none"), lang),
              level="–" if cert is None else int(cert["level"])))

check = check_visit(visits.get((area_id, year)), rule_for(rules, year), today)
st.markdown(t("cert.visit_ok" if check.ok else "cert.visit_short", lang, missing=check.missing(lang),
              auditors=check.auditors, days=check.days))
st.page_link("pages/visits.py", label=t("cert.visit_open", lang), icon=":material/fact_check:",
             query_params={"area": area_id, "year": str(year), "lang": lang})


def act(status: str) -> None:
    """Button callback: one certification step with the level and note entered above. Certifying, and a new
    draft over a verified or certified level, need the confirmation box ticked (and, over a certified level, a
    reason in the note: the data layer refuses it otherwise)."""
    level = int(st.session_state[f"level_{area_id}_{year}"])
    note = st.session_state.get(f"note_{area_id}_{year}", "")
    weighty = status == "certified" or (status == "draft" and cert is not None and cert["status"] != "draft")
    if weighty and not st.session_state.get(f"confirm_{area_id}_{year}"):
        st.session_state["cert_error"] = t("cert.confirm_needed", lang)
        return
    try:
        with engine.begin() as conn:
            set_certification(conn, area_id, year, level, status, user["username"], note)
    except CertificationError as err:
        st.session_state["cert_error"] = err.text(lang)
        return
    except AccountError as err:          # the account was disabled or demoted since sign-in
        if (msg := refusal(err)) is not None:
            st.session_state["cert_error"] = msg
        return
    st.session_state.pop("cert_error", None)
    st.session_state[f"confirm_{area_id}_{year}"] = False
    st.session_state["cert_done"] = t(f"cert.done_{status}", lang, level=level)
    context.data_changed()


with st.container(border=True):
    level = st.selectbox(t("cert.level", lang), [1, 2, 3, 4, 5],
                         index=((cert["level"] if cert else computed) or 1) - 1, key=f"level_{area_id}_{year}")
    note = st.text_input(t("cert.note", lang), value=(cert or {}).get("note", "") or "", key=f"note_{area_id}_{year}")
    if cert is not None and cert["status"] == "certified":
        st.warning(t("cert.certified_warning", lang), icon=":material/lock:")
    st.checkbox(t("cert.confirm", lang), key=f"confirm_{area_id}_{year}")
    mine = cert is not None and cert["status"] == "verified" and cert.get("verified_by") == user["username"]
    if mine and can("certify"):
        st.caption(t("cert.four_eyes", lang))
    b1, b2, b3 = st.columns(3)
    is_certified = cert is not None and cert["status"] == "certified"
    # drafting and verifying is the Eco Center's; certifying, and a new draft over a certified level, the
    # committee's (its secretary); the data layer checks both again
    b1.button(t("cert.do_draft", lang), icon=":material/edit_note:", on_click=act, args=("draft",),
              disabled=not can("certify" if is_certified else "verify"))
    b2.button(t("cert.do_verify", lang), icon=":material/fact_check:", on_click=act, args=("verified",),
              disabled=not cert or cert["status"] != "draft" or not can("verify"))
    b3.button(t("cert.do_certify", lang), icon=":material/verified:", type="primary", on_click=act,
              args=("certified",), disabled=not cert or cert["status"] != "verified" or not can("certify") or mine)
if st.session_state.get("cert_error"):
    st.error(md(st.session_state["cert_error"]))
if st.session_state.get("cert_done"):
    st.success(md(st.session_state.pop("cert_done")))

st.subheader(t("notes.title", lang))
notes = ds.notes
note = None if notes is None else notes.loc[(notes["area_id"] == area_id) & (notes["year"] == year)]
current = note.iloc[0] if note is not None and not note.empty else None


def save() -> None:
    try:
        with engine.begin() as conn:
            save_note(conn, area_id, year, st.session_state[f"problems_{area_id}_{year}"],
                      st.session_state[f"recommendations_{area_id}_{year}"], user["username"])
    except AccountError as err:          # the account was disabled or demoted since sign-in
        if (msg := refusal(err)) is not None:
            st.session_state["note_error"] = msg
        return
    except ValueError as err:
        st.session_state["note_error"] = message_of(err).text(lang)
        return
    st.session_state.pop("note_error", None)
    st.session_state["note_saved"] = True
    context.data_changed()


st.text_area(t("notes.problems", lang), value="" if current is None else current["problems"],
             key=f"problems_{area_id}_{year}", max_chars=4000)
st.text_area(t("notes.recommendations", lang), value="" if current is None else current["recommendations"],
             key=f"recommendations_{area_id}_{year}", max_chars=4000)
st.button(t("notes.save", lang), icon=":material/save:", on_click=save)
if st.session_state.pop("note_saved", False):
    st.success(t("notes.saved", lang))
if st.session_state.get("note_error"):
    st.error(md(st.session_state.pop("note_error")))

hist = certification_history(engine, area_id, year)
if not hist.empty:
    st.markdown(f"**{t('cert.history', lang)}**")
    st.dataframe(certification_history_table(hist, lang), hide_index=True, width="stretch")
