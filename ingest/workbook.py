"""What the Excel templates share (the assessment template, :mod:`ingest.assessments`, and the symbiosis ones,
:mod:`ingest.symbiosis_template`): the read-me sheet in Thai and English, the header style, the saved bytes."""
from __future__ import annotations

import io

BOLD_ARGS = {"bold": True}
REQUIRED_FILL, HELPER_FILL = "C6E0B4", "E7E6E6"


def fill(colour: str):
    from openpyxl.styles import PatternFill
    return PatternFill("solid", fgColor=colour)


def write_readme(wb, title: str, rows: list[tuple[str, str]]) -> None:
    """A read-me sheet ``title`` after the data sheet (which stays first, the one imported): a Thai and an English
    column, one line of ``rows`` each, wrapped."""
    from openpyxl.styles import Alignment, Font
    readme = wb.create_sheet(title)
    readme.append(["ภาษาไทย", "English"])
    for th, en in rows:
        readme.append([th, en])
    readme["A1"].font = readme["B1"].font = Font(**BOLD_ARGS)
    readme.column_dimensions["A"].width = readme.column_dimensions["B"].width = 80
    for row in readme.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")


def style_header(ws, header: list[str], note_of, fill_of) -> None:
    """Bold header cells, each with a comment (``note_of(name)``) and a fill colour (``fill_of(name)``)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    bold = Font(**BOLD_ARGS)
    for j, name in enumerate(header, start=1):
        c = ws.cell(row=1, column=j)
        c.font, c.fill = bold, fill(fill_of(name))
        c.comment = Comment(note_of(name), "EIT")


def saved(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
