"""Thai dictionary order, in one place: every list, dropdown, table, presentation order and deck sorts names
with :func:`sort_key` (or :func:`sort_frame`).

Python's own order is by code point, which puts the leading vowels เ แ โ ใ ไ after อ and lets tone marks decide
before letters. Thai dictionary order (the Royal Institute's, which ICU's ``th`` collation follows) reads a
syllable from its first consonant: a leading vowel is compared after the consonant it precedes, and tone marks
and other signs count only when the letters are equal. Pure Python (no ICU library to install); the tests compare
it with PostgreSQL's ICU collation ``th-TH-x-icu`` on every province, district and subdistrict name.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

LEADING_VOWELS = frozenset("เแโใไ")
CONSONANTS = frozenset(chr(c) for c in range(0x0E01, 0x0E2F))       # ก .. ฮ
#: Signs that matter only when the letters are equal: tone marks, mai taikhu, thanthakhat, nikhahit, yamakkan.
SECONDARY = frozenset("\u0E47\u0E48\u0E49\u0E4A\u0E4B\u0E4C\u0E4D\u0E4E")


def _letters_and_signs(text: str) -> tuple[str, str]:
    chars = list(text.casefold())
    i = 0
    while i < len(chars) - 1:                        # เชียง -> ชเียง: the vowel after its consonant
        if chars[i] in LEADING_VOWELS and chars[i + 1] in CONSONANTS:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            i += 2
        else:
            i += 1
    # Punctuation and spaces count only when the letters are equal (จ.ป.ร. sorts as จปร), as in ICU's Thai order.
    letters = "".join(c for c in chars if c not in SECONDARY and (c.isalnum() or "\u0E30" <= c <= "\u0E4E"))
    signs = "".join(c if c in SECONDARY else "\u0E00" for c in chars)
    return letters, signs


def sort_key(text: object) -> tuple[str, str, str]:
    """The key that puts Thai (and mixed Thai/Latin) text in dictionary order; NA and None sort first as ''."""
    s = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    letters, signs = _letters_and_signs(s.strip())
    return letters, signs, s


def sorted_thai(values: Iterable, key=None) -> list:
    """``values`` in Thai dictionary order (``key`` maps a value to the text to compare, like ``sorted``)."""
    return sorted(values, key=lambda v: sort_key(key(v) if key else v))


def sort_frame(frame: pd.DataFrame, by: list[str] | str, ascending: bool | list[bool] = True,
               na_position: str = "last") -> pd.DataFrame:
    """``frame`` sorted by ``by``; text columns compare in Thai dictionary order, numbers as numbers."""
    by = [by] if isinstance(by, str) else list(by)

    def key(col: pd.Series) -> pd.Series:
        if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            return col
        return col.map(lambda v: None if v is None or (not isinstance(v, str) and pd.isna(v)) else sort_key(v))

    return frame.sort_values(by, ascending=ascending, key=key, kind="stable", na_position=na_position)
