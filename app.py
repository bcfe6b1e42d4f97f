"""EIT dashboard: routing only. Served by `streamlit run serve.py` (see README; `serve.py` adds the sign-in cookie routes)."""
from pathlib import Path

import streamlit as st

from i18n import LANGS, t
from ui import chrome, context
from ui.auth import can, current_user, restore
from ui.urlstate import carry_across_pages, url_segmented

st.set_page_config(page_title="EIT Dashboard · เมืองอุตสาหกรรมเชิงนิเวศ",
                   page_icon=str(Path(__file__).with_name("static") / "favicon.png"), layout="wide")

with st.sidebar:
    url_segmented(st, "ภาษา / Language", LANGS, key="lang", default="th",
                  format_func=lambda code: {"th": "ไทย", "en": "English"}[code])
lang = context.lang()
context.begin_run()  # the one data-version check of this page run
restore(lang)        # who is signed in: this tab's session, or the sign-in cookie of a new page load

public = [
    st.Page("pages/national.py", title=t("nav.national", lang), icon=":material/map:", url_path="national", default=True),
    st.Page("pages/area.py", title=t("nav.area", lang), icon=":material/location_city:", url_path="area"),
    st.Page("pages/factory.py", title=t("nav.factory", lang), icon=":material/factory:", url_path="factory"),
    # a party of the symbiosis register that is not a factory, reached from the exchange tables (?party=ID)
    st.Page("pages/party.py", title=t("nav.party", lang), icon=":material/diversity_3:", url_path="party",
            visibility="hidden"),
    st.Page("pages/trends.py", title=t("nav.trends", lang), icon=":material/trending_up:", url_path="trends"),
    st.Page("pages/present.py", title=t("nav.present", lang), icon=":material/slideshow:", url_path="present"),
    st.Page("pages/summary.py", title=t("nav.summary", lang), icon=":material/dashboard:", url_path="summary"),
    st.Page("pages/about.py", title=t("nav.about", lang), icon=":material/info:", url_path="about"),
]
# Staff pages are always routable (a copied URL gives a clear refusal, not "page not found") but listed only
# for the roles that may use them; each page checks the role itself.
def shown(*actions: str) -> str:
    return "visible" if can(*actions) else "hidden"



staff = [
    st.Page("pages/home.py", title=t("nav.home", lang), icon=":material/inbox:", url_path="home",
            visibility="visible" if current_user() else "hidden"),
    st.Page("pages/submit.py", title=t("nav.submit", lang), icon=":material/edit_document:", url_path="submit",
            visibility=shown("submit")),
    st.Page("pages/board.py", title=t("nav.board", lang), icon=":material/fact_check:", url_path="board",
            visibility=shown("review")),
    st.Page("pages/imports.py", title=t("nav.imports", lang), icon=":material/upload_file:", url_path="import",
            visibility=shown("import")),
    st.Page("pages/visits.py", title=t("nav.visits", lang), icon=":material/fact_check:", url_path="visits",
            visibility=shown("visit", "verify", "certify")),
    st.Page("pages/certification.py", title=t("nav.certification", lang), icon=":material/verified:",
            url_path="certification", visibility=shown("verify", "certify")),
    st.Page("pages/audit.py", title=t("nav.audit", lang), icon=":material/history:", url_path="audit",
            visibility=shown("audit")),
    st.Page("pages/accounts.py", title=t("nav.accounts", lang), icon=":material/group:", url_path="accounts",
            visibility=shown("accounts")),
    st.Page("pages/signin.py", title=t("nav.signout" if current_user() else "nav.signin", lang),
            icon=":material/login:", url_path="signin"),
]
pages = {t("nav.group_public", lang): public, t("nav.group_staff", lang): staff}
page = st.navigation(pages, expanded=True)   # every page a role may use stays listed (no "view more")
carry_across_pages(page.url_path)            # the sidebar's list of pages keeps the year and the filters
# Short links on the front door, e.g. /?area=ryg-mtp or /?factory=<registration no.>, open the page they name.
if page.url_path in ("", "national"):
    for name, target in (("factory", public[2]), ("area", public[1])):
        if st.query_params.get(name):
            st.switch_page(target, query_params=st.query_params.to_dict())
chrome.page_top(lang)
chrome.missing_page_note(lang)   # an address the app has no page for (serve.py sends it to the front page)
body = st.container()  # the page goes here, above the footer, even when it stops early (st.stop)
chrome.page_bottom(lang)
with body:
    page.run()
