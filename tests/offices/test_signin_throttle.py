"""Guessing is slowed down per user name and address, per user name from unknown addresses and
per address across user names, while the owner still signs in from their known address."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from alur.common.formatting import wait_text
from alur.demo import DEMO_PASSWORD
from alur.offices import throttle
from alur.offices.models import SettingChange
from tests.clock import sitecustomize as clock

pytestmark = pytest.mark.django_db

HOME = "198.51.100.10"
ATTACKER = "203.0.113.66"


def _try(address: str, username: str, password: str) -> Any:
    return Client(REMOTE_ADDR=address).post("/masuk/", {"username": username, "password": password})


def _fail(address: str, username: str, times: int) -> None:
    for _attempt in range(times):
        assert _try(address, username, "salah-sekali").status_code == 200


def test_the_owner_signs_in_from_their_known_address_while_the_attacker_waits(
    demo: SimpleNamespace, settings: Any
) -> None:
    assert _try(HOME, "kabid.ti", DEMO_PASSWORD).status_code == 302
    _fail(ATTACKER, "kabid.ti", settings.ALUR_SIGNIN_FREE_FAILURES)

    refused = _try(ATTACKER, "kabid.ti", DEMO_PASSWORD)
    owner = _try(HOME, "kabid.ti", DEMO_PASSWORD)

    assert refused.status_code == 429
    assert "_auth_user_id" not in refused.client.session
    assert owner.status_code == 302


def test_guessing_from_many_addresses_slows_unknown_addresses_but_not_the_known_one(
    demo: SimpleNamespace, settings: Any
) -> None:
    assert _try(HOME, "kabid.ti", DEMO_PASSWORD).status_code == 302
    for n in range(settings.ALUR_SIGNIN_ACCOUNT_FAILURES):
        _fail(f"203.0.113.{n + 1}", "kabid.ti", 1)

    assert _try("203.0.113.200", "kabid.ti", DEMO_PASSWORD).status_code == 429
    assert _try(HOME, "kabid.ti", DEMO_PASSWORD).status_code == 302


def test_spraying_ten_user_names_from_one_address_blocks_the_address(
    demo: SimpleNamespace, settings: Any
) -> None:
    settings.ALUR_SIGNIN_ADDRESS_FAILURES = 20
    names = sorted(name for name in demo.people if name != "kadis.sumbawa")[:10]
    for name in names:
        _fail(ATTACKER, name, 2)

    blocked = _try(ATTACKER, "kadis.sumbawa", DEMO_PASSWORD)

    assert blocked.status_code == 429
    assert _try(HOME, "kadis.sumbawa", DEMO_PASSWORD).status_code == 302
    later = timezone.now() + dt.timedelta(minutes=settings.ALUR_SIGNIN_WINDOW_MINUTES, seconds=1)
    with clock.travelling(later):
        assert _try(ATTACKER, "kadis.sumbawa", DEMO_PASSWORD).status_code == 302


def test_a_shared_address_blocked_for_spraying_still_lets_in_those_known_there(
    demo: SimpleNamespace, settings: Any
) -> None:
    assert _try(ATTACKER, "kadis.sumbawa", DEMO_PASSWORD).status_code == 302
    for name in sorted(name for name in demo.people if name != "kadis.sumbawa")[:10]:
        _fail(ATTACKER, name, 2)

    assert _try(ATTACKER, "kabid.ti", DEMO_PASSWORD).status_code == 429
    assert _try(ATTACKER, "kadis.sumbawa", DEMO_PASSWORD).status_code == 302


def test_the_wait_grows_and_ends(demo: SimpleNamespace, settings: Any) -> None:
    free = settings.ALUR_SIGNIN_FREE_FAILURES
    _fail(ATTACKER, "kabid.ti", free)
    start = timezone.now()

    with clock.travelling(start + dt.timedelta(seconds=1)):
        assert _try(ATTACKER, "kabid.ti", "salah-sekali").status_code == 429
    with clock.travelling(start + dt.timedelta(seconds=3)):
        assert _try(ATTACKER, "kabid.ti", "salah-sekali").status_code == 200  # counted: 4th
    with clock.travelling(start + dt.timedelta(seconds=6)):
        assert _try(ATTACKER, "kabid.ti", DEMO_PASSWORD).status_code == 429
    with clock.travelling(start + dt.timedelta(seconds=8)):
        assert _try(ATTACKER, "kabid.ti", DEMO_PASSWORD).status_code == 302


def test_the_wait_is_said_in_words(demo: SimpleNamespace, settings: Any) -> None:
    settings.ALUR_SIGNIN_FREE_FAILURES = 1
    for _attempt in range(8):  # 8 failures wait 2**8 seconds: 4 minutes and 16 seconds
        throttle.signin_failed(username="kabid.ti", address=ATTACKER)

    response = _try(ATTACKER, "kabid.ti", DEMO_PASSWORD)

    html = response.content.decode()
    assert response.status_code == 429
    assert re.search(r'id="galat">\s*<li>[^<]*coba lagi dalam 5 menit\.</li>', html), html
    assert "PT" not in html


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(1, "1 detik"), (59, "59 detik"), (60, "1 menit"), (240, "4 menit"), (3900, "1 jam 5 menit")],
)
def test_wait_text(seconds: int, words: str) -> None:
    assert wait_text(seconds) == words


def test_the_start_and_end_of_a_wait_are_in_the_office_log(
    demo: SimpleNamespace, settings: Any
) -> None:
    person = demo.people["kabid.ti"]
    _fail(ATTACKER, "kabid.ti", settings.ALUR_SIGNIN_FREE_FAILURES)
    later = timezone.now() + dt.timedelta(minutes=settings.ALUR_SIGNIN_MAX_WAIT_MINUTES)
    with clock.travelling(later):
        assert _try(ATTACKER, "kabid.ti", DEMO_PASSWORD).status_code == 302

    rows = SettingChange.objects.filter(office=person.office).order_by("at", "pk")
    logged = [(row.subject, row.action, row.after) for row in rows]
    assert logged == [
        (
            "Pegawai kabid.ti",
            "masuk ditahan",
            {"alamat": ATTACKER, "batas": "nama pengguna dan alamat"},
        ),
        ("Pegawai kabid.ti", "masuk dibuka", {"alamat": ATTACKER}),
    ]


def test_failures_for_a_name_nobody_has_are_counted_but_logged_nowhere(
    demo: SimpleNamespace, settings: Any
) -> None:
    _fail(ATTACKER, "tidak-ada", settings.ALUR_SIGNIN_FREE_FAILURES)

    assert _try(ATTACKER, "tidak-ada", "apa-saja").status_code == 429
    assert not SettingChange.objects.exists()


def test_an_office_administrator_opens_a_held_sign_in_and_it_is_logged(
    demo: SimpleNamespace, settings: Any
) -> None:
    person = demo.people["kabid.ti"]
    _fail(ATTACKER, "kabid.ti", settings.ALUR_SIGNIN_FREE_FAILURES)
    assert _try(ATTACKER, "kabid.ti", DEMO_PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(demo.people["admin.sumbawa"])
    page = admin.get(f"/pengaturan/pegawai/{person.pk}/").content.decode()
    assert 'id="masuk-gagal"' in page

    answer = admin.post(f"/pengaturan/pegawai/{person.pk}/buka/", follow=True)

    assert answer.status_code == 200
    failures = settings.ALUR_SIGNIN_FREE_FAILURES
    assert (
        f"Masuk untuk kabid.ti dibuka: {failures} percobaan gagal dilupakan."
        in answer.content.decode()
    )
    assert 'id="masuk-gagal"' not in answer.content.decode()
    assert _try(ATTACKER, "kabid.ti", DEMO_PASSWORD).status_code == 302
    change = SettingChange.objects.get(action="masuk dibuka", actor=demo.people["admin.sumbawa"])
    assert (change.subject, change.after) == ("Pegawai kabid.ti", {"gagal dilupakan": failures})


def test_only_the_persons_own_office_administrator_may_open_it(demo: SimpleNamespace) -> None:
    person = demo.people["kabid.ti"]
    for username, status in (("admin.batam", 404), ("kadis.sumbawa", 403)):
        other = Client()
        other.force_login(demo.people[username])
        assert other.post(f"/pengaturan/pegawai/{person.pk}/buka/").status_code == status
    assert not SettingChange.objects.filter(action="masuk dibuka").exists()
