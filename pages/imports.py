"""Staff bring in data: the factory registry, area assessments and the symbiosis register (parties, flows,
exchanges), validated, all-or-nothing, audited; a file can be checked first (what it would change) without
writing anything."""
import streamlit as st

from common.errors import DataError, message_of
from common.years import current_be_year
from db.accounts import AccountError
from i18n import t, year_label
from ingest.assessments import make_template
from ingest.importer import KINDS, import_file, max_upload_bytes
from ingest.problems import report_csv, report_frame
from ingest.symbiosis_template import make_template as make_symbiosis_template
from programme.symbiosis import load_vocabulary
from ui import context
from ui.auth import refusal, require
from ui.tables import simple_table_html

context.require_router()
lang = context.lang()
user = require("import", lang)
ds = context.dataset()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.title(t("import.title", lang))
if ds.is_demo:
    st.warning(t("import.demo_warning", lang), icon=":material/warning:")
st.caption(t("import.rules", lang, mb=max_upload_bytes() // (1024 * 1024)))
tabs = dict(zip(KINDS, st.tabs([t(f"import.{k}", lang) for k in KINDS])))


def show_result(result, kind: str, container) -> None:
    c, e = result.counts, result.effect
    if result.status == "checked":
        container.info(t("import.checked", lang, rows=c.get("rows_total", 0) - c.get("rows_skipped", 0),
                         total=c.get("rows_total", 0), changed=e["changed"], cleared=e["cleared"],
                         warnings=c.get("n_warnings", 0)), icon=":material/fact_check:")
    elif result.landed:
        container.success(t("import.landed", lang, inserted=c.get("rows_inserted", 0), updated=c.get("rows_updated", 0),
                            unchanged=c.get("rows_unchanged", 0), skipped=c.get("rows_skipped", 0),
                            warnings=c.get("n_warnings", 0)))
        container.caption(t("import.effect", lang, changed=e["changed"], cleared=e["cleared"]))
        context.data_changed()
    elif result.dry_run:
        container.error(t("import.check_rejected", lang, errors=c.get("n_errors", 0), warnings=c.get("n_warnings", 0)))
    else:
        container.error(t("import.rejected", lang, errors=c.get("n_errors", 0), warnings=c.get("n_warnings", 0)))
    if result.status != "checked" and result.import_id is not None:
        container.caption(t("import.kept", lang, sha=result.sha256[:16], id=result.import_id))
    if result.problems:
        report = report_frame(result.problems)       # bounded: the importer lists at most the first 1,000
        shown = report.head(200)
        msg = "message_th" if lang == "th" else "message_en"
        container.html(simple_table_html(
            [t("import.col_row", lang), t("import.col_column", lang), t("import.col_value", lang),
             t("import.col_severity", lang), t("import.col_message", lang)],
            [[r["row"] if r["row"] == r["row"] and r["row"] is not None else "–", r["column"], r["value"],
              t("import.severity_" + r["severity"], lang), r[msg]] for _, r in shown.iterrows()], "import-report"))
        if len(report) > len(shown):
            container.caption(t("import.report_more", lang, shown=len(shown), total=len(report)))
        container.download_button(t("import.report_download", lang), report_csv(result.problems),
                                  file_name=f"report-{kind}-{result.import_id or 'check'}.csv", mime="text/csv",
                                  icon=":material/download:", key=f"report_{kind}")


def run_import(kind: str, container) -> None:
    upload = container.file_uploader(t("import.file", lang), type=["csv", "xlsx"], key=f"file_{kind}",
                                     help=t("import.rules", lang, mb=max_upload_bytes() // (1024 * 1024)))
    skip = container.checkbox(t("import.skip_invalid", lang), key=f"skip_{kind}")
    left, right = container.columns(2)
    go = left.button(t("import.go", lang), key=f"go_{kind}", type="primary", disabled=upload is None,
                     icon=":material/upload:")
    check = right.button(t("import.check", lang), key=f"check_{kind}", disabled=upload is None,
                         icon=":material/fact_check:")
    if not (go or check):
        return
    if upload.size > max_upload_bytes():        # said here too, in the reader's language (the import logs it)
        container.error(t("import.too_big", lang, size=f"{upload.size / 1024 / 1024:,.1f}",
                          mb=f"{max_upload_bytes() / 1024 / 1024:,.0f}"))
    bar = container.progress(0.0, text=t("import.reading", lang))

    def progress(fraction: float, label: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=t("import.progress", lang, pct=int(fraction * 100), step=label))

    try:
        result = import_file(context.engine(), kind, upload.getvalue(), upload.name, user["username"],
                             context.data_dir(), skip_invalid=skip, progress=progress, dry_run=check and not go)
    except AccountError as err:          # the account was disabled or demoted since sign-in: nothing written
        bar.empty()
        if (msg := refusal(err)) is None:
            st.rerun()
        container.error(msg)
        return
    except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback (a database failure is in the log)
        bar.empty()
        container.error(t("import.failed", lang, error=message_of(exc).text(lang) if isinstance(exc, DataError) else type(exc).__name__))
        return
    bar.progress(1.0, text=t("import.done", lang))
    show_result(result, kind, container)


with tabs["factories"]:
    st.markdown(t("import.factories_help", lang))
    run_import("factories", tabs["factories"])

with tabs["assessments"]:
    st.markdown(t("import.assessments_help", lang))
    st.caption(t("import.blank_rule", lang))
    years = context.model().years or [current_be_year()]  # no assessment yet: offer this year
    c1, c2 = st.columns(2)
    year = c1.selectbox(t("filter.year", lang), list(range(max(years) + 1, min(years) - 1, -1)),
                        format_func=lambda y: year_label(y, lang), key="template_year")
    names = ds.areas.set_index("area_id")[f"name_{lang}"]
    area_ids = c2.multiselect(t("import.template_areas", lang), list(names.index), format_func=lambda a: names[a],
                              placeholder=t("import.template_areas_placeholder", lang))
    st.download_button(t("import.template_download", lang),
                       lambda: make_template(ds.criteria, ds.areas, year=year, area_ids=area_ids or None),
                       file_name=f"eit-assessment-template-{year}.xlsx", icon=":material/download:",
                       mime=XLSX, on_click="ignore")
    run_import("assessments", tabs["assessments"])

for kind in ("parties", "flows", "exchanges"):
    with tabs[kind]:
        st.markdown(t("import.symbiosis_help", lang))
        st.download_button(t("import.template_download", lang),
                           lambda kind=kind: make_symbiosis_template(kind, load_vocabulary(context.data_dir())),
                           file_name=f"eit-{kind}-template.xlsx", icon=":material/download:", mime=XLSX,
                           on_click="ignore", key=f"template_{kind}")
        run_import(kind, tabs[kind])
