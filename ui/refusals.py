"""A page's refusals and confirmations, as people read them: in the page's language (common.text.in_language),
and tied to the record they were about, so that switching to another area or year never shows the last one's
(pages/certification.py, pages/submit.py, pages/board.py, pages/visits.py)."""
from __future__ import annotations

import streamlit as st

from common.text import in_language
from ui.auth import refusal
from ui.text import md


def refused(err: Exception, lang: str) -> str | None:
    """The sentence for a refused step in the page's language (None: the account itself was refused, and the
    page reruns to say so, ui.auth.refusal)."""
    from workflow.submissions import WorkflowError

    if isinstance(err, WorkflowError):
        return in_language(err.th if lang == "th" else err.en, lang)
    text = refusal(err)
    return None if text is None else in_language(text, lang)


def say(slot: str, record, kind: str, text: str) -> None:
    """Keep a message (``kind``: error, success, warning or info) about ``record`` (e.g. area and year) for the
    page's next run."""
    st.session_state[slot] = (record, kind, text)


def show(slot: str, record) -> None:
    """The message kept in ``slot``, once, if it is about ``record``; a message about another record is
    dropped unseen.  An error's text is shown as text (it may carry values typed by people)."""
    kept = st.session_state.pop(slot, None)
    if not kept or kept[0] != record:
        return
    _record, kind, text = kept
    getattr(st, kind)(md(text) if kind == "error" else text)
