"""Two-factor sign-in: heads of office and division, office administrators and superusers must
set an authenticator app up and give its code at every sign-in; others may turn it on; recovery
codes replace a lost phone once each; wrong codes wait longer and longer; an administrator resets
a lost phone; every change is in the office's log. The browser test is
tests/e2e/test_two_factor_in_browser.py."""

from __future__ import annotations

import datetime as dt
import re
import time
from base64 import b32decode
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from alur.demo import DEMO_PASSWORD
from alur.offices import twofactor
from alur.offices.models import SettingChange, User
from tests.clock import sitecustomize as clock

pytestmark = pytest.mark.django_db

REQUIRED = ("kadis.batam", "kabid.pe", "admin.batam", "kadis.sumbawa", "kabid.ti", "admin.sumbawa")
OPTIONAL = ("kasi.aplikasi", "dev.batam", "dev.sumbawa", "analis.batam", "opd.bappeda")


@pytest.fixture(autouse=True)
def _required(settings: Any) -> None:
    settings.ALUR_TWO_FACTOR_REQUIRED = True


def code_of(key: bytes) -> str:
    """What the person's app shows now for ``key``."""
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def later(seconds: int = 60) -> Any:
    """A later time step: a code already used is never taken again, so the next sign-in's code
    must come from a later step, as it does for a person."""
    return clock.travelling(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds))


def sign_in(username: str, password: str = DEMO_PASSWORD) -> tuple[Client, Any]:
    client = Client()
    answer = client.post(reverse("login"), {"username": username, "password": password})
    assert answer.status_code == 302, answer.content.decode()[:500]
    return client, answer


def set_up(client: Client) -> tuple[bytes, list[str]]:
    """Go through the set-up page as the person would: read the key it shows, type the app's
    code; the key and the recovery codes shown."""
    page = client.get(reverse("two_factor_setup")).content.decode()
    match = re.search(r'<code id="kunci-rahasia">([A-Z2-7 ]+)</code>', page)
    assert match is not None, page
    key = b32decode(match.group(1).replace(" ", ""))
    answer = client.post(reverse("two_factor_setup"), {"kode": code_of(key)})
    assert answer.status_code == 200, answer.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", answer.content.decode())
    return key, codes


def log_of(person: User) -> list[tuple[str, int | None]]:
    rows = SettingChange.objects.filter(subject=f"Pegawai {person.username}").order_by("pk")
    return [(row.action, row.actor_id) for row in rows]


def test_heads_administrators_and_superusers_must_others_may(demo: SimpleNamespace) -> None:
    superuser = User.objects.create_superuser("akar", password="x" * 12)
    system = User.objects.create(
        username="portal", office=demo.batam, is_system_account=True, is_office_admin=True
    )

    assert [twofactor.required(demo.people[name]) for name in REQUIRED] == [True] * len(REQUIRED)
    assert [twofactor.required(demo.people[name]) for name in OPTIONAL] == [False] * len(OPTIONAL)
    assert twofactor.required(superuser)
    assert not twofactor.required(system)  # signs in by token only


@pytest.mark.parametrize("username", ["kabid.pe", "admin.sumbawa"])
def test_a_required_person_reaches_nothing_before_setting_the_app_up(
    demo: SimpleNamespace, username: str
) -> None:
    client, answer = sign_in(username)
    inbox = reverse("inbox")

    assert answer["Location"] == inbox
    page = client.get(inbox)
    assert page.status_code == 302
    assert page["Location"] == f"{reverse('two_factor_setup')}?next=%2Ftugas%2F"
    htmx = client.get(reverse("case_list"), headers={"HX-Request": "true"})
    assert (htmx.status_code, htmx["HX-Redirect"]) == (204, reverse("two_factor_setup"))
    api = client.get("/api/v1/sops")
    assert api.status_code == 403
    assert api["Content-Type"] == "application/problem+json"
    setup = client.get(reverse("two_factor_setup"))
    assert setup.status_code == 200
    html = setup.content.decode()
    assert 'id="wajib-dua-langkah"' in html and "<svg" in html

    _key, codes = set_up(client)

    assert len(codes) == len(set(codes)) == twofactor.RECOVERY_CODES
    assert client.get(inbox).status_code == 200
    person = demo.people[username]
    assert log_of(person) == [(twofactor.TURNED_ON, person.pk)]
    # signing out and in again now asks for the code
    client.post(reverse("logout"))
    again, _ = sign_in(username)
    assert again.get(inbox)["Location"] == f"{reverse('two_factor_verify')}?next=%2Ftugas%2F"


