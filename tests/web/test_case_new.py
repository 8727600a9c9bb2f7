import io

from alur.cases.models import Case, Document
from tests.conftest import PDF
from tests.web.conftest import LETTER, SOP5


def _letter() -> io.BytesIO:
    upload = io.BytesIO(PDF)
    upload.name = "surat-permohonan.pdf"
    return upload


def test_a_requester_is_offered_the_sops_whose_first_step_is_theirs(client_for) -> None:
    html = client_for("opd.bappeda").get("/permohonan/baru/").content.decode()

    assert f'data-sop="{SOP5}" href="/permohonan/baru/{SOP5}/"' in html


def test_an_officer_is_not_offered_an_sop_whose_first_step_is_another_role(client_for) -> None:
    html = client_for("dev.batam").get("/permohonan/baru/").content.decode()

    assert 'data-sop="pengembangan-aplikasi-egov"' not in html


def test_each_service_says_what_it_is_what_it_needs_and_how_long_it_takes(client_for) -> None:
    html = client_for("opd.bappeda").get("/permohonan/baru/").content.decode()
    offer = html[html.index(f'data-offer="{SOP5}"') :]
    offer = offer[: offer.index("</li>\n  \n")] if "</li>\n  \n" in offer else offer

    assert "Surat permohonan masuk dari OPD yang akan dibuatkan aplikasi." in offer
    assert f"<li>{LETTER}</li>" in offer
    # Steps 2, 5 and 9 a working day each, 12 35 working days, 13 a day, 14 two working days.
    assert "paling lama 41 hari waktu kerja" in offer


def test_a_person_who_may_file_nothing_is_refused_in_the_shell_and_not_offered_it(
    client_for,
) -> None:
    client = client_for("kadis.sumbawa")

    response = client.get("/permohonan/baru/")
    html = response.content.decode()

    assert response.status_code == 403
    assert 'id="ajukan-ditolak"' in html and 'id="nav-tugas"' in html
    assert 'id="nav-ajukan"' not in client.get("/tugas/").content.decode()


def test_a_person_who_may_file_is_offered_it_in_the_menu(client_for) -> None:
    assert 'id="nav-ajukan"' in client_for("opd.bappeda").get("/tugas/").content.decode()


def test_the_system_analyst_may_start_the_e_government_sop(client_for) -> None:
    html = client_for("analis.batam").get("/permohonan/baru/").content.decode()

    assert 'data-sop="pengembangan-aplikasi-egov"' in html


def test_the_form_asks_for_the_first_steps_documents(client_for) -> None:
    html = client_for("opd.bappeda").get(f"/permohonan/baru/{SOP5}/").content.decode()

    assert f'<input type="file" name="doc-0" data-document="{LETTER}"' in html
    for part in ('id="id_title"', 'id="id_note"', 'id="ajukan"'):
        assert part in html


def test_a_new_request_is_opened_and_shown_with_its_number(client_for, demo) -> None:
    client = client_for("opd.bappeda")

    response = client.post(
        f"/permohonan/baru/{SOP5}/",
        {"title": "Aplikasi e-Perencanaan", "note": "Mohon dibantu.", "doc-0": _letter()},
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/permohonan/{case.pk}/"
    assert (case.number, case.title, case.requester_unit.code) == (
        f"555/001/DKIST/{case.year}",
        "Aplikasi e-Perencanaan",
        "bappeda",
    )
    assert list(Document.objects.values_list("name", "original_name")) == [
        (LETTER, "surat-permohonan.pdf")
    ]
    page = client.get(response.headers["Location"]).content.decode()
    assert f"Permohonan {case.number} telah diajukan." in page


def test_a_request_without_a_subject_shows_the_error_and_creates_nothing(client_for) -> None:
    response = client_for("opd.bappeda").post(
        f"/permohonan/baru/{SOP5}/", {"title": "  ", "note": "Catatan saya", "doc-0": _letter()}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert '<ul id="galat">' in html
    assert "<li>Perihal permohonan wajib diisi.</li>" in html
    assert ">Catatan saya</textarea>" in html
    assert Case.objects.count() == 0


def test_a_request_without_its_letter_shows_the_error_and_creates_nothing(client_for) -> None:
    response = client_for("opd.bappeda").post(
        f"/permohonan/baru/{SOP5}/", {"title": "Aplikasi e-Perencanaan"}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert (
        f"<li>Berkas untuk langkah 1 belum lengkap: {LETTER}. "
        "Lampirkan berkas tersebut, lalu ulangi.</li>"
    ) in html
    assert 'value="Aplikasi e-Perencanaan"' in html
    assert (Case.objects.count(), Document.objects.count()) == (0, 0)


def test_an_sop_the_person_cannot_start_is_not_found(client_for) -> None:
    assert client_for("kadis.sumbawa").get(f"/permohonan/baru/{SOP5}/").status_code == 404
    assert client_for("opd.dinkes").get(f"/permohonan/baru/{SOP5}/").status_code == 404


def test_the_pa20_form_is_filled_in_with_the_request(client_for) -> None:
    client = client_for("opd.dinkes")
    fields = {
        "nama_sistem": "SIMPUS",
        "opd_pemilik": "Dinas Kesehatan",
        "tujuan": "Pelayanan puskesmas",
        "url": "https://simpus.batam.go.id",
        "api_endpoint": "https://simpus.batam.go.id/api/v1\n\nhttps://simpus.batam.go.id/api/v2",
        "data_dipertukarkan": "Data kunjungan",
        "kontak_nama": "Budi",
        "kontak_email": "budi@batam.go.id",
        "jenis_sistem": "Aplikasi Khusus",
    }
    form_html = client.get("/permohonan/baru/integrasi-bedelau/").content.decode()
    assert '<select name="form-pa20-jenis_sistem"' in form_html
    assert '<textarea name="form-pa20-api_endpoint"' in form_html

    response = client.post(
        "/permohonan/baru/integrasi-bedelau/",
        {"title": "Integrasi SIMPUS"} | {f"form-pa20-{k}": v for k, v in fields.items()},
    )

    assert response.status_code == 302
    assert Case.objects.get().state["data"]["pa20"] == fields | {
        "api_endpoint": ["https://simpus.batam.go.id/api/v1", "https://simpus.batam.go.id/api/v2"]
    }
