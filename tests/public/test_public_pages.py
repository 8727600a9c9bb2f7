"""The public pages over HTTP, with no sign-in: which services are offered, filing, the status
page shut until the code is entered in that browser, acting on one's own returned step, and
the answers to what is wrong or too often."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alur.cases.models import Case
from alur.cases.services import task_act
from alur.notifications.models import Mail
from alur.public.models import PublicRequest
from tests.public.conftest import PAGE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("at_filing_day")]


def _post(client: Client, **changes: str) -> Any:
    data: dict[str, Any] = {
        "applicant_kind": "warga",
        "applicant_name": "Siti Rahmawati",
        "applicant_id": "5204014506900001",
        "applicant_email": "siti@example.org",
        "title": "Rekomendasi menara",
        "form-permohonan-lokasi": "Desa Labuhan Badas",
        "form-permohonan-tanggal-bangun": "2026-04-01",
        "doc-0": SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    }
    data.update(changes)
    return client.post(PAGE, data)


def _code(tracking: str) -> str:
    body = Mail.objects.filter(subject__contains=tracking).latest("pk").body
    return re.search(r"Kode akses Anda: (\d{6})", body).group(1)  # type: ignore[union-attr]


def test_the_office_offers_only_the_services_that_take_the_public(version) -> None:
    page = Client().get("/layanan/dkisp-sumbawa/")

    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-sop="rekomendasi-publik"' in text
    assert text.count("data-sop=") == 1  # the seeds take OPDs only
    assert Client().get("/layanan/tidak-ada/").status_code == 404
    assert Client().get("/layanan/dkisp-sumbawa/sop-sumbawa-1/").status_code == 404


def test_a_wrong_request_answers_422_naming_what_is_wrong(version) -> None:
    answer = _post(Client(), applicant_id="123", **{"form-permohonan-tanggal-bangun": "31-02"})

    assert answer.status_code == 422
    text = answer.content.decode()
    assert "Masukkan tanggal yang valid" in text or "tanggal" in text
    assert not Case.objects.filter(sop_version=version).exists()
    answer = _post(Client(), applicant_id="123")
    assert answer.status_code == 422
    assert "NIK harus 16 angka; yang diisi: &#x27;123&#x27;." in answer.content.decode()


def test_filing_opens_the_status_page_in_that_browser_only(version) -> None:
    browser = Client()
    answer = _post(browser)

    filed = PublicRequest.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/lacak/{filed.tracking}/"
    page = browser.get(answer["Location"])
    assert page.status_code == 200
    assert filed.tracking in page.content.decode()
    assert filed.case.number in page.content.decode()

    stranger = Client().get(f"/lacak/{filed.tracking}/")
    assert stranger.status_code == 302
    assert stranger["Location"] == f"/lacak/?nomor={filed.tracking}"


def test_the_number_and_the_code_open_it_in_another_browser(version) -> None:
    _post(Client())
    filed = PublicRequest.objects.get()
    other = Client()

    asked = other.post("/lacak/", {"nomor": filed.tracking.lower().replace("-", " ")})
    assert asked.status_code == 302 and asked["Location"] == f"/lacak/{filed.tracking}/kode/"
    wrong = other.post(asked["Location"], {"kode": "12345x"})
    assert wrong.status_code == 422
    opened = other.post(asked["Location"], {"kode": _code(filed.tracking)})
    assert opened.status_code == 302
    assert other.get(f"/lacak/{filed.tracking}/").status_code == 200


def test_an_unknown_number_looks_the_same_as_a_known_one(version) -> None:
    asked = Client().post("/lacak/", {"nomor": "AAAAA-BBBBB"})
    assert asked.status_code == 302 and asked["Location"] == "/lacak/AAAAA-BBBBB/kode/"
    assert Client().post("/lacak/", {"nomor": ""}).status_code == 422


def test_the_requester_does_their_returned_step_from_the_status_page(demo, version) -> None:
    browser = Client()
    _post(browser)
    filed = PublicRequest.objects.get()
    status = f"/lacak/{filed.tracking}/"
    assert 'id="aksi-1"' not in browser.get(status).content.decode()
    assert browser.post(f"{status}langkah/1/", {}).status_code == 404

    task_act(case=filed.case, step=2, actor=demo.people["kabid.ti"], decision="tidak")
    page = browser.get(status).content.decode()
    assert 'id="aksi-1"' in page
    case = Case.objects.get(pk=filed.case_id)
    wrong = browser.post(
        f"{status}langkah/1/",
        {"version": case.version, "form-permohonan-tanggal-bangun": "2026-02-31"},
    )
    assert wrong.status_code == 422
    assert "Rencana mulai membangun" in wrong.content.decode()
    assert Case.objects.get(pk=filed.case_id).version == case.version

    # The letter sent with the request is still there: only what changed is sent again.
    done = browser.post(
        f"{status}langkah/1/",
        {"version": case.version, "form-permohonan-lokasi": "Desa Labuhan Sumbawa"},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert [t.step for t in case.tasks.filter(status="terbuka")] == [2]


def test_too_many_filings_from_one_address_answer_429(version) -> None:
    browser = Client(REMOTE_ADDR="203.0.113.50")
    for _filed in range(5):
        assert _post(browser).status_code == 302
    refused = _post(browser)
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan dari alamat ini" in refused.content.decode()
    assert PublicRequest.objects.count() == 5


def test_the_staff_see_who_the_public_requester_is_and_how_to_reach_them(demo, version) -> None:
    _post(Client(), applicant_phone="0812 3456 7890")
    filed = PublicRequest.objects.get()
    staff = Client()
    staff.force_login(demo.people["kabid.ti"])

    page = staff.get(f"/permohonan/{filed.case_id}/").content.decode()

    assert 'data-kind="publik">Masyarakat<' in page
    details = re.search(r'<span class="muted small" id="pemohon-masyarakat">(.*?)</span>', page)
    assert details is not None
    assert details.group(1) == (
        " · perorangan (warga) · NIK 5204014506900001 · "
        '<a href="mailto:siti@example.org">siti@example.org</a> · 0812 3456 7890 · '
        f"nomor lacak {filed.tracking}"
    )


def test_the_sign_in_page_leads_the_public_to_the_offices_that_serve_them(version) -> None:
    assert 'href="/layanan/"' in Client().get("/masuk/").content.decode()
    page = Client().get("/layanan/").content.decode()
    assert re.findall(r'data-office="([^"]+)"', page) == ["dkisp-sumbawa"]


def test_the_status_page_says_where_the_request_stands(demo, version) -> None:
    """Step 2 waits for the Kabid TI; by the SOP it goes on to step 3 or back to the
    requester; it should finish by its service deadline (5 working days), and the office's
    people are not named to the public."""
    browser = Client()
    _post(browser)
    filed = PublicRequest.objects.get()

    page = browser.get(f"/lacak/{filed.tracking}/").content.decode()

    assert re.search(r'id="keadaan-permohonan">Sedang diproses oleh kantor<', page)
    current = page[page.index('id="langkah-sekarang"') : page.index('id="langkah-berikutnya"')]
    assert 'data-step="2"' in current and "Kepala Bidang" in current
    assert 'data-holder="orang"' not in current
    following = page[page.index('id="langkah-berikutnya"') :]
    assert 'Bila ya: <span class="step-no">3</span>' in following
    assert 'Bila tidak: <span class="step-no">1</span>' in following
    assert 'id="perkiraan-selesai" data-basis="layanan"' in page
