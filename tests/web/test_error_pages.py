"""Not found, refused, a form the CSRF check refused and a server error: each a page of the
app's shell in the person's language, not Django's bare English one (DEBUG is off here)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from alur.cases import selectors


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_debug_is_off_here() -> None:
    assert settings.DEBUG is False


def test_an_unknown_address_answers_404_in_the_shell(client_for: Callable[[str], Client]) -> None:
    response = client_for("kabid.ti").get("/tidak-ada-di-sini/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert 'id="nav-tugas"' in html  # the shell's menu, for the signed-in person
    assert "Halaman tidak ditemukan" in html
    assert 'data-status="404"' in html
    assert "Not Found" not in html


def test_a_case_of_another_office_answers_the_same_404_page(
    client_for: Callable[[str], Client], sop5_case
) -> None:
    response = client_for("kadis.batam").get(f"/permohonan/{sop5_case.pk}/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    assert sop5_case.title not in response.content.decode()


def test_an_anonymous_visitor_gets_the_404_page_too(db: None) -> None:
    response = Client().get("/tidak-ada-di-sini/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert 'class="topbar"' in html
    assert 'id="nav-tugas"' not in html


def test_the_404_page_speaks_the_chosen_language(client_for: Callable[[str], Client]) -> None:
    response = _english(client_for("kabid.ti")).get("/tidak-ada-di-sini/")

    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()


def test_a_refused_person_gets_the_403_page_in_the_shell(
    client_for: Callable[[str], Client],
) -> None:
    # The settings pages are the office administrator's (PermissionDenied for anyone else).
    response = client_for("kabid.ti").get("/pengaturan/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "Akses ditolak" in html
    assert 'data-status="403"' in html
    assert 'id="nav-tugas"' in html
    assert "Forbidden" not in html


def test_a_form_the_csrf_check_refuses_gets_the_page_in_the_shell(db: None) -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/masuk/", {"username": "kabid.ti", "password": "x"}
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulir kedaluwarsa" in html
    assert 'class="topbar"' in html
    assert "CSRF verification failed" not in html


def test_the_500_page_needs_no_request_context_and_no_database() -> None:
    # No ``db`` fixture: any query here would fail the test.
    with translation.override("id"):
        response = server_error(RequestFactory().get("/tugas/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert 'class="topbar"' in html
    assert "Terjadi kesalahan" in html
    assert "alur.css" in html


def test_a_view_that_fails_answers_the_500_page(
    client_for: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(selectors, "inbox", broken)
    client = client_for("kabid.ti")
    client.raise_request_exception = False

    response = client.get("/tugas/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan" in html
    assert "broken on purpose" not in html
