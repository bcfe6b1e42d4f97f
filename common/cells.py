"""Cells of the CSV and Excel files the app writes cannot carry formulas (CSV / formula injection).

A spreadsheet program treats a text cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some programs,
a tab or a carriage return) as a formula: a factory name such as ``=HYPERLINK("http://x","y")`` would become a live
link, or worse, in the file a civil servant opens.  OWASP's rule is applied to every such text cell: a single quote
is put in front, so the cell shows the text as it was written (with a leading ``'``) and is never evaluated.

Numbers stay numbers: an ``int`` or ``float`` (including a negative one) is never touched, and neither is text
that is just a number (``"-3.5"``, ``"+66"``), which no spreadsheet reads as a formula.  Every writer of CSV or
Excel files goes through :func:`safe_cell` (one value), :func:`safe_frame` (a table) or :func:`csv_bytes`.
"""
from __future__ import annotations

import re

import pandas as pd

#: The first characters that make a spreadsheet read a text cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value):
    """``value`` unchanged unless it is text beginning with one of :data:`FORMULA_STARTS` (and is not just a
    number): then ``"'" + value``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names pass :func:`safe_cell`; numeric, boolean and date
    columns are kept as they are (so they are written as numbers and dates)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, pd.StringDtype):
            out[col] = out[col].map(safe_cell, na_action="ignore")
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV in UTF-8 with a BOM (so Excel shows Thai text), without its index, cells made safe."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")
