"""The project's bilingual messages and the exceptions that carry them.

Every refusal and error a person reads is a :class:`Message`: Thai and English as separate fields, so a page
shows the reader's language (``msg.text(lang)``) and the command line prints both (``msg.both()``, Thai then
English).  A refused step raises :class:`Refused` (or a subclass naming the package: an account, a visit, a
certification, the demo); a bad data file raises :class:`DataError`."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """One sentence in Thai and in English."""

    th: str
    en: str

    def text(self, lang: str) -> str:
        """The sentence in ``lang`` ('th' or 'en'; anything else reads Thai, the dashboard's first language)."""
        return self.en if lang == "en" else self.th

    def both(self) -> str:
        """Thai then English, for the command line and logs."""
        return f"{self.th} / {self.en}" if self.th != self.en else self.th

    def __str__(self) -> str:
        return self.both()


def message_of(err: BaseException) -> Message:
    """The bilingual message of ``err`` (a :class:`Refused` or :class:`DataError`), or its text in both fields."""
    msg = getattr(err, "message", None)
    return msg if isinstance(msg, Message) else Message(str(err), str(err))


class Refused(ValueError):
    """A refused step or value; ``message`` is the :class:`Message` (``th``/``en`` are its two fields), and
    ``str(err)`` is both, Thai then English."""

    def __init__(self, th: str | Message, en: str | None = None) -> None:
        message = th if isinstance(th, Message) else Message(th, th if en is None else en)
        super().__init__(message.both())
        self.message = message

    @property
    def th(self) -> str:
        return self.message.th

    @property
    def en(self) -> str:
        return self.message.en

    def text(self, lang: str) -> str:
        return self.message.text(lang)


class DataError(ValueError):
    """A data file is missing or invalid.

    The message says which file, which 1-based data row (the first row after the header is row 1), which column
    and value, and why, in English and then Thai; ``message`` holds it as a :class:`Message`.  The same facts
    are kept as attributes (``None`` when they do not apply) so that a UI can point at the cell.
    """

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None, value: object = None, line: int | None = None,
                 bilingual: Message | None = None) -> None:
        super().__init__(message)
        self.message = bilingual or Message(message, message)
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
    return DataError(f"{head}: {en} / {th}", file=str(file), row=row, column=column, value=value, line=line,
                     bilingual=Message(f"{head}: {th}", f"{head}: {en}"))
