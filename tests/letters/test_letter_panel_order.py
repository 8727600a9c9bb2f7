"""The letter panel in the step's panel, in the order the work is done: the letter is composed
("Susun PDF") before the step is completed; its errors stand next to their fields in the app's
error style; every ``aria-describedby`` names an element that is on the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from casekit import WITA, Desk
from django.test import Client
from django.urls import reverse
from letterkit import sop5_at_step_2

IDS = re.compile(r'\sid="([^"]+)"')
DESCRIBED_BY = re.compile(r'aria-describedby="([^"]*)"')


def _client(people, username: str) -> Client:
    client = Client()
    client.force_login(people.people[username])
    return client


@pytest.fixture
def sumbawa_desk(letterheads) -> Desk:
    return Desk(letterheads.people, dt.datetime.now(WITA) - dt.timedelta(hours=1))


def _dangling(html: str) -> list[str]:
    """The ids that an ``aria-describedby`` names and no element of ``html`` has."""
    ids = set(IDS.findall(html))
    named = [name for value in DESCRIBED_BY.findall(html) for name in value.split()]
    return [name for name in named if name not in ids]


def test_the_letter_is_composed_above_the_form_that_completes_the_step(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)

    page = _client(letterheads, "kadis.sumbawa").get(reverse("case_detail", args=[case.pk]))

    html = page.content.decode()
    assert html.index('id="susun-surat-2"') < html.index('id="selesaikan"')
    assert html.index('id="catat-srikandi-2"') < html.index('id="selesaikan"')
    assert _dangling(html) == []


def test_completing_without_the_letter_says_to_compose_it_with_susun_pdf(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)

    response = _client(letterheads, "kadis.sumbawa").post(
        reverse("case_act", args=[case.pk, 2]), {"version": case.version, "note": "Segera"}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert (
        '<li>Disposisi Dinas dapat disusun dengan tombol "Susun PDF" pada panel surat langkah '
        "ini, lalu selesaikan langkah.</li>"
    ) in html.replace("&quot;", '"')
    assert _dangling(html) == []


def test_letter_errors_stand_next_to_their_fields_in_the_error_style(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)

    response = _client(letterheads, "kadis.sumbawa").post(
        reverse("letter_generate", args=[case.pk, 2]),
        {"surat2-nomor_surat": "", "surat2-sifat": "segera"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert re.search(
        r'id="id_surat2-nomor_surat"[^>]*aria-describedby="id_surat2-nomor_surat_error"', html
    ) or re.search(
        r'aria-describedby="id_surat2-nomor_surat_error"[^>]*id="id_surat2-nomor_surat"', html
    )
    assert (
        '<div id="id_surat2-nomor_surat_error"><p class="field-message error" role="alert">'
        "Bidang ini tidak boleh kosong.</p></div>"
    ) in html
    assert _dangling(html) == []
