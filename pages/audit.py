"""The import log: who imported what, when, and the counts (staff only)."""
import streamlit as st

from db.importlog import list_imports
from i18n import t
from ui import context
from ui.auth import require
from ui.people_tables import import_log_table, log_csv

context.require_router()
lang = context.lang()
require("audit", lang)
st.title(t("audit.title", lang))
log = list_imports(context.engine())
if log.empty:
    st.info(t("audit.empty", lang))
else:
    st.dataframe(import_log_table(log, lang), hide_index=True, width="stretch")
    st.download_button(t("audit.download", lang), log_csv(log, ["started_at", "finished_at"]), file_name="import-log.csv", mime="text/csv",
                       icon=":material/download:")
