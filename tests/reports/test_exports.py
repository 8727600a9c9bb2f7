"""The report out of the browser: the XLSX read back with openpyxl, the PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from alur.reports.period import PeriodForm

pytestmark = pytest.mark.django_db

QUERY = "?dari=01-01-2026&sampai=31-03-2026&sop=permohonan-pembuatan-aplikasi"


@pytest.fixture
def kadis(demo) -> Client:
    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])
    return client


def test_the_workbook_holds_every_table_with_the_reports_numbers(kadis, ledger) -> None:
    response = kadis.get(f"/laporan/dkisp-sumbawa/kinerja.xlsx{QUERY}")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="kinerja-dkisp-sumbawa-permohonan-pembuatan-aplikasi-'
        '20260101-20260331.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Ringkasan",
        "SOP",
        "Langkah",
        "Lajur",
        "Pegawai",
        "OPD",
        "Per bulan",
        "Waktu langkah",
        "Sering terlambat",
        "Putaran",
        "Tepat waktu per bulan",
        "Tunggu per lajur",
        "Tunggu per OPD",
    ]
    summary = dict(book["Ringkasan"].iter_rows(min_row=2, values_only=True))
    assert summary["Dari tanggal"] == "01-01-2026"
    assert summary["Permohonan dibuka"] == 4
    assert summary["Masih berjalan di akhir periode"] == 2
    steps = {row[1]: row for row in book["Langkah"].iter_rows(min_row=2, values_only=True)}
    assert len(steps) == 17
    header = [cell.value for cell in book["Langkah"][1]]
    assert header[:3] == ["SOP", "No", "Uraian"]
    step_2 = dict(zip(header, steps[2], strict=True))
    assert step_2["Target (menit kerja)"] == 480
    # median and p90 from the buckets (exact: 90 and 408, see test_numbers)
    assert (
        step_2["Selesai"],
        step_2["Median (menit kerja, perkiraan)"],
        step_2["P90 (menit kerja, perkiraan)"],
        step_2["Dikembalikan kepada pemohon"],
    ) == (5, 91.5, 415.9, 0)
    assert (step_2["Maks. (menit kerja)"], step_2["Tepat waktu (rasio)"]) == (600, 0.6)
    step_9 = dict(zip(header, steps[9], strict=True))
    assert (step_9["Kunjungan ulang"], step_9["Tepat waktu"]) == (1, 3)
    months = list(book["Per bulan"].iter_rows(min_row=2, values_only=True))
    assert months == [("01-2026", 2, 2), ("02-2026", 1, 1), ("03-2026", 1, 0)]
    people = {row[0]: row[1:3] for row in book["Pegawai"].iter_rows(min_row=2, values_only=True)}
    assert people["Pengembang Sumbawa"] == (4, 1000)


def test_the_pdf_shows_the_period_the_figures_and_every_step(kadis, ledger) -> None:
    response = kadis.get(f"/laporan/dkisp-sumbawa/kinerja.pdf{QUERY}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Kinerja layanan: target dan realisasi" in text
    assert "Periode 1 Januari 2026 sampai 31 Maret 2026" in text
    assert "Median dan P90 waktu kerja adalah perkiraan" in text
    assert "Paling lama menahan permohonan: langkah 9" in text
    assert "Layanan Permohonan Pembuatan Aplikasi" in text
    assert "Tim Teknis Bappeda Sumbawa" in text


def test_a_mistyped_date_is_named_in_indonesian_and_nothing_is_exported(kadis, ledger) -> None:
    page = kadis.get("/laporan/dkisp-sumbawa/?dari=2026.01.31")
    export = kadis.get("/laporan/dkisp-sumbawa/kinerja.xlsx?dari=2026/13/01")

    assert page.status_code == 422
    assert (
        "Dari tanggal: Tulis tanggal sebagai hh-bb-tttt, mis. 01-01-2026." in page.content.decode()
    )
    assert export.status_code == 422
    assert export["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("typed", ["31-02-2026", "29/02/2027", "2026-04-31"])
def test_a_date_written_rightly_that_the_calendar_lacks_is_told_it_does_not_exist(
    kadis, ledger, typed: str
) -> None:
    page = kadis.get(f"/laporan/dkisp-sumbawa/?sampai={typed}")

    assert page.status_code == 422
    html = page.content.decode()
    assert f"Sampai tanggal: Tanggal {typed} tidak ada di kalender." in html
    assert "Tulis tanggal sebagai" not in html


def test_an_sop_the_office_does_not_run_is_named(kadis, ledger) -> None:
    page = kadis.get("/laporan/dkisp-sumbawa/?sop=integrasi-bedelau")

    assert page.status_code == 422
    assert "SOP: SOP &#x27;integrasi-bedelau&#x27; tidak dijalankan kantor ini." in (
        page.content.decode()
    )


def test_an_end_before_the_start_is_refused(kadis, ledger) -> None:
    page = kadis.get("/laporan/dkisp-sumbawa/?dari=01-03-2026&sampai=01-02-2026")

    assert page.status_code == 422
    assert (
        "Tanggal akhir (01-02-2026) lebih awal dari tanggal awal (01-03-2026)."
        in page.content.decode()
    )


@pytest.mark.parametrize("typed", ["05-01-2026", "05/01/2026", "2026-01-05"])
def test_dates_are_read_the_indonesian_way_and_as_a_date_picker_sends_them(typed) -> None:
    form = PeriodForm({"dari": typed, "sampai": "31-03-2026"})
    assert form.is_valid()

    period = form.period(dt.date(2026, 6, 1), "Asia/Makassar")
    assert (period.first, period.last) == (dt.date(2026, 1, 5), dt.date(2026, 3, 31))


def test_the_period_form_sent_by_htmx_gets_only_the_report_part(kadis, ledger) -> None:
    response = kadis.get(f"/laporan/dkisp-sumbawa/{QUERY}", headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"].split(", ")
    assert html.lstrip().startswith('<div id="isi-laporan">')
    assert 'id="periode"' not in html
    assert '<tr data-step="9">' in html
    assert (
        '<span id="catatan-perkiraan">Median dan P90 waktu kerja adalah perkiraan dari sebaran '
        "berkelompok, paling jauh sekitar 2,5% dari nilai sebenarnya; jumlah, maksimum, dan "
        "ketepatan waktu dihitung persis.</span>"
    ) in html
