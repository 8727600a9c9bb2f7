"""Documents: typed from their content, limited in size, stored under their hash, never
overwritten; a refused upload keeps nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from casekit import LETTER, SOP2_DOCS, WITA, Desk, pdf_bytes, snapshot_of, sop2_opened, sop5_opened

from alur.cases import services
from alur.cases.documents import size_text, sniff_type
from alur.cases.models import Case, Document, Event

AT = dt.datetime(2026, 3, 2, 10, 0, tzinfo=WITA)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n"


@pytest.fixture
def case(demo, desk: Desk) -> Case:
    """Bappeda's SOP 5 request, running."""
    return sop5_opened(desk, demo.sumbawa)


def _add(demo, case: Case, content: bytes, filename: str, name: str = "Lampiran") -> Document:
    return services.document_add(
        case=case,
        name=name,
        upload=io.BytesIO(content),
        filename=filename,
        actor=demo.people["opd.bappeda"],
        at=AT,
    )


def _on_disk(settings, document: Document) -> bytes:
    return (Path(settings.MEDIA_ROOT) / document.file.name).read_bytes()


def test_a_document_records_its_hash_size_type_and_place(demo, case, settings) -> None:
    content = pdf_bytes("rencana anggaran")

    document = _add(demo, case, content, "RAB 2026.pdf")

    digest = hashlib.sha256(content).hexdigest()
    assert (document.name, document.version, document.original_name) == (
        "Lampiran",
        1,
        "RAB 2026.pdf",
    )
    assert (document.sha256, document.size, document.content_type) == (
        digest,
        len(content),
        "application/pdf",
    )
    assert (document.step, document.uploaded_by.username, document.uploaded_at) == (
        None,
        "opd.bappeda",
        AT,
    )
    assert document.file.name == f"dokumen/{demo.sumbawa.pk}/{case.pk}/{digest}"
    assert _on_disk(settings, document) == content
    added = Event.objects.filter(case=case).last()
    assert (added.kind, added.actor, added.data) == (
        "document.added",
        demo.people["opd.bappeda"],
        {
            "name": "Lampiran",
            "version": 1,
            "sha256": digest,
            "size": len(content),
            "type": "application/pdf",
        },
    )


def test_the_stored_path_never_takes_the_uploaders_name_or_directories(demo, case) -> None:
    content = b"root:x:0:0:root:/root:/bin/bash\n"

    document = _add(demo, case, content, "../../etc/passwd")

    assert document.original_name == "passwd"
    assert document.file.name == (
        f"dokumen/{demo.sumbawa.pk}/{case.pk}/{hashlib.sha256(content).hexdigest()}"
    )


def test_a_windows_path_keeps_only_the_file_name(demo, case) -> None:
    document = _add(demo, case, b"catatan\n", "C:\\Users\\rina\\Desktop\\catatan.txt")

    assert document.original_name == "catatan.txt"


def test_a_second_upload_of_a_name_is_version_2_and_version_1_is_untouched(
    demo, case, settings
) -> None:
    first = _add(demo, case, pdf_bytes("draf pertama"), "surat.pdf", name="Surat")

    second = _add(demo, case, pdf_bytes("draf kedua"), "surat.pdf", name="Surat")

    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name
    first.refresh_from_db()
    assert _on_disk(settings, first) == pdf_bytes("draf pertama")
    assert _on_disk(settings, second) == pdf_bytes("draf kedua")
    assert list(
        Document.objects.filter(case=case, name="Surat").values_list("version", "sha256")
    ) == [
        (2, hashlib.sha256(pdf_bytes("draf kedua")).hexdigest()),
        (1, hashlib.sha256(pdf_bytes("draf pertama")).hexdigest()),
    ]


def test_the_same_bytes_twice_are_two_versions_sharing_one_file(demo, case, settings) -> None:
    first = _add(demo, case, pdf_bytes("sama"), "a.pdf", name="Surat")

    second = _add(demo, case, pdf_bytes("sama"), "b.pdf", name="Surat")

    assert (first.version, second.version) == (1, 2)
    assert first.file.name == second.file.name
    folder = Path(settings.MEDIA_ROOT) / f"dokumen/{demo.sumbawa.pk}/{case.pk}"
    assert {path.name for path in folder.iterdir()} == {
        hashlib.sha256(pdf_bytes(LETTER)).hexdigest(),  # the request's letter
        hashlib.sha256(pdf_bytes("sama")).hexdigest(),
    }


# --- types, read from the content ---------------------------------------------------------------


def test_a_pdf_named_exe_is_accepted_as_a_pdf(demo, case) -> None:
    document = _add(demo, case, pdf_bytes("surat"), "surat.exe")

    assert (document.content_type, document.original_name) == ("application/pdf", "surat.exe")


def test_a_text_file_named_pdf_is_stored_as_plain_text(demo, case) -> None:
    document = _add(demo, case, b"Catatan rapat: setuju.\n", "notulen.pdf")

    assert document.content_type == "text/plain"


def test_a_long_text_is_text_even_where_the_sample_cuts_a_character(demo, case) -> None:
    """The type is read from the first 8 KB; here they end inside the second of two "…"."""
    content = b"Notulen rapat. " * 545 + b"Sekian dulu. " + "……".encode() + b" Besok lagi.\n"
    assert content[8188:8192] == "…".encode() + "…".encode()[:1]

    assert _add(demo, case, content, "notulen.txt").content_type == "text/plain"


