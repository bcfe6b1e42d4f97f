"""Line breaks between Thai words, never inside one.

Thai is written without spaces between words, and fpdf2 breaks lines only at spaces and at zero-width spaces
(U+200B). :func:`breakable` segments each run of Thai letters into words (PyThaiNLP, dictionary engine ``newmm``)
and joins them with U+200B, so a PDF line ends between two words. The segmenter's dictionary loads once per
process (about 2 s), then it takes a few milliseconds per page of text.
"""
from __future__ import annotations

import re
from functools import cache

ZWSP = "\u200b"
_THAI_RUN = re.compile(r"[\u0E01-\u0E4E]{2,}")


@cache
def _tokenize():
    from pythainlp.tokenize import word_tokenize

    return lambda text: word_tokenize(text, engine="newmm", keep_whitespace=True)


def words(text: str) -> list[str]:
    """The words of a Thai run (used by the tests to read a PDF's lines back)."""
    return [w for w in _tokenize()(text) if w]


def breakable(text: str) -> str:
    """``text`` with U+200B between the words of every Thai run (other text unchanged)."""
    if not text or not _THAI_RUN.search(text):
        return text
    return _THAI_RUN.sub(lambda m: ZWSP.join(words(m.group(0))), text)
