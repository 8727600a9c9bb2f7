"""What people typed goes into the timeline and the monitoring form as text, never as a formula:
a case title, an OPD's name, step notes, a row's Catatan and Tindakan, read back from the XLSX
the pages give."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from alur.monitoring import exports, selectors, services
from alur.monitoring.models import MonitoringRow
from alur.monitoring.services import RowInput
from alur.offices.models import Unit
from tests.cases.casekit import SOP5, SOP5_DOCS, WITA, Desk
from tests.monitoring.halfyear import OPENED_AT
from tests.web.test_spreadsheets import PAYLOADS


def _cells(content: bytes) -> list[Cell]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row if isinstance(cell, Cell)]


def _texts_kept(cells: list[Cell]) -> set[str]:
    """The texts kept as quoted text cells; and no cell of the sheet is a formula."""
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    return {str(cell.value) for cell in cells if cell.data_type == "s" and cell.quotePrefix}


def test_the_timeline_xlsx_keeps_a_formula_like_title_opd_and_notes_as_text(
    demo: SimpleNamespace,
) -> None:
    Unit.objects.filter(pk=demo.people["opd.bappeda"].unit_id).update(name=PAYLOADS[5])
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA))
    case = desk.open(demo.sumbawa, SOP5, "opd.bappeda", docs=SOP5_DOCS[1], title=PAYLOADS[0])
    desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2], note=PAYLOADS[1])
    desk.act(case, 3, "kabid.ti", docs=SOP5_DOCS[3], note=PAYLOADS[2])
    desk.act(case, 4, "kasi.aplikasi", note=PAYLOADS[3])
    desk.act(case, 5, "kasi.aplikasi", docs=SOP5_DOCS[5], note=PAYLOADS[4])
    desk.act(case, 6, "kabid.ti", decision="ya", docs=SOP5_DOCS[6], note=PAYLOADS[6])
    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])

    response = client.get(reverse("case_timeline_xlsx", args=[case.pk]))

    cells = _cells(response.content)
    # the OPD's name as it is; a step's note without its surrounding blanks ("\r=1" as "=1")
    assert _texts_kept(cells) == {*PAYLOADS[:6], "=1"}
    steps = [cell.value for cell in cells if cell.column == 1 and cell.row > 8]
    assert steps == [1, 2, 3, 4, 5, 6, 8]
    assert {cell.data_type for cell in cells if cell.column == 1 and cell.row > 8} == {"n"}


def test_the_monitoring_form_xlsx_keeps_a_formula_like_note_and_action_as_text(
    half_year: SimpleNamespace,
) -> None:
    kadis = half_year.people["kadis.sumbawa"]
    record = services.monitoring_open(
        sop=half_year.sop, year=2026, half=1, actor=kadis, at=OPENED_AT
    )
    rows = {
        no: RowInput(MonitoringRow.Assessment.NOT_GOOD, payload, PAYLOADS[-1 - index])
        for index, (no, payload) in enumerate(zip(range(1, 8), PAYLOADS, strict=True))
    }
    services.monitoring_rows_save(
        record=record, actor=kadis, rows=rows, at=OPENED_AT + dt.timedelta(hours=1)
    )

    content = exports.form_xlsx(selectors.form_context(record, list(record.rows.order_by("no"))))

    cells = _cells(content)
    # the services keep a note without its surrounding blanks: "\t=1" is kept as "=1"
    assert _texts_kept(cells) == {payload.strip() for payload in PAYLOADS}
    numbers = [
        cell.value for cell in cells if cell.column == 1 and cell.data_type == "n" and cell.value
    ]
    assert numbers[:7] == [1, 2, 3, 4, 5, 6, 7]
