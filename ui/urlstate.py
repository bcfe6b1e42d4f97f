"""Widgets whose value lives in the URL query string, written as the raw value (``?year=2567&province=21``),
so that a copied URL reproduces the view. (Streamlit's own ``bind="query-params"`` writes the *displayed* label,
e.g. ``?year=พ.ศ.+2567``, which is not a stable URL.)"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from i18n import DEFAULT_LANG, normalise_lang
from ui.text import md

#: The filters a link carries to the next view, so that a province officer's province (and the region, phase,
#: level filter and map colouring) follow from the national page to an area, a factory, presentation mode and
#: back. Each page reads the ones it knows and leaves the others in its own links.
CARRIED = ("region", "province", "phase", "level", "colour")


def lang() -> str:
    """The language of this view: the sidebar toggle (bound to ``?lang=``), Thai by default."""
    value = st.session_state.get("url_lang") or st.query_params.get("lang") or DEFAULT_LANG
    return normalise_lang(value)


def query_int(name: str) -> int | None:
    raw = st.query_params.get(name)
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


def link_params(**extra) -> dict:
    """Query parameters every link carries so the next view keeps the language, the year and the filters
    (:data:`CARRIED`); ``extra`` adds or replaces some (a value None drops that key)."""
    params = {"lang": lang()}
    year = query_int("year")
    if year:
        params["year"] = str(year)
    for key in CARRIED:
        raw = st.query_params.get(key)
        if raw not in (None, ""):
            params[key] = str(raw)
    for key, value in extra.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return params


#: Where this tab's last page run was and the year and filters its URL named (:func:`carry_across_pages`).
_LAST_VIEW = "_eit_last_view"


def carried_view() -> dict:
    """The year and the carried filters (:data:`CARRIED`) the URL of this run names, as strings."""
    keys = ("year", *CARRIED)
    return {k: str(st.query_params[k]) for k in keys if st.query_params.get(k) not in (None, "")}


def carry_across_pages(page: str) -> None:
    """Keep the year and the filters when the reader moves to another page by the sidebar's list of pages (the
    router calls it first thing in every run). Streamlit opens a page of the list with an empty query string, so
    the province, the year and the other filters of the page before would be lost: a run that opens another
    page with nothing in its URL gets them back from this tab's last run. A link that names its own parameters
    (every link the pages make carries at least the language) is left as it is, and on the same page an empty
    URL means the reader cleared the filters."""
    last = st.session_state.get(_LAST_VIEW)
    if last and last["page"] != page and not any(v not in (None, "") for v in st.query_params.to_dict().values()):
        for key, value in last["params"].items():
            st.query_params[key] = value
    remember_view(page)


def remember_view(page: str | None = None) -> None:
    """Note this run's year and filters as the ones a move by the sidebar carries (also after a page put a
    remembered province into the URL)."""
    last = st.session_state.get(_LAST_VIEW) or {}
    st.session_state[_LAST_VIEW] = {"page": page or last.get("page"), "params": carried_view()}


def url_value(key: str, options: Sequence[Any]) -> tuple[Any, bool]:
    """The option named by ``?key=`` (matched by its text) and whether the URL named an option that does not exist."""
    raw = st.query_params.get(key)
    if raw in (None, ""):
        return None, False
    for opt in options:
        if str(opt) == raw:
            return opt, False
    return None, True


#: URL keys whose pages say themselves that the id is unknown (an area page names the unknown area).
SELF_REPORTED = {"area", "factory", "party"}


def _say_unknown(label: str, raw: str, shown: Any, format_func: Callable[[Any], str]) -> None:
    """A filter in the URL that names nothing (``?province=99``, a "from" year after the "to" year): say so and
    what is shown instead, rather than silently showing everything."""
    from i18n import t

    instead = t("filter.all", lang()) if shown is None else format_func(shown)
    st.warning(t("filter.unknown", lang(), label=md(label), value=md(str(raw)), shown=md(str(instead))),
               icon=":material/filter_alt_off:")


def _sync(key: str, widget_key: str, default: Any) -> None:
    value = st.session_state.get(widget_key)
    if value is None or value == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = str(value)


def url_selectbox(container, label: str, options: Sequence[Any], key: str, default: Any = None,
                  format_func: Callable[[Any], str] = str, say_unknown: bool | None = None, **kwargs) -> Any:
    """A selectbox bound to ``?key=``. ``default`` None means "no choice" (shows the placeholder).  A URL value
    that is not an option is said above it (``say_unknown``; by default except for the SELF_REPORTED keys)."""
    options = list(options)
    value, unknown = url_value(key, options)
    if unknown and (say_unknown if say_unknown is not None else key not in SELF_REPORTED):
        _say_unknown(label, st.query_params.get(key), value if value is not None else default, format_func)
    if value is None:
        value = default
    index = options.index(value) if value in options else None
    widget_key = f"url_{key}"
    return container.selectbox(label, options, index=index, key=widget_key, format_func=format_func,
                               on_change=_sync, args=(key, widget_key, default), **kwargs)


def url_segmented(container, label: str, options: Sequence[Any], key: str, default: Any,
                  format_func: Callable[[Any], str] = str) -> Any:
    options = list(options)
    value, _ = url_value(key, options)
    widget_key = f"url_{key}"
    return container.segmented_control(label, options, default=value if value is not None else default,
                                       key=widget_key, format_func=format_func, required=True,
                                       on_change=_sync, args=(key, widget_key, default))


def url_year(container, label: str, years: Sequence[int], lang: str, key: str = "year") -> int:
    """The year selectbox bound to ``?year=`` (newest year by default), saying why when it cannot show the year
    asked for: with no assessment at all it offers the current year and says no results have been imported yet;
    a URL year without assessments gives the newest year and a sentence naming both."""
    from common.years import current_be_year
    from i18n import t, year_label

    years = sorted(int(y) for y in years)
    assessed = bool(years)
    if not assessed:
        st.info(t("state.no_assessments", lang), icon=":material/info:")
        years = [current_be_year()]
    value, unknown = url_value(key, years)
    if unknown and assessed:  # (with nothing assessed, the sentence above says it all)
        text, meant = year_notice(st.query_params.get(key), years, lang)
        if meant is not None:     # a Christian-era year (2025): the Buddhist-era year it means (2568) is shown
            st.query_params[key] = str(meant)
            st.session_state.pop(f"url_{key}", None)
        st.info(text, icon=":material/info:")
    # one notice for a year the link names without data: the one above (not the filter's too)
    return url_selectbox(container, label, years[::-1], key, default=years[-1],
                         format_func=lambda y: year_label(y, lang), say_unknown=False)


def year_notice(raw: str, years: Sequence[int], lang: str) -> tuple[str, int | None]:
    """The sentence for a link's year without assessment results (``years``: those with, oldest first), and the
    year to show instead when it is not the newest: a Christian-era year (``?year=2025``) is read as the
    Buddhist-era year it means (พ.ศ. 2568), shown when that has results and suggested either way."""
    from common.years import looks_ce, to_be
    from i18n import t, year_label

    newest = year_label(years[-1], lang)
    try:
        asked = int(raw)
    except (TypeError, ValueError):  # not a number (the sentence quotes it, escaped)
        return t("state.year_no_data", lang, year=md(str(raw)), shown=newest), None
    if looks_ce(asked):
        be = to_be(asked)
        if be in years:
            return t("state.year_ce", lang, year=asked, be=year_label(be, lang)), be
        return t("state.year_ce_no_data", lang, year=asked, be=year_label(be, lang), shown=newest), None
    return t("state.year_no_data", lang, year=year_label(asked, lang), shown=newest), None


def url_toggle(container, label: str, key: str, **kwargs) -> bool:
    """A toggle bound to ``?key=1`` (off, the default, leaves the URL without the key)."""
    widget_key = f"url_{key}"

    def sync() -> None:
        if st.session_state.get(widget_key):
            st.query_params[key] = "1"
        else:
            st.query_params.pop(key, None)

    value = st.query_params.get(key) == "1"
    return container.toggle(label, value=value, key=widget_key, on_change=sync, **kwargs)


def url_flag(key: str) -> bool:
    """Whether the toggle of :func:`url_toggle` is on, before it is drawn (its widget state, else the URL)."""
    widget = st.session_state.get(f"url_{key}")
    return bool(widget) if widget is not None else st.query_params.get(key) == "1"


# --- a remembered filter ("my province"), kept in a cookie of this browser ----------------------------------
# Streamlit reads the browser's cookies when the page connects (``st.context.cookies``), so a cookie written by a
# small script survives a reload and a new tab. A page applies the remembered value once per session, when its URL
# names none; a value in the URL, or a choice made since, always wins.

_COOKIE = "eit_my_{key}"
_COOKIE_DAYS = 400


def remembered(key: str) -> str | None:
    """The value this browser remembers for ``key`` (this session's choice first, then the cookie)."""
    mine = f"_my_{key}"
    if mine in st.session_state:
        return st.session_state[mine] or None
    try:
        value = st.context.cookies.get(_COOKIE.format(key=key))
    except Exception:     # no browser behind this run (a script run without a server)
        value = None
    return value or None


def apply_remembered(key: str, options: Sequence[Any]) -> Any:
    """Once per session, when the URL names no ``key``: put the remembered value (if it is one of ``options``)
    into the URL, so the widget bound to ``key`` shows it and every link carries it. Returns the value applied."""
    flag = f"_my_{key}_applied"
    if st.session_state.get(flag):
        return None
    st.session_state[flag] = True
    if st.query_params.get(key) not in (None, ""):
        return None
    value = remembered(key)
    for opt in options:
        if str(opt) == value:
            st.query_params[key] = str(opt)
            remember_view()
            return opt
    return None


def _store(key: str, widget_key: str, value: Any) -> None:
    st.session_state[f"_my_{key}"] = str(value) if st.session_state.get(widget_key) else ""


def remember_checkbox(container, label: str, key: str, value: Any, help: str | None = None) -> None:
    """A checkbox "remember ``value`` as mine" for the filter ``key`` (shown while ``value`` is chosen), and the
    cookie write that follows a change (a script run in this browser; the session keeps the choice meanwhile)."""
    mine = remembered(key)
    widget_key = f"_my_{key}_box_{value}"
    container.checkbox(label, value=mine == str(value), key=widget_key, help=help, on_change=_store,
                       args=(key, widget_key, value))
    write_remembered_cookie(container, key)


def write_remembered_cookie(container, key: str) -> None:
    """Write this session's choice for ``key`` to the browser's cookie (nothing when the session made none)."""
    mine = f"_my_{key}"
    if mine not in st.session_state:
        return
    import json

    name, value = _COOKIE.format(key=key), st.session_state[mine]
    age = _COOKIE_DAYS * 86400 if value else 0
    container.html(f"<script>document.cookie = {json.dumps(name)} + '=' + encodeURIComponent({json.dumps(value)}) + "
            f"'; path=/; max-age={age}; SameSite=Lax';</script>", unsafe_allow_javascript=True)
