"""Finding factories: a prepared in-memory index over the whole registry, searched by registration number (the
display number or the 14-digit id, in any spelling), by name (Thai or English, without the company form) or by
owner, as :mod:`common.names` compares them.

The index is plain data built once per data version (the pages cache it): for each field, every row's key joined
into one string, so that a search is one substring scan in C over the whole registry plus a sorted look-up of
where each hit falls, a few milliseconds for 150,000 factories (``bench/search_bench.py`` prints the figures).

Results come in the order a person expects: the factory whose registration number or 14-digit id is exactly the
query, then registration numbers that start with it, then names that start with it, then everything else that
contains it; within each group in Thai dictionary order of the name without its company form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from common.names import fold, name_key, registration_key, strip_company_form
from common.thai import sort_key

#: Fields searched, with the function that makes a row's key (the query gets the same treatment).
NAME_COLUMNS = ("name_th", "name_en")
#: The owner's name, searched when the registry frame carries it.
OWNER_COLUMN = "owner"
#: The 14-digit id is searched once the query has this many digits (fewer would match half the registry).
FID_MIN_DIGITS = 6
#: A relevance group larger than this is ordered by how close the match is (shorter names first) rather than in
#: Thai dictionary order, which costs about 10 µs a name.
THAI_ORDER_MAX = 5000
_SEP = "\n"                                         # never part of a key (keys hold no spaces or control characters)

EXACT, REG_PREFIX, NAME_PREFIX, CONTAINS = range(4)


@dataclass(frozen=True)
class _Field:
    hay: str               # every row's key, joined by _SEP
    starts: np.ndarray     # where each row's key starts in hay
    lengths: np.ndarray    # the length of each row's key

    @classmethod
    def of(cls, keys: list[str]) -> _Field:
        lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
        starts = np.zeros(len(keys), dtype=np.int64)
        if len(keys) > 1:
            starts[1:] = np.cumsum(lengths[:-1] + len(_SEP))
        return cls(_SEP.join(keys), starts, lengths)

    def find(self, query: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows whose key contains ``query``: (rows, whether the key starts with it, whether it equals it)."""
        if not query or not len(self.starts):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty.astype(bool), empty.astype(bool)
        at = np.fromiter((m.start() for m in re.finditer(re.escape(query), self.hay)), dtype=np.int64)
        rows = np.searchsorted(self.starts, at, side="right") - 1
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

    factories: pd.DataFrame
    registration: _Field
    fid: _Field
    names: tuple[_Field, ...]
    sort_names: np.ndarray      # the Thai name without its company form, for ordering results

    @classmethod
    def build(cls, factories: pd.DataFrame) -> FactoryIndex:
        f = factories.reset_index(drop=True)
        text = {c: f[c].astype(object).where(f[c].notna(), "").astype(str).tolist()
                for c in ("registration_no", "fid", *NAME_COLUMNS, OWNER_COLUMN) if c in f.columns}
        names = tuple(_Field.of([name_key(v) for v in text[c]]) for c in (*NAME_COLUMNS, OWNER_COLUMN) if c in text)
        shown = [th or en for th, en in zip(text.get("name_th", []), text.get("name_en", []))]
        return cls(f, _Field.of([registration_key(v) for v in text["registration_no"]]),
                   _Field.of([fold(v) for v in text.get("fid", [""] * len(f))]), names,
                   np.array(shown, dtype=object))

    def __len__(self) -> int:
        return len(self.factories)

    def search(self, query: str, province: str | None = None, area_id: str | None = None,
               limit: int = 50) -> SearchResult:
        """The factories matching ``query`` (in the whole registry, or within a province or an area), the first
        ``limit`` in result order, and how many matched.  A blank query matches nothing in the whole registry and
        everything within a province or an area (that province's factories, in Thai order)."""
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
        order = self._order(hits, ranks[hits], limit)
        return SearchResult(self.factories.iloc[order], int(len(hits)))

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
            np.minimum.at(ranks, rows, r)
        return ranks

    def _order(self, hits: np.ndarray, ranks: np.ndarray, limit: int) -> np.ndarray:
        out: list[np.ndarray] = []
        for group in _GROUPS:
            rows = hits[ranks == group]
            if not len(rows):
                continue
            if len(rows) <= THAI_ORDER_MAX:
                keys = [sort_key(strip_company_form(n)) for n in self.sort_names[rows]]
                rows = rows[sorted(range(len(rows)), key=keys.__getitem__)]
            else:
                lengths = np.fromiter((len(n) for n in self.sort_names[rows]), dtype=np.int64, count=len(rows))
                rows = rows[np.argsort(lengths, kind="stable")]
            out.append(rows)
            if sum(map(len, out)) >= limit:
                break
        return np.concatenate(out)[:limit] if out else np.zeros(0, dtype=np.int64)


_GROUPS = (EXACT, REG_PREFIX, NAME_PREFIX, CONTAINS)
