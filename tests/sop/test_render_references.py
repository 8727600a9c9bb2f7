"""Reference documents on the printed SOP-AP: listed on the identity page, and named in the Ket.
column of the steps that use them."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from alur.sop import Sop, chart_layout, load, loads, render_html, render_pdf
from alur.sop._render.table import PAD, line_height
from alur.sop._render.text import text_width
from tests.sop.render_geometry import faults

ROOT = Path(__file__).resolve().parents[2]
WITH_REFERENCES = ROOT / "tests" / "cases" / "sops" / "rujukan.yaml"
SEEDS = sorted((ROOT / "sops").glob("*.yaml"))


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def sop() -> Sop:
    return load(WITH_REFERENCES)


def _ket(sop: Sop, step: int) -> str:
    chart = chart_layout(sop)
    row = next(r for page in chart.pages for r in page.rows if r.step == step)
    cell = next(c for c in row.cells if c.column == "ket")
    return flat(" ".join(cell.lines))


def test_a_step_names_its_references_in_the_ket_column_after_its_notes(sop: Sop) -> None:
    assert _ket(sop, 1) == ""
    assert _ket(sop, 2) == (
        "tidak: ditolak, Permohonan tidak memenuhi ketentuan Rujukan: Permenkominfo Nomor 5 "
        "Tahun 2015 tentang Registrar Nama Domain Instansi; Daftar Periksa Verifikasi Subdomain"
    )
    assert _ket(sop, 3) == (
        "Subdomain aktif paling lambat esok hari. Rujukan: Templat Berita Acara Aktivasi "
        "Subdomain; Panduan Pengelolaan DNS Kabupaten"
    )


def test_the_chart_with_references_has_no_geometry_fault_and_its_text_fits(sop: Sop) -> None:
    chart = chart_layout(sop)
    columns = {c.key: c for c in chart.columns}

    assert faults(chart) == []
    for page in chart.pages:
        for row in page.rows:
            for cell in row.cells:
                width = columns[cell.column].w - 2 * PAD
                for line, indent in zip(cell.lines, cell.indents, strict=True):
                    assert indent + text_width(line, cell.size) <= width, (row.step, line)
                assert len(cell.lines) * line_height(cell.size) + 2 * PAD <= row.h


def test_the_pdf_lists_the_references_on_the_identity_page_and_at_their_steps(sop: Sop) -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(sop)))
    identity = flat(reader.pages[0].extract_text())
    chart = flat(" ".join(page.extract_text() for page in reader.pages[1:]))

    listed = identity.split("Dokumen Rujukan", 1)[1]
    assert "Pencatatan dan Pendataan" in identity.split("Dokumen Rujukan", 1)[0]
    assert (
        "Permenkominfo Nomor 5 Tahun 2015 tentang Registrar Nama Domain Instansi (Peraturan) "
        "https://jdih.kominfo.go.id/produk_hukum/view/id/493" in listed
    )
    assert (
        "Daftar Periksa Verifikasi Subdomain (Daftar periksa) — Diisi lengkap sebelum keputusan "
        "diambil." in listed
    )
    assert "Templat Berita Acara Aktivasi Subdomain (Templat formulir)" in listed
    assert "Panduan Pengelolaan DNS Kabupaten" in listed
    assert "Panduan Pengelolaan DNS Kabupaten (" not in listed
    assert chart.count("Rujukan:") == 2
    assert "Rujukan: Templat Berita Acara Aktivasi Subdomain; Panduan Pengelolaan DNS" in chart
    assert len(reader.pages) == 1 + len(chart_layout(sop).pages)


def test_the_identity_page_escapes_what_the_file_says() -> None:
    text = WITH_REFERENCES.read_text(encoding="utf-8").replace(
        "nama: Panduan Pengelolaan DNS Kabupaten", "nama: Panduan <DNS> & Subdomain"
    )
    html = render_html(loads(text))

    assert "<li>Panduan &lt;DNS&gt; &amp; Subdomain</li>" in html


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_an_sop_without_references_prints_no_reference_section(path: Path) -> None:
    html = render_html(load(path))

    assert "Dokumen Rujukan" not in html
    assert "Rujukan:" not in html
