"""A member of the public never chooses a file twice: the files of a refused request form are
kept for their browser (a visitor's drafts, with no account yet), shown back and sent with the
form again; once filed, their returned step keeps them like anyone's. Another browser sees
none of them, a draft of a visitor lasts a day, and one address has only so many kept."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alur.cases import drafts
from alur.cases.models import Case, Document, StepDraft
from alur.cases.services import task_act
from alur.public import services
from alur.public.models import PublicRequest
from tests.public.conftest import AT, PAGE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("at_filing_day")]

LETTER = "Surat Permohonan"
LETTER_INPUT = "doc-0"  # the first step's one file: the letter (its form is filled on the page)


def _pdf(label: str) -> bytes:
    return b"%PDF-1.4\n% " + label.encode() + b"\n%%EOF\n"


def _letter(label: str = "surat") -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{label}.pdf", _pdf(label), "application/pdf")


def _request(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "applicant_kind": "warga",
        "applicant_name": "Siti Rahmawati",
        "applicant_id": "5204014506900001",
        "applicant_email": "siti@example.org",
        "title": "Rekomendasi menara",
        "form-permohonan-lokasi": "Desa Labuhan Badas",
        "form-permohonan-tanggal-bangun": "2026-04-01",
    }
    data.update(changes)
    return data


def _letter_input(version: Any) -> str:
    """The request page's file input of the letter (its documents' order is the SOP's)."""
    page = Client().get(PAGE).content.decode()
    assert f'name="{LETTER_INPUT}"' in page and f'data-document="{LETTER}"' in page
    return LETTER_INPUT


def test_a_refused_request_keeps_its_letter_and_sending_again_files_it(version) -> None:
    browser = Client()
    field = _letter_input(version)

    refused = browser.post(PAGE, _request(applicant_id="123", **{field: _letter("surat-siti")}))

    assert refused.status_code == 422
    page = refused.content.decode()
    assert "NIK harus 16 angka" in page
    assert "sudah diunggah" in page and "surat-siti.pdf" in page
    assert not Case.objects.exists()
    kept = StepDraft.objects.get()
    assert (kept.person, kept.name, kept.case, kept.sop_version) == (None, LETTER, None, version)
    assert kept.visitor and kept.path.startswith(f"draf/publik/{kept.visitor}/")
    # Nothing is a document of any case before the request is filed.
    assert not Document.objects.exists()

    filed = browser.post(PAGE, _request())

    assert filed.status_code == 302
    request = PublicRequest.objects.get()
    letter = Document.objects.get(case=request.case, name=LETTER)
    assert letter.sha256 == hashlib.sha256(_pdf("surat-siti")).hexdigest()
    assert letter.original_name == "surat-siti.pdf"
    assert not StepDraft.objects.exists()
    assert not default_storage.exists(kept.path)


def test_another_browser_sees_none_of_the_drafts(version) -> None:
    field = _letter_input(version)
    Client().post(PAGE, _request(applicant_id="123", **{field: _letter("surat-siti")}))
    assert StepDraft.objects.count() == 1

    other = Client()
    page = other.get(PAGE).content.decode()
    assert "surat-siti.pdf" not in page and "sudah diunggah" not in page
    # Without the letter, the other browser's request is refused for it, and files nothing.
    refused = other.post(PAGE, _request())
    assert refused.status_code == 422
    assert LETTER in refused.content.decode()
    assert not PublicRequest.objects.exists()


def test_a_new_file_replaces_the_draft_and_a_removed_draft_is_not_sent(version) -> None:
    browser = Client()
    field = _letter_input(version)
    browser.post(PAGE, _request(applicant_id="123", **{field: _letter("pertama")}))
    browser.post(PAGE, _request(applicant_id="456", **{field: _letter("kedua")}))

    kept = StepDraft.objects.get()
    assert kept.original_name == "kedua.pdf"
    assert kept.sha256 == hashlib.sha256(_pdf("kedua")).hexdigest()

    removed = browser.post(PAGE, _request(**{"hapus-doc-0": "1"}))

    assert removed.status_code == 422  # the letter is required, and was removed
    assert not StepDraft.objects.exists()
    assert not PublicRequest.objects.exists()


