"""The report out of the browser: every table as a sheet of an XLSX workbook (openpyxl), and the
whole page as a PDF (WeasyPrint), the charts included as vector graphics. Names in the sheets
(SOPs, steps, people, OPDs) stay text, never a formula (``alur.common.spreadsheets``); counts
and times stay numbers."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from alur.common.spreadsheets import Value as Cell
from alur.common.spreadsheets import sheet_add, xlsx_bytes
from alur.reports.context import dashboard_context
from alur.reports.selectors import Dashboard, WorkRow
from alur.reports.spent import TimeSpent, Waiter


def filename(board: Dashboard, extension: str) -> str:
    period = board.period
    sop = f"-{board.chosen}" if board.chosen else ""
    return (
        f"kinerja-{board.office.code}{sop}-{period.first:%Y%m%d}-{period.last:%Y%m%d}.{extension}"
    )


def _rate(on_time: int, with_target: int) -> float | None:
    return round(on_time / with_target, 4) if with_target else None


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def workbook(board: Dashboard) -> bytes:
    book = Workbook()
    book.remove(book.active)
    per_day = board.minutes_per_day
    summary: list[tuple[str, Cell]] = [
        (_("Kantor"), board.office.name),
        (_("Dari tanggal"), board.period.first.strftime("%d-%m-%Y")),
        (_("Sampai tanggal"), board.period.last.strftime("%d-%m-%Y")),
        (_("Menit kerja per hari"), per_day),
        (_("Permohonan dibuka"), board.counts.opened),
        (_("Permohonan ditutup"), board.counts.closed),
        (_("Selesai"), board.counts.finished),
        (_("Dikembalikan"), board.counts.returned),
        (_("Dihentikan"), board.counts.stopped),
        (_("Ditolak"), board.counts.refused),
        (_("Gugur"), board.counts.lapsed),
        (_("Ditarik pemohon"), board.counts.withdrawn),
        (_("Ditutup dalam batas waktu layanan"), board.counts.service_met),
        (_("Ditutup melewati batas waktu layanan"), board.counts.service_missed),
        (_("Masih berjalan di akhir periode"), board.counts.open),
    ]
    sheet_add(book, _("Ringkasan"), [_("Ukuran"), _("Nilai")], summary)
    sheet_add(
        book,
        _("SOP"),
        [
            _("SOP"),
            _("Dibuka"),
            _("Ditutup"),
            _("Selesai"),
            _("Dikembalikan"),
            _("Dihentikan"),
            _("Ditolak"),
            _("Gugur"),
            _("Ditarik pemohon"),
            _("Masih berjalan"),
            _("Kunjungan ulang"),
            _("Langkah terlama"),
        ],
        (
            (
                r.name,
                r.counts.opened,
                r.counts.closed,
                r.counts.finished,
                r.counts.returned,
                r.counts.stopped,
                r.counts.refused,
                r.counts.lapsed,
                r.counts.withdrawn,
                r.counts.open,
                r.revisits,
                r.slowest.step if r.slowest else None,
            )
            for r in board.sops
        ),
    )
    sheet_add(
        book,
        _("Langkah"),
        [
            _("SOP"),
            # Plain "No" is Django's own word for the answer no: "Tidak" in Indonesian.
            pgettext("nomor langkah", "No"),
            _("Uraian"),
            _("Pelaksana"),
            _("Target"),
            _("Target (menit kerja)"),
            _("Selesai"),
            _("Median (menit kerja, perkiraan)"),
            _("P90 (menit kerja, perkiraan)"),
            _("Maks. (menit kerja)"),
            _("Bertarget"),
            _("Tepat waktu"),
            _("Tepat waktu (rasio)"),
            _("Kunjungan ulang"),
            _("Jawaban tidak"),
            _("Dikembalikan kepada pemohon"),
            _("Terbuka kini"),
            _("Eskalasi"),
            _("Eskalasi ke admin (lajur tanpa atasan)"),
        ],
        (
            (
                report.name,
                row.step,
                row.description,
                row.lanes,
                row.target_text,
                row.target_minutes,
                row.finished,
                _minutes(row.times.median if row.times else None),
                _minutes(row.times.p90 if row.times else None),
                row.times.longest if row.times else None,
                row.with_target,
                row.on_time,
                _rate(row.on_time, row.with_target),
                row.revisits,
                row.declined,
                row.returned,
                row.open_now,
                row.escalations,
                row.escalations_to_admins,
            )
            for report in board.sops
            for row in report.steps
        ),
    )
    work_header = [
        _("Langkah selesai"),
        _("Waktu kerja (menit)"),
        _("Bertarget"),
        _("Tepat waktu"),
        _("Tepat waktu (rasio)"),
    ]
    sheet_add(
        book,
        _("Lajur"),
        [_("Pelaksana"), *work_header, _("Terbuka kini")],
        ((*_work(row), row.open_now) for row in board.lanes),
    )
    sheet_add(
        book, _("Pegawai"), [_("Pegawai"), *work_header], (_work(row) for row in board.people)
    )
    sheet_add(
        book,
        _("OPD"),
        [
            _("OPD pemohon"),
            _("Dibuka"),
            _("Ditutup"),
            _("Selesai"),
            _("Dikembalikan"),
            _("Masih berjalan"),
        ],
        (
            (
                a.name,
                a.counts.opened,
                a.counts.closed,
                a.counts.finished,
                a.counts.returned,
                a.counts.open,
            )
            for a in board.agencies
        ),
    )
    sheet_add(
        book,
        _("Per bulan"),
        [_("Bulan"), _("Dibuka"), _("Ditutup")],
        ((f"{m.month:%m-%Y}", m.opened, m.closed) for m in board.months),
    )
    _spent_sheets(book, board)
    return xlsx_bytes(book)


def _spent_sheets(book: Workbook, board: Dashboard) -> None:
    """Where the time goes: one sheet per table of the page, every SOP's rows in it."""
    sheet_add(
        book,
        _("Waktu langkah"),
        [
            _("SOP"),
            pgettext("nomor langkah", "No"),
            _("Uraian"),
            _("Selesai"),
            _("Menunggu (menit kerja)"),
            _("Dikerjakan (menit kerja)"),
            _("Menunggu (bagian)"),
            _("Dikerjakan (bagian)"),
        ],
        (
            (
                spent.name,
                row.step,
                row.description,
                row.finished,
                row.waiting,
                row.working,
                _fraction(row.waiting_share),
                _fraction(row.working_share),
            )
            for spent in board.spent
            for row in spent.steps
        ),
    )
    sheet_add(
        book,
        _("Sering terlambat"),
        [
            _("SOP"),
            pgettext("nomor langkah", "No"),
            _("Uraian"),
            _("Terlambat"),
            _("Bertenggat"),
            _("Terlambat (rasio)"),
        ],
        (
            (
                spent.name,
                row.step,
                row.description,
                row.late,
                row.with_target,
                _fraction(row.late_rate),
            )
            for spent in board.spent
            for row in spent.late
        ),
    )
    sheet_add(
        book,
        _("Putaran"),
        [_("SOP"), _("Dari langkah"), _("Jawaban"), _("Kembali ke langkah"), _("Diambil")],
        (
            (spent.name, loop.step, loop.answer, loop.back_to, loop.taken)
            for spent in board.spent
            for loop in spent.loops
        ),
    )
    sheet_add(
        book,
        _("Tepat waktu per bulan"),
        [_("SOP"), _("Bulan"), _("Bertenggat"), _("Tepat waktu"), _("Tepat waktu (rasio)")],
        (
            (spent.name, f"{m.month:%m-%Y}", m.with_target, m.on_time, _fraction(m.on_time_rate))
            for spent in board.spent
            for m in spent.months
        ),
    )
    waiting_header = [
        _("Langkah selesai"),
        _("Menunggu (menit kerja)"),
        _("Waktu kerja (menit)"),
        _("Menunggu (bagian)"),
    ]
    waiters: tuple[tuple[str, str, Callable[[TimeSpent], list[Waiter]]], ...] = (
        (_("Tunggu per lajur"), _("Pelaksana"), lambda spent: spent.lanes),
        (_("Tunggu per OPD"), _("OPD pemohon"), lambda spent: spent.agencies),
    )
    for title, first, rows in waiters:
        sheet_add(
            book,
            title,
            [_("SOP"), first, *waiting_header],
            (
                (
                    spent.name,
                    row.name,
                    row.visits,
                    row.waiting,
                    row.minutes,
                    _fraction(row.waiting_share),
                )
                for spent in board.spent
                for row in rows(spent)
            ),
        )


def _fraction(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _work(row: WorkRow) -> tuple[Cell, ...]:
    return (
        row.name,
        row.finished,
        row.working_minutes,
        row.with_target,
        row.on_time,
        _rate(row.on_time, row.with_target),
    )


def pdf(board: Dashboard) -> bytes:
    # WeasyPrint reports each step (from its import on) at INFO, which the root logger prints.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    context = {**dashboard_context(board.office, None, board), "pdf": True}
    html = render_to_string("reports/dashboard_pdf.html", context)
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