@pytest.mark.parametrize(
    ("content", "filename", "shown"),
    [
        (ELF, "laporan.pdf", "application/x-executable"),
        (b"MZ\x90\x00\x03" + b"\x00" * 59, "setup.pdf", "application/x-msdownload"),
        (HTML, "laporan.txt", "text/html"),
        (b"  <html><body>hai</body></html>", "laporan.txt", "text/html"),
        (b"\xef\xbb\xbf<script>alert(1)</script>", "x.txt", "text/html"),
        (b'<?xml version="1.0"?><svg onload="alert(1)"/>', "gambar.png", "text/xml"),
        (b"\x00\x01\x02\x03\xff\xfe\x00", "data.pdf", "tidak dikenal"),
    ],
)
def test_it_refuses_a_type_it_does_not_accept_and_keeps_nothing(
    demo, case, content, filename, shown
) -> None:
    before = snapshot_of(case)

    with pytest.raises(services.Invalid) as refused:
        _add(demo, case, content, filename)

    assert refused.value.message == (
        f"Jenis berkas {filename} ({shown}) tidak diterima. Yang diterima: PDF, gambar "
        "PNG/JPEG, ZIP, dokumen Word/Excel/ODT, atau teks."
    )
    assert snapshot_of(case) == before


def test_it_refuses_an_empty_file(demo, case) -> None:
    before = snapshot_of(case)

    with pytest.raises(services.Invalid) as refused:
        _add(demo, case, b"", "kosong.pdf")

    assert refused.value.message == "Berkas kosong.pdf kosong."
    assert snapshot_of(case) == before


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"<p>Catatan</p>", "text/html"),
        (b"<!-- komentar -->", "text/html"),
        (b"<b>tebal</b>", "text/html"),
        (b"<br>", "text/html"),
        (b"<bukan tag html", "text/plain"),  # "<b" must end the tag name
        (b"a < b dan b > c", "text/plain"),
        (b"Naskah dinas ditandatangani", "text/plain"),
        ("Salam — é".encode()[:-1], "text/plain"),  # a character cut at the sample's end
    ],
)
def test_sniffing_tells_markup_from_plain_text(head, expected) -> None:
    assert sniff_type(head) == expected


# --- size -----------------------------------------------------------------------------------------


def test_it_refuses_a_file_over_the_limit_saying_the_limit(demo, case, settings) -> None:
    settings.ALUR_UPLOAD_MAX_BYTES = 1536
    before = snapshot_of(case)

    with pytest.raises(services.Invalid) as refused:
        _add(demo, case, pdf_bytes("x" * 1500), "/tmp/Laporan Besar.pdf")  # noqa: S108

    assert refused.value.message == "Berkas Laporan Besar.pdf terlalu besar: batasnya 1,5 KB."
    assert snapshot_of(case) == before


def test_a_file_of_exactly_the_limit_is_accepted(demo, case, settings) -> None:
    content = pdf_bytes("pas")
    settings.ALUR_UPLOAD_MAX_BYTES = len(content)

    assert _add(demo, case, content, "pas.pdf").size == len(content)


def test_an_oversized_upload_sent_with_a_step_is_refused_with_nothing_kept(
    demo, desk, settings
) -> None:
    case = sop2_opened(desk, demo.batam)
    settings.ALUR_UPLOAD_MAX_BYTES = 20
    before = snapshot_of(case)

    with pytest.raises(services.Invalid) as refused:
        desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])

    assert refused.value.message == "Berkas berkas-0.pdf terlalu besar: batasnya 20 bita."
    assert snapshot_of(case) == before


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (20 * 1024 * 1024, "20 MB"),
        (1536 * 1024, "1,5 MB"),
        (512 * 1024, "512 KB"),
        (1024, "1 KB"),
        (900, "900 bita"),
    ],
)
def test_sizes_read_as_people_write_them(size, text) -> None:
    assert size_text(size) == text


# --- who may add ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["opd.dikbud", "kadis.batam"])
def test_it_refuses_a_document_from_someone_who_cannot_see_the_case(demo, case, who) -> None:
    before = snapshot_of(case)

    with pytest.raises(services.NotAllowed) as refused:
        services.document_add(
            case=case,
            name="Lampiran",
            upload=io.BytesIO(pdf_bytes("x")),
            filename="x.pdf",
            actor=demo.people[who],
            at=AT,
        )

    assert refused.value.message == "Anda tidak dapat melihat permohonan ini."
    assert snapshot_of(case) == before


def test_it_refuses_a_document_for_an_ended_case(demo, desk) -> None:
    case = sop2_opened(desk, demo.batam)
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])
    desk.act(case, 3, "kabid.pe", decision="tidak", note="Belum ada rekomendasi.")
    before = snapshot_of(case)

    with pytest.raises(services.Invalid) as refused:
        services.document_add(
            case=case,
            name="Rekomendasi",
            upload=io.BytesIO(pdf_bytes("rekomendasi")),
            filename="rekomendasi.pdf",
            actor=demo.people["opd.disdukcapil"],
            at=AT,
        )

    assert refused.value.message == "Permohonan ini sudah berakhir; dokumen tidak dapat ditambah."
    assert snapshot_of(case) == before