def test_a_wrong_first_code_turns_nothing_on(demo: SimpleNamespace) -> None:
    client, _ = sign_in("kadis.sumbawa")
    client.get(reverse("two_factor_setup"))

    answer = client.post(reverse("two_factor_setup"), {"kode": "000000"})

    assert answer.status_code == 422
    assert "Kode tidak cocok dengan aplikasi" in answer.content.decode()
    assert not twofactor.turned_on(demo.people["kadis.sumbawa"])
    assert client.get(reverse("inbox")).status_code == 302
    # the same key is shown again, not a new one the person has not scanned
    assert TOTPDevice.objects.filter(user=demo.people["kadis.sumbawa"]).count() == 1


def test_the_code_at_sign_in_and_a_recovery_code_once(demo: SimpleNamespace) -> None:
    person = demo.people["kabid.ti"]
    client, _ = sign_in("kabid.ti")
    key, codes = set_up(client)
    client.post(reverse("logout"))

    with later():
        client, _ = sign_in("kabid.ti")
        wrong = client.post(reverse("two_factor_verify"), {"kode": "123456", "next": "/tugas/"})
        assert wrong.status_code == 422
        assert "Kode tidak cocok" in wrong.content.decode()
        with later(90):  # past django-otp's wait after a wrong code
            right = client.post(
                reverse("two_factor_verify"), {"kode": code_of(key), "next": "/permohonan/"}
            )
            assert (right.status_code, right["Location"]) == (302, "/permohonan/")
            assert client.get(reverse("inbox")).status_code == 200

    client.post(reverse("logout"))
    lost_phone, _ = sign_in("kabid.ti")
    used = lost_phone.post(reverse("two_factor_verify"), {"kode": codes[0].upper()})
    assert used.status_code == 302
    assert lost_phone.get(reverse("inbox")).status_code == 200
    assert twofactor.recovery_codes_left(person) == twofactor.RECOVERY_CODES - 1
    lost_phone.post(reverse("logout"))
    thief, _ = sign_in("kabid.ti")
    assert thief.post(reverse("two_factor_verify"), {"kode": codes[0]}).status_code == 422
    assert thief.get(reverse("inbox")).status_code == 302
    assert log_of(person)[-1] == (twofactor.CODE_USED, person.pk)
    assert SettingChange.objects.filter(action=twofactor.CODE_USED).get().after == {
        "sisa": twofactor.RECOVERY_CODES - 1
    }


def test_wrong_codes_wait_longer_each_time_and_say_how_long(demo: SimpleNamespace) -> None:
    client, _ = sign_in("kadis.batam")
    key, _codes = set_up(client)
    client.post(reverse("logout"))
    client, _ = sign_in("kadis.batam")
    url = reverse("two_factor_verify")

    stopped = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    with time_machine.travel(stopped, tick=False):  # the tries come within the same second
        first = client.post(url, {"kode": "000000"})
        second = client.post(url, {"kode": "000000"})
        held = client.post(url, {"kode": code_of(key)})  # right, but within the wait
        device = TOTPDevice.objects.get(user=demo.people["kadis.batam"])
        assert device.throttling_failure_count == 1  # a held code is not checked at all
    with time_machine.travel(stopped + dt.timedelta(seconds=2), tick=False):
        passed = client.post(url, {"kode": code_of(key)})

    assert (first.status_code, second.status_code, held.status_code) == (422, 429, 429)
    assert "Terlalu banyak kode yang salah. Coba lagi dalam" in held.content.decode()
    assert passed.status_code == 302
    assert client.get(reverse("inbox")).status_code == 200


