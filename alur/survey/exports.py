"""The survey report out of the browser, in the layout offices publish: an XLSX workbook
(summary, elements, profile, suggestions, follow-up plan) and a PDF (WeasyPrint). What people
typed (suggestions, the plan) stays text, never a formula (``alur.common.spreadsheets``);
figures stay numbers."""

from __future__ import annotations

import logging

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook

from alur.common.spreadsheets import Value as Cell
from alur.common.spreadsheets import sheet_add, xlsx_bytes
from alur.survey.elements import BY_CODE
from alur.survey.selectors import SurveyReport


def filename(report: SurveyReport, extension: str) -> str:
    period = report.period
    sop = f"-{report.chosen}" if report.chosen else ""
    return f"skm-{report.office.code}{sop}-{period.first:%Y%m%d}-{period.last:%Y%m%d}.{extension}"


def summary_rows(report: SurveyReport) -> list[tuple[str, Cell]]:
    grade = report.index.grade if report.index is not None else None
    return [
        (_("Kantor"), report.office.name),
        (_("SOP"), report.sop_name or _("Semua SOP")),
        (_("Dari tanggal"), report.period.first.strftime("%d-%m-%Y")),
        (_("Sampai tanggal"), report.period.last.strftime("%d-%m-%Y")),
        (_("Permohonan dilayani"), report.served),
        (_("Sampel minimum (Krejcie-Morgan)"), report.minimum),
        (_("Responden"), report.respondents),
        (_("IKM"), float(report.ikm) if report.ikm is not None else None),
        (_("Mutu pelayanan"), grade.letter if grade else None),
        (_("Kinerja unit pelayanan"), str(grade.words) if grade else None),
    ]


def workbook(report: SurveyReport) -> bytes:
    book = Workbook()
    book.remove(book.active)
    sheet_add(book, _("Ringkasan"), [_("Ukuran"), _("Nilai")], summary_rows(report))
    sheet_add(
        book,
        _("Unsur"),
        [_("No"), _("Unsur"), _("NRR"), _("NRR tertimbang"), _("Terendah")],
        (
            (
                row.element.number,
                str(row.element.name),
                float(row.nrr),
                float(row.weighted),
                _("ya") if row.weakest else "",
            )
            for row in report.elements
        ),
    )
    sheet_add(
        book,
        _("Profil responden"),
        [_("Profil"), _("Pilihan"), _("Responden")],
        (
            (profile.label, label, count)
            for profile in report.profile
            for label, count in profile.counts
        ),
    )
    sheet_add(
        book,
        _("Saran"),
        [_("Tanggal"), _("Saran dan masukan")],
        ((f"{at:%d-%m-%Y}", text) for at, text in report.suggestions),
    )
    sheet_add(
        book,
        _("Tindak lanjut"),
        [
            _("Unsur"),
            _("SOP"),
            _("Tindak lanjut"),
            _("Penanggung jawab"),
            _("Target selesai"),
            _("Status"),
            _("Catatan"),
        ],
        (
            (
                str(BY_CODE[item.element].name) if item.element else _("Semua unsur"),
                item.sop.name if item.sop else _("Semua SOP"),
                item.action,
                item.responsible,
                item.target.strftime("%d-%m-%Y"),
                item.get_status_display(),
                item.note,
            )
            for item in report.follow_ups
        ),
    )
    return xlsx_bytes(book)


def pdf(report: SurveyReport) -> bytes:
    # WeasyPrint reports each step (from its import on) at INFO, which the root logger prints.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = render_to_string("survey/report_pdf.html", {"report": report, "pdf": True})
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
