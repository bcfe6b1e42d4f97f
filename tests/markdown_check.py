"""What a reader sees of the Markdown that Streamlit renders: the source of every Markdown element of an AppTest
run, rendered the way the browser does (CommonMark with GitHub's tables, strikethrough and bare-URL links), as
plain text and as the HTML tags it produces."""
from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

_MD = MarkdownIt("gfm-like")  # CommonMark + tables, strikethrough and linkify (bare URLs become links)
# Elements whose text Streamlit renders as Markdown.
MARKDOWN_KINDS = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success")


def render(source: str) -> str:
    """The HTML the Markdown ``source`` becomes."""
    return _MD.render(str(source))


def as_text(source: str) -> str:
    """The text a reader sees of the Markdown ``source`` (tags dropped, entities decoded, invisible word joiners
    removed, on one line)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", render(source))).replace("\u2060", "")
    return " ".join(text.split())


def sources(at) -> list[str]:
    """Every Markdown source of the run: the elements above plus metric, tab, expander and progress labels."""
    out = [str(e.value) for kind in MARKDOWN_KINDS for e in getattr(at, kind)]
    out += [str(m.label) for m in at.metric]
    out += [str(tab.label) for tab in at.tabs]
    out += [str(x.label) for x in at.expander]
    out += [p.proto.text for p in at.get("progress")]
    return out


def shown_text(at) -> str:
    """Everything a reader sees in the run's Markdown, one element per line."""
    return "\n".join(as_text(s) for s in sources(at))


# GitHub-flavoured Markdown links bare URLs and e-mail addresses a second time, after parsing, in the text that
# escapes resolved to (mdast-util-gfm-autolink-literal, which Streamlit's renderer uses): these are its patterns.
_BARE_URL = re.compile(r"(?i)(?:^|(?<=[\s\W]))(https?://|www(?=\.))([-.\w]+)")
_BARE_EMAIL = re.compile(r"(?:^|(?<=[\s\W]))([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")


# Tags Markdown itself makes (our templates use bold and lists); any other tag is raw HTML let through.
_MARKDOWN_TAGS = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "hr", "h1", "h2", "h3",
                  "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "s", "del"}


def _tags(rendered: str) -> list[str]:
    return [m.lower() for m in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", rendered)]


def _bare_links(rendered: str) -> list[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", rendered))
    return [m.group(0) for m in _BARE_URL.finditer(text)] + [m.group(0) for m in _BARE_EMAIL.finditer(text)]


# The charts the pages draw on the server (ui/svg.py): ONE raw HTML block of SVG drawing elements (Markdown does
# not parse or link anything inside it), every text from data escaped. Any other element in it is let-through markup.
_CHART_TAGS = {"div", "svg", "polygon", "line", "text", "tspan", "path", "rect", "title"}


def _chart(source: str) -> list[str] | None:
    """For a chart's source, the elements in it that are not SVG drawing (none, for a chart with escaped texts);
    None for any other source."""
    if not str(source).startswith('<div class="eit-chart"'):
        return None
    tokens = _MD.parse(str(source))
    if len(tokens) != 1 or tokens[0].type != "html_block":   # a blank line would let Markdown in
        return ["markdown outside the chart's HTML block"]
    return [t for t in _tags(str(source)) if t not in _CHART_TAGS]


def markup(source: str) -> list[str]:
    """Every element the Markdown ``source`` makes besides its paragraph, and the bare URLs and e-mail addresses
    linked after parsing: none, for text that must stay text."""
    chart = _chart(source)
    if chart is not None:
        return chart
    rendered = render(source)
    return [t for t in _tags(rendered) if t not in ("p", "br")] + _bare_links(rendered)


def links_and_images(source: str) -> list[str]:
    """The links, images and raw HTML tags the Markdown ``source`` makes (bold or lists of a template are fine),
    including the bare URLs and e-mail addresses linked after parsing."""
    chart = _chart(source)
    if chart is not None:
        return chart
    rendered = render(source)
    return [t for t in _tags(rendered) if t not in _MARKDOWN_TAGS] + _bare_links(rendered)


# --- developer text where a user reads ----------------------------------------------------------------------

#: What belongs in the README, never on a page: environment variables, internal ids in brackets ("[ryg-mtp]"),
#: file names of the code and data, shell commands, version slugs and notes' file references.
DEVELOPER_PATTERNS = [re.compile(p) for p in (
    r"EIT_[A-Z_]+", r"\[[a-z]{2,4}-[a-z0-9-]+\]", r"\b[\w-]+\.(?:csv|py)\b", r"python -m", r"\d{4}-illustrative",
    r"\b\w+\.md\b")]


def _html_text(source: str) -> str:
    """The text of an HTML block a reader can see: no styles or scripts, tags dropped, tooltips (title) kept."""
    source = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", source)
    titles = " ".join(html.unescape(t) for t in re.findall(r'title="([^"]*)"', source))
    return html.unescape(re.sub(r"<[^>]+>", " ", source)) + " " + titles


def readable_text(at) -> str:
    """Everything a reader of the run sees: Markdown as rendered, plain text, HTML blocks, widget labels and
    options, table headings and text cells."""
    parts = [shown_text(at), *(str(e.value) for e in at.text), *(_html_text(h.value) for h in at.get("html"))]
    parts += [str(m.value) for m in at.metric]
    for kind in ("selectbox", "multiselect", "radio"):
        for w in getattr(at, kind):
            parts += [str(w.label), *(str(o) for o in w.options)]
    for kind in ("button", "checkbox", "text_input", "toggle", "number_input", "text_area", "date_input"):
        parts += [str(w.label) for w in getattr(at, kind)]
    for frame in at.dataframe:
        value = frame.value
        parts += [str(c) for c in value.columns]
        parts += [str(v) for col in value.columns if value[col].dtype == object for v in value[col].dropna()]
    return "\n".join(parts)


def developer_words(at) -> list[str]:
    """The developer words a reader of the run would see (empty when there are none)."""
    text = readable_text(at)
    return sorted({m.group(0) for p in DEVELOPER_PATTERNS for m in p.finditer(text)})
