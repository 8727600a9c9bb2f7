"""A member of the public withdraws their running request, or writes to the office about it,
from its status page: the same rules and the same record as a signed-in requester's (the
events, the office's people told), only in the browser that may see the request, only while it
runs; a refusal is told next to its field and changes nothing."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alur.cases.models import Case, Event
from alur.notifications.models import Kind, Mail, Notification
from alur.public import services
from alur.public.models import Attempt, PublicRequest
from tests.public.conftest import AT, PAGE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("at_filing_day")]

ADDRESS = "203.0.113.80"


def _filed(browser: Client, name: str = "Siti Rahmawati", token: str = "") -> PublicRequest:
    """A request filed in ``browser``, which may then see it: step 2 waits for the Kabid."""
    answer = browser.post(
        PAGE,
        {
            "csrfmiddlewaretoken": token,
            "applicant_kind": "warga",
            "applicant_name": name,
            "applicant_id": "5204014506900001",
            "applicant_email": "siti@example.org",
            "title": "Rekomendasi menara",
            "form-permohonan-lokasi": "Desa Labuhan Badas",
            "form-permohonan-tanggal-bangun": "2026-04-01",
            "doc-0": SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        },
    )
    assert answer.status_code == 302
    return PublicRequest.objects.select_related("case", "person").get(name=name)


def _field_error(page: str, field: str) -> list[str]:
    """The errors shown next to ``field`` of the requester's forms."""
    opening = f'<div class="field field-error" id="bidang-{field}">'
    block = re.search(re.escape(opening) + r"(.*?)</div>", page, re.S)
    assert block is not None, f"no error next to {field}"
    return re.findall(r'<p class="field-message" role="alert">(.*?)</p>', block.group(1))


def _told(kind: str) -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", "title")
    )


def test_the_public_requester_withdraws_with_a_reason(demo, version) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.get(PAGE)
    filed = _filed(browser, token=browser.cookies["csrftoken"].value)
    status = f"/lacak/{filed.tracking}/"
    page = browser.get(status).content.decode()
    assert 'id="form-tarik"' in page and 'id="form-pesan"' in page
    token = browser.cookies["csrftoken"].value
    forged = browser.post(f"{status}tarik/", {"reason": "Dari halaman lain."})
    assert forged.status_code == 403

    empty = browser.post(f"{status}tarik/", {"reason": "  ", "csrfmiddlewaretoken": token})
    assert empty.status_code == 422
    assert _field_error(empty.content.decode(), "reason") == ["Alasan penarikan wajib diisi."]
    assert Case.objects.get(pk=filed.case_id).status == Case.Status.RUNNING

    mailed = Mail.objects.filter(to="siti@example.org").count()
    done = browser.post(
        f"{status}tarik/", {"reason": "Lokasi menara pindah.", "csrfmiddlewaretoken": token}
    )

    assert done.status_code == 302 and done["Location"] == status
    case = Case.objects.get(pk=filed.case_id)
    assert (case.status, case.closed_at, case.end_reason) == (
        Case.Status.WITHDRAWN,
        AT,
        "Lokasi menara pindah.",
    )
    event = Event.objects.filter(case=case).latest("seq")
    assert (event.kind, event.actor_id, event.note, event.data) == (
        "case.withdrawn",
        filed.person.pk,
        "Lokasi menara pindah.",
        {"open_steps": [[2, 1]]},
    )
    assert _told(Kind.WITHDRAWN) == [("kabid.ti", f"Permohonan {case.number} ditarik pemohon")]
    assert Mail.objects.filter(to="siti@example.org").count() == mailed  # they did it
    after = browser.get(status).content.decode()
    assert 'data-status="ditarik"' in after
    assert 'id="form-tarik"' not in after and 'id="form-pesan"' not in after


