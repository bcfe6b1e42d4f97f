"""The import log: who imported what, when, and the counts (staff only)."""
import streamlit as st
from streamlit import config

from db.evidence import log_route
from db.importlog import list_imports
from i18n import t
from ui import context
from ui.auth import require
from ui.people_tables import import_log_table

context.require_router()
lang = context.lang()
require("audit", lang)
st.title(t("audit.title", lang))
log = list_imports(context.engine())
if log.empty:
    st.info(t("audit.empty", lang))
else:
    st.dataframe(import_log_table(log, lang), hide_index=True, width="stretch")
    # through the app's route (serve.py), which checks the account at the request; never Streamlit's media storage
    st.markdown(f":material/download: [{t('audit.download', lang)}]"
                f"({log_route(config.get_option('server.baseUrlPath') or '', 'imports')})")
