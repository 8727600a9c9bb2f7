"""The PDF of each seed SOP, read back: every step's uraian, every lane, every time and every
output is printed, and the chart is on A4 landscape pages after the identity page."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from alur.sop import Sop, chart_layout, load, render_html, render_pdf

SOPS = Path(__file__).resolve().parents[2] / "sops"
SEEDS = sorted(p.name for p in SOPS.glob("*.yaml"))
A4_LANDSCAPE = (841.89, 595.28)  # points


def flat(text: str) -> str:
    """Whitespace collapsed, so text wrapped over lines reads as written."""
    return " ".join(text.split())


@pytest.fixture(scope="module", params=SEEDS)
def printed(request: pytest.FixtureRequest) -> tuple[Sop, pypdf.PdfReader]:
    sop = load(SOPS / request.param)
    return sop, pypdf.PdfReader(io.BytesIO(render_pdf(sop)))


def test_the_pdf_prints_every_step_lane_time_and_output(printed) -> None:
    sop, reader = printed
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    expected = (
        [step.uraian for step in sop.langkah]
        + [lane.nama for lane in sop.pelaksana]
        + [step.waktu for step in sop.langkah if step.waktu]
        + [output.nama for step in sop.langkah for output in step.outputs]
    )

    missing = [item for item in expected if flat(item) not in text]

    assert missing == []


def test_the_first_page_is_the_identity_block_and_the_chart_follows(printed) -> None:
    sop, reader = printed
    first = flat(reader.pages[0].extract_text())
    chart_pages = len(chart_layout(sop).pages)

    for label in ("Nomor SOP", "Tanggal Pembuatan", "Tanggal Revisi", "Tanggal Efektif"):
        assert label in first
    for label in ("Disahkan oleh", "NIP.", "Dasar Hukum", "Kualifikasi Pelaksana", "Keterkaitan"):
        assert label in first
    for label in ("Peralatan/Perlengkapan", "Peringatan", "Pencatatan dan Pendataan"):
        assert label in first
    assert flat(sop.identitas.nama) in first
    assert flat(sop.identitas.disahkan_oleh.jabatan) in first
    explanations = 1 if sop.identitas.penjelasan else 0
    assert len(reader.pages) == 1 + chart_pages + explanations
    for number in range(1, chart_pages + 1):
        page = flat(reader.pages[number].extract_text())
        assert f"halaman {number} dari {chart_pages}" in page
        assert "Uraian Prosedur" in page
        assert "penghubung beda halaman" in page
    sizes = {
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in reader.pages
    }
    assert sizes == {A4_LANDSCAPE}


def test_sop_5_prints_its_number_dates_and_legal_basis() -> None:
    reader = pypdf.PdfReader(
        io.BytesIO(render_pdf(load(SOPS / "05-permohonan-pembuatan-aplikasi.yaml")))
    )
    first = flat(reader.pages[0].extract_text())

    assert "555/568/DKIST/2021" in first
    assert "30 November 2021" in first
    assert "2 Desember 2021" in first
    assert "Peraturan Bupati Nomor 44 Tahun 2019 tentang Sistem Pemerintahan Berbasis" in first


def test_the_html_holds_the_identity_and_one_svg_per_chart_page() -> None:
    sop = load(SOPS / "05-permohonan-pembuatan-aplikasi.yaml")
    html = render_html(sop)

    assert html.startswith("<!DOCTYPE html>")
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="bagan-alur"') == 3
    assert '<section class="identitas" id="identitas-sop">' in html
    assert "Kepala Seksi Aplikasi &amp; E-Government" in html
