"""Names in the report's workbook (an SOP, OPDs, people) are what an office typed: they go in as
text, never as a formula, and the counts beside them stay numbers."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from alur.catalog.models import Sop
from alur.offices.models import Unit, User
from tests.web.test_spreadsheets import PAYLOADS

pytestmark = pytest.mark.django_db

QUERY = "?dari=01-01-2026&sampai=31-03-2026&sop=permohonan-pembuatan-aplikasi"


def test_the_workbook_keeps_formula_like_names_as_text_and_counts_as_numbers(demo, ledger) -> None:
    Sop.objects.filter(office=demo.sumbawa, code="permohonan-pembuatan-aplikasi").update(
        name=PAYLOADS[0]
    )
    Unit.objects.filter(pk=demo.people["opd.bappeda"].unit_id).update(name=PAYLOADS[1])
    Unit.objects.filter(pk=demo.people["opd.dikbud"].unit_id).update(name=PAYLOADS[6])
    User.objects.filter(username="dev.sumbawa").update(first_name=PAYLOADS[2], last_name="")
    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])

    response = client.get(f"/laporan/dkisp-sumbawa/kinerja.xlsx{QUERY}")

    book = load_workbook(io.BytesIO(response.content))
    cells = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell, Cell)
    ]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    quoted = {cell.value for cell in cells if cell.data_type == "s" and cell.quotePrefix}
    assert quoted == {*PAYLOADS[:3], PAYLOADS[6]}
    agencies = {row[0]: row[1:] for row in book["OPD"].iter_rows(min_row=2, values_only=True)}
    assert {type(value) for row in agencies.values() for value in row} == {int}
    assert PAYLOADS[1] in agencies
    summary = dict(book["Ringkasan"].iter_rows(min_row=2, values_only=True))
    assert summary["Permohonan dibuka"] == 4