def test_the_public_requester_writes_to_the_office(demo, version) -> None:
    browser = Client()
    filed = _filed(browser)
    status = f"/lacak/{filed.tracking}/"
    version_before = Case.objects.get(pk=filed.case_id).version

    too_long = browser.post(f"{status}pesan/", {"text": "x" * 2_001})
    assert too_long.status_code == 422
    assert _field_error(too_long.content.decode(), "text") == [
        "Pastikan nilai ini mengandung paling banyak 2000 karakter (sekarang 2001 karakter)."
    ]
    sent = browser.post(f"{status}pesan/", {"text": "Apakah perlu surat dari desa?"})

    assert sent.status_code == 302 and sent["Location"] == status
    events = Event.objects.filter(case_id=filed.case_id, kind="case.commented")
    assert list(events.values_list("actor_id", "note", "data")) == [
        (filed.person.pk, "Apakah perlu surat dari desa?", {"open_steps": [[2, 1]]})
    ]
    case = Case.objects.get(pk=filed.case_id)
    assert (case.status, case.version) == (Case.Status.RUNNING, version_before)
    assert _told(Kind.REQUESTER_COMMENT) == [("kabid.ti", f"Komentar pemohon pada {case.number}")]


def test_nobody_acts_without_the_status_page_of_that_request(demo, version) -> None:
    mine, other = Client(), Client()
    filed = _filed(mine)
    _filed(other, name="Budi Santoso")
    status = f"/lacak/{filed.tracking}/"
    before = Event.objects.filter(case_id=filed.case_id).count()

    for browser in (Client(), other):
        for action, data in (("tarik/", {"reason": "Iseng."}), ("pesan/", {"text": "Halo."})):
            refused = browser.post(status + action, data)
            assert refused.status_code == 302
            assert refused["Location"] == f"/lacak/?nomor={filed.tracking}"
    assert mine.get(f"{status}tarik/").status_code == 405

    assert Case.objects.get(pk=filed.case_id).status == Case.Status.RUNNING
    assert Event.objects.filter(case_id=filed.case_id).count() == before
    assert not Notification.objects.filter(
        kind__in=[Kind.WITHDRAWN, Kind.REQUESTER_COMMENT]
    ).exists()


def test_an_ended_request_cannot_be_withdrawn_nor_written_about(demo, version) -> None:
    browser = Client()
    filed = _filed(browser)
    status = f"/lacak/{filed.tracking}/"
    services.request_withdraw(request=filed, reason="Dibatalkan.", at=AT)

    # The page was open from before it ended: the refusal is told next to the field.
    late = browser.post(f"{status}tarik/", {"reason": "Sekali lagi."})
    assert late.status_code == 409
    assert _field_error(late.content.decode(), "reason") == [
        "Permohonan yang sudah berakhir tidak dapat ditarik. Status: ditarik."
    ]
    written = browser.post(f"{status}pesan/", {"text": "Masih bisa?"})
    assert written.status_code == 409
    assert _field_error(written.content.decode(), "text") == [
        "Permohonan ini sudah berakhir; komentar tidak dapat dikirim. Status: ditarik."
    ]

    requester_events = Event.objects.filter(
        case_id=filed.case_id, kind__in=["case.withdrawn", "case.commented"]
    )
    assert list(requester_events.values_list("kind", "note")) == [("case.withdrawn", "Dibatalkan.")]
    assert Case.objects.get(pk=filed.case_id).end_reason == "Dibatalkan."


def test_too_many_messages_from_one_address_answer_429(demo, version) -> None:
    browser = Client(REMOTE_ADDR=ADDRESS)
    filed = _filed(browser)
    client = services.client_digest(ADDRESS)
    Attempt.objects.bulk_create(
        Attempt(action=services.COMMENT_LIMIT.action, client=client, at=AT)
        for _sent in range(services.COMMENT_LIMIT.times)
    )

    refused = browser.post(f"/lacak/{filed.tracking}/pesan/", {"text": "Halo lagi."})

    assert refused.status_code == 429
    assert _field_error(refused.content.decode(), "text") == [
        "Terlalu banyak percobaan dari alamat ini: paling banyak 10 kali dalam 60 menit. "
        "Coba lagi nanti."
    ]
    assert not Event.objects.filter(case_id=filed.case_id, kind="case.commented").exists()
