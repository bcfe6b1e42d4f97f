"""Finding factories: a prepared in-memory index over the whole registry, searched by registration number (the
display number or the 14-digit id, in any spelling), by name (Thai or English, without the company form) or by
owner, as :mod:`common.names` compares them.

The index is plain data built once per data version (the pages cache it): for each field, every row's key joined
into one string, so that a search is one substring scan in C over the whole registry plus a sorted look-up of
where each hit falls: tens of milliseconds for 150,000 factories (``bench/search_bench.py`` prints the figures).

Results come in the order a person expects: the factory whose registration number or 14-digit id is exactly the
query, then registration numbers that start with it, then names that start with it, then everything else that
contains it; within each group in dictionary order (Thai collation) of the name without its company form, in the
reader's language.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from common.names import fold, name_key, registration_key, strip_company_form
from common.thai import sort_key

#: The name columns searched (keyed by common.names.name_key, like the query).
NAME_COLUMNS = ("name_th", "name_en")
#: The columns of a result row.
RESULT_COLUMNS = ("registration_no", "fid", "name_th", "name_en", "province_code", "district_code", "area_id",
                  "status", "owner")
#: The owner's name, searched when the registry frame carries it.
OWNER_COLUMN = "owner"
#: The 14-digit id is searched once the query has this many digits (fewer would match half the registry).
FID_MIN_DIGITS = 6
_SEP = "\n"                                         # never part of a key (keys hold no spaces or control characters)

EXACT, REG_PREFIX, NAME_PREFIX, CONTAINS = range(4)


#: Thai letters (U+0E00–U+0E7F) moved to U+0080–U+00FF in the stored keys and the query alike, so that a key of
#: Thai and Latin text is a one-byte-per-character string: half the memory, and a faster scan.
_COMPACT = str.maketrans({cp: cp - 0x0E00 + 0x80 for cp in range(0x0E00, 0x0E80)})
#: A query found more often than this is matched row by row instead (``q in key`` for every key): then the time is
#: bounded by the number of rows, not by the number of hits (a single digit occurs 1.6 million times).
SCAN_HITS_MAX = 20_000


@dataclass(frozen=True)
class _Field:
    keys: list[str]        # each row's key (compacted)
    hay: str               # every row's key, joined by _SEP
    starts: np.ndarray     # where each row's key starts in hay
    lengths: np.ndarray    # the length of each row's key

    @classmethod
    def of(cls, keys: list[str]) -> _Field:
        keys = [k.translate(_COMPACT) for k in keys]
        lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
        starts = np.zeros(len(keys), dtype=np.int64)
        if len(keys) > 1:
            starts[1:] = np.cumsum(lengths[:-1] + len(_SEP))
        return cls(keys, _SEP.join(keys), starts, lengths)

    def find(self, query: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows whose key contains ``query``: (rows, whether the key starts with it, whether it equals it)."""
        query = query.translate(_COMPACT)
        if not query or not len(self.starts):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty.astype(bool), empty.astype(bool)
        find, at = self.hay.find, []
        i = find(query)
        while i != -1 and len(at) < SCAN_HITS_MAX:   # str.find: a fast C scan, far quicker than a regex
            at.append(i)
            i = find(query, i + 1)
        if i != -1:                                  # a query found everywhere: row by row
            rows = np.flatnonzero(np.array([query in k for k in self.keys], dtype=bool))
            keys = self.keys
            prefix = np.array([keys[r].startswith(query) for r in rows], dtype=bool)
        else:
            at = np.array(at, dtype=np.int64)
            rows = np.searchsorted(self.starts, at, side="right") - 1
            first = np.ones(len(rows), dtype=bool)   # a row's first hit is the one that may be at its start
            first[1:] = rows[1:] != rows[:-1]
            at, rows = at[first], rows[first]
            prefix = at == self.starts[rows]
        exact = prefix & (self.lengths[rows] == len(query))
        return rows, prefix, exact


@dataclass(frozen=True)
class SearchResult:
    rows: pd.DataFrame      # the factories shown, in result order (at most ``limit``)
    total: int              # how many factories matched in all

    @property
    def capped(self) -> bool:
        return self.total > len(self.rows)