def test_one_address_has_only_so_many_refused_forms_kept(version) -> None:
    browser = Client(REMOTE_ADDR="203.0.113.60")
    field = _letter_input(version)
    for turn in range(services.DRAFT_LIMIT.times):
        answer = browser.post(PAGE, _request(applicant_id="1", **{field: _letter(f"s{turn}")}))
        assert "sudah diunggah" in answer.content.decode()

    beyond = browser.post(PAGE, _request(applicant_id="1", **{field: _letter("lagi")}))

    assert beyond.status_code == 422
    assert "lagi.pdf" not in beyond.content.decode()
    assert StepDraft.objects.get().original_name == f"s{services.DRAFT_LIMIT.times - 1}.pdf"
    # Another address is counted on its own.
    elsewhere = Client(REMOTE_ADDR="203.0.113.61")
    answer = elsewhere.post(PAGE, _request(applicant_id="1", **{field: _letter("lain")}))
    assert "lain.pdf" in answer.content.decode()


def test_a_visitors_draft_lasts_a_day_and_a_persons_a_week(demo, version) -> None:
    field = _letter_input(version)
    Client().post(PAGE, _request(applicant_id="123", **{field: _letter("surat-siti")}))
    kept = StepDraft.objects.get()

    assert drafts.drafts_expire(now=AT + drafts.VISITOR_KEPT - dt.timedelta(minutes=1)) == 0
    assert drafts.drafts_expire(now=AT + drafts.VISITOR_KEPT + dt.timedelta(minutes=1)) == 1
    assert not StepDraft.objects.exists()
    assert not default_storage.exists(kept.path)


def test_a_visitor_owns_drafts_of_a_new_request_only() -> None:
    with pytest.raises(ValueError, match="person, or a visitor"):
        drafts.Owner(person=None, step=1)
    with pytest.raises(ValueError, match="person, or a visitor"):
        drafts.Owner(person=None, visitor="abc", step=1, case=Case(pk=1))


def test_the_returned_step_keeps_a_new_letter_through_a_wrong_date(demo, version) -> None:
    browser = Client()
    assert browser.post(PAGE, _request(**{LETTER_INPUT: _letter("surat-awal")})).status_code == 302
    filed = PublicRequest.objects.get()
    status = f"/lacak/{filed.tracking}/"
    task_act(case=filed.case, step=2, actor=demo.people["kabid.ti"], decision="tidak")
    case = Case.objects.get(pk=filed.case_id)
    letter_input = _returned_letter_input(browser.get(status).content.decode())

    wrong = browser.post(
        f"{status}langkah/1/",
        {
            "version": case.version,
            "form-permohonan-tanggal-bangun": "2026-02-31",
            letter_input: _letter("surat-baru"),
        },
    )

    assert wrong.status_code == 422
    assert "surat-baru.pdf" in wrong.content.decode()
    kept = StepDraft.objects.get()
    assert (kept.person, kept.case_id, kept.step, kept.visitor) == (
        filed.person,
        case.pk,
        1,
        "",
    )
    assert Document.objects.filter(case=case, name=LETTER).count() == 1

    # The reload shows it still, and sending the corrected form makes it the letter's version 2.
    assert "surat-baru.pdf" in browser.get(status).content.decode()
    done = browser.post(
        f"{status}langkah/1/",
        {"version": case.version, "form-permohonan-tanggal-bangun": "2026-04-02"},
    )

    assert done.status_code == 302
    versions = Document.objects.filter(case=case, name=LETTER).order_by("version")
    assert [d.original_name for d in versions] == ["surat-awal.pdf", "surat-baru.pdf"]
    assert versions.last().sha256 == hashlib.sha256(_pdf("surat-baru")).hexdigest()  # type: ignore[union-attr]
    assert not StepDraft.objects.exists()


def _returned_letter_input(page: str) -> str:
    """The name of the status page's file input for the letter of the returned step."""
    marker = f'data-document="{LETTER}"'
    at = page.index(marker)
    start = page.rindex("<input", 0, at)
    tag = page[start : page.index(">", at)]
    return tag.split('name="', 1)[1].split('"', 1)[0]