def test_the_administrator_unblocks_and_resets_a_lost_phone(demo: SimpleNamespace) -> None:
    person = demo.people["kabid.pe"]
    client, _ = sign_in("kabid.pe")
    set_up(client)
    device = TOTPDevice.objects.get(user=person)
    device.throttling_failure_count, device.throttling_failure_timestamp = 30, device.created_at
    device.save()
    admin, _ = sign_in("admin.batam")
    set_up(admin)  # the administrator is asked too
    page = admin.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert 'id="reset-dua-langkah"' in page

    admin.post(reverse("person_unblock", args=[person.pk]))
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    answer = admin.post(reverse("person_two_factor_reset", args=[person.pk]))

    assert answer.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticToken.objects.filter(device__user=person).exists()
    assert log_of(person)[-1] == (twofactor.RESET, demo.people["admin.batam"].pk)
    fresh, _ = sign_in("kabid.pe")
    assert fresh.get(reverse("inbox"))["Location"].startswith(reverse("two_factor_setup"))


def test_someone_not_required_may_turn_it_on_and_off_with_a_code(demo: SimpleNamespace) -> None:
    person = demo.people["dev.batam"]
    client, _ = sign_in("dev.batam")
    assert client.get(reverse("inbox")).status_code == 200
    account = client.get(reverse("account")).content.decode()
    assert 'id="dua-langkah-mati"' in account

    key, _codes = set_up(client)
    assert 'id="dua-langkah-aktif"' in client.get(reverse("account")).content.decode()
    refused = client.post(reverse("two_factor_off"), {"kode": "000000"})
    assert refused.status_code == 302 and twofactor.turned_on(person)
    with later():
        renewed = client.post(reverse("two_factor_codes"), {"kode": code_of(key)})
        assert renewed.status_code == 200
    with later(120):
        client.post(reverse("two_factor_off"), {"kode": code_of(key)})

    assert not twofactor.turned_on(person)
    assert [action for action, _ in log_of(person)] == [
        twofactor.TURNED_ON,
        twofactor.CODES_RENEWED,
        twofactor.TURNED_OFF,
    ]


def test_a_required_person_cannot_turn_it_off(demo: SimpleNamespace) -> None:
    client, _ = sign_in("admin.batam")
    key, _codes = set_up(client)

    with later():
        client.post(reverse("two_factor_off"), {"kode": code_of(key)})

    assert twofactor.turned_on(demo.people["admin.batam"])
    assert 'id="dua-langkah-wajib"' in client.get(reverse("account")).content.decode()


def test_a_one_time_password_is_changed_after_the_app_is_set_up(demo: SimpleNamespace) -> None:
    person = demo.people["kabid.pe"]
    person.must_change_password = True
    person.save()
    client, _ = sign_in("kabid.pe")

    assert client.get(reverse("inbox"))["Location"].startswith(reverse("two_factor_setup"))
    set_up(client)
    assert client.get(reverse("inbox"))["Location"] == reverse("password_change")


def test_a_sign_in_through_the_identity_provider_is_not_asked_again(
    demo: SimpleNamespace,
) -> None:
    client, _ = sign_in("kadis.batam")
    session = client.session
    session[twofactor.SIGNED_IN_WITH_IDP] = True
    session.save()

    assert client.get(reverse("inbox")).status_code == 200


def test_when_not_required_only_those_who_turned_it_on_are_asked(
    demo: SimpleNamespace, settings: Any
) -> None:
    settings.ALUR_TWO_FACTOR_REQUIRED = False
    kadis, _ = sign_in("kadis.batam")
    assert kadis.get(reverse("inbox")).status_code == 200
    dev, _ = sign_in("dev.batam")
    set_up(dev)
    dev.post(reverse("logout"))

    again, _ = sign_in("dev.batam")

    assert again.get(reverse("inbox"))["Location"].startswith(reverse("two_factor_verify"))


def test_the_language_may_be_chosen_before_the_code(demo: SimpleNamespace) -> None:
    client, _ = sign_in("kadis.batam")

    chosen = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("two_factor_setup")}
    )

    assert (chosen.status_code, chosen["Location"]) == (302, reverse("two_factor_setup"))
    assert (
        "Set up two-step verification" in client.get(reverse("two_factor_setup")).content.decode()
    )
