"""The one exception the data layer raises for bad input files."""
from __future__ import annotations


class DataError(ValueError):
    """A data file is missing or invalid.

    The message says, in English and then Thai, which file, which 1-based data row (the first row after the
    header is row 1), which column and value, and why.  The same facts are kept as attributes (``None`` when
    they do not apply) so that a UI can point at the cell.
    """

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None, value: object = None, line: int | None = None) -> None:
        super().__init__(message)
        self.file, self.row, self.column, self.value, self.line = file, row, column, value, line


def cell_error(file: str, row: int | None, column: str | None, value: object, en: str, th: str,
               *, line: int | None = None) -> DataError:
    """A DataError for one cell: ``"<file> row R (line L), column C, value 'V': <en> / <th>"``."""
    head = str(file)
    if row is not None:
        head += f" row {row}" + (f" (line {line})" if line is not None else "")
    if column is not None:
        head += f", column {column}"
    if value is not None:
        head += f", value {str(value)!r}"
    return DataError(f"{head}: {en} / {th}", file=str(file), row=row, column=column, value=value, line=line)
