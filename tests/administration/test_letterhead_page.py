"""The letterhead page: its lines, the head of office who signs, the numbering and the logo;
a preview letter under it; each change saved whole and logged, each mistake next to its field."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from alur.letters.models import Letterhead
from alur.offices.models import SettingChange
from tests.administration.images import png_bytes

VALID = {
    "government": "Pemerintah Kota Batam",
    "name": "Dinas Komunikasi dan Informatika",
    "address": "Jl. Engku Putri No. 1, Batam Centre",
    "contact": "Telp. (0778) 462050",
    "head_name": "Rina Kartika, S.Kom., M.T.",
    "head_position": "Kepala Dinas Komunikasi dan Informatika",
    "head_rank": "Pembina Utama Muda (IV/c)",
    "head_nip": "197505052000032001",
    "number_pattern": "{klasifikasi}/{seq:03d}/{unit}/{year}",
    "unit_code": "KOMINFO",
    "reply_classification": "500.12.2.3",
    "minutes_classification": "000.5.2",
}
SVG_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">'
    b'<script>alert(2)</script><circle cx="5" cy="5" r="4" fill="#036"/></svg>'
)


def _post(client: Client, logo: SimpleUploadedFile | None = None, **changes: Any) -> Any:
    data: dict[str, Any] = {**VALID, **changes}
    if logo is not None:
        data["logo_file"] = logo
    return client.post("/pengaturan/kop-surat/", data)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def test_the_demo_letterhead_names_its_signer(demo: SimpleNamespace, admin_batam: Client) -> None:
    html = admin_batam.get("/pengaturan/kop-surat/").content.decode()

    assert 'value="Kepala Dinas Kominfo Batam"' in html
    assert 'id="kop-belum-lengkap"' in html  # no logo yet


def test_an_administrator_sets_the_signer_and_a_png_logo(
    demo: SimpleNamespace, admin_batam: Client
) -> None:
    png = png_bytes()

    response = _post(admin_batam, SimpleUploadedFile("logo.png", png, "image/png"))

    assert response.status_code == 302
    saved = Letterhead.objects.get(office=demo.batam)
    assert (saved.head_name, saved.head_nip, saved.logo_type) == (
        "Rina Kartika, S.Kom., M.T.",
        "197505052000032001",
        "image/png",
    )
    with saved.logo.open("rb") as stored:
        assert stored.read() == png
    change = SettingChange.objects.get()
    assert (change.subject, change.action, change.actor) == (
        "Kop surat",
        "diubah",
        demo.people["admin.batam"],
    )
    assert change.before["head_name"] == "Kepala Dinas Kominfo Batam"
    assert change.after["head_name"] == "Rina Kartika, S.Kom., M.T."
    assert change.before["logo_sha256"] == ""
    assert len(change.after["logo_sha256"]) == 64
    page = admin_batam.get("/pengaturan/kop-surat/").content.decode()
    assert 'src="data:image/png;base64,' in page
    assert 'id="kop-belum-lengkap"' not in page


def test_an_svg_logo_is_stored_without_what_could_run(
    demo: SimpleNamespace, admin_batam: Client
) -> None:
    _post(admin_batam, SimpleUploadedFile("logo.svg", SVG_LOGO, "image/svg+xml"))

    saved = Letterhead.objects.get(office=demo.batam)
    with saved.logo.open("rb") as stored:
        data = stored.read()
    assert saved.logo_type == "image/svg+xml"
    assert b"<circle" in data
    assert b"script" not in data
    assert b"onload" not in data


def test_the_logo_is_removed_on_request(demo: SimpleNamespace, admin_batam: Client) -> None:
    _post(admin_batam, SimpleUploadedFile("logo.png", png_bytes(), "image/png"))

    _post(admin_batam, logo_remove="on")

    saved = Letterhead.objects.get(office=demo.batam)
    assert (saved.logo.name, saved.logo_sha256, saved.logo_type) == ("", "", "")


@pytest.mark.parametrize(
    ("changes", "logo", "field", "message"),
    [
        ({}, ("logo.png", b"\x89PNG\r\n\x1a\nrusak"), "logo_file", "Berkas PNG rusak"),
        ({}, ("logo.gif", b"GIF89a\x01\x00"), "logo_file", "Logo harus berupa berkas PNG"),
        ({}, ("logo.svg", b"<svg><rect></svg>"), "logo_file", "XML rusak"),
        ({"head_nip": "19750505"}, None, "head_nip", "NIP terdiri atas 18 angka."),
        ({"number_pattern": "{nomor}/{year}"}, None, "number_pattern", "tidak dapat dipakai"),
        ({"number_pattern": "{klasifikasi}/{year}"}, None, "number_pattern", "memuat {seq}"),
        ({"name": ""}, None, "name", "wajib"),
    ],
)
def test_a_mistake_is_named_next_to_its_field_and_nothing_is_saved(
    demo: SimpleNamespace,
    admin_batam: Client,
    changes: dict[str, str],
    logo: tuple[str, bytes] | None,
    field: str,
    message: str,
) -> None:
    upload = SimpleUploadedFile(logo[0], logo[1]) if logo else None

    response = _post(admin_batam, upload, **changes)

    html = response.content.decode()
    assert response.status_code == 422
    start = html.index(f'id="bidang-{field}"')
    assert message.lower() in html[start : html.index("</div>", start)].lower()
    saved = Letterhead.objects.get(office=demo.batam)
    assert (saved.head_name, saved.logo.name) == ("Kepala Dinas Kominfo Batam", "")
    assert not SettingChange.objects.exists()


def test_the_preview_is_a_letter_under_the_letterhead_with_its_signer(
    demo: SimpleNamespace, admin_batam: Client
) -> None:
    _post(admin_batam, SimpleUploadedFile("logo.png", png_bytes((40, 40)), "image/png"))

    response = admin_batam.get("/pengaturan/kop-surat/contoh.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "DINAS KOMUNIKASI DAN INFORMATIKA" in text
    assert "Rina Kartika, S.Kom., M.T." in text
    assert "NIP 197505052000032001" in text
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages[0].images) == 1


def test_an_office_without_a_letterhead_saves_its_first(
    demo: SimpleNamespace, admin_batam: Client
) -> None:
    Letterhead.objects.filter(office=demo.batam).delete()

    response = _post(admin_batam)

    assert response.status_code == 302
    assert Letterhead.objects.get(office=demo.batam).head_name == "Rina Kartika, S.Kom., M.T."
    change = SettingChange.objects.get()
    assert (change.action, change.before) == ("dibuat", {})


def test_a_logo_changed_in_storage_is_not_printed_and_is_said(
    demo: SimpleNamespace, admin_batam: Client
) -> None:
    _post(admin_batam, SimpleUploadedFile("logo.png", png_bytes(), "image/png"))
    saved = Letterhead.objects.get(office=demo.batam)
    Path(saved.logo.path).write_bytes(png_bytes((9, 9)))

    response = admin_batam.get("/pengaturan/kop-surat/contoh.pdf", follow=True)

    assert response.redirect_chain == [("/pengaturan/kop-surat/", 302)]
    assert "SHA-256 tidak cocok" in response.content.decode()
    assert 'id="logo-sekarang"' not in response.content.decode()
