"""The monitoring form and the case timeline as spreadsheets (openpyxl), one sheet each.

Cells hold what the pages show, as text an office can print or paste into its own report;
times are written on the office's clock with its zone (``2 Mar 2026 08.30 WIB``). What
people typed (a title, a note) stays text, never a formula (``alur.common.spreadsheets``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from alur.cases import acting
from alur.cases.due import DUE_STATES
from alur.catalog.words import DECISIONS
from alur.common import formatting
from alur.common.spreadsheets import xlsx_bytes
from alur.monitoring.models import MonitoringRow
from alur.monitoring.selectors import Timeline

WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)


def _sheet(title: str) -> tuple[Workbook, Worksheet]:
    book = Workbook()
    sheet = book.active
    if sheet is None:  # a new workbook always has one sheet
        sheet = book.create_sheet()
    sheet.title = title[:31]
    return book, sheet


def _table(
    sheet: Worksheet, header: list[str], rows: Iterable[list[Any]], widths: list[int]
) -> None:
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.alignment = WRAP
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.alignment = WRAP
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def form_xlsx(context: Mapping[str, Any]) -> bytes:
    """The form as the SOP-AP guideline draws it, with a heading and the signature below."""
    record = context["record"]
    identity = context["identity"]
    book, sheet = _sheet(_("Monitoring SOP"))
    sheet.append([_("FORMULIR MONITORING SOP")])
    sheet["A1"].font = BOLD
    sheet.append([_("Nama SOP"), identity.nama])
    sheet.append([_("Nomor SOP"), identity.nomor or "—"])
    sheet.append([_("Instansi"), context["office"].name])
    sheet.append([_("Periode"), context["period"]])
    sheet.append([_("Versi formulir"), record.version])
    sheet.append([])
    header = [
        pgettext("nomor urut", "No"),
        _("Prosedur"),
        _("Penilaian"),
        _("Catatan hasil penilaian"),
        _("Tindakan yang harus diambil"),
        _("Paraf penilai"),
    ]
    rows = [
        [
            row.no,
            row.procedure,
            str(MonitoringRow.Assessment(row.assessment).label) if row.assessment else "",
            row.note,
            row.action,
            context["paraf"],
        ]
        for row in context["rows"]
    ]
    _table(sheet, header, rows, [6, 45, 22, 60, 40, 12])
    sheet.append([])
    if record.signed:
        sheet.append([_("Penilai"), record.assessor_name])
        sheet.append([_("NIP"), record.assessor_nip])
        sheet.append([_("Jabatan"), record.assessor_position])
        sheet.append([_("Tanggal"), context["signed_on"]])
        sheet.append([_("SHA-256 PDF"), record.document_sha256])
    else:
        sheet.append([_("DRAF: belum ditandatangani")])
    return xlsx_bytes(book)


def timeline_xlsx(timeline: Timeline) -> bytes:
    page = timeline.page
    zone = page.case.office.zone
    per_day = page.calendar.minutes_per_day

    def when(moment: Any) -> str:
        return "—" if moment is None else formatting.datetime_text(moment, zone, short=True)

    book, sheet = _sheet(_("Linimasa"))
    sheet.append([_("LINIMASA PERMOHONAN"), page.case.number])
    sheet["A1"].font = BOLD
    sheet.append([_("SOP"), page.definition.identitas.nama])
    sheet.append([_("Perihal"), page.case.title])
    sheet.append([_("OPD pemohon"), page.case.requester_unit.name])
    sheet.append([_("Status"), str(page.case.get_status_display())])
    sheet.append(
        [_("Waktu kerja seluruhnya"), formatting.duration_text(timeline.taken_minutes, per_day)]
    )
    sheet.append([])
    header = [
        _("Langkah"),
        _("Kunjungan"),
        _("Uraian"),
        _("Pelaksana"),
        _("Dibuka"),
        _("Tenggat"),
        _("Selesai"),
        _("Waktu kerja"),
        _("Batas waktu"),
        _("Ketepatan"),
        _("Oleh"),
        _("Keputusan"),
        _("Catatan"),
        _("Dokumen"),
    ]
    rows = []
    for entry in timeline.entries:
        visit, task = entry.visit, entry.visit.task
        allowed = visit.allowed_minutes
        rows.append(
            [
                task.step,
                task.visit,
                entry.step.uraian if entry.step else "",
                ", ".join(visit.lanes),
                when(task.opened_at),
                when(task.due_at),
                when(task.done_at),
                formatting.duration_text(visit.taken_minutes, per_day),
                "—" if allowed is None else formatting.duration_text(allowed, per_day),
                str(DUE_STATES[visit.due_state]),
                acting.actor_text(str(task.done_by), task) if task.done_by else "—",
                str(DECISIONS[task.decision]) if task.decision else "",
                task.note,
                "\n".join(f"{d.name} v{d.version} ({d.sha256[:12]})" for d in entry.documents),
            ]
        )
    _table(sheet, header, rows, [8, 9, 40, 25, 20, 20, 20, 14, 14, 14, 25, 10, 40, 50])
    return xlsx_bytes(book)
