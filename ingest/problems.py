"""Problems found while validating an uploaded file: one per cell (or per file), in Thai and English."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from common.cells import csv_bytes
from common.errors import Message

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    row: int | None      # 1-based data row of the input file (None = the whole file)
    column: str          # column name as in the input file ('' when not about one column)
    value: str
    severity: str        # "error" | "warning"
    message_th: str
    message_en: str

    @property
    def message(self) -> Message:
        """The reason as the project's bilingual message (a page shows ``message.text(lang)``)."""
        return Message(th=self.message_th, en=self.message_en)


REPORT_COLUMNS = ["row", "column", "value", "severity", "message_th", "message_en"]


def report_frame(problems: list[Problem]) -> pd.DataFrame:
    """The problems as a table (columns :data:`REPORT_COLUMNS`): file-level problems first, then by row."""
    frame = pd.DataFrame([[p.row, p.column, p.value, p.severity, p.message_th, p.message_en] for p in problems],
                         columns=REPORT_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    order = frame["row"].fillna(0).astype("int64")
    return frame.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def report_csv(problems: list[Problem]) -> bytes:
    """:func:`report_frame` as CSV (UTF-8 with BOM), its cells made safe for spreadsheets (the ``value`` column
    holds text from the uploaded file: a formula there stays text, see :mod:`common.cells`)."""
    return csv_bytes(report_frame(problems))


def has_errors(problems) -> bool:
    return any(p.severity == ERROR for p in problems)


#: At most this many row warnings of one kind are listed one by one; the rest are counted in one file-level
#: warning (so a file where every row lacks coordinates does not produce 150,000 identical lines).  Errors are
#: always listed one by one: each one drops a row.
MAX_ROW_WARNINGS = 500


class ProblemCollector:
    """Builds the problem list of one validation run (used by the import validators)."""

    def __init__(self, max_row_warnings: int = MAX_ROW_WARNINGS) -> None:
        self.problems: list[Problem] = []
        self._cap = max_row_warnings
        self._overflow: dict[str, tuple[int, str, str, str]] = {}   # kind -> (count, column, th, en)
        self._listed: dict[str, int] = {}

    def file(self, severity: str, message_th: str, message_en: str, column: str = "", value: str = "") -> None:
        self.problems.append(Problem(None, column, value, severity, message_th, message_en))

    def row(self, i: int, column: str, value: object, severity: str, message_th: str, message_en: str,
            kind: str | None = None) -> None:
        """A problem on 0-based row position ``i`` (reported as data row ``i + 1``).

        ``kind`` groups warnings for the cap (default: the column plus the English message up to its first
        colon or the whole message).
        """
        if severity == WARNING:
            kind = kind or f"{column}|{message_en.split(':')[0]}"
            listed = self._listed.get(kind, 0)
            if listed >= self._cap:
                count, _, th, en = self._overflow.get(kind, (0, column, message_th, message_en))
                self._overflow[kind] = (count + 1, column, th, en)
                return
            self._listed[kind] = listed + 1
        self.problems.append(Problem(int(i) + 1, column, "" if value is None else str(value), severity,
                                     message_th, message_en))

    def finish(self) -> list[Problem]:
        for count, column, th, en in self._overflow.values():
            self.problems.append(Problem(
                None, column, "", WARNING,
                f"และอีก {count:,} แถวที่มีคำเตือนแบบเดียวกัน (แสดงเพียง {self._cap} แถวแรก) เช่น: {th}",
                f"and {count:,} more rows with the same warning (only the first {self._cap} are listed), "
                f"e.g.: {en}"))
        self._overflow.clear()
        return self.problems
