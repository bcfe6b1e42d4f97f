"""Factory names and registration numbers as a person types them, reduced to one comparable form: the one
normaliser behind every factory search (the front page's search box, the factory page, an area's factory table).

A name is compared without its company form and without spaces, dots and other punctuation:
``บริษัท ไทยสตีล จำกัด``, ``บจก.ไทย สตีล`` and ``ไทยสตีล`` are the same name, and so are ``Thai Steel Co., Ltd.``
and ``thai steel``.  The forms are the Thai legal forms of the Civil and Commercial Code and their usual
abbreviations (บริษัท … จำกัด (มหาชน), บจก., บมจ., ห้างหุ้นส่วนจำกัด, หจก., ห้างหุ้นส่วนสามัญ, หสม.) and their English
renderings (Co., Ltd., Company Limited, Public Company Limited, PCL, Limited Partnership).  Thai digits count as
digits, ``ํา`` (nikhahit + sara aa, as some keyboards type it) as ``ำ``, and Latin letters compare case-blind.

A registration number is compared in one spelling too: the DIW display number (DISPFACREG, ``จ3-44(2)-1125/59รย``,
``3-105-957/47ปท``) without spaces or dots, with any dash as ``-``, a space between two digit groups read as a
dash, and the leading ``จ`` optional; the 14-digit id (FACREG / FID, ``31310500095747``) as its digits alone, so
``3131 0500 0957 47`` and ``3131-0500-0957-47`` find it.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

#: Thai legal forms written before a name (longest first, so ห้างหุ้นส่วนจำกัด is not read as ห้างหุ้นส่วน + จำกัด).
THAI_PREFIXES = ("ห้างหุ้นส่วนจำกัด", "ห้างหุ้นส่วนสามัญนิติบุคคล", "ห้างหุ้นส่วนสามัญ", "ห้างหุ้นส่วน",
                 "บริษัทมหาชนจำกัด", "บริษัท", "หจก", "หสม", "บจก", "บมจ")
#: Thai legal forms written after a name.
THAI_SUFFIXES = ("จำกัด", "(มหาชน)", "มหาชน")
#: English legal forms written after a name (whole words, any case, dots and commas optional).
ENGLISH_SUFFIXES = ("public company limited", "public co ltd", "company limited", "limited partnership", "co ltd",
                    "pcl", "plc", "ltd", "limited", "inc", "corp", "corporation")


def _words(form: str) -> str:
    return r"[\s.,]*".join(re.escape(w) for w in form.split()) + r"\.?"


_PREFIX = re.compile(r"^(?:(?:" + "|".join(map(re.escape, THAI_PREFIXES)) + r")\.?|บ\.)[\s.,]*")
_ENGLISH_SUFFIX = re.compile(r"(?:[\s,]*\b(?:" + "|".join(_words(f) for f in ENGLISH_SUFFIXES) + r")[\s.]*)+$",
                             re.IGNORECASE)
_ENGLISH_ENDS = tuple({f.split()[-1] for f in ENGLISH_SUFFIXES} | {f.split()[-1] + "." for f in ENGLISH_SUFFIXES})
#: Thai digits as digits, full-width Latin (as some input methods type it) as ASCII.
_CHARS = {**str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"), **{cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}}
_NEEDS_CHARS = re.compile("[\u0e50-\u0e59\uff01-\uff5e]")
_NIKHAHIT_AA = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")       # ํ (tone) า → (tone) ำ
_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D_]")
_SPACE_BETWEEN_DIGITS = re.compile(r"(?<=\d)\s+(?=\d)")
_REG_SEPARATORS = re.compile(r"[\s.\-]")


@cache
def _dropped(keep: str = "") -> re.Pattern:
    """Characters that never tell two names apart: spaces, punctuation, symbols and invisible format or control
    characters (zero-width space, joiners, a BOM), except those in ``keep``."""
    chars = (chr(cp) for cp in range(0x10000) if not 0xD800 <= cp < 0xE000)
    return re.compile("[" + "".join(re.escape(c) for c in chars
                                    if unicodedata.category(c)[0] in "ZPCS" and c not in keep) + "]+")


def _base(text: object) -> str:
    """Compatibility form (full-width Latin to ASCII), Thai digits as digits, ํา as ำ, Latin in lower case."""
    s = "" if text is None else str(text)
    if _NEEDS_CHARS.search(s):
        s = s.translate(_CHARS)
    if "\u0e4d" in s:
        s = _NIKHAHIT_AA.sub("\\1\u0e33", s)
    return s.lower()


def fold(text: object) -> str:
    """``text`` in the form searches compare: no spaces, punctuation or symbols, Thai digits as digits, lower case."""
    return _dropped().sub("", _base(text))


def strip_company_form(name: object) -> str:
    """``name`` as written, without the Thai or English company form at its start or end (``บริษัท ไทยสตีล จำกัด``
    → ``ไทยสตีล``, ``Thai Steel Co., Ltd.`` → ``Thai Steel``); a name that is only a form stays as it is.  English
    forms are whole words (``Zinc`` keeps its ``inc``).  Sorting by name uses it (the name itself, not บริษัท /
    ห้างหุ้นส่วนจำกัด), and so does :func:`name_key`."""
    original = "" if name is None else str(name).strip()
    s = _PREFIX.sub("", original)
    before = None
    while s != before:                               # "จำกัด (มหาชน)", "Co., Ltd." are two forms
        before = s
        s = s.rstrip(" ,.")
        for form in THAI_SUFFIXES:
            if s.endswith(form):
                s = s[: -len(form)]
        if s.lower().endswith(_ENGLISH_ENDS):
            s = _ENGLISH_SUFFIX.sub("", s)
    return s.strip(" ,.") or original


def name_key(name: object) -> str:
    """The comparable form of a factory or company name: :func:`fold` without the company form.

    ``name_key("บริษัท ไทยสตีล จำกัด") == name_key("บจก. ไทย สตีล") == name_key("ไทยสตีล") == "ไทยสตีล"``."""
    return _dropped().sub("", strip_company_form(_base(name)))


def registration_key(text: object) -> str:
    """The comparable form of a registration number (display number or 14-digit id): no spaces or dots, one
    kind of dash, a space between two digit groups read as a dash, no leading ``จ``; a 14-digit id written in
    groups (``3131 0500 0957 47``) becomes its 14 digits.

    ``registration_key("จ.3-44(2)-1125/59 รย") == registration_key("3–44(2)–1125/59รย") == "3-44(2)-1125/59รย"``."""
    s = _DASHES.sub("-", _base(text)).strip()
    digits = _REG_SEPARATORS.sub("", s)
    if digits.isdigit() and len(digits) == 14:       # a 14-digit id written in groups: only its digits
        return digits
    s = _dropped("-/()").sub("", _SPACE_BETWEEN_DIGITS.sub("-", s))
    s = re.sub(r"-{2,}", "-", s)
    if s.startswith("จ") and s[1:2].isdigit():       # the จ of a number registered under the new rules is optional
        s = s[1:]
    return s
