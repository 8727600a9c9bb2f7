"""Someone who forgot their password asks for a link from the sign-in page, by user name or
e-mail, without an administrator; the page never tells whether an account exists, a client may
ask only a few times an hour, and every password a person sets is in the office's log."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from alur.notifications.models import Mail
from alur.offices.models import SettingChange, User
from alur.public.services import PASSWORD_LINK_LIMIT

pytestmark = pytest.mark.django_db

CHOSEN = "Sungai-Jodoh-2027"
ASKED = 'id="tautan-diminta"'


def _link(mail: Mail) -> str:
    match = re.search(r"http://[^/\s]+(/sandi/\S+/)", mail.body)
    assert match is not None, mail.body
    return match.group(1)


def _ask(login: str, client: Client | None = None) -> Any:
    return (client or Client()).post(reverse("password_forgot"), {"login": login})


def test_the_sign_in_page_leads_to_the_forgotten_password_page() -> None:
    page = Client().get(reverse("login")).content.decode()

    assert f'href="{reverse("password_forgot")}"' in page


def test_a_link_asked_for_by_user_name_sets_a_new_password_and_is_logged(
    demo: SimpleNamespace,
) -> None:
    person = demo.people["analis.batam"]

    answer = _ask(person.username.upper())

    assert answer.status_code == 200 and ASKED in answer.content.decode()
    [mail] = Mail.objects.all()
    assert (mail.to, mail.subject) == (person.email, "[Alur] Atur ulang kata sandi")
    visitor = Client()
    assert (
        visitor.post(_link(mail), {"new_password1": CHOSEN, "new_password2": CHOSEN}).status_code
        == 302
    )
    assert Client().login(username=person.username, password=CHOSEN)
    log = SettingChange.objects.filter(subject=f"Pegawai {person.username}").order_by("pk")
    assert [(c.action, c.actor_id, c.office_id) for c in log] == [
        ("tautan sandi diminta", person.pk, demo.batam.pk),
        ("sandi dibuat lewat tautan", person.pk, demo.batam.pk),
    ]
    assert CHOSEN not in str([(c.before, c.after) for c in log])


def test_a_link_asked_for_by_e_mail_reaches_that_address(demo: SimpleNamespace) -> None:
    person = demo.people["kadis.sumbawa"]

    _ask(person.email.title())

    assert list(Mail.objects.values_list("to", flat=True)) == [person.email]


@pytest.mark.parametrize(
    "login",
    ["tidak.ada", "tidak.ada@demo.invalid", "sistem.batam", "nonaktif"],
)
def test_the_answer_is_the_same_and_nothing_is_sent_where_no_employee_has_that_name(
    demo: SimpleNamespace, login: str
) -> None:
    User.objects.create_user(
        "sistem.batam", email="sistem@demo.invalid", office=demo.batam, is_system_account=True
    )
    User.objects.create_user(
        "nonaktif", email="nonaktif@demo.invalid", office=demo.batam, is_active=False
    )
    known = _ask(demo.people["analis.batam"].username)
    Mail.objects.all().delete()
    SettingChange.objects.all().delete()

    unknown = _ask(login)

    assert (unknown.status_code, unknown.content.decode().count(ASKED)) == (200, 1)
    assert _page_text(unknown) == _page_text(known)
    assert (Mail.objects.count(), SettingChange.objects.count()) == (0, 0)


def _page_text(response: Any) -> str:
    """The page without what differs between any two answers (the CSRF token)."""
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", page)


def test_an_empty_request_is_named_in_the_persons_language() -> None:
    answer = Client().post(reverse("password_forgot"), {"login": "  "})

    assert answer.status_code == 422
    assert "Isi nama pengguna atau alamat e-mail Anda." in answer.content.decode()


def test_one_address_may_ask_only_a_few_times_an_hour(demo: SimpleNamespace) -> None:
    person = demo.people["analis.batam"]
    answers = [_ask(f"coba{n}").status_code for n in range(PASSWORD_LINK_LIMIT.times)]

    refused = _ask(person.username)

    assert answers == [200] * PASSWORD_LINK_LIMIT.times
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan dari alamat ini" in refused.content.decode()
    assert not Mail.objects.exists()
    other = _ask(person.username, Client(REMOTE_ADDR="192.0.2.7"))
    assert other.status_code == 200 and Mail.objects.count() == 1


def test_without_a_mail_server_the_page_sends_people_to_their_administrator(
    demo: SimpleNamespace, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    page = Client().get(reverse("password_forgot")).content.decode()
    _ask(demo.people["analis.batam"].username)

    assert 'id="tanpa-email"' in page and 'id="id_login"' not in page
    assert not Mail.objects.exists()


def test_a_password_changed_while_signed_in_is_logged(demo: SimpleNamespace) -> None:
    person = demo.people["analis.batam"]
    client = Client()
    client.force_login(person)
    person.set_password("Sandi-Lama-Sekali-1")
    person.save()
    client.force_login(person)

    answer = client.post(
        reverse("password_change"),
        {"old_password": "Sandi-Lama-Sekali-1", "new_password1": CHOSEN, "new_password2": CHOSEN},
    )

    assert answer.status_code == 302
    change = SettingChange.objects.get(action="sandi diganti")
    assert (change.actor_id, change.office_id) == (person.pk, demo.batam.pk)


def test_a_password_shorter_than_twelve_characters_is_refused_with_the_reason(
    demo: SimpleNamespace,
) -> None:
    person = demo.people["analis.batam"]
    person.set_password("Sandi-Lama-Sekali-1")
    person.save()
    client = Client()
    client.force_login(person)

    answer = client.post(
        reverse("password_change"),
        {
            "old_password": "Sandi-Lama-Sekali-1",
            "new_password1": "Rx7-kq2!pW",
            "new_password2": "Rx7-kq2!pW",
        },
    )

    assert answer.status_code == 422
    assert "Harus mengandung setidaknya 12 karakter." in answer.content.decode()
    assert not SettingChange.objects.filter(action="sandi diganti").exists()
