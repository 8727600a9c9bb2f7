"""The first run of an empty installation: a one-time link makes the first office and its
administrator, signs them in and sends them to the settings; it works once, and never once
anyone exists."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from alur.administration.first_run import first_run_link_new
from alur.administration.models import FirstRunToken
from alur.offices.models import Office, SettingChange, User

pytestmark = pytest.mark.django_db

VALID = {
    "office_name": "Dinas Komunikasi dan Informatika Kabupaten Contoh",
    "government": "Pemerintah Kabupaten Contoh",
    "city": "Contoh",
    "zone": "Asia/Jayapura",
    "full_name": "Rina Kartika",
    "username": "rina",
    "password": "kop-surat-dan-sop-2027",
    "password_again": "kop-surat-dan-sop-2027",
}


def _setup(client: Client, token: str, **changes: Any) -> Any:
    return client.post(f"/mulai/{token}/", {**VALID, **changes})


def test_the_link_makes_the_first_office_and_its_administrator() -> None:
    token = first_run_link_new()
    assert token is not None
    client = Client()

    assert client.get(f"/mulai/{token}/").status_code == 200
    response = _setup(client, token)

    assert response.status_code == 302
    assert response["Location"] == "/pengaturan/"
    office = Office.objects.get()
    assert (office.name, office.government, office.city, office.zone) == (
        VALID["office_name"],
        VALID["government"],
        "Contoh",
        "Asia/Jayapura",
    )
    assert office.code == "dinas-komunikasi-dan-informatika-kabupaten-contoh"
    user = User.objects.get()
    assert (user.username, user.get_full_name(), user.office) == ("rina", "Rina Kartika", office)
    assert (user.is_superuser, user.is_staff, user.is_office_admin) == (True, True, True)
    assert user.check_password(VALID["password"])
    assert not FirstRunToken.objects.exists()
    change = SettingChange.objects.get()
    assert (change.office, change.actor, change.action) == (office, user, "dibuat")
    assert client.get("/pengaturan/").status_code == 200  # signed in


def test_the_link_works_once() -> None:
    token = first_run_link_new()
    assert token is not None
    _setup(Client(), token)

    again = _setup(Client(), token, username="lagi")

    assert again.status_code == 404
    assert "Tautan penyiapan tidak berlaku" in again.content.decode()
    assert Client().get(f"/mulai/{token}/").status_code == 404
    assert list(User.objects.values_list("username", flat=True)) == ["rina"]
    assert Office.objects.count() == 1


def test_no_link_is_made_once_anyone_exists() -> None:
    token = first_run_link_new()
    assert token is not None
    User.objects.create_user("someone", password="x")  # noqa: S106

    assert first_run_link_new() is None
    assert not FirstRunToken.objects.exists()
    assert Client().get(f"/mulai/{token}/").status_code == 404


def test_a_link_made_before_stops_working_when_anyone_exists() -> None:
    token = first_run_link_new()
    assert token is not None
    User.objects.create_user("someone", password="x")  # noqa: S106

    response = _setup(Client(), token)

    assert response.status_code == 404
    assert not Office.objects.exists()


def test_a_newer_link_replaces_an_older_one() -> None:
    older = first_run_link_new()
    newer = first_run_link_new()
    assert older is not None and newer is not None and older != newer

    assert Client().get(f"/mulai/{older}/").status_code == 404
    assert Client().get(f"/mulai/{newer}/").status_code == 200


def test_an_unknown_token_is_refused() -> None:
    first_run_link_new()

    assert Client().get("/mulai/tebakan/").status_code == 404


def test_only_the_tokens_hash_is_kept() -> None:
    token = first_run_link_new()
    assert token is not None

    stored = FirstRunToken.objects.get()
    assert token not in stored.digest
    assert len(stored.digest) == 64


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password_again": "lain-sama-sekali-2027"}, "password_again", "tidak sama"),
        ({"password": "123", "password_again": "123"}, "password", "terlalu pendek"),
        ({"username": "nama dengan spasi"}, "username", "Hanya huruf, angka"),
        ({"zone": "UTC"}, "zone", "bukan salah satu dari pilihan"),
        ({"office_name": ""}, "office_name", "wajib"),
    ],
)
def test_a_mistake_is_named_next_to_its_field_and_nothing_is_made(
    changes: dict[str, str], field: str, message: str
) -> None:
    token = first_run_link_new()
    assert token is not None

    response = _setup(Client(), token, **changes)

    html = response.content.decode()
    assert response.status_code == 422
    start = html.index(f'id="bidang-{field}"')
    assert message.lower() in html[start : html.index("</div>", start)].lower()
    assert not User.objects.exists()
    assert not Office.objects.exists()
    assert FirstRunToken.objects.count() == 1
