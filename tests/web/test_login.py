import pytest
from django.test import Client
from django.urls import reverse

from alur.demo import DEMO_PASSWORD

PAGES = [
    ("inbox", {}),
    ("case_list", {}),
    ("case_new", {}),
    ("case_new_form", {"code": "permohonan-pembuatan-aplikasi"}),
    ("case_detail", {"pk": 1}),
    ("document_download", {"pk": 1, "document_pk": 1}),
    ("registry", {}),
    ("sop_list", {}),
    ("sop_detail", {"pk": 1}),
]


def test_the_login_page_renders_its_form(db: None) -> None:
    response = Client().get("/masuk/")

    assert response.status_code == 200
    html = response.content.decode()
    for part in ('id="id_username"', 'id="id_password"', 'id="masuk"', "Masuk ke Alur"):
        assert part in html


def test_a_demo_person_signs_in_with_the_demo_password_and_lands_on_the_inbox(demo) -> None:
    client = Client()

    response = client.post(
        "/masuk/", {"username": "kadis.sumbawa", "password": DEMO_PASSWORD}, follow=True
    )

    assert response.redirect_chain == [("/tugas/", 302)]
    assert "Kepala DKISP Sumbawa" in response.content.decode()


def test_a_wrong_password_is_refused_on_the_login_page(demo) -> None:
    response = Client().post("/masuk/", {"username": "kadis.sumbawa", "password": "salah"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="galat"' in html
    assert "Nama pengguna atau kata sandi salah." in html
    assert "nama pengguna nama pengguna" not in html.lower()
    assert "_auth_user_id" not in Client().session


def test_repeated_failures_make_the_next_try_wait(demo, settings) -> None:
    client = Client()
    for _attempt in range(settings.ALUR_SIGNIN_FREE_FAILURES):
        client.post("/masuk/", {"username": "kabid.ti", "password": "salah"})

    response = client.post("/masuk/", {"username": "kabid.ti", "password": DEMO_PASSWORD})

    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_root_leads_to_the_inbox(db: None) -> None:
    assert Client().get("/").headers["Location"] == "/tugas/"


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(db: None, name, kwargs) -> None:
    url = reverse(name, kwargs=kwargs)

    response = Client().get(url)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/masuk/?next={url}"


def test_an_anonymous_post_to_a_step_is_sent_to_the_login_page(db: None) -> None:
    response = Client().post("/permohonan/1/langkah/2/", {"version": 1})

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk/")


def test_signing_out_is_a_post_from_the_header(client_for) -> None:
    client = client_for("kabid.ti")
    assert 'id="keluar"' in client.get("/tugas/").content.decode()

    response = client.post("/keluar/")

    assert response.headers["Location"] == "/masuk/"
    assert client.get("/tugas/").status_code == 302
