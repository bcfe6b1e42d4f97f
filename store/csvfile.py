"""A data file read as a table of stripped strings that remembers each data row's line in the file, so that every
validation error can name the file, the 1-based data row (and its line), the column and the value."""
from __future__ import annotations

import numpy as np
import pandas as pd

from store.errors import DataError, cell_error


class Table:
    def __init__(self, name: str, frame: pd.DataFrame, lines: list[int]):
        self.name, self.frame, self.lines = name, frame, lines

    def fail(self, i: int | None, column: str | None, en: str, th: str, value: object = None) -> DataError:
        """Error for data row index ``i`` (0-based position; reported 1-based), or for the whole file (None)."""
        if i is None:
            return cell_error(self.name, None, column, value, en, th)
        return cell_error(self.name, i + 1, column, value, en, th, line=self.lines[i])

    def check(self, bad, column: str, en: str, th: str) -> None:
        """Raise for the first row where ``bad`` is True."""
        hits = np.flatnonzero(np.asarray(bad, dtype=bool))
        if len(hits):
            i = int(hits[0])
            raise self.fail(i, column, en, th, value=self.frame[column].iat[i])
