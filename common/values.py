"""What counts as a missing value, in one place: None, pandas' NA and NaT, and NaN (a Python or NumPy float).
Text is never missing here (whether blank text counts is the caller's rule).  Plain Python, so every package
may use it without importing pandas."""
from __future__ import annotations

import math

_NA_TYPES = ("NAType", "NaTType")


def is_missing(value: object) -> bool:
    """True for None, pd.NA, pd.NaT and NaN (a result that was not reported, a date not given)."""
    if value is None:
        return True
    if isinstance(value, float):                 # also NumPy's float64
        return math.isnan(value)
    if isinstance(value, (str, bytes, int)):     # text, and whole numbers (bool too)
        return False
    if type(value).__name__ in _NA_TYPES:
        return True
    try:
        return math.isnan(float(value))          # NumPy float32, Decimal
    except (TypeError, ValueError, OverflowError):
        return False
