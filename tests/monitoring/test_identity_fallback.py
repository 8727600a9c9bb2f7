"""An SOP whose identity leaves out the government: the monitoring form and the case timeline
show a dash or the office alone, never "None"."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from alur.catalog.models import SopVersion
from alur.sop import loads

SOP = """\
format: 1
kode: uji-identitas
identitas:
  nama: Uji Identitas
  disahkan_oleh: {nama: Budi Santoso}
pelaksana:
  - {id: staf, nama: Staf}
langkah:
  - {no: 1, jenis: mulai, uraian: Mengajukan permohonan, pelaksana: staf}
  - {no: 2, jenis: selesai, uraian: Menyelesaikan permohonan, pelaksana: staf}
"""


def test_the_monitoring_form_prints_a_dash_for_an_empty_government() -> None:
    context = {
        "record": SimpleNamespace(version=1, signed=True),
        "rows": [],
        "identity": loads(SOP).identitas,
        "office": SimpleNamespace(name="Dinas Uji"),
        "period": "Semester I 2026",
    }

    html = render_to_string("monitoring/form_pdf.html", context)

    assert "<td>: —</td>" in html
    assert "None" not in html


def _without_government(version: SopVersion) -> None:
    line = "  pemerintah: Pemerintah Kabupaten Sumbawa\n"
    assert line in version.definition
    version.definition = version.definition.replace(line, "", 1)
    version.checksum = hashlib.sha256(version.definition.encode()).hexdigest()
    version.save(update_fields=["definition", "checksum"])


def test_the_timeline_names_the_office_alone_when_the_government_is_empty(
    half_year: SimpleNamespace,
) -> None:
    _without_government(half_year.stopped.sop_version)
    client = Client()
    client.force_login(half_year.people["kadis.sumbawa"])

    html = client.get(reverse("case_timeline", args=[half_year.stopped.pk])).content.decode()

    office = half_year.stopped.office.name
    assert f'<p class="eyebrow">{office}</p>' in html
    assert "None" not in html
