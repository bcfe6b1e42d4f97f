"""Widgets whose value lives in the URL query string, written as the raw value (``?year=2567&province=21``),
so that a copied URL reproduces the view. (Streamlit's own ``bind="query-params"`` writes the *displayed* label,
e.g. ``?year=พ.ศ.+2567``, which is not a stable URL.)"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from ui.text import md


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
SELF_REPORTED = {"area", "factory"}


def _say_unknown(label: str, raw: str, shown: Any, format_func: Callable[[Any], str]) -> None:
    """A filter in the URL that names nothing (``?province=99``, a "from" year after the "to" year): say so and
    what is shown instead, rather than silently showing everything."""
    from i18n import t
    from ui.context import lang

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
        raw = st.query_params.get(key)
        try:
            asked = year_label(int(raw), lang)
        except ValueError:  # not a number (the sentence quotes it, escaped)
            asked = raw
        st.info(t("state.year_no_data", lang, year=md(asked), shown=year_label(years[-1], lang)), icon=":material/info:")
    return url_selectbox(container, label, years[::-1], key, default=years[-1],
                         format_func=lambda y: year_label(y, lang))
