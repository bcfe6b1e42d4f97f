"""About the data: sources, attribution, provenance, the scoring rule and placeholders."""
import streamlit as st

from i18n import t
from scoring.criteria import version_label
from ui import context
from ui.chrome import about_areas_table, boundary_attribution
from ui.text import md

context.require_router()
lang = context.lang()
ds = context.dataset()
st.title(t("about.title", lang))
st.markdown(t("about.intro", lang))
st.subheader(t("about.boundaries", lang))
st.markdown("> " + md(boundary_attribution(ds.data_dir, lang)))
st.subheader(t("about.demo", lang))
st.markdown(t("about.demo_text", lang, seed=md(ds.meta.get("seed")))
            if ds.is_demo else t("about.real_text", lang))
st.subheader(t("about.criteria", lang))
st.markdown(t("about.criteria_text", lang, version=md(version_label(ds.criteria.version, lang)), n=len(ds.criteria.table)))
st.subheader(t("about.placeholders", lang))
ph = ds.areas.loc[ds.areas["status"] == "placeholder"]
st.markdown(t("about.placeholders_text", lang, n=len(ph), total=len(ds.areas)))
assumed = ds.areas.loc[ds.areas["boundary"] == "assumed"]
st.markdown(t("about.assumed_text", lang, n=len(assumed)))
st.dataframe(about_areas_table(ds, lang), hide_index=True, width="stretch")
