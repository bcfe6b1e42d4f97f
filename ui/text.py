"""Text from data (names, codes, URL values, file contents) shown through Streamlit's Markdown stays text.

Streamlit renders ``st.title``, ``st.markdown``, ``st.caption``, ``st.info`` and the other alerts, metric, tab,
expander, progress and page-link labels as (GitHub-flavoured) Markdown: a factory named ``[คลิก](http://…)`` would
become a live link, ``![x](http://…)`` an image fetched from outside, ``<b>`` markup, ``:red[…]`` a colour and
``$…$`` a formula.  :func:`md` makes such text literal; pass every data value through it before it reaches one of
those calls (templates from ``i18n`` are ours and keep their Markdown: escape the values filled in, not the
template).  Widget options (selectbox ``format_func``) and ``st.text`` / ``st.dataframe`` are plain text already
and must not be escaped.
"""
from __future__ import annotations

import re
import string

import pandas as pd

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
WORD_JOINER = "\u2060"  # invisible, zero width, not a break
# GitHub-flavoured Markdown also turns bare URLs and e-mail addresses into links after parsing (in the text that
# escapes already resolved to), so a word joiner goes where those patterns need adjacent characters.
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)")


def md(value) -> str:
    """``value`` as Markdown that renders as exactly its text, on one line.

    Every ASCII punctuation character gets a backslash (CommonMark renders an escaped punctuation character as
    itself, so no link, image, emphasis, HTML tag, entity, autolink, heading, list, table, math or colour
    directive can start); an invisible word joiner after ``:`` before ``//``, after ``www`` and after ``@`` keeps
    bare URLs and e-mail addresses from being linked; line breaks become spaces (a name is one line; a break could
    start a new block).  Blank or missing values give ``–``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    text = _LINE_BREAKS.sub(" ", str(value)).strip()
    if not text:
        return "–"
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, text))
