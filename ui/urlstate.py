"""Widgets whose value lives in the URL query string, written as the raw value (``?year=2567&province=21``),
so that a copied URL reproduces the view. (Streamlit's own ``bind="query-params"`` writes the *displayed* label,
e.g. ``?year=พ.ศ.+2567``, which is not a stable URL.)"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st


def url_value(key: str, options: Sequence[Any]) -> tuple[Any, bool]:
    """The option named by ``?key=`` (matched by its text) and whether the URL named an option that does not exist."""
    raw = st.query_params.get(key)
    if raw in (None, ""):
        return None, False
    for opt in options:
        if str(opt) == raw:
            return opt, False
    return None, True


def _sync(key: str, widget_key: str, default: Any) -> None:
    value = st.session_state.get(widget_key)
    if value is None or value == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = str(value)


def url_selectbox(container, label: str, options: Sequence[Any], key: str, default: Any = None,
                  format_func: Callable[[Any], str] = str, **kwargs) -> Any:
    """A selectbox bound to ``?key=``. ``default`` None means "no choice" (shows the placeholder)."""
    options = list(options)
    value, _ = url_value(key, options)
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
