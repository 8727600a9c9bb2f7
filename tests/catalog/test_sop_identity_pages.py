"""An SOP whose identity leaves out the government, the office and the signer's position: its
page and its settings page show the dash for each, never "None"."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.test import Client

from alur.catalog.models import Sop

Clients = Callable[[str], Client]


def _without_office_and_position(sop: Sop) -> None:
    version = sop.versions.get(number=1)
    text = version.definition
    for line in (
        "  pemerintah: Pemerintah Kabupaten Sumbawa\n",
        "  instansi: Dinas Komunikasi Informatika Statistik dan Persandian\n",
        "    jabatan: Kepala Dinas Komunikasi Informatika Statistik dan Persandian\n",
    ):
        assert line in text
        text = text.replace(line, "", 1)
    version.definition = text
    version.checksum = hashlib.sha256(text.encode()).hexdigest()
    version.save(update_fields=["definition", "checksum"])


def test_the_sop_page_shows_the_dash_for_an_empty_government_office_and_position(
    client_for: Clients, sop5: Sop
) -> None:
    _without_office_and_position(sop5)

    page = client_for("admin.sumbawa").get(f"/sop/{sop5.pk}/").content.decode()

    assert "<dt>Pemerintah</dt><dd>—</dd>" in page
    assert "<dt>Instansi</dt><dd>—</dd>" in page
    assert "<dt>Disahkan oleh</dt><dd>—</dd>" in page
    assert "None" not in page


def test_the_version_settings_page_shows_the_dash_for_an_empty_position(
    client_for: Clients, sop5: Sop
) -> None:
    _without_office_and_position(sop5)

    page = client_for("admin.sumbawa").get(f"/pengaturan/sop/{sop5.pk}/versi/1/").content.decode()

    assert "<dt>Penanda tangan (identitas)</dt><dd>—</dd>" in page
    assert "None" not in page
