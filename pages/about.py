"""About the data: sources, attribution, provenance, the scoring rule and placeholders."""
import streamlit as st

from i18n import date_label, t, year_label
from programme.registry import result_source
from scoring.criteria import version_label
from ui import context
from ui.chrome import about_areas_table, boundary_attribution
from ui.text import md


def programme_value(r, lang: str) -> str:
    """A programme figure as the summary shows it: qualifier, value and unit in the page's language."""
    qual = t("summary.qualifier_" + r["qualifier"], lang) if r["qualifier"] else ""
    unit = md(r[f"unit_{lang}"]) if r[f"unit_{lang}"] else ""
    return f"{qual}{r['value']:,g} {unit}".strip()


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
if ds.is_demo:      # everything else the demo invented, so that no reader takes it for a record
    st.markdown(t("about.demo_list", lang))

# The programme's own figures (the executive summary's), each cited with its source in the page's language.
results = context.programme_results()
if not results.empty:
    st.subheader(t("about.results", lang))
    for (year, _source), part in results.groupby(["year_be", "source"], sort=True):
        cited = result_source(part.iloc[0], lang)
        figures = "; ".join(f"{md(r[f'label_{lang}'])} {programme_value(r, lang)}" for _, r in part.iterrows())
        st.markdown(t("about.results_line", lang, year=year_label(year, lang), figures=figures, source=md(cited),
                      as_of=date_label(part["data_as_of"].max(), lang)))
st.subheader(t("about.criteria", lang))
st.markdown(t("about.criteria_text", lang, version=md(version_label(ds.criteria.version, lang)), n=len(ds.criteria.table)))
st.subheader(t("about.placeholders", lang))
ph = ds.areas.loc[ds.areas["status"] == "placeholder"]
st.markdown(t("about.placeholders_text", lang, n=len(ph), total=len(ds.areas)))
assumed = ds.areas.loc[ds.areas["boundary"] == "assumed"]
st.markdown(t("about.assumed_text", lang, n=len(assumed)))
st.dataframe(about_areas_table(ds, lang), hide_index=True, width="stretch")
