"""The Kelengkapan column: an input the step can do without (``wajib: false``) is printed with
"(jika ada)" after its name, and one it needs only under a condition (``bila``) with the
condition, "(bila diajukan oleh kuasa)", in the chart's table and in the PDF."""

from __future__ import annotations

import io

import pypdf

from alur.sop import chart_layout, loads, render_pdf
from tests.sop.test_engine_conditions import SOP as CONDITIONAL

SOP = """\
format: 1
kode: uji-kelengkapan
identitas:
  pemerintah: Pemerintah Kota Uji
  instansi: Dinas Komunikasi dan Informatika
  nama: Uji Kelengkapan
  disahkan_oleh: {jabatan: Kepala Dinas}
pelaksana:
  - {id: pemohon, nama: Pemohon, pemohon: true}
  - {id: staf, nama: Staf}
langkah:
  - no: 1
    jenis: mulai
    uraian: Mengajukan permohonan
    pelaksana: pemohon
    kelengkapan:
      - {nama: Surat Permohonan, sumber: pemohon}
      - {nama: Rekomendasi Bidang, sumber: pemohon, wajib: false}
    output: [Permohonan]
  - no: 2
    jenis: selesai
    uraian: Menyelesaikan permohonan
    pelaksana: staf
    kelengkapan:
      - {nama: Dokumen Pendukung, sumber: dilampirkan, wajib: false}
"""


def kelengkapan(step: int) -> list[str]:
    chart = chart_layout(loads(SOP))
    row = next(r for page in chart.pages for r in page.rows if r.step == step)
    cell = next(c for c in row.cells if c.column == "kelengkapan")
    items: list[str] = []
    for line, indent in zip(cell.lines, cell.indents, strict=True):
        if indent and items:
            items[-1] += " " + line
        else:
            items.append(line)
    return items


def test_an_optional_input_is_printed_with_jika_ada_and_a_required_one_as_written() -> None:
    assert kelengkapan(1) == ["1) Surat Permohonan", "2) Rekomendasi Bidang (jika ada)"]
    assert kelengkapan(2) == ["Dokumen Pendukung (jika ada)"]


def test_the_pdf_prints_jika_ada_after_the_optional_input_only() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(loads(SOP))))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages[1:]).split())

    assert "Rekomendasi Bidang (jika ada)" in text
    assert "Dokumen Pendukung (jika ada)" in text
    assert "Surat Permohonan (jika ada)" not in text
    assert "Surat Permohonan" in text


def test_a_conditional_input_is_printed_with_its_condition_in_the_table_and_the_pdf() -> None:
    chart = chart_layout(CONDITIONAL)
    row = next(r for page in chart.pages for r in page.rows if r.step == 1)
    cell = " ".join(next(c for c in row.cells if c.column == "kelengkapan").lines)
    assert "3) Surat Kuasa (bila diajukan oleh kuasa)" in " ".join(cell.split())

    reader = pypdf.PdfReader(io.BytesIO(render_pdf(CONDITIONAL)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages[1:]).split())
    assert "Surat Kuasa (bila diajukan oleh kuasa)" in text
    assert "Surat Permohonan (bila" not in text
