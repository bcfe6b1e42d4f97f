"""Staff bring in data: the factory registry and area assessments, validated, all-or-nothing, audited."""
import streamlit as st

from common.errors import DataError
from common.years import current_be_year
from db.accounts import AccountError
from i18n import t, year_label
from ingest.assessments import make_template
from ingest.importer import import_assessments, import_factories, max_upload_bytes
from ingest.problems import report_csv, report_frame
from ui import context
from ui.auth import refusal, require
from ui.tables import simple_table_html

context.require_router()
lang = context.lang()
user = require("import", lang)
ds = context.dataset()

st.title(t("import.title", lang))
if ds.is_demo:
    st.warning(t("import.demo_warning", lang), icon=":material/warning:")
st.caption(t("import.rules", lang, mb=max_upload_bytes() // (1024 * 1024)))
tab_f, tab_a = st.tabs([t("import.factories", lang), t("import.assessments", lang)])


def run_import(kind: str, container) -> None:
    upload = container.file_uploader(t("import.file", lang), type=["csv", "xlsx"], key=f"file_{kind}")
    skip = container.checkbox(t("import.skip_invalid", lang), key=f"skip_{kind}")
    if not container.button(t("import.go", lang), key=f"go_{kind}", type="primary", disabled=upload is None,
                            icon=":material/upload:"):
        return
    data = upload.getvalue()
    bar = container.progress(0.0, text=t("import.reading", lang))

    def progress(fraction: float, label: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=t("import.progress", lang, pct=int(fraction * 100), step=label))

    fn = import_factories if kind == "factories" else import_assessments
    try:
        result = fn(context.engine(), data, upload.name, user["username"], context.data_dir(), skip_invalid=skip,
                    progress=progress)
    except AccountError as err:          # the account was disabled or demoted since sign-in: nothing written
        bar.empty()
        if (msg := refusal(err)) is None:
            st.rerun()
        container.error(msg)
        return
    except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback (a database failure is in the log)
        bar.empty()
        container.error(t("import.failed", lang, error=str(exc) if isinstance(exc, DataError) else type(exc).__name__))
        return
    bar.progress(1.0, text=t("import.done", lang))
    c = result.counts
    if result.landed:
        container.success(t("import.landed", lang, inserted=c.get("rows_inserted", 0), updated=c.get("rows_updated", 0),
                            unchanged=c.get("rows_unchanged", 0), skipped=c.get("rows_skipped", 0),
                            warnings=c.get("n_warnings", 0)))
        context.data_changed()
    else:
        container.error(t("import.rejected", lang, errors=c.get("n_errors", 0), warnings=c.get("n_warnings", 0)))
    container.caption(t("import.kept", lang, sha=result.sha256[:16], id=result.import_id or "–"))
    if result.problems:
        report = report_frame(result.problems)
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
                                  file_name=f"report-{kind}-{result.import_id}.csv", mime="text/csv",
                                  icon=":material/download:")


with tab_f:
    st.markdown(t("import.factories_help", lang))
    run_import("factories", tab_f)

with tab_a:
    st.markdown(t("import.assessments_help", lang))
    years = context.model().years or [current_be_year()]  # no assessment yet: offer this year
    c1, c2 = st.columns(2)
    year = c1.selectbox(t("filter.year", lang), list(range(max(years) + 1, min(years) - 1, -1)),
                        format_func=lambda y: year_label(y, lang), key="template_year")
    names = ds.areas.set_index("area_id")[f"name_{lang}"]
    area_ids = c2.multiselect(t("import.template_areas", lang), list(names.index), format_func=lambda a: names[a],
                              placeholder=t("import.template_all_areas", lang))
    st.download_button(t("import.template_download", lang),
                       lambda: make_template(ds.criteria, ds.areas, year=year, area_ids=area_ids or None),
                       file_name=f"eit-assessment-template-{year}.xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
    run_import("assessments", tab_a)
