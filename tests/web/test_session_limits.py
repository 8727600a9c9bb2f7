"""A sign-in ends after a while without a request and after its longest age; htmx is sent to
sign in whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.clock import sitecustomize as clock

pytestmark = pytest.mark.django_db


def _at(start: dt.datetime, **delta: float) -> Any:
    return clock.travelling(start + dt.timedelta(**delta))


def test_an_idle_sign_in_ends(client_for: Callable[[str], Client], settings: Any) -> None:
    client = client_for("kabid.ti")
    start = timezone.now()
    assert client.get("/tugas/").status_code == 200
    idle = settings.ALUR_SESSION_IDLE_MINUTES

    with _at(start, minutes=idle - 1):
        assert client.get("/tugas/").status_code == 200
    with _at(start, minutes=2 * idle - 2):
        assert client.get("/tugas/").status_code == 200
    with _at(start, minutes=3 * idle):
        response = client.get("/tugas/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/masuk/?next=/tugas/"
    assert "_auth_user_id" not in client.session
    page = client.get("/masuk/").content.decode()
    assert 'id="sesi-berakhir"' in page
    assert 'id="sesi-berakhir"' not in client.get("/masuk/").content.decode()


def test_a_busy_sign_in_ends_at_its_longest_age(
    client_for: Callable[[str], Client], settings: Any
) -> None:
    client = client_for("kabid.ti")
    start = timezone.now()
    assert client.get("/tugas/").status_code == 200
    step = settings.ALUR_SESSION_IDLE_MINUTES - 1
    minutes = step
    while minutes < settings.ALUR_SESSION_MAX_HOURS * 60:
        with _at(start, minutes=minutes):
            assert client.get("/tugas/").status_code == 200
        minutes += step

    with _at(start, minutes=minutes):
        response = client.get("/tugas/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_after_the_end_is_sent_to_sign_in_whole(
    client_for: Callable[[str], Client], settings: Any
) -> None:
    client = client_for("kabid.ti")
    start = timezone.now()
    assert client.get("/tugas/").status_code == 200
    htmx = {"HX-Request": "true", "HX-Current-URL": "http://testserver/permohonan/?q=a"}

    with _at(start, minutes=settings.ALUR_SESSION_IDLE_MINUTES + 1):
        response = client.get("/tugas/", headers=htmx)

    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/masuk/?next=/permohonan/%3Fq%3Da"


def test_an_htmx_request_without_a_session_is_sent_to_sign_in_whole(db: None) -> None:
    response = Client().get(
        "/tugas/", headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/tugas/"}
    )

    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/masuk/?next=/tugas/"


def test_the_session_cookie_lasts_no_longer_than_the_longest_sign_in(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == settings.ALUR_SESSION_MAX_HOURS * 3600
