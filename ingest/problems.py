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
    count: int = 1       # how many problems this line stands for (more than 1: a summary of those not listed)

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


def write_report(problems: list[Problem], path) -> None:
    """:func:`report_csv` written to ``path`` row by row (a report never needs to be held whole in memory)."""
    import csv

    from common.cells import safe_cell
    rows = sorted(problems, key=lambda p: 0 if p.row is None else p.row)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(REPORT_COLUMNS)
        for p in rows:
            out.writerow([safe_cell(v) if isinstance(v, str) else ("" if v is None else v)
                          for v in (p.row, p.column, p.value, p.severity, p.message_th, p.message_en)])


def has_errors(problems) -> bool:
    return any(p.severity == ERROR for p in problems)


#: At most this many row warnings of one kind are listed one by one; the rest are counted in one file-level
#: warning (so a file where every row lacks coordinates does not produce 150,000 identical lines).
MAX_ROW_WARNINGS = 500
#: At most this many problems of a file are listed one by one; the rest are counted by column and reason (at most
#: :data:`MAX_SUMMARIES` lines), so a file full of errors costs bounded memory and a bounded report.
MAX_LISTED = 1000
MAX_SUMMARIES = 200


class ProblemCollector:
    """Builds the problem list of one validation run (used by the import validators), bounded: the first
    :data:`MAX_LISTED` problems one by one, the others counted by severity, column and reason."""

    def __init__(self, max_row_warnings: int = MAX_ROW_WARNINGS, max_listed: int = MAX_LISTED) -> None:
        self.problems: list[Problem] = []
        self._cap, self._max_listed = max_row_warnings, max_listed
        self._overflow: dict[tuple, list] = {}     # (severity, column, reason) -> [count, th, en, per_kind_cap]
        self._listed: dict[str, int] = {}

    def file(self, severity: str, message_th: str, message_en: str, column: str = "", value: str = "") -> None:
        self.problems.append(Problem(None, column, value, severity, message_th, message_en))

    def _count(self, severity: str, column: str, reason: str, th: str, en: str, per_kind: bool) -> None:
        key = (severity, column, reason)
        if key not in self._overflow and len(self._overflow) >= MAX_SUMMARIES:
            key, th, en = (severity, column, ""), "ปัญหาอื่น ๆ", "other problems"
        entry = self._overflow.setdefault(key, [0, th, en, per_kind])
        entry[0] += 1

    def row(self, i: int, column: str, value: object, severity: str, message_th: str, message_en: str,
            kind: str | None = None) -> None:
        """A problem on 0-based row position ``i`` (reported as data row ``i + 1``).

        ``kind`` groups warnings for the cap (default: the column plus the English message up to its first
        colon or the whole message).
        """
        reason = kind or f"{column}|{message_en.split(':')[0][:80]}"
        if severity == WARNING:
            listed = self._listed.get(reason, 0)
            if listed >= self._cap:
                self._count(severity, column, reason, message_th, message_en, True)
                return
            self._listed[reason] = listed + 1
        if len(self.problems) >= self._max_listed:
            self._count(severity, column, reason, message_th, message_en, False)
            return
        text = "" if value is None else str(value)
        self.problems.append(Problem(int(i) + 1, column, text if len(text) <= 200 else text[:200] + "…",
                                     severity, message_th, message_en))

    def finish(self) -> list[Problem]:
        for (severity, column, _), (count, th, en, per_kind) in self._overflow.items():
            if per_kind:
                th = f"และอีก {count:,} แถวที่มีคำเตือนแบบเดียวกัน (แสดงเพียง {self._cap} แถวแรก) เช่น: {th}"
                en = f"and {count:,} more rows with the same warning (only the first {self._cap} are listed), e.g.: {en}"
            else:
                th = f"และอีก {count:,} แถวที่มีปัญหาแบบเดียวกัน (แสดงเพียง {self._max_listed:,} ปัญหาแรกของไฟล์) เช่น: {th}"
                en = (f"and {count:,} more rows with the same problem (only the first {self._max_listed:,} problems "
                      f"of a file are listed), e.g.: {en}")
            self.problems.append(Problem(None, column, "", severity, th, en, count))
        self._overflow.clear()
        return self.problems