@dataclass(frozen=True)
class FactoryIndex:
    """The searchable form of a factory registry frame (``registration_no, fid, name_th, name_en``, the
    ``province_code`` and ``area_id`` filters, and ``owner`` when present)."""

    factories: pd.DataFrame     # the columns results show (RESULT_COLUMNS), one row per factory, in frame order
    registration: _Field
    fid: _Field
    names: tuple[_Field, ...]
    name_order: dict[str, np.ndarray]   # per language, each row's place in dictionary order of its name

    @classmethod
    def build(cls, factories: pd.DataFrame) -> FactoryIndex:
        f = factories.reset_index(drop=True)
        text = {c: f[c].astype(object).where(f[c].notna(), "").astype(str).tolist()
                for c in ("registration_no", "fid", *NAME_COLUMNS, OWNER_COLUMN) if c in f.columns}
        names = tuple(_Field.of([name_key(v) for v in text[c]]) for c in (*NAME_COLUMNS, OWNER_COLUMN) if c in text)
        th, en = text.get("name_th", [""] * len(f)), text.get("name_en", [""] * len(f))
        shown = {"th": [a or b for a, b in zip(th, en)], "en": [b or a for a, b in zip(th, en)]}
        keys = {n: sort_key(strip_company_form(n)) for n in set(shown["th"]) | set(shown["en"])}
        order = {lang: _dictionary_order(names, keys) for lang, names in shown.items()}
        # the columns results show, as plain object arrays: picking a few rows must not cost a copy per column
        rows = f[[c for c in RESULT_COLUMNS if c in f.columns]].astype(object)
        return cls(rows, _Field.of([registration_key(v) for v in text["registration_no"]]),
                   _Field.of([fold(v) for v in text.get("fid", [""] * len(f))]), names, order)

    def __len__(self) -> int:
        return len(self.factories)

    def search(self, query: str, province: str | None = None, area_id: str | None = None,
               limit: int = 50, lang: str = "th", prefer_province: str | None = None) -> SearchResult:
        """The factories matching ``query`` (in the whole registry, or within a province or an area), the first
        ``limit`` in result order (names of the reader's language ``lang``), and how many matched.  A blank query
        matches nothing in the whole registry and everything within a province or an area (that province's
        factories, by name).  ``prefer_province`` (the province the reader has chosen) lists that province's
        factories first, after an exact registration number or id."""
        blank = not fold(query)
        if blank and not (province or area_id):
            return SearchResult(self.factories.iloc[:0], 0)
        ranks = np.full(len(self), CONTAINS, dtype=np.int8) if blank else self.rank(query)
        keep = ranks < len(_GROUPS)
        if province:
            keep &= (self.factories["province_code"] == str(province)).to_numpy()
        if area_id:
            keep &= (self.factories["area_id"] == str(area_id)).to_numpy()
        hits = np.flatnonzero(keep)
        place = self.name_order.get(lang, self.name_order["th"])[hits]
        first = np.zeros(len(hits), dtype=np.int8)
        if prefer_province:     # the exact match, then the chosen province's factories, then the others
            elsewhere = (self.factories["province_code"].to_numpy()[hits] != str(prefer_province))
            first = np.where(ranks[hits] == EXACT, 0, 1 + elsewhere).astype(np.int8)
        order = hits[np.lexsort((place, ranks[hits], first))[:limit]]  # by relevance group, then by name
        return SearchResult(self.factories.iloc[order], int(len(hits)))

    def exact(self, query: str) -> str | None:
        """The registration number of the factory whose registration number or 14-digit id is ``query`` in any
        spelling (Thai digits, spaces, dots, dashes, with or without จ), or None when no single factory is."""
        reg_q, digits = registration_key(query), fold(query)
        found = set()
        for field, q in ((self.registration, reg_q), (self.fid, digits if digits.isdigit() else "")):
            rows, _, exact = field.find(q)
            found.update(int(r) for r in rows[exact])
        if len(found) != 1:
            return None
        return str(self.factories["registration_no"].iloc[found.pop()])

    def rank(self, query: str) -> np.ndarray:
        """Each row's relevance group for ``query`` (EXACT … CONTAINS), or ``len(_GROUPS)`` for no match."""
        ranks = np.full(len(self), len(_GROUPS), dtype=np.int8)
        reg_q, name_q, digits = registration_key(query), name_key(query), fold(query)
        fid_q = digits if digits.isdigit() and len(digits) >= FID_MIN_DIGITS else ""
        for field, q, groups in ((self.registration, reg_q, (EXACT, REG_PREFIX)),
                                 (self.fid, fid_q, (EXACT, REG_PREFIX)),
                                 *((n, name_q, (NAME_PREFIX, NAME_PREFIX)) for n in self.names)):
            rows, prefix, exact = field.find(q)
            r = np.where(exact, groups[0], np.where(prefix, groups[1], CONTAINS)).astype(np.int8)
            ranks[rows] = np.minimum(ranks[rows], r)   # rows are unique within a field
        return ranks


def _dictionary_order(names: list[str], keys: dict[str, tuple]) -> np.ndarray:
    """Each name's place in dictionary order (``keys``: the Thai collation key of each distinct name without its
    company form, :func:`common.thai.sort_key`, about 10 µs a name, made once per index); equal names share one."""
    distinct = sorted(set(names), key=keys.__getitem__)
    place = {n: i for i, n in enumerate(distinct)}
    return np.fromiter((place[n] for n in names), dtype=np.int64, count=len(names))


_GROUPS = (EXACT, REG_PREFIX, NAME_PREFIX, CONTAINS)
