"""The office's letterhead is edited in the admin, in Indonesian; letters are only read there."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from alur.letters.models import Letterhead


def test_the_letterhead_form_speaks_indonesian(admin_client: Client, demo) -> None:
    response = admin_client.get(reverse("admin:letters_letterhead_add"))

    html = response.content.decode()
    assert response.status_code == 200
    for label in (
        "Tambahkan kop surat",
        "Baris pemerintah daerah",
        "Pola nomor surat",
        "Kode klasifikasi berita acara",
        "NIP kepala dinas",
        "Kepala Dinas (penanda tangan)",
    ):
        assert label in html, label


def test_an_office_saves_its_letterhead_in_the_admin(admin_client: Client, demo) -> None:
    Letterhead.objects.filter(office=demo.batam).delete()  # the demo's own
    response = admin_client.post(
        reverse("admin:letters_letterhead_add"),
        {
            "office": demo.batam.pk,
            "government": "Pemerintah Kota Batam",
            "name": "Dinas Komunikasi dan Informatika",
            "number_pattern": "{klasifikasi}/{seq:03d}/{unit}/{year}",
            "unit_code": "KOMINFO",
            "reply_classification": "500.12.2.3",
            "minutes_classification": "000.5.2",
            "head_name": "Rudi Sakyakirti",
        },
    )

    assert response.status_code == 302
    saved = Letterhead.objects.get(office=demo.batam)
    assert (saved.number_pattern, saved.head_name) == (
        "{klasifikasi}/{seq:03d}/{unit}/{year}",
        "Rudi Sakyakirti",
    )
