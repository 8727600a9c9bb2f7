"""The SOP forms filled in on a case (Formulir PA.20 of SOP 3) are shown: in the row of the
visit where they were filled, in the auditor's timeline, and in the panel of the step whose
lane checks them."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client

from alur.cases import services
from alur.cases.models import Case
from tests.cases.casekit import SOP3

PA20 = {
    "nama_sistem": "SIMPUS",
    "opd_pemilik": "Dinas Kesehatan",
    "tujuan": "Pelayanan puskesmas",
    "url": "https://simpus.batam.go.id",
    "api_endpoint": ["https://simpus.batam.go.id/api/v1", "https://simpus.batam.go.id/api/v2"],
    "data_dipertukarkan": "Data kunjungan",
    "kontak_nama": "Budi",
    "kontak_email": "budi@batam.go.id",
    "jenis_sistem": "Aplikasi Khusus",
}


@pytest.fixture
def integration(demo: SimpleNamespace) -> Case:
    """An SOP 3 request of Dinkes Batam with its Formulir PA.20: step 2 waits for the
    Pranata Komputer."""
    return services.case_open(
        office=demo.batam,
        sop_code=SOP3,
        requester=demo.people["opd.dinkes"],
        title="Integrasi SIMPUS",
        data={"pa20": PA20},
    )


def _form_in(html: str) -> str:
    [shown] = re.findall(r'<div class="filled-form" data-form="pa20">.*?</dl>\n</div>', html, re.S)
    return shown


def _says_the_answers(shown: str) -> None:
    assert "<strong>Formulir PA.20 Sistem Elektronik</strong>" in shown
    assert "<dt>Nama sistem elektronik</dt><dd>SIMPUS</dd>" in shown
    assert (
        "<dt>API / endpoint</dt><dd>https://simpus.batam.go.id/api/v1; "
        "https://simpus.batam.go.id/api/v2</dd>"
    ) in shown
    assert "<dt>Jenis sistem</dt><dd>Aplikasi Khusus</dd>" in shown


def test_the_visit_where_the_form_was_filled_shows_its_answers(
    client_for: Callable[[str], Client], integration: Case
) -> None:
    html = client_for("opd.dinkes").get(f"/permohonan/{integration.pk}/").content.decode()

    row = html[
        html.index('id="kunjungan-1-1"') : html.index("</tr>", html.index('id="kunjungan-1-1"'))
    ]
    _says_the_answers(_form_in(row + "\n"))
    assert 'data-form="pa20"' not in html[html.index('id="kunjungan-2-1"') :]


def test_the_lane_that_checks_the_form_sees_it_in_its_panel(
    client_for: Callable[[str], Client], integration: Case
) -> None:
    html = client_for("dev.batam").get(f"/permohonan/{integration.pk}/").content.decode()

    panel = html[
        html.index('id="aksi-2"') : html.index("<form data-step=", html.index('id="aksi-2"'))
    ]
    assert '<div class="forms-to-check" id="formulir-diperiksa-2">' in panel
    _says_the_answers(_form_in(panel))


def test_the_timeline_shows_the_form_in_the_visit_that_filled_it(
    client_for: Callable[[str], Client], integration: Case
) -> None:
    html = client_for("kadis.batam").get(f"/permohonan/{integration.pk}/linimasa/")

    page = html.content.decode()
    assert html.status_code == 200
    row = page[page.index('<tr data-step="1" data-visit="1"') :]
    _says_the_answers(_form_in(row[: row.index("</tr>")] + "\n"))
