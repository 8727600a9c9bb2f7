"""The identity block when the source leaves out the government, the office or the signer's
position: the file is valid, and the print shows the empty-value dash for each of them."""

from __future__ import annotations

import io

import pypdf
import pytest

from alur.sop import Sop, chart_svg_pages, loads, render_html, render_pdf

STEPS = """\
pelaksana:
  - {id: pemohon, nama: Pemohon, pemohon: true}
  - {id: staf, nama: Staf}
langkah:
  - {no: 1, jenis: mulai, uraian: Mengajukan permohonan, pelaksana: pemohon}
  - {no: 2, jenis: selesai, uraian: Menyelesaikan permohonan, pelaksana: staf}
"""
LISTS = """\
  dasar_hukum: [Peraturan Uji]
  kualifikasi_pelaksana: [Memahami uji]
  keterkaitan: [SOP Lain]
  peralatan: [Komputer]
  peringatan: [Hati-hati]
  pencatatan: [Buku agenda]
"""
OMITTED = (
    """\
format: 1
kode: uji-identitas
identitas:
  nama: Uji Identitas
  disahkan_oleh: {nama: Budi Santoso}
"""
    + LISTS
    + STEPS
)
NULLS = (
    """\
format: 1
kode: uji-identitas
identitas:
  pemerintah: null
  instansi: null
  nama: Uji Identitas
  disahkan_oleh: {jabatan: null, nama: Budi Santoso}
"""
    + LISTS
    + STEPS
)
DASH = '<span class="kosong">—</span>'


@pytest.fixture(params=[OMITTED, NULLS], ids=["omitted", "null"])
def sop(request: pytest.FixtureRequest) -> Sop:
    return loads(request.param)


def test_the_government_the_office_and_the_position_may_be_left_out(sop: Sop) -> None:
    ident = sop.identitas

    assert (ident.pemerintah, ident.instansi, ident.disahkan_oleh.jabatan) == (None, None, None)
    assert (ident.nama, ident.disahkan_oleh.nama) == ("Uji Identitas", "Budi Santoso")


def test_the_identity_block_prints_the_dash_for_each_empty_one(sop: Sop) -> None:
    html = render_html(sop)

    assert f"<td class=kop rowspan=6>{DASH}<br>{DASH}</td>" in html
    assert f'<td class="label">Disahkan oleh</td><td>{DASH}<div class="ttd"></div>' in html
    assert "None" not in html


def test_the_pdf_shows_the_three_dashes_and_the_signers_name(sop: Sop) -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(sop)))
    first = reader.pages[0].extract_text()

    assert first.count("—") == 3
    assert "Budi Santoso" in first
    assert "None" not in first


def test_a_chart_without_an_office_or_a_number_is_headed_by_its_page_only(sop: Sop) -> None:
    (page,) = chart_svg_pages(sop)

    assert ">halaman 1 dari 1</text>" in page


def test_the_kop_keeps_the_government_office_and_unit_that_are_given() -> None:
    sop = loads(
        OMITTED.replace(
            "  nama: Uji Identitas\n",
            "  instansi: Dinas Uji\n  unit: Bidang TI\n  nama: Uji Identitas\n",
        )
    )

    assert f"<td class=kop rowspan=6>{DASH}<br>Dinas Uji<br>Bidang TI</td>" in render_html(sop)
    assert ">Dinas Uji · halaman 1 dari 1</text>" in chart_svg_pages(sop)[0]
