"""The letter panel in the case page's action panel: shown to the person acting on the step,
drafting through htmx, errors in the panel, SRIKANDI references with an upload."""

from __future__ import annotations

import datetime as dt

import pytest
from casekit import WITA, Desk, snapshot_of
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from letterkit import letter_counts, sop5_at_step_2

from alur.cases.models import Document
from alur.letters.models import SrikandiReference

SIGNED = b"%PDF-1.4\n% ditandatangani\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(people, username: str) -> Client:
    client = Client()
    client.force_login(people.people[username])
    return client


@pytest.fixture
def sumbawa_desk(letterheads) -> Desk:
    """The pages act now, on a request the desk opened an hour before."""
    return Desk(letterheads.people, dt.datetime.now(WITA) - dt.timedelta(hours=1))


def _today() -> dt.date:
    return dt.datetime.now(WITA).date()


def _fields(case, **changes):
    values = {
        "surat2-nomor_surat": "050/123/BAPPEDA/2026",
        "surat2-tanggal_surat": f"{_today() - dt.timedelta(days=3)}",
        "surat2-nomor_agenda": case.number,
        "surat2-sifat": "segera",
        "surat2-diteruskan_kepada": "Kepala Bidang TI",
        "surat2-instruksi": ["proses"],
        "surat2-catatan": "",
        "surat2-instruksi_lain": "",
        "surat2-tanggal_penyelesaian": "",
    }
    return {**values, **changes}


def test_the_kadis_sees_the_disposition_form_filled_from_the_record(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)

    html = _client(letterheads, "kadis.sumbawa").get(reverse("case_detail", args=[case.pk]))

    page = html.content.decode()
    assert html.status_code == 200
    assert 'id="surat-2" class="letter-panel" data-letter="disposisi" data-step="2"' in page
    assert f'name="surat2-nomor_agenda" value="{case.number}"' in page
    assert 'id="id_surat2-diteruskan_kepada">\nKepala Bidang TI</textarea>' in page
    assert f'hx-post="{reverse("letter_generate", args=[case.pk, 2])}"' in page


def test_the_requester_sees_no_letter_panel(sumbawa_desk, letterheads) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)

    html = _client(letterheads, "opd.bappeda").get(reverse("case_detail", args=[case.pk]))

    assert html.status_code == 200
    assert 'class="letter-panel"' not in html.content.decode()


def test_drafting_through_htmx_stores_the_pdf_and_reloads_the_page(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    client = _client(letterheads, "kadis.sumbawa")

    response = client.post(
        reverse("letter_generate", args=[case.pk, 2]), _fields(case), HTTP_HX_REQUEST="true"
    )

    assert (response.status_code, response["HX-Refresh"]) == (204, "true")
    [document] = Document.objects.filter(case=case, name="Disposisi Dinas")
    assert (document.version, document.generated, document.step) == (1, True, 2)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Lembar disposisi disusun dan disimpan sebagai Disposisi Dinas versi 1." in page
    assert '<li data-letter-version="1">' in page
    assert "Surat disusun: Disposisi Dinas (versi 1)" in page


def test_a_form_with_errors_comes_back_in_the_panel_and_stores_nothing(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    before = letter_counts()

    response = _client(letterheads, "kadis.sumbawa").post(
        reverse("letter_generate", args=[case.pk, 2]),
        _fields(case, **{"surat2-instruksi": [], "surat2-nomor_surat": ""}),
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert page.lstrip().startswith('<section id="surat-2"')
    assert "Pilih sekurang-kurangnya satu instruksi atau tulis instruksi lain." in page
    assert "Bidang ini tidak boleh kosong." in page
    assert letter_counts() == before
    assert not Document.objects.filter(case=case, name="Disposisi Dinas").exists()


@pytest.mark.parametrize(
    ("who", "status", "shown"),
    [
        ("kabid.ti", 403, "Langkah 2 dikerjakan oleh Kepala Dinas; Anda tidak memegang peran itu."),
        (
            "opd.bappeda",
            403,
            "Langkah 2 dikerjakan oleh Kepala Dinas; Anda tidak memegang peran itu.",
        ),
        ("opd.dikbud", 404, None),
        ("kadis.batam", 404, None),
    ],
)
@pytest.mark.parametrize("url", ["letter_generate", "letter_reference"])
def test_someone_not_on_the_step_is_refused_and_nothing_changes(
    sumbawa_desk, letterheads, who, status, shown, url
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    before = (snapshot_of(case), letter_counts())

    response = _client(letterheads, who).post(reverse(url, args=[case.pk, 2]), _fields(case))

    assert response.status_code == status
    page = response.content.decode()
    if shown is not None:
        assert shown in page
    assert case.number not in page
    assert (snapshot_of(case), letter_counts()) == before


def test_a_step_that_is_not_open_answers_why(sumbawa_desk, letterheads) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)

    response = _client(letterheads, "kabid.ti").post(
        reverse("letter_generate", args=[case.pk, 3]), _fields(case)
    )

    assert response.status_code == 422
    assert (
        "Langkah 3 tidak sedang terbuka; surat disusun pada langkah yang terbuka."
        in response.content.decode()
    )


def test_the_srikandi_reference_is_recorded_with_its_signed_pdf(sumbawa_desk, letterheads) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)

    response = _client(letterheads, "kadis.sumbawa").post(
        reverse("letter_reference", args=[case.pk, 2]),
        {
            "srikandi2-nomor": "000.1/77/DKIST/2026",
            "srikandi2-tanggal": f"{_today()}",
            "srikandi2-pengirim": "Kepala DKISP Sumbawa",
            "srikandi2-tautan": "SRK-2026-000777",
            "srikandi2-berkas": SimpleUploadedFile("disposisi-ttd.pdf", SIGNED),
        },
    )

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("case_detail", args=[case.pk]),
    )
    [reference] = SrikandiReference.objects.filter(case=case)
    assert (reference.number, reference.link, reference.document.name) == (
        "000.1/77/DKIST/2026",
        "SRK-2026-000777",
        "Disposisi Dinas",
    )
