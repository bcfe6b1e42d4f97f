"""EIT dashboard: routing only. Run with `streamlit run app.py` (see README)."""
from pathlib import Path

import streamlit as st

from i18n import LANGS, t
from ui import chrome, context
from ui.urlstate import url_segmented

st.set_page_config(page_title="EIT Dashboard · เมืองอุตสาหกรรมเชิงนิเวศ", page_icon=str(Path(__file__).with_name("static") / "favicon.png"), layout="wide")

with st.sidebar:
    url_segmented(st, "ภาษา / Language", LANGS, key="lang", default="th",
                  format_func=lambda code: {"th": "ไทย", "en": "English"}[code])
lang = context.lang()

pages = [
    st.Page("pages/national.py", title=t("nav.national", lang), icon=":material/map:", url_path="national", default=True),
    st.Page("pages/area.py", title=t("nav.area", lang), icon=":material/location_city:", url_path="area"),
    st.Page("pages/factory.py", title=t("nav.factory", lang), icon=":material/factory:", url_path="factory"),
    st.Page("pages/trends.py", title=t("nav.trends", lang), icon=":material/trending_up:", url_path="trends"),
    st.Page("pages/present.py", title=t("nav.present", lang), icon=":material/slideshow:", url_path="present"),
    st.Page("pages/summary.py", title=t("nav.summary", lang), icon=":material/dashboard:", url_path="summary"),
    st.Page("pages/about.py", title=t("nav.about", lang), icon=":material/info:", url_path="about"),
]
page = st.navigation(pages)
# Short links on the front door, e.g. /?area=ryg-mtp or /?factory=<registration no.>, open the page they name.
if page.url_path in ("", "national"):
    for name, target in (("factory", pages[2]), ("area", pages[1])):
        if st.query_params.get(name):
            st.switch_page(target, query_params=st.query_params.to_dict())
chrome.page_top(lang)
body = st.container()  # the page goes here, above the footer, even when it stops early (st.stop)
chrome.page_bottom(lang)
with body:
    page.run()
