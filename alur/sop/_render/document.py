"""The whole SOP-AP document as HTML (identity page, then the chart pages) and as PDF.

The labels are the printed form's own, in Indonesian: the document is the official form, the
same in any interface language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from babel.dates import format_date

from alur.sop._definition.model import ReferenceKind, RelatedSop, Sop
from alur.sop._render.svg import chart_svg_pages

CSS = """
@page { size: A4 landscape; margin: 10mm;
  @bottom-right { content: "Halaman " counter(page) " dari " counter(pages);
                  font: 7pt "DejaVu Sans", Verdana, sans-serif; color: #444; } }
.sop-ap { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 7.5pt; color: #111;
  line-height: 1.25; }
.sop-ap table { border-collapse: collapse; width: 100%; }
.sop-ap td, .sop-ap th { border: 0.8px solid #555; padding: 2px 5px; vertical-align: top; }
.sop-ap .kop { text-align: center; font-weight: bold; font-size: 10pt; vertical-align: middle;
  width: 36%; text-transform: uppercase; line-height: 1.5; }
.sop-ap .label { width: 17%; font-weight: bold; }
.sop-ap .ttd { height: 12mm; }
.sop-ap .nama-pejabat { font-weight: bold; }
.sop-ap .daftar th { background: #eef1f5; text-align: left; width: 50%; }
.sop-ap .daftar ol { margin: 0; padding-left: 1.6em; }
.sop-ap .daftar td { font-size: 6.8pt; }
.sop-ap .identitas-daftar { margin-top: 3mm; }
.sop-ap .kosong { color: #666; }
.sop-ap .tautan { color: #333; word-break: break-all; }
.sop-ap .bagan, .sop-ap .penjelasan { break-before: page; }
.sop-ap .bagan svg { display: block; width: 277mm; height: 189mm; }
"""


BLANK = "." * 40
"""Printed where the signer's name or NIP is not in the file, to be written in by hand."""


@dataclass(frozen=True)
class SopDocument:
    """The SOP-AP document: ``css`` for ``@page`` and the form, ``body`` the markup."""

    title: str
    css: str
    body: str

    def html(self) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(self.title)}</title>\n<style>{self.css}</style>\n</head>\n"
            f"<body>\n{self.body}\n</body>\n</html>\n"
        )


def render_document(sop: Sop) -> SopDocument:
    """The identity page and the chart pages of ``sop``."""
    pages = "\n".join(
        f'<section class="bagan" id="bagan-{n}">\n{svg}\n</section>'
        for n, svg in enumerate(chart_svg_pages(sop), start=1)
    )
    body = f'<article class="sop-ap">\n{_identity(sop)}\n{pages}\n{_explanations(sop)}</article>'
    return SopDocument(title=f"SOP {sop.identitas.nama}", css=CSS, body=body)


def render_html(sop: Sop) -> str:
    """The document as one standalone HTML page."""
    return render_document(sop).html()


def render_pdf(sop: Sop) -> bytes:
    """The document as PDF, A4 landscape, through WeasyPrint."""
    import weasyprint  # imported here: loading it takes a second and only this needs it

    pdf: bytes = weasyprint.HTML(string=render_html(sop)).write_pdf()
    return pdf


def _date(day: dt.date | None) -> str:
    return "" if day is None else format_date(day, "d MMMM y", locale="id")


EMPTY = '<span class="kosong">—</span>'
"""Printed for a field or list the file leaves empty."""


def _or_empty(value: str | None) -> str:
    return escape(value) if value else EMPTY


def _list(items: list[str]) -> str:
    if not items:
        return EMPTY
    return "<ol>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ol>"


def _identity(sop: Sop) -> str:
    ident = sop.identitas
    signer = ident.disahkan_oleh
    kop = "<br>".join(
        [_or_empty(ident.pemerintah), _or_empty(ident.instansi)]
        + ([escape(ident.unit)] if ident.unit else [])
    )
    fields = [
        ("Nomor SOP", escape(ident.nomor or "")),
        ("Tanggal Pembuatan", _date(ident.tanggal_pembuatan)),
        ("Tanggal Revisi", _date(ident.tanggal_revisi)),
        ("Tanggal Efektif", _date(ident.tanggal_efektif)),
        (
            "Disahkan oleh",
            f"{_or_empty(signer.jabatan)}"
            '<div class="ttd"></div>'
            f'<div class="nama-pejabat">{escape(signer.nama or BLANK)}</div>'
            + (f"<div>{escape(signer.pangkat)}</div>" if signer.pangkat else "")
            + f"<div>NIP. {escape(signer.nip or BLANK)}</div>",
        ),
        ("Nama SOP", f"<strong>{escape(ident.nama)}</strong>"),
    ]
    rows = [
        f"<tr>{'' if i else f'<td class=kop rowspan={len(fields)}>{kop}</td>'}"
        f'<td class="label">{label}</td><td>{value}</td></tr>'
        for i, (label, value) in enumerate(fields)
    ]
    related = [r.nama if isinstance(r, RelatedSop) else r for r in ident.keterkaitan]
    pairs = [
        ("Dasar Hukum", ident.dasar_hukum, "Kualifikasi Pelaksana", ident.kualifikasi_pelaksana),
        ("Keterkaitan", related, "Peralatan/Perlengkapan", ident.peralatan),
        ("Peringatan", ident.peringatan, "Pencatatan dan Pendataan", ident.pencatatan),
    ]
    lists = []
    for left, left_items, right, right_items in pairs:
        lists.append(f"<tr><th>{left}</th><th>{right}</th></tr>")
        lists.append(f"<tr><td>{_list(left_items)}</td><td>{_list(right_items)}</td></tr>")
    lists += _references(sop)
    return (
        '<section class="identitas" id="identitas-sop">\n'
        f'<table class="kepala">{"".join(rows)}</table>\n'
        f'<table class="daftar identitas-daftar">{"".join(lists)}</table>\n'
        "</section>"
    )


REFERENCE_KINDS = {
    ReferenceKind.PERATURAN: "Peraturan",
    ReferenceKind.DAFTAR: "Daftar periksa",
    ReferenceKind.FORMULIR: "Templat formulir",
}
"""How the identity page names a reference's kind; 'lainnya' is printed without one."""


def _references(sop: Sop) -> list[str]:
    """Dokumen Rujukan, across the two columns, after the other lists; only when there are
    some, so the identity page of an SOP without references is the form as it always was."""
    if not sop.rujukan:
        return []
    items = []
    for reference in sop.rujukan:
        kind = REFERENCE_KINDS.get(reference.jenis)
        item = escape(reference.nama) + (f" ({kind})" if kind else "")
        if reference.keterangan:
            item += f" — {escape(reference.keterangan)}"
        if reference.tautan:
            item += f'<br><span class="tautan">{escape(reference.tautan)}</span>'
        items.append(f"<li>{item}</li>")
    return [
        '<tr><th colspan="2">Dokumen Rujukan</th></tr>',
        f'<tr><td colspan="2" id="dokumen-rujukan"><ol>{"".join(items)}</ol></td></tr>',
    ]


def _explanations(sop: Sop) -> str:
    """Penjelasan, printed after the chart so the identity block keeps to one page."""
    if not sop.identitas.penjelasan:
        return ""
    return (
        '<section class="penjelasan" id="penjelasan-sop">\n'
        '<table class="daftar"><tr><th>Penjelasan</th></tr>'
        f"<tr><td>{_list(sop.identitas.penjelasan)}</td></tr></table>\n</section>\n"
    )
